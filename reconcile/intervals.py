"""A claim's interval: the ``low``, ``best``, ``high`` a source gave, checked, else its figure parsed.

Where a claim row has ``low``, ``best`` or ``high`` (an adapter giving UCDP's
estimates or Airwars' min/max, or a claims file with those columns), the
three numbers are the interval and ``figure`` is only shown, not parsed; they
must all be numbers, not negative. Out of order (``best`` above ``high``, as
in 101 rows of UCDP GED 19.1) they are the source's numbers all the same: the
claim is kept with its interval widened to hold all three, ``interval_note``
saying so, and a warning.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.figures import parse_figures

_INTERVAL = ("low", "best", "high")


def stripped_cells(raw: pd.DataFrame, name: str) -> pd.Series:
    """The column's cells as stripped text; blank cells where the rows have no such column."""
    if name in raw.columns:
        return raw[name].astype(str).str.strip()
    return pd.Series("", index=raw.index, dtype=str)


def join_reasons(messages: list[pd.Series]) -> pd.Series:
    """Per row, the non-empty messages joined with "; "."""
    texts = [message.to_numpy(dtype=object) for message in messages]
    failing = np.zeros(len(messages[0]), dtype=bool)
    for text in texts:
        failing |= text != ""
    # Strings are only added up for the (few) rows with a message.
    joined = np.full(int(failing.sum()), "", dtype=object)
    for text in texts:
        text = text[failing]
        both = (joined != "") & (text != "")
        joined = np.where(both, joined + "; " + text, joined + text)
    result = np.full(len(failing), "", dtype=object)
    result[failing] = joined
    return pd.Series(result, index=messages[0].index, dtype=str)

def _numbers(values: pd.Series) -> pd.Series:
    """Each text as a float (NaN when not a number), each distinct text parsed once."""
    codes, distinct = pd.factorize(values)
    text = pd.Series(distinct, dtype=str).str.replace(",", "", regex=False).str.replace(
        "∞", "inf", regex=False)
    parsed = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64")
    return pd.Series(parsed[codes] if len(parsed) else np.full(len(values), np.nan), index=values.index)


def _intervals(rows: pd.DataFrame) -> pd.DataFrame:
    """``low``, ``best``, ``high`` given as numbers: the floats, whether given, and the error.

    Only rows giving any of the three are parsed and checked; the others get NaN and no error.
    """
    given = pd.Series(False, index=rows.index)
    for name in _INTERVAL:
        if name in rows.columns:
            given |= rows[name].astype(str).str.strip() != ""
    blank = pd.Series("", index=rows.index, dtype=str)
    result = pd.DataFrame({"low": np.nan, "best": np.nan, "high": np.nan, "given": given,
                           "qualifier": blank, "error": blank, "note": blank}, index=rows.index)
    if given.any():
        checked = _checked_intervals(rows.loc[given])
        result.loc[given, checked.columns] = checked
    return result.astype({"qualifier": str, "error": str, "note": str})


def _checked_intervals(rows: pd.DataFrame) -> pd.DataFrame:
    """Parse and check the interval of rows that give one."""
    text = {name: stripped_cells(rows, name) for name in _INTERVAL}
    given = pd.Series(True, index=rows.index)
    number = {name: _numbers(text[name]) for name in _INTERVAL}
    errors = []
    for name in _INTERVAL:
        blank = given & (text[name] == "")
        errors.append(pd.Series(np.where(blank, f"{name} is empty (low, best and high go together)", ""),
                                index=rows.index, dtype=str))
        bad = given & (text[name] != "") & number[name].isna()
        errors.append(pd.Series(np.where(bad, f"{name} '" + text[name] + "' is not a number", ""),
                                index=rows.index, dtype=str))
        negative = given & (number[name] < 0)
        errors.append(pd.Series(np.where(negative, f"{name} " + text[name] + " is negative", ""),
                                index=rows.index, dtype=str))
    given_low, best, given_high = number["low"], number["best"], number["high"]
    # Published datasets have such rows (101 in UCDP GED 19.1: high below best). The numbers are the
    # source's, so the claim is kept, its interval widened to hold all three, and the row flagged.
    low = np.fmin(np.fmin(given_low, best), given_high)
    high = np.fmax(np.fmax(given_high, best), given_low)
    disorder = (given_low > best) | (best > given_high)
    note = np.where(
        disorder,
        "low, best, high out of order (" + text["low"] + ", " + text["best"] + ", " + text["high"]
        + "): read as " + _number_text(low) + "-" + _number_text(high),
        "",
    )
    qualifier = np.where(low == high, "exact", np.where(best == low, "range", "estimate"))
    return pd.DataFrame({"low": low, "best": best, "high": high, "qualifier": qualifier,
                         "error": join_reasons(errors), "note": note}, index=rows.index)


def _number_text(values: pd.Series) -> pd.Series:
    return values.map("{:.15g}".format).astype(str)  # every digit: "{:g}" writes 1234567 as 1.23457e+06


def _parse_per_file(files: pd.Series, figure: pd.Series, tolerance: float) -> pd.DataFrame:
    """Figures parsed file by file: each file's own figures show its decimal mark."""
    files = files.loc[figure.index]
    if files.nunique() <= 1:
        return parse_figures(figure, tolerance=tolerance)
    parts = [parse_figures(texts, tolerance=tolerance) for _, texts in figure.groupby(files, sort=False)]
    return pd.concat(parts) if parts else parse_figures(figure, tolerance=tolerance)


def claim_intervals(rows: pd.DataFrame, figure: pd.Series, tolerance: float) -> pd.DataFrame:
    """Every row's interval: from its low/best/high where given, else parsed from its figure."""
    interval = _intervals(rows)
    given = interval["given"].to_numpy()
    parsed = _parse_per_file(rows["file"], figure.loc[~given], tolerance).reindex(rows.index)
    result = pd.DataFrame(index=rows.index)
    for name in _INTERVAL:
        result[name] = np.where(given, interval[name], parsed[name])
    # text columns chosen between as text (Arrow's if-else), not through a million Python strings
    result["qualifier"] = parsed["qualifier"].where(~given, interval["qualifier"])
    result["figure_error"] = parsed["figure_error"].fillna("").where(~given, "")
    result["interval_error"] = interval["error"].where(given, "")
    result["interval_note"] = interval["note"].where(given, "")
    return result


def widened_warning(claims: pd.DataFrame) -> tuple[str, ...]:
    """The run's warning that claims gave their interval out of order (none when none did)."""
    widened = claims.loc[claims["interval_note"] != ""]
    if widened.empty:
        return ()
    return (f"{len(widened)} claim{'s' if len(widened) > 1 else ''} gave low, best, high out of order "
            f"(first: {widened['origin'].iloc[0]}); each interval was widened to hold all three, "
            "and `reconcile validate` lists them (interval-order)",)
