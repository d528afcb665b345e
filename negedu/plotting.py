"""Figures for the book, in one colour-blind-safe style.

The positive class and the negative class keep the same colour and the same marker on
every figure of the book (apples and oranges included); synthetic samples get a third.
The colours are from the Okabe-Ito palette, which stays distinguishable under the common
forms of colour blindness, and the markers differ as well, so no figure relies on colour alone.

matplotlib is imported here only, so ``import negedu`` stays light.
"""

import numpy as np

__all__ = [
    "POSITIVE",
    "NEGATIVE",
    "SYNTHETIC",
    "ACCENT",
    "NEUTRAL",
    "class_style",
    "new_figure",
    "plot_fruit_basket",
    "plot_score_histogram",
    "plot_confusion_counts",
    "figure_to_png",
    "figure_to_data_uri",
    "METRIC_STYLES",
    "metric_style",
    "plot_metric_bars",
    "plot_metric_curves",
    "plot_roc_curve",
    "plot_pr_curve",
    "RATE_STYLES",
    "rate_style",
    "plot_confusion_rates",
    "plot_confusion_matrix",
    "plot_rates_vs_imbalance",
    "plot_resampling",
    "plot_resampling_grid",
    "plot_oversampling",
    "decision_grid",
    "plot_decision_regions",
    "plot_adasyn_allocation",
    "SAMPLER_STYLES",
    "sampler_style",
    "plot_samples",
    "plot_fold_scores",
    "plot_reliability_diagram",
    "plot_estimate_bars",
    "plot_curves",
    "plot_probability_histogram",
    "plot_loss_curves",
    "plot_loss_shares",
    "plot_decision_costs",
    "plot_cost_boundaries",
    "plot_cost_curves",
    "plot_noise_powers",
    "plot_similarity_matrix",
    "plot_triplet_regions",
    "plot_label_noise_shares",
    "CLASS_COLOURS",
    "CLASS_MARKERS",
    "multiclass_style",
    "plot_classes",
    "plot_class_regions",
    "plot_one_vs_rest",
    "plot_negative_composition",
    "plot_anomaly_map",
    "plot_isolation_path",
    "plot_transactions",
    "plot_fraud_costs",
    "plot_shift_kind",
    "plot_shifted_population",
    "plot_unknown_score_map",
    "plot_open_set_tradeoff",
    "plot_ensemble_scores",
    "plot_member_boundaries",
    "plot_coverage",
]

#: Colour of the positive class (apples): Okabe-Ito bluish green.
POSITIVE = "#009E73"
#: Colour of the negative class (oranges): Okabe-Ito orange.
NEGATIVE = "#E69F00"
#: Colour of synthetic samples (SMOTE and friends): Okabe-Ito reddish purple.
SYNTHETIC = "#CC79A7"
#: Colour for thresholds, curves and highlights: Okabe-Ito blue.
ACCENT = "#0072B2"
#: Colour for secondary ink.
NEUTRAL = "#555555"

_STYLES = {
    1: {"color": POSITIVE, "marker": "^", "label": "positive (y = 1)"},
    0: {"color": NEGATIVE, "marker": "o", "label": "negative (y = 0)"},
    "synthetic": {"color": SYNTHETIC, "marker": "D", "label": "synthetic"},
}


def class_style(label):
    """Colour, marker and legend text for ``1`` (positive), ``0`` (negative) or ``"synthetic"``."""
    return dict(_STYLES[label])


def _plt():
    import matplotlib.pyplot as plt

    return plt


def new_figure(ncols=1, *, width=6.4, height=4.0):
    """A figure with ``ncols`` axes side by side, in the book's style."""
    plt = _plt()
    fig, axes = plt.subplots(1, ncols, figsize=(width, height), squeeze=False, layout="constrained")
    for ax in axes.ravel():
        ax.spines[["top", "right"]].set_visible(False)
    return fig, (axes[0, 0] if ncols == 1 else axes[0])


