"""What the details panel shows for a clicked event, place, enclave or segment.

Functions here return plain dataclasses and DataFrames; the app decides how to
draw them. Text stays raw (the app renders it as text, never as HTML), and a
source link is only given for an http(s) URL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from geo.claims import claims_side_by_side, claims_table
from geo.estimates import Estimate, estimates_for_event
from geo.i18n import N_, format_date, format_number, local_name, t
from geo.load import Dataset
from geo.text import cell_text, figure_text, web_url
from geo.timeline import claims_through_time
from geo.vocabulary import (
    ACTORS,
    DATE_PRECISIONS,
    EVENT_TYPES,
    PLACE_PRECISIONS,
    SEGMENT_STATUSES,
    TRIGGERS,
)

__all__ = [
    "Details",
    "Source",
    "details_for",
    "figure_text",
]


@dataclass(frozen=True)
class Source:
    """A source as the panel lists it."""

    source_id: str
    title: str
    publisher: str
    published: dt.date | None
    url: str | None
    note: str

    @property
    def label(self) -> str:
        return self.label_in("en")

    def label_in(self, lang: str) -> str:
        """Title and publisher as recorded, the publication date in ``lang``."""
        when = f", {format_date(self.published, lang)}" if self.published else ""
        return f"{self.title} — {self.publisher}{when}"


@dataclass(frozen=True)
class Details:
    """Everything the panel shows about one feature."""

    kind: str
    feature_id: str
    title: str
    facts: tuple[tuple[str, str], ...] = ()
    description: str = ""
    claims: pd.DataFrame | None = None
    claims_by_side: pd.DataFrame | None = None
    estimates: tuple[Estimate, ...] = ()
    through_time: pd.DataFrame | None = None
    events: pd.DataFrame | None = None
    sources: tuple[Source, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def _row(frame: pd.DataFrame, column: str, value: str) -> pd.Series | None:
    """The first row of ``frame`` whose ``column`` equals ``value``, or None."""
    found = frame[frame[column] == value]
    return None if found.empty else found.iloc[0]


def _sources(dataset: Dataset, ids: tuple[str, ...] | list[str]) -> tuple[Source, ...]:
    table = dataset.sources.set_index("source_id")
    found = []
    for source_id in dict.fromkeys(ids):
        if source_id not in table.index:
            continue
        row = table.loc[source_id]
        found.append(
            Source(
                source_id=source_id,
                title=row["title"],
                publisher=row["publisher"],
                published=row["published"] if isinstance(row["published"], dt.date) else None,
                url=web_url(row["url"]),
                note=row["note"] or "",
            )
        )
    return tuple(found)


def _date_span(start: dt.date, end: dt.date, precision: str, lang: str = "en") -> str:
    span = format_date(start, lang)
    if start != end:
        span += f" – {format_date(end, lang)}"
    return f"{span} ({t(DATE_PRECISIONS[precision], lang)})"


def _place_names(dataset: Dataset, ids: tuple[str, ...], lang: str = "en") -> str:
    table = dataset.places.set_index("place_id")
    names = [
        local_name(table.loc[i, "name"], table.loc[i, "alt_names"], lang) if i in table.index else i
        for i in ids
    ]
    return ", ".join(names) or "—"


def _event_details(dataset: Dataset, event_id: str, lang: str = "en") -> Details | None:
    e = _row(dataset.events, "event_id", event_id)
    if e is None:
        return None
    facts = [
        (N_("When"), _date_span(e["date_start"], e["date_end"], e["date_precision"], lang)),
        (N_("Type"), t(EVENT_TYPES[e["event_type"]].label, lang)),
        (N_("Places"), _place_names(dataset, e["place_ids"], lang)),
    ]
    if e["location_note"]:
        facts.append((N_("Location note"), e["location_note"]))  # data text: as recorded
    if e.get("trigger"):
        facts.append((N_("What started it (per the sources)"), t(TRIGGERS[e["trigger"]], lang)))
    if e.get("actors"):
        involved = ", ".join(t(ACTORS[code].label, lang) for code in e["actors"])
        facts.append((
            N_("Named by the sources: forces and authorities taking part, residents taking part or hit, "
               "third parties"),
            involved,
        ))
    estimates = tuple(
        estimates_for_event(dataset.claims, event_id, events=dataset.events, sources=dataset.sources)
    )
    left_out = {claim_id for est in estimates for claim_id, _ in est.claims_left_out}
    return Details(
        kind="event",
        feature_id=event_id,
        title=e["title"],
        facts=tuple(facts),
        description=e["description"],
        claims=claims_table(dataset, event_id, lang),
        claims_by_side=claims_side_by_side(dataset, event_id, lang),
        estimates=estimates,
        through_time=claims_through_time(
            dataset.claims, dataset.sources, event_id, leave_out=left_out, lang=lang
        ),
        sources=_sources(dataset, e["source_ids"]),
    )


def events_at_place(events: pd.DataFrame, place_id: str, lang: str = "en") -> pd.DataFrame:
    """The given events that name ``place_id``, as a small display table."""
    # A boolean Series even when there are no events (an empty .apply result would be
    # taken as a list of columns).
    here = events[pd.Series([place_id in ids for ids in events["place_ids"]], index=events.index, dtype=bool)]
    return pd.DataFrame(
        {
            "Date": [format_date(d, lang) for d in here["date_start"]],
            "Type": [t(EVENT_TYPES[code].label, lang) for code in here["event_type"]],
            "Event": list(here["title"]),
            "id": list(here["event_id"]),
        }
    )


def _km(value: float, lang: str, text: str = N_("{n} km")) -> str:
    return t(text, lang).format(n=format_number(value, lang, digits=1))


def _computed_place_facts(dataset: Dataset, place_id: str, lang: str = "en") -> list[tuple[str, str]]:
    from geo.facts import place_facts

    found = place_facts(dataset).set_index("place_id")
    if place_id not in found.index:
        return []
    f = found.loc[place_id]
    rows = [
        (N_("Lies in (our geometry)"), f["geometry_country"]),
        (
            N_("Distance to the KG–TJ border"),
            _km(f["km_to_kg_tj_border"], lang, N_("{n} km (OSM line, UTM 42N)")),
        ),
    ]
    if f["km_to_other_country"] is not None:
        rows.append((N_("Distance to another country"), _km(f["km_to_other_country"], lang)))
    return rows


def _place_details(
    dataset: Dataset, place_id: str, events_in_range: pd.DataFrame, lang: str = "en"
) -> Details | None:
    p = _row(dataset.places, "place_id", place_id)
    if p is None:
        return None
    facts = [
        (N_("Country"), p["country"]),
        (N_("Admin"), p["admin"] or "—"),
        (N_("Other spellings"), p["alt_names"] or "—"),
        (N_("Location"), f"{p['precision']}: {t(PLACE_PRECISIONS[p['precision']], lang)}"),
    ]
    if p.geometry is not None:
        facts.append((N_("Coordinates"), f"{p.geometry.y:.5f} N, {p.geometry.x:.5f} E"))
        facts.extend(_computed_place_facts(dataset, place_id, lang))
    return Details(
        kind="place",
        feature_id=place_id,
        title=local_name(p["name"], p["alt_names"], lang),
        facts=tuple(facts),
        description=p["note"] or "",
        events=events_at_place(events_in_range, place_id, lang),
        sources=_sources(dataset, p["source_ids"]),
    )


def _enclave_details(dataset: Dataset, enclave_id: str, lang: str = "en") -> Details | None:
    e = _row(dataset.enclaves, "enclave_id", enclave_id)
    if e is None:
        return None
    others = dataset.enclaves[
        (dataset.enclaves["name"] == e["name"]) & (dataset.enclaves["enclave_id"] != enclave_id)
    ]
    local_names = "; ".join(
        f"{code}: {cell_text(e.get(f'name_{code}'))}"
        for code in ("ru", "ky", "tg", "uz")
        if cell_text(e.get(f"name_{code}"))
    )
    area = N_("{n} km² (this outline)")
    facts = [
        (N_("Names"), local_names or "—"),
        (N_("Belongs to"), e["sovereign"]),
        (N_("Surrounded by"), e["surrounded_by"]),
        (N_("Area (geodesic)"), t(area, lang).format(n=format_number(e["area_km2"], lang, digits=2))),
        (N_("Outline"), e["outline"]),
        (N_("Other spellings"), e["alt_names"] or "—"),
    ]
    facts.extend(
        (
            N_("Other outline"),
            f"{o['outline']}: {t('{n} km²', lang).format(n=format_number(o['area_km2'], lang, digits=2))}",
        )
        for _, o in others.iterrows()
    )
    figures = dataset.enclave_facts[dataset.enclave_facts["enclave"] == e["name"]]
    table = pd.DataFrame(
        {
            "Fact": list(figures["fact"]),
            "Value": [
                f"{v} {cell_text(u)}".strip() for v, u in zip(figures["value"], figures["unit"], strict=True)
            ],
            "As of": [cell_text(a) or t("not stated", lang) for a in figures["as_of"]],
            "Source": [_source_title(dataset, i) for i in figures["source_id"]],
            "Link": pd.Series([_source_url(dataset, i) for i in figures["source_id"]], dtype=object),
            "Note": [cell_text(n) for n in figures["note"]],
        }
    )
    return Details(
        kind="enclave",
        feature_id=enclave_id,
        title=t("{name} (enclave)", lang).format(name=e["name"]),
        facts=tuple(facts),
        description=e["note"] or "",
        claims=table,
        sources=_sources(dataset, [*e["source_ids"], *figures["source_id"]]),
    )


def _source_title(dataset: Dataset, source_id: str) -> str:
    source = _row(dataset.sources, "source_id", source_id)
    return source_id if source is None else source["title"]


def _source_url(dataset: Dataset, source_id: str) -> str | None:
    source = _row(dataset.sources, "source_id", source_id)
    return None if source is None else web_url(source["url"])


def _segment_details(dataset: Dataset, segment_id: str, when: dt.date, lang: str = "en") -> Details | None:
    from geo.filters import segment_status_at

    segments = segment_status_at(dataset, when)
    s = _row(segments, "segment_id", segment_id)
    if s is None:
        return None
    history = dataset.segment_status[dataset.segment_status["segment_id"] == segment_id]
    timeline = tuple(
        t("from {date}: {status}", lang).format(
            date=format_date(h["valid_from"], lang), status=t(SEGMENT_STATUSES[h["status"]].label, lang)
        )
        + f" — {h['note']}"  # the note is data text: as recorded
        for _, h in history.sort_values("valid_from").iterrows()
    )
    facts = [
        (
            N_("Status at the end of the range"),
            f"{t(SEGMENT_STATUSES[s['status']].label, lang)} ({format_date(when, lang)})",
        ),
        (N_("Length"), _km(s["length_km"], lang)),
        (
            N_("Geometry"),
            t(N_("approximate extent") if s["approximate"] else N_("as drawn in the source"), lang),
        ),
    ]
    source_ids = list(s["source_ids"]) + [i for ids in history["source_ids"] for i in ids]
    return Details(
        kind="segment",
        feature_id=segment_id,
        title=s["name"],
        facts=tuple(facts),
        description=s["note"] or "",
        sources=_sources(dataset, source_ids),
        notes=timeline,
    )


def _overlap_area(area: pd.Series, lang: str = "en") -> tuple[tuple[str, str], ...]:
    """The area of an overlap of the two countries' district maps, as a fact line."""
    km2 = area.get("area_km2")
    if not pd.notna(km2):
        return ()
    return (
        (
            N_("Area claimed by both district maps"),
            t("{n} km²", lang).format(n=format_number(km2, lang, digits=2)),
        ),
    )


