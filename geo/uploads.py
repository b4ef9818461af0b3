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

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from geo.details import Details
from geo.errors import Problem, shown
from geo.i18n import N_, Message, format_date
from geo.reading import csv_records, header_problems
from geo.text import figure_text
from geo.upload_formats import FORMATS, RowError, read_row
from geo.vocabulary import DATE_PRECISIONS, EVENT_TYPES, METRICS

__all__ = ["MAX_PROBLEMS", "MAX_UPLOAD_BYTES", "Overlay", "overlay_cells", "overlay_details", "read_overlay"]

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
# The problems an overlay keeps (the rest are counted): a million short rows must not
# become a million lines sent to the browser.
MAX_PROBLEMS = 1_000
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


def _refused(name: str, row: int | None, message: str) -> Overlay:
    """An overlay with no events and the one reason the file could not be read."""
    events, claims = pd.DataFrame(columns=_EVENT_COLUMNS), pd.DataFrame(columns=_CLAIM_COLUMNS)
    return Overlay(name, "?", events, claims, (Problem(name, row, None, message),))


def _format_of(header: set[str]) -> tuple[str | None, str]:
    """The format whose columns the header holds, or why none fits (naming what is missing)."""
    fmt = next((f for f, (columns, *_) in FORMATS.items() if columns <= header), None)
    if fmt is not None:
        return fmt, ""
    nearest = max(FORMATS, key=lambda f: len(FORMATS[f][0] & header))
    missing = sorted(FORMATS[nearest][0] - header)
    if len(FORMATS[nearest][0] & header) >= 3:
        return None, Message(N_("looks like {format}, but column(s) {columns} are missing"),
                             format=nearest, columns=", ".join(missing))
    expected = "; ".join(f"{f}: {', '.join(sorted(c))}" for f, (c, *_) in FORMATS.items())
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
    _, reader, id_column = FORMATS[fmt]
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
        result, errors, replaced = read_row(reader, row, fmt)
        event_id = None if result is None or id_column in replaced else result[0]["event_id"]
        if event_id is not None and event_id in seen:
            errors.append(RowError(id_column, Message(N_("duplicate id {value}"),
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
