"""The map's folium layers, one builder per layer, with their names and tooltips.

Each builder takes the layer's GeoJSON (`geo.map.features`) or the frame it is
made from, and returns a `folium.GeoJson` styled by `geo.map.styles`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import xyzservices
from folium.utilities import JsCode

from geo.i18n import N_, t
from geo.map import features as fx
from geo.map import styles
from geo.map.features import FeatureCollection
from geo.map.loader import BORDER_PANE, linked

Publish = Callable[[str, FeatureCollection], str]

__all__ = [
    "BASE_LAYERS",
    "DEFAULT_LAYERS",
    "LAYER_NAMES",
    "Publish",
    "admin_layer",
    "affected_layer",
    "base_layers",
    "cells_layer",
    "countries_layer",
    "enclaves_layer",
    "events_layer",
    "labels_layer",
    "places_layer",
    "segments_layer",
    "totals_layer",
    "upload_layer",
    "water_layer",
]

LAYER_NAMES: Mapping[str, str] = {
    "countries": N_("Countries"),
    "water": N_("Rivers and reservoirs"),
    "labels": N_("Town labels"),
    "admin": N_("Regions and districts (context)"),
    "enclaves": N_("Enclaves (OSM, current)"),
    "enclaves_2017": N_("Enclave outlines (OSM 2017, for comparison)"),
    "places": N_("Villages and towns"),
    "segments": N_("Kyrgyz–Tajik border: status at end date"),
    "affected": N_("Places with events in range"),
    "events": N_("Events"),
}
DEFAULT_LAYERS = (
    "countries", "water", "labels", "enclaves", "places", "segments", "affected", "events",
)
BASE_LAYERS: Mapping[str, str] = {
    "offline": N_("Offline basemap (drawn from our data)"),
    "osm": N_("OpenStreetMap tiles (online)"),
    "satellite": N_("Satellite imagery, Esri (online)"),
}
# Online tiles are optional: a tile layer created with show=False is not added to the
# map, so nothing is requested until the user picks it; a failed tile leaves a gap,
# never an error. Given as TileProviders: folium looks a plain URL up among the ~1,000
# named providers first, which cost 10 ms on every rerun.
_TILES = {
    "osm": xyzservices.TileProvider(
        name="osm", url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        attribution="© OpenStreetMap contributors",
    ),
    "satellite": xyzservices.TileProvider(
        name="satellite",
        url="https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        attribution="Tiles © Esri — Source: Esri, Maxar, Earthstar Geographics, and the GIS User Community",
    ),
}


# Each drawn feature's element carries what it shows (data-kgtj-kind, -id, -place), set with
# setAttribute (never parsed as HTML): assistive tools, scripts and the browser tests can find
# "the marker of event X at place Y" on the page itself.
_TAG_FEATURE = JsCode(
    """function (feature, layer) {
        layer.on("add", function () {
            var element = layer.getElement && layer.getElement();
            var props = feature.properties || {};
            if (!element) { return; }
            ["kind", "id", "place"].forEach(function (key) {
                if (props[key] !== undefined && props[key] !== null) {
                    element.setAttribute("data-kgtj-" + key, String(props[key]));
                }
            });
        });
    }"""
)


class _GeoJson(folium.GeoJson):
    """folium's GeoJson, with its bounds read from the data's ``bbox`` (RFC 7946 §5).

    folium otherwise walks every coordinate of every layer on each render to
    find the map's bounds, which for the country outlines costs 0.1 s a rerun.
    """

    def __init__(self, data: Any, **kwargs: Any) -> None:
        kwargs.setdefault("on_each_feature", _TAG_FEATURE)
        super().__init__(data, **kwargs)

    def _get_self_bounds(self) -> list[list[float | None]]:
        bbox = self.data.get("bbox") if isinstance(self.data, dict) else None
        if bbox:
            return [[bbox[1], bbox[0]], [bbox[3], bbox[2]]]
        return super()._get_self_bounds()


def _tooltip(
    data: dict[str, Any],
    fields: list[str],
    aliases: list[str] | None = None,
    *,
    lang: str = "en",
    **options: Any,
) -> folium.GeoJsonTooltip | None:
    """A tooltip of ``fields``; none for an empty layer (folium cannot check fields of nothing)."""
    if not data["features"]:
        return None
    aliases = [t(a, lang) for a in aliases] if aliases else aliases
    return folium.GeoJsonTooltip(fields=fields, aliases=aliases, **{"sticky": True, **options})


def base_layers(m: folium.Map, lang: str) -> None:
    """Add the base layers to ``m``: the offline one (shown), online tiles (fetched once picked)."""
    folium.FeatureGroup(name=t(BASE_LAYERS["offline"], lang), overlay=False, control=True).add_to(m)
    for key, provider in _TILES.items():
        folium.TileLayer(
            provider, attr=provider.attribution, name=t(BASE_LAYERS[key], lang), overlay=False, show=False,
            max_zoom=18,
        ).add_to(m)


# The static layers, drawn from their data (`geo.map.features`).


def countries_layer(data: FeatureCollection, lang: str = "en") -> folium.GeoJson:
    """Country outlines, filled."""
    return _GeoJson(
        data,
        name=t(LAYER_NAMES["countries"], lang),
        style_function=styles.country_style,
        tooltip=_tooltip(data, ["name"], [N_("Country")], lang=lang),
        highlight_function=None,
    )


def water_layer(data: FeatureCollection, lang: str = "en") -> folium.GeoJson:
    """Rivers and reservoirs."""
    return _GeoJson(
        data,
        name=t(LAYER_NAMES["water"], lang),
        style_function=styles.water_style,
        tooltip=_tooltip(data, ["name"], [N_("Water")], lang=lang),
    )


def labels_layer(data: FeatureCollection, lang: str = "en") -> folium.GeoJson:
    """Town names as permanent labels."""
    return _GeoJson(
        data,
        name=t(LAYER_NAMES["labels"], lang),
        marker=folium.CircleMarker(radius=0, stroke=False, interactive=False),
        # A label per town, bound to each feature: a permanent tooltip bound to the whole
        # layer (folium's GeoJsonTooltip) opens on one feature only. Names are escaped.
        on_each_feature=JsCode(
            "function (feature, layer) { layer.bindTooltip(feature.properties.name, "
            "{permanent: true, direction: 'right', className: 'kgtj-label', interactive: false}); }"
        ),
    )


def admin_layer(data: FeatureCollection, lang: str = "en") -> folium.GeoJson:
    """Regions and districts, for context."""
    return _GeoJson(
        data,
        name=t(LAYER_NAMES["admin"], lang),
        style_function=styles.admin_style,
        tooltip=_tooltip(data, ["name", "level"], [N_("Area"), N_("Level")], lang=lang),
    )


def enclaves_layer(data: FeatureCollection, *, name: str, dashed: bool, lang: str = "en") -> folium.GeoJson:
    """Enclaves, filled or (``dashed``) as outlines."""
    return _GeoJson(
        data,
        name=t(name, lang),
        style_function=styles.enclave_style(dashed=dashed),
        tooltip=_tooltip(
            data, ["name", "sovereign", "area"], [N_("Enclave"), N_("Belongs to"), N_("Area")], lang=lang
        ),
    )


def places_layer(data: FeatureCollection, lang: str = "en") -> folium.GeoJson:
    """Every village and town."""
    return _GeoJson(
        data,
        name=t(LAYER_NAMES["places"], lang),
        marker=folium.CircleMarker(radius=4, fill=True, class_name="kgtj-place"),
        style_function=styles.place_style,
        tooltip=_tooltip(
            data, ["name", "country", "precision"], [N_("Place"), N_("Country"), N_("Location")], lang=lang
        ),
    )


# The layers that depend on the filters, drawn from the view's frames.


def segments_layer(
    segments: gpd.GeoDataFrame, lang: str = "en", *, publish: Publish | None = None
) -> folium.GeoJson:
    """The border's segments in their status at the end date; fetched when ``publish`` is given."""
    data = fx.segment_features(segments, lang)
    layer = _GeoJson(
        data,
        style_function=styles.segment_style,
        highlight_function=lambda f: {"weight": 8},
        tooltip=_tooltip(
            data, ["name", "status_label", "length"], [N_("Segment"), N_("Status"), N_("Length")], lang=lang
        ),
    )
    # The border's statuses change at a handful of dates, so a published copy per
    # status set is fetched once and reused, instead of 50 KB in every rerun's script.
    return linked(
        layer, publish(f"segments-{lang}", data) if publish and data["features"] else None, pane=BORDER_PANE
    )


