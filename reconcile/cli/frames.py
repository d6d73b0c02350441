"""Commands that write frames: ``normalise`` (the claim frame) and ``actors`` (the mapping)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from reconcile.cli import app
from reconcile.cli.common import (
    AliasesOption, EncodingOption, Files, FormatOption, FrameFormat, IncidentOption, InputFormatOption,
    MappingOption, MaxRowsOption, OutputFormat, OutputOption, QuietOption, RawOption, RejectedOption, SheetOption,
    ToleranceOption, VerboseOption, WhereOption, handles_errors, read_options, report_rows, write_output,
    write_rejected,
)
from reconcile.errors import UsageError


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
    input_format: InputFormatOption = None,
    mapping: MappingOption = None,
    sheet: SheetOption = None,
    where: WhereOption = None,
    incident: IncidentOption = None,
    encoding: EncodingOption = None,
    max_rows: MaxRowsOption = None,
    rejected: RejectedOption = None,
    raw: RawOption = False,
    verbose: VerboseOption = False,
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
    read = read_options(input_format, mapping, sheet, where, incident, encoding, max_rows)
    loaded, blank_lines = load_claims(files, aliases=aliases, tolerance=tolerance, **read)
    write_output(frame_bytes(loaded.claims, fmt, raw=raw), output)
    write_rejected(rejected, loaded.rejected, files, None, read, raw)
    report_rows(loaded.rows, loaded.rejected, blank_lines, "", quiet, notes=loaded.notes, warnings=loaded.warnings,
                verbose=verbose)


@app.command()
@handles_errors
def actors(
    files: Files,
    format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    quiet: QuietOption = False,
    aliases: AliasesOption = None,
    input_format: InputFormatOption = None,
    mapping: MappingOption = None,
    sheet: SheetOption = None,
    where: WhereOption = None,
    incident: IncidentOption = None,
    encoding: EncodingOption = None,
    max_rows: MaxRowsOption = None,
    rejected: RejectedOption = None,
    raw: RawOption = False,
    verbose: VerboseOption = False,
) -> None:
    """How each perpetrator string was mapped to a canonical actor, or left unmapped.

    Examples:

      reconcile actors claims.csv

      reconcile actors claims.csv --aliases my-aliases.csv --format csv
    """
    from reconcile.pipeline import load_claims
    from reconcile.render.actors import actor_mapping, render_actor_mapping

    read = read_options(input_format, mapping, sheet, where, incident, encoding, max_rows)
    loaded, blank_lines = load_claims(files, aliases=aliases, **read)
    mapping = actor_mapping(loaded.claims)
    write_output(render_actor_mapping(mapping, format.value, raw=raw), output)
    write_rejected(rejected, loaded.rejected, files, None, read, raw)
    unmapped = int((mapping["status"] == "unmapped").sum())
    report_rows(loaded.rows, loaded.rejected, blank_lines, f"; {len(mapping)} perpetrator strings, {unmapped} unmapped",
                quiet, notes=loaded.notes, warnings=loaded.warnings, verbose=verbose)


