"""What only a browser shows: the map renders offline, layers toggle, the slider filters, clicks."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

from playwright.sync_api import expect

from geo.filters import Filters, record_span
from geo.load import load_dataset
from geo.map import BASE_LAYERS, LAYER_NAMES, base_layer_data
from geo.view import build_view

from .conftest import ROOT, centre_on, map_frame, settle


def _layers_arrived(frame) -> None:
    """Wait until every linked layer shown has been fetched and drawn (see geo.map.loader)."""
    frame.wait_for_function("window.kgtjPending === 0", timeout=30_000)


def _slider_shows(page, start: str, end: str) -> None:
    """Wait until the date slider's two thumbs show these dates (it may lag behind the map)."""
    values = page.get_by_test_id("stSlider").get_by_test_id("stSliderThumbValue")
    expect(values.nth(0)).to_have_text(start, timeout=30_000)
    expect(values.nth(1)).to_have_text(end, timeout=30_000)


def _expected_markers(start: dt.date, end: dt.date) -> int:
    dataset = load_dataset(ROOT / "data")
    return len(build_view(dataset, Filters(start, end)).markers)


def _choose_period(page, label: str) -> None:
    settle(page)  # act on an idle page: a widget used during a run can lose its change
    page.get_by_test_id("stSelectbox").filter(has_text="Jump to a period").click()
    page.get_by_role("option", name=label).click()


def _show_september_2022(page, frame) -> None:
    """Choose the 14–20 Sep 2022 period and wait until the map holds exactly its markers."""
    _choose_period(page, "September 2022 war (14–20 Sep)")
    expect(page.get_by_text("from 14 Sep 2022 to 20 Sep 2022").first).to_be_visible(timeout=30_000)
    expected = _expected_markers(dt.date(2022, 9, 14), dt.date(2022, 9, 20))
    expect(frame.locator("path.kgtj-event")).to_have_count(expected, timeout=30_000)


def _summary(page) -> str:
    return page.get_by_text("events from").first.inner_text()


def _show_layer(page, key: str, shown: bool):
    """Show or hide a layer with the sidebar's "Layers shown", the one control of the atlas's
    layers; the map is rebuilt, so this returns its new frame (as a frame locator)."""
    settle(page)  # act on an idle page: a widget used during a run can lose its change
    layers = page.get_by_test_id("stMultiSelect").filter(has_text="Layers shown")
    name = LAYER_NAMES[key]
    if shown:
        layers.get_by_role("combobox").click()
        page.get_by_role("option", name=name, exact=True).click()
        page.keyboard.press("Escape")
    else:
        layers.get_by_role("button", name=f"Remove {name}", exact=True).click()
    return page.frame_locator("iframe").first


def test_map_renders_with_every_layer_and_the_legend(page) -> None:
    frame = map_frame(page)
    box = page.locator("iframe").first.bounding_box()
    assert box["width"] > 500 and box["height"] > 600
    # the map's control chooses the background; the atlas's layers are the sidebar's
    assert frame.locator(".leaflet-control-layers-overlays label").count() == 0
    labels = frame.locator(".leaflet-control-layers-base label").all_text_contents()
    assert [label.strip() for label in labels] == list(BASE_LAYERS.values())
    frame.locator(".kgtj-legend summary").click()  # folded on a map under 900 px wide
    expect(frame.get_by_text("Armed clash")).to_be_visible()
    dataset = load_dataset(ROOT / "data")
    expected = build_view(dataset, Filters(*record_span(dataset)))
    assert _summary(page) == expected.summary
    assert frame.locator("path.kgtj-event").count() == len(expected.markers)
    expect(page.get_by_text("Event details (or click a feature on the map)")).to_be_visible(timeout=30_000)


