"""The ``reconcile`` command line: parse options, call the pipeline, render.

No pandas at import time: ``reconcile --help`` stays fast, so every
computation is imported inside the command that needs it.
"""

from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from reconcile import __version__
from reconcile.errors import ReconcileError, UsageError

app = typer.Typer(
    name="reconcile",
    help=(
        "Line up conflicting casualty claims from conflict monitors and show where they disagree.\n\n"
        "Example: reconcile compare sohr.csv snhr.csv"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
_state = {"debug": os.environ.get("RECONCILE_DEBUG", "") not in ("", "0")}


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
OutputOption = Annotated[
    Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No summary or warnings on stderr.")]
AsOfOption = Annotated[
    Optional[str],
    typer.Option("--as-of", help="Ignore claims published after this date (YYYY-MM-DD).", metavar="DATE"),
]
AliasesOption = Annotated[
    Optional[Path],
    typer.Option("--aliases", help="Your actor alias table (alias,actor,valid_from,valid_to), merged over ours."),
]
ToleranceOption = Annotated[
    float,
    typer.Option(
        "--tolerance", min=0.0, max=1.0,
        help="Best figures within this share of the larger count as consistent; also the "
        "± share of 'approximately N'.",
    ),
]

MAX_WARNINGS = 10


def handles_errors(command):
    """Turn a ReconcileError into one line on stderr and its exit code (traceback with --debug)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except ReconcileError as exc:
            if _state["debug"]:
                raise
            typer.echo(f"reconcile: error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except Exception as exc:  # a bug of ours: still one line unless --debug
            if _state["debug"]:
                raise
            typer.echo(
                f"reconcile: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
                err=True,
            )
            raise typer.Exit(2) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reconcile {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks instead of one-line errors.")] = False,
) -> None:
    """Line up conflicting casualty claims from conflict monitors and show where they disagree."""
    if debug:
        _state["debug"] = True


def _as_of(text: str | None):
    if text is None:
        return None
    from reconcile.dates import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def _write(text: str | bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        if isinstance(text, bytes):
            output.write_bytes(text)
        else:
            output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None


def _color_for_stdout(output: Path | None, fmt: OutputFormat) -> tuple[bool, int | None]:
    """Colour and width for the table: a real terminal, no NO_COLOR, not CI."""
    if output is not None or fmt is not OutputFormat.table:
        return False, None
    import shutil

    tty = sys.stdout.isatty()
    color = tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    width = shutil.get_terminal_size((80, 24)).columns if tty else None
    return color, width


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _report(rows: dict, rejected, blank_lines: int, extra: str, quiet: bool) -> None:
    """The stderr summary: every row accounted for, and the first rejected rows."""
    if quiet:
        return
    for origin, reason in rejected[["origin", "reason"]].head(MAX_WARNINGS).itertuples(index=False):
        typer.echo(f"reconcile: rejected {origin}: {reason}", err=True)
    if len(rejected) > MAX_WARNINGS:
        typer.echo(
            f"reconcile: ... and {len(rejected) - MAX_WARNINGS} more rejected rows (all of them in --format json)",
            err=True,
        )
    blank = f", {blank_lines} blank lines skipped" if blank_lines else ""
    typer.echo(
        f"rows: {rows['read']} read, {rows['used']} used, {rows['rejected']} rejected{blank}{extra}", err=True
    )
    if rows["read"] == 0:
        typer.echo("reconcile: the input has a header but no rows: nothing to compare", err=True)


def _compare(files, labels, fmt, output, quiet, as_of, aliases, tolerance) -> None:
    from reconcile.pipeline import run_compare
    from reconcile.render import render_comparison

    comparison = run_compare(files, labels, aliases, tolerance, _as_of(as_of))
    color, width = _color_for_stdout(output, fmt)
    _write(render_comparison(comparison, fmt.value, width=width, color=color), output)
    statuses = comparison.groups["status"].value_counts()
    _report(
        comparison.rows,
        comparison.rejected,
        comparison.blank_lines,
        f"; {_count(len(comparison.groups), 'group')} in {_count(len(comparison.incidents), 'incident')}, "
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
) -> None:
    """Side-by-side discrepancy tables: each source's figure per incident, perpetrator and victims.

    Examples:

      reconcile compare sohr.csv snhr.csv

      reconcile compare claims.csv --format markdown -o table.md

      reconcile compare claims.csv --as-of 2025-03-10 --format json
    """
    _compare(files, None, format, output, quiet, as_of, aliases, tolerance)


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
    _compare([path], [f"examples/{example}.csv"], format, output, quiet, as_of, None, 0.1)


@app.command()
@handles_errors
def normalise(
    files: Files,
    output: OutputOption = None,
    format: Annotated[
        Optional[FrameFormat],
        typer.Option("--format", "-f", help="csv, json or parquet; default: from the -o suffix, else csv."),
    ] = None,
    quiet: QuietOption = False,
    aliases: AliasesOption = None,
    tolerance: ToleranceOption = 0.1,
) -> None:
    """Write the normalised claim frame: one row per claim, figures as low/best/high.

    Examples:

      reconcile normalise claims.csv -o claims.parquet

      reconcile normalise sohr.csv snhr.csv --format json
    """
    from reconcile.pipeline import load_claims
    from reconcile.render.frame import frame_bytes

    fmt = format.value if format else (output.suffix.lstrip(".").lower() if output else "csv")
    if fmt not in {f.value for f in FrameFormat}:
        raise UsageError(f"cannot tell the format of {output}: use a .csv, .json or .parquet name, or --format")
    if fmt == "parquet" and output is None:
        raise UsageError("parquet is binary: give a file with -o")
    loaded, blank_lines = load_claims(files, aliases=aliases, tolerance=tolerance)
    _write(frame_bytes(loaded.claims, fmt), output)
    _report(loaded.rows, loaded.rejected, blank_lines, "", quiet)


@app.command()
@handles_errors
def actors(
    files: Files,
    format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    quiet: QuietOption = False,
    aliases: AliasesOption = None,
) -> None:
    """How each perpetrator string was mapped to a canonical actor, or left unmapped.

    Examples:

      reconcile actors claims.csv

      reconcile actors claims.csv --aliases my-aliases.csv --format csv
    """
    from reconcile.pipeline import load_claims
    from reconcile.render.actors import actor_mapping, render_actor_mapping

    loaded, blank_lines = load_claims(files, aliases=aliases)
    mapping = actor_mapping(loaded.claims)
    _write(render_actor_mapping(mapping, format.value), output)
    unmapped = int((mapping["status"] == "unmapped").sum())
    _report(loaded.rows, loaded.rejected, blank_lines, f"; {len(mapping)} perpetrator strings, {unmapped} unmapped", quiet)


def main() -> None:
    """Console entry point."""
    app()
