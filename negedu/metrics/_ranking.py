r"""Areas under the ROC and precision-recall curves: ROC AUC (binary, one-vs-rest, one-vs-one) and AP."""

from itertools import combinations
import numbers
import warnings

import numpy as np

from negedu._validation import _short, check_array, check_consistent_length
from negedu.metrics._common import (
    UndefinedMetricWarning,
    _check_average,
    _check_labels_and_weights,
    _check_scores_of,
    _plain,
    _positive_mask,
    _unique_values,
)
from negedu.metrics._curves import (
    _precision_recall_from_counts,
    _roc_from_counts,
    _trapezoid,
    _weighted_counts_at_thresholds,
)

__all__ = ["roc_auc_score", "average_precision_score"]


# ---------------------------------------------------------------------------------------
# Binary kernels (inputs already checked)
# ---------------------------------------------------------------------------------------


def _binary_roc_auc(positive, y_score, sample_weight=None, max_fpr=None):
    """Area under the ROC curve of one binary problem; NaN (with a warning) if one class only."""
    if positive.all() or not positive.any():
        warnings.warn(
            "Only one class is present in y_true. ROC AUC score is not defined in that case.",
            UndefinedMetricWarning,
            stacklevel=3,
        )
        return np.nan
    fps, tps, thresholds = _weighted_counts_at_thresholds(positive, y_score, sample_weight)
    fpr, tpr, _ = _roc_from_counts(fps, tps, thresholds, drop_intermediate=True)
    if max_fpr is None or max_fpr == 1 or np.isnan(fpr[-1]):
        return _trapezoid(fpr, tpr)  # (NaN, warned about, when every negative has weight 0)
    # cut the curve at FPR = max_fpr, adding the point on the segment that crosses it
    stop = np.searchsorted(fpr, max_fpr, "right")
    tpr_cut = np.interp(max_fpr, [fpr[stop - 1], fpr[stop]], [tpr[stop - 1], tpr[stop]])
    partial_auc = _trapezoid(np.append(fpr[:stop], max_fpr), np.append(tpr[:stop], tpr_cut))
    # McClish correction: 0.5 for a random ranking, 1 for a perfect one
    min_area = 0.5 * max_fpr**2
    max_area = max_fpr
    return 0.5 * (1 + (partial_auc - min_area) / (max_area - min_area))


def _binary_average_precision(positive, y_score, sample_weight=None):
    """AP of one binary problem: sum over thresholds of (R_n - R_{n-1}) P_n."""
    fps, tps, thresholds = _weighted_counts_at_thresholds(positive, y_score, sample_weight)
    precision, recall, _ = _precision_recall_from_counts(fps, tps, thresholds, drop_intermediate=False)
    # recall decreases along the arrays, so -diff(recall) = R_n - R_{n-1} >= 0
    return max(0.0, float(-np.sum(np.diff(recall) * precision[:-1])))


def _average_over_columns(binary_metric, Y, S, average, sample_weight):
    """Apply a binary metric to each column of indicator ``Y`` and scores ``S``, then average.

    ``"micro"`` stacks all columns into one binary problem; ``"macro"`` is the plain
    mean; ``"weighted"`` weights each column by its (weighted) number of positives;
    ``"samples"`` applies the metric to each row and averages with ``sample_weight``.
    """
    if average == "micro":
        weight = None if sample_weight is None else np.repeat(sample_weight, Y.shape[1])
        return float(binary_metric(Y.ravel(), S.ravel(), weight))
    if average == "samples":
        scores = np.array([binary_metric(Y[i], S[i], None) for i in range(Y.shape[0])])
        return float(np.average(scores, weights=sample_weight))

    scores = np.array([binary_metric(Y[:, c], S[:, c], sample_weight) for c in range(Y.shape[1])])
    if average is None:
        return scores
    if average == "weighted":
        weights = Y.sum(axis=0) if sample_weight is None else (Y * sample_weight[:, None]).sum(axis=0)
        if np.isclose(weights.sum(), 0):
            return 0.0
        scores[weights == 0] = 0  # a column without positives must not turn the mean into NaN
        return float(np.average(scores, weights=weights))
    return float(np.mean(scores))


# ---------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------


def _check_score_matrix(y_score, n_samples, n_classes, function):
    """Return scores of shape (n_samples, n_classes), finite."""
    y_score = np.asarray(y_score)
    if y_score.ndim != 2:
        raise ValueError(
            f"y_true has {n_classes} classes, so {function} needs y_score of shape "
            f"(n_samples, n_classes), one column per class in sorted label order; got shape "
            f"{y_score.shape}. Pass predict_proba(X)."
        )
    y_score = check_array(y_score, "y_score")
    check_consistent_length(np.empty(n_samples), y_score, names=["y_true", "y_score"])
    return y_score


