"""Measure what a user waits for, in headless Chromium, and print a table.

Usage::

    python scripts/measure_browser.py [--runs 5]

* **cold start → map visible**: from launching ``streamlit run`` to the first
  event marker drawn in the browser (a fresh server each run);
* **page open → map visible (warm)**: a new browser tab on the running server;
* **slider move → map updated**: from choosing a period in the sidebar to the
  map holding exactly the event markers the data says for it.

Medians (and min–max) of ``--runs`` runs. Needs Chromium at /usr/bin/chromium
(or ``CHROMIUM=...``) and the test extras (Playwright).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.filters import PERIODS, Filters  # noqa: E402
from geo.load import load_dataset  # noqa: E402
from geo.view import build_view  # noqa: E402
from scripts.harness import CHROMIUM_FLAGS, ROOT, running_app  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PERIOD = "September 2022 war (14–20 Sep)"


def _map_visible(page, *, timeout_ms: int = 120_000) -> None:
    page.locator("iframe").first.wait_for(timeout=timeout_ms)
    frame = page.locator("iframe").first.element_handle().content_frame()
    frame.wait_for_selector("path.kgtj-event", timeout=timeout_ms)


def _count(page) -> int:
    frame = page.locator("iframe").first.element_handle().content_frame()
    return frame.locator("path.kgtj-event").count()


def _slider_move(page, expected: int) -> float:
    page.get_by_test_id("stSelectbox").filter(has_text="Jump to a period").click()
    option = page.get_by_role("option", name=PERIOD)
    start = time.perf_counter()
    option.click()
    while _count(page) != expected:
        if time.perf_counter() - start > 60:
            raise RuntimeError("the map did not update within 60 s")
        time.sleep(0.01)
    return time.perf_counter() - start


def _summary(name: str, values: list[float]) -> str:
    median, low, high = statistics.median(values), min(values), max(values)
    return f"| {name} | {median:.2f} | {low:.2f}–{high:.2f} | {len(values)} |"


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    dataset = load_dataset(ROOT / "data")
    expected = len(build_view(dataset, Filters(*PERIODS[PERIOD])).markers)
    cold: list[float] = []
    warm: list[float] = []
    moves: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for _ in range(args.runs):
            started = time.perf_counter()
            with running_app() as url:
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                page.goto(url)
                _map_visible(page)
                cold.append(time.perf_counter() - started)
                page.close()
                for _ in range(2):
                    page = browser.new_page(viewport={"width": 1600, "height": 1000})
                    opened = time.perf_counter()
                    page.goto(url)
                    _map_visible(page)
                    warm.append(time.perf_counter() - opened)
                    time.sleep(0.5)
                    moves.append(_slider_move(page, expected))
                    page.close()
        browser.close()

    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )
    machine = f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"
    print(f"# Browser timings, {dt.date.today()}: {machine}")
    print(f"# data: {len(dataset.events)} events; slider target: {PERIOD} = {expected} markers\n")
    print("| measure | median (s) | min–max (s) | runs |")
    print("|---|---|---|---|")
    print(_summary("cold start → map visible", cold))
    print(_summary("page open → map visible (warm)", warm))
    print(_summary("slider move → map updated", moves))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
