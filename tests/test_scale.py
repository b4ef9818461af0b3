"""Large selections: grouping by place, linked base layers, synthetic benchmark data."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from geo.assets import publish_json, publish_layers
from geo.filters import Filters, describe, located_pairs, place_totals
from geo.load import load_dataset
from geo.map import DEFAULT_LAYERS, atlas_layers, base_layer_data, dynamic_layers
from geo.view import build_view
from scripts.synthetic import write_synthetic

D = dt.date
ALL = Filters(D(2000, 1, 1), D(2026, 1, 1))


def test_located_pairs_leave_out_events_and_places_without_a_point(tiny) -> None:
    pairs = located_pairs(tiny.events, tiny.places)
    # e3 is at alpha and beta; e4 names no place; e5 is at gamma, which has no point in the fixture
    assert sorted(zip(pairs["event_id"], pairs["place_id"], strict=True)) == [
        ("e1", "alpha"), ("e2", "beta"), ("e3", "alpha"), ("e3", "beta")
    ]


def test_place_totals_count_events_and_types_per_place(tiny) -> None:
    totals = place_totals(located_pairs(tiny.events, tiny.places), tiny.places).set_index("place_id")
    assert totals.loc["alpha", "events"] == 2
    assert totals.loc["alpha", "by_type"] == {"armed_clash": 1, "evacuation": 1}
    assert (totals.loc["alpha", "first"], totals.loc["alpha", "last"]) == (D(2021, 4, 29), D(2022, 9, 17))
    assert totals.loc["beta", "by_type"] == {"shelling": 1, "evacuation": 1}


@pytest.mark.parametrize(("max_markers", "grouped"), [(4, False), (3, True)])
def test_view_groups_by_place_above_the_marker_limit(tiny, max_markers, grouped) -> None:
    view = build_view(tiny, ALL, max_markers=max_markers)  # 4 markers: e1, e2 and e3 twice
    assert view.grouped is grouped
    assert len(view.markers) == (0 if grouped else 4)
    assert sorted(view.totals["place_id"]) == (["alpha", "beta"] if grouped else [])
    assert ("one marker per place" in view.summary) is grouped


def test_grouped_view_keeps_the_same_counts_in_its_summary(tiny) -> None:
    assert build_view(tiny, ALL, max_markers=1).summary.startswith(build_view(tiny, ALL).summary[:-1])


def test_summary_sentence_says_why_events_are_grouped() -> None:
    sentence = describe(ALL, event_count=12_000, place_count=40, grouped_above=500)
    assert sentence.endswith("More than 500 markers: shown as one marker per place with its count.")
    russian = describe(ALL, event_count=12_000, place_count=40, grouped_above=500, lang="ru")
    assert "Больше 500 маркеров" in russian


def test_grouped_map_draws_one_marker_per_place_with_its_count(tiny) -> None:
    view = build_view(tiny, ALL, max_markers=1)
    events_group = dynamic_layers(view)[-1]
    geojson = next(iter(events_group._children.values()))
    props = {f["properties"]["id"]: f["properties"] for f in geojson.data["features"]}
    assert set(props) == {"alpha", "beta"}
    assert props["alpha"]["kind"] == "place"  # a click opens the place and its events in range
    assert props["alpha"]["count"] == "2"
    assert props["alpha"]["types"] == "Armed clash 1<br>Evacuation / displacement 1"
    assert "Clash at Alpha" not in json.dumps(geojson.data)  # no per-event markers


def test_publish_json_names_files_by_content(tmp_path) -> None:
    first = publish_json(tmp_path, "layer", {"a": 1})
    assert publish_json(tmp_path, "layer", {"a": 1}) == first
    second = publish_json(tmp_path, "layer", {"a": 2})
    assert second != first and second.startswith("/app/static/data/layer-")
    written = tmp_path / "data" / first.rsplit("/", 1)[1]
    assert json.loads(written.read_text("utf-8")) == {"a": 1}
    assert not list((tmp_path / "data").glob("*.part"))


@pytest.mark.parametrize("name", ["", "../x", "a b", "a/b"])
def test_publish_json_refuses_names_that_are_not_plain(tmp_path, name) -> None:
    with pytest.raises(ValueError, match="must be letters, digits"):
        publish_json(tmp_path, name, {})


def test_every_base_layer_is_published(tmp_path, shipped) -> None:
    data = base_layer_data(shipped)
    links = publish_layers(tmp_path, data, prefix="base-en")
    assert set(links) == set(data)
    for url in links.values():
        assert (tmp_path / "data" / url.rsplit("/", 1)[1]).is_file()


def test_linked_layers_are_fetched_not_embedded(shipped) -> None:
    data = base_layer_data(shipped)
    links = {"countries": "/app/static/data/countries-test.json"}
    base, _ = atlas_layers(shipped, build_view(shipped, ALL), base_data=data, links=links)
    html = base.get_root().render()
    assert '"/app/static/data/countries-test.json"' in html
    embedded, _ = atlas_layers(shipped, build_view(shipped, ALL), base_data=data)
    outlines = len(json.dumps(data["countries"]))
    assert len(embedded.get_root().render()) - len(html) > 0.9 * outlines


def test_linked_layers_are_requested_without_blocking_the_page(shipped) -> None:
    data = base_layer_data(shipped)
    links = {key: f"/app/static/data/{key}-test.json" for key in data}
    base, _ = atlas_layers(shipped, build_view(shipped, ALL), base_data=data, links=links)
    html = base.get_root().render()
    assert "async: false" not in html and "$.ajax" not in html
    assert html.count("window.kgtjLoad = ") == 1  # the loader once, before the layers calling it
    assert html.index("window.kgtjLoad = ") < html.index("kgtjLoad(geo_json_")
    for key in data:
        assert re.search(rf'kgtjLoad\(geo_json_\w+, "/app/static/data/{key}-test.json", ', html)
    # into the panes below the events, points (villages, labels) as well as outlines
    assert html.count('"pane": "kgtj-base"') == len(data) - 1 + 1  # labels' markers too
    assert html.count('"pane": "kgtj-places"') == 2  # the layer and its markers


def test_a_folium_script_without_its_request_is_refused() -> None:
    from geo.map.loader import fetched

    with pytest.raises(RuntimeError, match="expected one synchronous GeoJSON request"):
        fetched("var layer = L.geoJson(null, {}); layer.addData(data);")


def test_layers_have_a_bbox_and_folium_uses_it(shipped) -> None:
    data = base_layer_data(shipped)
    west, south, east, north = data["countries"]["bbox"]
    assert west < 69.3 < 75 < east and south < 39.2 < 41 < north
    base, _ = atlas_layers(shipped, build_view(shipped, ALL), base_data=data, visible=DEFAULT_LAYERS)
    (s, w), (n, e) = base.get_bounds()
    assert (w, s, e, n) == pytest.approx((west, south, east, north))


def test_synthetic_benchmark_data_loads_without_problems(tmp_path) -> None:
    folder = write_synthetic(tmp_path / "syn", 300, seed=1)
    dataset = load_dataset(folder)
    assert dataset.problems == ()
    assert len(dataset.events) == 300
    assert 60 < len(dataset.claims) < 140  # about one claim per three events
    assert set(dataset.events["description"]) == {"Synthetic benchmark row; describes nothing real."}
    assert len(located_pairs(dataset.events, dataset.places)) == 300  # each at one drawn place


def test_border_status_layer_is_published_when_the_page_can_serve_it(tiny) -> None:
    published = {}

    def publish(name, data):
        published[name] = data
        return f"/app/static/data/{name}-test.json"

    groups = dynamic_layers(build_view(tiny, ALL), publish=publish)
    assert set(published) == {"segments-en"}
    assert [f["properties"]["id"] for f in published["segments-en"]["features"]] == list(tiny.segments["segment_id"])
    segments = next(iter(groups[0]._children.values()))
    assert segments.embed is False and segments.embed_link == "/app/static/data/segments-en-test.json"
    inline = next(iter(dynamic_layers(build_view(tiny, ALL))[0]._children.values()))
    assert inline.embed is True


def test_place_marker_lists_the_commonest_types_escaped() -> None:
    from geo.map.features import type_counts

    counts = {code: 10 - i for i, code in enumerate(["armed_clash", "shelling", "talks", "statement", "other", "legal"])}
    lines = type_counts(counts, "en").split("<br>")
    assert lines[0] == "Armed clash 10" and lines[1] == "Shelling / rocket fire 9"
    assert lines[-1] == "+ 1 other types" and len(lines) == 6


def test_st_folium_sends_the_same_map_without_rendering_the_figure_first(tiny, monkeypatch) -> None:
    # app.py passes render=False: the map is new on every run and st_folium renders it
    # itself, so rendering the whole figure first only doubles the work.
    import re

    import folium
    import streamlit_folium

    sent = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **args: sent.append(args))
    for render in (True, False):
        base, groups = atlas_layers(tiny, build_view(tiny, ALL))
        streamlit_folium.st_folium(
            base, key="atlas", feature_group_to_add=groups, layer_control=folium.LayerControl(),
            returned_objects=["last_active_drawing"], render=render,
        )
    # element names end in a random hex id, new for every map
    same = [
        {key: re.sub(r"_[0-9a-f]{32}", "_ID", value) if isinstance(value, str) else value
         for key, value in args.items() if key != "on_change"}
        for args in sent
    ]
    assert same[0]["script"] and same[0]["feature_group"]
    assert same[0] == same[1]
