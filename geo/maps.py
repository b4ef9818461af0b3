"""Folium layers of the atlas: a static base map and the date-filtered layers.

The base map (countries, enclaves, all places, legend) does not depend on the
filters, so Streamlit keeps it mounted; the layers that do (border status at
the end date, affected places, events) are separate `folium.FeatureGroup`s,
handed to ``st_folium(feature_group_to_add=...)`` so moving the slider swaps
only them.

Every string from the data that reaches HTML (tooltips) is escaped here:
folium's ``GeoJsonTooltip`` inserts property values with ``innerHTML``.
Features carry ``kind`` and ``id`` so a click can be resolved to the record.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable, Collection, Mapping
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement, Template

from geo.assets import use_local_assets
from geo.i18n import local_name, plural_ru, t
from geo.load import Dataset
from geo.view import View
from geo.vocabulary import EVENT_TYPES, SEGMENT_STATUSES

__all__ = [
    "DEFAULT_LAYERS",
    "LAYER_NAMES",
    "MAP_CENTER",
    "atlas_layers",
    "base_map",
    "dynamic_layers",
    "overlay_layer",
    "whole_map",
]

MAP_CENTER = (39.95, 70.25)  # between Kulundu (west), Vorukh and Batken (east)
MAP_ZOOM = 9

LAYER_NAMES: Mapping[str, str] = {
    "countries": "Countries",
    "water": "Rivers and reservoirs",
    "labels": "Town labels",
    "admin": "Regions and districts (context)",
    "enclaves": "Enclaves (OSM, current)",
    "enclaves_2017": "Enclave outlines (OSM 2017, for comparison)",
    "places": "Villages and towns",
    "segments": "Kyrgyz–Tajik border: status at end date",
    "affected": "Places with events in range",
    "events": "Events",
}

# Events sharing a place are fanned out on a sunflower spiral in screen pixels
# (a CSS transform on the marker's SVG path), so each stays clickable at any
# zoom while its coordinates stay true; slot 0 sits on the point itself.
FAN_SLOTS = 60
_FAN_STEP_PX = 9.0


def _fan_css() -> str:
    rules = []
    for slot in range(1, FAN_SLOTS):
        radius = _FAN_STEP_PX * math.sqrt(slot)
        angle = math.radians(slot * 137.508)
        dx, dy = radius * math.cos(angle), radius * math.sin(angle)
        rules.append(f".kgtj-slot-{slot} {{ transform: translate({dx:.1f}px, {dy:.1f}px); }}")
    return "\n".join(rules)


BASE_LAYERS: Mapping[str, str] = {
    "offline": "Offline basemap (drawn from our data)",
    "osm": "OpenStreetMap tiles (online)",
    "satellite": "Satellite imagery, Esri (online)",
}
# Online tiles are optional: a tile layer created with show=False is not added to the
# map, so nothing is requested until the user picks it; a failed tile leaves a gap,
# never an error.
_TILES = {
    "osm": (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "© OpenStreetMap contributors",
    ),
    "satellite": (
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Tiles © Esri — Source: Esri, Maxar, Earthstar Geographics, and the GIS User Community",
    ),
}
ATTRIBUTION = "© OpenStreetMap contributors (ODbL) · GeoNames (CC BY) · Natural Earth · geoBoundaries"

_COUNTRY_FILL = {"KGZ": "#f4efdc", "TJK": "#e3eedb", "UZB": "#efe3e3"}
_CONTEXT_FILL = "#ececec"
_SOVEREIGN_COLOUR = {"TJK": "#2e7d32", "UZB": "#8e3b3b", "KGZ": "#9a7b00"}


def _escape(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def _feature_collection(
    frame: gpd.GeoDataFrame, properties: Callable[[pd.Series], dict[str, Any]]
) -> dict[str, Any]:
    """GeoJSON of ``frame`` with only the (escaped) properties the map needs."""
    features = []
    for _, row in frame.iterrows():
        if row.geometry is None:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": properties(row),
                "geometry": row.geometry.__geo_interface__,
            }
        )
    return {"type": "FeatureCollection", "features": features}


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


DEFAULT_LAYERS = (
    "countries", "water", "labels", "enclaves", "places", "segments", "affected", "events",
)


def _countries_layer(countries: gpd.GeoDataFrame, lang: str = "en") -> folium.GeoJson:
    data = _feature_collection(
        countries,
        lambda r: {"kind": "country", "id": r["iso_a3"], "name": _escape(r["name"])},
    )
    return folium.GeoJson(
        data,
        name=t(LAYER_NAMES["countries"], lang),
        style_function=lambda f: {
            "fillColor": _COUNTRY_FILL.get(f["properties"]["id"], _CONTEXT_FILL),
            "fillOpacity": 1.0,
            "color": "#8a8a8a",
            "weight": 1,
        },
        tooltip=_tooltip(data, ["name"], ["Country"], lang=lang),
        highlight_function=None,
    )


def _water_layer(water: gpd.GeoDataFrame, lang: str = "en") -> folium.GeoJson:
    data = _feature_collection(
        water, lambda r: {"kind": "water", "id": r["water_id"], "name": _escape(r["name"])}
    )
    return folium.GeoJson(
        data,
        name=t(LAYER_NAMES["water"], lang),
        style_function=lambda f: {
            "color": "#4a90c2",
            "weight": 1.5,
            "fillColor": "#a8cbe6",
            "fillOpacity": 0.9,
        },
        tooltip=_tooltip(data, ["name"], ["Water"], lang=lang),
    )


def _labels_layer(places: gpd.GeoDataFrame, lang: str = "en") -> folium.GeoJson:
    towns = places[(places["kind"] == "town") & places.geometry.notna()]
    data = _feature_collection(
        towns,
        lambda r: {
            "kind": "label", "id": r["place_id"], "name": _escape(local_name(r["name"], r["alt_names"], lang))
        },
    )
    return folium.GeoJson(
        data,
        name=t(LAYER_NAMES["labels"], lang),
        marker=folium.CircleMarker(radius=0, stroke=False, interactive=False),
        tooltip=_tooltip(
            data, ["name"], labels=False, permanent=True, sticky=False, direction="right",
            class_name="kgtj-label",
        ),
    )


def _base_layers(m: folium.Map, lang: str) -> None:
    folium.FeatureGroup(name=t(BASE_LAYERS["offline"], lang), overlay=False, control=True).add_to(m)
    for key, (url, attribution) in _TILES.items():
        folium.TileLayer(
            url, attr=attribution, name=t(BASE_LAYERS[key], lang), overlay=False, show=False, max_zoom=18
        ).add_to(m)


def _admin_layer(admin_areas: gpd.GeoDataFrame, lang: str = "en") -> folium.GeoJson:
    data = _feature_collection(
        admin_areas,
        lambda r: {
            "kind": "admin",
            "id": r["area_id"],
            "name": _escape(r["name"]),
            "level": _escape(r["level"]),
        },
    )
    return folium.GeoJson(
        data,
        name=t(LAYER_NAMES["admin"], lang),
        style_function=lambda f: {
            "fill": False,
            "color": "#5d4037" if f["properties"]["level"] == "region" else "#8d6e63",
            "weight": 2 if f["properties"]["level"] == "region" else 1,
            "dashArray": "8 4" if f["properties"]["level"] == "region" else "3 3",
        },
        tooltip=_tooltip(data, ["name", "level"], ["Area", "Level"], lang=lang),
    )


def _enclaves_layer(
    enclaves: gpd.GeoDataFrame, *, outline: str, name: str, lang: str = "en"
) -> folium.GeoJson:
    chosen = enclaves[enclaves["outline"] == outline]
    data = _feature_collection(
        chosen,
        lambda r: {
            "kind": "enclave",
            "id": r["enclave_id"],
            "name": _escape(r["name"]),
            "sovereign": _escape(r["sovereign"]),
            "area": f"{r['area_km2']:.1f} km²",
        },
    )
    dashed = outline != "osm_current"
    return folium.GeoJson(
        data,
        name=t(name, lang),
        style_function=lambda f: {
            "fillColor": _SOVEREIGN_COLOUR.get(f["properties"]["sovereign"], "#555555"),
            "fillOpacity": 0.0 if dashed else 0.35,
            "color": _SOVEREIGN_COLOUR.get(f["properties"]["sovereign"], "#555555"),
            "weight": 2,
            "dashArray": "5 5" if dashed else None,
        },
        tooltip=_tooltip(data, ["name", "sovereign", "area"], ["Enclave", "Belongs to", "Area"], lang=lang),
    )


def _places_layer(places: gpd.GeoDataFrame, lang: str = "en") -> folium.GeoJson:
    data = _feature_collection(
        places,
        lambda r: {
            "kind": "place",
            "id": r["place_id"],
            "name": _escape(local_name(r["name"], r["alt_names"], lang)),
            "country": _escape(r["country"]),
            "precision": _escape(r["precision"]),
        },
    )
    return folium.GeoJson(
        data,
        name=t(LAYER_NAMES["places"], lang),
        marker=folium.CircleMarker(radius=4, fill=True, class_name="kgtj-place"),
        style_function=lambda f: {
            "color": "#333333",
            "weight": 1,
            "fillColor": "#ffffff",
            "fillOpacity": 1.0,
            "radius": 4,
        },
        tooltip=_tooltip(data, ["name", "country", "precision"], ["Place", "Country", "Location"], lang=lang),
    )


def _legend(countries_layer: folium.GeoJson, lang: str) -> MacroElement:
    rows = "".join(
        f'<div><span class="kgtj-swatch" style="background:{e.colour}"></span>'
        f"{html.escape(t(e.label, lang))}</div>"
        for e in EVENT_TYPES.values()
    )
    statuses = "".join(
        f'<div><span class="kgtj-line" style="border-top:3px '
        f'{"dashed" if s.dash else "solid"} {s.colour}"></span>{html.escape(t(s.label, lang))}</div>'
        for s in SEGMENT_STATUSES.values()
    )
    legend_html = (
        f'<details class="kgtj-legend" open><summary><b>{t("Legend", lang)}</b></summary>'
        f'<b>{t("Events", lang)}</b><div class="kgtj-grid">' + rows + "</div>"
        f'<b>{t("Border status", lang)}</b><div class="kgtj-grid">' + statuses + "</div></details>"
    )
    element = MacroElement()
    element._template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .leaflet-container { background: #cfdbe6; }
          .leaflet-control-layers { font: 11px/1.3 sans-serif; }
          .leaflet-control-layers-expanded { padding: 4px 8px 4px 4px; }
          .leaflet-container .leaflet-control-attribution { font-size: 10px; }
          .kgtj-legend { background: rgba(255,255,255,0.92); padding: 4px 8px; font: 10px/1.25 sans-serif;
                         border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-height: 60vh;
                         overflow-y: auto; }
          .kgtj-legend summary { cursor: pointer; }
          .kgtj-label { background: transparent; border: none; box-shadow: none; padding: 0;
                        font: 600 12px/1 sans-serif; color: #333;
                        text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; }
          .kgtj-label table, .kgtj-label td { border: none; padding: 0; background: transparent; }
          .kgtj-label::before { display: none; }
          .kgtj-grid { display: grid; grid-template-columns: auto auto auto; column-gap: 8px; }
          .kgtj-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
                         margin-right: 6px; vertical-align: middle; border: 1px solid #333; }
          .kgtj-line { display: inline-block; width: 22px; margin-right: 6px; vertical-align: middle; }
"""
        + _fan_css()
        + """
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var legend = L.control({position: "bottomleft"});
        legend.onAdd = function () {
            var div = L.DomUtil.create("div");
            div.innerHTML = """
        + json.dumps(legend_html)
        + """;
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        legend.addTo({{ this._parent.get_name() }});
        {{ this._parent.get_name() }}.attributionControl.addAttribution("""
        + json.dumps(html.escape(ATTRIBUTION))
        + """);
        // Over online tiles the opaque country fills would hide them: fade them.
        {{ this._parent.get_name() }}.on("baselayerchange", function (e) {
            var offline = e.name === """
        + json.dumps(t(BASE_LAYERS["offline"], lang))
        + """;
            """
        + countries_layer.get_name()
        + """.setStyle({fillOpacity: offline ? 1.0 : 0.08});
        });
        {% endmacro %}
        """
    )
    return element


