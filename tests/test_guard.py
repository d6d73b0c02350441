"""The chaining guard on its own: what it refuses to merge, and why."""

from __future__ import annotations

import numpy as np
import pytest

from reconcile import guard
from reconcile.guard import VERDICTS, components, incompatible_places, rejoin
from reconcile.places import places_compatible


def merged(start, end, edges, forced=None, labels=None, units=None, forbidden=(), extension=1,
           compiled=False, monkeypatch=None):
    """The verdict of each edge, merged in the order given, by name."""
    n = len(start)
    labels, units = labels or [""] * n, units or [""] * n
    label = [0 if x == "" else 1 + sorted(set(labels)).index(x) for x in labels]
    places = sorted(set(units) - {""})
    unit = [0 if u == "" else 1 + places.index(u) for u in units]
    width = n + 1
    incompatible = [(1 + i) * width + 1 + j for i, x in enumerate(places) for j, y in enumerate(places)
                    if not places_compatible(x, y)]
    a, b = np.array(edges, dtype=np.int64).reshape(-1, 2).T
    said, roots = rejoin(a, b, np.array(forced or [False] * len(a)), np.array(start), np.array(end),
                         np.array(label), np.array(unit), extension, np.array(incompatible, dtype=np.int64),
                         np.array([x * width + y for x, y in forbidden], dtype=np.int64))
    return [VERDICTS[v] for v in said], roots.tolist()


def test_consecutive_days_do_not_chain_into_a_long_incident():
    # two days are within one day's extension; three would exceed it, unless a user's label or link forces it
    assert merged([0, 1, 2], [0, 1, 2], [(0, 1), (1, 2)])[0] == ["joined", "chain"]
    assert merged([0, 1, 2], [0, 1, 2], [(0, 1), (1, 2)], forced=[False, True])[0] == ["joined", "joined"]


def test_two_labels_a_different_link_and_incompatible_places_are_refused():
    assert merged([0, 0], [0, 0], [(0, 1)], forced=[True], labels=["a", "b"])[0] == ["labels_differ"]
    assert merged([0, 0], [0, 0], [(0, 1)], forbidden={(0, 1), (1, 0)})[0] == ["link_different"]
    assert merged([0, 0], [0, 0], [(0, 1)], units=["SY-LA", "SY-ID"])[0] == ["bridge"]
    assert merged([0, 0], [0, 0], [(0, 1)], units=["SY-LA", "SY-LA/jableh"])[0] == ["joined"]


def test_an_unplaced_claim_joins_one_place_but_does_not_bridge_two():
    said, roots = merged([0] * 3, [0] * 3, [(0, 1), (1, 2)], units=["SY-LA", "", "SY-ID"])
    assert said == ["joined", "bridge"]
    assert roots[0] == roots[1] != roots[2]


def test_a_link_keeps_apart_the_clusters_its_claims_end_up_in():
    # 0-1 and 2-3 join; a "different" link between 1 and 3 refuses the merge of the two clusters
    said, _ = merged([0] * 4, [0] * 4, [(0, 1), (2, 3), (0, 2)], forbidden={(1, 3), (3, 1)})
    assert said == ["joined", "joined", "link_different"]


def test_components_and_incompatible_places():
    import pandas as pd

    group = components(4, np.array([0, 1]), np.array([1, 2]))
    assert group[0] == group[1] == group[2] != group[3]
    claims = pd.DataFrame({"place_units": ["SY-LA", "", "SY-ID", "SY-TA"]})
    clashes = incompatible_places(claims, group)  # the unplaced claim bridged Latakia and Idlib
    assert clashes[["group", "units_x", "units_y"]].values.tolist() == [[group[0], "SY-ID", "SY-LA"]]


def _rejoined_with_sets(a, b, forced, start, end, label, unit, extension, incompatible, forbidden):
    """The rules with a set per cluster, as plainly as they can be said, for the kernel to agree with."""
    n = len(start)
    width = n + 1
    parent = list(range(n))
    span = {m: [start[m], end[m], end[m] - start[m] + 1] for m in range(n)}
    labels = dict(enumerate(label))
    places = {m: {unit[m]} - {0} for m in range(n)}
    members = {m: {m} for m in range(n)}

    def root(m):
        while parent[m] != m:
            m = parent[m]
        return m

    said = []
    for x, y, pushed in zip(a, b, forced, strict=True):
        rx, ry = root(x), root(y)
        if rx == ry:
            said.append("joined")
            continue
        if any(p * width + q in forbidden for p in members[rx] for q in members[ry]):
            said.append("link_different")
            continue
        if labels[rx] and labels[ry] and labels[rx] != labels[ry]:
            said.append("labels_differ")
            continue
        first, last = min(span[rx][0], span[ry][0]), max(span[rx][1], span[ry][1])
        longest = max(span[rx][2], span[ry][2])
        if not pushed and last - first + 1 > longest + extension:
            said.append("chain")
            continue
        if not pushed and any(p * width + q in incompatible for p in places[rx] for q in places[ry]):
            said.append("bridge")
            continue
        if len(places[rx]) < len(places[ry]):
            rx, ry = ry, rx
        parent[ry] = rx
        span[rx] = [first, last, longest]
        labels[rx] = labels[rx] or labels[ry]
        places[rx] |= places.pop(ry)
        members[rx] |= members.pop(ry)
        said.append("joined")
    return said, [root(m) for m in range(n)]


