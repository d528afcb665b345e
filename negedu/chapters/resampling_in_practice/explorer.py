r"""Explorers of Chapter 7, "Resampling in practice", and the small tools they need.

Two explorers, both on the apples-and-oranges basket with 19 oranges per apple:

* ``"resampling-in-practice/cv-leak"``: cross-validate a resampler *before* the split
  (wrong) or *inside* each training fold (right) and compare the estimate with the F1
  the same pipeline really reaches on 20,000 new fruit;
* ``"resampling-in-practice/calibration"``: undersample the oranges (or SMOTE the
  apples) to a chosen ratio, fit a logistic regression, and look at its probabilities
  before and after the prior correction :func:`prior_correction`.

The explorers fit :func:`negedu.losses.fit_logistic_regression` and the 1-nearest-neighbour
rule (:func:`nearest_neighbour_predict`), correct the probabilities with
:func:`negedu.resampling.prior_correction` and score them with
:func:`negedu.metrics.brier_score_loss` and :func:`reliability_curve`.

>>> from negedu.interactive import get_explorer
>>> nums = get_explorer("resampling-in-practice/calibration").numbers(
...     sampler="random undersampling", ir_after=1, view="corrected")
>>> round(nums["β = IR after / IR before"], 3)
0.053
"""

from functools import lru_cache, partial

import numpy as np

from negedu._validation import check_1d
from negedu.datasets import Bunch, fruit_features, make_apples_and_oranges
from negedu.metrics import brier_score_loss, calibration_bins, f1_score, precision_score, recall_score
from negedu.losses import fit_logistic_regression, logistic_proba
from negedu.neighbors import kneighbors
from negedu.model_selection import RESAMPLING_WHEN, cross_validate_resampling
from negedu.resampling import (
    edited_nearest_neighbours,
    prior_correction,
    random_over_sample,
    random_under_sample,
    resampling_beta,
    smote,
    tomek_links,
)
from negedu.interactive import Explorer, Param, register
from . import figures

__all__ = [
    "nearest_neighbour_predict",
    "reliability_curve",
    "LEAK_SAMPLERS",
    "resample_tracking",
    "cross_validate_leak",
    "cross_validate_leak_standardised",
    "leak_numbers",
    "cv_leak_explorer",
    "CALIBRATION_SAMPLERS",
    "IR_AFTER",
    "resample_to_ratio",
    "calibration_numbers",
    "calibration_explorer",
]

#: Oranges per apple in every basket of the chapter's explorers.
IMBALANCE_RATIO = 19
TEST_SEED = 2
LEAK_SEED = 1
CALIBRATION_SEED = 11
N_TEST = 20_000
N_LEAK = 1_000
N_CALIBRATION = 4_000
N_SPLITS = 5
SAMPLER_SEED = 0


# ---------------------------------------------------------------- the two small models
def nearest_neighbour_predict(X_fit, y_fit, X_query):
    """The 1-nearest-neighbour rule: each query row gets the label of its nearest fitted row.

    The nearest row is :func:`negedu.neighbors.kneighbors`'s (exact squared Euclidean
    distances; on an exact tie the lowest index wins).

    >>> nearest_neighbour_predict([[0.0], [1.0]], [0, 1], [[0.2], [0.9]]).tolist()
    [0, 1]
    """
    y_fit = check_1d(y_fit, "y_fit")
    return y_fit[kneighbors(X_fit, X_query, 1)[:, 0]]


# ---------------------------------------------------------------- probabilities after resampling
def reliability_curve(y_true, y_prob, *, n_bins=10):
    r"""The points of a reliability diagram, with the number of samples in each bin.

    :func:`negedu.metrics.calibration_bins` with bins of equal width: ``prob_true``,
    ``prob_pred`` and ``counts`` for the non-empty bins, and all the ``edges``.

    >>> curve = reliability_curve([0, 0, 1, 1], [0.1, 0.3, 0.35, 0.9], n_bins=2)
    >>> curve.prob_pred.tolist(), curve.prob_true.tolist(), curve.counts.tolist()
    ([0.25, 0.9], [0.3333333333333333, 1.0], [3, 1])
    """
    return calibration_bins(y_true, y_prob, n_bins=n_bins, strategy="uniform")


