r"""Explorers of Chapter 6, "Oversampling and the geometry of SMOTE".

One small basket (20 apples among 120 oranges, both features standardised) goes through
each over-sampler of the chapter; the explorer shows *how* the new apples are made (the
segments SMOTE interpolates along, the danger set of Borderline-SMOTE, the copies of
random over-sampling, ADASYN's share per apple) and *where* they land. Every number is
computed by :mod:`negedu.resampling` (the danger set and ADASYN's shares by the kernels the
samplers themselves call, :func:`~negedu.resampling.borderline_danger` and
:func:`~negedu.resampling.adasyn_allocation`) and :func:`negedu.neighbors.kneighbors`.

>>> from negedu.interactive import get_explorer
>>> nums = get_explorer("smote-geometry/samplers").numbers(sampler="SMOTE", k=5)
>>> nums["apples before"], nums["new points"], nums["apples after"]
(20, 100, 120)
"""

from functools import lru_cache

import numpy as np

from negedu.datasets import Bunch, standardised_basket
from negedu.neighbors import kneighbors
from negedu.resampling import (
    adasyn,
    adasyn_allocation,
    borderline_danger,
    borderline_smote,
    random_over_sample,
    smote,
)
from negedu.interactive import Explorer, Param, register
from . import figures

__all__ = [
    "SAMPLERS",
    "K_VALUES",
    "M_NEIGHBORS",
    "small_basket",
    "oversample_geometry",
    "sampler_numbers",
    "samplers_explorer",
]

#: The over-samplers of the explorer, as shown in its drop-down.
SAMPLERS = ["random", "SMOTE", "Borderline-1", "Borderline-2", "ADASYN"]
#: The values of k on the explorer's slider.
K_VALUES = [1, 3, 5, 7]
#: Borderline-SMOTE's m: neighbours in the whole basket that decide whether an apple is in danger.
M_NEIGHBORS = 10
#: Seed of the chapter's small basket, and seed of every sampler.
BASKET_SEED = 36
SAMPLER_SEED = 0


@lru_cache(maxsize=1)
def small_basket():
    """The chapter's small basket: 20 apples and 120 oranges, both features standardised.

    :func:`negedu.datasets.standardised_basket` with 140 fruit, 6 oranges per apple and seed
    ``BASKET_SEED``: each feature minus its mean, divided by its (population) standard
    deviation over the whole basket, so a unit of redness and a unit of diameter weigh the
    same in a distance. Returns a Bunch with ``X`` (standardised), ``y``, ``mean`` and
    ``scale``.
    """
    basket = standardised_basket(random_state=BASKET_SEED, n_samples=140, imbalance_ratio=6)
    return Bunch(X=basket.X, y=basket.y, mean=basket.mean, scale=basket.scale)


def _segments(starts, ends):
    return np.stack([starts, ends], axis=1)  # (n, 2 points, 2 features)


def oversample_geometry(X, y, sampler, k, *, m_neighbors=M_NEIGHBORS, random_state=SAMPLER_SEED):
    r"""Run one of the chapter's over-samplers on binary ``(X, y)`` and collect what its picture shows.

    ``sampler`` is one of :data:`SAMPLERS`; ``k`` is ``k_neighbors`` (``n_neighbors`` for
    ADASYN; ignored by random over-sampling). The classes are balanced
    (``sampling_strategy="auto"``). Returns a Bunch with ``X_new`` (the new rows, as the
    sampler returned them), ``segments`` and ``cross_segments`` (the segments the new
    points come from; for Borderline-SMOTE-2 the segments towards an orange are cut at
    half-way, the farthest a new point can reach), ``danger`` and ``noise`` (masks over
    ``X``, only for Borderline-SMOTE, else None), ``counts`` (copies per row for random
    over-sampling, :math:`g_i` per row for ADASYN, else None) and ``nearest_label`` (the
    label of each new point's nearest original sample).
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    n = y.size
    apples = np.flatnonzero(y == 1)
    X_min = X[apples]
    segments = cross_segments = danger = noise = counts = None
    if sampler == "random":
        X_res, _, sample_indices = random_over_sample(X, y, random_state=random_state)
        counts = np.bincount(sample_indices[n:], minlength=n)
    elif sampler == "SMOTE":
        X_res, _ = smote(X, y, k_neighbors=k, random_state=random_state)
        neighbor_idx = kneighbors(X_min, X_min, k + 1)[:, 1:]  # (n_min, k) into X_min
        segments = _segments(np.repeat(X_min, k, axis=0), X_min[neighbor_idx.ravel()])
    elif sampler in ("Borderline-1", "Borderline-2"):
        kind = "borderline-" + sampler[-1]
        X_res, _ = borderline_smote(X, y, k_neighbors=k, m_neighbors=m_neighbors, kind=kind,
                                    random_state=random_state)
        status = borderline_danger(X, y, label=1, m_neighbors=m_neighbors)
        danger, noise = status.danger, status.noise
        X_danger = X[danger]
        if kind == "borderline-1":
            neighbor_idx = kneighbors(X_min, X_danger, k + 1)[:, 1:]  # (n_danger, k) into X_min
            segments = _segments(np.repeat(X_danger, k, axis=0), X_min[neighbor_idx.ravel()])
        else:
            neighbor_idx = kneighbors(X, X_danger, k + 1)[:, 1:].ravel()  # into X, any class
            starts = np.repeat(X_danger, k, axis=0)
            same = y[neighbor_idx] == 1
            segments = _segments(starts[same], X[neighbor_idx[same]])
            cross_segments = _segments(starts[~same], starts[~same] + 0.5 * (X[neighbor_idx[~same]] - starts[~same]))
    elif sampler == "ADASYN":
        X_res, _ = adasyn(X, y, n_neighbors=k, random_state=random_state)
        allocation = adasyn_allocation(X, y, label=1, n_asked=int(np.sum(y == 0) - apples.size), n_neighbors=k)
        counts = np.zeros(n, dtype=int)
        counts[apples] = allocation.n_per_sample
        used = allocation.n_per_sample > 0
        neighbor_idx = kneighbors(X_min, X_min[used], k + 1)[:, 1:]  # (n_used, k) into X_min
        segments = _segments(np.repeat(X_min[used], k, axis=0), X_min[neighbor_idx.ravel()])
    else:
        raise ValueError(f"sampler must be one of {SAMPLERS}, got {sampler!r}.")
    X_new = X_res[n:]
    nearest = kneighbors(X, X_new, 1)[:, 0] if len(X_new) else np.zeros(0, dtype=int)
    return Bunch(X_new=X_new, segments=segments, cross_segments=cross_segments, danger=danger, noise=noise,
                 counts=counts, nearest_label=y[nearest])


@lru_cache(maxsize=64)
def _geometry(sampler, k):
    basket = small_basket()
    return oversample_geometry(basket.X, basket.y, sampler, k)


def sampler_numbers(sampler, k):
    """The explorer's numbers: apples before and after, new and distinct points, the danger set, oranges nearby."""
    basket = small_basket()
    geometry = _geometry(sampler, k)
    status = borderline_danger(basket.X, basket.y, label=1, m_neighbors=M_NEIGHBORS)
    n_apples = int(np.sum(basket.y == 1))
    n_new = len(geometry.X_new)
    return {
        "apples before": n_apples,
        "new points": n_new,
        "apples after": n_apples + n_new,
        "oranges": int(np.sum(basket.y == 0)),
        "distinct new points": int(len(np.unique(geometry.X_new, axis=0))),
        f"apples in danger (m = {M_NEIGHBORS})": int(status.danger.sum()),
        "apples taken for noise (m′ = m)": int(status.noise.sum()),
        "new points nearest an orange": float(np.mean(geometry.nearest_label == 0)) if n_new else 0.0,
    }


