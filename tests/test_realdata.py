"""The adapters on the real datasets in ../shared/realdata (skipped where that folder is absent).

Sums are checked against the files' own columns, read here with the csv module,
independently of the adapters.
"""

from __future__ import annotations

import math

import pytest


from conftest import number
from conftest import load_real_file as load
from conftest import real_rows as file_rows

ACLED_SAMPLES = [
    "acled_samples/acled_syria_2020-05.csv",
    "acled_samples/acled_somalia_2025-04_current_schema.csv",
    "acled_samples/acled_afghanistan_2020-03_quoted.csv",
    "acled_samples/acled_africa_2016-07_legacy_schema.csv",
]
UCDP = "ucdp_ged_syria/ged191_syria.csv"
HDX = "acled_hdx_aggregates/syria_2025_01_admin2.csv"
AIRWARS = "airwars_syria/incidents.csv"
#: every real file that holds casualty claims, and the format it is read as.
CLAIM_FILES = {
    **dict.fromkeys(ACLED_SAMPLES, "acled"),
    UCDP: "ucdp",
    HDX: "hdx_hapi",
    AIRWARS: "airwars",
    "airwars_syria/incidents_detail.csv": "airwars",
    "airwars_syria/incident_belligerents.csv": "airwars",
    "airwars_syria/named_victims.csv": "named_victims",
    "syria_source_claims_compilation/casualty_totals_81_conflicts.csv": "war_totals",
    "syria_source_claims_compilation/syria_monitor_claims_by_perpetrator.csv": "cumulative",
    "syria_source_claims_compilation/syria_sohr_vs_snhr_civilians_by_perpetrator.csv": "wide",
    "syria_source_claims_compilation/syrian_civil_war_flat.csv": "war_figures",
    "syria_source_claims_compilation/syrian_civil_war.json": "war_figures",
}
#: real files without claims of deaths (sources cited, p-codes): recognised, exit 2 saying what they are.
OTHER_FILES = {
    "airwars_syria/incident_sources.csv": "this is Airwars' cited-sources table",
    "ocha_pcodes/global_pcodes_adm1_2.csv": "this is a place-code gazetteer",
}
#: files whose perpetrators are not Syria's (or not actors): the alias table is not meant to map them.
NOT_MAPPED = {"syria_source_claims_compilation/casualty_totals_81_conflicts.csv"}



def test_every_real_file_is_listed_here(realdata):
    found = {str(p.relative_to(realdata)) for p in [*realdata.glob("*/*.csv"), *realdata.glob("*/*.json")]}
    assert found == set(CLAIM_FILES) | set(OTHER_FILES)


@pytest.mark.parametrize("name", sorted(CLAIM_FILES))
def test_every_row_accounted_for(realdata, name):
    raw, result = load(realdata, name)
    rows = result.rows
    assert raw.formats == (CLAIM_FILES[name],)
    assert rows["read"] == len(file_rows(realdata / name))
    assert rows["claims"] == rows["used"] + rows["rejected"]
    origins = set(result.claims["origin"]) | set(result.rejected["origin"])
    assert len(origins) + rows["skipped"] == rows["read"]


@pytest.mark.parametrize("name", ACLED_SAMPLES)
def test_acled_samples_read_without_rejection_and_fatalities_add_up(realdata, name):
    _, result = load(realdata, name)
    assert result.rows["rejected"] == 0, result.rejected.head().to_dict("records")
    assert result.rows["skipped"] == 0
    assert result.claims["best"].sum() == sum(number(r["fatalities"]) for r in file_rows(realdata / name))


def test_ucdp_totals_add_up_to_the_files_low_best_high(realdata):
    _, result = load(realdata, UCDP)
    rows = file_rows(realdata / UCDP)
    assert result.rows["read"] == len(rows) == 16566
    assert result.rows["rejected"] == 0
    totals = result.claims.loc[result.claims["victims"] == "total"]
    assert len(totals) == len(rows)
    assert totals["best"].sum() == sum(number(r["best"]) for r in rows) == 112337
    # GED 19.1 itself has 101 rows whose high is below best (or best below low): they are kept, each
    # interval widened to hold all three numbers and flagged; low and high add up to the file's columns
    # once those rows are read the same way.
    disordered = [r for r in rows if not number(r["low"]) <= number(r["best"]) <= number(r["high"])]
    assert (totals["interval_note"] != "").sum() == len(disordered) == 101
    assert totals["low"].sum() == sum(min(number(r[c]) for c in ("low", "best", "high")) for r in rows)
    assert totals["high"].sum() == sum(max(number(r[c]) for c in ("low", "best", "high")) for r in rows)
    ordered = [r for r in rows if r not in disordered]
    kept = totals.loc[totals["interval_note"] == ""]
    for column in ("low", "best", "high"):
        assert kept[column].sum() == sum(number(r[column]) for r in ordered)
    civilians = result.claims.loc[result.claims["victims"] == "civilians", "best"].sum()
    assert civilians == sum(number(r["deaths_civilians"]) for r in rows) == 26653


