"""JSON in the shape DESIGN.md fixes; fields may be added, never renamed.

Infinite bounds (``more than 700``) and spreads are ``null``: JSON has no
infinity.
"""

from __future__ import annotations

import json
import math

import pandas as pd

from reconcile.compare import Comparison
from reconcile.render.long import CLAIM_FIELDS
from reconcile.render.numbers import day


def _finite(value) -> float | None:
    if value is None or pd.isna(value) or math.isinf(value):
        return None
    return float(value)


def _claim(row: dict) -> dict:
    claim = {field: row[field] for field in CLAIM_FIELDS}
    for field in ("low", "best", "high"):
        claim[field] = _finite(row[field])
    for field in ("published", "date_start", "date_end"):
        claim[field] = day(row[field]) or None
    return claim


def comparison_document(comparison: Comparison) -> dict:
    """The comparison as plain Python data (what ``--format json`` prints)."""
    claims_by_group: dict[int, list[dict]] = {}
    # One pass over all claims (already in group order), not one frame per group.
    for row in comparison.claims.sort_values("group_id", kind="stable").to_dict("records"):
        claims_by_group.setdefault(row["group_id"], []).append(_claim(row))
    spans = {row["incident"]: row for row in comparison.incidents.to_dict("records")}
    groups = []
    for group in comparison.groups.to_dict("records"):
        incident = spans[group["incident"]]
        groups.append(
            {
                "incident": group["incident"],
                "incident_start": day(incident["start"]),
                "incident_end": day(incident["end"]),
                "perpetrator": group["perpetrator"],
                "victims": group["victims"],
                "status": group["status"],
                "spread": _finite(group["spread"]),
                "difference": _finite(group["difference"]),
                "pair": group["pair"] or None,
                "attribution_conflict": bool(group["attribution_conflict"]),
                "claims": claims_by_group[group["group_id"]],
            }
        )
    return {
        "groups": groups,
        "attribution_conflicts": comparison.attributions.to_dict("records"),
        "inconsistencies": [
            {**row, "best": _finite(row["best"]), "best_whole": _finite(row["best_whole"])}
            for row in comparison.inconsistencies.to_dict("records")
        ],
        "superseded": comparison.superseded[["origin", "source", "figure", "reason"]].to_dict("records"),
        "rows": dict(comparison.rows),
        "rejected": comparison.rejected[["origin", "reason"]].to_dict("records"),
        "no_claim": [] if comparison.skipped is None else comparison.skipped[["origin", "reason"]].to_dict("records"),
        "tolerance": comparison.tolerance,
        "as_of": day(comparison.as_of) or None,
    }


def comparison_json(comparison: Comparison) -> str:
    return json.dumps(comparison_document(comparison), ensure_ascii=False, indent=2) + "\n"
