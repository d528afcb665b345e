r"""Layers: each ``forward(x)`` keeps what its ``backward`` needs; ``backward(dL/dy)`` returns ``dL/dx``.

A layer maps a batch :math:`X` of shape ``(n_samples, n_in)`` to :math:`Y` of shape
``(n_samples, n_out)``. Given :math:`G = \partial L / \partial Y` from the layer above (or from
the loss), ``backward`` returns :math:`\partial L / \partial X` by the chain rule and *adds*
:math:`\partial L / \partial \theta` to the gradient of each parameter :math:`\theta`, as
PyTorch does (``zero_grad`` resets them). Rows are samples throughout, so the formulas are
those of a textbook's backpropagation with a batch dimension in front.
"""

import numpy as np

from negedu._validation import check_choice, check_int, check_random_state
from negedu.contrastive._common import l2_normalize, l2_normalize_backward
from negedu.nn._checks import check_grad_out, check_input, check_real

__all__ = ["Layer", "Dense", "ReLU", "Tanh", "L2Normalize", "prior_bias"]


class Layer:
    """The interface of every layer: ``forward``, ``backward``, ``parameters``, ``gradients``.

    Subclasses write ``_forward(x)`` and ``_backward(g)`` on clean float64 arrays; the public
    methods check the input first. A layer without parameters has empty lists.
    """

    param_names = ()
    _out_shape = None  # the shape of the last output; None until forward has run

    def forward(self, x):
        """The layer's output for a batch ``x`` of shape (n_samples, n_features)."""
        return self._forward(check_input(x))

    __call__ = forward

    def backward(self, grad_out):
        """Given ``dL/d(output)`` of the last forward, add to the parameter gradients and return ``dL/dx``."""
        return self._backward(check_grad_out(grad_out, self._out_shape, type(self).__name__))

    def named_parameters(self):
        """``(name, array)`` pairs, in ``param_names`` order."""
        return [(name, getattr(self, name)) for name in self.param_names]

    def parameters(self):
        """The parameter arrays, in ``param_names`` order; optimisers update them in place."""
        return [p for _, p in self.named_parameters()]

    def gradients(self):
        """The gradient arrays, in the order of ``parameters()``."""
        return [getattr(self, "d" + name) for name in self.param_names]

    def __repr__(self):
        return f"{type(self).__name__}()"


class Dense(Layer):
    r"""A fully connected layer :math:`Y = XW + b`.

    Parameters
    ----------
    in_features, out_features : int >= 1
        The widths of the input and of the output.
    init : {"he", "glorot"}, default="he"
        How :math:`W` is drawn; :math:`b` starts at 0. ``"he"`` (for ReLU networks, He et al.
        2015): :math:`W_{ij} \sim \mathcal{N}(0, 2 / n_{in})`, which keeps the variance of the
        activations constant through ReLU layers. ``"glorot"`` (for tanh, Glorot and Bengio
        2010): :math:`W_{ij} \sim \mathcal{U}(-a, a)`, :math:`a = \sqrt{6 / (n_{in} + n_{out})}`.
    random_state : None, int or numpy.random.RandomState, default=None
        The source of :math:`W` (one draw of ``in_features * out_features`` numbers). Pass the
        same ``RandomState`` to every layer of a network, as :func:`mlp` does.

    Attributes
    ----------
    W : ndarray of shape (in_features, out_features)
    b : ndarray of shape (out_features,)
    dW, db : ndarrays of the same shapes, the gradients summed since the last ``zero_grad``.

    Notes
    -----
    With :math:`G = \partial L / \partial Y` (one row per sample), the chain rule gives

    .. math::

        \frac{\partial L}{\partial W} = X^\top G, \qquad
        \frac{\partial L}{\partial b} = \sum_i G_{i\cdot}, \qquad
        \frac{\partial L}{\partial X} = G W^\top .

    :math:`W` is stored ``(in, out)`` so that a row of :math:`X` times :math:`W` is a row of
    :math:`Y`; PyTorch's ``nn.Linear`` stores the transpose and computes :math:`XW^\top + b`.

    References
    ----------
    He, K., Zhang, X., Ren, S. and Sun, J. (2015). Delving deep into rectifiers. ICCV, 1026-1034.
    Glorot, X. and Bengio, Y. (2010). Understanding the difficulty of training deep feedforward
    neural networks. AISTATS, PMLR 9, 249-256.

    Examples
    --------
    >>> layer = Dense(3, 2, random_state=0)
    >>> layer.forward(np.ones((4, 3))).shape, layer.W.shape
    ((4, 2), (3, 2))
    >>> layer.backward(np.ones((4, 2))).shape, layer.db.tolist()
    ((4, 3), [4.0, 4.0])
    """

    param_names = ("W", "b")

    def __init__(self, in_features, out_features, *, init="he", random_state=None):
        hint = "Pass the number of columns as a positive integer."
        self.in_features = check_int(in_features, "in_features", minimum=1, hint=hint)
        self.out_features = check_int(out_features, "out_features", minimum=1, hint=hint)
        self.init = check_choice(init, "init", ("he", "glorot"))
        rng = check_random_state(random_state)
        shape = (self.in_features, self.out_features)
        if self.init == "he":
            self.W = rng.normal(0.0, np.sqrt(2.0 / self.in_features), size=shape)
        else:
            limit = np.sqrt(6.0 / (self.in_features + self.out_features))
            self.W = rng.uniform(-limit, limit, size=shape)
        self.b = np.zeros(self.out_features)
        self.dW, self.db = np.zeros_like(self.W), np.zeros_like(self.b)

    def _forward(self, x):
        if x.shape[1] != self.in_features:
            raise ValueError(
                f"Dense(in_features={self.in_features}) got x with {x.shape[1]} columns. "
                f"Pass x of shape (n_samples, {self.in_features}), or build the layer for {x.shape[1]} inputs."
            )
        self._x = x
        y = x @ self.W + self.b
        self._out_shape = y.shape
        return y

    def _backward(self, g):
        self.dW += self._x.T @ g
        self.db += g.sum(axis=0)
        return g @ self.W.T

    def __repr__(self):
        return f"Dense(in_features={self.in_features}, out_features={self.out_features})"


