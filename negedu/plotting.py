"""Figures for the book, in one colour-blind-safe style.

The positive class and the negative class keep the same colour and the same marker on
every figure of the book (apples and oranges included); synthetic samples get a third.
The colours are from the Okabe-Ito palette, which stays distinguishable under the common
forms of colour blindness, and the markers differ as well, so no figure relies on colour alone.

matplotlib is imported here only, so ``import negedu`` stays light.
"""

import numbers

import numpy as np

from ._validation import (
    _short,
    check_array,
    check_choice,
    check_consistent_length,
    check_fraction,
    check_int,
    check_nonnegative_real,
    check_numeric,
    check_positive_real,
)

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
    "plot_roc_curve",
    "plot_pr_curve",
    "decision_grid",
    "plot_decision_regions",
    "SAMPLER_STYLES",
    "sampler_style",
    "plot_samples",
    "plot_reliability_diagram",
    "plot_curves",
    "CLASS_COLOURS",
    "CLASS_MARKERS",
    "multiclass_style",
    "legend_outside",
    "quantile_levels",
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
    try:
        known = label in _STYLES
    except TypeError:  # unhashable
        known = False
    if not known:
        raise ValueError(f"label must be one of 1 (positive), 0 (negative) or 'synthetic', got {_short(label)}. "
                         "Use multiclass_style(k) for class indices of a multi-class figure.")
    return dict(_STYLES[label])


def _plt():
    import matplotlib.pyplot as plt

    return plt


def _check_ax(ax):
    """``None`` (a new figure is made) or an object with matplotlib's axes methods."""
    if ax is not None and not hasattr(ax, "plot"):
        raise TypeError(f"ax must be matplotlib axes or None (a new figure), got {_short(ax)}. "
                        "Pass one of the axes from new_figure(), or leave ax out.")


def _check_threshold(threshold):
    """``None`` (no threshold) or a finite real number (not a bool)."""
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, numbers.Real)
                                  or not np.isfinite(threshold)):
        raise TypeError(f"threshold must be a finite number or None, got {_short(threshold)}. "
                        "Pass a score cut-off, e.g. threshold=0.5.")


def _check_point(point, name):
    """``None`` or an (x, y) pair of finite numbers."""
    if point is None:
        return
    pair = check_numeric(point, name, ndim=1, copy=False)
    if pair.size != 2:
        raise ValueError(f"{name} must be an (x, y) pair, got {_short(point)}. Pass two numbers, e.g. {name}=(0.1, 0.8).")


def _check_curve(first, second, names):
    """Two 1-D numeric arrays of the same non-zero length (NaN allowed: a curve may have gaps)."""
    a = check_numeric(first, names[0], ndim=1, allow_nonfinite=True, copy=False)
    b = check_numeric(second, names[1], ndim=1, allow_nonfinite=True, copy=False)
    check_consistent_length(a, b, names=list(names))
    return a, b


def _check_names(names):
    """The two legend names, negative class first."""
    if isinstance(names, str) or not hasattr(names, "__len__") or len(names) != 2:
        raise ValueError(f"names must hold 2 names (negative, positive), got {_short(names)}. "
                         "Pass a pair such as names=('orange', 'apple').")


def _check_line_options(n, point, annotate, linewidth, alpha, ax):
    """The options a ROC or PR curve of ``n`` points shares: marked point, texts, line, axes."""
    _check_point(point, "point")
    if annotate is not None and len(annotate) != n:
        raise ValueError(f"annotate must hold one text per point ({n}), got {len(annotate)}. "
                         "Pass one entry per point ('' for no text).")
    check_positive_real(linewidth, "linewidth", "Pass a line width in points, e.g. linewidth=2.0.")
    check_fraction(alpha, "alpha", low_open=False)
    _check_ax(ax)


