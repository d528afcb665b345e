r"""The analysis of the KEEL benchmark: read the results file, rank, test, count.

The statistics follow Demšar (2006), "Statistical comparisons of classifiers over multiple data
sets", JMLR 7: average ranks over the :math:`N` data sets, the Friedman test, its Iman–Davenport
F form, and the Nemenyi critical difference. p-values and quantiles come from ``scipy.stats``
(allowed in a chapter, never in ``negedu``'s core).
"""

import csv
import gzip
import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from negedu.chapters.evidence.benchmark import CLASSIFIERS, ENSEMBLES, METHODS, METRICS, N_SPLITS

#: The committed results file and its JSON sidecar (written by ``benchmarks/evidence.py``).
RESULTS = Path(__file__).resolve().parents[3] / "benchmarks" / "evidence_results" / "evidence.csv.gz"
BASELINE = "threshold"
#: A difference in a data set's mean score smaller than this is a tie in the win/tie/loss counts.
TIE_EPSILON = 0.01
FLOAT_COLUMNS = (*METRICS, "threshold", "fit_seconds")
INT_COLUMNS = ("repeat", "fold", "seed")


def read_results(path=RESULTS):
    """The rows of a results file (gzip CSV), numbers converted; a list of dicts."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for column in FLOAT_COLUMNS:
            row[column] = float(row[column])
        for column in INT_COLUMNS:
            row[column] = int(row[column])
    return rows


def read_meta(path=RESULTS):
    """The JSON sidecar of a results file: versions, command lines, wall time."""
    path = Path(path)
    return json.loads(path.with_name(path.name.removesuffix(".gz").removesuffix(".csv") + ".json").read_text())


def entries(classifier):
    """The methods compared for one classifier: its own eleven, then the two balanced ensembles."""
    return [(classifier, method) for method in METHODS] + [("ensemble", method) for method in ENSEMBLES]


class Results:
    """The benchmark's results as arrays: ``score[metric][(classifier, method)]`` is (N, folds).

    Only *complete* data sets are kept: those with every (classifier, method) row of every
    repeat and fold, so that every comparison is over the same data sets and folds.
    """

    def __init__(self, rows):
        keys = sorted({(r["repeat"], r["fold"]) for r in rows})
        by_dataset = {}
        for row in rows:
            by_dataset.setdefault(row["dataset"], []).append(row)
        needed = {(c, m, k) for c in CLASSIFIERS for (_, m) in entries(c) for k in keys}
        needed = {(("ensemble" if m in ENSEMBLES else c), m, k) for (c, m, k) in needed}
        self.datasets = [d for d, rs in by_dataset.items()
                         if {(r["classifier"], r["method"], (r["repeat"], r["fold"])) for r in rs} >= needed]
        self.folds = keys
        self.n_repeats = len({k[0] for k in keys})
        index = {d: i for i, d in enumerate(self.datasets)}
        column = {k: j for j, k in enumerate(keys)}
        self.score = {m: {} for m in METRICS}
        self.note = {}
        for row in rows:
            i = index.get(row["dataset"])
            if i is None:
                continue
            entry = (row["classifier"], row["method"])
            for metric in METRICS:
                array = self.score[metric].setdefault(entry, np.full((len(self.datasets), len(keys)), np.nan))
                array[i, column[(row["repeat"], row["fold"])]] = row[metric]
            if row["note"]:
                self.note[(row["dataset"], entry, row["repeat"], row["fold"])] = row["note"]
        self.n_rows = sum(1 for r in rows if r["dataset"] in index)

    def mean(self, metric, classifier):
        """(N, k) matrix of each data set's mean score over folds, columns as :func:`entries`."""
        return np.column_stack([self.score[metric][e].mean(axis=1) for e in entries(classifier)])


def subset(results, datasets):
    """A copy of ``results`` restricted to ``datasets`` (names, in the order of ``results.datasets``)."""
    keep = [i for i, d in enumerate(results.datasets) if d in set(datasets)]
    copy = Results.__new__(Results)
    copy.__dict__.update(results.__dict__)
    copy.datasets = [results.datasets[i] for i in keep]
    copy.score = {m: {e: a[keep] for e, a in table.items()} for m, table in results.score.items()}
    return copy


@lru_cache(maxsize=2)
def load(path=RESULTS):
    """The committed results, as :class:`Results` (cached)."""
    return Results(read_results(path))


def average_ranks(scores):
    r"""Rank the :math:`k` methods on each of the :math:`N` data sets (1 = best = highest score),
    ties sharing the average of the ranks they span; return the (N, k) rank matrix.

    Demšar (2006), section 3.2.2: :math:`r_i^j` is the rank of method :math:`j` on data set
    :math:`i`, and :math:`R_j = \frac{1}{N} \sum_i r_i^j` its average rank.
    """
    scores = np.asarray(scores, dtype=float)
    ranks = np.empty_like(scores)
    for i, row in enumerate(scores):
        order = np.argsort(-row, kind="mergesort")
        sorted_row = row[order]
        position = np.arange(1, len(row) + 1, dtype=float)
        for value in np.unique(sorted_row):  # ties: the average of the positions they occupy
            tied = sorted_row == value
            position[tied] = position[tied].mean()
        ranks[i, order] = position
    return ranks


