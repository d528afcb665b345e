"""negedu.contrastive: word2vec negative sampling, InfoNCE / NT-Xent / MoCo, triplets and mining.

No reference implementation exists in our environment (no torch, TensorFlow or gensim), so
the layers are (b) formulas and loops over pairs and triplets written here, with
scikit-learn's log_loss for the cross-entropy view of NT-Xent, and (c) invariants, plus
finite-difference checks of every gradient.
"""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import log_loss

from negedu.contrastive import (
    MoCoQueue,
    batch_all_triplet_loss,
    batch_all_triplets,
    batch_hard_triplet_loss,
    batch_hard_triplets,
    batch_triplet_loss_grad,
    info_nce_loss,
    info_nce_loss_grad,
    momentum_update,
    most_similar,
    negative_difficulty,
    noise_distribution,
    nt_xent_logits,
    nt_xent_loss,
    nt_xent_loss_grad,
    pairwise_distances,
    sample_negatives,
    semi_hard_triplet_loss,
    semi_hard_triplets,
    sgns_loss,
    sgns_loss_grad,
    skipgram_pairs,
    tokenize,
    train_linear_moco,
    train_sgns,
    triplet_loss,
    triplet_loss_grad,
)
from negedu.datasets import load_pydoc_corpus

SEEDS = range(6)


def numeric_grad(f, x, eps=1e-6):
    """Central differences of the scalar f at x, entry by entry."""
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += eps
        down[idx] -= eps
        g[idx] = (f(up) - f(down)) / (2 * eps)
    return g


def sig(t):
    return 1.0 / (1.0 + math.exp(-t))


# ------------------------------------------------------------------------------ word2vec
def test_noise_distribution_is_counts_to_the_power_normalised():
    counts = np.array([1000, 100, 10, 1, 0])
    for power in (0.0, 0.5, 0.75, 1.0):
        ours = noise_distribution(counts, power=power)
        reference = np.array([c**power if c or power == 0 else 0.0 for c in counts], dtype=float)
        reference /= reference.sum()
        np.testing.assert_allclose(ours, reference, rtol=1e-12)
        assert abs(ours.sum() - 1.0) < 1e-12
    # the 3/4 power: a word 1000 times rarer is drawn 1000**0.75 ~ 178 times less often
    p = noise_distribution([1000, 1], power=0.75)
    assert p[0] / p[1] == pytest.approx(1000**0.75)


def test_noise_distribution_flattens_monotonically():
    counts = load_pydoc_corpus().counts
    tops = [noise_distribution(counts, power=a)[0] for a in (1.0, 0.75, 0.5, 0.0)]
    assert tops == sorted(tops, reverse=True)


def test_sampling_frequencies_converge_within_binomial_sd():
    noise = noise_distribution([50, 20, 10, 5, 1], power=0.75)
    n = 200_000
    draws = sample_negatives(noise, n, random_state=0)
    freq = np.bincount(draws, minlength=5) / n
    sd = np.sqrt(noise * (1 - noise) / n)
    assert np.all(np.abs(freq - noise) < 4 * sd)
    assert sample_negatives(noise, (3, 4), random_state=1).shape == (3, 4)
    np.testing.assert_array_equal(sample_negatives(noise, 10, random_state=2), sample_negatives(noise, 10, random_state=2))


def test_tokenize_and_pairs():
    assert tokenize("Hello, World 42 x_y") == ["hello", "world", "x", "y"]
    pairs = skipgram_pairs(np.arange(5), window=2)
    reference = {(i, j) for i in range(5) for j in range(5) if 0 < abs(i - j) <= 2}
    assert set(map(tuple, pairs.tolist())) == reference and len(pairs) == len(reference)


