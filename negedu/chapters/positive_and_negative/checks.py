"""Checks for the exercises of Chapter 1, "Positive and negative".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises.
"""

import numpy as np

from negedu.datasets import make_apples_and_oranges
from negedu.metrics import confusion_matrix
from negedu.exercises import Feedback, Mistake, check_function, check_number, is_unanswered

__all__ = [
    "check_lazy_accuracy",
    "check_flipped_recall",
    "my_basket",
    "check_false_alarms",
    "check_half_real_threshold",
    "check_specificity",
    "THRESHOLD_GRID",
]

#: The thresholds exercise 4 searches, 0.05, 0.10, ..., 0.95.
THRESHOLD_GRID = [round(0.05 * i, 2) for i in range(1, 20)]


def check_lazy_accuracy(answer):
    """Exercise 1: accuracy of "always orange" on 1,000 oranges and 1 apple."""
    return check_number(
        answer,
        1000 / 1001,
        exercise="positive-and-negative 1",
        mistakes=[
            Mistake(1 / 1001, "That is the share of apples. Accuracy counts every correct prediction, and the lazy model is right about every orange."),
            Mistake(0, "The lazy model never finds the apple, but it is right about all 1,000 oranges: count those as correct."),
            Mistake(1, "Almost: the model is wrong about exactly one fruit, the apple."),
            Mistake(1000, "That is the number of correct predictions; divide by the number of fruit, 1,001."),
        ],
        explain="1000/1001 ≈ 0.999: 99.9 % accuracy while finding no apple at all.",
    )


def check_flipped_recall(answer):
    """Exercise 2: recall reported with oranges as the positive class (TP=8, FN=2, FP=30, TN=960)."""
    return check_number(
        answer,
        960 / 990,
        exercise="positive-and-negative 2",
        mistakes=[
            Mistake(8 / 10, "That is the recall of apples. With oranges as positive, your TN (960) becomes the colleague's TP."),
            Mistake(960 / 1000, "The denominator is every actual orange, TN + FP = 960 + 30 = 990, not all 1,000 fruit."),
            Mistake(960 / 962, "TN / (TN + FN) is the negative predictive value (precision of the orange class), not its recall."),
            Mistake(8 / 38, "That is the precision of apples. Recall of oranges is TN / (TN + FP)."),
            Mistake(30 / 990, "That is the false positive rate of apples; recall of oranges is its complement."),
        ],
        explain="960/990 ≈ 0.970: the colleague's recall is your specificity.",
    )


def my_basket(seed):
    """The basket of exercises 3 and 4 for a student's seed (65 apples and 1,950 oranges)."""
    return make_apples_and_oranges(n_samples=2015, imbalance_ratio=30, random_state=seed)


def _counts(seed, threshold):
    basket = my_basket(seed)
    (tn, fp), (fn, tp) = confusion_matrix(basket.y, (basket.score >= threshold).astype(int), labels=[0, 1])
    return int(tn), int(fp), int(fn), int(tp)


def check_false_alarms(false_alarms, false_share, *, seed):
    """Exercise 3: the false alarms at tau = 0.7 in the student's own basket, and their share."""
    if is_unanswered(false_alarms) or is_unanswered(false_share):
        return Feedback("unanswered", "set both false_alarms and false_share, then run the check again.",
                        exercise="positive-and-negative 3")
    tn, fp, fn, tp = _counts(seed, 0.7)
    first = check_number(
        false_alarms, fp, exercise="positive-and-negative 3", tol=0,
        mistakes=[Mistake(tp, "That is the number of apples flagged (TP). False alarms are oranges with score >= 0.7."),
                  Mistake(tp + fp, "That is every alarm; keep only the oranges among them."),
                  Mistake(fn, "That counts the apples the model missed (FN)."),
                  Mistake(int((my_basket(seed).score > 0.7).sum()) - tp, "Use score >= 0.7: the book predicts positive when s >= tau.")],
    )
    if not first:
        return first
    share = fp / (tp + fp) if tp + fp else 0.0
    return check_number(
        false_share, share, exercise="positive-and-negative 3",
        mistakes=[Mistake(fp / (fp + tn), "That is FP / (FP + TN), the false positive rate. The share of alarms divides by all alarms, TP + FP."),
                  Mistake(fp / len(my_basket(seed).y), "Divide by the number of alarms (TP + FP), not by all fruit.")],
        explain=f"{fp} false alarms against {tp} apples found: {share:.0%} of the alarms are false, although only "
        f"{fp / (fp + tn):.1%} of the oranges were flagged.",
    )


