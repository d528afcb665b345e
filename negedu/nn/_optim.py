r"""Optimisers that update a network's parameter arrays in place, and the mini-batches they step on.

Both take the list of parameter arrays once (``net.parameters()``) and, at each ``step(grads)``,
the gradients in the same order (``net.gradients()``). Their state (velocities, moments) is one
array per parameter.
"""

import numpy as np

from negedu._validation import _short, check_int, check_random_state
from negedu.nn._checks import check_real

__all__ = ["SGD", "Adam", "minibatches"]

_LR_HINT = "Use a small positive learning rate such as 0.01."


class _Optimizer:
    """What SGD and Adam share: the parameters to update and the check of the gradients."""

    def __init__(self, params, lr):
        params = list(params) if isinstance(params, (list, tuple)) else params
        if not isinstance(params, list) or not params:
            raise TypeError(f"params must be a non-empty list of arrays, got {_short(params)}. Pass net.parameters().")
        for i, p in enumerate(params):
            if not isinstance(p, np.ndarray) or p.dtype != np.float64:
                raise TypeError(f"params[{i}] must be a float64 NumPy array (updated in place), got "
                                f"{_short(p)}. Pass net.parameters().")
        self.params = params
        self.lr = check_real(lr, "lr", low=0.0, hint=_LR_HINT)

    def _check_grads(self, grads):
        grads = list(grads) if isinstance(grads, (list, tuple)) else grads
        if not isinstance(grads, list) or len(grads) != len(self.params):
            raise ValueError(f"grads must be a list of {len(self.params)} arrays, one per parameter, got "
                             f"{_short(grads)}. Pass net.gradients().")
        checked = []
        for i, (g, p) in enumerate(zip(grads, self.params)):
            g = np.asarray(g, dtype=np.float64)
            if g.shape != p.shape:
                raise ValueError(f"grads[{i}] has shape {g.shape} but params[{i}] has shape {p.shape}. "
                                 "Pass the gradients in the order of the parameters: net.gradients().")
            if not np.isfinite(g).all():
                raise ValueError(f"grads[{i}] contains NaN or infinity: training diverged. Lower lr, or "
                                 "compute the loss from logits.")
            checked.append(g)
        return checked


class SGD(_Optimizer):
    r"""Mini-batch stochastic gradient descent with (heavy-ball) momentum and weight decay.

    For each parameter :math:`\theta` with gradient :math:`g`, PyTorch's ``torch.optim.SGD``
    rule (no dampening, no Nesterov):

    .. math::

        g \leftarrow g + \lambda\,\theta, \qquad
        v \leftarrow \mu\,v + g, \qquad
        \theta \leftarrow \theta - \eta\,v,

    with :math:`v = 0` at the start, so the first step is :math:`\theta - \eta\,g`.
    :math:`\mu = 0` is plain SGD.

    Parameters
    ----------
    params : list of ndarray
        The arrays to update in place, e.g. ``net.parameters()``.
    lr : float > 0
        The learning rate :math:`\eta`.
    momentum : float in [0, 1), default=0.0
        :math:`\mu`; 0.9 is common.
    weight_decay : float >= 0, default=0.0
        :math:`\lambda`, an L2 penalty :math:`\tfrac{\lambda}{2}\lVert\theta\rVert^2` on every
        parameter (biases included, as in PyTorch).

    Notes
    -----
    Sutskever et al. (2013) write :math:`v \leftarrow \mu v - \eta g`,
    :math:`\theta \leftarrow \theta + v`; for a constant :math:`\eta` it is the same update.

    Examples
    --------
    >>> w = np.array([1.0]); opt = SGD([w], lr=0.1, momentum=0.9)
    >>> opt.step([np.array([1.0])]); opt.step([np.array([1.0])]); w.tolist()
    [0.71]
    """

    def __init__(self, params, lr, momentum=0.0, weight_decay=0.0):
        super().__init__(params, lr)
        self.momentum = check_real(momentum, "momentum", low=0.0, high=1.0, low_open=False,
                                   hint="Use momentum=0.9, or 0 for plain SGD.")
        self.weight_decay = check_real(weight_decay, "weight_decay", low=0.0, low_open=False,
                                       hint="Use weight_decay=0 for no penalty, or a small value such as 1e-4.")
        self.velocities = [np.zeros_like(p) for p in self.params]

    def step(self, grads):
        """Update every parameter once, given its gradient (the list ``net.gradients()``)."""
        for p, g, v in zip(self.params, self._check_grads(grads), self.velocities):
            g = g + self.weight_decay * p
            v *= self.momentum
            v += g
            p -= self.lr * v