# ---------------------------------------------------------------- cross-validation with resampling
#: The samplers of the leak explorer, in the order of its drop-down.
LEAK_SAMPLERS = ["random oversampling", "SMOTE", "SMOTE-Tomek", "SMOTE-ENN", "random undersampling"]
#: The models of the leak explorer.
LEAK_MODELS = ["1-nearest neighbour", "logistic regression"]
#: Where the resampling happens.
LEAK_WHEN = list(RESAMPLING_WHEN)


def resample_tracking(sampler, X, y, *, random_state=SAMPLER_SEED):
    """Resample ``(X, y)`` with one of :data:`LEAK_SAMPLERS` (or ``"none"``) and say which output rows are new.

    Every sampler runs with its defaults (balance the classes) and the given seed. Returns
    ``X_res, y_res, synthetic``, where ``synthetic`` marks the rows that are not original
    samples: SMOTE's new points, or the extra copies of random over-sampling. SMOTE-Tomek
    and SMOTE-ENN are composed here as :func:`smote` followed by :func:`tomek_links` or
    :func:`edited_nearest_neighbours` with ``sampling_strategy="all"``, exactly what
    :func:`negedu.resampling.smote_tomek` and :func:`negedu.resampling.smote_enn` do, so
    that the cleaner's ``sample_indices`` tell which kept rows SMOTE made.
    """
    n = len(y)
    if sampler == "none":
        return X, y, np.zeros(n, dtype=bool)
    if sampler == "random oversampling":
        X_res, y_res, _ = random_over_sample(X, y, random_state=random_state)
        return X_res, y_res, np.arange(len(y_res)) >= n
    if sampler == "random undersampling":
        X_res, y_res, _ = random_under_sample(X, y, random_state=random_state)
        return X_res, y_res, np.zeros(len(y_res), dtype=bool)
    if sampler not in ("SMOTE", "SMOTE-Tomek", "SMOTE-ENN"):
        raise ValueError(f"sampler must be 'none' or one of {LEAK_SAMPLERS}, got {sampler!r}.")
    X_res, y_res = smote(X, y, random_state=random_state)
    kept = np.arange(len(y_res))
    if sampler == "SMOTE-Tomek":
        X_res, y_res, kept = tomek_links(X_res, y_res, sampling_strategy="all")
    elif sampler == "SMOTE-ENN":
        X_res, y_res, kept = edited_nearest_neighbours(X_res, y_res, sampling_strategy="all")
    return X_res, y_res, kept >= n


def _fit_predict(model, X_fit, y_fit, X_query):
    if model == "1-nearest neighbour":
        return nearest_neighbour_predict(X_fit, y_fit, X_query)
    if model == "logistic regression":
        return (logistic_proba(fit_logistic_regression(X_fit, y_fit), X_query) >= 0.5).astype(int)
    raise ValueError(f"model must be one of {LEAK_MODELS}, got {model!r}.")


def cross_validate_leak(X, y, sampler, *, when, model, n_splits=N_SPLITS, random_state=0):
    """:func:`negedu.model_selection.cross_validate_resampling` with a sampler and a model named as in the explorer.

    ``sampler`` is one of :data:`LEAK_SAMPLERS` (run by :func:`resample_tracking`), ``model`` one
    of :data:`LEAK_MODELS`, ``when`` one of :data:`LEAK_WHEN`; the score is F1 of the positive class.
    """
    return cross_validate_resampling(X, y, partial(resample_tracking, sampler), partial(_fit_predict, model),
                                     when=when, n_splits=n_splits, random_state=random_state)


def _scale_of(X):
    """Mean and standard deviation of each column (a constant column keeps the scale 1)."""
    X = np.asarray(X, dtype=float)
    scale = X.std(axis=0)
    return X.mean(axis=0), np.where(scale > 0, scale, 1.0)


