"""The chaining guard on its own: what it refuses to merge, and why."""

from __future__ import annotations

import numpy as np
import pytest

from reconcile.guard import Clusters, components, incoherent_groups


def clusters(start, end, labels=None, units=None, forbidden=frozenset(), extension=1):
    n = len(start)
    return Clusters(range(n), np.array(start), np.array(end), np.array(labels or [""] * n, dtype=object),
                    extension, set(forbidden), np.array(units or [""] * n, dtype=object))


def test_consecutive_days_do_not_chain_into_a_long_incident():
    guard = clusters([0, 1, 2], [0, 1, 2])
    assert guard.merge(0, 1, forced=False) == "joined"  # two days: within one day's extension
    assert guard.merge(1, 2, forced=False) == "chain"  # three days would exceed it
    assert guard.merge(1, 2, forced=True) == "joined"  # a user's label or link overrides


def test_two_labels_a_different_link_and_incompatible_places_are_refused():
    assert clusters([0, 0], [0, 0], labels=["a", "b"]).merge(0, 1, forced=True) == "labels_differ"
    assert clusters([0, 0], [0, 0], forbidden={(0, 1), (1, 0)}).merge(0, 1, forced=False) == "link_different"
    assert clusters([0, 0], [0, 0], units=["SY-LA", "SY-ID"]).merge(0, 1, forced=False) == "bridge"
    assert clusters([0, 0], [0, 0], units=["SY-LA", "SY-LA/jableh"]).merge(0, 1, forced=False) == "joined"


def test_components_and_incoherent_groups():
    import pandas as pd

    group = components(4, np.array([0, 1]), np.array([1, 2]))
    assert group[0] == group[1] == group[2] != group[3]
    claims = pd.DataFrame({"place_units": ["SY-LA", "", "SY-ID", "SY-TA"]})
    assert set(incoherent_groups(claims, group)) == {group[0]}  # the unplaced claim bridged Latakia and Idlib


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


def test_shares_keep_each_group_whole_and_balance_the_edges():
    from reconcile.guard import _shares

    edge_groups = np.array([5] * 6 + [2] * 3 + [9] * 3 + [7] * 1)
    member_groups = np.array([2, 5, 5, 7, 9, 9])
    shares = _shares(edge_groups, member_groups, 2)
    assert sorted(len(edges) for edges, _ in shares) == [6, 7]  # 6 | 3 + 3 + 1
    for edges, members in shares:
        assert set(edge_groups[edges]) == set(member_groups[members])
    assert sorted(i for edges, _ in shares for i in edges) == list(range(len(edge_groups)))
    assert len(_shares(edge_groups, member_groups, 5)) == 4  # no empty share: four groups
