"""A date index over the events, made once per dataset, so that a filter change is
array arithmetic instead of sorting and grouping tables.

`EventIndex.select` gives the same frames as `geo.filters.filter_events`,
`affected_places` and `place_totals` (tests/test_index.py checks them against
each other); at 10,000 events a selection takes milliseconds instead of about 0.1 s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.filters import Filters, event_places
from geo.vocabulary import AGGREGATE

__all__ = ["EventIndex", "Selection"]

_SORT = ["date_start", "date_end", "event_id"]


def _days(values: pd.Series) -> np.ndarray:
    """Days since 1970 of each date, each distinct date converted once (a million events
    hold a few thousand dates; converting each row took 2 s there)."""
    codes, distinct = pd.factorize(values.to_numpy(dtype=object))
    days = np.array(list(distinct), dtype="datetime64[D]").astype(np.int64)
    converted: np.ndarray = days[codes]
    return converted


def _pairs(place_ids: pd.Series, position: dict[str, int], skip: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, place position) for every known place each row names, rows in ``skip`` left out.

    Each distinct tuple of ids is looked up once (a million events name a few hundred
    distinct tuples), then the pairs are laid out with array arithmetic.
    """
    codes, distinct = pd.factorize(place_ids.to_numpy(dtype=object))
    known = [np.array([position[pid] for pid in ids if pid in position], dtype=np.int64) for ids in distinct]
    counts = np.array([len(k) for k in known], dtype=np.int64)
    flat = np.concatenate([*known, np.zeros(0, dtype=np.int64)])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    per_row = np.where(skip, 0, counts[codes]) if len(codes) else np.zeros(0, dtype=np.int64)
    rows = np.repeat(np.arange(len(codes), dtype=np.int64), per_row)
    starts = np.repeat(np.cumsum(per_row) - per_row, per_row)
    within = np.arange(len(rows), dtype=np.int64) - starts
    places = flat[offsets[codes[rows]] + within] if len(rows) else np.zeros(0, dtype=np.int64)
    return rows, places


@dataclass(frozen=True)
class Selection:
    """What one set of filters picks out, as computed by `EventIndex.select`.

    Attributes
    ----------
    events
        The selected events, by date (as `geo.filters.filter_events`).
    affected
        Places named by those events, with ``event_count`` (as `geo.filters.affected_places`).
    located_pairs
        How many (event, place with a point) pairs they make: the event markers.
    incident_count
        How many of the events are incidents (not ``aggregate`` period summaries).
    place_count
        How many drawn places they happened at.
    unmapped_count
        How many of the incidents have no drawn place.
    """

    events: pd.DataFrame
    affected: gpd.GeoDataFrame
    located_pairs: int
    incident_count: int
    place_count: int
    unmapped_count: int
    _index: EventIndex
    _drawn: np.ndarray

    def place_totals(self, *, grouped: bool = True) -> gpd.GeoDataFrame:
        """Per drawn place: events, first and last day, count per type (as
        `geo.filters.place_totals`); no rows unless ``grouped``."""
        return self._index.totals(self._drawn) if grouped else self._index.no_totals.copy()

    def markers(self, *, grouped: bool = False) -> gpd.GeoDataFrame:
        """One row per (event, drawn place) (`geo.filters.event_places`); no rows if ``grouped``."""
        return self._index.no_markers.copy() if grouped else event_places(self.events, self._index.places)


