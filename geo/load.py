"""Reading the data directory into a `Dataset`, reporting every problem.

Each file is read row by row with the standard library's ``csv`` and ``json``
modules (so line numbers are exact and nothing is executed), every cell is
parsed against `geo.schema`, and a row with any problem is set aside and
reported rather than silently dropped. `load_dataset` then checks the
references between files (see `geo.validate`).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.errors import ShapelyError
from shapely.geometry import shape

from geo.errors import DataError, Problem
from geo.schema import FEATURE_PROPERTIES, TABLES, Column, parse_cell

__all__ = ["Dataset", "Table", "csv_rows", "load_dataset", "read_csv_table", "read_geojson_table"]

WGS84 = "EPSG:4326"
# The csv module's own limit (128 KiB) would abort the file at an enormous field;
# raise it so the field is read and reported by the schema's length check instead.
csv.field_size_limit(MAX_FILE_BYTES := 50 * 1024 * 1024)
# Tables that mean nothing when empty (a header-only file is then a problem).
_MUST_HAVE_ROWS = frozenset({"events.csv", "claims.csv", "sources.csv"})
# Everything the atlas draws lies in this box (lon 67–76, lat 38–42, as the
# reference data); a point outside it is most likely a swapped lat/lon.
REGION_BOUNDS = (67.0, 38.0, 76.0, 42.0)


@dataclass(frozen=True)
class Table:
    """The valid rows of one file, and what was wrong with the others."""

    frame: pd.DataFrame
    problems: tuple[Problem, ...] = ()
    rejected_rows: tuple[int, ...] = ()


@dataclass(frozen=True)
class Dataset:
    """Everything the atlas shows, loaded and cross-checked.

    Attributes
    ----------
    events, claims, sources, segment_status, statistics, enclave_facts
        Valid rows of the CSV files (``ids`` columns hold tuples).
    countries, segments, enclaves, places, admin_areas, water
        Valid features of the GeoJSON files, in EPSG:4326.
    problems
        Every problem found, in file order; empty for clean data.
    rejected
        For each file, the row (or feature) numbers that were set aside.
    """

    events: pd.DataFrame
    claims: pd.DataFrame
    sources: pd.DataFrame
    segment_status: pd.DataFrame
    statistics: pd.DataFrame
    enclave_facts: pd.DataFrame
    countries: gpd.GeoDataFrame
    segments: gpd.GeoDataFrame
    enclaves: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    admin_areas: gpd.GeoDataFrame
    water: gpd.GeoDataFrame
    problems: tuple[Problem, ...] = ()
    rejected: dict[str, tuple[int, ...]] = field(default_factory=dict)


def _empty_frame(columns: tuple[Column, ...]) -> pd.DataFrame:
    frame = pd.DataFrame({c.name: pd.Series(dtype=object) for c in columns})
    return frame.assign(_row=pd.Series(dtype=int))


def _read_text(path: Path, name: str) -> tuple[str | None, list[Problem]]:
    if not path.is_file():
        return None, [Problem(name, None, None, f"file not found at {path}")]
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [
            Problem(name, None, None, f"file is {size} bytes; at most {MAX_FILE_BYTES} allowed")
        ]
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [
            Problem(name, None, None, f"not UTF-8 text: byte {exc.start} cannot be decoded")
        ]


def _parse_record(
    name: str, row_number: int, columns: tuple[Column, ...], record: dict[str, Any]
) -> tuple[dict[str, Any], list[Problem]]:
    parsed: dict[str, Any] = {}
    problems: list[Problem] = []
    for column in columns:
        try:
            parsed[column.name] = parse_cell(column, record.get(column.name))
        except ValueError as exc:
            problems.append(Problem(name, row_number, column.name, str(exc)))
    return parsed, problems


def csv_rows(reader: Iterator[Any]) -> Iterator[tuple[int, Any, str | None]]:
    """Rows of a ``csv.reader``/``DictReader`` with their 1-based line numbers.

    Yields ``(line, row, None)``; on malformed CSV one last ``(line, None, message)``
    (the reader cannot resume after it, and the message says so).
    """
    while True:
        line = reader.line_num + 1  # type: ignore[attr-defined]
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line, None, f"bad CSV: {exc}; this row and any after it were not read"
            return
        yield line, row, None


def read_csv_table(path: Path, *, name: str | None = None) -> Table:
    """Read one CSV file of the data directory against its column specification.

    Parameters
    ----------
    path
        The file to read.
    name
        The table's name in `geo.schema.TABLES`; defaults to the file name.

    Returns
    -------
    Table
        Valid rows (with parsed values) and a problem for everything else.
    """
    name = name or path.name
    columns = TABLES[name]
    text, problems = _read_text(path, name)
    if text is None:
        return Table(_empty_frame(columns), tuple(problems))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return Table(_empty_frame(columns), (Problem(name, None, None, "file is empty"),))
    except csv.Error as exc:
        return Table(_empty_frame(columns), (Problem(name, 1, None, f"bad CSV: {exc}"),))
    header = [h.strip() for h in header]
    # An optional column may be left out of the header; its cells then count as empty.
    missing = [c.name for c in columns if c.required and c.name not in header]
    if missing:
        problems.append(Problem(name, 1, None, f"missing column(s): {', '.join(missing)}"))
        return Table(_empty_frame(columns), tuple(problems))
    known = {c.name for c in columns}
    problems.extend(
        Problem(name, 1, h, "unknown column (typo?); it is ignored") for h in header if h not in known
    )
    rows: list[dict[str, Any]] = []
    rejected: list[int] = []
    for line, cells, error in csv_rows(reader):
        if error:
            problems.append(Problem(name, line, None, error))
            rejected.append(line)
            break
        if not any(cell.strip() for cell in cells):
            continue  # a blank line carries nothing to lose
        if len(cells) != len(header):
            problems.append(
                Problem(name, line, None, f"expected {len(header)} cells, got {len(cells)}")
            )
            rejected.append(line)
            continue
        record, row_problems = _parse_record(name, line, columns, dict(zip(header, cells, strict=True)))
        if row_problems:
            problems.extend(row_problems)
            rejected.append(line)
            continue
        record["_row"] = line
        rows.append(record)
    if not rows and not rejected and name in _MUST_HAVE_ROWS:
        problems.append(Problem(name, None, None, "header only: the file has no data rows"))
    # dtype=object keeps None as None (pandas would turn a missing text into NaN)
    frame = pd.DataFrame(rows, dtype=object).astype({"_row": int}) if rows else _empty_frame(columns)
    return Table(frame, tuple(problems), tuple(rejected))


def _reject_constant(constant: str) -> float:
    raise ValueError(f"{constant} is not a number in JSON (RFC 8259)")


def _rings(raw: dict[str, Any]) -> list[Any]:
    coordinates = raw.get("coordinates")
    if raw.get("type") == "Polygon" and isinstance(coordinates, list):
        return coordinates
    if raw.get("type") == "MultiPolygon" and isinstance(coordinates, list):
        return [ring for polygon in coordinates if isinstance(polygon, list) for ring in polygon]
    return []


def _positions(coordinates: Any) -> list[Any]:
    """Every position in a coordinates array (a position is a list holding no lists)."""
    if isinstance(coordinates, list) and coordinates and any(isinstance(c, list) for c in coordinates):
        return [p for c in coordinates for p in _positions(c)]
    return [coordinates]


def _finite_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _raw_geometry_problems(raw: dict[str, Any]) -> list[str]:
    """What shapely would silently repair: unclosed rings, non-finite or malformed positions.

    Geometries with no coordinates, or of an unknown type, are left to shapely,
    which reports them as empty or as not GeoJSON.
    """
    if not raw.get("coordinates"):
        return []
    messages = []
    for position in _positions(raw.get("coordinates", [])):
        if not (
            isinstance(position, list)
            and len(position) in (2, 3)
            and all(_finite_number(v) for v in position)
        ):
            messages.append(f"position {position!r} is not 2 or 3 finite numbers")
            break
    for number, ring in enumerate(_rings(raw), start=1):
        if not isinstance(ring, list) or len(ring) < 4:
            messages.append(f"ring {number} has fewer than 4 positions")
        elif ring[0] != ring[-1]:
            messages.append(f"ring {number} is not closed: its first and last positions differ")
    return messages


def _winding_problems(geom: shapely.Geometry) -> list[str]:
    messages = []
    for polygon in getattr(geom, "geoms", [geom]):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        if not polygon.exterior.is_ccw:
            messages.append("exterior ring is clockwise; RFC 7946 wants counter-clockwise (right-hand rule)")
        if any(ring.is_ccw for ring in polygon.interiors):
            messages.append("a hole is counter-clockwise; RFC 7946 wants holes clockwise")
    return messages


def _geometry_problems(geom: shapely.Geometry, allowed: frozenset[str]) -> list[str]:
    messages: list[str] = []
    if geom.geom_type not in allowed:
        messages.append(f"expected {' or '.join(sorted(allowed))}, got {geom.geom_type}")
        return messages
    if geom.is_empty:
        return ["geometry is empty"]
    if not shapely.is_valid(geom):
        messages.append(f"invalid geometry: {shapely.is_valid_reason(geom)}")
    messages.extend(_winding_problems(geom))
    minx, miny, maxx, maxy = geom.bounds
    west, south, east, north = REGION_BOUNDS
    if minx < west or maxx > east or miny < south or maxy > north:
        messages.append(
            f"coordinates outside the region lon {west}–{east}, lat {south}–{north} "
            f"(bounds {minx:.4f},{miny:.4f},{maxx:.4f},{maxy:.4f}); lat/lon swapped?"
        )
    return messages


def read_geojson_table(path: Path, *, name: str | None = None) -> Table:
    """Read one GeoJSON FeatureCollection against its property specification.

    A place whose ``precision`` is ``unknown`` may have a null geometry: it is
    kept (so events can name it) but not drawn.

    Returns
    -------
    Table
        A GeoDataFrame of valid features (``_row`` is the 1-based feature
        number) and a problem for everything else.
    """
    name = name or path.name
    columns, allowed = FEATURE_PROPERTIES[name]
    empty = gpd.GeoDataFrame(_empty_frame(columns), geometry=gpd.GeoSeries([], crs=WGS84))
    text, problems = _read_text(path, name)
    if text is None:
        return Table(empty, tuple(problems))
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        return Table(empty, (Problem(name, exc.lineno, None, f"not valid JSON: {exc.msg}"),))
    except ValueError as exc:
        return Table(empty, (Problem(name, None, None, f"not valid JSON: {exc}"),))
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        return Table(empty, (Problem(name, None, None, "expected a GeoJSON FeatureCollection"),))
    if "crs" in document:
        problems.append(Problem(name, None, "crs", "RFC 7946 GeoJSON has no 'crs' member"))
    features = document.get("features")
    if not isinstance(features, list):
        return Table(empty, (Problem(name, None, "features", "expected a list of features"),))
    records: list[dict[str, Any]] = []
    rejected: list[int] = []
    for number, feature in enumerate(features, start=1):
        record, feature_problems = _read_feature(name, number, feature, columns, allowed)
        if feature_problems:
            problems.extend(feature_problems)
            rejected.append(number)
        else:
            records.append(record)
    if records:
        plain = pd.DataFrame(records, dtype=object).astype({"_row": int})
        frame = gpd.GeoDataFrame(plain, geometry="geometry", crs=WGS84)
    else:
        frame = empty
    return Table(frame, tuple(problems), tuple(rejected))


def _read_feature(
    name: str,
    number: int,
    feature: Any,
    columns: tuple[Column, ...],
    allowed: frozenset[str],
) -> tuple[dict[str, Any], list[Problem]]:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return {}, [Problem(name, number, None, "expected a GeoJSON Feature object")]
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        return {}, [Problem(name, number, "properties", "expected an object of properties")]
    record, problems = _parse_record(name, number, columns, properties)
    raw_geometry = feature.get("geometry")
    if raw_geometry is None:
        if record.get("precision") != "unknown":
            problems.append(
                Problem(name, number, "geometry", "missing; only places of unknown location may")
            )
        record["geometry"] = None
    elif not isinstance(raw_geometry, dict):
        problems.append(Problem(name, number, "geometry", "expected a GeoJSON geometry object"))
    elif raw_problems := _raw_geometry_problems(raw_geometry):
        problems.extend(Problem(name, number, "geometry", message) for message in raw_problems)
    else:
        try:
            geom = shape(raw_geometry)
        except (ShapelyError, ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
            problems.append(Problem(name, number, "geometry", f"not a GeoJSON geometry: {exc}"))
        else:
            problems.extend(
                Problem(name, number, "geometry", message)
                for message in _geometry_problems(geom, allowed)
            )
            record["geometry"] = geom
    record["_row"] = number
    return record, problems


_CSV_FILES = (
    "events.csv",
    "claims.csv",
    "sources.csv",
    "segment_status.csv",
    "statistics.csv",
    "enclave_facts.csv",
)
_GEOJSON_FILES = (
    "countries.geojson",
    "border_segments.geojson",
    "enclaves.geojson",
    "places.geojson",
    "admin_areas.geojson",
    "water.geojson",
)


def load_dataset(data_dir: Path | str, *, strict: bool = False) -> Dataset:
    """Load and cross-check every file of the data directory.

    Parameters
    ----------
    data_dir
        Folder holding the files listed in ``data/README.md``.
    strict
        Raise `DataError` listing every problem instead of returning a
        dataset that carries them.

    Returns
    -------
    Dataset
        The valid rows of every file; ``problems`` lists everything else.
    """
    from geo.validate import check_references  # the checks build on loaded tables

    data_dir = Path(data_dir)
    tables: dict[str, Table] = {}
    for file_name in _CSV_FILES:
        tables[file_name] = read_csv_table(data_dir / file_name)
    for file_name in _GEOJSON_FILES:
        tables[file_name] = read_geojson_table(data_dir / file_name)
    tables, reference_problems = check_references(tables)
    problems = [p for table in tables.values() for p in table.problems] + reference_problems
    if strict and problems:
        raise DataError(problems)
    return Dataset(
        events=tables["events.csv"].frame,
        claims=tables["claims.csv"].frame,
        sources=tables["sources.csv"].frame,
        segment_status=tables["segment_status.csv"].frame,
        statistics=tables["statistics.csv"].frame,
        enclave_facts=tables["enclave_facts.csv"].frame,
        countries=tables["countries.geojson"].frame,
        segments=tables["border_segments.geojson"].frame,
        enclaves=tables["enclaves.geojson"].frame,
        places=tables["places.geojson"].frame,
        admin_areas=tables["admin_areas.geojson"].frame,
        water=tables["water.geojson"].frame,
        problems=tuple(problems),
        rejected={n: t.rejected_rows for n, t in tables.items() if t.rejected_rows},
    )
