"""Training encoders with constructed negatives: the debiased loss against a loop of the paper's
formula and by finite differences, the augmentations, the three trainers, and the topic corpus."""

import math

import numpy as np
import pytest

from negedu.contrastive import (
    augment_images,
    debiased_nt_xent_loss,
    debiased_nt_xent_loss_grad,
    nt_xent_loss,
    nt_xent_loss_grad,
    shift_images,
    train_moco,
    train_simclr,
    train_triplet,
)
from negedu.datasets import FUNCTION_WORDS, TOPIC_WORDS, make_topic_corpus, topic_recovery
from negedu.nn import Adam, L2Normalize, SGD, Sequential, mlp
from test_contrastive import numeric_grad  # central differences, written once

SEEDS = range(5)


def debiased_loop(z1, z2, tau, tau_plus):
    """Chuang et al.'s estimator written view by view, in plain Python."""
    views = np.concatenate([z1, z2])
    views = views / np.linalg.norm(views, axis=1, keepdims=True)
    n2 = len(views)
    n = n2 // 2
    M = n2 - 2
    terms = []
    for i in range(n2):
        j = (i + n) % n2
        pos = math.exp(views[i] @ views[j] / tau)
        negs = [math.exp(views[i] @ views[k] / tau) for k in range(n2) if k not in (i, j)]
        N_g = max((sum(negs) - tau_plus * M * pos) / (1 - tau_plus), M * math.exp(-1 / tau))
        terms.append(-math.log(pos / (pos + N_g)))
    return float(np.mean(terms))


# ------------------------------------------------------------------------------ debiased loss
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("tau, tau_plus", [(0.5, 0.1), (0.1, 0.1), (0.2, 0.3), (1.0, 0.5)])
def test_debiased_matches_the_formula_loop(seed, tau, tau_plus):
    rng = np.random.RandomState(seed)
    z1, z2 = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    ours = debiased_nt_xent_loss(z1, z2, temperature=tau, tau_plus=tau_plus)
    assert ours == pytest.approx(debiased_loop(z1, z2, tau, tau_plus), rel=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_debiased_with_tau_plus_zero_is_nt_xent(seed):
    rng = np.random.RandomState(seed)
    z1, z2 = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    assert debiased_nt_xent_loss(z1, z2, tau_plus=0.0) == pytest.approx(nt_xent_loss(z1, z2), rel=1e-13)
    for ours, reference in zip(debiased_nt_xent_loss_grad(z1, z2, tau_plus=0.0), nt_xent_loss_grad(z1, z2)):
        np.testing.assert_allclose(ours, reference, atol=1e-14)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("tau, tau_plus", [(0.5, 0.1), (0.2, 0.3), (0.1, 0.6)])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_debiased_gradient_by_finite_differences(seed, tau, tau_plus, reduction):
    rng = np.random.RandomState(seed)
    z1, z2 = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    kw = {"temperature": tau, "tau_plus": tau_plus, "reduction": reduction}
    g1, g2 = debiased_nt_xent_loss_grad(z1, z2, **kw)
    np.testing.assert_allclose(g1, numeric_grad(lambda x: debiased_nt_xent_loss(x, z2, **kw), z1), atol=1e-6)
    np.testing.assert_allclose(g2, numeric_grad(lambda x: debiased_nt_xent_loss(z1, x, **kw), z2), atol=1e-6)


def test_debiased_floor_is_reached_and_its_gradient_is_right():
    # two views that agree perfectly and a large tau_plus: the estimate falls below the floor
    z1 = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.1]])
    z2 = z1 + 0.01
    kw = {"temperature": 0.5, "tau_plus": 0.9}
    per_view = debiased_nt_xent_loss(z1, z2, reduction="none", **kw)
    M = 4
    views = np.concatenate([z1, z2])
    views /= np.linalg.norm(views, axis=1, keepdims=True)
    pos = np.exp(np.sum(views[:3] * views[3:], axis=1) / 0.5)
    clamped = -np.log(pos / (pos + M * math.exp(-2.0)))
    assert np.any(np.isclose(per_view[:3], clamped, rtol=1e-12))  # at least one view is at the floor
    g1, _ = debiased_nt_xent_loss_grad(z1, z2, **kw)
    np.testing.assert_allclose(g1, numeric_grad(lambda x: debiased_nt_xent_loss(x, z2, **kw), z1), atol=1e-6)


