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
    for built in sorted(tmp_path.glob("*.geojson")):
        committed = ROOT / "data" / built.name
        assert built.read_bytes() == committed.read_bytes(), f"{built.name} differs: run `make data`"


def test_app_never_reads_shared_folder() -> None:
    for path in [ROOT / "app.py", *sorted((ROOT / "geo").glob("*.py"))]:
        assert "shared" not in path.read_text("utf-8"), path