@pytest.mark.parametrize("seed", SEEDS)
def test_sgns_loss_matches_the_formula_loop(seed):
    rng = np.random.RandomState(seed)
    B, k, d = 4, 3, 5
    u, v, neg = rng.normal(size=(B, d)), rng.normal(size=(B, d)), rng.normal(size=(B, k, d))
    reference = []
    for b in range(B):
        term = -math.log(sig(u[b] @ v[b]))
        for j in range(k):
            term -= math.log(sig(-(u[b] @ neg[b, j])))
        reference.append(term)
    ours = sgns_loss(u, v, neg, reduction="none")
    np.testing.assert_allclose(ours, reference, rtol=1e-12)
    assert sgns_loss(u, v, neg) == pytest.approx(np.mean(reference))
    assert isinstance(sgns_loss(u, v, neg, reduction="sum"), float)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_sgns_gradient_by_finite_differences(seed, reduction):
    rng = np.random.RandomState(seed)
    u, v, neg = rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), rng.normal(size=(3, 2, 4))
    g_u, g_v, g_neg = sgns_loss_grad(u, v, neg, reduction=reduction)
    np.testing.assert_allclose(g_u, numeric_grad(lambda x: sgns_loss(x, v, neg, reduction=reduction), u), atol=1e-6)
    np.testing.assert_allclose(g_v, numeric_grad(lambda x: sgns_loss(u, x, neg, reduction=reduction), v), atol=1e-6)
    np.testing.assert_allclose(g_neg, numeric_grad(lambda x: sgns_loss(u, v, x, reduction=reduction), neg), atol=1e-6)


def test_sgns_is_stable_for_huge_scores():
    u = np.array([[1000.0]])
    assert sgns_loss(u, [[-1.0]], [[[1.0]]]) == pytest.approx(2000.0)
    assert all(np.isfinite(g).all() for g in sgns_loss_grad(u, [[-1.0]], [[[1.0]]]))


def test_train_sgns_learns_and_does_not_touch_input():
    corpus = load_pydoc_corpus()
    ids = corpus.ids[:8000].copy()
    before = ids.copy()
    model = train_sgns(ids, len(corpus.vocab), embedding_dim=16, n_epochs=1, random_state=0)
    np.testing.assert_array_equal(ids, before)
    assert model.losses[:20].mean() > model.losses[-20:].mean()
    assert model.losses[0] == pytest.approx(6 * math.log(2))  # W_out starts at 0: every score is 0
    again = train_sgns(ids, len(corpus.vocab), embedding_dim=16, n_epochs=1, random_state=0)
    np.testing.assert_array_equal(model.W_in, again.W_in)


def test_most_similar_is_cosine_ranking():
    rng = np.random.RandomState(0)
    W = rng.normal(size=(6, 3))
    vocab = list("abcdef")
    got = most_similar(W, vocab, "c", n=5)
    cos = [(w, W[i] @ W[2] / np.linalg.norm(W[i]) / np.linalg.norm(W[2])) for i, w in enumerate(vocab) if w != "c"]
    cos.sort(key=lambda t: -t[1])
    assert [w for w, _ in got] == [w for w, _ in cos]
    np.testing.assert_allclose([s for _, s in got], [s for _, s in cos])


# ------------------------------------------------------------------------ InfoNCE / NT-Xent
@pytest.mark.parametrize("seed", SEEDS)
def test_info_nce_matches_loop(seed):
    rng = np.random.RandomState(seed)
    q, kp, kn, tau = rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), rng.normal(size=(5, 4)), 0.3
    reference = []
    for i in range(3):
        logits = [q[i] @ kp[i] / tau] + [q[i] @ kn[j] / tau for j in range(5)]
        reference.append(-logits[0] + math.log(sum(math.exp(t) for t in logits)))
    np.testing.assert_allclose(info_nce_loss(q, kp, kn, temperature=tau, reduction="none"), reference, rtol=1e-12)
    # the order of the negatives does not matter
    perm = rng.permutation(5)
    assert info_nce_loss(q, kp, kn[perm], temperature=tau) == pytest.approx(info_nce_loss(q, kp, kn, temperature=tau))


