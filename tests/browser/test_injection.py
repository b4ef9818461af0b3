"""Text from data never runs as code in the browser: it shows as text."""

from __future__ import annotations

import csv
import shutil

from playwright.sync_api import expect

from scripts.harness import ROOT, running_app

from .conftest import centre_on, map_frame, settle

# HTML, and template syntax that the map once rendered (geo.map.rendering): 49, not the text
TITLE = '<img src=x onerror="window.top.__pwned = 1">Evil title {{ 7*7 }}'
DESCRIPTION = "<script>window.top.__pwned = 2</script> **bold?** [link](javascript:alert(1))"
EVENT = "2022-09-16-batken-shelling"


def _hostile_copy(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "events.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["event_id"] == EVENT:
            row["title"], row["description"] = TITLE, DESCRIPTION
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return data


def _pwned(page) -> list[object]:
    values = [page.evaluate("() => window.__pwned")]
    for frame in page.frames:
        values.append(frame.evaluate("() => window.__pwned"))
    return [v for v in values if v is not None]


def test_html_in_data_shows_as_text_and_never_runs(browser, tmp_path) -> None:
    data = _hostile_copy(tmp_path)
    with running_app(data_dir=data) as url:
        context = browser.new_context(viewport={"width": 1600, "height": 1100})
        page = context.new_page()
        page.goto(f"{url}/?from=2022-09-14&to=2022-09-20")  # the list holds the range's first 200 events
        frame = page.locator("iframe").first.element_handle().content_frame()
        frame.wait_for_selector("path.kgtj-event", timeout=60_000)
        # the tooltip of the marker: hover it
        centre_on(page, frame, "event", EVENT).hover()
        expect(frame.get_by_text("Evil title").first).to_be_visible(timeout=15_000)
        tooltip = frame.locator(".leaflet-tooltip", has_text="Evil title").first.inner_text()
        assert TITLE in tooltip
        # the details panel: choose the event, on an idle page
        settle(page)
        page.get_by_test_id("stSelectbox").filter(has_text="Event details").click()
        page.keyboard.type("Evil title")
        page.get_by_role("option").filter(has_text="Evil title").first.click()
        expect(page.get_by_text("<script>window.top.__pwned = 2</script>").first).to_be_visible(timeout=30_000)
        main = page.locator("[data-testid='stMain']").first
        expect(main.locator("a[href^='http']").first).to_be_visible(timeout=30_000)  # sources: drawn last
        assert TITLE in main.inner_text()
        assert main.locator("a[href^='javascript:']").count() == 0
        assert _pwned(page) == []
        context.close()


# Template syntax in a reader's file and in its name: folium's groups once compiled it as Jinja
# (geo.map.rendering), and "{% if %}" put a TemplateSyntaxError where the map should be.
UPLOAD_TITLE = "{% if %} {{ 7*7 }}"
UPLOAD_NAME = "{{ 7*7 }}.csv"


def test_template_syntax_in_an_uploaded_file_shows_as_written(page, tmp_path) -> None:
    upload = tmp_path / UPLOAD_NAME
    upload.write_text(
        "event_id,date_start,date_end,date_precision,event_type,title,description,latitude,longitude,"
        "source_ids,location_note\n"
        f"mine-1,2022-09-15,2022-09-15,day,shelling,{UPLOAD_TITLE},Fictional test row.,40.05,70.8,my notes,\n",
        "utf-8",
    )
    frame = map_frame(page)
    page.get_by_text("Overlay your own events").click()
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(upload))
    expect(frame.locator("path.kgtj-upload")).to_have_count(1, timeout=30_000)
    frame.locator(".leaflet-control-layers").hover()  # the control starts collapsed
    expect(frame.get_by_text(f"Your events: {UPLOAD_NAME}")).to_be_visible(timeout=15_000)
    centre_on(page, frame, "upload", "mine-1").hover()
    tooltip = frame.locator(".leaflet-tooltip", has_text="Your event").first
    expect(tooltip).to_contain_text(UPLOAD_TITLE, timeout=15_000)
    assert _pwned(page) == []
