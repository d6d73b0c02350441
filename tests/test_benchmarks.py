"""The benchmark tools: the synthetic claims generator, a smoke run of the benchmark, start-up imports.

No timings are asserted here: the benchmark's numbers are for ``benchmarks/run.py`` to report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.generate import BAD_SHARE, FAMILIES, generate, main, write_csv
from reconcile.figures import parse_figures
from reconcile.pipeline import load_claims

REPO = Path(__file__).resolve().parents[1]


def checkout_env() -> dict[str, str]:
    """A child's environment that imports this checkout's package, whatever is installed."""
    env = {k: v for k, v in os.environ.items() if k != "RECONCILE_DEBUG"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return env


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return generate(20_000, seed=11)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, claims):
    path = tmp_path_factory.mktemp("bench") / "claims.csv"
    write_csv(claims, path)
    return load_claims([path])[0]


def test_same_seed_same_claims_other_seed_other_claims():
    first, again, other = generate(3_000, seed=5), generate(3_000, seed=5), generate(3_000, seed=6)
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(other)


@pytest.mark.parametrize("n", [1, 7, 100, 2_345])
def test_exactly_the_requested_rows(n):
    assert len(generate(n, seed=1)) == n


def test_without_labels_there_is_no_incident_column():
    assert "incident" not in generate(500, seed=1, labelled=False).columns
    assert "incident" in generate(500, seed=1).columns


def test_about_one_percent_of_rows_are_rejected_and_every_row_is_accounted_for(claims, loaded):
    rows = loaded.rows
    assert rows["read"] == len(claims)
    assert rows["read"] == rows["used"] + rows["rejected"]
    assert 0.5 * BAD_SHARE <= rows["rejected"] / rows["read"] <= 2 * BAD_SHARE
    reasons = " ".join(loaded.rejected["reason"])
    assert "figure" in reasons and "impossible or unreadable date" in reasons and "is before date_start" in reasons


def test_every_qualifier_family_arabic_digits_and_qualifiers(claims):
    figures = claims["figure"].astype(str)
    parsed = parse_figures(figures)
    assert set(FAMILIES) <= set(parsed["qualifier"])
    assert figures.str.contains("[٠-٩]").any()
    assert figures.str.contains("[۰-۹]").any()
    assert figures.str.startswith("أكثر من").any() and figures.str.startswith("نحو").any()
    # heavily repeated, as real figure columns are
    assert figures.nunique() < len(figures) / 5


def test_government_forces_on_both_sides_of_2024_12_08(loaded):
    said = loaded.claims.loc[loaded.claims["perpetrator_raw"] == "government forces"]
    # a role word names a state's forces only where the claim has a country (its place)
    placeless = said["place_units"] == ""
    assert placeless.any() and (said.loc[placeless, "actor_status"] == "unmapped").all()
    said = said.loc[~placeless]
    before = said.loc[said["date_end"] < "2024-12-08", "perpetrator"]
    after = said.loc[said["date_start"] >= "2024-12-08", "perpetrator"]
    assert set(before) == {"Assad government forces"}
    assert set(after) == {"Transitional government forces"}


def test_sources_places_victims_and_revisions(claims, loaded):
    assert {"SOHR", "SNHR", "VDC", "ACLED", "UCDP", "Airwars"} <= set(claims["source"])
    places = set(claims["place"])
    assert {"Latakia", "Lattakia", "اللاذقية", "Idleb", "Rural Damascus", "Deir-ez-Zor", "Sweida"} <= places
    assert {"civilians", "children", "combatants", "security_personnel", "total"} <= set(loaded.claims["victims"])
    # revisions: the same source more than once in a group
    repeated = loaded.claims.duplicated(["incident", "perpetrator", "victims", "source"])
    assert repeated.any()


def test_incidents_have_several_sources(claims):
    sources = claims.groupby("incident", observed=True)["source"].nunique()
    assert sources.mean() > 2


def test_command_line_writes_the_file(tmp_path):
    out = tmp_path / "c.csv"
    assert main(["250", "-o", str(out), "--seed", "3", "--no-labels"]) == 0
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(written) == 250 and "incident" not in written.columns
    pd.testing.assert_frame_equal(written, generate(250, seed=3, labelled=False).astype(str))


def test_benchmark_quick_smoke_run_writes_results(tmp_path):
    done = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--quick", "--repeat", "1", "--no-install", "--results", str(tmp_path)],
        cwd=REPO, env=checkout_env(), capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads((tmp_path / "latest.json").read_text())
    assert [(row["n"], row["labelled"]) for row in report["sizes"]] == [(10_000, True), (10_000, False)]
    for row in report["sizes"]:
        assert set(row["stages"]) == {"read", "normalise", "match", "compare", "render"}
        assert row["rows"]["read"] == row["rows"]["used"] + row["rows"]["rejected"] == 10_000
    assert report["targets"] and (tmp_path / "latest.md").read_text().startswith("Run ")
    assert "| claims |" in done.stdout


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_start_up_imports_neither_pandas_nor_pyarrow(option):
    code = (
        "import sys\n"
        "from reconcile.cli import app\n"
        "try:\n"
        f"    app([{option!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('loaded:', *(m for m in ('pandas', 'pyarrow', 'numpy') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=checkout_env(), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = next(line for line in done.stdout.splitlines() if line.startswith("loaded:")).split()[1:]
    assert "pandas" not in loaded and "pyarrow" not in loaded


def test_engine_comparison_smoke_run_times_every_pandas_step(tmp_path):
    done = subprocess.run(
        [sys.executable, "benchmarks/engines.py", "--claims", "3000", "--repeat", "1", "--no-install"],
        cwd=REPO, env=checkout_env(), capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {line.split(" | ")[0].strip("| "): line.strip("|").split(" | ")[1:]
            for line in done.stdout.splitlines() if line.startswith("| ") and "---" not in line}
    assert list(rows) == ["step", "group", "take", "sort", "duplicated", "per-key count", "from pandas",
                          "to pandas", "import"]
    assert [cell.strip() for cell in rows["step"]] == ["pandas", "pyarrow", "polars", "duckdb"]
    for step in ("group", "take", "sort", "duplicated", "per-key count"):
        pandas, pyarrow = rows[step][0].strip(), rows[step][1].strip()
        assert pandas.endswith(" s") and float(pandas[:-2]) >= 0  # measured (a small step may round to 0)
        assert (pyarrow == "—") == (step in ("duplicated", "per-key count"))
    # an engine not installed (--no-install on a clean checkout) is named, not left out silently
    for engine, column in (("polars", 2), ("duckdb", 3)):
        assert rows["group"][column].strip() != "—" or f"{engine}: " in done.stdout