def test_info_nce_uniform_logits_give_log_k_plus_one():
    q = np.zeros((2, 3))
    assert info_nce_loss(q, np.ones((2, 3)), np.ones((7, 3))) == pytest.approx(math.log(8))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_info_nce_gradient(seed, reduction):
    rng = np.random.RandomState(seed)
    q, kp, kn = rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), rng.normal(size=(5, 4))
    kw = {"temperature": 0.5, "reduction": reduction}
    g_q, g_k, g_n = info_nce_loss_grad(q, kp, kn, **kw)
    np.testing.assert_allclose(g_q, numeric_grad(lambda x: info_nce_loss(x, kp, kn, **kw), q), atol=1e-6)
    np.testing.assert_allclose(g_k, numeric_grad(lambda x: info_nce_loss(q, x, kn, **kw), kp), atol=1e-6)
    np.testing.assert_allclose(g_n, numeric_grad(lambda x: info_nce_loss(q, kp, x, **kw), kn), atol=1e-6)


def nt_xent_loop(z1, z2, tau):
    z = np.concatenate([z1, z2])
    z = z / np.linalg.norm(z, axis=1, keepdims=True)
    n2 = len(z)
    terms = []
    for i in range(n2):
        j = (i + n2 // 2) % n2
        denom = sum(math.exp(z[i] @ z[k] / tau) for k in range(n2) if k != i)
        terms.append(-math.log(math.exp(z[i] @ z[j] / tau) / denom))
    return terms


@pytest.mark.parametrize("seed", SEEDS)
def test_nt_xent_matches_loop_and_log_loss(seed):
    rng = np.random.RandomState(seed)
    z1, z2 = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    reference = nt_xent_loop(z1, z2, 0.5)
    ours = nt_xent_loss(z1, z2, temperature=0.5, reduction="none")
    np.testing.assert_allclose(ours, reference, rtol=1e-10)
    logits, targets = nt_xent_logits(z1, z2, temperature=0.5)
    P = np.exp(logits - logits.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    assert nt_xent_loss(z1, z2, temperature=0.5) == pytest.approx(log_loss(targets, P, labels=np.arange(8)), rel=1e-10)


def test_nt_xent_invariances():
    rng = np.random.RandomState(3)
    z1, z2 = rng.normal(size=(5, 4)), rng.normal(size=(5, 4))
    base = nt_xent_loss(z1, z2, temperature=0.2)
    Q, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    perm = rng.permutation(5)
    assert nt_xent_loss(z2, z1, temperature=0.2) == pytest.approx(base)
    assert nt_xent_loss(z1[perm], z2[perm], temperature=0.2) == pytest.approx(base)
    assert nt_xent_loss(z1 @ Q, z2 @ Q, temperature=0.2) == pytest.approx(base)
    assert nt_xent_loss(3.0 * z1, 0.1 * z2, temperature=0.2) == pytest.approx(base)


def test_nt_xent_temperature_limits():
    rng = np.random.RandomState(4)
    z1, z2 = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    assert nt_xent_loss(z1, z2, temperature=1e6) == pytest.approx(math.log(2 * 4 - 1), rel=1e-5)
    # tau -> 0: tau * loss tends to the mean hinge max(0, hardest negative sim - positive sim)
    logits, targets = nt_xent_logits(z1, z2, temperature=1.0)
    rows = np.arange(8)
    pos = logits[rows, targets]
    masked = logits.copy()
    masked[rows, targets] = -np.inf
    hinge = np.maximum(masked.max(axis=1) - pos, 0).mean()
    tau = 1e-4
    assert tau * nt_xent_loss(z1, z2, temperature=tau) == pytest.approx(hinge, abs=1e-3)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_nt_xent_gradient(seed, reduction):
    rng = np.random.RandomState(seed)
    z1, z2 = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    kw = {"temperature": 0.5, "reduction": reduction}
    g1, g2 = nt_xent_loss_grad(z1, z2, **kw)
    np.testing.assert_allclose(g1, numeric_grad(lambda x: nt_xent_loss(x, z2, **kw), z1), atol=1e-6)
    np.testing.assert_allclose(g2, numeric_grad(lambda x: nt_xent_loss(z1, x, **kw), z2), atol=1e-6)


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 6), st.floats(0.05, 5.0), st.integers(0, 10_000))
def test_contrastive_losses_are_nonnegative(n, tau, seed):
    rng = np.random.RandomState(seed)
    z1, z2 = rng.normal(size=(n, 3)), rng.normal(size=(n, 3))
    assert nt_xent_loss(z1, z2, temperature=tau) >= 0
    assert info_nce_loss(z1, z2, rng.normal(size=(4, 3)), temperature=tau) >= 0


