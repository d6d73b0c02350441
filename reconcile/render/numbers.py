"""How figures, intervals and ratios are written in every output format."""

from __future__ import annotations

import math

import pandas as pd


def number(value: float) -> str:
    """``1,000``, ``112.5``, ``∞``; never rounded to hide a digit that matters."""
    if value is None or pd.isna(value):
        return ""
    if math.isinf(value):
        return "∞"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def interval(low: float, high: float) -> str:
    """``125`` for a point, ``112.5–137.5`` for a range, ``≥700`` when unbounded."""
    if low == high:
        return number(low)
    if math.isinf(high):
        return f"≥{number(low)}"
    return f"{number(low)}–{number(high)}"


def ratio(value: float) -> str:
    """A spread as ``5.6×``; ``–`` when there is nothing to compare."""
    if value is None or pd.isna(value):
        return "–"
    if math.isinf(value):
        return "∞"
    return f"{value:.1f}×"


def status(name: str, spread: float) -> str:
    """``disjoint 5.6×``; a single source's spread says nothing and is left out."""
    shown = ratio(spread)
    return name if name == "single-source" or shown == "–" else f"{name} {shown}"


def day(value) -> str:
    # isoformat, not strftime: strftime leaves years before 1000 unpadded ("1-01-01" for an open start).
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def span(start, end) -> str:
    """``2025-03-06..2025-03-08``; an open bound (a toll "to date", an undated estimate) is said in words."""
    from reconcile.dates import is_open_end, is_open_start

    opened, ended = is_open_start(start), is_open_end(end)
    first, last = day(start), day(end)
    if opened and ended:
        return "undated"
    if opened:
        return f"to {last}"
    if ended:
        return f"from {first}"
    return first if first == last else f"{first}..{last}"
