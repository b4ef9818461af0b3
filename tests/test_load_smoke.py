"""The load generator against one running app, for a fixed handful of requests (nothing timed).

One `streamlit run` of the atlas for the module; a reader's every action through
`scripts.load.session` in this process, then the Locust user classes themselves in a
subprocess (importing Locust patches the standard library with gevent, which this test
process must not get).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator

import pytest

from scripts.harness import ROOT, running_app
from scripts.load.reader import ACTIONS, upload_overlay
from scripts.load.session import Session


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with running_app() as url:
        yield url


def test_a_reader_opens_the_page_and_every_action_runs_the_script(app_url: str) -> None:
    rng = random.Random(1)
    with Session(app_url) as session:
        opened = session.open("from=2022-09-14&to=2022-09-20")
        assert opened.run.ok, opened.run.exceptions
        assert session.session_id
        assert {"types", "period", "overlay_open"} <= set(session.widgets)
        # the slider and the event list, keyed by version (dates:<n>, pick:<selected>)
        assert {"dates", "pick"} <= {key.split(":")[0] for key in session.widgets}
        assert "from=2022-09-14" in session.query_string  # the app keeps the link's view
        for name, (action, _) in ACTIONS.items():
            outcome = action(session, rng)
            assert outcome.run.ok, (name, outcome.run.status, outcome.run.exceptions, outcome.run.missed)
        moved = ACTIONS["dates"][0](session, rng)
        assert moved.run.ok
        assert session.query_string != opened.run.query_string  # the date change reached the app


def test_a_reader_uploads_an_overlay_that_the_page_reads(app_url: str) -> None:
    with Session(app_url) as session:
        session.open()
        opened, uploaded = upload_overlay(session, random.Random(2), rows=20)
        assert opened.run.ok
        assert "upload" in session.widgets  # the panel's upload widget is drawn while open
        assert uploaded.run.ok, uploaded.run.exceptions
        again = session.rerun()  # the file stays in the session
        assert again.run.ok


_USERS = """
import json, sys
from locust import events
from locust.env import Environment
from scripts.load.locustfile import AtlasUploader

seen = []
events.request.add_listener(lambda request_type, name, exception, **_: seen.append(
    [request_type, name, exception is None, str(exception or "")]))
AtlasUploader.host = sys.argv[1]
user = AtlasUploader(Environment(user_classes=[AtlasUploader], events=events))
user.on_start()  # opens the page and uploads
for _ in range(4):
    user.act()
user.on_stop()
print(json.dumps(seen))
"""


def test_the_locust_users_report_every_run(app_url: str) -> None:
    done = subprocess.run([sys.executable, "-c", _USERS, app_url], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert [row for row in seen if not row[2]] == []
    names = [(kind, name) for kind, name, _, _ in seen]
    assert names[:4] == [("rerun", "open"), ("rerun", "overlay panel"), ("http", "upload"), ("rerun", "upload")]
    assert len(names) == 8
    assert all(kind == "rerun" and name in ACTIONS for kind, name in names[4:])
