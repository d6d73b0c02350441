"""Figures as published pages write them, in seven languages (issue #13).

``tests/data/figure_phrases.csv`` holds 527 figure texts copied from
published pages (URL and quoted sentence on each row) with the interval a
careful reader gives them, or ``reject`` where no agreed reading exists. The
grammar was written against this set, so it measures coverage of the
phrasings collected, not of unseen ones.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from reconcile.figures import FigureError, parse_figure

CORPUS = Path(__file__).parent / "data" / "figure_phrases.csv"


def _outcome(row) -> str:
    """"expected", "rejected" (a readable figure refused) or "misread"."""
    try:
        got = parse_figure(row.text)
    except FigureError:
        return "expected" if row.low == "reject" else "rejected"
    if row.low == "reject":
        return "misread"
    want = [float(v) for v in (row.low, row.best, row.high)]
    same = all(math.isclose(a, b) or a == b for a, b in zip(got[:3], want))
    return "expected" if same else "misread"


@pytest.fixture(scope="module")
def outcomes() -> pd.DataFrame:
    corpus = pd.read_csv(CORPUS, dtype=str, keep_default_na=False)
    corpus["outcome"] = [_outcome(row) for row in corpus.itertuples()]
    return corpus


def test_the_corpus_is_published_text(outcomes):
    assert len(outcomes) >= 200
    assert set(outcomes.language) >= {"en", "ar", "fr", "es", "pt", "de", "tr"}
    assert outcomes.url.str.startswith("http").all()
    assert (outcomes.quote.str.len() > 0).all()


def test_figure_phrases_read_as_expected_and_never_misread(outcomes):
    counts = Counter(outcomes.outcome)
    share = counts["expected"] / len(outcomes)
    by_language = outcomes.groupby("language").outcome.apply(lambda s: f"{(s == 'expected').mean():.3f}")
    print(f"\nfigure phrases: {len(outcomes)} texts, {share:.3f} read as expected, "
          f"{counts['rejected']} rejected, {counts['misread']} misread; by language: {by_language.to_dict()}")
    misread = outcomes[outcomes.outcome == "misread"]
    assert misread.empty, misread[["text", "low", "best", "high"]].to_string()
    assert share >= 0.97
