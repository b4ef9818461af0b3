"""Why it happens: the record's incidents by season, trigger, third party and district.

The seed paper (Saud & Gul) makes three claims a good record can test: clashes start over
water, land and roads; they come every year between April and June; and Russia and the CSTO
did little beyond phone calls while Uzbekistan and Kazakhstan offered mediation. These pure
functions turn the selected events into the tables behind the Analysis panel and into
checkable statements. Every table says how many incidents it rests on: where the record is
thin, a chart must not look authoritative.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.filters import event_places
from geo.i18n import t
from geo.vocabulary import ACTORS, INCIDENT_TYPES, TRIGGERS

__all__ = [
    "FOLLOW_UP_DAYS",
    "Statement",
    "by_district",
    "by_section",
    "by_month_of_year",
    "by_trigger",
    "incidents",
    "paper_statements",
    "third_parties",
]

# Precisions that place an incident in one month at most: a "year" row cannot be given a season.
_MONTH_PRECISE = frozenset({"day", "week", "month"})
_IRRIGATION = (4, 5, 6)


def incidents(events: pd.DataFrame) -> pd.DataFrame:
    """The incidents among ``events``: violent or coercive events on the ground (`INCIDENT_TYPES`)."""
    return events[events["event_type"].isin(INCIDENT_TYPES)]


def by_month_of_year(events: pd.DataFrame) -> pd.DataFrame:
    """Incidents whose month is known, counted by month of the year across all years.

    Returns
    -------
    pandas.DataFrame
        Twelve rows: ``month`` (1–12), ``name`` (Jan …) and ``incidents``.
    """
    known = incidents(events)
    known = known[known["date_precision"].isin(_MONTH_PRECISE)]
    months = pd.Series([d.month for d in known["date_start"]], dtype="int64")
    counts = months.value_counts().reindex(range(1, 13), fill_value=0)
    return pd.DataFrame({
        "month": list(range(1, 13)),
        "name": [calendar.month_abbr[m] for m in range(1, 13)],
        "incidents": counts.to_numpy(dtype="int64"),
    })


def by_trigger(events: pd.DataFrame) -> pd.DataFrame:
    """Incidents by what started them, as the sources state it (``not assessed`` when empty)."""
    triggers = incidents(events)["trigger"].fillna("not_assessed")
    counts = triggers.value_counts()
    order = [*TRIGGERS, "not_assessed"]
    labels = {**TRIGGERS, "not_assessed": "Not yet assessed in our record"}
    return pd.DataFrame({
        "trigger": order,
        "label": [labels[code] for code in order],
        "incidents": [int(counts.get(code, 0)) for code in order],
    })


# What a mediation "led to" is not coded by any source we hold: the panel shows what the record
# holds next instead, never as a cause: the first ceasefire or agreement within this many days.
FOLLOW_UP_DAYS = 30
_OUTCOMES = frozenset({"ceasefire", "agreement", "ratification"})


def _next_outcome(outcomes: pd.DataFrame, event_id: str, start: object, *, within_days: int) -> str:
    """The first of ``outcomes`` (the ceasefires and agreements, by date) other than ``event_id``
    starting within ``within_days`` of ``start``, as ``'<date> <title>'``; empty when none."""
    if not isinstance(start, dt.date):
        return ""
    end = start + dt.timedelta(days=within_days)
    rows = zip(outcomes["event_id"], outcomes["date_start"], outcomes["title"], strict=True)
    for other, day, title in rows:
        if other != event_id and isinstance(day, dt.date) and start <= day <= end:
            return f"{day.isoformat()} {title}"
    return ""


def third_parties(events: pd.DataFrame, *, within_days: int = FOLLOW_UP_DAYS) -> pd.DataFrame:
    """One row per (event, third party): who was involved, when, in what kind of event, and what
    the record holds next: the first ceasefire or agreement starting within ``within_days``
    (``next_outcome``; empty when none). That column is a sequence in the record, not a result
    any source attributes to the third party."""
    outcomes = events[events["event_type"].isin(_OUTCOMES)].sort_values(["date_start", "event_id"])
    rows = [
        {
            "date": event.date_start,
            "actor": ACTORS[code].label,
            "event_type": event.event_type,
            "title": event.title,
            "event_id": event.event_id,
            "next_outcome": _next_outcome(
                outcomes, event.event_id, event.date_start, within_days=within_days
            ),
        }
        for event in events.itertuples()
        for code in (event.actors or ())
        if ACTORS[code].third_party
    ]
    columns = ["date", "actor", "event_type", "title", "event_id", "next_outcome"]
    return pd.DataFrame(rows, columns=columns).sort_values(["date", "actor"], ignore_index=True)


def _incident_points(events: pd.DataFrame, places: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per (incident, located place): ``event_id`` and the place's point."""
    return event_places(incidents(events), places)[["event_id", "geometry"]]


def _tally(frame: pd.DataFrame, column: str, events: pd.DataFrame, unrecorded: str) -> pd.DataFrame:
    """Incidents per value of ``column`` in ``frame`` (rows of ``column``, ``event_id``), most
    first; the incidents of ``events`` that ``frame`` does not hold count under ``unrecorded``."""
    counts = frame.groupby(column)["event_id"].nunique()
    missing = int((~incidents(events)["event_id"].isin(set(frame["event_id"]))).sum())
    if missing:
        counts[unrecorded] = counts.get(unrecorded, 0) + missing
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    return counts.rename("incidents").rename_axis(column).reset_index()


