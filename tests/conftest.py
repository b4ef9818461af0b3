"""Shared fixtures: the shipped data, and a tiny hand-written dataset to mutate."""

from __future__ import annotations

import shutil
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.load import Dataset, load_dataset

ROOT = Path(__file__).resolve().parent.parent
TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"


def _folder_in_env(factory: pytest.TempPathFactory, name: str, variable: str) -> Iterator[Path]:
    """A new temporary folder named in ``variable`` for the session, the variable restored after."""
    folder = factory.mktemp(name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(variable, str(folder))
        yield folder


@pytest.fixture(scope="session", autouse=True)
def temporary_static(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """AppTest runs of app.py publish into a temporary folder, never the repository's
    static/ (the browser tests' server, which must serve the files, still uses it)."""
    yield from _folder_in_env(tmp_path_factory, "static", "KGTJ_STATIC_DIR")


@pytest.fixture(scope="session", autouse=True)
def temporary_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The dataset cache (geo.cache) in a temporary folder, for the tests and the apps they
    start: never the user's ~/.cache, and every run begins with an empty cache."""
    yield from _folder_in_env(tmp_path_factory, "cache", "KGTJ_CACHE_DIR")


@pytest.fixture(scope="session")
def shipped() -> Dataset:
    """The dataset in data/, as the app loads it."""
    return load_dataset(ROOT / "data")


@pytest.fixture(scope="session")
def tiny() -> Dataset:
    """The tiny fixture dataset (5 events, 4 claims, 3 places)."""
    return load_dataset(TINY)


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Path:
    """A writable copy of the tiny dataset, for tests that break it."""
    target = tmp_path / "data"
    shutil.copytree(TINY, target)
    return target


@pytest.fixture
def spawn_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty ``__main__`` for processes started with "spawn", which run the parent's again.

    After an AppTest in this process ``__main__`` is app.py (Streamlit's script runner leaves it
    there): each child would run the page, loading the shipped data into the test's cache.
    """
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
