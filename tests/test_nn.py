"""negedu.nn: every backward pass against central finite differences, the optimisers against
their update rules written out here, determinism, and the input checks. torch is not installed,
so the references are the formulas."""


import numpy as np
import pytest
from sklearn.datasets import make_moons

from negedu.contrastive import nt_xent_loss, nt_xent_loss_grad
from negedu.losses import binary_cross_entropy, binary_cross_entropy_grad, sigmoid_focal_loss, sigmoid_focal_loss_grad
from negedu.nn import SGD, Adam, Dense, L2Normalize, ReLU, Sequential, Tanh, minibatches, mlp, prior_bias

EPS = 1e-6


def numerical_grad(f, a):
    """Central differences of the scalar f() with respect to every entry of the array a (changed in place, restored)."""
    grad = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        old = a[idx]
        a[idx] = old + EPS
        up = f()
        a[idx] = old - EPS
        down = f()
        a[idx] = old
        grad[idx] = (up - down) / (2 * EPS)
    return grad


def relative_error(analytic, numeric):
    return np.max(np.abs(analytic - numeric)) / max(np.max(np.abs(analytic)), np.max(np.abs(numeric)), 1e-12)


def away_from_kinks(rng, shape):
    """Normal draws at least 0.05 away from 0, so that ReLU's kink is never within EPS."""
    x = rng.standard_normal(shape)
    return np.where(np.abs(x) < 0.05, 0.05 * np.sign(x) + 0.05 * (x == 0), x)


# ------------------------------------------------------------------ backward vs finite differences
LAYERS = {
    "dense_he": lambda rng: Dense(4, 3, random_state=rng),
    "dense_glorot": lambda rng: Dense(4, 3, init="glorot", random_state=rng),
    "relu": lambda rng: ReLU(),
    "tanh": lambda rng: Tanh(),
    "l2normalize": lambda rng: L2Normalize(),
    "sequential": lambda rng: mlp([4, 5, 3], random_state=rng),
    "nested": lambda rng: Sequential(Dense(4, 6, random_state=rng), Tanh(), Sequential(Dense(6, 3, random_state=rng), L2Normalize())),
}


@pytest.mark.parametrize("name", sorted(LAYERS))
@pytest.mark.parametrize("seed", range(3))
def test_layer_backward_matches_finite_differences(name, seed):
    rng = np.random.RandomState(seed)
    layer = LAYERS[name](rng)
    width = 4
    x = away_from_kinks(rng, (6, width))
    out = layer.forward(x)
    weights = rng.standard_normal(out.shape)  # L = sum(weights * output): dL/d(output) = weights

    def loss():
        return float(np.sum(weights * layer.forward(x)))

    layer.forward(x)
    grad_x = layer.backward(weights)
    assert relative_error(grad_x, numerical_grad(loss, x)) < 1e-6
    for p, g in zip(layer.parameters(), layer.gradients()):
        assert relative_error(g, numerical_grad(loss, p)) < 1e-6


def test_l2normalize_jacobian():
    rng = np.random.RandomState(0)
    x = rng.standard_normal((1, 5))
    layer = L2Normalize()
    u = layer.forward(x)[0]
    # row j of the Jacobian du/dx is backward(e_j); it must be (I - u u^T) / |x|, and match finite differences
    jacobian = np.array([layer.backward(np.eye(5)[[j]])[0] for j in range(5)])
    formula = (np.eye(5) - np.outer(u, u)) / np.linalg.norm(x)
    numeric = np.array([numerical_grad(lambda: float(L2Normalize().forward(x)[0, j]), x)[0] for j in range(5)])
    assert np.allclose(jacobian, formula, rtol=0, atol=1e-14)
    assert relative_error(jacobian, numeric) < 1e-6
    assert np.allclose(np.linalg.norm(layer.forward(rng.standard_normal((7, 3))), axis=1), 1.0)


