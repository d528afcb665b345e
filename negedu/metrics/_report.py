r"""The imbalanced classification report: per-class precision, recall, specificity, F1, G-mean, IBA."""

import numbers

import numpy as np

from negedu._validation import _short
from negedu.metrics._common import _check_labels_param, _check_targets, _unique_values
from negedu.metrics._precision_recall import precision_recall_fscore_support
from negedu.metrics._sensitivity import sensitivity_specificity_support

__all__ = ["classification_report_imbalanced"]

COLUMNS = ("pre", "rec", "spe", "f1", "geo", "iba", "sup")


def classification_report_imbalanced(
    y_true,
    y_pred,
    *,
    labels=None,
    target_names=None,
    sample_weight=None,
    digits=2,
    alpha=0.1,
    output_dict=False,
    zero_division="warn",
):
    r"""Text (or dict) report of the metrics of each class, for imbalanced problems.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True class labels.
    y_pred : array-like of shape (n_samples,)
        Predicted class labels.
    labels : array-like of shape (n_labels,), default=None
        Classes to report, in this order (``None``: every label present, sorted).
    target_names : list of str, default=None
        Display name of each class in ``labels`` (``None``: ``str(label)``).
    sample_weight : array-like of shape (n_samples,), default=None
        Non-negative weight of each sample.
    digits : int, default=2
        Number of decimals in the text (the dict keeps full precision).
    alpha : float, default=0.1
        Weight of the dominance in the index of balanced accuracy.
    output_dict : bool, default=False
        Return a dict instead of the text.
    zero_division : {"warn", 0, 1}, default="warn"
        Value of precision, recall and F1 when their denominator is 0 (see
        :func:`precision_recall_fscore_support`).

    Returns
    -------
    report : str or dict
        The text table; or ``{name: {"pre", "rec", "spe", "f1", "geo", "iba", "sup"}}``
        plus the support-weighted averages ``"avg_pre"``, ..., ``"avg_iba"`` and
        ``"total_support"``.

    Raises
    ------
    ValueError
        For bad label vectors, weights or ``labels``, ``target_names`` of the wrong
        length, ``digits < 0``, a non-numeric ``alpha``, a bad ``zero_division``, or
        when the reported classes have no true sample at all (the averages are then
        undefined).

    See Also
    --------
    precision_recall_fscore_support, sensitivity_specificity_support, geometric_mean_score

    Notes
    -----
    Each row is one class :math:`\ell` against the rest:

    * ``pre`` = PPV, ``rec`` = TPR, ``spe`` = TNR, ``f1`` = :math:`F_1`, ``sup`` =
      number (or weight) of true samples;
    * ``geo`` = :math:`\sqrt{\text{TPR}\cdot\text{TNR}}`, the G-mean of the class;
    * ``iba`` = :math:`(1 + \alpha\,(\text{TPR} - \text{TNR}))\cdot\text{geo}^2`, the
      index of balanced accuracy of García et al.: the squared G-mean, raised when the
      class's own rate (TPR) dominates the rate of the others (TNR) and lowered in the
      opposite case.

    The ``avg / total`` line averages every column weighted by support and sums the
    support. The text layout is imbalanced-learn's, character for character: a first
    column as wide as the longest name (at least ``len("avg / total")``), then seven
    right-aligned columns of width 9.

    The warnings are those of the functions that compute the columns: precision,
    recall and F-score ones (controlled by ``zero_division``), then specificity and
    sensitivity ones.

    **Differences from imbalanced-learn.** With ``sample_weight`` the ``spe``,
    ``geo`` and ``iba`` columns use the weighted TN of
    :func:`sensitivity_specificity_support` (imbalanced-learn mixes weighted and
    unweighted counts there); without weights the output is byte-identical. Too few
    ``target_names`` (imbalanced-learn: ``IndexError``), and classes without any true
    sample (imbalanced-learn: ``ZeroDivisionError``) are ``ValueError`` here. The dict
    holds Python floats and ints instead of NumPy scalars.

    References
    ----------
    .. [1] V. García, R. A. Mollineda, J. S. Sánchez (2009). Index of balanced
       accuracy: a performance measure for skewed class distributions. *Pattern
       Recognition and Image Analysis (IbPRIA 2009)*, LNCS 5524, 441-448.
    .. [2] M. Kubat, S. Matwin (1997). Addressing the curse of imbalanced training
       sets: one-sided selection. *Proc. ICML 1997*, 179-186.

    Examples
    --------
    >>> from negedu.metrics import classification_report_imbalanced
    >>> y_true = [0, 0, 0, 0, 0, 0, 1, 1]
    >>> y_pred = [0, 0, 0, 0, 0, 1, 1, 0]
    >>> print(classification_report_imbalanced(y_true, y_pred, target_names=["neg", "pos"]))
                       pre       rec       spe        f1       geo       iba       sup
    <BLANKLINE>
            neg       0.83      0.83      0.50      0.83      0.65      0.43         6
            pos       0.50      0.50      0.83      0.50      0.65      0.40         2
    <BLANKLINE>
    avg / total       0.75      0.75      0.58      0.75      0.65      0.42         8
    <BLANKLINE>
    """
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral) or digits < 0:
        raise ValueError(f"digits must be an integer >= 0 (decimals shown); got {_short(digits)}.")
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not np.isfinite(alpha):
        raise ValueError(f"alpha must be a real number (the weight of the dominance, finite); got {_short(alpha)}.")
    if not (isinstance(zero_division, str) and zero_division == "warn") and zero_division not in (0, 1):
        raise ValueError(f"zero_division must be 'warn', 0 or 1; got {_short(zero_division)}.")
    _, present, checked_true, _, _ = _check_targets(y_true, y_pred, sample_weight)
    labels = present if labels is None else _check_labels_param(labels, present)
    if not np.isin(labels, _unique_values(checked_true)).any():
        raise ValueError(
            f"none of the classes {_short(labels.tolist())} occurs in y_true, so the "
            "support-weighted averages are undefined. Report classes that y_true contains."
        )
    if target_names is None:
        target_names = [f"{label}" for label in labels]
    elif len(target_names) != len(labels):
        raise ValueError(
            f"target_names has {len(target_names)} names for {len(labels)} classes "
            f"{_short(labels.tolist())}. Give one name per class."
        )

    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, average=None, sample_weight=sample_weight, zero_division=zero_division
    )
    # sensitivity = recall; one call gives both warnings imbalanced-learn's report emits
    sensitivity, specificity, _ = sensitivity_specificity_support(
        y_true, y_pred, labels=labels, average=None, sample_weight=sample_weight
    )
    geo = np.sqrt(sensitivity * specificity)
    iba = (1.0 + alpha * (sensitivity - specificity)) * np.power(geo, 2)
    if np.sum(support) == 0:
        raise ValueError(
            f"the samples of the classes {_short(labels.tolist())} all have weight 0, so the "
            "support-weighted averages are undefined. Give some of them a positive weight."
        )

    columns = (precision, recall, specificity, f1, geo, iba)
    averages = [float(np.average(column, weights=support)) for column in columns]
    total_support = np.sum(support).item()

    if output_dict:
        report = {}
        for i, name in enumerate(target_names):
            report[name] = {key: float(column[i]) for key, column in zip(COLUMNS, columns)}
            report[name]["sup"] = support[i].item()
        for key, value in zip(COLUMNS, averages):
            report[f"avg_{key}"] = value
        report["total_support"] = total_support
        return report

    last_line_heading = "avg / total"
    width = max(max(len(name) for name in target_names), len(last_line_heading), digits)
    line = f"%{width}s  " + " ".join(["% 9s"] * len(COLUMNS)) + "\n"
    text = line % ("", *COLUMNS) + "\n"
    for i, name in enumerate(target_names):
        values = [f"{column[i]:0.{digits}f}" for column in columns]
        text += line % (name, *values, f"{support[i]}")
    text += "\n"
    text += line % (last_line_heading, *(f"{value:0.{digits}f}" for value in averages), f"{total_support}")
    return text
