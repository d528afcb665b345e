"""Checks for the exercises of the chapter "Shifting negatives".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises.
"""

from functools import lru_cache

import numpy as np

from negedu.losses import LogisticRegression
from negedu.datasets import make_class_blobs
from negedu.shift import adjust_to_prior, estimate_prior_em, population_stability_index
from negedu.exercises import Feedback, Mistake, call_student, check_function, check_number, is_unanswered

__all__ = ["check_deployment_fpr", "check_adjusted", "my_deployment", "check_em", "check_psi", "check_em_function"]


def check_deployment_fpr(answer):
    """Exercise 1: FPR 0.004 on ordinary mail, 0.70 on marketing, 30 % of the negatives marketing."""
    return check_number(
        answer,
        0.7 * 0.004 + 0.3 * 0.70,
        exercise="shifting-negatives 1",
        mistakes=[
            Mistake(0.004, "That is the FPR on the negatives it was evaluated on, the optimistic number. In deployment "
                           "the negatives are a mixture: weight each FPR by its share."),
            Mistake(0.70, "That is the FPR on marketing only; 70 % of the deployment negatives are ordinary mail."),
            Mistake((0.004 + 0.70) / 2, "You averaged the two FPRs equally; weight them by the shares 0.7 and 0.3."),
            Mistake(0.3 * 0.004 + 0.7 * 0.70, "The weights are swapped: 30 % of the negatives are marketing (FPR 0.70)."),
            Mistake(0.3 * 0.70, "Add the ordinary mail's share too: 0.7 x 0.004."),
        ],
        explain="0.7 x 0.004 + 0.3 x 0.70 = 0.2128: fifty times the FPR measured on the training negatives.",
    )


def check_adjusted(answer):
    """Exercise 2: p = 0.8 at a training base rate of 0.5, adjusted to a base rate of 0.02."""
    expected = float(adjust_to_prior([0.8], 0.5, 0.02)[0])
    return check_number(
        answer,
        expected,
        exercise="shifting-negatives 2",
        mistakes=[
            Mistake(0.8 * 0.02 / 0.5, "You scaled the probability by pi'/pi but did not renormalise: the negative "
                                      "class's probability must be scaled by (1 - pi')/(1 - pi) too, then divide by the sum."),
            Mistake(0.8 * 0.02, "Multiplying by the base rate is not Bayes' rule; multiply the odds by the ratio of "
                                "the prior odds, (0.02/0.98) / (0.5/0.5)."),
            Mistake(0.8, "Under label shift the probability must change: the model learned odds at a base rate of 0.5."),
            Mistake(4 * 0.02 / 0.98, "That is the adjusted odds (0.0816); turn it into a probability, odds / (1 + odds)."),
        ],
        explain=f"odds 4 x (0.02/0.98) = 0.0816, so p' = 0.0816 / 1.0816 = {expected:.4f}.",
    )


@lru_cache(maxsize=4)
def _deployment(seed):
    rng = np.random.RandomState(seed % (2**32))
    n_pos = int(rng.randint(60, 300))  # a base rate between 3 % and 15 % of 2,000 rows
    field = make_class_blobs([2000 - n_pos, n_pos], separation=1.0, random_state=rng)
    balanced = make_class_blobs([1000, 1000], separation=1.0, random_state=0)
    model = LogisticRegression().fit(balanced.X, balanced.y)
    return model.predict_proba(field.X)[:, 1]


def my_deployment(seed):
    """Exercise 3: probabilities (training base rate 0.5) of a student's own unlabelled deployment rows."""
    return _deployment(int(seed)).copy()


def check_em(estimated_prior, n_alarms, *, seed):
    """Exercise 3: the EM estimate of the deployment base rate, and the alarms at adjusted p >= 0.5."""
    exercise = "shifting-negatives 3"
    if is_unanswered(estimated_prior) or is_unanswered(n_alarms):
        return Feedback("unanswered", "set both estimated_prior and n_alarms, then run the check again.", exercise=exercise)
    p = my_deployment(seed)
    result = estimate_prior_em(p, 0.5)
    prior_feedback = check_number(
        estimated_prior, result.prior, exercise=exercise, tol=1e-4,
        mistakes=[
            Mistake(float(p.mean()), "That is the average of the raw probabilities: it is pulled towards the training "
                                     "base rate 0.5. Iterate: adjust to the current estimate, average, repeat "
                                     "(estimate_prior_em)."),
            Mistake(float(np.mean(p >= 0.5)), "That is the share of rows with p >= 0.5; the EM estimate averages the "
                                              "adjusted probabilities instead."),
        ],
    )
    if prior_feedback.status != "correct":
        return prior_feedback
    expected = int(np.sum(result.y_prob >= 0.5))
    return check_number(
        n_alarms, expected, exercise=exercise, tol=1e-9,
        mistakes=[Mistake(int(np.sum(p >= 0.5)), "You counted the raw probabilities; count the adjusted ones "
                                                 "(result.y_prob) at >= 0.5.")],
        explain=f"the deployment base rate is about {result.prior:.3f} and {expected} rows keep p >= 0.5 after the "
                f"adjustment (against {int(np.sum(p >= 0.5))} before).",
    )


