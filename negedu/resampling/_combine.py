"""SMOTE followed by a cleaning step: SMOTE-Tomek and SMOTE-ENN (composed, not re-implemented)."""

import copy

from negedu._validation import _short
from negedu.resampling._base import BaseSampler, check_resample_input
from negedu.resampling._enn import EditedNearestNeighbours
from negedu.resampling._smote import SMOTE
from negedu.resampling._strategy import check_sampling_strategy
from negedu.resampling._tomek import TomekLinks

__all__ = ["smote_tomek", "smote_enn", "SMOTETomek", "SMOTEENN"]


def _fresh_sampler(sampler, name, example):
    """An unfitted copy of a sampler object, like ``sklearn.base.clone`` (without sklearn).

    The user's object is never fitted; its parameters are deep-copied, so a
    ``RandomState`` it holds is not advanced either (as with ``clone``).
    """
    if not hasattr(sampler, "fit_resample") or isinstance(sampler, type):
        raise TypeError(
            f"{name} must be a sampler object with a fit_resample method, such as {example}, "
            f"got {_short(sampler)} of type {type(sampler).__name__}. Pass None for the default."
        )
    if hasattr(sampler, "get_params"):
        return type(sampler)(**copy.deepcopy(sampler.get_params(deep=False)))
    return copy.deepcopy(sampler)


def _resolve_smote(smote, sampling_strategy, random_state):
    if smote is None:
        return SMOTE(sampling_strategy=sampling_strategy, random_state=random_state)
    return _fresh_sampler(smote, "smote", "SMOTE(k_neighbors=3)")


def _resolve_tomek(tomek, n_jobs=None):
    if tomek is None:
        return TomekLinks(sampling_strategy="all", n_jobs=n_jobs)
    return _fresh_sampler(tomek, "tomek", "TomekLinks(sampling_strategy='all')")


def _resolve_enn(enn, n_jobs=None):
    if enn is None:
        return EditedNearestNeighbours(sampling_strategy="all", n_jobs=n_jobs)
    return _fresh_sampler(enn, "enn", "EditedNearestNeighbours(sampling_strategy='all')")


def _check_input(X, y, sampling_strategy):
    """The checks imbalanced-learn's combiners make before delegating (the strategy too)."""
    X, y = check_resample_input(X, y, copy=False)  # X is only read
    check_sampling_strategy(sampling_strategy, y, "over-sampling")
    return X, y


def _over_then_clean(X, y, over_sampler, cleaner):
    """The whole combination: over-sample, then clean the result."""
    X_over, y_over = over_sampler.fit_resample(X, y)[:2]
    return cleaner.fit_resample(X_over, y_over)[:2]


