"""GeoJSON of the map's layers, built from the dataset and the view.

Only the properties the map needs are kept, and every string from the data is
escaped here: folium's ``GeoJsonTooltip`` inserts property values with
``innerHTML``. Features carry ``kind`` and ``id`` so a click can be resolved to
the record. Nothing here knows about folium.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.i18n import format_date, format_number, local_name, ngettext, t
from geo.load import Dataset
from geo.text import cell_text
from geo.uploads import CELL_DEGREES
from geo.vocabulary import EVENT_TYPES, SEGMENT_STATUSES

FeatureCollection = dict[str, Any]

__all__ = [
    "FeatureCollection",
    "admin_data",
    "affected_features",
    "cell_features",
    "countries_data",
    "enclaves_data",
    "escape",
    "event_features",
    "feature_collection",
    "labels_data",
    "places_data",
    "segment_features",
    "total_features",
    "type_counts",
    "upload_features",
    "water_data",
]


def escape(value: object) -> str:
    """``value`` as HTML-escaped text; empty for None or NaN."""
    return html.escape(cell_text(value))


def feature_collection(
    frame: gpd.GeoDataFrame, properties: Callable[[Mapping[str, Any]], dict[str, Any]]
) -> FeatureCollection:
    """GeoJSON of ``frame`` with only the (escaped) properties the map needs.

    Rows without geometry are left out (they are listed, not drawn). Each
    feature gets its index as GeoJSON ``id``, so folium styles features by id
    and never has to add one to data the browser may fetch from a file.
    """
    drawn = frame[frame.geometry.notna()]
    features = [
        {
            "type": "Feature",
            "id": str(number),
            "properties": properties(row),
            "geometry": shape.__geo_interface__,
        }
        for number, (row, shape) in enumerate(zip(drawn.to_dict("records"), drawn.geometry, strict=True))
    ]
    collection: FeatureCollection = {"type": "FeatureCollection", "features": features}
    if features:
        collection["bbox"] = [round(float(v), 6) for v in drawn.total_bounds]
    return collection


def _place_properties(row: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """What every place feature carries: a click on it opens the place."""
    name = local_name(row["name"], row["alt_names"], lang)
    return {"kind": "place", "id": row["place_id"], "name": escape(name)}


def _date_span(start: Any, end: Any, lang: str) -> str:
    if start == end:
        return format_date(start, lang)
    return f"{format_date(start, lang)} – {format_date(end, lang)}"


def _km(value: float, lang: str, unit: str = "km") -> str:
    """``12.3 km`` / ``12,3 км``: a length or (``km²``) area in the locale's numbers."""
    text = t("{n} km²", lang) if unit == "km²" else t("{n} km", lang)
    return text.format(n=format_number(value, lang, digits=1))


def _stack_text(stack: int, lang: str) -> str:
    if stack == 1:
        return t("the only event here in range", lang)
    return ngettext(
        "{n} event here in range; markers fanned out around the point",
        "{n} events here in range; markers fanned out around the point",
        stack,
        lang,
    ).format(n=stack)


def type_counts(by_type: Mapping[str, int], lang: str, *, most: int = 5) -> str:
    """The ``most`` commonest types with their counts, one per line (escaped HTML)."""
    lines = [
        f"{escape(t(EVENT_TYPES[code].label, lang))} {format_number(n, lang)}"
        for code, n in list(by_type.items())[:most]
    ]
    if len(by_type) > most:
        lines.append(f"+ {len(by_type) - most} {escape(t('other types', lang))}")
    return "<br>".join(lines)


# The static layers: each depends only on the dataset and the language.


def countries_data(dataset: Dataset, lang: str) -> FeatureCollection:
    """Country outlines."""
    return feature_collection(
        dataset.countries,
        lambda r: {"kind": "country", "id": r["iso_a3"], "name": escape(r["name"])},
    )


def water_data(dataset: Dataset, lang: str) -> FeatureCollection:
    """Rivers and reservoirs."""
    return feature_collection(
        dataset.water, lambda r: {"kind": "water", "id": r["water_id"], "name": escape(r["name"])}
    )


def labels_data(dataset: Dataset, lang: str) -> FeatureCollection:
    """Towns, named in ``lang`` where the data has the name."""
    places = dataset.places
    return feature_collection(
        places[places["kind"] == "town"],
        lambda r: {
            "kind": "label", "id": r["place_id"], "name": escape(local_name(r["name"], r["alt_names"], lang))
        },
    )


def admin_data(dataset: Dataset, lang: str) -> FeatureCollection:
    """Regions, districts and the overlaps of the two countries' district maps."""
    return feature_collection(
        dataset.admin_areas,
        lambda r: {
            "kind": "admin",
            "id": r["area_id"],
            "name": escape(r["name"]),
            "level": escape(r["level"]),
        },
    )


