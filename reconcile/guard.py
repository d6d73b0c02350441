"""The chaining guard: incidents that broke a rule, rebuilt one edge at a time.

Connected groups of joined pairs are transitive: daily strikes reported on
consecutive days could chain into a month-long "incident", and an unplaced
claim could bridge two incompatible places. :func:`guarded` re-joins the
members of such groups strongest edge first, refusing each merge that would
stretch the incident beyond its longest claim plus the allowed extension,
join two user labels or a ``--links`` "different" pair, or put incompatible
places together.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from reconcile.arrays import distinct_inverse
from reconcile.blocking import day_numbers
from reconcile.places import units_compatible
from reconcile.reasons import REASON_KEYS

__all__ = ["VERDICTS", "components", "guarded", "incompatible_places", "rejoin"]


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components of ``n`` nodes joined by edges ``a``–``b``: each node's component,
    numbered in order of the components' smallest nodes.

    Each round every edge between two components hooks the larger root under the smaller,
    then every pointer jumps to its root; a few rounds suffice (3 on a million claims). In
    numpy because scipy's version costs 0.1 s of import for a 0.1 s gain at a million claims.
    """
    parent = np.arange(n)
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    while True:
        root_a, root_b = parent[a], parent[b]
        apart = root_a != root_b
        if not apart.any():
            return distinct_inverse(parent)[1]
        a, b, root_a, root_b = a[apart], b[apart], root_a[apart], root_b[apart]
        np.minimum.at(parent, np.maximum(root_a, root_b), np.minimum(root_a, root_b))
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped


#: what :func:`rejoin` says of each edge, by code: merged (or already one), or the rule refusing it
VERDICTS = ("joined", "link_different", "labels_differ", "chain", "bridge")
JOINED, LINK_DIFFERENT, LABELS_DIFFER, CHAIN, BRIDGE = range(len(VERDICTS))


def _meet(x, y_first, following, value, keys, width) -> bool:  # pragma: no cover - also compiled
    """Whether an item of the list from ``x`` and one of the list from ``y_first`` (threaded
    through ``following``) have their key ``value[x] * width + value[y]`` among the sorted
    ``keys``: places that cannot be one, members a link keeps apart."""
    while x >= 0:
        y = y_first
        while y >= 0:
            key = value[x] * width + value[y]
            at = np.searchsorted(keys, key)
            if at < len(keys) and keys[at] == key:
                return True
            y = following[y]
        x = following[x]
    return False


def _merge_edges(a, b, forced, extension, width, parent, first, last, longest, label,
                 unit_head, unit_next, unit_of, unit_count, incompatible,
                 member_next, member_tail, member_of, forbidden, verdicts):  # pragma: no cover
    """Each edge ``a[i]``-``b[i]`` merged in turn into the clusters held by the other arguments,
    its verdict written to ``verdicts[i]``: a union-find that refuses a merge breaking a rule.

    Written for numba as much as for Python (:func:`rejoin` runs it either way): indexing only,
    no objects, so lists and arrays both serve. A cluster's distinct place units and members are
    linked lists threaded through ``unit_next`` and ``member_next`` from the root; two units or
    two members may not meet (:func:`_meet`) when their key ``x * width + y`` is among the sorted
    ``incompatible`` or ``forbidden`` keys. Ends with each node's root in ``parent``."""
    links_apart = len(forbidden) > 0
    for i in range(len(a)):
        ra = a[i]
        while parent[ra] != ra:  # find, with path halving
            parent[ra] = parent[parent[ra]]
            ra = parent[ra]
        rb = b[i]
        while parent[rb] != rb:
            parent[rb] = parent[parent[rb]]
            rb = parent[rb]
        if ra == rb:
            verdicts[i] = JOINED
            continue
        if links_apart and _meet(ra, rb, member_next, member_of, forbidden, width):
            verdicts[i] = LINK_DIFFERENT
            continue
        if label[ra] != 0 and label[rb] != 0 and label[ra] != label[rb]:
            verdicts[i] = LABELS_DIFFER
            continue
        span_first, span_last = min(first[ra], first[rb]), max(last[ra], last[rb])
        span_longest = max(longest[ra], longest[rb])
        if not forced[i]:
            if span_last - span_first + 1 > span_longest + extension:
                verdicts[i] = CHAIN
                continue
            if _meet(unit_head[ra], unit_head[rb], unit_next, unit_of, incompatible, width):
                verdicts[i] = BRIDGE
                continue
        if unit_count[ra] < unit_count[rb]:
            ra, rb = rb, ra  # the cluster with more places takes the other
        parent[rb] = ra
        first[ra], last[ra], longest[ra] = span_first, span_last, span_longest
        if label[ra] == 0:
            label[ra] = label[rb]
        y = unit_head[rb]
        while y >= 0:  # the other's places that are new to this cluster move over
            following = unit_next[y]
            x = unit_head[ra]
            while x >= 0 and unit_of[x] != unit_of[y]:
                x = unit_next[x]
            if x < 0:
                unit_next[y] = unit_head[ra]
                unit_head[ra] = y
                unit_count[ra] += 1
            y = following
        if links_apart:
            member_next[member_tail[ra]] = rb
            member_tail[ra] = member_tail[rb]
        verdicts[i] = JOINED
    for m in range(len(parent)):  # every node's root, for the caller
        root = m
        while parent[root] != root:
            root = parent[root]
        parent[m] = root


