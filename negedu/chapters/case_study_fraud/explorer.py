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
from negedu.model_selection import cross_validate_resampling, forward_folds, time_folds
from negedu.shift import population_stability_index
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
    "split_comparison",
    "tuned_rules",
    "STRONG_MODELS",
    "strong_model_runs",
    "MONITORING_LEVELS",
    "monitoring_table",
    "retraining_demo",
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
    """Average precision of each method on each time block of the training period but the first.

    Forward chaining: block ``j`` is scored by a model trained on the blocks before it only
    (:func:`negedu.model_selection.forward_folds` on the blocks of
    :func:`negedu.model_selection.time_folds`), as the model will be used: on the future. Every
    resampler runs on those training blocks only (inside the training folds), through
    :func:`negedu.model_selection.cross_validate_resampling`. Returns a dict method -> list of
    ``n_folds - 1`` APs.
    """
    train = case_data().train
    folds = forward_folds(time_folds(train.day, n_folds, n_days=SPLIT_DAYS[0]))
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


def _all_periods():
    data = case_data()
    parts = [data[p] for p in ("train", "validation", "test", "later")]
    return (np.vstack([p.Z for p in parts]), np.concatenate([p.y for p in parts]),
            np.concatenate([p.day for p in parts]))


@lru_cache(maxsize=1)
def split_comparison(seeds=(0, 1, 2)):
    """What each way of splitting promises, against what the model delivers (average precision).

    * ``random_before_drift``: random halves of days 0-90 (no drift yet), one AP per seed;
    * ``time_split``: trained on days 0-60, scored on the test days 75-90;
    * ``random_with_drift``: a random half of all 120 days trains, the other half's payments
      from day 90 on are scored: the model has seen the drifted fraud;
    * ``past_only``: the model trained on days 0-60, scored on exactly those same payments.
    """
    Z, y, day = _all_periods()
    before = day < SPLIT_DAYS[2]
    random_before = []
    for seed in seeds:
        half = np.random.RandomState(seed).uniform(size=y.size) < 0.5
        fit, score = before & half, before & ~half
        random_before.append(average_precision_score(y[score], logistic_proba(fit_logistic_regression(Z[fit], y[fit]),
                                                                               Z[score])))
    half = np.random.RandomState(seeds[0]).uniform(size=y.size) < 0.5
    scored = ~half & (day >= SPLIT_DAYS[2])
    seen = fit_logistic_regression(Z[half], y[half])
    past = fit_method("plain").model
    return Bunch(random_before_drift=random_before,
                 time_split=average_precision_score(case_data().test.y, method_proba("plain", "test")),
                 random_with_drift=average_precision_score(y[scored], logistic_proba(seen, Z[scored])),
                 past_only=average_precision_score(y[scored], logistic_proba(past, Z[scored])))


def _best_on_validation(values, decide, review_cost):
    validation = case_data().validation
    n_days = _period_days("validation")
    costs = [daily_costs(validation.y, validation.amount, decide(v), review_cost, n_days)[2] for v in values]
    return values[int(np.argmin(costs))]


@lru_cache(maxsize=16)
def tuned_rules(review_cost=5, method="plain"):
    """Four decision rules, the last two tuned on the validation days, scored on the test days.

    * ``"threshold 0.5"``;
    * ``"one threshold tuned on validation"``: the single :math:`\\tau` (among the validation
      scores' upper quantiles) with the lowest cost per day on the validation days;
    * ``"cost rule p * amount >= R"``: the rule derived from the cost matrix, tuned on nothing;
    * ``"cost rule, constant tuned on validation"``: flag when :math:`p \\cdot a \\ge c`, with
      :math:`c` (a grid from :math:`R/8` to :math:`8R`) chosen on the validation days; it
      corrects a model whose probabilities are off by a constant factor.

    Returns a dict rule -> Bunch(value (the threshold or constant, None for the 0.5 rule),
    alerts_per_day, lost, review, total) on the test days.
    """
    validation, test = case_data().validation, case_data().test
    p_val, p_test = method_proba(method, "validation"), method_proba(method, "test")
    taus = np.unique(np.quantile(p_val, np.linspace(0.9, 0.9999, 400)))
    tau = _best_on_validation(taus, lambda t: (p_val >= t).astype(int), review_cost)
    constants = review_cost * 2.0 ** np.linspace(-3, 3, 49)
    c = _best_on_validation(constants, lambda c: cost_decisions(p_val, validation.amount, c), review_cost)
    rules = {
        "threshold 0.5": (None, (p_test >= 0.5).astype(int)),
        "one threshold tuned on validation": (float(tau), (p_test >= tau).astype(int)),
        "cost rule p * amount >= R": (float(review_cost), cost_decisions(p_test, test.amount, review_cost)),
        "cost rule, constant tuned on validation": (float(c), cost_decisions(p_test, test.amount, c)),
    }
    n_days = _period_days("test")
    out = {}
    for name, (value, flags) in rules.items():
        lost, review, total = daily_costs(test.y, test.amount, flags, review_cost, n_days)
        out[name] = Bunch(value=value, alerts_per_day=float(flags.sum() / n_days), lost=lost, review=review, total=total)
    return out


#: The gradient-boosting configurations tried on the validation days (scikit-learn's
#: HistGradientBoostingClassifier, on the raw payment features with the merchant category as a
#: categorical feature): its defaults, shallow trees, and small regularised trees.
STRONG_MODELS = {
    "defaults": {},
    "depth 2, 200 rounds": dict(max_depth=2, learning_rate=0.1, max_iter=200, early_stopping=False),
    "15 leaves, regularised": dict(max_leaf_nodes=15, min_samples_leaf=50, l2_regularization=1.0,
                                   learning_rate=0.05, max_iter=200, early_stopping=False),
}


