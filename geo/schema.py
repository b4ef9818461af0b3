"""The `Column` of a data file, and the parsing of one cell.

The files and their columns are listed in `geo.registry`; parsing a cell is a
lookup of its column's `kind` in `_PARSERS`, so a new kind of value is one
function and one table entry.
Parsers raise `ValueError` with a message that states the expectation and
echoes the bad value; the loader turns that into a `Problem` with file, row and
field.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from geo.errors import shown
from geo.i18n import N_, Message
from geo.text import FORMULA_START, web_url

__all__ = [
    "Column", "parse_cell", "parse_count", "parse_date", "RECORD_START",
    "RECORD_END", "MAX_COUNT", "MAX_TEXT", "DATE_RE", "FLOAT_RE", "UNSAFE_TEXT", "REQUIRED", "bad",
    "either", "error_message", "not_one_of", "outside_record", "parse_number",
]

# The span a date may fall in: the record starts with independence-era
# disputes and must not hold dates in the future of the data's last edit.
RECORD_START = dt.date(1991, 1, 1)
RECORD_END = dt.date(2026, 12, 31)

MAX_TEXT = 5000
# The largest figure any claim or statistic can hold: more people than live in Central
# Asia (about 80 million) is a typo or an attack, not a claim.
MAX_COUNT = 100_000_000
# The largest length (km) or area (km²) a feature can have: the whole border is ~1,000 km.
MAX_MEASURE = 100_000.0
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$")
# ASCII only, one written form: Python's int()/float()/date.fromisoformat() would also take
# "4_1", full-width digits, "20050103" and "2005-W01-1", which no one writes in our files.
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
INT_RE = re.compile(r"^[0-9]+$")
FLOAT_RE = re.compile(
    r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$|^[+-]?(?:nan|inf|infinity)$", re.I
)
# NUL and other C0/C1 controls (tab and newlines are text) and the bidirectional
# overrides/isolates that make text display in another order than it is stored.
UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Column:
    """One column of a table (or one property of a GeoJSON feature).

    Parameters
    ----------
    name
        Column name as it appears in the header.
    kind
        One of the keys of ``_PARSERS``: ``id``, ``text``, ``date``, ``int``,
        ``float``, ``ids`` (semicolon-separated ids), ``url``, ``bool``,
        ``vocab`` (one code) or ``codes`` (semicolon-separated codes).
    required
        Whether an empty cell is a problem.
    vocab
        For ``kind="vocab"`` and ``kind="codes"``: the allowed codes.
    """

    name: str
    kind: str
    required: bool = True
    vocab: Mapping[str, Any] | None = None


REQUIRED = N_("required, but empty")


def bad(template: str, **values: object) -> ValueError:
    """The error of a cell: a `Message` from the catalog, shown in the reader's language."""
    return ValueError(Message(template, **values))


def error_message(exc: ValueError) -> str:
    """What a parser's error says, kept a `Message` when it is one (``str(exc)`` would not)."""
    first = exc.args[0] if exc.args else ""
    return first if isinstance(first, str) else str(exc)


def either(*names: str) -> str:
    """``a``, ``a or b``, ``a, b or c``: the ``or`` in the reader's language (`Message`)."""
    if len(names) < 2:
        return names[0] if names else ""
    return Message(N_("{first} or {second}"), first=", ".join(names[:-1]), second=names[-1])


def outside_record(text: str) -> ValueError:
    """A date outside `RECORD_START` – `RECORD_END`."""
    return bad(N_("expected a date between {first} and {last}, got {value}"),
               first=RECORD_START.isoformat(), last=RECORD_END.isoformat(), value=shown(text))


def not_one_of(vocab: Mapping[str, Any], text: str) -> ValueError:
    """A code not in ``vocab``."""
    return bad(N_("expected one of {allowed}; got {value}"), allowed=", ".join(sorted(vocab)),
               value=shown(text))


def parse_number(text: str) -> float:
    """A finite decimal number (``FLOAT_RE``)."""
    if not FLOAT_RE.match(text):
        raise bad(N_("expected a number, got {value}"), value=shown(text))
    value = float(text)
    if not math.isfinite(value):
        raise bad(N_("expected a finite number, got {value}"), value=shown(text))
    return value


def _parse_id(text: str) -> str:
    if not _ID_RE.match(text):
        raise bad(N_("expected an id of letters, digits and _ . : - (at most 80), got {value}"),
                  value=shown(text))
    return text


def _parse_text(text: str) -> str:
    if len(text) > MAX_TEXT:
        raise bad(N_("expected at most {limit} characters, got {count}"), limit=MAX_TEXT, count=len(text))
    if text.startswith(FORMULA_START):
        raise bad(
            N_("starts with {start}, which makes spreadsheets run the cell as a formula "
               "(the dataset zip holds these files as they are); reword it, got {value}"),
            start=repr(text[0]), value=shown(text),
        )
    if found := UNSAFE_TEXT.search(text):
        raise bad(
            N_("control or bidirectional-override character U+{code} at character {position}; remove it"),
            code=f"{ord(found.group()):04X}", position=found.start() + 1,
        )
    return text


