"""Victim categories: synonyms and nesting."""

from __future__ import annotations

import pandas as pd
import pytest

from reconcile.victims import ancestor_pairs, canonical_victims, categories


@pytest.mark.parametrize(
    ("text", "category"),
    [("civilian", "civilians"), ("Non-Combatants", "civilians"), ("minors", "children"),
     ("security personnel", "security_personnel"), ("Security_Personnel", "security_personnel"),
     ("soldiers", "combatants"), ("fighters", "combatants"), ("people", "total"), ("", "total"),
     ("أطفال", "children")],
)
def test_synonyms(text, category):
    result = canonical_victims(pd.Series([text])).iloc[0]
    assert result["victims"] == category
    assert result["victims_known"]


def test_unknown_category_is_kept_as_a_slug_and_marked():
    result = canonical_victims(pd.Series(["Prison Guards"])).iloc[0]
    assert result["victims"] == "prison_guards"
    assert not result["victims_known"]


def test_nesting():
    pairs = set(map(tuple, ancestor_pairs().to_numpy()))
    assert {("civilians", "total"), ("children", "civilians"), ("children", "total"),
            ("combatants", "total"), ("security_personnel", "total")} <= pairs
    assert ("combatants", "civilians") not in pairs


def test_every_parent_is_a_category():
    tree = categories()
    assert set(tree["parent"]) - {""} <= set(tree["category"])
