"""The record's structure (issue 15): lineage, claimant sides, period summaries, event ids."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from geo.coverage import coverage, latest_note
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


# Coverage: incidents recorded per year against the counts sources report.

def _events(*rows) -> pd.DataFrame:
    columns = ["event_id", "date_start", "date_precision", "event_type"]
    return pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows], columns=columns)


def _statistics(*rows) -> pd.DataFrame:
    columns = ["stat_id", "value_low", "value_high", "qualifier", "unit", "period_start", "period_end", "claimant"]
    return pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows], columns=columns)


def test_coverage_counts_violent_dated_incidents_and_the_gap() -> None:
    events = _events(
        ("a", D(2014, 1, 11), "day", "armed_clash"),
        ("b", D(2014, 5, 7), "day", "communal_clash"),
        ("c", D(2014, 3, 31), "day", "reopening"),        # not violent
        ("d", D(2014, 1, 1), "year", "armed_clash"),      # not dated
        ("e", D(2014, 1, 1), "year", "aggregate"),        # a period summary
    )
    stats = _statistics(("s1", 32, 32, "exact", "incidents", D(2014, 1, 1), D(2014, 12, 31), "a blog"))
    table = coverage(events, stats, first=2013, last=2015).by_year.set_index("Year")
    assert table.loc[2014, "Incidents recorded here"] == 2
    assert table.loc[2014, "Sources report"] == "32 incidents in 2014 (s1)"
    assert table.loc[2014, "Gap"] == "at least 30 not recorded here"
    assert table.loc[2013, "Gap"] == "not known"
    assert table.loc[2015, "Sources report"] == "—"


def test_a_count_over_several_years_shows_in_each_with_the_period_gap() -> None:
    events = _events(("a", D(2011, 4, 8), "day", "communal_clash"), ("b", D(2013, 5, 31), "day", "communal_clash"))
    stats = _statistics(("s1", 63, 63, "exact", "violent incidents", D(2011, 1, 1), D(2013, 12, 31), "x"))
    table = coverage(events, stats, first=2011, last=2013).by_year.set_index("Year")
    assert list(table["Incidents recorded here"]) == [1, 0, 1]
    assert set(table["Gap"]) == {"at least 61 not recorded here in 2011–2013 (2 recorded then)"}


def test_counts_that_are_not_incidents_or_have_no_period_start_are_kept_apart() -> None:
    events = _events(("a", D(2019, 3, 13), "day", "communal_clash"))
    stats = _statistics(
        ("km", 504, 504, "exact", "km delimited", D(2019, 1, 1), D(2019, 12, 31), "x"),
        ("s17", 230, 230, "about", "border incidents", None, D(2022, 9, 22), "Tajik government"),
    )
    found = coverage(events, stats, first=2019, last=2019)
    assert found.by_year.loc[0, "Sources report"] == "—"
    assert found.without_years.to_dict("records") == [
        {"Count": "about 230 border incidents (Tajik government)", "Up to": D(2022, 9, 22),
         "Recorded here up to then": 1, "Gap": "about 229 not recorded here", "Statistic": "s17"}
    ]


def test_shipped_coverage_shows_the_thin_years(shipped) -> None:
    table = coverage(shipped.events, shipped.statistics).by_year.set_index("Year")
    assert list(table.index) == list(range(2010, 2027))
    assert "63 violent incidents in 2011–2013 (s001)" in table.loc[2012, "Sources report"]
    assert table.loc[2014, "Sources report"].startswith("32 ")
    assert table.loc[2019, "Sources report"].startswith("at least 14 ")
    assert table.loc[2014, "Gap"].startswith("at least ")


def test_blockades_and_detentions_count_as_incidents() -> None:
    events = _events(
        ("a", D(2020, 12, 16), "day", "blockade"),
        ("b", D(2021, 9, 17), "day", "detention"),
        ("c", D(2021, 9, 18), "day", "talks"),
    )
    table = coverage(events, _statistics(), first=2020, last=2021).by_year.set_index("Year")
    assert list(table["Incidents recorded here"]) == [1, 1]


def test_latest_note_names_the_latest_event_incident_and_search_date() -> None:
    events = _events(
        ("a", D(2024, 5, 7), "day", "armed_clash"),
        ("b", D(2026, 3, 12), "day", "other"),
        ("c", D(2026, 12, 1), "year", "aggregate"),  # a summary is not an event
    )
    note = latest_note(events, "en", searched_until=D(2026, 12, 7))
    assert note.startswith("Latest event in the record: 12 Mar 2026; latest incident: 7 May 2024.")
    assert "searched up to 7 Dec 2026" in note


def test_latest_note_of_an_empty_record() -> None:
    assert latest_note(_events(), "en") == "The record holds no dated event."
