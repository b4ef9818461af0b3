"""Altair charts for the timeline views (rendered by Streamlit, no network needed)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from geo.vocabulary import CLAIMANT_SIDES, EVENT_TYPES

__all__ = ["killed_chart", "timeline_chart"]

_TIME_UNITS = {"day": "yearmonthdate", "week": "yearmonthdate", "month": "yearmonth", "year": "year"}
_SIDE_COLOURS = {"Kyrgyz side": "#c62828", "Tajik side": "#2e7d32", "Independent": "#455a64"}


def timeline_chart(per_period: pd.DataFrame, bin_size: str) -> alt.Chart:
    """Stacked bars of events per period, coloured by event type as on the map."""
    labels = [t.label for t in EVENT_TYPES.values()]
    colours = [t.colour for t in EVENT_TYPES.values()]
    time_unit = _TIME_UNITS[bin_size]
    return (
        alt.Chart(per_period.assign(period=pd.to_datetime(per_period["period"])))
        .mark_bar()
        .encode(
            x=alt.X(f"{time_unit}(period):T", title=f"{bin_size} starting"),
            y=alt.Y("sum(events):Q", title="events"),
            color=alt.Color("type:N", scale=alt.Scale(domain=labels, range=colours), title="type"),
            tooltip=[alt.Tooltip(f"{time_unit}(period):T", title=bin_size), "type:N", "sum(events):Q"],
        )
        .properties(height=220)
    )


def killed_chart(ranges: pd.DataFrame) -> alt.Chart:
    """Each side's latest 'killed' claim per event, as a low–high bar."""
    sides = list(CLAIMANT_SIDES.values())
    base = alt.Chart(ranges).encode(
        y=alt.Y("event:N", title=None, sort=None, axis=alt.Axis(labelLimit=420)),
        yOffset=alt.YOffset("side:N", sort=sides),
        color=alt.Color(
            "side:N",
            scale=alt.Scale(domain=sides, range=[_SIDE_COLOURS[s] for s in sides]),
            title="claimed by",
        ),
        tooltip=["event:N", "whose:N", "side:N", "low:Q", "high:Q"],
    )
    bars = base.mark_bar(size=6).encode(x=alt.X("low:Q", title="killed (claimed)"), x2="high:Q")
    ticks = base.mark_tick(thickness=2, size=10).encode(x="high:Q")
    return (bars + ticks).properties(height=alt.Step(14))