@pytest.mark.parametrize("loss_name", ["focal", "cross_entropy"])
def test_network_with_a_classification_loss_matches_finite_differences(loss_name):
    rng = np.random.RandomState(1)
    X, y = rng.standard_normal((20, 3)), (rng.rand(20) < 0.3).astype(int)
    net = Sequential(Dense(3, 8, random_state=rng), Tanh(), Dense(8, 8, random_state=rng), Tanh(), Dense(8, 1, random_state=rng))
    net.layers[-1].b[:] = prior_bias(0.1)
    loss, grad = {"focal": (sigmoid_focal_loss, sigmoid_focal_loss_grad),
                  "cross_entropy": (binary_cross_entropy, binary_cross_entropy_grad)}[loss_name]

    def objective():
        return loss(y, net.forward(X).ravel())

    net.zero_grad()
    net.backward(grad(y, net.forward(X).ravel()))  # a 1-D gradient for the (n, 1) output
    for p, g in zip(net.parameters(), net.gradients()):
        assert relative_error(g, numerical_grad(objective, p)) < 1e-6


def test_relu_network_with_nt_xent_matches_finite_differences():
    rng = np.random.RandomState(2)
    x1, x2 = rng.standard_normal((6, 4)), rng.standard_normal((6, 4))
    net = Sequential(mlp([4, 16, 3], random_state=rng), L2Normalize())
    hidden = net.layers[0].layers[0].forward(np.vstack([x1, x2]))
    assert np.min(np.abs(hidden)) > 1e-4  # no pre-activation within reach of the ReLU kink

    def objective():
        z = net.forward(np.vstack([x1, x2]))
        return nt_xent_loss(z[:6], z[6:], temperature=0.5)

    z = net.forward(np.vstack([x1, x2]))
    g1, g2 = nt_xent_loss_grad(z[:6], z[6:], temperature=0.5)
    net.zero_grad()
    net.backward(np.vstack([g1, g2]))
    for p, g in zip(net.parameters(), net.gradients()):
        assert relative_error(g, numerical_grad(objective, p)) < 1e-6


def test_gradients_add_up_until_zero_grad():
    net = mlp([2, 3, 1], random_state=0)
    x, g = np.ones((4, 2)), np.ones((4, 1))
    net.forward(x)
    net.backward(g)
    once = [a.copy() for a in net.gradients()]
    net.backward(g)
    assert all(np.allclose(b, 2 * a) for a, b in zip(once, net.gradients()))
    net.zero_grad()
    assert all(not b.any() for b in net.gradients())


# ------------------------------------------------------------------------------- initialisation
def test_initialisation_follows_he_and_glorot():
    he = Dense(400, 300, random_state=0).W
    glorot = Dense(400, 300, init="glorot", random_state=0).W
    assert abs(he.std() - np.sqrt(2 / 400)) < 0.01 * np.sqrt(2 / 400)
    limit = np.sqrt(6 / 700)
    assert np.abs(glorot).max() <= limit and np.abs(glorot).max() > 0.99 * limit
    assert np.array_equal(he, np.random.RandomState(0).normal(0, np.sqrt(2 / 400), (400, 300)))
    assert not Dense(3, 2, random_state=0).b.any()


def test_prior_bias_gives_the_prior_probability():
    for prior in (0.01, 0.5, 0.9):
        assert abs(1 / (1 + np.exp(-prior_bias(prior))) - prior) < 1e-15
    assert isinstance(prior_bias(0.01), float)


# ------------------------------------------------------------------------------------ optimisers
def _problem(seed=0):
    rng = np.random.RandomState(seed)
    params = [rng.standard_normal((3, 2)), rng.standard_normal(2)]
    grads = [[rng.standard_normal((3, 2)), rng.standard_normal(2)] for _ in range(3)]
    return params, grads


def test_sgd_steps_follow_the_formula():
    params, grads = _problem()
    lr, mu, wd = 0.1, 0.9, 0.01
    expected = [p.copy() for p in params]
    velocity = [np.zeros_like(p) for p in params]
    opt = SGD(params, lr, momentum=mu, weight_decay=wd)
    for step in grads:
        opt.step(step)
        for i, g in enumerate(step):
            d = g + wd * expected[i]
            velocity[i] = mu * velocity[i] + d
            expected[i] = expected[i] - lr * velocity[i]
        assert all(np.allclose(p, e, rtol=0, atol=1e-15) for p, e in zip(params, expected))


def test_plain_sgd_is_gradient_descent():
    params, grads = _problem()
    before = params[0].copy()
    SGD(params, 0.5).step(grads[0])
    assert np.array_equal(params[0], before - 0.5 * grads[0][0])


