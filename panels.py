"""Streamlit rendering of the page's panels: details, data problems, timeline, about.

Each function draws one `geo` result; all data text goes through
`geo.text.escape_markdown` (or a dataframe cell), never through HTML.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from geo.analysis import (
    paper_statements,
)
from geo.charts import claims_time_chart
from geo.coverage import coverage, latest_note
from geo.details import Details
from geo.errors import Problem
from geo.estimates import RULE, Estimate, basis_text, reason_text
from geo.facts import (
    border_length_km,
    district_overlaps,
    enclave_areas,
    length_by_status,
)
from geo.filters import Filters
from geo.i18n import N_, Message, format_date, format_number, in_language, t
from geo.load import Dataset
from geo.text import escape_markdown, markdown_link
from geo.timeline import (
    events_by_year_and_type,
    statistics_table,
)
from geo.vocabulary import AFFECTED_SIDES, CLAIMANT_SIDES, METRICS

__all__ = [
    "LINK", "localised_table", "page_style", "show_about", "show_coverage", "show_details", "show_estimates",
    "show_paper_statements", "show_problems",
]

# The page's layout: the map fills the window under a compact header, the details panel
# beside it scrolls on its own (so reading the claims never scrolls the map away); below
# 1000 px wide the two stack, map first. A map taller than the window made the page scroll
# under the first press on a marker, and the click was lost (issue 16). Plain CSS, no assets.
_MAP_HEIGHT = "max(320px, calc(100dvh - 8.6rem))"
_PAGE_CSS = f"""<style>
.block-container {{ padding: 2.6rem 1.5rem 1rem 1.5rem; }}
.block-container p {{ margin-bottom: 0.25rem; }}
.block-container h1 {{ font-size: 1.35rem; padding: 0 0 0.1rem 0; }}
iframe[title="streamlit_folium.st_folium"] {{ height: {_MAP_HEIGHT} !important; }}
.st-key-details {{ max-height: {_MAP_HEIGHT}; overflow-y: auto; padding-right: 0.4rem; }}
.st-key-details-link {{ display: none; }}
div:has(> .st-key-page-script) {{ display: none; }}
.st-key-details h3 {{ font-size: 1.3rem; }}
@media (max-width: 1000px) {{
  [data-testid="stHorizontalBlock"]:has(.st-key-details) {{ flex-direction: column; }}
  [data-testid="stHorizontalBlock"]:has(.st-key-details) > [data-testid="stColumn"] {{
    width: 100% !important; flex: 1 1 auto !important; min-width: 100% !important; }}
  .st-key-details {{ max-height: none; overflow-y: visible; }}
  iframe[title="streamlit_folium.st_folium"] {{ height: max(300px, calc(100dvh - 13rem)) !important; }}
  .st-key-details-link {{ display: block; }}
}}
@media (max-width: 640px) {{
  .block-container {{ padding-top: 4rem; }}
  .block-container h1 {{ font-size: 1.1rem; }}
}}
</style>"""


# Below 1000 px wide (a small laptop window, a tablet) the sidebar would squeeze the map to half
# the window: it starts folded there, once per browser tab, and the « button opens it as before.
# Streamlit folds it by itself only below 768 px. The button is the sidebar's own, found by its
# test id; a Streamlit that renames it leaves the sidebar open (the old behaviour), nothing worse.
_FOLD_SIDEBAR = """<script>
(function () {
  if (window.innerWidth >= 1000 || window.sessionStorage.getItem("kgtj-sidebar-folded")) { return; }
  window.sessionStorage.setItem("kgtj-sidebar-folded", "1");
  var tries = 0;
  (function fold() {
    var button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (button) { if (button.getAttribute("aria-expanded") !== "false") { button.click(); } return; }
    if (++tries < 100) { window.requestAnimationFrame(fold); }
  })();
})();
</script>"""


def page_style() -> None:
    """The page's CSS (see `_PAGE_CSS`) and the sidebar's fold on narrow windows; adds no
    element to the layout."""
    st.html(_PAGE_CSS)
    with st.container(key="page-script"):  # hidden by the CSS: a script element takes no room
        st.html(_FOLD_SIDEBAR, unsafe_allow_javascript=True)

LINK = {"Link": st.column_config.LinkColumn("Link", display_text="open")}
# The column names of the tables `geo` makes, for the catalogs (they are translated by `localised_table`).
TABLE_COLUMNS = (
    N_("Claim"), N_("Metric"), N_("Whose"), N_("Figure"), N_("Lineage"), N_("Claimant side"), N_("Claimant"),
    N_("Claimed on"), N_("Source"), N_("Note"), N_("Fact"), N_("Value"), N_("As of"), N_("Date"), N_("Type"),
    N_("Event"), N_("Start"), N_("End"), N_("Places"), N_("Killed (claims: low–high)"), N_("Sources"),
    N_("Year"), N_("Incidents recorded here"), N_("Sources report"), N_("Gap"), N_("Count"), N_("Up to"),
    N_("Recorded here up to then"), N_("Statistic"), N_("Statement"), N_("Period"), N_("label"), N_("km"),
    N_("share"), N_("name"), N_("outline"), N_("area_km2"), N_("area"), N_("km²"), N_("year"), N_("All"),
    N_("incidents"), N_("date"), N_("actor"), N_("event_type"), N_("title"), N_("event_id"), N_("district"),
    N_("district not recorded"), N_("section"), N_("section not recorded"),
)


# The panel lists this many problems; `python -m geo.validate` prints them all.
LISTED_PROBLEMS = 200


def show_problems(
    problems: tuple[Problem, ...],
    rejected: Mapping[str, tuple[int, ...]],
    *,
    about: str = Message(N_("the data")),
    unreadable: tuple[str, ...] = (),
    more: int = 0,
    lang: str = "en",
) -> None:
    """The problems found, in a closed panel: counts in its heading, a bounded list inside.

    ``more`` counts problems found but not kept (an upload keeps only the first ones).
    """
    if not problems:
        return
    count = sum(len(rows) for rows in rejected.values())
    heading = (f"⚠ {format_number(len(problems) + more, lang)} {t('problem(s) in', lang)} "
               f"{in_language(about, lang)}; {format_number(count, lang)} "
               f"{t('row(s) set aside — everything valid is shown', lang)}")
    if unreadable:
        heading += f"; {t('could not be read at all', lang)}: {escape_markdown(', '.join(unreadable))}"
    with st.expander(heading, expanded=False):
        listed = "\n".join(p.in_language(lang) for p in problems[:LISTED_PROBLEMS])
        hidden = len(problems) - LISTED_PROBLEMS + more if len(problems) > LISTED_PROBLEMS else more
        if hidden > 0:
            listed += "\n… " + t("and {count} more", lang).format(count=format_number(hidden, lang))
        st.code(listed, language=None)


def show_details(details: Details, lang: str = "en") -> None:
    st.subheader(escape_markdown(details.title))
    st.markdown(
        "\n".join(
            f"- **{t(label, lang)}:** {escape_markdown(value)}"
            for label, value in details.facts
        )
    )
    if details.description:
        st.markdown(escape_markdown(details.description))
    if details.kind in ("enclave", "upload") and details.claims is not None and len(details.claims):
        st.markdown(f"**{t('Figures given by sources', lang)}** — {t('each as its source gives it', lang)}")
        st.dataframe(localised_table(details.claims, lang), hide_index=True, width="stretch",
                     column_config=LINK)
    if details.estimates:
        show_estimates(details.estimates, lang)
    if details.through_time is not None and not details.through_time.empty:
        st.markdown(
            f"**{t('Claimed killed through time', lang)}** — "
            f"{t('each side’s figure against the date it was given; point at a dot for its claim', lang)}"
        )
        chart = claims_time_chart(details.through_time, lang=lang)
        st.vega_lite_chart(chart.data, chart.spec, width="stretch")
        if (details.through_time["dated_by"] != t("claim date", lang)).any():
            note = "Some points are dated by their source’s publication: the claim gives no date."
            st.caption(t(note, lang))
    if details.claims_by_side is not None and not details.claims_by_side.empty:
        st.markdown(
            f"**{t('Claims, side by side', lang)}** — "
            f"{t('each figure as its claimant gave it, never averaged', lang)}"
        )
        for _, row in details.claims_by_side.iterrows():
            lines = [f"**{t(row['Metric'], lang)}** ({t(row['Whose'], lang)})"]
            lines += [
                f"- *{t(side, lang)}:* {escape_markdown(row[side])}"
                for side in CLAIMANT_SIDES.values()
            ]
            st.markdown("\n".join(lines))
        with st.expander(t("Every claim with its source", lang)):
            st.dataframe(localised_table(details.claims, lang), hide_index=True, width="stretch",
                         column_config=LINK)
    if details.events is not None:
        st.markdown(f"**{t('Events here in the selected range', lang)}: {len(details.events)}**")
        if len(details.events):
            st.dataframe(localised_table(details.events.drop(columns=["id"]), lang), hide_index=True,
                         width="stretch")
    for note in details.notes:
        st.markdown(f"- {escape_markdown(note)}")
    if details.sources:
        st.markdown(f"**{t('Sources', lang)}**")
        st.markdown("\n".join(f"- {markdown_link(s.label_in(lang), s.url)}" for s in details.sources))


def _geometry_facts(dataset: Dataset, filters: Filters, lang: str) -> None:
    """Facts from the geometry: the border's length and status, enclave areas, district overlaps."""
    left, right = st.columns(2)
    length = border_length_km(dataset.segments)
    left.metric(t("Kyrgyz–Tajik border in our geometry (OSM line)", lang),
                t("{n} km", lang).format(n=format_number(length, lang, digits=1)))
    left.caption(t("Official statements give 970–1,006.84 km; see the statistics below.", lang))
    left.markdown(f"**{t('Border by status on', lang)} {format_date(filters.end, lang)}**")
    by_status = length_by_status(dataset, filters.end).drop(columns=["status"])
    left.dataframe(
        localised_table(by_status.assign(label=[t(x, lang) for x in by_status["label"]]), lang),
        hide_index=True,
    )
    right.markdown(
        f"**{t('Enclave areas (geodesic, per outline)', lang)}** — "
        f"{t('two OSM outlines of Vorukh disagree', lang)}"
    )
    right.dataframe(
        localised_table(enclave_areas(dataset.enclaves).drop(columns=["enclave_id"]), lang),
        hide_index=True,
    )
    overlaps = district_overlaps(dataset.admin_areas)
    if len(overlaps):
        st.markdown(
            f"**{t('Where the two countries district maps overlap', lang)}** — "
            + t("{n} km²", lang).format(n=format_number(overlaps["km²"].sum(), lang, digits=1))
            + " "
            + t(
                "that the Kyrgyz districts (OCHA) and the Tajik districts (geoBoundaries) both claim",
                lang,
            )
        )
        st.dataframe(localised_table(overlaps, lang), hide_index=True)


