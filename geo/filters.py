"""What the user asked to see: the `Filters` and the frames they select.

Filtering is a row in a table of predicates, not a branch per widget; the
active filters are described in plain English by `describe`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.i18n import N_, format_date, ngettext, t
from geo.load import Dataset
from geo.schema import RECORD_END, RECORD_START
from geo.vocabulary import ACTORS, AGGREGATE, EVENT_TYPES, TRIGGERS

__all__ = [
    "PERIODS",
    "Filters",
    "affected_places",
    "describe",
    "event_places",
    "filter_events",
    "incidents",
    "located_pairs",
    "place_totals",
    "record_span",
    "segment_status_at",
    "shift_range",
]


# Periods a user often wants, by their first and last day (see data/events.csv).
PERIODS: dict[str, tuple[dt.date, dt.date]] = {
    N_("April–May 2021 clashes"): (dt.date(2021, 4, 28), dt.date(2021, 5, 2)),
    N_("September 2022 war (14–20 Sep)"): (dt.date(2022, 9, 14), dt.date(2022, 9, 20)),
    N_("September–October 2022 aftermath"): (dt.date(2022, 9, 21), dt.date(2022, 10, 31)),
    N_("2025 border treaty (Feb–Apr 2025)"): (dt.date(2025, 2, 1), dt.date(2025, 4, 30)),
}


@dataclass(frozen=True)
class Filters:
    """The date range and event types a user selected.

    An event is selected when its date span overlaps ``start``–``end``
    (inclusive) and its type is in ``types`` (all types when ``types`` is
    empty).
    """

    start: dt.date
    end: dt.date
    types: frozenset[str] = frozenset()
    triggers: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"'end' ({self.end}) must not be before 'start' ({self.start})")
        for name, chosen, known in (
            ("event type", self.types, EVENT_TYPES),
            ("trigger", self.triggers, TRIGGERS),
            ("actor", self.actors, ACTORS),
        ):
            unknown = set(chosen) - set(known)
            if unknown:
                raise ValueError(f"unknown {name}(s) {sorted(unknown)}; known: {sorted(known)}")


def record_span(dataset: Dataset) -> tuple[dt.date, dt.date]:
    """First start date and last end date of all events, at least one day apart.

    With no valid events, the whole span dates may take (`geo.schema.RECORD_START`
    to `RECORD_END`); a record of one day ends a day later. A date slider needs its
    ends to differ.
    """
    if dataset.events.empty:
        return RECORD_START, RECORD_END
    # numpy's reduction over the objects: a fifth of the time of Python's min() at a million events
    start: dt.date = dataset.events["date_start"].to_numpy(dtype=object).min()
    end: dt.date = dataset.events["date_end"].to_numpy(dtype=object).max()
    return start, max(end, start + dt.timedelta(days=1))


def shift_range(
    start: dt.date, end: dt.date, step: int, *, span: tuple[dt.date, dt.date]
) -> tuple[dt.date, dt.date]:
    """The range moved ``step`` times its own length (``end - start + 1`` days), kept
    inside ``span`` with its length (or ``span`` itself when that is shorter).

    Examples
    --------
    >>> D = dt.date
    >>> shift_range(D(2022, 9, 14), D(2022, 9, 20), 1, span=(D(2000, 1, 1), D(2025, 1, 1)))
    (datetime.date(2022, 9, 21), datetime.date(2022, 9, 27))
    """
    length = end - start + dt.timedelta(days=1)
    new_start = start + step * length
    new_start = max(span[0], min(new_start, span[1] - length + dt.timedelta(days=1)))
    return new_start, min(new_start + length - dt.timedelta(days=1), span[1])


def filter_events(events: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Events whose span overlaps the range and whose type is selected, by date."""
    keep = (events["date_start"] <= filters.end) & (events["date_end"] >= filters.start)
    if filters.types:
        keep &= events["event_type"].isin(filters.types)
    if filters.triggers:
        keep &= events["trigger"].isin(filters.triggers)
    if filters.actors:
        keep &= events["actors"].map(lambda codes: not filters.actors.isdisjoint(codes)).astype(bool)
    return events[keep].sort_values(["date_start", "date_end", "event_id"]).copy()


