r"""ROC and precision-recall curves from sorted scores, and the trapezoidal area under a curve.

Both curves come from the same two counts. Sort the scores; every distinct score
:math:`\tau` is a threshold (predict positive when :math:`s \ge \tau`); at each
threshold count the positives and the negatives at or above it:

.. math:: TP(\tau) = \sum_{n:\ s_n \ge \tau} w_n [y_n = 1], \qquad
          FP(\tau) = \sum_{n:\ s_n \ge \tau} w_n [y_n = 0].

The ROC curve plots :math:`\text{TPR} = TP/P` against :math:`\text{FPR} = FP/N`; the
precision-recall curve plots :math:`\text{PPV} = TP/(TP + FP)` against
:math:`\text{TPR}`.
"""

import warnings

import numpy as np

from negedu._validation import _short, check_1d, check_consistent_length
from negedu.metrics._common import UndefinedMetricWarning, _check_binary_scores, _check_flag, _drop_zero_weights

__all__ = ["roc_curve", "precision_recall_curve", "auc"]


# ---------------------------------------------------------------------------------------
# The kernel: TP and FP at every distinct threshold
# ---------------------------------------------------------------------------------------


def _stable_descending_order(y_score):
    """Indices sorting ``y_score`` from high to low, equal scores kept in input order."""
    n = y_score.shape[0]
    return n - 1 - np.argsort(y_score[::-1], kind="stable")[::-1]


def _binary_counts_at_thresholds(positive, y_score, sample_weight=None):
    r"""FP and TP at each distinct score, from the highest threshold to the lowest.

    Parameters
    ----------
    positive : ndarray of bool, shape (n,)
        ``y == 1``.
    y_score : ndarray of shape (n,)
        Finite scores, higher meaning more positive.
    sample_weight : ndarray of shape (n,) or None
        Positive weights (zero weights already removed), or ``None`` for unit weights.

    Returns
    -------
    fps, tps : ndarray of float64, shape (m,)
        :math:`FP(\tau_k)` and :math:`TP(\tau_k)`, non-decreasing.
    thresholds : ndarray of shape (m,)
        The distinct scores :math:`\tau_1 > \tau_2 > \dots > \tau_m`, in the dtype of
        ``y_score``.

    Notes
    -----
    Everything follows from one sort. Without weights: sort the score values, mark
    where a new value starts (the thresholds), put each positive on its threshold
    with a binary search, and accumulate from the top, so that :math:`TP(\tau_k)` is
    the number of positives scoring at least :math:`\tau_k`; :math:`FP(\tau_k)` is the
    number of scores at least :math:`\tau_k` minus :math:`TP(\tau_k)`. With weights:
    order the samples by decreasing score and take running sums of the positives' and
    the negatives' weights, read at the last sample of each run of tied scores. Either
    way O(n log n) time and a few arrays of length n.
    """
    if sample_weight is None:
        # Unit weights: the counts are whole numbers, so the order of equal scores does not
        # matter and a plain sort of the values (far cheaper than an argsort) is enough.
        ascending = np.sort(y_score)
        new_value = np.concatenate(([True], ascending[1:] != ascending[:-1]))
        first = np.flatnonzero(new_value)  # first position of each distinct score
        thresholds = ascending[first]  # the distinct scores, increasing
        del ascending, new_value
        # each positive sits at exactly one threshold: count the positives there, then
        # accumulate from the highest threshold down
        positives_at = np.bincount(np.searchsorted(thresholds, y_score[positive]), minlength=thresholds.size)
        tps = np.cumsum(positives_at[::-1], dtype=np.float64)
        del positives_at
        # all samples at or above threshold k: n - first[k]; the negatives are the rest
        fps = np.subtract(y_score.shape[0], first[::-1], dtype=np.float64)
        fps -= tps
        return fps, tps, thresholds[::-1]

    # Weights: sums of floats depend on their order, so add them in a stable descending
    # order of the scores (ties in input order), the order scikit-learn uses.
    order = _stable_descending_order(y_score)
    score_sorted = y_score[order]
    positive_sorted = positive[order]
    weight_sorted = sample_weight[order]
    last = np.flatnonzero(score_sorted[1:] != score_sorted[:-1])  # last position of each run of ties
    last = np.concatenate((last, [score_sorted.shape[0] - 1]))
    tps = np.cumsum(np.where(positive_sorted, weight_sorted, 0.0))[last]
    fps = np.cumsum(np.where(positive_sorted, 0.0, weight_sorted))[last]
    return fps, tps, score_sorted[last]