def smote_tomek(X, y, *, sampling_strategy="auto", random_state=None, smote=None, tomek=None):
    r"""Over-sample with SMOTE, then remove the Tomek links (both ends) from the result.

    SMOTE fills the minority class in, but some of its new points land among the other
    class. A Tomek link, two samples of different classes that are each other's nearest
    neighbour, marks such overlap; removing both of its ends cleans the border.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Numeric features, all finite.
    y : array-like of shape (n_samples,)
        Class labels (two or more classes).
    sampling_strategy : float, str, dict or callable, default="auto"
        The SMOTE step's strategy (see :func:`smote`). Ignored when ``smote`` is given.
    random_state : None, int or numpy.random.RandomState, default=None
        The SMOTE step's seed. Ignored when ``smote`` is given.
    smote : sampler object, default=None
        The over-sampler to use, copied unfitted; default
        ``SMOTE(sampling_strategy=sampling_strategy, random_state=random_state)``.
    tomek : sampler object, default=None
        The cleaner to use, copied unfitted; default ``TomekLinks(sampling_strategy="all")``.

    Returns
    -------
    X_resampled : ndarray of shape (n_kept, n_features)
        The SMOTE output with the links removed, in the SMOTE output's order.
    y_resampled : ndarray of shape (n_kept,)
        The matching labels.

    Raises
    ------
    ValueError
        For the input problems listed in :func:`smote` (also when ``smote`` is given, the
        combiner's own ``sampling_strategy`` is checked against ``y``).
    TypeError
        If ``smote`` or ``tomek`` is not a sampler object.

    See Also
    --------
    smote_enn : SMOTE followed by Edited Nearest Neighbours, a stronger cleaning.
    tomek_links : the cleaning step alone.

    Notes
    -----
    With :math:`S` the SMOTE output (original rows first, then the new ones), the result is

    .. math::

        S \setminus \{x_i, x_j : y_i \ne y_j,\ \mathrm{nn}(x_i) = x_j,\ \mathrm{nn}(x_j) = x_i\},

    where :math:`\mathrm{nn}` is the nearest other sample of :math:`S` (Euclidean). The
    default cleaner uses ``sampling_strategy="all"``, so it removes **both** ends of every
    link, as Batista, Prati and Monard (2004) do ("examples from both classes are removed")
    and as imbalanced-learn's ``SMOTETomek`` does. This differs from ``TomekLinks()``
    alone, whose ``"auto"`` removes only the end outside the minority class. Pass
    ``tomek=TomekLinks()`` for that behaviour.

    This is a composition, nothing more: ``smote_tomek(X, y)`` equals
    ``TomekLinks(sampling_strategy="all").fit_resample(*SMOTE().fit_resample(X, y))``, so
    the same seed gives the same rows as imbalanced-learn's ``SMOTETomek`` (see
    :func:`smote` and :func:`tomek_links` for their conventions and the caveat on exact
    ties). Categorical features are interpolated like continuous ones (see :func:`smote`).

    Difference from imbalanced-learn, deliberate: ``smote`` and ``tomek`` may be any
    sampler objects with ``fit_resample`` (for example ``BorderlineSMOTE``); imbalanced-learn
    accepts only instances of its ``SMOTE`` and ``TomekLinks`` there.

    References
    ----------
    .. [1] G. E. A. P. A. Batista, R. C. Prati and M. C. Monard (2004). "A Study of the
       Behavior of Several Methods for Balancing Machine Learning Training Data". ACM
       SIGKDD Explorations Newsletter 6(1), 20-29. doi:10.1145/1007730.1007735
    .. [2] N. V. Chawla, K. W. Bowyer, L. O. Hall and W. P. Kegelmeyer (2002). "SMOTE:
       Synthetic Minority Over-sampling Technique". Journal of Artificial Intelligence
       Research 16, 321-357. doi:10.1613/jair.953

    Examples
    --------
    >>> import numpy as np
    >>> from negedu.resampling import smote_tomek
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(1.5, 1, (10, 2))])
    >>> y = np.array([0] * 40 + [1] * 10)
    >>> X_res, y_res = smote_tomek(X, y, random_state=0)
    >>> np.bincount(y_res).tolist()
    [38, 38]
    """
    X, y = _check_input(X, y, sampling_strategy)
    return _over_then_clean(
        X, y, _resolve_smote(smote, sampling_strategy, random_state), _resolve_tomek(tomek)
    )


