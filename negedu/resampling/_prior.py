r"""Probabilities after resampling: the ratio beta and the prior correction.

A model trained on resampled data learns the class balance of the resampled set. These two
functions measure how much resampling shifted the balance (:func:`resampling_beta`) and undo
the shift in the predicted probabilities (:func:`prior_correction`); chapter 7 derives both.
"""

import numpy as np

from negedu._validation import _short, check_labels, check_probabilities

__all__ = ["resampling_beta", "prior_correction"]


def resampling_beta(y_before, y_after, *, pos_label=1):
    r"""The factor :math:`\beta` by which resampling multiplied the negatives-per-positive ratio.

    .. math:: \beta = \frac{IR_\text{after}}{IR_\text{before}}
        = \frac{n'_\text{neg} / n'_\text{pos}}{n_\text{neg} / n_\text{pos}} .

    Random undersampling that keeps a share :math:`\beta` of the negatives gives exactly that
    :math:`\beta`; over-sampling the positives :math:`w`-fold gives :math:`\beta = 1/w`.
    :func:`prior_correction` undoes the shift of the probabilities with it.

    >>> resampling_beta([0] * 90 + [1] * 10, [0] * 10 + [1] * 10)
    0.1111111111111111
    """
    counts = []
    for name, y in (("y_before", y_before), ("y_after", y_after)):
        y = check_labels(y, name, fix="Pass the class labels before and after resampling.")
        n_pos = int(np.sum(y == pos_label))
        n_neg = int(y.size - n_pos)
        if n_pos == 0 or n_neg == 0:
            raise ValueError(
                f"{name} must hold both classes to define an imbalance ratio; it has {n_pos} "
                f"positive(s) (pos_label={_short(pos_label)}) and {n_neg} negative(s)."
            )
        counts.append(n_neg / n_pos)
    return float(counts[1] / counts[0])


def prior_correction(y_prob, beta):
    r"""Undo the shift of predicted probabilities caused by resampling the classes.

    A model trained on data where a random share :math:`\beta` of the negatives was kept
    (and every positive) estimates :math:`p_s = P(y = 1 \mid x, \text{selected})`. By Bayes'
    rule, :math:`p_s = p / (p + \beta (1 - p))`, where :math:`p = P(y = 1 \mid x)` is the
    probability in the population. Inverting it gives the correction

    .. math::

        p = \frac{\beta\, p_s}{\beta\, p_s - p_s + 1}
          = \frac{p_s}{p_s + (1 - p_s)/\beta},
        \qquad \operatorname{logit} p = \operatorname{logit} p_s + \log \beta .

    Parameters
    ----------
    y_prob : array-like of shape (n_samples,) or float
        :math:`p_s`, probabilities of the positive class from the model trained on
        resampled data.
    beta : float
        :math:`\beta > 0`, the share of negatives kept, or in general
        :math:`IR_\text{after} / IR_\text{before}` (see :func:`resampling_beta`).
        :math:`\beta = 1` changes nothing.

    Returns
    -------
    y_prob_corrected : ndarray of shape (n_samples,), or float for a float input

    Raises
    ------
    ValueError
        If a probability is outside [0, 1] or ``beta`` is not a positive finite number.

    Notes
    -----
    Exact when the resampling is random *within* each class (random undersampling;
    duplicating every positive :math:`1/\beta` times), so that :math:`P(x \mid y)` is
    unchanged. Cleaners (Tomek links, ENN, NearMiss) and SMOTE change :math:`P(x \mid y)`
    too, and then the correction is an approximation. The code computes the denominator as
    :math:`\beta p_s + (1 - p_s)`, so that :math:`p_s = 1` gives exactly 1. Elkan (2001) states the same
    adjustment of the base rate; Dal Pozzolo, Caelen, Johnson and Bontempi (2015) derive it
    for undersampling, with :math:`\beta = P(\text{selected} \mid y = 0)`.

    References
    ----------
    .. [1] A. Dal Pozzolo, O. Caelen, R. A. Johnson and G. Bontempi (2015). "Calibrating
       Probability with Undersampling for Unbalanced Classification". IEEE Symposium Series
       on Computational Intelligence, 159-166. doi:10.1109/SSCI.2015.33
    .. [2] C. Elkan (2001). "The Foundations of Cost-Sensitive Learning". Proceedings of the
       17th International Joint Conference on Artificial Intelligence, 973-978.

    Examples
    --------
    >>> prior_correction(0.5, 0.1)
    0.09090909090909091
    >>> prior_correction([0.0, 0.5, 1.0], 1.0).tolist()
    [0.0, 0.5, 1.0]
    """
    scalar = np.ndim(y_prob) == 0
    p_s = check_probabilities(np.atleast_1d(np.asarray(y_prob, dtype=float)), "y_prob")
    if isinstance(beta, bool) or not np.isscalar(beta) or not np.isfinite(beta) or beta <= 0:
        raise ValueError(
            f"beta must be a positive number (the share of negatives kept, or IR after / IR "
            f"before), got {_short(beta)}. Use resampling_beta(y_before, y_after) to compute it."
        )
    p = beta * p_s / (beta * p_s + (1.0 - p_s))  # = beta p_s / (beta p_s - p_s + 1); 1 - p_s is exact near 1
    return float(p[0]) if scalar else p
