"""Facts computed from the geometry: lengths, areas, distances, sides.

CRS is explicit: the data is stored in EPSG:4326; lengths and areas are
geodesic (WGS 84 ellipsoid, `pyproj.Geod`); distances between places and lines
are measured in UTM zone 42N (EPSG:32642), which covers the Fergana valley
(66–72° E) with a scale error under 0.1 %.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Geod

from geo.filters import segment_status_at
from geo.load import Dataset
from geo.vocabulary import SEGMENT_STATUSES

__all__ = [
    "METRIC_CRS",
    "border_length_km",
    "district_overlaps",
    "enclave_areas",
    "length_by_status",
    "place_facts",
]

METRIC_CRS = "EPSG:32642"  # UTM zone 42N
_GEOD = Geod(ellps="WGS84")
_PRIMARY = ("KGZ", "TJK", "UZB")


def _geodesic_km(geom: shapely.Geometry) -> float:
    return _GEOD.geometry_length(geom) / 1000


def border_length_km(segments: gpd.GeoDataFrame) -> float:
    """Geodesic length of all Kyrgyz–Tajik border segments, in km."""
    return float(sum(_geodesic_km(g) for g in segments.geometry))


def length_by_status(dataset: Dataset, when: dt.date) -> pd.DataFrame:
    """Kilometres of border per status in force on ``when`` (geodesic).

    Returns
    -------
    pandas.DataFrame
        Columns ``status``, ``label``, ``km``, ``share`` (of the total), one row
        per status present, in the order of `geo.vocabulary.SEGMENT_STATUSES`.
    """
    segments = segment_status_at(dataset, when)
    km = segments.geometry.apply(_geodesic_km).groupby(segments["status"]).sum()
    total = float(km.sum())
    rows = [
        {"status": s, "label": SEGMENT_STATUSES[s].label, "km": round(float(km[s]), 1),
         "share": round(float(km[s]) / total, 3) if total else 0.0}
        for s in SEGMENT_STATUSES
        if s in km.index
    ]
    return pd.DataFrame(rows, columns=["status", "label", "km", "share"])


def enclave_areas(enclaves: gpd.GeoDataFrame) -> pd.DataFrame:
    """Geodesic area of every enclave outline, in km², next to the stored figure."""
    areas = [abs(_GEOD.geometry_area_perimeter(g)[0]) / 1e6 for g in enclaves.geometry]
    return pd.DataFrame(
        {
            "enclave_id": list(enclaves["enclave_id"]),
            "name": list(enclaves["name"]),
            "outline": list(enclaves["outline"]),
            "area_km2": [round(a, 2) for a in areas],
        }
    )


def district_overlaps(admin_areas: gpd.GeoDataFrame) -> pd.DataFrame:
    """Where the Kyrgyz and the Tajik district layers cover the same ground.

    Returns
    -------
    pandas.DataFrame
        ``area`` (the two districts), ``km²`` (geodesic, computed here from the
        outline), largest first; empty when the data has no ``overlap`` areas.
    """
    overlaps = admin_areas[admin_areas["level"] == "overlap"]
    areas = [round(abs(_GEOD.geometry_area_perimeter(g)[0]) / 1e6, 2) for g in overlaps.geometry]
    table = pd.DataFrame({"area": [n.removeprefix("Overlap: ") for n in overlaps["name"]], "km²": areas})
    return table.sort_values("km²", ascending=False, ignore_index=True)


def place_facts(dataset: Dataset) -> pd.DataFrame:
    """For every located place: which country it lies in and how far from the border.

    Columns: ``place_id``, ``name``, ``stated_country`` (from the data),
    ``geometry_country`` (ISO alpha-2 of the country polygon(s) containing the
    point, ``"/"``-joined where OSM outlines overlap; ``"none"`` outside all),
    ``km_to_kg_tj_border`` (nearest border segment) and
    ``km_to_other_country`` (nearest territory of a primary country other
    than the one containing it).
    """
    places = dataset.places[dataset.places.geometry.notna()]
    if places.empty:
        return pd.DataFrame(
            columns=["place_id", "name", "stated_country", "geometry_country",
                     "km_to_kg_tj_border", "km_to_other_country"]
        )
    metric_places = places.to_crs(METRIC_CRS)
    border = shapely.union_all(list(dataset.segments.to_crs(METRIC_CRS).geometry))
    countries = dataset.countries[dataset.countries["iso_a3"].isin(_PRIMARY)].to_crs(METRIC_CRS)
    iso2 = {"KGZ": "KG", "TJK": "TJ", "UZB": "UZ"}
    outlines = list(zip(countries["iso_a3"], countries.geometry, strict=True))
    rows = []
    for (_, place), point in zip(places.iterrows(), metric_places.geometry, strict=True):
        inside = [iso for iso, g in outlines if g.contains(point)]
        others = [g for iso, g in outlines if iso not in inside]
        rows.append(
            {
                "place_id": place["place_id"],
                "name": place["name"],
                "stated_country": place["country"],
                "geometry_country": "/".join(iso2[i] for i in inside) or "none",
                "km_to_kg_tj_border": round(border.distance(point) / 1000, 1),
                "km_to_other_country": round(min(g.distance(point) for g in others) / 1000, 1)
                if others else None,
            }
        )
    return pd.DataFrame(rows)
