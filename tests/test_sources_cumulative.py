"""Cumulative tolls (monitor, as_of, deaths; no event date) and wide comparison tables, on files written here.

The figures are made up in the shape of the SOHR/SNHR per-perpetrator tables; the real tables are read
in test_realdata_compilation.py.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from reconcile.dates import OPEN_START

from conftest import assert_accounted, read_claims

CUMULATIVE = (
    "monitor,as_of,perpetrator_as_stated,perpetrator_group,victim_category,deaths,qualifier\n"
    "SNHR,2024-03,Syrian regime,regime side,civilians_killed,200,documented\n"
    "SNHR,2024-03,Syrian regime,regime side,civilians_killed_by_torture,15,documented\n"
    "SOHR,2025-03,Syrian regime (shelling/gunfire),regime side,civilians_killed,50,documented\n"
    "SOHR,2025-03,Syrian regime (airstrikes),regime side,civilians_killed,30,documented\n"
    "SOHR,2025-03,Regime forces,regime side,military_killed,90,documented\n"
    "SOHR,2025-03,ISIS,ISIS side,military_killed,40,documented\n"
    "SOHR,2025-03,ISIS,ISIS side,civilians_killed,5,documented\n"
    "SNHR,2024-03,ISIS,ISIS side,civilians_killed,6,documented\n"
)
WIDE = (
    "perpetrator_group,sohr_civilians_killed_2025_03,snhr_civilians_killed_2024_03,snhr_minus_sohr,comparable,"
    "snhr_torture_deaths_2024_03,sohr_components\n"
    'Syrian government / Assad regime and allies,80,207,127,"partial: definitions differ",15,"a 50 + b 30"\n'
    "ISIS / Islamic State,5,6,1,yes,,ISIS 5\n"
    "Nobody in particular,,,,no figures,,\n"
)


def load(write, name: str, text: str, **options):
    return read_claims(write, name, text, **options)


# cumulative -------------------------------------------------------------------------------


def test_cumulative_rows_are_tolls_from_an_open_start_to_the_end_of_the_as_of_month(write):
    raw, result = load(write, "tolls.csv", CUMULATIVE)
    assert raw.formats == ("cumulative",)
    assert_accounted(raw, result, 8)
    assert result.rows["rejected"] == 0
    claims = result.claims
    assert (claims["date_start"] == pd.Timestamp(OPEN_START)).all()
    snhr = claims.loc[claims["source"] == "SNHR"]
    assert set(snhr["date_end"]) == set(snhr["published"]) == {pd.Timestamp("2024-03-31")}
    assert set(claims["incident"]) == {"cumulative toll"}
    # the compilation's own columns are kept; its 'qualifier' ("documented") is no figure qualifier
    assert set(claims["perpetrator_group"]) == {"regime side", "ISIS side"}
    assert set(claims["qualifier_input"]) == {"documented"}


def test_cumulative_categories_map_and_torture_deaths_stay_apart_from_civilians(write):
    _, result = load(write, "tolls.csv", CUMULATIVE)
    victims = result.claims.set_index("origin")["victims"]
    assert victims["tolls.csv:2"] == "civilians"
    assert victims["tolls.csv:3"] == "detention_deaths"
    assert victims["tolls.csv:6"] == "combatants"
    assert result.claims["victims_known"].all()


def test_cumulative_combatant_rows_name_the_dead_side_not_a_perpetrator(write):
    _, result = load(write, "tolls.csv", CUMULATIVE)
    fighters = result.claims.loc[result.claims["victims"] == "combatants"]
    assert set(fighters["perpetrator"]) == {"unattributed"}
    assert fighters["victim_side"].tolist() == ["Regime forces", "ISIS"]
    civilians = result.claims.loc[result.claims["victims"] == "civilians"]
    assert (civilians["victim_side"] == "").all()


def test_cumulative_compare_lines_monitors_up_and_adds_a_monitors_components(write, cli):
    path = write("tolls.csv", CUMULATIVE)
    result = cli("compare", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    groups = {(g["perpetrator"], g["victims"]): g for g in json.loads(result.stdout)["groups"]}
    regime = groups[("Assad government forces", "civilians")]
    best = {c["source"]: c["best"] for c in regime["claims"]}
    assert best == {"SNHR": 200, "SOHR": 80}  # SOHR's shelling and airstrikes rows add up
    assert regime["status"] == "disjoint"
    isis = groups[("ISIS", "civilians")]
    assert {c["source"]: c["best"] for c in isis["claims"]} == {"SNHR": 6, "SOHR": 5}
    assert groups[("unattributed", "combatants")]["claims"][0]["best"] == 130
    assert json.loads(result.stdout)["superseded"] == []


def test_cumulative_as_of_leaves_out_later_reports(write, cli):
    path = write("tolls.csv", CUMULATIVE)
    result = cli("compare", path, "--format", "json", "--as-of", "2024-12-31")
    sources = {c["source"] for g in json.loads(result.stdout)["groups"] for c in g["claims"]}
    assert sources == {"SNHR"}


def test_cumulative_later_report_of_the_same_row_supersedes_the_earlier(here, write, cli):
    write("tolls.csv", CUMULATIVE + "SNHR,2025-03,Syrian regime,regime side,civilians_killed,210,documented\n")
    result = cli("compare", "tolls.csv", "--format", "json")
    document = json.loads(result.stdout)
    regime = next(g for g in document["groups"] if (g["perpetrator"], g["victims"]) ==
                  ("Assad government forces", "civilians"))
    assert {c["source"]: c["best"] for c in regime["claims"]}["SNHR"] == 210
    assert [s["origin"] for s in document["superseded"]] == ["tolls.csv:2"]


def test_cumulative_table_shows_the_open_start_in_words(write, cli, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    result = cli("compare", write("tolls.csv", CUMULATIVE))
    assert result.stdout.startswith("cumulative toll · to 2025-03-31\n")


def test_cumulative_since_and_incident_columns_are_used_when_given(write):
    text = "source,as_of,since,war,deaths\nSNHR,2024-03,2011-03,Syrian civil war,231278\n"
    _, result = load(write, "tolls.csv", text)
    claim = result.claims.iloc[0]
    assert claim["date_start"] == pd.Timestamp("2011-03-01") and claim["incident"] == "Syrian civil war"


def test_cumulative_row_without_as_of_or_figure_is_rejected_not_read_as_zero(write):
    text = "monitor,as_of,deaths\nSOHR,,10\nSNHR,2024-03,\n"
    raw, result = load(write, "tolls.csv", text)
    assert_accounted(raw, result, 2)
    reasons = dict(zip(result.rejected["origin"], result.rejected["reason"], strict=True))
    assert "date is empty" in reasons["tolls.csv:2"]
    assert "figure is empty" in reasons["tolls.csv:3"]


def test_a_claims_file_with_dates_stays_generic(write):
    text = "source,as_of,date,deaths\nSOHR,2025-03,2025-03-07,10\n"
    raw, _ = load(write, "claims.csv", text)
    assert raw.formats == ("generic",)


# wide -------------------------------------------------------------------------------------


def test_wide_table_one_claim_per_filled_monitor_column(write):
    raw, result = load(write, "wide.csv", WIDE)
    assert raw.formats == ("wide",)
    assert_accounted(raw, result, 3)
    assert result.rows["claims"] == 5 and result.rows["skipped"] == 1
    assert raw.skipped["reason"].iloc[0].startswith("no figure in any sohr_civilians_killed_2025_03")
    claims = result.claims
    assert set(claims["source"]) == {"SOHR", "SNHR"}
    torture = claims.loc[claims["figure_column"] == "snhr_torture_deaths_2024_03"].iloc[0]
    assert torture["victims"] == "detention_deaths" and torture["date_end"] == pd.Timestamp("2024-03-31")
    assert torture["perpetrator"] == "Assad government forces"


def test_wide_table_derived_columns_are_kept_not_claims(write):
    _, result = load(write, "wide.csv", WIDE)
    assert "snhr_minus_sohr" not in set(result.claims["figure_column"])
    first = result.claims.loc[result.claims["origin"] == "wide.csv:2"]
    assert set(first["comparable"]) == {"partial: definitions differ"}
    assert set(first["sohr_components"]) == {"a 50 + b 30"}


def test_wide_and_cumulative_tables_share_the_incident(write, cli):
    result = cli("compare", write("wide.csv", WIDE), "--format", "json")
    assert {g["incident"] for g in json.loads(result.stdout)["groups"]} == {"cumulative toll"}


@pytest.mark.parametrize("header", ["sohr_2025_03", "perpetrator_group,notes", "sohr_civilians_2025"])
def test_wide_needs_a_perpetrator_and_monitor_category_date_columns(write, header):
    from reconcile.sources.table import read_table
    from reconcile.sources.wide import missing_wide

    table = read_table(write("t.csv", header + "\n" + ",".join("1" for _ in header.split(",")) + "\n"))
    assert missing_wide(table)


def test_validate_takes_a_monitors_components_for_parts_not_duplicates(write, cli):
    result = cli("validate", write("tolls.csv", CUMULATIVE))
    assert result.exit_code == 0, result.stdout
    assert "duplicate-claim" not in result.stdout and "part-exceeds-total" not in result.stdout
