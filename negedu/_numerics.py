r"""The numerics every model and loss of negedu shares, each written once with its stability argument.

* :func:`sigmoid`, :func:`log_sigmoid`: the logistic function (SciPy's ``expit``) and its logarithm.
* :func:`logsumexp`, :func:`log_softmax`, :func:`softmax`: shifted by the largest entry.
* :func:`reduce`, :func:`reduction_scale`: the ``reduction={"mean", "sum", "none"}`` of every loss
  and of its gradient, with one rule for an empty batch.
* :func:`newton_minimize`, :func:`halve_step`: Newton's method with step halving, the solver of
  the logistic and softmax regressions and of Platt scaling (the focal fit, not convex
  everywhere, uses :func:`halve_step` alone, with Armijo's rule).

The public names that existed before this module (``negedu.losses.sigmoid``,
``negedu.openset.softmax`` and ``log_softmax``) are these functions, re-exported (the open-set
ones behind a check of their input and of ``temperature``).
"""

import numpy as np

__all__ = [
    "sigmoid",
    "log_sigmoid",
    "logsumexp",
    "log_softmax",
    "softmax",
    "REDUCTIONS",
    "reduce",
    "reduction_scale",
    "halve_step",
    "newton_minimize",
]

REDUCTIONS = ("mean", "sum", "none")
_ROUNDING = 64 * np.finfo(float).eps  # relative rounding of an objective that is a sum (newton_minimize)


# ------------------------------------------------------------------------------ logistic
def log_sigmoid(z):
    r""":math:`\log \sigma(z) = -\log(1 + e^{-z})`, finite and accurate for every real :math:`z`.

    Computed as ``-np.logaddexp(0, -z)``: ``logaddexp`` never forms :math:`e^{-z}` for
    :math:`z \ll 0` (where it overflows) and keeps the digits of :math:`\log(1 + e^{-z})
    \approx e^{-z}` for :math:`z \gg 0` (where ``log(1 + exp(-z))`` rounds to 0).

    >>> log_sigmoid(np.array([-800.0, 0.0, 40.0])).tolist()
    [-800.0, -0.6931471805599453, -4.248354255291589e-18]
    """
    return -np.logaddexp(0.0, -np.asarray(z, dtype=float))


