"""``compare --by``, coverage and triage (issue #15), as a user sees them: the table, JSON, CSV and
Markdown of the bundled examples and of the real datasets in ../shared/realdata (skipped without it).

Sums are checked against the files' own columns, read here with the csv module.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from functools import cache

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, REALDATA, REPO, one_line_error
from reconcile.cli import app

MONITORS = str(EXAMPLES / "syria-monitors.csv")
COASTAL = str(EXAMPLES / "coastal-2025.csv")
UCDP = "ucdp_ged_syria/ged191_syria.csv"
ACLED = "acled_samples/acled_syria_2020-05.csv"
AIRWARS = "airwars_syria/incidents.csv"
SEVERITY = {"disjoint": 3, "overlapping": 2, "consistent": 1, "single-source": 0}


@cache
def run(*args: str):
    """``reconcile ARGS`` (real files named relative to ../shared/realdata); each run once per session."""
    named = [str(REALDATA / a) if a in (UCDP, ACLED, AIRWARS) else a for a in args]
    result = CliRunner().invoke(app, named, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result


def real(*names: str) -> tuple[str, ...]:
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is not present")
    return names


def ucdp_rows() -> list[dict]:
    with open(REALDATA / UCDP, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def row_of(rows: list[dict], **keys) -> dict:
    found = [r for r in rows if all(r[k] == v for k, v in keys.items())]
    assert len(found) == 1, [{k: r[k] for k in keys} for r in rows]
    return found[0]


def statuses_listed(table: str) -> list[str]:
    """The status of each group row of the tables (one column per source), in the order printed."""
    return re.findall(r"\b(disjoint|overlapping|consistent|single-source)\s*$", table.split("Status:")[0], re.M)


def markdown_blocks(markdown: str) -> list[list[tuple[str, str]]]:
    """(status, spread) of each group row, per incident table of the Markdown, in the order printed."""
    blocks: list[list[tuple[str, str]]] = []
    in_groups = False
    for line in markdown.splitlines():
        if line.startswith("### "):
            in_groups = not line.startswith(("### Coverage", "### Roll-up"))
            if in_groups:
                blocks.append([])
        elif in_groups and line.startswith("| ") and not line.startswith("| Perpetrator |"):
            spread, status = line.rsplit("|", 3)[-3:-1]
            blocks[-1].append((status.split()[0].rstrip(","), spread.strip()))
    return blocks


def markdown_statuses(markdown: str) -> list[str]:
    return [status for block in markdown_blocks(markdown) for status, _ in block]


def assert_disagreements_first(markdown: str) -> None:
    """Incidents by their worst group (disjoint by spread, largest first, then overlapping, then the
    rest); an incident's groups together, its worst first."""
    blocks = markdown_blocks(markdown)
    worst = [(SEVERITY[b[0][0]], b[0][1]) for b in blocks]
    assert [w for w, _ in worst] == sorted((w for w, _ in worst), reverse=True)
    spreads = [float("inf") if s == "∞" else float(s.rstrip("×")) for w, s in worst if w == SEVERITY["disjoint"]]
    assert spreads == sorted(spreads, reverse=True)
    for block in blocks:
        assert [SEVERITY[s] for s, _ in block] == sorted((SEVERITY[s] for s, _ in block), reverse=True)


# Small comparisons: unchanged unless asked -------------------------------------------------------------


@pytest.mark.parametrize("example", [MONITORS, COASTAL])
@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_small_comparisons_print_every_group_as_before(example, fmt):
    plain = run("compare", example, "--format", fmt).stdout
    assert plain == run("compare", example, "--format", fmt, "--all").stdout
    assert "Roll-up" not in plain and "Coverage" not in plain and "not shown" not in plain


def test_roll_up_by_perpetrator_sets_the_sources_side_by_side():
    out = run("compare", MONITORS, "--by", "perpetrator").stdout
    assert out.startswith("Coverage\n")
    assert "SNHR and SOHR: 2 incidents in common (SNHR alone 2, SOHR alone 0)" in out
    assert "Roll-up by perpetrator and victims" in out
    # the table's groups still follow the roll-up
    assert out.count("Syria cumulative since 2011-03") >= 2 and "Tolerance 10%" in out
    disagreements = out.split("Largest disagreements")[1]
    assert "Russian forces · civilians: SNHR 6,969, SOHR 8,808 (disjoint 1.3×)" in " ".join(disagreements.split())


