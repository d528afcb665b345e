"""Checks for the exercises of Chapter 4, "Imbalance and the accuracy paradox".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises.
"""

import math

import numpy as np

from negedu.datasets import make_apples_and_oranges
from negedu.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    f1_score,
    geometric_mean_score,
    matthews_corrcoef,
    precision_score,
    recall_score,
    specificity_score,
)
from negedu.exercises import Feedback, Mistake, check_function, check_number, describe, is_unanswered

from .explorer import five_metrics

__all__ = [
    "METRIC_NAMES",
    "THRESHOLD_GRID",
    "my_basket",
    "check_screening",
    "check_which_change",
    "check_basket_scores",
    "check_best_thresholds",
    "check_mcc",
    "check_gmean",
]

#: The five metrics of the chapter, as exercise 2 names them.
METRIC_NAMES = ("accuracy", "F1", "MCC", "balanced accuracy", "G-mean")
#: The thresholds exercise 4 searches, 0.05, 0.10, ..., 0.95.
THRESHOLD_GRID = [round(0.05 * i, 2) for i in range(1, 20)]

_CHAPTER = "imbalance-metrics"


# ---------------------------------------------------------------- exercise 1
def check_screening(screening_ir, healthy_accuracy):
    """Exercise 1: IR and the accuracy of "everybody healthy" at a positive rate of 0.4 %."""
    where = f"{_CHAPTER} 1"
    if is_unanswered(screening_ir) or is_unanswered(healthy_accuracy):
        return Feedback("unanswered", "set both screening_ir and healthy_accuracy, then run the check again.",
                        exercise=where)
    pi = 0.004
    first = check_number(
        screening_ir, (1 - pi) / pi, exercise=where,
        mistakes=[
            Mistake(1 / pi, "That is n / n_positive: the 250 people per sick person include the sick one. "
                            "IR counts negatives per positive, (1 - π) / π."),
            Mistake(pi / (1 - pi), "That is positives per negative. IR puts the majority on top: (1 - π) / π."),
            Mistake(pi, "That is the positive rate π itself; IR = (1 - π) / π."),
            Mistake(1 - pi, "That is the share of healthy people; IR divides it by the share of sick ones."),
            Mistake(0.996 / 0.4, "Use the rate as a fraction, π = 0.004, not as a percentage."),
        ],
    )
    if not first:
        return first
    return check_number(
        healthy_accuracy, 1 - pi, exercise=where,
        mistakes=[
            Mistake(pi, "That is the share of sick people. The lazy test is right about everyone who is healthy."),
            Mistake(0, "The test finds no sick person, but it is right about every healthy one: count those."),
            Mistake(1, "Almost: it is wrong about the 0.4 % who are sick."),
            Mistake(99.6, "Give the accuracy as a fraction between 0 and 1, not a percentage."),
        ],
        explain="IR = 0.996 / 0.004 = 249, and 'everybody healthy' is 99.6 % accurate while finding nobody.",
    )


# ---------------------------------------------------------------- exercise 2
_ALIASES = {
    "accuracy": "accuracy", "acc": "accuracy",
    "f1": "F1", "f1 score": "F1", "f1-score": "F1", "f": "F1",
    "mcc": "MCC", "matthews": "MCC", "matthews correlation coefficient": "MCC",
    "balanced accuracy": "balanced accuracy", "balanced_accuracy": "balanced accuracy", "ba": "balanced accuracy",
    "balanced-accuracy": "balanced accuracy",
    "g-mean": "G-mean", "gmean": "G-mean", "g mean": "G-mean", "g_mean": "G-mean", "geometric mean": "G-mean",
}

_BEFORE = dict(tp=40, fn=10, fp=20, tn=930)
_ALICE = dict(tp=40, fn=10, fp=20, tn=9930)
_BOB = dict(tp=40, fn=10, fp=200, tn=9300)


