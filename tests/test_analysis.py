"""The Analysis panel's tables and the seed paper's claims, on small literal events."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from geo.analysis import (
    by_district,
    by_month_of_year,
    by_section,
    by_trigger,
    paper_statements,
    third_parties,
)
from geo.filters import Filters, filter_events
from geo.permalink import parse_query, to_query
from geo.registry import FILES
from geo.schema import parse_cell

D = dt.date


def _events(*rows: tuple[str, dt.date, str, str, str | None, tuple[str, ...], tuple[str, ...]]) -> pd.DataFrame:
    columns = ["event_id", "date_start", "date_precision", "event_type", "trigger", "actors", "place_ids"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["date_end"] = frame["date_start"]
    frame["title"] = frame["event_id"].str.upper()
    return frame


EVENTS = _events(
    ("a", D(2021, 4, 28), "day", "armed_clash", "water", ("kg_border_guards", "tj_border_guards"), ("p1",)),
    ("b", D(2019, 5, 3), "day", "communal_clash", "land_pasture", ("kg_residents",), ("p1", "p2")),
    ("c", D(2014, 1, 11), "day", "armed_clash", "road_construction", (), ("p2",)),
    ("d", D(2014, 8, 25), "month", "shelling", "unknown", (), ()),
    ("e", D(2015, 1, 1), "year", "armed_clash", None, (), ()),  # no month: no season
    ("f", D(2022, 9, 16), "day", "talks", None, ("uzbekistan", "sco", "kg_government"), ()),
    ("g", D(2022, 9, 20), "day", "statement", None, ("csto",), ()),
)
PLACES = gpd.GeoDataFrame(
    {"place_id": ["p1", "p2"], "name": ["P1", "P2"], "admin": ["Batken District", None]},
    geometry=[Point(70.5, 39.9), Point(70.6, 39.95)], crs="EPSG:4326",
)


def test_months_count_only_incidents_dated_to_the_month() -> None:
    months = by_month_of_year(EVENTS).set_index("name")["incidents"]
    assert months.to_dict() == {
        "Jan": 1, "Feb": 0, "Mar": 0, "Apr": 1, "May": 1, "Jun": 0,
        "Jul": 0, "Aug": 1, "Sep": 0, "Oct": 0, "Nov": 0, "Dec": 0,
    }


def test_triggers_separate_unknown_from_not_assessed() -> None:
    counts = by_trigger(EVENTS).set_index("trigger")["incidents"].to_dict()
    assert counts == {
        "water": 1, "land_pasture": 1, "road_construction": 1, "border_infrastructure": 0,
        "detention": 0, "unknown": 1, "not_assessed": 1,
    }


def test_third_parties_list_only_third_parties_by_date() -> None:
    parties = third_parties(EVENTS)
    assert list(zip(parties["event_id"], parties["actor"], strict=True)) == [
        ("f", "SCO"), ("f", "Uzbekistan"), ("g", "CSTO"),
    ]


def test_sections_count_incidents_by_the_section_their_record_names() -> None:
    events = EVENTS.assign(segment_ids=[("s1",), ("s1", "s2"), (), (), (), ("s1",), ()])
    segments = gpd.GeoDataFrame({"segment_id": ["s1", "s2"], "name": ["Batken – Isfara", "Leilek – Ghafurov"]},
                                geometry=[None, None])
    table = by_section(events, segments).set_index("section")["incidents"].to_dict()
    assert table == {"Batken – Isfara": 2, "Leilek – Ghafurov": 1, "section not recorded": 3}  # talks not counted


def test_districts_come_from_the_outlines_holding_the_places_and_overlaps_count_in_both() -> None:
    from shapely.geometry import box

    districts = gpd.GeoDataFrame(
        {"name": ["Batken District", "Isfara District", "Batken"], "country": ["KG", "TJ", "KG"],
         "level": ["district", "district", "region"]},
        geometry=[box(70.4, 39.8, 70.55, 40.0), box(70.52, 39.8, 70.7, 40.2), box(70, 39, 71, 41)],
        crs="EPSG:4326",
    )
    table = by_district(EVENTS, PLACES, districts).set_index("district")["incidents"].to_dict()
    # p1 (70.5) lies in Batken only; p2 (70.6) in Isfara only; d and e have no place
    assert table == {"Batken District (KG)": 2, "Isfara District (TJ)": 2, "district not recorded": 2}


def test_sections_nearest_to_the_places_within_five_km() -> None:
    from shapely.geometry import LineString

    segments = gpd.GeoDataFrame(
        {"segment_id": ["near", "far"], "name": ["Near p1", "Far away"]},
        geometry=[LineString([(70.5, 39.92), (70.5, 39.95)]), LineString([(72.0, 39.0), (72.1, 39.1)])],
        crs="EPSG:4326",
    )
    table = by_section(EVENTS.assign(segment_ids=[()] * len(EVENTS)), segments, PLACES)
    assert table.set_index("section")["incidents"].to_dict() == {"Near p1": 2, "section not recorded": 3}


def test_districts_count_an_incident_once_per_district() -> None:
    table = by_district(EVENTS, PLACES).set_index("district")["incidents"].to_dict()
    assert table == {"Batken District": 2, "district not recorded": 4}


def test_paper_statements_give_shares_and_their_basis() -> None:
    season, trigger, mediators = paper_statements(EVENTS)
    assert season.basis == 4
    assert "April–June holds 2 of 4 incidents dated to the month (50%)" in season.finding
    assert "2 of the 3 years" in season.finding
    assert trigger.basis == 3 and "in 3 of 3 incidents (100%)" in trigger.finding
    assert "Russia or the CSTO in 1 event(s)" in mediators.finding
    assert "the SCO in 2 event(s)" in mediators.finding


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(D(2010, 1, 1), D(2026, 1, 1), triggers=frozenset({"water", "unknown"})), ["d", "a"]),
        (Filters(D(2010, 1, 1), D(2026, 1, 1), actors=frozenset({"csto", "kg_residents"})), ["b", "g"]),
        (Filters(D(2022, 1, 1), D(2026, 1, 1), frozenset({"talks"}), actors=frozenset({"uzbekistan"})), ["f"]),
    ],
)
def test_trigger_and_actor_filters(filters: Filters, expected: list[str]) -> None:
    assert list(filter_events(EVENTS, filters)["event_id"]) == expected


def test_unknown_trigger_or_actor_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown actor"):
        Filters(D(2020, 1, 1), D(2021, 1, 1), actors=frozenset({"nato"}))
    actors = next(c for c in FILES["events.csv"].columns if c.name == "actors")
    assert parse_cell(actors, "csto; russia") == ("csto", "russia")
    with pytest.raises(ValueError, match="got 'nato'"):
        parse_cell(actors, "csto;nato")


def test_link_round_trips_triggers_and_actors_and_notes_unknown_ones(tiny) -> None:
    span = (D(2000, 1, 1), D(2026, 1, 1))
    query = to_query(start=span[0], end=span[1], types=(), layers=(), select=None, lang="en",
                     triggers=("water",), actors=("sco", "csto"))
    assert query["triggers"] == "water" and query["actors"] == "csto,sco"
    state = parse_query({**query, "actors": "csto,nato"}, tiny, span=span, layer_keys=())
    assert state.triggers == ("water",) and state.actors == ("csto",)
    assert any("nato" in note for note in state.notes)


def test_events_can_be_coloured_by_trigger_with_a_legend_to_match(tiny) -> None:
    from geo.map.legend import _legend_html
    from geo.map.styles import event_style
    from geo.vocabulary import EVENT_TYPES, TRIGGER_COLOURS

    feature = {"properties": {"id": "e1", "type": "armed_clash", "trigger": "water", "slot": 0}}
    assert event_style(selected=None)(feature)["fillColor"] == EVENT_TYPES["armed_clash"].colour
    assert event_style(selected=None, colour_by="trigger")(feature)["fillColor"] == TRIGGER_COLOURS["water"]
    unassessed = {"properties": {**feature["properties"], "trigger": ""}}
    assert event_style(selected=None, colour_by="trigger")(unassessed)["fillColor"] == TRIGGER_COLOURS[""]
    legend = _legend_html("en", "trigger")
    assert "Water (canals, intakes, distribution points)" in legend and "Armed clash" not in legend
    assert "Armed clash" in _legend_html("en")
    span = (D(2000, 1, 1), D(2026, 1, 1))
    query = to_query(start=span[0], end=span[1], types=(), layers=(), select=None, lang="en", colour_by="trigger")
    assert parse_query(query, tiny, span=span, layer_keys=()).colour_by == "trigger"
    state = parse_query({**query, "colour": "rainbow"}, tiny, span=span, layer_keys=())
    assert state.colour_by == "type" and any("rainbow" in note for note in state.notes)


def test_third_parties_show_the_next_ceasefire_or_agreement_within_the_window() -> None:
    events = pd.concat([EVENTS, _events(
        ("h", D(2022, 9, 19), "day", "ceasefire", None, (), ()),
        ("i", D(2022, 11, 30), "day", "agreement", None, (), ()),
    )], ignore_index=True)
    parties = third_parties(events, within_days=10).set_index(["event_id", "actor"])["next_outcome"]
    assert parties[("f", "SCO")] == "2022-09-19 H"  # the ceasefire three days after the SCO talks
    assert parties[("g", "CSTO")] == ""  # nothing within 10 days of 20 Sep; the November agreement is too late
    assert third_parties(events, within_days=80).set_index(["event_id", "actor"])["next_outcome"][("g", "CSTO")] == (
        "2022-11-30 I"
    )
