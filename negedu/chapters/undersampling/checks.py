"""Checks for the exercises of Chapter 5, "Undersampling the negative class".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises.
"""

import numpy as np

from negedu.datasets import standardised_basket
from negedu.resampling import edited_nearest_neighbours, find_tomek_links, random_under_sample
from negedu.exercises import Feedback, Mistake, as_number, call_student, check_number, describe, is_unanswered

__all__ = [
    "TOMEK_X",
    "TOMEK_Y",
    "NEARMISS_X",
    "NEARMISS_Y",
    "my_basket",
    "check_tomek_count",
    "check_near_miss_choice",
    "check_random_under",
    "check_enn_removed",
    "check_tomek_function",
]

#: Exercise 1: ten fruit on a line (one feature), labels 0 (orange) and 1 (apple).
TOMEK_X = np.array([[0.0], [1.0], [1.3], [2.0], [4.0], [4.4], [6.5], [8.0], [8.5], [8.7]])
TOMEK_Y = np.array([0, 0, 1, 0, 0, 1, 0, 0, 1, 0])

#: Exercise 2: three apples (one of them far from the others) and four oranges on a line.
NEARMISS_X = np.array([[0.0], [1.0], [10.0], [2.5], [5.0], [9.5], [13.0]])
NEARMISS_Y = np.array([1, 1, 1, 0, 0, 0, 0])


def check_tomek_count(removed_auto, removed_all):
    """Exercise 1: how many samples a Tomek pass removes from the ten fruit, with 'auto' and with 'all'."""
    name = "undersampling 1"
    if is_unanswered(removed_auto) or is_unanswered(removed_all):
        return Feedback("unanswered", "set both removed_auto and removed_all, then run the check again.", exercise=name)
    first = check_number(
        removed_auto, 3, exercise=name, tol=0,
        mistakes=[
            Mistake(5, "That counts every orange whose nearest neighbour is an apple. A Tomek link needs both: the "
                       "apple's nearest neighbour must be that orange too. Check the oranges at 2.0 and 8.0."),
            Mistake(6, "That is both ends of every link. With 'auto' only the majority end (the orange) goes."),
            Mistake(2, "Look again at the right end: 8.5 (apple) and 8.7 (orange) are each other's nearest neighbours."),
            Mistake(4, "The orange at 2.0 (or at 8.0) is nearest to an apple, but that apple's own nearest neighbour is "
                       "another orange: not a link."),
        ],
    )
    if not first:
        return first
    return check_number(
        removed_all, 6, exercise=name, tol=0,
        mistakes=[
            Mistake(3, "That is the 'auto' answer again. 'all' removes both ends of each link: the orange and the apple."),
            Mistake(10, "Only the samples in a link go, not every sample of every class."),
        ],
        explain="three links, (1.0, 1.3), (4.0, 4.4) and (8.5, 8.7): 'auto' removes their 3 oranges, 'all' all 6 "
        "samples. The IR moves only from 7/3 = 2.33 to 4/3 = 1.33 even on this tiny set; a Tomek pass cleans, it does "
        "not balance.",
    )


def check_near_miss_choice(nm1_keeps, nm2_keeps, nm3_keeps):
    """Exercise 2: the position of the one orange each NearMiss version keeps (k = m = 1)."""
    name = "undersampling 2"
    answers = (nm1_keeps, nm2_keeps, nm3_keeps)
    if any(is_unanswered(a) for a in answers):
        return Feedback("unanswered", "set nm1_keeps, nm2_keeps and nm3_keeps (positions such as 2.5), then run "
                                      "the check again.", exercise=name)
    oranges = NEARMISS_X[NEARMISS_Y == 0].ravel().tolist()
    checks = [
        (9.5, {
            2.5: "2.5 is near the group of apples at 0 and 1, but NearMiss-1 with k = 1 scores each orange by its "
                 "single nearest apple: 9.5 is only 0.5 from the apple at 10.",
            13.0: "NearMiss-1 keeps the smallest score (the nearest orange), not the largest.",
            5.0: "5.0 is 4.0 from its nearest apple; 9.5 is only 0.5 from the apple at 10.",
        }),
        (5.0, {
            9.5: "That is NearMiss-1's choice. NearMiss-2 scores each orange by its distance to the k = 1 *farthest* "
                 "apple: 9.5 is 9.5 from the apple at 0.",
            13.0: "NearMiss-2 keeps the smallest distance to the farthest apple, not the largest.",
            2.5: "2.5 is 7.5 from its farthest apple (at 10); 5.0 is only 5.0 from its farthest (at 0 and at 10).",
        }),
        (2.5, {
            9.5: "9.5 is a candidate (the apple at 10 nominates it), but among the candidates NearMiss-3 keeps the one "
                 "with the *largest* NearMiss-1 score: 2.5 is 1.5 from its nearest apple, 9.5 only 0.5.",
            5.0: "5.0 is no apple's nearest orange: nobody nominates it, so it is not a candidate.",
            13.0: "13.0 is no apple's nearest orange: nobody nominates it, so it is not a candidate.",
        }),
    ]
    for version, (answer, (expected, hints)) in enumerate(zip(answers, checks), start=1):
        value = _as_position(answer)
        if value is None or not any(abs(value - o) < 1e-9 for o in oranges):
            return Feedback("incorrect", f"NearMiss-{version}: you gave {describe(answer)}; answer with the position of one "
                                         f"of the oranges, {', '.join(f'{o:g}' for o in oranges)}.", exercise=name)
        if abs(value - expected) > 1e-9:
            hint = next(h for o, h in hints.items() if abs(value - o) < 1e-9)
            return Feedback("incorrect", f"NearMiss-{version}: you gave {value:g}. {hint}", exercise=name)
    return Feedback("correct", "NearMiss-1 keeps 9.5, the orange next to the lone apple (a mislabelled apple would "
                               "attract it just the same); NearMiss-2 keeps 5.0, the one closest to all the apples at "
                               "once; NearMiss-3 keeps 2.5, the candidate that leaves the most room around the apples.",
                    exercise=name)