def base_map(
    countries: gpd.GeoDataFrame,
    enclaves: gpd.GeoDataFrame,
    places: gpd.GeoDataFrame,
    admin_areas: gpd.GeoDataFrame,
    water: gpd.GeoDataFrame,
    *,
    location: tuple[float, float] = MAP_CENTER,
    zoom: int = MAP_ZOOM,
    visible: Collection[str] = DEFAULT_LAYERS,
    lang: str = "en",
) -> folium.Map:
    """The map with every layer that does not depend on the filters.

    Parameters
    ----------
    countries, enclaves, places, admin_areas, water
        Frames from the `geo.load.Dataset`.
    location, zoom
        Initial view ``(lat, lon)`` and zoom.
    visible
        Keys of `LAYER_NAMES` shown at start; the others are listed in the
        layer control, unticked.

    Returns
    -------
    folium.Map
        A map with no tile layer (it renders offline), local Leaflet assets, a
        legend, and static overlays.
    """
    m = folium.Map(location=location, zoom_start=zoom, tiles=None, control_scale=True)
    use_local_assets(m)
    _base_layers(m, lang)
    countries_layer = _countries_layer(countries, lang)
    layers = {
        "countries": countries_layer,
        "water": _water_layer(water, lang),
        "labels": _labels_layer(places, lang),
        "admin": _admin_layer(admin_areas, lang),
        "enclaves": _enclaves_layer(enclaves, outline="osm_current", name=LAYER_NAMES["enclaves"], lang=lang),
        "enclaves_2017": _enclaves_layer(
            enclaves, outline="osm_2017", name=LAYER_NAMES["enclaves_2017"], lang=lang
        ),
        "places": _places_layer(places, lang),
    }
    for key, layer in layers.items():
        layer.show = key in visible
        layer.add_to(m)
    _legend(countries_layer, lang).add_to(m)
    return m


