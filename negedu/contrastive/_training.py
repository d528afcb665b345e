r"""Training an encoder with constructed negatives: SimCLR's batch, MoCo's queue, mined triplets.

Each trainer is one loop that reads like the paper's algorithm box. The encoder is any
network with ``forward``, ``backward``, ``zero_grad`` and ``gradients`` (a
:class:`negedu.nn.Sequential` ending in ``L2Normalize``), the optimiser anything with
``step(gradients)`` (:class:`negedu.nn.Adam`); neither is imported here, so the losses stay
below the network library. The views come from an ``augment(X, random_state)`` callable,
e.g. :func:`augment_images`.

Random draws apart from arithmetic: every random number of a step (the batch, then the two
views' augmentations) is drawn from the one ``RandomState`` before the step's arithmetic, in
the order each docstring states, so a seed gives the same run on any machine up to
floating-point rounding.
"""

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import _short, check_array, check_choice, check_int, check_labels, check_random_state
from negedu._validation import check_consistent_length, check_fraction, check_nonnegative_real, check_positive_real

from ._debiased import _check_tau_plus, debiased_nt_xent_loss, debiased_nt_xent_loss_grad
from ._infonce import _TAU_HINT, MoCoQueue, info_nce_loss, info_nce_loss_grad
from ._triplet import _MINERS, _batch_loss, batch_triplet_loss_grad

__all__ = ["shift_images", "augment_images", "train_simclr", "train_moco", "train_triplet"]


def _check_shape(X, image_shape):
    X = check_array(X, "X").astype(np.float64)
    h, w = (check_int(s, "image_shape", minimum=1) for s in image_shape)
    if X.shape[1] != h * w:
        raise ValueError(f"X has {X.shape[1]} columns but image_shape={tuple(image_shape)} has {h * w} pixels. "
                         "Pass one flattened image per row, e.g. image_shape=(8, 8) for 64 columns.")
    return X, h, w


def shift_images(X, dy, dx, *, image_shape=(8, 8)):
    r"""Move each flattened image by ``dy[i]`` rows down and ``dx[i]`` columns right, filling with 0.

    Pixels that leave the frame are lost; the pixels that enter are 0 (background).

    >>> shift_images([[1.0, 2.0, 3.0, 4.0]], [0], [1], image_shape=(2, 2)).tolist()
    [[0.0, 1.0, 0.0, 3.0]]
    """
    X, h, w = _check_shape(X, image_shape)
    n = X.shape[0]
    shifts = []
    for name, d in (("dy", dy), ("dx", dx)):
        d = np.asarray(d)
        if d.dtype.kind not in "iu" and not (d.dtype.kind == "f" and np.all(np.isfinite(d)) and np.all(d == np.round(d))):
            raise ValueError(f"{name} must hold whole numbers of pixels, one per image, got {_short(d.tolist())}. "
                             f"Pass integers, e.g. {name}=np.zeros(n, dtype=int).")
        shifts.append(d.astype(np.int64).reshape(-1))
    dy, dx = shifts
    if dy.size != n or dx.size != n:
        raise ValueError(f"dy and dx need one shift per image ({n}), got {dy.size} and {dx.size}.")
    pad = max(int(np.abs(dy).max(initial=0)), int(np.abs(dx).max(initial=0)))
    framed = np.zeros((n, h + 2 * pad, w + 2 * pad))
    framed[:, pad:pad + h, pad:pad + w] = X.reshape(n, h, w)
    rows = (pad - dy)[:, None, None] + np.arange(h)[None, :, None]  # (n, h, 1) source row of each pixel
    cols = (pad - dx)[:, None, None] + np.arange(w)[None, None, :]  # (n, 1, w) source column
    return framed[np.arange(n)[:, None, None], rows, cols].reshape(n, h * w)


