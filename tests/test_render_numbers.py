"""reconcile/render/numbers.py: how figures, intervals, spreads, statuses and date spans are written
in every output format (thousands marks, ``≥`` for an open bound, ``5.6×``, ``from``/``to`` dates)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from reconcile.dates import OPEN_END, OPEN_START
from reconcile.render.numbers import day, interval, number, ratio, span, status


@pytest.mark.parametrize(("value", "shown"), [
    (1000.0, "1,000"),
    (231278.0, "231,278"),
    (112.5, "112.5"),  # 0.9 x "approximately 125"
    (0.9 * 13, "11.7"),  # float noise (11.700000000000001) is not a digit that matters
    (math.inf, "∞"),
    (math.nan, ""),
    (None, ""),
])
def test_number_has_thousands_marks_keeps_real_decimals_and_writes_infinity(value, shown):
    assert number(value) == shown


@pytest.mark.parametrize(("low", "high", "shown"), [
    (125.0, 125.0, "125"),
    (112.5, 137.5, "112.5–137.5"),
    (700.0, math.inf, "≥700"),
    (1000.0, math.inf, "≥1,000"),
    (0.0, 50.0, "0–50"),  # "up to 50"
])
def test_interval_is_a_point_a_range_or_an_open_lower_bound(low, high, shown):
    assert interval(low, high) == shown


def test_spread_is_one_decimal_with_a_times_sign_and_a_dash_when_nothing_compares():
    assert ratio(700 / 125) == "5.6×"
    assert ratio(1.0) == "1.0×"
    assert ratio(math.inf) == "∞"
    assert ratio(math.nan) == ratio(None) == "–"


def test_status_carries_the_spread_except_for_a_single_source():
    assert status("disjoint", 700 / 125) == "disjoint 5.6×"
    assert status("consistent", 1.0) == "consistent 1.0×"
    assert status("single-source", 1.0) == "single-source"
    assert status("overlapping", math.nan) == "overlapping"


def test_span_is_one_day_a_range_or_an_open_period_in_words():
    march_6, march_8 = pd.Timestamp("2025-03-06"), pd.Timestamp("2025-03-08")
    assert span(march_6, march_6) == "2025-03-06"
    assert span(march_6, march_8) == "2025-03-06..2025-03-08"
    assert span(pd.Timestamp("2011-03-15"), pd.Timestamp(OPEN_END)) == "from 2011-03-15"
    assert span(pd.Timestamp(OPEN_START), pd.Timestamp("2024-03-18")) == "to 2024-03-18"
    assert span(pd.Timestamp(OPEN_START), pd.Timestamp(OPEN_END)) == "undated"


def test_day_is_iso_and_pads_years_before_1000():
    assert day(pd.Timestamp("2025-03-06 00:00")) == "2025-03-06"
    assert day(pd.Timestamp(OPEN_START)) == "0001-01-01"
    assert day(pd.NaT) == day(None) == ""


def test_a_cumulative_toll_without_an_end_is_shown_from_its_start_in_the_table(here, cli, write):
    write("toll.csv", "incident,source,figure,date_start,date_end,victims\n"
                      'Syria since 2011,SOHR,"over 500,000",2011-03-15,,total\n')
    result = cli("compare", "toll.csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Syria since 2011 · from 2011-03-15"
    assert "≥500,000" in result.stdout
