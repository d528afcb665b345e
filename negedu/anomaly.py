r"""One-class anomaly detection: the model sees (almost) only normal data.

In anomaly detection the normal behaviour is the big class and the anomalies are rare, often
absent from the training data altogether. The detectors here learn what "normal" looks like
and score every point by how far it is from that; the higher the anomaly score, the more
anomalous the point.

* :func:`mahalanobis_scores`: distance to one Gaussian fitted to the data (the global baseline).
* :func:`local_outlier_factor` and :class:`LocalOutlierFactor`: density compared with the
  density of the neighbours (Breunig et al., 2000).
* :func:`isolation_forest` and :class:`IsolationForest`: how few random splits isolate a
  point (Liu, Ting and Zhou, 2008), with :func:`average_path_length` (the :math:`c(n)`
  correction) and :func:`isolation_path` (one point's random splits, for figures).

The classes follow scikit-learn's interface and its label convention: ``predict`` returns
``+1`` for an inlier (normal) and ``-1`` for an outlier (anomaly), and ``score_samples`` is
*higher for more normal* points (the opposite of an anomaly score). The book's convention
(``y = 1`` for the class we look for) makes the anomaly the positive class: ``y = (pred == -1)``.
"""

import numbers

import numpy as np

from negedu._estimator import BaseEstimator
from negedu._validation import _short, check_array, check_int, check_random_state
from negedu.neighbors import kneighbors

__all__ = [
    "mahalanobis_scores",
    "local_outlier_factor",
    "LocalOutlierFactor",
    "average_path_length",
    "isolation_forest",
    "isolation_path",
    "IsolationForest",
    "precision_at_k",
]


# --------------------------------------------------------------------------------------------
# Shared checks
# --------------------------------------------------------------------------------------------


def _check_query(X_query, n_features, name="X"):
    Q = check_array(X_query, name)
    if Q.shape[1] != n_features:
        raise ValueError(
            f"{name} has {Q.shape[1]} feature(s) but the detector was fitted on {n_features}. "
            "Pass rows with the same features, in the same order, as the training data."
        )
    return Q


def _check_contamination(contamination, name="contamination"):
    if isinstance(contamination, str) and contamination == "auto":
        return contamination
    if isinstance(contamination, bool) or not isinstance(contamination, numbers.Real):
        raise ValueError(
            f"{name} must be 'auto' or a float in (0, 0.5], got {_short(contamination)}. "
            "It is the share of the training data you expect to be anomalous, e.g. 0.05."
        )
    if not 0.0 < float(contamination) <= 0.5:
        raise ValueError(
            f"{name} must be 'auto' or a float in (0, 0.5], got {contamination!r}. "
            "It is the share of the training data you expect to be anomalous, e.g. 0.05; "
            "above one half the 'anomalies' would be the majority."
        )
    return float(contamination)


def _offset(contamination, normal_scores, auto):
    """scikit-learn's ``offset_``: a fixed value for 'auto', else a percentile of the training scores."""
    if contamination == "auto":
        return float(auto)
    return float(np.percentile(normal_scores, 100.0 * contamination))


class _OutlierDetector(BaseEstimator):
    """What the detector classes share beyond the estimator base: the +1 / -1 decision."""

    def _decide(self, normal_score):
        """+1 (inlier) where ``score_samples - offset_ >= 0``, -1 (outlier) below."""
        is_inlier = np.ones(normal_score.shape[0], dtype=int)
        is_inlier[normal_score - self.offset_ < 0] = -1
        return is_inlier


# --------------------------------------------------------------------------------------------
# Mahalanobis distance to one Gaussian
# --------------------------------------------------------------------------------------------