def _standardised_resample(sampler, X, y):
    """:func:`resample_tracking` in standardised units, the scale learnt on ``X``; rows returned in ``X``'s units."""
    mean, scale = _scale_of(X)
    X_res, y_res, synthetic = resample_tracking(sampler, (np.asarray(X, dtype=float) - mean) / scale, y)
    return X_res * scale + mean, y_res, synthetic


def _standardised_nearest_neighbour(X_fit, y_fit, X_query):
    """:func:`nearest_neighbour_predict` in units standardised with the fitted rows' mean and spread."""
    mean, scale = _scale_of(X_fit)
    return nearest_neighbour_predict((np.asarray(X_fit, dtype=float) - mean) / scale, y_fit,
                                     (np.asarray(X_query, dtype=float) - mean) / scale)


def cross_validate_leak_standardised(X, y, sampler="SMOTE", *, n_splits=N_SPLITS, n_repeats=2):
    """The two protocols of :func:`cross_validate_leak` on real features, with the 1-nearest-neighbour rule.

    Real features come in different units, so both the resampler and the 1-NN rule work in
    standardised units: the resampler with the mean and spread of the rows it resamples (all of
    them before the split, the training folds inside), the 1-NN rule with those of its training
    rows; no scale is ever learnt on a test fold by the right protocol. Stratified folds are
    drawn with the seeds ``0, ..., n_repeats - 1``. Returns a :class:`Bunch` with the F1 of
    every test fold, ``before`` and ``inside`` (``n_splits * n_repeats`` each).

    >>> X = np.r_[np.zeros((24, 2)), np.ones((12, 2))] + np.arange(36)[:, None] * [0.01, 100.0]
    >>> y = np.array([0] * 24 + [1] * 12)
    >>> result = cross_validate_leak_standardised(X, y, n_splits=2, n_repeats=2)
    >>> result.before.shape, result.inside.shape
    ((4,), (4,))
    """
    X = np.asarray(X, dtype=float)
    y = check_1d(y, "y")
    scores = {}
    for key, when in (("before", "before the split"), ("inside", "inside each training fold")):
        scores[key] = np.concatenate([
            cross_validate_resampling(X, y, partial(_standardised_resample, sampler), _standardised_nearest_neighbour,
                                      when=when, n_splits=n_splits, random_state=seed).fold_scores
            for seed in range(n_repeats)])
    return Bunch(**scores)


@lru_cache(maxsize=1)
def _test_basket():
    basket = make_apples_and_oranges(n_samples=N_TEST, imbalance_ratio=IMBALANCE_RATIO, random_state=TEST_SEED)
    return fruit_features(basket.X), basket.y


@lru_cache(maxsize=1)
def _leak_basket():
    basket = make_apples_and_oranges(n_samples=N_LEAK, imbalance_ratio=IMBALANCE_RATIO, random_state=LEAK_SEED)
    return fruit_features(basket.X), basket.y


@lru_cache(maxsize=32)
def _cross_validated(sampler, when, model):
    X, y = _leak_basket()
    return cross_validate_leak(X, y, sampler, when=when, model=model)


@lru_cache(maxsize=16)
def _held_out_f1(sampler, model):
    """F1 on 20,000 new fruit of the pipeline trained on the whole (resampled) training basket."""
    X, y = _leak_basket()
    X_fit, y_fit, _ = resample_tracking(sampler, X, y)
    X_test, y_test = _test_basket()
    return f1_score(y_test, _fit_predict(model, X_fit, y_fit, X_test), zero_division=0)


def leak_numbers(sampler, when, model):
    """The leak explorer's numbers: the CV estimate of F1, the held-out truth and what the test folds hold."""
    cv = _cross_validated(sampler, when, model)
    truth = _held_out_f1(sampler, model)
    return {
        "CV estimate of F1 (mean of 5 folds)": cv.estimate,
        "F1 on 20,000 new fruit (the truth)": truth,
        "optimism (estimate − truth)": cv.estimate - truth,
        "apples among the test rows": cv.positive_share,
        "synthetic rows among the test apples": cv.synthetic_share,
    }


