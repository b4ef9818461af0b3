"""Leaflet served from a locally installed package, never from a CDN.

The files come from the XStatic package ``xstatic-leaflet``, installed with the
project; nothing on the map needs jQuery (folium's one use of it, a synchronous
request for a linked layer's data, is replaced in `geo.map.loader`). `install_vendor_assets` copies
them into the app's ``static/vendor/`` folder (ignored by git), which Streamlit
serves at ``/app/static/`` when ``server.enableStaticServing`` is on; a copy is
needed because Streamlit refuses symlinks that leave the static folder.
`use_local_assets` points a folium map at those copies instead of folium's
default CDN links.

`publish_json` puts a map layer's GeoJSON in the same static folder, under a
name made from its content, so the page links to it instead of carrying it:
the browser fetches it once per version and the script Streamlit re-sends on
every rerun stays small.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import folium
import xstatic.pkg.leaflet as xs_leaflet

__all__ = [
    "STATIC_URL",
    "install_vendor_assets",
    "local_asset_links",
    "prune_published",
    "publish_json",
    "publish_layers",
    "use_local_assets",
]

STATIC_URL = "/app/static/vendor"
DATA_URL = "/app/static/data"
# Published versions of a layer unused (not written nor touched) for this long are removed;
# a version in use is touched when it is older than _TOUCH_AFTER_S.
PRUNE_AFTER_S = 24 * 3600
_TOUCH_AFTER_S = 3600
# the permissions of a written file before the umask (those of an ordinary open(…, "w"))
_FILE_MODE = 0o666

# (path under static/vendor, source file or folder)
_VENDOR = (
    ("leaflet/leaflet.js", Path(xs_leaflet.BASE_DIR) / "leaflet.js"),
    ("leaflet/leaflet.css", Path(xs_leaflet.BASE_DIR) / "leaflet.css"),
    ("leaflet/images", Path(xs_leaflet.BASE_DIR) / "images"),
)


def install_vendor_assets(static_dir: Path, *, extra: Iterable[tuple[str, Path]] = ()) -> Path:
    """Copy Leaflet into ``static_dir/vendor`` unless already there.

    Parameters
    ----------
    static_dir
        The app's static folder (``static/`` next to ``app.py``).
    extra
        More ``(path under vendor/, source file or folder)`` to copy the same way
        (the benchmark's naive baseline adds the jQuery its popups need).

    Returns
    -------
    Path
        The vendor folder.

    Each file is copied through a temporary file and renamed, so that several app processes
    sharing one static folder (``sh atlas.sh serve N``) can install at once, and a browser
    never gets half a file.
    """
    vendor = static_dir / "vendor"
    for relative, source in (*_VENDOR, *extra):
        for file, copy in _files(source, vendor / relative):
            if not copy.is_file() or copy.stat().st_size != file.stat().st_size:
                copy.parent.mkdir(parents=True, exist_ok=True)
                _write_atomically(copy, file.read_bytes())
    return vendor


def _files(source: Path, target: Path) -> Iterator[tuple[Path, Path]]:
    """``(file, its copy)`` for a file, or for every file in a folder, copied to ``target``."""
    if not source.is_dir():
        yield source, target
        return
    for file in sorted(source.rglob("*")):
        if file.is_file():
            yield file, target / file.relative_to(source)


def local_asset_links(base_url: str = STATIC_URL) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Folium-style ``(name, url)`` lists of the JavaScript and CSS a map needs."""
    js = [
        ("leaflet", f"{base_url}/leaflet/leaflet.js"),
    ]
    css = [("leaflet_css", f"{base_url}/leaflet/leaflet.css")]
    return js, css


def use_local_assets(m: folium.Map, *, base_url: str = STATIC_URL) -> folium.Map:
    """Make ``m`` load Leaflet from ``base_url`` and nothing else.

    jQuery, Bootstrap, Font Awesome and the awesome-markers plugin that folium
    loads by default are not used by the atlas, so they are dropped rather than
    served (each would be one more script the map waits for).
    """
    js, css = local_asset_links(base_url)
    m.default_js = js
    m.default_css = css
    return m


def publish_json(static_dir: Path, name: str, data: Any, *, base_url: str = DATA_URL) -> str:
    """Write ``data`` as ``static_dir/data/<name>-<hash>.json``; return its URL.

    The name carries a hash of the content, so a changed layer gets a new URL
    (no stale copy in a browser cache) and an unchanged one is written once.

    Parameters
    ----------
    static_dir
        The app's static folder (``static/`` next to ``app.py``).
    name
        A plain file-name stem: letters, digits, ``-`` and ``_``.
    data
        Anything `json.dumps` accepts.
    """
    if not name or not all(c.isalnum() or c in "-_" for c in name):
        raise ValueError(f"'name' must be letters, digits, '-' or '_', got {name!r}")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    target = static_dir / "data" / f"{name}-{digest}.json"
    if not _still_there(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, text.encode("utf-8"))
        prune_published(target.parent, name, keep=target.name)
    return f"{base_url}/{target.name}"


def _still_there(target: Path) -> bool:
    """True if ``target`` exists; one not written for an hour is touched, so that a version in
    use is never pruned as old (by this process or another one serving the same folder), and
    one written private by an earlier release (0600) is made readable."""
    try:
        status = target.stat()
        if time.time() - status.st_mtime > _TOUCH_AFTER_S:
            os.utime(target)
        if status.st_mode & 0o777 != _FILE_MODE & ~_umask():
            os.chmod(target, _FILE_MODE & ~_umask())
    except FileNotFoundError:  # never written, or pruned just now
        return False
    return True


def _write_atomically(target: Path, content: bytes) -> None:
    """Write through a temporary file unique to this write (sessions run in threads of one
    process, and several processes may share the folder), then rename: a reader never sees
    half a file, and two writers of the same content both succeed."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        # mkstemp makes the file private (0600): give it the permissions an ordinary write
        # would, so that a web server running as another user (nginx's workers) can serve it
        os.chmod(temporary, _FILE_MODE & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@functools.cache
def _umask() -> int:
    """The process's umask, read without changing it (``os.umask`` sets it, for every thread)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def prune_published(folder: Path, name: str, *, keep: str, older_than: float = PRUNE_AFTER_S) -> int:
    """Remove earlier versions of a published layer (``<name>-<hash>.json``) not written for
    ``older_than`` seconds, so the folder does not grow with every set of statuses ever
    shown. A page opened before then may still fetch the newest ones.

    Returns
    -------
    int
        How many files were removed.
    """
    cutoff = time.time() - older_than
    removed = 0
    for path in folder.glob(f"{name}-*.json"):
        stem = path.name[len(name) + 1 : -len(".json")]
        if path.name == keep or len(stem) != 16 or not all(c in "0123456789abcdef" for c in stem):
            continue  # another layer whose name starts the same, or not ours
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # pruned by another session at the same moment
            continue
    return removed


def publish_layers(static_dir: Path, layers: Mapping[str, Any], *, prefix: str) -> dict[str, str]:
    """`publish_json` for each layer; URL by layer key (files named ``<prefix>-<key>``).

    Every layer, small ones too: embedded GeoJSON costs Python on each rerun
    (branca compiles every rendered script as a template), while a linked file
    costs the browser one request per visit.
    """
    return {key: publish_json(static_dir, f"{prefix}-{key}", data) for key, data in layers.items()}