def by_district(
    events: pd.DataFrame, places: gpd.GeoDataFrame, districts: gpd.GeoDataFrame | None = None
) -> pd.DataFrame:
    """Incidents by district: the district outlines (``districts``: `Dataset.admin_areas`, level
    ``district``, Kyrgyz and Tajik) that hold their places' points. Where the two countries'
    district maps overlap, a place lies in one district of each and counts in both; an incident
    counts once per district. Without outlines, the places' recorded ``admin`` text is used.
    """
    if districts is None:
        admin = dict(zip(places["place_id"], places["admin"].fillna(""), strict=True))
        pairs = [
            (admin.get(pid) or "district not recorded", event.event_id)
            for event in incidents(events).itertuples()
            for pid in (event.place_ids or ("",))
        ]
        frame = pd.DataFrame(pairs, columns=["district", "event_id"])
    else:
        points = _incident_points(events, places)
        areas = districts[districts["level"] == "district"]
        areas = areas.assign(
            district=[f"{n} ({c})" for n, c in zip(areas["name"], areas["country"], strict=True)]
        )
        joined = gpd.sjoin(points, areas[["district", "geometry"]], predicate="within", how="inner")
        frame = joined[["district", "event_id"]]
    return _tally(frame, "district", events, "district not recorded")


# A place this close to a border section (metres, UTM 42N) is taken to be at that section.
SECTION_RADIUS_M = 5_000


def by_section(events: pd.DataFrame, segments: gpd.GeoDataFrame,
               places: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """Incidents by border section: the sections their record names (``segment_ids``) or, for
    the others, the section nearest to each of their places within `SECTION_RADIUS_M` (an
    approximation, which the panel says); the rest count under ``section not recorded``."""
    names = dict(zip(segments["segment_id"], segments["name"], strict=True))
    pairs = [
        (names.get(sid, sid), event.event_id)
        for event in incidents(events).itertuples()
        for sid in (event.segment_ids or ())
    ]
    if places is not None:
        named = {event_id for _, event_id in pairs}
        points = _incident_points(events, places)
        points = points[~points["event_id"].isin(named)].to_crs(32642)
        lines = segments[["segment_id", "geometry"]].to_crs(32642)
        near = gpd.sjoin_nearest(points, lines, how="inner", max_distance=SECTION_RADIUS_M)
        pairs += [(names[sid], eid) for sid, eid in zip(near["segment_id"], near["event_id"], strict=True)]
    frame = pd.DataFrame(pairs, columns=["section", "event_id"])
    return _tally(frame, "section", events, "section not recorded")


@dataclass(frozen=True)
class Statement:
    """A claim of the seed paper, and what our record shows about it."""

    claim: str
    finding: str
    basis: int  # how many incidents the finding rests on


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def paper_statements(events: pd.DataFrame, lang: str = "en") -> tuple[Statement, ...]:
    """The seed paper's claims about season, trigger and mediators, checked against ``events``
    (in ``lang``).

    A comparison, not an endorsement: each finding says how many incidents it rests on.
    """
    months = by_month_of_year(events)
    dated = int(months["incidents"].sum())
    spring = int(months.loc[months["month"].isin(_IRRIGATION), "incidents"].sum())
    known = incidents(events)
    known = known[known["date_precision"].isin(_MONTH_PRECISE)]
    years = {d.year for d in known["date_start"]}
    spring_years = {d.year for d in known["date_start"] if d.month in _IRRIGATION}
    triggers = by_trigger(events).set_index("trigger")["incidents"]
    stated = int(triggers.drop(["unknown", "not_assessed"]).sum())
    resources = int(triggers[["water", "land_pasture", "road_construction"]].sum())
    parties = third_parties(events)
    russia = int(parties["actor"].isin([ACTORS["russia"].label, ACTORS["csto"].label]).sum())
    regional = int(parties["actor"].isin(
        [ACTORS[c].label for c in ("uzbekistan", "kazakhstan", "sco")]).sum())
    return (
        Statement(
            t("“Every year, between April and June, when irrigation is taking place, a conflict emerges.”",
              lang),
            t("April–June holds {spring} of {dated} incidents dated to the month ({share}); {spring_years} "
              "of the {years} years with such incidents had one in April–June.", lang).format(
                spring=spring, dated=dated, share=_share(spring, dated), spring_years=len(spring_years),
                years=len(years)),
            dated,
        ),
        Statement(
            t("Clashes start over water, land, pasture and roads.", lang),
            t("Where the sources state a trigger, it is water, land/pasture or a road in {resources} of "
              "{stated} incidents ({share}); {unknown} incidents have no stated trigger and {unassessed} "
              "are not yet assessed.", lang).format(
                resources=resources, stated=stated, share=_share(resources, stated),
                unknown=int(triggers["unknown"]), unassessed=int(triggers["not_assessed"])),
            stated,
        ),
        Statement(
            t("Russia and the CSTO did little beyond phone calls; Uzbekistan, Kazakhstan and the SCO "
              "offered mediation.", lang),
            t("Our record names Russia or the CSTO in {russia} event(s) and Uzbekistan, Kazakhstan or "
              "the SCO in {regional} event(s) in this selection.", lang).format(
                russia=russia, regional=regional),
            len(parties),
        ),
    )
