"""An "all perpetrators" row: how many died, whoever each source blames.

Sources split one event's dead between actors differently, or not at all: SOHR
gives "more than 700 civilians" with no perpetrator, SNHR 125 by government
forces and 40 by the insurgents. Their per-perpetrator rows never meet, so the
question a reader asks first, how many civilians died, has no row. For every
incident and victim category whose claims name two or more perpetrators
(unattributed counting as one) and come from two or more sources, each source
gets a claim over all of them: its
own figure with no perpetrator where it gives one, else the sum of its
attributed figures, a lower bound ("≥ 165 (sum of 2)": a source need not name
every perpetrator).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.actors import UNATTRIBUTED
from reconcile.parallel import take_rows
from reconcile.text import join_by_codes, on_distinct

ALL_PERPETRATORS = "all perpetrators"


def all_perpetrator_claims(latest: pd.DataFrame) -> pd.DataFrame:
    """Each source's claim over all perpetrators, where the incident's victims have several."""
    key = ["incident", "victims"]
    several = (latest.groupby(key, sort=False)["perpetrator"].transform("nunique") > 1).to_numpy()
    if not several.any():
        return latest.iloc[:0]
    # The rows wanted are chosen on a few narrow columns first, and the wide rows taken once.
    own = (latest["perpetrator"] == UNATTRIBUTED).to_numpy()
    headline = several & own
    # a source that gives its own figure with no perpetrator is not summed (integer codes: fast)
    told = latest.groupby([*key, "source"], sort=False, dropna=False).ngroup().to_numpy()
    summed = several & ~own & ~np.isin(told, told[headline])
    # a row to compare sources: two or more of them over the incident's victims
    either = headline | summed
    sources = latest.loc[either, [*key, "source"]].groupby(key, sort=False)["source"].transform("nunique")
    compared = np.zeros(len(latest), dtype=bool)
    compared[either] = (sources > 1).to_numpy()
    sums = _sums(take_rows(latest, np.flatnonzero(summed & compared)), [*key, "source"])
    result = pd.concat([take_rows(latest, np.flatnonzero(headline & compared)), sums], ignore_index=True)
    return result.assign(perpetrator=ALL_PERPETRATORS)


def _sums(parts: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """A source's attributed figures added up: at least their sum."""
    if parts.empty:
        return parts
    grouped = parts.groupby(key, sort=False, dropna=False)
    sums = grouped.agg(low=("low", "sum"), best=("best", "sum"), parts=("best", "size"),
                       date_start=("date_start", "min"), date_end=("date_end", "max"),
                       published=("published", "max"))
    codes = grouped.ngroup().to_numpy()  # numbered as agg orders the keys: by first appearance
    # Origins joined as compare's _add_up joins them: by group number, no per-row work.
    sums["origin"] = join_by_codes(codes, parts["origin"], ", ", len(sums))
    # each key's first row beside its sums: no merge needed
    summed = ["low", "best", "high", "date_start", "date_end", "published", "origin"]
    first = take_rows(parts.drop(columns=summed), np.flatnonzero(~pd.Series(codes).duplicated().to_numpy()))
    rows = pd.concat([first, sums.reset_index(drop=True)], axis=1)
    rows["high"] = np.inf
    rows["qualifier"] = "at least"
    shown = "≥ " + on_distinct(rows["best"], lambda sums: sums.map("{:,.15g}".format))  # sums repeat
    rows["figure"] = shown.where(rows["parts"] == 1, shown + " (sum of " + rows["parts"].astype(str) + ")")
    rows["perpetrator_raw"] = ""
    return rows.drop(columns="parts")
