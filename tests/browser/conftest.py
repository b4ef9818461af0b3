"""A real `streamlit run` and headless Chromium (Debian's), driven by Playwright.

Skipped, with the reason printed, when Chromium is not installed; `.ci/run`
installs it so CI always runs these.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from scripts.harness import CHROMIUM_FLAGS, ROOT, running_app

ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        message = f"browser tests skipped: Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("KGTJ_REQUIRE_BROWSER"):
            pytest.fail(message.replace("skipped", "required"))
        pytest.skip(message)
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "streamlit.log").open("wb") as log, running_app(log) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def viewport() -> dict[str, int]:
    """The window size of `page`; a test parametrizes ``viewport`` to try others."""
    return {"width": 1600, "height": 1100}


@pytest.fixture
def page(browser, app_url, viewport: dict[str, int], request: pytest.FixtureRequest) -> Iterator[object]:
    """A page that fails the test on any request to another host or any JS error.

    A failing test leaves a screenshot of the whole page in ``artifacts/<test name>.png``.
    """
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    foreign: list[str] = []
    errors: list[str] = []

    def guard(route) -> None:
        parsed = urlparse(route.request.url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in LOCAL_HOSTS:
            foreign.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", guard)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(app_url)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert foreign == [], f"requests to other hosts: {foreign}"
    assert errors == [], f"JavaScript errors: {errors}"


def centre_on(page, frame, kind: str, feature_id: str, *, place: str | None = None):
    """Centre the map on a feature, as a user would pan to it, and return its marker's locator.

    ``kind`` and ``feature_id`` (and ``place``, for an event drawn at several places) are the
    feature's properties, which the map writes on each drawn element (``data-kgtj-*``). A pan
    reruns the page (the link follows the map); once that run is over and the map still shows
    the view asked for (a map drawn anew would be back at its first view), the marker is
    returned as a Playwright locator: its ``hover()`` and ``click()`` wait until the marker is
    the element under the pointer, so a marker drawn over it makes the action wait, never hit
    the wrong one.
    """
    match = f"p.kind === '{kind}' && p.id === '{feature_id}'" + (f" && p.place === '{place}'" if place else "")
    centre = f"""() => {{
        const layer = Object.values(window.map._layers).find(
            l => l.feature && (p => {match})(l.feature.properties));
        window.map.setView(layer.getLatLng(), {_CENTRE_ZOOM}, {{animate: false}});
    }}"""
    shown = f"""() => {{
        const layer = Object.values(window.map._layers).find(
            l => l.feature && (p => {match})(l.feature.properties));
        return Boolean(layer) && window.map.getZoom() === {_CENTRE_ZOOM}
            && window.map.getBounds().contains(layer.getLatLng());
    }}"""
    for _ in range(3):  # a map drawn anew under the test (a remount) is centred again
        frame.evaluate(centre)
        settle(page)
        frame.wait_for_function("window.kgtjPending === 0", timeout=30_000)
        if frame.evaluate(shown):
            break
    else:
        raise AssertionError(f"the map would not stay centred on {kind} {feature_id}")
    selector = f"[data-kgtj-kind='{kind}'][data-kgtj-id='{feature_id}']"
    if place:
        selector += f"[data-kgtj-place='{place}']"
    return frame.locator(selector).first


_CENTRE_ZOOM = 11


# The map's position once it is still (no zoom or pan under way), or null while it moves.
_STILL_VIEW = """() => {
    const m = window.map;
    if (!m || !m._loaded || m._animatingZoom || (m._panAnim && m._panAnim._inProgress)) return null;
    const c = m.getCenter();
    return [c.lat, c.lng, m.getZoom()];
}"""


def map_frame(page):
    """The map's frame, once its event markers are drawn, its fetched layers have arrived
    (see geo.map.loader) and the page has settled."""
    from playwright.sync_api import expect

    handle = page.locator("iframe").first
    expect(handle).to_be_attached(timeout=60_000)
    frame = handle.element_handle().content_frame()
    expect(frame.locator("path.kgtj-event").first).to_be_attached(timeout=60_000)
    frame.wait_for_function("window.kgtjPending === 0", timeout=30_000)
    settle(page)
    return frame


def script_idle(page) -> None:
    """Wait until Streamlit's app root says its script is not running (the page's run is over)."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=30_000)


def settle(page) -> None:
    """Wait until the page has run with the map's report of where it is now, and is idle.

    The map reports its centre and zoom after it is drawn or moved (for the link), and that
    report reruns the page: a widget used before that rerun is over can lose its change (seen
    with the panels' expanders). The report's run is the one that writes the map's position
    into the address bar (as `geo.permalink` formats it); the page is idle once Streamlit's
    app root says its script is not running. Tests act after that, as a reader who has seen
    the map and the page stop moving.
    """
    frame = page.locator("iframe").first.element_handle(timeout=60_000).content_frame()
    lat, lon, zoom = frame.wait_for_function(_STILL_VIEW, timeout=60_000).json_value()
    page.wait_for_url(f"**center={lat:.4f}%2C{lon:.4f}&zoom={zoom:g}**", timeout=60_000)
    script_idle(page)
