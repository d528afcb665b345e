r"""Open-set recognition: a K-class model that must also say "none of these".

A classifier trained on K known classes meets, at test time, inputs of classes it never saw.
The logits come from a K-class model such as :class:`negedu.losses.SoftmaxRegression`
(multinomial logistic regression). This module gives four scores that say *unknown* (:func:`max_softmax_score`,
:func:`energy_score`, :func:`openmax_proba` and :func:`evidential_uncertainty`), the
evidential loss and its trainer, the maximum-likelihood Weibull fit that OpenMax needs, and
the evaluation helpers of the chapter "Open-set recognition".

Convention (the book's): the class we look for is **positive**. Here that is *unknown*, so every
score returned is an **unknown score** :math:`s`: higher means more likely unknown, and a row is
rejected when :math:`s \ge \tau`. Known classes are labelled ``0, ..., K - 1``; an unknown row is
labelled ``K`` (the extra, K + 1-th class of OpenMax).

NumPy only.
"""

import math
import numbers

import numpy as np

from . import _numerics
from ._estimator import BaseEstimator
from ._validation import (_short, check_1d, check_array, check_choice, check_finite, check_int, check_labels,
                          check_nonnegative_real, check_numeric, check_positive_real, check_X_y)
from .metrics import accuracy_score, f1_score, roc_auc_score

__all__ = [
    "log_softmax",
    "softmax",
    "max_softmax_score",
    "energy_score",
    "fit_weibull_tail",
    "weibull_cdf",
    "openmax_fit",
    "openmax_proba",
    "OpenMax",
    "dirichlet_alpha",
    "evidential_uncertainty",
    "evidential_loss",
    "evidential_fit",
    "EvidentialClassifier",
    "open_set_predict",
    "open_set_report",
]

_EVIDENCE = ("softplus", "relu", "exp")


# ----------------------------------------------------------------------------- checks


def _check_logits(logits, name="logits", min_classes=2):
    logits = check_array(logits, name)
    if logits.shape[1] < min_classes:
        raise ValueError(
            f"{name} must have one column per known class (at least {min_classes}), got shape {logits.shape}. "
            "Pass the raw outputs f(x) of a K-class model, shape (n_samples, K)."
        )
    return logits.astype(float)


def _check_temperature(temperature):
    return check_positive_real(temperature, "temperature", "T = 1 gives the plain softmax; larger T flattens it.")


def _check_positive(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}.")
    return float(value)


def _check_labels(y, n_classes, name="y"):
    y = np.asarray(y)
    if y.dtype.kind not in "iu" and not (y.dtype.kind == "f" and np.all(y == np.round(y))):
        raise ValueError(f"{name} must hold integer class indices 0, ..., K - 1, got dtype {y.dtype}.")
    y = y.astype(int)
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"{name} must hold class indices 0, ..., {n_classes - 1} (one per column of the logits), "
                         f"got values from {y.min()} to {y.max()}.")
    return y


# ----------------------------------------------------------------------------- softmax model


def log_softmax(logits, *, temperature=1.0):
    r"""Stable :math:`\log \operatorname{softmax}(f / T)` of every row.

    Notes
    -----
    :math:`\log p_k = f_k / T - \operatorname{LSE}(f / T)` with the log-sum-exp computed as
    :math:`m + \log \sum_j e^{f_j / T - m}`, :math:`m = \max_j f_j / T`, so no exponential overflows.

    Examples
    --------
    >>> log_softmax([[1000.0, 1000.0]]).round(6).tolist()
    [[-0.693147, -0.693147]]
    """
    logits = _check_logits(logits)
    temperature = _check_temperature(temperature)
    return _numerics.log_softmax(logits / temperature, axis=1)


def softmax(logits, *, temperature=1.0):
    r"""Row-wise softmax :math:`p_k = e^{f_k / T} / \sum_j e^{f_j / T}`, computed stably.

    Computed by :func:`negedu._numerics.softmax` after the checks of :func:`log_softmax`.

    Examples
    --------
    >>> softmax([[0.0, np.log(3.0)]]).round(4).tolist()
    [[0.25, 0.75]]
    """
    logits = _check_logits(logits)
    temperature = _check_temperature(temperature)
    return _numerics.softmax(logits / temperature, axis=1)


# ----------------------------------------------------------------------------- scores


