"""The record's structure (issue 15): lineage, claimant sides, period summaries, event ids."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geo.load import load_dataset
from geo.validate import id_date_mismatch

D = dt.date

CLAIMS_HEADER = (
    "claim_id,event_id,claimant,claimant_side,claimant_type,metric,affected_side,value_low,value_high,"
    "qualifier,claim_date,source_id,note,repeats,status\n"
)


def _write_claims(folder: Path, *rows: str) -> None:
    (folder / "claims.csv").write_text(CLAIMS_HEADER + "".join(f"{r}\n" for r in rows), "utf-8")


def _messages(folder: Path) -> list[str]:
    return [str(p) for p in load_dataset(folder).problems]


ORIGINAL = "c1,e2,Kyrgyz ministry,KG,ministry,killed,KG,10,10,exact,2022-09-15,s1,,,"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            (ORIGINAL, "c2,e2,A paper,independent,academic,killed,KG,10,10,exact,,s2,,c9,"),
            "claims.csv:3:repeats: unknown claim 'c9': not among the claims",
        ),
        (
            (ORIGINAL, "c2,e2,A paper,independent,academic,injured,KG,10,10,exact,,s2,,c1,"),
            "claims.csv:3:repeats: repeats 'c1', which is about e2/killed, not e2/injured",
        ),
        (
            (ORIGINAL, "c2,e3,A paper,independent,academic,killed,KG,10,10,exact,,s2,,c1,"),
            "claims.csv:3:repeats: repeats 'c1', which is about e2/killed, not e3/killed",
        ),
        (
            ("c1,e2,A,independent,media,killed,KG,10,10,exact,,s1,,c2,",
             "c2,e2,B,independent,media,killed,KG,10,10,exact,,s2,,c1,"),
            "claims.csv:2:repeats: repeats form a cycle through 'c1'",
        ),
        (
            ("c1,e2,Tajik authorities (as reported by an NGO),KG,government,injured,TJ,87,87,exact,,s1,,,",),
            "claims.csv:2:claimant_side: 'Tajik authorities (as reported by an NGO)' names the TJ side's state, "
            "but claimant_side is KG",
        ),
        (
            ("c1,e2,Kyrgyz ministry,independent,ministry,killed,KG,10,10,exact,,s1,,,",),
            "claims.csv:2:claimant_side: a ministry claimant speaks for one side: KG or TJ, not independent",
        ),
        (
            ("c1,e2,Kyrgyz ministry,KG,ministry,killed,KG,10,10,exact,,s1,,,wrong",),
            "claims.csv:2:status: expected one of unverified; got 'wrong'",
        ),
    ],
)
def test_bad_lineage_and_sides_are_reported(tiny_copy, rows, expected) -> None:
    _write_claims(tiny_copy, *rows)
    messages = _messages(tiny_copy)
    assert any(m.startswith(expected) for m in messages), messages


def test_good_lineage_loads_clean(tiny_copy) -> None:
    _write_claims(
        tiny_copy, ORIGINAL,
        "c2,e2,Kyrgyz authorities (as cited by a paper),KG,government,killed,KG,10,10,exact,,s2,,c1,",
        "c3,e2,Kyrgyzstan (per an encyclopedia),KG,government,killed,TJ,200,200,more_than,,s2,,,unverified",
    )
    dataset = load_dataset(tiny_copy)
    assert dataset.problems == ()
    assert list(dataset.claims["repeats"]) == [None, "c1", None]
    assert list(dataset.claims["status"]) == [None, None, "unverified"]


@pytest.mark.parametrize(
    ("event_id", "start", "said"),
    [
        ("2022-09-16-tajik-side-damage", D(2022, 9, 14), "2022-09-16"),
        ("2022-09-14-tajik-side-damage", D(2022, 9, 14), None),
        ("2022-09-csto-mediation", D(2022, 9, 16), None),
        ("2022-10-csto-mediation", D(2022, 9, 16), "2022-10"),
        ("2025-vorukh-land-use", D(2025, 2, 27), None),
        ("2024-vorukh", D(2025, 2, 27), "2024"),
        ("e2", D(2022, 9, 14), None),
    ],
)
def test_an_event_id_begins_with_its_start_date(event_id, start, said) -> None:
    assert id_date_mismatch(event_id, start) == said


def test_an_id_contradicting_date_start_is_reported(tiny_copy) -> None:
    path = tiny_copy / "events.csv"
    path.write_text(path.read_text("utf-8") + "2022-09-16-late,2022-09-14,2022-09-16,day,talks,Talks,Met.,,,s1,\n",
                    "utf-8")
    assert any(
        m.startswith("events.csv:7:event_id: the id says 2022-09-16 but date_start is 2022-09-14")
        for m in _messages(tiny_copy)
    )


def test_shipped_claims_respect_lineage_and_sides(shipped) -> None:
    claims = shipped.claims.set_index("claim_id")
    assert claims.loc["c121", "claimant_side"] == "TJ" and claims.loc["c121", "repeats"] == "c117"
    assert claims.loc["c128", "claimant_side"] == "TJ" and claims.loc["c128", "repeats"] == "c125"
    assert claims.loc["c018", "repeats"] == "c209"
    assert claims.loc["c239", "status"] == "unverified"
    summaries = set(shipped.events.loc[shipped.events["event_type"] == "aggregate", "event_id"])
    assert {"2011-exchange-of-fire", "2014-exchange-of-fire", "2015-exchange-of-fire",
            "2022-09-14-20-toll"} <= summaries
