"""``reconcile formats``: the input formats, how each is recognised, what claims a row gives."""

from __future__ import annotations

import typer

from reconcile.cli import app
from reconcile.cli.common import handles_errors, table_style, write_output
from reconcile.cli.options import FormatOption, OutputFormat, OutputOption
from reconcile.cli.usage import Command

TITLE = "Input formats (detected in this order)"


def formats_frame():
    """One row per input format, in detection order, then ``mapping``."""
    import pandas as pd

    from reconcile.sources.formats import formats as all_formats

    rows = [
        {"name": f.name, "what": f.title, "needs": f.needs_text(), "claims per row": f.claims}
        for f in all_formats()
    ]
    rows.append({
        "name": "mapping",
        "what": "any other table, described by --mapping FILE.toml",
        "needs": "the columns the mapping names",
        "claims per row": "one per row",
    })
    return pd.DataFrame(rows)


@app.command(cls=Command)
@handles_errors
def formats(
    format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """List the input formats, the columns each needs and the claims one row gives.

    A file's format is detected from its header (first match in this order);
    --input-format NAME forces one, --mapping FILE.toml describes any other table.

    Examples:

      reconcile formats

      reconcile formats --format json
    """
    from reconcile.render.frame import frame_text

    text = frame_text(formats_frame(), format.value, title=TITLE, width=table_style(output, format)[1])
    write_output(text, output)
    typer.echo(
        "Also read: .csv.gz, .xlsx/.ods sheets (--sheet NAME) and .json (an array of objects, or a per-war "
        "compilation). Force a format with --input-format NAME.",
        err=True,
    )
