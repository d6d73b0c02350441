"""``compare --fail-on`` and ``--baseline``: every condition, the baseline diff, the CI formats, exit codes."""

from __future__ import annotations

import glob
import json
import re
import shlex
import xml.etree.ElementTree as ET

import pytest

from conftest import HEADER, REPO
from reconcile.gates import parse_gate

DATES = "2025-03-06,2025-03-08"
ROWS = [
    f"i1,SOHR,more than 700,{DATES},civilians,government forces,Latakia,",  # 2  disjoint 5.6x
    f"i1,SNHR,approximately 125,{DATES},civilians,government security forces,Latakia,",  # 3
    f'i1,SOHR,"over 1,000",{DATES},total,,Latakia,',  # 4  overlapping 1.5x
    f'i1,SNHR,"1,500",{DATES},total,,Latakia,',  # 5
    f"i1,news report,16,{DATES},security personnel,Assad loyalists,Latakia,",  # 6  single-source
    f"i2,SOHR,100,{DATES},civilians,ISIS,Raqqa,",  # 7  consistent 1.1x
    f"i2,SNHR,105,{DATES},civilians,ISIS,Raqqa,",  # 8
]
CIVILIANS = "i1 · Transitional government forces · civilians"
TOTAL = "i1 · unattributed · total"
LOYALISTS = "i1 · Assad loyalists · security personnel"
ISIS = "i2 · ISIS · civilians"


@pytest.fixture
def here(here, claims_file):
    """conftest's ``here``, holding claims.csv with ROWS."""
    claims_file(*ROWS)
    return here


def triggered(result) -> list[str]:
    """The groups named in the stderr gate summary."""
    lines = result.stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if "triggered the gate" in line)
    return [line.strip().split(": ")[0] for line in lines[start + 1:]]


# Parsing -------------------------------------------------------------------------------------


def test_parse_gate_repeated_and_comma_separated():
    gate = parse_gate(["disjoint,ratio>=3", "single-source", "Ratio >= 2.5"])
    assert [c.name for c in gate.conditions] == ["disjoint", "ratio>=3", "single-source", "ratio>=2.5"]
    assert gate.new_only is False
    assert parse_gate([]) is None


def test_new_alone_means_any_new_or_worse_discrepancy():
    gate = parse_gate(["new"])
    assert gate.new_only and gate.names == ["new"]
    assert [c.name for c in gate.conditions] == ["disjoint", "overlapping"]


@pytest.mark.parametrize("bad", ["bogus", "ratio>3", "ratio>=", "ratio>=x", "consistent"])
def test_parse_gate_refuses_unknown_conditions(bad):
    with pytest.raises(ValueError, match="unknown condition"):
        parse_gate([bad])


# Each condition --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("conditions", "groups"),
    [
        (["disjoint"], [CIVILIANS]),
        (["overlapping"], [CIVILIANS, TOTAL]),  # overlapping or worse
        (["single-source"], [LOYALISTS]),
        (["ratio>=1.5"], [CIVILIANS, TOTAL]),
        (["ratio>=2"], [CIVILIANS]),
        (["ratio>=1.01"], [CIVILIANS, TOTAL, ISIS]),
        (["disjoint", "single-source"], [LOYALISTS, CIVILIANS]),
        (["disjoint,single-source"], [LOYALISTS, CIVILIANS]),
    ],
)
def test_each_condition_triggers_exit_1_naming_the_groups(here, cli, conditions, groups):
    args = [a for c in conditions for a in ("--fail-on", c)]
    result = cli("compare", "claims.csv", *args)
    assert result.exit_code == 1, result.stderr
    assert result.stdout  # the table is still printed
    assert f"--fail-on {', '.join(c.strip() for cs in conditions for c in cs.split(','))}" in result.stderr
    assert triggered(result) == groups


@pytest.mark.parametrize("condition", ["disjoint", "overlapping", "single-source", "ratio>=2"])
def test_conditions_not_met_exit_0(here, cli, claims_file, condition):
    claims_file(*ROWS[5:])  # only the consistent group
    result = cli("compare", "claims.csv", "--fail-on", condition)
    assert result.exit_code == 0, result.stderr
    assert "triggered" not in result.stderr


