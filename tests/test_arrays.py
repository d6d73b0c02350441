"""Distinct values of large arrays: exactly numpy's answer, by a faster road."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reconcile.arrays import (
    best_in_runs,
    distinct,
    distinct_inverse,
    distinct_pairs,
    pairs_within_runs,
    ranges,
)


@pytest.mark.parametrize("size", [0, 1, 2, 1000])
def test_distinct_is_numpys_unique(size):
    values = np.random.default_rng(size).integers(0, max(size // 3, 1), size)
    assert np.array_equal(distinct(values), np.unique(values))


@pytest.mark.parametrize("values", [
    np.array([5, 3, 5, 1, 3], dtype=np.int64),
    np.array([], dtype=np.int64),
    np.array(["SY-01", "*", "actor:ISIS", "SY-01"], dtype=str),
])
def test_distinct_inverse_is_numpys_unique_with_inverse(values):
    uniques, inverse = distinct_inverse(values)
    want_uniques, want_inverse = np.unique(values, return_inverse=True)
    assert np.array_equal(uniques, want_uniques) and np.array_equal(inverse, want_inverse)
    assert np.array_equal(uniques[inverse], values)


def test_distinct_pairs_are_numpys_distinct_rows_with_each_rows_pair():
    rng = np.random.default_rng(5)
    first, second = rng.integers(0, 40, 5_000), rng.integers(0, 7, 5_000)
    firsts, seconds, inverse = distinct_pairs(first, second, 7)
    rows, expected_inverse = np.unique(np.column_stack([first, second]), axis=0, return_inverse=True)
    assert firsts.tolist() == rows[:, 0].tolist() and seconds.tolist() == rows[:, 1].tolist()
    assert inverse.tolist() == expected_inverse.ravel().tolist()


@pytest.mark.parametrize("seed", [0, 1])
def test_pairs_within_runs_are_a_self_merge_in_its_order(seed):
    rng = np.random.default_rng(seed)
    keys = np.sort(rng.integers(0, 300, 2_000))
    frame = pd.DataFrame({"key": keys, "row": np.arange(len(keys))})
    merged = frame.merge(frame, on="key", suffixes=("_a", "_b"))
    left, right = pairs_within_runs(keys)
    assert left.tolist() == merged["row_a"].tolist() and right.tolist() == merged["row_b"].tolist()
    assert [a.tolist() for a in pairs_within_runs(np.array([], dtype=np.int64))] == [[], []]


def test_ranges_count_up_from_each_first():
    assert ranges(np.array([5, 0, 9]), np.array([2, 0, 3])).tolist() == [5, 6, 9, 10, 11]


@pytest.mark.parametrize("seed", range(6))
def test_best_in_runs_is_the_first_row_of_each_run_lexsort_puts_first(seed):
    rng = np.random.default_rng(seed)
    size = int(rng.integers(0, 400))
    keys = np.sort(rng.integers(0, max(size // 4, 1), size))
    # few distinct values, so that ties reach every criterion, and the earliest row breaks the last
    severity, ratio, rank = rng.integers(0, 4, size), rng.integers(0, 3, size) / 2, rng.integers(0, 3, size)
    order = np.lexsort((np.arange(size), rank, -ratio, -severity, keys))
    first = np.ones(size, dtype=bool)
    first[1:] = keys[order][1:] != keys[order][:-1]
    assert np.array_equal(best_in_runs(keys, severity, ratio, -rank), order[first])