def test_adam_steps_follow_kingma_and_ba():
    params, grads = _problem()
    lr, b1, b2, eps = 0.01, 0.8, 0.99, 1e-7
    expected = [p.copy() for p in params]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    opt = Adam(params, lr, betas=(b1, b2), eps=eps)
    for t, step in enumerate(grads, start=1):
        opt.step(step)
        for i, g in enumerate(step):
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g**2
            expected[i] = expected[i] - lr * (m[i] / (1 - b1**t)) / (np.sqrt(v[i] / (1 - b2**t)) + eps)
        assert all(np.allclose(p, e, rtol=0, atol=1e-15) for p, e in zip(params, expected))


def test_adam_first_step_has_length_lr():
    params, grads = _problem()
    before = [p.copy() for p in params]
    Adam(params, lr=0.01).step(grads[0])
    for p, b, g in zip(params, before, grads[0]):
        assert np.allclose(p - b, -0.01 * np.sign(g), rtol=1e-6)


def test_ema_update_and_state_dict():
    query = mlp([3, 4, 2], random_state=0)
    key = query.copy()
    assert all(a is not b and np.array_equal(a, b) for a, b in zip(key.parameters(), query.parameters()))
    for p in query.parameters():
        p += 1.0
    snapshot = query.state_dict()
    old = [p.copy() for p in key.parameters()]
    key.ema_update(query, 0.9)
    for new, o, q in zip(key.parameters(), old, query.parameters()):
        assert np.allclose(new, 0.9 * o + 0.1 * q, rtol=0, atol=1e-15)
    assert all(np.array_equal(snapshot[k], v) for k, v in query.state_dict().items())  # other untouched
    key.load_state_dict(snapshot)
    assert all(np.array_equal(a, b) for a, b in zip(key.parameters(), query.parameters()))
    assert sorted(snapshot) == ["0.W", "0.b", "2.W", "2.b"]
    snapshot["0.W"][...] = 0.0  # state_dict holds copies
    assert query.layers[0].W.any()


def test_state_dict_of_nested_networks():
    net = LAYERS["nested"](np.random.RandomState(0))
    state = net.state_dict()
    assert sorted(state) == ["0.W", "0.b", "2.0.W", "2.0.b"]
    other = LAYERS["nested"](np.random.RandomState(1))
    other.load_state_dict(state)
    assert all(np.array_equal(a, b) for a, b in zip(other.parameters(), net.parameters()))
    assert len(net.parameters()) == len(net.gradients()) == 4


def test_minibatches_cover_every_sample_once_per_epoch():
    rng = np.random.RandomState(0)
    first = list(minibatches(10, 3, rng))
    second = list(minibatches(10, 3, random_state=rng))
    assert [len(b) for b in first] == [3, 3, 3, 1]
    assert sorted(np.concatenate(first).tolist()) == list(range(10))
    assert not np.array_equal(np.concatenate(first), np.concatenate(second))  # a new order each epoch
    assert [len(b) for b in minibatches(10, 3, random_state=0, drop_last=True)] == [3, 3, 3]
    again = [b.tolist() for b in minibatches(10, 3, random_state=np.random.RandomState(0))]
    assert again == [b.tolist() for b in first]


# ------------------------------------------------------------------------- training, determinism
def train(X, y, *, seed, epochs=2, hidden=8, lr=0.05, optimiser=Adam):
    rng = np.random.RandomState(seed)
    net = mlp([X.shape[1], hidden, hidden, 1], random_state=rng)
    opt = optimiser(net.parameters(), lr=lr)
    for _ in range(epochs):
        for batch in minibatches(len(X), 16, random_state=rng):
            net.zero_grad()
            logits = net.forward(X[batch]).ravel()
            net.backward(binary_cross_entropy_grad(y[batch], logits))
            opt.step(net.gradients())
    return net