@lru_cache(maxsize=1)
def strong_model_runs():
    """Gradient boosting beside the logistic model: each configuration's validation AP, then the chosen one.

    Returns a Bunch with ``validation_ap`` (configuration -> AP on the validation days),
    ``chosen`` (the best of them), and for the chosen model ``proba`` (period -> probabilities
    on "validation", "test" and "later").
    """
    from sklearn.ensemble import HistGradientBoostingClassifier

    data = case_data()
    category = 2  # the merchant category column of the raw features
    models = {name: HistGradientBoostingClassifier(random_state=0, categorical_features=[category], **params)
              .fit(data.train.X, data.train.y) for name, params in STRONG_MODELS.items()}
    validation_ap = {name: average_precision_score(data.validation.y, m.predict_proba(data.validation.X)[:, 1])
                     for name, m in models.items()}
    chosen = max(validation_ap, key=validation_ap.get)
    proba = {period: models[chosen].predict_proba(data[period].X)[:, 1] for period in ("validation", "test", "later")}
    return Bunch(validation_ap=validation_ap, chosen=chosen, proba=proba)


#: Alarm levels of the monitoring table: PSI above 0.2 ("act", the usual rule of thumb),
#: alerts per day outside half to one and a half times the validation days', and an observed
#: fraud rate outside 2/3 to 3/2 of the mean predicted probability.
MONITORING_LEVELS = Bunch(psi=0.2, alerts=(0.5, 1.5), calibration=(2 / 3, 3 / 2))


@lru_cache(maxsize=4)
def monitoring_table(review_cost=5, window=7.5):
    """Weekly monitoring of the plain model from the test days on: which signals fire, which stay silent.

    For each window of ``window`` days from day 75 to 120: the alerts per day of the cost rule
    and the population stability index of the scores against the validation days (both need no
    label), the largest PSI of a single feature against the training days (no label either), and
    the observed fraud rate divided by the mean predicted probability (needs the labels, which
    arrive late). Returns a list of Bunch rows (``start``, ``alerts_per_day``, ``score_psi``,
    ``feature_psi``, ``calibration``, and one ``*_fires`` flag per signal) and the reference
    alerts per day of the validation days.
    """
    data = case_data()
    p_val = method_proba("plain", "validation")
    reference_alerts = cost_decisions(p_val, data.validation.amount, review_cost).sum() / _period_days("validation")
    rows = []
    for start in np.arange(SPLIT_DAYS[1], 120, window):
        part_name = "test" if start < SPLIT_DAYS[2] else "later"
        part = data[part_name]
        rows_in = (part.day >= start) & (part.day < start + window)
        p = method_proba("plain", part_name)[rows_in]
        alerts = cost_decisions(p, part.amount[rows_in], review_cost).sum() / window
        feature_psi = max(population_stability_index(data.train.Z[:, j], part.Z[rows_in, j])
                          for j in range(part.Z.shape[1]) if np.unique(data.train.Z[:, j]).size > 10)
        row = Bunch(start=float(start), alerts_per_day=float(alerts),
                    score_psi=population_stability_index(p_val, p), feature_psi=float(feature_psi),
                    calibration=float(part.y[rows_in].mean() / p.mean()))
        row["alerts_fires"] = not (MONITORING_LEVELS.alerts[0] <= alerts / reference_alerts
                                   <= MONITORING_LEVELS.alerts[1])
        row["score_psi_fires"] = row.score_psi > MONITORING_LEVELS.psi
        row["feature_psi_fires"] = row.feature_psi > MONITORING_LEVELS.psi
        row["calibration_fires"] = not (MONITORING_LEVELS.calibration[0] <= row.calibration
                                        <= MONITORING_LEVELS.calibration[1])
        rows.append(row)
    return rows, float(reference_alerts)


@lru_cache(maxsize=4)
def retraining_demo(review_cost=5, retrain_day=105):
    """The old model against retrained ones on the last days (``retrain_day`` to 120).

    * ``"trained on days 0-60"``: the model in production;
    * ``"retrained on days 90-105"``: only the labelled payments since the drift;
    * ``"retrained on days 45-105"``: a rolling window of 60 days, half before the drift.

    Returns a dict model -> Bunch(ap, total (cost per day), calibration (observed rate / mean p)).
    """
    data = case_data()
    later = data.later
    fit_rows, score_rows = later.day < retrain_day, later.day >= retrain_day
    window = [data.train.day >= retrain_day - 60, np.ones(data.validation.y.size, bool),
              np.ones(data.test.y.size, bool), fit_rows]
    parts = [data.train, data.validation, data.test, later]
    Z_window = np.vstack([part.Z[m] for part, m in zip(parts, window)])
    y_window = np.concatenate([part.y[m] for part, m in zip(parts, window)])
    models = {
        "trained on days 0-60": fit_method("plain").model,
        f"retrained on days {SPLIT_DAYS[2]}-{retrain_day}": fit_logistic_regression(later.Z[fit_rows], later.y[fit_rows]),
        f"retrained on days {retrain_day - 60}-{retrain_day}": fit_logistic_regression(Z_window, y_window),
    }
    y, amount = later.y[score_rows], later.amount[score_rows]
    out = {}
    for name, model in models.items():
        p = logistic_proba(model, later.Z[score_rows])
        flags = cost_decisions(p, amount, review_cost)
        out[name] = Bunch(ap=average_precision_score(y, p), calibration=float(y.mean() / p.mean()),
                          total=daily_costs(y, amount, flags, review_cost, 120 - retrain_day)[2],
                          caught=float(flags[y == 1].mean()))
    return out
