"""Typed errors and the `Problem` record every check reports.

Validation collects *every* problem and raises once (or returns them all), so a
user who edits a CSV by hand sees the whole list in one go, each line naming
the file, the row and the field.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable
from dataclasses import dataclass

from geo.i18n import in_language

__all__ = ["DataError", "Problem", "shown"]

# How much of a bad value a message echoes: enough to find it, never megabytes.
ECHO_CHARS = 60
_BOUNDED = reprlib.Repr()
_BOUNDED.maxlevel, _BOUNDED.maxlist, _BOUNDED.maxdict = 3, 4, 4
_BOUNDED.maxstring = _BOUNDED.maxother = _BOUNDED.maxlong = ECHO_CHARS


def shown(value: object, *, limit: int = ECHO_CHARS) -> str:
    """``repr`` of ``value``, cut to its first ``limit`` characters when longer.

    >>> shown("x" * 100, limit=3)
    "'xxx'… (100 characters)"
    """
    if not isinstance(value, str):
        return _BOUNDED.repr(value)  # depth- and size-limited: safe on deeply nested JSON
    if len(value) > limit:
        return f"{value[:limit]!r}… ({len(value):,} characters)"
    return repr(value)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input data.

    Parameters
    ----------
    file
        File name relative to the data directory, e.g. ``events.csv``.
    row
        1-based line number in a CSV (the header is line 1, so the first data
        row is line 2) or the 1-based feature number in a GeoJSON file;
        ``None`` when the problem concerns the whole file.
    field
        Column or property name; ``None`` when the problem concerns the row.
    message
        What is wrong, stating the expectation and echoing the bad value.
    """

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        return self.in_language("en")

    def in_language(self, lang: str) -> str:
        """``file:row:field: message``, the message in ``lang`` where it comes from a catalog
        (a `geo.i18n.Message`); the place and the values it echoes stay as they are."""
        message = in_language(self.message, lang)
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.field:
            where += f":{self.field}"
        return f"{where}: {message}"


class DataError(ValueError):
    """The data cannot be used as it is; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the data:\n{lines}")
