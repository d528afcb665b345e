r"""Rates of the negative class: specificity (TNR), FPR, FNR, NPV, and the geometric mean.

Sensitivity, specificity and the G-mean follow imbalanced-learn; the false positive
rate, the false negative rate and the negative predictive value have no reference
function and follow the conventions of scikit-learn's ``recall_score``.
"""

import numbers

import numpy as np

from negedu._validation import _short
from negedu.metrics._common import (
    _check_average,
    _check_labels_param,
    _check_targets,
    _check_zero_division,
    _divide,
    _nanaverage,
)
from negedu.metrics._confusion import PER_LABEL_AVERAGES, _checked_per_label_counts, _per_label_counts

__all__ = [
    "sensitivity_specificity_support",
    "sensitivity_score",
    "specificity_score",
    "false_positive_rate",
    "false_negative_rate",
    "negative_predictive_value",
    "geometric_mean_score",
]

def _one_vs_rest_counts(y_true, y_pred, labels, pos_label, average, sample_weight):
    """Check the inputs, then return TP, FP, FN, TN per selected label (pooled for micro)."""
    counts = _checked_per_label_counts(y_true, y_pred, labels, pos_label, average, sample_weight)
    if average == "micro":
        counts = type(counts)(*(np.array([c.sum()]) for c in counts))
    return counts


def sensitivity_specificity_support(
    y_true,
    y_pred,
    *,
    labels=None,
    pos_label=1,
    average=None,
    warn_for=("sensitivity", "specificity"),
    sample_weight=None,
):
    r"""Sensitivity (TPR), specificity (TNR) and support, for each label or averaged.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True class labels.
    y_pred : array-like of shape (n_samples,)
        Predicted class labels.
    labels : array-like, default=None
        Labels to report, in this order (``None``: every label present, sorted).
    pos_label : int, float, bool or str, default=1
        The positive class when ``average="binary"``; with another ``average`` a value
        other than 1 is ignored with a ``UserWarning``.
    average : {None, "binary", "micro", "macro", "weighted"}, default=None
        ``None``: per label; ``"binary"``: the positive class; ``"micro"``: pool the
        counts; ``"macro"``: mean over labels; ``"weighted"``: mean weighted by support.
    warn_for : tuple of str, default=("sensitivity", "specificity")
        Which ill-defined metrics warn.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample.

    Returns
    -------
    sensitivity, specificity : float or ndarray of shape (n_labels,)
    support : ndarray of shape (n_labels,) or None
        True samples of each label (``None`` when averaged).

    Raises
    ------
    ValueError
        For bad label vectors or weights, an unknown ``average`` (``"samples"`` is
        multilabel only), ``average="binary"`` with more than two labels, a
        ``pos_label`` that is not one of two labels present, or bad ``labels``.

    Notes
    -----
    For label :math:`\ell` against the rest,

    .. math::
        \text{sensitivity} = \text{TPR} = \frac{TP}{TP + FN}, \qquad
        \text{specificity} = \text{TNR} = \frac{TN}{TN + FP},

    with :math:`TN = \sum_n w_n - TP - FP - FN`. A 0/0 is 0.0 with imbalanced-learn's
    ``UndefinedMetricWarning`` (its text, word for word, including "no predicted
    samples" for specificity, whose denominator really counts the true negatives of
    the label). Specificity is the recall of the negative class: in a binary task,
    ``specificity(pos_label=1) == recall(pos_label=0)``.

    **Differences from imbalanced-learn** (each pinned by a test):

    * with ``sample_weight``, imbalanced-learn computes
      :math:`TN = n - (\text{predicted} + \text{true} - TP)`, subtracting weighted
      counts from the *unweighted* number of samples (so specificity can leave
      [0, 1]); negedu uses the total weight :math:`\sum_n w_n`, as scikit-learn's
      ``multilabel_confusion_matrix`` does. Without weights the two agree exactly;
    * with ``average="binary"`` and a ``pos_label`` absent from data holding a single
      label, imbalanced-learn returns ``(0.0, 0.0, 0)`` without a warning; negedu
      computes the rates for ``pos_label`` (sensitivity is then 0/0: 0.0 with a
      warning; specificity is usually 1.0) and returns support ``None``;
    * negative weights and repeated ``labels`` are errors.

    References
    ----------
    .. [1] J. Yerushalmy (1947). Statistical problems in assessing methods of medical
       diagnosis, with special reference to X-ray techniques. *Public Health Reports*
       62(40), 1432-1449 (sensitivity and specificity).
    .. [2] D. G. Altman, J. M. Bland (1994). Diagnostic tests 1: sensitivity and
       specificity. *BMJ* 308, 1552.

    Examples
    --------
    >>> from negedu.metrics import sensitivity_specificity_support
    >>> y_true = [0, 0, 0, 0, 1, 1]
    >>> y_pred = [0, 0, 0, 1, 1, 0]
    >>> sen, spe, sup = sensitivity_specificity_support(y_true, y_pred)
    >>> sen.tolist(), spe.tolist(), sup.tolist()
    ([0.75, 0.5], [0.5, 0.75], [4, 2])
    >>> sensitivity_specificity_support(y_true, y_pred, average="binary")
    (0.5, 0.75, None)
    """
    tp, fp, fn, tn = _one_vs_rest_counts(y_true, y_pred, labels, pos_label, average, sample_weight)
    common = dict(warn_for=warn_for, zero_division="warn")
    specificity = _divide(tn, tn + fp, metric="specificity", modifier="predicted", **common)
    sensitivity = _divide(tp, tp + fn, metric="sensitivity", modifier="true", **common)
    support = tp + fn
    if average is None:
        return sensitivity, specificity, support
    if average == "weighted":
        if support.sum() == 0:
            return 0.0, 0.0, None
        return float(np.average(sensitivity, weights=support)), float(np.average(specificity, weights=support)), None
    return float(np.mean(sensitivity)), float(np.mean(specificity)), None


