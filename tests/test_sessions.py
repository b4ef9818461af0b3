"""Sessions of readers who left are closed after a grace period (geo.sessions, sessions.py)."""

from __future__ import annotations

import os
import select
import threading
import time
from pathlib import Path

import pytest

from geo.sessions import LeftSessions, return_freed_memory
from scripts.harness import serving
from scripts.load.session import Session


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_session_is_due_only_after_the_grace_disconnected() -> None:
    clock = Clock()
    left = LeftSessions(30, clock=clock)
    left.seen("gone")
    left.seen("here")
    connected = {"here"}
    assert left.due(connected.__contains__) == []  # "gone" noticed at 0
    clock.now = 29.9
    assert left.due(connected.__contains__) == []
    clock.now = 30
    assert left.due(connected.__contains__) == ["gone"]
    clock.now = 1000
    assert left.due(connected.__contains__) == []  # returned once, then forgotten
    assert len(left) == 1


def test_a_reader_who_comes_back_starts_the_grace_again() -> None:
    clock = Clock()
    left = LeftSessions(30, clock=clock)
    left.seen("a")
    assert left.due(lambda s: False) == []  # gone from 0
    clock.now = 20
    assert left.due(lambda s: True) == []  # back
    clock.now = 40
    assert left.due(lambda s: False) == []  # gone again from 40
    clock.now = 69
    assert left.due(lambda s: False) == []
    clock.now = 70
    assert left.due(lambda s: False) == ["a"]


def test_a_session_running_the_page_again_is_connected_again() -> None:
    clock = Clock()
    left = LeftSessions(10, clock=clock)
    left.seen("a")
    assert left.due(lambda s: False) == []
    clock.now = 9
    left.seen("a")  # its page ran: the reader is back
    assert left.due(lambda s: False) == []  # gone again from 9, not from 0
    clock.now = 18.5
    assert left.due(lambda s: False) == []
    clock.now = 19
    assert left.due(lambda s: False) == ["a"]


def test_a_negative_grace_is_refused() -> None:
    with pytest.raises(ValueError, match="grace must be 0 or more seconds, not -1"):
        LeftSessions(-1)


def test_freed_memory_goes_back_where_the_c_library_allows() -> None:
    # this machine's Python is linked against glibc (Debian, Ubuntu)
    assert return_freed_memory() is True


def _wait_for_line(output: int, text: str, *, timeout: float) -> float:
    """Read the server's output (a pipe) until ``text`` appears; the seconds that took."""
    started = time.monotonic()
    seen = ""
    while text not in seen:
        left = timeout - (time.monotonic() - started)
        ready, _, _ = select.select([output], [], [], max(left, 0))  # returns as soon as it writes
        if not ready:
            raise AssertionError(f"no {text!r} in the server's output within {timeout} s:\n{seen[-2000:]}")
        seen += os.read(output, 65536).decode("utf-8", errors="replace")
    return time.monotonic() - started


def test_the_server_closes_a_session_once_its_reader_has_left(monkeypatch) -> None:
    # seconds: the grace is half of it, checked every quarter, so a session is closed 5 to 7.5 s
    # after its reader left, before Streamlit's own TTL (10 s) would drop it without closing it
    ttl = 10
    monkeypatch.setenv("STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL", str(ttl))
    read_end, write_end = os.pipe()
    with os.fdopen(read_end, "rb") as log, os.fdopen(write_end, "wb") as output, serving(output) as server:
        first = Session(server.url)
        first.connect()
        assert first.open().run.ok
        reader = first.session_id
        first.close()
        # back within the grace: the same session
        back = Session(server.url)
        back.connect(resume=reader)
        assert back.open().run.ok
        assert back.session_id == reader
        back.close()
        # gone for good: closed by the page's thread (before Streamlit's own TTL would drop it)
        waited = _wait_for_line(log.fileno(), "Closed 1 session(s) of readers gone for 5 s or more; memory collected", timeout=4 * ttl)
        assert waited < ttl
        later = Session(server.url)
        later.connect(resume=reader)
        assert later.open().run.ok
        assert later.session_id != reader  # a new session: the old one is no more
        later.close()


def test_no_closing_thread_runs_under_apptest() -> None:
    from streamlit.testing.v1 import AppTest

    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})\n"
        "import streamlit as st\n"
        "from sessions import note_session\n"
        "note_session()\n"
        "st.write('ran')\n"
    )
    at = AppTest.from_string(script).run()
    assert not at.exception
    assert [m.value for m in at.markdown] == ["ran"]
    # AppTest runs the page with a stand-in runtime, which has no event loop to close sessions on
    assert "kgtj-close-left-sessions" not in {thread.name for thread in threading.enumerate()}
