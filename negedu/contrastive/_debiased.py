r"""Debiased contrastive loss: NT-Xent corrected for the false negatives a batch contains.

SimCLR's negatives are "every other view of the batch". When the data have classes, some of
those views show an example of the anchor's own class: *false negatives*, pushed away although
a good representation should keep them close. With :math:`C` balanced classes a share
:math:`\tau^+ = 1/C` of the negatives is false. Chuang et al. (2020) replace the sum over the
negatives by an estimate of the sum over the *true* negatives only, using the positive as a
sample of the anchor's class.
"""

import numpy as np

from negedu._numerics import reduce
from negedu._validation import _short, check_fraction

from ._common import check_reduction
from ._infonce import _nt_xent_parts, nt_xent_backward

__all__ = ["debiased_nt_xent_loss", "debiased_nt_xent_loss_grad"]


def _check_tau_plus(tau_plus):
    try:
        return check_fraction(tau_plus, "tau_plus", low=0.0, high=1.0, low_open=False, high_open=True)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{exc} Use the share of the anchor's class among the negatives, e.g. 0.1 for ten "
                        "balanced classes (0 gives SimCLR's NT-Xent).") from None


def _debiased_terms(logits, targets, tau, tau_plus):
    r"""Per-view loss and :math:`\partial \ell_i / \partial S_{ik}` of the debiased loss, from SimCLR's logits.

    Row :math:`i` has the positive logit :math:`s_+ = S_{i,t(i)}` and :math:`M = 2N - 2`
    negative logits :math:`s_k`. Everything is scaled by :math:`e^{-m_i}`, :math:`m_i` the
    row's largest logit, so no exponential overflows.
    """
    n_views = logits.shape[0]
    rows = np.arange(n_views)
    m = logits.max(axis=1, keepdims=True)  # (2N, 1) the diagonal is -inf, never the max
    e = np.exp(logits - m)  # (2N, 2N) 0 on the diagonal
    pos = e[rows, targets]  # (2N,)
    neg_sum = e.sum(axis=1) - pos  # (2N,) the M negatives
    M = n_views - 2
    estimate = (neg_sum - tau_plus * M * pos) / (1.0 - tau_plus)
    floor = M * np.exp(-1.0 / tau - m[:, 0])  # M e^{-1/tau}: every cosine is >= -1
    clamped = estimate < floor
    N_g = np.where(clamped, floor, estimate)
    denom = pos + N_g
    losses = np.log(denom) - (logits[rows, targets] - m[:, 0])
    # d loss_i / d S_ik: through the estimate when it is not clamped, through the positive always
    grad = np.where(clamped[:, None], 0.0, e / ((1.0 - tau_plus) * denom[:, None]))
    d_pos = pos * (1.0 - np.where(clamped, 0.0, tau_plus * M / (1.0 - tau_plus))) / denom - 1.0
    grad[rows, targets] = d_pos
    return losses, grad