class Adam(_Optimizer):
    r"""Adam (Kingma and Ba 2015): steps scaled by running estimates of the gradient's first two moments.

    At step :math:`t = 1, 2, \dots`, for each parameter :math:`\theta` with gradient :math:`g`:

    .. math::

        m \leftarrow \beta_1 m + (1 - \beta_1)\,g, \qquad
        v \leftarrow \beta_2 v + (1 - \beta_2)\,g^2, \qquad
        \hat m = \frac{m}{1 - \beta_1^t}, \quad \hat v = \frac{v}{1 - \beta_2^t}, \qquad
        \theta \leftarrow \theta - \eta\,\frac{\hat m}{\sqrt{\hat v} + \epsilon},

    with :math:`m = v = 0` at the start (the bias corrections undo that start). This is
    Algorithm 1 of the paper and ``torch.optim.Adam`` without weight decay.

    Parameters
    ----------
    params : list of ndarray
        The arrays to update in place, e.g. ``net.parameters()``.
    lr : float > 0, default=0.001
        :math:`\eta`, roughly the largest change of a parameter in one step.
    betas : (float, float) in [0, 1), default=(0.9, 0.999)
        :math:`\beta_1, \beta_2`.
    eps : float > 0, default=1e-8
        :math:`\epsilon`.

    References
    ----------
    Kingma, D. P. and Ba, J. (2015). Adam: A method for stochastic optimization. ICLR.

    Examples
    --------
    >>> w = np.array([1.0]); opt = Adam([w], lr=0.1)
    >>> opt.step([np.array([5.0])]); w.round(6).tolist()   # the first step has length lr
    [0.9]
    """

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {_short(betas)}. Use betas=(0.9, 0.999).")
        self.betas = tuple(check_real(b, f"betas[{i}]", low=0.0, high=1.0, low_open=False,
                                      hint="Use betas=(0.9, 0.999).") for i, b in enumerate(betas))
        self.eps = check_real(eps, "eps", low=0.0, hint="Use eps=1e-8.")
        self.t = 0
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]

    def step(self, grads):
        """Update every parameter once, given its gradient (the list ``net.gradients()``)."""
        grads = self._check_grads(grads)
        beta1, beta2 = self.betas
        self.t += 1
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m[...] = beta1 * m + (1.0 - beta1) * g
            v[...] = beta2 * v + (1.0 - beta2) * g * g
            m_hat = m / (1.0 - beta1**self.t)
            v_hat = v / (1.0 - beta2**self.t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def minibatches(n_samples, batch_size, random_state=None, *, drop_last=False):
    r"""The index arrays of one epoch of mini-batches, in a random order.

    Draws one permutation of ``range(n_samples)`` and cuts it into consecutive pieces of
    ``batch_size`` (the last one shorter unless ``drop_last``). Call it once per epoch with
    the *same* ``RandomState`` to get a new order each epoch; an integer seed gives the same
    order at every call.

    Parameters
    ----------
    n_samples, batch_size : int >= 1
    random_state : None, int or numpy.random.RandomState, default=None
    drop_last : bool, default=False
        Leave out the last, shorter batch (NT-Xent needs at least two examples per batch).

    Yields
    ------
    batch : ndarray of int

    Examples
    --------
    >>> rng = np.random.RandomState(0)
    >>> [b.tolist() for b in minibatches(5, 2, random_state=rng)]
    [[2, 0], [1, 3], [4]]
    """
    n_samples = check_int(n_samples, "n_samples", minimum=1, hint="Pass len(X).")
    batch_size = check_int(batch_size, "batch_size", minimum=1, hint="Use e.g. batch_size=32.")
    order = check_random_state(random_state).permutation(n_samples)
    stop = n_samples - n_samples % batch_size if drop_last else n_samples
    for start in range(0, stop, batch_size):
        yield order[start:start + batch_size]
