"""Streamlit rendering of the analyst's panels below the map: the timeline, the events table,
the downloads and the analysis.

Each is a closed panel built only while open (below the map, out of sight when the page
opens). All data text goes through `geo.text.escape_markdown` or a dataframe cell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from controls import narrow_dates, select_event
from geo.analysis import (
    FOLLOW_UP_DAYS,
    by_district,
    by_month_of_year,
    by_section,
    by_trigger,
    incidents,
    third_parties,
)
from geo.charts import BRUSH, brushed_dates, killed_chart, timeline_chart
from geo.estimates import Estimate
from geo.export import claims_csv, dataset_zip, events_csv, events_geojson
from geo.i18n import N_, format_number, month_name, ngettext, t
from geo.load import Dataset
from geo.timeline import (
    KILLED_CHART_EVENTS,
    TABLE_ROWS,
    events_per_period,
    events_table,
    killed_by_side,
    killed_event_count,
)
from geo.view import View
from geo.vocabulary import EVENT_TYPES
from panels import localised_table, show_coverage, show_paper_statements
from state import Page, page

__all__ = ["show_analysis", "show_downloads", "show_timeline"]

def show_timeline(
    view: View,
    dataset: Dataset,
    estimates: Callable[[], Mapping[str, tuple[Estimate, ...]]],
    lang: str = "en",
) -> None:
    """The timeline and the events table, closed panels built only while open; ``estimates``
    gives the claims' estimates (made on first use: seconds at a million events)."""
    # Below the map, out of sight when the page opens, so closed until opened (and then
    # remembered for the session); only an open panel is built. Drawn at every page open
    # and rerun, the charts cost the map ~1 s at open and ~0.15 s per slider change
    # (see README, Performance).
    timeline = st.expander(
        t("Timeline — events per period by type, claimed killed per side", lang),
        key="timeline_open",
        on_change="rerun",
    )
    with timeline:
        if timeline.open:
            _timeline(view, dataset, estimates(), lang)
    table = st.expander(t("Events table", lang), key="table_open", on_change="rerun")
    with table:
        if table.open:
            _events_table(view, dataset, estimates(), lang)


def _timeline(view: View, dataset: Dataset, estimates: Mapping[str, tuple[Estimate, ...]], lang: str) -> None:
    size, per_period = events_per_period(view.events, view.filters.start, view.filters.end)
    if per_period.empty:
        st.info(t("No events in the selected range.", lang))
    else:
        st.markdown(f"**{t('Events per', lang)} {t(size, lang)}, {t('by type', lang)}**")
        chart = timeline_chart(per_period, size, lang)
        st.caption(t("Drag across the bars to narrow the dates to them; the map follows.", lang))
        st.vega_lite_chart(chart.data, chart.spec, width="stretch", key=Page.timeline_chart.key,
                           on_select=_on_brush, selection_mode=BRUSH)
    ranges = killed_by_side(view.events, dataset.claims, estimates, most=KILLED_CHART_EVENTS, lang=lang)
    if not ranges.empty:
        st.markdown(f"**{t('Claimed killed, per event and claimant side', lang)}**")
        with_killed = killed_event_count(view.events, estimates)
        if with_killed > KILLED_CHART_EVENTS:
            note = t("The {shown} events with the highest claimed tolls, of {total}.", lang)
            st.caption(note.format(shown=KILLED_CHART_EVENTS, total=format_number(with_killed, lang)))
        chart = killed_chart(ranges, lang)
        st.vega_lite_chart(chart.data, chart.spec, width="stretch")


def _on_brush() -> None:
    """A brush on the timeline sets the dates (the slider, the map and the link follow)."""
    state = page.timeline_chart
    brushed = brushed_dates(state.selection) if state is not None else None
    if brushed is not None:
        narrow_dates(*brushed)


def _events_table(
    view: View, dataset: Dataset, estimates: Mapping[str, tuple[Estimate, ...]], lang: str
) -> None:
    shown = view.events.iloc[:TABLE_ROWS]
    if len(view.events) > TABLE_ROWS:
        note = t("The first {shown} of {total} events, by date; the downloads hold them all.", lang)
        st.caption(
            note.format(shown=format_number(TABLE_ROWS, lang), total=format_number(len(view.events), lang))
        )
    st.caption(t("Click a row to show the event on the map and its details.", lang))
    st.dataframe(
        localised_table(events_table(shown, dataset.places, estimates, lang).drop(columns=["id"]), lang),
        hide_index=True,
        width="stretch",
        key=Page.events_table.key,
        on_select=partial(_on_table_select, shown, dataset.places),
        selection_mode="single-row",
    )


def _on_table_select(shown: pd.DataFrame, places: pd.DataFrame) -> None:
    rows = page.events_table.selection.rows
    if rows:
        select_event(str(shown["event_id"].iloc[rows[0]]), shown, places)


