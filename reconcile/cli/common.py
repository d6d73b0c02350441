"""What every command shares: options, error handling, output and the stderr summary."""

from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from reconcile.errors import ReconcileError, UsageError

state = {"debug": os.environ.get("RECONCILE_DEBUG", "") not in ("", "0")}


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class CompareFormat(str, Enum):
    """``compare``/``demo``: every OutputFormat, in its order, plus the CI reports and the HTML page."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    github = "github"
    junit = "junit"
    html = "html"


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


class FrameFormat(str, Enum):
    csv = "csv"
    json = "json"
    parquet = "parquet"


Files = Annotated[
    list[Path],
    typer.Argument(
        help="Claims files: CSV (.csv, .csv.gz), .json, .xlsx or .ods, in any format `reconcile formats` lists.",
        show_default=False, metavar="FILE...",
    ),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
CompareFormatOption = Annotated[
    Optional[CompareFormat],
    typer.Option(
        "--format", "-f",
        help="Output format (default: from the -o suffix, .json .csv .md .xml .html, else table); github: "
             "workflow-command annotations, junit: XML test report (for CI); html: a report page with charts.",
        show_default=False,
    ),
]
_SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown", ".xml": "junit",
                   ".html": "html", ".htm": "html"}


def compare_format(fmt, output: Path | None):
    """The format asked for, else the one the ``-o`` file's suffix names, else the table."""
    if fmt is not None:
        return fmt
    suffix = output.suffix.lower() if output is not None else ""
    return CompareFormat(_SUFFIX_FORMATS.get(suffix, "table"))


def _stdout_dash(value: Path | None) -> Path | None:
    """``-o -`` is standard output, as no ``-o`` is."""
    return None if value is not None and str(value) == "-" else value


OutputOption = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", help="Write to this file instead of stdout ('-' is stdout); the file "
                 "appears whole or not at all.", callback=_stdout_dash),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No summary or warnings on stderr.")]
AsOfOption = Annotated[
    Optional[str],
    typer.Option("--as-of", help="Ignore claims published after this date (YYYY-MM-DD).", metavar="DATE"),
]
AliasesOption = Annotated[
    Optional[Path],
    typer.Option("--aliases", help="Your actor alias table (alias,actor[,country,valid_from,valid_to]), merged over "
                 "ours; actor is an id, a reference (state:SY) or a name.", metavar="FILE"),
]
SourceAliasesOption = Annotated[
    Optional[Path],
    typer.Option("--source-aliases", help="Your source names (alias,source[,country,notes]), merged over ours: "
                 "each alias is shown and compared as its source.", metavar="FILE"),
]
CatalogueOption = Annotated[
    Optional[Path],
    typer.Option("--catalogue", help="Your actors (id,name,kind,country,valid_from,valid_to,side,backed_by,notes), "
                 "added to ours; an id we have replaces our row.", metavar="FILE"),
]
ExactActorsOption = Annotated[
    bool,
    typer.Option("--exact-actors", help="Map perpetrators by the alias tables alone: no role words, demonyms, "
                 "modifiers or fuzzy names."),
]
ToleranceOption = Annotated[
    float,
    typer.Option(
        "--tolerance", min=0.0, max=1.0,
        help="Best figures within this share of the larger count as consistent; also the "
        "± share of 'approximately N'.",
    ),
]

InputFormatOption = Annotated[
    Optional[str],
    typer.Option(
        "--input-format",
        help="Read every FILE as this format: generic, acled, ucdp, hxl, airwars, hdx_hapi, named_victims, "
        "war_totals, war_figures, wide, cumulative (default: detected from each file's header; see "
        "`reconcile formats`).",
        metavar="NAME",
    ),
]
MappingOption = Annotated[
    Optional[Path],
    typer.Option("--mapping", help="Read every FILE through this TOML column mapping (see README, Formats).",
                 metavar="FILE.toml"),
]
SheetOption = Annotated[
    Optional[str],
    typer.Option("--sheet", help="Sheet of an .xlsx/.ods FILE: its name or number (default: the first).",
                 metavar="SHEET"),
]


