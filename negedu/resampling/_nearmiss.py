r"""NearMiss-1, -2 and -3: keep the majority samples closest to (or most around) the minority."""

from functools import partial
import warnings

import numpy as np

from negedu._validation import check_int
from negedu.neighbors import check_neighbors_object, k_farthest_sq_distances, kneighbors_in_rows
from negedu.resampling._base import BaseSampler, check_resample_input
from negedu.resampling._strategy import check_sampling_strategy

__all__ = ["near_miss", "NearMiss"]


def _reference_class(y):
    """The minority class as imbalanced-learn's ``Counter`` picks it: ties go to the first label seen in y."""
    classes, first_seen, counts = np.unique(y, return_index=True, return_counts=True)
    smallest = np.flatnonzero(counts == counts.min())
    return classes[smallest[np.argmin(first_seen[smallest])]]


def near_miss(X, y, *, sampling_strategy="auto", version=1, n_neighbors=3, n_neighbors_ver3=3):
    r"""Under-sample by NearMiss: keep the samples nearest to the minority class.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The samples (numeric, finite).
    y : array-like of shape (n_samples,)
        The class labels.
    sampling_strategy : str, float, dict or callable, default="auto"
        How many samples of which class to keep (family ``"under-sampling"``); ``"auto"``
        keeps :math:`n_{min}` samples of every class but the minority.
    version : {1, 2, 3}, default=1
        Which NearMiss rule.
    n_neighbors : int or object with a ``kneighbors`` method, default=3
        :math:`k`, the number of minority neighbours averaged in the score. An object (negedu's
        or scikit-learn's ``NearestNeighbors``) is fitted on the minority class and its own
        ``n_neighbors`` is :math:`k`.
    n_neighbors_ver3 : int or object with a ``kneighbors`` method, default=3
        :math:`m`, NearMiss-3 only: how many nearest samples of each class every minority
        sample keeps as candidates.

    Returns
    -------
    X_resampled : ndarray of shape (n_kept, n_features)
    y_resampled : ndarray of shape (n_kept,)
    sample_indices : ndarray of shape (n_kept,), int64
        Rows of ``X`` kept. Classes come in ascending label order; a targeted class's rows are
        in score order (best first), the other classes' in their original order.

    Raises
    ------
    ValueError
        If ``version`` is not 1, 2 or 3; if ``n_neighbors`` is more than the minority class
        has (versions 1 and 3) or ``n_neighbors_ver3`` more than a targeted class has
        (version 3); and for bad ``X``, ``y`` or ``sampling_strategy``.

    Warns
    -----
    UserWarning
        NearMiss-3 when a class has fewer candidates than ``sampling_strategy`` asks to keep:
        all candidates are kept.

    Notes
    -----
    Let :math:`M` be the minority class (the smallest; on a tie, the class that appears first
    in ``y``, as imbalanced-learn's ``Counter`` decides) and, for a sample :math:`x` of a class
    :math:`c` being under-sampled, let :math:`d_1(x) \le d_2(x) \le \dots` be its Euclidean
    distances to the samples of :math:`M`. Mani and Zhang [1]_ score :math:`x` with the average
    distance to :math:`k` minority samples; the constant :math:`1/k` does not change the order,
    so, as imbalanced-learn, we use the sum:

    * **NearMiss-1**: :math:`s(x) = \sum_{i=1}^{k} d_i(x)`, the :math:`k` nearest minority
      samples. Keep the :math:`n_c` samples with the **smallest** scores.
    * **NearMiss-2**: :math:`s(x) = \sum_{i=|M|-k+1}^{|M|} d_i(x)`, the :math:`k` **farthest**
      minority samples. Keep the :math:`n_c` smallest scores.
    * **NearMiss-3**: first every minority sample nominates its :math:`m` nearest samples of
      :math:`c`; the candidates are those nominated at least once. Among them keep the
      :math:`n_c` with the **largest** NearMiss-1 score :math:`s(x)`.

    Ties in the score keep the lower index first (a stable sort, as Python's ``sorted`` in
    imbalanced-learn; for version 3 the descending sort is stable too). When the minority class
    is itself under-sampled (``"all"``), a minority sample's distance to itself, 0, is part of
    its score, as in imbalanced-learn; two mutual nearest neighbours then tie exactly when
    :math:`k = 2`, and scikit-learn's brute-force path (more than 15 features) breaks such ties
    by rounding noise, so on those settings the order can differ from imbalanced-learn's.
    There is no randomness.

    NearMiss-2 needs every minority distance of every sample. imbalanced-learn asks
    scikit-learn for the full sorted neighbour list (1.5 GB at 100,000 x 20, 1:99); negedu
    searches the :math:`k` farthest minority samples directly, chunk by chunk, with the same
    exact search as :func:`negedu.neighbors.kneighbors`, so memory stays bounded.

    References
    ----------
    .. [1] I. Mani and I. Zhang, "kNN approach to unbalanced data distributions: a case study
       involving information extraction", Proceedings of the ICML 2003 Workshop on Learning
       from Imbalanced Datasets, 2003.

    Examples
    --------
    >>> X = [[0.0], [1.0], [2.0], [5.0], [9.0], [2.5], [3.0]]
    >>> y = [0, 0, 0, 0, 0, 1, 1]
    >>> near_miss(X, y, n_neighbors=1)[2].tolist()
    [2, 1, 5, 6]
    >>> near_miss(X, y, version=2, n_neighbors=1)[2].tolist()
    [2, 1, 5, 6]
    >>> near_miss(X, y, version=3, n_neighbors=1, n_neighbors_ver3=2)[2].tolist()
    [1, 2, 5, 6]
    """
    X, y = check_resample_input(X, y, copy=False)
    strategy = check_sampling_strategy(sampling_strategy, y, "under-sampling")
    return _near_miss(X, y, strategy, version, n_neighbors, n_neighbors_ver3)