def _segments_layer(segments: gpd.GeoDataFrame, lang: str = "en") -> folium.GeoJson:
    data = _feature_collection(
        segments,
        lambda r: {
            "kind": "segment",
            "id": r["segment_id"],
            "name": _escape(r["name"]),
            "status": r["status"],
            "status_label": _escape(t(SEGMENT_STATUSES[r["status"]].label, lang)),
            "length": f"{r['length_km']:.1f} km",
        },
    )

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        status = SEGMENT_STATUSES[feature["properties"]["status"]]
        return {"color": status.colour, "weight": status.weight + 1, "dashArray": status.dash}

    return folium.GeoJson(
        data,
        style_function=style,
        highlight_function=lambda f: {"weight": 8},
        tooltip=_tooltip(
            data, ["name", "status_label", "length"], ["Segment", "Status", "Length"], lang=lang
        ),
    )


def _affected_layer(affected: gpd.GeoDataFrame, lang: str = "en") -> folium.GeoJson:
    located = affected[affected.geometry.notna()]
    data = _feature_collection(
        located,
        lambda r: {
            "kind": "place",
            "id": r["place_id"],
            "name": _escape(local_name(r["name"], r["alt_names"], lang)),
            "events": int(r["event_count"]),
        },
    )
    return folium.GeoJson(
        data,
        marker=folium.CircleMarker(radius=12, fill=True, class_name="kgtj-affected"),
        style_function=lambda f: {
            "color": "#b00020",
            "weight": 2,
            "fillColor": "#ffffff",
            "fillOpacity": 0.15,
            "radius": min(10 + 2 * f["properties"]["events"], 24),
        },
        tooltip=_tooltip(data, ["name", "events"], ["Place", "Events in range"], lang=lang),
    )


