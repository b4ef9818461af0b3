"""Streamlit's browser protocol, the messages only (no network: see `scripts.load.session`).

A Streamlit page talks to its server over one WebSocket, ``/_stcore/stream``, in protobuf
messages that ship with the ``streamlit`` package (``streamlit.proto``). The browser sends a
`BackMsg`; its ``rerun_script`` holds the page's query string and the state of the widgets
the reader has set, and the server answers with `ForwardMsg` s: the new session, one delta
per element drawn (widgets carry their id, label and options), and ``script_finished``.

This module builds the `BackMsg` s a browser sends and reads the `ForwardMsg` s of one script
run into a `Run`: which widgets the page drew (found by their ``key``), which messages the
reader may keep by hash (a browser does, so the server sends only a reference the next time),
and whether the run ended well. Widget values are sent as Streamlit's own frontend sends them:
a slider's as floats (dates in microseconds since the epoch), a selectbox's and a
multiselect's as their options' labels, an expander's as open or closed, a file uploader's as
the files uploaded through ``/_stcore/upload_file``, a component's (the map's) as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileURLs, UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

__all__ = [
    "Run",
    "Widget",
    "component_state",
    "expander_state",
    "file_urls_request",
    "multiselect_state",
    "read_message",
    "rerun_message",
    "selectbox_state",
    "slider_state",
    "uploader_state",
    "widget_key",
]

# Streamlit names a widget "$$ID-<hash>-<user key>" ("None" when it has no key).
_ID_PREFIX = "$$ID-"
# The element kinds whose id, label and options the load generator reads.
_WIDGET_KINDS = frozenset({
    "slider", "selectbox", "multiselect", "radio", "date_input", "text_input", "button",
    "file_uploader", "checkbox", "component_instance",
})
# The script ran to its end (other values: a compile error, stopped early for a new run).
FINISHED = ForwardMsg.FINISHED_SUCCESSFULLY


def widget_key(widget_id: str) -> str | None:
    """The ``key=`` a widget was given in the app, read from its id; None without one.

    >>> widget_key("$$ID-37668f98ca287d478e548f3315849e2f-lang")
    'lang'
    """
    if not widget_id.startswith(_ID_PREFIX):
        return None
    _, _, key = widget_id[len(_ID_PREFIX):].partition("-")
    return key if key and key != "None" else None


@dataclass(frozen=True)
class Widget:
    """One widget as the page drew it (the parts a reader needs to set it)."""

    id: str
    kind: str  # the element's type in the protocol ("slider", "multiselect" …) or "expander"
    label: str
    options: tuple[str, ...] = ()
    # a slider's bounds and step, in the units it is sent in (dates: microseconds)
    minimum: float = 0.0
    maximum: float = 0.0
    step: float = 0.0
    # a slider's current value as the server last set it
    value: tuple[float, ...] = ()
    # the server set the widget's value itself (a callback, the link): the page takes it
    set_value: bool = False

    @property
    def key(self) -> str | None:
        """The widget's ``key=`` in the app."""
        return widget_key(self.id)


@dataclass
class Run:
    """What the server sent for one script run, read message by message (`read_message`)."""

    session_id: str = ""
    page_script_hash: str = ""
    query_string: str | None = None  # the page's new query string, when the app changed it
    widgets: dict[str, Widget] = field(default_factory=dict)  # by key (keyed widgets only)
    # the messages the client may keep by hash (sent in full or referred to by hash)
    cacheable: dict[str, bytes] = field(default_factory=dict)
    file_urls: dict[str, list[FileURLs]] = field(default_factory=dict)  # by request id
    exceptions: list[str] = field(default_factory=list)  # errors the script showed
    missed: list[str] = field(default_factory=list)  # references to messages the client lacks
    status: int | None = None  # the script_finished status, once it came
    restarts: int = 0  # runs stopped early for a new one the script asked for (st.rerun())
    messages: int = 0
    bytes: int = 0
    cache_age: int = 0  # how many runs a client keeps a message it was sent (server's config)

    @property
    def finished(self) -> bool:
        """True once the run is over (whatever its status)."""
        return self.status is not None

    @property
    def ok(self) -> bool:
        """True if the script ran to its end without showing an exception."""
        return self.status == FINISHED and not self.exceptions and not self.missed


