"""Column mappings (reconcile/sources/mapping.py, ``--mapping FILE.toml``): any other table, described
in TOML.

See README "Column mappings" and data/examples/newsroom.toml.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from conftest import EXAMPLES, one_line_error, read, read_accounted
from reconcile.errors import InputError, UsageError

MAPPING = """
[columns]
figure = "Getötete"
date = "Datum"
perpetrator = "Täter"
place = "Provinz"

[constants]
source = "Newsroom"
victims = "civilians"

[conventions]
date_format = "%d.%m.%Y"
decimal = ","
thousands = "."
"""


def test_mapping_with_constants_date_format_and_number_conventions(write):
    mapping = write("newsroom.toml", MAPPING)
    text = "Datum;Getötete;Täter;Provinz;Bemerkung\n07.03.2025;1.234;Regierungstruppen;Latakia;a\n08.03.2025;etwa 2,5;;Tartus;b\n"
    raw, result = read_accounted(write, "newsroom.csv", text, 2, mapping=mapping)
    claims = raw.rows
    assert claims["source"].tolist() == ["Newsroom", "Newsroom"]
    assert claims["victims"].tolist() == ["civilians", "civilians"]
    assert claims["date"].tolist() == ["2025-03-07", "2025-03-08"]
    assert claims["figure"].tolist() == ["1234", "etwa 2.5"]
    assert claims["Bemerkung"].tolist() == ["a", "b"]
    assert claims["Getötete"].tolist() == ["1.234", "etwa 2,5"]  # as written, beside the figure read
    assert result.claims["best"].tolist() == [1234]
    assert result.claims["date_start"].tolist() == [pd.Timestamp("2025-03-07")]
    assert "figure 'etwa 2.5'" in result.rejected.loc[0, "reason"]  # German words are not understood


@pytest.mark.parametrize(
    ("text", "message"),
    [("[columns]\nfigure = 'x'\n", "nothing feeds source"),
     ("[columns]\nfigur = 'x'\n", "names no claim column figur"),
     ("[colums]\n", "unknown section"),
     ("not toml [", "not valid TOML"),
     ("[constants]\nsource='A'\nfigure='1'\ndate='2025'\n[conventions]\ndecimals=','\n", "unknown key")],
)
def test_bad_mapping_files_are_usage_errors(write, text, message):
    mapping = write("m.toml", text)
    with pytest.raises(UsageError, match=message):
        read(write, "c.csv", "a,b\n1,2\n", mapping=mapping)


def test_mapping_naming_a_missing_column_names_the_file(write):
    mapping = write("m.toml", "[columns]\nfigure = 'Killed'\n[constants]\nsource='A'\ndate='2025'\n")
    with pytest.raises(InputError, match="names column 'Killed'.*lacks"):
        read(write, "c.csv", "a,b\n1,2\n", mapping=mapping)


def test_read_options_reach_every_command(cli, write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("m.toml", "[columns]\nfigure = 'n'\ndate = 'd'\nperpetrator = 'who'\n[constants]\nsource = 'Desk'\nplace = 'Syria'\n")
    write("desk.csv", "d,n,who\n2025-03-07,5,government forces\n")
    for command in ("compare", "normalise", "actors"):
        result = cli(command, "desk.csv", "--mapping", "m.toml", "-f", "json" if command != "normalise" else "csv")
        assert result.exit_code == 0, (command, result.stderr)
        assert "rows: 1 read, 1 used, 0 rejected" in result.stderr
    assert "Transitional government forces" in cli("actors", "desk.csv", "--mapping", "m.toml", "-f", "csv").stdout


# The example of the README --------------------------------------------------------------------


def test_the_newsroom_example_renames_columns_adds_constants_and_reads_its_conventions(cli):
    result = cli("normalise", EXAMPLES / "newsroom.csv", "--mapping", EXAMPLES / "newsroom.toml", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert "rows: 4 read, 4 used, 0 rejected" in result.stderr
    claims = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [c["origin"].rsplit("/", 1)[1] for c in claims] == [f"newsroom.csv:{n}" for n in (2, 3, 4, 5)]
    # [columns]: Outlet, Who, Blamed on, Province feed source, victims, perpetrator, place.
    assert [(c["source"], c["victims"], c["perpetrator_raw"]) for c in claims] == [
        ("SOHR", "civilians", "government forces"), ("SNHR", "civilians", "government security forces"),
        ("SOHR", "total", ""), ("SNHR", "total", "")]  # a blank Who is the total
    assert {c["place"] for c in claims} == {"Latakia and Tartus"}
    assert {c["place_level1"] for c in claims} == {"SY-LA|SY-TA"}
    # [constants]: the same on every row.
    assert {(c["incident"], c["date_end"]) for c in claims} == {("coastal-2025", "2025-03-08")}
    # [conventions]: 06.03.2025 is 6 March; "over 1.000" is over a thousand.
    assert {c["date_start"] for c in claims} == {"2025-03-06"}
    assert [(c["figure"], c["best"]) for c in claims] == [
        ("more than 700", "700"), ("approximately 125", "125"), ("over 1000", "1000"), ("over 1000", "1000")]
    # The columns the conventions rewrite are kept as written; a column not named keeps its name.
    assert (claims[2]["Day"], claims[2]["Killed"], claims[2]["Desk note"]) == (
        "06.03.2025", "over 1.000", "article, paragraph 4")
    assert not {"Outlet", "Who", "Blamed on", "Province"} & set(claims[0])  # renamed, not kept twice


# Columns and constants --------------------------------------------------------------------------


def test_a_mapping_names_columns_as_headers_are_matched_ignoring_case_spaces_and_underscores(write):
    mapping = write("m.toml", "[columns]\nsource = 'REPORTED_BY'\nfigure = 'killed'\ndate = 'event-date'\n")
    raw = read(write, "c.csv", "Reported by,Killed,Event date\nSOHR,12,2025-03-07\n", mapping=mapping)
    assert raw.rows[["source", "figure", "date"]].values.tolist() == [["SOHR", "12", "2025-03-07"]]
    assert raw.formats == ("mapping",)


def test_constants_may_be_numbers_and_best_may_stand_for_figure(write):
    mapping = write("m.toml", "[columns]\nbest = 'n'\n[constants]\nsource = 'Desk'\ndate = '2025-03-07'\n"
                              "low = 10\nhigh = 20\n")
    raw, result = read_accounted(write, "c.csv", "n\n12\n15\n", 2, mapping=mapping)
    assert raw.rows[["source", "figure", "low", "best", "high"]].values.tolist() == [
        ["Desk", "12", "10", "12", "20"], ["Desk", "15", "10", "15", "20"]]
    assert result.claims[["low", "best", "high"]].values.tolist() == [[10, 12, 20], [10, 15, 20]]


def test_dates_not_in_the_date_format_are_left_for_normalise_to_read(write):
    mapping = write("m.toml", "[columns]\ndate = 'Datum'\nfigure = 'n'\n[constants]\nsource = 'Desk'\n"
                              "[conventions]\ndate_format = '%d.%m.%Y'\n")
    raw = read(write, "c.csv", "Datum,n\n07.03.2025,1\n2025-03-09,2\n", mapping=mapping)
    assert raw.rows["date"].tolist() == ["2025-03-07", "2025-03-09"]


# What a user sees when a mapping does not fit ---------------------------------------------------


def test_a_missing_column_is_one_error_line_naming_the_file_line_and_the_columns_found(here, write, cli):
    write("m.toml", "[columns]\nfigure = 'Killed'\nsource = 'Outlet'\n[constants]\ndate = '2025-03-07'\n")
    write("a.csv", "Outlet,Killed\nSOHR,3\n")
    write("b.csv", "Outlet,Dead\nSNHR,4\n")
    line = one_line_error(cli("compare", "a.csv", "b.csv", "--mapping", "m.toml"))
    assert line == ("reconcile: error: b.csv:1: --mapping m.toml names column 'Killed' (for figure), "
                    "which this file lacks. Columns found: Outlet, Dead")


@pytest.mark.parametrize(
    ("text", "said"),
    [(None, "--mapping m.toml: no such file"),
     ("[constants]\nsource = true\n", "--mapping m.toml: [constants] source must be a text value"),
     ("[columns]\nsource = ['a', 'b']\n", "--mapping m.toml: [columns] source must be a text value"),
     ("columns = 'x'\n", "--mapping m.toml: [columns] must be a table of key = \"value\" lines"),
     ("[columns]\nsource = 'a'\n", "--mapping m.toml: nothing feeds figure or best, date or date_start")],
)
def test_a_mapping_file_that_cannot_be_used_is_one_error_line(here, write, cli, text, said):
    write("c.csv", "a,b\n1,2\n")
    if text is not None:
        write("m.toml", text)
    line = one_line_error(cli("compare", "c.csv", "--mapping", "m.toml"))
    assert line.startswith(f"reconcile: error: {said}")


def test_mapping_and_input_format_go_together_only_as_mapping(here, write, cli):
    write("m.toml", "[constants]\nsource = 'A'\nfigure = '1'\ndate = '2025'\n")
    write("c.csv", "a\nx\n")
    line = one_line_error(cli("compare", "c.csv", "--mapping", "m.toml", "--input-format", "acled"))
    assert line == ("reconcile: error: --mapping reads files with the mapping; it cannot be combined with "
                    "--input-format acled")
    assert "needs --mapping FILE.toml" in one_line_error(cli("compare", "c.csv", "--input-format", "mapping"))
    assert cli("compare", "c.csv", "--mapping", "m.toml", "--input-format", "mapping").exit_code == 0
