"""Benchmark: the atlas against a naive Folium map and a one-marker page.

Usage::

    python scripts/benchmark.py [--sizes 1000 1000000] [--runs 3] [--timeout 180]
                                [--memory-cap 4000] [--skip-python] [--skip-browser]

For each size, a data folder with that many synthetic events (and about one
claim per three events) is written by `scripts.synthetic` — the bundled
geography and sources, events at our located places dated 2000–2025 — and
three Streamlit apps are measured on it:

* **ours** — ``app.py``, the atlas as users run it;
* **naive** — ``scripts/bench_apps/naive_app.py``: the common recipe, one
  ``folium.Marker`` with an HTML popup per event, the whole map rebuilt on every
  change of its date slider;
* **controls** — ``scripts/bench_apps/controls_floor_app.py``: the atlas's page
  with the same widgets in the same layout around a one-marker map, no data work:
  the floor our page open is held to (issue 20; bundled data only);
* **floor** — ``scripts/bench_apps/trivial_app.py``: one Folium map with one
  marker, the framework's own cost (measured against the bundled data only);
* **map** — ``scripts/bench_apps/map_only_app.py``: the atlas's map alone, with a
  title and nothing else (bundled data only): what our map's layers cost apart
  from the rest of the page.

Measured, medians of ``--runs`` runs, each app on a fresh ``streamlit run``. The
atlas at every size, and the bundled apps, are measured *interleaved*: their servers
run side by side and each round opens every one in turn (the order rotating), so a
busier minute on this shared machine falls on all of them alike. The naive page is
measured alone, after them, and its server is stopped once it passes
``--memory-cap`` MB (at a million events it would take the machine's memory):

* loading the data in a process of its own: the first start (files read and
  checked, the columnar cache written, `geo.cache`) and later starts (read from
  the cache), seconds and peak memory; the run keeps its cache in a temporary
  folder, so the first start is always a real one;

* Python time to build what is sent to the browser, and its size (no browser);
* in headless Chromium: page open → rendered map (a new tab on a server that has
  already loaded the data; the first open after start-up is reported as
  *cold*, and comes after the data's first start, so the cache is warm); a
  date-slider change (PageDown on the end handle: the end date
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
import contextlib
import datetime as dt
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
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
    "controls": ROOT / "scripts" / "bench_apps" / "controls_floor_app.py",
    "naive": ROOT / "scripts" / "bench_apps" / "naive_app.py",
    "floor": ROOT / "scripts" / "bench_apps" / "trivial_app.py",
    "map": ROOT / "scripts" / "bench_apps" / "map_only_app.py",
}
# What counts as a drawn event marker in each app's map.
MARKERS = {"ours": ".kgtj-event", "naive": ".leaflet-marker-icon", "floor": ".kgtj-event",
           "controls": ".kgtj-event", "map": ".kgtj-event"}
# Above this many events the naive recipe's page is not built in this process (Python
# table): 1.9 GB at 100,000 events, and it grows with them.
NAIVE_BUILD_LIMIT = 100_000
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
        if size > NAIVE_BUILD_LIMIT:
            print(f"| {size:,} | {ours_s:.2f} | not built (memory) | | {ours_b / 1e3:,.0f} | | |", flush=True)
            continue
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
    if app in ("floor", "controls"):
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


class MemoryCapExceeded(RuntimeError):
    """The server passed the run's memory cap and was stopped."""


@dataclass
class Guard:
    """Stops a server (one this script started) that passes ``cap_mb`` of resident memory."""

    server: Server
    cap_mb: float
    seen_mb: float = 0.0

    def check(self) -> None:
        try:
            status = Path(f"/proc/{self.server.pid}/status").read_text()
        except FileNotFoundError:
            raise RuntimeError("the server stopped") from None
        rss = next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:")),
                   None)
        if rss is None:  # a process that has ended (its status lingers until it is waited for)
            raise RuntimeError("the server stopped")
        self.seen_mb = max(self.seen_mb, rss)
        if rss > self.cap_mb:
            os.kill(self.server.pid, signal.SIGKILL)
            raise MemoryCapExceeded(f"server passed {self.cap_mb:,.0f} MB; stopped")