def test_roll_up_in_json_adds_a_section_and_keeps_every_group():
    plain = json.loads(run("compare", MONITORS, "--format", "json").stdout)
    rolled = json.loads(run("compare", MONITORS, "--format", "json", "--by", "perpetrator", "--by", "year").stdout)
    assert "rollup" not in plain
    assert rolled["groups"] == plain["groups"] and rolled["coverage"] == plain["coverage"]
    assert rolled["rollup"]["by"] == ["perpetrator", "year", "victims"]
    row = row_of(rolled["rollup"]["rows"], perpetrator="Russian forces", year="2011–2025", victims="civilians")
    assert {s["source"]: s["best"] for s in row["sources"]} == {"SNHR": 6969.0, "SOHR": 8808.0}
    assert (row["incidents"], row["shared_incidents"], row["compared_groups"], row["disjoint"]) == (1, 1, 1, 1)
    assert row["worst_spread"] == pytest.approx(8808 / 6969)
    worst = row["largest_disagreements"][0]
    assert (worst["status"], worst["difference"]) == ("disjoint", 1839.0)
    assert [(c["source"], c["figure"]) for c in worst["claims"]] == [("SNHR", "6,969"), ("SOHR", "8,808")]


def test_a_toll_and_its_own_breakdown_are_not_added_together():
    """SNHR gives 231,278 civilians and, in the same report, its per-perpetrator figures: by year
    its civilians are the toll plus the separate torture count, not the toll plus its parts."""
    doc = json.loads(run("compare", MONITORS, "--format", "json", "--by", "year").stdout)
    row = row_of(doc["rollup"]["rows"], year="2011–2025", victims="civilians")
    sources = {s["source"]: s for s in row["sources"]}
    assert sources["SNHR"]["best"] == 231278 + 15074
    assert sources["SNHR"]["incidents"] == 2
    # SOHR gives no civilian toll: its parts add up, as compare's "all perpetrators" row adds them
    assert sources["SOHR"]["best"] == 24104 + 78273


def test_json_streamed_with_a_roll_up_is_the_document_json_dumps_writes():
    from reconcile.pipeline import run_compare
    from reconcile.render.json import comparison_document, comparison_json

    comparison = run_compare([EXAMPLES / "syria-monitors.csv"])
    for by in (("perpetrator",), ("source", "month"), ("country", "incident")):
        document = comparison_document(comparison, by=by)
        assert comparison_json(comparison, by=by) == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        assert list(document)[-2:] == ["coverage", "rollup"]


def test_csv_with_by_is_the_roll_up_one_row_per_key_value():
    text = run("compare", MONITORS, "--format", "csv", "--by", "source").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:4] == ["source", "victims", "incidents", "shared_incidents"]
    assert "SNHR: best" in rows[0] and "largest_disagreements" in rows[0]
    snhr = row_of(rows, source="SNHR", victims="civilians")  # its toll, torture deaths and barrel bombs
    assert float(snhr["SNHR: best"]) == 231278 + 15074 + 11087 and snhr["SNHR: incidents"] == "3"
    doc = json.loads(run("compare", MONITORS, "--format", "json", "--by", "source").stdout)
    assert len(rows) == len(doc["rollup"]["rows"])
    assert [(r["source"], r["victims"]) for r in rows] == [(r["source"], r["victims"]) for r in doc["rollup"]["rows"]]


def test_markdown_roll_up_is_a_pipe_table():
    out = run("compare", MONITORS, "--format", "markdown", "--by", "victims").stdout
    assert out.startswith("### Coverage\n\n- ")
    assert "### Roll-up by victims\n\n| Victims | Incidents | Shared | Airwars | OHCHR | SNHR | SOHR | UCDP |" in out
    assert "| civilians |" in out and "**306,887**<br>1 incident" in out