def debiased_nt_xent_loss(z1, z2, *, temperature=0.5, tau_plus=0.1, reduction="mean"):
    r"""Chuang et al.'s debiased contrastive loss on SimCLR's :math:`2N` views.

    For view :math:`i` with positive logit :math:`s_+ = \mathrm{sim}(z_i, z_j)/\tau` and the
    :math:`M = 2N - 2` negative logits :math:`s_k`, the sum over the negatives in NT-Xent is
    replaced by an estimate of the sum over the *true* negatives,

    .. math::

        N_g = \max\Big(\frac{1}{1 - \tau^+}\Big(\sum_{k} e^{s_k} - \tau^+ M\, e^{s_+}\Big),\;
        M e^{-1/\tau}\Big), \qquad
        \ell_i = -\log \frac{e^{s_+}}{e^{s_+} + N_g},

    where :math:`\tau^+` is the class prior, the probability that a "negative" drawn from the
    data shares the anchor's class. The sum over the negatives contains on average a share
    :math:`\tau^+` of false negatives, which look like the positive; subtracting :math:`\tau^+ M`
    copies of :math:`e^{s_+}` and rescaling by :math:`1/(1 - \tau^+)` removes them in
    expectation. The floor :math:`M e^{-1/\tau}` is the smallest value the true sum can take
    (cosines are at least -1) and keeps the estimate positive.

    Parameters
    ----------
    z1, z2 : array-like of shape (N, n_dims)
        The two views of each example, as in :func:`nt_xent_loss`.
    temperature : float > 0, default=0.5
    tau_plus : float in [0, 1), default=0.1
        The class prior :math:`\tau^+`: 0.1 for ten balanced classes. ``tau_plus=0`` gives
        :func:`nt_xent_loss` exactly.
    reduction : {"mean", "sum", "none"}, default="mean"

    Returns
    -------
    loss : float, or ndarray of shape (2N,)

    Raises
    ------
    ValueError, TypeError
        As :func:`nt_xent_loss`, or if ``tau_plus`` is not in [0, 1).

    Notes
    -----
    We use one positive per view (the paper's :math:`M` positive samples with :math:`M = 1`)
    and the batch's :math:`2N - 2` other views as the :math:`N` negatives of the paper; this
    is the form of the authors' public code for SimCLR. The estimate can be poor for a single
    view (it subtracts a multiple of one positive), which is why the floor matters; averaged
    over a batch it is unbiased for the true-negative sum when :math:`\tau^+` is right.
    With the clamp active the loss depends on the negatives only through the constant floor,
    so their gradient is 0.

    References
    ----------
    Chuang, C.-Y., Robinson, J., Lin, Y.-C., Torralba, A. and Jegelka, S. (2020). Debiased
    contrastive learning. NeurIPS 33, 8765-8775.

    Examples
    --------
    >>> from negedu.contrastive import nt_xent_loss
    >>> z1 = [[1.0, 0.0], [0.0, 1.0]]
    >>> z2 = [[0.9, 0.1], [0.1, 0.9]]
    >>> round(debiased_nt_xent_loss(z1, z2, temperature=1.0, tau_plus=0.0), 6) == round(
    ...     nt_xent_loss(z1, z2, temperature=1.0), 6)
    True
    """
    reduction = check_reduction(reduction)
    tau_plus = _check_tau_plus(tau_plus)
    tau, _, _, _, logits, targets = _nt_xent_parts(z1, z2, temperature)
    losses, _ = _debiased_terms(logits, targets, tau, tau_plus)
    return reduce(losses, reduction)


def debiased_nt_xent_loss_grad(z1, z2, *, temperature=0.5, tau_plus=0.1, reduction="mean"):
    r"""The gradient of :func:`debiased_nt_xent_loss` with respect to ``z1`` and ``z2``.

    With :math:`D = e^{s_+} + N_g` and the estimate not clamped,

    .. math::

        \frac{\partial \ell_i}{\partial s_+} = \frac{e^{s_+}}{D}\Big(1 - \frac{\tau^+ M}{1 - \tau^+}\Big) - 1,
        \qquad
        \frac{\partial \ell_i}{\partial s_k} = \frac{e^{s_k}}{(1 - \tau^+) D};

    clamped, only :math:`\partial \ell_i / \partial s_+ = e^{s_+}/D - 1` remains. The matrix of
    these derivatives goes back to the views as in :func:`nt_xent_loss_grad`.

    Returns
    -------
    grad_z1, grad_z2 : ndarrays of shape (N, n_dims)
    """
    if reduction not in ("mean", "sum"):
        raise ValueError(f"reduction must be 'mean' or 'sum' for the gradient, got {_short(reduction)}.")
    tau_plus = _check_tau_plus(tau_plus)
    tau, _, unit, norms, logits, targets = _nt_xent_parts(z1, z2, temperature)
    _, grad_logits = _debiased_terms(logits, targets, tau, tau_plus)
    return nt_xent_backward(grad_logits, unit, norms, tau, reduction)
