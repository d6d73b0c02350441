"""Victim categories: synonyms -> canonical category, and how categories nest.

``total ⊇ civilians ⊇ children``, ``total ⊇ combatants`` ...: the tree is
``data/victim_categories.csv`` and the synonyms ``data/victims.csv``, so users
can read and extend both.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from reconcile.resources import data_file

DEFAULT = "total"


def victim_key(text: pd.Series) -> pd.Series:
    """Comparable form: lower case, ``_``/``-`` as spaces, single spaces."""
    return (
        text.fillna("")
        .astype(str)
        .str.casefold()
        .str.replace(r"[_\-]+", " ", regex=True)
        .str.replace(r"\s+", " ", regex=True)
        .str.strip()
    )


@cache
def categories() -> pd.DataFrame:
    """The category tree: ``category``, ``parent`` ("" for the root), ``description``."""
    return pd.read_csv(data_file("victim_categories.csv"), dtype=str, keep_default_na=False)


@cache
def _alias_table() -> dict[str, str]:
    aliases = pd.read_csv(data_file("victims.csv"), dtype=str, keep_default_na=False)
    table = dict(zip(victim_key(aliases["alias"]), aliases["category"], strict=True))
    tree = categories()["category"]
    table.update(zip(victim_key(tree), tree, strict=True))
    return table


def canonical_victims(text: pd.Series) -> pd.DataFrame:
    """Each victims cell -> ``victims`` (canonical) and ``victims_known``.

    Blank means ``total``. An unknown category is kept as a slug
    (``prison guards`` -> ``prison_guards``) and marked unknown rather than
    guessed.
    """
    # Each distinct cell once (a column of a million cells holds a few dozen), then spread back.
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    codes = np.where(codes < 0, len(uniques), codes)  # missing cells: the blank entry added last
    keys = victim_key(pd.Series(pd.Index(uniques).astype(str).tolist() + [""], dtype=str))
    mapped = keys.map(_alias_table())
    blank = keys == ""
    slug = keys.str.replace(" ", "_", regex=False)
    victims = mapped.where(mapped.notna(), slug).where(~blank, DEFAULT).astype(str)
    known = (mapped.notna() | blank).to_numpy(dtype=bool)
    return pd.DataFrame(
        {"victims": victims.take(codes).set_axis(text.index), "victims_known": known[codes]}, index=text.index
    )


@cache
def ancestor_pairs() -> pd.DataFrame:
    """Every (``victims``, ``ancestor``) pair where the ancestor strictly contains it."""
    parent = dict(zip(categories()["category"], categories()["parent"], strict=True))
    pairs = []
    for category in parent:
        up = parent[category]
        while up:
            pairs.append((category, up))
            up = parent.get(up, "")
    return pd.DataFrame(pairs, columns=["victims", "ancestor"])


def category_order() -> dict[str, int]:
    """Display order of the known categories (tree order: total first)."""
    return {c: i for i, c in enumerate(categories()["category"])}
