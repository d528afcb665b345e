"""Figures of the chapter ``focal-loss``.

matplotlib is imported inside the functions, through :mod:`negedu.plotting`.
"""

import numpy as np

from negedu.plotting import ACCENT, NEGATIVE, NEUTRAL, POSITIVE, SYNTHETIC, new_figure

__all__ = ['plot_loss_curves', 'plot_loss_shares']


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
