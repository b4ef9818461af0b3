"""Which readers have left: sessions disconnected for longer than a grace period.

Streamlit keeps a reader's session after the connection drops, so that a reader who
comes back soon finds the page as they left it. Its store forgets such a session
only when it is next written to, and then without shutting it down (Streamlit 1.67,
``runtime/memory_session_storage.py``; reported upstream as streamlit/streamlit#12506):
the session's state and uploaded files stay in memory until other readers come and
go. The page (``sessions.py`` beside ``app.py``) notes every session it runs in
here, asks `LeftSessions.due` which ones to close, and closes them through
Streamlit's own ``Runtime.close_session``.

This module knows nothing of Streamlit, so it is tested without a server.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
import time
from collections.abc import Callable

__all__ = ["LeftSessions", "return_freed_memory"]


class LeftSessions:
    """The sessions seen, and since when each one has been disconnected.

    Parameters
    ----------
    grace
        Seconds a session stays disconnected before it is due to close: a reader
        who reconnects sooner keeps their session.
    clock
        Seconds, increasing (``time.monotonic``); tests give their own.

    Examples
    --------
    >>> now = [0.0]
    >>> left = LeftSessions(60, clock=lambda: now[0])
    >>> left.seen("a"); left.seen("b")
    >>> connected = {"a"}
    >>> left.due(lambda s: s in connected)  # b noticed gone now
    []
    >>> now[0] = 59; left.due(lambda s: s in connected)
    []
    >>> now[0] = 60; left.due(lambda s: s in connected)
    ['b']
    >>> len(left)  # b is forgotten once due; a is still held
    1
    """

    def __init__(self, grace: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        if grace < 0:
            raise ValueError(f"grace must be 0 or more seconds, not {grace}")
        self.grace = grace
        self._clock = clock
        self._lock = threading.Lock()  # sessions are noted from script threads, checked from another
        self._gone_since: dict[str, float | None] = {}  # None: connected when last checked

    def seen(self, session_id: str) -> None:
        """Note a session that is running the page (so connected now)."""
        with self._lock:
            self._gone_since[session_id] = None

    def due(self, is_connected: Callable[[str], bool]) -> list[str]:
        """The sessions disconnected for at least ``grace`` seconds, forgotten here once returned.

        A session is counted as disconnected from the first call that finds it so
        (``is_connected`` false), and counts again from zero if it is found connected.
        """
        now = self._clock()
        due = []
        with self._lock:  # one pass: a session noted meanwhile waits for it (is_connected is quick)
            for session_id, since in list(self._gone_since.items()):
                if is_connected(session_id):
                    self._gone_since[session_id] = None
                elif since is None:
                    self._gone_since[session_id] = now
                elif now - since >= self.grace:
                    due.append(session_id)
                    del self._gone_since[session_id]
        return sorted(due)

    def __len__(self) -> int:
        with self._lock:
            return len(self._gone_since)


def return_freed_memory() -> bool:
    """Give the memory that closed sessions freed back to the system, where the C library
    can (glibc's ``malloc_trim``); False where it cannot (another libc)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    libc = ctypes.CDLL(name)
    trim = getattr(libc, "malloc_trim", None)
    if trim is None:
        return False
    trim(0)
    return True
