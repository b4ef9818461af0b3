"""The dataset cache: a hit gives exactly what reading the files gives, any edit is a miss,
and a damaged, misplaced or half-written entry is rebuilt, never trusted."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import fields
from pathlib import Path

import pandas as pd
import pytest

import geo.cache
import geo.load
from geo.cache import MANIFEST, Snapshot, cache_root, read_snapshot, write_snapshot
from geo.load import Dataset, dataset_key, load_dataset

TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("KGTJ_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A copy of the tiny dataset with problems: a bad date order, an unknown type and an
    unreadable file."""
    folder = tmp_path / "broken"
    shutil.copytree(TINY, folder)
    events = folder / "events.csv"
    text = events.read_text("utf-8")
    events.write_text(text.replace("e2,2022-09-14,2022-09-14", "e2,2022-09-14,2022-09-13")
                      .replace(",shelling,", ",bombing,", 1), "utf-8")
    (folder / "water.geojson").write_text("not json", "utf-8")
    return folder


def assert_same(found: Dataset, expected: Dataset) -> None:
    """Every frame equal, value types included, and the same problems."""
    for item in fields(Dataset):
        got, wanted = getattr(found, item.name), getattr(expected, item.name)
        if not isinstance(wanted, pd.DataFrame):
            assert got == wanted, item.name
            continue
        assert type(got) is type(wanted), item.name
        pd.testing.assert_frame_equal(got, wanted, check_exact=True, obj=item.name)
        assert getattr(got, "crs", None) == getattr(wanted, "crs", None), item.name
        for column in (c for c in wanted.columns if wanted[c].dtype == object):
            assert list(map(type, got[column])) == list(map(type, wanted[column])), (item.name, column)


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(data_dir: Path) -> Dataset:
        raise AssertionError(f"{data_dir} was read from its files, not from the cache")

    monkeypatch.setattr(geo.load, "_read_dataset", fail)


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.iterdir() if p.name.startswith("entry-"))


@pytest.mark.parametrize("folder", ["tiny", "broken"])
def test_a_hit_gives_what_reading_the_files_gives(cache_dir, broken, monkeypatch, folder) -> None:
    data = TINY if folder == "tiny" else broken
    expected = load_dataset(data, cache=False)
    first = load_dataset(data)
    assert len(_entries(cache_dir)) == 1
    _no_reading(monkeypatch)
    assert_same(load_dataset(data), expected)
    assert_same(first, expected)


def test_problems_are_reported_the_first_time_and_the_same_from_the_cache(cache_dir, broken) -> None:
    first = load_dataset(broken)
    messages = [str(p) for p in first.problems]
    assert any(m.startswith("events.csv:3:date_end: 2022-09-13 is before date_start") for m in messages)
    assert any(m.startswith("events.csv:") and ":event_type: expected one of" in m for m in messages)
    assert any(m.startswith("water.geojson") for m in messages)
    again = load_dataset(broken)
    assert again.problems == first.problems
    assert (again.rejected, again.unreadable) == (first.rejected, first.unreadable)
    assert again.unreadable == ("water.geojson",)


def test_strict_raises_with_the_cached_problems(cache_dir, broken) -> None:
    load_dataset(broken)
    with pytest.raises(geo.load.DataError, match=r"problems in the data:\nevents.csv"):
        load_dataset(broken, strict=True)


@pytest.mark.parametrize(
    ("file_name", "old", "new"),
    [
        ("events.csv", "Shelling of Beta", "Shelling of Beta village"),
        ("claims.csv", ",3,5,about", ",3,6,about"),
        ("places.geojson", '"Alpha"', '"Alpha town"'),
    ],
)
def test_an_edit_of_any_data_file_is_a_miss(cache_dir, tiny_copy, file_name, old, new) -> None:
    load_dataset(tiny_copy)
    path = tiny_copy / file_name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    assert_same(load_dataset(tiny_copy), load_dataset(tiny_copy, cache=False))
    assert len(_entries(cache_dir)) == 2


def test_a_removed_file_is_a_miss(cache_dir, tiny_copy) -> None:
    load_dataset(tiny_copy)
    (tiny_copy / "statistics.csv").unlink()
    found = load_dataset(tiny_copy)
    assert found.unreadable == ("statistics.csv",)
    assert "statistics.csv: file not found" in str(found.problems[0])


def test_a_new_version_of_the_reading_code_is_a_miss(cache_dir, monkeypatch) -> None:
    before = dataset_key(TINY)
    code, versions = geo.load._code_salt()
    monkeypatch.setattr(geo.load, "_code_salt", lambda: (code, versions + " pandas 99"))
    assert dataset_key(TINY) != before