def test_fetched_layers_arrive_beneath_the_events_and_every_town_is_labelled(page) -> None:
    frame = map_frame(page)
    frame.wait_for_function("window.kgtjPending === 0", timeout=30_000)
    towns = len(base_layer_data(load_dataset(ROOT / "data"))["labels"]["features"])
    assert towns > 1
    assert frame.locator(".kgtj-label").count() == towns
    assert frame.locator(".leaflet-kgtj-base-pane path").count() > 10  # outlines, rivers, villages
    assert frame.locator(".leaflet-kgtj-border-pane path").count() > 10  # border segments
    # The outlines come after the events were drawn, yet no event is painted over by them.
    hits = frame.evaluate("""() => [...document.querySelectorAll('path.kgtj-event')].map(e => {
        const r = e.getBoundingClientRect();
        if (!r.width) return 'not drawn';  // outside the renderer's bounds
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return hit && hit.closest('.leaflet-kgtj-base-pane, .leaflet-kgtj-border-pane') ? 'under'
            : hit && hit.classList.contains('kgtj-event') ? 'event' : 'other';
    })""")
    assert "under" not in hits and hits.count("event") > len(hits) // 2


def test_a_layer_unticked_at_start_is_fetched_when_first_shown(page) -> None:
    frame = map_frame(page)
    frame.wait_for_function("window.kgtjPending === 0", timeout=30_000)
    requested = "() => performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/base-en-admin-'))"
    assert frame.evaluate(requested) == []
    before = frame.locator(".leaflet-kgtj-base-pane path").count()
    frame = _show_layer(page, "admin", True)
    districts = len(base_layer_data(load_dataset(ROOT / "data"))["admin"]["features"])
    expect(frame.locator(".leaflet-kgtj-base-pane path")).to_have_count(before + districts, timeout=30_000)


def test_unticking_a_layer_removes_its_features(page) -> None:
    frame = map_frame(page)
    frame.wait_for_selector("path.kgtj-place", timeout=30_000)  # fetched after the events
    places = frame.locator("path.kgtj-place").count()
    assert places > 10
    frame = _show_layer(page, "places", False)
    expect(frame.locator("path.kgtj-place")).to_have_count(0, timeout=30_000)
    frame = _show_layer(page, "places", True)
    expect(frame.locator("path.kgtj-place")).to_have_count(places, timeout=30_000)


def test_slider_to_14_17_september_2022_shows_exactly_those_events(page) -> None:
    frame = map_frame(page)
    _choose_period(page, "September 2022 war (14–20 Sep)")
    expect(page.get_by_text("from 14 Sep 2022 to 20 Sep 2022").first).to_be_visible(timeout=30_000)
    # The page draws the sidebar before the summary on a rerun, so the slider already holds the
    # period here; a key pressed on a stale slider would send the old range back.
    _slider_shows(page, "14 Sep 2022", "20 Sep 2022")
    end_thumb = page.get_by_test_id("stSlider").get_by_role("slider").nth(1)
    for day in (19, 18, 17):  # one key at a time, each seen to take effect, as a reader would
        # A key pressed while the page is still running the last one can be lost (1 press of 18
        # in the ten runs of 7 Dec 2026: the slider stayed at 19): press when the page is idle.
        settle(page)
        end_thumb.press("ArrowLeft")
        expect(page.get_by_text(f"from 14 Sep 2022 to {day} Sep 2022").first).to_be_visible(timeout=30_000)
        _slider_shows(page, "14 Sep 2022", f"{day} Sep 2022")
    expected = _expected_markers(dt.date(2022, 9, 14), dt.date(2022, 9, 17))
    expect(frame.locator("path.kgtj-event")).to_have_count(expected, timeout=30_000)


def test_events_at_one_place_are_fanned_out_and_each_clickable(page) -> None:
    frame = map_frame(page)
    _show_september_2022(page, frame)
    centres = frame.evaluate(
        """() => Object.values(window.map._layers)
            .filter(l => l.feature && l.feature.properties.kind === 'event' && l.feature.properties.place === 'Batken')
            .map(l => { const r = l._path.getBoundingClientRect(); return [Math.round(r.x), Math.round(r.y)]; })"""
    )
    assert len(centres) > 1
    assert len({tuple(c) for c in centres}) == len(centres)  # no two markers on the same pixel