def mahalanobis_scores(X, X_query=None):
    r"""Squared Mahalanobis distance of each row to the mean of ``X``, under the covariance of ``X``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The (normal) training data that defines the Gaussian.
    X_query : array-like of shape (n_query, n_features), optional
        The rows to score; default ``X`` itself.

    Returns
    -------
    scores : ndarray of shape (n_query,)
        :math:`D^2(x)`, an anomaly score: higher means farther from the bulk of the data.

    Raises
    ------
    ValueError
        If ``X`` has fewer than 2 rows or contains NaN or infinity, or if ``X_query`` has a
        different number of features.

    Notes
    -----
    With the empirical mean :math:`\hat\mu = \frac{1}{n}\sum_i x_i` and the (biased, divided by
    :math:`n`) empirical covariance :math:`\hat\Sigma = \frac{1}{n}\sum_i (x_i-\hat\mu)(x_i-\hat\mu)^\top`,

    .. math:: D^2(x) = (x - \hat\mu)^\top \hat\Sigma^{-1} (x - \hat\mu).

    :math:`\hat\Sigma^{-1}` is the pseudo-inverse when :math:`\hat\Sigma` is singular. This is
    scikit-learn's ``EmpiricalCovariance().fit(X).mahalanobis(X_query)``, which also returns
    the *squared* distance. Under a Gaussian, :math:`D^2` follows a :math:`\chi^2` law with
    ``n_features`` degrees of freedom, so it is one global yardstick for the whole space:
    it cannot see that one cluster is tighter than another.

    References
    ----------
    Mahalanobis, P. C. (1936). On the generalised distance in statistics. *Proceedings of the
    National Institute of Sciences of India*, 2(1), 49-55.

    Examples
    --------
    >>> X = [[0.0, 0.0], [2.0, 0.0], [0.0, 2.0], [2.0, 2.0]]
    >>> mahalanobis_scores(X, [[1.0, 1.0], [3.0, 1.0]])
    array([0., 4.])
    """
    F = check_array(X, "X", min_samples=2).astype(np.float64)
    Q = F if X_query is None else _check_query(X_query, F.shape[1], "X_query").astype(np.float64)
    location = F.mean(axis=0)
    centred = F - location
    covariance = centred.T @ centred / F.shape[0]  # (p, p), divided by n as np.cov(bias=True)
    # pseudo-inverse from the eigendecomposition; eigenvalues at most p * eps * max|lambda| count
    # as zero (SciPy's pinvh cut-off), so a singular covariance still has a precision matrix
    precision = np.linalg.pinv(covariance, rtol=covariance.shape[0] * np.finfo(np.float64).eps, hermitian=True)
    diff = Q - location  # (n_query, p)
    return np.einsum("ij,jk,ik->i", diff, precision, diff)


# --------------------------------------------------------------------------------------------
# Local outlier factor
# --------------------------------------------------------------------------------------------


def _check_lof_neighbors(n_neighbors, n_samples):
    k = check_int(n_neighbors, "n_neighbors", minimum=1, hint="LOF compares a point with at least one neighbour.")
    if k >= n_samples:
        raise ValueError(
            f"n_neighbors={k} but X has only {n_samples} samples: every point needs {k} *other* "
            f"points as neighbours. Use n_neighbors <= {n_samples - 1} (scikit-learn would warn and "
            "silently use n_samples - 1)."
        )
    return k


def _neighbors_of_training_points(X, k):
    """The k nearest *other* training points of every training point, as scikit-learn finds them.

    Ask for k + 1 neighbours and drop the point itself; when duplicates of a point push the
    point out of its own k + 1 neighbours, drop the first column instead (scikit-learn's rule).
    """
    dist, ind = kneighbors(X, X, k + 1, return_distance=True)  # (n, k + 1), the point itself usually first
    keep = ind != np.arange(X.shape[0])[:, None]
    crowded = keep.all(axis=1)  # the point is not among its own k + 1 neighbours
    keep[crowded, 0] = False
    n = X.shape[0]
    return dist[keep].reshape(n, k), ind[keep].reshape(n, k)


def _lrd(dist, ind, k_distance):
    r"""Local reachability density from the k neighbour distances and indices of some points.

    ``reach-dist_k(p, o) = max(k-distance(o), d(p, o))`` and ``lrd(p) = 1 / mean_o reach-dist``;
    the ``1e-10`` keeps duplicates (all reachability distances 0) finite, as in scikit-learn.
    """
    reach = np.maximum(dist, k_distance[ind])  # (n, k): reach-dist_k(p, o) for each neighbour o
    return 1.0 / (reach.mean(axis=1) + 1e-10)


def _lof_fit(X, k):
    """Fit LOF on ``X``: returns (lof, lrd, k_distance) of the training points."""
    dist, ind = _neighbors_of_training_points(X, k)
    if X.dtype == np.float32:  # scikit-learn computes LOF in the input's precision
        dist = dist.astype(np.float32)
    k_distance = dist[:, -1]  # distance to the k-th nearest other point
    lrd = _lrd(dist, ind, k_distance)
    lof = (lrd[ind] / lrd[:, None]).mean(axis=1)
    return lof, lrd, k_distance


