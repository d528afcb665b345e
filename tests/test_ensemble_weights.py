"""Trees and AdaBoost with sample weights spanning many orders of magnitude, against scikit-learn.

Where two splits of a node are equally good up to the rounding of the node's weight, which one
wins is decided by rounding, in scikit-learn as here. So a difference from scikit-learn is
accepted only where exact rational arithmetic shows such a tie: both splits within 1e-13 of
the node's weight of the exact best (the rounding of sums of n <= 160 weights, times
log2 of shares down to 1e-20 for the entropy), or a leaf
against a split at a node that is pure up to weights below 1e-9 of its own (a node that
scikit-learn's rounding may see as pure or not).
"""

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negedu.ensemble import AdaBoostClassifier, DecisionTreeClassifier, grow_tree
from negedu.ensemble._tree import _best_split

sklearn_tree = pytest.importorskip("sklearn.tree")
sklearn_ensemble = pytest.importorskip("sklearn.ensemble")

TIE = 1e-13  # splits closer than this (times the node's weight) to the exact best tie
NEARLY_PURE = 1e-9  # a node whose minority share is below this may be a leaf or not


def noisy_data(seed, n=150, n_features=3, n_classes=2):
    """Continuous, tie-free features; the positive class is rarer (about 1 in 6)."""
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, n_features))
    y = (X[:, 0] + rng.normal(size=n) > 1.4).astype(int)
    if n_classes == 3:
        y[(X[:, -1] > 1.0) & (y == 0)] = 2
    return X, y


def spanning_weights(seed, n, low=-18, high=0):
    """Weights 10**u with u uniform in [low, high]: they span high - low orders of magnitude."""
    return 10.0 ** np.random.RandomState(seed + 1000).uniform(low, high, n)


# ------------------------------------------------------------ exact arithmetic, the referee
def exact_node(X, y, w, rows, K, criterion):
    """Exact class weights of a node and the gap of each split to the best, over the node's weight.

    Returns (minority share, {(feature, threshold): gap}); Gini is exact (rationals), entropy
    is summed with math.fsum from exact shares (accurate to about 1e-16, far below TIE).
    """
    rows = rows[w[rows] > 0]  # samples of weight 0 take no part
    Xf = X[rows].astype(np.float32)
    W, labels = [Fraction(float(v)) for v in w[rows]], y[rows]
    total = [sum((W[i] for i in range(len(rows)) if labels[i] == k), Fraction(0)) for k in range(K)]
    node = sum(total)

    def weighted_impurity(counts):  # w G of one side, or None for a side of weight 0
        s = sum(counts)
        if s == 0:
            return None
        if criterion == "gini":
            return s - sum(c * c for c in counts) / s
        return Fraction(-math.fsum(float(c) * math.log2(float(c / s)) for c in counts if c > 0))

    proxies = {}
    for j in range(X.shape[1]):
        order = np.argsort(Xf[:, j], kind="stable")
        left = [Fraction(0)] * K
        for a in range(len(order) - 1):
            left[labels[order[a]]] += W[order[a]]
            lo, hi = Xf[order[a], j], Xf[order[a + 1], j]
            if not hi > lo + 1e-7:
                continue
            sides = weighted_impurity(left), weighted_impurity([t - c for t, c in zip(total, left)])
            if None in sides:
                continue
            t = np.float64(lo) / 2 + np.float64(hi) / 2
            proxies[(j, float(t if t != hi else np.float64(lo)))] = -(sides[0] + sides[1])
    best = max(proxies.values()) if proxies else None
    gaps = {split: float((best - p) / node) for split, p in proxies.items()}
    return float(1 - max(total) / node), gaps


def sklearn_arrays(tree):
    feature = np.where(tree.children_left < 0, -2, tree.feature)
    return feature, tree.threshold, tree.children_left, tree.children_right


def first_difference(ours, theirs, X):
    """The first node (depth first) where two trees split differently: (rows, ours, theirs) or None."""
    Xf = X.astype(np.float32)
    stack = [(0, 0, np.arange(X.shape[0]))]
    while stack:
        a, b, rows = stack.pop()
        split_a = (int(ours[0][a]), float(ours[1][a])) if ours[0][a] >= 0 else None
        split_b = (int(theirs[0][b]), float(theirs[1][b])) if theirs[0][b] >= 0 else None
        if split_a != split_b:
            return rows, split_a, split_b
        if split_a is None:
            continue
        go_left = Xf[rows, split_a[0]] <= split_a[1]
        stack.append((ours[3][a], theirs[3][b], rows[~go_left]))
        stack.append((ours[2][a], theirs[2][b], rows[go_left]))
    return None


