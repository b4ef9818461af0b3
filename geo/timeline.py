"""Tables behind the timeline views: events per period, claimed killed per side."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from geo.estimates import Estimate
from geo.vocabulary import CLAIMANT_SIDES, EVENT_TYPES

__all__ = ["bin_size", "events_per_period", "killed_by_side", "events_table"]

# (longest span in days, bin) — the first that fits is used
_BINS = ((62, "day"), (730, "week"), (3650, "month"), (10**6, "year"))


def bin_size(start: dt.date, end: dt.date) -> str:
    """``day``, ``week``, ``month`` or ``year``: a bin giving a readable number of bars."""
    span = (end - start).days
    return next(name for limit, name in _BINS if span <= limit)


def _bin_start(day: dt.date, size: str) -> dt.date:
    if size == "week":
        return day - dt.timedelta(days=day.weekday())
    if size == "month":
        return day.replace(day=1)
    if size == "year":
        return day.replace(month=1, day=1)
    return day


def events_per_period(events: pd.DataFrame, start: dt.date, end: dt.date) -> tuple[str, pd.DataFrame]:
    """Events counted in the bin of their first day inside ``start``–``end``.

    Returns
    -------
    tuple
        The bin size and a frame with ``period`` (first day of the bin),
        ``type`` (label) and ``events`` (count).
    """
    size = bin_size(start, end)
    rows = [
        {"period": _bin_start(max(s, start), size), "type": EVENT_TYPES[t].label}
        for s, t in zip(events["date_start"], events["event_type"], strict=True)
    ]
    if not rows:
        return size, pd.DataFrame(columns=["period", "type", "events"])
    frame = pd.DataFrame(rows).groupby(["period", "type"]).size().rename("events").reset_index()
    return size, frame


_WHOSE = {"KG": "Kyrgyz dead", "TJ": "Tajik dead", "both": "dead on both sides", "unknown": "side not stated"}


def killed_by_side(
    events: pd.DataFrame, claims: pd.DataFrame, estimates: Mapping[str, tuple[Estimate, ...]]
) -> pd.DataFrame:
    """For each event with 'killed' claims: each side's latest figure as a low–high range.

    One row per (event, affected side, claimant side), with ``event`` (a short
    label), ``whose``, ``side``, ``low``, ``high``; the claims behind each
    row are the ones `geo.estimates` uses (``estimates`` from
    `geo.estimates.all_estimates`).
    """
    rows = []
    by_id = claims.set_index("claim_id")
    for _, e in events.iterrows():
        label = f"{e['date_start']:%d %b %Y} · {e['title'][:50]}"
        for est in estimates.get(e["event_id"], ()):
            if est.metric != "killed":
                continue
            for claim_id in est.claims_used:
                c = by_id.loc[claim_id]
                rows.append(
                    {
                        "event": f"{label} — {_WHOSE[est.affected_side]}",
                        "whose": est.affected_side,
                        "side": CLAIMANT_SIDES[c["claimant_side"]],
                        "low": int(c["value_low"]),
                        "high": int(c["value_high"]),
                    }
                )
    return pd.DataFrame(rows, columns=["event", "whose", "side", "low", "high"])


def events_table(
    events: pd.DataFrame, places: pd.DataFrame, estimates: Mapping[str, tuple[Estimate, ...]]
) -> pd.DataFrame:
    """The selected events as a sortable table, with the 'killed' estimates."""
    names = dict(zip(places["place_id"], places["name"], strict=True))
    best_killed = {}
    for event_id in events["event_id"]:
        ests = [e for e in estimates.get(event_id, ()) if e.metric == "killed"]
        if ests:
            best_killed[event_id] = "; ".join(
                f"{e.low}–{e.high} (best {e.best}, {e.affected_side})" for e in ests
            )
    return pd.DataFrame(
        {
            "Start": list(events["date_start"]),
            "End": list(events["date_end"]),
            "Type": [EVENT_TYPES[t].label for t in events["event_type"]],
            "Event": list(events["title"]),
            "Places": [", ".join(names.get(p, p) for p in ids) or "—" for ids in events["place_ids"]],
            "Killed (claims: low–high)": [best_killed.get(i, "") for i in events["event_id"]],
            "Sources": [len(ids) for ids in events["source_ids"]],
            "id": list(events["event_id"]),
        }
    )