def _lof_query(X, k_distance, lrd, Q, k):
    """LOF of new rows ``Q`` against a fitted ``X`` (a query that is a training row is not excluded)."""
    dist, ind = kneighbors(X, Q, k, return_distance=True)
    if Q.dtype == np.float32:
        dist = dist.astype(np.float32)
    lrd_query = _lrd(dist, ind, k_distance)
    return (lrd[ind] / lrd_query[:, None]).mean(axis=1)


def local_outlier_factor(X, X_query=None, *, n_neighbors=20):
    r"""Local outlier factor (LOF) of every row: its neighbours' density over its own.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The training data, assumed mostly normal.
    X_query : array-like of shape (n_query, n_features), optional
        New rows to score against ``X`` (novelty detection). Default: score the rows of ``X``
        themselves, each against the *other* rows (outlier detection).
    n_neighbors : int, default=20
        :math:`k`, the size of the neighbourhood, ``1 <= k < n_samples``.

    Returns
    -------
    lof : ndarray of shape (n_samples,) or (n_query,)
        LOF values: about 1 inside a cluster, well above 1 for a point less dense than its
        neighbours. Higher means more anomalous.

    Raises
    ------
    ValueError
        If ``n_neighbors >= n_samples``, if ``X`` or ``X_query`` contains NaN or infinity, or if
        the feature counts differ.
    TypeError
        If ``n_neighbors`` is not an integer.

    Notes
    -----
    Let :math:`N_k(p)` be the :math:`k` nearest other points of :math:`p` and
    :math:`\text{k-dist}(o)` the distance from :math:`o` to its own :math:`k`-th nearest
    neighbour. Following Breunig et al. (2000):

    .. math::

        \text{reach-dist}_k(p, o) &= \max\{\text{k-dist}(o),\ d(p, o)\}, \\
        \text{lrd}_k(p) &= 1 \Big/ \Big(\tfrac{1}{k} \textstyle\sum_{o \in N_k(p)} \text{reach-dist}_k(p, o)\Big), \\
        \text{LOF}_k(p) &= \tfrac{1}{k} \textstyle\sum_{o \in N_k(p)} \text{lrd}_k(o) / \text{lrd}_k(p).

    The reachability distance smooths the distances inside a dense region (every point closer
    to :math:`o` than :math:`o`'s own k-distance counts as being at that distance), and the
    ratio makes the score *local*: a point of a sparse cluster is compared with sparse
    neighbours, so its LOF stays near 1.

    Conventions, as scikit-learn's ``LocalOutlierFactor``: the distance is Euclidean; a
    training point is not its own neighbour (k + 1 neighbours are searched and the point is
    dropped, or, if duplicates crowd it out, the first one); :math:`N_k` holds exactly
    :math:`k` points even when several are tied at the k-distance (the paper includes every
    tied point); ``1e-10`` is added to the mean reachability distance so duplicates give a huge
    but finite density. ``float32`` input is computed in ``float32``, as scikit-learn does.
    scikit-learn returns ``-LOF`` (``negative_outlier_factor_``); :class:`LocalOutlierFactor`
    does too. Differences: ``n_neighbors >= n_samples`` raises here (scikit-learn warns and
    uses ``n_samples - 1``). When distances are tied at the k-th neighbour, the chosen
    neighbours (lower index first here) and so the scores may differ from scikit-learn's.

    References
    ----------
    Breunig, M. M., Kriegel, H.-P., Ng, R. T. and Sander, J. (2000). LOF: identifying
    density-based local outliers. *Proceedings of the 2000 ACM SIGMOD International Conference
    on Management of Data*, 93-104.

    Examples
    --------
    >>> X = [[0.0], [1.0], [2.0], [10.0]]
    >>> local_outlier_factor(X, n_neighbors=1).round(3)
    array([1., 1., 1., 8.])
    >>> local_outlier_factor(X, [[1.5], [20.0]], n_neighbors=2).round(3)
    array([0.875, 5.49 ])
    """
    F = check_array(X, "X", min_samples=2)
    if F.dtype != np.float32:
        F = F.astype(np.float64)
    k = _check_lof_neighbors(n_neighbors, F.shape[0])
    lof, lrd, k_distance = _lof_fit(F, k)
    if X_query is None:
        return lof
    Q = _check_query(X_query, F.shape[1], "X_query")
    if Q.dtype != np.float32:
        Q = Q.astype(np.float64)
    return _lof_query(F, k_distance, lrd, Q, k)


