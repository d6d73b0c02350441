"""reconcile/render/long.py: the comparison flattened to one row per compared claim, its group's facts
repeated on each row, in display order (what CSV writes and JSON's claims carry)."""

from __future__ import annotations

import math

import pytest
from conftest import EXAMPLES

import reconcile
from reconcile.compare import GROUP_KEY
from reconcile.render.long import CLAIM_FIELDS, GROUP_FIELDS, long_frame


@pytest.fixture(scope="module")
def monitors():
    """syria-monitors: 49 compared claims in groups of one to three sources."""
    return reconcile.compare(EXAMPLES / "syria-monitors.csv")


def test_one_row_per_compared_claim_with_the_group_columns_first_and_no_internal_id(monitors):
    frame = long_frame(monitors)
    assert len(frame) == len(monitors.claims)
    assert sorted(frame["origin"]) == sorted(monitors.claims["origin"])
    assert list(frame.columns) == [*GROUP_KEY, *GROUP_FIELDS, *CLAIM_FIELDS]
    assert "group_id" not in frame.columns


def test_groups_come_in_display_order_and_claims_by_source_within_each(monitors):
    frame = long_frame(monitors)
    keys = list(dict.fromkeys(frame[GROUP_KEY].itertuples(index=False, name=None)))
    assert keys == list(monitors.groups[GROUP_KEY].itertuples(index=False, name=None))
    for _, sources in frame.groupby(GROUP_KEY, sort=False)["source"]:
        assert list(sources) == sorted(sources)


def test_each_claim_row_repeats_its_group_s_status_spread_and_pair(monitors):
    frame = long_frame(monitors)
    three = frame.loc[(frame["perpetrator"] == "all perpetrators") & (frame["victims"] == "civilians")
                      & (frame["incident"] == "Syria cumulative since 2011-03")]
    assert list(three["source"]) == ["OHCHR", "SNHR", "SOHR"]
    assert set(three["status"]) == {"disjoint"} and set(three["pair"]) == {"OHCHR vs SNHR"}
    assert set(three["sources"]) == {3} and three["spread"].nunique() == 1


def test_figures_stay_as_published_beside_their_numbers_with_an_open_bound_infinite():
    frame = long_frame(reconcile.compare(EXAMPLES / "coastal-2025.csv"))
    sohr = frame.loc[frame["origin"].str.endswith("coastal-2025.csv:2")].iloc[0]
    assert (sohr["figure"], sohr["qualifier"]) == ("more than 700", "more than")
    assert (sohr["low"], sohr["best"]) == (700, 700)
    assert math.isinf(sohr["high"])
    assert sohr["perpetrator"] == "Transitional government forces"
    assert sohr["perpetrator_raw"] == "government forces"
    assert str(sohr["date_start"].date()) == "2025-03-06"
