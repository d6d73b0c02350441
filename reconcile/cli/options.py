"""The options the commands share, declared once: formats, files, read options, outputs."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


#: ``compare``/``demo``: every OutputFormat, in its order, plus the CI reports and the HTML page.
#: Built from OutputFormat so its values are written once; mypy reads an Enum's members only from a
#: literal list, hence the ignore: it checks CompareFormat as an Enum whose members it does not know.
CompareFormat = Enum(  # type: ignore[misc]
    "CompareFormat",
    [(f.name, f.value) for f in OutputFormat] + [(v, v) for v in ("github", "junit", "html")],
    type=str,
)


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
        help="Claims files: CSV (.csv, .csv.gz), .json, .xlsx or .ods, "
             "in any format `reconcile formats` lists.",
        show_default=False, metavar="FILE...",
    ),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
CompareFormatOption = Annotated[
    Optional[CompareFormat],
    typer.Option(
        "--format", "-f",
        help="Output format (default: from the -o suffix, .json .csv .md .xml .html, else table); github: "
             "workflow-command annotations, junit: XML test report (for CI); "
             "html: a report page with charts.",
        show_default=False,
    ),
]
_SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown",
                   ".xml": "junit", ".html": "html", ".htm": "html"}


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
    typer.Option("--aliases", help="Your actor alias table (alias,actor[,country,valid_from,valid_to]), "
                 "merged over ours; actor is an id, a reference (state:SY) or a name.", metavar="FILE"),
]
SourceAliasesOption = Annotated[
    Optional[Path],
    typer.Option("--source-aliases", help="Your source names (alias,source[,country,notes]), "
                 "merged over ours: each alias is shown and compared as its source.", metavar="FILE"),
]
CatalogueOption = Annotated[
    Optional[Path],
    typer.Option("--catalogue",
                 help="Your actors (id,name,kind,country,valid_from,valid_to,side,backed_by,notes), "
                 "added to ours; an id we have replaces our row.", metavar="FILE"),
]
ExactActorsOption = Annotated[
    bool,
    typer.Option("--exact-actors", help="Map perpetrators by the alias tables alone: "
                 "no role words, demonyms, modifiers or fuzzy names."),
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
    typer.Option("--incident", help="Give every claim read this incident label "
                 "(the claims are about one incident).", metavar="LABEL"),
]


EncodingOption = Annotated[
    Optional[str],
    typer.Option("--encoding", help="Read every text FILE in this encoding "
                 "(utf-8, utf-16, cp1256, latin-1 ...); "
                 "default: UTF-8, or what a byte-order mark says, or detected.", metavar="NAME"),
]
MaxRowsOption = Annotated[
    Optional[int],
    typer.Option("--max-rows", min=0,
                 help="Stop (exit 2) when the input files hold more rows than this, together.", metavar="N"),
]
VerboseOption = Annotated[
    bool,
    typer.Option("--verbose", "-v", help="Also say on stderr how each file was read (encoding, delimiter)."),
]


def _not_stdout(value: Path | None) -> Path | None:
    """``--rejected -`` would mix the rejected rows into the output on stdout."""
    if value is not None and str(value) == "-":
        raise typer.BadParameter("give a file name: standard output carries the main output")
    return value


RejectedOption = Annotated[
    Optional[Path],
    typer.Option("--rejected", help="Write the rejected rows to this CSV: "
                 "origin, reason and the row's cells, to fix and read again.", metavar="FILE.csv",
                 callback=_not_stdout),
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
