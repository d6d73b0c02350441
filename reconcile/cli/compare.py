"""Commands that compare claims: ``compare`` and ``demo``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from reconcile.cli import app
from reconcile.cli.common import (
    AliasesOption, AsOfOption, Files, FormatOption, OutputFormat, OutputOption, QuietOption, ToleranceOption,
    as_of_date, handles_errors, plural, report_rows, table_style, write_output,
)
from reconcile.errors import UsageError


ExplainOption = Annotated[
    bool, typer.Option("--explain", help="Say why claims were joined into each incident and which were kept apart.")
]
LinksOption = Annotated[
    Optional[Path],
    typer.Option("--links", help="CSV of your decisions: origin_a,origin_b,decision (same|different), "
                 "origins as file:line. Applied before automatic matching."),
]
SlackOption = Annotated[
    int, typer.Option("--date-slack", min=0, metavar="DAYS", help="Days two sources' periods may lie apart and still match.")
]
ExtensionOption = Annotated[
    int,
    typer.Option("--max-extension", min=0, metavar="DAYS",
                 help="Chaining guard: how far an incident may stretch beyond its longest claim."),
]


def run_and_render(files, labels, fmt, output, quiet, as_of, aliases, tolerance, *, explain=False, links=None,
                   slack=1, extension=1) -> None:
    from reconcile.match import MatchOptions, read_links
    from reconcile.pipeline import run_compare
    from reconcile.render import render_comparison

    matching = MatchOptions(
        slack_days=slack, max_extension_days=extension, links=read_links(links) if links else None
    )
    comparison = run_compare(files, labels, aliases, tolerance, as_of_date(as_of), matching, explain)
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
    explain: ExplainOption = False,
    links: LinksOption = None,
    date_slack: SlackOption = 1,
    max_extension: ExtensionOption = 1,
) -> None:
    """Side-by-side discrepancy tables: each source's figure per incident, perpetrator and victims.

    Examples:

      reconcile compare sohr.csv snhr.csv

      reconcile compare claims.csv --format markdown -o table.md

      reconcile compare claims.csv --as-of 2025-03-10 --format json

      reconcile compare sohr.csv snhr.csv --explain --links decisions.csv

    Claims without an incident label are matched into incidents by date,
    place and perpetrator (see --explain).
    """
    run_and_render(
        files, None, format, output, quiet, as_of, aliases, tolerance,
        explain=explain, links=links, slack=date_slack, extension=max_extension,
    )


@app.command()
@handles_errors
def demo(
    format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    quiet: QuietOption = False,
    as_of: AsOfOption = None,
    explain: ExplainOption = False,
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
    run_and_render([path], [f"examples/{example}.csv"], format, output, quiet, as_of, None, 0.1, explain=explain)