def max_softmax_score(logits, *, temperature=1.0):
    r"""The maximum-softmax-probability baseline, as an unknown score: :math:`s = 1 - \max_k p_k`.

    Parameters
    ----------
    logits : array-like of shape (n_samples, K)
    temperature : float, default=1.0

    Returns
    -------
    ndarray of shape (n_samples,), in :math:`[0, 1 - 1/K]`; higher = more likely unknown.

    Raises
    ------
    ValueError
        For logits that are not 2-D with at least two columns, contain NaN, or ``temperature <= 0``.

    Notes
    -----
    Hendrycks and Gimpel score a row by its confidence :math:`\max_k \operatorname{softmax}(f(x)/T)_k`,
    high for a known class. We return one minus it, so that the unknown is the positive class and a
    row is rejected when :math:`s \ge \tau`. Adding a constant to every logit of a row changes nothing.

    References
    ----------
    Hendrycks, D. and Gimpel, K. (2017). A baseline for detecting misclassified and out-of-distribution
    examples in neural networks. ICLR.

    Examples
    --------
    >>> max_softmax_score([[2.0, 0.0, 0.0], [0.0, 0.0, 0.0]]).round(4).tolist()
    [0.213, 0.6667]
    """
    return 1.0 - softmax(logits, temperature=temperature).max(axis=1)


def energy_score(logits, *, temperature=1.0):
    r"""The free energy :math:`E(x) = -T \log \sum_k e^{f_k(x) / T}`: higher = more likely unknown.

    Parameters
    ----------
    logits : array-like of shape (n_samples, K)
    temperature : float, default=1.0
        T > 0.

    Returns
    -------
    ndarray of shape (n_samples,)

    Raises
    ------
    ValueError
        For logits that are not 2-D with at least two columns, contain NaN, or ``temperature <= 0``.

    Notes
    -----
    The softmax is :math:`p_k = e^{f_k/T} / Z(x)` with :math:`Z(x) = \sum_j e^{f_j/T}`; the energy is
    :math:`-T \log Z(x)`. A row the model has seen many like has large logits, a large denominator and
    a low (very negative) energy; Liu et al. reject rows whose energy is high. The log-sum-exp is
    computed stably (shift by the largest logit). Unlike the softmax, the energy is **not** invariant to
    adding a constant :math:`c` to every logit: it moves by :math:`-c`. As :math:`T \to 0` it tends
    to :math:`-\max_k f_k`.

    References
    ----------
    Liu, W., Wang, X., Owens, J. D. and Li, Y. (2020). Energy-based out-of-distribution detection. NeurIPS.

    Examples
    --------
    >>> energy_score([[0.0, 0.0], [10.0, 0.0]]).round(4).tolist()
    [-0.6931, -10.0]
    """
    logits = _check_logits(logits)
    temperature = _check_temperature(temperature)
    return -temperature * _numerics.logsumexp(logits / temperature, axis=1)


# ----------------------------------------------------------------------------- Weibull and OpenMax


def _weibull_shape_equation(k, x):
    """The profile score equation of the shape k, for x scaled to max 1 (increasing in k)."""
    w = x**k
    log_x = np.log(x)
    return np.sum(w * log_x) / np.sum(w) - 1.0 / k - np.mean(log_x)


def fit_weibull_tail(distances, tail_size=None):
    r"""Maximum-likelihood Weibull fit (location 0) to the ``tail_size`` largest distances.

    Parameters
    ----------
    distances : array-like of shape (n,)
        Non-negative numbers (distances to a class's mean activation vector); the tail must be positive.
    tail_size : int or None, default=None
        How many of the largest values to fit; None fits all of them.

    Returns
    -------
    shape : float
        :math:`\kappa > 0`.
    scale : float
        :math:`\lambda > 0`.

    Raises
    ------
    ValueError
        When ``tail_size`` exceeds the number of distances or is below 2, a distance is negative or
        not finite, the tail holds a zero, or the tail's values are all equal (the likelihood then grows without bound).

    Notes
    -----
    The Weibull density with location 0 is :math:`f(x) = \frac{\kappa}{\lambda}
    (x/\lambda)^{\kappa - 1} e^{-(x/\lambda)^\kappa}` and its CDF :math:`F(x) = 1 - e^{-(x/\lambda)^\kappa}`.
    Setting the derivatives of the log-likelihood to zero gives :math:`\lambda^\kappa = \frac1n \sum x_i^\kappa`
    and, substituting, one equation in the shape alone:

    .. math:: \frac{\sum_i x_i^\kappa \ln x_i}{\sum_i x_i^\kappa} - \frac{1}{\kappa} - \frac{1}{n}\sum_i \ln x_i = 0.

    Its left side increases with :math:`\kappa` (a weighted mean of :math:`\ln x` that leans to larger
    values, plus :math:`-1/\kappa`), so the root is unique; we bracket it and bisect in
    :math:`\log \kappa` to machine precision. The values are divided by their maximum first, which
    changes only the scale and keeps :math:`x^\kappa` from overflowing. Bendale and Boult fit the tail
    with libMR, which also shifts and scales the data; we fit the distances as they are.

    References
    ----------
    Bendale, A. and Boult, T. E. (2016). Towards open set deep networks. CVPR.

    Examples
    --------
    >>> shape, scale = fit_weibull_tail([1.0, 2.0, 3.0, 4.0])
    >>> round(shape, 4), round(scale, 4)
    (2.4532, 2.8287)
    """
    x = check_1d(distances, "distances", copy=False)
    if x.dtype.kind not in "biuf":
        raise TypeError(f"distances must hold numbers (distances to a class mean), got dtype {x.dtype}.")
    x = x.astype(float)
    if x.size == 0 or not np.all(np.isfinite(x)) or np.any(x < 0):
        raise ValueError("distances must be finite numbers >= 0 (distances to a class mean), got "
                         f"{x.size} values with minimum {np.min(x) if x.size else 'none'}. Remove NaN and negatives first.")
    if tail_size is None:
        tail_size = x.size
    tail_size = check_int(tail_size, "tail_size", minimum=2)
    if tail_size > x.size:
        raise ValueError(f"tail_size={tail_size} is larger than the number of distances ({x.size}). "
                         f"Use tail_size <= {x.size}.")
    tail = np.sort(x)[-tail_size:]
    if tail[0] <= 0:
        raise ValueError(f"the {tail_size} largest distances include 0, where the Weibull log-likelihood is not "
                         f"defined. Use a smaller tail_size (at most {int(np.sum(x > 0))}).")
    top = tail[-1]
    scaled = tail / top
    if np.ptp(scaled) <= 1e-12:
        raise ValueError(f"the {tail_size} largest distances are all equal ({top!r}): a Weibull cannot be fitted. "
                         "Use a larger tail_size or check the data for duplicates.")
    low, high = -10.0, 10.0                                           # log kappa
    while _weibull_shape_equation(np.exp(low), scaled) > 0:
        low -= 10.0
    while _weibull_shape_equation(np.exp(high), scaled) < 0:
        high += 10.0
    for _ in range(200):
        mid = 0.5 * (low + high)
        if _weibull_shape_equation(np.exp(mid), scaled) < 0:
            low = mid
        else:
            high = mid
        if high - low < 1e-15:
            break
    shape = float(np.exp(0.5 * (low + high)))
    scale = float(top * np.mean(scaled**shape) ** (1.0 / shape))
    return shape, scale


