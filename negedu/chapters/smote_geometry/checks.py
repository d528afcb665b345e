r"""Checks for the exercises of Chapter 6, "Oversampling and the geometry of SMOTE".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises. The hints
name the usual slips: mixing two neighbours in one SMOTE point, letting the step leave
[0, 1), rounding ADASYN's shares down or forgetting to normalise them, counting a sample
among its own neighbours, counting noise as danger, searching the resampled set for the
"nearest original", and interpolating from the neighbour instead of from the sample.
"""

import numpy as np

from negedu.datasets import Bunch, standardised_basket
from negedu.neighbors import kneighbors
from negedu.resampling import borderline_danger, smote, smote_interpolate
from negedu.exercises import Feedback, Mistake, call_student, check_number, describe, is_unanswered

__all__ = [
    "X_I",
    "NEIGHBOURS",
    "CANDIDATES",
    "check_smote_candidates",
    "DELTA",
    "K",
    "G",
    "check_adasyn_total",
    "my_basket",
    "check_danger_set",
    "check_orange_shares",
    "check_interpolation",
]


# ---------------------------------------------------------------- exercise 1
#: Exercise 1: the base sample x_i and its two nearest minority neighbours a and b.
X_I = (1.0, 1.0)
NEIGHBOURS = {"a": (3.0, 1.0), "b": (1.0, 4.0)}
#: Exercise 1: the candidate points, by letter.
CANDIDATES = {
    "A": (2.0, 1.0),  # x_i + 0.5 (a - x_i)
    "B": (2.0, 2.5),  # midpoint of a and b: inside the triangle, on no segment from x_i
    "C": (1.0, 3.4),  # x_i + 0.8 (b - x_i)
    "D": (4.0, 1.0),  # x_i + 1.5 (a - x_i): beyond a
    "E": (0.0, 1.0),  # x_i - 0.5 (a - x_i): behind x_i
    "F": (3.0, 4.0),  # the fourth corner of the box
}
_POSSIBLE = {"A", "C"}
_WHY_NOT = {
    "B": "B is the midpoint of a and b. It lies inside the triangle x_i, a, b, but a SMOTE point moves from "
         "x_i towards ONE neighbour: it lies on the segment x_i-a or on the segment x_i-b, never between the two "
         "neighbours.",
    "D": "D = x_i + 1.5 (a - x_i) lies beyond a. The step λ is drawn from [0, 1): a new point never passes the "
         "neighbour.",
    "E": "E = x_i - 0.5 (a - x_i) lies behind x_i. The step λ is never negative: the new point moves towards "
         "the neighbour, not away from it.",
    "F": "F is the fourth corner of the box around x_i, a and b; adding both gaps is not SMOTE. The new point "
         "is on one segment from x_i.",
}


def _letters(answer):
    if isinstance(answer, str):
        items = [c for c in answer.upper() if c.isalpha()]
    else:
        try:
            items = [str(c).strip().upper() for c in answer]
        except TypeError:
            return None
    return set(items)


def check_smote_candidates(answer):
    """Exercise 1: which candidate points can SMOTE make from x_i with neighbours a and b?"""
    exercise = "smote-geometry 1"
    if is_unanswered(answer):
        return Feedback("unanswered", "replace ... with the letters of the possible points, e.g. {'A', 'F'}.",
                        exercise=exercise)
    letters = _letters(answer)
    if letters is None or not letters:
        return Feedback("incorrect", f"give the letters as a string or a set, e.g. 'AF' or {{'A', 'F'}}; got "
                        f"{describe(answer)}.", exercise=exercise)
    unknown = sorted(letters - set(CANDIDATES))
    if unknown:
        return Feedback("incorrect", f"there is no point {', '.join(unknown)}; the candidates are A to F.",
                        exercise=exercise)
    wrong = sorted(letters - _POSSIBLE)
    if wrong:
        return Feedback("incorrect", _WHY_NOT[wrong[0]], exercise=exercise)
    missing = sorted(_POSSIBLE - letters)
    if missing:
        point = missing[0]
        how = {"A": "A = x_i + 0.5 (a - x_i), half-way to a", "C": "C = x_i + 0.8 (b - x_i), most of the way to b"}
        return Feedback("incorrect", f"you left out {point}, which SMOTE can make: {how[point]}.",
                        exercise=exercise)
    return Feedback("correct", "A (λ = 0.5 towards a) and C (λ = 0.8 towards b): every SMOTE point lies on one "
                    "segment from x_i to one neighbour, with 0 ≤ λ < 1.", exercise=exercise)


