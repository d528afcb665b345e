r"""Focal loss: cross-entropy that fades out the examples the model already gets right.

Lin, Goyal, Girshick, He and Dollár (2017) multiply the cross-entropy of each example by
:math:`(1 - p_t)^\gamma`, where :math:`p_t` is the probability the model gives to the true
class. An easy example (:math:`p_t` near 1) then contributes almost nothing, so the tens of
thousands of easy background anchors of an object detector no longer drown the few objects.
This module has the binary (sigmoid) and the multi-class (softmax) form, each with its
gradient with respect to the logits, and a small trainer for a linear model.

Everything is computed from logits with ``np.logaddexp``, so logits of :math:`\pm 1000` give
finite losses and gradients.
"""

import numbers

import numpy as np

from negedu._bunch import Bunch
from negedu._numerics import REDUCTIONS, halve_step, log_softmax, reduce
from negedu._validation import (_short, check_1d, check_array, check_choice, check_consistent_length,
                                check_inverse_penalty, check_solver)

__all__ = [
    "sigmoid_focal_loss",
    "sigmoid_focal_loss_grad",
    "softmax_focal_loss",
    "softmax_focal_loss_grad",
    "fit_linear_focal",
]



# ------------------------------------------------------------------------------ checks
def _check_gamma(gamma):
    if isinstance(gamma, bool) or not isinstance(gamma, numbers.Real) or not np.isfinite(gamma):
        raise TypeError(f"gamma must be a finite real number >= 0, got {_short(gamma)}. Use gamma=2.0 as in the paper.")
    if gamma < 0:
        raise ValueError(
            f"gamma must be >= 0, got {gamma!r}: a negative gamma would up-weight the easy examples. "
            "Use gamma=0 for plain cross-entropy or gamma=2 as in the paper."
        )
    return float(gamma)


def _check_binary_alpha(alpha):
    """``None`` or a negative number: no weighting (weight 1); otherwise a number in [0, 1]."""
    if alpha is None:
        return None
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not np.isfinite(alpha):
        raise TypeError(
            f"alpha must be None, a negative number (no weighting) or a number in [0, 1], got {_short(alpha)}."
        )
    if alpha < 0:
        return None
    if alpha > 1:
        raise ValueError(
            f"alpha must be in [0, 1] (the weight of the positive class; the negatives get 1 - alpha), got "
            f"{alpha!r}. Use None or a negative value for no weighting."
        )
    return float(alpha)


def _check_labels01(y_true, n, name="y_true"):
    y = check_1d(y_true, name, allow_nonfinite=False)
    if y.dtype.kind not in "biuf" or not np.all((y == 0) | (y == 1)):
        raise ValueError(
            f"{name} must hold the labels 0 (negative) and 1 (positive), got "
            f"{_short(np.unique(y).tolist())}. Binarise it first, for example y_true = (y == positive_class)."
        )
    check_consistent_length(y, np.empty(n), names=[name, "logits"])
    return y.astype(float)


def _binary_parts(y_true, logits, alpha, gamma, reduction):
    gamma = _check_gamma(gamma)
    alpha = _check_binary_alpha(alpha)
    reduction = check_choice(reduction, "reduction", REDUCTIONS)
    z = check_1d(logits, "logits", allow_nonfinite=False)
    if z.dtype.kind not in "biuf":
        raise ValueError(f"logits must be real numbers (one score w^T x + b per sample), got dtype {z.dtype}.")
    z = z.astype(float)
    y = _check_labels01(y_true, z.size)
    sign = 2.0 * y - 1.0  # +1 for a positive, -1 for a negative
    t = sign * z  # z_t: the logit of the true class, so that p_t = sigmoid(z_t)
    alpha_t = np.ones_like(t) if alpha is None else np.where(y == 1, alpha, 1.0 - alpha)
    return y, sign, t, alpha_t, gamma, reduction


