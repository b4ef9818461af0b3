"""Finding a place by any spelling: Latin or Cyrillic, with or without hyphens and diacritics."""

from __future__ import annotations

import re

import pandas as pd
from anyascii import anyascii
from rapidfuzz import fuzz

__all__ = ["normalise", "search_events", "search_places"]

_NOT_LETTER = re.compile(r"[^a-z0-9]")
# Spellings that differ only by these transliteration habits should still match: Russian
# "dzh"/"zh" and Tajik "j", "kh" and "h", Tajik "q" and Russian "k", German "w" and "v",
# Uzbek/Tajik Latin "x" for "kh".
_FOLDS = (
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("x", "h"), ("q", "k"), ("w", "v"),
    ("yy", "y"), ("iy", "i"),
)
# A typo-tolerant match must be this similar (rapidfuzz's normalised Indel ratio, 0-100)
# and the query at least this long: "Worukh"/"Vorux" find Vorukh, two letters find nothing.
_FUZZY_MIN_SCORE = 75
_FUZZY_MIN_LENGTH = 4


def normalise(text: str) -> str:
    """A matching key: lower case, Latin letters only, common transliteration variants folded.

    >>> normalise("Khojai A'lo") == normalise("Ходжаи-Ало") == normalise("Hojai Alo")
    True
    """
    # anyascii transliterates Russian, Kyrgyz and Tajik letters (ҷ, қ, ғ, ӯ, ң, ө, ү …)
    key = _NOT_LETTER.sub("", anyascii(text).casefold())
    for old, new in _FOLDS:
        key = key.replace(old, new)
    return key


def _rank(candidate: str, key: str) -> float | None:
    """0 exact, 1 prefix, 2 substring, then 3 to 4 for a typo-tolerant match (closer is lower)."""
    if candidate == key:
        return 0
    if candidate.startswith(key):
        return 1
    if key in candidate:
        return 2
    if len(key) >= _FUZZY_MIN_LENGTH:
        score = fuzz.ratio(candidate, key)
        if score >= _FUZZY_MIN_SCORE:
            return 3 + (100 - score) / 100
    return None


def search_places(places: pd.DataFrame, query: str, *, limit: int = 20) -> pd.DataFrame:
    """Places whose name or any alternative spelling matches ``query``.

    Exact matches of the whole key come first, then prefixes, then substrings, then spellings
    within a typo or two of the query ("Worukh", "Vorux" find Vorukh).

    Returns
    -------
    pandas.DataFrame
        ``place_id``, ``name``, ``matched`` (the spelling that matched), at most
        ``limit`` rows; empty for a query with no letters.
    """
    key = normalise(query)
    columns = ["place_id", "name", "matched"]
    if not key:
        return pd.DataFrame(columns=columns)
    hits: dict[str, tuple[float, str, str]] = {}
    rows = zip(places["place_id"], places["name"], places["alt_names"], strict=True)
    for place_id, name, alt_names in rows:
        alternatives = alt_names if isinstance(alt_names, str) else ""
        spellings = [name, *[s.strip() for s in alternatives.split(";") if s.strip()]]
        for spelling in spellings:
            rank = _rank(normalise(spelling), key)
            if rank is not None and (place_id not in hits or rank < hits[place_id][0]):
                hits[place_id] = (rank, name, spelling)
    ordered = sorted(hits.items(), key=lambda kv: (kv[1][0], kv[1][1]))[:limit]
    return pd.DataFrame([(pid, name, spelling) for pid, (_, name, spelling) in ordered], columns=columns)


def search_events(events: pd.DataFrame, query: str) -> pd.DataFrame:
    """The rows of ``events`` whose title holds every word of ``query``, in their own order.

    Words match in any script and spelling habit (`normalise`): "Vorukh clash" finds
    "Clash over a flagpole at the Vorukh entrance", and so does "ворух". An empty query
    returns ``events`` unchanged.

    >>> frame = pd.DataFrame({"title": ["Clash at Vorukh", "Talks in Bishkek"]})
    >>> list(search_events(frame, "ворух")["title"])
    ['Clash at Vorukh']
    """
    words = [normalise(word) for word in query.split()]
    words = [word for word in words if word]
    if not words:
        return events
    keys = events["title"].map(lambda title: normalise(str(title)))
    keep = keys.map(lambda key: all(word in key for word in words))
    return events[keep.astype(bool)]