def test_training_is_deterministic_and_leaves_the_global_random_state_alone():
    X, y = make_moons(64, noise=0.1, random_state=0)
    np.random.seed(123)
    state = np.random.get_state()
    a, b, c = train(X, y, seed=0), train(X, y, seed=0), train(X, y, seed=1)
    after = np.random.get_state()
    assert state[0] == after[0] and np.array_equal(state[1], after[1]) and state[2:] == after[2:]
    assert all(np.array_equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    assert not any(np.array_equal(p, q) for p, q in zip(a.parameters(), c.parameters()) if p.ndim == 2)


@pytest.mark.parametrize("optimiser, lr", [(Adam, 0.02), (SGD, 0.2)])
def test_a_small_mlp_learns_two_moons(optimiser, lr):
    X, y = make_moons(200, noise=0.1, random_state=0)
    net = train(X, y, seed=0, epochs=60, hidden=16, lr=lr, optimiser=optimiser)
    assert np.mean((net.forward(X).ravel() > 0) == y) > 0.95


def test_a_small_tanh_mlp_learns_xor():
    X, y = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), np.array([0, 1, 1, 0])
    net = mlp([2, 8, 1], activation="tanh", random_state=0)
    opt = Adam(net.parameters(), lr=0.05)
    for _ in range(300):
        net.zero_grad()
        net.backward(binary_cross_entropy_grad(y, net.forward(X).ravel()))
        opt.step(net.gradients())
    assert np.array_equal(net.forward(X).ravel() > 0, y == 1)


# -------------------------------------------------------------------------------- inputs intact
def test_inputs_are_never_modified():
    rng = np.random.RandomState(0)
    x, g = rng.standard_normal((5, 3)), rng.standard_normal((5, 2))
    x_bytes, g_bytes = x.tobytes(), g.tobytes()
    net = Sequential(Dense(3, 4, random_state=0), ReLU(), Dense(4, 2, random_state=0), L2Normalize())
    net.forward(x)
    net.backward(g)
    grads = [gr.copy() for gr in net.gradients()]
    grad_bytes = [gr.tobytes() for gr in grads]
    SGD(net.parameters(), 0.1, momentum=0.9).step(grads)
    Adam(net.parameters(), 0.1).step(grads)
    assert x.tobytes() == x_bytes and g.tobytes() == g_bytes
    assert [gr.tobytes() for gr in grads] == grad_bytes
    # what backward needs is kept apart from what the caller holds: writing to the input or to the
    # output after forward does not change the gradients
    for layer in (Tanh(), L2Normalize(), ReLU(), Dense(3, 3, random_state=0)):
        reference = layer.forward(x)
        expected = layer.backward(np.ones_like(reference))
        out = layer.forward(x)
        out[...] = 7.0
        assert np.array_equal(layer.backward(np.ones_like(reference)), expected)
    layer = Dense(3, 2, random_state=0)
    layer.forward(x)
    x[...] = 0.0
    layer.backward(g)
    assert layer.dW.any()


