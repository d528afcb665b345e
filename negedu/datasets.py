r"""Small datasets for the book: apples and oranges, card payments, and a way to make any dataset imbalanced.

Everything here is generated from a seed, so every figure in the book can be reproduced
exactly, on any machine, with no download. The fruit: :func:`make_apples_and_oranges` and its
variants (:func:`make_fruit_clusters`, :func:`make_sunburnt_basket`, :func:`standardised_basket`);
the card payments: :func:`make_transactions`, split by time into modelling periods by
:func:`make_transaction_periods`, with the book's fixed case :func:`load_fraud_case`.
"""

import numbers

import numpy as np

from ._bunch import Bunch  # re-exported: negedu.datasets.Bunch is what the book imports
from ._validation import (
    _short,
    check_1d,
    check_array,
    check_consistent_length,
    check_int,
    check_random_state,
)

__all__ = ["Bunch", "make_apples_and_oranges", "fruit_features", "FEATURE_CENTRE", "FEATURE_SCALE", "make_imbalance",
           "make_transactions", "APPLE", "ORANGE", "MERCHANT_CATEGORIES"]

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


def _basket_sizes(n_samples, imbalance_ratio):
    """``(n_apples, n_oranges)`` of a basket of :func:`make_apples_and_oranges`, with its checks."""
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    if (
        isinstance(imbalance_ratio, bool)
        or not isinstance(imbalance_ratio, numbers.Real)
        or not np.isfinite(imbalance_ratio)
        or imbalance_ratio <= 0
    ):
        raise ValueError(
            f"imbalance_ratio must be a positive number (oranges per apple), got "
            f"{_short(imbalance_ratio)}. Use for example 1 for a balanced basket or 1000 for "
            "a thousand oranges per apple."
        )
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


def make_imbalance(X, y, *, sampling_strategy, random_state=None):
    r"""Make a dataset imbalanced by keeping a chosen number of samples of some classes.

    The same as imbalanced-learn's ``make_imbalance``: each class named in
    ``sampling_strategy`` keeps a uniform random subset of the requested size (drawn
    without replacement), the other classes keep all their samples.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    sampling_strategy : dict or callable
        ``{label: n_keep}``, or a function of ``y`` returning such a dict.
    random_state : None, int or numpy.random.RandomState, default=None

    Returns
    -------
    X_res, y_res : ndarray
        The kept rows, grouped by class in ascending label order; inside a reduced class
        in the order they were drawn, inside an untouched class in their original order.

    Raises
    ------
    ValueError
        For an unknown label, a negative count, or a count above the class size.

    Notes
    -----
    Random-number protocol (identical to imbalanced-learn 0.14's ``RandomUnderSampler``
    with ``replacement=False``): one ``RandomState`` for the call; for each reduced class,
    in ascending label order, one ``permutation(n_c)`` whose first ``n_keep`` entries are
    kept. The same seed therefore gives the same rows as imbalanced-learn.

    Examples
    --------
    >>> X = np.arange(20).reshape(10, 2); y = np.array([0] * 5 + [1] * 5)
    >>> X_res, y_res = make_imbalance(X, y, sampling_strategy={1: 2}, random_state=0)
    >>> y_res.tolist()
    [0, 0, 0, 0, 0, 1, 1]
    """
    X = check_array(X, "X", allow_nonfinite=True)
    y = check_1d(y, "y")
    check_consistent_length(X, y, names=["X", "y"])
    if callable(sampling_strategy):
        sampling_strategy = sampling_strategy(y)
    if not isinstance(sampling_strategy, dict):
        raise TypeError(
            "sampling_strategy must be a dict {label: number of samples to keep} or a callable "
            f"returning one, got {_short(sampling_strategy)}."
        )
    classes, counts = np.unique(y, return_counts=True)
    available = dict(zip(classes.tolist(), counts.tolist()))
    for label, n_keep in sampling_strategy.items():
        if label not in available:
            raise ValueError(
                f"sampling_strategy names class {label!r}, which is not in y (its classes are "
                f"{_short(list(available))})."
            )
        check_int(n_keep, f"sampling_strategy[{label!r}]", minimum=0)
        if n_keep > available[label]:
            raise ValueError(
                f"sampling_strategy asks to keep {n_keep} samples of class {label!r}, but it has "
                f"only {available[label]}. Ask for at most {available[label]}."
            )
    rng = check_random_state(random_state)
    kept = []
    for label in classes.tolist():
        members = np.flatnonzero(y == label)  # ascending original indices
        if label in sampling_strategy:
            members = members[rng.permutation(members.size)[: sampling_strategy[label]]]
        kept.append(members)
    index = np.concatenate(kept)
    return X[index], y[index]


