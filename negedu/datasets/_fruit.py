r"""The apples and oranges of the book: a basket whose best possible score is a formula, and its variants."""

import numbers

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import _short, check_array, check_int, check_random_state

__all__ = ["APPLE", "ORANGE", "FEATURE_CENTRE", "FEATURE_SCALE", "fruit_features", "make_apples_and_oranges",
           "make_fruit_clusters", "make_sunburnt_basket", "standardised_basket"]

#: Label of the positive class in :func:`make_apples_and_oranges`.
APPLE = 1
#: Label of the negative class in :func:`make_apples_and_oranges`.
ORANGE = 0

# The two fruit populations: (mean redness, mean diameter in cm). Both features have the
# same spread within each fruit, so the Bayes-optimal score below is a simple formula.
_APPLE_MEAN = np.array([0.70, 7.5])
_ORANGE_MEAN = np.array([0.35, 8.2])
_SPREAD = np.array([0.12, 0.8])


def _fruit_score(X):
    r"""The log-likelihood-ratio score of the apples-and-oranges model, squashed to (0, 1).

    For two Gaussian classes with the same diagonal spread :math:`\sigma_j` per feature,
    the log-likelihood ratio of "apple" against "orange" is

    .. math:: \lambda(x) = \sum_j \frac{(x_j - \mu^{o}_j)^2 - (x_j - \mu^{a}_j)^2}{2\sigma_j^2},

    and :math:`s = 1 / (1 + e^{-\lambda})` is the probability of "apple" when both fruit
    are equally common. It is the best possible score for these data; it does not know
    the imbalance, exactly like a model trained on a balanced sample.
    """
    llr = (((X - _ORANGE_MEAN) ** 2 - (X - _APPLE_MEAN) ** 2) / (2 * _SPREAD**2)).sum(axis=1)
    return 0.5 * (1.0 + np.tanh(llr / 2.0))  # = 1 / (1 + exp(-llr)), without overflow


#: Midpoint between the mean apple and the mean orange (redness, diameter in cm).
FEATURE_CENTRE = (_APPLE_MEAN + _ORANGE_MEAN) / 2
#: Spread of each feature within each fruit (the generator's standard deviations).
FEATURE_SCALE = _SPREAD


def fruit_features(X):
    r"""Put the two fruit measurements on one scale: :math:`z_j = (x_j - c_j) / \sigma_j`.

    :math:`c` is :data:`FEATURE_CENTRE`, the midpoint of the two fruit means, and
    :math:`\sigma` is :data:`FEATURE_SCALE`, the spread of each feature within a fruit. The
    constants come from the generator, not from the data, so the rescaling learns nothing
    from any sample and cannot leak between a training and a test set. In these units the
    log-odds of "apple" is linear, :math:`\lambda(z) = 2.917\,z_1 - 0.875\,z_2` when both
    fruit are equally common, with intercept 0.

    >>> fruit_features([[0.525, 7.85], [0.645, 8.65]]).round(12).tolist()
    [[0.0, 0.0], [1.0, 1.0]]
    """
    X = check_array(X, "X")
    return (X - FEATURE_CENTRE) / FEATURE_SCALE


def _check_imbalance_ratio(imbalance_ratio, example):
    """Raise a ValueError unless ``imbalance_ratio`` is a positive finite number; ``example`` ends the message."""
    if (isinstance(imbalance_ratio, bool) or not isinstance(imbalance_ratio, numbers.Real)
            or not np.isfinite(imbalance_ratio) or imbalance_ratio <= 0):
        raise ValueError(f"imbalance_ratio must be a positive number (oranges per apple), got "
                         f"{_short(imbalance_ratio)}. {example}")


