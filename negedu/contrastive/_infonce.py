r"""InfoNCE, SimCLR's NT-Xent and MoCo's queue: the other examples of a batch (or a queue) as negatives.

All three losses are a softmax cross-entropy in which the "classes" are candidate keys: one
positive key (another view of the same example) and many negative keys (views of *other*
examples). Nothing in the data is labelled negative; the negatives are constructed from the
batch (SimCLR) or from a first-in first-out queue of recent keys (MoCo). No reference
implementation is installed here (no torch), so the tests compare with loops written in
the test and, for the cross-entropy view, with scikit-learn's ``log_loss``.
"""

import numpy as np

from negedu._bunch import Bunch
from negedu._numerics import log_softmax, logsumexp, reduce
from negedu._validation import _short, check_int, check_numeric, check_positive_real, check_random_state

from ._common import (
    check_reduction,
    check_same_rows,
    check_vectors,
    l2_normalize,
    l2_normalize_backward,
)

__all__ = [
    "info_nce_loss",
    "info_nce_loss_grad",
    "nt_xent_logits",
    "nt_xent_loss",
    "nt_xent_loss_grad",
    "nt_xent_backward",
    "MoCoQueue",
    "momentum_update",
    "train_linear_moco",
]

_TAU_HINT = "Use a small positive temperature such as 0.07 (MoCo) or 0.5 (SimCLR)."


def _info_nce_parts(query, positive_key, negative_keys, temperature):
    tau = check_positive_real(temperature, "temperature", _TAU_HINT)
    q = check_vectors(query, "query")
    k_pos = check_vectors(positive_key, "positive_key", d=q.shape[1])
    k_neg = check_vectors(negative_keys, "negative_keys", d=q.shape[1])
    check_same_rows(q, k_pos, "query", "positive_key")
    logits = np.empty((q.shape[0], 1 + k_neg.shape[0]))  # (N, 1 + K): column 0 is the positive
    logits[:, 0] = np.sum(q * k_pos, axis=1) / tau
    logits[:, 1:] = q @ k_neg.T / tau
    return tau, q, k_pos, k_neg, logits


def info_nce_loss(query, positive_key, negative_keys, *, temperature=0.07, reduction="mean"):
    r"""The InfoNCE loss of a query against one positive key and K negative keys (MoCo's form).

    .. math::

        \mathcal{L}_q = -\log \frac{\exp(q^\top k_+ / \tau)}
        {\exp(q^\top k_+ / \tau) + \sum_{j=1}^{K} \exp(q^\top k_j / \tau)}

    the cross-entropy of a :math:`(K + 1)`-way softmax whose correct class is the positive
    key: one positive against K negatives, imbalanced 1 : K by construction.

    Parameters
    ----------
    query : array-like of shape (n_queries, n_dims)
        Encoded queries :math:`q` (MoCo L2-normalises them; this function uses the vectors as given).
    positive_key : array-like of shape (n_queries, n_dims)
        Row i is the key of another view of query i.
    negative_keys : array-like of shape (n_negatives, n_dims)
        Keys shared by every query, e.g. the contents of a :class:`MoCoQueue`.
    temperature : float > 0, default=0.07
        :math:`\tau` (MoCo's value). Smaller values sharpen the softmax onto the hardest negatives.
    reduction : {"mean", "sum", "none"}, default="mean"

    Returns
    -------
    loss : float, or ndarray of shape (n_queries,) for ``reduction="none"``

    Raises
    ------
    ValueError, TypeError
        On mismatched shapes, non-finite values, a temperature that is not > 0 or an unknown reduction.

    Notes
    -----
    Computed as :math:`\mathrm{logsumexp}(\ell) - \ell_0` over the logits
    :math:`\ell = (q^\top k_+, q^\top k_1, \dots, q^\top k_K) / \tau`, shifted by their
    maximum, so :math:`\tau = 10^{-4}` stays finite. The loss is at least 0, equals
    :math:`\log(K + 1)` when all logits are equal, and is invariant to the order of the
    negatives. Oord, Li and Vinyals (2018) named it InfoNCE and showed that
    :math:`\log(K + 1) - \mathcal{L}` is a lower bound on the mutual information between the
    two views.

    References
    ----------
    van den Oord, A., Li, Y. and Vinyals, O. (2018). Representation learning with contrastive
    predictive coding. arXiv:1807.03748.
    He, K., Fan, H., Wu, Y., Xie, S. and Girshick, R. (2020). Momentum contrast for unsupervised
    visual representation learning. CVPR, 9726-9735.

    Examples
    --------
    >>> q, k = [[1.0, 0.0]], [[1.0, 0.0]]
    >>> negatives = [[0.0, 1.0], [-1.0, 0.0]]
    >>> round(info_nce_loss(q, k, negatives, temperature=1.0), 4)  # log(e + 1 + 1/e) - 1
    0.4076
    """
    reduction = check_reduction(reduction)
    *_, logits = _info_nce_parts(query, positive_key, negative_keys, temperature)
    return reduce(logsumexp(logits, axis=1) - logits[:, 0], reduction)


