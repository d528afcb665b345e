"""Checks for the exercises of Chapter 2, "The confusion matrix".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises.

>>> from negedu.chapters.confusion_matrix import checks as ex
>>> print(ex.check_sklearn_specificity(970 / 974))   # the first column, not the first row
❌ Not yet [confusion-matrix 1]: you gave 0.995893. That divides TN by the first column (TN + FN = 974): ...
"""

import numpy as np

from negedu.datasets import make_apples_and_oranges
from negedu.metrics import confusion_matrix
from negedu.exercises import Feedback, Mistake, call_student, check_number, describe, is_unanswered

__all__ = [
    "SKLEARN_MATRIX",
    "check_sklearn_specificity",
    "check_screening_ppv",
    "my_test_basket",
    "my_rare_basket",
    "TEST_THRESHOLD",
    "RARE_PI",
    "check_predicted_ppv",
    "FRUIT_LABELS",
    "FRUIT_MATRIX",
    "check_pear_specificity",
    "check_confusion_matrix_function",
]

# ---------------------------------------------------------------- exercise 1
#: What ``sklearn.metrics.confusion_matrix(y_true, y_pred)`` printed in exercise 1 (labels 0, 1).
SKLEARN_MATRIX = np.array([[970, 20], [4, 6]])


def check_sklearn_specificity(answer):
    """Exercise 1: the specificity read off scikit-learn's layout [[TN, FP], [FN, TP]]."""
    (tn, fp), (fn, tp) = SKLEARN_MATRIX.tolist()
    return check_number(
        answer,
        tn / (tn + fp),
        exercise="confusion-matrix 1",
        mistakes=[
            Mistake(tn / (tn + fn), f"That divides TN by the first column (TN + FN = {tn + fn}): it is the negative "
                    "predictive value. Specificity divides by the actual negatives, the first ROW."),
            Mistake(tp / (tp + fn), f"{tp}/{tp + fn} is the second row, the actual positives (their recall). In "
                    "scikit-learn's layout labels are sorted, so row 0 holds the actual negatives: [TN, FP]. (Reading "
                    "the matrix in the textbook layout, positives first, gives this same wrong number.)"),
            Mistake(fp / (tn + fp), "That is FP / (TN + FP), the false positive rate: 1 - specificity."),
            Mistake(tn / SKLEARN_MATRIX.sum(), "You divided by all 1,000 samples; divide by the actual negatives, "
                    "the first row (TN + FP = 990)."),
            Mistake(tp / (tp + fp), "That is TP / (TP + FP), the precision (second column)."),
            Mistake((tn + tp) / SKLEARN_MATRIX.sum(), "That is the accuracy (the diagonal over everything)."),
        ],
        explain=f"{tn}/{tn + fp} ≈ {tn / (tn + fp):.4f}: row 0 is the actual negatives, [TN, FP].",
    )


# ---------------------------------------------------------------- exercise 2
def _ppv(tpr, fpr, pi):
    denominator = tpr * pi + fpr * (1 - pi)
    return tpr * pi / denominator if denominator else 0.0


def check_screening_ppv(answer):
    """Exercise 2: PPV of a test with sensitivity 0.9, specificity 0.99, prevalence 1 in 1,000."""
    tpr, tnr, pi = 0.9, 0.99, 0.001
    expected = _ppv(tpr, 1 - tnr, pi)
    return check_number(
        answer,
        expected,
        exercise="confusion-matrix 2",
        mistakes=[
            Mistake(tpr, "0.9 is the sensitivity, P(test positive | ill). The question asks the reverse, "
                    "P(ill | test positive): Bayes' rule, with the base rate 0.001."),
            Mistake(1 - tnr, "0.01 is the false positive rate. Put it into Bayes' rule with the sensitivity and "
                    "the base rate."),
            # 0.99 (the specificity) and 0.989 (Bayes' rule with pi = 0.5) are too close to tell apart
            Mistake((tnr + tpr / (tpr + 1 - tnr)) / 2, "That is the specificity (0.99), or the answer for a population "
                    "where half the people are ill (0.989): either way the base rate π = 0.001 is missing. Use "
                    "Bayes' rule, TPR·π / (TPR·π + FPR·(1 - π))."),
            Mistake(pi, "0.001 is the base rate before the test; the positive result raises it. Use Bayes' rule."),
            Mistake(tpr * pi, "0.0009 is the share of everyone who is ill AND tests positive; divide it by the share "
                    "who test positive, TPR·π + FPR·(1 - π)."),
            Mistake(tpr * pi / ((1 - tnr) * (1 - pi)), "That is TP/FP, the odds (LR+ / IR ≈ 90/999). Turn odds into a "
                    "probability: odds / (1 + odds)."),
        ],
        explain=f"{expected:.3f}: per 100,000 people, 90 ill ones test positive and 999 healthy ones do too, "
        "so fewer than 1 in 12 positive results is real.",
    )


