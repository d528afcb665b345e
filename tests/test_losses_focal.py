"""negedu.losses focal loss: against scikit-learn at gamma = 0, against the formula, by finite
differences and by invariants. torch is not installed, so torchvision's sigmoid_focal_loss is
represented by its formula, written out below exactly as torchvision computes it."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from negedu.losses import (
    fit_linear_focal,
    logistic_proba,
    sigmoid_focal_loss,
    sigmoid_focal_loss_grad,
    softmax_focal_loss,
    softmax_focal_loss_grad,
)

SEEDS = range(8)


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _binary_case(seed, n=40, scale=4.0):
    rng = np.random.RandomState(seed)
    y = (rng.rand(n) < 0.3).astype(int)
    y[:2] = [0, 1]
    return y, scale * rng.randn(n)


def _torchvision_formula(y, z, alpha, gamma):
    """torchvision.ops.sigmoid_focal_loss, reduction="none", written with plain probabilities."""
    p = _sigmoid(z)
    ce = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    p_t = p * y + (1 - p) * (1 - y)
    loss = ce * (1 - p_t) ** gamma
    if alpha >= 0:
        loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
    return loss


# ----------------------------------------------------------------- (a) scikit-learn
@pytest.mark.parametrize("seed", SEEDS)
def test_sigmoid_gamma0_is_log_loss(seed):
    y, z = _binary_case(seed)
    ours = sigmoid_focal_loss(y, z, alpha=None, gamma=0)
    reference = log_loss(y, _sigmoid(z))
    assert ours == pytest.approx(reference, rel=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_sigmoid_alpha_gamma0_is_weighted_log_loss(seed):
    y, z = _binary_case(seed)
    ours = sigmoid_focal_loss(y, z, alpha=0.25, gamma=0, reduction="sum")
    reference = log_loss(y, _sigmoid(z), sample_weight=np.where(y == 1, 0.25, 0.75), normalize=False)
    assert ours == pytest.approx(reference, rel=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_gamma0_is_log_loss(seed):
    rng = np.random.RandomState(seed)
    k = 2 + seed % 4
    Z = 3 * rng.randn(30, k)
    y = rng.randint(k, size=30)
    y[:k] = np.arange(k)
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    ours = softmax_focal_loss(y, Z, gamma=0)
    reference = log_loss(y, P, labels=np.arange(k))
    assert ours == pytest.approx(reference, rel=1e-12)


def _binary_data(seed, n=120):
    rng = np.random.RandomState(seed)
    y = (rng.rand(n) < 0.2).astype(int)
    y[:3] = 1
    X = rng.randn(n, 3) + 1.2 * y[:, None] * np.array([1.0, -0.5, 0.3])
    return X, y


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("C", [0.1, 1.0, 10.0])
def test_fit_gamma0_is_logistic_regression(seed, C):
    X, y = _binary_data(seed)
    ours = fit_linear_focal(X, y, gamma=0, alpha=None, C=C)
    reference = LogisticRegression(C=C, tol=1e-12, max_iter=10_000).fit(X, y)
    assert ours.converged
    np.testing.assert_allclose(ours.coef, reference.coef_[0], atol=1e-5)
    assert ours.intercept == pytest.approx(reference.intercept_[0], abs=1e-5)
    np.testing.assert_allclose(logistic_proba(ours, X), reference.predict_proba(X)[:, 1], atol=1e-6)


@pytest.mark.parametrize("seed", range(3))
def test_fit_alpha_gamma0_is_class_weighted_logistic_regression(seed):
    X, y = _binary_data(seed)
    ours = fit_linear_focal(X, y, gamma=0, alpha=0.8, C=1.0)
    reference = LogisticRegression(C=1.0, class_weight={0: 0.2, 1: 0.8}, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(ours.coef, reference.coef_[0], atol=1e-5)
    assert ours.intercept == pytest.approx(reference.intercept_[0], abs=1e-5)


# ------------------------------------------------------------------- (b) formulas
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("alpha, gamma", [(0.25, 2.0), (-1.0, 2.0), (0.5, 0.5), (0.9, 5.0), (0.25, 1.0)])
def test_sigmoid_matches_torchvision_formula(seed, alpha, gamma):
    y, z = _binary_case(seed, scale=3.0)  # moderate logits: the naive formula is accurate there
    ours = sigmoid_focal_loss(y, z, alpha=None if alpha < 0 else alpha, gamma=gamma, reduction="none")
    reference = _torchvision_formula(y, z, alpha, gamma)
    np.testing.assert_allclose(ours, reference, rtol=1e-10, atol=1e-14)
    ours_negative_alpha = sigmoid_focal_loss(y, z, alpha=alpha, gamma=gamma, reduction="none")
    np.testing.assert_allclose(ours_negative_alpha, reference, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("gamma", [0.0, 1.0, 2.0, 5.0])
def test_sigmoid_grad_is_the_papers_formula(gamma):
    y, z = _binary_case(3, scale=3.0)
    p = _sigmoid(z)
    p_t = np.where(y == 1, p, 1 - p)
    y_pm = 2 * y - 1
    alpha_t = np.where(y == 1, 0.25, 0.75)
    reference = alpha_t * y_pm * (1 - p_t) ** gamma * (gamma * p_t * np.log(p_t) + p_t - 1)
    ours = sigmoid_focal_loss_grad(y, z, alpha=0.25, gamma=gamma, reduction="none")
    np.testing.assert_allclose(ours, reference, rtol=1e-9, atol=1e-14)


def test_gamma0_grad_is_p_minus_y():
    y, z = _binary_case(1)
    ours = sigmoid_focal_loss_grad(y, z, alpha=None, gamma=0, reduction="none")
    np.testing.assert_allclose(ours, _sigmoid(z) - y, atol=1e-15)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0, 5.0])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_sigmoid_grad_by_finite_differences(seed, gamma, reduction):
    y, z = _binary_case(seed, n=12, scale=3.0)
    analytic = sigmoid_focal_loss_grad(y, z, alpha=0.25, gamma=gamma, reduction=reduction)
    h = 1e-6
    numeric = np.empty_like(z)
    for i in range(z.size):
        up, down = z.copy(), z.copy()
        up[i] += h
        down[i] -= h
        numeric[i] = (sigmoid_focal_loss(y, up, gamma=gamma, reduction=reduction)
                      - sigmoid_focal_loss(y, down, gamma=gamma, reduction=reduction)) / (2 * h)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0, 5.0])
@pytest.mark.parametrize("alpha", [None, "weights"])
def test_softmax_grad_by_finite_differences(seed, gamma, alpha):
    rng = np.random.RandomState(seed)
    k = 3 + seed % 2
    Z = 2 * rng.randn(8, k)
    y = rng.randint(k, size=8)
    weights = None if alpha is None else rng.rand(k) + 0.1
    analytic = softmax_focal_loss_grad(y, Z, alpha=weights, gamma=gamma)
    h = 1e-6
    numeric = np.empty_like(Z)
    for idx in np.ndindex(*Z.shape):
        up, down = Z.copy(), Z.copy()
        up[idx] += h
        down[idx] -= h
        numeric[idx] = (softmax_focal_loss(y, up, alpha=weights, gamma=gamma)
                        - softmax_focal_loss(y, down, alpha=weights, gamma=gamma)) / (2 * h)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize("gamma", [0.0, 2.0])
def test_fit_reaches_a_stationary_point(gamma):
    X, y = _binary_data(7)
    model = fit_linear_focal(X, y, alpha=0.25, gamma=gamma, C=1.0, prior=0.01)
    Xt = np.hstack([X, np.ones((len(y), 1))])
    theta = np.append(model.coef, model.intercept)

    def objective(t):
        w = t[:-1]
        return sigmoid_focal_loss(y, Xt @ t, alpha=0.25, gamma=gamma, reduction="sum") + 0.5 * w @ w

    h = 1e-6
    numeric = [(objective(theta + h * e) - objective(theta - h * e)) / (2 * h) for e in np.eye(theta.size)]
    assert model.converged
    np.testing.assert_allclose(numeric, 0.0, atol=1e-5)
    for e in np.eye(theta.size):  # and a minimum, not a saddle: nudging any way costs
        assert objective(theta + 1e-3 * e) > objective(theta) and objective(theta - 1e-3 * e) > objective(theta)


def test_fit_same_solution_from_both_starts():
    X, y = _binary_data(2)
    a = fit_linear_focal(X, y, alpha=0.25, gamma=2.0, prior=None)
    b = fit_linear_focal(X, y, alpha=0.25, gamma=2.0, prior=0.01)
    np.testing.assert_allclose(np.append(a.coef, a.intercept), np.append(b.coef, b.intercept), atol=1e-6)


# ----------------------------------------------------------------- (c) invariants
def test_stable_for_huge_logits():
    y = np.array([1, 1, 0, 0, 1, 0])
    z = np.array([1e3, -1e3, 1e3, -1e3, 0.0, 7e2])
    for gamma in (0.0, 0.5, 2.0, 5.0):
        losses = sigmoid_focal_loss(y, z, alpha=0.25, gamma=gamma, reduction="none")
        grads = sigmoid_focal_loss_grad(y, z, alpha=0.25, gamma=gamma, reduction="none")
        assert np.all(np.isfinite(losses)) and np.all(np.isfinite(grads))
        # right and certain: exactly 0; wrong and certain: -log p_t = 1000, the factor (1 - p_t)^gamma = 1
        assert losses[0] == 0.0 and losses[3] == 0.0
        assert losses[1] == pytest.approx(0.25 * 1000) and losses[2] == pytest.approx(0.75 * 1000)
        assert grads[1] == pytest.approx(-0.25) and grads[2] == pytest.approx(0.75)
    Z = np.array([[1e3, -1e3, 0.0], [-1e3, 1e3, 0.0]])
    for gamma in (0.0, 0.5, 2.0):
        losses = softmax_focal_loss([0, 0], Z, gamma=gamma, reduction="none")
        grads = softmax_focal_loss_grad([0, 0], Z, gamma=gamma, reduction="none")
        assert np.all(np.isfinite(losses)) and np.all(np.isfinite(grads))
        assert losses[0] == 0.0 and losses[1] == pytest.approx(2000.0)


@settings(max_examples=60, deadline=None)
@given(
    z=st.lists(st.floats(-50, 50), min_size=1, max_size=20),
    gamma=st.floats(0, 6),
    alpha=st.one_of(st.none(), st.floats(0, 1)),
    seed=st.integers(0, 1000),
)
def test_focal_is_at_most_cross_entropy_and_nonnegative(z, gamma, alpha, seed):
    z = np.array(z)
    y = np.random.RandomState(seed).randint(2, size=z.size)
    fl = sigmoid_focal_loss(y, z, alpha=alpha, gamma=gamma, reduction="none")
    ce = sigmoid_focal_loss(y, z, alpha=alpha, gamma=0.0, reduction="none")
    assert np.all(fl >= 0) and np.all(fl <= ce * (1 + 1e-12))
    more = sigmoid_focal_loss(y, z, alpha=alpha, gamma=gamma + 1, reduction="none")
    assert np.all(more <= fl * (1 + 1e-12))  # a larger gamma never increases a loss
    # the gradient always points the right way: push the logit of a positive up, of a negative down
    grad = sigmoid_focal_loss_grad(y, z, alpha=alpha, gamma=gamma, reduction="none")
    assert np.all(grad[y == 1] <= 0) and np.all(grad[y == 0] >= 0)


def test_reductions_permutation_and_float_results():
    y, z = _binary_case(5)
    none = sigmoid_focal_loss(y, z, reduction="none")
    total = sigmoid_focal_loss(y, z, reduction="sum")
    mean = sigmoid_focal_loss(y, z)
    assert type(total) is float and type(mean) is float
    assert total == pytest.approx(none.sum(), rel=1e-14) and mean == pytest.approx(total / y.size, rel=1e-14)
    order = np.random.RandomState(0).permutation(y.size)
    assert sigmoid_focal_loss(y[order], z[order], reduction="sum") == pytest.approx(total, rel=1e-14)
    np.testing.assert_allclose(sigmoid_focal_loss_grad(y, z, reduction="sum") / y.size, sigmoid_focal_loss_grad(y, z))
    np.testing.assert_allclose(sigmoid_focal_loss_grad(y, z, reduction="none"), sigmoid_focal_loss_grad(y, z, reduction="sum"))
    assert type(softmax_focal_loss([0, 1], [[0.0, 1.0], [1.0, 0.0]])) is float


@pytest.mark.parametrize("gamma", [0.0, 2.0, 5.0])
def test_softmax_with_two_classes_is_sigmoid(gamma):
    y, z = _binary_case(4)
    Z = np.column_stack([np.zeros_like(z), z])
    a = 0.25
    ours = softmax_focal_loss(y, Z, alpha=[1 - a, a], gamma=gamma, reduction="none")
    np.testing.assert_allclose(ours, sigmoid_focal_loss(y, z, alpha=a, gamma=gamma, reduction="none"), rtol=1e-10, atol=1e-15)
    grad = softmax_focal_loss_grad(y, Z, alpha=[1 - a, a], gamma=gamma, reduction="none")
    np.testing.assert_allclose(grad[:, 1], sigmoid_focal_loss_grad(y, z, alpha=a, gamma=gamma, reduction="none"), rtol=1e-9, atol=1e-15)


def test_softmax_shift_invariance():
    rng = np.random.RandomState(0)
    Z = rng.randn(10, 4)
    y = rng.randint(4, size=10)
    shifted = Z + 100 * rng.randn(10, 1)
    assert softmax_focal_loss(y, shifted) == pytest.approx(softmax_focal_loss(y, Z), rel=1e-12)


def test_inputs_are_not_modified():
    y, z = _binary_case(0)
    y0, z0 = y.copy(), z.copy()
    sigmoid_focal_loss(y, z)
    sigmoid_focal_loss_grad(y, z)
    X, yy = _binary_data(0)
    X0 = X.copy()
    fit_linear_focal(X, yy)
    assert np.array_equal(y, y0) and np.array_equal(z, z0) and np.array_equal(X, X0)
    Z = np.random.RandomState(1).randn(5, 3)
    Z0 = Z.copy()
    softmax_focal_loss_grad([0, 1, 2, 0, 1], Z)
    assert np.array_equal(Z, Z0)


def test_prior_initialisation_gives_probability_pi():
    X, y = _binary_data(0)
    model = fit_linear_focal(X, y, prior=0.01, max_iter=0)
    assert model.intercept == pytest.approx(-np.log(99))
    np.testing.assert_allclose(logistic_proba(model, X), 0.01)
    assert not model.converged and model.n_iter == 0


# ------------------------------------------------------------------------- errors
def test_errors():
    with pytest.raises(ValueError, match=r"y_true must hold the labels 0 \(negative\) and 1 \(positive\), got \[0, 2\]"):
        sigmoid_focal_loss([0, 2], [0.1, 0.2])
    with pytest.raises(ValueError, match="inconsistent numbers of samples: y_true has 2 and logits has 3"):
        sigmoid_focal_loss([0, 1], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="logits contains infinity"):
        sigmoid_focal_loss([0, 1], [0.1, np.inf])
    with pytest.raises(ValueError, match=r"alpha must be in \[0, 1\].*got 1.5. Use None or a negative value"):
        sigmoid_focal_loss([0, 1], [0.1, 0.2], alpha=1.5)
    with pytest.raises(TypeError, match="alpha must be None, a negative number"):
        sigmoid_focal_loss([0, 1], [0.1, 0.2], alpha="0.25")
    with pytest.raises(ValueError, match="gamma must be >= 0, got -1.0.*Use gamma=0"):
        sigmoid_focal_loss_grad([0, 1], [0.1, 0.2], gamma=-1.0)
    with pytest.raises(TypeError, match="gamma must be a finite real number >= 0, got nan"):
        sigmoid_focal_loss([0, 1], [0.1, 0.2], gamma=float("nan"))
    with pytest.raises(ValueError, match="reduction must be one of 'mean', 'sum', 'none'; got 'average'"):
        sigmoid_focal_loss([0, 1], [0.1, 0.2], reduction="average")
    with pytest.raises(ValueError, match=r"y_true must hold class indices 0, ..., 2.*got \[0, 3\]"):
        softmax_focal_loss([0, 3], np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"logits must have one column per class \(at least 2\), got shape \(2, 1\)"):
        softmax_focal_loss([0, 0], np.zeros((2, 1)))
    with pytest.raises(ValueError, match=r"alpha must be None or 3 non-negative class weights.*got \[1.0, 2.0\]"):
        softmax_focal_loss([0, 1], np.zeros((2, 3)), alpha=[1.0, 2.0])
    with pytest.raises(ValueError, match="C must be a positive number"):
        fit_linear_focal([[0.0], [1.0]], [0, 1], C=0)
    with pytest.raises(ValueError, match="prior must be None or a probability strictly between 0 and 1, got 1.5"):
        fit_linear_focal([[0.0], [1.0]], [0, 1], prior=1.5)
    with pytest.raises(ValueError, match=r"y must hold the labels 0 \(negative\) and 1"):
        fit_linear_focal([[0.0], [1.0]], [1, 2])