def info_nce_loss_grad(query, positive_key, negative_keys, *, temperature=0.07, reduction="mean"):
    r"""The gradient of :func:`info_nce_loss` with respect to the query, positive key and negative keys.

    With :math:`p` the softmax of the logits (:math:`p_0` on the positive),

    .. math::

        \frac{\partial \mathcal{L}}{\partial q} = \frac{(p_0 - 1)\,k_+ + \sum_j p_j k_j}{\tau},\quad
        \frac{\partial \mathcal{L}}{\partial k_+} = \frac{(p_0 - 1)\,q}{\tau},\quad
        \frac{\partial \mathcal{L}}{\partial k_j} = \frac{\sum_i p_{ij}\,q_i}{\tau}.

    Each negative pushes the query in proportion to its softmax weight :math:`p_j`: the
    loss mines its own hard negatives, more sharply as :math:`\tau` falls.

    Parameters
    ----------
    query, positive_key, negative_keys, temperature :
        As in :func:`info_nce_loss`.
    reduction : {"mean", "sum"}, default="mean"
        The reduction of the loss being differentiated (the negative keys are shared by all
        queries, so a per-query gradient is not one array).

    Returns
    -------
    grad_query : ndarray of shape (n_queries, n_dims)
    grad_positive_key : ndarray of shape (n_queries, n_dims)
    grad_negative_keys : ndarray of shape (n_negatives, n_dims)

    Examples
    --------
    >>> g_q, g_k, g_neg = info_nce_loss_grad([[0.0, 0.0]], [[1.0, 0.0]], [[0.0, 1.0]], temperature=1.0)
    >>> g_q.tolist(), g_neg.tolist()
    ([[-0.5, 0.5]], [[0.0, 0.0]])
    """
    if reduction not in ("mean", "sum"):
        raise ValueError(f"reduction must be 'mean' or 'sum' for the gradient, got {_short(reduction)}.")
    tau, q, k_pos, k_neg, logits = _info_nce_parts(query, positive_key, negative_keys, temperature)
    p = np.exp(log_softmax(logits, axis=1))  # (N, 1 + K) softmax
    scale = 1.0 / (tau * (q.shape[0] if reduction == "mean" else 1))
    err0 = p[:, 0] - 1.0  # (N,)
    grad_q = (err0[:, None] * k_pos + p[:, 1:] @ k_neg) * scale
    grad_k = err0[:, None] * q * scale
    grad_neg = p[:, 1:].T @ q * scale  # (K, d)
    return grad_q, grad_k, grad_neg


def _nt_xent_parts(z1, z2, temperature):
    tau = check_positive_real(temperature, "temperature", _TAU_HINT)
    a = check_vectors(z1, "z1")
    b = check_vectors(z2, "z2", d=a.shape[1])
    check_same_rows(a, b, "z1", "z2")
    n = a.shape[0]
    if n < 2:
        raise ValueError(
            f"NT-Xent needs at least 2 examples (4 views) so that every view has a negative, got {n}. "
            "Use a larger batch."
        )
    unit, norms = l2_normalize(np.concatenate([a, b]))  # (2N, d): views 1 then views 2
    logits = unit @ unit.T / tau  # (2N, 2N) cosine similarities / tau: a batch of a few hundred at once
    np.fill_diagonal(logits, -np.inf)  # a view is not its own candidate
    targets = np.concatenate([np.arange(n, 2 * n), np.arange(n)])  # the other view of the same example
    return tau, n, unit, norms, logits, targets


