r"""Many classes from binary models: one-vs-rest, one-vs-one, and calibrating before comparing.

A binary classifier knows one positive class and one negative class. With :math:`K > 2`
classes we can still use it, by asking several binary questions:

* **one-vs-rest** (OvR): for each class :math:`c`, "is it :math:`c`, or any of the other
  :math:`K - 1`?" The negative class of that question is a *mixture* of every other class;
* **one-vs-one** (OvO): for each pair :math:`i < j`, "is it :math:`i` or :math:`j`?", asked
  only of the samples of those two classes, then a vote.

The functions :func:`one_vs_rest_fit` and :func:`one_vs_one_fit` hold the algorithms;
:class:`OneVsRestClassifier` and :class:`OneVsOneClassifier` are thin shells with the names,
parameters and attributes of scikit-learn's classes of the same name, and return the same
numbers. :func:`calibrate_sigmoid` is Platt scaling, the calibration that makes the scores of
the :math:`K` one-vs-rest models comparable.

Any base estimator works if it has ``fit`` and ``decision_function`` or ``predict_proba``
(negedu's :class:`~negedu.losses.LogisticRegression`, or any scikit-learn classifier): it is
copied with :func:`negedu._estimator.clone_estimator` (scikit-learn's ``clone``: the same
parameters, deep-copied), never fitted in place.
"""

import numbers

import numpy as np

from negedu._bunch import Bunch
from negedu._estimator import BaseEstimator, check_classification_data, clone_estimator
from negedu._numerics import newton_minimize, sigmoid
from negedu._validation import (
    _short,
    check_1d,
    check_array,
    check_consistent_length,
    check_instance,
    check_int,
    check_numeric,
    check_sample_weight,
    check_solver,
)

__all__ = [
    "one_vs_rest_fit",
    "one_vs_rest_scores",
    "one_vs_one_fit",
    "pairwise_votes",
    "pairwise_decision_function",
    "calibrate_sigmoid",
    "sigmoid_calibrated",
    "OneVsRestClassifier",
    "OneVsOneClassifier",
]


# ---------------------------------------------------------------------------------- helpers
def _check_estimator(estimator):
    check_instance(estimator)
    if not hasattr(estimator, "fit") or not (
        hasattr(estimator, "decision_function") or hasattr(estimator, "predict_proba")
    ):
        raise TypeError(
            f"estimator must have a fit method and a decision_function or predict_proba method, "
            f"got {_short(estimator)} of type {type(estimator).__name__}. Use a classifier such as "
            "negedu.losses.LogisticRegression()."
        )
    return estimator


def _binary_score(estimator, X):
    """The score of the positive class: ``decision_function`` if the model has one, else P(y = 1)."""
    if hasattr(estimator, "decision_function"):
        return np.ravel(estimator.decision_function(X))
    return np.asarray(estimator.predict_proba(X))[:, 1]


def _binary_threshold(estimator):
    """Where a binary score turns positive: 0 for a decision function, 0.5 for a probability."""
    return 0.0 if hasattr(estimator, "decision_function") else 0.5


