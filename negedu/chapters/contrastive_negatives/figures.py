"""Figures of the chapter "Negatives we construct".

matplotlib is imported inside the functions, through :mod:`negedu.plotting`, so importing
this module stays light. The anchor's class is drawn in the positive style (green
triangles) and the other classes in the negative style (orange circles), as on every page.
"""

import numpy as np

from negedu.plotting import ACCENT, NEGATIVE, NEUTRAL, POSITIVE, class_style, legend_outside, new_figure

__all__ = ["plot_noise_powers", "plot_similarity_matrix", "plot_triplet_regions", "plot_label_noise_shares",
           "plot_embedding", "plot_sweep"]


def plot_noise_powers(counts, powers=(1.0, 0.75, 0.5, 0.0), *, ax=None):
    """Probability of each word (ranked by frequency) under count**power, one line per power, log-log.

    Returns the axes.
    """
    from negedu.contrastive import noise_distribution

    if ax is None:
        _, ax = new_figure()
    counts = np.sort(np.asarray(counts, dtype=float))[::-1]
    rank = np.arange(1, counts.size + 1)
    looks = [(NEUTRAL, "-"), (ACCENT, "-"), (POSITIVE, "--"), (NEGATIVE, ":")]
    for (colour, dash), power in zip(looks * 2, powers):
        name = {1.0: "unigram (power 1)", 0.0: "uniform (power 0)"}.get(float(power), f"power {power:g}")
        ax.plot(rank, noise_distribution(counts, power), color=colour, linestyle=dash,
                linewidth=2.4 if power == 0.75 else 1.5, label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("word rank (1 = most frequent)")
    ax.set_ylabel("probability of being drawn as a negative")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small", frameon=True)
    return ax


def plot_similarity_matrix(logits, targets, *, ax=None, temperature=None):
    """SimCLR's 2N x 2N matrix of cosine similarities: positives boxed, the diagonal greyed out.

    ``logits`` and ``targets`` come from :func:`negedu.contrastive.nt_xent_logits`; pass the
    ``temperature`` used to show cosines rather than logits. Returns the axes.
    """

    if ax is None:
        _, ax = new_figure(width=4.8, height=4.2)
    S = np.array(logits, dtype=float)
    if temperature is not None:
        S = S * temperature
    n2 = S.shape[0]
    shown = np.ma.masked_invalid(S)
    image = ax.imshow(shown, cmap="cividis", vmin=-1 if temperature is not None else None,
                      vmax=1 if temperature is not None else None)
    image.cmap.set_bad("#dddddd")
    for i, j in enumerate(np.asarray(targets)):
        ax.add_patch(_square(j, i, POSITIVE))
    ax.set_xticks(range(n2), [f"{'a' if k < n2 // 2 else 'b'}{k % (n2 // 2) + 1}" for k in range(n2)], fontsize="x-small")
    ax.set_yticks(range(n2), [f"{'a' if k < n2 // 2 else 'b'}{k % (n2 // 2) + 1}" for k in range(n2)], fontsize="x-small")
    ax.set_xlabel("candidate view")
    ax.set_ylabel("view")
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="cosine similarity" if temperature is not None else "logit")
    return ax


def _square(x, y, colour):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.5, y - 0.5), 1, 1, fill=False, edgecolor=colour, linewidth=2.2)