def test_moco_queue_is_fifo():
    queue = MoCoQueue(size=4, dim=2)
    out = queue.enqueue(np.arange(6.0).reshape(3, 2))
    assert out.shape == (0, 2) and len(queue) == 3
    out = queue.enqueue(np.arange(6.0, 12.0).reshape(3, 2))
    np.testing.assert_array_equal(out, [[0.0, 1.0], [2.0, 3.0]])
    np.testing.assert_array_equal(queue.keys, np.arange(4.0, 12.0).reshape(4, 2))
    np.testing.assert_array_equal(queue.dequeue(1), [[4.0, 5.0]])
    keys = queue.keys
    keys[:] = 0  # a copy: the queue is unchanged
    assert len(queue) == 3 and queue.keys[0, 0] == 6.0


def test_momentum_update():
    a, b = np.array([1.0, 2.0]), np.array([3.0, 6.0])
    np.testing.assert_allclose(momentum_update(a, b, 0.75), 0.75 * a + 0.25 * b)
    np.testing.assert_array_equal(momentum_update(a, b, 0.0), b)
    np.testing.assert_array_equal(momentum_update(a, b, 1.0), a)
    assert a.tolist() == [1.0, 2.0]


def test_momentum_keeps_the_queue_consistent():
    rng = np.random.RandomState(0)
    X = np.repeat(rng.normal(size=(4, 5)) * 3, 30, axis=0) + rng.normal(size=(120, 5)) * 0.5
    fast = train_linear_moco(X, momentum=0.0, n_steps=80, random_state=0)
    slow = train_linear_moco(X, momentum=0.99, n_steps=80, random_state=0)
    assert slow.staleness[-30:].mean() < 0.2 * fast.staleness[-30:].mean()


# ------------------------------------------------------------------------------ triplets
def test_pairwise_distances_chunked_equals_direct(monkeypatch):
    import negedu.contrastive._triplet as tri

    rng = np.random.RandomState(0)
    A, B = rng.normal(size=(37, 4)), rng.normal(size=(11, 4))
    direct = ((A[:, None] - B[None]) ** 2).sum(-1)
    monkeypatch.setattr(tri, "_CHUNK_ELEMENTS", 50)  # several chunks
    np.testing.assert_allclose(pairwise_distances(A, B), direct, rtol=1e-12)
    np.testing.assert_allclose(pairwise_distances(A, B, squared=False), np.sqrt(direct), rtol=1e-12)


@pytest.mark.parametrize("squared", [True, False])
@pytest.mark.parametrize("seed", SEEDS)
def test_triplet_loss_formula_and_gradient(seed, squared):
    rng = np.random.RandomState(seed)
    a, p, n = (rng.normal(size=(5, 3)) for _ in range(3))
    dist = (lambda x, y: ((x - y) ** 2).sum()) if squared else (lambda x, y: np.sqrt(((x - y) ** 2).sum()))
    reference = [max(dist(a[i], p[i]) - dist(a[i], n[i]) + 0.8, 0) for i in range(5)]
    np.testing.assert_allclose(triplet_loss(a, p, n, margin=0.8, squared=squared, reduction="none"), reference)
    kw = {"margin": 0.8, "squared": squared}
    ga, gp, gn = triplet_loss_grad(a, p, n, **kw)
    np.testing.assert_allclose(ga, numeric_grad(lambda x: triplet_loss(x, p, n, **kw), a), atol=1e-6)
    np.testing.assert_allclose(gp, numeric_grad(lambda x: triplet_loss(a, x, n, **kw), p), atol=1e-6)
    np.testing.assert_allclose(gn, numeric_grad(lambda x: triplet_loss(a, p, x, **kw), n), atol=1e-6)