class ReLU(Layer):
    r""":math:`y = \max(x, 0)`, entry by entry; :math:`\partial y / \partial x = [x > 0]` (0 at the kink, as PyTorch).

    >>> ReLU().forward([[-1.0, 0.0, 2.0]]).tolist()
    [[0.0, 0.0, 2.0]]
    """

    def _forward(self, x):
        self._mask = x > 0
        self._out_shape = x.shape
        return np.where(self._mask, x, 0.0)

    def _backward(self, g):
        return g * self._mask


class Tanh(Layer):
    r""":math:`y = \tanh x`, entry by entry; :math:`\partial y / \partial x = 1 - y^2`.

    >>> round(float(Tanh().forward([[0.5]])[0, 0]), 4)
    0.4621
    """

    def _forward(self, x):
        self._y = np.tanh(x)
        self._out_shape = x.shape
        return self._y.copy()  # the caller may write to the output; backward needs y as it was

    def _backward(self, g):
        return g * (1.0 - self._y**2)


class L2Normalize(Layer):
    r"""Each row divided by its Euclidean length, :math:`u = x / \lVert x \rVert`: embeddings on the unit sphere.

    The last layer of a contrastive encoder (SimCLR, MoCo), so that :math:`u^\top v` is a
    cosine similarity. A row of zeros has no direction and is an error.

    Notes
    -----
    Differentiating :math:`u_j = x_j / \lVert x \rVert` with
    :math:`\partial \lVert x \rVert / \partial x_k = x_k / \lVert x \rVert = u_k` gives the
    Jacobian of one row

    .. math::

        \frac{\partial u}{\partial x} = \frac{I - u u^\top}{\lVert x \rVert},
        \qquad\text{so}\qquad
        \frac{\partial L}{\partial x} = \frac{g - u\,(u^\top g)}{\lVert x \rVert}

    for :math:`g = \partial L / \partial u`: the part of :math:`g` along :math:`u` (which would
    only change the length) is removed, and the rest is scaled by :math:`1 / \lVert x \rVert`.
    The same formula as the contrastive losses' gradients use (``negedu.contrastive``).

    Examples
    --------
    >>> L2Normalize().forward([[3.0, 4.0]]).tolist()
    [[0.6, 0.8]]
    """

    def _forward(self, x):
        self._u, self._norms = l2_normalize(x)
        self._out_shape = x.shape
        return self._u.copy()  # the caller may write to the output; backward needs u as it was

    def _backward(self, g):
        return l2_normalize_backward(g, self._u, self._norms)


def prior_bias(prior):
    r"""The bias :math:`b = -\log((1 - \pi) / \pi)` that makes a sigmoid output start at probability :math:`\pi`.

    RetinaNet (Lin et al. 2017) initialises the bias of its classification layer this way
    with :math:`\pi = 0.01`, so that at the start every one of the many candidate locations
    is predicted background with probability 0.99: the loss of the easy negatives does not
    swamp the first steps. Set it with ``net.layers[-1].b[:] = prior_bias(0.01)``.

    Parameters
    ----------
    prior : float in (0, 1)
        :math:`\pi`, the probability of the positive class every output starts with.

    Returns
    -------
    bias : float

    References
    ----------
    Lin, T.-Y., Goyal, P., Girshick, R., He, K. and Dollár, P. (2017). Focal Loss for Dense
    Object Detection. ICCV, 2999-3007 (section 4.1, "Initialization").

    Examples
    --------
    >>> round(prior_bias(0.01), 4)
    -4.5951
    """
    prior = check_real(prior, "prior", low=0.0, high=1.0, hint="RetinaNet uses prior=0.01.")
    return float(-np.log((1.0 - prior) / prior))
