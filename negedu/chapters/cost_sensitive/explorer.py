"""Explorer and experiments of Chapter 8, "Cost-sensitive learning".

One basket setting for the whole chapter: 19 oranges per apple, a logistic regression trained
on 4,000 fruit, thresholds tuned on 4,000 other fruit, and costs measured on 20,000 new fruit
(the same test basket as chapter 7). A false alarm (an orange flagged) costs 1; a missed apple
costs ``c``. Four ways to act on ``c`` are compared:

* **threshold moving**: the plain model, flag when :math:`p \\ge 1/(1 + c)`;
* **class weights**: a model trained with ``class_weight={0: 1, 1: c}``, flag when
  :math:`p \\ge 0.5`;
* **'balanced' weights**: ``class_weight="balanced"`` and 0.5, whatever ``c`` is;
* **undersampling + correction**: random undersampling to 1 : 1, the prior correction of
  chapter 7, then :math:`1/(1 + c)`.

Every number comes from negedu; the tests compare them with formulas and scikit-learn.
"""

from functools import lru_cache

import numpy as np

from negedu.datasets import Bunch, make_apples_and_oranges
from negedu.losses import cost_threshold, expected_cost, fit_logistic_regression, logistic_proba
from negedu.metrics import precision_score, recall_score
from negedu.resampling import prior_correction, random_under_sample, resampling_beta
from negedu.interactive import Explorer, Param, register
from negedu.datasets import FEATURE_CENTRE, FEATURE_SCALE, fruit_features
from . import figures

__all__ = [
    "IMBALANCE_RATIO",
    "COSTS",
    "METHODS",
    "cost_matrix_for",
    "fruit_sets",
    "fit_method",
    "method_decisions",
    "cost_numbers",
    "cost_table",
    "boundary_in_cm",
    "cost_explorer",
]

#: Oranges per apple in every basket of the chapter.
IMBALANCE_RATIO = 19
N_TRAIN, TRAIN_SEED = 4_000, 11
N_VALIDATION, VALIDATION_SEED = 4_000, 5
N_TEST, TEST_SEED = 20_000, 2
UNDERSAMPLING_SEED = 0
#: Costs of a missed apple, in false alarms, offered by the explorer.
COSTS = [1, 2, 5, 10, 19, 50, 100]
METHODS = ["threshold moving", "class weights", "'balanced' weights", "undersampling + correction"]


def cost_matrix_for(c):
    """The chapter's 2 x 2 cost matrix: a false alarm costs 1, a missed apple ``c`` (rows = actual)."""
    return np.array([[0.0, 1.0], [float(c), 0.0]])


@lru_cache(maxsize=1)
def fruit_sets():
    """Training, validation and test baskets, features in the units of :func:`fruit_features`."""
    sets = {}
    for name, n, seed in (("train", N_TRAIN, TRAIN_SEED), ("validation", N_VALIDATION, VALIDATION_SEED),
                          ("test", N_TEST, TEST_SEED)):
        basket = make_apples_and_oranges(n_samples=n, imbalance_ratio=IMBALANCE_RATIO, random_state=seed)
        sets[name] = Bunch(X=fruit_features(basket.X), X_cm=basket.X, y=basket.y,
                           # the true P(apple | x) on the real belt: the balanced score, prior-corrected
                           proba=prior_correction(basket.score, 1 / IMBALANCE_RATIO))
    return Bunch(**sets)


@lru_cache(maxsize=64)
def fit_method(method, c):
    """Train the model of ``method`` for a miss costing ``c``; return it with its decision threshold.

    The threshold is on the model's own probability. For undersampling + correction it is the
    probability :math:`p_s` whose corrected value is :math:`1/(1+c)`:
    :math:`\\tau_s = \\tau / (\\tau + \\beta (1 - \\tau))`.
    """
    train = fruit_sets().train
    tau = cost_threshold(cost_matrix_for(c))  # 1 / (1 + c)
    beta = 1.0
    if method == "threshold moving":
        model, threshold = fit_logistic_regression(train.X, train.y), tau
    elif method == "class weights":
        model, threshold = fit_logistic_regression(train.X, train.y, class_weight={0: 1.0, 1: float(c)}), 0.5
    elif method == "'balanced' weights":
        model, threshold = fit_logistic_regression(train.X, train.y, class_weight="balanced"), 0.5
    elif method == "undersampling + correction":
        X_fit, y_fit = random_under_sample(train.X, train.y, random_state=UNDERSAMPLING_SEED)[:2]
        beta = resampling_beta(train.y, y_fit)
        model = fit_logistic_regression(X_fit, y_fit)
        threshold = tau / (tau + beta * (1 - tau))  # prior_correction(p_s, beta) >= tau  <=>  p_s >= this
    else:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}.")
    return Bunch(model=model, threshold=float(threshold), beta=float(beta))


