"""The committed geography is exactly what the build script makes from the reference data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"reference data not present at {REFERENCE}")
def test_build_is_deterministic_and_matches_committed_data(tmp_path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_data.py"), "--reference", str(REFERENCE),
         "--out", str(tmp_path)],
        check=True, capture_output=True,
    )
    built_files = sorted(tmp_path.glob("*.geojson"))
    # every generated file is made (a build that wrote nothing must not pass)
    assert [b.name for b in built_files] == sorted(p.name for p in (ROOT / "data").glob("*.geojson"))
    for built in built_files:
        committed = ROOT / "data" / built.name
        assert built.read_bytes() == committed.read_bytes(), f"{built.name} differs: run `make data`"


def test_segment_status_is_what_the_script_writes(tmp_path) -> None:
    from scripts.segment_status_rows import write

    write(ROOT / "data", tmp_path / "segment_status.csv")
    committed = (ROOT / "data" / "segment_status.csv").read_bytes()
    assert (tmp_path / "segment_status.csv").read_bytes() == committed, "run `make data`"


def test_app_never_reads_shared_folder() -> None:
    for path in [ROOT / "app.py", *sorted((ROOT / "geo").glob("*.py"))]:
        assert "shared" not in path.read_text("utf-8"), path


@pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"reference data not present at {REFERENCE}")
def test_bad_place_rows_are_reported_by_file_row_and_field(tmp_path) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "segments.csv").write_text((ROOT / "facts" / "segments.csv").read_text("utf-8"), "utf-8")
    (facts / "enclaves.csv").write_text((ROOT / "facts" / "enclaves.csv").read_text("utf-8"), "utf-8")
    header = (ROOT / "facts" / "places.csv").read_text("utf-8").splitlines()[0]
    (facts / "places.csv").write_text(
        header + "\n"
        "a,A,,999999999,,,,KG,,village,exact,s,,\n"
        "b,B,,8383614,,40.0,70.0,KG,,village,exact,s,,\n"
        "c,C,,,,,,KG,,village,exact,s,,\n",
        "utf-8",
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_data.py"), "--reference", str(REFERENCE),
         "--facts", str(facts), "--out", str(tmp_path / "out")],
        capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "places.csv row 2 (a), field geonames_id" in result.stderr
    assert "places.csv row 3 (b), fields lat/lon" in result.stderr
    assert "places.csv row 4 (c), field precision" in result.stderr