@pytest.mark.parametrize("compiled", [False, True], ids=["python", "numba"])
@pytest.mark.parametrize("seed", range(8))
def test_rejoin_agrees_with_the_rules_said_with_sets(seed, compiled, monkeypatch):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 300))
    m = int(rng.integers(1, 4 * n))
    a, b = rng.integers(0, n, m), rng.integers(0, n, m)
    forced = rng.random(m) < 0.1
    start = rng.integers(0, 8, n)
    end = start + rng.integers(0, 3, n)
    label = np.where(rng.random(n) < 0.1, rng.integers(1, 4, n), 0)
    unit = np.where(rng.random(n) < 0.6, rng.integers(1, 8, n), 0)
    width = n + 1
    clash = rng.integers(1, 8, (6, 2))
    incompatible = np.unique(np.concatenate([clash[:, 0] * width + clash[:, 1], clash[:, 1] * width + clash[:, 0]]))
    apart = rng.integers(0, n, (n // 4, 2))
    forbidden = np.unique(np.concatenate([apart[:, 0] * width + apart[:, 1], apart[:, 1] * width + apart[:, 0]]))
    monkeypatch.setattr(guard, "COMPILED_EDGES", 0 if compiled else 10**12)
    said, roots = rejoin(a, b, forced, start, end, label, unit, 2, incompatible, forbidden)
    expected, expected_roots = _rejoined_with_sets(a.tolist(), b.tolist(), forced.tolist(), start.tolist(),
                                                   end.tolist(), label.tolist(), unit.tolist(), 2,
                                                   set(incompatible.tolist()), set(forbidden.tolist()))
    assert [VERDICTS[v] for v in said] == expected
    assert roots.tolist() == expected_roots
    assert {"joined", "chain", "bridge", "labels_differ"} <= set(expected)  # the draw exercised the rules
    assert seed == 3 or "link_different" in expected


def _components_one_edge_at_a_time(n, a, b):
    """The plain union-find the vectorised rounds must agree with."""
    parent = list(range(n))

    def root(m):
        while parent[m] != m:
            m = parent[m]
        return m

    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        rx, ry = root(x), root(y)
        parent[max(rx, ry)] = min(rx, ry)
    roots = [root(m) for m in range(n)]
    numbers = {r: i for i, r in enumerate(sorted(set(roots)))}
    return np.array([numbers[r] for r in roots])


@pytest.mark.parametrize("seed", range(6))
def test_components_number_each_node_as_a_plain_union_find_does(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    m = int(rng.integers(0, 3 * n))
    a = rng.integers(0, n, m)
    reach = int(rng.choice([1, 3, n]))  # chains of neighbours, or edges anywhere
    b = np.clip(a + rng.integers(-reach, reach + 1, m), 0, n - 1)
    order = rng.permutation(m)
    assert components(n, a[order], b[order]).tolist() == _components_one_edge_at_a_time(n, a, b).tolist()


def test_components_of_a_long_chain_given_backwards_and_of_no_edges():
    n = 10_000
    a = np.arange(n - 1)[::-1]
    assert set(components(n, a, a + 1).tolist()) == {0}
    assert components(3, np.array([], dtype=int), np.array([], dtype=int)).tolist() == [0, 1, 2]


@pytest.mark.parametrize("compiled", [False, True], ids=["python", "numba"])
def test_an_extension_too_large_for_int64_days_allows_the_merge_both_ways(compiled, monkeypatch):
    monkeypatch.setattr(guard, "COMPILED_EDGES", 0 if compiled else 10**12)
    said, _ = rejoin(np.array([0]), np.array([1]), np.array([False]), np.array([0, 5]), np.array([0, 5]),
                     np.zeros(2, np.int64), np.zeros(2, np.int64), 2**63 - 1, np.array([], np.int64),
                     np.array([], np.int64))
    assert [VERDICTS[v] for v in said] == ["joined"]


def test_without_numba_the_merge_runs_as_python_with_the_same_answer(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "numba", None)  # import numba raises ImportError
    guard._compiled_merge.cache_clear()
    monkeypatch.setattr(guard, "COMPILED_EDGES", 0)
    try:
        assert guard._compiled_merge() is guard._merge_edges
        assert merged([0, 1, 2], [0, 1, 2], [(0, 1), (1, 2)])[0] == ["joined", "chain"]
    finally:
        guard._compiled_merge.cache_clear()
