"""The benchmark baseline's map, shared by its app and the Python-only table.

Not part of the atlas: the common recipe, one ``folium.Marker`` with an HTML
popup per event at the event's first place, no tiles.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping

import folium

__all__ = ["naive_map"]


def naive_map(
    events: Iterable[tuple[str, dt.date, str, str]], points: Mapping[str, tuple[float, float]]
) -> folium.Map:
    """A map with one marker per ``(title, start, description, first place id)``;
    events whose place is not in ``points`` (``place id`` → ``(lat, lon)``) are skipped."""
    m = folium.Map(location=(39.95, 70.25), zoom_start=9, tiles=None)
    for title, start, description, place in events:
        if place in points:
            popup = f"<b>{html.escape(title)}</b><br>{start:%d %b %Y}<br>{html.escape(description)}"
            folium.Marker(points[place], popup=folium.Popup(popup, max_width=300), tooltip=title).add_to(m)
    return m
