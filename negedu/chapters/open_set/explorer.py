"""Explorers of the chapter "Open-set recognition".

Each factory returns an :class:`~negedu.interactive.Explorer` whose numbers are computed by
negedu itself, and is registered by name, so the browser tests can rebuild it and check
that the page shows exactly what negedu computes.
"""

from functools import lru_cache

import numpy as np

from negedu.metrics import roc_auc_score
from negedu.losses import SoftmaxRegression
from negedu.openset import (
    EvidentialClassifier, OpenMax, energy_score, max_softmax_score,
    open_set_report,
)
from negedu.datasets import make_open_set_blobs
from negedu.interactive import Explorer, Param, register
from . import figures

__all__ = ["acceptance_explorer", "SCORES", "REJECT_SHARES"]

#: The unknown scores of the drop-down, in order.
SCORES = ["max-softmax", "energy, T = 1", "energy, T = 10", "OpenMax", "evidential"]
#: Thresholds, as the share of known training rows rejected.
REJECT_SHARES = [0.01, 0.05, 0.1, 0.2]
#: Grid points per side of the map.
GRID = 70
#: The label of an unknown row.
UNKNOWN = 3


@lru_cache(maxsize=1)
def _setting():
    """The chapter's data, the softmax model, OpenMax on its logits, the evidential model, and the grid."""
    from negedu.plotting import decision_grid

    X_train, y_train, X_test, y_test = make_open_set_blobs(random_state=0)
    model = SoftmaxRegression().fit(X_train, y_train)
    openmax = OpenMax(tail_size=20, alpha=2).fit(model.decision_function(X_train), y_train)
    evidential = EvidentialClassifier().fit(X_train, y_train)
    grid = decision_grid(np.vstack([X_train, X_test]), n=GRID, margin=0.5)
    return X_train, y_train, X_test, y_test, model, openmax, evidential, grid


def unknown_scores(score, X):
    """The unknown score ``score`` (one of SCORES) of the rows ``X``: higher = more likely unknown."""
    _, _, _, _, model, openmax, evidential, _ = _setting()
    if score == "evidential":
        return evidential.uncertainty(X)
    logits = model.decision_function(X)
    if score == "max-softmax":
        return max_softmax_score(logits)
    if score.startswith("energy"):
        return energy_score(logits, temperature=float(score.split("=")[1]))
    return openmax.unknown_score(logits)


@lru_cache(maxsize=8)
def _scores(score):
    X_train, _, X_test, _, _, _, _, (_, _, points) = _setting()
    return unknown_scores(score, X_train), unknown_scores(score, X_test), unknown_scores(score, points)


def threshold(score, reject_share):
    """tau: the (1 - reject_share) quantile of the known training rows' scores."""
    return float(np.quantile(_scores(score)[0], 1.0 - reject_share))


def acceptance_numbers(score, reject_share):
    """Rejections at the threshold, by kind of row, and the threshold-free AUROC."""
    _, _, X_test, y_test, model, _, evidential, _ = _setting()
    _, s, _ = _scores(score)
    tau = threshold(score, reject_share)
    unknown = y_test == UNKNOWN
    gap = unknown & (np.linalg.norm(X_test, axis=1) < 1)
    far = unknown & ~gap
    rejected = s >= tau
    predictor = evidential if score == "evidential" else model
    report = open_set_report(y_test, predictor.predict(X_test), s, tau, unknown_label=UNKNOWN)
    return {
        "gap unknowns rejected (of 30)": int(rejected[gap].sum()),
        "far unknowns rejected (of 60)": int(rejected[far].sum()),
        "known rows rejected (of 300)": int(rejected[~unknown].sum()),
        "AUROC known vs unknown": float(roc_auc_score(unknown.astype(int), s)),
        "open-set macro-F1": report["open-set macro-F1"],
    }


def _draw(score, reject_share):
    from negedu import plotting

    X_train, y_train, X_test, y_test, _, _, _, (xx, yy, _) = _setting()
    s_train, _, Z = _scores(score)
    fig, ax = plotting.new_figure(width=8.0, height=3.4)
    figures.plot_unknown_score_map(X_train, y_train, xx, yy, Z, X_unknown=X_test[y_test == UNKNOWN],
                                    threshold=threshold(score, reject_share), reference_scores=s_train, ax=ax,
                                    title=f"{score}: reject {reject_share:.0%} of the known training rows",
                                    legend=False, size=12)
    plotting.legend_outside(ax)
    return fig


def _describe(values, nums):
    return (
        f"With the {values['score']} score and a threshold that rejects {values['reject_share']:.0%} of the known "
        f"training rows, the model rejects {nums['gap unknowns rejected (of 30)']} of the 30 unknowns in the gap "
        f"between the classes, {nums['far unknowns rejected (of 60)']} of the 60 far unknowns, and "
        f"{nums['known rows rejected (of 300)']} of the 300 known test rows. AUROC "
        f"{nums['AUROC known vs unknown']:.3f}, open-set macro-F1 {nums['open-set macro-F1']:.3f}."
    )


@register("open-set/acceptance")
def acceptance_explorer():
    """Open-set recognition: the acceptance region of five unknown scores at four thresholds."""
    return Explorer(
        "open-set/acceptance",
        [
            Param("score", SCORES, label="Unknown score", initial="max-softmax"),
            Param("reject_share", REJECT_SHARES, label="Known training rows rejected", fmt="{:.0%}", initial=0.05),
        ],
        numbers=acceptance_numbers,
        draw=_draw,
        describe=_describe,
        formats={"AUROC known vs unknown": "{:.3f}", "open-set macro-F1": "{:.3f}"},
        title="Which inputs does each score reject?",
    )