def is_rounding_tie(X, y, w, K, criterion, difference):
    rows, split_a, split_b = difference
    minority, gaps = exact_node(X, y, w, rows, K, criterion)
    if split_a is None or split_b is None:
        return minority < NEARLY_PURE
    return gaps[split_a] <= TIE and gaps[split_b] <= TIE


def our_arrays(tree):
    return tree.feature, tree.threshold, tree.children_left, tree.children_right


def agrees_with_scikit_learn(X, y, w, reference_w, criterion, max_depth, K):
    """Do the probabilities equal scikit-learn's? Where the trees differ, it must be at a rounding tie."""
    ours = DecisionTreeClassifier(criterion=criterion, max_depth=max_depth).fit(X, y, sample_weight=w)
    reference = sklearn_tree.DecisionTreeClassifier(criterion=criterion, max_depth=max_depth, random_state=0)
    reference.fit(X, y, sample_weight=reference_w)
    difference = first_difference(our_arrays(ours.tree_), sklearn_arrays(reference.tree_), X)
    if difference is not None:
        assert is_rounding_tie(X, y, reference_w, K, criterion, difference), difference[1:]
    return np.allclose(ours.predict_proba(X), reference.predict_proba(X), rtol=0, atol=1e-12)


# ------------------------------------------------------------------- the reported problem
def test_weights_spanning_20_orders_no_longer_give_a_single_leaf():
    X, y = noisy_data(0)
    w = spanning_weights(0, y.size)
    ours = DecisionTreeClassifier(max_depth=4).fit(X, y, sample_weight=w)
    reference = sklearn_tree.DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, y, sample_weight=w)
    assert ours.tree_.feature.size > 1 and reference.tree_.node_count > 1
    assert (ours.tree_.feature[0], ours.tree_.threshold[0]) == (reference.tree_.feature[0], reference.tree_.threshold[0])


@pytest.mark.parametrize("criterion", ["gini", "entropy"])
def test_tree_with_weights_spanning_20_orders_equals_scikit_learn_up_to_rounding_ties(criterion):
    equal = 0
    for seed in range(30):
        K = 2 + seed % 2
        X, y = noisy_data(seed, n_classes=K)
        w = spanning_weights(seed, y.size)
        equal += agrees_with_scikit_learn(X, y, w, w, criterion, 4, K)
    assert equal >= (15 if criterion == "gini" else 25), equal


@pytest.mark.parametrize("scale", [1e-300, 1e-150, 1e150, 1e300])
def test_tree_with_weights_near_1e300_or_1e_minus_300_equals_scikit_learn_on_unscaled_weights(scale):
    """scikit-learn squares the class weights, so at 1e+-300 its own trees are single leaves."""
    equal = 0
    for seed in range(12):
        K = 2 + seed % 2
        X, y = noisy_data(seed, n_classes=K)
        w = spanning_weights(seed, y.size, low=-8, high=0)  # so that 1e-300 * w stays a normal number
        equal += agrees_with_scikit_learn(X, y, w * scale, w, "gini", 4, K)
    assert equal >= 9, equal


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), criterion=st.sampled_from(["gini", "entropy"]))
def test_every_split_is_the_exact_best_up_to_rounding_and_every_leaf_is_pure_or_deep(seed, criterion):
    K = 2 + seed % 2
    X, y = noisy_data(seed, n=80, n_classes=K)
    w = spanning_weights(seed, y.size, low=-20, high=0)
    tree = grow_tree(X, y, criterion=criterion, max_depth=5, sample_weight=w)
    rows = {0: np.arange(y.size)}
    for node in range(tree.feature.size):
        minority, gaps = exact_node(X, y, w, rows[node], K, criterion)
        if tree.feature[node] < 0:  # a leaf: deep enough, pure up to rounding, or nothing to split
            assert tree.depth[node] == 5 or minority < 1e-15 or not gaps, (node, minority)
            continue
        assert gaps[(int(tree.feature[node]), float(tree.threshold[node]))] <= TIE
        go_left = X[rows[node], tree.feature[node]].astype(np.float32) <= tree.threshold[node]
        rows[tree.children_left[node]] = rows[node][go_left]
        rows[tree.children_right[node]] = rows[node][~go_left]


