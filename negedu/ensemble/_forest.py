r"""Balanced random forest (Chen, Liaw and Breiman, 2004): each tree grows on its own balanced bootstrap."""

import copy
import numbers
import warnings

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import _short, check_array, check_int, check_random_state, check_sample_weight
from negedu.ensemble._base import MAX_INT, SamplerPipeline, check_classification_data
from negedu.ensemble._easy_ensemble import _AveragedMembers, _encoded_strategy, average_proba
from negedu.ensemble._tree_batch import grow_trees
from negedu.ensemble._tree_classifier import DecisionTreeClassifier
from negedu.resampling._random_under import _random_under_sample

__all__ = ["balanced_random_forest", "BalancedRandomForestClassifier"]


def balanced_random_forest(X, y, *, n_estimators=100, criterion="gini", max_depth=None, min_samples_split=2,
                           min_samples_leaf=1, max_features="sqrt", bootstrap=False, sampling_strategy="all",
                           replacement=True, random_state=None, class_weight=None, sample_weight=None,
                           max_samples=None, n_skip=0):
    r"""Fit a balanced random forest: every tree sees a bootstrap of :math:`n_{min}` rows of each class.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Finite numbers (cast to float32).
    y : array-like of shape (n_samples,)
        Class labels, at least two classes.
    n_estimators : int, default=100
        The number of trees :math:`T`.
    criterion, max_depth, min_samples_split, min_samples_leaf, max_features, class_weight :
        Passed to each :class:`DecisionTreeClassifier`; ``max_features="sqrt"`` makes each
        node try :math:`\lfloor\sqrt F\rfloor` random features, as in a random forest.
    bootstrap : bool, default=False
        Draw a further ordinary bootstrap of each balanced sample (off by default: the balanced
        sample is already a bootstrap).
    sampling_strategy : str, float, dict or callable, default="all"
        What each tree's sample keeps; ``"all"`` draws :math:`n_{min}` rows of every class,
        the minority included.
    replacement : bool, default=True
        Draw the balanced sample with replacement (a bootstrap of each class).
    random_state : None, int or numpy.random.RandomState, default=None
        An integer gives imbalanced-learn's balanced samples, tree by tree.
    sample_weight : array-like of shape (n_samples,), default=None
        Weights of the samples, carried into each tree's sample.
    max_samples : None, int or float, default=None
        With ``bootstrap``, the size of each tree's ordinary bootstrap, at most its balanced
        sample's size: None draws as many rows as the balanced sample has, an integer that
        many, a float in (0, 1] that share of ``X``'s rows (of the total weight when
        ``sample_weight`` is given), at least 1 (imbalanced-learn's rule).
    n_skip : int, default=0
        Trees fitted before (warm start): one draw skipped per tree, as in imbalanced-learn.

    Returns
    -------
    model : Bunch
        ``classes``, ``estimators`` (the T fitted trees, on encoded labels),
        ``sample_indices`` (each tree's rows of ``X``), ``sampler_seeds``, ``strategy`` (the
        resolved ``sampling_strategy`` on the encoded labels) and ``bootstrap_indices`` (with
        ``bootstrap``, the positions in ``sample_indices[t]`` each tree drew; else None).

    Raises
    ------
    ValueError
        If ``X`` holds NaN, the lengths differ, ``y`` has one class, ``n_estimators < 1``, or a
        tree parameter is out of range.

    Notes
    -----
    Chen, Liaw and Breiman's recipe: for each tree :math:`t`, draw a bootstrap of size
    :math:`n_{min}` from the minority class and a sample of the same size from each other
    class; grow a tree on it with a random subset of the features at each node, without
    pruning; average the trees:

    .. math:: \bar p(y = k \mid x) = \frac1T \sum_{t=1}^{T} \frac{w^{(t)}_{\ell_t(x), k}}{w^{(t)}_{\ell_t(x)}} ,

    where :math:`\ell_t(x)` is the leaf of tree :math:`t` that :math:`x` falls into and
    :math:`w^{(t)}_{\ell,k}` its weight of class :math:`k`.

    Seeds, as imbalanced-learn 0.14: ``rs = check_random_state(random_state)``; for each tree,
    in order, the tree's seed ``rs.randint(2**31 - 1)`` and then the sampler's.

    Differences from imbalanced-learn: the balanced samples are exactly imbalanced-learn's,
    but the trees draw their feature subsets from NumPy's generator, not from scikit-learn's
    C generator, so the trees (and the probabilities) agree in distribution, not bit for bit.
    With ``sample_weight`` and ``bootstrap`` the bootstrap is drawn uniformly and multiplies
    the weights (scikit-learn before 1.9; 1.9 draws it in proportion to the weights instead).
    There is no ``max_leaf_nodes``, cost-complexity pruning or
    ``class_weight="balanced_subsample"``, and NaN in ``X`` is an error.

    References
    ----------
    C. Chen, A. Liaw and L. Breiman, "Using random forest to learn imbalanced data",
    Technical Report 666, Department of Statistics, University of California, Berkeley, 2004.

    Examples
    --------
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(60, 4)); y = (X[:, 0] > 1).astype(int)
    >>> model = balanced_random_forest(X, y, n_estimators=3, random_state=0)
    >>> [np.bincount(y[rows]).tolist() for rows in model.sample_indices]
    [[14, 14], [14, 14], [14, 14]]
    """
    X, y, classes, y_encoded = check_classification_data(X, y, "A balanced random forest", dtype=np.float32)
    n_estimators = check_int(n_estimators, "n_estimators", minimum=1, hint="Use at least one tree, e.g. 100.")
    if not isinstance(bootstrap, (bool, np.bool_)):
        raise TypeError(f"bootstrap must be True or False, got {bootstrap!r}.")
    weights = None if sample_weight is None else check_sample_weight(sample_weight, X.shape[0])
    n_bootstrap = _n_bootstrap(max_samples, X.shape[0], weights)
    strategy = _encoded_strategy(sampling_strategy, y, classes, y_encoded)
    rs = check_random_state(random_state)
    if n_skip:
        rs.randint(MAX_INT, size=n_skip)
    trees, subsets, sampler_seeds, drawn_rows, tree_weights = [], [], [], [], []
    for _ in range(n_estimators):
        tree_seed, sampler_seed = int(rs.randint(MAX_INT)), int(rs.randint(MAX_INT))  # interleaved
        _, _, rows = _random_under_sample(X, y_encoded, strategy, sampler_seed, replacement)
        w = None if weights is None else weights[rows]
        if bootstrap:  # an ordinary bootstrap of the balanced sample, as counts, from the tree's seed
            drawn = np.random.RandomState(tree_seed).randint(0, rows.size, min(n_bootstrap or rows.size, rows.size))
            counts = np.bincount(drawn, minlength=rows.size).astype(np.float64)
            w = counts if w is None else w * counts
        trees.append(DecisionTreeClassifier(criterion=criterion, max_depth=max_depth,
                                            min_samples_split=min_samples_split, min_samples_leaf=min_samples_leaf,
                                            max_features=max_features, random_state=tree_seed,
                                            class_weight=class_weight))
        subsets.append(rows)
        tree_weights.append(w)
        sampler_seeds.append(sampler_seed)
        drawn_rows.append(drawn if bootstrap else None)
    _fit_trees(trees, X, y_encoded, classes.size, subsets, tree_weights)
    return Bunch(classes=classes, estimators=trees, sample_indices=subsets, sampler_seeds=sampler_seeds,
                 strategy=strategy, bootstrap_indices=drawn_rows)


