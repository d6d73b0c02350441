"""``--where`` (reconcile/sources/where.py): keep only the claims meeting conditions, account for the
rest; and ``--incident``, the other read option that applies to every claim read.
"""

from __future__ import annotations

import json

import pytest

from conftest import AIRWARS, UCDP, one_line_error, read, read_accounted
from reconcile.sources import ReadOptions, read_files
from reconcile.sources.where import parse_condition


def test_where_keeps_matching_claims_and_accounts_for_the_rest(write):
    raw, result = read_accounted(write, "incidents.csv", AIRWARS, 4, where=("assessment=fair", "victims!=combatants"))
    assert result.claims[["event_id", "victims"]].values.tolist() == [["TS2", "civilians"], ["TS4", "civilians"]]
    reasons = dict(raw.skipped.values.tolist())
    assert reasons["incidents.csv:2"] == "left out by --where assessment=fair and victims!=combatants"
    assert reasons["incidents.csv:4"] == "Airwars gives no death figure for this incident"


@pytest.mark.parametrize(
    ("condition", "incidents"),
    [("event_id~^(RS1|TS4)$", ["RS1", "RS1", "TS4"]), ("date_start>=2022-06-03", ["TS4"]),
     ("date_start<=2021-12", ["RS1", "RS1"])],
)
def test_where_operators(write, condition, incidents):
    assert read(write, "incidents.csv", AIRWARS, where=(condition,)).rows["event_id"].tolist() == incidents


def test_where_that_cannot_be_read_is_a_usage_error(write, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("incidents.csv", AIRWARS)
    for bad in ("assessment", "incident~(unclosed"):
        result = cli("compare", "incidents.csv", "--where", bad)
        assert result.exit_code == 2 and "--where" in result.stderr


def test_incident_option_puts_claims_of_several_files_in_one_incident(write, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("ged.csv", UCDP)
    write("incidents.csv", AIRWARS)
    result = cli("compare", "ged.csv", "incidents.csv", "--where", "event_id~^(UCDP 2|RS1)$", "--incident", "one",
                 "-f", "json")
    doc = json.loads(result.stdout)
    assert {g["incident"] for g in doc["groups"]} == {"one"}
    assert {c["source"] for g in doc["groups"] for c in g["claims"]} == {"UCDP", "Airwars"}


# The operators, one by one ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("assessment=Fair", ("assessment", "=", "Fair")),
     ("event_id!=RS1", ("event_id", "!=", "RS1")),
     (" date_start >= 2022-06 ", ("date_start", ">=", "2022-06")),
     ("date_end<=2021", ("date_end", "<=", "2021")),
     ("notes~a=b", ("notes", "~", "a=b")),
     ("notes=a=b", ("notes", "=", "a=b")),
     ("source=", ("source", "=", ""))],
)
def test_a_condition_is_column_operator_value(text, parsed):
    assert parse_condition(text) == parsed


@pytest.mark.parametrize(
    ("conditions", "incidents"),
    [(("assessment=FAIR",), ["TS2", "TS2", "TS4"]),  # = ignores case
     (("assessment!=fair",), ["RS1", "RS1"]),
     (("victims!=CIVILIANS",), ["RS1", "TS2"]),  # one claim of each of two rows
     (("date_start>=2022-06-02", "date_start<=2022-06-03"), ["TS2", "TS2"]),  # both ends included
     (("date_start>=2022",), ["TS2", "TS2", "TS4"]),  # text order: a year is before every date of that year
     (("date_start<=2022",), ["RS1", "RS1"])],
)
def test_equals_not_equals_and_the_ranges(write, conditions, incidents):
    assert read(write, "incidents.csv", AIRWARS, where=conditions).rows["event_id"].tolist() == incidents


