"""One event's claims as the details panel shows them: every claim in a row, and side by side.

Nothing is averaged: each claim keeps its figure as given (low–high, qualifier), its
claimant, date, source and lineage (which claim it repeats, or that it is unverified).
"""

from __future__ import annotations

import pandas as pd

from geo.i18n import format_date, t
from geo.load import Dataset
from geo.text import cell_text, figure_text, web_url
from geo.vocabulary import AFFECTED_SIDES, CLAIMANT_SIDES, CLAIMANT_TYPES, METRICS

__all__ = ["claims_side_by_side", "claims_table", "lineage_text"]


def lineage_text(claim: pd.Series, lang: str = "en") -> str:
    """``"repeats c209"``, ``"unverified"``, both, or empty: why a claim may not count."""
    parts = []
    if cell_text(claim.get("repeats")):
        parts.append(t("repeats {claim}", lang).format(claim=claim["repeats"]))
    if cell_text(claim.get("status")):
        parts.append(t(str(claim["status"]), lang))
    return "; ".join(parts)


def claims_table(dataset: Dataset, event_id: str, lang: str = "en") -> pd.DataFrame:
    """Every claim about one event, one row each, ordered by metric and side.

    ``Claim`` is the claim id; ``Lineage`` says which claim it repeats, or that
    it is unverified (``status``), when so.
    """
    claims = dataset.claims[dataset.claims["event_id"] == event_id]
    sources = dataset.sources.set_index("source_id")
    order = {side: i for i, side in enumerate(CLAIMANT_SIDES)}
    metric_order = {metric: i for i, metric in enumerate(METRICS)}
    affected_order = {side: i for i, side in enumerate(AFFECTED_SIDES)}
    rows = []
    for _, c in claims.iterrows():
        source = sources.loc[c["source_id"]] if c["source_id"] in sources.index else None
        rows.append(
            {
                "_metric_order": metric_order[c["metric"]],
                "_side_order": order[c["claimant_side"]],
                "_affected_order": affected_order[c["affected_side"]],
                "Claim": c["claim_id"],
                "Metric": t(METRICS[c["metric"]], lang),
                "Whose": t(AFFECTED_SIDES[c["affected_side"]], lang),
                "Figure": figure_text(c["value_low"], c["value_high"], c["qualifier"], lang),
                "Lineage": lineage_text(c, lang),
                "Claimant side": t(CLAIMANT_SIDES[c["claimant_side"]], lang),
                "Claimant": f"{c['claimant']} ({t(CLAIMANT_TYPES[c['claimant_type']], lang)})",
                "Claimed on": format_date(c["claim_date"], lang)
                if c["claim_date"]
                else t("date not stated", lang),
                "Source": source["title"] if source is not None else c["source_id"],
                "Link": web_url(source["url"]) if source is not None else None,
                "Note": c["note"] or "",
            }
        )
    if not rows:
        return pd.DataFrame(
            columns=[
                "Claim",
                "Metric",
                "Whose",
                "Figure",
                "Lineage",
                "Claimant side",
                "Claimant",
                "Claimed on",
                "Source",
                "Link",
                "Note",
            ]
        )
    order_columns = ["_metric_order", "_affected_order", "_side_order"]
    frame = pd.DataFrame(rows).sort_values(order_columns, kind="stable")
    frame["Link"] = pd.Series([r["Link"] for r in rows], index=range(len(rows)), dtype=object)
    return frame.drop(columns=order_columns).reset_index(drop=True)


def claims_side_by_side(dataset: Dataset, event_id: str, lang: str = "en") -> pd.DataFrame:
    """Claims pivoted: one row per (metric, whose), one column per claimant side.

    A cell lists every figure that side's claimants gave, with who and when,
    so disagreement is visible at a glance and nothing is averaged away. Column names
    stay English (the page translates them); codes, figures and dates are in ``lang``.
    """
    claims = dataset.claims[dataset.claims["event_id"] == event_id]
    columns = ["Metric", "Whose", *CLAIMANT_SIDES.values()]
    if claims.empty:
        return pd.DataFrame(columns=columns)
    cells: dict[tuple[str, str], dict[str, list[str]]] = {}
    for _, c in claims.sort_values(["claim_date", "claim_id"], na_position="last").iterrows():
        key = (c["metric"], c["affected_side"])
        when = f", {format_date(c['claim_date'], lang)}" if c["claim_date"] else ""
        lineage = lineage_text(c, lang)
        lineage = f"; {lineage}" if lineage else ""
        text = (
            f"{figure_text(c['value_low'], c['value_high'], c['qualifier'], lang)} "
            f"({c['claim_id']}: {c['claimant']}{when}{lineage})"
        )
        cells.setdefault(key, {}).setdefault(CLAIMANT_SIDES[c["claimant_side"]], []).append(text)
    metric_order = list(METRICS)
    rows = []
    for (metric, affected), by_side in sorted(cells.items(), key=lambda kv: metric_order.index(kv[0][0])):
        row = {"Metric": t(METRICS[metric], lang), "Whose": t(AFFECTED_SIDES[affected], lang)}
        for label in CLAIMANT_SIDES.values():
            row[label] = "; ".join(by_side.get(label, [])) or "—"
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)
