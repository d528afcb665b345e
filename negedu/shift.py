r"""Shifting negatives: simulated deployment shift, the softmax model, prior adjustment, PSI.

The negative class is whatever was left over when the positives were defined, and what was
left over in the training data is rarely what the model meets in deployment. This module
holds what the chapter "Shifting negatives" needs beyond the rest of negedu:

- :func:`make_shifting_negatives`, a generated world with a positive class, a narrow
  training population of negatives, a broader deployment population (including "legitimate
  marketing" close to the positives) and a nuisance "background" feature that depends on the
  production line; and :func:`make_intents`, one positive intent surrounded by three
  negative ones;
- :func:`softmax_regression` / :class:`SoftmaxRegression`, multinomial logistic regression
  (the multiclass loss that keeps negative sub-populations apart), with its objective and
  gradient in :func:`softmax_objective`;
- :func:`adjust_to_prior` and :func:`estimate_prior_em`, the label-shift correction of
  Saerens, Latinne and Decaestecker (2002);
- :func:`population_stability_index`, a drift monitor for score distributions.

NumPy only. (The open-set chapter may grow its own softmax classifier; the two could be merged.)
"""

import numpy as np

from negedu._validation import (
    _short,
    check_1d,
    check_array,
    check_choice,
    check_consistent_length,
    check_fraction,
    check_int,
    check_random_state,
    check_scores,
)
from negedu.datasets import Bunch

