r"""Focal loss where it matters: a small dense detector trained by mini-batch SGD (Chapter 9, second half).

The problem is :func:`negedu.datasets.make_dense_detection`: 1-D "images" of thousands of
candidate locations (anchors), a handful of them positive, most of them pure noise (the easy
negatives), some of them on or next to a look-alike (the hard negatives). The detector is a
small network applied to every anchor's window (a 1-D convolutional network), its last bias
started at the paper's prior :math:`\pi = 0.01`, trained by SGD with momentum on mini-batches
of whole images, with the loss summed over the anchors of the batch and divided by its number
of positive anchors, as in RetinaNet (Lin et al. 2017, section 4.1).

The methods the paper compares, all as one training loop with a ``sampling`` option:

- ``sampling="all"``: every anchor counts. ``gamma=0`` is the cross-entropy (``alpha`` given:
  the :math:`\alpha`-balanced one), ``gamma > 0`` the focal loss.
- ``sampling="ohem"``: online hard example mining (Shrivastava et al. 2016) as the paper runs it
  in its Table 1d: in each mini-batch, all positives and the ``neg_per_pos`` times as many
  negatives of highest loss (the paper's 1:3), with the cross-entropy.
- ``sampling="random"``: the same number of negatives drawn at random (the fixed
  foreground:background ratio of two-stage detectors): undersampling the negatives.
"""

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import _short, check_choice, check_int, check_random_state
from negedu.datasets import DETECTION_KINDS
from negedu.losses import sigmoid_focal_loss, sigmoid_focal_loss_grad
from negedu.metrics import average_precision_score
from negedu.nn import SGD, mlp, prior_bias

__all__ = ["SAMPLINGS", "LOSS_GROUPS", "image_batches", "select_anchors", "loss_shares_by_kind", "train_detector",
           "detector_scores", "detection_ap", "cumulative_loss"]

#: The options of ``train_detector(sampling=...)``.
SAMPLINGS = ("all", "ohem", "random")
#: How the anchors are grouped when we ask who carries the loss.
LOSS_GROUPS = ("easy negatives", "hard negatives", "positives")


def image_batches(image, n_images_per_batch, random_state):
    """One epoch of mini-batches of whole images: lists of row indices, images in a random order.

    ``image`` is the sorted image index of each row (as :func:`~negedu.datasets.make_dense_detection`
    returns it); one ``permutation`` of the images is drawn from ``random_state``.
    """
    n_images = int(image[-1]) + 1
    starts = np.searchsorted(image, np.arange(n_images + 1))  # rows of image i: starts[i]:starts[i + 1]
    order = random_state.permutation(n_images)
    for k in range(0, n_images, n_images_per_batch):
        yield np.concatenate([np.arange(starts[i], starts[i + 1]) for i in order[k:k + n_images_per_batch]])


def select_anchors(y, logits, sampling, neg_per_pos, random_state):
    r"""The mask of the anchors a mini-batch trains on: all of them, or all positives and a few negatives.

    ``"ohem"`` keeps the :math:`k = ` ``neg_per_pos`` :math:`\times n_+` negatives of highest
    cross-entropy :math:`\log(1 + e^{z})`, i.e. of highest logit (ties by position);
    ``"random"`` draws :math:`k` negatives without replacement. A batch without positives keeps
    ``neg_per_pos`` negatives. Only ``"random"`` draws from ``random_state``.
    """
    if sampling == "all":
        return np.ones(y.size, dtype=bool)
    negatives = np.flatnonzero(y == 0)
    k = min(negatives.size, neg_per_pos * max(1, int(y.sum())))
    if sampling == "ohem":
        chosen = negatives[np.argsort(-logits[negatives], kind="stable")[:k]]
    else:
        chosen = random_state.choice(negatives, size=k, replace=False)
    mask = y == 1
    mask[chosen] = True
    return mask


def loss_shares_by_kind(y, logits, kind, *, alpha, gamma):
    r"""The shares of the total loss carried by the easy negatives, the hard negatives and the positives.

    Easy negatives are the anchors of kind ``"background"`` (nothing but noise in the window),
    hard ones those of kind ``"edge"`` or ``"distractor"`` (see
    :data:`~negedu.datasets.DETECTION_KINDS`). The loss is
    :func:`~negedu.losses.sigmoid_focal_loss` with ``reduction="none"``; the three shares add up to 1.

    >>> shares = loss_shares_by_kind(np.array([0, 0, 1]), np.array([-5.0, 0.0, 0.0]), np.array([0, 3, 1]),
    ...                              alpha=None, gamma=0)
    >>> [round(s, 3) for s in shares]
    [0.005, 0.498, 0.498]
    """
    losses = sigmoid_focal_loss(y, logits, alpha=alpha, gamma=gamma, reduction="none")
    background = kind == DETECTION_KINDS.index("background")
    groups = [background, (y == 0) & ~background, y == 1]
    return [float(losses[g].sum() / losses.sum()) for g in groups]


def detector_scores(net, X, chunk=100_000):
    """The network's logit for every row of ``X``, computed in chunks to bound the memory."""
    return np.concatenate([net.forward(X[i:i + chunk]).ravel() for i in range(0, len(X), chunk)])


