"""make_transactions: shapes, base rate, determinism, drift, and its errors."""

import numpy as np
import pytest

from negedu.datasets import MERCHANT_CATEGORIES, make_transactions


def test_shapes_and_order():
    data = make_transactions(n_samples=3000, random_state=0)
    assert data.X.shape == (3000, 6) and data.y.shape == (3000,) and data.time.shape == (3000,)
    assert np.all(np.diff(data.time) >= 0) and data.time.min() >= 0 and data.time.max() < 120
    assert set(np.unique(data.y)) <= {0, 1}
    assert set(np.unique(data.X[:, 2])) <= set(range(len(MERCHANT_CATEGORIES)))
    assert set(np.unique(data.X[:, 5])) <= {0.0, 1.0}
    assert np.all((data.X[:, 1] >= 0) & (data.X[:, 1] <= 23))
    assert np.all(data.X[:, 0] > 0) and np.array_equal(data.amount, data.X[:, 0])
    assert np.array_equal(data.later, data.time >= 90)


@pytest.mark.parametrize("fraud_rate", [0.005, 0.02])
def test_base_rate_within_tolerance(fraud_rate):
    data = make_transactions(n_samples=100_000, fraud_rate=fraud_rate, random_state=1)
    rate = data.y.mean()
    se = np.sqrt(fraud_rate * (1 - fraud_rate) / data.y.size)
    assert abs(rate - fraud_rate) < 4 * se


def test_deterministic():
    a = make_transactions(n_samples=2000, drift=0.5, random_state=3)
    b = make_transactions(n_samples=2000, drift=0.5, random_state=3)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y) and np.array_equal(a.time, b.time)
    c = make_transactions(n_samples=2000, drift=0.5, random_state=4)
    assert not np.array_equal(a.X, c.X)


def test_drift_changes_rate_and_pattern():
    data = make_transactions(n_samples=200_000, drift=1.0, random_state=2)
    before, after = ~data.later, data.later
    assert data.y[after].mean() > 1.6 * data.y[before].mean()  # doubled in expectation
    fraud_before, fraud_after = data.X[before & (data.y == 1)], data.X[after & (data.y == 1)]
    assert np.median(fraud_after[:, 0]) < 0.4 * np.median(fraud_before[:, 0])  # smaller amounts
    assert fraud_after[:, 5].mean() > fraud_before[:, 5].mean() + 0.3  # card present more often
    # without drift the later period looks like the rest
    flat = make_transactions(n_samples=200_000, drift=0.0, random_state=2)
    assert abs(flat.y[flat.later].mean() - flat.y[~flat.later].mean()) < 0.002


def test_fraud_is_learnable_but_overlapping():
    data = make_transactions(n_samples=50_000, random_state=5)
    legit, fraud = data.X[data.y == 0], data.X[data.y == 1]
    assert np.median(fraud[:, 0]) > 2 * np.median(legit[:, 0])
    # overlap: a fifth of frauds are smaller than the median legitimate payment's double
    assert np.mean(fraud[:, 0] < 2 * np.median(legit[:, 0])) > 0.2


@pytest.mark.parametrize("kwargs, match", [
    ({"fraud_rate": 0}, r"fraud_rate must be a number in \(0, 0.5\], got 0"),
    ({"fraud_rate": 0.7}, r"fraud_rate must be a number in \(0, 0.5\], got 0.7"),
    ({"drift": 2}, r"drift must be a number in \[0, 1\], got 2. Use 0"),
    ({"drift_day": 200}, r"drift_day must be a number in \[0, 120\], got 200"),
    ({"fraud_rate": True}, r"fraud_rate must be a number"),
])
def test_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_transactions(n_samples=100, **kwargs)
