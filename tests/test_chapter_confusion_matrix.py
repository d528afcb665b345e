"""Chapter 2, "The confusion matrix": its explorer, its exercise checks, and its numeric claims.

The explorer's numbers are checked against counts written out in the test; every number the
chapter states in its prose, captions and alt texts is recomputed here, so a change in
negedu or in the data that would make the text wrong fails a test.
"""

import warnings

import imblearn.metrics as imb
import numpy as np
import pytest
import sklearn.metrics as skm

from negedu.chapters.confusion_matrix import figures as confusion_matrix_figures
from negedu import plotting
from negedu.datasets import make_apples_and_oranges
from negedu.chapters.confusion_matrix import checks as ex
from negedu.exercises import student_seed
from negedu.interactive import get_explorer, registered_explorers
from negedu.chapters.confusion_matrix import explorer as gallery
from negedu.metrics import (
    confusion_matrix,
    false_negative_rate,
    false_positive_rate,
    negative_predictive_value,
    precision_score,
    recall_score,
    specificity_score,
)

NAME = "confusion-matrix/threshold"


def _cells(y, flagged):
    """TP, FN, FP, TN counted with plain NumPy (the textbook definitions)."""
    y, flagged = np.asarray(y), np.asarray(flagged, dtype=bool)
    return (int(np.sum(flagged & (y == 1))), int(np.sum(~flagged & (y == 1))),
            int(np.sum(flagged & (y == 0))), int(np.sum(~flagged & (y == 0))))


# ---------------------------------------------------------------- the explorer
def test_explorer_is_registered_and_small():
    assert NAME in registered_explorers()
    explorer = get_explorer(NAME)
    assert len(list(explorer.states())) <= 70
    assert explorer.initial == {"threshold": 0.9, "imbalance_ratio": 1000}
    assert [p.name for p in explorer.params] == ["threshold", "imbalance_ratio"]


@pytest.mark.parametrize("imbalance_ratio", gallery.IMBALANCE_RATIOS)
def test_explorer_numbers_match_the_formulas(imbalance_ratio):
    explorer = get_explorer(NAME)
    basket = make_apples_and_oranges(gallery.N_APPLES * (1 + imbalance_ratio), imbalance_ratio,
                                     random_state=gallery.SEED)
    assert int(basket.y.sum()) == gallery.N_APPLES
    for threshold in gallery.THRESHOLDS:
        nums = explorer.numbers(threshold=threshold, imbalance_ratio=imbalance_ratio)
        tp, fn, fp, tn = _cells(basket.y, basket.score >= threshold)
        assert (nums["TP (apples flagged)"], nums["FN (apples missed)"]) == (tp, fn)
        assert (nums["FP (oranges flagged)"], nums["TN (oranges passed)"]) == (fp, tn)
        assert nums["TPR = recall"] == pytest.approx(tp / (tp + fn), abs=1e-15)
        assert nums["TNR = specificity"] == pytest.approx(tn / (tn + fp), abs=1e-15)
        assert nums["FPR = 1 - TNR"] == pytest.approx(fp / (fp + tn), abs=1e-15)
        assert nums["PPV = precision"] == pytest.approx(tp / (tp + fp) if tp + fp else 0.0, abs=1e-15)
        assert nums["NPV"] == pytest.approx(tn / (tn + fn) if tn + fn else 0.0, abs=1e-15)
        assert all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in nums.values())


def test_explorer_apples_do_not_depend_on_the_imbalance():
    """The same 100 apples in every basket: the apples' row moves with the threshold only."""
    explorer = get_explorer(NAME)
    for threshold in gallery.THRESHOLDS:
        rows = {(explorer.numbers(threshold=threshold, imbalance_ratio=r)["TP (apples flagged)"],
                 explorer.numbers(threshold=threshold, imbalance_ratio=r)["FN (apples missed)"])
                for r in gallery.IMBALANCE_RATIOS}
        assert len(rows) == 1


