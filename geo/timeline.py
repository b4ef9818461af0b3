"""Tables behind the timeline views (events per period, claimed killed per side) and the
About panel's tables (incidents per year and type, aggregate statistics)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

import pandas as pd

from geo.estimates import Estimate
from geo.filters import incidents
from geo.i18n import N_, format_date, t
from geo.load import Dataset
from geo.text import figure_text, web_url
from geo.vocabulary import AFFECTED_SIDES, CLAIMANT_SIDES, EVENT_TYPES

__all__ = [
    "KILLED_CHART_EVENTS",
    "PICKER_ROWS",
    "TABLE_ROWS",
    "bin_size",
    "claims_through_time",
    "events_by_year_and_type",
    "events_per_period",
    "events_table",
    "killed_by_side",
    "killed_event_count",
    "statistics_table",
]

# Past these sizes a chart or table is no longer read, only scrolled, and costs
# seconds to send: the events table shows the first rows (downloads hold all),
# the killed chart the events with the highest claimed tolls.
TABLE_ROWS = 2_000
KILLED_CHART_EVENTS = 40
# The event picker is a drop-down, picked from rather than scrolled; every entry is sent
# and laid out again on each rerun (2,000 entries cost a slider change ~0.15 s).
PICKER_ROWS = 200

# (longest span in days, bin) — the first that fits is used
_BINS = ((62, "day"), (730, "week"), (3650, "month"), (10**6, "year"))


def bin_size(start: dt.date, end: dt.date) -> str:
    """``day``, ``week``, ``month`` or ``year``: a bin giving a readable number of bars."""
    span = (end - start).days
    return next(name for limit, name in _BINS if span <= limit)


def _bin_starts(days: pd.Series, size: str) -> pd.Series:
    if size == "week":
        return days - pd.to_timedelta(days.dt.weekday, unit="D")
    if size == "month":
        return days.dt.to_period("M").dt.start_time
    if size == "year":
        return days.dt.to_period("Y").dt.start_time
    return days


def events_per_period(events: pd.DataFrame, start: dt.date, end: dt.date) -> tuple[str, pd.DataFrame]:
    """Incidents counted in the bin of their first day inside ``start``–``end``
    (``aggregate`` period summaries are not counted).

    Returns
    -------
    tuple
        The bin size and a frame with ``period`` (first day of the bin),
        ``type`` (label) and ``events`` (count).
    """
    size = bin_size(start, end)
    events = incidents(events)  # a period summary is not an incident
    if events.empty:
        return size, pd.DataFrame(columns=["period", "type", "events"])
    first = pd.to_datetime(pd.Series(list(events["date_start"]), dtype=object))
    first = first.where(first >= pd.Timestamp(start), pd.Timestamp(start))
    frame = pd.DataFrame(
        {
            "period": _bin_starts(first, size).dt.date,
            "type": [EVENT_TYPES[code].label for code in events["event_type"]],
        }
    )
    return size, frame.groupby(["period", "type"]).size().rename("events").reset_index()


_WHOSE = {"KG": N_("Kyrgyz dead"), "TJ": N_("Tajik dead"), "both": N_("dead on both sides"),
          "unknown": N_("side not stated")}


def killed_by_side(
    events: pd.DataFrame,
    claims: pd.DataFrame,
    estimates: Mapping[str, tuple[Estimate, ...]],
    *,
    most: int | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """For each event with 'killed' claims: each side's latest figure as a low–high range.

    One row per (event, affected side, claimant side), with ``event_id``,
    ``event`` (a short label), ``whose``, ``side``, ``low``, ``high``; the
    claims behind each row are the ones `geo.estimates` uses (``estimates``
    from `geo.estimates.all_estimates`). With ``most``, only the ``most``
    events with the highest claimed toll are kept (in date order), so a chart
    of thousands of events stays readable; `killed_event_count` tells how many
    there were.
    """
    events = events[events["event_id"].isin(list(estimates))]  # the others have no claims at all
    rows_in = zip(events["event_id"], events["date_start"], events["title"], strict=True)
    killed = {
        event_id: (start, title, [est for est in estimates.get(event_id, ()) if est.metric == "killed"])
        for event_id, start, title in rows_in
    }
    killed = {event_id: entry for event_id, entry in killed.items() if entry[2]}
    needed = {claim_id for _, _, ests in killed.values() for est in ests for claim_id in est.claims_used}
    used = claims[claims["claim_id"].isin(needed)]
    figures = {
        claim_id: (t(CLAIMANT_SIDES[side], lang), int(low), int(high))
        for claim_id, side, low, high in zip(
            used["claim_id"], used["claimant_side"], used["value_low"], used["value_high"], strict=True
        )
    }
    rows = []
    for event_id, (start, title, ests) in killed.items():
        label = f"{format_date(start, lang)} · {title[:50]}"  # the title is data text: as recorded
        for est in ests:
            for claim_id in est.claims_used:
                side, low, high = figures[claim_id]
                rows.append(
                    {
                        "event_id": event_id,
                        # whose dead first: a label cut short by the chart keeps what tells rows apart
                        "event": f"{t(_WHOSE[est.affected_side], lang)} — {label}",
                        "whose": est.affected_side,
                        "side": side,
                        "low": low,
                        "high": high,
                    }
                )
    ranges = pd.DataFrame(rows, columns=["event_id", "event", "whose", "side", "low", "high"])
    if most is not None and len(ranges):
        top = ranges.groupby("event_id", sort=False)["high"].max().nlargest(most, keep="first").index
        ranges = ranges[ranges["event_id"].isin(top)]
    return ranges.reset_index(drop=True)


def killed_event_count(events: pd.DataFrame, estimates: Mapping[str, tuple[Estimate, ...]]) -> int:
    """How many of ``events`` have a 'killed' estimate."""
    with_killed = {i for i, ests in estimates.items() if any(est.metric == "killed" for est in ests)}
    return int(events["event_id"].isin(with_killed).sum())


def events_table(
    events: pd.DataFrame,
    places: pd.DataFrame,
    estimates: Mapping[str, tuple[Estimate, ...]],
    lang: str = "en",
) -> pd.DataFrame:
    """The selected events as a sortable table, with the 'killed' estimates."""
    names = dict(zip(places["place_id"], places["name"], strict=True))
    best_killed = {}
    for event_id in events["event_id"]:
        ests = [e for e in estimates.get(event_id, ()) if e.metric == "killed"]
        if ests:
            best_killed[event_id] = "; ".join(
                t("{low}–{high} (best {best}, {side})", lang).format(
                    low=e.low, high=e.high, best=e.best, side=t(AFFECTED_SIDES[e.affected_side], lang)
                ) for e in ests
            )
    return pd.DataFrame(
        {
            "Start": list(events["date_start"]),
            "End": list(events["date_end"]),
            "Type": [t(EVENT_TYPES[code].label, lang) for code in events["event_type"]],
            "Event": list(events["title"]),
            "Places": [", ".join(names.get(p, p) for p in ids) or "—" for ids in events["place_ids"]],
            "Killed (claims: low–high)": [best_killed.get(i, "") for i in events["event_id"]],
            "Sources": [len(ids) for ids in events["source_ids"]],
            "id": list(events["event_id"]),
        }
    )


CLAIM_DATED = N_("claim date")
PUBLICATION_DATED = N_("dated by source publication")
_THROUGH_TIME_COLUMNS = ["date", "figure", "low", "high", "series", "side", "whose", "claim", "claimant",
                         "dated_by"]


def _with_text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def claims_through_time(
    claims: pd.DataFrame,
    sources: pd.DataFrame,
    event_id: str,
    *,
    metric: str = "killed",
    leave_out: Collection[str] = (),
    lang: str = "en",
) -> pd.DataFrame:
    """How each side's figure for one event changed: one row per dated original claim.

    A claim is placed at its ``claim_date``; one without it, at its source's
    publication date (``dated_by`` says which). Claims that repeat another or
    are unverified are left out: they add no figure of their own; so are the
    claims in ``leave_out`` (the panel passes those the summary rule left out,
    e.g. a restatement a year later, which would stretch the time axis).

    Returns
    -------
    pandas.DataFrame
        ``date`` (ISO text), ``figure`` (a range's midpoint, rounded down),
        ``low``, ``high``, ``series`` (claimant side and whose, e.g.
        "Kyrgyz side · Kyrgyz dead"), ``side``, ``whose``, ``claim``,
        ``claimant``, ``dated_by``; by series and date. Empty when fewer than
        two dates are known (nothing changes through time).
    """
    mine = claims[(claims["event_id"] == event_id) & (claims["metric"] == metric)]
    published = dict(zip(sources["source_id"], sources["published"], strict=True))
    rows = []
    for _, c in mine.iterrows():
        if _with_text(c.get("repeats")) or _with_text(c.get("status")) or c["claim_id"] in leave_out:
            continue
        day, dated_by = c["claim_date"], CLAIM_DATED
        if not isinstance(day, dt.date):
            day, dated_by = published.get(c["source_id"]), PUBLICATION_DATED
        if not isinstance(day, dt.date):
            continue
        side, whose = t(CLAIMANT_SIDES[c["claimant_side"]], lang), t(_WHOSE[c["affected_side"]], lang)
        low, high = int(c["value_low"]), int(c["value_high"])
        rows.append({
            "date": day.isoformat(), "figure": (low + high) // 2, "low": low, "high": high,
            "series": f"{side} · {whose}", "side": side, "whose": whose, "claim": c["claim_id"],
            "claimant": c["claimant"], "dated_by": t(dated_by, lang),
        })
    frame = pd.DataFrame(rows, columns=_THROUGH_TIME_COLUMNS)
    if frame["date"].nunique() < 2:
        return frame.iloc[0:0]
    return frame.sort_values(["series", "date", "claim"]).reset_index(drop=True)


def events_by_year_and_type(events: pd.DataFrame) -> pd.DataFrame:
    """Counts of incidents per start year (rows) and type label (columns); period
    summaries (``aggregate``) are not incidents and are left out."""
    events = incidents(events)
    if events.empty:
        return pd.DataFrame()
    frame = pd.DataFrame(
        {
            "year": [d.year for d in events["date_start"]],
            "type": [EVENT_TYPES[t].label for t in events["event_type"]],
        }
    )
    table = pd.crosstab(frame["year"], frame["type"])
    table["All"] = table.sum(axis=1)
    return table


def statistics_table(dataset: Dataset) -> pd.DataFrame:
    """Aggregate statistics with their period, claimant and source, for display."""
    sources = dataset.sources.set_index("source_id")
    rows = []
    for _, s in dataset.statistics.iterrows():
        has_value = s["value_low"] is not None and not pd.isna(s["value_low"])
        qualifier = s["qualifier"] if isinstance(s["qualifier"], str) else "exact"
        value = figure_text(int(s["value_low"]), int(s["value_high"]), qualifier) if has_value else ""
        period = " – ".join(str(d) for d in (s["period_start"], s["period_end"]) if isinstance(d, dt.date))
        source = sources.loc[s["source_id"]] if s["source_id"] in sources.index else None
        rows.append(
            {
                "Statement": s["statement"],
                "Figure": f"{value} {s['unit']}".strip() if value else "(no number; see the statement)",
                "Period": period or "not stated",
                "Claimant": s["claimant"],
                "Source": source["title"] if source is not None else s["source_id"],
                "Link": web_url(source["url"]) if source is not None else None,
            }
        )
    return pd.DataFrame(rows, columns=["Statement", "Figure", "Period", "Claimant", "Source", "Link"])