# ------------------------------------------------------------------------ sigmoid form
def sigmoid_focal_loss(y_true, logits, *, alpha=0.25, gamma=2.0, reduction="mean"):
    r"""The binary focal loss of Lin et al. (2017), computed from logits.

    With :math:`p = \sigma(z) = 1 / (1 + e^{-z})` the predicted probability of the positive
    class and :math:`p_t` the probability of the *true* class,

    .. math::

        p_t = \begin{cases} p & y = 1\\ 1 - p & y = 0 \end{cases}, \qquad
        \alpha_t = \begin{cases} \alpha & y = 1\\ 1 - \alpha & y = 0 \end{cases}, \qquad
        \mathrm{FL}(p_t) = -\,\alpha_t\,(1 - p_t)^\gamma \log p_t .

    :math:`\gamma = 0` and no :math:`\alpha` give the cross-entropy (log-loss)
    :math:`-\log p_t`; :math:`(1 - p_t)^\gamma` is the *modulating factor* that fades out
    the well-classified examples.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels 1 (positive) and 0 (negative).
    logits : array-like of shape (n_samples,)
        Scores :math:`z` before the sigmoid (for a linear model :math:`w^\top x + b`).
    alpha : float in [0, 1], None or a negative float, default=0.25
        Weight of the positives; the negatives get :math:`1 - \alpha`. ``None`` or any
        negative value means no weighting (:math:`\alpha_t = 1`). The default 0.25 is the
        paper's choice with :math:`\gamma = 2`: it weights the positives *down*.
    gamma : float >= 0, default=2.0
        Focusing parameter :math:`\gamma`.
    reduction : {"mean", "sum", "none"}, default="mean"
        ``"mean"`` averages over the samples, ``"sum"`` adds them up, ``"none"`` returns
        one loss per sample.

    Returns
    -------
    loss : float, or ndarray of shape (n_samples,) for ``reduction="none"``

    Raises
    ------
    ValueError
        If ``y_true`` holds labels other than 0 and 1, the lengths differ, a logit is not
        finite, ``alpha > 1``, ``gamma < 0`` or ``reduction`` is unknown.
    TypeError
        If ``alpha`` or ``gamma`` is not a real number.

    See Also
    --------
    sigmoid_focal_loss_grad : its gradient with respect to the logits.
    softmax_focal_loss : the form for K classes.

    Notes
    -----
    **Stability.** Write :math:`z_t = z` for a positive and :math:`z_t = -z` for a negative,
    so that :math:`p_t = \sigma(z_t)` and :math:`1 - p_t = \sigma(-z_t)`. Then
    :math:`-\log p_t = \log(1 + e^{-z_t})` and
    :math:`(1 - p_t)^\gamma = \exp(-\gamma \log(1 + e^{z_t}))`, both computed with
    ``np.logaddexp(0, .)``; ``log(sigmoid(z))`` is never formed, so logits of
    :math:`\pm 1000` give finite values.

    **Normalisation.** The paper sums the loss over all anchors of an image and divides by
    the number of anchors assigned to an object (the positives), not by the number of
    anchors. That is ``sigmoid_focal_loss(..., reduction="sum") / max(n_positives, 1)``
    here; ``"mean"`` divides by all samples.

    **Against torchvision.** ``torchvision.ops.sigmoid_focal_loss(inputs, targets,
    alpha=0.25, gamma=2, reduction="none")``, the de facto reference, computes the same
    per-sample values. Its conventions: ``alpha < 0`` (e.g. ``-1``) disables the weighting
    (we also accept ``None``); the default reduction is ``"none"`` (ours is ``"mean"``,
    which equals its ``"mean"``, an average over all elements); it accepts any shape and
    soft targets, we take one label 0 or 1 per sample (ravel a multi-label
    ``(n_samples, n_classes)`` problem first; the mean is then the same). Unlike
    torchvision we reject :math:`\alpha > 1`, which would give the negatives a negative
    weight.

    References
    ----------
    Lin, T.-Y., Goyal, P., Girshick, R., He, K. and Dollár, P. (2017). Focal Loss for Dense
    Object Detection. *IEEE International Conference on Computer Vision (ICCV)*,
    2999-3007. doi:10.1109/ICCV.2017.324

    Examples
    --------
    An easy negative (:math:`p = 0.1`, so :math:`p_t = 0.9`) and a hard positive
    (:math:`p = 0.1`, :math:`p_t = 0.1`):

    >>> logits = np.log([0.1 / 0.9, 0.1 / 0.9])           # p = 0.1 for both
    >>> ce = sigmoid_focal_loss([0, 1], logits, alpha=None, gamma=0, reduction="none")
    >>> fl = sigmoid_focal_loss([0, 1], logits, alpha=None, gamma=2, reduction="none")
    >>> ce.round(4).tolist(), fl.round(4).tolist()
    ([0.1054, 2.3026], [0.0011, 1.8651])
    >>> sigmoid_focal_loss([0, 1], [-1000.0, 1000.0])       # certain and right: no loss
    0.0
    """
    y, sign, t, alpha_t, gamma, reduction = _binary_parts(y_true, logits, alpha, gamma, reduction)
    cross_entropy = np.logaddexp(0.0, -t)  # -log p_t
    modulating = np.exp(-gamma * np.logaddexp(0.0, t))  # (1 - p_t)^gamma
    return reduce(alpha_t * modulating * cross_entropy, reduction)


