"""The input checks of negedu.nn, built on :mod:`negedu._validation` with a hint that says what to pass."""

import numpy as np

from negedu._validation import check_array, check_fraction


def check_real(value, name, *, low, high=np.inf, low_open=True, high_open=True, hint):
    """A finite real number in the interval from ``low`` to ``high``; the message ends with ``hint``."""
    try:
        return check_fraction(value, name, low=low, high=high, low_open=low_open, high_open=high_open)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{exc} {hint}") from None


def check_input(x, name="x"):
    """A float64 copy of a 2-D batch ``(n_samples, n_features)`` of finite numbers."""
    return check_array(x, name).astype(np.float64, copy=False)


def check_grad_out(grad_out, shape, owner):
    """``dL/d(output)`` as a float64 array of the output's ``shape`` (a 1-D array for one output column)."""
    if shape is None:
        raise ValueError(
            f"{owner}.backward was called before forward. Call forward(x) first, then backward(grad_out) "
            "with the gradient of the loss with respect to that output."
        )
    g = np.array(grad_out, dtype=np.float64)  # a copy: the caller's array is never written to
    if g.ndim == 1 and len(shape) == 2 and shape[1] == 1:
        g = g.reshape(-1, 1)  # a loss of one logit per sample returns shape (n,)
    if g.shape != shape:
        raise ValueError(
            f"grad_out has shape {g.shape} but the last forward returned shape {shape}. "
            "Pass dL/d(output), one entry per entry of the output."
        )
    if not np.isfinite(g).all():
        bad = "NaN" if np.isnan(g).any() else "infinity"
        raise ValueError(
            f"grad_out contains {bad}: the loss or its gradient overflowed. "
            "Compute the loss from logits, or lower the learning rate."
        )
    return g