_ANY_NDIM = tuple(range(33))  # elementwise functions take arrays of any shape (NumPy allows 32 dimensions)


def _check_weibull_parameter(value, name):
    """A Weibull shape or scale: a finite number > 0, or an array of them."""
    arr = check_numeric(value, name, ndim=_ANY_NDIM, copy=False)
    if (arr <= 0).any():
        raise ValueError(f"{name} must be > 0, got {_short(arr.tolist())}. Fit it with fit_weibull_tail.")
    return value if np.ndim(value) == 0 and not isinstance(value, np.ndarray) else arr


def weibull_cdf(x, shape, scale):
    r"""Weibull CDF with location 0, :math:`F(x) = 1 - e^{-(x/\lambda)^\kappa}` for :math:`x \ge 0` (0 below).

    Examples
    --------
    >>> round(float(weibull_cdf(2.0, 1.0, 2.0)), 4)
    0.6321
    """
    x = check_numeric(x, "x", ndim=_ANY_NDIM, allow_empty=True, allow_nonfinite=True, copy=False)
    if np.isnan(x).any():
        raise ValueError("x contains NaN. Pass distances (any number; below 0 counts as 0).")
    shape = _check_weibull_parameter(shape, "shape")
    scale = _check_weibull_parameter(scale, "scale")
    x = np.maximum(x.astype(float, copy=False), 0.0)
    return -np.expm1(-((x / scale) ** shape))


def openmax_fit(logits, y, *, tail_size=20):
    r"""Fit OpenMax: each class's mean activation vector and a Weibull to its largest distances.

    Parameters
    ----------
    logits : array-like of shape (n_samples, K)
        Activation vectors (logits) of the training rows.
    y : array-like of shape (n_samples,)
        Their classes, 0, ..., K - 1.
    tail_size : int, default=20
        How many of the largest distances to each class mean the Weibull is fitted to.

    Returns
    -------
    mean_vectors : ndarray of shape (K, K)
        Row k: the mean logit vector :math:`\mu_k` of the training rows of class k that the model
        classifies correctly.
    shapes, scales : ndarray of shape (K,)
        The Weibull parameters of each class.

    Raises
    ------
    ValueError
        When a class has fewer correctly classified rows than ``tail_size``.

    Notes
    -----
    Distances are Euclidean in logit space, :math:`d_k(x) = \lVert f(x) - \mu_k \rVert`. Bendale and
    Boult use the penultimate layer of a deep network and a Euclidean-cosine mix; the logits of a
    linear model play that role here.

    Examples
    --------
    >>> logits = np.array([[2.0, 0.0], [3.0, 0.5], [2.5, 0.2], [0.0, 2.0], [0.4, 3.0], [0.1, 2.2]])
    >>> mean_vectors, shapes, scales = openmax_fit(logits, [0, 0, 0, 1, 1, 1], tail_size=3)
    >>> mean_vectors.round(2).tolist()
    [[2.5, 0.23], [0.17, 2.4]]
    """
    logits = _check_logits(logits)
    y = _check_labels(np.asarray(y).ravel(), logits.shape[1])
    if y.shape[0] != logits.shape[0]:
        raise ValueError(f"logits and y have different lengths: {logits.shape[0]} and {y.shape[0]}.")
    tail_size = check_int(tail_size, "tail_size", minimum=2)
    K = logits.shape[1]
    correct = logits.argmax(axis=1) == y
    mean_vectors, shapes, scales = np.zeros((K, K)), np.zeros(K), np.zeros(K)
    for k in range(K):
        rows = logits[correct & (y == k)]
        if rows.shape[0] < tail_size:
            raise ValueError(f"class {k} has {rows.shape[0]} correctly classified training rows but tail_size={tail_size}. "
                             f"Use tail_size <= {rows.shape[0]}, or a model that classifies its training data better.")
        mean_vectors[k] = rows.mean(axis=0)
        distances = np.sqrt(np.sum((rows - mean_vectors[k]) ** 2, axis=1))
        shapes[k], scales[k] = fit_weibull_tail(distances, tail_size)
    return mean_vectors, shapes, scales


