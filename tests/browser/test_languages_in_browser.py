"""Each interface language in a real Chromium: the map's own layer control (the backgrounds),
the sidebar's layer list, the legend and scale bar in that language; a screenshot per language
only when KGTJ_SCREENS names a folder for them (a review of the translations)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from geo.i18n import LANGUAGES, t
from geo.map import BASE_LAYERS, LAYER_NAMES

SCREENS = os.environ.get("KGTJ_SCREENS")


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_map_and_page_speak_the_language(page, app_url, lang) -> None:
    page.goto(f"{app_url}/?lang={lang}&from=2022-09-14&to=2022-09-20&select=2022-09-14-20-toll")
    expect(page.get_by_text(t("Kyrgyz–Tajik Border Conflict Atlas", lang))).to_be_visible(timeout=60_000)
    handle = page.locator("iframe").first
    expect(handle).to_be_attached(timeout=60_000)
    frame = handle.element_handle().content_frame()
    expect(frame.locator("path.kgtj-event").first).to_be_attached(timeout=60_000)
    # the map's own control chooses the background; the atlas's layers are listed in the sidebar
    backgrounds = frame.locator(".leaflet-control-layers-base label")
    expect(backgrounds.first).to_have_text(t(BASE_LAYERS["offline"], lang), timeout=30_000)
    layers = page.get_by_test_id("stMultiSelect").filter(has_text=t("Layers shown (remembered in the link)", lang))
    expect(layers).to_contain_text(t(LAYER_NAMES["countries"], lang), timeout=30_000)
    expect(frame.locator(".kgtj-legend")).to_contain_text(t("Armed clash", lang))
    expect(frame.locator(".leaflet-control-scale-line").first).to_contain_text(" " + t("km", lang))
    expect(frame.locator(".leaflet-control-scale-line").nth(1)).to_be_hidden()  # no miles line
    expect(page.get_by_text(t("Summary of the claims", lang))).to_be_visible()
    if SCREENS:
        Path(SCREENS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENS) / f"i18n-{lang}.png"), full_page=True)
