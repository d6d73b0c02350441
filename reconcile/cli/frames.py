"""Commands that write frames: ``normalise`` (the claim frame), ``actors`` and ``sources`` (the mappings)."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from reconcile.cli import app
from reconcile.cli.common import (
    handles_errors,
    refuse_overwriting_inputs,
    report_rows,
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
    FormatOption,
    FrameFormat,
    IncidentOption,
    InputFormatOption,
    MappingOption,
    MaxRowsOption,
    OutputFormat,
    OutputOption,
    QuietOption,
    RawOption,
    RejectedOption,
    SheetOption,
    SourceAliasesOption,
    ToleranceOption,
    VerboseOption,
    WhereOption,
    read_options,
)
from reconcile.cli.usage import Command
from reconcile.errors import UsageError


@app.command(cls=Command)
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
    catalogue: CatalogueOption = None,
    exact_actors: ExactActorsOption = False,
    source_aliases: SourceAliasesOption = None,
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

    refuse_overwriting_inputs(files, output, rejected)
    fmt = format.value if format else (output.suffix.lstrip(".").lower() if output else "csv")
    if fmt not in {f.value for f in FrameFormat}:
        raise UsageError(f"cannot tell the format of {output}: "
                         "use a .csv, .json or .parquet name, or --format")
    if fmt == "parquet" and output is None:
        raise UsageError("parquet is binary: give a file with -o")
    read = read_options(input_format, mapping, sheet, where, incident, encoding, max_rows)
    files, labels = standard_input(files)
    loaded, blank_lines = load_claims(files, labels, aliases=aliases, tolerance=tolerance,
                                      catalogue=catalogue, infer_actors=not exact_actors,
                                      source_aliases=source_aliases, **read)
    write_output(frame_bytes(loaded.claims, fmt, raw=raw), output)
    write_rejected(rejected, loaded.rejected, files, None, read, raw)
    report_rows(loaded.rows, loaded.rejected, blank_lines, "", quiet, notes=loaded.notes,
                warnings=loaded.warnings, verbose=verbose)


@app.command(cls=Command)
@handles_errors
def actors(
    files: Files,
    format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    quiet: QuietOption = False,
    aliases: AliasesOption = None,
    catalogue: CatalogueOption = None,
    exact_actors: ExactActorsOption = False,
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
    suggest: Annotated[
        bool,
        typer.Option("--suggest", help="Instead, propose an alias row for each unmapped string, from the "
                     "actor other sources name for the same incidents and victims: "
                     "a ready --aliases CSV."),
    ] = False,
) -> None:
    """How each perpetrator string was mapped to a canonical actor (and by which rule), or left unmapped.

    Statuses: mapped (an alias row), inferred (a rule: role word + the claim's
    country, demonym, modifier, fuzzy name), ambiguous (the claim's dates span
    two actors), unidentified ("unknown gunmen"), unmapped.

    Examples:

      reconcile actors claims.csv

      reconcile actors claims.csv --aliases my-aliases.csv --format csv

      reconcile actors sohr.csv snhr.csv --suggest -o proposed-aliases.csv
    """
    from reconcile.pipeline import load_claims
    from reconcile.render.actors import actor_mapping, render_actor_mapping

    refuse_overwriting_inputs(files, output, rejected)
    read = read_options(input_format, mapping, sheet, where, incident, encoding, max_rows)
    files, labels = standard_input(files)
    loaded, blank_lines = load_claims(files, labels, aliases=aliases, catalogue=catalogue,
                                      infer_actors=not exact_actors, **read)
    strings = actor_mapping(loaded.claims)
    if suggest:
        from reconcile.actors.suggest import suggest_aliases
        from reconcile.match import match_incidents
        from reconcile.render.frame import frame_text

        proposals = suggest_aliases(match_incidents(loaded.claims, pairs=False).claims)
        split = proposals.loc[proposals["actor"] == ""]
        write_output(frame_text(proposals.loc[proposals["actor"] != ""], "csv", raw=raw), output)
        if len(split) and not quiet:
            print("not proposed, evidence split evenly: "
                  f"{'; '.join(split['alias'] + ' (' + split['notes'] + ')')}",
                  file=sys.stderr)
    else:
        write_output(render_actor_mapping(strings, format.value, raw=raw,
                                          width=table_style(output, format)[1]), output)
    write_rejected(rejected, loaded.rejected, files, None, read, raw)
    unmapped = int((strings["status"] == "unmapped").sum())
    report_rows(loaded.rows, loaded.rejected, blank_lines,
                f"; {len(strings)} perpetrator strings, {unmapped} unmapped",
                quiet, notes=loaded.notes, warnings=loaded.warnings, verbose=verbose)




@app.command(cls=Command)
@handles_errors
def sources(
    files: Files,
    format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    quiet: QuietOption = False,
    source_aliases: SourceAliasesOption = None,
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
    """Which source each source name counts as ("OSDH" is SOHR), by which rule, or left as written.

    Rules: alias (a row of the source table; "UN", "WHO" match only in
    capitals), both names ("Name (ABBR)"), named in (a longer string naming
    one known source), as written (unknown: never merged by spelling alone).

    Examples:

      reconcile sources claims.csv

      reconcile sources claims.csv --source-aliases my-sources.csv --format csv
    """
    from reconcile.pipeline import load_claims
    from reconcile.render.sources import render_source_mapping, source_mapping

    refuse_overwriting_inputs(files, output, rejected)
    read = read_options(input_format, mapping, sheet, where, incident, encoding, max_rows)
    files, labels = standard_input(files)
    loaded, blank_lines = load_claims(files, labels, source_aliases=source_aliases, **read)
    table = source_mapping(loaded.claims)
    write_output(render_source_mapping(table, format.value, raw=raw,
                                       width=table_style(output, format)[1]), output)
    write_rejected(rejected, loaded.rejected, files, None, read, raw)
    unknown = int((table["rule"] == "as written").sum())
    report_rows(loaded.rows, loaded.rejected, blank_lines,
                f"; {len(table)} source names, {unknown} as written",
                quiet, notes=loaded.notes, warnings=loaded.warnings, verbose=verbose)