def check_half_real_threshold(answer, *, seed):
    """Exercise 4: the smallest grid threshold at which at least half of the alarms are apples."""
    if is_unanswered(answer):
        return Feedback("unanswered", "replace ... with a threshold from the grid.", exercise="positive-and-negative 4")
    good = []
    for tau in THRESHOLD_GRID:
        tn, fp, fn, tp = _counts(seed, tau)
        if tp + fp and tp / (tp + fp) >= 0.5:
            good.append(tau)
    if not good:  # cannot happen for seeds we checked, but a check must never raise
        return Feedback("correct" if isinstance(answer, str) and answer == "none" else "incorrect",
                        "no threshold on the grid reaches half real alarms for this basket; answer 'none'.",
                        exercise="positive-and-negative 4")
    expected = good[0]
    larger = [t for t in good if t > expected]
    return check_number(
        answer, expected, exercise="positive-and-negative 4", tol=1e-9,
        mistakes=[Mistake(t, "At that threshold half of the alarms are real, but a smaller threshold also works: "
                          "the question asks for the smallest one (it finds more apples).") for t in larger],
        explain=f"τ = {expected:.2f}: below it, false alarms outnumber the apples found.",
    )


_CASES = [
    (([0, 0, 0, 1, 1], [0, 1, 0, 1, 0]), 2 / 3, "y_true=[0,0,0,1,1], y_pred=[0,1,0,1,0]"),
    ((np.array([0, 0, 0, 0, 1, 1, 1]), np.array([0, 0, 1, 1, 1, 0, 1])), 0.5, "a 7-sample NumPy example"),
    (([0, 0, 0, 0], [0, 0, 0, 0]), 1.0, "four negatives, all predicted negative"),
    (([1, 0, 1, 0, 0, 0], [1, 1, 1, 1, 0, 0]), 0.5, "six samples with two positives"),
    (([0, 1, 0, 1, 0, 1, 0, 0, 0, 0], [1, 1, 0, 0, 0, 1, 0, 0, 0, 1]), 5 / 7, "ten samples with three positives"),
]


def _diagnose_specificity(args, got, expected):
    y_true, y_pred = (np.asarray(a) for a in args)
    tn = np.sum((y_true == 0) & (y_pred == 0))
    fp = np.sum((y_true == 0) & (y_pred == 1))
    fn = np.sum((y_true == 1) & (y_pred == 0))
    tp = np.sum((y_true == 1) & (y_pred == 1))
    known = [
        (tn / len(y_true), "You divided by all samples; the denominator is TN + FP, the actual negatives."),
        (fp / (tn + fp), "That is the false positive rate FP / (TN + FP) = 1 - specificity."),
        (tp / (tp + fn) if tp + fn else None, "That is the recall of the positive class; specificity is the recall of the negative class."),
        (tn / (tn + fn) if tn + fn else None, "TN / (TN + FN) is the negative predictive value; specificity divides by TN + FP."),
    ]
    for value, hint in known:
        if value is not None and abs(got - value) < 1e-9:
            return hint
    return "Count TN (actual 0, predicted 0) and FP (actual 0, predicted 1), then return TN / (TN + FP)."


def check_specificity(function):
    """Exercise 5: a hand-written specificity, checked on five cases with hints for the usual slips."""
    return check_function(
        function, _CASES, exercise="positive-and-negative 5", diagnose=_diagnose_specificity,
        explain="your specificity agrees with negedu.metrics.specificity_score on every case.",
    )
