"""Checks and the cosine-similarity helpers shared by the contrastive losses.

The numerics they share with the rest of negedu (sigmoid, log-sigmoid, log-sum-exp, softmax,
the reductions) live in :mod:`negedu._numerics`.
"""


import numpy as np

from negedu._numerics import REDUCTIONS
from negedu._validation import check_array, check_choice


def check_reduction(reduction):
    return check_choice(reduction, "reduction", REDUCTIONS)


def check_vectors(x, name, *, ndim=2, d=None):
    """A float64 copy of an array of vectors (``ndim`` 2: rows; 3: (batch, k, d)); finite."""
    if ndim == 2:
        arr = check_array(x, name)
    else:
        arr = check_array(x, name, ensure_2d=False)
        if arr.ndim != ndim:
            raise ValueError(
                f"{name} must be {ndim}-D (n_pairs, n_negatives, n_dims), got shape {arr.shape}. "
                f"Stack the k negative vectors of each pair along axis 1."
            )
    arr = arr.astype(np.float64)
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinity. Every embedding must be finite.")
    if d is not None and arr.shape[-1] != d:
        raise ValueError(
            f"{name} has vectors of length {arr.shape[-1]} but the other inputs have length {d}. "
            "All embeddings must live in the same space."
        )
    return arr


def check_same_rows(a, b, name_a, name_b):
    if a.shape[0] != b.shape[0]:
        raise ValueError(
            f"{name_a} has {a.shape[0]} rows and {name_b} has {b.shape[0]}: row i of each must "
            "belong to the same pair. Pass one row per pair in each."
        )


def l2_normalize(z):
    """Rows divided by their Euclidean norm, and the norms (a zero row is an error)."""
    norms = np.sqrt(np.sum(z * z, axis=1))
    if np.any(norms == 0):
        raise ValueError(
            f"row {int(np.argmin(norms))} of the embeddings is all zeros, so its cosine similarity is "
            "undefined. Remove it or add a small offset."
        )
    return z / norms[:, None], norms


def l2_normalize_backward(grad_unit, unit, norms):
    """Gradient through u = z / |z|: (g - u (u . g)) / |z|, row by row."""
    return (grad_unit - unit * np.sum(unit * grad_unit, axis=1, keepdims=True)) / norms[:, None]
