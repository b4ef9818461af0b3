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


# Rule 2: only original, verified, timely claims decide.

def _with(claims: pd.DataFrame, **columns) -> pd.DataFrame:
    return claims.assign(**{name: list(values) for name, values in columns.items()})


def test_a_repeated_claim_never_counts_twice() -> None:
    claims = _with(
        _claims(
            ("orig", "e", "killed", "both", "independent", 94, 94, D(2022, 9, 19)),
            ("copy", "e", "killed", "both", "independent", 94, 94, D(2023, 1, 1)),
        ),
        repeats=[None, "orig"],
    )
    result = estimate(claims)
    assert result.claims_used == ("orig",)
    assert result.claims_left_out == (("copy", "repeats orig"),)


def test_a_repeat_cannot_win_by_being_later() -> None:
    claims = _with(
        _claims(
            ("orig", "e", "injured", "TJ", "TJ", 87, 87, D(2021, 5, 6)),
            ("copy", "e", "injured", "TJ", "TJ", 88, 88, D(2021, 12, 2)),
        ),
        repeats=[None, "orig"],
    )
    assert (estimate(claims).low, estimate(claims).high) == (87, 87)


def test_an_unverified_figure_cannot_set_high() -> None:
    claims = _with(
        _claims(
            ("tj", "e", "killed", "TJ", "TJ", 41, 41, D(2022, 9, 19)),
            ("kg", "e", "killed", "TJ", "KG", 200, 200, None),
        ),
        status=[None, "unverified"],
    )
    result = estimate(claims)
    assert (result.low, result.best, result.high) == (41, 41, 41)
    assert result.claims_left_out[0][0] == "kg"


def _event(end: dt.date) -> pd.DataFrame:
    return pd.DataFrame({"event_id": ["e"], "date_end": [end]})


def test_a_media_restatement_more_than_a_year_later_cannot_decide() -> None:
    claims = _with(
        _claims(
            ("afp", "e", "killed", "both", "independent", 55, 55, D(2021, 5, 7)),
            ("wsws", "e", "killed", "both", "independent", 54, 54, D(2022, 9, 19)),
        ),
        claimant_type=["media", "media"],
    )
    assert estimate(claims).best == 54  # without the event's dates the later claim wins
    result = estimate(claims, events=_event(D(2021, 5, 1)))
    assert (result.low, result.best, result.high) == (55, 55, 55)
    assert result.claims_left_out == (("wsws", "restated on 2022-09-19, more than a year after the event"),)


def test_a_government_figure_a_year_later_still_counts() -> None:
    claims = _with(
        _claims(("kg", "e", "killed", "KG", "KG", 63, 63, D(2023, 6, 1))), claimant_type=["government"]
    )
    assert estimate(claims, events=_event(D(2022, 9, 20))).claims_used == ("kg",)


def test_an_undated_claim_is_dated_by_its_source_for_the_late_test() -> None:
    claims = _with(
        _claims(
            ("a", "e", "killed", "both", "independent", 55, 55, D(2021, 5, 7)),
            ("b", "e", "killed", "both", "independent", 60, 60, None),
        ),
        claimant_type=["media", "academic"], source_id=["s1", "s2"],
    )
    sources = pd.DataFrame({"source_id": ["s1", "s2"], "published": [D(2021, 5, 7), D(2023, 3, 1)]})
    result = estimate(claims, events=_event(D(2021, 5, 1)), sources=sources)
    assert result.claims_left_out == (("b", "restated on 2023-03-01, more than a year after the event"),)


def test_a_group_of_left_out_claims_gets_no_summary() -> None:
    claims = _with(_claims(("w", "e", "killed", "TJ", "KG", 200, 200, None)), status=["unverified"])
    assert estimate(claims) is None


# The real cases of issue 15, on the shipped data.

def _summary(shipped, event_id: str, metric: str, affected: str):
    found = estimates_for_event(shipped.claims, event_id, events=shipped.events, sources=shipped.sources)
    return next(e for e in found if (e.metric, e.affected_side) == (metric, affected))


def test_april_2021_toll_is_afps_55_not_wsws_restatement(shipped) -> None:
    result = _summary(shipped, "2021-04-28-golovnoy-clashes", "killed", "both")
    assert (result.low, result.best, result.high) == (55, 55, 55)
    assert "c004" in dict(result.claims_left_out)


def test_september_2022_tajik_dead_high_is_not_the_unverified_200(shipped) -> None:
    result = _summary(shipped, "2022-09-14-20-toll", "killed", "TJ")
    assert result.high < 200
    assert {"c238", "c239"} <= set(dict(result.claims_left_out))


def test_seed_paper_repeats_do_not_count(shipped) -> None:
    result = _summary(shipped, "2022-09-14-20-toll", "killed_civilians", "both")
    assert "c018" not in result.claims_used
    assert dict(result.claims_left_out)["c018"] == "repeats c209"


@pytest.mark.parametrize(("lang", "shown"), [
    ("en", "restated on 1 Mar 2023, more than a year after the event"),
    ("ru", "1 марта 2023"),
])
def test_a_late_restatement_s_date_is_shown_in_the_page_s_language(lang, shown) -> None:
    from geo.estimates import reason_text

    text = reason_text("restated on 2023-03-01, more than a year after the event", lang)
    assert shown in text and "2023-03-01" not in text