def sigmoid_focal_loss_grad(y_true, logits, *, alpha=0.25, gamma=2.0, reduction="mean"):
    r"""The gradient of :func:`sigmoid_focal_loss` with respect to the logits.

    With :math:`z_t = \pm z` and :math:`p_t = \sigma(z_t)` as in
    :func:`sigmoid_focal_loss`, differentiating :math:`-\alpha_t (1 - p_t)^\gamma \log p_t`
    (use :math:`dp_t / dz_t = p_t (1 - p_t)`) gives

    .. math::

        \frac{\partial\,\mathrm{FL}}{\partial z} = y^{\pm}\,\alpha_t\,(1 - p_t)^\gamma
        \big(\gamma\, p_t \log p_t + p_t - 1\big), \qquad y^{\pm} = 2y - 1 \in \{-1, +1\},

    the formula of the paper's appendix. At :math:`\gamma = 0` without :math:`\alpha` it is
    :math:`p - y`, the gradient of the log-loss.

    Parameters
    ----------
    y_true, logits, alpha, gamma :
        As in :func:`sigmoid_focal_loss`.
    reduction : {"mean", "sum", "none"}, default="mean"
        The reduction of the *loss* being differentiated: ``"mean"`` divides every entry by
        ``n_samples``. The result always has one entry per sample, since sample :math:`i`'s
        logit only enters its own loss.

    Returns
    -------
    grad : ndarray of shape (n_samples,)

    Raises
    ------
    ValueError, TypeError
        As :func:`sigmoid_focal_loss`.

    Examples
    --------
    >>> sigmoid_focal_loss_grad([1, 0], [0.0, 0.0], alpha=None, gamma=0, reduction="none").tolist()
    [-0.5, 0.5]
    >>> sigmoid_focal_loss_grad([1, 0], [0.0, 0.0], alpha=None, gamma=2, reduction="none").round(4).tolist()
    [-0.2983, 0.2983]
    """
    y, sign, t, alpha_t, gamma, reduction = _binary_parts(y_true, logits, alpha, gamma, reduction)
    cross_entropy = np.logaddexp(0.0, -t)  # -log p_t
    minus_log_q = np.logaddexp(0.0, t)  # -log(1 - p_t)
    p_t, one_minus_p_t = np.exp(-cross_entropy), np.exp(-minus_log_q)
    modulating = np.exp(-gamma * minus_log_q)  # (1 - p_t)^gamma
    # dFL/dz_t = -alpha_t (1 - p_t)^gamma (gamma p_t (-log p_t) + 1 - p_t); dz_t/dz = sign
    grad = -sign * alpha_t * modulating * (gamma * p_t * cross_entropy + one_minus_p_t)
    return grad / t.size if reduction == "mean" else grad


# ------------------------------------------------------------------------ softmax form
def _softmax_parts(y_true, logits, alpha, gamma, reduction):
    gamma = _check_gamma(gamma)
    reduction = check_choice(reduction, "reduction", REDUCTIONS)
    Z = check_array(logits, "logits").astype(float)
    n, k = Z.shape
    if k < 2:
        raise ValueError(f"logits must have one column per class (at least 2), got shape {Z.shape}.")
    y = check_1d(y_true, "y_true", allow_nonfinite=False)
    check_consistent_length(y, Z, names=["y_true", "logits"])
    if y.dtype.kind not in "biuf" or not np.all((y == np.round(y)) & (y >= 0) & (y < k)):
        raise ValueError(
            f"y_true must hold class indices 0, ..., {k - 1} (one column of logits per class), got "
            f"{_short(np.unique(y).tolist())}. Encode labels with np.unique(labels, return_inverse=True)."
        )
    y = y.astype(int)
    if alpha is None:
        alpha_t = np.ones(n)
    else:
        weights = check_1d(alpha, "alpha", allow_nonfinite=False).astype(float)
        if weights.size != k or np.any(weights < 0):
            raise ValueError(
                f"alpha must be None or {k} non-negative class weights (one per column of logits), got "
                f"{_short(weights.tolist())}."
            )
        alpha_t = weights[y]
    log_proba = log_softmax(Z, axis=1)  # (n, k), never log(softmax)
    log_p_t = log_proba[np.arange(n), y]  # (n,) log-probability of the true class
    return y, log_proba, log_p_t, alpha_t, gamma, reduction


