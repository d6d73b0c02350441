"""``reconcile validate``: every rule failing and passing, exit codes, report formats, pre-commit, CI."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from conftest import EXAMPLES, HEADER, REPO

GOOD = "i1,SOHR,100,2025-03-06,2025-03-08,civilians,government forces,Latakia,2025-03-09"


def row(**changes) -> str:
    """GOOD with some cells replaced (by column name)."""
    names = ["incident", "source", "figure", "date_start", "date_end", "victims", "perpetrator", "place", "published"]
    cells = dict(zip(names, GOOD.split(","), strict=True))
    cells.update(changes)
    return ",".join(f'"{v}"' if "," in v else v for v in cells.values())


def report(result) -> dict:
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    return json.loads(result.stdout)


def validate_case(cli, claims_file, rule: str, broken: bool):
    """Write the rule's failing (or passing) rows and validate them as JSON: (exit code, report)."""
    bad, good, options, *header = RULE_CASES[rule]
    name = "bad.csv" if broken else "good.csv"
    claims_file(*(bad if broken else good), name=name, header=header[0] if header else HEADER)
    result = cli("validate", name, "--format", "json", *options)
    return result.exit_code, report(result)


def rules_found(doc: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for problem in doc["errors"] + doc["warnings"]:
        found.setdefault(problem["rule"], []).append(problem)
    return found


# Each rule: rows that break it (the problem on line 3), rows that do not, extra options.
RULE_CASES = {
    "missing-value": ([GOOD, row(source="")], [GOOD, row(source="SNHR")], []),
    "unparseable-figure": ([GOOD, row(source="SNHR", figure="many")], [GOOD, row(source="SNHR", figure="dozens")], []),
    "negative-figure": ([GOOD, row(source="SNHR", figure="-5")], [GOOD, row(source="SNHR", figure="5")], []),
    "absurd-figure": (
        [GOOD, row(source="SNHR", figure="2,000")], [GOOD, row(source="SNHR", figure="1,000")], ["--max-figure", "1000"]
    ),
    "bad-date": ([GOOD, row(source="SNHR", date_start="2025-02-30")], [GOOD, row(source="SNHR", date_start="2025-02-28")], []),
    "date-order": (
        [GOOD, row(source="SNHR", date_start="2025-03-08", date_end="2025-03-06")],
        [GOOD, row(source="SNHR", date_start="2025-03-06", date_end="2025-03-08")],
        [],
    ),
    "unknown-victims": ([GOOD, row(source="SNHR", victims="prison guards")], [GOOD, row(source="SNHR", victims="children")], []),
    "unmapped-perpetrator": (
        [GOOD, row(source="SNHR", perpetrator="Martians")], [GOOD, row(source="SNHR", perpetrator="Daesh")], ["--strict"]
    ),
    "duplicate-claim": ([GOOD, row(figure="120")], [GOOD, row(figure="120", published="2025-03-10")], []),
    "part-exceeds-total": (
        [GOOD, row(victims="total", figure="90", perpetrator="government forces")],
        [GOOD, row(victims="total", figure="900", perpetrator="government forces")],
        [],
    ),
    "ambiguous-mark": (
        [GOOD, row(source="SNHR", figure="1.944")], [GOOD, row(source="SNHR", figure="1944")], ["--strict"]
    ),
    "interval-order": (  # with low, best, high columns: an out-of-order interval is a warning unless --strict
        [GOOD + ",90,100,110", row(source="SNHR") + ",90,100,95"], [GOOD + ",90,100,110", row(source="SNHR") + ",90,100,100"],
        ["--strict"], HEADER.strip() + ",low,best,high\n",
    ),
    "malformed-row": ([GOOD, row(source="SNHR") + ",one too many"], [GOOD, row(source="SNHR")], []),
    "repeated-header": ([GOOD, HEADER.strip()], [GOOD, row(source="SNHR")], []),
}
COLUMN = {
    "malformed-row": "", "repeated-header": "",
    "missing-value": "source", "unparseable-figure": "figure", "negative-figure": "figure", "absurd-figure": "figure",
    "ambiguous-mark": "figure", "interval-order": "low", "bad-date": "date_start", "date-order": "date_end", "unknown-victims": "victims",
    "unmapped-perpetrator": "perpetrator", "duplicate-claim": "source", "part-exceeds-total": "figure",
}


def test_every_rule_has_a_case():
    from reconcile.validate import RULES

    assert set(RULE_CASES) == set(RULES) == set(COLUMN)


@pytest.mark.parametrize("rule", list(RULE_CASES))
def test_rule_fails_on_a_bad_file(here, cli, claims_file, rule):
    code, doc = validate_case(cli, claims_file, rule, broken=True)
    assert code == 1 and doc["valid"] is False
    found = rules_found(doc)
    assert rule in found, found
    problem = found[rule][0]
    assert problem["severity"] == "error"
    assert problem["file"] == "bad.csv"
    assert problem["column"] == COLUMN[rule]
    # the problem row is line 3, except the part/total check, reported on the part (line 2)
    assert problem["line"] == (2 if rule == "part-exceeds-total" else 3)
    assert problem["origin"] == f"bad.csv:{problem['line']}"
    assert problem["message"]
    # no other rule fires on these files
    assert set(found) == {rule}, found


@pytest.mark.parametrize("rule", list(RULE_CASES))
def test_rule_passes_on_a_good_file(here, cli, claims_file, rule):
    code, doc = validate_case(cli, claims_file, rule, broken=False)
    assert code == 0 and doc == {**doc, "valid": True, "errors": [], "warnings": []}


def test_unmapped_perpetrator_is_a_warning_without_strict(here, cli, claims_file):
    claims_file(GOOD, row(source="SNHR", perpetrator="Martians"))
    result = cli("validate", "claims.csv", "--format", "json")
    assert result.exit_code == 0
    doc = report(result)
    assert doc["valid"] is True and doc["errors"] == []
    assert [(w["rule"], w["line"], w["value"]) for w in doc["warnings"]] == [("unmapped-perpetrator", 3, "Martians")]


def test_absurd_figure_default_ceiling_is_ten_million(here, cli, claims_file):
    claims_file(row(figure="10,000,000"), row(source="SNHR", figure="20 million"))
    doc = report(cli("validate", "claims.csv", "--format", "json"))
    assert [(e["rule"], e["line"]) for e in doc["errors"]] == [("absurd-figure", 3)]


def test_duplicate_points_at_the_first_row_and_names_a_different_figure(here, cli, claims_file):
    claims_file(GOOD, row(source="SNHR"), row(figure="120"))
    doc = report(cli("validate", "claims.csv", "--format", "json"))
    (problem,) = doc["errors"]
    assert problem["origin"] == "claims.csv:4"
    assert "claims.csv:2" in problem["message"] and "'100'" in problem["message"]


def test_attributed_figures_above_the_headline_are_reported_on_the_headline(here, cli, claims_file):
    claims_file(
        row(perpetrator="ISIS", figure="60"),
        row(perpetrator="government forces", figure="70"),
        row(perpetrator="", figure="100"),
    )
    doc = report(cli("validate", "claims.csv", "--format", "json"))
    (problem,) = doc["errors"]
    assert (problem["rule"], problem["line"], problem["value"]) == ("part-exceeds-total", 4, "100")
    assert "claims.csv lines 2, 3" in problem["message"]


def test_all_problems_in_one_run_in_file_and_line_order(here, cli, claims_file):
    claims_file(
        row(figure="many", date_start="2025-02-30"),
        row(source="SNHR", victims="prison guards"),
        GOOD,
        row(source="UN", figure="-3", published="yesterday"),
        name="b.csv",
    )
    claims_file(row(source="ACLED", figure="dozens", perpetrator="Martians"), name="a.csv")
    result = cli("validate", "b.csv", "a.csv", "--format", "json")
    assert result.exit_code == 1
    doc = report(result)
    got = [(p["origin"], p["rule"]) for p in doc["errors"] + doc["warnings"]]
    assert got == [
        ("b.csv:2", "unparseable-figure"),
        ("b.csv:2", "bad-date"),
        ("b.csv:3", "unknown-victims"),
        ("b.csv:5", "negative-figure"),
        ("b.csv:5", "bad-date"),
        ("a.csv:2", "unmapped-perpetrator"),
    ]
    assert doc["rows"] == {"read": 5, "used": 3, "rejected": 2, "claims": 5, "skipped": 0}
    assert doc["files"] == ["b.csv", "a.csv"]


# A row's every problem -------------------------------------------------------------------------

# Line 3 is unusable three times over: its date, its victims and its figure; line 2 is clean.
UNUSABLE = [GOOD, row(source="SNHR", date_start="2025-02-30", victims="prison guards", figure="many")]
UNUSABLE_FINDINGS = [
    ("claims.csv", 3, "date_start", "2025-02-30", "bad-date", "impossible or unreadable date '2025-02-30' (use YYYY-MM-DD)"),
    ("claims.csv", 3, "figure", "many", "unparseable-figure", "figure 'many': cannot read a number in 'many'"),
    ("claims.csv", 3, "victims", "prison guards", "unknown-victims",
     "victims 'prison guards' is not a known category (see data/victims.csv)"),
]


def test_a_rejected_row_reports_every_problem_of_its_cells(here, cli, claims_file):
    claims_file(*UNUSABLE)
    result = cli("validate", "claims.csv", "--format", "json")
    assert result.exit_code == 1
    doc = report(result)
    got = sorted((p["file"], p["line"], p["column"], p["value"], p["rule"], p["message"]) for p in doc["errors"])
    assert got == sorted(UNUSABLE_FINDINGS)
    assert doc["warnings"] == [] and doc["valid"] is False
    assert all(p["origin"] == "claims.csv:3" for p in doc["errors"])  # the clean row has none
    # the row is still one rejected row
    assert doc["rows"] == {"read": 2, "used": 1, "rejected": 1, "claims": 2, "skipped": 0}
    assert doc["counts"] == {"errors": 3, "warnings": 0,
                             "rules": {"bad-date": 1, "unknown-victims": 1, "unparseable-figure": 1}}
    assert result.stderr == "reconcile: invalid: 3 errors, 0 warnings (2 rows read, 1 used, 1 rejected)\n"


def test_a_rejected_row_reports_every_problem_in_every_format(here, cli, claims_file):
    claims_file(*UNUSABLE)
    text = cli("validate", "claims.csv")
    assert text.exit_code == 1
    for _, line, _, _, rule, message in UNUSABLE_FINDINGS:
        assert f"  {rule} (1 error): " in text.stdout
        assert f"    claims.csv:{line}: {message}\n" in text.stdout
    assert text.stdout.splitlines()[-1] == "invalid: 3 errors, 0 warnings (2 rows read, 1 used, 1 rejected)"

    github = cli("validate", "claims.csv", "--format", "github")
    assert github.exit_code == 1
    assert github.stdout.splitlines() == [  # by line, then in the order of the rules
        "::error file=claims.csv,line=3::figure 'many': cannot read a number in 'many' [unparseable-figure]",
        "::error file=claims.csv,line=3::impossible or unreadable date '2025-02-30' (use YYYY-MM-DD) [bad-date]",
        "::error file=claims.csv,line=3::victims 'prison guards' is not a known category (see data/victims.csv)"
        " [unknown-victims]",
    ]

    junit = cli("validate", "claims.csv", "--format", "junit")
    assert junit.exit_code == 1
    (suite,) = ET.fromstring(junit.stdout).iter("testsuite")
    assert suite.get("failures") == "3"
    for _, _, _, _, rule, message in UNUSABLE_FINDINGS:
        failure = suite.find(f"testcase[@name='{rule}']/failure")
        assert failure is not None and "claims.csv:3" in failure.text and message in failure.text


def test_a_rejected_row_is_checked_for_its_figure_and_interval_too(here, cli, claims_file):
    claims_file(
        GOOD,
        row(source="SNHR", date_start="2025-02-30", figure="20 million"),  # absurd-figure
        row(source="UN", date_end="soon", figure="1.944"),  # ambiguous-mark: a warning
        row(source="", figure="1.944%"),  # no figure read: nothing to say of its mark
    )
    doc = report(cli("validate", "claims.csv", "--format", "json"))
    got = [(p["line"], p["rule"], p["severity"]) for p in doc["errors"] + doc["warnings"]]
    assert got == [
        (3, "absurd-figure", "error"),
        (3, "bad-date", "error"),
        (4, "bad-date", "error"),
        (5, "missing-value", "error"),
        (5, "unparseable-figure", "error"),
        (4, "ambiguous-mark", "warning"),
    ]
    assert doc["rows"]["rejected"] == 3 and doc["rows"]["used"] == 1


def test_a_rejected_rows_out_of_order_interval_is_reported(here, cli, claims_file):
    header = HEADER.strip() + ",low,best,high\n"
    claims_file(GOOD + ",90,100,110", row(source="SNHR", date_start="2025-02-30") + ",90,100,95", header=header)
    doc = report(cli("validate", "claims.csv", "--format", "json", "--strict"))
    assert [(p["line"], p["rule"]) for p in doc["errors"]] == [(3, "interval-order"), (3, "bad-date")]


def test_a_clean_file_has_no_findings_and_compare_keeps_its_reasons(here, cli, claims_file):
    claims_file(GOOD)
    clean = cli("validate", "claims.csv", "--format", "json")
    assert clean.exit_code == 0 and report(clean)["errors"] == report(clean)["warnings"] == []
    claims_file(*UNUSABLE)
    # compare (and normalise) still reject the row for what made it unusable, nothing more
    compared = cli("compare", "claims.csv", "--format", "json")
    assert ("reconcile: rejected claims.csv:3: figure 'many': cannot read a number in 'many'; "
            "impossible or unreadable date '2025-02-30' (use YYYY-MM-DD)\n") in compared.stderr
    assert "prison guards" not in compared.stderr


def test_normalise_keeps_the_rejected_rows_cells(write):
    from reconcile.pipeline import load_claims

    path = write("c.csv", HEADER + GOOD + "\n" + row(source="", victims="prison guards", figure="50 million") + "\n")
    loaded, _ = load_claims([path], labels=["c.csv"])
    assert loaded.problems["rule"].tolist() == ["missing-value"]  # why it was rejected, only
    assert loaded.rejected.loc[0, "reason"] == "source is empty"
    cells = loaded.rejected_cells
    assert cells[["origin", "victims_raw", "best"]].values.tolist() == [["c.csv:3", "prison guards", 50_000_000]]
    assert not cells.loc[0, "victims_known"]


# Exit codes ----------------------------------------------------------------------------------


def test_exit_0_for_the_bundled_example(cli):
    result = cli("validate", str(EXAMPLES / "coastal-2025.csv"))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("valid: 0 errors, 0 warnings (5 rows read")


def test_exit_1_for_invalid_rows(here, cli, claims_file):
    claims_file(GOOD, row(source="SNHR", figure="many"))
    result = cli("validate", "claims.csv")
    assert result.exit_code == 1
    assert "invalid: 1 error, 0 warnings" in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["validate", "nope.csv"], ["nope.csv", "no such file"]),
        (["validate", "nofigure.csv"], ["nofigure.csv:1", "lacks figure"]),
        (["validate", "claims.csv", "--max-figure", "-1"], ["--max-figure"]),
        (["validate", "claims.csv", "--format", "xml"], ["--format"]),
        (["validate"], ["FILE"]),
    ],
)
def test_exit_2_for_unusable_input_or_usage(here, cli, claims_file, write, args, words):
    claims_file(GOOD)
    write("nofigure.csv", "source,date\nSOHR,2025-03-07\n")
    result = cli(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_missing_column_in_github_format_is_also_an_annotation(here, cli, write):
    write("nofigure.csv", "source,date\nSOHR,2025-03-07\n")
    result = cli("validate", "nofigure.csv", "--format", "github")
    assert result.exit_code == 2
    assert result.stdout.startswith("::error file=nofigure.csv,line=1::matches no known format; closest is generic")
    assert "lacks figure" in result.stdout
    assert len(result.stderr.strip().splitlines()) == 1


# Formats -------------------------------------------------------------------------------------

KNOWN = [
    row(figure="many"),
    row(source="SNHR", perpetrator="Martians Inc."),
    row(source="UN", figure="50%"),
]


def test_github_format_exact_lines(here, cli, claims_file):
    claims_file(*KNOWN)
    result = cli("validate", "claims.csv", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=claims.csv,line=2::figure 'many': cannot read a number in 'many' [unparseable-figure]",
        "::warning file=claims.csv,line=3::perpetrator 'Martians Inc.' is not in the alias table"
        " (add it with --aliases) [unmapped-perpetrator]",
        "::error file=claims.csv,line=4::figure '50%25': a percentage, not a count: '50%25' [unparseable-figure]",
    ]
    assert result.stderr == "reconcile: invalid: 2 errors, 1 warning (3 rows read, 1 used, 2 rejected)\n"


def test_github_format_escapes_file_names():
    from reconcile.render.github import command

    assert command("error", "a\nb 100%", "dir,x/a:b.csv", 3) == "::error file=dir%2Cx/a%3Ab.csv,line=3::a%0Ab 100%25"
    assert command("notice", "done") == "::notice::done"


def test_json_has_the_stable_keys_and_every_problem(here, cli, claims_file):
    claims_file(*[row(source=f"S{i}", figure="many") for i in range(12)])
    doc = report(cli("validate", "claims.csv", "--format", "json"))
    assert {"valid", "errors", "warnings", "rows"} <= set(doc)
    assert len(doc["errors"]) == 12
    assert set(doc["errors"][0]) == {"origin", "file", "line", "column", "value", "rule", "severity", "message"}
    assert doc["counts"] == {"errors": 12, "warnings": 0, "rules": {"unparseable-figure": 12}}


def test_text_groups_by_rule_with_counts_and_at_most_n_examples(here, cli, claims_file):
    claims_file(*[row(source=f"S{i}", figure="many") for i in range(4)], row(source="X", perpetrator="Martians"))
    result = cli("validate", "claims.csv", "--max-examples", "2")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "Errors"
    assert lines[1].startswith("  unparseable-figure (4 errors): ")
    assert lines[2:5] == [
        "    claims.csv:2: figure 'many': cannot read a number in 'many'",
        "    claims.csv:3: figure 'many': cannot read a number in 'many'",
        "    ... and 2 more (--max-examples, or --format json for all)",
    ]
    assert "Warnings" in lines and any(line.startswith("  unmapped-perpetrator (1 warning)") for line in lines)
    assert lines[-1] == "invalid: 4 errors, 1 warning (5 rows read, 1 used, 4 rejected)"
    assert result.stderr == ""


def test_junit_has_a_suite_per_file_and_a_case_per_rule(here, cli, claims_file):
    from reconcile.validate import RULES

    claims_file(*KNOWN, name="bad.csv")
    claims_file(GOOD, name="good.csv")
    result = cli("validate", "bad.csv", "good.csv", "--format", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert list(suites) == ["bad.csv", "good.csv"]
    assert [c.get("name") for c in suites["bad.csv"].iter("testcase")] == list(RULES)
    assert root.get("failures") == suites["bad.csv"].get("failures") == "1"
    assert suites["good.csv"].get("failures") == "0"
    failure = suites["bad.csv"].find("testcase[@name='unparseable-figure']/failure")
    assert "bad.csv:2" in failure.text and "bad.csv:4" in failure.text


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit"])
def test_reports_are_byte_identical_across_runs(here, cli, claims_file, fmt):
    claims_file(*KNOWN)
    first, second = (cli("validate", "claims.csv", "--format", fmt) for _ in range(2))
    assert first.stdout == second.stdout and first.stdout


def test_output_file_gets_the_report_and_stderr_the_verdict(here, cli, claims_file):
    claims_file(*KNOWN)
    result = cli("validate", "claims.csv", "-o", "report.txt")
    assert result.exit_code == 1 and result.stdout == ""
    assert (here / "report.txt").read_text(encoding="utf-8").endswith("1 used, 2 rejected)\n")
    assert result.stderr.startswith("reconcile: invalid: 2 errors")


def test_quiet_keeps_stderr_empty(here, cli, claims_file):
    claims_file(*KNOWN)
    result = cli("validate", "claims.csv", "--format", "json", "--quiet")
    assert result.exit_code == 1 and result.stderr == ""


def test_normalise_says_which_column_value_and_rule_rejected_a_row(write):
    from reconcile.pipeline import load_claims

    path = write("c.csv", "source,figure,date_start,date_end\n,-5,2025-03-09,2025-03-01\n")
    loaded, _ = load_claims([path], labels=["c.csv"])
    assert loaded.problems[["origin", "column", "value", "rule"]].values.tolist() == [
        ["c.csv:2", "source", "", "missing-value"],
        ["c.csv:2", "figure", "-5", "negative-figure"],
        ["c.csv:2", "date_end", "2025-03-01", "date-order"],
    ]
    assert loaded.rejected.loc[0, "reason"] == "; ".join(loaded.problems["message"])


def test_split_origin_keeps_colons_in_file_names():
    from reconcile.validate import split_origin

    located = split_origin(pd.Series(["C:/data/a.csv:12", "a.csv:3, a.csv:4", "no-line"]))
    assert located["file"].tolist() == ["C:/data/a.csv", "a.csv", "no-line"]
    assert located["line"].tolist()[:2] == [12, 3] and pd.isna(located["line"].iloc[2])


# pre-commit and CI ---------------------------------------------------------------------------


def _hook() -> dict[str, str]:
    """The one hook of .pre-commit-hooks.yaml (a list of flat mappings; read without a YAML library)."""
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^\s*#.*\n", "", text, flags=re.M)
    hooks = [block for block in re.split(r"^- ", text, flags=re.M) if "id:" in block]
    assert len(hooks) == 1
    fields = dict(re.findall(r"^\s*(\w+):\s*(.+?)\s*$", hooks[0], re.M))
    return {k: v.strip("'\"") for k, v in fields.items()}


def test_pre_commit_hook_definition():
    hook = _hook()
    assert hook["id"] == "reconcile-validate"
    assert hook["entry"] == "reconcile validate"
    assert hook["language"] == "python"
    try:
        import yaml
    except ImportError:
        pass
    else:  # the real parser agrees with ours
        (parsed,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
        assert {k: v for k, v in parsed.items() if isinstance(v, str)} == {k: hook[k] for k in parsed if k != "require_serial"}
        assert parsed["require_serial"] is True  # one run sees every file: duplicates across files are found
    files = re.compile(hook["files"].replace("\\\\", "\\"))
    assert files.search("data/claims.csv") and not files.search("README.md")
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'reconcile = "reconcile.cli:main"' in pyproject  # the console script the entry calls


@pytest.mark.parametrize(("rows", "code"), [([GOOD], 0), ([GOOD, row(source="SNHR", figure="many")], 1)])
def test_pre_commit_runs_the_entry_with_the_staged_files(tmp_path, claims_file, rows, code):
    path = claims_file(*rows)
    entry = shlex.split(_hook()["entry"])
    # pre-commit runs `entry FILE...`; `reconcile` is this checkout's console script, i.e. `python -m reconcile`
    command = [sys.executable, "-m", *entry, path.name]
    env = {k: v for k, v in os.environ.items() if k not in ("RECONCILE_DEBUG", "NO_COLOR")}
    env["PYTHONPATH"] = str(REPO)
    run = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == code, run.stderr
    assert ("valid: 0 errors" if code == 0 else "claims.csv:3: figure 'many'") in run.stdout


def test_ci_true_means_plain_output_even_on_a_terminal(monkeypatch):
    from reconcile.cli.common import table_style
    from reconcile.cli.options import CompareFormat, ValidateFormat

    class Terminal:
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    assert table_style(None, ValidateFormat.text)[0] is True
    monkeypatch.setenv("CI", "true")
    assert table_style(None, ValidateFormat.text) == (False, None)
    assert table_style(None, CompareFormat.table) == (False, None)
    monkeypatch.setenv("CI", "false")
    assert table_style(None, CompareFormat.table)[0] is True


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "claims.csv"],
        ["compare", "claims.csv"],
        ["compare", "claims.csv", "--fail-on", "bogus"],
        ["validate", "claims.csv", "--format", "bogus"],
        ["compare", "--help"],
    ],
)
def test_ci_environment_gets_no_colour_codes(tmp_path, claims_file, args):
    claims_file(GOOD, row(source="SNHR", figure="many"), row(source="SNHR", figure="900"))
    env = {k: v for k, v in os.environ.items() if k not in ("RECONCILE_DEBUG", "NO_COLOR")}
    # what GitHub Actions sets; FORCE_COLOR would make typer's own rich output colour
    env.update(CI="true", GITHUB_ACTIONS="true", FORCE_COLOR="1", TERM="xterm-256color", PYTHONPATH=str(REPO))
    run = subprocess.run(
        [sys.executable, "-m", "reconcile", *args], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=120, stdin=subprocess.DEVNULL,
    )
    assert run.returncode in (0, 1, 2)
    assert "\x1b[" not in run.stdout + run.stderr