def openmax_proba(logits, mean_vectors, shapes, scales, *, alpha=2):
    r"""OpenMax probabilities over K + 1 classes (the last column is *unknown*).

    Parameters
    ----------
    logits : array-like of shape (n_samples, K)
    mean_vectors, shapes, scales : the output of :func:`openmax_fit`
    alpha : int, default=2
        How many of the top-ranked classes are recalibrated (1 <= alpha <= K).

    Returns
    -------
    ndarray of shape (n_samples, K + 1)
        Rows sum to 1; column K is :math:`P(\text{unknown} \mid x)`, the unknown score.

    Raises
    ------
    ValueError
        For bad logits, ``alpha`` outside ``[1, K]``, or parameters of another number of classes.

    Notes
    -----
    Let :math:`v = f(x)` and let :math:`s(1), \dots, s(\alpha)` be the classes of the
    :math:`\alpha` largest logits. Class :math:`s(i)` gets the weight

    .. math:: \omega_{s(i)} = 1 - \frac{\alpha - i + 1}{\alpha}\, F_{s(i)}\big(\lVert v - \mu_{s(i)} \rVert\big),

    with :math:`F_k` the Weibull CDF of class k (the probability that a distance this large is an
    outlier of class k); every other class keeps :math:`\omega_k = 1`. The recalibrated logits are
    :math:`\hat v_k = v_k \omega_k`, the unknown logit collects what was taken away,
    :math:`\hat v_0 = \sum_k v_k (1 - \omega_k)`, and the output is the softmax of
    :math:`(\hat v_1, \dots, \hat v_K, \hat v_0)`. The rank weights :math:`(\alpha - i + 1)/\alpha`
    (1 for the top class) are those of the authors' released implementation. The unknown column is the
    last one here (index K), not the first.

    References
    ----------
    Bendale, A. and Boult, T. E. (2016). Towards open set deep networks. CVPR.

    Examples
    --------
    >>> logits = np.array([[2.0, 0.0], [3.0, 0.5], [2.5, 0.2], [0.0, 2.0], [0.4, 3.0], [0.1, 2.2]])
    >>> params = openmax_fit(logits, [0, 0, 0, 1, 1, 1], tail_size=3)
    >>> proba = openmax_proba([[2.5, 0.2], [30.0, 0.0]], *params)
    >>> proba.argmax(axis=1).tolist(), proba.sum(axis=1).round(12).tolist()
    ([0, 2], [1.0, 1.0])
    """
    logits = _check_logits(logits)
    K = logits.shape[1]
    mean_vectors = check_numeric(mean_vectors, "mean_vectors", ndim=2, copy=False).astype(float, copy=False)
    shapes = _check_weibull_parameter(shapes, "shapes").astype(float, copy=False)
    scales = _check_weibull_parameter(scales, "scales").astype(float, copy=False)
    if mean_vectors.shape != (K, K) or shapes.shape != (K,) or scales.shape != (K,):
        raise ValueError(f"the OpenMax parameters do not fit logits with {K} columns: mean_vectors {mean_vectors.shape}, "
                         f"shapes {shapes.shape}, scales {scales.shape}. Fit them with openmax_fit on the same model.")
    alpha = check_int(alpha, "alpha", minimum=1, maximum=K, hint=f"alpha counts the top classes to recalibrate, 1 to {K}.")
    n = logits.shape[0]
    ranked = np.argsort(-logits, axis=1, kind="stable")[:, :alpha]   # (n, alpha) top classes
    distances = np.sqrt(np.sum((logits[:, None, :] - mean_vectors[None, :, :]) ** 2, axis=2))   # (n, K)
    rows = np.arange(n)[:, None]
    outlier_prob = weibull_cdf(distances[rows, ranked], shapes[ranked], scales[ranked])        # (n, alpha)
    rank_weight = (alpha - np.arange(alpha)) / alpha                                           # (alpha,)
    omega = np.ones_like(logits)
    omega[rows, ranked] = 1.0 - rank_weight * outlier_prob
    recalibrated = logits * omega
    unknown = np.sum(logits * (1.0 - omega), axis=1)
    return softmax(np.c_[recalibrated, unknown])


