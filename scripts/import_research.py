"""Add researched rows (research/incidents_XX.csv, sources_XX.csv, claims_XX.csv) to data/.

Maintainers only. Research helpers write their findings with verbatim evidence into
``research/``; this script copies the rows marked ``new`` into the data files in the data
files' own columns, and prints every row it refuses with the reason (an id already taken, a
reference that does not resolve), so nothing is dropped silently. The evidence stays in
``research/``; ``python -m geo.validate data`` checks the result.

Two more kinds of research file are applied to rows already in data/:

* ``research/triggers_actors_existing.csv`` (``--triggers``): the ``trigger`` and ``actors`` of
  existing events, filled only where the data leaves them empty;
* ``research/corrections_XX.csv`` (``--corrections XX``): verified changes of one field of one
  row (``file,row_id,field,old_value,new_value,source_ids,...,decision``), applied only where
  the lead's review ``decision`` says ``apply`` and the cell still holds ``old_value``; a
  changed event date renames the event id to match (and every reference to it).

Usage::

    python scripts/import_research.py r1014 r1520 ... [--triggers] [--corrections r6tp ...]
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
    if not path.exists():  # a research round may have found no figures (no claims file)
        return [], []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
        return list(reader.fieldnames or []), rows


def _write(path: Path, header: list[str], rows: Iterable[dict[str, str]]) -> None:
    # keep the file's own line endings, so that a diff shows only the rows that changed
    ending = "\r\n" if b"\r\n" in path.read_bytes()[:4096] else "\n"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore", lineterminator=ending)
        writer.writeheader()
        writer.writerows(rows)


def _place_ids() -> set[str]:
    import json

    features = json.loads((DATA / "places.geojson").read_text("utf-8"))["features"]
    return {feature["properties"]["place_id"] for feature in features}


def apply_triggers(events: list[dict[str, str]], refused: list[str]) -> int:
    """Fill empty trigger/actors cells of existing events from the research file."""
    _, rows = _read(RESEARCH / "triggers_actors_existing.csv")
    by_id = {row["event_id"]: row for row in events}
    filled = 0
    for line, row in enumerate(rows, start=2):
        event = by_id.get(row["event_id"])
        if event is None:
            refused.append(f"triggers_actors_existing.csv:{line}: event_id {row['event_id']!r} not in data")
            continue
        for field in ("trigger", "actors"):
            if row.get(field) and not event.get(field):
                event[field] = row[field]
                filled += 1
    return filled


_ID_COLUMN = {"events.csv": "event_id", "claims.csv": "claim_id", "sources.csv": "source_id"}


def apply_corrections(
    code: str, tables: dict[str, list[dict[str, str]]], refused: list[str]
) -> dict[str, str]:
    """Apply ``corrections_<code>.csv``; return the event ids renamed (old -> new)."""
    _, rows = _read(RESEARCH / f"corrections_{code}.csv")
    renamed: dict[str, str] = {}
    for line, row in enumerate(rows, start=2):
        where = f"corrections_{code}.csv:{line}"
        if not row.get("decision", "").startswith("apply"):  # the lead's review of each change
            refused.append(f"{where}: not applied ({row.get('decision') or 'no review decision'})")
            continue
        table = tables.get(row["file"])
        if table is None:
            refused.append(f"{where}: file {row['file']!r} is not one of {sorted(tables)}")
            continue
        key = _ID_COLUMN[row["file"]]
        target = next((r for r in table if r[key] == renamed.get(row["row_id"], row["row_id"])), None)
        if target is None:
            refused.append(f"{where}: {key} {row['row_id']!r} not in {row['file']}")
        elif target.get(row["field"], "") != row["old_value"]:
            refused.append(f"{where}: {row['field']} is {target.get(row['field'], '')!r}, not the "
                           f"old value {row['old_value']!r}; not changed")
        else:
            target[row["field"]] = row["new_value"]
            if row["file"] == "events.csv" and row["field"] == "date_start":
                old = target["event_id"]
                new = row["new_value"] + old[10:] if old[:10] == row["old_value"] else old
                if new != old:
                    target["event_id"] = renamed[row["row_id"]] = new
    return renamed


def _rename(renamed: dict[str, str], claims: list[dict[str, str]]) -> None:
    for claim in claims:
        claim["event_id"] = renamed.get(claim["event_id"], claim["event_id"])


def main(args: list[str]) -> int:
    triggers = "--triggers" in args
    cut = args.index("--corrections") if "--corrections" in args else len(args)
    corrections = args[cut + 1:]
    codes = [a for a in args[:cut] if not a.startswith("--")]
    event_header, events = _read(DATA / "events.csv")
    # the optional columns research fills (they may be left out of a header: add them)
    event_header += [c for c in ("trigger", "actors") if c not in event_header]
    claim_header, claims = _read(DATA / "claims.csv")
    source_header, sources = _read(DATA / "sources.csv")
    event_ids = {row["event_id"] for row in events}
    claim_ids = {row["claim_id"] for row in claims}
    source_ids = {row["source_id"] for row in sources}
    places = _place_ids()
    refused: list[str] = []
    added: dict[str, int] = {"events": 0, "claims": 0, "sources": 0}

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

    if triggers:
        added["trigger/actors cells"] = apply_triggers(events, refused)
    tables = {"events.csv": events, "claims.csv": claims, "sources.csv": sources}
    for code in corrections:
        renamed = apply_corrections(code, tables, refused)
        _rename(renamed, claims)
        added[f"renamed by corrections_{code}"] = len(renamed)
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
