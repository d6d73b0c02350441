"""Any input file -> a table of text cells with the line each row starts on.

Whatever the container (CSV with comma, semicolon or tab; ``.csv.gz``;
``.xlsx``/``.ods``/``.xls`` sheets), an adapter sees the same thing: a
:class:`Table` whose cells are all text ("" when blank), the header as
written, and for each row the line (CSV) or sheet row (spreadsheet) it came
from, counted as a person does (header = 1). Blank rows are dropped and
counted.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile.errors import InputError, UsageError

DELIMITERS = ",;\t"
SNIFF_BYTES = 64 * 1024
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Table:
    """A file's rows as text: ``frame`` (header as written), ``lines``, ``label``.

    ``label`` is what origins name (the path, or ``book.xlsx[Sheet]``);
    ``blank_lines`` counts blank rows dropped; ``suffix`` is the file's
    suffix without ``.gz`` (format detection may use it).
    """

    frame: pd.DataFrame
    lines: np.ndarray
    label: str
    path: Path
    blank_lines: int = 0
    suffix: str = ""

    def with_frame(self, frame: pd.DataFrame, lines: np.ndarray) -> Table:
        return Table(frame, lines, self.label, self.path, self.blank_lines, self.suffix)


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


# --------------------------------------------------------------------------
# Bytes and text


def read_bytes(path: Path) -> bytes:
    """The file's bytes (gunzipped when gzip), or a clear InputError."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a directory, not a claims file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(path, f"damaged gzip file: {exc}") from exc
    return data


def decode(path: Path, data: bytes) -> str:
    """UTF-8 text (a BOM is dropped), or a clear InputError."""
    if not data.strip():
        raise InputError(path, "file is empty (expected a CSV header line)")
    if b"\x00" in data[:SNIFF_BYTES]:
        raise InputError(path, "looks like a binary file, not a CSV text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            path, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8", line=line
        ) from exc


def read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 (gunzipped first if need be)."""
    return decode(path, read_bytes(path))


def detect_delimiter(text: str) -> str:
    """The delimiter of the header line: comma, semicolon or tab."""
    sample = text[:SNIFF_BYTES]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ""
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


_PANDAS_LINE = re.compile(r"line (\d+)")


def parse_csv(path: Path, text: str, delimiter: str) -> pd.DataFrame:
    """All cells as text; blank lines kept as empty rows so line numbers can be counted."""
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        found = _PANDAS_LINE.search(str(exc))
        record = int(found.group(1)) if found else None
        reason = _PANDAS_LINE.sub("this row", str(exc).strip().splitlines()[-1])
        reason = reason.replace("Error tokenizing data. C error: ", "")
        line = physical_line(text, delimiter, record) if record else None
        raise InputError(path, f"malformed CSV: {reason}", line=line) from exc
    except pd.errors.EmptyDataError as exc:
        raise InputError(path, "file is empty (expected a CSV header line)") from exc


def physical_line(text: str, delimiter: str, record: int) -> int:
    """File line on which CSV record ``record`` (1-based, header = 1) starts.

    pandas counts records, not lines; quoted cells spanning lines make the two differ.
    """
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    ended = 0
    for number, _ in enumerate(reader, start=1):
        if number == record:
            return ended + 1
        ended = reader.line_num
    return ended + 1


def line_numbers(frame: pd.DataFrame) -> np.ndarray:
    """Line on which each row starts, as a person counts (header = line 1).

    Quoted cells may span lines; every newline inside the rows before a row
    pushes it down.
    """
    inner = np.zeros(len(frame), dtype=np.int64)
    for column in frame.columns:
        inner += frame[column].str.count("\n").to_numpy(dtype=np.int64)
    before = np.concatenate(([0], np.cumsum(inner)[:-1])) if len(frame) else inner
    return 2 + np.arange(len(frame), dtype=np.int64) + before


# --------------------------------------------------------------------------
# Spreadsheets


def _cell_text(value) -> str:
    """A spreadsheet cell as the text a person sees: 12 not 12.0, dates as YYYY-MM-DD."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_sheet(path: Path, sheet: str | None) -> tuple[pd.DataFrame, np.ndarray, str]:
    """The chosen sheet (name, or 1-based number; default the first) as text cells."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise UsageError("reading spreadsheets needs python-calamine: pip install python-calamine") from exc
    if not path.exists():
        raise InputError(path, "no such file")
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        if sheet is None:
            name = names[0]
        elif sheet in names:
            name = sheet
        elif sheet.isdigit() and 1 <= int(sheet) <= len(names):
            name = names[int(sheet) - 1]
        else:
            raise InputError(path, f"no sheet '{sheet}'; sheets: {', '.join(names)}")
        cells = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except InputError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged books
        raise InputError(path, f"cannot read as a spreadsheet: {exc}") from exc
    if not cells or not any(_cell_text(v) for v in cells[0]):
        raise InputError(path, f"sheet '{name}' is empty (expected a header row)", line=1)
    width = max(len(r) for r in cells)
    header = [_cell_text(v) or f"column_{i + 1}" for i, v in enumerate(cells[0] + [""] * (width - len(cells[0])))]
    body = pd.DataFrame([r + [""] * (width - len(r)) for r in cells[1:]], columns=header, dtype=object)
    frame = body.apply(lambda column: column.map(_cell_text)).astype(str) if len(body) else body.astype(str)
    lines = np.arange(2, len(frame) + 2, dtype=np.int64)
    return frame, lines, name


# --------------------------------------------------------------------------


def _sample(data: bytes) -> str:
    """The start of the file as text, for sniffing (a character cut at the end is dropped)."""
    return data[:SNIFF_BYTES].decode("utf-8-sig", errors="ignore")


def parse_csv_fast(data: bytes, delimiter: str) -> pd.DataFrame | None:
    """The common case, read by pyarrow: one row a line, no blank lines, a plain header.

    Returns None whenever the file is anything else (blank lines, cells
    spanning lines, ragged rows, bad UTF-8, duplicate or empty header names
    ...), and the exact reader (:func:`parse_csv`) takes over: same result,
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
    except (pa.ArrowInvalid, pa.ArrowException, ValueError):
        return None
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if table.column_names != header or lines != table.num_rows + 1:
        return None  # blank lines or cells spanning lines: the exact reader counts them
    return table.to_pandas()


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def read_table(path: Path, label: str | None = None, sheet: str | None = None) -> Table:
    """Read one file into a :class:`Table`; see the module docstring."""
    label = label or str(path)
    suffix = _suffix(path)
    if suffix in SPREADSHEET_SUFFIXES:
        frame, lines, name = read_sheet(path, sheet)
        label = f"{label}[{name}]"
    else:
        if sheet is not None:
            raise UsageError(f"--sheet is for spreadsheets (.xlsx, .ods); {path} is not one")
        data = read_bytes(path)
        delimiter = detect_delimiter(_sample(data))
        frame = None if b"\x00" in data[:SNIFF_BYTES] else parse_csv_fast(data, delimiter)
        if frame is None:
            frame = parse_csv(path, decode(path, data), delimiter)
            lines = line_numbers(frame)
        else:
            lines = np.arange(len(frame), dtype=np.int64) + 2
    frame.columns = [str(c) for c in frame.columns]
    blank = (frame == "").all(axis=1).to_numpy() if len(frame.columns) else np.ones(len(frame), bool)
    frame = frame.loc[~blank].reset_index(drop=True)
    return Table(frame, lines[~blank], label, path, int(blank.sum()), suffix)