def smote_enn(X, y, *, sampling_strategy="auto", random_state=None, smote=None, enn=None):
    r"""Over-sample with SMOTE, then edit the result with Edited Nearest Neighbours.

    After SMOTE, every sample (of every class) whose 3 nearest neighbours do not all share
    its label is removed. This cleans deeper than Tomek links: a sample can go even when
    its nearest neighbour agrees with it.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Numeric features, all finite.
    y : array-like of shape (n_samples,)
        Class labels (two or more classes).
    sampling_strategy : float, str, dict or callable, default="auto"
        The SMOTE step's strategy (see :func:`smote`). Ignored when ``smote`` is given.
    random_state : None, int or numpy.random.RandomState, default=None
        The SMOTE step's seed. Ignored when ``smote`` is given.
    smote : sampler object, default=None
        The over-sampler to use, copied unfitted; default
        ``SMOTE(sampling_strategy=sampling_strategy, random_state=random_state)``.
    enn : sampler object, default=None
        The cleaner to use, copied unfitted; default
        ``EditedNearestNeighbours(sampling_strategy="all")`` (3 neighbours, ``kind_sel="all"``).

    Returns
    -------
    X_resampled : ndarray of shape (n_kept, n_features)
        The kept rows of the SMOTE output, grouped by class in ascending label order
        (ENN's output order).
    y_resampled : ndarray of shape (n_kept,)
        The matching labels.

    Raises
    ------
    ValueError
        For the input problems listed in :func:`smote`.
    TypeError
        If ``smote`` or ``enn`` is not a sampler object.

    See Also
    --------
    smote_tomek : SMOTE followed by Tomek links, a lighter cleaning.
    edited_nearest_neighbours : the cleaning step alone.

    Notes
    -----
    With :math:`S` the SMOTE output and :math:`N_3(x)` the 3 nearest other samples of
    :math:`S`, the result keeps :math:`\{x_i \in S : y_j = y_i\ \forall x_j \in N_3(x_i)\}`.
    Like Batista, Prati and Monard (2004), the default cleaner edits **every** class,
    the minority (original and synthetic samples) included (``sampling_strategy="all"``),
    so the output is usually no longer exactly balanced.

    A composition: ``smote_enn(X, y)`` equals
    ``EditedNearestNeighbours(sampling_strategy="all").fit_resample(*SMOTE().fit_resample(X, y))``,
    so the same seed gives the same rows as imbalanced-learn's ``SMOTEENN``.

    Difference from imbalanced-learn, deliberate: ``smote`` and ``enn`` may be any sampler
    objects with ``fit_resample``; imbalanced-learn accepts only instances of its ``SMOTE``
    and ``EditedNearestNeighbours`` there.

    References
    ----------
    .. [1] G. E. A. P. A. Batista, R. C. Prati and M. C. Monard (2004). "A Study of the
       Behavior of Several Methods for Balancing Machine Learning Training Data". ACM
       SIGKDD Explorations Newsletter 6(1), 20-29. doi:10.1145/1007730.1007735
    .. [2] D. L. Wilson (1972). "Asymptotic Properties of Nearest Neighbor Rules Using
       Edited Data". IEEE Transactions on Systems, Man, and Cybernetics SMC-2(3), 408-421.

    Examples
    --------
    >>> import numpy as np
    >>> from negedu.resampling import smote_enn
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(1.5, 1, (10, 2))])
    >>> y = np.array([0] * 40 + [1] * 10)
    >>> X_res, y_res = smote_enn(X, y, random_state=0)
    >>> np.bincount(y_res).tolist()
    [33, 36]
    """
    X, y = _check_input(X, y, sampling_strategy)
    return _over_then_clean(
        X, y, _resolve_smote(smote, sampling_strategy, random_state), _resolve_enn(enn)
    )


class _SMOTEThenClean(BaseSampler):
    """What SMOTETomek and SMOTEENN share: a fresh SMOTE step, a fresh cleaner, one after the other.

    Subclasses store their parameters and implement ``_fit_cleaner()``, which sets their
    fitted cleaner attribute (``tomek_``, ``enn_``) and returns it.
    """

    _sampling_type = "over-sampling"
    _copy_input = False  # X is only read, never written

    def _fit_resample(self, X, y):
        self.smote_ = _resolve_smote(self.smote, self.sampling_strategy, self.random_state)
        cleaner = self._fit_cleaner()
        self.sampling_strategy_ = self.sampling_strategy  # as given, not resolved (imbalanced-learn)
        return _over_then_clean(X, y, self.smote_, cleaner)

    def _fit_cleaner(self):
        raise NotImplementedError(f"{type(self).__name__} must implement _fit_cleaner().")


