r"""Logistic regression fitted by Newton's method: the model that the loss chapters reweight.

negedu has no model zoo and never imports scikit-learn, yet several chapters need to *train*
something to show what a loss or a weighting does: this module fits the L2-penalised
logistic regression of scikit-learn's ``LogisticRegression`` exactly (the tests compare the
coefficients), in a few lines a student can follow next to the formulas.
"""

import numpy as np

from negedu._bunch import Bunch
from negedu._estimator import BaseEstimator
from negedu._numerics import newton_minimize, sigmoid
from negedu._validation import (_short, check_1d, check_array, check_consistent_length, check_sample_weight,
                                check_inverse_penalty, check_solver)
from negedu.losses._class_weight import compute_class_weight

__all__ = ["fit_logistic_regression", "logistic_proba", "LogisticRegression"]


def fit_logistic_regression(X, y, *, C=1.0, class_weight=None, sample_weight=None, max_iter=100, tol=1e-10):
    r"""Fit an L2-penalised logistic regression by Newton's method.

    Minimises the objective of scikit-learn's ``LogisticRegression(C=C)``,

    .. math::

        \frac{1}{2}\lVert w \rVert^2 + C \sum_{i=1}^n v_i
        \Big[-y_i \log p_i - (1 - y_i) \log(1 - p_i)\Big],
        \qquad p_i = \frac{1}{1 + e^{-(w^\top x_i + b)}},

    where the intercept :math:`b` is not penalised and :math:`v_i = s_i\, w_{y_i}` is the
    sample weight times the class weight (1 without weights). Each Newton step solves
    :math:`H \Delta = g` with the gradient :math:`g = C\,\tilde X^\top V (p - y) + (w, 0)`
    and the Hessian :math:`H = C\,\tilde X^\top V \mathrm{diag}(p(1-p))\,\tilde X +
    \mathrm{diag}(1, \dots, 1, 0)` (:math:`\tilde X` is :math:`X` with a column of ones,
    :math:`V = \mathrm{diag}(v)`), halving the step until the objective decreases.

    The weights are those of ``LogisticRegression(class_weight=..., solver="newton-cholesky")
    .fit(X, y, sample_weight=...)``: ``"balanced"`` counts each class by its total sample
    weight, :math:`w_k = \sum_i s_i / (2 \sum_{i: y_i = k} s_i)`. An integer weight is the
    same as repeating the row; a class weight :math:`w_1` on the positives multiplies the
    odds the model learns by about :math:`w_1 / w_0` (exactly, for a well-specified model
    without penalty: the intercept moves by :math:`\log(w_1/w_0)` and the slopes stay).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Labels 0 and 1.
    C : float, default=1.0
        Inverse strength of the penalty, as in scikit-learn; ``np.inf`` for none (then
        separable data have no finite solution, and the iterations stop at ``max_iter``).
    class_weight : dict, "balanced" or None, default=None
        :math:`w_0, w_1`, as in :func:`compute_class_weight` (and ``LogisticRegression``).
    sample_weight : array-like of shape (n_samples,), default=None
        :math:`s_i \ge 0`.
    max_iter : int, default=100
    tol : float, default=1e-10
        Stop when the largest gradient entry, divided by :math:`C \sum_i v_i` (:math:`C n`
        without weights), is below ``tol``.

    Returns
    -------
    model : Bunch
        ``coef`` (n_features,), ``intercept`` (float) and ``n_iter``.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> model = fit_logistic_regression(X, [0, 1, 0, 1])
    >>> round(float(model.coef[0]), 4), round(model.intercept, 4)
    (0.4529, -0.6793)
    """
    X = check_array(X, "X")
    y = check_1d(y, "y")
    max_iter, tol = check_solver(max_iter, tol)
    C = check_inverse_penalty(C)
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"y must hold the labels 0 and 1, got {_short(np.unique(y).tolist())}.")
    check_consistent_length(X, y, names=["X", "y"])
    v = check_sample_weight(sample_weight, y.size)  # s_i
    if class_weight is not None:
        classes = np.unique(y) if isinstance(class_weight, str) else np.array([0, 1])
        w_class = compute_class_weight(class_weight, classes=classes, y=y, sample_weight=v)
        v = v * w_class[np.searchsorted(classes, y)]  # v_i = s_i w_{y_i}
    if not v.sum() > 0:
        raise ValueError("Every sample has weight 0 (sample_weight times class_weight); give some a positive weight.")
    y = y.astype(float)
    n, d = X.shape
    Xt = np.hstack([X, np.ones((n, 1))])  # (n, d + 1): the last column carries the intercept
    penalty = np.ones(d + 1)
    penalty[-1] = 0.0  # the intercept is not penalised
    ridge = 0.0 if np.isinf(C) else 1.0 / C  # objective / C: loss + ||w||^2 / (2C)

    def objective(theta):
        t = Xt @ theta
        # log(1 + e^t) - y t, the log-loss of each sample, computed stably
        return np.sum(v * (np.logaddexp(0.0, t) - y * t)) + 0.5 * ridge * np.sum(penalty * theta**2)

    def gradient(theta):
        return Xt.T @ (v * (sigmoid(Xt @ theta) - y)) + ridge * penalty * theta

    def hessian(theta):
        p = sigmoid(Xt @ theta)
        return (Xt * (v * p * (1 - p))[:, None]).T @ Xt + np.diag(ridge * penalty)

    theta, n_iter = newton_minimize(objective, gradient, hessian, np.zeros(d + 1), max_iter=max_iter, tol=tol,
                                    scale=v.sum())
    return Bunch(coef=theta[:-1], intercept=float(theta[-1]), n_iter=n_iter)