def _near_miss(X, y, strategy, version, n_neighbors, n_neighbors_ver3):
    """The algorithm of :func:`near_miss` on checked arrays and a resolved strategy.

    Checks ``version`` and ``n_neighbors``, then keeps, of every class the strategy targets, the
    ``n_keep`` rows its NearMiss rule ranks first (:func:`_near_miss_1_2`, :func:`_near_miss_3`).
    """
    version = check_int(version, "version", minimum=1, maximum=3, hint="NearMiss has versions 1, 2 and 3.")
    minority = _reference_class(y)
    min_rows = np.flatnonzero(y == minority)
    X_min = X[min_rows]

    nn = check_neighbors_object("n_neighbors", n_neighbors)
    k = nn.n_neighbors
    if version != 2 and k > min_rows.size:
        raise ValueError(
            f"NearMiss-{version} scores each sample by its n_neighbors={k} nearest samples of "
            f"the minority class {minority.item()!r}, which has only {min_rows.size}. "
            f"Use n_neighbors <= {min_rows.size}."
        )
    if isinstance(n_neighbors, (int, np.integer)):
        nn = None  # our exact search
    else:
        nn.fit(X_min)
    distances = partial(_minority_distances, X, X_min, k, nn)

    kept = []
    for label in np.unique(y):
        rows = np.flatnonzero(y == label)
        n_keep = strategy.get(label.item())
        if n_keep is None:
            kept.append(rows)
            continue
        if version == 3:
            order = _near_miss_3(X, rows, X_min, distances, n_neighbors_ver3, n_keep, label)
        else:
            order = _near_miss_1_2(rows, distances, farthest=version == 2)
        kept.append(rows[order[:n_keep]])
    sample_indices = np.concatenate(kept).astype(np.int64)
    return X[sample_indices], y[sample_indices], sample_indices


def _minority_distances(X, X_min, k, nn, rows, *, farthest=False):
    """Distances from each sample ``X[rows]`` to its ``k`` nearest (or farthest) minority samples.

    Returns an array of shape ``(rows.size, min(k, |M|))``, ascending along each row. ``nn`` is
    ``None`` for our exact search, which reads the rows of ``X`` in place, or the user's
    neighbours object fitted on ``X_min``.
    """
    if farthest:
        if nn is None:
            far = k_farthest_sq_distances(  # (n_rows, k) squared distances, ascending
                X_min.astype(np.float64, copy=False), X.astype(np.float64, copy=False), min(k, X_min.shape[0]), rows
            )
            return np.sqrt(far)
        # the user's object has no farthest search: every minority distance, keep the last k
        return nn.kneighbors(X[rows], n_neighbors=X_min.shape[0])[0][:, -k:]
    if nn is None:
        return kneighbors_in_rows(X_min, X, k, query_rows=rows, return_distance=True)[0]
    return nn.kneighbors(X[rows], n_neighbors=k)[0]


