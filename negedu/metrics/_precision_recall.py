r"""Precision (PPV), recall (TPR) and the F-scores, per label or averaged."""

import numbers

import numpy as np

from negedu._validation import _short
from negedu.metrics._common import _check_zero_division, _divide, _nanaverage
from negedu.metrics._confusion import _checked_per_label_counts

__all__ = ["precision_recall_fscore_support", "precision_score", "recall_score", "f1_score", "fbeta_score"]


def _check_beta(beta):
    if isinstance(beta, bool) or not isinstance(beta, numbers.Real) or np.isnan(beta) or beta < 0:
        raise ValueError(
            f"beta must be a number >= 0 (0 gives precision, 1 gives F1, np.inf gives "
            f"recall); got {_short(beta)}."
        )
    return float(beta)


def precision_recall_fscore_support(
    y_true,
    y_pred,
    *,
    beta=1.0,
    labels=None,
    pos_label=1,
    average=None,
    warn_for=("precision", "recall", "f-score"),
    sample_weight=None,
    zero_division="warn",
):
    r"""Precision, recall, F-beta and support, for each label or averaged.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True class labels.
    y_pred : array-like of shape (n_samples,)
        Predicted class labels.
    beta : float, default=1.0
        Weight of recall against precision in the F-score (:math:`\beta > 1` favours
        recall). ``0`` gives precision and ``np.inf`` gives recall.
    labels : array-like, default=None
        Labels to report, in this order (``None``: every label present, sorted). Ignored
        with ``average="binary"``.
    pos_label : int, float, bool or str, default=1
        The positive class when ``average="binary"``. With another ``average`` a value
        other than 1 is ignored with a ``UserWarning`` (use ``labels=[pos_label]``).
    average : {None, "binary", "micro", "macro", "weighted"}, default=None
        ``None``: one value per label. ``"binary"``: the positive class only.
        ``"micro"``: pool the counts of all labels first. ``"macro"``: plain mean over
        labels. ``"weighted"``: mean weighted by each label's support.
    warn_for : tuple of str, default=("precision", "recall", "f-score")
        Which ill-defined metrics warn.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample.
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value of a metric whose denominator is 0; ``"warn"`` means 0 with an
        ``UndefinedMetricWarning``. NaN values are left out of the averages.

    Returns
    -------
    precision, recall, fbeta : float or ndarray of shape (n_labels,)
        Floats when ``average`` is set, arrays in the order of ``labels`` otherwise.
    support : ndarray of shape (n_labels,) or None
        Number (or weight) of true samples of each label; ``None`` when averaged.

    Raises
    ------
    ValueError
        For bad label vectors or weights, an unknown ``average`` or ``zero_division``,
        ``beta < 0``, ``average="binary"`` with more than two labels, a ``pos_label``
        that is not one of two labels present, or ``labels`` that repeat or are of the
        wrong kind.

    Notes
    -----
    Per label, with one-vs-rest counts,

    .. math::
        \text{PPV} = \frac{TP}{TP + FP}, \qquad
        \text{TPR} = \frac{TP}{TP + FN}, \qquad
        F_\beta = \frac{(1 + \beta^2)\,TP}{(1 + \beta^2)\,TP + \beta^2 FN + FP},

    the last being the weighted harmonic mean
    :math:`(1+\beta^2)\,\text{PPV}\cdot\text{TPR} / (\beta^2\,\text{PPV} + \text{TPR})`
    written with counts, so it is defined whenever :math:`TP + FN + FP > 0`. Support is
    :math:`TP + FN`. Micro-averaging sums TP, FP and FN over the labels first (for
    single-label multiclass data micro precision = micro recall = accuracy).

    A 0/0 takes ``zero_division`` and, with ``"warn"``, raises scikit-learn's
    ``UndefinedMetricWarning`` with its exact text, e.g. "Precision is ill-defined
    and being set to 0.0 due to no predicted samples. Use `zero_division` parameter
    to control this behavior."

    Precision does not look at true negatives at all. That is why it reacts to class
    imbalance: at a fixed TPR and FPR, :math:`\text{PPV} = \text{TPR}\,\pi /
    (\text{TPR}\,\pi + \text{FPR}(1 - \pi))` falls with the positive rate :math:`\pi`.

    **Differences from scikit-learn.** Negative weights, ``labels`` with repeated
    entries or of the wrong kind (strings against numbers) and ``average="samples"``
    (multilabel only) are errors.

    References
    ----------
    .. [1] C. J. van Rijsbergen (1979). *Information Retrieval*, 2nd ed. Butterworths,
       Chapter 7 (the effectiveness measure behind :math:`F_\beta`).
    .. [2] Y. Sasaki (2007). The truth of the F-measure. Teaching note, University of
       Manchester.

    Examples
    --------
    >>> from negedu.metrics import precision_recall_fscore_support
    >>> y_true = [0, 0, 0, 0, 1, 1, 1, 2]
    >>> y_pred = [0, 0, 1, 0, 1, 1, 0, 2]
    >>> p, r, f, s = precision_recall_fscore_support(y_true, y_pred)
    >>> p.round(3).tolist(), r.round(3).tolist(), s.tolist()
    ([0.75, 0.667, 1.0], [0.75, 0.667, 1.0], [4, 3, 1])
    >>> precision_recall_fscore_support(y_true, y_pred, average="macro")[:3]
    (0.8055555555555555, 0.8055555555555555, 0.8055555555555555)
    """
    _check_zero_division(zero_division)
    beta = _check_beta(beta)
    tp, fp, fn, _ = _checked_per_label_counts(y_true, y_pred, labels, pos_label, average, sample_weight)
    predicted, true = tp + fp, tp + fn
    if average == "micro":
        tp, predicted, true = np.array([tp.sum()]), np.array([predicted.sum()]), np.array([true.sum()])

    common = dict(warn_for=warn_for, zero_division=zero_division)
    precision = _divide(tp, predicted, metric="precision", modifier="predicted", **common)
    recall = _divide(tp, true, metric="recall", modifier="true", **common)
    if np.isposinf(beta):
        fbeta = recall
    elif beta == 0:
        fbeta = precision
    else:
        beta2 = beta**2
        fbeta = _divide(
            (1 + beta2) * tp.astype(np.float64),
            beta2 * true.astype(np.float64) + predicted.astype(np.float64),
            metric="f-score",
            modifier="true nor predicted",
            **common,
        )

    if average is None:
        return precision, recall, fbeta, true
    weights = true if average == "weighted" else None
    return _nanaverage(precision, weights), _nanaverage(recall, weights), _nanaverage(fbeta, weights), None


