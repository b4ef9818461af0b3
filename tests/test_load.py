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


# ---- more kinds of bad input: each with the exact problem it must report ----

MORE_CSV_CASES = [
    # duplicate event under another id
    ("events.csv", "e5,2025-03-13,2025-03-13,day,agreement,Treaty,Signed.,gamma,,s2,",
     "e5,2025-03-13,2025-03-13,day,agreement,Treaty,Signed.,gamma,,s2,\ne6,2025-03-13,2025-03-13,day,agreement,  treaty ,Again.,gamma,,s2,",
     "events.csv:7:title: duplicate of the event on row 6 (same dates, type and title)"),
    # a typo in a column name: reported, the column is ignored, the file still loads
    ("sources.csv", "source_id,title,author", "source_id,title,auhtor", "sources.csv:1:auhtor: unknown column (typo?); it is ignored"),
    # enormous field: read in full and reported by the length check, not a CSV crash
    ("events.csv", "Beta was shelled.", "x" * 200_000, "events.csv:3:description: expected at most 5000 characters, got 200000"),
    # a stray quote: the csv module's own error, with the line and what was not read
    ("events.csv", "e4,2022-09-16", 'e4,"2022-09-16"x', "events.csv:5: bad CSV:"),
    # a date far outside the record
    ("claims.csv", ",exact,2022-09-15,s1,", ",exact,2099-09-15,s1,", "claims.csv:2:claim_date: expected a date between 1991-01-01 and 2026-12-31, got '2099-09-15'"),
    # html in a description is kept as text (and escaped when shown): no problem reported
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), MORE_CSV_CASES)
def test_more_bad_csv_input(tiny_copy, name, old, new, expected) -> None:
    _replace(tiny_copy / name, old, new)
    messages = [str(p) for p in load_dataset(tiny_copy).problems]
    assert any(m.startswith(expected) for m in messages), messages


def test_header_only_file_is_reported(tiny_copy) -> None:
    path = tiny_copy / "sources.csv"
    path.write_text(path.read_text("utf-8").splitlines()[0] + "\n", "utf-8")
    messages = [str(p) for p in load_dataset(tiny_copy).problems]
    assert "sources.csv: header only: the file has no data rows" in messages


def test_html_in_a_description_is_data_not_a_problem(tiny_copy) -> None:
    _replace(tiny_copy / "events.csv", "Beta was shelled.", '"<script>alert(1)</script>"')
    dataset = load_dataset(tiny_copy)
    assert dataset.problems == ()
    assert dataset.events.set_index("event_id").loc["e2", "description"] == "<script>alert(1)</script>"


MORE_GEOMETRY_CASES = [
    # clockwise exterior ring (RFC 7946 wants counter-clockwise)
    ("enclaves.geojson", {"type": "Polygon", "coordinates": [[[70.50, 39.85], [70.50, 39.87], [70.52, 39.87], [70.52, 39.85], [70.50, 39.85]]]},
     "enclaves.geojson:1:geometry: exterior ring is clockwise; RFC 7946 wants counter-clockwise (right-hand rule)"),
    # unclosed ring (shapely would silently close it)
    ("enclaves.geojson", {"type": "Polygon", "coordinates": [[[70.50, 39.85], [70.52, 39.85], [70.52, 39.87], [70.50, 39.87]]]},
     "enclaves.geojson:1:geometry: ring 1 is not closed: its first and last positions differ"),
    # too few positions for a ring
    ("enclaves.geojson", {"type": "Polygon", "coordinates": [[[70.50, 39.85], [70.52, 39.85], [70.50, 39.85]]]},
     "enclaves.geojson:1:geometry: ring 1 has fewer than 4 positions"),
    # a position that is not numbers
    ("places.geojson", {"type": "Point", "coordinates": ["70.5", "39.9"]},
     "places.geojson:1:geometry: position ['70.5', '39.9'] is not 2 or 3 finite numbers"),
    # a geometry that is not an object
    ("places.geojson", "POINT (70.5 39.9)", "places.geojson:1:geometry: expected a GeoJSON geometry object"),
    # a line crossing itself is fine for a border, but a segment must be a line
    ("border_segments.geojson", {"type": "Point", "coordinates": [70.5, 39.9]},
     "border_segments.geojson:1:geometry: expected LineString or MultiLineString, got Point"),
]


@pytest.mark.parametrize(("name", "geometry", "expected"), MORE_GEOMETRY_CASES)
def test_more_bad_geometry(tiny_copy, name, geometry, expected) -> None:
    _edit_feature(tiny_copy / name, 0, geometry=geometry)
    messages = [str(p) for p in load_dataset(tiny_copy).problems]
    assert expected in messages, messages


def test_nan_coordinates_cost_only_their_feature(tiny_copy) -> None:
    path = tiny_copy / "places.geojson"
    path.write_text(path.read_text("utf-8").replace("[70.5, 39.9]", "[NaN, 39.9]"), "utf-8")
    dataset = load_dataset(tiny_copy)
    messages = [str(p) for p in dataset.problems]
    assert "places.geojson:1:geometry: position [nan, 39.9] is not 2 or 3 finite numbers" in messages
    assert list(dataset.places["place_id"]) == ["beta", "gamma"]
    assert dataset.rejected == {"places.geojson": (1,)}  # the events naming it are kept
    assert len(dataset.events) == 5


def test_crs_member_is_reported(tiny_copy) -> None:
    path = tiny_copy / "places.geojson"
    document = json.loads(path.read_text("utf-8"))
    document["crs"] = {"type": "name", "properties": {"name": "EPSG:4326"}}
    path.write_text(json.dumps(document), "utf-8")
    messages = [str(p) for p in load_dataset(tiny_copy).problems]
    assert "places.geojson:crs: RFC 7946 GeoJSON has no 'crs' member" in messages


def test_oversized_file_is_refused_with_its_size(tiny_copy, monkeypatch) -> None:
    import geo.reading

    monkeypatch.setattr(geo.reading, "MAX_FILE_BYTES", 200)
    size = (tiny_copy / "events.csv").stat().st_size
    # not from the cache: the limit is patched here, the files are those of an entry made before
    messages = [str(p) for p in load_dataset(tiny_copy, cache=False).problems]
    assert f"events.csv: file is {size} bytes; at most 200 allowed" in messages


def test_the_dataset_has_one_field_per_registry_file_in_its_order() -> None:
    from dataclasses import fields

    from geo.load import Dataset
    from geo.registry import DATA_FILES

    names = [f.name for f in fields(Dataset)]
    assert names == [f.frame for f in DATA_FILES] + ["problems", "rejected", "unreadable"]


def test_every_reference_names_a_registry_file_and_its_columns() -> None:
    from geo.registry import DATA_FILES, FILES

    for data_file in DATA_FILES:
        columns = {c.name for c in data_file.columns}
        assert data_file.id_column is None or data_file.id_column in columns, data_file.name
        for reference in data_file.references:
            assert reference.column in columns, (data_file.name, reference)
            target = FILES[reference.target]
            assert (reference.target_column or target.id_column) in {c.name for c in target.columns}, reference
