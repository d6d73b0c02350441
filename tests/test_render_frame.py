"""reconcile/render/frame.py: plain frames (``normalise``'s claims, ``actors``' mapping) as Markdown,
CSV and JSON text: pipe tables with escaped cells, dates as days, open bounds as ``inf``/``null``.

The terminal tables at every width are in test_render_table.py, formula defusing in test_render_safe.py.
"""

from __future__ import annotations

import csv
import io
import json

from conftest import EXAMPLES


def test_actors_markdown_is_a_pipe_table_a_row_per_perpetrator_string(cli):
    result = cli("actors", EXAMPLES / "coastal-2025.csv", "--format", "markdown", "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:4] == [
        "| as_written | actor | status | claims | sources | dates | how |",
        "|---|---|---|---|---|---|---|",
        "| government forces | Transitional government forces | inferred | 1 | SOHR | 2025-03-06..2025-03-08"
        " | role word, SY |",
        "| government security forces | Transitional government forces | inferred | 1 | SNHR"
        " | 2025-03-06..2025-03-08 | role word, SY |",
    ]


def test_a_pipe_in_a_cell_does_not_open_a_markdown_column(here, cli, write):
    write("p.csv", "source,figure,date,perpetrator\nSOHR,12,2025-03-07,Martians | Co\n")
    lines = cli("actors", "p.csv", "--format", "markdown", "-q").stdout.splitlines()
    assert lines[2] == "| Martians \\| Co | Martians \\| Co | unmapped | 1 | SOHR | 2025-03-07 |  |"


def test_normalised_csv_writes_days_not_timestamps_and_an_open_bound_as_inf(here, cli):
    for name in ("ahli-hospital-2023", "coastal-2025"):
        (here / f"{name}.csv").write_bytes((EXAMPLES / f"{name}.csv").read_bytes())
    text = cli("normalise", "ahli-hospital-2023.csv", "coastal-2025.csv", "-q").stdout
    rows = {r["origin"]: r for r in csv.DictReader(io.StringIO(text))}
    revised = rows["ahli-hospital-2023.csv:3"]
    assert (revised["date_start"], revised["date_end"], revised["published"]) == (
        "2023-10-17", "2023-10-17", "2023-10-18")
    assert rows["coastal-2025.csv:2"]["published"] == ""
    assert [rows["coastal-2025.csv:3"][c] for c in ("low", "best", "high")] == ["112.5", "125", "137.5"]
    assert [rows["coastal-2025.csv:2"][c] for c in ("low", "best", "high")] == ["700", "700", "inf"]


def test_normalised_json_has_days_numbers_and_null_for_an_open_bound(here, cli):
    (here / "coastal-2025.csv").write_bytes((EXAMPLES / "coastal-2025.csv").read_bytes())
    records = json.loads(cli("normalise", "coastal-2025.csv", "--format", "json", "-q").stdout)
    sohr = next(r for r in records if r["origin"] == "coastal-2025.csv:2")
    assert (sohr["date_start"], sohr["date_end"]) == ("2025-03-06", "2025-03-08")
    assert (sohr["low"], sohr["best"], sohr["high"]) == (700, 700, None)
