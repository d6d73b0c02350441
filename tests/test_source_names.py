"""Source names: one monitor under several names is one source (issue #13)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from reconcile.source_names import load_sources, resolve_sources

DATA = Path(__file__).parent / "data"
EVENT_COUNTRY = {
    "kramatorsk-2022": "UA", "mariupol-theatre-2022": "UA", "al-ahli-hospital-2023": "PS",
    "kabul-airport-2021": "AF", "mogadishu-2017": "SO", "zabarmari-2020": "NG", "pazigyi-2023": "MM",
    "saada-prison-2022": "YE",
}


def resolve(*names: str, country: str = "") -> list[tuple[str, str]]:
    found = resolve_sources(pd.Series(names), pd.Series([country] * len(names)))
    return list(zip(found["source"], found["source_rule"].str.split(" ").str[0]))


def test_every_published_source_name_gets_its_labelled_source():
    """Each distinct source string of tests/data/published, labelled by hand, in its event's country."""
    country = {}
    for path in sorted((DATA / "published").glob("*.csv")):
        for name in pd.read_csv(path, dtype=str, keep_default_na=False)["source"]:
            country[name] = EVENT_COUNTRY.get(path.stem, "SY")
    labels = pd.read_csv(DATA / "published_sources.csv", dtype=str, keep_default_na=False)
    assert set(labels["text"]) == set(country)
    found = resolve_sources(labels["text"], labels["text"].map(country))
    got = found["source"].where(found["source_rule"] != "", "as written")
    wrong = labels.assign(got=got)[got != labels["expected"]]
    assert wrong.empty, wrong.to_string()
    mapped = (labels["expected"] != "as written").sum()
    print(f"\nsource names: {len(labels)} distinct, {mapped} mapped, {len(labels) - mapped} left as written, "
          f"{len(wrong)} wrong")


def test_names_abbreviations_and_languages_are_one_source():
    names = ("SOHR", "the Syrian Observatory for Human Rights", "l'OSDH", "المرصد السوري لحقوق الإنسان",
             "Syrian Observatory for Human Rights (SOHR)")
    assert {source for source, _ in resolve(*names)} == {"SOHR"}


def test_capital_abbreviations_match_only_in_capitals():
    assert resolve("UN", "un responsable de la police", "WHO", "who") == [
        ("UN", "alias"), ("un responsable de la police", ""), ("WHO", "alias"), ("who", "")]


def test_a_bound_alias_depends_on_the_claims_country():
    assert resolve("the health ministry", country="PS") == [("Gaza Ministry of Health", "alias")]
    assert resolve("the health ministry", country="SY") == [("Syrian Ministry of Health", "alias")]
    assert resolve("the health ministry", country="YE") == [("the health ministry", "")]
    assert resolve("the Observatory", country="") == [("the Observatory", "")]


def test_longer_strings_name_one_source_unless_they_join_several():
    assert resolve("the spokesman of the Gaza health ministry, Ashraf al-Qudra", country="PS") == [
        ("Gaza Ministry of Health", "named")]
    joined = "the Syrian Observatory for Human Rights and local activists"
    assert resolve(joined) == [(joined, "")]
    assert resolve("Airwars (named victims)") == [("Airwars (named victims)", "")]


def test_an_unknown_source_is_never_merged_by_spelling():
    assert resolve("Syrian Observatry for Human Right") == [("Syrian Observatry for Human Right", "")]


def test_user_rows_replace_ours_and_add_new_names(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("alias,source\nOSDH,Observatoire\nDesk B,Our stringer\n", encoding="utf-8")
    table = load_sources(mine)
    found = resolve_sources(pd.Series(["OSDH", "Desk B", "SOHR"]), pd.Series(["", "", ""]), table)
    assert found["source"].tolist() == ["Observatoire", "Our stringer", "SOHR"]
    assert found["source_rule"].iloc[0] == f"alias ({mine}:2)"


ROWS = (
    "coast,SOHR,about 100,2025-03-06,2025-03-07,civilians,government forces,Latakia,2025-03-07",
    "coast,l'OSDH,700,2025-03-06,2025-03-07,civilians,government forces,Latakia,2025-03-10",
    "coast,SNHR,about 120,2025-03-06,2025-03-07,civilians,government forces,Latakia,2025-03-07",
)
HEADER = "incident,source,figure,date_start,date_end,victims,perpetrator,place,published\n"


def test_a_revision_under_another_name_supersedes_and_footnotes_show_the_name_written(here, cli, claims_file):
    claims_file(*ROWS, header=HEADER)
    doc = json.loads(cli("compare", "claims.csv", "--format", "json").stdout)
    (g,) = doc["groups"]
    assert {c["source"]: (c["figure"], c["source_written"]) for c in g["claims"]} == {
        "SOHR": ("700", "l'OSDH"), "SNHR": ("about 120", "SNHR")}
    (old,) = doc["superseded"]
    assert old["origin"] == "claims.csv:2"
    table = cli("compare", "claims.csv").stdout
    assert "SOHR as “l'OSDH”" in table.replace("\n", " ")


def test_sources_command_lists_each_name(here, cli, claims_file):
    claims_file(*ROWS, header=HEADER)
    result = cli("sources", "claims.csv", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "as_written,source,rule,claims,countries"
    assert "l'OSDH,SOHR,alias (sources.csv:10),1,SY" in lines
    assert "3 source names, 0 as written" in result.stderr


def test_a_bad_source_table_is_a_one_line_error(here, cli, claims_file, write):
    claims_file(*ROWS, header=HEADER)
    write("bad.csv", "name,who\nx,y\n")
    result = cli("compare", "claims.csv", "--source-aliases", "bad.csv")
    assert result.exit_code == 2
    assert result.stderr.startswith("reconcile: error: bad.csv: source alias file lacks required column(s) alias")
