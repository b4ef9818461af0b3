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

import csv
import datetime as dt
import io
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from geo.details import Details, figure_text
from geo.errors import Problem
from geo.load import REGION_BOUNDS, csv_rows
from geo.schema import RECORD_END, RECORD_START
from geo.vocabulary import DATE_PRECISIONS, EVENT_TYPES, METRICS

__all__ = ["MAX_UPLOAD_BYTES", "Overlay", "overlay_details", "read_overlay"]

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
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


def _require(row: Mapping[str, str], name: str) -> str:
    value = (row.get(name) or "").strip()
    if not value:
        raise _RowError(name, "required, but empty")
    return value


def _date(row: Mapping[str, str], name: str) -> dt.date:
    text = _require(row, name)
    for parse in (dt.date.fromisoformat, lambda t: dt.datetime.strptime(t, "%d %B %Y").date()):
        try:
            value = parse(text)
        except ValueError:
            continue
        if not RECORD_START <= value <= RECORD_END:
            raise _RowError(name, f"expected a date between {RECORD_START} and {RECORD_END}, got {text!r}")
        return value
    raise _RowError(name, f"expected a date as YYYY-MM-DD or '16 September 2022', got {text!r}")


def _number(row: Mapping[str, str], name: str, *, whole: bool = False) -> float:
    text = _require(row, name)
    try:
        value = float(text)
    except ValueError:
        raise _RowError(name, f"expected a number, got {text!r}") from None
    if not math.isfinite(value) or (whole and (value < 0 or value != int(value))):
        expected = "a whole number of 0 or more" if whole else "a finite number"
        raise _RowError(name, f"expected {expected}, got {text!r}")
    return value


def _point(row: Mapping[str, str]) -> tuple[float, float]:
    lat, lon = _number(row, "latitude"), _number(row, "longitude")
    west, south, east, north = REGION_BOUNDS
    if not (west <= lon <= east and south <= lat <= north):
        raise _RowError(
            "latitude",
            f"({lat}, {lon}) is outside the atlas's region (lat {south}–{north}, lon {west}–{east}); "
            "swapped latitude and longitude?",
        )
    return lat, lon


def _code(row: Mapping[str, str], name: str, table: Mapping[str, Any]) -> Any:
    text = _require(row, name)
    if text not in table:
        raise _RowError(name, f"expected one of {', '.join(sorted(table))}; got {text!r}")
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
    sub_type = (row.get("sub_event_type") or "").strip()
    lat, lon = _point(row)
    event_id = _require(row, "event_id_cnty")
    location = (row.get("location") or "").strip()
    event = {
        "event_id": event_id, "date_start": start, "date_end": end, "date_precision": precision,
        "event_type": _ACLED_SUBTYPES.get(sub_type, main_type),
        "title": f"{row['event_type'].strip()}: {sub_type or 'unspecified'} — {location or 'no place name'}",
        "description": (row.get("notes") or "").strip(),
        "latitude": lat, "longitude": lon, "location": location,
        "precision": "exact" if (row.get("geo_precision") or "").strip() == "1" else "approximate",
        "source": (row.get("source") or "").strip() or "ACLED",
    }
    fatalities = int(_number(row, "fatalities", whole=True))
    claims = [{"event_id": event_id, "claimant": "ACLED", "metric": "killed", "value_low": fatalities,
               "value_high": fatalities, "note": "ACLED 'fatalities' (a conservative estimate by design)"}]
    return event, claims


_UCDP_PRECISION = {"1": "day", "2": "range", "3": "week", "4": "month", "5": "range"}
_UCDP_TYPES = {"1": "armed_clash", "2": "communal_clash", "3": "civilian_harm"}


