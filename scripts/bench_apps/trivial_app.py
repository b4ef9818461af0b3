"""The benchmark's floor: a Streamlit page holding one Folium map with a single marker.

Not part of the atlas: what the framework itself costs (Streamlit's page,
streamlit-folium's component, Leaflet from local files), to compare the
atlas's time to a rendered map against.
"""

from __future__ import annotations

from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.assets import install_vendor_assets, use_local_assets

install_vendor_assets(Path(__file__).parent / "static")
st.title("One marker")
m = folium.Map(location=(39.95, 70.25), zoom_start=9, tiles=None)
use_local_assets(m)
folium.CircleMarker((40.06, 70.82), radius=7, class_name="kgtj-event").add_to(m)
st_folium(m, width=1000, height=720)
