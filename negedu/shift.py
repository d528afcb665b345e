r"""Shifting negatives: simulated deployment shift, the softmax model, prior adjustment, PSI.

The negative class is whatever was left over when the positives were defined, and what was
left over in the training data is rarely what the model meets in deployment. This module
holds what the chapter "Shifting negatives" needs beyond the rest of negedu (its generated
worlds, :func:`negedu.datasets.make_shifting_negatives` and :func:`negedu.datasets.make_intents`,
are in :mod:`negedu.datasets`):

- :func:`adjust_to_prior` and :func:`estimate_prior_em`, the label-shift correction of
  Saerens, Latinne and Decaestecker (2002);
- :func:`population_stability_index`, a drift monitor for score distributions.

The multiclass model of the chapter, multinomial logistic regression, is
:class:`negedu.losses.SoftmaxRegression`. NumPy only.
"""

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import _short, check_int, check_scores

__all__ = [
    "adjust_to_prior",
    "estimate_prior_em",
    "population_stability_index",
]


# ------------------------------------------------------------------------- label shift
def _as_prob_matrix(y_prob, name):
    P = np.asarray(y_prob, dtype=float)
    binary = P.ndim == 1
    if binary:
        P = np.column_stack([1.0 - P, P])
    if P.ndim != 2 or P.shape[1] < 2:
        raise ValueError(f"{name} must be 1-D (the positive class's probability) or 2-D (n_samples, n_classes), "
                         f"got shape {P.shape}.")
    if not np.all(np.isfinite(P)) or P.min() < 0 or P.max() > 1:
        raise ValueError(f"{name} must hold probabilities in [0, 1]. Pass predict_proba(X) (or its column 1).")
    return P, binary


def _as_prior(prior, K, name):
    q = np.atleast_1d(np.asarray(prior, dtype=float))
    if q.size == 1 and K == 2:
        q = np.array([1.0 - q[0], q[0]])
    if q.shape != (K,) or not np.all(np.isfinite(q)) or np.any(q <= 0) or abs(q.sum() - 1.0) > 1e-9:
        raise ValueError(
            f"{name} must be a probability strictly between 0 and 1 (the positive rate) for binary "
            f"scores, or {K} positive class shares summing to 1; got {_short(prior)}."
        )
    return q


def adjust_to_prior(y_prob, train_prior, new_prior):
    r"""Re-weight posterior probabilities from the training priors to new priors (label shift).

    If only the class priors change between training and deployment (:math:`P(x \mid y)` stays
    the same), Bayes' rule gives the deployment posterior from the training one:

    .. math::

        p'_k(x) = \frac{\dfrac{\pi'_k}{\pi_k}\, p_k(x)}{\sum_l \dfrac{\pi'_l}{\pi_l}\, p_l(x)},
        \qquad\text{binary: }\ \operatorname{logit} p' = \operatorname{logit} p
        + \log\frac{\pi'}{1 - \pi'} - \log\frac{\pi}{1 - \pi}.

    Parameters
    ----------
    y_prob : array-like of shape (n_samples,) or (n_samples, K)
        :math:`p(x)`, posteriors under the training priors: the positive class's probability,
        or one column per class.
    train_prior, new_prior : float or array-like of shape (K,)
        :math:`\pi` and :math:`\pi'`: the positive rate (binary) or the class shares.

    Returns
    -------
    y_prob_adjusted : ndarray with the shape of ``y_prob``

    Raises
    ------
    ValueError
        If a probability is outside [0, 1] or a prior is not in (0, 1) / does not sum to 1.

    Notes
    -----
    This is the adjustment of Saerens, Latinne and Decaestecker (2002), eq. 2.4. It is
    :func:`negedu.resampling.prior_correction` with
    :math:`\beta = \frac{\pi'/(1-\pi')}{\pi/(1-\pi)}`. It is exact only for calibrated
    posteriors and a pure prior shift.

    References
    ----------
    .. [1] M. Saerens, P. Latinne and C. Decaestecker (2002). "Adjusting the Outputs of a
       Classifier to New a Priori Probabilities: A Simple Procedure". Neural Computation
       14(1), 21-41. doi:10.1162/089976602753284446

    Examples
    --------
    >>> adjust_to_prior([0.5, 0.9], 0.5, 0.1).round(4).tolist()
    [0.1, 0.5]
    """
    P, binary = _as_prob_matrix(y_prob, "y_prob")
    K = P.shape[1]
    ratio = _as_prior(new_prior, K, "new_prior") / _as_prior(train_prior, K, "train_prior")  # (K,)
    Q = P * ratio  # (n, K) numerators
    Q = Q / Q.sum(axis=1, keepdims=True)
    return Q[:, 1] if binary else Q