# ------------------------------------------------------------------------------------ bad inputs
@pytest.mark.parametrize("make, error, match", [
    (lambda: Dense(0, 3), ValueError, r"in_features must be at least 1, got 0\. Pass the number"),
    (lambda: Dense(3, 2.5), TypeError, r"out_features must be an integer, got 2\.5"),
    (lambda: Dense(3, 2, init="xavier"), ValueError, r"init must be one of 'he', 'glorot'; got 'xavier'"),
    (lambda: Dense(3, 2, random_state="seed"), TypeError, r"random_state must be None, an integer seed"),
    (lambda: Sequential(), ValueError, r"Sequential needs at least one layer"),
    (lambda: Sequential(Dense(2, 2), ReLU), TypeError, r"layer 1 must be a negedu.nn layer .* not classes"),
    (lambda: mlp([3]), ValueError, r"sizes must list at least an input and an output width, got \[3\]"),
    (lambda: mlp([3, -1]), ValueError, r"sizes\[1\] must be at least 1, got -1"),
    (lambda: mlp([3, 1], activation="sigmoid"), ValueError, r"activation must be one of 'relu', 'tanh'"),
    (lambda: prior_bias(1.0), ValueError, r"prior must be in \(0, 1\), got 1\.0\. RetinaNet uses prior=0\.01"),
    (lambda: SGD([np.zeros(2)], lr=0), ValueError, r"lr must be in \(0, inf\), got 0\.0\. Use a small positive"),
    (lambda: SGD([np.zeros(2)], lr=np.nan), TypeError, r"lr must be a finite real number, got nan\. Use a small"),
    (lambda: SGD([np.zeros(2)], lr="0.1"), TypeError, r"lr must be a finite real number, got '0\.1'"),
    (lambda: SGD([np.zeros(2)], lr=0.1, momentum=1.0), ValueError, r"momentum must be in \[0, 1\), got 1\.0\. Use momentum=0\.9"),
    (lambda: SGD([np.zeros(2)], lr=0.1, weight_decay=-1), ValueError, r"weight_decay must be in \[0, inf\), got -1\.0"),
    (lambda: SGD([np.zeros(2, dtype=int)], lr=0.1), TypeError, r"params\[0\] must be a float64 NumPy array"),
    (lambda: SGD([], lr=0.1), TypeError, r"params must be a non-empty list of arrays, got \[\]\. Pass net\.parameters"),
    (lambda: Adam([np.zeros(2)], betas=(0.9, 1.0)), ValueError, r"betas\[1\] must be in \[0, 1\), got 1\.0"),
    (lambda: Adam([np.zeros(2)], betas=0.9), ValueError, r"betas must be a pair \(beta1, beta2\), got 0\.9"),
    (lambda: Adam([np.zeros(2)], eps=0.0), ValueError, r"eps must be in \(0, inf\), got 0\.0\. Use eps=1e-8"),
    (lambda: list(minibatches(0, 2)), ValueError, r"n_samples must be at least 1, got 0\. Pass len\(X\)"),
    (lambda: list(minibatches(5, 0)), ValueError, r"batch_size must be at least 1, got 0"),
])
def test_bad_arguments_raise_a_clear_error(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_bad_inputs_to_forward_and_backward():
    net = mlp([4, 3, 1], random_state=0)
    with pytest.raises(ValueError, match=r"backward was called before forward\. Call forward\(x\) first"):
        net.backward(np.ones((2, 1)))
    with pytest.raises(ValueError, match=r"Dense\(in_features=4\) got x with 3 columns\. Pass x of shape \(n_samples, 4\)"):
        net.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"x contains NaN\. Remove"):
        net.forward([[1.0, np.nan, 0.0, 0.0]])
    with pytest.raises(ValueError, match=r"x contains infinity"):
        Dense(1, 1, random_state=0).forward([[np.inf]])
    with pytest.raises(ValueError, match=r"x must be 2-D"):
        net.forward(np.ones(4))
    net.forward(np.ones((2, 4)))
    with pytest.raises(ValueError, match=r"grad_out has shape \(3, 1\) but the last forward returned shape \(2, 1\)"):
        net.backward(np.ones((3, 1)))
    with pytest.raises(ValueError, match=r"grad_out contains NaN: the loss or its gradient overflowed"):
        net.backward([[np.nan], [0.0]])
    with pytest.raises(ValueError, match=r"row 0 of the embeddings is all zeros"):
        L2Normalize().forward(np.zeros((1, 3)))
    opt = SGD(net.parameters(), lr=0.1)
    with pytest.raises(ValueError, match=r"grads must be a list of 4 arrays, one per parameter"):
        opt.step(net.gradients()[:2])
    with pytest.raises(ValueError, match=r"grads\[0\] has shape \(3, 4\) but params\[0\] has shape \(4, 3\)"):
        opt.step([g.T for g in net.gradients()])
    with pytest.raises(ValueError, match=r"grads\[1\] contains NaN or infinity: training diverged\. Lower lr"):
        opt.step([np.zeros((4, 3)), np.full(3, np.inf), np.zeros((3, 1)), np.zeros(1)])


def test_bad_arguments_to_ema_update_and_load_state_dict():
    net = mlp([2, 3, 1], random_state=0)
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\], got 1\.5\. MoCo uses momentum=0\.999"):
        net.ema_update(net.copy(), 1.5)
    with pytest.raises(ValueError, match=r"other must be a Sequential with parameters of the same shapes"):
        net.ema_update(mlp([2, 4, 1], random_state=0), 0.9)
    with pytest.raises(ValueError, match=r"state must be a dict with the keys \['0.W', '0.b', '2.W', '2.b'\]"):
        net.load_state_dict({"0.W": np.zeros((2, 3))})
    state = net.state_dict()
    state["0.W"] += 1.0
    state["2.W"] = np.zeros((1, 3))
    with pytest.raises(ValueError, match=r"state\['2.W'\] has shape \(1, 3\), but the parameter has shape \(3, 1\)"):
        net.load_state_dict(state)
    assert np.array_equal(net.layers[0].W, mlp([2, 3, 1], random_state=0).layers[0].W)  # nothing half-loaded