#: Merchant categories of :func:`make_transactions`, indexed by the integer code in column 2.
MERCHANT_CATEGORIES = ["grocery", "fuel", "restaurant", "retail", "online retail", "travel", "electronics",
                       "digital goods"]
# P(category | class): legitimate spending is everyday spending; fraud favours goods that resell.
_LEGIT_CATEGORY = np.array([0.26, 0.12, 0.18, 0.20, 0.15, 0.04, 0.03, 0.02])
_FRAUD_CATEGORY = np.array([0.04, 0.05, 0.04, 0.09, 0.30, 0.10, 0.20, 0.18])
# After the drift, fraud moves to small card tests at fuel pumps and groceries.
_DRIFTED_CATEGORY = np.array([0.20, 0.30, 0.05, 0.10, 0.20, 0.03, 0.05, 0.07])


def _mix(a, b, weight):
    """``(1 - weight) a + weight b``: a parameter moved ``weight`` of the way from ``a`` to ``b``."""
    return (1.0 - weight) * a + weight * b


def make_transactions(n_samples=20_000, fraud_rate=0.005, drift=0.0, *, n_days=120, drift_day=90,
                      random_state=None):
    r"""Synthetic card transactions with rare, overlapping fraud and an optional drifted later period.

    Each row is one card payment described by six features a bank records:

    0. ``amount``: the amount in euros, log-normal (legitimate median about 30 euros, fraud
       about 90 euros, with wide overlap);
    1. ``hour``: hour of the day, 0 to 23 (legitimate spending peaks in the afternoon, a
       share of fraud happens at night);
    2. ``merchant_category``: an integer code into :data:`MERCHANT_CATEGORIES` (a *label*, not
       a quantity: 7 is not "more" than 6);
    3. ``distance_km``: distance from the cardholder's home, log-normal;
    4. ``n_last_hour``: number of payments with the same card in the previous hour (Poisson);
    5. ``card_present``: 1 if the card was physically present (chip or contactless), else 0.

    Rows are sorted by ``time`` (days since the start, uniform on ``[0, n_days)``), so a
    split by time is a split by row index. From ``drift_day`` on (the *later period*) the
    fraud changes by ``drift``: its base rate is multiplied by ``1 + drift``, and fraudsters
    move towards small card-present card tests close to home, at fuel pumps and groceries,
    in rapid bursts. With ``drift=0`` the later period is drawn like the rest.

    Parameters
    ----------
    n_samples : int, default=20000
        Number of transactions (at least 2).
    fraud_rate : float, default=0.005
        :math:`\pi`, the probability that a transaction before ``drift_day`` is fraud, in
        ``(0, 0.5]``. The number of frauds is random (each row is a Bernoulli draw).
    drift : float, default=0.0
        Strength of the change after ``drift_day``, in ``[0, 1]``: 0 for none, 1 for the
        full change described above (the base rate doubles).
    n_days : int, default=120
        Length of the period covered, in days.
    drift_day : float, default=90
        First day of the later period, in ``[0, n_days]``.
    random_state : None, int or numpy.random.RandomState, default=None

    Returns
    -------
    data : Bunch
        ``X`` (n_samples, 6) features in the order above, ``y`` (n_samples,) with 1 = fraud
        (positive) and 0 = legitimate (negative), ``time`` (n_samples,) in days, ascending,
        ``later`` (n_samples,) boolean, True from ``drift_day`` on, ``amount`` (a copy of
        column 0, the money a missed fraud loses), ``feature_names``, ``category_names``,
        ``target_names`` (``["legitimate", "fraud"]``) and ``DESCR``.

    Raises
    ------
    ValueError
        If ``fraud_rate`` is not in ``(0, 0.5]``, ``drift`` not in ``[0, 1]``, or
        ``drift_day`` not in ``[0, n_days]``.

    Notes
    -----
    Given the class, the features are independent. With :math:`w = 0` before ``drift_day``
    and :math:`w` = ``drift`` after it, and :math:`\mathrm{LN}(\mu, \sigma)` the log-normal
    whose logarithm is :math:`\mathcal{N}(\mu, \sigma^2)`:

    ===================  ==========================  ==========================================
    feature              legitimate                  fraud
    ===================  ==========================  ==========================================
    amount               LN(3.4, 1.0)                LN(4.5 - 1.8 w, 1.1)
    hour                 N(14, 4.5) rounded, mod 24  night N(2.5, 2) with prob. 0.45 (1 - w),
                                                     else uniform on 0..23
    merchant_category    ``_LEGIT_CATEGORY``         mix of ``_FRAUD_CATEGORY`` and
                                                     ``_DRIFTED_CATEGORY`` with weight w
    distance_km          LN(1.6, 1.0)                LN(3.2 - 1.5 w, 1.4)
    n_last_hour          Poisson(0.3)                Poisson(1.2 + 1.8 w)
    card_present         Bernoulli(0.70)             Bernoulli(0.25 + 0.45 w)
    ===================  ==========================  ==========================================

    The label of a row at time :math:`t` is Bernoulli(:math:`\pi (1 + w)`). Random draws,
    in order: the sorted times, the labels, then each feature for all rows (amount, hour,
    category, distance, count, card presence), so the same seed gives the same data.

    Examples
    --------
    >>> data = make_transactions(n_samples=2000, random_state=0)
    >>> data.X.shape, data.feature_names[0]
    ((2000, 6), 'amount')
    >>> bool(np.all(np.diff(data.time) >= 0))
    True
    """
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    n_days = check_int(n_days, "n_days", minimum=1)
    for name, value, low, high, low_open, fix in (
        ("fraud_rate", fraud_rate, 0.0, 0.5, True, "Use for example 0.005 for one fraud in 200 payments."),
        ("drift", drift, 0.0, 1.0, False, "Use 0 for no change after drift_day and 1 for the full change."),
        ("drift_day", drift_day, 0.0, float(n_days), False, f"Use a day between 0 and n_days={n_days}."),
    ):
        if (isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value)
                or value > high or value < low or (low_open and value <= low)):
            interval = f"({low:g}, {high:g}]" if low_open else f"[{low:g}, {high:g}]"
            raise ValueError(f"{name} must be a number in {interval}, got {_short(value)}. {fix}")
    rng = check_random_state(random_state)
    time = np.sort(rng.uniform(0.0, n_days, size=n_samples))
    later = time >= drift_day
    w = np.where(later, float(drift), 0.0)  # how far each row's fraud pattern has drifted
    y = (rng.uniform(size=n_samples) < fraud_rate * (1.0 + w)).astype(int)
    fraud = y == 1
    w_fraud = w[fraud]
    n_fraud = int(fraud.sum())

    amount = np.exp(rng.normal(3.4, 1.0, size=n_samples))
    amount[fraud] = np.exp(rng.normal(4.5 - 1.8 * w_fraud, 1.1))

    hour = np.round(rng.normal(14.0, 4.5, size=n_samples)) % 24
    at_night = rng.uniform(size=n_fraud) < 0.45 * (1.0 - w_fraud)
    night_hour = np.round(rng.normal(2.5, 2.0, size=n_fraud)) % 24
    any_hour = rng.randint(0, 24, size=n_fraud)
    hour[fraud] = np.where(at_night, night_hour, any_hour)

    # category by inverse CDF: one uniform per row, compared with the row's cumulative probabilities
    u = rng.uniform(size=n_samples)
    cumulative = np.tile(np.cumsum(_LEGIT_CATEGORY), (n_samples, 1))  # (n, 8)
    cumulative[fraud] = np.cumsum(_mix(_FRAUD_CATEGORY, _DRIFTED_CATEGORY, w_fraud[:, None]), axis=1)
    category = np.minimum((u[:, None] >= cumulative).sum(axis=1), len(MERCHANT_CATEGORIES) - 1)

    distance = np.exp(rng.normal(1.6, 1.0, size=n_samples))
    distance[fraud] = np.exp(rng.normal(3.2 - 1.5 * w_fraud, 1.4))

    n_last_hour = rng.poisson(0.3, size=n_samples).astype(float)
    n_last_hour[fraud] = rng.poisson(1.2 + 1.8 * w_fraud)

    card_present = (rng.uniform(size=n_samples) < np.where(fraud, 0.25 + 0.45 * w, 0.70)).astype(float)

    X = np.column_stack([np.round(amount, 2), hour, category, np.round(distance, 1), n_last_hour, card_present])
    return Bunch(
        X=X,
        y=y,
        time=time,
        later=later,
        amount=X[:, 0].copy(),
        feature_names=["amount", "hour", "merchant_category", "distance_km", "n_last_hour", "card_present"],
        category_names=list(MERCHANT_CATEGORIES),
        target_names=["legitimate", "fraud"],
        DESCR=(
            f"{n_samples} card transactions over {n_days} days, {n_fraud} of them fraud (label 1, positive); "
            f"from day {drift_day:g} on the fraud pattern has drifted by {drift:g}."
        ),
    )


