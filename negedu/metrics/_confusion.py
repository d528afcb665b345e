r"""The confusion matrix, and the one-vs-rest counts TP, FP, FN, TN every counting metric uses."""

from collections import namedtuple
import warnings

import numpy as np

from negedu._validation import _short, check_choice
from negedu.metrics._common import (
    _check_average,
    _check_labels_param,
    _check_targets,
    _encode,
    _labels_for_average,
    _unique_values,
)

__all__ = ["confusion_matrix"]


def confusion_matrix(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None):
    r"""Count how often each true class is predicted as each class.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True class labels (numbers, booleans or strings).
    y_pred : array-like of shape (n_samples,)
        Predicted class labels, of the same kind as ``y_true``.
    labels : array-like of shape (n_classes,), default=None
        The classes that index the rows and columns, in this order. ``None`` uses
        every label of ``y_true`` and ``y_pred``, sorted. Samples whose true or
        predicted label is not listed are left out.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample; a cell then holds a sum of weights.
    normalize : {"true", "pred", "all"}, default=None
        Divide each row by its sum (``"true"``: the rows become the rates
        TPR, FNR, ... of each true class), each column by its sum (``"pred"``), or
        everything by the total (``"all"``). A 0/0 becomes 0.

    Returns
    -------
    C : ndarray of shape (n_classes, n_classes)
        ``C[i, j]`` is the number (or weight) of samples of true class ``labels[i]``
        predicted as ``labels[j]``. Integers without weights or normalisation
        (and with integer weights), floats otherwise.

    Raises
    ------
    ValueError
        If the two vectors differ in length, are empty, hold continuous values or NaN,
        mix strings and numbers, if ``labels`` is empty, repeats a label or shares no
        label with ``y_true``, if ``normalize`` is not one of the three options, or if
        a weight is negative or not finite.

    See Also
    --------
    precision_recall_fscore_support : per-class rates computed from these counts.

    Notes
    -----
    With weights :math:`w_n` (all 1 by default),

    .. math:: C_{ij} = \sum_{n} w_n \,[y_n = \ell_i]\,[\hat y_n = \ell_j].

    Rows are the truth and columns the prediction. For a binary task with labels
    sorted as (negative, positive), for example ``[0, 1]``,

    .. math:: C = \begin{pmatrix} TN & FP \\ FN & TP \end{pmatrix},

    so ``tn, fp, fn, tp = C.ravel()``.

    The labels are turned into codes :math:`0 .. k-1` and the whole matrix is one
    ``np.bincount`` of :math:`k\,t_n + p_n`: cell :math:`(i, j)` is bin
    :math:`k i + j`. ``np.bincount`` adds the weights of a cell in sample order,
    which is the order scikit-learn adds them in, so weighted matrices agree to
    the last bit.

    A 1 x 1 result warns (``UserWarning``, scikit-learn's text): with a single label
    in the data you probably want ``labels=[negative, positive]``.

    **Differences from scikit-learn.** Negative or non-finite ``sample_weight`` and
    a ``labels`` list with repeated entries or of another kind than the data
    (strings against numbers) are errors here; scikit-learn accepts the first and
    gives silent or odd results for the others.

    References
    ----------
    .. [1] T. Fawcett (2006). An introduction to ROC analysis. *Pattern Recognition
       Letters* 27(8), 861-874 (Section 2: the confusion matrix and the rates read
       from it).
    .. [2] S. V. Stehman (1997). Selecting and interpreting measures of thematic
       classification accuracy. *Remote Sensing of Environment* 62(1), 77-89.

    Examples
    --------
    >>> from negedu.metrics import confusion_matrix
    >>> y_true = [0, 0, 0, 0, 1, 1]
    >>> y_pred = [0, 0, 0, 1, 1, 0]
    >>> confusion_matrix(y_true, y_pred)
    array([[3, 1],
           [1, 1]])
    >>> tn, fp, fn, tp = confusion_matrix(y_true, y_pred).ravel().tolist()
    >>> (tn, fp, fn, tp)
    (3, 1, 1, 1)
    >>> confusion_matrix(["cat", "dog", "dog"], ["dog", "dog", "cat"], normalize="true")
    array([[0. , 1. ],
           [0.5, 0.5]])
    """
    if normalize is not None:
        check_choice(normalize, "normalize", ("true", "pred", "all"))
    integer_weights = sample_weight is not None and np.asarray(sample_weight).dtype.kind in "biu"
    true_code, pred_code, labels, sample_weight = _encode_pairs(y_true, y_pred, labels, sample_weight)

    C = _joint_counts(true_code, pred_code, labels.size, sample_weight)
    if integer_weights:
        C = C.astype(np.int64)

    if normalize is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            if normalize == "true":
                C = C / C.sum(axis=1, keepdims=True)
            elif normalize == "pred":
                C = C / C.sum(axis=0, keepdims=True)
            else:
                C = C / C.sum()
        C = np.nan_to_num(C)
    if C.shape == (1, 1):
        warnings.warn(
            "A single label was found in 'y_true' and 'y_pred'. For the confusion matrix to "
            "have the correct shape, use the 'labels' parameter to pass all known labels.",
            UserWarning,
            stacklevel=2,
        )
    return C


