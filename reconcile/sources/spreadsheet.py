"""Spreadsheets (``.xlsx``, ``.ods``, ``.xls``): a sheet as text cells, as a person sees them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile.errors import InputError, UsageError


def cell_text(value) -> str:
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
    if not cells or not any(cell_text(v) for v in cells[0]):
        raise InputError(path, f"sheet '{name}' is empty (expected a header row)", line=1)
    width = max(len(r) for r in cells)
    header = [cell_text(v) or f"column_{i + 1}"
              for i, v in enumerate(cells[0] + [""] * (width - len(cells[0])))]
    body = pd.DataFrame([r + [""] * (width - len(r)) for r in cells[1:]], columns=header, dtype=object)
    frame = body.apply(lambda column: column.map(cell_text)).astype(str) if len(body) else body.astype(str)
    lines = np.arange(2, len(frame) + 2, dtype=np.int64)
    return frame, lines, name
