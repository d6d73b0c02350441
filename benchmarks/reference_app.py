"""The start-up floor: a typer app with reconcile's commands and options that does nothing.

``benchmarks/run.py`` times ``reference_app.py --help`` / ``--version`` beside
``reconcile --help`` / ``--version``: the difference is what reconcile's own
imports cost at start-up. Keep the commands and options in step with
``reconcile/cli/`` so that the two help screens are the same amount of work.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    name="reconcile",
    help="Line up conflicting casualty claims from conflict monitors and show where they disagree.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class FrameFormat(str, Enum):
    csv = "csv"
    json = "json"
    parquet = "parquet"


Files = Annotated[list[Path], typer.Argument(help="Claims CSV files.", show_default=False, metavar="FILE...")]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOption = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No summary or warnings on stderr.")]
AsOfOption = Annotated[Optional[str], typer.Option("--as-of", help="Ignore claims published after this date.")]
AliasesOption = Annotated[Optional[Path], typer.Option("--aliases", help="Your actor alias table.")]
ToleranceOption = Annotated[float, typer.Option("--tolerance", min=0.0, max=1.0, help="Tolerance.")]


def _version(value: bool) -> None:
    if value:
        typer.echo("reconcile 0.0.0")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Version.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Line up conflicting casualty claims from conflict monitors and show where they disagree."""


@app.command()
def compare(
    files: Files,
    format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    quiet: QuietOption = False,
    as_of: AsOfOption = None,
    aliases: AliasesOption = None,
    tolerance: ToleranceOption = 0.1,
) -> None:
    """Side-by-side discrepancy tables."""


@app.command()
def demo(
    format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    quiet: QuietOption = False,
    as_of: AsOfOption = None,
    example: Annotated[str, typer.Option("--example", help="Which bundled example.")] = "coastal-2025",
) -> None:
    """Compare the bundled example."""


@app.command()
def normalise(
    files: Files,
    output: OutputOption = None,
    format: Annotated[Optional[FrameFormat], typer.Option("--format", "-f", help="csv, json or parquet.")] = None,
    quiet: QuietOption = False,
    aliases: AliasesOption = None,
    tolerance: ToleranceOption = 0.1,
) -> None:
    """Write the normalised claim frame."""


@app.command()
def actors(
    files: Files,
    format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    quiet: QuietOption = False,
    aliases: AliasesOption = None,
) -> None:
    """How each perpetrator string was mapped."""


if __name__ == "__main__":
    app()
