"""How complete the incident record is, year by year, against the counts sources give.

A user must see where the record is thin: for each year, the incidents
recorded here beside the number of incidents that sources report for that year
(or for a period containing it, from ``statistics.csv``), and the gap. Pure
functions of the events and statistics tables.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from geo.i18n import N_, format_date, format_number, t
from geo.text import figure_text
from geo.vocabulary import AGGREGATE, INCIDENT_TYPES

__all__ = ["COUNTED_UNITS", "SEARCHED_UNTIL", "Coverage", "coverage", "latest_note", "recorded_incidents"]

# A statistic counts incidents when its unit says so ("violent incidents", "cases of
# violence", "border incidents with Kyrgyzstan"); "major conflicts" or "km" do not.
COUNTED_UNITS = re.compile(r"\bincidents?\b|\bcases of violence\b", re.IGNORECASE)


# The last day up to which the stored sources were searched for this border (research/notes_r9late.md).
SEARCHED_UNTIL = dt.date(2026, 12, 7)


@dataclass(frozen=True)
class Coverage:
    """The coverage tables.

    Attributes
    ----------
    by_year
        One row per year: ``Year``, ``Incidents recorded here``, ``Sources report``
        (each count whose period contains the year, with its period and
        statistic id), ``Gap`` (what the record lacks against that count).
    without_years
        Counts whose period has no stated start (``about 230 over two decades``):
        ``Count``, ``Up to``, ``Recorded here up to then``, ``Gap``, ``Statistic``.
    """

    by_year: pd.DataFrame
    without_years: pd.DataFrame


def recorded_incidents(events: pd.DataFrame) -> pd.DataFrame:
    """The incidents dated at least to the month: what the coverage counts.

    Incident types are those marked ``incident`` in `EVENT_TYPES` (clashes,
    shelling, strikes, violence against civilians, clashes between residents,
    arson, blockades, detentions); period summaries and year-only rows are not
    dated incidents.
    """
    keep = events["event_type"].isin(INCIDENT_TYPES)
    return events[keep & (events["date_precision"] != "year")]


def _count_in(incidents: pd.DataFrame, start: dt.date | None, end: dt.date) -> int:
    starts = incidents["date_start"]
    inside = starts <= end if start is None else (starts >= start) & (starts <= end)
    return int(inside.sum())


def _figure(low: int, high: int, qualifier: object, lang: str = "en") -> str:
    return figure_text(low, high, qualifier if isinstance(qualifier, str) else "exact", lang)


_GAP_WORDS = {
    "about": N_("about {n} not recorded here"), "nearly": N_("about {n} not recorded here"),
    "up_to": N_("up to {n} not recorded here"),
}


def _gap(reported_low: int, recorded: int, qualifier: object, lang: str = "en") -> str:
    """What the record lacks against a reported count, worded as loosely as the count."""
    missing = reported_low - recorded
    if missing <= 0:
        return t("none apparent", lang)
    words = _GAP_WORDS.get(
        qualifier if isinstance(qualifier, str) else "", N_("at least {n} not recorded here")
    )
    return t(words, lang).format(n=format_number(missing, lang))


def _period(start: dt.date, end: dt.date) -> str:
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


def _counts(statistics: pd.DataFrame) -> pd.DataFrame:
    has_value = statistics["value_low"].notna() & statistics["period_end"].notna()
    units = statistics["unit"].map(lambda unit: bool(COUNTED_UNITS.search(str(unit))))
    return statistics[has_value & units]


def coverage(
    events: pd.DataFrame, statistics: pd.DataFrame, *, first: int = 2010, last: int = 2026, lang: str = "en"
) -> Coverage:
    """Incidents recorded per year against the counts that sources report.

    Parameters
    ----------
    events, statistics
        The events and statistics tables.
    first, last
        The years shown.

    Returns
    -------
    Coverage
        The per-year table, and the counts with no stated period start.
    """
    incidents = recorded_incidents(events)
    counts = _counts(statistics)
    per_year = pd.Series([d.year for d in incidents["date_start"]], dtype="int64").value_counts()
    reported: dict[int, list[str]] = {}
    gaps: dict[int, list[str]] = {}
    undated = []
    for _, s in counts.iterrows():
        low, high, start, end = int(s["value_low"]), int(s["value_high"]), s["period_start"], s["period_end"]
        figure = f"{_figure(low, high, s['qualifier'], lang)} {s['unit']}"
        recorded = _count_in(incidents, start if isinstance(start, dt.date) else None, end)
        if not isinstance(start, dt.date):
            undated.append(
                {
                    "Count": f"{figure} ({s['claimant']})",
                    "Up to": end,
                    "Recorded here up to then": recorded,
                    "Gap": _gap(low, recorded, s["qualifier"], lang),
                    "Statistic": s["stat_id"],
                }
            )
            continue
        span = _period(start, end)
        for year in range(max(start.year, first), min(end.year, last) + 1):
            reported.setdefault(year, []).append(
                t("{figure} in {span} ({id})", lang).format(figure=figure, span=span, id=s["stat_id"])
            )
            where = (
                ""
                if start.year == end.year
                else t(" in {span} ({n} recorded then)", lang).format(span=span, n=recorded)
            )
            gaps.setdefault(year, []).append(f"{_gap(low, recorded, s['qualifier'], lang)}{where}")
    by_year = pd.DataFrame(
        {
            "Year": list(range(first, last + 1)),
            "Incidents recorded here": [int(per_year.get(y, 0)) for y in range(first, last + 1)],
            "Sources report": ["; ".join(reported.get(y, [])) or "—" for y in range(first, last + 1)],
            "Gap": ["; ".join(gaps.get(y, [])) or t("not known", lang) for y in range(first, last + 1)],
        }
    )
    columns = ["Count", "Up to", "Recorded here up to then", "Gap", "Statistic"]
    return Coverage(by_year, pd.DataFrame(undated, columns=columns))


def latest_note(events: pd.DataFrame, lang: str = "en", *, searched_until: dt.date = SEARCHED_UNTIL) -> str:
    """Say how recent the record is: its latest event and incident, and until when sources were searched."""
    dated = events[events["event_type"] != AGGREGATE]
    if dated.empty:
        return t("The record holds no dated event.", lang)
    incidents = recorded_incidents(events)
    latest_incident = (
        format_date(incidents["date_start"].max(), lang) if not incidents.empty else t("none", lang)
    )
    return t(
        "Latest event in the record: {event}; latest incident: {incident}. Sources were searched up to "
        "{searched}; nothing later on this border was found (research/notes_r9late.md).",
        lang,
    ).format(
        event=format_date(dated["date_start"].max(), lang),
        incident=latest_incident,
        searched=format_date(searched_until, lang),
    )
