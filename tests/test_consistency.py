"""reconcile.consistency.inconsistencies: a source's figure for part of a group above its own figure for
the whole (a narrower victim category, or attributed parts against its unattributed headline), within
one report, with the reason a reader sees.

Through compare() (one report vs several, the sum of parts) see test_compare.py; here the function."""

from __future__ import annotations

import pandas as pd

from reconcile.consistency import inconsistencies


def claim(source, best, perpetrator, victims, origin, **more):
    return {"source": source, "incident": "coast", "perpetrator": perpetrator, "victims": victims,
            "best": float(best), "origin": origin, "event_id": "", "published": "2025-03-09",
            "date_start": "2025-03-06", "date_end": "2025-03-08", **more}


def found(*claims):
    return inconsistencies(pd.DataFrame(list(claims)))


def test_a_category_above_every_wider_category_of_the_same_perpetrator_is_flagged():
    bad = found(claim("SOHR", 50, "ISIS", "children", "s.csv:2"),
                claim("SOHR", 40, "ISIS", "civilians", "s.csv:3"),
                claim("SOHR", 45, "ISIS", "total", "s.csv:4"))
    assert bad["reason"].tolist() == ["SOHR: children by ISIS (50) exceed civilians by ISIS (40)",
                                      "SOHR: children by ISIS (50) exceed total by ISIS (45)"]
    assert bad[["origin", "origin_whole"]].values.tolist() == [["s.csv:2", "s.csv:3"], ["s.csv:2", "s.csv:4"]]


def test_a_part_within_its_whole_or_of_another_source_or_perpetrator_is_fine():
    assert found(claim("SOHR", 40, "ISIS", "children", "s.csv:2"),
                 claim("SOHR", 40, "ISIS", "civilians", "s.csv:3")).empty  # equal is not above
    assert found(claim("SOHR", 50, "ISIS", "children", "s.csv:2"),
                 claim("SNHR", 40, "ISIS", "civilians", "n.csv:2")).empty  # two sources: not this check
    assert found(claim("SOHR", 50, "ISIS", "children", "s.csv:2"),
                 claim("SOHR", 40, "SDF", "civilians", "s.csv:3")).empty
    # siege deaths are not under civilians (data/victim_categories.csv): no part and whole
    assert found(claim("SOHR", 50, "ISIS", "siege_deaths", "s.csv:2"),
                 claim("SOHR", 40, "ISIS", "civilians", "s.csv:3")).empty


def test_attributed_parts_summed_above_the_unattributed_headline_list_every_part():
    bad = found(claim("SNHR", 1200, "ISIS", "children", "n.csv:2"),
                claim("SNHR", 20, "SDF", "children", "n.csv:3"),
                claim("SNHR", 1210, "unattributed", "civilians", "n.csv:4"))
    assert len(bad) == 1
    row = bad.iloc[0]
    assert row["reason"] == ("SNHR: children by all attributed perpetrators (1,220) exceed civilians by "
                             "unattributed (1,210)")
    assert (row["origin"], row["origin_whole"]) == ("n.csv:2, n.csv:3", "n.csv:4")


def test_parts_are_compared_within_one_report_only():
    revised = found(claim("SOHR", 50, "ISIS", "children", "s.csv:2", published="2025-03-09"),
                    claim("SOHR", 40, "ISIS", "civilians", "s.csv:3", published="2025-03-12"))
    assert revised.empty  # a later report's whole is not this report's
    events = found(claim("UCDP", 2, "ISIS", "combatants", "ged.csv:2", event_id="101"),
                   claim("UCDP", 1, "ISIS", "total", "ged.csv:3", event_id="102"))
    assert events.empty
    # one event id is one report, whatever the publication days
    one_event = found(claim("UCDP", 2, "ISIS", "combatants", "ged.csv:2", event_id="101"),
                      claim("UCDP", 1, "ISIS", "total", "ged.csv:3", event_id="101", published="2025-04-01"))
    assert one_event["reason"].tolist() == ["UCDP: combatants by ISIS (2) exceed total by ISIS (1)"]


def test_findings_are_sorted_by_incident_source_and_category():
    bad = found(claim("SOHR", 9, "ISIS", "women", "s.csv:2", incident="b"),
                claim("SOHR", 1, "ISIS", "total", "s.csv:3", incident="b"),
                claim("SNHR", 9, "ISIS", "children", "n.csv:2"),
                claim("SNHR", 1, "ISIS", "civilians", "n.csv:3"),
                claim("AAA", 9, "ISIS", "children", "a.csv:2"),
                claim("AAA", 1, "ISIS", "civilians", "a.csv:3"))
    assert bad[["incident", "source", "victims"]].values.tolist() == [
        ["b", "SOHR", "women"], ["coast", "AAA", "children"], ["coast", "SNHR", "children"]]
