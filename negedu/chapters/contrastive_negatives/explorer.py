"""Explorers of Chapter 15, "Negatives we construct".

``contrastive-negatives/mining``: on a small 2-D embedding (4 classes of 12 points), pick the
margin, the mining strategy and whether 10 % of the labels are flipped; see which negatives the
strategy selects for one anchor, the batch loss, and how many of the selected negatives are
mislabelled points. Every number is computed by :mod:`negedu.contrastive`.
"""

from functools import lru_cache

import numpy as np

from negedu.contrastive import batch_all_triplets, batch_hard_triplets, negative_difficulty, pairwise_distances, semi_hard_triplets
from negedu.interactive import Explorer, Param, register
from . import figures

__all__ = ["mining_explorer", "mining_batch", "mining_numbers", "ANCHOR", "PAIR_POSITIVE", "training_explorer",
           "training_numbers"]

#: The anchor shown in the figure, and the positive of its fixed (anchor, positive) pair.
ANCHOR, PAIR_POSITIVE = 0, 1
STRATEGIES = ["semi-hard", "batch-hard", "batch-all"]
_MINERS = {"semi-hard": semi_hard_triplets, "batch-hard": batch_hard_triplets, "batch-all": batch_all_triplets}


@lru_cache(maxsize=4)
def mining_batch(label_noise):
    """The explorer's batch: embeddings, observed labels, true labels and the flipped mask.

    48 points in 4 classes around the corners of a square (s.d. 0.45), seed 3; with
    ``label_noise`` > 0 that share of the points (chosen at random, never the anchor or
    its positive) get another class's label.
    """
    rng = np.random.RandomState(3)
    y_true = np.repeat(np.arange(4), 12)
    centres = np.array([[0.0, 0.0], [1.6, 0.0], [0.0, 1.6], [1.6, 1.6]])
    E = centres[y_true] + 0.45 * rng.standard_normal((48, 2))
    E[ANCHOR], E[PAIR_POSITIVE] = [0.1, 0.2], [-0.35, -0.3]
    flipped = np.zeros(48, dtype=bool)
    n_flip = int(round(label_noise * 48))
    if n_flip:
        candidates = np.arange(2, 48)
        flipped[rng.choice(candidates, size=n_flip, replace=False)] = True
    y = y_true.copy()
    y[flipped] = (y_true[flipped] + 1 + rng.randint(0, 3, size=flipped.sum())) % 4
    return E, y, y_true, flipped


def _selected(E, y, margin, mining):
    """Triplets chosen by a strategy for the whole batch, and the anchor's shown positive and negatives."""
    kwargs = {"only_active": True} if mining == "batch-all" else {}
    a, p, n = _MINERS[mining](E, y, margin=margin, **kwargs)
    if mining == "batch-hard":
        mine = a == ANCHOR
        positive = int(p[mine][0])
    else:
        mine = (a == ANCHOR) & (p == PAIR_POSITIVE)
        positive = PAIR_POSITIVE
    return (a, p, n), positive, np.unique(n[mine])


def mining_numbers(margin, mining, label_noise):
    """Regions of the anchor's negatives, the strategy's batch loss and its share of mislabelled negatives."""
    E, y, _, flipped = mining_batch(label_noise)
    D = pairwise_distances(E)
    (a, p, n), positive, chosen = _selected(E, y, margin, mining)
    negatives = np.flatnonzero(y != y[ANCHOR])
    kinds = negative_difficulty(D[ANCHOR, positive], D[ANCHOR, negatives], margin)
    losses = np.maximum(D[a, p] - D[a, n] + margin, 0.0)
    return {
        "hard negatives of the anchor": int(np.sum(kinds == "hard")),
        "semi-hard": int(np.sum(kinds == "semi-hard")),
        "easy": int(np.sum(kinds == "easy")),
        "negatives selected for the anchor": int(chosen.size),
        "triplets used in the batch": int(a.size),
        "batch loss": float(losses.mean()) if losses.size else 0.0,
        "mislabelled among selected negatives": float(flipped[n].mean()) if n.size else 0.0,
    }


def _draw(margin, mining, label_noise):
    from negedu import plotting

    E, y, _, flipped = mining_batch(label_noise)
    _, positive, chosen = _selected(E, y, margin, mining)
    fig, ax = plotting.new_figure(width=8.0, height=3.6)
    figures.plot_triplet_regions(E, y == y[ANCHOR], ANCHOR, positive, margin, selected=chosen,
                                  mislabelled=flipped if label_noise else None, ax=ax)
    ax.set_title(f"{mining}, margin {margin:g}", fontsize="medium")
    return fig


