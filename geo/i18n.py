"""Interface languages from gettext message catalogs, read with Babel.

Every interface string is an English ``msgid``; its Russian, Kyrgyz and Tajik
translations live in ``geo/locales/<lang>/LC_MESSAGES/atlas.po`` (see
``docs/translating.md``). The catalogs are read as they are, so the repository
needs no build step. ``t("Event details", "ru")`` gives the Russian; a text with no
translation stays in English (readable, never failing), and
``tests/test_catalogs.py`` fails when a string of the code has no entry in a
catalog. Dates, numbers and plural forms come from Babel's CLDR data and the
catalogs' ``Plural-Forms``. Data text (titles, descriptions, notes, claimants)
is never translated: it is shown as recorded.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.dates import format_date as _babel_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

__all__ = [
    "LANGUAGES",
    "LOCALES",
    "N_",
    "Message",
    "extract_calls",
    "extract_vocabulary",
    "format_date",
    "in_language",
    "format_number",
    "local_name",
    "month_name",
    "ngettext",
    "t",
    "vega_locale",
]

LANGUAGES = {"en": "English", "ru": "Русский", "ky": "Кыргызча", "tg": "Тоҷикӣ"}
LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "atlas"

# English keeps the atlas's short dates; Russian the full genitive month ("14 сентября
# 2022", CLDR's long form without "г."); Kyrgyz and Tajik take CLDR's long form as it is.
_DATE_PATTERNS = {"en": "d MMM y", "ru": "d MMMM y"}


def N_(text: str) -> str:  # noqa: N802 (the gettext convention for a no-op marker)
    """Mark ``text`` for extraction where it is defined; it is translated where shown, by `t`."""
    return text


@functools.cache
def _translations(lang: str) -> Translations | None:
    """The catalog of ``lang`` read from its ``.po`` file (None for English or no catalog)."""
    path = LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == "en" or not path.is_file():
        return None
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def t(text: str, lang: str) -> str:
    """``text`` in ``lang`` (``en``, ``ru``, ``ky``, ``tg``); the English when no translation exists."""
    found = _translations(lang)
    return text if found is None else found.gettext(text)


class Message(str):
    """A message made from a catalog template: its English text, shown in any language by `in_language`.

    It is the English string itself (compare it, print it, log it as text), and remembers the
    template (marked for extraction with `N_` where it is made) and the values put in it, so a
    page can show it in the reader's language.

    Examples
    --------
    >>> note = Message(N_("unknown period '{value}'; ignored"), value="someday")
    >>> note
    "unknown period 'someday'; ignored"
    >>> note.in_language("ru")
    "неизвестный период 'someday'; пропущен"
    """

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, **values: object) -> Message:
        made = super().__new__(cls, template.format(**values))
        made.template, made.values = template, values
        return made

    def in_language(self, lang: str) -> str:
        """The message in ``lang`` (its English text where the catalog has no translation).

        A value that is itself a `Message` (a word of the message, such as a JSON type's
        name) is put in ``lang`` too; other values are echoed as they are.
        """
        values = {k: in_language(v, lang) if isinstance(v, str) else v for k, v in self.values.items()}
        return t(self.template, lang).format(**values)


def in_language(text: str, lang: str) -> str:
    """``text`` in ``lang`` when it is a `Message`; any other text as it is (data, a value)."""
    return text.in_language(lang) if isinstance(text, Message) else text


def ngettext(singular: str, plural: str, count: int, lang: str) -> str:
    """The form of a counted phrase for ``count`` in ``lang`` (plural rules from the catalog).

    Examples
    --------
    >>> ngettext("Rests on {n} incident.", "Rests on {n} incidents.", 5, "ru").format(n=5)
    'Основано на 5 инцидентах.'
    """
    found = _translations(lang)
    if found is None:
        return singular if count == 1 else plural
    return str(found.ngettext(singular, plural, count))


@functools.lru_cache(maxsize=4096)  # as format_number: the tooltips' dates come back every run
def format_date(day: dt.date, lang: str) -> str:
    """``14 Sep 2022`` / ``14 сентября 2022`` / the CLDR long date in Kyrgyz and Tajik."""
    return str(_babel_date(day, _DATE_PATTERNS.get(lang, "long"), locale=lang))


# Each number formatted once per language: the map's tooltips ask for the same counts again on
# every run (about 500 calls, 13 ms through Babel at a million events).
@functools.lru_cache(maxsize=4096)
def format_number(value: float, lang: str, *, digits: int = 0) -> str:
    """``1,006.84`` / ``1 006,84``: a number with the locale's separators and ``digits`` decimals."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return str(format_decimal(value, format=pattern, locale=lang))


