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


def _latest_per_side(claims: pd.DataFrame) -> pd.DataFrame:
    chosen = []
    for _, group in claims.groupby("claimant_side", sort=False):
        dated = group[group["claim_date"].notna()]
        pool = dated if not dated.empty else group
        order = pool.assign(_d=pool["claim_date"].fillna(dt.date.min)).sort_values(
            ["_d", "claim_id"], kind="stable"
        )
        chosen.append(order.iloc[-1])
    return pd.DataFrame(chosen)


def _figure(row: pd.Series) -> int:
    return (int(row["value_low"]) + int(row["value_high"])) // 2


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
    latest = _latest_per_side(claims)
    by_side = {row["claimant_side"]: row for _, row in latest.iterrows()}
    affected = claims["affected_side"].iloc[0]
    if "independent" in by_side:
        best_row, basis = by_side["independent"], "independent figure"
    elif affected in by_side:
        best_row, basis = by_side[affected], f"figure of the {affected} side for its own people"
    else:
        best_row, basis = min(by_side.values(), key=_figure), "lowest figure"
    return Estimate(
        event_id=claims["event_id"].iloc[0],
        metric=claims["metric"].iloc[0],
        affected_side=affected,
        low=int(latest["value_low"].min()),
        best=_figure(best_row),
        high=int(latest["value_high"].max()),
        basis=basis,
        claims_used=tuple(latest["claim_id"]),
    )


def _ordered_groups(claims: pd.DataFrame) -> list[pd.DataFrame]:
    metrics, sides = list(METRICS), list(AFFECTED_SIDES)
    groups = sorted(
        claims.groupby(["metric", "affected_side"]),
        key=lambda kv: (metrics.index(kv[0][0]), sides.index(kv[0][1])),
    )
    return [group for _, group in groups]


def estimates_for_event(claims: pd.DataFrame, event_id: str) -> list[Estimate]:
    """One `Estimate` per (metric, affected side) of an event, in metric order."""
    return [estimate(group) for group in _ordered_groups(claims[claims["event_id"] == event_id])]


def all_estimates(claims: pd.DataFrame) -> dict[str, tuple[Estimate, ...]]:
    """`estimates_for_event` for every event with claims, in one pass over the claims."""
    return {
        str(event_id): tuple(estimate(group) for group in _ordered_groups(mine))
        for event_id, mine in claims.groupby("event_id")
    }