def plot_fruit_basket(basket, *, threshold=None, ax=None, names=("orange", "apple"), size=None):
    """Scatter the apples-and-oranges basket: redness against diameter.

    With a ``threshold``, fruit whose score is at least the threshold (flagged as apples)
    are drawn filled and the others hollow, so the picture shows the four cells of the
    confusion matrix: filled triangles are true positives, hollow triangles false
    negatives, filled circles false positives and hollow circles true negatives.

    Returns the axes.
    """
    if ax is None:
        _, ax = new_figure()
    X, y = np.asarray(basket["X"]), np.asarray(basket["y"])
    flagged = None if threshold is None else np.asarray(basket["score"]) >= threshold
    n = len(y)
    base = size if size is not None else float(np.clip(4000 / max(n, 1), 8, 60))
    # Draw the negatives first so the rare positives stay visible on top. ax.plot with
    # markers only is much faster to render than ax.scatter for tens of thousands of points.
    for label in (0, 1):
        style = class_style(label)
        name = names[label]
        members = y == label
        marker_size = np.sqrt(base) * (1.6 if label == 1 else 1.0)
        if flagged is None:
            ax.plot(*X[members].T, linestyle="none", marker=style["marker"], markersize=marker_size,
                    color=style["color"], alpha=0.7, markeredgewidth=0, label=f"{name} ({members.sum()})")
            continue
        for is_flagged in (False, True):
            part = members & (flagged == is_flagged)
            outcome = {(1, True): "TP", (1, False): "FN", (0, True): "FP", (0, False): "TN"}[(label, is_flagged)]
            ax.plot(*X[part].T, linestyle="none", marker=style["marker"], markersize=marker_size,
                    markerfacecolor=style["color"] if is_flagged else "none", markeredgecolor=style["color"],
                    markeredgewidth=1.0, alpha=0.9 if label == 1 else 0.6,
                    label=f"{name}, {'flagged' if is_flagged else 'not flagged'} ({outcome}: {part.sum()})")
    ax.set_xlabel("redness (0 = not red, 1 = deep red)")
    ax.set_ylabel("diameter (cm)")
    ax.legend(loc="upper right", fontsize="small", frameon=True)
    return ax


def plot_score_histogram(y_true, y_score, *, threshold=None, ax=None, bins=40, names=("negative", "positive"),
                         density=False, log=False):
    """Histograms of the scores of each class, with an optional threshold line.

    With ``density=False`` the bar heights are counts, so a rare positive class looks as
    small as it really is; ``log=True`` uses a logarithmic count axis so both stay visible.
    """
    if ax is None:
        _, ax = new_figure()
    y_true = np.asarray(y_true)
    y_score = np.asarray(y_score, dtype=float)
    edges = np.linspace(min(0.0, y_score.min()), max(1.0, y_score.max()), bins + 1)
    for label in (0, 1):
        style = class_style(label)
        ax.hist(y_score[y_true == label], bins=edges, color=style["color"], alpha=0.6,
                label=f"{names[label]} ({int((y_true == label).sum())})", density=density, log=log,
                hatch=None if label == 0 else "//", edgecolor=style["color"])
    if threshold is not None:
        ax.axvline(threshold, color=ACCENT, linestyle="--", linewidth=2, label=f"threshold τ = {threshold:g}")
    if log:
        from matplotlib.ticker import NullLocator

        ax.yaxis.set_minor_locator(NullLocator())  # fewer ticks: clearer, and much faster to draw
    ax.set_xlabel("score s (higher = more positive)")
    ax.set_ylabel("density" if density else "number of samples")
    ax.legend(fontsize="small")
    return ax


def plot_confusion_counts(tp, fp, tn, fn, *, ax=None, names=("negative", "positive")):
    """The 2 x 2 confusion matrix as a table of coloured cells, actual class in rows.

    Rows are the actual class (positive first, as in the book's tables), columns the
    prediction; the two cells of actual negatives are tinted with the negative colour.
    """
    if ax is None:
        _, ax = new_figure(width=4.2, height=3.2)
    cells = [[("TP", tp, POSITIVE), ("FN", fn, POSITIVE)], [("FP", fp, NEGATIVE), ("TN", tn, NEGATIVE)]]
    for r, row in enumerate(cells):
        for c, (name, value, colour) in enumerate(row):
            ax.add_patch(_rect(c, 1 - r, colour, alpha=0.35 if name[0] == "T" else 0.15))
            ax.text(c + 0.5, 1.5 - r, f"{name}\n{value:g}", ha="center", va="center", fontsize=13)
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_xticks([0.5, 1.5], [f"predicted {names[1]}", f"predicted {names[0]}"])
    ax.set_yticks([1.5, 0.5], [f"actual {names[1]}", f"actual {names[0]}"])
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    ax.set_aspect("equal")
    return ax


