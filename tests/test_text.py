"""Data text shown as text: Markdown and HTML neutralised, only http(s) links."""

from __future__ import annotations

import pytest

from geo.text import escape_markdown, markdown_link


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<script>alert(1)</script>", r"\<script\>alert\(1\)\</script\>"),
        ("**bold** [x](javascript:y)", r"\*\*bold\*\* \[x\]\(javascript\:y\)"),
        ("line\nbreak", "line break"),
        (None, ""),
    ],
)
def test_escape_markdown(text, escaped) -> None:
    assert escape_markdown(text) == escaped


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a_(b)", r"[T\.](https://example.org/a_%28b%29)"),
        ("javascript:alert(1)", r"T\."),
        ("data:text/html,x", r"T\."),
        (None, r"T\."),
    ],
)
def test_markdown_link_only_for_http(url, link) -> None:
    assert markdown_link("T.", url) == link
