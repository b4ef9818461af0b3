"""The generated map: layers, local assets only, filtered events in or out, escaping."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from geo.assets import install_vendor_assets
from geo.filters import Filters
from geo.map import LAYER_NAMES, dynamic_layers, whole_map
from geo.view import build_view


def _render(dataset, filters: Filters) -> str:
    return whole_map(dataset, build_view(dataset, filters)).get_root().render()


ALL = Filters(dt.date(2000, 1, 1), dt.date(2026, 1, 1))


def test_every_layer_is_named_in_the_layer_control(tiny) -> None:
    html = _render(tiny, ALL)
    for name in LAYER_NAMES.values():
        assert json.dumps(name) in html, name


def test_map_loads_only_local_assets(tiny) -> None:
    html = _render(tiny, ALL)
    links = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert links, "expected script and stylesheet links"
    assert all(link.startswith("/app/static/vendor/") for link in links), links
    assert "cdn" not in html.lower()


def test_filtered_out_events_are_absent(tiny) -> None:
    html = _render(tiny, Filters(dt.date(2022, 9, 14), dt.date(2022, 9, 14)))
    assert "Shelling of Beta" in html
    assert "Clash at Alpha" not in html
    assert "Evacuation from Alpha and Beta" not in html


def test_html_in_data_is_escaped_in_tooltips(tiny_copy) -> None:
    from geo.load import load_dataset

    events = tiny_copy / "events.csv"
    events.write_text(
        events.read_text("utf-8").replace("Shelling of Beta", "<img src=x onerror=alert(1)>"), "utf-8"
    )
    dataset = load_dataset(tiny_copy)
    html = _render(dataset, ALL)
    assert "<img src=x" not in html
    # escaped by us (&lt;), then JSON-encoded by folium (& -> \u0026)
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html


def test_selected_event_is_emphasised(tiny) -> None:
    layers = dynamic_layers(build_view(tiny, ALL), selected_event="e2")
    events_layer = layers[-1]
    geojson = next(iter(events_layer._children.values()))
    styles = {
        f["properties"]["id"]: geojson.style_function(f) for f in geojson.data["features"]
    }
    assert styles["e2"]["weight"] > styles["e3"]["weight"]
    assert styles["e2"]["color"] == "#000000"


@pytest.mark.parametrize("name", ["leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/images/layers.png"])
def test_vendor_assets_are_installed_from_packages(tmp_path, name) -> None:
    vendor = install_vendor_assets(tmp_path / "static")
    assert (vendor / name).stat().st_size > 0


def test_vendor_assets_can_take_more_files(tmp_path) -> None:
    source = tmp_path / "lib.js"
    source.write_text("var lib = 1;", "utf-8")
    vendor = install_vendor_assets(tmp_path / "static", extra=[("lib/lib.js", source)])
    assert (vendor / "lib" / "lib.js").read_text("utf-8") == "var lib = 1;"
    assert (vendor / "leaflet" / "leaflet.js").is_file()


def test_a_range_with_no_events_renders_empty_layers(tiny) -> None:
    html = _render(tiny, Filters(dt.date(1995, 1, 1), dt.date(1995, 12, 31)))
    assert json.dumps(LAYER_NAMES["events"]) in html
    assert "Shelling of Beta" not in html


def test_online_tiles_are_offered_but_not_loaded(tiny) -> None:
    from geo.map import BASE_LAYERS

    html = _render(tiny, ALL)
    for name in BASE_LAYERS.values():
        assert json.dumps(name) in html
    # tile layers created with show=False are not added to the map: no tile request by default
    assert "tile.openstreetmap.org" in html
    assert ".addTo(map_" not in html.split("tile.openstreetmap.org")[1].split(";")[0]


def test_enclave_tooltips_give_the_recorded_name_for_the_language(shipped) -> None:
    from geo.map.features import enclaves_data

    names = {lang: {f["properties"]["id"]: f["properties"]["name"]
                    for f in enclaves_data(shipped, outline="osm_current", lang=lang)["features"]}
             for lang in ("en", "ru", "tg")}
    vorukh = next(i for i, n in names["en"].items() if n == "Vorukh")
    assert names["ru"][vorukh] == "Ворух"
    assert names["tg"][vorukh] == "Ворух"  # no Tajik-lettered spelling recorded: the Cyrillic one
