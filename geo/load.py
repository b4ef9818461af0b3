"""Reading the data directory into a `Dataset`, reporting every problem.

Each file is read row by row with the standard library's ``csv`` and ``json``
modules (so line numbers are exact and nothing is executed), every cell is
parsed against `geo.schema`, and a row with any problem is set aside and
reported rather than silently dropped. `load_dataset` then checks the
references between files (see `geo.validate`), and keeps the result in a
columnar cache (`geo.cache`) keyed by the files' content, so the next start on
the same files reads it back in a fraction of the time, problems included.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import platform
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely
from shapely.errors import ShapelyError
from shapely.geometry import shape

from geo.cache import Snapshot, cache_root, content_key, read_snapshot, write_snapshot
from geo.errors import DataError, Problem, shown
from geo.i18n import N_, Message
from geo.schema import FEATURE_PROPERTIES, TABLES, Column, either, error_message, parse_cell
from geo.table import Table
from geo.validate import check_references

__all__ = [
    "Dataset", "Table", "csv_records", "dataset_key", "header_problems", "load_dataset", "parse_json",
    "read_csv_table", "read_geojson_table",
]

WGS84 = "EPSG:4326"
# The csv module's own limit (128 KiB) would abort the file at an enormous field;
# raise it so the field is read and reported by the schema's length check instead.
# A million events make an events.csv of ~150 MB; the limit leaves room for three times that.
csv.field_size_limit(MAX_FILE_BYTES := 512 * 1024 * 1024)
# Tables that mean nothing when empty (a header-only file is then a problem).
# segment_status.csv too: without rows every segment would silently show "unknown".
_MUST_HAVE_ROWS = frozenset({"events.csv", "claims.csv", "sources.csv", "segment_status.csv"})
# GeoJSON coordinates nest at most 4 deep (MultiPolygon); deeper is not GeoJSON.
_MAX_COORDINATE_DEPTH = 4
# Everything the atlas draws lies in this box (lon 67–76, lat 38–42, as the
# reference data); a point outside it is most likely a swapped lat/lon.
REGION_BOUNDS = (67.0, 38.0, 76.0, 42.0)


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
    unreadable
        Files that gave no rows at all because of a problem with the whole file
        (missing, not UTF-8, not JSON, a missing column …): their rows are not
        counted in ``rejected``, since they could not be told apart.
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
    unreadable: tuple[str, ...] = ()


def _empty_frame(columns: tuple[Column, ...]) -> pd.DataFrame:
    frame = pd.DataFrame({c.name: pd.Series(dtype=object) for c in columns})
    return frame.assign(_row=pd.Series(dtype=int))


def _read_text(path: Path, name: str) -> tuple[str | None, list[Problem]]:
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


# Distinct cell values remembered per column while a file is read (see _CellMemo).
MEMO_VALUES = 10_000


class _CellMemo:
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


def _parse_record(
    name: str, row_number: int, columns: tuple[Column, ...], record: dict[str, Any],
    memo: _CellMemo | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    memo = memo or _CellMemo()
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
    records = csv_records(text)
    first = next(records, None)
    if first is None:
        return Table(_empty_frame(columns), (Problem(name, None, None, Message(N_("file is empty"))),))
    if first[1] is None:
        return Table(_empty_frame(columns), (Problem(name, 1, None, first[2] or Message(N_("bad CSV"))),))
    header = [h.strip() for h in first[1]]
    # An optional column may be left out of the header; its cells then count as empty.
    missing = [c.name for c in columns if c.required and c.name not in header]
    if missing:
        problems.append(Problem(name, 1, None, Message(
            N_("missing column(s): {columns}"),
            columns=", ".join(missing))))
    problems.extend(header_problems(name, header))
    if problems:
        return Table(_empty_frame(columns), tuple(problems))
    known = {c.name for c in columns}
    problems.extend(
        Problem(name, 1, h, Message(
            N_("unknown column (typo?); it is ignored"))) for h in header if h not in known
    )
    rows: list[tuple[Any, ...]] = []
    partial: list[dict[str, Any]] = []
    rejected: list[int] = []
    memo = _CellMemo()
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
        record, row_problems = _parse_record(name, line, columns, dict(zip(header, cells, strict=True)), memo)
        record["_row"] = line
        if row_problems:
            problems.extend(row_problems)
            rejected.append(line)
            partial.append(record)
            continue
        rows.append(tuple(record.values()))  # a tuple holds a row in a quarter of a dict's memory
    if not rows and not rejected and name in _MUST_HAVE_ROWS:
        problems.append(Problem(name, None, None, Message(N_("header only: the file has no data rows"))))
    return Table(_frame(rows, columns), tuple(problems), tuple(rejected), _frame(partial, columns))


def _frame(
    records: Sequence[dict[str, Any]] | Sequence[tuple[Any, ...]], columns: tuple[Column, ...]
) -> pd.DataFrame:
    # dtype=object keeps None as None (pandas would turn a missing text into NaN)
    if not records:
        return _empty_frame(columns)
    return pd.DataFrame(records, columns=[*(c.name for c in columns), "_row"], dtype=object).astype(
        {"_row": int}
    )


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        counts: dict[str, int] = {}
        for key, _ in pairs:
            counts[key] = counts.get(key, 0) + 1
        obj.duplicates = tuple(k for k, n in counts.items() if n > 1)
    return obj


def _duplicate_keys(name: str, number: int | None, what: str, obj: object) -> list[Problem]:
    keys = getattr(obj, "duplicates", ())
    return [
        Problem(name, number, key if what == "properties" else what,
                Message(N_("key {key} appears more than once in the {what} object; JSON readers "
                           "disagree on which one counts"), key=shown(key), what=what))
        for key in keys
    ]


def _rings(raw: dict[str, Any]) -> list[Any]:
    coordinates = raw.get("coordinates")
    if raw.get("type") == "Polygon" and isinstance(coordinates, list):
        return coordinates
    if raw.get("type") == "MultiPolygon" and isinstance(coordinates, list):
        return [ring for polygon in coordinates if isinstance(polygon, list) for ring in polygon]
    return []


def _positions(coordinates: Any) -> tuple[list[Any], bool]:
    """Every position in a coordinates array (a position is a list holding no lists),
    and whether the arrays nest deeper than GeoJSON allows (then the list is partial).

    Iterative with a depth bound, so hostile nesting cannot exhaust the stack.
    """
    positions: list[Any] = []
    stack: list[tuple[Any, int]] = [(coordinates, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, list) and value and any(isinstance(c, list) for c in value):
            if depth >= _MAX_COORDINATE_DEPTH:
                return positions, True
            stack.extend((c, depth + 1) for c in reversed(value))
        else:
            positions.append(value)
    return positions, False


def _finite_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float: not a coordinate
        return False


def _raw_geometry_problems(raw: dict[str, Any]) -> list[str]:
    """What shapely would silently repair: unclosed rings, non-finite or malformed positions.

    Geometries with no coordinates, or of an unknown type, are left to shapely,
    which reports them as empty or as not GeoJSON.
    """
    if not raw.get("coordinates"):
        return []
    messages: list[str] = []
    positions, too_deep = _positions(raw.get("coordinates", []))
    if too_deep:
        return [Message(N_("coordinates nested more than {depth} arrays deep; not GeoJSON"),
                        depth=_MAX_COORDINATE_DEPTH)]
    for position in positions:
        if not (
            isinstance(position, list)
            and len(position) in (2, 3)
            and all(_finite_number(v) for v in position)
        ):
            messages.append(Message(N_("position {value} is not 2 or 3 finite numbers"),
                                    value=shown(position)))
            break
    for number, ring in enumerate(_rings(raw), start=1):
        if not isinstance(ring, list) or len(ring) < 4:
            messages.append(Message(N_("ring {number} has fewer than 4 positions"), number=number))
        elif ring[0] != ring[-1]:
            messages.append(Message(N_("ring {number} is not closed: its first and last positions differ"),
                                    number=number))
    return messages


def _winding_problems(geom: shapely.Geometry) -> list[str]:
    messages: list[str] = []
    for polygon in getattr(geom, "geoms", [geom]):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        if not polygon.exterior.is_ccw:
            messages.append(Message(
                N_("exterior ring is clockwise; RFC 7946 wants counter-clockwise (right-hand rule)")))
        if any(ring.is_ccw for ring in polygon.interiors):
            messages.append(Message(N_("a hole is counter-clockwise; RFC 7946 wants holes clockwise")))
    return messages


def _geometry_problems(geom: shapely.Geometry, allowed: frozenset[str]) -> list[str]:
    messages: list[str] = []
    if geom.geom_type not in allowed:
        messages.append(Message(N_("expected {names}, got {kind}"), names=either(*sorted(allowed)),
                                kind=geom.geom_type))
        return messages
    if geom.is_empty:
        return [Message(N_("geometry is empty"))]
    if not shapely.is_valid(geom):
        messages.append(Message(N_("invalid geometry: {reason}"), reason=shapely.is_valid_reason(geom)))
    messages.extend(_winding_problems(geom))
    minx, miny, maxx, maxy = geom.bounds
    west, south, east, north = REGION_BOUNDS
    if minx < west or maxx > east or miny < south or maxy > north:
        messages.append(Message(
            N_("coordinates outside the region lon {west}–{east}, lat {south}–{north} "
               "(bounds {bounds}); lat/lon swapped?"),
            west=west, east=east, south=south, north=north,
            bounds=f"{minx:.4f},{miny:.4f},{maxx:.4f},{maxy:.4f}",
        ))
    return messages


def parse_json(text: str) -> tuple[Any, int | None, str | None]:
    """``json.loads`` that never raises: the document, or why it is not valid JSON.

    NaN and Infinity (not JSON, RFC 8259) are read as NaN so that the feature
    holding one is reported and set aside, not the whole file; objects remember
    duplicate keys; nesting too deep for the parser is a message, not a crash.
    """
    try:
        document = json.loads(text, parse_constant=lambda _: math.nan, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        return None, exc.lineno, Message(N_("not valid JSON (column {column}): {error}"),
                                         column=exc.colno, error=exc.msg)
    except RecursionError:
        return None, None, Message(N_("not usable JSON: arrays or objects nested too deep"))
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return None, None, Message(N_("not usable JSON: {error}"), error=shown(str(exc)))
    return document, None, None


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
    document, line, error = parse_json(text)
    if error:
        return Table(empty, (Problem(name, line, None, error),))
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        return Table(empty, (Problem(name, None, None, Message(N_("expected a GeoJSON FeatureCollection"))),))
    problems.extend(_duplicate_keys(name, None, "FeatureCollection", document))
    if "crs" in document:
        problems.append(Problem(name, None, "crs", Message(N_("RFC 7946 GeoJSON has no 'crs' member"))))
    features = document.get("features")
    if not isinstance(features, list):
        return Table(empty, (Problem(name, None, "features", Message(N_("expected a list of features"))),))
    records: list[dict[str, Any]] = []
    rejected: list[int] = []
    partial: list[dict[str, Any]] = []
    memo = _CellMemo()
    for number, feature in enumerate(features, start=1):
        record, feature_problems = _read_feature(name, number, feature, columns, allowed, memo)
        if feature_problems:
            problems.extend(feature_problems)
            rejected.append(number)
            if record:
                partial.append({k: v for k, v in record.items() if k != "geometry"})
        else:
            records.append(record)
    if records:
        plain = pd.DataFrame(records, dtype=object).astype({"_row": int})
        frame = gpd.GeoDataFrame(plain, geometry="geometry", crs=WGS84)
    else:
        frame = empty
    return Table(frame, tuple(problems), tuple(rejected), _frame(partial, columns))


def _read_feature(
    name: str,
    number: int,
    feature: Any,
    columns: tuple[Column, ...],
    allowed: frozenset[str],
    memo: _CellMemo,
) -> tuple[dict[str, Any], list[Problem]]:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return {}, [Problem(name, number, None, Message(N_("expected a GeoJSON Feature object")))]
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        return {}, [Problem(name, number, "properties", Message(N_("expected an object of properties")))]
    record, problems = _parse_record(name, number, columns, properties, memo)
    raw_geometry = feature.get("geometry")
    for what, obj in (("Feature", feature), ("properties", properties), ("geometry", raw_geometry)):
        problems.extend(_duplicate_keys(name, number, what, obj))
    if raw_geometry is None:
        if record.get("precision") != "unknown":
            problems.append(
                Problem(name, number, "geometry", Message(N_("missing; only places of unknown location may")))
            )
        record["geometry"] = None
    elif not isinstance(raw_geometry, dict):
        problems.append(Problem(name, number, "geometry", Message(N_("expected a GeoJSON geometry object"))))
    elif raw_problems := _raw_geometry_problems(raw_geometry):
        problems.extend(Problem(name, number, "geometry", message) for message in raw_problems)
    else:
        try:
            geom = shape(raw_geometry)
        except (ShapelyError, ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
            problems.append(Problem(name, number, "geometry", Message(N_("not a GeoJSON geometry: {error}"),
                                                                      error=str(exc))))
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


# The modules whose code decides what loading gives: an edit of any of them is a new cache key.
_READING_CODE = ("cache", "errors", "load", "schema", "table", "text", "validate", "vocabulary")
log = logging.getLogger(__name__)


def load_dataset(data_dir: Path | str, *, strict: bool = False, cache: bool = True) -> Dataset:
    """Load and cross-check every file of the data directory.

    Parameters
    ----------
    data_dir
        Folder holding the files listed in ``data/README.md``.
    strict
        Raise `DataError` listing every problem instead of returning a
        dataset that carries them.
    cache
        Use the columnar cache (`geo.cache`, where ``KGTJ_CACHE_DIR`` says): a
        dataset read before from files of the same content is read back from it,
        with the same problems; one read now is stored there. Any edit of a file
        makes a new key, and a damaged entry is rebuilt, never trusted.

    Returns
    -------
    Dataset
        The valid rows of every file; ``problems`` lists everything else.
    """
    data_dir = Path(data_dir)
    root = cache_root() if cache else None
    dataset = _read_dataset(data_dir) if root is None else _cached_dataset(data_dir, root)
    if strict and dataset.problems:
        raise DataError(dataset.problems)
    return dataset


def _read_dataset(data_dir: Path) -> Dataset:
    """Read and check every file (no cache)."""
    tables: dict[str, Table] = {}
    for file_name in _CSV_FILES:
        tables[file_name] = read_csv_table(data_dir / file_name)
    for file_name in _GEOJSON_FILES:
        tables[file_name] = read_geojson_table(data_dir / file_name)
    tables, reference_problems = check_references(tables)
    problems = [p for table in tables.values() for p in table.problems] + reference_problems
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
        unreadable=tuple(
            n for n, t in tables.items() if t.frame.empty and not t.rejected_rows and t.problems
        ),
    )


_FRAMES = (
    "events", "claims", "sources", "segment_status", "statistics", "enclave_facts", "countries",
    "segments", "enclaves", "places", "admin_areas", "water",
)


@cache
def _code_salt() -> tuple[tuple[Path, ...], str]:
    here = Path(__file__).resolve().parent
    versions = f"python {platform.python_version()} pandas {pd.__version__} pyarrow {pa.__version__} " \
               f"numpy {np.__version__} shapely {shapely.__version__} geopandas {gpd.__version__}"
    return tuple(here / f"{name}.py" for name in _READING_CODE), versions


def dataset_key(data_dir: Path) -> str:
    """The cache key of ``data_dir``: its files' content and the reading code's version."""
    code, versions = _code_salt()
    return content_key((data_dir / n for n in (*_CSV_FILES, *_GEOJSON_FILES)), code=code, salt=versions)


def _snapshot(dataset: Dataset) -> Snapshot:
    extra = {"rejected": {n: list(rows) for n, rows in dataset.rejected.items()},
             "unreadable": list(dataset.unreadable)}
    return Snapshot({n: getattr(dataset, n) for n in _FRAMES}, dataset.problems, extra)


def _from_snapshot(snapshot: Snapshot) -> Dataset:
    rejected = snapshot.extra["rejected"]
    return Dataset(
        **{n: snapshot.frames[n] for n in _FRAMES},
        problems=snapshot.problems,
        rejected={str(n): tuple(int(r) for r in rows) for n, rows in rejected.items()},
        unreadable=tuple(str(n) for n in snapshot.extra["unreadable"]),
    )


def _cached_dataset(data_dir: Path, root: Path) -> Dataset:
    key = dataset_key(data_dir)
    found = read_snapshot(root, key)
    unusable = False
    if found is not None:
        try:
            return _from_snapshot(found)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            log.warning("cache entry for %s does not hold a dataset (%s); it is rebuilt", data_dir, exc)
            unusable = True
    dataset = _read_dataset(data_dir)
    # a file edited while it was read: the entry would hold a mix under the old key
    if dataset_key(data_dir) == key:
        write_snapshot(root, key, _snapshot(dataset), replace=unusable)
        # read back what was stored (by this process or one that got there first): a cold
        # start and this one then hold the same values, each held once, a third of the memory of the
        # parsed frames at a million events
        stored = read_snapshot(root, key)
        if stored is not None:
            return _from_snapshot(stored)
    return dataset