def new_figure(ncols=1, *, width=6.4, height=4.0):
    """A figure with ``ncols`` axes side by side, in the book's style."""
    check_int(ncols, "ncols", minimum=1, hint="Pass the number of axes side by side, e.g. ncols=2.")
    check_positive_real(width, "width", "Pass the figure width in inches, e.g. width=6.4.")
    check_positive_real(height, "height", "Pass the figure height in inches, e.g. height=4.0.")
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
    if not hasattr(basket, "__getitem__") or isinstance(basket, (str, bytes)):
        raise TypeError(f"basket must be a fruit basket (keys 'X', 'y', 'score'), got {_short(basket)}. "
                        "Use negedu.datasets.make_fruit_basket(...).")
    for key in ("X", "y") if threshold is None else ("X", "y", "score"):
        try:
            basket[key]
        except (KeyError, IndexError, TypeError):
            raise ValueError(f"basket has no {key!r} entry; a fruit basket needs 'X', 'y' (and 'score' with a "
                             "threshold). Use negedu.datasets.make_fruit_basket(...).") from None
    X = check_array(basket["X"], "basket['X']", min_samples=0, copy=False)
    if X.shape[1] != 2:
        raise ValueError(f"basket['X'] must have 2 columns (redness, diameter), got shape {X.shape}.")
    y = check_numeric(basket["y"], "basket['y']", ndim=1, allow_empty=True, copy=False)
    check_consistent_length(X, y, names=["basket['X']", "basket['y']"])
    if threshold is not None:
        score = check_numeric(basket["score"], "basket['score']", ndim=1, allow_empty=True, copy=False)
        check_consistent_length(y, score, names=["basket['y']", "basket['score']"])
    _check_threshold(threshold)
    if size is not None:
        check_positive_real(size, "size", "Pass a marker area in points², e.g. size=20, or None for automatic.")
    _check_names(names)
    _check_ax(ax)
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
    labels = check_numeric(y_true, "y_true", ndim=1, allow_nonfinite=True, copy=False)
    scores = check_numeric(y_score, "y_score", ndim=1, copy=False)
    check_consistent_length(labels, scores, names=["y_true", "y_score"])
    check_int(bins, "bins", minimum=1, hint="Pass the number of bins, e.g. bins=40.")
    _check_threshold(threshold)
    _check_names(names)
    _check_ax(ax)
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
    for name, value in (("tp", tp), ("fp", fp), ("tn", tn), ("fn", fn)):
        check_nonnegative_real(value, name, "Pass the count (or rate) of that cell.")
    _check_names(names)
    _check_ax(ax)
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


def figure_to_png(fig, *, dpi=80, colors=64, format="png"):
    """Render a figure to image bytes, quantised to ``colors`` colours to keep pages small.

    Plots use few colours, so a palette image is typically 3-5 times smaller than the
    truecolour one with no visible difference. ``colors=None`` keeps truecolour.
    ``format="webp"`` stores the (quantised) pixels as lossless WebP instead of PNG,
    about a third smaller again; every browser of the last five years shows it.
    """
    import io

    if not hasattr(fig, "savefig"):
        raise TypeError(f"fig must be a matplotlib figure, got {_short(fig)}. Pass the figure from new_figure().")
    check_positive_real(dpi, "dpi", "Pass the resolution in dots per inch, e.g. dpi=80.")
    if colors is not None:
        check_int(colors, "colors", minimum=2, maximum=256,
                  hint="Pass a palette size from 2 to 256, e.g. colors=64, or None for truecolour.")
    check_choice(format, "format", ("png", "webp"))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    data = buffer.getvalue()
    if colors is None and format == "png":
        return data
    try:
        from PIL import Image
    except ImportError:  # Pillow comes with matplotlib, but stay safe
        if format == "webp":
            raise
        return data
    image = Image.open(io.BytesIO(data)).convert("RGB")
    if colors is not None:
        image = image.quantize(colors=colors, method=Image.Quantize.FASTOCTREE)  # keeps thin lines true
        # The commonest colour is the background: keep it exactly the figure's, so that the
        # figure does not show as a slightly different box on a page of that colour.
        _, background = max(image.getcolors(colors))
        palette = image.getpalette()
        palette[3 * background:3 * background + 3] = [round(255 * c) for c in fig.get_facecolor()[:3]]
        image.putpalette(palette)
    out = io.BytesIO()
    if format == "webp":
        # lossless: quality is the effort (50 is as small as 100 here, at a fiftieth of the time)
        image.save(out, format="WEBP", lossless=True, quality=50, method=6)
        return out.getvalue()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue() if out.tell() < len(data) else data


