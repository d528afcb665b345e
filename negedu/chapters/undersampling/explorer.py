"""Explorers of Chapter 5, "Undersampling the negative class".

One 2-D data set (the apples and oranges of chapter 1, 30 apples and 270 oranges, both
features standardised) and every under-sampler of the chapter: which negatives does each one
remove, how does k change that, and what happens when three oranges carry the wrong label?
Every number is computed by :mod:`negedu.resampling`.
"""

import warnings
from functools import lru_cache

import numpy as np

from negedu.datasets import standardised_basket
from negedu.neighbors import kneighbors
from negedu.resampling import edited_nearest_neighbours, near_miss, random_under_sample, tomek_links
from negedu.interactive import Explorer, Param, register
from . import figures

__all__ = ["resample", "METHODS", "undersampling_explorer_numbers", "undersampling_explorer"]

#: How many oranges the "mislabelled" data set calls apples.
N_MISLABELLED = 3
#: The samplers of the explorer, in the order of the drop-down.
METHODS = ["random", "Tomek links", "NearMiss-1", "NearMiss-2", "NearMiss-3", "ENN (all)", "ENN (mode)"]
#: The seed of random under-sampling in the explorer and the chapter.
RANDOM_STATE = 42


def resample(method, X, y, n_neighbors=3):
    """The rows one of the chapter's samplers keeps (``sample_indices``), with ``sampling_strategy="auto"``.

    ``method`` is one of :data:`METHODS`. ``n_neighbors`` is NearMiss's ``n_neighbors`` (and,
    for NearMiss-3, also ``n_neighbors_ver3``) and ENN's ``n_neighbors``; random
    under-sampling (seed :data:`RANDOM_STATE`) and Tomek links do not use it. NearMiss-3's
    warning that it cannot balance is silenced here: the explorer shows the counts instead.

    >>> basket = standardised_basket()
    >>> len(resample("NearMiss-1", basket.X, basket.y)), len(resample("Tomek links", basket.X, basket.y))
    (60, 296)
    """
    if method == "random":
        return random_under_sample(X, y, random_state=RANDOM_STATE)[2]
    if method == "Tomek links":
        return tomek_links(X, y)[2]
    if method.startswith("NearMiss-"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return near_miss(X, y, version=int(method[-1]), n_neighbors=n_neighbors, n_neighbors_ver3=n_neighbors)[2]
    if method in ("ENN (all)", "ENN (mode)"):
        kind_sel = "all" if method == "ENN (all)" else "mode"
        return edited_nearest_neighbours(X, y, n_neighbors=n_neighbors, kind_sel=kind_sel)[2]
    raise ValueError(f"method must be one of {METHODS}, got {method!r}.")


LABELS = ["clean", f"{N_MISLABELLED} oranges mislabelled"]


@lru_cache(maxsize=4)
def _basket(labels):
    return standardised_basket(mislabelled=N_MISLABELLED if labels == LABELS[1] else 0)


@lru_cache(maxsize=4)
def _next_to_mislabelled(labels):
    """Rows of the oranges among the 3 nearest other samples of a mislabelled apple."""
    basket = _basket(labels)
    if basket.mislabelled.size == 0:
        return np.empty(0, dtype=np.int64)
    near = kneighbors(basket.X, basket.X[basket.mislabelled], 4)[:, 1:]  # (3, 3), self dropped
    near = np.unique(near)
    return near[basket.y[near] == 0]


def undersampling_explorer_numbers(method, n_neighbors, labels):
    """Negatives kept and removed, positives kept, IR before and after, and where the kept negatives lie."""
    basket = _basket(labels)
    y = basket.y
    kept = resample(method, basket.X, y, n_neighbors)
    kept_neg = kept[y[kept] == 0]
    n_neg, n_pos = int(np.sum(y == 0)), int(np.sum(y == 1))
    pos_kept = int(np.sum(y[kept] == 1))
    return {
        "negatives kept": int(kept_neg.size),
        "negatives removed": n_neg - int(kept_neg.size),
        "positives kept": pos_kept,
        "IR before": n_neg / n_pos,
        "IR after": kept_neg.size / pos_kept,
        "kept negatives on the apple side": int(np.sum(basket.apple_side[kept_neg])),
        "kept negatives next to a mislabelled apple": int(np.isin(kept_neg, _next_to_mislabelled(labels)).sum()),
    }


def _draw(method, n_neighbors, labels):
    basket = _basket(labels)
    kept = resample(method, basket.X, basket.y, n_neighbors)
    nums = undersampling_explorer_numbers(method, n_neighbors, labels)
    import matplotlib.pyplot as plt

    # A fixed layout (not new_figure's constrained one, which would double the rendering time).
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.0, 3.4), gridspec_kw=dict(
        left=0.075, right=0.985, bottom=0.25, top=0.91, wspace=0.2))
    for ax, removed in ((left, "hollow"), (right, "hide")):
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_xlim(-2.4, 4.0)
        ax.set_ylim(-3.3, 3.0)
        figures.plot_resampling(basket.X, basket.y, kept, ax=ax, removed=removed, boundary=basket.boundary,
                                 highlight=basket.mislabelled, highlight_label="mislabelled", size=9, legend=False)
        ax.set_xlabel("redness (standardised)")
    left.set_ylabel("diameter (standardised)")
    left.set_title(f"{method}: {nums['negatives removed']} negatives removed", fontsize="medium")
    right.set_title(f"what the model sees: IR {nums['IR after']:.2f}", fontsize="medium")
    handles, texts = left.get_legend_handles_labels()
    fig.legend(handles, texts, loc="lower center", ncol=len(texts), fontsize="x-small", frameon=False)
    return fig


def _describe(values, nums):
    method, k = values["method"], values["n_neighbors"]
    uses_k = method not in ("random", "Tomek links")
    text = (
        f"{method}{f' with k = {k}' if uses_k else ''} on the {values['labels']} basket keeps "
        f"{nums['negatives kept']} of {nums['negatives kept'] + nums['negatives removed']} negatives and "
        f"{nums['positives kept']} positives: the imbalance ratio goes from {nums['IR before']:.2f} to "
        f"{nums['IR after']:.2f}. {nums['kept negatives on the apple side']} of the kept negatives lie on the "
        "apple side of the best boundary"
    )
    if values["labels"] != LABELS[0]:
        text += f", {nums['kept negatives next to a mislabelled apple']} next to a mislabelled apple"
    text += "."
    if not uses_k:
        text += f" {'Random under-sampling' if method == 'random' else 'Tomek links'} do not use k."
    return text


@register("undersampling/methods")
def undersampling_explorer():
    """Chapter 5: which negatives does each under-sampler remove, for each k, with clean or noisy labels?"""
    return Explorer(
        "undersampling/methods",
        [
            Param("method", METHODS, label="Method", initial="NearMiss-1"),
            Param("n_neighbors", [1, 3, 5, 7], label="k (n_neighbors)", fmt="{:d}", initial=3),
            Param("labels", LABELS, label="Labels", initial=LABELS[0]),
        ],
        numbers=undersampling_explorer_numbers,
        draw=_draw,
        describe=_describe,
        formats={"IR before": "{:.2f}", "IR after": "{:.2f}"},
        title="Which negatives does each under-sampler remove?",
    )
