"""Property-based: whatever arrives, the loaders report problems and never crash.

Fed arbitrary CSV text, arbitrary bytes and arbitrary JSON, `read_csv_table`
and `read_geojson_table` return a `Table` (never raise), and `load_dataset`
in strict mode raises nothing but our own `DataError`.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import DataError
from geo.geojson import read_geojson_table
from geo.load import load_dataset
from geo.reading import read_csv_table
from geo.table import Table

TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEADER = (TINY / "events.csv").read_text("utf-8").splitlines()[0]
cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
rows = st.lists(st.lists(cells, min_size=0, max_size=14), max_size=6)
json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)
geometry_types = st.sampled_from(["Point", "LineString", "Polygon", "MultiPolygon", "MultiLineString", "Blob"])
coordinates = st.recursive(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-200, max_value=200) | st.text(max_size=3),
    lambda children: st.lists(children, max_size=6),
    max_leaves=40,
)


def _write(tmp: Path, name: str, content: str | bytes) -> Path:
    path = tmp / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    return path


@SETTINGS
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_csv_text_gives_a_table(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        table = read_csv_table(_write(Path(tmp), "events.csv", text))
    assert isinstance(table, Table)
    assert all(p.file == "events.csv" for p in table.problems)


@SETTINGS
@given(body=rows)
def test_any_rows_under_a_good_header_give_a_table(body: list[list[str]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(body)
    text = HEADER + "\n" + buffer.getvalue()
    with tempfile.TemporaryDirectory() as tmp:
        table = read_csv_table(_write(Path(tmp), "events.csv", text))
    # every non-blank record is either kept or reported, never both: nothing vanishes
    kept = set(table.frame["_row"]) if len(table.frame) else set()
    assert kept.isdisjoint(table.rejected_rows)
    records = list(csv.reader(io.StringIO(text)))[1:]
    non_blank = sum(1 for record in records if any(cell.strip() for cell in record))
    assert len(kept) + len(set(table.rejected_rows)) == non_blank


@SETTINGS
@given(data=st.binary(max_size=300))
def test_any_bytes_give_a_table(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        assert isinstance(read_csv_table(_write(Path(tmp), "claims.csv", data)), Table)
        assert isinstance(read_geojson_table(_write(Path(tmp), "places.geojson", data)), Table)


@SETTINGS
@given(document=json_values)
def test_any_json_gives_a_table(document: object) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        table = read_geojson_table(_write(Path(tmp), "places.geojson", json.dumps(document)))
    assert isinstance(table, Table)


@SETTINGS
@given(kind=geometry_types, coords=coordinates, properties=st.dictionaries(st.text(max_size=12), json_values, max_size=6))
def test_any_feature_gives_a_table(kind: str, coords: object, properties: dict) -> None:
    document = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": properties, "geometry": {"type": kind, "coordinates": coords}}],
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("places.geojson", "enclaves.geojson", "border_segments.geojson"):
            table = read_geojson_table(_write(Path(tmp), name, json.dumps(document)))
            whole_file_reported = any(p.row is None for p in table.problems)
            # kept, or rejected with its feature number, or the whole file reported: never lost silently
            assert len(table.frame) + len(table.rejected_rows) == 1 or whole_file_reported


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(["events.csv", "claims.csv", "sources.csv", "places.geojson", "enclaves.geojson"]),
       text=st.text(max_size=200))
def test_strict_loading_raises_only_data_error(name: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "data"
        shutil.copytree(TINY, target)
        _write(target, name, text)
        try:
            load_dataset(target, strict=True)
        except DataError as exc:
            assert exc.problems


# Issue 17: nesting depth and huge numbers, in the loaders and the upload reader.
huge_numbers = (
    st.integers(min_value=10**18, max_value=10**400)
    | st.integers(max_value=-(10**18), min_value=-(10**400))
    | st.floats(min_value=1e18) | st.floats(max_value=-1e18)
    | st.sampled_from([math.nan, math.inf, -math.inf])
)


@SETTINGS
@given(depth=st.integers(min_value=1, max_value=200_000), opener=st.sampled_from(["[", '{"a":']))
def test_any_nesting_depth_gives_a_table(depth: int, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    with tempfile.TemporaryDirectory() as tmp:
        table = read_geojson_table(_write(Path(tmp), "places.geojson", opener * depth + "1" + closer * depth))
    assert isinstance(table, Table) and table.problems


@SETTINGS
@given(depth=st.integers(min_value=0, max_value=3000), value=huge_numbers | st.floats(min_value=67, max_value=76))
def test_any_coordinate_nesting_and_size_gives_a_table(depth: int, value: object) -> None:
    coordinates = "[" * depth + f"[{json.dumps(value)}, 40.0]" + "]" * depth
    properties = {"place_id": "p", "name": "P", "country": "KG", "kind": "village", "precision": "exact",
                  "source_ids": ["s1"]}
    feature = json.dumps({"type": "Feature", "properties": properties, "geometry": {"type": "Point", "coordinates": 0}})
    text = '{"type": "FeatureCollection", "features": [' + feature.replace('"coordinates": 0', f'"coordinates": {coordinates}') + "]}"
    with tempfile.TemporaryDirectory() as tmp:
        table = read_geojson_table(_write(Path(tmp), "places.geojson", text))
    assert len(table.frame) + len(table.rejected_rows) == 1 or any(p.row is None for p in table.problems)


@SETTINGS
@given(number=huge_numbers, column=st.sampled_from(["length_km", "name", "approximate", "source_ids"]))
def test_huge_numbers_as_properties_are_problems_not_crashes(number: object, column: str) -> None:
    properties = {"segment_id": "s", "name": "S", "length_km": 1.0, "approximate": True, "source_ids": ["s1"]}
    properties[column] = number
    document = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": properties, "geometry": {"type": "LineString", "coordinates": [[70, 40], [71, 40]]}}]}
    with tempfile.TemporaryDirectory() as tmp:
        table = read_geojson_table(_write(Path(tmp), "border_segments.geojson", json.dumps(document)))
    assert table.rejected_rows == (1,)
    assert all(len(str(p)) < 400 for p in table.problems)


@SETTINGS
@given(cell=st.text(alphabet="0123456789_+-.eE٣４", min_size=1, max_size=500))
def test_only_plain_ascii_counts_are_counts(cell: str) -> None:
    from geo.schema import MAX_COUNT, Column, parse_cell

    try:
        value = parse_cell(Column("n", "int"), cell)
    except ValueError as exc:
        assert len(str(exc)) < 200
    else:
        assert cell.isdigit() and cell.isascii() and 0 <= value <= MAX_COUNT


upload_headers = st.sampled_from([
    "event_id_cnty,event_date,event_type,latitude,longitude,fatalities",
    "id,date_start,date_end,date_prec,type_of_violence,latitude,longitude,best,low,high",
    "event_id,date_start,date_end,date_precision,event_type,title,latitude,longitude",
])


@SETTINGS
@given(header=upload_headers, body=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=600),
       number=huge_numbers)
def test_any_upload_gives_an_overlay(header: str, body: str, number: object) -> None:
    from geo.uploads import MAX_PROBLEMS, Overlay, read_overlay

    data = f"{header}\n{body}\n{number},{number},{number}\n".encode()
    overlay = read_overlay("u.csv", data)
    assert isinstance(overlay, Overlay)
    assert len(overlay.problems) <= MAX_PROBLEMS
    assert all(row >= 2 for row in overlay.rejected)  # data rows, by their line in the file
    assert all(len(str(p)) < 600 for p in overlay.problems)
