"""Figures of the chapter ``imbalance-metrics``.

matplotlib is imported inside the functions, through :mod:`negedu.plotting`.
"""

import numpy as np

from negedu.plotting import ACCENT, NEUTRAL, SYNTHETIC, new_figure

__all__ = ['METRIC_STYLES', 'metric_style', 'plot_metric_bars', 'plot_metric_curves']


# ---------------------------------------------------------------- chapter 4: metrics under imbalance
#: Line and bar style of each single-number metric (chapter 4 on): Okabe-Ito colours that are
#: not the two class colours, plus a marker and a dash pattern, so no curve relies on colour.
METRIC_STYLES = {
    "accuracy": {"color": NEUTRAL, "marker": "s", "linestyle": "-"},
    "precision": {"color": SYNTHETIC, "marker": "x", "linestyle": (0, (1, 1))},
    "recall": {"color": SYNTHETIC, "marker": "+", "linestyle": (0, (5, 2))},
    "F1": {"color": "#D55E00", "marker": "v", "linestyle": "--"},
    "MCC": {"color": "#56B4E9", "marker": "D", "linestyle": "-."},
    "balanced accuracy": {"color": ACCENT, "marker": "o", "linestyle": ":"},
    "G-mean": {"color": "#000000", "marker": "^", "linestyle": (0, (3, 1, 1, 1, 1, 1))},
}


def metric_style(name):
    """Colour, marker and dash pattern of a metric's curve (a neutral style for unknown names)."""
    return dict(METRIC_STYLES.get(name, {"color": NEUTRAL, "marker": ".", "linestyle": "-"}))


def plot_metric_bars(scores, *, baseline=None, ax=None, names=("model", "always negative"), fmt="{:.2f}"):
    """Horizontal bars of single-number metrics, optionally beside a baseline's.

    ``scores`` (and ``baseline``) map a metric's name to its value, in display order. The
    model's bars are solid blue, the baseline's grey and hatched, each value is written
    at the end of its bar, and the axis spans [0, 1] (or [-1, 1] when a value is
    negative, as MCC can be).

    Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=5.0, height=3.2)
    labels = list(scores)
    rows = np.arange(len(labels))[::-1].astype(float)  # first metric on top
    height = 0.38 if baseline is not None else 0.6
    series = [(scores, names[0], {"color": ACCENT})]
    if baseline is not None:
        series.append((baseline, names[1], {"color": "white", "edgecolor": NEUTRAL, "hatch": "///"}))
    values_all = [float(s[k]) for s, _, _ in series for k in labels]
    low = -1.0 if min(values_all) < 0 else 0.0
    for j, (values, name, style) in enumerate(series):
        offset = (0.5 - j) * height if baseline is not None else 0.0
        y = rows + offset
        vals = [float(values[k]) for k in labels]
        ax.barh(y, vals, height=height, label=name, linewidth=1.0, **style)
        for yy, v in zip(y, vals):
            ax.text(v + (0.02 if v >= 0 else -0.02), yy, fmt.format(v), va="center",
                    ha="left" if v >= 0 else "right", fontsize="small")
    ax.set_yticks(rows, labels)
    ax.set_xlim(low, 1.18)
    if low < 0:
        ax.axvline(0, color=NEUTRAL, linewidth=0.8)
    ax.set_xticks(np.arange(low, 1.01, 0.5 if low < 0 else 0.25))
    ax.tick_params(axis="y", length=0)
    if baseline is not None:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize="x-small", frameon=False)
    return ax


def plot_metric_curves(x, curves, *, ax=None, xlabel="", xscale="linear", mark_best=False, ylim=(0, 1.02)):
    """One line per metric against a common x (imbalance ratio, threshold, ...).

    ``curves`` maps a metric's name to its values at ``x``; each gets its style from
    :func:`metric_style`. ``xscale`` is any matplotlib scale: ``"log"`` for imbalance
    ratios, ``"logit"`` for thresholds crowded near 0 and 1. ``mark_best=True`` circles
    each curve's maximum (first one on ties), which shows that different metrics pick
    different operating points.

    Returns the axes.
    """
    if ax is None:
        _, ax = new_figure()
    x = np.asarray(x, dtype=float)
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        style = metric_style(name)
        ax.plot(x, values, color=style["color"], linestyle=style["linestyle"], marker=style["marker"],
                markersize=4, linewidth=1.8, label=name)
        if mark_best:
            best = int(np.nanargmax(values))
            ax.plot(x[best], values[best], marker="o", markersize=11, markerfacecolor="none",
                    markeredgecolor=style["color"], markeredgewidth=1.6, linestyle="none")
    ax.set_xscale(xscale)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("score")
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small", frameon=True)
    return ax