def sigmoid(z):
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})`, accurate to two roundings everywhere.

    Computed as written. :math:`1 + e^{-z}` adds two positive numbers, so nothing cancels and
    each of the three operations rounds once: the relative error is at most about
    :math:`2\varepsilon` for every :math:`z`, tiny probabilities included (``sigmoid(-40)``
    keeps all its digits). :math:`e^{-z}` overflows to :math:`\infty` only for
    :math:`z < -709`, where :math:`\sigma(z) < 10^{-308}` and :math:`1 / \infty = 0` is the
    right answer to the precision of a double (the overflow warning is silenced). This is
    SciPy's ``expit``, which scikit-learn's ``predict_proba`` uses: the same formula, equal to it
    within one rounding (NumPy's vectorised ``exp`` may round the last bit differently from the C
    library's on CPUs with AVX-512, which is why the example below stops one digit short).
    The other overflow-free forms are worse: ``0.5 * (1 + tanh(z / 2))`` cancels (off by 1e-8,
    relative, at :math:`z = -20`, and 0 below :math:`z \approx -37`) and ``exp(log_sigmoid(z))``
    loses a few digits (relative error up to about 3e-15) through the exponential.

    >>> sigmoid(np.array([-800.0, 0.0, 800.0])).tolist()
    [0.0, 0.5, 1.0]
    >>> float(sigmoid(-40.0))
    4.2483542552915...e-18
    """
    if z is None:
        raise TypeError("z must be a number or an array of numbers, got None.")
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):  # e^{-z} = inf for z < -709: sigma(z) = 1 / inf = 0
        return 1.0 / (1.0 + np.exp(-z))


# ------------------------------------------------------------------------------- softmax
def logsumexp(a, axis=-1):
    r""":math:`\log \sum_j e^{a_j}` along ``axis``, as :math:`m + \log \sum_j e^{a_j - m}`, :math:`m = \max_j a_j`.

    Shifting by the maximum makes the largest exponential :math:`e^0 = 1`: nothing overflows,
    and the sum is at least 1, so its logarithm loses no digits. Entries of :math:`-\infty`
    (masked candidates) contribute :math:`e^{-\infty} = 0`; a slice that is all
    :math:`-\infty` is shifted by 0 instead of :math:`-\infty` (no NaN from
    :math:`-\infty - (-\infty)`) and gives :math:`-\infty`.

    >>> logsumexp(np.array([[1000.0, 1000.0], [0.0, -np.inf]])).round(6).tolist()
    [1000.693147, 0.0]
    """
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(a - m), axis=axis))


def log_softmax(z, axis=-1):
    r""":math:`\log p_k = z_k - \operatorname{LSE}(z)` along ``axis``, with :func:`logsumexp`'s shift.

    Never forms :math:`\log(\text{softmax})`, so a probability below the smallest double still
    has a finite logarithm.

    >>> log_softmax(np.array([[0.0, 800.0]])).tolist()
    [[-800.0, 0.0]]
    """
    z = np.asarray(z, dtype=float)
    return z - np.expand_dims(logsumexp(z, axis=axis), axis)


def softmax(z, axis=-1):
    r""":math:`p_k = e^{z_k} / \sum_j e^{z_j}` along ``axis``, computed as :math:`e^{z_k - m} / \sum_j e^{z_j - m}`.

    The shift by :math:`m = \max_j z_j` cancels in the ratio, so it changes nothing but the
    range: the largest exponential is :math:`1` (no overflow) and the denominator is at least
    1 (no division by an underflowed 0).

    >>> softmax(np.array([[0.0, np.log(3.0)], [1000.0, 1000.0]])).round(4).tolist()
    [[0.25, 0.75], [0.5, 0.5]]
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


# ----------------------------------------------------------------------------- reductions
def reduction_scale(n, reduction):
    r"""What the sum of :math:`n` per-item losses (or their gradients) is multiplied by: :math:`1/n` for "mean", else 1.

    An empty batch (:math:`n = 0`) has scale 1 for every reduction: its mean loss is 0.0, the
    sum of nothing, rather than :math:`0/0`. We choose 0.0 (PyTorch returns NaN) so that a
    step on a batch with nothing in it, such as a batch-hard triplet batch without a valid
    triplet, is a step of size 0 and not a NaN that spreads through the weights.
    """
    return 1.0 / n if reduction == "mean" and n else 1.0


def reduce(losses, reduction):
    """Apply ``reduction`` to per-item losses: the array itself for "none", else a Python float.

    "sum" is ``np.sum``, "mean" is ``np.mean``; the mean of no losses is 0.0 (see
    :func:`reduction_scale`), without a warning.

    >>> reduce(np.array([1.0, 2.0]), "mean"), reduce(np.array([]), "mean"), reduce(np.array([]), "sum")
    (1.5, 0.0, 0.0)
    """
    if reduction == "none":
        return losses
    if losses.size == 0:
        return 0.0
    return float(np.sum(losses)) if reduction == "sum" else float(np.mean(losses))


# --------------------------------------------------------------------------------- Newton
def halve_step(objective, theta, step, current, *, sufficient=0.0, slack=0.0, min_size=1e-10):
    r"""Backtracking along ``-step``: the first of :math:`\theta - s\,\Delta`, :math:`s = 1, \frac12, \frac14, \dots` that decreases enough.

    Accepts :math:`s` when :math:`J(\theta - s\Delta) \le J(\theta) - \text{sufficient}\cdot s
    + \text{slack}` (``sufficient=0``: any decrease; Armijo's rule is ``sufficient = c\, g^\top
    \Delta``; ``slack`` forgives an increase that is only the rounding of :math:`J`). If no
    :math:`s > \text{min\_size}` does, returns the last candidate tried, whose step is
    negligible. Returns ``(candidate, J(candidate))``.

    >>> halve_step(lambda t: float((t**2).sum()), np.array([1.0]), np.array([4.0]), 1.0)  # s = 1 overshoots to -3
    (array([-1.]), 1.0)
    """
    size = 1.0
    while True:
        candidate = theta - size * step
        value = objective(candidate)
        if value <= current - sufficient * size + slack or 0.5 * size <= min_size:
            return candidate, value
        size *= 0.5


def newton_minimize(objective, gradient, hessian, theta, *, max_iter, tol, scale):
    r"""Minimise a smooth convex objective by Newton's method with step halving.

    Each iteration solves :math:`H \Delta = g` for the gradient :math:`g` and the Hessian
    :math:`H` at :math:`\theta`, by least squares (``np.linalg.lstsq``: where :math:`H` is
    singular, as for separable data without penalty or the softmax's redundant class, it takes
    the minimum-norm step), then halves the step until the objective does not increase
    (:func:`halve_step`). Newton's full step can overshoot far from the optimum, where the
    quadratic model is poor; the halving makes every iteration a descent step, and near the
    optimum the full step is accepted and convergence is quadratic.

    Near the optimum the full step changes :math:`J` by about :math:`g^\top H^{-1} g`, far
    below the rounding of :math:`J` itself (a sum of :math:`n` terms): a strict "does not
    increase" would then reject or accept the step at random, on the last bit of the
    objective, and a rejected step is halved down to nothing, so the iterations stall just
    above ``tol``. The comparison therefore forgives an increase of
    :math:`64\,\varepsilon\,|J|` (:math:`\varepsilon` the machine epsilon, about
    :math:`1.4 \times 10^{-14} |J|`): far from the optimum, a step that overshoots increases
    :math:`J` by much more than that and is still halved.

    Parameters
    ----------
    objective, gradient, hessian : callables of ``theta``
        :math:`J(\theta)` (a float), :math:`\nabla J` (same shape as ``theta``) and
        :math:`\nabla^2 J` (a square matrix over ``theta.ravel()``).
    theta : ndarray
        The start (not modified).
    max_iter : int
    tol : float
        Stop when :math:`\max_j |g_j| / \text{scale} < \text{tol}`.
    scale : float
        What makes the gradient scale-free: the total sample weight (times :math:`C`).

    Returns
    -------
    theta : ndarray
    n_iter : int
        Newton steps taken (the converged check of the last iteration is not a step).
    """
    current = objective(theta)
    n_iter = 0
    for n_iter in range(1, max_iter + 1):
        g = gradient(theta)
        if np.max(np.abs(g)) / scale < tol:
            n_iter -= 1
            break
        step = np.linalg.lstsq(hessian(theta), g.ravel(), rcond=None)[0].reshape(theta.shape)
        theta, current = halve_step(objective, theta, step, current, slack=_ROUNDING * abs(current))
    return theta, n_iter
