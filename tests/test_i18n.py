"""Interface languages: catalogs complete for every string of the code, CLDR dates,
numbers and plurals, place names from recorded spellings only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from geo.filters import Filters, describe
from geo.i18n import LANGUAGES, LOCALES, format_date, format_number, local_name, ngettext, t
from geo.permalink import LANGUAGES as LINK_LANGUAGES

D = dt.date
ROOT = Path(__file__).resolve().parents[1]
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]


def _code_msgids() -> set[str | tuple[str, str]]:
    """What `make messages` extracts: every string the code passes to t/ngettext/N_."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = extract_from_dir(str(ROOT), method_map, options_map)
    return {m if isinstance(m, str) else tuple(m) for _, _, m, _, _ in found}


@pytest.fixture(scope="module")
def code_msgids() -> set[str | tuple[str, str]]:
    return _code_msgids()


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_string_of_the_code_has_a_translation_in_each_catalog(lang, code_msgids) -> None:
    with (LOCALES / lang / "LC_MESSAGES" / "atlas.po").open("rb") as po:
        catalog = read_po(po, locale=lang)
    missing = []
    for msgid in code_msgids:
        entry = catalog.get(msgid if isinstance(msgid, str) else msgid[0])
        strings = () if entry is None else (entry.string if isinstance(entry.string, tuple) else (entry.string,))
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(msgid)
    assert missing == [], f"untranslated in {lang}.po (run `make messages` and translate): {missing}"


def test_extraction_reads_calls_inside_f_strings_and_the_vocabulary(code_msgids) -> None:
    assert "Legend" in code_msgids  # only inside an f-string in geo/map/legend.py
    assert "Drone strike" in code_msgids  # a row of geo/vocabulary.py
    assert ("{n} event from {start} to {end}", "{n} events from {start} to {end}") in code_msgids


def test_the_link_and_the_switch_offer_the_same_languages() -> None:
    assert LINK_LANGUAGES == ("en", "ru", "ky", "tg")


@pytest.mark.parametrize(("lang", "text"), [
    ("ky", "ң"), ("ky", "ө"), ("ky", "ү"), ("tg", "ҳ"), ("tg", "ӣ"), ("tg", "ҷ"), ("tg", "қ"), ("tg", "ғ"), ("tg", "ӯ"),
])
def test_kyrgyz_and_tajik_catalogs_use_their_own_letters(lang, text) -> None:
    assert text in (LOCALES / lang / "LC_MESSAGES" / "atlas.po").read_text("utf-8")


@pytest.mark.parametrize(("lang", "count", "text"), [
    ("ru", 1, "1 событие"), ("ru", 2, "2 события"), ("ru", 5, "5 событий"), ("ru", 11, "11 событий"),
    ("ru", 21, "21 событие"), ("ru", 112, "112 событий"), ("en", 1, "1 event"), ("en", 3, "3 events"),
    ("ky", 3, "3 окуя"), ("tg", 3, "3 ҳодиса"),
])
def test_plural_forms_come_from_the_catalog(lang, count, text) -> None:
    phrase = ngettext("{n} event from {start} to {end}", "{n} events from {start} to {end}", count, lang)
    assert text in phrase.format(n=count, start="a", end="b")


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "14 Sep 2022"), ("ru", "14 сентября 2022"), ("ky", "2022-ж., 14-сентябрь"), ("tg", "14 Сентябр 2022"),
])
def test_dates_from_cldr(lang, text) -> None:
    assert format_date(D(2022, 9, 14), lang) == text


@pytest.mark.parametrize(("lang", "text"), [("en", "1,006.84"), ("ru", "1\xa0006,84"), ("ky", "1\xa0006,84")])
def test_numbers_from_cldr(lang, text) -> None:
    assert format_number(1006.84, lang, digits=2) == text


def test_russian_summary() -> None:
    sentence = describe(Filters(D(2022, 9, 14), D(2022, 9, 17), frozenset({"shelling"})),
                        event_count=12, place_count=1, unmapped_count=3, lang="ru")
    assert sentence == ("12 событий с 14 сентября 2022 по 17 сентября 2022 (типы: обстрел / ракетный огонь); "
                        "на карте — в 1 месте; из них без места на карте: 3.")


def test_untranslated_text_stays_english_and_english_is_unchanged() -> None:
    assert t("Something new", "ru") == "Something new"
    assert t("Events", "en") == "Events"
    assert t("Events", "ky") == "Окуялар"


