"""The comparison: statuses, latest claims, attribution conflicts, inconsistencies."""

from __future__ import annotations

import math

import numpy as np

import pandas as pd
import pytest

from reconcile.compare import attribution_conflicts, compare, select_latest


def claim(source, best, low=None, high=None, *, perpetrator="ISIS", victims="civilians", incident="i1",
          published=None, origin=None):
    return {
        "origin": origin or f"f.csv:{source}{best}",
        "source": source,
        "incident": incident,
        "perpetrator": perpetrator,
        "perpetrator_raw": perpetrator,
        "victims": victims,
        "figure": str(best),
        "low": float(best if low is None else low),
        "best": float(best),
        "high": float(best if high is None else high),
        "qualifier": "exact",
        "published": pd.Timestamp(published) if published else pd.NaT,
        "date_start": pd.Timestamp("2025-03-06"),
        "date_end": pd.Timestamp("2025-03-08"),
        "place": "",
        "place_names": "",
        "incident_matched": False,
        "actor_status": "mapped",
    }


def run(*claims, **options):
    frame = pd.DataFrame(list(claims))
    rows = {"read": len(frame), "used": len(frame), "rejected": 0}
    return compare(frame, pd.DataFrame(columns=["origin", "reason"]), rows, **options)


def status_of(comparison, perpetrator="ISIS", victims="civilians"):
    groups = comparison.groups.set_index(["perpetrator", "victims"])
    return groups.loc[(perpetrator, victims)]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # (best, low, high) per source
        ((700, 700, math.inf), (125, 112.5, 137.5), "disjoint"),  # the coastal case
        ((1000, 1000, math.inf), (1500, 1500, 1500), "overlapping"),  # "more than 1,000" vs "1,500"
        ((100, 100, 100), (109, 109, 109), "consistent"),  # within 10 % of the larger
        ((100, 100, 100), (112, 112, 112), "disjoint"),  # exact figures, 12 % apart
        ((12, 12, 15), (14, 14, 14), "overlapping"),  # a range containing the other
        ((50, 0, 50), (40, 40, 40), "overlapping"),  # "up to 50" vs 40
    ],
)
def test_pair_status(a, b, expected):
    result = run(claim("SOHR", a[0], a[1], a[2]), claim("SNHR", b[0], b[1], b[2]))
    assert status_of(result)["status"] == expected


def test_spread_and_difference():
    row = status_of(run(claim("SOHR", 700, 700, math.inf), claim("SNHR", 125, 112.5, 137.5)))
    assert row["spread"] == pytest.approx(5.6)
    assert row["difference"] == 575


def test_tolerance_option_changes_status():
    a, b = claim("SOHR", 100), claim("SNHR", 115)
    assert status_of(run(a, b))["status"] == "disjoint"
    assert status_of(run(a, b, tolerance=0.2))["status"] == "consistent"


def test_single_source_and_zero_counts():
    result = run(claim("SOHR", 0), claim("SNHR", 0), claim("SOHR", 5, perpetrator="SDF"))
    assert status_of(result)["status"] == "consistent"
    assert status_of(result)["spread"] == 1.0
    assert status_of(result, "SDF")["status"] == "single-source"


def test_zero_against_positive_has_infinite_spread():
    row = status_of(run(claim("SOHR", 0), claim("SNHR", 5)))
    assert row["status"] == "disjoint"
    assert math.isinf(row["spread"])


def test_three_sources_report_the_worst_pair():
    result = run(claim("A", 100), claim("B", 104), claim("C", 300, 300, math.inf))
    row = status_of(result)
    assert row["status"] == "disjoint"
    assert row["pair"] == "A vs C"
    assert row["sources"] == 3


def test_latest_claim_per_source_wins_and_as_of_goes_back():
    early = claim("SOHR", 100, published="2025-03-07", origin="f.csv:2")
    late = claim("SOHR", 700, published="2025-03-10", origin="f.csv:3")
    other = claim("SNHR", 120, published="2025-03-09", origin="f.csv:4")
    now = run(early, late, other)
    assert set(now.claims["origin"]) == {"f.csv:3", "f.csv:4"}
    assert now.superseded["reason"].tolist() == ["superseded by f.csv:3"]
    assert status_of(now)["status"] == "disjoint"

    then = run(early, late, other, as_of=pd.Timestamp("2025-03-08"))
    assert set(then.claims["origin"]) == {"f.csv:2"}  # SNHR published after the date too
    assert set(then.superseded["reason"]) == {"published after --as-of"}


