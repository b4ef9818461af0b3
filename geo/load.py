"""Reading the data folder into a `Dataset`, reporting every problem.

Every file listed in `geo.registry` is read (`geo.reading` for CSV, `geo.geojson`
for GeoJSON), a row with any problem set aside and reported rather than silently
dropped; `load_dataset` then checks the ids and references between files (see
`geo.validate`), and keeps the result in a columnar cache (`geo.cache`) keyed by
the files' content, so the next start on the same files reads it back in a
fraction of the time, problems included.
"""

from __future__ import annotations

import logging
import platform
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from geo.cache import Snapshot, cache_root, content_key, read_snapshot, write_snapshot
from geo.errors import DataError, Problem
from geo.geojson import read_geojson_table
from geo.reading import read_csv_table
from geo.registry import DATA_FILES
from geo.table import Table
from geo.validate import check_references

__all__ = ["Dataset", "dataset_key", "load_dataset"]


@dataclass(frozen=True)
class Dataset:
    """Everything the atlas shows, loaded and cross-checked.

    Attributes
    ----------
    events, claims, sources, segment_status, statistics, enclave_facts
        Valid rows of the CSV files (``ids`` columns hold tuples).
    countries, segments, enclaves, places, admin_areas, water
        Valid features of the GeoJSON files, in EPSG:4326.
        One field per `geo.registry.DataFile` (its ``frame``), in the registry's order.
    problems
        Every problem found, in file order; empty for clean data.
    rejected
        For each file, the row (or feature) numbers that were set aside.
    unreadable
        Files that gave no rows at all because of a problem with the whole file
        (missing, not UTF-8, not JSON, a missing column …): their rows are not
        counted in ``rejected``, since they could not be told apart.
    """

    events: pd.DataFrame
    claims: pd.DataFrame
    sources: pd.DataFrame
    segment_status: pd.DataFrame
    statistics: pd.DataFrame
    enclave_facts: pd.DataFrame
    countries: gpd.GeoDataFrame
    segments: gpd.GeoDataFrame
    enclaves: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    admin_areas: gpd.GeoDataFrame
    water: gpd.GeoDataFrame
    problems: tuple[Problem, ...] = ()
    rejected: dict[str, tuple[int, ...]] = field(default_factory=dict)
    unreadable: tuple[str, ...] = ()



# The modules whose code decides what loading gives: an edit of any of them is a new cache key.
_READING_CODE = ("cache", "errors", "geojson", "load", "reading", "registry", "schema", "table", "text",
                 "validate", "vocabulary")
log = logging.getLogger(__name__)


def load_dataset(data_dir: Path | str, *, strict: bool = False, cache: bool = True) -> Dataset:
    """Load and cross-check every file of the data directory.

    Parameters
    ----------
    data_dir
        Folder holding the files listed in ``data/README.md``.
    strict
        Raise `DataError` listing every problem instead of returning a
        dataset that carries them.
    cache
        Use the columnar cache (`geo.cache`, where ``KGTJ_CACHE_DIR`` says): a
        dataset read before from files of the same content is read back from it,
        with the same problems; one read now is stored there. Any edit of a file
        makes a new key, and a damaged entry is rebuilt, never trusted.

    Returns
    -------
    Dataset
        The valid rows of every file; ``problems`` lists everything else.
    """
    data_dir = Path(data_dir)
    root = cache_root() if cache else None
    dataset = _read_dataset(data_dir) if root is None else _cached_dataset(data_dir, root)
    if strict and dataset.problems:
        raise DataError(dataset.problems)
    return dataset


def _read_dataset(data_dir: Path) -> Dataset:
    """Read and check every file (no cache)."""
    tables: dict[str, Table] = {}
    for data_file in DATA_FILES:
        read = read_geojson_table if data_file.is_geojson else read_csv_table
        tables[data_file.name] = read(data_dir / data_file.name)
    tables, reference_problems = check_references(tables)
    problems = [p for table in tables.values() for p in table.problems] + reference_problems
    return Dataset(
        **{f.frame: tables[f.name].frame for f in DATA_FILES},
        problems=tuple(problems),
        rejected={n: t.rejected_rows for n, t in tables.items() if t.rejected_rows},
        unreadable=tuple(
            n for n, t in tables.items() if t.frame.empty and not t.rejected_rows and t.problems
        ),
    )


# The Dataset fields holding a file's rows, as the registry names them.
_FRAMES = tuple(f.frame for f in DATA_FILES)


@cache
def _code_salt() -> tuple[tuple[Path, ...], str]:
    here = Path(__file__).resolve().parent
    versions = f"python {platform.python_version()} pandas {pd.__version__} pyarrow {pa.__version__} " \
               f"numpy {np.__version__} shapely {shapely.__version__} geopandas {gpd.__version__}"
    return tuple(here / f"{name}.py" for name in _READING_CODE), versions


def dataset_key(data_dir: Path) -> str:
    """The cache key of ``data_dir``: its files' content and the reading code's version."""
    code, versions = _code_salt()
    return content_key((data_dir / f.name for f in DATA_FILES), code=code, salt=versions)


def _snapshot(dataset: Dataset) -> Snapshot:
    extra = {"rejected": {n: list(rows) for n, rows in dataset.rejected.items()},
             "unreadable": list(dataset.unreadable)}
    return Snapshot({n: getattr(dataset, n) for n in _FRAMES}, dataset.problems, extra)


def _from_snapshot(snapshot: Snapshot) -> Dataset:
    rejected = snapshot.extra["rejected"]
    return Dataset(
        **{n: snapshot.frames[n] for n in _FRAMES},
        problems=snapshot.problems,
        rejected={str(n): tuple(int(r) for r in rows) for n, rows in rejected.items()},
        unreadable=tuple(str(n) for n in snapshot.extra["unreadable"]),
    )


def _cached_dataset(data_dir: Path, root: Path) -> Dataset:
    key = dataset_key(data_dir)
    found = read_snapshot(root, key)
    unusable = False
    if found is not None:
        try:
            return _from_snapshot(found)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            log.warning("cache entry for %s does not hold a dataset (%s); it is rebuilt", data_dir, exc)
            unusable = True
    dataset = _read_dataset(data_dir)
    # a file edited while it was read: the entry would hold a mix under the old key
    if dataset_key(data_dir) == key:
        write_snapshot(root, key, _snapshot(dataset), replace=unusable)
        # read back what was stored (by this process or one that got there first): a cold
        # start and this one then hold the same values, each held once, a third of the memory of the
        # parsed frames at a million events
        stored = read_snapshot(root, key)
        if stored is not None:
            return _from_snapshot(stored)
    return dataset
