"""The shipped data: clean, every reference resolving, and spot checks against the seeds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from geo.cli import validate_main

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_data_has_no_problems(shipped) -> None:
    assert [str(p) for p in shipped.problems] == []


def test_validator_cli_passes_on_shipped_data(capsys) -> None:
    assert validate_main([str(ROOT / "data")]) == 0
    assert "no problems" in capsys.readouterr().out


def test_validator_cli_fails_and_names_file_row_field(tiny_copy, capsys) -> None:
    path = tiny_copy / "claims.csv"
    path.write_text(path.read_text("utf-8").replace(",3,5,about", ",5,3,about"), "utf-8")
    assert validate_main([str(tiny_copy)]) == 1
    out = capsys.readouterr().out
    assert "claims.csv:3:value_low: 5 is greater than value_high 3" in out
    assert "1 problem(s)" in out


def _linked_sources(shipped) -> set[str]:
    sources = shipped.sources
    return set(sources[sources["url"].fillna("").str.match(r"https?://")]["source_id"])


def test_every_event_has_a_source_with_an_http_url(shipped) -> None:
    linked = _linked_sources(shipped)
    unlinked = [e for e, ids in zip(shipped.events["event_id"], shipped.events["source_ids"], strict=True)
                if not set(ids) & linked]
    assert unlinked == []


# The WSWS seed report is a document we hold (../shared/seeds) whose web address we could not
# find; its figures are kept as claims with that source rather than given an invented URL.
SEED_WITHOUT_URL = {"wsws-2022-09-19"}


def test_every_claim_has_a_source_with_an_http_url_except_the_seed_report(shipped) -> None:
    linked = _linked_sources(shipped) | SEED_WITHOUT_URL
    assert sorted(set(shipped.claims["source_id"]) - linked) == []
    assert not (SEED_WITHOUT_URL & _linked_sources(shipped)), "the seed report now has a URL: drop the exception"


def test_the_papers_footnoted_references_are_sources(shipped) -> None:
    ids = set(shipped.sources["source_id"])
    for expected in ("eurasianet-2022-09-14", "bbc-2022-09-19", "hrw-2022-09-21", "specialeurasia-2022-09-29",
                     "aa-2022-09-17", "luong-2002", "stryker-2022", "allouche-2007", "zhiltsov-2021"):
        assert expected in ids


def test_geojson_files_are_rfc7946(shipped) -> None:
    for name in ("countries", "border_segments", "enclaves", "places"):
        document = json.loads((ROOT / "data" / f"{name}.geojson").read_text("utf-8"))
        assert "crs" not in document, name
    for frame in (shipped.countries, shipped.enclaves):
        for geom in frame.geometry:
            polygons = getattr(geom, "geoms", [geom])
            assert all(p.exterior.is_ccw for p in polygons)
            assert all(not ring.is_ccw for p in polygons for ring in p.interiors)


def _claims(shipped, **where):
    claims = shipped.claims
    for column, value in where.items():
        claims = claims[claims[column] == value]
    return claims


def test_spot_check_kyrgyz_mes_136770_evacuated(shipped) -> None:
    # The seed paper's figure, and the same figure as reported by other outlets: separate claims.
    found = _claims(shipped, metric="evacuated", value_low=136770)
    assert len(found) >= 1
    assert set(found["claimant_side"]) == {"KG"}
    assert all("Emergency Situations" in c for c in found["claimant"])
    assert "c019" in set(found["claim_id"])  # the seed paper's claim is kept


def test_spot_check_fighting_began_14_september_2022(shipped) -> None:
    first = shipped.events.set_index("event_id").loc["2022-09-14-first-exchange"]
    assert first["date_start"] == dt.date(2022, 9, 14)
    events = shipped.events
    violent = {"armed_clash", "shelling", "drone_strike", "civilian_harm", "arson_looting"}
    sept_2022 = events[
        events["date_start"].between(dt.date(2022, 9, 1), dt.date(2022, 9, 30))
        & events["event_type"].isin(violent)
    ]
    assert min(sept_2022["date_start"]) == dt.date(2022, 9, 14)


@pytest.mark.parametrize("figure", [35, 74])
def test_spot_check_tajik_government_figures(shipped, figure) -> None:
    found = _claims(shipped, claimant_side="TJ", metric="killed", value_low=figure)
    seed = found[found["source_id"] == "saud-gul-2023"]
    assert len(seed) == 1
    assert seed.iloc[0]["claimant"].startswith("Tajik government")


def test_september_2022_claims_come_from_both_sides(shipped) -> None:
    sides = set(_claims(shipped, event_id="2022-09-14-20-toll")["claimant_side"])
    assert {"KG", "TJ", "independent"} <= sides


@pytest.mark.parametrize(
    ("segment_id", "when", "status"),
    [
        ("kg-tj-kulundu-maksat", dt.date(2022, 9, 17), "disputed"),
        ("kg-tj-kok-tash-golovnoy", dt.date(2021, 4, 29), "disputed"),
        ("kg-tj-vorukh-ring", dt.date(2014, 1, 11), "disputed"),
        ("kg-tj-kulundu-maksat", dt.date(2024, 12, 4), "delimited_protocol"),
        ("kg-tj-kulundu-maksat", dt.date(2025, 3, 13), "treaty_signed"),
        ("kg-tj-kulundu-maksat", dt.date(2025, 3, 19), "treaty_ratified"),
        ("kg-tj-kulundu-maksat", dt.date(2025, 3, 31), "delimited_treaty"),
        ("kg-tj-qalacha-ring", dt.date(2025, 3, 13), "treaty_signed"),
        ("kg-tj-qalacha-ring", dt.date(2025, 3, 31), "abolished"),
        # before a dated source: not delimited at independence (sourced), never "partly delimited"
        ("kg-tj-leilek-ghafurov", dt.date(2000, 1, 1), "undelimited"),
        ("kg-tj-kulundu-maksat", dt.date(2020, 1, 1), "undelimited"),
        ("kg-tj-leilek-ghafurov", dt.date(2013, 1, 21), "partly_delimited"),
        ("kg-tj-qalacha-ring", dt.date(2000, 1, 1), "unknown"),
    ],
)
def test_segment_status_history_follows_the_sources(shipped, segment_id, when, status) -> None:
    from geo.filters import segment_status_at

    assert segment_status_at(shipped, when).set_index("segment_id").loc[segment_id, "status"] == status


def test_named_disputed_sections_are_marked_approximate(shipped) -> None:
    segments = shipped.segments.set_index("segment_id")
    for segment_id in ("kg-tj-kok-tash-golovnoy", "kg-tj-kulundu-maksat", "kg-tj-kara-bak-lakkon", "kg-tj-ak-sai-tamdyk"):
        assert bool(segments.loc[segment_id, "approximate"]) is True


def test_no_status_before_independence_and_every_section_has_a_history(shipped) -> None:
    history = shipped.segment_status
    assert set(history["segment_id"]) == set(shipped.segments["segment_id"])
    first = history.groupby("segment_id")["valid_from"].min()
    assert (first.astype(str) >= "1991-08-31").all(), first[first.astype(str) < "1991-08-31"]
    assert "partly_delimited" not in set(history[history["valid_from"].astype(str) < "2013-01-01"]["status"])


def test_every_section_has_a_district_pair(shipped) -> None:
    segments = shipped.segments
    missing = segments[(segments["kg_district"].fillna("") == "") | (segments["tj_district"].fillna("") == "")]
    assert missing.empty, list(missing["segment_id"])
    pairs = set(zip(segments["kg_district"], segments["tj_district"], strict=True))
    assert {("Leilek", "Ghafurov District"), ("Batken", "Isfara District"), ("Chon-Alai", "Jirgatol District")} <= pairs


def test_events_reference_existing_segments(shipped) -> None:
    ids = set(shipped.segments["segment_id"])
    referenced = {s for cell in shipped.events["segment_ids"] for s in cell}
    assert referenced <= ids, referenced - ids


def test_no_two_places_share_a_point_unless_their_notes_say_so(shipped) -> None:
    drawn = shipped.places[shipped.places.geometry.notna()]
    by_point: dict[tuple[float, float], list[str]] = {}
    for place_id, point in zip(drawn["place_id"], drawn.geometry, strict=True):
        by_point.setdefault((round(point.x, 5), round(point.y, 5)), []).append(place_id)
    notes = shipped.places.set_index("place_id")["note"]
    for ids in (ids for ids in by_point.values() if len(ids) > 1):
        for place_id in ids:
            others = [other for other in ids if other != place_id]
            assert all(other in notes[place_id] for other in others), (place_id, others)
    points = {pid: (round(p.x, 5), round(p.y, 5)) for pid, p in zip(drawn["place_id"], drawn.geometry, strict=True)}
    assert points["kok-tash"] != points["golovnoy-water-distribution-point"]


@pytest.mark.parametrize(("place_id", "geonames_id"), [("kapchygai", "8383614"), ("dostuk", "8277150")])
def test_september_2022_villages_are_drawn_from_their_geonames_record(shipped, place_id, geonames_id) -> None:
    place = shipped.places.set_index("place_id").loc[place_id]
    assert place.geometry is not None and place["precision"] == "exact"
    assert place["geonames_id"] == geonames_id


def test_most_places_of_the_2021_and_2022_fighting_are_drawn(shipped) -> None:
    events, places = shipped.events, shipped.places.set_index("place_id")
    for start, end, floor in (("2021-04-01", "2021-06-01", 0.7), ("2022-09-01", "2022-10-01", 0.6)):
        period = events[(events["date_start"].astype(str) >= start) & (events["date_start"].astype(str) < end)]
        ids = {p for cell in period["place_ids"] for p in cell}
        drawn = sum(places.loc[p].geometry is not None for p in ids)
        assert drawn / len(ids) >= floor, (start, drawn, len(ids))
