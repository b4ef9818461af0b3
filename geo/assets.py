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

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Mapping
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
# Published versions of a layer unused (not rewritten) for this long are removed.
PRUNE_AFTER_S = 24 * 3600

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
    """
    vendor = static_dir / "vendor"
    for relative, source in (*_VENDOR, *extra):
        target = vendor / relative
        if source.is_dir():
            if not target.is_dir():
                shutil.copytree(source, target)
        elif not target.is_file() or target.stat().st_size != source.stat().st_size:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return vendor


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
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, text)
        prune_published(target.parent, name, keep=target.name)
    return f"{base_url}/{target.name}"


def _write_atomically(target: Path, text: str) -> None:
    """Write through a temporary file unique to this write (sessions run in threads of one
    process, so a per-process name is common to all), then rename: a reader never sees half a
    file, and two writers of the same content both succeed."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
