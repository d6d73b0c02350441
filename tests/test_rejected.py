"""``--rejected FILE``: the rejected rows, with origin, reason and their cells, to fix and read again."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import EXAMPLES

BAD = (
    "incident,source,figure,date,my_note\n"
    "x,SOHR,100,2025-03-07,fine\n"
    "x,SNHR,many,2025-03-07,unreadable figure\n"
    "x,VDC,5,2025-03-07,too,many,cells\n"
    "x,,7,2025-02-30,blank source and impossible date\n"
)


def read(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("command", ["compare", "normalise", "validate", "actors"])
def test_every_command_writes_the_rejected_rows(here, cli, write, command):
    write("c.csv", BAD)
    result = cli(command, "c.csv", "--rejected", "rejected.csv")
    assert result.exit_code in (0, 1), result.stderr
    rejected = read(here / "rejected.csv")
    assert list(rejected.columns) == ["origin", "reason", "incident", "source", "figure", "date", "my_note",
                                      "extra_1", "extra_2"]
    assert rejected["origin"].tolist() == ["c.csv:3", "c.csv:4", "c.csv:5"]
    assert rejected.loc[0, "figure"] == "many" and "figure 'many'" in rejected.loc[0, "reason"]
    assert rejected.loc[1].tolist()[2:] == ["x", "VDC", "5", "2025-03-07", "too", "many", "cells"]
    assert "source is empty" in rejected.loc[2, "reason"] and "2025-02-30" in rejected.loc[2, "reason"]


def test_fixed_rows_read_again(here, cli, write):
    write("c.csv", BAD)
    cli("compare", "c.csv", "--rejected", "rejected.csv")
    fixed = read(here / "rejected.csv").drop(columns=["origin", "reason", "extra_1", "extra_2"])
    fixed["figure"] = ["12", "5", "7"]
    fixed["source"] = ["SNHR", "VDC", "SN"]
    fixed["date"] = "2025-03-07"
    fixed.to_csv(here / "fixed.csv", index=False)
    result = cli("compare", "c.csv", "fixed.csv", "--format", "json")
    assert '"used": 4' in result.stdout


def test_no_rejected_rows_gives_a_header_only_file(here, cli):
    assert cli("compare", EXAMPLES / "coastal-2025.csv", "--rejected", "rejected.csv").exit_code == 0
    assert (here / "rejected.csv").read_text(encoding="utf-8") == "origin,reason\n"


def test_several_claims_of_one_row_are_one_line_and_several_files_union_their_columns(here, cli, write):
    ucdp = ("id,type_of_violence,side_a,side_b,date_start,date_end,adm_1,adm_2,deaths_a,deaths_b,"
            "deaths_civilians,low,best,high\n"
            "1,1,A,B,2017-01-01,2017-01-01,Raqqa,Raqqa,x,y,3,6,6,8\n")
    write("u.csv", ucdp)
    write("c.csv", BAD)
    assert cli("compare", "u.csv", "c.csv", "--rejected", "rejected.csv").exit_code == 0
    rejected = read(here / "rejected.csv")
    assert rejected["origin"].tolist() == ["u.csv:2", "c.csv:3", "c.csv:4", "c.csv:5"]
    assert rejected.loc[0, "reason"].count("; ") >= 1 and rejected.loc[0, "deaths_a"] == "x"
    assert rejected.loc[1, "deaths_a"] == "" and rejected.loc[0, "my_note"] == ""


def test_input_columns_named_like_ours_are_kept(here, cli, write):
    write("c.csv", "source,figure,date,reason\nA,many,2025-03-07,my reason\n")
    cli("compare", "c.csv", "--rejected", "rejected.csv")
    rejected = read(here / "rejected.csv")
    assert rejected.loc[0, "reason_input"] == "my reason" and "many" in rejected.loc[0, "reason"]