def _rect(x, y, colour, alpha):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), 1, 1, facecolor=colour, alpha=alpha, edgecolor="white", linewidth=2)


def figure_to_png(fig, *, dpi=80, colors=64):
    """Render a figure to PNG bytes, quantised to ``colors`` colours to keep pages small.

    Plots use few colours, so a palette PNG is typically 3-5 times smaller than the
    truecolour one with no visible difference. ``colors=None`` keeps truecolour.
    """
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    data = buffer.getvalue()
    if colors is None:
        return data
    try:
        from PIL import Image
    except ImportError:  # Pillow comes with matplotlib, but stay safe
        return data
    image = Image.open(io.BytesIO(data)).convert("RGB")
    small = image.quantize(colors=colors, method=Image.Quantize.FASTOCTREE)  # keeps thin lines true
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue() if out.tell() < len(data) else data


def figure_to_data_uri(fig, **kwargs):
    """The figure as a ``data:image/png;base64,...`` URI (see :func:`figure_to_png`)."""
    import base64

    return "data:image/png;base64," + base64.b64encode(figure_to_png(fig, **kwargs)).decode("ascii")


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


# ---------------------------------------------------------------- chapter 3: ROC and precision-recall curves
def _unit_square(ax, xlabel, ylabel):
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)


def _annotate_points(ax, x, y, texts, color):
    for xi, yi, text in zip(x, y, texts):
        if text:
            ax.annotate(str(text), (xi, yi), xytext=(4, -10), textcoords="offset points", fontsize="x-small",
                        color=color)


