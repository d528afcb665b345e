"""Figures of the chapter ``confusion-matrix``.

matplotlib is imported inside the functions, through :mod:`negedu.plotting`.
"""

import numpy as np

from negedu.plotting import ACCENT, NEGATIVE, NEUTRAL, POSITIVE, _rect, class_style, new_figure

__all__ = ['RATE_STYLES', 'rate_style', 'plot_confusion_rates', 'plot_confusion_matrix', 'plot_rates_vs_imbalance']


# ---------------------------------------------------------------- chapter 2: the confusion matrix
#: Style of each rate read off the confusion matrix (chapter 2): the row rates of the positive
#: and negative classes take the class colours and are dashed (they do not move with the base
#: rate); the column rates (predictive values) are solid, in blue and grey.
RATE_STYLES = {
    "TPR": {"color": POSITIVE, "marker": "^", "linestyle": "--"},
    "TNR": {"color": NEGATIVE, "marker": "o", "linestyle": "--"},
    "FPR": {"color": NEGATIVE, "marker": "o", "linestyle": ":"},
    "FNR": {"color": POSITIVE, "marker": "^", "linestyle": ":"},
    "PPV": {"color": ACCENT, "marker": "s", "linestyle": "-"},
    "NPV": {"color": NEUTRAL, "marker": "D", "linestyle": "-"},
}


def rate_style(name):
    """Colour, marker and dash pattern of a rate's curve: ``name`` starts with its abbreviation.

    >>> rate_style("PPV (precision)")["linestyle"]
    '-'
    """
    key = str(name).split()[0] if str(name).strip() else ""
    return dict(RATE_STYLES.get(key, {"color": NEUTRAL, "marker": ".", "linestyle": "-."}))


def _rate_text(value, digits):
    """A rate for a figure; one more digit between 0.99 and 1, so 0.9997 does not read 1.000."""
    if value is None or not np.isfinite(value):
        return "undefined"
    return f"{value:.{digits + 1 if 0.99 < value < 1 else digits}f}"


