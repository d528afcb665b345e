"""Figures of the chapter "Shifting negatives".

matplotlib is imported inside the functions, through :mod:`negedu.plotting`, so importing this
module stays light. The book's convention holds: positives are green triangles, negatives
orange circles; the negatives of a sub-population the model never saw in training are drawn
as orange circles with a black edge, so the difference does not rest on colour alone.
"""

import numpy as np

from negedu.plotting import ACCENT, class_style, new_figure

__all__ = ["plot_shift_kind", "plot_shifted_population"]


def plot_shift_kind(x, train, deploy, *, ax=None, title=None, xlabel="feature x", legend=True):
    """One kind of dataset shift in one feature: the two classes' densities, before and after.

    ``train`` and ``deploy`` are pairs ``(negative_density, positive_density)`` evaluated on
    ``x``, each already multiplied by its class prior (so the areas show the class shares).
    Training densities are dashed, deployment densities solid and filled; negatives orange,
    positives green. Returns the axes.
    """

    if ax is None:
        _, ax = new_figure(width=4.0, height=3.2)
    x = np.asarray(x, dtype=float)
    for label in (0, 1):
        colour = class_style(label)["color"]
        name = "negative" if label == 0 else "positive"
        ax.plot(x, train[label], color=colour, linestyle="--", linewidth=1.6, label=f"{name}, training")
        ax.fill_between(x, 0, deploy[label], color=colour, alpha=0.3, hatch=None if label == 0 else "//",
                        edgecolor=colour, linewidth=0)
        ax.plot(x, deploy[label], color=colour, linestyle="-", linewidth=1.6, label=f"{name}, deployment")
    ax.set_ylim(bottom=0)
    ax.set_yticks([])
    ax.set_xlabel(xlabel)
    ax.set_ylabel("prior x density")
    if title:
        ax.set_title(title, fontsize="medium")
    if legend:
        ax.legend(fontsize="x-small", frameon=False, loc="upper left")
    return ax


def plot_shifted_population(X, y, *, unseen=None, flagged=None, ax=None, title=None, legend=True,
                            names=("negative", "positive"), unseen_name="unseen negatives",
                            xlabel="signal 1", ylabel="signal 2", size=4.0):
    """Scatter two features of a population: negatives, positives, unseen negatives, flagged rows.

    ``unseen`` is a boolean mask of negatives from a sub-population absent from training
    (drawn with a black edge); ``flagged`` a boolean mask of rows the model calls positive
    (ringed in blue). Shade the model's regions first with :func:`negedu.plotting.plot_decision_regions`.
    Returns the axes.
    """

    if ax is None:
        _, ax = new_figure(width=4.6, height=4.0)
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    unseen = np.zeros(y.size, dtype=bool) if unseen is None else np.asarray(unseen, dtype=bool)
    neg, pos = class_style(0), class_style(1)
    seen = (y == 0) & ~unseen
    ax.plot(*X[seen, :2].T, linestyle="none", marker=neg["marker"], color=neg["color"], markersize=size,
            alpha=0.7, markeredgewidth=0, label=f"{names[0]} ({int(seen.sum())})", zorder=2)
    if unseen.any():
        ax.plot(*X[unseen, :2].T, linestyle="none", marker=neg["marker"], color=neg["color"], markersize=size,
                alpha=0.9, markeredgewidth=0.7, markeredgecolor="black", label=f"{unseen_name} ({int(unseen.sum())})",
                zorder=2)
    ax.plot(*X[y == 1, :2].T, linestyle="none", marker=pos["marker"], color=pos["color"], markersize=size + 1.5,
            markeredgewidth=0.4, markeredgecolor="black", label=f"{names[1]} ({int((y == 1).sum())})", zorder=3)
    if flagged is not None:
        flagged = np.asarray(flagged, dtype=bool)
        ax.plot(*X[flagged, :2].T, linestyle="none", marker="o", markersize=size + 4.5, markerfacecolor="none",
                markeredgecolor=ACCENT, markeredgewidth=1.0, label=f"called positive ({int(flagged.sum())})", zorder=4)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize="medium")
    if legend:
        ax.legend(fontsize="x-small", frameon=True, framealpha=0.85, loc="lower left")
    return ax
