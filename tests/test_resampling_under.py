"""Under-samplers and cleaners (RandomUnderSampler, TomekLinks, NearMiss, ENN) and the shared
machinery (check_sampling_strategy, BaseSampler): ours vs imbalanced-learn on seeded data,
textbook definitions written out here, and every error message."""

import warnings

import numpy as np
import pytest
from imblearn.pipeline import Pipeline
from imblearn.under_sampling import EditedNearestNeighbours as ReferenceENN
from imblearn.under_sampling import NearMiss as ReferenceNearMiss
from imblearn.under_sampling import RandomUnderSampler as ReferenceRUS
from imblearn.under_sampling import TomekLinks as ReferenceTomek
from imblearn.utils import check_sampling_strategy as reference_strategy
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.neighbors import NearestNeighbors as ReferenceNN

from negedu.neighbors import NearestNeighbors
from negedu.resampling import (
    EditedNearestNeighbours,
    NearMiss,
    RandomUnderSampler,
    TomekLinks,
    check_sampling_strategy,
    edited_nearest_neighbours,
    find_tomek_links,
    near_miss,
    random_under_sample,
    tomek_links,
)


def make_data(seed, *, n_classes=None, n_samples=None, n_features=None, dtype=None, min_count=8):
    """A continuous, tie-free, imbalanced data set: 2-3 classes, 2-30 features, 40-2000 rows."""
    rng = np.random.RandomState(seed)
    n_classes = n_classes or rng.choice([2, 3])
    n_samples = n_samples or int(rng.randint(300, 1201) if rng.rand() < 0.3 else rng.randint(40, 300))
    n_features = n_features or rng.randint(2, 31)
    dtype = dtype or (np.float32 if seed % 3 == 2 else np.float64)
    weights = rng.dirichlet(np.ones(n_classes) * 0.7) + 0.02
    counts = np.maximum(min_count, np.round(weights / weights.sum() * n_samples).astype(int))
    y = np.repeat(np.arange(n_classes), counts)
    rng.shuffle(y)
    centres = rng.normal(scale=1.5, size=(n_classes, n_features))
    X = rng.normal(size=(y.size, n_features)) * rng.uniform(0.3, 2.0, n_features) + centres[y]
    return X.astype(dtype), y


def assert_same_output(ours, reference, X, y):
    (X_o, y_o), (X_r, y_r) = ours.fit_resample(X, y), reference.fit_resample(X, y)
    assert np.array_equal(ours.sample_indices_, reference.sample_indices_)
    assert np.array_equal(X_o, X_r) and X_o.dtype == X_r.dtype
    assert np.array_equal(y_o, y_r) and y_o.dtype == y_r.dtype
    assert ours.sampling_strategy_ == dict(reference.sampling_strategy_)
    assert list(ours.sampling_strategy_) == list(reference.sampling_strategy_)


# --------------------------------------------------------------------------------------------
# check_sampling_strategy
# --------------------------------------------------------------------------------------------

STRATEGY_FORMS = {
    "over-sampling": ["auto", "minority", "not minority", "not majority", "all"],
    "under-sampling": ["auto", "majority", "not minority", "not majority", "all"],
    "clean-sampling": ["auto", "majority", "not minority", "not majority", "all"],
}


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("sampling_type", list(STRATEGY_FORMS))
def test_check_sampling_strategy_ours_vs_reference(seed, sampling_type):
    rng = np.random.RandomState(seed)
    y = make_data(seed, n_samples=rng.randint(40, 200), min_count=3)[1]
    labels, counts = np.unique(y, return_counts=True)
    forms = list(STRATEGY_FORMS[sampling_type])
    if sampling_type == "over-sampling":
        forms.append({int(c): int(n + rng.randint(0, 20)) for c, n in zip(labels, counts)})
        forms.append(lambda y_: {int(labels[0]): int(np.sum(y_ == labels[0])) + 3})
    elif sampling_type == "under-sampling":
        forms.append({int(c): int(rng.randint(0, n + 1)) for c, n in zip(labels, counts)})
        forms.append(lambda y_: {int(labels[-1]): 2})
    else:
        forms.append([int(labels[0])])
        forms.append([int(c) for c in labels])
    if labels.size == 2 and sampling_type != "clean-sampling":
        n_min, n_max = counts.min(), counts.max()
        ratio = n_min / n_max
        forms += [min(1.0, ratio + 0.05), 1.0, min(1.0, ratio * 1.5 + 0.01)]
    for form in forms:
        ours = check_sampling_strategy(form, y, sampling_type)
        reference = reference_strategy(form, y, sampling_type)
        assert ours == dict(reference), form
        assert list(ours) == list(reference), form
        assert all(type(key) is int for key in ours)