# How often a long wait looks at the server's memory (each look is one short call to the page).
_GUARD_SECONDS = 2.0


def _painted(page, timeout: float, guard: Guard | None = None) -> float:
    """Epoch milliseconds at which the map's frame was painted with the expected markers."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        painted = page.evaluate(
            "ms => Promise.race([window.__kgtjPainted, "
            "new Promise(done => setTimeout(() => done(null), ms))])",
            min(left, _GUARD_SECONDS) * 1000,
        )
        if painted is not None:
            return float(painted)
        if guard:
            guard.check()
    raise TimeoutError("the map did not show the expected markers in time")


def _open(browser, server: Server, app: str, expected: int, timeout: float, guard: Guard | None = None):
    """A new page on ``server``: seconds from navigation start to the map painted
    with ``expected`` markers."""
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.add_init_script(f"{_WATCH}({[MARKERS[app], expected]!r})")
    counter = _Bytes(page)
    try:
        page.goto(server.url, timeout=timeout * 1000)
        painted = _painted(page, timeout, guard)
    except Exception:
        page.close()
        raise
    return page, (painted - page.evaluate("performance.timeOrigin")) / 1000, counter


def _slider_move(page, app: str, dataset: Dataset, timeout: float, guard: Guard | None = None) -> float:
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
    painted = _painted(page, timeout, guard)
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


@dataclass(frozen=True)
class Target:
    """One app on one data folder, as measured."""

    app: str
    folder: Path
    dataset: Dataset
    label: str


def _one_open(browser, target: Target, server: Server, result: Result, *, timeout: float,
              guard: Guard) -> None:
    """A timed page open of ``target`` and, for the atlas and the naive page, a slider change
    (for the atlas also with its timeline open)."""
    expected = expected_markers(target.app, target.dataset, *record_span(target.dataset))
    page, seconds, counter = _open(browser, server, target.app, expected, timeout, guard)
    try:
        time.sleep(1.0)  # let late messages (charts, tables) arrive before counting bytes
        result.opens.append(seconds)
        result.open_bytes.append(counter.total)
        result.file_bytes.append(counter.files)
        if target.app in ("ours", "naive"):
            result.moves.append(_slider_move(page, target.app, target.dataset, timeout, guard))
        if target.app == "ours":  # and again with the timeline's charts open
            _open_timeline(page, timeout)
            result.timeline_moves.append(_slider_move(page, target.app, target.dataset, timeout, guard))
    finally:
        page.close()


def measure(browser, targets: list[Target], *, runs: int, timeout: float, cap_mb: float) -> list[Result]:
    """Measure ``targets`` interleaved: all their servers run at once; after a cold open of
    each, every round opens each one in turn, in an order that rotates from round to round.

    A target that fails (a timeout, the memory cap) keeps its failure and is left out of
    the later rounds; its server's peak memory is still reported.
    """
    results = [Result() for _ in targets]
    with ExitStack() as stack:
        servers = [stack.enter_context(serving(app=APPS[t.app], data_dir=t.folder, timeout=timeout))
                   for t in targets]
        guards = [Guard(server, cap_mb) for server in servers]

        def attempt(i: int, action: Callable[[], None]) -> None:
            if results[i].failure:
                return
            try:
                action()
            except Exception as error:  # reported in the table: the naive map may fail outright
                results[i].failure = f"{type(error).__name__}: {str(error).splitlines()[0][:80]}"
            finally:
                # a server stopped by its guard has no figure left to read: the guard's stands
                with contextlib.suppress(OSError, RuntimeError, StopIteration):
                    results[i].memory_mb = servers[i].peak_memory_mb()
                if guards[i].seen_mb > (results[i].memory_mb or 0):
                    results[i].memory_mb = guards[i].seen_mb

        def cold(i: int) -> None:
            target = targets[i]
            expected = expected_markers(target.app, target.dataset, *record_span(target.dataset))
            page, results[i].cold, _ = _open(browser, servers[i], target.app, expected, timeout, guards[i])
            page.close()

        for i in range(len(targets)):
            attempt(i, lambda i=i: cold(i))
        for round_ in range(runs):
            for k in range(len(targets)):
                i = (k + round_) % len(targets)
                attempt(i, lambda i=i: _one_open(browser, targets[i], servers[i], results[i], timeout=timeout,
                                                  guard=guards[i]))
    return results


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _cell(value: float | None, unit: str = "s", digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}{unit}"


def _ratio(a: float | None, b: float | None) -> str:
    return "—" if a is None or b is None or b == 0 else f"{a / b:.3f}"


def _row(target: Target, result: Result) -> str:
    open_bytes, file_bytes = _median(result.open_bytes), _median(result.file_bytes)
    return (
        f"| {target.label} | {target.app} | {_cell(_median(result.opens))} | {_cell(result.cold)} "
        f"| {_cell(_median(result.moves))} | {_cell(_median(result.timeline_moves))} "
        f"| {_cell(open_bytes / 1e6 if open_bytes else None, '', 2)} "
        f"| {_cell(file_bytes / 1e6 if file_bytes is not None else None, '', 2)} "
        f"| {_cell(result.memory_mb, '', 0)} | {len(result.opens)} | {result.failure} |"
    )


_LOAD = """
import json, sys, time
sys.path.insert(0, sys.argv[2])
from geo.load import load_dataset
started = time.perf_counter()
dataset = load_dataset(sys.argv[1])
seconds = time.perf_counter() - started
# VmHWM, not getrusage: ru_maxrss carries the forking parent's peak across exec
status = open("/proc/self/status").read().splitlines()
peak = next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "peak_mb": peak, "events": len(dataset.events),
                  "problems": len(dataset.problems)}))
