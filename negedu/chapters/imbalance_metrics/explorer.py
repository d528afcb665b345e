"""Explorers of Chapter 4, "Imbalance and the accuracy paradox".

One classifier (the apples-and-oranges score with a threshold) on baskets that hold the
same apples and more and more oranges. The numbers are computed by ``negedu.metrics``
and registered by name, so the browser tests can check the page against negedu.
"""

from functools import lru_cache

import numpy as np

from negedu.datasets import make_apples_and_oranges
from negedu.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    confusion_matrix,
    f1_score,
    geometric_mean_score,
    matthews_corrcoef,
)
from negedu.interactive import Explorer, Param, register
from . import figures

__all__ = ["imbalance_metrics_explorer", "basket_at", "five_metrics", "imbalance_metrics_numbers", "N_APPLES", "IMBALANCE_RATIOS"]

#: Apples in every basket of the explorer (the same 100 apples at every imbalance ratio).
N_APPLES = 100
#: The imbalance ratios (oranges per apple) the explorer offers.
IMBALANCE_RATIOS = [1, 3, 10, 30, 100, 300, 1000]
#: The thresholds the explorer offers.
THRESHOLDS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]


_SHOWN = ["accuracy", "F1", "MCC", "balanced accuracy", "G-mean"]


@lru_cache(maxsize=1)
def _pool():
    """100 apples and 100,000 oranges, drawn once; smaller baskets take the first oranges."""
    largest = max(IMBALANCE_RATIOS)
    basket = make_apples_and_oranges(n_samples=N_APPLES * (1 + largest), imbalance_ratio=largest, random_state=11)
    apples = np.flatnonzero(basket.y == 1)
    oranges = np.flatnonzero(basket.y == 0)  # in the basket's random order
    return basket, apples, oranges


def basket_at(imbalance_ratio):
    """Labels and scores of the basket with the 100 apples and ``100 * imbalance_ratio`` oranges.

    Every basket holds the same apples, and a larger basket holds all the oranges of a
    smaller one, so only the imbalance changes from one to the next, not the classifier.
    """
    basket, apples, oranges = _pool()
    keep = np.concatenate([apples, oranges[: N_APPLES * int(imbalance_ratio)]])
    return basket.y[keep], basket.score[keep]


def five_metrics(y_true, y_pred):
    """The five single-number metrics of the chapter, computed by negedu.metrics (a dict name -> value)."""
    return {
        "accuracy": accuracy_score(y_true, y_pred),
        "F1": f1_score(y_true, y_pred),
        "MCC": matthews_corrcoef(y_true, y_pred),
        "balanced accuracy": balanced_accuracy_score(y_true, y_pred),
        "G-mean": geometric_mean_score(y_true, y_pred),
    }


def imbalance_metrics_numbers(imbalance_ratio, threshold):
    """The confusion counts and five single-number metrics of one state."""
    y_true, y_score = basket_at(imbalance_ratio)
    y_pred = (y_score >= threshold).astype(int)
    (tn, fp), (fn, tp) = confusion_matrix(y_true, y_pred, labels=[0, 1])
    scores = five_metrics(y_true, y_pred)
    return {
        "apples found (TP)": int(tp),
        "false alarms (FP)": int(fp),
        "accuracy": scores["accuracy"],
        "accuracy of 'always orange'": accuracy_score(y_true, np.zeros_like(y_true)),
        **{name: scores[name] for name in _SHOWN[1:]},
    }


def _draw(imbalance_ratio, threshold):
    from negedu import plotting

    nums = imbalance_metrics_numbers(imbalance_ratio, threshold)
    n_oranges = N_APPLES * int(imbalance_ratio)
    tp, fp = nums["apples found (TP)"], nums["false alarms (FP)"]
    fig, (left, right) = plotting.new_figure(2, width=8.0, height=3.4)
    plotting.plot_confusion_counts(tp, fp, n_oranges - fp, N_APPLES - tp, ax=left, names=("orange", "apple"))
    left.set_title(f"1 apple : {imbalance_ratio:g} oranges, τ = {threshold:.1f}", fontsize="medium")
    y_true, _ = basket_at(imbalance_ratio)
    lazy = five_metrics(y_true, np.zeros_like(y_true))  # the "always orange" baseline
    figures.plot_metric_bars({k: nums[k] for k in _SHOWN}, baseline=lazy, ax=right,
                              names=("model", "always orange"), fmt="{:.3f}")
    right.set_title("the same predictions, five metrics", fontsize="medium")
    return fig


def _describe(values, nums):
    lazy = nums["accuracy of 'always orange'"]
    below = nums["accuracy"] < lazy
    return (
        f"With {values['imbalance_ratio']:g} oranges per apple and threshold {values['threshold']:.1f}, the model "
        f"finds {nums['apples found (TP)']} of {N_APPLES} apples and raises {nums['false alarms (FP)']} false alarms. "
        f"Its accuracy {nums['accuracy']:.3f} is {'below' if below else 'at or above'} the "
        f"{lazy:.3f} of always answering orange; F1 is {nums['F1']:.2f}, "
        f"MCC {nums['MCC']:.2f}, balanced accuracy {nums['balanced accuracy']:.2f} and G-mean {nums['G-mean']:.2f}."
    )


@register("imbalance-metrics/imbalance")
def imbalance_metrics_explorer():
    """Chapter 4: one classifier, more and more oranges: which metrics notice?"""
    return Explorer(
        "imbalance-metrics/imbalance",
        [
            Param("imbalance_ratio", IMBALANCE_RATIOS, label="Oranges per apple (IR)", fmt="{:g}", initial=100),
            Param("threshold", THRESHOLDS, label="Threshold τ", fmt="{:.1f}", initial=0.5),
        ],
        numbers=imbalance_metrics_numbers,
        draw=_draw,
        describe=_describe,
        formats={k: "{:.3f}" for k in ["accuracy", "accuracy of 'always orange'", *_SHOWN[1:]]},
        title="One classifier, five metrics, more and more oranges",
    )
