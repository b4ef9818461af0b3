"""The sidebar: widgets read into `geo` values, and the shareable link kept in step.

Streamlit code (like app.py); everything it computes comes from `geo`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from geo.filters import PERIODS, Filters, record_span, shift_range
from geo.i18n import LANGUAGES, N_, t
from geo.load import Dataset
from geo.map import DEFAULT_LAYERS, LAYER_NAMES
from geo.permalink import MapView, parse_query, to_query
from geo.search import search_places
from geo.view import event_location
from geo.vocabulary import ACTORS, COLOUR_BY, EVENT_TYPES, TRIGGERS

__all__ = [
    "current_filters", "fly_to", "hold_map_view", "narrow_dates", "note_map_view", "restore_from_link",
    "select_event", "set_range", "sidebar", "update_link",
]

FLY_ZOOM = 10.0  # the least zoom the map flies to an event or place at


def fly_to(lat: float, lon: float, *, zoom_at_least: float = FLY_ZOOM) -> None:
    """Send the map to ``(lat, lon)``, zoomed in to at least ``zoom_at_least``."""
    shown = st.session_state.get("map_view")
    target = MapView(lat, lon, max(shown.zoom if shown else 0.0, zoom_at_least))
    last = st.session_state.get("map_target")
    # st_folium moves the map only when its centre or zoom argument changes: a target equal
    # to the last one (the user has panned away since) is nudged by a sub-millimetre amount
    if last and (last.lat, last.lon) == (target.lat, target.lon):
        target = MapView(target.lat + 1e-7, target.lon, target.zoom)
    if last and last.zoom == target.zoom:
        target = MapView(target.lat, target.lon, target.zoom + 1e-7)
    st.session_state["map_target"] = target


def narrow_dates(start: dt.date, end: dt.date) -> None:
    """Narrow the date range to ``start``–``end`` (within the range shown) from elsewhere on
    the page, a brush on the timeline: the slider, the map and the link follow."""
    low, high = st.session_state["range"]
    start, end = max(start, low), min(end, high)
    if start <= end:
        set_range(start, end)


def set_range(start: dt.date, end: dt.date) -> None:
    """Set the date range from code (a period, a step of the period, a brush, typed dates).

    The range lives in ``range``, which no widget owns. The slider and the date boxes show it
    under keys that change whenever code sets it, so each such change gets new widgets showing
    the new range: a widget written from code went stale in the browser whenever that run was
    cut short (the map's late report rerunning the page), and its stale value came back as the
    user's, undoing the change. A drag of the slider keeps its key (no new widget mid-drag).
    """
    st.session_state["range"] = (start, end)
    st.session_state["range_version"] = st.session_state.get("range_version", 0) + 1


def _on_slider(key: str) -> None:
    st.session_state["range"] = tuple(st.session_state[key])


def select_event(event_id: str, events: pd.DataFrame, places: pd.DataFrame) -> None:
    """Select an event (its details open) and fly the map to it, when it has a located place."""
    st.session_state["selected"] = ("event", event_id)
    where = event_location(event_id, events, places)
    if where:
        fly_to(*where)


def note_map_view(returned: dict[str, Any]) -> None:
    """Remember the map's position as it reported it (``center``, ``zoom``), for the link."""
    center, zoom = returned.get("center"), returned.get("zoom")
    if isinstance(center, dict) and "lat" in center and "lng" in center and zoom is not None:
        st.session_state["map_view"] = MapView(float(center["lat"]), float(center["lng"]), float(zoom))


def hold_map_view() -> None:
    """Keep the map where the user left it across a change that rebuilds the map (its
    layers, its language): the new map opens at the last position it reported."""
    if st.session_state.get("map_view"):
        st.session_state["map_target"] = st.session_state["map_view"]


def _typed_dates(span: tuple[dt.date, dt.date], keys: tuple[str, str]) -> None:
    start, end = st.session_state.get(keys[0]), st.session_state.get(keys[1])
    if start is None or end is None:  # a box left empty: keep the range
        return
    set_range(max(min(start, end), span[0]), min(max(start, end), span[1]))


def _shift_period(step: int, span: tuple[dt.date, dt.date]) -> None:
    start, end = st.session_state["range"]
    set_range(*shift_range(start, end, step, span=span))


WHOLE_RECORD = N_("Whole record")


# The option widgets whose options are shown translated.
_COLOUR_LABELS = {"type": N_("type of event"), "trigger": N_("trigger (what started it)")}
_TRANSLATED_OPTIONS = ("period", "types", "triggers", "actors", "layers")


def _on_language() -> None:
    """After a language switch, set the translated option widgets to their own values again.

    The browser holds a selection as its shown text ("Весь период"), which the new
    language's options no longer contain: sent back as it is, it would stay in the old
    language. Set from here, the value goes to the browser in the new language's text.
    """
    for key in _TRANSLATED_OPTIONS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    hold_map_view()  # the map is rebuilt in the new language where the reader left it


def _set_period(span: tuple[dt.date, dt.date]) -> None:
    choice = st.session_state["period"]
    set_range(*(span if choice == WHOLE_RECORD else PERIODS[choice]))


def restore_from_link(dataset: Dataset) -> None:
    """On a session's first run, set the widgets from the URL (see geo.permalink)."""
    if st.session_state.get("restored"):
        return
    span = record_span(dataset)
    # Every value of a repeated key (to_dict() would keep only the last one).
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    state = parse_query(params, dataset, span=span, layer_keys=LAYER_NAMES)
    st.session_state.update(
        restored=True,
        range=(state.start or span[0], state.end or span[1]),
        types=list(state.types),
        triggers=list(state.triggers),
        actors=list(state.actors),
        colour_by=state.colour_by,
        layers=list(state.layers if state.layers is not None else DEFAULT_LAYERS),
        selected=state.select,
        link_notes=state.notes,
        lang=state.lang,
        # the map's last reported position (for the link) and where it is sent (st_folium)
        map_view=state.map_view,
        map_target=state.map_view,
        period=state.period or "Whole record",
    )


def update_link(filters: Filters) -> None:
    st.query_params.from_dict(
        to_query(
            start=filters.start, end=filters.end, types=filters.types,
            layers=st.session_state["layers"], select=st.session_state.get("selected"),
            lang=st.session_state.get("lang", "en"), map_view=st.session_state.get("map_view"),
            period=st.session_state.get("period"),
            triggers=filters.triggers, actors=filters.actors,
            colour_by=st.session_state.get("colour_by", "type"),
        )
    )


def current_filters() -> Filters:
    """The filters the sidebar's widgets hold, read before the widgets are drawn.

    Every filter widget is keyed, so its value is in the session state at the start of
    each run (set from the link on the first). The page can then put the map out first and
    draw the sidebar after it: the browser starts loading the map's frame before the
    widgets' own code, instead of after it.
    """
    start, end = st.session_state["range"]
    return Filters(
        start=start, end=end, types=frozenset(st.session_state["types"]),
        triggers=frozenset(st.session_state.get("triggers", ())),
        actors=frozenset(st.session_state.get("actors", ())),
    )


def sidebar(dataset: Dataset) -> None:
    """Draw the sidebar's widgets (their values are read by `current_filters`)."""
    span = record_span(dataset)
    st.sidebar.radio(
        "Language / Язык / Тил / Забон", list(LANGUAGES), format_func=LANGUAGES.get, key="lang",
        horizontal=True, on_change=_on_language,
    )
    lang = st.session_state["lang"]
    st.sidebar.header(t("Filters", lang))
    st.sidebar.selectbox(
        t("Jump to a period", lang),
        [WHOLE_RECORD, *PERIODS],
        format_func=lambda p: t(p, lang),
        key="period",
        on_change=_set_period,
        args=(span,),
    )
    version = st.session_state.get("range_version", 0)
    start, end = st.session_state["range"]
    slider_key = f"dates:{version}"
    st.sidebar.slider(
        t("Dates", lang), min_value=span[0], max_value=span[1], value=(start, end), key=slider_key,
        # the slider's month names would be English: other languages get numeric dates
        format="D MMM YYYY" if lang == "en" else "DD.MM.YYYY",
        on_change=_on_slider, args=(slider_key,),
    )
    # typed dates under the slider, one above the other (side by side, each box cut its date
    # short); keyed by the range they show, so a box never holds a range the page has left
    boxes = (f"date_from:{version}:{start}:{end}", f"date_to:{version}:{start}:{end}")
    st.sidebar.date_input(t("From", lang), value=start, min_value=span[0], max_value=span[1], key=boxes[0],
                          format="YYYY-MM-DD", on_change=_typed_dates, args=(span, boxes))
    st.sidebar.date_input(t("To", lang), value=end, min_value=span[0], max_value=span[1], key=boxes[1],
                          format="YYYY-MM-DD", on_change=_typed_dates, args=(span, boxes))
    back, forward = st.sidebar.columns(2)
    back.button(t("◀ Earlier", lang), key="period_back", on_click=_shift_period, args=(-1, span),
                width="stretch", help=t("Move the range back by its own length", lang))
    forward.button(t("Later ▶", lang), key="period_forward", on_click=_shift_period, args=(1, span),
                   width="stretch", help=t("Move the range forward by its own length", lang))
    st.sidebar.multiselect(
        t("Event types (none selected = all)", lang),
        list(EVENT_TYPES),
        format_func=lambda code: t(EVENT_TYPES[code].label, lang),
        key="types", placeholder=t("Choose options", lang),
    )
    with st.sidebar.expander(t("Why and who: trigger, actors", lang)):
        st.multiselect(
            t("What started it (as the sources say; none selected = all)", lang), list(TRIGGERS),
            format_func=lambda code: t(TRIGGERS[code], lang), key="triggers",
            placeholder=t("Choose options", lang),
        )
        st.multiselect(
            t("Who took part (forces, residents, third parties; none selected = all)", lang), list(ACTORS),
            format_func=lambda code: t(ACTORS[code].label, lang), key="actors",
            placeholder=t("Choose options", lang),
        )
        st.radio(
            t("Colour the events by", lang), list(COLOUR_BY), key="colour_by", horizontal=True,
            format_func=lambda choice: t(_COLOUR_LABELS[choice], lang),
        )
    place_finder(dataset, lang)
    st.sidebar.multiselect(
        t("Layers shown (remembered in the link)", lang), list(LAYER_NAMES),
        format_func=lambda key: t(LAYER_NAMES[key], lang), key="layers",
        placeholder=t("Choose options", lang), on_change=hold_map_view,
        help=t("The one control of the atlas's layers; the map's own control (top right) "
               "chooses the background.", lang),
    )
    overlay_box = st.sidebar.expander(
        t("Overlay your own events", lang), key="overlay_open", on_change="rerun"
    )
    with overlay_box:
        # Built only while open, or while a file is loaded (so closing the panel keeps the
        # overlay): the upload widget's code is the heaviest of the sidebar's, and loading it
        # at every page open cost the map ~0.3 s (README, Offline and how fast).
        if overlay_box.open or st.session_state.get("upload") is not None:
            st.file_uploader(
                t("CSV: atlas schema with latitude/longitude, an ACLED export, or UCDP GED; at most "
                  "10 MB; read in memory, never stored", lang), type=["csv"], key="upload",
            )


def _on_find(places: pd.DataFrame) -> None:
    """Select the place found and fly the map to it (when it is located)."""
    found = st.session_state.get("found")
    if not found:
        return
    st.session_state["selected"] = ("place", found)
    where = places.loc[places["place_id"] == found, "geometry"]
    if len(where) and where.iloc[0] is not None and not where.iloc[0].is_empty:
        fly_to(where.iloc[0].y, where.iloc[0].x)


def place_finder(dataset: Dataset, lang: str) -> None:
    label = t("Find a place (any spelling, Latin or Cyrillic)", lang)
    query = st.sidebar.text_input(label, key="place_query")
    if not query:
        return
    matches = search_places(dataset.places, query)
    if matches.empty:
        st.sidebar.caption(t("No place matches that spelling.", lang))
        return
    labels = {r.place_id: f"{r.name}" + (f" ({r.matched})" if r.matched != r.name else "")
              for r in matches.itertuples()}
    st.sidebar.radio(t("Matches", lang), list(labels), format_func=labels.get, key="found", index=None,
                     on_change=_on_find, args=(dataset.places,))
