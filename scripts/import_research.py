"""Add researched rows (research/incidents_XX.csv, sources_XX.csv, claims_XX.csv) to data/.

Maintainers only. Research helpers write their findings with verbatim evidence into
``research/``; this script copies the rows marked ``new`` into the data files in the data
files' own columns, and prints every row it refuses with the reason (an id already taken, a
reference that does not resolve), so nothing is dropped silently. The evidence stays in
``research/``; ``python -m geo.validate data`` checks the result.

Usage::

    python scripts/import_research.py r1014 r1520 ...
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RESEARCH = ROOT / "research"


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
        return list(reader.fieldnames or []), rows


def _write(path: Path, header: list[str], rows: Iterable[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _place_ids() -> set[str]:
    import json

    features = json.loads((DATA / "places.geojson").read_text("utf-8"))["features"]
    return {feature["properties"]["place_id"] for feature in features}


def main(codes: list[str]) -> int:
    event_header, events = _read(DATA / "events.csv")
    claim_header, claims = _read(DATA / "claims.csv")
    source_header, sources = _read(DATA / "sources.csv")
    event_ids = {row["event_id"] for row in events}
    claim_ids = {row["claim_id"] for row in claims}
    source_ids = {row["source_id"] for row in sources}
    places = _place_ids()
    refused: list[str] = []
    added = {"events": 0, "claims": 0, "sources": 0}

    for code in codes:
        _, new_sources = _read(RESEARCH / f"sources_{code}.csv")
        for line, row in enumerate(new_sources, start=2):
            if row["source_id"] in source_ids:
                refused.append(f"sources_{code}.csv:{line}: source_id {row['source_id']!r} already in data")
                continue
            sources.append(row)
            source_ids.add(row["source_id"])
            added["sources"] += 1

        _, new_events = _read(RESEARCH / f"incidents_{code}.csv")
        for line, row in enumerate(new_events, start=2):
            where = f"incidents_{code}.csv:{line}"
            if row.get("status", "new") != "new":
                continue
            if row["event_id"] in event_ids:
                refused.append(f"{where}: event_id {row['event_id']!r} already in data")
                continue
            missing = [s for s in row["source_ids"].split(";") if s.strip() and s.strip() not in source_ids]
            if missing or not row["source_ids"]:
                refused.append(f"{where}: source_ids {missing or '(empty)'} not in sources.csv")
                continue
            row["date_end"] = row.get("date_end") or row["date_start"]
            ids = [p.strip() for p in row.get("place_ids", "").split(";") if p.strip()]
            unknown = [p for p in ids if p not in places]
            row["place_ids"] = ";".join(p for p in ids if p in places)
            named = "; ".join(filter(None, [row.get("place_names", ""), *unknown]))
            if named:
                note = row.get("location_note", "")
                row["location_note"] = f"{note} Places named by the sources: {named}." if note else (
                    f"Places named by the sources: {named}.")
            events.append(row)
            event_ids.add(row["event_id"])
            added["events"] += 1

        _, new_claims = _read(RESEARCH / f"claims_{code}.csv")
        for line, row in enumerate(new_claims, start=2):
            where = f"claims_{code}.csv:{line}"
            if row["claim_id"] in claim_ids:
                refused.append(f"{where}: claim_id {row['claim_id']!r} already in data")
            elif row["event_id"] not in event_ids:
                refused.append(f"{where}: event_id {row['event_id']!r} not in events.csv")
            elif row["source_id"] not in source_ids:
                refused.append(f"{where}: source_id {row['source_id']!r} not in sources.csv")
            else:
                claims.append(row)
                claim_ids.add(row["claim_id"])
                added["claims"] += 1

    events.sort(key=lambda row: (row["date_start"], row["event_id"]))
    _write(DATA / "events.csv", event_header, events)
    _write(DATA / "claims.csv", claim_header, claims)
    _write(DATA / "sources.csv", source_header, sources)
    print(f"added {added}")
    for message in refused:
        print("refused", message)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
