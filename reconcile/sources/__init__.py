"""Input adapters: each turns one file into a frame of claim columns.

Every adapter returns a :class:`RawClaims`: the claims with canonical column
names (``source``, ``figure``, ``date_start`` ...) as text, plus ``origin``
(``file:line`` of the input row). Normalisation (figures, dates, actors)
happens later, in one place, whatever the format. Which adapter reads a file
is detected from its header (``formats.detect``), or forced with
``input_format``, or given by a ``--mapping`` file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reconcile.errors import UsageError
from reconcile.sources.claims import RawClaims
from reconcile.sources.table import Table, read_table

__all__ = ["RawClaims", "ReadOptions", "read_file", "read_files"]


@dataclass(frozen=True)
class ReadOptions:
    """How to read input files: ``input_format`` (a format name, None = detect),
    ``mapping`` (a TOML mapping file, which implies the ``mapping`` format),
    ``sheet`` (spreadsheet sheet name or 1-based number), ``where`` (conditions
    a claim must meet, see :mod:`reconcile.sources.where`), ``incident`` (one
    incident label for every claim read, replacing the files' own),
    ``encoding`` (of every text file; None = detected) and ``max_rows`` (more
    input rows than this, all files together, stop the run)."""

    input_format: str | None = None
    mapping: str | Path | None = None
    sheet: str | None = None
    where: tuple[str, ...] = ()
    incident: str | None = None
    encoding: str | None = None
    max_rows: int | None = None


def read_file(path: str | Path | Table, label: str | None = None, options: ReadOptions | None = None,
              mapping=None) -> RawClaims:
    """Read one file with the format detected, forced, or given by a mapping.

    ``path`` may also be a :class:`~reconcile.sources.table.Table` already read (a DataFrame given to
    the Python API, :func:`~reconcile.sources.table.frame_table`): it is read as a file's would be.
    """
    from reconcile.sources.claims import check_rows
    from reconcile.sources.formats import by_name, detect, read_as
    from reconcile.sources.mapping import load_mapping, read_mapped
    from reconcile.sources.where import filter_claims

    options = options or ReadOptions()
    table = path if isinstance(path, Table) \
        else read_table(Path(path), label, options.sheet, options.encoding)
    if options.mapping is not None:
        raw = read_mapped(table, mapping or load_mapping(options.mapping))
    elif options.input_format == "mapping":
        raise UsageError("--input-format mapping needs --mapping FILE.toml")
    else:
        raw = read_as(table, by_name(options.input_format) if options.input_format else detect(table))
    raw = filter_claims(raw, list(options.where))
    if options.incident is not None:
        raw.rows["incident"] = options.incident
    return check_rows(raw)


def read_files(
    paths: Sequence[str | Path], labels: list[str] | None = None, options: ReadOptions | None = None
) -> RawClaims:
    """Read several files into one frame; columns are the union of all files'.

    ``labels`` replaces each path in ``origin`` (used by ``demo`` so that the
    bundled file is named the same wherever the package is installed).
    """
    from reconcile.sources.formats import by_name
    from reconcile.sources.mapping import load_mapping

    options = options or ReadOptions()
    if options.mapping is not None and options.input_format not in (None, "mapping"):
        raise UsageError(f"--mapping reads files with the mapping; it cannot be combined with "
                         f"--input-format {options.input_format}")
    if options.input_format is not None and options.input_format != "mapping":
        by_name(options.input_format)  # a wrong name is a usage error before any file is read
    from reconcile.sources.where import check_columns, parse_condition

    for condition in options.where:
        parse_condition(condition)
    mapping = load_mapping(options.mapping) if options.mapping is not None else None
    labels = labels or [str(p) for p in paths]
    parts = []
    read = 0
    for path, label in zip(paths, labels, strict=True):
        parts.append(read_file(path, label, options, mapping))
        read += parts[-1].read
        if options.max_rows is not None and read > options.max_rows:
            raise UsageError(
                f"{label}: the input has more than --max-rows {options.max_rows:,} rows "
                f"({read:,} read so far); raise --max-rows if that is expected"
            )
    frames = [part.rows for part in parts]
    if frames:
        check_columns(options.where, set().union(*(frame.columns for frame in frames)))
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    # Columns missing from some files are blank there, never NaN, so later
    # string operations see one dtype.
    text_columns = [c for c in rows.columns if c != "line"]
    rows[text_columns] = rows[text_columns].fillna("")
    skipped = [p.skipped for p in parts if len(p.skipped)]
    rejected = [p.rejected for p in parts if len(p.rejected)]
    empty = RawClaims(rows)
    return RawClaims(
        rows=rows,
        blank_lines=sum(p.blank_lines for p in parts),
        rows_read=read,
        skipped=pd.concat(skipped, ignore_index=True) if skipped else empty.skipped,
        formats=tuple(f for p in parts for f in p.formats),
        rejected=pd.concat(rejected, ignore_index=True) if rejected else empty.rejected,
        notes=tuple(n for p in parts for n in p.notes),
        warnings=tuple(w for p in parts for w in p.warnings),
    )
