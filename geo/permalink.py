"""The shareable view: the URL query string that holds and restores the page state.

``?from=2022-09-14&to=2022-09-17&types=shelling,armed_clash&select=<id>&lang=ru``
opens the app on those days, with those event types, that feature's details and
that language. Parsing never fails: a value that cannot be used is ignored and
reported in `ViewState.notes`, so a mistyped link still opens the app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from geo.i18n import LANGUAGES as _NAMES
from geo.load import Dataset
from geo.vocabulary import ACTORS, EVENT_TYPES, TRIGGERS

__all__ = ["LANGUAGES", "ViewState", "find_feature", "parse_query", "to_query"]

LANGUAGES = tuple(_NAMES)  # the link's ``lang=``: en, ru, ky, tg


@dataclass(frozen=True)
class ViewState:
    """What a link can say about the view (None: not given)."""

    start: dt.date | None = None
    end: dt.date | None = None
    types: tuple[str, ...] = ()
    layers: tuple[str, ...] | None = None
    select: tuple[str, str] | None = None
    lang: str = "en"
    notes: tuple[str, ...] = field(default_factory=tuple)
    triggers: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


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


def _codes(
    params: Mapping[str, str | list[str]], name: str, known: Collection[str], notes: list[str]
) -> tuple[str, ...]:
    codes = tuple(c for c in (_first(params.get(name)) or "").split(",") if c)
    unknown = [c for c in codes if c not in known]
    if unknown:
        notes.append(f"unknown {name} {', '.join(unknown)}; ignored")
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
    layers_text = _first(params.get("layers"))
    layers = None if layers_text is None else tuple(k for k in layers_text.split(",") if k in layer_keys)
    select_text = _first(params.get("select"))
    select = find_feature(dataset, select_text) if select_text else None
    if select_text and select is None:
        notes.append(f"nothing with the id '{select_text}'; no feature selected")
    lang = _first(params.get("lang")) or "en"
    if lang not in LANGUAGES:
        notes.append(f"language '{lang}' is not available; English shown")
        lang = "en"
    triggers = _codes(params, "triggers", TRIGGERS, notes)
    actors = _codes(params, "actors", ACTORS, notes)
    return ViewState(
        triggers=triggers,
        actors=actors,
        start=start,
        end=end,
        types=tuple(t for t in types if t in EVENT_TYPES),
        layers=layers,
        select=select,
        lang=lang,
        notes=tuple(notes),
    )


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
) -> dict[str, str]:
    """The query string for a view (only what differs from an empty default is left out)."""
    query = {"from": start.isoformat(), "to": end.isoformat()}
    if types:
        query["types"] = ",".join(sorted(types))
    for name, codes in (("triggers", triggers), ("actors", actors)):
        if codes:
            query[name] = ",".join(sorted(codes))
    query["layers"] = ",".join(layers)
    if select:
        query["select"] = select[1]
    if lang != "en":
        query["lang"] = lang
    return query