@pytest.mark.parametrize(("lang", "name"), [("en", "Isfara"), ("ru", "Исфара"), ("ky", "Исфара"), ("tg", "Исфара")])
def test_a_ukrainian_spelling_is_never_taken_for_russian(lang, name) -> None:
    spellings = "Isfara; İsfərah; Ісфара; Исфара; Исфәрә"  # as GeoNames records them
    assert local_name("Isfara", spellings, lang) == name


def test_a_spelling_with_tajik_letters_is_preferred_in_tajik() -> None:
    assert local_name("Vorukh", "Ворух; Воруҳ", "tg") == "Воруҳ"
    assert local_name("Vorukh", "Ворух; Воруҳ", "ru") == "Ворух"
    assert local_name("Vorukh", "Vorukh", "ky") == "Vorukh"  # nothing recorded: never transliterated


def test_data_problems_are_shown_in_the_readers_language_also_from_the_cache(tmp_path) -> None:
    import shutil

    from geo.load import load_dataset
    from scripts.harness import ROOT

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "segment_status.csv").write_text((data / "segment_status.csv").read_text("utf-8").splitlines()[0] + "\n")
    for attempt in ("read", "from the cache"):
        problems = [p for p in load_dataset(data).problems if p.file == "segment_status.csv"]
        assert [str(p) for p in problems] == ["segment_status.csv: header only: the file has no data rows"], attempt
        assert problems[0].in_language("ru") == "segment_status.csv: только заголовок: в файле нет строк данных", attempt


# A problem of a cell, a reference, a geometry and an upload: each message comes from the
# catalog, so the reader sees it in their language, with the values it echoes as they are.
_CELL_PROBLEMS = {
    "ru": ("ожидалась дата в виде ГГГГ-ММ-ДД, получено '14.09.2022'",
           "неизвестный id 'nowhere': его нет среди допустимых строк sources.csv"),
    "ky": ("ЖЖЖЖ-АА-КК түрүндөгү дата күтүлгөн, '14.09.2022' келди",
           "белгисиз id 'nowhere': sources.csv файлынын жарактуу саптарынын арасында жок"),
    "tg": ("сана дар шакли СССС-ММ-РР интизор буд, '14.09.2022' омад",
           "id-и номаълум 'nowhere': дар байни сатрҳои дурусти sources.csv нест"),
}


@pytest.mark.parametrize("lang", sorted(_CELL_PROBLEMS))
def test_cell_and_reference_problems_are_in_the_readers_language(tiny_copy, lang) -> None:
    from geo.load import load_dataset

    events = tiny_copy / "events.csv"
    text = events.read_text("utf-8").replace("e2,2022-09-14,", "e2,14.09.2022,").replace(",s1;s2,", ",nowhere,")
    events.write_text(text, "utf-8")
    shown = [p.in_language(lang) for p in load_dataset(tiny_copy, cache=False).problems]
    date_problem, reference_problem = _CELL_PROBLEMS[lang]
    assert f"events.csv:3:date_start: {date_problem}" in shown
    assert f"events.csv:3:source_ids: {reference_problem}" in shown


def test_a_word_inside_a_message_is_translated_too(tiny_copy) -> None:
    import json

    from geo.load import load_dataset

    places = tiny_copy / "places.geojson"
    document = json.loads(places.read_text("utf-8"))
    document["features"][0]["properties"]["name"] = 7
    places.write_text(json.dumps(document), "utf-8")
    problem = next(p for p in load_dataset(tiny_copy, cache=False).problems if p.field == "name")
    assert problem.message == "expected a string, got a number"
    assert problem.in_language("ru").endswith("ожидалось: строка, получено: число")
    assert problem.in_language("tg").endswith("интизор буд: сатр, омад: адад")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "upload.csv:2:event_date: expected a date as YYYY-MM-DD or '16 September 2022', got 'soon'"),
    ("ru", "upload.csv:2:event_date: ожидалась дата в виде ГГГГ-ММ-ДД или '16 September 2022', получено 'soon'"),
    ("ky", "upload.csv:2:event_date: ЖЖЖЖ-АА-КК же '16 September 2022' түрүндөгү дата күтүлгөн, 'soon' келди"),
])
def test_upload_problems_are_in_the_readers_language(lang, expected) -> None:
    from geo.uploads import read_overlay

    upload = (b"event_id_cnty,event_date,event_type,latitude,longitude,fatalities\n"
              b"KGZ1,soon,Battles,40.0,70.5,0\n")
    problems = read_overlay("upload.csv", upload).problems
    assert expected in [p.in_language(lang) for p in problems]