class LocalOutlierFactor(_OutlierDetector):
    r"""Local outlier factor with scikit-learn's interface (see :func:`local_outlier_factor`).

    Parameters
    ----------
    n_neighbors : int, default=20
    contamination : 'auto' or float in (0, 0.5], default='auto'
        'auto' sets ``offset_ = -1.5`` (flag LOF > 1.5); a float flags that share of the
        training points (``offset_`` is that percentile of ``negative_outlier_factor_``).
    novelty : bool, default=False
        False: outlier detection, ``fit_predict(X)`` labels the training rows. True: novelty
        detection, ``fit`` on clean data, then ``predict`` / ``score_samples`` /
        ``decision_function`` on new rows.

    Attributes
    ----------
    negative_outlier_factor_ : ndarray of shape (n_samples,)
        :math:`-\text{LOF}` of the training rows (higher = more normal).
    offset_ : float
        ``decision_function = score_samples - offset_``; below 0 is an outlier.
    n_neighbors_ : int
    n_samples_fit_ : int

    Notes
    -----
    Labels are scikit-learn's: ``+1`` inlier (normal), ``-1`` outlier (anomaly). Calling
    ``predict``, ``score_samples`` or ``decision_function`` with ``novelty=False``, or
    ``fit_predict`` with ``novelty=True``, raises an ``AttributeError`` as in scikit-learn,
    with a message that says which method to use instead.

    Examples
    --------
    >>> X = [[0.0], [1.0], [2.0], [3.0], [30.0]]
    >>> LocalOutlierFactor(n_neighbors=2).fit_predict(X)
    array([ 1,  1,  1,  1, -1])
    """

    def __init__(self, n_neighbors=20, contamination="auto", novelty=False):
        self.n_neighbors = n_neighbors
        self.contamination = contamination
        self.novelty = novelty

    def fit(self, X, y=None):
        F = check_array(X, "X", min_samples=2)
        if F.dtype != np.float32:
            F = F.astype(np.float64)
        contamination = _check_contamination(self.contamination)
        k = _check_lof_neighbors(self.n_neighbors, F.shape[0])
        lof, lrd, k_distance = _lof_fit(F, k)
        self._fit_X, self._lrd, self._k_distance = F, lrd, k_distance
        self.n_neighbors_ = k
        self.n_samples_fit_ = F.shape[0]
        self.n_features_in_ = F.shape[1]
        self.negative_outlier_factor_ = -lof
        self.offset_ = _offset(contamination, self.negative_outlier_factor_, auto=-1.5)
        return self

    def fit_predict(self, X, y=None):
        if self.novelty:
            raise AttributeError(
                "fit_predict is not available when novelty=True: it labels the training rows, "
                "which is outlier detection. Use novelty=False for fit_predict(X), or fit(X) "
                "then predict(X_new) to label new rows."
            )
        self.fit(X)
        is_inlier = np.ones(self.n_samples_fit_, dtype=int)
        is_inlier[self.negative_outlier_factor_ < self.offset_] = -1
        return is_inlier

    def _require_novelty(self, method):
        if not self.novelty:
            raise AttributeError(
                f"{method} is not available when novelty=False: LOF then only scores its own "
                "training rows (see negative_outlier_factor_ or fit_predict(X)). To score new "
                f"rows, create LocalOutlierFactor(novelty=True), fit it on normal data, then "
                f"call {method}(X_new)."
            )
        self._check_fitted(method, "offset_")

    def score_samples(self, X):
        """:math:`-\\text{LOF}` of new rows (higher = more normal); needs ``novelty=True``."""
        self._require_novelty("score_samples")
        Q = _check_query(X, self.n_features_in_)
        if Q.dtype != np.float32:
            Q = Q.astype(np.float64)
        return -_lof_query(self._fit_X, self._k_distance, self._lrd, Q, self.n_neighbors_)

    def decision_function(self, X):
        """``score_samples(X) - offset_``: negative for outliers; needs ``novelty=True``."""
        self._require_novelty("decision_function")
        return self.score_samples(X) - self.offset_

    def predict(self, X):
        """+1 (inlier) or -1 (outlier) for new rows; needs ``novelty=True``."""
        self._require_novelty("predict")
        return self._decide(self.score_samples(X))


