"""Making data text safe for Markdown: shown as written, never as markup or HTML."""

from __future__ import annotations

import re
from urllib.parse import quote, urlparse

__all__ = ["FORMULA_START", "escape_markdown", "markdown_link", "spreadsheet_safe"]

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


def markdown_link(label: object, url: str | None) -> str:
    """``[label](url)`` for an http(s) URL; just the escaped label otherwise."""
    safe_label = escape_markdown(label)
    if not url:
        return safe_label
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return safe_label
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