class SMOTETomek(_SMOTEThenClean):
    r"""SMOTE then Tomek-links cleaning: the class around :func:`smote_tomek`.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        See :func:`smote_tomek`.
    random_state : None, int or numpy.random.RandomState, default=None
        See :func:`smote_tomek`.
    smote : sampler object, default=None
        See :func:`smote_tomek`.
    tomek : sampler object, default=None
        See :func:`smote_tomek`.
    n_jobs : None or int, default=None
        Passed to the default ``TomekLinks``, which ignores it (accepted for compatibility).

    Attributes
    ----------
    sampling_strategy_ : str, float, dict or callable
        The ``sampling_strategy`` parameter as given (not resolved), as in imbalanced-learn.
    smote_ : sampler object
        The fitted over-sampler.
    tomek_ : sampler object
        The fitted cleaner.

    Notes
    -----
    Same parameters, defaults and outputs as ``imblearn.combine.SMOTETomek``; see
    :func:`smote_tomek`, including why both ends of every link are removed.

    References
    ----------
    .. [1] G. E. A. P. A. Batista, R. C. Prati and M. C. Monard (2004). "A Study of the
       Behavior of Several Methods for Balancing Machine Learning Training Data". ACM
       SIGKDD Explorations Newsletter 6(1), 20-29. doi:10.1145/1007730.1007735

    Examples
    --------
    >>> import numpy as np
    >>> from negedu.resampling import SMOTE, SMOTETomek
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(1.5, 1, (10, 2))])
    >>> y = np.array([0] * 40 + [1] * 10)
    >>> sampler = SMOTETomek(smote=SMOTE(k_neighbors=3, random_state=0))
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sampler.tomek_
    TomekLinks(sampling_strategy='all')
    """

    def __init__(
        self, *, sampling_strategy="auto", random_state=None, smote=None, tomek=None, n_jobs=None
    ):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.tomek = tomek
        self.n_jobs = n_jobs

    def _fit_cleaner(self):
        self.tomek_ = _resolve_tomek(self.tomek, self.n_jobs)
        return self.tomek_


class SMOTEENN(_SMOTEThenClean):
    r"""SMOTE then Edited-Nearest-Neighbours cleaning: the class around :func:`smote_enn`.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        See :func:`smote_enn`.
    random_state : None, int or numpy.random.RandomState, default=None
        See :func:`smote_enn`.
    smote : sampler object, default=None
        See :func:`smote_enn`.
    enn : sampler object, default=None
        See :func:`smote_enn`.
    n_jobs : None or int, default=None
        Passed to the default ``EditedNearestNeighbours``, which ignores it.

    Attributes
    ----------
    sampling_strategy_ : str, float, dict or callable
        The ``sampling_strategy`` parameter as given (not resolved), as in imbalanced-learn.
    smote_ : sampler object
        The fitted over-sampler.
    enn_ : sampler object
        The fitted cleaner.

    Notes
    -----
    Same parameters, defaults and outputs as ``imblearn.combine.SMOTEENN``; see
    :func:`smote_enn`.

    References
    ----------
    .. [1] G. E. A. P. A. Batista, R. C. Prati and M. C. Monard (2004). "A Study of the
       Behavior of Several Methods for Balancing Machine Learning Training Data". ACM
       SIGKDD Explorations Newsletter 6(1), 20-29. doi:10.1145/1007730.1007735

    Examples
    --------
    >>> import numpy as np
    >>> from negedu.resampling import SMOTEENN
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(1.5, 1, (10, 2))])
    >>> y = np.array([0] * 40 + [1] * 10)
    >>> sampler = SMOTEENN(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sampler.enn_
    EditedNearestNeighbours(sampling_strategy='all')
    """

    def __init__(
        self, *, sampling_strategy="auto", random_state=None, smote=None, enn=None, n_jobs=None
    ):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.enn = enn
        self.n_jobs = n_jobs

    def _fit_cleaner(self):
        self.enn_ = _resolve_enn(self.enn, self.n_jobs)
        return self.enn_