def test_triplet_loss_zero_when_margin_satisfied():
    a, p, n = np.zeros((1, 2)), np.array([[0.1, 0.0]]), np.array([[1.0, 0.0]])
    assert triplet_loss(a, p, n, margin=0.5) == 0.0
    assert all(not g.any() for g in triplet_loss_grad(a, p, n, margin=0.5))


def toy_batch(seed, n=18, n_classes=3):
    rng = np.random.RandomState(seed)
    y = rng.randint(0, n_classes, size=n)
    return rng.normal(size=(n, 2)) + y[:, None] * 0.7, y


def brute_force_triplets(E, y, margin, squared):
    D = ((E[:, None] - E[None]) ** 2).sum(-1)
    D = D if squared else np.sqrt(D)
    triplets = [(a, p, n) for a, p, n in itertools.product(range(len(y)), repeat=3)
                if a != p and y[a] == y[p] and y[n] != y[a]]
    return D, triplets


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("squared", [True, False])
def test_batch_losses_against_brute_force(seed, squared):
    E, y = toy_batch(seed)
    m = 0.5
    D, triplets = brute_force_triplets(E, y, m, squared)
    losses = [max(D[a, p] - D[a, n] + m, 0) for a, p, n in triplets]
    assert batch_all_triplet_loss(E, y, margin=m, squared=squared) == pytest.approx(np.mean(losses))
    positive = [v for v in losses if v > 0]
    assert batch_all_triplet_loss(E, y, margin=m, squared=squared, only_active=True) == pytest.approx(np.mean(positive))
    # batch-hard: per anchor, farthest positive and nearest negative
    hard = []
    for a in range(len(y)):
        ps = [D[a, p] for p in range(len(y)) if p != a and y[p] == y[a]]
        ns = [D[a, n] for n in range(len(y)) if y[n] != y[a]]
        if ps and ns:
            hard.append(max(max(ps) - min(ns) + m, 0))
    assert batch_hard_triplet_loss(E, y, margin=m, squared=squared) == pytest.approx(np.mean(hard))
    # semi-hard: nearest negative farther than the positive, else the farthest negative
    semi = []
    for a, p in itertools.product(range(len(y)), repeat=2):
        if a == p or y[a] != y[p]:
            continue
        ns = [D[a, n] for n in range(len(y)) if y[n] != y[a]]
        farther = [d for d in ns if d > D[a, p]]
        d_an = min(farther) if farther else max(ns)
        semi.append(max(D[a, p] - d_an + m, 0))
    assert semi_hard_triplet_loss(E, y, margin=m, squared=squared) == pytest.approx(np.mean(semi))


@pytest.mark.parametrize("mining", ["all", "hard", "semi-hard"])
@pytest.mark.parametrize("seed", range(3))
def test_batch_gradients_by_finite_differences(mining, seed):
    E, y = toy_batch(seed, n=9)
    loss = {"all": batch_all_triplet_loss, "hard": batch_hard_triplet_loss, "semi-hard": semi_hard_triplet_loss}[mining]
    g = batch_triplet_loss_grad(E, y, mining=mining, margin=0.5)
    np.testing.assert_allclose(g, numeric_grad(lambda x: loss(x, y, margin=0.5), E, eps=1e-7), atol=1e-5)