def test_check_sampling_strategy_textbook():
    y = np.array([0] * 20 + [1] * 10 + [2] * 5)
    assert check_sampling_strategy("auto", y, "over-sampling") == {1: 10, 2: 15}
    assert check_sampling_strategy("all", y, "over-sampling") == {0: 0, 1: 10, 2: 15}
    assert check_sampling_strategy("minority", y, "over-sampling") == {2: 15}
    assert check_sampling_strategy("not minority", y, "over-sampling") == {0: 0, 1: 10}
    assert check_sampling_strategy("auto", y, "under-sampling") == {0: 5, 1: 5}
    assert check_sampling_strategy("majority", y, "under-sampling") == {0: 5}
    assert check_sampling_strategy("not majority", y, "clean-sampling") == {1: 5, 2: 5}
    assert check_sampling_strategy({2: 30, 0: 20}, y, "over-sampling") == {0: 0, 2: 25}  # sorted
    assert list(check_sampling_strategy({2: 1, 0: 3}, y, "under-sampling")) == [0, 2]
    # int() truncates toward zero: int(20 * 0.66 - 10) = int(3.2000000000000006) = 3
    assert check_sampling_strategy(0.66, [0] * 20 + [1] * 10, "over-sampling") == {1: 3}
    assert check_sampling_strategy(0.3, [0] * 20 + [1] * 5, "under-sampling") == {0: 16}
    # ties: the smallest label is both the "majority" and the "minority"
    assert check_sampling_strategy("auto", [1, 1, 0, 0], "under-sampling") == {1: 2}
    assert check_sampling_strategy("auto", [1, 1, 0, 0], "over-sampling") == {1: 0}
    # string labels
    assert check_sampling_strategy("auto", ["b", "a", "a"], "over-sampling") == {"b": 1}


@pytest.mark.parametrize(
    "form, y, sampling_type, error, match",
    [
        ("auto", [1, 1, 1], "under-sampling", ValueError, r"y has 1 class \(1\), but resampling needs at least 2"),
        ("minority", [0, 0, 1], "under-sampling", ValueError, r"'minority' is not a strategy an under-sampler knows; use one of 'auto', 'majority'"),
        ("majority", [0, 0, 1], "over-sampling", ValueError, r"'majority' is not a strategy an over-sampler knows"),
        ("balanced", [0, 0, 1], "clean-sampling", ValueError, r"'balanced' is not a strategy a cleaning sampler knows"),
        ({5: 3}, [0, 0, 1], "under-sampling", ValueError, r"has the key\(s\) \[5\], which is not a class of y; y's classes are \[0, 1\]"),
        ({0: -1}, [0, 0, 1], "under-sampling", ValueError, r"asks for -1 samples of class 0; a number of samples cannot be negative"),
        ({1: 7}, [0] * 9 + [1] * 5, "under-sampling", ValueError, r"asks for 7 samples of class 1 but it has only 5; an under-sampler can only keep samples it has. Ask for at most 5"),
        ({0: 20}, [0] * 25 + [1] * 5, "over-sampling", ValueError, r"asks for 20 samples of class 0 but it already has 25; an over-sampler can only add samples. Ask for at least 25"),
        ({0: 2.5}, [0, 0, 1], "under-sampling", TypeError, r"sampling_strategy\[0\] must be an integer number of samples, got 2.5"),
        ({0: 1}, [0, 0, 1], "clean-sampling", ValueError, r"is a dict, but a cleaning sampler only needs to know which classes.*Pass a list"),
        (lambda y: {0: 1}, [0, 0, 1], "clean-sampling", ValueError, r"is a dict, but a cleaning sampler"),
        ([0], [0, 0, 1], "under-sampling", ValueError, r"is a list, which only cleaning samplers accept"),
        ([3], [0, 0, 1], "clean-sampling", ValueError, r"sampling_strategy lists \[3\], which is not a class of y"),
        (0.5, [0, 0, 1, 2], "under-sampling", ValueError, r"sampling_strategy=0.5 is a ratio, which is only defined for two classes, but y has 3 classes \[0, 1, 2\]"),
        (0.5, [0, 0, 1], "clean-sampling", ValueError, r"is a ratio, but a cleaning sampler removes whatever its rule finds"),
        (1.5, [0, 0, 1], "under-sampling", ValueError, r"sampling_strategy=1.5 is a ratio minority / majority, so it must be in \(0, 1\]"),
        (0.0, [0, 0, 1], "over-sampling", ValueError, r"must be in \(0, 1\]"),
        (0.2, [0] * 10 + [1] * 4, "over-sampling", ValueError, r"sampling_strategy=0.2 asks class 1 for int\(10 \* 0.2\) = 2 samples, but it already has 4.*Use a ratio above 0.4"),
        (0.4, [0] * 10 + [1] * 4, "over-sampling", ValueError, r"asks class 1 for int\(10 \* 0.4\) = 4 samples, but it already has 4"),
        (0.2, [0] * 10 + [1] * 4, "under-sampling", ValueError, r"asks to keep int\(4 / 0.2\) = 20 samples of class 0 but it has only 10.*Use a ratio of at least 0.4"),
        (lambda y: [0], [0, 0, 1], "under-sampling", TypeError, r"is a callable, so it must return a dict.*it returned \[0\] of type list"),
        (3, [0, 0, 1], "under-sampling", ValueError, r"sampling_strategy=3 is a ratio minority / majority, so it must be in \(0, 1\]"),
        (True, [0, 0, 1], "under-sampling", TypeError, r"must be a string, a float, a dict, a list or a callable, got True"),
        (None, [0, 0, 1], "under-sampling", TypeError, r"got None of type NoneType"),
        ("auto", [0, 0, 1], "sampling", ValueError, r"sampling_type must be one of 'over-sampling'"),
    ],
)
def test_check_sampling_strategy_errors(form, y, sampling_type, error, match):
    with pytest.raises(error, match=match):
        check_sampling_strategy(form, y, sampling_type)