def plot_triplet_regions(E, same, anchor, positive, margin, *, squared=True, selected=None, mislabelled=None,
                         ax=None, legend=True):
    """An anchor, its positive and the negatives, with the hard / semi-hard / easy regions as rings.

    ``E`` holds 2-D embeddings, ``same`` is True for the anchor's class. The inner circle has
    radius d(a, p) (inside: hard negatives), the outer radius d(a, p) + margin (between the
    two: semi-hard; outside: easy), in the distance chosen by ``squared``. ``selected`` lists
    negatives to ring in blue; ``mislabelled`` marks points with a cross. Returns the axes.
    """
    from matplotlib.patches import Circle

    if ax is None:
        _, ax = new_figure(width=4.8, height=4.2)
    E = np.asarray(E, dtype=float)
    same = np.asarray(same, dtype=bool)
    a, p = E[anchor], E[positive]
    d_ap = float(np.sum((a - p) ** 2))
    radii = (np.sqrt(d_ap), np.sqrt(d_ap + margin)) if squared else (np.sqrt(d_ap), np.sqrt(d_ap) + margin)
    ax.add_patch(Circle(a, radii[1], facecolor="#56B4E9", alpha=0.15, edgecolor=ACCENT, linestyle="--", linewidth=1))
    ax.add_patch(Circle(a, radii[0], facecolor="#D55E00", alpha=0.12, edgecolor="#D55E00", linewidth=1))
    for label, members in ((0, ~same), (1, same)):
        style = class_style(label)
        ax.plot(*E[members].T, linestyle="none", marker=style["marker"], color=style["color"], markersize=6,
                alpha=0.85, markeredgewidth=0,
                label="anchor's class" if label == 1 else "other classes (negatives)")
    ax.plot(*a, marker="*", color="#000000", markersize=14, linestyle="none", label="anchor")
    ax.plot(*p, marker="^", markerfacecolor="none", markeredgecolor="#000000", markersize=12, linestyle="none",
            label="positive")
    if selected is not None and len(selected):
        ax.plot(*E[np.asarray(selected)].T, linestyle="none", marker="o", markersize=13, markerfacecolor="none",
                markeredgecolor=ACCENT, markeredgewidth=2, label="selected negative(s)")
    if mislabelled is not None and np.any(mislabelled):
        ax.plot(*E[np.asarray(mislabelled, dtype=bool)].T, linestyle="none", marker="x", color=NEUTRAL,
                markersize=7, label="mislabelled")
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("embedding dimension 1")
    ax.set_ylabel("embedding dimension 2")
    if legend:
        legend_outside(ax, frameon=True)
    return ax


def plot_label_noise_shares(names, shares, base_rate, *, ax=None):
    """Bars: the share of mislabelled points among the negatives each strategy picks, against the base rate."""

    if ax is None:
        _, ax = new_figure(width=6.0, height=3.4)
    x = np.arange(len(names))
    bars = ax.bar(x, shares, color=[NEGATIVE if s <= base_rate * 1.5 else ACCENT for s in shares], width=0.6)
    for bar, s in zip(bars, shares):
        ax.text(bar.get_x() + bar.get_width() / 2, s + 0.01, f"{s:.0%}", ha="center", va="bottom", fontsize="small")
    ax.axhline(base_rate, color=NEUTRAL, linestyle="--", linewidth=1.2, label=f"share of flipped labels ({base_rate:.0%})")
    ax.set_xticks(x, names)
    ax.set_ylabel("mislabelled among the chosen negatives")
    ax.set_ylim(0, max(max(shares), base_rate) * 1.25 + 0.02)
    ax.legend(fontsize="small", frameon=True)
    return ax


def plot_embedding(points, labels, *, ax=None, title=None):
    """The 2-D view (PCA) of an embedding of the held-out digits, one colour and digit per class."""
    import matplotlib

    if ax is None:
        _, ax = new_figure(width=5.0, height=4.2)
    points = np.asarray(points, dtype=float)
    cmap = matplotlib.colormaps["tab10"]
    for digit in range(10):
        mine = np.asarray(labels) == digit
        ax.scatter(points[mine, 0], points[mine, 1], s=9, color=cmap(digit), alpha=0.7, label=str(digit))
        centre = np.median(points[mine], axis=0)
        ax.text(centre[0], centre[1], str(digit), fontsize="large", fontweight="bold", ha="center", va="center",
                color="black", bbox={"boxstyle": "circle,pad=0.15", "fc": "white", "ec": cmap(digit), "alpha": 0.85})
    ax.set_xlabel("first principal component")
    ax.set_ylabel("second principal component")
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize="medium")
    return ax


def plot_sweep(settings, means, sds, *, baselines=(), xlabel, ylabel="5-NN accuracy, digits moved by one pixel",
               logx=False, labels=("",), ax=None):
    """Accuracy against a setting: one line with error bars (mean +- sd over seeds) per series, dashed baselines.

    ``means`` and ``sds`` are lists of series (one list per label); ``baselines`` is a list of
    ``(name, value)`` drawn as horizontal lines.
    """
    if ax is None:
        _, ax = new_figure(width=6.4, height=3.6)
    looks = [ACCENT, POSITIVE, NEGATIVE]
    for (series_mean, series_sd, label, colour) in zip(means, sds, labels, looks):
        ax.errorbar(settings, series_mean, yerr=series_sd, marker="o", color=colour, capsize=3, label=label or None)
    for (name, value), dash in zip(baselines, ["--", ":", "-."]):
        ax.axhline(value, color=NEUTRAL, linestyle=dash, linewidth=1.2, label=name)
    if logx:
        ax.set_xscale("log")
    ax.set_xticks(settings, [f"{s:g}" for s in settings])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small", frameon=True)
    return ax
