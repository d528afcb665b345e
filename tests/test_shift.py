"""negedu.shift and the softmax model it uses (negedu.losses.SoftmaxRegression): the model against scikit-learn, the prior adjustment and EM against
Bayes' rule, PSI against its formula, the generators, invariants and error messages."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negedu.exceptions import NotFittedError
from negedu.losses import SoftmaxRegression, softmax_objective, softmax_regression
from negedu.resampling import prior_correction
from negedu.shift import (
    adjust_to_prior,
    estimate_prior_em,
    population_stability_index,
)
from negedu.datasets import make_intents, make_shifting_negatives


def _blobs(seed, K, n=90, d=3):
    rng = np.random.RandomState(seed)
    y = rng.randint(K, size=n)
    X = rng.normal(size=(n, d)) + 1.5 * rng.normal(size=(K, d))[y]
    return X, y


# ----------------------------------------------------------------- (a) against scikit-learn
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("K, C", [(3, 1.0), (4, 0.1), (5, 10.0)])
def test_softmax_regression_matches_scikit_learn_multinomial(seed, K, C):
    from sklearn.linear_model import LogisticRegression

    X, y = _blobs(seed, K)
    ours = SoftmaxRegression(C=C).fit(X, y)
    reference = LogisticRegression(C=C, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(ours.coef_, reference.coef_, atol=1e-5)
    np.testing.assert_allclose(ours.intercept_, reference.intercept_, atol=1e-5)
    np.testing.assert_allclose(ours.predict_proba(X), reference.predict_proba(X), atol=1e-6)
    assert np.array_equal(ours.predict(X), reference.predict(X))


def test_softmax_regression_on_the_intents_matches_scikit_learn():
    from sklearn.linear_model import LogisticRegression

    data = make_intents(random_state=0)
    ours = SoftmaxRegression().fit(data.X, data.intent)
    reference = LogisticRegression(tol=1e-12, max_iter=10_000).fit(data.X, data.intent)
    np.testing.assert_allclose(ours.predict_proba(data.X), reference.predict_proba(data.X), atol=1e-6)


def test_two_classes_are_the_symmetric_form_of_the_binary_model_with_c_doubled():
    # documented difference: K = 2 gives rows +-w/2 of the binary model fitted with 2C
    from sklearn.linear_model import LogisticRegression

    X, y = _blobs(3, 2)
    ours = softmax_regression(X, y, C=1.0)
    reference = LogisticRegression(C=2.0, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(ours.coef[1] - ours.coef[0], reference.coef_[0], atol=1e-5)
    np.testing.assert_allclose(ours.coef[1], -ours.coef[0], atol=1e-9)


# ----------------------------------------------------------------- (b) textbook formulas
@pytest.mark.parametrize("seed", range(3))
def test_softmax_objective_gradient_by_finite_differences(seed):
    rng = np.random.RandomState(seed)
    X, y = _blobs(seed, 4, n=20, d=2)
    W, b = rng.normal(size=(4, 2)), rng.normal(size=4)
    _, g_w, g_b = softmax_objective(W, b, X, y, C=0.7)
    h = 1e-6
    for k in range(4):
        for j in range(2):
            E = np.zeros_like(W)
            E[k, j] = h
            numeric = (softmax_objective(W + E, b, X, y, C=0.7)[0] - softmax_objective(W - E, b, X, y, C=0.7)[0]) / (2 * h)
            assert g_w[k, j] == pytest.approx(numeric, rel=1e-6, abs=1e-6)
        e = np.zeros(4)
        e[k] = h
        numeric = (softmax_objective(W, b + e, X, y, C=0.7)[0] - softmax_objective(W, b - e, X, y, C=0.7)[0]) / (2 * h)
        assert g_b[k] == pytest.approx(numeric, rel=1e-6, abs=1e-6)


def test_softmax_objective_is_the_textbook_sum():
    X, y = _blobs(1, 3, n=15, d=2)
    rng = np.random.RandomState(1)
    W, b = rng.normal(size=(3, 2)), rng.normal(size=3)
    expected = 0.5 * np.sum(W**2)
    for x_i, y_i in zip(X, y):
        t = W @ x_i + b
        expected += 2.0 * -np.log(np.exp(t[y_i]) / np.exp(t).sum())
    assert softmax_objective(W, b, X, y, C=2.0)[0] == pytest.approx(expected, rel=1e-12)


def test_softmax_objective_is_stable_for_huge_scores():
    value, g_w, _ = softmax_objective(np.array([[1000.0], [-1000.0]]), np.zeros(2), [[1.0]], [1])
    assert np.isfinite(value) and value == pytest.approx(2000.0 + 1e6)
    assert np.all(np.isfinite(g_w))


@pytest.mark.parametrize("p, pi, new", [(0.3, 0.5, 0.1), (0.9, 0.2, 0.6), (0.01, 0.05, 0.5)])
def test_adjust_to_prior_is_bayes_rule(p, pi, new):
    logit = np.log(p / (1 - p)) + np.log(new / (1 - new)) - np.log(pi / (1 - pi))
    assert adjust_to_prior([p], pi, new)[0] == pytest.approx(1 / (1 + np.exp(-logit)), rel=1e-12)
    beta = (new / (1 - new)) / (pi / (1 - pi))
    assert adjust_to_prior([p], pi, new)[0] == pytest.approx(prior_correction(p, beta), rel=1e-12)


def test_adjust_to_prior_multiclass_formula():
    P = np.array([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])
    pi, new = np.array([0.5, 0.3, 0.2]), np.array([0.2, 0.2, 0.6])
    expected = np.array([[p[k] * new[k] / pi[k] for k in range(3)] for p in P])
    expected /= expected.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(adjust_to_prior(P, pi, new), expected, rtol=1e-12)


def test_adjusted_posteriors_are_the_true_posteriors_of_the_new_population():
    # two Gaussians N(-1, 1) and N(1, 1): the exact posterior at prior pi is known
    x = np.linspace(-3, 3, 13)

    def posterior(pi):
        return pi * np.exp(-((x - 1) ** 2) / 2) / (pi * np.exp(-((x - 1) ** 2) / 2) + (1 - pi) * np.exp(-((x + 1) ** 2) / 2))

    np.testing.assert_allclose(adjust_to_prior(posterior(0.5), 0.5, 0.1), posterior(0.1), rtol=1e-12)


@pytest.mark.parametrize("seed, new_prior", [(0, 0.1), (1, 0.3), (2, 0.7)])
def test_em_recovers_a_known_prior_shift(seed, new_prior):
    rng = np.random.RandomState(seed)
    n = 4000
    y = rng.uniform(size=n) < new_prior
    x = np.where(y, 1.0, -1.0) + rng.normal(size=n)
    p_train = 1 / (1 + np.exp(-2 * x))  # the exact posterior of N(1, 1) vs N(-1, 1) at prior 0.5
    result = estimate_prior_em(p_train, 0.5)
    assert abs(result.prior - y.mean()) < 0.03
    assert isinstance(result.prior, float)
    assert result.prior == pytest.approx(float(np.mean(result.y_prob)), abs=1e-8)  # the fixed point


def test_em_fixed_point_in_the_multiclass_form():
    P = np.random.RandomState(0).dirichlet([1, 1, 1], size=200)
    result = estimate_prior_em(P, [0.5, 0.25, 0.25])
    np.testing.assert_allclose(result.y_prob.mean(axis=0), result.prior, atol=1e-8)
    assert result.prior.sum() == pytest.approx(1.0)


def _psi_by_hand(expected, actual, bins, eps=1e-4):
    edges = [np.quantile(expected, j / bins) for j in range(1, bins)]
    total = 0.0
    for j in range(bins):
        low = -np.inf if j == 0 else edges[j - 1]
        high = np.inf if j == bins - 1 else edges[j]
        e = max(np.mean((expected >= low) & (expected < high)), eps)
        a = max(np.mean((actual >= low) & (actual < high)), eps)
        total += (a - e) * np.log(a / e)
    return total


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("bins", [2, 5, 10])
def test_psi_is_the_formula(seed, bins):
    rng = np.random.RandomState(seed)
    expected, actual = rng.normal(size=300), rng.normal(0.3 * seed, 1.0 + 0.1 * seed, size=200)
    assert population_stability_index(expected, actual, bins=bins) == pytest.approx(_psi_by_hand(expected, actual, bins), rel=1e-12)


def test_psi_is_the_symmetrised_kullback_leibler_divergence():
    rng = np.random.RandomState(0)
    expected, actual = rng.normal(size=1000), rng.normal(0.5, size=1000)
    edges = np.quantile(expected, np.arange(1, 10) / 10)
    e = np.bincount(np.searchsorted(edges, expected, side="right"), minlength=10) / 1000
    a = np.bincount(np.searchsorted(edges, actual, side="right"), minlength=10) / 1000
    kl = lambda p, q: float(np.sum(p * np.log(p / q)))  # noqa: E731
    assert population_stability_index(expected, actual) == pytest.approx(kl(a, e) + kl(e, a), rel=1e-12)


# -------------------------------------------------------------------------- (c) invariants
@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.001, 0.999), min_size=1, max_size=20), st.floats(0.05, 0.95), st.floats(0.05, 0.95))
def test_adjusting_there_and_back_is_the_identity(p, pi, new):
    p = np.array(p)
    np.testing.assert_allclose(adjust_to_prior(adjust_to_prior(p, pi, new), new, pi), p, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(adjust_to_prior(p, pi, pi), p, rtol=1e-12)
    assert np.all(np.diff(adjust_to_prior(np.sort(p), pi, new)) >= -1e-15)  # the ranking is kept


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-1e3, 1e3), min_size=5, max_size=60), st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=60))
def test_psi_is_non_negative_and_zero_against_itself(expected, actual):
    assert population_stability_index(expected, actual, bins=4) >= 0.0
    assert population_stability_index(expected, expected, bins=4) == 0.0


def test_softmax_invariants():
    X, y = _blobs(4, 4)
    model = softmax_regression(X, y)
    np.testing.assert_allclose(model.coef.sum(axis=0), 0.0, atol=1e-8)
    assert abs(model.intercept.sum()) < 1e-8
    order = np.random.RandomState(0).permutation(len(y))
    shuffled = softmax_regression(X[order], y[order])
    np.testing.assert_allclose(shuffled.coef, model.coef, atol=1e-8)
    relabelled = SoftmaxRegression().fit(X, np.array(list("abcd"))[y])
    assert relabelled.predict(X).tolist() == np.array(list("abcd"))[model.classes[np.argmax(X @ model.coef.T + model.intercept, axis=1)]].tolist()
    X_copy = X.copy()
    softmax_regression(X, y)
    assert np.array_equal(X, X_copy)


def test_generators_are_deterministic_and_documented():
    a = make_shifting_negatives(20, 80, marketing=0.25, line="B", random_state=3)
    b = make_shifting_negatives(20, 80, marketing=0.25, line="B", random_state=3)
    assert np.array_equal(a.X, b.X)
    assert (a.group == "marketing").sum() == 20 and (a.group == "positive").sum() == 20
    # the signal is drawn first: randomising the background leaves it unchanged
    r = make_shifting_negatives(20, 80, marketing=0.25, line="randomised", random_state=3)
    assert np.array_equal(r.X[:, :2], a.X[:, :2]) and np.all(np.abs(r.X[:, 2]) <= 3)
    big = make_shifting_negatives(2000, 2000, line="A", random_state=0)
    assert big.X[big.y == 1, 2].mean() == pytest.approx(1.0, abs=0.05)
    assert big.X[big.y == 0, 2].mean() == pytest.approx(-1.0, abs=0.05)
    intents = make_intents((5, 6, 7, 8), random_state=0)
    assert np.bincount(intents.intent).tolist() == [5, 6, 7, 8] and intents.y.sum() == 5


# ------------------------------------------------------------------------------- errors
def test_errors_name_the_parameter_and_the_fix():
    with pytest.raises(ValueError, match=r"marketing must be in \[0, 1\], got 1.5"):
        make_shifting_negatives(marketing=1.5)
    with pytest.raises(ValueError, match=r"line must be one of 'A', 'B', 'randomised'; got 'C'"):
        make_shifting_negatives(line="C")
    with pytest.raises(ValueError, match=r"n_per_intent must give 4 counts"):
        make_intents((1, 2, 3))
    with pytest.raises(ValueError, match=r"y must hold at least 2 classes to fit a softmax model, got \[1\]"):
        softmax_regression([[0.0], [1.0]], [1, 1])
    with pytest.raises(ValueError, match=r"C must be a positive number .* got -1. Use C=1.0"):
        softmax_regression([[0.0], [1.0]], [0, 1], C=-1)
    with pytest.raises(NotFittedError, match=r"This SoftmaxRegression is not fitted yet: call fit\(X, y\) before predict\."):
        SoftmaxRegression().predict([[0.0]])
    with pytest.raises(ValueError, match=r"X has 2 features, but SoftmaxRegression was fitted with 1"):
        SoftmaxRegression().fit([[0.0], [1.0], [2.0]], [0, 1, 2]).predict([[0.0, 1.0]])
    with pytest.raises(ValueError, match=r"Invalid parameter 'c' for SoftmaxRegression\. Valid parameters are \['C', 'max_iter', 'tol'\]"):
        SoftmaxRegression().set_params(c=2)
    with pytest.raises(ValueError, match=r"y_prob must hold probabilities in \[0, 1\]"):
        adjust_to_prior([1.2], 0.5, 0.1)
    with pytest.raises(ValueError, match=r"new_prior must be a probability strictly between 0 and 1 .* got 0"):
        adjust_to_prior([0.2], 0.5, 0)
    with pytest.raises(ValueError, match=r"train_prior must be .* 3 positive class shares summing to 1; got \[0.5, 0.5\]"):
        adjust_to_prior(np.full((2, 3), 1 / 3), [0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match=r"y_prob must be 1-D .* or 2-D .* got shape \(2, 2, 2\)"):
        estimate_prior_em(np.full((2, 2, 2), 0.5), 0.5)
    with pytest.raises(ValueError, match=r"bins must be at least 2, got 1. Use bins=10"):
        population_stability_index([1, 2], [1, 2], bins=1)
    with pytest.raises(ValueError, match=r"expected and actual need at least one score each, got 0 and 2"):
        population_stability_index([], [1, 2])
    with pytest.raises(ValueError, match=r"eps must be a small positive number such as 1e-4, got 0"):
        population_stability_index([1, 2], [1, 2], eps=0)
    with pytest.raises(ValueError, match=r"actual contains NaN"):
        population_stability_index([1, 2], [1, np.nan])
