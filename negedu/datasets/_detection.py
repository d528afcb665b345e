r"""A dense-detection problem in one dimension: many candidate locations per "image", a few objects.

A one-stage detector such as RetinaNet (Lin et al. 2017) classifies every *anchor*, a
candidate box laid on a dense grid over the image, as object or background. Here an image is
a 1-D noisy signal, an anchor is a window of ``window`` consecutive values centred on one
position, and a detector is any classifier of those windows (a small network applied to every
window is a 1-D convolutional network). Most windows hold only noise: the easy negatives.
"""

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import check_int, check_positive_real, check_random_state

__all__ = ["DETECTION_KINDS", "make_dense_detection"]

#: The kinds of anchor of :func:`make_dense_detection`, in the order of the codes in ``kind``.
DETECTION_KINDS = ("background", "object", "edge", "distractor")


def _bump(offsets, width):
    """A Gaussian bump of standard deviation ``width``, peak 1, at integer ``offsets`` from its centre."""
    return np.exp(-0.5 * (offsets / width) ** 2)


def _dense_signals(noise, centres, amplitudes, is_object, *, object_width, distractor_width):
    r"""The deterministic kernel: each image's signal is its noise plus one bump per planted thing.

    ``noise`` (n_images, length); ``centres``, ``amplitudes``, ``is_object`` (n_images,
    n_planted). An object is a narrow bump, a distractor a wider one of the same height.
    """
    n_images, length = noise.shape
    positions = np.arange(length)  # (length,)
    widths = np.where(is_object, object_width, distractor_width)  # (n_images, n_planted)
    offsets = positions[None, None, :] - centres[:, :, None]  # (n_images, n_planted, length)
    bumps = amplitudes[:, :, None] * _bump(offsets, widths[:, :, None])
    return noise + bumps.sum(axis=1)


