r"""Multinomial (softmax) logistic regression: the multiclass loss with one score per class.

Used by the chapters on shifting negatives (splitting a heterogeneous negative class into its
sub-populations) and on open-set recognition (the logits that the unknown scores read).
"""

import numbers

import numpy as np

from negedu._bunch import Bunch
from negedu._estimator import BaseEstimator
from negedu._numerics import logsumexp, newton_minimize, softmax
from negedu._validation import (_short, check_1d, check_array, check_consistent_length, check_labels,
                                check_numeric, check_positive_real, check_solver)

__all__ = ["softmax_objective", "softmax_regression", "SoftmaxRegression"]


def _class_indices(y):
    classes, index = np.unique(y, return_inverse=True)
    return classes, index.ravel()


def softmax_objective(coef, intercept, X, y, *, C=1.0):
    r"""The L2-penalised multinomial log-loss and its gradient.

    .. math::

        J(W, b) = \frac{1}{2}\lVert W \rVert_F^2
        + C \sum_{i=1}^n \Big[\log \sum_{k=1}^K e^{t_{ik}} - t_{i y_i}\Big],
        \qquad t_{ik} = w_k^\top x_i + b_k,

    with gradients :math:`\partial J / \partial W = C (P - Y)^\top X + W` and
    :math:`\partial J / \partial b = C (P - Y)^\top \mathbf 1`, where
    :math:`P_{ik} = e^{t_{ik}} / \sum_l e^{t_{il}}` (the softmax) and :math:`Y` is the one-hot
    matrix of the labels. The log-sum-exp is computed stably.

    Parameters
    ----------
    coef : array-like of shape (K, n_features)
        :math:`W`, one row per class.
    intercept : array-like of shape (K,)
        :math:`b` (not penalised).
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Class indices 0 to K - 1.
    C : float, default=1.0

    Returns
    -------
    value : float
    grad_coef : ndarray of shape (K, n_features)
    grad_intercept : ndarray of shape (K,)

    Examples
    --------
    >>> value, g_w, g_b = softmax_objective(np.zeros((3, 1)), np.zeros(3), [[1.0], [2.0]], [0, 2])
    >>> round(value, 6), g_b.round(4).tolist()
    (2.197225, [-0.3333, 0.6667, -0.3333])
    """
    X = check_array(X, "X", copy=False)
    check_positive_real(C, "C", "C is the inverse penalty strength; use C=1.0.")
    y = check_labels(y, "y", fix="Pass the class indices 0..K-1, one per row of X.")
    check_consistent_length(X, y, names=["X", "y"])
    W = check_numeric(coef, "coef", ndim=2, copy=False).astype(float, copy=False)
    b = check_numeric(intercept, "intercept", ndim=1, copy=False).astype(float, copy=False)
    if W.shape != (b.size, X.shape[1]):
        raise ValueError(
            f"coef has shape {W.shape} and intercept {b.shape}, but X has {X.shape[1]} features: coef must be "
            f"(n_classes, {X.shape[1]}) and intercept (n_classes,).")
    if y.size and (y.dtype.kind not in "biuf" or y.min() < 0 or y.max() >= b.size):
        raise ValueError(
            f"y must hold class indices 0..{b.size - 1} (one per row of coef), got {_short(np.unique(y).tolist())}. "
            "Encode the labels first, e.g. with np.unique(y, return_inverse=True).")
    y = y.astype(int)
    T = X @ W.T + b  # (n, K) scores
    log_norm = logsumexp(T, axis=1)  # (n,)
    value = C * np.sum(log_norm - T[np.arange(y.size), y]) + 0.5 * np.sum(W**2)
    R = np.exp(T - log_norm[:, None])  # (n, K) = P
    R[np.arange(y.size), y] -= 1.0  # P - Y
    return float(value), C * R.T @ X + W, C * R.sum(axis=0)