def friedman_statistic(ranks):
    r"""Friedman's statistic from an (N, k) rank matrix (Friedman 1937; Demšar 2006, eq. 1).

    .. math:: \chi^2_F = \frac{12N}{k(k+1)} \left[\sum_j R_j^2 - \frac{k(k+1)^2}{4}\right],

    with :math:`R_j` the average rank of method :math:`j`; under the null hypothesis that all
    methods are equivalent it is :math:`\chi^2` with :math:`k-1` degrees of freedom. No tie
    correction (Demšar's form); ``scipy.stats.friedmanchisquare`` divides by a tie factor, so
    the two agree exactly on data without ties.
    """
    ranks = np.asarray(ranks, dtype=float)
    N, k = ranks.shape
    R = ranks.mean(axis=0)
    return float(12.0 * N / (k * (k + 1)) * (np.sum(R**2) - k * (k + 1) ** 2 / 4.0))


def iman_davenport(chi2, N, k):
    r"""Iman and Davenport's (1980) F form of Friedman's statistic (Demšar 2006, eq. 2).

    .. math:: F_F = \frac{(N-1)\chi^2_F}{N(k-1) - \chi^2_F},

    F-distributed with :math:`k-1` and :math:`(k-1)(N-1)` degrees of freedom; less conservative
    than the :math:`\chi^2` approximation. Returns ``(F_F, p_value)``.
    """
    from scipy import stats

    F = (N - 1) * chi2 / (N * (k - 1) - chi2)
    return float(F), float(stats.f.sf(F, k - 1, (k - 1) * (N - 1)))


def nemenyi_cd(k, N, alpha=0.05):
    r"""The Nemenyi critical difference of average ranks (Nemenyi 1963; Demšar 2006, section 3.2.2).

    .. math:: CD = q_\alpha \sqrt{\frac{k(k+1)}{6N}}, \qquad q_\alpha = \frac{Q_{1-\alpha}(k, \infty)}{\sqrt 2},

    with :math:`Q` the studentized range quantile (``scipy.stats.studentized_range``); two methods
    whose average ranks differ by more than :math:`CD` differ significantly at level ``alpha``,
    all :math:`k(k-1)/2` comparisons together. Demšar's table gives :math:`q_{0.05} = 3.313` for
    :math:`k = 13`.
    """
    from scipy import stats

    q = stats.studentized_range.ppf(1 - alpha, k, np.inf) / math.sqrt(2)
    return float(q * math.sqrt(k * (k + 1) / (6.0 * N)))


def comparison(results, classifier, metric, alpha=0.05):
    """Ranks, Friedman and Iman–Davenport tests and the Nemenyi CD for one classifier and metric."""
    from scipy import stats

    scores = results.mean(metric, classifier)
    ranks = average_ranks(scores)
    N, k = ranks.shape
    chi2 = friedman_statistic(ranks)
    F, p_F = iman_davenport(chi2, N, k)
    return {"entries": entries(classifier), "scores": scores, "ranks": ranks, "mean_ranks": ranks.mean(axis=0),
            "N": N, "k": k, "chi2": chi2, "p_chi2": float(stats.chi2.sf(chi2, k - 1)), "F": F, "p_F": p_F,
            "cd": nemenyi_cd(k, N, alpha)}


def win_tie_loss(results, classifier, metric, baseline=BASELINE, epsilon=TIE_EPSILON):
    """For each entry, the data sets where it beats / ties / loses to ``baseline`` (same classifier).

    A data set counts as a tie when the two mean scores (over all repeats and folds) differ by
    less than ``epsilon``. Returns a dict entry -> (wins, ties, losses).
    """
    scores = results.mean(metric, classifier)
    base = scores[:, [m for _, m in entries(classifier)].index(baseline)]
    counts = {}
    for j, entry in enumerate(entries(classifier)):
        difference = scores[:, j] - base
        counts[entry] = (int(np.sum(difference >= epsilon)), int(np.sum(np.abs(difference) < epsilon)),
                         int(np.sum(difference <= -epsilon)))
    return counts


def gains(results, classifier, metric, method, baseline=BASELINE):
    """Per data set: mean score of ``method`` minus that of ``baseline`` (same classifier)."""
    columns = [m for _, m in entries(classifier)]
    scores = results.mean(metric, classifier)
    return scores[:, columns.index(method)] - scores[:, columns.index(baseline)]


def sign_test_p(wins, losses):
    """Two-sided sign test on wins vs losses (ties dropped), Demšar (2006) section 3.1.3."""
    from scipy import stats

    n = wins + losses
    return 1.0 if n == 0 else float(stats.binomtest(wins, n, 0.5).pvalue)


def bootstrap_mean_ci(values, n_boot=2000, level=0.95, random_state=0):
    """Percentile bootstrap interval of the mean over data sets: ``(mean, low, high)``."""
    values = np.asarray(values, dtype=float)
    rng = np.random.RandomState(random_state)
    means = values[rng.randint(0, len(values), size=(n_boot, len(values)))].mean(axis=1)
    tail = (1 - level) / 2
    return float(values.mean()), float(np.quantile(means, tail)), float(np.quantile(means, 1 - tail))
