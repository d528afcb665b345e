"""Figures of the case study "Card fraud, start to finish".

matplotlib is imported inside the functions, through :mod:`negedu.plotting`, so importing this
module stays light. Fraud is the positive class (green triangles), legitimate payments the
negative class (orange circles); the decision rule is drawn in the accent blue.
"""

import numpy as np

from negedu.plotting import ACCENT, NEUTRAL, class_style, new_figure, plot_curves

__all__ = ["plot_transactions", "plot_fraud_costs"]


def plot_transactions(amount, p, y, *, review_cost=None, ax=None, max_negatives=3000, names=("legitimate", "fraud")):
    """Payments by amount (x, log scale) and the model's probability of fraud (y, log scale).

    Legitimate payments (``y == 0``) are orange circles (at most ``max_negatives`` of them,
    the first ones, so the picture stays light), frauds green triangles. With ``review_cost``
    ``R``, the cost-sensitive rule "flag when ``p >= R / amount``" is drawn as a blue
    curve: every payment above it is flagged. Returns the axes.
    """

    if ax is None:
        _, ax = new_figure(width=4.8, height=3.6)
    amount, p, y = np.asarray(amount, dtype=float), np.asarray(p, dtype=float), np.asarray(y)
    p = np.clip(p, 1e-6, 1.0)
    for label, size in ((0, 2.5), (1, 6.0)):
        style = class_style(label)
        rows = np.flatnonzero(y == label)
        if label == 0:
            rows = rows[:max_negatives]
        ax.plot(amount[rows], p[rows], linestyle="none", marker=style["marker"], color=style["color"],
                markersize=size, alpha=0.5 if label == 0 else 0.9, markeredgewidth=0.3 if label else 0,
                markeredgecolor="black", label=f"{names[label]} ({int((y == label).sum())})", zorder=3 if label else 2)
    if review_cost is not None:
        grid = np.geomspace(review_cost, amount.max(), 200)
        ax.plot(grid, review_cost / grid, color=ACCENT, linewidth=2.0,
                label=f"flag above: p = R / amount, R = {review_cost:g}", zorder=4)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(1e-6, 1.5)
    ax.set_xlabel("amount (EUR)")
    ax.set_ylabel("probability of fraud")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="x-small", frameon=True, loc="lower left")
    return ax


def plot_fraud_costs(period, probas, review_cost, review_costs, *, current=None, n_days=1, width=8.0, height=3.4):
    """Two panels: the payments of ``period`` under the current method, and cost per day against R.

    ``period`` has ``amount`` and ``y``; ``probas`` maps a method to its calibrated
    probabilities on ``period``. Left: :func:`plot_transactions` for ``current`` at
    ``review_cost``. Right: total cost per day (missed fraud amounts plus ``R`` per alert,
    divided by ``n_days``) against each review cost of ``review_costs``, one line per method
    (``current`` thick), the current review cost marked by a dotted line. Returns the figure.
    """

    fig, (left, right) = new_figure(2, width=width, height=height)
    current = current or next(iter(probas))
    plot_transactions(period.amount, probas[current], period.y, review_cost=review_cost, ax=left)
    left.set_title(f"{current}: review costs {review_cost:g} EUR", fontsize="small")
    curves = {}
    for name, p in probas.items():
        costs = []
        for R in review_costs:
            flags = p * period.amount >= R
            lost = period.amount[(period.y == 1) & ~flags].sum()
            costs.append((lost + R * flags.sum()) / n_days)
        curves[name] = costs
    plot_curves(review_costs, curves, ax=right, xlabel="cost of reviewing one alert (EUR)",
                ylabel="total cost per day (EUR)")
    for line in right.get_lines():  # the chosen method drawn thick
        if line.get_label() == current:
            line.set_linewidth(3.2)
            line.set_zorder(5)
    right.axvline(review_cost, color=NEUTRAL, linestyle=":", linewidth=1.2)
    return fig
