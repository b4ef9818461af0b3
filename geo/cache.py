"""A columnar copy of loaded tables on disk, keyed by what they were made from.

Reading and checking a large export (a million events) takes most of a minute; reading
the same tables back from Parquet takes a second or two. `geo.load.load_dataset` keeps
its result here, under a key made from the content of every data file and the version of
the code that read them (`content_key`), so an edit of any file, or of the reading code,
is a new key and the old copy is never used for it.

A copy is never trusted as found: each entry is a folder holding one Parquet file per
table and a ``manifest.json`` that names the key and each file's SHA-256. An entry whose
manifest is missing, unreadable or written for another key, or any of whose files is
missing, truncated or altered, is a miss, and is replaced. Entries are written into a
temporary folder and renamed into place, so a reader never sees half an entry and two
processes starting at once cannot mix theirs (the second rename fails; its entry is
dropped). The folder is ``$KGTJ_CACHE_DIR``, else ``$XDG_CACHE_HOME/kgtj-atlas``, else
``~/.cache/kgtj-atlas``: never the data folder, which may be read-only.
``KGTJ_CACHE_DIR=off`` turns the cache off.

Column values come back as the loader made them (str, `datetime.date`, int, float,
bool, tuples of ids, None, shapely geometries), with equal values held once rather than
copied: a million events repeat the same dates, types and place ids.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import shapely

from geo.errors import Problem
from geo.i18n import Message

__all__ = [
    "CACHE_ENV", "FORMAT", "Snapshot", "cache_root", "content_key", "read_snapshot", "write_snapshot",
]

log = logging.getLogger(__name__)

CACHE_ENV = "KGTJ_CACHE_DIR"
# Bumped when the layout of an entry changes; part of every key.
FORMAT = "kgtj-cache-1"
MANIFEST = "manifest.json"
PROBLEMS = "_problems"
# Entries kept: the most recently used ones (the synthetic million events make a 14 MB entry).
KEEP_ENTRIES = 8
# A temporary folder older than this was left by a process that died while writing.
STALE_SECONDS = 3600
_CHUNK = 1 << 20
# Joins a tuple's ids into one string on reading (ids hold no control characters; a tuple
# holding this character is not cached, see _kind).
_SEPARATOR = "\x1f"


@dataclass(frozen=True)
class Snapshot:
    """What an entry holds: named tables, the problems found making them, and JSON extras.

    Attributes
    ----------
    frames
        Tables by name; a `geopandas.GeoDataFrame` keeps its geometry column and CRS.
    problems
        Every problem found while making them, in order.
    extra
        Anything else the maker needs back, as JSON-compatible values.
    """

    frames: Mapping[str, pd.DataFrame]
    problems: tuple[Problem, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)


class _Unsupported(ValueError):
    """A column holds values this format does not store exactly; the snapshot is not cached."""


def cache_root(environ: Mapping[str, str] | None = None) -> Path | None:
    """The cache folder: ``$KGTJ_CACHE_DIR``, ``$XDG_CACHE_HOME/kgtj-atlas`` or
    ``~/.cache/kgtj-atlas``; None when ``KGTJ_CACHE_DIR`` is ``off``."""
    env = os.environ if environ is None else environ
    chosen = env.get(CACHE_ENV, "").strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = env.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "kgtj-atlas"


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except FileNotFoundError:
        return "missing"
    except OSError as exc:  # unreadable: the loader reports it; the key only needs to differ
        return f"unreadable:{exc.errno}"
    return digest.hexdigest()


def content_key(files: Iterable[Path], *, code: Iterable[Path] = (), salt: str = "") -> str:
    """A key naming the content of ``files`` (by name and SHA-256) and of the source ``code``.

    Parameters
    ----------
    files
        The data files read; a missing file counts as such, so adding it changes the key.
    code
        Source files of the code that reads them: an edit of the reader is a new key.
    salt
        Anything else the result depends on (library versions).

    Returns
    -------
    str
        A hex SHA-256 digest.
    """
    digest = hashlib.sha256(f"{FORMAT}\n{salt}\n".encode())
    for path in code:
        digest.update(f"code {path.name} {_file_digest(path)}\n".encode())
    for path in files:
        digest.update(f"data {path.name} {_file_digest(path)}\n".encode())
    return digest.hexdigest()


# ---------------------------------------------------------------- columns to Arrow and back

def _values_kind(values: Sequence[Any]) -> str:
    types = {type(v) for v in values if v is not None}
    if not types:
        return "null"
    if len(types) > 1:
        raise _Unsupported(f"mixed value types {sorted(t.__name__ for t in types)}")
    kind = _KINDS.get(types.pop())
    if kind is None:
        raise _Unsupported(f"values of type {type(next(v for v in values if v is not None)).__name__}")
    if kind == "ids":
        for value in values:
            if value is not None and not all(type(i) is str and i and _SEPARATOR not in i for i in value):
                raise _Unsupported("a tuple that is not of non-empty ids")
    return kind


_KINDS: Mapping[type, str] = {
    str: "str", dt.date: "date", int: "int", float: "float", bool: "bool", tuple: "ids",
}
_ARROW_TYPES: Mapping[str, pa.DataType] = {
    "str": pa.string(), "date": pa.date32(), "int": pa.int64(), "float": pa.float64(),
    "bool": pa.bool_(), "ids": pa.list_(pa.string()), "null": pa.null(),
}


def _to_arrow(series: pd.Series) -> tuple[pa.Array, str]:
    if isinstance(series.dtype, gpd.array.GeometryDtype):
        return pa.array(shapely.to_wkb(np.asarray(series.array, dtype=object)), pa.binary()), "geometry"
    if isinstance(series.dtype, np.dtype) and series.dtype.kind in "biuf":
        return pa.array(series.to_numpy()), f"numpy:{series.dtype.str}"
    if series.dtype != object:
        raise _Unsupported(f"a column of {series.dtype}")
    values = series.to_list()
    kind = _values_kind(values)
    if kind == "int" and any(not -(2**63) <= v < 2**63 for v in values if v is not None):
        raise _Unsupported("an integer beyond 64 bits")
    return pa.array(values, _ARROW_TYPES[kind]), kind


def _deduplicated(array: pa.Array, convert: Callable[[pa.Array], np.ndarray] | None = None) -> np.ndarray:
    """The column as Python objects, one object per distinct value (None for nulls)."""
    encoded = array.dictionary_encode()
    distinct = np.empty(len(encoded.dictionary) + 1, dtype=object)  # the last one stays None
    distinct[:-1] = (convert or _numpy_objects)(encoded.dictionary)
    codes = encoded.indices.fill_null(len(encoded.dictionary)).to_numpy(zero_copy_only=False)
    objects: np.ndarray = distinct[codes]
    return objects


def _numpy_objects(values: pa.Array) -> np.ndarray:
    # Arrow makes the Python objects itself (str, int, float, bool): no loop here
    objects: np.ndarray = values.to_numpy(zero_copy_only=False).astype(object)
    return objects


def _python_objects(values: pa.Array) -> np.ndarray:
    objects = np.empty(len(values), dtype=object)
    for position, value in enumerate(values.to_pylist()):
        objects[position] = value  # one by one: numpy would unpack tuples into a second axis
    return objects


def _tuples(texts: pa.Array) -> np.ndarray:
    objects = np.empty(len(texts), dtype=object)
    for position, text in enumerate(texts.to_pylist()):
        objects[position] = tuple(text.split(_SEPARATOR)) if text else ()
    return objects


def _objects(array: pa.Array, kind: str) -> np.ndarray:
    if kind == "null":
        return np.full(len(array), None, dtype=object)
    if kind == "ids":
        return _deduplicated(pc.binary_join(array, _SEPARATOR), _tuples)
    if kind == "date":  # datetime.date objects (Arrow's numpy form is datetime64)
        return _deduplicated(array, _python_objects)
    return _deduplicated(array)


def _frame_table(frame: pd.DataFrame) -> pa.Table:
    if not isinstance(frame.index, pd.RangeIndex) and frame.index.dtype != np.int64:
        raise _Unsupported(f"an index of {frame.index.dtype}")
    arrays, fields = [pa.array(frame.index.to_numpy(dtype=np.int64))], [pa.field("__index__", pa.int64())]
    for name in frame.columns:
        if not isinstance(name, str) or name == "__index__":
            raise _Unsupported(f"column name {name!r}")
        array, kind = _to_arrow(frame[name])
        arrays.append(array)
        fields.append(pa.field(name, array.type, metadata={"kind": kind}))
    meta = {"geometry": frame.geometry.name, "crs": frame.crs.to_string() if frame.crs else ""} if (
        isinstance(frame, gpd.GeoDataFrame)) else {}
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata={"frame": json.dumps(meta)}))


def _table_frame(table: pa.Table) -> pd.DataFrame:
    index: pd.Index = pd.Index(table.column("__index__").to_numpy(), dtype=np.int64)
    if np.array_equal(index.to_numpy(), np.arange(len(index))):
        index = pd.RangeIndex(len(index))
    columns: dict[str, pd.Series] = {}
    for column_field, column in zip(table.schema, table.columns, strict=True):
        if column_field.name == "__index__":
            continue
        kind = (column_field.metadata or {}).get(b"kind", b"").decode()
        array = column.combine_chunks()
        if kind == "geometry":
            values = shapely.from_wkb(array.to_numpy(zero_copy_only=False))
            columns[column_field.name] = gpd.GeoSeries(values, index=index)
        elif kind.startswith("numpy:"):
            values = array.to_numpy(zero_copy_only=False).astype(np.dtype(kind.removeprefix("numpy:")))
            columns[column_field.name] = pd.Series(values, index=index)
        elif kind in _ARROW_TYPES:
            # dtype=object as the loader makes it (pandas would infer a string dtype)
            columns[column_field.name] = pd.Series(_objects(array, kind), index=index, dtype=object)
        else:
            raise ValueError(f"column {column_field.name!r} has an unknown kind {kind!r}")
    frame = pd.DataFrame(columns, index=index)
    meta = json.loads((table.schema.metadata or {}).get(b"frame", b"{}"))
    if meta:
        return gpd.GeoDataFrame(frame, geometry=meta["geometry"], crs=meta["crs"] or None)
    return frame


def _problems_table(problems: Sequence[Problem]) -> pa.Table:
    return pa.table({
        "file": pa.array([p.file for p in problems], pa.string()),
        "row": pa.array([p.row for p in problems], pa.int64()),
        "field": pa.array([p.field for p in problems], pa.string()),
        "message": pa.array([p.message for p in problems], pa.string()),
        # a catalog message keeps its template and values, to be shown in the reader's language
        "template": pa.array([p.message.template if isinstance(p.message, Message) else None
                              for p in problems], pa.string()),
        "values": pa.array([json.dumps(p.message.values, default=str) if isinstance(p.message, Message)
                            else None for p in problems], pa.string()),
    })


def _table_problems(table: pa.Table) -> tuple[Problem, ...]:
    names = ("file", "row", "field", "message", "template", "values")
    columns = [table.column(n).to_pylist() for n in names]
    problems = []
    for file, row, column, message, template, values in zip(*columns, strict=True):
        kept = Message(template, **json.loads(values)) if template is not None else message
        problems.append(Problem(file, row, column, kept if kept == message else message))
    return tuple(problems)


# ---------------------------------------------------------------- entries

def _entry(root: Path, key: str) -> Path:
    return root / f"entry-{key}"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_name(index: int) -> str:
    return f"table-{index:02d}.parquet"


def read_snapshot(root: Path, key: str) -> Snapshot | None:
    """The snapshot stored for ``key`` under ``root``; None when there is none or it cannot be
    trusted (a damaged entry is removed, so the next write replaces it).

    Every file is checked against its SHA-256 in the manifest before it is read, and the
    manifest must name ``key``: a truncated, altered or misplaced entry is never used.
    """
    folder = _entry(root, key)
    if not folder.is_dir():
        return None
    try:
        snapshot = _read_entry(folder, key)
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException) as exc:
        log.warning("cache entry %s cannot be used (%s); it is rebuilt", folder, exc)
        _discard(folder)
        return None
    with contextlib.suppress(OSError):  # a read-only cache still serves
        os.utime(folder / MANIFEST)  # recently used: kept by _prune
    return snapshot


def _read_entry(folder: Path, key: str) -> Snapshot:
    manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    if not isinstance(manifest, dict) or manifest.get("key") != key or manifest.get("format") != FORMAT:
        raise ValueError("the manifest names another key or format")
    frames: dict[str, pd.DataFrame] = {}
    problems: tuple[Problem, ...] = ()
    for name, entry in manifest["tables"].items():
        data = (folder / entry["file"]).read_bytes()
        if len(data) != entry["bytes"] or _sha256(data) != entry["sha256"]:
            raise ValueError(f"{entry['file']} does not match its checksum")
        # no thread pool: its threads can outlive the interpreter and abort it at exit
        # (apache/arrow#34314); the tables are read in well under a second without it
        table = pq.read_table(pa.BufferReader(data), use_threads=False)
        if table.num_rows != entry["rows"]:
            raise ValueError(f"{entry['file']} holds {table.num_rows} rows, not {entry['rows']}")
        if name == PROBLEMS:
            problems = _table_problems(table)
        else:
            frames[name] = _table_frame(table)
    extra = manifest["extra"]
    if not isinstance(extra, dict):
        raise TypeError("the manifest's extra is not an object")
    return Snapshot(frames, problems, extra)


def write_snapshot(root: Path, key: str, snapshot: Snapshot, *, replace: bool = False) -> bool:
    """Store ``snapshot`` for ``key`` under ``root``, atomically; whether it was stored.

    An entry already there for ``key`` (another process wrote it first) is kept and
    this one dropped, unless ``replace`` (the entry there was found unusable).
    Nothing is raised: an unwritable folder, a full disk or a column this format cannot
    hold exactly leaves the cache as it was (the caller has its data already).
    """
    temporary = root / f"tmp-{uuid.uuid4().hex}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        temporary.mkdir()
        tables: dict[str, Any] = {}
        named = [*snapshot.frames.items(), (PROBLEMS, None)]
        for index, (name, frame) in enumerate(named):
            table = _problems_table(snapshot.problems) if frame is None else _frame_table(frame)
            sink = pa.BufferOutputStream()
            pq.write_table(table, sink, compression="zstd")
            data = sink.getvalue().to_pybytes()
            (temporary / _file_name(index)).write_bytes(data)
            tables[name] = {"file": _file_name(index), "bytes": len(data), "sha256": _sha256(data),
                            "rows": table.num_rows}
        manifest = {"format": FORMAT, "key": key, "tables": tables, "extra": dict(snapshot.extra)}
        (temporary / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
        target = _entry(root, key)
        if replace:
            _discard(target)
        os.rename(temporary, target)  # fails if another process got there first: theirs stays
    except (OSError, _Unsupported, pa.ArrowException, TypeError) as exc:
        log.info("dataset not cached in %s: %s", root, exc)
        shutil.rmtree(temporary, ignore_errors=True)
        return False
    _prune(root)
    return True


def _discard(folder: Path) -> None:
    """Remove an entry: renamed away first, so no reader finds it half deleted."""
    trash = folder.with_name(f"tmp-{uuid.uuid4().hex}")
    try:
        os.rename(folder, trash)
    except OSError:
        return  # gone already (another process), or a read-only cache: nothing to do
    shutil.rmtree(trash, ignore_errors=True)


def _prune(root: Path) -> None:
    """Keep the `KEEP_ENTRIES` most recently used entries; drop temporary folders left behind."""
    now = time.time()
    entries = []
    for path in root.iterdir():
        try:
            if path.name.startswith("tmp-") and now - path.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(path, ignore_errors=True)
            elif path.name.startswith("entry-"):
                manifest = path / MANIFEST
                entries.append((manifest.stat().st_mtime if manifest.exists() else 0.0, path))
        except OSError:
            continue
    for _, path in sorted(entries, reverse=True)[KEEP_ENTRIES:]:
        _discard(path)