def test_undated_claims_are_older_than_dated_ones():
    latest, left_out = select_latest(
        pd.DataFrame([claim("SOHR", 700, published="2025-03-10", origin="f.csv:2"), claim("SOHR", 100, origin="f.csv:3")]),
        as_of=None,
    )
    assert latest["origin"].tolist() == ["f.csv:2"]
    assert left_out["origin"].tolist() == ["f.csv:3"]


def test_attribution_conflict_only_when_sources_share_no_actor():
    conflict = run(claim("Airwars", 2, perpetrator="US-led coalition"), claim("UCDP", 12, perpetrator="ISIS"))
    assert conflict.groups["attribution_conflict"].all()
    assert set(conflict.attributions["source"]) == {"Airwars", "UCDP"}

    breakdown = run(
        claim("SOHR", 10, perpetrator="ISIS"), claim("SOHR", 5, perpetrator="Turkey"),
        claim("SNHR", 11, perpetrator="ISIS"), claim("SNHR", 3, perpetrator="SDF"),
    )
    assert not breakdown.groups["attribution_conflict"].any()


def test_unattributed_claims_never_make_a_conflict():
    frame = pd.DataFrame([claim("SOHR", 10, perpetrator="unattributed"), claim("SNHR", 11, perpetrator="ISIS")])
    assert attribution_conflicts(frame).empty


def test_subcategory_above_same_sources_total_is_flagged():
    result = run(claim("SOHR", 800, victims="civilians"), claim("SOHR", 700, victims="total"))
    bad = result.inconsistencies
    assert bad[["source", "victims", "victims_whole"]].values.tolist() == [["SOHR", "civilians", "total"]]
    fine = run(claim("SOHR", 600, victims="civilians"), claim("SOHR", 700, victims="total"))
    assert fine.inconsistencies.empty


def test_attributed_parts_above_unattributed_whole_are_flagged():
    # SNHR's per-perpetrator civilian figures summing above its own headline
    result = run(
        claim("SNHR", 200, perpetrator="ISIS"), claim("SNHR", 150, perpetrator="SDF"),
        claim("SNHR", 300, perpetrator="unattributed"),
    )
    assert len(result.inconsistencies) == 1
    row = result.inconsistencies.iloc[0]
    assert (row["best"], row["best_whole"]) == (350, 300)


def test_groups_are_ordered_and_unattributed_last():
    result = run(
        claim("S", 1, perpetrator="unattributed", victims="total"),
        claim("S", 1, perpetrator="SDF", victims="children"),
        claim("S", 1, perpetrator="SDF", victims="total"),
        claim("S", 1, perpetrator="ISIS", victims="civilians"),
    )
    assert result.groups[["perpetrator", "victims"]].values.tolist() == [
        ["ISIS", "civilians"], ["SDF", "total"], ["SDF", "children"], ["unattributed", "total"],
    ]


def test_parts_and_wholes_are_checked_within_one_report_only():
    """Two UCDP events matched into one incident are not one report contradicting itself."""
    def event(best, victims, event_id):
        return {**claim("UCDP", best, victims=victims, origin=f"ged.csv:{event_id}"), "event_id": event_id}

    apart = run(event(2, "combatants", "101"), event(1, "total", "102"))
    assert apart.inconsistencies.empty
    same = run(event(2, "combatants", "101"), event(1, "total", "101"))
    assert same.inconsistencies[["victims", "victims_whole"]].values.tolist() == [["combatants", "total"]]
    # without event ids, one report is one publication day and period
    revised = run(claim("SOHR", 800, victims="civilians", published="2025-03-09"),
                  claim("SOHR", 700, victims="total", published="2025-03-10"))
    assert revised.inconsistencies.empty


