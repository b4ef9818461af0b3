"""Reading one CSV file of the data folder, and the cells of any file, reporting every problem.

The file is read row by row with the standard library's ``csv`` module (so line
numbers are exact and nothing is executed), every cell is parsed against its
`geo.registry` column (`geo.schema.parse_cell`), and a row with any problem is set
aside and reported rather than silently dropped. Uploads (`geo.uploads`) read their
CSV with the same `csv_records` and `header_problems`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from geo.errors import Problem
from geo.i18n import N_, Message
from geo.registry import FILES
from geo.schema import Column, error_message, parse_cell
from geo.table import Table

__all__ = ["MAX_FILE_BYTES", "CellMemo", "csv_records", "empty_frame", "frame_of", "header_problems",
           "parse_record", "read_csv_table", "read_text"]

# The csv module's own limit (128 KiB) would abort the file at an enormous field;
# raise it so the field is read and reported by the schema's length check instead.
# A million events make an events.csv of ~150 MB; the limit leaves room for three times that.
csv.field_size_limit(MAX_FILE_BYTES := 512 * 1024 * 1024)


def empty_frame(columns: tuple[Column, ...]) -> pd.DataFrame:
    frame = pd.DataFrame({c.name: pd.Series(dtype=object) for c in columns})
    return frame.assign(_row=pd.Series(dtype=int))


def read_text(path: Path, name: str) -> tuple[str | None, list[Problem]]:
    if not path.is_file():
        return None, [Problem(name, None, None, Message(N_("file not found at {path}"), path=path))]
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [
            Problem(name, None, None, Message(
                N_("file is {size} bytes; at most {most} allowed"),
                size=size, most=MAX_FILE_BYTES))
        ]
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [
            Problem(name, None, None, Message(
                N_("not UTF-8 text: byte {at} cannot be decoded"),
                at=exc.start))
        ]


# Distinct cell values remembered per column while a file is read (see CellMemo).
MEMO_VALUES = 10_000


class CellMemo:
    """`parse_cell` remembering what each distinct cell gave, per column.

    A million events repeat a few thousand dates, a dozen types and a few hundred places:
    each is parsed once, and the rows share one parsed object (a third of the memory).
    Keyed by the value's type too: JSON's ``true`` and ``1`` are equal in Python.
    """

    def __init__(self) -> None:
        self._seen: dict[str, dict[tuple[type, Any], tuple[Any, str | None]]] = {}

    def parse(self, column: Column, raw: Any) -> tuple[Any, str | None]:
        """The parsed value and None, or None and what is wrong with it."""
        seen = self._seen.setdefault(column.name, {})
        key = (type(raw), raw)
        try:
            return seen[key]
        except KeyError:
            pass
        except TypeError:  # a JSON list or object: not remembered
            return self._parsed(column, raw)
        found = self._parsed(column, raw)
        if len(seen) < MEMO_VALUES:
            seen[key] = found
        return found

    @staticmethod
    def _parsed(column: Column, raw: Any) -> tuple[Any, str | None]:
        try:
            return parse_cell(column, raw), None
        except ValueError as exc:
            return None, error_message(exc)


def parse_record(
    name: str, row_number: int, columns: tuple[Column, ...], record: dict[str, Any],
    memo: CellMemo | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    memo = memo or CellMemo()
    parsed: dict[str, Any] = {}
    problems: list[Problem] = []
    for column in columns:
        parsed[column.name], error = memo.parse(column, record.get(column.name))
        if error is not None:
            problems.append(Problem(name, row_number, column.name, error))
    return parsed, problems


def csv_records(text: str) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """Rows of CSV ``text`` (strict quoting) with their 1-based line numbers.

    Yields ``(line, cells, None)`` per row, and ``(line, None, message)`` for a row
    that is not well-formed CSV. Reading goes on at the next line after a bad row,
    so a quoting error costs that row only (an unclosed quote would otherwise swallow
    the rest of the file as one cell).
    """
    lines = io.StringIO(text, newline="").readlines()
    start = 0
    while start < len(lines):
        reader = csv.reader((lines[i] for i in range(start, len(lines))), strict=True)
        while True:
            line = start + reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield line, None, Message(N_("bad CSV: {error}; this row is set aside"), error=str(exc))
                start = line  # the line after the bad row's first one
                break
            yield line, cells, None


def header_problems(name: str, header: list[str]) -> list[Problem]:
    """Duplicate column names: the reader would keep only one of the two cells."""
    seen: set[str] = set()
    problems = []
    for column in header:
        if column in seen:
            problems.append(Problem(name, 1, column, Message(
                N_("column appears more than once in the header"))))
        seen.add(column)
    return problems


def read_csv_table(path: Path, *, name: str | None = None) -> Table:
    """Read one CSV file of the data directory against its column specification.

    Parameters
    ----------
    path
        The file to read.
    name
        The file's name in `geo.registry.FILES`; defaults to the file name.

    Returns
    -------
    Table
        Valid rows (with parsed values) and a problem for everything else.
    """
    name = name or path.name
    columns = FILES[name].columns
    text, problems = read_text(path, name)
    if text is None:
        return Table(empty_frame(columns), tuple(problems))
    records = csv_records(text)
    first = next(records, None)
    if first is None:
        return Table(empty_frame(columns), (Problem(name, None, None, Message(N_("file is empty"))),))
    if first[1] is None:
        return Table(empty_frame(columns), (Problem(name, 1, None, first[2] or Message(N_("bad CSV"))),))
    header = [h.strip() for h in first[1]]
    # An optional column may be left out of the header; its cells then count as empty.
    missing = [c.name for c in columns if c.required and c.name not in header]
    if missing:
        problems.append(Problem(name, 1, None, Message(
            N_("missing column(s): {columns}"),
            columns=", ".join(missing))))
    problems.extend(header_problems(name, header))
    if problems:
        return Table(empty_frame(columns), tuple(problems))
    known = {c.name for c in columns}
    problems.extend(
        Problem(name, 1, h, Message(
            N_("unknown column (typo?); it is ignored"))) for h in header if h not in known
    )
    rows: list[tuple[Any, ...]] = []
    partial: list[dict[str, Any]] = []
    rejected: list[int] = []
    memo = CellMemo()
    for line, cells, error in records:
        if cells is None:
            problems.append(Problem(name, line, None, error or Message(N_("bad CSV"))))
            rejected.append(line)
            continue
        if not any(cell.strip() for cell in cells):
            continue  # a blank line carries nothing to lose
        if len(cells) != len(header):
            problems.append(
                Problem(name, line, None, Message(
                    N_("expected {expected} cells, got {got}"),
                    expected=len(header), got=len(cells)))
            )
            rejected.append(line)
            continue
        record, row_problems = parse_record(name, line, columns, dict(zip(header, cells, strict=True)), memo)
        record["_row"] = line
        if row_problems:
            problems.extend(row_problems)
            rejected.append(line)
            partial.append(record)
            continue
        rows.append(tuple(record.values()))  # a tuple holds a row in a quarter of a dict's memory
    if not rows and not rejected and FILES[name].must_have_rows:
        problems.append(Problem(name, None, None, Message(N_("header only: the file has no data rows"))))
    return Table(frame_of(rows, columns), tuple(problems), tuple(rejected), frame_of(partial, columns))


def frame_of(
    records: Sequence[dict[str, Any]] | Sequence[tuple[Any, ...]], columns: tuple[Column, ...]
) -> pd.DataFrame:
    # dtype=object keeps None as None (pandas would turn a missing text into NaN)
    if not records:
        return empty_frame(columns)
    return pd.DataFrame(records, columns=[*(c.name for c in columns), "_row"], dtype=object).astype(
        {"_row": int}
    )