def month_name(month: int, lang: str) -> str:
    """The stand-alone abbreviated name of ``month`` (1–12) in ``lang``: ``Sep``, ``сент.``."""
    from babel.dates import get_month_names

    return str(get_month_names("abbreviated", "stand-alone", locale=lang)[month])


_RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
# Each alphabet, and the letters that mark a spelling as written in it (Kazakh, Tatar or
# Ukrainian spellings share some letters, so a spelling must use nothing outside the alphabet).
_ALPHABETS = {
    "ru": (_RUSSIAN, frozenset()),
    "ky": (_RUSSIAN | frozenset("ңөү"), frozenset("ңөү")),
    "tg": ((_RUSSIAN - frozenset("щыь")) | frozenset("ғӣқӯҳҷ"), frozenset("ӣӯҳҷ")),
}


def _written_in(spelling: str, lang: str, *, marked: bool) -> bool:
    letters, marks = _ALPHABETS[lang]
    found = {c for c in spelling.lower() if c.isalpha()}
    return bool(found) and found <= letters and (not marked or bool(found & marks))


def local_name(name: str, alt_names: object, lang: str) -> str:
    """A place's name for ``lang`` among its recorded spellings (never a made-up transliteration).

    Russian takes the first spelling written in the Russian alphabet only (so a Ukrainian
    "Ісфара" among GeoNames' alternate names is passed over for "Исфара"); Kyrgyz and Tajik
    take a spelling with letters of their own (ң, ө, ү; ӣ, ӯ, ҳ, ҷ) written in their alphabet,
    else the Russian one; English, or no such spelling, gives ``name``.
    """
    if lang not in _ALPHABETS or not isinstance(alt_names, str):
        return name
    spellings = [a.strip() for a in alt_names.split(";") if a.strip()]
    for marked in (True, False) if lang != "ru" else (False,):
        found = [a for a in spellings if _written_in(a, lang if marked else "ru", marked=marked)]
        if found:
            return found[0]
    return name


def vega_locale(lang: str) -> dict[str, Any]:
    """A Vega-Lite ``config.locale`` (d3 number and time formats) from CLDR, for chart axes."""
    from babel import Locale

    loc = Locale.parse(lang)
    symbols = loc.number_symbols["latn"]
    months, days = loc.months, loc.days
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # d3 starts its week on Sunday, CLDR's index 0 is Monday
    return {
        "number": {
            "decimal": symbols.get("decimal", "."), "thousands": symbols.get("group", ","),
            "grouping": [3], "currency": ["", ""],
        },
        "time": {
            "dateTime": "%x %X", "date": "%d.%m.%Y", "time": "%H:%M:%S", "periods": ["AM", "PM"],
            "days": [str(days["format"]["wide"][i]) for i in sunday_first],
            "shortDays": [str(days["format"]["abbreviated"][i]) for i in sunday_first],
            "months": [str(months["format"]["wide"][m]) for m in range(1, 13)],
            "shortMonths": [str(months["stand-alone"]["abbreviated"][m]) for m in range(1, 13)],
        },
    }


def extract_vocabulary(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extraction method for ``geo/vocabulary.py``: every label of its lookup tables.

    The labels are defined as table rows, not as calls of `t`, so ``pybabel extract`` (see
    ``babel.cfg``) reads them through this function.
    """
    from geo import vocabulary as v

    tables: dict[str, Any] = {
        "EVENT_TYPES": [x.label for x in v.EVENT_TYPES.values()],
        "SEGMENT_STATUSES": [x.label for x in v.SEGMENT_STATUSES.values()],
        "ACTORS": [x.label for x in v.ACTORS.values()],
        **{name: list(getattr(v, name).values()) for name in (
            "DATE_PRECISIONS", "METRICS", "CLAIMANT_SIDES", "CLAIMANT_TYPES", "AFFECTED_SIDES",
            "QUALIFIERS", "PLACE_PRECISIONS", "TRIGGERS",
        )},
    }
    for name, labels in tables.items():
        for label in labels:
            if label:
                yield 0, "gettext", label, [f"vocabulary: {name}"]


def extract_calls(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str | tuple[str, str], list[str]]]:
    """A Babel extraction method for Python that also reads calls inside f-strings.

    Babel's own Python extractor tokenizes the source and, before Python 3.12, sees an
    f-string as one token, missing ``f"**{t('Legend', lang)}**"``. This one walks the syntax
    tree: every call of ``t`` or ``N_`` with a literal first argument, and of ``ngettext``
    with two literal arguments.
    """
    import ast

    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        texts = [
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args
        ]
        # reported as gettext/ngettext: the keywords Babel knows by default
        if name in ("t", "N_") and texts[:1] != [None] and texts:
            yield node.lineno, "gettext", str(texts[0]), []
        elif name == "ngettext" and len(texts) >= 2 and None not in texts[:2]:
            yield node.lineno, "ngettext", (str(texts[0]), str(texts[1])), []
