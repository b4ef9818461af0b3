"""Former home of the map code, now the `geo.map` package; kept for one release.

Import from `geo.map` instead: this module only re-exports its public names.
"""

from geo.map import (
    BASE_LAYERS,
    DEFAULT_LAYERS,
    LAYER_NAMES,
    MAP_BOUNDS,
    MAP_CENTER,
    atlas_layers,
    base_layer_data,
    base_map,
    dynamic_layers,
    overlay_layer,
    whole_map,
)

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