def _weighted_counts_at_thresholds(positive, y_score, sample_weight):
    """:func:`_binary_counts_at_thresholds` after removing the samples of weight 0."""
    positive, y_score, sample_weight = _drop_zero_weights(positive, y_score, sample_weight)
    return _binary_counts_at_thresholds(positive, y_score, sample_weight)


# ---------------------------------------------------------------------------------------
# The curves
# ---------------------------------------------------------------------------------------


def _roc_from_counts(fps, tps, thresholds, drop_intermediate):
    """FPR, TPR and thresholds (with the (0, 0) start added) from cumulative counts.

    TPR = TP / P and FPR = FP / N, where P and N are the last (largest) counts. Without
    a positive (or negative) the rate is 0/0: NaN everywhere, with a warning.
    """
    if drop_intermediate and fps.shape[0] > 2:
        # keep a point only where the curve turns: the step before it differs from the
        # step after it, i.e. a non-zero second difference of FP or of TP
        corner = np.diff(fps, 2) != 0
        corner |= np.diff(tps, 2) != 0
        kept = np.flatnonzero(np.concatenate(([True], corner, [True])))
        fps, tps, thresholds = fps[kept], tps[kept], thresholds[kept]
    fps = np.concatenate(([0.0], fps))
    tps = np.concatenate(([0.0], tps))
    thresholds = np.concatenate(([np.inf], thresholds.astype(np.float64)))
    fpr = _rate(fps, "No negative samples in y_true, false positive value should be meaningless")
    tpr = _rate(tps, "No positive samples in y_true, true positive value should be meaningless")
    return fpr, tpr, thresholds


def _rate(counts, undefined_warning):
    """``counts / counts[-1]``; NaN everywhere, with the warning, when the total is 0."""
    if counts[-1] <= 0:
        warnings.warn(undefined_warning, UndefinedMetricWarning, stacklevel=4)
        return np.full(counts.shape, np.nan)
    return counts / counts[-1]


def roc_curve(y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=True):
    r"""Receiver operating characteristic: TPR against FPR for every threshold.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels: {0, 1} or {-1, 1}, or any two labels with ``pos_label``. With more
        labels, ``pos_label`` is scored against all the others.
    y_score : array-like of shape (n_samples,)
        Scores, higher meaning more positive: probabilities, decision values, ...
    pos_label : int, float, bool or str, default=None
        The positive class; ``None`` means 1.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample. Samples of weight 0 are removed first, so
        their scores are not thresholds.
    drop_intermediate : bool, default=True
        Drop thresholds where the curve does not turn: the step in (FP, TP) before the
        point equals the step after it, so the point lies inside a straight segment
        (with distinct scores, inside a horizontal or vertical run). The area under
        the curve does not change.

    Returns
    -------
    fpr : ndarray of shape (n_thresholds,)
        False positive rates, non-decreasing, from 0 to 1.
    tpr : ndarray of shape (n_thresholds,)
        True positive rates, non-decreasing, from 0 to 1.
    thresholds : ndarray of float64, shape (n_thresholds,)
        Decreasing: ``thresholds[0]`` is ``np.inf`` (nothing predicted positive), then
        each distinct score kept.

    Raises
    ------
    ValueError
        If the vectors differ in length or are empty, ``y_score`` holds NaN or
        infinity or is 2-D, ``y_true`` is continuous, ``pos_label`` is ``None`` for
        labels other than {0, 1} / {-1, 1}, ``pos_label`` is not one of two or more
        labels present, or a weight is negative (or every weight is 0).
    TypeError
        If ``drop_intermediate`` is not a bool.

    See Also
    --------
    roc_auc_score : the area under this curve.
    precision_recall_curve : the curve that shows the positives' side under imbalance.

    Notes
    -----
    With distinct scores :math:`\tau_1 > \dots > \tau_m`, :math:`P = TP(\tau_m)` and
    :math:`N = FP(\tau_m)`,

    .. math:: \text{TPR}(\tau) = \frac{TP(\tau)}{P}, \qquad
              \text{FPR}(\tau) = \frac{FP(\tau)}{N},

    plus the start :math:`(0, 0)` at :math:`\tau = \infty`. Tied scores form one
    threshold, so a tie of positives and negatives makes a diagonal step.

    Computing it takes one sort. Without weights the counts are whole numbers, so
    negedu sorts the *values* (``np.sort``, several times faster than an argsort),
    finds the distinct thresholds with ``np.flatnonzero`` on neighbouring differences,
    places each positive at its threshold with ``np.searchsorted`` and accumulates
    with ``np.cumsum``. With weights it takes a stable argsort of the decreasing
    scores, so that the weights are added in scikit-learn's order and the curves
    agree bit for bit.

    Without negatives (or positives) FPR (or TPR) is 0/0 everywhere: it is NaN, with
    scikit-learn's ``UndefinedMetricWarning`` "No negative samples in y_true, false
    positive value should be meaningless" (or "No positive samples ...").

    **Differences from scikit-learn.** A ``pos_label`` that is not among two or more
    labels of ``y_true`` is an error (scikit-learn treats every sample as negative
    and returns a NaN TPR with a warning); negative weights and all-zero weights are
    errors.

    References
    ----------
    .. [1] T. Fawcett (2006). An introduction to ROC analysis. *Pattern Recognition
       Letters* 27(8), 861-874 (Algorithm 1: the curve from sorted scores).
    .. [2] J. A. Hanley, B. J. McNeil (1982). The meaning and use of the area under a
       receiver operating characteristic (ROC) curve. *Radiology* 143(1), 29-36.

    Examples
    --------
    >>> from negedu.metrics import roc_curve
    >>> fpr, tpr, thresholds = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fpr.tolist(), tpr.tolist(), thresholds.tolist()
    ([0.0, 0.0, 0.5, 0.5, 1.0], [0.0, 0.5, 0.5, 1.0, 1.0], [inf, 0.8, 0.4, 0.35, 0.1])
    """
    drop_intermediate = _check_flag(drop_intermediate, "drop_intermediate")
    positive, y_score, sample_weight = _check_binary_scores(y_true, y_score, pos_label, sample_weight)
    fps, tps, thresholds = _weighted_counts_at_thresholds(positive, y_score, sample_weight)
    return _roc_from_counts(fps, tps, thresholds, drop_intermediate)


