"""reconcile.intervals: a claim's low/best/high, from given columns (checked, qualified, widened when
out of order) or parsed from its figure file by file; the reasons joined per row; the run's warning.

Rejection and widening through a whole file are in test_normalise.py; here the functions directly."""

from __future__ import annotations

import math

import pandas as pd

from reconcile.intervals import claim_intervals, join_reasons, stripped_cells, widened_warning


def intervals(figures, low=None, best=None, high=None, files=None):
    """claim_intervals of rows with these figures and (when given) low/best/high columns."""
    rows = pd.DataFrame({"file": files or ["c.csv"] * len(figures)})
    for name, column in (("low", low), ("best", best), ("high", high)):
        if column is not None:
            rows[name] = column
    return claim_intervals(rows, pd.Series(figures), tolerance=0.1)


def triple(row):
    return (row["low"], row["best"], row["high"])


def test_a_figure_is_parsed_when_no_interval_is_given():
    result = intervals(["more than 700", "approximately 125", "between 100 and 300"])
    assert triple(result.iloc[0]) == (700, 700, math.inf)  # "more than": open upper bound
    assert result["qualifier"].iloc[0] == "more than"
    assert triple(result.iloc[1]) == (112.5, 125, 137.5)  # the tolerance either side
    assert triple(result.iloc[2]) == (100, 100, 300)
    assert (result["interval_error"] == "").all() and (result["interval_note"] == "").all()


def test_given_low_best_high_win_over_the_figure_and_name_their_shape():
    # the figure "x" is only shown: no figure_error where an interval is given
    result = intervals(["x", "x", "x", "x", "more than 9"], low=["10", "10", "5", "1,000", ""],
                       best=["12", "10", "5", "1,200", ""], high=["15", "20", "5", "∞", ""])
    assert [triple(r) for _, r in result.iloc[:4].iterrows()] == [
        (10, 12, 15), (10, 10, 20), (5, 5, 5), (1000, 1200, math.inf)]
    assert result["qualifier"].tolist() == ["estimate", "range", "exact", "estimate", "more than"]
    assert (result["figure_error"] == "").all()
    assert triple(result.iloc[4]) == (9, 9, math.inf)  # a row with blank columns falls back to its figure


def test_every_problem_of_a_given_interval_is_named_in_column_order():
    result = intervals(["x"], low=[""], best=["ten"], high=["-3"])
    assert result["interval_error"].iloc[0] == (
        "low is empty (low, best and high go together); best 'ten' is not a number; high -3 is negative")


def test_an_out_of_order_interval_is_widened_to_hold_all_three_and_noted():
    result = intervals(["x", "x"], low=["1", "10"], best=["2", "8"], high=["1", "15"])
    assert triple(result.iloc[0]) == (1, 2, 2)
    assert triple(result.iloc[1]) == (8, 8, 15)
    assert result["interval_note"].tolist() == ["low, best, high out of order (1, 2, 1): read as 1-2",
                                                "low, best, high out of order (10, 8, 15): read as 8-15"]
    assert (result["interval_error"] == "").all()  # kept, not rejected


def test_figures_are_parsed_file_by_file_so_each_file_shows_its_decimal_mark():
    # a.csv writes a decimal comma (2,5), so its "1.000" is a thousand; b.csv writes 1.5, so its
    # "1.000" could be one: it is not read as 1,000
    result = intervals(["1.000", "2,5", "1.000", "1.5"], files=["a.csv", "a.csv", "b.csv", "b.csv"])
    assert triple(result.iloc[0]) == (1000, 1000, 1000)
    assert math.isnan(result["best"].iloc[2])
    assert result["figure_error"].iloc[2] == (
        "'1.000' would be 1.000 with the file's decimal mark '.' in '1.000'")
    one_file = intervals(["1.000", "1.5"])
    assert math.isnan(one_file["best"].iloc[0])


def test_join_reasons_joins_only_the_non_empty_messages_per_row():
    first = pd.Series(["", "source is empty", "source is empty", ""], index=[3, 4, 5, 6])
    second = pd.Series(["", "", "figure 'many' ...", "date is empty"], index=[3, 4, 5, 6])
    joined = join_reasons([first, second])
    assert joined.tolist() == ["", "source is empty", "source is empty; figure 'many' ...", "date is empty"]
    assert joined.index.tolist() == [3, 4, 5, 6]


def test_stripped_cells_are_text_and_blank_for_a_missing_column():
    raw = pd.DataFrame({"place": ["  Idlib ", "Latakia"]}, index=[7, 8])
    assert stripped_cells(raw, "place").tolist() == ["Idlib", "Latakia"]
    missing = stripped_cells(raw, "date_start")
    assert missing.tolist() == ["", ""] and missing.index.tolist() == [7, 8]


def test_the_widened_warning_counts_claims_and_names_the_first():
    claims = pd.DataFrame({"origin": ["c.csv:2", "c.csv:3", "c.csv:4"], "interval_note": ["", "w", "w"]})
    assert widened_warning(claims) == (
        "2 claims gave low, best, high out of order (first: c.csv:3); each interval was widened to hold "
        "all three, and `reconcile validate` lists them (interval-order)",)
    assert widened_warning(claims.iloc[:2])[0].startswith("1 claim gave ")
    assert widened_warning(claims.iloc[:1]) == ()
