"""Figures of the chapter ``cost-sensitive``.

matplotlib is imported inside the functions, through :mod:`negedu.plotting`.
"""

import numpy as np

from negedu.plotting import ACCENT, NEGATIVE, NEUTRAL, POSITIVE, SYNTHETIC, class_style, new_figure

__all__ = ['plot_decision_costs', 'plot_cost_boundaries', 'plot_cost_curves']


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