# --------------------------------------------------------------------------------------------
# Isolation forest
# --------------------------------------------------------------------------------------------


def average_path_length(n_samples):
    r"""The :math:`c(n)` correction: the average path length of an unsuccessful search in a BST of ``n`` points.

    Parameters
    ----------
    n_samples : int or array-like of int
        :math:`n`, the number of points (in a leaf, or in the sub-sample :math:`\psi`).

    Returns
    -------
    c : float or ndarray of float
        :math:`c(n)`, a Python float for a scalar input.

    Notes
    -----
    .. math:: c(n) = 2 H(n-1) - \frac{2(n-1)}{n}, \qquad H(i) \approx \ln i + \gamma,

    with :math:`\gamma \approx 0.5772` (Euler's constant), and :math:`c(2) = 1`,
    :math:`c(1) = c(0) = 0`. An isolation tree stops growing at a height limit; a leaf that
    still holds :math:`n` training points would have needed about :math:`c(n)` more splits,
    so :math:`c(n)` is added to the depth of the leaf. :math:`c(\psi)` also normalises the
    score. This is the approximation of the paper and of scikit-learn's
    ``_average_path_length`` (the exact :math:`H(1) = 1` would also give :math:`c(2) = 1`).

    References
    ----------
    Liu, F. T., Ting, K. M. and Zhou, Z.-H. (2008). Isolation forest. *Eighth IEEE
    International Conference on Data Mining (ICDM)*, 413-422.

    Examples
    --------
    >>> average_path_length(2)
    1.0
    >>> round(average_path_length(256), 4)
    10.2448
    """
    n = np.asarray(n_samples, dtype=np.float64)
    c = np.zeros_like(n)
    c[n == 2] = 1.0
    big = n > 2
    m = n[big]
    c[big] = 2.0 * (np.log(m - 1.0) + np.euler_gamma) - 2.0 * (m - 1.0) / m
    return float(c) if c.ndim == 0 else c


def _check_max_samples(max_samples, n):
    """ψ, the sub-sample size: 'auto' -> min(256, n), an int (capped at n), or a share of n; at least 2."""
    return max(2, _max_samples(max_samples, n))


def _max_samples(max_samples, n):
    if isinstance(max_samples, str) and max_samples == "auto":
        return min(256, n)
    if isinstance(max_samples, numbers.Integral) and not isinstance(max_samples, bool):
        if max_samples < 1:
            raise ValueError(f"max_samples must be 'auto', an int >= 1 or a float in (0, 1], got {max_samples}.")
        return min(int(max_samples), n)
    if isinstance(max_samples, numbers.Real) and not isinstance(max_samples, bool) and 0.0 < max_samples <= 1.0:
        return max(1, int(max_samples * n))
    raise ValueError(
        f"max_samples must be 'auto', an int >= 1 or a float in (0, 1], got {_short(max_samples)}. "
        "The paper recommends 256 (what 'auto' gives on large data)."
    )