def affected_layer(affected: gpd.GeoDataFrame, lang: str = "en") -> folium.GeoJson:
    """A ring around each place with events in range."""
    data = fx.affected_features(affected, lang)
    return _GeoJson(
        data,
        marker=folium.CircleMarker(radius=12, fill=True, class_name="kgtj-affected"),
        style_function=styles.affected_style,
        tooltip=_tooltip(data, ["name", "events"], [N_("Place"), N_("Events in range")], lang=lang),
    )


def events_layer(
    markers: gpd.GeoDataFrame, *, selected: str | None, lang: str = "en", colour_by: str = "type"
) -> folium.GeoJson:
    """One marker per event, fanned out around shared places; ``selected`` emphasised; coloured by
    type or by trigger (``colour_by``)."""
    data = fx.event_features(markers, lang)
    return _GeoJson(
        data,
        marker=folium.CircleMarker(radius=7, fill=True, class_name="kgtj-event"),
        style_function=styles.event_style(selected=selected, colour_by=colour_by),
        tooltip=_tooltip(
            data,
            ["title", "when", "type_label", "place", "here"],
            [N_("Event"), N_("When"), N_("Type"), N_("Place"), N_("Marker")],
            lang=lang,
        ),
    )


def totals_layer(totals: gpd.GeoDataFrame, lang: str = "en") -> folium.GeoJson:
    """One marker per place, sized by its number of events (log scale), for large selections."""
    data = fx.total_features(totals, lang)
    return _GeoJson(
        data,
        marker=folium.CircleMarker(radius=10, fill=True, class_name="kgtj-event kgtj-total"),
        style_function=styles.total_style,
        tooltip=_tooltip(
            data,
            ["name", "count", "when", "types"],
            [N_("Place"), N_("Events in range"), N_("From – to"), N_("By type")],
            lang=lang,
        ),
    )


def upload_layer(events: pd.DataFrame, lang: str = "en") -> folium.GeoJson:
    """A user's uploaded events, one dotted marker each."""
    data = fx.upload_features(events, lang)
    return _GeoJson(
        data,
        marker=folium.CircleMarker(radius=6, fill=True, class_name="kgtj-upload"),
        style_function=styles.upload_style,
        tooltip=_tooltip(
            data, ["title", "when", "source"], [N_("Your event"), N_("When"), N_("Source")], lang=lang
        ),
    )


def cells_layer(cells: pd.DataFrame, lang: str) -> folium.GeoJson:
    """Grid cells of an uploaded file's events, shaded by count, with dates and types."""
    data = fx.cell_features(cells, lang)
    most = max((f["properties"]["events"] for f in data["features"]), default=1)
    return _GeoJson(
        data,
        style_function=styles.cell_style(most=most),
        tooltip=_tooltip(
            data, ["count", "when", "types"], ["Your events in this square", "From – to", "By type"],
            lang=lang,
        ),
    )
