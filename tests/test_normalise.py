"""Raw rows -> normalised claims: every row used or rejected, input columns kept."""

from __future__ import annotations

import pandas as pd
import pytest

from reconcile.actors import load_aliases
from reconcile.normalise import normalise
from reconcile.sources import read_files


def run(path):
    return normalise(read_files([path], ["c.csv"]), load_aliases())


def test_input_columns_named_like_ours_are_kept_under_a_suffix(write):
    claims = run(write("c.csv", "source,figure,date,qualifier,origin\nSOHR,about 100,2025-03-07,about,web\n")).claims
    row = claims.iloc[0]
    assert row["low"] == 90.0
    assert (row["qualifier"], row["qualifier_input"]) == ("approximately", "about")
    assert (row["origin"], row["origin_input"]) == ("c.csv:2", "web")


def test_low_best_high_columns_are_the_interval_and_the_figure_is_only_shown(write):
    text = ("source,figure,date,low,best,high\n"
            "UCDP,12 (10-15),2025-03-07,10,12,15\n"
            "UCDP,about 100,2025-03-07,,,\n"
            "UCDP,not parsed at all,2025-03-07,0,0,0\n"
            "UCDP,open,2025-03-07,5,5,inf\n")
    result = run(write("c.csv", text))
    assert result.rows["rejected"] == 0
    claims = result.claims
    expected = [10, 12, 15, 90, 100, 110, 0, 0, 0, 5, 5, float("inf")]
    assert claims[["low", "best", "high"]].to_numpy().ravel().tolist() == pytest.approx(expected)
    assert claims["qualifier"].tolist() == ["estimate", "approximately", "exact", "range"]
    assert claims["figure"].tolist()[0] == "12 (10-15)"


@pytest.mark.parametrize(
    ("low", "best", "high", "reason"),
    [("10", "", "15", "best is empty"), ("ten", "12", "15", "low 'ten' is not a number"),
     ("-1", "2", "3", "low -1 is negative")],
)
def test_bad_intervals_are_rejected_with_the_reason(write, low, best, high, reason):
    result = run(write("c.csv", f"source,figure,date,low,best,high\nUCDP,x,2025-03-07,{low},{best},{high}\n"))
    assert result.rows["read"] == result.rows["rejected"] == 1
    assert reason in result.rejected.loc[0, "reason"]


@pytest.mark.parametrize(
    ("low", "best", "high", "interval"),
    [("10", "8", "15", (8, 8, 15)), ("1", "2", "1", (1, 2, 2)), ("2", "2", "1", (1, 2, 2)),
     ("1234567", "1300000", "1250000", (1234567, 1300000, 1300000))],
)
def test_out_of_order_intervals_are_widened_with_a_warning(write, low, best, high, interval):
    result = run(write("c.csv", f"source,figure,date,low,best,high\nUCDP,x,2025-03-07,{low},{best},{high}\n"))
    assert result.rows["used"] == 1 and result.rows["rejected"] == 0
    claim = result.claims.iloc[0]
    assert (claim["low"], claim["best"], claim["high"]) == interval
    assert claim["interval_note"].startswith(f"low, best, high out of order ({low}, {best}, {high})")
    assert any("1 claim gave low, best, high out of order (first: " in w for w in result.warnings)
    assert claim["interval_note"].endswith(f"read as {interval[0]}-{interval[2]}")  # every digit, no 1.3e+06


def test_every_reason_of_a_row_is_given(write):
    result = run(write("c.csv", "source,figure,date_start,date_end\n,many,2025-03-09,2025-03-01\n"))
    assert result.rows == {"read": 1, "used": 0, "rejected": 1, "claims": 1, "skipped": 0}
    reason = result.rejected.loc[0, "reason"]
    assert "source is empty" in reason
    assert "figure 'many'" in reason
    assert "date_end 2025-03-01 is before date_start 2025-03-09" in reason


