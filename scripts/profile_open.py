"""Where a page open's time goes in the browser: JavaScript self time by script.

Usage::

    python scripts/profile_open.py [ours|map|floor] [--runs 4]

Opens the app on the bundled data in headless Chromium ``--runs`` times (after one
cold open), each time with V8's sampling profiler running from the navigation until
the map is painted with its markers (the benchmark's own watcher, `scripts.benchmark`),
and prints the mean self time per open by script file and the top functions.
"(program)" is the browser's own work (style, layout, paint, parsing), "(idle)" the
main thread waiting (for the network or the server). The page and the map's frame
share one main thread, so every millisecond of the page's widgets is one the map
waits for.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.filters import record_span  # noqa: E402
from geo.load import load_dataset  # noqa: E402
from scripts.benchmark import _WATCH, APPS, CHROMIUM, MARKERS, _open, _painted, expected_markers  # noqa: E402
from scripts.harness import CHROMIUM_FLAGS, serving  # noqa: E402


def _self_times(profile: dict) -> collections.Counter:
    """Milliseconds of self time by (function, script file) in one V8 CPU profile."""
    frames = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    times: collections.Counter = collections.Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = frames[sample]
        times[(frame["functionName"] or "(anonymous)", frame["url"].rsplit("/", 1)[-1])] += delta / 1000
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("app", nargs="?", default="ours", choices=["ours", "map", "floor"])
    parser.add_argument("--runs", type=int, default=4)
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    dataset = load_dataset(ROOT / "data")
    expected = expected_markers(args.app, dataset, *record_span(dataset))
    total: collections.Counter = collections.Counter()
    with serving(app=APPS[args.app], data_dir=ROOT / "data") as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page, _, _ = _open(browser, server, args.app, expected, 120)  # cold open, not profiled
        page.close()
        for _ in range(args.runs):
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.add_init_script(f"{_WATCH}({[MARKERS[args.app], expected]!r})")
            cdp = page.context.new_cdp_session(page)
            cdp.send("Profiler.enable")
            cdp.send("Profiler.setSamplingInterval", {"interval": 200})
            cdp.send("Profiler.start")
            page.goto(server.url)
            _painted(page, 120)
            total.update(_self_times(cdp.send("Profiler.stop")["profile"]))
            page.close()
        browser.close()

    by_script: collections.Counter = collections.Counter()
    for (function, script), ms in total.items():
        by_script[script or function] += ms
    print(f"# {args.app}: JavaScript self time per page open, mean of {args.runs} (ms)\n")
    print("| script | ms |\n|---|---|")
    for script, ms in by_script.most_common(15):
        print(f"| {script} | {ms / args.runs:.0f} |")
    print("\n| function | script | ms |\n|---|---|---|")
    for (function, script), ms in total.most_common(15):
        print(f"| {function} | {script} | {ms / args.runs:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