def _grow_forest(X, n_estimators, psi, rng):
    """Grow ``n_estimators`` isolation trees on sub-samples of ``X``, all trees one level at a time.

    The draws, in order: the sub-sample of each tree (``rng.choice(n, psi, replace=False)``,
    tree by tree); then, level by level, for the nodes split at that level (in node order), one
    uniform number choosing the feature among the features not constant in the node, and one
    choosing the threshold uniformly in [min, max) of that feature in the node. A node stops
    (is a leaf) when it holds one point, when every feature is constant in it, or at the height
    limit ``ceil(log2 psi)``. Points with ``x[feature] <= threshold`` go left.
    """
    n, p = X.shape
    max_depth = int(np.ceil(np.log2(max(psi, 2))))
    rows = np.concatenate([rng.choice(n, psi, replace=False) for _ in range(n_estimators)])
    capacity = n_estimators * (2 * psi - 1)  # a binary tree on psi points has at most 2 psi - 1 nodes
    feature = np.full(capacity, -1, dtype=np.int64)  # -1 marks a leaf
    threshold = np.zeros(capacity)
    left = np.full(capacity, -1, dtype=np.int64)  # right child = left + 1
    size = np.zeros(capacity, dtype=np.int64)
    depth = np.zeros(capacity, dtype=np.int64)
    size[:n_estimators] = psi  # node t is the root of tree t
    n_nodes = n_estimators
    node_of = np.repeat(np.arange(n_estimators), psi)  # (n_estimators * psi,) current node of each sample
    for level in range(max_depth):
        live = size[node_of] >= 2  # samples whose node may still split
        rows, node_of = rows[live], node_of[live]
        if rows.size == 0:
            break
        order = np.argsort(node_of, kind="stable")
        rows, node_of = rows[order], node_of[order]
        nodes, starts = np.unique(node_of, return_index=True)  # (m,) nodes at this level with >= 2 points
        values = X[rows]  # (n_live, p)
        lo = np.minimum.reduceat(values, starts, axis=0)  # (m, p) per node and feature
        hi = np.maximum.reduceat(values, starts, axis=0)
        varies = hi > lo
        u_feature = rng.random_sample(nodes.size)
        u_threshold = rng.random_sample(nodes.size)
        splits = varies.any(axis=1)
        # the floor(u * count)-th feature among those that vary in the node
        rank = np.floor(u_feature * varies.sum(axis=1)).astype(np.int64)
        f = np.argmax(np.cumsum(varies, axis=1) > rank[:, None], axis=1)  # (m,)
        lo_f, hi_f = lo[np.arange(nodes.size), f], hi[np.arange(nodes.size), f]
        t = np.minimum(lo_f + u_threshold * (hi_f - lo_f), np.nextafter(hi_f, lo_f))  # in [lo, hi)
        split_nodes = nodes[splits]
        n_split = split_nodes.size
        if n_split == 0:
            break
        feature[split_nodes] = f[splits]
        threshold[split_nodes] = t[splits]
        left[split_nodes] = n_nodes + 2 * np.arange(n_split)
        depth[n_nodes : n_nodes + 2 * n_split] = level + 1
        n_nodes += 2 * n_split
        # move the samples of split nodes to a child
        moving = feature[node_of] >= 0
        rows, node_of = rows[moving], node_of[moving]
        go_right = X[rows, feature[node_of]] > threshold[node_of]
        node_of = left[node_of] + go_right
        np.add.at(size, node_of, 1)
    return {
        "feature": feature[:n_nodes],
        "threshold": threshold[:n_nodes],
        "left": left[:n_nodes],
        "path_length": depth[:n_nodes] + average_path_length(size[:n_nodes]),  # h at each leaf
        "n_estimators": n_estimators,
        "max_depth": max_depth,
        "psi": psi,
    }


def _mean_path_length(forest, Q, chunk=1024):
    """E h(x): the path length of each row of ``Q`` averaged over the trees, all trees at once."""
    T = forest["n_estimators"]
    feature, threshold, left = forest["feature"], forest["threshold"], forest["left"]
    out = np.empty(Q.shape[0])
    for start in range(0, Q.shape[0], chunk):
        q = Q[start : start + chunk]
        row = np.arange(q.shape[0])[:, None]
        node = np.broadcast_to(np.arange(T), (q.shape[0], T)).copy()  # (q, T): every row at every root
        for _ in range(forest["max_depth"]):
            f = feature[node]  # (q, T), -1 at leaves
            inner = f >= 0
            if not inner.any():
                break
            x = q[row, np.where(inner, f, 0)]  # (q, T) the feature each node tests
            child = left[node] + (x > threshold[node])
            node = np.where(inner, child, node)
        out[start : start + chunk] = forest["path_length"][node].mean(axis=1)
    return out