def _admin_details(dataset: Dataset, area_id: str, lang: str = "en") -> Details | None:
    a = _row(dataset.admin_areas, "area_id", area_id)
    if a is None:
        return None
    return Details(
        kind="admin",
        feature_id=area_id,
        title=a["name"],
        facts=((N_("Country"), a["country"]), (N_("Level"), a["level"]), *_overlap_area(a, lang)),
        description=cell_text(a["note"]),
        sources=_sources(dataset, a["source_ids"]),
    )


def _country_details(dataset: Dataset, iso: str) -> Details | None:
    c = _row(dataset.countries, "iso_a3", iso)
    if c is None:
        return None
    return Details(
        kind="country",
        feature_id=iso,
        title=c["name"],
        facts=((N_("Role on this map"), c["role"]),),
        sources=_sources(dataset, c["source_ids"]),
    )


def details_for(
    dataset: Dataset,
    kind: str,
    feature_id: str,
    *,
    events_in_range: pd.DataFrame,
    when: dt.date,
    lang: str = "en",
) -> Details | None:
    """Details of one feature, or ``None`` if it is not in the data.

    Parameters
    ----------
    dataset
        The loaded data.
    kind
        ``event``, ``place``, ``enclave``, ``segment`` or ``country`` (the
        ``kind`` property of the clicked feature).
    feature_id
        The feature's id.
    events_in_range
        The filtered events (a place lists only those).
    when
        The end of the selected range (a segment's status is given for it).
    lang
        Codes, figures and dates in this language, place names too where a spelling is
        recorded; fact labels stay English msgids (the page translates them with `t`) and
        data text is kept as recorded.
    """
    handlers = {
        "event": lambda: _event_details(dataset, feature_id, lang),
        "place": lambda: _place_details(dataset, feature_id, events_in_range, lang),
        "enclave": lambda: _enclave_details(dataset, feature_id, lang),
        "segment": lambda: _segment_details(dataset, feature_id, when, lang),
        "country": lambda: _country_details(dataset, feature_id),
        "admin": lambda: _admin_details(dataset, feature_id, lang),
    }
    handler = handlers.get(kind)
    return handler() if handler else None
