"""negedu.losses, chapter 8: class weights, weighted cross-entropy, cost matrices, weighted logistic regression.

Three layers: (a) ours vs scikit-learn on seeded random inputs, (b) textbook formulas written
here, (c) invariants (hypothesis). Every error message is pinned.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import confusion_matrix as sk_confusion_matrix
from sklearn.metrics import log_loss
from sklearn.utils.class_weight import compute_class_weight as sk_compute_class_weight
from sklearn.utils.class_weight import compute_sample_weight as sk_compute_sample_weight

from negedu.losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    compute_class_weight,
    compute_sample_weight,
    cost_threshold,
    expected_cost,
    min_expected_cost_predict,
    sigmoid,
    tune_threshold,
)

SEEDS = range(12)


def _labels(rng, n, kind):
    if kind == "binary":
        return rng.choice([0, 1], size=n, p=[0.8, 0.2])
    if kind == "multiclass":
        return rng.choice([3, 5, 7, 11], size=n, p=[0.55, 0.25, 0.15, 0.05])
    return rng.choice(np.array(["apple", "orange", "pear"]), size=n, p=[0.1, 0.7, 0.2])


# ----------------------------------------------------------------- (a) compute_class_weight
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", ["binary", "multiclass", "strings"])
def test_class_weight_balanced_equals_sklearn(seed, kind):
    rng = np.random.RandomState(seed)
    y = _labels(rng, 60 + seed, kind)
    classes = np.unique(y)
    ours = compute_class_weight("balanced", classes=classes, y=y)
    reference = sk_compute_class_weight("balanced", classes=classes, y=y)
    assert np.array_equal(ours, reference)  # bit for bit
    sw = rng.uniform(0.1, 3.0, size=y.size)
    ours = compute_class_weight("balanced", classes=classes, y=y, sample_weight=sw)
    reference = sk_compute_class_weight("balanced", classes=classes, y=y, sample_weight=sw)
    np.testing.assert_allclose(ours, reference, rtol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", ["binary", "multiclass", "strings"])
def test_class_weight_dict_and_none_equal_sklearn(seed, kind):
    rng = np.random.RandomState(seed)
    y = _labels(rng, 50, kind)
    classes = np.unique(y)
    some = {c.item(): float(rng.uniform(0.5, 20)) for c in classes[rng.rand(classes.size) < 0.6]}
    for class_weight in (None, {}, some):
        ours = compute_class_weight(class_weight, classes=classes, y=y)
        reference = sk_compute_class_weight(class_weight, classes=classes, y=y)
        assert np.array_equal(ours, reference)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", ["binary", "multiclass", "strings"])
def test_sample_weight_equals_sklearn(seed, kind):
    rng = np.random.RandomState(seed)
    y = _labels(rng, 70, kind)
    classes = np.unique(y)
    fixed = {c.item(): float(rng.uniform(0.5, 20)) for c in classes}
    for class_weight in (None, "balanced", fixed):
        assert np.array_equal(compute_sample_weight(class_weight, y), sk_compute_sample_weight(class_weight, y))
    indices = rng.randint(0, y.size, size=y.size // 3)  # a bootstrap subsample, often missing a class
    ours = compute_sample_weight("balanced", y, indices=indices)
    reference = sk_compute_sample_weight("balanced", y, indices=indices)
    assert np.array_equal(ours, reference)


def test_subsample_missing_class_weighs_zero():
    y = np.array([0, 0, 0, 1, 1, 2])
    weights = compute_sample_weight("balanced", y, indices=[0, 1, 3])
    assert weights.tolist() == [0.75, 0.75, 0.75, 1.5, 1.5, 0.0]  # 3 / (2 * 2) and 3 / (2 * 1)


# ----------------------------------------------------------------- (b) formulas
def test_balanced_formula_and_equal_class_totals():
    y = np.array([0] * 95 + [1] * 5)
    w = compute_class_weight("balanced", classes=np.array([0, 1]), y=y)
    assert w.tolist() == [100 / (2 * 95), 100 / (2 * 5)]
    # every class carries the same total weight n / K, and the ratio is the imbalance ratio
    assert 95 * w[0] == pytest.approx(50) and 5 * w[1] == pytest.approx(50)
    assert w[1] / w[0] == pytest.approx(19)


def test_balanced_weighted_loss_is_mean_of_class_means():
    # The analogue of balanced accuracy: weighting by 'balanced' averages the per-class mean losses.
    rng = np.random.RandomState(3)
    y = rng.choice([0, 1], size=200, p=[0.9, 0.1])
    z = rng.normal(size=200)
    per_sample = np.logaddexp(0, z) - y * z
    class_means = [per_sample[y == k].mean() for k in (0, 1)]
    assert binary_cross_entropy(y, z, class_weight="balanced") == pytest.approx(np.mean(class_means), rel=1e-12)


# ----------------------------------------------------------------- cross-entropy
@pytest.mark.parametrize("seed", SEEDS)
def test_cross_entropy_equals_log_loss(seed):
    rng = np.random.RandomState(seed)
    n = 40 + seed
    y = rng.choice([0, 1], size=n, p=[0.85, 0.15])
    y[:2] = [0, 1]
    z = rng.normal(scale=3, size=n)
    p = 1 / (1 + np.exp(-z))
    sw = rng.uniform(0, 2, size=n)
    assert binary_cross_entropy(y, z) == pytest.approx(log_loss(y, p), rel=1e-12)
    assert binary_cross_entropy(y, z, sample_weight=sw) == pytest.approx(log_loss(y, p, sample_weight=sw), rel=1e-12)
    v = sk_compute_sample_weight("balanced", y)
    assert binary_cross_entropy(y, z, class_weight="balanced") == pytest.approx(log_loss(y, p, sample_weight=v), rel=1e-12)
    v = sw * np.where(y == 1, 7.0, 1.0)
    ours = binary_cross_entropy(y, z, sample_weight=sw, class_weight={1: 7.0})
    assert ours == pytest.approx(log_loss(y, p, sample_weight=v), rel=1e-12)
    # the two normalisations: "mean" divides by the total weight, "sum"/n by the number of samples
    total = binary_cross_entropy(y, z, sample_weight=sw, class_weight={1: 7.0}, reduction="sum")
    assert total / v.sum() == pytest.approx(ours, rel=1e-12)
    formula = np.sum(v * -(y * np.log(p) + (1 - y) * np.log(1 - p)))
    assert total == pytest.approx(formula, rel=1e-10)
    none = binary_cross_entropy(y, z, sample_weight=sw, class_weight={1: 7.0}, reduction="none")
    assert none.shape == (n,) and none.sum() == pytest.approx(total, rel=1e-12)


def test_cross_entropy_is_stable_for_huge_logits():
    y = np.array([1, 0, 1, 0])
    z = np.array([1000.0, -1000.0, -1000.0, 1000.0])
    assert binary_cross_entropy(y, z, reduction="none").tolist() == [0.0, 0.0, 1000.0, 1000.0]
    grad = binary_cross_entropy_grad(y, z, reduction="sum")
    assert grad.tolist() == [0.0, 0.0, -1.0, 1.0]
    assert sigmoid(-40.0) == pytest.approx(np.exp(-40.0), rel=1e-12)  # not rounded to 0


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("class_weight", [None, "balanced", {0: 0.5, 1: 4.0}])
def test_cross_entropy_gradient_by_finite_differences(reduction, class_weight):
    rng = np.random.RandomState(0)
    y = rng.choice([0, 1], size=25, p=[0.7, 0.3])
    z = rng.normal(scale=2, size=25)
    sw = rng.uniform(0.2, 2, size=25)
    kwargs = dict(sample_weight=sw, class_weight=class_weight, reduction=reduction)
    grad = binary_cross_entropy_grad(y, z, **kwargs)
    h = 1e-6
    numeric = np.empty_like(z)
    for i in range(z.size):
        up, down = z.copy(), z.copy()
        up[i] += h
        down[i] -= h
        numeric[i] = (binary_cross_entropy(y, up, **kwargs) - binary_cross_entropy(y, down, **kwargs)) / (2 * h)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)
    # "none": the derivative of each loss by its own logit equals the "sum" gradient
    kwargs["reduction"] = "none"
    none = binary_cross_entropy_grad(y, z, **kwargs)
    np.testing.assert_allclose(none, binary_cross_entropy_grad(y, z, **{**kwargs, "reduction": "sum"}))


def test_cross_entropy_does_not_modify_inputs():
    y = np.array([0, 1, 0, 1])
    z = np.array([0.5, -0.5, 2.0, 1.0])
    sw = np.array([1.0, 2.0, 3.0, 4.0])
    copies = y.copy(), z.copy(), sw.copy()
    binary_cross_entropy(y, z, sample_weight=sw, class_weight="balanced")
    binary_cross_entropy_grad(y, z, sample_weight=sw, class_weight="balanced")
    for before, after in zip(copies, (y, z, sw)):
        assert np.array_equal(before, after)


# ----------------------------------------------------------------- cost matrices
@pytest.mark.parametrize("seed", SEEDS)
def test_expected_cost_is_confusion_matrix_times_costs(seed):
    rng = np.random.RandomState(seed)
    K = 2 + seed % 3
    y_true, y_pred = rng.randint(0, K, 80), rng.randint(0, K, 80)
    C = rng.uniform(0, 10, size=(K, K))
    M = sk_confusion_matrix(y_true, y_pred, labels=list(range(K)))
    assert expected_cost(y_true, y_pred, C, normalize=False) == pytest.approx(np.sum(M * C), rel=1e-12)
    assert expected_cost(y_true, y_pred, C) == pytest.approx(np.sum(M * C) / 80, rel=1e-12)
    sw = rng.uniform(0, 3, 80)
    M = sk_confusion_matrix(y_true, y_pred, labels=list(range(K)), sample_weight=sw)
    assert expected_cost(y_true, y_pred, C, sample_weight=sw) == pytest.approx(np.sum(M * C) / sw.sum(), rel=1e-12)


def test_expected_cost_with_string_labels():
    y_true = ["apple", "orange", "orange", "apple"]
    y_pred = ["orange", "orange", "apple", "apple"]
    C = [[0, 19], [1, 0]]  # rows/columns: apple, orange (as listed in labels)
    assert expected_cost(y_true, y_pred, C, labels=["apple", "orange"], normalize=False) == 20.0
    assert expected_cost(y_true, y_pred, [[0, 1], [19, 0]], labels=["orange", "apple"], normalize=False) == 20.0


@pytest.mark.parametrize("c_fp,c_fn", [(1, 1), (1, 19), (5, 2), (0.3, 100)])
def test_cost_threshold_is_elkans(c_fp, c_fn):
    assert cost_threshold([[0, c_fp], [c_fn, 0]]) == pytest.approx(c_fp / (c_fp + c_fn), rel=1e-15)
    # adding a constant to a row and scaling the matrix leave the threshold unchanged
    shifted = np.array([[2.0, 2 + c_fp], [-1 + c_fn, -1.0]]) * 3.5
    assert cost_threshold(shifted) == pytest.approx(c_fp / (c_fp + c_fn), rel=1e-12)


def test_cost_threshold_minimises_expected_cost_on_a_grid():
    C = np.array([[0.0, 1.0], [7.0, 2.0]])
    tau = cost_threshold(C)
    for p in np.linspace(0.001, 0.999, 101):
        cost_pos = (1 - p) * C[0, 1] + p * C[1, 1]
        cost_neg = (1 - p) * C[0, 0] + p * C[1, 0]
        assert (p >= tau) == (cost_pos <= cost_neg + 1e-12) or abs(p - tau) < 1e-9


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000))
def test_min_expected_cost_predict_is_argmin_of_risk(seed):
    rng = np.random.RandomState(seed)
    K = int(rng.randint(2, 5))
    P = rng.dirichlet(np.ones(K), size=30)
    C = rng.uniform(0, 10, size=(K, K))
    y_pred = min_expected_cost_predict(P, C)
    risks = np.array([[sum(P[i, k] * C[k, j] for k in range(K)) for j in range(K)] for i in range(30)])
    assert np.allclose(risks[np.arange(30), y_pred], risks.min(axis=1))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000))
def test_binary_min_expected_cost_is_the_threshold_rule(seed):
    rng = np.random.RandomState(seed)
    c_fp, c_fn = rng.uniform(0.1, 10, size=2)
    C = [[0, c_fp], [c_fn, 0]]
    p = rng.uniform(size=50)
    tau = cost_threshold(C)
    p = p[np.abs(p - tau) > 1e-9]  # away from exact ties
    assert np.array_equal(min_expected_cost_predict(p, C), (p >= tau).astype(int))


@pytest.mark.parametrize("seed", SEEDS)
def test_tune_threshold_against_brute_force(seed):
    rng = np.random.RandomState(seed)
    y = rng.choice([0, 1], size=120, p=[0.9, 0.1])
    score = np.round(rng.uniform(size=120) + 0.4 * y, 2)  # rounded: many ties
    C = [[0, 1], [float(rng.choice([2, 5, 19])), 0]]
    result = tune_threshold(y, score, C)
    candidates = np.r_[np.inf, np.unique(score)[::-1]]
    brute = np.array([expected_cost(y, (score >= t).astype(int), C) for t in candidates])
    np.testing.assert_allclose(result.costs, brute, rtol=1e-12, atol=1e-15)
    assert result.cost == pytest.approx(brute.min(), rel=1e-12)
    assert result.threshold == candidates[np.flatnonzero(np.isclose(brute, brute.min(), rtol=1e-12))[0]]


def test_tune_threshold_matches_sklearn_tuned_threshold():
    from sklearn.base import BaseEstimator, ClassifierMixin
    from sklearn.metrics import make_scorer
    from sklearn.model_selection import TunedThresholdClassifierCV

    class Fixed(ClassifierMixin, BaseEstimator):  # a "model" whose probability is column 0 of X
        def fit(self, X, y):
            self.classes_ = np.array([0, 1])
            return self

        def predict_proba(self, X):
            return np.column_stack([1 - X[:, 0], X[:, 0]])

    rng = np.random.RandomState(0)
    y = rng.choice([0, 1], size=300, p=[0.9, 0.1])
    score = np.clip(rng.normal(0.3 + 0.3 * y, 0.15), 0.001, 0.999)
    C = [[0, 1], [10, 0]]
    ours = tune_threshold(y, score, C)

    def negative_cost(y_true, y_pred):
        return -expected_cost(y_true, y_pred, C)

    grid = np.unique(score)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tuned = TunedThresholdClassifierCV(Fixed().fit(None, None), scoring=make_scorer(negative_cost),
                                           thresholds=grid, cv="prefit", refit=False).fit(score[:, None], y)
    assert tuned.best_score_ == pytest.approx(-ours.cost, rel=1e-12)
    assert np.array_equal((score >= tuned.best_threshold_), (score >= ours.threshold))


# ----------------------------------------------------------------- (c) invariants
@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from([0, 1, 2]), min_size=3, max_size=40))
def test_balanced_weights_give_equal_class_totals_and_sum_n(labels):
    y = np.array(labels)
    classes = np.unique(y)
    w = compute_sample_weight("balanced", y)
    assert w.sum() == pytest.approx(y.size)
    totals = [w[y == c].sum() for c in classes]
    assert np.allclose(totals, y.size / classes.size)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 10_000))
def test_integer_weights_equal_duplicated_rows(seed):
    rng = np.random.RandomState(seed)
    y = rng.choice([0, 1], size=20)
    z = rng.normal(size=20)
    reps = rng.randint(0, 4, size=20)
    weighted = binary_cross_entropy(y, z, sample_weight=reps, reduction="sum")
    duplicated = binary_cross_entropy(np.repeat(y, reps), np.repeat(z, reps), reduction="sum") if reps.sum() else 0.0
    assert weighted == pytest.approx(duplicated, rel=1e-12, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_expected_cost_is_order_invariant(seed):
    rng = np.random.RandomState(seed)
    y_true, y_pred = rng.randint(0, 2, 30), rng.randint(0, 2, 30)
    perm = rng.permutation(30)
    C = [[0, 1], [rng.uniform(1, 50), 0]]
    assert expected_cost(y_true, y_pred, C) == pytest.approx(expected_cost(y_true[perm], y_pred[perm], C), rel=1e-12)


def test_scalars_are_python_floats():
    assert type(expected_cost([0, 1], [0, 0], [[0, 1], [5, 0]])) is float
    assert type(cost_threshold([[0, 1], [5, 0]])) is float
    assert type(binary_cross_entropy([0, 1], [0.0, 1.0])) is float
    result = tune_threshold([0, 1], [0.2, 0.7], [[0, 1], [5, 0]])
    assert type(result.threshold) is float and type(result.cost) is float


# ----------------------------------------------------------------- errors, pinned
def test_class_weight_errors():
    y = np.array([0, 0, 1])
    with pytest.raises(ValueError, match=r"y has label\(s\) \[1\] that are not in classes \[0\]"):
        compute_class_weight("balanced", classes=np.array([0]), y=y)
    with pytest.raises(ValueError, match=r"class_weight='balanced' needs every class in y.*\[2\].*infinite"):
        compute_class_weight("balanced", classes=np.array([0, 1, 2]), y=y)
    with pytest.raises(ValueError, match=r"class_weight has key\(s\) \['1'\] that are not classes"):
        compute_class_weight({"1": 5.0}, classes=np.array([0, 1]), y=y)
    with pytest.raises(TypeError, match=r"class_weight must be None, 'balanced' or a dict"):
        compute_class_weight("balance", classes=np.array([0, 1]), y=y)
    with pytest.raises(ValueError, match=r"class\(es\) \[1\] have total weight 0"):
        compute_class_weight("balanced", classes=np.array([0, 1]), y=y, sample_weight=[1, 1, 0])
    with pytest.raises(ValueError, match=r"class_weight\[1\] must be a finite number"):
        compute_class_weight({1: "five"}, classes=np.array([0, 1]), y=y)


def test_extra_dict_key_differs_from_sklearn_on_purpose():
    # scikit-learn silently ignores a key that is not a class when every class has a weight
    y = np.array([0, 1, 1])
    assert sk_compute_class_weight({0: 1.0, 1: 2.0, 5: 9.0}, classes=np.array([0, 1]), y=y).tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match=r"key\(s\) \[5\] that are not classes"):
        compute_class_weight({0: 1.0, 1: 2.0, 5: 9.0}, classes=np.array([0, 1]), y=y)


def test_sample_weight_errors():
    with pytest.raises(ValueError, match=r"y has shape \(3, 2\): one column per output"):
        compute_sample_weight("balanced", np.array([[0, 1], [1, 0], [1, 1]]))
    with pytest.raises(ValueError, match=r"class_weight is a list: that is scikit-learn's form for multi-output"):
        compute_sample_weight([{0: 1, 1: 2}], [0, 1])
    with pytest.raises(ValueError, match=r"indices \(a subsample\) only works with class_weight='balanced'"):
        compute_sample_weight({1: 2.0}, [0, 1, 1], indices=[0, 1])
    with pytest.raises(ValueError, match=r"indices must be integer positions into y \(0 to 2\)"):
        compute_sample_weight("balanced", [0, 1, 1], indices=[0, 7])
    with pytest.raises(ValueError, match=r"y is empty"):
        compute_sample_weight("balanced", [])


def test_cross_entropy_errors():
    with pytest.raises(ValueError, match=r"y_true must hold the labels 0 \(negative\) and 1 \(positive\), got \[1, 2\]"):
        binary_cross_entropy([1, 2], [0.0, 0.0])
    with pytest.raises(ValueError, match=r"reduction must be one of 'mean', 'sum', 'none'; got 'average'"):
        binary_cross_entropy([0, 1], [0.0, 0.0], reduction="average")
    with pytest.raises(ValueError, match=r"inconsistent numbers of samples: y_true has 2 and logits has 3"):
        binary_cross_entropy([0, 1], [0.0, 0.0, 1.0])
    with pytest.raises(ValueError, match=r"logits contains infinity"):
        binary_cross_entropy([0, 1], [0.0, np.inf])
    with pytest.raises(ValueError, match=r"reduction='mean' divides by the total weight, which is 0"):
        binary_cross_entropy_grad([0, 1], [0.0, 0.0], sample_weight=[0, 0])


def test_cost_errors():
    with pytest.raises(ValueError, match=r"cost_matrix must be a square matrix .* got shape \(2, 3\)"):
        expected_cost([0, 1], [0, 1], [[0, 1, 2], [1, 0, 2]])
    with pytest.raises(ValueError, match=r"cost_matrix must be 2 x 2 for a threshold"):
        cost_threshold(np.ones((3, 3)))
    with pytest.raises(ValueError, match=r"is not reasonable.*missing a positive costs nothing extra"):
        cost_threshold([[0, 1], [0, 0]])
    with pytest.raises(ValueError, match=r"is not reasonable.*flagging a negative costs nothing extra"):
        cost_threshold([[1, 1], [5, 0]])
    with pytest.raises(ValueError, match=r"y_true has labels \['a', 'b'\], but without labels="):
        expected_cost(["a", "b"], ["a", "a"], [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match=r"y_pred has label\(s\) \['c'\] that are not in labels"):
        expected_cost(["a", "b"], ["a", "c"], [[0, 1], [1, 0]], labels=["a", "b"])
    with pytest.raises(ValueError, match=r"labels must list 2 distinct classes"):
        expected_cost([0, 1], [0, 1], [[0, 1], [1, 0]], labels=[0, 0])
    with pytest.raises(ValueError, match=r"cost_matrix contains NaN or infinity"):
        expected_cost([0, 1], [0, 1], [[0, np.nan], [1, 0]])
    with pytest.raises(ValueError, match=r"y_proba has 3 columns but cost_matrix has 2 classes"):
        min_expected_cost_predict(np.full((2, 3), 1 / 3), [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match=r"rows sum to 1"):
        min_expected_cost_predict([[0.5, 0.6]], [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match=r"y_true must hold the labels 0 and 1, got \[0, 2\]"):
        tune_threshold([0, 2], [0.1, 0.2], [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match=r"normalize=True divides by the total sample_weight"):
        expected_cost([0, 1], [0, 1], [[0, 1], [1, 0]], sample_weight=[0, 0])


# ----------------------------------------------------------------- weighted logistic regression
def _logistic_data(seed, n=300):
    rng = np.random.RandomState(seed)
    y = (rng.uniform(size=n) < 0.12).astype(int)
    y[:3] = [0, 1, 1]
    X = rng.normal(size=(n, 3)) + 1.2 * y[:, None] * np.array([1.0, -0.5, 0.0])
    return X, y, rng


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("class_weight", [None, "balanced", {1: 7.0}, {0: 0.5, 1: 3.0}])
def test_weighted_logistic_equals_sklearn(seed, class_weight):
    from sklearn.linear_model import LogisticRegression

    from negedu.losses import fit_logistic_regression

    X, y, rng = _logistic_data(seed)
    sw = rng.uniform(0.2, 2.0, size=y.size) if seed % 2 else None
    C = [1.0, 0.3, 10.0][seed % 3]
    ours = fit_logistic_regression(X, y, C=C, class_weight=class_weight, sample_weight=sw)
    reference = LogisticRegression(C=C, class_weight=class_weight, solver="newton-cholesky", tol=1e-10)
    reference.fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(np.r_[ours.coef, ours.intercept],
                               np.r_[reference.coef_[0], reference.intercept_], atol=1e-6, rtol=1e-6)


def test_weighted_logistic_integer_weights_equal_duplicated_rows():
    from negedu.losses import fit_logistic_regression

    X, y, rng = _logistic_data(0, n=120)
    reps = rng.randint(1, 4, size=y.size)
    weighted = fit_logistic_regression(X, y, sample_weight=reps)
    duplicated = fit_logistic_regression(np.repeat(X, reps, axis=0), np.repeat(y, reps))
    np.testing.assert_allclose(np.r_[weighted.coef, weighted.intercept],
                               np.r_[duplicated.coef, duplicated.intercept], atol=1e-8)


def test_class_weight_shifts_the_intercept_by_log_w_without_penalty():
    # Well-specified model (Gaussian classes, equal covariances), no penalty: weighting the positives
    # by w moves the intercept by log(w) on average and leaves the slopes (King and Zeng 2001).
    from negedu.losses import fit_logistic_regression

    rng = np.random.RandomState(1)
    y = (rng.uniform(size=20_000) < 0.05).astype(int)
    X = rng.normal(size=(20_000, 2)) + y[:, None] * np.array([2.0, -1.0])
    plain = fit_logistic_regression(X, y, C=np.inf)
    weighted = fit_logistic_regression(X, y, C=np.inf, class_weight={1: 10.0})
    assert weighted.intercept - plain.intercept == pytest.approx(np.log(10.0), abs=0.08)
    np.testing.assert_allclose(weighted.coef, plain.coef, rtol=0.05)


def test_weighted_logistic_errors():
    from negedu.losses import fit_logistic_regression

    with pytest.raises(ValueError, match=r"Every sample has weight 0"):
        fit_logistic_regression([[0.0], [1.0]], [0, 1], sample_weight=[0, 0])
    with pytest.raises(ValueError, match=r"class_weight has key\(s\) \[2\] that are not classes"):
        fit_logistic_regression([[0.0], [1.0]], [0, 1], class_weight={2: 3.0})
    with pytest.raises(ValueError, match=r"inconsistent numbers of samples: X has 2 and y has 3"):
        fit_logistic_regression([[0.0], [1.0]], [0, 1, 1])