def read_message(run: Run, data: bytes, *, held: Mapping[str, bytes] | None = None) -> ForwardMsg:
    """Parse one binary WebSocket frame from the server into ``run``; return the message.

    Parameters
    ----------
    run
        The run being read; updated in place.
    data
        The frame, a serialized `ForwardMsg`.
    held
        The messages the client keeps, by hash: a reference (``ref_hash``) to one of them is
        read as that message; a reference to any other is recorded in ``run.missed`` (the
        browser's "Cached ForwardMsg MISS").
    """
    msg = ForwardMsg()
    msg.ParseFromString(data)
    run.messages += 1
    run.bytes += len(data)
    _read(run, msg, data, held or {})
    return msg


def _read(run: Run, msg: ForwardMsg, data: bytes, held: Mapping[str, bytes]) -> None:
    if msg.metadata.cacheable and msg.hash:
        run.cacheable[msg.hash] = data
    kind = msg.WhichOneof("type")
    if kind == "new_session":
        _read_new_session(run, msg)
    elif kind == "delta":
        _read_delta(run, msg)
    elif kind == "page_info_changed":
        run.query_string = msg.page_info_changed.query_string
    elif kind == "file_urls_response":
        response = msg.file_urls_response
        run.file_urls[response.response_id] = list(response.file_urls)
        if response.error_msg:
            run.exceptions.append(f"file URLs: {response.error_msg}")
    elif kind == "ref_hash":
        if msg.ref_hash in held:
            cached = ForwardMsg()
            cached.ParseFromString(held[msg.ref_hash])
            _read(run, cached, held[msg.ref_hash], held)
        else:
            run.missed.append(msg.ref_hash)
    elif kind == "script_finished":
        if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            # the script asked for a new run itself (st.rerun()): the page waits for that one
            run.restarts += 1
        else:
            run.status = msg.script_finished


def _read_new_session(run: Run, msg: ForwardMsg) -> None:
    session = msg.new_session
    if session.HasField("initialize"):
        run.session_id = session.initialize.session_id
    run.page_script_hash = session.page_script_hash or session.main_script_hash
    run.cache_age = session.config.max_cached_message_age


def _read_delta(run: Run, msg: ForwardMsg) -> None:
    delta = msg.delta
    kind = delta.WhichOneof("type")
    if kind == "new_element":
        element_kind = delta.new_element.WhichOneof("type")
        if element_kind == "exception":
            exception = delta.new_element.exception
            run.exceptions.append(f"{exception.type}: {exception.message}")
        elif element_kind in _WIDGET_KINDS:
            _remember(run, _widget(element_kind, getattr(delta.new_element, element_kind)))
    elif kind == "add_block" and delta.add_block.WhichOneof("type") == "expandable":
        block = delta.add_block.expandable
        if block.id:  # a keyed expander is a widget (open or closed)
            _remember(run, Widget(id=block.id, kind="expander", label=block.label))


def _widget(kind: str, element: Any) -> Widget:
    options = tuple(getattr(element, "options", ()))
    if kind == "slider":
        return Widget(id=element.id, kind=kind, label=element.label, options=options,
                      minimum=element.min, maximum=element.max, step=element.step,
                      value=tuple(element.value or element.default), set_value=element.set_value)
    return Widget(id=element.id, kind=kind, label=getattr(element, "label", ""), options=options,
                  set_value=bool(getattr(element, "set_value", False)))


def _remember(run: Run, widget: Widget) -> None:
    if widget.key is not None:
        run.widgets[widget.key] = widget


