"""The date index gives exactly what the table functions in geo.filters give."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd
import pytest

from geo.filters import (
    Filters,
    affected_places,
    event_places,
    filter_events,
    incidents,
    located_pairs,
    place_totals,
    record_span,
)
from geo.index import EventIndex
from geo.load import load_dataset
from geo.view import build_view
from geo.vocabulary import EVENT_TYPES
from scripts.synthetic import write_synthetic

D = dt.date


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return load_dataset(write_synthetic(tmp_path_factory.mktemp("synthetic"), 2_000))


def _filters(dataset, seed: int = 7) -> list[Filters]:
    first, last = record_span(dataset)
    chosen = [
        Filters(first, last),
        Filters(first, first),
        Filters(last, last),
        Filters(D(2022, 9, 14), D(2022, 9, 20)),
        Filters(D(1990, 1, 1), D(1990, 12, 31)),  # before every event
        Filters(first, last, frozenset({"armed_clash", "shelling"})),
        Filters(first, last, triggers=frozenset({"water", "unknown"})),
        Filters(first, last, actors=frozenset({"csto", "russia"})),
        Filters(first, last, frozenset({"talks"}), actors=frozenset({"uzbekistan"})),
    ]
    rng = random.Random(seed)
    for _ in range(12):
        start = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
        end = min(last, start + dt.timedelta(days=rng.randrange(4_000)))
        chosen.append(Filters(start, end, frozenset(rng.sample(sorted(EVENT_TYPES), rng.randrange(3)))))
    return chosen


@pytest.mark.parametrize("name", ["tiny", "shipped", "synthetic"])
def test_selection_equals_the_table_functions(name, request) -> None:
    dataset = request.getfixturevalue(name)
    index = EventIndex.of(dataset.events, dataset.places)
    for filters in _filters(dataset):
        selection = index.select(filters)
        events = filter_events(dataset.events, filters)
        pairs = located_pairs(events, dataset.places)
        pd.testing.assert_frame_equal(selection.events, events)
        pd.testing.assert_frame_equal(selection.affected, affected_places(events, dataset.places))
        pd.testing.assert_frame_equal(selection.place_totals(), place_totals(pairs, dataset.places))
        pd.testing.assert_frame_equal(selection.markers(), event_places(events, dataset.places))
        assert selection.located_pairs == len(pairs)
        assert selection.place_count == pairs["place_id"].nunique()
        assert selection.incident_count == len(incidents(events))
        assert selection.unmapped_count == len(incidents(events)) - pairs["event_id"].nunique()


def test_period_summaries_are_listed_but_not_drawn_or_counted(shipped) -> None:
    selection = EventIndex.of(shipped.events, shipped.places).select(Filters(dt.date(2022, 9, 14), dt.date(2022, 9, 20)))
    assert "2022-09-14-20-toll" in set(selection.events["event_id"])
    assert "2022-09-14-20-toll" not in set(selection.markers()["event_id"])
    assert selection.incident_count == len(selection.events) - 1


@pytest.mark.parametrize("grouped", [False, True])
def test_the_side_not_drawn_is_empty_with_the_same_columns(synthetic, grouped) -> None:
    selection = EventIndex.of(synthetic.events, synthetic.places).select(Filters(*record_span(synthetic)))
    hidden = selection.markers(grouped=True) if grouped else selection.place_totals(grouped=False)
    shown = selection.markers() if grouped else selection.place_totals()
    assert hidden.empty and not shown.empty
    pd.testing.assert_frame_equal(hidden, shown.iloc[0:0].reset_index(drop=True), check_index_type=False)


def test_view_built_with_an_index_is_the_view_built_without(synthetic) -> None:
    index = EventIndex.of(synthetic.events, synthetic.places)
    for filters in _filters(synthetic, seed=11)[:6]:
        for lang in ("en", "ru"):
            with_index = build_view(synthetic, filters, lang=lang, index=index)
            fresh = build_view(synthetic, filters, lang=lang)
            assert (with_index.summary, with_index.grouped) == (fresh.summary, fresh.grouped)
            pd.testing.assert_frame_equal(with_index.totals, fresh.totals)
            pd.testing.assert_frame_equal(with_index.markers, fresh.markers)


def test_types_tied_on_count_are_listed_alphabetically(tiny) -> None:
    # alpha: one armed clash and one evacuation in the fixture
    totals = EventIndex.of(tiny.events, tiny.places).select(Filters(D(2000, 1, 1), D(2026, 1, 1))).place_totals()
    assert list(totals.set_index("place_id").loc["alpha", "by_type"]) == ["armed_clash", "evacuation"]


def test_an_index_does_not_change_the_dataset(tiny) -> None:
    before = tiny.events.copy()
    EventIndex.of(tiny.events, tiny.places).select(Filters(D(2000, 1, 1), D(2026, 1, 1)))
    pd.testing.assert_frame_equal(tiny.events, before)
