"""A transparent low / best / high summary of contested figures.

In the spirit of UCDP's low, best and high estimates, but computed by a rule
anyone can check against the claims shown next to it — never a silent average:

1. Claims are grouped by event, metric and *affected side* (whose dead,
   injured or displaced): figures for Kyrgyz victims are never mixed with
   figures for both sides together.
2. Within a group, each claimant side (Kyrgyz, Tajik, independent) counts
   once, with its **latest** claim: tolls are revised upwards as bodies are
   found, and a side's newest figure supersedes its older ones. A claim with no
   date counts only when the side has no dated claim.
3. **low** is the smallest, **high** the largest figure of those latest claims
   (using each claim's own low and high ends).
4. **best** is, in this order: the latest independent figure; else the figure
   of the side whose own people are counted (the Kyrgyz figure for Kyrgyz
   victims, the Tajik figure for Tajik victims); else the lowest figure. A
   figure given as a range counts as its midpoint, rounded down.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from geo.vocabulary import AFFECTED_SIDES, METRICS

__all__ = ["Estimate", "RULE", "all_estimates", "estimate", "estimates_for_event"]

RULE = (
    "Per event, metric and whose casualties: each side (Kyrgyz, Tajik, independent) counts once with "
    "its latest claim; low = smallest, high = largest of those; best = the independent figure, else "
    "the figure of the side whose people are counted, else the lowest."
)


@dataclass(frozen=True)
class Estimate:
    """Low, best and high of one metric for one event and affected side."""

    event_id: str
    metric: str
    affected_side: str
    low: int
    best: int
    high: int
    basis: str
    claims_used: tuple[str, ...]


_COLUMNS = ("claim_id", "event_id", "metric", "affected_side", "claimant_side", "value_low", "value_high",
            "claim_date")


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

    @property
    def figure(self) -> int:
        """A range counts as its midpoint, rounded down."""
        return (self.value_low + self.value_high) // 2

    @property
    def recency(self) -> tuple[bool, dt.date, str]:
        """Sort key of rule 2: dated before undated, then by date, then by id."""
        return (self.claim_date is not None, self.claim_date or dt.date.min, self.claim_id)


def _records(claims: pd.DataFrame) -> list[_Claim]:
    columns = [claims[c].tolist() for c in _COLUMNS]
    return [
        _Claim(str(i), str(e), m, a, s, int(lo), int(hi), None if pd.isna(d) else d)
        for i, e, m, a, s, lo, hi, d in zip(*columns, strict=True)
    ]


def _latest_per_side(claims: list[_Claim]) -> list[_Claim]:
    """Each claimant side's latest claim (rule 2), sides in order of first appearance."""
    latest: dict[str, _Claim] = {}
    for claim in claims:
        kept = latest.get(claim.claimant_side)
        if kept is None or claim.recency > kept.recency:
            latest[claim.claimant_side] = claim
    return list(latest.values())


def _estimate(claims: list[_Claim]) -> Estimate:
    latest = _latest_per_side(claims)
    by_side = {c.claimant_side: c for c in latest}
    affected = claims[0].affected_side
    if "independent" in by_side:
        best, basis = by_side["independent"], "independent figure"
    elif affected in by_side:
        best, basis = by_side[affected], f"figure of the {affected} side for its own people"
    else:
        best, basis = min(latest, key=lambda c: c.figure), "lowest figure"
    return Estimate(
        event_id=claims[0].event_id,
        metric=claims[0].metric,
        affected_side=affected,
        low=min(c.value_low for c in latest),
        best=best.figure,
        high=max(c.value_high for c in latest),
        basis=basis,
        claims_used=tuple(c.claim_id for c in latest),
    )


def estimate(claims: pd.DataFrame) -> Estimate:
    """Apply the rule to the claims of one (event, metric, affected side).

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
    return _estimate(_records(claims))


def _grouped(claims: pd.DataFrame) -> dict[str, list[list[_Claim]]]:
    """Claims by event, then by (metric, affected side) in vocabulary order."""
    metrics = {m: i for i, m in enumerate(METRICS)}
    sides = {s: i for i, s in enumerate(AFFECTED_SIDES)}
    groups: dict[str, dict[tuple[str, str], list[_Claim]]] = {}
    for claim in _records(claims):
        key = (claim.metric, claim.affected_side)
        groups.setdefault(claim.event_id, {}).setdefault(key, []).append(claim)
    return {
        event_id: [mine[key] for key in sorted(mine, key=lambda k: (metrics[k[0]], sides[k[1]]))]
        for event_id, mine in sorted(groups.items())
    }


def estimates_for_event(claims: pd.DataFrame, event_id: str) -> list[Estimate]:
    """One `Estimate` per (metric, affected side) of an event, in metric order."""
    return [_estimate(group) for group in _grouped(claims[claims["event_id"] == event_id]).get(event_id, [])]


def all_estimates(claims: pd.DataFrame) -> dict[str, tuple[Estimate, ...]]:
    """`estimates_for_event` for every event with claims, in one pass over the claims."""
    return {event_id: tuple(_estimate(g) for g in groups) for event_id, groups in _grouped(claims).items()}
