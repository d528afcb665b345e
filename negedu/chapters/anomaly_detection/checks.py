"""Checks for the exercises of Chapter 12, "Anomaly detection".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises.
"""

import numpy as np

from negedu.anomaly import average_path_length, local_outlier_factor
from negedu.datasets import make_anomaly_blobs
from negedu.metrics import average_precision_score
from negedu.exercises import (
    Feedback, Mistake, as_number, check_function, check_number, describe, is_unanswered, run_student_function,
)

__all__ = ["check_fraud_precision", "check_n_flagged", "my_data", "K_GRID", "check_best_k", "check_c", "check_lrd"]

#: The neighbourhood sizes exercise 3 compares.
K_GRID = (3, 5, 10, 20, 40)


def check_fraud_precision(answer):
    """Exercise 1: precision of 25 alarms (predict == -1) of which 8 are fraud, among 10 frauds in 1,000."""
    return check_number(
        answer,
        8 / 25,
        exercise="anomaly-detection 1",
        mistakes=[
            Mistake(8 / 10, "That is the recall (8 of the 10 frauds found). Precision divides by the alarms, the 25 rows labelled -1."),
            Mistake(973 / 975, "That is the precision of the +1 label, i.e. of 'normal'. In scikit-learn's convention -1 is the "
                               "anomaly: the alarms are the 25 rows labelled -1, and fraud is the positive class."),
            Mistake(17 / 25, "That is the share of false alarms; precision is the share of alarms that are real fraud."),
            Mistake(8 / 1000, "Divide by the number of alarms (25), not by all transactions."),
            Mistake(25 / 1000, "That is the share of rows flagged; precision asks how many of the 25 alarms are fraud."),
        ],
        explain="8/25 = 0.32: the -1 label is the alarm, and the fraud (the anomaly) is the positive class.",
    )


def check_n_flagged(answer):
    """Exercise 2: rows flagged by contamination=0.02 on 5,000 rows (25 real anomalies)."""
    return check_number(
        answer,
        100,
        exercise="anomaly-detection 2",
        tol=0.011,
        mistakes=[
            Mistake(25, "The detector does not know that there are 25 anomalies: nothing in unlabelled data says so. "
                        "It flags the share you asked for, contamination x n_samples."),
            Mistake(0.02, "That is the share; the question asks how many rows, 0.02 x 5,000."),
            Mistake(2, "contamination=0.02 means 2 %, not 2 rows: 0.02 x 5,000."),
            Mistake(4900, "That is the number of rows labelled +1 (normal); flagged means labelled -1."),
        ],
        explain="100 rows: contamination is a prior you choose; the detector flags that share whatever the truth is "
                "(here 75 false alarms at least).",
    )


def my_data(seed):
    """The data of exercise 3 for a student's seed: 300 + 200 normal rows, 6 local and 6 global anomalies."""
    return make_anomaly_blobs(random_state=seed)


def check_best_k(best_k, best_ap, *, seed):
    """Exercise 3: the k of K_GRID with the highest LOF average precision on the student's data, and that AP."""
    exercise = "anomaly-detection 3"
    if is_unanswered(best_k) or is_unanswered(best_ap):
        return Feedback("unanswered", "set both best_k and best_ap, then run the check again.", exercise=exercise)
    X, y = my_data(seed)
    ap = {k: average_precision_score(y, local_outlier_factor(X, n_neighbors=k)) for k in K_GRID}
    top = max(ap.values())
    winners = [k for k, v in ap.items() if abs(v - top) <= 1e-12]
    flipped = {k: average_precision_score(y, -local_outlier_factor(X, n_neighbors=k)) for k in K_GRID}
    value = as_number(best_k)  # None for text such as '10', a list, ...
    best_k = int(value) if value is not None and np.isfinite(value) and value == int(value) else None
    if best_k not in K_GRID:
        return Feedback("incorrect", f"best_k should be one of the values of K_GRID, {K_GRID}.", exercise=exercise)
    listed = ", ".join(f"k={k}: {v:.3f}" for k, v in ap.items())
    if best_k not in winners:
        return Feedback("incorrect", f"k = {best_k} has AP {ap[best_k]:.3f}, but another k does better. Compute the "
                        "AP for every k in K_GRID with the LOF as the score (higher = more anomalous) and keep the "
                        "largest.", exercise=exercise)
    mistakes = [
        Mistake(flipped[best_k], "That AP is of the negated LOF. LOF is already an anomaly score: pass it as it is."),
        Mistake(float(np.mean(y)), "That is the anomaly rate, the AP of a random ranking."),
    ]
    return check_number(
        best_ap, top, exercise=exercise, tol=1e-6, mistakes=mistakes,
        explain=f"k = {best_k} gives the best AP, {top:.3f} ({listed}).",
    )


_C_CASES = [((n,), float(average_path_length(n)), f"n = {n}") for n in (1, 2, 3, 5, 10, 256, 1000)]