def make_dense_detection(n_images=100, *, n_anchors=2000, n_objects=1, n_distractors=3, window=9,
                         amplitude=(1.5, 3.0), noise=1.0, object_width=1.0, distractor_width=2.0,
                         random_state=None):
    r"""Images of ``n_anchors`` candidate locations each, with a few objects, a few look-alikes and noise elsewhere.

    Each image is a 1-D signal :math:`s` of standard normal noise (times ``noise``) to which
    we add, at distinct random places, ``n_objects`` narrow bumps (the objects) and
    ``n_distractors`` wider bumps of the same range of heights (the hard distractors, things
    that resemble objects):

    .. math::

        s_j = \varepsilon_j + \sum_{\text{planted } k} a_k \exp\!\Big(-\frac{(j - c_k)^2}{2 w_k^2}\Big),
        \qquad \varepsilon_j \sim \mathcal N(0, \sigma^2),

    with heights :math:`a_k \sim \mathcal U(a_{\min}, a_{\max})` and width :math:`w_k` =
    ``object_width`` for an object, ``distractor_width`` for a distractor. Anchor :math:`i`
    is the window :math:`x_i = (s_{i - h}, \dots, s_{i + h})`, :math:`h` = ``window // 2``,
    and its label follows RetinaNet's rule on the overlap (IoU) of the anchor's box
    :math:`[i - h, i + h]` with the object's box of the same size around :math:`c_k`:
    positive when IoU :math:`\ge 0.5`, negative when IoU :math:`< 0.4`, and left out (neither
    trained on nor scored) in between.

    Parameters
    ----------
    n_images : int >= 1, default=100
    n_anchors : int >= 1, default=2000
        Candidate locations per image; it must leave room for the planted things.
    n_objects : int >= 0, default=1
        Objects per image; each gives a handful of positive anchors (those within IoU 0.5).
    n_distractors : int >= 0, default=3
        Look-alike bumps per image, all negative.
    window : odd int >= 3, default=9
        The width of an anchor, in samples: the features of an anchor.
    amplitude : (float, float), default=(1.5, 3.0)
        The range of the heights of the bumps, :math:`(a_{\min}, a_{\max})`.
    noise : float > 0, default=1.0
        :math:`\sigma`, the standard deviation of the background.
    object_width, distractor_width : float > 0, default=1.0 and 2.0
        The standard deviations of the two bumps: the closer they are, the harder the distractors.
    random_state : None, int or numpy.random.RandomState, default=None

    Returns
    -------
    data : Bunch
        ``X`` (n_kept, window), one row per anchor that is not left out, image after image;
        ``y`` (0/1); ``image`` (the image index of each row); ``kind`` (a code into
        :data:`DETECTION_KINDS`: 0 background, 1 object, 2 edge, i.e. a negative anchor
        overlapping an object, 3 distractor, i.e. a negative overlapping a distractor's box);
        ``position`` (the anchor's centre in its image); ``signals`` (n_images,
        n_anchors + window - 1), the padded signals; ``n_ignored`` (anchors left out).

    Raises
    ------
    ValueError, TypeError
        If a count is not a positive integer, ``window`` is even or below 3, the heights are
        not an increasing pair of positive numbers, or the planted things do not fit in
        ``n_anchors``.

    Notes
    -----
    **Placement.** The image is cut into slots of ``2 * window`` positions; each planted thing
    takes one slot, drawn without replacement, and sits at its middle, so no two boxes overlap.
    **Draw order**, per call (style rule 3: draws first, then the arithmetic): for each image in
    turn, the slots (one ``permutation``), the heights (one ``uniform``) of its objects then
    its distractors; then the noise of all images (one ``standard_normal``).
    **Where we differ from RetinaNet.** One size of anchor, one dimension, one class; the
    detector sees the window itself where RetinaNet sees a feature pyramid. The imbalance is
    of the paper's kind: with the defaults 7 positive anchors (and no anchor left out) per 2,000, most of the rest
    pure noise.

    References
    ----------
    Lin, T.-Y., Goyal, P., Girshick, R., He, K. and Dollár, P. (2017). Focal Loss for Dense
    Object Detection. ICCV, 2999-3007 (section 4, anchors and their IoU thresholds).

    Examples
    --------
    >>> data = make_dense_detection(3, n_anchors=200, random_state=0)
    >>> data.X.shape[1], int(data.y.sum()), data.n_ignored
    (9, 21, 0)
    >>> [DETECTION_KINDS[k] for k in np.unique(data.kind)]
    ['background', 'object', 'edge', 'distractor']
    """
    n_images = check_int(n_images, "n_images", minimum=1, hint="Pass the number of images, e.g. 100.")
    n_anchors = check_int(n_anchors, "n_anchors", minimum=1, hint="Pass the anchors per image, e.g. 2000.")
    n_objects = check_int(n_objects, "n_objects", minimum=0, hint="Pass the objects per image, e.g. 1.")
    n_distractors = check_int(n_distractors, "n_distractors", minimum=0, hint="Pass the distractors per image, e.g. 3.")
    window = check_int(window, "window", minimum=3, hint="Use an odd width such as 9.")
    if window % 2 == 0:
        raise ValueError(f"window must be odd, so that an anchor has a centre, got {window}. Use e.g. window=9.")
    if not isinstance(amplitude, (tuple, list)) or len(amplitude) != 2:
        raise ValueError(f"amplitude must be a pair (low, high) of heights, got {amplitude!r}. Use e.g. (1.5, 3.0).")
    low = check_positive_real(amplitude[0], "amplitude[0]", "Use e.g. amplitude=(1.5, 3.0).")
    high = check_positive_real(amplitude[1], "amplitude[1]", "Use e.g. amplitude=(1.5, 3.0).")
    if high < low:
        raise ValueError(f"amplitude must be (low, high) with low <= high, got {amplitude!r}. Use e.g. (1.5, 3.0).")
    noise = check_positive_real(noise, "noise", "It is the standard deviation of the background, e.g. 1.0.")
    object_width = check_positive_real(object_width, "object_width", "Use e.g. object_width=1.0.")
    distractor_width = check_positive_real(distractor_width, "distractor_width", "Use e.g. distractor_width=2.0.")
    n_planted = n_objects + n_distractors
    n_slots = n_anchors // (2 * window)
    if n_planted > n_slots:
        raise ValueError(
            f"n_anchors={n_anchors} has room for {n_slots} objects and distractors (one per {2 * window} "
            f"anchors), but n_objects + n_distractors = {n_planted}. Raise n_anchors to at least "
            f"{2 * window * n_planted}, or plant fewer."
        )
    rng = check_random_state(random_state)
    half = window // 2
    # ---- the draws
    slots = np.empty((n_images, n_planted), dtype=int)
    heights = np.empty((n_images, n_planted))
    for i in range(n_images):
        slots[i] = rng.permutation(n_slots)[:n_planted]
        heights[i] = rng.uniform(low, high, size=n_planted)
    eps = rng.standard_normal((n_images, n_anchors + window - 1))
    # ---- the arithmetic: anchor j sees signal[j : j + window], centred on padded index j + half
    centres = slots * (2 * window) + window  # (n_images, n_planted): anchor positions, each mid-slot
    is_object = np.arange(n_planted) < n_objects  # (n_planted,) objects first, then distractors
    signals = _dense_signals(noise * eps, centres + half, heights, np.broadcast_to(is_object, centres.shape),
                             object_width=object_width, distractor_width=distractor_width)
    windows = np.lib.stride_tricks.sliding_window_view(signals, window, axis=1)  # (n_images, n_anchors, window)
    # IoU of two boxes of length `window` whose centres are `d` apart: (window - d) / (window + d)
    distance = np.abs(np.arange(n_anchors)[None, :, None] - centres[:, None, :])  # (n_images, n_anchors, n_planted)
    iou = np.clip(window - distance, 0, None) / (window + distance)
    object_iou = np.where(is_object, iou, 0.0).max(axis=2, initial=0.0)  # (n_images, n_anchors)
    distractor_iou = np.where(is_object, 0.0, iou).max(axis=2, initial=0.0)
    keep = (object_iou >= 0.5) | (object_iou < 0.4)
    kind = np.zeros((n_images, n_anchors), dtype=int)  # background
    kind[distractor_iou > 0] = 3
    kind[(object_iou > 0) & (object_iou < 0.4)] = 2
    kind[object_iou >= 0.5] = 1
    image, position = np.nonzero(keep)  # row-major: image after image
    return Bunch(
        X=np.ascontiguousarray(windows[keep]), y=(kind[keep] == 1).astype(int), image=image, kind=kind[keep],
        position=position, signals=signals, n_ignored=int((~keep).sum()),
    )