def _ucdp(row: Mapping[str, str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    start, end = _date(row, "date_start"), _date(row, "date_end")
    if end < start:
        raise _RowError("date_end", f"{end} is before date_start {start}")
    event_id = f"ucdp-{_require(row, 'id')}"
    lat, lon = _point(row)
    side_a, side_b = (row.get("side_a") or "").strip(), (row.get("side_b") or "").strip()
    event = {
        "event_id": event_id, "date_start": start, "date_end": end,
        "date_precision": _code(row, "date_prec", _UCDP_PRECISION),
        "event_type": _code(row, "type_of_violence", _UCDP_TYPES),
        "title": f"{side_a or '?'} – {side_b or '?'}",
        "description": (row.get("source_article") or "").strip(),
        "latitude": lat, "longitude": lon, "location": (row.get("where_coordinates") or "").strip(),
        "precision": "exact" if (row.get("where_prec") or "").strip() == "1" else "approximate",
        "source": "UCDP GED",
    }
    low, high, best = (int(_number(row, n, whole=True)) for n in ("low", "high", "best"))
    if low > high:
        raise _RowError("low", f"{low} is greater than high {high}")
    claims = [{"event_id": event_id, "claimant": "UCDP GED", "metric": "killed", "value_low": low,
               "value_high": high, "note": f"UCDP best estimate {best}"}]
    civilians = (row.get("deaths_civilians") or "").strip()
    if civilians:
        count = int(_number(row, "deaths_civilians", whole=True))
        claims.append({"event_id": event_id, "claimant": "UCDP GED", "metric": "killed_civilians",
                       "value_low": count, "value_high": count, "note": "UCDP deaths_civilians"})
    return event, claims


def _atlas(row: Mapping[str, str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    start, end = _date(row, "date_start"), _date(row, "date_end")
    if end < start:
        raise _RowError("date_end", f"{end} is before date_start {start}")
    lat, lon = _point(row)
    event = {
        "event_id": _require(row, "event_id"), "date_start": start, "date_end": end,
        "date_precision": _code(row, "date_precision", {k: k for k in DATE_PRECISIONS}),
        "event_type": _code(row, "event_type", {k: k for k in EVENT_TYPES}),
        "title": _require(row, "title"), "description": (row.get("description") or "").strip(),
        "latitude": lat, "longitude": lon, "location": (row.get("location_note") or "").strip(),
        "precision": "exact", "source": (row.get("source_ids") or "").strip() or "uploaded file",
    }
    return event, []


# format name -> (columns that identify it, row reader, the column holding the row's id)
_FORMATS: Mapping[str, tuple[frozenset[str], Callable[[Mapping[str, str]], tuple[dict, list]], str]] = {
    "ACLED": (frozenset({"event_id_cnty", "event_date", "time_precision", "event_type", "latitude",
                         "longitude", "fatalities"}), _acled, "event_id_cnty"),
    "UCDP GED": (frozenset({"id", "date_start", "date_end", "date_prec", "type_of_violence", "latitude",
                            "longitude", "best", "low", "high"}), _ucdp, "id"),
    "atlas CSV": (frozenset({"event_id", "date_start", "date_end", "date_precision", "event_type", "title",
                             "latitude", "longitude"}), _atlas, "event_id"),
}


def _refused(name: str, row: int | None, message: str) -> Overlay:
    """An overlay with no events and the one reason the file could not be read."""
    events, claims = pd.DataFrame(columns=_EVENT_COLUMNS), pd.DataFrame(columns=_CLAIM_COLUMNS)
    return Overlay(name, "?", events, claims, (Problem(name, row, None, message),))


def read_overlay(name: str, data: bytes) -> Overlay:
    """Parse an uploaded CSV in any supported format; never raises for bad content."""
    if len(data) > MAX_UPLOAD_BYTES:
        return _refused(name, None, f"file is {len(data):,} bytes; at most {MAX_UPLOAD_BYTES:,} allowed")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _refused(name, None, f"not UTF-8 text: byte {exc.start} cannot be decoded")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = {h.strip() for h in (reader.fieldnames or [])}
    except csv.Error as exc:
        return _refused(name, 1, f"bad CSV: {exc}")
    fmt = next((f for f, (columns, *_) in _FORMATS.items() if columns <= header), None)
    if fmt is None:
        expected = "; ".join(f"{f}: {', '.join(sorted(c))}" for f, (c, *_) in _FORMATS.items())
        return _refused(name, 1, f"not a known format; expected the columns of {expected}")
    _, read_row, id_column = _FORMATS[fmt]
    events, claims, problems, rejected, seen = [], [], [], [], set()
    for line, row, error in csv_rows(reader):
        if error:
            problems.append(Problem(name, line, None, error))
            rejected.append(line)
            break
        if len(events) + len(rejected) >= MAX_ROWS:
            problems.append(Problem(name, line, None, f"more than {MAX_ROWS:,} rows; the rest were not read"))
            break
        row = {(k or "").strip(): v for k, v in row.items() if isinstance(v, str)}
        try:
            event, event_claims = read_row(row)
            if event["event_id"] in seen:
                raise _RowError(id_column, f"duplicate id {row.get(id_column, '').strip()!r}")
        except _RowError as exc:
            problems.append(Problem(name, line, exc.field, str(exc)))
            rejected.append(line)
            continue
        seen.add(event["event_id"])
        events.append(event)
        claims.extend(event_claims)
    return Overlay(
        name=name,
        format=fmt,
        events=pd.DataFrame(events, columns=_EVENT_COLUMNS),
        claims=pd.DataFrame(claims, columns=_CLAIM_COLUMNS),
        problems=tuple(problems),
        rejected=tuple(rejected),
    )


def overlay_details(overlay: Overlay, event_id: str) -> Details | None:
    """The details panel's content for one uploaded event."""
    found = overlay.events[overlay.events["event_id"] == event_id]
    if found.empty:
        return None
    e = found.iloc[0]
    span = f"{e['date_start']:%d %b %Y}"
    if e["date_end"] != e["date_start"]:
        span += f" – {e['date_end']:%d %b %Y}"
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