def _draw_leak(sampler, when, model):
    from negedu import plotting

    cv = _cross_validated(sampler, when, model)
    fig, (left, right) = plotting.new_figure(2, width=8.0, height=3.4)
    figures.plot_fold_scores(cv.fold_scores, truth=_held_out_f1(sampler, model), ax=left)
    left.set_title(f"{model}, {sampler}", fontsize="small")
    fold = cv.first_fold
    plotting.plot_samples(fold.X, fold.y, synthetic=fold.synthetic, ax=right, legend="below",
                          xlabel="redness (z)", ylabel="diameter (z)")
    right.set_title(f"test fold 1 ({sampler} {'before' if when.startswith('before') else 'inside'})",
                    fontsize="small")
    X, _ = _leak_basket()
    right.set_xlim(X[:, 0].min() - 0.3, X[:, 0].max() + 0.3)
    right.set_ylim(X[:, 1].min() - 0.3, X[:, 1].max() + 0.3)
    return fig


def _describe_leak(values, nums):
    estimate = nums["CV estimate of F1 (mean of 5 folds)"]
    truth = nums["F1 on 20,000 new fruit (the truth)"]
    where = "on the whole basket before splitting it" if values["when"].startswith("before") \
        else "inside each training fold only"
    text = (f"{values['model'].capitalize()} with {values['sampler']} applied {where}: cross-validation "
            f"estimates F1 = {estimate:.2f}, and the same pipeline scores {truth:.2f} on 20,000 new fruit. ")
    return text + (f"The test folds are {nums['apples among the test rows']:.0%} apples "
                   f"({nums['synthetic rows among the test apples']:.0%} of them synthetic); the real share is 5%.")


@register("resampling-in-practice/cv-leak")
def cv_leak_explorer():
    """Chapter 7: cross-validation with the resampling before the split (wrong) or inside the folds (right)."""
    return Explorer(
        "resampling-in-practice/cv-leak",
        [
            Param("sampler", LEAK_SAMPLERS, label="Resampler", initial="SMOTE"),
            Param("when", LEAK_WHEN, label="Resample", initial="before the split"),
            Param("model", LEAK_MODELS, label="Model", initial="logistic regression"),
        ],
        numbers=leak_numbers,
        draw=_draw_leak,
        describe=_describe_leak,
        formats={
            "CV estimate of F1 (mean of 5 folds)": "{:.3f}",
            "F1 on 20,000 new fruit (the truth)": "{:.3f}",
            "optimism (estimate − truth)": "{:+.3f}",
            "apples among the test rows": "{:.1%}",
            "synthetic rows among the test apples": "{:.0%}",
        },
        title="Cross-validation: resample before the split, or inside the folds?",
    )


# ---------------------------------------------------------------- calibration after resampling
#: The resamplers of the calibration explorer.
CALIBRATION_SAMPLERS = ["random undersampling", "SMOTE"]
#: Oranges per apple in the training set after resampling (19 = no resampling).
IR_AFTER = [19, 5, 2, 1, 0.5]
#: The two views of the calibration explorer.
VIEWS = ["uncorrected", "corrected"]


@lru_cache(maxsize=1)
def _calibration_basket():
    basket = make_apples_and_oranges(n_samples=N_CALIBRATION, imbalance_ratio=IMBALANCE_RATIO,
                                     random_state=CALIBRATION_SEED)
    return fruit_features(basket.X), basket.y


def resample_to_ratio(sampler, X, y, ir_after, *, random_state=SAMPLER_SEED):
    """Undersample the negatives, or SMOTE the positives, until there are ``ir_after`` negatives per positive."""
    n_pos, n_neg = int(np.sum(y == 1)), int(np.sum(y == 0))
    if sampler == "random undersampling":
        n_keep = min(n_neg, int(round(ir_after * n_pos)))
        return random_under_sample(X, y, sampling_strategy={0: n_keep}, random_state=random_state)[:2]
    if sampler == "SMOTE":
        n_target = max(n_pos, int(round(n_neg / ir_after)))
        return smote(X, y, sampling_strategy={1: n_target}, random_state=random_state)
    raise ValueError(f"sampler must be one of {CALIBRATION_SAMPLERS}, got {sampler!r}.")


