"""Each interface language renders with nothing left in another language (AppTest).

Interface text is compared with the catalogs: a shown piece of text that is an English
msgid (or another language's translation) while the page is in ``lang`` was left
untranslated. Data text (titles, descriptions, notes, claimants) is shown as recorded
and is never a msgid, so it does not count.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from geo.i18n import LANGUAGES, LOCALES

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
# Short words that are the same in several languages or are codes, not sentences.
_SAME_EVERYWHERE = {"CSV", "GeoJSON", "zip", "km", "km²", "m"}


def _translations(lang: str) -> dict[str, str]:
    with (LOCALES / lang / "LC_MESSAGES" / "atlas.po").open("rb") as po:
        catalog = read_po(po, locale=lang)
    return {m.id: m.string for m in catalog if isinstance(m.id, str) and m.id and isinstance(m.string, str)}


def _foreign(lang: str) -> set[str]:
    """Texts that, shown on a page in ``lang``, belong to another language."""
    english = {i for lang_ in TRANSLATED for i, s in _translations(lang_).items() if s and s != i}
    own = set(_translations(lang).values()) if lang != "en" else english
    others = {s for other in TRANSLATED if other != lang for s in _translations(other).values() if s}
    foreign = (english if lang != "en" else set()) | others
    return {text for text in foreign - own - _SAME_EVERYWHERE if "{" not in text}


def _pieces(at: AppTest) -> list[str]:
    """The interface text on the page, cut at the separators the page puts between labels."""
    texts: list[str] = [e.value for e in (*at.title, *at.caption, *at.info, *at.markdown)]
    texts += [e.label for e in at.expander]
    for widgets in (at.selectbox, at.multiselect, at.radio, at.slider, at.text_input):
        for w in widgets:
            if w.key == "lang":
                continue
            texts.append(w.label)
            texts += [str(o) for o in getattr(w, "options", [])]
            texts.append(str(getattr(w, "placeholder", "") or ""))
    pieces = []
    for text in texts:
        pieces += [p.strip(" *-.:;") for p in re.split(r"\*\*|\n|·| — |: ", text.replace("\\", ""))]
    return [p for p in pieces if p]


def _left_over(at: AppTest, lang: str) -> list[str]:
    foreign = _foreign(lang)
    return sorted({p for p in _pieces(at) if p in foreign})


def test_the_check_finds_text_left_in_another_language() -> None:
    assert {"Whole record", "Весь период", "Тамоми давра"} <= _foreign("ky")
    assert "Бүт мезгил" not in _foreign("ky")


def _open(lang: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"lang": lang, **params})
    return at.run()


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_each_language_leaves_no_interface_text_in_another(lang) -> None:
    at = _open(lang, **{"from": "2022-09-14", "to": "2022-09-17", "select": "2022-09-14-20-toll"})
    assert not at.exception
    assert _left_over(at, lang) == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_title_and_summary_are_in_the_language(lang) -> None:
    at = _open(lang)
    assert at.title[0].value == _translations(lang)["Kyrgyz–Tajik Border Conflict Atlas"]
    period = at.selectbox(key="period")
    assert period.options[0] == _translations(lang)["Whole record"]


def test_switching_back_and_forth_leaves_nothing_behind() -> None:
    at = _open("ru")
    for lang in ("en", "ky", "tg", "ru", "en"):
        at.radio(key="lang").set_value(lang).run()
        assert not at.exception
        assert _left_over(at, lang) == [], lang
        whole = "Whole record" if lang == "en" else _translations(lang)["Whole record"]
        assert at.selectbox(key="period").options[0] == whole
        assert (lang in str(at.query_params["lang"])) if lang != "en" else "lang" not in at.query_params
