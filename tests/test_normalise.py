"""Raw rows -> normalised claims: every row used or rejected, input columns kept."""

from __future__ import annotations

from reconcile.actors import load_aliases
from reconcile.normalise import normalise
from reconcile.sources import read_files


def run(path):
    return normalise(read_files([path], ["c.csv"]), load_aliases())


def test_input_columns_named_like_ours_are_kept_under_a_suffix(write):
    claims = run(write("c.csv", "source,figure,date,low,qualifier,origin\nSOHR,about 100,2025-03-07,90,about,web\n")).claims
    row = claims.iloc[0]
    assert (row["low"], row["low_input"]) == (90.0, "90")
    assert (row["qualifier"], row["qualifier_input"]) == ("approximately", "about")
    assert (row["origin"], row["origin_input"]) == ("c.csv:2", "web")


def test_every_reason_of_a_row_is_given(write):
    result = run(write("c.csv", "source,figure,date_start,date_end\n,many,2025-03-09,2025-03-01\n"))
    assert result.rows == {"read": 1, "used": 0, "rejected": 1}
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
