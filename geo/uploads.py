"""A user's own events, overlaid on the atlas: our CSV schema, ACLED exports, UCDP GED.

The file is parsed from memory (it is never written to disk), at most
`MAX_UPLOAD_BYTES`, and every row is either kept or reported as
``file:row:field: message``. The format is recognised from the header.

Mapping onto the atlas's model (documented in data/README.md):

* **ACLED** — ``event_date`` (ISO or "16 September 2022") with ``time_precision``
  1 → the day, 2 → the ISO week around it, 3 → its calendar month; ``event_type`` /
  ``sub_event_type`` → our types (Battles → armed clash, Explosions/Remote violence
  → shelling or drone strike, Violence against civilians → civilian harm, Riots →
  clash between residents, Strategic developments → agreement, arson/looting or
  other, Protests → other); ``geo_precision`` 1 → exact, 2–3 → approximate;
  ``fatalities`` → a *killed* claim by "ACLED" (independent, dataset).
* **UCDP GED** — ``date_start``/``date_end`` with ``date_prec`` 1 → day, 2 and 5 →
  range, 3 → week, 4 → month; ``type_of_violence`` 1 → armed clash, 2 → clash
  between residents, 3 → violence against civilians; ``where_prec`` 1 → exact,
  otherwise approximate; ``low``–``high`` → a *killed* claim by "UCDP GED" (its
  ``best`` noted), ``deaths_civilians`` → a *civilians killed* claim.
* **Atlas CSV** — our events.csv columns, plus ``latitude`` and ``longitude``
  (required, since the user's places are not in our gazetteer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from geo.details import Details
from geo.errors import Problem, shown
from geo.i18n import N_, Message, format_date
from geo.reading import csv_records, header_problems
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
from geo.text import figure_text
from geo.vocabulary import DATE_PRECISIONS, EVENT_TYPES, METRICS

__all__ = ["MAX_PROBLEMS", "MAX_UPLOAD_BYTES", "Overlay", "overlay_cells", "overlay_details", "read_overlay"]

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
# The problems an overlay keeps (the rest are counted): a million short rows must not
# become a million lines sent to the browser.
MAX_PROBLEMS = 1_000
MAX_ID = 80
# Columns ACLED exports do not always carry, and the value taken when one is missing
# (said once in the file's problems).
_ACLED_DEFAULTS = {"time_precision": "1"}
# Overlays above this many events are drawn as counts per grid cell (`overlay_cells`).
CELL_DEGREES = 0.1
_EVENT_COLUMNS = [
    "event_id", "date_start", "date_end", "date_precision", "event_type", "title", "description",
    "latitude", "longitude", "location", "precision", "source",
]
_CLAIM_COLUMNS = ["event_id", "claimant", "metric", "value_low", "value_high", "note"]


@dataclass(frozen=True)
class Overlay:
    """Events read from one uploaded file."""

    name: str
    format: str
    events: pd.DataFrame
    claims: pd.DataFrame
    problems: tuple[Problem, ...] = ()
    rejected: tuple[int, ...] = field(default_factory=tuple)
    more_problems: int = 0  # found beyond the first MAX_PROBLEMS, counted but not kept


class _RowError(ValueError):
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
        raise _RowError(name, Message(REQUIRED))
    return value


def _text(row: Mapping[str, str], name: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    """A text cell: at most ``limit`` characters, no control or bidi-override characters."""
    text = _require(row, name) if required else (row.get(name) or "").strip()
    if len(text) > limit:
        raise _RowError(name, Message(N_("expected at most {limit} characters, got {count}"),
                                      limit=f"{limit:,}", count=f"{len(text):,}"))
    if found := UNSAFE_TEXT.search(text):
        raise _RowError(name, Message(N_("control or bidirectional-override character U+{code}; remove it"),
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
            raise _RowError(name, Message(
                N_("expected a date as YYYY-MM-DD or '16 September 2022', got {value}"), value=shown(text)))
        if not RECORD_START <= value <= RECORD_END:
            raise _RowError(name, error_message(outside_record(text)))
        return value
    raise _RowError(name, iso_error)


def _number(row: Mapping[str, str], name: str) -> float:
    try:
        return parse_number(_require(row, name))
    except ValueError as exc:
        raise _RowError(name, error_message(exc)) from None


def _count(row: Mapping[str, str], name: str) -> int:
    text = _require(row, name)
    if text.endswith(".0"):  # some exports write counts as floats
        text = text[:-2]
    try:
        return parse_count(text)
    except ValueError as exc:
        raise _RowError(name, error_message(exc)) from None


def _in_region(lat: float, lon: float) -> bool:
    west, south, east, north = REGION_BOUNDS
    return west <= lon <= east and south <= lat <= north


def _point(row: Mapping[str, str]) -> tuple[float, float]:
    lat, lon = _number(row, "latitude"), _number(row, "longitude")
    if not _in_region(lat, lon):
        west, south, east, north = REGION_BOUNDS
        where = {"lat": lat, "lon": lon, "south": south, "north": north, "west": west, "east": east}
        raise _RowError("latitude", Message(
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
        raise _RowError(name, error_message(not_one_of(table, text)))
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
        raise _RowError("date_end", _before(end, start))
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
        raise _RowError("low", Message(N_("{low} is greater than high {high}"), low=low, high=high))
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
        raise _RowError("date_end", _before(end, start))
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
_RowReader = Callable[[Mapping[str, str]], tuple[dict[str, Any], list[dict[str, Any]]]]
_FORMATS: Mapping[str, tuple[frozenset[str], _RowReader, str]] = {
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


def _read_row(
    read_row: _RowReader, row: Mapping[str, str], fmt: str
) -> tuple[tuple[dict[str, Any], list[dict[str, Any]]] | None, list[_RowError], set[str]]:
    """Read one row and find every problem in it, not only the first.

    Returns what the reader made of the row (None when a problem could not be stepped past;
    made with stand-ins when there were problems), the problems, and the fields replaced.
    """
    good = {**dict.fromkeys(_BLANK_FIELDS, ""), **_GOOD_ROWS[fmt]}
    trial = dict(row)
    errors: list[_RowError] = []
    replaced: set[str] = set()
    while len(errors) < MAX_ROW_PROBLEMS:
        try:
            return read_row(trial), errors, replaced
        except _RowError as exc:
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


def _refused(name: str, row: int | None, message: str) -> Overlay:
    """An overlay with no events and the one reason the file could not be read."""
    events, claims = pd.DataFrame(columns=_EVENT_COLUMNS), pd.DataFrame(columns=_CLAIM_COLUMNS)
    return Overlay(name, "?", events, claims, (Problem(name, row, None, message),))


def _format_of(header: set[str]) -> tuple[str | None, str]:
    """The format whose columns the header holds, or why none fits (naming what is missing)."""
    fmt = next((f for f, (columns, *_) in _FORMATS.items() if columns <= header), None)
    if fmt is not None:
        return fmt, ""
    nearest = max(_FORMATS, key=lambda f: len(_FORMATS[f][0] & header))
    missing = sorted(_FORMATS[nearest][0] - header)
    if len(_FORMATS[nearest][0] & header) >= 3:
        return None, Message(N_("looks like {format}, but column(s) {columns} are missing"),
                             format=nearest, columns=", ".join(missing))
    expected = "; ".join(f"{f}: {', '.join(sorted(c))}" for f, (c, *_) in _FORMATS.items())
    return None, Message(N_("not a known format; expected the columns of {expected}"), expected=expected)


class _Problems:
    """The first `MAX_PROBLEMS` problems, and a count of the rest."""

    def __init__(self) -> None:
        self.kept: list[Problem] = []
        self.more = 0

    def add(self, problem: Problem) -> None:
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(problem)
        else:
            self.more += 1


def read_overlay(name: str, data: bytes) -> Overlay:
    """Parse an uploaded CSV in any supported format; never raises for bad content.

    The CSV is read as strictly as the data folder (`geo.reading.csv_records`): a
    quoting error or a row with more or fewer cells than the header is a problem
    of that row. At most `MAX_ROWS` rows are read and `MAX_PROBLEMS` problems kept.
    """
    name = name[:200]
    if len(data) > MAX_UPLOAD_BYTES:
        return _refused(name, None, Message(N_("file is {size} bytes; at most {limit} allowed"),
                                            size=f"{len(data):,}", limit=f"{MAX_UPLOAD_BYTES:,}"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _refused(name, None, Message(N_("not UTF-8 text: byte {position} cannot be decoded"),
                                            position=exc.start))
    records = csv_records(text)
    first = next(records, None)
    if first is None:
        return _refused(name, None, Message(N_("file is empty")))
    if first[1] is None:
        return _refused(name, 1, first[2] or Message(N_("bad CSV")))
    columns = [h.strip() for h in first[1]]
    if duplicated := header_problems(name, columns):
        return _refused(name, 1, "; ".join(f"{p.field}: {p.message}" for p in duplicated))
    fmt, why = _format_of(set(columns))
    if fmt is None:
        return _refused(name, 1, why)
    _, read_row, id_column = _FORMATS[fmt]
    problems = _Problems()
    defaults = {k: v for k, v in _ACLED_DEFAULTS.items() if k not in columns} if fmt == "ACLED" else {}
    for column, value in defaults.items():
        problems.add(Problem(name, 1, column, Message(
            N_("column missing; every row taken as {column} {value} (the date given is the day)"),
            column=column, value=value)))
    events: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    rejected: list[int] = []
    seen: set[str] = set()
    for line, cells, error in records:
        if len(events) + len(rejected) >= MAX_ROWS:
            problems.add(Problem(name, line, None, Message(
                N_("more than {limit} rows; the rest were not read"), limit=f"{MAX_ROWS:,}")))
            break
        if cells is None or len(cells) != len(columns):
            if cells is not None and not any(c.strip() for c in cells):
                continue  # a blank line
            message = error or Message(N_("expected {expected} cells, got {got}"),
                                       expected=len(columns), got=len(cells or ()))
            problems.add(Problem(name, line, None, message))
            rejected.append(line)
            continue
        row = {**defaults, **dict(zip(columns, cells, strict=True))}
        result, errors, replaced = _read_row(read_row, row, fmt)
        event_id = None if result is None or id_column in replaced else result[0]["event_id"]
        if event_id is not None and event_id in seen:
            errors.append(_RowError(id_column, Message(N_("duplicate id {value}"),
                                                       value=shown(row.get(id_column, "").strip()))))
        if errors:
            for error_in_row in errors:  # every problem of the row, all at once
                problems.add(Problem(name, line, error_in_row.field, error_in_row.message))
            rejected.append(line)
            continue
        assert result is not None
        event, event_claims = result
        seen.add(event["event_id"])
        events.append(event)
        claims.extend(event_claims)
    return Overlay(
        name=name,
        format=fmt,
        events=pd.DataFrame(events, columns=_EVENT_COLUMNS),
        claims=pd.DataFrame(claims, columns=_CLAIM_COLUMNS),
        problems=tuple(problems.kept),
        rejected=tuple(rejected),
        more_problems=problems.more,
    )


def overlay_cells(events: pd.DataFrame, *, degrees: float = CELL_DEGREES) -> pd.DataFrame:
    """Uploaded events counted per grid cell of ``degrees`` (drawn as the cell, not a point:
    no coordinate is made up).

    Returns
    -------
    pandas.DataFrame
        One row per cell holding events: ``south``, ``west`` (its corner), ``count``,
        ``first`` and ``last`` day, and ``types`` (the commonest types with counts).
    """
    if events.empty:
        return pd.DataFrame(columns=["south", "west", "count", "first", "last", "types"])
    cells = events.assign(
        south=(events["latitude"].astype(float) // degrees) * degrees,
        west=(events["longitude"].astype(float) // degrees) * degrees,
    )
    rows = []
    for (south, west), group in cells.groupby(["south", "west"], sort=True):
        counts = group["event_type"].value_counts()
        rows.append({
            "south": round(float(south), 6), "west": round(float(west), 6), "count": len(group),
            "first": min(group["date_start"]), "last": max(group["date_end"]),
            "types": "; ".join(f"{EVENT_TYPES[k].label}: {v}" for k, v in counts.head(5).items()),
        })
    return pd.DataFrame(rows)


def overlay_details(overlay: Overlay, event_id: str) -> Details | None:
    """The details panel's content for one uploaded event."""
    found = overlay.events[overlay.events["event_id"] == event_id]
    if found.empty:
        return None
    e = found.iloc[0]
    span = format_date(e["date_start"], "en")
    if e["date_end"] != e["date_start"]:
        span += f" – {format_date(e['date_end'], 'en')}"
    claims = overlay.claims[overlay.claims["event_id"] == event_id]
    table = pd.DataFrame(
        {
            "Claimant": list(claims["claimant"]),
            "Metric": [METRICS[m] for m in claims["metric"]],
            "Figure": [
                figure_text(int(low), int(high), "exact")
                for low, high in zip(claims["value_low"], claims["value_high"], strict=True)
            ],
            "Note": list(claims["note"]),
        }
    )
    return Details(
        kind="upload",
        feature_id=event_id,
        title=e["title"],
        facts=(
            ("From your file", f"{overlay.name} ({overlay.format})"),
            ("When", f"{span} ({DATE_PRECISIONS[e['date_precision']]})"),
            ("Type", EVENT_TYPES[e["event_type"]].label),
            ("Location", f"{e['location'] or 'unnamed'}: {e['latitude']:.4f} N, {e['longitude']:.4f} E"),
            ("Location precision", e["precision"]),
            ("Source given in the file", e["source"]),
        ),
        description=e["description"],
        claims=table,
    )