# ---------------------------------------------------------------- exercise 3
#: The threshold of exercise 3.
TEST_THRESHOLD = 0.9
#: The base rate of the rare world of exercise 3: one apple in 1,001 fruit (1,000 oranges per apple).
RARE_PI = 1 / 1001


def my_test_basket(seed):
    """The balanced test basket of exercise 3 for a student's seed (10,000 apples, 10,000 oranges)."""
    return make_apples_and_oranges(n_samples=20_000, imbalance_ratio=1, random_state=seed)


def my_rare_basket(seed):
    """A rare basket for checking exercise 3's prediction (100 apples, 100,000 oranges)."""
    return make_apples_and_oranges(n_samples=100_100, imbalance_ratio=1000, random_state=seed + 1)


def _test_rates(seed):
    basket = my_test_basket(seed)
    (tn, fp), (fn, tp) = confusion_matrix(basket.y, (basket.score >= TEST_THRESHOLD).astype(int), labels=[0, 1])
    return tp / (tp + fn), fp / (fp + tn), tp / (tp + fp) if tp + fp else 0.0


def check_predicted_ppv(answer, *, seed):
    """Exercise 3: the precision in a 1:1000 world predicted from the balanced basket's TPR and FPR."""
    try:
        tpr, fpr, balanced_ppv = _test_rates(seed)
    except Exception as exc:  # a wrong seed must become feedback, never a traceback
        return Feedback("error", f"could not build your basket from seed={describe(seed)} ({exc}); run the set-up cell "
                        "with MY_NAME set.", exercise="confusion-matrix 3")
    pi = RARE_PI
    expected = _ppv(tpr, fpr, pi)
    odds = tpr * pi / (fpr * (1 - pi)) if fpr else None
    mistakes = [
        Mistake(balanced_ppv, "That is the precision measured on the balanced test basket. Precision divides by a "
                "column, so it depends on the base rate: use Bayes' rule with π = 1/1001."),
        Mistake(_ppv(tpr, 1 - fpr, pi), "You used the specificity (TNR) where Bayes' rule needs the false positive "
                "rate FPR = FP / (FP + TN), the share of oranges flagged."),
        Mistake(_ppv(tpr, fpr, 1 - pi), "π and 1 - π are swapped: π = 1/1001 is the share of APPLES and multiplies "
                "the TPR."),
        Mistake(tpr, "That is the TPR; precision is P(apple | flagged), not P(flagged | apple)."),
        Mistake(_ppv(fpr, tpr, pi), "TPR and FPR are swapped: TPR = TP / (TP + FN) is the share of apples flagged."),
    ]
    if odds is not None:
        mistakes.append(Mistake(odds, "That is TP/FP, the odds of an alarm being an apple. Precision is the "
                                "probability odds / (1 + odds)."))
    return check_number(
        answer, expected, exercise="confusion-matrix 3", mistakes=mistakes,
        explain=f"from TPR = {tpr:.3f} and FPR = {fpr:.4f}, Bayes' rule predicts a precision of {expected:.3f} "
        f"at 1,000 oranges per apple, against {balanced_ppv:.3f} on the balanced basket. The rows travel; "
        "the columns do not.",
    )


# ---------------------------------------------------------------- exercise 4
#: The classes of the three-fruit matrix of exercise 4, in the order of its rows and columns.
FRUIT_LABELS = ["apple", "orange", "pear"]
#: A three-class confusion matrix (rows: actual, columns: predicted, in the order of FRUIT_LABELS).
FRUIT_MATRIX = np.array([[8, 1, 1], [2, 50, 8], [0, 6, 24]])