def plot_roc_curve(fpr, tpr, *, ax=None, label=None, color=ACCENT, chance=True, point=None, point_label=None,
                   annotate=None, linewidth=2.0, alpha=1.0, markers=None):
    """The ROC curve: true positive rate against false positive rate, points joined by straight lines.

    ``fpr`` and ``tpr`` are what :func:`negedu.metrics.roc_curve` returns. Straight lines
    are right for a ROC curve: a point on the segment between two thresholds is reached by
    choosing one of them at random. ``chance=True`` draws the diagonal of a random score
    (AUC 0.5). ``point=(fpr, tpr)`` marks one operating point (labelled ``point_label``);
    ``annotate`` writes one text per point (e.g. its threshold); ``markers`` (default: only
    when there are at most 30 points) draws a dot at each point.

    Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=4.2, height=4.0)
    fpr, tpr = np.asarray(fpr, dtype=float), np.asarray(tpr, dtype=float)
    show_markers = fpr.size <= 30 if markers is None else markers
    if chance:
        ax.plot([0, 1], [0, 1], color=NEUTRAL, linestyle=":", linewidth=1.2, label="chance (AUC 0.5)")
    ax.plot(fpr, tpr, color=color, linewidth=linewidth, alpha=alpha, label=label,
            marker="o" if show_markers else None, markersize=4)
    if annotate is not None:
        _annotate_points(ax, fpr, tpr, annotate, color)
    if point is not None:
        ax.plot(*point, linestyle="none", marker="*", markersize=14, color=color, markeredgecolor="black",
                markeredgewidth=0.8, label=point_label)
    _unit_square(ax, "false positive rate FPR", "true positive rate TPR (recall)")
    if label is not None or point_label is not None or chance:
        ax.legend(loc="lower right", fontsize="x-small", frameon=True)
    return ax


def plot_pr_curve(precision, recall, *, ax=None, label=None, color=ACCENT, style="step", base_rate=None,
                  point=None, point_label=None, annotate=None, fill=False, linewidth=2.0, alpha=1.0,
                  linestyle="-", markers=None):
    r"""The precision-recall curve: precision against recall, as steps or as straight lines.

    ``precision`` and ``recall`` are what :func:`negedu.metrics.precision_recall_curve`
    returns (recall decreasing, ending at the conventional point recall 0, precision 1).

    ``style="step"`` draws the curve that average precision integrates: precision
    :math:`P_n` held over each recall step :math:`(R_{n-1}, R_n]`. ``style="lines"``
    joins the points with straight lines, the curve the trapezoidal rule integrates (too
    optimistic, see the chapter on ROC and PR). ``fill=True`` shades the area under the
    drawn curve. ``base_rate`` draws the chance line, precision :math:`= \pi`.
    ``point=(recall, precision)`` marks one operating point; ``annotate`` writes one text
    per point; ``markers`` (default: only when there are at most 30 points) draws a dot
    at each point.

    Returns the axes.
    """
    if style not in ("step", "lines"):
        raise ValueError(f"style must be 'step' or 'lines', got {style!r}.")
    if ax is None:
        _, ax = new_figure(width=4.2, height=4.0)
    x = np.asarray(recall, dtype=float)[::-1]  # increasing recall
    y = np.asarray(precision, dtype=float)[::-1]
    show_markers = x.size <= 30 if markers is None else markers
    drawstyle = "steps-pre" if style == "step" else "default"
    if base_rate is not None:
        ax.axhline(base_rate, color=NEUTRAL, linestyle=":", linewidth=1.2,
                   label=f"chance (precision = π = {base_rate:.3g})")
    ax.plot(x, y, color=color, linewidth=linewidth, alpha=alpha, label=label, drawstyle=drawstyle,
            linestyle=linestyle)
    if show_markers:
        ax.plot(x, y, linestyle="none", marker="o", markersize=4, color=color, alpha=alpha)
    if fill:
        ax.fill_between(x, y, step="pre" if style == "step" else None, color=color, alpha=0.15, linewidth=0)
    if annotate is not None:
        _annotate_points(ax, np.asarray(recall, dtype=float), np.asarray(precision, dtype=float), annotate, color)
    if point is not None:
        ax.plot(*point, linestyle="none", marker="*", markersize=14, color=color, markeredgecolor="black",
                markeredgewidth=0.8, label=point_label)
    _unit_square(ax, "recall (TPR)", "precision (PPV)")
    if label is not None or point_label is not None or base_rate is not None:
        ax.legend(loc="lower left", fontsize="x-small", frameon=True)
    return ax


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


def decision_grid(X, *, n=150, margin=0.4):
    """A regular grid over the box around ``X`` (two features) plus ``margin``.

    Returns ``xx``, ``yy`` (each (n, n)) and ``points`` (n * n, 2), ready for a
    classifier's ``predict`` and for :func:`plot_decision_regions`.
    """
    X = np.asarray(X, dtype=float)
    low, high = X.min(axis=0) - margin, X.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(low[0], high[0], n), np.linspace(low[1], high[1], n))
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def plot_decision_regions(xx, yy, Z, *, ax=None):
    """Tint where a classifier predicts positive (green) and negative (orange), boundary in blue.

    ``Z`` holds the 0/1 predictions on the grid ``xx``, ``yy`` of :func:`decision_grid`
    (any shape with ``xx.size`` values). Returns the axes.
    """
    if ax is None:
        _, ax = new_figure()
    Z = np.asarray(Z, dtype=float).reshape(xx.shape)
    ax.contourf(xx, yy, Z, levels=[-0.5, 0.5, 1.5], colors=[NEGATIVE, POSITIVE], alpha=0.15, zorder=0)
    if 0 < Z.mean() < 1:
        ax.contour(xx, yy, Z, levels=[0.5], colors=[ACCENT], linewidths=1.0, zorder=0)
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


# ---------------------------------------------------------------- chapter 7: resampling in practice
#: Line style of each resampler on curves and bars (chapter 7 on): colours other than the two
#: class colours where possible, plus a marker and a dash pattern, so no curve relies on colour.
SAMPLER_STYLES = {
    "none": {"color": NEUTRAL, "marker": "s", "linestyle": "-"},
    "random undersampling": {"color": "#D55E00", "marker": "v", "linestyle": "--"},
    "random oversampling": {"color": "#56B4E9", "marker": "o", "linestyle": "-."},
    "SMOTE": {"color": SYNTHETIC, "marker": "D", "linestyle": ":"},
    "SMOTE-Tomek": {"color": ACCENT, "marker": "^", "linestyle": (0, (5, 1))},
    "SMOTE-ENN": {"color": "#000000", "marker": "x", "linestyle": (0, (3, 1, 1, 1))},
}


def sampler_style(name):
    """Colour, marker and dash pattern of a resampler's curve (a neutral style for unknown names)."""
    return dict(SAMPLER_STYLES.get(name, {"color": NEUTRAL, "marker": ".", "linestyle": "-"}))


