"""SMOTE: synthetic minority samples on the segments between minority neighbours.

This module also holds what the whole SMOTE family shares (Borderline-SMOTE, ADASYN,
SMOTE-Tomek and SMOTE-ENN build on it):

* ``_interpolate``, the deterministic kernel ``X_new = X[i] + step * (X[nn] - X[i])`` (public
  row by row as :func:`smote_interpolate`);
* ``_neighbour_indices``, the k nearest neighbours of some rows, for a neighbour
  parameter that is an integer or an object with ``fit`` and ``kneighbors``;
* the checks of those neighbour parameters, with messages that name the class.

The random draws (which base row, which neighbour, how far along the segment) are made
by the samplers first, in imbalanced-learn's order; the kernel then only does arithmetic.
"""

import numbers

import numpy as np

from negedu._validation import check_1d, check_array, check_random_state
from negedu.neighbors import check_neighbors_object, kneighbors
from negedu.resampling._base import BaseSampler, check_resample_input
from negedu.resampling._strategy import check_sampling_strategy

__all__ = ["smote", "SMOTE", "smote_interpolate"]


# --------------------------------------------------------------------------------------
# Neighbour parameters: an integer k, or an object with fit and kneighbors.
# --------------------------------------------------------------------------------------


def _check_neighbors_param(value, name):
    """Return ``value`` (an ``int`` if integral) once it is a valid neighbour parameter.

    Valid: an integer >= 1, or an object with a ``kneighbors`` method; the checks and
    messages are those of :func:`negedu.neighbors.check_neighbors_object`.
    """
    check_neighbors_object(name, value)
    return int(value) if isinstance(value, numbers.Integral) else value


def _n_neighbors_excluding_self(value):
    """How many neighbours a neighbour parameter gives once the sample itself is dropped.

    An integer k means k neighbours (the search asks for k + 1 and drops column 0). An
    object is used as is, so its ``n_neighbors`` already counts the sample itself.
    """
    if isinstance(value, numbers.Integral):
        return int(value)
    return int(value.n_neighbors) - 1


def _check_class_size(n_rows, value, name, sampler, label, *, whole_data=False):
    """Raise unless ``n_rows`` rows to search are enough for the neighbour parameter ``value``.

    The rows are those of class ``label``, or of the whole data set if ``whole_data``.
    """
    if not isinstance(value, numbers.Integral) and not hasattr(value, "n_neighbors"):
        return  # an object that does not say how many neighbours it finds checks for itself
    k = _n_neighbors_excluding_self(value)
    if n_rows >= k + 1:
        return
    is_int = isinstance(value, numbers.Integral)
    if n_rows >= 2:
        fix = (
            f"Use {name} <= {n_rows - 1}."
            if is_int
            else f"Use an object with n_neighbors <= {n_rows} (the sample itself plus "
            f"{n_rows - 1} neighbours)."
        )
    else:
        fix = (
            "Leave that class out of sampling_strategy, or use RandomOverSampler, which "
            "needs no neighbours."
        )
    asked = (
        f"{name}={k}"
        if is_int
        else f"{name} asks for n_neighbors={k + 1} (the sample itself plus {k})"
    )
    samples = f"{n_rows} sample{'s' if n_rows != 1 else ''}"
    if whole_data:
        raise ValueError(
            f"{sampler} needs more samples than {name} to over-sample class {label!r}: the "
            f"data set has {samples} and {asked}. {fix}"
        )
    raise ValueError(
        f"{sampler} needs more samples than {name} in every class it over-samples: class "
        f"{label!r} has {samples} and {asked}. {fix}"
    )


def _neighbour_indices(X_fit, X_query, value):
    """Indices into ``X_fit`` of the nearest rows of each query row, column 0 dropped.

    The query rows are passed explicitly, so a query row that is also a row of
    ``X_fit`` finds itself first (distance 0); that column is dropped, as
    imbalanced-learn does. Returns an int array of shape ``(n_query, k)``.
    """
    if isinstance(value, numbers.Integral):
        neighbor_idx = kneighbors(X_fit, X_query, value + 1)
    else:
        searcher = check_neighbors_object("neighbours", value).fit(X_fit)  # an unfitted copy
        neighbor_idx = np.asarray(searcher.kneighbors(X_query, return_distance=False))
    return neighbor_idx[:, 1:]


# --------------------------------------------------------------------------------------
# The deterministic kernel shared by the SMOTE family.
# --------------------------------------------------------------------------------------