# ------------------------------------------------------------------------------ one-vs-rest
def one_vs_rest_fit(X, y, estimator):
    r"""Fit one binary model per class: class :math:`c` positive, every other class negative.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Class labels (numbers or strings), at least two classes.
    estimator : object
        A binary classifier with ``fit`` and ``decision_function`` or ``predict_proba``.
        It is copied for each class, never fitted in place.

    Returns
    -------
    model : Bunch
        ``classes`` (the sorted labels, :math:`K` of them) and ``estimators``, a list of
        :math:`K` fitted copies, where ``estimators[c]`` was trained on the labels
        :math:`y^{(c)}_i = [y_i = \text{classes}[c]]`; with two classes, a single model
        trained on :math:`[y_i = \text{classes}[1]]`.

    Raises
    ------
    ValueError
        If ``y`` holds fewer than two classes, or is 2-D (multilabel).
    TypeError
        If ``estimator`` is not a classifier object.

    Notes
    -----
    Subproblem :math:`c` has :math:`n_c` positives and :math:`n - n_c` negatives drawn from
    :math:`K - 1` classes, so its imbalance ratio is :math:`(n - n_c) / n_c`: :math:`K - 1`
    even when the classes are balanced. Every sample is a positive once and a negative
    :math:`K - 1` times. Prediction takes the class of the largest score,
    :math:`\hat y = \arg\max_c s_c(x)` (first class on ties), which compares the scores of
    different models: they are comparable only if calibrated (see :func:`calibrate_sigmoid`).

    Differences from scikit-learn's ``OneVsRestClassifier``: one class in ``y`` is an error
    here (scikit-learn fits a constant predictor with a warning), and multilabel targets are
    not supported.

    References
    ----------
    R. Rifkin and A. Klautau, "In defense of one-vs-all classification", Journal of Machine
    Learning Research 5, 101-141, 2004.

    Examples
    --------
    >>> from negedu.losses import LogisticRegression
    >>> X = np.array([[0.0], [0.2], [2.0], [2.2], [4.0], [4.2]])
    >>> model = one_vs_rest_fit(X, ["a", "a", "b", "b", "c", "c"], LogisticRegression(C=10.0))
    >>> model.classes.tolist(), len(model.estimators)
    (['a', 'b', 'c'], 3)
    >>> one_vs_rest_scores(model.estimators, [[0.1], [4.1]]).argmax(axis=1).tolist()
    [0, 2]
    """
    X, y, classes, _ = check_classification_data(X, y, "one-vs-rest")
    estimator = _check_estimator(estimator)
    positives = classes[1:] if classes.size == 2 else classes  # binary: one model for classes[1]
    estimators = []
    for c in positives:
        y_binary = (y == c).astype(int)  # 1 = class c (positive), 0 = the K - 1 others (negative)
        estimators.append(clone_estimator(estimator).fit(X, y_binary))
    return Bunch(classes=classes, estimators=estimators)


def one_vs_rest_scores(estimators, X):
    r"""The score of each one-vs-rest model, column :math:`c` = :math:`s_c(x)`, shape (n_samples, K).

    Each column is the model's ``decision_function`` when it has one, else its probability of
    the positive class, as scikit-learn's ``OneVsRestClassifier.predict`` uses them.
    """
    return np.column_stack([_binary_score(est, X) for est in estimators])


# ------------------------------------------------------------------------------- one-vs-one
def one_vs_one_fit(X, y, estimator):
    r"""Fit one binary model per pair of classes, each on the samples of its two classes only.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Class labels, at least two classes.
    estimator : object
        A binary classifier, copied for each pair.

    Returns
    -------
    model : Bunch
        ``classes`` (:math:`K` sorted labels), ``pairs`` (the :math:`K(K-1)/2` index pairs
        :math:`(i, j)`, :math:`i < j`, in the order :math:`(0,1), (0,2), \dots, (K-2, K-1)`)
        and ``estimators``, where model :math:`(i, j)` saw only classes :math:`i` and
        :math:`j`, with class :math:`j` as the positive (label 1) and class :math:`i` as the
        negative (label 0).

    Raises
    ------
    ValueError
        If ``y`` holds fewer than two classes, or is 2-D.

    Notes
    -----
    The negative class of model :math:`(i, j)` is a single class, not a mixture: that is the
    narrower negative of one-vs-one. The price is :math:`K(K-1)/2` models instead of
    :math:`K`, although each sees only :math:`n_i + n_j` samples. Predictions combine the
    models by a vote, :func:`pairwise_decision_function`.

    References
    ----------
    J. H. Friedman, "Another approach to polychotomous classification", technical report,
    Department of Statistics, Stanford University, 1996. T. Hastie and R. Tibshirani,
    "Classification by pairwise coupling", The Annals of Statistics 26(2), 451-471, 1998.

    Examples
    --------
    >>> from negedu.losses import LogisticRegression
    >>> X = np.array([[0.0], [0.2], [2.0], [2.2], [4.0], [4.2]])
    >>> model = one_vs_one_fit(X, [0, 0, 1, 1, 2, 2], LogisticRegression(C=10.0))
    >>> model.pairs
    [(0, 1), (0, 2), (1, 2)]
    """
    X, y, classes, _ = check_classification_data(X, y, "one-vs-one")
    estimator = _check_estimator(estimator)
    K = classes.size
    pairs = [(i, j) for i in range(K) for j in range(i + 1, K)]
    estimators = []
    for i, j in pairs:
        rows = np.flatnonzero((y == classes[i]) | (y == classes[j]))  # only the two classes
        y_binary = (y[rows] == classes[j]).astype(int)  # class j positive, class i negative
        estimators.append(clone_estimator(estimator).fit(X[rows], y_binary))
    return Bunch(classes=classes, pairs=pairs, estimators=estimators)