def parse_date(text: str) -> dt.date:
    """An ISO calendar date ``YYYY-MM-DD`` within the record's span.

    Raises
    ------
    ValueError
        For any other form (``20050103``, ``2005-W01-1``) or a date outside
        `RECORD_START` – `RECORD_END`.
    """
    try:
        if not DATE_RE.match(text):
            raise ValueError
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise bad(N_("expected a date as YYYY-MM-DD, got {value}"), value=shown(text)) from None
    if not RECORD_START <= value <= RECORD_END:
        raise outside_record(text)
    return value


def parse_count(text: str) -> int:
    """A whole number from 0 to `MAX_COUNT`, written in ASCII digits.

    Raises
    ------
    ValueError
        Naming the expectation and echoing (a prefix of) the value.
    """
    if text.startswith("-") and INT_RE.match(text[1:]):
        raise bad(N_("expected a number of 0 or more, got {value}"), value=shown(text))
    if not INT_RE.match(text):
        raise bad(N_("expected a whole number, got {value}"), value=shown(text))
    if len(text) > len(str(MAX_COUNT)) or int(text) > MAX_COUNT:
        raise bad(N_("expected at most {limit}, got {value}"), limit=f"{MAX_COUNT:,}", value=shown(text))
    return int(text)


def _parse_float(text: str) -> float:
    value = parse_number(text)
    if value < 0:  # the only float columns are lengths and areas
        raise bad(N_("expected a number of 0 or more, got {value}"), value=shown(text))
    if value > MAX_MEASURE:
        raise bad(N_("expected at most {limit}, got {value}"), limit=f"{MAX_MEASURE:,.0f}", value=shown(text))
    return value


def _parse_ids(text: str) -> tuple[str, ...]:
    parts = [part.strip() for part in text.split(";")]
    if any(not part for part in parts):
        raise bad(N_("expected ids separated by ';' with none empty, got {value}"), value=shown(text))
    return tuple(_parse_id(part) for part in parts)


def _parse_url(text: str) -> str:
    if web_url(text) is None:
        raise bad(N_("expected an http(s) URL, got {value}"), value=shown(text))
    return text


def _parse_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered not in ("true", "false"):
        raise bad(N_("expected true or false, got {value}"), value=shown(text))
    return lowered == "true"


_PARSERS: Mapping[str, Callable[[str], Any]] = {
    "id": _parse_id,
    "text": _parse_text,
    "date": parse_date,
    "int": parse_count,
    "float": _parse_float,
    "ids": _parse_ids,
    "url": _parse_url,
    "bool": _parse_bool,
}


# The JSON types a GeoJSON property of each kind may hold (a CSV cell is always a str).
_JSON_TYPES: Mapping[str, tuple[type, ...]] = {
    "float": (str, int, float),
    "int": (str, int),
    "bool": (str, bool),
    "ids": (str, list),
}
_JSON_NAMES = {str: N_("a string"), int: N_("a number"), float: N_("a number"), bool: N_("true or false"),
               list: N_("a list of ids")}


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return Message(N_("true or false"))
    if isinstance(value, int | float):
        return Message(N_("a number"))
    if isinstance(value, list):
        return Message(N_("a list"))
    if isinstance(value, dict):
        return Message(N_("an object"))
    return type(value).__name__


def _cell_text(column: Column, raw: object) -> str:
    """The cell as text; a JSON value of the wrong type is a problem, not converted."""
    if raw is None:
        return ""
    allowed = _JSON_TYPES.get(column.kind, (str,))
    if type(raw) not in allowed:  # exact types: bool is not an int here, nor a str subclass
        names = either(*(Message(name) for name in dict.fromkeys(_JSON_NAMES[t] for t in allowed)))
        raise bad(N_("expected {names}, got {kind}"), names=names, kind=_json_kind(raw))
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float):
        return repr(raw)  # nan/inf come out as text the float parser refuses
    if isinstance(raw, list):
        if not all(type(item) is str for item in raw):
            raise bad(N_("expected a list of ids (strings)"))
        return ";".join(raw)
    if isinstance(raw, int):
        return str(raw)  # json refuses integers over 4,300 digits; the parsers check the range
    return str(raw).strip()


def parse_cell(column: Column, raw: object) -> Any:
    """Parse one cell according to its column.

    Parameters
    ----------
    column
        The column specification.
    raw
        The cell as read: a string from CSV, or any JSON value from GeoJSON.

    Returns
    -------
    Any
        The parsed value, or ``None`` (``()`` for ``ids``) for an empty
        optional cell.

    Raises
    ------
    ValueError
        With a message that states the expectation and echoes the value.
    """
    text = _cell_text(column, raw)
    if text == "":
        if column.required:
            raise bad(REQUIRED)
        return () if column.kind in ("ids", "codes") else None
    if column.kind == "codes":
        assert column.vocab is not None
        codes = _parse_ids(text)
        unknown = [code for code in codes if code not in column.vocab]
        if unknown:
            allowed = ", ".join(sorted(column.vocab))
            got = ", ".join(map(repr, unknown))
            raise bad(N_("expected codes from {allowed}, separated by ';'; got {value}"),
                      allowed=allowed, value=got)
        return codes
    if column.kind == "vocab":
        assert column.vocab is not None
        if text not in column.vocab:
            raise not_one_of(column.vocab, text)
        return text
    return _PARSERS[column.kind](text)
