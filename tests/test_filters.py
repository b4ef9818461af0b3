"""Selecting events by date and type, segment status through time, the summary sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.filters import Filters, describe, filter_events, segment_status_at
from geo.view import build_view

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "types", "expected"),
    [
        # by start date, then end date: e4 (16 Sep) before e3 (16-17 Sep)
        (D(2000, 1, 1), D(2026, 1, 1), frozenset(), ["e1", "e2", "e4", "e3", "e5"]),
        (D(2022, 9, 14), D(2022, 9, 14), frozenset(), ["e2"]),
        # e3 spans 16-17 Sep: a range touching either day selects it
        (D(2022, 9, 17), D(2022, 9, 30), frozenset(), ["e3"]),
        (D(2022, 9, 15), D(2022, 9, 15), frozenset(), []),
        (D(2000, 1, 1), D(2026, 1, 1), frozenset({"shelling", "talks"}), ["e2", "e4"]),
    ],
)
def test_filter_events_by_overlap_and_type(tiny, start, end, types, expected) -> None:
    selected = filter_events(tiny.events, Filters(start, end, types))
    assert list(selected["event_id"]) == expected


def test_filter_returns_a_copy(tiny) -> None:
    selected = filter_events(tiny.events, Filters(D(2000, 1, 1), D(2026, 1, 1)))
    selected["title"] = "changed"
    assert "changed" not in set(tiny.events["title"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": D(2022, 9, 17), "end": D(2022, 9, 14)}, r"'end' \(2022-09-14\) must not be before 'start' \(2022-09-17\)"),
        ({"start": D(2022, 9, 14), "end": D(2022, 9, 17), "types": frozenset({"battle"})}, r"unknown event type\(s\) \['battle'\]"),
    ],
)
def test_filters_reject_bad_values(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        Filters(**kwargs)


@pytest.mark.parametrize(
    ("when", "status"),
    [(D(2022, 9, 16), "disputed"), (D(2025, 3, 12), "disputed"), (D(2025, 3, 13), "delimited_treaty")],
)
def test_segment_status_is_the_one_in_force_at_the_date(tiny, when, status) -> None:
    segments = segment_status_at(tiny, when)
    assert segments.set_index("segment_id").loc["seg-a", "status"] == status


def test_segment_with_no_status_yet_is_unknown(tiny) -> None:
    segments = segment_status_at(tiny, D(1990, 1, 1))
    assert segments.set_index("segment_id").loc["seg-a", "status"] == "unknown"


@pytest.mark.parametrize(
    ("filters", "counts", "sentence"),
    [
        (Filters(D(2022, 9, 14), D(2022, 9, 17)), (12, 9, 0), "12 events from 14 Sep 2022 to 17 Sep 2022; shown at 9 places on the map."),
        (Filters(D(2022, 9, 14), D(2022, 9, 14)), (1, 1, 0), "1 event from 14 Sep 2022 to 14 Sep 2022; shown at 1 place on the map."),
        (
            Filters(D(2021, 1, 1), D(2021, 12, 31), frozenset({"ceasefire", "armed_clash"})),
            (3, 2, 1),
            "3 events from 1 Jan 2021 to 31 Dec 2021 (types: armed clash, ceasefire); shown at 2 places on "
            "the map; 1 of them not tied to a mapped place.",
        ),
    ],
)
def test_describe(filters, counts, sentence) -> None:
    events, places, unmapped = counts
    assert describe(filters, event_count=events, place_count=places, unmapped_count=unmapped) == sentence


def test_view_counts_events_places_and_markers(tiny) -> None:
    view = build_view(tiny, Filters(D(2022, 9, 14), D(2022, 9, 17)))
    assert list(view.events["event_id"]) == ["e2", "e4", "e3"]
    # e2 at beta, e3 at alpha and beta, e4 at no place
    assert sorted(zip(view.markers["event_id"], view.markers["place_id"], strict=True)) == [
        ("e2", "beta"), ("e3", "alpha"), ("e3", "beta")
    ]
    assert dict(zip(view.affected["place_id"], view.affected["event_count"], strict=True)) == {"alpha": 1, "beta": 2}
    assert view.summary == (
        "3 events from 14 Sep 2022 to 17 Sep 2022; shown at 2 places on the map; 1 of them not tied to a "
        "mapped place."
    )


def test_event_at_an_unlocated_place_counts_but_has_no_marker(tiny) -> None:
    view = build_view(tiny, Filters(D(2025, 1, 1), D(2025, 12, 31)))
    assert list(view.events["event_id"]) == ["e5"]
    assert view.markers.empty
    assert view.summary.endswith("shown at 0 places on the map; 1 of them not tied to a mapped place.")


def test_events_sharing_a_place_get_distinct_slots(tiny) -> None:
    view = build_view(tiny, Filters(D(2022, 9, 14), D(2022, 9, 17)))
    at_beta = view.markers[view.markers["place_id"] == "beta"].sort_values("slot")
    assert list(at_beta["event_id"]) == ["e2", "e3"]  # oldest first
    assert list(at_beta["slot"]) == [0, 1]
    assert set(at_beta["stack"]) == {2}
