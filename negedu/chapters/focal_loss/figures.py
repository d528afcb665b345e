"""Figures of the chapter ``focal-loss``.

matplotlib is imported inside the functions, through :mod:`negedu.plotting`.
"""

import numpy as np

from negedu.plotting import ACCENT, NEGATIVE, NEUTRAL, POSITIVE, SYNTHETIC, new_figure

__all__ = ['plot_loss_curves', 'plot_loss_shares', 'plot_method_aps', 'plot_grid_heatmap', 'plot_detection_image']


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


def plot_method_aps(results, *, ax=None, xlabel="average precision on held-out images"):
    """One horizontal bar per method at its mean, with each seed's value as a dot and a bar of ± one sd.

    ``results`` maps a method's name to its values (one per seed), in display order (top first).
    Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=6.4, height=0.6 + 0.5 * len(results))
    y = np.arange(len(results))[::-1]
    for yy, (name, values) in zip(y, results.items()):
        values = np.asarray(values, dtype=float)
        colour = ACCENT if "focal" in name else NEUTRAL
        ax.barh(yy, values.mean(), height=0.6, color=colour, alpha=0.55)
        ax.errorbar(values.mean(), yy, xerr=values.std(ddof=1) if values.size > 1 else 0, color="black",
                    capsize=3, linewidth=1)
        ax.plot(values, np.full(values.size, yy), "o", color="black", markersize=3)
    ax.set_yticks(y, list(results), fontsize="small")
    ax.set_xlabel(xlabel)
    ax.set_xlim(0, None)
    ax.grid(True, axis="x", alpha=0.3)
    return ax


def plot_grid_heatmap(rows, columns, values, *, ax=None, row_label="γ", column_label="α", fmt="{:.3f}"):
    """A table of numbers as a heatmap: ``values[i, j]`` for row ``rows[i]`` and column ``columns[j]``, written in.

    The largest value is outlined. Returns the axes.
    """
    from matplotlib.patches import Rectangle

    if ax is None:
        _, ax = new_figure(width=4.4, height=3.8)
    values = np.asarray(values, dtype=float)
    image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=np.nanmin(values), vmax=np.nanmax(values))
    middle = 0.5 * (np.nanmin(values) + np.nanmax(values))
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            ax.text(j, i, fmt.format(values[i, j]), ha="center", va="center", fontsize="small",
                    color="white" if values[i, j] > middle else "black")
    best = np.unravel_index(np.nanargmax(values), values.shape)
    ax.add_patch(Rectangle((best[1] - 0.5, best[0] - 0.5), 1, 1, fill=False, edgecolor=POSITIVE, linewidth=2.5))
    ax.set_xticks(range(len(columns)), [f"{c:g}" for c in columns])
    ax.set_yticks(range(len(rows)), [f"{r:g}" for r in rows])
    ax.set_xlabel(column_label)
    ax.set_ylabel(row_label)
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    return ax


def plot_detection_image(signal, position, kind, *, start, stop, half, ax=None):
    """A stretch of one 1-D image of the dense-detection problem, with its anchors marked by kind.

    ``signal`` is the image's padded signal; ``position`` and ``kind`` those of its anchors (codes of
    :data:`negedu.datasets.DETECTION_KINDS`); anchor ``j`` is centred on ``signal[j + half]``. Draws
    the signal from anchor ``start`` to ``stop`` and, under it, a tick per positive anchor (green), per
    negative overlapping an object (orange) and per negative on a distractor (hatched orange).
    Returns the axes.
    """
    if ax is None:
        _, ax = new_figure(width=7.2, height=2.8)
    x = np.arange(start, stop)
    ax.plot(x, signal[x + half], color=NEUTRAL, linewidth=1.2, label="signal")
    bottom = float(signal[x + half].min()) - 0.6
    looks = {1: ("positive anchors (object)", POSITIVE, "|"), 2: ("negative anchors overlapping it", NEGATIVE, "|"),
             3: ("anchors on a look-alike (negative)", "#000000", "x")}
    inside = (position >= start) & (position < stop)
    for code, (label, colour, marker) in looks.items():
        chosen = inside & (kind == code)
        if chosen.any():
            ax.plot(position[chosen], np.full(chosen.sum(), bottom), marker, color=colour, markersize=8, label=label,
                    linestyle="none")
    ax.set_xlabel("anchor (position in the image)")
    ax.set_ylabel("signal")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="x-small", loc="upper right", frameon=True)
    return ax