def _check_pairwise(predictions, n_classes, confidences=None):
    """The 0/1 predictions of the K(K-1)/2 pairwise models, (n_samples, K(K-1)/2), K, and their confidences."""
    n_classes = check_int(n_classes, "n_classes", minimum=2, hint="One-vs-one needs at least 2 classes.")
    predictions = check_numeric(predictions, "predictions", ndim=2, copy=False)
    n_pairs = n_classes * (n_classes - 1) // 2
    if predictions.shape[1] != n_pairs:
        raise ValueError(
            f"predictions has {predictions.shape[1]} columns, but {n_classes} classes make {n_pairs} pairs. "
            "Pass one column per pairwise model, in the order of one_vs_one_fit.")
    if not np.isin(predictions, (0, 1)).all():
        raise ValueError(
            f"predictions must hold the 0/1 votes of the pairwise models, got {_short(np.unique(predictions).tolist())}. "
            "1 is a vote for the second class of the pair, 0 for the first.")
    if confidences is None:
        return predictions, n_classes
    confidences = check_numeric(confidences, "confidences", ndim=2, copy=False).astype(float, copy=False)
    if confidences.shape != predictions.shape:
        raise ValueError(
            f"confidences has shape {confidences.shape} but predictions has {predictions.shape}: pass one "
            "confidence per pairwise model and sample.")
    return predictions, n_classes, confidences


def pairwise_votes(predictions, n_classes):
    r"""Count the votes of the :math:`K(K-1)/2` pairwise models for each class.

    Parameters
    ----------
    predictions : array-like of shape (n_samples, K(K-1)/2)
        The 0/1 prediction of each pairwise model, in the order of :func:`one_vs_one_fit`:
        1 is a vote for class :math:`j`, 0 a vote for class :math:`i`.
    n_classes : int

    Returns
    -------
    votes : ndarray of shape (n_samples, n_classes)
        Each row sums to :math:`K(K-1)/2`.

    Examples
    --------
    >>> pairwise_votes([[0, 0, 1]], 3)   # (0,1) -> 0, (0,2) -> 0, (1,2) -> 2
    array([[2., 0., 1.]])
    """
    predictions, n_classes = _check_pairwise(predictions, n_classes)
    votes = np.zeros((predictions.shape[0], n_classes))
    k = 0
    for i in range(n_classes):
        for j in range(i + 1, n_classes):
            votes[:, i] += predictions[:, k] == 0
            votes[:, j] += predictions[:, k] == 1
            k += 1
    return votes