def _basket_sizes(n_samples, imbalance_ratio):
    """``(n_apples, n_oranges)`` of a basket of :func:`make_apples_and_oranges`, with its checks."""
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    _check_imbalance_ratio(imbalance_ratio, "Use for example 1 for a balanced basket or 1000 for a thousand "
                           "oranges per apple.")
    n_apples = int(round(n_samples / (1.0 + float(imbalance_ratio))))
    n_oranges = n_samples - n_apples
    if n_apples < 1 or n_oranges < 1:
        fruit, count = ("apple", n_apples) if n_apples < 1 else ("orange", n_oranges)
        need = int(np.ceil(1 + imbalance_ratio)) if n_apples < 1 else None
        fix = (
            f"Use n_samples >= {need} for imbalance_ratio={imbalance_ratio:g}."
            if need
            else "Use a larger imbalance_ratio."
        )
        raise ValueError(
            f"A basket of n_samples={n_samples} with imbalance_ratio={imbalance_ratio:g} "
            f"would hold {count} {fruit}s. {fix}"
        )
    return n_apples, n_oranges


def make_apples_and_oranges(n_samples=1001, imbalance_ratio=1000.0, random_state=None):
    r"""A basket of apples (the positive class) and oranges (the negative class).

    Each fruit is described by two features a child could measure:

    * ``redness``: how red the skin looks, from 0 (not at all) to 1 (deep red);
    * ``diameter_cm``: the width of the fruit in centimetres.

    Apples are redder and slightly smaller than oranges, but the two populations
    overlap, so no rule on these features is perfect. Each fruit also gets a ``score``,
    the probability of "apple" given by the best possible model of these data when
    apples and oranges are equally common (see Notes). A higher score means "more
    apple-like"; predicting "apple" when ``score >= tau`` is the book's decision rule.

    Parameters
    ----------
    n_samples : int, default=1001
        Number of fruit in the basket (at least 2).
    imbalance_ratio : float, default=1000.0
        :math:`IR = n_\text{negative} / n_\text{positive}`, oranges per apple. The number
        of apples is ``round(n_samples / (1 + imbalance_ratio))``. Values below 1 give
        more apples than oranges.
    random_state : None, int or numpy.random.RandomState, default=None
        Seed for reproducible baskets.

    Returns
    -------
    basket : Bunch
        ``X`` (n_samples, 2) features, ``y`` (n_samples,) labels with 1 = apple and
        0 = orange, ``score`` (n_samples,) model scores in (0, 1), ``feature_names``,
        ``target_names`` (``["orange", "apple"]``, indexed by label) and ``DESCR``.

    Raises
    ------
    ValueError
        If the basket would hold no apple or no orange.

    Notes
    -----
    Feature :math:`j` of a fruit of kind :math:`c` is drawn from
    :math:`\mathcal{N}(\mu^c_j, \sigma_j^2)`, with redness means 0.70 (apple) and 0.35
    (orange), diameter means 7.5 cm and 8.2 cm, and spreads 0.12 and 0.8 cm. The score
    is :math:`s = 1/(1+e^{-\lambda(x)})` where :math:`\lambda` is the log-likelihood ratio
    of apple against orange. It ignores the base rate on purpose: that is what makes the
    imbalance visible in every metric that depends on it.

    The random draws are, in order: the apples' features, the oranges' features, then one
    permutation that mixes the basket.

    Examples
    --------
    >>> basket = make_apples_and_oranges(n_samples=1001, imbalance_ratio=1000, random_state=0)
    >>> int(basket.y.sum()), int((basket.y == 0).sum())
    (1, 1000)
    >>> basket.feature_names
    ['redness', 'diameter_cm']
    """
    n_apples, n_oranges = _basket_sizes(n_samples, imbalance_ratio)
    rng = check_random_state(random_state)
    apples = _APPLE_MEAN + _SPREAD * rng.standard_normal((n_apples, 2))
    oranges = _ORANGE_MEAN + _SPREAD * rng.standard_normal((n_oranges, 2))
    X = np.vstack([apples, oranges])
    y = np.concatenate([np.full(n_apples, APPLE), np.full(n_oranges, ORANGE)])
    order = rng.permutation(n_samples)
    X, y = X[order], y[order]
    return Bunch(
        X=X,
        y=y,
        score=_fruit_score(X),
        feature_names=["redness", "diameter_cm"],
        target_names=["orange", "apple"],
        DESCR=(
            f"A basket of {n_apples} apple(s) (label 1, positive) and {n_oranges} orange(s) "
            "(label 0, negative), described by redness (0-1) and diameter (cm), with the "
            "balanced-prior probability of 'apple' as score."
        ),
    )