class OpenMax(BaseEstimator):
    r"""OpenMax on top of any model's logits (a shell around :func:`openmax_fit` and :func:`openmax_proba`).

    Examples
    --------
    >>> logits = np.array([[2.0, 0.0], [3.0, 0.5], [2.5, 0.2], [0.0, 2.0], [0.4, 3.0], [0.1, 2.2]])
    >>> om = OpenMax(tail_size=3).fit(logits, [0, 0, 0, 1, 1, 1])
    >>> om.predict([[2.5, 0.2], [30.0, 0.0]]).tolist()
    [0, 2]
    """

    def __init__(self, tail_size=20, alpha=2):
        self.tail_size = tail_size
        self.alpha = alpha

    def fit(self, logits, y):
        check_int(self.alpha, "alpha", minimum=1, hint="alpha counts the top classes to recalibrate, e.g. 2.")
        self.mean_vectors_, self.shapes_, self.scales_ = openmax_fit(logits, y, tail_size=self.tail_size)
        self.coef_ = self.mean_vectors_            # marks the object as fitted
        self.n_features_in_ = self.mean_vectors_.shape[1]  # the K logits, as scikit-learn names it
        return self

    def predict_proba(self, logits):
        logits = self._check_predict_X(logits, "predict_proba", "mean_vectors_", name="logits")
        return openmax_proba(logits, self.mean_vectors_, self.shapes_, self.scales_, alpha=self.alpha)

    def unknown_score(self, logits):
        """:math:`P(\\text{unknown} \\mid x)`, the last column of :meth:`predict_proba`."""
        self._check_fitted("unknown_score", "mean_vectors_")
        return self.predict_proba(logits)[:, -1]

    def predict(self, logits):
        """The most probable of the K + 1 classes; K means unknown."""
        self._check_fitted("predict", "mean_vectors_")
        return self.predict_proba(logits).argmax(axis=1)


# ----------------------------------------------------------------------------- evidential


def _evidence(logits, kind):
    """Evidence e = g(f) >= 0 and its derivative g'(f)."""
    if kind == "relu":
        return np.maximum(logits, 0.0), (logits > 0).astype(float)
    if kind == "exp":
        e = np.exp(np.clip(logits, -50.0, 50.0))
        return e, e
    e = np.logaddexp(0.0, logits)                                      # softplus, stable
    return e, _numerics.sigmoid(logits)                                # its derivative, the sigmoid


def dirichlet_alpha(logits, *, evidence="softplus"):
    r"""Dirichlet parameters :math:`\alpha = g(f(x)) + 1` of evidential classification.

    ``evidence`` names :math:`g`: ``"softplus"`` (default, :math:`\ln(1 + e^f)`), ``"relu"``
    (:math:`\max(f, 0)`, Sensoy et al.'s choice) or ``"exp"``.

    Examples
    --------
    >>> dirichlet_alpha([[3.0, -1.0]], evidence="relu").tolist()
    [[4.0, 1.0]]
    """
    logits = _check_logits(logits)
    check_choice(evidence, "evidence", _EVIDENCE)
    return _evidence(logits, evidence)[0] + 1.0


def evidential_uncertainty(logits, *, evidence="softplus"):
    r"""Uncertainty mass :math:`u = K / S`, :math:`S = \sum_k \alpha_k`: higher = more likely unknown.

    Parameters
    ----------
    logits : array-like of shape (n_samples, K)
    evidence : {"softplus", "relu", "exp"}, default="softplus"

    Returns
    -------
    ndarray of shape (n_samples,), in (0, 1]; 1 when there is no evidence at all.

    Notes
    -----
    Subjective logic assigns belief :math:`b_k = e_k / S` to each class and the rest,
    :math:`u = 1 - \sum_k b_k = K / S`, to "I don't know". The expected class probabilities are
    :math:`\hat p_k = \alpha_k / S`. Not invariant to shifting the logits: evidence is absolute.

    References
    ----------
    Sensoy, M., Kaplan, L. and Kandemir, M. (2018). Evidential deep learning to quantify
    classification uncertainty. NeurIPS.

    Examples
    --------
    >>> evidential_uncertainty([[-5.0, -5.0], [8.0, 0.0]], evidence="relu").tolist()
    [1.0, 0.2]
    """
    alpha = dirichlet_alpha(logits, evidence=evidence)
    return alpha.shape[1] / alpha.sum(axis=1)


def _digamma(x):
    """psi(x) for x > 0: recurrence up to x >= 10, then the asymptotic series."""
    x = np.array(x, dtype=float)
    shift = np.zeros_like(x)
    while np.any(x < 10.0):
        small = x < 10.0
        shift[small] -= 1.0 / x[small]
        x[small] += 1.0
    inv2 = 1.0 / (x * x)
    series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))))
    return shift + np.log(x) - 0.5 / x - series


