r"""Exact Euclidean k-nearest-neighbour search in pure NumPy.

Every neighbour-based sampler (Tomek links, NearMiss, ENN, SMOTE and its family) asks the
same question: *which k rows of a fitted set are closest to each query row?* This module
answers it exactly, in bounded memory, and in the same order as scikit-learn's
``NearestNeighbors`` on data without tied distances, so that negedu's samplers return the
same rows as imbalanced-learn's.

The public pieces are :func:`kneighbors` (the fast exact search), :func:`kneighbors_brute`
(the same answer by the definition: every distance, sorted), :class:`NearestNeighbors` (a thin
shell with scikit-learn's ``fit`` / ``kneighbors`` interface) and
:func:`check_neighbors_object` (how the samplers turn an ``int`` or an object into a
neighbour searcher).
"""

import copy
import inspect

import numpy as np

from negedu._estimator import BaseEstimator
from negedu._validation import _short, check_array, check_int

__all__ = ["kneighbors", "kneighbors_brute", "NearestNeighbors", "check_neighbors_object"]

# Columns of the fitted set are grouped into blocks of up to this many; a query keeps only the
# blocks whose smallest (approximate) distance can still reach its k nearest neighbours.
_BLOCK = 32
# Columns of the fitted set handled by one matrix product (a tile), and query rows per chunk:
# one tile of approximate distances is _QUERY_CHUNK x _TILE float32 values = 512 KiB, small
# enough to stay in cache between the product that writes it and the minimum that reads it.
# _TILE_ELEMENTS is also the budget of every other working array of a chunk (block minima,
# gathered candidates, exact distances), so that the extra memory of a search stays about
# 2 MiB (plus, when the queries span several chunks, a float32 copy of X_fit), below what
# scikit-learn's search plus imbalanced-learn's copies take (measured with memray in
# benchmarks/bench_resampling.py --memory).
# A tile's product is itself computed in slices small enough for one BLAS thread
# (_matmul_one_thread): waking BLAS's threads cost milliseconds per call on a busy machine.
_TILE = 1024
_QUERY_CHUNK = 128
_TILE_ELEMENTS = _TILE * _QUERY_CHUNK
# Up to this many fitted rows, one tile holds them all (and the query chunk grows to match).
_SINGLE_TILE = 2 * _TILE
# A one-tile search ranks at most this many (merged) block minima per query; see below.
_BOUND_WIDTH = 32
# With fewer fitted rows than this (or when k is a large share of them) every distance is
# computed exactly; the pre-selection would not save anything.
_DIRECT_MAX_FIT = 64
# Exact distances computed at once on the direct path (1 MiB of float64).
_DIRECT_CHUNK_ELEMENTS = 1 << 17
# Multiply-adds per BLAS call (m * n * k) up to which OpenBLAS computes a product on one thread
# (measured: 128 x 195 x 21 = 524,160 ran on one thread, 128 x 196 x 21 = 526,848 on two).
_ONE_THREAD_PRODUCT = 1 << 19


def _sequential_sq_distances(A, B):
    """Squared distances ``sum_j (A[..., j] - B[..., j])**2``, accumulated feature by feature.

    ``A`` and ``B`` broadcast against each other on every axis but the last. The sum runs over
    the features in order, in float64, which is exactly how scikit-learn's KD-tree adds them;
    ``((A - B)**2).sum(-1)`` would use pairwise summation and differ in the last bits.
    """
    out = None
    for j in range(A.shape[-1]):
        t = A[..., j] - B[..., j]
        t *= t
        if out is None:
            out = t
        else:
            out += t
    return out


