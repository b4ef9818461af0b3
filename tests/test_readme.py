"""The README's "record in numbers" states what the bundled data holds."""

from __future__ import annotations

import re

import pytest

from geo.load import load_dataset
from scripts.harness import ROOT


@pytest.fixture(scope="module")
def numbers() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## The record in numbers", 1)[1].split("\n## ", 1)[0]
    return " ".join(section.split())


@pytest.fixture(scope="module")
def data():
    return load_dataset(ROOT / "data")


def _missing(numbers: str, data) -> list[str]:
    """The phrases of the counts that ``numbers`` (the README section) does not state."""
    sides = data.claims["claimant_side"].value_counts()
    located = int(data.places.geometry.notna().sum())
    expected = [
        f"{len(data.events)} events ({data.events['date_start'].min().year}–{data.events['date_end'].max().year};",
        f"{int((data.events['event_type'] == 'aggregate').sum())} of them period summaries",
        f"{len(data.claims)} claims (Kyrgyz side {sides['KG']}, Tajik side {sides['TJ']}, independent {sides['independent']})",
        f"{len(data.sources)} sources",
        f"{len(data.statistics)} aggregate statistics",
        f"{len(data.places)} places ({located} located",
        f"{len(data.places) - located} named by the sources but not located",
        f"{len(data.segments)} border sections",
        f"{len(data.enclaves)} enclave outlines",
    ]
    return [phrase for phrase in expected if phrase not in numbers]


def test_the_readme_counts_match_the_bundled_data(numbers: str, data) -> None:
    assert _missing(numbers, data) == [], "README.md 'The record in numbers' is out of date"


def test_a_stale_count_is_caught(numbers: str, data) -> None:
    stale = re.sub(r"\b(\d+) sources\b", lambda m: f"{int(m.group(1)) - 1} sources", numbers, count=1)
    assert _missing(stale, data) == [f"{len(data.sources)} sources"]


@pytest.mark.parametrize("table", ["EVENT_TYPES", "METRICS", "TRIGGERS", "ACTORS"])
def test_data_readme_documents_every_code(table: str) -> None:
    from geo import vocabulary

    text = (ROOT / "data" / "README.md").read_text("utf-8")
    undocumented = [code for code in getattr(vocabulary, table) if f"`{code}`" not in text]
    assert undocumented == [], f"data/README.md does not list {table}: {undocumented}"
