"""The data files, in one table: each file's columns, geometry, id column and references.

Loading (`geo.load`) reads the files in this order and validation (`geo.validate`)
checks the ids and references listed here, so a new file is one new `DataFile`
row (and one field of `geo.load.Dataset`). Which kinds of value a column may
hold, and how a cell is parsed, is `geo.schema`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from geo.schema import Column
from geo.vocabulary import (
    ACTORS,
    AFFECTED_SIDES,
    CLAIM_STATUSES,
    CLAIMANT_SIDES,
    CLAIMANT_TYPES,
    DATE_PRECISIONS,
    EVENT_TYPES,
    METRICS,
    PLACE_PRECISIONS,
    QUALIFIERS,
    SEGMENT_STATUSES,
    TRIGGERS,
)

__all__ = ["DATA_FILES", "FILES", "REGION_BOUNDS", "WGS84", "DataFile", "Reference"]

WGS84 = "EPSG:4326"
# Everything the atlas draws lies in this box (lon 67–76, lat 38–42, as the
# reference data); a point outside it is most likely a swapped lat/lon.
REGION_BOUNDS = (67.0, 38.0, 76.0, 42.0)


@dataclass(frozen=True)
class Reference:
    """A column holding ids of another file's rows.

    ``needs``: the row means nothing without the row it names (a claim without its event,
    a status without its segment), so it is set aside too when that row was. The other
    references (an event's places and sources, a fact's enclave …) are kept when the row
    they name was set aside for its own problems: the row is shown without the missing
    details, and the set-aside row's problem says how many rows name it. An id that exists
    nowhere (a typo) always sets the row aside.
    """

    column: str
    target: str  # the file whose ids the column holds
    target_column: str = ""  # the column of that file holding them ("" for its id column)
    needs: bool = False


@dataclass(frozen=True)
class DataFile:
    """One file of the data folder.

    Parameters
    ----------
    name
        File name in the data folder (``events.csv``).
    frame
        The `geo.load.Dataset` field holding its valid rows.
    id_column
        The column naming each row, unique in the file; None for a file whose rows no
        other row names (a segment's statuses through time).
    columns
        The CSV columns or the GeoJSON features' properties.
    geometry
        For a GeoJSON file, the geometry types a feature may have; empty for a CSV file.
    must_have_rows
        A file that means nothing empty: a header-only file is a problem (without
        segment_status.csv rows every segment would silently show "unknown").
    references
        Its columns holding ids of other files' rows, checked in this order.
    """

    name: str
    frame: str
    id_column: str | None
    columns: tuple[Column, ...]
    geometry: frozenset[str] = frozenset()
    must_have_rows: bool = False
    references: tuple[Reference, ...] = ()

    @property
    def is_geojson(self) -> bool:
        return bool(self.geometry)


def _vocab(name: str, vocab: Mapping[str, Any], *, required: bool = True) -> Column:
    return Column(name, "vocab", required, vocab)


# Read and checked in this order. A file's references are checked after the files before it
# lost their bad rows, so a claim on a set-aside event is reported rather than kept dangling.
DATA_FILES: tuple[DataFile, ...] = (
    DataFile(
        "events.csv", "events", id_column="event_id",
        columns=(
            Column("event_id", "id"),
            Column("date_start", "date"),
            Column("date_end", "date"),
            _vocab("date_precision", DATE_PRECISIONS),
            _vocab("event_type", EVENT_TYPES),
            Column("title", "text"),
            Column("description", "text"),
            Column("place_ids", "ids", required=False),
            Column("segment_ids", "ids", required=False),
            Column("source_ids", "ids"),
            Column("location_note", "text", required=False),
            _vocab("trigger", TRIGGERS, required=False),
            Column("actors", "codes", required=False, vocab=ACTORS),
        ),
        must_have_rows=True,
        references=(
            Reference("place_ids", "places.geojson"),
            Reference("segment_ids", "border_segments.geojson"),
            Reference("source_ids", "sources.csv"),
        ),
    ),
    DataFile(
        "claims.csv", "claims", id_column="claim_id",
        columns=(
            Column("claim_id", "id"),
            Column("event_id", "id"),
            Column("claimant", "text"),
            _vocab("claimant_side", CLAIMANT_SIDES),
            _vocab("claimant_type", CLAIMANT_TYPES),
            _vocab("metric", METRICS),
            _vocab("affected_side", AFFECTED_SIDES),
            Column("value_low", "int"),
            Column("value_high", "int"),
            _vocab("qualifier", QUALIFIERS),
            Column("claim_date", "date", required=False),
            Column("source_id", "id"),
            Column("note", "text", required=False),
            Column("repeats", "id", required=False),
            _vocab("status", CLAIM_STATUSES, required=False),
        ),
        must_have_rows=True,
        references=(
            Reference("event_id", "events.csv", needs=True),
            Reference("source_id", "sources.csv"),
        ),
    ),
    DataFile(
        "sources.csv", "sources", id_column="source_id",
        columns=(
            Column("source_id", "id"),
            Column("title", "text"),
            Column("author", "text", required=False),
            Column("publisher", "text"),
            Column("published", "date", required=False),
            Column("url", "url", required=False),
            Column("accessed", "date", required=False),
            Column("kind", "text"),
            Column("note", "text", required=False),
        ),
        must_have_rows=True,
    ),
    DataFile(
        "segment_status.csv", "segment_status", id_column=None,  # a segment has a row per change
        columns=(
            Column("segment_id", "id"),
            _vocab("status", SEGMENT_STATUSES),
            Column("valid_from", "date"),
            Column("source_ids", "ids"),
            Column("note", "text", required=False),
        ),
        must_have_rows=True,
        references=(
            Reference("segment_id", "border_segments.geojson", needs=True),
            Reference("source_ids", "sources.csv"),
        ),
    ),
    DataFile(
        "statistics.csv", "statistics", id_column="stat_id",
        columns=(
            Column("stat_id", "id"),
            Column("statement", "text"),
            Column("value_low", "int", required=False),
            Column("value_high", "int", required=False),
            _vocab("qualifier", QUALIFIERS, required=False),
            Column("unit", "text"),
            Column("period_start", "date", required=False),
            Column("period_end", "date", required=False),
            Column("claimant", "text"),
            _vocab("claimant_side", CLAIMANT_SIDES),
            Column("source_id", "id"),
            Column("note", "text", required=False),
        ),
        references=(
            Reference("source_id", "sources.csv"),
        ),
    ),
    DataFile(
        "enclave_facts.csv", "enclave_facts", id_column="fact_id",
        columns=(
            Column("fact_id", "id"),
            Column("enclave", "text"),
            Column("fact", "text"),
            Column("value", "text"),
            Column("unit", "text", required=False),
            Column("as_of", "text", required=False),
            Column("source_id", "id"),
            Column("note", "text", required=False),
        ),
        references=(
            Reference("source_id", "sources.csv"),
            Reference("enclave", "enclaves.geojson", target_column="name"),
        ),
    ),
    DataFile(
        "countries.geojson", "countries", id_column="iso_a3",
        columns=(
            Column("iso_a3", "id"),
            Column("name", "text"),
            Column("role", "text"),
            Column("source_ids", "ids"),
        ),
        geometry=frozenset({"Polygon", "MultiPolygon"}),
        references=(
            Reference("source_ids", "sources.csv"),
        ),
    ),
    DataFile(
        "border_segments.geojson", "segments", id_column="segment_id",
        columns=(
            Column("segment_id", "id"),
            Column("name", "text"),
            Column("kg_district", "text", required=False),
            Column("tj_district", "text", required=False),
            Column("length_km", "float"),
            Column("approximate", "bool"),
            Column("source_ids", "ids"),
            Column("note", "text", required=False),
        ),
        geometry=frozenset({"LineString", "MultiLineString"}),
        references=(
            Reference("source_ids", "sources.csv"),
        ),
    ),
    DataFile(
        "enclaves.geojson", "enclaves", id_column="enclave_id",
        columns=(
            Column("enclave_id", "id"),
            Column("name", "text"),
            Column("alt_names", "text", required=False),
            Column("name_ru", "text", required=False),
            Column("name_ky", "text", required=False),
            Column("name_tg", "text", required=False),
            Column("name_uz", "text", required=False),
            Column("sovereign", "id"),
            Column("surrounded_by", "id"),
            Column("outline", "text"),
            Column("area_km2", "float"),
            Column("source_ids", "ids"),
            Column("note", "text", required=False),
        ),
        geometry=frozenset({"Polygon", "MultiPolygon"}),
        references=(
            Reference("source_ids", "sources.csv"),
        ),
    ),
    DataFile(
        "places.geojson", "places", id_column="place_id",
        columns=(
            Column("place_id", "id"),
            Column("name", "text"),
            Column("alt_names", "text", required=False),
            Column("country", "text"),
            Column("admin", "text", required=False),
            Column("kind", "text"),
            _vocab("precision", PLACE_PRECISIONS),
            Column("source_ids", "ids"),
            Column("note", "text", required=False),
            Column("geonames_id", "text", required=False),
            Column("geonames_country", "text", required=False),
            Column("area_id", "text", required=False),
            Column("osm_side", "text", required=False),
            Column("check", "text", required=False),
        ),
        geometry=frozenset({"Point"}),
        references=(
            Reference("source_ids", "sources.csv"),
        ),
    ),
    DataFile(
        "admin_areas.geojson", "admin_areas", id_column="area_id",
        columns=(
            Column("area_id", "id"),
            Column("name", "text"),
            Column("country", "text"),
            Column("level", "text"),
            Column("name_ru", "text", required=False),
            Column("name_ky", "text", required=False),
            Column("pcode", "text", required=False),
            Column("area_km2", "float", required=False),
            Column("source_ids", "ids"),
            Column("note", "text", required=False),
        ),
        geometry=frozenset({"Polygon", "MultiPolygon"}),
        references=(
            Reference("source_ids", "sources.csv"),
        ),
    ),
    DataFile(
        "water.geojson", "water", id_column="water_id",
        columns=(
            Column("water_id", "id"),
            Column("name", "text"),
            Column("kind", "text"),
            Column("source_ids", "ids"),
        ),
        geometry=frozenset({"LineString", "MultiLineString", "Polygon", "MultiPolygon"}),
        references=(
            Reference("source_ids", "sources.csv"),
        ),
    ),
)
FILES: Mapping[str, DataFile] = {f.name: f for f in DATA_FILES}
