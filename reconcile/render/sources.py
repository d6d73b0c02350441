"""What ``reconcile sources`` shows: each source name as written and the source it counts as."""

from __future__ import annotations

import pandas as pd

from reconcile.render.frame import frame_text
from reconcile.text import join_per_key


def source_mapping(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (name as written, source, rule): its claims and their countries."""
    key = claims["source_written"] + "\x1f" + claims["source"] + "\x1f" + claims["source_rule"]
    mapping = claims.assign(_key=key).groupby("_key", as_index=False, sort=False).agg(
        as_written=("source_written", "first"), source=("source", "first"), rule=("source_rule", "first"),
        claims=("origin", "size"))
    placed = claims.assign(_key=key).loc[claims["claim_country"] != "",
                                         ["_key", "claim_country"]].drop_duplicates()
    countries = join_per_key(placed["_key"], placed["claim_country"].sort_values(), ", ")
    mapping["countries"] = mapping["_key"].map(countries).fillna("")
    mapping["rule"] = mapping["rule"].where(mapping["rule"] != "", "as written")
    mapping = mapping.assign(_known=mapping["rule"] != "as written").sort_values(
        ["_known", "source", "as_written"])
    return mapping[["as_written", "source", "rule", "claims", "countries"]].reset_index(drop=True)


def render_source_mapping(mapping: pd.DataFrame, fmt: str, raw: bool = False,
                          width: int | None = None) -> str:
    if mapping.empty and fmt in ("table", "markdown"):
        return "No sources in the input.\n"
    return frame_text(mapping, fmt, title="Source names and the sources they count as", raw=raw, width=width)
