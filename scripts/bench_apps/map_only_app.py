"""The benchmark's middle line: the atlas's own map alone on a Streamlit page.

Not part of the atlas. The same map as ``app.py`` draws for the whole record (base
layers fetched from files, border status, places with events, event markers), with a
title and nothing else: no sidebar, no summary, no panels. Between the one-marker
floor (``trivial_app.py``) and the atlas, it tells what the map's own layers cost and
what the rest of the page costs.
"""

from __future__ import annotations

import os
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.assets import install_vendor_assets, publish_json, publish_layers
from geo.filters import Filters, record_span
from geo.load import Dataset, load_dataset
from geo.map import atlas_layers, base_layer_data
from geo.view import build_view

STATIC = Path(__file__).parent / "static"


@st.cache_resource
def prepared(data_dir: str) -> tuple[Dataset, dict, dict[str, str]]:
    dataset = load_dataset(data_dir)
    data = base_layer_data(dataset)
    return dataset, data, publish_layers(STATIC, data, prefix="base-en")


install_vendor_assets(STATIC)
dataset, data, links = prepared(os.environ["KGTJ_DATA_DIR"])
view = build_view(dataset, Filters(*record_span(dataset)))
base, groups = atlas_layers(
    dataset, view, base_data=data, links=links, publish=lambda name, layer: publish_json(STATIC, name, layer)
)
st.title("The atlas's map alone")
st_folium(
    base, key="atlas", height=720, use_container_width=True, returned_objects=["last_active_drawing"],
    feature_group_to_add=groups, layer_control=folium.LayerControl(collapsed=False), render=False,
)
