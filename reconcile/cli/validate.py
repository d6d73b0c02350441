"""``validate``: check claims files without comparing them, for CI and pre-commit."""

from __future__ import annotations

from typing import Annotated

import typer

from reconcile.cli import app
from reconcile.cli.common import (
    echo_err,
    handles_errors,
    refuse_overwriting_inputs,
    standard_input,
    table_style,
    write_output,
    write_rejected,
)
from reconcile.cli.options import (
    AliasesOption,
    CatalogueOption,
    EncodingOption,
    ExactActorsOption,
    Files,
    InputFormatOption,
    MappingOption,
    MaxRowsOption,
    OutputOption,
    QuietOption,
    RawOption,
    RejectedOption,
    SheetOption,
    SourceAliasesOption,
    ValidateFormat,
    VerboseOption,
    read_options,
)
from reconcile.cli.usage import Command
from reconcile.errors import InputError

MaxFigureOption = Annotated[
    float,
    typer.Option("--max-figure", min=0, help="Figures above this are errors (absurd-figure).", metavar="N"),
]


@app.command(cls=Command)
@handles_errors
def validate(
    files: Files,
    format: Annotated[
        ValidateFormat,
        typer.Option(
            "--format", "-f",
            help="text (grouped by rule), json (every problem), github (workflow-command annotations) "
            "or junit (XML test report).",
        ),
    ] = ValidateFormat.text,
    output: OutputOption = None,
    quiet: QuietOption = False,
    aliases: AliasesOption = None,
    catalogue: CatalogueOption = None,
    source_aliases: SourceAliasesOption = None,
    exact_actors: ExactActorsOption = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Warnings are errors: unmapped perpetrators, out-of-order intervals, "
                     "points read as thousands marks."),
    ] = False,
    max_figure: MaxFigureOption = 10_000_000,
    max_examples: Annotated[
        int,
        typer.Option("--max-examples", min=0, help="text: at most this many examples per rule.", metavar="N"),
    ] = 5,
    input_format: InputFormatOption = None,
    mapping: MappingOption = None,
    sheet: SheetOption = None,
    encoding: EncodingOption = None,
    max_rows: MaxRowsOption = None,
    rejected: RejectedOption = None,
    raw: RawOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Check claims files: every problem with its file, line, column, value and rule.

    Rules: missing-value, unparseable-figure, negative-figure, absurd-figure,
    ambiguous-mark, interval-order and unmapped-perpetrator (warnings unless
    --strict),
    bad-date, date-order, unknown-victims, duplicate-claim,
    part-exceeds-total. A row rejected for one problem is still checked for
    its other cells' problems: each is reported. A missing required
    column makes the file unusable (exit 2).

    Exit 0 when valid (warnings allowed), 1 when any row has an error, 2 when
    a file cannot be read or the options are wrong.

    Examples:

      reconcile validate claims.csv

      reconcile validate data/*.csv --format github

      reconcile validate claims.csv --strict --max-figure 100000 --format json

      reconcile validate sheet.csv --mapping sheet.toml
    """
    from reconcile.pipeline import load_claims
    from reconcile.render.validate import verdict
    from reconcile.validate import problems, summary

    refuse_overwriting_inputs(files, output, rejected)
    labels = [str(path) for path in files]
    read = read_options(input_format=input_format, mapping=mapping, sheet=sheet, encoding=encoding,
                        max_rows=max_rows)
    try:
        files, stdin_labels = standard_input(files)
        loaded, _ = load_claims(files, stdin_labels, aliases=aliases, catalogue=catalogue,
                                infer_actors=not exact_actors, source_aliases=source_aliases, **read)
    except InputError as exc:
        if format is ValidateFormat.github:
            from reconcile.render.github import command

            # the annotation for the pull request; the one-line error still goes to stderr
            write_output(command("error", exc.message, exc.path, exc.line) + "\n", output)
        raise
    found = problems(loaded, max_figure=max_figure, strict=strict, files=labels)
    result = summary(found, loaded.rows)
    write_output(_render(format, found, result, labels, max_examples, table_style(output, format)[0]), output)
    write_rejected(rejected, loaded.rejected, files, labels, read, raw)
    if verbose:
        for note in loaded.notes:
            echo_err(f"reconcile: read {note}")
    if not quiet:
        for warning in loaded.warnings:
            echo_err(f"reconcile: warning: {warning}")
    # The text report ends with this verdict; other formats (and -o) get it on stderr.
    if not quiet and (format is not ValidateFormat.text or output is not None):
        typer.echo(f"reconcile: {verdict(result)}", err=True)
    if not result["valid"]:
        raise typer.Exit(1)


def _render(fmt: ValidateFormat, found, result: dict, files: list[str], max_examples: int,
            color: bool) -> str:
    if fmt is ValidateFormat.json:
        from reconcile.render.validate import validation_json

        return validation_json(found, result, files)
    if fmt is ValidateFormat.github:
        from reconcile.render.github import validation_github

        return validation_github(found)
    if fmt is ValidateFormat.junit:
        from reconcile.render.junit import validation_junit

        return validation_junit(found, files)
    from reconcile.render.validate import validation_text

    return validation_text(found, result, max_examples=max_examples, color=color)
