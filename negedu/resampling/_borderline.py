"""Borderline-SMOTE: SMOTE started only from the minority samples near the class border."""

from collections import namedtuple
import warnings

import numpy as np

from negedu._validation import check_choice, check_random_state
from negedu.resampling._base import BaseSampler, _check_class_label, check_resample_input
from negedu.resampling._smote import (
    _check_class_size,
    _check_neighbors_param,
    _draw_pairs,
    _interpolate,
    _n_neighbors_excluding_self,
    _neighbour_indices,
    _stack,
)
from negedu.resampling._strategy import check_sampling_strategy

__all__ = ["borderline_smote", "borderline_danger", "BorderlineSMOTE"]

_KINDS = ("borderline-1", "borderline-2")


#: What :func:`borderline_danger` returns: m' and the three masks, each one entry per row of X.
BorderlineDanger = namedtuple("BorderlineDanger", ["m_prime", "safe", "danger", "noise"])


def borderline_danger(X, y, *, label, m_neighbors=10):
    r"""Borderline-SMOTE's status of each sample of class ``label``: safe, in danger or noise.

    The test :func:`borderline_smote` itself applies before it interpolates: a sample is
    *in danger* when at least half, but not all, of its ``m_neighbors`` nearest neighbours
    in the whole data set belong to other classes; only those samples start new points.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Numeric features, all finite.
    y : array-like of shape (n_samples,)
        Class labels.
    label : object
        The class whose samples are classified (a class of ``y``).
    m_neighbors : int or object, default=10
        The number :math:`m` of neighbours (the sample itself not counted), or an object
        with ``fit`` and ``kneighbors`` used as is (its ``n_neighbors`` counts the sample
        itself); the same parameter as in :func:`borderline_smote`.

    Returns
    -------
    status : BorderlineDanger
        A named tuple of four arrays of shape (n_samples,): ``m_prime`` (:math:`m'_i`, the
        other-class samples among the :math:`m` neighbours of each sample of class
        ``label``; -1 for the rows of other classes), and the boolean masks ``safe``,
        ``danger`` and ``noise`` (False for the rows of other classes).

    Raises
    ------
    ValueError
        For the input problems listed in :func:`smote`; if ``label`` is not a class of
        ``y``; if the data set has no more than ``m_neighbors`` samples.

    Notes
    -----
    For a sample :math:`x_i` of class :math:`c`, :math:`m'_i` counts the samples with a
    label other than :math:`c` among its :math:`m` nearest neighbours in the whole data set
    (the sample itself excluded: the search includes the query and drops column 0, as
    imbalanced-learn does). Then :math:`x_i` is

    .. math::

        \text{safe if } m'_i < m/2, \qquad
        \text{in danger if } m/2 \le m'_i < m, \qquad
        \text{noise if } m'_i = m,

    with :math:`m/2` a true division (:math:`m = 5` needs :math:`m' \ge 2.5`, so 3). The
    rows of ``danger`` are those of ``BorderlineSMOTE().in_danger_indices[label]`` when the
    class is over-sampled.

    References
    ----------
    .. [1] H. Han, W.-Y. Wang and B.-H. Mao (2005). "Borderline-SMOTE: A New
       Over-Sampling Method in Imbalanced Data Sets Learning". ICIC 2005, Lecture
       Notes in Computer Science 3644, 878-887. doi:10.1007/11538059_91

    Examples
    --------
    >>> import numpy as np
    >>> from negedu.resampling import borderline_danger
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (30, 2)), rng.normal(1.5, 1, (10, 2))])
    >>> y = np.array([0] * 30 + [1] * 10)
    >>> status = borderline_danger(X, y, label=1, m_neighbors=10)
    >>> np.flatnonzero(status.danger).tolist()
    [30, 33, 34, 36, 38]
    >>> int(status.safe.sum()), int(status.noise.sum())
    (4, 1)
    """
    X, y = check_resample_input(X, y, copy=False)  # X is only read
    label = _check_class_label(label, y)
    m_neighbors = _check_neighbors_param(m_neighbors, "m_neighbors")
    m = _check_enough_samples(X, m_neighbors)
    class_rows, _, m_prime_class = _other_class_neighbours(X, y, label, m_neighbors)
    m_prime = np.full(y.shape[0], -1)
    m_prime[class_rows] = m_prime_class
    in_class = y == label
    danger = np.zeros(y.shape[0], dtype=bool)
    danger[class_rows] = _in_danger(m_prime_class, m)
    return BorderlineDanger(
        m_prime=m_prime,
        safe=in_class & (m_prime < m / 2),
        danger=danger,
        noise=in_class & (m_prime == m),
    )