def show_downloads(
    view: View,
    dataset: Dataset,
    *,
    data_dir: Path,
    licence: str,
    map_html: Callable[[], str],
    lang: str = "en",
) -> None:
    """Download buttons; each file is built only when its button is clicked."""
    downloads = st.expander(
        t("Download — the events shown, the whole dataset, this map", lang),
        key="downloads_open",
        on_change="rerun",
    )
    with downloads:
        if not downloads.open:  # built only while open
            return
        stamp = f"{view.filters.start:%Y%m%d}-{view.filters.end:%Y%m%d}"
        st.caption(
            f"{view.summary} "
            + t(
                "Each event comes with its places (coordinates), claims and sources; "
                "the licence and attribution travel with the files.",
                lang,
            )
        )
        columns = st.columns(5)
        columns[0].download_button(
            t("Events (CSV)", lang),
            lambda: events_csv(dataset, view.events),
            f"kg-tj-events-{stamp}.csv",
            "text/csv",
            on_click="ignore",
        )
        columns[1].download_button(
            t("Claims (CSV, one row per claim)", lang),
            lambda: claims_csv(dataset, view.events),
            f"kg-tj-claims-{stamp}.csv",
            "text/csv",
            on_click="ignore",
        )
        columns[2].download_button(
            t("Events (GeoJSON)", lang),
            lambda: events_geojson(dataset, view.events),
            f"kg-tj-events-{stamp}.geojson",
            "application/geo+json",
            on_click="ignore",
        )
        columns[3].download_button(
            t("Whole dataset (zip)", lang),
            lambda: dataset_zip(data_dir, licence_text=licence),
            "kg-tj-atlas-data.zip",
            "application/zip",
            on_click="ignore",
        )
        columns[4].download_button(
            t("This map (HTML, works offline)", lang),
            map_html,
            f"kg-tj-map-{stamp}.html",
            "text/html",
            on_click="ignore",
        )


def show_analysis(view: View, dataset: Dataset, lang: str = "en") -> None:
    """Why it happens: the selected incidents by season, trigger, third party and district."""
    panel = st.expander(
        t("Analysis — season, trigger, third parties, districts", lang),
        key="analysis_open",
        on_change="rerun",
    )
    with panel:
        if panel.open:  # built only while open, like the other panels below the map
            _analysis(view, dataset, lang)


def _rests_on(count: int, lang: str) -> str:
    return ngettext("Rests on {n} incident.", "Rests on {n} incidents.", count, lang).format(
        n=format_number(count, lang)
    )


_PARTY_COLUMNS = {
    "date": N_("Date"), "actor": N_("Third party"), "event_type": N_("Type"), "title": N_("Event"),
    "event_id": N_("Event id"), "next_outcome": N_("Next ceasefire or agreement in the record"),
}


def _third_parties(view: View, lang: str) -> None:
    """The third parties named in the selected events, and what the record holds next."""
    st.markdown(f"**{t('Third parties involved', lang)}**")
    parties = third_parties(view.events)
    if parties.empty:
        st.info(t("No third party is named in the selected events.", lang))
    else:
        parties = parties.assign(
            actor=[t(a, lang) for a in parties["actor"]],
            event_type=[t(EVENT_TYPES[code].label, lang) for code in parties["event_type"]],
        ).rename(columns=_PARTY_COLUMNS)
        st.dataframe(localised_table(parties, lang), hide_index=True, width="stretch")
        st.caption(
            t(
                "The last column is what the record holds next — the first ceasefire or agreement within "
                "{days} days — not a result that any source credits to the third party.",
                lang,
            ).format(days=FOLLOW_UP_DAYS)
        )


def _where(view: View, dataset: Dataset, in_range: int, lang: str) -> None:
    """The selected incidents by district and by section of the border."""
    by_place, by_line = st.columns(2)
    by_place.markdown(f"**{t('Incidents by district', lang)}**")
    districts = by_district(view.events, dataset.places, dataset.admin_areas)
    districts = districts.assign(
        district=[t(d, lang) if d == "district not recorded" else d for d in districts["district"]]
    )
    by_place.dataframe(localised_table(districts, lang), hide_index=True, width="stretch")
    by_place.caption(
        _rests_on(in_range, lang) + " " + t(
            "An incident at places in several districts counts in each.", lang
        )
    )
    by_line.markdown(f"**{t('Incidents by section of the border', lang)}**")
    sections = by_section(view.events, dataset.segments, dataset.places)
    by_line.caption(t("A section named by the record, else the nearest to the place within 5 km.", lang))
    sections = sections.assign(
        section=[t(x, lang) if x == "section not recorded" else x for x in sections["section"]]
    )
    by_line.dataframe(localised_table(sections, lang), hide_index=True, width="stretch")
    by_line.caption(_rests_on(in_range, lang))


def _analysis(view: View, dataset: Dataset, lang: str) -> None:
    months = by_month_of_year(view.events)
    in_season, in_range = int(months["incidents"].sum()), len(incidents(view.events))
    st.caption(
        t(
            "This rests on {n} incidents of the selected range. Where the record is thin (see the "
            "coverage in About the data), read it as a sketch, not a measurement.",
            lang,
        ).format(n=in_season)
    )
    with st.popover(t("How complete is the record? Coverage, year by year", lang)):
        show_coverage(dataset, lang)
    left, right = st.columns(2)
    left.markdown(f"**{t('Incidents by month of the year, all years', lang)}**")
    months = months.assign(name=[month_name(int(m), lang) for m in months["month"]])
    left.vega_lite_chart(
        months,
        {
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "x": {"field": "name", "type": "ordinal", "sort": None, "title": t("month", lang)},
                "y": {"field": "incidents", "type": "quantitative", "title": t("incidents", lang)},
                "color": {
                    "condition": {"test": "datum.month >= 4 && datum.month <= 6", "value": "#1565c0"},
                    "value": "#90a4ae",
                },
            },
        },
        width="stretch",
    )
    left.caption(_rests_on(in_season, lang))
    triggers = by_trigger(view.events)
    right.markdown(f"**{t('Incidents by trigger', lang)}**")
    right.dataframe(
        localised_table(
            triggers.assign(label=[t(x, lang) for x in triggers["label"]]).drop(columns=["trigger"]), lang
        ),
        hide_index=True,
        width="stretch",
    )
    right.caption(_rests_on(int(triggers["incidents"].sum()), lang))
    _third_parties(view, lang)
    _where(view, dataset, in_range, lang)
    show_paper_statements(view.events, lang)
