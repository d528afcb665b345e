r"""``Sequential``: layers applied one after the other, and backpropagation through them in reverse.

Forward: :math:`h_0 = x`, :math:`h_k = f_k(h_{k-1})`. Backward, from
:math:`g_K = \partial L / \partial h_K` given by the loss: :math:`g_{k-1} = f_k'(g_k)`, each layer
storing its parameter gradients on the way. The loss is not part of the model, so any loss
with a gradient (focal, cross-entropy, NT-Xent, InfoNCE, triplet) can train it.
"""

import copy

import numpy as np

from negedu._validation import _short, check_choice, check_int, check_random_state
from negedu.contrastive import momentum_update
from negedu.nn._checks import check_real
from negedu.nn._layers import Dense, Layer, ReLU, Tanh

__all__ = ["Sequential", "mlp"]


class Sequential(Layer):
    r"""A network that chains ``layers``: ``forward`` runs them in order, ``backward`` in reverse.

    Parameters
    ----------
    *layers : Layer
        ``Dense``, ``ReLU``, ``Tanh``, ``L2Normalize`` (or another ``Sequential``).

    Notes
    -----
    A training step reads as in PyTorch::

        net.zero_grad()
        out = net.forward(X[batch])
        net.backward(loss_grad(y[batch], out))
        optimiser.step(net.gradients())

    ``parameters()`` and ``gradients()`` are the layers' arrays themselves (not copies), so an
    optimiser created once with ``net.parameters()`` keeps updating the network.

    Examples
    --------
    >>> net = Sequential(Dense(2, 3, random_state=0), ReLU(), Dense(3, 1, random_state=0))
    >>> net.forward(np.zeros((5, 2))).shape, len(net.parameters())
    ((5, 1), 4)
    """

    def __init__(self, *layers):
        if not layers:
            raise ValueError("Sequential needs at least one layer, got none. Pass the layers in order, e.g. "
                             "Sequential(Dense(2, 16), ReLU(), Dense(16, 1)).")
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"layer {i} must be a negedu.nn layer (Dense, ReLU, ...), got {_short(layer)} of "
                                f"type {type(layer).__name__}. Pass layer objects such as Dense(2, 16), not classes.")
        self.layers = list(layers)

    def _forward(self, x):
        for layer in self.layers:
            x = layer._forward(x)
        self._out_shape = x.shape
        return x

    def _backward(self, g):
        for layer in reversed(self.layers):
            g = layer._backward(g)
        return g

    def named_parameters(self):
        """``("<layer index>.<name>", array)`` pairs as in PyTorch: ``"0.W"``, ``"0.b"``, ``"2.W"``, ..."""
        return [(f"{i}.{name}", p) for i, layer in enumerate(self.layers) for name, p in layer.named_parameters()]

    def gradients(self):
        return [g for layer in self.layers for g in layer.gradients()]

    def zero_grad(self):
        """Set every gradient to 0; ``backward`` adds to them."""
        for g in self.gradients():
            g[...] = 0.0

    def copy(self):
        """An independent copy (the same parameters in new arrays), e.g. MoCo's key encoder."""
        return copy.deepcopy(self)

    def state_dict(self):
        """Copies of the parameters, keyed ``"<layer index>.<name>"`` as in PyTorch (``"0.W"``, ``"0.b"``, ...)."""
        return {name: p.copy() for name, p in self.named_parameters()}

    def load_state_dict(self, state):
        """Copy the arrays of ``state`` (as returned by :meth:`state_dict`) into the parameters."""
        own = [name for name, _ in self.named_parameters()]
        if not isinstance(state, dict) or set(state) != set(own):
            keys = sorted(state) if isinstance(state, dict) else _short(state)
            raise ValueError(f"state must be a dict with the keys {sorted(own)}, got {keys}. "
                             "Pass the state_dict() of a network with the same layers.")
        values = [np.asarray(state[key], dtype=np.float64) for key in own]
        for key, value, (_, target) in zip(own, values, self.named_parameters()):
            if value.shape != target.shape:  # all checked before any is written
                raise ValueError(f"state[{key!r}] has shape {value.shape}, but the parameter has shape "
                                 f"{target.shape}. Pass the state_dict() of a network with the same layers.")
        for value, (_, target) in zip(values, self.named_parameters()):
            target[...] = value

    def ema_update(self, other, momentum):
        r"""Move the parameters towards ``other``'s: :math:`\theta \leftarrow m\,\theta + (1 - m)\,\theta_{other}`.

        MoCo's key encoder is this exponential moving average of the query encoder
        (``key.ema_update(query, 0.999)`` after each step); see
        :func:`negedu.contrastive.momentum_update`. ``other`` is not modified.

        >>> key = Sequential(Dense(1, 1, random_state=0)); query = key.copy()
        >>> key.layers[0].W[...] = 1.0; query.layers[0].W[...] = 3.0
        >>> key.ema_update(query, 0.75); key.layers[0].W.tolist()
        [[1.5]]
        """
        if not isinstance(other, Sequential) or [p.shape for p in other.parameters()] != [
                p.shape for p in self.parameters()]:
            raise ValueError(f"other must be a Sequential with parameters of the same shapes, got {_short(other)}. "
                             "Pass a copy() of this network.")
        momentum = check_real(momentum, "momentum", low=0.0, high=1.0, low_open=False, high_open=False,
                              hint="MoCo uses momentum=0.999.")
        for mine, theirs in zip(self.parameters(), other.parameters()):
            mine[...] = momentum_update(mine, theirs, momentum)

    def __repr__(self):
        return "Sequential(" + ", ".join(map(repr, self.layers)) + ")"


def mlp(sizes, *, activation="relu", random_state=None):
    r"""A multi-layer perceptron: ``Dense`` layers of the given widths with an activation between them.

    ``mlp([2, 16, 16, 1])`` is ``Sequential(Dense(2, 16), ReLU(), Dense(16, 16), ReLU(),
    Dense(16, 1))``; the last layer has no activation (its outputs are logits or embeddings).
    ReLU networks get He initialisation, tanh networks Glorot's.

    Parameters
    ----------
    sizes : sequence of int
        The input width, the hidden widths, then the output width (at least two numbers).
    activation : {"relu", "tanh"}, default="relu"
    random_state : None, int or numpy.random.RandomState, default=None
        Turned into one ``RandomState`` that draws the layers' weights in order.

    Returns
    -------
    net : Sequential

    Examples
    --------
    >>> mlp([2, 8, 1], random_state=0)
    Sequential(Dense(in_features=2, out_features=8), ReLU(), Dense(in_features=8, out_features=1))
    """
    activation = check_choice(activation, "activation", ("relu", "tanh"))
    sizes = list(sizes) if isinstance(sizes, (list, tuple, np.ndarray)) else sizes
    if not isinstance(sizes, list) or len(sizes) < 2:
        raise ValueError(f"sizes must list at least an input and an output width, got {_short(sizes)}. "
                         "Pass e.g. [2, 16, 1].")
    sizes = [check_int(s, f"sizes[{i}]", minimum=1, hint="Every width is a positive integer.")
             for i, s in enumerate(sizes)]
    rng = check_random_state(random_state)
    init, act = ("he", ReLU) if activation == "relu" else ("glorot", Tanh)
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [Dense(n_in, n_out, init=init, random_state=rng), act()]
    return Sequential(*layers[:-1])
