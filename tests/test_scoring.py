"""reconcile.scoring: the place relation of a pair and the points per comparison (dates, places,
perpetrators, source, figures) that decide, against THRESHOLD, whether two claims are one incident."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.scoring import COMPARISONS, THRESHOLD, Weights, place_relations, score


def claims_frame(*rows):
    """Claims with the columns score reads; each row (source, perpetrator, low, high, **more)."""
    records = []
    for source, perpetrator, low, high, *more in rows:
        extra = more[0] if more else {}
        records.append({"source": source, "perpetrator": perpetrator, "low": float(low), "high": float(high),
                        "actor_status": "unattributed" if perpetrator == "unattributed" else "mapped",
                        "event_id": "", "published": pd.NaT,
                        "date_start": pd.Timestamp("2025-03-06"), "date_end": pd.Timestamp("2025-03-08"),
                        **extra})
    frame = pd.DataFrame(records)
    frame["published"] = pd.to_datetime(frame["published"])
    return frame


def scored(claims, a, b, *, overlap, places, contradict=None, weights=Weights()):
    a, b = np.asarray(a), np.asarray(b)
    actor, names = pd.factorize(claims["perpetrator"])
    source = claims["source"].to_numpy()
    contradict = np.zeros(len(a), bool) if contradict is None else np.asarray(contradict)
    return score(claims, a, b, np.asarray(overlap), np.asarray(places), actor, names, contradict,
                 source[a] == source[b], weights)


def test_place_relations_same_nested_unknown_and_incompatible():
    blank = 9
    relation = place_relations(np.array([1, 1, 1, 9, 1]), np.array([1, 2, 3, 1, 9]), blank,
                               np.array([True, True, False, True, True]))
    assert relation.tolist() == [2, 1, -1, 0, 0]


def test_two_sources_same_day_place_actor_and_overlapping_figures_score_every_point():
    claims = claims_frame(("SOHR", "ISIS", 700, np.inf), ("SNHR", "ISIS", 112.5, 137.5))
    table = scored(claims, [0], [1], overlap=[3], places=[2])
    assert table.iloc[0].to_dict() == {"w_dates": 2, "w_places": 3, "w_actors": 2, "w_source": 0,
                                       "w_figures": 0, "score": 7}  # "more than 700" vs about 125: no overlap
    assert list(table.columns) == [*COMPARISONS, "score"]


def test_a_days_overlap_alone_reaches_the_threshold():
    claims = claims_frame(("SOHR", "unattributed", 5, 5), ("SNHR", "unattributed", 50, 50))
    table = scored(claims, [0], [1], overlap=[1], places=[0])
    assert table["score"].tolist() == [THRESHOLD]
    apart = scored(claims, [0], [1], overlap=[0], places=[0])  # within the slack, no overlap
    assert apart["score"].tolist() == [0]


def test_a_different_actor_needs_the_same_place_to_be_joined():
    claims = claims_frame(("SOHR", "ISIS", 10, 10), ("SNHR", "SDF", 40, 40))
    table = scored(claims, [0, 0, 0], [1, 1, 1], overlap=[1, 1, 1], places=[2, 1, -1],
                   contradict=[True, True, True])
    assert table["w_actors"].tolist() == [-3, -3, -3]
    assert table["w_places"].tolist() == [3, 1, -4]
    assert table["score"].tolist() == [2, 0, -5]
    assert (table["score"] >= THRESHOLD).tolist() == [True, False, False]


def test_an_unmapped_or_unattributed_perpetrator_is_no_evidence_either_way():
    claims = claims_frame(("SOHR", "ISIS", 10, 10),
                          ("SNHR", "Рашисти", 10, 10, {"actor_status": "unmapped"}),
                          ("VDC", "unattributed", 10, 10), ("LCC", "Рашисти", 10, 10))
    # contradict set as matching would for two different names: still 0 when one is not a known actor
    table = scored(claims, [0, 0, 1], [1, 2, 3], overlap=[1, 1, 1], places=[0, 0, 0], contradict=[True] * 3)
    assert table["w_actors"].tolist() == [0, 0, 0]


def test_two_events_of_one_dataset_outweigh_everything_else():
    claims = claims_frame(("UCDP", "ISIS", 3, 3, {"event_id": "101"}),
                          ("UCDP", "ISIS", 3, 3, {"event_id": "102"}),
                          ("UCDP", "ISIS", 3, 3, {"event_id": "101"}))
    table = scored(claims, [0, 0], [1, 2], overlap=[3, 3], places=[2, 2])
    assert table["w_source"].tolist() == [-9, 0]  # same event id: parts of one event, not penalised
    assert table["score"].tolist() == [-1, 8]  # +8, the most the rest can give, does not make up -9
    published = claims.assign(published=pd.Timestamp("2025-03-09"))  # and not one report of two events
    assert scored(published, [0], [1], overlap=[3], places=[2])["w_source"].tolist() == [-9]


def test_one_publication_and_period_of_one_source_counts_as_one_report():
    same_report = {"published": "2025-03-09"}
    claims = claims_frame(("SOHR", "ISIS", 10, 10, same_report), ("SOHR", "ISIS", 5, 5, same_report),
                          ("SOHR", "ISIS", 5, 5, {"published": "2025-03-10"}),
                          ("SOHR", "ISIS", 5, 5, {**same_report, "date_end": pd.Timestamp("2025-03-07")}))
    table = scored(claims, [0, 0, 0], [1, 2, 3], overlap=[3, 3, 2], places=[2, 2, 2])
    assert table["w_source"].tolist() == [2, 0, 0]  # another day's report or another period: no bonus


def test_weights_can_be_set_per_run():
    claims = claims_frame(("SOHR", "ISIS", 10, 20), ("SNHR", "ISIS", 15, 15))
    weights = Weights(nested_place=5, figures_overlap=0)
    table = scored(claims, [0], [1], overlap=[1], places=[1], weights=weights)
    assert table.iloc[0][list(COMPARISONS)].tolist() == [2, 5, 2, 0, 0]
