r"""Card payments with rare, drifting fraud: the generator, its model features, its periods and the book's case."""

import numbers

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import _short, check_array, check_int, check_random_state

__all__ = ["MERCHANT_CATEGORIES", "make_transactions", "transaction_features", "TRANSACTION_PERIODS",
           "make_transaction_periods", "load_fraud_case"]

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
