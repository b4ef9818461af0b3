"""Issue 17: one table of bad inputs — data files, uploads, links — each with its exact outcome.

Every case is one defect. The outcome is an error naming file, row and field (the key
problem, how many problems in all, and which rows were set aside), or an acceptance
documented in data/README.md ("Accepted on purpose"). No case may raise. A few cases of
each kind also run through the page (AppTest) and must show no traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from geo.load import load_dataset
from geo.map import LAYER_NAMES
from geo.permalink import parse_query
from geo.uploads import read_overlay

TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"
APP = str(Path(__file__).resolve().parent.parent / "app.py")

# ---------------------------------------------------------------- data files
E2 = "e2,2022-09-14,2022-09-14,day,shelling,Shelling of Beta,Beta was shelled.,beta,,s1;s2,"
C1 = "c1,e2,Kyrgyz ministry,KG,ministry,killed,KG,10,10,exact,2022-09-15,s1,"
S1 = "s1,First report,,News A,2022-09-15,https://example.org/a,2026-11-22,media,"


def ev(**kw):
    cells = dict(zip(["event_id", "date_start", "date_end", "date_precision", "event_type", "title", "description", "place_ids", "segment_ids", "source_ids", "location_note"], E2.split(","), strict=True))
    cells.update(kw)
    return ",".join(cells.values())


def cl(**kw):
    cells = dict(zip(["claim_id", "event_id", "claimant", "claimant_side", "claimant_type", "metric", "affected_side", "value_low", "value_high", "qualifier", "claim_date", "source_id", "note"], C1.split(","), strict=True))
    cells.update(kw)
    return ",".join(cells.values())
# (case id, file, old, new)
TEXT = [
 ("iso-week-date", "events.csv", E2, ev(date_start="2022-W37-3")),
 ("basic-date", "events.csv", E2, ev(date_start="20220914")),
 ("slash-date", "events.csv", E2, ev(date_start="14/09/2022")),
 ("impossible-date", "events.csv", E2, ev(date_start="2022-02-30")),
 ("date-before-record", "events.csv", E2, ev(date_start="1950-01-01")),
 ("date-after-record", "events.csv", E2, ev(date_end="2099-01-01")),
 ("full-width-date", "events.csv", E2, ev(date_start="２０２２-09-14")),
 ("end-before-start", "events.csv", E2, ev(date_end="2022-09-13")),
 ("unknown-type", "events.csv", E2, ev(event_type="bombing")),
 ("unknown-precision", "events.csv", E2, ev(date_precision="daily")),
 ("empty-title", "events.csv", E2, ev(title="")),
 ("empty-description", "events.csv", E2, ev(description="")),
 ("formula-title", "events.csv", E2, ev(title="=HYPERLINK(x)")),
 ("plus-title", "events.csv", E2, ev(title="+cmd")),
 ("minus-title", "events.csv", E2, ev(title="-cmd")),
 ("at-title", "events.csv", E2, ev(title="@SUM(A1)")),
 ("nul-in-title", "events.csv", E2, ev(title="Shel\x00ling")),
 ("rlo-in-title", "events.csv", E2, ev(title="Shel\u202eling")),
 ("bell-in-description", "events.csv", E2, ev(description="ring\x07")),
 ("long-title", "events.csv", E2, ev(title="x" * 5001)),
 ("huge-title-echo", "events.csv", E2, ev(event_type="y" * 100000)),
 ("bad-id", "events.csv", E2, ev(event_id="e 2")),
 ("long-id", "events.csv", E2, ev(event_id="e" * 81)),
 ("unknown-place", "events.csv", E2, ev(place_ids="nowhere")),
 ("unknown-segment", "events.csv", E2, ev(segment_ids="seg-z")),
 ("unknown-source", "events.csv", E2, ev(source_ids="s1;s9")),
 ("empty-id-in-list", "events.csv", E2, ev(source_ids="s1;;s2")),
 ("no-sources", "events.csv", E2, ev(source_ids="")),
 ("duplicate-id", "events.csv", "e3,2022-09-16", "e2,2022-09-16"),
 ("extra-cell", "events.csv", E2, E2 + ",extra"),
 ("missing-cell", "events.csv", E2, E2[:-1]),
 ("quote-error", "events.csv", E2, E2.replace("Shelling of Beta", '"Shelling"x')),
 ("unclosed-quote", "events.csv", E2, E2.replace("Shelling of Beta", '"Shelling of Beta')),
 ("duplicate-event", "events.csv", "e4,2022-09-16,2022-09-16,day,talks,Talks abroad", "e4,2022-09-14,2022-09-14,day,shelling,Shelling of  BETA"),
 ("two-problems-one-row", "events.csv", E2, ev(date_start="2022-02-30", place_ids="nowhere")),
 ("duplicate-hides-nothing", "events.csv", "e3,2022-09-16,2022-09-17", "e2,2022-09-17,2022-09-16"),
 ("typo-column", "events.csv", "location_note\n", "location_notes\n"),
 ("duplicate-column", "events.csv", "location_note\n", "title\n"),
 ("missing-column", "events.csv", "event_id,", "id,"),
 ("negative-claim", "claims.csv", C1, cl(value_low="-10")),
 ("underscore-number", "claims.csv", C1, cl(value_low="1_0", value_high="1_0")),
 ("full-width-number", "claims.csv", C1, cl(value_low="１０")),
 ("float-count", "claims.csv", C1, cl(value_low="10.5")),
 ("huge-claim", "claims.csv", C1, cl(value_high="1" + "0" * 30)),
 ("claim-over-cap", "claims.csv", C1, cl(value_high="100000001")),
 ("low-over-high", "claims.csv", C1, cl(value_low="12")),
 ("bad-metric", "claims.csv", C1, cl(metric="dead")),
 ("bad-side", "claims.csv", C1, cl(claimant_side="UZ")),
 ("bad-qualifier", "claims.csv", C1, cl(qualifier="maybe")),
 ("claim-unknown-event", "claims.csv", C1, cl(event_id="e9")),
 ("claim-bad-date", "claims.csv", C1, cl(claim_date="2022-9-15")),
 ("claim-on-set-aside-event", "events.csv", E2, ev(event_type="bombing")),
 ("javascript-url", "sources.csv", S1, S1.replace("https://example.org/a", "javascript:alert(1)")),
 ("data-url", "sources.csv", S1, S1.replace("https://example.org/a", "data:text/html;x")),
 ("ftp-url", "sources.csv", S1, S1.replace("https://example.org/a", "ftp://example.org/a")),
 ("bad-source-date", "sources.csv", S1, S1.replace("2022-09-15", "15.09.2022")),
 ("empty-publisher", "sources.csv", S1, S1.replace("News A", "")),
 ("stat-half-range", "statistics.csv", ",63,63,", ",63,,"),
 ("stat-bad-side", "statistics.csv", ",independent,s1,", ",neutral,s1,"),
 ("fact-unknown-enclave", "enclave_facts.csv", "f1,Encl,", "f1,Nowhere,"),
 ("status-bad-code", "segment_status.csv", "seg-a,disputed,", "seg-a,contested,"),
 ("status-unknown-segment", "segment_status.csv", "seg-a,disputed,", "seg-z,disputed,"),
]
# (case id, file, whole content)
WHOLE = [
 ("empty-events", "events.csv", ""),
 ("header-only-events", "events.csv", "event_id,date_start,date_end,date_precision,event_type,title,description,place_ids,segment_ids,source_ids,location_note\n"),
 ("header-only-status", "segment_status.csv", "segment_id,status,valid_from,source_ids,note\n"),
 ("header-only-claims", "claims.csv", "claim_id,event_id,claimant,claimant_side,claimant_type,metric,affected_side,value_low,value_high,qualifier,claim_date,source_id,note\n"),
 ("latin-1", "sources.csv", "caf\xe9".encode("latin-1")),
 ("not-json", "places.geojson", "{not json"),
 ("deep-json", "places.geojson", "[" * 100000 + "]" * 100000),
 ("huge-int-json", "places.geojson", '{"type":"FeatureCollection","features":[' + "1" * 5000 + "]}"),
 ("not-a-collection", "enclaves.geojson", '{"type": "Feature"}'),
 ("features-not-list", "water.geojson", '{"type": "FeatureCollection", "features": {}}'),
 ("json-array", "countries.geojson", "[]"),
 ("crs-member", "admin_areas.geojson", '{"type": "FeatureCollection", "crs": {}, "features": []}'),
 ("duplicate-top-key", "admin_areas.geojson", '{"type": "FeatureCollection", "features": [], "features": []}'),
]
# (case id, file, feature index, properties update, geometry or None to keep)
KEEP = object()  # leave the geometry as it is
FEATURE = [
 ("place-name-object", "places.geojson", 0, {"name": {"en": "Alpha"}}, KEEP),
 ("place-name-bool", "places.geojson", 0, {"name": True}, KEEP),
 ("place-name-number", "places.geojson", 0, {"name": 5}, KEEP),
 ("place-ids-numbers", "places.geojson", 0, {"source_ids": [1, 2]}, KEEP),
 ("place-ids-nested", "places.geojson", 0, {"source_ids": [["s1"]]}, KEEP),
 ("place-bad-precision", "places.geojson", 0, {"precision": "rough"}, KEEP),
 ("place-nan-coordinate", "places.geojson", 0, {}, "NaN"),
 ("place-huge-int-coordinate", "places.geojson", 0, {}, {"type": "Point", "coordinates": [int("7" + "0" * 400), 39.9]}),
 ("place-deep-coordinates", "places.geojson", 0, {}, "DEEP"),
 ("place-swapped", "places.geojson", 0, {}, {"type": "Point", "coordinates": [39.9, 70.5]}),
 ("place-string-coordinate", "places.geojson", 0, {}, {"type": "Point", "coordinates": ["70.5", 39.9]}),
 ("place-4d", "places.geojson", 0, {}, {"type": "Point", "coordinates": [70.5, 39.9, 1, 2]}),
 ("place-line", "places.geojson", 0, {}, {"type": "LineString", "coordinates": [[70.5, 39.9], [70.6, 39.9]]}),
 ("place-no-geometry", "places.geojson", 0, {}, None),
 ("place-geometry-string", "places.geojson", 0, {}, "POINT (70.5 39.9)"),
 ("place-duplicate-property", "places.geojson", 0, {}, "DUPKEY"),
 ("segment-negative-length", "border_segments.geojson", 0, {"length_km": -12.5}, KEEP),
 ("segment-length-text", "border_segments.geojson", 0, {"length_km": "12,5"}, KEEP),
 ("segment-length-huge", "border_segments.geojson", 0, {"length_km": int("9" * 400)}, KEEP),
 ("segment-approximate-yes", "border_segments.geojson", 0, {"approximate": "yes"}, KEEP),
 ("segment-approximate-number", "border_segments.geojson", 0, {"approximate": 1}, KEEP),
 ("segment-point", "border_segments.geojson", 0, {}, {"type": "Point", "coordinates": [70.5, 39.9]}),
 ("enclave-unclosed", "enclaves.geojson", 0, {}, {"type": "Polygon", "coordinates": [[[70.5, 39.85], [70.52, 39.85], [70.52, 39.87], [70.5, 39.87]]]}),
 ("enclave-clockwise", "enclaves.geojson", 0, {}, {"type": "Polygon", "coordinates": [[[70.5, 39.85], [70.5, 39.87], [70.52, 39.87], [70.52, 39.85], [70.5, 39.85]]]}),
 ("enclave-bowtie", "enclaves.geojson", 0, {}, {"type": "Polygon", "coordinates": [[[70.5, 39.85], [70.52, 39.87], [70.52, 39.85], [70.5, 39.87], [70.5, 39.85]]]}),
 ("enclave-negative-area", "enclaves.geojson", 0, {"area_km2": -1}, KEEP),
 ("enclave-area-infinity", "enclaves.geojson", 0, {"area_km2": "Infinity"}, KEEP),
 ("feature-not-object", "water.geojson", 0, "NOTOBJECT", KEEP),
]

# case -> (the key problem, number of problems, rows set aside per file)
DATA_EXPECTED: dict[str, tuple[str, int, dict[str, list[int]]]] = {
    'iso-week-date': ("events.csv:3:date_start: expected a date as YYYY-MM-DD, got '2022-W37-3'", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'basic-date': ("events.csv:3:date_start: expected a date as YYYY-MM-DD, got '20220914'", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'slash-date': ("events.csv:3:date_start: expected a date as YYYY-MM-DD, got '14/09/2022'", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'impossible-date': ("events.csv:3:date_start: expected a date as YYYY-MM-DD, got '2022-02-30'", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'date-before-record': ("events.csv:3:date_start: expected a date between 1991-01-01 and 2026-12-31, got '1950-01-01'", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'date-after-record': ("events.csv:3:date_end: expected a date between 1991-01-01 and 2026-12-31, got '2099-01-01'", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'full-width-date': ("events.csv:3:date_start: expected a date as YYYY-MM-DD, got '２０２２-09-14'", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'end-before-start': ('events.csv:3:date_end: 2022-09-13 is before date_start 2022-09-14', 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'unknown-type': ("events.csv:3:event_type: expected one of aggregate, agreement, armed_clash, arson_looting, blockade, ceasefire, civilian_harm, communal_clash, detention, drone_strike, evacuation, legal, other, ratification, reopening, shelling, state_of_emergency, statement, talks; got 'bombing'", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'unknown-precision': ("events.csv:3:date_precision: expected one of day, month, range, week, year; got 'daily'", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'empty-title': ('events.csv:3:title: required, but empty', 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'empty-description': ('events.csv:3:description: required, but empty', 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'formula-title': ("events.csv:3:title: starts with '=', which makes spreadsheets run the cell as a formula (the dataset zip holds these files as they are); reword it, got '=HYPERLINK(x)'", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'plus-title': ("events.csv:3:title: starts with '+', which makes spreadsheets run the cell as a formula (the dataset zip holds these files as they are); reword it, got '+cmd'", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'minus-title': ("events.csv:3:title: starts with '-', which makes spreadsheets run the cell as a formula (the dataset zip holds these files as they are); reword it, got '-cmd'", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'at-title': ("events.csv:3:title: starts with '@', which makes spreadsheets run the cell as a formula (the dataset zip holds these files as they are); reword it, got '@SUM(A1)'", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'nul-in-title': ('events.csv:3:title: control or bidirectional-override character U+0000 at character 5; remove it', 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'rlo-in-title': ('events.csv:3:title: control or bidirectional-override character U+202E at character 5; remove it', 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'bell-in-description': ('events.csv:3:description: control or bidirectional-override character U+0007 at character 5; remove it', 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'long-title': ('events.csv:3:title: expected at most 5000 characters, got 5001', 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'huge-title-echo': ("events.csv:3:event_type: expected one of aggregate, agreement, armed_clash, arson_looting, blockade, ceasefire, civilian_harm, communal_clash, detention, drone_strike, evacuation, legal, other, ratification, reopening, shelling, state_of_emergency, statement, talks; got 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'… (100,000 characters)", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'bad-id': ("events.csv:3:event_id: expected an id of letters, digits and _ . : - (at most 80), got 'e 2'", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'long-id': ("events.csv:3:event_id: expected an id of letters, digits and _ . : - (at most 80), got 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee'… (81 characters)", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'unknown-place': ("events.csv:3:place_ids: unknown id 'nowhere': not among the valid rows of places.geojson", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'unknown-segment': ("events.csv:3:segment_ids: unknown id 'seg-z': not among the valid rows of border_segments.geojson", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'unknown-source': ("events.csv:3:source_ids: unknown id 's9': not among the valid rows of sources.csv", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'empty-id-in-list': ("events.csv:3:source_ids: expected ids separated by ';' with none empty, got 's1;;s2'", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'no-sources': ('events.csv:3:source_ids: required, but empty', 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'duplicate-id': ("events.csv:4:event_id: duplicate id 'e2' (first on row 3)", 2, {"events.csv": [4], "claims.csv": [5]}),
    'extra-cell': ('events.csv:3: expected 11 cells, got 12', 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'missing-cell': ('events.csv:3: expected 11 cells, got 10', 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'quote-error': ('events.csv:3: bad CSV: \',\' expected after \'"\'; this row is set aside', 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'unclosed-quote': ('events.csv:3: bad CSV: unexpected end of data; this row is set aside', 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'duplicate-event': ('events.csv:5:title: duplicate of the event on row 3 (same dates, type and title)', 1, {"events.csv": [5]}),
    'two-problems-one-row': ("events.csv:3:date_start: expected a date as YYYY-MM-DD, got '2022-02-30'", 5, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'duplicate-hides-nothing': ("events.csv:4:event_id: duplicate id 'e2' (first on row 3)", 3, {"events.csv": [4], "claims.csv": [5]}),
    'typo-column': ('events.csv:1:location_notes: unknown column (typo?); it is ignored', 1, {}),
    'duplicate-column': ('events.csv:1:title: column appears more than once in the header', 5, {"claims.csv": [2, 3, 4, 5]}),
    'missing-column': ('events.csv:1: missing column(s): event_id', 5, {"claims.csv": [2, 3, 4, 5]}),
    'negative-claim': ("claims.csv:2:value_low: expected a number of 0 or more, got '-10'", 2, {"claims.csv": [2]}),
    'underscore-number': ("claims.csv:2:value_low: expected a whole number, got '1_0'", 2, {"claims.csv": [2]}),
    'full-width-number': ("claims.csv:2:value_low: expected a whole number, got '１０'", 2, {"claims.csv": [2]}),
    'float-count': ("claims.csv:2:value_low: expected a whole number, got '10.5'", 2, {"claims.csv": [2]}),
    'huge-claim': ("claims.csv:2:value_high: expected at most 100,000,000, got '1000000000000000000000000000000'", 2, {"claims.csv": [2]}),
    'claim-over-cap': ("claims.csv:2:value_high: expected at most 100,000,000, got '100000001'", 2, {"claims.csv": [2]}),
    'low-over-high': ('claims.csv:2:value_low: 12 is greater than value_high 10', 1, {"claims.csv": [2]}),
    'bad-metric': ("claims.csv:2:metric: expected one of buildings_damaged, buildings_destroyed, detained, displaced, evacuated, houses_damaged, houses_destroyed, incidents, injured, killed, killed_civilians, killed_military; got 'dead'", 1, {"claims.csv": [2]}),
    'bad-side': ("claims.csv:2:claimant_side: expected one of KG, TJ, independent; got 'UZ'", 1, {"claims.csv": [2]}),
    'bad-qualifier': ("claims.csv:2:qualifier: expected one of about, at_least, exact, more_than, nearly, up_to; got 'maybe'", 1, {"claims.csv": [2]}),
    'claim-unknown-event': ("claims.csv:2:event_id: unknown id 'e9': not among the valid rows of events.csv", 1, {"claims.csv": [2]}),
    'claim-bad-date': ("claims.csv:2:claim_date: expected a date as YYYY-MM-DD, got '2022-9-15'", 1, {"claims.csv": [2]}),
    'claim-on-set-aside-event': ("events.csv:3:event_type: expected one of aggregate, agreement, armed_clash, arson_looting, blockade, ceasefire, civilian_harm, communal_clash, detention, drone_strike, evacuation, legal, other, ratification, reopening, shelling, state_of_emergency, statement, talks; got 'bombing'", 4, {"events.csv": [3], "claims.csv": [2, 3, 4]}),
    'javascript-url': ("sources.csv:2:url: expected an http(s) URL, got 'javascript:alert(1)'", 2, {"sources.csv": [2]}),
    'data-url': ("sources.csv:2:url: expected an http(s) URL, got 'data:text/html;x'", 2, {"sources.csv": [2]}),
    'ftp-url': ("sources.csv:2:url: expected an http(s) URL, got 'ftp://example.org/a'", 2, {"sources.csv": [2]}),
    'bad-source-date': ("sources.csv:2:published: expected a date as YYYY-MM-DD, got '15.09.2022'", 2, {"sources.csv": [2]}),
    'empty-publisher': ('sources.csv:2:publisher: required, but empty', 2, {"sources.csv": [2]}),
    'stat-half-range': ('statistics.csv:2:value_high: give both value_low and value_high, or neither', 1, {"statistics.csv": [2]}),
    'stat-bad-side': ("statistics.csv:2:claimant_side: expected one of KG, TJ, independent; got 'neutral'", 1, {"statistics.csv": [2]}),
    'fact-unknown-enclave': ("enclave_facts.csv:2:enclave: unknown id 'Nowhere': not among the valid rows of enclaves.geojson", 1, {"enclave_facts.csv": [2]}),
    'status-bad-code': ("segment_status.csv:2:status: expected one of abolished, delimited_protocol, delimited_treaty, disputed, partly_delimited, treaty_ratified, treaty_signed, undelimited, unknown; got 'contested'", 1, {"segment_status.csv": [2]}),
    'status-unknown-segment': ("segment_status.csv:2:segment_id: unknown id 'seg-z': not among the valid rows of border_segments.geojson", 1, {"segment_status.csv": [2]}),
    'empty-events': ('events.csv: file is empty', 5, {"claims.csv": [2, 3, 4, 5]}),
    'header-only-events': ('events.csv: header only: the file has no data rows', 5, {"claims.csv": [2, 3, 4, 5]}),
    'header-only-status': ('segment_status.csv: header only: the file has no data rows', 1, {}),
    'header-only-claims': ('claims.csv: header only: the file has no data rows', 1, {}),
    'latin-1': ('sources.csv: not UTF-8 text: byte 3 cannot be decoded', 12, {}),
    'not-json': ('places.geojson:1: not valid JSON (column 2): Expecting property name enclosed in double quotes', 2, {}),
    'deep-json': ('places.geojson: not usable JSON: arrays or objects nested too deep', 2, {}),
    'huge-int-json': ("places.geojson: not usable JSON: 'Exceeds the limit (4300 digits) for integer string conversio'… (140 characters)", 2, {}),
    'not-a-collection': ('enclaves.geojson: expected a GeoJSON FeatureCollection', 2, {}),
    'features-not-list': ('water.geojson:features: expected a list of features', 1, {}),
    'json-array': ('countries.geojson: expected a GeoJSON FeatureCollection', 1, {}),
    'crs-member': ("admin_areas.geojson:crs: RFC 7946 GeoJSON has no 'crs' member", 1, {}),
    'duplicate-top-key': ("admin_areas.geojson:FeatureCollection: key 'features' appears more than once in the FeatureCollection object; JSON readers disagree on which one counts", 1, {}),
    'place-name-object': ('places.geojson:1:name: expected a string, got an object', 2, {"places.geojson": [1]}),
    'place-name-bool': ('places.geojson:1:name: expected a string, got true or false', 2, {"places.geojson": [1]}),
    'place-name-number': ('places.geojson:1:name: expected a string, got a number', 2, {"places.geojson": [1]}),
    'place-ids-numbers': ('places.geojson:1:source_ids: expected a list of ids (strings)', 2, {"places.geojson": [1]}),
    'place-ids-nested': ('places.geojson:1:source_ids: expected a list of ids (strings)', 2, {"places.geojson": [1]}),
    'place-bad-precision': ("places.geojson:1:precision: expected one of approximate, centroid, exact, unknown; got 'rough'", 2, {"places.geojson": [1]}),
    'place-nan-coordinate': ('places.geojson:1:geometry: position [nan, 39.9] is not 2 or 3 finite numbers', 2, {"places.geojson": [1]}),
    'place-huge-int-coordinate': ('places.geojson:1:geometry: position [7000000000000000000000000000...00000000000000000000000000000, 39.9] is not 2 or 3 finite numbers', 2, {"places.geojson": [1]}),
    'place-deep-coordinates': ('places.geojson:1:geometry: coordinates nested more than 4 arrays deep; not GeoJSON', 2, {"places.geojson": [1]}),
    'place-swapped': ('places.geojson:1:geometry: coordinates outside the region lon 67.0–76.0, lat 38.0–42.0 (bounds 39.9000,70.5000,39.9000,70.5000); lat/lon swapped?', 2, {"places.geojson": [1]}),
    'place-string-coordinate': ("places.geojson:1:geometry: position ['70.5', 39.9] is not 2 or 3 finite numbers", 2, {"places.geojson": [1]}),
    'place-4d': ('places.geojson:1:geometry: position [70.5, 39.9, 1, 2] is not 2 or 3 finite numbers', 2, {"places.geojson": [1]}),
    'place-line': ('places.geojson:1:geometry: expected Point, got LineString', 2, {"places.geojson": [1]}),
    'place-no-geometry': ('places.geojson:1:geometry: missing; only places of unknown location may', 2, {"places.geojson": [1]}),
    'place-geometry-string': ('places.geojson:1:geometry: expected a GeoJSON geometry object', 2, {"places.geojson": [1]}),
    'place-duplicate-property': ("places.geojson:1:name: key 'name' appears more than once in the properties object; JSON readers disagree on which one counts", 2, {"places.geojson": [1]}),
    'segment-negative-length': ("border_segments.geojson:1:length_km: expected a number of 0 or more, got '-12.5'", 4, {"segment_status.csv": [2, 3], "border_segments.geojson": [1]}),
    'segment-length-text': ("border_segments.geojson:1:length_km: expected a number, got '12,5'", 4, {"segment_status.csv": [2, 3], "border_segments.geojson": [1]}),
    'segment-length-huge': ("border_segments.geojson:1:length_km: expected a finite number, got '999999999999999999999999999999999999999999999999999999999999'… (400 characters)", 4, {"segment_status.csv": [2, 3], "border_segments.geojson": [1]}),
    'segment-approximate-yes': ("border_segments.geojson:1:approximate: expected true or false, got 'yes'", 4, {"segment_status.csv": [2, 3], "border_segments.geojson": [1]}),
    'segment-approximate-number': ('border_segments.geojson:1:approximate: expected a string or true or false, got a number', 4, {"segment_status.csv": [2, 3], "border_segments.geojson": [1]}),
    'segment-point': ('border_segments.geojson:1:geometry: expected LineString or MultiLineString, got Point', 4, {"segment_status.csv": [2, 3], "border_segments.geojson": [1]}),
    'enclave-unclosed': ('enclaves.geojson:1:geometry: ring 1 is not closed: its first and last positions differ', 1, {"enclaves.geojson": [1]}),
    'enclave-clockwise': ('enclaves.geojson:1:geometry: exterior ring is clockwise; RFC 7946 wants counter-clockwise (right-hand rule)', 1, {"enclaves.geojson": [1]}),
    'enclave-bowtie': ('enclaves.geojson:1:geometry: invalid geometry: Self-intersection[70.51 39.86]', 1, {"enclaves.geojson": [1]}),
    'enclave-negative-area': ("enclaves.geojson:1:area_km2: expected a number of 0 or more, got '-1'", 1, {"enclaves.geojson": [1]}),
    'enclave-area-infinity': ("enclaves.geojson:1:area_km2: expected a finite number, got 'Infinity'", 1, {"enclaves.geojson": [1]}),
    'feature-not-object': ('water.geojson:1: expected a GeoJSON Feature object', 1, {"water.geojson": [1]}),
}


def _mutate(folder: Path, case: tuple) -> None:
    cid, name, *change = case
    path = folder / name
    if len(change) == 2 and all(isinstance(c, str) for c in change):  # TEXT: replace once
        old, new = change
        text = path.read_text("utf-8")
        assert old in text, f"fixture does not contain {old!r}"
        path.write_text(text.replace(old, new, 1), "utf-8")
    elif len(change) == 1:  # WHOLE: the file's content
        content = change[0]
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    else:  # FEATURE: (index, properties update, geometry)
        index, properties, geometry = change
        document = json.loads(path.read_text("utf-8"))
        if properties == "NOTOBJECT":
            document["features"][index] = "feature"
        else:
            document["features"][index]["properties"].update(properties)
            if geometry is None or isinstance(geometry, dict) or geometry == "POINT (70.5 39.9)":
                document["features"][index]["geometry"] = geometry
        text = json.dumps(document)
        # what json.dumps cannot write: NaN, nesting past its recursion limit, a repeated key
        if geometry == "NaN":
            text = text.replace("[70.5, 39.9]", "[NaN, 39.9]", 1)
        elif geometry == "DEEP":
            text = text.replace("[70.5, 39.9]", "[" * 900 + "70.5" + "]" * 900, 1)
        elif geometry == "DUPKEY":
            text = text.replace('"name": "Alpha"', '"name": "Alpha", "name": "Beta"', 1)
        path.write_text(text, "utf-8")


DATA_CASES = TEXT + WHOLE + FEATURE


def test_the_table_holds_over_a_hundred_kinds() -> None:
    assert len({c[0] for c in DATA_CASES}) == len(DATA_CASES) >= 100
    assert len(DATA_CASES) + len(UPLOADS) + len(LINKS) >= 150


@pytest.mark.parametrize("case", DATA_CASES, ids=[c[0] for c in DATA_CASES])
def test_bad_data_file(tmp_path: Path, case: tuple) -> None:
    folder = tmp_path / "data"
    shutil.copytree(TINY, folder)
    _mutate(folder, case)
    dataset = load_dataset(folder)  # never raises
    messages = [str(p) for p in dataset.problems]
    problem, count, rejected = DATA_EXPECTED[case[0]]
    assert problem in messages, messages
    assert len(messages) == count, messages
    assert {k: list(v) for k, v in dataset.rejected.items()} == rejected
    # every message names its file first, and echoes a bounded part of the value
    assert all(m.split(":", 1)[0].endswith((".csv", ".geojson")) for m in messages)
    assert max(len(m) for m in messages) < 400


def test_one_bad_source_costs_no_claim(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(TINY, folder)
    _mutate(folder, next(c for c in DATA_CASES if c[0] == "javascript-url"))
    dataset = load_dataset(folder)
    assert len(dataset.claims) == 4 and len(dataset.events) == 5
    assert dataset.rejected == {"sources.csv": (2,)}


def test_a_quoting_error_costs_only_its_row(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(TINY, folder)
    _mutate(folder, next(c for c in DATA_CASES if c[0] == "unclosed-quote"))
    dataset = load_dataset(folder)
    assert list(dataset.events["event_id"]) == ["e1", "e3", "e4", "e5"]


# ---------------------------------------------------------------- uploads
ACLED_HEAD = "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2,admin1,admin2,location,latitude,longitude,geo_precision,source,notes,fatalities"
ACLED_ROW = "KGZ1,2022-09-16,2022,1,Battles,Armed clash,A,B,Batken,Batken,Testvillage,40.06,70.82,1,Src,Note.,3"
ATLAS_HEAD = "event_id,date_start,date_end,date_precision,event_type,title,description,latitude,longitude,source_ids,location_note"
ATLAS_ROW = "my-1,2022-09-15,2022-09-15,day,shelling,My shelling,Fictional.,40.05,70.8,my notes,"
UCDP_HEAD = "id,date_start,date_end,date_prec,type_of_violence,latitude,longitude,best,low,high,side_a,side_b,deaths_civilians"
UCDP_ROW = "900001,2022-09-16,2022-09-16,1,1,40.06,70.82,6,5,9,A,B,1"


def acled(**kw):
    cells = dict(zip(ACLED_HEAD.split(","), ACLED_ROW.split(","), strict=True))
    cells.update(kw)
    return f"{ACLED_HEAD}\n{','.join(cells.values())}\n"


def atlas(**kw):
    cells = dict(zip(ATLAS_HEAD.split(","), ATLAS_ROW.split(","), strict=True))
    cells.update(kw)
    return f"{ATLAS_HEAD}\n{','.join(cells.values())}\n"


def ucdp(**kw):
    cells = dict(zip(UCDP_HEAD.split(","), UCDP_ROW.split(","), strict=True))
    cells.update(kw)
    return f"{UCDP_HEAD}\n{','.join(cells.values())}\n"


UPLOADS = [
 ("up-empty", b""),
 ("up-latin1", "caf\xe9".encode("latin-1")),
 ("up-unknown-format", b"a,b\n1,2\n"),
 ("up-acled-no-time-precision", (ACLED_HEAD.replace("time_precision,", "") + "\n" + ACLED_ROW.replace(",1,Battles", ",Battles") + "\n").encode()),
 ("up-acled-missing-fatalities", (ACLED_HEAD.replace(",fatalities", "") + "\n" + ACLED_ROW.rsplit(",", 1)[0] + "\n").encode()),
 ("up-iso-week", acled(event_date="2022-W37-5").encode()),
 ("up-basic-date", acled(event_date="20220916").encode()),
 ("up-bad-date-words", acled(event_date="16 Septembre 2022").encode()),
 ("up-date-out-of-record", acled(event_date="1950-01-01").encode()),
 ("up-underscore-fatalities", acled(fatalities="4_1").encode()),
 ("up-fullwidth-fatalities", acled(fatalities="４１").encode()),
 ("up-huge-fatalities", acled(fatalities="1e308").encode()),
 ("up-negative-fatalities", acled(fatalities="-1").encode()),
 ("up-float-fatalities", acled(fatalities="3.0").encode()),
 ("up-swapped", acled(latitude="70.82", longitude="40.06").encode()),
 ("up-far-away", acled(latitude="52.5", longitude="13.4").encode()),
 ("up-nan-latitude", acled(latitude="nan").encode()),
 ("up-huge-id", acled(event_id_cnty="K" * 100000).encode()),
 ("up-nul-in-notes", acled(notes="a\x00b").encode()),
 ("up-rlo-in-notes", acled(notes="a\u202eb").encode()),
 ("up-quote-error", (ACLED_HEAD + "\n" + ACLED_ROW.replace("Note.", '"Note"x') + "\n" + ACLED_ROW.replace("KGZ1", "KGZ2") + "\n").encode()),
 ("up-extra-cell", (ACLED_HEAD + "\n" + ACLED_ROW + ",extra\n").encode()),
 ("up-duplicate-header", (ACLED_HEAD + ",notes\n" + ACLED_ROW + ",x\n").encode()),
 ("up-duplicate-id", (ACLED_HEAD + "\n" + ACLED_ROW + "\n" + ACLED_ROW + "\n").encode()),
 ("up-bad-acled-type", acled(event_type="Wars").encode()),
 ("up-bad-time-precision", acled(time_precision="4").encode()),
 ("up-atlas-end-before-start", atlas(date_end="2022-09-14").encode()),
 ("up-atlas-bad-type", atlas(event_type="bombing").encode()),
 ("up-atlas-long-title", atlas(title="t" * 6000).encode()),
 ("up-ucdp-low-over-high", ucdp(low="10").encode()),
 ("up-ucdp-bad-violence", ucdp(type_of_violence="4").encode()),
 ("up-ucdp-huge-best", ucdp(best="1" + "0" * 30).encode()),
 ("up-many-problems", (ACLED_HEAD + "\n" + "x\n" * 1500).encode()),
]

# case -> (first problem or None, problems kept, problems counted beyond them, events read)
UPLOAD_EXPECTED: dict[str, tuple[str | None, int, int, int]] = {
    'up-empty': ('f.csv: file is empty', 1, 0, 0),
    'up-latin1': ('f.csv: not UTF-8 text: byte 3 cannot be decoded', 1, 0, 0),
    'up-unknown-format': ('f.csv:1: not a known format; expected the columns of ACLED: event_date, event_id_cnty, event_type, fatalities, latitude, longitude; UCDP GED: best, date_end, date_prec, date_start, high, id, latitude, longitude, low, type_of_violence; atlas CSV: date_end, date_precision, date_start, event_id, event_type, latitude, longitude, title', 1, 0, 0),
    'up-acled-no-time-precision': ('f.csv:1:time_precision: column missing; every row taken as time_precision 1 (the date given is the day)', 1, 0, 1),
    'up-acled-missing-fatalities': ('f.csv:1: looks like ACLED, but column(s) fatalities are missing', 1, 0, 0),
    'up-iso-week': ("f.csv:2:event_date: expected a date as YYYY-MM-DD or '16 September 2022', got '2022-W37-5'", 1, 0, 0),
    'up-basic-date': ("f.csv:2:event_date: expected a date as YYYY-MM-DD or '16 September 2022', got '20220916'", 1, 0, 0),
    'up-bad-date-words': ("f.csv:2:event_date: expected a date as YYYY-MM-DD or '16 September 2022', got '16 Septembre 2022'", 1, 0, 0),
    'up-date-out-of-record': ("f.csv:2:event_date: expected a date between 1991-01-01 and 2026-12-31, got '1950-01-01'", 1, 0, 0),
    'up-underscore-fatalities': ("f.csv:2:fatalities: expected a whole number, got '4_1'", 1, 0, 0),
    'up-fullwidth-fatalities': ("f.csv:2:fatalities: expected a whole number, got '４１'", 1, 0, 0),
    'up-huge-fatalities': ("f.csv:2:fatalities: expected a whole number, got '1e308'", 1, 0, 0),
    'up-negative-fatalities': ("f.csv:2:fatalities: expected a number of 0 or more, got '-1'", 1, 0, 0),
    'up-float-fatalities': (None, 0, 0, 1),
    'up-swapped': ("f.csv:2:latitude: (70.82, 40.06) is outside the atlas's region (lat 38.0–42.0, lon 67.0–76.0); swapped latitude and longitude?", 1, 0, 0),
    'up-far-away': ("f.csv:2:latitude: (52.5, 13.4) is outside the atlas's region (lat 38.0–42.0, lon 67.0–76.0)", 1, 0, 0),
    'up-nan-latitude': ("f.csv:2:latitude: expected a finite number, got 'nan'", 1, 0, 0),
    'up-huge-id': ('f.csv:2:event_id_cnty: expected at most 80 characters, got 100,000', 1, 0, 0),
    'up-nul-in-notes': ('f.csv:2:notes: control or bidirectional-override character U+0000; remove it', 1, 0, 0),
    'up-rlo-in-notes': ('f.csv:2:notes: control or bidirectional-override character U+202E; remove it', 1, 0, 0),
    'up-quote-error': ('f.csv:2: bad CSV: \',\' expected after \'"\'; this row is set aside', 1, 0, 1),
    'up-extra-cell': ('f.csv:2: expected 17 cells, got 18', 1, 0, 0),
    'up-duplicate-header': ('f.csv:1: notes: column appears more than once in the header', 1, 0, 0),
    'up-duplicate-id': ("f.csv:3:event_id_cnty: duplicate id 'KGZ1'", 1, 0, 1),
    'up-bad-acled-type': ("f.csv:2:event_type: expected one of Battles, Explosions/Remote violence, Protests, Riots, Strategic developments, Violence against civilians; got 'Wars'", 1, 0, 0),
    'up-bad-time-precision': ("f.csv:2:time_precision: expected one of 1, 2, 3; got '4'", 1, 0, 0),
    'up-atlas-end-before-start': ('f.csv:2:date_end: 2022-09-14 is before date_start 2022-09-15', 1, 0, 0),
    'up-atlas-bad-type': ("f.csv:2:event_type: expected one of aggregate, agreement, armed_clash, arson_looting, blockade, ceasefire, civilian_harm, communal_clash, detention, drone_strike, evacuation, legal, other, ratification, reopening, shelling, state_of_emergency, statement, talks; got 'bombing'", 1, 0, 0),
    'up-atlas-long-title': ('f.csv:2:title: expected at most 5,000 characters, got 6,000', 1, 0, 0),
    'up-ucdp-low-over-high': ('f.csv:2:low: 10 is greater than high 9', 1, 0, 0),
    'up-ucdp-bad-violence': ("f.csv:2:type_of_violence: expected one of 1, 2, 3; got '4'", 1, 0, 0),
    'up-ucdp-huge-best': ("f.csv:2:best: expected at most 100,000,000, got '1000000000000000000000000000000'", 1, 0, 0),
    'up-many-problems': ('f.csv:2: expected 17 cells, got 1', 1000, 500, 0),
}


@pytest.mark.parametrize(("case", "data"), UPLOADS, ids=[c[0] for c in UPLOADS])
def test_bad_upload(case: str, data: bytes) -> None:
    overlay = read_overlay("f.csv", data)  # never raises
    first, kept, more, events = UPLOAD_EXPECTED[case]
    assert (str(overlay.problems[0]) if overlay.problems else None) == first
    assert (len(overlay.problems), overlay.more_problems, len(overlay.events)) == (kept, more, events)


# ---------------------------------------------------------------- links
LINKS = [
 ("ln-bad-from", {"from": "14.09.2022"}),
 ("ln-iso-week-from", {"from": "2022-W37-3"}),
 ("ln-basic-to", {"to": "20220917"}),
 ("ln-from-before-record", {"from": "1900-01-01"}),
 ("ln-to-after-record", {"to": "2099-12-31"}),
 ("ln-from-after-record", {"from": "2030-01-01"}),
 ("ln-to-before-from", {"from": "2022-09-17", "to": "2022-09-14"}),
 ("ln-repeated-from", {"from": ["2022-09-14", "2022-09-15"]}),
 ("ln-unknown-type", {"types": "shelling,bombing"}),
 ("ln-repeated-types", {"types": ["shelling", "talks"]}),
 ("ln-unknown-layer", {"layers": "foo"}),
 ("ln-some-unknown-layers", {"layers": "events,foo"}),
 ("ln-unknown-key", {"zoomlevel": "12"}),
 ("ln-unknown-select", {"select": "nothing-here"}),
 ("ln-markdown-select", {"select": "[Session expired - log in again](https://evil.example/login)"}),
 ("ln-image-select", {"select": "![](http://198.51.100.7/pixel.png)"}),
 ("ln-newline-select", {"select": "x\n# Heading"}),
 ("ln-huge-select", {"select": "s" * 90000}),
 ("ln-bad-lang", {"lang": "de"}),
 ("ln-repeated-lang", {"lang": ["ru", "en"]}),
]

SPAN = (dt.date(2021, 1, 1), dt.date(2025, 12, 31))
# case -> the notes shown above the map (each escaped for Markdown by the page)
LINK_EXPECTED: dict[str, tuple[str, ...]] = {
    'ln-bad-from': ("'from=14.09.2022' is not a date (YYYY-MM-DD); ignored",),
    'ln-iso-week-from': ("'from=2022-W37-3' is not a date (YYYY-MM-DD); ignored",),
    'ln-basic-to': ("'to=20220917' is not a date (YYYY-MM-DD); ignored",),
    'ln-from-before-record': ("'from' (1900-01-01) is before the record starts; 2021-01-01 used",),
    'ln-to-after-record': ("'to' (2099-12-31) is after the record ends; 2025-12-31 used",),
    'ln-from-after-record': ("'from' (2030-01-01) is after the record ends; 2025-12-31 used",),
    'ln-to-before-from': ("'to' (2022-09-14) is before 'from' (2022-09-17); dates ignored",),
    'ln-repeated-from': ("'from' is given 2 times; the first ('2022-09-14') is used",),
    'ln-unknown-type': ('unknown event type(s) bombing; ignored',),
    'ln-repeated-types': ("'types' is given 2 times; the values of all are used",),
    'ln-unknown-layer': ('unknown layer(s) foo; ignored', 'no known layer named; the default layers are shown'),
    'ln-some-unknown-layers': ('unknown layer(s) foo; ignored',),
    'ln-unknown-key': ('unknown part(s) of the link zoomlevel; ignored',),
    'ln-unknown-select': ("nothing with the id 'nothing-here'; no feature selected",),
    'ln-markdown-select': ("nothing with the id '[Session expired - log in again](https://evil.example/login)'; no feature selected",),
    'ln-image-select': ("nothing with the id '![](http://198.51.100.7/pixel.png)'; no feature selected",),
    'ln-newline-select': ("nothing with the id 'x\n# Heading'; no feature selected",),
    'ln-huge-select': ("nothing with the id 'ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss… (90,000 characters)'; no feature selected",),
    'ln-bad-lang': ("language 'de' is not available; English shown",),
    'ln-repeated-lang': ("'lang' is given 2 times; the first ('ru') is used",),
}


@pytest.mark.parametrize(("case", "params"), LINKS, ids=[c[0] for c in LINKS])
def test_bad_link(tiny, case: str, params: dict) -> None:
    state = parse_query(params, tiny, span=SPAN, layer_keys=LAYER_NAMES)
    assert state.notes == LINK_EXPECTED[case]


def test_a_link_naming_no_known_layer_shows_the_defaults(tiny) -> None:
    assert parse_query({"layers": "foo"}, tiny, span=SPAN, layer_keys=LAYER_NAMES).layers is None
    assert parse_query({"layers": ""}, tiny, span=SPAN, layer_keys=LAYER_NAMES).layers == ()


# ---------------------------------------------------------------- through the page
PAGE_DATA_CASES = ["header-only-events", "empty-events", "deep-json", "place-huge-int-coordinate",
                   "place-nan-coordinate", "latin-1", "missing-column", "duplicate-column"]


@pytest.fixture
def app_with_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from streamlit.testing.v1 import AppTest

    def run(case_id: str | None, query: dict[str, str] | None = None) -> AppTest:
        folder = tmp_path / "data"
        shutil.copytree(TINY, folder)
        if case_id:
            _mutate(folder, next(c for c in DATA_CASES if c[0] == case_id))
        monkeypatch.setenv("KGTJ_DATA_DIR", str(folder))
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
        return at

    return run


@pytest.mark.parametrize("case_id", PAGE_DATA_CASES)
def test_page_shows_no_traceback_for_bad_data(app_with_data, case_id: str) -> None:
    at = app_with_data(case_id)
    assert not at.exception, at.exception
    # a place's details with the bad data: the panel must not fail either
    at.query_params["select"] = "beta"
    at.session_state["restored"] = False
    at.run()
    assert not at.exception, at.exception


def test_page_with_no_valid_events_says_so(app_with_data) -> None:
    at = app_with_data("header-only-events")
    assert not at.exception
    assert [e.value for e in at.error] == [
        "No valid events could be read: the problems are listed above; the map shows the rest."
    ]


@pytest.mark.parametrize("case", ["ln-markdown-select", "ln-image-select", "ln-newline-select", "ln-huge-select"])
def test_link_notes_reach_the_page_escaped(app_with_data, case: str) -> None:
    params = dict(LINKS)[case]
    at = app_with_data(None, params)
    assert not at.exception, at.exception
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1
    note = warnings[0]
    assert "](" not in note and "![" not in note and "\n" not in note  # no link, image or heading
    assert len(note) < 300