# ---------------------------------------------------------------- exercise 2
#: Exercise 2: other-class samples Δ_i among the K = 5 nearest neighbours of five minority samples.
DELTA = (2, 0, 1, 3, 1)
K = 5
#: Exercise 2: the number G of new samples ADASYN is asked for.
G = 11


def _adasyn_counts(rounding, normalise=True):
    ratio = np.asarray(DELTA, dtype=float) / K
    share = ratio / ratio.sum() if normalise else ratio
    return rounding(share * G)


def check_adasyn_total(answer):
    """Exercise 2: how many samples ADASYN makes for DELTA, K and G (rint of the normalised shares)."""
    expected = int(np.sum(_adasyn_counts(np.rint)))
    return check_number(
        answer,
        expected,
        exercise="smote-geometry 2",
        tol=0,
        mistakes=[
            Mistake(G, "That is G, the number asked for. ADASYN rounds each sample's share g_i = r̂_i G to the "
                    "nearest integer, and the rounded shares need not add up to G."),
            Mistake(int(np.sum(_adasyn_counts(np.floor))), "You rounded each share down. ADASYN rounds to the "
                    "nearest integer (np.rint)."),
            Mistake(int(np.sum(_adasyn_counts(np.ceil))), "You rounded each share up. ADASYN rounds to the "
                    "nearest integer (np.rint)."),
            Mistake(int(np.sum(_adasyn_counts(np.rint, normalise=False))), "You multiplied r_i = Δ_i / K by G "
                    "without normalising: first divide each r_i by the sum of all r_j, so the shares add up to 1."),
        ],
        explain=f"r = (0.4, 0, 0.2, 0.6, 0.2), shares r̂ = (2, 0, 1, 3, 1) / 7, exact g = (3.14, 0, 1.57, 4.71, 1.57), "
        f"rounded (3, 0, 2, 5, 2): {expected} new samples, not the {G} asked for.",
    )


# ---------------------------------------------------------------- exercises 3 and 4
def my_basket(seed):
    """Your basket for exercises 3 and 4: 30 apples and 180 oranges, both features standardised.

    It is ``standardised_basket(random_state=seed, n_samples=210, imbalance_ratio=6)``:
    ``make_apples_and_oranges`` with each feature minus its mean, divided by its standard
    deviation. Returns a Bunch with ``X`` and ``y``.
    """
    basket = standardised_basket(random_state=seed, n_samples=210, imbalance_ratio=6)
    return Bunch(X=basket.X, y=basket.y)


def _m_prime_with_self(X, y, m):
    """m' of each apple by a search that wrongly counts the apple among its own m neighbours."""
    neighbor_idx = kneighbors(X, X[y == 1], m + 1)[:, :m]  # column 0 is the apple itself
    return np.sum(y[neighbor_idx] != 1, axis=1)


