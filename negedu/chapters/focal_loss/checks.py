"""Checks for the exercises of Chapter 9, "Focal loss".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises.
"""

import math

import numpy as np

from negedu.datasets import make_apples_and_oranges
from negedu.losses import fit_linear_focal, logistic_proba, sigmoid_focal_loss
from negedu.resampling import prior_correction
from negedu.exercises import Feedback, Mistake, as_number, call_student, check_number, describe, is_unanswered

__all__ = [
    "check_focal_by_hand",
    "check_down_weighting",
    "my_basket",
    "EX_GAMMAS",
    "check_easy_shares",
    "check_mean_probabilities",
    "check_sigmoid_focal_loss",
]

#: The focusing parameters of exercises 3 and 4.
EX_GAMMAS = [0, 1, 2, 5]


def check_focal_by_hand(answer):
    """Exercise 1: FL of an orange with p = 0.2, gamma = 2, alpha = 0.25."""
    log = math.log
    return check_number(
        answer,
        0.75 * 0.2**2 * -log(0.8),
        exercise="focal-loss 1",
        mistakes=[
            Mistake(0.2**2 * -log(0.8), "You left out alpha_t. For an orange (y = 0) it is 1 - alpha = 0.75."),
            Mistake(0.25 * 0.2**2 * -log(0.8), "alpha = 0.25 is the weight of the apples; an orange gets 1 - alpha = 0.75."),
            Mistake(0.75 * 0.8**2 * -log(0.2), "You used p = 0.2 as p_t. For an orange, p_t = 1 - p = 0.8: the model is 80 % sure it is an orange."),
            Mistake(-log(0.8), "That is the plain cross-entropy -log p_t; multiply by alpha_t (1 - p_t)^gamma."),
            Mistake(0.75 * -log(0.8), "That is the alpha-balanced cross-entropy; the focal factor (1 - p_t)^2 = 0.04 is missing."),
            Mistake(0.75 * 0.2**2 * -math.log10(0.8), "Use the natural logarithm (np.log), not log10."),
            Mistake(0.75 * 0.2 * -log(0.8), "Square the factor: (1 - p_t)^gamma with gamma = 2 is 0.2^2 = 0.04."),
        ],
        explain="0.75 × 0.2² × (−log 0.8) ≈ 0.00669: a 25th of the weighted cross-entropy 0.167.",
    )


def check_down_weighting(answer):
    """Exercise 2: how many times smaller gamma = 2 makes the loss of an example with p_t = 0.9."""
    return check_number(
        answer,
        100.0,
        exercise="focal-loss 2",
        mistakes=[
            Mistake(0.01, "0.01 is the factor (1 - p_t)^2 that multiplies the loss; the question asks how many "
                    "times smaller the loss gets, 1 / 0.01."),
            Mistake(10, "Square it: with gamma = 2 the factor is (1 - 0.9)^2 = 0.01, not 0.1."),
            Mistake(1 / 0.81, "The factor uses 1 - p_t = 0.1, not p_t = 0.9."),
            Mistake(0.81, "The factor is (1 - p_t)^gamma = 0.1^2, and the answer is its inverse."),
        ],
        explain="(1 − 0.9)² = 0.01: the loss is 100 times smaller. At p_t = 0.968 it is 1,000 times smaller.",
    )


def my_basket(seed):
    """The basket of exercises 3 and 4 for a student's seed: 5,050 fruit, 100 oranges per apple."""
    return make_apples_and_oranges(n_samples=5050, imbalance_ratio=100, random_state=seed)


def _true_parts(seed):
    from negedu.datasets import fruit_features

    basket = my_basket(seed)
    true_proba = prior_correction(basket.score, 1 / 100)
    easy = (basket.y == 0) & (true_proba < 0.01)
    return basket, fruit_features(basket.X), np.log(true_proba / (1 - true_proba)), easy


def _as_list(answer, n):
    if isinstance(answer, (str, bytes)):
        return None
    try:
        values = [as_number(v) for v in answer]
    except Exception:  # not a collection at all
        return None
    return values if len(values) == n and all(v is not None and math.isfinite(v) for v in values) else None