def _precision_recall_from_counts(fps, tps, thresholds, drop_intermediate):
    """Precision, recall and thresholds (recall decreasing, ending at (1, 0))."""
    if drop_intermediate and fps.shape[0] > 2:
        # keep the first and last point of each run of equal TP (same recall)
        step = np.diff(tps) != 0
        changes = step[:-1] | step[1:]
        kept = np.flatnonzero(np.concatenate(([True], changes, [True])))
        fps, tps, thresholds = fps[kept], tps[kept], thresholds[kept]
    predicted = tps + fps
    precision = np.divide(tps, predicted, out=np.zeros_like(tps), where=predicted != 0)
    del predicted
    if tps[-1] == 0:
        warnings.warn(
            "No positive class found in y_true, recall is set to one for all thresholds.",
            UserWarning,
            stacklevel=3,
        )
        recall = np.ones(tps.shape)
    else:
        recall = tps / tps[-1]
    return (
        np.concatenate((precision[::-1], [1.0])),
        np.concatenate((recall[::-1], [0.0])),
        thresholds[::-1],
    )


def precision_recall_curve(y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=False):
    r"""Precision (PPV) against recall (TPR) for every threshold.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels: {0, 1} or {-1, 1}, or any labels with ``pos_label``.
    y_score : array-like of shape (n_samples,)
        Scores, higher meaning more positive.
    pos_label : int, float, bool or str, default=None
        The positive class; ``None`` means 1.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample; samples of weight 0 are removed first.
    drop_intermediate : bool, default=False
        Keep only the first and last threshold of each run of equal recall (the rest
        lie on a vertical segment of the plot).

    Returns
    -------
    precision : ndarray of shape (n_thresholds + 1,)
        ``precision[i]`` is the precision at ``thresholds[i]``; the last entry is 1.
    recall : ndarray of shape (n_thresholds + 1,)
        Decreasing; the last entry is 0.
    thresholds : ndarray of shape (n_thresholds,)
        Increasing distinct scores, in the dtype of ``y_score``.

    Raises
    ------
    ValueError
        As :func:`roc_curve`.
    TypeError
        If ``drop_intermediate`` is not a bool.

    See Also
    --------
    average_precision_score : the step-wise area under this curve.

    Notes
    -----
    At each distinct score :math:`\tau`,

    .. math:: \text{PPV}(\tau) = \frac{TP(\tau)}{TP(\tau) + FP(\tau)}, \qquad
              \text{TPR}(\tau) = \frac{TP(\tau)}{P}.

    The arrays run from the lowest threshold (recall 1) to the highest, then the
    conventional end point (recall 0, precision 1) with no threshold. Under imbalance
    this curve shows what the ROC curve hides: a small FPR times many negatives can
    still be many false positives, which pulls precision down (Davis & Goadrich; Saito
    & Rehmsmeier). The same sorted counts give both curves; see :func:`roc_curve`.

    Without positives recall is 0/0: it is set to 1 with scikit-learn's
    ``UserWarning`` "No positive class found in y_true, recall is set to one for all
    thresholds."

    **Differences from scikit-learn.** Those of :func:`roc_curve` (absent
    ``pos_label``, negative or all-zero weights).

    References
    ----------
    .. [1] J. Davis, M. Goadrich (2006). The relationship between precision-recall and
       ROC curves. *Proc. 23rd International Conference on Machine Learning (ICML)*,
       233-240.
    .. [2] T. Saito, M. Rehmsmeier (2015). The precision-recall plot is more
       informative than the ROC plot when evaluating binary classifiers on imbalanced
       datasets. *PLoS ONE* 10(3), e0118432.

    Examples
    --------
    >>> from negedu.metrics import precision_recall_curve
    >>> precision, recall, thresholds = precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> precision.round(3).tolist(), recall.tolist(), thresholds.tolist()
    ([0.5, 0.667, 0.5, 1.0, 1.0], [1.0, 1.0, 0.5, 0.5, 0.0], [0.1, 0.35, 0.4, 0.8])
    """
    drop_intermediate = _check_flag(drop_intermediate, "drop_intermediate")
    positive, y_score, sample_weight = _check_binary_scores(y_true, y_score, pos_label, sample_weight)
    fps, tps, thresholds = _weighted_counts_at_thresholds(positive, y_score, sample_weight)
    return _precision_recall_from_counts(fps, tps, thresholds, drop_intermediate)


