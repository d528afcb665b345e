"""Random over-sampling: duplicate minority rows, optionally with a little Gaussian noise."""

import numbers

import numpy as np

from negedu._validation import check_array, check_random_state
from negedu.resampling._base import BaseSampler, check_resample_input
from negedu.resampling._strategy import check_sampling_strategy

__all__ = ["random_over_sample", "RandomOverSampler"]


def _check_shrinkage(shrinkage, strategy):
    """Resolve ``shrinkage`` into ``None`` or ``{class: factor}`` covering every class to sample."""
    if shrinkage is None:
        return None
    if isinstance(shrinkage, numbers.Real) and not isinstance(shrinkage, bool):
        if not shrinkage >= 0:  # also catches NaN
            raise ValueError(
                f"shrinkage must be >= 0, got {shrinkage!r}. 0 gives a plain bootstrap; "
                "larger values add more noise around each duplicated sample."
            )
        return {label: shrinkage for label in strategy}
    if not isinstance(shrinkage, dict):
        raise TypeError(
            "shrinkage must be None, a float >= 0 or a dict {class: float >= 0}, got "
            f"{shrinkage!r} of type {type(shrinkage).__name__}."
        )
    missing = [label for label in strategy if label not in shrinkage]
    if missing:
        listed = ", ".join(repr(label) for label in missing)
        raise ValueError(
            f"shrinkage has no factor for class {listed}, which sampling_strategy "
            f"over-samples (classes {', '.join(repr(c) for c in strategy)}). Give a factor for "
            "every over-sampled class, or one float for all of them."
        )
    for label, factor in shrinkage.items():
        if (
            isinstance(factor, bool)
            or not isinstance(factor, numbers.Real)
            or not factor >= 0
        ):
            raise ValueError(
                f"shrinkage for class {label!r} must be a number >= 0, got {factor!r}. "
                "0 gives a plain bootstrap; larger values add more noise."
            )
    return shrinkage


def _smoothing_bandwidth(n_samples, n_features):
    r"""The rule-of-thumb bandwidth :math:`h = (4 / ((p + 2) n))^{1 / (p + 4)}`."""
    return (4 / ((n_features + 2) * n_samples)) ** (1 / (n_features + 4))


def random_over_sample(
    X, y, *, sampling_strategy="auto", random_state=None, shrinkage=None
):
    r"""Over-sample by drawing rows of each small class with replacement.

    Each class to over-sample gets new rows that are copies of its own rows, drawn
    uniformly with replacement (a bootstrap). With ``shrinkage``, each copy is moved
    by Gaussian noise scaled to the class's spread (a smoothed bootstrap, ROSE), so
    the new rows are no longer exact duplicates.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The samples. Without ``shrinkage`` any dtype works (strings, objects, NaN),
        since rows are only copied. With ``shrinkage``, X must be numeric and finite.
    y : array-like of shape (n_samples,)
        Class labels (two or more classes).
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows to add per class; ``"auto"`` grows every class but the
        largest to the size of the largest. See :func:`smote` for every form.
    random_state : None, int or numpy.random.RandomState, default=None
        Seed of the random draws.
    shrinkage : None, float or dict, default=None
        ``None``: plain bootstrap. A float :math:`\lambda \ge 0` (or a dict
        ``{class: lambda}`` with a factor for every over-sampled class): add noise
        with standard deviation :math:`\lambda h \sigma_j` to feature :math:`j`.

    Returns
    -------
    X_resampled : ndarray of shape (n_samples + n_new, n_features)
        The original rows, then the new rows of each class in ascending label order.
        The dtype of ``X`` is kept, except that an integer ``X`` with ``shrinkage``
        becomes float64 (noisy copies are not integers).
    y_resampled : ndarray of shape (n_samples + n_new,)
        The matching labels.
    sample_indices : ndarray of shape (n_samples + n_new,)
        For each output row, the input row it copies (``0, ..., n_samples - 1``
        first).

    Raises
    ------
    ValueError
        If ``X`` and ``y`` differ in length, ``y`` has one class, ``sampling_strategy``
        is invalid, a shrinkage factor is negative or missing for an over-sampled
        class, or ``shrinkage`` is set and ``X`` is not numeric and finite.
    TypeError
        If ``shrinkage`` is neither None, a number nor a dict.

    See Also
    --------
    smote : new points between neighbours instead of copies.
    random_under_sample : the under-sampling counterpart.

    Notes
    -----
    For a class :math:`c` with rows :math:`P_c` and :math:`m` rows to add, draw
    :math:`i_1, \dots, i_m` uniformly from :math:`P_c` with replacement. With
    shrinkage :math:`\lambda_c`, the new row is

    .. math::

        x_{new} = x_{i} + \lambda_c \, h \, \sigma \odot z, \qquad
        z \sim \mathcal{N}(0, I_p), \qquad
        h = \left(\frac{4}{(p + 2)\, n}\right)^{1/(p + 4)},

    where :math:`\sigma` holds the population standard deviations (ddof=0) of the
    class's features, :math:`p` is the number of features and :math:`n` the total
    number of samples (all classes), Silverman's rule of thumb for a Gaussian kernel,
    as in ROSE (Menardi and Torelli 2014).

    Conventions, identical to imbalanced-learn 0.14: the generator is seeded once per
    call; for each class in ascending label order it draws ``randint(0, n_c, m)`` and
    then, whenever ``shrinkage`` is not None, ``randn(m, p)``, even for a factor of
    0. So ``shrinkage=0`` gives the same rows as ``None`` for the first class only;
    later classes get other bootstrap rows. The same seed gives the same rows as
    imbalanced-learn.

    Differences from imbalanced-learn: ``X`` and ``y`` of different lengths raise a
    ``ValueError`` (imbalanced-learn goes on silently and returns arrays of
    different lengths), and a float32 ``X`` with ``shrinkage`` stays float32
    (imbalanced-learn returns float64; our rows are its rows rounded to float32).

    References
    ----------
    .. [1] G. Menardi and N. Torelli (2014). "Training and assessing classification
       rules with imbalanced data". Data Mining and Knowledge Discovery 28(1),
       92-122. doi:10.1007/s10618-012-0295-5

    Examples
    --------
    >>> import numpy as np
    >>> from negedu.resampling import random_over_sample
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0], [10.0], [11.0]])
    >>> y = np.array([0, 0, 0, 0, 1, 1])
    >>> X_res, y_res, idx = random_over_sample(X, y, random_state=0)
    >>> idx.tolist()
    [0, 1, 2, 3, 4, 5, 4, 5]
    >>> np.bincount(y_res).tolist()
    [4, 4]
    """
    X, y = check_resample_input(X, y, allow_any_X=True, copy=False)  # X is only read
    strategy = check_sampling_strategy(sampling_strategy, y, "over-sampling")
    return _random_over_sample(X, y, strategy, _check_shrinkage(shrinkage, strategy), random_state)