def enclaves_data(dataset: Dataset, *, outline: str, lang: str = "en") -> FeatureCollection:
    """The enclaves of one ``outline`` (``osm_current`` or ``osm_2017``)."""
    enclaves = dataset.enclaves
    return feature_collection(
        enclaves[enclaves["outline"] == outline],
        lambda r: {
            "kind": "enclave",
            "id": r["enclave_id"],
            # the recorded name for the page's language (Russian, Kyrgyz, Tajik columns), never made up
            "name": escape(local_name(r["name"], ";".join(
                str(r[c]) for c in ("name_ru", "name_ky", "name_tg") if c in r and isinstance(r[c], str)
            ), lang)),
            "sovereign": escape(r["sovereign"]),
            "area": _km(r["area_km2"], lang, "km²"),
        },
    )


def places_data(dataset: Dataset, lang: str) -> FeatureCollection:
    """Every place, with its country and how precisely it is located."""
    return feature_collection(
        dataset.places,
        lambda r: {
            **_place_properties(r, lang),
            "country": escape(r["country"]),
            "precision": escape(r["precision"]),
        },
    )


# The layers that depend on the filters (`geo.view.View`).


def segment_features(segments: gpd.GeoDataFrame, lang: str) -> FeatureCollection:
    """Border segments with their status at the end date."""
    return feature_collection(
        segments,
        lambda r: {
            "kind": "segment",
            "id": r["segment_id"],
            "name": escape(r["name"]),
            "status": r["status"],
            "status_label": escape(t(SEGMENT_STATUSES[r["status"]].label, lang)),
            "length": _km(r["length_km"], lang),
        },
    )


def affected_features(affected: gpd.GeoDataFrame, lang: str) -> FeatureCollection:
    """The located places named by the events in range, with their number of events."""
    located = affected[affected.geometry.notna()]
    return feature_collection(
        located, lambda r: {**_place_properties(r, lang), "events": int(r["event_count"])}
    )


def event_features(markers: gpd.GeoDataFrame, lang: str) -> FeatureCollection:
    """One feature per event marker, with its fan slot and the number of events at its place."""
    return feature_collection(
        markers,
        lambda r: {
            "kind": "event",
            "id": r["event_id"],
            "type": r["event_type"],
            "trigger": r.get("trigger") or "",
            "title": escape(r["title"]),
            "when": escape(_date_span(r["date_start"], r["date_end"], lang)),
            "type_label": escape(t(EVENT_TYPES[r["event_type"]].label, lang)),
            "place": escape(r["name"]),
            "slot": int(r["slot"]),
            "here": _stack_text(int(r["stack"]), lang),
        },
    )


def total_features(totals: gpd.GeoDataFrame, lang: str) -> FeatureCollection:
    """One feature per place with its events' count, dates and commonest types."""
    return feature_collection(
        totals,
        lambda r: {
            **_place_properties(r, lang),
            "events": int(r["events"]),
            "count": format_number(int(r["events"]), lang),
            "when": escape(_date_span(r["first"], r["last"], lang)),
            "types": type_counts(r["by_type"], lang),
        },
    )


def upload_features(events: pd.DataFrame, lang: str) -> FeatureCollection:
    """A user's uploaded events (with ``latitude`` and ``longitude``), one point each."""
    frame = gpd.GeoDataFrame(
        events, geometry=gpd.points_from_xy(events["longitude"], events["latitude"]), crs="EPSG:4326"
    )
    return feature_collection(
        frame,
        lambda r: {
            "kind": "upload",
            "id": r["event_id"],
            "type": r["event_type"],
            "title": escape(r["title"]),
            "when": escape(_date_span(r["date_start"], r["date_end"], lang)),
            "source": escape(r["source"]),
        },
    )


def cell_features(cells: pd.DataFrame, lang: str) -> FeatureCollection:
    """Grid cells of an uploaded file's events (`geo.uploads.overlay_cells`), as squares."""
    size = CELL_DEGREES
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "id": str(number),
            "properties": {
                "kind": "upload-cell",
                "events": int(c["count"]),
                "count": format_number(int(c["count"]), lang),
                "when": escape(_date_span(c["first"], c["last"], lang)),
                "types": escape(c["types"]),
            },
            "geometry": {
                "type": "Polygon",
                "coordinates": [[
                    [c["west"], c["south"]], [c["west"] + size, c["south"]],
                    [c["west"] + size, c["south"] + size], [c["west"], c["south"] + size],
                    [c["west"], c["south"]],
                ]],
            },
        }
        for number, c in enumerate(cells.to_dict("records"))
    ]
    return {"type": "FeatureCollection", "features": features}
