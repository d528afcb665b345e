"""Explorers of Chapter 1, "Positive and negative".

Each factory returns an :class:`~negedu.interactive.Explorer` whose numbers are computed
by negedu itself, and is registered by name, so the browser tests can rebuild it and
check that the page shows exactly what negedu computes.
"""

from functools import lru_cache

import numpy as np

from negedu.datasets import make_apples_and_oranges
from negedu.metrics import confusion_matrix
from negedu.interactive import Explorer, Param, register

__all__ = ["fruit_threshold_explorer"]

#: Apples in every basket of the chapter 1 explorer; oranges = apples x imbalance ratio.
N_APPLES = 20


@lru_cache(maxsize=8)
def _basket(imbalance_ratio):
    n_samples = N_APPLES * (1 + int(imbalance_ratio))
    return make_apples_and_oranges(n_samples=n_samples, imbalance_ratio=imbalance_ratio, random_state=7)


def fruit_threshold_numbers(threshold, imbalance_ratio):
    """TP, FP, TN, FN and the share of false alarms for one threshold and imbalance."""
    basket = _basket(imbalance_ratio)
    y_pred = (basket.score >= threshold).astype(int)
    (tn, fp), (fn, tp) = confusion_matrix(basket.y, y_pred, labels=[0, 1])
    alarms = tp + fp
    return {
        "apples flagged (TP)": int(tp),
        "apples missed (FN)": int(fn),
        "oranges flagged (FP)": int(fp),
        "oranges passed (TN)": int(tn),
        "alarms raised": int(alarms),
        "share of alarms that are false": float(fp / alarms) if alarms else 0.0,
    }


def _draw(threshold, imbalance_ratio):
    from negedu import plotting

    basket = _basket(imbalance_ratio)
    fig, (left, right) = plotting.new_figure(2, width=8.0, height=3.4)
    plotting.plot_fruit_basket(basket, threshold=threshold, ax=left)
    left.legend(loc="upper left", fontsize="x-small", bbox_to_anchor=(0, -0.22), ncol=2, frameon=False)
    plotting.plot_score_histogram(basket.y, basket.score, threshold=threshold, ax=right, log=True,
                                  names=("oranges", "apples"), bins=20)
    right.set_title(f"1 apple : {imbalance_ratio:g} oranges", fontsize="medium")
    return fig


def _describe(values, nums):
    flagged = nums["alarms raised"]
    false_share = nums["share of alarms that are false"]
    return (
        f"With threshold {values['threshold']:.2f} and {values['imbalance_ratio']:g} oranges per apple, "
        f"the model raises {flagged} alarms: {nums['apples flagged (TP)']} of {N_APPLES} apples and "
        f"{nums['oranges flagged (FP)']} oranges, so {false_share:.0%} of the alarms are false."
    )


@register("positive-and-negative/threshold")
def fruit_threshold_explorer():
    """Chapter 1: which fruit does a threshold flag as apples, as oranges become more common?"""
    return Explorer(
        "positive-and-negative/threshold",
        [
            Param("threshold", [round(t, 2) for t in np.arange(0.1, 0.901, 0.05)], label="Threshold τ",
                  fmt="{:.2f}", initial=0.5),
            Param("imbalance_ratio", [1, 10, 100, 1000], label="Oranges per apple", fmt="{:g}", initial=100),
        ],
        numbers=fruit_threshold_numbers,
        draw=_draw,
        describe=_describe,
        formats={"share of alarms that are false": "{:.1%}"},
        title="Flag apples with a threshold on the score",
    )
