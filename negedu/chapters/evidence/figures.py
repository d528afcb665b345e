"""The figures of "What the evidence says": the critical-difference diagram, gains against the
data sets' imbalance and size, and the gains per classifier with their uncertainty."""

import numpy as np

from negedu.chapters.evidence.analysis import BASELINE, bootstrap_mean_ci, entries, gains
from negedu.chapters.evidence.benchmark import CLASSIFIER_NAMES, CLASSIFIERS, METHOD_NAMES

CLASSIFIER_COLOURS = {"lr": "#1f77b4", "knn": "#ff7f0e", "tree": "#2ca02c", "hgb": "#d62728"}


def cliques(mean_ranks, cd):
    """Groups of methods (indices, sorted by rank) whose average ranks all lie within ``cd``:
    the maximal runs of the sorted ranks not significantly different, as the CD diagram joins them."""
    order = np.argsort(mean_ranks, kind="mergesort")
    ranks = np.asarray(mean_ranks)[order]
    groups, last_end = [], -1
    for start in range(len(ranks)):
        end = start
        while end + 1 < len(ranks) and ranks[end + 1] - ranks[start] <= cd:
            end += 1
        if end > start and end > last_end:
            groups.append([int(i) for i in order[start:end + 1]])
            last_end = end
    return groups


def plot_cd_diagram(mean_ranks, labels, cd, *, ax=None, title=""):
    """Demšar's (2006) critical-difference diagram: the average ranks on an axis (best at the left),
    each method's name joined to its rank, the CD as a bar, and a thick line under each group of
    methods whose ranks differ by less than the CD."""
    from negedu import plotting

    mean_ranks = np.asarray(mean_ranks, dtype=float)
    k = len(mean_ranks)
    if ax is None:
        fig, ax = plotting.new_figure(width=8.0, height=0.9 + 0.22 * k)
    order = np.argsort(mean_ranks, kind="mergesort")
    low, high = 1, k
    ax.set_xlim(low - 0.5, high + 0.5)
    half = (k + 1) // 2
    n_rows = max(half, k - half)
    ax.set_ylim(-(n_rows + 1.5), 2.2)
    ax.axis("off")
    ax.hlines(0, low, high, color="black", linewidth=1)
    for r in range(low, high + 1):
        ax.vlines(r, 0, 0.25, color="black", linewidth=1)
        ax.text(r, 0.45, str(r), ha="center", va="bottom", fontsize="small")
    ax.hlines(1.5, low, low + cd, color="black", linewidth=2)
    ax.text(low + cd / 2, 1.65, f"CD = {cd:.2f}", ha="center", va="bottom", fontsize="small")
    for position, j in enumerate(order):
        left = position < half
        row = position if left else k - 1 - position
        y = -(row + 1)
        x_text = low - 0.4 if left else high + 0.4
        ax.plot([mean_ranks[j], mean_ranks[j], x_text], [0, y, y], color="0.35", linewidth=0.8)
        ax.text(x_text + (-0.05 if left else 0.05), y, f"{labels[j]} ({mean_ranks[j]:.2f})",
                ha="right" if left else "left", va="center", fontsize="small")
    for g, group in enumerate(cliques(mean_ranks, cd)):
        y = -0.35 - 0.18 * g
        ax.hlines(y, mean_ranks[group].min() - 0.05, mean_ranks[group].max() + 0.05, color="black", linewidth=3)
    if title:
        ax.set_title(title, fontsize="medium")
    return ax.figure


def plot_gain_against(results, metric, method, x_values, *, x_label, ax=None, baseline=BASELINE,
                      classifiers=CLASSIFIERS):
    """Each data set's gain of ``method`` over ``baseline`` (mean over folds) against a property
    of the data set (log scale), one colour per classifier, with a zero line."""
    from negedu import plotting

    if ax is None:
        fig, ax = plotting.new_figure(width=6.4, height=3.6)
    for classifier in classifiers:
        ax.scatter(x_values, gains(results, classifier, metric, method, baseline), s=12, alpha=0.7,
                   color=CLASSIFIER_COLOURS[classifier], label=CLASSIFIER_NAMES[classifier])
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xscale("log")
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))  # 10, 100, not 10^1, 10^2
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(x_label)
    ax.set_ylabel(f"{metric}: {METHOD_NAMES[method]} − {METHOD_NAMES[baseline]}")
    ax.legend(fontsize="x-small", frameon=False)
    return ax.figure


def plot_gain_intervals(results, metric, *, baseline=BASELINE, ax=None, classifiers=CLASSIFIERS):
    """Mean gain over ``baseline`` of every other method, per classifier, with a 95 % bootstrap
    interval over data sets: a 'forest plot' of the whole benchmark for one metric."""
    from negedu import plotting

    methods = [m for _, m in entries(classifiers[0]) if m != baseline]
    if ax is None:
        fig, ax = plotting.new_figure(width=8.5, height=0.35 * len(methods) + 1.2)
    offsets = np.linspace(-0.3, 0.3, len(classifiers))
    for c, classifier in enumerate(classifiers):
        for j, method in enumerate(methods):
            mean, low, high = bootstrap_mean_ci(gains(results, classifier, metric, method, baseline))
            ax.errorbar(mean, j + offsets[c], xerr=[[mean - low], [high - mean]], fmt="o", markersize=3,
                        color=CLASSIFIER_COLOURS[classifier], linewidth=1,
                        label=CLASSIFIER_NAMES[classifier] if j == 0 else None)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(methods)), [METHOD_NAMES[m] for m in methods])
    ax.invert_yaxis()
    ax.set_xlabel(f"mean {metric} gain over '{METHOD_NAMES[baseline]}' (95 % bootstrap interval over data sets)")
    ax.legend(fontsize="x-small", frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax.figure
