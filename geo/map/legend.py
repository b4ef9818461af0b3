"""The map's legend, data attribution and page styles (``legend.css``).

One `Legend` element per map puts the CSS in the page's head and, in its script,
the legend control, the attribution, the scale bar's units in the page's
language, and the fading of the country fills over online tiles.
"""

from __future__ import annotations

import html
import json
from importlib.resources import files

import folium
from branca.element import MacroElement
from jinja2 import Template

from geo.attribution import MAP_ATTRIBUTION
from geo.i18n import t
from geo.map.styles import TOTAL_FILL, fan_css
from geo.vocabulary import AGGREGATE, EVENT_TYPES, SEGMENT_STATUSES, TRIGGER_COLOURS, TRIGGERS

__all__ = ["PAGE_CSS", "Legend", "legend"]

PAGE_CSS = files("geo.map").joinpath("legend.css").read_text("utf-8")


def _swatch(colour: str, label: str) -> str:
    return f'<div><span class="kgtj-swatch" style="background:{colour}"></span>{html.escape(label)}</div>'


def _legend_html(lang: str, colour_by: str = "type") -> str:
    """The legend's HTML: event types (or triggers) and border statuses with their colours (escaped)."""
    if colour_by == "trigger":
        rows = "".join(
            _swatch(TRIGGER_COLOURS[code], t(TRIGGERS[code], lang)) for code in TRIGGERS
        ) + _swatch(TRIGGER_COLOURS[""], t("Not yet assessed in our record", lang))
    else:
        rows = "".join(
            _swatch(e.colour, t(e.label, lang))
            for code, e in EVENT_TYPES.items()
            if code != AGGREGATE  # a period summary is never drawn
        )
    rows += (
        f'<div><span class="kgtj-swatch" style="background:{TOTAL_FILL}"></span>'
        f"{html.escape(t('Events at a place (when too many to draw one by one)', lang))}</div>"
    )
    statuses = "".join(
        f'<div><span class="kgtj-line" style="border-top:3px '
        f'{"dashed" if s.dash else "solid"} {s.colour}"></span>{html.escape(t(s.label, lang))}</div>'
        for s in SEGMENT_STATUSES.values()
    )
    return (
        f'<details class="kgtj-legend" open><summary><b>{t("Legend", lang)}</b></summary>'
        f'<b>{t("Events", lang)}</b><div class="kgtj-grid">' + rows + "</div>"
        f'<b>{t("Border status", lang)}</b><div class="kgtj-grid">' + statuses + "</div></details>"
    )


def legend(
    countries_layer: folium.GeoJson, *, offline_name: str, lang: str, colour_by: str = "type"
) -> Legend:
    """The legend element of a map whose country layer is ``countries_layer``.

    ``offline_name`` is the (translated) name of the offline base layer: over any
    other base layer the country fills fade.
    """
    return Legend(
        legend_html=_legend_html(lang, colour_by), offline_name=offline_name, countries=countries_layer,
        lang=lang,
    )


class Legend(MacroElement):
    """The legend, the data attribution, the page's CSS, and the country fills fading
    over online tiles. Its template is compiled once, not on every rerun (~10 ms)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
{{ this.css }}
{{ this.fan_css }}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var legend = L.control({position: "bottomleft"});
        legend.onAdd = function () {
            var div = L.DomUtil.create("div");
            div.innerHTML = {{ this.legend_html }};
            // Unless the map is wide, the legend starts folded, so it hides no markers.
            if ({{ this._parent.get_name() }}.getSize().x < 900) {
                div.querySelector("details").open = false;
            }
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        legend.addTo({{ this._parent.get_name() }});
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.attribution }});
        // Leaflet writes the scale bar's units in English: put them in the page's language.
        var kgtjUnits = {{ this.units }};
        var kgtjUnit = function (text) {
            return text.replace(/ (km|m)$/, function (_, unit) { return " " + kgtjUnits[unit]; });
        };
        L.Control.Scale.include({_updateScale: function (scale, text, ratio) {
            scale.style.width = Math.round(this.options.maxWidth * ratio) + "px";
            scale.textContent = kgtjUnit(text);
        }});
        document.querySelectorAll(".leaflet-control-scale-line").forEach(function (line) {
            line.textContent = kgtjUnit(line.textContent);
        });
        // Over online tiles the opaque country fills would hide them: fade them.
        {{ this._parent.get_name() }}.on("baselayerchange", function (e) {
            var offline = e.name === {{ this.offline_name }};
            {{ this.countries.get_name() }}.setStyle({fillOpacity: offline ? 1.0 : 0.08});
        });
        {% endmacro %}
        """
    )
    css = PAGE_CSS

    def __init__(
        self, *, legend_html: str, offline_name: str, countries: folium.GeoJson, lang: str = "en"
    ) -> None:
        super().__init__()
        self.units = json.dumps({"km": t("km", lang), "m": t("m", lang)})
        # JSON string literals, so the texts are inserted into the script as data
        self.legend_html = json.dumps(legend_html)
        self.attribution = json.dumps(html.escape(MAP_ATTRIBUTION))
        self.offline_name = json.dumps(offline_name)
        self.countries = countries
        self.fan_css = fan_css()
