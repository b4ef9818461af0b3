"""The atlas's map: a static base map and the date-filtered layers.

The base map (countries, enclaves, all places, legend) does not depend on the
filters, so Streamlit keeps it mounted; the layers that do (border status at
the end date, affected places, events) are separate `folium.FeatureGroup`s,
handed to ``st_folium(feature_group_to_add=...)`` so moving the slider swaps
only them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Mapping

import folium
import pandas as pd

from geo.assets import use_local_assets
from geo.i18n import t
from geo.load import Dataset
from geo.map import features as fx
from geo.map import layers
from geo.map.features import FeatureCollection
from geo.map.layers import BASE_LAYERS, DEFAULT_LAYERS, LAYER_NAMES, Publish
from geo.map.legend import legend
from geo.map.loader import BASE_PANE, BORDER_PANE, PLACES_PANE, Loader, linked
from geo.uploads import overlay_cells
from geo.view import MAX_EVENT_MARKERS, View

__all__ = [
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

# The layers that do not depend on the filters: how each one's data is made from
# the dataset, and how the data is drawn. The data can be built once per dataset
# and language and served as files (`base_layer_data`, ``links`` in `base_map`).
_MakeData = Callable[[Dataset, str], FeatureCollection]
_Draw = Callable[[FeatureCollection, str], folium.GeoJson]
_STATIC_LAYERS: Mapping[str, tuple[_MakeData, _Draw]] = {
    "countries": (fx.countries_data, layers.countries_layer),
    "water": (fx.water_data, layers.water_layer),
    "labels": (fx.labels_data, layers.labels_layer),
    "admin": (fx.admin_data, layers.admin_layer),
    "enclaves": (
        lambda d, lang: fx.enclaves_data(d, outline="osm_current", lang=lang),
        lambda data, lang: layers.enclaves_layer(data, name=LAYER_NAMES["enclaves"], dashed=False, lang=lang),
    ),
    "enclaves_2017": (
        lambda d, lang: fx.enclaves_data(d, outline="osm_2017", lang=lang),
        lambda data, lang: layers.enclaves_layer(
            data, name=LAYER_NAMES["enclaves_2017"], dashed=True, lang=lang
        ),
    ),
    "places": (fx.places_data, layers.places_layer),
}


def base_layer_data(dataset: Dataset, *, lang: str = "en") -> dict[str, FeatureCollection]:
    """The GeoJSON of every layer of the base map, by key of `LAYER_NAMES`.

    It depends only on the dataset and the language, so the page builds it
    once and may publish it as files the browser fetches (see `base_map`).
    """
    return {key: make(dataset, lang) for key, (make, _) in _STATIC_LAYERS.items()}


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
    colour_by: str = "type",
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
    layers.base_layers(m, lang)
    for name, z_index in (BASE_PANE, PLACES_PANE, BORDER_PANE):
        folium.map.CustomPane(name, z_index=z_index, pointer_events=True).add_to(m)
    Loader().add_to(m)
    panes = {"places": PLACES_PANE}
    drawn = {
        key: linked(draw(data[key], lang), links.get(key), pane=panes.get(key, BASE_PANE))
        for key, (_, draw) in _STATIC_LAYERS.items()
    }
    for key, layer in drawn.items():
        layer.show = key in visible
        layer.control = in_layer_control
        layer.add_to(m)
    legend(drawn["countries"], offline_name=t(BASE_LAYERS["offline"], lang), lang=lang,
           colour_by=colour_by).add_to(m)
    if bounds is not None:
        m.fit_bounds([list(bounds[0]), list(bounds[1])])
    return m


def dynamic_layers(
    view: View,
    *,
    selected_event: str | None = None,
    visible: Collection[str] = DEFAULT_LAYERS,
    lang: str = "en",
    publish: Publish | None = None,
    in_layer_control: bool = True,
    colour_by: str = "type",
) -> list[folium.FeatureGroup]:
    """The filter-dependent overlays, bottom to top (events coloured by ``colour_by``).

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
        (lambda: layers.totals_layer(view.totals, lang))
        if view.grouped
        else (lambda: layers.events_layer(
            view.markers, selected=selected_event, lang=lang, colour_by=colour_by
        ))
    )
    groups = []
    for key, build in (
        ("segments", lambda: layers.segments_layer(view.segments, lang, publish=publish)),
        ("affected", lambda: layers.affected_layer(view.affected, lang)),
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
    colour_by: str = "type",
) -> tuple[folium.Map, list[folium.FeatureGroup]]:
    """The base map and the filter-dependent groups for one view (see `base_map`,
    `dynamic_layers`): what the page hands to ``st_folium``.

    ``base_data`` is `base_layer_data` made beforehand (it is made here if
    absent); ``links`` and ``in_layer_control`` as in `base_map`, ``publish`` as in
    `dynamic_layers`.
    """
    if base_data is None:
        base_data = base_layer_data(dataset, lang=lang)
    base = base_map(base_data, links=links, visible=visible, lang=lang, in_layer_control=in_layer_control,
                    colour_by=colour_by)
    groups = dynamic_layers(
        view, selected_event=selected_event, visible=visible, lang=lang, publish=publish,
        in_layer_control=in_layer_control, colour_by=colour_by,
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
    square per grid cell holding events (`geo.uploads.overlay_cells`).
    """
    group = folium.FeatureGroup(name=f"{t('Your events', lang)}: {html.escape(name)}")
    if len(events) > max_markers:
        layers.cells_layer(overlay_cells(events), lang).add_to(group)
        return group
    layers.upload_layer(events, lang).add_to(group)
    return group
