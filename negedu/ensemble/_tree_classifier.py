r"""The CART tree as an estimator: scikit-learn's ``DecisionTreeClassifier`` interface and ``tree_`` arrays."""

import numpy as np

from negedu.ensemble._base import BaseEstimator
from negedu.ensemble._tree import tree_apply
from negedu.ensemble._tree_batch import apply_trees, grow_trees

__all__ = ["Tree", "DecisionTreeClassifier", "members_proba", "members_predict"]


class Tree:
    r"""A fitted tree's arrays with scikit-learn's names and conventions (``DecisionTreeClassifier.tree_``).

    Built from what :func:`grow_tree` returns. Node 0 is the root, nodes are numbered depth
    first with the left child first (scikit-learn's order); at a leaf ``children_left`` and
    ``children_right`` are -1, ``feature`` is -2 and ``threshold`` -2.0. ``value`` has
    scikit-learn's shape (node_count, 1, K) and holds, as scikit-learn 1.4+ does, each node's
    weighted class shares :math:`w_k / w`; ``weighted_n_node_samples`` holds :math:`w`.

    Attributes
    ----------
    node_count, max_depth, n_leaves, n_features, n_outputs : int
    n_classes : ndarray of shape (1,)
    children_left, children_right, feature, n_node_samples : ndarray of int64
    threshold, impurity, weighted_n_node_samples : ndarray of float64
    value : ndarray of shape (node_count, 1, K)
    """

    n_outputs = 1

    def __init__(self, grown, n_features):
        for name in ("feature", "threshold", "children_left", "children_right", "n_node_samples", "impurity"):
            setattr(self, name, grown[name])
        self.weighted_n_node_samples = grown.value.sum(axis=1)
        self.value = (grown.value / grown.value.sum(axis=1, keepdims=True))[:, None, :]
        self.node_count = int(grown.feature.size)
        self.max_depth = int(grown.depth.max())
        self.n_leaves = int(np.sum(grown.children_left == -1))
        self.n_features = int(n_features)
        self.n_classes = np.array([grown.value.shape[1]], dtype=np.int64)

    def compute_feature_importances(self, normalize=True):
        r"""Mean decrease in impurity of each feature, as scikit-learn computes it.

        Each split of node :math:`n` on feature :math:`j` adds :math:`w_n G_n - w_L G_L - w_R G_R`
        to feature :math:`j`; the sums are divided by the root's weight :math:`w_0` and, with
        ``normalize``, by their total (when it is positive).
        """
        importances = np.zeros(self.n_features)
        w, g = self.weighted_n_node_samples, self.impurity
        for node in np.flatnonzero(self.children_left != -1):
            left, right = self.children_left[node], self.children_right[node]
            importances[self.feature[node]] += w[node] * g[node] - w[left] * g[left] - w[right] * g[right]
        importances /= w[0]
        total = importances.sum()
        if normalize and total > 0.0:
            importances /= total
        return importances


