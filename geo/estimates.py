"""A transparent low / best / high summary of contested figures.

In the spirit of UCDP's low, best and high estimates, but computed by a rule
anyone can check against the claims shown next to it — never a silent average:

1. Claims are grouped by event, metric and *affected side* (whose dead,
   injured or displaced): figures for Kyrgyz victims are never mixed with
   figures for both sides together.
2. Only **original, verified, timely** claims can decide. Left out (and named
   in the panel, with the reason) are:

   * a claim that **repeats** another (``repeats`` in claims.csv): the figure
     counts once, as its original;
   * an **unverified** claim (``status`` ``unverified``: the claimant's own
     statement was not found, e.g. a figure known only from an encyclopedia
     infobox);
   * a **late restatement**: a claim by media, an academic paper or a dataset
     dated more than a year after the event ended (by its ``claim_date``, or
     else by its source's publication date) — a retrospective sentence, not a
     report of the event.

   A group in which no claim is left is given no summary.
3. Within a group, each claimant side (Kyrgyz, Tajik, independent) counts
   once, with its **latest** remaining claim: tolls are revised upwards as
   bodies are found, and a side's newest figure supersedes its older ones. A
   claim with no ``claim_date`` counts only when the side has no dated claim.
4. **low** is the smallest, **high** the largest figure of those latest claims
   (using each claim's own low and high ends).
5. **best** is, in this order: the latest independent figure; else the figure
   of the side whose own people are counted (the Kyrgyz figure for Kyrgyz
   victims, the Tajik figure for Tajik victims); else the lowest figure. A
   figure given as a range counts as its midpoint, rounded down.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from geo.i18n import N_, format_date, t
from geo.vocabulary import AFFECTED_SIDES, CLAIMANT_SIDES, METRICS

__all__ = ["LATE_AFTER", "SECONDARY_CLAIMANTS", "Estimate", "RULE", "all_estimates", "basis_text", "estimate",
           "estimates_for_event", "reason_text"]

# A secondary claimant's figure dated this long after the event ended is a restatement.
LATE_AFTER = dt.timedelta(days=365)
SECONDARY_CLAIMANTS = frozenset({"media", "academic", "dataset"})

RULE = N_(
    "Per event, metric and whose casualties, only original, verified, timely claims count: a claim that "
    "repeats another, an unverified one (the claimant's own statement not found) and a media, academic "
    "or dataset figure dated more than a year after the event are shown but left out. Each side "
    "(Kyrgyz, Tajik, independent) then counts once with its latest claim; low = smallest, high = largest "
    "of those; best = the independent figure, else the figure of the side whose people are counted, "
    "else the lowest."
)


@dataclass(frozen=True)
class Estimate:
    """Low, best and high of one metric for one event and affected side.

    ``claims_used`` are the claims the figures come from; ``claims_left_out``
    pairs each claim of the group that could not decide with the reason.
    """

    event_id: str
    metric: str
    affected_side: str
    low: int
    best: int
    high: int
    basis: str
    claims_used: tuple[str, ...]
    claims_left_out: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class _Claim:
    claim_id: str
    event_id: str
    metric: str
    affected_side: str
    claimant_side: str
    value_low: int
    value_high: int
    claim_date: dt.date | None
    claimant_type: str = ""
    repeats: str | None = None
    status: str | None = None
    dated: dt.date | None = None  # claim_date, else the source's publication date
    event_end: dt.date | None = None

    @property
    def figure(self) -> int:
        """A range counts as its midpoint, rounded down."""
        return (self.value_low + self.value_high) // 2

    @property
    def recency(self) -> tuple[bool, dt.date, str]:
        """Sort key of rule 3: dated before undated, then by date, then by id."""
        return (self.claim_date is not None, self.claim_date or dt.date.min, self.claim_id)

    @property
    def left_out(self) -> str | None:
        """Why rule 2 keeps this claim from deciding, or None."""
        if self.repeats:
            return f"repeats {self.repeats}"
        if self.status == "unverified":
            return N_("unverified: the claimant's own statement was not found")
        late = self.dated is not None and self.event_end is not None and (
            self.dated - self.event_end > LATE_AFTER
        )
        if late and self.claimant_type in SECONDARY_CLAIMANTS:
            return f"restated on {self.dated}, more than a year after the event"
        return None


_OWN_PEOPLE = "figure of the {side} side for its own people"  # English, as stored in Estimate.basis
# the date is kept as ISO 8601 in the English reason, and shown by `reason_text` in the page's language
_LATE = re.compile(r"restated on (\d{4}-\d{2}-\d{2}), more than a year after the event")
_UNVERIFIED = "unverified: the claimant's own statement was not found"


def basis_text(e: Estimate, lang: str) -> str:
    """Which figure the summary's *best* is (``Estimate.basis``), in ``lang``."""
    if e.basis.startswith("figure of the "):
        side = t(CLAIMANT_SIDES.get(e.affected_side, e.affected_side), lang)
        return t("figure of the {side} for its own people", lang).format(side=side)
    return t(e.basis, lang)


def reason_text(reason: str, lang: str) -> str:
    """Why a claim was left out (a reason of ``Estimate.claims_left_out``), in ``lang``."""
    if reason.startswith("repeats "):
        return t("repeats {claim}", lang).format(claim=reason.removeprefix("repeats "))
    late = _LATE.fullmatch(reason)
    if late:
        day = dt.date.fromisoformat(late[1])
        text = t("restated on {date}, more than a year after the event", lang)
        return text.format(date=format_date(day, lang))
    return t(reason, lang)


