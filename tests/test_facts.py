"""Facts computed from geometry, on literal fixtures and as invariants of the shipped data."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import shapely
from pyproj import Geod

from geo.facts import METRIC_CRS, border_length_km, enclave_areas, length_by_status, place_facts

GEOD = Geod(ellps="WGS84")


def test_border_length_is_geodesic(tiny) -> None:
    expected = GEOD.line_length([70.4, 70.7], [39.8, 40.0]) / 1000
    assert border_length_km(tiny.segments) == pytest.approx(expected, rel=1e-9)
    assert 30 < expected < 40  # about 34 km: a sanity check of the fixture itself


@pytest.mark.parametrize(("when", "status"), [(dt.date(2022, 1, 1), "disputed"), (dt.date(2025, 6, 1), "delimited_treaty")])
def test_length_by_status_at_date(tiny, when, status) -> None:
    table = length_by_status(tiny, when)
    assert list(table["status"]) == [status]
    assert table["share"].tolist() == [1.0]


def test_enclave_area_is_geodesic(tiny) -> None:
    areas = enclave_areas(tiny.enclaves).set_index("enclave_id")["area_km2"]
    # 0.02° x 0.02° at 39.86° N: about 2.22 km x 1.71 km
    assert areas["encl-new"] == pytest.approx(3.79, abs=0.02)
    assert areas["encl-old"] == pytest.approx(4 * 3.79, rel=0.01)


def test_place_facts_side_and_distances(tiny) -> None:
    facts = place_facts(tiny).set_index("place_id")
    assert facts.loc["alpha", "geometry_country"] == "KG"
    assert facts.loc["beta", "geometry_country"] == "TJ"
    assert "gamma" not in facts.index  # not located: no facts pretended
    # alpha (70.5, 39.9) lies 10 km north of nothing but 0.1° (~11 km) south of the KG/TJ edge at 40.0
    assert facts.loc["alpha", "km_to_other_country"] == pytest.approx(11.1, abs=0.2)


# ---- invariants of the shipped geography ----

def test_every_geometry_is_valid(shipped) -> None:
    for frame in (shipped.countries, shipped.segments, shipped.enclaves):
        assert all(shapely.is_valid(g) for g in frame.geometry)


def _filled(geom: shapely.Geometry) -> shapely.Geometry:
    """The outline with its holes filled: an enclave sits in a hole of its surroundings."""
    return shapely.union_all([shapely.Polygon(p.exterior) for p in getattr(geom, "geoms", [geom])])


def test_enclaves_lie_inside_their_surrounding_country(shipped) -> None:
    countries = shipped.countries.set_index("iso_a3").to_crs(METRIC_CRS).geometry
    for _, enclave in shipped.enclaves.to_crs(METRIC_CRS).iterrows():
        surrounding = _filled(countries[enclave["surrounded_by"]]).buffer(50)  # 50 m: outline tolerance
        overlap = enclave.geometry.difference(surrounding).area / enclave.geometry.area
        # OSM 2017 outlines were drawn against other country outlines: allow them 5 %
        limit = 0.001 if enclave["outline"] == "osm_current" else 0.05
        assert overlap <= limit, (enclave["enclave_id"], overlap)


# A place drawn on the other side of the line must say so in its note.
_EXPLAINED = re.compile(r"side of the OpenStreetMap outline|on the OpenStreetMap line")


def test_places_lie_in_the_country_their_data_says_or_say_why_not(shipped) -> None:
    facts = place_facts(shipped)
    notes = shipped.places.set_index("place_id")["note"]
    pairs = zip(facts["stated_country"], facts["geometry_country"], strict=True)
    mismatched = facts[[not set(s.split("/")) & set(g.split("/")) for s, g in pairs]]
    unexplained = [pid for pid in mismatched["place_id"] if not _EXPLAINED.search(notes[pid])]
    assert not unexplained, mismatched[["place_id", "stated_country", "geometry_country"]].to_dict("records")
    assert {"dostuk", "gavsuvar"} <= set(mismatched["place_id"])  # the known conflicts stay visible


def test_segments_lie_on_the_kg_tj_boundary(shipped) -> None:
    countries = shipped.countries.set_index("iso_a3").to_crs(METRIC_CRS).geometry
    shared = countries["KGZ"].boundary.intersection(countries["TJK"].buffer(20))
    for _, segment in shipped.segments.to_crs(METRIC_CRS).iterrows():
        outside = segment.geometry.difference(shared.buffer(20)).length
        assert outside < 1, (segment["segment_id"], outside)


def test_segments_sum_to_the_whole_border(shipped) -> None:
    # 946 km: the OSM KG–TJ line in the reference data (906.4 + 7.5 + 27.7 + 4.4)
    assert border_length_km(shipped.segments) == pytest.approx(946.0, rel=0.01)
    assert shipped.segments["length_km"].sum() == pytest.approx(border_length_km(shipped.segments), rel=0.01)


def test_every_feature_has_a_source(shipped) -> None:
    for frame in (shipped.countries, shipped.segments, shipped.enclaves, shipped.places):
        assert all(len(ids) > 0 for ids in frame["source_ids"])


def test_batken_city_distance_to_border(shipped) -> None:
    # The seed paper says Batken is "only 10 kilometres from the border"; our geometry says 7.5 km.
    facts = place_facts(shipped).set_index("place_id")
    assert facts.loc["batken", "km_to_kg_tj_border"] == pytest.approx(7.5, abs=0.3)


def test_statistics_table_shows_whole_numbers_and_no_nan(tiny_copy) -> None:
    from geo.load import load_dataset
    from geo.timeline import statistics_table

    path = tiny_copy / "statistics.csv"
    path.write_text(path.read_text("utf-8") + "st2,More than a third undelimited,,,,share of the border,,,A paper,independent,s1,\n", "utf-8")
    table = statistics_table(load_dataset(tiny_copy)).set_index("Statement")
    assert table.loc["Violent incidents on the border", "Figure"] == "63 incidents"
    assert table.loc["Violent incidents on the border", "Period"] == "2011-01-01 – 2013-12-31"
    assert table.loc["More than a third undelimited", "Figure"] == "(no number; see the statement)"
    assert "nan" not in table.to_string()
