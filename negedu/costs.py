r"""Decisions when a miss costs its amount, and what they cost per day.

The setting of a fraud team: each alert costs a fixed review cost :math:`R` (an analyst's
time), whether or not the payment was fraud, and a missed fraud loses its amount :math:`a`.
For a calibrated probability :math:`p` of fraud, flagging costs :math:`R` for sure and
passing costs :math:`a` with probability :math:`p`, so flagging is the cheaper decision when

.. math:: p \cdot a \ge R, \quad\text{that is}\quad p \ge R / a,

the Bayes-optimal decision rule with one threshold per payment (Elkan, "The foundations of
cost-sensitive learning", IJCAI 2001; Bahnsen et al., "Example-dependent cost-sensitive
decision trees", Expert Systems with Applications 2015). With a fixed cost per miss it is the
threshold :func:`negedu.losses.cost_threshold`; here the cost of a miss varies by row.
"""

import numbers

import numpy as np

from ._validation import _short, check_1d, check_consistent_length, check_labels, check_probabilities

__all__ = ["cost_decisions", "daily_costs"]


def _check_cost(value, name, fix):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a non-negative number, got {_short(value)}. {fix}")
    return value


def cost_decisions(p, amount, review_cost):
    r"""Flag a payment when its expected loss is at least the review cost: :math:`p \cdot a \ge R`.

    Parameters
    ----------
    p : array-like of shape (n_samples,)
        Calibrated probabilities of fraud (of the positive class), in [0, 1].
    amount : array-like of shape (n_samples,)
        :math:`a`, what a missed fraud on each row loses.
    review_cost : float
        :math:`R`, the cost of one alert (non-negative).

    Returns
    -------
    flags : ndarray of int, shape (n_samples,)
        1 for a flagged payment, 0 for one let through.

    Notes
    -----
    The rule needs probabilities, not just scores: after resampling or class weights, apply
    the prior correction first (:func:`negedu.resampling.prior_correction`).

    Examples
    --------
    >>> cost_decisions([0.1, 0.1, 0.5], [40.0, 60.0, 5.0], 5).tolist()
    [0, 1, 0]
    """
    p = check_probabilities(p, "p")
    amount = check_1d(amount, "amount", allow_nonfinite=False).astype(float)
    check_consistent_length(p, amount, names=["p", "amount"])
    review_cost = _check_cost(review_cost, "review_cost", "Use the cost of reviewing one alert, e.g. 5 (euros).")
    return (p * amount >= review_cost).astype(int)


def _check_zero_one(values, name, fix):
    """0/1 (or boolean) labels of a binary decision; anything else is an error that says ``fix``."""
    values = check_labels(values, name, fix=fix)
    found = set(np.unique(values).tolist())
    if not found <= {0, 1}:
        raise ValueError(f"{name} must hold 0 and 1 only, got {_short(sorted(found, key=str))}. {fix}")
    return values


def daily_costs(y, amount, flags, review_cost, n_days):
    r"""Money lost to missed fraud, money spent on reviews, and their sum, per day.

    .. math::

        \text{lost} = \frac{1}{D} \sum_{i:\, y_i = 1,\ \hat y_i = 0} a_i, \qquad
        \text{review} = \frac{R}{D} \sum_i \hat y_i

    over a period of :math:`D` days, with :math:`\hat y` the flags.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        1 for fraud, 0 for a legitimate payment.
    amount : array-like of shape (n_samples,)
    flags : array-like of shape (n_samples,)
        1 for a flagged payment (e.g. from :func:`cost_decisions`).
    review_cost : float
    n_days : float
        :math:`D`, the length of the period in days.

    Returns
    -------
    lost, review, total : float
        Euros per day.

    Examples
    --------
    >>> daily_costs([1, 1, 0, 0], [100.0, 30.0, 20.0, 10.0], [1, 0, 1, 0], 5, 2)
    (15.0, 5.0, 20.0)
    """
    y = _check_zero_one(y, "y", "Pass 1 for a fraud and 0 for a genuine transaction.")
    amount = check_1d(amount, "amount", allow_nonfinite=False, copy=False)
    flags = _check_zero_one(flags, "flags", "Pass 1 (or True) for a flagged transaction and 0 for the others.")
    check_consistent_length(y, amount, flags, names=["y", "amount", "flags"])
    review_cost = _check_cost(review_cost, "review_cost", "Use the cost of reviewing one alert, e.g. 5 (euros).")
    if isinstance(n_days, bool) or not isinstance(n_days, numbers.Real) or not np.isfinite(n_days) or n_days <= 0:
        raise ValueError(f"n_days must be a positive number of days, got {_short(n_days)}. "
                         "Use the length of the period the rows cover, e.g. 15.")
    lost = float(np.sum(amount[(y == 1) & (flags == 0)])) / n_days
    review = float(review_cost * flags.sum()) / n_days
    return lost, review, lost + review
