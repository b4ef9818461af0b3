"""The Streamlit page runs, the slider changes the summary, a selection shows claims."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _slider(at: AppTest):
    """The date slider (its key changes whenever the page sets the range itself)."""
    return next(s for s in at.sidebar.slider if s.label == "Dates")


def _picker(at: AppTest):
    """The event picker (its key follows the selection)."""
    return next(s for s in at.selectbox if s.label.startswith("Event details"))


def _summary(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "events from" in m.value or "event from" in m.value)


def test_app_runs_and_summarises_the_whole_record(app) -> None:
    from geo.filters import Filters, record_span
    from geo.load import load_dataset
    from geo.text import escape_markdown
    from geo.view import build_view

    dataset = load_dataset(Path(APP).parent / "data")
    expected = build_view(dataset, Filters(*record_span(dataset))).summary
    assert app.title[0].value == "Kyrgyz–Tajik Border Conflict Atlas"
    assert _summary(app) == f"**{escape_markdown(expected)}**"
    summaries = int((dataset.events["event_type"] == "aggregate").sum())
    assert summaries > 0
    assert expected.startswith(f"{len(dataset.events) - summaries} events from ")  # summaries not counted


def test_moving_the_slider_changes_the_summary(app) -> None:
    _slider(app).set_value((dt.date(2022, 9, 14), dt.date(2022, 9, 17))).run()
    assert not app.exception
    from geo.filters import Filters
    from geo.load import load_dataset
    from geo.text import escape_markdown
    from geo.view import build_view

    dataset = load_dataset(Path(APP).parent / "data")
    expected = build_view(dataset, Filters(dt.date(2022, 9, 14), dt.date(2022, 9, 17))).summary
    assert "from 14 Sep 2022 to 17 Sep 2022" in expected
    assert _summary(app) == f"**{escape_markdown(expected)}**"


def test_choosing_a_period_moves_the_slider(app) -> None:
    app.selectbox(key="period").select("September 2022 war (14–20 Sep)").run()
    assert _slider(app).value == (dt.date(2022, 9, 14), dt.date(2022, 9, 20))


def test_selecting_an_event_shows_claims_from_both_sides(app) -> None:
    # the list holds the first 200 events of the range: narrow it to the war, as a reader would
    _slider(app).set_value((dt.date(2022, 9, 14), dt.date(2022, 9, 20))).run()
    _picker(app).select("2022-09-14-20-toll").run()
    assert not app.exception
    text = "\n".join(m.value for m in app.markdown)
    assert "Kyrgyz side" in text and "Tajik side" in text
    assert "136" not in app.subheader[0].value
    assert app.subheader[0].value.startswith("September 2022 fighting")
    assert "Kyrgyz government" in text and "Tajik government" in text
    assert "https://" in text  # source links


def test_finding_a_place_by_another_spelling_shows_its_details(app) -> None:
    app.text_input(key="place_query").input("Ворух").run()
    app.radio(key="found").set_value("vorukh").run()
    assert not app.exception
    assert app.subheader[0].value == "Vorukh"


def test_a_range_with_no_events_does_not_break_the_page(app) -> None:
    _slider(app).set_value((dt.date(1999, 1, 1), dt.date(1999, 12, 31))).run()
    assert not app.exception
    assert _summary(app).startswith("**0 events from 1 Jan 1999")


def test_bad_rows_give_an_error_panel_and_the_rest_still_shows(tmp_path, monkeypatch) -> None:
    import csv
    import shutil

    data = tmp_path / "data"
    shutil.copytree(Path(APP).parent / "data", data)
    events = data / "events.csv"
    with events.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[1]["date_precision"] = "daily"  # one bad code, on line 3 (the header is line 1)
    with events.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setenv("KGTJ_DATA_DIR", str(data))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    panel = next(e for e in at.expander if "problem(s) in the data" in e.label)
    assert "row(s) set aside" in panel.label
    assert "events.csv:3:date_precision: expected one of" in panel.code[0].value
    incidents = [r for r in rows if r["event_type"] != "aggregate"]  # period summaries are not counted
    assert _summary(at).startswith(f"**{len(incidents) - 1} events")  # the other events are all shown


def test_a_link_opens_the_app_on_its_days_and_event() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"from": "2022-09-14", "to": "2022-09-17", "select": "2022-09-14-20-toll"})
    at.run()
    assert not at.exception
    assert "from 14 Sep 2022 to 17 Sep 2022" in _summary(at)
    assert at.subheader[0].value.startswith("September 2022 fighting")
    link = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert (link["from"], link["to"], link["select"]) == ("2022-09-14", "2022-09-17", "2022-09-14-20-toll")


def test_changing_the_slider_updates_the_link(app) -> None:
    _slider(app).set_value((dt.date(2021, 4, 28), dt.date(2021, 5, 2))).run()
    link = {k: (v[0] if isinstance(v, list) else v) for k, v in app.query_params.items()}
    assert (link["from"], link["to"]) == ("2021-04-28", "2021-05-02")


def test_download_buttons_are_offered_once_the_panel_is_open(app) -> None:
    assert app.get("download_button") == []  # closed: nothing built
    app.session_state["downloads_open"] = True
    app.run()
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == ["Events (CSV)", "Claims (CSV, one row per claim)", "Events (GeoJSON)", "Whole dataset (zip)",
                      "This map (HTML, works offline)"]


def test_only_the_open_panels_below_the_map_are_built(app) -> None:
    # Every panel below the map starts closed: no chart, table or About figures are built
    assert app.get("vega_lite_chart") == [] and len(app.dataframe) == 0
    assert not any("Kyrgyz–Tajik border in our geometry" in m.label for m in app.metric)
    app.session_state["about_open"] = True
    app.session_state["table_open"] = True
    app.run()
    assert not app.exception
    assert any("Kyrgyz–Tajik border in our geometry" in m.label for m in app.metric)
    assert app.get("vega_lite_chart") == []
    assert len(app.dataframe) >= 1
    app.session_state["timeline_open"] = True
    app.run()
    assert len(app.get("vega_lite_chart")) == 2  # events per period, claimed killed


def test_russian_interface_from_the_link() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lang": "ru", "from": "2022-09-14", "to": "2022-09-17", "select": "2022-09-14-20-toll"})
    at.run()
    assert not at.exception
    assert at.title[0].value == "Атлас кыргызско-таджикского пограничного конфликта"
    assert any("событ" in m.value and "с 14 сентября 2022 по 17 сентября 2022" in m.value for m in at.markdown)
    text = "\n".join(m.value for m in at.markdown)
    assert "Заявления сторон рядом" in text and "Кыргызская сторона" in text and "Источники" in text
    assert at.sidebar.slider[0].label == "Даты"


def test_switching_language_in_the_sidebar(app) -> None:
    app.radio(key="lang").set_value("ru").run()
    assert not app.exception
    assert app.title[0].value.startswith("Атлас")
    link = {k: (v[0] if isinstance(v, list) else v) for k, v in app.query_params.items()}
    assert link["lang"] == "ru"


def test_a_large_selection_lists_the_first_events_and_says_so(tmp_path, monkeypatch) -> None:
    from geo.timeline import PICKER_ROWS
    from scripts.synthetic import write_synthetic

    monkeypatch.setenv("KGTJ_DATA_DIR", str(write_synthetic(tmp_path / "big", 1_200, seed=3)))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    picker = _picker(at)
    assert len(picker.options) == PICKER_ROWS
    assert any(f"first {PICKER_ROWS} of 1,200 entries" in c.value for c in at.caption)
    assert "one marker per place" in _summary(at)


def test_a_place_found_by_a_misspelling_is_selected_and_the_map_flies_there(app) -> None:
    app.sidebar.text_input(key="place_query").input("Vorux").run()
    app.sidebar.radio(key="found").set_value("vorukh").run()
    assert not app.exception, app.exception
    assert app.session_state["selected"] == ("place", "vorukh")
    target = app.session_state["map_target"]
    assert abs(target.lat - 39.85) < 0.05 and abs(target.lon - 70.58) < 0.05  # Vorukh, not the default view


def test_the_analysis_panel_says_what_each_table_rests_on(app) -> None:
    from geo.analysis import by_month_of_year, incidents
    from geo.load import load_dataset

    app.session_state["analysis_open"] = True
    app.run()
    assert not app.exception, app.exception
    events = load_dataset(Path(APP).parent / "data").events
    captions = [c.value for c in app.caption]
    in_season = int(by_month_of_year(events)["incidents"].sum())
    assert f"Rests on {in_season} incidents." in captions
    assert any(c.startswith(f"Rests on {len(incidents(events))} incidents. An incident at places") for c in captions)
    assert any("not a result that any source credits to the third party" in c for c in captions)


def test_words_narrow_the_event_picker_to_titles_that_hold_them(app) -> None:
    app.text_input(key="event_query").input("flagpole Vorukh").run()
    assert not app.exception
    options = _picker(app).options
    assert options and all("flagpole" in o and "Vorukh" in o for o in options)
    app.text_input(key="event_query").input("no-such-words-anywhere").run()
    assert _picker(app).options == []
    assert "No event of the range has those words in its title." in [c.value for c in app.caption]
