"""The fast twins of the readable tree: the same trees, leaves and stumps, bit for bit.

``grow_trees`` grows many trees at once, a batch of nodes per NumPy step; ``grow_tree`` grows
one node at a time and is the version the book shows. Every array of every tree must be equal
(not close): the same random feature subsets, the same sums in the same order.
"""

import re

import numpy as np
import pytest

from negedu.ensemble import DecisionTreeClassifier, average_proba, grow_tree, tree_apply
from negedu.ensemble import _tree_batch
from negedu.ensemble._tree_batch import _sort_in_pairs, _sort_key, apply_trees, grow_stump, grow_trees, presort_stumps
from negedu.ensemble._tree_classifier import members_predict, members_proba

KEYS = ["feature", "threshold", "children_left", "children_right", "value", "n_node_samples", "impurity", "depth"]


def assert_same_tree(ours, reference):
    np.testing.assert_array_equal(ours.classes, reference.classes)
    for key in KEYS:
        np.testing.assert_array_equal(ours[key], reference[key], err_msg=key)


def random_case(seed):
    """Data, per-tree rows (repeats allowed, every class present), weights and parameters from a seed."""
    rng = np.random.RandomState(seed)
    n, n_features, n_classes = rng.randint(8, 160), rng.randint(1, 7), rng.randint(2, 5)
    X = rng.normal(size=(n, n_features))
    if seed % 3 == 0:
        X = np.round(X, 1)  # many ties
    if seed % 4 == 1:
        X[:, 0] = 1.0  # a constant feature
    y = np.concatenate([np.arange(n_classes), rng.randint(n_classes, size=n - n_classes)])
    first = [int(np.flatnonzero(y == k)[0]) for k in range(n_classes)]
    indices = [np.concatenate([rng.randint(n, size=n), first]) for _ in range(rng.randint(1, 5))]
    weights = [None, "integer", "real"][seed % 3]
    if weights == "integer":  # bootstrap counts: the exact path
        # (sometimes large ones, a different power-of-two scale per tree)
        weights = [rng.randint(0, 3, size=i.size).astype(float) * [1, 1, 37, 1000][(seed // 3) % 4]
                   for i in indices]
    elif weights == "real":  # any positive weights, some zero: each segment summed on its own
        weights = [rng.exponential(size=i.size) * (rng.uniform(size=i.size) > 0.2) for i in indices]
    else:
        weights = [None] * len(indices)
    params = dict(criterion=["gini", "entropy"][seed % 2], max_depth=[None, 1, 3, None][seed % 4],
                  min_samples_leaf=[1, 1, 3][seed % 3], min_samples_split=[2, 5][(seed // 3) % 2],
                  max_features=[None, "sqrt", 2, 0.5][(seed // 2) % 4],
                  class_weight=[None, "balanced", None][(seed // 5) % 3])
    return X, y, indices, weights, params


@pytest.mark.parametrize("seed", range(60))
def test_grow_trees_grows_the_trees_of_grow_tree(seed):
    X, y, indices, weights, params = random_case(seed)
    seeds = [seed * 10 + t for t in range(len(indices))]
    try:
        reference = [grow_tree(X[i], y[i], sample_weight=w, random_state=s, **params)
                     for i, w, s in zip(indices, weights, seeds)]
    except ValueError as error:  # all weights 0, or max_features above F: grow_trees says the same
        with pytest.raises(ValueError, match=re.escape(str(error))):
            grow_trees(X, y, indices, sample_weights=weights, random_states=seeds, **params)
        return
    ours = grow_trees(X, y, indices, sample_weights=weights, random_states=seeds, **params)
    assert len(ours) == len(reference)
    for a, b in zip(ours, reference):
        assert_same_tree(a, b)


def test_grow_trees_with_many_classes_and_in_groups(monkeypatch):
    # 9 classes take the general impurity; a tiny group size grows the trees in several groups
    rng = np.random.RandomState(3)
    X = rng.normal(size=(300, 4))
    y = np.arange(300) % 9
    indices = [rng.permutation(300)[:200] for _ in range(4)]
    for i in indices:
        i[:9] = np.arange(9)
    monkeypatch.setattr(_tree_batch, "_BATCH_CELLS", 900)
    ours = grow_trees(X, y, indices, random_states=[0, 1, 2, 3], max_features="sqrt")
    for i, t, tree in zip(indices, range(4), ours):
        assert_same_tree(tree, grow_tree(X[i], y[i], random_state=t, max_features="sqrt"))


def test_grow_trees_needs_every_class_in_every_tree():
    X, y = np.arange(12.0)[:, None], np.arange(12) % 3
    with pytest.raises(ValueError, match=r"sample_indices\[1\] has no sample of class \[2\]"):
        grow_trees(X, y, [np.arange(12), np.array([0, 1, 3, 4])])


def test_apply_trees_walks_each_tree_as_tree_apply():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 5))
    y = (X[:, 0] + rng.normal(size=200) > 0.5).astype(int)
    trees = grow_trees(X, y, [rng.randint(200, size=200) for _ in range(7)], random_states=range(7),
                       max_features="sqrt")
    trees.append(grow_tree(np.ones((4, 5)), [0, 1, 0, 1]))  # a single leaf
    X_new = np.round(rng.normal(size=(300, 5)), 1).astype(np.float32)  # values on the thresholds' sides
    leaves = apply_trees(trees, X_new)
    assert leaves.shape == (300, 8)
    for t, tree in enumerate(trees):
        np.testing.assert_array_equal(leaves[:, t], tree_apply(tree, X_new))


@pytest.mark.parametrize("seed", range(8))
def test_grow_stump_is_grow_tree_of_depth_one(seed):
    rng = np.random.RandomState(seed)
    n_classes = 2 + seed % 3
    X = rng.normal(size=(120, 4))
    X[:, 1] = np.round(X[:, 1], 1)
    if seed % 4 == 3:
        X[:, 2] = 0.5
    y = rng.randint(n_classes, size=120)
    w = rng.exponential(size=120) * (rng.uniform(size=120) > 0.1)
    presorted = presort_stumps(X.astype(np.float32), np.flatnonzero(w > 0))
    classes, y_encoded = np.unique(y, return_inverse=True)
    assert_same_tree(grow_stump(presorted, classes, y_encoded, w), grow_tree(X, y, max_depth=1, sample_weight=w))


def test_members_predict_and_proba_equal_each_members_own():
    rng = np.random.RandomState(1)
    X = rng.normal(size=(150, 3))
    y = rng.randint(3, size=150)
    members = [DecisionTreeClassifier(max_depth=d, random_state=d).fit(X, y) for d in (1, 2, 4, None)]
    for member, p in zip(members, members_proba(members, X)):
        np.testing.assert_array_equal(p, member.predict_proba(X))
    for member, p in zip(members, members_predict(members, X)):
        np.testing.assert_array_equal(p, member.predict(X))
    expected = sum(m.predict_proba(X) for m in members) / len(members)
    np.testing.assert_array_equal(average_proba(members, X, 3), expected)
    with pytest.raises(ValueError, match="X has 2 features, but DecisionTreeClassifier was fitted with 3"):
        average_proba(members, X[:, :2], 3)


@pytest.mark.parametrize("longest", [None, 2**40])
def test_sorting_within_pairs_is_the_stable_argsort(longest):
    """The one-key sort (or, when the key would not fit 64 bits, the stable argsort it falls back to)."""
    rng = np.random.RandomState(3)
    lengths = rng.randint(1, 40, size=30)
    offsets = np.cumsum(lengths) - lengths
    pair = np.repeat(np.arange(lengths.size), lengths)
    local = np.arange(pair.size) - offsets[pair]
    x = np.round(rng.normal(size=pair.size), 1).astype(np.float32)  # many ties
    x[::7] = -0.0
    expected = np.argsort(_sort_key(x, pair), kind="stable")
    got = _sort_in_pairs(_sort_key(x, np.zeros(1, dtype=np.int64)), pair, local, offsets,
                         int(lengths.max()) if longest is None else longest)
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(pair[got], pair)  # each pair stays in its place
