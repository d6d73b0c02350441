"""Any input file -> a table of text cells with the line each row starts on.

Whatever the container (CSV with comma, semicolon or tab; ``.csv.gz``;
``.xlsx``/``.ods``/``.xls`` sheets; ``.json``, see :mod:`reconcile.sources.json_table`),
an adapter sees the same thing: a :class:`Table` whose cells are all text
("" when blank), the header as written, and for each row the line (CSV) or
sheet row (spreadsheet) it came from, counted as a person does (header = 1).
Blank rows are dropped and counted.

Text is decoded by :mod:`reconcile.sources.encoding` (UTF-8, a byte-order
mark, else the encoding detected, or ``--encoding``); sheets are read by
:mod:`reconcile.sources.spreadsheet`. Rows that cannot be read as rows (more or fewer cells
than the header, a NUL byte, the header repeated, a quote never closed) are
not rows of the table: they are listed in ``Table.rejected`` with their line
and reason, and the rest of the file is read.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile.errors import InputError, UsageError
from reconcile.sources.encoding import (
    SNIFF_BYTES,
    byte_order_mark,
    decode_text,
    read_bytes,
)
from reconcile.sources.spreadsheet import cell_text, read_sheet

DELIMITERS = ",;\t"
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


#: columns of :attr:`Table.rejected`: the line a row starts on, why it is no row, its cells as read.
REJECTED_COLUMNS = ["line", "reason", "cells"]


def no_rejected() -> pd.DataFrame:
    return pd.DataFrame({"line": pd.Series(dtype="int64"), "reason": pd.Series(dtype=str),
                         "cells": pd.Series(dtype=object)})


@dataclass(frozen=True)
class Table:
    """A file's rows as text: ``frame`` (header as written), ``lines``, ``label``.

    ``label`` is what origins name (the path, or ``book.xlsx[Sheet]``);
    ``blank_lines`` counts blank rows dropped; ``suffix`` is the file's
    suffix without ``.gz`` (format detection may use it). ``rejected`` lists
    the rows that could not be read as rows (:data:`REJECTED_COLUMNS`);
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


def detect_delimiter(text: str) -> str:
    """The delimiter of the header line: comma, semicolon or tab."""
    sample = text[:SNIFF_BYTES]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ""
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=counts.__getitem__)
        return best if counts[best] else ","


# --------------------------------------------------------------------------
# The exact reader: every record with the line it starts on, ragged rows set aside


def column_names(header: list[str]) -> tuple[list[str], list[str]]:
    """Frame column names for a header as written, and warnings about it.

    An empty name becomes ``column_N`` (its position); a name written again
    becomes ``NAME_2``, ``NAME_3`` ..., so no column hides another.
    """
    names: list[str] = []
    taken = set(header)
    warnings = []
    for position, written in enumerate(header, start=1):
        name = written if written.strip() else f"column_{position}"
        if name in names:
            count = 2
            while f"{name}_{count}" in taken or f"{name}_{count}" in names:
                count += 1
            warnings.append(f"column '{name}' appears more than once in the header; "
                            f"column {position} is read as '{name}_{count}'")
            name = f"{name}_{count}"
        names.append(name)
    return names, warnings


def _ragged_reason(found: int, expected: int, cells: list[str]) -> str:
    if found > expected:
        return (f"malformed row: {found} cells where the header has {expected} "
                "(an unquoted delimiter in a cell, or a delimiter too many?)")
    spans = any("\n" in c or "\r" in c for c in cells)
    hint = "a quote in a cell that swallowed line breaks?" if spans else "a cell or delimiter missing?"
    return f"malformed row: {found} cells where the header has {expected} ({hint})"


def _line_offset(text: str, line: int) -> int:
    """Offset in ``text`` where physical line ``line`` (1-based; \\r, \\n or \\r\\n end lines) starts."""
    if line <= 1:
        return 0
    breaks = re.finditer(r"\r\n|\r|\n", text)
    for number, found in enumerate(breaks, start=2):
        if number == line:
            return found.end()
    return len(text)


def _never_closed(text: str, delimiter: str, line: int) -> bool:
    """Whether the record starting on ``line`` opens a quote the file never closes."""
    rest = io.StringIO(text[_line_offset(text, line):], newline="")
    try:
        next(csv.reader(rest, delimiter=delimiter, strict=True), None)
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


@dataclass(frozen=True)
class Records:
    """What :func:`read_records` read: the header as written, rows of its width and their lines,
    the rows set aside (:data:`REJECTED_COLUMNS`) and the blank lines skipped."""

    header: list[str]
    frame: pd.DataFrame
    lines: np.ndarray
    rejected: pd.DataFrame
    blank_lines: int
    warnings: list[str]


