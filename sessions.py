"""Close the sessions of readers who left, so the server's memory comes back down.

Streamlit holds a disconnected session for ``server.disconnectedSessionTTL`` seconds
(120 by default) in case the reader comes back, then forgets it without shutting it
down (see `geo.sessions`). Here one thread per server, started by the first page run,
checks every quarter of that time and closes each session that has been
disconnected for half of it, with Streamlit's own ``Runtime.close_session``, which
clears the session's state and uploaded files. A reader who reconnects within half
the TTL keeps their session; one who comes back later gets a new one, which the atlas
restores from the page's link.

The session manager has no public way to list sessions, and ``close_session`` must
run on the server's event loop, which is reached through ``Runtime._get_async_objs``,
the one private name used. If a later Streamlit lacks it, the thread logs why and
stops; nothing else changes.
"""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from concurrent.futures import Future

import streamlit as st
from streamlit import config
from streamlit.logger import get_logger
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from geo.sessions import LeftSessions, return_freed_memory

__all__ = ["note_session"]

_LOGGER = get_logger(__name__)  # in the server's output, at its `logger.level`


def note_session() -> None:
    """Note the session running this page run; the first call starts the closing thread."""
    context = get_script_run_ctx()
    if context is None or _event_loop() is None:  # a bare import, or Streamlit's AppTest
        return
    _left_sessions().seen(context.session_id)


def _event_loop() -> asyncio.AbstractEventLoop | None:
    """The running server's event loop; None without one (AppTest runs the page with a
    stand-in runtime, whose loop is no loop)."""
    if not Runtime.exists():
        return None
    try:
        loop = Runtime.instance()._get_async_objs().eventloop
    except Exception:  # noqa: BLE001  (not started yet, or a Streamlit without this name)
        return None
    return loop if isinstance(loop, asyncio.AbstractEventLoop) else None


@st.cache_resource(show_spinner=False)
def _left_sessions() -> LeftSessions:
    ttl = float(config.get_option("server.disconnectedSessionTTL"))
    left = LeftSessions(grace=ttl / 2)
    threading.Thread(target=_close_left, args=(left, max(ttl / 4, 1.0)), name="kgtj-close-left-sessions",
                     daemon=True).start()
    return left


def _close_left(left: LeftSessions, every: float) -> None:
    runtime = Runtime.instance()
    while True:
        time.sleep(every)
        closing: Future[int] = Future()
        try:
            loop = _event_loop()
            if loop is None:
                raise RuntimeError("the server has no event loop")
            loop.call_soon_threadsafe(_close_due, runtime, left, closing)
            closed = closing.result(timeout=60)
        except Exception as error:  # noqa: BLE001  (a server stopping, or another Streamlit)
            _LOGGER.warning("Stopped closing the sessions of readers who left: %s", error)
            return
        if closed:
            # A closed session's objects refer to each other (session, script runner, callbacks):
            # only a full collection frees them, and the page turns Streamlit's own off
            # (runner.postScriptGC). Then the freed memory goes back to the system.
            started = time.perf_counter()
            gc.collect()
            trimmed = return_freed_memory()
            _LOGGER.info("Closed %d session(s) of readers gone for %.0f s or more; memory collected%s "
                         "in %.0f ms", closed, left.grace, " and returned" if trimmed else "",
                         1000 * (time.perf_counter() - started))


def _close_due(runtime: Runtime, left: LeftSessions, closing: Future[int]) -> None:
    """On the event loop, where Streamlit connects sessions, so no reader reconnects meanwhile:
    close the sessions due, and say how many in ``closing``."""
    try:
        due = left.due(runtime.is_active_session)
        for session_id in due:
            runtime.close_session(session_id)
    except Exception as error:  # noqa: BLE001  (handed to the waiting thread, which logs it)
        closing.set_exception(error)
        return
    closing.set_result(len(due))
