"""The formats an upload may have (ACLED, UCDP GED, the atlas's CSV): one row reader each.

A reader turns one CSV row (a dict of cells) into an event and its claims, or raises
`RowError` naming the field. `read_row` finds every problem of a row, not only the
first, by putting a valid stand-in in each bad field and reading the row again.
The mapping of each format onto the atlas's model is in `geo.uploads`' docstring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from geo.errors import shown
from geo.i18n import N_, Message
from geo.registry import REGION_BOUNDS
from geo.schema import (
    DATE_RE,
    MAX_TEXT,
    RECORD_END,
    RECORD_START,
    REQUIRED,
    UNSAFE_TEXT,
    error_message,
    not_one_of,
    outside_record,
    parse_count,
    parse_date,
    parse_number,
)
from geo.vocabulary import DATE_PRECISIONS, EVENT_TYPES

__all__ = ["FORMATS", "MAX_ID", "RowError", "RowReader", "read_row"]

MAX_ID = 80


class RowError(ValueError):
    """A problem with one field of one row."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message  # a `Message` where it comes from the catalog


def _before(end: dt.date, start: dt.date) -> str:
    return Message(N_("{end} is before date_start {start}"), end=end.isoformat(), start=start.isoformat())


def _require(row: Mapping[str, str], name: str) -> str:
    value = (row.get(name) or "").strip()
    if not value:
        raise RowError(name, Message(REQUIRED))
    return value


