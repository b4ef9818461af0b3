"""Kyrgyz–Tajik Border Conflict Atlas — the Streamlit page.

Thin wiring only: widgets are read into a `geo.filters.Filters`, everything
else is a call into `geo`. Run with ``make run`` (or ``streamlit run app.py``).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.assets import install_vendor_assets
from geo.details import details_for
from geo.estimates import all_estimates
from geo.export import standalone_html
from geo.filters import PERIODS, Filters, record_span
from geo.load import Dataset, load_dataset
from geo.maps import DEFAULT_LAYERS, LAYER_NAMES, atlas_layers, whole_map
from geo.permalink import parse_query, to_query
from geo.search import search_places
from geo.text import escape_markdown
from geo.view import build_view
from geo.vocabulary import EVENT_TYPES
from panels import show_about, show_details, show_downloads, show_problems, show_timeline

ROOT = Path(__file__).resolve().parent
# Another data folder (e.g. a user's edited copy) can be given in KGTJ_DATA_DIR.
DATA_DIR = Path(os.environ.get("KGTJ_DATA_DIR", ROOT / "data"))


@st.cache_data(show_spinner="Loading the atlas data…")
def load(data_dir: str) -> Dataset:
    return load_dataset(data_dir)


@st.cache_data(show_spinner=False)
def estimates(data_dir: str) -> dict:
    return all_estimates(load(data_dir).claims)


@st.cache_resource
def vendor_assets() -> Path:
    return install_vendor_assets(ROOT / "static")


def _set_period(span: tuple[dt.date, dt.date]) -> None:
    choice = st.session_state["period"]
    st.session_state["dates"] = span if choice == "Whole record" else PERIODS[choice]


def restore_from_link(dataset: Dataset) -> None:
    """On a session's first run, set the widgets from the URL (see geo.permalink)."""
    if st.session_state.get("restored"):
        return
    span = record_span(dataset)
    state = parse_query(st.query_params.to_dict(), dataset, span=span, layer_keys=LAYER_NAMES)
    st.session_state.update(
        restored=True,
        dates=(state.start or span[0], state.end or span[1]),
        types=list(state.types),
        layers=list(state.layers if state.layers is not None else DEFAULT_LAYERS),
        selected=state.select,
        pick=state.select[1] if state.select and state.select[0] == "event" else None,
        link_notes=state.notes,
    )


def update_link(filters: Filters) -> None:
    st.query_params.from_dict(
        to_query(
            start=filters.start, end=filters.end, types=filters.types,
            layers=st.session_state["layers"], select=st.session_state.get("selected"), lang="en",
        )
    )


def sidebar(dataset: Dataset) -> Filters:
    span = record_span(dataset)
    st.sidebar.header("Filters")
    st.sidebar.selectbox(
        "Jump to a period",
        ["Whole record", *PERIODS],
        key="period",
        on_change=_set_period,
        args=(span,),
    )
    start, end = st.sidebar.slider(
        "Dates", min_value=span[0], max_value=span[1], key="dates", format="D MMM YYYY"
    )
    types = st.sidebar.multiselect(
        "Event types (none selected = all)",
        list(EVENT_TYPES),
        format_func=lambda t: EVENT_TYPES[t].label,
        key="types",
    )
    place_finder(dataset)
    st.sidebar.multiselect(
        "Layers shown (remembered in the link)", list(LAYER_NAMES), format_func=LAYER_NAMES.get,
        key="layers",
    )
    return Filters(start=start, end=end, types=frozenset(types))


def _on_find() -> None:
    if st.session_state.get("found"):
        st.session_state["selected"] = ("place", st.session_state["found"])


def place_finder(dataset: Dataset) -> None:
    query = st.sidebar.text_input("Find a place (any spelling, Latin or Cyrillic)", key="place_query")
    if not query:
        return
    matches = search_places(dataset.places, query)
    if matches.empty:
        st.sidebar.caption("No place matches that spelling.")
        return
    labels = {r.place_id: f"{r.name}" + (f" ({r.matched})" if r.matched != r.name else "")
              for r in matches.itertuples()}
    st.sidebar.radio("Matches", list(labels), format_func=labels.get, key="found", index=None,
                     on_change=_on_find)


def selection(returned: dict | None) -> tuple[str, str] | None:
    clicked = (returned or {}).get("last_active_drawing") or {}
    props = clicked.get("properties") or {}
    if "kind" in props and "id" in props:
        return str(props["kind"]), str(props["id"])
    return None


def _on_map_click() -> None:
    clicked = selection(st.session_state.get("atlas"))
    if clicked:
        st.session_state["selected"] = clicked
        st.session_state["pick"] = clicked[1] if clicked[0] == "event" else None


def _on_pick() -> None:
    if st.session_state.get("pick"):
        st.session_state["selected"] = ("event", st.session_state["pick"])


def main() -> None:
    st.set_page_config(page_title="Kyrgyz–Tajik Border Conflict Atlas", page_icon="🗺", layout="wide")
    vendor_assets()
    dataset = load(str(DATA_DIR))
    restore_from_link(dataset)
    filters = sidebar(dataset)
    view = build_view(dataset, filters)
    update_link(filters)

    st.title("Kyrgyz–Tajik Border Conflict Atlas")
    st.markdown(f"**{escape_markdown(view.summary)}**")
    show_problems(dataset)
    for note in st.session_state.get("link_notes", ()):
        st.warning(f"Link: {note}")

    map_column, panel = st.columns([2, 1], gap="medium")
    selected = st.session_state.get("selected")
    with map_column:
        base, groups = atlas_layers(
            dataset, view, visible=st.session_state["layers"],
            selected_event=selected[1] if selected and selected[0] == "event" else None,
        )
        st_folium(
            base,
            key="atlas", height=720, use_container_width=True,
            returned_objects=["last_active_drawing"],
            feature_group_to_add=groups,
            layer_control=folium.LayerControl(collapsed=False),
            on_change=_on_map_click,
        )
        st.caption(
            "Map data © OpenStreetMap contributors (ODbL) · places: GeoNames (CC BY 4.0) "
            "and researched sources · no tiles needed: the basemap is drawn from our own data."
        )
        show_downloads(
            view, dataset, data_dir=DATA_DIR, licence=(ROOT / "LICENSE").read_text("utf-8"),
            map_html=lambda: standalone_html(whole_map(dataset, view, visible=st.session_state["layers"])),
        )
        show_timeline(view, dataset, estimates(str(DATA_DIR)))
        show_about(dataset, filters)

    with panel:
        event_ids = list(view.events["event_id"])
        titles = dict(zip(view.events["event_id"], view.events["title"], strict=True))
        if st.session_state.get("pick") not in titles:
            st.session_state["pick"] = None
        st.selectbox(
            "Event details (or click a feature on the map)", event_ids, key="pick",
            format_func=lambda i: f"{i[:10]} · {titles[i]}", placeholder="Choose an event…",
            on_change=_on_pick,
        )
        details = (
            details_for(dataset, *selected, events_in_range=view.events, when=filters.end)
            if selected else None
        )
        if details:
            show_details(details)
        else:
            st.info(
                "Click an event, place, enclave or border segment on the map "
                "to see its details and sources."
            )


main()