def _interpolate(X_base, rows, X_neighbors, neighbor_rows, steps, gap_factor=None):
    r"""Apply :math:`x_{new} = x_i + \delta \, (x_{nn} - x_i)` to pre-drawn indices and steps.

    Parameters
    ----------
    X_base : ndarray of shape (n_base, n_features)
        The samples new points start from (:math:`x_i`).
    rows : ndarray of shape (n_new,)
        Index into ``X_base`` of the base sample of each new point.
    X_neighbors : ndarray of shape (n_candidates, n_features)
        The rows the neighbour indices point into (:math:`x_{nn}`).
    neighbor_rows : ndarray of shape (n_new,)
        Index into ``X_neighbors`` of the chosen neighbour of each new point.
    steps : ndarray of shape (n_new,)
        The step :math:`\delta \in [0, 1)` of each new point.
    gap_factor : ndarray of shape (n_new,), optional
        Borderline-SMOTE-2 only: a factor that first scales the gap
        :math:`x_{nn} - x_i` (1 where the gap is not scaled).

    Returns
    -------
    X_new : ndarray of shape (n_new, n_features), dtype of ``X_base``
        The gap is computed in the input dtype, the step applied in float64, and the
        result cast back to the input dtype (an integer X is truncated toward zero),
        which is exactly imbalanced-learn's arithmetic.
    """
    base = X_base[rows]  # (n_new, n_features): x_i
    gap = X_neighbors[neighbor_rows] - base  # (n_new, n_features): x_nn - x_i, input dtype
    if gap_factor is not None:
        scaled = gap * gap_factor[:, np.newaxis]  # float64
        # a float32 gap is rounded back to float32, as an in-place multiplication would do
        gap = scaled.astype(gap.dtype) if gap.dtype.kind == "f" else scaled
    if gap.dtype == np.float64:  # in place: the same bits, one array fewer in memory
        X_new = gap
        X_new *= steps[:, np.newaxis]  # delta * (x_nn - x_i)
    else:  # float32 or integer gap: the step is applied in float64
        X_new = steps[:, np.newaxis] * gap
    X_new += base  # x_i + delta * (x_nn - x_i), the same bits as base + X_new
    return X_new.astype(X_base.dtype, copy=False)


def smote_interpolate(X_base, X_neighbors, steps):
    r"""SMOTE's new points, one per row: :math:`x_{new} = x_i + \delta_i\,(x_{nn} - x_i)`.

    The arithmetic every sampler of the SMOTE family applies once it has drawn its base rows,
    neighbours and steps: row :math:`i` of ``X_base`` moves the fraction ``steps[i]`` of the
    way towards row :math:`i` of ``X_neighbors``. The samplers call its kernel ``_interpolate``
    with indices into their arrays; this is the same kernel, row by row.

    Parameters
    ----------
    X_base : array-like of shape (n_new, n_features)
        The samples :math:`x_i` the new points start from.
    X_neighbors : array-like of shape (n_new, n_features)
        The neighbour :math:`x_{nn}` of each, row for row.
    steps : array-like of shape (n_new,)
        The step :math:`\delta_i` of each new point (in SMOTE drawn uniformly in [0, 1)).

    Returns
    -------
    X_new : ndarray of shape (n_new, n_features), dtype of ``X_base``
        The gap is computed in the input dtype and the step applied in float64, as
        imbalanced-learn does; an integer ``X_base`` is truncated toward zero.

    Raises
    ------
    ValueError
        If the arrays are not numeric and finite, ``X_neighbors`` has another shape than
        ``X_base``, or ``steps`` has not one entry per row.

    Examples
    --------
    >>> smote_interpolate([[0.0, 0.0], [1.0, 2.0]], [[4.0, 2.0], [1.0, -2.0]], [0.5, 0.25]).tolist()
    [[2.0, 1.0], [1.0, 1.0]]
    """
    X_base = check_array(X_base, "X_base", min_samples=0)
    X_neighbors = check_array(X_neighbors, "X_neighbors", min_samples=0)
    if X_neighbors.shape != X_base.shape:
        raise ValueError(f"X_neighbors must have the shape of X_base, {X_base.shape} (one neighbour per base row), "
                         f"got {X_neighbors.shape}.")
    steps = check_1d(steps, "steps", allow_nonfinite=False)
    if steps.dtype.kind not in "biuf" or steps.shape[0] != X_base.shape[0]:
        raise ValueError(f"steps must hold one number per row of X_base ({X_base.shape[0]}), got "
                         f"{steps.shape[0]} of dtype {steps.dtype}.")
    rows = np.arange(X_base.shape[0])
    return _interpolate(X_base, rows, X_neighbors, rows, steps.astype(np.float64))