def check_pear_specificity(answer):
    """Exercise 4: the one-vs-rest specificity of "pear" in the three-class matrix."""
    C = FRUIT_MATRIX
    k = FRUIT_LABELS.index("pear")
    tp = C[k, k]
    fp = C[:, k].sum() - tp
    fn = C[k, :].sum() - tp
    tn = C.sum() - tp - fp - fn
    others = [i for i in range(len(FRUIT_LABELS)) if i != k]
    diagonal_only = C[others, others].sum()
    return check_number(
        answer,
        tn / (tn + fp),
        exercise="confusion-matrix 4",
        mistakes=[
            Mistake(diagonal_only / (diagonal_only + fp), "You counted as TN only the diagonal of the other classes. "
                    "For 'pear against the rest', an apple predicted as orange is also a true negative: it is not a "
                    "pear and was not called one. TN = everything outside the pear row and the pear column."),
            Mistake(tp / (tp + fn), "That is the recall of pear (its row). Specificity is about the non-pears."),
            Mistake(tp / (tp + fp), "That is the precision of pear (its column)."),
            Mistake(fp / (fp + tn), "That is the false positive rate of pear, 1 - specificity."),
            Mistake(tn / (tn + fn), "TN / (TN + FN) is the negative predictive value of pear; specificity divides "
                    "by the actual non-pears, TN + FP."),
            Mistake(tn / C.sum(), "Divide by the actual non-pears (TN + FP), not by all fruit."),
        ],
        explain=f"TN = {tn} (every non-pear not called a pear, confusions between apples and oranges included), "
        f"FP = {fp}, so specificity = {tn}/{tn + fp} ≈ {tn / (tn + fp):.4f}.",
    )


# ---------------------------------------------------------------- exercise 5
_CASES = [
    (([0, 1, 1, 0, 1], [0, 1, 0, 0, 1], [0, 1]), "binary labels [0, 1]"),
    (([0, 1, 1, 0, 1, 0, 0], [1, 1, 0, 0, 1, 0, 0], [1, 0]), "labels=[1, 0] (positives first)"),
    ((["pear", "apple", "orange", "apple", "pear"], ["apple", "apple", "orange", "pear", "pear"],
      ["pear", "apple", "orange"]), "string labels in the order ['pear', 'apple', 'orange']"),
    (([0, 0, 1, 1], [0, 1, 1, 1], [0, 1, 2]), "labels=[0, 1, 2] with class 2 absent from the data"),
    (([0, 1, 2, 2, 1], [0, 2, 2, 1, 1], [0, 1]), "labels=[0, 1] while the data also hold class 2"),
]


def _reference(y_true, y_pred, labels):
    return confusion_matrix(y_true, y_pred, labels=labels)


def _as_matrix(got):
    try:
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return None
    return arr if arr.ndim == 2 else None


def _diagnose(args, got, expected):
    y_true, y_pred, labels = args
    if got.shape != expected.shape:
        return (f"it has shape {got.shape} but should be {expected.shape}: one row and one column per entry of "
                "labels, in that order.")
    if np.array_equal(got, expected.T):
        return "it is transposed: rows must be the actual class (y_true) and columns the prediction (y_pred)."
    try:
        ordered = sorted(labels)
        as_sorted = confusion_matrix(y_true, y_pred, labels=ordered)
        if list(ordered) != list(labels) and np.array_equal(got, as_sorted):
            return "its rows and columns are in sorted order; use the order of `labels` as given."
    except Exception:
        pass
    if got.sum() > expected.sum():
        return "it counts samples whose label is not in `labels`; leave those out."
    return "count, for every pair (i, j), the samples with y_true == labels[i] and y_pred == labels[j]."


def check_confusion_matrix_function(function):
    """Exercise 5: a hand-written ``my_confusion_matrix(y_true, y_pred, labels)``, on five cases."""
    exercise = "confusion-matrix 5"
    if not callable(function):
        return Feedback("incorrect", f"expected a function, got {describe(function)}.", exercise=exercise)
    results = []
    for args, description in _CASES:
        try:
            got = call_student(function, *(list(a) for a in args))
        except Exception as exc:  # a student's bug must become feedback, never a traceback
            return Feedback("error", f"on {description} it raised {type(exc).__name__}: {exc}", exercise=exercise)
        results.append((args, got, description))
    if all(is_unanswered(got) for _, got, _ in results):
        return Feedback("unanswered", "your function returns nothing yet: write its body and run the cell again.",
                        exercise=exercise)
    for args, got, description in results:
        expected = _reference(*args)
        matrix = _as_matrix(got)
        if matrix is None:
            return Feedback("incorrect", f"on {description} it returned {describe(got)}; return a 2-D array "
                            "(a NumPy array or a list of rows).", exercise=exercise)
        if matrix.shape != expected.shape or not np.array_equal(matrix, expected):
            hint = _diagnose(args, matrix, expected)
            return Feedback("incorrect", f"on {description} it returned {matrix.astype(int).tolist()} but the answer "
                            f"is {expected.tolist()}: {hint}", exercise=exercise)
    return Feedback("correct", "your matrix agrees with negedu.metrics.confusion_matrix on every case, label order "
                    "and absent classes included.", exercise=exercise)
