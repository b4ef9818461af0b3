"""The shareable view: the URL query string that holds and restores the page state.

``?from=2022-09-14&to=2022-09-17&types=shelling,armed_clash&select=<id>&lang=ru
&center=39.95,70.25&zoom=9&period=september-2022-war-14-20-sep`` opens the app on
those days, with those event types, that feature's details, that language, the map
at that centre and zoom, and that period preset chosen. Parsing never fails: a value
that cannot be used is ignored and reported in `ViewState.notes`, so a mistyped link still opens the app.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from geo.filters import PERIODS
from geo.load import Dataset
from geo.vocabulary import EVENT_TYPES

__all__ = ["LANGUAGES", "MapView", "ViewState", "find_feature", "parse_query", "period_slug", "to_query"]

LANGUAGES = ("en", "ru")
ZOOMS = (1.0, 18.0)  # the zoom levels a link may ask for


@dataclass(frozen=True)
class MapView:
    """Where the map looks: its centre (latitude, longitude) and zoom."""

    lat: float
    lon: float
    zoom: float


def period_slug(name: str) -> str:
    """The name of a `geo.filters.PERIODS` preset as it stands in a link.

    Examples
    --------
    >>> period_slug("September 2022 war (14–20 Sep)")
    'september-2022-war-14-20-sep'
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


_PERIOD_BY_SLUG = {period_slug(name): name for name in PERIODS}


@dataclass(frozen=True)
class ViewState:
    """What a link can say about the view (None: not given)."""

    start: dt.date | None = None
    end: dt.date | None = None
    types: tuple[str, ...] = ()
    layers: tuple[str, ...] | None = None
    select: tuple[str, str] | None = None
    lang: str = "en"
    map_view: MapView | None = None
    period: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def _first(value: str | list[str] | None) -> str | None:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _date(text: str | None, name: str, notes: list[str]) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        notes.append(f"'{name}={text}' is not a date (YYYY-MM-DD); ignored")
        return None


def find_feature(dataset: Dataset, feature_id: str) -> tuple[str, str] | None:
    """The (kind, id) of a feature by its id, searching events first."""
    tables = (
        ("event", dataset.events, "event_id"),
        ("place", dataset.places, "place_id"),
        ("enclave", dataset.enclaves, "enclave_id"),
        ("segment", dataset.segments, "segment_id"),
        ("admin", dataset.admin_areas, "area_id"),
        ("country", dataset.countries, "iso_a3"),
    )
    for kind, frame, column in tables:
        if feature_id in set(frame[column]):
            return kind, feature_id
    return None


def parse_query(
    params: Mapping[str, str | list[str]],
    dataset: Dataset,
    *,
    span: tuple[dt.date, dt.date],
    layer_keys: Collection[str],
) -> ViewState:
    """Read a query string into a `ViewState`, clamping dates to ``span``."""
    notes: list[str] = []
    start = _date(_first(params.get("from")), "from", notes)
    end = _date(_first(params.get("to")), "to", notes)
    start = max(start, span[0]) if start else None
    end = min(end, span[1]) if end else None
    if start and end and end < start:
        notes.append(f"'to' ({end}) is before 'from' ({start}); dates ignored")
        start = end = None
    types = tuple(t for t in (_first(params.get("types")) or "").split(",") if t)
    unknown = [t for t in types if t not in EVENT_TYPES]
    if unknown:
        notes.append(f"unknown event type(s) {', '.join(unknown)}; ignored")
    layers = _layers(_first(params.get("layers")), layer_keys, notes)
    select_text = _first(params.get("select"))
    select = find_feature(dataset, select_text) if select_text else None
    if select_text and select is None:
        notes.append(f"nothing with the id '{select_text}'; no feature selected")
    lang = _first(params.get("lang")) or "en"
    if lang not in LANGUAGES:
        notes.append(f"language '{lang}' is not available; English shown")
        lang = "en"
    period = _period(_first(params.get("period")), notes)
    if period and start is None and end is None:
        start, end = PERIODS[period]
    return ViewState(
        start=start,
        end=end,
        types=tuple(t for t in types if t in EVENT_TYPES),
        layers=layers,
        select=select,
        lang=lang,
        map_view=_map_view(_first(params.get("center")), _first(params.get("zoom")), notes),
        period=period,
        notes=tuple(notes),
    )


def _layers(text: str | None, layer_keys: Collection[str], notes: list[str]) -> tuple[str, ...] | None:
    """The layers a link names; unknown names are reported, and a link naming no known
    layer at all gets the default layers (None), never an empty map."""
    if text is None:
        return None
    named = [k for k in text.split(",") if k]
    unknown = [k for k in named if k not in layer_keys]
    known = tuple(k for k in named if k in layer_keys)
    if unknown and not known:
        notes.append(f"unknown layer(s) {', '.join(unknown)}; the default layers are shown")
        return None
    if unknown:
        notes.append(f"unknown layer(s) {', '.join(unknown)}; ignored")
    return known


def _period(text: str | None, notes: list[str]) -> str | None:
    if not text:
        return None
    if text not in _PERIOD_BY_SLUG:
        notes.append(f"unknown period '{text}'; ignored")
        return None
    return _PERIOD_BY_SLUG[text]


def _map_view(center: str | None, zoom: str | None, notes: list[str]) -> MapView | None:
    """The map's centre and zoom from ``center=lat,lon`` and ``zoom=z`` (both needed)."""
    if center is None and zoom is None:
        return None
    try:
        lat, lon = (float(v) for v in (center or "").split(","))
        level = float(zoom or "")
    except ValueError:
        notes.append(f"'center={center}&zoom={zoom}' is not a map position (center=lat,lon&zoom=z); ignored")
        return None
    if not all(math.isfinite(v) for v in (lat, lon, level)) or not (
        -90 <= lat <= 90 and -180 <= lon <= 180 and ZOOMS[0] <= level <= ZOOMS[1]
    ):
        notes.append(f"map position {lat},{lon} zoom {level} is off the map; ignored")
        return None
    return MapView(lat, lon, level)


def to_query(
    *,
    start: dt.date,
    end: dt.date,
    types: Collection[str],
    layers: Collection[str],
    select: tuple[str, str] | None,
    lang: str,
    map_view: MapView | None = None,
    period: str | None = None,
) -> dict[str, str]:
    """The query string for a view (only what differs from an empty default is left out).

    ``period`` (a `geo.filters.PERIODS` name) is written only while the dates are
    still that period's: after the slider moved, the dates say it all.
    """
    query = {"from": start.isoformat(), "to": end.isoformat()}
    if types:
        query["types"] = ",".join(sorted(types))
    query["layers"] = ",".join(layers)
    if select:
        query["select"] = select[1]
    if lang != "en":
        query["lang"] = lang
    if map_view is not None:
        query["center"] = f"{map_view.lat:.4f},{map_view.lon:.4f}"
        query["zoom"] = f"{map_view.zoom:g}"
    if period in PERIODS and PERIODS[period] == (start, end):
        query["period"] = period_slug(period)
    return query
