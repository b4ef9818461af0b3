"""The atlas's map, one concept per module.

- `geo.map.features` — GeoJSON of each layer, properties escaped (no folium);
- `geo.map.styles` — colour tables and Leaflet style functions;
- `geo.map.layers` — one folium layer builder per layer, names and tooltips;
- `geo.map.legend` — the legend, attribution and page styles (``legend.css``);
- `geo.map.loader` — linked layers fetched without blocking the page (``loader.js``);
- `geo.map.atlas` — the base map and the date-filtered groups put together;
- `geo.map.rendering` — every element's output kept as text (`install`, called here).
"""

from geo.map.atlas import (
    MAP_BOUNDS,
    MAP_CENTER,
    atlas_layers,
    base_layer_data,
    base_map,
    dynamic_layers,
    overlay_layer,
    whole_map,
)
from geo.map.layers import BASE_LAYERS, DEFAULT_LAYERS, LAYER_NAMES
from geo.map.rendering import install

# Before any map is drawn: text from the data is never rendered as a template.
install()

__all__ = [
    "BASE_LAYERS",
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
