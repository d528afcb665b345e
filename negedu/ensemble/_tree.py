r"""A readable CART decision tree (Breiman, Friedman, Olshen and Stone, 1984), vectorised per node."""

import numbers

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import (_short, check_array, check_choice, check_int, check_random_state,
                                check_sample_weight)
from negedu.ensemble._base import check_classification_data

__all__ = ["grow_tree", "tree_apply"]

FEATURE_THRESHOLD = 1e-7  # two feature values closer than this count as equal (as in scikit-learn)
EPSILON = np.finfo(np.float64).eps  # a node whose impurity is at most this is pure


def _scale_to_one(W):
    r"""``(W / 2**e, e)`` with the largest entry of ``W / 2**e`` in :math:`[1/2, 1)`.

    Dividing by a power of two only changes exponents, so it is exact (for weights spanning less
    than about 300 orders of magnitude): sums, shares and comparisons of the scaled weights are
    those of ``W``, scaled, bit for bit.
    """
    e = int(np.frexp(np.max(W))[1])
    return np.ldexp(W, -e), e


def _impurity(counts, totals, criterion):
    r"""Gini :math:`1 - \sum_k (w_k / w)^2` or entropy :math:`-\sum_k p_k \log_2 p_k` of class weights.

    ``counts`` has shape (..., K) (weight of each class), ``totals`` shape (...) (their sum).
    """
    totals = totals[..., None]
    if criterion == "gini":
        return 1.0 - np.sum(counts * counts, axis=-1) / (totals[..., 0] * totals[..., 0])
    with np.errstate(divide="ignore", invalid="ignore"):
        p = counts / totals
        terms = np.where(p > 0, p * (np.log(p) / np.log(2.0)), 0.0)  # 0 log 0 = 0
    return -np.sum(terms, axis=-1)


def _best_split(X_node, W_node, features, criterion, min_samples_leaf):
    r"""The best threshold of each candidate feature at once; returns (feature, threshold) or None.

    ``X_node`` (n, F) holds the node's samples, ``W_node`` (n, K) the weight of each sample in
    the column of its class (zero elsewhere), scaled so that the largest is about 1 (then no
    square of a class weight overflows or underflows). ``features`` lists the candidate columns
    in the order they are visited: on an exact tie the first one wins.
    """
    n = X_node.shape[0]
    Xf = X_node[:, features]  # (n, m)
    order = np.argsort(Xf, axis=0, kind="stable")  # (n, m): each column sorted on its own
    x_sorted = np.take_along_axis(Xf, order, axis=0)  # (n, m)
    left = np.cumsum(W_node[order], axis=0)[:-1]  # (n-1, m, K): class weights of the first i+1 samples
    w_left = np.cumsum(W_node.sum(axis=1)[order], axis=0)[:-1]  # (n-1, m)
    total = W_node.sum(axis=0)  # (K,)
    w_total = w_left[-1] + W_node.sum(axis=1)[order[-1]]  # (m,) = the node's weight, per column
    # as in scikit-learn, right = total - left: where only weights below the rounding of the node's
    # weight are left on the right, w_right rounds to 0 and the proxy is NaN (ruled out below)
    right, w_right = total - left, w_total - w_left
    # proxy of the impurity decrease, -(w_R G_R + w_L G_L), which orders splits as the decrease does
    with np.errstate(divide="ignore", invalid="ignore"):
        proxy = -w_right * _impurity(right, w_right, criterion) - w_left * _impurity(left, w_left, criterion)
    n_left = np.arange(1, n)[:, None]  # (n-1, 1)
    valid = (
        (x_sorted[1:] > x_sorted[:-1] + FEATURE_THRESHOLD)  # a threshold between two distinct values
        & (n_left >= min_samples_leaf)
        & (n - n_left >= min_samples_leaf)
        & ~np.isnan(proxy)  # a side of zero weight (0/0) is no split, and NaN must never win argmax
    )
    proxy = np.where(valid, proxy, -np.inf)
    best_pos = np.argmax(proxy, axis=0)  # (m,) first best position of each feature
    best_proxy = proxy[best_pos, np.arange(len(features))]
    j = int(np.argmax(best_proxy))  # the first feature with the best proxy (strictly better wins)
    if not np.isfinite(best_proxy[j]):
        return None
    i = best_pos[j]
    lo, hi = np.float64(x_sorted[i, j]), np.float64(x_sorted[i + 1, j])
    threshold = lo / 2.0 + hi / 2.0  # the midpoint, as a float64 from float32 values
    if threshold == hi:  # rounding reached the upper value: fall back to the lower one
        threshold = lo
    return int(features[j]), float(threshold)


