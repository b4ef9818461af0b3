"""The shareable link: parsing is forgiving and reports what it ignored; writing round-trips."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.map import LAYER_NAMES
from geo.permalink import MapView, parse_query, to_query

D = dt.date
SPAN = (D(2021, 1, 1), D(2025, 12, 31))


def _parse(tiny, **params):
    return parse_query(params, tiny, span=SPAN, layer_keys=LAYER_NAMES)


def test_a_full_link_is_read(tiny) -> None:
    state = _parse(tiny, **{"from": "2022-09-14", "to": "2022-09-17", "types": "shelling,talks",
                            "select": "e2", "layers": "events,countries,nonsense", "lang": "ru"})
    assert (state.start, state.end) == (D(2022, 9, 14), D(2022, 9, 17))
    assert state.types == ("shelling", "talks")
    assert state.select == ("event", "e2")
    assert state.layers == ("events", "countries")
    assert state.lang == "ru"
    assert state.notes == ("unknown layer(s) nonsense; ignored",)  # every ignored value is noted


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"from": "14.09.2022"}, "'from=14.09.2022' is not a date (YYYY-MM-DD); ignored"),
        ({"from": "2022-09-17", "to": "2022-09-14"}, "'to' (2022-09-14) is before 'from' (2022-09-17); dates ignored"),
        ({"types": "shelling,bombing"}, "unknown event type(s) bombing; ignored"),
        ({"select": "nope"}, "nothing with the id 'nope'; no feature selected"),
        ({"lang": "xx"}, "language 'xx' is not available; English shown"),
        ({"layers": "foo"}, "no known layer named; the default layers are shown"),
        ({"period": "someday"}, "unknown period 'someday'; ignored"),
        ({"center": "39.9", "zoom": "9"}, "'center=39.9&zoom=9' is not a map position (center=lat,lon&zoom=z); ignored"),
        ({"center": "39.9,70.1"}, "'center=39.9,70.1&zoom=None' is not a map position (center=lat,lon&zoom=z); ignored"),
        ({"center": "139.9,70.1", "zoom": "9"}, "map position 139.9,70.1 zoom 9.0 is off the map; ignored"),
        ({"center": "39.9,70.1", "zoom": "nan"}, "map position 39.9,70.1 zoom nan is off the map; ignored"),
    ],
)
def test_bad_link_values_are_ignored_and_reported(tiny, params, note) -> None:
    assert note in _parse(tiny, **params).notes


def test_dates_are_clamped_to_the_record(tiny) -> None:
    state = _parse(tiny, **{"from": "1990-01-01", "to": "2030-01-01"})
    assert (state.start, state.end) == SPAN


def test_select_finds_places_and_segments_too(tiny) -> None:
    assert _parse(tiny, select="alpha").select == ("place", "alpha")
    assert _parse(tiny, select="seg-a").select == ("segment", "seg-a")


def test_written_link_reads_back(tiny) -> None:
    query = to_query(start=D(2022, 9, 14), end=D(2022, 9, 17), types={"talks", "shelling"},
                     layers=["events"], select=("place", "alpha"), lang="ru")
    assert query == {"from": "2022-09-14", "to": "2022-09-17", "types": "shelling,talks",
                     "layers": "events", "select": "alpha", "lang": "ru"}
    state = _parse(tiny, **query)
    assert (state.start, state.end, state.types, state.layers, state.select, state.lang) == (
        D(2022, 9, 14), D(2022, 9, 17), ("shelling", "talks"), ("events",), ("place", "alpha"), "ru"
    )


def test_a_link_naming_no_known_layer_shows_the_default_layers(tiny) -> None:
    assert _parse(tiny, layers="foo,bar").layers is None  # None: the defaults, never a blank map
    assert _parse(tiny, layers="").layers == ()  # every layer unticked on purpose


def test_map_position_and_period_round_trip(tiny) -> None:
    query = to_query(start=D(2022, 9, 14), end=D(2022, 9, 20), types=(), layers=["events"], select=None,
                     lang="en", map_view=MapView(39.91234567, 70.5, 9.25),
                     period="September 2022 war (14–20 Sep)")
    assert query["center"] == "39.9123,70.5000" and query["zoom"] == "9.25"
    assert query["period"] == "september-2022-war-14-20-sep"
    state = _parse(tiny, **query)
    assert state.map_view == MapView(39.9123, 70.5, 9.25)
    assert state.period == "September 2022 war (14–20 Sep)"
    assert state.notes == ()


def test_a_period_is_left_out_once_the_dates_moved_and_gives_the_dates_alone(tiny) -> None:
    query = to_query(start=D(2022, 9, 14), end=D(2022, 9, 17), types=(), layers=[], select=None,
                     lang="en", period="September 2022 war (14–20 Sep)")
    assert "period" not in query
    state = _parse(tiny, period="april-may-2021-clashes")
    assert (state.start, state.end) == (D(2021, 4, 28), D(2021, 5, 2))


@pytest.mark.parametrize(
    ("params", "lang", "shown"),
    [
        ({"period": "someday"}, "ru", "неизвестный период 'someday'; пропущен"),
        ({"layers": "foo"}, "ky", "бир да белгилүү катмар аталган жок; демейки катмарлар көрсөтүлдү"),
        ({"select": "nope"}, "tg", "бо рамзи 'nope' чизе нест; чизе интихоб нашуд"),
        ({"select": "nope"}, "en", "nothing with the id 'nope'; no feature selected"),
    ],
)
def test_link_notes_are_shown_in_the_readers_language(tiny, params, lang, shown) -> None:
    from geo.i18n import Message

    notes = _parse(tiny, **params).notes
    assert all(isinstance(note, Message) for note in notes)
    assert [note.in_language(lang) for note in notes][-1] == shown
