"""Figures of chapter 11, "One-vs-rest": many classes, and the binary subproblems inside them.

With more than two classes each class gets its own
colour *and* marker from the Okabe-Ito palette, avoiding the green and orange that the book
keeps for the positive and the negative class: those two return only where a binary
subproblem ("class c against the rest") is drawn.
"""

import numpy as np

from negedu.plotting import ACCENT, NEGATIVE, NEUTRAL, POSITIVE, class_style, multiclass_style, new_figure

__all__ = [
    "plot_classes",
    "plot_class_regions",
    "plot_one_vs_rest",
    "plot_negative_composition",
]


def _names(names, n_classes):
    return list(names) if names is not None else [f"class {k}" for k in range(n_classes)]


def plot_classes(X, y, *, ax=None, names=None, size=14, alpha=0.75, legend=True):
    """Scatter the samples of each class (labels 0 to K - 1) in its own colour and marker."""
    if ax is None:
        _, ax = new_figure(width=5.0, height=4.2)
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    n_classes = int(y.max()) + 1
    names = _names(names, n_classes)
    for k in range(n_classes):
        rows = y == k
        ax.scatter(X[rows, 0], X[rows, 1], s=size, alpha=alpha, edgecolors="white", linewidths=0.3,
                   label=f"{names[k]} ({rows.sum()})", zorder=2, **multiclass_style(k))
    ax.set_xlabel("feature 1")
    ax.set_ylabel("feature 2")
    if legend:
        ax.legend(fontsize="x-small", loc="upper right", frameon=True, markerscale=1.3)
    return ax


def plot_class_regions(xx, yy, Z, n_classes, *, ax=None):
    """Tint each point of the grid ``xx, yy`` with the colour of its predicted class ``Z``; borders in grey."""
    from matplotlib.colors import ListedColormap

    if ax is None:
        _, ax = new_figure(width=5.0, height=4.2)
    Z = np.asarray(Z, dtype=float).reshape(xx.shape)
    colours = [multiclass_style(k)["color"] for k in range(n_classes)]
    levels = np.arange(n_classes + 1) - 0.5
    ax.contourf(xx, yy, Z, levels=levels, cmap=ListedColormap(colours), alpha=0.16, zorder=0)
    ax.contour(xx, yy, Z, levels=levels[1:-1], colors=[NEUTRAL], linewidths=0.8, zorder=1)
    return ax


def plot_one_vs_rest(X, y, positive, *, ax=None, grid=None, names=None, size=12):
    """One binary subproblem: class ``positive`` as green triangles, every other class as orange circles.

    ``grid`` is ``(xx, yy, scores)`` with the subproblem's model score on the grid; its zero
    contour (the model's boundary) is drawn in blue. The legend counts the positives and the
    mixed negatives.
    """
    if ax is None:
        _, ax = new_figure(width=5.0, height=4.2)
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    names = _names(names, int(y.max()) + 1)
    is_pos = y == positive
    neg, pos = class_style(0), class_style(1)
    ax.scatter(X[~is_pos, 0], X[~is_pos, 1], s=size, alpha=0.55, color=neg["color"], marker=neg["marker"],
               edgecolors="white", linewidths=0.3, label=f"negative: the rest ({(~is_pos).sum()})", zorder=2)
    ax.scatter(X[is_pos, 0], X[is_pos, 1], s=size * 1.4, alpha=0.85, color=pos["color"], marker=pos["marker"],
               edgecolors="white", linewidths=0.3, label=f"positive: {names[positive]} ({is_pos.sum()})", zorder=3)
    if grid is not None:
        xx, yy, scores = grid
        scores = np.asarray(scores, dtype=float).reshape(xx.shape)
        if scores.min() < 0 < scores.max():
            ax.contour(xx, yy, scores, levels=[0.0], colors=[ACCENT], linewidths=1.6, zorder=4)
    ax.set_xlabel("feature 1")
    ax.set_ylabel("feature 2")
    ax.set_title(f"{names[positive]} against the rest", fontsize="medium")
    ax.legend(fontsize="x-small", loc="upper right", frameon=True)
    return ax


def plot_negative_composition(y, *, ax=None, names=None, scheme="ovr"):
    """Horizontal bars, one per binary subproblem: its positives, then its negatives split by class.

    ``scheme="ovr"`` draws the K one-vs-rest subproblems (negative = every other class);
    ``"ovo"`` the K(K-1)/2 pairs (negative = class i, positive = class j).
    """
    if ax is None:
        _, ax = new_figure(width=6.4, height=3.2)
    y = np.asarray(y)
    counts = np.bincount(y)
    K = counts.size
    names = _names(names, K)
    if scheme == "ovr":
        rows = [(c, [k for k in range(K) if k != c], f"{names[c]} vs rest") for c in range(K)]
    else:
        rows = [(j, [i], f"{names[j]} vs {names[i]}") for i in range(K) for j in range(i + 1, K)]
    for r, (pos, negs, label) in enumerate(rows):
        ax.barh(r, counts[pos], color=POSITIVE, edgecolor="white", height=0.7)
        left = counts[pos]
        for k in negs:
            style = multiclass_style(k)
            ax.barh(r, counts[k], left=left, color=NEGATIVE, edgecolor=style["color"], linewidth=1.6,
                    height=0.7, hatch="///" if k % 2 else None)
            if counts[k] >= 0.06 * counts.sum():
                ax.text(left + counts[k] / 2, r, names[k], ha="center", va="center", fontsize="x-small")
            left += counts[k]
        ax.text(left + 0.01 * counts.sum(), r, f"IR = {sum(counts[k] for k in negs) / counts[pos]:.2g}",
                va="center", fontsize="x-small", color=NEUTRAL)
    ax.set_yticks(range(len(rows)), [label for _, _, label in rows], fontsize="small")
    ax.invert_yaxis()
    ax.set_xlim(0, counts.sum() * 1.18 if scheme == "ovr" else max(counts[i] + counts[j] for i in range(K)
                                                                   for j in range(i + 1, K)) * 1.25)
    ax.set_xlabel("training samples (green: positive; orange, split by class: negative)")
    ax.spines[["top", "right"]].set_visible(False)
    return ax