def _check_enough_samples(X, m_neighbors):
    """Return :math:`m` once the data set has more than :math:`m` samples to search."""
    m = _n_neighbors_excluding_self(m_neighbors)
    if X.shape[0] < m + 1:
        raise ValueError(
            f"BorderlineSMOTE needs more samples than m_neighbors: the data has "
            f"{X.shape[0]} samples and m_neighbors={m}. Use m_neighbors <= {X.shape[0] - 1}."
        )
    return m


def _other_class_neighbours(X, y, label, m_neighbors):
    """The rows of class ``label``, their m nearest neighbours in X (self dropped), and m'."""
    class_rows = np.flatnonzero(y == label)
    m_neighbor_idx = _neighbour_indices(X, X[class_rows], m_neighbors)  # (n_c, m) into X
    m_prime = np.sum(y[m_neighbor_idx] != label, axis=1)  # (n_c,) other-class neighbours
    return class_rows, m_neighbor_idx, m_prime


def _in_danger(m_prime, m):
    r"""Mask of the samples in danger: :math:`m/2 \le m' < m` (``m_prime`` = :math:`m'` per sample)."""
    return (m_prime >= m / 2) & (m_prime < m)


def borderline_smote(
    X,
    y,
    *,
    sampling_strategy="auto",
    k_neighbors=5,
    m_neighbors=10,
    kind="borderline-1",
    random_state=None,
):
    r"""Over-sample with Borderline-SMOTE: SMOTE from the samples in danger only.

    A sample of the class to grow is *in danger* when at least half, but not all, of
    its ``m_neighbors`` nearest neighbours in the whole data set belong to other
    classes: it sits on the border. Samples with only other-class neighbours are
    taken for noise and samples with mostly own-class neighbours are safe; neither
    is used. SMOTE then runs from the samples in danger only.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Numeric features, all finite.
    y : array-like of shape (n_samples,)
        Class labels (two or more classes).
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate per class; see :func:`smote`.
    k_neighbors : int or object, default=5
        Neighbours to interpolate towards (not counting the sample itself), or an
        object with ``fit`` and ``kneighbors`` used as is (its ``n_neighbors``
        counts the sample itself).
    m_neighbors : int or object, default=10
        Neighbours, in the whole data set, that decide whether a sample is in danger.
    kind : {"borderline-1", "borderline-2"}, default="borderline-1"
        Borderline-1 interpolates towards neighbours of the same class only.
        Borderline-2 interpolates towards the nearest neighbours of any class,
        going at most half-way towards a neighbour of another class.
    random_state : None, int or numpy.random.RandomState, default=None
        Seed of the random draws.

    Returns
    -------
    X_resampled : ndarray of shape (n_samples + n_new, n_features)
        The original rows, then the new rows of each class in ascending label order.
        Same dtype as ``X``.
    y_resampled : ndarray of shape (n_samples + n_new,)
        The matching labels.

    Raises
    ------
    ValueError
        For the input problems listed in :func:`smote`; if ``kind`` is unknown; if
        the data set has no more than ``m_neighbors`` samples; with borderline-1, if
        a class with samples in danger has no more than ``k_neighbors`` samples.

    Warns
    -----
    UserWarning
        When a class to over-sample has no sample in danger: it is then left as it
        is, so the output is not balanced.

    See Also
    --------
    borderline_danger : the danger test alone (safe, in danger, noise per sample).
    smote : from every sample of the class.
    adasyn : more samples where the class is harder, from every sample.

    Notes
    -----
    For a sample :math:`x_i` of class :math:`c`, let :math:`m'_i` be the number of
    its :math:`m` nearest neighbours in the whole data set with a label other than
    :math:`c` (one class against the rest). The danger set is

    .. math::

        D_c = \{x_i : m/2 \le m'_i < m\}.

    Every new point starts at a sample :math:`x_i \in D_c`, chosen together with one
    of its :math:`k` neighbours :math:`x_{nn}` uniformly over the
    :math:`|D_c| \cdot k` (sample, neighbour) pairs, and is

    .. math::

        x_{new} = x_i + \delta \, \alpha \, (x_{nn} - x_i), \qquad
        \delta \sim \mathcal{U}[0, 1),

    where for borderline-1 the neighbours come from class :math:`c` and
    :math:`\alpha = 1`; for borderline-2 they come from the whole data set and
    :math:`\alpha \sim \mathcal{U}[0, 0.5)` when :math:`x_{nn}` has another label,
    :math:`\alpha = 1` otherwise.

    Conventions, identical to imbalanced-learn 0.14: neighbour searches include the
    query and drop column 0 (the sample itself). :math:`m/2` is a true division
    (:math:`m = 5` needs :math:`m' \ge 2.5`, so 3). With an integer
    ``random_state``, every class starts a fresh generator for
    ``randint(0, |D_c| k, n_new)`` then ``uniform(size=n_new)``; borderline-2 then
    starts another fresh generator from the same seed for the factors
    :math:`\alpha` (``uniform(0, 0.5)``, one per other-class pair, in order). The
    same seed gives the same rows as imbalanced-learn on continuous data; with exact
    ties in distance the order of equal neighbours may differ.

    The paper's Borderline-SMOTE2 draws :math:`\alpha \in (0, 0.5)` and chooses,
    for every sample in danger, a fixed number of neighbours; here (as in
    imbalanced-learn) the pairs are drawn at random with replacement.

    Categorical features are interpolated like continuous ones; see the warning in
    :func:`smote`.

    Differences from imbalanced-learn: a class with no sample in danger is left as it
    is (as there) but with a warning (there silently); a class too small for
    ``k_neighbors`` gets a message naming the class; an integer ``X`` works with
    borderline-2 (the gap is scaled in float64 and the point truncated to an integer
    like SMOTE's; imbalanced-learn fails to multiply an integer array in place).

    References
    ----------
    .. [1] H. Han, W.-Y. Wang and B.-H. Mao (2005). "Borderline-SMOTE: A New
       Over-Sampling Method in Imbalanced Data Sets Learning". In Advances in
       Intelligent Computing (ICIC 2005), Lecture Notes in Computer Science 3644,
       878-887. Springer. doi:10.1007/11538059_91

    Examples
    --------
    >>> import numpy as np
    >>> from negedu.resampling import borderline_smote
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (30, 2)), rng.normal(1.5, 1, (10, 2))])
    >>> y = np.array([0] * 30 + [1] * 10)
    >>> X_res, y_res = borderline_smote(X, y, k_neighbors=3, m_neighbors=6, random_state=0)
    >>> np.bincount(y_res).tolist()
    [30, 30]
    """
    X, y = check_resample_input(X, y, copy=False)  # X is only read
    k_neighbors = _check_neighbors_param(k_neighbors, "k_neighbors")
    m_neighbors = _check_neighbors_param(m_neighbors, "m_neighbors")
    kind = check_choice(kind, "kind", _KINDS)
    strategy = check_sampling_strategy(sampling_strategy, y, "over-sampling")
    X_res, y_res, _ = _borderline_smote(
        X, y, strategy, k_neighbors, m_neighbors, kind, random_state
    )
    return X_res, y_res


