"""Commands that compare claims: ``compare`` and ``demo``."""

from __future__ import annotations

from typing import Annotated

import typer

from reconcile.cli import app
from reconcile.cli.common import (
    AliasesOption, AsOfOption, Files, FormatOption, InputFormatOption, MappingOption, OutputFormat, OutputOption,
    IncidentOption, QuietOption, SheetOption, ToleranceOption, WhereOption, as_of_date, handles_errors, plural,
    read_options, report_rows, table_style, write_output,
)
from reconcile.errors import UsageError


def run_and_render(files, labels, fmt, output, quiet, as_of, aliases, tolerance, read: dict | None = None) -> None:
    from reconcile.pipeline import run_compare
    from reconcile.render import render_comparison

    comparison = run_compare(files, labels, aliases, tolerance, as_of_date(as_of), **(read or {}))
    color, width = table_style(output, fmt)
    write_output(render_comparison(comparison, fmt.value, width=width, color=color), output)
    statuses = comparison.groups["status"].value_counts()
    report_rows(
        comparison.rows,
        comparison.rejected,
        comparison.blank_lines,
        f"; {plural(len(comparison.groups), 'group')} in {plural(len(comparison.incidents), 'incident')}, "
        f"{statuses.get('disjoint', 0)} disjoint, {statuses.get('overlapping', 0)} overlapping",
        quiet,
    )


@app.command()
@handles_errors
def compare(
    files: Files,
    format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    quiet: QuietOption = False,
    as_of: AsOfOption = None,
    aliases: AliasesOption = None,
    tolerance: ToleranceOption = 0.1,
    input_format: InputFormatOption = None,
    mapping: MappingOption = None,
    sheet: SheetOption = None,
    where: WhereOption = None,
    incident: IncidentOption = None,
) -> None:
    """Side-by-side discrepancy tables: each source's figure per incident, perpetrator and victims.

    Examples:

      reconcile compare sohr.csv snhr.csv

      reconcile compare claims.csv --format markdown -o table.md

      reconcile compare claims.csv --as-of 2025-03-10 --format json

      reconcile compare ged191_syria.csv acled_export.csv.gz newsroom.xlsx --sheet Deaths
    """
    run_and_render(files, None, format, output, quiet, as_of, aliases, tolerance,
                   read_options(input_format, mapping, sheet, where, incident))


@app.command()
@handles_errors
def demo(
    format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    quiet: QuietOption = False,
    as_of: AsOfOption = None,
    example: Annotated[
        str, typer.Option("--example", help="Which bundled example: coastal-2025 or syria-monitors.")
    ] = "coastal-2025",
) -> None:
    """Compare the bundled example (SOHR vs SNHR on the March 2025 coastal violence).

    Examples:

      reconcile demo

      reconcile demo --example syria-monitors --format markdown
    """
    from reconcile.resources import data_file

    path = data_file("examples", f"{example}.csv")
    if not path.is_file():
        raise UsageError(f"no bundled example '{example}' (try coastal-2025 or syria-monitors)")
    run_and_render([path], [f"examples/{example}.csv"], format, output, quiet, as_of, None, 0.1)


