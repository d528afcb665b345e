"""Checks for the exercises of the chapter "Balanced ensembles".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises.
"""

from functools import lru_cache

import numpy as np

from negedu.datasets import Bunch, make_fruit_clusters
from negedu.ensemble import EasyEnsembleClassifier
from negedu.metrics import average_precision_score
from negedu.exercises import (
    Feedback, Mistake, as_number, both_correct, check_number, describe, is_unanswered, run_student_function,
)

__all__ = ["check_coverage", "check_split_gini", "my_data", "check_easy_ensemble_ap", "check_average"]


def check_coverage(share_one, share_ten):
    """Exercise 1: 50 positives, 1,000 negatives: negatives seen by one undersample, and by ten."""
    exercise = "balanced-ensembles 1"
    if is_unanswered(share_one) or is_unanswered(share_ten):
        return Feedback("unanswered", "set both share_one and share_ten, then run the check again.", exercise=exercise)
    first = check_number(
        share_one, 0.05, exercise=exercise,
        mistakes=[Mistake(50, "50 is the number of negatives kept; the question asks for their share of the 1,000."),
                  Mistake(0.95, "0.95 is the share of negatives one undersample throws away."),
                  Mistake(1 / 21, "That divides by all 1,050 samples; the share is of the 1,000 negatives.")],
        explain="one undersample keeps 50 of 1,000 negatives, 5 %.",
    )
    second = check_number(
        share_ten, 1 - 0.95**10, exercise=exercise,
        mistakes=[Mistake(0.5, "10 x 5 % counts a negative twice when two members draw it. A negative is missed by "
                               "all ten with probability 0.95^10; the share seen is 1 - 0.95^10."),
                  Mistake(0.95**10, "0.95^10 is the share that no member sees; subtract it from 1."),
                  Mistake(1 - 0.05**10, "0.05^10 is the chance that every member draws a given negative; a negative "
                                        "is missed by one member with probability 0.95.")],
        explain="1 - 0.95^10 = 0.401: ten members together see about 40 % of the negatives, not 50 %.",
    )
    return both_correct(first, second, exercise=exercise)


_GINI_CASES = [
    (([30, 10], [5, 55]), "left (30, 10), right (5, 55)"),
    (([10, 0], [0, 10]), "a perfect split"),
    (([3, 3, 4], [7, 1, 2]), "three classes"),
    (([1, 0], [9, 10]), "a tiny left child"),
]


def _split_gini(left, right):
    left, right = np.asarray(left, dtype=float), np.asarray(right, dtype=float)
    n_left, n_right = left.sum(), right.sum()

    def gini(counts):
        return 1.0 - np.sum((counts / counts.sum()) ** 2)

    return float((n_left * gini(left) + n_right * gini(right)) / (n_left + n_right))


def check_split_gini(function):
    """Exercise 3: ``my_split_gini(left_counts, right_counts)``, the weighted Gini impurity of a split."""
    exercise = "balanced-ensembles 3"
    if not callable(function):
        return Feedback("incorrect", f"expected a function, got {describe(function)}.", exercise=exercise)
    for (left, right), description in _GINI_CASES:
        got, problem = run_student_function(function, (list(left), list(right)), description, exercise=exercise)
        if problem is not None:
            return problem
        value = as_number(got)  # None for text such as '0.5', a list, ...
        if value is None:
            return Feedback("incorrect", f"on {description} it returned {describe(got)}; return one number.", exercise=exercise)
        expected = _split_gini(left, right)
        if abs(value - expected) <= 1e-9:
            continue
        l, r = np.asarray(left, dtype=float), np.asarray(right, dtype=float)
        g = [1.0 - np.sum((c / c.sum()) ** 2) for c in (l, r)]
        if abs(value - (g[0] + g[1]) / 2) <= 1e-9:
            hint = "You averaged the two children equally; weight each child's Gini by its share of the samples, n_L/n and n_R/n."
        elif abs(value - (1 - expected)) <= 1e-9 or abs(value - (l.sum() * (1 - g[0]) + r.sum() * (1 - g[1])) / (l.sum() + r.sum())) <= 1e-9:
            hint = "That is the sum of squared shares; the Gini impurity of a node is 1 minus it."
        elif abs(value - (l.sum() * g[0] + r.sum() * g[1])) <= 1e-9:
            hint = "You weighted by the counts n_L and n_R; divide by n = n_L + n_R too."
        else:
            hint = "Gini of a node: 1 - sum_k p_k^2 with p_k = count_k / node size; then n_L/n G_L + n_R/n G_R."
        return Feedback("incorrect", f"on {description} it returned {value:.6g} but the answer is {expected:.6g}. {hint}",
                        exercise=exercise)
    return Feedback("correct", "your weighted Gini impurity agrees on every case.", exercise=exercise)