def plot_samples(X, y, *, synthetic=None, removed=None, links=None, ax=None, names=("orange", "apple"),
                 xlabel="redness (z)", ylabel="diameter (z)", legend=True, title=None):
    """A resampled 2-D data set: original samples, synthetic ones, removed ones and Tomek links.

    ``X`` is (n, 2) and ``y`` holds 0 (negative) and 1 (positive). Original negatives are
    orange circles and original positives green triangles; rows marked in the boolean mask
    ``synthetic`` are purple diamonds (the real positives are drawn over them). Rows marked
    in ``removed`` (a mask) are drawn hollow, on top, so one can see what a cleaner took
    away. ``links``, an (m, 2) array of row index pairs, draws each pair (a Tomek link) as a
    black segment with both ends ringed. ``legend`` is True
    (inside), ``"below"`` (under the axes) or False. Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=4.4, height=4.0)
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    n = y.size
    synthetic = np.zeros(n, dtype=bool) if synthetic is None else np.asarray(synthetic, dtype=bool)
    removed = np.zeros(n, dtype=bool) if removed is None else np.asarray(removed, dtype=bool)
    if links is not None and len(links):
        from matplotlib.collections import LineCollection

        pairs = np.asarray(links, dtype=np.int64)
        ax.add_collection(LineCollection(X[pairs], colors="black", linewidths=1.6, zorder=6))
        ends = X[pairs.ravel()]
        ax.plot(*ends.T, linestyle="none", marker="o", markersize=11, markerfacecolor="none",
                markeredgecolor="black", markeredgewidth=1.1, zorder=6, label=f"Tomek link ({len(pairs)})")
    kinds = [(y == 0) & ~synthetic, synthetic, (y == 1) & ~synthetic]  # real apples drawn last, on top
    styles = [class_style(0), class_style("synthetic"), class_style(1)]
    labels = [names[0], f"synthetic {names[1]}", names[1]]
    sizes = [4.5, 4.5, 6.5]
    for kind, style, label, size in zip(kinds, styles, labels, sizes):
        kept = kind & ~removed
        if kept.any():
            ax.plot(*X[kept].T, linestyle="none", marker=style["marker"], markersize=size, color=style["color"],
                    alpha=0.8, markeredgewidth=0, label=f"{label} ({int(kept.sum())})",
                    zorder=3 if style is styles[2] else 2)
    for kind, style, label, size in zip(kinds, styles, labels, sizes):
        gone = kind & removed
        if gone.any():
            ax.plot(*X[gone].T, linestyle="none", marker=style["marker"], markersize=size + 2.5,
                    markerfacecolor="white", markeredgecolor=style["color"], markeredgewidth=1.4,
                    label=f"{label}, removed ({int(gone.sum())})", zorder=5)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize="medium")
    if legend == "below":
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize="x-small", frameon=False)
    elif legend:
        ax.legend(loc="upper left", fontsize="x-small", frameon=True, framealpha=0.85)
    return ax


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


def plot_reliability_diagram(curves, *, ax=None):
    """A reliability diagram: per probability bin, the observed rate of positives against the mean prediction.

    ``curves`` maps a label to ``(prob_pred, prob_true)`` or ``(prob_pred, prob_true,
    counts)`` (for example from ``reliability_curve``); with counts, each point's area
    grows with the number of samples in its bin. The dotted diagonal is a perfectly
    calibrated model; points below it are over-confident about the positive class
    (predicted more often than it occurs). Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=4.4, height=4.0)
    _unit_square(ax, "mean predicted probability in the bin", "observed share of positives in the bin")
    ax.plot([0, 1], [0, 1], color=NEUTRAL, linestyle=":", linewidth=1.2, label="perfectly calibrated")
    palette = [ACCENT, "#D55E00", "#000000", "#56B4E9", SYNTHETIC]
    markers = ["o", "s", "^", "D", "v"]
    dashes = ["-", "--", "-.", ":", (0, (5, 1))]
    for i, (label, curve) in enumerate(curves.items()):
        prob_pred, prob_true = np.asarray(curve[0], dtype=float), np.asarray(curve[1], dtype=float)
        colour, marker, dash = palette[i % 5], markers[i % 5], dashes[i % 5]
        ax.plot(prob_pred, prob_true, color=colour, linestyle=dash, linewidth=1.6, label=label)
        if len(curve) > 2:
            counts = np.asarray(curve[2], dtype=float)
            area = 12 + 130 * np.sqrt(counts / counts.max())
            ax.scatter(prob_pred, prob_true, s=area, color=colour, marker=marker, alpha=0.8, zorder=3,
                       edgecolors="white", linewidths=0.5)
        else:
            ax.plot(prob_pred, prob_true, linestyle="none", color=colour, marker=marker, markersize=5)
    ax.legend(loc="upper left", fontsize="x-small", frameon=True)
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


