"""The low/best/high rule, case by case, as documented in geo.estimates."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from geo.estimates import estimate, estimates_for_event

D = dt.date


def _claims(*rows) -> pd.DataFrame:
    columns = ["claim_id", "event_id", "metric", "affected_side", "claimant_side", "value_low", "value_high", "claim_date"]
    return pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows])


def test_latest_claim_per_side_supersedes_older_ones() -> None:
    claims = _claims(
        ("a", "e", "killed", "KG", "KG", 24, 24, D(2022, 9, 16)),
        ("b", "e", "killed", "KG", "KG", 59, 59, D(2022, 9, 18)),
        ("c", "e", "killed", "KG", "KG", 63, 63, D(2022, 9, 28)),
    )
    result = estimate(claims)
    assert (result.low, result.best, result.high) == (63, 63, 63)
    assert result.claims_used == ("c",)
    assert result.basis == "figure of the KG side for its own people"


def test_independent_figure_is_best_and_sides_bound_low_and_high() -> None:
    claims = _claims(
        ("a", "e", "killed", "both", "KG", 90, 90, D(2022, 9, 20)),
        ("b", "e", "killed", "both", "TJ", 100, 110, D(2022, 9, 21)),
        ("c", "e", "killed", "both", "independent", 94, 94, D(2022, 9, 19)),
    )
    result = estimate(claims)
    assert (result.low, result.best, result.high) == (90, 94, 110)
    assert result.basis == "independent figure"


def test_without_independent_or_own_side_the_lowest_is_best() -> None:
    claims = _claims(
        ("a", "e", "displaced", "both", "KG", 3, 5, D(2022, 9, 20)),
        ("b", "e", "displaced", "both", "TJ", 10, 10, D(2022, 9, 21)),
    )
    result = estimate(claims)
    assert (result.low, result.best, result.high) == (3, 4, 10)  # midpoint of 3–5, rounded down
    assert result.basis == "lowest figure"


def test_undated_claim_counts_only_when_a_side_has_no_dated_one() -> None:
    claims = _claims(
        ("a", "e", "injured", "TJ", "TJ", 80, 80, None),
        ("b", "e", "injured", "TJ", "TJ", 40, 40, D(2022, 9, 19)),
        ("c", "e", "injured", "TJ", "KG", 5, 5, None),
    )
    result = estimate(claims)
    assert set(result.claims_used) == {"b", "c"}
    assert (result.low, result.best, result.high) == (5, 40, 40)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ((), "no claims to summarise"),
        ((("a", "e", "killed", "KG", "KG", 1, 1, None), ("b", "e", "killed", "TJ", "KG", 1, 1, None)), "claims mix several values of 'affected_side'"),
    ],
)
def test_estimate_refuses_mixed_or_empty_input(rows, message) -> None:
    claims = _claims(*rows) if rows else _claims().reindex(columns=["claim_id"])
    with pytest.raises(ValueError, match=message):
        estimate(claims)


def test_estimates_for_event_groups_by_metric_and_affected_side(tiny) -> None:
    results = estimates_for_event(tiny.claims, "e2")
    assert [(r.metric, r.affected_side) for r in results] == [("killed", "KG"), ("killed", "TJ"), ("killed", "both")]
    assert [(r.low, r.best, r.high) for r in results] == [(10, 10, 10), (3, 4, 5), (12, 12, 12)]


def test_all_estimates_equals_per_event_estimates(shipped) -> None:
    from geo.estimates import all_estimates

    everything = all_estimates(shipped.claims)
    for event_id in list(everything)[:25]:
        assert list(everything[event_id]) == estimates_for_event(shipped.claims, event_id)