# --------------------------------------------------------------------------------------------
# RandomUnderSampler
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("replacement", [False, True])
def test_random_under_sampler_ours_vs_reference(seed, replacement):
    X, y = make_data(seed)
    labels, counts = np.unique(y, return_counts=True)
    rng = np.random.RandomState(seed)
    strategies = ["auto", "all", "majority", "not majority", {int(labels[-1]): int(counts[-1] // 2)}]
    if labels.size == 2:
        strategies.append(1.0)
    for strategy in strategies:
        random_state = int(rng.randint(2**31))
        ours = RandomUnderSampler(sampling_strategy=strategy, random_state=random_state, replacement=replacement)
        reference = ReferenceRUS(sampling_strategy=strategy, random_state=random_state, replacement=replacement)
        assert_same_output(ours, reference, X, y)


def test_random_under_sampler_random_state_forms():
    X, y = make_data(3)
    # None uses NumPy's global RandomState, so np.random.seed makes it reproducible
    np.random.seed(5)
    ours = random_under_sample(X, y)[2]
    np.random.seed(5)
    np.testing.assert_array_equal(ours, _rus_none(X, y))
    # a RandomState instance continues its stream across calls, as in imbalanced-learn
    rs_ours, rs_ref = np.random.RandomState(9), np.random.RandomState(9)
    for _ in range(3):
        ours = RandomUnderSampler(random_state=rs_ours)
        reference = ReferenceRUS(random_state=rs_ref)
        assert_same_output(ours, reference, X, y)


def _rus_none(X, y):
    reference = ReferenceRUS()
    reference.fit_resample(X, y)
    return reference.sample_indices_


def test_random_under_sampler_textbook():
    # one RandomState, class by class in label order: permutation(n_c)[:n_keep] of each class
    y = np.array([1, 0, 2, 0, 1, 0, 0, 2, 0, 1])
    X = np.arange(20.0).reshape(10, 2)
    rs = np.random.RandomState(0)
    expected = []
    for label in [0, 1, 2]:
        rows = np.flatnonzero(y == label)
        expected += (rows[rs.permutation(rows.size)[:2]] if label != 2 else rows).tolist()
    X_res, y_res, idx = random_under_sample(X, y, random_state=0)
    assert idx.tolist() == expected
    np.testing.assert_array_equal(X_res, X[expected])
    assert np.bincount(y_res).tolist() == [2, 2, 2]


def test_random_under_sampler_accepts_any_x_but_checks_lengths():
    X = np.array([["a", np.nan], ["b", 1.0], ["c", 2.0], ["d", 3.0]], dtype=object)
    y = [0, 0, 0, 1]
    X_res, y_res = RandomUnderSampler(random_state=0).fit_resample(X, y)
    assert X_res.dtype == object and X_res.shape == (2, 2) and sorted(y_res.tolist()) == [0, 1]
    X_nan = np.array([[np.nan], [np.inf], [1.0], [2.0]])
    assert RandomUnderSampler(random_state=0).fit_resample(X_nan, y)[0].shape == (2, 1)
    # deliberate difference: imbalanced-learn lets a length mismatch through; we raise
    ReferenceRUS(random_state=0).fit_resample(np.zeros((5, 1)), y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples: X has 5 and y has 4"):
        RandomUnderSampler(random_state=0).fit_resample(np.zeros((5, 1)), y)
    with pytest.raises(ValueError, match="X must be 2-D"):
        random_under_sample(np.zeros(4), y)
    with pytest.raises(TypeError, match="replacement must be True or False, got 'yes'"):
        random_under_sample(np.zeros((4, 1)), y, replacement="yes")
    with pytest.raises(ValueError, match="asks for 5 samples of class 0 but it has only 3"):
        random_under_sample(np.zeros((4, 1)), y, sampling_strategy={0: 5})


# --------------------------------------------------------------------------------------------
# TomekLinks
# --------------------------------------------------------------------------------------------


def textbook_tomek_links(X, y):
    """Every pair (i, j), y_i != y_j, with no sample closer to either of them: a loop."""
    X = np.asarray(X, dtype=np.float64)
    n = len(X)
    d = np.array([[np.sum((X[i] - X[j]) ** 2) if i != j else np.inf for j in range(n)] for i in range(n)])
    nearest = d.argmin(axis=1)
    return np.array([y[nearest[i]] != y[i] and nearest[nearest[i]] == i for i in range(n)])


@pytest.mark.parametrize("seed", range(16))
def test_tomek_links_ours_vs_reference(seed):
    X, y = make_data(seed)
    labels = np.unique(y)
    strategies = ["auto", "all", "majority", "not majority", "not minority", [int(labels[0])]]
    for i in np.random.RandomState(seed).choice(len(strategies), 3, replace=False):
        strategy = strategies[i]
        assert_same_output(TomekLinks(sampling_strategy=strategy), ReferenceTomek(sampling_strategy=strategy), X, y)


@pytest.mark.parametrize("seed", range(4))
def test_tomek_links_textbook(seed):
    X, y = make_data(seed, n_samples=150, n_features=2, n_classes=2 + seed % 2)
    in_link = textbook_tomek_links(X, y)
    assert in_link.any()
    np.testing.assert_array_equal(find_tomek_links(X, y), in_link)
    X_res, y_res, idx = tomek_links(X, y, sampling_strategy="all")
    np.testing.assert_array_equal(idx, np.flatnonzero(~in_link))
    # "auto" on two classes: only the majority end of each link goes
    labels, counts = np.unique(y, return_counts=True)
    minority = labels[np.argmin(counts)]
    idx_auto = tomek_links(X, y)[2]
    np.testing.assert_array_equal(idx_auto, np.flatnonzero(~(in_link & (y != minority))))


def test_tomek_links_multiclass_auto_removes_both_non_minority_ends():
    X = np.array([[0.0], [3.0], [5.0], [5.1], [9.0], [20.0]])
    y = np.array([0, 1, 1, 2, 2, 0])
    # every class has 2 samples, so the minority is label 0; classes 1 and 2 link at 5.0 / 5.1
    assert tomek_links(X, y)[2].tolist() == [0, 1, 4, 5]
    reference = ReferenceTomek()
    reference.fit_resample(X, y)
    assert reference.sample_indices_.tolist() == [0, 1, 4, 5]


# --------------------------------------------------------------------------------------------
# NearMiss
# --------------------------------------------------------------------------------------------


def textbook_near_miss_scores(X, y, rows, version, k):
    """Sum of distances to the k nearest (versions 1, 3) or k farthest (version 2) minority samples."""
    from collections import Counter

    counts = Counter(y.tolist())
    minority = min(counts, key=counts.get)
    X = np.asarray(X, dtype=np.float64)
    X_min = X[y == minority]
    d = np.sort(np.sqrt(((X[rows][:, None, :] - X_min[None, :, :]) ** 2).sum(axis=2)), axis=1)
    return d[:, -k:].sum(axis=1) if version == 2 else d[:, :k].sum(axis=1)


def assert_near_miss_matches(ours, reference, X, y, version, k):
    """Equal output, or equal up to rows whose scores tie (exactly, or within rounding).

    scikit-learn's brute-force path (> 15 features, and always for NearMiss-2) computes
    distances as ||q||^2 - 2 q.f + ||f||^2, so scores equal to ~1e-8 (and the structural ties of
    the minority class scored against itself) can come out in either order; see near_miss's Notes.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        X_o, y_o = ours.fit_resample(X, y)
        X_r, y_r = reference.fit_resample(X, y)
    assert ours.sampling_strategy_ == dict(reference.sampling_strategy_)
    io, ir = ours.sample_indices_, reference.sample_indices_
    assert io.shape == ir.shape
    np.testing.assert_array_equal(y_o, y_r)
    if np.array_equal(io, ir):
        assert np.array_equal(X_o, X_r) and X_o.dtype == X_r.dtype
        return 0
    differ = np.flatnonzero(io != ir)
    tolerance = 1e-6 if X.dtype == np.float32 else 1e-9
    np.testing.assert_allclose(
        textbook_near_miss_scores(X, y, io[differ], version, k),
        textbook_near_miss_scores(X, y, ir[differ], version, k),
        rtol=tolerance,
        atol=tolerance,
    )
    return 1


@pytest.mark.parametrize("seed", range(20))
def test_near_miss_ours_vs_reference(seed):
    X, y = make_data(seed)
    labels, counts = np.unique(y, return_counts=True)
    rng = np.random.RandomState(seed)
    strategies = ["auto", {int(labels[np.argmax(counts)]): int(counts.min() + rng.randint(0, 5))}]
    if labels.size == 2:
        strategies.append(0.8)
    else:
        strategies.append("not majority")  # the minority itself is under-sampled too
    mismatches = 0
    for strategy in strategies:
        for version in (1, 2, 3):
            k = int(rng.choice([1, 2, 3, 5]))
            k3 = int(rng.choice([1, 3, 4]))
            ours = NearMiss(sampling_strategy=strategy, version=version, n_neighbors=k, n_neighbors_ver3=k3)
            reference = ReferenceNearMiss(sampling_strategy=strategy, version=version, n_neighbors=k, n_neighbors_ver3=k3)
            mismatches += assert_near_miss_matches(ours, reference, X, y, version, k)
    if X.shape[1] <= 15 and strategies[-1] != "not majority":
        assert mismatches == 0  # KD-tree path of the reference, no structural ties: exact


@pytest.mark.parametrize("version", [1, 2, 3])
def test_near_miss_textbook(version):
    X, y = make_data(100 + version, n_samples=300, n_features=4, n_classes=2, dtype=np.float64)
    k = 3
    labels, counts = np.unique(y, return_counts=True)
    majority = labels[np.argmax(counts)]
    rows = np.flatnonzero(y == majority)
    n_keep = counts.min()
    if version in (1, 2):
        scores = textbook_near_miss_scores(X, y, rows, version, k)
        expected = rows[sorted(range(rows.size), key=lambda i: scores[i])[:n_keep]]
    else:
        minority_rows = np.flatnonzero(y != majority)
        nominated = set()
        for i in minority_rows:  # each minority sample nominates its 3 nearest majority samples
            d = np.sqrt(((X[rows] - X[i]) ** 2).sum(axis=1))
            nominated.update(np.argsort(d, kind="stable")[:3].tolist())
        candidates = rows[sorted(nominated)]
        scores = textbook_near_miss_scores(X, y, candidates, 1, k)
        expected = candidates[sorted(range(candidates.size), key=lambda i: -scores[i])[:n_keep]]
    idx = near_miss(X, y, version=version, n_neighbors=k)[2]
    np.testing.assert_array_equal(idx[: len(expected)], expected)
    np.testing.assert_array_equal(idx[len(expected):], np.flatnonzero(y != majority))


def test_near_miss_reference_class_is_the_first_seen_on_a_count_tie():
    # classes 1 and 0 both have 3 samples; class 1 appears first in y, so it is NearMiss's minority
    rng = np.random.RandomState(0)
    y = np.array([1, 2, 0, 2, 1, 2, 0, 2, 1, 0, 2, 2])
    X = rng.normal(size=(12, 3))
    ours = NearMiss(sampling_strategy={2: 3}, n_neighbors=2)
    reference = ReferenceNearMiss(sampling_strategy={2: 3}, n_neighbors=2)
    assert_same_output(ours, reference, X, y)
    rows = np.flatnonzero(y == 2)
    scores = textbook_near_miss_scores(X, y, rows, 1, 2)  # Counter's choice: class 1
    np.testing.assert_array_equal(ours.sample_indices_[-3:], rows[np.argsort(scores, kind="stable")[:3]])
    X_min0 = X[y == 0]  # scoring against class 0 instead would keep other rows
    scores0 = np.sort(np.linalg.norm(X[rows][:, None] - X_min0[None], axis=2), axis=1)[:, :2].sum(axis=1)
    assert set(rows[np.argsort(scores0)[:3]]) != set(ours.sample_indices_[-3:].tolist())


def test_near_miss_3_warns_when_too_few_candidates():
    X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [10.0], [10.5]])
    y = np.array([0, 0, 0, 0, 0, 1, 1])
    with pytest.warns(UserWarning, match=r"NearMiss-3 found only 1 candidate samples of class 0.*asks to keep 2; all 1 are kept"):
        X_res, y_res, idx = near_miss(X, y, version=3, n_neighbors=1, n_neighbors_ver3=1)
    assert idx.tolist() == [4, 5, 6]
    with pytest.warns(UserWarning):
        reference = ReferenceNearMiss(version=3, n_neighbors=1, n_neighbors_ver3=1)
        reference.fit_resample(X, y)
    assert reference.sample_indices_.tolist() == [4, 5, 6]


def test_near_miss_errors():
    X = np.arange(14.0).reshape(7, 2)
    y = [0, 0, 0, 0, 0, 1, 1]
    with pytest.raises(ValueError, match=r"NearMiss-1 scores each sample by its n_neighbors=3 nearest samples of the minority class 1, which has only 2. Use n_neighbors <= 2"):
        near_miss(X, y)
    with pytest.raises(ValueError, match=r"NearMiss-3 scores each sample by its n_neighbors=3 nearest"):
        NearMiss(version=3).fit_resample(X, y)
    assert near_miss(X, y, version=2)[2].size == 4  # version 2 uses every minority sample anyway
    with pytest.raises(ValueError, match=r"NearMiss-3 lets each minority sample nominate its n_neighbors_ver3=6 nearest samples of class 0, which has only 5. Use n_neighbors_ver3 <= 5"):
        near_miss(X, y, version=3, n_neighbors=1, n_neighbors_ver3=6)
    with pytest.raises(ValueError, match="version must be at most 3, got 4. NearMiss has versions 1, 2 and 3"):
        near_miss(X, y, version=4, n_neighbors=1)
    with pytest.raises(TypeError, match="n_neighbors must be an integer or an object with a kneighbors method"):
        near_miss(X, y, n_neighbors="3")
    with pytest.raises(ValueError, match="X contains NaN"):
        near_miss(np.where(X == 4.0, np.nan, X), y, n_neighbors=1)
    with pytest.raises(ValueError, match="X contains infinity"):
        NearMiss(n_neighbors=1).fit_resample(np.where(X == 4.0, np.inf, X), y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples: X has 7 and y has 6"):
        near_miss(X, y[:6], n_neighbors=1)


# --------------------------------------------------------------------------------------------
# EditedNearestNeighbours
# --------------------------------------------------------------------------------------------


def textbook_enn(X, y, k, kind_sel, targets):
    """Wilson's rule, sample by sample, with a sort over all other samples."""
    X = np.asarray(X, dtype=np.float64)
    kept = []
    for label in np.unique(y):
        for i in np.flatnonzero(y == label):
            if label not in targets:
                kept.append(i)
                continue
            d = ((X - X[i]) ** 2).sum(axis=1)
            d[i] = np.inf
            votes = y[np.argsort(d, kind="stable")[:k]]
            if kind_sel == "all":
                keep = np.all(votes == label)
            else:
                values, counts = np.unique(votes, return_counts=True)
                keep = values[np.argmax(counts)] == label
            if keep:
                kept.append(i)
    return np.array(kept)


@pytest.mark.parametrize("seed", range(16))
def test_enn_ours_vs_reference(seed):
    X, y = make_data(seed)
    labels = np.unique(y)
    rng = np.random.RandomState(seed)
    strategies = ["auto", "all", "majority", [int(labels[-1])]]
    for kind_sel in ("all", "mode"):
        for strategy in [strategies[i] for i in rng.choice(len(strategies), 2, replace=False)]:
            k = int(rng.choice([1, 2, 3, 4, 7]))
            ours = EditedNearestNeighbours(sampling_strategy=strategy, n_neighbors=k, kind_sel=kind_sel)
            reference = ReferenceENN(sampling_strategy=strategy, n_neighbors=k, kind_sel=kind_sel)
            assert_same_output(ours, reference, X, y)


@pytest.mark.parametrize("seed", range(3))
def test_classes_are_searched_in_small_chunks_without_changing_the_output(seed, monkeypatch):
    import negedu.neighbors as neighbors_module

    X, y = make_data(seed)
    for name, value in [("_TILE", 32), ("_SINGLE_TILE", 32), ("_TILE_ELEMENTS", 32 * 5), ("_QUERY_CHUNK", 5),
                        ("_DIRECT_MAX_FIT", 10)]:
        monkeypatch.setattr(neighbors_module, name, value)  # many tiles and chunks, the last ones short
    for kind_sel in ("all", "mode"):
        assert_same_output(EditedNearestNeighbours(kind_sel=kind_sel, sampling_strategy="all"),
                           ReferenceENN(kind_sel=kind_sel, sampling_strategy="all"), X, y)
    for version in (1, 2, 3):
        assert_same_output(NearMiss(version=version), ReferenceNearMiss(version=version), X, y)
    assert_same_output(TomekLinks(sampling_strategy="all"), ReferenceTomek(sampling_strategy="all"), X, y)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("kind_sel", ["all", "mode"])
def test_enn_textbook(seed, kind_sel):
    X, y = make_data(seed, n_samples=200, n_classes=3, n_features=3)
    targets = check_sampling_strategy("all", y, "clean-sampling")
    expected = textbook_enn(X, y, 4, kind_sel, targets)
    idx = edited_nearest_neighbours(X, y, sampling_strategy="all", n_neighbors=4, kind_sel=kind_sel)[2]
    np.testing.assert_array_equal(idx, expected)


def test_enn_mode_breaks_vote_ties_toward_the_smallest_label():
    X = np.array([[0.0], [-1.0], [1.1], [3.0]])
    y = np.array([1, 0, 1, 0])
    # sample 0's two neighbours are classes 0 and 1: a tie, which scipy.stats.mode gives to 0
    idx = edited_nearest_neighbours(X, y, sampling_strategy="all", n_neighbors=2, kind_sel="mode")[2]
    reference = ReferenceENN(sampling_strategy="all", n_neighbors=2, kind_sel="mode")
    reference.fit_resample(X, y)
    np.testing.assert_array_equal(idx, reference.sample_indices_)
    assert 0 not in idx.tolist()


def test_enn_mode_with_string_labels_is_a_deliberate_difference():
    X, y = make_data(4, n_samples=120, n_classes=3, n_features=3)
    names = np.array(["ant", "bee", "cat"])[y]
    ours = edited_nearest_neighbours(X, names, kind_sel="mode")[2]
    np.testing.assert_array_equal(ours, edited_nearest_neighbours(X, y, kind_sel="mode")[2])
    with pytest.raises(TypeError):  # scipy.stats.mode rejects strings inside imbalanced-learn
        ReferenceENN(kind_sel="mode").fit_resample(X, names)


def test_enn_errors():
    X = np.arange(6.0).reshape(3, 2)
    y = [0, 0, 1]
    with pytest.raises(ValueError, match=r"EditedNearestNeighbours lets the 3 nearest other samples vote \(n_neighbors=3\), but X has only 3 samples.*Use n_neighbors <= 2"):
        edited_nearest_neighbours(X, y)
    with pytest.raises(ValueError, match=r"kind_sel must be one of 'all', 'mode'; got 'any'"):
        EditedNearestNeighbours(kind_sel="any").fit_resample(X, y)
    with pytest.raises(ValueError, match="n_neighbors must be at least 1, got 0"):
        edited_nearest_neighbours(X, y, n_neighbors=0)
    with pytest.raises(ValueError, match="is a ratio, but a cleaning sampler"):
        EditedNearestNeighbours(sampling_strategy=0.5).fit_resample(X, y)
    with pytest.raises(ValueError, match=r"y has 1 class \(0\)"):
        edited_nearest_neighbours(X, [0, 0, 0], n_neighbors=1)
    with pytest.raises(ValueError, match=r"y looks continuous \(for example 0.5\)"):
        edited_nearest_neighbours(X, [0.5, 1.0, 0.0], n_neighbors=1)


# --------------------------------------------------------------------------------------------
# Neighbour objects, fit, parameters, clone, pipelines
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("make_nn", [NearestNeighbors, ReferenceNN], ids=["negedu", "sklearn"])
def test_neighbour_objects_are_used_as_is(make_nn):
    X, y = make_data(8, n_samples=400, n_features=5)
    user = make_nn(n_neighbors=4)
    # ENN: an object counts the sample itself, so NearestNeighbors(4) means 3 voters
    ours = EditedNearestNeighbours(n_neighbors=user)
    assert_same_output(ours, ReferenceENN(n_neighbors=ReferenceNN(n_neighbors=4)), X, y)
    np.testing.assert_array_equal(ours.sample_indices_, edited_nearest_neighbours(X, y, n_neighbors=3)[2])
    for version in (1, 2, 3):
        ours = NearMiss(version=version, n_neighbors=user, n_neighbors_ver3=make_nn(n_neighbors=2))
        reference = ReferenceNearMiss(version=version, n_neighbors=ReferenceNN(n_neighbors=4), n_neighbors_ver3=ReferenceNN(n_neighbors=2))
        assert_same_output(ours, reference, X, y)
    assert not hasattr(user, "n_samples_fit_")  # never fitted in place


def test_fit_sets_attributes_without_resampling():
    X, y = make_data(2, n_samples=100, n_classes=2)
    sampler = NearMiss().fit(X, y)
    assert sampler.sampling_strategy_ == check_sampling_strategy("auto", y, "under-sampling")
    assert sampler.n_features_in_ == X.shape[1]
    assert not hasattr(sampler, "sample_indices_")


def test_params_repr_and_clone():
    sampler = NearMiss(version=2, n_neighbors=NearestNeighbors(n_neighbors=4))
    assert repr(sampler) == "NearMiss(version=2, n_neighbors=NearestNeighbors(n_neighbors=4))"
    assert repr(TomekLinks()) == "TomekLinks()"
    assert repr(RandomUnderSampler(sampling_strategy={0: 3})) == "RandomUnderSampler(sampling_strategy={0: 3})"
    params = sampler.get_params()
    assert params["n_neighbors__n_neighbors"] == 4 and params["version"] == 2
    assert set(sampler.get_params(deep=False)) == {"sampling_strategy", "version", "n_neighbors", "n_neighbors_ver3", "n_jobs"}
    sampler.set_params(n_neighbors__n_neighbors=2, version=1)
    assert sampler.n_neighbors.n_neighbors == 2 and sampler.version == 1
    twin = clone(sampler)
    assert twin is not sampler and twin.n_neighbors is not sampler.n_neighbors
    assert twin.get_params(deep=False).keys() == sampler.get_params(deep=False).keys()
    with pytest.raises(ValueError, match=r"Invalid parameter 'k_neighbors' for EditedNearestNeighbours. Valid parameters are \['sampling_strategy', 'n_neighbors', 'kind_sel', 'n_jobs'\]"):
        EditedNearestNeighbours().set_params(k_neighbors=3)


@pytest.mark.parametrize(
    "sampler",
    [RandomUnderSampler(random_state=0), TomekLinks(), NearMiss(version=3), EditedNearestNeighbours()],
    ids=lambda s: type(s).__name__,
)
def test_samplers_in_imblearn_pipeline_and_cross_validation(sampler):
    X, y = make_data(5, n_samples=300, n_classes=2, n_features=4)
    pipe = Pipeline([("sampler", sampler), ("model", LogisticRegression())])
    scores = cross_val_score(pipe, X, y, cv=3, scoring="balanced_accuracy")
    assert scores.shape == (3,) and np.all(scores > 0.5)
    grid = {"sampler__sampling_strategy": ["auto", "all"]}
    search = GridSearchCV(pipe, grid, cv=3).fit(X, y)
    assert search.best_params_["sampler__sampling_strategy"] in ("auto", "all")
    assert set(pipe.fit(X, y).predict(X[:10])) <= {0, 1}


def test_samplers_have_imblearn_sampler_tags():
    # documented in negedu/_estimator.py: the tags are built only when scikit-learn asks for them
    from sklearn.utils import get_tags

    tags = get_tags(TomekLinks())
    assert tags.estimator_type == "sampler" and tags.target_tags.required and not tags.input_tags.allow_nan
    assert tags.sampler_tags is not None
    assert get_tags(RandomUnderSampler()).input_tags.allow_nan  # the random samplers only pick rows
    pipe = Pipeline([("sampler", TomekLinks()), ("model", LogisticRegression())])
    assert get_tags(pipe).estimator_type == "classifier"
