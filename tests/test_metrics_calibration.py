"""brier_score_loss, calibration_curve and calibration_bins: against scikit-learn, against the formulas, and their errors."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.calibration import calibration_curve as reference_curve
from sklearn.metrics import brier_score_loss as reference_brier

from negedu.metrics import brier_score_loss, calibration_bins, calibration_curve


# ---------------------------------------------------------------- (a) against scikit-learn
@pytest.mark.parametrize("seed", range(40))
def test_brier_binary_equals_scikit_learn(seed):
    rng = np.random.RandomState(seed)
    n = rng.randint(1, 300)
    y = rng.randint(0, 2, n)
    p = rng.uniform(size=n)
    p[: n // 5] = np.round(p[: n // 5], 1)
    weights = [None, rng.uniform(size=n), rng.randint(0, 3, n).astype(float) + (rng.uniform(size=n) < 0.1)]
    for w in weights:
        if w is not None and w.sum() == 0:
            continue
        ours = brier_score_loss(y, p, sample_weight=w)
        reference = reference_brier(y, p, sample_weight=w)
        assert ours == pytest.approx(reference, rel=0, abs=1e-12)
        assert type(ours) is float
        for half in (True, False):
            assert brier_score_loss(y, p, sample_weight=w, scale_by_half=half) == pytest.approx(
                reference_brier(y, p, sample_weight=w, scale_by_half=half), abs=1e-12
            )


@pytest.mark.parametrize(
    "y, pos_label",
    [
        ([-1, 1, 1, -1, 1], None),
        ([1, 2, 2, 1, 2], None),  # numbers other than {0, 1}: the greater label, as scikit-learn
        (["orange", "apple", "apple", "orange", "apple"], "apple"),
        ([0, 0, 0, 0, 0], None),  # one class
        ([3, 3, 3, 3, 3], 3),
        ([True, False, True, True, False], None),
        ([0, 1, 1, 0, 1], 0),
    ],
)
def test_brier_labels_and_pos_label_equal_scikit_learn(y, pos_label):
    p = np.array([0.1, 0.8, 0.6, 0.3, 0.95])
    assert brier_score_loss(y, p, pos_label=pos_label) == pytest.approx(
        reference_brier(y, p, pos_label=pos_label), abs=1e-15
    )


@pytest.mark.parametrize("seed", range(20))
def test_brier_multiclass_equals_scikit_learn(seed):
    rng = np.random.RandomState(seed)
    n, k = rng.randint(5, 200), rng.randint(2, 6)
    P = rng.dirichlet(np.ones(k), n)
    y = rng.randint(0, k, n)
    labels = np.arange(k)
    w = rng.uniform(size=n) if seed % 2 else None
    for half in ("auto", True, False):
        ours = brier_score_loss(y, P, labels=labels, sample_weight=w, scale_by_half=half)
        reference = reference_brier(y, P, labels=labels, sample_weight=w, scale_by_half=half)
        assert ours == pytest.approx(reference, abs=1e-12)
    names = np.array(["a", "b", "c", "d", "e", "f"])[:k]
    if np.unique(y).size == k:  # every class present: labels may be left out
        assert brier_score_loss(names[y], P) == pytest.approx(reference_brier(names[y], P), abs=1e-12)


def test_brier_two_columns_equals_the_binary_form():
    rng = np.random.RandomState(0)
    y = rng.randint(0, 2, 100)
    p = rng.uniform(size=100)
    two = np.column_stack([1 - p, p])
    assert brier_score_loss(y, two) == pytest.approx(brier_score_loss(y, p), abs=1e-15)
    assert brier_score_loss(y, two) == pytest.approx(reference_brier(y, two), abs=1e-15)
    assert brier_score_loss(y, p[:, None]) == brier_score_loss(y, p)


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_calibration_curve_equals_scikit_learn_exactly(seed, strategy):
    rng = np.random.RandomState(seed)
    n = rng.randint(1, 400)
    y = rng.randint(0, 2, n)
    p = rng.uniform(size=n)
    p[: n // 4] = np.round(p[: n // 4], 1)  # values on the bin edges
    if n > 4:
        p[:4] = [0.0, 1.0, 0.5, 0.2]
    for n_bins in (1, 2, 5, 10, 13):
        ours = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
        reference = reference_curve(y, p, n_bins=n_bins, strategy=strategy)
        for a, b in zip(ours, reference):
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_calibration_bins_are_the_curve_with_counts_and_edges(seed, strategy):
    rng = np.random.RandomState(seed)
    n = rng.randint(1, 400)
    y = rng.randint(0, 2, n)
    p = rng.uniform(size=n)
    p[: n // 4] = np.round(p[: n // 4], 1)  # values exactly on the uniform edges
    n_bins = int(rng.randint(1, 12))
    bins = calibration_bins(y, p, n_bins=n_bins, strategy=strategy)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    assert np.array_equal(bins.prob_true, prob_true) and np.array_equal(bins.prob_pred, prob_pred)
    edges = np.linspace(0, 1, n_bins + 1) if strategy == "uniform" else np.percentile(p, np.linspace(0, 100, n_bins + 1))
    np.testing.assert_allclose(bins.edges, edges, rtol=0, atol=1e-12)
    # the counts by the definition: bin k holds e_k < p <= e_{k+1}, the first bin also p = e_0
    inside = [(p > lo) & (p <= hi) if k else (p >= lo) & (p <= hi)
              for k, (lo, hi) in enumerate(zip(edges[:-1], edges[1:]))]
    counts = np.array([m.sum() for m in inside if m.any()])
    if strategy == "uniform":  # with quantile edges, coinciding edges make this loop and the search differ
        assert np.array_equal(bins.counts, counts)
    assert bins.counts.sum() == n and bins.counts.dtype.kind == "i"
    reference_true, reference_pred = reference_curve(y, p, n_bins=n_bins, strategy=strategy)
    np.testing.assert_allclose(bins.prob_true, reference_true, rtol=0, atol=1e-15)
    np.testing.assert_allclose(bins.prob_pred, reference_pred, rtol=0, atol=1e-15)


def test_calibration_bins_errors_are_the_curves():
    with pytest.raises(ValueError, match=r"n_bins must be at least 1, got 0"):
        calibration_bins([0, 1], [0.1, 0.2], n_bins=0)
    with pytest.raises(ValueError, match=r"y_prob must hold probabilities"):
        calibration_bins([0, 1], [0.1, 1.2])


def test_calibration_curve_labels_like_scikit_learn():
    p = np.array([0.1, 0.8, 0.6, 0.3, 0.95])
    for y, pos_label in [([-1, 1, 1, -1, 1], None), (["o", "a", "a", "o", "a"], "a"), ([0, 1, 1, 0, 1], 0)]:
        for a, b in zip(calibration_curve(y, p, pos_label=pos_label, n_bins=3),
                        reference_curve(y, p, pos_label=pos_label, n_bins=3)):
            np.testing.assert_array_equal(a, b)


# ---------------------------------------------------------------- (b) textbook formulas
def test_brier_formula_and_base_rate():
    y = np.array([0, 1, 1, 0, 0, 0, 1, 0])
    p = np.array([0.2, 0.7, 0.9, 0.1, 0.4, 0.0, 1.0, 0.3])
    assert brier_score_loss(y, p) == pytest.approx(sum((pi - yi) ** 2 for pi, yi in zip(p, y)) / len(y))
    pi = y.mean()
    assert brier_score_loss(y, np.full(y.size, pi)) == pytest.approx(pi * (1 - pi))
    assert brier_score_loss(y, y.astype(float)) == 0.0
    assert brier_score_loss(y, 1.0 - y) == 1.0
    w = np.array([1, 2, 0, 1, 1, 3, 1, 1], dtype=float)
    assert brier_score_loss(y, p, sample_weight=w) == pytest.approx(np.sum(w * (p - y) ** 2) / w.sum())


def test_brier_multiclass_formula():
    y = np.array([0, 2, 1, 2])
    P = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4], [0.0, 0.0, 1.0]])
    one_hot = np.eye(3)[y]
    assert brier_score_loss(y, P) == pytest.approx(np.mean(np.sum((P - one_hot) ** 2, axis=1)))
    assert brier_score_loss(y, P, scale_by_half=True) == pytest.approx(brier_score_loss(y, P) / 2)


def test_calibration_curve_by_hand():
    # bins (0.5 wide, closed on the right): [0, 0.5] holds 0.1, 0.3, 0.5; (0.5, 1] holds 0.9
    prob_true, prob_pred = calibration_curve([0, 1, 1, 1], [0.1, 0.3, 0.5, 0.9], n_bins=2)
    assert prob_true.tolist() == pytest.approx([2 / 3, 1.0])
    assert prob_pred.tolist() == pytest.approx([0.3, 0.9])


# ---------------------------------------------------------------- (c) invariants
@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.floats(0, 1)), min_size=1, max_size=60), st.integers(1, 12))
def test_calibration_curve_invariants(pairs, n_bins):
    y = np.array([a for a, _ in pairs])
    p = np.array([b for _, b in pairs])
    prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins)
    assert prob_true.shape == prob_pred.shape and 1 <= prob_true.size <= n_bins
    assert np.all((prob_true >= 0) & (prob_true <= 1))
    assert np.all(np.diff(prob_pred) > 0)  # bins are disjoint intervals, in order
    # order of the samples does not matter
    order = np.random.RandomState(0).permutation(y.size)
    for a, b in zip(calibration_curve(y[order], p[order], n_bins=n_bins), (prob_true, prob_pred)):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    assert 0.0 <= brier_score_loss(y, p) <= 1.0


def test_inputs_are_not_modified():
    y = np.array([0, 1, 1, 0])
    p = np.array([0.2, 0.8, 0.5, 0.5])
    y0, p0 = y.copy(), p.copy()
    brier_score_loss(y, p)
    calibration_curve(y, p, n_bins=3, strategy="quantile")
    np.testing.assert_array_equal(y, y0)
    np.testing.assert_array_equal(p, p0)


# ---------------------------------------------------------------- errors, pinned
@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: brier_score_loss([0, 1], [0.2, 1.3]), r"y_proba must hold probabilities in \[0, 1\], got values from 0.2 to 1.3"),
        (lambda: brier_score_loss([0, 1], [0.2, np.nan]), r"y_proba contains NaN"),
        (lambda: brier_score_loss([0, 1, 1], [0.2, 0.3]), r"y_true has 3 samples but y_proba has 2"),
        (lambda: brier_score_loss(["a", "b"], [0.2, 0.3]), r"y_true takes values in \['a', 'b'\] and pos_label is not specified"),
        (lambda: brier_score_loss([0, 1, 2], [0.2, 0.3, 0.1]), r"y_true has 3 classes \[0, 1, 2\], but a 1-D y_proba"),
        (lambda: brier_score_loss([0, 1, 2], np.full((3, 2), 0.5)), r"y_proba has 2 columns but y_true has 3 classes"),
        (lambda: brier_score_loss([0, 1, 5], np.full((3, 3), 1 / 3), labels=[0, 1, 2]), r"y_true contains the label 5, which is not in labels=\[0, 1, 2\]"),
        (lambda: brier_score_loss([0, 1], [0.2, 0.3], scale_by_half="yes"), r"scale_by_half must be True, False or 'auto', got 'yes'"),
        (lambda: brier_score_loss([0, 1], [0.2, 0.3], sample_weight=[1, -1]), r"sample_weight contains negative values"),
        (lambda: brier_score_loss([0, 1], ["a", "b"]), r"y_proba must contain numbers \(probabilities\)"),
        (lambda: calibration_curve([0, 1], [0.1, 0.2], n_bins=0), r"n_bins must be at least 1, got 0"),
        (lambda: calibration_curve([0, 1], [0.1, 0.2], strategy="equal"), r"strategy must be one of 'uniform', 'quantile'; got 'equal'"),
        (lambda: calibration_curve([1, 2], [0.1, 0.2]), r"y_true takes values in \[1, 2\] and pos_label is not specified"),
        (lambda: calibration_curve([0, 1, 2], [0.1, 0.2, 0.3]), r"y_true has 3 classes"),
        (lambda: calibration_curve([0, 1], [0.1, 1.2]), r"y_prob must hold probabilities"),
        (lambda: calibration_curve([0, 1], [0.1, 0.2, 0.3]), r"y_true has 2 samples but y_prob has 3"),
    ],
)
def test_errors_name_the_problem(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_n_bins_must_be_an_integer():
    with pytest.raises(TypeError, match=r"n_bins must be an integer, got 2.5"):
        calibration_curve([0, 1], [0.1, 0.2], n_bins=2.5)


def test_rows_that_do_not_sum_to_one_warn_like_scikit_learn():
    P = np.array([[0.5, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
    with pytest.warns(UserWarning, match="do not sum to one"):
        brier_score_loss([0, 2, 1], P)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        brier_score_loss([0, 2, 1], np.eye(3))
