"""The shared numerics: equal to SciPy's, stable at the extremes, one rule for empty input, one solver."""

import ast
import warnings
from pathlib import Path

import numpy as np
import pytest
from scipy import special
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

from negedu import contrastive, losses, multiclass, openset
from negedu._numerics import (
    halve_step,
    log_sigmoid,
    log_softmax,
    logsumexp,
    newton_minimize,
    reduce,
    reduction_scale,
    sigmoid,
    softmax,
)

PACKAGE = Path(__file__).resolve().parent.parent / "negedu"
Z = np.r_[-800.0, -745.0, -60.0, -40.0, -20.0, -1e-9, 0.0, 1e-9, 3.0, 20.0, 40.0, 700.0, 800.0]


def test_sigmoid_and_log_sigmoid_match_scipy_in_both_tails():
    np.testing.assert_allclose(sigmoid(Z), special.expit(Z), rtol=1e-15, atol=0)  # the same formula: equal within a rounding
    np.testing.assert_allclose(log_sigmoid(Z), special.log_expit(Z), rtol=1e-15, atol=0)
    assert sigmoid(-40.0) > 0 and sigmoid(800.0) == 1.0 and np.all(np.isfinite(log_sigmoid(Z)))


def test_softmax_family_matches_scipy_along_any_axis():
    rng = np.random.RandomState(0)
    a = rng.normal(0, 30, (5, 4, 3))
    a[0, 0, 0] = 900.0
    for axis in (0, 1, -1):
        np.testing.assert_allclose(logsumexp(a, axis=axis), special.logsumexp(a, axis=axis), rtol=1e-14)
        np.testing.assert_allclose(log_softmax(a, axis=axis), special.log_softmax(a, axis=axis), rtol=1e-13, atol=1e-13)
        np.testing.assert_allclose(softmax(a, axis=axis), special.softmax(a, axis=axis), rtol=1e-13, atol=1e-300)