def show_about(dataset: Dataset, filters: Filters, lang: str = "en") -> None:
    about = st.expander(
        t("About the data — facts from the geometry, statistics, coverage, licences", lang),
        key="about_open", on_change="rerun",
    )
    with about:
        if not about.open:  # built only while open: it is not needed for the map
            return
        show_paper_statements(dataset.events, lang)  # over the whole record, whatever the filters
        _geometry_facts(dataset, filters, lang)
        st.markdown(
            f"**{t('Statistics', lang)}** — "
            f"{t('aggregate figures, not events, each with its period and source', lang)}"
        )
        st.dataframe(
            localised_table(statistics_table(dataset), lang),
            hide_index=True,
            width="stretch",
            column_config=LINK,
        )
        st.markdown(f"**{t('How the low / best / high summary is derived.', lang)}** {t(RULE, lang)}")
        counts = t(
            "{events} events, {claims} claims, {sources} sources, {located} of {places} places located", lang
        ).format(
            events=format_number(len(dataset.events), lang),
            claims=format_number(len(dataset.claims), lang),
            sources=format_number(len(dataset.sources), lang),
            located=format_number(int(dataset.places.geometry.notna().sum()), lang),
            places=format_number(len(dataset.places), lang),
        )
        st.markdown(f"**{t('Coverage', lang)}:** {counts}.")
        show_coverage(dataset, lang)
        st.markdown(f"**{t('Events per year and type (whole record)', lang)}**")
        by_year = events_by_year_and_type(dataset.events)
        st.dataframe(
            localised_table(by_year.rename_axis(index=t("year", lang), columns=t("type", lang)), lang),
            width="stretch",
        )
        st.caption(
            t(
                "Geometry © OpenStreetMap contributors (ODbL-1.0); place coordinates from GeoNames "
                "(CC BY 4.0, geonames.org), Data from Who's On First (CC0, whosonfirst.org) and the sources "
                "named per place; Kyrgyz districts: OCHA / Ministry of Emergency Situations of the Kyrgyz "
                "Republic (HDX cod-ab-kgz); events, claims and descriptions compiled "
                "by this project from the sources listed. Details: data/README.md.",
                lang,
            )
        )


