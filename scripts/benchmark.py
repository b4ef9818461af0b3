"""Benchmark: our map against a naive Folium map, on synthetic event sets.

Usage::

    python scripts/benchmark.py [--sizes 1000 10000 100000] [--runs 3]

For each size, synthetic events (same schema as data/, placed at our located
places, dated 2000–2025, random types) are drawn with a fixed seed, and both
pipelines build what would be sent to the browser:

* **ours** — `geo.view.build_view` + `geo.maps.whole_map` (one GeoJSON layer per
  kind, escaped tooltips, local assets);
* **naive** — the common recipe: one `folium.Marker` with an HTML popup per event.

It prints Python build time (median of ``--runs``) and bytes of HTML, and the
ratios ours/naive. Browser timings are measured by scripts/measure_browser.py.
This is the first part of the performance work (issue 8): it measures, it does
not yet optimise.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import folium
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.filters import Filters  # noqa: E402
from geo.load import Dataset, load_dataset  # noqa: E402
from geo.maps import whole_map  # noqa: E402
from geo.view import build_view  # noqa: E402
from geo.vocabulary import EVENT_TYPES  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
START, END = dt.date(2000, 1, 1), dt.date(2025, 12, 31)


def synthetic(dataset: Dataset, size: int, *, seed: int = 7) -> Dataset:
    """``dataset`` with ``size`` synthetic events (and no claims) at its located places."""
    rng = np.random.default_rng(seed)
    located = list(dataset.places[dataset.places.geometry.notna()]["place_id"])
    days = (END - START).days
    starts = [START + dt.timedelta(days=int(d)) for d in rng.integers(0, days, size)]
    types = list(EVENT_TYPES)
    events = pd.DataFrame(
        {
            "event_id": [f"syn-{i:06d}" for i in range(size)],
            "date_start": starts,
            "date_end": [
                s + dt.timedelta(days=int(k)) for s, k in zip(starts, rng.integers(0, 3, size), strict=True)
            ],
            "date_precision": "day",
            "event_type": [types[i] for i in rng.integers(0, len(types), size)],
            "title": [f"Synthetic event {i}" for i in range(size)],
            "description": "Synthetic benchmark event; describes nothing real.",
            "place_ids": [(located[i],) for i in rng.integers(0, len(located), size)],
            "segment_ids": [()] * size,
            "source_ids": [("geonames-cities500",)] * size,
            "location_note": None,
            "_row": range(2, size + 2),
        },
        dtype=object,
    )
    return dataclasses.replace(dataset, events=events, claims=dataset.claims.iloc[0:0])


def ours(dataset: Dataset) -> str:
    view = build_view(dataset, Filters(START, END))
    return whole_map(dataset, view).get_root().render()


def naive(dataset: Dataset) -> str:
    places = zip(dataset.places["place_id"], dataset.places.geometry, strict=True)
    coords = {pid: (geom.y, geom.x) for pid, geom in places if geom is not None}
    m = folium.Map(location=(40.0, 70.3), zoom_start=9)
    for _, e in dataset.events.iterrows():
        lat, lon = coords[e["place_ids"][0]]
        popup = folium.Popup(f"<b>{e['title']}</b><br>{e['date_start']}<br>{e['description']}", max_width=300)
        folium.Marker((lat, lon), popup=popup, tooltip=e["title"]).add_to(m)
    return m.get_root().render()


def _timed(build, dataset: Dataset, runs: int) -> tuple[float, int]:
    seconds, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(build(dataset).encode("utf-8"))
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    base = load_dataset(ROOT / "data")
    print(f"# {dt.date.today()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"folium {folium.__version__}; medians of {args.runs} runs\n")
    print(
        "| events | ours build (s) | naive build (s) | ours/naive time | ours MB | naive MB "
        "| ours/naive bytes |"
    )
    print("|---|---|---|---|---|---|---|")
    for size in args.sizes:
        data = synthetic(base, size)
        ours_s, ours_b = _timed(ours, data, args.runs)
        naive_s, naive_b = _timed(naive, data, max(1, args.runs if size <= 10000 else 1))
        print(f"| {size:,} | {ours_s:.2f} | {naive_s:.2f} | {ours_s / naive_s:.2f} | {ours_b / 1e6:.1f} | "
              f"{naive_b / 1e6:.1f} | {ours_b / naive_b:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
