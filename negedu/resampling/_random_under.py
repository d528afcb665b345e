r"""Random under-sampling: keep a random subset of each targeted class."""

import numpy as np

from negedu._validation import check_random_state
from negedu.resampling._base import BaseSampler, check_resample_input
from negedu.resampling._strategy import check_sampling_strategy

__all__ = ["random_under_sample", "RandomUnderSampler"]


def random_under_sample(X, y, *, sampling_strategy="auto", random_state=None, replacement=False):
    r"""Randomly keep :math:`n_c` samples of each targeted class :math:`c`.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The samples. Any dtype is accepted, and NaN is allowed: the rows are only picked,
        never computed with.
    y : array-like of shape (n_samples,)
        The class labels.
    sampling_strategy : str, float, dict or callable, default="auto"
        How many samples of which class to keep (see
        :func:`~negedu.resampling.check_sampling_strategy`, family ``"under-sampling"``).
        ``"auto"`` keeps :math:`n_{min}` samples of every class but the minority.
    random_state : None, int or numpy.random.RandomState, default=None
        Seed of the draws. An integer gives the same rows as imbalanced-learn with that seed.
    replacement : bool, default=False
        Draw with replacement (a bootstrap of each targeted class) instead of a subset.

    Returns
    -------
    X_resampled : ndarray of shape (n_kept, n_features)
    y_resampled : ndarray of shape (n_kept,)
    sample_indices : ndarray of shape (n_kept,), int64
        Row of ``X`` behind each output row: ``X_resampled = X[sample_indices]``.

    Raises
    ------
    ValueError
        If ``X`` and ``y`` have different lengths, ``y`` has a single class, or
        ``sampling_strategy`` asks for more samples than a class has.
    TypeError
        If ``replacement`` is not a bool or ``random_state`` is not a seed.

    Notes
    -----
    For each class :math:`c` in ascending label order, with :math:`P_c` its row indices in
    ascending order: a class that is not targeted keeps all of :math:`P_c`; a targeted class
    keeps :math:`n_c` = ``sampling_strategy_[c]`` rows, ``P_c[rs.permutation(|P_c|)[:n_c]]``
    without replacement (the permutation is drawn even when :math:`n_c = 0`) or
    ``P_c[rs.randint(0, |P_c|, n_c)]`` with replacement. The kept rows are in the order drawn,
    not sorted. One ``RandomState`` serves the whole call, classes in label order, exactly as
    in imbalanced-learn 0.14, so the same integer seed returns the same rows.

    Deliberate difference from imbalanced-learn: it does not check that ``X`` and ``y`` have
    the same length (a mismatch passes silently); negedu raises a ``ValueError``.

    References
    ----------
    .. [1] G. Lemaitre, F. Nogueira and C. K. Aridas, "Imbalanced-learn: a Python toolbox to
       tackle the curse of imbalanced datasets in machine learning", Journal of Machine
       Learning Research 18(17), 2017.

    Examples
    --------
    >>> X = [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]]
    >>> y = [0, 0, 0, 0, 1, 1]
    >>> X_res, y_res, idx = random_under_sample(X, y, random_state=0)
    >>> y_res.tolist(), idx.tolist()
    ([0, 0, 1, 1], [2, 3, 4, 5])
    """
    X, y = check_resample_input(X, y, allow_any_X=True, copy=False)
    strategy = check_sampling_strategy(sampling_strategy, y, "under-sampling")
    return _random_under_sample(X, y, strategy, random_state, replacement)


def _random_under_sample(X, y, strategy, random_state, replacement):
    """The algorithm of :func:`random_under_sample` on checked arrays and a resolved strategy."""
    if not isinstance(replacement, (bool, np.bool_)):
        raise TypeError(f"replacement must be True or False, got {replacement!r}.")
    rs = check_random_state(random_state)
    kept = []
    for label in np.unique(y):  # ascending labels, every class
        rows = np.flatnonzero(y == label)  # ascending original indices
        n_keep = strategy.get(label.item() if isinstance(label, np.generic) else label)
        if n_keep is None:
            kept.append(rows)
        elif replacement:
            kept.append(rows[rs.randint(0, rows.size, size=n_keep)])
        else:
            kept.append(rows[rs.permutation(rows.size)[:n_keep]])
    sample_indices = np.concatenate(kept).astype(np.int64)
    return X[sample_indices], y[sample_indices], sample_indices


class RandomUnderSampler(BaseSampler):
    r"""Random under-sampling, with imbalanced-learn's interface.

    A thin shell around :func:`random_under_sample`; see it for the parameters and the
    algorithm.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{class: number of samples kept}`` for the targeted classes.
    sample_indices_ : ndarray of shape (n_kept,)
        Row of ``X`` behind each output row.

    Examples
    --------
    >>> rus = RandomUnderSampler(random_state=0)
    >>> X_res, y_res = rus.fit_resample([[0.0], [1.0], [2.0], [3.0]], [0, 0, 0, 1])
    >>> rus.sample_indices_.tolist()
    [2, 3]
    """

    _sampling_type = "under-sampling"
    _copy_input = False
    _allow_any_X = True

    def __init__(self, *, sampling_strategy="auto", random_state=None, replacement=False):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.replacement = replacement

    def _fit_resample(self, X, y):
        return self._keep_sample_indices(
            _random_under_sample(X, y, self.sampling_strategy_, self.random_state, self.replacement)
        )