def _draw_pairs(random_state, n_base, n_neighbors, n_new):
    """Draw (base row, neighbour column, step) for ``n_new`` points, as imbalanced-learn does.

    One integer is drawn uniformly over the ``n_base * n_neighbors`` grid of (base,
    neighbour) pairs, with replacement, then one step in [0, 1) per point.
    """
    pick = random_state.randint(low=0, high=n_base * n_neighbors, size=n_new)
    steps = random_state.uniform(size=n_new)
    rows, cols = np.divmod(pick, n_neighbors)
    return rows, cols, steps


def _stack(X, y, new_X, new_y):
    """The original rows first, then each class's new rows, in the order given."""
    return np.concatenate([X, *new_X]), np.concatenate([y, *new_y])


# --------------------------------------------------------------------------------------
# SMOTE
# --------------------------------------------------------------------------------------


def smote(X, y, *, sampling_strategy="auto", k_neighbors=5, random_state=None):
    r"""Over-sample with SMOTE: new points on segments between a sample and its neighbours.

    For every class to over-sample, SMOTE finds the ``k_neighbors`` nearest
    neighbours of each of its samples *within the class*, then creates each new point
    by picking a sample :math:`x_i` and one of its neighbours :math:`x_{nn}` at random
    and moving a random fraction of the way from the first to the second.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Numeric features, all finite.
    y : array-like of shape (n_samples,)
        Class labels (two or more classes).
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate for each class. ``"auto"`` means
        ``"not majority"``: every class but the largest is grown to the size of the
        largest. Also ``"minority"``, ``"not minority"``, ``"all"``, a float
        :math:`r` (binary only: grow the minority to :math:`r \cdot n_{maj}`), a dict
        ``{class: target count}``, or a callable ``f(y) -> dict``.
    k_neighbors : int or object, default=5
        The number :math:`k` of neighbours of each sample to interpolate towards, not
        counting the sample itself. An object with ``fit`` and ``kneighbors`` (ours
        or scikit-learn's ``NearestNeighbors``) is copied and used as is: its
        ``n_neighbors`` counts the sample itself, so ``NearestNeighbors(n_neighbors=6)``
        means :math:`k = 5`.
    random_state : None, int or numpy.random.RandomState, default=None
        Seed of the random draws.

    Returns
    -------
    X_resampled : ndarray of shape (n_samples + n_new, n_features)
        The original rows in their order, then the new rows of each class in
        ascending label order. Same dtype as ``X``.
    y_resampled : ndarray of shape (n_samples + n_new,)
        The matching labels, same dtype as ``y``.

    Raises
    ------
    ValueError
        If ``X`` contains NaN or infinity, ``X`` and ``y`` differ in length, ``y`` has
        a single class, ``sampling_strategy`` is invalid, or a class to over-sample
        has no more than ``k_neighbors`` samples.
    TypeError
        If ``k_neighbors`` is neither an integer nor a neighbours object.

    See Also
    --------
    random_over_sample : duplicate samples instead of interpolating.
    borderline_smote : SMOTE from the samples near the class border only.
    adasyn : more new points where the class is hard to learn.

    Notes
    -----
    For a class :math:`c` with samples :math:`x_1, \dots, x_{n_c}` and :math:`m` new
    samples to make, let :math:`N_k(x_i)` be the :math:`k` nearest other samples of
    class :math:`c` (Euclidean distance). Each new sample is

    .. math::

        x_{new} = x_i + \delta \, (x_{nn} - x_i), \qquad
        (i, nn) \sim \mathcal{U}\{(i, nn) : x_{nn} \in N_k(x_i)\}, \quad
        \delta \sim \mathcal{U}[0, 1),

    a point on the segment from :math:`x_i` to :math:`x_{nn}`. The pair is drawn
    uniformly over all :math:`n_c k` (sample, neighbour) pairs, with replacement;
    the paper instead makes the same number of points from every sample. Only the
    class itself is searched for neighbours (one class against the rest in the
    multiclass case).

    Conventions, identical to imbalanced-learn 0.14: the neighbours are searched with
    the sample itself as a query, and the first column (the sample itself) is
    dropped, so a class needs at least :math:`k + 1` samples. With an integer
    ``random_state`` the generator is re-seeded for **every class**, so each class
    starts from the same stream; draws per class are ``randint(0, n_c k, m)`` then
    ``uniform(size=m)``. The gap is computed in the input dtype, the step applied in
    float64 and the result cast back: float32 stays float32 and an integer ``X`` is
    truncated toward zero. The same seed gives the same rows as imbalanced-learn on
    continuous data; with exact ties in distance (duplicate rows, integer grids) the
    order of equal neighbours, hence the rows, may differ.

    **Categorical features.** SMOTE treats every feature as continuous. On a one-hot
    encoded feature, a new point between "red" (1, 0) and "blue" (0, 1) gets codes
    like (0.3, 0.7), a colour that does not exist, and an integer-coded category
    gets values between codes (or, for an integer ``X``, the truncated code of one
    of them). Encode categories so that interpolation means something, or use a
    variant made for them (SMOTE-NC, SMOTE-N in imbalanced-learn).

    Differences from imbalanced-learn: a class too small for ``k_neighbors`` gets a
    message naming the class, its size and the largest ``k_neighbors`` that works
    (imbalanced-learn shows scikit-learn's "Expected n_neighbors <= n_samples_fit");
    a neighbours object needs ``fit`` and ``kneighbors`` only (imbalanced-learn also
    asks for ``kneighbors_graph``).

    References
    ----------
    .. [1] N. V. Chawla, K. W. Bowyer, L. O. Hall and W. P. Kegelmeyer (2002).
       "SMOTE: Synthetic Minority Over-sampling Technique". Journal of Artificial
       Intelligence Research 16, 321-357. doi:10.1613/jair.953

    Examples
    --------
    >>> import numpy as np
    >>> from negedu.resampling import smote
    >>> X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0],
    ...               [5.0, 5.0], [6.0, 5.0], [5.0, 6.0]])
    >>> y = np.array([0, 0, 0, 0, 1, 1, 1])
    >>> X_res, y_res = smote(X, y, k_neighbors=2, random_state=0)
    >>> np.bincount(y_res).tolist()
    [4, 4]
    >>> X_res[-1].round(3).tolist()
    [5.0, 5.407]
    """
    X, y = check_resample_input(X, y, copy=False)  # X is only read
    k_neighbors = _check_neighbors_param(k_neighbors, "k_neighbors")
    strategy = check_sampling_strategy(sampling_strategy, y, "over-sampling")
    return _smote(X, y, strategy, k_neighbors, random_state)