"""


def _load_once(folder: Path) -> dict:
    import json

    done = subprocess.run([sys.executable, "-c", _LOAD, str(folder), str(ROOT)], capture_output=True,
                          text=True, check=True, env=os.environ.copy())
    return json.loads(done.stdout.strip().splitlines()[-1])


def load_table(folders: dict[str, Path], runs: int) -> None:
    """Loading each folder in a process of its own: the first start, then from the cache."""
    print("| data | events | first start (s) | its peak MB | from the cache (s) | its peak MB | problems |")
    print("|---|---|---|---|---|---|---|", flush=True)
    for label, folder in folders.items():
        first = _load_once(folder)
        warm = [_load_once(folder) for _ in range(runs)]
        print(
            f"| {label} | {first['events']:,} | {first['seconds']:.2f} | {first['peak_mb']:,.0f} "
            f"| {statistics.median(w['seconds'] for w in warm):.2f} "
            f"| {statistics.median(w['peak_mb'] for w in warm):,.0f} | {first['problems']} |",
            flush=True,
        )


_HEADER = ("| events | app | page open → map (s) | cold open (s) | slider → map (s) "
           "| slider, timeline open (s) | MB received | of which map files | peak server MB | opens "
           "| note |\n|---|---|---|---|---|---|---|---|---|---|---|")


def browser_tables(folders: dict[int, Path], runs: int, timeout: float, cap_mb: float) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        datasets = {size: load_dataset(folder) for size, folder in folders.items()}
        print(f"The atlas at every size, interleaved ({_load_average()}):\n")
        print(_HEADER, flush=True)
        ours = [Target("ours", folder, datasets[size], f"{size:,}") for size, folder in folders.items()]
        measured = measure(browser, ours, runs=runs, timeout=timeout, cap_mb=cap_mb)
        found = dict(zip(folders, measured, strict=True))
        for target, size in zip(ours, folders, strict=True):
            print(_row(target, found[size]), flush=True)
        print(f"\nThe naive page, alone at each size ({_load_average()}):\n")
        print(_HEADER, flush=True)
        naive = {}
        for size, folder in folders.items():
            target = Target("naive", folder, datasets[size], f"{size:,}")
            (naive[size],) = measure(browser, [target], runs=runs, timeout=timeout, cap_mb=cap_mb)
            print(_row(target, naive[size]), flush=True)
        print("\n| events | open ours/naive | slider ours/naive | bytes ours/naive | memory ours/naive |")
        print("|---|---|---|---|---|")
        for size in folders:
            a, b = found[size], naive[size]
            print(f"| {size:,} | {_ratio(_median(a.opens), _median(b.opens))} "
                  f"| {_ratio(_median(a.moves), _median(b.moves))} "
                  f"| {_ratio(_median(a.open_bytes), _median(b.open_bytes))} "
                  f"| {_ratio(a.memory_mb, b.memory_mb)} |")
        smallest, largest = min(folders), max(folders)

        bundled = load_dataset(ROOT / "data")
        print(f"\nBundled data ({len(bundled.events)} events), interleaved: ours, the same controls around "
              "one marker (controls), one marker alone (floor) and the atlas's map alone (map) "
              f"({_load_average()}):\n")
        print(_HEADER, flush=True)
        apps = [Target(app, ROOT / "data", bundled, "bundled")
                for app in ("ours", "controls", "floor", "map")]
        by_app = dict(zip((t.app for t in apps),
                          measure(browser, apps, runs=runs, timeout=timeout, cap_mb=cap_mb), strict=True))
        for target in apps:
            print(_row(target, by_app[target.app]), flush=True)
        opens = {app: _median(result.opens) for app, result in by_app.items()}
        for app in ("ours", "map"):
            print(f"\n{app}/controls: page open {_ratio(opens[app], opens['controls'])}; {app}/floor: page "
                  f"open {_ratio(opens[app], opens['floor'])}, cold open "
                  f"{_ratio(by_app[app].cold, by_app['floor'].cold)}", flush=True)
        big, small, home = found[largest], found[smallest], by_app["ours"]
        print(f"""