def figure_to_data_uri(fig, **kwargs):
    """The figure as a ``data:image/png;base64,...`` URI (``data:image/webp`` with
    ``format="webp"``; see :func:`figure_to_png`)."""
    import base64

    data = figure_to_png(fig, **kwargs)
    return f"data:image/{kwargs.get('format', 'png')};base64," + base64.b64encode(data).decode("ascii")


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
    _check_curve(fpr, tpr, ("fpr", "tpr"))
    _check_line_options(len(fpr), point, annotate, linewidth, alpha, ax)
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
        raise ValueError(f"style must be 'step' or 'lines', got {_short(style)}.")
    _check_curve(precision, recall, ("precision", "recall"))
    if base_rate is not None:
        check_fraction(base_rate, "base_rate", low_open=False)
    _check_line_options(len(recall), point, annotate, linewidth, alpha, ax)
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


def decision_grid(X, *, n=150, margin=0.4):
    """A regular grid over the box around ``X`` (two features) plus ``margin``.

    Returns ``xx``, ``yy`` (each (n, n)) and ``points`` (n * n, 2), ready for a
    classifier's ``predict`` and for :func:`plot_decision_regions`.
    """
    check_array(X, "X", copy=False)
    if np.shape(X)[1] != 2:
        raise ValueError(f"X must have 2 columns (the two features on the axes), got shape {np.shape(X)}. "
                         "Pass X[:, :2] or a 2-D projection.")
    check_int(n, "n", minimum=2, hint="Pass the number of grid points per axis, e.g. n=150.")
    check_nonnegative_real(margin, "margin", "Pass the padding around the data, e.g. margin=0.4.")
    X = np.asarray(X, dtype=float)
    low, high = X.min(axis=0) - margin, X.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(low[0], high[0], n), np.linspace(low[1], high[1], n))
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def plot_decision_regions(xx, yy, Z, *, ax=None):
    """Tint where a classifier predicts positive (green) and negative (orange), boundary in blue.

    ``Z`` holds the 0/1 predictions on the grid ``xx``, ``yy`` of :func:`decision_grid`
    (any shape with ``xx.size`` values). Returns the axes.
    """
    grid_x = check_numeric(xx, "xx", ndim=2, copy=False)
    grid_y = check_numeric(yy, "yy", ndim=2, copy=False)
    if grid_x.shape != grid_y.shape:
        raise ValueError(f"xx and yy must have the same shape, got {grid_x.shape} and {grid_y.shape}. "
                         "Pass the grid of decision_grid().")
    values = check_numeric(Z, "Z", ndim=(1, 2), copy=False)
    if values.size != grid_x.size:
        raise ValueError(f"Z must hold one prediction per grid point ({grid_x.size}), got {values.size}. "
                         "Predict on the points of decision_grid().")
    _check_ax(ax)
    if ax is None:
        _, ax = new_figure()
    Z = np.asarray(Z, dtype=float).reshape(xx.shape)
    ax.contourf(xx, yy, Z, levels=[-0.5, 0.5, 1.5], colors=[NEGATIVE, POSITIVE], alpha=0.15, zorder=0)
    if 0 < Z.mean() < 1:
        ax.contour(xx, yy, Z, levels=[0.5], colors=[ACCENT], linewidths=1.0, zorder=0)
    return ax


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
    if not isinstance(name, str):
        raise TypeError(f"name must be a resampler's name (a string such as {', '.join(map(repr, SAMPLER_STYLES))}), "
                        f"got {_short(name)}.")
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
    points = check_array(X, "X", min_samples=0, copy=False)
    if points.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (the two features on the axes), got shape {points.shape}.")
    labels = check_numeric(y, "y", ndim=1, allow_empty=True, copy=False)
    check_consistent_length(points, labels, names=["X", "y"])
    for mask_name, mask in (("synthetic", synthetic), ("removed", removed)):
        if mask is not None:
            check_consistent_length(points, check_numeric(mask, mask_name, ndim=1, allow_empty=True, copy=False),
                                    names=["X", mask_name])
    if links is not None and len(links):
        pairs = check_numeric(links, "links", ndim=2, copy=False)
        if pairs.shape[1] != 2 or pairs.dtype.kind not in "iu" or pairs.min() < 0 or pairs.max() >= len(points):
            raise ValueError(f"links must be an (m, 2) array of row indices in [0, {len(points)}), got shape "
                             f"{pairs.shape}, dtype {pairs.dtype}. Pass the index pairs of the Tomek links.")
    if not (isinstance(legend, bool) or legend == "below"):
        raise ValueError(f"legend must be True, False or 'below', got {_short(legend)}.")
    _check_names(names)
    _check_ax(ax)
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


