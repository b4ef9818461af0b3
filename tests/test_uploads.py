"""Uploaded files in three formats: mapped onto our model, every row kept or reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geo.uploads import MAX_UPLOAD_BYTES, read_overlay

UPLOADS = Path(__file__).resolve().parent / "fixtures" / "uploads"
D = dt.date


def _read(name: str):
    return read_overlay(name, (UPLOADS / name).read_bytes())


def test_acled_export_is_mapped() -> None:
    overlay = _read("acled_fictional.csv")
    assert overlay.format == "ACLED"
    events = overlay.events.set_index("event_id")
    assert list(events.index) == ["KGZ0001", "KGZ0002", "KGZ0003"]
    assert (events.loc["KGZ0001", "event_type"], events.loc["KGZ0001", "precision"]) == ("armed_clash", "exact")
    # time_precision 2: the ISO week around the date; sub-type drone strike
    assert (events.loc["KGZ0002", "date_start"], events.loc["KGZ0002", "date_end"]) == (D(2022, 9, 12), D(2022, 9, 18))
    assert events.loc["KGZ0002", "event_type"] == "drone_strike"
    # time_precision 3: the calendar month; Strategic developments/Agreement -> agreement
    assert (events.loc["KGZ0003", "date_start"], events.loc["KGZ0003", "date_end"]) == (D(2022, 9, 1), D(2022, 9, 30))
    assert events.loc["KGZ0003", "event_type"] == "agreement"
    claim = overlay.claims.set_index("event_id").loc["KGZ0001"]
    assert (claim["claimant"], claim["metric"], claim["value_low"]) == ("ACLED", "killed", 3)


def test_acled_bad_rows_are_reported_with_row_and_field() -> None:
    messages = [str(p) for p in _read("acled_fictional.csv").problems]
    assert messages == [
        "acled_fictional.csv:5:latitude: (70.5, 40.0) is outside the atlas's region (lat 38.0–42.0, lon 67.0–76.0); swapped latitude and longitude?",
        "acled_fictional.csv:6:fatalities: expected a whole number, got 'several'",
    ]
    assert _read("acled_fictional.csv").rejected == (5, 6)


def test_ucdp_ged_is_mapped_with_low_best_high_as_a_claim() -> None:
    overlay = _read("ucdp_fictional.csv")
    assert overlay.format == "UCDP GED"
    events = overlay.events.set_index("event_id")
    assert events.loc["ucdp-900001", "event_type"] == "armed_clash"
    assert events.loc["ucdp-900002", ["event_type", "date_precision"]].tolist() == ["civilian_harm", "month"]
    killed = overlay.claims[(overlay.claims["event_id"] == "ucdp-900001") & (overlay.claims["metric"] == "killed")].iloc[0]
    assert (killed["value_low"], killed["value_high"], killed["note"]) == (5, 9, "UCDP best estimate 6")
    assert [str(p) for p in overlay.problems] == ["ucdp_fictional.csv:4:low: 4 is greater than high 1"]


def test_own_schema_with_coordinates() -> None:
    overlay = _read("atlas_fictional.csv")
    assert overlay.format == "atlas CSV"
    assert list(overlay.events["event_id"]) == ["my-1"]
    assert [str(p) for p in overlay.problems] == ["atlas_fictional.csv:3:date_end: 2022-09-15 is before date_start 2022-09-16"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a,b,c\n1,2,3\n", "up.csv:1: not a known format; expected the columns of ACLED:"),
        (b"\xff\xfe\x00", "up.csv: not UTF-8 text: byte 0 cannot be decoded"),
        (b"x" * (MAX_UPLOAD_BYTES + 1), f"up.csv: file is {MAX_UPLOAD_BYTES + 1:,} bytes; at most {MAX_UPLOAD_BYTES:,} allowed"),
    ],
)
def test_unusable_uploads_say_why(content: bytes, message: str) -> None:
    overlay = read_overlay("up.csv", content)
    assert overlay.events.empty
    assert str(overlay.problems[0]).startswith(message)


def test_html_in_an_upload_stays_text() -> None:
    row = b'my-9,2022-09-15,2022-09-15,day,talks,"<script>alert(1)</script>",x,40.05,70.8,s,\n'
    header = (UPLOADS / "atlas_fictional.csv").read_bytes().splitlines()[0] + b"\n"
    overlay = read_overlay("up.csv", header + row)
    assert overlay.events.iloc[0]["title"] == "<script>alert(1)</script>"


def test_a_duplicate_id_is_reported_under_the_formats_own_id_column() -> None:
    lines = (UPLOADS / "acled_fictional.csv").read_text("utf-8").splitlines()
    overlay = read_overlay("dup.csv", "\n".join([lines[0], lines[1], lines[1]]).encode("utf-8"))
    assert [str(p) for p in overlay.problems] == ["dup.csv:3:event_id_cnty: duplicate id 'KGZ0001'"]
    assert list(overlay.events["event_id"]) == ["KGZ0001"]


def test_every_problem_of_a_row_is_reported_at_once() -> None:
    header = "event_id_cnty,event_date,time_precision,event_type,sub_event_type,latitude,longitude,fatalities"
    data = (header + "\n"
            "K1,2022-13-40,1,Picnic,,39.9,70.5,several\n"          # bad date, type and count
            "K2,2022-09-14,9,Battles,,70.5,39.9,1\n"               # bad precision; swapped point
            "K3,2022-09-14,1,Battles,,39.9,70.5,2\n").encode()     # good
    overlay = read_overlay("multi.csv", data)
    found = [(p.row, p.field) for p in overlay.problems]
    assert found == [(2, "event_date"), (2, "event_type"), (2, "fatalities"),
                     (3, "time_precision"), (3, "latitude")]
    assert "swapped latitude and longitude?" in str(overlay.problems[-1])
    assert list(overlay.events["event_id"]) == ["K3"]