def _as_position(answer):
    value = as_number(answer)  # None for text, a list, ...
    return value if value is not None and np.isfinite(value) else None


def my_basket(seed):
    """The basket of exercises 3 and 4: 30 apples and 270 oranges, features standardised, for a student's seed."""
    return standardised_basket(random_state=seed)


def check_random_under(negatives_kept, apple_side_kept, *, seed):
    """Exercise 3: RandomUnderSampler(sampling_strategy=0.5, random_state=seed) on the student's basket."""
    name = "undersampling 3"
    if is_unanswered(negatives_kept) or is_unanswered(apple_side_kept):
        return Feedback("unanswered", "set both negatives_kept and apple_side_kept, then run the check again.",
                        exercise=name)
    basket = my_basket(seed)
    idx = random_under_sample(basket.X, basket.y, sampling_strategy=0.5, random_state=seed)[2]
    kept_neg = idx[basket.y[idx] == 0]
    n_pos = int(basket.y.sum())
    first = check_number(
        negatives_kept, kept_neg.size, exercise=name, tol=0,
        mistakes=[
            Mistake(n_pos * 0.5, "sampling_strategy=0.5 is the wished ratio positives / negatives after resampling, so "
                                 "the negatives kept are n_positive / 0.5, not n_positive * 0.5."),
            Mistake(n_pos, "That is sampling_strategy='auto' (1:1). With 0.5 there are two negatives per positive."),
            Mistake(idx.size, "That counts every kept sample; count only the negatives (y == 0)."),
            Mistake(270 - kept_neg.size, "That is the number of negatives removed, not kept."),
        ],
    )
    if not first:
        return first
    expected = int(np.sum(basket.apple_side[kept_neg]))
    return check_number(
        apple_side_kept, expected, exercise=name, tol=0,
        mistakes=[
            Mistake(int(np.sum(basket.apple_side[idx])), "That also counts the kept apples on the apple side; count only "
                                                          "the kept negatives."),
            Mistake(int(np.sum(basket.apple_side & (basket.y == 0))), "That counts every negative on the apple side of "
                                                                      "the original basket; count the kept ones, "
                                                                      "basket.apple_side[idx] for the kept negative rows."),
        ],
        explain=f"{kept_neg.size} negatives kept, {expected} of them on the apple side: random under-sampling keeps "
        f"about the same share of hard negatives as the basket has ({np.mean(basket.apple_side[basket.y == 0]):.1%}).",
    )


def _enn_removed(seed, n_neighbors, kind_sel, sampling_strategy="auto"):
    basket = my_basket(seed)
    idx = edited_nearest_neighbours(basket.X, basket.y, n_neighbors=n_neighbors, kind_sel=kind_sel,
                                    sampling_strategy=sampling_strategy)[2]
    return int(np.sum(basket.y == 0) - np.sum(basket.y[idx] == 0))


def check_enn_removed(removed_all, removed_mode, *, seed):
    """Exercise 4: negatives ENN removes from the student's basket with n_neighbors=3, kind_sel 'all' and 'mode'."""
    name = "undersampling 4"
    if is_unanswered(removed_all) or is_unanswered(removed_mode):
        return Feedback("unanswered", "set both removed_all and removed_mode, then run the check again.", exercise=name)
    right = {kind_sel: _enn_removed(seed, 3, kind_sel) for kind_sel in ("all", "mode")}
    if (_as_position(removed_all), _as_position(removed_mode)) == (right["mode"], right["all"]) != \
            (right["all"], right["mode"]):
        return Feedback("incorrect", "the two answers are swapped: 'all' removes a negative as soon as one of its k "
                                     "neighbours is positive, so it removes at least as many as 'mode'.", exercise=name)
    n_neg = int(np.sum(my_basket(seed).y == 0))
    for answer, kind_sel in ((removed_all, "all"), (removed_mode, "mode")):
        mistakes = [
            Mistake(_enn_removed(seed, 4, kind_sel), "n_neighbors counts only the *other* samples: the sampler searches "
                                                     "k + 1 = 4 and drops the sample itself. You let 4 others vote."),
            Mistake(_enn_removed(seed, 2, kind_sel), "n_neighbors=3 lets three *other* samples vote; you let only two "
                                                     "(did you count the sample itself as one of the three?)."),
            Mistake(n_neg - right[kind_sel], "That is the number of negatives kept; the question asks how many were "
                                             "removed."),
        ]
        mistakes = [m for m in mistakes if m.value != right[kind_sel]]
        feedback = check_number(answer, right[kind_sel], exercise=name, tol=0, mistakes=mistakes)
        if not feedback:
            return Feedback(feedback.status, f"kind_sel='{kind_sel}': {feedback.message}", exercise=name)
    return Feedback("correct", f"'all' removes {right['all']} negatives and 'mode' {right['mode']}: the strict rule "
                               "removes every negative with even one positive among its 3 neighbours, the vote only "
                               "those outvoted by positives.", exercise=name)


