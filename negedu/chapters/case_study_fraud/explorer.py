"""Experiments and explorer of the case study "Card fraud, start to finish".

One dataset for the whole page: 120,000 card payments over 120 days from
:func:`negedu.datasets.make_transaction_periods` (one fraud in 200 payments), split **by time**:

* training: days 0-60; validation: days 60-75; test: days 75-90;
* the *later* period, days 90-120, where the fraud pattern drifts and its rate doubles.

A missed fraud costs its amount; an alert costs a fixed review cost ``R`` (an analyst's time).
For a calibrated probability ``p`` of fraud, flagging costs ``R`` for sure and passing costs
``amount`` with probability ``p``, so flagging is the cheaper decision when
``p * amount >= R``, that is when ``p >= R / amount`` (:func:`negedu.costs.cost_decisions`): the
cost-sensitive threshold of chapter 8, one per transaction. Four ways to train the model are compared, each
brought back to calibrated probabilities before that rule is applied:

* **plain**: logistic regression on the data as they are;
* **class weights**: ``class_weight="balanced"``, probabilities corrected with beta = w0 / w1;
* **SMOTE**: SMOTE to 1 : 1 on the training period only, then the prior correction;
* **undersampling**: random undersampling to 1 : 1 on the training period only, then the prior
  correction (exact for random undersampling).

Every number comes from negedu; the tests compare them with formulas written in the tests.
"""

from functools import lru_cache, partial

import numpy as np

from negedu.costs import cost_decisions, daily_costs
from negedu.datasets import Bunch, make_transaction_periods
from negedu.losses import compute_class_weight, fit_logistic_regression, logistic_proba
from negedu.metrics import average_precision_score
from negedu.model_selection import cross_validate_resampling, predefined_folds, time_folds
from negedu.resampling import prior_correction, random_under_sample, resampling_beta, smote
from negedu.interactive import Explorer, Param, register
from . import figures

__all__ = [
    "N_SAMPLES",
    "FRAUD_RATE",
    "SEED",
    "SPLIT_DAYS",
    "REVIEW_COSTS",
    "METHODS",
    "case_data",
    "fit_method",
    "method_proba",
    "precision_at_k",
    "fraud_numbers",
    "fraud_explorer",
    "cv_scores",
    "knn_fraud_score",
    "leak_demo",
]

N_SAMPLES, FRAUD_RATE, DRIFT, SEED = 120_000, 0.005, 1.0, 7
#: First day of validation, test and the later (drifted) period; training is before the first.
SPLIT_DAYS = (60, 75, 90)
RESAMPLING_SEED = 0
#: Review costs of one alert, in euros, offered by the explorer.
REVIEW_COSTS = [1, 2, 5, 10, 20, 50]
METHODS = ["plain", "class weights", "SMOTE", "undersampling"]


@lru_cache(maxsize=1)
def case_data():
    """The case's payments (:func:`negedu.datasets.make_transaction_periods`): ``full`` and the four periods."""
    return make_transaction_periods(N_SAMPLES, FRAUD_RATE, DRIFT, split_days=SPLIT_DAYS, random_state=SEED)


