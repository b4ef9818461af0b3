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
    located_pairs,
    place_totals,
    segment_status_at,
)
from geo.load import Dataset

__all__ = ["MAX_EVENT_MARKERS", "View", "build_view"]

# Above this many event markers the map draws one marker per place with the
# events' count instead: thousands of individual markers are unreadable (they
# fan out over each other) and slow to send and draw.
MAX_EVENT_MARKERS = 500


@dataclass(frozen=True)
class View:
    """The selection for one set of filters.

    Attributes
    ----------
    events
        Selected events, by date.
    markers
        One row per (selected event, drawn place): the event markers; empty
        when ``grouped``.
    totals
        When ``grouped``: one row per drawn place with its events' count,
        count per type and dates (`geo.filters.place_totals`); else empty.
    grouped
        Whether there are more than ``max_markers`` event markers, so the
        map shows ``totals`` instead of ``markers``.
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
    totals: gpd.GeoDataFrame
    grouped: bool
    affected: gpd.GeoDataFrame
    segments: gpd.GeoDataFrame
    summary: str


def build_view(
    dataset: Dataset, filters: Filters, *, lang: str = "en", max_markers: int = MAX_EVENT_MARKERS
) -> View:
    """Select events for ``filters`` and derive the layers and summary (in ``lang``).

    Events are drawn one marker per (event, place) up to ``max_markers``
    markers, and as one marker per place with counts above that.
    """
    events = filter_events(dataset.events, filters)
    pairs = located_pairs(events, dataset.places)
    grouped = len(pairs) > max_markers
    totals = place_totals(pairs if grouped else pairs.iloc[0:0], dataset.places)
    markers = event_places(events.iloc[0:0] if grouped else events, dataset.places)
    affected = affected_places(events, dataset.places)
    summary = describe(
        filters,
        event_count=len(events),
        place_count=pairs["place_id"].nunique(),
        unmapped_count=len(events) - pairs["event_id"].nunique(),
        grouped_above=max_markers if grouped else None,
        lang=lang,
    )
    return View(
        filters=filters,
        events=events,
        markers=markers,
        totals=totals,
        grouped=grouped,
        affected=affected,
        segments=segment_status_at(dataset, filters.end),
        summary=summary,
    )
