"""Each interface language in a real Chromium: the map's own layer control, legend and
scale bar in that language, and a screenshot per language (artifacts/ and /work/screens/)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from geo.i18n import LANGUAGES, t
from geo.maps import LAYER_NAMES

ROOT = Path(__file__).resolve().parents[2]
SCREENS = Path(os.environ.get("KGTJ_SCREENS", ROOT / "artifacts"))


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_map_and_page_speak_the_language(page, app_url, lang) -> None:
    page.goto(f"{app_url}/?lang={lang}&from=2022-09-14&to=2022-09-20&select=2022-09-14-20-toll")
    expect(page.get_by_text(t("Kyrgyz–Tajik Border Conflict Atlas", lang))).to_be_visible(timeout=60_000)
    handle = page.locator("iframe").first
    expect(handle).to_be_attached(timeout=60_000)
    frame = handle.element_handle().content_frame()
    expect(frame.locator("path.kgtj-event").first).to_be_attached(timeout=60_000)
    labels = frame.locator(".leaflet-control-layers-overlays label")
    expect(labels.first).to_have_text(t(LAYER_NAMES["countries"], lang), timeout=30_000)
    expect(frame.locator(".kgtj-legend")).to_contain_text(t("Armed clash", lang))
    expect(frame.locator(".leaflet-control-scale-line").first).to_contain_text(" " + t("km", lang))
    expect(page.get_by_text(t("Summary of the claims", lang))).to_be_visible()
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"i18n-{lang}.png"), full_page=True)
