"""folium's elements rendered once, their output kept as text.

branca's ``MacroElement.render`` puts each rendered macro (an element's header, HTML
and script) on the page as a new ``Element`` *made from that output as a template*:
Jinja compiles it, and a full render of the page (the downloaded map) renders it a
second time. Text from the data is in that output (an event's title in a GeoJSON
layer, a file's name in the layer control), so:

- ``{% if %}`` in a title failed with a ``TemplateSyntaxError``: on the page (whose
  filter-dependent groups ``st_folium`` renders one by one), from a data file or an
  uploaded one, in place of the map;
- in the downloaded map, ``{{ 7*7 }}`` in a data title became ``49``, and an
  expression could reach Python's ``os`` module on the machine building the file
  (server-side template injection).

Compiling the outputs also cost about 30 ms of every page run (48 templates at a
million events).

`install` makes ``MacroElement.render`` keep each output as it is. It is called
when `geo.map` is imported, before any map is drawn. For text without template
syntax the page is the same as branca's (``tests/test_map_rendering.py``).
"""

from __future__ import annotations

from typing import Any

from branca.element import Element, Figure, MacroElement

__all__ = ["BRANCA_RENDER", "Text", "install", "render_macros"]

_PARTS = ("header", "html", "script")
# branca's own, kept for comparison (tests/test_map_rendering.py)
BRANCA_RENDER = MacroElement.render


class Text(Element):
    """Rendered output on the page as it is: never compiled or rendered again."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Text"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def render_macros(element: MacroElement, **kwargs: Any) -> None:
    """What ``MacroElement.render`` does, with each macro's output added as `Text`."""
    figure = element.get_root()
    if not isinstance(figure, Figure):
        raise TypeError(f"{type(element).__name__} can only be rendered in a Figure (e.g. a folium.Map)")
    macros = element._template.module.__dict__
    for part in _PARTS:
        macro = macros.get(part)
        if macro is not None:
            text = str(macro(element, kwargs))
            # as Jinja left it, which drops one newline at the end of a template's text
            getattr(figure, part).add_child(Text(text.removesuffix("\n")), name=element.get_name())
    for child in element._children.values():
        child.render(**kwargs)


def install() -> None:
    """Render every folium element with `render_macros` (its subclasses call this last)."""
    setattr(MacroElement, "render", render_macros)  # noqa: B010 (a method replaced on purpose)
