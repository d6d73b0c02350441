"""Text columns joined per group, without a Python call per group; comma lists of choices.

``groupby(...).agg(", ".join)`` calls ``str.join`` once per group: at a
million groups that is seconds. Here the values are laid out group by group
as one Arrow list array and joined by ``pyarrow.compute.binary_join`` in C.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.arrays import distinct_inverse, distinct_pairs, ranges


def join_by_codes(codes: np.ndarray, values: pd.Series, sep: str, groups: int | None = None) -> np.ndarray:
    """``values`` joined with ``sep`` per group code (0 .. groups-1), in their order within
    each group; a group with no values gives ""."""
    import pyarrow as pa
    import pyarrow.compute as pc

    codes = np.asarray(codes, dtype=np.int64)
    groups = int(codes.max(initial=-1)) + 1 if groups is None else groups
    order = np.argsort(codes, kind="stable")
    counts = np.bincount(codes, minlength=groups)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    flat = pa.array(np.asarray(values.to_numpy(dtype=object))[order], type=pa.large_string())
    lists = pa.LargeListArray.from_arrays(pa.array(offsets), flat)
    joined = pc.binary_join(lists, pa.scalar(sep, pa.large_string()))
    return np.asarray(joined.to_numpy(zero_copy_only=False), dtype=object)


def rows_of(keys: pd.Series, among: pd.Series) -> np.ndarray:
    """The row of each key in ``among`` (whose keys are unique), -1 if absent: pyarrow's hash
    lookup on text, where pandas' ``get_indexer`` takes 3-10x as long."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not (isinstance(keys.dtype, pd.StringDtype) and isinstance(among.dtype, pd.StringDtype)):
        return pd.Index(among).get_indexer(keys)
    found = pc.index_in(pa.array(keys, type=pa.large_string(), from_pandas=True),
                        value_set=pa.array(among, type=pa.large_string(), from_pandas=True))
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)


def items_per_key(keys, lists: pd.Series, sep: str = ", ", shown: int | None = None) -> pd.Series:
    """Per key (the sorted distinct ``keys`` whose rows list any), the distinct items of its
    rows' ``sep``-joined ``lists``, sorted and joined with ``sep``: the first ``shown`` of them,
    then `` +N more``. Each distinct list is split once; the rest is done on integer codes."""
    # a text column factorised as it is (Arrow's hash), not as a million Python strings
    key_codes, key_values = pd.factorize(keys if isinstance(keys, pd.Series) else np.asarray(keys), sort=True)
    codes, distinct_lists = pd.factorize(lists)
    split = [[item for item in text.split(sep) if item] for text in distinct_lists]
    counts = np.array([len(items) for items in split], dtype=np.int64)
    if not counts.any():
        return pd.Series([], index=pd.Index(np.asarray(key_values)[:0]), dtype=str)
    flat, written = pd.factorize(np.array([i for items in split for i in items], dtype=object), sort=True)
    listed = np.flatnonzero((codes >= 0) & (key_codes >= 0) & (counts[np.maximum(codes, 0)] > 0))
    owners, lists_of, _ = distinct_pairs(key_codes[listed], codes[listed], len(distinct_lists))
    taken = ranges((np.cumsum(counts) - counts)[lists_of], counts[lists_of])
    owners, item, _ = distinct_pairs(np.repeat(owners, counts[lists_of]), flat[taken], len(written))
    ids, inverse = distinct_inverse(owners)  # each key's items in a run, in order
    sizes = np.bincount(inverse, minlength=len(ids))
    rank = np.arange(len(owners)) - (np.cumsum(sizes) - sizes)[inverse]
    kept = rank < (len(written) if shown is None else shown)
    items = pd.Series(np.asarray(written, dtype=object)[item[kept]])
    joined = join_by_codes(inverse[kept], items, sep, len(ids))
    if shown is not None:
        more = np.flatnonzero(sizes > shown)
        joined[more] = (pd.Series(joined[more], dtype=str) + " +"
                        + pd.Series(sizes[more] - shown).astype(str) + " more").to_numpy()
    return pd.Series(joined, index=pd.Index(np.asarray(key_values)[ids]), dtype=str)


def join_per_key(keys: pd.Series, values: pd.Series, sep: str) -> pd.Series:
    """``values.groupby(keys).agg(sep.join)``, indexed by the sorted distinct keys (a missing key,
    as in a group-by, names no group)."""
    known = keys.notna().to_numpy()
    if not known.all():
        keys, values = keys[known], values[known]
    codes, uniques = pd.factorize(keys, sort=True)
    return pd.Series(join_by_codes(codes, values, sep, len(uniques)), index=pd.Index(uniques, name=keys.name),
                     dtype=str, name=values.name)


def map_distinct(values: pd.Series, func) -> pd.Series:
    """``func`` of each value, computed once per distinct value and spread back (NaN stays NaN).

    Claim columns repeat heavily (a million rows, a few thousand distinct
    perpetrators or places): the work is done on the distinct values only.
    """
    series = pd.Series(values, copy=False)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    results = [func(value) for value in uniques]
    table = np.empty(len(results) + 1, dtype=object)
    table[:-1] = results
    table[-1] = np.nan
    return pd.Series(table[codes], index=series.index, dtype=object)


def spread(texts, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """``texts[codes]`` as a text column on ``index``: the few distinct texts made text once and
    taken in C, not a million Python strings made text one by one (0.3 s at a million rows)."""
    return pd.Series(pd.Series(texts, dtype="str").array.take(codes), index=index)


def on_distinct(values: pd.Series, transform) -> pd.Series:
    """``transform(values)`` (a whole-column function, such as a ``.str`` method) run on the
    distinct values only and spread back: the same answer, for a few values instead of a million."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    done = transform(pd.Series(uniques, dtype=values.dtype))
    return pd.Series(done.array.take(codes), index=values.index, name=values.name)


def parse_choices(values, allowed, option: str, noun: str, help_text: str) -> tuple[str, ...]:
    """An option's values (repeated and/or comma-separated, any case) -> the distinct choices in
    order; ValueError naming the option and the first value not in ``allowed``."""
    chosen: list[str] = []
    for value in [values] if isinstance(values, str) else values:
        for word in str(value).split(","):
            word = word.strip().lower()
            if word and word not in allowed:
                raise ValueError(f"{option}: unknown {noun} '{word}' (use {help_text})")
            chosen += [word] if word else []
    if not chosen:
        raise ValueError(f"{option}: no {noun} given (use {help_text})")
    return tuple(dict.fromkeys(chosen))
