"""Figures of the chapter "Anomaly detection".

matplotlib is imported inside the functions, through :mod:`negedu.plotting`, so importing
this module stays light. The book's convention holds: the anomalies we look for are the
positive class (green triangles) and the normal rows the negative class (orange circles).
"""

import numpy as np

from negedu.plotting import ACCENT, NEGATIVE, NEUTRAL, POSITIVE, class_style, new_figure, quantile_levels

__all__ = ["plot_anomaly_map", "plot_isolation_path"]


def plot_anomaly_map(X, y, xx, yy, Z, *, train_scores=None, flagged=None, ax=None, title=None,
                     names=("normal", "anomaly"), legend=True):
    """Shade a 2-D plane by anomaly score and draw the rows on top.

    ``Z`` holds anomaly scores (higher = more anomalous) on the grid ``xx``, ``yy`` of
    :func:`negedu.plotting.decision_grid`. The shading has five bands cut at the 50th, 80th,
    90th, 95th and 99th percentiles of ``train_scores`` (the scores of the rows; default:
    ``Z``'s own), so detectors on different scales read alike: the darker, the rarer a score
    as high among the data. Normal rows (``y == 0``) are orange circles, anomalies (``y == 1``)
    green triangles; rows in the boolean mask ``flagged`` are ringed in blue. Returns the axes.
    """

    if ax is None:
        _, ax = new_figure(width=4.4, height=4.0)
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    Z = np.asarray(Z, dtype=float).reshape(xx.shape)
    ax.contourf(xx, yy, Z, levels=quantile_levels(Z, train_scores), cmap="Blues", alpha=0.75, zorder=0)
    for label, size in ((0, 3.5), (1, 7.0)):
        style = class_style(label)
        rows = y == label
        ax.plot(*X[rows].T, linestyle="none", marker=style["marker"], color=style["color"], markersize=size,
                markeredgewidth=0.4 if label else 0, markeredgecolor="black",
                label=f"{names[label]} ({int(rows.sum())})", zorder=3 if label else 2)
    if flagged is not None:
        flagged = np.asarray(flagged, dtype=bool)
        ax.plot(*X[flagged].T, linestyle="none", marker="o", markersize=11, markerfacecolor="none",
                markeredgecolor=ACCENT, markeredgewidth=1.3, label=f"flagged ({int(flagged.sum())})", zorder=4)
    ax.set_xlim(xx.min(), xx.max())
    ax.set_ylim(yy.min(), yy.max())
    ax.set_xlabel("feature 1")
    ax.set_ylabel("feature 2")
    if title:
        ax.set_title(title, fontsize="medium")
    if legend:
        ax.legend(loc="lower right", fontsize="x-small", frameon=True, framealpha=0.85)
    return ax


def plot_isolation_path(X, index, splits, *, ax=None, title=None, names=("other rows", "the row isolated")):
    """The random cuts that isolate row ``index`` of a 2-D ``X`` (from :func:`negedu.anomaly.isolation_path`).

    Each cut is drawn as a blue segment across the box that still holds the row, numbered in
    order; the final box is shaded. Returns the axes.
    """

    if ax is None:
        _, ax = new_figure(width=4.4, height=4.0)
    X = np.asarray(X, dtype=float)
    point = X[index]
    low, high = X.min(axis=0), X.max(axis=0)
    pad = 0.03 * (high - low)
    ax.plot(*np.delete(X, index, axis=0).T, linestyle="none", marker="o", markersize=3, color=NEGATIVE,
            alpha=0.6, markeredgewidth=0, label=names[0], zorder=2)
    for step, (feature, threshold, _) in enumerate(splits, start=1):
        if feature == 0:
            segment = ([threshold, threshold], [low[1], high[1]])
        else:
            segment = ([low[0], high[0]], [threshold, threshold])
        ax.plot(*segment, color=ACCENT, linewidth=1.2, zorder=3)
        if len(splits) <= 12:
            mid = (np.mean(segment[0]), np.mean(segment[1]))
            ax.annotate(str(step), mid, fontsize="x-small", color=ACCENT, ha="center", va="center",
                        bbox=dict(boxstyle="circle,pad=0.15", fc="white", ec=ACCENT, lw=0.6), zorder=5)
        if point[feature] <= threshold:  # the row is on the low side: the box shrinks from above
            high = high.copy()
            high[feature] = threshold
        else:
            low = low.copy()
            low[feature] = threshold
    ax.fill_between([low[0], high[0]], low[1], high[1], color=ACCENT, alpha=0.12, zorder=1)
    ax.plot(*point, marker="^", markersize=10, color=POSITIVE, markeredgecolor="black", markeredgewidth=0.6,
            linestyle="none", label=names[1], zorder=6)
    lo_all, hi_all = X.min(axis=0) - pad, X.max(axis=0) + pad
    ax.set_xlim(lo_all[0], hi_all[0])
    ax.set_ylim(lo_all[1], hi_all[1])
    ax.set_xlabel("feature 1")
    ax.set_ylabel("feature 2")
    ax.set_title(title or f"isolated after {len(splits)} cuts", fontsize="medium", color=NEUTRAL)
    ax.legend(loc="upper left", fontsize="x-small", frameon=True, framealpha=0.85)
    return ax
