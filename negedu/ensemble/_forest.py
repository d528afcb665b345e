r"""Balanced random forest (Chen, Liaw and Breiman, 2004): each tree grows on its own balanced bootstrap."""

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import check_int, check_random_state, check_sample_weight
from negedu.ensemble._base import MAX_INT, check_classification_data
from negedu.ensemble._easy_ensemble import _AveragedMembers, _encoded_strategy
from negedu.ensemble._tree import DecisionTreeClassifier
from negedu.resampling._random_under import _random_under_sample

__all__ = ["balanced_random_forest", "BalancedRandomForestClassifier"]


def balanced_random_forest(X, y, *, n_estimators=100, criterion="gini", max_depth=None, min_samples_split=2,
                           min_samples_leaf=1, max_features="sqrt", bootstrap=False, sampling_strategy="all",
                           replacement=True, random_state=None, class_weight=None, sample_weight=None,
                           n_skip=0):
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
    n_skip : int, default=0
        Trees fitted before (warm start): one draw skipped per tree, as in imbalanced-learn.

    Returns
    -------
    model : Bunch
        ``classes``, ``estimators`` (the T fitted trees, on encoded labels),
        ``sample_indices`` (each tree's rows of ``X``) and ``sampler_seeds``.

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
    There is no out-of-bag score, ``max_samples``, ``max_leaf_nodes``, cost-complexity pruning
    or ``class_weight="balanced_subsample"``, and NaN in ``X`` is an error.

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
    strategy = _encoded_strategy(sampling_strategy, y, classes, y_encoded)
    rs = check_random_state(random_state)
    if n_skip:
        rs.randint(MAX_INT, size=n_skip)
    trees, subsets, sampler_seeds = [], [], []
    for _ in range(n_estimators):
        tree_seed, sampler_seed = int(rs.randint(MAX_INT)), int(rs.randint(MAX_INT))  # interleaved
        _, _, rows = _random_under_sample(X, y_encoded, strategy, sampler_seed, replacement)
        w = None if weights is None else weights[rows]
        if bootstrap:  # an ordinary bootstrap of the balanced sample, as counts, from the tree's seed
            drawn = np.random.RandomState(tree_seed).randint(0, rows.size, rows.size)
            counts = np.bincount(drawn, minlength=rows.size).astype(np.float64)
            w = counts if w is None else w * counts
        tree = DecisionTreeClassifier(criterion=criterion, max_depth=max_depth, min_samples_split=min_samples_split,
                                      min_samples_leaf=min_samples_leaf, max_features=max_features,
                                      random_state=tree_seed, class_weight=class_weight)
        trees.append(tree.fit(X[rows], y_encoded[rows], sample_weight=w))
        subsets.append(rows)
        sampler_seeds.append(sampler_seed)
    return Bunch(classes=classes, estimators=trees, sample_indices=subsets, sampler_seeds=sampler_seeds)


class BalancedRandomForestClassifier(_AveragedMembers):
    r"""A balanced random forest with imbalanced-learn's interface; a shell around :func:`balanced_random_forest`.

    ``n_jobs`` and ``verbose`` are accepted for compatibility and ignored.

    Attributes
    ----------
    classes_, n_classes_, n_features_in_ :
        As in scikit-learn.
    estimators_ : list of DecisionTreeClassifier
    estimators_samples_ : list of ndarray
        The rows of ``X`` behind each tree (imbalanced-learn's ``samplers_[t].sample_indices_``).

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
                 replacement=True, n_jobs=None, random_state=None, verbose=0, warm_start=False, class_weight=None):
        self.n_estimators = n_estimators
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.bootstrap = bootstrap
        self.sampling_strategy = sampling_strategy
        self.replacement = replacement
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
        self.class_weight = class_weight

    def fit(self, X, y, sample_weight=None):
        """Grow the trees (only the new ones with ``warm_start``); returns ``self``."""
        n_existing, n_new = self._n_new_members()
        if n_new == 0:
            return self
        model = balanced_random_forest(
            X, y, n_estimators=n_new, criterion=self.criterion, max_depth=self.max_depth,
            min_samples_split=self.min_samples_split, min_samples_leaf=self.min_samples_leaf,
            max_features=self.max_features, bootstrap=self.bootstrap, sampling_strategy=self.sampling_strategy,
            replacement=self.replacement, random_state=self.random_state, class_weight=self.class_weight,
            sample_weight=sample_weight, n_skip=n_existing,
        )
        return self._add_members(model, n_existing, X)
