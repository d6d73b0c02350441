"""reconcile.reasons: the vocabulary of why a pair of claims was joined or kept apart, its small codes,
and which reasons join a pair whatever the chaining guard says."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.reasons import FORCED, JOINING, REASON_KEYS, REASONS, reasons


def test_reason_codes_become_their_keys_with_every_reason_as_a_category():
    codes = [REASON_KEYS.index("link_different"), REASON_KEYS.index("joined"), REASON_KEYS.index("places")]
    column = reasons(codes)
    assert list(column) == ["link_different", "joined", "places"]
    assert list(column.categories) == REASON_KEYS  # pair frames of any origin concatenate as one category
    assert list(reasons([]).categories) == REASON_KEYS


def test_codes_are_small_integers_in_the_order_of_the_vocabulary():
    column = reasons(np.arange(len(REASON_KEYS)))
    assert column.codes.dtype == np.int8
    assert list(column) == list(REASONS)
    assert REASON_KEYS[0] == "joined"


def test_labels_events_and_links_are_forced_and_count_as_joining():
    assert FORCED == ("label", "event", "link_same")
    assert JOINING == ("joined", "label", "event", "link_same")
    assert "link_different" not in JOINING and "chain" not in JOINING


def test_explain_tells_every_reason_apart_in_words():
    texts = pd.Series(reasons(np.arange(len(REASON_KEYS)))).map(REASONS)
    assert texts.nunique() == len(REASON_KEYS) and (texts.str.len() > 0).all()
    assert REASONS["link_different"] == "kept apart by --links"
    assert REASONS["chain"] == "chaining guard: the incident would stretch beyond its longest claim"
