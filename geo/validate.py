"""Checks across rows and files (``python -m geo.validate`` runs them: see `geo.cli`).

Row-level checks (types, vocabularies, geometry) happen while reading, in
`geo.reading` and `geo.geojson`; here are the checks that need more than one row: unique ids,
ordered dates and ranges, and every reference resolving. A row that fails is
set aside with a problem naming file, row and field, and rows that depend on it
(a claim on a rejected event) are set aside with a problem of their own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

import pandas as pd

from geo.errors import Problem
from geo.i18n import N_, Message
from geo.registry import DATA_FILES, FILES
from geo.table import Table

__all__ = ["check_references", "id_date_mismatch"]

def _as_ids(value: object) -> tuple[str, ...]:
    if isinstance(value, tuple):
        return value
    return (str(value),) if value is not None else ()


def _all_rows(table: Table) -> pd.DataFrame:
    """Valid and set-aside rows together, in file order: every row gets every check."""
    if table.set_aside is None or table.set_aside.empty:
        return table.frame
    return _stack(table.frame, table.set_aside)


def _stack(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """The rows of both, in file order, with the columns of ``second`` (None stays None:
    `pd.concat` would turn it into NaN)."""
    columns = list(second.columns)
    records = first[columns].to_dict("records") + second.to_dict("records")
    records.sort(key=lambda r: r["_row"])
    return pd.DataFrame(records, columns=columns, dtype=object).astype({"_row": int})


def _duplicate_ids(name: str, frame: pd.DataFrame, column: str) -> Iterable[tuple[int, Problem]]:
    seen: dict[str, int] = {}
    for row, value in zip(frame["_row"], frame[column], strict=True):
        if value is None:
            continue
        if value in seen:
            yield row, Problem(name, row, column, Message(
                N_("duplicate id {value} (first on row {first})"),
                value=repr(value), first=seen[value]))
        else:
            seen[value] = row


# An event id begins with the date it starts: YYYY, YYYY-MM or YYYY-MM-DD, then a slug.
_ID_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?=-|$)")


def id_date_mismatch(event_id: str, start: dt.date) -> str | None:
    """The date an event id begins with, when it contradicts ``start``; else None.

    ``2022-09-16-some-event`` starting on 14 Sep gives ``"2022-09-16"``;
    ``2022-09-csto-mediation`` starting on 16 Sep, or an id without a date, gives None.
    """
    found = _ID_DATE.match(event_id)
    if found is None:
        return None
    parts = [p for p in found.groups() if p is not None]
    expected = [f"{start.year:04d}", f"{start.month:02d}", f"{start.day:02d}"][: len(parts)]
    return None if parts == expected else "-".join(parts)


def _event_rows(name: str, frame: pd.DataFrame) -> Iterable[tuple[int, Problem]]:
    seen: dict[tuple[object, ...], int] = {}
    names = ("_row", "event_id", "date_start", "date_end", "event_type", "title")
    columns = zip(*(frame[n] for n in names), strict=True)
    for row, event_id, start, end, event_type, title in columns:
        if start is None:
            continue
        said = id_date_mismatch(str(event_id), start) if event_id is not None else None
        if said is not None:
            yield row, Problem(
                name, row, "event_id",
                Message(
                    N_("the id says {said} but date_start is {start}: begin the id with the start date"),
                    said=said, start=start),
            )
        if end is None:
            continue
        if end < start:
            yield row, Problem(name, row, "date_end", Message(
                N_("{end} is before date_start {start}"),
                end=end, start=start))
        if event_type is None or title is None:
            continue
        key = (start, end, event_type, " ".join(str(title).casefold().split()))
        if key in seen:
            yield row, Problem(
                name, row, "title", Message(
                    N_("duplicate of the event on row {first} (same dates, type and title)"),
                    first=seen[key])
            )
        else:
            seen[key] = row


def _range_rows(name: str, frame: pd.DataFrame) -> Iterable[tuple[int, Problem]]:
    for row, low, high in zip(frame["_row"], frame["value_low"], frame["value_high"], strict=True):
        if low is not None and high is not None and low > high:
            yield row, Problem(name, row, "value_low", Message(
                N_("{low} is greater than value_high {high}"),
                low=low, high=high))
        elif (low is None) != (high is None):
            yield row, Problem(name, row, "value_high", Message(
                N_("give both value_low and value_high, or neither")))


# A claimant named as one side's state (its government, a ministry, an official body)
# speaks for that side. Words naming the Kyrgyz side, and the Tajik side:
_SIDE_WORDS = {
    "KG": re.compile(r"\bKyrgyz(?:stan|stani)?\b|\bBatken\b", re.IGNORECASE),
    "TJ": re.compile(r"\bTajik(?:istan|istani)?\b|\bSughd\b|\bIsfara\b", re.IGNORECASE),
}
_STATE_TYPES = frozenset({"government", "ministry"})


def _side_named(claimant: str) -> str | None:
    """The one side a claimant's name points to (before any "via ..."), or None."""
    name = re.split(r"\(|,| via | as (?:reported|cited) ", claimant, maxsplit=1)[0]
    named = [side for side, words in _SIDE_WORDS.items() if words.search(name)]
    return named[0] if len(named) == 1 else None


