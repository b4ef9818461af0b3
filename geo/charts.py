"""Vega-Lite charts for the timeline views (rendered by Streamlit, no network needed).

Written as plain Vega-Lite specifications: building and validating them through
Altair cost about 0.1 s on every rerun, more than the data behind them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from geo.vocabulary import CLAIMANT_SIDES, EVENT_TYPES

__all__ = ["Chart", "claims_time_chart", "killed_chart", "timeline_chart"]

_TIME_UNITS = {"day": "yearmonthdate", "week": "yearmonthdate", "month": "yearmonth", "year": "year"}
_SIDE_COLOURS = {"Kyrgyz side": "#c62828", "Tajik side": "#2e7d32", "Independent": "#455a64"}


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite ``spec`` (without data) and the ``data`` it draws."""

    data: pd.DataFrame
    spec: dict[str, Any]


def _field(name: str, kind: str, **more: Any) -> dict[str, Any]:
    return {"field": name, "type": kind, **more}


def timeline_chart(per_period: pd.DataFrame, bin_size: str) -> Chart:
    """Stacked bars of events per period, coloured by event type as on the map."""
    time_unit = _TIME_UNITS[bin_size]
    period = _field("period", "temporal", timeUnit=time_unit)
    events = _field("events", "quantitative", aggregate="sum")
    colours = {
        "domain": [t.label for t in EVENT_TYPES.values()],
        "range": [t.colour for t in EVENT_TYPES.values()],
    }
    spec = {
        "mark": {"type": "bar"},
        "height": 220,
        "encoding": {
            "x": {**period, "title": f"{bin_size} starting"},
            "y": {**events, "title": "events"},
            "color": _field("type", "nominal", scale=colours, title="type"),
            "tooltip": [{**period, "title": bin_size}, _field("type", "nominal"), events],
        },
    }
    return Chart(per_period.assign(period=pd.to_datetime(per_period["period"])), spec)


def killed_chart(ranges: pd.DataFrame) -> Chart:
    """Each side's latest 'killed' claim per event, as a low–high bar."""
    sides = list(CLAIMANT_SIDES.values())
    common = {
        "y": _field("event", "nominal", title=None, sort=None, axis={"labelLimit": 420}),
        "yOffset": _field("side", "nominal", sort=sides),
        "color": _field(
            "side", "nominal", title="claimed by",
            scale={"domain": sides, "range": [_SIDE_COLOURS[s] for s in sides]},
        ),
        "tooltip": [_field(name, kind) for name, kind in (
            ("event", "nominal"), ("whose", "nominal"), ("side", "nominal"),
            ("low", "quantitative"), ("high", "quantitative"),
        )],
    }
    bars = {
        "mark": {"type": "bar", "size": 6},
        "encoding": {
            **common,
            "x": _field("low", "quantitative", title="killed (claimed)"),
            "x2": {"field": "high"},
        },
    }
    ticks = {
        "mark": {"type": "tick", "thickness": 2, "size": 10},
        "encoding": {**common, "x": _field("high", "quantitative")},
    }
    return Chart(ranges, {"layer": [bars, ticks], "height": {"step": 14}})


def claims_time_chart(points: pd.DataFrame, metric_label: str = "killed") -> Chart:
    """Each claimant side's figure against the date it was given (`geo.timeline.claims_through_time`).

    One line per series (claimant side and whose dead), coloured by claimant
    side; every point's tooltip names its claim, claimant and how it is dated.
    """
    sides = list(CLAIMANT_SIDES.values())
    date = _field("date", "temporal", timeUnit="yearmonthdate", title="claimed on")
    encoding = {
        "x": date,
        "y": _field("figure", "quantitative", title=f"{metric_label} (claimed)"),
        "color": _field(
            "side", "nominal", title="claimed by",
            scale={"domain": sides, "range": [_SIDE_COLOURS[s] for s in sides]},
        ),
        "detail": _field("series", "nominal"),
        "strokeDash": _field("whose", "nominal", title="whose"),
    }
    tooltip = [
        _field("claim", "nominal"), _field("claimant", "nominal"), _field("series", "nominal"),
        {**date, "title": "date"}, _field("dated_by", "nominal", title="dated by"),
        _field("low", "quantitative"), _field("high", "quantitative"),
    ]
    line = {"mark": {"type": "line", "interpolate": "step-after"}, "encoding": encoding}
    dots = {
        "mark": {"type": "point", "filled": True, "size": 50},
        "encoding": {**{k: v for k, v in encoding.items() if k != "strokeDash"}, "tooltip": tooltip},
    }
    return Chart(points, {"layer": [line, dots], "height": 200})