def _trigamma(x):
    """psi'(x) for x > 0: recurrence up to x >= 10, then the asymptotic series."""
    x = np.array(x, dtype=float)
    shift = np.zeros_like(x)
    while np.any(x < 10.0):
        small = x < 10.0
        shift[small] += 1.0 / x[small] ** 2
        x[small] += 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    series = inv + 0.5 * inv2 + inv * inv2 * (1 / 6 - inv2 * (1 / 30 - inv2 * (1 / 42 - inv2 / 30)))
    return shift + series


_lgamma = np.vectorize(math.lgamma, otypes=[float])


def _evidential_terms(alpha, onehot, annealing_coef):
    """Per-row loss and its gradient with respect to alpha."""
    K = alpha.shape[1]
    S = alpha.sum(axis=1, keepdims=True)
    p = alpha / S
    risk = np.sum((onehot - p) ** 2 + p * (1 - p) / (S + 1), axis=1)
    # gradient of the Bayes risk: through p = alpha / S and through the explicit 1 / (S + 1)
    g = -2 * (onehot - p) + (1 - 2 * p) / (S + 1)                   # dL/dp, (n, K)
    d_explicit = -np.sum(p * (1 - p), axis=1, keepdims=True) / (S + 1) ** 2
    grad = (g - np.sum(g * p, axis=1, keepdims=True)) / S + d_explicit
    # KL( Dir(alpha_tilde) || Dir(1, ..., 1) ), alpha_tilde removes the evidence of the true class
    at = onehot + (1 - onehot) * alpha
    St = at.sum(axis=1, keepdims=True)
    kl = (_lgamma(St[:, 0]) - math.lgamma(K) - np.sum(_lgamma(at), axis=1)
          + np.sum((at - 1) * (_digamma(at) - _digamma(St)), axis=1))
    d_kl = (at - 1) * _trigamma(at) - (St - K) * _trigamma(St)        # d KL / d alpha_tilde
    loss = risk + annealing_coef * kl
    grad = grad + annealing_coef * d_kl * (1 - onehot)
    return loss, grad


def evidential_loss(y_true, logits, *, annealing_coef=1.0, evidence="softplus", reduction="mean", return_grad=False):
    r"""Sensoy et al.'s evidential loss: the expected squared error under the Dirichlet plus an annealed KL term.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Class indices 0, ..., K - 1.
    logits : array-like of shape (n_samples, K)
    annealing_coef : float, default=1.0
        :math:`\lambda_t \ge 0`; the paper uses :math:`\min(1, t / 10)` at epoch t.
    evidence : {"softplus", "relu", "exp"}, default="softplus"
    reduction : {"mean", "sum", "none"}, default="mean"
    return_grad : bool, default=False
        Also return the gradient with respect to the logits (same reduction).

    Returns
    -------
    loss : float, or ndarray of shape (n_samples,) for ``reduction="none"``
    grad : ndarray of shape (n_samples, K), only when ``return_grad``

    Notes
    -----
    With :math:`\alpha = g(f) + 1`, :math:`S = \sum_k \alpha_k`, :math:`\hat p = \alpha / S` and the
    one-hot :math:`y`,

    .. math:: L = \sum_k \Big[(y_k - \hat p_k)^2 + \frac{\hat p_k (1 - \hat p_k)}{S + 1}\Big]
              + \lambda_t\, \mathrm{KL}\big(\mathrm{Dir}(\tilde\alpha) \,\Vert\, \mathrm{Dir}(1, \dots, 1)\big),
              \qquad \tilde\alpha = y + (1 - y) \odot \alpha.

    The first sum is :math:`E_{p \sim \mathrm{Dir}(\alpha)} \lVert y - p \rVert^2` (squared error plus
    variance); the KL term pushes the evidence of the *wrong* classes to zero. With
    :math:`\tilde S = \sum_k \tilde\alpha_k`,
    :math:`\mathrm{KL} = \ln\Gamma(\tilde S) - \ln\Gamma(K) - \sum_k \ln\Gamma(\tilde\alpha_k)
    + \sum_k (\tilde\alpha_k - 1)(\psi(\tilde\alpha_k) - \psi(\tilde S))`, and its derivative is
    :math:`(\tilde\alpha_k - 1)\psi'(\tilde\alpha_k) - (\tilde S - K)\psi'(\tilde S)`. The digamma
    :math:`\psi` and trigamma :math:`\psi'` are computed by recurrence and asymptotic series
    (NumPy only). ``"mean"`` divides the sum over rows by n.

    References
    ----------
    Sensoy, M., Kaplan, L. and Kandemir, M. (2018). Evidential deep learning to quantify
    classification uncertainty. NeurIPS.

    Examples
    --------
    >>> round(evidential_loss([0], [[0.0, 0.0]], evidence="relu", annealing_coef=0.0), 4)
    0.6667
    """
    logits = _check_logits(logits)
    y = _check_labels(np.asarray(y_true).ravel(), logits.shape[1], "y_true")
    if y.shape[0] != logits.shape[0]:
        raise ValueError(f"y_true and logits have different lengths: {y.shape[0]} and {logits.shape[0]}.")
    check_choice(evidence, "evidence", _EVIDENCE)
    check_choice(reduction, "reduction", _numerics.REDUCTIONS)
    if isinstance(annealing_coef, bool) or not isinstance(annealing_coef, numbers.Real) or not annealing_coef >= 0:
        raise ValueError(f"annealing_coef must be a number >= 0, got {annealing_coef!r}.")
    e, de = _evidence(logits, evidence)
    onehot = np.eye(logits.shape[1])[y]
    loss, grad_alpha = _evidential_terms(e + 1.0, onehot, float(annealing_coef))
    grad = grad_alpha * de
    if reduction == "none":
        return (loss, grad) if return_grad else loss
    scale = _numerics.reduction_scale(loss.size, reduction)
    total = float(loss.sum() * scale)
    return (total, grad * scale) if return_grad else total


