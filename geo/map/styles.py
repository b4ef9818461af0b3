"""How the map's features look: colour tables and Leaflet style functions.

Colours per category (country, sovereign of an enclave, event type, border
status) are lookup tables; each style function turns one GeoJSON feature (as
built by `geo.map.features`) into Leaflet path options.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from geo.vocabulary import EVENT_TYPES, SEGMENT_STATUSES, TRIGGER_COLOURS

Feature = dict[str, Any]
Style = Callable[[Feature], dict[str, Any]]

__all__ = [
    "COUNTRY_FILL",
    "FAN_SLOTS",
    "SOVEREIGN_COLOUR",
    "TOTAL_FILL",
    "admin_style",
    "affected_style",
    "cell_style",
    "country_style",
    "enclave_style",
    "event_style",
    "fan_css",
    "place_style",
    "segment_style",
    "total_style",
    "upload_style",
    "water_style",
]

COUNTRY_FILL: Mapping[str, str] = {"KGZ": "#f4efdc", "TJK": "#e3eedb", "UZB": "#efe3e3"}
CONTEXT_FILL = "#ececec"
TOTAL_FILL = "#37474f"  # one marker per place, when events are grouped
SOVEREIGN_COLOUR: Mapping[str, str] = {"TJK": "#2e7d32", "UZB": "#8e3b3b", "KGZ": "#9a7b00"}
_UNKNOWN_SOVEREIGN = "#555555"

# Events sharing a place are fanned out on a sunflower spiral in screen pixels
# (a CSS transform on the marker's SVG path), so each stays clickable at any
# zoom while its coordinates stay true; slot 0 sits on the point itself.
FAN_SLOTS = 60
_FAN_STEP_PX = 9.0
_GOLDEN_ANGLE = 137.508


def fan_css() -> str:
    """CSS classes ``kgtj-slot-1`` … moving a marker to its place on the spiral."""
    rules = []
    for slot in range(1, FAN_SLOTS):
        radius = _FAN_STEP_PX * math.sqrt(slot)
        angle = math.radians(slot * _GOLDEN_ANGLE)
        dx, dy = radius * math.cos(angle), radius * math.sin(angle)
        rules.append(f".kgtj-slot-{slot} {{ transform: translate({dx:.1f}px, {dy:.1f}px); }}")
    return "\n".join(rules)


def country_style(feature: Feature) -> dict[str, Any]:
    """The two countries (and Uzbekistan) in their fills; other countries grey."""
    fill = COUNTRY_FILL.get(feature["properties"]["id"], CONTEXT_FILL)
    return {"fillColor": fill, "fillOpacity": 1.0, "color": "#8a8a8a", "weight": 1}


def water_style(feature: Feature) -> dict[str, Any]:
    """Rivers and reservoirs."""
    return {"color": "#4a90c2", "weight": 1.5, "fillColor": "#a8cbe6", "fillOpacity": 0.9}


def admin_style(feature: Feature) -> dict[str, Any]:
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


def enclave_style(*, dashed: bool) -> Style:
    """Enclaves in their sovereign's colour: filled (current) or dashed outlines (2017)."""

    def style(feature: Feature) -> dict[str, Any]:
        colour = SOVEREIGN_COLOUR.get(feature["properties"]["sovereign"], _UNKNOWN_SOVEREIGN)
        return {
            "fillColor": colour,
            "fillOpacity": 0.0 if dashed else 0.35,
            "color": colour,
            "weight": 2,
            "dashArray": "5 5" if dashed else None,
        }

    return style


def place_style(feature: Feature) -> dict[str, Any]:
    """Villages and towns: small white dots."""
    return {"color": "#333333", "weight": 1, "fillColor": "#ffffff", "fillOpacity": 1.0, "radius": 4}


def segment_style(feature: Feature) -> dict[str, Any]:
    """A border segment in its status's colour and dash (`geo.vocabulary.SEGMENT_STATUSES`)."""
    status = SEGMENT_STATUSES[feature["properties"]["status"]]
    return {"color": status.colour, "weight": status.weight + 1, "dashArray": status.dash}


def affected_style(feature: Feature) -> dict[str, Any]:
    """A red ring around a place with events, wider with more of them."""
    return {
        "color": "#b00020",
        "weight": 2,
        "fillColor": "#ffffff",
        "fillOpacity": 0.15,
        "radius": min(10 + 2 * feature["properties"]["events"], 24),
    }


def event_style(*, selected: str | None, colour_by: str = "type") -> Style:
    """An event in its type's colour (or its trigger's: ``colour_by="trigger"``), at its fan slot;
    the ``selected`` one outlined and larger."""

    def fill(props: dict[str, Any]) -> str:
        if colour_by == "trigger":
            return TRIGGER_COLOURS.get(props.get("trigger") or "", TRIGGER_COLOURS[""])
        return EVENT_TYPES[props["type"]].colour

    def style(feature: Feature) -> dict[str, Any]:
        props = feature["properties"]
        chosen = props["id"] == selected
        return {
            "className": f"kgtj-event kgtj-slot-{min(props['slot'], FAN_SLOTS - 1)}",
            "color": "#000000" if chosen else "#ffffff",
            "weight": 3 if chosen else 1.5,
            "fillColor": fill(props),
            "fillOpacity": 0.95,
            "radius": 10 if chosen else 7,
        }

    return style


def total_style(feature: Feature) -> dict[str, Any]:
    """One marker per place, sized by its number of events (log scale)."""
    return {
        "color": "#ffffff",
        "weight": 2,
        "fillColor": TOTAL_FILL,
        "fillOpacity": 0.85,
        "radius": 8 + 4 * math.log10(max(feature["properties"]["events"], 1)),
    }


def upload_style(feature: Feature) -> dict[str, Any]:
    """A user's uploaded event: its type's colour, a dotted black ring."""
    return {
        "color": "#000000",
        "weight": 2,
        "dashArray": "2 2",
        "fillColor": EVENT_TYPES[feature["properties"]["type"]].colour,
        "fillOpacity": 0.8,
        "radius": 6,
    }


def cell_style(*, most: int) -> Style:
    """A grid cell of uploaded events, shaded by its count against the fullest cell's ``most``."""

    def style(feature: Feature) -> dict[str, Any]:
        share = math.log10(feature["properties"]["events"] + 1) / math.log10(most + 1)
        return {
            "color": "#000000", "weight": 1, "dashArray": "2 2", "fillColor": TOTAL_FILL,
            "fillOpacity": 0.2 + 0.6 * share,
        }

    return style
