"""Kyrgyz–Tajik Border Conflict Atlas — the Streamlit page.

Thin wiring only: widgets are read into a `geo.filters.Filters`, everything
else is a call into `geo`. Run with ``make run`` (or ``streamlit run app.py``).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import folium
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile
from streamlit_folium import st_folium

from analysis_panels import show_analysis, show_downloads, show_timeline
from controls import current_filters, note_map_view, restore_from_link, sidebar, update_link
from geo.assets import install_vendor_assets, publish_json, publish_layers
from geo.estimates import all_estimates
from geo.export import standalone_html
from geo.filters import filter_events, record_span
from geo.i18n import N_, Message, in_language, t
from geo.index import EventIndex
from geo.load import Dataset, load_dataset
from geo.map import atlas_layers, base_layer_data, overlay_layer, whole_map
from geo.text import escape_markdown
from geo.uploads import Overlay, read_overlay
from geo.view import View, build_view
from panels import page_style, show_about, show_problems
from sessions import note_session
from state import Page, page
from walk import advance_walk, show_selection

ROOT = Path(__file__).resolve().parent
# Another data folder (e.g. a user's edited copy) can be given in KGTJ_DATA_DIR.
DATA_DIR = Path(os.environ.get("KGTJ_DATA_DIR", ROOT / "data"))
# Where published layers and Leaflet go; Streamlit serves ROOT/static, so only tests (with
# no browser) set KGTJ_STATIC_DIR, to keep the repository's static/ out of their way.
STATIC_DIR = Path(os.environ.get("KGTJ_STATIC_DIR", ROOT / "static"))


@st.cache_resource(show_spinner=False)
def licence_text() -> str:
    """The project's licence, read once (it goes into the downloaded files)."""
    return (ROOT / "LICENSE").read_text("utf-8")


# One read-only Dataset per folder for every session (cache_resource: no copy per rerun, which
# costs 0.3 s at 100,000 events); geo functions return new frames, never mutate it.
@st.cache_resource(show_spinner="Loading the atlas data…")
def load(data_dir: str) -> Dataset:
    return load_dataset(data_dir)


@st.cache_resource(show_spinner=False)
def span(data_dir: str) -> tuple[dt.date, dt.date]:
    """The record's first and last day, taken once: 19 ms of every run at a million events."""
    return record_span(load(data_dir))


@st.cache_resource(show_spinner=False)
def event_index(data_dir: str) -> EventIndex:
    """The events sorted by date once, so that each filter change costs milliseconds."""
    dataset = load(data_dir)
    return EventIndex.of(dataset.events, dataset.places)


@st.cache_resource(show_spinner=False)  # read-only, like the dataset: no copy per rerun
def estimates(data_dir: str) -> dict[str, Any]:
    dataset = load(data_dir)
    return all_estimates(dataset.claims, events=dataset.events, sources=dataset.sources)


def overlay(upload: UploadedFile | None) -> Overlay | None:
    """The uploaded file, read once and kept in this session's state only: no cache common to
    between sessions holds it, and it goes when the session ends or the file is removed."""
    if upload is None:
        del page.overlay
        return None
    key = (upload.file_id, upload.name, upload.size)
    held = page.overlay
    if held is None or held[0] != key:
        with st.spinner("Reading your file…"):
            held = (key, read_overlay(upload.name, upload.getvalue()))
        page.overlay = held
    return held[1]


@st.cache_resource
def vendor_assets() -> Path:
    return install_vendor_assets(STATIC_DIR)


