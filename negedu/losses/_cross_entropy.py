r"""Binary cross-entropy from logits, with sample and class weights, and its gradient.

The loss every logistic model minimises, written so that a weight can reshape it: each
example's loss is multiplied by its sample weight and by the weight of its class. Computed
from the logit :math:`z` (the log-odds), never from :math:`\log(\sigma(z))`, so that it
stays finite and exact for :math:`|z|` in the hundreds.
"""

import numpy as np

from negedu._numerics import REDUCTIONS, sigmoid
from negedu._validation import _short, check_1d, check_choice, check_consistent_length, check_sample_weight, check_scores
from negedu.losses._class_weight import compute_class_weight

__all__ = ["binary_cross_entropy", "binary_cross_entropy_grad", "sigmoid"]  # sigmoid: from negedu._numerics


def _weights(y, sample_weight, class_weight):
    """Each example's weight :math:`s_i\\,w_{y_i}`, validated."""
    s = check_sample_weight(sample_weight, y.size)
    if class_weight is None:
        return s
    if isinstance(class_weight, str) and class_weight == "balanced":
        classes = np.unique(y)
    else:
        classes = np.array([0, 1])
    w = compute_class_weight(class_weight, classes=classes, y=y, sample_weight=s)
    return s * w[np.searchsorted(classes, y)]


def _check_inputs(y_true, logits, sample_weight, class_weight, reduction):
    check_choice(reduction, "reduction", REDUCTIONS)
    y = check_1d(y_true, "y_true")
    z = check_scores(logits, "logits").astype(float)
    check_consistent_length(y, z, names=["y_true", "logits"])
    if y.dtype.kind not in "biuf" or not np.all((y == 0) | (y == 1)):
        raise ValueError(
            f"y_true must hold the labels 0 (negative) and 1 (positive), got "
            f"{_short(np.unique(y).tolist())}. Convert first, e.g. y_true = (y == positive_label)."
        )
    y = y.astype(int)
    weight = _weights(y, sample_weight, class_weight)
    return y, z, weight


def _normaliser(weight, reduction):
    if reduction != "mean" or weight.size == 0:  # the mean of no losses is 0.0, as in negedu._numerics.reduce
        return 1.0
    total = float(np.sum(weight))
    if total == 0:
        raise ValueError(
            "reduction='mean' divides by the total weight, which is 0 here (every sample has weight 0). "
            "Give some samples a positive weight, or use reduction='sum'."
        )
    return total


def binary_cross_entropy(y_true, logits, *, sample_weight=None, class_weight=None, reduction="mean"):
    r"""Weighted binary cross-entropy (log-loss) of labels given logits.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels 0 (negative) and 1 (positive).
    logits : array-like of shape (n_samples,)
        :math:`z_i`, the model's log-odds of the positive class; the probability is
        :math:`p_i = \sigma(z_i)`. Use ``np.log(p) - np.log1p(-p)`` to start from
        probabilities.
    sample_weight : array-like of shape (n_samples,), default=None
        :math:`s_i \ge 0` (1 when ``None``).
    class_weight : dict, "balanced" or None, default=None
        :math:`w_0, w_1`, as in :func:`compute_class_weight`; ``"balanced"`` is computed from
        ``y_true`` (and ``sample_weight``), ``n / (2 n_k)``.
    reduction : {"mean", "sum", "none"}, default="mean"

    Returns
    -------
    loss : float, or ndarray of shape (n_samples,) for ``reduction="none"``

    Raises
    ------
    ValueError
        If a label is not 0 or 1, the lengths differ, a logit is not finite, ``reduction`` is
        unknown, or (for ``"mean"``) every weight is 0; the errors of
        :func:`compute_class_weight`.

    Notes
    -----
    With :math:`v_i = s_i\, w_{y_i}` the weight of example :math:`i`,

    .. math::

        \ell_i = -y_i \log p_i - (1 - y_i)\log(1 - p_i) = \log(1 + e^{z_i}) - y_i z_i ,

    computed as ``np.logaddexp(0, z) - y * z``. ``"none"`` returns :math:`v_i \ell_i`,
    ``"sum"`` returns :math:`\sum_i v_i \ell_i`, and ``"mean"`` the **weighted mean**

    .. math:: L = \frac{\sum_i v_i\, \ell_i}{\sum_i v_i} ,

    which is scikit-learn's ``log_loss(y_true, p, sample_weight=v)`` and PyTorch's
    ``CrossEntropyLoss(weight=...)`` normalisation. Dividing by :math:`n` instead (PyTorch's
    ``BCEWithLogitsLoss(weight=...)``) is ``reduction="sum"`` divided by ``n``; the two
    differ by the constant factor :math:`\sum_i v_i / n` (1 without weights, and also 1 with
    ``"balanced"`` class weights, whose sum is :math:`n`), so they have the same minimiser.
    Logistic regression with class weights minimises :math:`C \sum_i v_i \ell_i` plus its
    penalty (see :func:`fit_logistic_regression`).

    Examples
    --------
    >>> y, z = np.array([0, 0, 0, 1]), np.array([-2.0, 0.0, 1.0, 0.5])
    >>> round(binary_cross_entropy(y, z), 6)
    0.651853
    >>> round(binary_cross_entropy(y, z, class_weight="balanced"), 6)
    0.592595
    >>> binary_cross_entropy(y, [800.0, 0, 0, -800.0], reduction="none").round(4).tolist()
    [800.0, 0.6931, 0.6931, 800.0]
    """
    y, z, weight = _check_inputs(y_true, logits, sample_weight, class_weight, reduction)
    per_sample = weight * (np.logaddexp(0.0, z) - y * z)  # v_i * l_i, stable for any z
    if reduction == "none":
        return per_sample
    return float(np.sum(per_sample) / _normaliser(weight, reduction))


def binary_cross_entropy_grad(y_true, logits, *, sample_weight=None, class_weight=None, reduction="mean"):
    r"""Gradient of :func:`binary_cross_entropy` with respect to the logits.

    Parameters are those of :func:`binary_cross_entropy`.

    Returns
    -------
    grad : ndarray of shape (n_samples,)
        :math:`\partial L / \partial z_i`. For ``"none"``, entry :math:`i` is the derivative
        of the :math:`i`-th loss with respect to its own logit (the diagonal of the Jacobian;
        the other entries are 0), which equals the ``"sum"`` gradient.

    Notes
    -----
    :math:`\partial \ell_i / \partial z_i = \sigma(z_i) - y_i = p_i - y_i`, so

    .. math:: \frac{\partial L}{\partial z_i} = \frac{v_i\,(p_i - y_i)}{N},

    with :math:`N = \sum_j v_j` for ``"mean"`` and :math:`N = 1` otherwise. A class weight
    scales the pull of every example of its class: with :math:`w_1 = 19`, a missed apple
    pulls the model 19 times as hard as a false alarm of the same confidence.

    Examples
    --------
    >>> binary_cross_entropy_grad([0, 1], [0.0, 0.0], reduction="sum").tolist()
    [0.5, -0.5]
    >>> binary_cross_entropy_grad([0, 1], [0.0, 0.0], class_weight={1: 3.0}, reduction="sum").tolist()
    [0.5, -1.5]
    """
    y, z, weight = _check_inputs(y_true, logits, sample_weight, class_weight, reduction)
    return weight * (sigmoid(z) - y) / _normaliser(weight, reduction)
