r"""EasyEnsemble (Liu, Wu and Zhou, 2009): boosted learners on independent balanced undersamples."""

import warnings

import numpy as np

from negedu._bunch import Bunch
from negedu._estimator import AvailableIf
from negedu._validation import check_array, check_int, check_random_state
from negedu.ensemble._adaboost import AdaBoostClassifier
from negedu.ensemble._base import (
    MAX_INT, BaseEstimator, SamplerPipeline, check_classification_data, check_classifier, clone_estimator,
    member_strategy,
)
from negedu.ensemble._tree_classifier import members_proba
from negedu.resampling._random_under import RandomUnderSampler, _random_under_sample
from negedu.resampling._strategy import check_sampling_strategy

__all__ = ["easy_ensemble", "average_proba", "EasyEnsembleClassifier"]


def _encoded_strategy(sampling_strategy, y, classes, y_encoded):
    r"""Resolve ``sampling_strategy`` for the encoded labels 0..K-1, as imbalanced-learn does.

    A dict is checked against the original labels, then its keys become positions in
    ``classes``; a string, float or callable is resolved on the encoded labels (so a callable
    receives the encoded ``y``).
    """
    if isinstance(sampling_strategy, dict):
        resolved = check_sampling_strategy(sampling_strategy, y, "under-sampling")
        position = {label: i for i, label in enumerate(classes.tolist())}
        sampling_strategy = {position[label]: n for label, n in resolved.items()}
    return check_sampling_strategy(sampling_strategy, y_encoded, "under-sampling")


def _member_seeds(estimator, rs):
    r"""Seed one member, imbalanced-learn's pipeline ``[("sampler", RUS), ("classifier", estimator)]``.

    A seed ``s`` gives ``r = RandomState(s)``; every parameter of the pipeline named
    ``random_state`` or ``*__random_state``, in sorted order, takes ``r.randint(2**31 - 1)``:
    the ``classifier__...`` ones come before ``sampler__random_state``. Returns the sampler's seed.
    """
    names = ["classifier__" + k for k in estimator.get_params(deep=True)] + ["sampler__random_state"]
    to_set = {k: int(rs.randint(MAX_INT)) for k in sorted(names) if k.endswith("__random_state")}
    sampler_seed = to_set.pop("sampler__random_state")
    if to_set:
        estimator.set_params(**{k[len("classifier__"):]: v for k, v in to_set.items()})
    return sampler_seed


def average_proba(estimators, X, n_classes):
    r"""The mean of the members' probabilities, :math:`\bar p(x) = \frac1T \sum_{t=1}^T p_t(x)`.

    Each member's columns are added at the positions of its ``classes_`` (encoded labels), so
    a member that never saw a class adds 0 for it. Returns shape (n_samples, n_classes).
    """
    X = check_array(X, "X", copy=False)
    n_classes = check_int(n_classes, "n_classes", minimum=1)
    proba = np.zeros((X.shape[0], n_classes))
    for member, p in zip(estimators, members_proba(estimators, X)):  # summed in turn, then divided once
        if p.shape[1] == n_classes:
            proba += p
        else:
            proba[:, np.asarray(member.classes_, dtype=np.int64)] += p
    return proba / len(estimators)


