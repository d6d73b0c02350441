"""Why claims were joined into an incident, and which near-misses were kept apart.

Turns the matcher's pair verdicts into one sentence per pair, for
``compare --explain``. Only called when asked: on large inputs the pair
frame is long and the sentences are not free.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.match import UNATTRIBUTED
from reconcile.reasons import FORCED, REASONS
from reconcile.scoring import COMPARISONS, THRESHOLD


def _plural(n: pd.Series, word: str) -> pd.Series:
    return n.astype(str) + " " + word + np.where(n == 1, "", "s")


def _dates(pairs: pd.DataFrame) -> pd.Series:
    overlap = pairs["overlap_days"]
    gap = 1 - overlap
    return pd.Series(
        np.where(overlap >= 1, "periods overlap " + _plural(overlap, "day"), _plural(gap, "day") + " apart"),
        index=pairs.index,
    )


def _places(a: pd.Series, b: pd.Series) -> pd.Series:
    text = np.where(
        (a == "") & (b == ""), "no places given",
        np.where((a == "") | (b == ""), "one place unknown",
                 np.where(a == b, "same place (" + a + ")", a + " / " + b + " compatible")),
    )
    return pd.Series(text, index=a.index)


def _blamed(actor: pd.Series) -> pd.Series:
    """The perpetrator as it follows "by": "killed by X" would read "civilians by killed by X"."""
    return actor.str.replace(r"(?i)^(?:killed\s+)?by\s+", "", regex=True)


def _actors(a: pd.Series, b: pd.Series, victims_a: pd.Series, victims_b: pd.Series) -> pd.Series:
    """How the two perpetrators relate: the same, one unattributed, or each with its victims."""
    a, b = _blamed(a), _blamed(b)
    different = victims_a + " by " + a + ", " + victims_b + " by " + b
    text = np.where(
        (a == UNATTRIBUTED) & (b == UNATTRIBUTED), "both unattributed",
        np.where(a == b, "same perpetrator (" + a + ")",
        np.where((a == UNATTRIBUTED) | (b == UNATTRIBUTED), "one unattributed", different)),
    )
    return pd.Series(text, index=a.index)


_LABELS = {"w_dates": "dates", "w_places": "places", "w_actors": "perpetrators", "w_source": "source",
           "w_figures": "figures"}


def _weights(pairs: pd.DataFrame, threshold: int) -> pd.Series:
    """"score 6 = dates +2, places +3, perpetrators 0, source 0, figures +1; joined from 3", from the
    numbers that decided the pair ("" for pairs that were not weighed)."""
    if "score" not in pairs:
        return pd.Series("", index=pairs.index)
    weighed = pairs["score"].notna()
    text = "score " + pairs["score"].fillna(0).astype(int).astype(str) + " ="
    for column in COMPARISONS:
        value = pairs[column].fillna(0).astype(int)
        sign = np.where(value > 0, "+", "")
        text = text + " " + _LABELS[column] + " " + sign + value.astype(str) + ","
    text = text.str.rstrip(",") + f"; joined from {threshold}"
    return text.where(weighed, "")


def explain_pairs(claims: pd.DataFrame, pairs: pd.DataFrame, threshold: int = THRESHOLD) -> pd.DataFrame:
    """One row per (incident, pair): ``kind`` (joined / kept apart), the origins and a sentence.

    A near-miss is listed under both incidents it touches. A claim the matcher
    could not pair at all comes as a pair with itself, of kind ``alone``.
    """
    if pairs.empty:
        return pd.DataFrame(columns=["incident", "kind", "origin_a", "origin_b", "text"])
    pairs = pairs.reset_index(drop=True)
    origin = claims["origin"].to_numpy(dtype=object)
    incident = claims["incident"].to_numpy(dtype=object)
    pairs = pairs.assign(
        origin_a=origin[pairs["a"]], origin_b=origin[pairs["b"]],
        incident_a=incident[pairs["a"]], incident_b=incident[pairs["b"]],
        reason=pairs["reason"].astype(str),
    )
    place = claims["place_names"].where(claims["place_names"] != "", claims["place"]).to_numpy(dtype=object)
    actor = claims["perpetrator"].to_numpy(dtype=object)
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    place_a, place_b = pd.Series(place[a], index=pairs.index), pd.Series(place[b], index=pairs.index)
    actor_a, actor_b = pd.Series(actor[a], index=pairs.index), pd.Series(actor[b], index=pairs.index)
    victims = claims["victims"].to_numpy(dtype=object)
    victims_a, victims_b = pd.Series(victims[a], index=pairs.index), pd.Series(victims[b], index=pairs.index)
    facts = (_dates(pairs) + "; " + _places(place_a, place_b) + "; "
             + _actors(actor_a, actor_b, victims_a, victims_b))
    why = pairs["reason"].map(REASONS)
    detail = np.select(
        [pairs["reason"] == "places", pairs["reason"] == "actors"],
        [place_a + " vs " + place_b,
         victims_a + " by " + _blamed(actor_a) + " vs " + victims_b + " by " + _blamed(actor_b)],
        default="",
    )
    why = why + pd.Series(np.where(detail != "", ": " + detail, ""), index=pairs.index)
    weighed = _weights(pairs, threshold)
    scored = facts + "; " + weighed
    # A pair decided by a label or --links, or a claim left alone, was not weighed: that is its whole reason.
    decided = pairs["reason"].isin([*FORCED, "link_different", "vague"]) | (a == b)
    text = np.where(decided, why,
                    np.where(pairs["joined"], scored,
                             np.where(weighed != "", scored + " (" + why + ")", why)))
    base = pd.DataFrame(
        {"kind": np.where(pairs["joined"], "joined", np.where(a == b, "alone", "kept apart")),
         "origin_a": pairs["origin_a"], "origin_b": pairs["origin_b"], "text": text}
    )
    under_a = base.assign(incident=pairs["incident_a"])
    under_b = base.assign(incident=pairs["incident_b"]).loc[pairs["incident_a"] != pairs["incident_b"]]
    result = pd.concat([under_a, under_b], ignore_index=True)
    # One input row may give several claims (a UCDP event): say each pair of rows once.
    result = result.drop_duplicates(["incident", "kind", "origin_a", "origin_b"])
    return result.sort_values(["incident", "kind", "origin_a", "origin_b"], kind="stable").reset_index(
        drop=True)