WhereOption = Annotated[
    Optional[list[str]],
    typer.Option(
        "--where",
        help="Keep only claims meeting this condition: COLUMN=VALUE, COLUMN!=VALUE, COLUMN~REGEX, "
        "COLUMN>=VALUE, COLUMN<=VALUE (e.g. assessment=Fair, date_start>=2025-01). Repeat to combine.",
        metavar="CONDITION",
    ),
]
IncidentOption = Annotated[
    Optional[str],
    typer.Option("--incident", help="Give every claim read this incident label (the claims are about one incident).",
                 metavar="LABEL"),
]


EncodingOption = Annotated[
    Optional[str],
    typer.Option("--encoding", help="Read every text FILE in this encoding (utf-8, utf-16, cp1256, latin-1 ...); "
                 "default: UTF-8, or what a byte-order mark says, or detected.", metavar="NAME"),
]
MaxRowsOption = Annotated[
    Optional[int],
    typer.Option("--max-rows", min=0, help="Stop (exit 2) when the input files hold more rows than this, together.",
                 metavar="N"),
]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Also say on stderr how each file was read (encoding, delimiter).")
]
RejectedOption = Annotated[
    Optional[Path],
    typer.Option("--rejected", help="Write the rejected rows to this CSV: origin, reason and the row's cells, "
                 "to fix and read again.", metavar="FILE.csv"),
]
RawOption = Annotated[
    bool,
    typer.Option("--raw", help="CSV cells as they are: no ' before cells a spreadsheet would run as formulas "
                 "(=, +, -, @ ...)."),
]


def read_options(input_format: str | None = None, mapping: Path | None = None, sheet: str | None = None,
                 where: list[str] | None = None, incident: str | None = None, encoding: str | None = None,
                 max_rows: int | None = None) -> dict:
    """The read options as keyword arguments of ``pipeline.load_claims``/``run_compare``."""
    return {"input_format": input_format, "mapping": mapping, "sheet": sheet, "where": tuple(where or ()),
            "incident": incident, "encoding": encoding, "max_rows": max_rows}


MAX_WARNINGS = 10


