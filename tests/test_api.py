"""The Python API (reconcile.api): what a script or notebook gets from ``import reconcile``."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest
from conftest import EXAMPLES, REPO

import reconcile

COASTAL = EXAMPLES / "coastal-2025.csv"
MONITORS = EXAMPLES / "syria-monitors.csv"
README = (REPO / "README.md").read_text(encoding="utf-8")


def statuses(comparison) -> list[tuple[str, str, str]]:
    return list(comparison.groups[["perpetrator", "victims", "status"]].itertuples(index=False, name=None))


def test_the_package_names_its_api():
    assert set(reconcile.__all__) >= {"read_claims", "compare", "Comparison", "ReadOptions", "CompareOptions"}
    for name in reconcile.__all__:
        assert getattr(reconcile, name) is getattr(reconcile.api, name)
    assert "compare" in dir(reconcile)


def test_compare_is_the_function_even_after_its_module_is_imported():
    import reconcile.compare  # noqa: F401  (the module of the same name)
    from reconcile.compare import Comparison

    assert callable(reconcile.compare) and reconcile.compare.__module__ == "reconcile.api"
    assert isinstance(reconcile.compare(COASTAL), Comparison)
    assert isinstance(reconcile.compare(COASTAL), Comparison)  # the second call too


def test_importing_the_package_loads_neither_pandas_nor_the_api():
    """`reconcile --help` stays fast: the API is imported on first use."""
    code = "import sys, reconcile, reconcile.cli; print('pandas' in sys.modules, 'reconcile.api' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["False", "False"]


def test_one_path_a_path_object_and_a_list_give_the_same_comparison(here):
    shutil.copy(COASTAL, "coastal.csv")
    by_text = reconcile.compare("coastal.csv")  # one path, not a list of its letters
    assert statuses(by_text) == statuses(reconcile.compare(Path("coastal.csv")))
    assert statuses(by_text) == statuses(reconcile.compare(["coastal.csv"]))
    assert statuses(by_text) == [
        ("Assad loyalists", "security_personnel", "single-source"),
        ("Transitional government forces", "civilians", "disjoint"),
        ("unattributed", "total", "consistent"),
    ]
    assert set(by_text.claims["origin"]) == {f"coastal.csv:{line}" for line in range(2, 7)}


def test_several_files_are_compared_together(claims_file):
    first = claims_file("i,SOHR,700,2025-03-06,2025-03-08,civilians,,Latakia,", name="sohr.csv")
    second = claims_file("i,SNHR,125,2025-03-06,2025-03-08,civilians,,Latakia,", name="snhr.csv")
    comparison = reconcile.compare([first, second])
    assert statuses(comparison) == [("unattributed", "civilians", "disjoint")]
    assert sorted(comparison.claims["origin"]) == [f"{second}:2", f"{first}:2"]


def test_a_dataframe_is_read_as_a_claims_file_with_its_rows_as_origins():
    frame = pd.read_csv(COASTAL)
    from_frame = reconcile.compare(frame)
    assert statuses(from_frame) == statuses(reconcile.compare(COASTAL))
    for origin, figure in from_frame.claims[["origin", "figure"]].itertuples(index=False):
        row = int(re.fullmatch(r"<frame>:(\d+)", origin).group(1))
        assert frame.iloc[row]["figure"] == figure


def test_a_dataframe_s_numbers_dates_and_blanks_read_as_a_person_writes_them():
    import datetime as dt

    frame = pd.DataFrame({
        "source": ["SOHR", "SNHR", "VDC"],
        "figure": [700.0, 125, None],  # floats of whole numbers, and a missing figure
        "date": [pd.Timestamp("2025-03-06"), dt.date(2025, 3, 6), "2025-03-06"],
        "incident": "coast",
    })
    with pytest.warns(reconcile.ReconcileWarning, match=r"1 claim rejected: <frame>:2: figure '': figure is empty"):
        comparison = reconcile.compare(frame)
    claims = comparison.claims.set_index("source")
    assert claims.loc["SOHR", "figure"] == "700" and claims.loc["SNHR", "best"] == 125
    assert claims.loc["SNHR", "date_start"] == pd.Timestamp("2025-03-06")
    assert list(comparison.rejected["origin"]) == ["<frame>:2"]


def test_several_frames_are_told_apart(claims_file):
    one = pd.DataFrame({"source": ["SOHR"], "figure": ["700"], "date": ["2025-03-06"], "incident": ["i"]})
    two = one.assign(source="SNHR", figure="125")
    file = claims_file("i,UN,300,2025-03-06,2025-03-06,total,,,")
    comparison = reconcile.compare([one, file, two])
    assert sorted(comparison.claims["origin"]) == sorted(["<frame 1>:0", "<frame 2>:0", f"{file}:2"])


def test_read_claims_returns_the_normalised_frame_docs_columns_lists():
    claims = reconcile.read_claims(MONITORS)
    assert len(claims) == 46 and list(claims.index) == list(range(46))
    assert claims.loc[0, ["origin", "low", "best"]].tolist()[0] == f"{MONITORS}:2"
    documented = set(re.findall(r"`([a-z_0-9]+)`", (REPO / "docs" / "columns.md").read_text(encoding="utf-8")))
    kept = {"url", "notes", "quote"}  # the input's own columns
    assert set(claims.columns) - kept <= documented
    comparison = reconcile.compare(MONITORS)
    for frame in ("groups", "claims", "incidents", "superseded", "attributions", "inconsistencies"):
        assert set(getattr(comparison, frame).columns) - kept <= documented, frame


def test_a_frame_read_claims_returned_is_compared_as_it_is():
    claims = reconcile.read_claims(MONITORS)
    assert reconcile.compare(claims).to_json() == reconcile.compare(MONITORS).to_json()
    sohr = claims[claims["source"] == "SOHR"]
    compared = reconcile.compare(sohr)
    assert set(compared.claims["source"]) == {"SOHR"}
    assert compared.rows == {"read": len(sohr), "used": len(sohr), "rejected": 0, "claims": len(sohr), "skipped": 0}


@pytest.mark.parametrize("fmt", ["json", "markdown", "html"])
def test_each_rendering_is_what_the_command_prints(cli, fmt):
    comparison = reconcile.compare(MONITORS, reconcile.CompareOptions(as_of="2024-12-31", tolerance=0.2))
    result = cli("compare", MONITORS, "--as-of", "2024-12-31", "--tolerance", "0.2", "--format", fmt, "--quiet")
    assert result.exit_code == 0
    assert getattr(comparison, f"to_{fmt}")() == result.stdout


def test_a_big_comparison_renders_as_the_command_shows_it(cli, claims_file):
    """Above 50 incidents the command's Markdown is triaged; to_markdown() is the same."""
    rows = [f"i{n},{source},{figure},2025-03-06,2025-03-06,civilians,,,"
            for n in range(60) for source, figure in (("SOHR", 100 + n), ("SNHR", 10))]
    path = claims_file(*rows)
    comparison = reconcile.compare(path)
    for fmt in ("markdown", "json"):
        result = cli("compare", path, "--format", fmt, "--quiet")
        assert getattr(comparison, f"to_{fmt}")() == result.stdout