def plot_curves(x, curves, *, ax=None, xlabel="", ylabel="", xscale="log", bands=None, ylim=None):
    """One line per named curve against a common x (training size, ratio kept, cost, ...).

    ``curves`` maps a name to its values at ``x``, in display order. A resampler's name
    (a key of :data:`SAMPLER_STYLES`) gets its style from :func:`sampler_style`; other
    names take distinct styles in turn (colour, marker and dash all differ). ``bands``,
    optional, maps a name to ``(low, high)`` arrays drawn as a light band around its line
    (for example the spread over seeds). On a log axis each x value gets its own tick label.
    Returns the axes.
    """
    if ax is None:
        _, ax = new_figure()
    x = np.asarray(x, dtype=float)
    others = [style for name, style in SAMPLER_STYLES.items() if name != "none"]
    for i, (name, values) in enumerate(curves.items()):
        style = sampler_style(name) if name in SAMPLER_STYLES else dict(others[i % len(others)])
        ax.plot(x, np.asarray(values, dtype=float), color=style["color"], linestyle=style["linestyle"],
                marker=style["marker"], markersize=5, linewidth=1.8, label=name)
        if bands is not None and name in bands:
            low, high = bands[name]
            ax.fill_between(x, low, high, color=style["color"], alpha=0.12, linewidth=0)
    ax.set_xscale(xscale)
    if xscale == "log":  # label the points themselves: 1, 5, 20, 99 reads better than 10^0, 10^1
        from matplotlib.ticker import NullLocator

        ax.set_xticks(x, [f"{v:g}" for v in x])
        ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="x-small", frameon=True)
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


_LINE_LOOKS = [
    {"color": NEUTRAL, "linestyle": ":"},
    {"color": "#56B4E9", "linestyle": (0, (5, 1))},
    {"color": ACCENT, "linestyle": "-."},
    {"color": "#D55E00", "linestyle": "-"},
    {"color": "#000000", "linestyle": "--"},
    {"color": SYNTHETIC, "linestyle": (0, (3, 1, 1, 1))},
]