def softmax_focal_loss(y_true, logits, *, alpha=None, gamma=2.0, reduction="mean"):
    r"""The focal loss for K classes: a softmax, then :math:`-\alpha_t (1 - p_t)^\gamma \log p_t`.

    With :math:`p_{ij} = e^{z_{ij}} / \sum_l e^{z_{il}}` and :math:`p_t = p_{i y_i}` the
    probability of the true class of sample :math:`i`,

    .. math:: \mathrm{FL}_i = -\,\alpha_{y_i}\,(1 - p_t)^\gamma \log p_t .

    At :math:`\gamma = 0` without ``alpha`` it is the multi-class cross-entropy,
    scikit-learn's ``log_loss`` of the softmax probabilities.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Class indices :math:`0, \dots, K-1` (the column of ``logits`` of each sample's class).
    logits : array-like of shape (n_samples, K)
        One score per class, before the softmax.
    alpha : array-like of shape (K,) or None, default=None
        A non-negative weight per class; ``None`` for no weighting.
    gamma : float >= 0, default=2.0
    reduction : {"mean", "sum", "none"}, default="mean"
        ``"mean"`` divides the sum by ``n_samples``.

    Returns
    -------
    loss : float, or ndarray of shape (n_samples,) for ``reduction="none"``

    Raises
    ------
    ValueError
        If ``logits`` is not 2-D with at least two columns, a label is not a column index,
        ``alpha`` has the wrong length or a negative entry, ``gamma < 0`` or ``reduction``
        is unknown.

    See Also
    --------
    softmax_focal_loss_grad, sigmoid_focal_loss

    Notes
    -----
    The log-probabilities come from a stable log-softmax (subtract the row maximum before
    exponentiating), and :math:`1 - p_t` is ``-expm1(log p_t)``, accurate even when
    :math:`p_t` is within :math:`10^{-16}` of 1. With :math:`K = 2`, logits
    :math:`(0, z)` and ``alpha=[1 - a, a]`` it equals :func:`sigmoid_focal_loss` with
    ``alpha=a``. With ``alpha``, ``"mean"`` still divides by ``n_samples``; PyTorch's
    ``cross_entropy(weight=..., reduction="mean")`` divides by the sum of the weights of
    the samples instead.

    References
    ----------
    Lin, T.-Y., Goyal, P., Girshick, R., He, K. and Dollár, P. (2017). Focal Loss for Dense
    Object Detection. *ICCV*, 2999-3007. doi:10.1109/ICCV.2017.324

    Examples
    --------
    >>> logits = np.array([[2.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    >>> round(softmax_focal_loss([0, 2], logits, gamma=0), 4)   # mean of -log p_t
    0.6691
    >>> round(softmax_focal_loss([0, 2], logits, gamma=2), 4)
    0.2496
    """
    y, log_proba, log_p_t, alpha_t, gamma, reduction = _softmax_parts(y_true, logits, alpha, gamma, reduction)
    one_minus_p_t = -np.expm1(log_p_t)
    return reduce(-alpha_t * one_minus_p_t**gamma * log_p_t, reduction)


def softmax_focal_loss_grad(y_true, logits, *, alpha=None, gamma=2.0, reduction="mean"):
    r"""The gradient of :func:`softmax_focal_loss` with respect to the logits.

    Write :math:`q = 1 - p_t`. Since :math:`\partial p_t / \partial z_j = p_t(\delta_{j
    y} - p_j)`,

    .. math::

        \frac{\partial\,\mathrm{FL}}{\partial z_j} = \alpha_{y}\, c\, (p_j - \delta_{jy}),
        \qquad c = q^\gamma + \gamma\, q^{\gamma - 1} p_t (-\log p_t)
                 = q^\gamma \Big(1 + \gamma\, p_t \frac{-\log p_t}{q}\Big) \ge 0 .

    At :math:`\gamma = 0`, :math:`c = 1` and the gradient is :math:`p - \text{onehot}(y)`,
    that of the cross-entropy. The second form of :math:`c` avoids :math:`q^{\gamma-1}`,
    which is infinite at :math:`q = 0` when :math:`\gamma < 1`; :math:`(-\log p_t) / q \to 1`
    there.

    Returns
    -------
    grad : ndarray of shape (n_samples, K)

    Examples
    --------
    >>> softmax_focal_loss_grad([0], [[0.0, 0.0]], gamma=0, reduction="none").tolist()
    [[-0.5, 0.5]]
    """
    y, log_proba, log_p_t, alpha_t, gamma, reduction = _softmax_parts(y_true, logits, alpha, gamma, reduction)
    n = y.size
    proba = np.exp(log_proba)  # (n, k)
    p_t = np.exp(log_p_t)
    q = -np.expm1(log_p_t)  # 1 - p_t
    ratio = np.divide(-log_p_t, q, out=np.ones_like(q), where=q > 0)  # (-log p_t) / q, -> 1 as q -> 0
    c = q**gamma * (1.0 + gamma * p_t * ratio)  # (n,)
    onehot = np.zeros_like(proba)
    onehot[np.arange(n), y] = 1.0
    grad = (alpha_t * c)[:, None] * (proba - onehot)  # (n, k)
    return grad / n if reduction == "mean" else grad