def test_matching_options_are_the_command_s(cli, claims_file):
    path = claims_file(
        ",SOHR,700,2025-03-06,2025-03-06,civilians,,Latakia,",
        ",SNHR,125,2025-03-09,2025-03-09,civilians,,Latakia,",
    )
    apart = reconcile.compare(path)
    assert len(apart.incidents) == 2
    joined = reconcile.compare(path, reconcile.CompareOptions(date_slack=3, max_extension=3))
    assert len(joined.incidents) == 1
    result = cli("compare", path, "--date-slack", "3", "--max-extension", "3", "--format", "json", "--quiet")
    assert joined.to_json() == result.stdout
    linked = reconcile.compare(path, reconcile.CompareOptions(links=[(f"{path}:2", f"{path}:3", "same")]))
    assert len(linked.incidents) == 1


def test_summary_is_the_roll_up():
    from reconcile.rollup import roll_up

    comparison = reconcile.compare(COASTAL)
    pd.testing.assert_frame_equal(comparison.summary(by=["perpetrator"]), roll_up(comparison, ["perpetrator"]))
    pd.testing.assert_frame_equal(comparison.summary(by="source"), roll_up(comparison, ["source"]))
    assert list(comparison.summary().columns[:2]) == ["perpetrator", "victims"]


def test_a_notebook_shows_the_report():
    comparison = reconcile.compare(COASTAL)
    shown = comparison._repr_html_()
    assert shown.startswith('<div class="reconcile-report">') and "<html" not in shown
    assert shown.count('class="chart"') == 2  # the two groups two sources speak about
    assert shown in comparison.to_html()
    assert repr(comparison) == ("<Comparison: 3 groups in 1 incident: 1 disjoint, 1 consistent, 1 single-source; "
                                "rows: 5 read, 5 used, 0 rejected>")


def test_options_are_typed_and_frozen():
    assert reconcile.ReadOptions(sheet=2).sheet == "2"
    options = reconcile.CompareOptions(where="source=SOHR")
    assert options.where == ("source=SOHR",)  # one condition, not one per letter
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.tolerance = 0.5
    assert isinstance(options, reconcile.ReadOptions)
    only_sohr = reconcile.compare(COASTAL, options)
    assert set(only_sohr.claims["source"]) == {"SOHR"}
    read = reconcile.ReadOptions(where=["victims=civilians"])
    assert set(reconcile.compare(COASTAL, read).claims["victims"]) == {"civilians"}


