r"""Many CART trees grown at once, a batch of nodes per NumPy step: the fast twin of :func:`grow_tree`.

:func:`grow_tree` reads like the algorithm: take a node, search its best split, push its
children. Here the same search runs on a whole batch of nodes at once (the top node of every
tree of a forest, or, when no feature subsets are drawn, every open node of every tree), with
segmented sorts and cumulative sums, so the Python loop runs once per batch instead of once per
node. The trees are the same, node for node and bit for bit (``tests/test_tree_batch.py``).

Why one node per tree when features are drawn: :func:`grow_tree` draws a permutation of the
features for each node it may split, in depth-first order. A node's draw therefore depends on
how many nodes its left neighbours' subtrees hold, which is known only once they are grown;
taking the top node of each tree's stack keeps that order, and the trees of a forest supply
the batch.
"""

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import _short, check_random_state
from negedu.ensemble._base import check_classification_data
from negedu.ensemble._tree import (EPSILON, FEATURE_THRESHOLD, _check_growth, _impurity, _n_features_to_try,
                                   _scale_to_one, _tree_weights)

__all__ = ["grow_trees", "apply_trees"]

_BATCH_CELLS = 2**23  # trees are grown in groups of at most this many (sample, feature) cells


def grow_trees(X, y, sample_indices, *, sample_weights=None, random_states=None, criterion="gini",
               max_depth=None, min_samples_split=2, min_samples_leaf=1, max_features=None, class_weight=None):
    r"""Grow one tree per entry of ``sample_indices``, all at once: tree t is ``grow_tree(X[idx_t], y[idx_t], ...)``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    sample_indices : list of T integer arrays
        The rows of ``X`` (repeats allowed) each tree grows on; each must hold every class of ``y``.
    sample_weights, random_states : list of T, default=None
        Tree t's ``sample_weight`` and ``random_state`` (None for all: unweighted, unseeded).
    criterion, max_depth, min_samples_split, min_samples_leaf, max_features, class_weight :
        As in :func:`grow_tree`, shared by all trees.

    Returns
    -------
    trees : list of T Bunch
        What ``grow_tree`` returns for each tree: the same nodes, numbered depth first.

    Notes
    -----
    Each step takes a batch of nodes and, for all of them at once, draws (per node, in
    :func:`grow_tree`'s order) the features to try, sorts each node's samples by each
    candidate feature (one sort of the keys (candidate, rank of the value)), accumulates the
    class weights along each sorted segment, scores every threshold with
    :math:`-(w_L G_L + w_R G_R)` and keeps the first best per node, as :func:`grow_tree`
    does. A node's samples stay in one segment of an index array, in their original order,
    and a split partitions that segment stably. The cumulative sums are those of
    :func:`grow_tree` bit for bit: with integer weights (the unweighted case, bootstrap
    counts) the class weights are summed as integers, unscaled, in one running sum over all
    segments, which is exact; with other weights each segment is summed on its own.
    """
    X, y, classes, y_encoded = check_classification_data(X, y, "A decision tree", dtype=np.float32)
    max_depth, min_samples_split, min_samples_leaf = _check_growth(criterion, max_depth, min_samples_split,
                                                                   min_samples_leaf)
    n_trees = len(sample_indices)
    n_features = X.shape[1]
    n_try = _n_features_to_try(max_features, n_features)
    sample_weights = [None] * n_trees if sample_weights is None else list(sample_weights)
    random_states = [None] * n_trees if random_states is None else list(random_states)
    rows, weights = [], []
    for t in range(n_trees):
        idx = np.asarray(sample_indices[t], dtype=np.int64)
        present = np.bincount(y_encoded[idx], minlength=classes.size) > 0
        if not present.all():
            raise ValueError(f"sample_indices[{t}] has no sample of class {_short(classes[~present].tolist())}: "
                             "every tree must see every class. Grow that tree with grow_tree.")
        rows.append(idx)
        weights.append(_tree_weights(sample_weights[t], class_weight, classes, y_encoded[idx]))
    rngs = [check_random_state(rs) for rs in random_states] if n_try < n_features else None
    trees, group = [], []
    for t in range(n_trees + 1):  # in groups of trees, so that memory stays bounded
        if t == n_trees or (group and sum(rows[g].size for g in group + [t]) * n_features > _BATCH_CELLS):
            trees += _grow_group(X, y_encoded, classes.size, [rows[g] for g in group], [weights[g] for g in group],
                                 None if rngs is None else [rngs[g] for g in group], n_try, criterion, max_depth,
                                 min_samples_split, min_samples_leaf)
            group = []
        group.append(t)
    for tree in trees:
        tree.classes = classes
    return trees