def _fit_trees(trees, X, y_encoded, n_classes, subsets, tree_weights):
    """Fit ``trees[t]`` on ``X[subsets[t]]``: all at once (the same trees) when each sample has every class."""
    if all(np.unique(y_encoded[rows]).size == n_classes for rows in subsets):
        params = trees[0].get_params()
        del params["random_state"]
        grown = grow_trees(X, y_encoded, subsets, sample_weights=tree_weights,
                           random_states=[tree.random_state for tree in trees], **params)
        for tree, g in zip(trees, grown):
            tree._set_grown(g, X.shape[1])
    else:  # a class missing from a sample: that tree has fewer classes, so each tree grows on its own
        for tree, rows, w in zip(trees, subsets, tree_weights):
            tree.fit(X[rows], y_encoded[rows], sample_weight=w)


def _n_bootstrap(max_samples, n_samples, weights):
    """The size of each tree's bootstrap before it is capped by its sample's size; None: the sample's size."""
    if max_samples is None:
        return None
    if isinstance(max_samples, numbers.Integral) and not isinstance(max_samples, bool):
        return check_int(max_samples, "max_samples", minimum=1, hint="Use None for the whole balanced sample.")
    if isinstance(max_samples, numbers.Real) and not isinstance(max_samples, bool) and 0 < max_samples <= 1:
        total = n_samples if weights is None else weights.sum()
        return max(int(max_samples * total), 1)
    raise ValueError(
        f"max_samples must be None, a positive integer or a float in (0, 1], got {_short(max_samples)}. "
        "Use None for the whole balanced sample."
    )