def pairwise_decision_function(predictions, confidences, n_classes):
    r"""Votes plus a squashed sum of confidences: scikit-learn's one-vs-one decision function.

    Parameters
    ----------
    predictions : array-like of shape (n_samples, K(K-1)/2)
        The 0/1 predictions of the pairwise models (1 = class :math:`j` of pair :math:`(i, j)`).
    confidences : array-like of shape (n_samples, K(K-1)/2)
        Their scores for class :math:`j` (decision function or probability).
    n_classes : int

    Returns
    -------
    decision : ndarray of shape (n_samples, n_classes)

    Notes
    -----
    With :math:`v_c` the votes of class :math:`c` and :math:`f_{ij}` the confidence of model
    :math:`(i, j)`, each class collects :math:`S_c = \sum_{i < c} f_{ic} - \sum_{j > c} f_{cj}`
    (a positive score is evidence for :math:`j`, against :math:`i`), and

    .. math::

        d_c = v_c + \frac{S_c}{3\,(\lvert S_c \rvert + 1)}.

    The added term lies in :math:`(-1/3, 1/3)`, so it never overturns a difference of one
    vote; it only breaks ties between classes with the same number of votes. ``argmax``
    then takes the first class among exact ties.
    """
    predictions, n_classes, confidences = _check_pairwise(predictions, n_classes, confidences)
    sums = np.zeros((confidences.shape[0], n_classes))  # S_c
    k = 0
    for i in range(n_classes):
        for j in range(i + 1, n_classes):
            sums[:, i] -= confidences[:, k]
            sums[:, j] += confidences[:, k]
            k += 1
    return pairwise_votes(predictions, n_classes) + sums / (3.0 * (np.abs(sums) + 1.0))


# ------------------------------------------------------------------------------ calibration
def calibrate_sigmoid(y_score, y_true, *, sample_weight=None, max_iter=100, tol=1e-12):
    r"""Platt scaling: fit :math:`P(y = 1 \mid s) = 1 / (1 + e^{A s + B})` to scores.

    Parameters
    ----------
    y_score : array-like of shape (n_samples,)
        Scores of a binary model (higher = more positive), ideally on data it was not fitted on.
    y_true : array-like of shape (n_samples,)
        Labels 0 and 1 (or booleans).
    sample_weight : array-like of shape (n_samples,), default=None
    max_iter : int, default=100
        Newton iterations.
    tol : float, default=1e-12
        Stop when the largest gradient entry, divided by the total weight, is below ``tol``.

    Returns
    -------
    a, b : float
        Platt's :math:`A` (negative when higher scores mean more positive) and :math:`B`.
        Apply them with :func:`sigmoid_calibrated`.

    Raises
    ------
    ValueError
        If ``y_true`` is not 0/1, or the lengths differ.

    Notes
    -----
    Platt's targets are smoothed, as in his paper and scikit-learn's
    ``CalibratedClassifierCV(method="sigmoid")``: with :math:`N_+` positives and
    :math:`N_-` negatives (sums of sample weights),

    .. math::

        t_i = \frac{N_+ + 1}{N_+ + 2} \text{ if } y_i = 1, \qquad
        t_i = \frac{1}{N_- + 2} \text{ if } y_i = 0,

    and :math:`(A, B)` minimise the cross-entropy
    :math:`-\sum_i w_i [t_i \log p_i + (1 - t_i)\log(1 - p_i)]`,
    :math:`p_i = 1/(1 + e^{A s_i + B})`, a logistic regression of :math:`t` on :math:`s`
    without penalty. We solve it by Newton's method from Platt's start
    :math:`(0, \log((N_- + 1)/(N_+ + 1)))`; scikit-learn uses L-BFGS, so the two agree to its
    tolerance (about 1e-6), not to the last digit. scikit-learn also divides scores by their
    largest absolute value when it exceeds 30 before fitting, which changes nothing at the
    optimum.

    References
    ----------
    J. C. Platt, "Probabilistic outputs for support vector machines and comparisons to
    regularized likelihood methods", in Advances in Large Margin Classifiers, MIT Press, 1999.

    Examples
    --------
    >>> a, b = calibrate_sigmoid([-2.0, -1.0, 0.5, 1.0, 2.0, 3.0], [0, 0, 1, 0, 1, 1])
    >>> round(a, 4), round(b, 4)
    (-0.6004, 0.362)
    >>> sigmoid_calibrated([0.0], a, b).round(3)
    array([0.41])
    """
    s = check_1d(y_score, "y_score", allow_nonfinite=False).astype(float)
    max_iter, tol = check_solver(max_iter, tol)
    y = check_1d(y_true, "y_true")
    check_consistent_length(s, y, names=["y_score", "y_true"])
    if y.dtype.kind not in "biuf" or not np.all((y == 0) | (y == 1)):
        raise ValueError(
            f"y_true must hold the labels 0 and 1, got {_short(np.unique(y).tolist())}. "
            "For class c of a multi-class problem pass (y == c)."
        )
    w = check_sample_weight(sample_weight, s.size)
    y = y.astype(bool)
    n_pos, n_neg = float(w[y].sum()), float(w[~y].sum())  # N_+, N_-
    t = np.where(y, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))  # Platt's smoothed targets
    Z = np.column_stack([s, np.ones_like(s)])  # p = sigmoid(-(A s + B))

    def objective(theta):
        u = -(Z @ theta)  # the log-odds of p
        return np.sum(w * (np.logaddexp(0.0, u) - t * u))

    def gradient(theta):
        return -(Z.T @ (w * (sigmoid(-(Z @ theta)) - t)))

    def hessian(theta):
        p = sigmoid(-(Z @ theta))
        return (Z * (w * p * (1 - p))[:, None]).T @ Z

    start = np.array([0.0, np.log((n_neg + 1.0) / (n_pos + 1.0))])  # Platt's
    theta, _ = newton_minimize(objective, gradient, hessian, start, max_iter=max_iter, tol=tol, scale=w.sum())
    return float(theta[0]), float(theta[1])


