r"""Shifting negatives: simulated deployment shift, the softmax model, prior adjustment, PSI.

The negative class is whatever was left over when the positives were defined, and what was
left over in the training data is rarely what the model meets in deployment. This module
holds what the chapter "Shifting negatives" needs beyond the rest of negedu:

- :func:`make_shifting_negatives`, a generated world with a positive class, a narrow
  training population of negatives, a broader deployment population (including "legitimate
  marketing" close to the positives) and a nuisance "background" feature that depends on the
  production line; and :func:`make_intents`, one positive intent surrounded by three
  negative ones;
- :func:`adjust_to_prior` and :func:`estimate_prior_em`, the label-shift correction of
  Saerens, Latinne and Decaestecker (2002);
- :func:`population_stability_index`, a drift monitor for score distributions.

The multiclass model of the chapter, multinomial logistic regression, is
:class:`negedu.losses.SoftmaxRegression`. NumPy only.
"""

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import (
    _short,
    check_choice,
    check_fraction,
    check_int,
    check_random_state,
    check_scores,
)

__all__ = [
    "NEGATIVE_GROUPS",
    "make_shifting_negatives",
    "INTENTS",
    "make_intents",
    "adjust_to_prior",
    "estimate_prior_em",
    "population_stability_index",
]

# ------------------------------------------------------------------------------------ data
#: The negative sub-populations of :func:`make_shifting_negatives`: name -> (centre, spread).
NEGATIVE_GROUPS = {
    "ordinary": ((-1.5, 0.0), 0.8),   # the negatives that were collected for training
    "marketing": ((1.0, 2.0), 0.5),   # legitimate marketing: close to the positives, unseen in training
}
_POSITIVE = ((2.0, 0.0), 0.6)
_LINES = ("A", "B", "randomised")


def make_shifting_negatives(n_positive=60, n_negative=540, *, marketing=0.0, line="A", random_state=None):
    r"""A positive class and a negative class whose make-up depends on where the data come from.

    Every row has two *signal* features and one *background* feature (a nuisance, such as the
    table a part is photographed on):

    - positives: signal :math:`\sim \mathcal N((2, 0), 0.6^2 I)`;
    - negatives: a share ``1 - marketing`` of *ordinary* negatives,
      :math:`\mathcal N((-1.5, 0), 0.8^2 I)`, the only kind collected for training, and a share
      ``marketing`` of *legitimate marketing*, :math:`\mathcal N((1, 2), 0.5^2 I)`, close to
      the positives;
    - background: on line ``"A"`` it follows the class by accident (positives
      :math:`\mathcal N(1, 0.5^2)`, negatives :math:`\mathcal N(-1, 0.5^2)`), on line ``"B"``
      it is :math:`\mathcal N(1, 0.5^2)` for every row (another table, the same for all
      parts), and ``"randomised"`` draws it :math:`\mathcal U(-3, 3)` for every row
      (domain randomisation: the background tells nothing about the class).

    Parameters
    ----------
    n_positive, n_negative : int, default=60, 540
        Rows of each class (at least 1 each).
    marketing : float, default=0.0
        Share of the negatives drawn from the marketing sub-population, in [0, 1]; the number
        of marketing rows is ``round(marketing * n_negative)``. 0 is the narrow training
        population.
    line : {"A", "B", "randomised"}, default="A"
    random_state : None, int or numpy.random.RandomState

    Returns
    -------
    data : Bunch
        ``X`` (n_positive + n_negative, 3): signal 1, signal 2, background; ``y`` (1 =
        positive); ``group`` (``"positive"``, ``"ordinary"`` or ``"marketing"`` per row).
        Rows come positives first, then ordinary, then marketing negatives (not shuffled).

    Raises
    ------
    ValueError
        If ``marketing`` is outside [0, 1] or ``line`` is not one of the three lines.

    Notes
    -----
    Draw order: standard normal signal noise of all rows (in row order, two columns), then
    the background noise of all rows (normal for lines A and B, uniform for "randomised").

    Examples
    --------
    >>> data = make_shifting_negatives(5, 10, marketing=0.3, random_state=0)
    >>> data.X.shape, data.y.tolist().count(1), sorted(set(data.group.tolist()))
    ((15, 3), 5, ['marketing', 'ordinary', 'positive'])
    """
    n_positive = check_int(n_positive, "n_positive", minimum=1)
    n_negative = check_int(n_negative, "n_negative", minimum=1)
    marketing = check_fraction(marketing, "marketing", low=0.0, high=1.0, low_open=False)
    line = check_choice(line, "line", _LINES)
    rng = check_random_state(random_state)
    n_marketing = int(round(marketing * n_negative))
    counts = {"positive": n_positive, "ordinary": n_negative - n_marketing, "marketing": n_marketing}
    params = {"positive": _POSITIVE, **NEGATIVE_GROUPS}
    group = np.repeat(list(counts), list(counts.values()))
    y = (group == "positive").astype(int)
    centre = np.array([params[g][0] for g in group], dtype=float)  # (n, 2)
    spread = np.array([params[g][1] for g in group], dtype=float)  # (n,)
    signal = centre + spread[:, None] * rng.standard_normal((y.size, 2))
    if line == "randomised":
        background = rng.uniform(-3.0, 3.0, size=y.size)
    else:
        mean = np.where(y == 1, 1.0, -1.0) if line == "A" else np.ones(y.size)
        background = mean + 0.5 * rng.standard_normal(y.size)
    return Bunch(X=np.column_stack([signal, background]), y=y, group=group)


