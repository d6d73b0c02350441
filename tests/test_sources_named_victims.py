"""Named-victim lists: at-least counts per incident, every row accounted for (names made up here)."""

from __future__ import annotations

import json
import math

from conftest import read_claims


NAMED = (
    "airwars_id,incident_date,name_original,name_local,age,age_group,gender,status\n"
    "101,2023-09-01,Person A,,15,child,male,killed\n"
    "101,2023-09-01,Person B,,,,male,killed\n"
    "101,2023-09-01,Person C,,40,adult,female,killed\n"
    "101,2023-09-01,Person D,,41,adult,male,injured\n"
    "102,2023-09-02,Person E,,30,adult,male,killed\n"
    "101,2023-09-01,Person F,,42,adult,male,killed\n"
    "103,2023-09-03,Person G,,,,,\n"
    "104,,Person H,,,,,killed\n"
)


def load(write, text: str = NAMED):
    return read_claims(write, "named.csv", text)


def test_named_killed_are_at_least_counts_per_incident(write):
    raw, result = load(write)
    assert raw.formats == ("named_victims",)
    claims = result.claims
    first = claims.loc[claims["origin"] == "named.csv:2"].set_index("victims")
    # 101: four named dead (A child, B unknown age, C woman, F man); D injured
    assert first["best"].to_dict() == {"civilians": 4, "children": 1, "women": 1, "men": 1}
    assert (first["low"] == first["best"]).all() and first["high"].map(math.isinf).all()
    assert set(first["figure"]) == {"at least 4 (named)", "at least 1 (named)"}
    assert set(claims["source"]) == {"Airwars (named victims)"}
    assert claims.loc[claims["origin"] == "named.csv:6", "best"].tolist() == [1, 1]  # 102: civilians, men


def test_every_named_row_is_accounted_for(write):
    raw, result = load(write)
    rows = result.rows
    assert rows["read"] == 8
    # claims on lines 2 and 6; line 9's incident has no date: rejected, not dropped
    assert sorted(set(result.claims["origin"])) == ["named.csv:2", "named.csv:6"]
    assert result.rejected["origin"].tolist() == ["named.csv:9"]
    assert "date is empty" in result.rejected["reason"].iloc[0]
    reasons = dict(zip(raw.skipped["origin"], raw.skipped["reason"], strict=True))
    assert reasons == {
        "named.csv:3": "named dead of Airwars incident 101, counted in the claims on line 2",
        "named.csv:4": "named dead of Airwars incident 101, counted in the claims on line 2",
        "named.csv:5": "status 'injured': not a death",
        "named.csv:7": "named dead of Airwars incident 101, counted in the claims on line 2",
        "named.csv:8": "no status (killed or injured) given",
    }
    origins = set(result.claims["origin"]) | set(result.rejected["origin"])
    assert len(origins) + rows["skipped"] == rows["read"]


def test_named_claims_are_their_incidents_and_event_ids(here, write, cli):
    write("named.csv", NAMED)
    result = cli("compare", "named.csv", "--format", "json")
    assert result.exit_code == 0, result.stderr
    groups = json.loads(result.stdout)["groups"]
    assert {g["incident"] for g in groups} == {"Airwars 101", "Airwars 102"}
    assert "rows: 8 read (5 without a claim), giving 7 claims: 6 used, 1 rejected" in result.stderr
