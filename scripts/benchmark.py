"""Benchmark: the atlas against a naive Folium map and a one-marker page.

Usage::

    python scripts/benchmark.py [--sizes 1000 10000 100000] [--runs 3] [--timeout 180]
                                [--skip-python] [--skip-browser]

For each size, a data folder with that many synthetic events (and about one
claim per three events) is written by `scripts.synthetic` — the bundled
geography and sources, events at our located places dated 2000–2025 — and
three Streamlit apps are measured on it:

* **ours** — ``app.py``, the atlas as users run it;
* **naive** — ``scripts/bench_apps/naive_app.py``: the common recipe, one
  ``folium.Marker`` with an HTML popup per event, the whole map rebuilt on every
  change of its date slider;
* **floor** — ``scripts/bench_apps/trivial_app.py``: one Folium map with one
  marker, the framework's own cost (measured against the bundled data only);
* **map** — ``scripts/bench_apps/map_only_app.py``: the atlas's map alone, with a
  title and nothing else (bundled data only): what our map's layers cost apart
  from the rest of the page.

Measured, medians of ``--runs`` runs, each app on a fresh ``streamlit run``:

* Python time to build what is sent to the browser, and its size (no browser);
* in headless Chromium: page open → rendered map (a new tab on a server that has
  already loaded the data; the first open after start-up is reported as
  *cold*); a date-slider change (PageDown on the end handle: the end date
  moves back by a tenth of the span) → the map holding the new selection, for the
  atlas also with its timeline panel opened (its charts redrawn too); bytes the
  browser received from the server for the page (WebSocket messages, which
  carry the map script, plus the map data files as transferred, compressed; the
  framework's own JavaScript, the same for every app, is left out); and the
  server process's peak resident memory.

"Rendered" means the events layer holds exactly the markers the data gives for
the range (the atlas: one per event and place, or one per place above
`geo.view.MAX_EVENT_MARKERS`; naive: one per event) and none of the previous
ones, and the browser has painted the next frame; the page times it itself, from
the navigation's start or the key press (`_WATCH`). A measurement that does
not finish within ``--timeout`` seconds is reported as such. Needs Chromium at
/usr/bin/chromium (or ``CHROMIUM=...``) and the test extras (Playwright).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import folium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.filters import Filters, located_pairs, record_span  # noqa: E402
from geo.index import EventIndex  # noqa: E402
from geo.load import Dataset, load_dataset  # noqa: E402
from geo.map import atlas_layers, base_layer_data  # noqa: E402
from geo.view import build_view  # noqa: E402
from scripts.bench_apps.naive_recipe import naive_map  # noqa: E402
from scripts.harness import CHROMIUM_FLAGS, Server, serving  # noqa: E402
from scripts.synthetic import write_synthetic  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
APPS = {
    "ours": ROOT / "app.py",
    "naive": ROOT / "scripts" / "bench_apps" / "naive_app.py",
    "floor": ROOT / "scripts" / "bench_apps" / "trivial_app.py",
    "map": ROOT / "scripts" / "bench_apps" / "map_only_app.py",
}
# What counts as a drawn event marker in each app's map.
MARKERS = {"ours": ".kgtj-event", "naive": ".leaflet-marker-icon", "floor": ".kgtj-event",
           "map": ".kgtj-event"}
STATIC_DATA = "/app/static/data/"


# ---------------------------------------------------------------- python only

def ours_html(dataset: Dataset, links: dict[str, str], base_data: dict) -> str:
    """What the atlas hands to the page for the whole record (base data linked)."""
    view = build_view(dataset, Filters(*record_span(dataset)))
    base, groups = atlas_layers(dataset, view, base_data=base_data, links=links)
    for group in groups:
        group.add_to(base)
    return base.get_root().render()


def naive_html(dataset: Dataset) -> str:
    """The naive recipe's page for the whole record (the same map as its app draws)."""
    places = zip(dataset.places["place_id"], dataset.places.geometry, strict=True)
    points = {pid: (geom.y, geom.x) for pid, geom in places if geom is not None}
    events = dataset.events
    firsts = [ids[0] if ids else "" for ids in events["place_ids"]]
    rows = zip(events["title"], events["date_start"], events["description"], firsts, strict=True)
    return naive_map(rows, points).get_root().render()


def _timed(build: Callable[[], str], runs: int) -> tuple[float, int]:
    seconds, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(build().encode("utf-8"))
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), size