def evidential_fit(X, y, *, evidence="softplus", n_epochs=300, learning_rate=0.5, annealing_epochs=10, weight_decay=1e-3):
    r"""Train a linear model :math:`f(x) = W x + b` with :func:`evidential_loss` by full-batch gradient descent.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), class indices 0, ..., K - 1
    evidence : {"softplus", "relu", "exp"}, default="softplus"
    n_epochs : int, default=300
        Gradient steps (one per epoch: the batch is the whole data).
    learning_rate : float, default=0.5
    annealing_epochs : int, default=10
        :math:`\lambda_t = \min(1, t / \text{annealing\_epochs})` at epoch t = 0, 1, ...
    weight_decay : float, default=1e-3
        Adds :math:`\frac{\text{weight\_decay}}{2} \lVert W \rVert^2` to the mean loss.

    Returns
    -------
    coef : ndarray of shape (K, n_features)
    intercept : ndarray of shape (K,)

    Notes
    -----
    Starts from zero weights (deterministic). With ``"relu"`` evidence a zero start has zero gradient,
    so the weights start from a small fixed pattern instead, :math:`W_{kj} = 0.01 \cos(k + j)`.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [4.0], [5.0]])
    >>> coef, intercept = evidential_fit(X, [0, 0, 1, 1])
    >>> (X @ coef.T + intercept).argmax(axis=1).tolist()
    [0, 0, 1, 1]
    """
    X, y = check_X_y(X, y)
    X = X.astype(float)
    y = np.asarray(y)
    classes = np.unique(y)
    if classes.size < 2 or not np.array_equal(classes, np.arange(classes.size)):
        raise ValueError(f"y must hold the class indices 0, ..., K - 1 with K >= 2, got labels {classes.tolist()[:10]}.")
    y = y.astype(int)
    check_choice(evidence, "evidence", _EVIDENCE)
    n_epochs = check_int(n_epochs, "n_epochs", minimum=1)
    annealing_epochs = check_int(annealing_epochs, "annealing_epochs", minimum=1)
    learning_rate = _check_positive(learning_rate, "learning_rate")
    check_nonnegative_real(weight_decay, "weight_decay", "Use a small L2 penalty such as 1e-3, or 0 for none.")
    K, d = classes.size, X.shape[1]
    W = np.zeros((K, d))
    if evidence == "relu":
        W = 0.01 * np.cos(np.arange(K)[:, None] + np.arange(d)[None, :])
    b = np.zeros(K)
    for epoch in range(n_epochs):
        coef = min(1.0, epoch / annealing_epochs)
        _, grad = evidential_loss(y, X @ W.T + b, annealing_coef=coef, evidence=evidence, return_grad=True)
        W = W - learning_rate * (grad.T @ X + weight_decay * W)
        b = b - learning_rate * grad.sum(axis=0)
    return W, b


