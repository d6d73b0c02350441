"""The evidence that two claims describe the same deaths, as a score.

Each candidate pair (blocking has already kept it within a few days and one
country) gets a weight per comparison, in the spirit of Fellegi–Sunter
record linkage: how much more often the observed relation occurs between
claims of one event than between claims of two events. The weights are set
by hand, in whole points (about a doubling of the odds each), and checked
on the UCDP regroup set and the published events (README, "Incidents are
matched"). A pair is joined when its total reaches the threshold.

==============  ======================================================  ======
comparison      relation                                                weight
==============  ======================================================  ======
dates           periods overlap by a day or more                        +2
                apart, within --date-slack                               0
places          the same units                                          +3
                one within the other (a city in its governorate)        +1
                one or both unknown                                      0
                incompatible, same country                              -4
perpetrators    the same named actor                                    +2
                one unattributed, or not mapped to an actor              0
                two different actors for the same victims               -3
source          the same source, two different events (event ids)       -9
                the same source, one publication and period (parts)     +2
figures         the intervals overlap                                   +1
==============  ======================================================  ======

Two events of one dataset weigh more than all else can make up (+8 at most):
a dataset does not code the same deaths twice, so they are never joined
directly; another source's claim that matches both may still bring them
together. Some relations are not weighed but forbid the pair: places in different
countries, periods apart beyond the slack, a long toll against a short
event, a source's own reports of separate periods, two different labels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from reconcile.actors import UNATTRIBUTED

#: the score from which a pair is joined (``--match-threshold``): a day's overlap alone joins
#: two claims with no place or actor against them; a different actor needs the same place.
THRESHOLD = 2


@dataclass(frozen=True)
class Weights:
    """Points per relation; see the module docstring."""

    overlap: int = 2
    same_place: int = 3
    nested_place: int = 1
    other_place: int = -4
    same_actor: int = 2
    other_actor: int = -3
    other_event: int = -9
    one_report: int = 2
    figures_overlap: int = 1


WEIGHTS = Weights()
#: the comparison columns a scored pair carries, in the order ``--explain`` prints them.
COMPARISONS = ("w_dates", "w_places", "w_actors", "w_source", "w_figures")


def place_relations(units_a: np.ndarray, units_b: np.ndarray, blank: int,
                    compatible: np.ndarray) -> np.ndarray:
    """Per pair of factorized places (``blank`` the code of no place): 0 unknown, 1 nested
    (compatible, not equal), 2 the same, -1 incompatible."""
    known = (units_a != blank) & (units_b != blank)
    return np.where(~known, 0, np.where(units_a == units_b, 2, np.where(compatible, 1, -1)))


def score(claims: pd.DataFrame, a: np.ndarray, b: np.ndarray, overlap: np.ndarray, places: np.ndarray,
          actor: np.ndarray, actor_names, contradict: np.ndarray, same_source: np.ndarray,
          weights: Weights = WEIGHTS) -> pd.DataFrame:
    """The weight of each comparison for the pairs (a, b) and their total, ``score``.

    ``places`` is :func:`place_relations`; ``actor`` the claims' factorized
    perpetrators (``actor_names`` their names); ``contradict`` marks two named
    actors blamed for the same or nested victims; ``same_source`` pairs of one source.
    """
    w = weights
    known_actor = (np.asarray(actor_names, dtype=object) != UNATTRIBUTED)[actor]
    if "actor_status" in claims:  # a string we could not map names no actor we know: no evidence either way
        known_actor &= claims["actor_status"].to_numpy(dtype=object) != "unmapped"
    both_known = known_actor[a] & known_actor[b]
    w_actors = np.where(both_known & (actor[a] == actor[b]), w.same_actor,
                        np.where(both_known & contradict, w.other_actor, 0))
    w_places = np.select([places == 2, places == 1, places == -1],
                         [w.same_place, w.nested_place, w.other_place], 0)
    w_dates = np.where(overlap >= 1, w.overlap, 0)
    w_source = _source_weights(claims, a, b, same_source, w)
    w_figures = np.zeros(len(a), dtype=np.int8)
    if "low" in claims and "high" in claims:
        low, high = claims["low"].to_numpy(dtype=float), claims["high"].to_numpy(dtype=float)
        w_figures = np.where((low[a] <= high[b]) & (low[b] <= high[a]), w.figures_overlap, 0)
    weighed = {"w_dates": w_dates, "w_places": w_places, "w_actors": w_actors, "w_source": w_source,
               "w_figures": w_figures}
    columns = {name: np.asarray(weighed[name]).astype(np.int8) for name in COMPARISONS}
    score = np.zeros(len(a), dtype=np.int16)
    for column in columns.values():
        score += column
    return pd.DataFrame({**columns, "score": score}, copy=False)


def _source_weights(claims: pd.DataFrame, a: np.ndarray, b: np.ndarray, same: np.ndarray,
                    w: Weights) -> np.ndarray:
    result = np.zeros(len(a), dtype=np.int8)
    if not same.any():
        return result
    if "event_id" in claims:
        # as integer codes (blank: -1), not a million pairs of strings compared
        text = claims["event_id"].fillna("").astype(str)
        event = pd.factorize(text.where(text != ""))[0]
        result[same & (event[a] >= 0) & (event[b] >= 0) & (event[a] != event[b])] = w.other_event
    if "published" in claims:
        published = claims["published"].to_numpy(dtype="datetime64[D]")
        start = claims["date_start"].to_numpy(dtype="datetime64[D]")
        end = claims["date_end"].to_numpy(dtype="datetime64[D]")
        one_report = same & ~np.isnat(published[a]) & (published[a] == published[b])
        one_report &= (start[a] == start[b]) & (end[a] == end[b]) & (result == 0)
        result[one_report] = w.one_report
    return result
