r"""Tomek links: remove the samples that form a cross-class pair of mutual nearest neighbours."""

import numpy as np

from negedu.neighbors import kneighbors_in_rows
from negedu.resampling._base import BaseSampler, check_resample_input
from negedu.resampling._strategy import check_sampling_strategy

__all__ = ["tomek_links", "find_tomek_links", "TomekLinks"]


def _nearest_other(X, rows):
    """Index of the nearest other sample of each row in ``rows`` (column 1 of a 2-NN search)."""
    # low_memory: no float32 copy of X. Tomek links need one neighbour of a few samples, so the
    # search is quick either way, and the copy would be most of its memory.
    return kneighbors_in_rows(X, X, 2, query_rows=rows, low_memory=True)[:, 1]


def find_tomek_links(X, y):
    r"""Mark every sample that belongs to a Tomek link.

    Samples :math:`x_i` and :math:`x_j` form a **Tomek link** when their labels differ and each
    is the other's nearest neighbour: :math:`\mathrm{nn}(i) = j` and :math:`\mathrm{nn}(j) = i`.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Checked, finite samples.
    y : ndarray of shape (n_samples,)
        Their labels.

    Returns
    -------
    in_link : ndarray of shape (n_samples,), bool
        True for both ends of every link.

    Notes
    -----
    The definition needs the nearest neighbour of every sample, but a link always has one end
    outside the largest class (its two labels differ). So only the samples outside the largest
    class are searched first; a link can then only pair such a sample :math:`i` with
    :math:`j = \mathrm{nn}(i)`, and only those :math:`j` from the largest class need a second
    search. For a 1:99 problem that is about :math:`2 n_{min}` searches instead of :math:`n`.
    The nearest neighbour is column 1 of a 2-nearest-neighbour search that includes the sample
    itself, as in imbalanced-learn (with exact duplicates, column 1 may be the sample itself).

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [1.2], [5.0]])
    >>> find_tomek_links(X, np.array([0, 0, 1, 1])).tolist()
    [False, True, True, False]
    """
    X, y = check_resample_input(X, y, copy=False)
    classes, counts = np.unique(y, return_counts=True)
    largest = classes[np.argmax(counts)]
    nearest = np.full(y.shape[0], -1, dtype=np.int64)  # -1: not searched (never needed)
    first = np.flatnonzero(y != largest)
    nearest[first] = _nearest_other(X, first)
    partner = nearest[first]  # (n_first,) nn(i) for i outside the largest class
    second = np.unique(partner[y[partner] == largest])
    second = second[nearest[second] < 0]
    nearest[second] = _nearest_other(X, second)
    # i (outside the largest class) and j = nn(i) form a link if the labels differ and nn(j) = i
    is_link = (y[partner] != y[first]) & (nearest[partner] == first)
    in_link = np.zeros(y.shape[0], dtype=bool)
    in_link[first[is_link]] = True
    in_link[partner[is_link]] = True
    return in_link


def tomek_links(X, y, *, sampling_strategy="auto"):
    r"""Remove the samples of the targeted classes that are in a Tomek link.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The samples (numeric, finite).
    y : array-like of shape (n_samples,)
        The class labels.
    sampling_strategy : str, list or callable, default="auto"
        The classes that may lose samples (family ``"clean-sampling"``): ``"auto"`` = every
        class but the minority, ``"all"``, ``"majority"``, ``"not minority"``,
        ``"not majority"`` or a list of labels.

    Returns
    -------
    X_resampled : ndarray of shape (n_kept, n_features)
    y_resampled : ndarray of shape (n_kept,)
    sample_indices : ndarray of shape (n_kept,), int64
        The kept rows of ``X``, in their original (ascending) order.

    Raises
    ------
    ValueError
        If ``X`` holds NaN or infinity, ``X`` and ``y`` differ in length, ``y`` has a single
        class, or ``sampling_strategy`` is a dict or float (cleaning samplers take a list).

    Notes
    -----
    Tomek's rule [1]_: :math:`x_i` and :math:`x_j` with :math:`y_i \ne y_j` form a link when
    no sample is closer to either of them than they are to each other, i.e. each is the
    other's nearest neighbour (Euclidean distance). A link sits on the class boundary, or one
    of its ends is noise. Only the end(s) whose class is targeted are removed: with ``"auto"``
    on two classes, that is the majority end; on several classes, a link between two
    non-minority classes loses **both** ends; ``"all"`` removes both ends of every link. Rows
    keep their original order (no grouping by class). There is no randomness.

    Equal distances (duplicate rows, integer grids) make "the nearest neighbour" ambiguous;
    negedu takes the lowest index, scikit-learn an implementation-defined one, so on such
    data the removed rows can differ from imbalanced-learn's. On tie-free data they are
    identical.

    References
    ----------
    .. [1] I. Tomek, "Two modifications of CNN", IEEE Transactions on Systems, Man, and
       Cybernetics, SMC-6(11), 769-772, 1976.

    Examples
    --------
    >>> X = [[0.0], [1.0], [1.2], [5.0], [5.5]]
    >>> y = [0, 0, 1, 1, 0]
    >>> X_res, y_res, idx = tomek_links(X, y)
    >>> idx.tolist()
    [0, 2, 3]
    >>> tomek_links(X, y, sampling_strategy="all")[2].tolist()
    [0]
    """
    X, y = check_resample_input(X, y, copy=False)
    strategy = check_sampling_strategy(sampling_strategy, y, "clean-sampling")
    return _tomek_links(X, y, strategy)


def _tomek_links(X, y, strategy):
    """The algorithm of :func:`tomek_links` on checked arrays and a resolved strategy."""
    targeted = np.isin(y, np.array(list(strategy), dtype=y.dtype))
    removed = find_tomek_links(X, y) & targeted
    sample_indices = np.flatnonzero(~removed)
    return X[sample_indices], y[sample_indices], sample_indices


class TomekLinks(BaseSampler):
    r"""Tomek-links cleaning, with imbalanced-learn's interface.

    A thin shell around :func:`tomek_links`; see it for the parameters and the rule.
    ``n_jobs`` is accepted for compatibility and ignored (NumPy's BLAS uses its own threads).

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes that may lose samples.
    sample_indices_ : ndarray of shape (n_kept,)
        The kept rows, in ascending order.

    Examples
    --------
    >>> X_res, y_res = TomekLinks().fit_resample([[0.0], [1.0], [1.2], [5.0]], [0, 0, 1, 0])
    >>> X_res.ravel().tolist()
    [0.0, 1.2, 5.0]
    """

    _sampling_type = "clean-sampling"
    _copy_input = False

    def __init__(self, *, sampling_strategy="auto", n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.n_jobs = n_jobs

    def _fit_resample(self, X, y):
        return self._keep_sample_indices(_tomek_links(X, y, self.sampling_strategy_))
