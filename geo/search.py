"""Finding a place by any spelling: Latin or Cyrillic, with or without hyphens and diacritics."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

__all__ = ["normalise", "search_places"]

# Enough of a Cyrillic -> Latin mapping (Russian, Kyrgyz, Tajik letters) for matching,
# not for display: "Кулунду" and "Kulundu" both become "kulundu".
_CYRILLIC = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "gh", "д": "d", "е": "e", "ё": "yo", "ж": "j",
        "з": "z", "и": "i", "ӣ": "i", "й": "y", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
        "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ӯ": "u",
        "ү": "u", "ф": "f", "х": "kh", "ҳ": "h", "ц": "ts", "ч": "ch", "ҷ": "j", "ш": "sh",
        "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    }
)
_NOT_LETTER = re.compile(r"[^a-z0-9]")
# Spellings that differ only by these transliteration habits should still match.
_FOLDS = (("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("q", "k"), ("yy", "y"), ("iy", "i"))


def normalise(text: str) -> str:
    """A matching key: lower case, Latin letters only, common transliteration variants folded.

    >>> normalise("Khojai A'lo") == normalise("Ходжаи-Ало") == normalise("Hojai Alo")
    True
    """
    lowered = text.casefold().translate(_CYRILLIC)
    stripped = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
    key = _NOT_LETTER.sub("", stripped)
    for old, new in _FOLDS:
        key = key.replace(old, new)
    return key


def _rank(candidate: str, key: str) -> int | None:
    if candidate == key:
        return 0
    if candidate.startswith(key):
        return 1
    return 2 if key in candidate else None


def search_places(places: pd.DataFrame, query: str, *, limit: int = 20) -> pd.DataFrame:
    """Places whose name or any alternative spelling matches ``query``.

    Exact matches of the whole key come first, then prefixes, then substrings.

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
    hits: dict[str, tuple[int, str, str]] = {}
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
