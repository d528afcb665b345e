"""negedu.ensemble against scikit-learn / imbalanced-learn, textbook formulas and invariants."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negedu.exceptions import NotFittedError
from negedu.ensemble import (
    AdaBoostClassifier,
    BalancedRandomForestClassifier,
    DecisionTreeClassifier,
    EasyEnsembleClassifier,
    adaboost_samme,
    average_proba,
    balanced_random_forest,
    easy_ensemble,
    grow_tree,
)

sklearn_tree = pytest.importorskip("sklearn.tree")
sklearn_ensemble = pytest.importorskip("sklearn.ensemble")
imblearn_ensemble = pytest.importorskip("imblearn.ensemble")
from sklearn.base import clone  # noqa: E402
from sklearn.metrics import balanced_accuracy_score, roc_auc_score  # noqa: E402


def noisy_data(seed, n=200, n_features=3, n_classes=2, cut=1.0):
    """Continuous, tie-free features; the positive class is rarer (about 1 in 6)."""
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, n_features))
    y = (X[:, 0] + rng.normal(size=n) > cut + 0.4).astype(int)
    if n_classes == 3:
        y[(X[:, -1] > 1.0) & (y == 0)] = 2
    return X, y


# ------------------------------------------------------------- (b) textbook: the best split
def gini(counts):
    counts = np.asarray(counts, dtype=float)
    return 1.0 - np.sum((counts / counts.sum()) ** 2)


def best_decrease_per_feature(X, y, K):
    """Brute force: every midpoint of every feature, the weighted Gini decrease (n_L G_L + n_R G_R)."""
    best = []
    for j in range(X.shape[1]):
        values = np.unique(X[:, j].astype(np.float32))
        scores = []
        for lo, hi in zip(values[:-1], values[1:]):
            t = np.float64(lo) / 2 + np.float64(hi) / 2
            left, right = y[X[:, j].astype(np.float32) <= t], y[X[:, j].astype(np.float32) > t]
            scores.append(-(left.size * gini(np.bincount(left, minlength=K))
                            + right.size * gini(np.bincount(right, minlength=K))))
        best.append(max(scores) if scores else -np.inf)
    return np.array(best)


def has_feature_tie(tree, X, y, K):
    """Does some internal node of our tree have two features tying for the best split?"""
    node_of = {}
    for node in range(len(tree.feature)):
        node_of[node] = None
    rows = {0: np.arange(len(y))}
    for node in range(len(tree.feature)):
        if tree.feature[node] < 0:
            continue
        r = rows[node]
        best = best_decrease_per_feature(X[r], y[r], K)
        if np.sum(np.isclose(best, best.max(), rtol=0, atol=1e-9)) > 1:
            return True
        go_left = X[r, tree.feature[node]].astype(np.float32) <= tree.threshold[node]
        rows[tree.children_left[node]], rows[tree.children_right[node]] = r[go_left], r[~go_left]
    return False


def test_root_split_is_the_textbook_best_gini_split():
    for seed in range(5):
        X, y = noisy_data(seed, n=80)
        tree = grow_tree(X, y, max_depth=1)
        best = best_decrease_per_feature(X, y, 2)
        assert tree.feature[0] == int(np.argmax(best))
        left = y[X[:, tree.feature[0]].astype(np.float32) <= tree.threshold[0]]
        assert tree.value[1].tolist() == np.bincount(left, minlength=2).tolist()
        assert tree.impurity[0] == pytest.approx(gini(np.bincount(y)))


def test_entropy_impurity_is_the_textbook_formula():
    tree = grow_tree([[0.0], [1.0], [2.0], [3.0]], [0, 0, 0, 1], criterion="entropy", max_depth=1)
    p = np.array([0.75, 0.25])
    assert tree.impurity[0] == pytest.approx(-np.sum(p * np.log2(p)))


# ---------------------------------------------------------------- (a) tree vs scikit-learn
@pytest.mark.parametrize("criterion", ["gini", "entropy"])
@pytest.mark.parametrize("weighted", [False, True])
def test_tree_equals_scikit_learn_unless_two_features_tie(criterion, weighted):
    equal = 0
    for seed in range(12):
        X, y = noisy_data(seed, n=150, n_features=3, n_classes=2 + seed % 2)
        w = np.random.RandomState(seed).uniform(0.5, 2.0, size=y.size) if weighted else None
        ours = DecisionTreeClassifier(criterion=criterion, max_depth=3).fit(X, y, sample_weight=w)
        reference = sklearn_tree.DecisionTreeClassifier(criterion=criterion, max_depth=3, random_state=0)
        reference.fit(X, y, sample_weight=w)
        if np.allclose(ours.predict_proba(X), reference.predict_proba(X), rtol=0, atol=1e-12):
            equal += 1
        else:  # the only documented reason to differ: an exact tie between two features
            assert not weighted and has_feature_tie(ours.tree_, X, y, 2 + seed % 2), seed
    assert equal >= 10


def test_unlimited_tree_is_pure_and_equals_scikit_learn_on_one_feature():
    X, y = noisy_data(3, n=120, n_features=1)
    ours = DecisionTreeClassifier().fit(X, y)
    reference = sklearn_tree.DecisionTreeClassifier(random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(X), reference.predict_proba(X), rtol=0, atol=1e-12)
    assert (ours.predict(X) == y).all()
    assert ours.apply(X).max() < len(ours.tree_.feature)


def test_min_samples_leaf_and_class_weight_equal_scikit_learn():
    X, y = noisy_data(5, n=150, n_features=1)
    for kwargs in [{"min_samples_leaf": 7}, {"class_weight": "balanced"}, {"class_weight": {0: 1.0, 1: 5.0}}]:
        ours = DecisionTreeClassifier(max_depth=3, **kwargs).fit(X, y)
        reference = sklearn_tree.DecisionTreeClassifier(max_depth=3, random_state=0, **kwargs).fit(X, y)
        np.testing.assert_allclose(ours.predict_proba(X), reference.predict_proba(X), rtol=0, atol=1e-12)


def test_random_feature_subsets_are_deterministic_and_accurate():
    X, y = noisy_data(0, n=300, n_features=8)
    a = DecisionTreeClassifier(max_features="sqrt", random_state=3).fit(X, y)
    b = DecisionTreeClassifier(max_features="sqrt", random_state=3).fit(X, y)
    assert np.array_equal(a.tree_.feature, b.tree_.feature)
    assert (a.predict(X) == y).all()  # grown to purity on tie-free data
    assert set(a.tree_.feature[a.tree_.feature >= 0].tolist()) <= set(range(8))


# -------------------------------------------------------------- AdaBoost vs scikit-learn
@pytest.mark.parametrize("seed", range(6))
def test_adaboost_equals_scikit_learn(seed):
    X, y = noisy_data(seed, n=160, n_features=3, n_classes=2 + seed % 2)
    ours = AdaBoostClassifier(n_estimators=20, learning_rate=0.8, random_state=seed).fit(X, y)
    reference = sklearn_ensemble.AdaBoostClassifier(n_estimators=20, learning_rate=0.8, random_state=seed).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(X), reference.predict_proba(X), rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.estimator_weights_, reference.estimator_weights_, rtol=1e-12)


def test_adaboost_weights_follow_the_samme_formula():
    X, y = noisy_data(1, n=120, n_classes=3)
    model = adaboost_samme(X, y, n_estimators=3)
    K, w = 3, np.full(y.size, 1 / y.size)
    for m, learner in enumerate(model.estimators):
        miss = learner.predict(X) != y
        eps = np.sum(w[miss]) / np.sum(w)
        alpha = np.log((1 - eps) / eps) + np.log(K - 1)
        assert model.estimator_weights[m] == pytest.approx(alpha, rel=1e-12)
        w = w * np.exp(alpha * miss)
        w = w / w.sum()


def test_adaboost_stops_on_a_perfect_learner():
    model = adaboost_samme([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1], n_estimators=5)
    assert len(model.estimators) == 1 and model.estimator_weights.tolist() == [1.0, 0, 0, 0, 0]


# -------------------------------------------------------- EasyEnsemble vs imbalanced-learn
STRATEGIES = {
    2: ["auto", "all", "majority", 0.5, {0: 40}, lambda y: {0: int(np.sum(y == 1)) + 5}],
    3: ["auto", "not minority", "all", {0: 30, 2: 8}],
}


@pytest.mark.parametrize("n_classes", [2, 3])
def test_easy_ensemble_equals_imbalanced_learn_with_a_scikit_learn_estimator(n_classes):
    for seed in range(3):
        X, y = noisy_data(seed, n=180, n_classes=n_classes)
        labels = np.array(["apple", "orange", "pear"])[y]  # string labels too
        for strategy in STRATEGIES[n_classes]:
            if isinstance(strategy, dict):
                strategy_lab = {labels[y == k][0]: v for k, v in strategy.items()}
            else:
                strategy_lab = strategy
            kwargs = dict(n_estimators=4, sampling_strategy=strategy_lab, random_state=seed)
            ours = EasyEnsembleClassifier(estimator=sklearn_tree.DecisionTreeClassifier(max_depth=3), **kwargs)
            reference = imblearn_ensemble.EasyEnsembleClassifier(
                estimator=sklearn_tree.DecisionTreeClassifier(max_depth=3), **kwargs)
            ours.fit(X, labels)
            reference.fit(X, labels)
            assert np.array_equal(ours.predict_proba(X), reference.predict_proba(X)), (seed, strategy)
            assert np.array_equal(ours.predict(X), reference.predict(X))
            for rows, pipeline in zip(ours.estimators_samples_, reference.estimators_):
                assert np.array_equal(rows, pipeline.named_steps["sampler"].sample_indices_)


def test_easy_ensemble_equals_imbalanced_learn_with_adaboost_and_replacement():
    X, y = noisy_data(7, n=200)
    for estimator in [sklearn_ensemble.AdaBoostClassifier(n_estimators=10),
                      sklearn_ensemble.AdaBoostClassifier(sklearn_tree.DecisionTreeClassifier(max_depth=2), n_estimators=5)]:
        kwargs = dict(n_estimators=3, replacement=True, random_state=11)
        ours = EasyEnsembleClassifier(estimator=estimator, **kwargs).fit(X, y)
        reference = imblearn_ensemble.EasyEnsembleClassifier(estimator=estimator, **kwargs).fit(X, y)
        assert np.array_equal(ours.predict_proba(X), reference.predict_proba(X))


def test_easy_ensemble_default_estimator_agrees_with_imbalanced_learn():
    X, y = noisy_data(2, n=300)
    X_test, y_test = noisy_data(102, n=300)
    ours = EasyEnsembleClassifier(n_estimators=5, random_state=0).fit(X, y)
    reference = imblearn_ensemble.EasyEnsembleClassifier(n_estimators=5, random_state=0).fit(X, y)
    p_ours, p_ref = ours.predict_proba(X_test), reference.predict_proba(X_test)
    # our stumps equal scikit-learn's here, so the ensembles agree to rounding
    np.testing.assert_allclose(p_ours, p_ref, rtol=0, atol=1e-12)
    assert balanced_accuracy_score(y_test, ours.predict(X_test)) == pytest.approx(
        balanced_accuracy_score(y_test, reference.predict(X_test)), abs=0.02)


def test_warm_start_gives_the_seeds_of_a_cold_fit():
    X, y = noisy_data(4, n=150)
    warm = EasyEnsembleClassifier(n_estimators=3, warm_start=True, random_state=5,
                                  estimator=sklearn_tree.DecisionTreeClassifier(max_depth=2)).fit(X, y)
    warm.set_params(n_estimators=6).fit(X, y)
    cold = imblearn_ensemble.EasyEnsembleClassifier(n_estimators=6, random_state=5,
                                                    estimator=sklearn_tree.DecisionTreeClassifier(max_depth=2)).fit(X, y)
    assert np.array_equal(warm._seeds, cold._seeds)
    assert np.array_equal(warm.predict_proba(X), cold.predict_proba(X))
    with pytest.warns(UserWarning, match="without increasing n_estimators"):
        warm.fit(X, y)
    with pytest.raises(ValueError, match=r"n_estimators=2 must be larger or equal to len\(estimators_\)=6"):
        warm.set_params(n_estimators=2).fit(X, y)


def test_averaged_probability_is_the_mean_of_the_members():
    X, y = noisy_data(9, n=150)
    model = easy_ensemble(X, y, n_estimators=4, random_state=0)
    by_hand = np.mean([member.predict_proba(X) for member in model.estimators], axis=0)
    np.testing.assert_allclose(average_proba(model.estimators, X, 2), by_hand, rtol=0, atol=1e-15)
    for rows in model.sample_indices:  # every positive, as many negatives, all distinct
        assert np.bincount(y[rows]).tolist() == [y.sum(), y.sum()]
        assert set(np.flatnonzero(y == 1)) <= set(rows.tolist()) and np.unique(rows).size == rows.size


# ------------------------------------------------ BalancedRandomForest vs imbalanced-learn
def test_balanced_forest_subsets_equal_imbalanced_learn():
    for seed, n_classes in [(0, 2), (1, 3)]:
        X, y = noisy_data(seed, n=200, n_features=4, n_classes=n_classes)
        kwargs = dict(n_estimators=15, random_state=seed)
        ours = BalancedRandomForestClassifier(**kwargs).fit(X, y)
        reference = imblearn_ensemble.BalancedRandomForestClassifier(**kwargs).fit(X, y)
        for rows, sampler in zip(ours.estimators_samples_, reference.samplers_):
            assert np.array_equal(rows, sampler.sample_indices_)
            assert np.bincount(y[rows]).tolist() == [np.bincount(y).min()] * n_classes


def test_balanced_forest_subsets_with_other_strategies_equal_imbalanced_learn():
    X, y = noisy_data(3, n=150, n_features=4)
    for kwargs in [dict(sampling_strategy="auto", replacement=False), dict(sampling_strategy=0.5, bootstrap=True)]:
        ours = BalancedRandomForestClassifier(n_estimators=5, random_state=1, **kwargs).fit(X, y)
        reference = imblearn_ensemble.BalancedRandomForestClassifier(n_estimators=5, random_state=1, **kwargs).fit(X, y)
        for rows, sampler in zip(ours.estimators_samples_, reference.samplers_):
            assert np.array_equal(rows, sampler.sample_indices_)


def test_balanced_forest_agrees_with_imbalanced_learn_in_aggregate():
    scores = []
    for seed in range(2):
        X, y = noisy_data(seed, n=500, n_features=6, cut=1.3)
        X_test, y_test = noisy_data(seed + 50, n=1000, n_features=6, cut=1.3)
        ours = BalancedRandomForestClassifier(n_estimators=60, random_state=seed).fit(X, y)
        reference = imblearn_ensemble.BalancedRandomForestClassifier(n_estimators=60, random_state=seed).fit(X, y)
        p_ours, p_ref = ours.predict_proba(X_test)[:, 1], reference.predict_proba(X_test)[:, 1]
        scores.append([balanced_accuracy_score(y_test, p_ours > 0.5), balanced_accuracy_score(y_test, p_ref > 0.5),
                       roc_auc_score(y_test, p_ours), roc_auc_score(y_test, p_ref)])
        assert abs(p_ours.mean() - p_ref.mean()) < 0.03
    scores = np.array(scores)
    assert np.all(np.abs(scores[:, 0] - scores[:, 1]) < 0.04), scores
    assert np.all(np.abs(scores[:, 2] - scores[:, 3]) < 0.03), scores


# ------------------------------------------------------------------------- (c) invariants
@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), n_classes=st.sampled_from([2, 3]))
def test_ensemble_invariants(seed, n_classes):
    X, y = noisy_data(seed, n=90, n_features=3, n_classes=n_classes)
    if np.bincount(y).min() < 2 or np.unique(y).size < n_classes:
        return
    X_copy, y_copy = X.copy(), y.copy()
    for make in [lambda: EasyEnsembleClassifier(n_estimators=2, random_state=seed,
                                                estimator=AdaBoostClassifier(n_estimators=5)),
                 lambda: BalancedRandomForestClassifier(n_estimators=5, random_state=seed)]:
        a, b = make().fit(X, y), make().fit(X, y)
        proba = a.predict_proba(X)
        np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=0, atol=1e-12)
        assert np.array_equal(proba, b.predict_proba(X))  # deterministic per random_state
        assert set(a.predict(X).tolist()) <= set(a.classes_.tolist())
    assert np.array_equal(X, X_copy) and np.array_equal(y, y_copy)  # inputs untouched


def test_estimators_work_with_scikit_learns_clone():
    for est in [DecisionTreeClassifier(max_depth=2), AdaBoostClassifier(n_estimators=3),
                EasyEnsembleClassifier(n_estimators=2, estimator=AdaBoostClassifier(n_estimators=4)),
                BalancedRandomForestClassifier(n_estimators=3, max_depth=4)]:
        copy = clone(est)
        assert copy is not est and copy.get_params(deep=False).keys() == est.get_params(deep=False).keys()
    ee = EasyEnsembleClassifier(estimator=AdaBoostClassifier())
    assert ee.get_params()["estimator__n_estimators"] == 50
    ee.set_params(estimator__n_estimators=7)
    assert ee.estimator.n_estimators == 7
    with pytest.raises(ValueError, match="Invalid parameter 'depth' for DecisionTreeClassifier"):
        DecisionTreeClassifier().set_params(depth=3)


def test_probabilities_are_shifted_toward_the_minority():
    X, y = noisy_data(0, n=600, cut=1.6)
    ee = EasyEnsembleClassifier(n_estimators=5, random_state=0).fit(X, y)
    assert y.mean() < 0.15 and ee.predict_proba(X)[:, 1].mean() > 0.3


# ------------------------------------------------------------------------------ errors
def test_errors_are_clear():
    X, y = noisy_data(0, n=60)
    with pytest.raises(TypeError, match="estimator must be a classifier with fit, predict_proba"):
        EasyEnsembleClassifier(estimator=object()).fit(X, y)
    with pytest.raises(TypeError, match="got the class DecisionTreeClassifier"):
        EasyEnsembleClassifier(estimator=DecisionTreeClassifier).fit(X, y)
    with pytest.raises(ValueError, match="n_estimators must be at least 1, got 0"):
        EasyEnsembleClassifier(n_estimators=0).fit(X, y)
    with pytest.raises(ValueError, match="n_estimators must be at least 1, got 0"):
        BalancedRandomForestClassifier(n_estimators=0).fit(X, y)
    with pytest.raises(ValueError, match="an under-sampler can only keep samples it has"):
        EasyEnsembleClassifier(sampling_strategy={0: 1000}).fit(X, y)
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        BalancedRandomForestClassifier(n_estimators=2).fit(X_nan, y)
    with pytest.raises(ValueError, match="X contains NaN"):
        EasyEnsembleClassifier(n_estimators=2).fit(X_nan, y)
    # decision_function exists when the learner has one (AdaBoost, the default), as imbalanced-learn's
    assert hasattr(EasyEnsembleClassifier(), "decision_function")
    assert not hasattr(EasyEnsembleClassifier(estimator=DecisionTreeClassifier()), "decision_function")
    with pytest.raises(AttributeError, match="its estimator has no decision_function. Use predict_proba"):
        EasyEnsembleClassifier(estimator=DecisionTreeClassifier()).decision_function
    with pytest.raises(ValueError, match="inconsistent numbers of samples: X has 60 and y has 59"):
        EasyEnsembleClassifier().fit(X, y[:-1])
    with pytest.raises(ValueError, match="needs at least 2 classes in y, got 1"):
        DecisionTreeClassifier().fit(X, np.zeros(60))
    with pytest.raises(ValueError, match="max_features must be None, 'sqrt', 'log2'"):
        DecisionTreeClassifier(max_features=1.5).fit(X, y)
    with pytest.raises(ValueError, match="max_features must be at most 3, got 9"):
        DecisionTreeClassifier(max_features=9).fit(X, y)
    with pytest.raises(ValueError, match="criterion must be one of 'gini', 'entropy'; got 'mse'"):
        DecisionTreeClassifier(criterion="mse").fit(X, y)
    with pytest.raises(ValueError, match="max_depth must be at least 1, got 0"):
        DecisionTreeClassifier(max_depth=0).fit(X, y)
    with pytest.raises(ValueError, match=r"class_weight has keys \[5\] that are not classes of y"):
        DecisionTreeClassifier(class_weight={5: 2.0}).fit(X, y)
    with pytest.raises(ValueError, match="X has 2 features, but DecisionTreeClassifier was fitted with 3"):
        DecisionTreeClassifier(max_depth=1).fit(X, y).predict(X[:, :2])
    with pytest.raises(NotFittedError, match=r"This EasyEnsembleClassifier is not fitted yet: call fit\(X, y\) before predict\."):
        EasyEnsembleClassifier().predict(X)
    with pytest.raises(ValueError, match="first weak learner of AdaBoost is no better than chance"):
        AdaBoostClassifier(estimator=DecisionTreeClassifier(max_depth=1)).fit([[0.0], [0.0]], [0, 1])
    with pytest.raises(ValueError, match="learning_rate must be a positive number, got 0"):
        AdaBoostClassifier(learning_rate=0).fit(X, y)
    with pytest.raises(TypeError, match="bootstrap must be True or False"):
        balanced_random_forest(X, y, bootstrap="yes")


def test_a_midpoint_that_rounds_up_in_float32_sends_the_upper_value_right():
    # lo and hi are adjacent float32 values whose float64 midpoint rounds to hi in float32:
    # compared as float32, hi would go left too and the node would split into itself forever
    lo = np.nextafter(np.float32(2), np.float32(3))
    hi = np.nextafter(lo, np.float32(3))
    assert np.float32(np.float64(lo) / 2 + np.float64(hi) / 2) == hi
    X, y = np.array([[lo], [lo], [hi], [hi]]), [0, 0, 1, 1]
    tree = grow_tree(X, y)
    assert tree.value.tolist() == [[2.0, 2.0], [2.0, 0.0], [0.0, 2.0]]
    clf = DecisionTreeClassifier().fit(X, y)
    assert clf.predict(X).tolist() == y
