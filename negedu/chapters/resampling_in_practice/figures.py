"""Figures of the chapter ``resampling-in-practice``.

matplotlib is imported inside the functions, through :mod:`negedu.plotting`.
"""

import numpy as np

from negedu.plotting import ACCENT, NEUTRAL, class_style, new_figure

__all__ = ['plot_fold_scores', 'plot_estimate_bars', 'plot_probability_histogram', 'plot_estimate_pairs']


def plot_fold_scores(fold_scores, *, truth=None, ax=None, metric="F1"):
    """One bar per cross-validation fold, the estimate (their mean) dashed, the truth solid.

    ``truth`` is the score the same pipeline reaches on new data, drawn as a black line, so
    the gap between the dashed and the solid line is the optimism of the estimate.
    Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=4.4, height=3.4)
    scores = np.asarray(fold_scores, dtype=float)
    folds = np.arange(1, scores.size + 1)
    ax.bar(folds, scores, width=0.6, color=ACCENT, alpha=0.75, label=f"{metric} of each test fold")
    ax.axhline(scores.mean(), color=ACCENT, linestyle="--", linewidth=2,
               label=f"CV estimate {scores.mean():.2f}")
    if truth is not None:
        ax.axhline(truth, color="black", linestyle="-", linewidth=2, label=f"truth on new data {truth:.2f}")
    ax.set_xticks(folds, [f"fold {k}" for k in folds], fontsize="small")
    ax.set_ylim(0, 1.3)
    ax.set_yticks(np.linspace(0, 1, 5))
    ax.set_ylabel(metric)
    ax.legend(loc="upper center", fontsize="x-small", ncol=2, frameon=False)
    return ax


def plot_estimate_bars(groups, series, *, ax=None, ylabel="F1", fmt="{:.2f}", ylim=(0, 1.18), legend=True):
    """Grouped vertical bars: for each group (e.g. a resampler), one bar per series (e.g. an estimate).

    ``series`` maps a label to one value per group, in display order; the first series
    is solid blue, the second hatched white, the third black, so the bars read in black
    and white too. Each value is written vertically above its bar. ``legend=False`` leaves
    the legend out (for a shared ``fig.legend`` over several panels). Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=6.4, height=3.6)
    looks = [{"color": ACCENT}, {"color": "white", "edgecolor": NEUTRAL, "hatch": "///"},
             {"color": "#000000"}, {"color": "#D55E00"}]
    x = np.arange(len(groups), dtype=float)
    width = 0.8 / max(len(series), 1)
    for j, (label, values) in enumerate(series.items()):
        values = np.asarray(values, dtype=float)
        offset = (j - (len(series) - 1) / 2) * width
        ax.bar(x + offset, values, width=width * 0.95, label=label, linewidth=1.0, **looks[j % len(looks)])
        for xx, v in zip(x + offset, values):
            ax.text(xx, v + 0.015, fmt.format(v), ha="center", va="bottom", fontsize=7, rotation=90)
    ax.set_xticks(x, groups, fontsize="small")
    ax.set_ylabel(ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
        ax.set_yticks([t for t in np.linspace(0, 1, 6) if ylim[0] <= t <= ylim[1]])
    if legend:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=len(series), fontsize="x-small",
                  frameon=False)
    return ax


def plot_probability_histogram(y_true, y_prob, *, threshold=0.5, ax=None, bins=20, names=("negative", "positive")):
    """Predicted probabilities of each class as step outlines, counted on a logarithmic axis.

    A light version of :func:`plot_score_histogram` for explorers with many states: the
    negatives are a solid orange outline, the positives a dash-dotted green one, the threshold a
    dashed blue line, and the count axis is labelled 1, 10, 100, ... in plain text.
    Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=4.4, height=3.4)
    y_true = np.asarray(y_true)
    y_prob = np.asarray(y_prob, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    top = 1
    for label, dash in ((0, "-"), (1, "-.")):
        style = class_style(label)
        counts, _ = np.histogram(y_prob[y_true == label], bins=edges)
        top = max(top, int(counts.max()))
        ax.stairs(np.maximum(counts, 0.8), edges, color=style["color"], linestyle=dash, linewidth=2,
                  baseline=0.8, label=f"{names[label]} ({int((y_true == label).sum())})")
    ax.axvline(threshold, color=ACCENT, linestyle="--", linewidth=1.5, label=f"threshold τ = {threshold:g}")
    ax.set_yscale("log")
    powers = [10**k for k in range(int(np.log10(top)) + 2)]
    ax.set_yticks(powers, [f"{v:,}" for v in powers])
    from matplotlib.ticker import NullLocator

    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_ylim(0.8, powers[-1])
    ax.set_xlim(0, 1)
    ax.set_xlabel("predicted probability")
    ax.set_ylabel("number of samples")
    ax.legend(fontsize="x-small", loc="upper center", frameon=True)
    return ax


def plot_estimate_pairs(honest, leaky, names, *, highlight=(), ax=None, metric="F1"):
    """One point per data set: the honest estimate (x) against the leaky one (y), the diagonal dashed.

    A point above the diagonal is a data set whose leaky estimate is too high, by its height
    above the line. The data sets in ``highlight`` are ringed and named. Returns the axes.
    """
    honest, leaky = np.asarray(honest, dtype=float), np.asarray(leaky, dtype=float)
    if honest.shape != leaky.shape or honest.ndim != 1 or len(names) != honest.size:
        raise ValueError(f"honest, leaky and names must have one entry per data set; got {honest.shape}, "
                         f"{leaky.shape} and {len(names)} names.")
    if ax is None:
        _, ax = new_figure(width=4.8, height=4.2)
    ax.plot([0, 1], [0, 1], color=NEUTRAL, linestyle="--", linewidth=1, label="no optimism")
    ax.scatter(honest, leaky, s=28, color=ACCENT, zorder=3, label="one data set")
    for name in highlight:
        i = list(names).index(name)
        ax.scatter(honest[i], leaky[i], s=140, facecolors="none", edgecolors="black", linewidths=1.5, zorder=4)
        right = honest[i] > 0.8                      # name the points near the right edge on their left
        ax.annotate(name, (honest[i], leaky[i]), xytext=(-8 if right else 8, -14), textcoords="offset points",
                    ha="right" if right else "left", fontsize="x-small")
    ax.set_xlim(0, 1.05)
    ax.set_ylim(0, 1.05)
    ax.set_aspect("equal")
    ax.set_xlabel(f"CV {metric}, resampled inside the folds")
    ax.set_ylabel(f"CV {metric}, resampled before the split")
    ax.legend(loc="lower right", fontsize="x-small", frameon=False)
    return ax
