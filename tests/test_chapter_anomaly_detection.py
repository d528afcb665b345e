"""Chapter 12, "Anomaly detection": the explorer's numbers, the chapter's claims and the checks' hints."""

import numpy as np
import pytest
from sklearn.neighbors import LocalOutlierFactor as SkLocalOutlierFactor

from negedu.anomaly import (
    IsolationForest,
    LocalOutlierFactor,
    average_path_length,
    isolation_path,
    local_outlier_factor,
    mahalanobis_scores,
)
from negedu.datasets import make_anomaly_blobs
from negedu.chapters.anomaly_detection import checks as ex
from negedu.exercises import student_seed
from negedu.chapters.anomaly_detection import explorer as ad
from negedu.interactive import get_explorer


def _ap(y, s):
    """Average precision written from its definition: mean precision at the rank of each positive (no ties)."""
    order = np.argsort(-s, kind="stable")
    hits = y[order] == 1
    precision = np.cumsum(hits) / np.arange(1, y.size + 1)
    return precision[hits].mean()


@pytest.fixture(scope="module")
def data():
    return make_anomaly_blobs(random_state=0)


# ----------------------------------------------------------------- the explorer
def test_explorer_is_registered_and_small():
    explorer = get_explorer("anomaly-detection/detectors")
    assert len(list(explorer.states())) == len(ad.DETECTORS) * len(ad.CONTAMINATIONS) == 30
    assert explorer.initial == {"detector": "LOF, k = 20", "contamination": 0.02}


@pytest.mark.parametrize("detector", ad.DETECTORS)
def test_explorer_numbers_match_formulas(detector, data):
    X, y = data
    if detector == "Mahalanobis":
        s = mahalanobis_scores(X)
    elif detector.startswith("LOF"):
        s = -SkLocalOutlierFactor(n_neighbors=int(detector.split("=")[1])).fit(X).negative_outlier_factor_
    else:
        s = -IsolationForest(random_state=0).fit(X).score_samples(X)
    for contamination in ad.CONTAMINATIONS:
        nums = ad.detectors_numbers(detector, contamination)
        # scikit-learn's rule: flag score_samples below its 100 * contamination percentile
        flagged = -s < np.percentile(-s, 100 * contamination)
        assert nums["rows flagged"] == flagged.sum()
        assert nums["anomalies caught (of 12)"] == np.sum(flagged & (y == 1))
        assert nums["false alarms"] == np.sum(flagged & (y == 0))
        assert nums["local anomalies caught (of 6)"] == np.sum(flagged[500:506])
        assert nums["average precision"] == pytest.approx(_ap(y, s), abs=1e-12)
        assert nums["precision@12"] == pytest.approx(y[np.argsort(-s)[:12]].mean(), abs=1e-12)


# ----------------------------------------------------------------- the chapter's claims
def test_data_and_contamination_claims(data):
    X, y = data
    assert (len(y), y.sum()) == (512, 12)
    flagged = {c: LocalOutlierFactor(n_neighbors=20, contamination=c).fit_predict(X) == -1 for c in (0.01, 0.02, 0.05)}
    assert [(f.sum(), np.sum(f & (y == 1))) for f in flagged.values()] == [(6, 6), (11, 11), (26, 12)]
    assert (LocalOutlierFactor(n_neighbors=20).fit_predict(X) == -1).sum() == 33
    assert (IsolationForest(random_state=0).fit_predict(X) == -1).sum() == 71  # "71 rows for 12 anomalies"


def test_global_method_misses_local_anomalies(data):
    X, y = data
    local = np.arange(500, 506)
    maha = mahalanobis_scores(X)
    lof = local_outlier_factor(X, n_neighbors=20)
    assert np.isin(np.argsort(-maha)[:12], local).sum() == 0
    assert np.argsort(np.argsort(-maha))[local].max() + 1 == 147
    assert np.isin(np.argsort(-lof)[:12], np.arange(500, 512)).all()
    assert np.median(lof[:300]) == pytest.approx(1, abs=0.1) and np.median(lof[300:500]) == pytest.approx(1, abs=0.1)
    assert 2.5 < lof[500] < 3.0  # "almost three times as dense"
    assert (_ap(y, maha), _ap(y, lof)) == (pytest.approx(0.545, abs=0.005), 1.0)


def test_isolation_paths_claims():
    cloud = np.vstack([np.random.RandomState(1).normal(size=(60, 2)), [[3.2, 2.8]]])
    assert len(isolation_path(cloud, 60, random_state=3)) == 2
    assert len(isolation_path(cloud, 0, random_state=3)) == 8
    outlier = np.mean([len(isolation_path(cloud, 60, random_state=s)) for s in range(500)])
    inlier = np.mean([len(isolation_path(cloud, 0, random_state=s)) for s in range(500)])
    assert 0.3 < outlier / inlier < 0.4  # "about a third as many cuts"
    assert average_path_length(256) == pytest.approx(10.24, abs=0.005)


def test_masking_and_reframing_claims():
    rng = np.random.RandomState(1)
    normal = rng.normal(size=(300, 2))
    group = rng.normal([4.5, 4.5], 0.1, size=(8, 2))
    contaminated = np.vstack([normal, group])
    assert local_outlier_factor(contaminated, n_neighbors=5)[300:].mean() == pytest.approx(1.0, abs=0.05)
    assert local_outlier_factor(normal, group, n_neighbors=5).mean() > 5
    assert 3 < local_outlier_factor(contaminated, n_neighbors=20)[300:].mean() < local_outlier_factor(normal, group, n_neighbors=20).mean()


