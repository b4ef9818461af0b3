"""Text from data or a reader's file reaches the map as text, never as a template (geo.map.rendering)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import folium
import pytest
from branca.element import Element, MacroElement

from geo.filters import Filters
from geo.load import load_dataset
from geo.map import overlay_layer, whole_map
from geo.map.loader import Loader
from geo.map.rendering import BRANCA_RENDER, render_macros
from geo.uploads import read_overlay
from geo.view import build_view

ALL = Filters(dt.date(2000, 1, 1), dt.date(2026, 1, 1))
UPLOAD = Path(__file__).resolve().parent / "fixtures" / "uploads" / "atlas_fictional.csv"
# Jinja syntax: an expression, a broken statement, and one that reaches Python's os module
HOSTILE = (
    "{{ 7*7 }}",
    "{% if %}",
    "{{ cycler.__init__.__globals__.os.getpid() }}",
)


def _with_title(dataset_dir: Path, title: str) -> None:
    events = dataset_dir / "events.csv"
    events.write_text(events.read_text("utf-8").replace("Shelling of Beta", title), "utf-8")


@pytest.mark.parametrize("title", HOSTILE)
def test_template_syntax_in_the_data_is_shown_as_written(tiny_copy, title) -> None:
    _with_title(tiny_copy, title)
    dataset = load_dataset(tiny_copy)
    assert not dataset.problems
    page = whole_map(dataset, build_view(dataset, ALL)).get_root().render()
    # the title as written, JSON-encoded in the events layer's data (rendered as a template,
    # it was "49", a TemplateSyntaxError, or this process's id)
    assert json.dumps(title) in page


@pytest.mark.parametrize("title", HOSTILE)
def test_template_syntax_in_a_readers_file_and_its_name_is_shown_as_written(tiny, title) -> None:
    text = UPLOAD.read_text("utf-8").replace("My observed shelling", title)
    mine = read_overlay(f"{title}.csv", text.encode("utf-8"))
    view = build_view(tiny, ALL)
    page = whole_map(tiny, view).add_child(overlay_layer(mine.events, name=mine.name))
    folium.LayerControl().add_to(page)  # the file's name is in the layer control
    html = page.get_root().render()
    assert json.dumps(title) in html  # in the layer's data
    assert f"{title}.csv" in html  # in the layer control


def _numbered_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """Element ids 0, 1, 2 … instead of random ones, so two renderings can be compared."""
    counter = itertools.count()
    monkeypatch.setattr(Element, "_generate_id", classmethod(lambda cls: f"{next(counter):032x}"))


def test_the_page_is_branca_s_own_for_text_without_template_syntax(shipped, monkeypatch) -> None:
    view = build_view(shipped, Filters(dt.date(2022, 9, 1), dt.date(2022, 9, 30)))
    pages = []
    for render in (BRANCA_RENDER, render_macros):
        monkeypatch.setattr(MacroElement, "render", render)
        _numbered_ids(monkeypatch)
        pages.append(whole_map(shipped, view).get_root().render())
    assert render_macros is not BRANCA_RENDER
    assert len(pages[0]) > 100_000  # the whole map, every layer embedded
    assert pages[1] == pages[0]


def test_rendering_outside_a_figure_is_refused() -> None:
    with pytest.raises(TypeError, match="Loader can only be rendered in a Figure"):
        Loader().render()
