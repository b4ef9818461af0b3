"""Controlled vocabularies: event types, date precisions, claim metrics, statuses.

Each vocabulary is a lookup table (code -> label and style) rather than a chain
of ``if`` statements, so adding a category is one row here. ``data/README.md``
documents the same codes for people editing the CSV files.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "ACTORS",
    "AGGREGATE",
    "INCIDENT_TYPES",
    "CLAIM_STATUSES",
    "TRIGGERS",
    "TRIGGER_COLOURS",
    "COLOUR_BY",
    "Actor",
    "CLAIMANT_SIDES",
    "CLAIMANT_TYPES",
    "DATE_PRECISIONS",
    "EVENT_TYPES",
    "METRICS",
    "PLACE_PRECISIONS",
    "QUALIFIERS",
    "SEGMENT_STATUSES",
    "AFFECTED_SIDES",
    "EventType",
    "SegmentStatus",
]


@dataclass(frozen=True)
class EventType:
    """How an event type is named, coloured and related to ACLED's scheme."""

    label: str
    colour: str
    acled: str
    incident: bool = False
    """An incident on the ground (violence, coercion, blockade, detention): what the coverage
    table, the incident counts and the analysis count; talks, statements and agreements are not."""


# Close to ACLED's event types (Battles, Explosions/Remote violence, Violence
# against civilians, Riots, Strategic developments), plus diplomatic and legal
# events that a border conflict's record needs.
EVENT_TYPES: MappingProxyType[str, EventType] = MappingProxyType(
    {
        "armed_clash": EventType("Armed clash", "#d62728", "Battles: armed clash", incident=True),
        "shelling": EventType(
            "Shelling / rocket fire", "#8c2d04", "Explosions/Remote violence: shelling/artillery",
            incident=True,
        ),
        "drone_strike": EventType(
            "Drone strike", "#7f0000", "Explosions/Remote violence: air/drone strike",
            incident=True,
        ),
        "civilian_harm": EventType(
            "Violence against civilians", "#e377c2", "Violence against civilians",
            incident=True,
        ),
        "communal_clash": EventType(
            "Clash between residents", "#ff7f0e", "Riots: mob violence",
            incident=True,
        ),
        "arson_looting": EventType(
            "Arson / looting", "#bcbd22", "Strategic developments: looting/property destruction",
            incident=True,
        ),
        "blockade": EventType(
            "Blockade (road, water, crossing)", "#fdae6b",
            "Protests / Strategic developments: other (blockade)", incident=True,
        ),
        "detention": EventType(
            "Detention / hostage-taking", "#6a3d9a",
            "Strategic developments: arrests; Violence against civilians: abduction", incident=True,
        ),
        "evacuation": EventType(
            "Evacuation / displacement", "#9467bd", "Strategic developments: other"
        ),
        "state_of_emergency": EventType(
            "State of emergency", "#8c564b", "Strategic developments: other"
        ),
        "ceasefire": EventType("Ceasefire", "#2ca02c", "Strategic developments: agreement"),
        "agreement": EventType("Agreement / protocol", "#1f77b4", "Strategic developments: agreement"),
        "talks": EventType("Talks / meeting", "#17becf", "Strategic developments: other"),
        "statement": EventType("Statement", "#7f7f7f", "Strategic developments: other"),
        "ratification": EventType("Ratification", "#393b79", "Strategic developments: agreement"),
        "legal": EventType("Legal / institutional step", "#5254a3", "Strategic developments: other"),
        "reopening": EventType(
            "Reopening of crossings / links", "#637939", "Strategic developments: other"
        ),
        "other": EventType("Other development", "#a0a0a0", "Strategic developments: other"),
        # Not an event at all: a row that only carries figures over a period or an episode
        # ("border incidents of 2011", "September 2022: overall casualty figures"). It keeps
        # its claims and its details panel, but is never counted or drawn as an incident.
        "aggregate": EventType(
            "Period summary (not an incident)", "#c7c7c7", "— (not an event: figures over a period)"
        ),
    }
)

# The event type of summary rows: excluded from incident counts, the timeline and the map.
AGGREGATE = "aggregate"

# The event types that are incidents on the ground (never a period summary).
INCIDENT_TYPES = frozenset(code for code, kind in EVENT_TYPES.items() if kind.incident)

# date_precision applies to date_start and date_end alike; codes follow UCDP's
# idea of date precision (exact day ... year) in words.
DATE_PRECISIONS: MappingProxyType[str, str] = MappingProxyType(
    {
        "day": "exact day(s)",
        "range": "at some time within the dates given",
        "week": "within the week given",
        "month": "within the month given",
        "year": "within the year given",
    }
)

METRICS: MappingProxyType[str, str] = MappingProxyType(
    {
        "killed": "killed",
        "killed_civilians": "civilians killed",
        "killed_military": "military / security personnel killed",
        "injured": "injured",
        "displaced": "displaced",
        "evacuated": "evacuated",
        "detained": "people detained",
        "houses_destroyed": "houses destroyed",
        "houses_damaged": "houses damaged",
        "buildings_destroyed": "buildings destroyed",
        "buildings_damaged": "buildings damaged or destroyed",
        "incidents": "incidents counted",
    }
)