#: The intents of :func:`make_intents`, by label; 0 ("purchase") is the positive one.
INTENTS = ("purchase", "browse", "support", "complaint")


def make_intents(n_per_intent=(60, 180, 120, 120), *, radius=2.2, spread=0.55, random_state=None):
    r"""One positive intent in the middle, three negative intents around it (two features).

    Intent 0, *purchase*, is :math:`\mathcal N(0, s^2 I)`; intents 1 to 3 (*browse*,
    *support*, *complaint*) are :math:`\mathcal N(r(\cos\theta_k, \sin\theta_k), s^2 I)`
    with :math:`\theta_k = 90°, 210°, 330°`: the negatives surround the positive, so no
    single straight line separates "purchase" from "not purchase".

    Parameters
    ----------
    n_per_intent : sequence of 4 int, default=(60, 180, 120, 120)
    radius : float, default=2.2
        :math:`r`, the distance of the negative intents from the purchase intent.
    spread : float, default=0.55
        :math:`s`.
    random_state : None, int or numpy.random.RandomState

    Returns
    -------
    data : Bunch
        ``X`` (n, 2), ``intent`` (labels 0-3, in blocks: intent 0 first), ``y`` (1 for
        purchase, else 0) and ``names`` (:data:`INTENTS`).

    Notes
    -----
    One draw: the standard normal noise of all rows, in row order.

    Examples
    --------
    >>> data = make_intents((3, 2, 2, 2), random_state=0)
    >>> data.X.shape, data.y.sum().item(), data.intent.tolist()
    ((9, 2), 3, [0, 0, 0, 1, 1, 2, 2, 3, 3])
    """
    counts = [check_int(n, f"n_per_intent[{k}]", minimum=1) for k, n in enumerate(n_per_intent)]
    if len(counts) != 4:
        raise ValueError(f"n_per_intent must give 4 counts (purchase, browse, support, complaint), got {len(counts)}.")
    rng = check_random_state(random_state)
    angles = np.deg2rad([90.0, 210.0, 330.0])
    centres = np.vstack([[0.0, 0.0], radius * np.column_stack([np.cos(angles), np.sin(angles)])])  # (4, 2)
    intent = np.repeat(np.arange(4), counts)
    X = centres[intent] + spread * rng.standard_normal((intent.size, 2))
    return Bunch(X=X, intent=intent, y=(intent == 0).astype(int), names=INTENTS)


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