def _random_over_sample(X, y, strategy, shrinkage, random_state):
    """The algorithm, on checked input, a resolved strategy and resolved shrinkage factors."""
    if shrinkage is not None:  # the smoothed bootstrap computes with X
        X = check_array(X, "X", copy=False)
    rng = check_random_state(random_state)  # once for the whole call
    n_samples, n_features = X.shape
    bootstrap, noisy_rows = [], []
    for label, n_new in strategy.items():  # ascending labels, zeros included
        class_rows = np.flatnonzero(y == label)
        picked = class_rows[rng.randint(0, class_rows.size, size=n_new)]  # (n_new,)
        bootstrap.append(picked)
        if shrinkage is not None:
            h = _smoothing_bandwidth(n_samples, n_features)
            sigma = np.std(X[class_rows], axis=0)  # (n_features,), population std
            noise = rng.randn(n_new, n_features)  # drawn right after this class's indices
            noisy_rows.append(X[picked] + noise * ((shrinkage[label] * h) * sigma))
    sample_indices = np.concatenate([np.arange(n_samples), *bootstrap])
    y_res = y[sample_indices]
    if shrinkage is None:
        return X[sample_indices], y_res, sample_indices
    out_dtype = X.dtype if X.dtype.kind == "f" else np.float64  # noisy rows are not integers
    X_res = np.concatenate([X, *noisy_rows], dtype=out_dtype, casting="same_kind")
    return X_res, y_res, sample_indices


class RandomOverSampler(BaseSampler):
    r"""Random over-sampler, optionally smoothed: the class around :func:`random_over_sample`.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        See :func:`random_over_sample`.
    random_state : None, int or numpy.random.RandomState, default=None
        See :func:`random_over_sample`.
    shrinkage : None, float or dict, default=None
        See :func:`random_over_sample`.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{class: number of rows to add}``, in ascending label order.
    sample_indices_ : ndarray
        The input row behind each output row.
    shrinkage_ : None or dict
        ``{class: factor}`` resolved from ``shrinkage``.

    Notes
    -----
    Same parameters, defaults and outputs as
    ``imblearn.over_sampling.RandomOverSampler``; see :func:`random_over_sample`
    for the algorithm and the two deliberate differences (length check, float32 kept).

    References
    ----------
    .. [1] G. Menardi and N. Torelli (2014). "Training and assessing classification
       rules with imbalanced data". Data Mining and Knowledge Discovery 28(1),
       92-122. doi:10.1007/s10618-012-0295-5

    Examples
    --------
    >>> import numpy as np
    >>> from negedu.resampling import RandomOverSampler
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0], [10.0], [11.0]])
    >>> y = np.array([0, 0, 0, 0, 1, 1])
    >>> sampler = RandomOverSampler(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sampler.sample_indices_.tolist()
    [0, 1, 2, 3, 4, 5, 4, 5]
    """

    _sampling_type = "over-sampling"
    _copy_input = False  # X is only read, never written
    _allow_any_X = True

    def __init__(self, *, sampling_strategy="auto", random_state=None, shrinkage=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.shrinkage = shrinkage

    def _fit_resample(self, X, y):
        # X and y are checked and sampling_strategy_ resolved by fit_resample: go straight to
        # the algorithm (calling random_over_sample would check and copy X a second time)
        self.shrinkage_ = _check_shrinkage(self.shrinkage, self.sampling_strategy_)
        return self._keep_sample_indices(
            _random_over_sample(X, y, self.sampling_strategy_, self.shrinkage_, self.random_state)
        )
