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
    if fmt == "json":
        return json.dumps(_records(frame), ensure_ascii=False, indent=2) + "\n"
    from reconcile.render.safe import defuse_frame

    text = _text_dates(frame)
    return (text if raw else defuse_frame(text)).to_csv(index=False, lineterminator="\n", float_format="%.15g")


def frame_text(frame: pd.DataFrame, fmt: str, title: str = "", raw: bool = False) -> str:
    """A small frame as a terminal table, Markdown, CSV or JSON."""
    if fmt in ("csv", "json"):
        return frame_bytes(frame, fmt, raw=raw)
    from reconcile.render.safe import printable

    shown = _text_dates(frame).astype(str).map(printable)
    if fmt == "markdown":
        from reconcile.render.markdown import escape

        lines = ["| " + " | ".join(map(escape, shown.columns)) + " |", "|" + "---|" * len(shown.columns)]
        lines += ["| " + " | ".join(map(escape, row)) + " |" for row in shown.itertuples(index=False)]
        return "\n".join(lines) + "\n"
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title or None, title_justify="left")
    for column in shown.columns:
        table.add_column(printable(column), overflow="fold")
    for row in shown.itertuples(index=False):
        table.add_row(*row)
    buffer = io.StringIO()
    # markup and emoji codes off: a cell reading "[red]" or ":fire:" is shown as written
    Console(file=buffer, width=100, no_color=True, highlight=False, markup=False, emoji=False).print(table)
    return buffer.getvalue()
