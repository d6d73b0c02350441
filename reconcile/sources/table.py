"""Any input file -> a table of text cells with the line each row starts on.

Whatever the container (CSV with comma, semicolon or tab; ``.csv.gz``;
``.xlsx``/``.ods``/``.xls`` sheets; ``.json``, see :mod:`reconcile.sources.json_table`),
an adapter sees the same thing: a :class:`Table` whose cells are all text
("" when blank), the header as written, and for each row the line (CSV) or
sheet row (spreadsheet) it came from, counted as a person does (header = 1).
Blank rows are dropped and counted.

Text is decoded by :mod:`reconcile.sources.encoding` (UTF-8, a byte-order
mark, else the encoding detected, or ``--encoding``) and cut into rows by
:mod:`reconcile.sources.csv_records`; sheets are read by
:mod:`reconcile.sources.spreadsheet`. Rows that cannot be read as rows (more or fewer cells
than the header, a NUL byte, the header repeated, a quote never closed) are
not rows of the table: they are listed in ``Table.rejected`` with their line
and reason, and the rest of the file is read.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile.errors import InputError, UsageError
from reconcile.sources.csv_records import (
    DELIMITER_NAMES,
    detect_delimiter,
    no_rejected,
    parse_csv_fast,
    read_records,
    sniff_sample,
)
from reconcile.sources.encoding import (
    SNIFF_BYTES,
    byte_order_mark,
    decode_text,
    read_bytes,
)
from reconcile.sources.spreadsheet import cell_text, read_sheet

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


@dataclass(frozen=True)
class Table:
    """A file's rows as text: ``frame`` (header as written), ``lines``, ``label``.

    ``label`` is what origins name (the path, or ``book.xlsx[Sheet]``);
    ``blank_lines`` counts blank rows dropped; ``suffix`` is the file's
    suffix without ``.gz`` (format detection may use it). ``rejected`` lists
    the rows that could not be read as rows
    (:data:`~reconcile.sources.csv_records.REJECTED_COLUMNS`);
    ``header`` is the header as written (``frame`` renames repeated and
    empty names); ``notes`` say how the file was read (the encoding: shown
    with ``--verbose``) and ``warnings`` what the user should know.
    """

    frame: pd.DataFrame
    lines: np.ndarray
    label: str
    path: Path
    blank_lines: int = 0
    suffix: str = ""
    rejected: pd.DataFrame = field(default_factory=no_rejected)
    header: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def with_frame(self, frame: pd.DataFrame, lines: np.ndarray) -> Table:
        return dataclasses.replace(self, frame=frame, lines=lines)

    @property
    def rows_read(self) -> int:
        """Input rows: those of the frame and those rejected (blank lines are no rows)."""
        return len(self.frame) + len(self.rejected)


def header_key(name: str) -> str:
    """Header name as compared: lower case, no spaces, hyphens or underscores."""
    return re.sub(r"[\s_\-]+", "", str(name).strip().lstrip("\ufeff")).casefold()


def find_column(frame: pd.DataFrame, *names: str) -> str | None:
    """The frame's column whose header matches one of ``names`` (in that order), or None."""
    keys = {header_key(c): c for c in frame.columns}
    for name in names:
        if header_key(name) in keys:
            return keys[header_key(name)]
    return None


def text_column(frame: pd.DataFrame, *names: str) -> pd.Series:
    """The first of ``names`` present, stripped; a blank column when none is."""
    found = find_column(frame, *names)
    if found is None:
        return pd.Series("", index=frame.index, dtype=str)
    return frame[found].astype(str).str.strip()


def repeated_headers(frame: pd.DataFrame, header: list[str]) -> np.ndarray:
    """Rows that repeat the header (files pasted one after another): each cell is its column's name."""
    if not len(frame) or not len(header):
        return np.zeros(len(frame), dtype=bool)
    keys = [h.lstrip("\ufeff").strip().casefold() for h in header]
    column = frame.iloc[:, 0]
    if keys[0].isascii() and keys[0]:
        # A cheap superset first (a substring test in Arrow), the exact test on what it finds.
        near = np.flatnonzero(column.str.contains(keys[0], case=False, regex=False).fillna(False)
                              .to_numpy(dtype=bool))
        column = column.iloc[near]
    else:
        near = np.arange(len(column))
    first = column.str.lstrip("\ufeff").str.strip().str.casefold() == keys[0]
    candidates = near[first.to_numpy(dtype=bool)]
    repeated = np.zeros(len(frame), dtype=bool)
    for position in candidates:
        cells = [str(c).lstrip("\ufeff").strip().casefold() for c in frame.iloc[position]]
        repeated[position] = cells == keys
    return repeated