def _one_score(metric, y_true, y_pred, **options):
    """One output of :func:`precision_recall_fscore_support`, warning about that metric only."""
    position = ("precision", "recall", "f-score").index(metric)
    return precision_recall_fscore_support(y_true, y_pred, warn_for=(metric,), **options)[position]


def precision_score(
    y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None, zero_division="warn"
):
    r"""Precision (positive predictive value): the fraction of predicted positives that are positive.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted class labels.
    labels : array-like, default=None
        Labels to report or average over (``None``: all present, sorted).
    pos_label : int, float, bool or str, default=1
        The positive class for ``average="binary"``.
    average : {"binary", "micro", "macro", "weighted", None}, default="binary"
        See :func:`precision_recall_fscore_support`.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample.
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value when nothing is predicted positive (TP + FP = 0).

    Returns
    -------
    precision : float or ndarray of shape (n_labels,)

    Raises
    ------
    ValueError
        As :func:`precision_recall_fscore_support`.

    Notes
    -----
    .. math:: \text{PPV} = \frac{TP}{TP + FP}.

    Flipping which class is positive turns precision into the negative predictive
    value: ``precision_score(y, p, pos_label=0) == negative_predictive_value(y, p)``.
    Differences from scikit-learn: those of :func:`precision_recall_fscore_support`.

    References
    ----------
    .. [1] T. Fawcett (2006). An introduction to ROC analysis. *Pattern Recognition
       Letters* 27(8), 861-874.

    Examples
    --------
    >>> from negedu.metrics import precision_score
    >>> precision_score([0, 0, 1, 1, 1], [0, 1, 1, 1, 0])   # 2 of 3 predicted positives
    0.6666666666666666
    """
    options = dict(labels=labels, pos_label=pos_label, average=average, sample_weight=sample_weight)
    return _one_score("precision", y_true, y_pred, zero_division=zero_division, **options)