def incidents(events: pd.DataFrame) -> pd.DataFrame:
    """The events that are incidents: all but the ``aggregate`` period summaries.

    A summary row (figures over a year or an episode) is listed and keeps its
    claims, but is never drawn as a marker or counted as an incident.
    """
    return events[events["event_type"] != AGGREGATE]


def event_places(events: pd.DataFrame, places: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per (event, located place): where the event markers go.

    Places of unknown location are left out here (they have no geometry);
    the event still counts and is listed. Period summaries (`incidents`) get no
    marker. Rows are ordered by place, then date;
    ``slot`` numbers the events of a place (oldest first) and ``stack`` says
    how many it has, so the map can fan them out around the true point.
    """
    located = {
        pid: (name, geom)
        for pid, name, geom in zip(places["place_id"], places["name"], places.geometry, strict=True)
        if geom is not None
    }
    events = incidents(events)
    records = events.drop(columns=["place_ids"]).to_dict("records")
    rows = [
        {**record, "place_id": pid, "name": located[pid][0], "geometry": located[pid][1]}
        for record, ids in zip(records, events["place_ids"], strict=True)
        for pid in ids
        if pid in located
    ]
    rows.sort(key=lambda r: (r["place_id"], r["date_start"], r["event_id"]))
    stacks = Counter(r["place_id"] for r in rows)
    seen: Counter[str] = Counter()
    for row in rows:
        row["slot"], row["stack"] = seen[row["place_id"]], stacks[row["place_id"]]
        seen[row["place_id"]] += 1
    columns = ["event_id", "place_id", "name", "geometry", *events.columns.drop(["event_id", "place_ids"])]
    # object columns, as in `events`: pandas would turn a text column's None into NaN
    frame = pd.DataFrame(rows, columns=[*columns, "slot", "stack"], dtype=object)
    frame = frame.astype({"slot": "int64", "stack": "int64"})
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=places.crs)


def located_pairs(events: pd.DataFrame, places: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per (event, place with a point): ``event_id``, ``place_id``,
    ``event_type``, ``date_start``, ``date_end`` — what can be drawn."""
    columns = ["event_id", "event_type", "date_start", "date_end", "place_ids"]
    pairs = incidents(events)[columns].explode("place_ids")
    pairs = pairs.rename(columns={"place_ids": "place_id"})
    located = places.loc[places.geometry.notna(), "place_id"]
    return pairs[pairs["place_id"].isin(located)].reset_index(drop=True)


def place_totals(pairs: pd.DataFrame, places: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Per drawn place: how many events, how many of each type, first and last day.

    Parameters
    ----------
    pairs
        `located_pairs` of the selected events.
    places
        The places table (names and points).

    Returns
    -------
    geopandas.GeoDataFrame
        ``place_id``, ``name``, ``alt_names``, ``geometry``, ``events``,
        ``first``, ``last`` and ``by_type`` (a dict of type code to count,
        largest first), most events first.
    """
    grouped = pairs.groupby("place_id", sort=False)
    totals = pd.DataFrame(
        {
            "events": grouped.size(),
            "first": grouped["date_start"].min(),
            "last": grouped["date_end"].max(),
        }
    )
    counts = pairs.groupby(["place_id", "event_type"]).size().sort_values(ascending=False, kind="stable")
    by_type: dict[str, dict[str, int]] = {}
    for (place_id, event_type), count in counts.items():
        by_type.setdefault(place_id, {})[event_type] = int(count)
    totals["by_type"] = pd.Series(by_type, dtype=object)
    located = places[["place_id", "name", "alt_names", "geometry"]]
    joined = located.merge(totals, left_on="place_id", right_index=True, how="inner")
    joined = joined.sort_values(["events", "place_id"], ascending=[False, True], kind="stable")
    return gpd.GeoDataFrame(joined.reset_index(drop=True), geometry="geometry", crs=places.crs)


def affected_places(events: pd.DataFrame, places: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Places named by the given events, with how many events name each."""
    counts = incidents(events)["place_ids"].explode().dropna().value_counts()
    chosen = places[places["place_id"].isin(counts.index)].copy()
    chosen["event_count"] = chosen["place_id"].map(counts).astype(int)
    return chosen


def segment_status_at(dataset: Dataset, when: dt.date) -> gpd.GeoDataFrame:
    """Border segments with the status in force on ``when``.

    The status of a segment is the last row of ``segment_status.csv`` for it
    with ``valid_from`` on or before ``when``; ``unknown`` if there is none.
    """
    history = dataset.segment_status
    latest: dict[str, tuple[dt.date, str, str, tuple[str, ...]]] = {}
    rows = zip(
        history["segment_id"], history["valid_from"], history["status"], history["note"],
        history["source_ids"], strict=True,
    )
    for segment_id, since, status, note, sources in rows:
        if since <= when and (segment_id not in latest or since >= latest[segment_id][0]):
            latest[segment_id] = (since, status, note or "", sources)
    segments = dataset.segments.copy()
    found = [latest.get(i) for i in segments["segment_id"]]
    segments["status"] = [f[1] if f else "unknown" for f in found]
    segments["status_since"] = [f[0] if f else None for f in found]
    segments["status_note"] = [f[2] if f else "" for f in found]
    segments["status_source_ids"] = [f[3] if f else () for f in found]
    return segments


def describe(
    filters: Filters,
    *,
    event_count: int,
    place_count: int,
    unmapped_count: int = 0,
    grouped_above: int | None = None,
    lang: str = "en",
) -> str:
    """One sentence, in ``lang``, saying exactly what the map shows.

    Parameters
    ----------
    filters
        The active filters (an empty ``types`` means every type).
    event_count
        How many events are selected.
    place_count
        How many drawn places those events happened at.
    unmapped_count
        How many of the events have no drawn place (unknown or off-map).
    grouped_above
        If the events are drawn as one marker per place because they would
        need more than this many markers, that number.

    Examples
    --------
    >>> import datetime as dt
    >>> describe(Filters(dt.date(2022, 9, 14), dt.date(2022, 9, 17)), event_count=12, place_count=9)
    '12 events from 14 Sep 2022 to 17 Sep 2022; shown at 9 places on the map.'
    """
    start, end = format_date(filters.start, lang), format_date(filters.end, lang)
    sentence = ngettext("{n} event from {start} to {end}", "{n} events from {start} to {end}", event_count,
                        lang).format(n=event_count, start=start, end=end)
    if filters.types:
        labels = sorted(t(EVENT_TYPES[code].label, lang).lower() for code in filters.types)
        sentence += t(" (types: {types})", lang).format(types=", ".join(labels))
    sentence += _why_who(filters, lang)
    # "12 events … at 17 places" read as a mistake: an event may involve several places
    sentence += ngettext("; shown at {n} place on the map", "; shown at {n} places on the map", place_count,
                         lang).format(n=place_count)
    if unmapped_count:
        sentence += t("; {n} of them not tied to a mapped place", lang).format(n=unmapped_count)
    if grouped_above is not None:
        sentence += t(". More than {n} markers: shown as one marker per place with its count", lang).format(
            n=grouped_above
        )
    return sentence + "."


def _why_who(filters: Filters, lang: str) -> str:
    """The trigger and actor filters in words, e.g. ' (triggers: water; actors: CSTO)'."""
    parts = []
    if filters.triggers:
        labels = sorted(t(TRIGGERS[code], lang) for code in filters.triggers)
        parts.append(f"{t('triggers', lang)}: {', '.join(labels)}")
    if filters.actors:
        labels = sorted(t(ACTORS[code].label, lang) for code in filters.actors)
        parts.append(f"{t('actors', lang)}: {', '.join(labels)}")
    return f" ({'; '.join(parts)})" if parts else ""
