"""Date text -> the period it names.

``2025-03-07`` names a day, ``2025-03`` a month and ``2025`` a year, so each
value becomes a ``start`` and an ``end`` day. ISO dates are read strictly
(``2025-02-30`` is impossible, not "March 2"); other spellings (``7 March
2025``, ``9-May-20``, ``07/03/2025``) are read day-first, as monitors outside
the US write them.
"""

from __future__ import annotations

import pandas as pd

_ISO_DAY = r"\d{4}-\d{2}-\d{2}"
_ISO_MONTH = r"\d{4}-\d{2}"
_YEAR = r"\d{4}"
_ISO_DATETIME = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"
UNIT = "datetime64[s]"


def _strict(values: pd.Series, pattern: str, fmt: str) -> pd.Series:
    matched = values.where(values.str.fullmatch(pattern))
    return pd.to_datetime(matched, format=fmt, errors="coerce")


def parse_periods(values: pd.Series) -> pd.DataFrame:
    """Each text -> ``start``, ``end`` (day precision) and ``error`` ("" if it parsed).

    Blank cells get NaT and no error: whether a blank date is allowed is the
    caller's decision. Each distinct text is parsed once.
    """
    text = values.fillna("").astype(str).str.strip()
    codes, uniques = pd.factorize(text)
    distinct = pd.Series(uniques, dtype=str)

    day = _strict(distinct, _ISO_DAY, "%Y-%m-%d")
    stamp = _strict(distinct, _ISO_DATETIME, "ISO8601")
    if getattr(stamp.dt, "tz", None) is not None:
        stamp = stamp.dt.tz_convert(None)
    month = _strict(distinct, _ISO_MONTH, "%Y-%m")
    year = _strict(distinct, _YEAR, "%Y")
    looks_iso = distinct.str.fullmatch(rf"{_ISO_MONTH}|{_YEAR}|{_ISO_DAY}.*")
    # Day, month and year must all be there: "03-07" would otherwise get this year.
    complete = distinct.str.count(r"[^\s,./\-]+") >= 3
    other = distinct.where(~looks_iso & complete)
    loose = pd.to_datetime(other, format="mixed", dayfirst=True, errors="coerce")

    start = day.fillna(stamp.dt.normalize()).fillna(month).fillna(year).fillna(loose.dt.normalize())
    end = (
        day.fillna(stamp.dt.normalize())
        .fillna(month + pd.offsets.MonthEnd(0))
        .fillna(year + pd.offsets.YearEnd(0))
        .fillna(loose.dt.normalize())
    )
    error = pd.Series("", index=distinct.index, dtype=str)
    bad = start.isna() & (distinct != "")
    error[bad] = "impossible or unreadable date '" + distinct[bad] + "' (use YYYY-MM-DD)"

    parsed = pd.DataFrame(
        {"start": start.astype(UNIT), "end": end.astype(UNIT), "error": error}
    )
    result = parsed.iloc[codes].reset_index(drop=True)
    result.index = values.index
    return result


def parse_date(text: str) -> pd.Timestamp:
    """One date given on the command line (``--as-of``); ValueError when unreadable.

    A month or year means its last day: ``--as-of 2025-03`` keeps everything
    published in March.
    """
    parsed = parse_periods(pd.Series([text]))
    if parsed["error"].iloc[0] or pd.isna(parsed["end"].iloc[0]):
        raise ValueError(f"cannot read date '{text}' (use YYYY-MM-DD)")
    return parsed["end"].iloc[0]
