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
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import shapely
import shapely.ops
from pyproj import Geod, Transformer
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parent.parent
DECIMALS = 5  # ~1 m; the reference outlines are simplified to 10 m already

# Source ids (rows of data/sources.csv) for each reference product.
OSM_CURRENT = "osm-borders-1.1.0"
GEOBOUNDARIES = "geoboundaries-tjk-2023"
NATURAL_EARTH = "naturalearth-admin1"
NATURAL_EARTH_WATER = "naturalearth-water"
OSM_2017 = "osm-geomaps-2017"
GEONAMES = "geonames-cities500"
GEONAMES_WOF = "geonames-wof-2026"  # GeoNames village points as held by Who's On First
OCHA_KGZ = "ocha-cod-ab-kgz-2018"  # Kyrgyz districts (OCHA COD-AB, Kyrgyz MoES)

_OUTLINE_OF_VERSION = {
    "osm_borders-1.1.0": ("osm_current", OSM_CURRENT),
    "geo-maps-0.6.0-2017": ("osm_2017", OSM_2017),
}

_GEOD = Geod(ellps="WGS84")
# Lengths are geodesic; cutting and nearest-region tests run in UTM 42N metres.
_TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:32642", always_xy=True).transform
_TO_WGS = Transformer.from_crs("EPSG:32642", "EPSG:4326", always_xy=True).transform



