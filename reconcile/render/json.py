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


def _incidents(comparison: Comparison) -> list[dict]:
    """Each incident's span and places; with --explain, why its claims were joined."""
    reasons = comparison.reasons
    by_incident = dict(tuple(reasons.groupby("incident"))) if reasons is not None else {}
    incidents = []
    for row in comparison.incidents.to_dict("records"):
        entry = {
            "incident": row["incident"], "start": day(row["start"]), "end": day(row["end"]),
            "places": row["places"], "matched": bool(row["matched"]), "claims": int(row["claims"]),
        }
        if reasons is not None:
            mine = by_incident.get(row["incident"], reasons.iloc[:0])
            entry["reasons"] = mine[["kind", "origin_a", "origin_b", "text"]].to_dict("records")
        incidents.append(entry)
    return incidents


def _review(document: dict, comparison: Comparison, review) -> None:
    """Adds the baseline diff and the gate's verdict (``--baseline``, ``--fail-on``) to ``document``."""
    from reconcile.compare import GROUP_KEY

    groups = document["groups"]
    if review.changes is not None:
        changes = review.changes.set_index("group_id")
        for group, group_id in zip(groups, comparison.groups["group_id"], strict=True):
            change = changes.loc[group_id]
            group["change"] = change["change"]
            group["previous_status"] = None if pd.isna(change["previous_status"]) else change["previous_status"]
            group["figure_changes"] = change["figure_changes"] or None
        document["baseline"] = {
            "file": review.baseline,
            **review.counts(),
            "resolved_groups": [
                {**{k: row[k] for k in GROUP_KEY}, "status": row["status"], "spread": _finite(row["spread"])}
                for row in review.resolved.to_dict("records")
            ],
        }
    if review.gate is not None:
        triggered = dict(review.triggered.itertuples(index=False))
        for group, group_id in zip(groups, comparison.groups["group_id"], strict=True):
            group["triggered"] = triggered[group_id].split(", ") if group_id in triggered else []
        document["gate"] = {
            "fail_on": review.gate.names,
            "failed": review.failed,
            "triggered": [
                {k: group[k] for k in (*GROUP_KEY, "status", "spread", "triggered")}
                for group in groups if group["triggered"]
            ],
        }


def comparison_document(comparison: Comparison, review=None) -> dict:
    """The comparison as plain Python data (what ``--format json`` prints).

    With a :class:`~reconcile.gates.Review`, groups also get ``change`` and
    ``previous_status`` (with a baseline) and ``triggered`` (with a gate), and
    the document ``baseline`` and ``gate``.
    """
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
                "incident_places": incident["places"],
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
    document = {
        "groups": groups,
        "incidents": _incidents(comparison),
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
    if review is not None:
        _review(document, comparison, review)
    return document


def comparison_json(comparison: Comparison, review=None) -> str:
    return json.dumps(comparison_document(comparison, review), ensure_ascii=False, indent=2) + "\n"
