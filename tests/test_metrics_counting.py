"""Counting metrics of negedu.metrics: against the references, against formulas, invariants, errors.

Layers: (a) ``ours`` vs ``reference`` (scikit-learn 1.9.1 / imbalanced-learn 0.14.2) on
seeded random label vectors of every kind, values and warnings; (b) the textbook formula
written out here; (c) invariants (order, renaming, flipping the positive class,
weights as repetitions), some with hypothesis. Then every error message, and every
deliberate difference from the references.
"""

import warnings

import imblearn.metrics as imm
import numpy as np
import pytest
import sklearn.metrics as skm
from hypothesis import given, settings
from hypothesis import strategies as st

import negedu.metrics as nm
from test_metrics_common import ABSENT, assert_same, make_labels, python_label, run

SEEDS = range(40)
AVERAGES = (None, "binary", "micro", "macro", "weighted")


def label_options(present, kind):
    """``labels`` arguments to try: all (None), reversed, a subset, one absent label added."""
    options = [None, present[::-1], present[:1]]
    if ABSENT[kind] is not None:
        options.append(np.append(present, np.asarray(ABSENT[kind], dtype=present.dtype)))
    return options


# scikit-learn's balanced_accuracy_score and matthews_corrcoef call confusion_matrix and so
# leak its advice to pass `labels` (which they do not take) when the data has one label.
# negedu does not copy that warning (pinned in test_no_confusion_matrix_warning_leaks_...).
LEAKED = ("UserWarning", "A single label was found in 'y_true' and 'y_pred'. For the confusion matrix to have the correct shape, use the 'labels' parameter to pass all known labels.")  # fmt: skip


def compare(ours_fn, reference_fn, *args, exact=False, **kwargs):
    """Same value (to 1e-12) and the same warnings, category and text."""
    ours, ours_warnings = run(ours_fn, *args, **kwargs)
    reference, reference_warnings = run(reference_fn, *args, **kwargs)
    assert_same(ours, reference, exact=exact)
    if not isinstance(reference, Exception):
        if ours_fn.__name__ in ("balanced_accuracy_score", "matthews_corrcoef"):
            reference_warnings = [w for w in reference_warnings if w != LEAKED]
        assert ours_warnings == reference_warnings