def _compare_lists(answer, expected, *, exercise, what, hints, explain, rtol=1e-3):
    if is_unanswered(answer):
        return Feedback("unanswered", f"replace ... with a list of {len(expected)} numbers, one per gamma in EX_GAMMAS.",
                        exercise=exercise)
    values = _as_list(answer, len(expected))
    if values is None:
        return Feedback("incorrect", f"give a list of {len(expected)} finite numbers, one per gamma in EX_GAMMAS "
                        f"{EX_GAMMAS}, got {describe(answer)}.", exercise=exercise)
    for gamma, got, want in zip(EX_GAMMAS, values, expected):
        if not abs(got - want) <= max(rtol * abs(want), 1e-12):
            for test, hint in hints:
                if test(gamma, got):
                    return Feedback("incorrect", f"for gamma = {gamma} you gave {got:.6g}. {hint}", exercise=exercise)
            return Feedback("incorrect", f"for gamma = {gamma} you gave {got:.6g}, expected {what} {want:.6g}.",
                            exercise=exercise)
    return Feedback("correct", explain, exercise=exercise)


def check_easy_shares(answer, *, seed):
    """Exercise 3: the easy oranges' share of the loss at the true probabilities, for each gamma."""
    basket, _, logits, easy = _true_parts(seed)
    y = basket.y

    def share(gamma, mask, alpha=None):
        losses = sigmoid_focal_loss(y, logits, alpha=alpha, gamma=gamma, reduction="none")
        return float(losses[mask].sum() / losses.sum())

    expected = [share(g, easy) for g in EX_GAMMAS]

    def close(a, b):
        return abs(a - b) <= max(1e-3 * abs(b), 1e-12)

    hints = [
        (lambda g, got: close(got, 100 * share(g, easy)), "Give a share between 0 and 1, not a percentage."),
        (lambda g, got: close(got, share(g, y == 0)), "That is the share of all oranges; keep only the easy ones "
         "(true probability of apple below 0.01)."),
        (lambda g, got: close(got, share(g, easy, alpha=0.25)), "Use no alpha weighting (alpha=None): "
         "sigmoid_focal_loss defaults to alpha=0.25."),
        (lambda g, got: close(got, share(g, y == 1)), "That is the apples' share; the question asks for the easy oranges."),
    ]
    return _compare_lists(
        answer, expected, exercise="focal-loss 3", what="the share", hints=hints,
        explain=f"the easy oranges carry {expected[0]:.1%} of the cross-entropy but only {expected[2]:.1e} of the "
        "focal loss with gamma = 2: the loss no longer asks anything of them.",
    )


def check_mean_probabilities(answer, *, seed):
    """Exercise 4: the mean predicted probability on the basket after training with each gamma."""
    basket, X, _, _ = _true_parts(seed)
    models = {g: fit_linear_focal(X, basket.y, gamma=g, prior=0.01) for g in EX_GAMMAS}
    expected = [float(logistic_proba(models[g], X).mean()) for g in EX_GAMMAS]

    def mean_with(gamma, alpha=None, features=X):
        return float(logistic_proba(fit_linear_focal(features, basket.y, gamma=gamma, alpha=alpha, prior=0.01), features).mean())

    def close(a, b):
        return abs(a - b) <= max(1e-3 * abs(b), 1e-12)

    hints = [
        (lambda g, got: close(got, mean_with(g, alpha=0.25)), "Train without alpha (alpha=None); here alpha=0.25 "
         "was used."),
        (lambda g, got: close(got, float(np.mean(logistic_proba(models[g], X) >= 0.5))), "That is the share of fruit "
         "flagged at 0.5; the question asks for the mean of the probabilities."),
        (lambda g, got: close(got, mean_with(g, features=basket.X)), "Put the features on the book's scale first: "
         "fruit_features(basket.X)."),
    ]
    return _compare_lists(
        answer, expected, exercise="focal-loss 4", what="the mean probability", hints=hints,
        explain=f"the mean probability rises from {expected[0]:.4f} (cross-entropy: the share of apples, "
        f"{basket.y.mean():.4f}) to {expected[-1]:.3f} at gamma = 5: the focal loss pulls the probabilities "
        "towards 0.5.",
    )