# ---------------------------------------------------------------- more fruit
__all__ += ["make_fruit_clusters", "make_sunburnt_basket", "standardised_basket"]


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
    if (isinstance(imbalance_ratio, bool) or not isinstance(imbalance_ratio, numbers.Real)
            or not np.isfinite(imbalance_ratio) or imbalance_ratio <= 0):
        raise ValueError(f"imbalance_ratio must be a positive number (oranges per apple), got "
                         f"{_short(imbalance_ratio)}. Use for example 19 for nineteen oranges per apple.")
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


# ---------------------------------------------------------------- the card-fraud case
__all__ += ["transaction_features", "TRANSACTION_PERIODS", "make_transaction_periods"]


def transaction_features(X):
    r"""Model features of raw transactions (the columns of :func:`make_transactions`): 14 numbers per row.

    :math:`\log(1 + \text{amount})`; the hour as a point on a clock,
    :math:`(\sin 2\pi h / 24, \cos 2\pi h / 24)`, so that 23:00 is next to midnight; the
    merchant category one-hot (8 columns: a code is a label, not a quantity);
    :math:`\log(1 + \text{distance})`; the payments in the last hour; and card presence.

    Parameters
    ----------
    X : array-like of shape (n_samples, 6)
        Raw transactions, columns as in :func:`make_transactions`.

    Returns
    -------
    Z : ndarray of shape (n_samples, 14)

    Examples
    --------
    >>> transaction_features([[9.0, 6, 2, 0.0, 1, 1]]).round(3).tolist()
    [[2.303, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0]]
    """
    X = check_array(X, "X")
    if X.shape[1] != 6:
        raise ValueError(f"X must have the 6 columns of make_transactions (amount, hour, merchant_category, "
                         f"distance_km, n_last_hour, card_present), got {X.shape[1]}.")
    angle = 2 * np.pi * X[:, 1] / 24
    one_hot = (X[:, 2][:, None] == np.arange(len(MERCHANT_CATEGORIES))).astype(float)  # (n, 8)
    return np.column_stack([np.log1p(X[:, 0]), np.sin(angle), np.cos(angle), one_hot, np.log1p(X[:, 3]),
                            X[:, 4], X[:, 5]])