def read_records(path: Path, text: str, delimiter: str) -> Records:
    """Every CSV record of ``text`` with the physical line it starts on.

    Records with more or fewer cells than the header, or holding a NUL
    character, are set aside with the reason; records of empty cells are
    blank lines. ``\\r\\n``, ``\\n`` and lone ``\\r`` all end lines, and
    quoted cells may span lines (the next record's line counts them).
    """
    csv.field_size_limit(sys.maxsize)  # a very long cell is a cell, not an error
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    has_nul = "\x00" in text
    header: list[str] | None = None
    header_line = 0
    rows: list[list[str]] = []
    lines: list[int] = []
    rejected: list[tuple[int, str, list[str]]] = []
    blank = 0
    end = 0
    final = (0, 0)  # first and last line of the last record that is not blank
    for cells in reader:
        start, end = end + 1, reader.line_num
        if not any(cells):
            if header is not None:
                blank += 1
            continue
        final = (start, end)
        if header is None:
            if has_nul and any("\x00" in c for c in cells):
                raise InputError(path, "NUL byte in the header line: a binary file, or UTF-16 without a "
                                       "byte-order mark (give --encoding utf-16-le)?", line=start)
            header, header_line = cells, start
            width = len(header)
            continue
        if len(cells) != width:
            rejected.append((start, _ragged_reason(len(cells), width, cells), cells))
        elif has_nul and any("\x00" in c for c in cells):
            column = next(name for name, c in zip(header, cells, strict=False) if "\x00" in c)
            rejected.append((start, f"NUL byte in column '{column}' (a damaged file?)", cells))
        else:
            rows.append(cells)
            lines.append(start)
    if header is None:
        raise InputError(path, "file is empty (expected a CSV header line)")
    last, last_end = final
    if last and last_end > last and _never_closed(text, delimiter, last):
        reason = (f"malformed row: a quote opened on line {last} is never closed, so lines {last}-{end} "
                  "read as one row")
        if lines and lines[-1] == last:
            rejected.append((last, reason, rows.pop()))
            lines.pop()
        else:
            rejected[-1] = (last, reason, rejected[-1][2])
    names, warnings = column_names(header)
    frame = pd.DataFrame(rows, columns=names, dtype=object).astype(str) if rows else \
        pd.DataFrame({name: pd.Series(dtype=str) for name in names})
    if header_line > 1:
        warnings.append(f"the header is on line {header_line}, after blank lines")
    bad = pd.DataFrame(rejected, columns=REJECTED_COLUMNS) if rejected else no_rejected()
    bad = bad.astype({"line": "int64", "reason": str})
    return Records(header, frame, np.asarray(lines, dtype=np.int64), bad, blank, warnings)


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
    are, :func:`_cell_text`; missing values blank), each row's ``line`` its position (``frame.iloc[N]``).

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


# --------------------------------------------------------------------------


def _sample(data: bytes) -> str:
    """The start of the file as text, for sniffing (a character cut at the end is dropped)."""
    return data[:SNIFF_BYTES].decode("utf-8-sig", errors="ignore")


def parse_csv_fast(data: bytes, delimiter: str) -> pd.DataFrame | None:
    """The common case, read by pyarrow: one row a line, no blank lines, a plain header.

    Returns None whenever the file is anything else (blank lines, cells
    spanning lines, ragged rows, bad UTF-8, duplicate or empty header names
    ...), and the exact reader (:func:`read_records`) takes over: same result,
    and the same error messages with their line numbers.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    sample = _sample(data)
    try:
        header = next(csv.reader(io.StringIO(sample), delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    first_line = sample.split("\n", 1)[0].rstrip("\r")
    if not header or "" in header or len(set(header)) != len(header) or '"' in first_line:
        return None
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except MemoryError:
        raise
    except (pa.ArrowInvalid, pa.ArrowException, ValueError):
        return None
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    try:
        names = table.column_names
    except UnicodeDecodeError:  # a header that is not UTF-8 (pyarrow checks only the cells)
        return None
    if names != header or lines != table.num_rows + 1:
        return None  # blank lines or cells spanning lines: the exact reader counts them
    return table.to_pandas()


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
        delimiter = detect_delimiter(text[:SNIFF_BYTES] if text is not None else _sample(data))
        frame = None if b"\x00" in data else parse_csv_fast(data, delimiter)
        if frame is None:
            if text is None:
                text, how = decode_text(path, data)
            records = read_records(path, text, delimiter)
            frame, lines, rejected, header = records.frame, records.lines, records.rejected, records.header
            blank_before = records.blank_lines
            warnings += records.warnings
        else:
            how = how if text is not None \
                else ("UTF-8 with BOM" if data.startswith(codecs.BOM_UTF8) else "UTF-8")
            lines = np.arange(len(frame), dtype=np.int64) + 2
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