def python_table(folders: dict[int, Path], runs: int) -> None:
    print("| events | ours build (s) | naive build (s) | ours/naive time | ours page KB | naive page KB "
          "| ours/naive bytes |")
    print("|---|---|---|---|---|---|---|", flush=True)
    for size, folder in folders.items():
        dataset = load_dataset(folder)
        base_data = base_layer_data(dataset)
        links = {key: f"{STATIC_DATA}base-{key}.json" for key in base_data}
        ours_s, ours_b = _timed(lambda d=dataset, u=links, b=base_data: ours_html(d, u, b), runs)
        naive_s, naive_b = _timed(lambda d=dataset: naive_html(d), runs if size <= 10_000 else 1)
        print(
            f"| {size:,} | {ours_s:.2f} | {naive_s:.2f} | {ours_s / naive_s:.3f} | {ours_b / 1e3:,.0f} "
            f"| {naive_b / 1e3:,.0f} | {ours_b / naive_b:.4f} |",
            flush=True,
        )


# ---------------------------------------------------------------- in a browser

@dataclass
class Result:
    """One app on one data folder."""

    cold: float | None = None
    opens: list[float] = field(default_factory=list)
    moves: list[float] = field(default_factory=list)
    timeline_moves: list[float] = field(default_factory=list)
    open_bytes: list[int] = field(default_factory=list)
    file_bytes: list[int] = field(default_factory=list)
    memory_mb: float | None = None
    failure: str = ""


# One index per dataset, as the app keeps: `drawn` runs while a slider change is timed,
# and building the index there (1.2 s at 100,000 events) took the CPU being measured.
_INDEXES: dict[int, tuple[Dataset, EventIndex]] = {}


def _index(dataset: Dataset) -> EventIndex:
    if id(dataset) not in _INDEXES:
        _INDEXES[id(dataset)] = (dataset, EventIndex.of(dataset.events, dataset.places))
    return _INDEXES[id(dataset)][1]


def drawn(app: str, dataset: Dataset, start: dt.date, end: dt.date) -> tuple:
    """What ``app`` draws in its events layer for ``start``–``end``, one item per marker."""
    if app == "floor":
        return ("one marker",)
    view = build_view(dataset, Filters(start, end), index=_index(dataset))
    if app in ("ours", "map") and view.grouped:
        return tuple(zip(view.totals["place_id"], view.totals["events"], strict=True))
    if app in ("ours", "map"):
        return tuple(zip(view.markers["event_id"], view.markers["place_id"], strict=True))
    firsts = view.events.assign(place_ids=[ids[:1] for ids in view.events["place_ids"]])
    return tuple(located_pairs(firsts, dataset.places)["event_id"])


def expected_markers(app: str, dataset: Dataset, start: dt.date, end: dt.date) -> int:
    """How many event markers ``app`` draws for ``start``–``end``."""
    return len(drawn(app, dataset, start, end))


class _Bytes:
    """What the server sends a page, as received: WebSocket messages and map data files."""

    def __init__(self, page) -> None:
        self._frames = 0
        self._files: list = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))
        page.on("requestfinished", self._request)

    def _frame(self, payload: str | bytes) -> None:
        self._frames += len(payload.encode("utf-8") if isinstance(payload, str) else payload)

    def _request(self, request) -> None:
        if "/app/static/data/" in request.url:
            self._files.append(request)

    @property
    def files(self) -> int:
        """Bytes of the map data files as transferred (compressed, headers left out)."""
        return sum(request.sizes()["responseBodySize"] for request in self._files)

    @property
    def total(self) -> int:
        return self._frames + self.files