def plot_loss_curves(x, curves, *, ax=None, xlabel="probability of the true class $p_t$", ylabel="loss",
                     ylim=None, logy=False, diagonal=False, styles=None, legend_loc="upper right"):
    """One line per named curve (a loss, its gradient, a training curve) against a common x.

    ``curves`` maps a label to its values at ``x``, in display order; the curves take, in turn,
    a dotted grey, a dashed light blue, a dash-dotted blue, a solid vermilion, a dashed black and
    a purple line, so they read in black and white too (the first is meant for the baseline,
    e.g. the cross-entropy). ``styles``, optional, maps a label to matplotlib line keywords
    that replace its default look (e.g. a class colour). ``diagonal=True`` adds the dotted
    line y = x. Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=5.2, height=3.8)
    x = np.asarray(x, dtype=float)
    if diagonal:
        ax.plot([x.min(), x.max()], [x.min(), x.max()], color="#AAAAAA", linewidth=0.8, linestyle=":")
    for i, (label, values) in enumerate(curves.items()):
        look = {"linewidth": 2.0, **_LINE_LOOKS[i % len(_LINE_LOOKS)], **dict((styles or {}).get(label, {}))}
        ax.plot(x, np.asarray(values, dtype=float), label=label, **look)
    if logy:
        ax.set_yscale("log")
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="x-small", frameon=True, loc=legend_loc)
    return ax


def plot_loss_shares(groups, shares, *, ax=None, fmt="{:.0%}"):
    """Horizontal stacked bars: for each group (e.g. a loss), which parts of the data make up its total.

    ``shares`` maps a part's name to one share per group (each group's shares add up to 1). A
    part whose name contains "negative" or "orange" is drawn in the negative class's orange
    (hatched when it also contains "hard"), one with "positive" or "apple" in the positive
    class's green; shares of at least 6 % are written inside their bar. Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=6.4, height=0.6 + 0.55 * len(groups))
    y = np.arange(len(groups))[::-1]
    left = np.zeros(len(groups))
    for name, values in shares.items():
        values = np.asarray(values, dtype=float)
        lowered = name.lower()
        if "negative" in lowered or "orange" in lowered:
            look = {"color": NEGATIVE, "hatch": "///", "edgecolor": "white"} if "hard" in lowered else {"color": NEGATIVE}
        elif "positive" in lowered or "apple" in lowered:
            look = {"color": POSITIVE}
        else:
            look = {"color": NEUTRAL}
        ax.barh(y, values, left=left, height=0.6, label=name, **look)
        for yy, start, v in zip(y, left, values):
            if v >= 0.06:
                ax.text(start + v / 2, yy, fmt.format(v), ha="center", va="center", fontsize="x-small",
                        color="white" if "hard" not in lowered else "black")
        left += values
    ax.set_yticks(y, groups, fontsize="small")
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the total loss")
    ax.spines[["left"]].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(shares), fontsize="x-small", frameon=False)
    return ax


def plot_decision_costs(c_fp, c_fn, *, ax=None):
    """The expected cost of each decision against the probability p of the positive class.

    Flagging costs ``(1 - p) * c_fp`` (the risk of a false alarm), passing costs ``p * c_fn``
    (the risk of a miss); the cheaper decision is drawn solid, the lines cross at the
    threshold ``c_fp / (c_fp + c_fn)``, marked by a dashed vertical line. Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=6.4, height=3.6)
    p = np.linspace(0, 1, 401)
    flag, pass_ = (1 - p) * c_fp, p * c_fn
    tau = c_fp / (c_fp + c_fn)
    ax.plot(p, pass_, color=NEGATIVE, linewidth=2.2, label=f"pass it: p × {c_fn:g} (risk of a miss)")
    ax.plot(p, flag, color=POSITIVE, linewidth=2.2, linestyle="--", label=f"flag it: (1 − p) × {c_fp:g} (risk of a false alarm)")
    ax.fill_between(p, 0, np.minimum(flag, pass_), color=ACCENT, alpha=0.12, linewidth=0,
                    label="expected cost of the better decision")
    ax.axvline(tau, color=ACCENT, linestyle=":", linewidth=2, label=f"threshold τ* = {tau:.3g}")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, max(c_fp, min(c_fn, 3 * c_fp)) * 1.05)
    ax.set_xlabel("p = P(positive | x), a calibrated probability")
    ax.set_ylabel("expected cost of the decision")
    ax.legend(loc="upper right", fontsize="x-small", frameon=True)
    return ax


def plot_cost_boundaries(X, y, lines, *, ax=None, names=("orange", "apple"), xlabel="redness (0 = not red, 1 = deep red)",
                         ylabel="diameter (cm)"):
    """A 2-D basket with straight decision boundaries: fruit on the side where ``a @ x + d >= 0`` are flagged.

    ``lines`` maps a label to ``(a, d)`` with ``a`` of length 2, in display order; the first
    is drawn solid blue, the next dashed black, then dotted. Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=4.4, height=4.0)
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    for label in (0, 1):
        style = class_style(label)
        members = y == label
        ax.plot(*X[members].T, linestyle="none", marker=style["marker"], markersize=3.2 if label == 0 else 4.5,
                color=style["color"], alpha=0.5 if label == 0 else 0.9, markeredgewidth=0,
                label=f"{names[label]} ({int(members.sum())})")
    x_low, x_high = X[:, 0].min(), X[:, 0].max()
    y_low, y_high = X[:, 1].min(), X[:, 1].max()
    xs = np.linspace(x_low, x_high, 200)
    looks = [{"color": ACCENT, "linestyle": "-", "linewidth": 2.2}, {"color": "#000000", "linestyle": "--", "linewidth": 1.6},
             {"color": "#D55E00", "linestyle": ":", "linewidth": 2.0}, {"color": SYNTHETIC, "linestyle": "-.", "linewidth": 1.6}]
    for i, (label, (a, d)) in enumerate(lines.items()):
        a = np.asarray(a, dtype=float)
        if abs(a[1]) > 1e-12 * max(abs(a[0]), 1.0):
            ys = -(a[0] * xs + d) / a[1]  # a0 x + a1 y + d = 0
            ax.plot(xs, ys, label=label, **looks[i % len(looks)])
        else:
            ax.axvline(-d / a[0], label=label, **looks[i % len(looks)])
    margin_x, margin_y = 0.03 * (x_high - x_low), 0.03 * (y_high - y_low)
    ax.set_xlim(x_low - margin_x, x_high + margin_x)
    ax.set_ylim(y_low - margin_y, y_high + margin_y)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="lower left", fontsize="x-small", frameon=True, framealpha=0.85)
    return ax


