"""Explorer of the chapter "Balanced ensembles": how many members, and which ensemble.

The chapter, its explorer and its tests share the data and the models defined here: a 2-D
training set of 560 negatives and 40 positives (imbalance ratio 14), a test set drawn the same
way, and EasyEnsemble / BalancedRandomForest fitted once with 30 members, whose first
:math:`T` members make the ensemble of :math:`T` (the seeds of a smaller ensemble are the first
seeds of the larger one, so the first :math:`T` members *are* the ensemble of :math:`T`).
"""

from functools import lru_cache

import numpy as np

from negedu.datasets import Bunch, make_fruit_clusters
from negedu.ensemble import BalancedRandomForestClassifier, EasyEnsembleClassifier
from negedu.metrics import average_precision_score, balanced_accuracy_score, recall_score
from negedu.interactive import Explorer, Param, register
from . import figures

__all__ = ["N_NEGATIVE", "N_POSITIVE", "ensemble_sets", "fitted_members", "member_probas",
           "coverage_formula", "negatives_seen", "ensemble_numbers", "members_explorer"]

N_NEGATIVE, N_POSITIVE = 560, 40  # training set: imbalance ratio 14
SAMPLERS = ["EasyEnsemble", "BalancedRandomForest"]
MEMBERS = [1, 2, 5, 10, 30]
T_MAX = max(MEMBERS)


@lru_cache(maxsize=1)
def ensemble_sets():
    """The training set (560 + 40, seed 0) and a five times larger test set (seed 1)."""
    X, y = make_fruit_clusters(N_NEGATIVE, N_POSITIVE, random_state=0)
    X_test, y_test = make_fruit_clusters(5 * N_NEGATIVE, 5 * N_POSITIVE, random_state=1)
    return Bunch(X=X, y=y, X_test=X_test, y_test=y_test)


@lru_cache(maxsize=2)
def fitted_members(sampler):
    """EasyEnsemble (AdaBoost members) or BalancedRandomForest (tree members), 30 members, seed 0."""
    sets = ensemble_sets()
    if sampler == "EasyEnsemble":
        model = EasyEnsembleClassifier(n_estimators=T_MAX, random_state=0)
    else:
        model = BalancedRandomForestClassifier(n_estimators=T_MAX, random_state=0)
    return model.fit(sets.X, sets.y)


def _grid():
    from negedu.plotting import decision_grid

    return decision_grid(ensemble_sets().X, n=80, margin=0.3)


@lru_cache(maxsize=4)
def member_probas(sampler, where):
    """P(positive) of each of the 30 members, shape (30, n), on the ``"test"`` set or the ``"grid"``."""
    points = ensemble_sets().X_test if where == "test" else _grid()[2]
    return np.array([m.predict_proba(points)[:, 1] for m in fitted_members(sampler).estimators_])


def coverage_formula(n_min, n_maj, T, *, replacement=False):
    r"""Expected share of the negatives seen by at least one of :math:`T` members.

    Without replacement each member keeps :math:`n_{min}` of the :math:`n_{maj}` negatives, so
    a negative is missed by one member with probability :math:`1 - n_{min}/n_{maj}` and by all
    :math:`T` independent members with probability :math:`(1 - n_{min}/n_{maj})^T`. With
    replacement (a bootstrap of :math:`n_{min}` draws) it is missed by one member with
    probability :math:`(1 - 1/n_{maj})^{n_{min}}`.
    """
    miss = (1 - 1 / n_maj) ** n_min if replacement else 1 - n_min / n_maj
    return float(1 - miss**T)


def negatives_seen(sampler, T):
    """The share of the training negatives that at least one of the first ``T`` members was trained on."""
    sets = ensemble_sets()
    rows = np.unique(np.concatenate(fitted_members(sampler).estimators_samples_[:T]))
    return float(np.sum(sets.y[rows] == 0) / np.sum(sets.y == 0))


def ensemble_numbers(sampler, T):
    """The numbers of the explorer: members, negatives seen (observed and expected), test scores."""
    sets = ensemble_sets()
    proba = member_probas(sampler, "test")[:T].mean(axis=0)
    single = [average_precision_score(sets.y_test, p) for p in member_probas(sampler, "test")[:T]]
    y_pred = (proba >= 0.5).astype(int)
    return {
        "members T": T,
        "negatives seen by at least one member": negatives_seen(sampler, T),
        "expected share, formula": coverage_formula(N_POSITIVE, N_NEGATIVE, T, replacement=sampler != "EasyEnsemble"),
        "test AP of the average": float(average_precision_score(sets.y_test, proba)),
        "test AP of one member (mean)": float(np.mean(single)),
        "balanced accuracy (threshold 0.5)": float(balanced_accuracy_score(sets.y_test, y_pred)),
        "recall (threshold 0.5)": float(recall_score(sets.y_test, y_pred)),
        "mean P(positive) on test (base rate 0.067)": float(proba.mean()),
    }


def _draw(sampler, T):
    from negedu import plotting

    sets = ensemble_sets()
    xx, yy, _ = _grid()
    grid_scores = member_probas(sampler, "grid")[:T].mean(axis=0)
    fig, (left, right) = plotting.new_figure(2, width=8.0, height=3.4)
    figures.plot_ensemble_scores(xx, yy, grid_scores, sets.X, sets.y, ax=left, size=3,
                                  title=f"{sampler}, T = {T}: mean P(positive)")
    seen = [negatives_seen(sampler, t) for t in range(1, T_MAX + 1)]
    figures.plot_coverage(N_POSITIVE, N_NEGATIVE, T_MAX, observed=seen, ax=right, mark=T,
                           replacement=sampler != "EasyEnsemble")
    return fig


def _describe(values, nums):
    return (
        f"{values['sampler']} with T = {values['T']} member(s): the left panel shades the averaged probability of "
        f"the positive class over the plane, with the 0.5 boundary in blue. Together the members were trained on "
        f"{nums['negatives seen by at least one member']:.0%} of the 560 negatives (the formula expects "
        f"{nums['expected share, formula']:.0%}), drawn as the curve on the right. Test average precision "
        f"{nums['test AP of the average']:.3f} for the average, {nums['test AP of one member (mean)']:.3f} for one "
        f"member on average; recall at 0.5 is {nums['recall (threshold 0.5)']:.2f}."
    )


@register("balanced-ensembles/members")
def members_explorer():
    """The averaged score map, the negatives seen and the test AP as the number of members grows."""
    return Explorer(
        "balanced-ensembles/members",
        [
            Param("sampler", SAMPLERS, label="Ensemble", initial="EasyEnsemble"),
            Param("T", MEMBERS, label="Members T", initial=1),
        ],
        numbers=ensemble_numbers,
        draw=_draw,
        describe=_describe,
        formats={
            "negatives seen by at least one member": "{:.1%}",
            "expected share, formula": "{:.1%}",
            "test AP of the average": "{:.3f}",
            "test AP of one member (mean)": "{:.3f}",
            "balanced accuracy (threshold 0.5)": "{:.3f}",
            "recall (threshold 0.5)": "{:.2f}",
            "mean P(positive) on test (base rate 0.067)": "{:.3f}",
        },
        title="How many undersamples? One member against the average of many",
    )
