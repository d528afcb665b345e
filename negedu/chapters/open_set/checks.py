"""Checks for the exercises of the chapter "Open-set recognition".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises.
"""

import numpy as np

from negedu.metrics import roc_auc_score
from negedu.openset import energy_score, evidential_uncertainty, max_softmax_score, softmax
from negedu.exercises import (
    Feedback, Mistake, as_number, check_number, describe, is_unanswered, run_student_function,
)

__all__ = ["check_far_score", "check_unknown_logit", "my_logits", "TEMPERATURES", "check_best_temperature",
           "check_energy", "check_uncertainty"]

#: The temperatures exercise 3 compares.
TEMPERATURES = (0.1, 1, 10, 100)


def check_far_score(answer):
    """Exercise 1: 1 - max softmax of the logits (6, 2, -2)."""
    expected = float(max_softmax_score([[6.0, 2.0, -2.0]])[0])
    return check_number(
        answer,
        expected,
        exercise="open-set 1",
        mistakes=[
            Mistake(1 - expected, "That is the confidence max_k p_k itself; the unknown score is 1 minus it."),
            Mistake(float(max_softmax_score([[3.0, 1.0, -1.0]])[0]), "That is the score at t = 1; at t = 2 the logits "
                    "are (6, 2, -2)."),
            Mistake(1 - 6 / 6, "The softmax exponentiates: p = e^6 / (e^6 + e^2 + e^-2), not 6 / (6 + 2 - 2)."),
            Mistake(1 - 6 / 10, "The softmax exponentiates the logits; do not divide by the sum of their absolute values."),
            Mistake(float(softmax([[6.0, 2.0, -2.0]])[0, 1]), "That is the probability of the second class; the score "
                    "is 1 minus the largest probability."),
        ],
        tol=1e-3,
        explain=f"s = 1 - 1/(1 + e^-4 + e^-8) ≈ {expected:.4f}; the gaps between logits grow with t, so s → 0: "
                "the model is most certain far away.",
    )


def check_unknown_logit(answer):
    """Exercise 2: OpenMax's unknown logit for v = (5, 2, 1), alpha = 2, F = (0.8, 0.5)."""
    return check_number(
        answer,
        4.5,
        exercise="open-set 2",
        mistakes=[
            Mistake(5.0, "You left out the rank weights: with alpha = 2 the top class gets (2 - 1 + 1)/2 = 1 and the "
                         "second (2 - 2 + 1)/2 = 1/2, so omega_2 = 1 - 0.5 x 0.5 = 0.75."),
            Mistake(2.5, "You summed v_k x omega_k; the unknown logit collects what was removed, v_k x (1 - omega_k)."),
            Mistake(4.0, "The second class is recalibrated too (alpha = 2): add 2 x (1 - 0.75)."),
            Mistake(5.5, "The rank weight of the second class is 1/2, not 1: omega_2 = 1 - 0.5 x 0.5 = 0.75."),
            Mistake(3.5, "You used the weight 1/2 on the top class and 1 on the second; the top class gets the full "
                         "weight (alpha - 1 + 1)/alpha = 1."),
        ],
        explain="4.5: omega = (0.2, 0.75, 1), and the unknown logit is 5 x 0.8 + 2 x 0.25 + 1 x 0.",
    )


def my_logits(seed):
    """The data of exercise 3: logits of 200 known inputs (4 classes) and 100 unknowns, and the 0/1 truth.

    Known rows have one clearly larger logit and a random offset shared by all their logits; unknown
    rows have their own offset, one raised logit and the others lowered, by amounts that depend on
    the seed (so the best temperature does too).
    """
    rng = np.random.RandomState(seed)
    n_known, n_unknown, K = 200, 100, 4
    scale = rng.uniform(1.0, 3.0)
    known = rng.normal(0.0, 1.0, size=(n_known, K))
    known[np.arange(n_known), rng.randint(0, K, n_known)] += rng.uniform(2.0, 5.0)
    known += rng.normal(0.0, scale, size=(n_known, 1))
    unknown = rng.normal(0.0, 1.0, size=(n_unknown, K)) + rng.normal(-1.0, scale, size=(n_unknown, 1))
    spike = np.eye(K)[rng.randint(0, K, n_unknown)]                  # (n_unknown, K): one logit per row
    unknown += spike * rng.uniform(0.5, 6.0) - (1 - spike) * rng.uniform(0.0, 1.5)
    logits = np.vstack([known, unknown])
    is_unknown = np.r_[np.zeros(n_known, dtype=int), np.ones(n_unknown, dtype=int)]
    return logits, is_unknown