# --------------------------------------------------------------------------- scale invariance
@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), criterion=st.sampled_from(["gini", "entropy"]))
def test_weights_scaled_by_powers_of_two_from_1e_minus_290_to_1e290_give_identical_trees(seed, criterion):
    """Weights spanning 20 orders (1e-10 to 1e10), scaled into [1e-300, 1e300]: the same tree, bit for bit."""
    K = 2 + seed % 2
    X, y = noisy_data(seed, n=120, n_classes=K)
    w = spanning_weights(seed, y.size, low=-10, high=10)
    base = grow_tree(X, y, criterion=criterion, max_depth=6, sample_weight=w)
    for k in [-963, -498, 498, 963]:  # 2**k ~ 1e-290, 1e-150, 1e150, 1e290
        tree = grow_tree(X, y, criterion=criterion, max_depth=6, sample_weight=np.ldexp(w, k))
        for name in ["feature", "threshold", "children_left", "children_right", "n_node_samples", "impurity"]:
            assert np.array_equal(tree[name], base[name]), (k, name)
        assert np.array_equal(tree.value, np.ldexp(base.value, k))


@pytest.mark.parametrize("criterion", ["gini", "entropy"])
def test_weights_scaled_by_1e_minus_300_to_1e300_give_the_same_tree_up_to_rounding_ties(criterion):
    """w * 1e150 rounds each weight, which may flip an exact tie (e.g. two features isolating
    the same samples) but nothing else."""
    identical = 0
    for seed in range(10):
        K = 2 + seed % 2
        X, y = noisy_data(seed, n_classes=K)
        for w in [np.random.RandomState(seed).uniform(0.5, 2.0, size=y.size), spanning_weights(seed, y.size, -8, 0)]:
            base = grow_tree(X, y, criterion=criterion, max_depth=4, sample_weight=w)
            for scale in [1e-300, 1e-150, 1e150, 1e300]:
                tree = grow_tree(X, y, criterion=criterion, max_depth=4, sample_weight=w * scale)
                difference = first_difference(our_arrays(tree), our_arrays(base), X)
                if difference is None:
                    identical += 1
                    np.testing.assert_allclose(tree.impurity, base.impurity, rtol=0, atol=1e-12)
                    np.testing.assert_allclose(tree.value / scale, base.value, rtol=1e-12)
                else:
                    assert is_rounding_tie(X, y, w, K, criterion, difference), (seed, scale, difference[1:])
    assert identical >= 50, identical  # of 80


# ------------------------------------------------------------------------------ NaN proxies
def test_a_nan_proxy_never_wins_the_split():
    # the two right-most samples weigh 1e-17: once the left side holds the two heavy ones,
    # w_right = w - w_left rounds to 0 and those splits' proxies are NaN (0/0)
    X, y, w = np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0, 1, 1, 0]), np.array([1.0, 1.0, 1e-17, 1e-17])
    tree = grow_tree(X, y, sample_weight=w, max_depth=1)
    reference = sklearn_tree.DecisionTreeClassifier(max_depth=1, random_state=0).fit(X, y, sample_weight=w)
    assert (tree.feature[0], tree.threshold[0]) == (0, 0.5) == (reference.tree_.feature[0], reference.tree_.threshold[0])


def test_a_node_whose_every_proxy_is_nan_is_a_leaf():
    X_node = np.array([[0.0], [1.0], [2.0]], dtype=np.float32)
    W_node = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])  # every split leaves weight 0 on one side...
    X_node[1, 0] = 0.0  # ...once the two weighted samples share their value
    assert _best_split(X_node, W_node, np.array([0]), "gini", 1) is None
    # (the entropy of a side of weight 0 is 0, not NaN, as in scikit-learn: 0 log 0 = 0)
    X_node[1, 0] = 1.0  # one valid split among NaN ones: it wins
    assert _best_split(X_node, W_node, np.array([0]), "gini", 1) == (0, 0.5)


def test_zero_weights_are_left_out_as_in_scikit_learn():
    X, y = np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0, 0, 1, 1])
    tree = grow_tree(X, y, sample_weight=[0.0, 1.0, 1.0, 1.0])
    assert tree.feature.tolist() == [0, -2, -2] and tree.threshold[0] == 1.5 and tree.n_node_samples[0] == 3
    equal = 0
    for seed in range(20):
        K = 2 + seed % 2
        X, y = noisy_data(seed, n_classes=K)
        rng = np.random.RandomState(seed)
        w = rng.uniform(0.5, 2.0, size=y.size) * (rng.uniform(size=y.size) < 0.7)
        equal += agrees_with_scikit_learn(X, y, w, w, "gini", 4, K)
        ours = DecisionTreeClassifier(max_depth=4).fit(X, y, sample_weight=w)
        assert ours.tree_.n_node_samples[0] == np.sum(w > 0)
    assert equal >= 15, equal


