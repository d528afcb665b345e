"""Chapter 11, "One-vs-rest": the explorer's numbers, the exercise checks, and the chapter's claims."""

import numpy as np
import pytest

from negedu.chapters.one_vs_rest import checks as ex
from negedu.interactive import get_explorer
from negedu.chapters.one_vs_rest import explorer as ovr_data
from negedu.metrics import balanced_accuracy_score, calibration_curve
from negedu.multiclass import pairwise_votes


def _argmax_by_hand(weighting, scoring):
    """Argmax over the four models, with the sigmoid and Platt's formula written out here."""
    sets, model = ovr_data.class_sets(), ovr_data.fitted_ovr(weighting)
    scores = np.column_stack([est.coef_[0] @ sets.test.X.T + est.intercept_[0] for est in model.ovr.estimators_])
    if scoring == "raw":
        proba = 1 / (1 + np.exp(-scores))
    else:
        proba = np.column_stack([1 / (1 + np.exp(a * scores[:, c] + b)) for c, (a, b) in enumerate(model.platt)])
    return proba.argmax(axis=1)


# ------------------------------------------------------------------------------- explorer
def test_explorer_size():
    explorer = get_explorer("one-vs-rest/subproblem")
    assert len(list(explorer.states())) == 16


@pytest.mark.parametrize("weighting", ["none", "balanced"])
@pytest.mark.parametrize("scoring", ["raw", "Platt-calibrated"])
def test_explorer_numbers_match_the_formulas(weighting, scoring):
    explorer = get_explorer("one-vs-rest/subproblem")
    sets = ovr_data.class_sets()
    y_pred = _argmax_by_hand(weighting, scoring)
    n = sets.train.y.size
    for c, n_c in enumerate(ovr_data.CLASS_SIZES):
        nums = explorer.numbers(positive=f"class {c}", weighting=weighting, scoring=scoring)
        assert nums["positives (this class)"] == n_c
        assert nums["negatives (the other 3 classes)"] == n - n_c
        assert nums["imbalance ratio of the subproblem"] == pytest.approx((n - n_c) / n_c)  # IR_c = (n - n_c) / n_c
        assert nums["test accuracy (argmax over the 4 models)"] == pytest.approx(np.mean(y_pred == sets.test.y))
        assert nums["test samples predicted as this class"] == np.sum(y_pred == c)
        tp = np.sum((y_pred == c) & (sets.test.y == c))
        assert nums["recall of this class"] == pytest.approx(tp / np.sum(sets.test.y == c))


# ------------------------------------------------------------------------- chapter claims
def test_balanced_raw_scores_favour_the_rare_classes_and_platt_fixes_it():
    sets = ovr_data.class_sets()
    raw, calibrated = _argmax_by_hand("balanced", "raw"), _argmax_by_hand("balanced", "Platt-calibrated")
    assert np.sum(raw != sets.test.y) - np.sum(calibrated != sets.test.y) == 34  # "34 fewer errors"
    assert np.bincount(raw, minlength=4)[3] == 32 and np.bincount(raw, minlength=4)[2] == 88
    assert np.bincount(sets.test.y).tolist() == [600, 200, 60, 20]
    assert round(balanced_accuracy_score(sets.test.y, raw), 2) == 0.86
    assert round(balanced_accuracy_score(sets.test.y, calibrated), 2) == 0.65
    # without weights, calibration changes little
    plain_raw, plain_cal = _argmax_by_hand("none", "raw"), _argmax_by_hand("none", "Platt-calibrated")
    assert abs(np.mean(plain_raw == sets.test.y) - np.mean(plain_cal == sets.test.y)) < 0.01


def test_platt_recovers_the_log_imbalance_shift():
    model = ovr_data.fitted_ovr("balanced")
    n = sum(ovr_data.CLASS_SIZES)
    for c, (a, b) in enumerate(model.platt):
        n_c = ovr_data.CLASS_SIZES[c]
        assert b == pytest.approx(np.log((n - n_c) / n_c), abs=0.25)  # B ~ log IR_c
        assert -1.05 < a < -0.7
    assert round(np.log(280 / 600), 1) == -0.8 and round(np.log(860 / 20), 1) == 3.8


