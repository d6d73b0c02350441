"""reconcile/render/wide.py: the side-by-side layout the terminal table, Markdown and HTML share: one
block per incident (its title, one column per source), one row per group with each source's figure
and interval, the perpetrator as each source wrote it, and the footnotes under each incident."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES

import reconcile
from reconcile.render.wide import all_footnotes, blocks, perpetrator_label, victims_label

COASTAL = "coastal-2025"
AHLI = "2023-10-17 Gaza City"
CUMULATIVE = "Syria cumulative since 2011-03"


@pytest.fixture(scope="module")
def comparisons():
    return {name: reconcile.compare(EXAMPLES / f"{name}.csv")
            for name in ("coastal-2025", "ahli-hospital-2023", "syria-monitors")}


def block_of(comparison, incident: str):
    (found,) = [b for b in blocks(comparison) if b.incident == incident]
    return found


def row_of(block, perpetrator: str, victims: str):
    (found,) = [r for r in block.rows if (r.perpetrator, r.victims) == (perpetrator, victims)]
    return found


def test_a_labelled_incident_s_title_adds_its_dates_and_places_a_matched_one_is_its_label(comparisons):
    coastal = block_of(comparisons["coastal-2025"], COASTAL)
    assert coastal.title == "coastal-2025 · 2025-03-06..2025-03-08 · Latakia, Tartus"
    ahli = block_of(comparisons["ahli-hospital-2023"], AHLI)
    assert ahli.matched and ahli.title == AHLI


def test_one_column_per_source_of_the_incident_each_cell_the_figure_and_its_interval(comparisons):
    coastal = block_of(comparisons["coastal-2025"], COASTAL)
    assert coastal.sources == ["SNHR", "SOHR", "news report"]
    civilians = row_of(coastal, "Transitional government forces", "civilians")
    assert set(civilians.cells) == {"SNHR", "SOHR"}  # the news report says nothing of them
    snhr, sohr = civilians.cells["SNHR"], civilians.cells["SOHR"]
    assert (snhr.figure, snhr.interval) == ("approximately 125", "112.5–137.5")
    assert (sohr.figure, sohr.interval, sohr.origin) == ("more than 700", "≥700",
                                                         str(EXAMPLES / "coastal-2025.csv") + ":2")
    assert (civilians.status, civilians.spread) == ("disjoint", "5.6×")
    assert sohr.actor_rule == "role word, SY, 2025-03"  # the rule, with the month it was read for


def test_a_single_source_has_no_spread_and_only_three_sources_name_the_pair(comparisons):
    coastal = block_of(comparisons["coastal-2025"], COASTAL)
    loyalists = row_of(coastal, "Assad loyalists", "security_personnel")
    assert (loyalists.status, loyalists.spread, loyalists.pair) == ("single-source", "", "")
    assert row_of(coastal, "unattributed", "total").pair == ""  # two sources: the pair is obvious
    cumulative = block_of(comparisons["syria-monitors"], CUMULATIVE)
    three = row_of(cumulative, "all perpetrators", "civilians")
    assert sorted(three.cells) == ["OHCHR", "SNHR", "SOHR"]
    assert (three.pair, three.status, three.spread) == ("OHCHR vs SNHR", "disjoint", "12.7×")


def test_the_perpetrator_shows_each_source_s_own_words_and_the_source_its_written_name(comparisons):
    coastal = block_of(comparisons["coastal-2025"], COASTAL)
    civilians = row_of(coastal, "Transitional government forces", "civilians")
    assert perpetrator_label(civilians) == (
        "Transitional government forces (as: 'government forces'; 'government security forces')")
    loyalists = row_of(coastal, "Assad loyalists", "security_personnel")
    assert perpetrator_label(loyalists) == "Assad loyalists"  # written as the actor is named
    israel = row_of(block_of(comparisons["ahli-hospital-2023"], AHLI), "Israel", "total")
    assert israel.attribution_conflict
    assert israel.cells["Gaza Ministry of Health"].source_written == "Gaza health ministry"
    assert victims_label("security_personnel") == "security personnel"


def test_footnotes_name_the_attribution_conflict_and_the_superseded_toll(comparisons):
    path = str(EXAMPLES / "ahli-hospital-2023.csv")
    assert all_footnotes(comparisons["ahli-hospital-2023"]) == {AHLI: [
        "Attribution conflict over total: Gaza Ministry of Health blames Israel;"
        " US intelligence blames Palestinian Islamic Jihad.",
        f"Not compared: Gaza Ministry of Health '500' ({path}:2, published 2023-10-17):"
        f" superseded by {path}:3.",
    ]}
    assert all_footnotes(comparisons["coastal-2025"]) == {}


def test_a_breakdown_exceeding_its_own_total_is_footnoted_with_its_claim_count(comparisons):
    notes = all_footnotes(comparisons["syria-monitors"])[CUMULATIVE]
    path = str(EXAMPLES / "syria-monitors.csv")
    assert notes[0] == (
        "Inconsistent: SNHR: civilians by all attributed perpetrators (231,578) exceed civilians by"
        f" unattributed (231,278) [sum of 9 claims vs {path}:11]."
    )