def _date(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _column(claims: pd.DataFrame, name: str) -> list[object]:
    return claims[name].tolist() if name in claims else [None] * len(claims)


def _records(
    claims: pd.DataFrame,
    events: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> list[_Claim]:
    ends: Mapping[str, dt.date] = (
        dict(zip(events["event_id"], events["date_end"], strict=True)) if events is not None else {}
    )
    published: Mapping[str, object] = (
        dict(zip(sources["source_id"], sources["published"], strict=True)) if sources is not None else {}
    )
    records = []
    rows = zip(
        *(
            _column(claims, c)
            for c in (
                "claim_id",
                "event_id",
                "metric",
                "affected_side",
                "claimant_side",
                "value_low",
                "value_high",
                "claim_date",
                "claimant_type",
                "repeats",
                "status",
                "source_id",
            )
        ),
        strict=True,
    )
    for i, e, m, a, s, lo, hi, d, kind, rep, status, source in rows:
        claim_date = _date(d)
        records.append(
            _Claim(
                str(i),
                str(e),
                str(m),
                str(a),
                str(s),
                int(lo),
                int(hi),
                claim_date,
                claimant_type=str(kind or ""),
                repeats=_text(rep),
                status=_text(status),
                dated=claim_date or _date(published.get(str(source))),
                event_end=_date(ends.get(str(e))),
            )
        )
    return records


def _latest_per_side(claims: list[_Claim]) -> list[_Claim]:
    """Each claimant side's latest claim (rule 3), sides in order of first appearance."""
    latest: dict[str, _Claim] = {}
    for claim in claims:
        kept = latest.get(claim.claimant_side)
        if kept is None or claim.recency > kept.recency:
            latest[claim.claimant_side] = claim
    return list(latest.values())


def _estimate(claims: list[_Claim]) -> Estimate | None:
    left_out = tuple((c.claim_id, reason) for c in claims if (reason := c.left_out))
    eligible = [c for c in claims if c.left_out is None]
    if not eligible:
        return None
    latest = _latest_per_side(eligible)
    by_side = {c.claimant_side: c for c in latest}
    affected = claims[0].affected_side
    if "independent" in by_side:
        best, basis = by_side["independent"], N_("independent figure")
    elif affected in by_side:
        best, basis = by_side[affected], f"figure of the {affected} side for its own people"
    else:
        best, basis = min(latest, key=lambda c: c.figure), N_("lowest figure")
    return Estimate(
        event_id=claims[0].event_id,
        metric=claims[0].metric,
        affected_side=affected,
        low=min(c.value_low for c in latest),
        best=best.figure,
        high=max(c.value_high for c in latest),
        basis=basis,
        claims_used=tuple(c.claim_id for c in latest),
        claims_left_out=left_out,
    )


def estimate(
    claims: pd.DataFrame,
    *,
    events: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> Estimate | None:
    """Apply the rule to the claims of one (event, metric, affected side).

    Parameters
    ----------
    claims
        Claims of one event, metric and affected side (``repeats``, ``status``,
        ``claimant_type`` and ``source_id`` are read when present).
    events, sources
        When given, the event's end and the sources' publication dates, for
        the late-restatement test of rule 2.

    Returns
    -------
    Estimate or None
        None when every claim is left out by rule 2.

    Raises
    ------
    ValueError
        If ``claims`` is empty or mixes events, metrics or affected sides.
    """
    if claims.empty:
        raise ValueError("no claims to summarise")
    for column in ("event_id", "metric", "affected_side"):
        if claims[column].nunique() != 1:
            raise ValueError(f"claims mix several values of {column!r}: {sorted(claims[column].unique())}")
    return _estimate(_records(claims, events, sources))


def _grouped(
    claims: pd.DataFrame, events: pd.DataFrame | None, sources: pd.DataFrame | None
) -> dict[str, list[list[_Claim]]]:
    """Claims by event, then by (metric, affected side) in vocabulary order."""
    metrics = {m: i for i, m in enumerate(METRICS)}
    sides = {s: i for i, s in enumerate(AFFECTED_SIDES)}
    groups: dict[str, dict[tuple[str, str], list[_Claim]]] = {}
    for claim in _records(claims, events, sources):
        key = (claim.metric, claim.affected_side)
        groups.setdefault(claim.event_id, {}).setdefault(key, []).append(claim)
    return {
        event_id: [mine[key] for key in sorted(mine, key=lambda k: (metrics[k[0]], sides[k[1]]))]
        for event_id, mine in sorted(groups.items())
    }


def _summaries(groups: list[list[_Claim]]) -> list[Estimate]:
    return [e for e in (_estimate(g) for g in groups) if e is not None]


def estimates_for_event(
    claims: pd.DataFrame,
    event_id: str,
    *,
    events: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> list[Estimate]:
    """One `Estimate` per (metric, affected side) of an event, in metric order."""
    mine = claims[claims["event_id"] == event_id]
    return _summaries(_grouped(mine, events, sources).get(event_id, []))


def all_estimates(
    claims: pd.DataFrame,
    *,
    events: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> dict[str, tuple[Estimate, ...]]:
    """`estimates_for_event` for every event with claims, in one pass over the claims."""
    grouped = _grouped(claims, events, sources)
    found = {event_id: tuple(_summaries(groups)) for event_id, groups in grouped.items()}
    return {event_id: summary for event_id, summary in found.items() if summary}