def check_danger_set(n_danger, n_noise, *, seed, m=10):
    """Exercise 3: the sizes of the danger set (m/2 <= m' < m) and of the noise set (m' = m) for m = 10."""
    exercise = "smote-geometry 3"
    if is_unanswered(n_danger) or is_unanswered(n_noise):
        return Feedback("unanswered", "set both n_danger and n_noise, then run the check again.", exercise=exercise)
    basket = my_basket(seed)
    status = borderline_danger(basket.X, basket.y, label=1, m_neighbors=m)
    m_prime = status.m_prime[basket.y == 1]
    danger, noise = int(status.danger.sum()), int(status.noise.sum())
    with_self = _m_prime_with_self(basket.X, basket.y, m)
    first = check_number(
        n_danger, danger, exercise=exercise, tol=0,
        mistakes=[
            Mistake(danger + noise, "You counted the noise too. A sample whose m neighbours are ALL of the other "
                    "class (m' = m) is taken for noise and left out of the danger set: m/2 ≤ m' < m."),
            Mistake(int(np.sum((m_prime > m / 2) & (m_prime < m))), "The lower bound is inclusive: m' = m/2 = 5 "
                    "(half of the neighbours are oranges) is already danger."),
            Mistake(int(np.sum((with_self >= m / 2) & (with_self < m))), "Your search counted each apple among its "
                    "own neighbours (distance 0). Ask for m + 1 neighbours and drop the first column."),
            Mistake(int(np.sum(m_prime < m / 2)), "That is the number of SAFE apples (m' < m/2). The danger set "
                    "is m/2 ≤ m' < m."),
        ],
    )
    if not first:
        return first
    return check_number(
        n_noise, noise, exercise=exercise, tol=0,
        mistakes=[Mistake(int(np.sum(with_self == m)), "Your search counted each apple among its own neighbours, "
                          "so no apple can have all m neighbours orange. Ask for m + 1 and drop the first column.")]
        if int(np.sum(with_self == m)) != noise else [],
        explain=f"{danger} apples in danger and {noise} taken for noise, out of {int(np.sum(basket.y == 1))}: "
        "Borderline-SMOTE starts every new apple from those in danger.",
    )


def _orange_share(X, y, k):
    """Share of SMOTE's new points (k neighbours, random_state=0) whose nearest original sample is an orange."""
    X_res, _ = smote(X, y, k_neighbors=k, random_state=0)
    nearest = kneighbors(X, X_res[len(y):], 1)[:, 0]  # (n_new,) into the original X
    return float(np.mean(y[nearest] == 0))


def check_orange_shares(share_k1, share_k7, *, seed):
    """Exercise 4: the share of SMOTE's new points whose nearest original sample is an orange, k = 1 and k = 7."""
    exercise = "smote-geometry 4"
    if is_unanswered(share_k1) or is_unanswered(share_k7):
        return Feedback("unanswered", "set both share_k1 and share_k7, then run the check again.", exercise=exercise)
    basket = my_basket(seed)
    expected = {k: _orange_share(basket.X, basket.y, k) for k in (1, 7)}
    for k, answer in ((1, share_k1), (7, share_k7)):
        mistakes = []
        if expected[k] != 0:
            mistakes.append(Mistake(0.0, "Each new point finds ITSELF at distance 0 if you search the resampled "
                                    "data. Search the original X only: kneighbors(X, X_new, 1)."))
        if abs(expected[k] - 0.5) > 1e-9:
            mistakes.append(Mistake(1 - expected[k], "That is the share whose nearest original sample is an APPLE; "
                                    "the question asks for the oranges."))
        feedback = check_number(answer, expected[k], exercise=exercise, tol=1e-9, mistakes=mistakes)
        if not feedback:
            feedback.message = f"for k = {k}: {feedback.message}"
            return feedback
    trend = ("Larger k lets SMOTE draw longer segments, and on your basket they reach further into the oranges."
             if expected[7] > expected[1] else
             "On your basket the longer segments of k = 7 do not reach further into the oranges: compare with the "
             "explorer's basket, where they do.")
    return Feedback("correct", f"{expected[1]:.0%} with k = 1 and {expected[7]:.0%} with k = 7. {trend}",
                    exercise=exercise)


# ---------------------------------------------------------------- exercise 5
def _interpolation_cases():
    rng = np.random.RandomState(11)
    square = (rng.normal(size=(3, 3)), rng.normal(size=(3, 3)), rng.uniform(size=3))  # n == p: broadcasting trap
    tall = (rng.normal(size=(7, 2)), rng.normal(size=(7, 2)), rng.uniform(size=7))
    wide = (rng.normal(size=(4, 5)), rng.normal(size=(4, 5)), rng.uniform(size=4))
    ends = (np.array([[0.0, 0.0], [1.0, 2.0]]), np.array([[4.0, 2.0], [1.0, -2.0]]), np.array([0.0, 0.75]))
    return [
        (ends, "two points with steps 0 and 0.75"),
        (tall, "7 points in 2 features"),
        (wide, "4 points in 5 features"),
        (square, "3 points in 3 features"),
    ]