#: The periods of :func:`make_transaction_periods`, in time order.
TRANSACTION_PERIODS = ("train", "validation", "test", "later")


def make_transaction_periods(n_samples=20_000, fraud_rate=0.005, drift=0.0, *, split_days=(60, 75, 90), n_days=120,
                             drift_day=90, random_state=None):
    r"""Card transactions split by time into training, validation, test and later periods, ready to model.

    :func:`make_transactions` with the same parameters, cut at the three ``split_days``:
    training is before the first, validation and test are the next two stretches, and the
    *later* period runs from the third to ``n_days`` (with the default ``drift_day`` it is the
    drifted period). Each row also gets its model features :func:`transaction_features`,
    standardised with the mean and standard deviation of the **training** period only,
    :math:`z_j = (f_j - \bar f^{\,train}_j) / s^{train}_j` (a feature constant on the training
    period keeps scale 1), so nothing is learnt from the periods a model is scored on.

    Parameters
    ----------
    n_samples, fraud_rate, drift, n_days, drift_day, random_state
        As in :func:`make_transactions`.
    split_days : tuple of three numbers, default=(60, 75, 90)
        First day of the validation, test and later periods, increasing, within ``[0, n_days]``.

    Returns
    -------
    data : Bunch
        ``full``, the Bunch of :func:`make_transactions`, and one Bunch per period
        (``train``, ``validation``, ``test``, ``later``) with the period's raw ``X``, its
        standardised model features ``Z``, ``y``, ``amount`` and ``day`` (days since the start).

    Raises
    ------
    ValueError
        If ``split_days`` is not three increasing days within ``[0, n_days]``.

    Examples
    --------
    >>> data = make_transaction_periods(n_samples=3000, random_state=0)
    >>> [data[p].y.size for p in ("train", "validation", "test", "later")]
    [1497, 373, 349, 781]
    >>> data.train.Z.shape, bool(abs(data.train.Z.mean(axis=0)).max() < 1e-12)
    ((1497, 14), True)
    """
    data = make_transactions(n_samples=n_samples, fraud_rate=fraud_rate, drift=drift, n_days=n_days,
                             drift_day=drift_day, random_state=random_state)
    edges = np.asarray(split_days, dtype=float) if np.ndim(split_days) == 1 else np.empty(0)
    if (edges.size != 3 or not np.all(np.isfinite(edges)) or np.any(np.diff(edges) <= 0)
            or edges[0] < 0 or edges[-1] > n_days):
        raise ValueError(f"split_days must be three increasing days within [0, n_days={n_days}] (the first days of "
                         f"validation, test and the later period), got {_short(split_days)}. "
                         "Use for example (60, 75, 90).")
    Z = transaction_features(data.X)
    bounds = (0,) + tuple(split_days) + (np.inf,)
    masks = {name: (data.time >= lo) & (data.time < hi)
             for name, lo, hi in zip(TRANSACTION_PERIODS, bounds[:-1], bounds[1:])}
    centre = Z[masks["train"]].mean(axis=0)
    scale = Z[masks["train"]].std(axis=0)
    scale[scale == 0] = 1.0
    periods = {name: Bunch(X=data.X[m], Z=(Z[m] - centre) / scale, y=data.y[m], amount=data.amount[m],
                           day=data.time[m]) for name, m in masks.items()}
    return Bunch(full=data, **periods)


__all__ += ["load_fraud_case"]


def load_fraud_case():
    r"""The book's card-fraud case: 120,000 payments over 120 days, one fraud in 200, drifting after day 90.

    :func:`make_transaction_periods` with ``n_samples=120_000``, ``fraud_rate=0.005``,
    ``drift=1.0``, ``split_days=(60, 75, 90)`` and ``random_state=7``: training on days 0-60,
    validation on days 60-75, test on days 75-90, and the later period, days 90-120, where the
    fraud pattern has fully drifted and its rate doubled. Every page that studies the case
    uses these same payments; the call takes about a second, so cache its result.

    Returns
    -------
    data : Bunch
        As :func:`make_transaction_periods`: ``full``, ``train``, ``validation``, ``test``, ``later``.

    Examples
    --------
    >>> data = load_fraud_case()
    >>> data.full.X.shape, int(data.train.y.sum())
    ((120000, 6), 294)
    """
    return make_transaction_periods(120_000, 0.005, 1.0, split_days=(60, 75, 90), n_days=120, drift_day=90,
                                    random_state=7)
