"""negedu.model_selection: stratified folds, folds in blocks of time, and cross-validation with a resampler."""

import numpy as np
import pytest
from sklearn.metrics import f1_score as sk_f1
from sklearn.model_selection import StratifiedKFold as SkStratifiedKFold
from sklearn.neighbors import KNeighborsClassifier

from negedu.model_selection import (
    forward_folds,
    StratifiedKFold,
    cross_validate_resampling,
    predefined_folds,
    stratified_folds,
    time_folds,
)
from negedu.resampling import random_over_sample


@pytest.mark.filterwarnings("ignore:The least populated class")
@pytest.mark.parametrize("seed", range(4))
def test_stratified_folds_partition_the_rows_and_keep_each_class_share(seed):
    rng = np.random.RandomState(seed)
    y = rng.choice([0, 1, 2], size=rng.randint(30, 90), p=[0.7, 0.2, 0.1])
    folds = stratified_folds(y, 4, random_state=seed)
    tested = np.concatenate([test for _, test in folds])
    assert np.array_equal(np.sort(tested), np.arange(y.size))
    for train, test in folds:
        assert np.array_equal(np.sort(np.r_[train, test]), np.arange(y.size))
        assert np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0)
    ours = np.array([np.bincount(y[test], minlength=3) for _, test in folds])  # (fold, class)
    theirs = np.array([np.bincount(y[test], minlength=3)
                       for _, test in SkStratifiedKFold(4, shuffle=True, random_state=seed).split(y, y)])
    # stratified in scikit-learn's sense: each class's count differs by at most one between folds
    assert np.all(ours.max(axis=0) - ours.min(axis=0) <= 1) and np.all(theirs.max(axis=0) - theirs.min(axis=0) <= 1)
    assert np.array_equal(ours.sum(axis=0), theirs.sum(axis=0))
    # the first folds take the extra rows of each class
    assert np.all(np.diff(ours, axis=0) <= 0)


def test_stratified_folds_protocol_and_class():
    y = np.array([1, 0, 0, 1, 0, 0, 0, 1, 0, 0])
    rng = np.random.RandomState(3)
    fold = np.empty(y.size, dtype=int)
    for label in (0, 1):
        rows = np.flatnonzero(y == label)[rng.permutation(np.sum(y == label))]
        fold[rows] = np.arange(rows.size) % 3
    assert [test.tolist() for _, test in stratified_folds(y, 3, random_state=3)] == \
        [np.flatnonzero(fold == j).tolist() for j in range(3)]
    cv = StratifiedKFold(3, random_state=3)
    assert cv.get_n_splits() == 3 and "n_splits=3" in repr(cv)
    assert [t.tolist() for _, t in cv.split(None, y)] == [t.tolist() for _, t in stratified_folds(y, 3, random_state=3)]


@pytest.mark.parametrize("n_splits, error, match", [
    (1, ValueError, r"n_splits must be at least 2, got 1"),
    (11, ValueError, r"n_splits must be at most 10, got 11\. Use at most one fold per row"),
    (2.0, TypeError, r"n_splits must be an integer, got 2\.0"),
])
def test_stratified_folds_errors(n_splits, error, match):
    with pytest.raises(error, match=match):
        stratified_folds([0] * 7 + [1] * 3, n_splits)


def test_time_folds_are_consecutive_blocks():
    day = np.array([0.0, 11.99, 12.0, 30.0, 47.9, 48.0, 59.99, 60.0])
    assert time_folds(day, 5, 60).tolist() == [0, 0, 1, 2, 3, 4, 4, 4]
    assert time_folds(day, 5).tolist() == time_folds(day, 5, 60).tolist()  # n_days defaults to the last time
    assert time_folds(day, 1, 60).tolist() == [0] * day.size
    rng = np.random.RandomState(0)
    t = rng.uniform(0, 60, size=1000)
    assert np.array_equal(time_folds(t, 4, 60), np.minimum(np.floor(t / 15).astype(int), 3))


@pytest.mark.parametrize("kwargs, match", [
    (dict(time=[-1.0, 2.0]), r"time must be at least 0 .* got -1\. Subtract the first day"),
    (dict(time=[1.0, np.nan]), r"time contains NaN"),
    (dict(time=[1.0, 2.0], n_days=0), r"n_days must be a positive number .* got 0\. Use for example n_days=60"),
    (dict(time=[1.0, 2.0], n_folds=0), r"n_folds must be at least 1, got 0"),
])
def test_time_folds_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        time_folds(**kwargs)


def _one_nn(X_fit, y_fit, X_query):
    return KNeighborsClassifier(1).fit(X_fit, y_fit).predict(X_query)


def _oversample(X, y):
    X_res, y_res, _ = random_over_sample(X, y, random_state=0)
    return X_res, y_res, np.arange(y_res.size) >= y.size


