"""The terminal tables at any width (issue #15): no line wider than the terminal, no word split
where a space was there to break at, the Status column never cut; 80 columns when piped.

"What a word is" comes from the same table at 400 columns, where nothing wraps: at any narrower
width every word printed must be one of those (a word longer than the whole width is the one
thing that may still be folded).
"""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from conftest import REPO
from reconcile.pipeline import load_claims, run_compare
from reconcile.render.table import comparison_table
from reconcile.triage import plan

WIDTHS = [40, 55, 60, 65, 70, 75, 80, 100, 120]
COASTAL = "data/examples/coastal-2025.csv"
MONITORS = "data/examples/syria-monitors.csv"
_comparisons: dict = {}


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    """Origins as a user in the repository sees them: ``data/examples/coastal-2025.csv:3``."""
    monkeypatch.chdir(REPO)


def comparison(path: str):
    if path not in _comparisons:
        _comparisons[path] = run_compare([path])
    return _comparisons[path]


def words(text: str) -> set[str]:
    """The words printed, without the table's rules (box-drawing characters) and without the
    punctuation a layout puts around them (``children:``, ``(280–362),``)."""
    found = (word.strip("()[],;:") for word in text.split())
    return {word for word in found if word and not all("\u2500" <= c <= "\u257f" for c in word)}


def assert_reads_at(text: str, width: int, wide: str) -> None:
    """Every line fits ``width``; every word is one the unwrapped ``wide`` text has."""
    too_long = [line for line in text.splitlines() if cell_len(line) > width]
    assert not too_long, f"wider than {width}: {too_long}"
    split = {word for word in words(text) - words(wide) if cell_len(word) <= width}
    assert not split, f"words split at {width} columns: {sorted(split)}\n{text}"


def tables(text: str) -> str:
    """The tables without the legend (which names every status whatever the tables say)."""
    return text.split("\nStatus:\n")[0]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", [COASTAL, MONITORS])
def test_compare_table_reads_at_every_width(path, width):
    found = comparison(path)
    text = comparison_table(found, width=width)
    assert_reads_at(text, width, comparison_table(found, width=400))
    shown = words(tables(text))
    for status in set(found.groups["status"]):
        assert status in shown, (status, width)


@pytest.mark.parametrize("width", [55, 60, 65, 70, 75])
def test_status_column_is_never_cut(width):
    """Where the side-by-side table fits, the Status column holds its longest word whole."""
    text = comparison_table(comparison(COASTAL), width=width)
    for status in ("single-source", "disjoint", "consistent"):
        assert re.search(rf"(^|\s){status}(\s|$)", tables(text), re.M), (status, text)
    for cut in ("Stat\n", "sing", "disj\n", "cons\n"):
        assert cut not in re.sub(r"single-source|disjoint|consistent|Status", "", text)


def test_narrow_terminals_shrink_the_other_columns_first():
    """At 70 columns the sources' columns wrap, Status and the perpetrators keep their words."""
    text = comparison_table(comparison(COASTAL), width=70)
    header = next(line for line in text.splitlines() if "Status" in line)
    assert header.rstrip().endswith("Status")
    rows = [line for line in tables(text).splitlines() if "single-source" in line]
    assert rows and all(line.rstrip().endswith("single-source") for line in rows)
    assert "Transitional" in words(text) and "approximately" in words(text)


@pytest.mark.parametrize("width", WIDTHS)
def test_roll_up_reads_at_every_width(width):
    found = comparison(MONITORS)
    view = plan(found, ("victims",), None, False)
    text = comparison_table(found, width=width, view=view)
    assert_reads_at(text, width, comparison_table(found, width=400, view=view))
    assert "Roll-up by victims" in text


def test_piped_compare_is_80_columns(cli):
    result = cli("compare", COASTAL)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip("\n") == comparison_table(comparison(COASTAL), width=80).strip("\n")
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80


# frame tables: formats, actors, sources ----------------------------------------------------------


def _formats_text(width: int | None) -> str:
    from reconcile.cli.formats import TITLE, formats_frame
    from reconcile.render.frame import frame_text

    return frame_text(formats_frame(), "table", title=TITLE, width=width)


def _claims():
    if "claims" not in _comparisons:
        _comparisons["claims"] = load_claims([MONITORS])[0].claims
    return _comparisons["claims"]


def _actors_text(width: int | None) -> str:
    from reconcile.render.actors import actor_mapping, render_actor_mapping

    return render_actor_mapping(actor_mapping(_claims()), "table", width=width)


def _sources_text(width: int | None) -> str:
    from reconcile.render.sources import render_source_mapping, source_mapping

    return render_source_mapping(source_mapping(_claims()), "table", width=width)


FRAMES = {"formats": _formats_text, "actors": _actors_text, "sources": _sources_text}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(FRAMES))
def test_frame_tables_read_at_every_width(name, width):
    render = FRAMES[name]
    assert_reads_at(render(width), width, render(400))


@pytest.mark.parametrize(("args", "name"), [
    (["formats"], "formats"),
    (["actors", MONITORS], "actors"),
    (["sources", MONITORS], "sources"),
])
def test_piped_frame_tables_are_80_columns_and_split_no_word(cli, args, name):
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert all(line == line.rstrip() for line in lines)  # no padding to the width
    assert_reads_at(result.stdout, 80, FRAMES[name](400))


def test_actors_as_written_and_status_are_whole_at_80_columns(cli):
    out = cli("actors", MONITORS).stdout
    for phrase in ("Russian/regime", "distinguished)", "unmapped", "inferred", "mapped",
                   "2011-03-15..2025-03-31", "(actors/aliases.csv:189)"):
        assert phrase in out.split(), phrase
    assert "Russian/regim\n" not in out


def test_a_word_wider_than_the_terminal_is_folded_not_lost():
    import pandas as pd

    from reconcile.render.frame import frame_text

    long = "x" * 50
    text = frame_text(pd.DataFrame({"name": ["a"], "path": [long]}), "table", width=40)
    assert max(cell_len(line) for line in text.splitlines()) <= 40
    assert long in "".join(text.split())
