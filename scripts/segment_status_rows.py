"""Write data/segment_status.csv: each border section's status through time, as the sources say it.

Usage::

    python scripts/segment_status_rows.py   # after scripts/build_data.py

A status begins only where a dated source supports it (see research/delimitation.csv and
research/delimitation_notes.md). The sections are read from data/border_segments.geojson.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INDEPENDENCE = "1991-09-09"  # both states independent (KG 31 Aug, TJ 9 Sep 1991)

UNDELIMITED = (
    "undelimited",
    INDEPENDENCE,
    "rferl-kyrgyz;russia-islworld-2025-02-21-kyrgyzstan;asiaplus-2006-02-15-tajikistan",
    "Not delimited between the two republics at independence: RFE/RL (January 2013) counts the agreed "
    "kilometres 'since 1991', delimitation talks began in December 2002 (a 2025 secondary source), and in "
    "February 2006 Tajikistan's border chief said work on the line with Kyrgyzstan had not even begun. "
    "Shown from 9 Sep 1991, when both states were independent.",
)
PARTLY = (
    "partly_delimited",
    "2013-01-21",
    "rferl-kyrgyz",
    "Whole-border figure only: RFE/RL (talks of 21–26 January 2013) says 519 of 970 km had been fully "
    "agreed. Which stretches is not published (an undated Asia-Plus report places a 519.9 km draft at the "
    "junction of Tajikistan's Murghob and Jirgatol districts), so every section not named as disputed is "
    "shown as partly delimited from this first dated figure; before it the sources give no such figure.",
)
DISPUTED = {
    "kg-tj-vorukh-ring": (
        "2013-04-01",
        "asiaplus-2013-12-20-isfaravorukh;rferl-2014-01-11-kyrgyz;saud-gul-2023",
        "In April 2013 the intergovernmental commission halted the Ak-Sai–Tamdyk road, which "
        "runs across land Tajikistan counts as part of Vorukh, until the border is delimited "
        "(Asia-Plus); the January 2014 shoot-out was over the same road (RFE/RL).",
    ),
    "kg-tj-ak-sai-tamdyk": (
        "2013-04-01",
        "asiaplus-2013-12-20-isfaravorukh;rferl-2014-01-11-kyrgyz",
        "In April 2013 the intergovernmental commission halted the Ak-Sai–Tamdyk road "
        "until the border is delimited (Asia-Plus); the January 2014 shoot-out was over "
        "the same road (RFE/RL).",
    ),
    "kg-tj-kok-tash-golovnoy": (
        "2021-04-28",
        "aljazeera-2021-04-29;rferl-2021-05-02;saud-gul-2023",
        "The Golovnoy water intake, a facility both states claim, is where the April "
        "2021 fighting began (28 Apr 2021); earlier dated sources do not name this "
        "section as disputed.",
    ),
    "kg-tj-kulundu-maksat": (
        "2021-05-01",
        "sputnik-kg-2021-05-07-kyrgyz;centralasian-2021-05-05-khovar",
        "Named as a disputed section in the 1–2 May 2021 agreement of the delegations "
        "(border points No. 43–61, Leilek district).",
    ),
    "kg-tj-kara-bak-lakkon": (
        "2021-05-01",
        "sputnik-kg-2021-05-07-kyrgyz;centralasian-2021-05-05-khovar",
        "Named as a disputed section in the 1–2 May 2021 agreement of the delegations "
        "(border points No. 135–141, Kara-Bak).",
    ),
}
LINE = (
    "The line drawn here is OpenStreetMap's pre-treaty line: the treaty's maps are not published and the "
    "line may differ (e.g. land swaps at Dostuk and Kayragach)."
)
TREATY = (
    (
        "delimited_protocol",
        "2024-12-04",
        "trend-2024-12-04-kyrgyzstan",
        "The co-chairs of the government delegations completed the description of all remaining sections "
        "(Batken, 4 Dec 2024).",
    ),
    (
        "delimited_protocol",
        "2025-02-21",
        "asiaplus-2025-02-24-yatimov",
        "Final delimitation protocol signed and the treaty initialled (Bishkek, 21 Feb 2025).",
    ),
    (
        "treaty_signed",
        "2025-03-13",
        "interfax-2025-03-13-kyrgyzstan",
        "Treaty on the state border signed in Bishkek on 13 Mar 2025. " + LINE,
    ),
    (
        "treaty_ratified",
        "2025-03-19",
        "kloop-2025-03-19-jogorku;24kg-2025-03-19-lower",
        "Ratified by the Jogorku Kenesh on 19 Mar 2025 and by the Tajik lower house on 18/19 Mar (sources "
        "differ). " + LINE,
    ),
    (
        "delimited_treaty",
        "2025-03-31",
        "news-2025-03-31-leaders",
        "Instruments of ratification exchanged in Khujand on 31 Mar 2025. No source states the date of entry "
        "into force; the exchange of instruments is taken as that date (inference). " + LINE,
    ),
)
QALACHA = (
    (
        "unknown",
        INDEPENDENCE,
        "osm-borders-1.1.0",
        "No source on this enclave boundary's delimitation status before 2025; the seed paper lists "
        "Kayragach "
        "among places where conflicts break out.",
    ),
    (
        "treaty_signed",
        "2025-03-13",
        "24kg-2025-02-27-kairagach;interfax-2025-03-13-kyrgyzstan",
        "The treaty signed on 13 Mar 2025 gives the Kayragach (Western Qalacha) enclave, 35 ha, and 155 ha "
        "around it to Kyrgyzstan (Kyrgyz official account, 27 Feb 2025).",
    ),
    (
        "abolished",
        "2025-03-31",
        "24kg-2025-02-27-kairagach;news-2025-03-31-leaders",
        "No longer an international border once the treaty's instruments were exchanged "
        "(Khujand, 31 Mar 2025; "
        "entry into force taken as that date, an inference).",
    ),
)


def rows_for(segment_id: str) -> list[tuple[str, str, str, str]]:
    """The status history of one section, oldest first."""
    if segment_id == "kg-tj-qalacha-ring":
        return list(QALACHA)
    if segment_id in DISPUTED:
        start, sources, note = DISPUTED[segment_id]
        return [UNDELIMITED, ("disputed", start, sources, note), *TREATY]
    return [UNDELIMITED, PARTLY, *TREATY]


def write(data_dir: Path, out: Path) -> None:
    """Write the status history of every section of ``data_dir``'s border segments to ``out``."""
    segments = json.loads((data_dir / "border_segments.geojson").read_text("utf-8"))["features"]
    ids = sorted(f["properties"]["segment_id"] for f in segments)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["segment_id", "status", "valid_from", "source_ids", "note"])
        for segment_id in ids:
            for status, start, sources, note in rows_for(segment_id):
                writer.writerow([segment_id, status, start, sources, note])


def main() -> int:
    write(ROOT / "data", ROOT / "data" / "segment_status.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