def _entry_file(cache: Path, index: int = 0) -> Path:
    (entry,) = _entries(cache)
    return entry / f"table-{index:02d}.parquet"


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


DAMAGE = {
    "truncated table": lambda cache: _truncate(_entry_file(cache)),
    "flipped byte in a table": lambda cache: _flip(_entry_file(cache)),
    "flipped byte in the problems": lambda cache: _flip(_entry_file(cache, 12)),
    "table removed": lambda cache: _entry_file(cache, 3).unlink(),
    "empty table": lambda cache: _entry_file(cache).write_bytes(b""),
    "manifest truncated": lambda cache: _truncate(_entries(cache)[0] / MANIFEST),
    "manifest removed": lambda cache: (_entries(cache)[0] / MANIFEST).unlink(),
    "manifest not an object": lambda cache: (_entries(cache)[0] / MANIFEST).write_text("[]"),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_entry_is_rebuilt_never_trusted(cache_dir, broken, damage) -> None:
    expected = load_dataset(broken, cache=False)
    load_dataset(broken)
    DAMAGE[damage](cache_dir)
    assert read_snapshot(cache_dir, dataset_key(broken)) is None
    assert_same(load_dataset(broken), expected)
    # rebuilt: the next start reads the new entry
    assert read_snapshot(cache_dir, dataset_key(broken)) is not None


def test_an_entry_made_for_other_files_is_not_used(cache_dir, broken, monkeypatch) -> None:
    """An entry holding another dataset, put where this dataset's key points (its checksums
    all good), is refused: its manifest names the other key."""
    load_dataset(TINY)
    (tiny_entry,) = _entries(cache_dir)
    wrong = cache_dir / f"entry-{dataset_key(broken)}"
    shutil.copytree(tiny_entry, wrong)
    assert read_snapshot(cache_dir, dataset_key(broken)) is None
    found = load_dataset(broken)
    assert found.problems and found.problems == load_dataset(broken, cache=False).problems


def test_an_entry_that_is_no_dataset_is_replaced(cache_dir, monkeypatch) -> None:
    key = dataset_key(TINY)
    expected = load_dataset(TINY, cache=False)
    assert write_snapshot(cache_dir, key, Snapshot({"other": pd.DataFrame({"a": [1]})}))
    assert_same(load_dataset(TINY), expected)
    _no_reading(monkeypatch)
    assert_same(load_dataset(TINY), expected)
    snapshot = read_snapshot(cache_dir, key)
    assert snapshot is not None and "events" in snapshot.frames


def test_a_half_written_entry_is_never_read(cache_dir) -> None:
    """A writer that died leaves a temporary folder, which no reader looks at."""
    load_dataset(TINY)
    (entry,) = _entries(cache_dir)
    shutil.copytree(entry, cache_dir / "tmp-died-while-writing")
    _truncate(cache_dir / "tmp-died-while-writing" / "table-00.parquet")
    shutil.rmtree(entry)
    assert_same(load_dataset(TINY), load_dataset(TINY, cache=False))
    assert len(_entries(cache_dir)) == 1


def test_the_first_of_two_writers_wins_and_the_entry_stays_whole(cache_dir) -> None:
    key = dataset_key(TINY)
    first = Snapshot({"t": pd.DataFrame({"a": [1, 2]})}, extra={"writer": 1})
    second = Snapshot({"t": pd.DataFrame({"a": [3]})}, extra={"writer": 2})
    assert write_snapshot(cache_dir, key, first)
    assert not write_snapshot(cache_dir, key, second)
    found = read_snapshot(cache_dir, key)
    assert found is not None and found.extra == {"writer": 1}
    assert [p.name for p in cache_dir.iterdir()] == [f"entry-{key}"]


def _load_in_another_process(data_dir: str) -> list[str]:
    return [str(p) for p in load_dataset(data_dir).problems] + [str(len(load_dataset(data_dir).events))]


def test_two_processes_starting_at_once_both_load_and_leave_one_good_entry(cache_dir, broken, spawn_safe) -> None:
    expected = [str(p) for p in load_dataset(broken, cache=False).problems]
    expected.append(str(len(load_dataset(broken, cache=False).events)))
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_load_in_another_process, [str(broken)] * 4))
    assert results == [expected] * 4
    assert len(_entries(cache_dir)) == 1
    assert read_snapshot(cache_dir, dataset_key(broken)) is not None