def test_semi_hard_negatives_are_semi_hard_or_fallback():
    E, y = toy_batch(1, n=30)
    D = pairwise_distances(E)
    a, p, n = semi_hard_triplets(E, y, margin=0.5)
    assert np.all(y[n] != y[a]) and np.all(y[p] == y[a]) and np.all(a != p)
    kinds = negative_difficulty(0.0, D[a, n] - D[a, p], 0.5)  # shift so d_ap = 0
    farther_exists = np.array([np.any((y != y[i]) & (D[i] > D[i, j])) for i, j in zip(a, p)])
    assert set(kinds[farther_exists]) <= {"semi-hard", "easy"}
    assert set(kinds[~farther_exists]) <= {"hard", "semi-hard"}


def test_mining_is_permutation_equivariant():
    E, y = toy_batch(2, n=15)
    perm = np.random.RandomState(0).permutation(15)
    for loss in (batch_all_triplet_loss, batch_hard_triplet_loss, semi_hard_triplet_loss):
        assert loss(E[perm], y[perm]) == pytest.approx(loss(E, y))
    a, p, n = batch_hard_triplets(E, y)
    a2, p2, n2 = batch_hard_triplets(E[perm], y[perm])
    assert sorted(zip(perm[a2], perm[p2], perm[n2])) == sorted(zip(a, p, n))


def test_batch_all_triplets_count():
    y = np.array([0, 0, 0, 1, 1, 2])
    a, p, n = batch_all_triplets(np.zeros((6, 1)), y)
    assert len(a) == 3 * 2 * 3 + 2 * 1 * 4  # class 0: 3 anchors x 2 positives x 3 negatives; class 1: 2 x 1 x 4
    with pytest.warns(UserWarning, match="no valid triplet"):
        assert batch_all_triplet_loss(np.zeros((2, 1)), [0, 1]) == 0.0  # no valid triplet