def method_decisions(method, c, X):
    """Flag (1) or pass (0) each row of ``X`` (fruit_features units) with ``method`` at cost ``c``."""
    fitted = fit_method(method, c)
    return (logistic_proba(fitted.model, X) >= fitted.threshold).astype(int)


@lru_cache(maxsize=64)
def cost_numbers(c, method):
    """The explorer's numbers on the 20,000 test fruit."""
    test = fruit_sets().test
    y_pred = method_decisions(method, c, test.X)
    best = (test.proba >= cost_threshold(cost_matrix_for(c))).astype(int)
    return {
        "threshold on the model's probability": fit_method(method, c).threshold,
        "cost per 1,000 fruit": 1000 * expected_cost(test.y, y_pred, cost_matrix_for(c)),
        "best possible cost per 1,000": 1000 * expected_cost(test.y, best, cost_matrix_for(c)),
        "recall (apples found)": recall_score(test.y, y_pred, zero_division=0),
        "precision (alarms that are apples)": precision_score(test.y, y_pred, zero_division=0),
    }


def cost_table(costs=COSTS, methods=METHODS):
    """Cost per 1,000 test fruit of every method at every cost, plus the best possible: dict name -> list."""
    table = {m: [cost_numbers(c, m)["cost per 1,000 fruit"] for c in costs] for m in methods}
    table["best possible"] = [cost_numbers(c, methods[0])["best possible cost per 1,000"] for c in costs]
    return table


def boundary_in_cm(coef, intercept, threshold):
    """The line where a model in fruit_features units reaches ``threshold``, in cm units.

    The model flags :math:`z` when :math:`w^\\top z + b \\ge \\operatorname{logit}\\tau`, with
    :math:`z = (x - m)/\\sigma`; in the measured units that is :math:`a^\\top x + d \\ge 0` with
    :math:`a = w/\\sigma` and :math:`d = b - \\operatorname{logit}\\tau - a^\\top m`. Returns ``(a, d)``.
    """
    a = np.asarray(coef, dtype=float) / FEATURE_SCALE
    d = float(intercept) - np.log(threshold / (1 - threshold)) - float(a @ FEATURE_CENTRE)
    return a, d


# ---------------------------------------------------------------- the explorer
def _draw(c, method):
    from negedu import plotting

    sets = fruit_sets()
    fitted = fit_method(method, c)
    shown = slice(0, 2_000)  # the first 2,000 test fruit keep the picture readable
    a, d = boundary_in_cm(fitted.model.coef, fitted.model.intercept, fitted.threshold)
    # the best possible boundary: the generator's log-odds in z units is 2.917 z1 - 0.875 z2
    a_best, d_best = boundary_in_cm([35 / 12, -0.875], np.log(1 / IMBALANCE_RATIO), 1 / (1 + c))
    fig, (left, right) = plotting.new_figure(2, width=8.0, height=3.4)
    figures.plot_cost_boundaries(sets.test.X_cm[shown], sets.test.y[shown],
                                  {f"{method}": (a, d), "best possible": (a_best, d_best)}, ax=left)
    left.set_title(f"a miss costs {c:g} false alarms", fontsize="small")
    table = cost_table()
    figures.plot_cost_curves(COSTS, table, current=c, highlight=method, ax=right)
    return fig


def _describe(values, nums):
    threshold = nums["threshold on the model's probability"]
    return (f"{values['method'].capitalize()} with a miss costing {values['c']:g} false alarms flags a fruit when "
            f"the model's probability of apple is at least {threshold:.3f}; on "
            f"20,000 new fruit it costs {nums['cost per 1,000 fruit']:.1f} per 1,000 fruit (best possible "
            f"{nums['best possible cost per 1,000']:.1f}), finding {nums['recall (apples found)']:.0%} of the apples "
            f"with precision {nums['precision (alarms that are apples)']:.0%}.")


@register("cost-sensitive/costs")
def cost_explorer():
    """Chapter 8: the cost of a miss against four ways to act on it, on 20,000 new fruit."""
    return Explorer(
        "cost-sensitive/costs",
        [
            Param("c", COSTS, label="Cost of a missed apple (false alarms)", fmt="{:g}", initial=19),
            Param("method", METHODS, label="Method", initial="threshold moving"),
        ],
        numbers=cost_numbers,
        draw=_draw,
        describe=_describe,
        formats={
            "threshold on the model's probability": "{:.3f}",
            "cost per 1,000 fruit": "{:.1f}",
            "best possible cost per 1,000": "{:.1f}",
            "recall (apples found)": "{:.2f}",
            "precision (alarms that are apples)": "{:.2f}",
        },
        title="What a miss costs, and four ways to act on it",
    )
