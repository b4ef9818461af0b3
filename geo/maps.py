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
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import xyzservices
from branca.element import MacroElement
from folium.utilities import JsCode
from jinja2 import Template

from geo.assets import use_local_assets
from geo.i18n import N_, format_date, format_number, local_name, ngettext, t
from geo.imports import CELL_DEGREES, overlay_cells
from geo.load import Dataset
from geo.view import MAX_EVENT_MARKERS, View
from geo.vocabulary import AGGREGATE, EVENT_TYPES, SEGMENT_STATUSES

FeatureCollection = dict[str, Any]
Publish = Callable[[str, FeatureCollection], str]

__all__ = [
    "DEFAULT_LAYERS",
    "LAYER_NAMES",
    "MAP_BOUNDS",
    "MAP_CENTER",
    "atlas_layers",
    "base_layer_data",
    "base_map",
    "dynamic_layers",
    "overlay_layer",
    "whole_map",
]

MAP_CENTER = (39.95, 70.25)  # between Kulundu (west), Vorukh and Batken (east)
MAP_ZOOM = 9
# The default view: the whole Kyrgyz–Tajik border, from Kulundu in the west to the
# Chon-Alai–Lakhsh section in the east (to 73.6° E), where fighting spread in 2022;
# fitted to the map's size in the browser, so it shows on a phone as on a desktop.
MAP_BOUNDS = ((39.15, 69.25), (40.6, 73.62))  # (south, west), (north, east)

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
ATTRIBUTION = (
    "© OpenStreetMap contributors (ODbL) · GeoNames (CC BY) · Who's On First · Natural Earth · "
    "geoBoundaries · OCHA (Kyrgyz districts)"
)

_COUNTRY_FILL = {"KGZ": "#f4efdc", "TJK": "#e3eedb", "UZB": "#efe3e3"}
_CONTEXT_FILL = "#ececec"
_TOTAL_FILL = "#37474f"  # one marker per place, when events are grouped
_SOVEREIGN_COLOUR = {"TJK": "#2e7d32", "UZB": "#8e3b3b", "KGZ": "#9a7b00"}