def _encode_pairs(y_true, y_pred, labels, sample_weight):
    r"""Check the label vectors and ``labels``; code each sample's true and predicted label.

    Returns ``(true_code, pred_code, labels, sample_weight)``. The code of a label is its
    position in ``labels`` (``None`` stands for every label of ``y_true`` and ``y_pred``,
    sorted), so row and column :math:`i` of the matrix are ``labels[i]``. A sample whose true
    or predicted label is not listed is dropped, with its weight. Raises the errors listed in
    :func:`confusion_matrix` for the label vectors, ``labels`` and the weights.
    """
    _, present, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred, sample_weight)
    if labels is None:
        return _encode(y_true, present), _encode(y_pred, present), present, sample_weight

    labels = _check_labels_param(labels, present)
    if not np.isin(labels, _unique_values(y_true)).any():
        raise ValueError(
            f"None of labels={_short(labels.tolist())} occurs in y_true. "
            "List at least one class that y_true contains."
        )
    # code of each label in the order of `labels`; labels left out get code k
    universe = np.union1d(present, labels)  # sorted: _encode finds a label's place in it
    position = np.full(universe.size, labels.size)
    position[np.searchsorted(universe, labels)] = np.arange(labels.size)
    true_code = position[_encode(y_true, universe)]  # (n_samples,), in 0 .. k
    pred_code = position[_encode(y_pred, universe)]
    kept = (true_code < labels.size) & (pred_code < labels.size)
    if not kept.all():
        true_code, pred_code = true_code[kept], pred_code[kept]
        sample_weight = None if sample_weight is None else sample_weight[kept]
    return true_code, pred_code, labels, sample_weight


# The four one-vs-rest counts of each label, as arrays over the selected labels.
Counts = namedtuple("Counts", ["tp", "fp", "fn", "tn"])

# Up to this many labels the counts come from a k x k matrix (one pass over the data);
# beyond it, from three bincounts of length k (memory O(n + k), never O(k^2)).
MAX_LABELS_FOR_MATRIX = 256


def _joint_counts(true_code, pred_code, k, sample_weight):
    """``C[i, j]``: total weight of samples with true code i and predicted code j.

    One ``np.bincount`` of ``k * true_code + pred_code``: cell (i, j) is bin k*i + j.
    """
    return np.bincount(k * true_code + pred_code, weights=sample_weight, minlength=k * k).reshape(k, k)


def _per_label_counts(y_true, y_pred, present, labels, sample_weight):
    r"""One-vs-rest counts of each label in ``labels``: TP, FP, FN and TN.

    For label :math:`\ell` (weights :math:`w_n`, all 1 by default):
    :math:`TP = \sum w_n[y_n = \ell][\hat y_n = \ell]`, predicted
    :math:`= \sum w_n [\hat y_n = \ell]`, true :math:`= \sum w_n [y_n = \ell]`,
    :math:`FP = \text{predicted} - TP`, :math:`FN = \text{true} - TP` and
    :math:`TN = \sum w_n - TP - FP - FN`. These are the diagonal, the column sums
    and the row sums of the confusion matrix.
    """
    universe = present if labels is present else np.union1d(present, labels)
    k = universe.size
    true_code, pred_code = _encode(y_true, universe), _encode(y_pred, universe)
    if k <= MAX_LABELS_FOR_MATRIX:
        C = _joint_counts(true_code, pred_code, k, sample_weight)
        tp, predicted, true = np.diagonal(C).copy(), C.sum(axis=0), C.sum(axis=1)
    else:
        hit = true_code == pred_code
        hit_weight = None if sample_weight is None else sample_weight[hit]
        tp = np.bincount(true_code[hit], weights=hit_weight, minlength=k)
        predicted = np.bincount(pred_code, weights=sample_weight, minlength=k)
        true = np.bincount(true_code, weights=sample_weight, minlength=k)
    if not tp.any():
        # scikit-learn's counts are floats when no prediction is right; its support (and
        # so the printed report) then reads "3.0" instead of "3". Keep that quirk.
        tp = tp.astype(np.float64)
    total = y_true.shape[0] if sample_weight is None else sample_weight.sum()

    selected = np.arange(k) if labels is present else np.searchsorted(universe, labels)
    tp, predicted, true = tp[selected], predicted[selected], true[selected]
    fp = predicted - tp
    fn = true - tp
    tn = total - tp - fp - fn
    return Counts(tp, fp, fn, tn)


#: The values of ``average`` of the per-label metrics (precision, recall, specificity, ...).
PER_LABEL_AVERAGES = (None, "binary", "micro", "macro", "weighted")


def _checked_per_label_counts(y_true, y_pred, labels, pos_label, average, sample_weight):
    """What every per-label metric starts with: check the inputs, then TP, FP, FN, TN per label.

    Checks ``average`` (one of :data:`PER_LABEL_AVERAGES`), the label vectors and the
    weights, resolves the labels reported (``pos_label`` alone for ``average="binary"``,
    else ``labels`` or every label present) and counts them one-vs-rest.
    """
    _check_average(average, PER_LABEL_AVERAGES)
    y_type, present, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred, sample_weight)
    labels = _labels_for_average(y_type, present, average, labels, pos_label)
    return _per_label_counts(y_true, y_pred, present, labels, sample_weight)