def _psi_cases():
    rng = np.random.RandomState(0)
    return [
        ((np.arange(20.0), np.arange(20.0) + 5, 4), population_stability_index(np.arange(20.0), np.arange(20.0) + 5, bins=4),
         "expected = 0..19, actual = 5..24, bins = 4"),
        ((rng.normal(size=200), rng.normal(0.5, 1.2, size=150), 10), None, "200 normal scores against 150 shifted ones, bins = 10"),
        ((np.r_[np.zeros(50), np.ones(50)], np.ones(40), 5), None, "tied scores with an empty bin, bins = 5"),
    ]


def _cases():
    cases = []
    for args, value, description in _psi_cases():
        expected = population_stability_index(args[0], args[1], bins=args[2]) if value is None else value
        cases.append((args, expected, description))
    return cases


def _never_raises(hint, recipe):
    """A ``diagnose`` for :func:`check_function`: ``hint(args, got)``, or ``recipe`` if the hint itself fails."""
    def diagnose(args, got, expected):
        try:
            return hint(args, got)
        except Exception:  # noqa: BLE001 - a diagnosis must never raise
            return recipe
    return diagnose


_PSI_RECIPE = "Cut at np.quantile(expected, j / bins), count the shares, raise them to at least 1e-4, sum (a - e) ln(a / e)."
_EM_RECIPE = "Repeat: q = adjust(p, train_prior -> prior); prior = mean(q); stop when it moves by less than 1e-10."


def _psi_hint(args, got):
    e_scores, a_scores, bins = args
    edges = np.quantile(e_scores, np.arange(1, bins) / bins)

    def shares(x, cut, side="right"):
        return np.maximum(np.bincount(np.searchsorted(cut, x, side=side), minlength=bins) / x.size, 1e-4)

    e, a = shares(e_scores, edges), shares(a_scores, edges)
    a_edges = np.quantile(a_scores, np.arange(1, bins) / bins)
    candidates = [
        (float(np.sum(a * np.log(a / e))), "That is only KL(a || e); the PSI is symmetric: sum (a - e) ln(a / e)."),
        (float(np.sum((a - e) * np.log2(a / e))), "Use the natural logarithm (np.log), not log2."),
        (float(np.sum((e - a) * np.log(a / e))), "The sign is flipped: (a - e) ln(a / e) is never negative."),
        (float(np.sum((shares(a_scores, a_edges) - shares(e_scores, a_edges))
                      * np.log(shares(a_scores, a_edges) / shares(e_scores, a_edges)))),
         "The bin edges come from the quantiles of expected (the reference), not of actual."),
        (float(np.sum((shares(a_scores, edges, "left") - shares(e_scores, edges, "left"))
                      * np.log(shares(a_scores, edges, "left") / shares(e_scores, edges, "left")))),
         "A score equal to an edge goes to the bin on its right: searchsorted(..., side='right')."),
    ]
    for value, hint in candidates:
        if np.isfinite(value) and abs(got - value) < 1e-9:
            return hint
    return _PSI_RECIPE


def check_psi(function):
    """Exercise 4: a hand-written population stability index."""
    return check_function(function, _cases(), exercise="shifting-negatives 4", diagnose=_never_raises(_psi_hint, _PSI_RECIPE),
                          explain="your PSI agrees with negedu.shift.population_stability_index.")


def _em_cases():
    rng = np.random.RandomState(1)
    p1 = 1 / (1 + np.exp(-rng.normal(-1.0, 1.5, size=300)))
    p2 = 1 / (1 + np.exp(-rng.normal(0.5, 1.0, size=200)))
    return [
        ((np.array([0.9, 0.8, 0.2, 0.1]), 0.5), "p = [0.9, 0.8, 0.2, 0.1], train_prior = 0.5"),
        ((p1, 0.5), "300 probabilities, train_prior = 0.5"),
        ((p2, 0.3), "200 probabilities, train_prior = 0.3"),
    ]


def _em_hint(args, got):
    p, train_prior = args
    # the usual slip: adjusting the already-adjusted probabilities each round
    q, prior = p.copy(), train_prior
    for _ in range(1000):
        q = adjust_to_prior(q, prior, float(np.mean(q))) if 0 < np.mean(q) < 1 else q
        moved, prior = abs(float(np.mean(q)) - prior), float(np.mean(q))
        if moved < 1e-12:
            break
    candidates = [
        (float(np.mean(p)), "That is one M-step from the raw probabilities: iterate until the prior stops moving."),
        (prior, "Adjust the *original* probabilities from train_prior to the current estimate at every step, not the "
                "previous step's adjusted ones."),
    ]
    for value, hint in candidates:
        if abs(got - value) < 1e-7:
            return hint
    return _EM_RECIPE


def check_em_function(function):
    """Exercise 5: a hand-written EM estimate of the new prior, compared with estimate_prior_em."""
    cases = [(args, estimate_prior_em(*args).prior, description) for args, description in _em_cases()]
    feedback = check_function(function, [(a, e, d) for a, e, d in cases], exercise="shifting-negatives 5",
                              diagnose=_never_raises(_em_hint, _EM_RECIPE),
                              explain="your EM estimate agrees with negedu.shift.estimate_prior_em.")
    if feedback.status == "incorrect" and "returned" in feedback.message:
        # both stop at a tolerance of 1e-10 on the prior: accept answers within 1e-7 of the fixed point
        try:
            close = all(abs(float(call_student(function, *args)) - expected) < 1e-7 for args, expected, _ in cases)
        except Exception:  # noqa: BLE001 - feedback, never a traceback
            close = False
        if close:
            return Feedback("correct", "your EM estimate agrees with negedu.shift.estimate_prior_em.",
                            exercise="shifting-negatives 5")
    return feedback
