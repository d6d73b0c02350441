"""--explain prints, for each pair, the points that decided it: they must agree with the decision."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reconcile.explain import explain_pairs
from reconcile.match import MatchOptions, match_incidents
from reconcile.pipeline import load_claims
from reconcile.scoring import THRESHOLD

PUBLISHED = sorted((Path(__file__).parent / "data" / "published").glob("*.csv"))
_SCORE = re.compile(r"score (-?\d+) = dates (\S+), places (\S+), perpetrators (\S+), source (\S+), figures (\S+); "
                    r"joined from (\d+)")


@pytest.fixture(scope="module")
def explained():
    loaded, _ = load_claims(PUBLISHED)
    matched = match_incidents(loaded.claims, MatchOptions())
    return explain_pairs(matched.claims, matched.pairs, THRESHOLD)


def test_every_printed_score_adds_up_and_agrees_with_the_decision(explained):
    scored = 0
    for row in explained.itertuples():
        found = _SCORE.search(row.text)
        if found is None:
            continue
        scored += 1
        total, *weights, threshold = found.groups()
        assert int(total) == sum(int(w) for w in weights), row.text
        assert int(threshold) == THRESHOLD
        if row.kind == "joined":
            assert int(total) >= THRESHOLD, row.text
        elif re.search(r"\((too little evidence|perpetrators differ|places do not match)", row.text):
            assert int(total) < THRESHOLD, row.text
    assert scored > 100


def test_pairs_decided_by_a_label_say_only_that(here, cli, write):
    write("c.csv", "incident,source,figure,date_start,date_end\na,SOHR,10,2025-03-06,2025-03-06\n"
                   "a,SNHR,12,2025-03-06,2025-03-06\n")
    loaded, _ = load_claims(["c.csv"])
    matched = match_incidents(loaded.claims, MatchOptions())
    texts = explain_pairs(matched.claims, matched.pairs)["text"].tolist()
    assert texts and set(texts) == {"same incident label"}


def test_a_perpetrator_written_killed_by_is_not_read_twice(here, cli, write):
    write("k.csv", "source,figure,date,place,perpetrator,victims\n"
                   "SOHR,20,2025-03-07,Latakia,killed by unknown aircraft,civilians\n"
                   "SNHR,22,2025-03-07,Latakia,ISIS,total\n")
    result = cli("compare", "k.csv", "--explain")
    assert result.exit_code == 0, result.stderr
    flat = " ".join(result.stdout.split())
    assert "by killed by" not in flat and "civilians by unknown aircraft" in flat
