"""One call from filters to everything the page shows: the `View`."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.filters import Filters, describe, segment_status_at
from geo.index import EventIndex
from geo.load import Dataset

__all__ = ["MAX_EVENT_MARKERS", "View", "build_view", "event_location", "step_event"]

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


def step_event(events: pd.DataFrame, current: str | None, step: int) -> str | None:
    """The event ``step`` places from ``current`` in ``events``' order (by date).

    From no event, or one not in ``events``, a step forward gives the first
    event and a step back the last; past either end the end is kept. None when
    ``events`` is empty.

    Examples
    --------
    >>> frame = pd.DataFrame({"event_id": ["a", "b", "c"]})
    >>> step_event(frame, "a", 1), step_event(frame, None, -1), step_event(frame, "c", 1)
    ('b', 'c', 'c')
    """
    ids = [str(i) for i in events["event_id"]]
    if not ids:
        return None
    if current not in ids:
        return ids[0] if step > 0 else ids[-1]
    return ids[min(max(ids.index(current) + step, 0), len(ids) - 1)]


def event_location(
    event_id: str, events: pd.DataFrame, places: gpd.GeoDataFrame
) -> tuple[float, float] | None:
    """``(lat, lon)`` of the first located place of an event; None when it has none."""
    rows = events.loc[events["event_id"] == event_id, "place_ids"]
    if rows.empty:
        return None
    located = places[places.geometry.notna()].set_index("place_id").geometry
    for place_id in rows.iloc[0]:
        if place_id in located.index:
            point = located[place_id]
            return float(point.y), float(point.x)
    return None