def _labels(tp, fn, fp, tn):
    return np.repeat([1, 1, 0, 0], [tp, fn, fp, tn]), np.repeat([1, 0, 1, 0], [tp, fn, fp, tn])


def _five(counts):
    return five_metrics(*_labels(**counts))


def _changed(after):
    before, now = _five(_BEFORE), _five(after)
    return {name for name in METRIC_NAMES if abs(before[name] - now[name]) > 1e-12}


def _as_names(answer):
    """(set of canonical names, None) or (None, problem) for an answer such as {"F1", "mcc"}."""
    if isinstance(answer, str):
        answer = [answer]
    try:
        items = list(answer)
    except TypeError:
        return None, f"give a set of metric names such as {{'accuracy', 'F1'}}, got {describe(answer)}."
    names = set()
    for item in items:
        if item is Ellipsis:
            return None, "unanswered"
        key = str(item).strip().lower()
        if key not in _ALIASES:
            return None, f"{describe(item)} is not one of the five metrics; use names from {', '.join(METRIC_NAMES)}."
        names.add(_ALIASES[key])
    return names, None


_HINTS_ALICE = {
    ("F1", "extra"): "F1 = 2TP / (2TP + FP + FN) has no TN in it, and Alice only added true negatives: F1 stays put.",
    ("balanced accuracy", "missing"): "Balanced accuracy does not depend on the class shares, but it does depend on "
    "TNR, and Alice's correct negatives raise TNR from 930/950 to 9,930/9,950.",
    ("G-mean", "missing"): "The G-mean is sqrt(TPR * TNR), and Alice's correct negatives raise TNR from 930/950 "
    "to 9,930/9,950.",
    ("accuracy", "missing"): "Accuracy = (TP + TN) / n: Alice adds 9,000 correct predictions, so it rises.",
    ("MCC", "missing"): "MCC uses all four cells, TN included: TP*TN grows while FP*FN does not.",
}
_HINTS_BOB = {
    ("balanced accuracy", "extra"): "Bob keeps TPR = 40/50 and TNR = 930/950 = 9,300/9,500, and balanced accuracy "
    "depends only on these two rates.",
    ("G-mean", "extra"): "Bob keeps TPR = 40/50 and TNR = 930/950 = 9,300/9,500, and the G-mean depends only on "
    "these two rates.",
    ("F1", "missing"): "Bob's false alarms grow from 20 to 200, and F1 counts every false alarm.",
    ("accuracy", "missing"): "Accuracy = π·TPR + (1 - π)·TNR, and Bob changes π (from 5 % to about 0.5 %).",
    ("MCC", "missing"): "MCC depends on the base rate: with ten times the negatives, the 200 false alarms "
    "outnumber the 40 true ones.",
}


def _compare(answer, expected, hints, who, where):
    names, problem = _as_names(answer)
    if problem == "unanswered":
        return Feedback("unanswered", f"replace ... in changed_by_{who} with metric names.", exercise=where)
    if problem:
        return Feedback("incorrect", problem, exercise=where)
    if names == expected:
        return None
    for name in METRIC_NAMES:
        if name in names and name not in expected:
            return Feedback("incorrect", f"for {who.capitalize()}: {hints[(name, 'extra')]}", exercise=where)
        if name in expected and name not in names:
            return Feedback("incorrect", f"for {who.capitalize()}: {hints[(name, 'missing')]}", exercise=where)
    return Feedback("incorrect", f"for {who.capitalize()}: compute the five metrics before and after.", exercise=where)


def check_which_change(changed_by_alice, changed_by_bob):
    """Exercise 2: which metrics change when easy negatives (Alice) or more of the same (Bob) are added."""
    where = f"{_CHAPTER} 2"
    for who, answer, expected, hints in (("alice", changed_by_alice, _changed(_ALICE), _HINTS_ALICE),
                                         ("bob", changed_by_bob, _changed(_BOB), _HINTS_BOB)):
        verdict = _compare(answer, expected, hints, who, where)
        if verdict is not None:
            return verdict
    return Feedback(
        "correct",
        "only F1 ignores Alice's true negatives, and only balanced accuracy and the G-mean ignore Bob's change "
        "of base rate: they depend on TPR and TNR alone.",
        exercise=where,
    )