def isolation_forest(X, X_query=None, *, n_estimators=100, max_samples="auto", random_state=None):
    r"""Isolation-forest anomaly score :math:`s(x) = 2^{-E\,h(x) / c(\psi)}` of every row.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The training data the trees are grown on.
    X_query : array-like of shape (n_query, n_features), optional
        Rows to score; default ``X``.
    n_estimators : int, default=100
        :math:`t`, the number of isolation trees.
    max_samples : 'auto', int or float, default='auto'
        :math:`\psi`, the sub-sample size of each tree: 'auto' = ``min(256, n_samples)``; an int
        (at most ``n_samples``); a float = that share of ``n_samples``. At least 2 (with
        :math:`\psi = 1`, :math:`c(\psi) = 0` and the score would be undefined).
    random_state : None, int or numpy.random.RandomState

    Returns
    -------
    score : ndarray of shape (n_query,)
        Anomaly scores in (0, 1]: near 1 for anomalies, about 0.5 or below for normal points.

    Raises
    ------
    ValueError
        If ``X`` contains NaN or infinity, or ``max_samples`` / ``n_estimators`` is invalid.

    Notes
    -----
    Each tree is grown on :math:`\psi` rows drawn without replacement: a node picks a feature
    :math:`q` at random (among those not constant in the node) and a split value :math:`p`
    uniformly between the node's minimum and maximum of :math:`q`; it stops at one point, at
    identical points, or at the height limit :math:`\lceil \log_2 \psi \rceil`. The path length
    :math:`h(x)` is the number of edges from the root to the leaf :math:`x` falls in, plus
    :math:`c(\text{size of the leaf})` (:func:`average_path_length`). Anomalies are "few and
    different": they are cut off by few random splits, so :math:`E\,h(x)` is short and

    .. math:: s(x, \psi) = 2^{-E\,h(x)/c(\psi)}

    is close to 1; :math:`E\,h(x) = c(\psi)` gives 0.5. scikit-learn's
    ``IsolationForest.score_samples`` returns :math:`-s(x)`. Our trees use our own draws (see
    ``_grow_forest``), so scores agree with scikit-learn's only in distribution, not row by
    row; features are not sub-sampled (scikit-learn's ``max_features=1.0``) and there is no
    bootstrap.

    References
    ----------
    Liu, F. T., Ting, K. M. and Zhou, Z.-H. (2008). Isolation forest. *Eighth IEEE
    International Conference on Data Mining (ICDM)*, 413-422.

    Examples
    --------
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(size=(200, 2)), [[6.0, 6.0]]])
    >>> s = isolation_forest(X, random_state=0)
    >>> int(s.argmax()), bool(s[-1] > 0.7 > np.median(s))
    (200, True)
    """
    F = check_array(X, "X", min_samples=2).astype(np.float64)
    T = check_int(n_estimators, "n_estimators", minimum=1, hint="Use e.g. 100 trees.")
    psi = _check_max_samples(max_samples, F.shape[0])
    forest = _grow_forest(F, T, psi, check_random_state(random_state))
    Q = F if X_query is None else _check_query(X_query, F.shape[1], "X_query").astype(np.float64)
    return 2.0 ** (-_mean_path_length(forest, Q) / average_path_length(psi))


def isolation_path(X, index, *, random_state=None):
    r"""Split ``X`` at random until row ``index`` is alone; return the splits on its way.

    One path of one (unlimited) isolation tree, for teaching and figures: at each step a
    feature is chosen at random among those that vary in the current set, and a split value
    uniformly between their minimum and maximum; the side holding ``X[index]`` is kept.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    index : int
        The row to isolate.
    random_state : None, int or numpy.random.RandomState

    Returns
    -------
    splits : list of (feature, threshold, n_left) tuples
        One per split, ``n_left`` being the number of points still with ``X[index]`` after it.
        ``len(splits)`` is the path length :math:`h(x)` (if ``X[index]`` has duplicates, the
        path stops when only copies of it remain).

    Examples
    --------
    >>> X = [[0.0, 0.0], [0.1, 0.0], [0.0, 0.1], [5.0, 5.0]]
    >>> len(isolation_path(X, 3, random_state=0)) <= 2
    True
    """
    F = check_array(X, "X").astype(np.float64)
    i = check_int(index, "index", minimum=0, maximum=F.shape[0] - 1, hint="Pass the row number of X to isolate.")
    rng = check_random_state(random_state)
    members = np.arange(F.shape[0])
    splits = []
    while members.size > 1:
        values = F[members]
        lo, hi = values.min(axis=0), values.max(axis=0)
        varies = np.flatnonzero(hi > lo)
        if varies.size == 0:
            break
        f = int(varies[int(rng.random_sample() * varies.size)])
        t = float(min(lo[f] + rng.random_sample() * (hi[f] - lo[f]), np.nextafter(hi[f], lo[f])))
        same_side = (values[:, f] <= t) == (F[i, f] <= t)
        members = members[same_side]
        splits.append((f, t, int(members.size)))
    return splits


