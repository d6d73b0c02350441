"""Airwars incidents (reconcile/sources/airwars.py): one claim per category, rows without a figure listed."""

from __future__ import annotations

import json

from conftest import AIRWARS, AIRWARS_BELLIGERENTS, read_accounted


def test_airwars_several_belligerents_stay_one_claim(write):
    raw, result = read_accounted(write, "incidents.csv", AIRWARS, 4)
    claims = result.claims
    rs1 = claims.loc[claims["event_id"] == "RS1"]
    assert rs1["victims"].tolist() == ["civilians", "children"]  # one claim per category, not per belligerent
    assert set(rs1["perpetrator_raw"]) == {"Russian Military; Iranian Military"}
    civilians = rs1.iloc[0]
    assert (civilians["figure"], civilians["low"], civilians["best"], civilians["high"]) == ("3-5", 3, 3, 5)
    assert civilians["assessment"] == "Contested"
    ts2 = claims.loc[claims["event_id"] == "TS2"]
    assert ts2["victims"].tolist() == ["civilians", "combatants"]
    ts4 = claims.loc[claims["event_id"] == "TS4"].iloc[0]
    assert (ts4["figure"], ts4["low"], ts4["high"]) == ("at least 4", 4, float("inf"))
    assert raw.skipped.values.tolist() == [["incidents.csv:4", "Airwars gives no death figure for this incident"]]


def test_airwars_belligerent_table_gives_one_claim_per_incident(write):
    raw, result = read_accounted(write, "incident_belligerents.csv", AIRWARS_BELLIGERENTS, 3)
    assert result.claims["perpetrator_raw"].tolist() == ["Russian Military; Iranian Military", "Turkish Military"]
    assert result.claims["best"].sum() == 5  # the incident's figure once, not once per belligerent
    assert raw.skipped["reason"].tolist() == ["another belligerent of incident RS1: its claims are on line 2"]


def test_summary_counts_rows_and_claims_apart(cli, write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("incidents.csv", AIRWARS)
    result = cli("compare", "incidents.csv", "-f", "json")
    assert "rows: 4 read (1 without a claim), giving 5 claims: 5 used, 0 rejected" in result.stderr
    doc = json.loads(result.stdout)
    assert doc["rows"] == {"read": 4, "used": 5, "rejected": 0, "claims": 5, "skipped": 1}
    assert doc["no_claim"] == [{"origin": "incidents.csv:4", "reason": "Airwars gives no death figure for this incident"}]