Targets (issue 20), {largest:,} events against {smallest:,} and the bundled data:
- page open (warm) within 1.5x of {smallest:,} events: {_ratio(_median(big.opens), _median(small.opens))}
- slider change <= 0.5 s: {_cell(_median(big.moves))} (timeline open: {_cell(_median(big.timeline_moves))})
- server peak memory <= 1,500 MB: {_cell(big.memory_mb, ' MB', 0)}
- cold start within 3x the bundled cold start: {_ratio(big.cold, home.cold)} \
({_cell(big.cold)} against {_cell(home.cold)})
- our page open within 1.10x of the same controls around one marker: \
{_ratio(opens['ours'], opens['controls'])}""", flush=True)
        browser.close()


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )
    return (f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, "
            f"folium {folium.__version__}, Chromium at {CHROMIUM}")


def _load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"Load average {one:.1f} / {five:.1f} / {fifteen:.1f} (1 / 5 / 15 min) on {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=180, help="seconds before a measurement gives up")
    parser.add_argument("--memory-cap", type=float, default=4000,
                        help="MB of resident memory at which a server is stopped (the naive page)")
    parser.add_argument("--skip-python", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args(argv)
    print(f"# Benchmark, {dt.date.today()}: {machine()}; medians of {args.runs} runs\n", flush=True)
    print(f"{_load_average()} at the start (the machine is shared: other work counts too)\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="kgtj-bench-") as tmp:
        # a cache of this run's own, for this process and the servers it starts: the first
        # start of each data folder below is a real one
        os.environ["KGTJ_CACHE_DIR"] = str(Path(tmp) / "cache")
        folders = {size: write_synthetic(Path(tmp) / str(size), size) for size in args.sizes}
        print("Loading the data in a process of its own (first start: files read, checked and "
              f"cached; then {args.runs} starts from the cache, median):\n", flush=True)
        load_table({"bundled": ROOT / "data", **{f"{n:,}": f for n, f in folders.items()}}, args.runs)
        print(flush=True)
        if not args.skip_python:
            print("Python build of the page for the whole record (no browser):\n", flush=True)
            python_table(folders, args.runs)
            print(flush=True)
        if not args.skip_browser:
            print("In headless Chromium:\n", flush=True)
            browser_tables(folders, args.runs, args.timeout, args.memory_cap)
    print(f"\n{_load_average()} at the end", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
