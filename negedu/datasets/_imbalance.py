r"""Make any labelled dataset imbalanced by keeping a chosen number of rows of some classes."""

import numpy as np

from negedu._validation import (_short, check_1d, check_array, check_consistent_length, check_int, check_labels,
                                check_random_state)

__all__ = ["make_imbalance"]


def make_imbalance(X, y, *, sampling_strategy, random_state=None):
    r"""Make a dataset imbalanced by keeping a chosen number of samples of some classes.

    The same as imbalanced-learn's ``make_imbalance``: each class named in
    ``sampling_strategy`` keeps a uniform random subset of the requested size (drawn
    without replacement), the other classes keep all their samples.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    sampling_strategy : dict or callable
        ``{label: n_keep}``, or a function of ``y`` returning such a dict.
    random_state : None, int or numpy.random.RandomState, default=None

    Returns
    -------
    X_res, y_res : ndarray
        The kept rows, grouped by class in ascending label order; inside a reduced class
        in the order they were drawn, inside an untouched class in their original order.

    Raises
    ------
    ValueError
        For an unknown label, a negative count, or a count above the class size.

    Notes
    -----
    Random-number protocol (identical to imbalanced-learn 0.14's ``RandomUnderSampler``
    with ``replacement=False``): one ``RandomState`` for the call; for each reduced class,
    in ascending label order, one ``permutation(n_c)`` whose first ``n_keep`` entries are
    kept. The same seed therefore gives the same rows as imbalanced-learn.

    Examples
    --------
    >>> X = np.arange(20).reshape(10, 2); y = np.array([0] * 5 + [1] * 5)
    >>> X_res, y_res = make_imbalance(X, y, sampling_strategy={1: 2}, random_state=0)
    >>> y_res.tolist()
    [0, 0, 0, 0, 0, 1, 1]
    """
    X = check_array(X, "X", allow_nonfinite=True)  # NaN rows are kept, as imbalanced-learn's sampler does
    y = check_labels(check_1d(y, "y"), "y", fix="Pass one class label per row of X.")
    check_consistent_length(X, y, names=["X", "y"])
    if callable(sampling_strategy):
        sampling_strategy = sampling_strategy(y)
    if not isinstance(sampling_strategy, dict):
        raise TypeError(
            "sampling_strategy must be a dict {label: number of samples to keep} or a callable "
            f"returning one, got {_short(sampling_strategy)}."
        )
    classes, counts = np.unique(y, return_counts=True)
    available = dict(zip(classes.tolist(), counts.tolist()))
    for label, n_keep in sampling_strategy.items():
        if label not in available:
            raise ValueError(
                f"sampling_strategy names class {label!r}, which is not in y (its classes are "
                f"{_short(list(available))})."
            )
        check_int(n_keep, f"sampling_strategy[{label!r}]", minimum=0)
        if n_keep > available[label]:
            raise ValueError(
                f"sampling_strategy asks to keep {n_keep} samples of class {label!r}, but it has "
                f"only {available[label]}. Ask for at most {available[label]}."
            )
    rng = check_random_state(random_state)
    kept = []
    for label in classes.tolist():
        members = np.flatnonzero(y == label)  # ascending original indices
        if label in sampling_strategy:
            members = members[rng.permutation(members.size)[: sampling_strategy[label]]]
        kept.append(members)
    index = np.concatenate(kept)
    return X[index], y[index]
