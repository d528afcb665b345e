"""Checks for the exercises of the case study "Card fraud, start to finish".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises.
"""

import numpy as np

from negedu.datasets import Bunch
from negedu.costs import daily_costs
from .explorer import SPLIT_DAYS, case_data, method_proba
from negedu.exercises import Feedback, Mistake, check_function, check_number, is_unanswered

__all__ = ["check_threshold", "my_day", "check_precision_at_k", "check_cost_per_day"]


def check_threshold(tau):
    """Exercise 1: the threshold of a 152-euro payment when a review costs 8 euros."""
    return check_number(
        tau, 8 / 152, exercise="case-study-fraud 1",
        mistakes=[
            Mistake(8 / 160, "That is R / (R + a), the threshold when a caught fraud costs nothing. Here every alert "
                             "costs R, fraud or not: flag when p * a >= R, so p >= R / a."),
            Mistake(152 / 8, "Inverted: the threshold is R / a, a small probability when the amount is large."),
            Mistake(152 / 160, "That is a / (R + a): the threshold must fall as the amount grows, so a is in the "
                               "denominator."),
            Mistake(0.5, "0.5 ignores the money: a 152-euro loss is 19 reviews' worth, so flag well below 0.5."),
        ],
        explain="τ = 8 / 152 ≈ 0.0526: the expected loss 152 p reaches the review's 8 euros at p = 1/19.",
    )


def my_day(seed):
    """Exercise 2: one day of the test period (chosen by ``seed``): ``y``, ``p`` (plain model) and ``amount``."""
    test = case_data().test
    days = np.arange(SPLIT_DAYS[1], SPLIT_DAYS[2])
    chosen = days[int(seed) % days.size]
    rows = np.floor(test.day).astype(int) == chosen
    return Bunch(y=test.y[rows], p=method_proba("plain", "test")[rows], amount=test.amount[rows], day=int(chosen))


def check_precision_at_k(frauds_found, precision_at_10, *, seed):
    """Exercise 2: the frauds among the day's 10 highest probabilities, and the precision at 10."""
    name = "case-study-fraud 2"
    if is_unanswered(frauds_found) or is_unanswered(precision_at_10):
        return Feedback("unanswered", "set both frauds_found and precision_at_10, then run the check again.",
                        exercise=name)
    try:
        day = my_day(seed)
        top = np.argsort(-day.p, kind="stable")[:10]
        found = int(day.y[top].sum())
        lowest = np.argsort(day.p, kind="stable")[:10]
        total = int(day.y.sum())
    except Exception as exc:  # a check never raises
        return Feedback("error", f"could not build your day: {type(exc).__name__}: {exc}", exercise=name)
    mistakes = [Mistake(total, f"{total} is the number of frauds of the whole day; count only those among the 10 "
                               "highest probabilities.")] if total != found else []
    if int(day.y[lowest].sum()) != found:
        mistakes.append(Mistake(int(day.y[lowest].sum()), "You took the 10 lowest probabilities: sort in decreasing "
                                                          "order (np.argsort(-p))."))
    first = check_number(frauds_found, found, exercise=name, mistakes=mistakes, tol=1e-9)
    if not first:
        return first
    return check_number(
        precision_at_10, found / 10, exercise=name, tol=1e-9,
        mistakes=[Mistake(found / max(total, 1), "That is the recall of the 10 reviews (frauds found / frauds of "
                                                 "the day); precision divides by the 10 reviews.")]
        if total not in (0, 10) and found else [],
        explain=f"{found} of the 10 reviews on day {day.day} find a fraud: precision at 10 = {found / 10:g} "
        f"(the day had {total} frauds).",
    )


def _diagnose_cost(args, got, expected):
    y, amount, flags, review_cost, n_days = args
    y, amount, flags = np.asarray(y), np.asarray(amount, dtype=float), np.asarray(flags)
    missed = amount[(y == 1) & (flags == 0)].sum()
    if np.isclose(got, expected * n_days):
        return "You forgot to divide by n_days."
    if np.isclose(got, (missed + review_cost * np.sum((flags == 1) & (y == 0))) / n_days):
        return "Every alert costs a review, frauds included: count all flags, not only the false alarms."
    if np.isclose(got, missed / n_days):
        return "Add the reviews: review_cost for every flagged payment."
    if np.isclose(got, (amount[(y == 1)].sum() + review_cost * flags.sum()) / n_days):
        return "Only the missed frauds (y == 1 and not flagged) are lost, not every fraud."
    return None


def check_cost_per_day(function):
    """Exercise 3: a hand-written cost per day, compared with negedu's ``daily_costs``."""
    rng = np.random.RandomState(3)
    y, flags = rng.randint(0, 2, 50), rng.randint(0, 2, 50)
    amount = np.round(rng.lognormal(3.5, 1.0, 50), 2)
    cases = [
        (([0, 1, 1, 0], [20.0, 100.0, 50.0, 10.0], [1, 1, 0, 0], 5.0, 1), 60.0,
         "a caught fraud, a missed one (50 EUR) and a false alarm, R = 5, one day"),
        (([1, 0, 0], [300.0, 20.0, 5.0], [0, 0, 0], 5.0, 2), 150.0, "no alert, one missed fraud, two days"),
        ((y, amount, flags, 7.0, 5), daily_costs(y, amount, flags, 7.0, 5)[2], "50 random payments over 5 days"),
    ]
    return check_function(function, cases, exercise="case-study-fraud 3", diagnose=_diagnose_cost,
                          explain="your cost per day agrees with negedu's daily_costs on every case.")