def estimate_prior_em(y_prob, train_prior, *, max_iter=1000, tol=1e-10):
    r"""Estimate the deployment priors from unlabelled posteriors by EM (Saerens et al., 2002).

    Start from :math:`\pi^{(0)} = \pi` (the training priors) and alternate

    .. math::

        \text{E-step: } p^{(s)}_{ik} = \text{adjust}(p_i;\ \pi \to \pi^{(s)})_k, \qquad
        \text{M-step: } \pi^{(s+1)}_k = \frac{1}{n} \sum_{i=1}^n p^{(s)}_{ik},

    until no prior moves by more than ``tol``. Each step increases the likelihood of the
    unlabelled deployment data under the model :math:`P'(x) = \sum_k \pi'_k P(x \mid k)`.

    Parameters
    ----------
    y_prob : array-like of shape (n_samples,) or (n_samples, K)
        Posteriors of the deployment rows under the training priors (a calibrated model).
    train_prior : float or array-like of shape (K,)
    max_iter : int, default=1000
    tol : float, default=1e-10

    Returns
    -------
    result : Bunch
        ``prior`` (a float, the positive rate, for 1-D ``y_prob``; else an array (K,)),
        ``y_prob`` (the posteriors adjusted to it, shape of the input) and ``n_iter``.

    Raises
    ------
    ValueError
        As :func:`adjust_to_prior`.

    Notes
    -----
    The fixed point satisfies :math:`\pi'_k = \operatorname{mean}_i p'_{ik}`: the adjusted
    posteriors average to the priors they assume. Convergence can be slow when the classes
    overlap strongly; the estimate is only as good as the calibration of ``y_prob``.

    References
    ----------
    .. [1] M. Saerens, P. Latinne and C. Decaestecker (2002). Neural Computation 14(1), 21-41.
       doi:10.1162/089976602753284446

    Examples
    --------
    >>> result = estimate_prior_em([0.9, 0.8, 0.2, 0.1], 0.5)
    >>> round(result.prior, 4)
    0.5
    """
    P, binary = _as_prob_matrix(y_prob, "y_prob")
    max_iter = check_int(max_iter, "max_iter", minimum=1)
    pi = _as_prior(train_prior, P.shape[1], "train_prior")
    prior = pi.copy()
    n_iter = 0
    for n_iter in range(1, max_iter + 1):
        Q = adjust_to_prior(P, pi, prior)  # E-step
        new = Q.mean(axis=0)  # M-step
        moved = np.max(np.abs(new - prior))
        prior = new
        if moved < tol:
            break
    Q = adjust_to_prior(P, pi, prior)
    if binary:
        return Bunch(prior=float(prior[1]), y_prob=Q[:, 1], n_iter=n_iter)
    return Bunch(prior=prior, y_prob=Q, n_iter=n_iter)


# -------------------------------------------------------------------------- monitoring
def population_stability_index(expected, actual, *, bins=10, eps=1e-4):
    r"""The population stability index (PSI) of a score distribution against a reference.

    Cut the real line at the quantiles :math:`q_{1/B}, \dots, q_{(B-1)/B}` of the reference
    scores ``expected`` (so each of the :math:`B` bins holds about :math:`1/B` of them), count
    the share of reference scores :math:`e_j` and of new scores :math:`a_j` in each bin, and sum

    .. math:: \mathrm{PSI} = \sum_{j=1}^B (a_j - e_j) \ln\frac{a_j}{e_j},

    a symmetrised Kullback-Leibler divergence (:math:`\mathrm{KL}(a\|e) + \mathrm{KL}(e\|a)`)
    of the two binned distributions. A common rule of thumb: below 0.1 stable, 0.1-0.25 a
    moderate shift, above 0.25 a large one.

    Parameters
    ----------
    expected : array-like of shape (n,)
        Reference scores (e.g. the validation set's, when the model was accepted).
    actual : array-like of shape (m,)
        New scores (e.g. this week's).
    bins : int, default=10
        :math:`B`, at least 2.
    eps : float, default=1e-4
        Shares below ``eps`` are raised to ``eps`` before the logarithm, so that an empty bin
        gives a large but finite PSI.

    Returns
    -------
    psi : float

    Notes
    -----
    The inner edges are ``np.quantile(expected, j / bins)`` (linear interpolation); the outer
    bins are open (:math:`-\infty` and :math:`+\infty`); a score equal to an edge goes to the
    bin on its right. Repeated edges (ties in ``expected``) give empty bins, which count 0.

    References
    ----------
    .. [1] B. Yurdakul (2018). "Statistical Properties of Population Stability Index".
       Dissertation, Western Michigan University.

    Examples
    --------
    >>> population_stability_index([1, 2, 3, 4], [1, 2, 3, 4], bins=2)
    0.0
    """
    expected = check_scores(expected, "expected").astype(float)
    actual = check_scores(actual, "actual").astype(float)
    bins = check_int(bins, "bins", minimum=2, hint="Use bins=10 (deciles).")
    if expected.size == 0 or actual.size == 0:
        raise ValueError(f"expected and actual need at least one score each, got {expected.size} and {actual.size}.")
    if isinstance(eps, bool) or not np.isscalar(eps) or not 0 < eps < 1:
        raise ValueError(f"eps must be a small positive number such as 1e-4, got {_short(eps)}.")
    edges = np.quantile(expected, np.arange(1, bins) / bins)  # (bins - 1,) inner edges
    e = np.bincount(np.searchsorted(edges, expected, side="right"), minlength=bins) / expected.size
    a = np.bincount(np.searchsorted(edges, actual, side="right"), minlength=bins) / actual.size
    e, a = np.maximum(e, eps), np.maximum(a, eps)
    return float(np.sum((a - e) * np.log(a / e)))