@pytest.mark.parametrize("condition", ["date_start<2022", "date_start>2022", "assessment", "=Fair"])
def test_less_than_greater_than_and_no_operator_are_usage_errors(here, write, cli, condition):
    write("incidents.csv", AIRWARS)
    line = one_line_error(cli("compare", "incidents.csv", "--where", condition))
    assert line == (f"reconcile: error: --where '{condition}': write COLUMN=VALUE, COLUMN!=VALUE, "
                    "COLUMN~REGEX, COLUMN>=VALUE or COLUMN<=VALUE")


def test_a_bad_condition_stops_before_any_file_is_read(here, cli):
    line = one_line_error(cli("compare", "missing.csv", "--where", "notes~(unclosed"))
    assert line.startswith("reconcile: error: --where 'notes~(unclosed': not a regular expression")


# Rows, claims and files ------------------------------------------------------------------------


def test_a_row_keeps_the_claims_that_meet_the_condition_and_is_listed_once_when_none_do(write):
    raw, result = read_accounted(write, "ged.csv", UCDP, 3, where=("victims=combatants",))
    assert raw.rows[["event_id", "perpetrator"]].values.tolist() == [
        ["UCDP 1", "IS"], ["UCDP 1", "Government of Syria"],
        ["UCDP 3", "Rahman Corps"], ["UCDP 3", "Jaysh al-Islam"]]
    # UCDP 2 is one-sided violence: its two claims (total, civilians) are both left out, its row listed once.
    assert raw.skipped.values.tolist() == [["ged.csv:3", "left out by --where victims=combatants"]]


def test_a_column_one_file_lacks_is_blank_there(write):
    files = [write("ged.csv", UCDP), write("incidents.csv", AIRWARS)]

    def kept(*conditions):
        raw = read_files(files, ["ged.csv", "incidents.csv"], ReadOptions(where=conditions))
        return sorted(set(raw.rows["event_id"]))

    # Airwars' assessment column: UCDP's events have none.
    assert kept("assessment=Fair") == ["TS2", "TS4"]
    assert kept("assessment!=Fair") == ["RS1", "UCDP 1", "UCDP 2", "UCDP 3"]
    assert kept("assessment=") == ["UCDP 1", "UCDP 2", "UCDP 3"]
    # UCDP's source_office, kept under its own name: several offices in one cell are found with ~.
    assert kept("source_office~snhr") == ["UCDP 2"]


def test_a_condition_nothing_meets_leaves_no_claims_and_says_why_for_every_row(here, write, cli):
    write("incidents.csv", AIRWARS)
    text = cli("compare", "incidents.csv", "--where", "assessment=Excellent")
    assert text.exit_code == 0, text.stderr
    assert text.stdout.strip() == "No claims to compare."
    assert "rows: 4 read (4 without a claim), giving 0 claims: 0 used, 0 rejected" in text.stderr
    doc = json.loads(cli("compare", "incidents.csv", "--where", "assessment=Excellent", "-f", "json").stdout)
    assert doc["groups"] == [] and doc["rows"]["skipped"] == 4
    assert doc["no_claim"] == [
        {"origin": "incidents.csv:4", "reason": "Airwars gives no death figure for this incident"},
        {"origin": "incidents.csv:2", "reason": "left out by --where assessment=Excellent"},
        {"origin": "incidents.csv:3", "reason": "left out by --where assessment=Excellent"},
        {"origin": "incidents.csv:5", "reason": "left out by --where assessment=Excellent"},
    ]


def test_a_column_no_input_has_is_a_usage_error_naming_the_columns(here, write, cli):
    """A misspelt column would otherwise keep nothing (=) or everything (!=) without a word."""
    write("c.csv", "incident,source,figure,date_start,victims,place\ni,SOHR,5,2025-03-06,civilians,Raqqa\n")
    for condition in ("sourse=SOHR", "sourse!=SOHR"):
        result = cli("compare", "c.csv", "--where", condition)
        assert result.exit_code == 2
        assert one_line_error(result) == (
            f"reconcile: error: --where '{condition}': no input has a column 'sourse' (columns: date_start, "
            "figure, file, incident, line, origin, place, source, victims)")