@lru_cache(maxsize=8)
def fit_method(method):
    """Train ``method`` on the training period; return the model and its prior-correction beta."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}.")
    train = case_data().train
    Z_res, y_res, _ = _resample(method, train.Z, train.y)
    model = fit_logistic_regression(Z_res, y_res, class_weight="balanced" if method == "class weights" else None)
    if method == "plain":
        return Bunch(model=model, beta=1.0)
    if method == "class weights":
        w = compute_class_weight("balanced", classes=np.array([0, 1]), y=train.y)
        # weights act like keeping a share w0/w1 of the negatives: the same correction applies
        return Bunch(model=model, beta=float(w[0] / w[1]))
    return Bunch(model=model, beta=resampling_beta(train.y, y_res))


def method_proba(method, period, *, corrected=True):
    """Probabilities of fraud of ``method`` on ``period`` ("validation", "test", "later"), prior-corrected."""
    fitted = fit_method(method)
    p = logistic_proba(fitted.model, case_data()[period].Z)
    return prior_correction(p, fitted.beta) if corrected else p


def precision_at_k(y, score, day, k):
    """Precision of the ``k`` highest scores of each day, pooled over the days (frauds found / alerts).

    Each day is :func:`negedu.anomaly.precision_at_k` with ``min(k, payments that day)`` (ties
    in their original order); the days are pooled by counting reviews, so a day with fewer
    than ``k`` payments counts for what it has.
    """
    from negedu.anomaly import precision_at_k as precision_at_k_one_day

    y, score, day = np.asarray(y), np.asarray(score, dtype=float), np.floor(day).astype(int)
    found = alerts = 0
    for d in np.unique(day):
        rows = np.flatnonzero(day == d)
        k_day = min(k, rows.size)
        found += precision_at_k_one_day(y[rows], score[rows], k_day) * k_day
        alerts += k_day
    return float(found / alerts)


def _period_days(period):
    lo = {"validation": SPLIT_DAYS[0], "test": SPLIT_DAYS[1], "later": SPLIT_DAYS[2]}[period]
    hi = {"validation": SPLIT_DAYS[1], "test": SPLIT_DAYS[2], "later": 120}[period]
    return hi - lo


@lru_cache(maxsize=128)
def fraud_numbers(review_cost, method, period="test"):
    """The explorer's numbers for one review cost and one method on ``period`` (default: test)."""
    part = case_data()[period]
    p = method_proba(method, period)
    flags = cost_decisions(p, part.amount, review_cost)
    n_days = _period_days(period)
    lost, review, total = daily_costs(part.y, part.amount, flags, review_cost, n_days)
    fraud = part.y == 1
    return {
        "alerts per day": float(flags.sum() / n_days),
        "frauds caught": float(flags[fraud].mean()),
        "fraud money caught": float(part.amount[fraud & (flags == 1)].sum() / part.amount[fraud].sum()),
        "lost to fraud per day (EUR)": lost,
        "review cost per day (EUR)": review,
        "total cost per day (EUR)": total,
        "average precision": average_precision_score(part.y, p),
    }


def _draw(review_cost, method):
    return figures.plot_fraud_costs(case_data().test, {m: method_proba(m, "test") for m in METHODS},
                                     review_cost, REVIEW_COSTS, current=method, n_days=_period_days("test"))


def _describe(values, nums):
    return (f"With a review costing {values['review_cost']:g} euros and the {values['method']} model, the bank "
            f"raises {nums['alerts per day']:.1f} alerts a day, catches {nums['frauds caught']:.0%} of the frauds "
            f"({nums['fraud money caught']:.0%} of the money) and pays {nums['total cost per day (EUR)']:.0f} euros "
            f"a day in all: {nums['lost to fraud per day (EUR)']:.0f} lost to fraud and "
            f"{nums['review cost per day (EUR)']:.0f} for reviews.")


@register("case-study-fraud/costs")
def fraud_explorer():
    """Case study: the review cost of an alert against four ways to train, on the 15 test days."""
    return Explorer(
        "case-study-fraud/costs",
        [
            Param("review_cost", REVIEW_COSTS, label="Cost of reviewing one alert (EUR)", fmt="{:g}", initial=5),
            Param("method", METHODS, label="Training", initial="plain"),
        ],
        numbers=fraud_numbers,
        draw=_draw,
        describe=_describe,
        formats={
            "alerts per day": "{:.1f}",
            "frauds caught": "{:.0%}",
            "fraud money caught": "{:.0%}",
            "lost to fraud per day (EUR)": "{:.0f}",
            "review cost per day (EUR)": "{:.0f}",
            "total cost per day (EUR)": "{:.0f}",
            "average precision": "{:.3f}",
        },
        title="What an alert costs, and what the bank pays",
    )