def recall_score(
    y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None, zero_division="warn"
):
    r"""Recall (sensitivity, true positive rate): the fraction of positives that are found.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted class labels.
    labels : array-like, default=None
        Labels to report or average over (``None``: all present, sorted).
    pos_label : int, float, bool or str, default=1
        The positive class for ``average="binary"``.
    average : {"binary", "micro", "macro", "weighted", None}, default="binary"
        See :func:`precision_recall_fscore_support`. ``"macro"`` recall is the
        balanced accuracy.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample.
    zero_division : {"warn", 0, 1, np.nan}, default="warn"
        Value when ``y_true`` has no positive (TP + FN = 0).

    Returns
    -------
    recall : float or ndarray of shape (n_labels,)

    Raises
    ------
    ValueError
        As :func:`precision_recall_fscore_support`.

    Notes
    -----
    .. math:: \text{TPR} = \frac{TP}{TP + FN} = 1 - \text{FNR}.

    Flipping which class is positive turns recall into specificity:
    ``recall_score(y, p, pos_label=0) == specificity_score(y, p)``.
    Differences from scikit-learn: those of :func:`precision_recall_fscore_support`.

    References
    ----------
    .. [1] T. Fawcett (2006). An introduction to ROC analysis. *Pattern Recognition
       Letters* 27(8), 861-874.

    Examples
    --------
    >>> from negedu.metrics import recall_score
    >>> recall_score([0, 0, 1, 1, 1], [0, 1, 1, 1, 0])   # 2 of 3 positives found
    0.6666666666666666
    """
    options = dict(labels=labels, pos_label=pos_label, average=average, sample_weight=sample_weight)
    return _one_score("recall", y_true, y_pred, zero_division=zero_division, **options)


def fbeta_score(
    y_true,
    y_pred,
    *,
    beta,
    labels=None,
    pos_label=1,
    average="binary",
    sample_weight=None,
    zero_division="warn",
):
    r"""F-beta score: the weighted harmonic mean of precision and recall.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted class labels.
    beta : float
        Recall counts :math:`\beta` times as much as precision (0: precision,
        ``np.inf``: recall).
    labels, pos_label, average, sample_weight, zero_division
        As :func:`precision_score`.

    Returns
    -------
    fbeta : float or ndarray of shape (n_labels,)

    Raises
    ------
    ValueError
        As :func:`precision_recall_fscore_support`.

    Notes
    -----
    .. math:: F_\beta = \frac{(1 + \beta^2)\,TP}{(1 + \beta^2)\,TP + \beta^2 FN + FP}.

    Only this F-score's own 0/0 (no true and no predicted positive) warns.
    Differences from scikit-learn: those of :func:`precision_recall_fscore_support`.

    References
    ----------
    .. [1] C. J. van Rijsbergen (1979). *Information Retrieval*, 2nd ed. Butterworths.

    Examples
    --------
    >>> from negedu.metrics import fbeta_score
    >>> fbeta_score([0, 0, 1, 1, 1], [0, 1, 1, 1, 1], beta=2)   # TP=3, FP=1, FN=0
    0.9375
    """
    options = dict(labels=labels, pos_label=pos_label, average=average, sample_weight=sample_weight)
    return _one_score("f-score", y_true, y_pred, beta=beta, zero_division=zero_division, **options)


def f1_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None, zero_division="warn"):
    r"""F1 score: the harmonic mean of precision and recall.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted class labels.
    labels, pos_label, average, sample_weight, zero_division
        As :func:`precision_score`.

    Returns
    -------
    f1 : float or ndarray of shape (n_labels,)

    Raises
    ------
    ValueError
        As :func:`precision_recall_fscore_support`.

    Notes
    -----
    .. math:: F_1 = \frac{2\,\text{PPV}\cdot\text{TPR}}{\text{PPV} + \text{TPR}}
              = \frac{2\,TP}{2\,TP + FP + FN}.

    F1 ignores true negatives, so it depends on which class is called positive; under
    imbalance report it for the minority class (or use MCC, which is symmetric).
    Differences from scikit-learn: those of :func:`precision_recall_fscore_support`.

    References
    ----------
    .. [1] C. J. van Rijsbergen (1979). *Information Retrieval*, 2nd ed. Butterworths.
    .. [2] D. Chicco, G. Jurman (2020). The advantages of the Matthews correlation
       coefficient (MCC) over F1 score and accuracy in binary classification
       evaluation. *BMC Genomics* 21, 6.

    Examples
    --------
    >>> from negedu.metrics import f1_score
    >>> f1_score([0, 0, 1, 1, 1], [0, 1, 1, 1, 0])   # 2*2 / (2*2 + 1 + 1)
    0.6666666666666666
    """
    options = dict(labels=labels, pos_label=pos_label, average=average, sample_weight=sample_weight)
    return fbeta_score(y_true, y_pred, beta=1, zero_division=zero_division, **options)
