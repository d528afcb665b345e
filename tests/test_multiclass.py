"""negedu.multiclass and negedu.losses.LogisticRegression against scikit-learn, formulas and invariants."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.calibration import _sigmoid_calibration
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.multiclass import OneVsOneClassifier as SkOneVsOne
from sklearn.multiclass import OneVsRestClassifier as SkOneVsRest
from sklearn.naive_bayes import GaussianNB

from negedu.exceptions import NotFittedError
from negedu.losses import LogisticRegression
from negedu.multiclass import (
    OneVsOneClassifier,
    OneVsRestClassifier,
    calibrate_sigmoid,
    one_vs_one_fit,
    one_vs_rest_fit,
    pairwise_decision_function,
    pairwise_votes,
    sigmoid_calibrated,
)


def sk_logistic(**kw):
    """scikit-learn's L-BFGS logistic regression, run to a tight tolerance."""
    return SkLogisticRegression(tol=1e-12, max_iter=5000, **kw)


def sk_newton(**kw):
    """The same optimum, reached faster (for the many multi-class comparisons)."""
    return SkLogisticRegression(solver="newton-cholesky", tol=1e-10, max_iter=200, **kw)


def blobs(seed, n_classes, n=120, labels=None):
    rng = np.random.RandomState(seed)
    y = np.arange(n) % n_classes
    rng.shuffle(y)
    X = rng.randn(n, 2) + 1.2 * np.column_stack([np.cos(y), np.sin(y)]) * 1.5
    if labels is not None:
        y = np.asarray(labels)[y]
    return X, y


# ----------------------------------------------------------------------- LogisticRegression
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("params", [{}, {"C": 0.05}, {"C": 20.0}, {"class_weight": "balanced"},
                                    {"class_weight": {0: 1.0, 1: 4.0}}])
def test_logistic_regression_matches_sklearn_lbfgs(seed, params):
    rng = np.random.RandomState(seed)
    X = rng.randn(80, 3)
    y = (X[:, 0] + rng.randn(80) > 0.7).astype(int)
    ours = LogisticRegression(**params).fit(X, y)
    reference = sk_logistic(**params).fit(X, y)
    np.testing.assert_allclose(ours.coef_, reference.coef_, atol=1e-6)
    np.testing.assert_allclose(ours.intercept_, reference.intercept_, atol=1e-6)
    np.testing.assert_allclose(ours.predict_proba(X), reference.predict_proba(X), atol=1e-6)
    np.testing.assert_array_equal(ours.predict(X), reference.predict(X))


def test_logistic_regression_string_labels_sample_weight_and_clone():
    from sklearn.base import clone

    rng = np.random.RandomState(3)
    X = rng.randn(60, 2)
    y = np.where(X[:, 1] + rng.randn(60) > 0, "spam", "ham")
    w = rng.rand(60)
    ours = LogisticRegression(class_weight={"spam": 3.0}).fit(X, y, sample_weight=w)
    reference = sk_logistic(class_weight={"spam": 3.0}).fit(X, y, sample_weight=w)
    np.testing.assert_allclose(ours.decision_function(X), reference.decision_function(X), atol=1e-6)
    assert list(ours.classes_) == ["ham", "spam"]
    copy = clone(LogisticRegression(C=2.0))
    assert copy.get_params()["C"] == 2.0 and not hasattr(copy, "coef_")


def test_logistic_regression_errors():
    X = np.zeros((3, 1))
    with pytest.raises(ValueError, match=r"needs exactly 2 classes in y, got 3.*OneVsRestClassifier"):
        LogisticRegression().fit(X, [0, 1, 2])
    with pytest.raises(ValueError, match=r"got 1: \[0\]"):
        LogisticRegression().fit(X, [0, 0, 0])
    with pytest.raises(NotFittedError, match=r"This LogisticRegression is not fitted yet: call fit\(X, y\) before predict\."):
        LogisticRegression().predict(X)
    with pytest.raises(ValueError, match=r"Invalid parameter 'penalty' for LogisticRegression\. Valid parameters are \['C', 'class_weight', 'max_iter', 'tol'\]"):
        LogisticRegression().set_params(penalty="l1")
    model = LogisticRegression().fit([[0.0], [1.0]], [0, 1])
    with pytest.raises(ValueError, match="X has 2 features, but LogisticRegression was fitted with 1"):
        model.predict([[0.0, 1.0]])


