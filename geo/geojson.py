"""Reading one GeoJSON file of the data folder, reporting every problem.

Parsed with the standard library's ``json`` (duplicate keys, non-finite numbers and
hostile nesting are reported, never trusted), each feature's properties against its
`geo.registry` columns and its geometry with shapely, after checking what shapely
would silently repair (unclosed rings, malformed positions) and then validity,
winding (RFC 7946) and the atlas's region.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.errors import ShapelyError
from shapely.geometry import shape

from geo.errors import Problem, shown
from geo.i18n import N_, Message
from geo.reading import CellMemo, empty_frame, frame_of, parse_record, read_text
from geo.registry import FILES, REGION_BOUNDS, WGS84
from geo.schema import Column, either
from geo.table import Table

__all__ = ["parse_json", "read_geojson_table"]

# GeoJSON coordinates nest at most 4 deep (MultiPolygon); deeper is not GeoJSON.
_MAX_COORDINATE_DEPTH = 4


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
    columns, allowed = FILES[name].columns, FILES[name].geometry
    empty = gpd.GeoDataFrame(empty_frame(columns), geometry=gpd.GeoSeries([], crs=WGS84))
    text, problems = read_text(path, name)
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
    memo = CellMemo()
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
    return Table(frame, tuple(problems), tuple(rejected), frame_of(partial, columns))


def _read_feature(
    name: str,
    number: int,
    feature: Any,
    columns: tuple[Column, ...],
    allowed: frozenset[str],
    memo: CellMemo,
) -> tuple[dict[str, Any], list[Problem]]:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return {}, [Problem(name, number, None, Message(N_("expected a GeoJSON Feature object")))]
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        return {}, [Problem(name, number, "properties", Message(N_("expected an object of properties")))]
    record, problems = parse_record(name, number, columns, properties, memo)
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

