"""One call from filters to everything the page shows: the `View`."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.filters import (
    Filters,
    affected_places,
    describe,
    event_places,
    filter_events,
    segment_status_at,
)
from geo.load import Dataset

__all__ = ["View", "build_view"]


@dataclass(frozen=True)
class View:
    """The selection for one set of filters.

    Attributes
    ----------
    events
        Selected events, by date.
    markers
        One row per (selected event, drawn place): the event markers.
    affected
        Places named by the selected events, with ``event_count``.
    segments
        Border segments with their status at ``filters.end``.
    summary
        The plain-English sentence describing the selection.
    """

    filters: Filters
    events: pd.DataFrame
    markers: gpd.GeoDataFrame
    affected: gpd.GeoDataFrame
    segments: gpd.GeoDataFrame
    summary: str


def build_view(dataset: Dataset, filters: Filters, *, lang: str = "en") -> View:
    """Select events for ``filters`` and derive the layers and summary (in ``lang``)."""
    events = filter_events(dataset.events, filters)
    markers = event_places(events, dataset.places)
    affected = affected_places(events, dataset.places)
    mapped_events = set(markers["event_id"])
    summary = describe(
        filters,
        event_count=len(events),
        place_count=int(affected.geometry.notna().sum()),
        unmapped_count=len(events) - len(mapped_events),
        lang=lang,
    )
    return View(
        filters=filters,
        events=events,
        markers=markers,
        affected=affected,
        segments=segment_status_at(dataset, filters.end),
        summary=summary,
    )