def cycle(seed, options, period=1):
    """Option number ``seed // period`` (cyclically): seeds cover every option in turn."""
    return options[(seed // period) % len(options)]


# ---------------------------------------------------------------------------------------
# (a) against scikit-learn / imbalanced-learn on seeded random labels
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_confusion_matrix_matches_sklearn(seed):
    y_true, y_pred, weights, kind = make_labels(seed)
    present = np.union1d(y_true, y_pred)
    labels = cycle(seed, label_options(present, kind))
    if labels is not None and not np.isin(labels, y_true).any():
        labels = None  # an error in both (pinned below)
    for normalize in (None, cycle(seed, ("true", "pred", "all"))):
        kwargs = dict(labels=labels, sample_weight=weights, normalize=normalize)
        ours, ours_warnings = run(nm.confusion_matrix, y_true, y_pred, **kwargs)
        reference, reference_warnings = run(skm.confusion_matrix, y_true, y_pred, **kwargs)
        assert ours.dtype == reference.dtype
        assert np.array_equal(ours, reference)  # bit for bit: same summation order
        assert ours_warnings == reference_warnings


@pytest.mark.parametrize("seed", SEEDS)
def test_accuracy_balanced_accuracy_and_mcc_match_sklearn(seed):
    y_true, y_pred, weights, _ = make_labels(seed)
    compare(nm.accuracy_score, skm.accuracy_score, y_true, y_pred, sample_weight=weights)
    compare(nm.accuracy_score, skm.accuracy_score, y_true, y_pred, sample_weight=weights, normalize=False)
    compare(nm.matthews_corrcoef, skm.matthews_corrcoef, y_true, y_pred, sample_weight=weights)
    adjusted = bool(seed % 2)
    compare(nm.balanced_accuracy_score, skm.balanced_accuracy_score, y_true, y_pred, sample_weight=weights, adjusted=adjusted)


def averaged_kwargs(seed, y_true, y_pred, weights, kind):
    """One (average, labels, pos_label) combination per seed, cycling through all of them."""
    present = np.union1d(y_true, y_pred)
    average = cycle(seed, AVERAGES)
    if average == "binary" and present.size > 2:
        average = "weighted"
    labels = cycle(seed, label_options(present, kind), period=len(AVERAGES))
    kwargs = dict(average=average, labels=labels, sample_weight=weights)
    if average == "binary":
        kwargs["pos_label"] = python_label(present[-1])
    return kwargs


@pytest.mark.parametrize("seed", SEEDS)
def test_precision_recall_fscore_family_matches_sklearn(seed):
    y_true, y_pred, weights, kind = make_labels(seed)
    kwargs = averaged_kwargs(seed, y_true, y_pred, weights, kind)
    kwargs["zero_division"] = cycle(seed, ("warn", 0, 1, np.nan), period=3)
    compare(nm.precision_recall_fscore_support, skm.precision_recall_fscore_support, y_true, y_pred, **kwargs)
    compare(nm.precision_score, skm.precision_score, y_true, y_pred, **kwargs)
    compare(nm.recall_score, skm.recall_score, y_true, y_pred, **kwargs)
    compare(nm.f1_score, skm.f1_score, y_true, y_pred, **kwargs)
    beta = cycle(seed, (0.0, 0.5, 2.0, np.inf), period=2)
    compare(nm.fbeta_score, skm.fbeta_score, y_true, y_pred, beta=beta, **kwargs)


@pytest.mark.parametrize("seed", SEEDS)
def test_sensitivity_specificity_and_gmean_match_imblearn(seed):
    y_true, y_pred, weights, kind = make_labels(seed)  # weights sum to n: see dyadic_weights
    kwargs = averaged_kwargs(seed, y_true, y_pred, weights, kind)
    compare(nm.sensitivity_specificity_support, imm.sensitivity_specificity_support, y_true, y_pred, **kwargs)
    compare(nm.sensitivity_score, imm.sensitivity_score, y_true, y_pred, **kwargs)
    compare(nm.specificity_score, imm.specificity_score, y_true, y_pred, **kwargs)
    compare(nm.geometric_mean_score, imm.geometric_mean_score, y_true, y_pred, **kwargs)
    present = np.union1d(y_true, y_pred)
    compare(
        nm.geometric_mean_score,
        imm.geometric_mean_score,
        y_true,
        y_pred,
        labels=cycle(seed, (None, present[::-1])),
        sample_weight=weights,
        correction=cycle(seed, (0.0, 0.001), period=2),
    )


# Edge cases: (y_true, y_pred, sample_weight)
EDGE_CASES = {
    "single sample": ([1], [1], None),
    "single sample wrong": ([1], [0], None),
    "one class only in y_true": ([0, 0, 0, 0], [0, 1, 0, 1], None),
    "one label everywhere": ([1, 1, 1], [1, 1, 1], None),
    "nothing right": ([0, 0, 1, 1], [1, 1, 0, 0], None),
    "label absent from y_pred": ([0, 1, 2, 2, 1], [0, 0, 0, 0, 0], None),
    "label only in y_pred": ([0, 0, 1, 1], [0, 2, 1, 2], None),
    "zero weights": ([0, 1, 1, 0, 1], [0, 1, 0, 0, 1], [1.0, 0.0, 2.0, 0.0, 2.0]),
    "a class of zero weight": ([0, 1, 1, 2, 2], [0, 1, 2, 2, 2], [1.0, 1.0, 1.0, 0.0, 0.0]),
    "integer weights": ([0, 1, 1, 0, 1], [0, 1, 0, 0, 1], [1, 3, 2, 2, 1]),
    "string labels": (["no", "yes", "yes", "no"], ["no", "yes", "no", "no"], None),
    "float32 labels": (np.array([0, 1, 1, 0], np.float32), np.array([0, 1, 0, 0], np.float32), None),
    "column vectors": (np.array([[0], [1], [1]]), np.array([[0], [1], [0]]), None),
}


@pytest.mark.parametrize("case", list(EDGE_CASES))
def test_edge_cases_match_the_references(case):
    y_true, y_pred, weights = EDGE_CASES[case]
    present = np.union1d(np.ravel(y_true), np.ravel(y_pred))
    pos_label = python_label(present[-1])
    binary = present.size <= 2
    for name in ("accuracy_score", "balanced_accuracy_score", "matthews_corrcoef"):
        compare(getattr(nm, name), getattr(skm, name), y_true, y_pred, sample_weight=weights)
    (ours, ours_warnings), (reference, reference_warnings) = (
        run(f, y_true, y_pred, sample_weight=weights) for f in (nm.confusion_matrix, skm.confusion_matrix)
    )
    assert ours.dtype == reference.dtype and np.array_equal(ours, reference)
    assert ours_warnings == reference_warnings
    for average in (None, "binary", "macro"):
        if average == "binary" and not binary:
            continue
        kwargs = dict(average=average, sample_weight=weights, pos_label=pos_label if average == "binary" else 1)
        compare(nm.precision_recall_fscore_support, skm.precision_recall_fscore_support, y_true, y_pred, **kwargs)
        if weights is not None and np.sum(weights) != len(weights):
            continue  # imbalanced-learn's weighted TN differs on purpose (pinned below)
        compare(nm.sensitivity_specificity_support, imm.sensitivity_specificity_support, y_true, y_pred, **kwargs)
        compare(nm.geometric_mean_score, imm.geometric_mean_score, y_true, y_pred, **kwargs)
    compare(nm.geometric_mean_score, imm.geometric_mean_score, y_true, y_pred, sample_weight=weights)


def test_no_confusion_matrix_warning_leaks_from_mcc_or_balanced_accuracy():
    for fn in (nm.matthews_corrcoef, nm.balanced_accuracy_score):
        _, caught = run(fn, [1, 1], [1, 1])
        assert caught == []
    _, caught = run(skm.matthews_corrcoef, [1, 1], [1, 1])
    assert caught == [LEAKED]


def test_single_label_confusion_matrix_warns_like_sklearn():
    with pytest.warns(UserWarning, match="A single label was found in 'y_true' and 'y_pred'"):
        C = nm.confusion_matrix([3, 3], [3, 3])
    assert C.tolist() == [[2]]


def test_warnings_match_the_references_word_for_word():
    y_true, y_pred = [0, 0, 2], [0, 0, 0]  # class 2 never predicted, class 1 only listed
    for zero_division in ("warn", 1):
        compare(
            nm.precision_recall_fscore_support,
            skm.precision_recall_fscore_support,
            y_true,
            y_pred,
            labels=[0, 1, 2],
            zero_division=zero_division,
        )
    compare(nm.precision_score, skm.precision_score, [0, 0], [0, 0])  # singular: "due to"
    compare(nm.sensitivity_specificity_support, imm.sensitivity_specificity_support, [1, 1], [1, 1], labels=[0, 1])
    compare(nm.geometric_mean_score, imm.geometric_mean_score, [0, 0, 1], [0, 0, 0], labels=[0, 1, 2])
    compare(nm.recall_score, skm.recall_score, [0, 1, 2], [0, 1, 1], average="macro", pos_label=2)
    compare(nm.balanced_accuracy_score, skm.balanced_accuracy_score, [0, 0, 1], [0, 2, 1])


def test_scalars_are_python_floats_and_inputs_are_not_modified():
    y_true = np.array([0, 1, 1, 0, 1, 2])
    y_pred = np.array([0, 1, 0, 0, 2, 2])
    weights = np.array([1.0, 2.0, 1.0, 0.5, 1.0, 1.0])
    for arr in (y_true, y_pred, weights):
        arr.flags.writeable = False  # any write would raise
    for fn in (nm.accuracy_score, nm.balanced_accuracy_score, nm.matthews_corrcoef):
        assert type(fn(y_true, y_pred, sample_weight=weights)) is float
    for fn in (nm.precision_score, nm.recall_score, nm.f1_score, nm.specificity_score, nm.false_positive_rate):
        assert type(fn(y_true, y_pred, average="macro", sample_weight=weights)) is float
    assert type(nm.geometric_mean_score(y_true, y_pred, sample_weight=weights)) is float
    assert type(nm.imbalance_ratio(y_true)) is float
    assert y_true.tolist() == [0, 1, 1, 0, 1, 2] and weights.tolist() == [1.0, 2.0, 1.0, 0.5, 1.0, 1.0]


def test_many_labels_use_the_bincount_path_without_a_k_by_k_matrix():
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 400, 2000)  # more labels than the k x k shortcut allows
    y_pred = np.where(rng.random(2000) < 0.5, y_true, rng.integers(0, 400, 2000))
    weights = rng.random(2000)
    for average in ("micro", "macro", "weighted"):
        compare(nm.f1_score, skm.f1_score, y_true, y_pred, average=average, sample_weight=weights)
    compare(nm.matthews_corrcoef, skm.matthews_corrcoef, y_true, y_pred)


# ---------------------------------------------------------------------------------------
# (b) against textbook formulas written here
# ---------------------------------------------------------------------------------------


def binary_counts(y_true, y_pred, weights=None):
    """TP, FP, FN, TN of labels 0/1, summed by hand."""
    w = np.ones(len(y_true)) if weights is None else np.asarray(weights, float)
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = w[(y_true == 1) & (y_pred == 1)].sum()
    fp = w[(y_true == 0) & (y_pred == 1)].sum()
    fn = w[(y_true == 1) & (y_pred == 0)].sum()
    tn = w[(y_true == 0) & (y_pred == 0)].sum()
    return tp, fp, fn, tn


@pytest.mark.parametrize("seed", range(20))
def test_binary_metrics_equal_their_formulas(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 200))
    y_true = (rng.random(n) < 0.3).astype(int)
    y_pred = np.where(rng.random(n) < 0.7, y_true, 1 - y_true)
    y_true[:2], y_pred[:2] = [0, 1], [0, 1]  # every rate is defined
    y_true[2:4], y_pred[2:4] = [0, 1], [1, 0]
    weights = rng.random(n)
    for w in (None, weights):
        tp, fp, fn, tn = binary_counts(y_true, y_pred, w)
        tpr, tnr, ppv, npv = tp / (tp + fn), tn / (tn + fp), tp / (tp + fp), tn / (tn + fn)
        close = dict(rtol=0, atol=1e-12)
        np.testing.assert_allclose(nm.confusion_matrix(y_true, y_pred, sample_weight=w), [[tn, fp], [fn, tp]], **close)
        np.testing.assert_allclose(nm.accuracy_score(y_true, y_pred, sample_weight=w), (tp + tn) / (tp + tn + fp + fn), **close)
        np.testing.assert_allclose(nm.precision_score(y_true, y_pred, sample_weight=w), ppv, **close)
        np.testing.assert_allclose(nm.recall_score(y_true, y_pred, sample_weight=w), tpr, **close)
        np.testing.assert_allclose(nm.sensitivity_score(y_true, y_pred, sample_weight=w), tpr, **close)
        np.testing.assert_allclose(nm.specificity_score(y_true, y_pred, sample_weight=w), tnr, **close)
        np.testing.assert_allclose(nm.false_positive_rate(y_true, y_pred, sample_weight=w), fp / (fp + tn), **close)
        np.testing.assert_allclose(nm.false_negative_rate(y_true, y_pred, sample_weight=w), fn / (fn + tp), **close)
        np.testing.assert_allclose(nm.negative_predictive_value(y_true, y_pred, sample_weight=w), npv, **close)
        np.testing.assert_allclose(nm.f1_score(y_true, y_pred, sample_weight=w), 2 * ppv * tpr / (ppv + tpr), **close)
        for beta in (0.5, 2.0):
            fbeta = (1 + beta**2) * ppv * tpr / (beta**2 * ppv + tpr)
            np.testing.assert_allclose(nm.fbeta_score(y_true, y_pred, beta=beta, sample_weight=w), fbeta, **close)
        np.testing.assert_allclose(nm.balanced_accuracy_score(y_true, y_pred, sample_weight=w), (tpr + tnr) / 2, **close)
        gmean = np.sqrt(tpr * tnr)  # Kubat & Matwin
        np.testing.assert_allclose(nm.geometric_mean_score(y_true, y_pred, sample_weight=w), gmean, **close)
        np.testing.assert_allclose(nm.geometric_mean_score(y_true, y_pred, average="binary", sample_weight=w), gmean, **close)
        mcc = (tp * tn - fp * fn) / np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
        np.testing.assert_allclose(nm.matthews_corrcoef(y_true, y_pred, sample_weight=w), mcc, **close)
    # MCC is Pearson's correlation of the 0/1 vectors
    np.testing.assert_allclose(nm.matthews_corrcoef(y_true, y_pred), np.corrcoef(y_true, y_pred)[0, 1], rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_multiclass_metrics_equal_their_formulas(seed):
    rng = np.random.default_rng(seed)
    k, n = 4, 300
    y_true = rng.integers(0, k, n)
    y_pred = np.where(rng.random(n) < 0.6, y_true, rng.integers(0, k, n))
    weights = rng.random(n)
    C = np.array([[weights[(y_true == i) & (y_pred == j)].sum() for j in range(k)] for i in range(k)])
    np.testing.assert_allclose(nm.confusion_matrix(y_true, y_pred, sample_weight=weights), C, rtol=0, atol=1e-12)
    recalls = np.diag(C) / C.sum(axis=1)
    np.testing.assert_allclose(nm.balanced_accuracy_score(y_true, y_pred, sample_weight=weights), recalls.mean(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(nm.geometric_mean_score(y_true, y_pred, sample_weight=weights), np.prod(recalls) ** (1 / k), rtol=0, atol=1e-12)
    # one-vs-rest rates of each class from the matrix
    tp = np.diag(C)
    fp, fn = C.sum(axis=0) - tp, C.sum(axis=1) - tp
    tn = C.sum() - tp - fp - fn
    expected = {
        nm.specificity_score: tn / (tn + fp),
        nm.false_positive_rate: fp / (fp + tn),
        nm.false_negative_rate: fn / (fn + tp),
        nm.negative_predictive_value: tn / (tn + fn),
    }
    for fn_, values in expected.items():
        np.testing.assert_allclose(fn_(y_true, y_pred, average=None, sample_weight=weights), values, rtol=0, atol=1e-12)
        np.testing.assert_allclose(fn_(y_true, y_pred, average="macro", sample_weight=weights), values.mean(), rtol=0, atol=1e-12)
        support = C.sum(axis=1)
        np.testing.assert_allclose(
            fn_(y_true, y_pred, average="weighted", sample_weight=weights), np.average(values, weights=support), rtol=0, atol=1e-12
        )
    micro_fpr = fp.sum() / (fp.sum() + tn.sum())
    np.testing.assert_allclose(nm.false_positive_rate(y_true, y_pred, average="micro", sample_weight=weights), micro_fpr, rtol=0, atol=1e-12)
    # Gorodkin's R_K
    t, p, s = C.sum(axis=1), C.sum(axis=0), C.sum()
    rk = (np.trace(C) * s - t @ p) / np.sqrt((s**2 - p @ p) * (s**2 - t @ t))
    np.testing.assert_allclose(nm.matthews_corrcoef(y_true, y_pred, sample_weight=weights), rk, rtol=0, atol=1e-12)


def test_imbalance_ratio_is_majority_over_minority():
    assert nm.imbalance_ratio([0] * 990 + [1] * 10) == 99.0
    assert nm.imbalance_ratio(["a"] * 6 + ["b"] * 2 + ["c"] * 3) == 3.0
    assert nm.imbalance_ratio(np.array([-1, 1, 1, -1])) == 1.0
    rng = np.random.default_rng(0)
    y = rng.integers(0, 5, 1000)
    counts = np.bincount(y)
    assert nm.imbalance_ratio(y) == counts.max() / counts.min()


# ---------------------------------------------------------------------------------------
# (c) invariants
# ---------------------------------------------------------------------------------------

binary_pairs = st.integers(1, 60).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 1), min_size=n, max_size=n),
        st.lists(st.integers(0, 1), min_size=n, max_size=n),
        st.randoms(use_true_random=False),
    )
)

