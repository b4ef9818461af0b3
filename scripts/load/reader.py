"""What a simulated reader does on the atlas's page, one action at a time.

Each action sets widgets the way a person does — moves the date range, picks an event from
the list, changes the event-type filter or the period, pans the map — and runs the script
once; `upload_overlay` opens the *Overlay your own events* panel and uploads a small CSV of
made-up events. The widgets are found by the ``key=`` the app gives them (``dates``,
``types``, ``period``, ``overlay_open``, ``upload``; the event list ``pick`` or ``pick:…``),
the values among the options the page itself drew, so a change to the app's labels or
languages does not break the reader.

Kept apart from the locustfile so it can be tested, and used, without Locust (whose import
patches the standard library with gevent).
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable

from scripts.load.protocol import (
    Widget,
    component_state,
    expander_state,
    multiselect_state,
    selectbox_state,
    slider_state,
)
from scripts.load.session import Outcome, ProtocolError, Session

__all__ = ["ACTIONS", "LINKS", "change_filter", "move_dates", "overlay_csv", "pan_map", "pick_event",
           "upload_overlay"]

# Readers arrive by a shared link, as during a flare-up, or at the whole record.
LINKS = (
    "",
    "from=2022-09-14&to=2022-09-20",
    "from=2021-04-28&to=2021-05-01",
    "from=2022-01-27&to=2022-01-28",
    "from=2022-09-01&to=2022-10-31&types=armed_clash%2Cshelling",
)
# Where the map is (the Fergana valley's Kyrgyz–Tajik border), for panning.
_CENTRE = (40.0, 70.6)
# A reader's date range: from a few days to a few years.
_SHORTEST_DAYS, _LONGEST_DAYS = 3, 3 * 365


def move_dates(session: Session, rng: random.Random) -> Outcome:
    """Drag the date slider to a new range, from a few days to a few years long."""
    dates = session.widget("dates")
    day = dates.step or 86_400e6
    length = rng.randint(_SHORTEST_DAYS, _LONGEST_DAYS) * day
    latest_start = max(dates.minimum, dates.maximum - length)
    start = dates.minimum + round(rng.random() * (latest_start - dates.minimum) / day) * day
    return session.set(slider_state(dates, start, min(start + length, dates.maximum)))


def pick_event(session: Session, rng: random.Random) -> Outcome:
    """Choose an event from the list beside the map (the same run as a click on its marker).
    With no event in the range, widen the dates instead."""
    pick = _picker(session)
    if not pick.options:
        return move_dates(session, rng)
    return session.set(selectbox_state(pick, rng.choice(pick.options)))


def _picker(session: Session) -> Widget:
    """The event list (keyed ``pick:<selected event>``: the app gives each selection a new picker)."""
    return session.widget("pick")


def change_filter(session: Session, rng: random.Random) -> Outcome:
    """Change the event types shown (none to three), or jump to a named period."""
    if rng.random() < 0.3:
        period = session.widget("period")
        return session.set(selectbox_state(period, rng.choice(period.options)))
    types = session.widget("types")
    return session.set(multiselect_state(types, rng.sample(types.options, rng.randint(0, 3))))


def pan_map(session: Session, rng: random.Random) -> Outcome:
    """Pan and zoom the map: the map reports its centre and zoom, which reruns the page."""
    atlas = next((w for w in session.widgets.values() if w.kind == "component_instance"), None)
    if atlas is None:
        raise ProtocolError("the page drew no map component")
    lat, lon = _CENTRE[0] + rng.uniform(-0.4, 0.4), _CENTRE[1] + rng.uniform(-0.8, 0.8)
    return session.set(component_state(atlas, {
        "last_active_drawing": None, "center": {"lat": lat, "lng": lon}, "zoom": rng.choice([8, 9, 10, 11]),
    }))


def upload_overlay(session: Session, rng: random.Random, *, rows: int = 300) -> tuple[Outcome, Outcome]:
    """Open the overlay panel (one run) and upload a CSV of ``rows`` made-up events (a
    second run); return both. The upload's time covers the upload URL, the PUT and the run."""
    panel = session.widget("overlay_open")
    opened = session.set(expander_state(panel, open=True))
    name = f"my-events-{rng.randrange(10**6)}.csv"
    uploaded = session.upload(session.widget("upload"), name, overlay_csv(rows, seed=rng.randrange(2**32)))
    return opened, uploaded


def overlay_csv(rows: int, *, seed: int = 0) -> bytes:
    """A CSV in the atlas's own schema (with latitude/longitude) of ``rows`` made-up events
    in the Fergana valley, 2021–2022; the same ``seed`` gives the same file."""
    rng = random.Random(seed)
    out = io.StringIO()
    out.write("event_id,date_start,date_end,date_precision,event_type,title,description,"
              "latitude,longitude,source_ids,location_note\n")
    for i in range(rows):
        day = f"{rng.choice((2021, 2022))}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        kind = rng.choice(("shelling", "armed_clash", "arson_looting", "talks"))
        lat, lon = _CENTRE[0] + rng.uniform(-0.3, 0.3), _CENTRE[1] + rng.uniform(-0.7, 0.7)
        out.write(f"load-{seed}-{i},{day},{day},day,{kind},Made-up event {i},Load test row.,"
                  f"{lat:.4f},{lon:.4f},load test,\n")
    return out.getvalue().encode("utf-8")


# The reader's actions and how often each is chosen (a person moves the dates most).
ACTIONS: dict[str, tuple[Callable[[Session, random.Random], Outcome], int]] = {
    "dates": (move_dates, 4),
    "event": (pick_event, 3),
    "filter": (change_filter, 2),
    "pan": (pan_map, 1),
}