def test_an_all_perpetrators_row_sets_a_headline_beside_a_sum_of_attributed_figures():
    result = run(
        claim("SOHR", 700, high=float("inf"), perpetrator="unattributed"),
        claim("SNHR", 125, perpetrator="government forces"), claim("SNHR", 40, perpetrator="loyalists"),
    )
    groups = result.groups.set_index("perpetrator")
    assert groups.loc["all perpetrators", "status"] == "overlapping"  # 700..inf against at least 165
    mine = result.claims.loc[result.claims["perpetrator"] == "all perpetrators"].set_index("source")
    assert mine.loc["SNHR", ["low", "best", "high", "figure"]].tolist() == [165, 165, float("inf"), "≥ 165 (sum of 2)"]
    assert mine.loc["SOHR", "figure"] == "700"
    alone = run(claim("S", 1, perpetrator="unattributed"), claim("S", 2, perpetrator="ISIS"))
    assert "all perpetrators" not in set(alone.groups["perpetrator"])  # one source: nothing to compare


def test_an_incident_holding_events_that_share_every_field_says_so():
    def event(best, event_id):  # matched into one incident, as matching does with unlabelled events
        return {**claim("UCDP", best, origin=f"ged.csv:{event_id}"), "event_id": event_id, "incident_matched": True}

    twins = run(event(3, "101"), event(4, "102"))
    assert twins.incidents["note"].tolist() == ["may hold several events: 2 of UCDP's events share every field a claim has"]
    distinct = run(event(3, "101"), {**event(4, "102"), "victims": "total"})
    assert distinct.incidents["note"].tolist() == [""]
    labelled = run(*({**e, "incident_matched": False} for e in (event(3, "101"), event(4, "102"))))
    assert labelled.incidents["note"].tolist() == [""]  # a file's own label is its word


def test_an_unmapped_perpetrator_string_conflicts_with_nobody():
    frame = pd.DataFrame([claim("SOHR", 10, perpetrator="ISIS"),
                          {**claim("SNHR", 11, perpetrator="Рашисти"), "actor_status": "unmapped"}])
    assert attribution_conflicts(frame).empty
    mapped = pd.DataFrame([claim("SOHR", 10, perpetrator="ISIS"), claim("SNHR", 11, perpetrator="SDF")])
    assert not attribution_conflicts(mapped).empty


# On several cores -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("claims_of", ["synthetic-world", "real"])
def test_compare_on_two_workers_gives_what_one_process_gives(claims_of, tmp_path, monkeypatch, request):
    """The containment and attribution checks on a worker while the groups are lined up, and the
    wide rows taken on threads (whatever the size: thresholds set to 0), against one process."""
    from tests.conftest import matched_to_compare

    matched, rejected, rows = matched_to_compare(claims_of, tmp_path)
    monkeypatch.setenv("RECONCILE_WORKERS", "1")
    alone = compare(matched, rejected, rows)
    split = request.getfixturevalue("on_two_workers")
    shared = compare(matched, rejected, rows)
    assert ("reconcile.compare", 2) in split
    if claims_of == "synthetic-world":  # every frame the split touches has rows to compare
        assert len(alone.inconsistencies) and len(alone.attributions) and len(alone.superseded)
    assert (alone.groups["status"] == "disjoint").any() and len(alone.inconsistencies)
    for name in ("groups", "claims", "superseded", "attributions", "inconsistencies", "incidents"):
        pd.testing.assert_frame_equal(getattr(shared, name), getattr(alone, name), obj=name)


@pytest.mark.parametrize("ordered", [True, False])
def test_self_pairs_are_the_self_merge_sorted_by_group_or_not(ordered):
    from reconcile.compare import _self_pairs

    rng = np.random.default_rng(2)
    frame = pd.DataFrame({"group_id": rng.integers(0, 40, 300), "source": rng.integers(0, 5, 300),
                          "low": rng.random(300), "best": rng.random(300), "high": rng.random(300)})
    if ordered:
        frame = frame.sort_values("group_id", kind="stable", ignore_index=True)
    expected = frame.merge(frame, on="group_id", suffixes=("_a", "_b"))
    expected = expected.loc[expected["source_a"] < expected["source_b"]].reset_index(drop=True)
    assert len(expected) > 500
    pd.testing.assert_frame_equal(_self_pairs(frame, "group_id", "source"), expected)