def _near_miss_1_2(rows, distances, *, farthest):
    r"""NearMiss-1 (``farthest=False``) and NearMiss-2: the rows of a class, best first.

    A sample :math:`x` of the class scores :math:`s(x) = \sum_{i=1}^{k} d_i(x)`, the sum of its
    distances to its :math:`k` nearest minority samples (NearMiss-1), or
    :math:`\sum_{i=|M|-k+1}^{|M|} d_i(x)`, to its :math:`k` farthest (NearMiss-2). The smallest
    score comes first; ties keep the lower index first. ``distances`` is
    :func:`_minority_distances` bound to ``X`` and the minority. Returns positions in ``rows``.
    """
    d = distances(rows, farthest=farthest)  # (n_c, k): d_1..d_k, or the k largest d_i
    scores = np.sum(d, axis=1)  # s(x), (n_c,)
    return np.argsort(scores, kind="stable")


def _near_miss_3(X, rows, X_min, distances, n_neighbors_ver3, n_keep, label):
    r"""NearMiss-3: the candidates of a class, best first, found in two stages.

    1. Every minority sample nominates its :math:`m` nearest samples of the class; the
       candidates are the samples nominated at least once.
    2. A candidate :math:`x` scores :math:`s(x) = \sum_{i=1}^{k} d_i(x)`, as in NearMiss-1, and
       the **largest** score comes first (ties keep the lower index first): of the samples next
       to the minority, those with the most room around them.

    ``distances`` is :func:`_minority_distances` bound to ``X`` and the minority ``X_min``.
    Returns positions in ``rows``; warns when there are fewer candidates than ``n_keep``.
    """
    nn3 = check_neighbors_object("n_neighbors_ver3", n_neighbors_ver3)
    m = nn3.n_neighbors
    if m > rows.size:
        raise ValueError(
            f"NearMiss-3 lets each minority sample nominate its n_neighbors_ver3={m} "
            f"nearest samples of class {label.item()!r}, which has only {rows.size}. "
            f"Use n_neighbors_ver3 <= {rows.size}."
        )
    if isinstance(n_neighbors_ver3, (int, np.integer)):
        # (|M|, m) positions in rows; the class's rows are searched in place, without a copy of them
        nominated = kneighbors_in_rows(X, X_min, m, fit_rows=rows)
    else:
        nominated = nn3.fit(X[rows]).kneighbors(X_min, return_distance=False)
    candidates = np.unique(nominated)  # ascending positions in rows
    scores = np.sum(distances(rows[candidates]), axis=1)  # s(x), (n_candidates,)
    order = candidates[np.argsort(-scores, kind="stable")]  # largest score first
    if candidates.size < n_keep:
        warnings.warn(
            f"NearMiss-3 found only {candidates.size} candidate samples of class "
            f"{label.item()!r} (the n_neighbors_ver3={m} nearest of each minority sample) "
            f"but sampling_strategy asks to keep {n_keep}; all {candidates.size} are kept, "
            "so the classes stay unbalanced. Increase n_neighbors_ver3 for more candidates.",
            UserWarning,
            stacklevel=3,
        )
    return order


class NearMiss(BaseSampler):
    r"""NearMiss under-sampling (versions 1, 2 and 3), with imbalanced-learn's interface.

    A thin shell around :func:`near_miss`; see it for the parameters and the three rules.
    ``n_jobs`` is accepted for compatibility and ignored.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{class: number of samples kept}`` for the targeted classes.
    sample_indices_ : ndarray of shape (n_kept,)
        Rows of ``X`` kept, in output order.

    Examples
    --------
    >>> nm = NearMiss(n_neighbors=1)
    >>> X_res, y_res = nm.fit_resample([[0.0], [1.0], [2.0], [2.5]], [0, 0, 0, 1])
    >>> X_res.ravel().tolist()
    [2.0, 2.5]
    """

    _sampling_type = "under-sampling"
    _copy_input = False

    def __init__(self, *, sampling_strategy="auto", version=1, n_neighbors=3, n_neighbors_ver3=3, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.version = version
        self.n_neighbors = n_neighbors
        self.n_neighbors_ver3 = n_neighbors_ver3
        self.n_jobs = n_jobs

    def _fit_resample(self, X, y):
        return self._keep_sample_indices(
            _near_miss(X, y, self.sampling_strategy_, self.version, self.n_neighbors, self.n_neighbors_ver3)
        )