# ---------------------------------------------------------------- exercises 3 and 4
def my_basket(seed):
    """The basket of exercises 3 to 6 for a student's seed (100 apples and 4,900 oranges)."""
    return make_apples_and_oranges(n_samples=5000, imbalance_ratio=49, random_state=seed)


def _predictions(seed, threshold):
    basket = my_basket(seed)
    return basket.y, (basket.score >= threshold).astype(int)


def check_basket_scores(mcc, gmean, *, seed):
    """Exercise 3: MCC and G-mean of the student's basket at tau = 0.5."""
    where = f"{_CHAPTER} 3"
    if is_unanswered(mcc) or is_unanswered(gmean):
        return Feedback("unanswered", "set both my_mcc_value and my_gmean_value, then run the check again.",
                        exercise=where)
    y, pred = _predictions(seed, 0.5)
    tpr, tnr, ppv = recall_score(y, pred), specificity_score(y, pred), precision_score(y, pred, zero_division=0)
    expected_mcc, expected_g = matthews_corrcoef(y, pred), geometric_mean_score(y, pred)
    ba, f1, acc = balanced_accuracy_score(y, pred), f1_score(y, pred), accuracy_score(y, pred)
    strict = (my_basket(seed).score > 0.5).astype(int)
    first = check_number(
        mcc, expected_mcc, exercise=where, tol=1e-6,
        mistakes=[
            Mistake(expected_g, "That is the G-mean; the two answers are swapped."),
            Mistake(f1, "That is F1. MCC is matthews_corrcoef(y, y_pred)."),
            Mistake(acc, "That is the accuracy. MCC is matthews_corrcoef(y, y_pred)."),
            Mistake(ba, "That is balanced accuracy. MCC is matthews_corrcoef(y, y_pred)."),
            Mistake(-expected_mcc, "The sign is flipped: pass y_true first and predict 1 when s >= 0.5."),
            Mistake(expected_mcc**2, "That is MCC squared: the denominator of MCC is a square root."),
            Mistake(matthews_corrcoef(y, strict), "Use s >= 0.5: the book predicts positive when s >= tau."),
        ],
    )
    if not first:
        return first
    return check_number(
        gmean, expected_g, exercise=where, tol=1e-6,
        mistakes=[
            Mistake(tpr * tnr, "That is TPR * TNR; the G-mean is its square root."),
            Mistake(ba, "That is balanced accuracy, the arithmetic mean (TPR + TNR) / 2; the G-mean is the "
                        "geometric mean sqrt(TPR * TNR)."),
            Mistake(math.sqrt(tpr * ppv), "That is sqrt(precision * recall). The G-mean multiplies the recalls "
                                          "of the two classes: TPR and TNR."),
            Mistake(acc, "That is the accuracy. The G-mean is geometric_mean_score(y, y_pred)."),
            Mistake(geometric_mean_score(y, strict), "Use s >= 0.5: the book predicts positive when s >= tau."),
        ],
        explain=f"MCC {expected_mcc:.3f} and G-mean {expected_g:.3f}: the G-mean only sees the two recalls "
        f"({tpr:.2f} and {tnr:.3f}), MCC also sees that most alarms are false (precision {ppv:.2f}).",
    )


def _best(metric, seed):
    values = [metric(*_predictions(seed, t)) for t in THRESHOLD_GRID]
    best = int(np.argmax(values))
    ties = [t for t, v in zip(THRESHOLD_GRID, values) if v == values[best]]
    return THRESHOLD_GRID[best], ties


