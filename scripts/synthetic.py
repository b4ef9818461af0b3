"""Synthetic event sets for the benchmark: the bundled data with N made-up events.

Usage::

    python scripts/synthetic.py OUT_DIR --size 10000 [--seed 7]

writes a complete data folder (same files and schema as ``data/``) whose
``events.csv`` holds ``size`` synthetic events at the located places of the
bundled data, dated 2000–2025 with random types, and whose ``claims.csv`` holds
about one claim per three events (sides, metrics and values drawn at random).
Every synthetic row says in its text that it describes nothing real; the
geography, sources and statistics are the real ones, so the app loads the
folder exactly as it loads ``data/`` (``KGTJ_DATA_DIR=OUT_DIR``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.vocabulary import AGGREGATE, EVENT_TYPES  # noqa: E402

START, END = dt.date(2000, 1, 1), dt.date(2025, 12, 31)
SOURCE_ID = "geonames-cities500"  # an existing source, so references resolve
NOTE = "Synthetic benchmark row; describes nothing real."
_EVENT_COLUMNS = (
    "event_id", "date_start", "date_end", "date_precision", "event_type", "title", "description",
    "place_ids", "segment_ids", "source_ids", "location_note",
)
_CLAIM_COLUMNS = (
    "claim_id", "event_id", "claimant", "claimant_side", "claimant_type", "metric", "affected_side",
    "value_low", "value_high", "qualifier", "claim_date", "source_id", "note",
)


def located_place_ids(data_dir: Path) -> list[str]:
    """Ids of the places in ``data_dir/places.geojson`` that have a point."""
    import json

    features = json.loads((data_dir / "places.geojson").read_text("utf-8"))["features"]
    return sorted(f["properties"]["place_id"] for f in features if f.get("geometry"))


def synthetic_rows(
    size: int, places: list[str], *, seed: int = 7
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """``size`` synthetic event rows and their claim rows, as CSV-ready strings."""
    rng = np.random.default_rng(seed)
    days = (END - START).days
    types = [code for code in EVENT_TYPES if code != AGGREGATE]  # every event an incident
    events, claims = [], []
    for i in range(size):
        start = START + dt.timedelta(days=int(rng.integers(0, days)))
        end = min(start + dt.timedelta(days=int(rng.integers(0, 3))), END)
        event_id = f"syn-{i:06d}"
        events.append({
            "event_id": event_id,
            "date_start": start.isoformat(),
            "date_end": end.isoformat(),
            "date_precision": "day",
            "event_type": types[int(rng.integers(0, len(types)))],
            "title": f"Synthetic event {i}",
            "description": NOTE,
            "place_ids": places[int(rng.integers(0, len(places)))],
            "segment_ids": "",
            "source_ids": SOURCE_ID,
            "location_note": "",
        })
        if rng.random() < 1 / 3:
            low = int(rng.integers(0, 20))
            claims.append({
                "claim_id": f"syn-c{i:06d}",
                "event_id": event_id,
                "claimant": "Synthetic claimant",
                "claimant_side": ("KG", "TJ", "independent")[int(rng.integers(0, 3))],
                "claimant_type": "dataset",
                "metric": ("killed", "injured", "displaced")[int(rng.integers(0, 3))],
                "affected_side": ("KG", "TJ", "both")[int(rng.integers(0, 3))],
                "value_low": str(low),
                "value_high": str(low + int(rng.integers(0, 5))),
                "qualifier": "exact",
                "claim_date": end.isoformat(),
                "source_id": SOURCE_ID,
                "note": NOTE,
            })
    return events, claims


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def write_synthetic(out_dir: Path, size: int, *, seed: int = 7, data_dir: Path = ROOT / "data") -> Path:
    """Copy ``data_dir`` to ``out_dir`` with ``size`` synthetic events and their claims.

    Returns
    -------
    Path
        ``out_dir``, ready for ``KGTJ_DATA_DIR``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in Path(data_dir).iterdir():
        if path.suffix in {".csv", ".geojson"}:
            shutil.copyfile(path, out_dir / path.name)
    events, claims = synthetic_rows(size, located_place_ids(Path(data_dir)), seed=seed)
    _write_csv(out_dir / "events.csv", _EVENT_COLUMNS, events)
    _write_csv(out_dir / "claims.csv", _CLAIM_COLUMNS, claims)
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    write_synthetic(args.out_dir, args.size, seed=args.seed)
    print(f"{args.size:,} synthetic events written to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
