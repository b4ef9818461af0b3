"""The benchmark's baseline: the common way to put events on a Folium map.

Not part of the atlas. It reads the same data folder (``KGTJ_DATA_DIR``) and
does what most Streamlit + Folium tutorials do: a date-range slider, and on
every change the whole map rebuilt with one ``folium.Marker`` and an HTML popup
per event, handed to ``st_folium``. To compare like with like it loads Leaflet
(and jQuery, which folium's popups need) from local files, as the atlas does (the
machine has no internet), and draws no tiles.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import streamlit as st
import xstatic.pkg.jquery as xs_jquery
from naive_recipe import naive_map  # beside this script, which Streamlit puts on sys.path
from streamlit_folium import st_folium

from geo.assets import STATIC_URL, install_vendor_assets, use_local_assets

DATA_DIR = Path(os.environ["KGTJ_DATA_DIR"])


@st.cache_data
def load(data_dir: str) -> tuple[pd.DataFrame, dict[str, tuple[float, float]]]:
    events = pd.read_csv(Path(data_dir) / "events.csv", parse_dates=["date_start", "date_end"])
    features = json.loads((Path(data_dir) / "places.geojson").read_text("utf-8"))["features"]
    points = {
        f["properties"]["place_id"]: (f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0])
        for f in features if f.get("geometry")
    }
    return events, points


# folium's popups are built with jQuery (the atlas draws none and loads no jQuery): served
# from the installed XStatic package beside Leaflet
JQUERY = ("jquery/jquery.min.js", Path(xs_jquery.BASE_DIR) / "jquery.min.js")
install_vendor_assets(Path(__file__).parent / "static", extra=[JQUERY])
events, points = load(str(DATA_DIR))
first, last = events["date_start"].min().date(), events["date_end"].max().date()
start, end = st.sidebar.slider("Dates", min_value=first, max_value=last, value=(first, last))
shown = events[(events["date_start"].dt.date <= end) & (events["date_end"].dt.date >= start)]

firsts = [str(ids).split(";")[0] for ids in shown["place_ids"]]
m = naive_map(zip(shown["title"], shown["date_start"], shown["description"], firsts, strict=True), points)
use_local_assets(m)
m.default_js = [*m.default_js, ("jquery", f"{STATIC_URL}/jquery/jquery.min.js")]
st.write(f"{len(shown)} events")
st_folium(m, width=1000, height=720)