def plot_reliability_diagram(curves, *, ax=None):
    """A reliability diagram: per probability bin, the observed rate of positives against the mean prediction.

    ``curves`` maps a label to ``(prob_pred, prob_true)`` or ``(prob_pred, prob_true,
    counts)`` (for example from ``reliability_curve``); with counts, each point's area
    grows with the number of samples in its bin. The dotted diagonal is a perfectly
    calibrated model; points below it are over-confident about the positive class
    (predicted more often than it occurs). Returns the axes.
    """
    if not hasattr(curves, "items"):
        raise TypeError(f"curves must map a label to (prob_pred, prob_true[, counts]), got {_short(curves)}. "
                        "Pass a dict, e.g. {'model': reliability_curve(y, p)}.")
    for label, curve in curves.items():
        if isinstance(curve, (str, bytes)) or not hasattr(curve, "__len__") or len(curve) not in (2, 3):
            raise ValueError(f"curves[{label!r}] must be (prob_pred, prob_true) or (prob_pred, prob_true, counts), "
                             f"got {_short(curve)}.")
        pred, true = _check_curve(curve[0], curve[1], (f"curves[{label!r}][0]", f"curves[{label!r}][1]"))
        if len(curve) > 2:
            counts = check_numeric(curve[2], f"curves[{label!r}][2]", ndim=1, copy=False)
            check_consistent_length(pred, counts, names=[f"curves[{label!r}][0]", f"curves[{label!r}][2]"])
            if counts.min() < 0 or counts.max() <= 0:
                raise ValueError(f"curves[{label!r}][2] must hold bin counts >= 0, not all zero, got "
                                 f"{_short(counts.tolist())}.")
    _check_ax(ax)
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