# ------------------------------------------------------------------------------ errors
def test_errors_are_clear():
    with pytest.raises(ValueError, match=r"power must be >= 0, got -1"):
        noise_distribution([1, 2], power=-1)
    with pytest.raises(ValueError, match=r"counts must be >= 0"):
        noise_distribution([1, -2])
    with pytest.raises(ValueError, match=r"counts are all zero"):
        noise_distribution([0, 0])
    with pytest.raises(ValueError, match=r"noise must hold probabilities .* sum to 1"):
        sample_negatives([0.5, 0.6], 3)
    with pytest.raises(ValueError, match=r"n must be at least 0"):
        sample_negatives([0.5, 0.5], -1)
    with pytest.raises(ValueError, match=r"center has 2 rows and context has 3"):
        sgns_loss(np.ones((2, 3)), np.ones((3, 3)), np.ones((2, 1, 3)))
    with pytest.raises(ValueError, match=r"negatives must be 3-D"):
        sgns_loss(np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"context has vectors of length 2 but the other inputs have length 3"):
        sgns_loss(np.ones((2, 3)), np.ones((2, 2)), np.ones((2, 1, 3)))
    with pytest.raises(ValueError, match=r"temperature must be > 0, got 0"):
        nt_xent_loss(np.ones((2, 2)), np.ones((2, 2)), temperature=0)
    with pytest.raises(TypeError, match=r"temperature must be a finite positive number"):
        info_nce_loss(np.ones((2, 2)), np.ones((2, 2)), np.ones((3, 2)), temperature="hot")
    with pytest.raises(ValueError, match=r"NT-Xent needs at least 2 examples"):
        nt_xent_loss(np.ones((1, 2)), np.ones((1, 2)))
    with pytest.raises(ValueError, match=r"row 1 of the embeddings is all zeros"):
        nt_xent_loss([[1.0, 0.0], [0.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match=r"reduction must be one of 'mean', 'sum', 'none'"):
        triplet_loss(np.ones((1, 2)), np.ones((1, 2)), np.ones((1, 2)), reduction="avg")
    with pytest.raises(ValueError, match=r"reduction must be 'mean' or 'sum' for the gradient"):
        nt_xent_loss_grad(np.ones((2, 2)), np.eye(2), reduction="none")
    with pytest.raises(ValueError, match=r"margin must be >= 0, got -0.1"):
        triplet_loss(np.ones((1, 2)), np.ones((1, 2)), np.ones((1, 2)), margin=-0.1)
    with pytest.raises(ValueError, match=r"inconsistent numbers of samples: embeddings has 3 and labels has 2"):
        semi_hard_triplet_loss(np.ones((3, 2)), [0, 1])
    with pytest.raises(ValueError, match=r"mining must be one of 'all', 'hard', 'semi-hard'"):
        batch_triplet_loss_grad(np.ones((3, 2)), [0, 1, 1], mining="hardest")
    with pytest.raises(ValueError, match=r"m must be a number in \[0, 1\], got 1.5"):
        momentum_update([1.0], [2.0], 1.5)
    with pytest.raises(ValueError, match=r"keys has vectors of length 3"):
        MoCoQueue(4, 2).enqueue(np.ones((1, 3)))
    with pytest.raises(ValueError, match=r"size must be at least 1"):
        MoCoQueue(0, 2)
    with pytest.raises(ValueError, match=r"word='zzz' is not in the vocabulary"):
        most_similar(np.eye(2), ["a", "b"], "zzz")
    with pytest.raises(ValueError, match=r"ids must be integer word ids in \[0, n_words=3\)"):
        train_sgns([0, 1, 5], 3)
    with pytest.raises(ValueError, match=r"embeddings contains NaN"):
        batch_hard_triplet_loss([[np.nan, 0.0], [1.0, 1.0]], [0, 1])


def test_inputs_are_not_modified():
    rng = np.random.RandomState(0)
    z1, z2 = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    c1, c2 = z1.copy(), z2.copy()
    nt_xent_loss_grad(z1, z2)
    batch_triplet_loss_grad(z1, [0, 0, 1])
    np.testing.assert_array_equal(z1, c1)
    np.testing.assert_array_equal(z2, c2)


@pytest.mark.parametrize("labels", [[0, 0, 0, 0], [0, 1, 2, 3]], ids=["one class", "no class twice"])
def test_a_batch_without_a_valid_triplet_warns_and_gives_zero(labels):
    from negedu.contrastive import (batch_all_triplet_loss, batch_hard_triplet_loss, batch_triplet_loss_grad,
                                    semi_hard_triplet_loss)
    E = np.random.RandomState(0).normal(size=(4, 2))
    for loss in (batch_all_triplet_loss, batch_hard_triplet_loss, semi_hard_triplet_loss):
        with pytest.warns(UserWarning, match=r"no valid triplet .*at least two examples of some class"):
            assert loss(E, labels) == 0.0
        with pytest.warns(UserWarning, match="no valid triplet"):
            assert loss(E, labels, reduction="none").shape == (0,)
    for mining in ("all", "hard", "semi-hard"):
        with pytest.warns(UserWarning, match="no valid triplet"):
            assert not batch_triplet_loss_grad(E, labels, mining=mining).any()


def test_a_batch_with_triplets_does_not_warn():
    import warnings

    from negedu.contrastive import semi_hard_triplet_loss
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        semi_hard_triplet_loss([[0.0], [1.0], [1.2]], [0, 0, 1], margin=0.5)


@pytest.mark.parametrize("pair_loss", ["sgns_loss", "info_nce_loss", "nt_xent_loss", "triplet_loss"])
def test_an_empty_batch_of_pairs_is_an_error(pair_loss):
    import negedu.contrastive as contrastive
    empty2, empty3 = np.empty((0, 2)), np.empty((0, 1, 2))
    args = {"sgns_loss": (empty2, empty2, empty3), "info_nce_loss": (empty2, empty2, np.ones((3, 2))),
            "nt_xent_loss": (empty2, empty2), "triplet_loss": (empty2, empty2, empty2)}[pair_loss]
    with pytest.raises(ValueError, match="0 sample"):
        getattr(contrastive, pair_loss)(*args)