def test_explorer_claims_of_the_chapter():
    numbers = get_explorer(NAME).numbers
    # "at tau = 0.9 it is 0.96 with one orange per apple and 0.06 with a thousand"
    assert round(numbers(threshold=0.9, imbalance_ratio=1)["PPV = precision"], 2) == 0.96
    assert round(numbers(threshold=0.9, imbalance_ratio=1000)["PPV = precision"], 2) == 0.06
    # at 100 oranges per apple the smallest threshold with detections >= false alarms is 0.95 (65 vs 62)
    caught_up = [t for t in gallery.THRESHOLDS
                 if numbers(threshold=t, imbalance_ratio=100)["TP (apples flagged)"]
                 >= numbers(threshold=t, imbalance_ratio=100)["FP (oranges flagged)"]]
    assert caught_up[0] == 0.95
    at_095 = numbers(threshold=0.95, imbalance_ratio=100)
    assert (at_095["TP (apples flagged)"], at_095["FP (oranges flagged)"], at_095["FN (apples missed)"]) == (65, 62, 35)
    # at 1,000 oranges per apple no threshold gets there; at 0.99: 42 apples, 118 oranges, 58 missed
    assert all(numbers(threshold=t, imbalance_ratio=1000)["FP (oranges flagged)"]
               > numbers(threshold=t, imbalance_ratio=1000)["TP (apples flagged)"] for t in gallery.THRESHOLDS)
    at_099 = numbers(threshold=0.99, imbalance_ratio=1000)
    assert (at_099["TP (apples flagged)"], at_099["FP (oranges flagged)"], at_099["FN (apples missed)"]) == (42, 118, 58)
    # NPV above 0.99 everywhere from 100 oranges per apple on; 0.63 at tau = 0.99 with one orange per apple
    assert all(numbers(threshold=t, imbalance_ratio=r)["NPV"] > 0.99 for t in gallery.THRESHOLDS for r in (100, 1000))
    balanced = numbers(threshold=0.99, imbalance_ratio=1)
    assert round(balanced["NPV"], 2) == 0.63
    assert (balanced["FN (apples missed)"], balanced["TN (oranges passed)"]) == (58, 100)


def test_explorer_describes_its_state():
    explorer = get_explorer(NAME)
    text = explorer.describe(explorer.initial, explorer.numbers(**explorer.initial))
    assert text.startswith("Threshold 0.90, 1000 oranges per apple: the model finds 78 of 100 apples")
    assert "false alarms outnumber detections 15.4 to 1" in text
    balanced = {"threshold": 0.9, "imbalance_ratio": 1}
    assert "96% of the alarms are apples." in explorer.describe(balanced, explorer.numbers(**balanced))


def test_explorer_draws_one_state():
    import matplotlib.pyplot as plt

    fig = get_explorer(NAME).draw(threshold=0.5, imbalance_ratio=10)
    try:
        assert len(fig.axes) == 2
        texts = " ".join(t.get_text() for t in fig.axes[1].texts)
        assert "TPR = 0.940" in texts and "PPV = 0.610" in texts
    finally:
        plt.close(fig)


# ---------------------------------------------------------------- plotting helpers of the chapter
def test_rate_styles():
    assert confusion_matrix_figures.rate_style("PPV (precision)") == confusion_matrix_figures.RATE_STYLES["PPV"]
    assert confusion_matrix_figures.rate_style("TNR (specificity)")["color"] == plotting.NEGATIVE
    assert confusion_matrix_figures.rate_style("something else")["color"] == plotting.NEUTRAL
    assert confusion_matrix_figures.rate_style("")["color"] == plotting.NEUTRAL