def _trapezoid(x, y):
    """Trapezoidal rule: the sum of (x[i+1] - x[i]) * (y[i+1] + y[i]) / 2."""
    return np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2.0)


def auc(x, y):
    r"""Area under a curve given by points, with the trapezoidal rule.

    Parameters
    ----------
    x : array-like of shape (n_points,)
        x coordinates, either non-decreasing or non-increasing.
    y : array-like of shape (n_points,)
        y coordinates.

    Returns
    -------
    area : float

    Raises
    ------
    ValueError
        If ``x`` and ``y`` differ in length, have fewer than 2 points, contain NaN or
        infinity, or ``x`` goes both up and down.

    See Also
    --------
    roc_auc_score : the area under the ROC curve, straight from labels and scores.
    average_precision_score : the right summary of a precision-recall curve.

    Notes
    -----
    .. math:: A = \sum_{i=1}^{n-1} (x_{i+1} - x_i)\,\frac{y_{i+1} + y_i}{2},

    with the sign flipped when ``x`` decreases, so the area is positive for a positive
    ``y`` either way. For a ROC curve linear interpolation between points is right
    (any point on the segment is reachable by randomising between two thresholds).
    For a precision-recall curve it is not: precision does not vary linearly between
    two points, and the trapezoid overestimates the area (Davis & Goadrich), hence
    :func:`average_precision_score`.

    **Differences from scikit-learn.** NaN or infinite coordinates are an error
    (scikit-learn returns NaN).

    References
    ----------
    .. [1] J. Davis, M. Goadrich (2006). The relationship between precision-recall and
       ROC curves. *Proc. 23rd International Conference on Machine Learning (ICML)*,
       233-240.

    Examples
    --------
    >>> from negedu.metrics import auc
    >>> auc([0.0, 0.5, 1.0], [0.0, 1.0, 1.0])
    0.75
    """
    x = check_1d(x, "x", allow_nonfinite=False)
    y = check_1d(y, "y", allow_nonfinite=False)
    check_consistent_length(x, y, names=["x", "y"])
    for name, values in (("x", x), ("y", y)):
        if values.dtype.kind not in "biuf":
            raise ValueError(f"{name} must contain numbers, got dtype {values.dtype}.")
    if x.shape[0] < 2:
        raise ValueError(
            f"auc needs at least 2 points to compute an area, got {x.shape[0]}. "
            "Pass the whole curve, for example fpr and tpr from roc_curve."
        )
    dx = np.diff(x)
    direction = 1
    if np.any(dx < 0):
        if not np.all(dx <= 0):
            raise ValueError(
                f"x is neither increasing nor decreasing ({_short(x.tolist())}). Sort the "
                "points along the curve first."
            )
        direction = -1
    return float(direction * _trapezoid(x, y))
