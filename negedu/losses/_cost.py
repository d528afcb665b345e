r"""Cost matrices: the price of each kind of mistake, and the decisions that minimise it.

A cost matrix :math:`C` holds :math:`C[k, j]`, the cost of predicting class :math:`j` for an
example whose actual class is :math:`k`. **Rows are the actual class, columns the predicted
class**, the layout of ``confusion_matrix`` in scikit-learn and negedu, so that the total cost
of a set of decisions is the sum of the confusion matrix times :math:`C`, cell by cell. For two
classes (0 negative, 1 positive):

.. math::

    C = \begin{pmatrix} C_{TN} & C_{FP} \\ C_{FN} & C_{TP} \end{pmatrix}
      = \begin{pmatrix} 0 & c_{FP} \\ c_{FN} & 0 \end{pmatrix} \text{ usually.}

Elkan (2001) writes the transposed matrix (rows predicted, columns actual); the threshold is
the same.
"""

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import _short, check_1d, check_array, check_consistent_length, check_sample_weight, check_scores

__all__ = ["expected_cost", "cost_threshold", "min_expected_cost_predict", "tune_threshold"]


def _check_cost_matrix(cost_matrix, *, binary=False):
    C = np.array(cost_matrix, dtype=float) if not isinstance(cost_matrix, np.ndarray) else cost_matrix.astype(float)
    if C.ndim != 2 or C.shape[0] != C.shape[1] or C.shape[0] < 2:
        raise ValueError(
            f"cost_matrix must be a square matrix with one row and one column per class "
            f"(rows = actual, columns = predicted), got shape {C.shape}."
        )
    if binary and C.shape != (2, 2):
        raise ValueError(
            f"cost_matrix must be 2 x 2 for a threshold on P(y=1|x), got shape {C.shape}. "
            "For more classes, use min_expected_cost_predict."
        )
    if not np.isfinite(C).all():
        raise ValueError("cost_matrix contains NaN or infinity. Every cost must be a finite number.")
    return C


def _label_indices(y, labels, n_classes, name):
    """Map labels to rows/columns of the cost matrix."""
    y = check_1d(y, name)
    if labels is None:
        if y.dtype.kind not in "biuf" or not np.all(np.isin(y, np.arange(n_classes))):
            raise ValueError(
                f"{name} has labels {_short(np.unique(y).tolist())}, but without labels= the rows and "
                f"columns of the {n_classes} x {n_classes} cost matrix are the classes 0 to {n_classes - 1}. "
                "Pass labels=[...] listing the class of each row in order."
            )
        return y.astype(int)
    labels = check_1d(labels, "labels")
    if labels.size != n_classes or np.unique(labels).size != n_classes:
        raise ValueError(
            f"labels must list {n_classes} distinct classes, one per row of cost_matrix, got {_short(labels.tolist())}."
        )
    order = np.argsort(labels)
    position = np.searchsorted(labels[order], y)  # (n,) into the sorted labels
    position = np.clip(position, 0, n_classes - 1)
    unknown = labels[order][position] != y
    if np.any(unknown):
        raise ValueError(
            f"{name} has label(s) {_short(np.unique(y[unknown]).tolist())} that are not in labels "
            f"{_short(labels.tolist())}."
        )
    return order[position]


def expected_cost(y_true, y_pred, cost_matrix, *, labels=None, sample_weight=None, normalize=True):
    r"""The average (or total) cost of decisions, given the cost of each kind of mistake.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Actual classes.
    y_pred : array-like of shape (n_samples,)
        Predicted classes.
    cost_matrix : array-like of shape (n_classes, n_classes)
        ``cost_matrix[k, j]``: the cost of predicting ``j`` when the class is ``k`` (rows =
        actual, columns = predicted, as ``confusion_matrix``).
    labels : array-like of shape (n_classes,), default=None
        The class of each row (and column). ``None``: the classes are 0, 1, ...,
        ``n_classes - 1``.
    sample_weight : array-like of shape (n_samples,), default=None
    normalize : bool, default=True
        ``True``: the cost per sample (weighted mean); ``False``: the total cost.

    Returns
    -------
    cost : float

    Raises
    ------
    ValueError
        If ``cost_matrix`` is not square with finite entries, a label has no row, or the
        lengths differ.

    Notes
    -----
    .. math::

        \text{cost} = \frac{\sum_i s_i\, C[y_i, \hat y_i]}{\sum_i s_i}
        = \frac{1}{n}\sum_{k, j} M_{kj}\, C_{kj} \quad (s_i = 1),

    where :math:`M` is the confusion matrix. For two classes with :math:`C_{TN} = C_{TP} = 0`
    it is :math:`(c_{FN}\,FN + c_{FP}\,FP)/n`. Multiply by 1,000 for the cost per 1,000
    examples.

    Examples
    --------
    >>> expected_cost([0, 0, 1, 1], [0, 1, 0, 1], [[0, 1], [10, 0]])
    2.75
    >>> expected_cost([0, 0, 1, 1], [0, 1, 0, 1], [[0, 1], [10, 0]], normalize=False)
    11.0
    """
    C = _check_cost_matrix(cost_matrix)
    n_classes = C.shape[0]
    check_consistent_length(y_true, y_pred, names=["y_true", "y_pred"])
    actual = _label_indices(y_true, labels, n_classes, "y_true")
    predicted = _label_indices(y_pred, labels, n_classes, "y_pred")
    s = check_sample_weight(sample_weight, actual.size)
    total = float(np.sum(s * C[actual, predicted]))  # sum_i s_i C[y_i, yhat_i]
    if not normalize:
        return total
    if s.sum() == 0:
        raise ValueError("normalize=True divides by the total sample_weight, which is 0. Use normalize=False.")
    return float(total / s.sum())