# Installed in the page before its own scripts (Playwright's init script). It watches
# the map's frame and, once the events layer holds exactly the expected markers and
# none drawn before the last `__kgtjArm`, waits for the next frame to be painted and
# resolves `__kgtjPainted` with the time. Timing in the page, not by asking it from
# here: each look from Playwright costs the CPU being measured and waits behind whatever
# else the page's one thread is doing. (The frame's document is watched from the top
# page: an init script does not run again when a component's frame navigates.)
_WATCH = """
(([selector, expected]) => {
  if (window !== window.top) return;
  let target = expected, reported = false, waiting = false;
  const reset = () => { window.__kgtjPainted = new Promise(r => { window.__kgtjReport = r; }); };
  reset();
  const check = (win) => {
    if (reported) return;
    const doc = win.document;
    const count = doc.querySelectorAll(selector).length;
    if (doc.querySelector(selector + '[data-old]') || count !== target) return;
    // streamlit-folium names the map after adding its layers, and the atlas's linked
    // layers are still arriving while kgtjPending > 0: look again soon
    if (!win.map || win.kgtjPending > 0) {
      if (!waiting) { waiting = true; setTimeout(() => { waiting = false; check(win); }, 5); }
      return;
    }
    reported = true;
    const now = () => window.__kgtjReport(performance.timeOrigin + performance.now());
    requestAnimationFrame(() => setTimeout(now, 0));
  };
  // At most one look per frame however many changes arrive: each look queries every
  // marker, and the naive map adds its thousands of markers one change at a time.
  let queued = false;
  const soon = (win) => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; check(win); });
  };
  const attach = (frame) => {
    try {
      const win = frame.contentWindow;
      new MutationObserver(() => soon(win)).observe(win.document, {childList: true, subtree: true});
      soon(win);
    } catch (e) {}
  };
  const seen = new WeakSet();
  setInterval(() => {
    for (const frame of document.getElementsByTagName('iframe')) {
      if (seen.has(frame)) continue;
      seen.add(frame);
      frame.addEventListener('load', () => attach(frame));
      if (frame.contentDocument && frame.contentDocument.readyState === 'complete') attach(frame);
    }
  }, 20);
  window.__kgtjArm = (n) => {
    for (const frame of document.getElementsByTagName('iframe')) {
      try { frame.contentDocument.querySelectorAll(selector).forEach(e => e.setAttribute('data-old', '1')); }
      catch (e) {}
    }
    target = n; reported = false; reset();
  };
  // the count the map should reach, once known (markers drawn before it count too)
  window.__kgtjExpect = (n) => {
    target = n;
    for (const frame of document.getElementsByTagName('iframe')) {
      try { if (frame.contentWindow.map) check(frame.contentWindow); } catch (e) {}
    }
  };
})
"""


def _painted(page, timeout: float) -> float:
    """Epoch milliseconds at which the map's frame was painted with the expected markers."""
    return page.evaluate(
        """ms => Promise.race([window.__kgtjPainted, new Promise((_, no) =>
               setTimeout(() => no(new Error('the map did not show the expected markers in time')), ms))])""",
        timeout * 1000,
    )


def _open(browser, server: Server, app: str, expected: int, timeout: float):
    """A new page on ``server``: seconds from navigation start to the map painted
    with ``expected`` markers."""
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.add_init_script(f"{_WATCH}({[MARKERS[app], expected]!r})")
    counter = _Bytes(page)
    page.goto(server.url, timeout=timeout * 1000)
    painted = _painted(page, timeout)
    return page, (painted - page.evaluate("performance.timeOrigin")) / 1000, counter


def _slider_move(page, app: str, dataset: Dataset, timeout: float) -> float:
    """PageDown on the end handle (the end date moves back a tenth of the span); seconds
    from the key press until the map is painted with the new selection's markers and
    none of the old ones."""
    handle = page.get_by_role("slider").nth(1)
    handle.focus()
    before = drawn(app, dataset, *_range(page))
    page.evaluate("() => window.__kgtjArm(-1)")
    page.evaluate("""() => document.addEventListener('keydown',
        e => { window.__kgtjKey = performance.timeOrigin + e.timeStamp; }, {capture: true, once: true})""")
    page.keyboard.press("PageDown")
    after = drawn(app, dataset, *_range(page))
    if after == before:
        raise RuntimeError("this slider move leaves the map as it was: nothing to time")
    page.evaluate("n => window.__kgtjExpect(n)", len(after))
    painted = _painted(page, timeout)
    return (painted - page.evaluate("window.__kgtjKey")) / 1000


def _open_timeline(page, timeout: float) -> None:
    """Open the atlas's timeline panel and wait until both its charts are drawn."""
    page.get_by_text("Timeline — events per period").click()
    page.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg").nth(1).wait_for(
        timeout=timeout * 1000
    )
    time.sleep(1.0)


def _range(page) -> tuple[dt.date, dt.date]:
    values = [page.get_by_role("slider").nth(i).get_attribute("aria-valuetext") for i in range(2)]
    start, end = (dt.date.fromisoformat(_iso(v)) for v in values)
    return start, end


def _iso(text: str | None) -> str:
    """The slider's aria text ('2002-08-09', or '9 Aug 2002' in the atlas's format) as ISO."""
    text = (text or "").strip()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return dt.datetime.strptime(text, "%d %b %Y").date().isoformat()