def _segments(starts, lengths):
    """Concatenated positions ``starts[j] + 0..lengths[j]-1``; with each one's segment, place in it, and offsets."""
    offsets = np.cumsum(lengths) - lengths  # where each segment begins in the concatenation
    segment = np.repeat(np.arange(lengths.size), lengths)
    everywhere = np.arange(int(lengths.sum()))
    return everywhere + np.repeat(starts - offsets, lengths), segment, everywhere - np.repeat(offsets, lengths), offsets


def _segment_cumsum(values, offsets, lengths):
    """Cumulative sums along axis 0 that restart at each segment: one ``np.cumsum`` per segment, as grow_tree sums."""
    return np.concatenate([np.cumsum(values[o:o + n], axis=0) for o, n in zip(offsets.tolist(), lengths.tolist())])


def _segment_cumsum_rows(values, offsets, lengths):
    """Integer cumulative sums along axis 1 of a (K, E) array that restart at each segment (``values`` is overwritten).

    Each segment's first value less the sum of the segment before it makes one running sum
    restart at every segment; in integers every partial sum is exact.
    """
    if offsets.size > 1:
        values[:, offsets[1:]] -= np.add.reduceat(values, offsets, axis=1)[:, :-1]
    return np.cumsum(values, axis=1, out=values)


def _first_max(values, offsets):
    """Per segment, the largest value and the index of its first occurrence (``values`` holds no NaN)."""
    best = np.maximum.reduceat(values, offsets)
    lengths = np.diff(np.append(offsets, values.size))
    at = np.where(values == np.repeat(best, lengths), np.arange(values.size), values.size)
    return best, np.minimum.reduceat(at, offsets)


def _sort_key(x, group):
    """uint64 keys that sort by ``group`` (small non-negative ints), then by the float32 ``x`` (no NaN).

    A float32's bits, sign bit flipped for positives and all bits flipped for negatives, sort as
    the numbers do; -0.0 is made +0.0 first, so equal numbers get equal keys.
    """
    bits = (x + np.float32(0.0)).view(np.uint32).astype(np.uint64)
    bits ^= np.where(bits >> np.uint64(31), np.uint64(0xFFFFFFFF), np.uint64(0x80000000))
    return (group.astype(np.uint64) << np.uint64(32)) | bits


def _sort_in_pairs(value_keys, pair, local, pair_offsets, longest):
    """The stable ``argsort`` of values within each pair's segment (pairs in place, ties in their order).

    ``value_keys`` are the values' :func:`_sort_key` bits. When the pair, those 32 bits and the
    place in the segment fit one 64-bit key, sorting these unique keys (NumPy's vectorised sort,
    many times faster than a stable argsort) gives the order, and each key's low bits say where
    its element was.
    """
    key = (pair.astype(np.uint64) << np.uint64(32)) | value_keys
    place_bits = max(1, (longest - 1).bit_length())
    if int(pair[-1]).bit_length() + 32 + place_bits > 64:
        return np.argsort(key, kind="stable")
    key = np.sort((key << np.uint64(place_bits)) | local.astype(np.uint64))
    return pair_offsets[pair] + (key & np.uint64((1 << place_bits) - 1)).astype(np.int64)


class _Nodes:
    """Per-node arrays of all the trees of a group, in order of creation, growing as needed."""

    def __init__(self, n_classes, capacity):
        self.count = 0
        self.ints = {name: np.full(capacity, fill, dtype=np.int64) for name, fill in
                     [("tree", 0), ("parent", -1), ("is_left", 0), ("depth", 0), ("start", 0), ("n", 0),
                      ("feature", -2), ("left", -1), ("right", -1)]}
        self.threshold = np.full(capacity, -2.0)
        self.impurity = np.zeros(capacity)
        self.value = np.zeros((capacity, n_classes))

    def add(self, value, impurity, **ints):
        """Append nodes (arrays of equal length); returns their ids."""
        k = value.shape[0]
        if self.count + k > self.impurity.size:
            grow = max(self.count + k, 2 * self.impurity.size) - self.impurity.size
            for name, fill in [("feature", -2), ("left", -1), ("right", -1)]:
                self.ints[name] = np.append(self.ints[name], np.full(grow, fill, dtype=np.int64))
            for name in ("tree", "parent", "is_left", "depth", "start", "n"):
                self.ints[name] = np.append(self.ints[name], np.zeros(grow, dtype=np.int64))
            self.threshold = np.append(self.threshold, np.full(grow, -2.0))
            self.impurity = np.append(self.impurity, np.zeros(grow))
            self.value = np.concatenate([self.value, np.zeros((grow, self.value.shape[1]))])
        ids = np.arange(self.count, self.count + k)
        self.value[ids], self.impurity[ids] = value, impurity
        for name, v in ints.items():
            self.ints[name][ids] = v
        self.count += k
        return ids

    def __getattr__(self, name):
        return self.ints[name][:self.count]