def test_hdx_aggregates_fatalities_add_up(realdata):
    raw, result = load(realdata, HDX)
    rows = file_rows(realdata / HDX)
    assert result.rows["read"] == len(rows) == 186
    assert result.rows["rejected"] == 0
    assert result.claims["best"].sum() == sum(number(r["fatalities"]) for r in rows)
    # rows without a fatalities figure (demonstrations) are listed, not rejected and not read as zero
    assert result.rows["skipped"] == sum(1 for r in rows if not r["fatalities"].strip())


def test_airwars_civilian_claims_add_up_to_min_and_max(realdata):
    _, result = load(realdata, AIRWARS)
    rows = file_rows(realdata / AIRWARS)
    assert result.rows["read"] == len(rows) == 996
    assert result.rows["rejected"] == 0
    both = [r for r in rows if r["civilian_deaths_min"].strip() and r["civilian_deaths_max"].strip()]
    civilians = result.claims.loc[(result.claims["victims"] == "civilians") & (result.claims["qualifier"] != "at least")
                                  & (result.claims["qualifier"] != "up to")]
    assert len(civilians) == len(both)
    assert civilians["low"].sum() == sum(number(r["civilian_deaths_min"]) for r in both)
    assert civilians["high"].sum() == sum(number(r["civilian_deaths_max"]) for r in both)
    several = [r for r in rows if "," in r["alleged_belligerent"]]
    assert several and all(
        len(result.claims.loc[(result.claims["incident"] == r["incident_code"])
                              & (result.claims["victims"] == "civilians")]) <= 1
        for r in several
    )


@pytest.mark.parametrize("name", sorted(CLAIM_FILES))
def test_compare_runs_on_the_real_file_without_options(realdata, cli, name):
    result = cli("compare", realdata / name)
    assert result.exit_code == 0, result.stderr
    assert result.stdout
    assert "rows: " in result.stderr


@pytest.mark.parametrize("command", ["compare", "validate"])
@pytest.mark.parametrize("name", sorted(OTHER_FILES))
def test_files_without_claims_exit_2_saying_what_they_are(realdata, cli, name, command):
    result = cli(command, realdata / name)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"reconcile: error: {realdata / name}:1: {OTHER_FILES[name]}")
    assert "no casualty figures" in lines[0] and "matches no known format" not in lines[0]


def mapped_share(result) -> float:
    """Share of the deaths in attributed claims whose perpetrator maps to a canonical actor."""
    claims = result.claims
    attributed = claims.loc[claims["actor_status"] != "unattributed"]
    deaths = attributed["best"].where(attributed["best"].map(math.isfinite), 0)
    if deaths.sum() == 0:
        return 1.0
    return deaths[attributed["actor_status"].isin(["mapped", "inferred", "ambiguous"])].sum() / deaths.sum()


@pytest.mark.parametrize("name", sorted(set(CLAIM_FILES) - NOT_MAPPED))
def test_the_large_majority_of_deaths_map_to_a_canonical_actor(realdata, name):
    _, result = load(realdata, name)
    assert mapped_share(result) >= 0.9, name


def test_readme_cross_source_run_shows_what_compare_prints(realdata, cli, monkeypatch):
    import re
    import shlex

    from conftest import REPO

    monkeypatch.setenv("NO_COLOR", "1")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n\$ (reconcile compare \.\./shared/realdata/ucdp.*?)\n(?! )(.*?)```", readme, re.S)
    assert shown, "README lost its cross-source run"
    command = shown.group(1).replace("\\\n", " ")
    monkeypatch.chdir(REPO)  # the README runs it from the checkout, beside ../shared
    result = cli(*shlex.split(command)[1:])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip("\n") == shown.group(2).rstrip("\n")