def augment_images(X, random_state=None, *, image_shape=(8, 8), max_shift=1, scale=(0.7, 1.3), erase_size=3,
                   noise=0.1):
    r"""A random view of each image: shift, intensity scaling, random erasing, Gaussian noise.

    The four augmentations, in this order, are small-image versions of SimCLR's crops and
    colour distortion:

    1. a shift by :math:`\delta_y, \delta_x \sim \mathcal{U}\{-s, \dots, s\}` pixels (``max_shift``);
    2. an intensity scaling by a factor :math:`c \sim \mathcal{U}(a, b)` (``scale``);
    3. random erasing (cutout, DeVries and Taylor 2017): a square of ``erase_size`` pixels at a
       uniform position inside the frame is set to 0 (``erase_size=0``: none);
    4. additive noise :math:`\mathcal{N}(0, \sigma^2)` on every pixel (``noise``).

    Parameters
    ----------
    X : array-like of shape (n_images, height * width)
    random_state : None, int or numpy.random.RandomState
        Draw order: the row shifts, the column shifts, the scales, the erased squares' rows, then
        their columns, then the noise, each one array for the whole batch.
    image_shape : (int, int), default=(8, 8)
        scikit-learn's ``load_digits`` images are 8 x 8.

    Returns
    -------
    views : ndarray of shape (n_images, height * width)

    Examples
    --------
    >>> X = np.ones((2, 16))
    >>> augment_images(X, 0, image_shape=(4, 4), max_shift=0, scale=(1, 1), noise=0.0).sum(axis=1).tolist()
    [7.0, 7.0]
    """
    X, h, w = _check_shape(X, image_shape)
    max_shift = check_int(max_shift, "max_shift", minimum=0)
    erase_size = check_int(erase_size, "erase_size", minimum=0, maximum=min(h, w))
    noise = check_nonnegative_real(noise, "noise", "Pass the standard deviation of the added noise, e.g. noise=0.1.")
    rng = check_random_state(random_state)
    n = X.shape[0]
    dy = rng.randint(-max_shift, max_shift + 1, size=n)
    dx = rng.randint(-max_shift, max_shift + 1, size=n)
    factor = rng.uniform(scale[0], scale[1], size=n)
    top = rng.randint(0, h - erase_size + 1, size=n)
    left = rng.randint(0, w - erase_size + 1, size=n)
    jitter = noise * rng.standard_normal(X.shape)
    views = shift_images(X, dy, dx, image_shape=(h, w)) * factor[:, None]
    r, c = np.arange(h)[None, :, None], np.arange(w)[None, None, :]
    erased = ((r >= top[:, None, None]) & (r < top[:, None, None] + erase_size)
              & (c >= left[:, None, None]) & (c < left[:, None, None] + erase_size))  # (n, h, w)
    return np.where(erased.reshape(n, h * w), 0.0, views) + jitter


def _check_training(encoder, optimizer, X, augment, n_steps, batch_size):
    for name in ("forward", "backward", "zero_grad", "gradients"):
        if not callable(getattr(encoder, name, None)):
            raise TypeError(f"encoder must be a network with forward, backward, zero_grad and gradients, got "
                            f"{_short(encoder)}. Pass a negedu.nn.Sequential ending in L2Normalize().")
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer must have a step(gradients) method, got {_short(optimizer)}. "
                        "Pass negedu.nn.Adam(encoder.parameters()).")
    if augment is not None and not callable(augment):
        raise TypeError(f"augment must be a function augment(X, random_state), got {_short(augment)}. "
                        "Pass negedu.contrastive.augment_images.")
    X = check_array(X, "X").astype(np.float64)
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    batch_size = check_int(batch_size, "batch_size", minimum=2, maximum=X.shape[0],
                           hint=f"Use a batch of at least 2 and at most len(X) = {X.shape[0]} examples.")
    return X, n_steps, batch_size


def _step(encoder, optimizer, views, grad_of):
    """One gradient step: forward, the loss's gradient with respect to the output, backward, update."""
    encoder.zero_grad()
    Z = encoder.forward(views)
    loss, grad = grad_of(Z)
    encoder.backward(grad)
    optimizer.step(encoder.gradients())
    return loss


