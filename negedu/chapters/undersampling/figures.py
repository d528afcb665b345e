"""Figures of the chapter ``undersampling``.

matplotlib is imported inside the functions, through :mod:`negedu.plotting`.
"""

import numpy as np

from negedu.plotting import ACCENT, _plt, class_style, new_figure

__all__ = ['plot_resampling', 'plot_resampling_grid']


# ---------------------------------------------------------------- chapter 5: undersampling
def plot_resampling(X, y, kept_indices, *, ax=None, boundary=None, removed="hollow", highlight=None,
                    highlight_label="highlighted", title=None, legend=True, names=("negative", "positive"),
                    size=None):
    """One 2-D data set before and after a sampler: kept samples filled, removed ones hollow.

    ``X`` is (n_samples, 2), ``y`` holds 0 (negative) and 1 (positive), and ``kept_indices``
    are the rows a sampler kept (its ``sample_indices_``; repeats are allowed). Every class
    keeps its colour and marker; a removed sample is drawn as a hollow marker of its class,
    on top of the kept ones so that a few removals stay visible (``removed="hollow"``), or left out (``removed="hide"``: the data a model would be
    trained on). ``boundary``, a callable mapping an (m, 2) array of points to scores in
    [0, 1], draws its 0.5 level as a dashed blue line (e.g. the best possible boundary).
    ``highlight``, row indices, rings those samples in black (``highlight_label`` in the
    legend). The legend counts the kept and removed samples of each class.

    Returns the axes.
    """
    if removed not in ("hollow", "hide"):
        raise ValueError(f"removed must be 'hollow' or 'hide', got {removed!r}.")
    if ax is None:
        _, ax = new_figure(width=4.4, height=4.0)
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    kept = np.zeros(y.shape[0], dtype=bool)
    kept[np.asarray(kept_indices, dtype=np.int64)] = True
    base = size if size is not None else float(np.clip(3000 / max(y.size, 1), 8, 40))
    for label in (0, 1):  # negatives first, so the rare positives stay visible on top
        style = class_style(label)
        marker_size = np.sqrt(base) * (1.5 if label == 1 else 1.0)
        members = y == label
        for is_kept in (True, False) if removed == "hollow" else (True,):  # removed on top: visible among the kept
            part = members & (kept == is_kept)
            if not is_kept and not part.any():
                continue
            text = f"{names[label]} ({part.sum()})" if removed == "hide" else \
                f"{names[label]}, {'kept' if is_kept else 'removed'} ({part.sum()})"
            ax.plot(*X[part].T, linestyle="none", marker=style["marker"], markersize=marker_size,
                    markerfacecolor=style["color"] if is_kept else "none", markeredgecolor=style["color"],
                    markeredgewidth=0.5 if is_kept else 1.0, alpha=0.9 if is_kept else 0.75, label=text)
    if highlight is not None and len(highlight):
        rows = np.asarray(highlight, dtype=np.int64)
        rows = rows[kept[rows]] if removed == "hide" else rows
        ax.plot(*X[rows].T, linestyle="none", marker="o", markersize=np.sqrt(base) * 2.6, markerfacecolor="none",
                markeredgecolor="black", markeredgewidth=1.2, label=highlight_label)
    if boundary is not None:
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        gx, gy = np.meshgrid(np.linspace(x0, x1, 100), np.linspace(y0, y1, 100))
        scores = np.asarray(boundary(np.column_stack([gx.ravel(), gy.ravel()])), dtype=float).reshape(gx.shape)
        if scores.min() < 0.5 < scores.max():
            ax.contour(gx, gy, scores, levels=[0.5], colors=[ACCENT], linestyles="--", linewidths=1.5)
            ax.plot([], [], color=ACCENT, linestyle="--", linewidth=1.5, label="best boundary")
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
    if title:
        ax.set_title(title, fontsize="medium")
    if legend:
        ax.legend(loc="best", fontsize="x-small", frameon=True)
    return ax


def plot_resampling_grid(X, y, results, *, boundary=None, ncols=4, width=10.0, height=5.6, xlabel="", ylabel=""):
    """Several samplers on one 2-D data set, one small panel each, in a grid of ``ncols`` columns.

    ``results`` maps a panel title (e.g. ``"Tomek links"``) to the rows of ``X`` a sampler
    kept (its ``sample_indices_``), in display order; each panel is :func:`plot_resampling`
    with the removed samples hollow and the number of removed negatives in its title. The
    panels share their axes, and one legend below them explains the markers.

    Returns the figure.
    """
    from matplotlib.lines import Line2D

    plt = _plt()
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    nrows = -(-len(results) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), squeeze=False, sharex=True, sharey=True,
                             layout="constrained")
    pad = 0.05 * (X.max(axis=0) - X.min(axis=0))
    items = list(results.items())
    for i, ax in enumerate(axes.ravel()):
        ax.spines[["top", "right"]].set_visible(False)
        if i >= len(items):
            ax.set_visible(False)
            continue
        ax.set_xlim(X[:, 0].min() - pad[0], X[:, 0].max() + pad[0])
        ax.set_ylim(X[:, 1].min() - pad[1], X[:, 1].max() + pad[1])
        title, kept = items[i]
        gone = int((y == 0).sum() - np.isin(np.flatnonzero(y == 0), kept).sum())
        plot_resampling(X, y, kept, ax=ax, boundary=boundary, legend=False, size=10,
                        title=f"{title}\n{gone} negatives removed" if gone else f"{title}\nnothing removed")
        if i % ncols == 0:
            ax.set_ylabel(ylabel)
        if i // ncols == nrows - 1 or i + ncols >= len(items):
            ax.set_xlabel(xlabel)
            ax.xaxis.set_tick_params(labelbottom=True)
    proxies = [
        Line2D([], [], linestyle="none", marker=class_style(label)["marker"], markersize=6,
               markerfacecolor=class_style(label)["color"] if kept else "none", alpha=0.9 if kept else 0.75,
               markeredgecolor=class_style(label)["color"], label=f"{name}, {'kept' if kept else 'removed'}")
        for label, name in ((0, "negative"), (1, "positive")) for kept in (True, False)
    ]
    if boundary is not None:
        proxies.append(Line2D([], [], color=ACCENT, linestyle="--", label="best boundary"))
    fig.legend(handles=proxies, loc="outside lower center", ncol=len(proxies), fontsize="small", frameon=False)
    return fig
