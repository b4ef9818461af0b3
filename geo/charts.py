"""Vega-Lite charts for the timeline views (rendered by Streamlit, no network needed).

Written as plain Vega-Lite specifications: building and validating them through
Altair cost about 0.1 s on every rerun, more than the data behind them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from geo.i18n import N_, t, vega_locale
from geo.vocabulary import CLAIMANT_SIDES, EVENT_TYPES

__all__ = ["BRUSH", "Chart", "brushed_dates", "claims_time_chart", "killed_chart", "timeline_chart"]

_TIME_UNITS = {"day": "yearmonthdate", "week": "yearmonthdate", "month": "yearmonth", "year": "year"}
# d3 formats of each bin's date on the axis and in the tooltip (month names from `vega_locale`)
_AXIS_FORMATS = {"day": "%-d %b", "week": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}
_TOOLTIP_FORMAT = "%-d %B %Y"
_BIN_TITLES = {
    "day": N_("day starting"), "week": N_("week starting"), "month": N_("month starting"),
    "year": N_("year starting"),
}
_BIN_NAMES = {"day": N_("day"), "week": N_("week"), "month": N_("month"), "year": N_("year")}
_SIDE_COLOURS = {"KG": "#c62828", "TJ": "#2e7d32", "independent": "#455a64"}


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite ``spec`` (without data) and the ``data`` it draws."""

    data: pd.DataFrame
    spec: dict[str, Any]


def _field(name: str, kind: str, **more: Any) -> dict[str, Any]:
    return {"field": name, "type": kind, **more}


def _sides(lang: str) -> dict[str, Any]:
    """The colour scale of the claimant sides, named in ``lang``."""
    return {
        "domain": [t(label, lang) for label in CLAIMANT_SIDES.values()],
        "range": [_SIDE_COLOURS[code] for code in CLAIMANT_SIDES],
    }


def _config(lang: str) -> dict[str, Any]:
    """Month names and number separators of ``lang`` for the chart's axes and tooltips."""
    return {"locale": vega_locale(lang)}


BRUSH = "brush"