def train_simclr(encoder, optimizer, X, *, augment, batch_size=128, temperature=0.5, tau_plus=0.0, n_steps=300,
                 random_state=None):
    r"""SimCLR: train ``encoder`` so that two views of an example are closer than every other view of the batch.

    Each step (Algorithm 1 of Chen et al. 2020):

    1. draw ``batch_size`` examples without replacement;
    2. make two views of each with ``augment``, :math:`2N` views in all;
    3. encode them and take the NT-Xent loss (:func:`nt_xent_loss`), whose negatives for a
       view are the :math:`2N - 2` other views: the batch *is* the negative class;
    4. backpropagate and update.

    With ``tau_plus > 0`` step 3 uses :func:`debiased_nt_xent_loss` (Chuang et al. 2020),
    which corrects the sum over the negatives for the share ``tau_plus`` of them that belong
    to the anchor's class.

    Parameters
    ----------
    encoder : negedu.nn.Sequential
        Ends in ``L2Normalize`` (the loss normalises anyway); updated in place.
    optimizer : negedu.nn.Adam or negedu.nn.SGD
        Built on ``encoder.parameters()``.
    X : array-like of shape (n_samples, n_features)
        Unlabelled training examples.
    augment : callable
        ``augment(X_batch, random_state) -> views``, e.g. :func:`augment_images`.
    batch_size : int >= 2, default=128
        :math:`N`; each view has :math:`2N - 2` negatives.
    temperature : float > 0, default=0.5
    tau_plus : float in [0, 1), default=0.0
        The class prior of the debiased loss; 0 is SimCLR.
    n_steps : int, default=300
    random_state : None, int or numpy.random.RandomState
        Draw order per step: the batch, then the first views' augmentation, then the second's.

    Returns
    -------
    history : Bunch
        ``losses``, the loss of each step.

    Notes
    -----
    SimCLR also has a projection head that is thrown away after training; our encoders are
    small and evaluated at their output. The number of steps is fixed, not of epochs, so a
    larger batch also sees more examples; :func:`train_moco` grows the negatives at a fixed
    batch.

    References
    ----------
    Chen, T., Kornblith, S., Norouzi, M. and Hinton, G. (2020). A simple framework for
    contrastive learning of visual representations. ICML, PMLR 119, 1597-1607.
    """
    X, n_steps, batch_size = _check_training(encoder, optimizer, X, augment, n_steps, batch_size)
    rng = check_random_state(random_state)
    kwargs = {"temperature": check_positive_real(temperature, "temperature", _TAU_HINT),
              "tau_plus": _check_tau_plus(tau_plus)}
    losses = []
    for _ in range(n_steps):
        batch = rng.choice(X.shape[0], size=batch_size, replace=False)
        views = np.concatenate([augment(X[batch], rng), augment(X[batch], rng)])  # (2N, n_features)

        def grad_of(Z):
            z1, z2 = Z[:batch_size], Z[batch_size:]
            g1, g2 = debiased_nt_xent_loss_grad(z1, z2, **kwargs)
            return debiased_nt_xent_loss(z1, z2, **kwargs), np.concatenate([g1, g2])

        losses.append(_step(encoder, optimizer, views, grad_of))
    return Bunch(losses=np.array(losses))


def train_moco(encoder, optimizer, X, *, augment, queue_size=256, momentum=0.99, batch_size=32, temperature=0.2,
               n_steps=300, random_state=None):
    r"""MoCo: train ``encoder`` against a queue of keys made by a slowly moving copy of it.

    The key encoder :math:`f_k` starts as a copy of the query encoder :math:`f_q`
    (``encoder.copy()``). Each step (Algorithm 1 of He et al. 2020):

    1. draw ``batch_size`` examples and two views of each, the queries' and the keys';
    2. :math:`q = f_q(x_q)`, :math:`k = f_k(x_k)` (no gradient flows into :math:`f_k`);
    3. the InfoNCE loss (:func:`info_nce_loss`) of each query against its own key and the
       :math:`K` keys of the queue, the negatives; backpropagate into :math:`f_q` and update it;
    4. :math:`\theta_k \leftarrow m\,\theta_k + (1 - m)\,\theta_q` (``ema_update``);
    5. enqueue the batch's keys, dequeue the oldest beyond ``queue_size``.

    The number of negatives is the queue's length, independent of the batch.

    Parameters
    ----------
    encoder : negedu.nn.Sequential
        The query encoder, updated in place; it needs ``copy`` and ``ema_update``.
    optimizer, X, augment :
        As in :func:`train_simclr`.
    queue_size : int >= 1, default=256
        :math:`K`; the paper uses 65,536.
    momentum : float in [0, 1], default=0.99
        :math:`m`; the paper uses 0.999 over many more steps than ours.
    batch_size : int, default=32
    temperature : float > 0, default=0.2
    n_steps : int, default=300
    random_state : None, int or numpy.random.RandomState
        Draw order per step: the batch, the queries' augmentation, the keys'.

    Returns
    -------
    history : Bunch
        ``losses`` (one per step; NaN at the first step, when the queue is still empty and
        nothing is learned) and ``key_encoder``.

    References
    ----------
    He, K., Fan, H., Wu, Y., Xie, S. and Girshick, R. (2020). Momentum contrast for unsupervised
    visual representation learning. CVPR, 9726-9735.
    """
    X, n_steps, batch_size = _check_training(encoder, optimizer, X, augment, n_steps, batch_size)
    queue_size = check_int(queue_size, "queue_size", minimum=1, hint="MoCo uses a queue of 65536 keys.")
    momentum = check_fraction(momentum, "momentum", low=0.0, high=1.0, low_open=False)
    temperature = check_positive_real(temperature, "temperature", _TAU_HINT)
    rng = check_random_state(random_state)
    key_encoder = encoder.copy()
    queue = None
    losses = []
    for _ in range(n_steps):
        batch = rng.choice(X.shape[0], size=batch_size, replace=False)
        x_q, x_k = augment(X[batch], rng), augment(X[batch], rng)
        k = key_encoder.forward(x_k)  # (B, d) keys: no backward through f_k
        if queue is None:
            queue = MoCoQueue(queue_size, k.shape[1])
        if len(queue):
            negatives = queue.keys  # (K, d)

            def grad_of(q):
                grad_q, _, _ = info_nce_loss_grad(q, k, negatives, temperature=temperature)
                return info_nce_loss(q, k, negatives, temperature=temperature), grad_q

            losses.append(_step(encoder, optimizer, x_q, grad_of))
            key_encoder.ema_update(encoder, momentum)
        else:
            losses.append(np.nan)
        queue.enqueue(k)
    return Bunch(losses=np.array(losses), key_encoder=key_encoder)


