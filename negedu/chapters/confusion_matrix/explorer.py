"""Explorers of Chapter 2, "The confusion matrix".

One explorer: a threshold on the apples-and-oranges score and an imbalance ratio; the
figure shows the score histogram and the 2 x 2 matrix with its row and column rates, and
the numbers are the four cells and the five rates, all computed by ``negedu.metrics``.

Every basket holds the *same* 100 apples (``make_apples_and_oranges`` draws the apples
first, so a fixed seed and a fixed number of apples give the same apples whatever the
number of oranges), so moving the imbalance slider leaves TP, FN and the TPR exactly
where they were: only the oranges, and the rates that count them, change.
"""

from functools import lru_cache

from negedu.datasets import make_apples_and_oranges
from negedu.metrics import (
    confusion_matrix,
    false_positive_rate,
    negative_predictive_value,
    precision_score,
    recall_score,
    specificity_score,
)
from negedu.interactive import Explorer, Param, register
from . import figures

__all__ = ["threshold_explorer", "threshold_numbers", "N_APPLES", "SEED", "THRESHOLDS", "IMBALANCE_RATIOS"]

#: Apples in every basket of the explorer; oranges = apples x imbalance ratio.
N_APPLES = 100
#: Seed of every basket (the apples are the same in all of them).
SEED = 3
#: The threshold slider's positions.
THRESHOLDS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99]
#: The imbalance slider's positions (oranges per apple).
IMBALANCE_RATIOS = [1, 10, 100, 1000]


@lru_cache(maxsize=8)
def _basket(imbalance_ratio):
    n_samples = N_APPLES * (1 + int(imbalance_ratio))
    return make_apples_and_oranges(n_samples=n_samples, imbalance_ratio=imbalance_ratio, random_state=SEED)


def threshold_numbers(threshold, imbalance_ratio):
    """The four cells and the rates TPR, TNR, FPR, PPV, NPV for one threshold and imbalance."""
    basket = _basket(imbalance_ratio)
    y_true = basket.y
    y_pred = (basket.score >= threshold).astype(int)
    (tn, fp), (fn, tp) = confusion_matrix(y_true, y_pred, labels=[0, 1])
    return {
        "TP (apples flagged)": int(tp),
        "FN (apples missed)": int(fn),
        "FP (oranges flagged)": int(fp),
        "TN (oranges passed)": int(tn),
        "TPR = recall": recall_score(y_true, y_pred, zero_division=0.0),
        "TNR = specificity": specificity_score(y_true, y_pred),
        "FPR = 1 - TNR": false_positive_rate(y_true, y_pred, zero_division=0.0),
        "PPV = precision": precision_score(y_true, y_pred, zero_division=0.0),
        "NPV": negative_predictive_value(y_true, y_pred, zero_division=0.0),
    }


def _draw(threshold, imbalance_ratio):
    from negedu import plotting

    basket = _basket(imbalance_ratio)
    nums = threshold_numbers(threshold, imbalance_ratio)
    fig, (left, right) = plotting.new_figure(2, width=8.0, height=3.4)
    plotting.plot_score_histogram(basket.y, basket.score, threshold=threshold, ax=left, log=True,
                                  names=("oranges", "apples"), bins=20)
    left.legend(fontsize="x-small", loc="upper center")
    left.set_title(f"1 apple : {imbalance_ratio:g} oranges", fontsize="medium")
    figures.plot_confusion_rates(nums["TP (apples flagged)"], nums["FP (oranges flagged)"],
                                  nums["TN (oranges passed)"], nums["FN (apples missed)"], ax=right,
                                  names=("orange", "apple"))
    return fig


def _describe(values, nums):
    tp, fp = nums["TP (apples flagged)"], nums["FP (oranges flagged)"]
    n_oranges = fp + nums["TN (oranges passed)"]
    if tp == 0 and fp == 0:
        verdict = "so it raises no alarm at all."
    elif fp > tp:
        verdict = (f"so only {nums['PPV = precision']:.0%} of the alarms are apples: "
                   f"false alarms outnumber detections {fp / tp:.1f} to 1." if tp else
                   "and every alarm is false.")
    else:
        verdict = f"so {nums['PPV = precision']:.0%} of the alarms are apples."
    return (
        f"Threshold {values['threshold']:.2f}, {values['imbalance_ratio']:g} oranges per apple: the model finds "
        f"{tp} of {N_APPLES} apples (TPR {nums['TPR = recall']:.2f}) and flags {fp} of {n_oranges} oranges "
        f"(FPR {nums['FPR = 1 - TNR']:.3f}), {verdict}"
    )


@register("confusion-matrix/threshold")
def threshold_explorer():
    """Chapter 2: the four cells and the rates of a threshold, as the oranges become more common."""
    rate = "{:.3f}"
    return Explorer(
        "confusion-matrix/threshold",
        [
            Param("threshold", THRESHOLDS, label="Threshold τ", fmt="{:.2f}", initial=0.9),
            Param("imbalance_ratio", IMBALANCE_RATIOS, label="Oranges per apple", fmt="{:g}", initial=1000),
        ],
        numbers=threshold_numbers,
        draw=_draw,
        describe=_describe,
        formats={
            "TPR = recall": rate,
            "TNR = specificity": "{:.4f}",
            "FPR = 1 - TNR": "{:.4f}",
            "PPV = precision": rate,
            "NPV": "{:.4f}",
        },
        title="The confusion matrix of a threshold, as the negatives pile up",
    )
