r"""Triplet loss and the mining of its negatives: FaceNet's semi-hard, batch-all and batch-hard.

A triplet is an anchor :math:`a`, a positive :math:`p` with the anchor's label and a
negative :math:`n` with another label. The loss asks the negative to be farther from the
anchor than the positive by a margin. Which negatives a mini-batch offers, and which of them
the loss looks at, is *mining*. No reference implementation is installed here (no torch or
TensorFlow), so the tests compare with loops over all triplets written in the test; the
semi-hard convention follows TensorFlow Addons' documented ``triplet_semihard_loss``.
"""

import warnings

import numpy as np

from negedu._numerics import reduce, reduction_scale
from negedu._validation import check_choice, check_consistent_length, check_labels, check_nonnegative_real, check_numeric

from ._common import check_reduction, check_same_rows, check_vectors

__all__ = [
    "pairwise_distances",
    "triplet_loss",
    "triplet_loss_grad",
    "negative_difficulty",
    "batch_all_triplets",
    "batch_hard_triplets",
    "semi_hard_triplets",
    "batch_all_triplet_loss",
    "batch_hard_triplet_loss",
    "semi_hard_triplet_loss",
    "batch_triplet_loss_grad",
]

_MARGIN_HINT = "FaceNet uses margin=0.2 on unit-length embeddings."
_CHUNK_ELEMENTS = 1 << 20  # at most ~8 MB of float64 differences per chunk


