"""The selected event: the picker, the steps to the previous and next event, and the walk.

Streamlit code (like app.py and controls.py); what it computes comes from `geo`.
"""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from controls import select_event
from geo.details import details_for
from geo.filters import Filters
from geo.i18n import format_date, format_number, t
from geo.load import Dataset
from geo.search import search_events
from geo.timeline import PICKER_ROWS
from geo.uploads import Overlay, overlay_details
from geo.view import View, step_event
from panels import show_details
from state import page

__all__ = ["PLAY_SECONDS", "advance_walk", "show_selection", "step_now"]

PLAY_SECONDS = 4.0  # how long the walk through the range shows each event


def step_now(events: pd.DataFrame, places: pd.DataFrame, step: int) -> None:
    """Select the event ``step`` places from the selected one, by date, and fly the map to it."""
    selected = page.selected
    current = selected[1] if selected and selected[0] == "event" else None
    chosen = step_event(events, current, step)
    if chosen is not None:
        select_event(chosen, events, places)


def _toggle_play() -> None:
    page.playing = not page.playing
    page.played_at = 0.0  # the first step comes at once


def _play_tick(last_event: str | None) -> None:
    """One beat of the walk: ask the page for the next event, or stop after the last one.

    The fragment also runs inside every full run of the page (that is how a fragment is
    drawn); it acts only when a beat has passed since the last step, so a step's own rerun
    never steps again.
    """
    if not page.playing:
        return
    if time.monotonic() - page.played_at < PLAY_SECONDS * 0.9:
        return
    selected = page.selected
    if last_event is None or selected == ("event", last_event):
        page.playing = False  # the walk has reached the end of the range
    else:
        page.advance = True
    st.rerun()


def play_controls(events: pd.DataFrame, lang: str) -> None:
    """The play / pause button of the walk through the range, and its beat.

    A walk steps to the next event of the range every `PLAY_SECONDS` (a timed fragment asks the
    page to step; the page steps before its widgets are drawn, see `advance_walk`), flying the
    map there and opening its details, and stops after the last event.
    """
    playing = bool(page.playing)
    label = t("⏸ Pause", lang) if playing else t("▶ Play", lang)
    st.button(label, key="play", on_click=_toggle_play, width="stretch", disabled=events.empty,
              help=t("Steps through the events of the range, one every {n} seconds.", lang).format(
                  n=f"{PLAY_SECONDS:g}"))
    if playing:
        last = str(events["event_id"].iloc[-1]) if not events.empty else None
        st.fragment(_play_tick, run_every=PLAY_SECONDS)(last)


def advance_walk(events: pd.DataFrame, places: pd.DataFrame) -> None:
    """Take the walk's pending step, if any: called before the page's widgets are drawn."""
    if page.advance:
        del page.advance
        page.played_at = time.monotonic()
        step_now(events, places, 1)


def _on_pick(key: str) -> None:
    if chosen := page.widget(key):
        page.selected = ("event", chosen)


def show_selection(
    dataset: Dataset, view: View, mine: Overlay | None, filters: Filters,
    selected: tuple[str, str] | None, lang: str,
) -> None:
    """The event picker and the details of the selected feature."""
    back, play, forward = st.columns(3)
    back.button(t("◀ Previous", lang), key="event_back", on_click=step_now,
                args=(view.events, dataset.places, -1), width="stretch", disabled=view.events.empty,
                help=t("The previous event of the range, by date", lang))
    with play:
        play_controls(view.events, lang)
    forward.button(t("Next ▶", lang), key="event_forward", on_click=step_now,
                   args=(view.events, dataset.places, 1), width="stretch", disabled=view.events.empty,
                   help=t("The next event of the range, by date", lang))
    query = st.text_input(t("Find an event by words of its title", lang), key="event_query",
                          placeholder=t("e.g. Vorukh water", lang))
    found = search_events(view.events, query)
    listed = found.iloc[:PICKER_ROWS]
    event_ids = list(listed["event_id"])
    # labelled by its start date (an id's first characters are not always a date), in date order
    titles = {
        event_id: f"{format_date(start, lang)} · {title}"
        for event_id, start, title in zip(
            listed["event_id"], listed["date_start"], listed["title"], strict=True
        )
    }
    current = selected[1] if selected and selected[0] == "event" and selected[1] in titles else None
    # The picker shows the selection, which a step, a map click or a link also set. Its key
    # follows the selection, so each selection gets a new picker showing it: a picker written
    # from code went stale in the browser whenever that run was cut short (a map's late report
    # rerunning the page), and its stale value came back as a "pick", undoing the step.
    key = f"pick:{current or ''}"
    st.selectbox(
        t("Event details (or click a feature on the map)", lang), event_ids, key=key,
        index=event_ids.index(current) if current else None,
        format_func=titles.__getitem__, placeholder=t("Choose an event…", lang),
        on_change=_on_pick, args=(key,),
    )
    if query.strip() and found.empty:
        st.caption(t("No event of the range has those words in its title.", lang))
    elif len(found) > PICKER_ROWS:
        # "entries": the list holds the records of totals over several events too, which the
        # summary sentence does not count among the events
        st.caption(t("The list holds the first {shown} of {total} entries (events and records of totals), "
                     "by date: add words, narrow the dates or types to reach the others, or click the map.",
                     lang).format(
            shown=PICKER_ROWS, total=format_number(len(found), lang)))
    if selected and selected[0] == "upload":
        details = overlay_details(mine, selected[1]) if mine else None
    elif selected:
        details = details_for(
            dataset, *selected, events_in_range=view.events, when=filters.end, lang=lang
        )
    else:
        details = None
    if details:
        show_details(details, lang)
    else:
        st.info(t(
            "Click an event, place, enclave or border segment on the map to see its details and sources.",
            lang,
        ))