def _grow_group(X, y_encoded, n_classes, rows, weights, rngs, n_try, criterion, max_depth, min_samples_split,
                min_samples_leaf):
    """Grow the trees of one group together (see :func:`grow_trees`); returns their Bunches, classes unset."""
    n_trees, n_features = len(rows), X.shape[1]
    # the samples of all trees, one after another: row of X, class weights (scaled per tree), tree
    scales, keep = [], []
    W_all = []
    for t in range(n_trees):
        W = np.zeros((rows[t].size, n_classes))  # (n_t, K): each sample's weight in its class column
        W[np.arange(rows[t].size), y_encoded[rows[t]]] = weights[t]
        W, e = _scale_to_one(W)  # exact: the same splits as on W (see grow_tree)
        scales.append(e)
        keep.append(np.flatnonzero(weights[t] > 0))  # rows of weight 0 take no part
        W_all.append(W[keep[-1]])
    sizes = np.array([k.size for k in keep])
    sample_row = np.concatenate([r[k] for r, k in zip(rows, keep)])
    sample_W = np.concatenate(W_all)  # (N, K)
    sample_w = sample_W.sum(axis=1)  # (N,): each sample's weight (one nonzero per row)
    all_w = np.concatenate(weights)
    # integer weights: every partial sum of every step is an exact multiple of the smallest scale
    exact = bool(np.all(all_w == np.floor(all_w))) and \
        n_features * 2.0 * float(all_w.sum()) * float(all_w.max()) < 2.0**53
    order = np.arange(sample_row.size)  # each node owns a segment of it, its samples in their original order
    # the columns of X one after another (one flat gather reads cell (row, feature)), and their
    # values as sortable bits, computed once for all steps; the class weights class by class
    columns = np.ascontiguousarray(X.T).ravel()
    data = Bunch(columns=columns, column_keys=_sort_key(columns, np.zeros(1, dtype=np.int64)),
                 n_rows=X.shape[0], W=sample_W, w=sample_w, exact=exact)
    if exact:  # the integer weights themselves, class by class: integer sums are exact and fast
        counts = np.zeros((n_classes, sample_row.size), dtype=np.int64)
        counts[y_encoded[sample_row], np.arange(sample_row.size)] = np.concatenate(
            [w[k] for w, k in zip(weights, keep)]).astype(np.int64)
        data.update(counts=counts, scales=np.array(scales))

    nodes = _Nodes(n_classes, 2 * sample_row.size // max(1, min_samples_leaf) + n_trees)
    starts = np.cumsum(sizes) - sizes
    root_value = np.array([sample_W[s:s + n].sum(axis=0) for s, n in zip(starts, sizes)])  # as grow_tree sums them
    roots = _add_nodes(nodes, root_value, criterion, tree=np.arange(n_trees), parent=-1, is_left=0, depth=0,
                       start=starts, n=sizes)
    is_open = _is_open(nodes, roots, max_depth, min_samples_split, min_samples_leaf)
    stacks = [[r] if o else [] for r, o in zip(roots.tolist(), is_open.tolist())]  # open nodes, left on top
    while True:
        if rngs is None:  # no draws: every open node can go now
            batch = [v for stack in stacks for v in stack]
            stacks = [[] for _ in stacks]
        else:  # draws in grow_tree's order: each tree's next node depth first
            batch = [stack.pop() for stack in stacks if stack]
        if not batch:
            break
        batch = np.array(batch, dtype=np.int64)
        split, feature, threshold, n_left, left_value = _split_batch(
            X, data, order, sample_row, nodes, batch, rngs, n_try, criterion, min_samples_leaf)
        if split.size == 0:
            continue
        parents = batch[split]
        nodes.ints["feature"][parents], nodes.threshold[parents] = feature, threshold
        start, n = nodes.start[parents], nodes.n[parents]
        child_start = np.concatenate([start, start + n_left])  # left children, then right children
        child_n = np.concatenate([n_left, n - n_left])
        if left_value is not None:  # integer weights: the left child's sums come from the search, exact
            left_value = np.ldexp(left_value.astype(float), -data.scales[nodes.tree[parents]][:, None])
            value = np.concatenate([left_value, nodes.value[parents] - left_value])
        else:
            positions, segment, _, offsets = _segments(child_start, child_n)
            value = _segment_cumsum(sample_W[order[positions]], offsets, child_n)[offsets + child_n - 1]
        k = parents.size
        children = _add_nodes(nodes, value, criterion, tree=np.tile(nodes.tree[parents], 2),
                              parent=np.tile(parents, 2), is_left=np.repeat([1, 0], k),
                              depth=np.tile(nodes.depth[parents] + 1, 2), start=child_start, n=child_n)
        nodes.ints["left"][parents], nodes.ints["right"][parents] = children[:k], children[k:]
        child_open = _is_open(nodes, children, max_depth, min_samples_split, min_samples_leaf).tolist()
        trees = nodes.tree[parents].tolist()
        left, right = children[:k].tolist(), children[k:].tolist()
        for i in range(k):  # right first, so the left child is popped first
            if child_open[k + i]:
                stacks[trees[i]].append(right[i])
            if child_open[i]:
                stacks[trees[i]].append(left[i])
    return _depth_first(nodes, n_trees, scales)


def _impurity_of(counts, totals, criterion):
    """``_impurity``, bit for bit, faster for few classes.

    NumPy sums fewer than 8 numbers in order, first to last, so the Gini sum of squares over
    K < 8 classes can be written as that loop over columns, without a reduction along a short axis.
    """
    n_classes = counts.shape[-1]
    if criterion != "gini" or n_classes >= 8:
        return _impurity(counts, totals, criterion)
    squares = counts[..., 0] * counts[..., 0]
    for k in range(1, n_classes):
        squares = squares + counts[..., k] * counts[..., k]
    return 1.0 - squares / (totals * totals)


def _add_nodes(nodes, value, criterion, **ints):
    """Append nodes with their (scaled) class weights and impurity; returns their ids."""
    impurity = _impurity_of(value, value.sum(axis=1), criterion)
    return nodes.add(value, impurity, **ints)


def _is_open(nodes, ids, max_depth, min_samples_split, min_samples_leaf):
    """Whether grow_tree would search a split for each node (not too deep, too small or pure)."""
    n = nodes.n[ids]
    too_deep = nodes.depth[ids] >= max_depth if max_depth is not None else np.zeros(ids.size, dtype=bool)
    return ~(too_deep | (n < min_samples_split) | (n < 2 * min_samples_leaf) | (nodes.impurity[ids] <= EPSILON))


def _split_batch(X, data, order, sample_row, nodes, batch, rngs, n_try, criterion, min_samples_leaf):
    """Search the best split of every node of ``batch`` and partition the split ones; see :func:`grow_trees`.

    Returns (indices into ``batch`` of the nodes split, their feature, threshold, left size and,
    with integer weights, the class weights of their left children; else None).
    """
    exact = data.exact
    n_features = X.shape[1]
    n = nodes.n[batch]
    positions, segment, _, offsets = _segments(nodes.start[batch], n)
    samples = order[positions]  # (P,) the batch's samples, node after node, in their original order
    batch_rows = sample_row[samples]  # (P,) their rows of X
    if rngs is None:
        perms = np.broadcast_to(np.arange(n_features), (batch.size, n_features))
    else:
        perms = np.array([rngs[t].permutation(n_features) for t in nodes.tree[batch].tolist()])  # (m, F)
    # which of the features in each node's order are not constant (they alone count): the first n_try
    # of the order, then the next n_try for the nodes where some were constant, ...
    usable = np.zeros(perms.shape, dtype=bool)
    look = np.arange(batch.size)
    for first in range(0, n_features, n_try):
        features = perms[look, first:first + n_try]  # (k, c)
        element, pair, local, pair_offsets = _segments(offsets[np.repeat(look, features.shape[1])],
                                                       np.repeat(n[look], features.shape[1]))
        cell = features.ravel()[pair] * data.n_rows + batch_rows[element]  # (row, feature) in data.columns
        x = data.columns[cell]
        span = np.maximum.reduceat(x, pair_offsets) - np.minimum.reduceat(x, pair_offsets)  # float32, as grow_tree
        usable[look, first:first + n_try] = (span > FEATURE_THRESHOLD).reshape(features.shape)
        if first == 0:
            first_pairs = (element, pair, local, pair_offsets, cell, x)
        look = look[usable[look].sum(axis=1) < n_try]
        if look.size == 0:
            break
    pair_node, pair_col = np.nonzero(usable & (np.cumsum(usable, axis=1) <= n_try))  # candidates, in order tried
    if pair_node.size == 0:
        return pair_node, None, None, None, None
    pair_feature = perms[pair_node, pair_col]
    length = n[pair_node]
    # every (node, candidate) pair's samples, sorted by the candidate's value, ties in their original order
    if pair_node.size == first_pairs[1][-1] + 1 and np.all(pair_col < n_try):  # the pairs looked at first
        element, pair, local, pair_offsets, cell, x = first_pairs
    else:
        element, pair, local, pair_offsets = _segments(offsets[pair_node], length)  # element: index into the batch
        cell = pair_feature[pair] * data.n_rows + batch_rows[element]
        x = data.columns[cell]
    sort = _sort_in_pairs(data.column_keys[cell], pair, local, pair_offsets, int(length.max()))
    element = element[sort]  # pair and local are unchanged: the key keeps each pair in place
    x_sorted = x[sort]  # (E,) float32
    sorted_samples = samples[element]
    # (K, E) class weights of the first i+1 samples of each pair, and (E,) their sum
    if exact:
        # integer weights: in integers (exact, and many times faster to sum), unscaled. The scale
        # is a power of two, by which every step of the proxy below is multiplied exactly, so
        # the unscaled proxies order the splits as the scaled ones of grow_tree, bit for bit.
        left_counts = _segment_cumsum_rows(np.take(data.counts, sorted_samples, axis=1), pair_offsets, length)
        left, w_left = left_counts.astype(float), left_counts.sum(axis=0).astype(float)
        total = np.repeat(left[:, pair_offsets + length - 1], length, axis=1)
    else:
        left = _segment_cumsum(data.W[sorted_samples], pair_offsets, length).T
        w_left = _segment_cumsum(data.w[sorted_samples], pair_offsets, length)
        total = np.repeat(nodes.value[batch[pair_node]].T, length, axis=1)  # the node's, summed as grow_tree does
    w_total = np.repeat(w_left[pair_offsets + length - 1], length)
    right, w_right = total - left, w_total - w_left
    with np.errstate(divide="ignore", invalid="ignore"):
        proxy = (-w_right * _impurity_of(right.T, w_right, criterion)
                 - w_left * _impurity_of(left.T, w_left, criterion))
    n_right = np.repeat(length, length) - (local + 1)  # samples right of each threshold
    following = np.append(x_sorted[1:], x_sorted[-1])  # the next value in the pair (garbage at its last)
    valid = (following > x_sorted + FEATURE_THRESHOLD) & (proxy == proxy)  # distinct values, proxy not NaN
    valid &= n_right >= min_samples_leaf if min_samples_leaf > 1 else n_right > 0
    if min_samples_leaf > 1:
        valid &= local + 1 >= min_samples_leaf
    proxy[~valid] = -np.inf
    pair_best, pair_at = _first_max(proxy, pair_offsets)  # (G,) each pair's first best threshold
    first_pair = np.flatnonzero(np.diff(pair_node, prepend=-1))  # the pairs of a node are consecutive
    node_best, node_pair = _first_max(pair_best, first_pair)  # the first candidate with the best proxy
    found = np.isfinite(node_best)
    split, chosen = pair_node[first_pair[found]], node_pair[found]
    if split.size == 0:
        return split, None, None, None, None
    at = pair_at[chosen]
    lo, hi = x_sorted[at].astype(np.float64), x_sorted[at + 1].astype(np.float64)
    threshold = lo / 2.0 + hi / 2.0  # the midpoint; where rounding reached the upper value, the lower one
    threshold = np.where(threshold == hi, lo, threshold)
    feature = pair_feature[chosen]
    # stable partition of each split node's segment of ``order``: its left samples, then its right ones
    node_feature = np.zeros(batch.size, dtype=np.int64)
    node_threshold = np.zeros(batch.size)
    node_feature[split], node_threshold[split] = feature, threshold
    is_split = np.zeros(batch.size, dtype=bool)
    is_split[split] = True
    moved = np.flatnonzero(is_split[segment])
    seg = segment[moved]
    x_moved = data.columns[node_feature[seg] * data.n_rows + batch_rows[moved]]
    goes_left = x_moved <= node_threshold[seg]  # in float64, as tree_apply does
    n_left_node = np.bincount(seg, weights=goes_left, minlength=batch.size).astype(np.int64)
    counted = np.cumsum(goes_left) - goes_left  # left samples before each one, from the first split node
    seg_first = np.searchsorted(moved, offsets)  # where each split node's samples begin among the moved
    left_before = counted - counted[seg_first[seg]]
    local_moved = moved - offsets[seg]
    destination = nodes.start[batch][seg] + np.where(goes_left, left_before,
                                                     n_left_node[seg] + local_moved - left_before)
    order[destination] = samples[moved]
    return split, feature, threshold, n_left_node[split], (left_counts[:, at].T if exact else None)


def _depth_first(nodes, n_trees, scales):
    """Renumber each tree's nodes depth first, left child first (grow_tree's order); one Bunch per tree."""
    depth, parent, is_left, tree = nodes.depth, nodes.parent, nodes.is_left, nodes.tree
    size = np.ones(nodes.count, dtype=np.int64)  # nodes in each subtree
    by_depth = [np.flatnonzero(depth == d) for d in range(int(depth.max()) + 1)]
    for ids in reversed(by_depth[1:]):
        np.add.at(size, parent[ids], size[ids])
    preorder = np.zeros(nodes.count, dtype=np.int64)
    left = nodes.left
    for ids in by_depth[1:]:
        p = parent[ids]
        preorder[ids] = preorder[p] + 1 + np.where(is_left[ids] == 1, 0, size[left[p]])
    count = np.bincount(tree, minlength=n_trees)
    slot = (np.cumsum(count) - count)[tree] + preorder  # each node's place in the output
    inverse = np.empty(nodes.count, dtype=np.int64)
    inverse[slot] = np.arange(nodes.count)

    def renumbered(child):
        return np.where(child >= 0, preorder[np.maximum(child, 0)], -1)[inverse]

    arrays = dict(feature=nodes.feature[inverse], threshold=nodes.threshold[:nodes.count][inverse],
                  children_left=renumbered(nodes.left), children_right=renumbered(nodes.right),
                  value=nodes.value[:nodes.count][inverse], n_node_samples=nodes.n[inverse],
                  impurity=nodes.impurity[:nodes.count][inverse], depth=depth[inverse])
    bounds = np.cumsum(count)
    trees = []
    for t in range(n_trees):
        lo, hi = bounds[t] - count[t], bounds[t]
        tree_arrays = {k: v[lo:hi].copy() for k, v in arrays.items()}
        tree_arrays["value"] = np.ldexp(tree_arrays["value"], scales[t])  # exact: the weights, unscaled
        trees.append(Bunch(classes=None, **tree_arrays))
    return trees


def apply_trees(trees, X):
    r"""The leaf of every row of ``X`` in every tree, all trees walked together; shape (n_samples, T).

    ``trees`` are fitted trees' ``tree_`` objects (or :func:`grow_tree` Bunches). The trees'
    node arrays are stacked one after another (node ids offset by the nodes before), and every
    (row, tree) pair still at an internal node descends one level per step, as
    :func:`tree_apply` does for one tree: left when :math:`x_j \le t` (in float64).

    Notes
    -----
    A step is seven passes over the pairs still walking, in 32-bit integers and preallocated
    buffers, on a few thousand rows at a time (so that they stay in the cache). Node :math:`i`
    lives at slot :math:`2i`, its children at ``child[2i]`` (left) and ``child[2i + 1]``
    (right), so that ``child[slot + goes_right]`` is the next slot. A leaf is its own child
    with threshold :math:`+\infty`, so a pair that reached one stays there; after the first
    step (stumps end there) and every third step after it, the pairs at leaves are dropped once
    they are a quarter of those walking. The array
    returned is the transpose of a (T, n_samples) one: each tree's leaves are contiguous.
    """
    X = np.ascontiguousarray(X, dtype=np.float32)
    count = np.array([t.feature.size for t in trees])
    offset = np.cumsum(count) - count
    feature = np.concatenate([t.feature for t in trees]).astype(np.int64)
    threshold = np.concatenate([t.threshold for t in trees])
    # a float32 x has x <= t (float64) exactly when x <= t32, the largest float32 at most t
    t32 = threshold.astype(np.float32)
    t32 = np.where(t32 > threshold, np.nextafter(t32, np.float32(-np.inf)), t32)
    leaf = feature < 0
    n_nodes, ids = feature.size, np.arange(feature.size)
    if 2 * n_nodes >= 2**31:
        raise ValueError(f"The trees hold {n_nodes} nodes in all, too many to walk together; "
                         "predict with fewer trees at a time.")
    child = np.empty(2 * n_nodes, dtype=np.int32)  # the slots of node i's children, at 2i and 2i + 1
    child[0::2] = 2 * np.where(leaf, ids, np.concatenate([t.children_left + o for t, o in zip(trees, offset)]))
    child[1::2] = 2 * np.where(leaf, ids, np.concatenate([t.children_right + o for t, o in zip(trees, offset)]))
    slot_threshold = np.full(2 * n_nodes, np.inf, dtype=np.float32)
    slot_threshold[0::2] = np.where(leaf, np.float32(np.inf), t32)
    slot_leaf = np.zeros(2 * n_nodes, dtype=bool)
    slot_leaf[0::2] = leaf
    n_rows, n_trees = X.shape[0], len(trees)
    leaves = np.empty((n_trees, n_rows), dtype=np.int64)
    step = max(1, min(2**17 // n_trees, (2**31 - 1) // max(1, X.shape[1])))  # rows at a time: 131,072 pairs or fewer
    roots = (2 * offset).astype(np.int32)
    root_feature, root_threshold = np.where(leaf, 0, feature)[offset], slot_threshold[roots]
    for start in range(0, n_rows, step):
        X_part = np.ascontiguousarray(X[start:start + step].T)  # (F, rows): column j at j * rows
        columns = X_part.ravel()
        rows = X_part.shape[1]
        slot_column = np.zeros(2 * n_nodes, dtype=np.int32)  # where a node's feature's column begins
        slot_column[0::2] = np.where(leaf, 0, feature) * rows
        # the first step for all pairs at once, (T, rows): pair p = (tree p // rows, row p % rows)
        at = child[roots[:, None] + (X_part[root_feature] > root_threshold[:, None])].ravel()
        if slot_leaf[at].all():  # every pair at a leaf already (stumps): nothing to walk
            leaves[:, start:start + rows] = at.reshape(n_trees, rows) // 2 - offset[:, None]
            continue
        m = at.size
        reached = at.copy()
        row = np.tile(np.arange(rows, dtype=np.int32), n_trees)
        pair = np.arange(m, dtype=np.int32)
        cell, x = np.empty(m, dtype=np.int32), np.empty(m, dtype=np.float32)
        t, flag = np.empty(m, dtype=np.float32), np.empty(m, dtype=bool)
        k, level = m, 1  # the first k entries of at, row and pair are the pairs still walking
        while k:
            a, c, f = at[:k], cell[:k], flag[:k]
            if level % 3 == 1:  # after the first step (stumps end there), then every third
                np.take(slot_leaf, a, out=f, mode="wrap")
                n_done = np.count_nonzero(f)
                if n_done == k:
                    reached[pair[:k]] = a
                    break
                if 4 * n_done >= k:  # record the pairs at leaves, keep the others at the front
                    done, walking = np.flatnonzero(f), np.flatnonzero(~f)
                    reached[pair[done]] = a[done]
                    k = walking.size
                    at[:k], row[:k], pair[:k] = a[walking], row[walking], pair[walking]
                    a, c, f = at[:k], cell[:k], flag[:k]
            # (every index is in range: mode="wrap" only skips the checks of the default mode)
            np.take(slot_column, a, out=c, mode="wrap")
            np.add(c, row[:k], out=c)
            np.take(columns, c, out=x[:k], mode="wrap")
            np.take(slot_threshold, a, out=t[:k], mode="wrap")
            np.greater(x[:k], t[:k], out=f)  # goes right
            np.add(a, f, out=c)
            np.take(child, c, out=a, mode="wrap")
            level += 1
        leaves[:, start:start + rows] = reached.reshape(n_trees, rows) // 2 - offset[:, None]
    return leaves.T


def presort_stumps(X, rows):
    r"""What every stump fitted on ``X[rows]`` shares, whatever the weights: the sorted columns.

    AdaBoost fits its stumps on the same rows with new weights each round; the order of each
    column does not change, so it is sorted once here and :func:`grow_stump` only accumulates.
    ``X`` is float32; ``rows`` the rows of positive weight (the same every round).
    """
    X_node = X[rows]
    span = X_node.max(axis=0) - X_node.min(axis=0)
    features = np.flatnonzero(span > FEATURE_THRESHOLD)  # constant features never count
    order = np.argsort(X_node[:, features], axis=0, kind="stable")  # (n, m)
    x_sorted = np.take_along_axis(X_node[:, features], order, axis=0)  # (n, m)
    return Bunch(X=X, rows=rows, features=features, order=order, x_sorted=x_sorted,
                 distinct=x_sorted[1:] > x_sorted[:-1] + FEATURE_THRESHOLD)


def grow_stump(presorted, classes, y_encoded, weights):
    r"""``grow_tree(X, y, max_depth=1, sample_weight=weights)`` with the columns presorted: the same nodes.

    Defaults otherwise (Gini, ``min_samples_split=2``, ``min_samples_leaf=1``, all
    features); ``weights`` must be positive exactly on ``presorted.rows``.
    """
    n_classes = classes.size
    W = np.zeros((y_encoded.size, n_classes))  # (n, K): each sample's weight in its class column
    W[np.arange(y_encoded.size), y_encoded] = weights
    W, e = _scale_to_one(W)
    rows = presorted.rows
    W_node = W[rows]
    nodes = [(W_node.sum(axis=0), rows.size)]  # (value, n) of the root, then of the leaves
    feature, threshold = -2, -2.0
    root_impurity = float(_impurity(nodes[0][0], np.array(nodes[0][0].sum()), "gini"))
    if rows.size >= 2 and root_impurity > EPSILON and presorted.features.size:
        split = _stump_split(presorted, W_node, nodes[0][0])
        if split is not None:
            feature, threshold = split
            goes_left = presorted.X[rows, feature] <= np.float64(threshold)
            nodes += [(W_node[goes_left].sum(axis=0), int(goes_left.sum())),
                      (W_node[~goes_left].sum(axis=0), int((~goes_left).sum()))]
    value = np.array([v for v, _ in nodes])
    split = len(nodes) == 3
    return Bunch(
        classes=classes,
        feature=np.array([feature, -2, -2][:len(nodes)], dtype=np.int64),
        threshold=np.array([threshold, -2.0, -2.0][:len(nodes)]),
        children_left=np.array([1, -1, -1] if split else [-1], dtype=np.int64),
        children_right=np.array([2, -1, -1] if split else [-1], dtype=np.int64),
        value=np.ldexp(value, e),
        n_node_samples=np.array([n for _, n in nodes], dtype=np.int64),
        impurity=np.array([float(_impurity(v, np.array(v.sum()), "gini")) for v, _ in nodes]),
        depth=np.array([0, 1, 1][:len(nodes)], dtype=np.int64),
    )


def _stump_split(presorted, W_node, total):
    """``_best_split`` of the root on the presorted columns, bit for bit; (feature, threshold) or None."""
    order = presorted.order
    w_sorted = W_node.sum(axis=1)[order]  # (n, m)
    w_cum = np.cumsum(w_sorted, axis=0)
    w_left, w_total = w_cum[:-1], w_cum[-1]  # w_cum[-1] is w_cum[-2] plus the last, as in _best_split
    w_right = w_total - w_left
    if total.size < 8:  # the Gini sums of squares class by class (see _impurity_of)
        for k in range(total.size):
            left = np.cumsum(W_node[:, k][order], axis=0)[:-1]
            right = total[k] - left
            sq_left = left * left if k == 0 else sq_left + left * left
            sq_right = right * right if k == 0 else sq_right + right * right
        with np.errstate(divide="ignore", invalid="ignore"):
            proxy = -w_right * (1.0 - sq_right / (w_right * w_right)) - w_left * (1.0 - sq_left / (w_left * w_left))
    else:
        left = np.cumsum(W_node[order], axis=0)[:-1]  # (n-1, m, K)
        with np.errstate(divide="ignore", invalid="ignore"):
            proxy = -w_right * _impurity(total - left, w_right, "gini") - w_left * _impurity(left, w_left, "gini")
    proxy = np.where(presorted.distinct & ~np.isnan(proxy), proxy, -np.inf)
    best_pos = np.argmax(proxy, axis=0)  # (m,) first best position of each feature
    best_proxy = proxy[best_pos, np.arange(order.shape[1])]
    j = int(np.argmax(best_proxy))  # the first feature with the best proxy
    if not np.isfinite(best_proxy[j]):
        return None
    lo, hi = np.float64(presorted.x_sorted[best_pos[j], j]), np.float64(presorted.x_sorted[best_pos[j] + 1, j])
    threshold = lo / 2.0 + hi / 2.0
    return int(presorted.features[j]), float(lo if threshold == hi else threshold)