def test_debiased_errors_name_the_parameter():
    z = [[1.0, 0.0], [0.0, 1.0]]
    with pytest.raises(ValueError, match=r"tau_plus must be in \[0, 1\), got 1.0\. Use the share"):
        debiased_nt_xent_loss(z, z, tau_plus=1.0)
    with pytest.raises(TypeError, match=r"tau_plus must be a finite real number"):
        debiased_nt_xent_loss(z, z, tau_plus="0.1")
    with pytest.raises(ValueError, match=r"reduction must be 'mean' or 'sum'"):
        debiased_nt_xent_loss_grad(z, z, reduction="none")


# ------------------------------------------------------------------------------ augmentations
def test_shift_images_moves_pixels_and_fills_zero():
    X = np.arange(1.0, 10.0).reshape(1, 9)  # [[1 2 3] [4 5 6] [7 8 9]]
    assert shift_images(X, [1], [0], image_shape=(3, 3)).reshape(3, 3).tolist() == [[0, 0, 0], [1, 2, 3], [4, 5, 6]]
    assert shift_images(X, [0], [-1], image_shape=(3, 3)).reshape(3, 3).tolist() == [[2, 3, 0], [5, 6, 0], [8, 9, 0]]
    assert shift_images(X, [0], [0], image_shape=(3, 3)).tolist() == X.tolist()
    # a loop over the pixels, for random shifts
    rng = np.random.RandomState(0)
    Y = rng.rand(5, 64)
    dy, dx = rng.randint(-2, 3, 5), rng.randint(-2, 3, 5)
    ours = shift_images(Y, dy, dx).reshape(5, 8, 8)
    for i in range(5):
        for r in range(8):
            for c in range(8):
                src_r, src_c = r - dy[i], c - dx[i]
                inside = 0 <= src_r < 8 and 0 <= src_c < 8
                assert ours[i, r, c] == (Y[i].reshape(8, 8)[src_r, src_c] if inside else 0.0)


def test_augment_images_is_seeded_and_leaves_input_alone():
    X = np.random.RandomState(1).rand(6, 64)
    before = X.copy()
    a, b = augment_images(X, 3), augment_images(X, 3)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(X, before)
    assert not np.allclose(a, augment_images(X, 4))
    # no noise, no scaling, no shift: exactly erase_size**2 pixels of each image become 0
    plain = augment_images(np.ones((4, 64)), 0, max_shift=0, scale=(1, 1), noise=0.0, erase_size=3)
    assert (plain == 0).sum(axis=1).tolist() == [9, 9, 9, 9]


def test_augment_images_errors():
    with pytest.raises(ValueError, match=r"X has 10 columns but image_shape=\(8, 8\) has 64 pixels"):
        augment_images(np.ones((2, 10)))
    with pytest.raises(ValueError, match=r"erase_size"):
        augment_images(np.ones((2, 64)), erase_size=9)


# ------------------------------------------------------------------------------ trainers
def _blobs(seed=0, n_per=30, d=6, classes=3):
    rng = np.random.RandomState(seed)
    centres = rng.normal(size=(classes, d)) * 3
    y = np.repeat(np.arange(classes), n_per)
    return centres[y] + 0.3 * rng.normal(size=(len(y), d)), y


def _jitter(X, rng):
    return X + 0.2 * rng.standard_normal(X.shape)


def _encoder(seed=0, d=6):
    return Sequential(*mlp([d, 16, 4], random_state=seed).layers, L2Normalize())


def test_train_simclr_step_is_the_loss_gradient_step():
    """One step of plain SGD equals a step along nt_xent_loss_grad back-propagated by hand."""
    X, _ = _blobs()
    enc = _encoder()
    reference = enc.copy()
    train_simclr(enc, SGD(enc.parameters(), lr=0.1), X, augment=_jitter, batch_size=8, temperature=0.5,
                 n_steps=1, random_state=7)
    rng = np.random.RandomState(7)
    batch = rng.choice(len(X), size=8, replace=False)
    views = np.concatenate([_jitter(X[batch], rng), _jitter(X[batch], rng)])
    Z = reference.forward(views)
    g1, g2 = nt_xent_loss_grad(Z[:8], Z[8:], temperature=0.5)
    reference.zero_grad()
    reference.backward(np.concatenate([g1, g2]))
    for p, g in zip(reference.parameters(), reference.gradients()):
        p -= 0.1 * g
    for ours, theirs in zip(enc.parameters(), reference.parameters()):
        np.testing.assert_allclose(ours, theirs, atol=1e-13)