def check_best_thresholds(best_f1_threshold, best_ba_threshold, *, seed):
    """Exercise 4: the grid thresholds that maximise F1 and balanced accuracy on the student's basket."""
    where = f"{_CHAPTER} 4"
    if is_unanswered(best_f1_threshold) or is_unanswered(best_ba_threshold):
        return Feedback("unanswered", "set both best_f1_threshold and best_ba_threshold, then run the check again.",
                        exercise=where)
    f1_t, f1_ties = _best(f1_score, seed)
    ba_t, ba_ties = _best(balanced_accuracy_score, seed)
    acc_t, _ = _best(accuracy_score, seed)
    g_t, _ = _best(geometric_mean_score, seed)
    swapped = "The two answers are swapped: balanced accuracy favours the lower threshold (more apples found)."

    def mistakes(other, ties, others):
        out = [Mistake(t, "Several thresholds tie for the best score; take the smallest one.")
               for t in ties if t != ties[0]]
        if other not in ties:
            out.append(Mistake(other, swapped))
        out += [Mistake(value, hint) for value, hint in others if value not in ties and value != other]
        return out

    first = check_number(
        best_f1_threshold, f1_t, exercise=where, tol=1e-9,
        mistakes=mistakes(ba_t, f1_ties, [(acc_t, "That threshold maximises accuracy; score each threshold with "
                                                  "f1_score instead.")]),
    )
    if not first:
        return first
    y, at_f1 = _predictions(seed, f1_t)
    _, at_ba = _predictions(seed, ba_t)
    found_f1, found_ba = int(np.sum(at_f1[y == 1])), int(np.sum(at_ba[y == 1]))
    alarms_f1, alarms_ba = int(np.sum(at_f1[y == 0])), int(np.sum(at_ba[y == 0]))
    return check_number(
        best_ba_threshold, ba_t, exercise=where, tol=1e-9,
        mistakes=mistakes(f1_t, ba_ties, [(g_t, "That threshold maximises the G-mean; score each threshold with "
                                                "balanced_accuracy_score instead."),
                                          (acc_t, "That threshold maximises accuracy; score each threshold with "
                                                  "balanced_accuracy_score instead.")]),
        explain=f"F1 picks τ = {f1_t:.2f} ({found_f1} apples, {alarms_f1} false alarms); balanced accuracy picks "
        f"τ = {ba_t:.2f} ({found_ba} apples, {alarms_ba} false alarms).",
    )


# ---------------------------------------------------------------- exercise 5
_MCC_CASES = [
    (([0, 0, 0, 1, 1], [0, 1, 0, 1, 0]), 1 / 6, "y_true=[0,0,0,1,1], y_pred=[0,1,0,1,0]"),
    ((np.array([0, 0, 0, 0, 1, 1, 1]), np.array([0, 0, 1, 1, 1, 0, 1])), 1 / 6, "a 7-sample NumPy example"),
    (([0, 1, 0, 1], [0, 1, 0, 1]), 1.0, "perfect predictions"),
    (([0, 1, 0, 1], [1, 0, 1, 0]), -1.0, "predictions that are always wrong"),
    (([0, 0, 0, 1], [0, 0, 0, 0]), 0.0, "'always negative' (the denominator is 0)"),
    (([0, 0, 0, 0], [0, 1, 0, 0]), 0.0, "a sample without any positive (the denominator is 0)"),
    (([0, 1, 0, 1, 0, 1, 0, 0, 0, 0], [1, 1, 0, 0, 0, 1, 0, 0, 0, 1]), 0.356348322549899,
     "ten samples with three positives"),
]


def _cells(args):
    y_true, y_pred = (np.asarray(a) for a in args)
    return (float(np.sum((y_true == 1) & (y_pred == 1))), float(np.sum((y_true == 0) & (y_pred == 1))),
            float(np.sum((y_true == 1) & (y_pred == 0))), float(np.sum((y_true == 0) & (y_pred == 0))))


def _known_slip(got, known):
    """The hint of the first ``(value, hint)`` in ``known`` whose value ``got`` equals (None values never match)."""
    for value, hint in known:
        if value is not None and abs(got - value) < 1e-9:
            return hint
    return None