def test_rows_read_equal_used_plus_rejected(write):
    rows = "".join(f"S{i},{fig},2025-03-0{1 + i % 9}\n" for i, fig in enumerate(["5", "x", "-1", "about 7", ""] * 20))
    result = run(write("c.csv", "source,figure,date\n" + rows))
    assert result.rows["read"] == 100
    assert result.rows["used"] + result.rows["rejected"] == 100
    assert result.rows["rejected"] == 60


def test_a_date_column_gives_a_one_day_period_and_a_month_a_month(write):
    claims = run(write("c.csv", "source,figure,date\nA,1,2025-03-07\nB,2,2025-02\n")).claims
    assert claims["date_start"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-07", "2025-02-01"]
    assert claims["date_end"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-07", "2025-02-28"]


def test_each_file_shows_its_own_decimal_mark(write):
    spanish = write("es.csv", "source,figure,date\nA,1.500 millones,2025-03-07\nA,1.234.567,2025-03-07\n")
    english = write("en.csv", "source,figure,date\nB,1.500 million,2025-03-07\nB,2.5 million,2025-03-07\n")
    unknown = write("xx.csv", "source,figure,date\nC,1.500 million,2025-03-07\n")
    result = normalise(read_files([spanish, english, unknown]), load_aliases())
    best = {o.rsplit("/", 1)[-1]: b for o, b in zip(result.claims.origin, result.claims.best)}
    assert best["es.csv:2"] == 1_500_000_000
    assert best["en.csv:2"] == 1_500_000
    assert [o.rsplit("/", 1)[-1] for o in result.rejected.origin] == ["xx.csv:2"]
    assert "may be 1500 or 1.500" in result.rejected.reason.iloc[0]


def test_a_start_without_an_end_runs_to_its_publication_or_stays_open(write):
    path = write("c.csv", "source,figure,date_start,date_end,published\n"
                          "A,120,2018-02-18,,2018-03-04\n"  # since 18 February, published 4 March
                          "A,80,2018-02-18,,\n"  # since 18 February, no publication day
                          "A,10,2018-02-20,2018-02-20,2018-02-21\n")
    claims = run(path).claims.set_index("origin")
    assert str(claims.loc["c.csv:2", "date_end"].date()) == "2018-03-04"
    assert str(claims.loc["c.csv:3", "date_end"].date()) == "9999-12-31"
    assert str(claims.loc["c.csv:4", "date_end"].date()) == "2018-02-20"


def test_a_single_date_column_is_still_one_day(write):
    claims = run(write("c.csv", "source,figure,date,published\nA,12,2018-02-18,2018-03-04\n")).claims
    assert claims.loc[0, "date_start"] == claims.loc[0, "date_end"]


def test_problem_rows_align_each_check_on_the_rows_as_a_frame_of_them_would():
    """Built for the failed rows only, the problems still align a check's cells on the rows: a value
    missing for some rows is read as a frame of them all reads it, and repeated row labels work."""
    from reconcile.normalise import _Check, _problems

    origin = pd.Series(["f:2", "f:3", "f:4"], dtype="str")
    short = _Check("low", pd.Series([7, 8], index=[0, 1]), "bad-interval",
                   pd.Series(["too low", "", ""], dtype="str"))
    assert _problems([short], origin).to_dict("records") == [
        {"origin": "f:2", "column": "low", "value": "7.0", "rule": "bad-interval", "message": "too low"}]
    repeated = pd.Index([0, 0, 1])
    check = _Check("date", pd.Series(["x", "y", "z"], index=repeated, dtype="str"), "bad-date",
                   pd.Series(["", "no such day", ""], index=repeated, dtype="str"))
    problems = _problems([check], pd.Series(["a:2", "a:3", "a:4"], index=repeated, dtype="str"))
    assert problems[["origin", "value", "message"]].to_dict("records") == [
        {"origin": "a:3", "value": "y", "message": "no such day"}]
