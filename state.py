"""The page's state across reruns, as one typed object: ``page``.

Streamlit keeps a session's values in ``st.session_state``, a dict keyed by strings. Here each
key the page uses is an attribute with its type and default, so a misspelt key is an
``AttributeError`` (and a mypy error), not a silent new key, and a reader finds every piece of
state in one place. Widgets own some of the keys (the value is what the reader chose: give the
widget ``key=Page.lang.key``); the page owns the rest (the selection, the date range, where the
map is sent …). Keys made per value (the event picker's ``pick:<id>``, the slider's
``dates:<version>``) are read with `Page.widget`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, overload

import streamlit as st

from geo.permalink import MapView

if TYPE_CHECKING:
    from geo.uploads import Overlay

__all__ = ["Page", "page"]

T = TypeVar("T")
_REQUIRED: Any = object()  # no default: reading before the page has set it is a KeyError


class _Entry(Generic[T]):
    """One key of the session state, typed, with its default."""

    def __init__(self, default: T = _REQUIRED) -> None:
        self.default = default
        self.key = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = name

    @overload
    def __get__(self, obj: None, owner: type) -> _Entry[T]: ...

    @overload
    def __get__(self, obj: Page, owner: type) -> T: ...

    def __get__(self, obj: Page | None, owner: type) -> _Entry[T] | T:
        if obj is None:
            return self
        if self.default is _REQUIRED:
            return cast(T, st.session_state[self.key])
        return cast(T, st.session_state.get(self.key, self.default))

    def __set__(self, obj: Page, value: T) -> None:
        st.session_state[self.key] = value

    def __delete__(self, obj: Page) -> None:
        st.session_state.pop(self.key, None)


class Page:
    """Every key of the page's session state (see the module's docstring)."""

    # ---- the page's own
    restored: _Entry[bool] = _Entry(False)  # the link has been read (once per session)
    link_notes: _Entry[tuple[str, ...]] = _Entry(())  # what the link held that could not be used
    selected: _Entry[tuple[str, str] | None] = _Entry(None)  # (kind, id) of the feature shown
    range: _Entry[tuple[dt.date, dt.date]] = _Entry()  # the dates shown; no widget owns it
    range_version: _Entry[int] = _Entry(0)  # a new slider and date boxes at each set from code
    map_view: _Entry[MapView | None] = _Entry(None)  # where the map last reported it was
    map_target: _Entry[MapView | None] = _Entry(None)  # where the map is sent
    last_drawing: _Entry[Any] = _Entry(None)  # the map's last click, to tell a new one
    overlay: _Entry[tuple[Any, Overlay] | None] = _Entry(None)  # the upload read, by its file id
    playing: _Entry[bool] = _Entry(False)  # the walk through the range is playing
    played_at: _Entry[float] = _Entry(0.0)  # when it last stepped (time.monotonic)
    advance: _Entry[bool] = _Entry(False)  # a step of the walk is due at the start of the run
    # ---- owned by widgets
    lang: _Entry[str] = _Entry("en")
    period: _Entry[str] = _Entry("Whole record")
    types: _Entry[list[str]] = _Entry()
    triggers: _Entry[list[str]] = _Entry([])
    actors: _Entry[list[str]] = _Entry([])
    colour_by: _Entry[str] = _Entry("type")
    layers: _Entry[list[str]] = _Entry()
    upload: _Entry[Any] = _Entry(None)  # st.file_uploader's UploadedFile
    found: _Entry[str | None] = _Entry(None)  # the place chosen among a search's matches
    atlas: _Entry[dict[str, Any] | None] = _Entry(None)  # st_folium's report of the map
    timeline_chart: _Entry[Any] = _Entry(None)  # the timeline's brush
    events_table: _Entry[Any] = _Entry(None)  # the events table's selected row

    @staticmethod
    def widget(key: str) -> Any:
        """The value of a widget keyed per value (``pick:<id>``, ``dates:<version>``), or None."""
        return st.session_state.get(key)

    @staticmethod
    def keep(key: str) -> None:
        """Set a widget's value to itself: sent to the browser again (in a new language)."""
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


page = Page()
