r"""Gaussian blobs for the multi-class, anomaly-detection and open-set chapters."""

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import _short, check_int, check_nonnegative_real, check_random_state

__all__ = ["make_class_blobs", "make_anomaly_blobs", "make_open_set_blobs"]


def make_class_blobs(n_per_class, *, separation=1.6, spread=1.0, random_state=None):
    r"""Round clouds of points in two features, one per class, for the multi-class chapter.

    Class :math:`k` of :math:`K` is a Gaussian cloud with standard deviation ``spread``
    around the centre :math:`r(\cos(2\pi k/K), \sin(2\pi k/K))`, :math:`r` = ``separation``,
    so neighbouring classes overlap and each class touches two others.

    Parameters
    ----------
    n_per_class : sequence of int
        Samples of each class; its length is :math:`K \ge 2`.
    separation : float, default=1.6
        Distance of every centre from the origin.
    spread : float, default=1.0
    random_state : None, int or numpy.random.RandomState

    Returns
    -------
    data : Bunch
        ``X`` (n_samples, 2), ``y`` (labels 0 to K - 1, shuffled) and ``centres`` (K, 2).

    Notes
    -----
    Draw order: the standard normal noise of all rows (class 0 first), then one permutation.

    Examples
    --------
    >>> data = make_class_blobs([5, 3, 2], random_state=0)
    >>> data.X.shape, np.bincount(data.y).tolist()
    ((10, 2), [5, 3, 2])
    """
    counts = [check_int(n, "n_per_class", minimum=1, hint="Give every class at least one sample.") for n in n_per_class]
    if len(counts) < 2:
        raise ValueError(f"n_per_class needs at least 2 classes, got {_short(list(n_per_class))}.")
    check_nonnegative_real(separation, "separation", "It is the distance of each class centre from the origin, e.g. 1.6.")
    check_nonnegative_real(spread, "spread", "It is the standard deviation of each blob, e.g. 1.0.")
    rng = check_random_state(random_state)
    K = len(counts)
    angles = 2 * np.pi * np.arange(K) / K
    centres = separation * np.column_stack([np.cos(angles), np.sin(angles)])  # (K, 2)
    y = np.repeat(np.arange(K), counts)
    X = centres[y] + spread * rng.standard_normal((y.size, 2))
    order = rng.permutation(y.size)
    return Bunch(X=X[order], y=y[order], centres=centres)


def make_anomaly_blobs(n_dense=300, n_sparse=200, n_local=6, n_global=6, *, random_state=None):
    r"""Two normal clusters of different density, with planted local and global anomalies.

    Parameters
    ----------
    n_dense, n_sparse : int
        Normal rows in the tight cluster (centre (0, 0), standard deviation 0.3) and in the
        loose cluster (centre (4, 4), standard deviation 1.2).
    n_local : int
        *Local* anomalies: at distance 1.3 to 1.8 from the tight cluster's centre, in the
        half-plane away from the loose cluster. They are closer to the bulk of the data than
        many points of the loose cluster, but far outside their own tight neighbourhood.
    n_global : int
        *Global* anomalies: at distance 8 to 10 from the point (2, 2), far from everything.
    random_state : None, int or numpy.random.RandomState

    Returns
    -------
    X : ndarray of shape (n_dense + n_sparse + n_local + n_global, 2)
    y : ndarray of int
        1 for a planted anomaly (the positive class), 0 for a normal row; rows are in the
        order dense, sparse, local, global.

    Notes
    -----
    Draw order: the dense rows, the sparse rows (``normal``), the local anomalies' angles and
    radii, the global anomalies' angles and radii (``uniform``).

    Examples
    --------
    >>> X, y = make_anomaly_blobs(random_state=0)
    >>> X.shape, int(y.sum())
    ((512, 2), 12)
    """
    rng = check_random_state(random_state)
    counts = [check_int(v, name, minimum=0) for v, name in
              ((n_dense, "n_dense"), (n_sparse, "n_sparse"), (n_local, "n_local"), (n_global, "n_global"))]
    n_dense, n_sparse, n_local, n_global = counts
    dense = rng.normal(0.0, 0.3, size=(n_dense, 2))
    sparse = rng.normal(4.0, 1.2, size=(n_sparse, 2))
    angle = rng.uniform(0.5 * np.pi, 2.0 * np.pi, size=n_local)  # the side away from (4, 4)
    radius = rng.uniform(1.3, 1.8, size=n_local)
    local = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    angle_g = rng.uniform(0.0, 2.0 * np.pi, size=n_global)
    radius_g = rng.uniform(8.0, 10.0, size=n_global)
    global_ = 2.0 + np.column_stack([radius_g * np.cos(angle_g), radius_g * np.sin(angle_g)])
    X = np.vstack([dense, sparse, local, global_])
    y = np.r_[np.zeros(n_dense + n_sparse, dtype=int), np.ones(n_local + n_global, dtype=int)]
    return X, y


def make_open_set_blobs(n_per_class=100, n_unknown=90, *, n_classes=3, random_state=None):
    r"""Known classes as Gaussian blobs on a circle, and unknowns both between them and far away.

    Parameters
    ----------
    n_per_class : int, default=100
        Rows of each known class, in the training set and again in the test set.
    n_unknown : int, default=90
        Unknown rows in the test set: a third in the gap at the centre, two thirds on a wide
        ring far from every class (radius 6 to 9).
    n_classes : int, default=3
        Number of known classes K (at least 2).
    random_state : None, int or numpy.random.RandomState

    Returns
    -------
    X_train : ndarray of shape (n_per_class * K, 2)
    y_train : ndarray of shape (n_per_class * K,), labels 0, ..., K - 1
    X_test : ndarray of shape (n_per_class * K + n_unknown, 2)
    y_test : ndarray, labels 0, ..., K - 1 for known rows and K for unknown rows (the last ``n_unknown``)

    Notes
    -----
    Class ``k`` is centred at radius 3 and angle :math:`2\pi k / K + \pi/2`, with standard deviation 0.6.
    The draws are, in order: training rows, test rows of the known classes, the unknowns' radii and angles.

    Examples
    --------
    >>> X_train, y_train, X_test, y_test = make_open_set_blobs(10, 6, random_state=0)
    >>> X_train.shape, X_test.shape, np.bincount(y_test).tolist()
    ((30, 2), (36, 2), [10, 10, 10, 6])
    """
    n_per_class = check_int(n_per_class, "n_per_class", minimum=1)
    n_unknown = check_int(n_unknown, "n_unknown", minimum=0)
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    rng = check_random_state(random_state)
    angles = 2 * np.pi * np.arange(n_classes) / n_classes + np.pi / 2
    centres = 3.0 * np.c_[np.cos(angles), np.sin(angles)]              # (K, 2)
    y_known = np.repeat(np.arange(n_classes), n_per_class)
    X_train = centres[y_known] + 0.6 * rng.normal(size=(y_known.size, 2))
    X_known = centres[y_known] + 0.6 * rng.normal(size=(y_known.size, 2))
    n_centre = n_unknown // 3
    radius = np.r_[rng.uniform(0.0, 0.8, n_centre), rng.uniform(6.0, 9.0, n_unknown - n_centre)]
    theta = rng.uniform(0.0, 2 * np.pi, n_unknown)
    X_unknown = radius[:, None] * np.c_[np.cos(theta), np.sin(theta)]
    X_test = np.vstack([X_known, X_unknown])
    y_test = np.r_[y_known, np.full(n_unknown, n_classes)]
    return X_train, y_known.copy(), X_test, y_test
