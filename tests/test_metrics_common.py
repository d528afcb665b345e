"""Helpers shared by the tests of negedu.metrics, and tests of the package as a whole."""

import doctest
import importlib
import subprocess
import sys
import warnings

import numpy as np
import pytest

import negedu.metrics

LABEL_KINDS = ("int", "offset", "str", "float", "bool")
ALPHABETS = {
    "int": np.array([0, 1, 2, 3]),
    "offset": np.array([-3, 2, 7, 40]),  # negative and sparse integers
    "str": np.array(["ant", "bee", "cat", "dog"]),
    "float": np.array([0.0, 1.0, 2.0, 3.0]),
    "bool": np.array([False, True]),
}
ABSENT = {"int": 99, "offset": 99, "str": "zzz", "float": 99.0, "bool": None}


def run(fn, *args, **kwargs):
    """Call ``fn``; return (result or the exception raised, distinct user warnings in order).

    Warnings are (category name, message) pairs, restricted to UserWarning and its
    subclasses (UndefinedMetricWarning): NumPy's RuntimeWarnings inside a reference
    are not part of its contract.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - compared by the caller
            result = exc
    seen = []
    for w in caught:
        # scikit-learn's DataConversionWarning (a column vector was raveled) is about input
        # conversion, not about an ill-defined metric; negedu ravels silently
        if issubclass(w.category, UserWarning) and w.category.__name__ != "DataConversionWarning":
            key = (w.category.__name__, str(w.message))
            if key not in seen:
                seen.append(key)
    return result, seen


def assert_same(ours, reference, *, exact=False):
    """Equal to 1e-12 (or bit for bit with ``exact``), NaN equal to NaN; scalars must be floats."""
    if isinstance(reference, Exception):
        assert isinstance(ours, ValueError), f"reference raised {reference!r}, we returned {ours!r}"
        return
    assert not isinstance(ours, Exception), f"we raised {ours!r}, reference returned {reference!r}"
    if isinstance(reference, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(reference)
        for o, r in zip(ours, reference):
            assert_same(o, r, exact=exact)
        return
    if reference is None:
        assert ours is None
        return
    if np.ndim(reference) == 0:
        assert type(ours) is float, f"scalar results must be Python floats, got {type(ours).__name__}"
    ours_arr = np.asarray(ours, dtype=np.float64)
    ref_arr = np.asarray(reference, dtype=np.float64)
    assert ours_arr.shape == ref_arr.shape
    if exact:
        assert np.array_equal(ours_arr, ref_arr, equal_nan=True), (ours_arr, ref_arr)
    else:
        np.testing.assert_allclose(ours_arr, ref_arr, rtol=0, atol=1e-12)


def dyadic_weights(rng, n):
    """Weights in {0, 0.5, 1, 1.5, 2} that sum to exactly n.

    imbalanced-learn counts TN with the unweighted n even when weights are given (negedu
    uses the total weight); with these weights the two conventions agree, so weighted
    inputs can still be compared with imbalanced-learn.
    """
    a = rng.integers(0, 3, n)
    return 1.0 + 0.5 * (a - rng.permutation(a))


def make_labels(seed, *, n_max=80):
    """A random (y_true, y_pred, sample_weight, kind) case of 1..n_max samples."""
    rng = np.random.default_rng(seed)
    kind = LABEL_KINDS[seed % len(LABEL_KINDS)]
    k = 2 if kind == "bool" else int(rng.choice([2, 2, 3, 4]))
    n = int(rng.integers(1, n_max))
    codes_true = rng.integers(0, k, n)
    noisy = rng.random(n) < rng.uniform(0, 0.7)
    codes_pred = np.where(noisy, rng.integers(0, k, n), codes_true)
    alphabet = ALPHABETS[kind]
    weights = None if rng.random() < 0.5 else dyadic_weights(rng, n)
    return alphabet[codes_true], alphabet[codes_pred], weights, kind


def python_label(value):
    """A label as a plain Python scalar (imbalanced-learn accepts int or str pos_label only)."""
    value = np.asarray(value).item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# ---------------------------------------------------------------------------------------
# Tests that concern the whole package
# ---------------------------------------------------------------------------------------


MODULES = ["_common", "_confusion", "_accuracy", "_precision_recall", "_sensitivity", "_curves", "_ranking", "_report"]


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples_run(module):
    mod = importlib.import_module(f"negedu.metrics.{module}")
    result = doctest.testmod(mod, raise_on_error=False, verbose=False)
    assert result.failed == 0
    if module != "_common":
        assert result.attempted > 0


def test_public_names_are_exported_and_documented():
    expected = {
        "confusion_matrix", "accuracy_score", "balanced_accuracy_score", "matthews_corrcoef",
        "precision_recall_fscore_support", "precision_score", "recall_score", "f1_score", "fbeta_score",
        "sensitivity_specificity_support", "sensitivity_score", "specificity_score",
        "false_positive_rate", "false_negative_rate", "negative_predictive_value",
        "geometric_mean_score", "imbalance_ratio", "roc_curve", "roc_auc_score",
        "precision_recall_curve", "average_precision_score", "auc",
        "classification_report_imbalanced", "UndefinedMetricWarning",
        "brier_score_loss", "calibration_curve", "calibration_bins",
    }  # fmt: skip
    assert set(negedu.metrics.__all__) == expected
    for name in expected - {"UndefinedMetricWarning"}:
        doc = getattr(negedu.metrics, name).__doc__
        for section in ("Parameters", "Returns", "Raises", "Notes", "References", "Examples"):
            assert f"\n    {section}\n    ---" in doc, (name, section)


def test_undefined_metric_warning_is_a_user_warning_named_like_sklearns():
    from sklearn.exceptions import UndefinedMetricWarning as Reference

    assert issubclass(negedu.metrics.UndefinedMetricWarning, UserWarning)
    assert negedu.metrics.UndefinedMetricWarning.__name__ == Reference.__name__


def test_importing_metrics_never_imports_sklearn_imblearn_or_scipy():
    code = (
        "import sys, negedu.metrics; "
        "bad = [m for m in ('sklearn', 'imblearn', 'scipy') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
