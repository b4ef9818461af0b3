"""Who the data is owed to, written once: the full credit (downloads) and the short one (map corner).

data/README.md gives each source's licence in full; the page's captions are translated
strings kept in the message catalogs (app.py, panels.py).
"""

from __future__ import annotations

__all__ = ["ATTRIBUTION", "MAP_ATTRIBUTION"]

# Every download carries this (GeoJSON ``attribution``, ATTRIBUTION.txt in the zip).
ATTRIBUTION = (
    "Kyrgyz–Tajik Border Conflict Atlas. Geometry © OpenStreetMap contributors (ODbL-1.0), "
    "via osm_borders / geo-maps and geoBoundaries; place coordinates from GeoNames (CC BY 4.0, "
    "geonames.org), Data from Who's On First (CC0) and the sources named per place; Kyrgyz "
    "districts: OCHA / Ministry of Emergency Situations of the Kyrgyz Republic (HDX cod-ab-kgz); "
    "Natural Earth (public domain). "
    "Events, claims and descriptions "
    "compiled by the atlas from the sources listed with each record (CC BY 4.0)."
)
# The map's attribution control: the same sources, short enough for a map's corner.
MAP_ATTRIBUTION = (
    "© OpenStreetMap contributors (ODbL) · GeoNames (CC BY) · Who's On First · Natural Earth · "
    "geoBoundaries · OCHA (Kyrgyz districts)"
)
