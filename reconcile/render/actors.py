"""What ``reconcile actors`` shows: each perpetrator string and what it became."""

from __future__ import annotations

import pandas as pd

from reconcile.dates import OPEN_END, OPEN_START, is_open_end, is_open_start
from reconcile.render.frame import frame_text
from reconcile.render.numbers import span


def actor_mapping(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (perpetrator string, canonical actor, status): claims, sources, dates, note."""
    named = claims.loc[claims["perpetrator_raw"] != ""]
    mapping = named.groupby(["perpetrator_raw", "perpetrator", "actor_status", "actor_rule", "actor_note"],
                            as_index=False).agg(
        claims=("origin", "size"),
        sources=("source", lambda s: ", ".join(sorted(set(s)))),
        first_date=("date_start", "min"),
        last_date=("date_end", "max"),
    )
    # An open bound (a toll "to date", an undated estimate) is no date to show.
    mapping["first_date"] = mapping["first_date"].where(~mapping["first_date"].map(is_open_start))
    mapping["last_date"] = mapping["last_date"].where(~mapping["last_date"].map(is_open_end))
    mapping = mapping.rename(
        columns={"perpetrator_raw": "as_written", "perpetrator": "actor", "actor_status": "status",
                 "actor_rule": "rule", "actor_note": "note"}
    )
    rank = mapping["status"].map({"unmapped": 0, "unidentified": 1, "ambiguous": 2, "inferred": 3,
                                  "mapped": 4})
    order = mapping.assign(_r=rank).sort_values(["_r", "as_written", "first_date"]).index
    columns = ["as_written", "actor", "status", "rule", "claims", "sources", "first_date", "last_date",
               "note"]
    return mapping.loc[order, columns].reset_index(drop=True)


def render_actor_mapping(mapping: pd.DataFrame, fmt: str, raw: bool = False, width: int | None = None) -> str:
    if mapping.empty and fmt in ("table", "markdown"):
        return "No perpetrator strings in the input.\n"
    if fmt in ("table", "markdown"):  # to read at a terminal's width: one column for the dates, one for how
        note = mapping["note"].fillna("")
        how = mapping["rule"].where(note == "", (mapping["rule"] + "; " + note).str.removeprefix("; "))
        dates = [span(first, last) for first, last in
                 zip(mapping["first_date"].fillna(OPEN_START), mapping["last_date"].fillna(OPEN_END),
                     strict=True)]
        mapping = mapping[["as_written", "actor", "status", "claims", "sources"]].assign(dates=dates, how=how)
    return frame_text(mapping, fmt, title="Perpetrator strings and the actors they map to", raw=raw,
                      width=width)