@dataclass(frozen=True, eq=False)
class EventIndex:
    """The events sorted once by date, with their (event, place) pairs as arrays.

    Make it with `EventIndex.of`. It never changes once made, so every session
    can use the same one.
    """

    events: pd.DataFrame
    places: gpd.GeoDataFrame
    starts: np.ndarray
    ends: np.ndarray
    type_codes: np.ndarray
    type_names: tuple[str, ...]
    pair_event: np.ndarray
    pair_place: np.ndarray
    pair_located: np.ndarray
    has_located: np.ndarray
    is_summary: np.ndarray

    @classmethod
    def of(cls, events: pd.DataFrame, places: gpd.GeoDataFrame) -> EventIndex:
        """Index ``events`` (the events table) over ``places`` (the places table)."""
        starts, ends = _days(events["date_start"]), _days(events["date_end"])
        keys = pd.DataFrame({"start": starts, "end": ends, "id": events["event_id"].to_numpy(dtype=object)})
        order = keys.sort_values(["start", "end", "id"], kind="stable").index.to_numpy()
        ordered, starts, ends = events.iloc[order], starts[order], ends[order]
        types = pd.Categorical(ordered["event_type"], categories=sorted(set(ordered["event_type"])))
        position = {pid: i for i, pid in enumerate(places["place_id"])}
        located = places.geometry.notna().to_numpy()
        # a period summary is listed, never drawn nor counted as an incident
        summary = (ordered["event_type"] == AGGREGATE).to_numpy()
        pair_event_arr, pair_place_arr = _pairs(ordered["place_ids"], position, summary)
        pair_located = located[pair_place_arr] if len(pair_place_arr) else np.zeros(0, dtype=bool)
        has_located = np.zeros(len(ordered), dtype=bool)
        has_located[pair_event_arr[pair_located]] = True
        return cls(
            events=ordered, places=places,
            starts=starts, ends=ends,
            type_codes=np.asarray(types.codes, dtype=np.int64), type_names=tuple(types.categories),
            pair_event=pair_event_arr, pair_place=pair_place_arr, pair_located=pair_located,
            has_located=has_located, is_summary=summary,
        )

    def select(self, filters: Filters) -> Selection:
        """The events overlapping ``filters`` and what the map needs to know of them."""
        start, end = (np.datetime64(d, "D").astype(np.int64) for d in (filters.start, filters.end))
        chosen = (self.starts <= end) & (self.ends >= start)
        if filters.types:
            wanted = [i for i, name in enumerate(self.type_names) if name in filters.types]
            chosen &= np.isin(self.type_codes, wanted)
        if filters.triggers:
            chosen &= self.events["trigger"].isin(filters.triggers).to_numpy()
        if filters.actors:
            chosen &= np.logical_or.reduce([self._with_actor(code) for code in filters.actors])
        in_pairs = chosen[self.pair_event]
        named = np.bincount(self.pair_place[in_pairs], minlength=len(self.places))
        drawn = self.pair_located & in_pairs
        affected = self.places.iloc[np.flatnonzero(named)].copy()
        affected["event_count"] = named[named > 0].astype(int)
        return Selection(
            events=_rows(self.events, chosen),
            affected=affected,
            located_pairs=int(drawn.sum()),
            place_count=int(np.count_nonzero(np.bincount(self.pair_place[drawn], minlength=1))),
            incident_count=int((chosen & ~self.is_summary).sum()),
            unmapped_count=int((chosen & ~self.is_summary).sum() - (chosen & self.has_located).sum()),
            _index=self,
            _drawn=drawn,
        )

    def _with_actor(self, code: str) -> np.ndarray:
        """Which events (in index order) name the actor ``code``; made once per actor."""
        if code not in self._actor_masks:
            self._actor_masks[code] = np.fromiter(
                (code in codes for codes in self.events["actors"]), dtype=bool, count=len(self.events)
            )
        return self._actor_masks[code]

    @cached_property
    def _actor_masks(self) -> dict[str, np.ndarray]:
        return {}

    # Empty frames with the right columns, made once: building them costs 10-20 ms each time.
    @cached_property
    def no_totals(self) -> gpd.GeoDataFrame:
        return self.totals(np.zeros(len(self.pair_event), dtype=bool))

    @cached_property
    def no_markers(self) -> gpd.GeoDataFrame:
        return event_places(self.events.iloc[0:0], self.places)

    def totals(self, drawn: np.ndarray) -> gpd.GeoDataFrame:
        """`Selection.place_totals` for the (event, place) pairs where ``drawn`` is true."""
        place, event = self.pair_place[drawn], self.pair_event[drawn]
        counts = np.bincount(place, minlength=len(self.places))
        first = np.full(len(self.places), np.iinfo(np.int64).max)
        last = np.full(len(self.places), np.iinfo(np.int64).min)
        np.minimum.at(first, place, self.starts[event])
        np.maximum.at(last, place, self.ends[event])
        n_types = len(self.type_names)
        by_type = np.bincount(place * n_types + self.type_codes[event], minlength=len(self.places) * n_types)
        by_type = by_type.reshape(len(self.places), n_types)
        rows = np.flatnonzero(counts)
        totals = self.places.iloc[rows][["place_id", "name", "alt_names", "geometry"]].copy()
        totals["events"] = counts[rows]
        totals["first"] = pd.Series([_date(d) for d in first[rows]], index=totals.index, dtype=object)
        totals["last"] = pd.Series([_date(d) for d in last[rows]], index=totals.index, dtype=object)
        totals["by_type"] = pd.Series([self._type_counts(by_type[r]) for r in rows], index=totals.index,
                                      dtype=object)
        totals = totals.sort_values(["events", "place_id"], ascending=[False, True], kind="stable")
        return gpd.GeoDataFrame(totals.reset_index(drop=True), geometry="geometry", crs=self.places.crs)

    def _type_counts(self, counts: np.ndarray) -> dict[str, int]:
        # largest first; a tie in the types' alphabetical order (as geo.filters.place_totals)
        order = sorted(np.flatnonzero(counts), key=lambda code: -counts[code])
        return {self.type_names[code]: int(counts[code]) for code in order}


def _rows(frame: pd.DataFrame, chosen: np.ndarray) -> pd.DataFrame:
    """The rows of ``frame`` where ``chosen`` is true: a slice, not a copy, when they follow
    each other (a range that starts at the record's start, or holds no spanning events).

    Copying 900,000 of a million events' rows took 0.18 s of every slider change.
    """
    hits = np.flatnonzero(chosen)
    if len(hits) and hits[-1] - hits[0] + 1 == len(hits):
        return frame.iloc[hits[0]:hits[-1] + 1]
    return frame.iloc[hits]


def _date(days: np.int64) -> dt.date:
    day: dt.date = np.datetime64(int(days), "D").astype(object)
    return day