def check_best_temperature(best_temperature, best_auroc, *, seed):
    """Exercise 3: the temperature of TEMPERATURES with the highest energy AUROC, and that AUROC."""
    exercise = "open-set 3"
    if is_unanswered(best_temperature) or is_unanswered(best_auroc):
        return Feedback("unanswered", "set both best_temperature and best_auroc, then run the check again.",
                        exercise=exercise)
    logits, is_unknown = my_logits(seed)
    auroc = {T: roc_auc_score(is_unknown, energy_score(logits, temperature=T)) for T in TEMPERATURES}
    top = max(auroc.values())
    winners = [T for T, a in auroc.items() if abs(a - top) <= 1e-12]
    chosen = as_number(best_temperature)  # None for text such as '1', a list, ...
    match = [T for T in TEMPERATURES if chosen is not None and abs(chosen - T) <= 1e-9 * max(1.0, T)]
    if not match:
        return Feedback("incorrect", f"best_temperature should be one of TEMPERATURES, {TEMPERATURES}.", exercise=exercise)
    T = match[0]
    listed = ", ".join(f"T={t:g}: {a:.3f}" for t, a in auroc.items())
    if T not in winners:
        flipped = {t: roc_auc_score(is_unknown, -energy_score(logits, temperature=t)) for t in TEMPERATURES}
        hint = ""
        if max(flipped, key=flipped.get) == T:
            hint = " It looks as if you negated the energy: it is already an unknown score (higher = more unknown)."
        return Feedback("incorrect", f"T = {T:g} has AUROC {auroc[T]:.3f}, but another temperature does better. Compute "
                        "the AUROC of energy_score(logits, temperature=T) for every T and keep the largest." + hint,
                        exercise=exercise)
    mistakes = [
        Mistake(1 - top, "That is the AUROC of the negated energy (1 - AUROC): the energy is already an unknown score, "
                         "so pass it as it is, with the unknowns as the positive class."),
        Mistake(roc_auc_score(is_unknown, max_softmax_score(logits)), "That is the AUROC of the max-softmax score; "
                "the exercise asks for the energy."),
    ]
    return check_number(best_auroc, top, exercise=exercise, tol=1e-6, mistakes=mistakes,
                        explain=f"T = {T:g} gives the best AUROC, {top:.3f} ({listed}).")


def _energy_cases():
    rng = np.random.RandomState(0)
    return [
        (np.array([[0.0, 0.0]]), 1.0, "logits [[0, 0]] with T = 1"),
        (np.array([[2.0, 1.0, 0.0], [0.0, 0.0, 5.0]]), 1.0, "two rows of 3 logits with T = 1"),
        (rng.normal(size=(5, 4)), 3.0, "5 random rows with T = 3"),
        (np.array([[1000.0, 990.0], [-1000.0, -995.0]]), 1.0, "logits of size 1000 with T = 1"),
        (np.array([[1000.0, 990.0, 0.0]]), 10.0, "logits of size 1000 with T = 10"),
    ]


