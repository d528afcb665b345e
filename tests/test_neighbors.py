"""negedu.neighbors: exact k-NN search, against scikit-learn, a textbook loop and invariants."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.base import clone
from sklearn.neighbors import NearestNeighbors as ReferenceNN

from negedu.exceptions import NotFittedError
from negedu import neighbors
from negedu.neighbors import NearestNeighbors, check_neighbors_object, kneighbors, kneighbors_brute


def _dataset(seed, n_fit, n_query, n_features, dtype=np.float64):
    rng = np.random.RandomState(seed)
    scale = rng.uniform(0.2, 3.0, size=n_features)
    shift = rng.normal(size=n_features)
    X_fit = (rng.normal(size=(n_fit, n_features)) * scale + shift).astype(dtype)
    X_query = (rng.normal(size=(n_query, n_features)) * scale + shift).astype(dtype)
    return X_fit, X_query


def _textbook_kneighbors(X_fit, X_query, k):
    """Distances by the definition, one query at a time; order by (distance, index)."""
    X_fit = np.asarray(X_fit, dtype=np.float64)
    out_d, out_i = [], []
    for q in np.asarray(X_query, dtype=np.float64):
        d2 = np.zeros(len(X_fit))
        for j in range(X_fit.shape[1]):  # feature by feature, as scikit-learn's KD-tree
            d2 += (X_fit[:, j] - q[j]) ** 2
        order = sorted(range(len(X_fit)), key=lambda i: (d2[i], i))[:k]
        out_i.append(order)
        out_d.append(np.sqrt(d2[order]))
    return np.array(out_d), np.array(out_i)


# (n_fit, n_query, n_features, k): small sets take the direct path, large ones the blocked path
CASES = [
    (40, 40, 2, 1),
    (300, 50, 7, 5),
    (1500, 300, 3, 4),
    (2000, 600, 20, 2),
    (3000, 300, 30, 11),
    (5000, 200, 16, 1),
    (1200, 100, 5, 1200),
    (9000, 257, 9, 6),
]


@pytest.mark.parametrize("n_fit, n_query, n_features, k", CASES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_kneighbors_ours_vs_reference(n_fit, n_query, n_features, k, dtype):
    X_fit, X_query = _dataset(n_fit + n_features, n_fit, n_query, n_features, dtype)
    ours_d, ours_i = kneighbors(X_fit, X_query, k, return_distance=True)
    ref_d, ref_i = ReferenceNN(n_neighbors=k).fit(X_fit).kneighbors(X_query)
    np.testing.assert_array_equal(ours_i, ref_i)
    np.testing.assert_allclose(ours_d, ref_d, rtol=1e-6 if dtype == np.float32 else 1e-12, atol=1e-9)
    assert ours_i.dtype == np.int64 and ours_d.dtype == np.float64


@pytest.mark.parametrize("seed", range(12))
def test_kneighbors_query_is_fit_includes_self(seed):
    rng = np.random.RandomState(seed)
    n, p = rng.randint(40, 2500), rng.randint(2, 31)
    X, _ = _dataset(seed, n, 1, p)
    k = rng.randint(1, 8)
    ours = kneighbors(X, X, k)
    reference = ReferenceNN(n_neighbors=k).fit(X).kneighbors(X, return_distance=False)
    np.testing.assert_array_equal(ours, reference)
    np.testing.assert_array_equal(ours[:, 0], np.arange(n))  # each point is its own nearest


@pytest.mark.parametrize("n_fit, n_query, n_features, k", CASES[:5])
def test_kneighbors_textbook(n_fit, n_query, n_features, k):
    X_fit, X_query = _dataset(7 * n_fit, n_fit, min(n_query, 60), n_features)
    ours_d, ours_i = kneighbors(X_fit, X_query, k, return_distance=True)
    book_d, book_i = _textbook_kneighbors(X_fit, X_query, k)
    np.testing.assert_array_equal(ours_i, book_i)
    np.testing.assert_array_equal(ours_d, book_d)  # bit for bit: same sequential sums


def test_exact_ties_go_to_the_lower_index():
    # every fitted point is duplicated; equal distances come out by ascending index
    base, X_query = _dataset(3, 1500, 50, 4)
    X_fit = np.vstack([base, base])  # row i and row i + 1500 are equal
    ind = kneighbors(X_fit, X_query, 4)
    book = _textbook_kneighbors(X_fit, X_query, 4)[1]
    np.testing.assert_array_equal(ind, book)
    assert (ind[:, 1] == ind[:, 0] + 1500).all()


def test_far_from_origin_cancellation_cannot_reorder():
    # ||q||^2 - 2 q.f + ||f||^2 loses about 12 digits here; the exact recomputation does not
    X_fit, X_query = _dataset(11, 3000, 80, 20)
    X_fit, X_query = X_fit * 1e-3 + 1e6, X_query * 1e-3 + 1e6
    X_fit = np.vstack([X_fit, X_query[:5]])  # a few exact matches as well
    ours = kneighbors(X_fit, X_query, 3)
    np.testing.assert_array_equal(ours, _textbook_kneighbors(X_fit, X_query, 3)[1])


def test_an_outlier_widens_the_bound_but_not_the_answer():
    X_fit, X_query = _dataset(13, 4000, 100, 8)
    X_fit[17] = 1e7  # one point very far away: the rounding bound grows with its norm
    np.testing.assert_array_equal(kneighbors(X_fit, X_query, 5), _textbook_kneighbors(X_fit, X_query, 5)[1])


@pytest.mark.parametrize("scale", [1e-30, 1e-8, 1e12, 1e30])
def test_any_units_give_the_same_neighbours(scale):
    # the float32 pre-selection works on rescaled data: no overflow or underflow
    X_fit, X_query = _dataset(21, 2500, 60, 7)
    expected = _textbook_kneighbors(X_fit, X_query, 4)[1]
    np.testing.assert_array_equal(kneighbors(X_fit * scale, X_query * scale, 4), expected)
    far = X_query * 1e20  # queries far outside the fitted set
    np.testing.assert_array_equal(kneighbors(X_fit, far, 2), _textbook_kneighbors(X_fit, far, 2)[1])


@pytest.mark.parametrize("low_memory", [False, True])
def test_memory_is_bounded_by_chunks(monkeypatch, low_memory):
    # a tiny tile and chunk size exercise the padding of the last tile and several chunks;
    # low_memory converts every tile for every chunk instead of keeping a float32 copy
    monkeypatch.setattr(neighbors, "_TILE", 64)
    monkeypatch.setattr(neighbors, "_SINGLE_TILE", 100)
    monkeypatch.setattr(neighbors, "_TILE_ELEMENTS", 64 * 7)
    monkeypatch.setattr(neighbors, "_QUERY_CHUNK", 7)
    monkeypatch.setattr(neighbors, "_DIRECT_MAX_FIT", 10)
    X_fit, X_query = _dataset(5, 1001, 45, 6)
    expected_dist, expected = _textbook_kneighbors(X_fit, X_query, 3)
    np.testing.assert_array_equal(kneighbors(X_fit, X_query, 3), expected)
    np.testing.assert_array_equal(neighbors.kneighbors_in_rows(X_fit, X_query, 3, low_memory=low_memory), expected)
    dist, ind = neighbors.kneighbors_in_rows(X_fit, X_query, 3, return_distance=True, low_memory=low_memory)
    np.testing.assert_array_equal(ind, expected)
    np.testing.assert_allclose(dist, expected_dist, rtol=1e-12)
    few = X_query[:11]  # at most two chunks' worth of queries: one chunk, each tile converted once
    np.testing.assert_array_equal(neighbors.kneighbors_in_rows(X_fit, few, 3, low_memory=low_memory), expected[:11])
    small_fit = X_fit[:8]  # the direct path, in chunks of a few queries
    monkeypatch.setattr(neighbors, "_DIRECT_CHUNK_ELEMENTS", 20)
    np.testing.assert_array_equal(kneighbors(small_fit, X_query, 3), _textbook_kneighbors(small_fit, X_query, 3)[1])
    np.testing.assert_array_equal(kneighbors(small_fit, X_query, 3, return_distance=True)[1],
                                  _textbook_kneighbors(small_fit, X_query, 3)[1])


@settings(max_examples=40, deadline=None)
@given(
    X=arrays(np.float64, st.tuples(st.integers(2, 60), st.integers(1, 4)), elements=st.floats(-50, 50, width=32)),
    data=st.data(),
)
def test_kneighbors_invariants(X, data):
    k = data.draw(st.integers(1, X.shape[0]))
    dist, ind = kneighbors(X, X, k, return_distance=True)
    assert ind.shape == dist.shape == (X.shape[0], k)
    assert (np.diff(dist, axis=1) >= 0).all()  # ascending
    assert all(len(set(row)) == k for row in ind.tolist())  # distinct neighbours
    assert (dist[:, 0] == 0).all()  # a point (or a duplicate of it) is at distance 0
    np.testing.assert_allclose(dist, np.linalg.norm(X[ind] - X[:, None, :], axis=2), rtol=1e-12, atol=1e-12)
    # reversing the query rows reverses the answer
    np.testing.assert_array_equal(kneighbors(X, X[::-1], k), ind[::-1])
    np.testing.assert_array_equal(ind, _textbook_kneighbors(X, X, k)[1])


def test_inputs_are_not_modified_and_dtypes():
    X_fit, X_query = _dataset(1, 1500, 30, 5, np.float32)
    before = X_fit.copy(), X_query.copy()
    ind = kneighbors(X_fit, X_query, 2)
    np.testing.assert_array_equal(X_fit, before[0])
    np.testing.assert_array_equal(X_query, before[1])
    assert ind.dtype == np.int64
    assert kneighbors([[0, 0], [3, 4]], [[0, 1]], 2, return_distance=True)[0].tolist() == [[1.0, np.sqrt(18)]]
    assert kneighbors(X_fit, X_query[:0], 2).shape == (0, 2)


def test_kneighbors_errors():
    X = np.arange(6.0).reshape(3, 2)
    with pytest.raises(ValueError, match=r"n_neighbors=4 is more than the 3 row\(s\) of the fitted set X_fit.*Use n_neighbors <= 3"):
        kneighbors(X, X, 4)
    with pytest.raises(ValueError, match="n_neighbors must be at least 1, got 0"):
        kneighbors(X, X, 0)
    with pytest.raises(TypeError, match="n_neighbors must be an integer, got 2.5"):
        kneighbors(X, X, 2.5)
    with pytest.raises(ValueError, match="X_query has 3 feature\\(s\\) but X_fit has 2"):
        kneighbors(X, np.ones((1, 3)), 1)
    with pytest.raises(ValueError, match="X_fit contains NaN"):
        kneighbors([[np.nan, 0.0]], X, 1)
    with pytest.raises(ValueError, match="X_query contains infinity"):
        kneighbors(X, [[np.inf, 0.0]], 1)


# ---------------------------------------------------------------- the definition, and the fast search against it
@pytest.mark.parametrize("n_fit, n_query, n_features, k", CASES[:5])
def test_kneighbors_brute_is_the_textbook_definition(n_fit, n_query, n_features, k):
    X_fit, X_query = _dataset(3 * n_fit, n_fit, min(n_query, 60), n_features)
    brute_d, brute_i = kneighbors_brute(X_fit, X_query, k, return_distance=True)
    book_d, book_i = _textbook_kneighbors(X_fit, X_query, k)
    np.testing.assert_array_equal(brute_i, book_i)
    np.testing.assert_array_equal(brute_d, book_d)
    assert brute_i.dtype == np.int64 and brute_d.dtype == np.float64


def _assert_fast_equals_brute(X_fit, X_query, k):
    fast_d, fast_i = kneighbors(X_fit, X_query, k, return_distance=True)
    brute_d, brute_i = kneighbors_brute(X_fit, X_query, k, return_distance=True)
    np.testing.assert_array_equal(fast_i, brute_i)
    np.testing.assert_array_equal(fast_d, brute_d)  # bit for bit
    np.testing.assert_array_equal(kneighbors(X_fit, X_query, k), kneighbors_brute(X_fit, X_query, k))


@pytest.mark.parametrize("seed", range(40))
def test_kneighbors_equals_brute_on_seeded_cases(seed):
    # direct and blocked paths, grids with many exact ties, k from 1 up to every row
    rng = np.random.RandomState(seed)
    n_fit = int(rng.choice([5, 63, 64, 300, 2100, 4100]))
    n_features = int(rng.randint(1, 12))
    k = int(rng.choice([1, 2, 5, n_fit // 3 + 1, n_fit]))
    if seed % 2:  # an integer grid: exact ties in distance everywhere
        X = rng.randint(0, 4, size=(n_fit + 30, n_features)).astype(float)
    else:
        X = rng.normal(size=(n_fit + 30, n_features)) * rng.uniform(0.1, 5.0, size=n_features)
    X_fit, X_query = X[:n_fit], X[n_fit:]
    _assert_fast_equals_brute(X_fit, X_query, k)
    # the query is a row of the fitted set: it comes first, or is excluded by dropping column 0
    k_self = min(k, n_fit - 1) + 1
    fast = kneighbors(X_fit, X_fit, k_self)
    brute = kneighbors_brute(X_fit, X_fit, k_self)
    np.testing.assert_array_equal(fast, brute)
    np.testing.assert_array_equal(fast[:, 1:], brute[:, 1:])


@settings(max_examples=60, deadline=None)
@given(
    X=arrays(np.float64, st.tuples(st.integers(2, 150), st.integers(1, 3)), elements=st.integers(-3, 3).map(float)),
    data=st.data(),
)
def test_kneighbors_equals_brute_with_ties(X, data):
    k = data.draw(st.integers(1, X.shape[0]))
    _assert_fast_equals_brute(X, X, k)
    _assert_fast_equals_brute(X, X[::-1] + 0.5, k)


def test_kneighbors_brute_chunks_the_queries(monkeypatch):
    # a tiny chunk budget: many chunks of queries, never an n_query x n_fit matrix at once
    X_fit, X_query = _dataset(8, 50, 333, 3)
    expected = _textbook_kneighbors(X_fit, X_query, 4)[1]
    monkeypatch.setattr(neighbors, "_DIRECT_CHUNK_ELEMENTS", 200)
    np.testing.assert_array_equal(kneighbors_brute(X_fit, X_query, 4), expected)


def test_kneighbors_brute_errors_are_those_of_kneighbors():
    X = np.arange(6.0).reshape(3, 2)
    with pytest.raises(ValueError, match=r"n_neighbors=4 is more than the 3 row\(s\) of the fitted set X_fit"):
        kneighbors_brute(X, X, 4)
    with pytest.raises(ValueError, match="X_query has 3 feature\\(s\\) but X_fit has 2"):
        kneighbors_brute(X, np.ones((1, 3)), 1)
    with pytest.raises(ValueError, match="X_fit contains NaN"):
        kneighbors_brute([[np.nan, 0.0]], X, 1)
    assert kneighbors_brute(X, X[:0], 2).shape == (0, 2)



@pytest.mark.parametrize("seed", range(4))
def test_nearest_neighbors_class_ours_vs_reference(seed):
    X_fit, X_query = _dataset(seed, 800, 30, 3 + 5 * seed)
    ours = NearestNeighbors(n_neighbors=3).fit(X_fit)
    reference = ReferenceNN(n_neighbors=3).fit(X_fit)
    for args in [(X_query,), (None,), (X_query, 5), (None, 1)]:
        (od, oi), (rd, ri) = ours.kneighbors(*args), reference.kneighbors(*args)
        np.testing.assert_array_equal(oi, ri)
        np.testing.assert_allclose(od, rd, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(ours.kneighbors(return_distance=False), reference.kneighbors(return_distance=False))
    assert ours.n_samples_fit_ == 800 and ours.n_features_in_ == X_fit.shape[1]


def test_nearest_neighbors_x_none_with_duplicates_drops_a_copy():
    X = np.array([[0.0], [0.0], [5.0], [7.0]])
    ind = NearestNeighbors(n_neighbors=1).fit(X).kneighbors(return_distance=False)
    assert ind[:, 0].tolist() == [1, 0, 3, 2]


def test_nearest_neighbors_params_clone_repr_and_errors():
    nn = NearestNeighbors()
    assert nn.get_params() == {"n_neighbors": 5}
    assert repr(nn) == "NearestNeighbors()"
    assert repr(nn.set_params(n_neighbors=2)) == "NearestNeighbors(n_neighbors=2)"
    twin = clone(nn)
    assert twin is not nn and twin.n_neighbors == 2
    with pytest.raises(ValueError, match="Invalid parameter 'k' for NearestNeighbors"):
        nn.set_params(k=3)
    with pytest.raises(NotFittedError, match=r"This NearestNeighbors is not fitted yet: call fit\(X\) before kneighbors\."):
        NearestNeighbors().kneighbors([[0.0]])
    with pytest.raises(ValueError, match=r"n_neighbors=3 leaves no room.*fitted set has 3 row\(s\). Use n_neighbors <= 2"):
        NearestNeighbors(3).fit([[0.0], [1.0], [2.0]]).kneighbors()


def test_check_neighbors_object():
    assert check_neighbors_object("k_neighbors", 5, additional_neighbor=1).n_neighbors == 6
    user = ReferenceNN(n_neighbors=4)
    made = check_neighbors_object("n_neighbors", user, additional_neighbor=1)
    assert isinstance(made, ReferenceNN) and made is not user and made.n_neighbors == 4  # no +1
    made.fit(np.zeros((5, 1)))
    assert not hasattr(user, "n_samples_fit_")  # the user's object is never fitted
    with pytest.raises(TypeError, match="k_neighbors must be an integer or an object with a kneighbors method.*got 'five'"):
        check_neighbors_object("k_neighbors", "five")
    with pytest.raises(TypeError, match="must be an integer or an object"):
        check_neighbors_object("k_neighbors", True)
    with pytest.raises(ValueError, match="k_neighbors must be at least 1, got 0"):
        check_neighbors_object("k_neighbors", 0)


@pytest.mark.parametrize("n_fit, k", [(50, 3), (300, 1), (2500, 3), (2500, 40)])
def test_k_farthest_sq_distances_textbook(n_fit, k):
    X_fit, X_query = _dataset(n_fit, n_fit, 70, 6)
    far = neighbors.k_farthest_sq_distances(X_fit, X_query, k)
    full = np.sort(_textbook_kneighbors(X_fit, X_query, n_fit)[0] ** 2, axis=1)[:, -k:]
    np.testing.assert_allclose(far, full, rtol=1e-14)
    assert (np.diff(far, axis=1) >= 0).all()  # ascending, as the last k columns of a full list


def test_block_size_choice():
    assert neighbors._block_size(10, 1) is None  # tiny: every distance exactly
    assert neighbors._block_size(100_000, 4) == neighbors._BLOCK == 32
    assert neighbors._block_size(10_000, 4) == 16  # about sqrt(n_fit / (4 k))
    assert neighbors._block_size(1000, 3) == 8
    assert neighbors._block_size(100, 3) == 4
    assert neighbors._block_size(1000, 1000) is None  # k close to n: nothing to pre-select


@pytest.mark.parametrize("low_memory", [False, True])
@pytest.mark.parametrize("seed", range(4))
def test_a_subset_of_rows_is_searched_in_place(seed, low_memory):
    # kneighbors_in_rows(X, Q, k, fit_rows=f, query_rows=q) == kneighbors(X[f], Q[q], k), on every path
    rng = np.random.default_rng(seed)
    X, X_query = _dataset(seed, 3000, 400, 5)
    rows = np.sort(rng.choice(3000, size=int(rng.integers(1100, 2900)), replace=False))
    queries = rng.permutation(400)[: int(rng.integers(1, 400))]
    X_before, Q_before = X.copy(), X_query.copy()
    for k in (1, 3, 8):
        expected_dist, expected = _textbook_kneighbors(X[rows], X_query[queries], k)
        np.testing.assert_array_equal(neighbors.kneighbors_in_rows(X, X_query, k, fit_rows=rows, query_rows=queries, low_memory=low_memory), expected)
        dist, ind = neighbors.kneighbors_in_rows(X, X_query, k, fit_rows=rows, query_rows=queries, return_distance=True, low_memory=low_memory)
        np.testing.assert_array_equal(ind, expected)
        np.testing.assert_allclose(dist, expected_dist, rtol=1e-12)
        np.testing.assert_array_equal(neighbors.kneighbors_in_rows(X, X_query, k, fit_rows=rows, low_memory=low_memory), kneighbors(X[rows], X_query, k))
        np.testing.assert_array_equal(neighbors.kneighbors_in_rows(X, X, k, query_rows=rows, low_memory=low_memory), kneighbors(X, X[rows], k))
    small = rows[:50]  # the direct path
    np.testing.assert_array_equal(neighbors.kneighbors_in_rows(X, X_query, 3, fit_rows=small, query_rows=queries),
                                  kneighbors(X[small], X_query[queries], 3))
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(X_query, Q_before)
    with pytest.raises(ValueError, match="n_neighbors=51 is more than the 50"):
        neighbors.kneighbors_in_rows(X, X_query, 51, fit_rows=small)


@pytest.mark.parametrize("low_memory", [False, True])
def test_farthest_search_on_both_tile_paths(low_memory):
    X_fit, X_query = _dataset(3, 2500, 300, 6)
    d2 = ((X_query[:, None, :] - X_fit[None, :, :]) ** 2).sum(-1)
    expected = np.sort(d2, axis=1)[:, -4:]
    np.testing.assert_allclose(neighbors.k_farthest_sq_distances(X_fit, X_query, 4), expected, rtol=1e-12)
    farthest_first = neighbors._search(X_fit, X_query, 4, farthest=True, low_memory=low_memory)[0]
    np.testing.assert_allclose(farthest_first[:, ::-1], expected, rtol=1e-12)


@pytest.mark.parametrize("low_memory", [False, True])
def test_one_query_at_a_time_gives_the_same_rows(low_memory, monkeypatch):
    # a chunk of one query once partitioned the block minima in place (a transposed (n, 1)
    # array is already contiguous, so the "copy" was the array itself)
    monkeypatch.setattr(neighbors, "_TILE", 32)
    monkeypatch.setattr(neighbors, "_SINGLE_TILE", 32)
    monkeypatch.setattr(neighbors, "_TILE_ELEMENTS", 32 * 5)
    monkeypatch.setattr(neighbors, "_QUERY_CHUNK", 5)
    X_fit, X_query = _dataset(8, 300, 40, 5)
    expected = _textbook_kneighbors(X_fit, X_query, 2)[1]
    for i in range(X_query.shape[0]):
        got = neighbors.kneighbors_in_rows(X_fit, X_query, 2, query_rows=[i], low_memory=low_memory)
        np.testing.assert_array_equal(got, expected[i : i + 1])


@pytest.mark.parametrize("bound_width", [1, 2, 3, 32])
@pytest.mark.parametrize("n_fit, k", [(1040, 1), (1040, 3), (999, 7), (200, 12)])
def test_one_tile_bound_from_merged_blocks(monkeypatch, bound_width, n_fit, k):
    # a one-tile search ranks the minima of merged pairs of blocks (an odd last block left out)
    # until at most _BOUND_WIDTH remain, but never fewer than k: every width gives the same answer
    monkeypatch.setattr(neighbors, "_BOUND_WIDTH", bound_width)
    assert neighbors._block_size(n_fit, k) is not None and n_fit <= neighbors._SINGLE_TILE
    X_fit, X_query = _dataset(n_fit + k, n_fit, 40, 5)
    X_query = np.vstack([X_query, X_fit[:3], X_fit[:3] + 1e-9])  # exact matches and near-ties
    book_d, book_i = _textbook_kneighbors(X_fit, X_query, k)
    dist, ind = neighbors.kneighbors_in_rows(X_fit, X_query, k, return_distance=True)
    np.testing.assert_array_equal(ind, book_i)
    np.testing.assert_array_equal(dist, book_d)
    far = neighbors.k_farthest_sq_distances(X_fit, X_query, k)
    full = np.sort(_textbook_kneighbors(X_fit, X_query, n_fit)[0] ** 2, axis=1)[:, -k:]
    np.testing.assert_allclose(far, full, rtol=1e-14)


@pytest.mark.parametrize("n_fit, n_query, n_features", [(1500, 300, 20), (5000, 400, 20), (3000, 50, 40)])
def test_every_product_stays_on_one_blas_thread(monkeypatch, n_fit, n_query, n_features):
    # OpenBLAS splits a product between its threads above 2**19 multiply-adds, and the threads
    # wait for each other when another program keeps a core busy: no product of a search (one
    # tile, several tiles, wide data) may be larger than that
    sizes = []
    matmul = np.matmul

    def spy(a, b, *args, **kwargs):
        if a.ndim == 2 and b.ndim == 2:
            sizes.append(a.shape[0] * a.shape[1] * b.shape[1])
        return matmul(a, b, *args, **kwargs)

    monkeypatch.setattr(neighbors.np, "matmul", spy)
    X_fit, X_query = _dataset(30, n_fit, n_query, n_features)
    got = kneighbors(X_fit, X_query, 6)
    monkeypatch.undo()
    assert sizes and max(sizes) <= neighbors._ONE_THREAD_PRODUCT == 2**19
    np.testing.assert_array_equal(got, _textbook_kneighbors(X_fit, X_query, 6)[1])


@pytest.mark.parametrize("limit", [1, 100, 5000])
def test_products_in_any_slices_give_the_same_rows(monkeypatch, limit):
    # the product slices change the float32 pre-selection in the last bits, never the answer
    monkeypatch.setattr(neighbors, "_ONE_THREAD_PRODUCT", limit)
    for n_fit in (900, 2500):  # one tile, several tiles
        X_fit, X_query = _dataset(31, n_fit, 70, 8)
        X_query = np.vstack([X_query, X_fit[:3], X_fit[:3] + 1e-9])  # exact matches and near-ties
        book_d, book_i = _textbook_kneighbors(X_fit, X_query, 4)
        dist, ind = kneighbors(X_fit, X_query, 4, return_distance=True)
        np.testing.assert_array_equal(ind, book_i)
        np.testing.assert_array_equal(dist, book_d)


def test_padded_tiles_raise_no_floating_point_warning():
    """The last tile's padding rows are finite: with +inf padding OpenBLAS's discarded lanes
    computed inf * 0, and NumPy warned 'invalid value encountered in matmul' (results were right).
    The data and samplers are the ones where the benchmark showed it."""
    import warnings

    from sklearn.datasets import make_classification

    from negedu.resampling import ADASYN, NearMiss

    X, y = make_classification(n_samples=10000, n_features=20, n_informative=10, n_redundant=5, weights=[0.99],
                               flip_y=0.01, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        NearMiss(version=3).fit_resample(X, y)
        ADASYN(random_state=0).fit_resample(X, y)