def _as_index_set(answer, n):
    """A student's answer (indices, pairs or a boolean mask) as a sorted array of row indices, or None."""
    try:
        arr = np.asarray(answer)
    except Exception:  # pragma: no cover - anything np.asarray refuses
        return None
    if arr.dtype == bool:
        return np.flatnonzero(arr) if arr.shape == (n,) else None
    if arr.size == 0:
        return np.empty(0, dtype=np.int64)
    if not np.issubdtype(arr.dtype, np.integer):
        if np.issubdtype(arr.dtype, np.floating) and np.all(arr == np.round(arr)):
            arr = arr.astype(np.int64)
        else:
            return None
    return np.unique(arr.ravel())


def _tomek_cases():
    rng = np.random.RandomState(5)
    X2 = np.vstack([rng.normal(0.0, 1.0, (40, 2)), rng.normal(1.5, 1.0, (10, 2))])
    y2 = np.array([0] * 40 + [1] * 10)
    X3 = rng.normal(size=(45, 3)) + np.repeat(np.eye(3) * 1.5, 15, axis=0)
    y3 = np.repeat([0, 1, 2], 15)
    far = np.array([[0.0, 0.0], [0.5, 0.0], [0.0, 0.6], [9.0, 9.0], [9.4, 9.0]])
    return [
        ((TOMEK_X, TOMEK_Y), "the ten fruit of exercise 1"),
        ((X2, y2), "50 samples in 2-D, 40 negatives and 10 positives"),
        ((X3, y3), "45 samples in 3-D with three classes"),
        ((far, np.array([0, 0, 0, 1, 1])), "two far-apart groups (no link at all)"),
    ]


def _diagnose_tomek(X, y, got, expected):
    d = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(-1))
    with_self = np.argmin(d, axis=1)
    np.fill_diagonal(d, np.inf)
    nearest = np.argmin(d, axis=1)
    cross = np.flatnonzero(y[nearest] != y)
    not_mutual = np.unique(np.concatenate([cross, nearest[cross]]))
    if got.size == 0 and expected.size and np.all(with_self == np.arange(len(y))):
        return ("You found no link: is each sample its own nearest neighbour (distance 0)? Leave the sample itself "
                "out, e.g. set the diagonal of the distance matrix to infinity.")
    if np.array_equal(got, not_mutual) or (set(got) > set(expected) and set(got) <= set(not_mutual)):
        return ("You kept pairs where only one sample is the other's nearest neighbour. A Tomek link needs both: "
                "nn(i) = j and nn(j) = i.")
    if got.size and set(got) < set(expected):
        missing = sorted(int(i) for i in set(expected) - set(got))
        return (f"You are missing rows {missing}: return both ends of every link (the sample of either class), "
                "not only one end.")
    return None


def check_tomek_function(function):
    """Exercise 5: a hand-written Tomek-link finder, on four cases, against negedu's find_tomek_links."""
    name = "undersampling 5"
    if not callable(function):
        return Feedback("incorrect", f"expected a function, got {describe(function)}.", exercise=name)
    answers = []
    for (X, y), description in _tomek_cases():
        try:
            got = call_student(function, X.copy(), y.copy())
        except Exception as exc:  # a student's bug must become feedback, never a traceback
            return Feedback("error", f"on {description} it raised {type(exc).__name__}: {exc}", exercise=name)
        answers.append(got)
    if all(is_unanswered(a) for a in answers):
        return Feedback("unanswered", "your function returns nothing yet: write its body and run the cell again.",
                        exercise=name)
    for ((X, y), description), got in zip(_tomek_cases(), answers):
        expected = np.flatnonzero(find_tomek_links(X, y))
        rows = _as_index_set(got, len(y))
        if rows is None:
            return Feedback("incorrect", f"on {description} it returned {describe(got)}; return the row indices of the samples "
                                         "in a link (a list or array of integers).", exercise=name)
        if not np.array_equal(rows, expected):
            hint = _diagnose_tomek(X, y, rows, expected)
            message = f"on {description} it found rows {rows.tolist()} but the links hold rows {expected.tolist()}."
            return Feedback("incorrect", message + (f" {hint}" if hint else ""), exercise=name)
    return Feedback("correct", "your Tomek links agree with negedu's find_tomek_links on every case, three classes "
                               "included.", exercise=name)