def plot_curves(x, curves, *, ax=None, xlabel="", ylabel="", xscale="log", bands=None, ylim=None):
    """One line per named curve against a common x (training size, ratio kept, cost, ...).

    ``curves`` maps a name to its values at ``x``, in display order. A resampler's name
    (a key of :data:`SAMPLER_STYLES`) gets its style from :func:`sampler_style`; other
    names take distinct styles in turn (colour, marker and dash all differ). ``bands``,
    optional, maps a name to ``(low, high)`` arrays drawn as a light band around its line
    (for example the spread over seeds). On a log axis each x value gets its own tick label.
    Returns the axes.
    """
    grid = check_numeric(x, "x", ndim=1, copy=False)
    if not hasattr(curves, "items"):
        raise TypeError(f"curves must map a name to its values at x, got {_short(curves)}. "
                        "Pass a dict, e.g. {'SMOTE': [0.4, 0.5]}.")
    for name, values in curves.items():
        check_consistent_length(grid, check_numeric(values, f"curves[{name!r}]", ndim=1, allow_nonfinite=True,
                                                    copy=False), names=["x", f"curves[{name!r}]"])
    if bands is not None:
        if not hasattr(bands, "items"):
            raise TypeError(f"bands must map a name to (low, high), got {_short(bands)}.")
        for name, band in bands.items():
            if isinstance(band, (str, bytes)) or not hasattr(band, "__len__") or len(band) != 2:
                raise ValueError(f"bands[{name!r}] must be a (low, high) pair of arrays, got {_short(band)}.")
            for part, values in zip(("low", "high"), band):
                edge = check_numeric(values, f"bands[{name!r}] {part}", ndim=(0, 1), allow_nonfinite=True,
                                     copy=False)
                if edge.ndim:  # a scalar is a flat edge
                    check_consistent_length(grid, edge, names=["x", f"bands[{name!r}] {part}"])
    check_choice(xscale, "xscale", ("log", "linear", "symlog", "logit"))
    if xscale == "log" and grid.min() <= 0:
        raise ValueError(f"x must be > 0 on a log axis (xscale='log'), got a minimum of {float(grid.min())!r}. "
                         "Use xscale='linear' or positive x values.")
    if ylim is not None:
        if isinstance(ylim, (str, bytes)) or not hasattr(ylim, "__len__") or len(ylim) != 2:
            raise ValueError(f"ylim must be a (bottom, top) pair or None, got {_short(ylim)}.")
    _check_ax(ax)
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


#: Colours of classes 0, 1, 2, ... (Okabe-Ito blue, vermillion, sky blue, reddish purple, black, yellow).
CLASS_COLOURS = ["#0072B2", "#D55E00", "#56B4E9", "#CC79A7", "#000000", "#F0E442"]
#: Markers of classes 0, 1, 2, ...: the shape tells the classes apart without colour.
CLASS_MARKERS = ["s", "D", "P", "v", "X", "p"]


def multiclass_style(k):
    """Colour and marker of class index ``k`` in a multi-class figure."""
    check_int(k, "k", minimum=0, hint="Pass the class index 0, 1, 2, ...")
    return {"color": CLASS_COLOURS[k % len(CLASS_COLOURS)], "marker": CLASS_MARKERS[k % len(CLASS_MARKERS)]}


def quantile_levels(Z, reference=None, quantiles=(0.5, 0.8, 0.9, 0.95, 0.99)):
    """Contour levels that cut the scores ``Z`` at ``quantiles`` of ``reference`` (default: ``Z``'s own).

    One level below and one above every score close the outer bands, and the levels are made
    strictly increasing, as ``contourf`` needs, even when quantiles tie. Score maps on
    different scales then read alike: the darker the band, the rarer such a score.

    >>> quantile_levels([[0.0, 1.0], [2.0, 3.0]], quantiles=(0.5,)).round(6).tolist()
    [-1.0, 1.5, 4.0]
    """
    check_numeric(Z, "Z", ndim=(1, 2), copy=False)
    if reference is not None:
        check_numeric(reference, "reference", ndim=(1, 2), copy=False)
    cut_at = check_numeric(quantiles, "quantiles", ndim=1, copy=False)
    if cut_at.min() <= 0 or cut_at.max() >= 1:
        raise ValueError(f"quantiles must lie in (0, 1), got {_short(cut_at.tolist())}. "
                         "Pass levels such as (0.5, 0.9, 0.99).")
    Z = np.asarray(Z, dtype=float)
    reference = Z.ravel() if reference is None else np.asarray(reference, dtype=float)
    cuts = np.quantile(reference, quantiles)
    levels = np.r_[min(Z.min(), cuts[0]) - 1.0, cuts, max(Z.max(), cuts[-1]) + 1.0]
    return np.maximum.accumulate(levels + np.arange(levels.size) * 1e-12)  # strictly increasing


def legend_outside(ax, *, frameon=False):
    """The legend of ``ax`` to the right of it, top-aligned, in small type: the data keep the whole axes."""
    _check_ax(ax)
    if ax is None:
        raise TypeError("ax must be matplotlib axes, got None. Pass the axes whose legend goes outside.")
    return ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="x-small", frameon=frameon)