def _check_max_fpr(max_fpr):
    if max_fpr is None:
        return None
    if isinstance(max_fpr, bool) or not isinstance(max_fpr, numbers.Real) or not 0 < max_fpr <= 1:
        raise ValueError(
            f"max_fpr must be a number in (0, 1] (the largest false positive rate kept) or None; "
            f"got {_short(max_fpr)}."
        )
    return float(max_fpr)


def _check_multiclass_labels(labels, y_true, n_columns):
    """The classes that label the columns of y_score: ``labels``, or those of ``y_true``."""
    if labels is None:
        classes = _unique_values(y_true)
        if classes.size != n_columns:
            raise ValueError(
                f"y_true has {classes.size} classes {_short(classes.tolist())} but y_score has "
                f"{n_columns} columns. Pass labels=[...] listing the class of every column."
            )
        return classes
    labels = np.asarray(labels)
    if labels.ndim != 1 or np.unique(labels).size != labels.size:
        raise ValueError(f"labels={_short(labels.tolist())} must be a 1-D list of distinct classes.")
    if not np.array_equal(np.sort(labels), labels):
        raise ValueError(
            f"labels={_short(labels.tolist())} must be sorted, because the columns of y_score "
            f"follow the sorted order of the classes. Use labels={_short(np.sort(labels).tolist())}."
        )
    if labels.size != n_columns:
        raise ValueError(f"labels has {labels.size} classes but y_score has {n_columns} columns; give one per column.")
    unknown = np.setdiff1d(y_true, labels)
    if unknown.size:
        raise ValueError(
            f"y_true contains {_short(unknown.tolist())}, which labels={_short(labels.tolist())} "
            "does not list. Add them to labels."
        )
    return labels


# ---------------------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------------------