def easy_ensemble(X, y, estimator=None, *, n_estimators=10, sampling_strategy="auto", replacement=False,
                  random_state=None, n_skip=0):
    r"""Fit EasyEnsemble: :math:`T` members, each a learner on its own random balanced undersample.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Class labels, at least two classes.
    estimator : classifier or None, default=None
        The learner of each member, cloned (never fitted in place); None means negedu's
        ``AdaBoostClassifier()`` (50 stumps, SAMME), as in the paper. Any object with
        ``fit``, ``predict_proba``, ``get_params`` and ``set_params`` works, scikit-learn's included.
    n_estimators : int, default=10
        The number of members :math:`T`.
    sampling_strategy : str, float, dict or callable, default="auto"
        What each member's undersample keeps (imbalanced-learn's under-sampling forms);
        ``"auto"`` keeps every minority sample and as many of each other class.
    replacement : bool, default=False
        Draw each undersample with replacement.
    random_state : None, int or numpy.random.RandomState, default=None
        An integer gives imbalanced-learn's members: the same undersampled rows and the same
        seeds for the learners.
    n_skip : int, default=0
        Seeds to skip first (the members an earlier warm-started fit already has).

    Returns
    -------
    model : Bunch
        ``classes`` (K sorted labels), ``estimators`` (T fitted learners, trained on the
        encoded labels 0..K-1), ``sample_indices`` (T arrays: the rows of ``X`` each member
        was trained on), ``sampler_seeds`` and ``seeds`` (the T member seeds).

    Raises
    ------
    ValueError
        If ``X`` holds NaN, the lengths differ, ``y`` has one class, ``n_estimators < 1`` or
        ``sampling_strategy`` asks for more samples than a class has.
    TypeError
        If ``estimator`` lacks ``fit`` or ``predict_proba``.

    Notes
    -----
    With :math:`\mathcal P` the positives (minority) and :math:`\mathcal N` the negatives,
    member :math:`t` draws :math:`\mathcal N_t \subset \mathcal N` with
    :math:`|\mathcal N_t| = |\mathcal P|`, independently of the other members, fits
    :math:`h_t` on :math:`\mathcal P \cup \mathcal N_t`, and the ensemble averages:

    .. math:: \bar p(y = k \mid x) = \frac1T \sum_{t=1}^{T} p_t(y = k \mid x) .

    Liu, Wu and Zhou combine the members' boosted scores :math:`\sum_t\sum_j \alpha_{t,j}
    h_{t,j}(x)` before a sign; like imbalanced-learn, we average the members' probabilities.

    Seeds, exactly as imbalanced-learn 0.14: ``rs = check_random_state(random_state)``;
    ``seeds = rs.randint(2**31 - 1, size=T)``; member :math:`t` uses ``RandomState(seeds[t])``
    to seed, in sorted parameter-name order, the learner's ``random_state`` parameters and
    then the sampler's; the undersample is our ``random_under_sample`` of the encoded labels.

    Differences from imbalanced-learn: the members are the learners alone (the undersampled
    rows of member :math:`t` are ``sample_indices[t]``; :class:`EasyEnsembleClassifier` wraps
    each with its sampler into a pipeline, as imbalanced-learn's members are); ``n_jobs`` and
    ``verbose`` are accepted and ignored (one process); NaN or infinity in ``X`` raises a
    ``ValueError`` naming ``X``.

    References
    ----------
    X.-Y. Liu, J. Wu and Z.-H. Zhou, "Exploratory undersampling for class-imbalance learning",
    IEEE Transactions on Systems, Man, and Cybernetics, Part B 39(2), 539-550, 2009.

    Examples
    --------
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(60, 2)); y = (X[:, 0] > 1).astype(int)
    >>> model = easy_ensemble(X, y, n_estimators=3, random_state=0)
    >>> [np.bincount(y[rows]).tolist() for rows in model.sample_indices]
    [[12, 12], [12, 12], [12, 12]]
    >>> average_proba(model.estimators, X[:2], 2).sum(axis=1).round(12).tolist()
    [1.0, 1.0]
    """
    X, y, classes, y_encoded = check_classification_data(X, y, "EasyEnsemble")
    n_estimators = check_int(n_estimators, "n_estimators", minimum=1, hint="Use at least one member, e.g. 10.")
    base = AdaBoostClassifier() if estimator is None else check_classifier(estimator)
    strategy = _encoded_strategy(sampling_strategy, y, classes, y_encoded)
    rs = check_random_state(random_state)
    if n_skip:
        rs.randint(MAX_INT, size=n_skip)  # the seeds of the members fitted before (warm start)
    seeds = rs.randint(MAX_INT, size=n_estimators)
    members, subsets, sampler_seeds = [], [], []
    for seed in seeds:
        member = clone_estimator(base)
        sampler_seed = _member_seeds(member, np.random.RandomState(seed))
        _, _, rows = _random_under_sample(X, y_encoded, strategy, sampler_seed, replacement)
        members.append(member.fit(X[rows], y_encoded[rows]))
        subsets.append(rows)
        sampler_seeds.append(sampler_seed)
    return Bunch(classes=classes, estimators=members, sample_indices=subsets,
                 sampler_seeds=sampler_seeds, seeds=seeds, strategy=strategy)