def test_clicking_a_september_2022_event_shows_claims_of_both_sides(page) -> None:
    frame = map_frame(page)
    _show_september_2022(page, frame)
    _layers_arrived(frame)
    centre_on(page, frame, "event", "2022-09-14-kaksai-paskyaryk", place="Samarkandyk").click()
    heading = page.get_by_role("heading", name="Further shootouts at Kak-Sai")
    expect(heading).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Claims, side by side").first).to_be_visible(timeout=30_000)
    expect(page.locator("a[href^='https://']").first).to_be_visible(timeout=30_000)  # source links, rendered last
    body = page.locator("section.main, [data-testid='stMain']").first.inner_text()
    assert "Kyrgyzstan (via Reuters)" in body and "Isfara city administration" in body


def test_a_period_summary_is_not_drawn_but_its_claims_are_reachable(page) -> None:
    frame = map_frame(page)
    _show_september_2022(page, frame)
    drawn = frame.evaluate(
        """() => Object.values(window.map._layers)
            .filter(l => l.feature && l.feature.properties.id === '2022-09-14-20-toll').length"""
    )
    assert drawn == 0
    settle(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Event details").click()
    page.keyboard.type("overall casualty figures")
    page.get_by_role("option").filter(has_text="September 2022 fighting: overall casualty figures").first.click()
    expect(page.get_by_role("heading", name="September 2022 fighting: overall casualty figures")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Claimed killed through time").first).to_be_visible(timeout=30_000)
    expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible(timeout=30_000)


def test_clicking_a_village_shows_its_names_events_and_sources(page) -> None:
    frame = map_frame(page)
    # as a user would: hide the events so the village marker underneath can be clicked
    _show_layer(page, "events", False)
    expect(page.frame_locator("iframe").first.locator("path.kgtj-event")).to_have_count(0, timeout=30_000)
    frame = _map_frame_of_places(page)
    centre_on(page, frame, "place", "maksat").click()
    expect(page.get_by_role("heading", name="Maksat")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Events here in the selected range").first).to_be_visible(timeout=30_000)
    expect(page.locator("a[href^='http']").first).to_be_visible(timeout=30_000)
    body = page.locator("[data-testid='stMain']").first.inner_text()
    assert "Distance to the KG–TJ border" in body
    assert "Other spellings" in body


def _map_frame_of_places(page):
    """The map's (rebuilt) frame once its villages are drawn."""
    handle = page.locator("iframe").first
    frame = handle.element_handle(timeout=60_000).content_frame()
    expect(frame.locator("path.kgtj-place").first).to_be_attached(timeout=60_000)
    _layers_arrived(frame)
    settle(page)
    return frame


def test_online_tiles_fail_quietly_without_network(browser, app_url) -> None:
    """Choosing an online base layer with no network leaves gaps, never errors or a stuck page."""
    context = browser.new_context(viewport={"width": 1600, "height": 1100})
    page = context.new_page()
    tile_requests: list[str] = []
    errors: list[str] = []

    def local(url: str) -> bool:
        return urlparse(url).hostname in {"127.0.0.1", "localhost"}

    def offline(route) -> None:
        if local(route.request.url):
            route.continue_()
        else:
            route.abort("internetdisconnected")

    page.route("**/*", offline)
    # Recorded from the request event, not in the route handler: expect_request below returns
    # on that event, which can come before the handler has run (run 6 of a ten-run series saw
    # the tile request arrive and the handler's list still empty).
    page.on("request", lambda request: None if local(request.url) else tile_requests.append(request.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(app_url)
    frame = map_frame(page)
    assert tile_requests == []  # nothing online is requested by default
    with page.expect_request(lambda request: "openstreetmap" in request.url, timeout=15_000) as tile:
        frame.locator(".leaflet-control-layers").hover()  # the control starts collapsed
        frame.get_by_text("OpenStreetMap tiles (online)").click()
    assert tile.value.url in tile_requests, "the tile request should be one of the online requests seen"
    # the page still works: filters still filter and the map still updates
    _choose_period(page, "September 2022 war (14–20 Sep)")
    expected = _expected_markers(dt.date(2022, 9, 14), dt.date(2022, 9, 20))
    expect(frame.locator("path.kgtj-event")).to_have_count(expected, timeout=30_000)
    assert errors == []
    context.close()


def test_a_shared_link_opens_that_view_and_the_address_bar_follows_changes(page, app_url) -> None:
    page.goto(f"{app_url}/?from=2022-09-14&to=2022-09-17&select=2022-09-14-20-toll")
    frame = map_frame(page)
    expect(page.get_by_text("from 14 Sep 2022 to 17 Sep 2022").first).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="September 2022 fighting: overall casualty figures")).to_be_visible(timeout=30_000)
    expected = _expected_markers(dt.date(2022, 9, 14), dt.date(2022, 9, 17))
    expect(frame.locator("path.kgtj-event")).to_have_count(expected, timeout=30_000)
    _choose_period(page, "April–May 2021 clashes")
    expect(page.get_by_text("from 28 Apr 2021 to 2 May 2021").first).to_be_visible(timeout=30_000)
    page.wait_for_url("**from=2021-04-28&to=2021-05-02**", timeout=15_000)


def test_uploading_an_acled_export_overlays_it_and_reports_bad_rows(page) -> None:
    frame = map_frame(page)
    assert page.locator("[data-testid='stFileUploader']").count() == 0  # built only once asked for
    page.get_by_text("Overlay your own events").click()
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        str(ROOT / "tests" / "fixtures" / "uploads" / "acled_fictional.csv")
    )
    expect(page.get_by_text("2 problem(s) in your file (ACLED)").first).to_be_visible(timeout=30_000)
    assert not frame.is_detached(), "the map was remounted (lost the user's view)"
    # three good rows, all inside the whole record's range
    expect(frame.locator("path.kgtj-upload")).to_have_count(3, timeout=30_000)
    frame.locator(".leaflet-control-layers").hover()  # the control starts collapsed
    expect(frame.get_by_text("Your events: acled_fictional.csv")).to_be_visible(timeout=15_000)
    centre_on(page, frame, "upload", "KGZ0001").click()
    expect(page.get_by_text("From your file").first).to_be_visible(timeout=30_000)
    assert "ACLED" in page.locator("[data-testid='stMain']").first.inner_text()
    page.get_by_text("Overlay your own events").click()  # closing the panel keeps the overlay
    # Reruns run one after another: once a later change shows, the closing's rerun is done.
    _choose_period(page, "September 2022 war (14–20 Sep)")
    expect(page.get_by_text("from 14 Sep 2022 to 20 Sep 2022").first).to_be_visible(timeout=30_000)
    _choose_period(page, "Whole record")
    expect(page.get_by_text("from 14 Sep 2022 to 20 Sep 2022")).to_have_count(0, timeout=30_000)
    expect(frame.locator("path.kgtj-upload")).to_have_count(3, timeout=30_000)


def test_the_downloaded_map_opens_offline_with_every_layer(browser, tmp_path) -> None:
    from geo.export import standalone_html
    from geo.map import whole_map

    dataset = load_dataset(ROOT / "data")
    view = build_view(dataset, Filters(*record_span(dataset)))
    target = tmp_path / "map.html"
    target.write_text(standalone_html(whole_map(dataset, view)), "utf-8")
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(target.as_uri())
    page.wait_for_selector("path.kgtj-event", timeout=30_000)
    assert page.locator("path.kgtj-event").count() == len(view.markers)
    assert page.locator(".kgtj-label").count() == len(base_layer_data(dataset)["labels"]["features"])
    context.close()
    assert errors == [] and requests == [target.as_uri()]
