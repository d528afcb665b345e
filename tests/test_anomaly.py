"""negedu.anomaly: LOF exactly as scikit-learn, isolation forest by its invariants, Mahalanobis."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.covariance import EmpiricalCovariance
from sklearn.ensemble import IsolationForest as SkIsolationForest
from sklearn.ensemble._iforest import _average_path_length
from sklearn.neighbors import LocalOutlierFactor as SkLocalOutlierFactor

from negedu.exceptions import NotFittedError
from negedu.anomaly import (
    IsolationForest,
    LocalOutlierFactor,
    average_path_length,
    isolation_forest,
    isolation_path,
    local_outlier_factor,
    mahalanobis_scores,
    precision_at_k,
)
from negedu.datasets import make_anomaly_blobs
from negedu.metrics import roc_auc_score


def _random_case(seed):
    rng = np.random.RandomState(seed)
    n_features = int(rng.randint(2, 21))
    n = int(rng.randint(35, 160))
    k = int(rng.randint(1, 31))
    X = rng.normal(size=(n, n_features)) * rng.uniform(0.5, 3.0, size=n_features)
    Q = rng.normal(size=(23, n_features)) * 2.0
    return X, Q, k


def _planted(seed, n_normal=400, n_anomalies=20):
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(size=(n_normal, 2)), rng.uniform(-7, 7, size=(n_anomalies, 2))])
    far = np.linalg.norm(X[n_normal:], axis=1) > 3.5  # keep only anomalies well outside the cloud
    X = np.vstack([X[:n_normal], X[n_normal:][far]])
    y = np.r_[np.zeros(n_normal, dtype=int), np.ones(int(far.sum()), dtype=int)]
    return X, y


# (a) against scikit-learn ------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("contamination", ["auto", 0.1])
def test_lof_outlier_detection_matches_sklearn(seed, contamination):
    X, _, k = _random_case(seed)
    ours = LocalOutlierFactor(n_neighbors=k, contamination=contamination).fit(X)
    reference = SkLocalOutlierFactor(n_neighbors=k, contamination=contamination).fit(X)
    np.testing.assert_allclose(ours.negative_outlier_factor_, reference.negative_outlier_factor_, rtol=1e-12, atol=0)
    assert ours.offset_ == pytest.approx(reference.offset_, rel=1e-12)
    assert isinstance(ours.offset_, float)
    np.testing.assert_array_equal(
        LocalOutlierFactor(n_neighbors=k, contamination=contamination).fit_predict(X),
        SkLocalOutlierFactor(n_neighbors=k, contamination=contamination).fit_predict(X),
    )
    np.testing.assert_allclose(local_outlier_factor(X, n_neighbors=k), -reference.negative_outlier_factor_, rtol=1e-12)


@pytest.mark.parametrize("seed", range(8))
def test_lof_novelty_matches_sklearn(seed):
    X, Q, k = _random_case(100 + seed)
    contamination = "auto" if seed % 2 else 0.05
    ours = LocalOutlierFactor(n_neighbors=k, novelty=True, contamination=contamination).fit(X)
    reference = SkLocalOutlierFactor(n_neighbors=k, novelty=True, contamination=contamination).fit(X)
    np.testing.assert_allclose(ours.score_samples(Q), reference.score_samples(Q), rtol=1e-12)
    np.testing.assert_allclose(ours.decision_function(Q), reference.decision_function(Q), rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(ours.predict(Q), reference.predict(Q))
    np.testing.assert_allclose(local_outlier_factor(X, Q, n_neighbors=k), -reference.score_samples(Q), rtol=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_lof_float32_matches_sklearn(seed):
    X, Q, k = _random_case(200 + seed)
    X, Q = X.astype(np.float32), Q.astype(np.float32)
    ours = LocalOutlierFactor(n_neighbors=k, novelty=True).fit(X)
    reference = SkLocalOutlierFactor(n_neighbors=k, novelty=True).fit(X)
    assert ours.negative_outlier_factor_.dtype == reference.negative_outlier_factor_.dtype == np.float32
    np.testing.assert_allclose(ours.negative_outlier_factor_, reference.negative_outlier_factor_, rtol=1e-5)
    np.testing.assert_allclose(ours.score_samples(Q), reference.score_samples(Q), rtol=1e-5)


def test_lof_duplicates_excluded_as_sklearn():
    # three copies of one point: each copy's k + 1 neighbours may not list the point itself first
    rng = np.random.RandomState(3)
    X = np.vstack([rng.normal(size=(30, 3)), np.repeat([[0.3, 0.3, 0.3]], 3, axis=0)])
    ours = LocalOutlierFactor(n_neighbors=5).fit(X)
    reference = SkLocalOutlierFactor(n_neighbors=5).fit(X)
    np.testing.assert_allclose(ours.negative_outlier_factor_, reference.negative_outlier_factor_, rtol=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_mahalanobis_matches_sklearn(seed):
    rng = np.random.RandomState(seed)
    p = int(rng.randint(1, 12))
    X = rng.normal(size=(60, p)) @ rng.normal(size=(p, p)) + rng.normal(size=p)
    Q = rng.normal(size=(15, p)) * 3
    reference = EmpiricalCovariance().fit(X)
    np.testing.assert_allclose(mahalanobis_scores(X, Q), reference.mahalanobis(Q), rtol=1e-10)
    np.testing.assert_allclose(mahalanobis_scores(X), reference.mahalanobis(X), rtol=1e-10)


def test_mahalanobis_singular_covariance_uses_pseudo_inverse():
    rng = np.random.RandomState(0)
    a = rng.normal(size=(50, 1))
    X = np.hstack([a, 2 * a])  # rank 1
    np.testing.assert_allclose(mahalanobis_scores(X), EmpiricalCovariance().fit(X).mahalanobis(X), rtol=1e-8)


def test_average_path_length_equals_sklearn():
    n = np.arange(0, 3000)
    np.testing.assert_array_equal(average_path_length(n), _average_path_length(n))
    assert isinstance(average_path_length(256), float)


@pytest.mark.parametrize("seed", range(2))
def test_isolation_forest_ranks_planted_anomalies_like_sklearn(seed):
    X, y = _planted(seed)
    ours = isolation_forest(X, n_estimators=60, random_state=seed)
    reference = -SkIsolationForest(n_estimators=60, random_state=seed).fit(X).score_samples(X)
    assert roc_auc_score(y, ours) > 0.95
    assert roc_auc_score(y, reference) > 0.95
    rank = lambda s: np.argsort(np.argsort(s))  # noqa: E731
    assert np.corrcoef(rank(ours), rank(reference))[0, 1] > 0.9
    # same distribution of scores: the medians agree to a few hundredths
    assert abs(np.median(ours) - np.median(reference)) < 0.03


def test_isolation_forest_offset_and_labels_follow_sklearn_conventions():
    X, y = _planted(0)
    auto = IsolationForest(random_state=0).fit(X)
    assert auto.offset_ == -0.5
    np.testing.assert_array_equal(auto.predict(X), np.where(auto.score_samples(X) < -0.5, -1, 1))
    share = IsolationForest(contamination=0.05, random_state=0).fit(X)
    assert np.mean(share.predict(X) == -1) == pytest.approx(0.05, abs=0.01)
    np.testing.assert_allclose(share.decision_function(X), share.score_samples(X) - share.offset_)
    np.testing.assert_array_equal(share.fit_predict(X), share.predict(X))
    assert auto.max_samples_ == 256


# (b) textbook formulas ---------------------------------------------------------------------


def _lof_by_the_paper(X, k):
    """LOF written from Breunig et al. (2000) with full distance matrices (tiny inputs only)."""
    X = np.asarray(X, dtype=float)
    n = len(X)
    D = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(D, np.inf)
    neighbours = [np.argsort(D[p], kind="stable")[:k] for p in range(n)]
    k_dist = np.array([D[p, neighbours[p][-1]] for p in range(n)])
    lrd = np.array([1.0 / np.mean([max(k_dist[o], D[p, o]) for o in neighbours[p]]) for p in range(n)])
    return np.array([np.mean([lrd[o] / lrd[p] for o in neighbours[p]]) for p in range(n)])


def test_lof_hand_example():
    # 1-D: 0, 1, 2 and 10 with k = 2, by hand.
    # k-distances: 0 -> 2, 1 -> 1, 2 -> 2, 10 -> 9.
    # lrd(0) = 1 / mean(max(1, 1), max(2, 2)) = 1/1.5; lrd(1) = 1 / mean(max(2, 1), max(2, 1)) = 1/2
    # lrd(2) = 1/1.5; lrd(10) = 1 / mean(max(2, 8), max(1, 9)) = 1/8.5
    lrd = np.array([1 / 1.5, 1 / 2, 1 / 1.5, 1 / 8.5])
    expected = np.array([
        (lrd[1] + lrd[2]) / 2 / lrd[0],
        (lrd[0] + lrd[2]) / 2 / lrd[1],
        (lrd[1] + lrd[0]) / 2 / lrd[2],
        (lrd[2] + lrd[1]) / 2 / lrd[3],
    ])
    X = [[0.0], [1.0], [2.0], [10.0]]
    np.testing.assert_allclose(local_outlier_factor(X, n_neighbors=2), expected, rtol=1e-9)
    assert expected[3] > 4 > 1.5 > expected[:3].max()


@pytest.mark.parametrize("seed", range(3))
def test_lof_equals_paper_formula(seed):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(25, 3))
    np.testing.assert_allclose(local_outlier_factor(X, n_neighbors=4), _lof_by_the_paper(X, 4), rtol=1e-9)


def test_average_path_length_formula():
    for n in (3, 10, 256, 1000):
        harmonic_approx = np.log(n - 1) + 0.5772156649015329
        assert average_path_length(n) == pytest.approx(2 * harmonic_approx - 2 * (n - 1) / n, rel=1e-12)
    # exact harmonic numbers give a close value for large n
    n = 256
    exact = 2 * np.sum(1.0 / np.arange(1, n)) - 2 * (n - 1) / n
    assert average_path_length(n) == pytest.approx(exact, abs=0.01)


def test_mahalanobis_formula():
    rng = np.random.RandomState(1)
    X = rng.normal(size=(40, 3))
    mu, S = X.mean(0), np.cov(X.T, bias=True)
    q = rng.normal(size=3)
    expected = (q - mu) @ np.linalg.inv(S) @ (q - mu)
    assert mahalanobis_scores(X, [q])[0] == pytest.approx(expected, rel=1e-10)


# (c) invariants ----------------------------------------------------------------------------


def test_isolation_forest_scores_in_unit_interval_and_deterministic():
    X, y = _planted(4)
    s = isolation_forest(X, random_state=7)
    assert np.all((s > 0) & (s <= 1))
    np.testing.assert_array_equal(s, isolation_forest(X, random_state=7))
    assert not np.array_equal(s, isolation_forest(X, random_state=8))
    assert s[y == 1].mean() > s[y == 0].mean() + 0.1


def test_isolation_tree_isolates_every_training_point():
    # with psi = n and a height limit of ceil(log2 n) >= the needed depth only on easy data, check the
    # unlimited path instead: every distinct point ends alone
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 2))
    for i in range(len(X)):
        splits = isolation_path(X, i, random_state=i)
        assert splits[-1][2] == 1
        assert all(a > b for a, b in zip([len(X)] + [s[2] for s in splits], [s[2] for s in splits]))


def test_isolation_path_outlier_is_isolated_sooner():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(size=(200, 2)), [[6.0, 6.0]]])
    outlier = np.mean([len(isolation_path(X, 200, random_state=s)) for s in range(40)])
    inlier = np.mean([len(isolation_path(X, 0, random_state=s)) for s in range(40)])
    assert outlier < inlier / 2


def test_forest_leaf_sizes_sum_to_psi():
    from negedu.anomaly import _grow_forest

    rng = np.random.RandomState(0)
    X = rng.normal(size=(300, 3))
    forest = _grow_forest(X, 5, 64, np.random.RandomState(0))
    leaves = forest["feature"] < 0
    assert leaves.sum() >= 5
    # path length at a leaf is at least its depth, at most max_depth + c(64)
    assert forest["path_length"][leaves].max() <= forest["max_depth"] + average_path_length(64)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 8), st.floats(0.1, 100.0))
def test_lof_invariant_to_translation_scale_and_order(seed, k, scale):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(30, 3))
    lof = local_outlier_factor(X, n_neighbors=k)
    moved = local_outlier_factor(X * scale + 5.0, n_neighbors=k)
    np.testing.assert_allclose(moved, lof, rtol=1e-6)
    perm = rng.permutation(30)
    np.testing.assert_allclose(local_outlier_factor(X[perm], n_neighbors=k), lof[perm], rtol=1e-9)
    assert np.all(lof > 0)


def test_inputs_are_not_modified():
    X, Q, k = _random_case(0)
    X0, Q0 = X.copy(), Q.copy()
    LocalOutlierFactor(n_neighbors=k, novelty=True).fit(X).score_samples(Q)
    isolation_forest(X, Q, n_estimators=5, random_state=0)
    mahalanobis_scores(X, Q)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Q, Q0)


def test_get_params_and_clone():
    from sklearn.base import clone

    lof = LocalOutlierFactor(n_neighbors=7, contamination=0.1)
    assert clone(lof).get_params() == {"n_neighbors": 7, "contamination": 0.1, "novelty": False}
    assert IsolationForest().set_params(n_estimators=10).n_estimators == 10
    with pytest.raises(ValueError, match="Invalid parameter 'k' for IsolationForest"):
        IsolationForest().set_params(k=3)


# errors ------------------------------------------------------------------------------------


def test_errors_are_clear():
    X = np.random.RandomState(0).normal(size=(10, 2))
    with pytest.raises(ValueError, match=r"n_neighbors=10 but X has only 10 samples.*n_neighbors <= 9"):
        LocalOutlierFactor(n_neighbors=10).fit(X)
    with pytest.raises(ValueError, match=r"n_neighbors=12 but X has only 10 samples"):
        local_outlier_factor(X, n_neighbors=12)
    with pytest.raises(TypeError, match=r"n_neighbors must be an integer, got 2.5"):
        local_outlier_factor(X, n_neighbors=2.5)
    for bad in (0.0, 0.6, -0.1, "most"):
        with pytest.raises(ValueError, match=r"contamination must be 'auto' or a float in \(0, 0.5\]"):
            LocalOutlierFactor(contamination=bad, n_neighbors=3).fit(X)
        with pytest.raises(ValueError, match=r"contamination must be 'auto' or a float in \(0, 0.5\]"):
            IsolationForest(contamination=bad).fit(X)
    lof = LocalOutlierFactor(n_neighbors=3).fit(X)
    for method in ("predict", "score_samples", "decision_function"):
        with pytest.raises(AttributeError, match=rf"{method} is not available when novelty=False.*novelty=True"):
            getattr(lof, method)(X)
    with pytest.raises(AttributeError, match=r"fit_predict is not available when novelty=True"):
        LocalOutlierFactor(n_neighbors=3, novelty=True).fit_predict(X)
    with pytest.raises(NotFittedError, match=r"This LocalOutlierFactor is not fitted yet: call fit\(X\) before predict\."):
        LocalOutlierFactor(novelty=True).predict(X)
    with pytest.raises(NotFittedError, match=r"This IsolationForest is not fitted yet: call fit\(X\) before score_samples\."):
        IsolationForest().score_samples(X)
    bad = X.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        LocalOutlierFactor(n_neighbors=3).fit(bad)
    with pytest.raises(ValueError, match="X contains NaN"):
        isolation_forest(bad)
    with pytest.raises(ValueError, match="X_query contains NaN"):
        mahalanobis_scores(X, bad)
    with pytest.raises(ValueError, match=r"X has 3 feature\(s\) but the detector was fitted on 2"):
        LocalOutlierFactor(n_neighbors=3, novelty=True).fit(X).predict(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"max_samples must be 'auto', an int >= 1 or a float in \(0, 1\]"):
        IsolationForest(max_samples=1.5).fit(X)
    with pytest.raises(ValueError, match=r"max_samples must be 'auto', an int >= 1 or a float in \(0, 1\], got 0"):
        isolation_forest(X, max_samples=0)
    with pytest.raises(ValueError, match=r"index must be at most 9"):
        isolation_path(X, 10)


def test_precision_at_k_formula_and_errors():
    rng = np.random.RandomState(0)
    y = (rng.uniform(size=200) < 0.05).astype(int)
    s = rng.normal(size=200) + 2 * y
    for k in (1, 5, 10, 200):
        top = sorted(range(200), key=lambda i: -s[i])[:k]
        assert precision_at_k(y, s, k) == pytest.approx(sum(y[i] for i in top) / k, abs=1e-15)
    assert precision_at_k(y, s, 200) == pytest.approx(y.mean())
    assert isinstance(precision_at_k(y, s, 3), float)
    with pytest.raises(ValueError, match=r"k must be at most 200"):
        precision_at_k(y, s, 201)
    with pytest.raises(ValueError, match=r"y_true must hold 1 for an anomaly and 0"):
        precision_at_k(y * 2, s, 3)


def test_anomaly_blobs_and_the_chapter_claim():
    # the chapter's story: Mahalanobis misses the local anomalies, LOF finds them all
    X, y = make_anomaly_blobs(random_state=0)
    assert X.shape == (512, 2) and y.sum() == 12 and y[500:].all()
    local = np.arange(500, 506)
    top = lambda s: np.argsort(-s)[:12]  # noqa: E731
    assert np.isin(top(mahalanobis_scores(X)), local).sum() == 0
    assert np.isin(top(local_outlier_factor(X, n_neighbors=20)), local).sum() == 6
    assert precision_at_k(y, local_outlier_factor(X, n_neighbors=20), 12) == 1.0


def test_isolation_forest_needs_two_rows_and_uses_at_least_two_per_tree():
    with pytest.raises(ValueError, match=r"X has 1 sample\(s\) \(shape=\(1, 1\)\); at least 2 is needed"):
        isolation_forest([[0.0]])
    s = isolation_forest([[0.0], [1.0], [5.0]], max_samples=1, random_state=0)
    assert np.all(np.isfinite(s))
    assert IsolationForest(max_samples=1).fit([[0.0], [1.0], [5.0]]).max_samples_ == 2
