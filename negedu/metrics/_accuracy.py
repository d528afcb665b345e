r"""Single-number summaries of a confusion matrix: accuracy, balanced accuracy, MCC, and the imbalance ratio."""

import warnings

import numpy as np

from negedu.metrics._common import _check_flag, _check_label_vector, _check_targets, _encode, _unique_values
from negedu.metrics._confusion import _per_label_counts

__all__ = ["accuracy_score", "balanced_accuracy_score", "matthews_corrcoef", "imbalance_ratio"]


def accuracy_score(y_true, y_pred, *, normalize=True, sample_weight=None):
    r"""Fraction (or number) of samples whose predicted label is the true one.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True class labels.
    y_pred : array-like of shape (n_samples,)
        Predicted class labels.
    normalize : bool, default=True
        ``True`` returns the fraction of correct predictions, ``False`` their number
        (or total weight).
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample.

    Returns
    -------
    score : float
        The (weighted) fraction, or count, of correct predictions.

    Raises
    ------
    ValueError
        For vectors of different lengths, empty, continuous or NaN labels, strings mixed
        with numbers, or negative or non-finite weights.
    TypeError
        If ``normalize`` is not a bool.

    See Also
    --------
    balanced_accuracy_score : the mean recall, which the majority class cannot dominate.

    Notes
    -----
    .. math:: \text{accuracy} = \frac{\sum_n w_n [y_n = \hat y_n]}{\sum_n w_n}
              = \frac{TP + TN}{TP + TN + FP + FN}\ \text{(binary)}.

    Under imbalance accuracy rewards the majority class: with 1 % positives the
    classifier that always answers "negative" scores 0.99 (the *accuracy paradox*).

    **Differences from scikit-learn.** Negative weights are an error (scikit-learn
    accepts them and can return values outside [0, 1]).

    References
    ----------
    .. [1] F. Provost, T. Fawcett, R. Kohavi (1998). The case against accuracy
       estimation for comparing induction algorithms. *Proc. ICML 1998*, 445-453.

    Examples
    --------
    >>> from negedu.metrics import accuracy_score
    >>> accuracy_score([0, 0, 0, 1], [0, 0, 0, 0])
    0.75
    >>> accuracy_score([0, 0, 0, 1], [0, 0, 0, 0], normalize=False)
    3.0
    """
    _check_flag(normalize, "normalize")
    _, _, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred, sample_weight)
    correct = y_true == y_pred
    if normalize:
        return float(np.average(correct, weights=sample_weight))
    if sample_weight is None:
        return float(np.count_nonzero(correct))
    return float(np.dot(correct, sample_weight))


def balanced_accuracy_score(y_true, y_pred, *, sample_weight=None, adjusted=False):
    r"""Mean recall over the classes: accuracy that every class counts in equally.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True class labels.
    y_pred : array-like of shape (n_samples,)
        Predicted class labels.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample.
    adjusted : bool, default=False
        Rescale so that chance level (every recall :math:`1/K`) scores 0 and a perfect
        prediction scores 1.

    Returns
    -------
    score : float
        The balanced accuracy (at most 1; the adjusted score can be negative).

    Raises
    ------
    ValueError
        For vectors of different lengths, empty, continuous or NaN labels, strings mixed
        with numbers, or negative or non-finite weights.
    TypeError
        If ``adjusted`` is not a bool.

    See Also
    --------
    recall_score : with ``average="macro"`` it is the same number (when every predicted
        class also occurs in ``y_true``).

    Notes
    -----
    With :math:`K` classes in ``y_true`` and :math:`\text{TPR}_k` the recall of class
    :math:`k`,

    .. math:: \text{BA} = \frac{1}{K} \sum_{k=1}^{K} \text{TPR}_k, \qquad
              \text{binary: } \text{BA} = \frac{\text{TPR} + \text{TNR}}{2},

    and ``adjusted=True`` returns :math:`(\text{BA} - 1/K) / (1 - 1/K)`.

    A class that is predicted but never true has no recall; it is left out of the
    mean with scikit-learn's ``UserWarning`` "y_pred contains classes not in y_true".

    **Differences from scikit-learn.** Negative weights are an error.

    References
    ----------
    .. [1] K. H. Brodersen, C. S. Ong, K. E. Stephan, J. M. Buhmann (2010). The
       balanced accuracy and its posterior distribution. *Proc. 20th International
       Conference on Pattern Recognition (ICPR)*, 3121-3124.
    .. [2] J. D. Kelleher, B. Mac Namee, A. D'Arcy (2015). *Fundamentals of Machine
       Learning for Predictive Data Analytics*. MIT Press (the adjusted form).

    Examples
    --------
    >>> from negedu.metrics import balanced_accuracy_score
    >>> y_true = [0, 0, 0, 0, 0, 0, 1, 1]
    >>> y_pred = [0, 0, 0, 0, 0, 0, 0, 1]
    >>> balanced_accuracy_score(y_true, y_pred)   # (6/6 + 1/2) / 2
    0.75
    >>> balanced_accuracy_score(y_true, y_pred, adjusted=True)
    0.5
    """
    _check_flag(adjusted, "adjusted")
    _, present, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred, sample_weight)
    tp, _, fn, _ = _per_label_counts(y_true, y_pred, present, present, sample_weight)
    true = tp + fn
    with np.errstate(divide="ignore", invalid="ignore"):
        recall = tp / true
    if np.isnan(recall).any():
        warnings.warn("y_pred contains classes not in y_true", UserWarning, stacklevel=2)
        recall = recall[~np.isnan(recall)]
    score = np.mean(recall)
    if adjusted:
        chance = 1 / recall.shape[0]
        score = (score - chance) / (1 - chance)
    return float(score)


