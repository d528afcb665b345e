r"""negedu.nn: the smallest network library the deep-learning chapters need, in NumPy.

Every forward and backward pass is written by hand, vectorised over the batch, and checked
against finite differences in the tests; randomness comes only from a ``random_state``.
Losses and their gradients with respect to the network's output come from
:mod:`negedu.losses` and :mod:`negedu.contrastive`.

Layers (``forward(x)``, then ``backward(dL/dy)`` returns ``dL/dx`` and adds to the parameter gradients):
    Dense, ReLU, Tanh, L2Normalize, prior_bias

Networks:
    Sequential (parameters, gradients, zero_grad, copy, state_dict, load_state_dict, ema_update), mlp

Training:
    SGD, Adam, minibatches

Examples
--------
One step of gradient descent on the focal loss:

>>> from negedu.losses import sigmoid_focal_loss_grad
>>> X, y = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([0, 1])
>>> net = mlp([2, 4, 1], random_state=0)
>>> opt = SGD(net.parameters(), lr=0.1)
>>> net.zero_grad()
>>> logits = net.forward(X).ravel()
>>> _ = net.backward(sigmoid_focal_loss_grad(y, logits))
>>> opt.step(net.gradients())
"""

import numpy as np  # noqa: F401  (the examples above use it)

from negedu.nn._layers import Dense, L2Normalize, Layer, ReLU, Tanh, prior_bias
from negedu.nn._model import Sequential, mlp
from negedu.nn._optim import SGD, Adam, minibatches

__all__ = ["Layer", "Dense", "ReLU", "Tanh", "L2Normalize", "prior_bias", "Sequential", "mlp", "SGD", "Adam",
           "minibatches"]