# ------------------------------------------------------------------- a linear model
def _focal_curvature(t, alpha_t, gamma):
    r"""Second derivative of the focal loss with respect to :math:`z_t` (so also to :math:`z`)."""
    ce = np.logaddexp(0.0, -t)  # -log p
    minus_log_q = np.logaddexp(0.0, t)  # -log q
    p, q = np.exp(-ce), np.exp(-minus_log_q)
    # d2FL/dz_t^2 = alpha_t p q^gamma (gamma^2 p CE + (2 gamma + 1) q - gamma q CE); negative when
    # the example is badly misclassified (CE large) and gamma > 0: focal loss is not convex there.
    return alpha_t * p * np.exp(-gamma * minus_log_q) * (gamma**2 * p * ce + (2 * gamma + 1) * q - gamma * q * ce)


def _newton_focal(Xt, y, alpha, gamma, ridge, penalty, theta, max_iter, tol):
    r"""Minimise :math:`\sum_i \mathrm{FL}_i + \tfrac{\text{ridge}}{2} \sum_j \text{penalty}_j \theta_j^2` from ``theta``.

    Newton steps on the curvature clipped at zero, with Armijo step halving (see
    :func:`fit_linear_focal`). ``Xt`` is the design matrix with its column of ones, ``y`` the
    labels 0/1 as floats, ``alpha`` and ``gamma`` already checked. Returns ``(theta, n_iter,
    converged)``.
    """
    n, p = Xt.shape
    sign = 2.0 * y - 1.0
    alpha_t = np.ones(n) if alpha is None else np.where(y == 1, alpha, 1.0 - alpha)

    def objective(theta):
        loss = sigmoid_focal_loss(y, Xt @ theta, alpha=alpha, gamma=gamma, reduction="sum")
        return loss + 0.5 * ridge * np.sum(penalty * theta**2)

    current = objective(theta)
    converged, n_iter = False, 0
    for n_iter in range(1, max_iter + 1):
        z = Xt @ theta
        gradient = Xt.T @ sigmoid_focal_loss_grad(y, z, alpha=alpha, gamma=gamma, reduction="none")
        gradient += ridge * penalty * theta
        if np.max(np.abs(gradient)) / n < tol:
            converged, n_iter = True, n_iter - 1
            break
        curvature = np.maximum(_focal_curvature(sign * z, alpha_t, gamma), 0.0)  # (n,)
        hessian = (Xt * curvature[:, None]).T @ Xt + np.diag(ridge * penalty) + 1e-10 * np.eye(p)
        step = np.linalg.solve(hessian, gradient)
        decrease = float(gradient @ step)  # Armijo: a step s must decrease the objective by 1e-4 s g.step
        candidate, value = halve_step(objective, theta, step, current, sufficient=1e-4 * decrease, min_size=1e-12)
        if value > current:  # no step decreases the objective: we are at the minimum, to rounding
            converged = True
            break
        theta, current = candidate, value
    return theta, n_iter, converged