def make_fruit_clusters(n_negative, n_positive, random_state=None):
    r"""Two features; negatives in one broad cloud, positives in two small clusters at its edge.

    No single straight line separates the positives from the negatives, so a tree, and an
    ensemble of trees, is the natural model.

    Parameters
    ----------
    n_negative, n_positive : int
        Rows of each class (at least 0 each, at least 1 in all).
    random_state : None, int or numpy.random.RandomState, default=None

    Returns
    -------
    X : ndarray of shape (n_negative + n_positive, 2)
    y : ndarray of shape (n_negative + n_positive,)
        1 for a positive, 0 for a negative, in shuffled order.

    Notes
    -----
    A negative is drawn from :math:`\mathcal{N}(0, 1.1^2 I)`. A positive picks one of the
    centres :math:`(1.6, 1.4)` and :math:`(-1.4, 1.8)` with equal probability and adds
    :math:`\mathcal{N}(0, 0.55^2 I)` noise. Random draws, in order: the negatives, the
    positives' centres, their noise, then one permutation that mixes the rows.

    Examples
    --------
    >>> X, y = make_fruit_clusters(560, 40, random_state=0)
    >>> X.shape, int(y.sum())
    ((600, 2), 40)
    """
    n_negative = check_int(n_negative, "n_negative", minimum=0)
    n_positive = check_int(n_positive, "n_positive", minimum=0)
    if n_negative + n_positive == 0:
        raise ValueError("n_negative and n_positive are both 0: ask for at least one row.")
    rng = check_random_state(random_state)
    negatives = rng.normal(scale=1.1, size=(n_negative, 2))
    centres = np.array([[1.6, 1.4], [-1.4, 1.8]])
    positives = centres[rng.randint(0, 2, n_positive)] + rng.normal(scale=0.55, size=(n_positive, 2))
    X = np.vstack([negatives, positives])
    y = np.r_[np.zeros(n_negative, dtype=int), np.ones(n_positive, dtype=int)]
    order = rng.permutation(y.size)
    return X[order], y[order]


def _fruit_counts(n_samples, imbalance_ratio):
    """``(n_apples, n_oranges)`` of a basket, checked as in :func:`make_apples_and_oranges`."""
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    _check_imbalance_ratio(imbalance_ratio, "Use for example 19 for nineteen oranges per apple.")
    n_apples = int(round(n_samples / (1 + imbalance_ratio)))
    return n_apples, n_samples - n_apples


def make_sunburnt_basket(n_samples, *, imbalance_ratio=19, random_state=None):
    r"""A basket whose oranges' redness is skewed: most are pale, a long tail is sun-burnt red.

    Apples are drawn as in :func:`make_apples_and_oranges`. An orange's redness is
    :math:`0.23 + 0.12\,E` with :math:`E` exponential with mean 1 (the same mean, 0.35, and
    spread, 0.12, as before, but a long right tail); its diameter is unchanged. The log-odds
    of "apple" is then no longer linear in redness, so a linear model is misspecified.

    Parameters
    ----------
    n_samples : int
        Number of fruit (at least 2).
    imbalance_ratio : float, default=19
        Oranges per apple; the number of apples is ``round(n_samples / (1 + imbalance_ratio))``.
    random_state : None, int or numpy.random.RandomState, default=None

    Returns
    -------
    basket : Bunch
        ``X`` (redness, diameter in cm) and ``y`` (1 = apple, 0 = orange).

    Notes
    -----
    Random draws, in order: the apples' features, the oranges' redness, their diameters,
    then one permutation that mixes the basket.

    Examples
    --------
    >>> basket = make_sunburnt_basket(2000, random_state=0)
    >>> int(basket.y.sum()), bool(basket.X[basket.y == 0, 0].min() >= 0.23)
    (100, True)
    """
    n_apples, n_oranges = _fruit_counts(n_samples, imbalance_ratio)
    rng = check_random_state(random_state)
    apples = _APPLE_MEAN + _SPREAD * rng.standard_normal((n_apples, 2))
    redness = 0.23 + _SPREAD[0] * rng.standard_exponential(n_oranges)
    oranges = np.column_stack([redness, _ORANGE_MEAN[1] + _SPREAD[1] * rng.standard_normal(n_oranges)])
    X = np.vstack([apples, oranges])
    y = np.r_[np.ones(n_apples, dtype=int), np.zeros(n_oranges, dtype=int)]
    order = rng.permutation(n_apples + n_oranges)
    return Bunch(X=X[order], y=y[order])


