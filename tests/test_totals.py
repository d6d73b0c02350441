"""reconcile.totals.all_perpetrator_claims: each source's claim over all perpetrators (its own headline,
else "at least" the sum of its attributed figures) where an incident's victims have several perpetrators
and two or more sources to compare.

How the row then compares in a group is in test_compare.py; here the rows themselves."""

from __future__ import annotations

import math

import pandas as pd

from reconcile.totals import ALL_PERPETRATORS, all_perpetrator_claims


def claim(source, best, perpetrator, origin, *, victims="civilians", high=None, start="2025-03-06",
          end="2025-03-08", published="2025-03-09"):
    return {"origin": origin, "source": source, "incident": "coast", "perpetrator": perpetrator,
            "perpetrator_raw": perpetrator, "victims": victims, "figure": f"{best:,}", "low": float(best),
            "best": float(best), "high": float(best if high is None else high), "qualifier": "exact",
            "date_start": pd.Timestamp(start), "date_end": pd.Timestamp(end),
            "published": pd.Timestamp(published), "place": "Latakia"}


def totals(*claims):
    return all_perpetrator_claims(pd.DataFrame(list(claims))).set_index("source")


def test_a_sources_headline_stands_for_all_perpetrators_as_written():
    rows = totals(claim("SOHR", 700, "unattributed", "o.csv:2", high=math.inf),
                  claim("SNHR", 125, "government forces", "n.csv:2"))
    sohr = rows.loc["SOHR"]
    assert (sohr["perpetrator"], sohr["figure"], sohr["qualifier"]) == (ALL_PERPETRATORS, "700", "exact")
    assert (sohr["low"], sohr["best"], sohr["high"], sohr["origin"]) == (700, 700, math.inf, "o.csv:2")


def test_attributed_figures_add_up_to_at_least_their_sum_over_their_dates():
    rows = totals(claim("SOHR", 700, "unattributed", "o.csv:2"),
                  claim("SNHR", 125, "government forces", "n.csv:2", start="2025-03-05"),
                  claim("SNHR", 40, "loyalists", "n.csv:3", end="2025-03-10", published="2025-03-12"))
    snhr = rows.loc["SNHR"]
    # open above: a source need not name every perpetrator
    assert (snhr["low"], snhr["best"], snhr["high"]) == (165, 165, math.inf)
    assert (snhr["figure"], snhr["qualifier"]) == ("≥ 165 (sum of 2)", "at least")
    assert snhr["origin"] == "n.csv:2, n.csv:3"
    assert (snhr["date_start"], snhr["date_end"]) == (pd.Timestamp("2025-03-05"), pd.Timestamp("2025-03-10"))
    assert snhr["published"] == pd.Timestamp("2025-03-12")
    assert snhr["perpetrator_raw"] == ""  # no one source's wording


def test_one_attributed_figure_is_at_least_itself_without_a_sum():
    rows = totals(claim("SOHR", 700, "unattributed", "o.csv:2"), claim("LCC", 1250, "ISIS", "l.csv:2"))
    assert rows.loc["LCC", "figure"] == "≥ 1,250"


def test_a_headline_is_used_rather_than_the_sources_own_parts():
    # VDC's parts add up to 110, above its headline: the headline is its word (consistency flags the rest)
    rows = totals(claim("VDC", 90, "unattributed", "v.csv:2"), claim("VDC", 30, "ISIS", "v.csv:3"),
                  claim("VDC", 80, "SDF", "v.csv:4"), claim("SNHR", 40, "ISIS", "n.csv:2"))
    assert rows.loc["VDC", ["best", "origin"]].tolist() == [90, "v.csv:2"]
    assert len(rows) == 2


def test_no_row_without_several_perpetrators_and_several_sources():
    one_perpetrator = totals(claim("SOHR", 700, "ISIS", "o.csv:2"), claim("SNHR", 125, "ISIS", "n.csv:2"))
    assert one_perpetrator.empty
    one_source = totals(claim("SOHR", 700, "unattributed", "o.csv:2"), claim("SOHR", 100, "ISIS", "o.csv:3"))
    assert one_source.empty
    other_categories = totals(claim("SOHR", 700, "unattributed", "o.csv:2", victims="total"),
                              claim("SNHR", 125, "ISIS", "n.csv:2", victims="civilians"))
    assert other_categories.empty  # each victim category on its own
