"""Figures of the chapter "Balanced ensembles".

matplotlib is imported inside the functions, through :mod:`negedu.plotting`, so importing
this module stays light. Positives are green triangles, negatives orange circles; the
ensemble's boundary and curves are blue (ACCENT).
"""

import numpy as np

from negedu.plotting import ACCENT, NEGATIVE, NEUTRAL, class_style, new_figure

__all__ = ["plot_ensemble_scores", "plot_member_boundaries", "plot_coverage"]


def _points(ax, X, y, size, legend):

    for label in (0, 1):  # negatives first: the rare positives stay visible on top
        style = class_style(label)
        rows = y == label
        ax.plot(*X[rows].T, linestyle="none", marker=style["marker"], color=style["color"],
                markersize=size * (1.6 if label else 1.0), markeredgewidth=0.3 if label else 0,
                markeredgecolor="black", alpha=0.9 if label else 0.6,
                label=f"{'positive' if label else 'negative'} ({int(rows.sum())})", zorder=3 if label else 2)
    if legend:
        ax.legend(loc="lower right", fontsize="xx-small", frameon=True)


def plot_ensemble_scores(xx, yy, scores, X, y, *, ax=None, title=None, size=4, legend=True):
    """Shade the plane by an ensemble's P(positive) (white 0 to blue 1), its 0.5 level in blue, the data on top.

    ``scores`` holds the probabilities on the grid ``xx``, ``yy`` of
    :func:`negedu.plotting.decision_grid`. Returns the axes.
    """

    if ax is None:
        _, ax = new_figure(width=4.4, height=4.0)
    Z = np.asarray(scores, dtype=float).reshape(xx.shape)
    ax.contourf(xx, yy, Z, levels=np.linspace(0, 1, 11), cmap="Blues", alpha=0.7, zorder=0)
    if Z.min() < 0.5 < Z.max():
        ax.contour(xx, yy, Z, levels=[0.5], colors=[ACCENT], linewidths=1.6, zorder=1)
    _points(ax, np.asarray(X, dtype=float), np.asarray(y), size, legend)
    ax.set_xlabel("feature 1")
    ax.set_ylabel("feature 2")
    if title:
        ax.set_title(title, fontsize="small")
    return ax


def plot_member_boundaries(xx, yy, member_scores, X, y, *, ax=None, title=None, size=4):
    """The 0.5 boundary of each member (thin grey) and of their average (thick blue), the data on top.

    ``member_scores`` has shape (T, xx.size): each member's P(positive) on the grid.
    Returns the axes.
    """

    if ax is None:
        _, ax = new_figure(width=4.4, height=4.0)
    member_scores = np.asarray(member_scores, dtype=float)
    for scores in member_scores:
        Z = scores.reshape(xx.shape)
        if Z.min() < 0.5 < Z.max():
            ax.contour(xx, yy, Z, levels=[0.5], colors=[NEUTRAL], linewidths=0.8, alpha=0.6, zorder=1)
    mean = member_scores.mean(axis=0).reshape(xx.shape)
    ax.contour(xx, yy, mean, levels=[0.5], colors=[ACCENT], linewidths=2.2, zorder=4)
    _points(ax, np.asarray(X, dtype=float), np.asarray(y), size, legend=False)
    ax.plot([], [], color=NEUTRAL, linewidth=0.8, label=f"one member ({member_scores.shape[0]})")
    ax.plot([], [], color=ACCENT, linewidth=2.2, label="their average")
    ax.legend(loc="lower right", fontsize="xx-small", frameon=True)
    ax.set_xlabel("feature 1")
    ax.set_ylabel("feature 2")
    if title:
        ax.set_title(title, fontsize="small")
    return ax


def plot_coverage(n_min, n_maj, T_max, *, observed=None, ax=None, mark=None, replacement=False):
    r"""The share of negatives seen by at least one of :math:`T` members, :math:`1 - (1 - n_{min}/n_{maj})^T`.

    The blue curve is the formula (with ``replacement``, a bootstrap of :math:`n_{min}` draws:
    :math:`1 - (1 - 1/n_{maj})^{n_{min} T}`); ``observed`` (one value per :math:`T = 1..T_{max}`)
    adds the measured shares as orange dots; ``mark`` rings one :math:`T`. Returns the axes.
    """

    if ax is None:
        _, ax = new_figure(width=4.4, height=3.4)
    T = np.arange(1, T_max + 1)
    miss = (1 - 1 / n_maj) ** n_min if replacement else 1 - n_min / n_maj
    formula = 1 - miss**T
    ax.plot(T, formula, color=ACCENT, linewidth=2.0,
            label="formula (bootstrap)" if replacement else "1 - (1 - n_min/n_maj)^T")
    if observed is not None:
        ax.plot(T, observed, linestyle="none", marker="o", markersize=3.5, color=NEGATIVE, label="measured")
    ax.axhline(n_min / n_maj, color=NEUTRAL, linestyle=":", linewidth=1.0,
               label=f"one undersample ({n_min / n_maj:.3g})")
    if mark is not None:
        ax.plot([mark], [1 - miss**mark], marker="o", markersize=11, markerfacecolor="none",
                markeredgecolor="black", linestyle="none")
    ax.set_ylim(0, 1.02)
    ax.set_xlim(0, T_max + 1)
    ax.set_xlabel("members T")
    ax.set_ylabel("share of negatives seen")
    ax.legend(loc="lower right", fontsize="xx-small", frameon=True)
    return ax
