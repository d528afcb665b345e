r"""Explorers of Chapter 3, "ROC versus precision-recall".

One scoring model, one set of apples, and more and more oranges. The ROC curve stays
where it is, because both of its axes are rates *within* a class; the precision-recall
curve sinks, because precision mixes the classes:

.. math:: \text{PPV} = \frac{\text{TPR}\,\pi}{\text{TPR}\,\pi + \text{FPR}\,(1 - \pi)}.

Every number shown is computed by :mod:`negedu.metrics`, and the browser tests check
that the page shows exactly those numbers.
"""

from functools import lru_cache

import numpy as np

from negedu.datasets import make_apples_and_oranges
from negedu.metrics import auc, average_precision_score, precision_recall_curve, roc_auc_score, roc_curve
from negedu.interactive import Explorer, Param, register

__all__ = ["roc_pr_imbalance_explorer", "roc_pr_numbers", "basket", "scores_of", "N_APPLES", "THRESHOLD",
           "IMBALANCE_RATIOS", "SCORE_KINDS", "NEGATIVES", "BASE_RATE", "ROC_AUC", "AP", "TRAPEZOID", "RECALL_AT",
           "FPR_AT", "PRECISION_AT"]

#: Apples (positives) in every basket of the explorer; oranges = apples x imbalance ratio.
N_APPLES = 100
#: Seed of the baskets. Apples are drawn first, so every basket holds the same 100 apples,
#: and the oranges of a smaller basket are the first oranges of every larger one.
SEED = 7
#: Oranges per apple on the slider, from balanced to 1:1000.
IMBALANCE_RATIOS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
#: The operating point marked on both curves: flag a fruit when its score is >= 0.9.
THRESHOLD = 0.9
#: The same model's scores, exact or reported with one decimal (ties, as a coarse model gives).
SCORE_KINDS = ["exact", "rounded to 0.1"]

# Labels of the numbers the explorer shows (the keys of :func:`roc_pr_numbers`).
NEGATIVES = "oranges (negatives)"
BASE_RATE = "base rate π"
ROC_AUC = "ROC AUC"
AP = "average precision (AP, steps)"
TRAPEZOID = "PR area with straight lines (trapezoid)"
RECALL_AT = f"recall at τ = {THRESHOLD:g}"
FPR_AT = f"false positive rate at τ = {THRESHOLD:g}"
PRECISION_AT = f"precision at τ = {THRESHOLD:g}"


@lru_cache(maxsize=16)
def basket(imbalance_ratio):
    """The basket with :data:`N_APPLES` apples and ``imbalance_ratio`` oranges per apple."""
    n_samples = N_APPLES * (1 + int(imbalance_ratio))
    return make_apples_and_oranges(n_samples=n_samples, imbalance_ratio=imbalance_ratio, random_state=SEED)


def scores_of(fruit, kind):
    """The model's scores, exact or rounded to one decimal (``kind`` in :data:`SCORE_KINDS`)."""
    if kind not in SCORE_KINDS:
        raise ValueError(f"kind must be one of {SCORE_KINDS}, got {kind!r}.")
    return fruit.score if kind == "exact" else np.round(fruit.score, 1)


def _curves(imbalance_ratio, scores, drop_intermediate=False):
    fruit = basket(imbalance_ratio)
    s = scores_of(fruit, scores)
    fpr, tpr, _ = roc_curve(fruit.y, s)
    precision, recall, _ = precision_recall_curve(fruit.y, s, drop_intermediate=drop_intermediate)
    return fruit.y, s, fpr, tpr, precision, recall


def roc_pr_numbers(imbalance_ratio, scores):
    """Areas under both curves, the base rate, and the operating point at :data:`THRESHOLD`.

    The trapezoidal area is ``auc(recall, precision)`` on the full curve, as it is usually
    computed; the areas are those of :mod:`negedu.metrics` with their default arguments.
    """
    y, s, fpr, tpr, precision, recall = _curves(imbalance_ratio, scores)
    flagged = s >= THRESHOLD
    tp = int(np.sum(flagged & (y == 1)))
    fp = int(np.sum(flagged & (y == 0)))
    n_positive = int(np.sum(y == 1))
    n_negative = int(y.size - n_positive)
    return {
        NEGATIVES: n_negative,
        BASE_RATE: float(n_positive / y.size),
        ROC_AUC: roc_auc_score(y, s),
        AP: average_precision_score(y, s),
        TRAPEZOID: auc(recall, precision),
        RECALL_AT: float(tp / n_positive),
        FPR_AT: float(fp / n_negative),
        PRECISION_AT: float(tp / (tp + fp)) if tp + fp else 0.0,
    }