# ------------------------------------------------------------------------ OvR / OvO vs sklearn
@pytest.mark.parametrize("seed", range(2))
@pytest.mark.parametrize("n_classes", [2, 3, 4, 6])
@pytest.mark.parametrize("base", ["ours", "sklearn"])
def test_ovr_and_ovo_match_sklearn(seed, n_classes, base):
    X, y = blobs(seed, n_classes)
    estimator = LogisticRegression() if base == "ours" else sk_newton()
    for Ours, Reference in [(OneVsRestClassifier, SkOneVsRest), (OneVsOneClassifier, SkOneVsOne)]:
        ours = Ours(estimator).fit(X, y)
        reference = Reference(sk_logistic() if n_classes == 3 else sk_newton()).fit(X, y)
        np.testing.assert_array_equal(ours.predict(X), reference.predict(X))
        np.testing.assert_allclose(ours.decision_function(X), reference.decision_function(X), atol=1e-6)
        assert len(ours.estimators_) == len(reference.estimators_)
        np.testing.assert_array_equal(ours.classes_, reference.classes_)
        assert ours.n_features_in_ == reference.n_features_in_ == 2
        if Ours is OneVsRestClassifier:
            np.testing.assert_allclose(ours.predict_proba(X), reference.predict_proba(X), atol=1e-6)
    assert not hasattr(estimator, "coef_")  # the user's estimator is never fitted in place


def test_string_labels_and_a_class_with_one_sample():
    X, y = blobs(5, 4, n=90, labels=np.array(["cat", "dog", "owl", "yak"], dtype="<U5"))
    y[0] = "zebra"  # a class with a single sample
    for Ours, Reference in [(OneVsRestClassifier, SkOneVsRest), (OneVsOneClassifier, SkOneVsOne)]:
        ours = Ours(LogisticRegression()).fit(X, y)
        reference = Reference(sk_newton()).fit(X, y)
        np.testing.assert_array_equal(ours.predict(X), reference.predict(X))
        np.testing.assert_allclose(ours.decision_function(X), reference.decision_function(X), atol=1e-6)
        assert ours.classes_.tolist() == ["cat", "dog", "owl", "yak", "zebra"]


def test_probability_only_base_estimator_matches_sklearn():
    X, y = blobs(2, 3)
    for Ours, Reference in [(OneVsRestClassifier, SkOneVsRest), (OneVsOneClassifier, SkOneVsOne)]:
        ours, reference = Ours(GaussianNB()).fit(X, y), Reference(GaussianNB()).fit(X, y)
        np.testing.assert_array_equal(ours.predict(X), reference.predict(X))
    np.testing.assert_allclose(OneVsRestClassifier(GaussianNB()).fit(X, y).predict_proba(X),
                               SkOneVsRest(GaussianNB()).fit(X, y).predict_proba(X), atol=1e-12)
    X2, y2 = blobs(2, 2)
    np.testing.assert_array_equal(OneVsOneClassifier(GaussianNB()).fit(X2, y2).predict(X2),
                                  SkOneVsOne(GaussianNB()).fit(X2, y2).predict(X2))


def test_binary_ovr_fits_one_model_on_the_second_class():
    X, y = blobs(1, 2)
    ovr = OneVsRestClassifier(LogisticRegression()).fit(X, y)
    assert len(ovr.estimators_) == 1
    direct = LogisticRegression().fit(X, y)
    np.testing.assert_allclose(ovr.decision_function(X), direct.decision_function(X))
    assert ovr.decision_function(X).shape == (X.shape[0],)


