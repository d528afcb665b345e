r"""A world whose negatives shift between training and deployment, and intents around a positive one."""

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import check_choice, check_fraction, check_int, check_nonnegative_real, check_random_state

__all__ = ["NEGATIVE_GROUPS", "make_shifting_negatives", "INTENTS", "make_intents"]


#: The negative sub-populations of :func:`make_shifting_negatives`: name -> (centre, spread).
NEGATIVE_GROUPS = {
    "ordinary": ((-1.5, 0.0), 0.8),   # the negatives that were collected for training
    "marketing": ((1.0, 2.0), 0.5),   # legitimate marketing: close to the positives, unseen in training
}
_POSITIVE = ((2.0, 0.0), 0.6)
_LINES = ("A", "B", "randomised")


def make_shifting_negatives(n_positive=60, n_negative=540, *, marketing=0.0, line="A", random_state=None):
    r"""A positive class and a negative class whose make-up depends on where the data come from.

    Every row has two *signal* features and one *background* feature (a nuisance, such as the
    table a part is photographed on):

    - positives: signal :math:`\sim \mathcal N((2, 0), 0.6^2 I)`;
    - negatives: a share ``1 - marketing`` of *ordinary* negatives,
      :math:`\mathcal N((-1.5, 0), 0.8^2 I)`, the only kind collected for training, and a share
      ``marketing`` of *legitimate marketing*, :math:`\mathcal N((1, 2), 0.5^2 I)`, close to
      the positives;
    - background: on line ``"A"`` it follows the class by accident (positives
      :math:`\mathcal N(1, 0.5^2)`, negatives :math:`\mathcal N(-1, 0.5^2)`), on line ``"B"``
      it is :math:`\mathcal N(1, 0.5^2)` for every row (another table, the same for all
      parts), and ``"randomised"`` draws it :math:`\mathcal U(-3, 3)` for every row
      (domain randomisation: the background tells nothing about the class).

    Parameters
    ----------
    n_positive, n_negative : int, default=60, 540
        Rows of each class (at least 1 each).
    marketing : float, default=0.0
        Share of the negatives drawn from the marketing sub-population, in [0, 1]; the number
        of marketing rows is ``round(marketing * n_negative)``. 0 is the narrow training
        population.
    line : {"A", "B", "randomised"}, default="A"
    random_state : None, int or numpy.random.RandomState

    Returns
    -------
    data : Bunch
        ``X`` (n_positive + n_negative, 3): signal 1, signal 2, background; ``y`` (1 =
        positive); ``group`` (``"positive"``, ``"ordinary"`` or ``"marketing"`` per row).
        Rows come positives first, then ordinary, then marketing negatives (not shuffled).

    Raises
    ------
    ValueError
        If ``marketing`` is outside [0, 1] or ``line`` is not one of the three lines.

    Notes
    -----
    Draw order: standard normal signal noise of all rows (in row order, two columns), then
    the background noise of all rows (normal for lines A and B, uniform for "randomised").

    Examples
    --------
    >>> data = make_shifting_negatives(5, 10, marketing=0.3, random_state=0)
    >>> data.X.shape, data.y.tolist().count(1), sorted(set(data.group.tolist()))
    ((15, 3), 5, ['marketing', 'ordinary', 'positive'])
    """
    n_positive = check_int(n_positive, "n_positive", minimum=1)
    n_negative = check_int(n_negative, "n_negative", minimum=1)
    marketing = check_fraction(marketing, "marketing", low=0.0, high=1.0, low_open=False)
    line = check_choice(line, "line", _LINES)
    rng = check_random_state(random_state)
    n_marketing = int(round(marketing * n_negative))
    counts = {"positive": n_positive, "ordinary": n_negative - n_marketing, "marketing": n_marketing}
    params = {"positive": _POSITIVE, **NEGATIVE_GROUPS}
    group = np.repeat(list(counts), list(counts.values()))
    y = (group == "positive").astype(int)
    centre = np.array([params[g][0] for g in group], dtype=float)  # (n, 2)
    spread = np.array([params[g][1] for g in group], dtype=float)  # (n,)
    signal = centre + spread[:, None] * rng.standard_normal((y.size, 2))
    if line == "randomised":
        background = rng.uniform(-3.0, 3.0, size=y.size)
    else:
        mean = np.where(y == 1, 1.0, -1.0) if line == "A" else np.ones(y.size)
        background = mean + 0.5 * rng.standard_normal(y.size)
    return Bunch(X=np.column_stack([signal, background]), y=y, group=group)


#: The intents of :func:`make_intents`, by label; 0 ("purchase") is the positive one.
INTENTS = ("purchase", "browse", "support", "complaint")


def make_intents(n_per_intent=(60, 180, 120, 120), *, radius=2.2, spread=0.55, random_state=None):
    r"""One positive intent in the middle, three negative intents around it (two features).

    Intent 0, *purchase*, is :math:`\mathcal N(0, s^2 I)`; intents 1 to 3 (*browse*,
    *support*, *complaint*) are :math:`\mathcal N(r(\cos\theta_k, \sin\theta_k), s^2 I)`
    with :math:`\theta_k = 90°, 210°, 330°`: the negatives surround the positive, so no
    single straight line separates "purchase" from "not purchase".

    Parameters
    ----------
    n_per_intent : sequence of 4 int, default=(60, 180, 120, 120)
    radius : float, default=2.2
        :math:`r`, the distance of the negative intents from the purchase intent.
    spread : float, default=0.55
        :math:`s`.
    random_state : None, int or numpy.random.RandomState

    Returns
    -------
    data : Bunch
        ``X`` (n, 2), ``intent`` (labels 0-3, in blocks: intent 0 first), ``y`` (1 for
        purchase, else 0) and ``names`` (:data:`INTENTS`).

    Notes
    -----
    One draw: the standard normal noise of all rows, in row order.

    Examples
    --------
    >>> data = make_intents((3, 2, 2, 2), random_state=0)
    >>> data.X.shape, data.y.sum().item(), data.intent.tolist()
    ((9, 2), 3, [0, 0, 0, 1, 1, 2, 2, 3, 3])
    """
    counts = [check_int(n, f"n_per_intent[{k}]", minimum=1) for k, n in enumerate(n_per_intent)]
    if len(counts) != 4:
        raise ValueError(f"n_per_intent must give 4 counts (purchase, browse, support, complaint), got {len(counts)}.")
    check_nonnegative_real(radius, "radius", "It is the distance of the negative intents from the positive, e.g. 2.2.")
    check_nonnegative_real(spread, "spread", "It is the standard deviation of each intent, e.g. 0.55.")
    rng = check_random_state(random_state)
    angles = np.deg2rad([90.0, 210.0, 330.0])
    centres = np.vstack([[0.0, 0.0], radius * np.column_stack([np.cos(angles), np.sin(angles)])])  # (4, 2)
    intent = np.repeat(np.arange(4), counts)
    X = centres[intent] + spread * rng.standard_normal((intent.size, 2))
    return Bunch(X=X, intent=intent, y=(intent == 0).astype(int), names=INTENTS)