def _expected_interpolation(x_base, x_neighbor, steps):
    return smote_interpolate(x_base, x_neighbor, steps)


def _diagnose_interpolation(x_base, x_neighbor, steps, got):
    s = steps[:, None]
    known = [
        (x_neighbor + s * (x_base - x_neighbor), "You started from the neighbour, x_nn + λ (x_i − x_nn), which is "
         "the same as moving by 1 − λ from the sample. SMOTE moves by λ from the sample: x_i + λ (x_nn − x_i)."),
        (s * (x_neighbor - x_base), "You returned only the step λ (x_nn − x_i); add the starting point x_i."),
        (x_base + s * (x_base - x_neighbor), "Your gap points the wrong way: it is x_nn − x_i, from the sample "
         "towards the neighbour."),
    ]
    if x_base.shape[0] == x_base.shape[1]:
        known.append((x_base + steps[None, :] * (x_neighbor - x_base), "You multiplied the gaps by the steps "
                      "along the wrong axis: each ROW gets its own λ. Use steps[:, np.newaxis] (shape (n, 1))."))
    for value, hint in known:
        if got.shape == value.shape and np.allclose(got, value, rtol=0, atol=1e-12):
            return hint
    return "Each new row is x_i + λ (x_nn − x_i): the base row, plus its own step times the gap to its neighbour."


def check_interpolation(function):
    """Exercise 5: ``function(x_base, x_neighbor, steps)`` must return ``x_base + steps[:, None] * (x_neighbor - x_base)``."""
    exercise = "smote-geometry 5"
    if not callable(function):
        return Feedback("incorrect", f"expected a function, got {describe(function)}.", exercise=exercise)
    outputs = []
    for (x_base, x_neighbor, steps), description in _interpolation_cases():
        try:
            got = call_student(function, x_base.copy(), x_neighbor.copy(), steps.copy())
        except Exception as exc:  # a student's bug must become feedback, never a traceback
            hint = " Multiply each row by its own step: steps[:, np.newaxis] has shape (n, 1)." \
                if "broadcast" in str(exc) else ""
            return Feedback("error", f"on {description} it raised {type(exc).__name__}: {exc}.{hint}",
                            exercise=exercise)
        outputs.append((x_base, x_neighbor, steps, got, description))
    if all(is_unanswered(got) for *_, got, _ in outputs):
        return Feedback("unanswered", "your function returns nothing yet: write its body and run the cell again.",
                        exercise=exercise)
    rounding_only = False
    for x_base, x_neighbor, steps, got, description in outputs:
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError, OverflowError):
            return Feedback("incorrect", f"on {description} it returned {describe(got)}; return a NumPy array.",
                            exercise=exercise)
        expected = _expected_interpolation(x_base, x_neighbor, steps)
        if got.shape != expected.shape:
            return Feedback("incorrect", f"on {description} it returned shape {got.shape}; expected {expected.shape}, "
                            "one new row per step.", exercise=exercise)
        if np.array_equal(got, expected):
            continue
        if np.allclose(got, expected, rtol=0, atol=1e-12 * max(1.0, float(np.abs(expected).max()))):
            rounding_only = True
            continue
        return Feedback("incorrect", f"on {description} the rows differ. "
                        + _diagnose_interpolation(x_base, x_neighbor, steps, got), exercise=exercise)
    if rounding_only:
        return Feedback("correct", "right, up to the last bit of rounding. For rows identical to negedu and "
                        "imbalanced-learn, compute in their order: x_i + λ (x_nn − x_i).", exercise=exercise)
    return Feedback("correct", "your rows are bit for bit those of negedu's kernel: x_i + λ (x_nn − x_i).",
                    exercise=exercise)