@st.cache_resource(show_spinner=False)
def base_layers(data_dir: str, lang: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The base map's GeoJSON, made once, and the URLs the browser fetches it from."""
    data = base_layer_data(load(data_dir), lang=lang)
    return data, publish_layers(STATIC_DIR, data, prefix=f"base-{lang}")


def publish(name: str, data: dict[str, Any]) -> str:
    return publish_json(STATIC_DIR, name, data)


def selection(returned: dict[str, Any] | None) -> tuple[str, str] | None:
    clicked = (returned or {}).get("last_active_drawing") or {}
    props = clicked.get("properties") or {}
    if "kind" in props and "id" in props:
        return str(props["kind"]), str(props["id"])
    return None


def _on_map_change() -> None:
    """A click selects what was clicked; a pan or zoom is only noted for the link."""
    returned = page.atlas or {}
    drawing = returned.get("last_active_drawing")
    if drawing != page.last_drawing:  # a new click, not a move of the map
        page.last_drawing = drawing
        clicked = selection(returned)
        if clicked:
            page.selected = clicked
    note_map_view(returned)


def main() -> None:
    st.set_page_config(page_title="Kyrgyz–Tajik Border Conflict Atlas", page_icon="🗺", layout="wide")
    note_session()  # closed once its reader has left (sessions.py)
    vendor_assets()
    dataset = load(str(DATA_DIR))
    record = span(str(DATA_DIR))
    first_run = not page.restored
    restore_from_link(dataset, record)
    filters = current_filters()
    lang = page.lang
    view = build_view(dataset, filters, lang=lang, index=event_index(str(DATA_DIR)))
    update_link(filters)
    advance_walk(view.events, dataset.places)
    mine = overlay(page.upload)

    if not first_run:
        # On a rerun the sidebar goes out first: a widget changed elsewhere (a period chosen)
        # must show its new value before the summary and map do, or a key pressed on the
        # still-stale slider sends the old range back and the chosen period is lost.
        sidebar(dataset, record)
    page_style()
    st.title(t("Kyrgyz–Tajik Border Conflict Atlas", lang))
    st.markdown(f"**{escape_markdown(view.summary)}**")
    with st.container(key="details-link"):
        st.markdown(f"[{t('Details below the map ↓', lang)}](#details)")

    map_column, panel = st.columns([3, 2], gap="small")
    with map_column:
        base_data = show_map(dataset, view, mine, lang)
        if first_run:
            # At page open the map goes out before the sidebar: the browser starts loading the
            # map's frame before the widgets' code (see controls.current_filters).
            sidebar(dataset, record)
    with panel, st.container(key="details"):
        show_side_panel(dataset, view, mine, lang)
    show_below_map(dataset, view, base_data, lang)


def show_map(dataset: Dataset, view: View, mine: Overlay | None, lang: str) -> dict[str, Any]:
    """The map (st_folium), sent where the page says; returns the base layers' data."""
    selected, target = page.selected, page.map_target
    base_data, links = base_layers(str(DATA_DIR), lang)
    base, groups = atlas_layers(
        dataset, view, visible=page.layers, lang=lang,
        selected_event=selected[1] if selected and selected[0] == "event" else None,
        base_data=base_data, links=links, publish=publish, in_layer_control=False,
        colour_by=page.colour_by,
    )
    if mine is not None and not mine.events.empty:
        groups.append(overlay_layer(filter_events(mine.events, view.filters), name=mine.name, lang=lang))
    st_folium(
        base,
        # the height is set to fit the window by the page's CSS (panels.page_style)
        key=Page.atlas.key, height=560, use_container_width=True,
        # centre and zoom for the link: a pan or zoom reruns the page, which redraws nothing
        returned_objects=["last_active_drawing", "center", "zoom"],
        feature_group_to_add=groups,
        # only the backgrounds: the atlas's layers are chosen in the sidebar (geo.map.base_map)
        layer_control=folium.LayerControl(collapsed=True),
        on_change=_on_map_change,
        # where the page sends the map (a link, a step to an event); None: the default view
        center=(target.lat, target.lon) if target else None,
        zoom=target.zoom if target else None,  # fractional zooms (zoom_snap 0.25) work
        # The map is new on every run and st_folium renders it itself; rendering the
        # whole figure first as well only doubles the work (same output, ~40 ms less).
        render=False,
    )
    return base_data


def show_side_panel(dataset: Dataset, view: View, mine: Overlay | None, lang: str) -> None:
    """Beside the map: every notice, then the selection's details."""
    st.markdown('<a id="details"></a>', unsafe_allow_html=True)  # a fixed anchor, no data
    # Every notice here, beside the map: showing one never moves the map (which would
    # remount it) nor pushes it below the window.
    show_problems(dataset.problems, dataset.rejected, unreadable=dataset.unreadable, lang=lang)
    if dataset.events.empty:
        st.error(t(
            "No valid events could be read: the problems are listed above; the map shows the rest.", lang
        ))
    if mine:
        show_problems(mine.problems, {mine.name: mine.rejected}, more=mine.more_problems, lang=lang,
                      about=Message(N_("your file ({format})"), format=mine.format))
    for note in page.link_notes:
        st.warning(f"{t('Link', lang)}: {escape_markdown(in_language(note, lang))}")
    show_selection(dataset, view, mine, view.filters, page.selected, lang)


def show_below_map(dataset: Dataset, view: View, base_data: dict[str, Any], lang: str) -> None:
    """The credit line and the closed panels under the map."""
    st.caption(t(
        "Map data © OpenStreetMap contributors (ODbL) · places: GeoNames (CC BY 4.0), Data from "
        "Who's On First (CC0), researched sources · Kyrgyz districts: OCHA / Kyrgyz MoES · no tiles "
        "needed: the basemap is drawn from our own data.", lang
    ))
    # The file is made when its button is clicked, outside this run (no session state
    # there): everything it needs is taken now.
    layers = tuple(page.layers)
    show_downloads(
        view, dataset, data_dir=DATA_DIR, licence=licence_text(),
        map_html=lambda: standalone_html(
            whole_map(dataset, view, visible=list(layers), lang=lang, base_data=base_data)
        ),
        lang=lang,
    )
    # made only when the timeline or the table is open: 10 s at a million events (333,000 claims)
    show_timeline(view, dataset, lambda: estimates(str(DATA_DIR)), lang)
    show_analysis(view, dataset, lang)
    show_about(dataset, view.filters, lang)


main()
