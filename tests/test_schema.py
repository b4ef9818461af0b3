"""One cell at a time: every kind of value, good and bad, with the message it gets."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.schema import Column, parse_cell
from geo.vocabulary import EVENT_TYPES


@pytest.mark.parametrize(
    ("column", "raw", "expected"),
    [
        (Column("d", "date"), "2022-09-14", dt.date(2022, 9, 14)),
        (Column("d", "date"), " 2022-09-14 ", dt.date(2022, 9, 14)),
        (Column("n", "int"), "136770", 136770),
        (Column("x", "float"), "70.5", 70.5),
        (Column("i", "ids"), "a; b;c", ("a", "b", "c")),
        (Column("i", "ids", required=False), "", ()),
        (Column("u", "url"), "https://example.org/x?y=1", "https://example.org/x?y=1"),
        (Column("b", "bool"), True, True),
        (Column("b", "bool"), "false", False),
        (Column("t", "vocab", vocab=EVENT_TYPES), "shelling", "shelling"),
        (Column("t", "text", required=False), None, None),
    ],
)
def test_parse_cell_accepts(column: Column, raw: object, expected: object) -> None:
    assert parse_cell(column, raw) == expected


@pytest.mark.parametrize(
    ("column", "raw", "message"),
    [
        (Column("d", "date"), "14/09/2022", r"expected a date as YYYY-MM-DD, got '14/09/2022'"),
        (Column("d", "date"), "2022-02-30", r"expected a date as YYYY-MM-DD, got '2022-02-30'"),
        (Column("d", "date"), "1950-01-01", r"expected a date between 1991-01-01 and .*, got '1950-01-01'"),
        (Column("n", "int"), "-3", r"expected a number of 0 or more, got '-3'"),
        (Column("n", "int"), "about 100", r"expected a whole number, got 'about 100'"),
        (Column("x", "float"), "nan", r"expected a finite number, got 'nan'"),
        (Column("i", "ids"), "a;;b", r"expected ids separated by ';' with none empty"),
        (Column("i", "ids"), "a b", r"expected an id of letters, digits"),
        (Column("u", "url"), "javascript:alert(1)", r"expected an http\(s\) URL, got 'javascript:alert\(1\)'"),
        (Column("u", "url"), "ftp://example.org", r"expected an http\(s\) URL"),
        (Column("b", "bool"), "yes", r"expected true or false, got 'yes'"),
        (Column("t", "vocab", vocab=EVENT_TYPES), "battle", r"expected one of .*armed_clash.*; got 'battle'"),
        (Column("t", "text"), "", r"required, but empty"),
        (Column("t", "text"), "x" * 5001, r"expected at most 5000 characters, got 5001"),
    ],
)
def test_parse_cell_rejects(column: Column, raw: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_cell(column, raw)