def test_cross_validate_resampling_inside_and_before_the_split():
    rng = np.random.RandomState(1)
    X = rng.normal(size=(200, 2))
    y = (rng.uniform(size=200) < 0.1 + 0.3 * (X[:, 0] > 1)).astype(int)
    inside = cross_validate_resampling(X, y, _oversample, _one_nn, when="inside each training fold")
    expected = []
    for train, test in stratified_folds(y, 5, random_state=0):
        X_fit, y_fit, _ = _oversample(X[train], y[train])
        expected.append(sk_f1(y[test], _one_nn(X_fit, y_fit, X[test]), zero_division=0))
    assert inside.fold_scores.tolist() == pytest.approx(expected, abs=1e-12)
    assert inside.estimate == pytest.approx(np.mean(expected), abs=1e-12) and isinstance(inside.estimate, float)
    assert inside.synthetic_share == 0.0 and inside.positive_share == pytest.approx(y.mean())
    before = cross_validate_resampling(X, y, _oversample, _one_nn, when="before the split")
    X_all, y_all, synthetic = _oversample(X, y)
    expected = [sk_f1(y_all[te], _one_nn(X_all[tr], y_all[tr], X_all[te]), zero_division=0)
                for tr, te in stratified_folds(y_all, 5, random_state=0)]
    assert before.fold_scores.tolist() == pytest.approx(expected, abs=1e-12)
    assert before.positive_share == pytest.approx(0.5) and before.synthetic_share > 0.5
    assert before.estimate > inside.estimate  # copies of a test fold's positives in the training folds
    first = stratified_folds(y_all, 5, random_state=0)[0][1]
    assert np.array_equal(before.first_fold.X, X_all[first]) and np.array_equal(before.first_fold.synthetic, synthetic[first])
    accuracy = cross_validate_resampling(X, y, _oversample, _one_nn, when="inside each training fold",
                                         score=lambda t, p: float(np.mean(t == p)))
    assert 0 < accuracy.estimate <= 1
    with pytest.raises(ValueError, match=r"when must be one of \['before the split', 'inside each training fold'\], got 'after'"):
        cross_validate_resampling(X, y, _oversample, _one_nn, when="after")


def test_predefined_folds_equal_scikit_learns_predefined_split():
    from sklearn.model_selection import PredefinedSplit

    rng = np.random.RandomState(5)
    for test_fold in (rng.randint(-1, 4, size=40), np.array([2, 2, 0, 0, 1]), time_folds(rng.uniform(0, 60, 200), 5, 60)):
        ours = predefined_folds(test_fold)
        theirs = list(PredefinedSplit(test_fold).split())
        assert len(ours) == len(theirs)
        for (a, b), (c, d) in zip(ours, theirs):
            assert a.tolist() == c.tolist() and b.tolist() == d.tolist()
    with pytest.raises(ValueError, match=r"test_fold must hold integer fold numbers \(or -1 for a row never tested\)"):
        predefined_folds([0.5, 1.0])
    with pytest.raises(ValueError, match=r"test_fold must hold integer fold numbers"):
        predefined_folds([0, -2])


def test_cross_validate_resampling_on_given_folds():
    rng = np.random.RandomState(2)
    X = rng.normal(size=(120, 2))
    y = (X[:, 0] + rng.normal(size=120) > 1.2).astype(int)
    folds = predefined_folds(np.repeat(np.arange(4), 30))  # four consecutive blocks
    result = cross_validate_resampling(X, y, _oversample, _one_nn, when="inside each training fold", folds=folds)
    expected = []
    for train, test in folds:
        X_fit, y_fit, _ = _oversample(X[train], y[train])
        expected.append(sk_f1(y[test], _one_nn(X_fit, y_fit, X[test]), zero_division=0))
    assert result.fold_scores.tolist() == pytest.approx(expected, abs=1e-12)
    assert np.array_equal(result.first_fold.X, X[:30])
    with pytest.raises(ValueError, match=r"folds splits the original rows, but when='before the split'"):
        cross_validate_resampling(X, y, _oversample, _one_nn, when="before the split", folds=folds)


@pytest.mark.parametrize("n_blocks", [3, 4, 6])
def test_forward_folds_train_on_the_past_only_like_time_series_split(n_blocks):
    from sklearn.model_selection import TimeSeriesSplit

    # equal blocks in time order: TimeSeriesSplit(n_splits=k-1) cuts by row count into the same blocks
    rows_per_block = 7
    blocks = np.repeat(np.arange(n_blocks), rows_per_block)
    ours = forward_folds(blocks)
    reference = list(TimeSeriesSplit(n_splits=n_blocks - 1).split(blocks))
    assert len(ours) == len(reference) == n_blocks - 1
    for (train, test), (train_ref, test_ref) in zip(ours, reference):
        np.testing.assert_array_equal(train, train_ref)
        np.testing.assert_array_equal(test, test_ref)


def test_forward_folds_never_train_on_later_rows_and_skip_unused_rows():
    rng = np.random.RandomState(0)
    blocks = rng.randint(-1, 4, size=200)
    for train, test in forward_folds(blocks):
        assert blocks[train].max() < blocks[test].min()
        assert np.all(blocks[train] >= 0) and len(set(blocks[test])) == 1
    assert [int(blocks[test][0]) for _, test in forward_folds(blocks)] == [1, 2, 3]


@pytest.mark.parametrize("test_fold, match", [([0, 0, 0], "at least two blocks"), ([0.5, 1.0], "integer block"),
                                              ([0, -2, 1], "integer block")])
def test_forward_folds_errors(test_fold, match):
    with pytest.raises(ValueError, match=match):
        forward_folds(test_fold)
