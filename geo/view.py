"""One call from filters to everything the page shows: the `View`."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.filters import Filters, describe, segment_status_at
from geo.index import EventIndex
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
    dataset: Dataset,
    filters: Filters,
    *,
    lang: str = "en",
    max_markers: int = MAX_EVENT_MARKERS,
    index: EventIndex | None = None,
) -> View:
    """Select events for ``filters`` and derive the layers and summary (in ``lang``).

    Events are drawn one marker per (event, place) up to ``max_markers``
    markers, and as one marker per place with counts above that. ``index``
    is ``dataset``'s `EventIndex`, made here when not given (an app keeps one
    per dataset, so that each filter change costs milliseconds).
    """
    if index is None:
        index = EventIndex.of(dataset.events, dataset.places)
    selection = index.select(filters)
    events = selection.events
    grouped = selection.located_pairs > max_markers
    summary = describe(
        filters,
        event_count=selection.incident_count,
        place_count=selection.place_count,
        unmapped_count=selection.unmapped_count,
        grouped_above=max_markers if grouped else None,
        lang=lang,
    )
    return View(
        filters=filters,
        events=events,
        markers=selection.markers(grouped=grouped),
        totals=selection.place_totals(grouped=grouped),
        grouped=grouped,
        affected=selection.affected,
        segments=segment_status_at(dataset, filters.end),
        summary=summary,
    )