def cost_threshold(cost_matrix):
    r"""The Bayes-optimal threshold on :math:`P(y = 1 \mid x)` for a 2 x 2 cost matrix.

    Parameters
    ----------
    cost_matrix : array-like of shape (2, 2)
        ``[[C_TN, C_FP], [C_FN, C_TP]]``: rows = actual (0, 1), columns = predicted (0, 1).

    Returns
    -------
    threshold : float
        :math:`\tau^*`; predict positive when :math:`P(y=1 \mid x) \ge \tau^*`.

    Raises
    ------
    ValueError
        If the matrix is not 2 x 2, or it is not "reasonable" (Elkan 2001): a mistake must
        cost more than the correct decision in each row, :math:`C_{FP} > C_{TN}` and
        :math:`C_{FN} > C_{TP}`; otherwise one decision is always best and no threshold is
        needed.

    Notes
    -----
    With :math:`p = P(y = 1 \mid x)`, predicting positive costs
    :math:`(1 - p)\,C_{FP} + p\,C_{TP}` in expectation and predicting negative
    :math:`(1 - p)\,C_{TN} + p\,C_{FN}`. Positive is at least as cheap when

    .. math::

        p \ge \tau^* = \frac{C_{FP} - C_{TN}}{(C_{FP} - C_{TN}) + (C_{FN} - C_{TP})}
        \;=\; \frac{c_{FP}}{c_{FP} + c_{FN}} \text{ when } C_{TN} = C_{TP} = 0 .

    A miss that costs :math:`c` false alarms gives :math:`\tau^* = 1/(1 + c)`. The
    threshold is optimal only if :math:`p` is a calibrated probability. Adding a constant
    to a row, or multiplying the matrix by a positive number, leaves :math:`\tau^*` unchanged.

    References
    ----------
    Elkan, C. (2001). The Foundations of Cost-Sensitive Learning. *Proceedings of the 17th
    International Joint Conference on Artificial Intelligence (IJCAI)*, 973-978.

    Examples
    --------
    >>> cost_threshold([[0, 1], [19, 0]])
    0.05
    >>> cost_threshold([[0, 1], [1, 0]])
    0.5
    """
    C = _check_cost_matrix(cost_matrix, binary=True)
    false_alarm = C[0, 1] - C[0, 0]  # extra cost of flagging a negative
    miss = C[1, 0] - C[1, 1]  # extra cost of passing a positive
    if false_alarm <= 0 or miss <= 0:
        raise ValueError(
            f"cost_matrix {_short(C.tolist())} is not reasonable: a mistake must cost more than the "
            f"correct decision in each row (C[0, 1] > C[0, 0] and C[1, 0] > C[1, 1]). Here "
            f"{'flagging a negative' if false_alarm <= 0 else 'missing a positive'} costs nothing extra, "
            "so one decision is always best. Check the layout: rows = actual, columns = predicted."
        )
    return float(false_alarm / (false_alarm + miss))