@pytest.mark.parametrize("trainer", ["simclr", "debiased", "moco", "triplet"])
def test_trainers_lower_the_loss_and_are_seeded(trainer):
    X, y = _blobs()

    def run():
        enc = _encoder()
        opt = Adam(enc.parameters(), lr=0.01)
        if trainer in ("simclr", "debiased"):
            h = train_simclr(enc, opt, X, augment=_jitter, batch_size=16, temperature=0.5,
                             tau_plus=0.3 if trainer == "debiased" else 0.0, n_steps=60, random_state=0)
        elif trainer == "moco":
            h = train_moco(enc, opt, X, augment=_jitter, batch_size=16, queue_size=32, momentum=0.9, n_steps=60,
                           random_state=0)
        else:
            h = train_triplet(enc, opt, X, y, augment=_jitter, batch_size=30, n_steps=60, random_state=0)
        return enc, h.losses

    enc, losses = run()
    enc2, losses2 = run()
    np.testing.assert_array_equal(losses, losses2)
    assert np.nanmean(losses[-10:]) < np.nanmean(losses[1:11])
    if trainer == "moco":
        assert np.isnan(losses[0]) and not np.isnan(losses[1:]).any()


def test_moco_key_encoder_is_the_moving_average():
    X, _ = _blobs()
    enc = _encoder()
    start = enc.copy()
    h = train_moco(enc, SGD(enc.parameters(), lr=0.0 + 1e-12), X, augment=_jitter, batch_size=8, queue_size=16,
                   momentum=0.5, n_steps=3, random_state=0)
    # with an (almost) frozen query encoder the key encoder stays on it
    for k, q in zip(h.key_encoder.parameters(), start.parameters()):
        np.testing.assert_allclose(k, q, atol=1e-9)


def test_trainers_check_their_inputs():
    X, y = _blobs()
    enc = _encoder()
    opt = Adam(enc.parameters())
    with pytest.raises(TypeError, match=r"encoder must be a network with forward"):
        train_simclr("net", opt, X, augment=_jitter)
    with pytest.raises(TypeError, match=r"optimizer must have a step"):
        train_simclr(enc, None, X, augment=_jitter)
    with pytest.raises(ValueError, match=r"batch_size must be at most 90, got 500"):
        train_simclr(enc, opt, X, augment=_jitter, batch_size=500)
    with pytest.raises(ValueError, match=r"temperature"):
        train_moco(enc, opt, X, augment=_jitter, temperature=0.0)
    with pytest.raises(ValueError, match=r"mining must be one of"):
        train_triplet(enc, opt, X, y, mining="hardest", batch_size=16)
    with pytest.raises(ValueError, match=r"X.*y"):
        train_triplet(enc, opt, X, y[:-1], batch_size=16)


# ------------------------------------------------------------------------------ the topic corpus
def test_topic_corpus_follows_its_recipe():
    corpus = make_topic_corpus(3000, random_state=0)
    assert len(corpus.vocab) == len(FUNCTION_WORDS) + sum(map(len, TOPIC_WORDS.values())) == 90
    sentences = corpus.ids.reshape(3000, 10)
    topics = {int(corpus.topic[w]) for s in sentences for w in s if corpus.topic[w] >= 0}
    assert topics == set(range(8))
    for s in sentences:  # one topic per sentence
        assert len({int(corpus.topic[w]) for w in s if corpus.topic[w] >= 0}) <= 1
    share = np.mean(corpus.topic[corpus.ids] < 0)
    assert abs(share - 0.4) < 3 * math.sqrt(0.4 * 0.6 / corpus.ids.size)
    # Zipf within a topic: rank 1 about twice rank 2
    fruit = corpus.counts[10:20]
    assert 1.6 < fruit[0] / fruit[1] < 2.4 and np.all(np.diff(fruit[:4]) < 0)
    np.testing.assert_array_equal(make_topic_corpus(50, random_state=1).ids, make_topic_corpus(50, random_state=1).ids)


def test_topic_recovery_against_a_loop():
    rng = np.random.RandomState(0)
    W = rng.normal(size=(20, 3))
    topic = np.array([-1] * 4 + [0] * 8 + [1] * 8)
    ours = topic_recovery(W, topic, n_neighbors=3)
    unit = W / np.linalg.norm(W, axis=1, keepdims=True)
    expected = []
    for i in range(4, 20):
        sims = [(-(unit[i] @ unit[j]), j) for j in range(20) if j != i]
        nearest = [j for _, j in sorted(sims)[:3]]
        expected.append(np.mean([topic[j] == topic[i] for j in nearest]))
    np.testing.assert_allclose(ours, expected)
    perfect = np.repeat(np.eye(2), 4, axis=0)
    assert topic_recovery(perfect, np.repeat([0, 1], 4), n_neighbors=3).tolist() == [1.0] * 8