def fitted_samplers(model, sampling_strategy, replacement, n_features):
    r"""The members' undersamplers as imbalanced-learn keeps them: fitted ``RandomUnderSampler`` objects.

    Sampler :math:`t` has the seed and the resolved strategy its member's rows were drawn
    with, and those rows as ``sample_indices_``: ``fit_resample(X, y_encoded)`` draws them again.
    """
    samplers = []
    for seed, rows in zip(model.sampler_seeds, model.sample_indices):
        sampler = RandomUnderSampler(sampling_strategy=member_strategy(sampling_strategy, model.classes),
                                     random_state=int(seed), replacement=replacement)
        sampler.sampling_strategy_, sampler.sample_indices_ = dict(model.strategy), rows
        sampler.n_features_in_ = n_features
        samplers.append(sampler)
    return samplers


class _AveragedMembers(BaseEstimator):
    """What EasyEnsemble and the balanced random forest share: warm start, the fitted members, the average.

    Subclasses name their members (``_member``: "member" or "tree"), suggest a count
    (``_default_count``) for the messages, and turn a fitted model into their fitted
    attributes (``_members``). Like scikit-learn's ensembles, ``len(ensemble)`` is the number
    of fitted members, ``ensemble[i]`` the i-th of ``estimators_`` and iterating goes through them.
    """

    _member = "member"
    _default_count = 10
    _estimator_type = "classifier"

    def __len__(self):
        return len(self.estimators_)

    def __getitem__(self, index):
        return self.estimators_[index]

    def __iter__(self):
        return iter(self.estimators_)

    def _n_new_members(self):
        """(members kept, members to fit): with ``warm_start`` only the missing ones are fitted."""
        n_existing = len(self.estimators_) if self.warm_start and hasattr(self, "estimators_") else 0
        n_new = check_int(self.n_estimators, "n_estimators", minimum=1,
                          hint=f"Use at least one {self._member}, e.g. {self._default_count}.")
        n_new -= n_existing
        if n_new < 0:
            raise ValueError(
                f"n_estimators={self.n_estimators} must be larger or equal to len(estimators_)={n_existing} "
                "when warm_start=True. Raise n_estimators, or set warm_start=False to refit."
            )
        if n_new == 0:
            warnings.warn(f"Warm-start fitting without increasing n_estimators does not fit new {self._member}s.",
                          UserWarning, stacklevel=3)
        return n_existing, n_new

    def _add_members(self, model, n_existing, X):
        """Append the newly fitted members (and their rows) to the kept ones; returns ``self``."""
        n_features = int(np.shape(X)[1])
        new = self._members(model, fitted_samplers(model, self.sampling_strategy, self.replacement, n_features))
        for name, values in new.items():
            setattr(self, name, (getattr(self, name) if n_existing else []) + values)
        self.estimators_samples_ = (self.estimators_samples_ if n_existing else []) + model.sample_indices
        self.classes_ = model.classes
        self.n_classes_ = model.classes.size
        self.n_features_in_ = n_features
        return self

    def predict_proba(self, X):
        r"""The members' mean probability :math:`\bar p(y = k \mid x)`, shape (n_samples, K)."""
        self._check_fitted("predict_proba")
        X = check_array(X, "X", copy=False)
        return average_proba(self.estimators_, X, self.n_classes_)

    def predict(self, X):
        """The class of largest mean probability (the first on ties)."""
        self._check_fitted("predict")
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


def _base_has_decision_function(easy):
    """Whether an EasyEnsemble's learner (AdaBoost by default) has ``decision_function``."""
    return isinstance(easy, type) or easy.estimator is None or hasattr(easy.estimator, "decision_function")


