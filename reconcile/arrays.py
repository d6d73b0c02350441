"""Distinct values and runs of large numpy arrays, the fast way on this numpy.

numpy 2.4 finds the distinct values of a plain ``np.unique`` over integers with
a hash table, 80 times slower than sorting on the tens of millions of candidate
pair keys of a million claims, and sorts for ``return_inverse``, where pandas'
hash table is ten times faster on keys with few distinct values. Both give
exactly ``np.unique``'s answer. Runs of equal sorted keys (where each starts,
the pairs within each, the best row of each) are found in passes over the
array, not by a hash join or another sort.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["best_in_runs", "distinct", "distinct_inverse", "distinct_pairs", "pairs_within_runs", "ranges",
           "run_starts"]


def distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)``, by sorting."""
    ordered = np.sort(values)  # values only: no order among equals to keep
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def distinct_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)``, by pandas' hash table."""
    codes, uniques = pd.factorize(values, sort=True)
    return np.asarray(uniques), codes.astype(np.intp, copy=False)


def distinct_pairs(first: np.ndarray, second: np.ndarray,
                   width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (first, second) pairs of two integer code arrays (``0 <= second < width``), in
    (first, second) order, and each row's pair: one int64 key per row, not a tuple."""
    keys, inverse = distinct_inverse(np.asarray(first, dtype=np.int64) * width + second)
    return keys // width, keys % width, inverse


def ranges(first: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``first[i], first[i] + 1, ... (counts[i] of them)`` for every i, concatenated."""
    return np.repeat(first - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))


def pairs_within_runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (i, j) of rows with equal ``keys``, given sorted: row i by row i, its partners j
    in order, itself included. What a self-merge on the key gives, without hashing it."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(run_starts(keys))
    sizes = np.diff(np.append(starts, len(keys)))
    per_row = np.repeat(sizes, sizes)
    left = np.repeat(np.arange(len(keys)), per_row)
    return left, ranges(np.repeat(starts, sizes), per_row)


def run_starts(keys: np.ndarray) -> np.ndarray:
    """Where each run of equal (sorted) ``keys`` starts: True at a run's first row."""
    starts = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=starts[1:])
    return starts


def best_in_runs(keys: np.ndarray, *criteria: np.ndarray) -> np.ndarray:
    """Per run of equal sorted ``keys``, the row with the highest first criterion, then the
    highest second among those, and so on (the earliest row of a tie): the row
    ``np.lexsort((*reversed(criteria negated), keys))`` puts first in its run, in O(n) passes
    instead of a sort. The criteria hold no NaN."""
    rows = np.arange(len(keys))
    for values in criteria:
        if len(rows) == 0:
            break
        starts = run_starts(keys[rows])
        kept = values[rows]
        best = np.maximum.reduceat(kept, np.flatnonzero(starts))
        rows = rows[kept == best[np.cumsum(starts) - 1]]
    return rows[run_starts(keys[rows])]