def _resample(method, Z, y):
    """Training rows of ``method`` and which of them are synthetic (SMOTE or undersampling; else the rows as given)."""
    if method == "SMOTE":
        Z_res, y_res = smote(Z, y, random_state=RESAMPLING_SEED)[:2]
    elif method == "undersampling":
        Z_res, y_res = random_under_sample(Z, y, random_state=RESAMPLING_SEED)[:2]
    else:
        Z_res, y_res = Z, y
    return Z_res, y_res, np.arange(y_res.size) >= y.size


def _fit_proba(method, Z_fit, y_fit, Z_query):
    """Probabilities of fraud on ``Z_query`` of a logistic model fitted as ``method`` fits it (not prior-corrected)."""
    weight = "balanced" if method == "class weights" else None
    return logistic_proba(fit_logistic_regression(Z_fit, y_fit, class_weight=weight), Z_query)


@lru_cache(maxsize=1)
def cv_scores(n_folds=5):
    """Average precision of each method on each time block of the training period.

    Every resampler runs on the other blocks only (inside the training folds):
    :func:`negedu.model_selection.cross_validate_resampling` on the blocks of
    :func:`negedu.model_selection.time_folds`. Returns a dict method -> list of ``n_folds`` APs.
    """
    train = case_data().train
    folds = predefined_folds(time_folds(train.day, n_folds, n_days=SPLIT_DAYS[0]))
    return {method: cross_validate_resampling(train.Z, train.y, partial(_resample, method), partial(_fit_proba, method),
                                              when="inside each training fold", folds=folds,
                                              score=average_precision_score).fold_scores.tolist()
            for method in METHODS}


def knn_fraud_score(Z_fit, y_fit, Z_query, k=15):
    """Share of frauds among the ``k`` nearest training rows of each query: a flexible model."""
    from negedu.neighbors import kneighbors

    neighbor_idx = kneighbors(Z_fit, Z_query, k)  # (n_query, k) rows of Z_fit
    return np.asarray(y_fit)[neighbor_idx].mean(axis=1)


@lru_cache(maxsize=1)
def leak_demo(n_negatives=1000):
    """SMOTE inside the training fold against SMOTE before the split, for a k-NN and a logistic model.

    The held-out fold is the last block of the training period (days 48-60); it is scored on
    all its frauds and its first ``n_negatives`` legitimate payments (to keep the neighbour
    search small). "before the split" runs SMOTE on the whole training period, then drops the
    held-out *real* rows but keeps every synthetic row, some of which were made from held-out
    frauds. Returns a dict ``{variant: {"k-NN": AP, "logistic": AP}}``.
    """
    train = case_data().train
    held = time_folds(train.day, 5, n_days=SPLIT_DAYS[0]) == 4
    query = np.flatnonzero(held & (train.y == 1))
    query = np.r_[query, np.flatnonzero(held & (train.y == 0))[:n_negatives]]
    Z_all, y_all = smote(train.Z, train.y, random_state=RESAMPLING_SEED)[:2]
    n = train.y.size
    variants = {
        "SMOTE inside the training fold": smote(train.Z[~held], train.y[~held], random_state=RESAMPLING_SEED)[:2],
        "SMOTE before the split (leak)": (Z_all[np.r_[~held, np.ones(y_all.size - n, bool)]],
                                          y_all[np.r_[~held, np.ones(y_all.size - n, bool)]]),
    }
    out = {}
    for name, (Z_fit, y_fit) in variants.items():
        model = fit_logistic_regression(Z_fit, y_fit)
        out[name] = {
            "k-NN": average_precision_score(train.y[query], knn_fraud_score(Z_fit, y_fit, train.Z[query])),
            "logistic": average_precision_score(train.y[query], logistic_proba(model, train.Z[query])),
        }
    return out
