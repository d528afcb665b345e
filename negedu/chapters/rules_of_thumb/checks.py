"""Checks for the exercises of "Rules of thumb".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises.
"""

from functools import lru_cache

import numpy as np

from negedu.datasets import load_fraud_case
from negedu.losses import fit_logistic_regression, logistic_proba
from negedu.metrics import average_precision_score
from negedu.resampling import prior_correction
from negedu.exercises import Feedback, Mistake, as_number, check_function, check_number, describe, is_unanswered

__all__ = ["fraud_test_period", "check_which_rules", "check_ap_one_in_100", "check_prior_correction"]


@lru_cache(maxsize=1)
def fraud_test_period():
    """The fraud case's test period and the plain logistic model's probabilities of fraud on it.

    The model is the case study's "plain" one: logistic regression fitted on the training
    period of :func:`negedu.datasets.load_fraud_case`. Returns ``(test, p)``.
    """
    data = load_fraud_case()
    model = fit_logistic_regression(data.train.Z, data.train.y)
    return data.test, logistic_proba(model, data.test.Z)


def check_which_rules(rules):
    """Exercise 1: the two rules to check first (a set of rule numbers)."""
    name = "rules-of-thumb 1"
    if is_unanswered(rules):
        return Feedback("unanswered", "set rules to a set of two rule numbers, e.g. {1, 2}.", exercise=name)
    try:
        values = None if isinstance(rules, (str, bytes)) else [as_number(r) for r in rules]
    except Exception:  # not a collection at all
        values = None
    if values is None or any(v is None or not np.isfinite(v) or v != int(v) for v in values):
        return Feedback("incorrect", f"rules should be a set of rule numbers such as {{1, 2}}, got {describe(rules)}.",
                        exercise=name)
    given = {int(v) for v in values}
    if given == {5, 7}:
        return Feedback("correct", "rule 5 (was SMOTE inside the folds? 0.91 on 40 positives smells of leakage) and "
                                   "rule 7 (probabilities after SMOTE overstate the positives: correct the prior "
                                   "before pricing).", exercise=name)
    hints = []
    if 5 not in given:
        hints.append("An F1 of 0.91 'after SMOTE' in cross-validation: where did SMOTE run? (rule 5)")
    if 7 not in given:
        hints.append("Pricing uses the probabilities themselves: what does balancing do to them? (rule 7)")
    if 6 in given:
        hints.append("Rule 6 is advice for next time; it does not say whether this result can be trusted.")
    return Feedback("incorrect", " ".join(hints) or "Two rules, no more.", exercise=name)


def _ap_one_in_100():
    test, p = fraud_test_period()
    keep = (test.y == 1) | (np.arange(test.y.size) % 100 == 0)
    return average_precision_score(test.y[keep], p[keep])


def check_ap_one_in_100(ap):
    """Exercise 2: AP of the case study's model with one legitimate payment in 100 kept."""
    try:
        expected = _ap_one_in_100()
        test, p = fraud_test_period()
        one_in_10 = (test.y == 1) | (np.arange(test.y.size) % 10 == 0)
        mistakes = [Mistake(average_precision_score(test.y, p), "That is the AP on all the test payments; keep every "
                                                                "fraud but only the rows whose index is a multiple of 100."),
                    Mistake(average_precision_score(test.y[one_in_10], p[one_in_10]),
                            "That is one in 10 (rule 3's experiment); keep one legitimate payment in 100.")]
    except Exception as exc:  # a check never raises
        return Feedback("error", f"could not compute the answer: {type(exc).__name__}: {exc}", exercise="rules-of-thumb 2")
    return check_number(ap, expected, exercise="rules-of-thumb 2", tol=1e-6, mistakes=mistakes,
                        explain=f"AP {expected:.3f}: with a hundred times fewer negatives each false alarm is rarer, "
                        "so precision and AP rise, while ROC AUC stays where it was.")


def check_prior_correction(function):
    """Exercise 3: a hand-written prior correction ``correct(p_s, beta)``."""
    cases = [((0.5, 0.1), prior_correction(0.5, 0.1), "p_s = 0.5, beta = 0.1"),
             ((0.9, 1 / 19), prior_correction(0.9, 1 / 19), "p_s = 0.9, beta = 1/19"),
             ((0.3, 1.0), 0.3, "beta = 1 (no resampling)")]

    def diagnose(args, got, expected):
        p_s, beta = args
        if np.isclose(got, p_s / (p_s + beta * (1 - p_s))):
            return "That is the opposite direction (from p to p_s): divide by beta instead, p_s / (p_s + (1 - p_s) / beta)."
        if np.isclose(got, beta * p_s):
            return "Multiplying by beta is not enough: the result must still be a probability; renormalise."
        return None

    return check_function(function, cases, exercise="rules-of-thumb 3", diagnose=diagnose,
                          explain="your correction agrees with negedu.resampling.prior_correction.")
