"""Taking the data away: filtered events as CSV or GeoJSON, the whole dataset, the map.

Exports carry their provenance: every event row holds its claims and its
sources (with URLs), and every file says where the data comes from and under
which licence.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
import pandas as pd
import xstatic.pkg.leaflet as xs_leaflet

from geo.attribution import ATTRIBUTION
from geo.load import Dataset
from geo.text import spreadsheet_safe
from geo.vocabulary import EVENT_TYPES

__all__ = ["ATTRIBUTION", "claims_csv", "dataset_zip", "events_csv", "events_geojson", "standalone_html"]



@dataclass(frozen=True)
class _Lookups:
    """The dataset indexed once per export, not once per event."""

    claims: dict[str, pd.DataFrame]
    sources: pd.DataFrame
    places: pd.DataFrame

    @classmethod
    def of(cls, dataset: Dataset) -> _Lookups:
        return cls(
            claims={str(k): g for k, g in dataset.claims.groupby("event_id")},
            sources=dataset.sources.set_index("source_id"),
            places=dataset.places.set_index("place_id"),
        )


def _claims_of(lookups: _Lookups, event_id: str) -> list[dict[str, Any]]:
    claims = lookups.claims.get(event_id)
    if claims is None:
        return []
    urls = lookups.sources["url"]
    return [
        {
            "claim_id": c["claim_id"],
            "claimant": c["claimant"],
            "claimant_side": c["claimant_side"],
            "metric": c["metric"],
            "affected_side": c["affected_side"],
            "value_low": int(c["value_low"]),
            "value_high": int(c["value_high"]),
            "qualifier": c["qualifier"],
            "claim_date": c["claim_date"].isoformat() if c["claim_date"] else None,
            "source_id": c["source_id"],
            "source_url": urls.get(c["source_id"]),
            "repeats": c.get("repeats") or None,
            "status": c.get("status") or None,
        }
        for _, c in claims.iterrows()
    ]


def _sources_of(lookups: _Lookups, ids: tuple[str, ...]) -> list[dict[str, Any]]:
    table = lookups.sources
    return [
        {"source_id": i, "title": table.loc[i, "title"], "publisher": table.loc[i, "publisher"],
         "url": table.loc[i, "url"]}
        for i in ids
        if i in table.index
    ]


def _places_of(lookups: _Lookups, ids: tuple[str, ...]) -> list[dict[str, Any]]:
    table = lookups.places
    places = []
    for i in ids:
        if i not in table.index:
            continue
        geom = table.loc[i, "geometry"]
        places.append(
            {
                "place_id": i,
                "name": table.loc[i, "name"],
                "precision": table.loc[i, "precision"],
                "lon": None if geom is None else round(geom.x, 5),
                "lat": None if geom is None else round(geom.y, 5),
            }
        )
    return places


def _event_record(lookups: _Lookups, e: pd.Series) -> dict[str, Any]:
    return {
        "event_id": e["event_id"],
        "date_start": e["date_start"].isoformat(),
        "date_end": e["date_end"].isoformat(),
        "date_precision": e["date_precision"],
        "event_type": e["event_type"],
        "event_type_label": EVENT_TYPES[e["event_type"]].label,
        "title": e["title"],
        "description": e["description"],
        "location_note": e["location_note"] or "",
        "places": _places_of(lookups, e["place_ids"]),
        "claims": _claims_of(lookups, e["event_id"]),
        "sources": _sources_of(lookups, e["source_ids"]),
    }


class _SafeWriter:
    """``csv.writer`` whose every cell goes through `geo.text.spreadsheet_safe`: every CSV
    the atlas writes uses it, so no cell can start a formula."""

    def __init__(self, buffer: io.StringIO) -> None:
        self._writer = csv.writer(buffer)

    def writerow(self, row: list[object]) -> None:
        self._writer.writerow([spreadsheet_safe(cell) for cell in row])


def events_csv(dataset: Dataset, events: pd.DataFrame) -> str:
    """One row per event, ready for analysis: each place's id, name, latitude and longitude in
    their own columns (``;``-separated, in the same order; empty for an unlocated place), the
    ids of its claims (their figures are in `claims_csv`) and of its sources with their URLs."""
    buffer = io.StringIO()
    writer = _SafeWriter(buffer)
    writer.writerow(
        ["event_id", "date_start", "date_end", "date_precision", "event_type", "title", "description",
         "trigger", "actors", "place_ids", "place_names", "place_latitudes", "place_longitudes",
         "location_note", "claim_ids", "source_ids", "source_urls"]
    )
    lookups = _Lookups.of(dataset)
    for _, e in events.iterrows():
        r = _event_record(lookups, e)
        places = r["places"]
        writer.writerow(
            [r["event_id"], r["date_start"], r["date_end"], r["date_precision"], r["event_type"],
             r["title"], r["description"], e.get("trigger") or "", ";".join(e.get("actors") or ()),
             ";".join(p["place_id"] for p in places), ";".join(p["name"] for p in places),
             ";".join("" if p["lat"] is None else str(p["lat"]) for p in places),
             ";".join("" if p["lon"] is None else str(p["lon"]) for p in places),
             r["location_note"], ";".join(c["claim_id"] for c in r["claims"]),
             ";".join(s["source_id"] for s in r["sources"]),
             " ".join(s["url"] for s in r["sources"] if s["url"])]
        )
    return buffer.getvalue()


CLAIM_COLUMNS = (
    "claim_id", "event_id", "event_date_start", "event_title", "claimant", "claimant_side", "metric",
    "affected_side", "value_low", "value_high", "qualifier", "claim_date", "repeats", "status",
    "source_id", "source_url",
)


def claims_csv(dataset: Dataset, events: pd.DataFrame) -> str:
    """One row per claim about the given events: who claimed what figure, when, and where we
    read it. ``repeats`` names the claim a row only repeats: leave those out when counting."""
    buffer = io.StringIO()
    writer = _SafeWriter(buffer)
    writer.writerow(list(CLAIM_COLUMNS))
    lookups = _Lookups.of(dataset)
    for _, e in events.iterrows():
        for c in _claims_of(lookups, e["event_id"]):
            row = {**c, "event_id": e["event_id"], "event_date_start": e["date_start"].isoformat(),
                   "event_title": e["title"]}
            writer.writerow(["" if row.get(k) is None else row[k] for k in CLAIM_COLUMNS])
    return buffer.getvalue()


def events_geojson(dataset: Dataset, events: pd.DataFrame) -> str:
    """RFC 7946 GeoJSON: one feature per event, its located places as a MultiPoint (null
    geometry when none is located), so that an event and its claims count once in a GIS."""
    features = []
    lookups = _Lookups.of(dataset)
    for _, e in events.iterrows():
        record = _event_record(lookups, e)
        located = [[p["lon"], p["lat"]] for p in record["places"] if p["lat"] is not None]
        geometry = {"type": "MultiPoint", "coordinates": located} if located else None
        features.append({"type": "Feature", "id": record["event_id"], "properties": record,
                         "geometry": geometry})
    document = {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}
    return json.dumps(document, ensure_ascii=False, indent=1)


def dataset_zip(data_dir: Path, *, licence_text: str) -> bytes:
    """Every data file, its documentation and the licence and attribution notes, zipped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(data_dir.iterdir()):
            if path.is_file() and path.suffix in (".csv", ".geojson", ".md"):
                archive.write(path, f"kg-tj-atlas-data/{path.name}")
        archive.writestr("kg-tj-atlas-data/ATTRIBUTION.txt", ATTRIBUTION + "\n")
        archive.writestr("kg-tj-atlas-data/LICENSE.txt", licence_text)
    return buffer.getvalue()


def standalone_html(m: folium.Map) -> str:
    """The map as one HTML file that works offline: Leaflet inlined."""
    m.default_js = []
    m.default_css = []
    html = m.get_root().render()
    leaflet_dir = Path(xs_leaflet.BASE_DIR)
    # '</' inside inlined code would end the element early; Leaflet's images are not needed
    # for vector layers and the layer control (its icon falls back to text).
    inline = (
        "<style>" + (leaflet_dir / "leaflet.css").read_text("utf-8") + "</style>\n"
        + "<script>" + (leaflet_dir / "leaflet.js").read_text("utf-8").replace("</", "<\\/") + "</script>\n"
    )
    return html.replace("<head>", "<head>\n" + inline, 1)
