"""The timeline under the map is linked to it: a brush across its bars narrows the dates."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import script_idle, settle


def test_brushing_the_timeline_narrows_the_dates_and_the_map_follows(page, app_url) -> None:
    page.goto(f"{app_url}/?from=2022-09-14&to=2022-09-20")
    settle(page)
    expect(page.get_by_text("from 14 Sep 2022 to 20 Sep 2022").first).to_be_visible(timeout=30_000)
    page.get_by_text("Timeline — events per period by type").click()
    chart = page.get_by_test_id("stVegaLiteChart").first
    expect(chart).to_be_visible(timeout=30_000)
    canvas = chart.locator("canvas, svg").first
    expect(canvas).to_be_visible(timeout=30_000)
    # the panel's run (it draws the charts) over: a drag during it was lost once in ten runs.
    # Only the script's state: the map's frame is not needed here (waiting for its report
    # timed out once, 7 Dec 2026)
    script_idle(page)
    box = canvas.bounding_box()
    # a drag from the middle of the chart's plot to its right part: the later days of the range
    y = box["y"] + box["height"] * 0.5
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.95, y, steps=12)
    page.mouse.up()
    narrowed = page.get_by_text(re.compile(r"events? from 1[5-9] Sep 2022 to (1[5-9]|20) Sep 2022")).first
    expect(narrowed).to_be_visible(timeout=30_000)
    page.wait_for_url(re.compile(r"from=2022-09-1[5-9]"), timeout=30_000)  # the link follows
