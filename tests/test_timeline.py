"""Timeline tables and charts: binning, per-side ranges, the events table."""

from __future__ import annotations

import datetime as dt

import altair as alt
import jsonschema
import pytest

from geo.charts import Chart, killed_chart, timeline_chart
from geo.estimates import all_estimates
from geo.timeline import bin_size, events_per_period, events_table, killed_by_side, killed_event_count

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "size"),
    [
        (D(2022, 9, 14), D(2022, 9, 20), "day"),
        (D(2022, 9, 1), D(2022, 11, 1), "day"),
        (D(2021, 1, 1), D(2022, 12, 31), "week"),
        (D(2016, 1, 1), D(2024, 12, 31), "month"),
        (D(2000, 1, 1), D(2025, 12, 31), "year"),
    ],
)
def test_bin_size(start, end, size) -> None:
    assert bin_size(start, end) == size


def test_events_per_period_counts_by_type(tiny) -> None:
    size, table = events_per_period(tiny.events, D(2022, 9, 1), D(2022, 9, 30))
    assert size == "day"
    rows = {(str(r.period), r.type): r.events for r in table.itertuples()}
    assert rows[("2022-09-14", "Shelling / rocket fire")] == 1
    assert rows[("2022-09-16", "Evacuation / displacement")] == 1


def test_event_starting_before_the_range_is_counted_at_its_start(tiny) -> None:
    _, table = events_per_period(tiny.events.iloc[[0]], D(2021, 5, 1), D(2021, 5, 31))
    assert [str(p) for p in table["period"]] == ["2021-05-01"]


def test_killed_by_side_uses_each_sides_latest_claim(tiny) -> None:
    ranges = killed_by_side(tiny.events, tiny.claims, all_estimates(tiny.claims))
    assert sorted(zip(ranges["whose"], ranges["side"], ranges["low"], ranges["high"], strict=True)) == [
        ("KG", "Kyrgyz side", 10, 10), ("TJ", "Tajik side", 3, 5), ("both", "Independent", 12, 12)
    ]


def _validated(chart) -> dict:
    """The chart as one Vega-Lite document, checked against the Vega-Lite schema (by Altair)."""
    document = {**chart.spec, "data": {"values": chart.data.to_dict("records")}}
    for field in chart.spec.get("encoding", {}).values():
        if isinstance(field, dict) and "field" in field:
            assert field["field"] in chart.data.columns
    (alt.LayerChart if "layer" in document else alt.Chart).from_dict(document, validate=True)
    return document


def test_charts_build_valid_vega_lite(tiny) -> None:
    size, table = events_per_period(tiny.events, D(2021, 1, 1), D(2025, 12, 31))
    spec = _validated(timeline_chart(table, size))
    assert spec["mark"]["type"] == "bar"
    assert "Shelling / rocket fire" in spec["encoding"]["color"]["scale"]["domain"]
    layered = _validated(killed_chart(killed_by_side(tiny.events, tiny.claims, all_estimates(tiny.claims))))
    marks = [layer["mark"]["type"] for layer in layered["layer"]]
    assert marks == ["rule", "circle", "circle", "text"]  # range, low, high, the event's title above them
    assert {layer["encoding"]["x"]["field"] for layer in layered["layer"][:3]} == {"low", "high"}
    title = layered["layer"][3]["encoding"]
    sides = {row["side"] for row in layered["data"]["values"]}
    assert title["x"] == {"value": 0} and sides and title["yOffset"]["datum"] not in sides


def test_chart_validation_can_fail(tiny) -> None:
    size, table = events_per_period(tiny.events, D(2021, 1, 1), D(2025, 12, 31))
    chart = timeline_chart(table, size)
    broken = Chart(chart.data, {**chart.spec, "mark": {"type": "no-such-mark"}})
    with pytest.raises(jsonschema.ValidationError, match="no-such-mark"):
        _validated(broken)