def test_plot_confusion_rates_writes_undefined_rates():
    import matplotlib.pyplot as plt

    fig, ax = plotting.new_figure()
    try:
        confusion_matrix_figures.plot_confusion_rates(0, 0, 10, 0, ax=ax)   # no positive at all, nothing flagged
        texts = " ".join(t.get_text() for t in ax.texts)
        assert "TPR = undefined" in texts and "PPV = undefined" in texts
        assert "TNR = 1.000" in texts and "NPV = 1.000" in texts
        ax.clear()
        confusion_matrix_figures.plot_confusion_rates(74, 1000, 99000, 26, ax=ax)
        texts = " ".join(t.get_text() for t in ax.texts)
        assert "NPV = 0.9997" in texts and "PPV = 0.069" in texts
        assert "TNR = 0.990" in texts and "TNR = 0.9900" not in texts   # exactly 0.99 keeps 3 digits
    finally:
        plt.close(fig)


def test_plot_confusion_matrix_any_size():
    import matplotlib.pyplot as plt

    fig, ax = plotting.new_figure()
    try:
        confusion_matrix_figures.plot_confusion_matrix([[2, 1, 0], [1, 4, 1], [0, 0, 0]], ["a", "b", "c"], ax=ax, title="t")
        assert len(ax.patches) == 9
        assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    finally:
        plt.close(fig)


# ---------------------------------------------------------------- numbers the chapter states
def test_four_piles():
    basket = make_apples_and_oranges(n_samples=550, imbalance_ratio=10, random_state=2)
    y_pred = (basket.score >= 0.5).astype(int)
    assert _cells(basket.y, y_pred) == (44, 6, 39, 461)
    assert confusion_matrix(basket.y, y_pred).tolist() == [[461, 39], [6, 44]]
    assert confusion_matrix(basket.y, y_pred, labels=[1, 0]).tolist() == [[44, 6], [39, 461]]
    # the rates written in the alt text and the caption of the rates figure
    assert round(recall_score(basket.y, y_pred), 3) == 0.880
    assert round(false_negative_rate(basket.y, y_pred), 3) == 0.120
    assert round(false_positive_rate(basket.y, y_pred), 3) == 0.078
    assert round(specificity_score(basket.y, y_pred), 3) == 0.922
    assert round(precision_score(basket.y, y_pred), 3) == 0.530
    assert round(negative_predictive_value(basket.y, y_pred), 3) == 0.987


def test_weights_leave_row_rates_alone_and_move_precision():
    mid = make_apples_and_oranges(n_samples=1100, imbalance_ratio=10, random_state=3)
    y_pred = (mid.score >= 0.9).astype(int)
    rows, ppv = set(), []
    for w in [1, 10, 100, 1000]:
        weight = np.where(mid.y == 0, w, 1)
        rows.add((recall_score(mid.y, y_pred, sample_weight=weight),
                  false_positive_rate(mid.y, y_pred, sample_weight=weight),
                  specificity_score(mid.y, y_pred, sample_weight=weight)))
        ppv.append(precision_score(mid.y, y_pred, sample_weight=weight))
    assert len(rows) == 1                                   # "do not move in the last digit"
    assert round(ppv[0], 2) == 0.91 and round(ppv[-1], 2) == 0.01
    assert confusion_matrix(mid.y, y_pred, sample_weight=np.where(mid.y == 0, 10, 1)).dtype.kind == "i"


def test_false_alarms_outnumber_detections_at_one_percent_fpr():
    """The syllabus's claim: 1 % FPR and 1:1000 imbalance, more false alarms than detections."""
    rare = make_apples_and_oranges(n_samples=100_100, imbalance_ratio=1000, random_state=0)
    tau = np.quantile(rare.score[rare.y == 0], 0.99)
    y_pred = (rare.score >= tau).astype(int)
    tp, fn, fp, tn = _cells(rare.y, y_pred)
    assert (tp, fn, fp, tn) == (74, 26, 1000, 99000)
    assert fp > 10 * tp                                     # "at least ten false alarms for every detection"
    assert round(fp / tp, 1) == 13.5
    tpr, fpr = recall_score(rare.y, y_pred), false_positive_rate(rare.y, y_pred)
    assert fpr == 0.01 and tpr == 0.74
    pi = rare.y.mean()
    bayes = tpr * pi / (tpr * pi + fpr * (1 - pi))
    assert bayes == pytest.approx(precision_score(rare.y, y_pred), rel=1e-12)
    assert precision_score(rare.y, y_pred) < 0.07
    assert round(tpr / fpr) == 74