def rerun_message(
    query_string: str,
    states: Iterable[WidgetState],
    *,
    page_script_hash: str = "",
    cached: Iterable[str] = (),
    url: str = "",
) -> BackMsg:
    """The message that runs the app's script, as the browser sends it.

    Parameters
    ----------
    query_string
        The page's query string without ``?`` (the shared link's view).
    states
        The widget values to send (one `WidgetState` per widget, see ``*_state``).
    page_script_hash
        The page to run (the new session names it); empty for the main page.
    cached
        Hashes of the messages the client holds: the server sends a reference instead.
    url
        The page's address, as the browser reports it.
    """
    msg = BackMsg()
    rerun = msg.rerun_script
    rerun.query_string = query_string
    rerun.page_script_hash = page_script_hash
    rerun.widget_states.widgets.extend(states)
    rerun.cached_message_hashes.extend(sorted(set(cached)))
    rerun.context_info.timezone = "UTC"
    rerun.context_info.timezone_offset = 0
    rerun.context_info.locale = "en-US"
    if url:
        rerun.context_info.url = url
    return msg


def slider_state(widget: Widget, low: float, high: float) -> WidgetState:
    """A range slider moved to ``[low, high]`` (in its units), kept within its bounds."""
    _expect(widget, "slider")
    low, high = sorted((low, high))
    state = WidgetState(id=widget.id)
    state.double_array_value.data.extend(
        [min(max(low, widget.minimum), widget.maximum), min(max(high, widget.minimum), widget.maximum)]
    )
    return state


def selectbox_state(widget: Widget, option: str | None) -> WidgetState:
    """A selectbox (or radio) set to ``option``, one of its labels; None clears it."""
    _expect(widget, "selectbox", "radio")
    _check_options(widget, [] if option is None else [option])
    state = WidgetState(id=widget.id)
    if option is not None:
        state.string_value = option
    return state


def multiselect_state(widget: Widget, options: Iterable[str]) -> WidgetState:
    """A multiselect holding ``options`` (labels, as shown)."""
    _expect(widget, "multiselect")
    chosen = list(options)
    _check_options(widget, chosen)
    state = WidgetState(id=widget.id)
    state.string_array_value.data.extend(chosen)
    return state


def expander_state(widget: Widget, *, open: bool) -> WidgetState:
    """A keyed expander opened or closed."""
    _expect(widget, "expander")
    return WidgetState(id=widget.id, bool_value=open)


def uploader_state(widget: Widget, files: Iterable[UploadedFileInfo]) -> WidgetState:
    """A file uploader holding ``files`` (uploaded first through their ``upload_url``)."""
    _expect(widget, "file_uploader")
    state = WidgetState(id=widget.id)
    state.file_uploader_state_value.uploaded_file_info.extend(files)
    return state


def component_state(widget: Widget, value: Mapping[str, Any]) -> WidgetState:
    """A component (the map) reporting ``value``, e.g. its centre and zoom after a pan."""
    _expect(widget, "component_instance")
    return WidgetState(id=widget.id, json_value=json.dumps(value))


def file_urls_request(request_id: str, session_id: str, names: Iterable[str]) -> BackMsg:
    """Ask the server where to upload files (the browser does before each upload)."""
    msg = BackMsg()
    msg.file_urls_request.request_id = request_id
    msg.file_urls_request.session_id = session_id
    msg.file_urls_request.file_names.extend(names)
    return msg


def _expect(widget: Widget, *kinds: str) -> None:
    if widget.kind not in kinds:
        raise ValueError(
            f"widget {widget.key or widget.id!r} is a {widget.kind}, expected {' or '.join(kinds)}"
        )


def _check_options(widget: Widget, chosen: Iterable[str]) -> None:
    unknown = [option for option in chosen if option not in widget.options]
    if unknown:
        raise ValueError(f"widget {widget.key or widget.id!r} has no option {unknown[0]!r}; "
                         f"its options: {', '.join(widget.options[:10])}")
