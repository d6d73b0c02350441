"""UCDP GED events (reconcile/sources/ucdp.py): the total, the civilians and each side's dead."""

from __future__ import annotations

import json

from conftest import UCDP, claims_of, read_accounted


def test_ucdp_event_gives_total_civilians_and_each_sides_dead(write):
    raw, result = read_accounted(write, "ged.csv", UCDP, 3)
    assert result.rows["claims"] == 4 + 2 + 4
    claims = result.claims
    first = claims.loc[claims["event_id"] == "UCDP 1"].set_index("victims_raw", append=True)
    total = claims.loc[(claims["event_id"] == "UCDP 1") & (claims["victims"] == "total")].iloc[0]
    assert (total["low"], total["best"], total["high"], total["figure"]) == (9, 10, 14, "10 (9-14)")
    assert total["perpetrator"] == "unattributed"  # UCDP does not say who killed whom in a battle
    sides = claims.loc[(claims["event_id"] == "UCDP 1") & (claims["victims"] == "combatants")]
    assert sides[["victim_side", "perpetrator_raw", "best"]].values.tolist() == [
        ["Government of Syria", "IS", 3.0], ["IS", "Government of Syria", 5.0]]
    assert len(first) == 4
    one_sided = claims.loc[claims["event_id"] == "UCDP 2"]
    assert one_sided["victims"].tolist() == ["total", "civilians"]
    assert set(one_sided["perpetrator_raw"]) == {"IS"}
    assert one_sided["source_office"].tolist() == ["SOHR;SNHR"] * 2
    assert set(claims["origin"]) == {"ged.csv:2", "ged.csv:3", "ged.csv:4"}


def test_ucdp_sides_blamed_on_one_actor_are_summed_in_the_comparison(write, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("ged.csv", UCDP)
    doc = json.loads(cli("compare", "ged.csv", "-f", "json").stdout)
    claims = [c for g in doc["groups"] if g["victims"] == "combatants"
              for c in g["claims"] if c["origin"] == "ged.csv:4"]
    assert [(c["figure"], c["best"]) for c in claims] == [("2 + 2", 4.0)]
    assert doc["superseded"] == []


def test_ucdp_high_below_best_is_kept_widened_with_the_numbers(write):
    text = UCDP.replace("9,10,14", "2,2,1")
    result = claims_of(write, "ged.csv", text)
    assert result.rows["rejected"] == 0
    widened = result.claims.loc[result.claims["interval_note"] != ""]
    assert widened["interval_note"].tolist() == ["low, best, high out of order (2, 2, 1): read as 1-2"]
    assert widened[["low", "best", "high"]].to_numpy().tolist() == [[1, 2, 2]]