def nt_xent_logits(z1, z2, *, temperature=0.5):
    r"""SimCLR's :math:`2N \times 2N` logit matrix and the column of each row's positive.

    Rows and columns are the :math:`2N` views, ``z1`` first then ``z2``; entry :math:`(i, j)`
    is :math:`\cos(z_i, z_j) / \tau`, the diagonal is :math:`-\infty` (a view is never its
    own candidate), and the target of view :math:`i` is :math:`i + N` (mod :math:`2N`).

    Returns
    -------
    logits : ndarray of shape (2N, 2N)
    targets : ndarray of int, shape (2N,)

    Examples
    --------
    >>> logits, targets = nt_xent_logits([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]], temperature=1.0)
    >>> logits[0].tolist(), targets.tolist()
    ([-inf, 0.0, 1.0, 0.0], [2, 3, 0, 1])
    """
    _, _, _, _, logits, targets = _nt_xent_parts(z1, z2, temperature)
    return logits, targets


def nt_xent_loss(z1, z2, *, temperature=0.5, reduction="mean"):
    r"""SimCLR's normalised-temperature cross-entropy (NT-Xent) over the :math:`2N` views of a batch.

    Each of the :math:`N` examples has two augmented views, row i of ``z1`` and of ``z2``.
    For view :math:`i` with positive :math:`j` (the other view of the same example),

    .. math::

        \ell(i, j) = -\log \frac{\exp(\mathrm{sim}(z_i, z_j)/\tau)}
        {\sum_{k \ne i} \exp(\mathrm{sim}(z_i, z_k)/\tau)}, \qquad
        \mathrm{sim}(u, v) = \frac{u^\top v}{\lVert u\rVert \lVert v\rVert},

    a softmax over the :math:`2N - 1` other views, of which one is positive and the other
    :math:`2N - 2` are the negatives. ``reduction="mean"`` averages the :math:`2N` terms:
    :math:`\mathcal{L} = \frac{1}{2N} \sum_k [\ell(2k{-}1, 2k) + \ell(2k, 2k{-}1)]`, the
    paper's loss.

    Parameters
    ----------
    z1, z2 : array-like of shape (N, n_dims)
        Projections of the two views of each example (not necessarily normalised).
    temperature : float > 0, default=0.5
        :math:`\tau`; SimCLR's best values were 0.1-0.5 depending on the batch size.
    reduction : {"mean", "sum", "none"}, default="mean"
        ``"none"`` gives the :math:`2N` terms, views of ``z1`` first.

    Returns
    -------
    loss : float, or ndarray of shape (2N,)

    Raises
    ------
    ValueError, TypeError
        If N < 2, a row is all zeros (no direction), shapes differ or the temperature is not > 0.

    Notes
    -----
    Builds the :math:`2N \times 2N` similarity matrix at once: a batch of a few hundred views
    needs a few MB. The loss is the mean cross-entropy of :func:`nt_xent_logits` (a
    :math:`2N`-class problem whose diagonal class has probability 0), which the tests
    compare with scikit-learn's ``log_loss``. It is invariant to rescaling a row, to a common
    rotation, to swapping ``z1`` and ``z2`` and to permuting the examples; as :math:`\tau \to 0`
    it tends to :math:`\max(0, \max_{k \ne i,j} \mathrm{sim}_{ik} - \mathrm{sim}_{ij}) / \tau` per
    view (a hinge on the hardest negative) and as :math:`\tau \to \infty` to :math:`\log(2N - 1)`.
    The public SimCLR code adds the two directions and averages over N only, so its loss is
    twice this one; we follow the paper.

    References
    ----------
    Chen, T., Kornblith, S., Norouzi, M. and Hinton, G. (2020). A simple framework for
    contrastive learning of visual representations. ICML, PMLR 119, 1597-1607.

    Examples
    --------
    >>> z1 = [[1.0, 0.0], [0.0, 1.0]]
    >>> round(nt_xent_loss(z1, z1, temperature=1.0), 4)   # log(1 + e + 1) - 1
    0.5514
    """
    reduction = check_reduction(reduction)
    _, _, _, _, logits, targets = _nt_xent_parts(z1, z2, temperature)
    rows = np.arange(logits.shape[0])
    return reduce(logsumexp(logits, axis=1) - logits[rows, targets], reduction)