_IMPLEMENT_CASES = [
    (np.array([1, 0, 1, 0]), np.array([2.0, -1.0, -0.5, 3.0]), 0.25, 2.0, "four fruit, alpha=0.25, gamma=2"),
    (np.array([1, 0, 0]), np.array([0.3, 0.3, -4.0]), None, 2.0, "alpha=None (no weighting)"),
    (np.array([1, 0, 1, 0]), np.array([0.7, -0.2, 1.5, 2.5]), 0.5, 0.0, "gamma=0 (plain, alpha-balanced cross-entropy)"),
    (np.array([1, 1, 0, 0]), np.array([1000.0, -1000.0, 1000.0, -1000.0]), 0.25, 2.0, "logits of +-1000"),
    (np.array([1, 0]), np.array([-30.0, 40.0]), 0.75, 0.5, "large wrong logits, gamma=0.5"),
]


def _diagnose_focal(y, z, alpha, gamma, got):
    def ref(**kwargs):
        return sigmoid_focal_loss(y, z, **{"alpha": alpha, "gamma": gamma, "reduction": "none", **kwargs})

    if not np.all(np.isfinite(got)):
        return ("Some values are NaN or infinite: do not form log(sigmoid(z)). Use -log p_t = np.logaddexp(0, -z_t) "
                "and (1 - p_t)^gamma = exp(-gamma * np.logaddexp(0, z_t)), with z_t = z for apples and -z for oranges.")
    if alpha is not None and np.allclose(got, ref(alpha=1 - alpha), rtol=1e-9):
        return "You swapped alpha: the apples (y = 1) get alpha, the oranges 1 - alpha."
    if alpha is not None and np.allclose(got, ref(alpha=None), rtol=1e-9):
        return "You left out alpha_t (alpha for apples, 1 - alpha for oranges)."
    if np.allclose(got, ref(gamma=0.0), rtol=1e-9):
        return "The focal factor (1 - p_t)^gamma is missing."
    if np.allclose(got, ref(), rtol=1e-6):
        return "Close, but not to 1e-12: compute -log p_t with np.logaddexp(0, -z_t) rather than from p."
    return "Write p_t = sigmoid(z_t) with z_t = z for y = 1 and -z for y = 0, then -alpha_t (1 - p_t)^gamma log p_t."


def check_sigmoid_focal_loss(function):
    """Exercise 5: a hand-written, stable sigmoid focal loss, matched to negedu's to 1e-12."""
    exercise = "focal-loss 5"
    if not callable(function):
        return Feedback("incorrect", f"expected a function, got {describe(function)}.", exercise=exercise)
    results = []
    for y, z, alpha, gamma, description in _IMPLEMENT_CASES:
        try:
            with np.errstate(all="ignore"):
                got = call_student(function, y.copy(), z.copy(), alpha, gamma)
        except Exception as exc:  # a student's bug must become feedback, never a traceback
            return Feedback("error", f"on {description} it raised {type(exc).__name__}: {exc}", exercise=exercise)
        results.append(got)
    if all(is_unanswered(got) for got in results):
        return Feedback("unanswered", "your function returns nothing yet: write its body and run the cell again.",
                        exercise=exercise)
    for (y, z, alpha, gamma, description), got in zip(_IMPLEMENT_CASES, results):
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError, OverflowError):
            return Feedback("incorrect", f"on {description} it returned {describe(got)}; return a NumPy array.", exercise=exercise)
        expected = sigmoid_focal_loss(y, z, alpha=alpha, gamma=gamma, reduction="none")
        if got.shape != expected.shape:
            return Feedback("incorrect", f"on {description} it returned shape {got.shape}; return one loss per "
                            f"sample, shape {expected.shape} (no mean, no sum).", exercise=exercise)
        if not np.all(np.abs(got - expected) <= 1e-12 * np.maximum(1.0, np.abs(expected))):
            hint = _diagnose_focal(y, z, alpha, gamma, got)
            return Feedback("incorrect", f"on {description} it returned {np.round(got, 6).tolist()} but negedu gives "
                            f"{np.round(expected, 6).tolist()}. {hint}", exercise=exercise)
    return Feedback("correct", "your focal loss agrees with negedu.losses.sigmoid_focal_loss to 1e-12 on every case, "
                    "logits of ±1000 included.", exercise=exercise)