def test_reliability_claim():
    sets = ovr_data.class_sets()
    raw = ovr_data.ovr_probabilities(sets.test.X, "balanced", "raw")
    is_class = (sets.test.y[:, None] == np.arange(4)).astype(int).ravel()
    prob_true, prob_pred = calibration_curve(is_class, raw.ravel(), n_bins=10)
    near_045 = np.argmin(np.abs(prob_pred - 0.45))
    assert prob_true[near_045] == pytest.approx(0.25, abs=0.03)
    assert np.all(prob_true[1:] < prob_pred[1:])  # over-confident about the positive class


def test_ovo_costs_and_votes():
    sets = ovr_data.class_sets()
    y = sets.train.y
    rows = [np.sum((y == i) | (y == j)) for i in range(4) for j in range(i + 1, 4)]
    assert sum(rows) == 2640 and 4 * y.size == 3520
    assert max(ovr_data.CLASS_SIZES[i] / ovr_data.CLASS_SIZES[j] for i in range(4) for j in range(i + 1, 4)) == 30
    assert 10 * 9 // 2 == 45


# ------------------------------------------------------------------------------ exercises
def test_check_ovr_counts():
    assert ex.check_ovr_counts(10, 0.9)
    assert ex.check_ovr_counts(..., 0.9).status == "unanswered"
    assert "one-vs-one" in ex.check_ovr_counts(45, 0.9).message
    assert "share of positives" in ex.check_ovr_counts(10, 0.1).message
    assert "imbalance ratio" in ex.check_ovr_counts(10, 9).message
    assert ex.check_ovr_counts("ten", 0.9).status == "incorrect"


def test_check_ovo_counts():
    assert ex.check_ovo_counts(45, 200)
    assert "counts each pair twice" in ex.check_ovo_counts(90, 200).message
    assert "two classes only" in ex.check_ovo_counts(45, 1000).message
    assert ex.check_ovo_counts(45, ...).status == "unanswered"


@pytest.mark.parametrize("name", ["Ada Lovelace", "Alan Turing"])
def test_check_calibrated_accuracy(name):
    from negedu.exercises import student_seed

    seed = student_seed(name)
    raw, calibrated, leaked = ex._expected_accuracies(seed)
    assert ex.check_calibrated_accuracy(raw, calibrated, seed=seed)
    if abs(leaked - calibrated) > 1e-6:
        assert "test set" in ex.check_calibrated_accuracy(raw, leaked, seed=seed).message
    assert "calibrated accuracy" in ex.check_calibrated_accuracy(calibrated, calibrated, seed=seed).message
    assert ex.check_calibrated_accuracy(..., ..., seed=seed).status == "unanswered"
    assert ex.check_calibrated_accuracy(raw, calibrated, seed="bad").status == "error"  # never raises


def test_check_votes():
    assert ex.check_votes(pairwise_votes)
    assert ex.check_votes(lambda p, k: None).status == "unanswered"
    assert "wrong class" in ex.check_votes(lambda p, k: pairwise_votes(1 - np.asarray(p), k)).message

    def wrong_order(predictions, n_classes):
        pairs = [(i, j) for j in range(n_classes) for i in range(j)]  # (0,1), (0,2), (1,2), ... column-wise
        votes = np.zeros((len(predictions), n_classes))
        for k, (i, j) in enumerate(pairs):
            votes[:, j] += predictions[:, k] == 1
            votes[:, i] += predictions[:, k] == 0
        return votes

    assert "wrong order" in ex.check_votes(wrong_order).message
    assert ex.check_votes(lambda p, k: 1 / 0).status == "error"
    assert "shape" in ex.check_votes(lambda p, k: np.zeros(3)).message
    assert ex.check_votes("votes").status == "incorrect"


def test_masking_numbers():
    from negedu.losses import LogisticRegression
    from negedu.metrics import recall_score
    from negedu.multiclass import OneVsOneClassifier, OneVsRestClassifier

    rng = np.random.RandomState(0)
    y = np.repeat([0, 1, 2], 200)
    X = np.column_stack([3.0 * y + rng.standard_normal(600), rng.standard_normal(600)])
    middle = OneVsRestClassifier(LogisticRegression()).fit(X, y).estimators_[1]
    assert round(middle.coef_[0, 0], 2) == -0.02
    assert round(middle.predict_proba(X)[y == 1, 1].max(), 2) == 0.40
    recalls = [recall_score((y == 1).astype(int), (w(LogisticRegression()).fit(X, y).predict(X) == 1).astype(int))
               for w in (OneVsRestClassifier, OneVsOneClassifier)]
    assert [round(r, 2) for r in recalls] == [0.77, 0.86]