def test_quiet_keeps_only_the_gate_headline(here, cli):
    result = cli("compare", "claims.csv", "--fail-on", "disjoint", "--quiet")
    assert result.exit_code == 1
    assert result.stderr == "reconcile: --fail-on disjoint: 1 group triggered the gate\n"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--fail-on", "bogus"], ["unknown condition 'bogus'"]),
        (["--fail-on", "new"], ["--fail-on new needs --baseline"]),
        (["--baseline", "missing.json"], ["missing.json", "no such file"]),
        (["--baseline", "broken.json"], ["broken.json:1", "not JSON"]),
        (["--baseline", "other.json"], ["other.json", "no \"groups\" list"]),
    ],
)
def test_gate_and_baseline_usage_errors_exit_2(here, cli, write, args, words):
    write("broken.json", "{nope")
    write("other.json", '{"valid": true}')
    result = cli("compare", "claims.csv", *args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    for word in words:
        assert word in result.stderr


# Baseline --------------------------------------------------------------------------------------

# the next commit: SNHR revises civilians (still disjoint), SOHR's total gets a figure equal to SNHR's
# (overlapping -> consistent), the news report goes (resolved), a new disjoint children group appears.
CHANGED = [
    ROWS[0],
    ROWS[1].replace("approximately 125", "approximately 150"),
    ROWS[2].replace('"over 1,000"', '"1,500"'),
    ROWS[3],
    *ROWS[5:],
    f"i1,SOHR,90,{DATES},children,government forces,Latakia,",
    f"i1,SNHR,20,{DATES},children,government forces,Latakia,",
]


@pytest.fixture
def baseline(here, cli, claims_file):
    """old.json from ROWS, then claims.csv rewritten as CHANGED."""
    assert cli("compare", "claims.csv", "--format", "json", "-o", "old.json").exit_code == 0
    claims_file(*CHANGED)
    return here / "old.json"


def test_baseline_json_marks_new_changed_unchanged_and_lists_resolved(baseline, cli):
    doc = json.loads(cli("compare", "claims.csv", "--baseline", "old.json", "--format", "json").stdout)
    changes = {(g["perpetrator"], g["victims"]): (g["change"], g["previous_status"], g["figure_changes"])
               for g in doc["groups"]}
    assert changes == {
        ("Transitional government forces", "civilians"): (
            "changed", "disjoint", "SNHR approximately 125 → approximately 150"
        ),
        ("Transitional government forces", "children"): ("new", None, None),
        ("unattributed", "total"): ("changed", "overlapping", "SOHR over 1,000 → 1,500"),
        ("ISIS", "civilians"): ("unchanged", "consistent", None),
    }
    assert doc["baseline"] == {
        "file": "old.json", "new": 1, "changed": 2, "unchanged": 1, "resolved": 1,
        "resolved_groups": [
            {"incident": "i1", "perpetrator": "Assad loyalists", "victims": "security_personnel",
             "status": "single-source", "spread": 1.0}
        ],
    }
    assert "gate" not in doc


def test_baseline_table_lists_new_changed_and_resolved(baseline, cli):
    result = cli("compare", "claims.csv", "--baseline", "old.json")
    assert result.exit_code == 0
    tail = result.stdout[result.stdout.index("Against the baseline"):].splitlines()
    assert tail == [
        "Against the baseline old.json: 1 new, 2 changed, 1 unchanged, 1 resolved",
        "  new       i1 · Transitional government forces · children: disjoint 4.5×",
        "  changed   i1 · Transitional government forces · civilians: disjoint 4.7×;"
        " SNHR approximately 125 → approximately 150",
        "  changed   i1 · unattributed · total: overlapping 1.5× → consistent 1.0×; SOHR over 1,000 → 1,500",
        "  resolved  i1 · Assad loyalists · security personnel: was single-source",
    ]
    assert "against the baseline: 1 new, 2 changed, 1 resolved" in result.stderr


def test_unchanged_data_against_its_own_baseline(here, cli):
    assert cli("compare", "claims.csv", "--format", "json", "-o", "old.json").exit_code == 0
    result = cli("compare", "claims.csv", "--baseline", "old.json", "--fail-on", "new", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert {g["change"] for g in doc["groups"]} == {"unchanged"}
    assert doc["gate"] == {"fail_on": ["new"], "failed": False, "triggered": []}


def test_fail_on_new_fails_only_on_what_the_commit_introduced(baseline, cli):
    result = cli("compare", "claims.csv", "--baseline", "old.json", "--fail-on", "new")
    assert result.exit_code == 1
    # the civilians group was disjoint before too; total got better; only children is new
    assert triggered(result) == ["i1 · Transitional government forces · children"]
    assert "[new disjoint, new overlapping]" in result.stderr


def test_fail_on_new_with_a_condition_is_newly_meeting_it(baseline, cli):
    result = cli("compare", "claims.csv", "--baseline", "old.json", "--fail-on", "new", "--fail-on", "ratio>=4")
    assert result.exit_code == 1
    # civilians: 5.6 before, 4.7 now: above 4 both times, so not new
    assert triggered(result) == ["i1 · Transitional government forces · children"]
    assert "[new ratio>=4]" in result.stderr
    plain = cli("compare", "claims.csv", "--fail-on", "ratio>=4")
    assert triggered(plain) == ["i1 · Transitional government forces · civilians",
                                "i1 · Transitional government forces · children"]


def test_a_worse_status_is_new(here, cli, claims_file):
    assert cli("compare", "claims.csv", "--format", "json", "-o", "old.json").exit_code == 0
    claims_file(*ROWS[:3], ROWS[3].replace('"1,500"', '500'), *ROWS[4:])  # total: overlapping -> disjoint
    result = cli("compare", "claims.csv", "--baseline", "old.json", "--fail-on", "new")
    assert result.exit_code == 1
    assert triggered(result) == [TOTAL]
    assert "[new disjoint]" in result.stderr


def test_gate_in_json(baseline, cli):
    result = cli("compare", "claims.csv", "--fail-on", "disjoint", "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["gate"]["fail_on"] == ["disjoint"] and doc["gate"]["failed"] is True
    assert [(g["victims"], g["triggered"]) for g in doc["gate"]["triggered"]] == [
        ("civilians", ["disjoint"]), ("children", ["disjoint"])
    ]
    assert {g["victims"]: g["triggered"] for g in doc["groups"]}["total"] == []


# CI formats for compare --------------------------------------------------------------------------


def test_compare_github_format_exact_lines(here, cli):
    result = cli("compare", "claims.csv", "--fail-on", "disjoint", "--fail-on", "single-source", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=claims.csv,line=6::single-source: i1 · Assad loyalists · security personnel:"
        " news report 16 (claims.csv:6) [--fail-on single-source]",
        "::error file=claims.csv,line=3::disjoint 5.6× (SNHR vs SOHR): i1 · Transitional government forces ·"
        " civilians: SNHR approximately 125 (claims.csv:3); SOHR more than 700 (claims.csv:2) [--fail-on disjoint]",
    ]


def test_compare_github_format_without_a_triggered_gate_is_one_notice(here, cli):
    result = cli("compare", "claims.csv", "--format", "github")
    assert result.exit_code == 0
    assert result.stdout == "::notice::reconcile compare: 4 groups, 1 disjoint, 1 overlapping; no --fail-on gate\n"
    result = cli("compare", "claims.csv", "--format", "github", "--fail-on", "ratio>=10")
    assert result.stdout.endswith("; no group triggered --fail-on ratio>=10\n")


def test_compare_junit_has_a_case_per_group(here, cli):
    result = cli("compare", "claims.csv", "--fail-on", "overlapping", "--format", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    cases = list(root.iter("testcase"))
    assert len(cases) == 4 and root.get("tests") == "4" and root.get("failures") == "2"
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert failed == {"Transitional government forces · civilians", "unattributed · total"}


@pytest.mark.parametrize("fmt", ["github", "junit"])
def test_ci_formats_are_byte_identical_across_runs(here, cli, fmt):
    runs = [cli("compare", "claims.csv", "--format", fmt, "--fail-on", "overlapping") for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_older_formats_unchanged_by_a_gate(here, cli, fmt):
    plain = cli("compare", "claims.csv", "--format", fmt)
    gated = cli("compare", "claims.csv", "--format", fmt, "--fail-on", "disjoint")
    assert (plain.exit_code, gated.exit_code) == (0, 1)
    assert plain.stdout == gated.stdout


# Exit codes of every command ----------------------------------------------------------------------

EXIT_CODES = [
    (["compare", "claims.csv"], 0),
    (["compare", "claims.csv", "--fail-on", "disjoint"], 1),
    (["compare", "nope.csv"], 2),
    (["demo"], 0),
    (["demo", "--example", "nope"], 2),
    (["normalise", "claims.csv"], 0),
    (["normalise", "claims.csv", "-o", "x.txt"], 2),
    (["actors", "claims.csv"], 0),
    (["actors", "nope.csv"], 2),
    (["sources", "claims.csv"], 0),
    (["sources", "nope.csv"], 2),
    (["validate", "claims.csv"], 0),
    (["validate", "bad.csv"], 1),
    (["validate", "nope.csv"], 2),
    (["bogus-command"], 2),
]


@pytest.mark.parametrize(("args", "code"), EXIT_CODES, ids=[" ".join(a) for a, _ in EXIT_CODES])
def test_exit_codes_of_every_command(here, cli, write, args, code):
    write("bad.csv", HEADER + f"i1,SOHR,many,{DATES},civilians,,,\n")
    result = cli(*args)
    assert result.exit_code == code, (result.stdout, result.stderr)
    if code == 2:
        assert "Traceback" not in result.stderr


def test_demo_and_normalise_and_actors_have_no_exit_1():
    """Exit 1 means a check failed; only validate and compare --fail-on check anything."""
    from reconcile.cli import app

    commands = {c.callback.__name__ for c in app.registered_commands}
    assert commands == {"compare", "demo", "normalise", "actors", "sources", "validate", "formats"}


# The GitHub Actions example ------------------------------------------------------------------------

WORKFLOW = REPO / "examples" / "github-workflow.yml"


def _workflow_commands() -> list[str]:
    """The ``reconcile ...`` lines of the workflow's ``run:`` scripts, continuation lines joined."""
    text = WORKFLOW.read_text(encoding="utf-8").replace("\\\n", " ")
    found = [re.match(r"\s*(?:run:\s*)?(reconcile .*)", line) for line in text.splitlines()]
    return [re.sub(r"\s+", " ", m.group(1).strip()) for m in found if m]


def test_workflow_example_is_not_run_by_this_repository():
    assert not (REPO / ".github" / "workflows" / WORKFLOW.name).exists()
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "--format github" in text and "--fail-on" in text and "--baseline" in text


def _run_workflow(cli, root, claims: list[str]) -> list[int]:
    """Run the workflow's reconcile commands in ``root`` (base branch in base/, as the workflow checks it out)."""
    (root / "claims").mkdir(exist_ok=True)
    (root / "claims" / "coastal.csv").write_text(HEADER + "".join(r + "\n" for r in claims), encoding="utf-8")
    codes = []
    for command in _workflow_commands():
        args = []
        for word in shlex.split(command)[1:]:
            args += sorted(glob.glob(word)) if "*" in word else [word]
        codes.append(cli(*args).exit_code)
    return codes


def test_workflow_commands_pass_on_unchanged_valid_claims(here, cli):
    (here / "base" / "claims").mkdir(parents=True)
    (here / "base" / "claims" / "coastal.csv").write_text(HEADER + "".join(r + "\n" for r in ROWS), encoding="utf-8")
    assert len(_workflow_commands()) == 3
    assert _run_workflow(cli, here, ROWS) == [0, 0, 0]


def test_workflow_commands_fail_on_invalid_claims_and_new_disjoint_groups(here, cli):
    (here / "base" / "claims").mkdir(parents=True)
    (here / "base" / "claims" / "coastal.csv").write_text(HEADER + "".join(r + "\n" for r in ROWS), encoding="utf-8")
    assert _run_workflow(cli, here, [*ROWS, f"i1,UN,many,{DATES},total,,,"]) == [1, 0, 0]
    assert _run_workflow(cli, here, CHANGED) == [0, 0, 1]


def test_fail_on_attribution_exits_1_on_a_conflict_inside_an_incident(here, cli, write):
    write("c.csv", "source,figure,date,place,perpetrator,victims\n"
                   "SOHR,20,2025-03-07,Latakia,ISIS,civilians\nSNHR,22,2025-03-07,Latakia,SDF,civilians\n")
    result = cli("compare", "c.csv", "--fail-on", "attribution")
    assert result.exit_code == 1, result.stdout
    write("d.csv", "source,figure,date,place,perpetrator,victims\n"
                   "SOHR,20,2025-03-07,Latakia,ISIS,civilians\nSNHR,22,2025-03-07,Latakia,ISIS,civilians\n")
    assert cli("compare", "d.csv", "--fail-on", "attribution").exit_code == 0


def test_github_format_annotates_each_rejected_row_as_a_warning(here, cli, write):
    write("g.csv", "source,figure,date\nA,many,2025-03-06\nB,12,2025-03-06\n")
    result = cli("compare", "g.csv", "--format", "github")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "::warning file=g.csv,line=2::row not compared: figure 'many': cannot read a number in 'many'"
    assert lines[-1].startswith("::notice::reconcile compare: 1 groups")


def test_the_ahli_hospital_example_shows_a_published_attribution_conflict(cli):
    """Two sources blame one event's deaths on different actors (data/examples/SOURCES.md):
    unlabelled, the claims still meet, and the gate, the table and the JSON all say so."""
    from conftest import EXAMPLES

    path = EXAMPLES / "ahli-hospital-2023.csv"
    gated = cli("compare", path, "--fail-on", "attribution", "-q")
    assert gated.exit_code == 1
    document = json.loads(cli("compare", path, "--format", "json", "-q").stdout)
    blamed = {(a["incident"], a["victims"], a["source"], a["perpetrator"]) for a in document["attribution_conflicts"]}
    assert blamed == {
        ("2023-10-17 Gaza City", "total", "Gaza Ministry of Health", "Israel"),
        ("2023-10-17 Gaza City", "total", "US intelligence", "Palestinian Islamic Jihad")}
    table = cli("compare", path, "-q").stdout
    assert "Attribution conflict over total: Gaza Ministry of Health blames Israel; US" in table