def fit_linear_focal(X, y, *, alpha=None, gamma=2.0, C=1.0, max_iter=200, tol=1e-8, prior=None):
    r"""Fit a linear model :math:`z = w^\top x + b` by minimising the focal loss plus an L2 penalty.

    Minimises

    .. math::

        \frac{1}{2}\lVert w \rVert^2 + C \sum_{i=1}^n \mathrm{FL}_{\alpha,\gamma}(y_i, w^\top x_i + b),

    the objective of scikit-learn's ``LogisticRegression(C=C)`` with the log-loss replaced by
    the focal loss of :func:`sigmoid_focal_loss` (the intercept :math:`b` is not
    penalised). With ``gamma=0`` and ``alpha=None`` it *is* that logistic regression, and
    the coefficients agree with scikit-learn's.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Labels 0 and 1.
    alpha : float in [0, 1], None or a negative float, default=None
        As in :func:`sigmoid_focal_loss` (there the default is the paper's 0.25; here it is
        no weighting, so that ``gamma=0`` is plain logistic regression).
    gamma : float >= 0, default=2.0
    C : float > 0, default=1.0
        Inverse strength of the penalty, as in scikit-learn; ``np.inf`` for none.
    max_iter : int, default=200
    tol : float, default=1e-8
        Stop when the largest entry of the gradient of the objective, divided by
        :math:`C n`, is below ``tol``.
    prior : float in (0, 1) or None, default=None
        Start from :math:`w = 0` and :math:`b = -\log((1 - \pi)/\pi)`, the paper's
        initialisation with :math:`\pi` = ``prior`` (0.01 in RetinaNet): every example
        starts with probability :math:`\pi` of being positive. ``None`` starts from
        :math:`b = 0`, :math:`p = 0.5`.

    Returns
    -------
    model : Bunch
        ``coef`` (n_features,), ``intercept`` (float), ``n_iter`` (int) and ``converged``
        (bool). Probabilities: ``negedu.losses.logistic_proba(model, X)``.

    Raises
    ------
    ValueError
        If ``y`` holds labels other than 0 and 1, ``C <= 0``, ``prior`` is outside (0, 1),
        or ``alpha``/``gamma`` are invalid (see :func:`sigmoid_focal_loss`).

    Notes
    -----
    **The method.** Newton's method where the focal loss is convex, gradient descent where it
    is not, with a backtracking line search. The gradient is
    :math:`\tilde X^\top (C\,\partial\mathrm{FL}/\partial z) + (w, 0)`
    (:math:`\tilde X` is :math:`X` with a column of ones). The focal loss is *not* convex in
    :math:`z` for :math:`\gamma > 0`: its second derivative (see the code) turns negative
    for badly misclassified examples. The step uses the curvature clipped at zero,
    :math:`H = C\,\tilde X^\top \mathrm{diag}(\max(\ell'', 0))\,\tilde X + \mathrm{diag}(1,
    \dots, 1, 0) + \epsilon I`, which is positive definite, so :math:`-H^{-1} g` always points
    downhill; the step is halved until the objective decreases enough (Armijo). At
    :math:`\gamma = 0` this is exactly Newton's method for logistic regression.

    **Local minima.** For :math:`\gamma > 0` the objective may have more than one minimum;
    the result is the one reached from the start (``prior``). With the L2 penalty and the
    modest :math:`\gamma` used in practice we have always found the same solution from both
    starts.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> model = fit_linear_focal(X, [0, 1, 0, 1], gamma=0)   # = LogisticRegression(C=1)
    >>> round(float(model.coef[0]), 4), round(model.intercept, 4)
    (0.4529, -0.6793)
    >>> model = fit_linear_focal(X, [0, 1, 0, 1], gamma=2)
    >>> round(float(model.coef[0]), 4), round(model.intercept, 4)
    (0.2146, -0.322)
    """
    X = check_array(X, "X")
    max_iter, tol = check_solver(max_iter, tol)
    y = _check_labels01(y, X.shape[0], name="y")
    gamma = _check_gamma(gamma)
    alpha = _check_binary_alpha(alpha)
    C = check_inverse_penalty(C)
    if prior is not None and not (isinstance(prior, numbers.Real) and 0 < prior < 1):
        raise ValueError(f"prior must be None or a probability strictly between 0 and 1, got {_short(prior)}. "
                         "The paper uses prior=0.01.")
    n, d = X.shape
    Xt = np.hstack([X, np.ones((n, 1))])  # (n, d + 1): the last column carries the intercept
    penalty = np.ones(d + 1)
    penalty[-1] = 0.0  # the intercept is not penalised
    ridge = 0.0 if np.isinf(C) else 1.0 / C  # we minimise objective / C = loss + ||w||^2 / (2C)
    theta = np.zeros(d + 1)
    if prior is not None:
        theta[-1] = -np.log((1.0 - prior) / prior)  # b = -log((1 - pi) / pi): p = pi everywhere
    theta, n_iter, converged = _newton_focal(Xt, y, alpha, gamma, ridge, penalty, theta, max_iter, tol)
    return Bunch(coef=theta[:-1], intercept=float(theta[-1]), n_iter=n_iter, converged=converged)