def softmax_regression(X, y, *, C=1.0, max_iter=100, tol=1e-10):
    r"""Fit an L2-penalised multinomial (softmax) logistic regression by Newton's method.

    The model gives every class :math:`k` a linear score :math:`t_k(x) = w_k^\top x + b_k`
    and the probabilities :math:`P(y = k \mid x) = e^{t_k} / \sum_l e^{t_l}`; it predicts the
    class with the largest score, so each class's region is an intersection of half-planes
    (a convex polygon). The fit minimises :func:`softmax_objective`, the objective of
    scikit-learn's ``LogisticRegression(C=C)`` for more than two classes.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Any labels; at least two classes.
    C : float, default=1.0
        Inverse strength of the L2 penalty on :math:`W`, as in scikit-learn.
    max_iter : int, default=100
    tol : float, default=1e-10
        Stop when the largest gradient entry, divided by :math:`C n`, is below ``tol``.

    Returns
    -------
    model : Bunch
        ``classes`` (K,), ``coef`` (K, n_features), ``intercept`` (K,) and ``n_iter``.

    Raises
    ------
    ValueError
        If ``y`` holds fewer than two classes or ``C`` is not positive.

    Notes
    -----
    Each Newton step solves :math:`H \Delta = g` for all :math:`K(d + 1)` parameters, with the
    Hessian blocks :math:`H_{kl} = C \sum_i P_{ik}(\delta_{kl} - P_{il})\, \tilde x_i \tilde
    x_i^\top` plus the identity on the :math:`W` part (:math:`\tilde x_i = (x_i, 1)`), and halves
    the step until the objective decreases. Adding the same number to every score changes no
    probability, so the intercepts are determined only up to a common constant: the Hessian is
    singular in that direction, the least-squares solve takes the minimum-norm step, and the
    intercepts, started at 0, keep summing to 0. The penalty makes the coefficients sum to 0
    over the classes at the optimum.

    Differences from scikit-learn: for two classes scikit-learn fits one binary model (one
    coefficient row); this function always fits the symmetric K-row form, so with K = 2 its
    rows are :math:`\pm w/2` of a binary model with C doubled. For K >= 3 the optimum is the
    same as scikit-learn's (``solver="lbfgs"``), which we reach more tightly than its default
    ``tol=1e-4``.

    References
    ----------
    .. [1] C. M. Bishop (2006). *Pattern Recognition and Machine Learning*, section 4.3.4,
       "Multiclass logistic regression". Springer.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
    >>> model = softmax_regression(X, [0, 0, 1, 1, 2, 2])
    >>> round(float(model.coef[2, 0]), 3), abs(round(float(model.coef.sum()), 9)), abs(round(float(model.intercept.sum()), 9))
    (0.953, 0.0, 0.0)
    """
    X = check_array(X, "X")
    y = check_labels(check_1d(y, "y"), "y", fix="SoftmaxRegression is a classifier: pass class labels.")
    max_iter, tol = check_solver(max_iter, tol)
    check_consistent_length(X, y, names=["X", "y"])
    if isinstance(C, bool) or not isinstance(C, numbers.Real) or not C > 0:
        raise ValueError(f"C must be a positive number (the inverse penalty strength), got {_short(C)}. Use C=1.0.")
    classes, index = _class_indices(y)
    K = classes.size
    if K < 2:
        raise ValueError(f"y must hold at least 2 classes to fit a softmax model, got {_short(classes.tolist())}.")
    n, d = X.shape
    Xt = np.hstack([X, np.ones((n, 1))])  # (n, d + 1): the last column carries the intercept
    ridge = np.ones(d + 1)
    ridge[-1] = 0.0  # the intercept is not penalised

    def unpack(theta):  # theta: (K, d + 1) -> W (K, d), b (K,)
        return theta[:, :-1], theta[:, -1]

    def objective(theta):
        return softmax_objective(*unpack(theta), X, index, C=C)[0]

    def gradient(theta):  # (K, d + 1)
        _, g_w, g_b = softmax_objective(*unpack(theta), X, index, C=C)
        return np.column_stack([g_w, g_b])

    def hessian(theta):  # (K (d + 1), K (d + 1))
        P = softmax(Xt @ theta.T, axis=1)  # (n, K)
        H = np.zeros((K, d + 1, K, d + 1))
        for k in range(K):
            for l in range(K):
                weight = P[:, k] * ((k == l) - P[:, l])  # (n,)
                H[k, :, l, :] = C * (Xt * weight[:, None]).T @ Xt
            H[k, :, k, :] += np.diag(ridge)
        return H.reshape(K * (d + 1), -1)

    theta, n_iter = newton_minimize(objective, gradient, hessian, np.zeros((K, d + 1)), max_iter=max_iter, tol=tol,
                                    scale=C * n)
    return Bunch(classes=classes, coef=theta[:, :-1].copy(), intercept=theta[:, -1].copy(), n_iter=n_iter)


class SoftmaxRegression(BaseEstimator):
    r"""Multinomial logistic regression with scikit-learn's interface (a shell around :func:`softmax_regression`).

    Parameters
    ----------
    C : float, default=1.0
    max_iter : int, default=100
    tol : float, default=1e-10

    Attributes
    ----------
    classes_ : ndarray of shape (K,)
    coef_ : ndarray of shape (K, n_features)
    intercept_ : ndarray of shape (K,)
    n_features_in_ : int
    n_iter_ : int

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
    >>> model = SoftmaxRegression().fit(X, ["a", "a", "b", "b", "c", "c"])
    >>> model.predict([[0.2], [2.5], [4.9]]).tolist()
    ['a', 'b', 'c']
    """

    def __init__(self, C=1.0, *, max_iter=100, tol=1e-10):
        self.C = C
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y):
        """Fit the model; returns ``self``."""
        model = softmax_regression(X, y, C=self.C, max_iter=self.max_iter, tol=self.tol)
        self.classes_ = model.classes
        self.coef_, self.intercept_ = model.coef, model.intercept
        self.n_features_in_ = model.coef.shape[1]
        self.n_iter_ = model.n_iter
        return self

    def decision_function(self, X):
        r"""The linear scores :math:`t_k(x) = w_k^\top x + b_k`, shape (n_samples, K)."""
        X = self._check_predict_X(X, "decision_function")
        return X @ self.coef_.T + self.intercept_

    def predict_proba(self, X):
        """The softmax of the scores, shape (n_samples, K); columns follow ``classes_``."""
        self._check_fitted("predict_proba")
        return softmax(self.decision_function(X), axis=1)

    def predict(self, X):
        """The class with the largest score (the first one on a tie)."""
        self._check_fitted("predict")
        scores = self.decision_function(X)
        return self.classes_[np.argmax(scores, axis=1)]
