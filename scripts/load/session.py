"""One simulated reader's connection to a Streamlit server, as a browser holds it.

`Session` opens what a browser opens — the health check (which sets the XSRF cookie the
upload endpoint asks for) and the WebSocket ``/_stcore/stream`` — then runs the app's script
with the widget values a reader sets and reads the server's messages until the script has
finished. Messages are built and read by `scripts.load.protocol`; the WebSocket is
``websocket-client``'s, the HTTP ``requests``'. Under Locust both yield to other readers
while they wait (Locust patches the standard library's sockets with gevent).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
import websocket
from streamlit.proto.Common_pb2 import FileURLs, UploadedFileInfo
from streamlit.proto.WidgetStates_pb2 import WidgetState

from scripts.load.protocol import Run, Widget, file_urls_request, read_message, rerun_message, uploader_state

__all__ = ["Outcome", "ProtocolError", "Session"]

XSRF_COOKIE = "_streamlit_xsrf"


class ProtocolError(RuntimeError):
    """The server did not answer as a Streamlit server answers a browser."""


@dataclass(frozen=True)
class Outcome:
    """One script run as the reader saw it."""

    seconds: float  # from the request sent to script_finished received
    run: Run
    transfer: float = 0.0  # an upload's seconds before its run: its upload URL and the PUT


class Session:
    """A reader's page: one WebSocket session on ``base_url`` (``http://host:port``).

    Parameters
    ----------
    base_url
        The app's address (a proxy's works the same: the session stays on one server).
    timeout
        Seconds to wait for a run's end (or an upload URL) before it counts as failed.
    """

    def __init__(self, base_url: str, *, timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.http = requests.Session()
        self.query_string = ""
        self.states: dict[str, WidgetState] = {}  # by widget id: what this reader has set
        self.widgets: dict[str, Widget] = {}  # by key: as the page last drew them
        self.session_id = ""
        self.page_script_hash = ""
        self._uploaded: dict[str, FileURLs] = {}  # by uploader widget id: its file's URLs
        # the messages kept by hash, as the browser keeps them: hash -> (last run, message)
        self._held: dict[str, tuple[int, bytes]] = {}
        self._cache_age = 2
        self._runs = 0
        self._ws: websocket.WebSocket | None = None

    # -- connection ------------------------------------------------------------------------
    def connect(self, *, resume: str = "") -> None:
        """Open the connection a browser opens (health check, then the WebSocket); ``resume``:
        the id of the session this page had, as a browser reconnecting after a drop asks for."""
        health = self.http.get(f"{self.base_url}/_stcore/health", timeout=self.timeout)
        if health.status_code != 200:
            raise ProtocolError(f"{self.base_url}/_stcore/health answered HTTP {health.status_code}")
        parts = urlsplit(self.base_url)
        stream = urlunsplit(("wss" if parts.scheme == "https" else "ws", parts.netloc,
                             f"{parts.path}/_stcore/stream", "", ""))
        cookie = "; ".join(f"{k}={v}" for k, v in self.http.cookies.items())
        self._ws = websocket.create_connection(
            # the browser's second entry is an XSRF token for signed-in users; none here
            stream, timeout=self.timeout, subprotocols=["streamlit", "", resume] if resume else ["streamlit"],
            origin=f"{parts.scheme}://{parts.netloc}", cookie=cookie or None,
        )

    def close(self) -> None:
        """Leave the page (the server ends the session after its disconnected-session TTL)."""
        if self._ws is not None:
            self._ws.close()
            self._ws = None
        self.http.close()

    # -- script runs -----------------------------------------------------------------------
    def open(self, query_string: str = "") -> Outcome:
        """Open the page at ``?query_string`` (a shared link) and wait for its first run."""
        self.query_string = query_string
        self.states.clear()
        return self.rerun()

    def set(self, *states: WidgetState) -> Outcome:
        """Set widgets (``protocol.*_state``) and run the script, as a change in the page does."""
        for state in states:
            self.states[state.id] = state
        return self.rerun()

    def rerun(self) -> Outcome:
        """Run the script with the widget values held, as the browser does after a change."""
        self._runs += 1
        message = rerun_message(
            self.query_string, self.states.values(),
            page_script_hash=self.page_script_hash, cached=self._held.keys(), url=self.base_url + "/",
        )
        started = time.perf_counter()
        self._send(message.SerializeToString())
        run = self._read_until(lambda run: run.finished)
        seconds = time.perf_counter() - started
        self._after(run)
        return Outcome(seconds, run)

    def upload(self, widget: Widget, name: str, data: bytes, *, content_type: str = "text/csv") -> Outcome:
        """Upload ``data`` as a file into ``widget`` and run the script with it, as a browser
        does: ask for an upload URL, PUT the file there, then rerun with the uploader's state.
        The outcome's ``seconds`` is the run's, its ``transfer`` the time before it."""
        started = time.perf_counter()
        request_id = uuid.uuid4().hex
        self._send(file_urls_request(request_id, self.session_id, [name]).SerializeToString())
        got = self._read_until(lambda run: request_id in run.file_urls)
        urls = got.file_urls[request_id]
        if len(urls) != 1:
            raise ProtocolError(f"asked for 1 upload URL, got {len(urls)}")
        target = urls[0]
        self._request("PUT", target.upload_url, files={"file": (name, data, content_type)})
        info = UploadedFileInfo(name=name, size=len(data), file_id=target.file_id, file_urls=target)
        transfer = time.perf_counter() - started
        outcome = self.set(uploader_state(widget, [info]))
        replaced = self._uploaded.pop(widget.id, None)
        self._uploaded[widget.id] = target
        if replaced is not None:  # a file uploaded in place of another: the browser deletes it
            self._request("DELETE", replaced.delete_url)
        return Outcome(outcome.seconds, outcome.run, transfer=transfer)

    # -- plumbing --------------------------------------------------------------------------
    def _request(self, method: str, path: str, **kwargs: Any) -> None:
        """An HTTP request to the upload endpoint, with the XSRF token as the browser sends it."""
        url = path if "://" in path else self.base_url + path
        response = self.http.request(method, url, timeout=self.timeout,
                                     headers={"X-Xsrftoken": self.http.cookies.get(XSRF_COOKIE) or ""},
                                     **kwargs)
        if response.status_code not in (200, 204):
            raise ProtocolError(f"{method} {path}: HTTP {response.status_code} {response.text[:200]}")

    def _send(self, payload: bytes) -> None:
        if self._ws is None:
            raise ProtocolError("not connected: call connect() first")
        self._ws.send_binary(payload)

    def _read_until(self, done: Callable[[Run], bool]) -> Run:
        if self._ws is None:
            raise ProtocolError("not connected: call connect() first")
        run = Run()
        held = {digest: data for digest, (_, data) in self._held.items()}
        deadline = time.monotonic() + self.timeout
        while not done(run):
            if time.monotonic() > deadline:
                raise ProtocolError(f"no end of the run within {self.timeout:.0f} s "
                                    f"({run.messages} messages read)")
            frame = self._ws.recv()
            if not isinstance(frame, bytes):
                raise ProtocolError(f"expected a binary frame, got text {frame[:80]!r}")
            read_message(run, frame, held=held)
        return run

    def _after(self, run: Run) -> None:
        """Keep what the page keeps after a run: widgets, session, query string, cache."""
        if run.session_id:
            self.session_id = run.session_id
        if run.page_script_hash:
            self.page_script_hash = run.page_script_hash
        if run.cache_age:
            self._cache_age = run.cache_age
        if run.query_string is not None:
            self.query_string = run.query_string
        if run.finished:
            # the page holds the widgets this run drew, and only their values
            self.widgets = dict(run.widgets)
            drawn = {widget.id for widget in run.widgets.values()}
            taken = {widget.id for widget in run.widgets.values() if widget.set_value}
            self.states = {i: s for i, s in self.states.items() if i in drawn and i not in taken}
        # the browser drops a message it has not been sent for the server's cache age
        for digest, data in run.cacheable.items():
            self._held[digest] = (self._runs, data)
        self._held = {h: kept for h, kept in self._held.items() if self._runs - kept[0] < self._cache_age}

    def widget(self, key: str) -> Widget:
        """The widget the app made with ``key=key``, as the page last drew it; or with
        ``key=f"{key}:…"``, where the app gives a widget a new key whenever it sets its value
        itself (the date slider ``dates:<version>``, the event list ``pick:<selected>``)."""
        if key in self.widgets:
            return self.widgets[key]
        for drawn, widget in self.widgets.items():
            if drawn.startswith(f"{key}:"):
                return widget
        raise ProtocolError(f"the page has no widget with key {key!r}; it has: "
                            f"{', '.join(sorted(self.widgets))}")

    def __enter__(self) -> Session:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
