"""The comparison flattened: one row per compared claim, group facts repeated."""

from __future__ import annotations

import pandas as pd

from reconcile.compare import GROUP_KEY, Comparison

GROUP_FIELDS = ["status", "spread", "difference", "pair", "sources", "attribution_conflict"]
CLAIM_FIELDS = [
    "source", "source_written", "figure", "low", "best", "high", "qualifier", "published", "date_start",
    "date_end", "place", "perpetrator_raw", "actor_status", "origin",
]


def long_frame(comparison: Comparison) -> pd.DataFrame:
    """Groups × claims, in display order."""
    groups = comparison.groups[["group_id", *GROUP_KEY, *GROUP_FIELDS]]
    claims = comparison.claims[["group_id", *CLAIM_FIELDS]]
    return groups.merge(claims, on="group_id").sort_values(["group_id", "source"]).drop(columns="group_id")
