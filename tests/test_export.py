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

from geo.export import claims_csv, dataset_zip, events_csv, events_geojson, standalone_html
from geo.filters import Filters, filter_events
from geo.map import whole_map
from geo.view import build_view

TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"
SEPT = Filters(dt.date(2022, 9, 14), dt.date(2022, 9, 17))


def test_csv_has_one_row_per_filtered_event_with_places_in_their_own_columns(tiny) -> None:
    rows = list(csv.DictReader(io.StringIO(events_csv(tiny, filter_events(tiny.events, SEPT)))))
    assert [r["event_id"] for r in rows] == ["e2", "e4", "e3"]
    e2, e4, e3 = rows
    assert (e2["place_ids"], e2["place_names"], e2["place_latitudes"], e2["place_longitudes"]) == (
        "beta", "Beta", "40.1", "70.6")
    assert e3["place_ids"].split(";") == ["alpha", "beta"]
    assert e3["place_latitudes"].split(";") == ["39.9", "40.1"]  # in the order of place_ids
    assert e2["claim_ids"] == "c1;c2;c3"
    assert e2["source_urls"] == "https://example.org/a"
    assert e4["place_ids"] == "" and e4["location_note"] == "Outside the map area."


def test_claims_csv_has_one_row_per_claim_with_its_source(tiny) -> None:
    rows = list(csv.DictReader(io.StringIO(claims_csv(tiny, filter_events(tiny.events, SEPT)))))
    by_id = {r["claim_id"]: r for r in rows}
    assert sorted(by_id) == sorted(tiny.claims.loc[tiny.claims["event_id"].isin(["e2", "e3", "e4"]), "claim_id"])
    c1 = by_id["c1"]
    assert (c1["event_id"], c1["claimant"], c1["claimant_side"], c1["metric"]) == (
        "e2", "Kyrgyz ministry", "KG", "killed")
    assert (c1["value_low"], c1["value_high"], c1["claim_date"]) == ("10", "10", "2022-09-15")
    assert c1["source_url"] == "https://example.org/a"


def test_geojson_has_one_feature_per_event_and_keeps_events_without_a_location(tiny) -> None:
    document = json.loads(events_geojson(tiny, filter_events(tiny.events, dt_all())))
    ids = [f["properties"]["event_id"] for f in document["features"]]
    assert sorted(ids) == sorted(set(ids))  # claims are never repeated on a second feature
    geometry = {f["properties"]["event_id"]: f["geometry"] for f in document["features"]}
    assert geometry["e3"] == {"type": "MultiPoint", "coordinates": [[70.5, 39.9], [70.6, 40.1]]}
    assert geometry["e4"] is None  # no place: kept with a null geometry
    assert geometry["e5"] is None  # place of unknown location: kept too
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