def _limits(X, margin=0.35):
    low, high = X.min(axis=0) - margin, X.max(axis=0) + margin
    return (low[0], high[0]), (low[1], high[1])


def _draw(sampler, k):
    from negedu import plotting

    basket = small_basket()
    geometry = _geometry(sampler, k)
    fig, (left, right) = plotting.new_figure(2, width=8.0, height=4.2)
    figures.plot_oversampling(basket.X, basket.y, segments=geometry.segments,
                               cross_segments=geometry.cross_segments, danger=geometry.danger,
                               noise=geometry.noise, counts=geometry.counts, ax=left, legend="below")
    figures.plot_oversampling(basket.X, basket.y, geometry.X_new, marked_new=geometry.nearest_label == 0,
                               ax=right, ylabel="", legend="below")
    xlim, ylim = _limits(basket.X)
    for ax in (left, right):
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
    how = {"random": "copies of each apple", "ADASYN": f"g_i per apple, segments to its {k} nearest apples"}
    left.set_title(how.get(sampler, f"segments to the {k} nearest neighbours"), fontsize="small")
    right.set_title(f"{sampler}{'' if sampler == 'random' else f', k = {k}'}: the new apples", fontsize="small")
    return fig


def _describe(values, nums):
    sampler, k = values["sampler"], values["k"]
    share = nums["new points nearest an orange"]
    made = nums["new points"]
    how = {
        "random": f"Random over-sampling copies apples: its {made} new points sit on only "
                  f"{nums['distinct new points']} distinct positions, each exactly on an original apple.",
        "SMOTE": f"SMOTE with k = {k} puts {made} new apples on the segments from each of the "
                 f"{nums['apples before']} apples to its {k} nearest apples.",
        "Borderline-1": f"Borderline-SMOTE-1 with k = {k} starts all {made} new apples from the "
                        f"{nums[f'apples in danger (m = {M_NEIGHBORS})']} apples in danger and moves them "
                        f"towards their {k} nearest apples.",
        "Borderline-2": f"Borderline-SMOTE-2 with k = {k} starts all {made} new apples from the "
                        f"{nums[f'apples in danger (m = {M_NEIGHBORS})']} apples in danger and moves them towards "
                        f"their {k} nearest neighbours of either class, at most half-way towards an orange.",
        "ADASYN": f"ADASYN with k = {k} shares {made} new apples out among the apples in proportion to the "
                  f"oranges among their {k} nearest neighbours.",
    }[sampler]
    return f"{how} {share:.0%} of the new points lie nearer an orange than any original apple."


@register("smote-geometry/samplers")
def samplers_explorer():
    """Chapter 6: how each over-sampler makes its new apples, and where they land, as k grows."""
    return Explorer(
        "smote-geometry/samplers",
        [
            Param("sampler", SAMPLERS, label="Over-sampler", initial="SMOTE"),
            Param("k", K_VALUES, label="Neighbours k", fmt="{:d}", initial=5),
        ],
        numbers=sampler_numbers,
        draw=_draw,
        describe=_describe,
        formats={"new points nearest an orange": "{:.0%}"},
        title="Where do the new apples come from?",
    )