def _n_features_to_try(max_features, n_features):
    if max_features is None:
        return n_features
    if isinstance(max_features, str):
        check_choice(max_features, "max_features", ["sqrt", "log2"])
        f = np.sqrt if max_features == "sqrt" else np.log2
        return max(1, int(f(n_features)))
    if isinstance(max_features, numbers.Integral) and not isinstance(max_features, bool):
        return check_int(max_features, "max_features", minimum=1, maximum=n_features,
                         hint="Use at most the number of features, or None for all of them.")
    if isinstance(max_features, numbers.Real) and not isinstance(max_features, bool) and 0 < max_features <= 1:
        return max(1, int(max_features * n_features))
    raise ValueError(
        f"max_features must be None, 'sqrt', 'log2', an integer in [1, {n_features}] or a float in "
        f"(0, 1], got {_short(max_features)}. Use 'sqrt' for a random forest or None for all features."
    )


def _class_weights(class_weight, classes, y_encoded):
    """The weight of each class (array of shape (K,)) from None, 'balanced' or a dict."""
    if class_weight is None:
        return np.ones(classes.size)
    if isinstance(class_weight, str):
        check_choice(class_weight, "class_weight", ["balanced"])
        counts = np.bincount(y_encoded, minlength=classes.size).astype(np.float64)
        return y_encoded.size / (classes.size * counts)  # n / (K n_k)
    if isinstance(class_weight, dict):
        unknown = [k for k in class_weight if k not in set(classes.tolist())]
        if unknown:
            raise ValueError(
                f"class_weight has keys {_short(unknown)} that are not classes of y "
                f"({_short(classes.tolist())}). Use the labels of y as keys."
            )
        return np.array([float(class_weight.get(c, 1.0)) for c in classes.tolist()])
    raise TypeError(
        f"class_weight must be None, 'balanced' or a dict {{label: weight}}, got {_short(class_weight)}."
    )


def _check_growth(criterion, max_depth, min_samples_split, min_samples_leaf):
    """Check the growth parameters; returns (max_depth, min_samples_split, min_samples_leaf)."""
    check_choice(criterion, "criterion", ["gini", "entropy"])
    if max_depth is not None:
        max_depth = check_int(max_depth, "max_depth", minimum=1, hint="Use None to grow until the leaves are pure.")
    return (max_depth, check_int(min_samples_split, "min_samples_split", minimum=2),
            check_int(min_samples_leaf, "min_samples_leaf", minimum=1))


def _tree_weights(sample_weight, class_weight, classes, y_encoded):
    """Each sample's weight times its class's weight; raises if every one is 0."""
    weights = check_sample_weight(sample_weight, y_encoded.size)
    weights = weights * _class_weights(class_weight, classes, y_encoded)[y_encoded]
    if not (weights > 0).any():
        raise ValueError(
            "sample_weight (times class_weight) is 0 for every sample, so the tree has nothing to fit. "
            "Give some samples a positive weight."
        )
    return weights


