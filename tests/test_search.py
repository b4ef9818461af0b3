"""Finding places by any spelling."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from geo.search import normalise, search_events, search_places


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Khojai A'lo", "Ходжаи-Ало"),
        ("Khojai A'lo", "Hojai Alo"),
        ("Jany-Jer", "Dzhany-Dzher"),
        ("Kok-Tash", "Көк-Таш"),
        ("Shŭrob", "Shurob"),
        ("Isfara", "ИСФАРА"),
    ],
)
def test_spellings_normalise_alike(a, b) -> None:
    assert normalise(a) == normalise(b)


def test_search_finds_by_alternative_and_cyrillic_spelling(tiny) -> None:
    assert list(search_places(tiny.places, "альфа")["place_id"]) == ["alpha"]
    assert list(search_places(tiny.places, "ALP")["place_id"]) == ["alpha"]


def test_exact_matches_rank_before_prefixes_and_substrings(shipped) -> None:
    found = search_places(shipped.places, "Kalacha")
    assert found.iloc[0]["place_id"] == "kalacha"
    assert {"kayragach", "vorukh", "ovchi-kalacha"} <= set(found["place_id"])


@pytest.mark.parametrize("query", ["", "  ", "—", "'"])
def test_query_without_letters_finds_nothing(tiny, query) -> None:
    assert search_places(tiny.places, query).empty


@pytest.mark.parametrize(
    ("query", "place_id"),
    [
        ("Razzakov", "isfana"), ("Golovnoi", "golovnoy-water-distribution-point"), ("Jany-Jer", "jani-jer"),
        ("Ворух", "vorukh"), ("Kapchigay", "kapchygai"), ("Капчыгай", "kapchygai"), ("Qopchig'ay", "kapchygai"),
        ("Достук", "dostuk"), ("Үч-Дөбө", "uch-dobo"), ("Ko‘lkent", "kulkand"), ("Bor-Döbö", "bordobo"),
    ],
)
def test_shipped_places_are_found_by_other_names(shipped, query, place_id) -> None:
    assert place_id in set(search_places(shipped.places, query)["place_id"])


def test_missing_alternative_spellings_do_not_match_nan(tiny) -> None:
    places = tiny.places.assign(alt_names=[None, float("nan"), ""])
    assert search_places(places, "nan").empty


REFERENCE = Path(__file__).resolve().parent.parent.parent / "shared" / "reference"


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="reference data not present")
def test_every_gazetteer_spelling_finds_its_place(shipped) -> None:
    """Each Latin or Cyrillic spelling the gazetteer holds for a place's GeoNames record finds the place."""
    with (REFERENCE / "geonames_wof_settlements.csv").open(encoding="utf-8", newline="") as handle:
        spellings = {
            row["geonames_id"]: [row["name"], row["gn_name"], *row["alt_names"].split(";")]
            for row in csv.DictReader(handle)
        }
    readable = re.compile(r"^[A-Za-z\u00C0-\u024F\u0400-\u04FF0-9 '’‘`ʻʼ.,()\-]+$")
    places = shipped.places[shipped.places["geonames_id"].fillna("") != ""]
    assert len(places) > 40
    for place_id, geonames_id in zip(places["place_id"], places["geonames_id"], strict=True):
        for spelling in (s.strip() for s in spellings[geonames_id] if readable.match(s.strip())):
            assert place_id in set(search_places(shipped.places, spelling, limit=200)["place_id"]), spelling


# Spellings a reader types, taken from the sources' and the region's habits (Russian, Tajik and
# Uzbek Latin, German-style w, typos), each with the place it must find first.
SPELLINGS = [
    ("Worukh", "vorukh"), ("Vorux", "vorukh"), ("Warukh", "vorukh"), ("Ворух", "vorukh"),
    ("Kok Tash", "kok-tash"), ("Koktash", "kok-tash"), ("Kuktosh", "kok-tash"),
    ("Hoja Alo", "khojai-a-lo"), ("Xoja Alo", "khojai-a-lo"), ("Khodzha-Alo", "khojai-a-lo"),
    ("Kapchigay", "kapchygai"), ("Qopchigay", "kapchygai"), ("Kapchygai", "kapchygai"),
    ("Samarqandyk", "samarkandyk"), ("Samarkandek", "samarkandyk"),
    ("Tort Kocho", "tort-kocho"), ("Tortkocho", "tort-kocho"), ("Maqsat", "maksat"),
    ("Chorku", "chorkuh"), ("Чоркух", "chorkuh"), ("Aksay", "ak-sai"), ("Ісфара", "isfara"),
    ("Samoniyon", "somoniyon"), ("Ovchi-Qal'acha", "ovchi-kalacha"), ("Dustuk", "dostuk"),
    ("Qayraghach", "kayragach"), ("Lakon", "lakkon"), ("Surh", "surkh"),
]


def test_readers_spellings_and_typos_find_the_place_first(shipped) -> None:
    missed = [(query, expected, list(search_places(shipped.places, query, limit=3)["place_id"]))
              for query, expected in SPELLINGS
              if list(search_places(shipped.places, query, limit=1)["place_id"]) != [expected]]
    assert missed == []


@pytest.mark.parametrize("query", ["Bat", "xyzzy", "Dushanbe Bishkek"])
def test_short_or_unrelated_queries_find_no_fuzzy_match(shipped, query) -> None:
    found = search_places(shipped.places, query)
    assert all(normalise(query) in normalise(m) for m in found["matched"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["a", "b", "c"]),
        ("   ", ["a", "b", "c"]),
        ("vorukh", ["a", "c"]),
        ("ВОРУХ", ["a", "c"]),  # another script
        ("vorukh flagpole", ["a"]),  # every word must match
        ("flagpole bishkek", []),
        ("khojai-a'lo", ["b"]),  # punctuation and transliteration folded
    ],
)
def test_search_events_by_the_words_of_their_title(query: str, expected: list[str]) -> None:
    events = pd.DataFrame({
        "event_id": ["a", "b", "c"],
        "title": ["Clash over a flagpole at Vorukh", "Talks at Hojai Alo", "Vorukh road blocked"],
    })
    assert list(search_events(events, query)["event_id"]) == expected
