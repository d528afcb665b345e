"""Ranking metrics of negedu.metrics: curves, ROC AUC, average precision, auc.

Layers: (a) ``ours`` vs ``reference`` (scikit-learn 1.9.1) on seeded random scores of
every kind, curves compared bit for bit (values and dtypes), areas to 1e-12, warnings
word for word; (b) textbook formulas written here (the Mann-Whitney pair count, AP as
a sum over the positives, TPR/FPR by brute force, Hand & Till); (c) invariants (order,
monotone transforms of the scores, flipping the classes, weights as repetitions), some
with hypothesis. Then every error message and every deliberate difference.
"""

import warnings
from itertools import combinations

import numpy as np
import pytest
import sklearn.metrics as skm
from hypothesis import given, settings
from hypothesis import strategies as st

import negedu.metrics as nm
from test_metrics_common import assert_same, run

SEEDS = range(40)
SCORE_KINDS = ("continuous", "tied", "integer", "float32", "constant")
LABEL_KINDS = ("01", "-11", "str", "bool")


def make_scores(seed, n_max=300):
    """A random binary case: (y_true, y_score, sample_weight, pos_label)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, n_max))
    y01 = (rng.random(n) < rng.uniform(0.02, 0.6)).astype(int)
    signal = rng.normal(size=n) + rng.uniform(0, 2) * y01
    kind = SCORE_KINDS[seed % len(SCORE_KINDS)]
    y_score = {
        "continuous": 1 / (1 + np.exp(-signal)),
        "tied": np.round(1 / (1 + np.exp(-signal)), 1),
        "integer": np.round(signal * 2).astype(np.int64),
        "float32": (1 / (1 + np.exp(-signal))).astype(np.float32),
        "constant": np.full(n, 0.5),
    }[kind]
    labels = LABEL_KINDS[(seed // len(SCORE_KINDS)) % len(LABEL_KINDS)]
    y_true, pos_label = {
        "01": (y01, None),
        "-11": (2 * y01 - 1, None),
        "str": (np.where(y01 == 1, "fraud", "legit"), "fraud"),
        "bool": (y01.astype(bool), True),
    }[labels]
    weights = None
    if seed % 3 == 1:
        weights = rng.random(n)
    elif seed % 3 == 2:
        weights = rng.integers(0, 4, n).astype(float)  # zero weights included
        weights[0] = 1.0
    return y_true, y_score, weights, pos_label


def compare_curves(ours_fn, reference_fn, *args, **kwargs):
    """Curves equal bit for bit, dtypes included; warnings equal."""
    ours, ours_warnings = run(ours_fn, *args, **kwargs)
    reference, reference_warnings = run(reference_fn, *args, **kwargs)
    if isinstance(reference, Exception):
        assert isinstance(ours, ValueError), (ours, reference)
        return
    for o, r in zip(ours, reference):
        assert o.dtype == r.dtype, (o.dtype, r.dtype)
        assert np.array_equal(o, r, equal_nan=True), (o, r)
    assert ours_warnings == reference_warnings


def compare(ours_fn, reference_fn, *args, **kwargs):
    ours, ours_warnings = run(ours_fn, *args, **kwargs)
    reference, reference_warnings = run(reference_fn, *args, **kwargs)
    assert_same(ours, reference)
    assert ours_warnings == reference_warnings


# ---------------------------------------------------------------------------------------
# (a) against scikit-learn on seeded random scores
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_curves_match_sklearn_bit_for_bit(seed):
    y_true, y_score, weights, pos_label = make_scores(seed)
    kwargs = dict(pos_label=pos_label, sample_weight=weights)
    for drop_intermediate in (True, False):
        compare_curves(nm.roc_curve, skm.roc_curve, y_true, y_score, drop_intermediate=drop_intermediate, **kwargs)
        compare_curves(
            nm.precision_recall_curve, skm.precision_recall_curve, y_true, y_score, drop_intermediate=drop_intermediate, **kwargs
        )


@pytest.mark.parametrize("seed", SEEDS)
def test_areas_match_sklearn(seed):
    y_true, y_score, weights, pos_label = make_scores(seed)
    if pos_label in (None, True):  # roc_auc_score takes the larger label as positive
        compare(nm.roc_auc_score, skm.roc_auc_score, y_true, y_score, sample_weight=weights)
        max_fpr = (0.05, 0.3, 0.8, 1.0)[seed % 4]
        compare(nm.roc_auc_score, skm.roc_auc_score, y_true, y_score, sample_weight=weights, max_fpr=max_fpr)
    compare(
        nm.average_precision_score,
        skm.average_precision_score,
        y_true,
        y_score,
        pos_label=1 if pos_label is None else pos_label,
        sample_weight=weights,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fpr, tpr, _ = skm.roc_curve(y_true, y_score, pos_label=pos_label, sample_weight=weights)
    if fpr.size >= 2 and not np.isnan(fpr).any() and not np.isnan(tpr).any():
        compare(nm.auc, skm.auc, fpr, tpr)
        compare(nm.auc, skm.auc, fpr[::-1], tpr[::-1])


def make_multiclass(seed, k=None):
    rng = np.random.default_rng(seed)
    k = k or int(rng.integers(3, 6))
    n = int(rng.integers(k + 5, 100))
    y = rng.integers(0, k, n)
    y[:k] = np.arange(k)  # every class present
    logits = rng.normal(size=(n, k)) + rng.uniform(0, 2) * np.eye(k)[y]
    if seed % 2:
        logits = np.round(logits, 1)  # ties
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    weights = rng.random(n) if seed % 3 else None
    return y, proba, weights


@pytest.mark.parametrize("seed", range(16))
def test_multiclass_roc_auc_matches_sklearn(seed):
    y, proba, weights = make_multiclass(seed)
    labels = ("cat", "dog", "emu", "fox", "gnu")
    y_named = np.array(labels)[y] if seed % 4 == 0 else y
    for average in ("macro", "weighted", "micro", None):
        compare(nm.roc_auc_score, skm.roc_auc_score, y_named, proba, multi_class="ovr", average=average, sample_weight=weights)
    for average in ("macro", "weighted"):
        compare(nm.roc_auc_score, skm.roc_auc_score, y_named, proba, multi_class="ovo", average=average)


@pytest.mark.parametrize("seed", range(8))
def test_multiclass_roc_auc_with_a_class_absent_from_y_true(seed):
    y, proba, weights = make_multiclass(seed, k=4)
    keep = y != 2  # class 2 has a column but no sample
    y, proba, weights = y[keep], proba[keep], None if weights is None else weights[keep]
    for average in ("macro", "weighted", "micro", None):
        compare(
            nm.roc_auc_score,
            skm.roc_auc_score,
            y,
            proba,
            multi_class="ovr",
            average=average,
            labels=[0, 1, 2, 3],
            sample_weight=weights,
        )
    compare(nm.roc_auc_score, skm.roc_auc_score, y, proba, multi_class="ovo", labels=[0, 1, 2, 3])


@pytest.mark.parametrize("seed", range(8))
def test_multiclass_average_precision_matches_sklearn(seed):
    y, proba, weights = make_multiclass(seed)
    for average in ("macro", "weighted", "micro", "samples", None):
        compare(nm.average_precision_score, skm.average_precision_score, y, proba, average=average, sample_weight=weights)


EDGE_CASES = {
    "tied scores": ([0, 1, 0, 1, 1, 0], [0.5, 0.5, 0.2, 0.8, 0.5, 0.2], None),
    "all scores equal": ([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3], None),
    "one class only (negatives)": ([0, 0, 0], [0.1, 0.5, 0.9], None),
    "one class only (positives)": ([1, 1, 1], [0.1, 0.5, 0.9], None),
    "single sample": ([1], [0.7], None),
    "two samples": ([0, 1], [0.7, 0.2], None),
    "zero weights": ([0, 1, 0, 1, 1], [0.1, 0.4, 0.35, 0.8, 0.1], [1.0, 0.0, 2.0, 1.0, 0.0]),
    "positives of zero weight": ([0, 1, 0, 1], [0.1, 0.4, 0.35, 0.8], [1.0, 0.0, 1.0, 0.0]),
    "negatives of zero weight": ([0, 1, 0, 1], [0.1, 0.4, 0.35, 0.8], [0.0, 1.0, 0.0, 1.0]),
    "float32 scores": ([0, 1, 0, 1], np.array([0.1, 0.4, 0.35, 0.8], np.float32), None),
    "integer scores": ([0, 1, 0, 1, 1], [3, 7, 3, -2, 7], None),
    "boolean scores": ([0, 1, 0, 1, 1], [False, True, True, False, True], None),
    "negative zero": ([0, 1, 1, 0], [-0.0, 0.0, 0.5, -0.5], None),
    "column vectors": (np.array([[0], [1], [1]]), np.array([[0.2], [0.9], [0.4]]), None),
    "-1/1 labels": ([-1, 1, -1, 1], [0.1, 0.4, 0.35, 0.8], None),
}


@pytest.mark.parametrize("case", list(EDGE_CASES))
def test_edge_cases_match_sklearn(case):
    y_true, y_score, weights = EDGE_CASES[case]
    for drop in (True, False):
        compare_curves(nm.roc_curve, skm.roc_curve, y_true, y_score, sample_weight=weights, drop_intermediate=drop)
        compare_curves(
            nm.precision_recall_curve, skm.precision_recall_curve, y_true, y_score, sample_weight=weights, drop_intermediate=drop
        )
    compare(nm.roc_auc_score, skm.roc_auc_score, y_true, y_score, sample_weight=weights)
    compare(nm.average_precision_score, skm.average_precision_score, y_true, y_score, sample_weight=weights)
    if "negatives of zero weight" not in case:  # scikit-learn fails there (pinned below)
        compare(nm.roc_auc_score, skm.roc_auc_score, y_true, y_score, sample_weight=weights, max_fpr=0.5)


def test_string_labels_and_multiclass_y_with_pos_label_match_sklearn():
    y = np.array(["b", "a", "c", "a", "b", "c", "c"])
    s = np.array([0.9, 0.1, 0.4, 0.3, 0.8, 0.4, 0.2])
    for pos_label in ("a", "b", "c"):  # one class against the others
        compare_curves(nm.roc_curve, skm.roc_curve, y, s, pos_label=pos_label)
        compare_curves(nm.precision_recall_curve, skm.precision_recall_curve, y, s, pos_label=pos_label)
    compare(nm.roc_auc_score, skm.roc_auc_score, ["no", "yes", "no", "yes"], [0.2, 0.6, 0.7, 0.9])
    compare(nm.average_precision_score, skm.average_precision_score, ["no", "yes", "no"], [0.2, 0.6, 0.7], pos_label="yes")


def test_weighted_curves_add_weights_in_sklearns_order():
    # many tied scores and awkward weights: any other summation order changes the last bits
    rng = np.random.default_rng(7)
    y = rng.integers(0, 2, 5000)
    s = np.round(rng.random(5000), 2)
    w = rng.random(5000) * 10 ** rng.uniform(-8, 8, 5000)
    compare_curves(nm.roc_curve, skm.roc_curve, y, s, sample_weight=w, drop_intermediate=False)
    compare_curves(nm.precision_recall_curve, skm.precision_recall_curve, y, s, sample_weight=w)


# ---------------------------------------------------------------------------------------
# (b) against textbook formulas written here
# ---------------------------------------------------------------------------------------


def mann_whitney_auc(y, s, w=None):
    """P(s_pos > s_neg) + P(s_pos = s_neg) / 2, over all positive-negative pairs (weighted)."""
    y, s = np.asarray(y), np.asarray(s, dtype=float)
    w = np.ones(len(y)) if w is None else np.asarray(w, dtype=float)
    pos, neg = y == 1, y != 1
    above = (s[pos][:, None] > s[neg][None, :]).astype(float)
    tied = (s[pos][:, None] == s[neg][None, :]).astype(float)
    pair_weight = w[pos][:, None] * w[neg][None, :]
    return float(((above + tied / 2) * pair_weight).sum() / pair_weight.sum())


def average_precision_by_definition(y, s):
    """sum over distinct thresholds, high to low, of (R_n - R_{n-1}) * P_n."""
    y, s = np.asarray(y), np.asarray(s, dtype=float)
    ap, previous_recall = 0.0, 0.0
    for tau in np.unique(s)[::-1]:
        predicted = s >= tau
        recall = (predicted & (y == 1)).sum() / (y == 1).sum()
        precision = (predicted & (y == 1)).sum() / predicted.sum()
        ap += (recall - previous_recall) * precision
        previous_recall = recall
    return ap


@pytest.mark.parametrize("seed", range(20))
def test_auc_is_the_mann_whitney_pair_count(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(10, 150))
    y = (rng.random(n) < 0.3).astype(int)
    y[:2] = [0, 1]
    s = np.round(rng.normal(size=n) + y, int(rng.integers(0, 3)))  # ties with 0-2 decimals
    w = rng.random(n)
    np.testing.assert_allclose(nm.roc_auc_score(y, s), mann_whitney_auc(y, s), rtol=0, atol=1e-12)
    np.testing.assert_allclose(nm.roc_auc_score(y, s, sample_weight=w), mann_whitney_auc(y, s, w), rtol=0, atol=1e-12)
    np.testing.assert_allclose(nm.auc(*nm.roc_curve(y, s)[:2]), mann_whitney_auc(y, s), rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", range(20))
def test_average_precision_is_the_sum_over_recall_steps(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(10, 150))
    y = (rng.random(n) < 0.2).astype(int)
    y[0] = 1
    s = np.round(rng.normal(size=n) + y, int(rng.integers(0, 3)))
    np.testing.assert_allclose(nm.average_precision_score(y, s), average_precision_by_definition(y, s), rtol=0, atol=1e-12)
    if len(np.unique(s)) == n:  # no ties: AP is the mean of the precisions at the positives' ranks
        ranks = np.flatnonzero(y[np.argsort(-s)] == 1) + 1
        precisions = np.arange(1, ranks.size + 1) / ranks
        np.testing.assert_allclose(nm.average_precision_score(y, s), precisions.mean(), rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_roc_points_are_the_rates_at_each_threshold(seed):
    rng = np.random.default_rng(seed)
    y = (rng.random(60) < 0.4).astype(int)
    y[:2] = [0, 1]
    s = np.round(rng.random(60), 1)
    fpr, tpr, thresholds = nm.roc_curve(y, s, drop_intermediate=False)
    assert thresholds[0] == np.inf and fpr[0] == 0 and tpr[0] == 0
    np.testing.assert_array_equal(thresholds[1:], np.unique(s)[::-1])
    for f, t, tau in zip(fpr[1:], tpr[1:], thresholds[1:]):
        assert t == np.mean(s[y == 1] >= tau) and f == np.mean(s[y == 0] >= tau)
    precision, recall, pr_thresholds = nm.precision_recall_curve(y, s)
    np.testing.assert_array_equal(pr_thresholds, np.unique(s))
    for p, r, tau in zip(precision[:-1], recall[:-1], pr_thresholds):
        assert p == np.mean(y[s >= tau] == 1) and r == np.mean(s[y == 1] >= tau)
    assert precision[-1] == 1 and recall[-1] == 0


def test_trapezoid_and_partial_auc_formulas():
    assert nm.auc([0, 1, 2], [0, 1, 1]) == 0.5 * 1 * 1 + 1 * 1  # 1.5
    assert nm.auc([2, 1, 0], [1, 1, 0]) == 1.5  # decreasing x
    # a perfect ranking: partial AUC standardised to 1; a reversed one to... its McClish value
    y, s = [0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]
    assert nm.roc_auc_score(y, s, max_fpr=0.5) == 1.0
    # random-like ranking on the diagonal: standardised partial AUC 0.5
    assert nm.roc_auc_score([0, 1], [0.5, 0.5], max_fpr=0.3) == pytest.approx(0.5, abs=1e-12)
    # by hand: fpr=[0, .5, 1], tpr=[0, .5, 1] cut at 0.25 -> area 0.25*0.25/2; McClish
    y, s = [0, 1, 0, 1], [0.9, 0.9, 0.1, 0.1]
    area = 0.25 * 0.25 / 2
    expected = 0.5 * (1 + (area - 0.5 * 0.25**2) / (0.25 - 0.5 * 0.25**2))
    np.testing.assert_allclose(nm.roc_auc_score(y, s, max_fpr=0.25), expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_one_vs_one_is_hand_and_till(seed):
    y, proba, _ = make_multiclass(seed)
    pair_means = []
    for a, b in combinations(np.unique(y), 2):
        in_pair = (y == a) | (y == b)
        auc_a = mann_whitney_auc((y[in_pair] == a).astype(int), proba[in_pair, a])
        auc_b = mann_whitney_auc((y[in_pair] == b).astype(int), proba[in_pair, b])
        pair_means.append((auc_a + auc_b) / 2)
    np.testing.assert_allclose(nm.roc_auc_score(y, proba, multi_class="ovo"), np.mean(pair_means), rtol=0, atol=1e-12)
    ovr = [mann_whitney_auc((y == c).astype(int), proba[:, c]) for c in range(proba.shape[1])]
    np.testing.assert_allclose(nm.roc_auc_score(y, proba, multi_class="ovr", average=None), ovr, rtol=0, atol=1e-12)
    support = np.bincount(y)
    np.testing.assert_allclose(
        nm.roc_auc_score(y, proba, multi_class="ovr", average="weighted"), np.average(ovr, weights=support), rtol=0, atol=1e-12
    )


# ---------------------------------------------------------------------------------------
# (c) invariants
# ---------------------------------------------------------------------------------------

scored = st.integers(2, 50).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 1), min_size=n, max_size=n).filter(lambda y: 0 < sum(y) < len(y)),
        st.lists(st.integers(-5, 5), min_size=n, max_size=n),  # integer scores: many ties
        st.randoms(use_true_random=False),
    )
)


@settings(max_examples=30, deadline=None)
@given(scored)
def test_ranking_metrics_do_not_depend_on_sample_order(data):
    y, s, rnd = data
    order = list(range(len(y)))
    rnd.shuffle(order)
    y2, s2 = [y[i] for i in order], [s[i] for i in order]
    for fn in (nm.roc_curve, nm.precision_recall_curve):
        for a, b in zip(fn(y, s), fn(y2, s2)):
            np.testing.assert_array_equal(a, b)
    assert nm.roc_auc_score(y, s) == nm.roc_auc_score(y2, s2)
    assert nm.average_precision_score(y, s) == nm.average_precision_score(y2, s2)


@settings(max_examples=30, deadline=None)
@given(scored)
def test_only_the_ranking_of_scores_matters(data):
    y, s, _ = data
    s = np.asarray(s)
    transformed = 3 * s + 100  # strictly increasing, exact on integers
    assert nm.roc_auc_score(y, transformed) == nm.roc_auc_score(y, s)
    assert nm.average_precision_score(y, transformed) == nm.average_precision_score(y, s)
    fpr, tpr, _ = nm.roc_curve(y, s)
    fpr2, tpr2, _ = nm.roc_curve(y, transformed)
    np.testing.assert_array_equal(fpr, fpr2)
    np.testing.assert_array_equal(tpr, tpr2)


@settings(max_examples=30, deadline=None)
@given(scored)
def test_flipping_the_classes(data):
    y, s, _ = data
    y, s = np.asarray(y), np.asarray(s)
    auc = nm.roc_auc_score(y, s)
    np.testing.assert_allclose(nm.roc_auc_score(1 - y, s), 1 - auc, atol=1e-12)  # same scores, other class
    np.testing.assert_allclose(nm.roc_auc_score(1 - y, -s), auc, atol=1e-12)  # both flipped
    np.testing.assert_allclose(nm.roc_auc_score(y, s), mann_whitney_auc(y, s), atol=1e-12)
    # the PR curve of pos_label=0 is the curve of the negatives ranked by -s
    for a, b in zip(nm.precision_recall_curve(y, s, pos_label=0)[:2], nm.precision_recall_curve(1 - y, s)[:2]):
        np.testing.assert_array_equal(a, b)


@settings(max_examples=30, deadline=None)
@given(scored)
def test_weights_are_repetitions_and_zero_weights_are_absences(data):
    y, s, rnd = data
    counts = [rnd.choice([0, 1, 2, 3]) for _ in y]
    counts[y.index(1)] = max(counts[y.index(1)], 1)
    counts[y.index(0)] = max(counts[y.index(0)], 1)
    rep_y = [v for v, c in zip(y, counts) for _ in range(c)]
    rep_s = [v for v, c in zip(s, counts) for _ in range(c)]
    weights = np.asarray(counts, dtype=float)
    for fn in (nm.roc_curve, nm.precision_recall_curve):
        for a, b in zip(fn(y, s, sample_weight=weights), fn(rep_y, rep_s)):
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
    np.testing.assert_allclose(nm.roc_auc_score(y, s, sample_weight=weights), nm.roc_auc_score(rep_y, rep_s), atol=1e-12)
    np.testing.assert_allclose(
        nm.average_precision_score(y, s, sample_weight=weights), nm.average_precision_score(rep_y, rep_s), atol=1e-12
    )


def test_random_scores_give_auc_near_half_and_ap_near_the_base_rate():
    rng = np.random.default_rng(0)
    y = (rng.random(200_000) < 0.01).astype(int)
    s = rng.random(200_000)
    assert abs(nm.roc_auc_score(y, s) - 0.5) < 0.02
    assert abs(nm.average_precision_score(y, s) - y.mean()) < 0.005


# ---------------------------------------------------------------------------------------
# Errors: every message pinned
# ---------------------------------------------------------------------------------------

CURVES_AND_AREAS = [nm.roc_curve, nm.precision_recall_curve, nm.roc_auc_score, nm.average_precision_score]


@pytest.mark.parametrize("fn", CURVES_AND_AREAS, ids=lambda f: f.__name__)
def test_bad_scores_and_labels_are_clear_errors(fn):
    with pytest.raises(ValueError, match=r"inconsistent numbers of samples: y_true has 3 and y_score has 2"):
        fn([0, 1, 1], [0.1, 0.2])
    with pytest.raises(ValueError, match=r"y_score contains NaN. Every sample needs a finite score"):
        fn([0, 1], [0.1, np.nan])
    with pytest.raises(ValueError, match=r"y_score contains infinity"):
        fn([0, 1], [0.1, np.inf])
    with pytest.raises(ValueError, match=r"y_score must hold one score per sample \(1-D\), got shape \(2, 2\)"):
        fn([0, 1], [[0.9, 0.1], [0.2, 0.8]])
    with pytest.raises(ValueError, match=r"y_score must contain numbers"):
        fn([0, 1], ["high", "low"])
    with pytest.raises(ValueError, match=r"y_true contains NaN"):
        fn([0, np.nan], [0.1, 0.2])
    with pytest.raises(ValueError, match=r"y_true is empty"):
        fn([], [])
    with pytest.raises(ValueError, match=r"sample_weight contains negative values"):
        fn([0, 1], [0.1, 0.2], sample_weight=[1.0, -1.0])


@pytest.mark.parametrize("fn", [nm.roc_curve, nm.precision_recall_curve], ids=lambda f: f.__name__)
def test_curve_errors(fn):
    with pytest.raises(ValueError, match=r"y_true has labels \['a', 'b'\], so the positive class is ambiguous"):
        fn(["a", "b"], [0.1, 0.2])
    with pytest.raises(ValueError, match=r"y_true has labels \[0, 1, 2\], so the positive class is ambiguous"):
        fn([0, 1, 2], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match=r"pos_label=2 is not a label of y_true, whose labels are \[0, 1\]"):
        fn([0, 1], [0.1, 0.2], pos_label=2)
    with pytest.raises(ValueError, match=r"sample_weight is 0 for every sample"):
        fn([0, 1], [0.1, 0.2], sample_weight=[0, 0])
    with pytest.raises(TypeError, match=r"drop_intermediate must be True or False, got 'no'"):
        fn([0, 1], [0.1, 0.2], drop_intermediate="no")
    with pytest.raises(ValueError, match=r"y_true holds continuous values"):
        fn([0.5, 1.0], [0.1, 0.2])


def test_auc_errors():
    with pytest.raises(ValueError, match=r"auc needs at least 2 points to compute an area, got 1"):
        nm.auc([0.0], [1.0])
    with pytest.raises(ValueError, match=r"x is neither increasing nor decreasing \(\[0, 2, 1\]\)"):
        nm.auc([0, 2, 1], [0, 1, 1])
    with pytest.raises(ValueError, match=r"inconsistent numbers of samples: x has 3 and y has 2"):
        nm.auc([0, 1, 2], [0, 1])
    with pytest.raises(ValueError, match=r"y contains NaN"):
        nm.auc([0, 1], [0, np.nan])


def test_roc_auc_score_errors():
    y3, p3 = [0, 1, 2], [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]]
    with pytest.raises(ValueError, match=r"y_true has 3 classes \[0, 1, 2\]; choose how .* multi_class='ovr'"):
        nm.roc_auc_score(y3, p3)
    with pytest.raises(ValueError, match=r"every entry of y_score in \[0, 1\] and every row summing to 1"):
        nm.roc_auc_score(y3, [[0.5, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]], multi_class="ovr")
    with pytest.raises(ValueError, match=r"every entry of y_score in \[0, 1\]"):
        nm.roc_auc_score(y3, [[1.5, -0.4, -0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]], multi_class="ovr")
    with pytest.raises(ValueError, match=r"needs y_score of shape \(n_samples, n_classes\).* got shape \(3,\)"):
        nm.roc_auc_score(y3, [0.1, 0.5, 0.9], multi_class="ovr")
    with pytest.raises(ValueError, match=r"y_true has 3 classes \[0, 1, 2\] but y_score has 4 columns"):
        nm.roc_auc_score(y3, [[0.7, 0.1, 0.1, 0.1]] * 3, multi_class="ovr")
    with pytest.raises(ValueError, match=r"average must be one of 'macro', 'weighted' with multi_class='ovo'; got 'micro'"):
        nm.roc_auc_score(y3, p3, multi_class="ovo", average="micro")
    with pytest.raises(ValueError, match=r"average must be one of 'macro', 'weighted' with multi_class='ovo'; got None"):
        nm.roc_auc_score(y3, p3, multi_class="ovo", average=None)
    with pytest.raises(ValueError, match=r"sample_weight is not supported with multi_class='ovo'"):
        nm.roc_auc_score(y3, p3, multi_class="ovo", sample_weight=[1, 1, 1])
    with pytest.raises(ValueError, match=r"max_fpr=0.5 \(partial AUC\) is defined for binary problems only"):
        nm.roc_auc_score(y3, p3, multi_class="ovr", max_fpr=0.5)
    with pytest.raises(ValueError, match=r"labels=\[2, 1, 0\] must be sorted.* Use labels=\[0, 1, 2\]"):
        nm.roc_auc_score(y3, p3, multi_class="ovr", labels=[2, 1, 0])
    with pytest.raises(ValueError, match=r"labels=\[0, 0, 1\] must be a 1-D list of distinct classes"):
        nm.roc_auc_score(y3, p3, multi_class="ovr", labels=[0, 0, 1])
    with pytest.raises(ValueError, match=r"labels has 4 classes but y_score has 3 columns"):
        nm.roc_auc_score(y3, p3, multi_class="ovr", labels=[0, 1, 2, 3])
    with pytest.raises(ValueError, match=r"y_true contains \[2\], which labels=\[0, 1, 3\] does not list"):
        nm.roc_auc_score(y3, p3, multi_class="ovr", labels=[0, 1, 3])
    with pytest.raises(ValueError, match=r"multi_class must be 'raise', 'ovr' or 'ovo'; got 'all'"):
        nm.roc_auc_score(y3, p3, multi_class="all")
    with pytest.raises(ValueError, match=r"max_fpr must be a number in \(0, 1\] .*; got 0"):
        nm.roc_auc_score([0, 1], [0.1, 0.2], max_fpr=0)
    with pytest.raises(ValueError, match=r"max_fpr must be a number in \(0, 1\] .*; got 1.5"):
        nm.roc_auc_score([0, 1], [0.1, 0.2], max_fpr=1.5)
    with pytest.raises(ValueError, match=r"average must be one of 'micro', 'macro', 'weighted', None; got 'mean'"):
        nm.roc_auc_score([0, 1], [0.1, 0.2], average="mean")


def test_average_precision_errors():
    y3, p3 = [0, 1, 2], [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]]
    with pytest.raises(ValueError, match=r"pos_label=2 has no meaning for multiclass y_true"):
        nm.average_precision_score(y3, p3, pos_label=2)
    with pytest.raises(ValueError, match=r"y_true has 3 classes but y_score has 2 columns"):
        nm.average_precision_score(y3, [[0.5, 0.5]] * 3)
    with pytest.raises(ValueError, match=r"pos_label=1 is not a label of y_true, whose labels are \['a', 'b'\]"):
        nm.average_precision_score(["a", "b"], [0.1, 0.2])
    with pytest.raises(ValueError, match=r"average must be one of .*; got 'binary'"):
        nm.average_precision_score([0, 1], [0.1, 0.2], average="binary")


def test_ill_defined_cases_warn_like_sklearn():
    with pytest.warns(nm.UndefinedMetricWarning, match=r"^No positive samples in y_true, true positive value should be meaningless$"):
        _, tpr, _ = nm.roc_curve([0, 0], [0.1, 0.2])
    assert np.isnan(tpr).all()
    with pytest.warns(nm.UndefinedMetricWarning, match=r"^No negative samples in y_true, false positive value should be meaningless$"):
        nm.roc_curve([1, 1], [0.1, 0.2])
    with pytest.warns(nm.UndefinedMetricWarning, match=r"^Only one class is present in y_true. ROC AUC score is not defined in that case.$"):
        assert np.isnan(nm.roc_auc_score([1, 1], [0.1, 0.2]))
    with pytest.warns(UserWarning, match=r"^No positive class found in y_true, recall is set to one for all thresholds.$"):
        assert nm.average_precision_score([0, 0], [0.1, 0.2]) == 0.0


# ---------------------------------------------------------------------------------------
# Deliberate differences from scikit-learn, pinned
# ---------------------------------------------------------------------------------------


def test_an_absent_pos_label_is_an_error_not_a_nan_curve():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, tpr, _ = skm.roc_curve([0, 1, 0], [0.1, 0.9, 0.4], pos_label=2)
    assert np.isnan(tpr).all()
    with pytest.raises(ValueError, match=r"pos_label=2 is not a label of y_true"):
        nm.roc_curve([0, 1, 0], [0.1, 0.9, 0.4], pos_label=2)


def test_nan_scores_are_an_error_in_auc_too():
    assert np.isnan(skm.auc([0, 0.5, 1], [0, np.nan, 1]))
    with pytest.raises(ValueError, match=r"y contains NaN"):
        nm.auc([0, 0.5, 1], [0, np.nan, 1])


def test_multiclass_scores_must_be_probabilities_not_just_sum_to_one():
    y3 = [0, 1, 2]
    scores = [[1.5, -0.4, -0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]]  # rows sum to 1
    assert skm.roc_auc_score(y3, scores, multi_class="ovr") == 1.0
    with pytest.raises(ValueError, match=r"every entry of y_score in \[0, 1\]"):
        nm.roc_auc_score(y3, scores, multi_class="ovr")


def test_ovo_without_average_is_a_value_error():
    y3, p3 = [0, 1, 2], [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]]
    with pytest.raises(NotImplementedError):
        skm.roc_auc_score(y3, p3, multi_class="ovo", average=None)
    with pytest.raises(ValueError, match=r"with multi_class='ovo'; got None"):
        nm.roc_auc_score(y3, p3, multi_class="ovo", average=None)


def test_partial_auc_without_weighted_negatives_is_nan_with_a_warning():
    y, s, w = [0, 1, 0, 1], [0.1, 0.4, 0.35, 0.8], [0.0, 1.0, 0.0, 1.0]
    with pytest.raises(ValueError, match=r"At least 2 points are needed"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            skm.roc_auc_score(y, s, sample_weight=w, max_fpr=0.5)
    with pytest.warns(nm.UndefinedMetricWarning, match="No negative samples in y_true"):
        assert np.isnan(nm.roc_auc_score(y, s, sample_weight=w, max_fpr=0.5))


def test_all_zero_weights_are_an_error():
    with pytest.raises(Exception):  # noqa: B017 - scikit-learn fails with an IndexError
        skm.roc_curve([0, 1], [0.1, 0.2], sample_weight=[0.0, 0.0])
    with pytest.raises(ValueError, match=r"sample_weight is 0 for every sample"):
        nm.roc_auc_score([0, 1], [0.1, 0.2], sample_weight=[0.0, 0.0])
