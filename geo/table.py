"""One file as read: its valid rows and what was wrong with the others.

Reading (`geo.load`) makes a `Table` per file; the checks across files
(`geo.validate`) take tables and return tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.errors import Problem

__all__ = ["Table"]


@dataclass(frozen=True)
class Table:
    """The valid rows of one file, and what was wrong with the others.

    ``set_aside`` holds the rejected rows' cells that did parse (the others are
    None), so that the checks across rows and files can report every problem of
    a rejected row too, not only its first.
    """

    frame: pd.DataFrame
    problems: tuple[Problem, ...] = ()
    rejected_rows: tuple[int, ...] = ()
    set_aside: pd.DataFrame | None = None