def _matmul_one_thread(A, B, out):
    """``out = A @ B`` (float32, 2-D) in slices of rows of ``A`` that OpenBLAS computes on one thread.

    OpenBLAS splits a product between its threads when it has more than 2**19 multiply-adds
    (m * n * k; measured for the OpenBLAS 0.3.31 of NumPy 2.4's wheels), and its threads then
    wait for each other: when another program keeps a core busy, a search made of thousands of
    such products ran 1.4 to 15 times slower than on an idle core. Slices below that size always
    run on the calling thread: a little slower on an idle machine, and no slower on a busy one
    (benchmarks/bench_resampling.py --busy). The entries may differ from one whole product's in
    the last bits of float32; they only pre-select candidates, within a rounding-error bound.
    """
    n, k = B.shape[1], A.shape[1]
    rows = max(1, _ONE_THREAD_PRODUCT // max(1, n * k))
    for lo in range(0, A.shape[0], rows):
        np.matmul(A[lo : lo + rows], B, out=out[lo : lo + rows])
    return out


def _check_n_neighbors(n_neighbors, n_fit, name="n_neighbors"):
    k = check_int(n_neighbors, name, minimum=1, hint="Ask for at least one neighbour.")
    if k > n_fit:
        raise ValueError(
            f"{name}={k} is more than the {n_fit} row(s) of the fitted set X_fit, so there are not "
            f"enough points to return {k} neighbours. Use {name} <= {n_fit}."
        )
    return k


def _block_size(n_fit, k):
    """Block size for the pre-selection, or None when computing every distance is cheaper.

    Larger blocks mean fewer block minima to rank per query (about ``n_fit / block``) but more
    candidate columns to recompute exactly (about ``k * block``); a power of two near
    ``sqrt(n_fit / (4 k))`` balances the two, between 4 and ``_BLOCK``.
    """
    if n_fit < _DIRECT_MAX_FIT:
        return None
    block = 4
    while 2 * block <= _BLOCK and (2 * block) ** 2 * 4 * k <= n_fit:
        block *= 2
    return block if 4 * k * block <= n_fit else None


def _kneighbors_brute(F, Q, k, farthest=False, keep_distance=True, query_rows=None):
    """:func:`kneighbors_brute` on checked float64 arrays, with the fast search's options.

    The same chunks, sums and stable sort as the definition; ``farthest`` sorts the negated
    distances, ``keep_distance=False`` returns ``None`` for them, and ``query_rows`` selects
    the queries ``Q[query_rows]`` a chunk at a time.
    """
    n_fit = F.shape[0]
    n_query = Q.shape[0] if query_rows is None else query_rows.size
    rows = max(1, _DIRECT_CHUNK_ELEMENTS // max(n_fit, 1))  # queries per chunk: 1 MiB of distances
    dist = np.empty((n_query, k)) if keep_distance else None
    ind = np.empty((n_query, k), dtype=np.int64)
    for start in range(0, n_query, rows):
        q = Q[start : start + rows] if query_rows is None else Q[query_rows[start : start + rows]]
        d2 = _sequential_sq_distances(q[:, None, :], F[None, :, :])  # (q, n_fit) every squared distance
        order = np.argsort(-d2 if farthest else d2, axis=1, kind="stable")[:, :k]  # ties -> lower index
        ind[start : start + rows] = order
        if keep_distance:
            dist[start : start + rows] = np.take_along_axis(d2, order, axis=1)
    return dist, ind


def _group_by_query(row, values, n_q, fill):
    """Spread ``values`` (grouped by ascending ``row``) into an ``(n_q, max count)`` array."""
    counts = np.bincount(row, minlength=n_q)
    first = np.cumsum(counts) - counts  # where each query's run begins
    out = np.full((n_q, int(counts.max())), fill, dtype=np.int64)
    out[row, np.arange(row.size) - first[row]] = values
    return out


def _kneighbors_blocked(
    F, Q, k, block, farthest=False, keep_distance=True, fit_rows=None, query_rows=None, low_memory=False
):
    """Matrix-product pre-selection of candidate blocks, then exact distances of the candidates.

    1. Centre both sets on the mean of the fitted set and compute the approximate squared
       distances ``||f||^2 - 2 q.f`` (the query's own ``||q||^2`` is the same for every
       column, so it is left out) with one matrix product per tile of columns.
    2. Within each tile, the columns ``r, r + m, r + 2m, ...`` (``m`` = tile width / block size)
       form block ``r``; keep each block's minimum. The k-th smallest block minimum is an upper
       bound on the k-th smallest approximate distance.
    3. The approximate distances are within ``E`` of the exact ones (a rounding-error bound, see
       below), so every true k-nearest neighbour has an approximate distance at most
       ``kth block minimum + 2E``: only blocks whose minimum is below that are kept.
       Within the kept blocks, the approximate distances are recomputed (a small batched
       product) and only the columns below that bound stay, about k per query. When the fitted
       set is one tile, its approximate distances are still at hand: the columns below the
       bound are read off them directly, and the bound itself comes from minima of merged
       pairs of blocks (any k different rows bound the k-th smallest distance; fewer minima
       are cheaper to rank).
    4. The exact distances of the kept columns are recomputed feature by feature and sorted by
       (distance, index); the first k are the answer.

    With ``farthest=True`` the same steps run on the negated distances and return the k
    farthest rows, farthest first. With ``keep_distance=False`` only the indices are kept
    (the distances returned are ``None``). With ``fit_rows`` the fitted set is ``F[fit_rows]``,
    read in place (no copy), and the indices returned are positions in ``fit_rows``; with
    ``query_rows`` the queries are ``Q[query_rows]``, copied a chunk at a time. With
    ``low_memory`` the float32 tiles are converted from ``F`` for every chunk of queries
    instead of being kept (see below).
    """
    n_fit = F.shape[0] if fit_rows is None else fit_rows.size
    n_query = Q.shape[0] if query_rows is None else query_rows.size
    n_features = F.shape[1]
    sign = -1.0 if farthest else 1.0

    def fitted(positions):  # rows of the fitted set at these positions (a copy)
        return np.take(F, positions if fit_rows is None else fit_rows[positions], axis=0)

    def fitted_range(lo, hi):  # rows lo..hi-1 of the fitted set (a view when possible)
        return F[lo:hi] if fit_rows is None else F[fit_rows[lo:hi]]

    # the centre, and every ||f - mean||^2, a slice of the fitted set at a time
    slice_rows = max(1, (_TILE_ELEMENTS // 8) // n_features)  # 128 KiB of float64 at a time
    if fit_rows is None:
        mean = F.mean(axis=0)
    else:
        mean = sum(fitted_range(lo, lo + slice_rows).sum(axis=0) for lo in range(0, n_fit, slice_rows)) / n_fit
    f_norm2 = np.empty(n_fit)  # ||f - mean||^2
    for lo in range(0, n_fit, slice_rows):
        f_norm2[lo : lo + slice_rows] = _sequential_sq_distances(fitted_range(lo, lo + slice_rows), mean)
    # Tiles are whole numbers of blocks, as equal as possible; the last tile is padded with rows
    # whose approximate distance is 1e30, so a padded column never wins a block minimum (a real
    # one is at most about 2e15: farther queries took the exact path). Not +inf: OpenBLAS's
    # kernels also multiply lanes they then discard, inf * 0 there raised the floating-point
    # "invalid" flag, and NumPy warned "invalid value encountered in matmul" though every entry
    # was right. A fitted set of up to _SINGLE_TILE rows is one tile.
    n_tiles = 1 if n_fit <= _SINGLE_TILE else -(-n_fit // _TILE)
    tile = -(-n_fit // (n_tiles * block)) * block
    blocks_per_tile = tile // block
    n_blocks = n_tiles * blocks_per_tile
    # One tile: as many query rows as keep its product at _TILE_ELEMENTS values, and at least
    # twice _QUERY_CHUNK (its product then takes up to 2 MiB): a small fitted set makes each
    # chunk cheap, so the fixed cost of a chunk's few dozen NumPy calls would dominate.
    chunk = max(2 * _QUERY_CHUNK, _TILE_ELEMENTS // tile) if n_tiles == 1 else _QUERY_CHUNK
    if n_tiles > 1 and n_query <= 2 * _QUERY_CHUNK and not low_memory:
        chunk = n_query  # a few queries: one chunk, so each tile is converted once (below)
    # Both sets are divided by the largest centred norm first, so float32 neither overflows
    # nor underflows whatever the units of X (the ranking does not depend on the scale).
    f_norm2_max = float(f_norm2.max())
    scale = np.sqrt(f_norm2_max) if f_norm2_max > 0 else 1.0
    f_norm2_scaled = f_norm2 / f_norm2_max if f_norm2_max > 0 else f_norm2

    # A tile of the augmented fitted matrix [-2 (f - mean), ||f - mean||^2] (scaled, float32):
    # one product with [q - mean, 1] gives ||f||^2 - 2 q.f. The pre-selection runs in float32
    # (half the memory traffic of float64); the exact distances that decide the answer are
    # float64. When the queries span several chunks, the whole float32 matrix is kept (about
    # half the memory of X_fit). Otherwise, or when low_memory asks, each tile is converted from
    # X_fit when it is needed, into one reused buffer: that costs about as much as a product
    # with 100 query rows, again for every chunk, so with a single chunk it costs nothing extra.
    def augmented(lo, hi, out):
        n_rows = min(hi, n_fit) - lo
        for start in range(0, n_rows, slice_rows):
            part = fitted_range(lo + start, lo + min(start + slice_rows, n_rows)) - mean
            part *= -2.0 * sign / scale
            out[start : start + part.shape[0], :n_features] = part
        out[:n_rows, n_features] = sign * f_norm2_scaled[lo : lo + n_rows]
        out[n_rows:] = 0.0
        out[n_rows:, n_features] = 1e30  # finite (see the tiles above)
        return out

    if n_tiles == 1 or (not low_memory and n_query > chunk):
        Fa = augmented(0, n_tiles * tile, np.empty((n_tiles * tile, n_features + 1), dtype=np.float32))
        tile_buffer = None
    else:
        Fa = None
        tile_buffer = np.empty((tile, n_features + 1), dtype=np.float32)

    def tile_matrix(t):
        if Fa is not None:
            return Fa[t * tile : (t + 1) * tile]
        return augmented(t * tile, (t + 1) * tile, tile_buffer)

    # Rounding-error bound on |approximate - exact| squared distance (in scaled units, where
    # the largest ||f - mean||^2 is 1), relative to the squared norms involved: rounding to
    # float32, matrix product, norms, centring and the exact recomputation together.
    eps = float(np.finfo(np.float32).eps)
    err_scale = 8.0 * (n_features + 4) * eps

    dist = np.empty((n_query, k)) if keep_distance else None
    ind = np.empty((n_query, k), dtype=np.int64)

    def dist_rows(lo, hi):
        return None if dist is None else dist[lo:hi]

    n_q_max = min(chunk, n_query)
    approx_buffer = np.empty(tile * n_q_max, dtype=np.float32)  # reused by every product
    block_min_buffer = np.empty(n_blocks * n_q_max, dtype=np.float32)
    for start in range(0, n_query, chunk):
        q = Q[start : start + chunk] if query_rows is None else Q[query_rows[start : start + chunk]]
        n_q = q.shape[0]
        q_centred = (q - mean) / scale
        q_norm2 = np.einsum("ij,ij->i", q_centred, q_centred)  # (n_q,) scaled; only bounds the error
        if not q_norm2.max() < 1e30:  # queries absurdly far away: float32 could overflow
            F_fit = F if fit_rows is None else F[fit_rows]
            d2, ind[start : start + n_q] = _kneighbors_brute(F_fit, q, k, farthest, keep_distance)
            if keep_distance:
                dist[start : start + n_q] = d2
            continue
        qa = np.ones((n_q, n_features + 1), dtype=np.float32)
        qa[:, :n_features] = q_centred
        # rounding-error allowance, added to the k-th smallest block minimum below
        allowance = 2.0 * err_scale * (q_norm2 + 1.0)
        if n_tiles == 1:
            # One tile, laid out query by query: (n_q, tile) approximate distances, the block
            # minima (n_q, n_blocks) partitioned in place (they are not needed afterwards), and
            # the columns below the bound come out of flatnonzero already grouped by query.
            approx = approx_buffer[: n_q * tile].reshape(n_q, tile)
            _matmul_one_thread(qa, Fa.T, out=approx)
            bm = block_min_buffer[: n_q * n_blocks].reshape(n_q, n_blocks)
            np.min(approx.reshape(n_q, block, blocks_per_tile), axis=1, out=bm)
            # Any k different rows bound the k-th smallest distance, so the minima of groups of
            # blocks do too. Blocks are merged in pairs until at most _BOUND_WIDTH remain (an odd
            # last one is left out): partitioning 130 minima per query cost more than the few
            # extra candidates that the looser bound lets through (the mask below finds the
            # candidates among all the tile's columns, not block by block).
            merged = bm
            while merged.shape[1] > _BOUND_WIDTH and merged.shape[1] // 2 >= k:
                half = merged.shape[1] // 2
                merged = np.minimum(merged[:, :half], merged[:, half : 2 * half])
            merged.partition(k - 1, axis=1)  # in place: neither bm nor merged is needed afterwards
            threshold = _round_up_float32(merged[:, k - 1] + allowance)
            row, fit_row = np.divmod(np.flatnonzero(approx <= threshold[:, None]), tile)
            cols = _group_by_query(row, fit_row, n_q, fill=n_fit)  # ascending columns per query
            _finish(fitted, q, cols, n_fit, k, sign, dist_rows(start, start + n_q), ind[start : start + n_q])
            continue
        approx = approx_buffer[: tile * n_q].reshape(tile, n_q)
        bm = block_min_buffer[: n_blocks * n_q].reshape(n_blocks, n_q)
        for t in range(n_tiles):
            _matmul_one_thread(tile_matrix(t), qa.T, out=approx)  # (tile, n_q)
            # (block size, blocks_per_tile, n_q): the minimum over axis 0 is each block's minimum
            np.min(
                approx.reshape(block, blocks_per_tile, n_q),
                axis=0,
                out=bm[t * blocks_per_tile : (t + 1) * blocks_per_tile],
            )
        # (n_q, n_blocks): a copy (ascontiguousarray would return bm itself when n_q = 1),
        # partitioned in place, which is faster than partitioning bm along axis 0
        bm_q = bm.T.copy()
        bm_q.partition(k - 1, axis=1)
        threshold = _round_up_float32(bm_q[:, k - 1] + allowance)
        del bm_q
        # several tiles: the kept (query, block) pairs, by query
        row, kept_block = np.divmod(np.flatnonzero(bm.T <= threshold[:, None]), n_blocks)
        # (n_q, width) kept blocks per query; -1 marks an unused slot of a query with fewer
        kept = _group_by_query(row, kept_block, n_q, fill=-1)
        # data with far outliers can keep many blocks: handle as few queries at a time as keeps
        # the gathered candidates under 512 KiB (256 KiB with low_memory)
        gather_bytes = _TILE_ELEMENTS * (2 if low_memory else 4)
        per_query = (n_features + 1) * block * kept.shape[1] * (4 if Fa is not None else 8)
        rows = max(1, gather_bytes // per_query)
        for sub in range(0, n_q, rows):
            sub_kept = kept[sub : sub + rows]
            tile_of, r = np.divmod(sub_kept, blocks_per_tile)
            # (n_sub, width, block size) -> (n_sub, width * block size) column indices
            cols = (tile_of * tile + r)[:, :, None] + blocks_per_tile * np.arange(block)
            cols = cols.reshape(sub_kept.shape[0], -1)
            unused = (sub_kept < 0).repeat(block, axis=1)
            padding = unused | (cols >= n_fit)  # unused slots and the padding of the last tile
            # recompute the approximate distances of the kept blocks' columns, keep those below
            # the bound (about k per query): (n_sub, width * block, n_features + 1) @ (n_sub, n_features + 1, 1)
            if Fa is not None:
                cols[unused] = 0
                approx_c = np.matmul(np.take(Fa, cols, axis=0), qa[sub : sub + rows, :, None])[:, :, 0]
            else:  # from X_fit itself, in float64
                cols[padding] = 0
                centred = fitted(cols)  # (n_sub, width * block, n_features)
                centred -= mean
                approx_c = np.matmul(centred, q_centred[sub : sub + rows, :, None])[:, :, 0]
                del centred
                approx_c *= -2.0 * sign / scale
                approx_c += sign * f_norm2_scaled[cols]
            approx_c[padding] = np.inf
            below_row, pos = np.divmod(np.flatnonzero(approx_c <= threshold[sub : sub + rows, None]), cols.shape[1])
            cand = _group_by_query(below_row, cols[below_row, pos], sub_kept.shape[0], fill=n_fit)
            cand.sort(axis=1)  # ascending index, so a stable sort breaks ties by index
            lo, hi = start + sub, start + sub + sub_kept.shape[0]
            _finish(fitted, q[sub : sub + rows], cand, n_fit, k, sign, dist_rows(lo, hi), ind[lo:hi])
    return dist, ind


def _round_up_float32(bound):
    """``bound`` as float32, rounded up (it is compared with float32 values: never round down)."""
    return np.nextafter(bound.astype(np.float32), np.float32(np.inf))


def _finish(fitted, q, cols, n_fit, k, sign, dist_out, ind_out):
    """Exact squared distances of the candidate columns ``cols`` (``n_fit`` = padding), best k.

    ``fitted(positions)`` returns those rows of the fitted set. Writes the k best (by distance,
    then index: ``cols`` is ascending per row and the sort is stable) into ``dist_out`` (unless
    it is ``None``) and ``ind_out``. The candidate rows are gathered a few queries at a time,
    in blocks of at most 512 KiB.
    """
    n_features = q.shape[1]
    rows = max(1, (_TILE_ELEMENTS // 2) // max(1, cols.shape[1] * n_features))
    for sub in range(0, cols.shape[0], rows):
        c = cols[sub : sub + rows]  # (n_sub, width)
        valid = c < n_fit
        diff = fitted(np.where(valid, c, 0))  # (n_sub, width, n_features) candidate rows
        diff -= q[sub : sub + rows, None, :]
        diff *= diff
        # exact squared distances, summed feature by feature in order (a sum over an axis may
        # add them pairwise, which differs in the last bits)
        by_feature = np.ascontiguousarray(diff.reshape(-1, n_features).T)  # (n_features, n_sub * width)
        del diff
        d2 = by_feature[0].copy()
        for j in range(1, n_features):
            d2 += by_feature[j]
        del by_feature
        d2 = d2.reshape(c.shape)
        key = sign * d2
        key[~valid] = np.inf
        order = np.argsort(key, axis=1, kind="stable")[:, :k]  # (n_sub, k)
        row = np.arange(c.shape[0])[:, None]
        ind_out[sub : sub + rows] = c[row, order]
        if dist_out is not None:
            dist_out[sub : sub + rows] = d2[row, order]


def _search(F, Q, k, farthest=False, keep_distance=True, fit_rows=None, query_rows=None, low_memory=False):
    """Squared distances and indices of the k nearest (or farthest) rows of F for each row of Q.

    With ``keep_distance=False`` the distances are not kept, and ``None`` is returned for them.
    With ``fit_rows`` (an index array) the fitted set is ``F[fit_rows]`` and the indices
    returned are positions in ``fit_rows``; the blocked search reads those rows in place.
    With ``query_rows`` the queries are ``Q[query_rows]``, copied a chunk at a time.
    ``low_memory`` trades time for memory (see :func:`_kneighbors_blocked`).
    """
    if (Q.shape[0] if query_rows is None else query_rows.size) == 0:
        return (np.empty((0, k)) if keep_distance else None), np.empty((0, k), dtype=np.int64)
    n_fit = F.shape[0] if fit_rows is None else fit_rows.size
    block = _block_size(n_fit, k)
    if block is None:
        F_fit = F if fit_rows is None else F[fit_rows]  # a small fitted set (< 4 k _BLOCK rows)
        return _kneighbors_brute(F_fit, Q, k, farthest, keep_distance, query_rows)
    return _kneighbors_blocked(F, Q, k, block, farthest, keep_distance, fit_rows, query_rows, low_memory)


def k_farthest_sq_distances(X_fit, X_query, n_far, query_rows=None):
    """Squared distances from each query row to its ``n_far`` farthest rows of ``X_fit``, ascending.

    Used by NearMiss-2, which scores a sample by its distances to the farthest minority
    samples (the queries are ``X_query[query_rows]`` when given). Inputs must be checked float64
    arrays; the same block pre-selection as
    :func:`kneighbors` keeps the memory bounded and the values exact.
    """
    d2 = _search(X_fit, X_query, n_far, farthest=True, query_rows=query_rows)[0]  # farthest first
    return d2[:, ::-1]


def kneighbors(X_fit, X_query, n_neighbors, *, return_distance=False):
    r"""Find the ``n_neighbors`` rows of ``X_fit`` nearest to each row of ``X_query``.

    Parameters
    ----------
    X_fit : array-like of shape (n_fit, n_features)
        The points to search among. float32 and integer input is upcast to float64.
    X_query : array-like of shape (n_query, n_features)
        The points whose neighbours are wanted.
    n_neighbors : int
        How many neighbours to return for each query, ``1 <= n_neighbors <= n_fit``.
    return_distance : bool, default=False
        Also return the Euclidean distances.

    Returns
    -------
    distances : ndarray of shape (n_query, n_neighbors), float64
        Only when ``return_distance=True``: the Euclidean distance to each neighbour, ascending.
    indices : ndarray of shape (n_query, n_neighbors), int64
        Row indices into ``X_fit``, nearest first.

    Raises
    ------
    ValueError
        If ``n_neighbors`` exceeds the number of rows of ``X_fit``, if the two arrays have
        different numbers of features, or if either contains NaN or infinity.
    TypeError
        If ``n_neighbors`` is not an integer.

    Notes
    -----
    The distance is :math:`d(q, f) = \sqrt{\sum_{j=1}^{p} (q_j - f_j)^2}`, with the sum taken
    feature by feature in float64, exactly as scikit-learn's KD-tree does. Neighbours are
    ordered by that distance; exact ties go to the lower index (a stable order).
    scikit-learn orders tied distances in an implementation-defined way, so on data with
    duplicate rows or exactly equal distances the two may list tied neighbours differently;
    on tie-free data the order is identical.

    A query row that also belongs to ``X_fit`` is **not** excluded: it is its own nearest
    neighbour at distance 0, as with scikit-learn's ``kneighbors(X)`` when ``X`` is passed
    explicitly. Callers that want "the other points" ask for one more neighbour and drop
    column 0, as imbalanced-learn does.

    For speed, large searches first compute the approximate squared distances
    :math:`\lVert f\rVert^2 - 2\,q \cdot f` with float32 matrix products (on data centred at
    the mean of ``X_fit``), keep for each block of (up to) 32 columns its minimum, and keep only the blocks
    that can still hold one of the k nearest neighbours given a bound on the rounding error.
    The few surviving candidates get their exact distance recomputed as above, so near-ties
    and cancellation cannot change the result. Memory stays bounded: no working array holds
    more than 256 x 1024 values, besides the block minima of one chunk of queries and, when
    the queries span several chunks, a float32 copy of ``X_fit``; an ``n_query x n_fit``
    matrix is never built. Each matrix product is computed in slices small enough for
    OpenBLAS to keep it on one thread, so that a core busy with another program does not
    slow the search down (OpenBLAS's threads wait for each other). The answer is that of :func:`kneighbors_brute`, which computes
    every distance: the same indices and the same distances, bit for bit.

    Examples
    --------
    >>> X = [[0.0, 0.0], [1.0, 0.0], [3.0, 0.0]]
    >>> kneighbors(X, [[0.9, 0.0]], n_neighbors=2)
    array([[1, 0]])
    >>> dist, ind = kneighbors(X, X, n_neighbors=2, return_distance=True)
    >>> ind
    array([[0, 1],
           [1, 0],
           [2, 1]])
    >>> dist[:, 1]
    array([1., 1., 2.])
    """
    F, Q = _check_fit_and_query(X_fit, X_query)
    return kneighbors_in_rows(F, Q, n_neighbors, return_distance=return_distance)


def kneighbors_brute(X_fit, X_query, n_neighbors, *, return_distance=False):
    r"""The k nearest neighbours by their definition: every distance, sorted.

    The brute-force search that :func:`kneighbors` must agree with, index for index and bit
    for bit: for a chunk of query rows, compute the squared distance to every row of
    ``X_fit``, sort each row of that matrix by (distance, index) and keep the first
    ``n_neighbors`` columns. Read this one to see what a nearest-neighbour search returns;
    call :func:`kneighbors`, which returns the same and is faster on large data.

    Parameters
    ----------
    X_fit : array-like of shape (n_fit, n_features)
        The points to search among. float32 and integer input is upcast to float64.
    X_query : array-like of shape (n_query, n_features)
        The points whose neighbours are wanted.
    n_neighbors : int
        How many neighbours to return for each query, ``1 <= n_neighbors <= n_fit``.
    return_distance : bool, default=False
        Also return the Euclidean distances.

    Returns
    -------
    distances : ndarray of shape (n_query, n_neighbors), float64
        Only when ``return_distance=True``: the Euclidean distance to each neighbour, ascending.
    indices : ndarray of shape (n_query, n_neighbors), int64
        Row indices into ``X_fit``, nearest first.

    Raises
    ------
    ValueError, TypeError
        As :func:`kneighbors`.

    Notes
    -----
    For a query :math:`q` the neighbours are the rows :math:`f_i` of ``X_fit`` in the order of

    .. math:: \big(d^2(q, f_i),\ i\big), \qquad d^2(q, f) = \sum_{j=1}^{p} (q_j - f_j)^2,

    the sum taken feature by feature in float64 (as scikit-learn's KD-tree adds it), so
    exact ties go to the lower index. A query row that is also a row of ``X_fit`` is its own
    nearest neighbour; to leave it out, ask for one more neighbour and drop column 0.

    The queries are taken a chunk at a time (about :math:`2^{17}` distances per chunk), so
    memory stays bounded for any number of queries; the time is
    :math:`O(n_\text{query}\, n_\text{fit}\, p)`.

    Examples
    --------
    >>> X = [[0.0, 0.0], [1.0, 0.0], [3.0, 0.0]]
    >>> kneighbors_brute(X, [[2.0, 0.0], [0.9, 0.0]], n_neighbors=2)
    array([[1, 2],
           [1, 0]])
    """
    F, Q = _check_fit_and_query(X_fit, X_query)
    k = _check_n_neighbors(n_neighbors, F.shape[0])
    dist, ind = _kneighbors_brute(F, Q, k, keep_distance=bool(return_distance))
    return (np.sqrt(dist), ind) if return_distance else ind


def _check_fit_and_query(X_fit, X_query):
    """Both point sets as finite float64 arrays with the same number of features."""
    F = check_array(X_fit, "X_fit", copy=False).astype(np.float64, copy=False)
    Q = check_array(X_query, "X_query", min_samples=0, copy=False).astype(np.float64, copy=False)
    if Q.shape[1] != F.shape[1]:
        raise ValueError(
            f"X_query has {Q.shape[1]} feature(s) but X_fit has {F.shape[1]}. "
            "Query with points that have the same features as the fitted ones."
        )
    return F, Q


def kneighbors_in_rows(
    X_fit, X_query, n_neighbors, *, fit_rows=None, query_rows=None, return_distance=False, low_memory=False
):
    """:func:`kneighbors` of ``X_query[query_rows]`` among ``X_fit[fit_rows]``, without copying either.

    The same search and the same answer as ``kneighbors(X_fit[fit_rows], X_query[query_rows],
    n_neighbors)``, but the rows are read in place (the queries a chunk at a time), so that a
    sampler searching one class of a large ``X`` does not copy the class. Indices are positions
    in ``fit_rows``. ``X_fit`` and ``X_query`` are checked finite arrays with the same number
    of features; ``fit_rows`` and ``query_rows`` are index arrays (``None`` = every row).
    ``low_memory=True`` keeps no float32 copy of the fitted rows (half their memory) and
    converts them a tile at a time for every 128 queries instead: the same answer, slower
    when there are many queries.
    """
    F = np.asarray(X_fit).astype(np.float64, copy=False)
    Q = np.asarray(X_query).astype(np.float64, copy=False)
    fit_rows = None if fit_rows is None else np.asarray(fit_rows, dtype=np.int64)
    query_rows = None if query_rows is None else np.asarray(query_rows, dtype=np.int64)
    k = _check_n_neighbors(n_neighbors, F.shape[0] if fit_rows is None else fit_rows.size)
    dist, ind = _search(
        F, Q, k, keep_distance=bool(return_distance), fit_rows=fit_rows, query_rows=query_rows, low_memory=low_memory
    )
    if return_distance:
        return np.sqrt(dist), ind
    return ind


class NearestNeighbors(BaseEstimator):
    r"""Unsupervised nearest-neighbour search with scikit-learn's interface.

    A thin shell around :func:`kneighbors`: ``fit`` stores the points, ``kneighbors`` queries
    them.

    Parameters
    ----------
    n_neighbors : int, default=5
        Number of neighbours returned by :meth:`kneighbors` when it is not given there.

    Attributes
    ----------
    n_samples_fit_ : int
        Number of fitted rows.
    n_features_in_ : int
        Number of features seen in ``fit``.

    Notes
    -----
    ``kneighbors(X)`` with ``X`` given does **not** exclude a query point from its own
    neighbours. ``kneighbors()`` (``X=None``) queries the fitted points and leaves each
    point out of its own list, as scikit-learn does: it asks for one more neighbour and drops
    the point itself (or, if an exact duplicate came first and pushed the point out of the
    list, drops the first column). Distances are Euclidean; ties go to the lower index (see
    :func:`kneighbors`).

    Examples
    --------
    >>> nn = NearestNeighbors(n_neighbors=1).fit([[0.0], [1.0], [3.0]])
    >>> nn.kneighbors([[2.6]])
    (array([[0.4]]), array([[2]]))
    >>> nn.kneighbors(return_distance=False)
    array([[1],
           [0],
           [1]])
    """

    def __init__(self, n_neighbors=5):
        self.n_neighbors = n_neighbors

    def fit(self, X, y=None):
        """Store the points to search among. ``y`` is ignored. Returns ``self``."""
        check_int(self.n_neighbors, "n_neighbors", minimum=1, hint="Ask for at least one neighbour.")
        self._fit_X = check_array(X, "X").astype(np.float64, copy=False)
        self.n_samples_fit_ = self._fit_X.shape[0]
        self.n_features_in_ = self._fit_X.shape[1]
        return self

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        """Neighbours of ``X`` among the fitted points (of the fitted points themselves if ``X`` is None)."""
        self._check_fitted("kneighbors", "_fit_X")
        k = self.n_neighbors if n_neighbors is None else n_neighbors
        if X is not None:
            return kneighbors(self._fit_X, X, k, return_distance=return_distance)
        k = check_int(k, "n_neighbors", minimum=1)
        n = self.n_samples_fit_
        if k >= n:
            raise ValueError(
                f"n_neighbors={k} leaves no room to exclude each point from its own list: the "
                f"fitted set has {n} row(s). Use n_neighbors <= {n - 1}."
            )
        dist, ind = kneighbors(self._fit_X, self._fit_X, k + 1, return_distance=True)
        is_self = ind == np.arange(n)[:, None]  # (n, k + 1)
        # a point pushed out of its own list by duplicates: drop the first column instead
        is_self[~is_self.any(axis=1), 0] = True
        keep = ~is_self
        ind = ind[keep].reshape(n, k)
        dist = dist[keep].reshape(n, k)
        return (dist, ind) if return_distance else ind


def check_neighbors_object(name, value, *, additional_neighbor=0):
    """Turn a neighbour parameter into a fresh, unfitted neighbour searcher.

    An integer ``k`` becomes ``NearestNeighbors(n_neighbors=k + additional_neighbor)``, the
    ``+ 1`` samplers add when the query point itself comes back as column 0. Any object with a
    ``kneighbors`` method (negedu's or scikit-learn's ``NearestNeighbors``) is copied, through
    ``get_params`` when it has one, and used **as is**, without the ``+ 1``, as imbalanced-learn
    does. The user's object is never fitted in place.

    >>> check_neighbors_object("k_neighbors", 5, additional_neighbor=1)
    NearestNeighbors(n_neighbors=6)
    >>> check_neighbors_object("k_neighbors", "five")
    Traceback (most recent call last):
    ...
    TypeError: k_neighbors must be an integer or an object with a kneighbors method (such as NearestNeighbors), got 'five' of type str.
    """
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        k = check_int(value, name, minimum=1, hint="Ask for at least one neighbour.")
        return NearestNeighbors(n_neighbors=k + additional_neighbor)
    if hasattr(value, "kneighbors") and not inspect.isclass(value):
        if hasattr(value, "get_params"):
            params = value.get_params(deep=False)
            return type(value)(**params)
        return copy.deepcopy(value)
    raise TypeError(
        f"{name} must be an integer or an object with a kneighbors method (such as "
        f"NearestNeighbors), got {_short(value)} of type {type(value).__name__}."
    )
