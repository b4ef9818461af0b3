"""The benchmark's floor with our controls shows the atlas's widgets, kind for kind.

scripts/bench_apps/controls_floor_app.py is what our page open is measured against
(issue 20): the same controls in the same layout with a one-marker map. This fails when
the atlas's page gains, loses or moves a widget and the floor was not changed with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APPS = {"ours": ROOT / "app.py", "floor": ROOT / "scripts" / "bench_apps" / "controls_floor_app.py"}


def _layout(node: Any, depth: int = 0) -> list[tuple[int, str, str | None]]:
    """(depth, element type, key) of every element under ``node``, in page order."""
    found = []
    for child in getattr(node, "children", {}).values():
        key = getattr(child, "key", None) if child.type != "component_instance" else "map"
        key = key.split(":")[0] if key else key  # a key's version suffix ("dates:0") is not layout
        found.append((depth, child.type, key))
        found.extend(_layout(child, depth + 1))
    return found


def _options(at: AppTest) -> dict[str, int | list[str]]:
    widgets = [*at.selectbox, *at.multiselect, *at.radio]
    # the event picker lists event ids: the floor's are made up, as many
    keys = [w.key.split(":")[0] for w in widgets]
    return {k: len(w.options) if k == "pick" else list(w.options) for k, w in zip(keys, widgets, strict=True)}


@pytest.fixture(scope="module")
def pages() -> dict[str, AppTest]:
    runs = {}
    for name, path in APPS.items():
        at = AppTest.from_file(str(path), default_timeout=60)
        at.run()
        assert not at.exception, at.exception
        runs[name] = at
    return runs


@pytest.mark.parametrize("where", ["sidebar", "main"])
def test_the_floor_has_our_widgets_in_our_layout(pages, where) -> None:
    ours, floor = (_layout(getattr(pages[n], where)) for n in ("ours", "floor"))
    assert floor == ours
    assert len(ours) > 10


def test_the_floor_widgets_have_our_options(pages) -> None:
    ours, floor = _options(pages["ours"]), _options(pages["floor"])
    assert floor == ours
    assert ours["pick"] == 200

