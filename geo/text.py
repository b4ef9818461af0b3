"""Text for display: data text made safe for Markdown (shown as written, never as markup
or HTML), optional cells, web links and claimed figures, each written one way."""

from __future__ import annotations

import math
import re
from urllib.parse import quote, urlparse

from geo.i18n import format_number, t
from geo.vocabulary import QUALIFIERS

__all__ = [
    "FORMULA_START",
    "cell_text",
    "escape_markdown",
    "figure_text",
    "markdown_link",
    "spreadsheet_safe",
    "web_url",
]

# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number is data, not a formula: "-3" or "+1.5e3" is left as it is (a spreadsheet
# reads it as the number it is, and quoting it would turn the number into text).
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def escape_markdown(text: object) -> str:
    """Backslash-escape every Markdown/HTML-significant character of ``text``.

    >>> escape_markdown("<b>*bold*</b>")
    '\\\\<b\\\\>\\\\*bold\\\\*\\\\</b\\\\>'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text)).replace("\n", " ")


def cell_text(value: object) -> str:
    """An optional cell as a string: empty for None or NaN (a missing pandas cell).

    >>> cell_text(float("nan")), cell_text(None), cell_text(3)
    ('', '', '3')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def web_url(value: object) -> str | None:
    """``value`` if it is an absolute http(s) URL with a host, else None.

    >>> web_url("https://example.org/a"), web_url("javascript:alert(1)"), web_url(None)
    ('https://example.org/a', None, None)
    """
    if not isinstance(value, str):
        return None
    parsed = urlparse(value)
    return value if parsed.scheme in ("http", "https") and parsed.netloc else None


def figure_text(low: int, high: int, qualifier: str, lang: str = "en") -> str:
    """``"at least 94"``, ``"136,770"``, ``"10–20"``: a claimed figure in words (in ``lang``)."""
    number = format_number(low, lang)
    if low != high:
        number += f"–{format_number(high, lang)}"
    prefix = QUALIFIERS.get(qualifier, "")
    return f"{t(prefix, lang) if prefix else ''} {number}".strip()


def markdown_link(label: object, url: str | None) -> str:
    """``[label](url)`` for an http(s) URL; just the escaped label otherwise."""
    safe_label = escape_markdown(label)
    if web_url(url) is None:
        return safe_label
    assert url is not None  # for mypy: web_url returned it
    safe_url = quote(url, safe=":/?#[]@!$&'*+,;=%~-._")
    safe_url = safe_url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{safe_label}]({safe_url})"


def spreadsheet_safe(value: object) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula.

    A cell starting with ``= + - @``, a tab or a carriage return gets a leading
    apostrophe, as OWASP recommends; plain numbers (``-3``, ``+1.5``) are left alone.

    >>> spreadsheet_safe("=1+2")
    "'=1+2"
    >>> spreadsheet_safe("-3")
    '-3'
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text