def min_expected_cost_predict(y_proba, cost_matrix):
    r"""Predict, for each example, the class of minimum expected cost.

    Parameters
    ----------
    y_proba : array-like of shape (n_samples, n_classes), or (n_samples,) for two classes
        Calibrated probabilities :math:`P(k \mid x)`; rows sum to 1. A 1-D array is
        :math:`P(y = 1 \mid x)` of a binary problem.
    cost_matrix : array-like of shape (n_classes, n_classes)
        Rows = actual, columns = predicted.

    Returns
    -------
    y_pred : ndarray of int, shape (n_samples,)
        Column index of the chosen class (the label itself for classes 0, 1, ...).

    Raises
    ------
    ValueError
        If probabilities are outside [0, 1], rows do not sum to 1 (to 1e-6), or the shapes
        disagree.

    Notes
    -----
    .. math::

        \hat y(x) = \arg\min_j R(j \mid x), \qquad R(j \mid x) = \sum_k P(k \mid x)\, C[k, j],

    Elkan's (2001) conditional risk. For two classes it predicts positive exactly when
    :math:`P(y=1 \mid x) \ge \tau^*` of :func:`cost_threshold`. Ties (equal risks) go to the
    class with the **larger index**, so that the binary case matches the book's rule
    "positive when :math:`s \ge \tau`".

    Examples
    --------
    >>> min_expected_cost_predict([0.01, 0.06, 0.5], [[0, 1], [19, 0]]).tolist()
    [0, 1, 1]
    >>> P = [[0.9, 0.08, 0.02], [0.3, 0.68, 0.02], [0.6, 0.35, 0.05]]
    >>> C = [[0, 1, 1], [5, 0, 1], [20, 20, 0]]
    >>> min_expected_cost_predict(P, C).tolist()
    [0, 1, 2]
    """
    C = _check_cost_matrix(cost_matrix)
    P = np.asarray(y_proba, dtype=float) if not isinstance(y_proba, np.ndarray) else y_proba.astype(float)
    if P.ndim == 1:
        p = check_scores(P, "y_proba")
        P = np.column_stack([1.0 - p, p])
    P = check_array(P, "y_proba")
    if P.shape[1] != C.shape[0]:
        raise ValueError(
            f"y_proba has {P.shape[1]} columns but cost_matrix has {C.shape[0]} classes. "
            "Pass one probability column per row of the cost matrix, in the same order."
        )
    if P.min() < 0 or P.max() > 1 or np.any(np.abs(P.sum(axis=1) - 1.0) > 1e-6):
        raise ValueError(
            "y_proba must hold probabilities in [0, 1] whose rows sum to 1 (predict_proba's output); "
            f"got values from {float(P.min())!r} to {float(P.max())!r} and row sums from "
            f"{float(P.sum(axis=1).min())!r} to {float(P.sum(axis=1).max())!r}."
        )
    risk = P @ C  # (n, K): risk[i, j] = sum_k P(k | x_i) C[k, j]
    last_best = risk.shape[1] - 1 - np.argmin(risk[:, ::-1], axis=1)  # ties to the larger index
    return last_best.astype(int)


def tune_threshold(y_true, y_score, cost_matrix, *, sample_weight=None):
    r"""The threshold on a score that minimises the cost on validation data.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels 0 and 1 of **validation** data (never the test set).
    y_score : array-like of shape (n_samples,)
        Scores, higher = more positive; predict positive when ``y_score >= threshold``.
    cost_matrix : array-like of shape (2, 2)
        Rows = actual, columns = predicted.
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    result : Bunch
        ``threshold`` (float) and ``cost`` (its cost per sample), and the whole curve:
        ``thresholds`` (decreasing: every distinct score, then ``inf`` meaning "flag nothing"
        at the front) and ``costs``.

    Raises
    ------
    ValueError
        If a label is not 0 or 1, a score is not finite, or the matrix is not 2 x 2.

    Notes
    -----
    Only the distinct scores matter: any threshold in :math:`(s_{(k+1)}, s_{(k)}]` between
    two neighbouring sorted scores gives the same decisions. Sorting the scores in decreasing
    order, the counts at every candidate come from cumulative sums (as in ``roc_curve``), in
    :math:`O(n \log n)`. The threshold returned is the candidate of least cost; among equal
    costs, the **largest** one (fewest alarms). Unlike :func:`cost_threshold`, it needs no
    calibration (it works on any score), but it fits the validation data: its cost there is
    optimistic, so measure the cost on a separate test set.

    Examples
    --------
    >>> result = tune_threshold([0, 0, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.9], [[0, 1], [5, 0]])
    >>> result.threshold, result.cost
    (0.35, 0.4)
    """
    C = _check_cost_matrix(cost_matrix, binary=True)
    y = check_1d(y_true, "y_true")
    s = check_scores(y_score, "y_score").astype(float)
    check_consistent_length(y, s, names=["y_true", "y_score"])
    if y.dtype.kind not in "biuf" or not np.all((y == 0) | (y == 1)):
        raise ValueError(f"y_true must hold the labels 0 and 1, got {_short(np.unique(y).tolist())}.")
    w = check_sample_weight(sample_weight, y.size)
    order = np.argsort(-s, kind="mergesort")  # decreasing scores
    s_sorted, y_sorted, w_sorted = s[order], y[order].astype(float), w[order]
    last_of_tie = np.r_[np.flatnonzero(np.diff(s_sorted)), s_sorted.size - 1]  # end of each distinct score
    tp = np.r_[0.0, np.cumsum(w_sorted * y_sorted)[last_of_tie]]  # flagged positives at each candidate
    fp = np.r_[0.0, np.cumsum(w_sorted * (1 - y_sorted))[last_of_tie]]  # flagged negatives
    fn, tn = tp[-1] - tp, fp[-1] - fp
    costs = (tn * C[0, 0] + fp * C[0, 1] + fn * C[1, 0] + tp * C[1, 1]) / w.sum()
    thresholds = np.r_[np.inf, s_sorted[last_of_tie]]
    best = int(np.argmin(costs))  # the first minimum: the largest threshold
    return Bunch(threshold=float(thresholds[best]), cost=float(costs[best]), thresholds=thresholds, costs=costs)