@pytest.mark.parametrize(("call", "kind", "message"), [
    (lambda: reconcile.compare(5), TypeError, "claims: expected a path, a list of paths or a DataFrame, not int"),
    (lambda: reconcile.compare([COASTAL, 3]), TypeError, "claims: expected paths or DataFrames, not int"),
    (lambda: reconcile.compare([]), reconcile.UsageError, "claims: no file or DataFrame given"),
    (lambda: reconcile.compare(COASTAL, {"tolerance": 0.2}), TypeError, "options: expected reconcile.CompareOptions"),
    (lambda: reconcile.read_claims("missing.csv"), reconcile.InputError, "missing.csv: no such file"),
    (lambda: reconcile.CompareOptions(tolerance=2), reconcile.UsageError, "tolerance must be between 0 and 1, not 2"),
    (lambda: reconcile.CompareOptions(tolerance="0.1"), TypeError, "tolerance: expected a number"),
    (lambda: reconcile.CompareOptions(date_slack=-1), reconcile.UsageError, "date_slack must be at least 0"),
    (lambda: reconcile.compare(COASTAL, reconcile.CompareOptions(as_of="soon")), reconcile.UsageError,
     "as_of: cannot read date 'soon' (use YYYY-MM-DD)"),
    (lambda: reconcile.read_claims(COASTAL, reconcile.ReadOptions(where="nonsense")), reconcile.UsageError,
     "where 'nonsense': write COLUMN=VALUE"),
    (lambda: reconcile.read_claims(COASTAL, reconcile.ReadOptions(input_format="nope")), reconcile.UsageError,
     "input_format: no format 'nope'"),
    (lambda: reconcile.read_claims(COASTAL, reconcile.ReadOptions(max_rows=2)), reconcile.UsageError,
     "the input has more than max_rows 2 rows (5 read so far); raise max_rows if that is expected"),
    (lambda: reconcile.read_claims(COASTAL, reconcile.ReadOptions(encoding="klingon")), reconcile.UsageError,
     "encoding: unknown encoding 'klingon'"),
    (lambda: reconcile.read_claims(COASTAL, reconcile.ReadOptions(sheet="Deaths")), reconcile.UsageError,
     "sheet is for spreadsheets"),
    (lambda: reconcile.read_claims(COASTAL, reconcile.ReadOptions(input_format="mapping")), reconcile.UsageError,
     "input_format mapping needs mapping FILE.toml"),
    (lambda: reconcile.read_claims(pd.DataFrame({"killed": [3]})), reconcile.InputError,
     "<frame>: matches no known format"),
    (lambda: reconcile.compare(COASTAL).summary(by="weather"), reconcile.UsageError, "by: unknown key 'weather'"),
    (lambda: reconcile.compare(reconcile.read_claims(COASTAL), reconcile.CompareOptions(where="source=SOHR")),
     reconcile.UsageError, "where: read options do not apply to a frame read_claims returned"),
])
def test_errors_speak_of_arguments_not_flags(call, kind, message):
    with pytest.raises(kind) as raised:
        call()
    assert message in str(raised.value)
    assert not re.search(r"(?<![\w-])--[a-z]", str(raised.value)), str(raised.value)


def test_an_error_in_a_file_names_its_line(write):
    path = write("bad.csv", "source,figure,date,figure\nSOHR,1,2025-01-01,2\n")
    with pytest.raises(reconcile.InputError) as raised:
        reconcile.read_claims(path)
    assert (raised.value.path, raised.value.line) == (str(path), 1)


def test_what_the_command_says_on_stderr_is_a_warning(claims_file):
    path = claims_file("i,SOHR,many,2025-03-06,2025-03-06,civilians,,,", "i,SNHR,125,2025-03-06,2025-03-06,civilians,,,")
    with warnings.catch_warnings(record=True) as told:
        warnings.simplefilter("always")
        claims = reconcile.read_claims(path)
    assert len(claims) == 1
    assert [str(w.message) for w in told] == [f"1 claim rejected: {path}:2: figure 'many': cannot read a number in 'many'"]
    assert told[0].category is reconcile.ReconcileWarning and told[0].filename == __file__


def test_the_readme_python_example_prints_what_it_shows(tmp_path, monkeypatch):
    shown = re.search(r"<!-- python-use:start -->\n```python\n(.*?)```\n\nprints:\n\n```text\n(.*?)```\n"
                      r"<!-- python-use:end -->", README, re.S)
    assert shown, "README lost its Python example"
    shutil.copytree(REPO / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), pd.option_context("display.width", 80, "display.max_columns", 20):
        exec(compile(shown.group(1), "README.md", "exec"), {"__name__": "readme"})
    assert printed.getvalue() == shown.group(2)
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_blank_required_cell_in_an_edited_frame_is_an_error_not_a_lost_claim():
    """A read_claims frame edited to NaN lost its claim silently (perpetrator) or raised a numpy
    error (source); now it is named; a blank optional cell reads as "" as read_claims writes it."""
    import numpy as np

    claims = reconcile.read_claims(MONITORS)
    for column in ("perpetrator", "source"):
        edited = claims.copy()
        edited.loc[0, column] = np.nan
        with pytest.raises(reconcile.UsageError, match=f"column '{column}' is blank at row 0"):
            reconcile.compare(edited)
    edited = claims.copy()
    edited.loc[0, "place"] = np.nan
    assert len(reconcile.compare(edited).groups) == len(reconcile.compare(claims).groups)