def frame_table(frame: pd.DataFrame, label: str) -> Table:
    """A pandas DataFrame as a :class:`Table`, for the Python API: cells as text (as a spreadsheet's
    are, :func:`~reconcile.sources.spreadsheet.cell_text`; missing values blank), each row's ``line``
    its position (``frame.iloc[N]``).

    Blank rows are dropped and counted, as in a file.
    """
    if frame.columns.duplicated().any():
        twice = frame.columns[frame.columns.duplicated()][0]
        raise InputError(label, f"column '{twice}' appears more than once")
    text = pd.DataFrame(
        {str(name): [("" if _missing(v) else cell_text(v)) for v in frame[name].tolist()]
         for name in frame.columns},
        index=pd.RangeIndex(len(frame)), dtype=str,
    ) if len(frame.columns) else pd.DataFrame(index=pd.RangeIndex(len(frame)))
    blank = (text == "").all(axis=1).to_numpy() if len(text.columns) else np.ones(len(text), bool)
    lines = np.flatnonzero(~blank).astype(np.int64)
    return Table(text.loc[~blank].reset_index(drop=True), lines, label, Path(label), int(blank.sum()),
                 header=tuple(text.columns))


def _missing(value) -> bool:
    """None, NaN, NaT or pd.NA (a list or array cell is not missing)."""
    if isinstance(value, (list, tuple, dict, set, np.ndarray)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def read_table(path: Path, label: str | None = None, sheet: str | None = None,
               encoding: str | None = None) -> Table:
    """Read one file into a :class:`Table`; see the module docstring."""
    label = label or str(path)
    suffix = _suffix(path)
    if suffix == ".json":
        if sheet is not None:
            raise UsageError(f"--sheet is for spreadsheets (.xlsx, .ods); {path} is not one")
        from reconcile.sources.json_table import read_json_table

        return read_json_table(path, label, encoding)
    notes: list[str] = []
    warnings: list[str] = []
    rejected = no_rejected()
    blank_before = 0
    if suffix in SPREADSHEET_SUFFIXES:
        if encoding is not None:
            raise UsageError(f"--encoding is for text files; {path} is a spreadsheet")
        frame, lines, name = read_sheet(path, sheet)
        header = list(frame.columns)
        label = f"{label}[{name}]"
    else:
        if sheet is not None:
            raise UsageError(f"--sheet is for spreadsheets (.xlsx, .ods); {path} is not one")
        data = read_bytes(path)
        text = None
        if encoding is not None or byte_order_mark(data) not in (None, "utf-8-sig"):
            text, how = decode_text(path, data, encoding)
            data = text.encode("utf-8")
        delimiter = detect_delimiter(text[:SNIFF_BYTES] if text is not None else sniff_sample(data))
        fast = None if b"\x00" in data else parse_csv_fast(data, delimiter)
        if fast is None:
            if text is None:
                text, how = decode_text(path, data)
            records = read_records(path, text, delimiter)
            frame, lines, rejected, header = records.frame, records.lines, records.rejected, records.header
            blank_before = records.blank_lines
            warnings += records.warnings
        else:
            how = how if text is not None \
                else ("UTF-8 with BOM" if data.startswith(codecs.BOM_UTF8) else "UTF-8")
            frame, lines = fast
            header = list(frame.columns)
            blank_before = 0
        notes.append(f"{label}: {how}, delimiter {DELIMITER_NAMES[delimiter]}")
        if "detected" in how:
            warnings.append(f"{label} is not UTF-8: read as {how.split(', detected')[0]}; "
                            "give --encoding NAME if its text looks wrong")
    frame.columns = [str(c) for c in frame.columns]
    blank = (frame == "").all(axis=1).to_numpy() if len(frame.columns) else np.ones(len(frame), bool)
    repeated = repeated_headers(frame, header) & ~blank
    if repeated.any():
        again = pd.DataFrame({"line": lines[repeated],
                              "reason": "the header row again (files pasted together?)",
                              "cells": [list(r) for r in frame.loc[repeated].itertuples(index=False)]})
        rejected = pd.concat([rejected, again], ignore_index=True).sort_values("line", kind="stable")
        rejected = rejected.reset_index(drop=True)
    keep = ~blank & ~repeated
    blank_lines = int(blank.sum()) + blank_before
    return Table(frame.loc[keep].reset_index(drop=True), lines[keep], label, path, blank_lines, suffix,
                 rejected=rejected, header=tuple(header), notes=tuple(notes), warnings=tuple(warnings))