def logistic_proba(model, X):
    r"""The probability of the positive class, :math:`1 / (1 + e^{-(w^\top x + b)})`."""
    X = check_array(X, "X", copy=False).astype(float, copy=False)
    n_features = np.shape(model.coef)[0]
    if X.shape[1] != n_features:
        raise ValueError(
            f"X has {X.shape[1]} features, but the model was fitted with {n_features}. Pass the same columns as in fit.")
    return sigmoid(X @ model.coef + model.intercept)


class LogisticRegression(BaseEstimator):
    r"""Binary L2-penalised logistic regression with scikit-learn's interface.

    A thin shell around :func:`fit_logistic_regression` (the whole fit) and
    :func:`logistic_proba`, so that the multi-class wrappers of
    :mod:`negedu.multiclass` (and scikit-learn's ``clone``, pipelines and cross-validation)
    can use it like ``sklearn.linear_model.LogisticRegression``.

    Parameters
    ----------
    C : float, default=1.0
        Inverse strength of the L2 penalty, as in scikit-learn.
    class_weight : dict, "balanced" or None, default=None
        Weights of the two classes, keyed by the labels of ``y``.
    max_iter : int, default=100
        Newton iterations.
    tol : float, default=1e-10
        Stop when the largest gradient entry, divided by :math:`C \sum_i v_i`, is below ``tol``.
        scikit-learn's default ``tol=1e-4`` is for its L-BFGS solver and means something else;
        ours is tight so that the coefficients match scikit-learn's optimum to about 1e-6.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        The two labels; ``classes_[1]`` is the positive class.
    coef_ : ndarray of shape (1, n_features)
    intercept_ : ndarray of shape (1,)
    n_features_in_ : int
    n_iter_ : ndarray of shape (1,)

    Raises
    ------
    ValueError
        In ``fit``, when ``y`` does not hold exactly two classes: more than two need a
        multi-class wrapper such as :class:`negedu.multiclass.OneVsRestClassifier`.

    Notes
    -----
    Only what this book needs: binary targets, an unpenalised intercept (scikit-learn's
    ``fit_intercept=True``) and the L2 penalty. scikit-learn fits more than two classes with
    one multinomial (softmax) model; ours refuses and points to the one-vs-rest and
    one-vs-one wrappers, which is what chapter 11 teaches.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> model = LogisticRegression().fit(X, ["no", "yes", "no", "yes"])
    >>> model.classes_.tolist(), model.coef_.round(4).tolist()
    (['no', 'yes'], [[0.4529]])
    >>> model.predict([[3.0]]).tolist()
    ['yes']
    """

    def __init__(self, C=1.0, *, class_weight=None, max_iter=100, tol=1e-10):
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y, sample_weight=None):
        """Fit the model to ``X`` and two-class labels ``y``; returns ``self``."""
        y = check_1d(y, "y")
        classes = np.unique(y)
        if classes.size != 2:
            raise ValueError(
                f"LogisticRegression here is binary and needs exactly 2 classes in y, got {classes.size}: "
                f"{_short(classes.tolist())}. For more classes wrap it: "
                "negedu.multiclass.OneVsRestClassifier(LogisticRegression()) or OneVsOneClassifier(...)."
            )
        class_weight = self.class_weight
        if isinstance(class_weight, dict):  # keyed by the user's labels; the kernel uses 0 and 1
            class_weight = {k: class_weight.get(c, 1.0) for k, c in enumerate(classes.tolist())}
        model = fit_logistic_regression(
            X, (y == classes[1]).astype(int), C=self.C, class_weight=class_weight,
            sample_weight=sample_weight, max_iter=self.max_iter, tol=self.tol,
        )
        self.classes_ = classes
        self.coef_ = model.coef[None, :]
        self.intercept_ = np.array([model.intercept])
        self.n_features_in_ = model.coef.size
        self.n_iter_ = np.array([model.n_iter])
        return self

    def decision_function(self, X):
        r"""The log-odds :math:`w^\top x + b` of the positive class ``classes_[1]``, shape (n_samples,)."""
        X = self._check_predict_X(X, "decision_function")
        return X @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, X):
        """Probabilities of ``classes_[0]`` and ``classes_[1]``, shape (n_samples, 2)."""
        self._check_fitted("predict_proba")
        p = sigmoid(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X):
        """``classes_[1]`` where the log-odds are positive, else ``classes_[0]`` (as scikit-learn)."""
        self._check_fitted("predict")
        scores = self.decision_function(X)
        return self.classes_[(scores > 0).astype(int)]
