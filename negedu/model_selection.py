r"""Folds for cross-validation: stratified by class, or in blocks of time.

Two ways of cutting the rows of a dataset into :math:`k` folds, each used once as held-out
data while the others train:

* :func:`stratified_folds` (and the thin :class:`StratifiedKFold` around it): every fold keeps
  (nearly) the share of each class that the whole dataset has, so that a rare positive class
  is in every held-out fold (Kohavi, "A study of cross-validation and bootstrap for accuracy
  estimation and model selection", IJCAI 1995);
* :func:`time_folds`: consecutive blocks of time, for data whose rows arrive in order, where
  shuffled folds would let a model learn from the future (Bergmeir and Benitez, "On the use
  of cross-validation for time series predictor evaluation", Information Sciences 2012).

:func:`predefined_folds` turns a fold number per row (such as :func:`time_folds`'s) into
``(train, test)`` index pairs, and :func:`forward_folds` into forward-chaining pairs (train on the
past blocks only). Whatever the folds, a resampler is part of training: it runs on
the training folds only, never on the held-out one; :func:`cross_validate_resampling` does that,
or, to show what goes wrong, resamples before the split.
"""

import numbers

import numpy as np

from ._validation import _short, check_1d, check_int, check_labels, check_random_state
from .datasets import Bunch
from .metrics import f1_score

__all__ = ["stratified_folds", "StratifiedKFold", "time_folds", "predefined_folds", "forward_folds", "RESAMPLING_WHEN",
           "cross_validate_resampling"]


def stratified_folds(y, n_splits=5, random_state=None):
    r"""Split the rows into ``n_splits`` folds with (nearly) the same share of each class.

    For each class :math:`c`, in ascending label order, one permutation of its :math:`n_c`
    rows is drawn and its :math:`j`-th row goes to fold :math:`j \bmod k`. Fold :math:`f`
    therefore holds :math:`\lfloor n_c / k \rfloor` or :math:`\lceil n_c / k \rceil` rows of
    every class, the larger count going to the first folds.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels.
    n_splits : int, default=5
        :math:`k`, the number of folds (at least 2, at most the number of rows).
    random_state : None, int or numpy.random.RandomState, default=None
        Seed of the permutations.

    Returns
    -------
    folds : list of (train_indices, test_indices)
        ``n_splits`` pairs of sorted index arrays; every row is in exactly one test fold.

    Raises
    ------
    ValueError
        If ``n_splits`` is below 2 or above the number of rows.

    Notes
    -----
    Random-number protocol: one ``RandomState`` for the call, then one
    ``permutation(n_c)`` per class in ascending label order.

    The folds are *not* those of scikit-learn's ``StratifiedKFold(n_splits, shuffle=True,
    random_state=seed)`` for the same seed: scikit-learn shuffles the rows of each class
    differently and deals the classes' counts out to the folds in another order. Both are
    stratified in the same sense (each class's count differs by at most one between
    folds), so estimates agree in distribution, not row by row.

    Examples
    --------
    >>> folds = stratified_folds([0] * 8 + [1] * 4, n_splits=2, random_state=0)
    >>> [int(np.sum(np.array([0] * 8 + [1] * 4)[test])) for _, test in folds]
    [2, 2]
    """
    y = check_labels(check_1d(y, "y"), "y", fix="Stratified folds need class labels.")
    n_splits = check_int(n_splits, "n_splits", minimum=2, maximum=max(y.size, 2),
                         hint=f"Use at most one fold per row (y has {y.size} rows).")
    rng = check_random_state(random_state)
    fold = np.empty(y.size, dtype=int)
    for label in np.unique(y):
        rows = np.flatnonzero(y == label)
        rows = rows[rng.permutation(rows.size)]
        fold[rows] = np.arange(rows.size) % n_splits
    everything = np.arange(y.size)
    return [(everything[fold != j], everything[fold == j]) for j in range(n_splits)]