def _draw(imbalance_ratio, scores):
    from negedu import plotting

    # For drawing, keep only the first and last point of each run of equal recall: the
    # others lie on vertical segments, so the picture (and each area) is the same.
    _, _, fpr0, tpr0, precision0, recall0 = _curves(1, scores, drop_intermediate=True)
    _, _, fpr, tpr, precision, recall = _curves(imbalance_ratio, scores, drop_intermediate=True)
    nums = roc_pr_numbers(imbalance_ratio, scores)
    tau = f"τ = {THRESHOLD:g}"
    fig, (left, right) = plotting.new_figure(2, width=8.0, height=4.3)
    grey = dict(color=plotting.NEUTRAL, linewidth=1.2, alpha=0.6, markers=False)
    plotting.plot_roc_curve(fpr0, tpr0, ax=left, chance=False, label="1:1 basket", **grey)
    plotting.plot_roc_curve(fpr, tpr, ax=left, label=f"1:{imbalance_ratio:g}, AUC {nums[ROC_AUC]:.3f}",
                            point=(nums[FPR_AT], nums[RECALL_AT]), point_label=tau)
    left.set_title("ROC: rates within each class", fontsize="medium")
    plotting.plot_pr_curve(precision0, recall0, ax=right, label="1:1 basket", **grey)
    plotting.plot_pr_curve(precision, recall, ax=right, style="lines", linestyle="--", linewidth=1.0,
                           color=plotting.NEUTRAL, markers=False, label=f"straight lines, area {nums[TRAPEZOID]:.3f}")
    plotting.plot_pr_curve(precision, recall, ax=right, base_rate=nums[BASE_RATE],
                           label=f"1:{imbalance_ratio:g} steps, AP {nums[AP]:.3f}",
                           point=(nums[RECALL_AT], nums[PRECISION_AT]), point_label=tau)
    right.set_title("PR: precision mixes the classes", fontsize="medium")
    for ax in (left, right):  # legends under the panels, so they hide no part of a curve
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize="x-small", frameon=False,
                  markerscale=0.6)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
        ax.set_aspect("auto")
    return fig


def _describe(values, nums):
    return (
        f"{values['scores'].capitalize()} scores, 1 apple for {values['imbalance_ratio']:g} oranges "
        f"({nums[NEGATIVES]:,} oranges, base rate {nums[BASE_RATE]:.3g}): ROC AUC {nums[ROC_AUC]:.3f}, "
        f"average precision {nums[AP]:.3f}, straight-line PR area {nums[TRAPEZOID]:.3f}. "
        f"At τ = {THRESHOLD:g} the model finds {nums[RECALL_AT]:.0%} of the apples and flags "
        f"{nums[FPR_AT]:.1%} of the oranges, so {nums[PRECISION_AT]:.1%} of its alarms are apples."
    )


@register("roc-vs-pr/imbalance")
def roc_pr_imbalance_explorer():
    """Chapter 3: the same model, more and more negatives; the ROC curve stays, the PR curve sinks."""
    return Explorer(
        "roc-vs-pr/imbalance",
        [
            Param("imbalance_ratio", IMBALANCE_RATIOS, label="Oranges per apple", fmt="{:g}", initial=100),
            Param("scores", SCORE_KINDS, label="Scores", initial="exact"),
        ],
        numbers=roc_pr_numbers,
        draw=_draw,
        describe=_describe,
        formats={
            NEGATIVES: "{:,}",
            BASE_RATE: "{:.4g}",
            ROC_AUC: "{:.3f}",
            AP: "{:.3f}",
            TRAPEZOID: "{:.3f}",
            RECALL_AT: "{:.2f}",
            FPR_AT: "{:.4f}",
            PRECISION_AT: "{:.3f}",
        },
        title="The same model, more and more negatives",
    )
