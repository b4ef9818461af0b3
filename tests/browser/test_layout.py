"""The page at common window sizes: the map fits the window, and a first click selects."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from geo.load import load_dataset

from .conftest import ROOT, map_frame, settle

SIZES = [
    pytest.param({"width": 1366, "height": 768}, id="1366x768"),
    pytest.param({"width": 1440, "height": 900}, id="1440x900"),
    pytest.param({"width": 390, "height": 844}, id="390x844"),
]
SEPTEMBER_2022 = "/?from=2022-09-14&to=2022-09-20"


def topmost_marker(page, frame) -> tuple[str, float, float]:
    """An event marker nothing covers, as drawn in the default view: its id and page position."""
    found = frame.evaluate(
        """() => {
            for (const layer of Object.values(window.map._layers)) {
                const props = layer.feature && layer.feature.properties;
                if (!props || props.kind !== 'event' || !layer._path) continue;
                const r = layer._path.getBoundingClientRect();
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                if (r.width && document.elementFromPoint(x, y) === layer._path) return [props.id, x, y];
            }
            return null;
        }"""
    )
    assert found, "no event marker is uncovered in the default view"
    box = page.locator("iframe").first.bounding_box()
    return found[0], box["x"] + found[1], box["y"] + found[2]


def event_title(event_id: str) -> str:
    events = load_dataset(ROOT / "data").events
    return str(events.loc[events["event_id"] == event_id, "title"].iloc[0])


@pytest.mark.parametrize("viewport", SIZES)
def test_the_map_fits_the_window(page, app_url, viewport) -> None:
    page.goto(app_url + SEPTEMBER_2022)
    frame = map_frame(page)
    box = page.locator("iframe").first.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    assert box["width"] >= min(viewport["width"] - 60, 500), box
    assert page.evaluate("window.scrollY") == 0
    # the scale bar is in view, not under the credit line (which, wrapped across the whole
    # width of the map, hid it at 1366 and 1440 px)
    on_top = frame.evaluate("""() => {
        const r = document.querySelector('.leaflet-control-scale-line').getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        if (!hit) return 'nothing';
        if (hit.closest('.leaflet-control-scale')) return 'scale';
        const control = hit.closest('.leaflet-control');
        return control ? control.className : hit.tagName;
    }""")
    assert on_top == "scale", f"the scale bar is covered by {on_top!r}"


@pytest.mark.parametrize("viewport", SIZES)
def test_a_first_click_on_a_marker_selects_it_and_shows_its_details(page, app_url, viewport) -> None:
    page.goto(app_url + SEPTEMBER_2022)
    frame = map_frame(page)
    event_id, x, y = topmost_marker(page, frame)
    assert 0 <= y <= viewport["height"], "the marker is below the window"
    page.mouse.click(x, y)
    heading = page.get_by_role("heading", name=event_title(event_id), exact=True)
    expect(heading).to_be_visible(timeout=30_000)
    if viewport["width"] > 1000:  # the details beside the map, in view
        expect(heading).to_be_in_viewport(timeout=10_000)
    else:  # below the map: one tap away
        page.get_by_role("link", name="Details below the map").click()
        expect(heading).to_be_in_viewport(timeout=10_000)


def map_centre(frame) -> dict[str, float]:
    return frame.evaluate("() => { const c = window.map.getCenter(); return {lat: c.lat, lng: c.lng, zoom: window.map.getZoom()}; }")


def test_a_link_restores_the_map_position_and_the_link_follows_the_map(page, app_url) -> None:
    page.goto(app_url + "/?from=2022-09-14&to=2022-09-20&center=40.05,71.1&zoom=10")
    frame = map_frame(page)
    frame.wait_for_function("Math.abs(window.map.getCenter().lng - 71.1) < 0.01 && window.map.getZoom() === 10",
                            timeout=30_000)
    assert abs(map_centre(frame)["lat"] - 40.05) < 0.01
    frame.evaluate("() => window.map.setView([39.9, 70.6], 11)")  # as a user pans and zooms
    page.wait_for_url("**center=39.9000%2C70.6000&zoom=11**", timeout=30_000)
    assert "from=2022-09-14" in page.url


def test_layer_state_round_trips_through_the_link(page, app_url) -> None:
    page.goto(app_url + "/?layers=countries,places")
    frame = page.locator("iframe").first.element_handle(timeout=60_000).content_frame()
    expect(frame.locator("path.kgtj-place").first).to_be_attached(timeout=60_000)
    assert frame.locator("path.kgtj-event").count() == 0
    # the map's own control lists the backgrounds only; the sidebar holds the layers
    assert frame.locator(".leaflet-control-layers-overlays label").count() == 0
    settle(page)  # act on an idle page: a widget used during a run can lose its change
    layers = page.get_by_test_id("stMultiSelect").filter(has_text="Layers shown")
    layers.get_by_role("button", name="Remove Villages and towns", exact=True).click()
    page.wait_for_url("**layers=countries&**", timeout=30_000)
    # a change of layers rebuilds the map's frame: find it afresh
    expect(page.frame_locator("iframe").first.locator("path.kgtj-place")).to_have_count(0, timeout=30_000)
    page.goto(page.url)
    frame = page.locator("iframe").first.element_handle(timeout=60_000).content_frame()
    expect(frame.locator(".leaflet-kgtj-base-pane path").first).to_be_attached(timeout=60_000)
    assert frame.locator("path.kgtj-place").count() == 0


def test_a_link_with_an_unknown_layer_gets_a_note_and_the_default_layers(page, app_url) -> None:
    page.goto(app_url + "/?layers=foo")
    frame = map_frame(page)  # events drawn: not a blank map
    expect(page.get_by_text("no known layer named; the default layers are shown")).to_be_visible(timeout=30_000)
    assert frame.locator("path.kgtj-place").count() > 10


def test_next_and_previous_step_through_the_events_and_fly_the_map_there(page, app_url) -> None:
    from geo.filters import Filters
    from geo.view import build_view, event_location

    dataset = load_dataset(ROOT / "data")
    import datetime as dt

    events = build_view(dataset, Filters(dt.date(2021, 4, 28), dt.date(2021, 5, 2))).events
    page.goto(app_url + "/?period=april-may-2021-clashes")
    frame = map_frame(page)
    forward = page.get_by_role("button", name="Next ▶", exact=True)
    for event_id in list(events["event_id"][:2]):
        settle(page)  # the last step's runs over (the map's flight reports where it landed)
        forward.click()
        heading = page.get_by_role("heading", name=str(events.set_index("event_id").loc[event_id, "title"]),
                                   exact=True)
        expect(heading).to_be_visible(timeout=30_000)
        page.wait_for_url(f"**select={event_id}**", timeout=30_000)  # that run has finished
        where = event_location(event_id, events, dataset.places)
        if where:  # the map flew there: the event is at the map's centre
            # within a pixel: Leaflet pans by whole pixels (a pixel is ~0.0014° at zoom 10)
            frame.wait_for_function(
                f"window.map.latLngToContainerPoint([{where[0]}, {where[1]}])"
                ".distanceTo(window.map.getSize().divideBy(2)) <= 1.5", timeout=30_000)
    settle(page)
    page.get_by_role("button", name="◀ Previous", exact=True).click()
    first = str(events["title"].iloc[0])
    expect(page.get_by_role("heading", name=first, exact=True)).to_be_visible(timeout=30_000)


def test_period_buttons_shift_the_range_by_its_length(page, app_url) -> None:
    page.goto(app_url + "/?period=september-2022-war-14-20-sep")
    map_frame(page)
    expect(page.get_by_text("from 14 Sep 2022 to 20 Sep 2022").first).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Later ▶", exact=True).click()
    expect(page.get_by_text("from 21 Sep 2022 to 27 Sep 2022").first).to_be_visible(timeout=30_000)
    expect(page.get_by_role("spinbutton", name="day, From")).to_have_text("21", timeout=30_000)
    page.wait_for_url("**from=2022-09-21&to=2022-09-27**", timeout=30_000)
    settle(page)
    page.get_by_role("button", name="◀ Earlier", exact=True).click()
    expect(page.get_by_text("from 14 Sep 2022 to 20 Sep 2022").first).to_be_visible(timeout=30_000)


def test_play_walks_through_the_range_and_stops_after_the_last_event(page, app_url) -> None:
    import datetime as dt

    from geo.filters import Filters
    from geo.view import build_view

    dataset = load_dataset(ROOT / "data")
    events = build_view(dataset, Filters(dt.date(2022, 1, 27), dt.date(2022, 1, 28))).events
    assert 2 <= len(events) <= 6  # a short walk
    page.goto(app_url + "/?from=2022-01-27&to=2022-01-28")
    map_frame(page)
    page.get_by_role("button", name="▶ Play", exact=True).click()
    expect(page.get_by_role("button", name="⏸ Pause")).to_be_visible(timeout=30_000)
    for event_id, title in zip(events["event_id"], events["title"], strict=True):  # in date order, unaided
        expect(page.get_by_role("heading", name=str(title), exact=True)).to_be_visible(timeout=30_000)
        page.wait_for_url(f"**select={event_id}**", timeout=30_000)
    # after the last event the walk stops by itself, on the last event
    expect(page.get_by_role("button", name="▶ Play", exact=True)).to_be_visible(timeout=30_000)
    assert f"select={events['event_id'].iloc[-1]}" in page.url


@pytest.mark.parametrize("viewport", [{"width": 800, "height": 900}])
def test_below_1000_px_the_sidebar_starts_folded_and_opens_with_one_tap(page, app_url, viewport) -> None:
    page.goto(app_url + SEPTEMBER_2022)
    map_frame(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "true", timeout=30_000)
    expect(page.get_by_role("heading", name="Filters")).not_to_be_in_viewport(timeout=10_000)
    assert page.locator("iframe").first.bounding_box()["width"] >= viewport["width"] - 60  # the map takes the width
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(page.get_by_role("heading", name="Filters")).to_be_in_viewport(timeout=10_000)


def test_a_typed_date_sets_the_range(page, app_url) -> None:
    page.goto(app_url + SEPTEMBER_2022)
    map_frame(page)
    day = page.get_by_role("spinbutton", name="day, From")
    day.click()
    page.keyboard.type("17")
    page.get_by_role("heading", name="Filters").click()  # the box commits its date when the focus leaves it
    expect(page.get_by_text("from 17 Sep 2022 to 20 Sep 2022").first).to_be_visible(timeout=30_000)
    page.wait_for_url("**from=2022-09-17&to=2022-09-20**", timeout=30_000)
    expect(page.get_by_role("spinbutton", name="day, From")).to_have_text("17", timeout=30_000)