__all__ = [
    "NEGATIVE_GROUPS",
    "make_shifting_negatives",
    "INTENTS",
    "make_intents",
    "softmax_objective",
    "softmax_regression",
    "SoftmaxRegression",
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


# ------------------------------------------------------------------------------ the model
def _softmax(T):
    T = T - T.max(axis=1, keepdims=True)  # stable: the largest score becomes 0
    E = np.exp(T)
    return E / E.sum(axis=1, keepdims=True)


def _class_indices(y):
    classes, index = np.unique(y, return_inverse=True)
    return classes, index.ravel()


def softmax_objective(coef, intercept, X, y, *, C=1.0):
    r"""The L2-penalised multinomial log-loss and its gradient.

    .. math::

        J(W, b) = \frac{1}{2}\lVert W \rVert_F^2
        + C \sum_{i=1}^n \Big[\log \sum_{k=1}^K e^{t_{ik}} - t_{i y_i}\Big],
        \qquad t_{ik} = w_k^\top x_i + b_k,

    with gradients :math:`\partial J / \partial W = C (P - Y)^\top X + W` and
    :math:`\partial J / \partial b = C (P - Y)^\top \mathbf 1`, where
    :math:`P_{ik} = e^{t_{ik}} / \sum_l e^{t_{il}}` (the softmax) and :math:`Y` is the one-hot
    matrix of the labels. The log-sum-exp is computed stably.

    Parameters
    ----------
    coef : array-like of shape (K, n_features)
        :math:`W`, one row per class.
    intercept : array-like of shape (K,)
        :math:`b` (not penalised).
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Class indices 0 to K - 1.
    C : float, default=1.0

    Returns
    -------
    value : float
    grad_coef : ndarray of shape (K, n_features)
    grad_intercept : ndarray of shape (K,)

    Examples
    --------
    >>> value, g_w, g_b = softmax_objective(np.zeros((3, 1)), np.zeros(3), [[1.0], [2.0]], [0, 2])
    >>> round(value, 6), g_b.round(4).tolist()
    (2.197225, [-0.3333, 0.6667, -0.3333])
    """
    X = check_array(X, "X", copy=False)
    y = check_1d(y, "y", copy=False).astype(int)
    W = np.asarray(coef, dtype=float)
    b = np.asarray(intercept, dtype=float)
    T = X @ W.T + b  # (n, K) scores
    top = T.max(axis=1, keepdims=True)
    log_norm = top[:, 0] + np.log(np.exp(T - top).sum(axis=1))  # (n,) log-sum-exp
    value = C * np.sum(log_norm - T[np.arange(y.size), y]) + 0.5 * np.sum(W**2)
    R = np.exp(T - log_norm[:, None])  # (n, K) = P
    R[np.arange(y.size), y] -= 1.0  # P - Y
    return float(value), C * R.T @ X + W, C * R.sum(axis=0)


def softmax_regression(X, y, *, C=1.0, max_iter=100, tol=1e-10):
    r"""Fit an L2-penalised multinomial (softmax) logistic regression by Newton's method.

    The model gives every class :math:`k` a linear score :math:`t_k(x) = w_k^\top x + b_k`
    and the probabilities :math:`P(y = k \mid x) = e^{t_k} / \sum_l e^{t_l}`; it predicts the
    class with the largest score, so each class's region is an intersection of half-planes
    (a convex polygon). The fit minimises :func:`softmax_objective`, the objective of
    scikit-learn's ``LogisticRegression(C=C)`` for more than two classes.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Any labels; at least two classes.
    C : float, default=1.0
        Inverse strength of the L2 penalty on :math:`W`, as in scikit-learn.
    max_iter : int, default=100
    tol : float, default=1e-10
        Stop when the largest gradient entry, divided by :math:`C n`, is below ``tol``.

    Returns
    -------
    model : Bunch
        ``classes`` (K,), ``coef`` (K, n_features), ``intercept`` (K,) and ``n_iter``.

    Raises
    ------
    ValueError
        If ``y`` holds fewer than two classes or ``C`` is not positive.

    Notes
    -----
    Each Newton step solves :math:`H \Delta = g` for all :math:`K(d + 1)` parameters, with the
    Hessian blocks :math:`H_{kl} = C \sum_i P_{ik}(\delta_{kl} - P_{il})\, \tilde x_i \tilde
    x_i^\top` plus the identity on the :math:`W` part (:math:`\tilde x_i = (x_i, 1)`), and halves
    the step until the objective decreases. Adding the same number to every score changes no
    probability, so the intercepts are determined only up to a common constant: the Hessian is
    singular in that direction, the least-squares solve takes the minimum-norm step, and the
    intercepts, started at 0, keep summing to 0. The penalty makes the coefficients sum to 0
    over the classes at the optimum.

    Differences from scikit-learn: for two classes scikit-learn fits one binary model (one
    coefficient row); this function always fits the symmetric K-row form, so with K = 2 its
    rows are :math:`\pm w/2` of a binary model with C doubled. For K >= 3 the optimum is the
    same as scikit-learn's (``solver="lbfgs"``), which we reach more tightly than its default
    ``tol=1e-4``.

    References
    ----------
    .. [1] C. M. Bishop (2006). *Pattern Recognition and Machine Learning*, section 4.3.4,
       "Multiclass logistic regression". Springer.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
    >>> model = softmax_regression(X, [0, 0, 1, 1, 2, 2])
    >>> round(float(model.coef[2, 0]), 3), abs(round(float(model.coef.sum()), 9)), abs(round(float(model.intercept.sum()), 9))
    (0.953, 0.0, 0.0)
    """
    X = check_array(X, "X")
    y = check_1d(y, "y")
    check_consistent_length(X, y, names=["X", "y"])
    if isinstance(C, bool) or not np.isscalar(C) or not C > 0:
        raise ValueError(f"C must be a positive number (the inverse penalty strength), got {_short(C)}. Use C=1.0.")
    classes, index = _class_indices(y)
    K = classes.size
    if K < 2:
        raise ValueError(f"y must hold at least 2 classes to fit a softmax model, got {_short(classes.tolist())}.")
    n, d = X.shape
    Xt = np.hstack([X, np.ones((n, 1))])  # (n, d + 1): the last column carries the intercept
    ridge = np.ones(d + 1)
    ridge[-1] = 0.0  # the intercept is not penalised

    def unpack(theta):  # theta: (K, d + 1) -> W (K, d), b (K,)
        return theta[:, :-1], theta[:, -1]

    theta = np.zeros((K, d + 1))
    current = softmax_objective(*unpack(theta), X, index, C=C)[0]
    n_iter = 0
    for n_iter in range(1, max_iter + 1):
        _, g_w, g_b = softmax_objective(*unpack(theta), X, index, C=C)
        gradient = np.column_stack([g_w, g_b])  # (K, d + 1)
        if np.max(np.abs(gradient)) / (C * n) < tol:
            n_iter -= 1
            break
        P = _softmax(Xt @ theta.T)  # (n, K)
        H = np.zeros((K, d + 1, K, d + 1))
        for k in range(K):
            for l in range(K):
                weight = P[:, k] * ((k == l) - P[:, l])  # (n,)
                H[k, :, l, :] = C * (Xt * weight[:, None]).T @ Xt
            H[k, :, k, :] += np.diag(ridge)
        step = np.linalg.lstsq(H.reshape(K * (d + 1), -1), gradient.ravel(), rcond=None)[0].reshape(K, d + 1)
        size = 1.0
        while size > 1e-10:
            candidate = theta - size * step
            value = softmax_objective(*unpack(candidate), X, index, C=C)[0]
            if value <= current:
                break
            size *= 0.5
        theta, current = candidate, value
    return Bunch(classes=classes, coef=theta[:, :-1].copy(), intercept=theta[:, -1].copy(), n_iter=n_iter)


class SoftmaxRegression:
    r"""Multinomial logistic regression with scikit-learn's interface (a shell around :func:`softmax_regression`).

    Parameters
    ----------
    C : float, default=1.0
    max_iter : int, default=100
    tol : float, default=1e-10

    Attributes
    ----------
    classes_ : ndarray of shape (K,)
    coef_ : ndarray of shape (K, n_features)
    intercept_ : ndarray of shape (K,)
    n_features_in_ : int
    n_iter_ : int

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
    >>> model = SoftmaxRegression().fit(X, ["a", "a", "b", "b", "c", "c"])
    >>> model.predict([[0.2], [2.5], [4.9]]).tolist()
    ['a', 'b', 'c']
    """

    def __init__(self, C=1.0, *, max_iter=100, tol=1e-10):
        self.C = C
        self.max_iter = max_iter
        self.tol = tol

    def get_params(self, deep=True):
        """The constructor's parameters, as scikit-learn's ``clone`` expects."""
        return {"C": self.C, "max_iter": self.max_iter, "tol": self.tol}

    def set_params(self, **params):
        """Set parameters by name; unknown names raise a ValueError that lists the known ones."""
        known = self.get_params()
        for name, value in params.items():
            if name not in known:
                raise ValueError(f"SoftmaxRegression has no parameter {name!r}; it has {', '.join(sorted(known))}.")
            setattr(self, name, value)
        return self

    def fit(self, X, y):
        """Fit the model; returns ``self``."""
        model = softmax_regression(X, y, C=self.C, max_iter=self.max_iter, tol=self.tol)
        self.classes_ = model.classes
        self.coef_, self.intercept_ = model.coef, model.intercept
        self.n_features_in_ = model.coef.shape[1]
        self.n_iter_ = model.n_iter
        return self

    def decision_function(self, X):
        r"""The linear scores :math:`t_k(x) = w_k^\top x + b_k`, shape (n_samples, K)."""
        if not hasattr(self, "coef_"):
            raise ValueError("This SoftmaxRegression is not fitted yet; call fit(X, y) first.")
        X = check_array(X, "X", copy=False)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, but SoftmaxRegression was fitted with "
                             f"{self.n_features_in_}. Pass the same columns as in fit.")
        return X @ self.coef_.T + self.intercept_

    def predict_proba(self, X):
        """The softmax of the scores, shape (n_samples, K); columns follow ``classes_``."""
        return _softmax(self.decision_function(X))

    def predict(self, X):
        """The class with the largest score (the first one on a tie)."""
        scores = self.decision_function(X)
        return self.classes_[np.argmax(scores, axis=1)]


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