class StratifiedKFold:
    """Stratified folds as an object with scikit-learn's ``split`` / ``get_n_splits`` interface.

    A thin class around :func:`stratified_folds`: ``split(X, y)`` yields its
    ``(train_indices, test_indices)`` pairs. It always shuffles (each call with an integer
    ``random_state`` gives the same folds); scikit-learn's class of the same name shuffles
    only with ``shuffle=True``, and then gives other folds (see :func:`stratified_folds`).

    Parameters
    ----------
    n_splits : int, default=5
    random_state : None, int or numpy.random.RandomState, default=None

    Examples
    --------
    >>> cv = StratifiedKFold(n_splits=2, random_state=0)
    >>> [test.tolist() for _, test in cv.split(None, [0, 0, 0, 0, 1, 1])]
    [[1, 2, 4], [0, 3, 5]]
    """

    def __init__(self, n_splits=5, *, random_state=None):
        self.n_splits = check_int(n_splits, "n_splits", minimum=2)
        self.random_state = random_state

    def get_n_splits(self, X=None, y=None, groups=None):
        """The number of folds."""
        return self.n_splits

    def split(self, X, y, groups=None):
        """Yield ``(train_indices, test_indices)`` for each fold; ``X`` and ``groups`` are ignored."""
        yield from stratified_folds(y, self.n_splits, self.random_state)

    def __repr__(self):
        return f"StratifiedKFold(n_splits={self.n_splits}, random_state={self.random_state!r})"