@pytest.mark.parametrize(("args", "words"), [
    (["--by", "perpetrator,colour"], ["--by", "unknown key 'colour'", "perpetrator, victims, source"]),
    (["--by", ","], ["--by", "no key given"]),
    (["--show", "dsjoint"], ["--show", "unknown status 'dsjoint'", "disjoint, overlapping"]),
    (["--show", "disjoint", "--all"], ["--all and --show cannot be combined"]),
])
def test_bad_by_and_show_values_are_one_line_errors(cli, args, words):
    message = one_line_error(cli("compare", MONITORS, *args))
    for word in words:
        assert word in message


def test_help_shows_the_options_with_examples(cli):
    out = cli("compare", "--help").stdout
    for text in ("--by", "--show", "--all", "--by perpetrator,year", "disjoint,overlapping"):
        assert text in out


def test_show_lists_only_those_statuses_disagreements_first_and_counts_the_rest():
    out = run("compare", MONITORS, "--show", "disjoint,overlapping", "--format", "markdown").stdout
    listed = markdown_statuses(out)
    assert set(listed) == {"disjoint", "overlapping"}
    assert_disagreements_first(out)
    doc = json.loads(run("compare", MONITORS, "--format", "json").stdout)
    counts = Counter(g["status"] for g in doc["groups"])
    assert len(listed) == counts["disjoint"] + counts["overlapping"]
    line = (f"{counts['consistent']} consistent and {counts['single-source']} single-source groups not shown; "
            "--all shows every group")
    assert out.splitlines()[-1] == line
    table = run("compare", MONITORS, "--show", "disjoint,overlapping").stdout
    assert "Roll-up" not in table and table.splitlines()[-1] == line


def test_above_50_incidents_the_table_is_triaged_and_all_shows_every_group(tmp_path):
    """Synthetic monitors' claims (benchmarks/generate.py): 65 incidents, most groups compared."""
    from benchmarks.generate import generate, write_csv

    path = tmp_path / "claims.csv"
    write_csv(generate(300, seed=3), path)
    doc = json.loads(run("compare", str(path), "--format", "json").stdout)
    assert len(doc["incidents"]) > 50
    counts = Counter(g["status"] for g in doc["groups"])
    triaged = run("compare", str(path)).stdout
    assert triaged.startswith("Coverage\n") and "Roll-up by perpetrator and victims" in triaged
    assert triaged.splitlines()[-1] == f"{counts['single-source']} single-source groups not shown; --all shows every group"
    markdown = run("compare", str(path), "--format", "markdown").stdout
    listed = markdown_statuses(markdown)
    assert Counter(listed) == {s: n for s, n in counts.items() if s != "single-source"}
    assert_disagreements_first(markdown)
    disjoint = max(g["spread"] for g in doc["groups"] if g["status"] == "disjoint")
    assert markdown_blocks(markdown)[0][0] == ("disjoint", f"{disjoint:.1f}×")  # the widest disjoint spread first
    assert markdown.splitlines()[-1] == triaged.splitlines()[-1]
    every = run("compare", str(path), "--all", "--format", "markdown").stdout
    assert "Roll-up" not in every and "not shown" not in every
    assert Counter(markdown_statuses(every)) == counts
    with_by = run("compare", str(path), "--all", "--by", "source", "--format", "markdown").stdout
    assert "### Roll-up by source and victims" in with_by and Counter(markdown_statuses(with_by)) == counts


# Real data: big comparisons are triaged -------------------------------------------------------------


def test_ucdp_by_year_adds_up_to_the_files_own_best_column():
    args = real(UCDP)
    doc = json.loads(run("compare", *args, "--format", "json", "--by", "year").stdout)
    rows = doc["rollup"]["rows"]
    by_year, civilians = Counter(), Counter()
    for event in ucdp_rows():
        by_year[event["year"]] += float(event["best"])
        civilians[event["year"]] += float(event["deaths_civilians"] or 0)
    assert [r["year"] for r in rows if r["victims"] == "total"] == ["2016", "2017", "2018", "2019"]
    for year, best in by_year.items():
        assert row_of(rows, year=year, victims="total")["sources"][0]["best"] == best
        assert row_of(rows, year=year, victims="civilians")["sources"][0]["best"] == civilians[year]
    assert sum(by_year.values()) == 112337
    assert all(r["shared_incidents"] == 0 and r["compared_groups"] == 0 for r in rows)
    assert len(doc["groups"]) == len(json.loads(run("compare", *args, "--format", "json").stdout)["groups"])