def nt_xent_loss_grad(z1, z2, *, temperature=0.5, reduction="mean"):
    r"""The gradient of :func:`nt_xent_loss` with respect to ``z1`` and ``z2``.

    With :math:`S = U U^\top / \tau` for the unit rows :math:`U`, :math:`P` the row softmax
    of :math:`S` (diagonal 0) and :math:`Y` the one-hot targets, :math:`G = (P - Y)/2N`
    (for the mean) gives :math:`\partial\mathcal{L}/\partial U = (G + G^\top) U / \tau`,
    then each row goes back through :math:`u = z / \lVert z\rVert`:
    :math:`\partial\mathcal{L}/\partial z = (g - u\,(u^\top g)) / \lVert z\rVert`.

    Parameters
    ----------
    z1, z2, temperature :
        As in :func:`nt_xent_loss`.
    reduction : {"mean", "sum"}, default="mean"

    Returns
    -------
    grad_z1, grad_z2 : ndarrays of shape (N, n_dims)

    Examples
    --------
    >>> g1, g2 = nt_xent_loss_grad([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]], temperature=1.0)
    >>> g1.shape, bool(abs(g1 - g2).max() < 1e-12)
    ((2, 2), True)
    """
    if reduction not in ("mean", "sum"):
        raise ValueError(f"reduction must be 'mean' or 'sum' for the gradient, got {_short(reduction)}.")
    tau, n, unit, norms, logits, targets = _nt_xent_parts(z1, z2, temperature)
    P = np.exp(log_softmax(logits, axis=1))  # (2N, 2N) softmax, exp(-inf) = 0 on the diagonal
    P[np.arange(2 * n), targets] -= 1.0  # P - Y
    return nt_xent_backward(P, unit, norms, tau, reduction)


def nt_xent_backward(grad_logits, unit, norms, tau, reduction):
    r"""From :math:`G = \partial \ell_i / \partial S_{ik}` (one row per view) back to ``z1`` and ``z2``.

    :math:`S = U U^\top / \tau` uses each unit row twice (as a row and as a column), so
    :math:`\partial\mathcal{L}/\partial U = (G + G^\top) U / \tau`; then each row goes
    back through :math:`u = z / \lVert z\rVert`. Shared by every loss on SimCLR's logit matrix.
    """
    n = unit.shape[0] // 2
    G = grad_logits / (2 * n) if reduction == "mean" else grad_logits
    grad = l2_normalize_backward((G + G.T) @ unit / tau, unit, norms)
    return grad[:n], grad[n:]


class MoCoQueue:
    r"""A first-in first-out queue of keys: MoCo's dictionary of negatives.

    He et al. (2020) keep the keys of the last few mini-batches: after each step the current
    mini-batch's keys are *enqueued* and the oldest ones *dequeued*, so the number of
    negatives (the queue's ``size``, 65,536 in the paper) no longer depends on the batch size.

    Parameters
    ----------
    size : int
        Maximum number of keys kept.
    dim : int
        Length of a key.

    Attributes
    ----------
    keys : ndarray of shape (len(queue), dim)
        A copy of the keys in the queue, oldest first.

    Examples
    --------
    >>> queue = MoCoQueue(size=3, dim=1)
    >>> queue.enqueue([[1.0], [2.0]]).shape          # nothing dequeued yet
    (0, 1)
    >>> queue.enqueue([[3.0], [4.0]]).ravel().tolist()  # the oldest key leaves
    [1.0]
    >>> queue.keys.ravel().tolist(), len(queue)
    ([2.0, 3.0, 4.0], 3)
    """

    def __init__(self, size, dim):
        self.size = check_int(size, "size", minimum=1, hint="MoCo uses a queue of 65536 keys.")
        self.dim = check_int(dim, "dim", minimum=1)
        self._keys = np.empty((0, self.dim))

    def __len__(self):
        return self._keys.shape[0]

    @property
    def keys(self):
        return self._keys.copy()

    def dequeue(self, n):
        """Remove and return the ``n`` oldest keys (fewer if the queue holds fewer)."""
        n = check_int(n, "n", minimum=0)
        out, self._keys = self._keys[:n].copy(), self._keys[n:]
        return out

    def enqueue(self, keys):
        """Append ``keys`` (a mini-batch, newest last); dequeue and return the oldest keys over ``size``."""
        keys = check_vectors(keys, "keys", d=self.dim)
        self._keys = np.concatenate([self._keys, keys])
        return self.dequeue(max(len(self) - self.size, 0))