def _smote(X, y, strategy, k_neighbors, random_state):
    """SMOTE on checked input with a resolved strategy ``{class: n_new}``."""
    for label, n_new in strategy.items():
        if n_new > 0:
            _check_class_size(int(np.sum(y == label)), k_neighbors, "k_neighbors", "SMOTE", label)
    new_X, new_y = [], []
    for label, n_new in strategy.items():  # ascending labels
        if n_new == 0:
            continue
        X_class = X[y == label]  # (n_c, n_features), original order
        neighbor_idx = _neighbour_indices(X_class, X_class, k_neighbors)  # (n_c, k) into X_class
        rng = check_random_state(random_state)  # re-seeded per class, as imbalanced-learn does
        rows, cols, steps = _draw_pairs(rng, *neighbor_idx.shape, n_new)
        new_X.append(_interpolate(X_class, rows, X_class, neighbor_idx[rows, cols], steps))
        new_y.append(np.full(n_new, label, dtype=y.dtype))
    return _stack(X, y, new_X, new_y)


class SMOTE(BaseSampler):
    r"""SMOTE over-sampler: the class around :func:`smote`.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        See :func:`smote`.
    random_state : None, int or numpy.random.RandomState, default=None
        See :func:`smote`.
    k_neighbors : int or object, default=5
        See :func:`smote`.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{class: number of samples to generate}``, in ascending label order.

    Notes
    -----
    Same parameters, defaults and outputs as ``imblearn.over_sampling.SMOTE``; the
    algorithm, its conventions and its differences are described in :func:`smote`.

    References
    ----------
    .. [1] N. V. Chawla, K. W. Bowyer, L. O. Hall and W. P. Kegelmeyer (2002).
       "SMOTE: Synthetic Minority Over-sampling Technique". Journal of Artificial
       Intelligence Research 16, 321-357. doi:10.1613/jair.953

    Examples
    --------
    >>> import numpy as np
    >>> from negedu.resampling import SMOTE
    >>> X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0],
    ...               [5.0, 5.0], [6.0, 5.0], [5.0, 6.0]])
    >>> y = np.array([0, 0, 0, 0, 1, 1, 1])
    >>> sampler = SMOTE(k_neighbors=2, random_state=0)
    >>> sampler
    SMOTE(random_state=0, k_neighbors=2)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sampler.sampling_strategy_
    {1: 1}
    """

    _sampling_type = "over-sampling"
    _copy_input = False  # X is only read, never written

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors

    def _fit_resample(self, X, y):
        # X and y are checked and sampling_strategy_ resolved by fit_resample: go straight to
        # the algorithm (calling smote would check and copy X a second time)
        k_neighbors = _check_neighbors_param(self.k_neighbors, "k_neighbors")
        return _smote(X, y, self.sampling_strategy_, k_neighbors, self.random_state)
