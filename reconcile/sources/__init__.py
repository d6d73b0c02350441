"""Input adapters: each turns one file into a frame of claim columns.

Every adapter returns a :class:`RawClaims`: the file's rows with canonical
column names (``source``, ``figure``, ``date_start`` ...) as text, plus
``origin`` (``file:line``). Normalisation (figures, dates, actors) happens
later, in one place, whatever the format.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from reconcile.sources.generic import RawClaims, read_generic

__all__ = ["RawClaims", "read_files"]


def read_files(paths: list[str | Path], labels: list[str] | None = None) -> RawClaims:
    """Read several claims files into one frame; columns are the union of all files'.

    ``labels`` replaces each path in ``origin`` (used by ``demo`` so that the
    bundled file is named the same wherever the package is installed).
    """
    labels = labels or [str(p) for p in paths]
    parts = [read_generic(Path(path), label) for path, label in zip(paths, labels, strict=True)]
    frames = [part.rows for part in parts]
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    # Columns missing from some files are blank there, never NaN, so later
    # string operations see one dtype.
    text_columns = [c for c in rows.columns if c != "line"]
    rows[text_columns] = rows[text_columns].fillna("")
    return RawClaims(rows=rows, blank_lines=sum(p.blank_lines for p in parts))
