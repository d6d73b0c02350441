"""Turn a published casualty figure ("more than 700", "au moins 90") into an interval.

Every figure becomes ``low <= best <= high`` (``high`` may be ``inf``) plus the
``qualifier`` that produced it:

qualifier        low, best, high           e.g.
---------------  ------------------------  ------------------------------------
exact            N, N, N                   125; a toll of 31; rose to 65; none
approximately    (1-tol)N, N, (1+tol)N     about|environ|unos|etwa|yaklaşık|نحو N
more than        N, N, inf                 more than|plus de|más de|über N; N+
at least         N, N, inf                 at least|au moins|al menos|en az N
up to            0, N, N                   up to|as high as|jusqu'à|bis zu N
nearly           (1-tol)N, N, N            nearly|près de|casi|fast N
range            a, a, b (best = low)      12-15; entre 12 et 15; 50 bis 60
vague            V, V, inf                 dozens 12, hundreds 100, des centaines

The wording is data, not code: ``data/figures/phrases.csv`` (phrases before
and after the number, range patterns) and ``data/figures/words.csv`` (number,
scale and vague words) in English, French, Spanish, Portuguese, German,
Turkish and Arabic (and a little Italian); see :mod:`.grammar`. How digits and
their marks are read ("1.000", "3k", "1,2 mil") is in :mod:`.numbers`.

Choices worth knowing:

* "more than N" is N..inf, not N + 1, and strict upper bounds ("fewer than")
  read as "up to": rounding by monitors would otherwise make disagreements.
* A range's best figure is its low end; an "about" before a range is dropped.
* Vague words use ACLED's coding with an open upper bound; "a few",
  "several", "many" and their translations have no agreed number: rejected.
* A fractional count of people ("2.5", "1,5") is rejected; the intervals the
  tool computes ("about 15" = 13.5..16.5) may be fractional.
* Unknown words before the number are rejected, never skipped; words after
  it, after a space, are taken as its noun ("700 civilians").

Unreadable figures raise :class:`FigureError`, whose message is the reason
shown to the user; a figure is never silently read as zero.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from reconcile.figures.read import NEGATIVE_FIGURE, Figure, FigureError, reader

__all__ = ["Figure", "FigureError", "NEGATIVE_FIGURE", "decimal_mark", "parse_figure", "parse_figures"]

# Evidence of a file's decimal mark, from numbers that can be read one way only.
_POINT_DECIMAL = re.compile(r"\d,\d{3},\d{3}(?!\d)|\d,\d{3}\.\d|(?<![\d.,])\d+\.(?:\d{1,2}|\d{4,})(?![\d.,])")
_COMMA_DECIMAL = re.compile(r"\d\.\d{3}\.\d{3}(?!\d)|\d\.\d{3},\d"
                            r"|(?<![\d.,])\d+,(?:\d{1,2}|\d{4,})(?![\d.,])")


def decimal_mark(texts) -> str | None:
    """The decimal mark the figures show ("." or ","), or None when they do not say.

    "1,234,567", "1,234.5" and "2.5" show a decimal point; "1.234.567",
    "1.234,5" and "3,5" a decimal comma. Both, or neither: None.
    """
    point = comma = False
    for text in texts:
        text = str(text)
        point = point or bool(_POINT_DECIMAL.search(text))
        comma = comma or bool(_COMMA_DECIMAL.search(text))
    if point == comma:
        return None
    return "." if point else ","


def _check_tolerance(tolerance: float) -> None:
    """Refuse a tolerance that would make low negative (the CLI allows 0..1)."""
    if not 0 <= tolerance <= 1:
        raise ValueError(f"tolerance must be in [0, 1], got {tolerance!r}")


def _parse(text, tolerance: float, decimal: str | None) -> Figure:
    if isinstance(text, (int, float, np.number)) and not isinstance(text, (bool, np.bool_)):
        return _parse_number(float(text))
    if text is None or text is pd.NA or text is pd.NaT:
        raise FigureError("figure is empty")
    text = str(text)
    if len(text) <= _EXACT_DIGITS and text.isascii() and text.isdigit():
        return _parse_number(float(text))  # what the grammar reads too, without compiling it
    return reader().read(text, tolerance, decimal)


#: digits a float holds exactly
_EXACT_DIGITS = 15


def _parse_number(value: float) -> Figure:
    """A figure that arrived as a number (a numeric column), not as text."""
    if math.isnan(value):
        raise FigureError("figure is empty")
    if value < 0:
        raise FigureError(NEGATIVE_FIGURE)
    if math.isinf(value):
        raise FigureError("number too large")
    if value != int(value):
        raise FigureError(f"a fractional count ({value:g})")
    return Figure(value, value, value, "exact")


def parse_figure(text: str, tolerance: float = 0.1, decimal: str | None = None) -> Figure:
    """Read one published figure as an interval.

    Parameters
    ----------
    text
        The figure as published: ``"125"``, ``"more than 700 civilians"``,
        ``"au moins 90"``, ``"12-15"``, ``"dozens"``, ``"أكثر من ٧٠٠"``.
    tolerance
        Relative half-width given to "approximately N" (and the lower side of
        "nearly N"); 0.1 reads "about 100" as 90..110.
    decimal
        The decimal mark of the file the figure came from ("." or ","), when
        known; it decides "1.500 million".

    Raises
    ------
    FigureError
        The text is empty, negative, fractional, has no readable number,
        holds several numbers that are not a range, or words around the
        number that the grammar does not know; ``str(exc)`` says which.
    """
    _check_tolerance(tolerance)
    return _parse(text, tolerance, decimal)


_COLUMNS = ["low", "best", "high", "qualifier", "figure_error"]
_FAILED = (math.nan, math.nan, math.nan, "")


def _parse_row(text, tolerance: float, decimal: str | None) -> tuple:
    try:
        return (*_parse(text, tolerance, decimal), "")
    except FigureError as exc:
        return (*_FAILED, str(exc))


def parse_figures(texts: pd.Series, tolerance: float = 0.1, decimal: str | None = None) -> pd.DataFrame:
    """Read a column of figures; one row per input row, aligned on ``texts.index``.

    Each distinct text is parsed once and the results spread back with
    ``take``; missing cells become the error "figure is empty", never a zero.
    ``decimal`` is the column's decimal mark; None works it out from the
    column itself (:func:`decimal_mark`).

    Returns
    -------
    DataFrame
        ``low``, ``best``, ``high`` (float64; ``high`` may be inf; NaN where
        the text failed), ``qualifier`` (str; "" on failure) and
        ``figure_error`` (str; "" when the text parsed).
    """
    _check_tolerance(tolerance)
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    if decimal is None:
        decimal = decimal_mark(u for u in uniques if isinstance(u, str))
    rows = [_parse_row(text, tolerance, decimal) for text in uniques]  # distinct texts
    rows.append((*_FAILED, "figure is empty"))  # the row for missing cells (code -1)
    table = pd.DataFrame(rows, columns=_COLUMNS).astype(
        {"low": "float64", "best": "float64", "high": "float64",
         "qualifier": "str", "figure_error": "str"}
    )
    positions = np.where(codes < 0, len(uniques), codes)
    result = table.take(positions)
    result.index = texts.index
    return result
