"""Published layer files: unique temporary names under concurrency, old versions pruned."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from geo.assets import prune_published, publish_json


def test_concurrent_publishing_never_fails(tmp_path: Path) -> None:
    # 8 threads x 30 new files, each written by two threads at once (the race of issue 17)
    def publish(i: int) -> str:
        return publish_json(tmp_path, f"layer{i % 30}", {"value": i % 30})

    with ThreadPoolExecutor(max_workers=8) as pool:
        urls = list(pool.map(publish, range(240)))
    folder = tmp_path / "data"
    assert len(set(urls)) == 30
    assert sorted(p.name for p in folder.iterdir()) == sorted({u.rsplit("/", 1)[1] for u in urls})


def test_old_versions_are_pruned_and_others_kept(tmp_path: Path) -> None:
    old = publish_json(tmp_path, "status", {"v": 1}).rsplit("/", 1)[1]
    other = publish_json(tmp_path, "status-extra", {"v": 1}).rsplit("/", 1)[1]
    folder = tmp_path / "data"
    day_ago = time.time() - 2 * 24 * 3600
    for name in (old, other):
        os.utime(folder / name, (day_ago, day_ago))
    new = publish_json(tmp_path, "status", {"v": 2}).rsplit("/", 1)[1]
    assert sorted(p.name for p in folder.iterdir()) == sorted([new, other])
    assert prune_published(folder, "status", keep=new) == 0


def _publish_and_install(static_dir: str) -> list[str]:
    """One app process's start: Leaflet installed and the same layers published."""
    from geo.assets import install_vendor_assets

    install_vendor_assets(Path(static_dir))
    return [publish_json(Path(static_dir), f"layer{i}", {"value": i, "pad": "x" * 50_000}) for i in range(20)]


def test_processes_sharing_one_static_folder_never_fail(tmp_path: Path, spawn_safe: None) -> None:
    # `sh atlas.sh serve N`: N processes start at once on one static/ folder
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.map(_publish_and_install, [str(tmp_path)] * 8)
    assert all(urls == results[0] for urls in results)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert not [p for p in files if p.name.endswith(".part")]  # no temporary file left behind
    import xstatic.pkg.leaflet as xs_leaflet

    leaflet = tmp_path / "vendor" / "leaflet" / "leaflet.js"
    assert leaflet.read_bytes() == (Path(xs_leaflet.BASE_DIR) / "leaflet.js").read_bytes()
    assert (tmp_path / "vendor" / "leaflet" / "images" / "marker-icon.png").is_file()
    # readable by a web server running as another user (nginx's workers)
    assert all(p.stat().st_mode & 0o044 == 0o044 for p in files), [oct(p.stat().st_mode) for p in files]


def test_a_version_in_use_is_touched_and_never_pruned(tmp_path: Path) -> None:
    in_use = publish_json(tmp_path, "status", {"v": 1}).rsplit("/", 1)[1]
    folder = tmp_path / "data"
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(folder / in_use, (two_days_ago, two_days_ago))
    publish_json(tmp_path, "status", {"v": 1})  # still shown by some page: touched
    assert (folder / in_use).stat().st_mtime > time.time() - 60
    publish_json(tmp_path, "status", {"v": 2})  # another version, e.g. by another process
    assert (folder / in_use).is_file()


def test_a_private_file_of_an_earlier_release_is_made_readable(tmp_path: Path) -> None:
    name = publish_json(tmp_path, "status", {"v": 1}).rsplit("/", 1)[1]
    (tmp_path / "data" / name).chmod(0o600)  # as written before files were made readable
    publish_json(tmp_path, "status", {"v": 1})
    assert (tmp_path / "data" / name).stat().st_mode & 0o044 == 0o044