def _borderline_smote(X, y, strategy, k_neighbors, m_neighbors, kind, random_state):
    """Borderline-SMOTE on checked input; also returns ``{class: rows in danger}``."""
    m = _check_enough_samples(X, m_neighbors)
    in_danger_indices = {}
    new_X, new_y = [], []
    for label, n_new in strategy.items():  # ascending labels
        if n_new == 0:
            continue
        class_rows, m_neighbor_idx, m_prime = _other_class_neighbours(X, y, label, m_neighbors)
        danger = _in_danger(m_prime, m)  # (n_c,) bool
        if not danger.any():
            warnings.warn(
                f"BorderlineSMOTE found no sample of class {label!r} in danger (none has "
                f"at least half, but not all, of its m_neighbors nearest neighbours in "
                f"other classes), so class {label!r} is not over-sampled. Try SMOTE, or a "
                "different m_neighbors.",
                UserWarning,
                stacklevel=3,
            )
            continue
        in_danger_indices[label] = class_rows[danger]
        X_danger = X[class_rows[danger]]  # (n_danger, n_features), original order
        if kind == "borderline-1":
            X_candidates = X[class_rows]  # neighbours within the class
            _check_class_size(class_rows.size, k_neighbors, "k_neighbors", "BorderlineSMOTE", label)
        else:
            X_candidates = X  # neighbours in the whole data set
            _check_class_size(
                X.shape[0], k_neighbors, "k_neighbors", "BorderlineSMOTE", label, whole_data=True
            )
        both_int = isinstance(k_neighbors, int) and isinstance(m_neighbors, int)
        if kind == "borderline-2" and both_int and k_neighbors <= m:
            # the k nearest in the whole set are the first k of the m found above
            neighbor_idx = m_neighbor_idx[danger, :k_neighbors]  # (n_danger, k) into X
        else:
            neighbor_idx = _neighbour_indices(X_candidates, X_danger, k_neighbors)  # (n_danger, k)
        rng = check_random_state(random_state)  # re-seeded per class
        rows, cols, steps = _draw_pairs(rng, *neighbor_idx.shape, n_new)
        neighbor_rows = neighbor_idx[rows, cols]  # (n_new,) into X_candidates
        gap_factor = None
        if kind == "borderline-2":
            other_class = y[neighbor_rows] != label  # (n_new,) pairs to shorten
            rng_alpha = check_random_state(random_state)  # another fresh generator
            gap_factor = np.ones(n_new)
            gap_factor[other_class] = rng_alpha.uniform(0.0, 0.5, size=int(other_class.sum()))
        new_X.append(_interpolate(X_danger, rows, X_candidates, neighbor_rows, steps, gap_factor))
        new_y.append(np.full(n_new, label, dtype=y.dtype))
    X_res, y_res = _stack(X, y, new_X, new_y)
    return X_res, y_res, in_danger_indices