def test_errors_are_clear():
    X = np.zeros((4, 2))
    for Cls in (OneVsRestClassifier, OneVsOneClassifier):
        with pytest.raises(ValueError, match=r"needs at least 2 classes in y, got 1: \['a'\]"):
            Cls(LogisticRegression()).fit(X, ["a"] * 4)
        with pytest.raises(ValueError, match=r"shape \(4, 3\).*multilabel.*does not support"):
            Cls(LogisticRegression()).fit(X, np.eye(4, 3))
        with pytest.raises(TypeError, match="got the class LogisticRegression. Pass an instance"):
            Cls(LogisticRegression).fit(X, [0, 1, 2, 0])
        with pytest.raises(TypeError, match="must have a fit method and a decision_function or predict_proba"):
            Cls("logistic").fit(X, [0, 1, 2, 0])
        with pytest.raises(NotFittedError, match=rf"This {Cls.__name__} is not fitted yet: call fit\(X, y\) before predict\."):
            Cls(LogisticRegression()).predict(X)
        with pytest.raises(ValueError, match="y must hold class labels, got non-integer"):
            Cls(LogisticRegression()).fit(X, [0.5, 1.0, 2.0, 0.0])
        with pytest.raises(ValueError, match="inconsistent numbers of samples"):
            Cls(LogisticRegression()).fit(X, [0, 1, 2])


def test_one_class_is_an_error_where_sklearn_ovr_fits_a_constant():
    """Deliberate difference: scikit-learn's OvR fits a constant predictor with a warning."""
    X = np.zeros((4, 2))
    with pytest.warns(UserWarning):
        SkOneVsRest(sk_logistic()).fit(X, [1, 1, 1, 1])
    with pytest.raises(ValueError, match="needs at least 2 classes"):
        OneVsRestClassifier(LogisticRegression()).fit(X, [1, 1, 1, 1])


def test_get_params_set_params_and_sklearn_clone():
    from sklearn.base import clone

    ovr = OneVsRestClassifier(LogisticRegression(C=3.0), n_jobs=2)
    assert ovr.get_params()["estimator__C"] == 3.0
    ovr.set_params(estimator__C=0.5)
    assert clone(ovr).estimator.C == 0.5
    with pytest.raises(ValueError, match=r"Invalid parameter 'C' for OneVsRestClassifier\. Valid parameters are \['estimator', 'n_jobs'\]"):
        ovr.set_params(C=1.0)


# --------------------------------------------------------------------------- formulas
def test_subproblems_are_the_textbook_ones():
    X, y = blobs(4, 4)
    ovr = one_vs_rest_fit(X, y, LogisticRegression())
    for c, est in zip(ovr.classes, ovr.estimators):
        direct = LogisticRegression().fit(X, (y == c).astype(int))  # c positive, the rest negative
        np.testing.assert_allclose(est.coef_, direct.coef_)
    ovo = one_vs_one_fit(X, y, LogisticRegression())
    assert len(ovo.estimators) == 4 * 3 // 2
    for (i, j), est in zip(ovo.pairs, ovo.estimators):
        rows = (y == i) | (y == j)
        direct = LogisticRegression().fit(X[rows], (y[rows] == j).astype(int))
        np.testing.assert_allclose(est.coef_, direct.coef_)


def test_pairwise_decision_function_by_hand():
    # K = 3, pairs (0,1), (0,2), (1,2); one sample, a three-way tie of votes
    predictions = np.array([[1, 0, 1]])  # votes: 1 for class 1, 0 for class 0, 1 for class 2
    confidences = np.array([[0.5, -2.0, 1.0]])
    votes = pairwise_votes(predictions, 3)
    np.testing.assert_array_equal(votes, [[1, 1, 1]])
    S = np.array([-0.5 + 2.0, 0.5 - 1.0, -2.0 + 1.0])  # S_c = sum_{i<c} f_ic - sum_{j>c} f_cj
    expected = votes + S / (3 * (np.abs(S) + 1))
    np.testing.assert_allclose(pairwise_decision_function(predictions, confidences, 3), expected)
    assert pairwise_decision_function(predictions, confidences, 3).argmax() == 0  # the tie goes to class 0


