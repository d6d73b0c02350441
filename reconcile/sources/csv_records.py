"""CSV -> rows with the line each starts on, as a person counts lines (header = 1).

Two readers give the same rows: pyarrow's (:func:`parse_csv_fast`) for the
common file, without blank lines, because it is fast (where a file has quotes,
the line each record starts on is counted from them, and pyarrow's rows must
agree); the exact reader (:func:`read_records`) for every other, because only
it can say on which line a row starts when blank lines are skipped, lines end
in a lone ``\r`` or quotes stand inside unquoted cells, and set aside a ragged
or unclosed row with the reason instead of failing the file.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile.errors import InputError
from reconcile.sources.encoding import SNIFF_BYTES

DELIMITERS = ",;\t"
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


#: columns of :attr:`Table.rejected <reconcile.sources.table.Table.rejected>`: the line a row starts on,
#: why it is no row, its cells as read.
REJECTED_COLUMNS = ["line", "reason", "cells"]


def no_rejected() -> pd.DataFrame:
    return pd.DataFrame({"line": pd.Series(dtype="int64"), "reason": pd.Series(dtype=str),
                         "cells": pd.Series(dtype=object)})


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


# --------------------------------------------------------------------------
# The fast reader: pyarrow, for files that need nothing of the above


def sniff_sample(data: bytes) -> str:
    """The start of the file as text, for sniffing (a character cut at the end is dropped)."""
    return data[:SNIFF_BYTES].decode("utf-8-sig", errors="ignore")


def parse_csv_fast(data: bytes, delimiter: str) -> tuple[pd.DataFrame, np.ndarray] | None:
    """The common case, read by pyarrow: no blank lines, a plain header, ``\\n`` line ends;
    returns the rows and the line each starts on.

    Returns None whenever the file is anything else (blank lines, ``\\r`` in
    a file whose cells span lines, ragged rows, bad UTF-8, duplicate or empty
    header names ...), and the exact reader (:func:`read_records`) takes
    over: same result, and the same error messages with their line numbers.
    """
    sample = sniff_sample(data)
    try:
        header = next(csv.reader(io.StringIO(sample), delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    first_line = sample.split("\n", 1)[0].rstrip("\r")
    if not header or any(not name.strip() for name in header) or len(set(header)) != len(header) \
            or '"' in first_line:
        return None
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None  # a lone "\r" ends a line for the exact reader, not for pyarrow
    if b'"' not in data:  # no cell can hold a line break: a record a line
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        table = _pyarrow_csv(data, delimiter, header, spanning=False)
        read = table is not None and lines == table.num_rows + 1
        return (table.to_pandas(), np.arange(table.num_rows, dtype=np.int64) + 2) if read else None
    # Quoted cells may hold line breaks (UCDP's and ACLED's notes). Where each record starts is
    # counted from the quotes (:func:`_records`), and pyarrow's rows must agree: a cell it split
    # where it cut the file into blocks, or read to the end from an open quote, would not.
    records = _records(data, delimiter)
    if records is None:
        return None
    starts, spanned = records
    spanning = bool(spanned.any())
    if spanning and b"\r" in data:
        return None
    table = _pyarrow_csv(data, delimiter, header, spanning=spanning)
    if table is None or table.num_rows != len(starts) - 1:
        return None
    if spanning:
        import pyarrow.compute as pc

        inside = np.zeros(table.num_rows, dtype=np.int64)
        for column in table.columns:
            inside += pc.count_substring(column, "\n").to_numpy(zero_copy_only=False)
        if not np.array_equal(inside, spanned[1:]):
            return None
    return table.to_pandas(), starts[1:]


def _records(data: bytes, delimiter: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Each record's first line (the header's first) and the line breaks inside it, for a file
    whose quotes all open and close quoted cells: a line break ends a record where an even number
    of quotes came before it. None where a quote is inside an unquoted cell, where that reading
    finds a quote open at the end, or a blank line (the exact reader reads such quotes as text,
    sets an unclosed record aside and counts blank lines)."""
    raw = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(raw == ord('"'))
    if len(quotes) % 2:
        return None
    # Counted in order, a quote opens a cell (a cell's edge before it) or closes one (an edge after
    # it), unless it is one of a doubled pair; any other is inside an unquoted cell ("x\"y").
    edges = np.frombuffer(f"{delimiter}\n\r".encode(), dtype=np.uint8)
    edge_before = (quotes == 0) | np.isin(raw[np.maximum(quotes - 1, 0)], edges)
    edge_after = (quotes == len(raw) - 1) | np.isin(raw[np.minimum(quotes + 1, len(raw) - 1)], edges)
    doubled_before, doubled_after = np.zeros(len(quotes), bool), np.zeros(len(quotes), bool)
    doubled_before[1:] = doubled_after[:-1] = quotes[1:] == quotes[:-1] + 1
    opening = np.arange(len(quotes)) % 2 == 0
    if not np.where(opening, edge_before | doubled_before, edge_after | doubled_after).all():
        return None
    breaks = np.flatnonzero(raw == ord("\n"))
    ends = breaks[np.searchsorted(quotes, breaks) % 2 == 0]  # the line breaks that end records
    if not len(ends) or ends[-1] != len(raw) - 1:
        ends = np.append(ends, len(raw))  # the last record, without a line break after it
    begins = np.concatenate([[0], ends[:-1] + 1])
    if (begins == ends).any():
        return None  # a blank line
    first = np.searchsorted(breaks, begins)  # line breaks before each record
    return first.astype(np.int64) + 1, np.searchsorted(breaks, ends) - first


def _pyarrow_csv(data: bytes, delimiter: str, header: list[str], spanning: bool):
    """Every cell as text, or None when pyarrow cannot read the file or its header is not ``header``."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=True,
                                             newlines_in_values=spanning),
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
    try:
        names = table.column_names
    except UnicodeDecodeError:  # a header that is not UTF-8 (pyarrow checks only the cells)
        return None
    return table if names == header else None
