"""Build the atlas's geography in ``data/`` from the reference geodata.

Usage::

    python scripts/build_data.py [--reference ../shared/reference] [--out data]

Inputs are the raw reference files (see their ``SOURCES.md``) and the
hand-kept, sourced facts in ``facts/`` (researched place coordinates). The
output is deterministic: running it twice gives byte-identical files, so a diff
of ``data/`` shows exactly what changed. The app reads only ``data/``; this
script is for maintainers who have the reference folder.
"""

from __future__ import annotations

import argparse
import csv
import json
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parent.parent
DECIMALS = 5  # ~1 m; the reference outlines are simplified to 10 m already

# Source ids (rows of data/sources.csv) for each reference product.
OSM_CURRENT = "osm-borders-1.1.0"
OSM_2017 = "osm-geomaps-2017"
GEONAMES = "geonames-cities500"

_OUTLINE_OF_VERSION = {
    "osm_borders-1.1.0": ("osm_current", OSM_CURRENT),
    "geo-maps-0.6.0-2017": ("osm_2017", OSM_2017),
}

_SEGMENT_NAMES = {
    "KGZ-TJK-01": (
        "kg-tj-main",
        "Main Kyrgyz–Tajik line (KG/TJ/UZ tripoint to the Alai valley)",
    ),
    "KGZ-TJK-02": ("kg-tj-vorukh-ring", "Boundary of the Vorukh enclave"),
    "KGZ-TJK-03": ("kg-tj-east-end", "Eastern end piece (Alai valley, towards China)"),
    "KGZ-TJK-04": ("kg-tj-qalacha-ring", "Boundary of the Western Qalacha (Kayragach) enclave"),
}


