"""Streamlit rendering of the page's panels: details, data problems, timeline, about.

Each function draws one `geo` result; all data text goes through
`geo.text.escape_markdown` (or a dataframe cell), never through HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import streamlit as st

from geo.charts import killed_chart, timeline_chart
from geo.details import Details
from geo.errors import Problem
from geo.estimates import RULE, Estimate
from geo.export import dataset_zip, events_csv, events_geojson
from geo.facts import (
    border_length_km,
    enclave_areas,
    events_by_year_and_type,
    length_by_status,
    statistics_table,
)
from geo.filters import Filters
from geo.load import Dataset
from geo.text import escape_markdown, markdown_link
from geo.timeline import events_per_period, events_table, killed_by_side
from geo.view import View
from geo.vocabulary import AFFECTED_SIDES, CLAIMANT_SIDES, METRICS

__all__ = ["show_about", "show_details", "show_downloads", "show_problems", "show_timeline"]

LINK = {"Link": st.column_config.LinkColumn("Link", display_text="open")}


def show_problems(
    problems: tuple[Problem, ...], rejected: Mapping[str, tuple[int, ...]], *, about: str = "the data"
) -> None:
    if not problems:
        return
    count = sum(len(rows) for rows in rejected.values())
    with st.expander(
        f"⚠ {len(problems)} problem(s) in {about}; {count} row(s) set aside — "
        "everything valid is shown", expanded=False,
    ):
        st.code("\n".join(str(p) for p in problems), language=None)


def show_details(details: Details) -> None:
    st.subheader(escape_markdown(details.title))
    st.markdown("\n".join(f"- **{label}:** {escape_markdown(value)}" for label, value in details.facts))
    if details.description:
        st.markdown(escape_markdown(details.description))
    if details.kind in ("enclave", "upload") and details.claims is not None and len(details.claims):
        st.markdown("**Figures given by sources** — each as its source gives it")
        st.dataframe(details.claims, hide_index=True, width="stretch", column_config=LINK)
    if details.estimates:
        show_estimates(details.estimates)
    if details.claims_by_side is not None and not details.claims_by_side.empty:
        st.markdown("**Claims, side by side** — each figure as its claimant gave it, never averaged")
        for _, row in details.claims_by_side.iterrows():
            lines = [f"**{escape_markdown(row['Metric'])}** ({escape_markdown(row['Whose'])})"]
            lines += [f"- *{side}:* {escape_markdown(row[side])}" for side in CLAIMANT_SIDES.values()]
            st.markdown("\n".join(lines))
        with st.expander("Every claim with its source"):
            st.dataframe(
                details.claims, hide_index=True, width="stretch",
                column_config=LINK,
            )
    if details.events is not None:
        st.markdown(f"**Events here in the selected range: {len(details.events)}**")
        if len(details.events):
            st.dataframe(details.events.drop(columns=["id"]), hide_index=True, width="stretch")
    for note in details.notes:
        st.markdown(f"- {escape_markdown(note)}")
    if details.sources:
        st.markdown("**Sources**")
        st.markdown("\n".join(f"- {markdown_link(s.label, s.url)}" for s in details.sources))


def show_about(dataset: Dataset, filters: Filters) -> None:
    with st.expander("About the data — facts from the geometry, statistics, coverage, licences"):
        left, right = st.columns(2)
        length = border_length_km(dataset.segments)
        left.metric("Kyrgyz–Tajik border in our geometry (OSM line)", f"{length:,.1f} km")
        left.caption("Official statements give 970–1,006.84 km; see the statistics below.")
        left.markdown(f"**Border by status on {filters.end:%d %b %Y}**")
        left.dataframe(length_by_status(dataset, filters.end).drop(columns=["status"]), hide_index=True)
        right.markdown("**Enclave areas (geodesic, per outline)** — two OSM outlines of Vorukh disagree")
        right.dataframe(enclave_areas(dataset.enclaves).drop(columns=["enclave_id"]), hide_index=True)
        st.markdown("**Statistics** — aggregate figures, not events, each with its period and source")
        st.dataframe(
            statistics_table(dataset), hide_index=True, width="stretch",
            column_config=LINK,
        )
        st.markdown(f"**How the low / best / high summary is derived.** {RULE} See geo/estimates.py.")
        counts = (
            f"{len(dataset.events)} events, {len(dataset.claims)} claims, {len(dataset.sources)} sources, "
            f"{int(dataset.places.geometry.notna().sum())} of {len(dataset.places)} places located"
        )
        st.markdown(f"**Coverage:** {counts}.")
        st.markdown("**Events per year and type (whole record)**")
        st.dataframe(events_by_year_and_type(dataset.events), width="stretch")
        st.caption(
            "Geometry © OpenStreetMap contributors (ODbL-1.0); place coordinates from GeoNames "
            "(CC BY 4.0) and the sources named per place; events, claims and descriptions compiled "
            "by this project from the sources listed. Details: data/README.md."
        )


def show_estimates(estimates: tuple[Estimate, ...]) -> None:
    lines = [
        f"- {METRICS[e.metric]} ({AFFECTED_SIDES[e.affected_side]}): low **{e.low:,}** · "
        f"best **{e.best:,}** ({e.basis}) · high **{e.high:,}**"
        for e in estimates
    ]
    st.markdown("**Summary of the claims** (low / best / high)\n" + "\n".join(lines), help=RULE)


def show_timeline(view: View, dataset: Dataset, estimates: Mapping[str, tuple[Estimate, ...]]) -> None:
    timeline, table = st.tabs(["Timeline", "Events table"])
    with timeline:
        size, per_period = events_per_period(view.events, view.filters.start, view.filters.end)
        if per_period.empty:
            st.info("No events in the selected range.")
        else:
            st.markdown(f"**Events per {size}, by type**")
            st.altair_chart(timeline_chart(per_period, size), width="stretch")
        ranges = killed_by_side(view.events, dataset.claims, estimates)
        if not ranges.empty:
            st.markdown(
                "**Claimed killed, per event and claimant side** (each side's latest claim; "
                "a bar spans a claim's low–high)"
            )
            st.altair_chart(killed_chart(ranges), width="stretch")
    with table:
        st.dataframe(
            events_table(view.events, dataset.places, estimates).drop(columns=["id"]),
            hide_index=True, width="stretch",
        )


def show_downloads(
    view: View, dataset: Dataset, *, data_dir: Path, licence: str, map_html: Callable[[], str]
) -> None:
    """Download buttons; each file is built only when its button is clicked."""
    with st.expander("Download — the events shown, the whole dataset, this map"):
        stamp = f"{view.filters.start:%Y%m%d}-{view.filters.end:%Y%m%d}"
        st.caption(
            f"{view.summary} Each event comes with its places (coordinates), claims and sources; "
            "the licence and attribution travel with the files."
        )
        columns = st.columns(4)
        columns[0].download_button(
            "Events (CSV)", lambda: events_csv(dataset, view.events), f"kg-tj-events-{stamp}.csv",
            "text/csv", on_click="ignore",
        )
        columns[1].download_button(
            "Events (GeoJSON)", lambda: events_geojson(dataset, view.events),
            f"kg-tj-events-{stamp}.geojson", "application/geo+json", on_click="ignore",
        )
        columns[2].download_button(
            "Whole dataset (zip)", lambda: dataset_zip(data_dir, licence_text=licence),
            "kg-tj-atlas-data.zip", "application/zip", on_click="ignore",
        )
        columns[3].download_button(
            "This map (HTML, works offline)", map_html, f"kg-tj-map-{stamp}.html", "text/html",
            on_click="ignore",
        )