def handles_errors(command):
    """Turn a ReconcileError into one line on stderr and its exit code (traceback with --debug);
    running out of memory too (:func:`reconcile.memory.memory_guard`)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from reconcile.memory import memory_guard

        try:
            with memory_guard():
                return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except ReconcileError as exc:
            if state["debug"]:
                raise
            echo_err(f"reconcile: error: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except MemoryError:
            if state["debug"]:
                raise
            echo_err("reconcile: error: out of memory: the input is too large for this machine; "
                     "split it into smaller files, or use --max-rows to stop such inputs early")
            raise typer.Exit(2) from None
        except Exception as exc:  # a bug of ours: still one line unless --debug
            if state["debug"]:
                raise
            echo_err(f"reconcile: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
            raise typer.Exit(2) from None

    return wrapper


def as_of_date(text: str | None):
    if text is None:
        return None
    from reconcile.dates import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def standard_input(files: list[Path]) -> tuple[list[Path], list[str] | None]:
    """``-`` among the files is standard input (``cat f.csv | reconcile compare -``).

    It is kept in a temporary file (CSV, or JSON when it opens with ``[`` or
    ``{``) removed at exit; origins name it ``-``. Returns the files to read and
    their labels (None when no ``-`` was given).
    """
    dashes = [f for f in files if str(f) == "-"]
    if not dashes:
        return files, None
    if len(dashes) > 1:
        raise UsageError("- (standard input) can be given only once")
    import atexit
    import shutil
    import tempfile

    data = sys.stdin.buffer.read()
    folder = Path(tempfile.mkdtemp(prefix="reconcile-stdin-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / ("stdin.json" if data.lstrip()[:1] in (b"[", b"{") else "stdin.csv")
    path.write_bytes(data)
    return [path if str(f) == "-" else f for f in files], [str(f) for f in files]


def refuse_overwriting_inputs(files, *outputs: Path | None) -> None:
    """No output ever overwrites an input: an ``-o`` or ``--rejected`` file naming one is an error."""
    inputs = {Path(f).resolve() for f in files if str(f) != "-"}
    for output in outputs:
        if output is not None and Path(output).resolve() in inputs:
            raise UsageError(f"{output} is one of the input files: write the output to another file")


def write_output(text: str | bytes, output: Path | None) -> None:
    """``text`` to stdout, or to the ``-o`` file (UTF-8), written whole or not at all."""
    if output is None:
        sys.stdout.write(text if isinstance(text, str) else text.decode("utf-8"))
        sys.stdout.flush()
        return
    data = text.encode("utf-8") if isinstance(text, str) else text
    _write_atomically(output, lambda stream: stream.write(data))


def _write_atomically(output: Path, write) -> None:
    """Hand ``write`` a stream to a temporary file beside ``output``, renamed to it once complete:
    an interrupted or failed run leaves the old file (or none), never half a new one."""
    import tempfile

    output = Path(output)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part", dir=output.parent or ".")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as open() would have made it, not mkstemp's 0600
        os.replace(temporary, output)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_stream(write, output: Path | None) -> None:
    """Hand ``write`` a binary stream: stdout's, or the ``-o`` file's.

    Large JSON is written as it is built, so it never sits in memory whole.
    """
    if output is None:
        sys.stdout.flush()
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:  # a text-only stdout (some embedding): collect, then write text
            import io

            buffer = io.BytesIO()
            write(buffer)
            sys.stdout.write(buffer.getvalue().decode("utf-8"))
        else:
            write(stream)
            stream.flush()
        return
    _write_atomically(output, write)


def in_ci() -> bool:
    """``CI`` is set (GitHub Actions, GitLab, most CI systems set ``CI=true``)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def table_style(output: Path | None, fmt: Enum) -> tuple[bool, int | None]:
    """Colour and width for rich output: only on a real terminal, without NO_COLOR, outside CI.

    Anywhere else (a file, a pipe, ``CI=true``) the output is plain and 80
    columns wide, so it is the same on every machine.
    """
    if output is not None or fmt.value not in ("table", "text") or in_ci():
        return False, None
    import shutil

    tty = sys.stdout.isatty()
    color = tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    width = shutil.get_terminal_size((80, 24)).columns if tty else None
    return color, width


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def echo_err(text: str) -> None:
    """One line on stderr, user text in it made harmless for the terminal."""
    from reconcile.render.safe import printable

    typer.echo(printable(text), err=True)


def report_rows(rows: dict, rejected, blank_lines: int, extra: str, quiet: bool, *, notes=(), warnings=(),
                verbose: bool = False) -> None:
    """The stderr summary: how files were read (``verbose``), warnings, the first rejected rows, every row
    accounted for."""
    if verbose:
        for note in notes:
            echo_err(f"reconcile: read {note}")
    if quiet:
        return
    for warning in warnings:
        echo_err(f"reconcile: warning: {warning}")
    for origin, reason in rejected[["origin", "reason"]].head(MAX_WARNINGS).itertuples(index=False):
        echo_err(f"reconcile: rejected {origin}: {reason}")
    if len(rejected) > MAX_WARNINGS:
        typer.echo(
            f"reconcile: ... and {len(rejected) - MAX_WARNINGS} more rejected rows (all of them in --format json, "
            "or --rejected FILE)",
            err=True,
        )
    blank = f", {blank_lines} blank lines skipped" if blank_lines else ""
    claims, skipped = rows.get("claims", rows["read"]), rows.get("skipped", 0)
    if claims == rows["read"] and not skipped:
        counts = f"rows: {rows['read']} read, {rows['used']} used, {rows['rejected']} rejected"
    else:
        without = f" ({skipped} without a claim)" if skipped else ""
        counts = (f"rows: {rows['read']} read{without}, giving {plural(claims, 'claim')}: "
                  f"{rows['used']} used, {rows['rejected']} rejected")
    echo_err(f"{counts}{blank}{extra}")
    if rows["read"] == 0:
        typer.echo("reconcile: the input has a header but no rows: nothing to compare", err=True)


def write_rejected(path: Path | None, rejected, files, labels, read: dict, raw: bool) -> None:
    """``--rejected FILE``: the rejected rows with their cells, as CSV (formulas defused unless ``raw``)."""
    if path is None:
        return
    from reconcile.render.safe import defuse_frame
    from reconcile.sources import ReadOptions
    from reconcile.sources.rejected import rejected_rows

    frame = rejected_rows(rejected, files, labels, ReadOptions(**read))
    if not raw:
        frame = defuse_frame(frame)
    write_output(frame.to_csv(index=False, lineterminator="\n"), path)
