"""Candidate pairs for incident matching: which claims are worth comparing at all.

Claims are blocked by first-level unit (a country-wide claim in every block of
its country) and swept by start date (``numpy.searchsorted``), never paired
all against all. Claims without a known place are blocked by the actor they
blame (or, unattributed, with each other) and paired only with a bounded
number of partners (:func:`_sweep_from_vague`). The rules that judge the
pairs are in :mod:`reconcile.match`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from reconcile.actors import UNATTRIBUTED
from reconcile.arrays import distinct, distinct_inverse, ranges

if TYPE_CHECKING:
    from reconcile.match import MatchOptions

#: the block of claims with neither a known place nor a perpetrator.
WILDCARD = "*"


def day_numbers(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype="datetime64[D]").astype(np.int64)


def _keyed(block: np.ndarray, start: np.ndarray, end: np.ndarray, slack: int) -> tuple:
    """The sort order by (block, start), and each claim's ``key`` (block rank, start day) and
    ``reach`` (block rank, last day + slack) in that order: both increase block by block, so one
    ``searchsorted`` serves every block."""
    order = np.lexsort((start, block))
    block, start, end = block[order], start[order], end[order]
    rank = distinct_inverse(block)[1].astype(np.int64)
    base = start.min(initial=0)
    width = int(max(end.max(initial=0), start.max(initial=0)) - base + slack + 1)
    key = rank * width + (start - base)
    reach = rank * width + (np.maximum(end, start) - base + slack)
    return order, key, reach


def _sweep(block: np.ndarray, start: np.ndarray, end: np.ndarray, ids: np.ndarray, slack: int) -> tuple:
    """Pairs (a, b) inside each block whose periods come within ``slack`` days.

    Sorted by (block, start), claim j > i can overlap i only while it starts
    before i ends (+ slack): a binary search gives each claim's window.
    """
    order, key, reach = _keyed(block, start, end, slack)
    upto = np.searchsorted(key, reach, side="right")
    first = np.arange(len(key)) + 1
    counts = np.maximum(upto - first, 0)
    left = np.repeat(np.arange(len(key)), counts)
    return ids[order][left], ids[order][ranges(first, counts)]


def _sweep_from_vague(block, start, end, ids, vague, slack: int, limit: int) -> tuple:
    """Pairs as :func:`_sweep`, but only those with a ``vague`` (unplaced) side, and none for a
    vague claim with more than ``limit`` partners: its pairs would grow with the whole world's
    claims of its days (an actor block spans every country), and it could join any of them.

    Returns (a, b, too_vague ids). Partners are counted before any pair is made, so
    the pairs made are at most ``limit`` per vague claim.
    """
    order, key, reach = _keyed(block, start, end, slack)
    ids, vague = ids[order], vague[order]
    ends = np.sort(reach)
    query = np.flatnonzero(vague)
    # Partners starting at or after the query's start, within its reach ...
    lo = np.searchsorted(key, key[query], side="left")
    hi = np.searchsorted(key, reach[query], side="right")
    # ... and those starting before it whose reach gets to its start.
    before = lo - np.searchsorted(ends, key[query], side="left")
    partners = hi - lo - 1 + before
    too_vague = partners > limit
    kept, lo, hi = query[~too_vague], lo[~too_vague], hi[~too_vague]
    counts = hi - lo
    left_a, right_a = np.repeat(kept, counts), ranges(lo, counts)
    # From every claim's side: the kept vague claims starting after it, within its reach.
    kept_key = key[kept]
    first = np.searchsorted(kept_key, key, side="right")
    counts = np.maximum(np.searchsorted(kept_key, reach, side="right") - first, 0)
    left_b, right_b = np.repeat(np.arange(len(key)), counts), kept[ranges(first, counts)]
    a = np.concatenate([left_a, left_b])
    b = np.concatenate([right_a, right_b])
    return ids[a], ids[b], ids[query[too_vague]]


def _blocks(claims: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(block, member, vague) rows: which blocks each claim is swept in.

    A claim is in the block of each first-level unit it names; a country-wide
    claim in every block of its country. A claim with no known place is, when it
    names a perpetrator, in that actor's block with every claim blaming the same
    actor, else in the ``*`` block with the other unplaced claims: an unknown
    place is compatible with any place, but pairing it with every claim of its
    days, worldwide, would make matching quadratic. ``vague`` marks the actor
    and ``*`` blocks, where only pairs with an unplaced side are made
    (:func:`_sweep_from_vague`). Blocks are integer codes: only which claims
    share one matters, and a million texts are slow to split, compare and sort.
    """
    actor = claims["perpetrator"]
    unplaced = ((claims["place_level1"] == "") & (actor != UNATTRIBUTED)).to_numpy()
    # Unplaced claims naming an actor go to that actor's block only (below).
    level1 = claims["place_level1"].where(claims["place_level1"] != "", WILDCARD).to_numpy()
    placed = np.flatnonzero(~unplaced)
    # each distinct "SY-LA|SY-TA" split once into unit codes
    text_code, texts = pd.factorize(level1[placed], use_na_sentinel=False)
    code_of: dict[str, int] = {}
    split = [[code_of.setdefault(str(u), len(code_of)) for u in str(t).split("|")] for t in texts]
    member, unit = _spread(placed, text_code, split)
    names = np.array(list(code_of), dtype=object)
    is_country = np.array([len(name) == 2 for name in names], dtype=bool)
    wide = is_country[unit]
    # A country-wide claim is in its country's block and in the blocks of its units that others are in.
    present = distinct(unit[~wide])
    present = present[names[present] != WILDCARD].tolist()
    scope = [[code, *(p for p in present if names[p][:2] == name)] if is_country[code] else []
             for code, name in enumerate(names)]
    spread_member, spread_block = _spread(member[wide], unit[wide], scope)
    block = np.concatenate([unit[~wide], spread_block])
    vague = np.concatenate([names[unit[~wide]] == WILDCARD, np.zeros(len(spread_block), dtype=bool)])
    member = np.concatenate([member[~wide], spread_member])

    wanted = actor[unplaced].unique()
    if len(wanted):
        blamed = actor.isin(wanted).to_numpy()
        actor_block = pd.factorize(actor[blamed])[0].astype(np.int64) + len(names)
        block = np.concatenate([block, actor_block])
        member = np.concatenate([member, np.flatnonzero(blamed)])
        vague = np.concatenate([vague, np.ones(len(actor_block), dtype=bool)])
    return block, member, vague