def test_logsumexp_masks_minus_infinity_without_nan():
    a = np.array([[0.0, -np.inf, 0.0], [-np.inf, -np.inf, -np.inf]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # log(0) of the all-masked row
        out = logsumexp(a, axis=1)
    assert out[0] == pytest.approx(np.log(2.0)) and out[1] == -np.inf


def test_public_names_are_the_shared_functions():
    assert losses.sigmoid is sigmoid
    rng = np.random.RandomState(1)
    f = rng.normal(0, 5, (6, 3))
    np.testing.assert_array_equal(openset.softmax(f, temperature=2.0), softmax(f / 2.0, axis=1))
    np.testing.assert_array_equal(openset.log_softmax(f, temperature=0.5), log_softmax(f / 0.5, axis=1))
    np.testing.assert_array_equal(openset.energy_score(f, temperature=3.0), -3.0 * logsumexp(f / 3.0, axis=1))
    np.testing.assert_array_equal(multiclass.sigmoid_calibrated(f[:, 0], -2.0, 0.5), sigmoid(-(-2.0 * f[:, 0] + 0.5)))


def test_no_other_core_module_defines_its_own_copy():
    names = {"sigmoid", "_sigmoid", "log_sigmoid", "logsumexp", "_logsumexp", "_softmax", "_log_softmax",
             "reduce", "_reduce", "_newton", "_halve_step"}
    wrappers = {("openset.py", "softmax"), ("openset.py", "log_softmax")}  # temperature and checks, then _numerics
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "_numerics.py" or "chapters" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name in names | {"softmax", "log_softmax"}:
                if (path.name, node.name) not in wrappers:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.name}")
    assert found == []


# ----------------------------------------------------------------------------- reductions
def test_reduce_and_its_scale_agree():
    losses_ = np.array([1.0, 2.0, 4.0])
    for reduction in ("mean", "sum"):
        assert reduce(losses_, reduction) == pytest.approx(np.sum(losses_) * reduction_scale(3, reduction))
        assert type(reduce(losses_, reduction)) is float
    assert reduce(losses_, "none") is losses_


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_empty_batch_has_loss_zero_everywhere_without_warning(reduction):
    empty, empty_2d = np.empty(0), np.empty((0, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "Mean of empty slice", no 0/0
        assert reduce(empty, reduction) == 0.0 and reduction_scale(0, reduction) == 1.0
        assert losses.sigmoid_focal_loss([], [], reduction=reduction) == 0.0
        assert losses.sigmoid_focal_loss_grad([], [], reduction=reduction).shape == (0,)
        assert losses.binary_cross_entropy([], [], reduction=reduction) == 0.0
        assert losses.binary_cross_entropy_grad([], [], reduction=reduction).shape == (0,)
        grads = contrastive.triplet_loss_grad(empty_2d, empty_2d, empty_2d, reduction=reduction) \
            if _accepts_empty_triplets() else ()
        assert all(g.shape == (0, 2) for g in grads)


def _accepts_empty_triplets():
    try:
        contrastive.triplet_loss(np.empty((0, 2)), np.empty((0, 2)), np.empty((0, 2)))
    except ValueError:  # validation asks for at least one row: nothing to reduce
        return False
    return True


def test_all_zero_weights_on_a_non_empty_batch_still_raise():
    with pytest.raises(ValueError, match="total weight, which is 0"):
        losses.binary_cross_entropy([0, 1], [0.0, 1.0], sample_weight=[0.0, 0.0])


# --------------------------------------------------------------------------------- Newton
def test_halve_step_takes_the_first_size_that_does_not_increase():
    objective = lambda t: float(np.sum(t**2))  # noqa: E731
    candidate, value = halve_step(objective, np.array([1.0]), np.array([4.0]), 1.0)
    assert candidate.tolist() == [-1.0] and value == 1.0  # s = 1 overshoots to -3, s = 1/2 lands on -1
    candidate, value = halve_step(objective, np.array([1.0]), np.array([4.0]), 1.0, sufficient=1.0)
    assert candidate.tolist() == [0.0]  # Armijo: -1 is no decrease; s = 1/4 decreases by 1 >= 1/4
    candidate, _ = halve_step(objective, np.array([1.0]), np.array([-1.0]), 1.0, min_size=0.1)
    assert candidate.tolist() == [1.125]  # never decreases: the last size tried is the smallest above min_size, 1/8


def test_newton_minimize_solves_a_quadratic_in_one_step():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    b = np.array([1.0, -1.0])
    theta, n_iter = newton_minimize(lambda t: 0.5 * t @ A @ t - b @ t, lambda t: A @ t - b, lambda t: A,
                                    np.zeros(2), max_iter=10, tol=1e-12, scale=1.0)
    np.testing.assert_allclose(theta, np.linalg.solve(A, b), rtol=1e-14)
    assert n_iter == 1


@pytest.mark.parametrize("seed", [17, 32, 39])
def test_logistic_fits_converge_where_a_strict_line_search_stalled(seed):
    # on these data the full Newton step near the optimum moved the objective by less than its
    # rounding; a strict "must not increase" halved it to nothing, 100 times over
    rng = np.random.RandomState(seed)
    n, d = rng.randint(20, 300), rng.randint(1, 6)
    X = rng.normal(0, 1, (n, d)) * rng.uniform(0.1, 10, d)
    y = (X @ rng.normal(0, 1, d) + rng.normal(0, 2, n) > 1).astype(int)
    C = 10 ** rng.uniform(-2, 3)
    class_weight = "balanced" if seed % 2 else None
    model = losses.fit_logistic_regression(X, y, C=C, class_weight=class_weight)
    assert model.n_iter < 20
    reference = SkLogisticRegression(C=C, class_weight=class_weight, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(model.coef, reference.coef_[0], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("seed", [3, 4])
def test_softmax_fits_converge_where_a_strict_line_search_stalled(seed):
    rng = np.random.RandomState(seed)
    n, d = rng.randint(20, 300), rng.randint(1, 6)
    X = rng.normal(0, 1, (n, d)) * rng.uniform(0.1, 10, d)
    rng.normal(0, 1, d), rng.normal(0, 2, n)  # the draws of the logistic labels above
    C = 10 ** rng.uniform(-2, 3)
    model = losses.softmax_regression(X, rng.randint(0, 3, n), C=C)
    assert model.n_iter < 20