def roc_auc_score(y_true, y_score, *, average="macro", sample_weight=None, max_fpr=None, multi_class="raise", labels=None):
    r"""Area under the ROC curve: the probability that a positive outranks a negative.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels. Binary: the larger label is the positive class (1 of {0, 1},
        ``"yes"`` of {``"no"``, ``"yes"``}). Multiclass: any labels.
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Binary: the score of the positive class. Multiclass: probabilities, one
        column per class in sorted label order, each row summing to 1
        (``predict_proba(X)``).
    average : {"macro", "weighted", "micro", None}, default="macro"
        Multiclass only. ``"macro"``: plain mean of the per-class (or per-pair) AUCs;
        ``"weighted"``: weighted by prevalence; ``"micro"`` (``"ovr"`` only): one AUC of
        all columns stacked; ``None`` (``"ovr"`` only): the per-class AUCs.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample (not with ``multi_class="ovo"``).
    max_fpr : float in (0, 1], default=None
        Binary only: the standardised partial AUC over :math:`\text{FPR} \le`
        ``max_fpr``.
    multi_class : {"raise", "ovr", "ovo"}, default="raise"
        Multiclass only: one-vs-rest or one-vs-one. ``"raise"`` makes you choose.
    labels : array-like of shape (n_classes,), default=None
        Multiclass only: the sorted classes of the columns of ``y_score`` (needed when
        some class is absent from ``y_true``).

    Returns
    -------
    auc : float or ndarray of shape (n_classes,)
        NaN, with an ``UndefinedMetricWarning``, when ``y_true`` holds a single class.

    Raises
    ------
    ValueError
        For bad labels, scores or weights (lengths, NaN or infinity, shape), an unknown
        ``average`` or ``multi_class``, ``max_fpr`` outside (0, 1], multiclass data with
        ``multi_class="raise"`` or with ``max_fpr``, multiclass scores outside [0, 1]
        or with rows not summing to 1, or bad ``labels``.

    See Also
    --------
    roc_curve : the curve itself.
    average_precision_score : the summary to prefer when positives are rare.

    Notes
    -----
    The area under the ROC curve (trapezoids between the kept points of
    :func:`roc_curve`) equals the Mann-Whitney statistic

    .. math:: \text{AUC} = \frac{1}{P\,N} \sum_{i:\,y_i = 1} \sum_{j:\,y_j = 0}
              \Bigl([s_i > s_j] + \tfrac12 [s_i = s_j]\Bigr),

    the chance that a random positive scores above a random negative, ties counting
    one half. It does not depend on the class ratio, which is its strength (it compares
    rankings across data sets) and, under heavy imbalance, its weakness: an FPR of
    1 % barely moves the AUC but can mean more false positives than there are
    positives.

    With ``max_fpr`` the area up to :math:`\text{FPR} = ` ``max_fpr`` (the curve cut
    by linear interpolation) is rescaled with McClish's correction,
    :math:`\frac12\bigl(1 + \frac{A - A_\min}{A_\max - A_\min}\bigr)` with
    :math:`A_\min = \text{max\_fpr}^2/2` and :math:`A_\max = \text{max\_fpr}`, so that
    0.5 is random and 1 perfect.

    Multiclass, one-vs-rest: class :math:`k` against the rest, scored by column
    :math:`k`; ``"weighted"`` weights class :math:`k` by its number of samples
    (Provost & Domingos). One-vs-one (Hand & Till): for every pair of classes
    :math:`(a, b)` present in ``y_true``, keep the samples of :math:`a` and
    :math:`b`, and average the AUC of :math:`a` scored by column :math:`a` and the AUC
    of :math:`b` scored by column :math:`b`; then average over pairs (``"weighted"``:
    by the pair's share of the samples).

    **Differences from scikit-learn.** Multiclass scores outside [0, 1] are an error
    even when the rows sum to 1 (scikit-learn checks only the sums); ``average=None``
    with ``"ovo"`` is a ``ValueError`` (scikit-learn raises ``NotImplementedError``);
    negative weights are an error.

    References
    ----------
    .. [1] J. A. Hanley, B. J. McNeil (1982). The meaning and use of the area under a
       receiver operating characteristic (ROC) curve. *Radiology* 143(1), 29-36.
    .. [2] T. Fawcett (2006). An introduction to ROC analysis. *Pattern Recognition
       Letters* 27(8), 861-874.
    .. [3] D. K. McClish (1989). Analyzing a portion of the ROC curve. *Medical
       Decision Making* 9(3), 190-195.
    .. [4] D. J. Hand, R. J. Till (2001). A simple generalisation of the area under the
       ROC curve for multiple class classification problems. *Machine Learning* 45(2),
       171-186.
    .. [5] F. Provost, P. Domingos (2000). Well-trained PETs: improving probability
       estimation trees. CeDER Working Paper IS-00-04, New York University.

    Examples
    --------
    >>> from negedu.metrics import roc_auc_score
    >>> roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])   # 3 of 4 pairs in order
    0.75
    >>> y = [0, 1, 2, 2]
    >>> proba = [[0.7, 0.2, 0.1], [0.3, 0.5, 0.2], [0.2, 0.2, 0.6], [0.1, 0.4, 0.5]]
    >>> roc_auc_score(y, proba, multi_class="ovr")
    1.0
    """
    _check_average(average, ("micro", "macro", "weighted", None))
    if not isinstance(multi_class, str) or multi_class not in ("raise", "ovr", "ovo"):
        raise ValueError(f"multi_class must be 'raise', 'ovr' or 'ovo'; got {_short(multi_class)}.")
    max_fpr = _check_max_fpr(max_fpr)
    y_true, sample_weight = _check_labels_and_weights(y_true, sample_weight)
    classes = _unique_values(y_true)
    y_score_array = np.asarray(y_score)
    multiclass = classes.size > 2 or (y_score_array.ndim == 2 and y_score_array.shape[1] > 2)

    if not multiclass:
        y_score = _check_scores_of(y_true, y_score)
        positive = y_true == classes[-1]  # the larger label is the positive class
        return float(_binary_roc_auc(positive, y_score, sample_weight, max_fpr))

    if max_fpr is not None and max_fpr != 1:
        raise ValueError(
            f"max_fpr={max_fpr!r} (partial AUC) is defined for binary problems only; y_true "
            f"has {classes.size} classes. Use max_fpr=None."
        )
    if multi_class == "raise":
        raise ValueError(
            f"y_true has {classes.size} classes {_short(classes.tolist())}; choose how to "
            "reduce them to binary problems: multi_class='ovr' (one-vs-rest) or 'ovo' "
            "(one-vs-one)."
        )
    y_score = _check_score_matrix(y_score, y_true.shape[0], classes.size, "roc_auc_score")
    if y_score.min() < 0 or y_score.max() > 1 or not np.allclose(1, y_score.sum(axis=1)):
        raise ValueError(
            "Multiclass roc_auc_score needs probabilities: every entry of y_score in [0, 1] "
            "and every row summing to 1. Pass predict_proba(X), or normalise your scores "
            "(for example with a softmax)."
        )
    options = ("micro", "macro", "weighted", None) if multi_class == "ovr" else ("macro", "weighted")
    if average not in options:
        listed = ", ".join(repr(o) for o in options)
        raise ValueError(f"average must be one of {listed} with multi_class={multi_class!r}; got {average!r}.")
    classes = _check_multiclass_labels(labels, y_true, y_score.shape[1])

    if multi_class == "ovr":
        Y = y_true[:, None] == classes[None, :]  # (n, k) one-vs-rest indicators
        return _average_over_columns(
            lambda yt, ys, w: _binary_roc_auc(yt, ys, w), Y, y_score, average, sample_weight
        )

    if sample_weight is not None:
        raise ValueError(
            "sample_weight is not supported with multi_class='ovo'; use multi_class='ovr' "
            "or drop the weights."
        )
    code = np.searchsorted(classes, y_true)  # column of each sample's class
    pair_scores, prevalence = [], []
    for a, b in combinations(np.unique(code), 2):
        is_a, is_b = code == a, code == b
        in_pair = is_a | is_b
        a_vs_b = _binary_roc_auc(is_a[in_pair], y_score[in_pair, a])
        b_vs_a = _binary_roc_auc(is_b[in_pair], y_score[in_pair, b])
        pair_scores.append((a_vs_b + b_vs_a) / 2)
        prevalence.append(np.mean(in_pair))
    weights = prevalence if average == "weighted" else None
    return float(np.average(pair_scores, weights=weights))


