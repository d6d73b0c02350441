"""The cumulative, wide, war-compilation and named-victim formats on the real files in ../shared/realdata
(skipped where that folder is absent). Expected numbers are computed here from the files with the csv
module, independently of the adapters.
"""

from __future__ import annotations

import json
import math

import pytest

from conftest import load_real_file as load
from conftest import number
from conftest import real_rows as file_rows


COMPILATION = "syria_source_claims_compilation"
MONITORS = f"{COMPILATION}/syria_monitor_claims_by_perpetrator.csv"
WIDE = f"{COMPILATION}/syria_sohr_vs_snhr_civilians_by_perpetrator.csv"
FLAT = f"{COMPILATION}/syrian_civil_war_flat.csv"
JSON = f"{COMPILATION}/syrian_civil_war.json"
TOTALS = f"{COMPILATION}/casualty_totals_81_conflicts.csv"
NAMED = "airwars_syria/named_victims.csv"

def interval(low: str, high: str, point: str = "") -> tuple[float, float, float]:
    """The compiler's low/high/point as an interval, as the README says they are read."""
    best = point or low or high
    bottom = low or ("0" if high else point)
    top = high or ("inf" if low else point)
    return float(bottom), float(best), float(top)


def sums(claims) -> tuple[float, float, float]:
    finite = claims.loc[claims["high"].map(math.isfinite), "high"]
    return claims["low"].sum(), claims["best"].sum(), finite.sum()


def expected_sums(intervals) -> tuple[float, float, float]:
    return (sum(i[0] for i in intervals), sum(i[1] for i in intervals),
            sum(i[2] for i in intervals if math.isfinite(i[2])))


# SOHR vs SNHR, long ---------------------------------------------------------------------------


def test_monitor_claims_every_row_a_claim_and_deaths_add_up(realdata):
    raw, result = load(realdata, MONITORS)
    rows = file_rows(realdata / MONITORS)
    assert raw.formats == ("cumulative",)
    assert result.rows == {"read": len(rows), "used": len(rows), "rejected": 0, "claims": len(rows), "skipped": 0}
    total = sum(number(r["deaths"]) for r in rows)
    assert sums(result.claims) == (total, total, total)