def test_events_table_has_best_killed_and_places(tiny) -> None:
    table = events_table(tiny.events, tiny.places, all_estimates(tiny.claims)).set_index("id")
    assert table.loc["e3", "Places"] == "Alpha, Beta"
    assert table.loc["e4", "Places"] == "—"
    assert table.loc["e2", "Killed (claims: low–high)"] == (
        "10–10 (best 10, in Kyrgyzstan / Kyrgyz citizens); 3–5 (best 4, in Tajikistan / Tajik citizens); "
        "12–12 (best 12, both sides together)"
    )


def _with_claim(claims, **row):
    import pandas as pd

    return pd.concat([claims, pd.DataFrame([{**claims.iloc[0].to_dict(), **row}])], ignore_index=True)


def test_killed_by_side_keeps_the_events_with_the_highest_tolls(tiny) -> None:
    claims = _with_claim(tiny.claims, claim_id="c9", event_id="e1", value_low=40, value_high=50)
    estimates = all_estimates(claims)
    assert set(killed_by_side(tiny.events, claims, estimates)["event_id"]) == {"e1", "e2"}
    top = killed_by_side(tiny.events, claims, estimates, most=1)
    assert set(top["event_id"]) == {"e1"}  # 50 claimed, against e2's highest 12
    assert killed_by_side(tiny.events.iloc[0:0], claims, estimates, most=1).empty


def test_killed_event_count(tiny) -> None:
    assert killed_event_count(tiny.events, all_estimates(tiny.claims)) == 1
    claims = _with_claim(tiny.claims, claim_id="c9", event_id="e1")
    assert killed_event_count(tiny.events, all_estimates(claims)) == 2


def test_claims_through_time_follow_each_side(shipped) -> None:
    from geo.timeline import claims_through_time

    points = claims_through_time(shipped.claims, shipped.sources, "2022-09-14-20-toll")
    kyrgyz = points[points["series"] == "Kyrgyz side · Kyrgyz dead"]
    assert list(kyrgyz["figure"])[0] == 24 and list(kyrgyz["figure"])[-1] == 63
    tajik = points[points["series"] == "Tajik side · Tajik dead"]
    assert {7, 41} <= set(tajik["figure"])
    assert not {"c018", "c238", "c239"} & set(points["claim"])  # repeats and unverified add no point
    assert set(points["dated_by"]) == {"claim date"}


def test_claims_through_time_dates_by_source_and_leaves_out(tiny) -> None:
    from geo.timeline import claims_through_time

    sources = tiny.sources.assign(published=[D(2022, 9, 20) if i == "s2" else None for i in tiny.sources["source_id"]])
    points = claims_through_time(tiny.claims, sources, "e2")
    assert dict(zip(points["claim"], points["dated_by"], strict=True))["c3"] == "dated by source publication"
    assert claims_through_time(tiny.claims, sources, "e2", leave_out={"c1", "c2"}).empty  # one date: no change


def test_claims_time_chart_is_valid_vega_lite(shipped) -> None:
    from geo.charts import claims_time_chart
    from geo.timeline import claims_through_time

    chart = claims_time_chart(claims_through_time(shipped.claims, shipped.sources, "2021-04-28-golovnoy-clashes"))
    document = _validated(chart)
    tooltip = {t["field"] for t in document["layer"][1]["encoding"]["tooltip"]}
    assert {"claim", "claimant", "dated_by"} <= tooltip
    for layer in document["layer"]:
        assert {v["field"] for v in layer["encoding"].values() if isinstance(v, dict)} <= set(chart.data.columns)


def test_a_brush_on_the_timeline_gives_the_days_it_covers() -> None:
    import datetime as dt

    from geo.charts import brushed_dates

    ms = 86_400_000
    start = (dt.date(2022, 9, 14) - dt.date(1970, 1, 1)).days * ms
    assert brushed_dates({"brush": {"yearmonthdate_period": [start + 3 * ms, start]}}) == (
        dt.date(2022, 9, 14), dt.date(2022, 9, 17))
    for nothing in ({}, {"brush": {}}, {"brush": {"x": ["a", "b"]}}, {"brush": {"x": [1e300, 1e301]}},
                    {"brush": {"x": [float("nan"), 0]}}):
        assert brushed_dates(nothing) is None
