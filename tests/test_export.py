"""Downloads: filtered events as CSV and GeoJSON with claims and sources, the dataset, the map."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from geo.export import dataset_zip, events_csv, events_geojson, standalone_html
from geo.filters import Filters, filter_events
from geo.map import whole_map
from geo.view import build_view

TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"
SEPT = Filters(dt.date(2022, 9, 14), dt.date(2022, 9, 17))


def test_csv_has_one_row_per_filtered_event_with_claims_and_sources(tiny) -> None:
    rows = list(csv.DictReader(io.StringIO(events_csv(tiny, filter_events(tiny.events, SEPT)))))
    assert [r["event_id"] for r in rows] == ["e2", "e4", "e3"]
    e2 = rows[0]
    assert e2["places"] == "Beta" and e2["place_coordinates_lat_lon"] == "40.1 70.6"
    assert "Kyrgyz ministry (KG): killed (KG) 10 on 2022-09-15 [s1]" in e2["claims"]
    assert "Tajik government (TJ): killed (TJ) about 3–5 on 2022-09-16 [s2]" in e2["claims"]
    assert e2["source_urls"] == "https://example.org/a"
    assert rows[1]["places"] == "" and rows[1]["location_note"] == "Outside the map area."


def test_geojson_keeps_events_without_a_location(tiny) -> None:
    document = json.loads(events_geojson(tiny, filter_events(tiny.events, dt_all())))
    by_event: dict[str, list] = {}
    for feature in document["features"]:
        by_event.setdefault(feature["properties"]["event_id"], []).append(feature["geometry"])
    assert by_event["e3"] == [{"type": "Point", "coordinates": [70.5, 39.9]}, {"type": "Point", "coordinates": [70.6, 40.1]}]
    assert by_event["e4"] == [None]  # no place: kept with a null geometry
    assert by_event["e5"] == [None]  # place of unknown location: kept too
    e2 = next(f for f in document["features"] if f["properties"]["event_id"] == "e2")
    assert [c["claim_id"] for c in e2["properties"]["claims"]] == ["c1", "c2", "c3"]
    assert "OpenStreetMap" in document["attribution"]


def dt_all() -> Filters:
    return Filters(dt.date(2000, 1, 1), dt.date(2026, 1, 1))


def test_dataset_zip_holds_every_file_and_the_licence() -> None:
    archive = zipfile.ZipFile(io.BytesIO(dataset_zip(TINY, licence_text="MIT + ODbL")))
    names = set(archive.namelist())
    assert "kg-tj-atlas-data/events.csv" in names and "kg-tj-atlas-data/places.geojson" in names
    assert archive.read("kg-tj-atlas-data/LICENSE.txt") == b"MIT + ODbL"
    assert b"ODbL" in archive.read("kg-tj-atlas-data/ATTRIBUTION.txt")


def test_standalone_html_needs_no_server_and_no_network(tiny) -> None:
    html = standalone_html(whole_map(tiny, build_view(tiny, SEPT)))
    assert not re.findall(r'<(?:script|link)[^>]+(?:src|href)="', html)
    assert "/app/static" not in html
    assert "L.map(" in html and "Shelling of Beta" in html
    assert "Leaflet 1." in html.split("L.map(")[0]  # Leaflet inlined before the map's own script


FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)",
            "\t=1+1", "\r=1+1", "=1", "-", "+"]


def test_no_csv_cell_can_start_a_formula(tiny) -> None:
    from geo.text import FORMULA_START

    events = filter_events(tiny.events, SEPT).copy()
    events["title"] = FORMULAS[: len(events)]
    events["description"] = FORMULAS[-len(events):]
    events["location_note"] = ["@x", "=y", "+z"][: len(events)]
    rows = list(csv.reader(io.StringIO(events_csv(tiny, events))))
    cells = [cell for row in rows for cell in row]
    assert {"'=1", "'-", "'@x", "'+1+1", "'=y"} <= set(cells)
    assert [c for c in cells if c.startswith(FORMULA_START)] == []


@pytest.mark.parametrize(
    ("cell", "written"),
    [("=1+2", "'=1+2"), ("-3", "-3"), ("+1.5e3", "+1.5e3"), ("-3 killed", "'-3 killed"), ("@a", "'@a"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), ("", ""), (None, "")],
)
def test_spreadsheet_safe(cell: object, written: str) -> None:
    from geo.text import spreadsheet_safe

    assert spreadsheet_safe(cell) == written