def matthews_corrcoef(y_true, y_pred, *, sample_weight=None):
    r"""Matthews correlation coefficient: the correlation between truth and prediction.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True class labels.
    y_pred : array-like of shape (n_samples,)
        Predicted class labels.
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample.

    Returns
    -------
    mcc : float
        In [-1, 1]: 1 perfect, 0 no better than chance, -1 always wrong (binary).

    Raises
    ------
    ValueError
        For vectors of different lengths, empty, continuous or NaN labels, strings mixed
        with numbers, or negative or non-finite weights.

    Notes
    -----
    For a binary task,

    .. math:: \text{MCC} = \frac{TP \cdot TN - FP \cdot FN}
              {\sqrt{(TP + FP)(TP + FN)(TN + FP)(TN + FN)}},

    which is Pearson's correlation of the 0/1 vectors :math:`y` and :math:`\hat y`
    (``np.corrcoef(y_true, y_pred)[0, 1]``). For :math:`K` classes (Gorodkin's
    :math:`R_K`), with :math:`t_k` and :math:`p_k` the true and predicted totals of
    class :math:`k`, :math:`c = \sum_k C_{kk}` the correct ones and :math:`s` all
    samples,

    .. math:: \text{MCC} = \frac{c\,s - \sum_k p_k t_k}
              {\sqrt{\left(s^2 - \sum_k p_k^2\right)\left(s^2 - \sum_k t_k^2\right)}}.

    When the denominator is 0 (one class only in ``y_true`` or in ``y_pred``) the
    correlation is undefined and 0.0 is returned, as in scikit-learn. Only the
    per-class totals are needed: this is O(n + K), without a K x K matrix.

    Unlike F1, MCC is symmetric in the two classes: swapping which class is
    "positive" leaves it unchanged, and it is high only if all four cells are good.

    **Differences from scikit-learn.** Negative weights are an error.

    References
    ----------
    .. [1] B. W. Matthews (1975). Comparison of the predicted and observed secondary
       structure of T4 phage lysozyme. *Biochimica et Biophysica Acta (BBA) - Protein
       Structure* 405(2), 442-451.
    .. [2] J. Gorodkin (2004). Comparing two K-category assignments by a K-category
       correlation coefficient. *Computational Biology and Chemistry* 28(5-6), 367-374.
    .. [3] D. Chicco, G. Jurman (2020). The advantages of the Matthews correlation
       coefficient (MCC) over F1 score and accuracy in binary classification
       evaluation. *BMC Genomics* 21, 6.

    Examples
    --------
    >>> from negedu.metrics import matthews_corrcoef
    >>> matthews_corrcoef([1, 1, 1, 0], [1, 0, 1, 1])
    -0.3333333333333333
    >>> matthews_corrcoef([0, 0, 0, 1], [0, 0, 0, 0])   # undefined: returns 0.0
    0.0
    """
    _, present, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred, sample_weight)
    tp, fp, fn, _ = _per_label_counts(y_true, y_pred, present, present, sample_weight)
    true = (tp + fn).astype(np.float64)  # t_k
    predicted = (tp + fp).astype(np.float64)  # p_k
    correct = np.sum(tp, dtype=np.float64)  # c
    total = predicted.sum()  # s
    cov_true_pred = correct * total - np.dot(true, predicted)
    cov_pred_pred = total**2 - np.dot(predicted, predicted)
    cov_true_true = total**2 - np.dot(true, true)
    denominator = cov_pred_pred * cov_true_true
    if denominator == 0:
        return 0.0
    return float(cov_true_pred / np.sqrt(denominator))


def imbalance_ratio(y):
    r"""Imbalance ratio: size of the largest class over size of the smallest.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels (numbers, booleans or strings).

    Returns
    -------
    ratio : float
        :math:`n_\text{majority} / n_\text{minority}`, at least 1.0.

    Raises
    ------
    ValueError
        If ``y`` is empty, holds NaN or continuous values, or has fewer than two
        classes (the ratio compares two classes).

    Notes
    -----
    .. math:: \text{IR} = \frac{\max_k n_k}{\min_k n_k},

    with :math:`n_k` the number of samples of class :math:`k` present in ``y``. For
    a binary task where the positives are the minority this is
    :math:`n_\text{negative} / n_\text{positive} = (1 - \pi) / \pi`, with :math:`\pi`
    the positive rate: 1 % positives gives IR = 99. A balanced set has IR = 1.

    This is negedu's own function (neither scikit-learn nor imbalanced-learn has one);
    the definition is the usual one of the imbalanced-learning literature, where IR is
    reported next to every benchmark data set. Classes absent from ``y`` are not
    counted (their size would be 0).

    References
    ----------
    .. [1] A. Fernández, S. García, M. Galar, R. C. Prati, B. Krawczyk, F. Herrera
       (2018). *Learning from Imbalanced Data Sets*. Springer (Chapter 1: the
       imbalance ratio).
    .. [2] H. He, E. A. Garcia (2009). Learning from imbalanced data. *IEEE
       Transactions on Knowledge and Data Engineering* 21(9), 1263-1284.

    Examples
    --------
    >>> from negedu.metrics import imbalance_ratio
    >>> imbalance_ratio([0] * 99 + [1])
    99.0
    >>> imbalance_ratio(["cat", "cat", "dog", "dog", "dog", "bird"])
    3.0
    """
    y = _check_label_vector(y, "y")
    classes = _unique_values(y)
    if classes.size < 2:
        raise ValueError(
            f"y has a single class ({classes[0].item()!r}); the imbalance ratio compares a "
            "majority and a minority class. Pass labels of at least two classes."
        )
    counts = np.bincount(_encode(y, classes), minlength=classes.size)
    return float(counts.max() / counts.min())