def plot_cost_curves(costs, table, *, current=None, highlight=None, ax=None):
    """Each method's cost divided by the best possible cost, against the cost of a miss.

    ``table`` maps a method to its cost at each of ``costs`` and must hold a key
    ``"best possible"``, drawn as the black line at 1: a method at 1.2 costs 20 % more than
    the best decisions. ``highlight`` names the method drawn thick, and ``current`` marks one
    cost with a vertical dotted line. Both axes are logarithmic. Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=4.4, height=3.6)
    from matplotlib.ticker import NullLocator

    x = np.asarray(costs, dtype=float)
    best = np.asarray(table["best possible"], dtype=float)
    looks = [{"color": ACCENT, "marker": "o", "linestyle": "-"}, {"color": "#D55E00", "marker": "s", "linestyle": "--"},
             {"color": SYNTHETIC, "marker": "D", "linestyle": "-."}, {"color": "#56B4E9", "marker": "v", "linestyle": ":"}]
    ax.axhline(1.0, color="#000000", linewidth=1.0, label="best possible")
    top = 1.0
    for i, (name, values) in enumerate((k, v) for k, v in table.items() if k != "best possible"):
        ratio = np.asarray(values, dtype=float) / best
        top = max(top, float(ratio.max()))
        look, thick = looks[i % len(looks)], name == highlight
        ax.plot(x, ratio, color=look["color"], marker=look["marker"], linestyle=look["linestyle"],
                linewidth=2.6 if thick else 1.2, markersize=6 if thick else 3.5, alpha=1.0 if thick else 0.75,
                label=name, zorder=5 if thick else 3)
    if current is not None:
        ax.axvline(current, color=NEUTRAL, linestyle=":", linewidth=1.2)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(x, [f"{v:g}" for v in x])
    ax.xaxis.set_minor_locator(NullLocator())
    ticks = [t for t in (1.0, 1.1, 1.25, 1.5, 2.0, 3.0, 4.0) if t <= top * 1.1]
    ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_ylim(0.97, top * 1.15)
    ax.set_xlabel("cost of a missed positive, in false alarms")
    ax.set_ylabel("cost ÷ best possible cost")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="x-small", frameon=True, loc="upper right")
    return ax


from ._plots_contrastive import plot_label_noise_shares, plot_noise_powers, plot_similarity_matrix, plot_triplet_regions  # noqa: E402
from ._plots_one_vs_rest import (  # noqa: E402
    CLASS_COLOURS, CLASS_MARKERS, multiclass_style, plot_class_regions, plot_classes, plot_negative_composition,
    plot_one_vs_rest,
)
from ._plots_anomaly import plot_anomaly_map, plot_isolation_path  # noqa: E402
from ._plots_case_study_fraud import plot_fraud_costs, plot_transactions  # noqa: E402
from ._plots_shifting_negatives import plot_shift_kind, plot_shifted_population  # noqa: E402
from ._plots_openset import plot_open_set_tradeoff, plot_unknown_score_map  # noqa: E402
from ._plots_balanced_ensembles import plot_coverage, plot_ensemble_scores, plot_member_boundaries  # noqa: E402