def _diagnose_c(args, got, expected):
    (n,) = args
    candidates = []
    if n > 2:
        candidates += [
            (2 * (np.log2(n - 1) + np.euler_gamma) - 2 * (n - 1) / n, "You used log base 2; H(i) ≈ ln i + γ uses the natural log (np.log)."),
            (2 * (np.log(n - 1) + np.euler_gamma), "You left out the - 2(n - 1)/n term."),
            (2 * np.sum(1.0 / np.arange(1, n)) - 2 * (n - 1) / n, "You used the exact harmonic number; the book (and "
             "scikit-learn) use the approximation H(i) ≈ ln i + γ. Both are fine in practice, but the check wants the approximation."),
            (2 * (np.log(n) + np.euler_gamma) - 2 * (n - 1) / n, "Use H(n - 1), not H(n): ln(n - 1) + γ."),
        ]
    if n == 2:
        candidates.append((2 * (np.log(1) + np.euler_gamma) - 1.0, "For n = 2 the approximation gives 2γ - 1 ≈ 0.154, "
                           "but c(2) = 1 (one more split always isolates two points): special-case it."))
    if n <= 1:
        candidates.append((float("nan"), "c(1) = 0: a single point needs no further split."))
    for value, hint in candidates:
        if np.isfinite(value) and abs(got - value) < 1e-9:
            return hint
    return "c(n) = 2(ln(n - 1) + γ) - 2(n - 1)/n for n > 2, c(2) = 1 and c(1) = 0."


def check_c(function):
    """Exercise 4: a hand-written c(n), compared with negedu.anomaly.average_path_length."""
    return check_function(function, _C_CASES, exercise="anomaly-detection 4", diagnose=_diagnose_c,
                          explain="your c(n) agrees with negedu.anomaly.average_path_length (and scikit-learn's).")


def _lrd_cases():
    rng = np.random.RandomState(0)
    return [
        (np.array([[0.0], [1.0], [2.0], [10.0]]), 2, "X = [[0], [1], [2], [10]] with k = 2"),
        (rng.normal(size=(12, 2)), 3, "12 random points in 2-D with k = 3"),
        (rng.normal(size=(20, 3)), 5, "20 random points in 3-D with k = 5"),
    ]


def _reference_lrd(X, k, *, self_included=False, use_own_kdist=False, no_max=False):
    D = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1))
    if not self_included:
        np.fill_diagonal(D, np.inf)
    nb = np.argsort(D, axis=1, kind="stable")[:, :k]
    d = np.take_along_axis(D, nb, axis=1)
    k_dist = d[:, -1]
    if no_max:
        reach = d
    elif use_own_kdist:
        reach = np.maximum(k_dist[:, None], d)
    else:
        reach = np.maximum(k_dist[nb], d)
    return 1.0 / reach.mean(axis=1), reach.mean(axis=1)


def check_lrd(function):
    """Exercise 5: a hand-written local reachability density, with hints for the usual slips."""
    exercise = "anomaly-detection 5"
    if not callable(function):
        return Feedback("incorrect", f"expected a function, got {describe(function)}.", exercise=exercise)
    for X, k, description in _lrd_cases():
        got, problem = run_student_function(function, (X.copy(), k), description, exercise=exercise,
                                            returns="one number per row", ravel=True)
        if problem is not None:
            return problem
        expected, _ = _reference_lrd(X, k)
        if got.shape != expected.shape:
            return Feedback("incorrect", f"on {description} it returned {got.size} values; return one density per row "
                            f"({expected.size}).", exercise=exercise)
        if np.allclose(got, expected, rtol=1e-7, atol=0):
            continue
        slips = [
            (_reference_lrd(X, k)[1], "You returned the mean reachability distance; the density is its inverse, 1 / mean."),
            (_reference_lrd(X, k, no_max=True)[0], "You used the plain distances d(x, o); the reachability distance is "
             "max(k-dist(o), d(x, o))."),
            (_reference_lrd(X, k, use_own_kdist=True)[0], "You used the k-distance of x itself; reach-dist uses the "
             "k-distance of the neighbour o: max(k-dist(o), d(x, o))."),
        ]
        with np.errstate(divide="ignore"):
            slips.append((_reference_lrd(X, k, self_included=True)[0], "Each row counted itself as a neighbour: "
                          "exclude it (e.g. put np.inf on the diagonal of the distance matrix)."))
        for value, hint in slips:
            if value.shape == got.shape and np.allclose(got, value, rtol=1e-7, atol=0, equal_nan=True):
                return Feedback("incorrect", f"on {description}: {hint}", exercise=exercise)
        return Feedback("incorrect", f"on {description} the first values are {np.round(got[:3], 4).tolist()} but should "
                        f"be {np.round(expected[:3], 4).tolist()}. Check the neighbours (k other rows), the k-distance "
                        "of each neighbour, and the 1 / mean.", exercise=exercise)
    return Feedback("correct", "your densities agree with the paper's formula on every case.", exercise=exercise)