def test_ucdp_and_acled_do_not_overlap_and_the_table_says_so():
    args = real(UCDP, ACLED)
    out = run("compare", *args).stdout
    flat = " ".join(out.split())
    assert flat.startswith("Coverage ACLED and UCDP: 0 incidents in common (ACLED alone ")
    assert "their dates do not overlap: ACLED 2020-04-27..2020-05-09, UCDP 2016-01-01..2019-12-01" in flat
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    quoted = re.search(r"`(ACLED and UCDP: 0 incidents in common .*?)`", readme)
    assert quoted and quoted.group(1) in flat, "README quotes another coverage line"
    assert "Roll-up by perpetrator and victims" in out
    assert "No group has claims from two or more sources." in out
    doc = json.loads(run("compare", *args, "--format", "json").stdout)
    assert [(c["source_a"], c["source_b"], c["both"], c["dates_overlap"]) for c in doc["coverage"]] == [
        ("ACLED", "UCDP", 0, False)]
    assert out.splitlines()[-1] == f"{len(doc['groups']):,} single-source groups not shown; --all shows every group"
    assert len(out.splitlines()) < 200


def test_a_big_comparison_lists_its_multi_source_groups_disagreements_first():
    args = real(UCDP, AIRWARS)
    out = run("compare", *args).stdout
    doc = json.loads(run("compare", *args, "--format", "json").stdout)
    counts = Counter(g["status"] for g in doc["groups"])
    before_groups = out.split("Largest disagreements")[0]
    assert "Coverage" in before_groups and "Roll-up by perpetrator and victims" in before_groups
    listed = statuses_listed(out.split("Largest disagreements")[-1])
    assert Counter(listed) == Counter({s: n for s, n in counts.items() if s != "single-source"})
    assert out.splitlines()[-1] == (f"{counts['single-source']:,} single-source groups not shown; "
                                    "--all shows every group")
    markdown = run("compare", *args, "--format", "markdown").stdout
    assert markdown.startswith("### Coverage\n") and markdown.splitlines()[-1] == out.splitlines()[-1]
    assert Counter(markdown_statuses(markdown)) == Counter(listed)
    assert_disagreements_first(markdown)
    shown = run("compare", *args, "--show", "overlapping").stdout
    assert "Roll-up by perpetrator and victims" in shown
    assert set(statuses_listed(shown.split("Largest disagreements")[-1])) <= {"overlapping"}
    assert "single-source groups not shown" in shown.splitlines()[-1]


def test_readme_roll_up_run_shows_what_compare_prints(monkeypatch):
    real(UCDP)
    monkeypatch.setenv("NO_COLOR", "1")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n\$ (reconcile compare \.\./shared/realdata/\S+ --by .*?)\n(.*?)```", readme, re.S)
    assert shown, "README lost its roll-up run"
    monkeypatch.chdir(REPO)  # the README runs it from the checkout, beside ../shared
    result = CliRunner().invoke(app, shown.group(1).split()[1:], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == shown.group(2)


def test_a_row_without_a_sources_toll_still_adds_its_parts(tmp_path):
    """SNHR gives 1,000 civilians by government forces and a toll of 1,200; SOHR only 900 by
    government forces. SOHR's row holds SNHR's part but not its toll: the part is SNHR's figure
    there (it once showed SNHR with no incident and no figure)."""
    path = tmp_path / "src.csv"
    path.write_text("incident,source,figure,date_start,victims,perpetrator,place\n"
                    "i,SNHR,1000,2025-03-06,civilians,government forces,Latakia\n"
                    "i,SNHR,1200,2025-03-06,civilians,,Latakia\n"
                    "i,SOHR,900,2025-03-06,civilians,government forces,Latakia\n", encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run("compare", str(path), "--by", "source", "--format", "csv").stdout)))
    by_source = {row["source"]: row for row in rows}
    assert (by_source["SOHR"]["SNHR: incidents"], by_source["SOHR"]["SNHR: best"]) == ("1", "1000")
    assert (by_source["SNHR"]["SNHR: incidents"], by_source["SNHR"]["SNHR: best"]) == ("1", "1200")