def test_base_rate_figure_numbers():
    large = make_apples_and_oranges(n_samples=200_000, imbalance_ratio=1, random_state=1)
    pred = (large.score >= 0.9).astype(int)
    tpr, fpr = recall_score(large.y, pred), false_positive_rate(large.y, pred)
    assert round(tpr, 2) == 0.79 and round(1 - fpr, 2) == 0.99
    assert round(tpr / fpr) == 63

    def ppv(ir):
        pi = 1 / (1 + ir)
        return tpr * pi / (tpr * pi + fpr * (1 - pi))

    assert round(ppv(1), 2) == 0.98 and ppv(1000) < 0.06
    assert ppv(tpr / fpr) == pytest.approx(0.5)
    pi = 0.5
    assert round((1 - fpr) * (1 - pi) / ((1 - fpr) * (1 - pi) + (1 - tpr) * pi), 2) == 0.82


def test_casscells_question():
    assert round(1 * 0.001 / (1 * 0.001 + 0.05 * 0.999), 3) == 0.020


@pytest.mark.parametrize("seed", range(20))
def test_bayes_rule_and_break_even_on_random_matrices(seed):
    """PPV = TPR pi / (TPR pi + FPR (1 - pi)) exactly, and FP > TP exactly when IR > LR+."""
    rng = np.random.RandomState(seed)
    n_pos, n_neg = rng.randint(1, 50), rng.randint(1, 5000)
    y = np.r_[np.ones(n_pos, int), np.zeros(n_neg, int)]
    y_pred = (rng.rand(y.size) < np.where(y == 1, rng.rand(), rng.rand() * 0.2)).astype(int)
    tp, fn, fp, tn = _cells(y, y_pred)
    if tp == 0 or fp == 0:
        return
    tpr, fpr, pi = tp / (tp + fn), fp / (fp + tn), n_pos / y.size
    assert precision_score(y, y_pred) == pytest.approx(tpr * pi / (tpr * pi + fpr * (1 - pi)), rel=1e-12)
    tnr, fnr = 1 - fpr, 1 - tpr
    if tn + fn:
        assert negative_predictive_value(y, y_pred) == pytest.approx(
            tnr * (1 - pi) / (tnr * (1 - pi) + fnr * pi), rel=1e-12)
    assert tp / fp == pytest.approx((tpr / fpr) / (n_neg / n_pos), rel=1e-12)   # odds = LR+ / IR
    assert (fp > tp) == (n_neg / n_pos > tpr / fpr) or np.isclose(n_neg / n_pos, tpr / fpr)


def test_normalize_readings_and_empty_rows():
    basket = make_apples_and_oranges(n_samples=550, imbalance_ratio=10, random_state=2)
    y, p = basket.y, (basket.score >= 0.5).astype(int)
    rows = confusion_matrix(y, p, normalize="true")
    assert rows[0].tolist() == [specificity_score(y, p), false_positive_rate(y, p)]
    assert rows[1].tolist() == pytest.approx([false_negative_rate(y, p), recall_score(y, p)])
    cols = confusion_matrix(y, p, normalize="pred")
    assert cols[0, 0] == pytest.approx(negative_predictive_value(y, p)) and cols[1, 1] == pytest.approx(precision_score(y, p))
    assert confusion_matrix(y, p, normalize="all").sum(axis=1)[1] == pytest.approx(y.mean())
    # a listed class with no sample: a row of zeros, as in scikit-learn
    ours = confusion_matrix([0, 0, 1], [0, 1, 1], labels=[0, 1, 2], normalize="true")
    assert ours[2].tolist() == [0, 0, 0]
    assert np.array_equal(ours, skm.confusion_matrix([0, 0, 1], [0, 1, 1], labels=[0, 1, 2], normalize="true"))


