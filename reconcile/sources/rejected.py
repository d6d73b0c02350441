"""``--rejected FILE``: the rejected rows with their input cells, to fix and read again.

A run keeps only where each rejected row is and why; the cells are read again
from the files named, and only when asked for, so that a run with a million
rows does not carry a second copy of them. One line per input row (a row
giving several rejected claims has their reasons joined), in input order:
``origin``, ``reason``, then the input's own columns (those of every file with
rejected rows, in order of appearance). A row with more cells than its header
has the extra ones under ``extra_1``, ``extra_2`` ...; a NUL byte is written as
U+FFFD (``�``), so the file stays text and shows where it was.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from reconcile.sources import ReadOptions
from reconcile.sources.table import read_table

OURS = ("origin", "reason")


def _cells(table) -> pd.DataFrame:
    """Every row of the table (read, and rejected while reading) with its origin, by input column."""
    frame = table.frame.rename(columns={c: f"{c}_input" for c in OURS})
    names = list(frame.columns)
    frame.insert(0, "origin", [f"{table.label}:{line}" for line in table.lines])
    unread = []
    for line, cells in zip(table.rejected["line"], table.rejected["cells"], strict=True):
        row = {"origin": f"{table.label}:{line}"}
        for position, cell in enumerate(cells):
            row[names[position] if position < len(names) else f"extra_{position - len(names) + 1}"] = cell
        unread.append(row)
    return pd.concat([frame, pd.DataFrame(unread)], ignore_index=True) if unread else frame


def rejected_rows(rejected: pd.DataFrame, paths: list, labels: list[str] | None,
                  options: ReadOptions | None = None) -> pd.DataFrame:
    """The rows of ``rejected`` (``origin``, ``reason``) with the cells read again from ``paths``."""
    options = options or ReadOptions()
    reasons = rejected.groupby("origin", sort=False)["reason"].agg("; ".join)
    result = pd.DataFrame({"origin": reasons.index.astype(str), "reason": reasons.to_numpy(dtype=str)})
    if result.empty:
        return result
    wanted = set(result["origin"])
    parts = []
    for path, label in zip(paths, labels or [str(p) for p in paths], strict=True):
        if not any(origin.startswith(label) for origin in wanted):
            continue
        cells = _cells(read_table(Path(path), label, options.sheet, options.encoding))
        parts.append(cells.loc[cells["origin"].isin(wanted)])
    if not parts:
        return result
    cells = pd.concat(parts, ignore_index=True).drop_duplicates("origin")
    cells = cells.fillna("").astype(str).apply(
        lambda column: column.str.replace("\x00", "\ufffd", regex=False))
    return result.merge(cells, on="origin", how="left").fillna("")