def _escape(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def _feature_collection(
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


class _GeoJson(folium.GeoJson):
    """folium's GeoJson, with its bounds read from the data's ``bbox`` (RFC 7946 §5).

    folium otherwise walks every coordinate of every layer on each render to
    find the map's bounds, which for the country outlines costs 0.1 s a rerun.
    """

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


DEFAULT_LAYERS = (
    "countries", "water", "labels", "enclaves", "places", "segments", "affected", "events",
)


def _place_properties(row: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """What every place feature carries: a click on it opens the place."""
    name = local_name(row["name"], row["alt_names"], lang)
    return {"kind": "place", "id": row["place_id"], "name": _escape(name)}


def _countries_data(dataset: Dataset, lang: str) -> FeatureCollection:
    return _feature_collection(
        dataset.countries,
        lambda r: {"kind": "country", "id": r["iso_a3"], "name": _escape(r["name"])},
    )


def _countries_layer(data: FeatureCollection, lang: str = "en") -> folium.GeoJson:
    return _GeoJson(
        data,
        name=t(LAYER_NAMES["countries"], lang),
        style_function=lambda f: {
            "fillColor": _COUNTRY_FILL.get(f["properties"]["id"], _CONTEXT_FILL),
            "fillOpacity": 1.0,
            "color": "#8a8a8a",
            "weight": 1,
        },
        tooltip=_tooltip(data, ["name"], [N_("Country")], lang=lang),
        highlight_function=None,
    )


def _water_data(dataset: Dataset, lang: str) -> FeatureCollection:
    return _feature_collection(
        dataset.water, lambda r: {"kind": "water", "id": r["water_id"], "name": _escape(r["name"])}
    )


def _water_layer(data: FeatureCollection, lang: str = "en") -> folium.GeoJson:
    return _GeoJson(
        data,
        name=t(LAYER_NAMES["water"], lang),
        style_function=lambda f: {
            "color": "#4a90c2",
            "weight": 1.5,
            "fillColor": "#a8cbe6",
            "fillOpacity": 0.9,
        },
        tooltip=_tooltip(data, ["name"], [N_("Water")], lang=lang),
    )


def _labels_data(dataset: Dataset, lang: str) -> FeatureCollection:
    places = dataset.places
    return _feature_collection(
        places[places["kind"] == "town"],
        lambda r: {
            "kind": "label", "id": r["place_id"], "name": _escape(local_name(r["name"], r["alt_names"], lang))
        },
    )


def _labels_layer(data: FeatureCollection, lang: str = "en") -> folium.GeoJson:
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


def _base_layers(m: folium.Map, lang: str) -> None:
    folium.FeatureGroup(name=t(BASE_LAYERS["offline"], lang), overlay=False, control=True).add_to(m)
    for key, provider in _TILES.items():
        folium.TileLayer(
            provider, attr=provider.attribution, name=t(BASE_LAYERS[key], lang), overlay=False, show=False,
            max_zoom=18,
        ).add_to(m)


def _admin_data(dataset: Dataset, lang: str) -> FeatureCollection:
    return _feature_collection(
        dataset.admin_areas,
        lambda r: {
            "kind": "admin",
            "id": r["area_id"],
            "name": _escape(r["name"]),
            "level": _escape(r["level"]),
        },
    )


def _admin_style(feature: dict[str, Any]) -> dict[str, Any]:
    """Regions dashed, districts dotted; where the two countries' district maps overlap, hatched red."""
    level = feature["properties"]["level"]
    if level == "overlap":
        return {"fill": True, "fillColor": "#b71c1c", "fillOpacity": 0.3, "color": "#b71c1c", "weight": 1}
    return {
        "fill": False,
        "color": "#5d4037" if level == "region" else "#8d6e63",
        "weight": 2 if level == "region" else 1,
        "dashArray": "8 4" if level == "region" else "3 3",
    }


def _admin_layer(data: FeatureCollection, lang: str = "en") -> folium.GeoJson:
    return _GeoJson(
        data,
        name=t(LAYER_NAMES["admin"], lang),
        style_function=_admin_style,
        tooltip=_tooltip(data, ["name", "level"], [N_("Area"), N_("Level")], lang=lang),
    )


def _enclaves_data(dataset: Dataset, *, outline: str, lang: str = "en") -> FeatureCollection:
    enclaves = dataset.enclaves
    return _feature_collection(
        enclaves[enclaves["outline"] == outline],
        lambda r: {
            "kind": "enclave",
            "id": r["enclave_id"],
            "name": _escape(r["name"]),
            "sovereign": _escape(r["sovereign"]),
            "area": _km(r["area_km2"], lang, "km²"),
        },
    )


def _enclaves_layer(
    data: FeatureCollection, *, name: str, dashed: bool, lang: str = "en"
) -> folium.GeoJson:
    return _GeoJson(
        data,
        name=t(name, lang),
        style_function=lambda f: {
            "fillColor": _SOVEREIGN_COLOUR.get(f["properties"]["sovereign"], "#555555"),
            "fillOpacity": 0.0 if dashed else 0.35,
            "color": _SOVEREIGN_COLOUR.get(f["properties"]["sovereign"], "#555555"),
            "weight": 2,
            "dashArray": "5 5" if dashed else None,
        },
        tooltip=_tooltip(
            data, ["name", "sovereign", "area"], [N_("Enclave"), N_("Belongs to"), N_("Area")], lang=lang
        ),
    )


def _places_data(dataset: Dataset, lang: str) -> FeatureCollection:
    return _feature_collection(
        dataset.places,
        lambda r: {
            **_place_properties(r, lang),
            "country": _escape(r["country"]),
            "precision": _escape(r["precision"]),
        },
    )


def _places_layer(data: FeatureCollection, lang: str = "en") -> folium.GeoJson:
    return _GeoJson(
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
        tooltip=_tooltip(
            data, ["name", "country", "precision"], [N_("Place"), N_("Country"), N_("Location")], lang=lang
        ),
    )


def _legend(countries_layer: folium.GeoJson, lang: str) -> MacroElement:
    rows = "".join(
        f'<div><span class="kgtj-swatch" style="background:{e.colour}"></span>'
        f"{html.escape(t(e.label, lang))}</div>"
        for code, e in EVENT_TYPES.items()
        if code != AGGREGATE  # a period summary is never drawn
    ) + (
        f'<div><span class="kgtj-swatch" style="background:{_TOTAL_FILL}"></span>'
        f"{html.escape(t('Events at a place (when too many to draw one by one)', lang))}</div>"
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
    return _Legend(
        legend_html=legend_html,
        offline_name=t(BASE_LAYERS["offline"], lang),
        countries=countries_layer,
        lang=lang,
    )


class _Legend(MacroElement):
    """The legend, the data attribution, the page's CSS, and the country fills fading
    over online tiles. Its template is compiled once, not on every rerun (~10 ms)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          /* The map fills its frame, whose height the page sets to fit the window (panels.py). */
          html, body { height: 100%; margin: 0; overflow: hidden; }
          #map_div { height: 100vh !important; }
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
{{ this.fan_css }}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var legend = L.control({position: "bottomleft"});
        legend.onAdd = function () {
            var div = L.DomUtil.create("div");
            div.innerHTML = {{ this.legend_html }};
            // Unless the map is wide, the legend starts folded, so it hides no markers.
            if ({{ this._parent.get_name() }}.getSize().x < 900) {
                div.querySelector("details").open = false;
            }
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        legend.addTo({{ this._parent.get_name() }});
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.attribution }});
        // Leaflet writes the scale bar's units in English: put them in the page's language.
        var kgtjUnits = {{ this.units }};
        var kgtjUnit = function (text) {
            return text.replace(/ (km|m)$/, function (_, unit) { return " " + kgtjUnits[unit]; });
        };
        L.Control.Scale.include({_updateScale: function (scale, text, ratio) {
            scale.style.width = Math.round(this.options.maxWidth * ratio) + "px";
            scale.textContent = kgtjUnit(text);
        }});
        document.querySelectorAll(".leaflet-control-scale-line").forEach(function (line) {
            line.textContent = kgtjUnit(line.textContent);
        });
        // Over online tiles the opaque country fills would hide them: fade them.
        {{ this._parent.get_name() }}.on("baselayerchange", function (e) {
            var offline = e.name === {{ this.offline_name }};
            {{ this.countries.get_name() }}.setStyle({fillOpacity: offline ? 1.0 : 0.08});
        });
        {% endmacro %}
        """
    )

    def __init__(
        self, *, legend_html: str, offline_name: str, countries: folium.GeoJson, lang: str = "en"
    ) -> None:
        super().__init__()
        self.units = json.dumps({"km": t("km", lang), "m": t("m", lang)})
        # JSON string literals, so the texts are inserted into the script as data
        self.legend_html = json.dumps(legend_html)
        self.attribution = json.dumps(html.escape(ATTRIBUTION))
        self.offline_name = json.dumps(offline_name)
        self.countries = countries
        self.fan_css = _fan_css()


# The layers that do not depend on the filters: how each one's data is made from
# the dataset, and how the data is drawn. The data can be built once per dataset
# and language and served as files (`base_layer_data`, ``links`` in `base_map`).
_MakeData = Callable[[Dataset, str], FeatureCollection]
_Draw = Callable[[FeatureCollection, str], folium.GeoJson]
_STATIC_LAYERS: Mapping[str, tuple[_MakeData, _Draw]] = {
    "countries": (_countries_data, _countries_layer),
    "water": (_water_data, _water_layer),
    "labels": (_labels_data, _labels_layer),
    "admin": (_admin_data, _admin_layer),
    "enclaves": (
        lambda d, lang: _enclaves_data(d, outline="osm_current", lang=lang),
        lambda data, lang: _enclaves_layer(data, name=LAYER_NAMES["enclaves"], dashed=False, lang=lang),
    ),
    "enclaves_2017": (
        lambda d, lang: _enclaves_data(d, outline="osm_2017", lang=lang),
        lambda data, lang: _enclaves_layer(data, name=LAYER_NAMES["enclaves_2017"], dashed=True, lang=lang),
    ),
    "places": (_places_data, _places_layer),
}


def base_layer_data(dataset: Dataset, *, lang: str = "en") -> dict[str, FeatureCollection]:
    """The GeoJSON of every layer of the base map, by key of `LAYER_NAMES`.

    It depends only on the dataset and the language, so the page builds it
    once and may publish it as files the browser fetches (see `base_map`).
    """
    return {key: make(dataset, lang) for key, (make, _) in _STATIC_LAYERS.items()}


# Panes for the layers whose data is fetched: they arrive after the layers drawn from
# the page itself (the events), so in the one default pane they would be painted over
# them. In panes of their own they stay below, whatever order the responses come in.
_BASE_PANE = ("kgtj-base", 350)  # below Leaflet's overlayPane (400), above tiles (200)
_PLACES_PANE = ("kgtj-places", 360)  # villages above every outline, also one shown later
_BORDER_PANE = ("kgtj-border", 390)

# How a linked layer's data arrives: fetched without blocking the page (folium's own
# request is synchronous: each file held the page's one thread until it arrived, ~50 ms
# a file). The requests of the layers shown start at once, and the layers are filled in
# the page's order; a layer unticked at start (districts, the 2017 outlines) is fetched
# when first shown. ``window.kgtjPending`` counts the layers still waiting, for tests and
# the benchmark to know when the map is complete. Defined once on the map (`_Loader`);
# each linked layer's script calls it.
_LOADER_JS = """window.kgtjLoad = (function () {
    var queue = Promise.resolve();
    window.kgtjPending = 0;
    function load(url, add) {
        window.kgtjPending += 1;
        var data = fetch(url).then(function (response) {
            if (!response.ok) { throw new Error(url + ": HTTP " + response.status); }
            return response.json();
        });
        queue = queue.then(function () { return data; }).then(add)
            .catch(function (error) { console.error("layer not loaded:", error); })
            .then(function () { window.kgtjPending -= 1; });
    }
    return function (layer, url, add) {
        // once the page's script has run, the layers shown are on the map
        Promise.resolve().then(function () {
            if (layer._map) { load(url, add); }
            else { layer.once("add", function () { load(url, add); }); }
        });
    };
})();"""


class _Loader(MacroElement):
    """`_LOADER_JS` on the map, before the layers whose scripts call it."""

    _template = Template("{% macro script(this, kwargs) %}" + _LOADER_JS + "{% endmacro %}")


_SYNC_REQUEST = re.compile(
    r"\$\.ajax\((?P<url>\"[^\"]*\"), \{dataType: 'json', async: false\}\)\s*"
    r"\.done\((?P<add>(?P<layer>\w+)_add)\);"
)


def _fetched(script: str) -> str:
    """folium's GeoJson script with its synchronous request replaced by a call of `_LOADER_JS`."""
    script, found = _SYNC_REQUEST.subn(
        lambda m: f"kgtjLoad({m['layer']}, {m['url']}, {m['add']});", str(script)
    )
    if found != 1:  # folium changed its template: fail here, not in a user's browser
        raise RuntimeError(f"expected one synchronous GeoJSON request in folium's script, found {found}")
    return script


_FETCHED_TEMPLATE = Template(
    "{% macro script(this, kwargs) %}{{ fetched(geojson(this, kwargs)) }}{% endmacro %}"
)
_FETCHED_TEMPLATE.globals.update(geojson=folium.GeoJson._template.module.script, fetched=_fetched)


def _linked(layer: folium.GeoJson, url: str | None, *, pane: tuple[str, int]) -> folium.GeoJson:
    """``layer`` with its data fetched by the browser from ``url`` instead of embedded.

    The data stays on the Python object, where folium reads it to style the
    features and check the tooltip fields; only the page's copy is replaced
    by a request to ``url`` (which must serve the same GeoJSON), made without
    blocking the page, into ``pane`` (one of the map's panes, see `base_map`).
    """
    if url:
        layer.embed, layer.embed_link = False, url
        layer._template = _FETCHED_TEMPLATE
        layer.options["pane"] = pane[0]
        if layer.marker is not None:  # folium builds point markers from these options alone
            layer.marker.options["pane"] = pane[0]
    return layer


def base_map(
    data: Mapping[str, FeatureCollection],
    *,
    links: Mapping[str, str] | None = None,
    location: tuple[float, float] = MAP_CENTER,
    zoom: int = MAP_ZOOM,
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = MAP_BOUNDS,
    visible: Collection[str] = DEFAULT_LAYERS,
    lang: str = "en",
    in_layer_control: bool = True,
) -> folium.Map:
    """The map with every layer that does not depend on the filters.

    Parameters
    ----------
    data
        `base_layer_data` of the dataset, in ``lang``.
    links
        URL of each layer's data as served to the browser (e.g. by
        `geo.assets.publish_json`); a layer without one is embedded in the page.
        Linking keeps the page small and lets the browser cache the outlines.
    location, zoom
        Initial view ``(lat, lon)`` and zoom, before ``bounds`` are fitted.
    bounds
        ``((south, west), (north, east))`` fitted to the map's size when it
        opens (the default: the whole border); None keeps ``location``.
    visible
        Keys of `LAYER_NAMES` shown at start; the others are listed in the
        layer control, unticked.
    in_layer_control
        Whether these layers are listed in the map's layer control. The app
        leaves them out: the map's own checkboxes cannot tell the page what
        they show (streamlit-folium reports only WMS layers), so the
        sidebar's "Layers shown" is the one control, kept in the link.

    Returns
    -------
    folium.Map
        A map with no tile layer (it renders offline), local Leaflet assets, a
        legend, and static overlays.
    """
    links = links or {}
    # quarter zoom steps, so the fitted default view fills the map at any size
    m = folium.Map(location=location, zoom_start=zoom, tiles=None, control_scale=True, zoom_snap=0.25)
    use_local_assets(m)
    _base_layers(m, lang)
    for name, z_index in (_BASE_PANE, _PLACES_PANE, _BORDER_PANE):
        folium.map.CustomPane(name, z_index=z_index, pointer_events=True).add_to(m)
    _Loader().add_to(m)
    panes = {"places": _PLACES_PANE}
    layers = {
        key: _linked(draw(data[key], lang), links.get(key), pane=panes.get(key, _BASE_PANE))
        for key, (_, draw) in _STATIC_LAYERS.items()
    }
    for key, layer in layers.items():
        layer.show = key in visible
        layer.control = in_layer_control
        layer.add_to(m)
    countries_layer = layers["countries"]
    _legend(countries_layer, lang).add_to(m)
    if bounds is not None:
        m.fit_bounds([list(bounds[0]), list(bounds[1])])
    return m


def _segments_layer(
    segments: gpd.GeoDataFrame, lang: str = "en", *, publish: Publish | None = None
) -> folium.GeoJson:
    data = _feature_collection(
        segments,
        lambda r: {
            "kind": "segment",
            "id": r["segment_id"],
            "name": _escape(r["name"]),
            "status": r["status"],
            "status_label": _escape(t(SEGMENT_STATUSES[r["status"]].label, lang)),
            "length": _km(r["length_km"], lang),
        },
    )

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        status = SEGMENT_STATUSES[feature["properties"]["status"]]
        return {"color": status.colour, "weight": status.weight + 1, "dashArray": status.dash}

    layer = _GeoJson(
        data,
        style_function=style,
        highlight_function=lambda f: {"weight": 8},
        tooltip=_tooltip(
            data, ["name", "status_label", "length"], [N_("Segment"), N_("Status"), N_("Length")], lang=lang
        ),
    )
    # The border's statuses change at a handful of dates, so a published copy per
    # status set is fetched once and reused, instead of 50 KB in every rerun's script.
    return _linked(
        layer, publish(f"segments-{lang}", data) if publish and data["features"] else None, pane=_BORDER_PANE
    )


def _affected_layer(affected: gpd.GeoDataFrame, lang: str = "en") -> folium.GeoJson:
    located = affected[affected.geometry.notna()]
    data = _feature_collection(
        located,
        lambda r: {
            **_place_properties(r, lang),
            "events": int(r["event_count"]),
        },
    )
    return _GeoJson(
        data,
        marker=folium.CircleMarker(radius=12, fill=True, class_name="kgtj-affected"),
        style_function=lambda f: {
            "color": "#b00020",
            "weight": 2,
            "fillColor": "#ffffff",
            "fillOpacity": 0.15,
            "radius": min(10 + 2 * f["properties"]["events"], 24),
        },
        tooltip=_tooltip(data, ["name", "events"], [N_("Place"), N_("Events in range")], lang=lang),
    )


def _events_layer(markers: gpd.GeoDataFrame, *, selected: str | None, lang: str = "en") -> folium.GeoJson:
    data = _feature_collection(
        markers,
        lambda r: {
            "kind": "event",
            "id": r["event_id"],
            "type": r["event_type"],
            "title": _escape(r["title"]),
            "when": _escape(_date_span(r["date_start"], r["date_end"], lang)),
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

    return _GeoJson(
        data,
        marker=folium.CircleMarker(radius=7, fill=True, class_name="kgtj-event"),
        style_function=style,
        tooltip=_tooltip(
            data,
            ["title", "when", "type_label", "place", "here"],
            [N_("Event"), N_("When"), N_("Type"), N_("Place"), N_("Marker")],
            lang=lang,
        ),
    )


def _type_counts(by_type: Mapping[str, int], lang: str, *, most: int = 5) -> str:
    """The ``most`` commonest types with their counts, one per line (escaped HTML)."""
    lines = [
        f"{_escape(t(EVENT_TYPES[code].label, lang))} {format_number(n, lang)}"
        for code, n in list(by_type.items())[:most]
    ]
    if len(by_type) > most:
        lines.append(f"+ {len(by_type) - most} {_escape(t('other types', lang))}")
    return "<br>".join(lines)


def _totals_layer(totals: gpd.GeoDataFrame, lang: str = "en") -> folium.GeoJson:
    """One marker per place, sized by its number of events (log scale), for large selections."""
    data = _feature_collection(
        totals,
        lambda r: {
            **_place_properties(r, lang),
            "events": int(r["events"]),
            "count": format_number(int(r["events"]), lang),
            "when": _escape(_date_span(r["first"], r["last"], lang)),
            "types": _type_counts(r["by_type"], lang),
        },
    )
    return _GeoJson(
        data,
        marker=folium.CircleMarker(radius=10, fill=True, class_name="kgtj-event kgtj-total"),
        style_function=lambda f: {
            "color": "#ffffff",
            "weight": 2,
            "fillColor": _TOTAL_FILL,
            "fillOpacity": 0.85,
            "radius": 8 + 4 * math.log10(max(f["properties"]["events"], 1)),
        },
        tooltip=_tooltip(
            data,
            ["name", "count", "when", "types"],
            [N_("Place"), N_("Events in range"), N_("From – to"), N_("By type")],
            lang=lang,
        ),
    )


def _stack_text(stack: int, lang: str) -> str:
    if stack == 1:
        return t("the only event here in range", lang)
    return ngettext(
        "{n} event here in range; markers fanned out around the point",
        "{n} events here in range; markers fanned out around the point",
        stack,
        lang,
    ).format(n=stack)


def _date_span(start: Any, end: Any, lang: str) -> str:
    if start == end:
        return format_date(start, lang)
    return f"{format_date(start, lang)} – {format_date(end, lang)}"


def _km(value: float, lang: str, unit: str = "km") -> str:
    """``12.3 km`` / ``12,3 км``: a length or (``km²``) area in the locale's numbers."""
    text = t("{n} km²", lang) if unit == "km²" else t("{n} km", lang)
    return text.format(n=format_number(value, lang, digits=1))


def dynamic_layers(
    view: View,
    *,
    selected_event: str | None = None,
    visible: Collection[str] = DEFAULT_LAYERS,
    lang: str = "en",
    publish: Publish | None = None,
    in_layer_control: bool = True,
) -> list[folium.FeatureGroup]:
    """The filter-dependent overlays, bottom to top.

    Parameters
    ----------
    view
        The selection (`geo.view.build_view`): border segments with their
        status at the end of the range, the places named by the events, and
        the event markers — or, when ``view.grouped``, one marker per place.
    selected_event
        Id of the event to emphasise, if any.
    visible
        Keys of `LAYER_NAMES`; a filter-dependent layer not in it is left out
        (streamlit-folium adds every group it is given to the map).
    publish
        Turns ``(name, GeoJSON)`` into a URL serving it (`geo.assets.publish_json`);
        given, the border-status layer is fetched by the browser, not embedded.
    in_layer_control
        Whether the groups are listed in the map's layer control (see `base_map`).
    """
    events = (
        (lambda: _totals_layer(view.totals, lang))
        if view.grouped
        else (lambda: _events_layer(view.markers, selected=selected_event, lang=lang))
    )
    groups = []
    for key, build in (
        ("segments", lambda: _segments_layer(view.segments, lang, publish=publish)),
        ("affected", lambda: _affected_layer(view.affected, lang)),
        ("events", events),
    ):
        if key not in visible:
            continue
        group = folium.FeatureGroup(name=t(LAYER_NAMES[key], lang), control=in_layer_control)
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
    base_data: Mapping[str, FeatureCollection] | None = None,
    links: Mapping[str, str] | None = None,
    publish: Publish | None = None,
    in_layer_control: bool = True,
) -> tuple[folium.Map, list[folium.FeatureGroup]]:
    """The base map and the filter-dependent groups for one view (see `base_map`,
    `dynamic_layers`): what the page hands to ``st_folium``.

    ``base_data`` is `base_layer_data` made beforehand (it is made here if
    absent); ``links`` and ``in_layer_control`` as in `base_map`, ``publish`` as in
    `dynamic_layers`.
    """
    if base_data is None:
        base_data = base_layer_data(dataset, lang=lang)
    base = base_map(base_data, links=links, visible=visible, lang=lang, in_layer_control=in_layer_control)
    groups = dynamic_layers(
        view, selected_event=selected_event, visible=visible, lang=lang, publish=publish,
        in_layer_control=in_layer_control,
    )
    return base, groups


def whole_map(
    dataset: Dataset,
    view: View,
    *,
    visible: Collection[str] = DEFAULT_LAYERS,
    lang: str = "en",
    base_data: Mapping[str, FeatureCollection] | None = None,
) -> folium.Map:
    """Base map, filtered layers and layer control in one `folium.Map`, every layer
    embedded (for export)."""
    base, groups = atlas_layers(dataset, view, visible=visible, lang=lang, base_data=base_data)
    for group in groups:
        group.add_to(base)
    # open: a saved page has no sidebar, and a folded control needs Leaflet's icon file
    folium.LayerControl(collapsed=False).add_to(base)
    return base


def overlay_layer(
    events: pd.DataFrame, *, name: str, lang: str = "en", max_markers: int = MAX_EVENT_MARKERS
) -> folium.FeatureGroup:
    """A user's uploaded events (already filtered), drawn apart from the atlas's own.

    Above ``max_markers`` events, like the atlas's own, they are counted instead: one
    square per grid cell holding events (`geo.imports.overlay_cells`).
    """
    group = folium.FeatureGroup(name=f"{t('Your events', lang)}: {html.escape(name)}")
    if len(events) > max_markers:
        _overlay_cells_layer(overlay_cells(events), lang).add_to(group)
        return group
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
            "when": _escape(_date_span(r["date_start"], r["date_end"], lang)),
            "source": _escape(r["source"]),
        },
    )
    _GeoJson(
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
        tooltip=_tooltip(
            data, ["title", "when", "source"], [N_("Your event"), N_("When"), N_("Source")], lang=lang
        ),
    ).add_to(group)
    return group


def _overlay_cells_layer(cells: pd.DataFrame, lang: str) -> folium.GeoJson:
    """Grid cells of an uploaded file's events, shaded by count, with dates and types."""
    size = CELL_DEGREES
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "id": str(number),
            "properties": {
                "kind": "upload-cell",
                "events": int(c["count"]),
                "count": format_number(int(c["count"]), lang),
                "when": _escape(_date_span(c["first"], c["last"], lang)),
                "types": _escape(c["types"]),
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
    data: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    most = max((f["properties"]["events"] for f in features), default=1)
    return _GeoJson(
        data,
        style_function=lambda f: {
            "color": "#000000", "weight": 1, "dashArray": "2 2", "fillColor": _TOTAL_FILL,
            "fillOpacity": 0.2 + 0.6 * math.log10(f["properties"]["events"] + 1) / math.log10(most + 1),
        },
        tooltip=_tooltip(
            data, ["count", "when", "types"], ["Your events in this square", "From – to", "By type"],
            lang=lang,
        ),
    )
