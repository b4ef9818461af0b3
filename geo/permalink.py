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

from geo.errors import shown
from geo.filters import PERIODS
from geo.i18n import LANGUAGES as _NAMES
from geo.i18n import N_, Message
from geo.load import Dataset
from geo.vocabulary import ACTORS, COLOUR_BY, EVENT_TYPES, TRIGGERS

__all__ = ["LANGUAGES", "MapView", "ViewState", "find_feature", "parse_query", "period_slug", "to_query"]

LANGUAGES = tuple(_NAMES)  # the link's ``lang=``: en, ru, ky, tg
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
    triggers: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    colour_by: str = "type"


_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# The keys a link may hold; anything else is named in a note.
_KEYS = (
    "from", "to", "types", "triggers", "actors", "layers", "select", "lang", "center", "zoom", "period",
    "colour",
)


def _short(text: str, limit: int = 60) -> str:
    """``text`` as given, cut to a bounded prefix (a link can be very long)."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def _values(params: Mapping[str, str | list[str]], name: str) -> list[str]:
    value = params.get(name)
    if value is None:
        return []
    return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]


def _first(params: Mapping[str, str | list[str]], name: str, notes: list[str]) -> str | None:
    values = _values(params, name)
    if len(values) > 1:
        notes.append(Message(N_("'{name}' is given {count} times; the first ({first}) is used"),
                             name=name, count=len(values), first=shown(values[0])))
    return values[0] if values else None


def _date(text: str | None, name: str, notes: list[str]) -> dt.date | None:
    if not text:
        return None
    try:
        if not _DATE_RE.match(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        notes.append(Message(
            N_("'{name}={text}' is not a date (YYYY-MM-DD); ignored"),
            name=name, text=_short(text),
        ))
        return None


def _clamped(
    start: dt.date | None, end: dt.date | None, span: tuple[dt.date, dt.date], notes: list[str]
) -> tuple[dt.date | None, dt.date | None]:
    if start and start < span[0]:
        notes.append(Message(
            N_("'from' ({date}) is before the record starts; {used} used"),
            date=start, used=span[0],
        ))
        start = span[0]
    if start and start > span[1]:
        notes.append(Message(
            N_("'from' ({date}) is after the record ends; {used} used"),
            date=start, used=span[1],
        ))
        start = span[1]
    if end and end > span[1]:
        notes.append(Message(
            N_("'to' ({date}) is after the record ends; {used} used"),
            date=end, used=span[1],
        ))
        end = span[1]
    if end and end < span[0]:
        notes.append(Message(
            N_("'to' ({date}) is before the record starts; {used} used"),
            date=end, used=span[0],
        ))
        end = span[0]
    return start, end


def _listed(params: Mapping[str, str | list[str]], name: str, notes: list[str]) -> list[str] | None:
    """Comma-separated codes; a repeated key's values are all used (``types=a&types=b``)."""
    values = _values(params, name)
    if not values:
        return None
    if len(values) > 1:
        notes.append(Message(N_("'{name}' is given {count} times; the values of all are used"),
                             name=name, count=len(values)))
    return [code for value in values for code in value.split(",") if code]


def _codes(
    params: Mapping[str, str | list[str]], name: str, known: Collection[str], notes: list[str]
) -> tuple[str, ...]:
    codes = _listed(params, name, notes) or []
    unknown = [c for c in codes if c not in known]
    if unknown:
        notes.append(Message(N_("unknown {name} {values}; ignored"), name=name, values=", ".join(unknown)))
    return tuple(c for c in codes if c in known)


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


def _dates(
    params: Mapping[str, str | list[str]], span: tuple[dt.date, dt.date], notes: list[str]
) -> tuple[dt.date | None, dt.date | None]:
    """``from`` and ``to``, clamped to ``span``; both dropped when they are in the wrong order."""
    start = _date(_first(params, "from", notes), "from", notes)
    end = _date(_first(params, "to", notes), "to", notes)
    start, end = _clamped(start, end, span, notes)
    if start and end and end < start:
        notes.append(Message(
            N_("'to' ({end}) is before 'from' ({start}); dates ignored"),
            end=end, start=start,
        ))
        start = end = None
    return start, end