def test_single_class_batch_warns_and_labels_fix_it():
    only = np.zeros(5, dtype=int)
    with pytest.warns(UserWarning, match="A single label was found"):
        assert confusion_matrix(only, only).tolist() == [[5]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert confusion_matrix(only, only, labels=[0, 1]).tolist() == [[5, 0], [0, 0]]


def test_three_fruit_table():
    fruit_true = ["apple", "orange", "orange", "pear", "orange", "apple",
                  "pear", "orange", "orange", "pear", "orange", "apple"]
    fruit_pred = ["apple", "orange", "pear", "pear", "orange", "orange",
                  "pear", "orange", "apple", "pear", "orange", "apple"]
    C = confusion_matrix(fruit_true, fruit_pred)
    assert C.tolist() == [[2, 1, 0], [1, 4, 1], [0, 0, 3]]
    labels = ["apple", "orange", "pear"]
    spec = specificity_score(fruit_true, fruit_pred, average=None, labels=labels)
    assert spec.round(3).tolist() == [0.889, 0.833, 0.889]
    assert recall_score(fruit_true, fruit_pred, average=None, labels=labels).round(3).tolist() == [0.667, 0.667, 1.0]
    assert precision_score(fruit_true, fruit_pred, average=None, labels=labels).round(3).tolist() == [0.667, 0.8, 0.75]
    # one-vs-rest TN of pear includes the apple/orange confusions
    ovr = skm.multilabel_confusion_matrix(fruit_true, fruit_pred, labels=labels)
    assert ovr[2][0, 0] == 2 + 1 + 1 + 4


def test_imblearn_weighted_specificity_quirk_stated_in_the_chapter():
    y, p, w = [0, 0, 0, 1, 1, 0], [0, 1, 0, 1, 0, 0], [1, 2, 3, 4, 5, 10]
    assert specificity_score(y, p, sample_weight=w) == 0.875
    assert skm.recall_score(y, p, pos_label=0, sample_weight=w) == 0.875
    assert imb.specificity_score(y, p, sample_weight=w) > 1   # imbalanced-learn 0.14: 1.667


# ---------------------------------------------------------------- exercise checks
def test_sklearn_specificity_hints():
    assert ex.check_sklearn_specificity(970 / 990)
    assert ex.check_sklearn_specificity(...).status == "unanswered"
    assert "negative predictive value" in ex.check_sklearn_specificity(970 / 974).message
    assert "row 0 holds the actual negatives" in ex.check_sklearn_specificity(0.6).message
    assert "false positive rate" in ex.check_sklearn_specificity(20 / 990).message
    assert "all 1,000 samples" in ex.check_sklearn_specificity(0.97).message
    assert "accuracy" in ex.check_sklearn_specificity(0.976).message


def test_screening_ppv_hints():
    assert ex.check_screening_ppv(0.0826)
    assert ex.check_screening_ppv(0.9 * 0.001 / (0.9 * 0.001 + 0.01))      # pi dropped from (1 - pi): fine
    assert "P(ill | test positive)" in ex.check_screening_ppv(0.9).message
    assert "base rate π = 0.001 is missing" in ex.check_screening_ppv(0.9 / 0.91).message
    assert "odds / (1 + odds)" in ex.check_screening_ppv(0.0009 / 0.00999).message
    assert "base rate π = 0.001 is missing" in ex.check_screening_ppv(0.99).message
    assert ex.check_screening_ppv("a lot").status == "incorrect"


@pytest.mark.parametrize("seed", [0, 1, 7, student_seed("Ada Lovelace"), student_seed("Grace Hopper")])
def test_predicted_ppv_check(seed):
    basket = ex.my_test_basket(seed)
    assert int(basket.y.sum()) == 10_000
    flagged = basket.score >= ex.TEST_THRESHOLD
    tp, fn, fp, tn = _cells(basket.y, flagged)
    tpr, fpr, pi = tp / (tp + fn), fp / (fp + tn), ex.RARE_PI
    answer = tpr * pi / (tpr * pi + fpr * (1 - pi))
    assert ex.check_predicted_ppv(answer, seed=seed)
    assert "balanced test basket" in ex.check_predicted_ppv(tp / (tp + fp), seed=seed).message
    wrong_tnr = tpr * pi / (tpr * pi + (1 - fpr) * (1 - pi))
    assert "specificity (TNR)" in ex.check_predicted_ppv(wrong_tnr, seed=seed).message
    assert "odds" in ex.check_predicted_ppv(tpr * pi / (fpr * (1 - pi)), seed=seed).message
    assert ex.check_predicted_ppv(..., seed=seed).status == "unanswered"
    # the rare basket confirms the prediction within its sampling noise
    rare = ex.my_rare_basket(seed)
    measured = precision_score(rare.y, (rare.score >= ex.TEST_THRESHOLD).astype(int))
    assert abs(measured - answer) < 0.02


def test_predicted_ppv_check_never_raises_on_a_bad_seed():
    assert ex.check_predicted_ppv(0.06, seed="Ada").status == "error"
    assert ex.check_predicted_ppv(0.06, seed=None).status in {"error", "incorrect", "correct"}


def test_pear_specificity_hints():
    assert ex.check_pear_specificity(61 / 70)
    assert "only the diagonal of the other classes" in ex.check_pear_specificity(58 / 67).message
    assert "recall of pear" in ex.check_pear_specificity(0.8).message
    assert "precision of pear" in ex.check_pear_specificity(24 / 33).message
    assert "negative predictive value" in ex.check_pear_specificity(61 / 67).message
    assert "false positive rate" in ex.check_pear_specificity(9 / 70).message


def test_confusion_matrix_cases_agree_with_scikit_learn():
    for (y_true, y_pred, labels), _ in ex._CASES:
        assert np.array_equal(confusion_matrix(y_true, y_pred, labels=labels),
                              skm.confusion_matrix(y_true, y_pred, labels=labels))


def _loop_matrix(y_true, y_pred, labels, *, order=None, drop=True):
    order = list(labels) if order is None else order
    k = len(order)
    C = np.zeros((k, k), dtype=int)
    for t, p in zip(y_true, y_pred):
        if t in order and p in order:
            C[order.index(t), order.index(p)] += 1
        elif not drop:
            C[order.index(t) if t in order else 0, order.index(p) if p in order else 0] += 1
    return C


def test_confusion_matrix_function_check_diagnoses_common_slips():
    check = ex.check_confusion_matrix_function
    assert check(lambda t, p, labels: confusion_matrix(t, p, labels=labels))
    assert check(lambda t, p, labels: _loop_matrix(t, p, labels).tolist())          # a list of rows is fine
    assert "transposed" in check(lambda t, p, labels: _loop_matrix(t, p, labels).T).message
    assert "sorted order" in check(lambda t, p, labels: _loop_matrix(t, p, labels, order=sorted(labels))).message
    assert "not in `labels`" in check(lambda t, p, labels: _loop_matrix(t, p, labels, drop=False)).message
    assert "shape" in check(lambda t, p, labels: np.zeros((1, 1))).message
    assert "return a 2-D array" in check(lambda t, p, labels: 3).message
    assert check(lambda t, p, labels: None).status == "unanswered"
    assert check(lambda t, p, labels: 1 / 0).status == "error"
    assert check("my_confusion_matrix").status == "incorrect"