def measure(browser, app: str, folder: Path, dataset: Dataset, *, runs: int, timeout: float) -> Result:
    result = Result()
    span = record_span(dataset)
    expected = expected_markers(app, dataset, *span)
    try:
        with serving(app=APPS[app], data_dir=folder, timeout=timeout) as server:
            try:
                page, result.cold, _ = _open(browser, server, app, expected, timeout)
            finally:  # a failed open still tells how much memory the server took
                result.memory_mb = server.peak_memory_mb()
            page.close()
            for _ in range(runs):
                page, seconds, counter = _open(browser, server, app, expected, timeout)
                time.sleep(1.0)  # let late messages (charts, tables) arrive before counting bytes
                result.opens.append(seconds)
                result.open_bytes.append(counter.total)
                result.file_bytes.append(counter.files)
                if app in ("ours", "naive"):
                    result.moves.append(_slider_move(page, app, dataset, timeout))
                if app == "ours":  # and again with the timeline's charts open
                    _open_timeline(page, timeout)
                    result.timeline_moves.append(_slider_move(page, app, dataset, timeout))
                page.close()
            result.memory_mb = server.peak_memory_mb()
    except Exception as error:  # reported in the table: the naive map may fail outright
        result.failure = f"{type(error).__name__}: {str(error).splitlines()[0][:80]}"
    return result


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _cell(value: float | None, unit: str = "s", digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}{unit}"


def _ratio(a: float | None, b: float | None) -> str:
    return "—" if a is None or b is None or b == 0 else f"{a / b:.3f}"


def browser_tables(folders: dict[int, Path], runs: int, timeout: float) -> None:
    from playwright.sync_api import sync_playwright

    print("| events | app | page open → map (s) | cold open (s) | slider → map (s) "
          "| slider, timeline open (s) | MB received | of which map files | peak server MB | note |")
    print("|---|---|---|---|---|---|---|---|---|---|", flush=True)
    ratios = ["| events | open ours/naive | slider ours/naive | bytes ours/naive | memory ours/naive |",
              "|---|---|---|---|---|"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for size, folder in folders.items():
            dataset = load_dataset(folder)
            results = {}
            for app in ("ours", "naive"):
                result = results[app] = measure(browser, app, folder, dataset, runs=runs, timeout=timeout)
                open_bytes, file_bytes = _median(result.open_bytes), _median(result.file_bytes)
                print(
                    f"| {size:,} | {app} | {_cell(_median(result.opens))} | {_cell(result.cold)} "
                    f"| {_cell(_median(result.moves))} | {_cell(_median(result.timeline_moves))} "
                    f"| {_cell(open_bytes / 1e6 if open_bytes else None, '', 2)} "
                    f"| {_cell(file_bytes / 1e6 if file_bytes is not None else None, '', 2)} "
                    f"| {_cell(result.memory_mb, '', 0)} | {result.failure} |",
                    flush=True,
                )
            ours, naive = results["ours"], results["naive"]
            ratios.append(
                f"| {size:,} | {_ratio(_median(ours.opens), _median(naive.opens))} "
                f"| {_ratio(_median(ours.moves), _median(naive.moves))} "
                f"| {_ratio(_median(ours.open_bytes), _median(naive.open_bytes))} "
                f"| {_ratio(ours.memory_mb, naive.memory_mb)} |"
            )
        print("", *ratios, sep="\n", flush=True)
        bundled = load_dataset(ROOT / "data")
        print(f"\nBundled data ({len(bundled.events)} events) against the floor (one marker) and "
              "the atlas's map alone (map):\n")
        print("| app | page open → map (s) | cold open (s) | slider → map (s) | slider, timeline open (s) "
              "| MB received | note |")
        print("|---|---|---|---|---|---|---|", flush=True)
        found = {}
        for app in ("ours", "map", "floor"):
            result = found[app] = measure(browser, app, ROOT / "data", bundled, runs=runs, timeout=timeout)
            open_bytes = _median(result.open_bytes)
            print(
                f"| {app} | {_cell(_median(result.opens))} | {_cell(result.cold)} "
                f"| {_cell(_median(result.moves))} | {_cell(_median(result.timeline_moves))} "
                f"| {_cell(open_bytes / 1e6 if open_bytes else None, '', 2)} | {result.failure} |",
                flush=True,
            )
        floor = found["floor"]
        for app in ("ours", "map"):
            print(
                f"\n{app}/floor: page open {_ratio(_median(found[app].opens), _median(floor.opens))}, "
                f"cold open {_ratio(found[app].cold, floor.cold)}",
                flush=True,
            )
        browser.close()


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )
    return (f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, "
            f"folium {folium.__version__}, Chromium at {CHROMIUM}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=180, help="seconds before a measurement gives up")
    parser.add_argument("--skip-python", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args(argv)
    print(f"# Benchmark, {dt.date.today()}: {machine()}; medians of {args.runs} runs\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="kgtj-bench-") as tmp:
        folders = {size: write_synthetic(Path(tmp) / str(size), size) for size in args.sizes}
        if not args.skip_python:
            print("Python build of the page for the whole record (no browser):\n", flush=True)
            python_table(folders, args.runs)
            print(flush=True)
        if not args.skip_browser:
            print("In headless Chromium:\n", flush=True)
            browser_tables(folders, args.runs, args.timeout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
