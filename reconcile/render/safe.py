"""User text made harmless before it reaches a terminal or a spreadsheet.

A claims file is written by someone else. Its cells must not be able to
rewrite the reader's terminal (ANSI escape sequences, control characters,
Unicode direction overrides that make ``007`` display as ``700``), nor run as
formulas when a CSV output is opened in a spreadsheet (OWASP's CSV injection:
a cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return).
"""

from __future__ import annotations

import re

import pandas as pd

#: escape sequences a terminal acts on: CSI (colours, cursor moves), OSC (titles, links),
#: DCS/SOS/PM/APC strings, and the two-character ones.
_ESCAPES = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[ -~]?)"
)
#: C0 and C1 control characters (tab and line breaks are handled apart), DEL, and the
#: bidirectional embeddings, overrides and isolates that reorder what is shown.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile(r"\r\n|[\t\n\r\x0b\x0c\x85\u2028\u2029]")


def printable(text, breaks: bool = False) -> str:
    """``text`` without escape sequences and control characters, for a terminal.

    Tabs and line breaks become spaces, unless ``breaks`` keeps line breaks
    (as ``\\n``).
    """
    text = str(text)
    if text.isprintable():  # no control, format or line-break character: most text
        return text
    text = _ESCAPES.sub("", text)
    if breaks:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        return _CONTROLS.sub("", text)
    return _CONTROLS.sub("", _BREAKS.sub(" ", text))


#: what makes a spreadsheet read a cell as a formula (OWASP), ASCII and full-width.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: a plain number (``-5``, ``+1.5``, ``1,000``, ``2e3``) is read as a number, never as a formula.
_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def defuse(text: str) -> str:
    """One cell made inert for a spreadsheet: a leading ``'`` when it would run as a formula."""
    if isinstance(text, str) and text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def defuse_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell (and column name) that would run as a formula prefixed by ``'``.

    Only text columns are touched: numbers stay numbers (``-5`` is not a formula).
    """
    result = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        risky = values.astype(str).str.startswith(FORMULA_STARTS).fillna(False).astype(bool)
        if risky.any():
            result[column] = values.where(~risky, values[risky].map(defuse))
    result.columns = [defuse(str(c)) for c in frame.columns]
    return result
