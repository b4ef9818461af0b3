"""Locust readers of the atlas that need no browser: they speak Streamlit's own WebSocket
protocol (`scripts.load.session`).

    locust -f scripts/load/locustfile.py --headless -u 20 -r 5 -t 60s --host http://127.0.0.1:8501

Each `AtlasReader` opens the page (by a shared link, or at the whole record), then every 2–6 s
moves the date range, picks an event, changes a filter or pans the map (`scripts.load.reader`).
Exactly one reader in every run is an `AtlasUploader`: a reader that also uploads a small
overlay of its own events now and then (Streamlit's ``/_stcore/upload_file``), so one reader's
upload is in the mix. Every script run is reported to Locust as request type ``rerun``, named
after the action, with its latency from the request sent to ``script_finished`` received; the
upload itself (upload URL and PUT) as type ``http``. A run that ends in an error the page
shows, a reference to a message the reader does not hold, or no end within the timeout is a
failure. `scripts/load/run.py` runs this for 1 … 100 readers and prints the table.
"""

from __future__ import annotations

import csv
import itertools
import os
import random
import time
from collections.abc import Callable
from typing import Any

from locust import User, between, events, task

from scripts.load.reader import ACTIONS, LINKS, upload_overlay
from scripts.load.session import Outcome, Session

# the same sequence of choices on every run with the same number of readers
_SEEDS = itertools.count(1)
# With ATLAS_LOAD_RECORD=<file>, every request is also written there at the end (CSV: start
# time, seconds, type, name, ok), for exact percentiles over a chosen window (scripts/load/run.py).
_RECORD = os.environ.get("ATLAS_LOAD_RECORD")
_rows: list[tuple[float, float, str, str, int]] = []


def _note(request_type: str, name: str, response_time: float, exception: BaseException | None,
          **_: Any) -> None:
    if _RECORD:
        seconds = response_time / 1000
        _rows.append((time.time() - seconds, seconds, request_type, name, int(exception is None)))


def _write(**_: Any) -> None:
    if _RECORD:
        with open(_RECORD, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["started", "seconds", "type", "name", "ok"])
            writer.writerows(_rows)


events.request.add_listener(_note)
events.quitting.add_listener(_write)


class AtlasReader(User):
    """A person reading the atlas: one browser tab's WebSocket session."""

    wait_time = between(2, 6)
    weight = 1

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        self.rng = random.Random(next(_SEEDS))
        self.session: Session | None = None

    def on_start(self) -> None:
        self._open()

    def on_stop(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None

    @task(sum(weight for _, weight in ACTIONS.values()))
    def act(self) -> None:
        """One of the reader's actions, chosen by weight (`scripts.load.reader.ACTIONS`)."""
        if self.session is None:  # the last action lost the connection: open the page again
            self._open()
            return
        names = list(ACTIONS)
        name = self.rng.choices(names, weights=[ACTIONS[n][1] for n in names])[0]
        action = ACTIONS[name][0]
        session, rng = self.session, self.rng
        self._timed(name, lambda: action(session, rng))

    def _open(self) -> None:
        session = Session(self.host or "http://127.0.0.1:8501")
        link = self.rng.choice(LINKS)
        try:
            session.connect()
        except Exception as exc:  # the server refused or is down: a failed page open
            self._report("rerun", "open", 0.0, 0, exc)
            session.close()
            return
        self.session = session
        self._timed("open", lambda: session.open(link))

    def _timed(self, name: str, run: Callable[[], Outcome]) -> None:
        started = time.perf_counter()
        try:
            outcome = run()
        except Exception as exc:  # a protocol error, a lost connection, a timeout
            self._report("rerun", name, time.perf_counter() - started, 0, exc)
            self.on_stop()  # reconnect on the next action, as a browser reloads
            return
        self._record(name, outcome)

    def _record(self, name: str, outcome: Outcome) -> None:
        run = outcome.run
        error = None if run.ok else RuntimeError(
            f"status {run.status}; " + "; ".join(run.exceptions[:3] + [f"missed {h}" for h in run.missed[:3]])
        )
        self._report("rerun", name, outcome.seconds, run.bytes, error)

    def _report(self, kind: str, name: str, seconds: float, size: int, error: BaseException | None) -> None:
        self.environment.events.request.fire(
            request_type=kind, name=name, response_time=seconds * 1000, response_length=size,
            exception=error, context={},
        )


class AtlasUploader(AtlasReader):
    """A reader who also brings their own events: one in every run, whatever its size."""

    fixed_count = 1

    def on_start(self) -> None:
        super().on_start()
        self.upload()

    @task(1)
    def upload(self) -> None:
        """Open the overlay panel and upload a small CSV of made-up events (a new one each time)."""
        if self.session is None:
            return
        session, rng = self.session, self.rng
        started = time.perf_counter()
        try:
            opened, uploaded = upload_overlay(session, rng)
        except Exception as exc:
            self._report("http", "upload", time.perf_counter() - started, 0, exc)
            self.on_stop()
            return
        self._record("overlay panel", opened)
        self._report("http", "upload", uploaded.transfer, 0, None)
        self._record("upload", uploaded)