def test_a_read_only_data_folder_is_cached_elsewhere(cache_dir, tiny_copy) -> None:
    before = sorted(p.name for p in tiny_copy.iterdir())
    for path in tiny_copy.iterdir():
        path.chmod(0o444)
    tiny_copy.chmod(0o555)
    try:
        assert_same(load_dataset(tiny_copy), load_dataset(tiny_copy, cache=False))
        assert sorted(p.name for p in tiny_copy.iterdir()) == before
    finally:
        tiny_copy.chmod(0o755)
    assert len(_entries(cache_dir)) == 1


def test_a_cache_that_cannot_be_written_still_loads(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KGTJ_CACHE_DIR", str(blocker / "cache"))
    assert_same(load_dataset(TINY), load_dataset(TINY, cache=False))


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"KGTJ_CACHE_DIR": "/srv/cache", "XDG_CACHE_HOME": "/x"}, Path("/srv/cache")),
        ({"XDG_CACHE_HOME": "/x"}, Path("/x/kgtj-atlas")),
        ({"KGTJ_CACHE_DIR": " ", "XDG_CACHE_HOME": ""}, Path.home() / ".cache" / "kgtj-atlas"),
        ({"KGTJ_CACHE_DIR": "off"}, None),
        ({"KGTJ_CACHE_DIR": "OFF"}, None),
    ],
)
def test_where_the_cache_lives(environ, expected) -> None:
    assert cache_root(environ) == expected


def test_off_reads_the_files_every_time(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KGTJ_CACHE_DIR", "off")
    load_dataset(TINY)
    _no_reading(monkeypatch)
    with pytest.raises(AssertionError, match="was read from its files"):
        load_dataset(TINY)


def test_values_that_cannot_be_stored_exactly_are_not_cached(cache_dir) -> None:
    mixed = pd.DataFrame({"a": pd.Series([1, "one"], dtype=object)})
    assert not write_snapshot(cache_dir, "k" * 64, Snapshot({"t": mixed}))
    strings = pd.DataFrame({"a": pd.Series(["one"], dtype="string")})
    assert not write_snapshot(cache_dir, "k" * 64, Snapshot({"t": strings}))
    assert not cache_dir.exists() or not _entries(cache_dir)


def test_old_entries_are_pruned(cache_dir, monkeypatch) -> None:
    monkeypatch.setattr(geo.cache, "KEEP_ENTRIES", 2)
    for n in range(4):
        assert write_snapshot(cache_dir, f"{n:064d}", Snapshot({"t": pd.DataFrame({"a": [n]})}))
    assert len(_entries(cache_dir)) == 2
    assert read_snapshot(cache_dir, f"{3:064d}") is not None


def test_manifest_names_the_key(cache_dir) -> None:
    load_dataset(TINY)
    (entry,) = _entries(cache_dir)
    manifest = json.loads((entry / MANIFEST).read_text("utf-8"))
    assert manifest["key"] == dataset_key(TINY)


def test_every_kind_of_value_comes_back_as_it_was(cache_dir) -> None:
    import datetime as dt

    import geopandas as gpd
    from shapely.geometry import Point

    frame = pd.DataFrame({
        "text": ["a", None, "a"],
        "day": [dt.date(2022, 9, 14), dt.date(1991, 1, 1), None],
        "pairs": [("x", "y"), ("x", "y"), ("z", "w")],  # all of one length: not a 2-D array
        "ids": [(), ("x",), ("x", "y", "z")],
        "count": [0, None, 100_000_000],
        "km": [1.5, None, 0.0],
        "flag": [True, False, None],
        "empty": [None, None, None],
    }, dtype=object).assign(_row=[2, 3, 5])
    frame.index = [0, 1, 4]  # rows set aside leave gaps in the index
    places = gpd.GeoDataFrame({"place_id": pd.Series(["p", "q"], dtype=object),
                               "geometry": [Point(70.5, 40.0), None]}, crs="EPSG:4326")
    assert write_snapshot(cache_dir, "k" * 64, Snapshot({"t": frame, "g": places}))
    found = read_snapshot(cache_dir, "k" * 64)
    assert found is not None
    pd.testing.assert_frame_equal(found.frames["t"], frame, check_exact=True)
    assert [list(map(type, found.frames["t"][c])) for c in frame] == [list(map(type, frame[c])) for c in frame]
    assert found.frames["g"].crs == "EPSG:4326"
    pd.testing.assert_frame_equal(found.frames["g"], places)