def standardised_basket(*, random_state=0, n_samples=300, imbalance_ratio=9, mislabelled=0):
    r"""Apples and oranges with both features standardised (z-scores), optionally with wrong labels.

    Neighbour-based methods measure Euclidean distances, so both features are put on the same
    scale first: :math:`z_j = (x_j - \bar x_j) / s_j`, with the mean and standard deviation of
    each feature over the whole basket. Without it the diameter (spread 0.8 cm) would swamp the
    redness (spread 0.12).

    With ``mislabelled=m``, ``m`` oranges that the best model is sure about (score below 0.05)
    are drawn with ``numpy.random.RandomState(random_state + 1)`` and labelled 1 (apple): wrong
    labels deep inside the negative class.

    Parameters
    ----------
    random_state : int, default=0
        Seed of :func:`make_apples_and_oranges` (and, plus one, of the mislabelling).
    n_samples : int, default=300
    imbalance_ratio : float, default=9
    mislabelled : int, default=0
        Number of oranges labelled as apples.

    Returns
    -------
    basket : Bunch
        ``X`` (n, 2) standardised features, ``y`` labels (1 = apple, after any mislabelling),
        ``score`` the best model's score of each fruit, ``apple_side`` (score >= 0.5: the
        side of the best boundary where apples are more likely), ``mislabelled`` the rows whose
        label was flipped, ``mean`` and ``scale`` of the raw features, and ``boundary``, a
        function giving the best model's score of standardised points.

    Raises
    ------
    ValueError
        If there are fewer than ``mislabelled`` oranges with a score below 0.05.

    Examples
    --------
    >>> basket = standardised_basket()
    >>> int(basket.y.sum()), int((basket.y == 0).sum()), int((basket.apple_side & (basket.y == 0)).sum())
    (30, 270, 14)
    >>> noisy = standardised_basket(mislabelled=3)
    >>> int(noisy.y.sum()), noisy.y[noisy.mislabelled].tolist()
    (33, [1, 1, 1])
    """
    random_state = check_int(random_state, "random_state", minimum=0,
                             hint="The mislabelling uses random_state + 1, so it must be an integer seed.")
    mislabelled = check_int(mislabelled, "mislabelled", minimum=0)
    basket = make_apples_and_oranges(n_samples=n_samples, imbalance_ratio=imbalance_ratio, random_state=random_state)
    mean, scale = basket.X.mean(axis=0), basket.X.std(axis=0)
    y = basket.y.copy()
    flipped = np.empty(0, dtype=np.int64)
    if mislabelled:
        sure_oranges = np.flatnonzero((basket.score < 0.05) & (basket.y == 0))
        if mislabelled > sure_oranges.size:
            raise ValueError(f"mislabelled={mislabelled} asks for more oranges than the {sure_oranges.size} the best "
                             f"model is sure about (score below 0.05). Use mislabelled <= {sure_oranges.size}.")
        flipped = np.sort(np.random.RandomState(random_state + 1).choice(sure_oranges, mislabelled, replace=False))
        y[flipped] = 1
    return Bunch(
        X=(basket.X - mean) / scale,
        y=y,
        score=basket.score,
        apple_side=basket.score >= 0.5,
        mislabelled=flipped,
        mean=mean,
        scale=scale,
        boundary=lambda Z: _fruit_score(np.asarray(Z) * scale + mean),
    )
