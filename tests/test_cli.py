"""The command line as a user sees it: exit codes, stdout, stderr, JSON/CSV/Markdown."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import subprocess
import sys

import pandas as pd
import pytest
from conftest import EXAMPLES, HEADER

import reconcile
from reconcile import cli as cli_module

DEMO = "examples/coastal-2025.csv"
FORMATS = ["table", "json", "csv", "markdown", "html"]
COMMANDS = ["compare", "demo", "normalise", "actors", "sources", "validate", "formats"]
FRAME_COLUMNS = [
    "origin", "source", "incident", "date_start", "date_end", "place", "perpetrator_raw",
    "perpetrator", "victims", "figure", "low", "best", "high", "qualifier", "published",
]


def as_json(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def group(doc: dict, perpetrator: str, victims: str) -> dict:
    found = [g for g in doc["groups"] if g["perpetrator"] == perpetrator and g["victims"] == victims]
    assert len(found) == 1, [(g["perpetrator"], g["victims"]) for g in doc["groups"]]
    return found[0]


def assert_one_line_error(result, *words: str) -> str:
    """Exit 2, nothing on stdout, one line on stderr holding ``words``, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    message = lines[0]
    assert "internal error" not in message, message
    for word in words:
        assert word in message, (word, message)
    return message


def checkout_env(**extra: str) -> dict[str, str]:
    """A child's environment: this checkout's package, not whichever one is installed (another
    worktree's, say), and buffered output, as a user's (PYTHONUNBUFFERED would hide a flush
    left out)."""
    env = {k: v for k, v in os.environ.items() if k not in ("RECONCILE_DEBUG", "NO_COLOR", "PYTHONUNBUFFERED")}
    checkout = os.path.dirname(os.path.dirname(reconcile.__file__))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [checkout, os.environ.get("PYTHONPATH")]))
    return {**env, **extra}


def run_python(args: list[str], cwd, code: str = "from reconcile.cli import main; main()"):
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, env=checkout_env(), capture_output=True, text=True,
        timeout=120,
    )


# 1. demo ---------------------------------------------------------------------------------


def test_demo_table_shows_the_disjoint_civilian_figures_with_origins(cli):
    result = cli("demo")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if "Transitional" in line)
    end = next(i for i in range(start + 1, len(lines)) if "unattributed" in lines[i] or "[1]" in lines[i])
    region = "\n".join(lines[start:end])
    assert "more than 700" in region
    assert "approximately" in region and "125" in region
    assert "disjoint" in region
    assert "5.6×" in region
    # the canonical actor, possibly wrapped over several lines of its cell
    first_column = " ".join(line.split()[0] for line in lines[start:end] if line.split())
    assert "Transitional government forces" in first_column, region
    sohr = [line for line in lines if f"{DEMO}:2" in line]
    snhr = [line for line in lines if f"{DEMO}:3" in line]
    assert len(sohr) == 1 and "SOHR" in sohr[0]
    assert len(snhr) == 1 and "SNHR" in snhr[0]
    assert "5 read, 5 used, 0 rejected" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_runs_every_bundled_example_and_names_them_when_one_is_unknown(cli):
    """newsroom.csv is in a newsroom's own columns: the demo reads it with newsroom.toml beside it."""
    doc = as_json(cli("demo", "--example", "newsroom", "--format", "json"))
    assert doc["groups"] and all(c["origin"].startswith("examples/newsroom.csv:")
                                 for g in doc["groups"] for c in g["claims"])
    assert cli("demo", "--example", "ahli-hospital-2023", "-q").exit_code == 0
    result = cli("demo", "--example", "nope")
    assert result.exit_code == 2
    assert "(try ahli-hospital-2023, coastal-2025, newsroom, syria-monitors)" in result.stderr


def test_demo_json_civilians_group(cli):
    doc = as_json(cli("demo", "--format", "json"))
    civilians = group(doc, "Transitional government forces", "civilians")
    assert civilians["status"] == "disjoint"
    claims = {c["source"]: c for c in civilians["claims"]}
    assert set(claims) == {"SOHR", "SNHR"}
    sohr, snhr = claims["SOHR"], claims["SNHR"]
    assert sohr["origin"] == f"{DEMO}:2"
    assert snhr["origin"] == f"{DEMO}:3"
    assert sohr["figure"] == "more than 700"
    assert (sohr["low"], sohr["best"], sohr["high"]) == (700, 700, None)
    assert snhr["figure"] == "approximately 125"
    assert snhr["low"] == pytest.approx(112.5)
    assert snhr["best"] == pytest.approx(125)
    assert snhr["high"] == pytest.approx(137.5)
    assert civilians["spread"] == pytest.approx(5.6)
    assert doc["rows"] == {"read": 5, "used": 5, "rejected": 0, "claims": 5, "skipped": 0}
    assert doc["rejected"] == []
    for g in doc["groups"]:
        for field in ("incident", "perpetrator", "victims", "status", "spread", "claims"):
            assert field in g
        for c in g["claims"]:
            for field in ("source", "figure", "low", "best", "high", "published", "perpetrator_raw", "origin"):
                assert field in c