def sensitivity_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None):
    r"""Sensitivity (recall, TPR): the fraction of positives predicted positive.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted class labels.
    labels : array-like, default=None
        Labels to report or average over.
    pos_label : int, float, bool or str, default=1
        The positive class for ``average="binary"``.
    average : {"binary", "micro", "macro", "weighted", None}, default="binary"
        See :func:`sensitivity_specificity_support`.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample.

    Returns
    -------
    sensitivity : float or ndarray of shape (n_labels,)

    Raises
    ------
    ValueError
        As :func:`sensitivity_specificity_support`.

    Notes
    -----
    .. math:: \text{TPR} = \frac{TP}{TP + FN}.

    The same number as :func:`recall_score` (which adds ``zero_division``); only the
    sensitivity warning is raised. Differences from imbalanced-learn: those of
    :func:`sensitivity_specificity_support`.

    References
    ----------
    .. [1] D. G. Altman, J. M. Bland (1994). Diagnostic tests 1: sensitivity and
       specificity. *BMJ* 308, 1552.

    Examples
    --------
    >>> from negedu.metrics import sensitivity_score
    >>> sensitivity_score([0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 1, 0])
    0.5
    """
    options = dict(labels=labels, pos_label=pos_label, average=average, sample_weight=sample_weight)
    return sensitivity_specificity_support(y_true, y_pred, warn_for=("sensitivity",), **options)[0]


def specificity_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None):
    r"""Specificity (TNR): the fraction of negatives predicted negative.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted class labels.
    labels : array-like, default=None
        Labels to report or average over.
    pos_label : int, float, bool or str, default=1
        The positive class for ``average="binary"``.
    average : {"binary", "micro", "macro", "weighted", None}, default="binary"
        See :func:`sensitivity_specificity_support`.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample.

    Returns
    -------
    specificity : float or ndarray of shape (n_labels,)

    Raises
    ------
    ValueError
        As :func:`sensitivity_specificity_support`.

    Notes
    -----
    .. math:: \text{TNR} = \frac{TN}{TN + FP} = 1 - \text{FPR}.

    Under heavy imbalance the negatives are plentiful, so TNR is close to 1 for almost
    any classifier: a TNR of 0.99 on a million negatives still lets 10,000 false
    positives through. Differences from imbalanced-learn: those of
    :func:`sensitivity_specificity_support` (weighted TN uses the total weight).

    References
    ----------
    .. [1] D. G. Altman, J. M. Bland (1994). Diagnostic tests 1: sensitivity and
       specificity. *BMJ* 308, 1552.

    Examples
    --------
    >>> from negedu.metrics import specificity_score
    >>> specificity_score([0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 1, 0])   # 3 of 4 negatives
    0.75
    """
    options = dict(labels=labels, pos_label=pos_label, average=average, sample_weight=sample_weight)
    return sensitivity_specificity_support(y_true, y_pred, warn_for=("specificity",), **options)[1]


