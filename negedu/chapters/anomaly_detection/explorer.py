"""Explorers of Chapter 12, "Anomaly detection".

Each factory returns an :class:`~negedu.interactive.Explorer` whose numbers are computed by
negedu itself, and is registered by name, so the browser tests can rebuild it and check
that the page shows exactly what negedu computes.
"""

from functools import lru_cache

import numpy as np

from negedu.anomaly import IsolationForest, LocalOutlierFactor, mahalanobis_scores, precision_at_k
from negedu.datasets import make_anomaly_blobs
from negedu.metrics import average_precision_score
from negedu.interactive import Explorer, Param, register
from . import figures

__all__ = ["detectors_explorer", "DETECTORS", "CONTAMINATIONS"]

#: The detectors of the explorer, in the drop-down's order.
DETECTORS = ["Mahalanobis", "LOF, k = 5", "LOF, k = 10", "LOF, k = 20", "LOF, k = 50", "isolation forest"]
#: The contaminations of the slider.
CONTAMINATIONS = [0.01, 0.02, 0.03, 0.05, 0.1]
#: Grid points per side of the score map.
GRID = 70


@lru_cache(maxsize=1)
def _data():
    return make_anomaly_blobs(random_state=0)


@lru_cache(maxsize=1)
def _grid():
    from negedu.plotting import decision_grid

    return decision_grid(_data()[0], n=GRID, margin=1.0)


@lru_cache(maxsize=8)
def _scores(detector):
    """Anomaly scores (higher = more anomalous) of the rows and of the grid for one detector."""
    X, _ = _data()
    _, _, grid = _grid()
    if detector == "Mahalanobis":
        return mahalanobis_scores(X), mahalanobis_scores(X, grid)
    if detector.startswith("LOF"):
        k = int(detector.split("=")[1])
        lof = LocalOutlierFactor(n_neighbors=k, novelty=True).fit(X)
        return -lof.negative_outlier_factor_, -lof.score_samples(grid)
    forest = IsolationForest(random_state=0).fit(X)
    return -forest.score_samples(X), -forest.score_samples(grid)


def flagged_rows(detector, contamination):
    """Rows flagged at this contamination: anomaly score above the (1 - contamination) percentile.

    This is scikit-learn's rule (``offset_`` = the ``100 * contamination`` percentile of
    ``score_samples``, flag ``score_samples < offset_``) written with anomaly scores.
    """
    s, _ = _scores(detector)
    return s > np.percentile(s, 100.0 * (1.0 - contamination))


def detectors_numbers(detector, contamination):
    """Counts at the cut, and the threshold-free AP and precision@12 of one detector."""
    _, y = _data()
    s, _ = _scores(detector)
    flagged = flagged_rows(detector, contamination)
    caught = int(np.sum(flagged & (y == 1)))
    return {
        "rows flagged": int(flagged.sum()),
        "anomalies caught (of 12)": caught,
        "false alarms": int(flagged.sum()) - caught,
        "local anomalies caught (of 6)": int(np.sum(flagged[500:506])),
        "average precision": float(average_precision_score(y, s)),
        "precision@12": precision_at_k(y, s, 12),
    }


def _draw(detector, contamination):
    from negedu import plotting

    X, y = _data()
    xx, yy, _ = _grid()
    s, Z = _scores(detector)
    fig, ax = plotting.new_figure(width=8.0, height=3.4)
    figures.plot_anomaly_map(X, y, xx, yy, Z, train_scores=s, flagged=flagged_rows(detector, contamination), ax=ax,
                              title=f"{detector}, contamination {contamination:g}")
    plotting.legend_outside(ax)
    ax.set_aspect("equal", adjustable="box")
    return fig


def _describe(values, nums):
    return (
        f"{values['detector']} at contamination {values['contamination']:g} flags {nums['rows flagged']} rows: "
        f"{nums['anomalies caught (of 12)']} of the 12 anomalies ({nums['local anomalies caught (of 6)']} of the 6 "
        f"local ones) and {nums['false alarms']} normal rows. Its average precision is "
        f"{nums['average precision']:.2f} and its precision@12 {nums['precision@12']:.2f}."
    )


@register("anomaly-detection/detectors")
def detectors_explorer():
    """Chapter 12: three detectors (LOF with four k) on one data set, flagged rows at a contamination."""
    return Explorer(
        "anomaly-detection/detectors",
        [
            Param("detector", DETECTORS, label="Detector", initial="LOF, k = 20"),
            Param("contamination", CONTAMINATIONS, label="Contamination", fmt="{:g}", initial=0.02),
        ],
        numbers=detectors_numbers,
        draw=_draw,
        describe=_describe,
        formats={"average precision": "{:.3f}", "precision@12": "{:.3f}"},
        title="Which rows does each detector flag?",
    )
