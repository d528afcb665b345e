"""ADASYN: SMOTE with more new points where the class is harder to learn."""

from collections import namedtuple

import numpy as np

from negedu._validation import check_int, check_random_state
from negedu.resampling._base import BaseSampler, _check_class_label, check_resample_input
from negedu.resampling._smote import (
    _check_class_size,
    _check_neighbors_param,
    _interpolate,
    _n_neighbors_excluding_self,
    _neighbour_indices,
    _stack,
)
from negedu.resampling._strategy import check_sampling_strategy

__all__ = ["adasyn", "adasyn_allocation", "ADASYN"]


def adasyn(X, y, *, sampling_strategy="auto", n_neighbors=5, random_state=None):
    r"""Over-sample with ADASYN: each sample makes new points in proportion to its difficulty.

    A sample whose neighbours mostly belong to other classes is hard to learn, so it
    gets more synthetic neighbours. ADASYN measures this with the fraction
    :math:`r_i` of other-class samples among each sample's nearest neighbours,
    shares the requested number of new points out in proportion to :math:`r_i`, and
    makes each one as SMOTE does, between the sample and a same-class neighbour.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Numeric features, all finite.
    y : array-like of shape (n_samples,)
        Class labels (two or more classes).
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to ask for per class; see :func:`smote`. Because of
        rounding, ADASYN may generate a few more or fewer.
    n_neighbors : int or object, default=5
        The number :math:`k` of neighbours (not counting the sample itself) used
        both for the difficulty :math:`r_i` and for interpolation, or an object with
        ``fit`` and ``kneighbors`` used as is (its ``n_neighbors`` counts the sample
        itself, so :math:`k` is ``n_neighbors - 1``).
    random_state : None, int or numpy.random.RandomState, default=None
        Seed of the random draws.

    Returns
    -------
    X_resampled : ndarray of shape (n_samples + n_new, n_features)
        The original rows, then the new rows of each class in ascending label order,
        grouped by their base sample. Same dtype as ``X``.
    y_resampled : ndarray of shape (n_samples + n_new,)
        The matching labels.

    Raises
    ------
    ValueError
        For the input problems listed in :func:`smote`; if a class to over-sample
        has no more than ``n_neighbors`` samples; if no sample of such a class has a
        neighbour from another class (every :math:`r_i = 0`); or if the rounded
        shares add up to no new sample at all.

    See Also
    --------
    adasyn_allocation : the shares :math:`r_i`, :math:`\hat r_i` and :math:`g_i` alone.
    smote : the same points, drawn evenly over the class.
    borderline_smote : only from the samples in danger.

    Notes
    -----
    For a class :math:`c` with :math:`G` new samples requested, and each of its
    samples :math:`x_i` with :math:`\Delta_i` samples of other classes among its
    :math:`k` nearest neighbours in the whole data set (one class against the rest):

    .. math::

        r_i = \frac{\Delta_i}{k}, \qquad
        \hat r_i = \frac{r_i}{\sum_j r_j}, \qquad
        g_i = \operatorname{rint}(\hat r_i \, G),

    and :math:`x_i` makes :math:`g_i` new points
    :math:`x_i + \delta (x_{nn} - x_i)`, each with a neighbour :math:`x_{nn}` drawn
    uniformly from its :math:`k` nearest samples of class :math:`c` and
    :math:`\delta \sim \mathcal{U}[0, 1)`. The number generated is
    :math:`\sum_i g_i`, which rounding (half to even) can make differ from
    :math:`G`: the classes come out close to, not exactly, balanced.

    Conventions, identical to imbalanced-learn 0.14: both neighbour searches include
    the query and drop column 0 (the sample itself). One generator serves the whole
    call; for each class in ascending label order it draws the neighbour columns
    ``randint(0, k, n)`` then the steps ``uniform(size=n)``, and the stream continues
    into the next class. The new points come grouped by base sample, in sample order.
    The paper weights :math:`\Delta_i` by the *majority* class; with several classes
    imbalanced-learn (and we) count every other class, one against the rest. The same
    seed gives the same rows as imbalanced-learn on continuous data; with exact ties
    in distance the order of equal neighbours may differ.

    Categorical features are interpolated like continuous ones; see the warning in
    :func:`smote`.

    Differences from imbalanced-learn: a class with no other-class neighbour raises a
    ``ValueError`` that names the class (imbalanced-learn raises a ``RuntimeError``),
    and the "no samples will be generated" and class-too-small errors name the class
    and the numbers.

    References
    ----------
    .. [1] H. He, Y. Bai, E. A. Garcia and S. Li (2008). "ADASYN: Adaptive Synthetic
       Sampling Approach for Imbalanced Learning". In IEEE International Joint
       Conference on Neural Networks (IJCNN 2008), 1322-1328.
       doi:10.1109/IJCNN.2008.4633969

    Examples
    --------
    >>> import numpy as np
    >>> from negedu.resampling import adasyn
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (30, 2)), rng.normal(1.5, 1, (10, 2))])
    >>> y = np.array([0] * 30 + [1] * 10)
    >>> X_res, y_res = adasyn(X, y, n_neighbors=3, random_state=0)
    >>> np.bincount(y_res).tolist()
    [30, 28]
    """
    X, y = check_resample_input(X, y, copy=False)  # X is only read
    n_neighbors = _check_neighbors_param(n_neighbors, "n_neighbors")
    strategy = check_sampling_strategy(sampling_strategy, y, "over-sampling")
    return _adasyn(X, y, strategy, n_neighbors, random_state)


