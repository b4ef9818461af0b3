"""The non-blocking layer loader: linked layers fetched by the browser without holding the page.

folium requests a linked GeoJSON layer with a synchronous ``$.ajax`` call. Here that
call in folium's rendered script is replaced by a call of ``kgtjLoad`` (``loader.js``,
put on the map once by `Loader`). The rewrite depends on folium's template text, so
`fetched` fails loudly if that text changes (folium is pinned in pyproject.toml to the
versions this is tested on).
"""

from __future__ import annotations

import re
from importlib.resources import files

import folium
from branca.element import MacroElement
from jinja2 import Template

__all__ = ["BASE_PANE", "BORDER_PANE", "LOADER_JS", "PLACES_PANE", "Loader", "fetched", "linked"]

# Panes for the layers whose data is fetched: they arrive after the layers drawn from
# the page itself (the events), so in the one default pane they would be painted over
# them. In panes of their own they stay below, whatever order the responses come in.
BASE_PANE = ("kgtj-base", 350)  # below Leaflet's overlayPane (400), above tiles (200)
PLACES_PANE = ("kgtj-places", 360)  # villages above every outline, also one shown later
BORDER_PANE = ("kgtj-border", 390)

LOADER_JS = files("geo.map").joinpath("loader.js").read_text("utf-8")


class Loader(MacroElement):
    """``loader.js`` on the map, before the layers whose scripts call it."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.js }}{% endmacro %}")
    js = LOADER_JS


_SYNC_REQUEST = re.compile(
    r"\$\.ajax\((?P<url>\"[^\"]*\"), \{dataType: 'json', async: false\}\)\s*"
    r"\.done\((?P<add>(?P<layer>\w+)_add)\);"
)


def fetched(script: str) -> str:
    """folium's GeoJson script with its synchronous request replaced by a call of ``kgtjLoad``.

    Raises
    ------
    RuntimeError
        If the script does not hold exactly one such request (folium changed its template).
    """
    script, found = _SYNC_REQUEST.subn(
        lambda m: f"kgtjLoad({m['layer']}, {m['url']}, {m['add']});", str(script)
    )
    if found != 1:  # folium changed its template: fail here, not in a user's browser
        raise RuntimeError(f"expected one synchronous GeoJSON request in folium's script, found {found}")
    return script


_FETCHED_TEMPLATE = Template(
    "{% macro script(this, kwargs) %}{{ fetched(geojson(this, kwargs)) }}{% endmacro %}"
)
_FETCHED_TEMPLATE.globals.update(geojson=folium.GeoJson._template.module.script, fetched=fetched)


def linked(layer: folium.GeoJson, url: str | None, *, pane: tuple[str, int]) -> folium.GeoJson:
    """``layer`` with its data fetched by the browser from ``url`` instead of embedded.

    The data stays on the Python object, where folium reads it to style the
    features and check the tooltip fields; only the page's copy is replaced
    by a request to ``url`` (which must serve the same GeoJSON), made without
    blocking the page, into ``pane`` (one of the map's panes, see `geo.map.atlas.base_map`).
    """
    if url:
        layer.embed, layer.embed_link = False, url
        layer._template = _FETCHED_TEMPLATE
        layer.options["pane"] = pane[0]
        if layer.marker is not None:  # folium builds point markers from these options alone
            layer.marker.options["pane"] = pane[0]
    return layer