COUNTING = [
    ("accuracy_score", {}),
    ("balanced_accuracy_score", {}),
    ("matthews_corrcoef", {}),
    ("precision_score", {"labels": [0, 1], "average": "macro", "zero_division": 0}),
    ("recall_score", {"zero_division": 0}),
    ("f1_score", {"zero_division": 0}),
    ("specificity_score", {}),
    ("false_positive_rate", {"zero_division": 0}),
    ("false_negative_rate", {"zero_division": 0}),
    ("negative_predictive_value", {"zero_division": 0}),
    ("geometric_mean_score", {}),
    ("geometric_mean_score", {"average": "macro", "labels": [0, 1]}),
]


@settings(max_examples=30, deadline=None)
@given(binary_pairs)
def test_counting_metrics_do_not_depend_on_sample_order(data):
    y_true, y_pred, rnd = data
    order = list(range(len(y_true)))
    rnd.shuffle(order)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, kwargs in COUNTING:
            fn = getattr(nm, name)
            before = fn(y_true, y_pred, **kwargs)
            after = fn([y_true[i] for i in order], [y_pred[i] for i in order], **kwargs)
            np.testing.assert_allclose(after, before, rtol=0, atol=1e-12, err_msg=name)


@settings(max_examples=30, deadline=None)
@given(binary_pairs)
def test_renaming_labels_changes_nothing(data):
    y_true, y_pred, _ = data
    rename = {0: "negative", 1: "positive"}  # same sorted order
    named_true, named_pred = [rename[v] for v in y_true], [rename[v] for v in y_pred]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, kwargs in COUNTING:
            fn = getattr(nm, name)
            kwargs_named = dict(kwargs)
            if "labels" in kwargs:
                kwargs_named["labels"] = ["negative", "positive"]
            if name not in ("accuracy_score", "balanced_accuracy_score", "matthews_corrcoef"):
                kwargs_named["pos_label"] = "positive"
            ours = fn(named_true, named_pred, **kwargs_named)
            np.testing.assert_allclose(ours, fn(y_true, y_pred, **kwargs), rtol=0, atol=1e-12, err_msg=name)


