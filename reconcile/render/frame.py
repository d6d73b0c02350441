"""Plain frames (the normalised claims, the actor mapping) in every output format."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pandas as pd


def _text_dates(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d").fillna("")
    return frame


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts: ISO dates, ``null`` for missing and infinite numbers."""
    records = _text_dates(frame).to_dict("records")
    for record in records:
        for key, value in record.items():
            if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
                record[key] = None
            elif isinstance(value, np.generic):
                record[key] = value.item()
    return records


def frame_bytes(frame: pd.DataFrame, fmt: str, raw: bool = False) -> str | bytes:
    """``csv``/``json`` as text, ``parquet`` as bytes. CSV writes ``inf`` for open upper bounds, and
    gives text cells a spreadsheet would run as formulas a leading ``'`` unless ``raw``."""
    if fmt == "parquet":
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        return buffer.getvalue()
    return _frame_text_format(frame, fmt, raw)


def _frame_text_format(frame: pd.DataFrame, fmt: str, raw: bool) -> str:
    """``csv`` or ``json`` text (see :func:`frame_bytes`)."""
    if fmt == "json":
        return json.dumps(_records(frame), ensure_ascii=False, indent=2) + "\n"
    from reconcile.render.safe import defuse_frame

    text = _text_dates(frame)
    return (text if raw else defuse_frame(text)).to_csv(index=False, lineterminator="\n",
                                                        float_format="%.15g")


def frame_text(frame: pd.DataFrame, fmt: str, title: str = "", raw: bool = False,
               width: int | None = None) -> str:
    """A small frame as a terminal table (``width`` columns, 80 by default), Markdown, CSV or JSON.

    The table splits no word: too narrow for a column each, it lists each row's cells one a line.
    """
    if fmt in ("csv", "json"):
        return _frame_text_format(frame, fmt, raw)
    from reconcile.render.safe import printable

    shown = _text_dates(frame).astype(str).map(printable)
    if fmt == "markdown":
        from reconcile.render.markdown import escape

        lines = ["| " + " | ".join(map(escape, shown.columns)) + " |", "|" + "---|" * len(shown.columns)]
        lines += ["| " + " | ".join(map(escape, row)) + " |" for row in shown.itertuples(index=False)]
        return "\n".join(lines) + "\n"
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from reconcile.render.columns import fit_columns

    buffer = io.StringIO()
    # markup and emoji codes off: a cell reading "[red]" or ":fire:" is shown as written
    console = Console(file=buffer, width=width or 80, no_color=True, highlight=False, markup=False,
                      emoji=False)
    table = Table(title=title or None, title_justify="left")
    names = [printable(column) for column in shown.columns]
    for name in names:
        table.add_column(name, overflow="fold")
    for row in shown.itertuples(index=False):
        table.add_row(*row)
    if fit_columns(table, console.width):
        # a column narrower than its text wraps: a line between the rows says where each ends
        table.show_lines = any(column.width is not None for column in table.columns)
        console.print(table)
    else:
        if title:
            console.print(Text(title))
        _print_records(console, names, list(shown.itertuples(index=False)))
    # rich pads lines to the full width; trailing blanks only get in the way of pasting.
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _print_records(console, names: list[str], rows: list) -> None:
    """Each row a paragraph, a line per column: its name, then the value wrapped beside it
    (``name: value`` lines where even that is too wide)."""
    from rich.table import Table
    from rich.text import Text

    from reconcile.render.columns import fit_columns

    grid = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    grid.add_column(overflow="fold", min_width=max((len(name) for name in names), default=1))
    grid.add_column(overflow="fold")
    for number, row in enumerate(rows):
        if number:
            grid.add_row("", "")
        for name, value in zip(names, row, strict=True):
            grid.add_row(name, value)
    console.print()
    if fit_columns(grid, console.width):
        console.print(grid)
        return
    for number, row in enumerate(rows):
        if number:
            console.print()
        for name, value in zip(names, row, strict=True):
            console.print(Text(f"{name}: {value}"), overflow="fold")
