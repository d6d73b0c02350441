"""reconcile.triage: which groups the table and Markdown list (above 50 incidents only the groups two or
more sources speak to, disagreements first), --show/--all/--by, and the lines saying what was left out.

The whole command (rendered tables, a synthetic 65-incident run) is in test_rollup.py."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from reconcile.compare import compare
from reconcile.triage import (
    MULTI_SOURCE,
    TRIAGE_INCIDENTS,
    View,
    left_out_line,
    nothing_shown,
    parse_statuses,
    plan,
    shown_groups,
)


def claim(source, best, incident, low=None, high=None):
    return {"origin": f"f.csv:{incident}{source}", "source": source, "incident": incident,
            "perpetrator": "ISIS", "perpetrator_raw": "ISIS", "victims": "civilians", "figure": str(best),
            "low": float(best if low is None else low), "best": float(best),
            "high": float(best if high is None else high), "qualifier": "exact", "published": pd.NaT,
            "date_start": pd.Timestamp("2025-03-06"), "date_end": pd.Timestamp("2025-03-08"), "place": "",
            "place_names": "", "incident_matched": False, "actor_status": "mapped"}


def comparison(*claims):
    frame = pd.DataFrame(list(claims))
    return compare(frame, pd.DataFrame(columns=["origin", "reason"]),
                   {"read": len(frame), "used": len(frame), "rejected": 0})


def incidents(n):
    """n incidents, each told by one source."""
    return comparison(*(claim("SOHR", 10, f"i{i:02d}") for i in range(n)))


MIXED = (
    claim("SOHR", 100, "a"), claim("SNHR", 105, "a"),  # consistent
    claim("SOHR", 100, "b"), claim("SNHR", 300, "b"),  # disjoint, spread 3
    claim("SOHR", 10, "c"), claim("SNHR", 50, "c"),  # disjoint, spread 5
    claim("SOHR", 100, "d", high=math.inf), claim("SNHR", 1000, "d"),  # overlapping, spread 10
    claim("SOHR", 7, "e"),  # single-source
)


def test_up_to_50_incidents_every_group_is_shown():
    assert TRIAGE_INCIDENTS == 50
    assert plan(incidents(50)) == View(by=(), statuses=None, triaged=False)


def test_above_50_incidents_only_multi_source_groups_are_listed_after_the_perpetrator_roll_up():
    view = plan(incidents(51))
    assert view == View(by=(), statuses=MULTI_SOURCE, triaged=True)
    assert view.shown_by == ("perpetrator", "victims")  # the roll-up shown though none was asked for


def test_all_shows_every_group_of_a_big_comparison_and_show_chooses_the_statuses():
    big = incidents(51)
    assert plan(big, every=True) == View()
    assert plan(big, show=["single-source"]) == View(statuses=("single-source",), triaged=True)
    assert plan(incidents(3), show=["Disjoint,overlapping"]) == View(statuses=("disjoint", "overlapping"))
    assert plan(big, by=["source"]).shown_by == ("source",)
    with pytest.raises(ValueError, match="--all and --show cannot be combined"):
        plan(big, show=["disjoint"], every=True)


def test_shown_groups_puts_the_widest_disjoint_first_and_counts_what_was_left_out():
    cut, left_out = shown_groups(comparison(*MIXED), MULTI_SOURCE)
    assert cut.groups[["incident", "status"]].values.tolist() == [
        ["c", "disjoint"], ["b", "disjoint"], ["d", "overlapping"], ["a", "consistent"]]
    assert left_out == {"single-source": 1}
    # the other frames keep only what the listed groups belong to
    assert sorted(cut.incidents["incident"]) == ["a", "b", "c", "d"]
    assert sorted(cut.claims["incident"].unique()) == ["a", "b", "c", "d"]
    _, left_out = shown_groups(comparison(*MIXED), ("disjoint",))
    assert list(left_out.items()) == [("overlapping", 1), ("consistent", 1), ("single-source", 1)]


def test_left_out_line_counts_each_status_with_thousands_separators():
    assert left_out_line({}) == ""
    assert left_out_line({"single-source": 1}) == "1 single-source group not shown; --all shows every group"
    assert left_out_line({"consistent": 1234, "single-source": 12345}) == (
        "1,234 consistent and 12,345 single-source groups not shown; --all shows every group")
    assert left_out_line({"overlapping": 2, "consistent": 1, "single-source": 3}).startswith(
        "2 overlapping, 1 consistent and 3 single-source groups")


def test_nothing_shown_says_why_the_list_is_empty():
    assert nothing_shown(None) == nothing_shown(View()) == "No claims to compare."
    assert nothing_shown(View(statuses=MULTI_SOURCE)) == "No group has claims from two or more sources."
    assert nothing_shown(View(statuses=("disjoint", "overlapping"))) == "No group is disjoint or overlapping."


def test_parse_statuses_names_the_statuses_it_knows():
    assert parse_statuses(["consistent", "single-source,consistent"]) == ("consistent", "single-source")
    known = r"\(use disjoint, overlapping, consistent, single-source\)"
    with pytest.raises(ValueError, match=r"--show: unknown status 'agreeing' " + known):
        parse_statuses(["agreeing"])