def check_energy(function):
    """Exercise 4: a hand-written stable energy score."""
    exercise = "open-set 4"
    if not callable(function):
        return Feedback("incorrect", f"expected a function, got {describe(function)}.", exercise=exercise)
    for logits, T, description in _energy_cases():
        got, problem = run_student_function(function, (logits.copy(), T), description, exercise=exercise,
                                            returns="one number per row", ravel=True, quiet=True)
        if problem is not None:
            return problem
        expected = energy_score(logits, temperature=T)
        if got.shape != expected.shape:
            return Feedback("incorrect", f"on {description} it returned {got.size} values; return one energy per row "
                            f"({expected.size}).", exercise=exercise)
        if np.allclose(got, expected, rtol=1e-9, atol=1e-9):
            continue
        if not np.all(np.isfinite(got)):
            return Feedback("incorrect", f"on {description} it returned {got.tolist()}: exp overflowed. Subtract each "
                            "row's largest f/T before exponentiating, and add it back after the log.", exercise=exercise)
        z = logits / T
        m = z.max(axis=1)
        with np.errstate(all="ignore"):
            slips = [
                (-expected, "You have the sign flipped: the energy is MINUS T log sum exp(f/T)."),
                (expected / T, "You forgot the factor T in front of the log: E = -T log sum exp(f / T)."),
                (-np.log(np.exp(logits).sum(axis=1)) if T != 1 else None,
                 "You did not divide the logits by T inside the exponential."),
                (-T * (z.max(axis=1) + np.log(np.exp(z - m[:, None]).sum(axis=1))) - T * m,
                 "You added the row maximum back twice."),
                (-T * np.log(np.exp(z - m[:, None]).sum(axis=1)), "You subtracted the row maximum but did not add it back "
                 "after the log: log sum exp(z) = m + log sum exp(z - m)."),
                (-T * m, "That is -max f, the T → 0 limit; add T log sum exp(f/T - m)."),
            ]
        for value, hint in slips:
            if value is not None and value.shape == got.shape and np.allclose(got, value, rtol=1e-9, atol=1e-9):
                return Feedback("incorrect", f"on {description}: {hint}", exercise=exercise)
        return Feedback("incorrect", f"on {description} it returned {np.round(got, 4).tolist()} but the energy is "
                        f"{np.round(expected, 4).tolist()}.", exercise=exercise)
    return Feedback("correct", "your energy agrees with negedu.openset.energy_score, even for logits of size 1000.",
                    exercise=exercise)


def _uncertainty_cases():
    rng = np.random.RandomState(1)
    return [
        (np.array([[-5.0, -5.0]]), "logits [[-5, -5]] (no evidence)"),
        (np.array([[8.0, 0.0], [3.0, -1.0]]), "logits [[8, 0], [3, -1]]"),
        (rng.normal(scale=3, size=(6, 4)), "6 random rows of 4 logits"),
    ]


def check_uncertainty(function):
    """Exercise 5: a hand-written evidential uncertainty K / S with ReLU evidence."""
    exercise = "open-set 5"
    if not callable(function):
        return Feedback("incorrect", f"expected a function, got {describe(function)}.", exercise=exercise)
    for logits, description in _uncertainty_cases():
        got, problem = run_student_function(function, (logits.copy(),), description, exercise=exercise,
                                            returns="one number per row", ravel=True, quiet=True)
        if problem is not None:
            return problem
        expected = evidential_uncertainty(logits, evidence="relu")
        if got.shape != expected.shape:
            return Feedback("incorrect", f"on {description} it returned {got.size} values; return one uncertainty per "
                            f"row ({expected.size}).", exercise=exercise)
        if np.allclose(got, expected, rtol=1e-9, atol=1e-12):
            continue
        K = logits.shape[1]
        evidence = np.maximum(logits, 0.0)
        with np.errstate(all="ignore"):
            slips = [
                (K / evidence.sum(axis=1), "You forgot the + 1: alpha = evidence + 1, so S = sum(evidence) + K."),
                (1 - K / (evidence + 1).sum(axis=1), "That is the total belief sum_k e_k / S = 1 - u; the uncertainty "
                 "is u = K / S."),
                (K / (np.abs(logits) + 1).sum(axis=1), "Evidence is max(f, 0): negative logits give no evidence, they do "
                 "not count with their absolute value."),
                (K / (logits + 1).sum(axis=1), "Apply the ReLU first: e = max(f, 0)."),
                (1 - softmax(logits).max(axis=1), "That is the max-softmax score; the uncertainty mass is K / sum(alpha)."),
                ((evidence + 1).sum(axis=1) / K, "You inverted the ratio: u = K / S, not S / K."),
            ]
        for value, hint in slips:
            if value.shape == got.shape and np.allclose(got, value, rtol=1e-9, atol=1e-12, equal_nan=True):
                return Feedback("incorrect", f"on {description}: {hint}", exercise=exercise)
        return Feedback("incorrect", f"on {description} it returned {np.round(got, 4).tolist()} but u is "
                        f"{np.round(expected, 4).tolist()}.", exercise=exercise)
    return Feedback("correct", "your uncertainty mass agrees with negedu.openset.evidential_uncertainty (ReLU evidence).",
                    exercise=exercise)
