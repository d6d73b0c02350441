"""Choosing among an alias's actors by the claim's dates.

A reading names candidate actors, each valid for a period (the alias's
validity cut to the actor's own). The candidate covering most days of the
claim wins; when several cover some of it, the claim is ``ambiguous`` and the
note names the others; when none does, the note says when the words name an
actor. All of it runs on classes of (reading, period), never per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.actors.tables import NAT_DAY, OPEN_FROM, OPEN_TO, period_text
from reconcile.text import join_per_key


def _join_by_tid(tid: pd.Series, text: pd.Series) -> pd.Series:
    return join_per_key(tid, text, ", ")


def date_classes(k: np.ndarray, s: np.ndarray, e: np.ndarray, alias_days: pd.DataFrame) -> np.ndarray:
    """Per claim, the id of its class: claims of one class map alike, so each class is resolved once.

    A class is a key with a claim period. Periods that lie between two
    consecutive validity boundaries of the table (every ``valid_from`` and
    the day after every ``valid_to``) are covered wholly or not at all by each
    alias row, so only their length matters, not where they lie: they are
    classed by (key, stretch between boundaries, length). Periods crossing a
    boundary, and unknown dates, keep their own (start, end). This turns a
    million (key, date) pairs into a few thousand classes.
    """
    bounds = np.unique(np.concatenate([
        alias_days["vf"].to_numpy()[alias_days["vf"].to_numpy() != OPEN_FROM],
        alias_days["vt"].to_numpy()[alias_days["vt"].to_numpy() != OPEN_TO] + 1,
    ]))
    stretch_s = np.searchsorted(bounds, s, side="right")
    stretch_e = np.searchsorted(bounds, e, side="right")
    within = (s != NAT_DAY) & (stretch_s == stretch_e)
    first = np.where(within, stretch_s, s)
    second = np.where(within, e - s, e)
    parts = [within.astype(np.int64), k, first, second]
    combined = np.zeros(len(k), dtype=np.int64)
    for part in parts:  # re-numbered after each step, so the ids stay below the row count
        codes, uniques = pd.factorize(part)
        combined = pd.factorize(combined * len(uniques) + codes)[0]
    return combined


def resolve_periods(triples: pd.DataFrame, alias_days: pd.DataFrame, n_tid: int):
    """Winner, status, note and no-overlap reason for each triple id."""
    t_perp = np.full(n_tid, None, dtype=object)
    t_status = np.full(n_tid, "unmapped", dtype=object)
    t_note = np.full(n_tid, "", dtype=object)
    t_reason = np.full(n_tid, "", dtype=object)

    cand = triples[["tid", "key", "s", "e"]].merge(alias_days, on="key", how="inner")
    if cand.empty:
        return t_perp, t_status, t_note, t_reason

    s = cand["s"].to_numpy()
    e = cand["e"].to_numpy()
    vf = cand["vf"].to_numpy()
    vt = cand["vt"].to_numpy()
    known = s != NAT_DAY
    overlap = np.where(known, np.maximum(np.minimum(e, vt) - np.maximum(s, vf) + 1, 0), 0)
    cand["ov"] = overlap
    cand["ok"] = (~known) | (overlap > 0)
    cand["known"] = known

    # One line per (triple, actor): days covered, validity span.
    per_actor = (
        cand.groupby(["tid", "actor"], sort=False)
        .agg(ov=("ov", "sum"), ok=("ok", "any"), vf=("vf", "min"), vt=("vt", "max"),
             known=("known", "first"), s=("s", "first"), e=("e", "first"))
        .reset_index()
    )
    days = np.where(per_actor["known"], per_actor["e"] - per_actor["s"] + 1, 0)
    per_actor["ov"] = np.minimum(per_actor["ov"].to_numpy(), days)
    per_actor["days"] = days

    eligible = per_actor[per_actor["ok"]].sort_values(
        ["tid", "ov", "vt", "vf", "actor"], ascending=[True, False, False, False, True],
        kind="stable",
    )
    first = ~eligible["tid"].duplicated()
    winners = eligible[first]
    w_tid = winners["tid"].to_numpy()
    t_perp[w_tid] = winners["actor"].to_numpy(dtype=object)
    t_status[w_tid] = "mapped"

    losers = eligible[~first]
    if len(losers):
        l_tid = losers["tid"]
        coverage = np.where(
            losers["known"],
            losers["ov"].astype(str) + " of " + losers["days"].astype(str) + " days",
            period_text(losers["vf"].to_numpy(), losers["vt"].to_numpy()),
        )
        pieces = losers["actor"].astype(object) + " (" + pd.Series(coverage, index=losers.index) + ")"
        joined = _join_by_tid(l_tid, pieces)
        a_tid = joined.index.to_numpy()
        t_status[a_tid] = "ambiguous"
        prefix = np.where(triples.set_index("tid").loc[a_tid, "s"].to_numpy() == NAT_DAY,
                          "claim dates unknown, chose the most recent; also matches ",
                          "also matches ")
        t_note[a_tid] = prefix + joined.to_numpy(dtype=object)

    # Keys in the table whose periods all miss the claim: say when they apply.
    missed = cand[~cand["tid"].isin(w_tid)]
    if len(missed):
        missed = missed.sort_values(["tid", "vf", "actor"], kind="stable")
        pieces = missed["actor"].astype(object) + " only " + pd.Series(
            period_text(missed["vf"].to_numpy(), missed["vt"].to_numpy()), index=missed.index
        )
        joined = _join_by_tid(missed["tid"], pieces)
        t_reason[joined.index.to_numpy()] = joined.to_numpy(dtype=object)

    return t_perp, t_status, t_note, t_reason