def average_precision_score(y_true, y_score, *, average="macro", pos_label=1, sample_weight=None):
    r"""Average precision: precision averaged over the recall levels of the positives.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels: binary, or multiclass (then scored one-vs-rest).
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Binary: the score of the positive class. Multiclass: one column per class, in
        sorted label order.
    average : {"macro", "weighted", "micro", "samples", None}, default="macro"
        Multiclass only: how the one-vs-rest APs are combined (``"samples"``: the AP
        of each sample's row, averaged over samples; ``None``: one AP per class).
    pos_label : int, float, bool or str, default=1
        Binary only: the positive class. Must be 1 for multiclass ``y_true``.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample.

    Returns
    -------
    average_precision : float or ndarray of shape (n_classes,)

    Raises
    ------
    ValueError
        For bad labels, scores or weights, an unknown ``average``, a ``pos_label`` not
        among the two labels of ``y_true`` (or other than 1 for multiclass), or
        multiclass scores of the wrong shape.

    See Also
    --------
    precision_recall_curve : the curve this number summarises.

    Notes
    -----
    With thresholds :math:`\tau_n` from high to low, :math:`R_n` and :math:`P_n` the
    recall and precision at :math:`\tau_n` (and :math:`R_0 = 0`),

    .. math:: \text{AP} = \sum_n (R_n - R_{n-1})\, P_n .

    Each step in recall (new positives found) is weighted by the precision reached
    there, so AP is the mean of the precisions at the ranks of the positives (ties
    count as one step). It is a step-function integral, not the trapezoid: linear
    interpolation between PR points is optimistic because precision does not change
    linearly with recall between two thresholds (Davis & Goadrich). A random ranking
    has AP close to the positive rate :math:`\pi`, not 0.5, which makes AP the
    natural summary when positives are rare (Saito & Rehmsmeier).

    Without positives AP is 0, with the warning of :func:`precision_recall_curve`.

    **Differences from scikit-learn.** Negative or all-zero weights are an error.

    References
    ----------
    .. [1] J. Davis, M. Goadrich (2006). The relationship between precision-recall and
       ROC curves. *Proc. 23rd International Conference on Machine Learning (ICML)*,
       233-240.
    .. [2] T. Saito, M. Rehmsmeier (2015). The precision-recall plot is more
       informative than the ROC plot when evaluating binary classifiers on imbalanced
       datasets. *PLoS ONE* 10(3), e0118432.
    .. [3] C. D. Manning, P. Raghavan, H. Schütze (2008). *Introduction to Information
       Retrieval*. Cambridge University Press, Section 8.4.

    Examples
    --------
    >>> from negedu.metrics import average_precision_score
    >>> # positives at ranks 1 and 3: AP = (1/1 + 2/3) / 2
    >>> average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.8333333333333333
    """
    _check_average(average, ("micro", "macro", "weighted", "samples", None))
    y_true, sample_weight = _check_labels_and_weights(y_true, sample_weight)
    classes = _unique_values(y_true)

    if classes.size <= 2:
        y_score = _check_scores_of(y_true, y_score)
        return _binary_average_precision(_positive_mask(y_true, pos_label), y_score, sample_weight)

    if pos_label != 1:
        raise ValueError(
            f"pos_label={_plain(pos_label)!r} has no meaning for multiclass y_true, which is scored "
            "one-vs-rest for every class. Leave pos_label at 1."
        )
    y_score = _check_score_matrix(y_score, y_true.shape[0], classes.size, "average_precision_score")
    if y_score.shape[1] != classes.size:
        raise ValueError(
            f"y_true has {classes.size} classes but y_score has {y_score.shape[1]} columns; "
            "give one column per class of y_true, in sorted label order."
        )
    Y = y_true[:, None] == classes[None, :]  # (n, k) one-vs-rest indicators
    return _average_over_columns(_binary_average_precision, Y, y_score, average, sample_weight)