#: What :func:`adasyn_allocation` returns: one entry per sample of the class, in row order.
AdasynAllocation = namedtuple("AdasynAllocation", ["ratio", "share", "exact", "n_per_sample"])


def adasyn_allocation(X, y, *, label, n_asked, n_neighbors=5):
    r"""ADASYN's share of the new points for each sample of class ``label``.

    The arithmetic :func:`adasyn` itself does before it interpolates: each sample's
    difficulty :math:`r_i` (the fraction of other-class samples among its nearest
    neighbours), normalised to a distribution, times the number of points asked for,
    rounded.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Numeric features, all finite.
    y : array-like of shape (n_samples,)
        Class labels.
    label : object
        The class to over-sample (a class of ``y``).
    n_asked : int
        :math:`G`, the number of new samples asked for (``sampling_strategy_[label]`` in
        :class:`ADASYN`), at least 0.
    n_neighbors : int or object, default=5
        The number :math:`k` of neighbours (the sample itself not counted), or an object
        with ``fit`` and ``kneighbors`` used as is; the same parameter as in :func:`adasyn`.

    Returns
    -------
    allocation : AdasynAllocation
        A named tuple of four arrays, one entry per sample of class ``label`` in row order:
        ``ratio`` (:math:`r_i`), ``share`` (:math:`\hat r_i`), ``exact``
        (:math:`\hat r_i G`) and ``n_per_sample`` (:math:`g_i`, int).

    Raises
    ------
    ValueError
        For the input problems listed in :func:`smote`; if ``label`` is not a class of
        ``y``; if the data set has no more than ``n_neighbors`` samples; if no sample of
        the class has a neighbour from another class (every :math:`r_i = 0`).

    Notes
    -----
    With :math:`\Delta_i` the samples of other classes among the :math:`k` nearest
    neighbours of :math:`x_i` in the whole data set (the sample itself excluded: the
    search includes the query and drops column 0),

    .. math::

        r_i = \frac{\Delta_i}{k}, \qquad
        \hat r_i = \frac{r_i}{\sum_j r_j}, \qquad
        g_i = \operatorname{rint}(\hat r_i \, G),

    rounded half to even as NumPy's ``rint`` (and imbalanced-learn) do, so :math:`\sum_i
    g_i` may differ from :math:`G` by a few points. :func:`adasyn` makes exactly
    :math:`g_i` new points from :math:`x_i`.

    References
    ----------
    .. [1] H. He, Y. Bai, E. A. Garcia and S. Li (2008). "ADASYN: Adaptive Synthetic
       Sampling Approach for Imbalanced Learning". IJCNN 2008, 1322-1328.
       doi:10.1109/IJCNN.2008.4633969

    Examples
    --------
    >>> import numpy as np
    >>> from negedu.resampling import adasyn_allocation
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (30, 2)), rng.normal(1.5, 1, (10, 2))])
    >>> y = np.array([0] * 30 + [1] * 10)
    >>> allocation = adasyn_allocation(X, y, label=1, n_asked=20, n_neighbors=3)
    >>> allocation.n_per_sample.tolist()
    [1, 4, 2, 2, 1, 1, 2, 2, 1, 2]
    >>> int(allocation.n_per_sample.sum())  # 20 asked, 18 after rounding
    18
    """
    X, y = check_resample_input(X, y, copy=False)  # X is only read
    label = _check_class_label(label, y)
    n_asked = check_int(n_asked, "n_asked", minimum=0, hint="It is the number of new samples asked for.")
    n_neighbors = _check_neighbors_param(n_neighbors, "n_neighbors")
    _check_class_size(X.shape[0], n_neighbors, "n_neighbors", "ADASYN", label, whole_data=True)
    return _adasyn_allocation(X, y, label, n_asked, n_neighbors)


