"""The package's non-Python files (map CSS/JS, catalogs) are declared, so a non-editable install has them."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _declared() -> set[Path]:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    found = set()
    for package, patterns in setuptools["package-data"].items():
        assert package in setuptools["packages"], f"package-data for {package!r}, which is not a package"
        folder = ROOT / package.replace(".", "/")
        for pattern in patterns:
            found |= set(folder.glob(pattern))
    return found


def test_every_data_file_of_the_package_is_declared_as_package_data() -> None:
    shipped = {
        p for p in (ROOT / "geo").rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc", ".mo"} and "__pycache__" not in p.parts
    }
    assert shipped, "no data files found under geo/"
    assert sorted(map(str, shipped - _declared())) == []


def test_every_subpackage_of_geo_is_listed() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    packages = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "geo").rglob("__init__.py")
    }
    assert packages == set(setuptools["packages"])


@pytest.mark.parametrize(("package", "name", "text"), [
    ("geo.map", "loader.js", "window.kgtjLoad = "),
    ("geo.map", "legend.css", ".kgtj-legend {"),
])
def test_map_resources_are_read_from_the_package(package: str, name: str, text: str) -> None:
    assert text in files(package).joinpath(name).read_text("utf-8")