class IsolationForest(_OutlierDetector):
    r"""Isolation forest with scikit-learn's interface (see :func:`isolation_forest`).

    Parameters
    ----------
    n_estimators : int, default=100
    max_samples : 'auto', int or float, default='auto'
    contamination : 'auto' or float in (0, 0.5], default='auto'
        'auto' sets ``offset_ = -0.5`` (flag :math:`s(x) > 0.5`); a float flags that share of
        the training rows.
    random_state : None, int or numpy.random.RandomState

    Attributes
    ----------
    offset_ : float
    max_samples_ : int
    n_features_in_ : int

    Notes
    -----
    ``score_samples`` returns :math:`-s(x)` (higher = more normal), ``decision_function``
    ``score_samples - offset_`` and ``predict`` +1 (inlier) / -1 (outlier), as scikit-learn.

    Examples
    --------
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(size=(100, 2)), [[8.0, 8.0]]])
    >>> IsolationForest(random_state=0).fit(X).predict([[0.0, 0.0], [8.0, 8.0]])
    array([ 1, -1])
    """

    def __init__(self, n_estimators=100, max_samples="auto", contamination="auto", random_state=None):
        self.n_estimators = n_estimators
        self.max_samples = max_samples
        self.contamination = contamination
        self.random_state = random_state

    def fit(self, X, y=None):
        F = check_array(X, "X", min_samples=2).astype(np.float64)
        contamination = _check_contamination(self.contamination)
        T = check_int(self.n_estimators, "n_estimators", minimum=1, hint="Use e.g. 100 trees.")
        self.max_samples_ = _check_max_samples(self.max_samples, F.shape[0])
        self._forest = _grow_forest(F, T, self.max_samples_, check_random_state(self.random_state))
        self.n_features_in_ = F.shape[1]
        train_scores = self.score_samples(F) if contamination != "auto" else None
        self.offset_ = _offset(contamination, train_scores, auto=-0.5)
        return self

    def score_samples(self, X):
        """:math:`-s(x)`, the opposite of the anomaly score (higher = more normal)."""
        self._check_fitted("score_samples", "_forest")
        Q = _check_query(X, self.n_features_in_).astype(np.float64)
        return -(2.0 ** (-_mean_path_length(self._forest, Q) / average_path_length(self.max_samples_)))

    def decision_function(self, X):
        """``score_samples(X) - offset_``: negative for outliers."""
        self._check_fitted("decision_function", "offset_")
        return self.score_samples(X) - self.offset_

    def predict(self, X):
        """+1 (inlier) or -1 (outlier)."""
        self._check_fitted("predict", "offset_")
        return self._decide(self.score_samples(X))

    def fit_predict(self, X, y=None):
        return self.fit(X).predict(X)


# --------------------------------------------------------------------------------------------
# Evaluation with a few labelled anomalies, and the chapter's data
# --------------------------------------------------------------------------------------------


def precision_at_k(y_true, y_score, k):
    r"""Share of true anomalies among the ``k`` highest-scored rows.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        1 for an anomaly (the positive class), 0 for a normal row.
    y_score : array-like of shape (n_samples,)
        Anomaly scores, higher = more anomalous (use ``-score_samples`` of a scikit-learn-style detector).
    k : int
        How many rows an analyst can inspect, ``1 <= k <= n_samples``.

    Returns
    -------
    precision : float
        :math:`\frac{1}{k}\,\#\{\text{anomalies among the } k \text{ top-scored rows}\}`.

    Raises
    ------
    ValueError
        If ``k`` is out of range, the lengths differ, or ``y_true`` is not 0/1.

    Notes
    -----
    Rows with tied scores are taken in their original order (a stable sort of the negated
    scores). With :math:`k` equal to the number of anomalies, precision@k equals recall@k
    (R-precision).

    Examples
    --------
    >>> precision_at_k([0, 1, 0, 1, 0], [0.1, 0.9, 0.8, 0.3, 0.2], k=2)
    0.5
    """
    y = np.asarray(y_true)
    s = check_array(y_score, "y_score", ensure_2d=False)
    if y.ndim != 1 or s.ndim != 1 or y.shape[0] != s.shape[0]:
        raise ValueError(
            f"y_true and y_score must be 1-D with one entry per row, got shapes {y.shape} and {s.shape}."
        )
    if not np.isin(y, (0, 1)).all():
        raise ValueError("y_true must hold 1 for an anomaly and 0 for a normal row, got other values.")
    k = check_int(k, "k", minimum=1, maximum=y.shape[0], hint="k is how many top-scored rows you inspect.")
    top = np.argsort(-s, kind="stable")[:k]
    return float(y[top].mean())