def _round(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.set_precision(geom, 10**-DECIMALS, mode="pointwise")


def _orient(geom: shapely.Geometry) -> shapely.Geometry:
    """RFC 7946 winding: exterior rings counter-clockwise, holes clockwise."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return shapely.orient_polygons(geom, exterior_cw=False)
    return geom


def _feature(properties: dict[str, Any], geom: shapely.Geometry | None) -> dict[str, Any]:
    geometry = None if geom is None else mapping(_orient(_round(geom)))
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _write(path: Path, features: Iterable[dict[str, Any]], *, attribution: str) -> None:
    document = {
        "type": "FeatureCollection",
        "attribution": attribution,
        "features": list(features),
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text.replace('{"type":"Feature"', '\n{"type":"Feature"') + "\n", "utf-8")


def _read(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text("utf-8"))["features"]


def build_countries(reference: Path) -> list[dict[str, Any]]:
    features = []
    for feature in _read(reference / "countries_osm.geojson"):
        p = feature["properties"]
        properties = {
            "iso_a3": p["iso_a3"],
            "name": p["name"],
            "role": p["role"],
            "source_ids": [OSM_CURRENT],
        }
        features.append(_feature(properties, shape(feature["geometry"])))
    return sorted(features, key=lambda f: (f["properties"]["role"] != "primary", f["properties"]["iso_a3"]))


def build_segments(reference: Path) -> list[dict[str, Any]]:
    features = []
    for feature in _read(reference / "borders_osm.geojson"):
        p = feature["properties"]
        if p["pair"] != "KGZ-TJK":
            continue
        segment_id, name = _SEGMENT_NAMES[p["segment_id"]]
        properties = {
            "segment_id": segment_id,
            "name": name,
            "length_km": round(float(p["length_km"]), 1),
            "approximate": False,
            "source_ids": [OSM_CURRENT],
            "note": (
                "Line where the OpenStreetMap outlines of Kyrgyzstan and Tajikistan meet "
                f"(reference segment {p['segment_id']}). OSM draws the de facto line as mapped; "
                "it is not an official delimitation."
            ),
        }
        features.append(_feature(properties, shape(feature["geometry"])))
    return sorted(features, key=lambda f: f["properties"]["segment_id"])


def build_enclaves(reference: Path) -> list[dict[str, Any]]:
    features = []
    for feature in _read(reference / "enclaves.geojson"):
        p = feature["properties"]
        outline, source_id = _OUTLINE_OF_VERSION[p["version"]]
        slug = p["name"].lower().replace(" ", "-")
        note = (
            "Outline from OpenStreetMap as packaged in 2022–2024 (osm_borders 1.1.0)."
            if outline == "osm_current"
            else "Older OpenStreetMap outline (2017, geo-maps 0.6.0), shown for comparison."
        )
        properties = {
            "enclave_id": f"{slug}-{outline.replace('_', '-')}",
            "name": p["name"],
            "alt_names": p.get("alt_names") or "",
            "sovereign": p["sovereign_iso_a3"],
            "surrounded_by": p["surrounded_by_iso_a3"],
            "outline": outline,
            "area_km2": round(float(p["area_km2"]), 2),
            "source_ids": [source_id],
            "note": note,
        }
        features.append(_feature(properties, shape(feature["geometry"])))
    return sorted(features, key=lambda f: f["properties"]["enclave_id"])


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    keep = "".join(ch if ch.isalnum() else "-" for ch in ascii_name.split("(")[0].strip().lower())
    return "-".join(part for part in keep.split("-") if part)


def _gazetteer_places(reference: Path) -> dict[str, dict[str, Any]]:
    places: dict[str, dict[str, Any]] = {}
    with (reference / "gazetteer.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            place_id = _slug(row["name"])
            found = row["status"].startswith("found")
            derived = row["status"] == "derived"
            properties = {
                "place_id": place_id,
                "name": row["name"],
                "alt_names": row["alt_names"],
                "country": row["country"],
                "admin": row["admin"],
                "kind": "town" if row["feature_code"] in ("PPLA", "PPLA2") else "village",
                "precision": "exact" if found else "centroid" if derived else "unknown",
                "source_ids": [GEONAMES] if found else [OSM_CURRENT] if derived else [GEONAMES],
                "note": row["note"]
                or ("GeoNames id " + row["geonameid"] if row["geonameid"] else ""),
            }
            if found and row["geonameid"]:
                properties["note"] = (f"GeoNames id {row['geonameid']}. " + row["note"]).strip()
            if not found and not derived:
                properties["note"] = (
                    "Location not yet established from an open source; not drawn. "
                    + row["note"]
                ).strip()
            geom = shapely.Point(float(row["lon"]), float(row["lat"])) if row["lat"] else None
            places[place_id] = _feature(properties, geom)
    return places


def _researched_places(facts: Path) -> dict[str, dict[str, Any]]:
    path = facts / "places.csv"
    if not path.is_file():
        return {}
    places: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            properties = {
                "place_id": row["place_id"],
                "name": row["name"],
                "alt_names": row["alt_names"],
                "country": row["country"],
                "admin": row["admin"],
                "kind": row["kind"],
                "precision": row["precision"],
                "source_ids": row["source_ids"].split(";"),
                "note": row["note"],
            }
            geom = shapely.Point(float(row["lon"]), float(row["lat"])) if row["lat"] else None
            places[row["place_id"]] = _feature(properties, geom)
    return places


def build_places(reference: Path, facts: Path) -> list[dict[str, Any]]:
    places = _gazetteer_places(reference)
    places.update(_researched_places(facts))  # researched facts override gaps
    return [places[key] for key in sorted(places)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--facts", type=Path, default=ROOT / "facts")
    parser.add_argument("--out", type=Path, default=ROOT / "data")
    args = parser.parse_args(argv)
    osm = "© OpenStreetMap contributors, ODbL-1.0"
    outputs = {
        "countries.geojson": (build_countries(args.reference), osm),
        "border_segments.geojson": (build_segments(args.reference), osm),
        "enclaves.geojson": (build_enclaves(args.reference), osm),
        "places.geojson": (
            build_places(args.reference, args.facts),
            "GeoNames (geonames.org), CC BY 4.0; © OpenStreetMap contributors, ODbL-1.0; "
            "researched coordinates: see each place's source_ids",
        ),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (features, attribution) in outputs.items():
        _write(args.out / name, features, attribution=attribution)
        print(f"wrote {args.out / name}: {len(features)} features")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
