"""Explorer of the chapter "Shifting negatives".

The factory returns an :class:`~negedu.interactive.Explorer` whose numbers are computed by
negedu itself, and is registered by name, so the browser tests can rebuild it and check that
the page shows exactly what negedu computes. The models are those of the chapter's "Three
fixes on the same data" section, trained once.
"""

from functools import lru_cache

import numpy as np

from negedu.anomaly import mahalanobis_scores
from negedu.losses import LogisticRegression
from negedu.metrics import confusion_matrix
from negedu.datasets import make_shifting_negatives
from negedu.interactive import Explorer, Param, register
from . import figures

__all__ = ["fixes_explorer", "FIXES", "SHARES", "LINES", "train_fix", "fixes_numbers"]

#: The fixes of the drop-down, in order.
FIXES = ["none", "harder negatives", "randomised background", "harder + randomised", "positives only"]
#: The shares of unseen marketing among the deployment negatives.
SHARES = [0.0, 0.1, 0.2, 0.3, 0.5]
#: The production lines the deployment rows come from.
LINES = ["A", "B"]


class _PositivesOnly:
    """Positive when the Mahalanobis distance to the positives is within their 95th percentile."""

    def __init__(self, X_pos):
        self.X_pos = X_pos
        self.threshold = np.quantile(mahalanobis_scores(X_pos), 0.95)

    def predict(self, X):
        return (mahalanobis_scores(self.X_pos, X) <= self.threshold).astype(int)


def _mine(model, training, pool_line):
    """Refit with the negatives of a broader pool (20 % marketing) that ``model`` calls positive."""
    pool = make_shifting_negatives(1, 2000, marketing=0.2, line=pool_line, random_state=3)
    negatives = pool.X[pool.y == 0]
    false_positives = negatives[model.predict(negatives) == 1]
    X = np.vstack([training.X, false_positives])
    y = np.r_[training.y, np.zeros(len(false_positives), dtype=int)]
    return LogisticRegression().fit(X, y)


@lru_cache(maxsize=8)
def train_fix(fix):
    """The model of one fix, trained as in the chapter (60 positives, 540 ordinary negatives, seed 0)."""
    train = make_shifting_negatives(60, 540, random_state=0)
    if fix == "positives only":
        return _PositivesOnly(train.X[train.y == 1])
    if fix in ("randomised background", "harder + randomised"):
        train = make_shifting_negatives(60, 540, line="randomised", random_state=0)
    model = LogisticRegression().fit(train.X, train.y)
    if fix.startswith("harder"):
        model = _mine(model, train, "randomised" if "randomised" in fix else "A")
    return model


@lru_cache(maxsize=16)
def _deployment(share, line):
    return make_shifting_negatives(100, 1900, marketing=share, line=line, random_state=1)


def fixes_numbers(share, line, fix):
    """FPR (overall and on the unseen marketing), recall and precision of one fix on one deployment."""
    data = _deployment(share, line)
    y_pred = train_fix(fix).predict(data.X)
    tn, fp, fn, tp = (int(v) for v in confusion_matrix(data.y, y_pred, labels=[0, 1]).ravel())
    marketing = data.group == "marketing"
    return {
        "false positive rate": fp / (fp + tn),
        "FPR on marketing": float(np.mean(y_pred[marketing] == 1)) if marketing.any() else 0.0,
        "recall": tp / (tp + fn),
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "false alarms": fp,
        "positives caught (of 100)": tp,
    }


@lru_cache(maxsize=1)
def _grid():
    from negedu.plotting import decision_grid

    return decision_grid(_deployment(0.5, "B").X[:, :2], n=70, margin=0.5)


def _draw(share, line, fix):
    from negedu import plotting

    data = _deployment(share, line)
    xx, yy, grid = _grid()
    background = -1.0 if line == "A" else 1.0  # what a negative row of this line looks like
    region = train_fix(fix).predict(np.column_stack([grid, np.full(len(grid), background)]))
    fig, ax = plotting.new_figure(width=8.0, height=3.4)
    plotting.plot_decision_regions(xx, yy, region, ax=ax)
    figures.plot_shifted_population(data.X, data.y, unseen=data.group == "marketing",
                                     flagged=train_fix(fix).predict(data.X) == 1, ax=ax, size=3.0, legend=False,
                                     unseen_name="marketing (unseen)",
                                     title=f"fix: {fix}; line {line}, {share:.0%} marketing")
    plotting.legend_outside(ax)
    return fig


def _describe(values, nums):
    return (
        f"With the fix '{values['fix']}', on line {values['line']} with {values['share']:.0%} unseen marketing "
        f"among the 1,900 negatives, the model raises {nums['false alarms']} false alarms (FPR "
        f"{nums['false positive rate']:.3f}; {nums['FPR on marketing']:.2f} of the marketing mail) and catches "
        f"{nums['positives caught (of 100)']} of the 100 positives: recall {nums['recall']:.2f}, precision "
        f"{nums['precision']:.2f}. Green shading: where a negative row of this line would be called positive."
    )


@register("shifting-negatives/fixes")
def fixes_explorer():
    """Shifting negatives: deployment breadth x production line x fix, FPR and precision."""
    return Explorer(
        "shifting-negatives/fixes",
        [
            Param("share", SHARES, label="Marketing among the negatives", fmt="{:.0%}", initial=0.2),
            Param("line", LINES, label="Production line", initial="B"),
            Param("fix", FIXES, label="Fix applied in training", initial="none"),
        ],
        numbers=fixes_numbers,
        draw=_draw,
        describe=_describe,
        formats={"false positive rate": "{:.3f}", "FPR on marketing": "{:.3f}", "recall": "{:.3f}",
                 "precision": "{:.3f}"},
        title="Which negatives does the model meet, and which fix was applied?",
    )