def compared(realdata, cli, *names, extra=()):
    result = cli("compare", *[realdata / n for n in names], "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    groups = {(g["incident"], g["perpetrator"], g["victims"]): g for g in document["groups"]}
    return document, {key: {c["source"]: c["best"] for c in g["claims"]} for key, g in groups.items()}


def test_monitor_claims_put_sohr_and_snhr_side_by_side_per_perpetrator(realdata, cli):
    rows = file_rows(realdata / MONITORS)

    def deaths(monitor, category, *perpetrators):
        return sum(number(r["deaths"]) for r in rows if r["monitor"] == monitor and r["victim_category"] == category
                   and r["perpetrator_as_stated"] in perpetrators)

    _, best = compared(realdata, cli, MONITORS)
    toll = "cumulative toll"
    assert best[(toll, "Assad government forces", "civilians")] == {
        "SNHR": deaths("SNHR", "civilians_killed", "Syrian regime"),
        "SOHR": deaths("SOHR", "civilians_killed", "Syrian regime (shelling/gunfire)", "Syrian regime (airstrikes)"),
    } == {"SNHR": 201260, "SOHR": 52909 + 26440}
    assert best[(toll, "SNA / armed opposition", "civilians")] == {"SNHR": 4227, "SOHR": 2459}
    assert best[(toll, "ISIS", "civilians")] == {"SNHR": 5056, "SOHR": 4935}
    assert best[(toll, "Russian forces", "civilians")] == {"SNHR": 6969, "SOHR": 8808}
    # SOHR's "jihadists" are HTS and other factions: not HTS alone, so they stand on a row of their own
    assert best[(toll, "HTS", "civilians")] == {"SNHR": 538}
    assert best[(toll, "Jihadists", "civilians")] == {"SOHR": 927}
    # deaths under torture are their own category, not lumped into civilians
    assert best[(toll, "Assad government forces", "detention_deaths")] == {"SNHR": 15074, "SOHR": 78273}
    # SOHR's combatant categories name the dead's side: unattributed, added up
    assert best[(toll, "unattributed", "combatants")] == {
        "SOHR": deaths("SOHR", "military_killed", *{r["perpetrator_as_stated"] for r in rows})}


def test_snhr_per_perpetrator_civilians_sum_but_its_headline_is_not_in_this_file(realdata):
    _, result = load(realdata, MONITORS)
    claims = result.claims
    snhr = claims.loc[(claims["source"] == "SNHR") & (claims["victims_raw"] == "civilians_killed")]
    assert snhr["best"].sum() == 231578  # README fact 4
    # the headline (231,278) is no row of this table: only the JSON's totals carry it, by the compiler
    assert 231278 not in set(claims["best"])
    assert (claims["perpetrator"] == "unattributed").sum() == (claims["victims"] == "combatants").sum()


def test_monitor_claims_leave_few_perpetrators_unmapped(realdata):
    _, result = load(realdata, MONITORS)
    unmapped = set(result.claims.loc[result.claims["actor_status"] == "unmapped", "perpetrator_raw"])
    # SNHR's residual, SOHR's joint Russian/regime category and SOHR's "jihadists" (HTS and others) are no
    # single actor; the Turkistan Islamic Party is an actor of its own, an HTS ally
    assert unmapped == {"Other parties", "Russian/regime airstrikes (not distinguished)", "Jihadists"}
    tip = result.claims.loc[result.claims["perpetrator_raw"] == "Turkistan Islamic Party", "perpetrator"]
    assert set(tip) == {"Turkistan Islamic Party"}


def test_as_of_before_sohrs_report_keeps_snhr_only(realdata, cli):
    document, _ = compared(realdata, cli, MONITORS, extra=("--as-of", "2024-12-31"))
    assert {c["source"] for g in document["groups"] for c in g["claims"]} == {"SNHR"}


# SOHR vs SNHR, wide ---------------------------------------------------------------------------


def test_wide_table_claims_are_its_monitor_columns(realdata):
    raw, result = load(realdata, WIDE)
    rows = file_rows(realdata / WIDE)
    assert raw.formats == ("wide",)
    figure_columns = [c for c in rows[0] if c.startswith(("sohr_", "snhr_")) and c[-7:-3].isdigit()]
    assert sorted(figure_columns) == ["snhr_civilians_killed_2024_03", "snhr_torture_deaths_2024_03",
                                      "sohr_civilians_killed_2025_03", "sohr_torture_deaths_2025_03"]
    filled = [(c, r) for r in rows for c in figure_columns if r[c].strip()]
    assert result.rows["read"] == len(rows) and result.rows["rejected"] == 0
    assert result.rows["claims"] == len(filled)
    for column in figure_columns:
        mine = result.claims.loc[result.claims["figure_column"] == column, "best"].sum()
        assert mine == sum(number(r[column]) for r in rows), column
    assert "snhr_minus_sohr" in result.claims.columns and "comparable" in result.claims.columns


def test_wide_table_compares_per_perpetrator_group(realdata, cli):
    _, best = compared(realdata, cli, WIDE)
    toll = "cumulative toll"
    assert best[(toll, "Assad government forces", "civilians")] == {"SNHR": 208229, "SOHR": 90661}
    # the compiler's "HTS / non-ISIS jihadist factions" is no single actor: kept as written, both monitors on it
    assert best[(toll, "Hay'at Tahrir al-Sham / non-ISIS jihadist factions", "civilians")] == {"SNHR": 542, "SOHR": 927}
    assert best[(toll, "Turkey", "civilians")] == {"SOHR": 1155}


# the compiler's own figures: one war flattened, its JSON, 81 wars ----------------------------


@pytest.mark.parametrize("name", [FLAT, JSON])
def test_war_figures_rows_accounted_and_intervals_add_up(realdata, name):
    raw, result = load(realdata, name)
    rows = file_rows(realdata / FLAT)
    assert raw.formats == ("war_figures",)
    assert result.rows["read"] == len(rows) == 43 and result.rows["rejected"] == 0
    breakdowns = [r for r in rows if ".breakdown[" in r["field"]]
    blank = [r for r in rows if not (r["low"] or r["high"] or r["point"]) and r not in breakdowns]
    assert result.rows["skipped"] == len(breakdowns) + len(blank)
    claimed = [r for r in rows if r not in breakdowns and r not in blank]
    assert result.rows["claims"] == len(claimed)
    assert sums(result.claims) == expected_sums([interval(r["low"], r["high"], r["point"]) for r in claimed])


def test_json_and_its_flattening_give_the_same_claims(realdata):
    same = ["origin_field", "source", "perpetrator", "victims", "low", "best", "high", "incident"]
    claims = {}
    for name in (FLAT, JSON):
        _, result = load(realdata, name)
        claims[name] = result.claims.assign(origin_field=result.claims["event_id"])[same].sort_values("origin_field")
    assert claims[FLAT].to_numpy().tolist() == claims[JSON].to_numpy().tolist()
    assert set(claims[JSON]["incident"]) >= {"Syrian Civil War", "Houla massacre"}


def test_war_figures_totals_beside_the_sides(realdata, cli):
    _, best = compared(realdata, cli, JSON)
    war = "Syrian Civil War"
    assert set(best[(war, "unattributed", "combatants")]) == {"Silver compilation", "Silver compilation (totals)"}
    assert best[(war, "unattributed", "civilians")] == {"Silver compilation (totals)": 231278}
    assert best[(war, "Assad government forces", "detention_deaths")] == {"Silver compilation": 15074}


def test_81_wars_every_row_accounted_and_low_high_add_up(realdata):
    raw, result = load(realdata, TOTALS)
    rows = file_rows(realdata / TOTALS)
    assert raw.formats == ("war_totals",)
    assert result.rows["read"] == len(rows) == 760 and result.rows["rejected"] == 0
    claimed = [r for r in rows if r["low"] or r["high"]]
    assert result.rows["claims"] == len(claimed) and result.rows["skipped"] == len(rows) - len(claimed)
    assert sums(result.claims) == expected_sums([interval(r["low"], r["high"]) for r in claimed])
    assert result.claims["incident"].nunique() == len({r["war_name"] for r in rows}) == 81
    assert result.claims["victims_known"].all()


# Airwars named victims -----------------------------------------------------------------------


def test_named_victims_count_the_killed(realdata):
    raw, result = load(realdata, NAMED)
    rows = file_rows(realdata / NAMED)
    assert raw.formats == ("named_victims",)
    assert result.rows["read"] == len(rows) == 2189 and result.rows["rejected"] == 0
    killed = [r for r in rows if r["status"] == "killed"]
    by_victims = result.claims.groupby("victims")["best"].sum().to_dict()
    assert by_victims["civilians"] == len(killed) == 839
    assert by_victims["children"] == sum(r["age_group"] == "child" for r in killed)
    assert by_victims["women"] == sum(r["age_group"] == "adult" and r["gender"] == "female" for r in killed)
    assert by_victims["men"] == sum(r["age_group"] == "adult" and r["gender"] == "male" for r in killed)
    assert result.claims["high"].map(math.isinf).all()
    incidents = {(r["airwars_id"], r["incident_date"]) for r in killed}
    assert (result.claims["victims"] == "civilians").sum() == len(incidents)
    # every row: in a claim (its incident's first named dead), counted there, or giving none
    assert len(set(result.claims["origin"])) + result.rows["skipped"] == len(rows)


def test_named_victims_stay_apart_from_airwars_incident_claims(realdata, cli):
    """A named list has no place or actor to match by; its claims are labelled by airwars_id while
    incidents.csv's are matched, so the two do not join (reported, not hidden)."""
    document, _ = compared(realdata, cli, "airwars_syria/incidents.csv", NAMED,
                           extra=("--where", "event_id~^(RS4866|96512)$"))
    by_incident = {}
    for group in document["groups"]:
        by_incident.setdefault(group["incident"], set()).update(c["source"] for c in group["claims"])
    assert sorted(by_incident.values(), key=sorted) == [{"Airwars"}, {"Airwars (named victims)"}]


def test_readme_sohr_snhr_run_shows_what_compare_prints(realdata, cli, monkeypatch):
    import re
    import shlex

    from conftest import REPO

    monkeypatch.setenv("NO_COLOR", "1")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n\$ (reconcile compare \.\./shared/realdata/syria_source_claims_compilation/.*?)\n(?! )(.*?)```",
                      readme, re.S)
    assert shown, "README lost its SOHR/SNHR run"
    command = shown.group(1).replace("\\\n", " ")
    monkeypatch.chdir(REPO)  # the README runs it from the checkout, beside ../shared
    result = cli(*shlex.split(command)[1:])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip("\n") == shown.group(2).rstrip("\n")