def _events_layer(markers: gpd.GeoDataFrame, *, selected: str | None, lang: str = "en") -> folium.GeoJson:
    data = _feature_collection(
        markers,
        lambda r: {
            "kind": "event",
            "id": r["event_id"],
            "type": r["event_type"],
            "title": _escape(r["title"]),
            "when": _escape(_date_span(r["date_start"], r["date_end"])),
            "type_label": _escape(t(EVENT_TYPES[r["event_type"]].label, lang)),
            "place": _escape(r["name"]),
            "slot": int(r["slot"]),
            "here": _stack_text(int(r["stack"]), lang),
        },
    )

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        props = feature["properties"]
        chosen = props["id"] == selected
        return {
            "className": f"kgtj-event kgtj-slot-{min(props['slot'], FAN_SLOTS - 1)}",
            "color": "#000000" if chosen else "#ffffff",
            "weight": 3 if chosen else 1.5,
            "fillColor": EVENT_TYPES[props["type"]].colour,
            "fillOpacity": 0.95,
            "radius": 10 if chosen else 7,
        }

    return folium.GeoJson(
        data,
        marker=folium.CircleMarker(radius=7, fill=True, class_name="kgtj-event"),
        style_function=style,
        tooltip=_tooltip(
            data,
            ["title", "when", "type_label", "place", "here"], ["Event", "When", "Type", "Place", "Marker"],
            lang=lang,
        ),
    )