def _adasyn_allocation(X, y, label, n_asked, n_neighbors):
    """:func:`adasyn_allocation` on checked input."""
    k = _n_neighbors_excluding_self(n_neighbors)
    class_rows = np.flatnonzero(y == label)
    neighbor_idx = _neighbour_indices(X, X[class_rows], n_neighbors)  # (n_c, k) into X
    ratio = np.sum(y[neighbor_idx] != label, axis=1) / k  # (n_c,) r_i
    if not np.sum(ratio):
        raise ValueError(
            f"ADASYN cannot weight class {label!r}: none of its {class_rows.size} samples "
            f"has a sample of another class among its {k} nearest neighbours, so every "
            "r_i is 0 and r_i / sum(r) is undefined. Use SMOTE for this data."
        )
    share = ratio / np.sum(ratio)  # r_i normalised to sum to 1
    exact = share * n_asked
    return AdasynAllocation(ratio=ratio, share=share, exact=exact, n_per_sample=np.rint(exact).astype(int))


def _adasyn(X, y, strategy, n_neighbors, random_state):
    """ADASYN on checked input with a resolved strategy ``{class: n_new}``."""
    k = _n_neighbors_excluding_self(n_neighbors)
    for label, n_new in strategy.items():
        if n_new > 0:
            _check_class_size(int(np.sum(y == label)), n_neighbors, "n_neighbors", "ADASYN", label)
    rng = check_random_state(random_state)  # once for the whole call
    new_X, new_y = [], []
    for label, n_asked in strategy.items():  # ascending labels
        if n_asked == 0:
            continue
        n_per_sample = _adasyn_allocation(X, y, label, n_asked, n_neighbors).n_per_sample  # g_i
        n_new = int(np.sum(n_per_sample))
        X_class = X[y == label]  # (n_c, n_features)
        if n_new == 0:
            raise ValueError(
                f"ADASYN would generate no sample of class {label!r}: {n_asked} new samples "
                f"shared among its {X_class.shape[0]} samples in proportion to r_i round to 0 "
                "for every sample. Ask for more samples for this class or leave it out of "
                "sampling_strategy."
            )
        class_neighbor_idx = _neighbour_indices(X_class, X_class, n_neighbors)  # (n_c, k)
        rows = np.repeat(np.arange(X_class.shape[0]), n_per_sample)  # (n_new,) grouped by base
        cols = rng.randint(0, k, size=n_new)
        steps = rng.uniform(size=n_new)
        new_X.append(_interpolate(X_class, rows, X_class, class_neighbor_idx[rows, cols], steps))
        new_y.append(np.full(n_new, label, dtype=y.dtype))
    return _stack(X, y, new_X, new_y)


class ADASYN(BaseSampler):
    r"""ADASYN over-sampler: the class around :func:`adasyn`.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        See :func:`adasyn`.
    random_state : None, int or numpy.random.RandomState, default=None
        See :func:`adasyn`.
    n_neighbors : int or object, default=5
        See :func:`adasyn`.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{class: number of samples asked for}``, in ascending label order.

    Notes
    -----
    Same parameters, defaults and outputs as ``imblearn.over_sampling.ADASYN``; see
    :func:`adasyn`.

    References
    ----------
    .. [1] H. He, Y. Bai, E. A. Garcia and S. Li (2008). "ADASYN: Adaptive Synthetic
       Sampling Approach for Imbalanced Learning". IJCNN 2008, 1322-1328.
       doi:10.1109/IJCNN.2008.4633969

    Examples
    --------
    >>> import numpy as np
    >>> from negedu.resampling import ADASYN
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (30, 2)), rng.normal(1.5, 1, (10, 2))])
    >>> y = np.array([0] * 30 + [1] * 10)
    >>> X_res, y_res = ADASYN(n_neighbors=3, random_state=0).fit_resample(X, y)
    >>> X_res.shape
    (58, 2)
    """

    _sampling_type = "over-sampling"
    _copy_input = False  # X is only read, never written

    def __init__(self, *, sampling_strategy="auto", random_state=None, n_neighbors=5):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.n_neighbors = n_neighbors

    def _fit_resample(self, X, y):
        # X and y are checked and sampling_strategy_ resolved by fit_resample: go straight to
        # the algorithm (calling adasyn would check and copy X a second time)
        n_neighbors = _check_neighbors_param(self.n_neighbors, "n_neighbors")
        return _adasyn(X, y, self.sampling_strategy_, n_neighbors, self.random_state)