def _spread(rows: np.ndarray, codes: np.ndarray, lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """One (row, value) per value of ``lists[code]`` of each row's code, in row order."""
    counts = np.array([len(values) for values in lists], dtype=np.int64)
    flat = np.array([v for values in lists for v in values], dtype=np.int64)
    per_row = counts[codes]
    starts = (np.cumsum(counts) - counts)[codes]
    return np.repeat(rows.astype(np.int64), per_row), flat[ranges(starts, per_row)]


def candidate_pairs(claims: pd.DataFrame, options: MatchOptions) -> tuple[pd.DataFrame, np.ndarray]:
    """Pairs worth checking: the same block (:func:`_blocks`) and close dates; and the
    unplaced claims with too many partners to pair (:func:`_sweep_from_vague`)."""
    n = len(claims)
    start, end = day_numbers(claims["date_start"]), day_numbers(claims["date_end"])
    block, members, vague = _blocks(claims)
    unplaced = (claims["place_level1"] == "").to_numpy()

    pairs, too_vague = [], []
    periods = end - start + 1
    for pool in (periods <= options.long_days, periods > options.long_days // 2):
        for vague_blocks in (False, True):
            chosen = pool[members] & (vague == vague_blocks)
            if not chosen.any():
                continue
            m = members[chosen]
            if vague_blocks:
                a, b, lost = _sweep_from_vague(block[chosen], start[m], end[m], m, unplaced[m],
                                               options.slack_days, options.unplaced_limit)
                too_vague.append(lost)
            else:
                a, b = _sweep(block[chosen], start[m], end[m], m, options.slack_days)
            pairs.append((a, b))
    lost = distinct(np.concatenate(too_vague)) if too_vague else np.array([], np.int64)
    if not pairs:
        return pd.DataFrame({"a": np.array([], np.int64), "b": np.array([], np.int64)}), lost
    # One key per pair, (smaller, larger): computed in place, tens of millions of them at 1M claims
    key = np.concatenate([p[0] for p in pairs]).astype(np.int64, copy=False)
    high = np.concatenate([p[1] for p in pairs]).astype(np.int64, copy=False)
    low = np.minimum(key, high)
    np.maximum(key, high, out=high)
    keep = low != high
    np.multiply(low, n, out=key)
    key += high
    del low, high
    unique = distinct(key[keep])
    first, second = unique // n, unique % n
    if len(lost):  # a claim too vague in one block (its actor's) is not paired in another either
        lost_mask = np.zeros(n, dtype=bool)
        lost_mask[lost] = True
        paired = ~(lost_mask[first] | lost_mask[second])
        first, second = first[paired], second[paired]
    return pd.DataFrame({"a": first, "b": second}, copy=False), lost