def _round(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.set_precision(geom, 10**-DECIMALS, mode="pointwise")


def _orient(geom: shapely.Geometry) -> shapely.Geometry:
    """RFC 7946 winding: exterior rings counter-clockwise, holes clockwise."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return shapely.orient_polygons(geom, exterior_cw=False)
    return geom


def _valid(geom: shapely.Geometry) -> shapely.Geometry:
    """A polygon made invalid by rounding, repaired (its polygonal parts only)."""
    if geom.is_valid or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return geom
    repaired = shapely.make_valid(geom)
    parts = [g for g in getattr(repaired, "geoms", [repaired]) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def _feature(properties: dict[str, Any], geom: shapely.Geometry | None) -> dict[str, Any]:
    geometry = None if geom is None else mapping(_orient(_valid(_round(geom))))
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


def _utm(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(geom, _TO_UTM, interleaved=False)


def _wgs(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(geom, _TO_WGS, interleaved=False)


def _geodesic_km(geom: shapely.Geometry) -> float:
    return round(_GEOD.geometry_length(geom) / 1000, 1)


def _as_multiline(pieces: list[shapely.Geometry]) -> shapely.Geometry:
    lines = [g for p in pieces for g in getattr(p, "geoms", [p]) if g.length > 0]
    merged = shapely.ops.linemerge(shapely.MultiLineString(lines))
    return merged


def _named_sections(
    bases: dict[str, shapely.Geometry], facts: Path, places: dict[str, shapely.Point]
) -> tuple[list[dict[str, Any]], dict[str, shapely.Geometry]]:
    """Cut the hand-kept named sections out of the base lines (in UTM metres)."""
    sections: list[dict[str, Any]] = []
    remaining = dict(bases)
    with (facts / "segments.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            anchors = [_utm(places[pid]) for pid in row["anchor_place_ids"].split(";")]
            zone = shapely.union_all([a.buffer(float(row["radius_km"]) * 1000) for a in anchors])
            base = remaining[row["base"]]
            piece = base.intersection(zone)
            remaining[row["base"]] = base.difference(zone)
            sections.append({**row, "geometry": piece})
    return sections, remaining


def _region_keys(
    line: shapely.Geometry, regions: list[tuple[str, shapely.Geometry]], *, min_run_m: float
) -> list[tuple[str, shapely.Geometry]]:
    """Split ``line`` into runs by the nearest region polygon (UTM metres)."""
    chunks: list[tuple[str, shapely.LineString]] = []
    for part in getattr(line, "geoms", [line]):
        coords = list(part.coords)
        for a, b in zip(coords[:-1], coords[1:], strict=True):
            chunk = shapely.LineString([a, b])
            mid = chunk.interpolate(0.5, normalized=True)
            key = min(regions, key=lambda r: r[1].distance(mid))[0]
            chunks.append((key, chunk))
    # smooth: a short run between two runs of one key takes that key
    runs: list[list[Any]] = []
    for key, chunk in chunks:
        if runs and runs[-1][0] == key:
            runs[-1][1].append(chunk)
        else:
            runs.append([key, [chunk]])
    for i, run in enumerate(runs):
        length = sum(c.length for c in run[1])
        if 0 < i < len(runs) - 1 and length < min_run_m and runs[i - 1][0] == runs[i + 1][0]:
            run[0] = runs[i - 1][0]
    grouped: dict[str, list[shapely.Geometry]] = {}
    for key, pieces in runs:
        grouped.setdefault(key, []).extend(pieces)
    return [(key, _as_multiline(pieces)) for key, pieces in grouped.items()]


def _longest_key(runs: list[tuple[str, shapely.Geometry]]) -> str:
    """The key whose runs are longest in total."""
    totals: dict[str, float] = {}
    for key, line in runs:
        totals[key] = totals.get(key, 0.0) + line.length
    return max(totals, key=lambda k: totals[k])


def build_segments(reference: Path, facts: Path, places: dict[str, shapely.Point]) -> list[dict[str, Any]]:
    """The KG–TJ border as a partition into named segments.

    Named sections from ``facts/segments.csv`` (approximate: the part of the
    line near the places the sources name) are cut out first; the rest of the
    main line is split by the Kyrgyz district (OCHA) and the Tajik district
    (geoBoundaries) on either side (nearest polygon, runs under 2 km smoothed
    away), so every metre of the OSM line belongs to exactly one segment. Every
    segment carries its district pair (``kg_district``, ``tj_district``).
    """
    lines = {
        f["properties"]["segment_id"]: shape(f["geometry"]) for f in _read(reference / "borders_osm.geojson")
    }
    main = shapely.ops.linemerge(shapely.MultiLineString([lines["KGZ-TJK-01"], lines["KGZ-TJK-03"]]))
    bases = {
        "main": _utm(main),
        "vorukh": _utm(lines["KGZ-TJK-02"]),
        "qalacha": _utm(lines["KGZ-TJK-04"]),
    }
    sections, remaining = _named_sections(bases, facts, {k: v for k, v in places.items()})
    kg_districts = [(names["en"], _utm(geom)) for _id, names, geom in _kg_districts(reference)]
    tj_districts = [
        (f["properties"]["shapeName"], _utm(shape(f["geometry"])))
        for f in _read(reference / "tjk_adm2_geoboundaries.geojson")
    ]

    def pair(line: shapely.Geometry) -> dict[str, str]:
        """The Kyrgyz and Tajik districts along most of ``line`` (nearest polygons)."""
        return {
            "kg_district": _longest_key(_region_keys(line, kg_districts, min_run_m=2000)),
            "tj_district": _longest_key(_region_keys(line, tj_districts, min_run_m=2000)),
        }

    osm = [OSM_CURRENT]
    features = []
    for section in sections:
        features.append(
            _feature(
                {
                    "segment_id": section["segment_id"],
                    "name": section["name"],
                    **pair(section["geometry"]),
                    "length_km": _geodesic_km(_wgs(section["geometry"])),
                    "approximate": True,
                    "source_ids": [*osm, *section["source_ids"].split(";")],
                    "note": section["note"],
                },
                _wgs(section["geometry"]),
            )
        )
    main_runs = _region_keys(remaining["main"], kg_districts, min_run_m=2000)
    for kg_district, kg_line in main_runs:
        for district, line in _region_keys(kg_line, tj_districts, min_run_m=2000):
            tj_short = district.replace(" District", "")
            slug = _slug(f"{kg_district} {tj_short}")
            kg_label = kg_district if kg_district.endswith(" city") else f"{kg_district} District"
            features.append(
                _feature(
                    {
                        "segment_id": f"kg-tj-{slug}",
                        "name": f"{kg_label} (KG) – {district} (TJ)",
                        "kg_district": kg_district,
                        "tj_district": district,
                        "length_km": _geodesic_km(_wgs(line)),
                        "approximate": False,
                        "source_ids": [*osm, OCHA_KGZ, GEOBOUNDARIES],
                        "note": (
                            "Part of the OpenStreetMap KG–TJ line (as mapped 2022–2024; the 2025 treaty "
                            "line is not published and may differ) lying between Kyrgyzstan's "
                            f"{kg_label} and Tajikistan's {district}, assigned by the nearest district "
                            "on each side (Kyrgyz: OCHA COD-AB 2018; Tajik: geoBoundaries ADM2, OSM 2017; "
                            "runs under 2 km smoothed away)."
                        ),
                    },
                    _wgs(line),
                )
            )
    for segment_id, base, name in (
        ("kg-tj-vorukh-ring", "vorukh", "Boundary of the Vorukh enclave (rest)"),
        ("kg-tj-qalacha-ring", "qalacha", "Boundary of the Western Qalacha (Kayragach) enclave"),
    ):
        line = _as_multiline([remaining[base]])
        features.append(
            _feature(
                {
                    "segment_id": segment_id,
                    "name": name,
                    **pair(line),
                    "length_km": _geodesic_km(_wgs(line)),
                    "approximate": False,
                    "source_ids": osm,
                    "note": "Enclave boundary where the OpenStreetMap outlines of Kyrgyzstan and "
                    "Tajikistan meet (as mapped 2022–2024).",
                },
                _wgs(line),
            )
        )
    return sorted(features, key=lambda f: f["properties"]["segment_id"])


def _enclave_names(facts: Path) -> dict[str, dict[str, str]]:
    with (facts / "enclaves.csv").open(encoding="utf-8", newline="") as handle:
        return {row["name"]: row for row in csv.DictReader(handle)}


def build_enclaves(reference: Path, facts: Path) -> list[dict[str, Any]]:
    names = _enclave_names(facts)
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
        local = names.get(p["name"], {})
        properties = {
            "enclave_id": f"{slug}-{outline.replace('_', '-')}",
            "name": p["name"],
            "alt_names": p.get("alt_names") or "",
            **{f"name_{lang}": local.get(f"name_{lang}", "") for lang in ("ru", "ky", "tg", "uz")},
            "sovereign": p["sovereign_iso_a3"],
            "surrounded_by": p["surrounded_by_iso_a3"],
            "outline": outline,
            "area_km2": round(float(p["area_km2"]), 2),
            "source_ids": [source_id, *filter(None, local.get("source_ids", "").split(";"))],
            "note": f"{note} {local.get('note', '')}".strip(),
        }
        features.append(_feature(properties, shape(feature["geometry"])))
    return sorted(features, key=lambda f: f["properties"]["enclave_id"])


# Tajik districts that border Kyrgyzstan in the reference data (see build_segments)
_BORDER_DISTRICTS = frozenset(
    {
        "Isfara District", "Konibodom District", "Ghafurov District", "Spitamen District",
        "Jabbor Rasulov District", "Kuhistoni Mastchoh District", "Ghonchi District",
        "Jirgatol District", "Rasht District", "Murghob District",
    }
)


def _kg_districts(reference: Path) -> list[tuple[str, dict[str, str], shapely.Geometry]]:
    """Kyrgyz districts of Batken and Osh regions (OCHA COD-AB), made valid.

    Returns ``(area_id, names, geometry)`` with English/Russian/Kyrgyz names.
    """
    districts = []
    for f in _read(reference / "kgz_adm2_ocha_batken_osh.geojson"):
        p = f["properties"]
        geom = shape(f["geometry"])
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        polygons = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")]
        geom = shapely.union_all(polygons)
        english = p["ADM2_EN"].replace(" (city)", " city")  # "Batken (city)" beside "Batken"
        names = {"en": english, "ru": p["ADM2_RU"], "ky": p["ADM2_KY"], "pcode": p["ADM2_PCODE"]}
        districts.append((f"kg-{_slug(english)}", names, geom))
    return sorted(districts, key=lambda d: d[0])


def build_admin_areas(reference: Path) -> list[dict[str, Any]]:
    """Context outlines: KG Batken and Osh regions, TJ Sughd region and border districts."""
    features = []
    for f in _read(reference / "admin1_naturalearth10m.geojson"):
        p = f["properties"]
        if p["iso_a3"] == "KGZ" and p["name"] in ("Batken", "Osh"):
            features.append(
                _feature(
                    {
                        "area_id": f"kg-{_slug(p['name'])}-region",
                        "name": f"{p['name']} region",
                        "country": "KG",
                        "level": "region",
                        "source_ids": [NATURAL_EARTH],
                        "note": "Natural Earth 1:10m admin-1 (older edition), quantized to about 70 m.",
                    },
                    shape(f["geometry"]),
                )
            )
    tajik_files = (
        ("tjk_adm1_geoboundaries.geojson", "region"),
        ("tjk_adm2_geoboundaries.geojson", "district"),
    )
    for name, level in tajik_files:
        for f in _read(reference / name):
            shape_name = f["properties"]["shapeName"]
            if shape_name != "Sughd Region" and shape_name not in _BORDER_DISTRICTS:
                continue
            features.append(
                _feature(
                    {
                        "area_id": f"tj-{_slug(shape_name)}",
                        "name": shape_name,
                        "country": "TJ",
                        "level": level,
                        "source_ids": [GEOBOUNDARIES],
                        "note": "geoBoundaries (OpenStreetMap as of 2017); Isfara district includes the "
                        "2017 outline of Vorukh.",
                    },
                    shape(f["geometry"]),
                )
            )
    kg = _kg_districts(reference)
    for area_id, names, geom in kg:
        city = names["en"].endswith(" city")
        features.append(
            _feature(
                {
                    "area_id": area_id,
                    "name": names["en"] if city else f"{names['en']} District",
                    "name_ru": names["ru"],
                    "name_ky": names["ky"],
                    "country": "KG",
                    "level": "district",
                    "pcode": names["pcode"],
                    "source_ids": [OCHA_KGZ],
                    "note": "Kyrgyz district (OCHA COD-AB, valid 2018-11-19, digitised by the Kyrgyz "
                    "Ministry of Emergency Situations): a Kyrgyz view of the district, which overlaps Tajik "
                    "districts in places (see the overlap areas).",
                },
                geom,
            )
        )
    features.extend(_district_overlaps(reference, kg))
    return sorted(features, key=lambda f: f["properties"]["area_id"])


def _geodesic_km2(geom: shapely.Geometry) -> float:
    return abs(_GEOD.geometry_area_perimeter(_orient(geom))[0]) / 1e6


def _district_overlaps(
    reference: Path, kg: list[tuple[str, dict[str, str], shapely.Geometry]], *, min_km2: float = 0.01
) -> list[dict[str, Any]]:
    """Where a Kyrgyz district (OCHA) and a Tajik district (geoBoundaries) cover the same ground."""
    tj = [
        (f["properties"]["shapeName"], shapely.make_valid(shape(f["geometry"])))
        for f in _read(reference / "tjk_adm2_geoboundaries.geojson")
    ]
    features = []
    for kg_id, names, kg_geom in kg:
        for tj_name, tj_geom in tj:
            if not kg_geom.intersects(tj_geom):
                continue
            piece = kg_geom.intersection(tj_geom)
            polygons = [g for g in getattr(piece, "geoms", [piece]) if g.geom_type == "Polygon"]
            if not polygons:
                continue
            piece = shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]
            area = _geodesic_km2(piece)
            if area < min_km2:
                continue
            tj_short = tj_name.replace(" District", "")
            features.append(
                _feature(
                    {
                        "area_id": f"overlap-{kg_id}-tj-{_slug(tj_name)}",
                        "name": f"Overlap: {names['en']} (KG) / {tj_short} (TJ)",
                        "country": "KG/TJ",
                        "level": "overlap",
                        "area_km2": round(area, 2),
                        "source_ids": [OCHA_KGZ, GEOBOUNDARIES],
                        "note": f"{area:.2f} km² that the Kyrgyz district layer (OCHA, drawn by the Kyrgyz "
                        f"Ministry of Emergency Situations) puts in {names['en']} and the Tajik district "
                        f"layer (geoBoundaries, OpenStreetMap as of 2017) puts in {tj_name}. Two "
                        "countries' maps of the same ground: a claim shown, not a ruling.",
                    },
                    piece,
                )
            )
    return features


_WATER_KIND = {
    "River": "river", "Lake Centerline": "river", "Reservoir": "reservoir", "Alkaline Lake": "lake",
}


def build_water(reference: Path) -> list[dict[str, Any]]:
    """Rivers and reservoirs for the offline basemap (Natural Earth 10m)."""
    features = []
    for number, f in enumerate(_read(reference / "water_naturalearth10m.geojson"), start=1):
        p = f["properties"]
        features.append(
            _feature(
                {
                    "water_id": f"{_slug(p['name'])}-{number}",
                    "name": p["name"],
                    "kind": _WATER_KIND.get(p["featurecla"], "river"),
                    "source_ids": [NATURAL_EARTH_WATER],
                },
                shape(f["geometry"]),
            )
        )
    return features


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
                properties["geonames_id"] = row["geonameid"]
            if not found and not derived:
                properties["note"] = (
                    "Location not yet established from an open source; not drawn. "
                    + row["note"]
                ).strip()
            geom = shapely.Point(float(row["lon"]), float(row["lat"])) if row["lat"] else None
            places[place_id] = _feature(properties, geom)
    return places


# Scripts whose spellings a reader can type (Latin, Cyrillic incl. Kyrgyz/Tajik letters);
# GeoNames/WOF also hold Arabic, Greek, CJK ... names, left out of search.
_SEARCHABLE = re.compile(r"^[A-Za-z\u00C0-\u024F\u0400-\u04FF0-9 '’‘`ʻʼ.,()\-]+$")


def _gazetteer_villages(reference: Path) -> dict[str, dict[str, str]]:
    """GeoNames village points held by Who's On First, by GeoNames id."""
    with (reference / "geonames_wof_settlements.csv").open(encoding="utf-8", newline="") as handle:
        return {row["geonames_id"]: row for row in csv.DictReader(handle) if row["geonames_id"]}


def _merge_names(own: str, extra: Iterable[str]) -> str:
    """``own`` spellings first, then each new searchable spelling once."""
    names = [n.strip() for n in own.split(";") if n.strip()]
    seen = {n.casefold() for n in names}
    for name in extra:
        name = name.strip()
        if name and _SEARCHABLE.match(name) and name.casefold() not in seen:
            names.append(name)
            seen.add(name.casefold())
    return "; ".join(names)


def _district_points(reference: Path) -> dict[str, shapely.Point]:
    """A point inside each Kyrgyz (OCHA) and Tajik (geoBoundaries) district, by area_id."""
    points = {}
    for area_id, _names, geom in _kg_districts(reference):
        points[area_id] = geom.representative_point()
    for f in _read(reference / "tjk_adm2_geoboundaries.geojson"):
        points[f"tj-{_slug(f['properties']['shapeName'])}"] = shape(f["geometry"]).representative_point()
    return points


class FactsError(ValueError):
    """A row of facts/places.csv that cannot be built, with file, row and field."""


def _researched_places(facts: Path, reference: Path) -> dict[str, dict[str, Any]]:
    """Places of ``facts/places.csv``; a ``geonames_id`` takes its point from the gazetteer,
    an ``area_id`` (only the district is known) a point inside that district."""
    path = facts / "places.csv"
    if not path.is_file():
        return {}
    villages = _gazetteer_villages(reference)
    districts = _district_points(reference)
    places: dict[str, dict[str, Any]] = {}
    errors: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            where = f"{path.name} row {number} ({row['place_id']})"
            gid, area = row.get("geonames_id", ""), row.get("area_id", "")
            sources = row["source_ids"].split(";")
            alt_names = row["alt_names"]
            extra: dict[str, Any] = {}
            geom = shapely.Point(float(row["lon"]), float(row["lat"])) if row["lat"] else None
            if gid:
                village = villages.get(gid)
                if village is None:
                    errors.append(f"{where}, field geonames_id: {gid} is not in geonames_wof_settlements.csv")
                    continue
                if geom is not None:
                    errors.append(f"{where}, fields lat/lon: give either a geonames_id or lat/lon, not both")
                    continue
                geom = shapely.Point(float(village["lon"]), float(village["lat"]))
                names = [village["name"], village["gn_name"], *village["alt_names"].split(";")]
                alt_names = _merge_names(alt_names, names)
                sources = [*sources, GEONAMES_WOF]
                extra = {"geonames_id": gid, "geonames_country": village["country"]}
            elif area:
                if area not in districts:
                    errors.append(f"{where}, field area_id: no district {area!r}")
                    continue
                geom = districts[area]
                extra = {"area_id": area}
            if row["precision"] == "unknown" and geom is not None:
                errors.append(f"{where}, field precision: 'unknown' but a location is given")
            if row["precision"] != "unknown" and geom is None:
                errors.append(f"{where}, field precision: {row['precision']!r} but no location")
            properties = {
                "place_id": row["place_id"],
                "name": row["name"],
                "alt_names": alt_names,
                "country": row["country"],
                "admin": row["admin"],
                "kind": row["kind"],
                "precision": row["precision"],
                "source_ids": list(dict.fromkeys(sources)),
                "note": row["note"],
                **extra,
                "check": row.get("check", ""),
            }
            places[row["place_id"]] = _feature(properties, geom)
    if errors:
        raise FactsError("\n".join(errors))
    return places


_ISO2 = {"KGZ": "KG", "TJK": "TJ", "UZB": "UZ", "AFG": "AF", "CHN": "CN", "KAZ": "KZ"}


def build_places(reference: Path, facts: Path) -> list[dict[str, Any]]:
    """Every place of the record: gazetteer towns, then the researched facts over them.

    A drawn place gets ``osm_side``: the country whose OpenStreetMap outline holds
    its point, to set beside its ``country`` (the tests require a note where they differ).
    """
    places = _gazetteer_places(reference)
    villages = _gazetteer_villages(reference)
    for feature in places.values():  # spellings of the same GeoNames record, for search
        p = feature["properties"]
        village = villages.get(p.get("geonames_id", ""))
        if village:
            names = [village["name"], village["gn_name"], *village["alt_names"].split(";")]
            p["alt_names"] = _merge_names(p["alt_names"], names)
    places.update(_researched_places(facts, reference))  # researched facts override gaps
    outlines = [
        (_ISO2[f["properties"]["iso_a3"]], shape(f["geometry"]))
        for f in _read(reference / "countries_osm.geojson")
    ]
    for feature in places.values():
        if feature["geometry"]:
            point = shapely.Point(feature["geometry"]["coordinates"])
            sides = [iso for iso, outline in outlines if outline.covers(point)]
            feature["properties"]["osm_side"] = "/".join(sides)
    return [places[key] for key in sorted(places)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--facts", type=Path, default=ROOT / "facts")
    parser.add_argument("--out", type=Path, default=ROOT / "data")
    args = parser.parse_args(argv)
    osm = "© OpenStreetMap contributors, ODbL-1.0"
    try:
        places = build_places(args.reference, args.facts)
    except FactsError as error:
        print(f"error in {args.facts}:\n{error}", file=sys.stderr)
        return 1
    located = {
        f["properties"]["place_id"]: shapely.Point(f["geometry"]["coordinates"])
        for f in places
        if f["geometry"]
    }
    outputs = {
        "countries.geojson": (build_countries(args.reference), osm),
        "border_segments.geojson": (build_segments(args.reference, args.facts, located), osm),
        "enclaves.geojson": (build_enclaves(args.reference, args.facts), osm),
        "water.geojson": (build_water(args.reference), "Natural Earth (public domain)"),
        "admin_areas.geojson": (
            build_admin_areas(args.reference),
            "Natural Earth (public domain); geoBoundaries (Runfola et al. 2020) from "
            "© OpenStreetMap contributors, ODbL-1.0",
        ),
        "places.geojson": (
            places,
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
