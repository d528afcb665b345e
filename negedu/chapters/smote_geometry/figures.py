"""Figures of the chapter ``smote-geometry``.

matplotlib is imported inside the functions, through :mod:`negedu.plotting`.
"""

import numpy as np

from negedu.plotting import ACCENT, NEUTRAL, SYNTHETIC, class_style, new_figure

__all__ = ['plot_oversampling', 'plot_adasyn_allocation']


# ---------------------------------------------------------------- chapter 6: oversampling and SMOTE
def _as_mask(selection, n):
    """A boolean mask of length ``n`` from a mask or from indices (``None`` gives no row)."""
    mask = np.zeros(n, dtype=bool)
    if selection is None:
        return mask
    selection = np.asarray(selection)
    if selection.dtype == bool:
        mask[:] = selection
    else:
        mask[selection.astype(int)] = True
    return mask


def plot_oversampling(X, y, X_new=None, *, segments=None, cross_segments=None, danger=None, noise=None,
                      counts=None, marked_new=None, ringed=None, ringed_label="ringed", ax=None,
                      names=("orange", "apple"),
                      xlabel="redness (standardised)", ylabel="diameter (standardised)", legend=True):
    r"""An over-sampled data set in two features: the originals, the synthetic points, and how they were made.

    Negatives are orange circles, positives green triangles and the synthetic points
    ``X_new`` purple diamonds, drawn on top. The other arguments show the machinery:

    * ``segments`` (n, 2, 2): the segments new points are interpolated along, start point
      first (SMOTE's :math:`x_i \to x_{nn}`), as thin grey lines;
    * ``cross_segments`` (n, 2, 2): segments towards a sample of the other class, dashed
      (Borderline-SMOTE-2: pass them already cut to the part a new point can reach);
    * ``danger`` and ``noise``: boolean masks or indices into ``X``; samples in danger get
      a blue ring, samples taken for noise a black cross;
    * ``counts``: one integer per row of ``X``; "×c" is written next to each row with
      c > 0 (the copies random over-sampling made of it, or ADASYN's :math:`g_i`);
    * ``marked_new``: a boolean mask over ``X_new``; those synthetic points are drawn
      hollow (for example the ones that landed nearest a negative);
    * ``ringed``: a mask or indices into ``X`` to ring in black, with ``ringed_label`` in
      the legend (for example the samples a model memorised).

    ``legend`` is True (inside, upper left), ``"below"`` (under the axes) or False.
    Returns the axes.
    """
    from matplotlib.collections import LineCollection

    if ax is None:
        _, ax = new_figure(width=5.0, height=4.0)
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    n = len(y)
    for segs, style, name in ((segments, "-", "segment to a neighbour"),
                              (cross_segments, "--", "towards the other class (reachable part)")):
        if segs is not None and len(segs):
            ax.add_collection(LineCollection(np.asarray(segs, dtype=float), colors=NEUTRAL, linewidths=0.8,
                                             linestyles=style, alpha=0.6, label=name, zorder=1))
    for label in (0, 1):
        style = class_style(label)
        members = y == label
        ax.plot(*X[members].T, linestyle="none", marker=style["marker"], markersize=5.5 if label else 4.5,
                color=style["color"], alpha=0.9 if label else 0.7, markeredgewidth=0,
                label=f"{names[label]} ({int(members.sum())})", zorder=2 + label)
    danger_mask, noise_mask = _as_mask(danger, n), _as_mask(noise, n)
    if danger is not None:
        ax.plot(*X[danger_mask].T, linestyle="none", marker="o", markersize=11, markerfacecolor="none",
                markeredgecolor=ACCENT, markeredgewidth=1.5, label=f"in danger ({int(danger_mask.sum())})", zorder=4)
    ringed_mask = _as_mask(ringed, n)
    if ringed_mask.any():
        ax.plot(*X[ringed_mask].T, linestyle="none", marker="o", markersize=11, markerfacecolor="none",
                markeredgecolor="black", markeredgewidth=1.2, label=f"{ringed_label} ({int(ringed_mask.sum())})",
                zorder=4)
    if noise is not None and noise_mask.any():
        ax.plot(*X[noise_mask].T, linestyle="none", marker="x", markersize=10, color="black",
                markeredgewidth=1.5, label=f"taken for noise ({int(noise_mask.sum())})", zorder=4)
    if X_new is not None and len(X_new):
        X_new = np.asarray(X_new, dtype=float)
        style = class_style("synthetic")
        hollow = _as_mask(marked_new, len(X_new))
        ax.plot(*X_new[~hollow].T, linestyle="none", marker=style["marker"], markersize=4, color=style["color"],
                markeredgecolor="white", markeredgewidth=0.3, alpha=0.9, label=f"synthetic ({len(X_new)})", zorder=5)
        if hollow.any():
            ax.plot(*X_new[hollow].T, linestyle="none", marker=style["marker"], markersize=5,
                    markerfacecolor="none", markeredgecolor=style["color"], markeredgewidth=1.2,
                    label=f"synthetic, nearest a {names[0]} ({int(hollow.sum())})", zorder=5)
    if counts is not None:
        for point, count in zip(X, np.asarray(counts)):
            if count > 0:
                ax.annotate(f"×{int(count)}", point, xytext=(4, 3), textcoords="offset points",
                            fontsize="x-small", color=SYNTHETIC, zorder=6)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if legend == "below":
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize="x-small", frameon=False)
    elif legend:
        ax.legend(loc="upper left", fontsize="x-small", frameon=True, framealpha=0.85)
    return ax


def plot_adasyn_allocation(ratio, n_asked, n_per_sample, *, ax=None):
    r"""ADASYN's sharing out of the new points: exact :math:`\hat r_i G` against rounded :math:`g_i`.

    ``ratio`` holds :math:`r_i = \Delta_i / k` for each minority sample, ``n_asked`` is
    :math:`G` and ``n_per_sample`` the integers :math:`g_i` ADASYN used. The samples are
    sorted by :math:`r_i`, hardest first; hollow bars are the exact shares
    :math:`r_i G / \sum_j r_j`, purple bars the rounded counts. Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=6.0, height=3.2)
    ratio = np.asarray(ratio, dtype=float)
    made = np.asarray(n_per_sample, dtype=float)
    exact = ratio / ratio.sum() * n_asked
    order = np.argsort(-ratio, kind="stable")
    x = np.arange(ratio.size)
    ax.bar(x, made[order], width=0.7, color=SYNTHETIC, alpha=0.85, label=f"g_i, rounded (sum {int(made.sum())})")
    ax.bar(x, exact[order], width=0.7, facecolor="none", edgecolor="black", linewidth=1.0, linestyle="--",
           label=f"r̂_i G, exact (sum G = {n_asked:g})")
    ax.set_xticks(x, [f"{r:.1f}" for r in ratio[order]], fontsize="x-small")
    ax.set_xlabel("minority samples, hardest first (tick label: r_i = Δ_i / k)")
    ax.set_ylabel("new points from the sample")
    ax.legend(fontsize="x-small", frameon=True)
    return ax
