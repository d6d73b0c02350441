"""Date text -> period."""

from __future__ import annotations

import pandas as pd
import pytest

from reconcile.dates import parse_date, parse_periods


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025-03-07", "2025-03-07", "2025-03-07"),
        ("2025-03", "2025-03-01", "2025-03-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2025", "2025-01-01", "2025-12-31"),
        ("7 March 2025", "2025-03-07", "2025-03-07"),
        ("9-May-20", "2020-05-09", "2020-05-09"),
        ("07/03/2025", "2025-03-07", "2025-03-07"),  # day first
        ("2025-03-07T22:15:00Z", "2025-03-07", "2025-03-07"),
    ],
)
def test_periods(text, start, end):
    parsed = parse_periods(pd.Series([text])).iloc[0]
    assert (parsed["start"], parsed["end"]) == (pd.Timestamp(start), pd.Timestamp(end))
    assert parsed["error"] == ""


@pytest.mark.parametrize("text", ["2025-02-30", "2025-13-01", "yesterday", "03-07"])
def test_impossible_or_unreadable_dates_are_errors(text):
    parsed = parse_periods(pd.Series([text])).iloc[0]
    assert pd.isna(parsed["start"])
    assert text in parsed["error"]


def test_blank_is_missing_not_an_error():
    parsed = parse_periods(pd.Series(["", None])).iloc[0]
    assert pd.isna(parsed["start"]) and parsed["error"] == ""


def test_result_keeps_the_input_index_and_repeats():
    values = pd.Series(["2025-03-07", "bad", "2025-03-07"], index=[10, 20, 30])
    parsed = parse_periods(values)
    assert parsed.index.tolist() == [10, 20, 30]
    assert parsed.loc[30, "start"] == pd.Timestamp("2025-03-07")
    assert parsed.loc[20, "error"]


def test_as_of_month_means_its_last_day():
    assert parse_date("2025-03") == pd.Timestamp("2025-03-31")
    with pytest.raises(ValueError):
        parse_date("soon")