class EasyEnsembleClassifier(_AveragedMembers):
    r"""EasyEnsemble with imbalanced-learn's interface; a thin shell around :func:`easy_ensemble`.

    ``n_jobs`` and ``verbose`` are accepted for compatibility and ignored (one process).
    ``len(clf)``, ``clf[i]`` and ``for member in clf`` go through ``estimators_``.

    Attributes
    ----------
    classes_, n_classes_, n_features_in_ :
        As in scikit-learn.
    estimator_ : SamplerPipeline
        The unfitted template of a member: ``[("sampler", RandomUnderSampler(...)),
        ("classifier", estimator)]``, negedu's ``AdaBoostClassifier()`` when ``estimator`` is None.
    estimators_ : list of SamplerPipeline
        The fitted members, as imbalanced-learn's: each a pipeline whose ``"sampler"`` step is
        the fitted undersampler (its ``sample_indices_`` are the member's rows) and whose
        ``"classifier"`` step is the learner, trained on the encoded labels 0..K-1.
    estimators_samples_ : list of ndarray
        The rows each member was trained on, after its undersample (imbalanced-learn's
        ``estimators_samples_`` are the rows before it, all of them: no bagging here).

    Differences from imbalanced-learn: the default learner is negedu's AdaBoost (SAMME
    stumps), not scikit-learn's; the members are negedu's ``SamplerPipeline``, not
    imbalanced-learn's ``Pipeline`` (same ``steps`` names, no slicing); NaN in ``X`` raises a
    ``ValueError`` naming ``X``; there is no bagging (``max_samples``, ``bootstrap``).

    Examples
    --------
    >>> rng = np.random.RandomState(1)
    >>> X = rng.normal(size=(80, 2)); y = (X[:, 0] > 0.9).astype(int)
    >>> clf = EasyEnsembleClassifier(n_estimators=4, random_state=0).fit(X, y)
    >>> len(clf.estimators_), clf.predict_proba(X[:1]).shape
    (4, (1, 2))
    """

    def __init__(self, n_estimators=10, estimator=None, *, warm_start=False, sampling_strategy="auto",
                 replacement=False, n_jobs=None, random_state=None, verbose=0):
        self.n_estimators = n_estimators
        self.estimator = estimator
        self.warm_start = warm_start
        self.sampling_strategy = sampling_strategy
        self.replacement = replacement
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    def fit(self, X, y):
        """Fit the members (only the new ones with ``warm_start``); returns ``self``."""
        n_existing, n_new = self._n_new_members()
        if n_new == 0:
            return self
        model = easy_ensemble(X, y, self.estimator, n_estimators=n_new, sampling_strategy=self.sampling_strategy,
                              replacement=self.replacement, random_state=self.random_state, n_skip=n_existing)
        self._seeds = np.concatenate([self._seeds if n_existing else np.array([], dtype=np.int64), model.seeds])
        return self._add_members(model, n_existing, X)

    def _template(self, sampler, learner):
        return SamplerPipeline([("sampler", sampler), ("classifier", learner)])

    @property
    def estimator_(self):
        """The unfitted template of a member (sampler, then learner), as imbalanced-learn's."""
        self._check_fitted("estimator_")
        base = AdaBoostClassifier() if self.estimator is None else clone_estimator(self.estimator)
        sampler = RandomUnderSampler(sampling_strategy=member_strategy(self.sampling_strategy, self.classes_),
                                     replacement=self.replacement)
        return self._template(sampler, base)

    def _members(self, model, samplers):
        return {"estimators_": [self._template(s, e) for s, e in zip(samplers, model.estimators)]}

    def _decision_function(self, X):
        r"""The members' mean decision, :math:`\frac1T \sum_t f_t(x)` (for learners that have one)."""
        self._check_fitted("decision_function")
        X = check_array(X, "X", copy=False)
        return sum(member.decision_function(X) for member in self.estimators_) / len(self.estimators_)

    decision_function = AvailableIf(
        _base_has_decision_function, _decision_function,
        lambda cls: "its estimator has no decision_function. Use predict_proba.")