def _diagnose_mcc(args, got, expected):
    if math.isnan(got):
        return "Your function returned nan: when a row or a column of the confusion matrix is empty the denominator " \
               "is 0, and MCC is 0.0 by convention. Test the denominator before dividing."
    tp, fp, fn, tn = _cells(args)
    product = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
    known = [
        (-expected, "The sign is flipped: the numerator is TP*TN - FP*FN."),
        ((tp * tn - fp * fn) / product if product else None, "Take the square root of the product of the four margins."),
        (2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None, "That is F1. MCC is (TP*TN - FP*FN) / sqrt(...)."),
        ((tp + tn) / (tp + fp + fn + tn), "That is the accuracy. MCC is (TP*TN - FP*FN) / sqrt(...)."),
        (expected**2, "That is MCC squared: take the square root of the whole denominator only."),
    ]
    return _known_slip(got, known) or "Count TP, FP, FN and TN, then return (TP*TN - FP*FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN))."


def check_mcc(function):
    """Exercise 5: a hand-written binary MCC, checked on seven cases including the undefined ones."""
    return check_function(
        function, _MCC_CASES, exercise=f"{_CHAPTER} 5", diagnose=_diagnose_mcc,
        explain="your MCC agrees with negedu.metrics.matthews_corrcoef on every case, the undefined ones included.",
    )


# ---------------------------------------------------------------- exercise 6
_PARTS_TRUE = [0] * 90 + [1] * 8 + [2] * 2
_PARTS_PRED = [0] * 88 + [1] * 2 + [0] * 2 + [1] * 6 + [0, 1]   # recalls 88/90, 6/8 and 0/2
_GMEAN_CASES = [
    (([0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 1, 0], 0.0), math.sqrt(0.75 * 0.5), "a binary example (TPR 1/2, TNR 3/4)"),
    (([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2], 0.0), 0.5 ** (1 / 3), "three classes with recalls 1, 1/2 and 1"),
    ((_PARTS_TRUE, _PARTS_PRED, 0.0), 0.0, "the chapter's parts, whose dents are never found"),
    ((_PARTS_TRUE, _PARTS_PRED, 0.01), (88 / 90 * 6 / 8 * 0.01) ** (1 / 3),
     "the chapter's parts with correction=0.01"),
    (([0, 0, 1, 1], [0, 0, 1, 2], 0.0), 0.0, "class 2 predicted but absent from y_true (its recall counts as 0)"),
    (([0, 1, 2, 0, 1, 2], [0, 1, 2, 0, 1, 2], 0.0), 1.0, "perfect predictions"),
]


def _diagnose_gmean(args, got, expected):
    y_true, y_pred, correction = np.asarray(args[0]), np.asarray(args[1]), args[2]
    present = np.unique(y_true)
    recalls = np.array([np.mean(y_pred[y_true == k] == k) for k in present])
    recalls_corrected = np.where(recalls == 0, correction, recalls)
    known = [
        (float(np.mean(recalls)), "That is the arithmetic mean of the recalls (balanced accuracy); take the "
                                  "geometric mean, the K-th root of their product."),
        (float(np.prod(recalls_corrected)), "That is the product of the recalls; take its K-th root."),
        (float(np.prod(recalls_corrected) ** (1 / len(present))) if expected == 0 else None,
         "Include every class present in y_true or y_pred: a class that is predicted but never true has recall 0."),
        (0.0 if correction > 0 else None, "Replace the recalls equal to 0 by correction before taking the mean."),
    ]
    return _known_slip(got, known) or "Compute each class's recall, replace zeros by correction, then return (product) ** (1 / K)."


def check_gmean(function):
    """Exercise 6: a hand-written multiclass G-mean with correction, checked on six cases."""
    return check_function(
        function, _GMEAN_CASES, exercise=f"{_CHAPTER} 6", diagnose=_diagnose_gmean,
        explain="your G-mean agrees with negedu.metrics.geometric_mean_score (and imbalanced-learn) on every case.",
    )
