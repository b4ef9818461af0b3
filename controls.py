"""The sidebar: widgets read into `geo` values, and the shareable link kept in step.

Streamlit code (like app.py); everything it computes comes from `geo`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from geo.filters import PERIODS, Filters, shift_range
from geo.i18n import LANGUAGES, N_, t
from geo.load import Dataset
from geo.map import DEFAULT_LAYERS, LAYER_NAMES
from geo.permalink import MapView, parse_query, to_query
from geo.search import search_places
from geo.view import event_location
from geo.vocabulary import ACTORS, COLOUR_BY, EVENT_TYPES, TRIGGERS
from state import Page, page

__all__ = [
    "current_filters", "fly_to", "hold_map_view", "narrow_dates", "note_map_view", "restore_from_link",
    "select_event", "set_range", "sidebar", "update_link",
]

FLY_ZOOM = 10.0  # the least zoom the map flies to an event or place at


def fly_to(lat: float, lon: float, *, zoom_at_least: float = FLY_ZOOM) -> None:
    """Send the map to ``(lat, lon)``, zoomed in to at least ``zoom_at_least``."""
    shown = page.map_view
    target = MapView(lat, lon, max(shown.zoom if shown else 0.0, zoom_at_least))
    last = page.map_target
    # st_folium moves the map only when its centre or zoom argument changes: a target equal
    # to the last one (the user has panned away since) is nudged by a sub-millimetre amount
    if last and (last.lat, last.lon) == (target.lat, target.lon):
        target = MapView(target.lat + 1e-7, target.lon, target.zoom)
    if last and last.zoom == target.zoom:
        target = MapView(target.lat, target.lon, target.zoom + 1e-7)
    page.map_target = target


def narrow_dates(start: dt.date, end: dt.date) -> None:
    """Narrow the date range to ``start``–``end`` (within the range shown) from elsewhere on
    the page, a brush on the timeline: the slider, the map and the link follow."""
    low, high = page.range
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
    page.range = (start, end)
    page.range_version = page.range_version + 1


def _on_slider(key: str) -> None:
    start, end = page.widget(key)
    page.range = (start, end)


def select_event(event_id: str, events: pd.DataFrame, places: pd.DataFrame) -> None:
    """Select an event (its details open) and fly the map to it, when it has a located place."""
    page.selected = ("event", event_id)
    where = event_location(event_id, events, places)
    if where:
        fly_to(*where)


def note_map_view(returned: dict[str, Any]) -> None:
    """Remember the map's position as it reported it (``center``, ``zoom``), for the link."""
    center, zoom = returned.get("center"), returned.get("zoom")
    if isinstance(center, dict) and "lat" in center and "lng" in center and zoom is not None:
        page.map_view = MapView(float(center["lat"]), float(center["lng"]), float(zoom))


def hold_map_view() -> None:
    """Keep the map where the user left it across a change that rebuilds the map (its
    layers, its language): the new map opens at the last position it reported."""
    if page.map_view:
        page.map_target = page.map_view


def _typed_dates(span: tuple[dt.date, dt.date], keys: tuple[str, str]) -> None:
    start, end = page.widget(keys[0]), page.widget(keys[1])
    if start is None or end is None:  # a box left empty: keep the range
        return
    set_range(max(min(start, end), span[0]), min(max(start, end), span[1]))


def _shift_period(step: int, span: tuple[dt.date, dt.date]) -> None:
    start, end = page.range
    set_range(*shift_range(start, end, step, span=span))


WHOLE_RECORD = N_("Whole record")


# The option widgets whose options are shown translated.
_COLOUR_LABELS = {"type": N_("type of event"), "trigger": N_("trigger (what started it)")}
_TRANSLATED_OPTIONS = tuple(e.key for e in (Page.period, Page.types, Page.triggers, Page.actors, Page.layers))


def _on_language() -> None:
    """After a language switch, set the translated option widgets to their own values again.

    The browser holds a selection as its shown text ("Весь период"), which the new
    language's options no longer contain: sent back as it is, it would stay in the old
    language. Set from here, the value goes to the browser in the new language's text.
    """
    for key in _TRANSLATED_OPTIONS:
        page.keep(key)
    hold_map_view()  # the map is rebuilt in the new language where the reader left it


def _set_period(span: tuple[dt.date, dt.date]) -> None:
    choice = page.period
    set_range(*(span if choice == WHOLE_RECORD else PERIODS[choice]))


def restore_from_link(dataset: Dataset, span: tuple[dt.date, dt.date]) -> None:
    """On a session's first run, set the widgets from the URL (see geo.permalink); ``span``
    as in `sidebar`."""
    if page.restored:
        return
    # Every value of a repeated key (to_dict() would keep only the last one).
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    link = parse_query(params, dataset, span=span, layer_keys=LAYER_NAMES)
    page.restored = True
    page.range = (link.start or span[0], link.end or span[1])
    page.types = list(link.types)
    page.triggers = list(link.triggers)
    page.actors = list(link.actors)
    page.colour_by = link.colour_by
    page.layers = list(link.layers if link.layers is not None else DEFAULT_LAYERS)
    page.selected = link.select
    page.link_notes = tuple(link.notes)
    page.lang = link.lang
    # the map's last reported position (for the link) and where it is sent (st_folium)
    page.map_view = link.map_view
    page.map_target = link.map_view
    page.period = link.period or WHOLE_RECORD


