"""Over-samplers: RandomOverSampler, SMOTE, BorderlineSMOTE, ADASYN.

Three layers, as everywhere in negedu:
(a) ``ours`` against imbalanced-learn (``reference``) on many seeded continuous data sets:
    2 and 3 classes, 2 to 30 features, 40 to 2,000 samples, float64 and float32, every
    form of ``sampling_strategy``: the rows must be identical (``np.array_equal``);
(b) against the textbook formulas, re-derived in the test from the random draws;
(c) properties (hypothesis), and every error message pinned.
The invariants shared by all samplers live in ``test_resampling_invariants.py``.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imblearn import over_sampling as reference
from imblearn.pipeline import make_pipeline
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors

from negedu.neighbors import NearestNeighbors
from negedu.resampling import (
    ADASYN,
    SMOTE,
    BorderlineSMOTE,
    RandomOverSampler,
    adasyn,
    adasyn_allocation,
    borderline_danger,
    borderline_smote,
    random_over_sample,
    smote,
    smote_interpolate,
)

# --------------------------------------------------------------------------------------
# Seeded data sets and sampling strategies
# --------------------------------------------------------------------------------------


def make_data(seed, *, n_samples=None, n_features=None, n_classes=None, dtype=None):
    """A continuous, tie-free, imbalanced data set whose shape is drawn from ``seed``."""
    rng = np.random.RandomState(seed)
    n_classes = n_classes or int(rng.choice([2, 3]))
    n_features = n_features or int(rng.choice([2, 3, 4, 5, 8, 12, 16, 20, 25, 30]))
    # log-uniform between 40 and 2,000 samples, most of them small (fast tests)
    n_samples = n_samples or int(np.exp(rng.uniform(np.log(40), np.log(2000))))
    weights = np.r_[1.0, np.sort(rng.uniform(0.08, 0.5, n_classes - 1))[::-1]]  # IR 2 to 12
    weights = weights / weights.sum()
    X, y = make_classification(
        n_samples=n_samples,
        n_features=n_features,
        n_informative=min(n_features, 2 + int(rng.randint(0, 3))),
        n_redundant=0,
        n_classes=n_classes,
        n_clusters_per_class=1,
        weights=list(weights[:-1]),
        flip_y=0.03,
        class_sep=float(rng.uniform(0.5, 1.5)),
        random_state=seed,
    )
    dtype = dtype or (np.float32 if rng.uniform() < 0.3 else np.float64)
    return X.astype(dtype), y


def strategies_for(y, rng):
    """Every form of an over-sampling ``sampling_strategy`` that is valid for ``y``."""
    labels, counts = np.unique(y, return_counts=True)
    n_max = counts.max()
    forms = ["auto", "minority", "not minority", "not majority", "all"]
    # grow some of the classes part of the way to the majority (the majority by 0 or more)
    grow = {int(c): int(n + rng.randint((n_max - n) // 2 + 1, n_max - n + 10)) for c, n in zip(labels, counts)}
    grow[int(labels[np.argmax(counts)])] = int(n_max)  # 0 new samples: the class is skipped
    grow.pop(int(labels[rng.randint(labels.size)]))
    forms.append(grow)
    forms.append(lambda target: {int(c): int(n_max) for c in np.unique(target)})
    if labels.size == 2:
        low = counts.min() / n_max
        forms.append(float(low + (1.0 - low) * rng.uniform(0.2, 1.0)))
    return forms


def pick_strategy(y, seed):
    rng = np.random.RandomState(seed + 1000)
    forms = strategies_for(y, rng)
    if isinstance(forms[-1], float) and seed % 3 == 0:  # binary: a ratio in a third of the cases
        return forms[-1]
    return forms[seed % len(forms)]


def min_class_size(y):
    return int(np.unique(y, return_counts=True)[1].min())


def assert_same(ours, ref):
    X_ours, y_ours = ours[:2]
    X_ref, y_ref = ref[:2]
    assert X_ours.dtype == X_ref.dtype
    assert y_ours.dtype == y_ref.dtype
    assert np.array_equal(X_ours, X_ref)
    assert np.array_equal(y_ours, y_ref)


SEEDS = range(30)

# --------------------------------------------------------------------------------------
# (a) against imbalanced-learn
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_smote_matches_reference(seed):
    X, y = make_data(seed)
    strategy = pick_strategy(y, seed)
    k = int(min(1 + seed % 7, min_class_size(y) - 1))
    ours_sampler = SMOTE(sampling_strategy=strategy, k_neighbors=k, random_state=seed)
    ref_sampler = reference.SMOTE(sampling_strategy=strategy, k_neighbors=k, random_state=seed)
    assert_same(ours_sampler.fit_resample(X, y), ref := ref_sampler.fit_resample(X, y))
    assert ours_sampler.sampling_strategy_ == dict(ref_sampler.sampling_strategy_)
    assert list(ours_sampler.sampling_strategy_) == list(ref_sampler.sampling_strategy_)
    function = smote(X, y, sampling_strategy=strategy, k_neighbors=k, random_state=seed)
    assert_same(function, ref)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", ["borderline-1", "borderline-2"])
def test_borderline_smote_matches_reference(seed, kind):
    X, y = make_data(seed)
    strategy = pick_strategy(y, seed)
    k = int(min(1 + seed % 6, min_class_size(y) - 1))
    m = 3 + seed % 10
    params = dict(sampling_strategy=strategy, k_neighbors=k, m_neighbors=m, kind=kind, random_state=seed)
    ours_sampler = BorderlineSMOTE(**params)
    ref_sampler = reference.BorderlineSMOTE(**params)
    with warnings.catch_warnings():  # ours warns for classes with no danger
        warnings.simplefilter("ignore", UserWarning)
        ours = ours_sampler.fit_resample(X, y)
    ref = ref_sampler.fit_resample(X, y)
    assert_same(ours, ref)
    assert ours_sampler.in_danger_indices.keys() == ref_sampler.in_danger_indices.keys()
    for label, rows in ref_sampler.in_danger_indices.items():
        assert np.array_equal(ours_sampler.in_danger_indices[label], rows)


@pytest.mark.parametrize("seed", SEEDS)
def test_adasyn_matches_reference(seed):
    X, y = make_data(seed)
    strategy = pick_strategy(y, seed)
    k = int(min(1 + seed % 7, min_class_size(y) - 1))
    params = dict(sampling_strategy=strategy, n_neighbors=k, random_state=seed)
    try:
        ref = reference.ADASYN(**params).fit_resample(X, y)
    except (RuntimeError, ValueError) as exc:  # no other-class neighbour, or rounds to 0
        expected = "no sample" if isinstance(exc, ValueError) else "cannot weight"
        with pytest.raises(ValueError, match=expected):
            ADASYN(**params).fit_resample(X, y)
        return
    assert_same(ADASYN(**params).fit_resample(X, y), ref)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_over_sample_matches_reference(seed):
    X, y = make_data(seed)
    strategy = pick_strategy(y, seed)
    shrinkage = [None, None, 0.0, 1.0, 2.5, "dict"][seed % 6]
    if shrinkage == "dict":
        shrinkage = {int(c): float(c) + 0.5 for c in np.unique(y)}
    params = dict(sampling_strategy=strategy, random_state=seed, shrinkage=shrinkage)
    ours_sampler, ref_sampler = RandomOverSampler(**params), reference.RandomOverSampler(**params)
    X_ours, y_ours = ours_sampler.fit_resample(X, y)
    X_ref, y_ref = ref_sampler.fit_resample(X, y)
    assert X_ours.dtype == X.dtype  # kept, also with shrinkage (imbalanced-learn: float64)
    assert np.array_equal(X_ours, X_ref.astype(X.dtype))
    assert np.array_equal(y_ours, y_ref)
    assert np.array_equal(ours_sampler.sample_indices_, ref_sampler.sample_indices_)
    assert ours_sampler.sampling_strategy_ == dict(ref_sampler.sampling_strategy_)
    X_fun, y_fun, indices = random_over_sample(X, y, **params)
    assert np.array_equal(X_fun, X_ours) and np.array_equal(indices, ref_sampler.sample_indices_)


@pytest.mark.parametrize("seed", range(6))
def test_random_state_instance_continues_its_stream_like_reference(seed):
    """A RandomState instance is used as is: its stream runs on across classes and calls."""
    X, y = make_data(seed, n_classes=3, n_samples=300, n_features=4)
    for ours_cls, ref_cls, strategy in [
        (SMOTE, reference.SMOTE, "all"),
        (BorderlineSMOTE, reference.BorderlineSMOTE, "all"),
        (ADASYN, reference.ADASYN, "not majority"),  # "all" can round to 0 samples
        (RandomOverSampler, reference.RandomOverSampler, "all"),
    ]:
        ours_rs, ref_rs = np.random.RandomState(seed), np.random.RandomState(seed)
        for _ in range(2):  # the second call continues the stream
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                ours = ours_cls(sampling_strategy=strategy, random_state=ours_rs).fit_resample(X, y)
            ref = ref_cls(sampling_strategy=strategy, random_state=ref_rs).fit_resample(X, y)
            assert_same(ours, ref)


def test_random_state_none_uses_numpy_global_stream_like_reference():
    X, y = make_data(3, n_classes=3, n_samples=200, n_features=3)
    np.random.seed(11)
    ours = SMOTE(sampling_strategy="all").fit_resample(X, y)
    np.random.seed(11)
    ref = reference.SMOTE(sampling_strategy="all").fit_resample(X, y)
    assert_same(ours, ref)


@pytest.mark.parametrize("seed", range(4))
def test_neighbour_objects_are_used_as_is_like_reference(seed):
    """An object's n_neighbors counts the sample itself (no + 1), ours or scikit-learn's."""
    X, y = make_data(seed, n_samples=400, n_features=5)
    sk = SkNearestNeighbors
    for neighbours in (NearestNeighbors(n_neighbors=4), sk(n_neighbors=4)):
        ours = SMOTE(k_neighbors=neighbours, random_state=seed).fit_resample(X, y)
        ref = reference.SMOTE(k_neighbors=sk(n_neighbors=4), random_state=seed).fit_resample(X, y)
        assert_same(ours, ref)
        assert_same(ours, SMOTE(k_neighbors=3, random_state=seed).fit_resample(X, y))
        ours = ADASYN(n_neighbors=neighbours, random_state=seed).fit_resample(X, y)
        ref = reference.ADASYN(n_neighbors=sk(n_neighbors=4), random_state=seed).fit_resample(X, y)
        assert_same(ours, ref)
        ours = BorderlineSMOTE(
            random_state=seed, k_neighbors=neighbours, m_neighbors=sk(n_neighbors=7), kind="borderline-2"
        ).fit_resample(X, y)
        ref = reference.BorderlineSMOTE(
            random_state=seed, k_neighbors=sk(n_neighbors=4), m_neighbors=sk(n_neighbors=7), kind="borderline-2"
        ).fit_resample(X, y)
        assert_same(ours, ref)
    assert not hasattr(neighbours, "n_samples_fit_")  # the user's object is never fitted


def test_integer_X_is_truncated_like_reference():
    X, y = make_data(5, n_samples=200, n_features=3)
    X_int = np.round(X * 1000).astype(np.int64) + np.arange(200)[:, None] * 7919  # tie-free
    assert_same(SMOTE(random_state=0).fit_resample(X_int, y), reference.SMOTE(random_state=0).fit_resample(X_int, y))
    assert_same(ADASYN(random_state=0).fit_resample(X_int, y), reference.ADASYN(random_state=0).fit_resample(X_int, y))
    ours, ref = RandomOverSampler(random_state=0, shrinkage=1.0), reference.RandomOverSampler(random_state=0, shrinkage=1.0)
    assert_same(ours.fit_resample(X_int, y), ref.fit_resample(X_int, y))  # both float64


def test_string_labels_like_reference():
    X, y = make_data(8, n_classes=3, n_samples=300, n_features=4)
    names = np.array(["apple", "orange", "pear"])[y]
    for ours_cls, ref_cls in [(SMOTE, reference.SMOTE), (ADASYN, reference.ADASYN), (RandomOverSampler, reference.RandomOverSampler)]:
        assert_same(ours_cls(random_state=1).fit_resample(X, names), ref_cls(random_state=1).fit_resample(X, names))


def test_random_over_sample_accepts_non_numeric_X_like_reference():
    X = np.array([["a", "x"], ["b", "y"], ["c", "z"], ["d", "w"], ["e", "v"]], dtype=object)
    X[0, 0] = np.nan
    y = np.array([0, 0, 0, 1, 1])
    ours = RandomOverSampler(random_state=0).fit_resample(X, y)
    ref = reference.RandomOverSampler(random_state=0).fit_resample(X, y)
    assert ours[0].dtype == object and ours[0].tolist()[5:] == ref[0].tolist()[5:]
    assert np.array_equal(ours[1], ref[1])


def test_borderline_integer_X_works_where_reference_fails():
    """Deliberate difference: borderline-2 on integer X (imbalanced-learn cannot scale in place)."""
    X, y = make_data(2, n_samples=300, n_features=3)
    X_int = np.round(X * 1000).astype(np.int64)
    with pytest.raises(TypeError):  # numpy's casting error in imbalanced-learn
        reference.BorderlineSMOTE(kind="borderline-2", random_state=0).fit_resample(X_int, y)
    X_res, y_res = BorderlineSMOTE(kind="borderline-2", random_state=0).fit_resample(X_int, y)
    assert X_res.dtype == np.int64 and np.bincount(y_res).tolist() == [np.bincount(y).max()] * 2


# --------------------------------------------------------------------------------------
# (b) against the textbook formulas
# --------------------------------------------------------------------------------------


def brute_neighbours(X_fit, X_query, k):
    """The k nearest rows of X_fit for each query (the query itself, column 0, dropped)."""
    d = ((X_query[:, None, :].astype(float) - X_fit[None, :, :]) ** 2).sum(-1)
    return np.argsort(d, axis=1, kind="stable")[:, 1 : k + 1]


@pytest.mark.parametrize("seed", range(5))
def test_smote_is_the_chawla_equation(seed):
    """x_new = x_i + delta * (x_nn - x_i), the pair drawn over the n_c * k grid."""
    X, y = make_data(seed, n_classes=2, n_samples=120, n_features=3, dtype=np.float64)
    k = 4
    X_res, _ = smote(X, y, k_neighbors=k, random_state=seed)
    minority = np.argmin(np.bincount(y))
    X_min = X[y == minority]
    n_new = int(np.bincount(y).max() - np.bincount(y).min())
    neighbours = brute_neighbours(X_min, X_min, k)
    rs = np.random.RandomState(seed)
    pick = rs.randint(0, X_min.shape[0] * k, n_new)
    delta = rs.uniform(size=n_new)
    i, j = pick // k, pick % k
    expected = X_min[i] + delta[:, None] * (X_min[neighbours[i, j]] - X_min[i])
    np.testing.assert_allclose(X_res[len(X):], expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_borderline_danger_set_is_half_or_more_but_not_all(seed):
    """D = {x_i : m/2 <= m'_i < m}, m'_i = other-class neighbours among m in the whole set."""
    X, y = make_data(seed, n_classes=2, n_samples=150, n_features=2, dtype=np.float64)
    m = 5 + seed % 3
    sampler = BorderlineSMOTE(m_neighbors=m, kind="borderline-1", random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        sampler.fit_resample(X, y)
    minority = np.argmin(np.bincount(y))
    rows = np.flatnonzero(y == minority)
    n_other = (y[brute_neighbours(X, X[rows], m)] != minority).sum(axis=1)
    expected = rows[(2 * n_other >= m) & (n_other < m)]
    got = sampler.in_danger_indices.get(minority, np.array([], dtype=int))
    assert np.array_equal(got, expected)


@pytest.mark.parametrize("seed", range(6))
def test_borderline_danger_is_the_samplers_danger_set(seed):
    """borderline_danger: m'_i by the formula; its danger rows are the sampler's in_danger_indices."""
    X, y = make_data(seed, n_samples=160, dtype=np.float64)  # 2 or 3 classes
    m = 4 + seed % 4
    sampler = BorderlineSMOTE(m_neighbors=m, sampling_strategy="all", random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        sampler.fit_resample(X, y)
    for label in np.unique(y).tolist():
        status = borderline_danger(X, y, label=label, m_neighbors=m)
        rows = np.flatnonzero(y == label)
        n_other = (y[brute_neighbours(X, X[rows], m)] != label).sum(axis=1)
        expected_m_prime = np.full(y.size, -1)
        expected_m_prime[rows] = n_other
        assert np.array_equal(status.m_prime, expected_m_prime)
        assert np.array_equal(np.flatnonzero(status.safe), rows[2 * n_other < m])
        assert np.array_equal(np.flatnonzero(status.danger), rows[(2 * n_other >= m) & (n_other < m)])
        assert np.array_equal(np.flatnonzero(status.noise), rows[n_other == m])
        if sampler.sampling_strategy_[label] > 0:  # an over-sampled class: in_danger_indices if any
            assert np.array_equal(np.flatnonzero(status.danger), sampler.in_danger_indices.get(label, []))
    # a neighbours object counts the sample itself, as in borderline_smote
    obj = borderline_danger(X, y, label=int(y[0]), m_neighbors=NearestNeighbors(n_neighbors=m + 1))
    assert np.array_equal(obj.m_prime, borderline_danger(X, y, label=int(y[0]), m_neighbors=m).m_prime)


@pytest.mark.parametrize("seed", range(6))
def test_adasyn_allocation_is_what_adasyn_makes(seed):
    """adasyn_allocation: r_i, r_i / sum(r), g_i by the formula; adasyn makes g_i points from x_i."""
    X, y = make_data(seed, n_samples=200, dtype=np.float64)
    k = 3 + seed % 3
    counts = np.bincount(y)
    n_asked = {label: int(counts.max() - counts[label]) for label in range(counts.size) if counts[label] < counts.max()}
    X_res, y_res = adasyn(X, y, n_neighbors=k, random_state=seed)  # "auto": every class up to the largest
    for label, G in n_asked.items():
        allocation = adasyn_allocation(X, y, label=label, n_asked=G, n_neighbors=k)
        rows = np.flatnonzero(y == label)
        r = (y[brute_neighbours(X, X[rows], k)] != label).sum(axis=1) / k
        np.testing.assert_array_equal(allocation.ratio, r)
        np.testing.assert_allclose(allocation.share, r / r.sum(), rtol=1e-15)
        np.testing.assert_allclose(allocation.exact, r / r.sum() * G, rtol=1e-15)
        assert allocation.n_per_sample.dtype.kind == "i"
        assert np.array_equal(allocation.n_per_sample, np.rint(r / r.sum() * G).astype(int))
        assert np.sum(y_res[len(y):] == label) == allocation.n_per_sample.sum()


def test_kernel_errors_name_the_parameter():
    X, y = make_data(0, n_classes=2, n_samples=60, n_features=2)
    with pytest.raises(ValueError, match=r"label=7 is not a class of y, whose classes are \[0, 1\]. Pass one of those."):
        borderline_danger(X, y, label=7)
    with pytest.raises(ValueError, match=r"label='a' is not a class of y"):
        adasyn_allocation(X, y, label="a", n_asked=5)
    with pytest.raises(ValueError, match=r"BorderlineSMOTE needs more samples than m_neighbors: the data has 60 samples and m_neighbors=60"):
        borderline_danger(X, y, label=1, m_neighbors=60)
    with pytest.raises(ValueError, match=r"n_asked must be at least 0, got -1"):
        adasyn_allocation(X, y, label=1, n_asked=-1)
    with pytest.raises(TypeError, match=r"n_asked must be an integer, got 2.5"):
        adasyn_allocation(X, y, label=1, n_asked=2.5)
    with pytest.raises(ValueError, match=r"ADASYN needs more samples than n_neighbors to over-sample class 1: the data set has 60 samples"):
        adasyn_allocation(X, y, label=1, n_asked=5, n_neighbors=60)
    far = np.r_[np.random.RandomState(0).standard_normal((20, 2)), 50 + np.random.RandomState(1).standard_normal((8, 2))]
    with pytest.raises(ValueError, match=r"ADASYN cannot weight class 1: none of its 8 samples"):
        adasyn_allocation(far, np.r_[np.zeros(20, int), np.ones(8, int)], label=1, n_asked=12)


@pytest.mark.parametrize("seed", range(5))
def test_borderline2_shortens_gaps_to_other_classes_below_half(seed):
    """Borderline-2: x_new = x_i + delta * alpha * (x_nn - x_i), alpha < 0.5 for other labels."""
    rng = np.random.RandomState(seed)  # two overlapping Gaussians: many samples in danger
    X = np.r_[rng.normal(0, 1, (150, 2)), rng.normal(1, 1, (50, 2))]
    y = np.r_[np.zeros(150, int), np.ones(50, int)]
    k, m = 5, 10
    sampler = BorderlineSMOTE(k_neighbors=k, m_neighbors=m, kind="borderline-2", random_state=seed)
    X_res, _ = sampler.fit_resample(X, y)
    minority = 1
    danger = sampler.in_danger_indices[minority]
    n_new = X_res.shape[0] - X.shape[0]
    neighbours = brute_neighbours(X, X[danger], k)  # (n_danger, k) into the whole X
    rs = np.random.RandomState(seed)
    pick = rs.randint(0, danger.size * k, n_new)
    delta = rs.uniform(size=n_new)
    i, j = pick // k, pick % k
    nn = neighbours[i, j]
    alpha = np.ones(n_new)
    other = y[nn] != minority
    alpha[other] = np.random.RandomState(seed).uniform(0, 0.5, other.sum())
    expected = X[danger][i] + delta[:, None] * alpha[:, None] * (X[nn] - X[danger][i])
    np.testing.assert_allclose(X_res[len(X):], expected, rtol=0, atol=1e-12)
    assert other.any() and not other.all()  # both kinds of pair occur


@pytest.mark.parametrize("seed", range(5))
def test_adasyn_shares_are_the_he_ratios(seed):
    """Sample i makes g_i = rint(r_i / sum(r) * G) points, r_i = Delta_i / k."""
    X, y = make_data(seed, n_classes=2, n_samples=150, n_features=3, dtype=np.float64)
    k = 5
    X_res, y_res = adasyn(X, y, n_neighbors=k, random_state=seed)
    minority = np.argmin(np.bincount(y))
    rows = np.flatnonzero(y == minority)
    G = int(np.bincount(y).max() - np.bincount(y).min())
    r = (y[brute_neighbours(X, X[rows], k)] != minority).sum(axis=1) / k
    g = np.rint(r / r.sum() * G).astype(int)
    assert X_res.shape[0] - X.shape[0] == g.sum()
    # the new points are grouped by base sample: block i lies on segments from x_i
    X_min = X[rows]
    neighbours = brute_neighbours(X_min, X_min, k)
    rs = np.random.RandomState(seed)
    base = np.repeat(np.arange(rows.size), g)
    cols = rs.randint(0, k, g.sum())
    delta = rs.uniform(size=g.sum())
    expected = X_min[base] + delta[:, None] * (X_min[neighbours[base, cols]] - X_min[base])
    np.testing.assert_allclose(X_res[len(X):], expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_smoothed_bootstrap_is_the_rose_kernel(seed):
    """x_new = x_i + lambda * h * sigma * z, h = (4 / ((p + 2) n)) ** (1 / (p + 4))."""
    X, y = make_data(seed, n_classes=2, n_samples=100, n_features=4, dtype=np.float64)
    shrink = 0.7
    X_res, _, idx = random_over_sample(X, y, shrinkage=shrink, random_state=seed)
    minority = np.argmin(np.bincount(y))
    rows = np.flatnonzero(y == minority)
    n, p = X.shape
    m = X_res.shape[0] - n
    h = (4 / ((p + 2) * n)) ** (1 / (p + 4))
    sigma = X[rows].std(axis=0)
    rs = np.random.RandomState(seed)
    picked = rows[rs.randint(0, rows.size, m)]
    z = rs.randn(m, p)
    assert np.array_equal(idx[n:], picked)
    np.testing.assert_allclose(X_res[n:], X[picked] + shrink * h * sigma * z, rtol=1e-12, atol=1e-12)


def test_shrinkage_zero_still_draws_noise():
    """shrinkage=0 equals a plain bootstrap for the first class only (randn is still drawn)."""
    X, y = make_data(4, n_classes=3, n_samples=200, n_features=3)
    plain = RandomOverSampler(sampling_strategy="all", random_state=0)
    zero = RandomOverSampler(sampling_strategy="all", random_state=0, shrinkage=0.0)
    plain.fit_resample(X, y)
    zero.fit_resample(X, y)
    n, first = len(y), np.bincount(y).max() - np.bincount(y)[0]
    assert np.array_equal(plain.sample_indices_[: n + first], zero.sample_indices_[: n + first])
    assert not np.array_equal(plain.sample_indices_, zero.sample_indices_)


# --------------------------------------------------------------------------------------
# (c) properties
# --------------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    n_features=st.integers(1, 6),
    k=st.integers(1, 6),
)
def test_smote_points_lie_inside_the_box_of_their_class(seed, n_features, k):
    """Every SMOTE point is a convex combination of two class samples: inside their bounding box."""
    rng = np.random.RandomState(seed)
    X = rng.standard_normal((60, n_features))
    y = np.r_[np.zeros(45, int), np.ones(15, int)]
    X_res, y_res = smote(X, y, k_neighbors=k, random_state=seed)
    new = X_res[60:]
    assert np.array_equal(X_res[:60], X)
    assert (new >= X[y == 1].min(axis=0) - 1e-12).all() and (new <= X[y == 1].max(axis=0) + 1e-12).all()
    assert np.bincount(y_res).tolist() == [45, 45]


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), scale=st.floats(0.1, 1000), shift=st.floats(-1000, 1000))
def test_smote_is_equivariant_under_scaling_and_shifting(seed, scale, shift):
    """Neighbours and steps do not change when every feature is scaled and shifted alike."""
    rng = np.random.RandomState(seed)
    X = rng.standard_normal((50, 3))
    y = np.r_[np.zeros(35, int), np.ones(15, int)]
    X_res, _ = smote(X, y, random_state=seed)
    X_aff, _ = smote(X * scale + shift, y, random_state=seed)
    np.testing.assert_allclose(X_aff, X_res * scale + shift, rtol=1e-9, atol=1e-9 * (abs(shift) + scale))


def test_inputs_are_not_modified_nor_shared_with_the_output():
    """The samplers read X without copying it, so check they never write into it."""
    X, y = make_data(1, n_samples=150, n_features=3)
    X_before, y_before = X.copy(), y.copy()
    for fn in (smote, adasyn, borderline_smote, random_over_sample):
        for kwargs in ({}, {"kind": "borderline-2"} if fn is borderline_smote else {"sampling_strategy": "all"}):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                X_res, y_res = fn(X, y, random_state=0, **kwargs)[:2]
            assert np.array_equal(X, X_before) and np.array_equal(y, y_before)
            assert not np.shares_memory(X_res, X) and not np.shares_memory(y_res, y)
    X_res, _ = RandomOverSampler(shrinkage=1.0, random_state=0).fit_resample(X, y)
    assert np.array_equal(X, X_before) and not np.shares_memory(X_res, X)


def test_borderline_warns_when_a_class_has_no_danger_and_leaves_it_alone():
    X = np.r_[np.random.RandomState(0).standard_normal((30, 2)), 100 + np.random.RandomState(1).standard_normal((10, 2))]
    y = np.r_[np.zeros(30, int), np.ones(10, int)]
    with pytest.warns(UserWarning, match=r"no sample of class 1 in danger .* class 1 is not over-sampled"):
        X_res, y_res = borderline_smote(X, y, random_state=0)
    assert np.array_equal(X_res, X) and np.array_equal(y_res, y)
    with pytest.warns(UserWarning):
        sampler = BorderlineSMOTE(random_state=0)
        sampler.fit_resample(X, y)
    assert sampler.in_danger_indices == {}


def test_adasyn_counts_can_differ_from_the_request():
    X, y = make_data(0, n_classes=2, n_samples=300, n_features=3)
    sampler = ADASYN(random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    asked = sampler.sampling_strategy_
    minority = next(iter(asked))
    assert abs(np.sum(y_res == minority) - np.sum(y == minority) - asked[minority]) <= len(y) / 2


@pytest.mark.parametrize(
    "sampler",
    [
        RandomOverSampler(random_state=0, shrinkage={0: 0.5, 1: 1.0}),
        SMOTE(random_state=0, k_neighbors=NearestNeighbors(n_neighbors=4)),
        BorderlineSMOTE(random_state=0, kind="borderline-2", m_neighbors=8),
        ADASYN(random_state=0, n_neighbors=4),
    ],
    ids=lambda s: type(s).__name__,
)
def test_clone_pipeline_and_cross_validation_like_reference(sampler):
    """sklearn's clone copies the parameters; imblearn's Pipeline resamples the training folds only."""
    X, y = make_data(0, n_classes=2, n_samples=240, n_features=4, dtype=np.float64)
    copy = clone(sampler)
    assert copy is not sampler and repr(copy) == repr(sampler)
    assert copy.get_params(deep=False).keys() == sampler.get_params(deep=False).keys()
    ref_sampler = getattr(reference, type(sampler).__name__)(
        **{k: (SkNearestNeighbors(n_neighbors=v.n_neighbors) if isinstance(v, NearestNeighbors) else v)
           for k, v in sampler.get_params(deep=False).items()}
    )
    ours = cross_val_score(make_pipeline(sampler, LogisticRegression()), X, y, cv=3)
    ref = cross_val_score(make_pipeline(ref_sampler, LogisticRegression()), X, y, cv=3)
    np.testing.assert_array_equal(ours, ref)


def test_grid_search_reaches_nested_parameters():
    X, y = make_data(1, n_classes=2, n_samples=200, n_features=3, dtype=np.float64)
    pipe = make_pipeline(SMOTE(random_state=0, k_neighbors=NearestNeighbors()), LogisticRegression())
    search = GridSearchCV(pipe, {"smote__k_neighbors__n_neighbors": [3, 6]}, cv=3).fit(X, y)
    assert search.best_params_["smote__k_neighbors__n_neighbors"] in (3, 6)
    assert SMOTE().set_params(k_neighbors=3).k_neighbors == 3
    with pytest.raises(ValueError, match=r"Invalid parameter 'k' for SMOTE"):
        SMOTE().set_params(k=3)


# --------------------------------------------------------------------------------------
# Errors, every message pinned
# --------------------------------------------------------------------------------------

X_SMALL = np.array([[0.0, 0.0], [1.0, 0.2], [0.3, 1.0], [1.1, 1.4], [2.0, 0.5], [0.7, 2.1],
                    [5.0, 5.0], [6.0, 5.3], [5.2, 6.1]])
Y_SMALL = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1])


@pytest.mark.parametrize(
    "sampler, name",
    [(SMOTE(), "SMOTE"), (ADASYN(), "ADASYN")],
)
def test_class_too_small_for_k_names_class_count_and_fix(sampler, name):
    param = "k_neighbors" if name == "SMOTE" else "n_neighbors"
    with pytest.raises(
        ValueError,
        match=rf"{name} needs more samples than {param} in every class it over-samples: class 1 has 3 samples and {param}=5\. Use {param} <= 2\.",
    ):
        sampler.fit_resample(X_SMALL, Y_SMALL)


def test_class_too_small_for_a_neighbours_object():
    with pytest.raises(ValueError, match=r"class 1 has 3 samples and k_neighbors asks for n_neighbors=6 \(the sample itself plus 5\)\. Use an object with n_neighbors <= 3"):
        smote(X_SMALL, Y_SMALL, k_neighbors=NearestNeighbors(n_neighbors=6))


def test_single_sample_class_suggests_random_over_sampling():
    y = np.array([0, 0, 0, 0, 0, 0, 0, 0, 1])
    with pytest.raises(ValueError, match=r"class 1 has 1 sample and k_neighbors=5\. Leave that class out of sampling_strategy, or use RandomOverSampler"):
        smote(X_SMALL, y)


def test_borderline1_class_too_small_and_m_too_large():
    X = np.r_[X_SMALL, [[5.5, 5.5], [5.1, 5.6]]]
    y = np.r_[Y_SMALL, 0, 0]  # class 1's samples are in danger
    with pytest.raises(ValueError, match=r"BorderlineSMOTE needs more samples than k_neighbors .* class 1 has 3 samples and k_neighbors=5\. Use k_neighbors <= 2\."):
        borderline_smote(X, y, m_neighbors=4)
    X_b2, y_b2 = borderline_smote(X, y, m_neighbors=4, kind="borderline-2", random_state=0)  # searches all X
    assert np.bincount(y_b2).tolist() == [8, 8]
    with pytest.raises(ValueError, match=r"the data has 11 samples and m_neighbors=11\. Use m_neighbors <= 10\."):
        borderline_smote(X, y, m_neighbors=11)


def test_bad_kind():
    with pytest.raises(ValueError, match=r"kind must be one of 'borderline-1', 'borderline-2'; got 'borderline-3'"):
        BorderlineSMOTE(kind="borderline-3").fit_resample(X_SMALL, Y_SMALL)


@pytest.mark.parametrize("fn", [smote, borderline_smote, adasyn])
def test_bad_neighbour_parameters(fn):
    name = "n_neighbors" if fn is adasyn else "k_neighbors"
    with pytest.raises(ValueError, match=rf"{name} must be at least 1, got 0"):
        fn(X_SMALL, Y_SMALL, **{name: 0})
    with pytest.raises(TypeError, match=rf"{name} must be an integer or an object with a kneighbors method .* got 'five' of type str"):
        fn(X_SMALL, Y_SMALL, **{name: "five"})


def test_adasyn_without_other_class_neighbours():
    X = np.r_[np.random.RandomState(0).standard_normal((20, 2)), 50 + np.random.RandomState(1).standard_normal((8, 2))]
    y = np.r_[np.zeros(20, int), np.ones(8, int)]
    with pytest.raises(ValueError, match=r"ADASYN cannot weight class 1: none of its 8 samples has a sample of another class among its 5 nearest neighbours"):
        adasyn(X, y)


def test_adasyn_rounding_to_nothing():
    X, y = make_data(0, n_classes=2, n_samples=300, n_features=3)
    minority = np.argmin(np.bincount(y))
    asked = {int(minority): int(np.sum(y == minority)) + 1}
    if np.sum(y == minority) < 3:
        pytest.skip("needs a minority with several samples")
    with pytest.raises(ValueError, match=rf"ADASYN would generate no sample of class {minority}: 1 new samples shared among"):
        adasyn(X, y, sampling_strategy=asked)


@pytest.mark.parametrize("fn", [smote, borderline_smote, adasyn, random_over_sample])
def test_length_mismatch_raises_even_for_random_over_sampling(fn):
    """Deliberate difference: imbalanced-learn's RandomOverSampler accepts mismatched X and y."""
    with pytest.raises(ValueError, match=r"inconsistent numbers of samples: X has 9 and y has 8"):
        fn(X_SMALL, Y_SMALL[:-1])


def test_reference_random_over_sample_is_silent_on_length_mismatch():
    X_res, y_res = reference.RandomOverSampler(random_state=0).fit_resample(X_SMALL, Y_SMALL[:-1])
    assert len(X_res) != len(y_res)  # the behaviour we do not copy


@pytest.mark.parametrize("fn", [smote, borderline_smote, adasyn])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_X(fn, bad):
    X = X_SMALL.copy()
    X[2, 1] = bad
    with pytest.raises(ValueError, match=r"X contains (NaN|infinity)"):
        fn(X, Y_SMALL)


def test_non_finite_X_with_shrinkage():
    X = X_SMALL.copy()
    X[2, 1] = np.nan
    random_over_sample(X, Y_SMALL, random_state=0)  # a plain bootstrap only copies rows
    with pytest.raises(ValueError, match=r"X contains NaN"):
        random_over_sample(X, Y_SMALL, shrinkage=1.0)


@pytest.mark.parametrize("fn", [smote, borderline_smote, adasyn, random_over_sample])
def test_single_class(fn):
    with pytest.raises(ValueError, match=r"y has 1 class \(0\), but resampling needs at least 2 classes"):
        fn(X_SMALL, np.zeros(9, int))


def test_strategy_asking_for_fewer_samples_than_exist():
    with pytest.raises(ValueError, match=r"sampling_strategy asks for 2 samples of class 1 but it already has 3; an over-sampler can only add samples\. Ask for at least 3"):
        smote(X_SMALL, Y_SMALL, sampling_strategy={1: 2})
    with pytest.raises(ValueError, match=r"sampling_strategy=0\.1 asks class 1 for int\(6 \* 0\.1\) = 0 samples, but it already has 3; .* Use a ratio above 0\.5"):
        ADASYN(sampling_strategy=0.1).fit_resample(X_SMALL, Y_SMALL)
    with pytest.raises(ValueError, match=r"sampling_strategy='majority' is not a strategy an over-sampler knows"):
        RandomOverSampler(sampling_strategy="majority").fit_resample(X_SMALL, Y_SMALL)


def test_dict_with_unknown_label():
    with pytest.raises(ValueError, match=r"sampling_strategy has the key\(s\) \[7\], which is not a class of y; y's classes are \[0, 1\]"):
        SMOTE(sampling_strategy={7: 20}).fit_resample(X_SMALL, Y_SMALL)


def test_shrinkage_errors():
    with pytest.raises(ValueError, match=r"shrinkage has no factor for class 1, which sampling_strategy over-samples"):
        random_over_sample(X_SMALL, Y_SMALL, shrinkage={0: 1.0})
    with pytest.raises(ValueError, match=r"shrinkage for class 1 must be a number >= 0, got -1\.0"):
        random_over_sample(X_SMALL, Y_SMALL, shrinkage={1: -1.0})
    with pytest.raises(ValueError, match=r"shrinkage must be >= 0, got -0\.5"):
        RandomOverSampler(shrinkage=-0.5).fit_resample(X_SMALL, Y_SMALL)
    with pytest.raises(TypeError, match=r"shrinkage must be None, a float >= 0 or a dict \{class: float >= 0\}, got 'big' of type str"):
        random_over_sample(X_SMALL, Y_SMALL, shrinkage="big")
    X_text = np.array([["a"], ["b"], ["c"], ["d"]], dtype=object)
    with pytest.raises(ValueError, match=r"X must contain numbers only"):
        random_over_sample(X_text, [0, 0, 0, 1], shrinkage=1.0)


def on_a_short_segment(new, X_class, k, tol=1e-9):
    """Each new point is x_i + t (x_j - x_i), t in [0, 1], with x_j no farther from x_i than
    x_i's k-th nearest other sample: true whichever of several tied neighbours was taken."""
    d = np.sqrt(((X_class[:, None, :] - X_class[None, :, :]) ** 2).sum(-1))  # (n_c, n_c)
    kth = np.sort(d, axis=1)[:, k]  # column 0 is the sample itself
    for p in new:
        found = False
        for i in range(len(X_class)):
            u = p - X_class[i]
            for j in np.flatnonzero(d[i] <= kth[i] + tol):
                v = X_class[j] - X_class[i]
                vv = v @ v
                t = (u @ v) / vv if vv > 0 else 0.0
                if -tol <= t <= 1 + tol and np.abs(u - t * v).max() <= tol:
                    found = True
                    break
            if found:
                break
        if not found:
            return False
    return True


@pytest.mark.parametrize("seed", range(3))
def test_tied_distances_keep_the_invariants(seed):
    """On an integer grid with duplicate rows the neighbour order among ties is
    implementation-defined (our docstrings say so); the guarantees that remain are checked."""
    rng = np.random.RandomState(seed)
    X = rng.randint(0, 4, size=(60, 2)).astype(float)  # many duplicates and equal distances
    y = np.r_[np.zeros(45, int), np.ones(15, int)]
    for X_res, y_res in (
        smote(X, y, k_neighbors=3, random_state=seed),
        adasyn(X, y, n_neighbors=3, random_state=seed),
        borderline_smote(X, y, k_neighbors=3, m_neighbors=6, random_state=seed),
    ):
        assert np.array_equal(X_res[:60], X) and np.array_equal(y_res[:60], y)
        assert set(y_res[60:]) == {1} and len(y_res) > 60
        assert on_a_short_segment(X_res[60:], X[y == 1], 3)
    assert not on_a_short_segment(np.array([[9.0, -9.0]]), X[y == 1], 3)  # the check can fail


# --------------------------------------------------------------------------------------
# Deliberate differences from imbalanced-learn, each pinned
# --------------------------------------------------------------------------------------


def test_float32_kept_with_shrinkage_where_reference_returns_float64():
    X, y = make_data(6, n_samples=200, n_features=3, dtype=np.float32)
    X_ours, _ = RandomOverSampler(shrinkage=1.0, random_state=0).fit_resample(X, y)
    X_ref, _ = reference.RandomOverSampler(shrinkage=1.0, random_state=0).fit_resample(X, y)
    assert X_ours.dtype == np.float32 and X_ref.dtype == np.float64
    assert np.array_equal(X_ours, X_ref.astype(np.float32))  # its rows, rounded to float32


def test_adasyn_raises_value_error_where_reference_raises_runtime_error():
    X = np.r_[np.random.RandomState(0).standard_normal((20, 2)), 50 + np.random.RandomState(1).standard_normal((8, 2))]
    y = np.r_[np.zeros(20, int), np.ones(8, int)]
    with pytest.raises(RuntimeError, match="Not any neigbours belong to the majority class"):
        reference.ADASYN().fit_resample(X, y)
    with pytest.raises(ValueError, match=r"ADASYN cannot weight class 1"):
        ADASYN().fit_resample(X, y)


def test_borderline_warns_where_reference_is_silent():
    X = np.r_[np.random.RandomState(0).standard_normal((30, 2)), 100 + np.random.RandomState(1).standard_normal((10, 2))]
    y = np.r_[np.zeros(30, int), np.ones(10, int)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        X_ref, _ = reference.BorderlineSMOTE(random_state=0).fit_resample(X, y)
    with pytest.warns(UserWarning, match=r"BorderlineSMOTE found no sample of class 1 in danger"):
        X_ours, _ = BorderlineSMOTE(random_state=0).fit_resample(X, y)
    assert np.array_equal(X_ours, X_ref)


class MinimalNeighbours:
    """Only fit and kneighbors: enough for negedu; imbalanced-learn also asks for kneighbors_graph."""

    def __init__(self, n_neighbors):
        self.n_neighbors = n_neighbors

    def fit(self, X):
        self._nn = SkNearestNeighbors(n_neighbors=self.n_neighbors).fit(X)
        return self

    def kneighbors(self, X, return_distance=True):
        return self._nn.kneighbors(X, return_distance=return_distance)


def test_a_neighbours_object_needs_only_fit_and_kneighbors():
    X, y = make_data(9, n_samples=150, n_features=3)
    ours = SMOTE(k_neighbors=MinimalNeighbours(4), random_state=0).fit_resample(X, y)
    assert_same(ours, reference.SMOTE(k_neighbors=3, random_state=0).fit_resample(X, y))
    with pytest.raises(ValueError, match="k_neighbors"):
        reference.SMOTE(k_neighbors=MinimalNeighbours(4), random_state=0).fit_resample(X, y)


# ---------------------------------------------------------------- the public interpolation kernel
@pytest.mark.parametrize("seed", range(10))
def test_smote_interpolate_is_smotes_arithmetic(seed):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(int(rng.randint(1, 30)), int(rng.randint(1, 6))))
    N = rng.normal(size=X.shape)
    steps = rng.uniform(size=X.shape[0])
    np.testing.assert_array_equal(smote_interpolate(X, N, steps), X + steps[:, None] * (N - X))
    # the samplers' kernel, which takes indices into the base rows and the candidates
    from negedu.resampling._smote import _interpolate

    rows, neighbours = rng.randint(0, X.shape[0], 50), rng.randint(0, X.shape[0], 50)
    steps = rng.uniform(size=50)
    np.testing.assert_array_equal(smote_interpolate(X[rows], N[neighbours], steps),
                                  _interpolate(X, rows, N, neighbours, steps))


def test_smote_interpolate_keeps_an_integer_dtype_and_checks_its_input():
    out = smote_interpolate(np.array([[0, 0], [10, 10]]), np.array([[3, 3], [0, 0]]), [0.5, 0.25])
    assert out.dtype.kind == "i" and out.tolist() == [[1, 1], [7, 7]]  # truncated toward zero, as imbalanced-learn
    with pytest.raises(ValueError, match=r"X_neighbors must have the shape of X_base, \(2, 2\)"):
        smote_interpolate([[0.0, 0.0], [1.0, 1.0]], [[0.0, 0.0]], [0.5, 0.5])
    with pytest.raises(ValueError, match=r"steps must hold one number per row of X_base \(2\), got 3"):
        smote_interpolate([[0.0, 0.0], [1.0, 1.0]], [[0.0, 0.0], [2.0, 2.0]], [0.5, 0.5, 0.5])
    with pytest.raises(ValueError, match=r"X_base contains NaN"):
        smote_interpolate([[np.nan, 0.0]], [[0.0, 0.0]], [0.5])