def grow_tree(X, y, *, criterion="gini", max_depth=None, min_samples_split=2, min_samples_leaf=1,
              max_features=None, random_state=None, sample_weight=None, class_weight=None):
    r"""Grow a CART classification tree: split each node on the threshold that most lowers impurity.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Finite numbers; cast to float32, as scikit-learn's trees do.
    y : array-like of shape (n_samples,)
        Class labels, at least two classes.
    criterion : {"gini", "entropy"}, default="gini"
        The impurity :math:`G` of a node.
    max_depth : int or None, default=None
        The deepest a leaf may be (the root has depth 0); None grows until the leaves are pure.
    min_samples_split : int, default=2
        A node with fewer samples is a leaf.
    min_samples_leaf : int, default=1
        Each child of a split keeps at least this many samples.
    max_features : None, "sqrt", "log2", int or float, default=None
        How many features each node tries: all (None), :math:`\lfloor\sqrt F\rfloor`,
        :math:`\lfloor\log_2 F\rfloor`, a number, or a share of :math:`F` (at least 1).
    random_state : None, int or numpy.random.RandomState, default=None
        Seed of the features each node tries, used only when ``max_features`` < :math:`F`.
    sample_weight : array-like of shape (n_samples,), default=None
        Weight of each sample (1 by default), anywhere in :math:`[0, 10^{300}]`. Samples of
        weight 0 are left out: they give no threshold and do not count in ``n_node_samples``
        or ``min_samples_leaf``.
    class_weight : None, "balanced" or dict, default=None
        Multiplies the weight of each sample of class :math:`k` by :math:`c_k`;
        ``"balanced"`` uses :math:`c_k = n / (K n_k)`.

    Returns
    -------
    tree : Bunch
        ``classes`` (K sorted labels), and one entry per node, in depth-first order with the
        left child first (node 0 is the root): ``feature`` and ``threshold`` of the split
        (-2 at a leaf), ``children_left`` / ``children_right`` (-1 at a leaf), ``value``
        (K weighted class counts), ``n_node_samples``, ``impurity`` and ``depth``.

    Raises
    ------
    ValueError
        If ``X`` holds NaN or infinity, ``X`` and ``y`` differ in length, ``y`` has one class,
        every weight is 0, or a parameter is out of range.

    Notes
    -----
    A node with weighted class counts :math:`w_k` (total :math:`w`) has Gini impurity
    :math:`G = 1 - \sum_k (w_k/w)^2` or entropy :math:`G = -\sum_k (w_k/w)\log_2(w_k/w)`.
    A split sends the samples with :math:`x_j \le t` left (L) and the others right (R), and
    lowers the impurity by

    .. math:: \Delta = G - \frac{w_L}{w} G_L - \frac{w_R}{w} G_R .

    For each candidate feature the node's samples are sorted once; cumulative sums of the
    class weights give :math:`(w_{L,k})` for every threshold at once, so the impurity of
    every split is one vector expression. The thresholds are the midpoints of consecutive
    distinct values (float32 values, float64 midpoint). The best split maximises
    :math:`-(w_L G_L + w_R G_R)`, which orders the splits as :math:`\Delta` does; only a
    strictly larger value replaces the best so far, so the lowest threshold of the first
    feature tried wins a tie. Every node that is not pure, deep enough or too small is
    split, even when the best :math:`\Delta` is 0 (as in scikit-learn).

    Numerics: the search runs on the weights divided by a power of two that brings the largest
    to :math:`[1/2, 1)`. That is exact, so the tree is the same for weights scaled by any power
    of two, and squares of class weights neither overflow (weights near :math:`10^{300}`) nor
    underflow (near :math:`10^{-300}`), as long as the weights span fewer than about 150
    orders of magnitude. As in scikit-learn, the right side's weights are the node's minus the
    left side's, so where only tiny weights remain on the right they round to 0 or to noise of
    the order of the rounding of the node's weight; a side of weight 0 (from rounding or from
    zero weights) gives a NaN impurity and is never chosen.

    Differences from scikit-learn: with ``max_features=None`` the tree equals scikit-learn's
    ``DecisionTreeClassifier`` whenever no two features tie for the best split of a node;
    scikit-learn visits the features in an order drawn from its own C generator, so an exact
    tie between two features (likely in small nodes) may pick another feature here. With
    ``max_features`` below :math:`F` each node tries the first ``max_features``
    non-constant features of a permutation drawn from NumPy's ``RandomState``, so the trees
    are as random as scikit-learn's but not the same trees. There is no cost-complexity
    pruning, no ``max_leaf_nodes``, no missing-value support and ``min_samples_split`` is an
    integer only.

    See Also
    --------
    negedu.ensemble._tree_batch.grow_trees : grows many trees at once, a batch of nodes per
        NumPy step, to the same nodes bit for bit (the estimators use it; this is the version to read).

    References
    ----------
    L. Breiman, J. H. Friedman, R. A. Olshen and C. J. Stone, *Classification and Regression
    Trees*, Wadsworth, 1984.

    Examples
    --------
    >>> tree = grow_tree([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])
    >>> tree.feature.tolist(), tree.threshold.tolist(), tree.value.tolist()
    ([0, -2, -2], [1.5, -2.0, -2.0], [[2.0, 2.0], [2.0, 0.0], [0.0, 2.0]])
    """
    X, y, classes, y_encoded = check_classification_data(X, y, "A decision tree", dtype=np.float32)
    max_depth, min_samples_split, min_samples_leaf = _check_growth(criterion, max_depth, min_samples_split,
                                                                   min_samples_leaf)
    n_samples, n_features = X.shape
    n_try = _n_features_to_try(max_features, n_features)
    weights = _tree_weights(sample_weight, class_weight, classes, y_encoded)
    # the generator is only needed (and only built: RandomState(seed) is slow) for feature subsets
    rs = check_random_state(random_state) if n_try < n_features else None

    W = np.zeros((n_samples, classes.size))  # (n, K): each sample's weight in its class column
    W[np.arange(n_samples), y_encoded] = weights
    # the search runs on W / 2**e, largest weight in [1/2, 1): exact, so the same splits as on W, and
    # with weights up to 1e300 or down to 1e-300 no square of a class weight overflows or underflows
    W, e = _scale_to_one(W)
    nodes = []  # dicts, appended in depth-first order, left child first
    # (rows, depth, parent, is_left); rows of weight 0 take no part (as in scikit-learn)
    stack = [(np.flatnonzero(weights > 0), 0, -1, False)]
    while stack:
        rows, depth, parent, is_left = stack.pop()
        node_id = len(nodes)
        if parent >= 0:
            nodes[parent]["left" if is_left else "right"] = node_id
        value = W[rows].sum(axis=0)
        impurity = float(_impurity(value, np.array(value.sum()), criterion))
        node = {"feature": -2, "threshold": -2.0, "left": -1, "right": -1, "value": value,
                "n": rows.size, "impurity": impurity, "depth": depth}
        nodes.append(node)
        if ((max_depth is not None and depth >= max_depth) or rows.size < min_samples_split
                or rows.size < 2 * min_samples_leaf or impurity <= EPSILON):
            continue
        X_node = X[rows]
        span = X_node.max(axis=0) - X_node.min(axis=0)
        order = np.arange(n_features) if n_try == n_features else rs.permutation(n_features)
        candidates = order[span[order] > FEATURE_THRESHOLD][:n_try]  # constant features never count
        if candidates.size == 0:
            continue
        split = _best_split(X_node, W[rows], candidates, criterion, min_samples_leaf)
        if split is None:
            continue
        node["feature"], node["threshold"] = split
        # compared in float64, as tree_apply does: a Python float would be rounded to float32 first
        goes_left = X_node[:, split[0]] <= np.float64(split[1])
        stack.append((rows[~goes_left], depth + 1, node_id, False))
        stack.append((rows[goes_left], depth + 1, node_id, True))  # popped first: left child next

    return Bunch(
        classes=classes,
        feature=np.array([nd["feature"] for nd in nodes], dtype=np.int64),
        threshold=np.array([nd["threshold"] for nd in nodes], dtype=np.float64),
        children_left=np.array([nd["left"] for nd in nodes], dtype=np.int64),
        children_right=np.array([nd["right"] for nd in nodes], dtype=np.int64),
        value=np.ldexp(np.array([nd["value"] for nd in nodes], dtype=np.float64), e),  # exact: W, unscaled
        n_node_samples=np.array([nd["n"] for nd in nodes], dtype=np.int64),
        impurity=np.array([nd["impurity"] for nd in nodes], dtype=np.float64),
        depth=np.array([nd["depth"] for nd in nodes], dtype=np.int64),
    )


def tree_apply(tree, X):
    r"""The leaf each row of ``X`` falls into: go left while :math:`x_j \le t`; returns node ids.

    All rows descend together, one level per step (a loop over depth, not over samples).
    """
    X = check_array(X, "X", copy=False).astype(np.float32, copy=False)
    node = np.zeros(X.shape[0], dtype=np.int64)
    while True:
        active = np.flatnonzero(tree.feature[node] >= 0)  # rows still at an internal node
        if active.size == 0:
            return node
        at = node[active]
        go_left = X[active, tree.feature[at]] <= tree.threshold[at]
        node[active] = np.where(go_left, tree.children_left[at], tree.children_right[at])