def sigmoid_calibrated(y_score, a, b):
    r"""Apply Platt scaling: :math:`1 / (1 + e^{a s + b})` for each score :math:`s`."""
    s = check_numeric(y_score, "y_score", ndim=(0, 1), copy=False).astype(float, copy=False)
    for name, value in (("a", a), ("b", b)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
            raise TypeError(f"{name} must be a finite number, got {_short(value)}. Use the a and b of calibrate_sigmoid.")
    return sigmoid(-(a * s + b))


# ---------------------------------------------------------------------------------- classes
class _MulticlassBase(BaseEstimator):
    def __init__(self, estimator, *, n_jobs=None):
        self.estimator = estimator
        self.n_jobs = n_jobs

    @property
    def n_classes_(self):
        return len(self.classes_)


class OneVsRestClassifier(_MulticlassBase):
    r"""One-vs-rest: one binary model per class, then the class with the largest score.

    A thin shell around :func:`one_vs_rest_fit`, with scikit-learn's names.

    Parameters
    ----------
    estimator : object
        A binary classifier with ``fit`` and ``decision_function`` or ``predict_proba``.
    n_jobs : None
        Accepted for compatibility with scikit-learn and ignored: the models are fitted one
        after the other.

    Attributes
    ----------
    estimators_ : list of fitted estimators
        :math:`K` models (one with two classes).
    classes_ : ndarray of shape (K,)
    n_features_in_ : int

    Notes
    -----
    See :func:`one_vs_rest_fit`. ``predict_proba`` divides each row of the :math:`K`
    positive-class probabilities by its sum, as scikit-learn does; that makes rows sum to 1
    but does not calibrate them. Not supported (scikit-learn supports them): multilabel
    targets, ``partial_fit``, ``label_binarizer_``.

    Examples
    --------
    >>> from negedu.losses import LogisticRegression
    >>> X = np.array([[0.0], [0.2], [2.0], [2.2], [4.0], [4.2]])
    >>> ovr = OneVsRestClassifier(LogisticRegression(C=10.0)).fit(X, [0, 0, 1, 1, 2, 2])
    >>> ovr.predict([[0.1], [2.1], [4.1]]).tolist()
    [0, 1, 2]
    >>> ovr.predict_proba([[2.1]]).sum().round(12)
    np.float64(1.0)
    """

    def fit(self, X, y):
        """Fit one model per class; returns ``self``."""
        model = one_vs_rest_fit(X, y, self.estimator)
        self.classes_ = model.classes
        self.estimators_ = model.estimators
        self.n_features_in_ = check_array(X, "X", copy=False).shape[1]
        return self

    def decision_function(self, X):
        """Scores of shape (n_samples, K); with two classes, the single model's (n_samples,)."""
        self._check_fitted("decision_function", "estimators_")
        if len(self.estimators_) == 1:
            return np.ravel(self.estimators_[0].decision_function(X))
        return np.column_stack([np.ravel(est.decision_function(X)) for est in self.estimators_])

    def predict(self, X):
        """The class of the largest score (first on ties); with two classes, score above the threshold."""
        self._check_fitted("predict", "estimators_")
        scores = one_vs_rest_scores(self.estimators_, X)
        if len(self.estimators_) == 1:
            return self.classes_[(scores[:, 0] > _binary_threshold(self.estimators_[0])).astype(int)]
        return self.classes_[np.argmax(scores, axis=1)]

    def predict_proba(self, X):
        r"""Positive-class probabilities of the :math:`K` models, each row divided by its sum."""
        self._check_fitted("predict_proba", "estimators_")
        P = np.column_stack([np.asarray(est.predict_proba(X))[:, 1] for est in self.estimators_])
        if len(self.estimators_) == 1:
            P = np.column_stack([1.0 - P[:, 0], P[:, 0]])
        row_sums = P.sum(axis=1, keepdims=True)
        return np.divide(P, row_sums, out=P.copy(), where=row_sums != 0)


class OneVsOneClassifier(_MulticlassBase):
    r"""One-vs-one: one binary model per pair of classes, then a vote.

    A thin shell around :func:`one_vs_one_fit` and :func:`pairwise_decision_function`, with
    scikit-learn's names.

    Parameters
    ----------
    estimator : object
        A binary classifier with ``fit``, ``predict`` and ``decision_function`` or ``predict_proba``.
    n_jobs : None
        Accepted and ignored.

    Attributes
    ----------
    estimators_ : list of fitted estimators
        :math:`K(K-1)/2` models, pairs :math:`(0,1), (0,2), \dots`.
    classes_ : ndarray of shape (K,)
    n_features_in_ : int
    pairwise_indices_ : None
        scikit-learn's attribute for precomputed kernels, which negedu does not support.

    Examples
    --------
    >>> from negedu.losses import LogisticRegression
    >>> X = np.array([[0.0], [0.2], [2.0], [2.2], [4.0], [4.2]])
    >>> ovo = OneVsOneClassifier(LogisticRegression(C=10.0)).fit(X, ["a", "a", "b", "b", "c", "c"])
    >>> ovo.predict([[0.1], [2.1], [4.1]]).tolist()
    ['a', 'b', 'c']
    """

    def fit(self, X, y):
        """Fit one model per pair of classes; returns ``self``."""
        model = one_vs_one_fit(X, y, self.estimator)
        self.classes_ = model.classes
        self.estimators_ = model.estimators
        self.pairwise_indices_ = None
        self.n_features_in_ = check_array(X, "X", copy=False).shape[1]
        return self

    def decision_function(self, X):
        """Votes plus squashed confidences, (n_samples, K); with two classes, column 1 only."""
        self._check_fitted("decision_function", "estimators_")
        predictions = np.column_stack([np.ravel(est.predict(X)) for est in self.estimators_])
        confidences = np.column_stack([_binary_score(est, X) for est in self.estimators_])
        decision = pairwise_decision_function(predictions, confidences, self.n_classes_)
        return decision[:, 1] if self.n_classes_ == 2 else decision

    def predict(self, X):
        """The class with the most votes, ties broken by the confidences, then by order."""
        self._check_fitted("predict", "estimators_")
        decision = self.decision_function(X)
        if self.n_classes_ == 2:
            return self.classes_[(decision > _binary_threshold(self.estimators_[0])).astype(int)]
        return self.classes_[np.argmax(decision, axis=1)]
