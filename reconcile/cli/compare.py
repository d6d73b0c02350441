"""Commands that compare claims: ``compare`` and ``demo``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from reconcile.cli import app
from reconcile.cli.common import (
    as_of_date,
    handles_errors,
    plural,
    refuse_overwriting_inputs,
    report_rows,
    standard_input,
    table_style,
    write_rejected,
    write_stream,
)
from reconcile.cli.options import (
    AliasesOption,
    AsOfOption,
    CatalogueOption,
    CompareFormatOption,
    EncodingOption,
    ExactActorsOption,
    Files,
    IncidentOption,
    InputFormatOption,
    MappingOption,
    MaxRowsOption,
    OutputOption,
    QuietOption,
    RawOption,
    RejectedOption,
    SheetOption,
    SourceAliasesOption,
    ToleranceOption,
    VerboseOption,
    WhereOption,
    compare_format,
    read_options,
)
from reconcile.cli.usage import Command
from reconcile.errors import InputError, UsageError

FailOnOption = Annotated[
    Optional[list[str]],
    typer.Option(
        "--fail-on",
        help="Exit 1 when a group is: disjoint, overlapping (or worse), single-source, 'ratio>=X' (spread), "
        "in an attribution conflict (attribution), or only groups new since --baseline (new). Repeat or "
        "comma-separate to combine.",
        metavar="CONDITION",
        show_default=False,
    ),
]
BaselineOption = Annotated[
    Optional[Path],
    typer.Option(
        "--baseline",
        help="A previous 'compare --format json' output: show new, changed and resolved groups; "
        "with --fail-on new, fail only on what changed since.",
        metavar="OLD.json",
    ),
]
ByOption = Annotated[
    Optional[list[str]],
    typer.Option(
        "--by",
        help="Roll the groups up by KEYS: perpetrator, victims, source, year, month, country, incident "
        "(repeat or comma-separate; rows are always split by victims too). Each row: each source's incidents "
        "and figures added up, the incidents two or more sources report and their statuses, the spread, the "
        "largest disagreements. Shown first, after coverage, in the table and Markdown; JSON adds a 'rollup' "
        "section; CSV is the roll-up. Example: --by perpetrator,year",
        metavar="KEYS",
        show_default=False,
    ),
]
ShowOption = Annotated[
    Optional[list[str]],
    typer.Option(
        "--show",
        help="List only the groups with these statuses, disagreements first, in the table and Markdown: "
        "disjoint, overlapping, consistent, single-source (repeat or comma-separate). "
        "Example: --show disjoint,overlapping",
        metavar="STATUSES",
        show_default=False,
    ),
]
AllOption = Annotated[
    bool,
    typer.Option("--all", help="List every group, however many incidents: no triage of comparisons above 50 "
                 "incidents (which list only the groups two or more sources speak to, after a roll-up)."),
]


ExplainOption = Annotated[
    bool,
    typer.Option("--explain",
                 help="Say why claims were joined into each incident and which were kept apart."),
]
LinksOption = Annotated[
    Optional[Path],
    typer.Option("--links", help="CSV of your decisions: origin_a,origin_b,decision (same|different), "
                 "origins as file:line. Applied before automatic matching."),
]
SlackOption = Annotated[
    int,
    typer.Option("--date-slack", min=0, metavar="DAYS",
                 help="Days two sources' periods may lie apart and still match."),
]
ExtensionOption = Annotated[
    int,
    typer.Option("--max-extension", min=0, metavar="DAYS",
                 help="Chaining guard: how far an incident may stretch beyond its longest claim."),
]
ThresholdOption = Annotated[
    Optional[int],
    typer.Option("--match-threshold", metavar="POINTS",
                 help="Score from which two claims are one incident (dates, places, perpetrators, source and "
                      "figures weighed; README, 'Incidents are matched'). "
                      "Default 2; higher: fewer, surer joins."),
]


def check_view(by, show, every: bool) -> None:
    """``--by``, ``--show`` and ``--all`` checked before any file is read: a UsageError (exit 2) names
    a bad one."""
    from reconcile.rollup import parse_keys
    from reconcile.triage import parse_statuses

    try:
        if by:
            parse_keys(by)
        if show:
            parse_statuses(show)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if every and show:
        raise UsageError("--all and --show cannot be combined: --all lists every group, --show some")


def load_baseline(path: Path):
    """The groups of a previous JSON run, or an InputError (exit 2)."""
    import json

    from reconcile.gates import baseline_from_json

    if not path.is_file():
        raise InputError(path, "no such file" if not path.exists() else "is not a file")
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not JSON: {exc.msg}", line=exc.lineno) from None
    try:
        return baseline_from_json(document)
    except ValueError as exc:
        raise InputError(path, str(exc)) from None


def run_and_render(files, labels, fmt, output, quiet, as_of, aliases, tolerance, fail_on=None,
                   baseline=None, *, explain=False, links=None, slack=1, extension=1, threshold=None,
                   read: dict | None = None, verbose: bool = False, rejected: Path | None = None,
                   raw: bool = False, catalogue: Path | None = None, exact_actors: bool = False,
                   source_aliases: Path | None = None, by=None, show=None, every: bool = False) -> None:
    from reconcile.gates import parse_gate, review
    from reconcile.triage import plan

    check_view(by, show, every)

    refuse_overwriting_inputs(files, output, rejected)
    fmt = compare_format(fmt, output)
    if labels is None:
        files, labels = standard_input(files)
    from reconcile.links import read_links
    from reconcile.match import MatchOptions
    from reconcile.pipeline import run_compare
    from reconcile.render import write_comparison
    from reconcile.render.review import gate_lines

    try:
        gate = parse_gate(fail_on or [])
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if gate is not None and gate.new_only and baseline is None:
        raise UsageError("--fail-on new needs --baseline OLD.json "
                         "(a previous 'compare --format json' output)")
    previous = load_baseline(baseline) if baseline is not None else None
    matching = MatchOptions(
        slack_days=slack, max_extension_days=extension, links=read_links(links) if links else None,
        **({"threshold": threshold} if threshold is not None else {}),
    )
    from reconcile.cli.progress import StageProgress, progress_wanted

    with StageProgress(progress_wanted(quiet)) as progress:
        comparison = run_compare(
            files, labels, aliases, tolerance, as_of_date(as_of), matching, explain, on_stage=progress,
            catalogue=catalogue, infer_actors=not exact_actors, source_aliases=source_aliases, **(read or {}),
        )
    verdict = review(comparison, gate, previous, str(baseline) if baseline is not None else None)
    view = plan(comparison, by or (), show, every)
    color, width = table_style(output, fmt)
    write_stream(
        lambda stream: write_comparison(comparison, fmt.value, stream, width=width, color=color,
                                        review=verdict, raw=raw, view=view),
        output,
    )
    write_rejected(rejected, comparison.rejected, files, labels, read or {}, raw)
    statuses = comparison.groups["status"].value_counts()
    changes = verdict.counts()
    against = (
        f"; against the baseline: {changes['new']} new, {changes['changed']} changed, "
        f"{changes['resolved']} resolved"
        if changes else ""
    )
    report_rows(
        comparison.rows,
        comparison.rejected,
        comparison.blank_lines,
        f"; {plural(len(comparison.groups), 'group')} in {plural(len(comparison.incidents), 'incident')}, "
        f"{statuses.get('disjoint', 0)} disjoint, {statuses.get('overlapping', 0)} overlapping{against}",
        quiet, notes=comparison.notes, warnings=comparison.warnings, verbose=verbose,
    )
    if verdict.failed:
        lines = gate_lines(comparison, verdict)
        for line in lines[:1] if quiet else lines:
            typer.echo(line, err=True)
        raise typer.Exit(1)


@app.command(cls=Command)
@handles_errors
def compare(
    files: Files,
    format: CompareFormatOption = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
    as_of: AsOfOption = None,
    aliases: AliasesOption = None,
    catalogue: CatalogueOption = None,
    source_aliases: SourceAliasesOption = None,
    exact_actors: ExactActorsOption = False,
    tolerance: ToleranceOption = 0.1,
    explain: ExplainOption = False,
    links: LinksOption = None,
    date_slack: SlackOption = 1,
    max_extension: ExtensionOption = 1,
    match_threshold: ThresholdOption = None,
    fail_on: FailOnOption = None,
    baseline: BaselineOption = None,
    by: ByOption = None,
    show: ShowOption = None,
    all_groups: AllOption = False,
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
    """Side-by-side discrepancy tables: each source's figure per incident, perpetrator and victims.

    Exit 0, or 1 when a --fail-on condition is met (2: unusable input or options).

    Examples:

      reconcile compare sohr.csv snhr.csv

      reconcile compare claims.csv --format markdown -o table.md

      reconcile compare claims.csv --as-of 2025-03-10 --format json

      reconcile compare claims.csv --fail-on disjoint --fail-on 'ratio>=3' --format github

      reconcile compare claims.csv --baseline old.json --fail-on new

      reconcile compare sohr.csv snhr.csv --explain --links decisions.csv

      reconcile compare ged191_syria.csv --by perpetrator,year

      reconcile compare ged191_syria.csv acled_syria.csv --show disjoint,overlapping

      reconcile compare ged191_syria.csv acled_export.csv.gz newsroom.xlsx --sheet Deaths

    Claims without an incident label are matched into incidents by date,
    place and perpetrator (see --explain). Above 50 incidents the table and
    Markdown are triaged: coverage and a roll-up by perpetrator and victims,
    then only the groups two or more sources speak to, disagreements first
    (--all lists every group).
    """
    run_and_render(
        files, None, format, output, quiet, as_of, aliases, tolerance, fail_on, baseline,
        explain=explain, links=links, slack=date_slack, extension=max_extension, threshold=match_threshold,
        read=read_options(input_format, mapping, sheet, where, incident, encoding, max_rows),
        verbose=verbose, rejected=rejected, raw=raw, catalogue=catalogue, exact_actors=exact_actors,
        source_aliases=source_aliases, by=by, show=show, every=all_groups,
    )


@app.command(cls=Command)
@handles_errors
def demo(
    format: CompareFormatOption = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
    as_of: AsOfOption = None,
    explain: ExplainOption = False,
    example: Annotated[
        str, typer.Option("--example", help="Which bundled example: coastal-2025, syria-monitors, "
                          "ahli-hospital-2023 or newsroom.")
    ] = "coastal-2025",
    raw: RawOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Compare the bundled example (SOHR vs SNHR on the March 2025 coastal violence).

    Examples:

      reconcile demo

      reconcile demo --example syria-monitors --format markdown
    """
    from reconcile.resources import data_file

    path = data_file("examples", f"{example}.csv")
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in path.parent.glob("*.csv")))
        raise UsageError(f"no bundled example '{example}' (try {known})")
    # an example in a newsroom's own columns comes with its column mapping
    mapping = path.with_suffix(".toml")
    run_and_render([path], [f"examples/{example}.csv"], format, output, quiet, as_of, None, 0.1,
                   explain=explain, raw=raw, verbose=verbose,
                   read=read_options(mapping=mapping) if mapping.is_file() else None)
