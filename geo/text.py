"""Making data text safe for Markdown: shown as written, never as markup or HTML."""

from __future__ import annotations

import re
from urllib.parse import quote, urlparse

__all__ = ["escape_markdown", "markdown_link"]

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