class DecisionTreeClassifier(BaseEstimator):
    r"""CART classification tree with scikit-learn's interface; a thin shell around :func:`grow_tree`
    (grown by its fast twin ``grow_trees``, which gives the same nodes).

    Attributes
    ----------
    classes_ : ndarray of shape (K,)
    n_classes_, n_features_in_ : int
    tree_ : Tree
        The fitted nodes with scikit-learn's names and conventions: ``node_count``,
        ``max_depth``, ``children_left`` / ``children_right``, ``feature``, ``threshold``,
        ``value`` (weighted class shares, shape (node_count, 1, K)), ``impurity``, ...
    feature_importances_ : ndarray of shape (n_features,)
        Mean decrease in impurity, normalised to sum to 1, as scikit-learn's.

    Differences from scikit-learn (see :func:`grow_tree`): NaN in ``X`` raises a
    ``ValueError`` naming ``X`` (no missing-value support); there is no ``splitter``,
    ``max_leaf_nodes``, ``min_weight_fraction_leaf``, ``min_impurity_decrease`` or ``ccp_alpha``.

    Examples
    --------
    >>> clf = DecisionTreeClassifier(max_depth=1).fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])
    >>> clf.predict([[0.4], [2.6]]).tolist(), clf.predict_proba([[1.6]]).tolist()
    ([0, 1], [[0.0, 1.0]])
    """

    def __init__(self, *, criterion="gini", max_depth=None, min_samples_split=2, min_samples_leaf=1,
                 max_features=None, random_state=None, class_weight=None):
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.random_state = random_state
        self.class_weight = class_weight

    def fit(self, X, y, sample_weight=None):
        """Grow the tree on ``X``, ``y``; returns ``self``."""
        grown, = grow_trees(
            X, y, [np.arange(np.shape(X)[0] if np.ndim(X) == 2 else 0)], sample_weights=[sample_weight],
            random_states=[self.random_state], criterion=self.criterion, max_depth=self.max_depth,
            min_samples_split=self.min_samples_split, min_samples_leaf=self.min_samples_leaf,
            max_features=self.max_features, class_weight=self.class_weight,
        )
        return self._set_grown(grown, int(np.shape(X)[1]))

    def _set_grown(self, grown, n_features):
        """Take the nodes :func:`grow_tree` (or ``grow_trees``) grew as the fitted tree; returns ``self``."""
        self.classes_ = grown.classes
        self.n_classes_ = self.classes_.size
        self.n_features_in_ = n_features
        self.tree_ = Tree(grown, n_features)
        return self

    @property
    def feature_importances_(self):
        """Mean decrease in impurity of each feature, normalised to sum to 1 (scikit-learn's)."""
        self._check_fitted("feature_importances_", "tree_")
        return self.tree_.compute_feature_importances()

    def get_depth(self):
        """The depth of the tree: the most splits from the root to a leaf."""
        self._check_fitted("get_depth", "tree_")
        return self.tree_.max_depth

    def get_n_leaves(self):
        """The number of leaves."""
        self._check_fitted("get_n_leaves", "tree_")
        return self.tree_.n_leaves

    def apply(self, X):
        """The id of the leaf each sample ends in."""
        X = self._check_predict_X(X, "apply")
        return tree_apply(self.tree_, X)

    def predict_proba(self, X):
        r"""The weighted class shares of each sample's leaf, :math:`w_k / w`; shape (n_samples, K)."""
        X = self._check_predict_X(X, "predict_proba")
        return self.tree_.value[tree_apply(self.tree_, X), 0, :]

    def predict(self, X):
        """The class with the largest leaf weight (the first on ties)."""
        self._check_fitted("predict")
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


def _walked_together(estimators, X, method):
    """The leaves of X in every member, walked together, when all are fitted negedu trees; else None."""
    if not estimators or not all(type(m) is DecisionTreeClassifier for m in estimators):
        return None
    for member in estimators:
        member._check_fitted(method, "tree_")
    X = estimators[0]._check_predict_X(X, method)
    return apply_trees([m.tree_ for m in estimators], X)


def members_proba(estimators, X):
    """Each member's ``predict_proba(X)``, one after another; negedu trees are walked all together.

    When every member is a fitted negedu ``DecisionTreeClassifier``, ``X`` is checked once and
    their leaves come from one walk (:func:`~negedu.ensemble._tree_batch.apply_trees`);
    otherwise each member's own ``predict_proba`` runs.
    """
    leaves = _walked_together(estimators, X, "predict_proba")
    for t, member in enumerate(estimators):
        yield np.asarray(member.predict_proba(X)) if leaves is None else np.take(member.tree_.value[:, 0, :],
                                                                                 leaves[:, t], axis=0)


def members_predict(estimators, X):
    """Each member's ``predict(X)``, one after another; negedu trees are walked all together."""
    leaves = _walked_together(estimators, X, "predict")
    for t, member in enumerate(estimators):
        if leaves is None:
            yield np.asarray(member.predict(X))
        else:  # each node's class, then each row's leaf's
            yield member.classes_[np.argmax(member.tree_.value[:, 0, :], axis=1)[leaves[:, t]]]