def _describe(values, nums):
    return (
        f"{values['mining']} mining with margin {values['margin']:g} and {values['label_noise']:.0%} flipped labels: "
        f"the anchor has {nums['hard negatives of the anchor']} hard, {nums['semi-hard']} semi-hard and "
        f"{nums['easy']} easy negatives; {nums['negatives selected for the anchor']} are selected for it. "
        f"Over the batch, {nums['mislabelled among selected negatives']:.0%} of the selected negatives are mislabelled."
    )


@register("contrastive-negatives/mining")
def mining_explorer():
    """Chapter 15: which negatives do semi-hard, batch-hard and batch-all mining pick?"""
    return Explorer(
        "contrastive-negatives/mining",
        [
            Param("margin", [0.1, 0.25, 0.5, 1.0, 2.0], label="Margin α", fmt="{:g}", initial=0.5),
            Param("mining", STRATEGIES, label="Mining", initial="semi-hard"),
            Param("label_noise", [0.0, 0.1], label="Flipped labels", fmt="{:.0%}", initial=0.0),
        ],
        numbers=mining_numbers,
        draw=_draw,
        describe=_describe,
        formats={"batch loss": "{:.3f}", "mislabelled among selected negatives": "{:.0%}"},
        title="Mining negatives for a triplet loss",
    )


# ------------------------------------------------------------------------------ trained encoders
TRAINING_METHODS = ["SimCLR", "MoCo"]


def _training_run(method, size, temperature):
    from .runs import find_runs

    if method == "SimCLR":
        settings = {"kind": "simclr", "batch_size": size, "tau_plus": 0.0}
    else:
        settings = {"kind": "moco", "queue_size": 2 * size}
    (run,) = find_runs(seed=0, temperature=temperature, **settings)
    return run["result"]


def training_numbers(method, size, temperature):
    """The committed scores of one run (seed 0), beside the raw pixels'."""
    from .runs import find_runs

    result = _training_run(method, size, temperature)
    (pixels,) = find_runs(kind="pixels")
    return {
        "negatives per query": 2 * size - 2 if method == "SimCLR" else 2 * size,
        "5-NN accuracy": result["knn"],
        "5-NN accuracy, moved digits": result["knn_shifted"],
        "linear probe, moved digits": result["probe_shifted"],
        "raw pixels: 5-NN, moved digits": pixels["result"]["knn_shifted"],
    }


def _draw_training(method, size, temperature):
    from negedu import plotting
    from .runs import digits_split

    fig, ax = plotting.new_figure(width=5.6, height=4.4)
    figures.plot_embedding(_training_run(method, size, temperature)["embedding"], digits_split().y_test, ax=ax,
                           title=f"{method}, {'batch' if method == 'SimCLR' else 'queue'} "
                                 f"{size if method == 'SimCLR' else 2 * size}, temperature {temperature:g}")
    return fig


def _describe_training(values, nums):
    return (f"{values['method']} with {nums['negatives per query']} negatives per query at temperature "
            f"{values['temperature']:g}: the 600 held-out digits in the first two principal components of the "
            f"16-D embedding. 5-NN accuracy {nums['5-NN accuracy']:.1%} on the digits as they are and "
            f"{nums['5-NN accuracy, moved digits']:.1%} on the digits moved by one pixel (raw pixels: "
            f"{nums['raw pixels: 5-NN, moved digits']:.1%}).")


@register("contrastive-negatives/training")
def training_explorer():
    """Chapter 15: encoders trained with SimCLR's batch or MoCo's queue, by size and temperature."""
    return Explorer(
        "contrastive-negatives/training",
        [
            Param("method", TRAINING_METHODS, label="Negatives from", initial="SimCLR"),
            Param("size", [8, 32, 128], label="Batch N (SimCLR) / queue 2N (MoCo)", fmt="{:d}", initial=128),
            Param("temperature", [0.05, 0.2, 1.0], label="Temperature τ", fmt="{:g}", initial=0.2),
        ],
        numbers=training_numbers,
        draw=_draw_training,
        describe=_describe_training,
        formats={key: "{:.1%}" for key in ["5-NN accuracy", "5-NN accuracy, moved digits",
                                           "linear probe, moved digits", "raw pixels: 5-NN, moved digits"]},
        title="Encoders trained with constructed negatives",
    )