# A claim's status (claims.csv `status`; empty = read in the source as the claimant's).
CLAIM_STATUSES: MappingProxyType[str, str] = MappingProxyType(
    {
        "unverified": "the claimant's own statement was not found: shown, never used in the summary",
    }
)

CLAIMANT_SIDES: MappingProxyType[str, str] = MappingProxyType(
    {"KG": "Kyrgyz side", "TJ": "Tajik side", "independent": "Independent"}
)

CLAIMANT_TYPES: MappingProxyType[str, str] = MappingProxyType(
    {
        "government": "government",
        "ministry": "ministry / agency",
        "media": "media",
        "ngo": "NGO",
        "international_org": "international organisation",
        "academic": "academic",
        "dataset": "dataset",
    }
)

AFFECTED_SIDES: MappingProxyType[str, str] = MappingProxyType(
    {
        "KG": "in Kyrgyzstan / Kyrgyz citizens",
        "TJ": "in Tajikistan / Tajik citizens",
        "both": "both sides together",
        "unknown": "side not stated",
    }
)

QUALIFIERS: MappingProxyType[str, str] = MappingProxyType(
    {
        "exact": "",
        "at_least": "at least",
        "about": "about",
        "more_than": "more than",
        "nearly": "nearly",
        "up_to": "up to",
    }
)

PLACE_PRECISIONS: MappingProxyType[str, str] = MappingProxyType(
    {
        "exact": "coordinates of the place itself from the named source (a GeoNames village "
        "point: about ±1 km)",
        "approximate": "located from a description, or a post or section drawn at the village it "
        "is named after; may be off by a few km",
        "centroid": "a point inside the area (enclave or district): only the area is known",
        "unknown": "location not established; not drawn on the map",
    }
)


@dataclass(frozen=True)
class SegmentStatus:
    """How a border segment status is named and drawn."""

    label: str
    colour: str
    dash: str | None
    weight: int


SEGMENT_STATUSES: MappingProxyType[str, SegmentStatus] = MappingProxyType(
    {
        "disputed": SegmentStatus("Disputed", "#d62728", "6 4", 4),
        "undelimited": SegmentStatus("Not delimited", "#ff7f0e", "2 4", 3),
        "partly_delimited": SegmentStatus("Partly delimited", "#bc8f00", "10 4", 3),
        "delimited_protocol": SegmentStatus("Delimited (protocol)", "#1f77b4", None, 3),
        "treaty_signed": SegmentStatus("Treaty signed", "#78c679", "6 3", 3),
        "treaty_ratified": SegmentStatus("Treaty ratified", "#41ab5d", "12 3", 3),
        "delimited_treaty": SegmentStatus("Delimited (treaty)", "#2ca02c", None, 3),
        "abolished": SegmentStatus("No longer a border", "#9e9e9e", "1 6", 2),
        "unknown": SegmentStatus("Status not known", "#7f7f7f", "1 3", 2),
    }
)


# What started an incident, as its sources state it (issue: "why it happens"). `unknown` is a
# recorded answer ("no source says"), an empty cell means "not assessed" (talks, statements …).
TRIGGERS: MappingProxyType[str, str] = MappingProxyType(
    {
        "water": "Water (canals, intakes, distribution points)",
        "land_pasture": "Land or pasture",
        "road_construction": "Road or construction",
        "border_infrastructure": "Border post or infrastructure (posts, cameras, fences, flags)",
        "detention": "Detention of a person",
        "unknown": "Not stated by the sources",
    }
)


# Colours of the events when the map colours them by trigger (an alternative to their type);
# "" is an event whose trigger was not assessed (talks, statements …).
TRIGGER_COLOURS: MappingProxyType[str, str] = MappingProxyType(
    {
        "water": "#1f78b4",
        "land_pasture": "#33a02c",
        "road_construction": "#ff7f00",
        "border_infrastructure": "#6a3d9a",
        "detention": "#e31a1c",
        "unknown": "#8c8c8c",
        "": "#d9d9d9",
    }
)
COLOUR_BY = ("type", "trigger")  # what the event markers' colour shows


@dataclass(frozen=True)
class Actor:
    """Who took part in an event: one of the two sides, or a third party."""

    label: str
    third_party: bool


ACTORS: MappingProxyType[str, Actor] = MappingProxyType(
    {
        "kg_border_guards": Actor("Kyrgyz border guards", False),
        "tj_border_guards": Actor("Tajik border troops", False),
        "kg_armed_forces": Actor("Kyrgyz armed forces", False),
        "tj_armed_forces": Actor("Tajik armed forces", False),
        "kg_police": Actor("Kyrgyz police", False),
        "tj_police": Actor("Tajik police", False),
        "kg_residents": Actor("Kyrgyz residents", False),
        "tj_residents": Actor("Tajik residents", False),
        "kg_government": Actor("Kyrgyz government", False),
        "tj_government": Actor("Tajik government", False),
        "russia": Actor("Russia", True),
        "csto": Actor("CSTO", True),
        "sco": Actor("SCO", True),
        "cis": Actor("CIS", True),
        "uzbekistan": Actor("Uzbekistan", True),
        "kazakhstan": Actor("Kazakhstan", True),
        "eu": Actor("European Union", True),
        "osce": Actor("OSCE", True),
        "un": Actor("United Nations", True),
        "red_cross": Actor("Red Cross / Red Crescent", True),
    }
)