@lru_cache(maxsize=16)
def _calibrated_model(sampler, ir_after):
    X, y = _calibration_basket()
    X_fit, y_fit = resample_to_ratio(sampler, X, y, ir_after)
    model = fit_logistic_regression(X_fit, y_fit)
    X_test, _ = _test_basket()
    return Bunch(beta=resampling_beta(y, y_fit), n_rows=int(len(y_fit)), proba=logistic_proba(model, X_test))


def _calibration_proba(sampler, ir_after, view):
    fitted = _calibrated_model(sampler, ir_after)
    return fitted.proba if view == "uncorrected" else prior_correction(fitted.proba, fitted.beta)


def calibration_numbers(sampler, ir_after, view):
    """The calibration explorer's numbers, on 20,000 new fruit."""
    fitted = _calibrated_model(sampler, ir_after)
    _, y_test = _test_basket()
    proba = _calibration_proba(sampler, ir_after, view)
    y_pred = (proba >= 0.5).astype(int)
    return {
        "β = IR after / IR before": fitted.beta,
        "training rows": fitted.n_rows,
        "Brier score": brier_score_loss(y_test, proba),
        "mean predicted probability": float(np.mean(proba)),
        "observed share of apples": float(np.mean(y_test)),
        "precision at 0.5": precision_score(y_test, y_pred, zero_division=0),
        "recall at 0.5": recall_score(y_test, y_pred, zero_division=0),
    }


def _draw_calibration(sampler, ir_after, view):
    from negedu import plotting

    _, y_test = _test_basket()
    proba = _calibration_proba(sampler, ir_after, view)
    curve = reliability_curve(y_test, proba, n_bins=10)
    fig, (left, right) = plotting.new_figure(2, width=8.0, height=3.4)
    plotting.plot_reliability_diagram({view: (curve.prob_pred, curve.prob_true, curve.counts)}, ax=left)
    left.set_title(f"{sampler} to {ir_after:g} : 1, {view}", fontsize="small")
    figures.plot_probability_histogram(y_test, proba, threshold=0.5, ax=right, names=("oranges", "apples"))
    right.set_xlabel(f"{view} probability of apple")
    return fig


def _describe_calibration(values, nums):
    if values["ir_after"] == IMBALANCE_RATIO:
        how = "Trained on the basket as it is (19 oranges per apple, β = 1)"
    else:
        how = (f"Trained after {values['sampler']} to {values['ir_after']:g} oranges per apple "
               f"(β = {nums['β = IR after / IR before']:.3f})")
    return (f"{how}, {values['view']}: the model predicts on average {nums['mean predicted probability']:.1%} "
            f"apples where {nums['observed share of apples']:.1%} are; Brier score {nums['Brier score']:.4f}; "
            f"at 0.5 it finds {nums['recall at 0.5']:.0%} of the apples with precision {nums['precision at 0.5']:.0%}.")


@register("resampling-in-practice/calibration")
def calibration_explorer():
    """Chapter 7: the probabilities of a model trained on resampled data, before and after the prior correction."""
    return Explorer(
        "resampling-in-practice/calibration",
        [
            Param("sampler", CALIBRATION_SAMPLERS, label="Resampler", initial="random undersampling"),
            Param("ir_after", IR_AFTER, label="Oranges per apple after resampling", fmt="{:g}", initial=1),
            Param("view", VIEWS, label="Probabilities", initial="uncorrected"),
        ],
        numbers=calibration_numbers,
        draw=_draw_calibration,
        describe=_describe_calibration,
        formats={
            "β = IR after / IR before": "{:.3f}",
            "training rows": "{:,}",
            "Brier score": "{:.4f}",
            "mean predicted probability": "{:.1%}",
            "observed share of apples": "{:.1%}",
            "precision at 0.5": "{:.2f}",
            "recall at 0.5": "{:.2f}",
        },
        title="Probabilities after resampling, and the prior correction",
    )
