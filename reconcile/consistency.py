"""A source that contradicts itself: a figure for part of a group above its own figure for the whole.

Only within one report (:func:`_reports`): the same event id, or the same
publication day and period. Two UCDP events that matching put in one incident
are two reports, not one report contradicting itself.
"""

from __future__ import annotations

import pandas as pd

from reconcile.actors import UNATTRIBUTED
from reconcile.text import on_distinct
from reconcile.victims import ancestor_pairs


def _reports(claims: pd.DataFrame) -> pd.Series:
    """Which report each claim comes from: its event id, else its publication day and period.

    A part and a whole are compared only within one report: two UCDP events
    that matching put in one incident are not one report contradicting itself.
    """
    def text(column: str) -> pd.Series:
        if column not in claims.columns:
            return pd.Series("", index=claims.index, dtype=str)
        # each distinct value written once (a million dates are slow to write)
        return on_distinct(claims[column], lambda values: values.astype(str).fillna(""))

    event = text("event_id")
    return event.where(event != "", text("published") + "|" + text("date_start") + "|" + text("date_end"))


#: the perpetrator a sum of every attributed perpetrator's figure stands for.
ALL_ATTRIBUTED = "all attributed perpetrators"


def _coded(latest: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, pd.Index]]:
    """The claims' keys, and the category tree's pairs, as integer codes that sort as the
    text does (merging and grouping on text is slow), with each key's texts."""
    own = latest[["source", "incident", "perpetrator", "victims", "best", "origin"]].assign(
        report=_reports(latest))
    texts: dict[str, pd.Index] = {}
    for column in ("source", "incident", "report"):
        codes, texts[column] = pd.factorize(own[column], sort=True)
        own[column] = codes
    tree = ancestor_pairs()
    spoken = {"perpetrator": [UNATTRIBUTED, ALL_ATTRIBUTED],
              "victims": [*tree["victims"], *tree["ancestor"]]}
    for column, extra in spoken.items():
        every = pd.concat([own[column], pd.Series(extra, dtype=own[column].dtype)], ignore_index=True)
        codes, texts[column] = pd.factorize(every, sort=True)
        own[column] = codes[:len(own)]
    victims = texts["victims"]
    within = pd.DataFrame({"victims": victims.get_indexer(tree["victims"]),
                           "victims_whole": victims.get_indexer(tree["ancestor"])})
    return own, within, texts


def _containments(latest: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, pd.Index]]:
    """Claim pairs of one source where the second (``*_whole``) must be at least the first,
    with keys as codes (:func:`_coded`).

    Same perpetrator and a strictly wider category (``civilians`` within
    ``total``); or an unattributed claim against the sum, over every
    attributed perpetrator, of the same or a narrower category.
    """
    own, strictly_within, texts = _coded(latest)
    perpetrators = texts["perpetrator"]
    unattributed, all_attributed = perpetrators.get_loc(UNATTRIBUTED), perpetrators.get_loc(ALL_ATTRIBUTED)
    whole_key = ["source", "incident", "report", "perpetrator_whole", "victims_whole"]
    wholes = own.rename(columns=lambda c: c if c in ("source", "incident", "report") else f"{c}_whole")

    nested = own.merge(strictly_within, on="victims").assign(perpetrator_whole=lambda f: f["perpetrator"])
    nested = nested.merge(wholes, on=whole_key)

    attributed = own.loc[own["perpetrator"] != unattributed]
    part_key = ["source", "incident", "report", "victims"]
    summed = attributed.groupby(part_key, as_index=False).agg(
        best=("best", "sum"), perpetrators=("perpetrator", "nunique")
    )
    summed = summed.loc[summed["perpetrators"] > 1].drop(columns="perpetrators")
    summed["perpetrator"] = all_attributed
    present = own["victims"].unique()
    within_or_same = pd.concat(
        [strictly_within, pd.DataFrame({"victims": present, "victims_whole": present})], ignore_index=True
    )
    totals = summed.merge(within_or_same, on="victims").assign(perpetrator_whole=unattributed)
    totals = totals.merge(wholes, on=whole_key)
    # The parts' origins, listed only where the parts exceed the whole (joining them all is slow).
    exceeding = totals.loc[totals["best"] > totals["best_whole"], part_key].drop_duplicates()
    listed = attributed.merge(exceeding, on=part_key).groupby(part_key, as_index=False)["origin"].agg(
        ", ".join)
    totals = totals.merge(listed, on=part_key, how="left")
    totals["origin"] = totals["origin"].fillna("").astype(str)
    return pd.concat([nested, totals], ignore_index=True), texts


def inconsistencies(latest: pd.DataFrame) -> pd.DataFrame:
    """A source's figure for part of a group larger than its own figure for the whole, in one report."""
    pairs, texts = _containments(latest)
    bad = pairs.loc[pairs["best"] > pairs["best_whole"]].copy()
    for column in ("source", "incident", "perpetrator", "victims", "perpetrator_whole", "victims_whole"):
        bad[column] = texts[column.removesuffix("_whole")].take(bad[column].to_numpy())
    bad["reason"] = (
        bad["source"] + ": " + bad["victims"] + " by " + bad["perpetrator"] + " ("
        + bad["best"].map("{:,.0f}".format).astype(str) + ") exceed " + bad["victims_whole"] + " by "
        + bad["perpetrator_whole"] + " (" + bad["best_whole"].map("{:,.0f}".format).astype(str) + ")"
    )
    columns = ["source", "incident", "perpetrator", "victims", "best", "origin",
               "perpetrator_whole", "victims_whole", "best_whole", "origin_whole", "reason"]
    return bad[columns].sort_values(["incident", "source", "victims", "perpetrator"]).reset_index(drop=True)
