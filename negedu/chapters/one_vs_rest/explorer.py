"""Explorer of Chapter 11, "One-vs-rest": one class against a mixed negative, and why to calibrate.

The chapter and its explorer share the data and the models defined here: four overlapping
classes of 600, 200, 60 and 20 samples (``make_class_blobs``), drawn three times, for
training, for calibrating and for testing; one-vs-rest logistic regressions, with or without
``class_weight="balanced"``; and Platt scaling of each of the four models on the calibration set.
"""

from functools import lru_cache

import numpy as np

from negedu.datasets import Bunch
from negedu.losses import LogisticRegression
from negedu.metrics import accuracy_score, recall_score
from negedu.multiclass import OneVsRestClassifier, calibrate_sigmoid, sigmoid_calibrated
from negedu.datasets import make_class_blobs
from negedu.interactive import Explorer, Param, register
from . import figures

__all__ = ["CLASS_SIZES", "SEPARATION", "class_sets", "fitted_ovr", "ovr_probabilities", "subproblem_numbers",
           "subproblem_explorer"]

#: Samples per class in each of the three sets: class 0 is common, class 3 is rare.
CLASS_SIZES = (600, 200, 60, 20)
#: Distance of the class centres from the origin (standard deviation 1).
SEPARATION = 2.0
CLASS_NAMES = [f"class {k}" for k in range(len(CLASS_SIZES))]
WEIGHTINGS = ["none", "balanced"]
SCORINGS = ["raw", "Platt-calibrated"]


@lru_cache(maxsize=1)
def class_sets():
    """Training, calibration and test sets (same class sizes, random states 1, 2 and 3)."""
    train, calibration, test = (make_class_blobs(CLASS_SIZES, separation=SEPARATION, random_state=seed)
                                for seed in (1, 2, 3))
    return Bunch(train=train, calibration=calibration, test=test)


@lru_cache(maxsize=2)
def fitted_ovr(weighting="none"):
    """The one-vs-rest logistic regression fitted on the training set, and Platt's (a, b) per class.

    ``weighting`` is ``"none"`` or ``"balanced"`` (``class_weight`` of every binary model).
    Platt scaling is fitted on the calibration set, one class at a time, against ``y == c``.
    """
    sets = class_sets()
    class_weight = None if weighting == "none" else "balanced"
    ovr = OneVsRestClassifier(LogisticRegression(class_weight=class_weight)).fit(sets.train.X, sets.train.y)
    scores = ovr.decision_function(sets.calibration.X)  # (n, K): one column per binary model
    platt = [calibrate_sigmoid(scores[:, c], (sets.calibration.y == c).astype(int)) for c in range(len(CLASS_SIZES))]
    return Bunch(ovr=ovr, platt=platt)


def ovr_probabilities(X, weighting="none", scoring="raw"):
    """Each binary model's probability of its class, (n, K): the raw sigmoid of its score, or Platt's."""
    model = fitted_ovr(weighting)
    scores = model.ovr.decision_function(X)
    if scoring == "raw":
        return 1.0 / (1.0 + np.exp(-scores))
    return np.column_stack([sigmoid_calibrated(scores[:, c], a, b) for c, (a, b) in enumerate(model.platt)])


def subproblem_numbers(positive, weighting, scoring):
    """The binary subproblem of one class, and the multi-class result of comparing the K models."""
    c = CLASS_NAMES.index(positive)
    sets = class_sets()
    n_pos = int(np.sum(sets.train.y == c))
    n_neg = int(sets.train.y.size - n_pos)
    y_pred = np.argmax(ovr_probabilities(sets.test.X, weighting, scoring), axis=1)
    return {
        "positives (this class)": n_pos,
        "negatives (the other 3 classes)": n_neg,
        "imbalance ratio of the subproblem": n_neg / n_pos,
        "test accuracy (argmax over the 4 models)": float(accuracy_score(sets.test.y, y_pred)),
        "test samples of this class": int(np.sum(sets.test.y == c)),
        "test samples predicted as this class": int(np.sum(y_pred == c)),
        "recall of this class": float(recall_score((sets.test.y == c).astype(int), (y_pred == c).astype(int))),
    }


def _draw(positive, weighting, scoring):
    from negedu import plotting

    c = CLASS_NAMES.index(positive)
    sets = class_sets()
    model = fitted_ovr(weighting)
    xx, yy, points = plotting.decision_grid(sets.test.X, n=90, margin=0.2)
    fig, (left, right) = plotting.new_figure(2, width=8.0, height=3.4)
    figures.plot_one_vs_rest(sets.train.X, sets.train.y, c, ax=left, size=9,
                              grid=(xx, yy, model.ovr.estimators_[c].decision_function(points)))
    left.set_title(f"training: {positive} against the rest", fontsize="small")
    prediction = np.argmax(ovr_probabilities(points, weighting, scoring), axis=1)
    figures.plot_class_regions(xx, yy, prediction, len(CLASS_SIZES), ax=right)
    figures.plot_classes(sets.test.X, sets.test.y, ax=right, size=9, legend=False)
    right.set_title(f"test: argmax of {scoring} scores", fontsize="small")
    left.legend(fontsize="xx-small", loc="upper right")
    return fig


def _describe(values, nums):
    return (
        f"{values['positive']} is the positive class against {nums['negatives (the other 3 classes)']} negatives "
        f"from the other three classes (imbalance ratio {nums['imbalance ratio of the subproblem']:.3g}). "
        f"With {values['weighting']} class weights and {values['scoring']} scores, the argmax over the four models "
        f"gives this class {nums['test samples predicted as this class']} test samples (it has "
        f"{nums['test samples of this class']}); test accuracy {nums['test accuracy (argmax over the 4 models)']:.1%}."
    )


@register("one-vs-rest/subproblem")
def subproblem_explorer():
    """Chapter 11: one class against a mixed negative, and the argmax over raw or calibrated scores."""
    return Explorer(
        "one-vs-rest/subproblem",
        [
            Param("positive", CLASS_NAMES, label="Positive class", initial="class 3"),
            Param("weighting", WEIGHTINGS, label="Class weights of each model", initial="balanced"),
            Param("scoring", SCORINGS, label="Scores compared", initial="raw"),
        ],
        numbers=subproblem_numbers,
        draw=_draw,
        describe=_describe,
        formats={
            "imbalance ratio of the subproblem": "{:.3g}",
            "test accuracy (argmax over the 4 models)": "{:.1%}",
            "recall of this class": "{:.2f}",
        },
        title="One class against the rest, and comparing the four models",
    )