def _text(row: Mapping[str, str], name: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    """A text cell: at most ``limit`` characters, no control or bidi-override characters."""
    text = _require(row, name) if required else (row.get(name) or "").strip()
    if len(text) > limit:
        raise RowError(name, Message(N_("expected at most {limit} characters, got {count}"),
                                      limit=f"{limit:,}", count=f"{len(text):,}"))
    if found := UNSAFE_TEXT.search(text):
        raise RowError(name, Message(N_("control or bidirectional-override character U+{code}; remove it"),
                                      code=f"{ord(found.group()):04X}"))
    return text


def _date(row: Mapping[str, str], name: str) -> dt.date:
    text = _require(row, name)
    try:
        return parse_date(text)
    except ValueError as exc:
        iso_error = error_message(exc)
    if not DATE_RE.match(text):
        try:  # ACLED's other form, "16 September 2022" (ASCII digits only)
            value = dt.datetime.strptime(text, "%d %B %Y").date() if text.isascii() else None
        except ValueError:
            value = None
        if value is None:
            raise RowError(name, Message(
                N_("expected a date as YYYY-MM-DD or '16 September 2022', got {value}"), value=shown(text)))
        if not RECORD_START <= value <= RECORD_END:
            raise RowError(name, error_message(outside_record(text)))
        return value
    raise RowError(name, iso_error)


def _number(row: Mapping[str, str], name: str) -> float:
    try:
        return parse_number(_require(row, name))
    except ValueError as exc:
        raise RowError(name, error_message(exc)) from None


def _count(row: Mapping[str, str], name: str) -> int:
    text = _require(row, name)
    if text.endswith(".0"):  # some exports write counts as floats
        text = text[:-2]
    try:
        return parse_count(text)
    except ValueError as exc:
        raise RowError(name, error_message(exc)) from None


def _in_region(lat: float, lon: float) -> bool:
    west, south, east, north = REGION_BOUNDS
    return west <= lon <= east and south <= lat <= north


def _point(row: Mapping[str, str]) -> tuple[float, float]:
    lat, lon = _number(row, "latitude"), _number(row, "longitude")
    if not _in_region(lat, lon):
        west, south, east, north = REGION_BOUNDS
        where = {"lat": lat, "lon": lon, "south": south, "north": north, "west": west, "east": east}
        raise RowError("latitude", Message(
            N_("({lat}, {lon}) is outside the atlas's region (lat {south}–{north}, lon {west}–{east}); "
               "swapped latitude and longitude?") if _in_region(lon, lat) else
            N_("({lat}, {lon}) is outside the atlas's region (lat {south}–{north}, lon {west}–{east})"),
            **where,
        ))
    return lat, lon


def _event_id(row: Mapping[str, str], name: str) -> str:
    return _text(row, name, required=True, limit=MAX_ID)


def _code(row: Mapping[str, str], name: str, table: Mapping[str, Any]) -> Any:
    text = _require(row, name)
    if text not in table:
        raise RowError(name, error_message(not_one_of(table, text)))
    return table[text]


_ACLED_TYPES = {
    "Battles": "armed_clash",
    "Explosions/Remote violence": "shelling",
    "Violence against civilians": "civilian_harm",
    "Riots": "communal_clash",
    "Protests": "other",
    "Strategic developments": "other",
}
_ACLED_SUBTYPES = {
    "Air/drone strike": "drone_strike",
    "Agreement": "agreement",
    "Looting/property destruction": "arson_looting",
}


def _acled(row: Mapping[str, str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    day = _date(row, "event_date")
    precision = _code(row, "time_precision", {"1": "day", "2": "week", "3": "month"})
    start, end = {
        "day": (day, day),
        "week": (day - dt.timedelta(days=day.weekday()), day + dt.timedelta(days=6 - day.weekday())),
        "month": (day.replace(day=1), (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
                  - dt.timedelta(days=1)),
    }[precision]
    main_type = _code(row, "event_type", _ACLED_TYPES)
    sub_type = _text(row, "sub_event_type", limit=200)
    lat, lon = _point(row)
    event_id = _event_id(row, "event_id_cnty")
    location = _text(row, "location", limit=200)
    event = {
        "event_id": event_id, "date_start": start, "date_end": end, "date_precision": precision,
        "event_type": _ACLED_SUBTYPES.get(sub_type, main_type),
        "title": f"{row['event_type'].strip()}: {sub_type or 'unspecified'} — {location or 'no place name'}",
        "description": _text(row, "notes"),
        "latitude": lat, "longitude": lon, "location": location,
        "precision": "exact" if (row.get("geo_precision") or "").strip() == "1" else "approximate",
        "source": _text(row, "source", limit=500) or "ACLED",
    }
    fatalities = _count(row, "fatalities")
    claims = [{"event_id": event_id, "claimant": "ACLED", "metric": "killed", "value_low": fatalities,
               "value_high": fatalities, "note": "ACLED 'fatalities' (a conservative estimate by design)"}]
    return event, claims


_UCDP_PRECISION = {"1": "day", "2": "range", "3": "week", "4": "month", "5": "range"}
_UCDP_TYPES = {"1": "armed_clash", "2": "communal_clash", "3": "civilian_harm"}


def _ucdp(row: Mapping[str, str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    start, end = _date(row, "date_start"), _date(row, "date_end")
    if end < start:
        raise RowError("date_end", _before(end, start))
    event_id = f"ucdp-{_event_id(row, 'id')}"
    lat, lon = _point(row)
    side_a, side_b = _text(row, "side_a", limit=200), _text(row, "side_b", limit=200)
    event = {
        "event_id": event_id, "date_start": start, "date_end": end,
        "date_precision": _code(row, "date_prec", _UCDP_PRECISION),
        "event_type": _code(row, "type_of_violence", _UCDP_TYPES),
        "title": f"{side_a or '?'} – {side_b or '?'}",
        "description": _text(row, "source_article"),
        "latitude": lat, "longitude": lon, "location": _text(row, "where_coordinates", limit=200),
        "precision": "exact" if (row.get("where_prec") or "").strip() == "1" else "approximate",
        "source": "UCDP GED",
    }
    low, high, best = (_count(row, n) for n in ("low", "high", "best"))
    if low > high:
        raise RowError("low", Message(N_("{low} is greater than high {high}"), low=low, high=high))
    claims = [{"event_id": event_id, "claimant": "UCDP GED", "metric": "killed", "value_low": low,
               "value_high": high, "note": f"UCDP best estimate {best}"}]
    civilians = (row.get("deaths_civilians") or "").strip()
    if civilians:
        count = _count(row, "deaths_civilians")
        claims.append({"event_id": event_id, "claimant": "UCDP GED", "metric": "killed_civilians",
                       "value_low": count, "value_high": count, "note": "UCDP deaths_civilians"})
    return event, claims


def _atlas(row: Mapping[str, str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    start, end = _date(row, "date_start"), _date(row, "date_end")
    if end < start:
        raise RowError("date_end", _before(end, start))
    lat, lon = _point(row)
    event = {
        "event_id": _event_id(row, "event_id"), "date_start": start, "date_end": end,
        "date_precision": _code(row, "date_precision", {k: k for k in DATE_PRECISIONS}),
        "event_type": _code(row, "event_type", {k: k for k in EVENT_TYPES}),
        "title": _text(row, "title", required=True), "description": _text(row, "description"),
        "latitude": lat, "longitude": lon, "location": _text(row, "location_note"),
        "precision": "exact", "source": _text(row, "source_ids", limit=500) or "uploaded file",
    }
    return event, []


# format name -> (columns that identify it, row reader, the column holding the row's id)
RowReader = Callable[[Mapping[str, str]], tuple[dict[str, Any], list[dict[str, Any]]]]
FORMATS: Mapping[str, tuple[frozenset[str], RowReader, str]] = {
    "ACLED": (frozenset({"event_id_cnty", "event_date", "event_type", "latitude",
                         "longitude", "fatalities"}), _acled, "event_id_cnty"),
    "UCDP GED": (frozenset({"id", "date_start", "date_end", "date_prec", "type_of_violence", "latitude",
                            "longitude", "best", "low", "high"}), _ucdp, "id"),
    "atlas CSV": (frozenset({"event_id", "date_start", "date_end", "date_precision", "event_type", "title",
                             "latitude", "longitude"}), _atlas, "event_id"),
}


# A valid value for every field each format's reader reads: to find every problem of a row,
# a bad field is replaced by its valid stand-in and the row read again (see `_read_row`).
_GOOD = {"latitude": "40", "longitude": "70", "fatalities": "0", "low": "0", "high": "0", "best": "0"}
_GOOD_ROWS: Mapping[str, Mapping[str, str]] = {
    "ACLED": {**_GOOD, "event_id_cnty": "x", "event_date": "2020-01-01", "time_precision": "1",
              "event_type": "Battles"},
    "UCDP GED": {**_GOOD, "id": "1", "date_start": "2020-01-01", "date_end": "2020-01-01", "date_prec": "1",
                 "type_of_violence": "1", "deaths_civilians": ""},
    "atlas CSV": {**_GOOD, "event_id": "x", "date_start": "2020-01-01", "date_end": "2020-01-01",
                  "date_precision": "day", "event_type": "armed_clash", "title": "x"},
}
_BLANK_FIELDS = ("sub_event_type", "location", "notes", "source", "side_a", "side_b", "source_article",
                 "where_coordinates", "description", "location_note", "source_ids")
MAX_ROW_PROBLEMS = 20


def read_row(
    read_row: RowReader, row: Mapping[str, str], fmt: str
) -> tuple[tuple[dict[str, Any], list[dict[str, Any]]] | None, list[RowError], set[str]]:
    """Read one row and find every problem in it, not only the first.

    Returns what the reader made of the row (None when a problem could not be stepped past;
    made with stand-ins when there were problems), the problems, and the fields replaced.
    """
    good = {**dict.fromkeys(_BLANK_FIELDS, ""), **_GOOD_ROWS[fmt]}
    trial = dict(row)
    errors: list[RowError] = []
    replaced: set[str] = set()
    while len(errors) < MAX_ROW_PROBLEMS:
        try:
            return read_row(trial), errors, replaced
        except RowError as exc:
            if exc.field in replaced:  # a stand-in against a real value (an outside point): reported
                break
            errors.append(exc)
            if exc.field not in good:
                break
            trial[exc.field] = good[exc.field]
            replaced.add(exc.field)
            if exc.field == "date_end" and "date_start" in good:  # an end before its start
                trial["date_start"] = good["date_start"]
    return None, errors, replaced
