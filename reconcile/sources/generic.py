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


def read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 (a BOM is dropped), or a clear InputError."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a directory, not a claims file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
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


def read_generic(path: Path, label: str | None = None) -> RawClaims:
    """Read one generic claims CSV; see the module docstring."""
    label = label or str(path)
    text = read_text(path)
    frame = parse_csv(path, text, detect_delimiter(text))
    frame = frame.rename(columns=map_header(path, list(frame.columns)))
    frame = frame.rename(columns={c: f"{c}_input" for c in ("origin", "file", "line") if c in frame.columns})
    lines = line_numbers(frame)
    blank = (frame == "").all(axis=1).to_numpy()
    frame = frame.loc[~blank].reset_index(drop=True)
    lines = lines[~blank]
    frame.insert(0, "origin", [f"{label}:{n}" for n in lines])
    frame.insert(1, "file", label)
    frame.insert(2, "line", lines)
    return RawClaims(rows=frame, blank_lines=int(blank.sum()))