# ----------------------------------------------------------------- the checks
def test_checks_accept_the_solutions_and_explain_mistakes():
    assert ex.check_fraud_precision(8 / 25)
    assert "precision of the +1 label" in ex.check_fraud_precision(973 / 975).message
    assert "That is the recall" in ex.check_fraud_precision(0.8).message
    assert ex.check_fraud_precision(...).status == "unanswered"
    assert ex.check_n_flagged(100)
    assert "does not know that there are 25 anomalies" in ex.check_n_flagged(25).message
    assert "0.02 x 5,000" in ex.check_n_flagged(0.02).message


def test_check_best_k():
    seed = student_seed("Ada Lovelace")
    X, y = ex.my_data(seed)
    ap = {k: _ap(y, local_outlier_factor(X, n_neighbors=k)) for k in ex.K_GRID}
    best = max(ap, key=ap.get)
    assert ex.check_best_k(best, ap[best], seed=seed)
    worst = min(ap, key=ap.get)
    assert "another k does better" in ex.check_best_k(worst, ap[worst], seed=seed).message
    flipped = _ap(y, -local_outlier_factor(X, n_neighbors=best))
    assert "negated LOF" in ex.check_best_k(best, flipped, seed=seed).message
    assert "one of the values of K_GRID" in ex.check_best_k(7, 0.5, seed=seed).message
    assert ex.check_best_k(np.array([1, 2]), 0.5, seed=seed).status == "incorrect"
    assert ex.check_best_k(..., 0.5, seed=seed).status == "unanswered"
    other = student_seed("Grace Hopper")
    assert not np.array_equal(ex.my_data(other)[0], X)


def test_check_c_hints():
    def right(n):
        return 0.0 if n <= 1 else 1.0 if n == 2 else 2 * (np.log(n - 1) + np.euler_gamma) - 2 * (n - 1) / n

    assert ex.check_c(right)
    no_special = lambda n: 0.0 if n <= 1 else 2 * (np.log(n - 1) + np.euler_gamma) - 2 * (n - 1) / n  # noqa: E731
    assert "special-case it" in ex.check_c(no_special).message
    log2 = lambda n: 0.0 if n <= 1 else 1.0 if n == 2 else 2 * (np.log2(n - 1) + np.euler_gamma) - 2 * (n - 1) / n  # noqa: E731
    assert "log base 2" in ex.check_c(log2).message
    no_term = lambda n: 0.0 if n <= 1 else 1.0 if n == 2 else 2 * (np.log(n - 1) + np.euler_gamma)  # noqa: E731
    assert "left out the - 2(n - 1)/n term" in ex.check_c(no_term).message
    exact = lambda n: 0.0 if n <= 1 else 2 * np.sum(1.0 / np.arange(1, n)) - 2 * (n - 1) / n  # noqa: E731
    assert "exact harmonic number" in ex.check_c(exact).message
    assert ex.check_c(lambda n: ...).status == "unanswered"
    assert ex.check_c(lambda n: 1 / 0).status == "error"


def test_check_lrd_hints():
    def right(X, k):
        D = np.sqrt(((X[:, None] - X[None]) ** 2).sum(-1))
        np.fill_diagonal(D, np.inf)
        nb = np.argsort(D, axis=1, kind="stable")[:, :k]
        d = np.take_along_axis(D, nb, axis=1)
        return 1 / np.maximum(d[:, -1][nb], d).mean(axis=1)

    assert ex.check_lrd(right)
    # the book's LOF from these densities equals negedu's
    X = np.random.RandomState(0).normal(size=(20, 2))
    lrd = right(X, 4)
    D = np.sqrt(((X[:, None] - X[None]) ** 2).sum(-1))
    np.fill_diagonal(D, np.inf)
    nb = np.argsort(D, axis=1)[:, :4]
    np.testing.assert_allclose((lrd[nb] / lrd[:, None]).mean(1), local_outlier_factor(X, n_neighbors=4), rtol=1e-7)
    assert "1 / mean" in ex.check_lrd(lambda X, k: 1 / right(X, k)).message

    def own_kdist(X, k):
        D = np.sqrt(((X[:, None] - X[None]) ** 2).sum(-1))
        np.fill_diagonal(D, np.inf)
        d = np.sort(D, axis=1)[:, :k]
        return 1 / np.maximum(d[:, -1:], d).mean(axis=1)

    assert "k-distance of x itself" in ex.check_lrd(own_kdist).message

    def plain(X, k):
        D = np.sqrt(((X[:, None] - X[None]) ** 2).sum(-1))
        np.fill_diagonal(D, np.inf)
        return 1 / np.sort(D, axis=1)[:, :k].mean(axis=1)

    assert "plain distances" in ex.check_lrd(plain).message
    assert ex.check_lrd(lambda X, k: None).status == "unanswered"
    assert ex.check_lrd(lambda X, k: 1 / 0).status == "error"
    assert "one density per row" in ex.check_lrd(lambda X, k: [1.0]).message
    assert ex.check_lrd("not a function").status == "incorrect"