def update_link(filters: Filters) -> None:
    st.query_params.from_dict(
        to_query(
            start=filters.start, end=filters.end, types=filters.types,
            layers=page.layers, select=page.selected,
            lang=page.lang, map_view=page.map_view,
            period=page.period,
            triggers=filters.triggers, actors=filters.actors,
            colour_by=page.colour_by,
        )
    )


def current_filters() -> Filters:
    """The filters the sidebar's widgets hold, read before the widgets are drawn.

    Every filter widget is keyed, so its value is in the session state at the start of
    each run (set from the link on the first). The page can then put the map out first and
    draw the sidebar after it: the browser starts loading the map's frame before the
    widgets' own code, instead of after it.
    """
    start, end = page.range
    return Filters(
        start=start, end=end, types=frozenset(page.types),
        triggers=frozenset(page.triggers),
        actors=frozenset(page.actors),
    )


def _date_controls(span: tuple[dt.date, dt.date], lang: str) -> None:
    """The slider, the typed dates and the earlier/later buttons, showing `page.range`."""
    version = page.range_version
    start, end = page.range
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


def _overlay_box(lang: str) -> None:
    """The upload of a reader's own events, in a closed panel."""
    overlay_box = st.sidebar.expander(
        t("Overlay your own events", lang), key="overlay_open", on_change="rerun"
    )
    with overlay_box:
        # Built only while open, or while a file is loaded (so closing the panel keeps the
        # overlay): the upload widget's code is the heaviest of the sidebar's, and loading it
        # at every page open cost the map ~0.3 s (README, Offline and how fast).
        if overlay_box.open or page.upload is not None:
            st.file_uploader(
                t("CSV: atlas schema with latitude/longitude, an ACLED export, or UCDP GED; at most "
                  "10 MB; read in memory, never stored", lang), type=["csv"], key=Page.upload.key,
            )


def sidebar(dataset: Dataset, span: tuple[dt.date, dt.date]) -> None:
    """Draw the sidebar's widgets (their values are read by `current_filters`); ``span`` is
    `geo.filters.record_span` of ``dataset``, taken once per dataset by the page."""
    st.sidebar.radio(
        "Language / Язык / Тил / Забон", list(LANGUAGES), format_func=LANGUAGES.get, key=Page.lang.key,
        horizontal=True, on_change=_on_language,
    )
    lang = page.lang
    st.sidebar.header(t("Filters", lang))
    st.sidebar.selectbox(
        t("Jump to a period", lang),
        [WHOLE_RECORD, *PERIODS],
        format_func=lambda p: t(p, lang),
        key=Page.period.key,
        on_change=_set_period,
        args=(span,),
    )
    _date_controls(span, lang)
    st.sidebar.multiselect(
        t("Event types (none selected = all)", lang),
        list(EVENT_TYPES),
        format_func=lambda code: t(EVENT_TYPES[code].label, lang),
        key=Page.types.key, placeholder=t("Choose options", lang),
    )
    with st.sidebar.expander(t("Why and who: trigger, actors", lang)):
        st.multiselect(
            t("What started it (as the sources say; none selected = all)", lang), list(TRIGGERS),
            format_func=lambda code: t(TRIGGERS[code], lang), key=Page.triggers.key,
            placeholder=t("Choose options", lang),
        )
        st.multiselect(
            t("Who took part (forces, residents, third parties; none selected = all)", lang), list(ACTORS),
            format_func=lambda code: t(ACTORS[code].label, lang), key=Page.actors.key,
            placeholder=t("Choose options", lang),
        )
        st.radio(
            t("Colour the events by", lang), list(COLOUR_BY), key=Page.colour_by.key, horizontal=True,
            format_func=lambda choice: t(_COLOUR_LABELS[choice], lang),
        )
    place_finder(dataset, lang)
    st.sidebar.multiselect(
        t("Layers shown (remembered in the link)", lang), list(LAYER_NAMES),
        format_func=lambda key: t(LAYER_NAMES[key], lang), key=Page.layers.key,
        placeholder=t("Choose options", lang), on_change=hold_map_view,
        help=t("The one control of the atlas's layers; the map's own control (top right) "
               "chooses the background.", lang),
    )
    _overlay_box(lang)


def _on_find(places: pd.DataFrame) -> None:
    """Select the place found and fly the map to it (when it is located)."""
    found = page.found
    if not found:
        return
    page.selected = ("place", found)
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
    st.sidebar.radio(t("Matches", lang), list(labels), format_func=labels.get, key=Page.found.key, index=None,
                     on_change=_on_find, args=(dataset.places,))