# The rates of the negative class: (numerator, denominator) of the one-vs-rest counts, and
# what is missing when the denominator is 0 (the words of the UndefinedMetricWarning).
_RATES = {
    "false positive rate": (lambda c: c.fp, lambda c: c.fp + c.tn, "negative"),
    "false negative rate": (lambda c: c.fn, lambda c: c.fn + c.tp, "true"),
    "negative predictive value": (lambda c: c.tn, lambda c: c.tn + c.fn, "predicted negative"),
}


def _one_vs_rest_rate(metric, y_true, y_pred, *, labels, pos_label, average, sample_weight, zero_division):
    """One of :data:`_RATES` per label, or averaged (``"weighted"``: by the support TP + FN)."""
    _check_zero_division(zero_division)
    counts = _one_vs_rest_counts(y_true, y_pred, labels, pos_label, average, sample_weight)
    numerator, denominator, modifier = _RATES[metric]
    rate = _divide(
        numerator(counts), denominator(counts), metric=metric, modifier=modifier, warn_for=(metric,),
        zero_division=zero_division, stacklevel=5,  # the warning points at the public function's caller
    )
    if average is None:
        return rate
    return _nanaverage(rate, counts.tp + counts.fn if average == "weighted" else None)


def false_positive_rate(
    y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None, zero_division="warn"
):
    r"""False positive rate (fall-out): the fraction of negatives predicted positive.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted class labels.
    labels : array-like, default=None
        Labels to report or average over (``None``: all present, sorted).
    pos_label : int, float, bool or str, default=1
        The positive class for ``average="binary"``.
    average : {"binary", "micro", "macro", "weighted", None}, default="binary"
        As in :func:`recall_score`; ``"weighted"`` weights each label by its support
        (its number of true samples).
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample.
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value when ``y_true`` has no negative (FP + TN = 0).

    Returns
    -------
    fpr : float or ndarray of shape (n_labels,)

    Raises
    ------
    ValueError
        As :func:`precision_recall_fscore_support`.

    Notes
    -----
    .. math:: \text{FPR} = \frac{FP}{FP + TN} = 1 - \text{TNR}.

    It is the x-axis of the ROC curve. Without a negative sample it is 0/0: it takes
    ``zero_division`` and, with ``"warn"``, an ``UndefinedMetricWarning`` worded like
    scikit-learn's ("False positive rate is ill-defined and being set to 0.0 due to no
    negative samples. ..."). No reference library has this function; it follows the
    signature and conventions of :func:`recall_score`.

    References
    ----------
    .. [1] T. Fawcett (2006). An introduction to ROC analysis. *Pattern Recognition
       Letters* 27(8), 861-874.

    Examples
    --------
    >>> from negedu.metrics import false_positive_rate
    >>> false_positive_rate([0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 1, 0])   # 1 of 4 negatives
    0.25
    """
    options = dict(labels=labels, pos_label=pos_label, average=average, sample_weight=sample_weight)
    return _one_vs_rest_rate("false positive rate", y_true, y_pred, zero_division=zero_division, **options)


