"""``reconcile actors --suggest``: alias rows learned from co-reported claims.

An unmapped string ("the Assad militias") in an incident where another
source's claim for the same victims is mapped ("Pro-Assad militias") is
evidence that the string names that actor. Each unmapped string gets the
actor most such incidents point to, as a row of an ``--aliases`` file, with
the evidence in ``notes``; a string whose evidence is split between actors
says so and is proposed for the leading one only when it leads by incidents.
"""

from __future__ import annotations

import pandas as pd

from reconcile.actors.aliases import ALIAS_COLUMNS
from reconcile.text import join_per_key

__all__ = ["suggest_aliases"]

_MAPPED = ("mapped", "inferred", "ambiguous")


def suggest_aliases(claims: pd.DataFrame) -> pd.DataFrame:
    """Proposed alias rows (:data:`ALIAS_COLUMNS`) for the unmapped perpetrators of matched ``claims``;
    ``actor`` is "" where the evidence is split evenly between actors."""
    keys = ["incident", "victims"]
    unmapped = claims.loc[claims["actor_status"] == "unmapped",
                          ["perpetrator_raw", "source", "claim_country", *keys]]
    mapped = claims.loc[claims["actor_status"].isin(_MAPPED)
                        & ~claims["actor_id"].str.contains("; ", regex=False),
                        ["source", "actor_id", "perpetrator", *keys]]
    pairs = unmapped.merge(mapped, on=keys, suffixes=("", "_other"))
    pairs = pairs.loc[pairs["source"] != pairs["source_other"]]
    if pairs.empty:
        return pd.DataFrame(columns=list(ALIAS_COLUMNS))
    evidence = pairs.groupby(["perpetrator_raw", "actor_id", "perpetrator"], as_index=False).agg(
        incidents=("incident", "nunique"), claims=("source_other", "size"))
    evidence["sources"] = _sources(pairs, evidence)
    evidence = evidence.sort_values(["perpetrator_raw", "incidents", "claims", "actor_id"],
                                    ascending=[True, False, False, True], kind="stable")
    countries = unmapped.groupby("perpetrator_raw")["claim_country"].agg(lambda c: ",".join(sorted(set(c))))
    rows = []
    for raw, candidates in evidence.groupby("perpetrator_raw", sort=True):
        best, rest = candidates.iloc[0], candidates.iloc[1:]
        tie = len(rest) and rest.iloc[0]["incidents"] == best["incidents"]
        note = (f"co-reported in {best['incidents']} incident(s) ({best['claims']} claim(s) by "
                f"{best['sources']}) mapped to {best['perpetrator']}")
        if len(rest):
            note += "; also " + ", ".join(f"{r.perpetrator} ({r.incidents})"
                                          for r in rest.itertuples(index=False))
        country = countries.get(raw, "")
        # a tie is evidence for neither: no actor proposed, the note says why
        rows.append({"alias": raw, "actor": "" if tie else best["actor_id"],
                     "country": "" if "," in country else country,
                     "valid_from": "", "valid_to": "", "notes": note})
    return pd.DataFrame(rows, columns=list(ALIAS_COLUMNS))


def _sources(pairs: pd.DataFrame, evidence: pd.DataFrame) -> pd.Series:
    """The other sources behind each (string, actor) line of ``evidence``, sorted and joined."""
    named = pairs[["perpetrator_raw", "actor_id", "source_other"]].drop_duplicates()
    named = named.sort_values("source_other")
    joined = join_per_key(named["perpetrator_raw"] + "\x00" + named["actor_id"], named["source_other"], ", ")
    return (evidence["perpetrator_raw"] + "\x00" + evidence["actor_id"]).map(joined)
