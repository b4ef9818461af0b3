"""Loading files: every bad input is reported as file:row:field, and nothing valid is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.errors import DataError, Problem
from geo.load import load_dataset


def test_tiny_dataset_loads_clean(tiny) -> None:
    assert tiny.problems == ()
    assert list(tiny.events["event_id"]) == ["e1", "e2", "e3", "e4", "e5"]
    assert tiny.events.loc[tiny.events["event_id"] == "e3", "place_ids"].item() == ("alpha", "beta")
    assert tiny.places.crs == "EPSG:4326"
    assert tiny.places.set_index("place_id").loc["gamma", "geometry"] is None


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"fixture does not contain {old!r}"
    path.write_text(text.replace(old, new, 1), "utf-8")


# (file, text to replace, replacement, the problem it must produce)
CSV_CASES = [
    ("events.csv", "e2,2022-09-14,2022-09-14", "e2,2022-09-14,2022-09-13", "events.csv:3:date_end: 2022-09-13 is before date_start 2022-09-14"),
    ("events.csv", "e2,2022-09-14,2022-09-14", "e2,14.09.2022,2022-09-14", "events.csv:3:date_start: expected a date as YYYY-MM-DD, got '14.09.2022'"),
    ("events.csv", ",shelling,", ",bombing,", "events.csv:3:event_type: expected one of"),
    ("events.csv", ",day,shelling", ",daily,shelling", "events.csv:3:date_precision: expected one of"),
    ("events.csv", ",beta,,s1;s2,", ",nowhere,,s1;s2,", "events.csv:3:place_ids: unknown id 'nowhere': not among the valid rows of places.geojson"),
    ("events.csv", ",beta,,s1;s2,", ",beta,,s1;s9,", "events.csv:3:source_ids: unknown id 's9': not among the valid rows of sources.csv"),
    ("events.csv", "e3,2022-09-16", "e2,2022-09-16", "events.csv:4:event_id: duplicate id 'e2' (first on row 3)"),
    ("events.csv", "e4,2022-09-16,2022-09-16,day,talks,Talks abroad,Leaders met.,,,s1,", "e4,2022-09-16,2022-09-16,day,talks,Talks abroad,Leaders met.,,,s1,,extra", "events.csv:5: expected 11 cells, got 12"),
    ("events.csv", "Shelling of Beta", "", "events.csv:3:title: required, but empty"),
    ("claims.csv", ",3,5,about", ",5,3,about", "claims.csv:3:value_low: 5 is greater than value_high 3"),
    ("claims.csv", ",10,10,exact", ",-10,10,exact", "claims.csv:2:value_low: expected a number of 0 or more, got '-10'"),
    ("claims.csv", "c1,e2", "c1,e99", "claims.csv:2:event_id: unknown id 'e99': not among the valid rows of events.csv"),
    ("claims.csv", ",KG,ministry,killed", ",Kyrgyzstan,ministry,killed", "claims.csv:2:claimant_side: expected one of"),
    ("claims.csv", ",killed,KG", ",deaths,KG", "claims.csv:2:metric: expected one of"),
    ("sources.csv", "https://example.org/a", "javascript:alert(1)", "sources.csv:2:url: expected an http(s) URL, got 'javascript:alert(1)'"),
    ("segment_status.csv", "seg-a,disputed", "seg-z,disputed", "segment_status.csv:2:segment_id: unknown id 'seg-z'"),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), CSV_CASES)
def test_bad_csv_input_is_reported_with_file_row_field(tiny_copy, name, old, new, expected) -> None:
    _replace(tiny_copy / name, old, new)
    dataset = load_dataset(tiny_copy)
    messages = [str(p) for p in dataset.problems]
    assert any(m.startswith(expected) for m in messages), messages


def test_a_claim_on_a_rejected_event_is_reported_not_kept(tiny_copy) -> None:
    _replace(tiny_copy / "events.csv", "e2,2022-09-14,2022-09-14", "e2,2022-09-14,2022-09-13")
    dataset = load_dataset(tiny_copy)
    assert "e2" not in set(dataset.events["event_id"])
    assert set(dataset.claims["claim_id"]) == {"c4"}
    assert dataset.rejected["claims.csv"] == (2, 3, 4)
    assert len(dataset.events) == 4  # the other events are all kept


def test_every_problem_is_reported_at_once(tiny_copy) -> None:
    _replace(tiny_copy / "events.csv", ",shelling,", ",bombing,")
    _replace(tiny_copy / "claims.csv", ",3,5,about", ",5,3,about")
    _replace(tiny_copy / "sources.csv", "https://example.org/a", "ftp://x")
    with pytest.raises(DataError, match=r"problems in the data") as info:
        load_dataset(tiny_copy, strict=True)
    files = {p.file for p in info.value.problems}
    assert {"events.csv", "claims.csv", "sources.csv"} <= files


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "events.csv: file is empty"),
        (b"event_id,title\n", "events.csv:1: missing column(s): date_start, date_end"),
        (b"\xff\xfe\x00e", "events.csv: not UTF-8 text: byte 0 cannot be decoded"),
    ],
)
def test_unreadable_csv_files(tiny_copy, content: bytes, expected: str) -> None:
    (tiny_copy / "events.csv").write_bytes(content)
    messages = [str(p) for p in load_dataset(tiny_copy).problems]
    assert any(m.startswith(expected) for m in messages), messages


def test_bom_and_quoted_newlines_are_read(tiny_copy) -> None:
    path = tiny_copy / "events.csv"
    text = path.read_text("utf-8").replace("Beta was shelled.", '"Beta was\nshelled, twice."')
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    dataset = load_dataset(tiny_copy)
    assert dataset.problems == ()
    assert dataset.events.set_index("event_id").loc["e2", "description"] == "Beta was\nshelled, twice."


def test_missing_file_is_named(tiny_copy) -> None:
    (tiny_copy / "claims.csv").unlink()
    problems = load_dataset(tiny_copy).problems
    assert problems[0] == Problem("claims.csv", None, None, f"file not found at {tiny_copy / 'claims.csv'}")


def _edit_feature(path: Path, index: int, **changes) -> None:
    document = json.loads(path.read_text("utf-8"))
    document["features"][index].update(changes)
    path.write_text(json.dumps(document), "utf-8")


@pytest.mark.parametrize(
    ("geometry", "expected"),
    [
        ({"type": "Point", "coordinates": [39.9, 70.5]}, "places.geojson:1:geometry: coordinates outside the region"),
        ({"type": "LineString", "coordinates": [[70.5, 39.9], [70.6, 39.9]]}, "places.geojson:1:geometry: expected Point, got LineString"),
        ({"type": "Point", "coordinates": []}, "places.geojson:1:geometry: geometry is empty"),
        (None, "places.geojson:1:geometry: missing; only places of unknown location may"),
        ({"type": "Blob"}, "places.geojson:1:geometry: not a GeoJSON geometry"),
    ],
)
def test_bad_place_geometry(tiny_copy, geometry, expected) -> None:
    _edit_feature(tiny_copy / "places.geojson", 0, geometry=geometry)
    messages = [str(p) for p in load_dataset(tiny_copy).problems]
    assert any(m.startswith(expected) for m in messages), messages


def test_self_intersecting_polygon_is_invalid(tiny_copy) -> None:
    bowtie = {"type": "Polygon", "coordinates": [[[70.5, 39.85], [70.52, 39.87], [70.52, 39.85], [70.5, 39.87], [70.5, 39.85]]]}
    _edit_feature(tiny_copy / "enclaves.geojson", 0, geometry=bowtie)
    messages = [str(p) for p in load_dataset(tiny_copy).problems]
    assert any(m.startswith("enclaves.geojson:1:geometry: invalid geometry: Self-intersection") for m in messages), messages


def test_not_json_and_not_a_feature_collection(tiny_copy) -> None:
    (tiny_copy / "places.geojson").write_text("{not json", "utf-8")
    (tiny_copy / "enclaves.geojson").write_text('{"type": "Feature"}', "utf-8")
    messages = [str(p) for p in load_dataset(tiny_copy).problems]
    assert any(m.startswith("places.geojson:1: not valid JSON") for m in messages), messages
    assert "enclaves.geojson: expected a GeoJSON FeatureCollection" in messages


def test_statistics_are_loaded_with_their_period(tiny) -> None:
    row = tiny.statistics.set_index("stat_id").loc["st1"]
    assert (row["value_low"], row["unit"], str(row["period_end"])) == (63, "incidents", "2013-12-31")


def test_statistic_with_only_one_bound_is_rejected(tiny_copy) -> None:
    _replace(tiny_copy / "statistics.csv", ",63,63,", ",63,,")
    messages = [str(p) for p in load_dataset(tiny_copy).problems]
    assert "statistics.csv:2:value_high: give both value_low and value_high, or neither" in messages
