"""The details panel's content for events, places, enclaves and segments."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from geo.claims import claims_side_by_side, claims_table
from geo.details import details_for
from geo.filters import Filters, filter_events
from geo.text import figure_text


@pytest.mark.parametrize(
    ("low", "high", "qualifier", "text"),
    [(94, 94, "at_least", "at least 94"), (136770, 136770, "exact", "136,770"), (3, 5, "about", "about 3–5")],
)
def test_figure_text(low, high, qualifier, text) -> None:
    assert figure_text(low, high, qualifier) == text


def test_claims_are_listed_per_claimant_never_averaged(tiny) -> None:
    table = claims_table(tiny, "e2")
    assert list(table["Figure"]) == ["10", "about 3–5", "at least 12"]
    assert list(table["Claimant side"]) == ["Kyrgyz side", "Tajik side", "Independent"]
    assert list(table["Link"]) == ["https://example.org/a", None, None]


def test_claims_side_by_side_has_one_column_per_side(tiny) -> None:
    pivot = claims_side_by_side(tiny, "e2").set_index("Whose")
    assert pivot.loc["in Kyrgyzstan / Kyrgyz citizens", "Kyrgyz side"] == "10 (c1: Kyrgyz ministry, 15 Sep 2022)"
    assert pivot.loc["in Tajikistan / Tajik citizens", "Tajik side"] .endswith(": Tajik government, 16 Sep 2022)")
    assert pivot.loc["in Tajikistan / Tajik citizens", "Kyrgyz side"] == "—"


def test_event_details(tiny) -> None:
    d = details_for(tiny, "event", "e3", events_in_range=tiny.events, when=dt.date(2022, 9, 17))
    assert d.title == "Evacuation from Alpha and Beta"
    facts = dict(d.facts)
    assert facts["Places"] == "Alpha, Beta"
    assert facts["When"] == "16 Sep 2022 – 17 Sep 2022 (at some time within the dates given)"
    assert [s.source_id for s in d.sources] == ["s2"]
    assert d.sources[0].url is None


def test_place_details_list_only_events_in_range(tiny) -> None:
    in_range = filter_events(tiny.events, Filters(dt.date(2022, 1, 1), dt.date(2022, 12, 31)))
    d = details_for(tiny, "place", "alpha", events_in_range=in_range, when=dt.date(2022, 12, 31))
    assert list(d.events["id"]) == ["e3"]
    assert dict(d.facts)["Other spellings"] == "Альфа"


def test_enclave_details_name_the_competing_outline(tiny) -> None:
    d = details_for(tiny, "enclave", "encl-new", events_in_range=tiny.events, when=dt.date(2022, 1, 1))
    assert ("Other outline", "osm_2017: 4.00 km²") in d.facts


def test_segment_details_give_status_at_date_and_history(tiny) -> None:
    d = details_for(tiny, "segment", "seg-a", events_in_range=tiny.events, when=dt.date(2025, 6, 1))
    assert dict(d.facts)["Status at the end of the range"] == "Delimited (treaty) (1 Jun 2025)"
    assert dict(d.facts)["Geometry"] == "approximate extent"
    assert len(d.notes) == 2


def test_unknown_feature_has_no_details(tiny) -> None:
    assert details_for(tiny, "event", "nope", events_in_range=tiny.events, when=dt.date(2022, 1, 1)) is None
    assert details_for(tiny, "volcano", "e1", events_in_range=tiny.events, when=dt.date(2022, 1, 1)) is None


def test_place_details_include_computed_facts(tiny) -> None:
    d = details_for(tiny, "place", "alpha", events_in_range=tiny.events, when=dt.date(2022, 12, 31))
    facts = dict(d.facts)
    assert facts["Lies in (our geometry)"] == "KG"
    assert facts["Distance to the KG–TJ border"].endswith("km (OSM line, UTM 42N)")


def test_enclave_details_list_figures_per_source(tiny) -> None:
    d = details_for(tiny, "enclave", "encl-new", events_in_range=tiny.events, when=dt.date(2022, 1, 1))
    assert d.claims.to_dict("records") == [
        {"Fact": "population", "Value": "about 100 persons", "As of": "2020", "Source": "First report",
         "Link": "https://example.org/a", "Note": ""}
    ]
    assert dict(d.facts)["Names"] == "—"


def test_shipped_vorukh_shows_both_outlines_and_disagreeing_areas(shipped) -> None:
    d = details_for(shipped, "enclave", "vorukh-osm-current", events_in_range=shipped.events, when=dt.date(2022, 1, 1))
    assert ("Other outline", "osm_2017: 97.69 km²") in d.facts
    areas = set(d.claims[d.claims["Fact"] == "area_km2"]["Value"])
    assert {"84.5 km2", "130 km2"} <= areas
    assert "neither is chosen" in d.description
    assert "uz: " not in dict(d.facts)["Names"]


def test_admin_area_details(tiny) -> None:
    d = details_for(tiny, "admin", "kg-batken-region", events_in_range=tiny.events, when=dt.date(2022, 1, 1))
    assert d.title == "Batken region"
    assert dict(d.facts) == {"Country": "KG", "Level": "region"}


def test_no_details_anywhere_show_nan(shipped) -> None:
    """Missing optional text must read as absent, never as 'nan' (pandas' missing value)."""
    when = dt.date(2025, 12, 31)
    features = [("event", i) for i in shipped.events["event_id"]]
    features += [("place", i) for i in shipped.places["place_id"]]
    features += [("enclave", i) for i in shipped.enclaves["enclave_id"]]
    features += [("segment", i) for i in shipped.segments["segment_id"]]
    for kind, feature_id in features:
        d = details_for(shipped, kind, feature_id, events_in_range=shipped.events, when=when)
        texts = [d.title, d.description, *[str(v) for _, v in d.facts], *d.notes]
        assert not any(re.search(r"\bnan\b", t) for t in texts), (kind, feature_id, texts)


def test_russian_place_names_where_a_cyrillic_spelling_is_known(tiny) -> None:
    d = details_for(tiny, "event", "e3", events_in_range=tiny.events, when=dt.date(2022, 9, 17), lang="ru")
    assert dict(d.facts)["Places"] == "Альфа, Beta"  # Beta has no Cyrillic spelling: kept as is
    assert details_for(tiny, "place", "alpha", events_in_range=tiny.events, when=dt.date(2022, 9, 17), lang="ru").title == "Альфа"


def test_the_panel_shows_which_claim_repeats_which(shipped) -> None:
    table = claims_table(shipped, "2022-09-14-20-toll").set_index("Claim")
    assert table.loc["c018", "Lineage"] == "repeats c209"
    assert table.loc["c239", "Lineage"] == "unverified"
    assert table.loc["c209", "Lineage"] == ""
    pivot = claims_side_by_side(shipped, "2022-09-14-20-toll")
    assert pivot["Independent"].str.contains("c018: .*; repeats c209", regex=True).any()