class BorderlineSMOTE(BaseSampler):
    r"""Borderline-SMOTE over-sampler: the class around :func:`borderline_smote`.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        See :func:`borderline_smote`.
    random_state : None, int or numpy.random.RandomState, default=None
        See :func:`borderline_smote`.
    k_neighbors : int or object, default=5
        See :func:`borderline_smote`.
    m_neighbors : int or object, default=10
        See :func:`borderline_smote`.
    kind : {"borderline-1", "borderline-2"}, default="borderline-1"
        See :func:`borderline_smote`.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{class: number of samples to generate}``, in ascending label order.
    in_danger_indices : dict
        ``{class: row indices of its samples in danger}`` for every class that was
        over-sampled (no trailing underscore, as in imbalanced-learn).

    Notes
    -----
    Same parameters, defaults and outputs as
    ``imblearn.over_sampling.BorderlineSMOTE``; see :func:`borderline_smote`.

    References
    ----------
    .. [1] H. Han, W.-Y. Wang and B.-H. Mao (2005). "Borderline-SMOTE: A New
       Over-Sampling Method in Imbalanced Data Sets Learning". ICIC 2005, Lecture
       Notes in Computer Science 3644, 878-887. doi:10.1007/11538059_91

    Examples
    --------
    >>> import numpy as np
    >>> from negedu.resampling import BorderlineSMOTE
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (30, 2)), rng.normal(1.5, 1, (10, 2))])
    >>> y = np.array([0] * 30 + [1] * 10)
    >>> sampler = BorderlineSMOTE(kind="borderline-2", random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sampler.in_danger_indices[1].tolist()
    [30, 33, 34, 36, 38]
    """

    _sampling_type = "over-sampling"
    _copy_input = False  # X is only read, never written

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
        m_neighbors=10,
        kind="borderline-1",
    ):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.m_neighbors = m_neighbors
        self.kind = kind

    def _fit_resample(self, X, y):
        k_neighbors = _check_neighbors_param(self.k_neighbors, "k_neighbors")
        m_neighbors = _check_neighbors_param(self.m_neighbors, "m_neighbors")
        kind = check_choice(self.kind, "kind", _KINDS)
        X_res, y_res, self.in_danger_indices = _borderline_smote(
            X, y, self.sampling_strategy_, k_neighbors, m_neighbors, kind, self.random_state
        )
        return X_res, y_res