def _stack_text(stack: int, lang: str) -> str:
    if lang == "ru":
        if stack == 1:
            return "единственное событие здесь в периоде"
        noun = plural_ru(stack, "событие", "события", "событий")
        return f"{stack} {noun} здесь; маркеры разнесены вокруг точки"
    if stack == 1:
        return "the only event here in range"
    return f"{stack} events here in range; markers fanned out around the point"


def _date_span(start: Any, end: Any) -> str:
    if start == end:
        return f"{start:%d %b %Y}"
    return f"{start:%d %b %Y} – {end:%d %b %Y}"


def dynamic_layers(
    segments: gpd.GeoDataFrame,
    affected: gpd.GeoDataFrame,
    markers: gpd.GeoDataFrame,
    *,
    selected_event: str | None = None,
    visible: Collection[str] = DEFAULT_LAYERS,
    lang: str = "en",
) -> list[folium.FeatureGroup]:
    """The filter-dependent overlays, bottom to top.

    Parameters
    ----------
    segments
        Border segments with their ``status`` at the end of the range
        (`geo.filters.segment_status_at`).
    affected
        Places named by the selected events, with ``event_count``.
    markers
        One row per (event, located place) (`geo.filters.event_places`).
    selected_event
        Id of the event to emphasise, if any.
    visible
        Keys of `LAYER_NAMES`; a filter-dependent layer not in it is left out
        (streamlit-folium adds every group it is given to the map).
    """
    groups = []
    for key, build in (
        ("segments", lambda: _segments_layer(segments, lang)),
        ("affected", lambda: _affected_layer(affected, lang)),
        ("events", lambda: _events_layer(markers, selected=selected_event, lang=lang)),
    ):
        if key not in visible:
            continue
        group = folium.FeatureGroup(name=t(LAYER_NAMES[key], lang))
        build().add_to(group)
        groups.append(group)
    return groups


def atlas_layers(
    dataset: Dataset,
    view: View,
    *,
    selected_event: str | None = None,
    visible: Collection[str] = DEFAULT_LAYERS,
    lang: str = "en",
) -> tuple[folium.Map, list[folium.FeatureGroup]]:
    """The base map and the filter-dependent groups for one view (see `base_map`,
    `dynamic_layers`): what the page hands to ``st_folium``."""
    base = base_map(
        dataset.countries, dataset.enclaves, dataset.places, dataset.admin_areas, dataset.water,
        visible=visible, lang=lang,
    )
    groups = dynamic_layers(
        view.segments, view.affected, view.markers, selected_event=selected_event, visible=visible, lang=lang
    )
    return base, groups


def whole_map(
    dataset: Dataset, view: View, *, visible: Collection[str] = DEFAULT_LAYERS, lang: str = "en"
) -> folium.Map:
    """Base map, filtered layers and layer control in one `folium.Map` (for export)."""
    base, groups = atlas_layers(dataset, view, visible=visible, lang=lang)
    for group in groups:
        group.add_to(base)
    folium.LayerControl(collapsed=False).add_to(base)
    return base


def overlay_layer(events: pd.DataFrame, *, name: str, lang: str = "en") -> folium.FeatureGroup:
    """A user's uploaded events (already filtered), drawn apart from the atlas's own."""
    frame = gpd.GeoDataFrame(
        events, geometry=gpd.points_from_xy(events["longitude"], events["latitude"]), crs="EPSG:4326"
    )
    data = _feature_collection(
        frame,
        lambda r: {
            "kind": "upload",
            "id": r["event_id"],
            "type": r["event_type"],
            "title": _escape(r["title"]),
            "when": _escape(_date_span(r["date_start"], r["date_end"])),
            "source": _escape(r["source"]),
        },
    )
    group = folium.FeatureGroup(name=f"{t('Your events', lang)}: {html.escape(name)}")
    folium.GeoJson(
        data,
        marker=folium.CircleMarker(radius=6, fill=True, class_name="kgtj-upload"),
        style_function=lambda f: {
            "color": "#000000",
            "weight": 2,
            "dashArray": "2 2",
            "fillColor": EVENT_TYPES[f["properties"]["type"]].colour,
            "fillOpacity": 0.8,
            "radius": 6,
        },
        tooltip=_tooltip(data, ["title", "when", "source"], ["Your event", "When", "Source"], lang=lang),
    ).add_to(group)
    return group