def train_triplet(encoder, optimizer, X, y, *, augment=None, mining="semi-hard", margin=0.2, squared=True,
                  batch_size=128, n_steps=300, random_state=None):
    r"""Train ``encoder`` with the triplet loss on triplets mined from each mini-batch.

    Each step draws ``batch_size`` labelled examples without replacement (one view each with
    ``augment``, if given), encodes them, mines the triplets of the batch with ``mining`` and
    steps on :func:`batch_triplet_loss_grad`: the triplets are held fixed while
    differentiating, as FaceNet and Hermans et al. do.

    Parameters
    ----------
    encoder, optimizer, X :
        As in :func:`train_simclr`.
    y : array-like of shape (n_samples,)
        Labels, possibly noisy: a mislabelled example is a "negative" of its true class.
    augment : callable or None, default=None
    mining : {"semi-hard", "hard", "all"}, default="semi-hard"
        FaceNet's semi-hard negatives, Hermans et al.'s batch-hard, or every valid triplet.
    margin : float >= 0, default=0.2
    squared : bool, default=True
        Squared Euclidean distances (FaceNet) or plain ones (Hermans et al.).
    batch_size : int, default=128
    n_steps : int, default=300
    random_state : None, int or numpy.random.RandomState
        Draw order per step: the batch, then the augmentation.

    Returns
    -------
    history : Bunch
        ``losses``, the batch loss of each step.

    References
    ----------
    Schroff, F., Kalenichenko, D. and Philbin, J. (2015). FaceNet. CVPR, 815-823.
    Hermans, A., Beyer, L. and Leibe, B. (2017). In defense of the triplet loss for person
    re-identification. arXiv:1703.07737.
    """
    X, n_steps, batch_size = _check_training(encoder, optimizer, X, augment, n_steps, batch_size)
    y = check_labels(y, "y", fix="Pass one class label per row of X.")
    check_consistent_length(X, y, names=["X", "y"])
    mining = check_choice(mining, "mining", tuple(_MINERS))
    squared = bool(squared)
    rng = check_random_state(random_state)
    losses = []
    for _ in range(n_steps):
        batch = rng.choice(X.shape[0], size=batch_size, replace=False)
        views = X[batch] if augment is None else augment(X[batch], rng)

        def grad_of(E):
            loss = _batch_loss(E, y[batch], mining, margin, squared, "mean")
            return loss, batch_triplet_loss_grad(E, y[batch], mining=mining, margin=margin, squared=squared)

        losses.append(_step(encoder, optimizer, views, grad_of))
    return Bunch(losses=np.array(losses))
