"""Checks for the exercises of Chapter 8, "Cost-sensitive learning".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises.
"""

import math

import numpy as np

from negedu.datasets import Bunch, make_apples_and_oranges
from .explorer import cost_matrix_for, fit_method
from negedu.datasets import fruit_features
from negedu.losses import compute_class_weight, expected_cost, logistic_proba, tune_threshold
from negedu.exercises import (
    Feedback, Mistake, as_number, check_function, check_number, describe, is_unanswered, run_student_function,
)

__all__ = [
    "check_threshold",
    "check_balanced_weights",
    "VALIDATION_COST",
    "my_validation",
    "check_tuned_threshold",
    "check_expected_cost",
    "check_balanced_function",
]

#: Exercise 3: a missed apple costs this many false alarms.
VALIDATION_COST = 10


def check_threshold(tau):
    """Exercise 1: the threshold for a false alarm costing 3 and a miss costing 60."""
    return check_number(
        tau, 3 / 63, exercise="cost-sensitive 1",
        mistakes=[
            Mistake(60 / 63, "You swapped the costs: the threshold is c_FP / (c_FP + c_FN). The dearer a miss, the "
                             "lower the bar for flagging, so the threshold must be small here."),
            Mistake(3 / 60, "Close, but the denominator is c_FP + c_FN = 63, not c_FN: the two expected costs "
                            "(1 - p) * 3 and p * 60 are equal at p = 3 / 63."),
            Mistake(0.5, "0.5 is the threshold when both mistakes cost the same; here a miss costs 20 false alarms."),
        ],
        explain="τ* = 3 / (3 + 60) = 1/21 ≈ 0.0476: flag a fruit once it has about a 5 % chance of being an apple, "
        "because a miss costs 20 times a false alarm.",
    )


def check_balanced_weights(w_orange, w_apple):
    """Exercise 2: 'balanced' weights for 960 oranges and 40 apples."""
    name = "cost-sensitive 2"
    if is_unanswered(w_orange) or is_unanswered(w_apple):
        return Feedback("unanswered", "set both w_orange and w_apple, then run the check again.", exercise=name)
    first = check_number(
        w_apple, 12.5, exercise=name,
        mistakes=[
            Mistake(25.0, "You divided n by n_apples only: 'balanced' also divides by the number of classes, "
                          "w = n / (K n_k) with K = 2."),
            Mistake(24.0, "24 = 960/40 is the ratio w_apple / w_orange (the imbalance ratio), not the weight itself."),
            Mistake(0.04, "That is the apples' share of the basket; the weight is inversely proportional to it: "
                          "n / (2 * 40)."),
            Mistake(1 / 12.5, "Inverted: a rare class gets a large weight, n / (K n_k)."),
        ],
    )
    if not first:
        return first
    return check_number(
        w_orange, 1000 / 1920, exercise=name,
        mistakes=[
            Mistake(1000 / 960, "Divide by the number of classes as well: 1000 / (2 * 960)."),
            Mistake(1.0, "'balanced' reweights both classes: the oranges get n / (K n_0) = 1000 / 1920, less than 1."),
            Mistake(0.96, "That is the oranges' share; the weight is n / (K n_0)."),
        ],
        explain="w_orange = 1000 / (2 × 960) ≈ 0.521 and w_apple = 1000 / (2 × 40) = 12.5: each class now carries a "
        "total weight of 500, and an apple counts as 24 oranges.",
    )


def my_validation(seed):
    """Exercise 3: a validation basket of 2,000 fruit and the chapter's plain model's probabilities on it."""
    basket = make_apples_and_oranges(n_samples=2000, imbalance_ratio=19, random_state=int(seed) % 2**31)
    proba = logistic_proba(fit_method("threshold moving", 1).model, fruit_features(basket.X))
    return Bunch(y=basket.y, proba=proba)


def _validation_cost(validation, threshold):
    y_pred = (validation.proba >= threshold).astype(int)
    return 1000 * expected_cost(validation.y, y_pred, cost_matrix_for(VALIDATION_COST))