class EvidentialClassifier(BaseEstimator):
    r"""A linear evidential classifier (a shell around :func:`evidential_fit`).

    Examples
    --------
    >>> model = EvidentialClassifier().fit([[0.0], [1.0], [4.0], [5.0]], [0, 0, 1, 1])
    >>> model.predict([[0.5], [4.5]]).tolist()
    [0, 1]
    """

    def __init__(self, evidence="softplus", n_epochs=300, learning_rate=0.5, annealing_epochs=10, weight_decay=1e-3):
        self.evidence = evidence
        self.n_epochs = n_epochs
        self.learning_rate = learning_rate
        self.annealing_epochs = annealing_epochs
        self.weight_decay = weight_decay

    def fit(self, X, y):
        X, y = check_X_y(X, y)
        self.classes_, y_index = np.unique(y, return_inverse=True)
        self.n_features_in_ = X.shape[1]
        self.coef_, self.intercept_ = evidential_fit(
            X, y_index, evidence=self.evidence, n_epochs=self.n_epochs, learning_rate=self.learning_rate,
            annealing_epochs=self.annealing_epochs, weight_decay=self.weight_decay)
        return self

    def decision_function(self, X):
        X = self._check_predict_X(X, "decision_function", "coef_")
        return X.astype(float) @ self.coef_.T + self.intercept_

    def predict_proba(self, X):
        """Expected class probabilities :math:`\\alpha / S`."""
        self._check_fitted("predict_proba", "coef_")
        alpha = dirichlet_alpha(self.decision_function(X), evidence=self.evidence)
        return alpha / alpha.sum(axis=1, keepdims=True)

    def uncertainty(self, X):
        """The uncertainty mass :math:`K / S` of every row (higher = more likely unknown)."""
        self._check_fitted("uncertainty", "coef_")
        return evidential_uncertainty(self.decision_function(X), evidence=self.evidence)

    def predict(self, X):
        self._check_fitted("predict", "coef_")
        index = self.decision_function(X).argmax(axis=1)
        return self.classes_[index]


# ----------------------------------------------------------------------------- evaluation


def open_set_predict(y_pred, unknown_score, threshold, *, unknown_label):
    r"""Closed-set predictions with every row whose unknown score is :math:`\ge \tau` replaced by ``unknown_label``.

    Examples
    --------
    >>> open_set_predict([0, 1, 2], [0.1, 0.9, 0.5], 0.5, unknown_label=3).tolist()
    [0, 3, 3]
    """
    y_pred = check_labels(check_1d(y_pred, "y_pred"), "y_pred", fix="Pass the closed-set predicted labels.")
    s = check_1d(unknown_score, "unknown_score", copy=False)
    if s.dtype.kind not in "biuf":
        raise TypeError(f"unknown_score must hold numbers (higher = more likely unknown), got dtype {s.dtype}.")
    s = s.astype(float, copy=False)
    if s.shape != y_pred.shape:
        raise ValueError(f"y_pred and unknown_score must have the same shape, got {y_pred.shape} and {s.shape}.")
    check_finite(s, "unknown_score", "Every row needs a finite score.")
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or math.isnan(threshold):
        raise TypeError(f"threshold must be a number, got {_short(threshold)}. Reject the rows whose score is >= it.")
    y_pred[s >= threshold] = unknown_label
    return y_pred


def open_set_report(y_true, y_pred, unknown_score, threshold, *, unknown_label):
    r"""The numbers of the chapter for one unknown score and one threshold.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Known labels, and ``unknown_label`` for the rows of unseen classes.
    y_pred : array-like of shape (n_samples,)
        Closed-set predictions (one of the known labels for every row).
    unknown_score : array-like of shape (n_samples,)
        Higher = more likely unknown.
    threshold : float
        Reject a row when its score is :math:`\ge \tau`.
    unknown_label : int

    Returns
    -------
    dict with Python floats:
        ``"AUROC"`` (known vs unknown, unknown positive; threshold-free), ``"closed-set accuracy"`` (on
        the known rows, before any rejection), ``"unknowns rejected"`` (TPR), ``"knowns rejected"`` (FPR),
        ``"accuracy on knowns"`` (known rows kept *and* correct, over all known rows),
        ``"open-set accuracy"`` and ``"open-set macro-F1"`` (over the K + 1 labels, after rejection).

    Examples
    --------
    >>> report = open_set_report([0, 1, 2, 2], [0, 1, 0, 1], [0.1, 0.2, 0.9, 0.3], 0.5, unknown_label=2)
    >>> report["AUROC"], report["unknowns rejected"], report["open-set accuracy"]
    (1.0, 0.5, 0.75)
    """
    y_true = check_labels(check_1d(y_true, "y_true", copy=False), "y_true",
                          fix=f"Pass the known labels, and unknown_label={unknown_label!r} for the unseen classes.")
    s = unknown_score
    is_unknown = y_true == unknown_label
    if is_unknown.all() or not is_unknown.any():
        raise ValueError(f"y_true must hold both known rows and unknown rows (label {unknown_label!r}) to evaluate "
                         "open-set recognition.")
    y_open = open_set_predict(y_pred, s, threshold, unknown_label=unknown_label)
    known = ~is_unknown
    rejected = y_open == unknown_label
    labels = np.unique(np.r_[y_true, np.asarray(y_pred)])
    return {
        "AUROC": float(roc_auc_score(is_unknown.astype(int), s)),
        "closed-set accuracy": float(accuracy_score(y_true[known], np.asarray(y_pred)[known])),
        "unknowns rejected": float(np.mean(rejected[is_unknown])),
        "knowns rejected": float(np.mean(rejected[known])),
        "accuracy on knowns": float(np.mean(y_open[known] == y_true[known])),
        "open-set accuracy": float(accuracy_score(y_true, y_open)),
        "open-set macro-F1": float(f1_score(y_true, y_open, labels=labels, average="macro", zero_division=0.0)),
    }
