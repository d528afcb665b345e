"""negedu.openset: against scikit-learn and SciPy, against the textbook formulas, and invariants."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import special
from scipy.stats import weibull_min
from sklearn.metrics import f1_score as sk_f1_score

from negedu import openset
from negedu.losses import SoftmaxRegression  # the model the chapter reads logits from (tested in test_shift.py)
from negedu.openset import (
    EvidentialClassifier, OpenMax, dirichlet_alpha, energy_score, evidential_fit, evidential_loss,
    evidential_uncertainty, fit_weibull_tail, log_softmax, max_softmax_score, open_set_predict,
    open_set_report, openmax_fit, openmax_proba, softmax, weibull_cdf,
)
from negedu.datasets import make_open_set_blobs

logit_rows = arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(2, 5)),
                    elements=st.floats(-30, 30, allow_nan=False))


def _blobs(seed, n=40):
    return make_open_set_blobs(n, 30, random_state=seed)


# ----------------------------------------------------------------------------- (a) references


@pytest.mark.parametrize("seed", range(5))
def test_weibull_fit_matches_scipy(seed):
    rng = np.random.RandomState(seed)
    x = weibull_min.rvs(0.8 + seed, scale=2.0 + seed, size=60, random_state=rng)
    ours = fit_weibull_tail(x, 25)
    shape, _, scale = weibull_min.fit(np.sort(x)[-25:], floc=0)
    assert ours[0] == pytest.approx(shape, rel=1e-4)
    assert ours[1] == pytest.approx(scale, rel=1e-4)
    assert isinstance(ours[0], float) and isinstance(ours[1], float)


def test_weibull_fit_is_the_likelihood_maximum():
    x = np.array([0.4, 1.1, 1.7, 2.0, 2.6, 3.9])
    k, lam = fit_weibull_tail(x)

    def loglik(k, lam):
        return np.sum(weibull_min.logpdf(x, k, scale=lam))

    best = loglik(k, lam)
    for dk, dl in [(1e-3, 0), (-1e-3, 0), (0, 1e-3), (0, -1e-3)]:
        assert loglik(k + dk, lam + dl) < best


def test_weibull_cdf_matches_scipy_and_closed_form():
    x = np.linspace(0, 6, 25)
    np.testing.assert_allclose(weibull_cdf(x, 1.7, 2.3), weibull_min.cdf(x, 1.7, scale=2.3), atol=1e-14)
    np.testing.assert_allclose(weibull_cdf(x, 1.7, 2.3), 1 - np.exp(-(x / 2.3) ** 1.7), atol=1e-14)


@pytest.mark.parametrize("temperature", [0.5, 1.0, 3.0])
def test_energy_is_minus_t_logsumexp_scipy(temperature):
    logits = np.random.RandomState(1).normal(scale=20, size=(50, 4))
    np.testing.assert_allclose(energy_score(logits, temperature=temperature),
                               -temperature * special.logsumexp(logits / temperature, axis=1), rtol=1e-12)
    np.testing.assert_allclose(log_softmax(logits, temperature=temperature),
                               special.log_softmax(logits / temperature, axis=1), atol=1e-12)


def test_digamma_and_trigamma_match_scipy():
    x = np.r_[np.linspace(0.05, 3, 40), np.linspace(3, 300, 40)]
    np.testing.assert_allclose(openset._digamma(x), special.digamma(x), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(openset._trigamma(x), special.polygamma(1, x), rtol=1e-10)


def test_open_set_report_uses_the_references():
    rng = np.random.RandomState(3)
    y_true = np.r_[rng.randint(0, 3, 60), np.full(20, 3)]
    y_pred = rng.randint(0, 3, 80)
    score = rng.uniform(size=80)
    report = open_set_report(y_true, y_pred, score, 0.7, unknown_label=3)
    y_open = np.where(score >= 0.7, 3, y_pred)
    assert report["open-set macro-F1"] == pytest.approx(sk_f1_score(y_true, y_open, average="macro"))
    assert report["open-set accuracy"] == pytest.approx(np.mean(y_open == y_true))
    assert report["unknowns rejected"] == pytest.approx(np.mean(score[60:] >= 0.7))
    assert report["knowns rejected"] == pytest.approx(np.mean(score[:60] >= 0.7))
    assert all(isinstance(v, float) for v in report.values())


# ----------------------------------------------------------------------------- (b) textbook formulas


def test_msp_and_uncertainty_by_hand():
    logits = np.array([[2.0, 1.0, 0.0], [-1.0, 4.0, 0.5]])
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(max_softmax_score(logits), 1 - p.max(axis=1))
    p2 = np.exp(logits / 2) / np.exp(logits / 2).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(max_softmax_score(logits, temperature=2.0), 1 - p2.max(axis=1))
    alpha = np.maximum(logits, 0) + 1
    np.testing.assert_allclose(evidential_uncertainty(logits, evidence="relu"), 3 / alpha.sum(axis=1))
    np.testing.assert_allclose(dirichlet_alpha(logits), np.log1p(np.exp(logits)) + 1)
    np.testing.assert_allclose(dirichlet_alpha(logits, evidence="exp"), np.exp(logits) + 1)


def test_evidential_loss_by_hand():
    logits = np.array([[3.0, -1.0, 0.5]])
    alpha = np.maximum(logits[0], 0) + 1
    S = alpha.sum()
    p = alpha / S
    y = np.array([1.0, 0.0, 0.0])
    risk = np.sum((y - p) ** 2 + p * (1 - p) / (S + 1))
    at = y + (1 - y) * alpha
    St = at.sum()
    kl = (math.lgamma(St) - math.lgamma(3) - sum(math.lgamma(a) for a in at)
          + np.sum((at - 1) * (special.digamma(at) - special.digamma(St))))
    assert evidential_loss([0], logits, evidence="relu", annealing_coef=0.3) == pytest.approx(risk + 0.3 * kl, rel=1e-12)
    # the Bayes risk is the Dirichlet expectation of the squared error: check by sampling
    draws = np.random.RandomState(0).dirichlet(alpha, size=200_000)
    assert np.mean(np.sum((y - draws) ** 2, axis=1)) == pytest.approx(risk, abs=3e-3)


def test_openmax_by_hand():
    logits = np.array([[2.0, 0.0], [3.0, 0.5], [2.5, 0.2], [2.2, 0.4], [0.0, 2.0], [0.4, 3.0], [0.1, 2.2], [0.3, 2.6]])
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    mean_vectors, shapes, scales = openmax_fit(logits, y, tail_size=3)
    np.testing.assert_allclose(mean_vectors, [logits[:4].mean(axis=0), logits[4:].mean(axis=0)])
    d0 = np.linalg.norm(logits[:4] - mean_vectors[0], axis=1)
    assert (shapes[0], scales[0]) == pytest.approx(fit_weibull_tail(np.sort(d0)[-3:]))
    v = np.array([4.0, 1.0])
    dist = np.linalg.norm(v - mean_vectors, axis=1)
    w = 1 - np.array([1.0, 0.5]) * (1 - np.exp(-(dist / scales) ** shapes))      # alpha = 2: weights 1, 1/2
    hat = np.r_[v * w, np.sum(v * (1 - w))]
    expected = np.exp(hat) / np.exp(hat).sum()
    np.testing.assert_allclose(openmax_proba([v], mean_vectors, shapes, scales, alpha=2)[0], expected, rtol=1e-12)
    # alpha = 1 touches only the top class
    w1 = np.array([1 - (1 - np.exp(-(dist[0] / scales[0]) ** shapes[0])), 1.0])
    hat1 = np.r_[v * w1, np.sum(v * (1 - w1))]
    np.testing.assert_allclose(openmax_proba([v], mean_vectors, shapes, scales, alpha=1)[0],
                               np.exp(hat1) / np.exp(hat1).sum(), rtol=1e-12)


def test_openmax_uses_correctly_classified_rows_only():
    logits = np.array([[2.0, 0.0], [3.0, 0.5], [2.5, 0.2], [0.0, 9.0], [0.0, 2.0], [0.4, 3.0], [0.1, 2.2]])
    y = np.array([0, 0, 0, 0, 1, 1, 1])                               # row 3 is a misclassified class 0
    mean_vectors, _, _ = openmax_fit(logits, y, tail_size=3)
    np.testing.assert_allclose(mean_vectors[0], logits[:3].mean(axis=0))


# ----------------------------------------------------------------------------- gradients


@pytest.mark.parametrize("evidence", ["softplus", "relu", "exp"])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_evidential_gradient_by_finite_differences(evidence, reduction):
    rng = np.random.RandomState(1)
    logits = rng.normal(scale=2, size=(6, 3))
    logits[np.abs(logits) < 0.05] += 0.2                              # keep relu away from its kink
    y = rng.randint(0, 3, 6)
    _, grad = evidential_loss(y, logits, evidence=evidence, annealing_coef=0.7, reduction=reduction, return_grad=True)
    h = 1e-6
    for idx in np.ndindex(logits.shape):
        E = np.zeros_like(logits)
        E[idx] = h
        up = evidential_loss(y, logits + E, evidence=evidence, annealing_coef=0.7, reduction=reduction)
        down = evidential_loss(y, logits - E, evidence=evidence, annealing_coef=0.7, reduction=reduction)
        assert grad[idx] == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-8)


def test_evidential_reduction_none_sums_to_sum():
    logits = np.random.RandomState(2).normal(size=(5, 3))
    y = [0, 1, 2, 0, 1]
    per_row = evidential_loss(y, logits, reduction="none")
    assert per_row.shape == (5,)
    assert evidential_loss(y, logits, reduction="sum") == pytest.approx(per_row.sum())
    assert evidential_loss(y, logits) == pytest.approx(per_row.mean())


# ----------------------------------------------------------------------------- (c) invariants


@settings(max_examples=60, deadline=None)
@given(logit_rows, st.floats(-50, 50), st.floats(0.2, 5))
def test_softmax_scores_ignore_a_shift_and_energy_moves_by_it(logits, c, temperature):
    np.testing.assert_allclose(max_softmax_score(logits + c, temperature=temperature),
                               max_softmax_score(logits, temperature=temperature), atol=1e-9)
    np.testing.assert_allclose(energy_score(logits + c, temperature=temperature),
                               energy_score(logits, temperature=temperature) - c, atol=1e-8)
    # energy lies between -max f - T log K and -max f
    e = energy_score(logits, temperature=temperature)
    top = logits.max(axis=1)
    assert np.all(e <= -top + 1e-9)
    assert np.all(e >= -top - temperature * np.log(logits.shape[1]) - 1e-9)
    s = max_softmax_score(logits, temperature=temperature)
    assert np.all((s >= -1e-12) & (s <= 1 - 1 / logits.shape[1] + 1e-12))


@settings(max_examples=60, deadline=None)
@given(logit_rows)
def test_uncertainty_in_unit_interval_and_falls_with_evidence(logits):
    u = evidential_uncertainty(logits)
    assert np.all((u > 0) & (u <= 1))
    assert np.all(evidential_uncertainty(logits + 1.0) <= u + 1e-12)


@pytest.fixture(scope="module")
def fitted():
    X_train, y_train, X_test, y_test = _blobs(0)
    model = SoftmaxRegression().fit(X_train, y_train)
    om = OpenMax(tail_size=15).fit(model.decision_function(X_train), y_train)
    return model, om, X_test, y_test


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, (4, 3), elements=st.floats(-200, 200, allow_nan=False)), st.integers(1, 3))
def test_openmax_probabilities_sum_to_one(fitted, logits, alpha):
    _, om, _, _ = fitted
    proba = openmax_proba(logits, om.mean_vectors_, om.shapes_, om.scales_, alpha=alpha)
    assert proba.shape == (4, 4)
    assert np.all(proba >= 0)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-12)


def test_far_points_are_unknown_to_openmax_but_confident_for_softmax(fitted):
    model, om, _, _ = fitted
    far = np.array([[0.0, 40.0], [-35.0, -20.0], [35.0, -20.0]])   # far out, along each class's direction
    logits = model.decision_function(far)
    assert np.all(max_softmax_score(logits) < 1e-6)                    # the softmax is certain
    assert np.all(om.predict(logits) == 3)                              # OpenMax says unknown


def test_inputs_are_not_modified(fitted):
    model, om, X_test, _ = fitted
    logits = model.decision_function(X_test)
    copy = logits.copy()
    max_softmax_score(logits)
    energy_score(logits)
    om.predict_proba(logits)
    evidential_uncertainty(logits)
    evidential_loss(np.zeros(len(logits), dtype=int), logits)
    np.testing.assert_array_equal(logits, copy)


def test_evidential_training_lowers_the_loss_and_classifies():
    X_train, y_train, X_test, y_test = _blobs(1)
    W, b = evidential_fit(X_train, y_train, n_epochs=5)
    W2, b2 = evidential_fit(X_train, y_train, n_epochs=150)
    assert evidential_loss(y_train, X_train @ W2.T + b2) < evidential_loss(y_train, X_train @ W.T + b)
    model = EvidentialClassifier(n_epochs=150).fit(X_train, y_train)
    known = y_test < 3
    assert np.mean(model.predict(X_test[known]) == y_test[known]) > 0.95
    np.testing.assert_allclose(model.predict_proba(X_test).sum(axis=1), 1.0)
    relu = EvidentialClassifier(evidence="relu", n_epochs=150).fit(X_train, y_train)
    assert np.mean(relu.predict(X_test[known]) == y_test[known]) > 0.9


def test_data_generator():
    X_train, y_train, X_test, y_test = make_open_set_blobs(20, 9, n_classes=4, random_state=5)
    assert X_train.shape == (80, 2) and X_test.shape == (89, 2)
    assert np.bincount(y_test).tolist() == [20, 20, 20, 20, 9]
    radius = np.linalg.norm(X_test[y_test == 4], axis=1)
    assert np.sum(radius < 0.8) == 3 and np.sum(radius >= 6) == 6
    again = make_open_set_blobs(20, 9, n_classes=4, random_state=5)
    np.testing.assert_array_equal(X_test, again[2])


def test_softmax_and_shells():
    np.testing.assert_allclose(softmax([[1000.0, 0.0, -1000.0]]), [[1.0, 0.0, 0.0]])
    model = SoftmaxRegression(C=2.0)
    assert model.get_params() == {"C": 2.0, "max_iter": 100, "tol": 1e-10}
    assert model.set_params(C=3.0).C == 3.0
    from sklearn.base import clone
    assert clone(model).C == 3.0
    model.fit([[0.0], [1.0], [3.0], [4.0]], ["x", "x", "z", "z"])
    assert model.predict([[0.2]]).tolist() == ["x"]


# ----------------------------------------------------------------------------- errors


def test_errors_are_clear():
    good = np.zeros((3, 2))
    with pytest.raises(ValueError, match="temperature must be > 0, got 0"):
        energy_score(good, temperature=0)
    with pytest.raises(ValueError, match="temperature must be > 0, got -1"):
        max_softmax_score(good, temperature=-1.0)
    with pytest.raises(TypeError, match="temperature must be a finite positive number"):
        energy_score(good, temperature=float("nan"))
    with pytest.raises(ValueError, match="logits must have one column per known class"):
        energy_score(np.zeros((3, 1)))
    with pytest.raises(ValueError, match="logits must be 2-D"):
        max_softmax_score(np.zeros(3))
    with pytest.raises(ValueError, match="logits contains NaN"):
        evidential_uncertainty([[0.0, np.nan]])
    with pytest.raises(ValueError, match=r"tail_size=5 is larger than the number of distances \(4\)"):
        fit_weibull_tail([1.0, 2.0, 3.0, 4.0], 5)
    with pytest.raises(ValueError, match="distances must be finite numbers >= 0"):
        fit_weibull_tail([1.0, np.nan, 3.0])
    with pytest.raises(ValueError, match="distances must be finite numbers >= 0"):
        fit_weibull_tail([-1.0, 1.0, 3.0])
    with pytest.raises(ValueError, match="the 3 largest distances include 0"):
        fit_weibull_tail([0.0, 1.0, 3.0])
    assert fit_weibull_tail([0.0, 1.0, 3.0, 4.0], 3) == fit_weibull_tail([1.0, 3.0, 4.0])
    with pytest.raises(ValueError, match="are all equal"):
        fit_weibull_tail([2.0, 2.0, 2.0])
    with pytest.raises(ValueError, match="class 1 has 2 correctly classified training rows but tail_size=3"):
        openmax_fit([[2.0, 0.0], [3.0, 0.2], [2.4, 0.1], [0.0, 1.0], [0.0, 2.0]], [0, 0, 0, 1, 1], tail_size=3)
    logits = np.array([[2.0, 0.0], [3.0, 0.5], [2.5, 0.2], [0.0, 2.0], [0.4, 3.0], [0.1, 2.2]])
    params = openmax_fit(logits, [0, 0, 0, 1, 1, 1], tail_size=3)
    with pytest.raises(ValueError, match="alpha must be at most 2"):
        openmax_proba(logits, *params, alpha=3)
    with pytest.raises(ValueError, match="the OpenMax parameters do not fit logits with 3 columns"):
        openmax_proba(np.zeros((2, 3)), *params)
    with pytest.raises(ValueError, match=r"y must hold class indices 0, ..., 1"):
        openmax_fit(logits, [0, 0, 0, 1, 1, 2])
    with pytest.raises(ValueError, match="evidence must be one of 'softplus', 'relu', 'exp'"):
        dirichlet_alpha(logits, evidence="sigmoid")
    with pytest.raises(ValueError, match="reduction must be one of"):
        evidential_loss([0] * 6, logits, reduction="avg")
    with pytest.raises(ValueError, match="annealing_coef must be a number >= 0"):
        evidential_loss([0] * 6, logits, annealing_coef=-1)
    with pytest.raises(ValueError, match="y_true and logits have different lengths"):
        evidential_loss([0] * 5, logits)
    with pytest.raises(ValueError, match="y_true must hold both known rows and unknown rows"):
        open_set_report([0, 1], [0, 1], [0.1, 0.2], 0.5, unknown_label=2)
    with pytest.raises(ValueError, match="unknown_score contains NaN"):
        open_set_predict([0, 1], [0.1, np.nan], 0.5, unknown_label=2)
    with pytest.raises(ValueError, match="y_pred and unknown_score must have the same shape"):
        open_set_predict([0, 1], [0.1], 0.5, unknown_label=2)