def brushed_dates(selection: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
    """The days a brush on the timeline covers, from Streamlit's chart selection state.

    Vega-Lite reports an interval over a time field as two epoch milliseconds under the
    field's name (with its time unit prefixed); anything else is no brush.

    Examples
    --------
    >>> brushed_dates({"brush": {"yearmonthdate_period": [1663113600000, 1663372800000]}})
    (datetime.date(2022, 9, 14), datetime.date(2022, 9, 17))
    >>> brushed_dates({"brush": {}}) is None
    True
    """
    interval = selection.get(BRUSH) or {}
    for values in interval.values():
        if (isinstance(values, list) and len(values) == 2
                and all(isinstance(v, int | float) and math.isfinite(v) for v in values)):
            first, last = sorted(values)
            day = dt.timedelta(milliseconds=1)
            epoch = dt.datetime(1970, 1, 1)
            try:
                return ((epoch + first * day).date(), (epoch + last * day).date())
            except OverflowError:
                return None
    return None


def timeline_chart(per_period: pd.DataFrame, bin_size: str, lang: str = "en") -> Chart:
    """Stacked bars of events per period, coloured by event type as on the map (in ``lang``)."""
    time_unit = _TIME_UNITS[bin_size]
    period = _field("period", "temporal", timeUnit=time_unit)
    events = _field("events", "quantitative", aggregate="sum", title=t("events", lang))
    kind = _field("type", "nominal", title=t("type", lang))
    colours = {
        "domain": [t(kind.label, lang) for kind in EVENT_TYPES.values()],
        "range": [kind.colour for kind in EVENT_TYPES.values()],
    }
    spec = {
        "mark": {"type": "bar"},
        "height": 220,
        "config": _config(lang),
        # drag across the bars to narrow the dates to them (the page reads the brush back)
        "params": [{"name": BRUSH, "select": {"type": "interval", "encodings": ["x"]}}],
        "encoding": {
            "x": {
                **period,
                "title": t(_BIN_TITLES[bin_size], lang),
                "axis": {"format": _AXIS_FORMATS[bin_size]},
            },
            "y": events,
            "color": {**kind, "scale": colours},
            "tooltip": [
                {**period, "title": t(_BIN_NAMES[bin_size], lang), "format": _TOOLTIP_FORMAT},
                kind,
                events,
            ],
        },
    }
    data = per_period.assign(
        period=pd.to_datetime(per_period["period"]), type=[t(label, lang) for label in per_period["type"]]
    )
    return Chart(data, spec)


# The first row of each event's band: its title goes there, above its bars, so the title
# takes the chart's whole width and the plot too (a title beside the rows left a phone's
# chart a few pixels of plot). Not a side: it has no colour and no legend entry.
_TITLE_ROW = " "


def killed_chart(ranges: pd.DataFrame, lang: str = "en") -> Chart:
    """Each side's latest 'killed' claim per event, as a low–high bar (`geo.timeline.killed_by_side`
    made in the same ``lang``), under the event's title."""
    sides = _sides(lang)
    rows = {"domain": [_TITLE_ROW, *sides["domain"]]}
    common = {
        "y": _field("event", "nominal", title=None, sort=None, axis=None),
        "yOffset": _field("side", "nominal", scale=rows, sort=None),
        # the legend on top: beside the plot it took a quarter of a phone's width
        "color": _field("side", "nominal", title=t("claimed by", lang), scale=sides,
                        legend={"orient": "top", "direction": "horizontal"}),
        "tooltip": [
            _field("event", "nominal", title=t("Event", lang)),
            _field("side", "nominal", title=t("claimed by", lang)),
            _field("low", "quantitative", title=t("low", lang)),
            _field("high", "quantitative", title=t("high", lang)),
        ],
    }
    # a claim of one figure is a dot; a range "40–50" a thick bar between two dots
    bars = {
        "mark": {"type": "rule", "strokeWidth": 5, "strokeCap": "round"},
        "encoding": {
            **common,
            "x": _field("low", "quantitative", title=t("killed (claimed)", lang)),
            "x2": {"field": "high"},
        },
    }
    dot = {"type": "circle", "size": 90, "opacity": 1}
    lows = {"mark": dot, "encoding": {**common, "x": _field("low", "quantitative")}}
    highs = {"mark": dot, "encoding": {**common, "x": _field("high", "quantitative")}}
    titles = {
        "transform": [{"aggregate": [{"op": "count", "as": "claims"}], "groupby": ["event"]}],
        "mark": {"type": "text", "align": "left", "baseline": "middle", "fontWeight": "bold",
                 "limit": {"expr": "width"}, "ellipsis": "…"},
        "encoding": {
            "y": common["y"],
            "yOffset": {"datum": _TITLE_ROW, "scale": rows},
            "x": {"value": 0},
            "text": _field("event", "nominal"),
        },
    }
    return Chart(ranges, {"layer": [bars, lows, highs, titles], "height": {"step": 15},
                          "config": _config(lang)})


def claims_time_chart(points: pd.DataFrame, metric_label: str = "killed", lang: str = "en") -> Chart:
    """Each claimant side's figure against the date it was given (`geo.timeline.claims_through_time`).

    One line per series (claimant side and whose dead), coloured by claimant
    side; every point's tooltip names its claim, claimant and how it is dated.
    """
    date = _field(
        "date",
        "temporal",
        timeUnit="yearmonthdate",
        title=t("claimed on", lang),
        axis={"format": "%-d %b %Y"},
    )
    encoding = {
        "x": date,
        "y": _field(
            "figure", "quantitative", title=t("{metric} (claimed)", lang).format(metric=t(metric_label, lang))
        ),
        "color": _field("side", "nominal", title=t("claimed by", lang), scale=_sides(lang)),
        "detail": _field("series", "nominal"),
        "strokeDash": _field("whose", "nominal", title=t("whose", lang)),
    }
    tooltip = [
        _field("claim", "nominal", title=t("Claim", lang)),
        _field("claimant", "nominal", title=t("Claimant", lang)),
        _field("series", "nominal", title=t("series", lang)),
        {
            **_field("date", "temporal", timeUnit="yearmonthdate"),
            "title": t("date", lang),
            "format": _TOOLTIP_FORMAT,
        },
        _field("dated_by", "nominal", title=t("dated by", lang)),
        _field("low", "quantitative", title=t("low", lang)),
        _field("high", "quantitative", title=t("high", lang)),
    ]
    line = {"mark": {"type": "line", "interpolate": "step-after"}, "encoding": encoding}
    dots = {
        "mark": {"type": "point", "filled": True, "size": 50},
        "encoding": {**{k: v for k, v in encoding.items() if k != "strokeDash"}, "tooltip": tooltip},
    }
    return Chart(points, {"layer": [line, dots], "height": 200, "config": _config(lang)})