def _oob_decision(trees, sample_indices, bootstrap_indices, X, n_classes):
    r"""Out-of-bag class probabilities: each row's mean over the trees that did not draw it.

    A row of tree :math:`t`'s balanced sample that its bootstrap missed is out of bag for
    :math:`t`; its probabilities are averaged over those trees, as imbalanced-learn does (a
    row that is out of bag for no tree gets zeros, with a warning). Returns (probabilities of
    shape (n_samples, K), count of trees per row).
    """
    proba = np.zeros((X.shape[0], n_classes))
    counts = np.zeros(X.shape[0], dtype=np.int64)
    for tree, rows, drawn in zip(trees, sample_indices, bootstrap_indices):
        unsampled = np.flatnonzero(np.bincount(drawn, minlength=rows.size) == 0)
        indices = rows[unsampled]
        proba[indices] += average_proba([tree], X[indices], n_classes)  # a row drawn twice counts once
        counts[indices] += 1
    if np.any(counts == 0):
        warnings.warn("Some inputs do not have OOB scores. This probably means too few trees were used "
                      "to compute any reliable OOB estimates.", UserWarning, stacklevel=3)
    return proba / np.maximum(counts, 1)[:, None], counts


class BalancedRandomForestClassifier(_AveragedMembers):
    r"""A balanced random forest with imbalanced-learn's interface; a shell around :func:`balanced_random_forest`.

    ``n_jobs`` and ``verbose`` are accepted for compatibility and ignored. ``len(clf)``,
    ``clf[i]`` and ``for tree in clf`` go through ``estimators_``.

    Attributes
    ----------
    classes_, n_classes_, n_features_in_ :
        As in scikit-learn.
    estimator_ : DecisionTreeClassifier
        The unfitted template of a tree.
    estimators_ : list of DecisionTreeClassifier
        The fitted trees, on the encoded labels 0..K-1.
    samplers_ : list of RandomUnderSampler
        Each tree's fitted undersampler (its seed, strategy and ``sample_indices_``), as
        imbalanced-learn's: ``samplers_[t].fit_resample(X, y)`` draws tree t's rows again.
    pipelines_ : list of SamplerPipeline
        Copies of each sampler and tree, as imbalanced-learn's ``make_pipeline(sampler, tree)``
        (steps ``"randomundersampler"`` and ``"decisiontreeclassifier"``).
    estimators_samples_ : list of ndarray
        The rows of ``X`` behind each tree (``samplers_[t].sample_indices_``).
    feature_importances_ : ndarray of shape (n_features,)
        The trees' mean decrease in impurity, averaged and normalised to sum to 1 (scikit-learn's rule).
    oob_score_ : float
        With ``oob_score=True``: the accuracy of the out-of-bag prediction on the training rows.
    oob_decision_function_ : ndarray of shape (n_samples, K)
        With ``oob_score=True``: each training row's mean probability over the trees whose
        bootstrap missed it (zeros, with a warning, if none did).

    Differences from imbalanced-learn: NaN in ``X`` raises a ``ValueError`` naming ``X``
    (imbalanced-learn's trees route missing values); ``ccp_alpha``, ``max_leaf_nodes``,
    ``min_weight_fraction_leaf``, ``min_impurity_decrease`` and ``monotonic_cst`` are not
    parameters; ``oob_score`` takes True or False, not a scoring function; the out-of-bag rows
    of a tree are those its own bootstrap missed (imbalanced-learn recomputes the bootstrap
    size for them, which differs when an integer or float ``max_samples`` exceeds the
    balanced sample); the members of ``pipelines_`` are negedu's ``SamplerPipeline``.

    Examples
    --------
    >>> rng = np.random.RandomState(2)
    >>> X = rng.normal(size=(80, 4)); y = (X[:, 0] > 0.9).astype(int)
    >>> clf = BalancedRandomForestClassifier(n_estimators=5, random_state=0).fit(X, y)
    >>> clf.predict_proba(X[:3]).sum(axis=1).round(12).tolist()
    [1.0, 1.0, 1.0]
    """

    _member = "tree"
    _default_count = 100

    def __init__(self, n_estimators=100, *, criterion="gini", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, max_features="sqrt", bootstrap=False, sampling_strategy="all",
                 replacement=True, oob_score=False, n_jobs=None, random_state=None, verbose=0, warm_start=False,
                 class_weight=None, max_samples=None):
        self.n_estimators = n_estimators
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.bootstrap = bootstrap
        self.sampling_strategy = sampling_strategy
        self.replacement = replacement
        self.oob_score = oob_score
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
        self.class_weight = class_weight
        self.max_samples = max_samples

    def fit(self, X, y, sample_weight=None):
        """Grow the trees (only the new ones with ``warm_start``); returns ``self``."""
        if not isinstance(self.oob_score, (bool, np.bool_)):
            raise TypeError(f"oob_score must be True or False, got {_short(self.oob_score)}. "
                            "negedu scores out of bag by accuracy only.")
        if self.oob_score and not self.bootstrap:
            raise ValueError("Out of bag estimation only available if bootstrap=True: with bootstrap=False every "
                             "row of a tree's balanced sample is in its bag. Set bootstrap=True or oob_score=False.")
        n_existing, n_new = self._n_new_members()
        if n_new == 0:
            return self
        model = balanced_random_forest(
            X, y, n_estimators=n_new, criterion=self.criterion, max_depth=self.max_depth,
            min_samples_split=self.min_samples_split, min_samples_leaf=self.min_samples_leaf,
            max_features=self.max_features, bootstrap=self.bootstrap, sampling_strategy=self.sampling_strategy,
            replacement=self.replacement, random_state=self.random_state, class_weight=self.class_weight,
            sample_weight=sample_weight, max_samples=self.max_samples, n_skip=n_existing,
        )
        self._add_members(model, n_existing, X)
        self._bootstrap_indices = (self._bootstrap_indices if n_existing else []) + model.bootstrap_indices
        if self.oob_score:
            X = check_array(X, "X", copy=False).astype(np.float32)
            y_encoded = np.searchsorted(self.classes_, np.asarray(y).ravel())
            self.oob_decision_function_, _ = _oob_decision(
                self.estimators_, self.estimators_samples_, self._bootstrap_indices, X, self.n_classes_)
            self.oob_score_ = float(np.mean(np.argmax(self.oob_decision_function_, axis=1) == y_encoded))
        return self

    @property
    def estimator_(self):
        """The unfitted template of a tree."""
        self._check_fitted("estimator_")
        return DecisionTreeClassifier()

    def _members(self, model, samplers):
        pipelines = [SamplerPipeline([("randomundersampler", copy.deepcopy(s)), ("decisiontreeclassifier",
                                                                                 copy.deepcopy(t))])
                     for s, t in zip(samplers, model.estimators)]
        return {"estimators_": model.estimators, "samplers_": samplers, "pipelines_": pipelines}

    @property
    def feature_importances_(self):
        """The trees' mean decrease in impurity, averaged over the trees that split, normalised to sum to 1."""
        self._check_fitted("feature_importances_")
        per_tree = [tree.feature_importances_ for tree in self.estimators_ if tree.tree_.node_count > 1]
        if not per_tree:
            return np.zeros(self.n_features_in_)
        mean = np.mean(per_tree, axis=0)
        return mean / np.sum(mean)