def plot_confusion_rates(tp, fp, tn, fn, *, ax=None, names=("negative", "positive"), digits=3):
    """The 2 x 2 confusion matrix with the rates of each row and each column in the margins.

    The layout is the book's (actual class in rows, positive first; prediction in columns).
    To the right of each row: the rates that divide by the row total, TPR and FNR for the
    actual positives, FPR and TNR for the actual negatives. Under each column: the
    predictive values that divide by the column total, PPV and NPV. A rate whose
    denominator is 0 is written "undefined".

    Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=5.0, height=3.4)
    tp, fp, tn, fn = (float(v) for v in (tp, fp, tn, fn))

    def ratio(a, b):
        return a / b if b else None

    cells = [[("TP", tp, POSITIVE), ("FN", fn, POSITIVE)], [("FP", fp, NEGATIVE), ("TN", tn, NEGATIVE)]]
    for r, row in enumerate(cells):
        for c, (name, value, colour) in enumerate(row):
            ax.add_patch(_rect(c, 1 - r, colour, alpha=0.35 if name[0] == "T" else 0.15))
            ax.text(c + 0.5, 1.5 - r, f"{name}\n{value:g}", ha="center", va="center", fontsize=12)
    rows = [
        (1.5, f"TPR = {_rate_text(ratio(tp, tp + fn), digits)}\nFNR = {_rate_text(ratio(fn, tp + fn), digits)}"),
        (0.5, f"FPR = {_rate_text(ratio(fp, fp + tn), digits)}\nTNR = {_rate_text(ratio(tn, fp + tn), digits)}"),
    ]
    for y, text in rows:
        ax.text(2.08, y, text, ha="left", va="center", fontsize=10, color="black")
    columns = [
        (0.5, f"PPV = {_rate_text(ratio(tp, tp + fp), digits)}"),
        (1.5, f"NPV = {_rate_text(ratio(tn, tn + fn), digits)}"),
    ]
    for x, text in columns:
        ax.text(x, -0.12, text, ha="center", va="top", fontsize=10, color=ACCENT)
    ax.text(2.08, 2.02, "÷ row total", ha="left", va="bottom", fontsize=8, color=NEUTRAL)
    ax.text(-0.04, -0.12, "÷ column\ntotal", ha="right", va="top", fontsize=8, color=ACCENT)
    ax.set_xlim(0, 3.05)
    ax.set_ylim(-0.45, 2.0)
    ax.set_xticks([0.5, 1.5], [f"predicted\n{names[1]}", f"predicted\n{names[0]}"])
    ax.xaxis.tick_top()
    ax.set_yticks([1.5, 0.5], [f"actual {names[1]}", f"actual {names[0]}"])
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    ax.set_aspect("equal")
    return ax


def plot_confusion_matrix(C, labels, *, ax=None, cell_names=None, fmt="{:g}", title=None):
    """Any k x k confusion matrix as a table of shaded cells: actual class in rows, prediction in columns.

    ``labels`` name the rows and columns in the order of ``C`` (the order passed to
    ``confusion_matrix(..., labels=...)``). Each cell is shaded by its share of its row,
    so a row shows where the samples of one actual class went; the shade is the class
    colour for the labels 0 (negative) and 1 (positive) of a binary matrix, blue
    otherwise. ``cell_names`` (a k x k nested list, e.g. ``[["TN", "FP"], ["FN", "TP"]]``)
    writes a name above each count.

    Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=4.2, height=3.4)
    C = np.asarray(C, dtype=float)
    labels = list(labels)
    k = C.shape[0]
    binary = k == 2 and sorted(str(v) for v in labels) == ["0", "1"]
    row_sums = C.sum(axis=1, keepdims=True)
    share = np.divide(C, row_sums, out=np.zeros_like(C), where=row_sums > 0)
    for i in range(k):
        colour = class_style(int(labels[i]))["color"] if binary else ACCENT
        for j in range(k):
            ax.add_patch(_rect(j, k - 1 - i, colour, alpha=0.06 + 0.5 * share[i, j]))
            text = fmt.format(C[i, j])
            if cell_names is not None:
                text = f"{cell_names[i][j]}\n{text}"
            ax.text(j + 0.5, k - 0.5 - i, text, ha="center", va="center", fontsize=12 if k <= 3 else 10)
    ax.set_xlim(0, k)
    ax.set_ylim(0, k)
    ax.set_xticks(np.arange(k) + 0.5, [str(v) for v in labels])
    ax.set_yticks(k - 0.5 - np.arange(k), [str(v) for v in labels])
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel("predicted")
    ax.set_ylabel("actual")
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    ax.set_aspect("equal")
    if title:
        ax.text(0.5, -0.03, title, transform=ax.transAxes, ha="center", va="top", fontsize="medium")
    return ax


def plot_rates_vs_imbalance(imbalance_ratio, curves, *, observed=None, break_even=None, ax=None):
    """Rates against the imbalance ratio (log axis): flat row rates, sliding predictive values.

    ``curves`` maps a rate's name (starting with TPR, TNR, FPR, FNR, PPV or NPV, which
    picks its style from :data:`RATE_STYLES`) to its values at ``imbalance_ratio``.
    ``observed`` maps the same names to ``(imbalance_ratios, values)`` measured on data,
    drawn as markers. ``break_even``, an imbalance ratio, draws a vertical line there
    (e.g. where false alarms start to outnumber detections).

    Returns the axes.
    """
    if ax is None:
        _, ax = new_figure()
    x = np.asarray(imbalance_ratio, dtype=float)
    for name, values in curves.items():
        style = rate_style(name)
        ax.plot(x, np.asarray(values, dtype=float), color=style["color"], linestyle=style["linestyle"],
                linewidth=2, label=name)
    for name, (xs, ys) in (observed or {}).items():
        style = rate_style(name)
        ax.plot(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float), linestyle="none",
                marker=style["marker"], markersize=7, color=style["color"], markeredgecolor="black",
                markeredgewidth=0.6, label=f"{name.split()[0]} measured")
    if break_even is not None:
        ax.axvline(break_even, color=NEUTRAL, linestyle=":", linewidth=1.5,
                   label=f"false alarms = detections (IR = {break_even:.3g})")
    ax.set_xscale("log")
    ax.set_xlabel("imbalance ratio IR = negatives per positive (log scale)")
    ax.set_ylabel("rate")
    ax.set_ylim(-0.02, 1.04)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="x-small", frameon=True, loc="lower left")
    return ax
