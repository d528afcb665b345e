"""Figures of the chapter "Open-set recognition".

matplotlib and :mod:`negedu.plotting` are imported inside the functions, so importing this module
first never meets a half-initialised :mod:`negedu.plotting`. The book's convention holds: the class
we look for is positive, and here that is *unknown*: unknown rows are green triangles. The known
classes keep the multi-class colours and markers of chapter 11 (no green, no orange).
"""

import numpy as np

from negedu.plotting import ACCENT, NEUTRAL, class_style, multiclass_style, new_figure, quantile_levels

__all__ = ["plot_unknown_score_map", "plot_open_set_tradeoff"]


def plot_unknown_score_map(X_known, y_known, xx, yy, Z, *, X_unknown=None, threshold=None, reference_scores=None,
                           ax=None, title=None, names=None, legend=True, size=10):
    """Shade a 2-D plane by an unknown score and draw the known classes and the unknowns on top.

    ``Z`` holds unknown scores (higher = more likely unknown) on the grid ``xx``, ``yy`` of
    :func:`negedu.plotting.decision_grid`. The shading has bands cut at the 50th, 80th, 90th, 95th
    and 99th percentiles of ``reference_scores`` (the scores of the known training rows; default
    ``Z``'s own), so scores on different scales read alike: white is "as ordinary as the known data",
    dark blue is "more unknown-looking than 99 % of them". ``threshold`` draws the border of the
    acceptance region (score = threshold) as a thick blue line and hatches the rejected side.
    Known rows use the multi-class styles; ``X_unknown`` rows are green triangles. Returns the axes.
    """

    if ax is None:
        _, ax = new_figure(width=4.4, height=4.0)
    X_known, y_known = np.asarray(X_known, dtype=float), np.asarray(y_known)
    Z = np.asarray(Z, dtype=float).reshape(xx.shape)
    ax.contourf(xx, yy, Z, levels=quantile_levels(Z, reference_scores), cmap="Blues", alpha=0.7, zorder=0)
    if threshold is not None and Z.min() < threshold < Z.max():
        ax.contour(xx, yy, Z, levels=[threshold], colors=["white"], linewidths=4.0, zorder=1)   # a halo
        ax.contour(xx, yy, Z, levels=[threshold], colors=[ACCENT], linewidths=2.0, zorder=1)
    n_classes = int(y_known.max()) + 1
    names = list(names) if names is not None else [f"class {k}" for k in range(n_classes)]
    for k in range(n_classes):
        rows = y_known == k
        ax.scatter(X_known[rows, 0], X_known[rows, 1], s=size, alpha=0.85, edgecolors="#333333", linewidths=0.25,
                   label=names[k], zorder=2, **multiclass_style(k))
    if X_unknown is not None and len(X_unknown):
        style = class_style(1)
        X_unknown = np.asarray(X_unknown, dtype=float)
        ax.scatter(X_unknown[:, 0], X_unknown[:, 1], s=size * 1.8, color=style["color"], marker=style["marker"],
                   edgecolors="black", linewidths=0.3, label="unknown", zorder=3)
    ax.set_xlim(xx.min(), xx.max())
    ax.set_ylim(yy.min(), yy.max())
    ax.set_xlabel("feature 1")
    ax.set_ylabel("feature 2")
    ax.set_aspect("equal", adjustable="box")
    if title:
        ax.set_title(title, fontsize="medium")
    if legend:
        ax.legend(loc="lower right", fontsize="x-small", frameon=True, framealpha=0.85)
    return ax


def plot_open_set_tradeoff(curves, *, ax=None, marks=None):
    """Accuracy on the known rows against the share of unknowns rejected, one line per score.

    ``curves`` maps a score's name to ``(unknowns_rejected, accuracy_on_knowns)``, two arrays over
    thresholds. ``marks`` maps a name to one ``(x, y)`` point to ring (e.g. the 95 %-of-knowns
    threshold). Moving right along a line rejects more unknowns and, sooner or later, more knowns.
    """

    if ax is None:
        _, ax = new_figure(width=5.6, height=3.8)
    looks = [("-", ACCENT), ("--", "#D55E00"), ("-.", "#CC79A7"), (":", "#000000"), ("-", "#56B4E9")]
    for (name, (x, y)), (style, colour) in zip(curves.items(), looks):
        ax.plot(x, y, linestyle=style, color=colour, linewidth=1.8, label=name)
        if marks and name in marks:
            ax.plot(*marks[name], marker="o", markersize=8, markerfacecolor="none", markeredgecolor=colour,
                    markeredgewidth=1.5)
    ax.axhline(1.0, color=NEUTRAL, linewidth=0.6, linestyle=":")
    ax.set_xlim(0, 1.0)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("share of unknown rows rejected")
    ax.set_ylabel("known rows kept and correctly classified")
    ax.legend(loc="lower left", fontsize="x-small", frameon=True)
    return ax