def test_calibrate_sigmoid_matches_sklearn_and_platt_targets():
    rng = np.random.RandomState(0)
    for _ in range(8):
        y = rng.randint(0, 2, 200)
        s = rng.randn(200) * rng.uniform(0.5, 40) + 2 * y
        w = rng.rand(200)
        np.testing.assert_allclose(calibrate_sigmoid(s, y), _sigmoid_calibration(s, y), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(calibrate_sigmoid(s, y, sample_weight=w), _sigmoid_calibration(s, y, w),
                                   rtol=1e-5, atol=1e-6)
    # the optimum: the gradient of the cross-entropy against Platt's smoothed targets vanishes
    a, b = calibrate_sigmoid(s, y)
    n_pos, n_neg = y.sum(), (1 - y).sum()
    t = np.where(y == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    p = 1 / (1 + np.exp(a * s + b))
    np.testing.assert_allclose([np.sum((p - t) * s), np.sum(p - t)], [0, 0], atol=1e-8)
    np.testing.assert_allclose(sigmoid_calibrated(s, a, b), p)
    assert isinstance(a, float) and isinstance(b, float)


def test_calibrate_sigmoid_errors():
    with pytest.raises(ValueError, match=r"y_true must hold the labels 0 and 1, got \[0, 1, 2\].*\(y == c\)"):
        calibrate_sigmoid([0.1, 0.2, 0.3], [0, 1, 2])
    with pytest.raises(ValueError, match="inconsistent numbers of samples: y_score has 2 and y_true has 3"):
        calibrate_sigmoid([0.1, 0.2], [0, 1, 1])
    with pytest.raises(ValueError, match="y_score contains NaN"):
        calibrate_sigmoid([np.nan, 0.2], [0, 1])


# -------------------------------------------------------------------------- invariants
@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), n_classes=st.integers(3, 5))
def test_invariants(seed, n_classes):
    X, y = blobs(seed, n_classes, n=60)
    ovr = OneVsRestClassifier(LogisticRegression()).fit(X, y)
    np.testing.assert_allclose(ovr.predict_proba(X).sum(axis=1), 1.0)
    np.testing.assert_array_equal(ovr.predict(X), ovr.classes_[ovr.decision_function(X).argmax(axis=1)])
    ovo = OneVsOneClassifier(LogisticRegression()).fit(X, y)
    predictions = np.column_stack([est.predict(X) for est in ovo.estimators_])
    votes = pairwise_votes(predictions, n_classes)
    np.testing.assert_array_equal(votes.sum(axis=1), n_classes * (n_classes - 1) // 2)
    decision = ovo.decision_function(X)
    assert np.all(np.abs(decision - votes) < 1 / 3)  # confidences never overturn a vote
    X_copy, y_copy = X.copy(), y.copy()
    OneVsOneClassifier(LogisticRegression()).fit(X, y)
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(y, y_copy)


def test_make_class_blobs():
    from negedu.datasets import make_class_blobs

    data = make_class_blobs([30, 20, 10], separation=3.0, random_state=0)
    assert np.bincount(data.y).tolist() == [30, 20, 10]
    np.testing.assert_allclose(np.linalg.norm(data.centres, axis=1), 3.0)
    np.testing.assert_array_equal(make_class_blobs([30, 20, 10], separation=3.0, random_state=0).X, data.X)
    with pytest.raises(ValueError, match="n_per_class needs at least 2 classes"):
        make_class_blobs([5])
    with pytest.raises(ValueError, match="n_per_class must be at least 1, got 0. Give every class"):
        make_class_blobs([5, 0])