def show_coverage(dataset: Dataset, lang: str) -> None:
    """Incidents recorded per year beside the counts sources give: where the record is thin."""
    found = coverage(dataset.events, dataset.statistics, lang=lang)
    st.markdown(
        f"**{t('Coverage of incidents, year by year', lang)}** — "
        + t(
            "incidents on the ground (clashes, shelling, violence against civilians, clashes between "
            "residents, arson, blockades, detentions) dated at least to the month, against the counts "
            "sources report",
            lang,
        )
    )
    st.dataframe(localised_table(found.by_year, lang), hide_index=True, width="stretch")
    if not found.without_years.empty:
        st.dataframe(localised_table(found.without_years, lang), hide_index=True, width="stretch")
    st.caption(
        t(
            "A count from the statistics table appears in every year of its period; where no source gives a "
            "count, the gap is not known — which does not mean nothing happened.",
            lang,
        )
    )
    st.caption(escape_markdown(latest_note(dataset.events, lang)))


def localised_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Column names in ``lang`` (the cells come from `geo` already in ``lang``, data text as recorded).

    ``Link`` keeps its name: the link column's configuration is keyed by it.
    """
    return table.rename(columns={c: t(str(c), lang) for c in table.columns if c != "Link"})


def _estimate_claims(e: Estimate, lang: str) -> str:
    """Which claims a summary used, and which it left out and why."""
    text = f"{t('claims used', lang)}: {', '.join(e.claims_used)}"
    if e.claims_left_out:
        left = "; ".join(
            f"{claim_id} ({reason_text(reason, lang)})" for claim_id, reason in e.claims_left_out
        )
        text += f"; {t('left out', lang)}: {escape_markdown(left)}"
    return text


def show_estimates(estimates: tuple[Estimate, ...], lang: str = "en") -> None:
    lines = [
        f"- {t(METRICS[e.metric], lang)} ({t(AFFECTED_SIDES[e.affected_side], lang)}): "
        f"{t('low', lang)} **{format_number(e.low, lang)}** · "
        f"{t('best', lang)} **{format_number(e.best, lang)}** ({basis_text(e, lang)}) · "
        f"{t('high', lang)} **{format_number(e.high, lang)}** — {_estimate_claims(e, lang)}"
        for e in estimates
    ]
    st.markdown(f"**{t('Summary of the claims', lang)}**\n" + "\n".join(lines), help=t(RULE, lang))


def show_paper_statements(events: pd.DataFrame, lang: str) -> None:
    """The seed paper's claims with what the record (``events``) shows and what that rests on."""
    heading = t("The seed paper's claims, checked against the record", lang)
    st.markdown(f"**{heading}**")
    for statement in paper_statements(events, lang):
        st.markdown(
            f"- *{escape_markdown(statement.claim)}* — {escape_markdown(statement.finding)} "
            f"({statement.basis} {t('incidents this rests on', lang)})"
        )
