"""The generic claims CSV of DESIGN.md: one row per published claim.

Header names are matched case-insensitively, ignoring spaces, hyphens and
underscores, against the synonyms in :data:`COLUMN_SYNONYMS`. Unknown columns
are kept under their own names.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile.errors import InputError

#: canonical column -> accepted header names (compared after :func:`header_key`).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "source": ("source", "monitor", "reported_by", "organisation", "organization"),
    "figure": ("figure", "figure_text", "deaths", "killed", "fatalities", "count", "toll"),
    "date": ("date", "event_date"),
    "date_start": ("date_start", "period_start", "start_date"),
    "date_end": ("date_end", "period_end", "end_date"),
    "victims": ("victims", "victim_category", "category", "victim_type"),
    "perpetrator": ("perpetrator", "attributed_to", "actor", "killed_by"),
    "place": ("place", "location", "area", "governorate", "admin1"),
    "incident": ("incident", "event", "incident_id"),
    "published": ("published", "publication_date", "reported_on", "as_of"),
    "url": ("url", "link"),
    "quote": ("quote",),
    "notes": ("notes", "note", "comment"),
}
REQUIRED = ("source", "figure")
DELIMITERS = ",;\t"
SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class RawClaims:
    """Rows as read: canonical column names, every cell text ("" when blank).

    ``rows`` has ``origin`` (``file:line``), ``file`` and ``line`` besides the
    claim columns. ``blank_lines`` counts lines skipped because they held
    nothing (they are not rows).
    """

    rows: pd.DataFrame
    blank_lines: int = 0


def header_key(name: str) -> str:
    """Header name as compared: lower case, no spaces, hyphens or underscores."""
    return re.sub(r"[\s_\-]+", "", name.strip().lstrip("\ufeff")).casefold()


_SYNONYM_TO_COLUMN = {header_key(s): col for col, names in COLUMN_SYNONYMS.items() for s in names}


def map_header(path: Path, header: list[str]) -> dict[str, str]:
    """Input header -> canonical names; unknown names are kept as they are."""
    renamed: dict[str, str] = {}
    taken: dict[str, str] = {}
    for name in header:
        canonical = _SYNONYM_TO_COLUMN.get(header_key(name))
        if canonical is None:
            renamed[name] = name
            continue
        if canonical in taken:
            raise InputError(
                path,
                f"columns '{taken[canonical]}' and '{name}' both mean '{canonical}'; keep one",
                line=1,
            )
        taken[canonical] = name
        renamed[name] = canonical
    missing = [c for c in REQUIRED if c not in taken]
    if not ("date" in taken or "date_start" in taken):
        missing.append("date (or date_start/date_end)")
    if missing:
        accepted = "; ".join(
            f"{c}: {', '.join(COLUMN_SYNONYMS[c.split()[0]])}" for c in missing
        )
        raise InputError(
            path,
            f"missing required column(s) {', '.join(missing)}. "
            f"Columns found: {', '.join(header) or '(none)'}. Names accepted: {accepted}",
            line=1,
        )
    return renamed


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a clear InputError when it is missing, a folder, empty or binary."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a directory, not a claims file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
    if not data or data.isspace():  # (isspace stops at the first other byte; strip would copy the file)
        raise InputError(path, "file is empty (expected a CSV header line)")
    if b"\x00" in data[:SNIFF_BYTES]:
        raise InputError(path, "looks like a binary file, not a CSV text file")
    return data


def decode(path: Path, data: bytes) -> str:
    """``data`` decoded as UTF-8 (a BOM is dropped), or an InputError naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            path, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8", line=line
        ) from exc


def read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 (a BOM is dropped), or a clear InputError."""
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


def _origins(label: str, lines: np.ndarray) -> pd.Series:
    """``label:line`` for each line number, built by pyarrow rather than a Python loop."""
    import pyarrow as pa
    import pyarrow.compute as pc

    numbers = pc.cast(pa.array(lines, pa.int64()), pa.large_string())
    text = pa.large_string()
    joined = pc.binary_join_element_wise(pa.scalar(label, text), numbers, pa.scalar(":", text))
    return joined.to_pandas().astype("str")


def read_generic(path: Path, label: str | None = None) -> RawClaims:
    """Read one generic claims CSV; see the module docstring."""
    label = label or str(path)
    data = read_bytes(path)
    delimiter = detect_delimiter(_sample(data))
    frame = parse_csv_fast(data, delimiter)
    lines = None  # one row a line: numbered below; otherwise counted by _finish
    if frame is None:
        frame = parse_csv(path, decode(path, data), delimiter)
    else:
        lines = np.arange(len(frame), dtype=np.int64) + 2
    del data
    frame = frame.rename(columns=map_header(path, list(frame.columns)))
    frame = frame.rename(columns={c: f"{c}_input" for c in ("origin", "file", "line") if c in frame.columns})
    return _finish(frame, label, lines)


def _finish(frame: pd.DataFrame, label: str, lines: np.ndarray | None) -> RawClaims:
    """Line numbers (counted when not given), blank rows dropped, ``origin``/``file``/``line`` added."""
    if lines is None:
        lines = line_numbers(frame)
    blank = np.ones(len(frame), dtype=bool)
    for column in frame.columns:
        blank &= (frame[column] == "").to_numpy(dtype=bool)
    if blank.any():
        frame = frame.loc[~blank].reset_index(drop=True)
        lines = lines[~blank]
    frame.insert(0, "origin", _origins(label, lines) if len(lines) else pd.Series([], dtype="str"))
    frame.insert(1, "file", label)
    frame.insert(2, "line", lines)
    return RawClaims(rows=frame, blank_lines=int(blank.sum()))