def _claimant_side_problem(claimant: str, side: str, claimant_type: str) -> str | None:
    if claimant_type not in _STATE_TYPES:
        return None
    if side == "independent":
        return Message(N_("a {kind} claimant speaks for one side: KG or TJ, not independent"),
                       kind=claimant_type)
    named = _side_named(claimant)
    if named is not None and named != side:
        return Message(N_("{claimant} names the {named} side's state, but claimant_side is {side}"),
                       claimant=repr(claimant), named=named, side=side)
    return None


def _repeat_problems(frame: pd.DataFrame) -> Iterable[tuple[int, str]]:
    """(row, message) for every `repeats` that does not resolve, crosses events or
    metrics, or closes a cycle."""
    names = ("_row", "claim_id", "event_id", "metric", "repeats")
    rows = {c: (r, e, m, rep) for r, c, e, m, rep in zip(*(frame[n] for n in names), strict=True)}
    for claim_id, (row, event_id, metric, target) in rows.items():
        if target is None:
            continue
        if target not in rows:
            yield row, Message(N_("unknown claim {id}: not among the claims"), id=repr(target))
            continue
        _, target_event, target_metric, _ = rows[target]
        if (target_event, target_metric) != (event_id, metric):
            yield row, Message(
                N_("repeats {id}, which is about {theirs}, not {ours}: "
                   "a repeat has the same event and metric"),
                id=repr(target), theirs=f"{target_event}/{target_metric}", ours=f"{event_id}/{metric}",
            )
        seen, current = {claim_id}, target
        while current in rows and rows[current][3] is not None:
            current = rows[current][3]
            if current in seen:
                yield row, Message(N_("repeats form a cycle through {id}"), id=repr(claim_id))
                break
            seen.add(current)


def _claim_rows(name: str, frame: pd.DataFrame) -> Iterable[tuple[int, Problem]]:
    yield from _range_rows(name, frame)
    names = ("_row", "claimant", "claimant_side", "claimant_type")
    for row, claimant, side, claimant_type in zip(*(frame[n] for n in names), strict=True):
        if side is None or claimant is None:  # an empty or invalid cell is reported already
            continue
        message = _claimant_side_problem(str(claimant), side, claimant_type)
        if message:
            yield row, Problem(name, row, "claimant_side", message)
    if "repeats" in frame:
        for row, message in _repeat_problems(frame):
            yield row, Problem(name, row, "repeats", message)


_ROW_CHECKS: dict[str, Callable[[str, pd.DataFrame], Iterable[tuple[int, Problem]]]] = {
    "events.csv": _event_rows,
    "claims.csv": _claim_rows,
    "statistics.csv": _range_rows,
}


def _reject(table: Table, found: list[tuple[int, Problem]]) -> Table:
    if not found:
        return table
    bad_rows = {row for row, _ in found}
    frame = table.frame[~table.frame["_row"].isin(bad_rows)]
    moved = table.frame[table.frame["_row"].isin(bad_rows)]
    set_aside = table.set_aside
    if len(moved):
        set_aside = moved if set_aside is None or set_aside.empty else _stack(moved, set_aside)
    return Table(
        frame,
        table.problems + tuple(p for _, p in found),
        tuple(sorted(set(table.rejected_rows) | bad_rows)),
        set_aside,
    )


