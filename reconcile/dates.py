"""Date text -> the period it names.

``2025-03-07`` names a day, ``2025-03`` a month and ``2025`` a year, so each
value becomes a ``start`` and an ``end`` day. ISO dates are read strictly
(``2025-02-30`` is impossible, not "March 2"); other spellings (``7 March
2025``, ``9-May-20``, ``07/03/2025``) are read day-first, as monitors outside
the US write them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: An open bound of a period the source does not date: a cumulative toll "since the war began"
#: (no start given) or a war estimate without years. Adapters write these days instead of a blank,
#: which would reject the claim; they are real days, so matching, sorting and actor periods work
#: on them unchanged (an open period overlaps everything), and people see "to 2025-03-31".
OPEN_START = "0001-01-01"
OPEN_END = "9999-12-31"

_ISO_DAY = r"\d{4}-\d{2}-\d{2}"
_ISO_MONTH = r"\d{4}-\d{2}"
_YEAR = r"\d{4}"
_ISO_DATETIME = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"
UNIT = "datetime64[s]"


def _strict(values: pd.Series, pattern: str, fmt: str, utc: bool = False) -> pd.Series:
    matched = values.where(values.str.fullmatch(pattern))
    return pd.to_datetime(matched, format=fmt, errors="coerce", utc=utc)


#: day-first spellings tried as fixed formats (fast) before the general parser (dateutil, slow).
_COMMON_DAY_FIRST = ("%d/%m/%Y", "%d %B %Y", "%d %b %Y", "%d-%m-%Y", "%d.%m.%Y")


def _day_first(text: pd.Series) -> pd.Series:
    """Non-ISO dates read day-first; NaN cells stay NaT.

    The common spellings go through fixed formats, which read them exactly as
    the general parser would; only what they leave goes to the general parser.
    """
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    todo = text.notna()
    for fmt in _COMMON_DAY_FIRST:
        if not todo.any():
            return parsed
        got = pd.to_datetime(text.where(todo), format=fmt, errors="coerce").astype("datetime64[us]")
        parsed = parsed.fillna(got)
        todo &= got.isna()
    if todo.any():
        rest = text[todo].map(_general)
        parsed = parsed.fillna(pd.Series(pd.to_datetime(rest), index=rest.index).astype("datetime64[us]"))
    return parsed


def _general(text: str) -> pd.Timestamp:
    """One date by the general parser, day-first; NaT when unreadable, or when the parser found a
    time zone in it: no date spelling has one, so it misread the text ("122025-03-06" as 20 December)."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            stamp = pd.to_datetime(text, dayfirst=True)
    except (ValueError, OverflowError, TypeError):
        return pd.NaT
    return pd.NaT if stamp is pd.NaT or stamp.tzinfo is not None else stamp


def parse_periods(values: pd.Series) -> pd.DataFrame:
    """Each text -> ``start``, ``end`` (day precision) and ``error`` ("" if it parsed).

    Blank cells get NaT and no error: whether a blank date is allowed is the
    caller's decision. Each distinct text is parsed once.
    """
    # Distinct raw values first (a column of a million dates has a few thousand), then trim those.
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    codes = np.where(codes < 0, len(uniques), codes)  # missing cells: the blank entry added last
    distinct = pd.Series(pd.Index(uniques).astype(str).tolist() + [""], dtype=str).str.strip()

    day = _strict(distinct, _ISO_DAY, "%Y-%m-%d")
    # times with an offset count in UTC (several offsets in one column are fine);
    # times without stay as written
    stamp = _strict(distinct, _ISO_DATETIME, "ISO8601", utc=True).dt.tz_convert(None)
    month = _strict(distinct, _ISO_MONTH, "%Y-%m")
    year = _strict(distinct, _YEAR, "%Y")
    looks_iso = distinct.str.fullmatch(rf"{_ISO_MONTH}|{_YEAR}|{_ISO_DAY}.*")
    # Day, month and year must all be there: "03-07" would otherwise get this year.
    complete = distinct.str.count(r"[^\s,./\-]+") >= 3
    other = distinct.where(~looks_iso & complete)
    loose = _day_first(other)

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

    result = pd.DataFrame(
        {"start": start.astype(UNIT).to_numpy()[codes], "end": end.astype(UNIT).to_numpy()[codes]},
        index=values.index,
    )
    result["error"] = error.take(codes).set_axis(values.index)
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


def is_open_start(value) -> bool:
    """Whether a parsed start day is :data:`OPEN_START` (no start given)."""
    return value is not None and not pd.isna(value) and pd.Timestamp(value) <= pd.Timestamp(OPEN_START)


def is_open_end(value) -> bool:
    """Whether a parsed end day is :data:`OPEN_END` (no end given)."""
    return value is not None and not pd.isna(value) and pd.Timestamp(value) >= pd.Timestamp(OPEN_END)
