"""reconcile/render/csv.py: ``compare --format csv``, one row per compared claim with its group's status
and spread: the header, exact rows of the bundled examples, row order, dates and numbers as written.

Formula defusing is in test_render_safe.py, the ``--by`` roll-up CSV in test_rollup.py.
"""

from __future__ import annotations

import csv
import io

HEADER = (
    "incident,perpetrator,victims,status,spread,difference,pair,sources,attribution_conflict,source,"
    "source_written,figure,low,best,high,qualifier,published,date_start,date_end,place,perpetrator_raw,"
    "actor_status,origin"
)


def lines_of(result) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def test_the_header_names_the_group_facts_then_the_claim_columns(cli):
    assert lines_of(cli("demo", "--format", "csv"))[0] == HEADER


def test_a_disjoint_claim_row_repeats_its_group_and_writes_an_open_bound_as_inf(cli):
    lines = lines_of(cli("demo", "--format", "csv"))
    assert (
        "coastal-2025,Transitional government forces,civilians,disjoint,5.6,575,SNHR vs SOHR,2,False,"
        "SOHR,SOHR,more than 700,700,700,inf,more than,,2025-03-06,2025-03-08,Latakia and Tartus,"
        "government forces,inferred,examples/coastal-2025.csv:2"
    ) in lines
    assert (
        "coastal-2025,Transitional government forces,civilians,disjoint,5.6,575,SNHR vs SOHR,2,False,"
        "SNHR,SNHR,approximately 125,112.5,125,137.5,approximately,,2025-03-06,2025-03-08,Latakia and Tartus,"
        "government security forces,inferred,examples/coastal-2025.csv:3"
    ) in lines


def test_rows_follow_the_groups_then_the_sources_one_per_compared_claim(cli):
    rows = list(csv.DictReader(io.StringIO(cli("demo", "--format", "csv").stdout)))
    assert [(r["perpetrator"], r["source"], r["origin"].rsplit(":", 1)[1]) for r in rows] == [
        ("Assad loyalists", "news report", "6"),
        ("Transitional government forces", "SNHR", "3"),
        ("Transitional government forces", "SOHR", "2"),
        ("unattributed", "SNHR", "5"),
        ("unattributed", "SOHR", "4"),
    ]
    assert {r["spread"] for r in rows if r["perpetrator"] == "unattributed"} == {"1"}


def test_a_superseded_claim_is_no_row_and_publication_days_are_iso(cli):
    """al-Ahli: the ministry's first toll (500, line 2) was replaced by 471 (line 3) a day later."""
    rows = list(csv.DictReader(io.StringIO(cli("demo", "--example", "ahli-hospital-2023", "--format", "csv")
                                           .stdout)))
    # each claim twice: in its perpetrator's group and in "all perpetrators"
    assert sorted(r["origin"] for r in rows) == [
        "examples/ahli-hospital-2023.csv:3", "examples/ahli-hospital-2023.csv:3",
        "examples/ahli-hospital-2023.csv:4", "examples/ahli-hospital-2023.csv:4"]
    assert "500" not in {r["figure"] for r in rows}
    ministry = next(r for r in rows if r["perpetrator"] == "Israel")
    assert (ministry["published"], ministry["date_start"], ministry["date_end"]) == (
        "2023-10-18", "2023-10-17", "2023-10-17")
    assert ministry["source"] == "Gaza Ministry of Health"
    assert ministry["source_written"] == "Gaza health ministry"  # as the file wrote it
    assert {r["attribution_conflict"] for r in rows} == {"True"}


def test_a_toll_since_the_war_began_keeps_its_open_start_day(here, cli, write):
    """README, Claims without event dates: CSV keeps 0001-01-01 as it is, zero-padded."""
    write("tolls.csv", "monitor,as_of,perpetrator_as_stated,victim_category,deaths\n"
                       "SNHR,2024-03,ISIS,civilians_killed,6\nSOHR,2025-03,ISIS,civilians_killed,5\n")
    rows = list(csv.DictReader(io.StringIO(cli("compare", "tolls.csv", "--format", "csv", "-q").stdout)))
    assert [(r["source"], r["date_start"], r["date_end"], r["published"]) for r in rows] == [
        ("SNHR", "0001-01-01", "2024-03-31", "2024-03-31"),
        ("SOHR", "0001-01-01", "2025-03-31", "2025-03-31"),
    ]


def test_a_rejected_row_is_left_out_and_numbers_carry_no_float_noise(here, cli, write):
    write("c.csv", "source,figure,date\nSOHR,approximately 13,2025-03-07\nSNHR,many,2025-03-07\n"
                   "VDC,12,2025-03-07\n")
    rows = list(csv.DictReader(io.StringIO(cli("compare", "c.csv", "--format", "csv", "-q").stdout)))
    assert [r["origin"] for r in rows] == ["c.csv:2", "c.csv:4"]
    sohr = rows[0]
    # 0.9 x 13 is 11.700000000000001 as a float
    assert (sohr["low"], sohr["best"], sohr["high"]) == ("11.7", "13", "14.3")
    assert sohr["published"] == ""