def false_negative_rate(
    y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None, zero_division="warn"
):
    r"""False negative rate (miss rate): the fraction of positives predicted negative.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted class labels.
    labels : array-like, default=None
        Labels to report or average over (``None``: all present, sorted).
    pos_label : int, float, bool or str, default=1
        The positive class for ``average="binary"``.
    average : {"binary", "micro", "macro", "weighted", None}, default="binary"
        As in :func:`recall_score`.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample.
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value when ``y_true`` has no positive (FN + TP = 0).

    Returns
    -------
    fnr : float or ndarray of shape (n_labels,)

    Raises
    ------
    ValueError
        As :func:`precision_recall_fscore_support`.

    Notes
    -----
    .. math:: \text{FNR} = \frac{FN}{FN + TP} = 1 - \text{TPR}.

    A 0/0 warns "False negative rate is ill-defined and being set to 0.0 due to no
    true samples. ..." (``UndefinedMetricWarning``). No reference library has this
    function; it follows the conventions of :func:`recall_score`.

    References
    ----------
    .. [1] T. Fawcett (2006). An introduction to ROC analysis. *Pattern Recognition
       Letters* 27(8), 861-874.

    Examples
    --------
    >>> from negedu.metrics import false_negative_rate
    >>> false_negative_rate([0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 1, 0])   # 1 of 2 positives
    0.5
    """
    options = dict(labels=labels, pos_label=pos_label, average=average, sample_weight=sample_weight)
    return _one_vs_rest_rate("false negative rate", y_true, y_pred, zero_division=zero_division, **options)


def negative_predictive_value(
    y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None, zero_division="warn"
):
    r"""Negative predictive value: the fraction of predicted negatives that are negative.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted class labels.
    labels : array-like, default=None
        Labels to report or average over (``None``: all present, sorted).
    pos_label : int, float, bool or str, default=1
        The positive class for ``average="binary"``.
    average : {"binary", "micro", "macro", "weighted", None}, default="binary"
        As in :func:`recall_score`; ``"weighted"`` weights each label by its support.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample.
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value when nothing is predicted negative (TN + FN = 0).

    Returns
    -------
    npv : float or ndarray of shape (n_labels,)

    Raises
    ------
    ValueError
        As :func:`precision_recall_fscore_support`.

    Notes
    -----
    .. math:: \text{NPV} = \frac{TN}{TN + FN}.

    It is the precision of the negative class: in a binary task
    ``negative_predictive_value(y, p) == precision_score(y, p, pos_label=0)``. Under
    imbalance NPV is near 1 for almost any classifier (most predicted negatives are
    negatives because most samples are). A 0/0 warns "Negative predictive value is
    ill-defined and being set to 0.0 due to no predicted negative samples. ..."
    (``UndefinedMetricWarning``). No reference library has this function; it follows
    the conventions of :func:`recall_score`.

    References
    ----------
    .. [1] D. G. Altman, J. M. Bland (1994). Diagnostic tests 2: predictive values.
       *BMJ* 309, 102.

    Examples
    --------
    >>> from negedu.metrics import negative_predictive_value
    >>> negative_predictive_value([0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 1, 0])   # 3 of 4
    0.75
    """
    options = dict(labels=labels, pos_label=pos_label, average=average, sample_weight=sample_weight)
    return _one_vs_rest_rate("negative predictive value", y_true, y_pred, zero_division=zero_division, **options)