@pytest.mark.parametrize("fmt", FORMATS)
def test_demo_output_is_byte_identical_across_runs(cli, fmt):
    first = cli("demo", "--format", fmt)
    second = cli("demo", "--format", fmt)
    assert first.exit_code == second.exit_code == 0
    assert first.stdout_bytes == second.stdout_bytes
    assert first.stdout.strip()
    assert first.stderr == second.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_compare_is_deterministic_in_a_fresh_process(here, fmt):
    runs = [run_python(["demo", "--format", fmt], here) for _ in range(2)]
    assert runs[0].returncode == runs[1].returncode == 0, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout


# 2. csv and markdown ------------------------------------------------------------------------


def test_demo_csv_has_a_row_per_claim_with_status_and_origin(cli):
    result = cli("demo", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 5
    assert {"status", "origin", "source", "figure", "perpetrator", "victims"} <= set(rows[0])
    assert sorted(r["origin"] for r in rows) == [f"{DEMO}:{n}" for n in range(2, 7)]
    by_origin = {r["origin"]: r for r in rows}
    assert by_origin[f"{DEMO}:2"]["status"] == "disjoint"
    assert by_origin[f"{DEMO}:2"]["source"] == "SOHR"
    assert by_origin[f"{DEMO}:3"]["status"] == "disjoint"
    assert by_origin[f"{DEMO}:6"]["status"] == "single-source"


def test_compare_markdown_is_a_pipe_table_and_escapes_pipes(here, cli, write):
    write("pipe.csv", "source,figure,date,place\nA|B,100,2025-03-07,x\nC,200,2025-03-07,y\n")
    result = cli("compare", "pipe.csv", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("| Perpetrator"))
    assert lines[lines.index(header) + 1].startswith("|---")
    assert "A\\|B" in header
    unescaped = re.compile(r"(?<!\\)\|")
    columns = len(unescaped.findall(header))
    rows = [line for line in lines[lines.index(header) + 2:] if line.startswith("|")]
    assert rows
    for row in rows:
        assert len(unescaped.findall(row)) == columns, row
    assert "pipe.csv:2" in result.stdout and "pipe.csv:3" in result.stdout


# 3. -o ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_option_writes_the_file_and_nothing_to_stdout(here, cli, fmt):
    result = cli("demo", "--format", fmt, "-o", f"out.{fmt}")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    text = (here / f"out.{fmt}").read_text(encoding="utf-8")
    assert "more than 700" in text
    assert "5 read, 5 used, 0 rejected" in result.stderr
    if fmt == "json":
        assert json.loads(text)["rows"]["read"] == 5
    # the same bytes as on stdout
    assert text == cli("demo", "--format", fmt).stdout


def test_output_into_a_missing_directory_is_a_one_line_error(here, cli):
    assert_one_line_error(cli("demo", "-o", "nowhere/out.txt"), "nowhere")


# 4. --as-of -------------------------------------------------------------------------------------

AS_OF_ROWS = (
    "coast,SOHR,about 100,2025-03-06,2025-03-07,civilians,government forces,,2025-03-07",
    "coast,SOHR,700,2025-03-06,2025-03-07,civilians,government forces,,2025-03-10",
    "coast,SNHR,about 120,2025-03-06,2025-03-07,civilians,government forces,,2025-03-07",
)


def test_latest_claim_is_compared_by_default(here, cli, claims_file):
    claims_file(*AS_OF_ROWS)
    doc = as_json(cli("compare", "claims.csv", "--format", "json"))
    (g,) = doc["groups"]
    assert g["status"] == "disjoint"
    figures = {c["source"]: c["figure"] for c in g["claims"]}
    assert figures == {"SOHR": "700", "SNHR": "about 120"}
    (old,) = doc["superseded"]
    assert old["origin"] == "claims.csv:2"
    assert "claims.csv:3" in old["reason"]


def test_as_of_ignores_claims_published_later(here, cli, claims_file):
    claims_file(*AS_OF_ROWS)
    doc = as_json(cli("compare", "claims.csv", "--format", "json", "--as-of", "2025-03-08"))
    (g,) = doc["groups"]
    figures = {c["source"]: c["figure"] for c in g["claims"]}
    assert figures == {"SOHR": "about 100", "SNHR": "about 120"}
    assert g["status"] in ("consistent", "overlapping")
    (late,) = doc["superseded"]
    assert late["origin"] == "claims.csv:3"
    assert late["reason"] == "published after --as-of"
    assert doc["as_of"] == "2025-03-08"


def test_as_of_shows_in_the_table(here, cli, claims_file):
    claims_file(*AS_OF_ROWS)
    result = cli("compare", "claims.csv", "--as-of", "2025-03-08")
    assert result.exit_code == 0
    assert "2025-03-08" in result.stdout
    assert "about 700" not in result.stdout
    assert "claims.csv:3" in result.stdout  # the left-out claim is named


def test_bad_as_of_is_a_one_line_usage_error(here, cli, claims_file):
    claims_file(*AS_OF_ROWS)
    assert_one_line_error(cli("compare", "claims.csv", "--as-of", "notadate"), "--as-of", "notadate")


# 5. time-aware actors ---------------------------------------------------------------------------


def test_government_forces_means_different_actors_on_different_dates(here, cli, claims_file):
    claims_file(
        ",SNHR,50,2016-05-01,,civilians,government forces,Idlib,",
        ",SNHR,60,2025-03-07,,civilians,government forces,Latakia,",
        ",SNHR,70,2022-03-07,,civilians,government forces,Ukraine,",
        ",SNHR,80,2022-03-07,,civilians,government forces,,",
    )
    doc = as_json(cli("compare", "claims.csv", "--format", "json"))
    by_origin = {c["origin"]: g["perpetrator"] for g in doc["groups"] for c in g["claims"]}
    assert by_origin == {
        "claims.csv:2": "Assad government forces",
        "claims.csv:3": "Transitional government forces",
        "claims.csv:4": "Ukrainian forces",  # the claim's country decides whose government
        "claims.csv:5": "government forces",  # no place, no country: left as written
    }


# 6. rows accounting -----------------------------------------------------------------------------

BAD_ROWS = (
    "a,SOHR,10,2025-03-07,,civilians,,,",
    "b,SOHR,many,2025-03-07,,,,,",
    "c,SOHR,5,2025-02-30,,,,,",
    "d,SOHR,5,2025-03-07,2025-03-01,,,,",
    "e,SOHR,-5,2025-03-07,,,,,",
    "a,SNHR,12,2025-03-07,,civilians,,,",
)


def test_every_row_is_accounted_for(here, cli, claims_file):
    claims_file(*BAD_ROWS)
    result = cli("compare", "claims.csv", "--format", "json")
    doc = as_json(result)
    assert doc["rows"] == {"read": 6, "used": 2, "rejected": 4, "claims": 6, "skipped": 0}
    reasons = {r["origin"]: r["reason"] for r in doc["rejected"]}
    assert set(reasons) == {"claims.csv:3", "claims.csv:4", "claims.csv:5", "claims.csv:6"}
    assert "many" in reasons["claims.csv:3"]
    assert "2025-02-30" in reasons["claims.csv:4"]
    assert "before" in reasons["claims.csv:5"]
    assert "negative" in reasons["claims.csv:6"]
    used = sorted(c["origin"] for g in doc["groups"] for c in g["claims"])
    assert used == ["claims.csv:2", "claims.csv:7"]
    for origin in reasons:
        assert re.search(rf"rejected {re.escape(origin)}: ", result.stderr), result.stderr
    assert "6 read, 2 used, 4 rejected" in result.stderr


def test_rejected_rows_do_not_change_the_exit_code_of_table_output(here, cli, claims_file):
    claims_file(*BAD_ROWS)
    result = cli("compare", "claims.csv")
    assert result.exit_code == 0
    assert "reconcile: rejected claims.csv:3: " in result.stderr


def test_quiet_drops_the_stderr_summary(here, cli, claims_file):
    claims_file(*BAD_ROWS)
    result = cli("compare", "claims.csv", "--quiet")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_multiline_cell_shifts_line_numbers(here, cli, write):
    write(
        "ml.csv",
        'source,figure,date,place\nSOHR,100,2025-03-07,"Latakia\nand\nTartus"\nSNHR,bad,2025-03-07,x\n'
        "VDC,90,2025-03-07,y\n",
    )
    doc = as_json(cli("compare", "ml.csv", "--format", "json"))
    assert doc["rows"] == {"read": 3, "used": 2, "rejected": 1, "claims": 3, "skipped": 0}
    assert [r["origin"] for r in doc["rejected"]] == ["ml.csv:5"]
    used = sorted(c["origin"] for g in doc["groups"] for c in g["claims"])
    assert used == ["ml.csv:2", "ml.csv:6"]


def test_blank_lines_are_skipped_but_counted_in_line_numbers(here, cli, write):
    write("blank.csv", "source,figure,date\n\nSOHR,100,2025-03-07\n\nSNHR,oops,2025-03-07\n")
    result = cli("compare", "blank.csv", "--format", "json")
    doc = as_json(result)
    assert doc["rows"] == {"read": 2, "used": 1, "rejected": 1, "claims": 2, "skipped": 0}
    assert [r["origin"] for r in doc["rejected"]] == ["blank.csv:5"]
    assert [c["origin"] for g in doc["groups"] for c in g["claims"]] == ["blank.csv:3"]
    assert "blank lines skipped" in result.stderr


# 7. bad input -----------------------------------------------------------------------------------


def test_nonexistent_file(here, cli):
    assert_one_line_error(cli("compare", "nope.csv"), "nope.csv", "no such file")


def test_directory(here, cli):
    (here / "adir").mkdir()
    assert_one_line_error(cli("compare", "adir"), "adir", "directory")


def test_empty_file(here, cli, write):
    write("empty.csv", b"")
    assert_one_line_error(cli("compare", "empty.csv"), "empty.csv", "empty")


def test_binary_file(here, cli, write):
    write("img.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)))
    assert_one_line_error(cli("compare", "img.csv"), "img.csv", "binary")


def test_missing_source_column_lists_found_and_accepted_names(here, cli, write):
    write("nosrc.csv", "incident,figure,date\nx,5,2025-03-07\n")
    message = assert_one_line_error(cli("compare", "nosrc.csv"), "nosrc.csv:1", "source")
    assert "incident, figure, date" in message  # columns found
    assert "monitor" in message and "reported_by" in message  # names accepted


def test_missing_figure_column(here, cli, write):
    write("nofig.csv", "incident,source,date\nx,SOHR,2025-03-07\n")
    message = assert_one_line_error(cli("compare", "nofig.csv"), "nofig.csv:1", "figure")
    assert "incident, source, date" in message
    assert "deaths" in message


def test_non_utf8_file_is_read_as_detected_with_a_warning(here, cli, write):
    write("latin.csv", "incident,source,figure,date\nx,Caf\u00e9,5,2025-03-07\n".encode("latin-1"))
    result = cli("compare", "latin.csv", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["groups"][0]["claims"][0]["source"] == "Caf\u00e9"
    assert "latin.csv is not UTF-8" in result.stderr


def test_a_file_not_in_the_forced_encoding_names_the_line(here, cli, write):
    write("latin.csv", "incident,source,figure,date\nx,Caf\u00e9,5,2025-03-07\n".encode("latin-1"))
    assert_one_line_error(cli("compare", "latin.csv", "--encoding", "utf-8"), "latin.csv:2", "not utf-8 text")


def test_too_many_fields_is_a_rejected_row_with_its_line(here, cli, claims_file):
    claims_file("a,SOHR,10,2025-03-07,,civilians,,,", "a,SNHR,10,2025-03-07,,civilians,,,,extra")
    doc = as_json(cli("compare", "claims.csv", "--format", "json"))
    assert doc["rows"] == {"read": 2, "used": 1, "rejected": 1, "claims": 2, "skipped": 0}
    assert doc["rejected"][0]["origin"] == "claims.csv:3"
    assert "10 cells where the header has 9" in doc["rejected"][0]["reason"]


def test_too_many_fields_after_a_multiline_cell_names_the_physical_line(here, cli, write):
    write(
        "mlbad.csv",
        'source,figure,date,place\nSOHR,100,2025-03-07,"Latakia\nand\nTartus"\nSNHR,5,2025-03-07,x,extra\n',
    )
    doc = as_json(cli("compare", "mlbad.csv", "--format", "json"))
    assert [r["origin"] for r in doc["rejected"]] == ["mlbad.csv:5"]


def test_header_only_file_has_nothing_to_compare(here, cli, write):
    write("header.csv", HEADER)
    result = cli("compare", "header.csv")
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert result.exit_code == 0, result.stderr
    assert "0 read, 0 used, 0 rejected" in result.stderr
    assert "nothing to compare" in result.stderr


def test_header_only_file_json(here, cli, write):
    write("header.csv", HEADER)
    doc = as_json(cli("compare", "header.csv", "--format", "json"))
    assert doc["groups"] == []
    assert doc["rows"] == {"read": 0, "used": 0, "rejected": 0, "claims": 0, "skipped": 0}


def test_no_file_argument_is_a_usage_error(cli):
    result = cli("compare")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_mixed_delimiters_compare_together(here, cli, write):
    write("comma.csv", "source,figure,date,victims\nSOHR,100,2025-03-07,civilians\n")
    write("semi.csv", "source;figure;date;victims\nSNHR;105;2025-03-07;civilians\n")
    write("tab.tsv", "source\tfigure\tdate\tvictims\nVDC\t110\t2025-03-07\tcivilians\n")
    doc = as_json(cli("compare", "comma.csv", "semi.csv", "tab.tsv", "--format", "json"))
    assert doc["rows"] == {"read": 3, "used": 3, "rejected": 0, "claims": 3, "skipped": 0}
    (g,) = doc["groups"]
    assert {c["source"]: c["origin"] for c in g["claims"]} == {
        "SOHR": "comma.csv:2", "SNHR": "semi.csv:2", "VDC": "tab.tsv:2",
    }
    assert g["status"] == "consistent"


def test_utf8_bom_file(here, cli, write):
    write("bom.csv", "\ufeffsource,figure,date\nSOHR,100,2025-03-07\n".encode("utf-8"))
    doc = as_json(cli("compare", "bom.csv", "--format", "json"))
    assert doc["rows"] == {"read": 1, "used": 1, "rejected": 0, "claims": 1, "skipped": 0}
    assert doc["groups"][0]["claims"][0]["source"] == "SOHR"


def test_header_synonyms(here, cli, write):
    write(
        "syn.csv",
        "Monitor, Deaths ,Event Date,KILLED_BY, Victim-Category ,Location\n"
        "SOHR,more than 700,2025-03-07,government forces,civilians,Latakia\n"
        "SNHR,approximately 125,2025-03-07,government security forces,Civilians,Latakia\n",
    )
    doc = as_json(cli("compare", "syn.csv", "--format", "json"))
    assert doc["rows"] == {"read": 2, "used": 2, "rejected": 0, "claims": 2, "skipped": 0}
    g = group(doc, "Transitional government forces", "civilians")
    assert g["status"] == "disjoint"
    assert {c["source"]: c["figure"] for c in g["claims"]} == {"SOHR": "more than 700", "SNHR": "approximately 125"}


# 8. --debug -------------------------------------------------------------------------------------


def test_debug_shows_a_traceback(tmp_path):
    run = run_python(["--debug", "compare", "nope.csv"], tmp_path)
    assert run.returncode != 0
    assert "Traceback" in run.stderr
    assert "nope.csv" in run.stderr and "no such file" in run.stderr


def test_without_debug_no_traceback_in_a_real_process(tmp_path):
    run = run_python(["compare", "nope.csv"], tmp_path)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert run.stderr.strip() == "reconcile: error: nope.csv: no such file"
    assert run.stdout == ""


def test_debug_does_not_leak_into_the_next_invocation(here, cli):
    with pytest.raises(Exception, match="no such file"):
        cli("--debug", "compare", "nope.csv")
    assert_one_line_error(cli("compare", "nope.csv"), "nope.csv", "no such file")


# 9. help, version, imports -----------------------------------------------------------------------


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_shows_an_example(cli, command):
    args = [command, "--help"] if command else ["--help"]
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert "Example" in result.stdout


def test_every_registered_command_is_tested_for_help():
    registered = {c.name or c.callback.__name__ for c in cli_module.app.registered_commands}
    assert registered <= set(COMMANDS)


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"reconcile {reconcile.__version__}"


@pytest.mark.parametrize("command", ["compare", "normalise", "actors", "sources", "validate"])
def test_usage_line_names_the_files_as_file_dots(cli, command):
    """``FILE...`` as the argument's help names it, not typer's ``{FILE...}...``."""
    result = cli(command, "--help")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"Usage: reconcile {command} [OPTIONS] FILE..."


def usage_error(result) -> tuple[str, str]:
    """The usage line and the ``Error:`` line of a parsing error (exit 2, nothing on stdout)."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    (error,) = [line for line in lines if line.startswith("Error:")]
    return lines[0], error


@pytest.mark.parametrize("command", ["compare", "validate"])
def test_a_mistyped_option_suggests_the_one_meant_and_no_other(cli, command):
    usage, error = usage_error(cli(command, "--fromat", "json", "x.csv"))
    assert usage == f"Usage: reconcile {command} [OPTIONS] FILE..."
    # not --input-format or --raw, which click's own matcher offers too
    assert error == "Error: No such option: --fromat (Possible options: --format)"


def test_a_mistyped_option_of_the_app_suggests_the_one_meant(cli):
    assert usage_error(cli("--verison"))[1] == "Error: No such option: --verison (Possible options: --version)"


@pytest.mark.parametrize("typed", ["--zzzz", "--json", "--colour"])
def test_an_option_near_none_suggests_nothing(cli, typed):
    assert usage_error(cli("compare", typed, "x.csv"))[1] == f"Error: No such option: {typed}"


def test_every_command_has_the_usage_line_and_the_suggestions():
    from reconcile.cli.usage import Command

    assert all(c.cls is Command for c in cli_module.app.registered_commands)


def test_help_does_not_import_pandas(tmp_path):
    code = (
        "import atexit, sys; sys.argv=['reconcile','--help']; from reconcile import cli\n"
        "atexit.register(lambda: print('pandas' in sys.modules))\ncli.main()"
    )
    run = run_python([], tmp_path, code=code)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "False"


# 10. normalise --------------------------------------------------------------------------------------


def _read_frame(path):
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".json":
        return pd.DataFrame(json.loads(path.read_text(encoding="utf-8")))
    return pd.read_csv(path, keep_default_na=False, na_values={"low": [""], "best": [""], "high": [""]})


@pytest.mark.parametrize("suffix", ["csv", "json", "parquet"])
def test_normalise_writes_the_claim_frame(here, cli, suffix):
    result = cli("normalise", EXAMPLES / "coastal-2025.csv", "-o", f"out.{suffix}")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    frame = _read_frame(here / f"out.{suffix}")
    missing = [c for c in FRAME_COLUMNS if c not in frame.columns]
    assert not missing
    assert len(frame) == 5
    sohr = frame.loc[frame["figure"] == "more than 700"].iloc[0]
    assert sohr["low"] == 700 and sohr["best"] == 700
    if suffix == "json":
        assert sohr["high"] is None or pd.isna(sohr["high"])  # JSON has no infinity
    else:
        assert math.isinf(float(sohr["high"]))
    assert sohr["perpetrator"] == "Transitional government forces"
    assert sohr["perpetrator_raw"] == "government forces"
    assert sohr["qualifier"] == "more than"
    assert str(sohr["origin"]).endswith("coastal-2025.csv:2")
    assert "quote" in frame.columns  # the input's other columns are kept


@pytest.mark.parametrize("suffix", ["csv", "json", "parquet"])
def test_normalise_has_one_row_per_used_claim_and_keeps_unknown_columns(here, cli, write, suffix):
    write(
        "extra.csv",
        "source,figure,date,analyst_note\nSOHR,100,2025-03-07,checked\nSNHR,many,2025-03-07,\n"
        "VDC,12-15,2025-03-07,twice\n",
    )
    result = cli("normalise", "extra.csv", "-o", f"out.{suffix}")
    assert result.exit_code == 0, result.stderr
    frame = _read_frame(here / f"out.{suffix}")
    assert list(frame["origin"]) == ["extra.csv:2", "extra.csv:4"]
    assert list(frame["analyst_note"]) == ["checked", "twice"]
    assert "rejected extra.csv:3" in result.stderr
    assert "3 read, 2 used, 1 rejected" in result.stderr


def test_normalise_unknown_suffix_is_a_usage_error(here, cli):
    message = assert_one_line_error(cli("normalise", EXAMPLES / "coastal-2025.csv", "-o", "out.txt"), "out.txt")
    assert ".parquet" in message
    assert not (here / "out.txt").exists()


def test_normalise_parquet_to_stdout_is_refused(cli):
    assert_one_line_error(cli("normalise", EXAMPLES / "coastal-2025.csv", "--format", "parquet"), "parquet")


def test_normalise_to_stdout_is_csv(cli):
    result = cli("normalise", EXAMPLES / "coastal-2025.csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 5
    assert rows[0]["high"] == "inf"


# 11. actors -----------------------------------------------------------------------------------------

ACTOR_ROWS = (
    ",SNHR,50,2016-05-01,,civilians,government forces,Aleppo,",
    ",SNHR,60,2025-03-07,,civilians,government forces,Aleppo,",
    ",SOHR,10,2025-03-07,,civilians,Zorgon raiders,Aleppo,",
)


def test_actors_table(here, cli, claims_file):
    claims_file(*ACTOR_ROWS)
    result = cli("actors", "claims.csv")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for word in ("government", "Assad", "Transitional", "Zorgon", "raiders", "unmapped", "mapped"):
        assert word in out, word  # at 80 columns "Zorgon raiders" wraps between its words
    assert "1 unmapped" in result.stderr


def test_actors_json(here, cli, claims_file):
    claims_file(*ACTOR_ROWS)
    result = cli("actors", "claims.csv", "--format", "json")
    assert result.exit_code == 0, result.stderr
    mapping = json.loads(result.stdout)
    government = {(m["actor"], m["first_date"]) for m in mapping if m["as_written"] == "government forces"}
    assert government == {("Assad government forces", "2016-05-01"), ("Transitional government forces", "2025-03-07")}
    (unknown,) = [m for m in mapping if m["as_written"] == "Zorgon raiders"]
    assert unknown["status"] == "unmapped"
    assert unknown["actor"] == "Zorgon raiders"  # kept verbatim


def test_actors_user_aliases(here, cli, claims_file, write):
    claims_file(",SNHR,50,2025-03-07,,civilians,the regime,,")
    before = json.loads(cli("actors", "claims.csv", "--format", "json").stdout)
    assert [m["status"] for m in before] == ["unmapped"]
    write("my.csv", "alias,actor\nthe regime,Transitional government forces\n")
    after = json.loads(cli("actors", "claims.csv", "--format", "json", "--aliases", "my.csv").stdout)
    assert [(m["as_written"], m["actor"], m["status"]) for m in after] == [
        ("the regime", "Transitional government forces", "mapped")
    ]


def test_missing_aliases_file_is_a_one_line_error(here, cli, claims_file):
    claims_file(*ACTOR_ROWS)
    assert_one_line_error(cli("actors", "claims.csv", "--aliases", "nope.csv"), "nope.csv")


# 12. real data -----------------------------------------------------------------------------------


def test_realdata_monitor_claims_without_date_column_read_as_cumulative_tolls(cli, realdata):
    path = realdata / "syria_source_claims_compilation" / "syria_monitor_claims_by_perpetrator.csv"
    result = cli("compare", path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("cumulative toll · to 2025-03-31")
    assert result.stderr.startswith("rows: 41 read, 41 used, 0 rejected")


def test_actors_show_the_rule_and_exact_actors_turns_rules_off(here, cli, claims_file):
    claims_file(",SNHR,50,2025-03-07,,civilians,government forces,Latakia,",
                ",SOHR,10,2025-03-07,,civilians,Russian airstrikes,Latakia,",
                ",SOHR,10,2025-03-07,,civilians,unknown gunmen,Latakia,")
    mapping = {m["as_written"]: m for m in json.loads(cli("actors", "claims.csv", "-f", "json").stdout)}
    assert (mapping["government forces"]["status"], mapping["government forces"]["rule"]) == ("inferred", "role word, SY")
    assert mapping["Russian airstrikes"]["actor"] == "Russian forces"
    assert mapping["unknown gunmen"]["status"] == "unidentified"
    exact = {m["as_written"]: m for m in json.loads(cli("actors", "claims.csv", "-f", "json", "--exact-actors").stdout)}
    assert exact["government forces"]["status"] == "unmapped"
    assert exact["Russian airstrikes"]["status"] == "mapped"  # an alias row of its own


def test_compare_footnote_names_the_rule_of_an_inferred_actor(here, cli, claims_file):
    claims_file("x,SNHR,50,2025-03-07,,civilians,government security forces,Latakia,",
                "x,SOHR,700,2025-03-07,,civilians,government forces,Latakia,")
    out = cli("compare", "claims.csv").stdout
    assert "SNHR, by “government security forces”: claims.csv:2 (role word, SY, 2025-03)" in " ".join(out.split())


def test_user_catalogue_adds_an_actor_its_aliases_can_name(here, cli, claims_file, write):
    claims_file(",SNHR,50,2025-03-07,,civilians,Desert Hawks,Homs,")
    write("cat.csv", "id,name,kind,country\ngroup:desert-hawks,Desert Hawks Brigade,militia,SY\n")
    write("al.csv", "alias,actor\nDesert Hawks,group:desert-hawks\n")
    mapping = json.loads(cli("actors", "claims.csv", "-f", "json", "--catalogue", "cat.csv", "--aliases", "al.csv").stdout)
    assert [(m["actor"], m["status"]) for m in mapping] == [("Desert Hawks Brigade", "mapped")]
    write("bad.csv", "id,name,kind\ngroup:x,X,tribe\n")
    assert_one_line_error(cli("actors", "claims.csv", "--catalogue", "bad.csv"), "bad.csv")


def test_no_output_overwrites_an_input(here, cli, write):
    write("in.csv", "source,figure,date\nA,1,2025-03-06\n")
    for args in (("normalise", "in.csv", "-o", "in.csv"), ("compare", "in.csv", "-o", "in.csv"),
                 ("validate", "in.csv", "--rejected", "in.csv"), ("actors", "in.csv", "-o", "./in.csv")):
        result = cli(*args)
        assert result.exit_code == 2, args
        assert "in.csv is one of the input files" in result.stderr
    assert (here / "in.csv").read_text() == "source,figure,date\nA,1,2025-03-06\n"


def test_compare_output_format_follows_the_suffix_unless_given(here, cli, write):
    write("in.csv", "source,figure,date\nA,1,2025-03-06\nB,2,2025-03-06\n")
    assert cli("compare", "in.csv", "-o", "out.json").exit_code == 0
    assert json.loads((here / "out.json").read_text())["groups"]
    assert cli("compare", "in.csv", "-o", "out.md").exit_code == 0
    assert (here / "out.md").read_text().lstrip().startswith(("#", "|", "**"))
    assert cli("compare", "in.csv", "-o", "forced.json", "--format", "csv").exit_code == 0
    assert (here / "forced.json").read_text().startswith("incident,")


def test_a_dash_reads_standard_input(here):
    from typer.testing import CliRunner

    text = "source,figure,date,place,victims\nSOHR,more than 700,2025-03-07,Latakia,civilians\n" \
           "SNHR,125,2025-03-07,Latakia,civilians\n"
    result = CliRunner().invoke(cli_module.app, ["compare", "-", "--format", "json"], input=text)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert sorted(c["origin"] for g in document["groups"] for c in g["claims"]) == ["-:2", "-:3"]
    twice = CliRunner().invoke(cli_module.app, ["compare", "-", "-"], input=text)
    assert twice.exit_code == 2 and "only once" in twice.stderr


def test_dash_output_is_stdout(here, cli):
    from conftest import EXAMPLES

    to_dash = cli("compare", EXAMPLES / "coastal-2025.csv", "--format", "json", "-o", "-", "-q")
    assert to_dash.exit_code == 0 and json.loads(to_dash.stdout)["groups"]
    assert not (here / "-").exists()


def test_an_output_is_written_whole_or_not_at_all(tmp_path):
    """A write that fails half-way leaves the old file as it was and no temporary file behind."""
    import os

    from reconcile.cli.common import _write_atomically
    from reconcile.errors import UsageError

    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")

    def fails(stream):
        stream.write(b"half a new fi")
        raise OSError(28, "No space left on device")

    with pytest.raises(UsageError, match="cannot write .*report.json: No space left on device"):
        _write_atomically(target, fails)
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["report.json"]
    _write_atomically(target, lambda stream: stream.write(b"new"))
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == ["report.json"]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_writing_to_dev_null_a_pipe_or_through_a_symlink_never_replaces_it(tmp_path):
    """-o /dev/null must not turn the device into a file (as root it did); a named pipe is written
    into; a symlink's target is replaced, keeping its permissions."""
    import os
    import stat
    import threading

    from reconcile.cli.common import _write_atomically

    _write_atomically(tmp_path.joinpath(os.devnull), lambda stream: stream.write(b"x"))
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    _write_atomically(fifo, lambda stream: stream.write(b"through the pipe"))
    reader.join(timeout=10)
    assert received == [b"through the pipe"] and stat.S_ISFIFO(os.stat(fifo).st_mode)

    real, link = tmp_path / "real.json", tmp_path / "link.json"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o600)
    link.symlink_to(real)
    _write_atomically(link, lambda stream: stream.write(b"new"))
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert real.stat().st_mode & 0o777 == 0o600


def test_two_outputs_on_one_file_and_rejected_to_stdout_are_refused(here, cli, write):
    write("c.csv", "source,figure,date\nSOHR,5,2025-03-06\nSNHR,x,2025-03-06\n")
    same = cli("compare", "c.csv", "-o", "out.csv", "--rejected", "out.csv")
    assert same.exit_code == 2 and "out.csv is named for two outputs" in same.stderr
    assert cli("compare", "c.csv", "--rejected", "-").exit_code == 2
    assert cli("compare", "c.csv", "-o", os.devnull, "--rejected", os.devnull).exit_code == 0


@pytest.mark.parametrize(("args", "code"), [
    (["compare", "syria-monitors.csv", "--format", "json"], 0),
    (["compare", "syria-monitors.csv", "--format", "json", "--fail-on", "disjoint"], 1),
    (["compare", "missing.csv"], 2),
])
def test_the_command_ends_its_process_with_its_exit_code_and_every_byte_written(here, cli, args, code):
    """The command's process ends without taking the interpreter apart (0.1-0.15 s less): the
    exit code, stdout and stderr are those of the command run in-process."""
    (here / "syria-monitors.csv").write_bytes((EXAMPLES / "syria-monitors.csv").read_bytes())
    done = run_python(args, here)
    expected = cli(*args)
    assert (done.returncode, done.stdout, done.stderr) == (code, expected.stdout, expected.stderr)
    assert len(done.stdout) > 1000 if code < 2 else done.stdout == ""


def test_the_command_removes_its_copy_of_standard_input_when_it_ends(tmp_path):
    done = subprocess.run([sys.executable, "-m", "reconcile", "compare", "-", "--format", "json"],
                          input=(EXAMPLES / "syria-monitors.csv").read_text(encoding="utf-8"),
                          env=checkout_env(TMPDIR=str(tmp_path)), capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert done.returncode == 0 and '"origin": "-:2"' in done.stdout
    assert list(tmp_path.glob("reconcile-stdin-*")) == []


@pytest.mark.parametrize(("code", "status", "stderr"), [("None", 0, ""), ("3", 3, ""), ("'bye'", 1, "bye\n")])
def test_exit_now_flushes_the_output_and_runs_the_exit_handlers(tmp_path, code, status, stderr):
    probe = ("import atexit, sys\n"
             "from reconcile.cli.common import exit_now\n"
             "atexit.register(lambda: print('handled', end=''))\n"
             "print('written', end=' ')\n"
             f"exit_now({code})\n")
    done = run_python([], tmp_path, code=probe)
    assert (done.returncode, done.stdout, done.stderr) == (status, "written handled", stderr)


def _shell(command: str, cwd) -> subprocess.CompletedProcess:
    """``command`` in bash, in :func:`checkout_env`."""
    return subprocess.run(command, shell=True, executable="/bin/bash", capture_output=True, text=True,
                          timeout=120, cwd=cwd, env=checkout_env())


_UNFLUSHED = "from reconcile.cli.common import exit_now; print('written'); import time; time.sleep({}); exit_now(0)"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_exit_now_says_so_in_one_line_when_the_output_cannot_be_written(tmp_path):
    done = _shell(f'{sys.executable} -c "{_UNFLUSHED.format(0)}" > /dev/full', tmp_path)
    assert done.returncode == 2
    assert done.stderr == "reconcile: error: cannot write the output: [Errno 28] No space left on device\n"


def test_exit_now_ends_quietly_when_the_reader_has_left(tmp_path):
    done = _shell(f'{sys.executable} -c "{_UNFLUSHED.format(0.5)}" | true; echo "${{PIPESTATUS[0]}}"', tmp_path)
    assert (done.stdout, done.stderr) == ("141\n", "")


@pytest.mark.parametrize(("command", "status"), [
    ("--version 2>&-", 0),
    ("compare missing.csv 1>&-", 2),
    ("compare syria-monitors.csv --format json -o out.json 1>&-", 0),
])
def test_a_command_started_with_a_stream_closed_ends_as_it_should(here, command, status):
    (here / "syria-monitors.csv").write_bytes((EXAMPLES / "syria-monitors.csv").read_bytes())
    done = _shell(f"{sys.executable} -m reconcile {command}", here)
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr


def test_under_a_profiler_the_command_ends_as_python_ends_it(tmp_path):
    """cProfile writes its file when the interpreter ends, which the quick exit would skip."""
    done = _shell(f"{sys.executable} -m cProfile -o prof.out -m reconcile --version", tmp_path)
    assert done.returncode == 0 and (tmp_path / "prof.out").stat().st_size > 0


def test_a_reader_that_leaves_early_ends_the_run_quietly(tmp_path):
    import subprocess
    import sys

    from conftest import EXAMPLES

    run = subprocess.run(
        f"{sys.executable} -m reconcile compare {EXAMPLES / 'syria-monitors.csv'} --format json -q | head -c 10",
        shell=True, capture_output=True, text=True, cwd=tmp_path, executable="/bin/bash")
    assert run.stdout == '{\n  "group' and run.stderr == ""