def test_all_zero_weights_are_a_clear_error():
    X, y = noisy_data(0, n=20)
    with pytest.raises(ValueError, match=r"sample_weight \(times class_weight\) is 0 for every sample"):
        DecisionTreeClassifier().fit(X, y, sample_weight=np.zeros(20))
    with pytest.raises(ValueError, match="sample_weight is all zeros, so there is nothing to boost"):
        AdaBoostClassifier().fit(X, y, sample_weight=np.zeros(20))


# ------------------------------------------------------------------------------- AdaBoost
class RecordingStump(DecisionTreeClassifier):
    """A stump that keeps the weights of each fit (in a list shared by its clones)."""

    seen = []

    def fit(self, X, y, sample_weight=None):
        RecordingStump.seen.append(np.array(sample_weight, dtype=float))
        return super().fit(X, y, sample_weight=sample_weight)


@pytest.mark.parametrize("learning_rate", [1.0, 2.0, 5.0])
def test_adaboost_with_a_large_learning_rate_equals_scikit_learn_up_to_rounding_ties(learning_rate):
    equal = 0
    for seed in range(12):
        K = 2 + seed % 2
        X, y = noisy_data(seed, n=160, n_classes=K)
        RecordingStump.seen = []
        ours = AdaBoostClassifier(RecordingStump(max_depth=1), n_estimators=50, learning_rate=learning_rate,
                                  random_state=seed).fit(X, y)
        reference = sklearn_ensemble.AdaBoostClassifier(n_estimators=50, learning_rate=learning_rate,
                                                        random_state=seed).fit(X, y)
        stumps = [(int(t.tree_.feature[0]), float(t.tree_.threshold[0])) for t in ours.estimators_]
        theirs = [(int(t.tree_.feature[0]), float(t.tree_.threshold[0])) for t in reference.estimators_]
        if stumps == theirs:
            np.testing.assert_allclose(ours.estimator_weights_, reference.estimator_weights_, rtol=1e-12)
            np.testing.assert_allclose(ours.predict_proba(X), reference.predict_proba(X), rtol=0, atol=1e-12)
            equal += 1
            continue
        m = next(i for i, (a, b) in enumerate(zip(stumps, theirs)) if a != b)  # same weights up to round m
        np.testing.assert_allclose(ours.estimator_weights_[:m], reference.estimator_weights_[:m], rtol=1e-12)
        _, gaps = exact_node(X, y, RecordingStump.seen[m], np.arange(y.size), K, "gini")
        assert gaps[stumps[m]] <= TIE and gaps[theirs[m]] <= TIE, (seed, m)
    assert equal >= 9, equal


def test_adaboost_weights_stay_at_least_machine_epsilon_and_zero_weights_stay_zero():
    X, y = noisy_data(3, n=160)
    w0 = np.ones(y.size)
    w0[:10] = 0.0
    RecordingStump.seen = []
    model = AdaBoostClassifier(RecordingStump(max_depth=1), n_estimators=30, learning_rate=5.0, random_state=0)
    model.fit(X, y, sample_weight=w0)
    reference = sklearn_ensemble.AdaBoostClassifier(n_estimators=30, learning_rate=5.0, random_state=0)
    reference.fit(X, y, sample_weight=w0)
    for w in RecordingStump.seen:
        assert np.all(w[:10] == 0) and w[10:].min() >= np.finfo(float).eps and np.isfinite(w).all()
    assert min(w[10:].min() for w in RecordingStump.seen) == np.finfo(float).eps  # the clip was needed
    np.testing.assert_allclose(model.estimator_weights_, reference.estimator_weights_, rtol=1e-12)


def test_adaboost_does_not_stop_where_its_weights_would_overflow():
    # learning_rate=100 multiplies the mistakes' weights by up to e^3600: scikit-learn's weights
    # overflow and it stops with a warning; here the update is rescaled and boosting goes on
    X, y = noisy_data(5, n=160)
    RecordingStump.seen = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning either
        model = AdaBoostClassifier(RecordingStump(max_depth=1), n_estimators=10, learning_rate=100.0,
                                   random_state=0).fit(X, y)
    with pytest.warns(UserWarning, match="Sample weights have reached infinite values"):
        reference = sklearn_ensemble.AdaBoostClassifier(n_estimators=10, learning_rate=100.0, random_state=0).fit(X, y)
    stopped = len(reference.estimators_)
    assert len(model.estimators_) > stopped
    np.testing.assert_allclose(model.estimator_weights_[:stopped], reference.estimator_weights_[:stopped], rtol=1e-12)
    for w in RecordingStump.seen:
        assert np.isfinite(w).all() and w.min() >= np.finfo(float).eps