def _layers(
    params: Mapping[str, str | list[str]], layer_keys: Collection[str], notes: list[str]
) -> tuple[str, ...] | None:
    """The known layers named (None: the default layers)."""
    layer_codes = _listed(params, "layers", notes)
    layers = None if layer_codes is None else tuple(dict.fromkeys(k for k in layer_codes if k in layer_keys))
    unknown_layers = [k for k in layer_codes or () if k not in layer_keys]
    if unknown_layers:
        notes.append(Message(
            N_("unknown layer(s) {values}; ignored"),
            values=_short(", ".join(unknown_layers)),
        ))
    if unknown_layers and not layers:
        notes.append(Message(N_("no known layer named; the default layers are shown")))
        layers = None
    return layers


def parse_query(
    params: Mapping[str, str | list[str]],
    dataset: Dataset,
    *,
    span: tuple[dt.date, dt.date],
    layer_keys: Collection[str],
) -> ViewState:
    """Read a query string into a `ViewState`, clamping dates to ``span``.

    ``params`` maps each key to its value or to all its values (a repeated key).
    Every value ignored or adjusted gets a note in ``notes``, echoing at most a
    bounded prefix of what was given.
    """
    notes: list[str] = []
    unknown_keys = [k for k in params if k not in _KEYS]
    if unknown_keys:
        notes.append(Message(N_("unknown part(s) of the link {values}; ignored"),
                             values=_short(", ".join(unknown_keys))))
    start, end = _dates(params, span, notes)
    types = tuple(dict.fromkeys(_listed(params, "types", notes) or ()))
    unknown = [t for t in types if t not in EVENT_TYPES]
    if unknown:
        notes.append(Message(
            N_("unknown event type(s) {values}; ignored"),
            values=_short(", ".join(unknown)),
        ))
    layers = _layers(params, layer_keys, notes)
    select_text = _first(params, "select", notes)
    select = find_feature(dataset, select_text) if select_text else None
    if select_text and select is None:
        notes.append(Message(
            N_("nothing with the id '{value}'; no feature selected"),
            value=_short(select_text),
        ))
    lang = _first(params, "lang", notes) or "en"
    if lang not in LANGUAGES:
        notes.append(Message(N_("language '{value}' is not available; English shown"), value=_short(lang)))
        lang = "en"
    triggers = _codes(params, "triggers", TRIGGERS, notes)
    actors = _codes(params, "actors", ACTORS, notes)
    colour_by = _first(params, "colour", notes) or "type"
    if colour_by not in COLOUR_BY:
        notes.append(Message(N_("'colour={value}' is not one of {choices}; events coloured by type"),
                             value=shown(colour_by), choices=", ".join(COLOUR_BY)))
        colour_by = "type"
    period = _period(_first(params, "period", notes), notes)
    if period and start is None and end is None:
        start, end = PERIODS[period]
    return ViewState(
        triggers=triggers,
        actors=actors,
        colour_by=colour_by,
        start=start,
        end=end,
        types=tuple(t for t in types if t in EVENT_TYPES),
        layers=layers,
        select=select,
        lang=lang,
        map_view=_map_view(_first(params, "center", notes), _first(params, "zoom", notes), notes),
        period=period,
        notes=tuple(notes),
    )


def _period(text: str | None, notes: list[str]) -> str | None:
    if not text:
        return None
    if text not in _PERIOD_BY_SLUG:
        notes.append(Message(N_("unknown period '{value}'; ignored"), value=text))
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
        notes.append(Message(
            N_("'center={center}&zoom={zoom}' is not a map position (center=lat,lon&zoom=z); ignored"),
            center=center, zoom=zoom,
        ))
        return None
    if not all(math.isfinite(v) for v in (lat, lon, level)) or not (
        -90 <= lat <= 90 and -180 <= lon <= 180 and ZOOMS[0] <= level <= ZOOMS[1]
    ):
        notes.append(Message(N_("map position {lat},{lon} zoom {zoom} is off the map; ignored"),
                             lat=lat, lon=lon, zoom=level))
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
    triggers: Collection[str] = (),
    actors: Collection[str] = (),
    colour_by: str = "type",
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
    for name, codes in (("triggers", triggers), ("actors", actors)):
        if codes:
            query[name] = ",".join(sorted(codes))
    if colour_by != "type":
        query["colour"] = colour_by
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