def my_data(seed):
    """Exercise 2: a student's training and test sets (the chapter's clusters; sizes from the seed)."""
    rng = np.random.RandomState(seed)
    n_negative, n_positive = int(rng.randint(400, 700)), int(rng.randint(25, 50))
    X, y = make_fruit_clusters(n_negative, n_positive, random_state=seed)
    X_test, y_test = make_fruit_clusters(4 * n_negative, 4 * n_positive, random_state=seed + 1)
    return Bunch(X=X, y=y, X_test=X_test, y_test=y_test)


@lru_cache(maxsize=8)
def _expected_ap(seed):  # cached: a student runs the check again and again
    data = my_data(seed)
    model = EasyEnsembleClassifier(n_estimators=10, random_state=0).fit(data.X, data.y)
    proba = model.predict_proba(data.X_test)[:, 1]
    member = model.estimators_[0].predict_proba(data.X_test)[:, 1]
    return Bunch(
        ensemble=float(average_precision_score(data.y_test, proba)),
        member=float(average_precision_score(data.y_test, member)),
        labels=float(average_precision_score(data.y_test, model.predict(data.X_test))),
        train=float(average_precision_score(data.y, model.predict_proba(data.X)[:, 1])),
    )


def check_easy_ensemble_ap(ap_ensemble, ap_member, *, seed):
    """Exercise 2: test AP of EasyEnsemble (10 members, random_state=0) and of its first member alone."""
    exercise = "balanced-ensembles 2"
    if is_unanswered(ap_ensemble) or is_unanswered(ap_member):
        return Feedback("unanswered", "set both ap_ensemble and ap_member, then run the check again.", exercise=exercise)
    try:
        expected = _expected_ap(seed)
    except Exception as exc:  # a check never raises
        return Feedback("error", f"could not rebuild your data for seed={describe(seed)} ({exc}); pass seed=seed.", exercise=exercise)
    first = check_number(
        ap_ensemble, expected.ensemble, exercise=exercise, tol=1e-6,
        mistakes=[Mistake(expected.labels, "You scored the 0/1 predictions; AP ranks scores: use predict_proba(X_test)[:, 1]."),
                  Mistake(expected.train, "That is the AP on the training set; score the test set."),
                  Mistake(expected.member, "That is the AP of the first member; ap_ensemble is the whole ensemble's.")],
        explain=f"the ensemble's test AP is {expected.ensemble:.3f}.",
    )
    second = check_number(
        ap_member, expected.member, exercise=exercise, tol=1e-6,
        mistakes=[Mistake(expected.ensemble, "That is the ensemble's AP; for one member use model.estimators_[0].predict_proba.")],
        explain=f"its first member alone: {expected.member:.3f}.",
    )
    return both_correct(first, second, exercise=exercise)


def check_average(function):
    """Exercise 4: ``my_average(probas)``, the members' mean probability (a list of (n, K) arrays)."""
    exercise = "balanced-ensembles 4"
    if not callable(function):
        return Feedback("incorrect", f"expected a function, got {describe(function)}.", exercise=exercise)
    rng = np.random.RandomState(4)
    cases = []
    for T, n, K in [(3, 4, 2), (5, 2, 3), (1, 3, 2)]:
        p = rng.dirichlet(np.ones(K), size=(T, n))
        cases.append(([member.copy() for member in p], f"{T} member(s), {n} samples, K = {K}"))
    for probas, description in cases:
        got, problem = run_student_function(function, ([p.copy() for p in probas],), description, exercise=exercise,
                                            returns="an array")
        if problem is not None:
            return problem
        stack = np.array(probas)
        expected = stack.mean(axis=0)
        if got.shape != expected.shape:
            hint = (" You averaged over the wrong axis: average over the members (axis 0), keep samples and classes."
                    if got.size != expected.size else "")
            return Feedback("incorrect", f"on {description} it returned shape {got.shape}; expected {expected.shape}.{hint}",
                            exercise=exercise)
        if np.allclose(got, expected, atol=1e-12):
            continue
        if np.allclose(got, stack.sum(axis=0)):
            hint = "You summed the members; divide by their number T."
        elif np.allclose(got, stack.prod(axis=0)):
            hint = "You multiplied the probabilities; the ensemble takes their mean."
        elif set(np.unique(got).tolist()) <= {0.0, 1.0}:
            hint = "You returned hard labels (a vote); return the mean probabilities."
        else:
            hint = "Return (p_1 + ... + p_T) / T, element by element."
        return Feedback("incorrect", f"on {description} your result differs from the mean. {hint}", exercise=exercise)
    return Feedback("correct", "your average equals the ensemble's on every case.", exercise=exercise)