def _row_checks(tables: dict[str, Table]) -> dict[str, Table]:
    """Unique ids and row invariants over every row, valid or not, then one rejection:
    a duplicate id does not hide the same row's end-before-start."""
    checked = {}
    for name, table in tables.items():
        rows = _all_rows(table)
        found: list[tuple[int, Problem]] = []
        column = FILES[name].id_column if name in FILES else None
        if column and column in rows and len(rows):
            found.extend(_duplicate_ids(name, rows, column))
        if name in _ROW_CHECKS and len(rows):
            found.extend(_ROW_CHECKS[name](name, rows))
        checked[name] = _reject(table, found)
    return checked


def _ids_of(frame: pd.DataFrame | None, key: str) -> dict[str, int]:
    if frame is None or frame.empty or key not in frame:
        return {}
    return {str(v): int(r) for v, r in zip(frame[key], frame["_row"], strict=True) if v is not None}


def check_references(tables: dict[str, Table]) -> tuple[dict[str, Table], list[Problem]]:
    """Check ids, row invariants and references; set aside failing rows.

    Every check runs over every row, the set-aside ones too, so each row's
    problems are all reported. A row is set aside for a reference only when the
    id exists nowhere, or when it needs the row it names (`geo.registry.Reference`).

    Parameters
    ----------
    tables
        Every file's `Table` as read by `geo.load`.

    Returns
    -------
    tuple
        The tables with failing rows removed (their problems added), and the
        notes on set-aside rows that other rows still name.
    """
    tables = _row_checks(dict(tables))
    unreadable = {n for n, t in tables.items() if t.frame.empty and not t.rejected_rows and t.problems}
    notes: list[Problem] = []
    # (target file, its set-aside row, id) -> {file naming it: how many of its valid rows}
    naming: dict[tuple[str, int, str], dict[str, int]] = {}
    # Files referring to events come after events have lost their bad rows, so
    # a claim on a rejected event is reported rather than kept dangling.
    references = [(f.name, r.column, r.target, r.target_column, r.needs)
                  for f in DATA_FILES if f.name in tables for r in f.references]
    for name, column, target, target_column, needs in references:
        if target in unreadable and not needs:
            notes.append(Problem(name, None, column, Message(
                N_("not checked: {file} could not be read; the rows are shown without what it would give"),
                file=target)))
            continue
        table, target_table = tables[name], tables[target]
        key = target_column or FILES[target].id_column or ""  # the registry test: every target has one
        known = set(target_table.frame[key]) if len(target_table.frame) else set()
        aside = _ids_of(target_table.set_aside, key)
        found: list[tuple[int, Problem]] = []
        rows = _all_rows(table)
        valid_rows = set(table.frame["_row"])
        for row, value in zip(rows["_row"], rows[column], strict=True):
            for ref in _as_ids(value):
                if ref in known:
                    continue
                if ref in aside and not needs:
                    if row in valid_rows:
                        counts = naming.setdefault((target, aside[ref], ref), {})
                        counts[name] = counts.get(name, 0) + 1
                    continue
                found.append((row, Problem(name, row, column, Message(
                    N_("unknown id {id}: refers to {file} row {row}, which was set aside") if ref in aside
                    else N_("unknown id {id}: not among the valid rows of {file}"),
                    id=repr(ref), file=target, row=aside.get(ref)))))
        tables[name] = _reject(table, found)
    for (target, row, ref), counts in naming.items():
        files = ", ".join(f"{n} ({c})" for n, c in counts.items())
        notes.append(Problem(target, row, None, Message(
            N_("set aside, so {id} is missing from the valid rows that name it, which are kept: {files}"),
            id=repr(ref), files=files)))
    return tables, notes


if __name__ == "__main__":  # ``python -m geo.validate``: the command lives in geo.cli
    from geo.cli import validate_main

    raise SystemExit(validate_main())
