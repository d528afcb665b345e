r"""Edited nearest neighbours: remove the samples their neighbours disagree with."""

import numpy as np

from negedu._validation import check_choice
from negedu.neighbors import check_neighbors_object, kneighbors_in_rows
from negedu.resampling._base import BaseSampler, check_resample_input
from negedu.resampling._strategy import check_sampling_strategy

__all__ = ["edited_nearest_neighbours", "EditedNearestNeighbours"]



def _row_mode(labels):
    """Most frequent entry of each row; on a tie the smallest label (as ``scipy.stats.mode``)."""
    classes, codes = np.unique(labels, return_inverse=True)
    codes = codes.reshape(labels.shape)  # (n, k) positions in the sorted classes
    votes = np.zeros((labels.shape[0], classes.size), dtype=np.int64)
    np.add.at(votes, (np.arange(labels.shape[0])[:, None], codes), 1)
    return classes[np.argmax(votes, axis=1)]  # argmax takes the first, i.e. smallest, label


def edited_nearest_neighbours(X, y, *, sampling_strategy="auto", n_neighbors=3, kind_sel="all"):
    r"""Remove each sample of a targeted class whose nearest neighbours disagree with its label.

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
    n_neighbors : int or object with a ``kneighbors`` method, default=3
        :math:`k`, the number of neighbours that vote. An object (negedu's or scikit-learn's
        ``NearestNeighbors``) is used as is: it is fitted on the whole ``X``, and its own
        ``n_neighbors`` must count the sample itself, so ``NearestNeighbors(4)`` means
        :math:`k = 3`.
    kind_sel : {"all", "mode"}, default="all"
        ``"all"``: keep a sample only if all :math:`k` neighbours share its label;
        ``"mode"``: keep it if its label is the most common among them.

    Returns
    -------
    X_resampled : ndarray of shape (n_kept, n_features)
    y_resampled : ndarray of shape (n_kept,)
    sample_indices : ndarray of shape (n_kept,), int64
        Rows of ``X`` kept, grouped by class in ascending label order, ascending within a class.

    Raises
    ------
    ValueError
        If ``n_neighbors + 1`` is more than the number of samples, ``kind_sel`` is unknown, or
        for bad ``X``, ``y`` or ``sampling_strategy``.

    Notes
    -----
    Wilson's editing rule [1]_: for each sample :math:`x_i` of a targeted class, find its
    :math:`k` nearest neighbours :math:`N_k(i)` among all **other** samples (Euclidean). With
    ``kind_sel="all"`` remove :math:`x_i` if any :math:`y_j \ne y_i` for :math:`j \in N_k(i)`;
    with ``"mode"`` remove it unless :math:`y_i` is the most frequent label of
    :math:`\{y_j : j \in N_k(i)\}` (a tied vote goes to the smallest label, as
    ``scipy.stats.mode`` decides in imbalanced-learn). Wilson's paper uses the majority vote;
    imbalanced-learn's default, followed here, is the stricter ``"all"``.

    The neighbours come from a :math:`(k+1)`-nearest-neighbour search over the whole ``X``
    whose column 0, the sample itself, is dropped. A class can lose all its samples. Ties in
    distance go to the lower index (scikit-learn: implementation-defined), so only on data with
    equal distances can the result differ from imbalanced-learn's. There is no randomness.

    Deliberate difference: imbalanced-learn's ``kind_sel="mode"`` fails on string labels
    (``scipy.stats.mode`` needs numbers); negedu's works for any labels.

    References
    ----------
    .. [1] D. L. Wilson, "Asymptotic properties of nearest neighbor rules using edited data",
       IEEE Transactions on Systems, Man, and Cybernetics, SMC-2(3), 408-421, 1972.

    Examples
    --------
    >>> X = [[0.0], [0.1], [0.2], [0.3], [1.0], [1.1], [1.2]]
    >>> y = [0, 0, 0, 1, 1, 1, 0]
    >>> edited_nearest_neighbours(X, y, n_neighbors=2)[2].tolist()
    [0, 1, 3, 4, 5]
    >>> edited_nearest_neighbours(X, y, n_neighbors=2, kind_sel="mode")[2].tolist()
    [0, 1, 2, 3, 4, 5]
    """
    X, y = check_resample_input(X, y, copy=False)
    strategy = check_sampling_strategy(sampling_strategy, y, "clean-sampling")
    return _edited_nearest_neighbours(X, y, strategy, n_neighbors, kind_sel)


def _edited_nearest_neighbours(X, y, strategy, n_neighbors, kind_sel):
    """The algorithm of :func:`edited_nearest_neighbours` on checked arrays and a resolved strategy."""
    check_choice(kind_sel, "kind_sel", ("all", "mode"))
    nn = check_neighbors_object("n_neighbors", n_neighbors, additional_neighbor=1)
    k_plus_self = nn.n_neighbors
    if k_plus_self > X.shape[0]:
        raise ValueError(
            f"EditedNearestNeighbours lets the {k_plus_self - 1} nearest other samples vote "
            f"(n_neighbors={n_neighbors!r}), but X has only {X.shape[0]} samples, so each has "
            f"{X.shape[0] - 1} others. Use n_neighbors <= {X.shape[0] - 1}."
        )
    use_own = isinstance(n_neighbors, (int, np.integer))
    if not use_own:
        nn.fit(X)
    kept = []
    for label in np.unique(y):
        rows = np.flatnonzero(y == label)
        if label.item() not in strategy:
            kept.append(rows)
            continue
        if use_own:
            # (n_c, k), self dropped; the class's rows are read in place, without a copy of them
            neighbours = kneighbors_in_rows(X, X, k_plus_self, query_rows=rows)[:, 1:]
        else:
            neighbours = nn.kneighbors(X[rows], return_distance=False)[:, 1:]
        votes = y[neighbours]  # (n_c, k) the neighbours' labels
        if kind_sel == "all":
            keep = np.all(votes == label, axis=1)
        else:
            keep = _row_mode(votes) == label
        kept.append(rows[keep])
    sample_indices = np.concatenate(kept).astype(np.int64)
    return X[sample_indices], y[sample_indices], sample_indices


class EditedNearestNeighbours(BaseSampler):
    r"""Edited-nearest-neighbours cleaning, with imbalanced-learn's interface.

    A thin shell around :func:`edited_nearest_neighbours`; see it for the parameters and the
    rule. ``n_jobs`` is accepted for compatibility and ignored.

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes that may lose samples.
    sample_indices_ : ndarray of shape (n_kept,)
        Rows of ``X`` kept, grouped by class.

    Examples
    --------
    >>> enn = EditedNearestNeighbours(n_neighbors=1)
    >>> X_res, y_res = enn.fit_resample([[0.0], [0.1], [0.2], [1.0]], [0, 1, 0, 0])
    >>> enn.sample_indices_.tolist()
    [3, 1]
    """

    _sampling_type = "clean-sampling"
    _copy_input = False

    def __init__(self, *, sampling_strategy="auto", n_neighbors=3, kind_sel="all", n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel
        self.n_jobs = n_jobs

    def _fit_resample(self, X, y):
        return self._keep_sample_indices(
            _edited_nearest_neighbours(X, y, self.sampling_strategy_, self.n_neighbors, self.kind_sel)
        )
