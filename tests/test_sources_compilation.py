"""War-level compilations (per-war totals by side and bucket; one war's figures as JSON or flattened CSV).

The wars and figures here are made up in the compilation's shapes; the real files are read in
test_realdata_compilation.py.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from reconcile.dates import OPEN_END, OPEN_START
from reconcile.errors import InputError
from reconcile.sources import read_files
from reconcile.sources.compilation import interval_claim

from conftest import assert_accounted, read_claims

TOTALS = (
    "war_id,war_name,side,bucket,low,high,notes\n"
    "red_blue_war,Red-Blue War,Red side,military_killed,100,150,from disease too\n"
    "red_blue_war,Red-Blue War,Red side,civilians_killed_directly,20,,at least\n"
    "red_blue_war,Red-Blue War,Red side,deaths_from_actions:famine,,500,up to\n"
    "red_blue_war,Red-Blue War,Red side,deaths_from_actions:camp,7,9,camp A\n"
    "red_blue_war,Red-Blue War,Red side,deaths_from_actions:camp,1,3,camp B\n"
    "red_blue_war,Red-Blue War,Blue side,military_killed,50,50,\n"
    "red_blue_war,Red-Blue War,Blue side,deaths_from_actions:siege,,,no figure found\n"
    "green_war,Green War,Green side,deaths_from_actions:detention_torture,4,4,\n"
)
WAR = {
    "war_id": "red_blue_war",
    "name": "Red-Blue War",
    "start_year": 2001,
    "end_year": 2003,
    "sides": [
        {
            "name": "Syrian government / Assad regime and allies",
            "members": ["army"],
            "military_killed": {"low": 100, "high": 150, "point": 120, "notes": "n1", "sources": ["https://a", "https://b"]},
            "civilians_killed_directly": {
                "low": 20, "high": 40, "point": None, "notes": "n2", "sources": ["https://c"],
                "breakdown": [{"cause": "shelling", "victims_group": "towns", "low": 20, "high": 40, "notes": "n3"}],
            },
            "deaths_from_actions": [
                {"type": "siege_starvation_medical_deprivation", "victims_group": "besieged", "low": 5, "high": None,
                 "point": 5, "notes": "n4", "sources": []},
                {"type": "famine", "victims_group": "all", "low": None, "high": None, "point": None, "notes": "none"},
            ],
        },
        {
            "name": "Blue side",
            "military_killed": {"low": 60, "high": 60, "point": 60, "notes": "", "sources": []},
        },
    ],
    "totals": {"military_low": 150, "military_high": 220, "civilian_low": 25, "civilian_high": 60, "notes": "t"},
    "key_atrocities": [
        {"name": "Town massacre", "year": 2002, "perpetrator": "Blue side", "victims_group": "Civilians of the town",
         "low": 30, "high": 30, "notes": "k", "sources": ["https://d"]},
    ],
}


def load(write, name: str, text: str, **options):
    return read_claims(write, name, text, **options)


def test_interval_from_low_point_high_any_blank():
    texts = pd.DataFrame(
        [("57", "57", "57"), ("2459", "4227", "4170"), ("32", "", ""), ("", "70000", ""), ("", "", "8"),
         ("", "", ""), ("1", "", "2"), ("10", "20", "")],
        columns=["low", "high", "point"],
    )
    got = pd.DataFrame(interval_claim(texts["low"], texts["high"], texts["point"]))
    assert got["figure"].tolist() == ["57", "4170 (2459-4227)", "at least 32", "up to 70000", "8", "",
                                      "2 (at least 1)", "10-20"]
    assert got[["low", "best", "high"]].to_numpy().tolist() == [
        ["57", "57", "57"], ["2459", "4170", "4227"], ["32", "32", "inf"], ["0", "70000", "70000"], ["8", "8", "8"],
        ["", "", ""], ["1", "2", "inf"], ["10", "10", "20"],
    ]


# war_totals -------------------------------------------------------------------------------


def test_war_totals_rows_are_the_compilers_claims_per_war_side_and_bucket(write):
    raw, result = load(write, "totals.csv", TOTALS)
    assert raw.formats == ("war_totals",)
    assert_accounted(raw, result, 8)
    assert result.rows["rejected"] == 0
    assert raw.skipped["reason"].tolist() == ["the compiler gives no figure (low, high and point blank)"]
    claims = result.claims.set_index("origin")
    assert set(claims["source"]) == {"Silver compilation"}
    assert set(claims["incident"]) == {"Red-Blue War", "Green War"}
    assert (claims["date_start"] == pd.Timestamp(OPEN_START)).all() and (claims["date_end"] == pd.Timestamp(OPEN_END)).all()
    red_dead = claims.loc["totals.csv:2"]
    assert (red_dead["victims"], red_dead["perpetrator"], red_dead["victim_side"]) == ("combatants", "unattributed", "Red side")
    assert claims.loc["totals.csv:3", ["low", "best"]].tolist() == [20, 20] and math.isinf(claims.loc["totals.csv:3", "high"])
    assert claims.loc["totals.csv:4", ["low", "best", "high"]].tolist() == [0, 500, 500]
    assert claims.loc["totals.csv:4", "victims"] == "deaths_from_actions"
    assert claims.loc["totals.csv:4", "bucket"] == "deaths_from_actions:famine"
    assert claims.loc["totals.csv:9", "victims"] == "detention_deaths"
    assert claims["victims_known"].all()


def test_war_totals_repeated_buckets_add_up_and_sides_dead_make_the_war_combatants(here, write, cli):
    write("totals.csv", TOTALS)
    result = cli("compare", "totals.csv", "--format", "json")
    assert result.exit_code == 0, result.stderr
    groups = {(g["incident"], g["perpetrator"], g["victims"]): g for g in json.loads(result.stdout)["groups"]}
    camps = groups[("Red-Blue War", "Red side", "deaths_from_actions")]["claims"][0]
    assert (camps["low"], camps["high"]) == (0 + 7 + 1, 500 + 9 + 3)  # famine and the two camps
    dead = groups[("Red-Blue War", "unattributed", "combatants")]["claims"][0]
    assert (dead["low"], dead["best"], dead["high"]) == (150, 150, 200)
    assert sorted(dead["origin"].split(", ")) == ["totals.csv:2", "totals.csv:7"]


def test_table_shows_an_undated_war_as_such(here, write, cli, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    write("totals.csv", TOTALS)
    assert "Red-Blue War · undated" in cli("compare", "totals.csv").stdout


# war_figures: JSON and its flattening -----------------------------------------------------


def test_json_war_reads_as_its_flat_csv_does(write):
    raw, result = load(write, "red_blue_war.json", json.dumps(WAR, indent=2))
    assert raw.formats == ("war_figures",)
    assert_accounted(raw, result, 9)  # 2 + breakdown + 2 actions, Blue's 1, 1 atrocity, 2 totals
    flat = raw.rows.sort_values("line")
    # the flat CSV the compiler publishes, written from the same JSON
    from reconcile.sources.json_table import FLAT_COLUMNS, flatten_war

    rows, _ = flatten_war(WAR)
    csv_text = pd.DataFrame(rows)[FLAT_COLUMNS].to_csv(index=False)
    raw_csv, result_csv = load(write, "red_blue_war_flat.csv", csv_text)
    assert raw_csv.formats == ("war_figures",)
    same = ["source", "figure", "victims", "perpetrator", "low", "best", "high", "event_id"]
    assert result.claims[same].sort_values("event_id").to_numpy().tolist() == \
        result_csv.claims[same].sort_values("event_id").to_numpy().tolist()
    # the JSON knows the war's name and years, the flat file its name only through the file name
    assert set(result.claims.loc[result.claims["event_id"].str.startswith("sides"), "incident"]) == {"Red-Blue War"}
    assert set(result_csv.claims.loc[result_csv.claims["event_id"].str.startswith("sides"), "incident"]) == {"Red Blue War"}
    assert flat["line"].is_unique


def test_json_origin_lines_point_at_the_figure(write):
    text = json.dumps(WAR, indent=2)
    raw, _ = load(write, "war.json", text)
    lines = text.splitlines()
    first = raw.rows.iloc[0]
    assert first["event_id"] == "sides[0].military_killed"
    assert lines[int(first["line"]) - 1].strip().startswith('"military_killed": {')
    atrocity = raw.rows.loc[raw.rows["event_id"] == "key_atrocities[0]"].iloc[0]
    assert lines[int(atrocity["line"]) - 1].strip() == "{"
    assert '"name": "Town massacre"' in lines[int(atrocity["line"])]


def test_war_figures_claims(write):
    raw, result = load(write, "war.json", json.dumps(WAR, indent=2))
    claims = result.claims.set_index("event_id")
    side = "Assad government forces"
    assert claims.loc["sides[0].civilians_killed_directly", "perpetrator"] == side
    assert claims.loc["sides[0].military_killed", ["perpetrator", "victim_side"]].tolist() == [
        "unattributed", "Syrian government / Assad regime and allies"]
    assert claims.loc["sides[0].deaths_from_actions[0]", "victims"] == "siege_deaths"
    assert claims.loc["sides[0].military_killed", "date_start"] == pd.Timestamp("2001-01-01")
    assert claims.loc["sides[0].military_killed", "date_end"] == pd.Timestamp("2003-12-31")
    atrocity = claims.loc["key_atrocities[0]"]
    assert (atrocity["incident"], atrocity["victims"], atrocity["date_start"]) == ("Town massacre", "civilians",
                                                                                     pd.Timestamp("2002-01-01"))
    totals = claims.loc[["totals.military", "totals.civilian"]]
    assert set(totals["source"]) == {"Silver compilation (totals)"}
    assert totals["victims"].tolist() == ["combatants", "civilians"]
    parent = int(raw.rows.set_index("event_id").loc["sides[0].civilians_killed_directly", "line"])
    assert sorted(raw.skipped["reason"]) == [
        f"a breakdown by cause of the figure on line {parent}, counted in its claim",
        "the compiler gives no figure (low, high and point blank)",
    ]


def test_war_totals_stand_beside_the_sides_added_up(here, write, cli):
    write("war.json", json.dumps(WAR, indent=2))
    result = cli("compare", "war.json", "--format", "json")
    groups = {(g["incident"], g["perpetrator"], g["victims"]): g for g in json.loads(result.stdout)["groups"]}
    fighters = {c["source"]: (c["low"], c["high"]) for c in groups[("Red-Blue War", "unattributed", "combatants")]["claims"]}
    assert fighters == {"Silver compilation": (160, 210), "Silver compilation (totals)": (150, 220)}


@pytest.mark.parametrize(("text", "message"), [
    ('{"sides": [', "not valid JSON"),
    ('{"a": 1}', "cannot read as a table"),
    ("[1, 2]", "cannot read as a table"),
])
def test_unreadable_json_is_a_one_line_error(write, text, message):
    with pytest.raises(InputError, match=message):
        read_files([write("x.json", text)])


def test_json_array_of_objects_is_a_table(write):
    text = json.dumps([{"source": "SOHR", "figure": "more than 700", "date": "2025-03-07"},
                       {"source": "SNHR", "figure": 125, "date": "2025-03-07", "victims": "civilians"}], indent=1)
    raw, result = load(write, "claims.json", text)
    assert raw.formats == ("generic",)
    assert result.claims["best"].tolist() == [700, 125]
    assert result.claims["origin"].tolist() == ["claims.json:2", "claims.json:7"]


def test_a_key_atrocity_dated_by_its_year_lasts_that_year_only(here, write, cli):
    war = {"name": "Test War", "start_year": 2011,
           "sides": [{"name": "Regime", "civilians_killed_directly": {"point": 5}}],
           "key_atrocities": [{"name": "Massacre", "perpetrator": "Regime", "year": 2013, "low": 40, "high": 60,
                               "victims_group": "civilians"}]}
    write("war.json", json.dumps(war, indent=1))
    document = json.loads(cli("compare", "war.json", "--format", "json").stdout)
    (massacre,) = [i for i in document["incidents"] if i["incident"] == "Massacre"]
    assert (massacre["start"], massacre["end"]) == ("2013-01-01", "2013-12-31")
    # the war itself has no end year: its open end is written as a padded ISO day in JSON
    (whole,) = [i for i in document["incidents"] if i["incident"] == "Test War"]
    assert (whole["start"], whole["end"]) == ("2011-01-01", "9999-12-31")


def test_open_start_is_a_padded_iso_day_in_json(here, write, cli):
    write("cum.csv", "monitor,as_of,perpetrator_as_stated,victim_category,deaths\n"
                     "SOHR,2025-03,Syrian regime,civilians_killed,1000\nSNHR,2024-03,Syrian regime,civilians_killed,1200\n")
    document = json.loads(cli("compare", "cum.csv", "--format", "json").stdout)
    assert {c["date_start"] for g in document["groups"] for c in g["claims"]} == {"0001-01-01"}
    assert document["incidents"][0]["start"] == "0001-01-01"


def test_minified_json_whose_rows_share_a_line_is_refused_with_the_line(here, write, cli):
    write("war.json", json.dumps({"name": "W", "sides": [{"name": "A", "military_killed": {"low": 1}},
                                                          {"name": "B", "military_killed": {"low": 2}}]}))
    result = cli("compare", "war.json")
    assert result.exit_code == 2
    assert "war.json:1: two rows of this JSON start on one line" in result.stderr