_ANY_NDIM = tuple(range(33))  # encoder parameters of any shape (NumPy allows up to 32 dimensions)

def momentum_update(theta_k, theta_q, m=0.999):
    r"""MoCo's momentum update of the key encoder: :math:`\theta_k \leftarrow m\,\theta_k + (1 - m)\,\theta_q`.

    Returns a new array; neither input is modified. :math:`m = 0` copies the query encoder
    (the keys then change as fast as the queries and the queue's old keys go stale);
    :math:`m = 0.999`, the paper's value, makes the key encoder a slow average of the query
    encoder, so keys enqueued many steps ago are still comparable with today's.

    >>> momentum_update([1.0, 1.0], [0.0, 3.0], m=0.5).tolist()
    [0.5, 2.0]
    """
    if isinstance(m, bool) or not isinstance(m, (int, float, np.integer, np.floating)) or not 0 <= m <= 1:
        raise ValueError(f"m must be a number in [0, 1], got {_short(m)}. MoCo uses m=0.999.")
    a = check_numeric(theta_k, "theta_k", ndim=_ANY_NDIM).astype(np.float64)
    b = check_numeric(theta_q, "theta_q", ndim=_ANY_NDIM, copy=False).astype(np.float64, copy=False)
    if a.shape != b.shape:
        raise ValueError(f"theta_k has shape {a.shape} and theta_q {b.shape}: the two encoders must have the same parameters.")
    return float(m) * a + (1.0 - float(m)) * b


def train_linear_moco(X, *, embedding_dim=2, queue_size=256, momentum=0.99, temperature=0.2, noise=0.3,
                      learning_rate=0.5, n_steps=200, batch_size=32, random_state=None):
    r"""A toy MoCo: a linear encoder :math:`f(x) = Wx / \lVert Wx \rVert` trained with InfoNCE against a queue.

    Each step draws a mini-batch, makes two views by adding Gaussian noise (s.d. ``noise``),
    encodes the queries with :math:`W_q` and the keys with :math:`W_k`, takes a gradient step
    on :math:`W_q` for :func:`info_nce_loss` with the queue as negatives (the keys get no
    gradient, as in MoCo), applies :func:`momentum_update` to :math:`W_k`, and enqueues the keys.

    Returns
    -------
    model : Bunch
        ``W_q``, ``W_k``, ``losses`` (one per step), and ``staleness``: per step, the mean of
        :math:`1 - \cos` between each key in the queue and the key today's :math:`W_k` gives
        the same input (0 = the queue is consistent with the current encoder).

    Notes
    -----
    Draw order per step: the batch indices, the query noise, the key noise. :math:`W_q`
    starts from a normal draw and :math:`W_k` is a copy of it.
    """
    X = check_vectors(X, "X")
    dim = check_int(embedding_dim, "embedding_dim", minimum=1)
    queue = MoCoQueue(check_int(queue_size, "queue_size", minimum=1), dim)
    rng = check_random_state(random_state)
    W_q = rng.standard_normal((dim, X.shape[1]))
    W_k = W_q.copy()
    inputs = np.empty((0, X.shape[1]))  # the inputs behind the queued keys, to measure staleness
    losses, staleness = [], []
    for _ in range(check_int(n_steps, "n_steps", minimum=1)):
        idx = rng.randint(0, X.shape[0], size=batch_size)
        x_q = X[idx] + noise * rng.standard_normal((batch_size, X.shape[1]))
        x_k = X[idx] + noise * rng.standard_normal((batch_size, X.shape[1]))
        q, q_norm = l2_normalize(x_q @ W_q.T)
        k, _ = l2_normalize(x_k @ W_k.T)
        if len(queue):
            negatives = queue.keys
            losses.append(info_nce_loss(q, k, negatives, temperature=temperature))
            g_q, _, _ = info_nce_loss_grad(q, k, negatives, temperature=temperature)
            W_q = W_q - learning_rate * l2_normalize_backward(g_q, q, q_norm).T @ x_q
            W_k = momentum_update(W_k, W_q, momentum)
            today, _ = l2_normalize(inputs @ W_k.T)
            staleness.append(float(np.mean(1.0 - np.sum(today * negatives, axis=1))))
        queue.enqueue(k)
        inputs = np.concatenate([inputs, x_k])[-queue.size:]
    return Bunch(W_q=W_q, W_k=W_k, losses=np.array(losses), staleness=np.array(staleness))
