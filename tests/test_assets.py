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