#: edges to re-join from which the compiled merge is worth numba's import and cache load (0.2 s;
#: the merge in Python takes about 1 µs an edge)
COMPILED_EDGES = 200_000


@functools.cache
def _compiled_merge():
    """:func:`_merge_edges` compiled by numba, cached on disk where it can be; the function
    itself (run as Python: slower, the same answer) where numba cannot be imported."""
    try:
        import numba
        from numba.extending import register_jitable
    except ImportError:  # numba missing, or not built for this numpy
        return _merge_edges
    register_jitable(_meet)  # compiled where the merge calls it; still the plain function here
    ints = "int64[:]"
    # typed up front, so that the compiling (0.9 s, once) or the cache load happens here
    signature = f"void({ints}, {ints}, boolean[:], int64, int64, {', '.join([ints] * 14)}, int8[:])"
    try:
        return numba.njit(signature, cache=True, nogil=True)(_merge_edges)
    except (RuntimeError, OSError):  # no place to keep the compiled code: compiled each run
        return numba.njit(signature, nogil=True)(_merge_edges)


def rejoin(a: np.ndarray, b: np.ndarray, forced: np.ndarray, start: np.ndarray, end: np.ndarray,
           label: np.ndarray, unit: np.ndarray, extension: int, incompatible: np.ndarray,
           forbidden: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each edge's verdict code (see :data:`VERDICTS`) and each node's root, merging ``n``
    nodes one edge at a time, in the order given (``forced`` edges past the chain and place rules).

    Each node has a day span (``start``, ``end``), a label code and a place-unit code (0: none).
    ``incompatible`` holds the keys ``x * (n + 1) + y`` of unit codes that cannot be one place,
    ``forbidden`` those of nodes a ``--links`` decision keeps apart, both ways round. Compiled by
    numba from :data:`COMPILED_EDGES` edges; below that, plain Python is quicker than the import."""
    n = len(start)
    merge = _compiled_merge() if len(a) >= COMPILED_EDGES else _merge_edges
    compiled = merge is not _merge_edges
    # a larger extension allows any merge of days within ±2**40 (``guarded`` clips them there),
    # and in numba's int64 it would overflow
    extension = min(int(extension), 2**62)

    def given(values, dtype=np.int64):  # arrays for numba, lists for Python's quicker indexing
        values = np.array(values, dtype=dtype)  # a copy each: the merge writes to them
        return values if compiled else values.tolist()

    start, end, unit = (np.asarray(values, dtype=np.int64) for values in (start, end, unit))
    placed, nodes, none = unit > 0, np.arange(n), np.full(n, -1)
    parent, verdicts = given(nodes), given(np.zeros(len(a)), np.int8)
    merge(given(a), given(b), given(forced, np.bool_), extension, n + 1,
          parent, given(start), given(end), given(end - start + 1), given(label),
          given(np.where(placed, nodes, -1)), given(none), given(unit), given(placed),
          np.sort(np.asarray(incompatible, dtype=np.int64)),
          given(none), given(nodes), given(nodes), np.sort(np.asarray(forbidden, dtype=np.int64)), verdicts)
    return np.asarray(verdicts, dtype=np.int8), np.asarray(parent, dtype=np.int64)


def incompatible_places(claims: pd.DataFrame, group: np.ndarray) -> pd.DataFrame:
    """The pairs of places (``units_x``, ``units_y``) within one group (``group``) that could not
    be one incident's place.

    Connected groups are transitive: an unplaced claim can bridge two incompatible ones. Checked
    on each group's distinct places; the groups that have such a pair are rebuilt, and the pairs
    are the place rule :func:`guarded` applies while rebuilding them.
    """
    frame = pd.DataFrame({"group": group, "units": claims["place_units"].to_numpy()})
    places = frame.loc[frame["units"] != "", ["group", "units"]].drop_duplicates()
    places = places.loc[places["group"].duplicated(keep=False)]
    place_pairs = places.merge(places, on="group")
    place_pairs = place_pairs.loc[place_pairs["units_x"] < place_pairs["units_y"]]
    return place_pairs.loc[~units_compatible(place_pairs["units_x"], place_pairs["units_y"])]


def guarded(claims, edges: pd.DataFrame, groups: np.ndarray, bad: np.ndarray, options, forbidden,
            forced_reasons, clashes: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Re-join the groups that broke a rule (``bad``, by group), one edge at a time, strongest
    first. ``clashes`` are the :func:`incompatible_places` of ``groups``.

    Returns the reason code of each edge refused (indexed like ``edges``) and each member's root."""
    a, b = edges["a"].to_numpy(), edges["b"].to_numpy()
    chosen = np.flatnonzero(bad[groups[a]])
    forced = edges["reason"].isin(forced_reasons).to_numpy()[chosen]
    strength = edges["strength"].to_numpy()[chosen]
    # forced first, then the strongest, ties by position: np.lexsort sorts by its last key first
    order = np.lexsort((b[chosen], a[chosen], -strength.astype(np.int64), ~forced))
    chosen, forced = chosen[order], forced[order]
    members = np.flatnonzero(bad[groups])
    node = np.full(len(groups), -1, dtype=np.int64)
    node[members] = np.arange(len(members))
    width = len(members) + 1
    label = _codes(claims["incident"].iloc[members])
    clashes = clashes.loc[bad[clashes["group"].to_numpy()]]
    # one coding for the members' places and the clashing pairs
    unit, x, y = np.split(_codes(pd.concat([claims["place_units"].iloc[members], clashes["units_x"],
                                            clashes["units_y"]], ignore_index=True)),
                          [len(members), len(members) + len(clashes)])
    apart = np.array(sorted(forbidden), dtype=np.int64).reshape(-1, 2)
    apart = node[apart[(node[apart] >= 0).all(axis=1)]]
    # days as the merge can add them in int64: a missing date (a frame given to the API) is far off
    start, end = (np.clip(day_numbers(claims[side])[members], -(2**40), 2**40)
                  for side in ("date_start", "date_end"))
    verdicts, roots = rejoin(
        node[a[chosen]], node[b[chosen]], forced, start, end, label, unit, options.max_extension_days,
        incompatible=np.concatenate([x * width + y, y * width + x]),
        forbidden=apart[:, 0] * width + apart[:, 1])
    refused = verdicts != JOINED
    reason = np.array([REASON_KEYS.index(v) for v in VERDICTS[1:]], dtype=np.int8)[verdicts[refused] - 1]
    return pd.Series(reason, index=edges.index[chosen[refused]]), pd.Series(members[roots], index=members)


def _codes(values: pd.Series) -> np.ndarray:
    """Each value's code: 0 for "" (none), from 1 for the others."""
    codes, uniques = values.factorize()
    none = np.flatnonzero(np.asarray(uniques == ""))
    if len(none):
        codes = np.where(codes == none[0], -1, codes)
    return codes.astype(np.int64) + 1