def geometric_mean_score(
    y_true, y_pred, *, labels=None, pos_label=1, average="multiclass", sample_weight=None, correction=0.0
):
    r"""Geometric mean of the per-class recalls (binary: :math:`\sqrt{\text{TPR}\cdot\text{TNR}}`).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True class labels.
    y_pred : array-like of shape (n_samples,)
        Predicted class labels.
    labels : array-like, default=None
        Classes whose recalls enter the mean (``None``: every label present).
    pos_label : int, float, bool or str, default=1
        The positive class for ``average="binary"``.
    average : {"multiclass", "binary", "micro", "macro", "weighted", None}, default="multiclass"
        ``"multiclass"``: the geometric mean of the recalls of all classes. Any other
        value: :math:`\sqrt{\text{sensitivity}\cdot\text{specificity}}` with both taken
        from :func:`sensitivity_specificity_support` with that ``average`` (``None``:
        one G-mean per label, one-vs-rest).
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample.
    correction : float, default=0.0
        Value (>= 0) that replaces a zero recall in the ``"multiclass"`` mean, so that a
        single missed class does not force the score to 0.

    Returns
    -------
    gmean : float or ndarray of shape (n_labels,)

    Raises
    ------
    ValueError
        For bad label vectors or weights, an unknown ``average``, ``correction < 0``,
        or the errors of :func:`sensitivity_specificity_support`.

    Notes
    -----
    With ``average="multiclass"`` and :math:`\text{TPR}_k` the recall of class
    :math:`k`,

    .. math:: G = \Bigl(\prod_{k=1}^{K} \text{TPR}_k\Bigr)^{1/K}
              = \exp\Bigl(\frac{1}{K}\sum_k \log \text{TPR}_k\Bigr),

    which for two classes is :math:`\sqrt{\text{TPR}\cdot\text{TNR}}` (Kubat & Matwin).
    Recalls equal to 0 are replaced by ``correction`` first. A class with no true
    sample has recall 0/0 = 0 and warns "Recall is ill-defined ..." like
    imbalanced-learn.

    With any other ``average`` the result is ``sqrt(sensitivity * specificity)`` of the
    *averaged* rates: ``"macro"`` is :math:`\sqrt{\overline{\text{TPR}}\,
    \overline{\text{TNR}}}`, not the mean of per-class G-means (imbalanced-learn's
    definition, kept). Only specificity's 0/0 warns in this mode, as in
    imbalanced-learn.

    The G-mean is 0 whenever one class is never recognised, which is exactly what
    accuracy hides under imbalance.

    **Differences from imbalanced-learn.** With ``"multiclass"`` imbalanced-learn does
    not check its inputs (vectors of different lengths fail inside NumPy); negedu
    checks them like every other metric. In the other modes the differences of
    :func:`sensitivity_specificity_support` apply (weighted TN).

    References
    ----------
    .. [1] M. Kubat, S. Matwin (1997). Addressing the curse of imbalanced training
       sets: one-sided selection. *Proc. 14th International Conference on Machine
       Learning (ICML)*, 179-186.
    .. [2] R. Barandela, J. S. Sánchez, V. García, E. Rangel (2003). Strategies for
       learning in class imbalance problems. *Pattern Recognition* 36(3), 849-851.

    Examples
    --------
    >>> from negedu.metrics import geometric_mean_score
    >>> y_true = [0, 0, 0, 0, 1, 1]
    >>> y_pred = [0, 0, 0, 1, 1, 0]
    >>> round(geometric_mean_score(y_true, y_pred), 6)   # sqrt(0.75 * 0.5)
    0.612372
    >>> geometric_mean_score([0, 0, 1, 2], [0, 0, 1, 1])   # class 2 never found
    0.0
    >>> round(geometric_mean_score([0, 0, 1, 2], [0, 0, 1, 1], correction=0.001), 6)
    0.1
    """
    if isinstance(correction, bool) or not isinstance(correction, numbers.Real) or not correction >= 0:
        raise ValueError(
            f"correction must be a number >= 0 (the value that replaces a zero recall); "
            f"got {_short(correction)}."
        )
    if average != "multiclass":
        _check_average(average, (*PER_LABEL_AVERAGES, "multiclass"))
        options = dict(labels=labels, pos_label=pos_label, average=average, sample_weight=sample_weight)
        sensitivity, specificity, _ = sensitivity_specificity_support(
            y_true, y_pred, warn_for=("specificity",), **options
        )
        gmean = np.sqrt(np.multiply(sensitivity, specificity))
        return gmean if average is None else float(gmean)

    _, present, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred, sample_weight)
    labels = present if labels is None else _check_labels_param(labels, present)
    tp, _, fn, _ = _per_label_counts(y_true, y_pred, present, labels, sample_weight)
    recall = _divide(tp, tp + fn, metric="recall", modifier="true", warn_for=("recall",), zero_division="warn")
    recall[recall == 0] = correction
    with np.errstate(divide="ignore"):  # log(0) = -inf, and exp(-inf) = 0
        return float(np.exp(np.mean(np.log(recall))))