def train_detector(data, *, gamma=0.0, alpha=None, sampling="all", neg_per_pos=3, hidden=16, epochs=3, lr=0.03,
                   momentum=0.9, images_per_batch=2, prior=0.01, record_every=25, random_state=None):
    r"""Train a one-hidden-layer detector on every anchor of ``data`` by mini-batch SGD, RetinaNet-style.

    For each mini-batch :math:`B` of ``images_per_batch`` whole images, with :math:`S \subseteq B`
    the anchors it trains on (all, or those :func:`select_anchors` keeps) and :math:`n_+` its
    positive anchors, one step of SGD with momentum (:class:`negedu.nn.SGD`) on

    .. math:: L_B = \frac{1}{\max(1, n_+)} \sum_{i \in S} -\alpha_t (1 - p_{t,i})^\gamma \log p_{t,i},

    the paper's normalisation by the number of positives. The network is
    ``mlp([window, hidden, 1])`` (ReLU, He initialisation); its last layer starts as
    RetinaNet's classifier does, weights drawn from :math:`\mathcal N(0, 0.01^2)` and bias
    :func:`~negedu.nn.prior_bias` ``(prior)``, so that every anchor starts at probability
    close to :math:`\pi`.

    Parameters
    ----------
    data : Bunch
        From :func:`~negedu.datasets.make_dense_detection`: ``X``, ``y``, ``image`` (sorted),
        ``kind``.
    gamma, alpha :
        Of the loss, as in :func:`~negedu.losses.sigmoid_focal_loss`; ``gamma=0, alpha=None`` is
        the cross-entropy. With ``sampling="ohem"`` or ``"random"`` use the cross-entropy.
    sampling : {"all", "ohem", "random"}, default="all"
    neg_per_pos : int >= 1, default=3
        Negatives per positive kept by ``"ohem"`` and ``"random"`` (the paper's 1:3).
    hidden, epochs, images_per_batch : int >= 1
    lr, momentum : float
        Of :class:`~negedu.nn.SGD`.
    prior : float in (0, 1), default=0.01
    record_every : int >= 1, default=25
        Every so many steps (and at step 0) record the training loss's shares
        (:func:`loss_shares_by_kind`) over the whole training set.
    random_state : None, int or numpy.random.RandomState
        One ``RandomState``: the weights first, then per epoch the order of the images (and
        the negatives of ``"random"``).

    Returns
    -------
    result : Bunch
        ``net`` (the trained :class:`~negedu.nn.Sequential`), ``steps`` (the steps at which
        the shares were recorded) and ``shares`` (array (n_records, 3), columns
        :data:`LOSS_GROUPS`).
    """
    sampling = check_choice(sampling, "sampling", SAMPLINGS)
    if sampling != "all" and (gamma != 0 or alpha is not None):
        raise ValueError(f"sampling={sampling!r} trains on the cross-entropy, as the paper's OHEM does; got "
                         f"gamma={gamma!r}, alpha={alpha!r}. Use gamma=0, alpha=None with it.")
    for name, value in [("neg_per_pos", neg_per_pos), ("hidden", hidden), ("epochs", epochs),
                        ("images_per_batch", images_per_batch), ("record_every", record_every)]:
        check_int(value, name, minimum=1, hint="Pass a positive integer.")
    if not all(hasattr(data, key) for key in ("X", "y", "image", "kind")):
        raise TypeError(f"data must be the Bunch of make_dense_detection (X, y, image, kind), got {_short(data)}.")
    rng = check_random_state(random_state)
    net = mlp([data.X.shape[1], hidden, 1], random_state=rng)
    net.layers[-1].W *= 0.01 / np.sqrt(2.0 / hidden)  # He's N(0, 2/hidden) scaled to the paper's N(0, 0.01^2)
    net.layers[-1].b[:] = prior_bias(prior)
    optimiser = SGD(net.parameters(), lr=lr, momentum=momentum)
    loss_alpha, loss_gamma = alpha, gamma  # the shares are those of the loss being trained

    def record():
        z = detector_scores(net, data.X)
        return loss_shares_by_kind(data.y, z, data.kind, alpha=loss_alpha, gamma=loss_gamma)

    steps, shares, step = [0], [record()], 0
    for _ in range(epochs):
        for rows in image_batches(data.image, images_per_batch, rng):
            y = data.y[rows]
            net.zero_grad()
            z = net.forward(data.X[rows]).ravel()
            keep = select_anchors(y, z, sampling, neg_per_pos, rng)  # (len(rows),) the anchors of S
            grad = sigmoid_focal_loss_grad(y, z, alpha=alpha, gamma=gamma, reduction="none")
            net.backward(np.where(keep, grad, 0.0) / max(1, int(y.sum())))
            optimiser.step(net.gradients())
            step += 1
            if step % record_every == 0:
                steps.append(step)
                shares.append(record())
    return Bunch(net=net, steps=np.array(steps), shares=np.array(shares))


def detection_ap(net, data):
    """Average precision of the detector's scores over every anchor of ``data`` (held-out images)."""
    return float(average_precision_score(data.y, detector_scores(net, data.X)))


def cumulative_loss(y, logits, *, gamma, label):
    r"""The paper's Figure 4: the normalised cumulative loss of the positives or of the negatives.

    Take the anchors of one class (``label``), compute each one's focal loss (no
    :math:`\alpha`) at ``gamma``, sort from smallest to largest and divide the running sum by
    the total. Returns ``(fraction of the anchors, cumulative share of the loss)``, both
    increasing from 0 to 1: a curve that hugs the bottom and shoots up at the right end means
    a few anchors, the hardest, carry nearly all of the loss.

    >>> x, c = cumulative_loss(np.array([0, 0, 0, 1]), np.array([-4.0, -4.0, 2.0, 0.0]), gamma=0, label=0)
    >>> x.round(3).tolist(), c.round(3).tolist()
    ([0.0, 0.333, 0.667, 1.0], [0.0, 0.008, 0.017, 1.0])
    """
    losses = np.sort(sigmoid_focal_loss(y, logits, alpha=None, gamma=gamma, reduction="none")[y == label])
    cumulative = np.concatenate([[0.0], np.cumsum(losses)]) / losses.sum()
    return np.linspace(0.0, 1.0, losses.size + 1), cumulative