def pairwise_distances(A, B=None, *, squared=True):
    r"""Euclidean distances between the rows of ``A`` and of ``B`` (``A`` itself when ``B`` is None).

    The differences :math:`a_i - b_j` are formed a block of rows at a time (at most about
    a million numbers per block), so the result is exact (no :math:`\lVert a\rVert^2 - 2a^\top b
    + \lVert b\rVert^2` cancellation) and the working memory stays bounded. The result itself
    is :math:`n_A \times n_B`: meant for a mini-batch of a few hundred embeddings.

    >>> pairwise_distances([[0.0, 0.0], [3.0, 4.0]], squared=False).tolist()
    [[0.0, 5.0], [5.0, 0.0]]
    """
    A = check_vectors(A, "A")
    B = A if B is None else check_vectors(B, "B", d=A.shape[1])
    out = np.empty((A.shape[0], B.shape[0]))
    step = max(1, _CHUNK_ELEMENTS // max(1, B.shape[0] * A.shape[1]))
    for start in range(0, A.shape[0], step):
        diff = A[start:start + step, None, :] - B[None, :, :]  # (chunk, n_B, d)
        out[start:start + step] = np.einsum("ijd,ijd->ij", diff, diff)
    return out if squared else np.sqrt(out)


def _triplet_parts(anchor, positive, negative, margin, squared):
    margin = check_nonnegative_real(margin, "margin", _MARGIN_HINT)
    a = check_vectors(anchor, "anchor")
    p = check_vectors(positive, "positive", d=a.shape[1])
    n = check_vectors(negative, "negative", d=a.shape[1])
    check_same_rows(a, p, "anchor", "positive")
    check_same_rows(a, n, "anchor", "negative")
    d_ap = np.sum((a - p) ** 2, axis=1)
    d_an = np.sum((a - n) ** 2, axis=1)
    if not squared:
        d_ap, d_an = np.sqrt(d_ap), np.sqrt(d_an)
    return margin, a, p, n, d_ap, d_an


def triplet_loss(anchor, positive, negative, *, margin=0.2, squared=True, reduction="mean"):
    r"""The triplet loss of Schroff, Kalenichenko and Philbin (2015).

    .. math::

        \ell(a, p, n) = \max\big(d(a, p) - d(a, n) + \alpha,\; 0\big),

    with :math:`d` the squared Euclidean distance (FaceNet's choice, ``squared=True``) or the
    Euclidean distance (``squared=False``, as Hermans et al. 2017 recommend) and
    :math:`\alpha` the margin. It is zero once the negative is farther than the positive by
    at least the margin.

    Parameters
    ----------
    anchor, positive, negative : array-like of shape (n_triplets, n_dims)
    margin : float >= 0, default=0.2
    squared : bool, default=True
    reduction : {"mean", "sum", "none"}, default="mean"
        Mean over *all* triplets (including the zero ones), sum, or one loss per triplet.

    Returns
    -------
    loss : float, or ndarray of shape (n_triplets,)

    Raises
    ------
    ValueError, TypeError
        On mismatched shapes, non-finite values or a negative margin.

    References
    ----------
    Schroff, F., Kalenichenko, D. and Philbin, J. (2015). FaceNet: a unified embedding for face
    recognition and clustering. CVPR, 815-823.

    Examples
    --------
    >>> round(triplet_loss([[0.0, 0.0]], [[1.0, 0.0]], [[0.0, 1.1]], margin=0.5), 4)  # 1 - 1.21 + 0.5
    0.29
    """
    reduction = check_reduction(reduction)
    margin, _, _, _, d_ap, d_an = _triplet_parts(anchor, positive, negative, margin, bool(squared))
    return reduce(np.maximum(d_ap - d_an + margin, 0.0), reduction)


def triplet_loss_grad(anchor, positive, negative, *, margin=0.2, squared=True, reduction="mean"):
    r"""The gradient of :func:`triplet_loss` with respect to the anchor, positive and negative.

    For an active triplet (:math:`d_{ap} - d_{an} + \alpha > 0`) with squared distances,
    :math:`\partial\ell/\partial a = 2(n - p)`, :math:`\partial\ell/\partial p = 2(p - a)`,
    :math:`\partial\ell/\partial n = 2(a - n)`; with plain distances each difference is divided
    by its length instead of doubled (and taken as 0 where the length is 0). Inactive triplets
    have gradient 0, and so, by convention, does a triplet exactly at the hinge.

    Returns
    -------
    grad_anchor, grad_positive, grad_negative : ndarrays of shape (n_triplets, n_dims)

    Examples
    --------
    >>> ga, gp, gn = triplet_loss_grad([[0.0, 0.0]], [[1.0, 0.0]], [[0.0, 1.1]], margin=0.5)
    >>> ga.tolist(), gp.tolist(), gn.tolist()
    ([[-2.0, 2.2]], [[2.0, 0.0]], [[0.0, -2.2]])
    """
    reduction = check_reduction(reduction)
    margin, a, p, n, d_ap, d_an = _triplet_parts(anchor, positive, negative, margin, bool(squared))
    active = (d_ap - d_an + margin > 0).astype(np.float64)[:, None]
    if squared:
        g_ap, g_an = 2.0 * (a - p), 2.0 * (a - n)  # gradients of d(a,p), d(a,n) with respect to a
    else:
        g_ap = (a - p) / np.where(d_ap > 0, d_ap, np.inf)[:, None]
        g_an = (a - n) / np.where(d_an > 0, d_an, np.inf)[:, None]
    scale = reduction_scale(a.shape[0], reduction)
    # + 0.0 turns the -0.0 of inactive rows into 0.0
    return active * (g_ap - g_an) * scale + 0.0, -active * g_ap * scale + 0.0, active * g_an * scale + 0.0


def negative_difficulty(d_ap, d_an, margin):
    r"""Name each negative "hard", "semi-hard" or "easy" relative to an anchor-positive distance.

    * hard: :math:`d_{an} < d_{ap}`, the negative is closer than the positive;
    * semi-hard: :math:`d_{ap} \le d_{an} < d_{ap} + \alpha`, farther than the positive but
      inside the margin, so the loss is still positive;
    * easy: :math:`d_{an} \ge d_{ap} + \alpha`, the loss is zero.

    (FaceNet defines semi-hard with a strict :math:`d_{ap} < d_{an}`; a tie counts as
    semi-hard here.)

    >>> negative_difficulty(1.0, [0.5, 1.0, 1.1, 1.3], 0.2).tolist()
    ['hard', 'semi-hard', 'semi-hard', 'easy']
    """
    d_ap = check_numeric(d_ap, "d_ap", ndim=(0, 1), copy=False)
    d_an = check_numeric(d_an, "d_an", ndim=(0, 1), copy=False).astype(np.float64, copy=False)
    margin = check_nonnegative_real(margin, "margin", _MARGIN_HINT)
    return np.where(d_an < d_ap, "hard", np.where(d_an < d_ap + margin, "semi-hard", "easy"))


def _check_batch(embeddings, labels, margin, squared):
    margin = check_nonnegative_real(margin, "margin", _MARGIN_HINT)
    E = check_vectors(embeddings, "embeddings")
    y = check_labels(labels, "labels", fix="Pass one class label per embedding, e.g. integers.")
    check_consistent_length(E, y, names=["embeddings", "labels"])
    same = y[:, None] == y[None, :]  # (n, n) label agreement: a mini-batch, built at once
    D = pairwise_distances(E, squared=bool(squared))
    return margin, E, same, D


def batch_all_triplets(embeddings, labels, *, margin=0.2, squared=True, only_active=False):
    r"""Every valid triplet of a mini-batch, as index arrays ``(anchors, positives, negatives)``.

    Valid: :math:`a \ne p`, :math:`y_a = y_p`, :math:`y_n \ne y_a`. With
    ``only_active=True`` only the triplets with a positive loss are kept (Hermans et al.'s
    "batch all" averages over those). Order: by anchor, then positive, then negative.

    >>> a, p, n = batch_all_triplets([[0.0], [1.0], [5.0]], [0, 0, 1])
    >>> a.tolist(), p.tolist(), n.tolist()
    ([0, 1], [1, 0], [2, 2])
    """
    margin, E, same, D = _check_batch(embeddings, labels, margin, squared)
    pos = same & ~np.eye(len(E), dtype=bool)
    a, p, n = np.nonzero(pos[:, :, None] & ~same[:, None, :])  # (n, n, n) booleans: a mini-batch only
    if only_active:
        keep = D[a, p] - D[a, n] + margin > 0
        a, p, n = a[keep], p[keep], n[keep]
    return a, p, n


def batch_hard_triplets(embeddings, labels, *, margin=0.2, squared=True):
    r"""Hermans et al.'s batch-hard triplets: for each anchor, its farthest positive and nearest negative.

    Anchors without a positive (alone in their class) or without a negative are skipped.
    Ties go to the lowest index. Returns ``(anchors, positives, negatives)`` index arrays.

    >>> batch_hard_triplets([[0.0], [1.0], [3.0], [1.5]], [0, 0, 0, 1])
    (array([0, 1, 2]), array([2, 2, 0]), array([3, 3, 3]))
    """
    _, E, same, D = _check_batch(embeddings, labels, margin, squared)
    n = len(E)
    pos = same & ~np.eye(n, dtype=bool)
    anchors = np.nonzero(pos.any(axis=1) & (~same).any(axis=1))[0]
    hardest_pos = np.argmax(np.where(pos, D, -np.inf)[anchors], axis=1)
    hardest_neg = np.argmin(np.where(~same, D, np.inf)[anchors], axis=1)
    return anchors, hardest_pos, hardest_neg


def semi_hard_triplets(embeddings, labels, *, margin=0.2, squared=True):
    r"""FaceNet's online semi-hard mining: for every anchor-positive pair, one negative.

    For each pair :math:`(a, p)` with :math:`a \ne p` and :math:`y_a = y_p`, the negative is the
    *nearest negative farther than the positive*, :math:`\arg\min \{ d_{an} : d_{an} > d_{ap} \}`
    (semi-hard when it lies within the margin, else easy with zero loss). When no negative is
    farther than the positive, the *farthest* negative of the anchor is taken instead (it is
    then hard, with a positive loss). That fallback is TensorFlow Addons' documented
    convention for ``triplet_semihard_loss`` ("If no such negative exists, uses the largest
    negative distance instead"); the FaceNet paper does not say what it does. Ties go to the
    lowest index. Anchors without a negative are skipped.

    Returns
    -------
    anchors, positives, negatives : ndarrays of int

    Examples
    --------
    >>> semi_hard_triplets([[0.0], [1.0], [1.2], [0.5]], [0, 0, 1, 1])[2].tolist()
    [2, 3, 0, 0]
    """
    _, E, same, D = _check_batch(embeddings, labels, margin, squared)
    pos = same & ~np.eye(len(E), dtype=bool)
    a, p = np.nonzero(pos & (~same).any(axis=1)[:, None])
    d_an = np.where(~same[a], D[a], np.nan)  # (n_pairs, n) distances to each anchor's negatives
    farther = d_an > D[a, p][:, None]  # NaN compares False
    outside = np.argmin(np.where(farther, d_an, np.inf), axis=1)
    farthest = np.argmax(np.where(~same[a], D[a], -np.inf), axis=1)
    return a, p, np.where(farther.any(axis=1), outside, farthest)


_MINERS = {"all": batch_all_triplets, "hard": batch_hard_triplets, "semi-hard": semi_hard_triplets}


def _warn_if_no_triplet(labels):
    """Warn when a batch has no valid triplet: no class with two members, or a single class."""
    _, counts = np.unique(check_labels(labels, "labels"), return_counts=True)
    if counts.size < 2 or counts.max() < 2:
        why = "every label is the same" if counts.size < 2 else "no label occurs twice"
        warnings.warn(
            f"The batch has no valid triplet ({why}), so the loss is 0 and its gradient is 0. "
            "Build batches with at least two examples of some class and at least two classes "
            "(for example P classes x K examples each).", UserWarning, stacklevel=3)


def _batch_loss(embeddings, labels, miner, margin, squared, reduction, **kwargs):
    reduction = check_reduction(reduction)
    a, p, n = _MINERS[miner](embeddings, labels, margin=margin, squared=squared, **kwargs)
    _warn_if_no_triplet(labels)
    E = check_vectors(embeddings, "embeddings")
    return reduce(np.maximum(_dist(E, a, p, squared) - _dist(E, a, n, squared) + margin, 0.0), reduction)


def _dist(E, i, j, squared):
    d = np.sum((E[i] - E[j]) ** 2, axis=1)
    return d if squared else np.sqrt(d)


def batch_all_triplet_loss(embeddings, labels, *, margin=0.2, squared=True, only_active=False, reduction="mean"):
    r"""The triplet loss over every valid triplet of a mini-batch (:func:`batch_all_triplets`).

    ``reduction="mean"`` divides by the number of valid triplets, or, with
    ``only_active=True``, by the number with a positive loss (Hermans et al.'s "BA≠0").

    Notes
    -----
    A batch with no valid triplet (a single class, or no class with two examples) gives 0.0
    with a ``UserWarning``, as do all the batch triplet losses of :mod:`negedu.contrastive`.

    >>> round(batch_all_triplet_loss([[0.0], [1.0], [1.2]], [0, 0, 1], margin=0.5), 4)  # (0.06 + 1.46) / 2
    0.76
    """
    return _batch_loss(embeddings, labels, "all", margin, squared, reduction, only_active=only_active)


def batch_hard_triplet_loss(embeddings, labels, *, margin=0.2, squared=True, reduction="mean"):
    r"""Hermans, Beyer and Leibe's batch-hard triplet loss: one triplet per anchor, the hardest.

    Hermans et al. use plain distances (``squared=False``) and often a soft margin; this
    is the hinge form, averaged over the anchors (see :func:`batch_hard_triplets`).

    References
    ----------
    Hermans, A., Beyer, L. and Leibe, B. (2017). In defense of the triplet loss for person
    re-identification. arXiv:1703.07737.

    Notes
    -----
    A batch with no valid triplet (a single class, or no class with two examples) gives 0.0
    with a ``UserWarning``.

    >>> round(batch_hard_triplet_loss([[0.0], [1.0], [1.2]], [0, 0, 1], margin=0.5), 4)  # anchors 0 and 1: (0.06 + 1.46) / 2
    0.76
    """
    return _batch_loss(embeddings, labels, "hard", margin, squared, reduction)


def semi_hard_triplet_loss(embeddings, labels, *, margin=0.2, squared=True, reduction="mean"):
    r"""The triplet loss with FaceNet's online semi-hard negatives (:func:`semi_hard_triplets`).

    One triplet per anchor-positive pair; ``"mean"`` divides by the number of pairs,
    including those whose loss is zero, as TensorFlow Addons does.

    Notes
    -----
    A batch with no valid triplet (a single class, or no class with two examples) gives 0.0
    with a ``UserWarning``.

    >>> round(semi_hard_triplet_loss([[0.0], [1.0], [1.2]], [0, 0, 1], margin=0.5), 4)  # (0.06 + 1.46) / 2
    0.76
    """
    return _batch_loss(embeddings, labels, "semi-hard", margin, squared, reduction)


def batch_triplet_loss_grad(embeddings, labels, *, mining="semi-hard", margin=0.2, squared=True, reduction="mean",
                            only_active=False):
    r"""The gradient of a batch triplet loss with respect to the embeddings, the mined triplets held fixed.

    The mining step (an argmin or argmax) is piecewise constant, so away from ties the
    gradient of the batch loss is the gradient of :func:`triplet_loss` on the mined
    triplets, added up into the rows of the batch with ``np.add.at``.

    Parameters
    ----------
    mining : {"all", "hard", "semi-hard"}, default="semi-hard"
    only_active : bool, default=False
        Only for ``mining="all"``.

    Returns
    -------
    grad : ndarray of shape (n_samples, n_dims)

    Notes
    -----
    A batch with no valid triplet (a single class, or no class with two examples) gives a
    zero gradient with a ``UserWarning``.

    Examples
    --------
    >>> batch_triplet_loss_grad([[0.0], [1.0], [1.2]], [0, 0, 1], margin=0.5).round(2).tolist()
    [[-0.8], [2.2], [-1.4]]
    """
    check_choice(mining, "mining", tuple(_MINERS))
    kwargs = {"only_active": only_active} if mining == "all" else {}
    a, p, n = _MINERS[mining](embeddings, labels, margin=margin, squared=squared, **kwargs)
    _warn_if_no_triplet(labels)
    E = check_vectors(embeddings, "embeddings")
    ga, gp, gn = triplet_loss_grad(E[a], E[p], E[n], margin=margin, squared=squared, reduction=reduction) \
        if len(a) else (np.empty((0, E.shape[1])),) * 3
    grad = np.zeros_like(E)
    np.add.at(grad, a, ga)
    np.add.at(grad, p, gp)
    np.add.at(grad, n, gn)
    return grad
