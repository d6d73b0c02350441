"""Tolls copied from published pages, twelve events (issue #13).

Each file in ``tests/data/published/`` is a claims file of tolls quoted from
stored pages (URL and sentence on each row). They are read as any user's file
would be.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from reconcile.folding import fold
from reconcile.pipeline import load_claims

PUBLISHED = sorted((Path(__file__).parent / "data" / "published").glob("*.csv"))


def _origin_line(origin: str) -> int:
    return int(origin.rsplit(":", 1)[1])


@pytest.fixture(scope="module", params=PUBLISHED, ids=lambda p: p.stem)
def event(request):
    path = request.param
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    result, _ = load_claims([path])
    return path, raw, result


def test_the_corpus_spreads_over_events_and_countries():
    assert len(PUBLISHED) >= 8
    outside_syria = [p for p in PUBLISHED if not p.stem.startswith(
        ("eastern-ghouta", "aleppo", "daraya", "afrin", "idlib", "raqqa", "baghouz"))]
    assert len(outside_syria) >= 4


def test_every_row_is_read_unless_its_note_says_it_cannot_be(event):
    path, raw, result = event
    unreadable = {i + 2 for i in raw.index[raw.notes.str.startswith("unreadable:")]}
    rejected = {_origin_line(o) for o in result.rejected.origin}
    assert len(raw) >= 10
    assert len(result.claims) + len(result.rejected) == len(raw)
    assert rejected == unreadable, result.rejected.to_string()


_DIGIT_RUN = re.compile(r"\d[\d.,' \u00a0\u202f]*\d|\d")


def test_every_figure_is_quoted_and_read_as_its_digits(event):
    path, raw, result = event
    claims = result.claims.assign(line=result.claims.origin.map(_origin_line))
    for row in claims.itertuples():
        source_row = raw.loc[row.line - 2]
        assert fold(source_row.figure) in fold(source_row.quote)
        digits = _DIGIT_RUN.findall(source_row.figure)
        scaled = re.search(r"[^\W\d]", re.sub(r"^\D*|\D*$", "", source_row.figure))
        if len(digits) == 1 and not scaled:
            assert re.sub(r"\D", "", digits[0]) == f"{row.best:.0f}", source_row.figure


def _labels() -> dict[str, str]:
    labels = pd.read_csv(Path(__file__).parent / "data" / "published_sources.csv", dtype=str,
                         keep_default_na=False)
    return dict(zip(labels["text"].str.replace(r"\s+", " ", regex=True), labels["expected"]))


def test_every_source_name_is_mapped_or_deliberately_left(event):
    """As the pipeline reads them: the claim's country comes from its place, so a claim whose
    place names no country cannot use a country-bound name ("الدفاع المدني" is SY's)."""
    path, raw, result = event
    labels = _labels()
    claims = result.claims
    got = claims["source"].where(claims["source_rule"] != "", "as written")
    expected = claims["source_written"].map(labels)
    wrong = claims.loc[(got != expected) & (claims["claim_country"] != ""), ["source_written", "source"]]
    assert expected.notna().all()
    assert wrong.empty, wrong.to_string()
