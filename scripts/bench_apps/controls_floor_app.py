"""The benchmark's floor with our controls: the atlas's page with a one-marker map.

Not part of the atlas. The same widgets as ``app.py`` shows at page open — the same
kinds, as many, with the same options, keys and layout (the sidebar, the map and the
details columns, the closed panels below) and the page's CSS — around a Folium map
holding one marker, and no data work: options are literals or the vocabulary tables.
What a page with the atlas's controls costs Streamlit and the browser, so that our
page open is compared with a page that has the same controls (issue 20), not with
an empty one (``trivial_app.py``, kept as the bare floor).

tests/test_bench_apps.py checks that its widgets match the atlas's, kind for kind, so
a change of the atlas's layout must be made here too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.assets import install_vendor_assets, use_local_assets
from geo.filters import PERIODS
from geo.i18n import LANGUAGES
from geo.map import DEFAULT_LAYERS, LAYER_NAMES
from geo.vocabulary import ACTORS, COLOUR_BY, EVENT_TYPES, TRIGGERS
from panels import page_style

SPAN = (dt.date(1998, 5, 6), dt.date(2025, 12, 31))
COLOUR_LABELS = {"type": "type of event", "trigger": "trigger (what started it)"}
PICKED = 200  # the event picker lists the first 200 events of the range (geo.timeline.PICKER_ROWS)


def sidebar() -> None:
    """The atlas's sidebar (controls.sidebar) with the same widgets and options."""
    st.sidebar.radio("Language / Язык / Тил / Забон", list(LANGUAGES), format_func=LANGUAGES.get, key="lang",
                     horizontal=True)
    st.sidebar.header("Filters")
    st.sidebar.selectbox("Jump to a period", ["Whole record", *PERIODS], key="period")
    st.sidebar.slider("Dates", min_value=SPAN[0], max_value=SPAN[1], value=SPAN, key="dates:0",
                      format="D MMM YYYY")
    st.sidebar.date_input("From", SPAN[0], min_value=SPAN[0], max_value=SPAN[1], key="date_from:0",
                          format="YYYY-MM-DD")
    st.sidebar.date_input("To", SPAN[1], min_value=SPAN[0], max_value=SPAN[1], key="date_to:0",
                          format="YYYY-MM-DD")
    back, forward = st.sidebar.columns(2)
    back.button("◀ Earlier", key="period_back", width="stretch", help="Move the range back by its own length")
    forward.button("Later ▶", key="period_forward", width="stretch",
                   help="Move the range forward by its own length")
    st.sidebar.multiselect("Event types (none selected = all)", list(EVENT_TYPES), key="types",
                           format_func=lambda code: EVENT_TYPES[code].label, placeholder="Choose options")
    with st.sidebar.expander("Why and who: trigger, actors"):
        st.multiselect("What started it (as the sources say; none selected = all)", list(TRIGGERS),
                       format_func=TRIGGERS.get, key="triggers", placeholder="Choose options")
        st.multiselect("Who took part (forces, residents, third parties; none selected = all)", list(ACTORS),
                       format_func=lambda code: ACTORS[code].label, key="actors",
                       placeholder="Choose options")
        st.radio("Colour the events by", list(COLOUR_BY), key="colour_by", horizontal=True,
                 format_func=COLOUR_LABELS.get)
    st.sidebar.text_input("Find a place (any spelling, Latin or Cyrillic)", key="place_query")
    st.sidebar.multiselect(
        "Layers shown (remembered in the link)", list(LAYER_NAMES), default=list(DEFAULT_LAYERS),
        format_func=LAYER_NAMES.get, key="layers", placeholder="Choose options",
        help="The one control of the atlas's layers; the map's own control (top right) chooses the "
             "background.",
    )
    st.sidebar.expander("Overlay your own events", key="overlay_open", on_change="rerun")


def one_marker_map() -> None:
    m = folium.Map(location=(40.0, 70.6), zoom_start=8, tiles=None)
    use_local_assets(m)
    folium.CircleMarker((40.06, 70.82), radius=7, class_name="kgtj-event").add_to(m)
    st_folium(
        m, key="atlas", height=560, use_container_width=True,
        returned_objects=["last_active_drawing", "center", "zoom"],
        layer_control=folium.LayerControl(collapsed=True), render=False,
    )


def details() -> None:
    """The details column at page open: event steps, the picker, the hint."""
    st.markdown('<a id="details"></a>', unsafe_allow_html=True)
    back, play, forward = st.columns(3)
    back.button("◀ Previous", key="event_back", width="stretch",
                help="The previous event of the range, by date")
    play.button("▶ Play", key="play", width="stretch",
                help="Steps through the events of the range, one every 4 seconds.")
    forward.button("Next ▶", key="event_forward", width="stretch",
                   help="The next event of the range, by date")
    st.text_input("Find an event by words of its title", key="event_query", placeholder="e.g. Vorukh water")
    events = [f"event-{n:03d}" for n in range(PICKED)]
    st.selectbox("Event details (or click a feature on the map)", events, key="pick:", index=None,
                 placeholder="Choose an event…")
    st.caption("The list holds the first 200 events, by date: narrow the dates or types to reach the "
               "others, or click the map.")
    st.info("Click an event, place, enclave or border segment on the map to see its details and sources.")


def main() -> None:
    st.set_page_config(page_title="Controls and one marker", page_icon="🗺", layout="wide")
    install_vendor_assets(Path(__file__).parent / "static")
    page_style()
    st.title("Controls and one marker")
    st.markdown("**One marker; the atlas's controls, with no data behind them.**")
    with st.container(key="details-link"):
        st.markdown("[Details below the map ↓](#details)")
    map_column, panel = st.columns([3, 2], gap="small")
    with map_column:
        one_marker_map()
        sidebar()  # after the map, as the atlas does at page open
    with panel, st.container(key="details"):
        details()
    st.caption("One marker: the framework's and the controls' own cost.")
    for key, label in (
        ("downloads_open", "Download — the events shown, the whole dataset, this map"),
        ("timeline_open", "Timeline — events per period by type, claimed killed per side"),
        ("table_open", "Events table"),
        ("analysis_open", "Analysis — season, trigger, third parties, districts"),
        ("about_open", "About the data — facts from the geometry, statistics, coverage, licences"),
    ):
        st.expander(label, key=key, on_change="rerun")


main()
