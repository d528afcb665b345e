"""classification_report_imbalanced: byte-identical text and equal dict vs imbalanced-learn.

Layers: (a) ``ours`` vs ``reference`` (imbalanced-learn 0.14.2) on seeded random labels,
text compared byte for byte, dict to 1e-12, warnings word for word; (b) each column
recomputed here from TP/FP/FN/TN; (c) invariants. Then errors and deliberate
differences.
"""

import warnings

import imblearn.metrics as imm
import numpy as np
import pytest

import negedu.metrics as nm
from test_metrics_common import make_labels, run

SEEDS = range(24)
KEYS = ("pre", "rec", "spe", "f1", "geo", "iba", "sup")


def report_kwargs(seed, y_true, y_pred):
    """One combination of the report's options per seed."""
    present = np.union1d(y_true, y_pred)
    labels = (None, present[::-1], present[:1] if present.size > 1 else None)[seed % 3]
    shown = present if labels is None else labels
    names = None if seed % 2 else [f"class {value}" if seed % 4 == 1 else f"c{i}" for i, value in enumerate(shown)]
    return dict(
        labels=labels,
        target_names=names,
        digits=(2, 0, 4, 12)[seed % 4],
        alpha=(0.1, 0.5, -0.3)[seed % 3],
        zero_division=("warn", 0, 1)[(seed // 3) % 3],
    )


def assert_same_dict(ours, reference):
    assert list(ours) == list(reference)
    for key, value in reference.items():
        if isinstance(value, dict):
            assert list(ours[key]) == list(value)
            np.testing.assert_allclose([ours[key][k] for k in KEYS], [value[k] for k in KEYS], rtol=0, atol=1e-12)
        else:
            np.testing.assert_allclose(ours[key], value, rtol=0, atol=1e-12)
            assert type(ours[key]) in (float, int)


@pytest.mark.parametrize("seed", SEEDS)
def test_report_matches_imblearn_byte_for_byte(seed):
    y_true, y_pred, weights, _ = make_labels(seed)  # weights sum to n (see dyadic_weights)
    kwargs = report_kwargs(seed, y_true, y_pred)
    if kwargs["labels"] is not None and not np.isin(kwargs["labels"], y_true).any():
        return  # no support at all: a deliberate difference, pinned below
    for w in (None, weights):
        ours, ours_warnings = run(nm.classification_report_imbalanced, y_true, y_pred, sample_weight=w, **kwargs)
        reference, reference_warnings = run(imm.classification_report_imbalanced, y_true, y_pred, sample_weight=w, **kwargs)
        assert ours == reference
        assert ours_warnings == reference_warnings
        ours = nm.classification_report_imbalanced(y_true, y_pred, sample_weight=w, output_dict=True, **kwargs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reference = imm.classification_report_imbalanced(y_true, y_pred, sample_weight=w, output_dict=True, **kwargs)
        assert_same_dict(ours, reference)


def test_report_edge_cases_match_imblearn():
    cases = [
        ([1], [1]),  # a single sample
        ([0, 0, 0], [0, 1, 1]),  # one class only in y_true
        ([0, 1, 2, 2], [0, 0, 0, 0]),  # labels absent from y_pred
        ([0, 0, 1, 1], [1, 1, 0, 0]),  # nothing right: the support prints as floats
        (["no", "yes", "maybe", "yes"], ["no", "yes", "no", "no"]),  # strings
    ]
    for y_true, y_pred in cases:
        ours, ours_warnings = run(nm.classification_report_imbalanced, y_true, y_pred)
        reference, reference_warnings = run(imm.classification_report_imbalanced, y_true, y_pred)
        assert ours == reference
        assert ours_warnings == reference_warnings


def test_columns_are_the_per_class_formulas():
    rng = np.random.default_rng(3)
    y_true = rng.integers(0, 3, 200)
    y_pred = np.where(rng.random(200) < 0.6, y_true, rng.integers(0, 3, 200))
    alpha = 0.25
    report = nm.classification_report_imbalanced(y_true, y_pred, alpha=alpha, output_dict=True)
    supports = []
    for label in range(3):
        tp = np.sum((y_true == label) & (y_pred == label))
        fp = np.sum((y_true != label) & (y_pred == label))
        fn = np.sum((y_true == label) & (y_pred != label))
        tn = np.sum((y_true != label) & (y_pred != label))
        tpr, tnr, ppv = tp / (tp + fn), tn / (tn + fp), tp / (tp + fp)
        row = report[str(label)]
        expected = {
            "pre": ppv,
            "rec": tpr,
            "spe": tnr,
            "f1": 2 * ppv * tpr / (ppv + tpr),
            "geo": np.sqrt(tpr * tnr),
            "iba": (1 + alpha * (tpr - tnr)) * tpr * tnr,  # García et al. with the squared G-mean
        }
        for key, value in expected.items():
            np.testing.assert_allclose(row[key], value, rtol=0, atol=1e-12, err_msg=key)
        assert row["sup"] == tp + fn
        supports.append(tp + fn)
    assert report["total_support"] == 200 == sum(supports)
    for key in ("pre", "rec", "spe", "f1", "geo", "iba"):
        column = [report[str(label)][key] for label in range(3)]
        np.testing.assert_allclose(report[f"avg_{key}"], np.average(column, weights=supports), rtol=0, atol=1e-12)


def test_report_does_not_depend_on_sample_order_and_follows_renaming():
    rng = np.random.default_rng(5)
    y_true = rng.integers(0, 3, 100)
    y_pred = np.where(rng.random(100) < 0.5, y_true, rng.integers(0, 3, 100))
    order = rng.permutation(100)
    text = nm.classification_report_imbalanced(y_true, y_pred, digits=6)
    assert nm.classification_report_imbalanced(y_true[order], y_pred[order], digits=6) == text
    names = np.array(["ant", "bee", "cat"])  # sorted like 0, 1, 2
    renamed = nm.classification_report_imbalanced(names[y_true], names[y_pred], digits=6)
    assert renamed == nm.classification_report_imbalanced(y_true, y_pred, digits=6, target_names=list(names))


def test_report_errors():
    y_true, y_pred = [0, 1, 1], [0, 1, 0]
    with pytest.raises(ValueError, match=r"digits must be an integer >= 0 \(decimals shown\); got -1"):
        nm.classification_report_imbalanced(y_true, y_pred, digits=-1)
    with pytest.raises(ValueError, match=r"alpha must be a real number .*; got 'big'"):
        nm.classification_report_imbalanced(y_true, y_pred, alpha="big")
    with pytest.raises(ValueError, match=r"zero_division must be 'warn', 0 or 1; got 0.5"):
        nm.classification_report_imbalanced(y_true, y_pred, zero_division=0.5)
    with pytest.raises(ValueError, match=r"target_names has 1 names for 2 classes \[0, 1\]. Give one name per class."):
        nm.classification_report_imbalanced(y_true, y_pred, target_names=["only"])
    with pytest.raises(ValueError, match=r"none of the classes \[5\] occurs in y_true"):
        nm.classification_report_imbalanced(y_true, y_pred, labels=[5])
    with pytest.raises(ValueError, match=r"the samples of the classes \[1\] all have weight 0"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # recall and F1 of class 1 are 0/0 first
            nm.classification_report_imbalanced(y_true, y_pred, labels=[1], sample_weight=[1.0, 0.0, 0.0])
    with pytest.raises(ValueError, match=r"labels=\[0, 0\] has repeated entries"):
        nm.classification_report_imbalanced(y_true, y_pred, labels=[0, 0])


def test_differences_from_imblearn():
    y_true, y_pred = [0, 1, 1], [0, 1, 0]
    with pytest.raises(IndexError):
        imm.classification_report_imbalanced(y_true, y_pred, target_names=["only"])
    with pytest.raises(ZeroDivisionError):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            imm.classification_report_imbalanced(y_true, y_pred, labels=[5])
    # with weights, specificity uses the total weight (imbalanced-learn: the sample count)
    y_true, y_pred, w = [0, 0, 1, 1], [0, 1, 1, 1], [2.0, 2.0, 2.0, 2.0]
    ours = nm.classification_report_imbalanced(y_true, y_pred, sample_weight=w, output_dict=True)
    assert ours["1"]["spe"] == 0.5 == nm.classification_report_imbalanced(y_true, y_pred, output_dict=True)["1"]["spe"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = imm.classification_report_imbalanced(y_true, y_pred, sample_weight=w, output_dict=True)
    assert reference["1"]["spe"] != 0.5
    # the dict holds Python numbers
    assert type(ours["1"]["pre"]) is float and type(ours["total_support"]) is float
    assert type(nm.classification_report_imbalanced([0, 1], [0, 1], output_dict=True)["total_support"]) is int