def check_tuned_threshold(threshold, cost_per_1000, *, seed):
    """Exercise 3: the threshold of least validation cost (c = 10), and that cost per 1,000 fruit."""
    name = "cost-sensitive 3"
    if is_unanswered(threshold) or is_unanswered(cost_per_1000):
        return Feedback("unanswered", "set both threshold and cost_per_1000, then run the check again.", exercise=name)
    try:
        validation = my_validation(seed)
        best = tune_threshold(validation.y, validation.proba, cost_matrix_for(VALIDATION_COST))
        tau = as_number(threshold)
        if tau is None or not math.isfinite(tau):
            return Feedback("incorrect", f"threshold should be a single number, got {describe(threshold)}.", exercise=name)
        achieved = _validation_cost(validation, tau)
    except Exception as exc:  # a check never raises
        return Feedback("error", f"could not evaluate your threshold: {type(exc).__name__}: {exc}", exercise=name)
    best_cost = 1000 * best.cost
    if achieved > best_cost + 1e-9:
        if abs(tau - 1 / (1 + VALIDATION_COST)) < 1e-6:
            hint = ("1/11 is the Bayes threshold, right for calibrated probabilities on average; the exercise asks "
                    "for the threshold that is best on *this* validation basket. Sweep the thresholds (or use "
                    "tune_threshold).")
        elif abs(tau - 0.5) < 1e-9:
            hint = "0.5 ignores the costs; a miss costs 10 false alarms, so the best threshold is much lower."
        else:
            hint = ("Sweep every distinct probability as a threshold, compute the cost of each (10 per missed apple, "
                    "1 per false alarm) and keep the cheapest.")
        return Feedback("incorrect", f"at threshold {tau:g} the validation cost is {achieved:.1f} per 1,000 fruit, "
                                     f"but {best_cost:.1f} is possible. {hint}", exercise=name)
    return check_number(
        cost_per_1000, best_cost, exercise=name, tol=1e-6,
        mistakes=[Mistake(best_cost / 1000, "That is the cost per fruit; multiply by 1,000."),
                  Mistake(best_cost * 2, "That is the total cost of the 2,000 fruit; divide by 2 for the cost per 1,000.")],
        explain=f"threshold {tau:.4f} costs {best_cost:.1f} per 1,000 validation fruit, the least possible. "
        "Remember that this number is optimistic: the threshold was chosen on these very fruit.",
    )


def _diagnose_cost(args, got, expected):
    y_true, y_pred, c_fp, c_fn = args
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    fp = np.sum((y_true == 0) & (y_pred == 1))
    fn = np.sum((y_true == 1) & (y_pred == 0))
    n = y_true.size
    if math.isclose(got, c_fp * fp + c_fn * fn):
        return "That is the total cost; divide by the number of examples for the expected cost per example."
    if math.isclose(got, (c_fn * fp + c_fp * fn) / n):
        return "The costs are swapped: a false positive (an orange flagged) costs c_fp, a miss costs c_fn."
    if math.isclose(got, (fp + fn) / n):
        return "That is the error rate: multiply each kind of mistake by its own cost."
    return None


def check_expected_cost(function):
    """Exercise 4: a hand-written expected cost, per example, from labels and the two costs."""
    cases = [
        (([0, 0, 1, 1], [0, 1, 0, 1], 1.0, 10.0), 2.75, "one mistake of each kind among 4 examples"),
        (([0, 0, 0, 0, 1], [1, 1, 0, 0, 0], 2.0, 19.0), (2 * 2 + 19) / 5, "2 false alarms and 1 miss among 5"),
        (([1, 1, 0], [1, 1, 0], 1.0, 5.0), 0.0, "no mistake"),
    ]
    rng = np.random.RandomState(8)
    y_true, y_pred = rng.randint(0, 2, 200), rng.randint(0, 2, 200)
    cases.append(((y_true, y_pred, 3.0, 7.0), expected_cost(y_true, y_pred, [[0, 3.0], [7.0, 0]]),
                  "200 random labels (arrays)"))
    return check_function(function, cases, exercise="cost-sensitive 4", diagnose=_diagnose_cost,
                          explain="your expected cost agrees with negedu.losses.expected_cost on every case.")


def check_balanced_function(function):
    """Exercise 5: a hand-written compute_class_weight('balanced') for labels 0 and 1, returning [w_0, w_1]."""
    name = "cost-sensitive 5"
    if not callable(function):
        return Feedback("incorrect", f"expected a function, got {describe(function)}.", exercise=name)
    rng = np.random.RandomState(5)
    cases = [([0, 0, 0, 1], "3 negatives and 1 positive"), ([0] * 960 + [1] * 40, "960 oranges and 40 apples"),
             (rng.choice([0, 1], size=137, p=[0.7, 0.3]), "137 random labels")]
    for y, description in cases:
        got, problem = run_student_function(function, (np.asarray(y),), description, exercise=name,
                                            returns="[w_0, w_1]", ravel=True)
        if problem is not None:
            return problem
        expected = compute_class_weight("balanced", classes=np.array([0, 1]), y=y)
        if got.shape != (2,):
            return Feedback("incorrect", f"on {description} it returned {got.size} numbers; return two, [w_0, w_1].",
                            exercise=name)
        if not np.allclose(got, expected, rtol=1e-9):
            y = np.asarray(y)
            counts = np.array([np.sum(y == 0), np.sum(y == 1)], dtype=float)
            hint = "Use w_k = n / (K n_k) with K = 2 classes and n_k the count of class k."
            if np.allclose(got, y.size / counts):
                hint = "You left out the number of classes: divide by K = 2 as well."
            elif np.allclose(got, counts / y.size) or np.allclose(got, 2 * counts / y.size):
                hint = "Inverted: the weight is inversely proportional to the class's count."
            elif np.allclose(got, expected[::-1]):
                hint = "The order is swapped: return [w_0, w_1], the weight of class 0 first."
            return Feedback("incorrect", f"on {description} it returned {np.round(got, 4).tolist()} but the answer is "
                                         f"{np.round(expected, 4).tolist()}. {hint}", exercise=name)
    return Feedback("correct", "your weights equal compute_class_weight('balanced') (and scikit-learn's) on every case.",
                    exercise=name)