@settings(max_examples=30, deadline=None)
@given(binary_pairs)
def test_flipping_the_positive_class_swaps_the_rates(data):
    y_true, y_pred, _ = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for zero_division in (0, 1):
            zd = dict(zero_division=zero_division)
            # precision of class 0 is the NPV of class 1; recall of class 0 is the TNR of class 1
            assert nm.precision_score(y_true, y_pred, pos_label=0, **zd) == nm.negative_predictive_value(y_true, y_pred, **zd)
            assert nm.negative_predictive_value(y_true, y_pred, pos_label=0, **zd) == nm.precision_score(y_true, y_pred, **zd)
            assert nm.false_positive_rate(y_true, y_pred, pos_label=0, **zd) == nm.false_negative_rate(y_true, y_pred, **zd)
        tnr = nm.specificity_score(y_true, y_pred)
        tpr = nm.sensitivity_score(y_true, y_pred)
        assert nm.recall_score(y_true, y_pred, pos_label=0, zero_division=0) == tnr
        assert nm.specificity_score(y_true, y_pred, pos_label=0) == tpr
        # relabelling 1 - y is the same as choosing pos_label=0
        flipped_true, flipped_pred = [1 - v for v in y_true], [1 - v for v in y_pred]
        assert nm.recall_score(flipped_true, flipped_pred, zero_division=0) == nm.recall_score(y_true, y_pred, pos_label=0, zero_division=0)
        # MCC and the G-mean do not care which class is positive
        np.testing.assert_allclose(nm.matthews_corrcoef(flipped_true, flipped_pred), nm.matthews_corrcoef(y_true, y_pred), atol=1e-12)
        np.testing.assert_allclose(nm.geometric_mean_score(flipped_true, flipped_pred), nm.geometric_mean_score(y_true, y_pred), atol=1e-12)
        # where defined, FPR = 1 - TNR and FNR = 1 - TPR
        if 0 in y_true:
            np.testing.assert_allclose(nm.false_positive_rate(y_true, y_pred), 1 - tnr, atol=1e-12)
        if 1 in y_true:
            np.testing.assert_allclose(nm.false_negative_rate(y_true, y_pred), 1 - tpr, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(binary_pairs)
def test_a_weight_of_two_is_the_same_as_a_duplicated_sample(data):
    y_true, y_pred, rnd = data
    twice = [rnd.random() < 0.5 for _ in y_true]
    weights = [2.0 if t else 1.0 for t in twice]
    rep_true = [v for v, t in zip(y_true, twice) for _ in range(1 + t)]
    rep_pred = [v for v, t in zip(y_pred, twice) for _ in range(1 + t)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        np.testing.assert_array_equal(
            nm.confusion_matrix(y_true, y_pred, sample_weight=weights), nm.confusion_matrix(rep_true, rep_pred)
        )
        for name, kwargs in COUNTING:
            fn = getattr(nm, name)
            np.testing.assert_allclose(
                fn(y_true, y_pred, sample_weight=weights, **kwargs), fn(rep_true, rep_pred, **kwargs), atol=1e-12, err_msg=name
            )


# ---------------------------------------------------------------------------------------
# Errors: every message pinned
# ---------------------------------------------------------------------------------------

ALL_COUNTING = [
    nm.confusion_matrix,
    nm.accuracy_score,
    nm.balanced_accuracy_score,
    nm.matthews_corrcoef,
    nm.precision_recall_fscore_support,
    nm.precision_score,
    nm.recall_score,
    nm.f1_score,
    nm.sensitivity_specificity_support,
    nm.sensitivity_score,
    nm.specificity_score,
    nm.false_positive_rate,
    nm.false_negative_rate,
    nm.negative_predictive_value,
    nm.geometric_mean_score,
    nm.classification_report_imbalanced,
]


@pytest.mark.parametrize("fn", ALL_COUNTING, ids=lambda f: f.__name__)
def test_bad_label_vectors_are_clear_errors(fn):
    with pytest.raises(ValueError, match=r"inconsistent numbers of samples: y_true has 3 and y_pred has 2"):
        fn([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match=r"y_true is empty"):
        fn([], [])
    with pytest.raises(ValueError, match=r"y_pred contains NaN"):
        fn([0, 1], [0, np.nan])
    with pytest.raises(ValueError, match=r"y_true holds continuous values \(for example 0.5\)"):
        fn([0.5, 1.0], [0, 1])
    with pytest.raises(ValueError, match=r"Mix of label types: y_true holds strings, y_pred holds numbers"):
        fn(["a", "b"], [0, 1])
    with pytest.raises(ValueError, match=r"y_true mixes strings with other values \(for example 1\)"):
        fn(np.array(["a", 1], dtype=object), ["a", "a"])
    with pytest.raises(ValueError, match=r"y_pred must be 1-D .* got shape \(2, 2\)"):
        fn([0, 1], [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match=r"sample_weight contains negative values"):
        fn([0, 1], [0, 1], sample_weight=[1.0, -1.0])
    with pytest.raises(ValueError, match=r"sample_weight has 3 entries but there are 2 samples"):
        fn([0, 1], [0, 1], sample_weight=[1.0, 1.0, 1.0])


AVERAGED = [
    nm.precision_score,
    nm.recall_score,
    nm.f1_score,
    nm.sensitivity_score,
    nm.specificity_score,
    nm.false_positive_rate,
    nm.false_negative_rate,
    nm.negative_predictive_value,
]


@pytest.mark.parametrize("fn", AVERAGED, ids=lambda f: f.__name__)
def test_bad_average_pos_label_and_labels_are_clear_errors(fn):
    with pytest.raises(ValueError, match=r"average='binary' needs a binary target, but y_true and y_pred hold 3 labels"):
        fn([0, 1, 2], [0, 1, 1])
    with pytest.raises(ValueError, match=r"pos_label=2 is not a label of y_true or y_pred, whose labels are \[0, 1\]"):
        fn([0, 1], [0, 1], pos_label=2)
    with pytest.raises(ValueError, match=r"pos_label=1 is not a label .* \['no', 'yes'\]"):
        fn(["no", "yes"], ["no", "yes"])
    with pytest.raises(ValueError, match=r"average must be one of None, 'binary', 'micro', 'macro', 'weighted'; got 'mean'"):
        fn([0, 1], [0, 1], average="mean")
    with pytest.raises(ValueError, match=r"average='samples' is for multilabel targets"):
        fn([0, 1], [0, 1], average="samples")
    with pytest.raises(ValueError, match=r"labels=\[1, 1\] has repeated entries"):
        fn([0, 1], [0, 1], labels=[1, 1], average="macro")
    with pytest.raises(ValueError, match=r"labels=\['a'\] does not match the labels of y_true and y_pred, which are numbers"):
        fn([0, 1], [0, 1], labels=["a"], average="macro")
    with pytest.raises(ValueError, match=r"labels is empty"):
        fn([0, 1], [0, 1], labels=[], average="macro")
    with pytest.raises(ValueError, match=r"labels must be a 1-D list of class labels"):
        fn([0, 1], [0, 1], labels=[[0, 1]], average="macro")


@pytest.mark.parametrize(
    "fn", [nm.precision_score, nm.recall_score, nm.f1_score, nm.false_positive_rate, nm.negative_predictive_value]
)
def test_bad_zero_division_is_a_clear_error(fn):
    with pytest.raises(ValueError, match=r"zero_division must be 'warn', 0, 1 or np.nan; got 0.5"):
        fn([0, 1], [0, 1], zero_division=0.5)


def test_other_parameter_errors():
    with pytest.raises(ValueError, match=r"beta must be a number >= 0 .*; got -1"):
        nm.fbeta_score([0, 1], [0, 1], beta=-1)
    with pytest.raises(ValueError, match=r"normalize must be one of 'true', 'pred', 'all'; got 'rows'"):
        nm.confusion_matrix([0, 1], [0, 1], normalize="rows")
    with pytest.raises(ValueError, match=r"None of labels=\[5, 6\] occurs in y_true"):
        nm.confusion_matrix([0, 1], [0, 1], labels=[5, 6])
    with pytest.raises(ValueError, match=r"correction must be a number >= 0 .*; got -0.1"):
        nm.geometric_mean_score([0, 1], [0, 1], correction=-0.1)
    with pytest.raises(ValueError, match=r"average must be one of .*'multiclass'; got 'all'"):
        nm.geometric_mean_score([0, 1], [0, 1], average="all")
    with pytest.raises(TypeError, match=r"normalize must be True or False, got 'yes'"):
        nm.accuracy_score([0, 1], [0, 1], normalize="yes")
    with pytest.raises(TypeError, match=r"adjusted must be True or False, got 1"):
        nm.balanced_accuracy_score([0, 1], [0, 1], adjusted=1)
    with pytest.raises(ValueError, match=r"y has a single class \(7\)"):
        nm.imbalance_ratio([7, 7, 7])
    with pytest.raises(ValueError, match=r"y is empty"):
        nm.imbalance_ratio([])


def test_new_rates_warn_in_scikit_learns_words():
    with pytest.warns(nm.UndefinedMetricWarning, match=r"^False positive rate is ill-defined and being set to 0.0 due to no negative samples. Use `zero_division` parameter to control this behavior.$"):
        assert nm.false_positive_rate([1, 1], [1, 0]) == 0.0
    with pytest.warns(nm.UndefinedMetricWarning, match=r"^False negative rate is ill-defined and being set to 0.0 in labels with no true samples"):
        assert nm.false_negative_rate([0, 0], [0, 1], labels=[0, 1], average=None).tolist() == [0.5, 0.0]
    with pytest.warns(nm.UndefinedMetricWarning, match=r"^Negative predictive value is ill-defined and being set to 0.0 due to no predicted negative samples"):
        assert nm.negative_predictive_value([0, 1], [1, 1]) == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an explicit zero_division never warns
        assert nm.false_positive_rate([1, 1], [1, 0], zero_division=1) == 1.0
        assert np.isnan(nm.negative_predictive_value([0, 1], [1, 1], zero_division=np.nan))
        assert nm.false_negative_rate([0, 0, 1], [0, 1, 1], labels=[1, 2], average="macro", zero_division=np.nan) == 0.0


# ---------------------------------------------------------------------------------------
# Deliberate differences from the references, pinned
# ---------------------------------------------------------------------------------------


def test_weighted_specificity_uses_the_total_weight_not_the_sample_count():
    y_true, y_pred, w = [0, 0, 1, 1], [0, 1, 1, 1], [2.0, 2.0, 2.0, 2.0]
    # TN = 2, FP = 2 in weight: specificity 0.5, as without weights
    assert nm.specificity_score(y_true, y_pred, sample_weight=w) == 0.5
    assert nm.specificity_score(y_true, y_pred) == 0.5
    # imbalanced-learn: TN = n - (pred + true - tp) = 4 - (6 + 4 - 4) = -2, so specificity = -2 / 0 -> 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert imm.specificity_score(y_true, y_pred, sample_weight=w) != 0.5
    # and the geometric mean and the report follow
    assert nm.geometric_mean_score(y_true, y_pred, average="binary", sample_weight=w) == np.sqrt(1.0 * 0.5)


def test_binary_rates_for_an_absent_pos_label_are_computed_not_zeroed():
    with pytest.warns(nm.UndefinedMetricWarning, match="Sensitivity is ill-defined and being set to 0.0 due to no true samples"):
        ours = nm.sensitivity_specificity_support([0, 0, 0], [0, 0, 0], average="binary")
    assert ours == (0.0, 1.0, None)  # every negative is predicted negative: TNR = 1
    assert imm.sensitivity_specificity_support([0, 0, 0], [0, 0, 0], average="binary") == (0.0, 0.0, 0)


def test_references_accept_what_we_reject():
    # negative weights
    assert skm.accuracy_score([0, 1, 1], [0, 1, 1], sample_weight=[1, -2, 3]) == 1.0
    with pytest.raises(ValueError, match="negative values"):
        nm.accuracy_score([0, 1, 1], [0, 1, 1], sample_weight=[1, -2, 3])
    # labels of the wrong kind: scikit-learn silently reports zeros
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert skm.precision_score([0, 1], [0, 1], labels=["a"], average="macro") == 0.0
    with pytest.raises(ValueError, match="does not match the labels"):
        nm.precision_score([0, 1], [0, 1], labels=["a"], average="macro")
    # repeated labels: scikit-learn reports one label twice
    assert skm.confusion_matrix([0, 1, 1], [0, 1, 1], labels=[1, 1]).tolist() == [[0, 0], [0, 2]]
    with pytest.raises(ValueError, match="repeated entries"):
        nm.confusion_matrix([0, 1, 1], [0, 1, 1], labels=[1, 1])
    # imbalanced-learn does not check the G-mean's inputs
    with pytest.raises(ValueError, match="operands could not be broadcast"):
        imm.geometric_mean_score([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        nm.geometric_mean_score([0, 1, 1], [0, 1])