def time_folds(time, n_folds=5, n_days=None):
    r"""Fold number of each row when a period is cut into ``n_folds`` consecutive blocks of time.

    A row at time :math:`t` (in days since the start of the period) is in fold
    :math:`\min(\lfloor t / (D / k) \rfloor, k - 1)`, with :math:`D` = ``n_days`` the length of
    the period and :math:`k` = ``n_folds``: the blocks are ``D / k`` days long and a row at
    exactly :math:`t = D` is in the last one. Holding out one block at a time and training on
    the others keeps the rows of one stretch of time together, so a model is never scored on
    payments from the same hour as the ones it trained on.

    Parameters
    ----------
    time : array-like of shape (n_samples,)
        Time of each row, in days since the start of the period (at least 0).
    n_folds : int, default=5
        :math:`k`, the number of blocks (at least 1).
    n_days : float, default=None
        :math:`D`, the length of the period in days; ``None`` takes the largest time.

    Returns
    -------
    folds : ndarray of int, shape (n_samples,)
        The block of each row, from 0 (the earliest) to ``n_folds - 1``.

    Raises
    ------
    ValueError
        If a time is negative or not finite, or ``n_days`` is not a positive number.

    Notes
    -----
    This is blocked cross-validation: every block is held out once and the model trains on
    all the other blocks, earlier and later. scikit-learn's ``TimeSeriesSplit`` is another
    scheme (train on the blocks *before* the held-out one only) and cuts by row count, not
    by time.

    Examples
    --------
    >>> time_folds([0.0, 11.9, 12.0, 59.0, 60.0], n_folds=5, n_days=60).tolist()
    [0, 0, 1, 4, 4]
    """
    time = check_1d(time, "time", allow_nonfinite=False)
    if time.dtype.kind not in "iuf":
        raise TypeError(f"time must hold numbers (days since the start), got dtype {time.dtype}.")
    if time.size == 0:
        raise ValueError("time is empty. Pass the day of each row (days since the start of the period).")
    if np.any(time < 0):
        raise ValueError(f"time must be at least 0 (days since the start of the period), got {float(time.min()):g}. "
                         "Subtract the first day of the period.")
    n_folds = check_int(n_folds, "n_folds", minimum=1)
    if n_days is None:
        n_days = float(time.max()) if time.size and time.max() > 0 else 1.0
    if (isinstance(n_days, bool) or not isinstance(n_days, numbers.Real) or not np.isfinite(n_days)
            or n_days <= 0):
        raise ValueError(f"n_days must be a positive number of days (the length of the period), got "
                         f"{_short(n_days)}. Use for example n_days=60 for a 60-day training period.")
    return np.minimum((time // (n_days / n_folds)).astype(int), n_folds - 1)


def predefined_folds(test_fold):
    r"""The ``(train_indices, test_indices)`` pairs of folds given as one fold number per row.

    Row :math:`i` is in the test part of fold ``test_fold[i]`` and in the training part of every
    other fold; a row marked -1 is never tested (it always trains). The folds come in
    ascending order of their numbers. The same folds as scikit-learn's
    ``PredefinedSplit(test_fold).split()``.

    Parameters
    ----------
    test_fold : array-like of int, shape (n_samples,)
        The fold in which each row is held out (for example from :func:`time_folds`), or -1.

    Returns
    -------
    folds : list of (train_indices, test_indices)

    Examples
    --------
    >>> [(train.tolist(), test.tolist()) for train, test in predefined_folds([0, 1, -1, 0])]
    [([1, 2], [0, 3]), ([0, 2, 3], [1])]
    """
    test_fold = check_1d(test_fold, "test_fold")
    if test_fold.dtype.kind not in "iu" or np.any(test_fold < -1):
        raise ValueError(f"test_fold must hold integer fold numbers (or -1 for a row never tested), got "
                         f"{_short(test_fold.tolist())}. Use for example time_folds(...).")
    if test_fold.size == 0:
        raise ValueError("test_fold is empty. Pass the fold number of each row (or -1 for a row never tested).")
    everything = np.arange(test_fold.size)
    return [(everything[test_fold != f], everything[test_fold == f]) for f in np.unique(test_fold[test_fold != -1])]


def forward_folds(test_fold):
    r"""Forward-chaining folds: hold out each block in turn and train on the blocks **before** it only.

    With blocks numbered :math:`0, 1, \dots, k-1` in time order (for example from
    :func:`time_folds`), fold :math:`j` (for :math:`j = 1, \dots, k-1`) tests on block
    :math:`j` and trains on the blocks :math:`0, \dots, j-1`. Block 0 is never tested (nothing
    comes before it). Unlike :func:`predefined_folds`, no model is ever trained on rows that
    come after the rows it is scored on, as in deployment; the price is that the early folds
    train on little data. This is scikit-learn's ``TimeSeriesSplit`` scheme (Tashman,
    "Out-of-sample tests of forecasting accuracy", International Journal of Forecasting 2000,
    calls it a rolling origin), with the blocks given by time instead of by row count.

    Parameters
    ----------
    test_fold : array-like of int, shape (n_samples,)
        The block of each row, 0 the earliest (for example from :func:`time_folds`); -1 marks a
        row that is never used.

    Returns
    -------
    folds : list of (train_indices, test_indices)
        One pair per block after the first, in time order.

    Raises
    ------
    ValueError
        If ``test_fold`` does not hold integer block numbers, or has fewer than two blocks.

    Examples
    --------
    >>> [(train.tolist(), test.tolist()) for train, test in forward_folds([0, 0, 1, 2, 1, -1])]
    [([0, 1], [2, 4]), ([0, 1, 2, 4], [3])]
    """
    test_fold = check_1d(test_fold, "test_fold")
    if test_fold.dtype.kind not in "iu" or np.any(test_fold < -1):
        raise ValueError(f"test_fold must hold integer block numbers (0 the earliest, or -1 for a row never used), "
                         f"got {_short(test_fold.tolist())}. Use for example time_folds(...).")
    blocks = np.unique(test_fold[test_fold != -1])
    if blocks.size < 2:
        raise ValueError(f"forward_folds needs at least two blocks (one to train on, one to test), got "
                         f"{blocks.size}. Cut the period into more blocks, e.g. time_folds(day, n_folds=5).")
    everything = np.arange(test_fold.size)
    return [(everything[(test_fold != -1) & (test_fold < b)], everything[test_fold == b]) for b in blocks[1:]]


#: Where :func:`cross_validate_resampling` resamples.
RESAMPLING_WHEN = ["before the split", "inside each training fold"]


def cross_validate_resampling(X, y, resample, fit_predict, *, when, n_splits=5, random_state=0, score=None,
                              folds=None):
    r"""Cross-validate a resampler and a model, resampling before the split or inside each training fold.

    ``when="inside each training fold"`` is the right protocol: the rows are split into
    :func:`stratified_folds` (or the given ``folds``) first, and for each fold only its training part is resampled,
    the model is fitted on the result and predicts the untouched test fold.
    ``when="before the split"`` is the classic mistake, kept to show its effect: the whole
    dataset is resampled once and the *resampled* rows are split into stratified folds, so
    synthetic rows (or copies) made from a test fold's positives sit in the training folds,
    and vice versa (Santos et al., "Cross-validation for imbalanced datasets: avoiding
    overoptimistic and overfitting approaches", IEEE Computational Intelligence Magazine 2018).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        Labels, 1 for the positive class.
    resample : callable
        ``resample(X, y) -> (X_res, y_res, synthetic)``, with ``synthetic`` a boolean array
        marking the output rows that are not original samples.
    fit_predict : callable
        ``fit_predict(X_fit, y_fit, X_query) -> y_pred``: fit the model, predict labels (or
        scores, for a ranking ``score`` such as average precision).
    when : {"before the split", "inside each training fold"}
    n_splits : int, default=5
    random_state : None, int or numpy.random.RandomState, default=0
        Seed of :func:`stratified_folds`.
    score : callable, default=None
        ``score(y_true, y_pred) -> float``; ``None`` is the F1 score of the positive class
        (0 when a fold has no predicted and no true positive).
    folds : list of (train_indices, test_indices), default=None
        Folds of the original rows to use instead of :func:`stratified_folds` (for example
        blocks of time from :func:`time_folds`); only with ``when="inside each training fold"``,
        since the other protocol splits the resampled rows.

    Returns
    -------
    result : Bunch
        ``fold_scores`` (one per fold), ``estimate`` (their mean), ``positive_share`` (share of
        positives among the test rows, pooled over the folds), ``synthetic_share`` (share of
        the test positives that are synthetic) and ``first_fold`` (``X``, ``y`` and
        ``synthetic`` of the first test fold).

    Raises
    ------
    ValueError
        If ``when`` is not one of the two protocols, or ``folds`` is given with
        ``when="before the split"``.

    Examples
    --------
    >>> X = np.arange(20.0).reshape(10, 2); y = np.array([0] * 6 + [1] * 4)
    >>> keep = lambda X, y: (X, y, np.zeros(len(y), dtype=bool))
    >>> always_one = lambda X_fit, y_fit, X_query: np.ones(len(X_query), dtype=int)
    >>> cross_validate_resampling(X, y, keep, always_one, when="inside each training fold", n_splits=2).estimate
    0.5714285714285714
    """
    if when not in RESAMPLING_WHEN:
        raise ValueError(f"when must be one of {RESAMPLING_WHEN}, got {_short(when)}.")
    if folds is not None and when == "before the split":
        raise ValueError("folds splits the original rows, but when='before the split' splits the resampled ones. "
                         "Pass folds=None (stratified folds of the resampled rows) or when='inside each training fold'.")
    if score is None:
        def score(y_true, y_pred):
            return f1_score(y_true, y_pred, zero_division=0)
    if when == "before the split":
        X_all, y_all, synthetic = resample(X, y)
        folds = stratified_folds(y_all, n_splits, random_state)
        fold_scores = [score(y_all[test], fit_predict(X_all[train], y_all[train], X_all[test])) for train, test in folds]
    else:
        X_all, y_all, synthetic = X, y, np.zeros(len(y), dtype=bool)
        folds = stratified_folds(y, n_splits, random_state) if folds is None else list(folds)
        fold_scores = []
        for train, test in folds:
            X_fit, y_fit, _ = resample(X[train], y[train])
            fold_scores.append(score(y[test], fit_predict(X_fit, y_fit, X[test])))
    positives = y_all == 1
    first = folds[0][1]
    return Bunch(
        fold_scores=np.array(fold_scores),
        estimate=float(np.mean(fold_scores)),
        positive_share=float(np.mean(positives)),
        synthetic_share=float(np.mean(synthetic[positives])),
        first_fold=Bunch(X=X_all[first], y=y_all[first], synthetic=synthetic[first]),
    )
