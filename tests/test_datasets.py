"""negedu.datasets: the apples-and-oranges basket and make_imbalance (against imbalanced-learn)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imblearn.datasets import make_imbalance as reference_make_imbalance

from negedu.datasets import APPLE, ORANGE, make_apples_and_oranges, make_imbalance


def test_basket_counts_labels_and_fields():
    basket = make_apples_and_oranges(n_samples=1001, imbalance_ratio=1000, random_state=0)
    assert (basket.y == APPLE).sum() == 1 and (basket.y == ORANGE).sum() == 1000
    assert basket.X.shape == (1001, 2) and basket.score.shape == (1001,)
    assert basket.feature_names == ["redness", "diameter_cm"]
    assert basket.target_names[APPLE] == "apple" and basket.target_names[ORANGE] == "orange"
    assert basket.X is basket["X"]
    assert "1 apple(s)" in basket.DESCR


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 3000), ir=st.floats(0.01, 500), seed=st.integers(0, 2**32 - 1))
def test_basket_sizes_follow_the_imbalance_ratio(n, ir, seed):
    n_apples = int(round(n / (1 + ir)))
    if n_apples < 1 or n_apples >= n:
        with pytest.raises(ValueError, match="would hold 0"):
            make_apples_and_oranges(n, ir, random_state=seed)
        return
    basket = make_apples_and_oranges(n, ir, random_state=seed)
    assert basket.y.sum() == n_apples and basket.y.size == n
    assert np.all((basket.score > 0) & (basket.score < 1))


def test_basket_is_reproducible_and_seeded():
    a = make_apples_and_oranges(500, 4, random_state=3)
    b = make_apples_and_oranges(500, 4, random_state=3)
    c = make_apples_and_oranges(500, 4, random_state=4)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)


def test_basket_draw_order_is_as_documented():
    rng = np.random.RandomState(11)
    apples = np.array([0.70, 7.5]) + np.array([0.12, 0.8]) * rng.standard_normal((10, 2))
    oranges = np.array([0.35, 8.2]) + np.array([0.12, 0.8]) * rng.standard_normal((30, 2))
    order = rng.permutation(40)
    expected = np.vstack([apples, oranges])[order]
    assert np.array_equal(make_apples_and_oranges(40, 3, random_state=11).X, expected)


def test_score_is_the_balanced_posterior():
    """The score equals the posterior P(apple | x) of the two Gaussians with equal priors."""
    basket = make_apples_and_oranges(400, 1, random_state=5)
    X = basket.X

    def density(mean):
        spread = np.array([0.12, 0.8])
        return np.prod(np.exp(-((X - mean) ** 2) / (2 * spread**2)) / spread, axis=1)

    apple, orange = density(np.array([0.70, 7.5])), density(np.array([0.35, 8.2]))
    np.testing.assert_allclose(basket.score, apple / (apple + orange), rtol=1e-10)
    # and it separates the fruit well: most apples above 0.5, most oranges below
    assert (basket.score[basket.y == 1] >= 0.5).mean() > 0.85
    assert (basket.score[basket.y == 0] < 0.5).mean() > 0.85


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"n_samples": 1}, ValueError, r"n_samples must be at least 2, got 1"),
        ({"n_samples": 2.5}, TypeError, r"n_samples must be an integer, got 2.5"),
        ({"imbalance_ratio": 0}, ValueError, r"imbalance_ratio must be a positive number \(oranges per apple\), got 0\. Use for example 1"),
        ({"imbalance_ratio": float("nan")}, ValueError, r"imbalance_ratio must be a positive number"),
        ({"imbalance_ratio": "10"}, ValueError, r"imbalance_ratio must be a positive number .*got '10'"),
        ({"n_samples": 100, "imbalance_ratio": 1000}, ValueError,
         r"A basket of n_samples=100 with imbalance_ratio=1000 would hold 0 apples\. Use n_samples >= 1001 for imbalance_ratio=1000\."),
        ({"n_samples": 10, "imbalance_ratio": 0.01}, ValueError, r"would hold 0 oranges\. Use a larger imbalance_ratio\."),
        ({"random_state": "x"}, TypeError, r"random_state must be None, an integer seed"),
    ],
)
def test_basket_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        make_apples_and_oranges(**kwargs)


@pytest.mark.parametrize("seed", range(15))
def test_make_imbalance_equals_imbalanced_learn(seed):
    rng = np.random.RandomState(seed)
    n_classes = 2 + seed % 2
    y = rng.randint(0, n_classes, size=rng.randint(30, 300))
    X = rng.normal(size=(y.size, 3)).astype(np.float32 if seed % 3 == 0 else np.float64)
    classes, counts = np.unique(y, return_counts=True)
    strategy = {int(c): int(rng.randint(0, n + 1)) for c, n in zip(classes, counts) if rng.rand() < 0.8}
    if not strategy:
        strategy = {int(classes[0]): int(counts[0] // 2)}
    ours = make_imbalance(X, y, sampling_strategy=strategy, random_state=seed)
    reference = reference_make_imbalance(X, y, sampling_strategy=strategy, random_state=seed)
    assert np.array_equal(ours[0], reference[0]) and np.array_equal(ours[1], reference[1])
    assert ours[0].dtype == X.dtype


def test_make_imbalance_callable_strings_and_inputs_untouched():
    y = np.array(["b", "a", "b", "a", "b", "a"])
    X = np.arange(12.0).reshape(6, 2)
    before = X.copy()
    ours = make_imbalance(X, y, sampling_strategy=lambda labels: {"a": 1}, random_state=0)
    reference = reference_make_imbalance(X, y, sampling_strategy=lambda labels: {"a": 1}, random_state=0)
    assert np.array_equal(ours[0], reference[0]) and np.array_equal(ours[1], reference[1])
    assert np.array_equal(X, before)


@pytest.mark.parametrize(
    "strategy, error, match",
    [
        ({2: 1}, ValueError, r"sampling_strategy names class 2, which is not in y \(its classes are \[0, 1\]\)"),
        ({0: 9}, ValueError, r"sampling_strategy asks to keep 9 samples of class 0, but it has only 3\. Ask for at most 3\."),
        ({0: -1}, ValueError, r"sampling_strategy\[0\] must be at least 0, got -1"),
        ({0: 1.5}, TypeError, r"sampling_strategy\[0\] must be an integer, got 1.5"),
        ("auto", TypeError, r"sampling_strategy must be a dict \{label: number of samples to keep\} or a callable"),
    ],
)
def test_make_imbalance_errors(strategy, error, match):
    with pytest.raises(error, match=match):
        make_imbalance(np.zeros((6, 1)), [0, 0, 0, 1, 1, 1], sampling_strategy=strategy)


def test_make_imbalance_length_mismatch():
    with pytest.raises(ValueError, match=r"X has 3 and y has 2"):
        make_imbalance(np.zeros((3, 1)), [0, 1], sampling_strategy={0: 1})


# ---------------------------------------------------------------- more fruit
from negedu.datasets import (  # noqa: E402
    TRANSACTION_PERIODS,
    Bunch,
    load_fraud_case,
    make_fruit_clusters,
    make_sunburnt_basket,
    make_transaction_periods,
    make_transactions,
    standardised_basket,
    transaction_features,
)


def test_fruit_clusters_draws_as_documented():
    X, y = make_fruit_clusters(50, 30, random_state=4)
    rng = np.random.RandomState(4)
    negatives = rng.normal(scale=1.1, size=(50, 2))
    which = rng.randint(0, 2, 30)
    positives = np.array([[1.6, 1.4], [-1.4, 1.8]])[which] + rng.normal(scale=0.55, size=(30, 2))
    order = rng.permutation(80)
    assert np.array_equal(X, np.vstack([negatives, positives])[order])
    assert np.array_equal(y, np.r_[np.zeros(50, int), np.ones(30, int)][order])
    X_big, y_big = make_fruit_clusters(0, 4000, random_state=0)
    assert y_big.sum() == 4000 and abs(X_big[:, 1].mean() - 1.6) < 0.05  # both centres at height 1.4 and 1.8
    with pytest.raises(ValueError, match="n_negative and n_positive are both 0"):
        make_fruit_clusters(0, 0)
    with pytest.raises(ValueError, match="n_positive must be at least 0, got -1"):
        make_fruit_clusters(5, -1)


def test_sunburnt_basket_has_a_long_tail_of_red_oranges():
    basket = make_sunburnt_basket(40_000, random_state=0)
    assert isinstance(basket, Bunch) and basket.X.shape == (40_000, 2) and basket.y.sum() == 2000
    redness = basket.X[basket.y == 0, 0]
    assert redness.min() >= 0.23 and abs(redness.mean() - 0.35) < 0.003 and abs(redness.std() - 0.12) < 0.003
    assert np.mean(redness - 0.35) ** 3 < np.mean((redness - 0.35) ** 3)  # skewed right
    apples = basket.X[basket.y == 1]
    assert abs(apples[:, 0].mean() - 0.70) < 0.01 and abs(apples[:, 1].mean() - 7.5) < 0.05
    same = make_sunburnt_basket(500, imbalance_ratio=4, random_state=np.random.RandomState(2))
    assert np.array_equal(same.X, make_sunburnt_basket(500, imbalance_ratio=4, random_state=2).X) and same.y.sum() == 100
    with pytest.raises(ValueError, match=r"imbalance_ratio must be a positive number .* got -1"):
        make_sunburnt_basket(100, imbalance_ratio=-1)


def test_standardised_basket():
    basket = standardised_basket(random_state=3, n_samples=500, imbalance_ratio=4)
    raw = make_apples_and_oranges(n_samples=500, imbalance_ratio=4, random_state=3)
    np.testing.assert_allclose(basket.X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(basket.X.std(axis=0), 1, atol=1e-12)
    np.testing.assert_allclose(basket.X * basket.scale + basket.mean, raw.X, atol=1e-12)
    np.testing.assert_allclose(basket.boundary(basket.X), raw.score, atol=1e-12)
    assert np.array_equal(basket.y, raw.y) and basket.mislabelled.size == 0
    noisy = standardised_basket(random_state=3, n_samples=500, imbalance_ratio=4, mislabelled=5)
    assert np.all(raw.y[noisy.mislabelled] == 0) and np.all(raw.score[noisy.mislabelled] < 0.05)
    assert noisy.y.sum() == raw.y.sum() + 5
    with pytest.raises(ValueError, match=r"mislabelled=100000 asks for more oranges than the \d+"):
        standardised_basket(mislabelled=100_000)


# ---------------------------------------------------------------- the card-fraud case
def test_transaction_features():
    data = make_transactions(n_samples=500, random_state=1)
    Z = transaction_features(data.X)
    assert Z.shape == (500, 14)
    np.testing.assert_allclose(Z[:, 0], np.log1p(data.X[:, 0]))
    np.testing.assert_allclose(Z[:, 1] ** 2 + Z[:, 2] ** 2, 1)
    np.testing.assert_allclose(np.arctan2(Z[:, 1], Z[:, 2]) % (2 * np.pi), 2 * np.pi * data.X[:, 1] / 24, atol=1e-12)
    assert np.array_equal(Z[:, 3:11].argmax(axis=1), data.X[:, 2]) and np.all(Z[:, 3:11].sum(axis=1) == 1)
    np.testing.assert_allclose(Z[:, 11], np.log1p(data.X[:, 3]))
    assert np.array_equal(Z[:, 12:], data.X[:, 4:])
    with pytest.raises(ValueError, match="X must have the 6 columns of make_transactions"):
        transaction_features(np.ones((3, 5)))


def test_transaction_periods_split_by_time_and_standardise_on_training_only():
    data = make_transaction_periods(n_samples=4000, drift=0.5, split_days=(50, 70, 95), random_state=2)
    full = make_transactions(n_samples=4000, drift=0.5, random_state=2)
    assert np.array_equal(data.full.X, full.X)
    edges = (0, 50, 70, 95, np.inf)
    Z = transaction_features(full.X)
    train = full.time < 50
    centre, scale = Z[train].mean(axis=0), Z[train].std(axis=0)
    scale[scale == 0] = 1
    for name, lo, hi in zip(TRANSACTION_PERIODS, edges[:-1], edges[1:]):
        rows = (full.time >= lo) & (full.time < hi)
        part = data[name]
        assert np.array_equal(part.X, full.X[rows]) and np.array_equal(part.y, full.y[rows])
        assert np.array_equal(part.day, full.time[rows]) and np.array_equal(part.amount, full.amount[rows])
        np.testing.assert_allclose(part.Z, (Z[rows] - centre) / scale, atol=1e-12)
    assert sum(data[p].y.size for p in TRANSACTION_PERIODS) == 4000
    for bad in ((60, 75), (75, 60, 90), (60, 75, 200), "60"):
        with pytest.raises(ValueError, match=r"split_days must be three increasing days within \[0, n_days=120\]"):
            make_transaction_periods(n_samples=100, split_days=bad, random_state=0)


def test_load_fraud_case_is_the_case_studys_data():
    data = load_fraud_case()
    same = make_transaction_periods(120_000, 0.005, 1.0, split_days=(60, 75, 90), random_state=7)
    for name in TRANSACTION_PERIODS:
        assert np.array_equal(data[name].Z, same[name].Z) and np.array_equal(data[name].y, same[name].y)
    assert data.train.day.max() < 60 <= data.validation.day.min() and data.later.day.min() >= 90
    assert int(data.train.y.sum()) == 294


# ------------------------------------------------------------------------------ dense detection
from negedu.datasets import DETECTION_KINDS, make_dense_detection  # noqa: E402


def test_dense_detection_shapes_labels_and_kinds():
    data = make_dense_detection(4, n_anchors=400, n_objects=2, n_distractors=3, window=9, random_state=0)
    n_rows = 4 * 400 - data.n_ignored
    assert data.X.shape == (n_rows, 9) and data.y.shape == data.image.shape == data.kind.shape == (n_rows,)
    assert data.signals.shape == (4, 400 + 8)
    assert set(np.unique(data.y)) == {0, 1} and np.array_equal(data.y, (data.kind == 1).astype(int))
    assert np.all(np.diff(data.image) >= 0) and set(np.unique(data.image)) == {0, 1, 2, 3}
    # window 9: IoU (9 - d) / (9 + d) >= 0.5 for d <= 3, so 7 positive anchors per object, none left out
    assert data.y.sum() == 4 * 2 * 7 and data.n_ignored == 0
    assert [DETECTION_KINDS[k] for k in np.unique(data.kind)] == ["background", "object", "edge", "distractor"]
    # every row is the window of the padded signal around its anchor
    for row in [0, 17, n_rows // 2, n_rows - 1]:
        i, j = data.image[row], data.position[row]
        assert np.array_equal(data.X[row], data.signals[i, j:j + 9])


def test_dense_detection_labels_follow_the_iou_rule():
    # window 7: d = 3 gives IoU 4/10 = 0.4, neither positive (>= 0.5) nor negative (< 0.4): left out
    data = make_dense_detection(2, n_anchors=200, n_objects=1, n_distractors=0, window=7, random_state=3)
    assert data.n_ignored == 2 * 2 and data.y.sum() == 2 * 5


def test_dense_detection_is_seeded_and_follows_its_draw_order():
    a = make_dense_detection(3, n_anchors=300, random_state=5)
    b = make_dense_detection(3, n_anchors=300, random_state=np.random.RandomState(5))
    c = make_dense_detection(3, n_anchors=300, random_state=6)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y) and not np.array_equal(a.X, c.X)
    rng = np.random.RandomState(5)  # the documented order: per image slots then heights; then all the noise
    n_slots = 300 // 18
    drawn = [(rng.permutation(n_slots)[:4], rng.uniform(1.5, 3.0, size=4)) for _ in range(3)]
    bumps = a.signals - rng.standard_normal((3, 308))
    for i, (slots, heights) in enumerate(drawn):
        peaks = slots * 18 + 9 + 4  # padded positions of the centres: mid-slot, plus the half window
        assert bumps[i, peaks] == pytest.approx(heights, abs=1e-12)
        positives = a.position[(a.image == i) & (a.y == 1)]
        assert positives.tolist() == list(range(slots[0] * 18 + 9 - 3, slots[0] * 18 + 9 + 4))


def test_dense_detection_noise_only_background_is_standard_normal():
    data = make_dense_detection(50, n_anchors=2000, n_objects=0, n_distractors=0, noise=2.0, random_state=0)
    assert data.y.sum() == 0 and np.all(data.kind == 0)
    assert data.X[:, 4].std() == pytest.approx(2.0, rel=0.02)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"n_images": 0}, ValueError, "n_images must be at least 1"),
    ({"n_anchors": 2.5}, TypeError, "n_anchors must be an integer"),
    ({"window": 8}, ValueError, "window must be odd"),
    ({"window": 1}, ValueError, "window must be at least 3"),
    ({"amplitude": 2.0}, ValueError, "amplitude must be a pair"),
    ({"amplitude": (3.0, 2.0)}, ValueError, "low <= high"),
    ({"noise": 0}, ValueError, "noise must be > 0"),
    ({"n_anchors": 50, "n_objects": 2, "n_distractors": 3}, ValueError, "has room for 2 objects and distractors"),
    ({"random_state": "seed"}, TypeError, "random_state must be None"),
])
def test_dense_detection_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        make_dense_detection(**{"n_images": 2, **kwargs})
