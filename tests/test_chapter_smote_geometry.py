"""Chapter 6, "Oversampling and the geometry of SMOTE": the explorer against textbook formulas,
the chapter's numerical claims, and the exercise checks' hints.

The formulas here are written from the papers' definitions with brute-force distances
(every pair, a stable sort), independently of negedu's neighbour search and kernels.
"""

import numpy as np
import pytest
from imblearn.over_sampling import SMOTE as ImbSMOTE
from imblearn.over_sampling import SMOTENC
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

from negedu.datasets import make_apples_and_oranges
from negedu.exercises import student_seed
from negedu.chapters.smote_geometry import checks as ex
from negedu.interactive import get_explorer, registered_explorers
from negedu.chapters.smote_geometry import explorer as gallery
from negedu.metrics import balanced_accuracy_score, f1_score, precision_score, recall_score
from negedu.resampling import (
    BorderlineSMOTE,
    adasyn,
    adasyn_allocation,
    borderline_danger,
    borderline_smote,
    random_over_sample,
    smote,
)

NAME = "smote-geometry/samplers"
DANGER = f"apples in danger (m = {gallery.M_NEIGHBORS})"


# ---------------------------------------------------------------- textbook formulas
def nearest(pool, queries, k, *, drop_self=True):
    """Indices of the k nearest rows of ``pool`` for each query, by brute force (ties: lower index)."""
    d = ((queries[:, None, :] - pool[None, :, :]) ** 2).sum(-1)
    order = np.argsort(d, axis=1, kind="stable")
    return order[:, 1:k + 1] if drop_self else order[:, :k]


def m_prime(X, y, m):
    """Borderline-SMOTE's m': oranges among each apple's m nearest fruit, the apple itself excluded."""
    return np.sum(y[nearest(X, X[y == 1], m)] == 0, axis=1)


def adasyn_counts(X, y, k, G):
    """g_i = rint(r_i / sum r * G) with r_i = Delta_i / k (He et al. 2008, imbalanced-learn's rounding)."""
    r = np.sum(y[nearest(X, X[y == 1], k)] == 0, axis=1) / k
    return np.rint(r / r.sum() * G).astype(int)


def segment_fit(points, starts, ends):
    """For each point, the smallest distance to a segment start->end and the step lambda that reaches it."""
    gaps = ends - starts  # (pairs, p)
    offsets = points[:, None, :] - starts[None, :, :]  # (n, pairs, p)
    lam = np.einsum("npf,pf->np", offsets, gaps) / np.sum(gaps**2, axis=1)
    lam_c = np.clip(lam, 0.0, 1.0)
    residual = np.linalg.norm(offsets - lam_c[..., None] * gaps[None], axis=2)
    best = residual.argmin(axis=1)
    return residual.min(axis=1), lam[np.arange(len(points)), best], best


def basket():
    b = gallery.small_basket()
    return b.X, b.y


# ---------------------------------------------------------------- the basket and the explorer
def test_small_basket_is_the_chapters():
    raw = make_apples_and_oranges(n_samples=140, imbalance_ratio=6, random_state=36)
    X, y = basket()
    assert np.array_equal(X, (raw.X - raw.X.mean(axis=0)) / raw.X.std(axis=0))
    assert int(np.sum(y == 1)) == 20 and int(np.sum(y == 0)) == 120
    assert np.allclose(X.mean(axis=0), 0) and np.allclose(X.std(axis=0), 1)


def test_explorer_is_registered_and_within_budget():
    assert NAME in registered_explorers()
    explorer = get_explorer(NAME)
    assert [p.name for p in explorer.params] == ["sampler", "k"]
    assert explorer.params[0].kind == "dropdown" and explorer.params[0].values == gallery.SAMPLERS
    assert explorer.params[1].values == [1, 3, 5, 7]
    assert 20 <= len(list(explorer.states())) <= 40


@pytest.mark.parametrize("k", gallery.K_VALUES)
@pytest.mark.parametrize("sampler", gallery.SAMPLERS)
def test_explorer_numbers_match_the_formulas(sampler, k):
    X, y = basket()
    nums = get_explorer(NAME).numbers(sampler=sampler, k=k)
    for value in nums.values():
        assert type(value) in (int, float)
    mp = m_prime(X, y, 10)
    assert nums[DANGER] == int(np.sum((mp >= 5) & (mp < 10))) == 9
    assert nums["apples taken for noise (m′ = m)"] == int(np.sum(mp == 10)) == 1
    assert nums["apples before"] == 20 and nums["oranges"] == 120
    G = 100
    expected_new = int(adasyn_counts(X, y, k, G).sum()) if sampler == "ADASYN" else G
    assert nums["new points"] == expected_new
    assert nums["apples after"] == 20 + expected_new
    geometry = gallery.oversample_geometry(X, y, sampler, k)
    X_new = geometry.X_new
    assert len(X_new) == expected_new
    # the nearest original fruit of every new point, by brute force
    nearest_label = y[nearest(X, X_new, 1, drop_self=False)[:, 0]]
    assert nums["new points nearest an orange"] == pytest.approx(np.mean(nearest_label == 0), abs=1e-15)
    assert nums["distinct new points"] == len({tuple(row) for row in X_new})


@pytest.mark.parametrize("k", gallery.K_VALUES)
def test_every_new_point_is_on_a_segment_of_its_sampler(k):
    X, y = basket()
    apples = X[y == 1]
    mp = m_prime(X, y, 10)
    danger = apples[(mp >= 5) & (mp < 10)]

    def on_segments(points, bases, pool):
        neighbour_idx = nearest(pool, bases, k)  # (n_bases, k), bases are rows of pool
        starts = np.repeat(bases, k, axis=0)
        ends = pool[neighbour_idx.ravel()]
        return segment_fit(points, starts, ends), ends

    for sampler, bases, pool in [("SMOTE", apples, apples), ("ADASYN", apples, apples),
                                 ("Borderline-1", danger, apples)]:
        (residual, lam, _), _ = on_segments(gallery.oversample_geometry(X, y, sampler, k).X_new, bases, pool)
        assert residual.max() < 1e-12, sampler
        assert np.all((lam >= -1e-12) & (lam < 1)), sampler
    # Borderline-2: towards any of the k nearest fruit; never beyond half-way towards an orange
    (residual, lam, best), ends = on_segments(gallery.oversample_geometry(X, y, "Borderline-2", k).X_new, danger, X)
    assert residual.max() < 1e-12
    towards_orange = np.array([np.any(np.all(X[y == 0] == end, axis=1)) for end in ends])[best]
    assert np.all(lam[towards_orange] < 0.5) and np.all(lam >= -1e-12)


def test_random_copies_sit_on_apples():
    X, y = basket()
    geometry = gallery.oversample_geometry(X, y, "random", 5)
    apples = X[y == 1]
    assert all(np.any(np.all(apples == row, axis=1)) for row in geometry.X_new)
    _, _, idx = random_over_sample(X, y, random_state=0)
    assert np.array_equal(geometry.counts, np.bincount(idx[len(y):], minlength=len(y)))
    nums = get_explorer(NAME).numbers(sampler="random", k=5)
    assert nums["distinct new points"] == int(np.sum(geometry.counts > 0)) == 20


def test_borderline_danger_is_the_formula_on_the_basket():
    X, y = basket()
    status = borderline_danger(X, y, label=1, m_neighbors=gallery.M_NEIGHBORS)
    mp = m_prime(X, y, 10)
    assert np.array_equal(status.m_prime[y == 1], mp) and np.all(status.m_prime[y == 0] == -1)
    assert np.array_equal(status.safe[y == 1], mp < 5) and np.array_equal(status.noise[y == 1], mp == 10)
    assert np.array_equal(status.danger[y == 1], (mp >= 5) & (mp < 10))
    assert not (status.safe | status.danger | status.noise)[y == 0].any()
    geometry = gallery.oversample_geometry(X, y, "Borderline-1", 5)
    assert np.array_equal(geometry.danger, status.danger) and np.array_equal(geometry.noise, status.noise)


def test_adasyn_allocation_is_the_formula():
    X, y = basket()
    for k in gallery.K_VALUES:
        allocation = adasyn_allocation(X, y, label=1, n_asked=100, n_neighbors=k)
        assert np.array_equal(allocation.n_per_sample, adasyn_counts(X, y, k, 100))
        assert allocation.share.sum() == pytest.approx(1.0)
        made = len(adasyn(X, y, n_neighbors=k, random_state=0)[0]) - len(y)
        assert made == allocation.n_per_sample.sum()


def test_explorer_claims():
    """The chapter's 'three things to find' and the numbers quoted in the text."""
    explorer = get_explorer(NAME)
    share = {(s, k): explorer.numbers(sampler=s, k=k)["new points nearest an orange"]
             for s in gallery.SAMPLERS for k in gallery.K_VALUES}
    smote_shares = [share["SMOTE", k] for k in gallery.K_VALUES]
    assert [round(v, 2) for v in smote_shares] == [0.06, 0.13, 0.17, 0.21]
    assert all(a < b for a, b in zip(smote_shares, smote_shares[1:]))
    assert smote_shares[2] <= 0.2 < smote_shares[3]  # k = 7 is where SMOTE passes a fifth
    for k in (3, 5, 7):
        assert share["Borderline-1", k] == max(share[s, k] for s in gallery.SAMPLERS)
    assert share["ADASYN", 1] == max(share[s, 1] for s in gallery.SAMPLERS)
    assert share["Borderline-1", 5] == 0.25 and share["Borderline-2", 5] == 0.07
    assert all(share["random", k] == 0 for k in gallery.K_VALUES)
    X, y = basket()
    counts = adasyn_allocation(X, y, label=1, n_asked=100, n_neighbors=1).n_per_sample
    assert int(np.sum(counts > 0)) == 5 and set(counts[counts > 0]) == {20}
    apples = X[y == 1]
    busy = counts > 0  # the five busy apples all have an orange as their nearest fruit
    assert np.all(y[nearest(X, apples[busy], 1)[:, 0]] == 0)


def test_explorer_renders_within_budget():
    explorer = get_explorer(NAME)
    uri, nums, text = explorer.render_state({"sampler": "Borderline-2", "k": 5})
    assert uri.startswith("data:image/webp;base64,") and len(uri) < 100_000  # 20 states stay far below 2 MB
    assert "9 apples in danger" in text and "at most half-way towards an orange" in text
    assert "7%" in text


# ---------------------------------------------------------------- the chapter's other numbers
def test_random_oversampling_numbers():
    X, y = basket()
    _, _, idx = random_over_sample(X, y, random_state=0)
    copies = np.bincount(idx[len(y):], minlength=len(y))[y == 1]
    assert copies.tolist() == [9, 4, 3, 10, 7, 5, 5, 4, 3, 6, 4, 3, 4, 2, 5, 7, 3, 5, 5, 6]
    assert copies.min() == 2 and copies.max() == 10 and copies.mean() == 5
    assert (1 - 1 / 20) ** 100 == pytest.approx(0.006, abs=5e-4)
    h = (4 / ((2 + 2) * 140)) ** (1 / 6)
    assert round(h, 2) == 0.44


def _apples_alone(tree, X_train, y_train, origin):
    leaf = tree.apply(X_train)
    apple_leaves = np.unique(leaf[tree.predict(X_train) == 1])
    owners = [np.unique(origin[(leaf == v) & (y_train == 1)]) for v in apple_leaves]
    return sum(o.size == 1 for o in owners), len(apple_leaves)


def test_duplicates_let_a_tree_and_5nn_memorise():
    X, y = basket()
    X_c, y_c, idx = random_over_sample(X, y, random_state=0)
    X_s, y_s = smote(X, y, k_neighbors=5, random_state=0)

    def tree(X_train, y_train):
        return DecisionTreeClassifier(min_samples_leaf=5, random_state=0).fit(X_train, y_train)

    assert _apples_alone(tree(X, y), X, y, np.arange(len(y))) == (0, 4)
    assert _apples_alone(tree(X_c, y_c), X_c, y_c, idx) == (8, 11)
    assert _apples_alone(tree(X_s, y_s), X_s, y_s, np.arange(len(y_s))) == (0, 9)
    alone = {}
    for shrinkage in (0.5, 1.0, 2.0):
        X_j, y_j, idx_j = random_over_sample(X, y, random_state=0, shrinkage=shrinkage)
        alone[shrinkage] = _apples_alone(tree(X_j, y_j), X_j, y_j, idx_j)[0]
    assert alone == {0.5: 3, 1.0: 0, 2.0: 0}
    apples = np.flatnonzero(y == 1)
    recall = {name: recall_score(y[apples], KNeighborsClassifier(5).fit(A, t).predict(X[apples]))
              for name, (A, t) in {"none": (X, y), "copies": (X_c, y_c)}.items()}
    assert recall == {"none": 0.65, "copies": 1.0}


def test_oversampling_moves_the_operating_point():
    """Averaged over 20 training baskets: recall up, precision down, F1 down, balanced accuracy up."""
    test = make_apples_and_oranges(n_samples=14000, imbalance_ratio=6, random_state=1)
    scores = {name: [] for name in ("none", "random", "SMOTE")}
    for seed in range(100, 120):
        train = make_apples_and_oranges(n_samples=140, imbalance_ratio=6, random_state=seed)
        mean, scale = train.X.mean(axis=0), train.X.std(axis=0)
        Xa, ya, Xt = (train.X - mean) / scale, train.y, (test.X - mean) / scale
        variants = {"none": (Xa, ya), "random": random_over_sample(Xa, ya, random_state=0)[:2],
                    "SMOTE": smote(Xa, ya, k_neighbors=5, random_state=0)}
        for name, (A, t) in variants.items():
            pred = DecisionTreeClassifier(min_samples_leaf=5, random_state=0).fit(A, t).predict(Xt)
            scores[name].append([recall_score(test.y, pred), precision_score(test.y, pred),
                                 f1_score(test.y, pred), balanced_accuracy_score(test.y, pred)])
    base = np.mean(scores["none"], axis=0)
    for name in ("random", "SMOTE"):
        rec, prec, f1, bal = np.mean(scores[name], axis=0) - base
        assert 0.03 < rec < 0.07 and -0.14 < prec < -0.10 and -0.06 < f1 < 0 and 0 < bal < 0.02, name


def test_smote_stays_inside_the_apples():
    X, y = basket()
    new = smote(X, y, k_neighbors=5, random_state=0)[0][len(y):]
    apples = X[y == 1]
    assert np.all(new.min(axis=0) >= apples.min(axis=0)) and np.all(new.max(axis=0) <= apples.max(axis=0))
    rng = np.random.RandomState(0)
    rows = rng.randint(0, 100, size=100) // 5  # the base sample of each new point, as drawn
    counts = np.bincount(rows, minlength=20)
    assert counts.min() == 1 and counts.max() == 8


def test_borderline_and_adasyn_numbers():
    X, y = basket()
    mp = m_prime(X, y, 10)
    assert sorted(mp.tolist()) == [2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 6, 6, 6, 7, 7, 8, 9, 9, 9, 10]
    g3 = adasyn_counts(X, y, 3, 100)
    assert g3.sum() == 99 and g3.max() == 11 and int(np.sum(g3 > 0)) == 14
    assert g3[mp == 10][0] == 11  # the apple taken for noise gets one of the largest shares
    r5 = np.sum(y[nearest(X, X[y == 1], 5)] == 0, axis=1) / 5
    assert r5.sum() == pytest.approx(10) and adasyn_counts(X, y, 5, 100).sum() == 100
    assert np.all(r5 > 0)
    # Borderline-SMOTE's in_danger_indices is the danger set of the formula
    sampler = BorderlineSMOTE(random_state=0)
    X_b, _ = sampler.fit_resample(X, y)
    assert np.array_equal(sampler.in_danger_indices[1], np.flatnonzero(y == 1)[(mp >= 5) & (mp < 10)])
    assert np.array_equal(X_b, borderline_smote(X, y, random_state=0)[0]) and len(X_b) == 240


def test_categorical_colours():
    X, y = basket()
    rng = np.random.RandomState(7)
    colour = rng.choice(3, size=len(y), p=[0.5, 0.3, 0.2])
    X_colour = np.column_stack([X, np.eye(3)[colour]])
    one_hot = smote(X_colour, y, k_neighbors=5, random_state=0)[0][len(y):, 2:]
    valid = np.all(np.isin(one_hot, (0.0, 1.0)), axis=1)
    assert int(valid.sum()) == 64
    assert np.round(one_hot[~valid][0], 2).tolist() == [0.37, 0.0, 0.63]
    assert np.allclose(one_hot.sum(axis=1), 1)  # fractions of colours still add up to one colour
    X_nc, _ = SMOTENC(categorical_features=[2], k_neighbors=5, random_state=0).fit_resample(
        np.column_stack([X, colour]), y)
    assert set(np.unique(X_nc[len(y):, 2])) <= {0.0, 1.0, 2.0}


# ---------------------------------------------------------------- exercise checks
def test_candidates_check():
    assert ex.check_smote_candidates("AC") and ex.check_smote_candidates({"c", "a"})
    assert ex.check_smote_candidates(["A", "C"])
    assert ex.check_smote_candidates(...).status == "unanswered"
    assert "inside the triangle" in ex.check_smote_candidates("ABC").message
    assert "beyond a" in ex.check_smote_candidates("ACD").message
    assert "behind x_i" in ex.check_smote_candidates("ACE").message
    assert "fourth corner" in ex.check_smote_candidates("ACF").message
    assert "you left out C" in ex.check_smote_candidates("A").message
    assert "there is no point Z" in ex.check_smote_candidates("AZ").message
    assert ex.check_smote_candidates(42).status == "incorrect"
    # the candidates are what the hints say they are
    x_i, a, b = (np.array(v) for v in (ex.X_I, ex.NEIGHBOURS["a"], ex.NEIGHBOURS["b"]))
    assert np.allclose(ex.CANDIDATES["A"], x_i + 0.5 * (a - x_i))
    assert np.allclose(ex.CANDIDATES["C"], x_i + 0.8 * (b - x_i))
    assert np.allclose(ex.CANDIDATES["B"], (a + b) / 2)
    assert np.allclose(ex.CANDIDATES["D"], x_i + 1.5 * (a - x_i))
    assert np.allclose(ex.CANDIDATES["E"], x_i - 0.5 * (a - x_i))


def test_adasyn_total_check():
    r = np.array(ex.DELTA) / ex.K
    exact = r / r.sum() * ex.G
    assert np.rint(exact).sum() == 12 != ex.G
    assert np.all(np.abs(exact - np.floor(exact) - 0.5) > 0.01)  # no half to round: the answer is unambiguous
    assert ex.check_adasyn_total(12)
    assert "the number asked for" in ex.check_adasyn_total(11).message
    assert "rounded each share down" in ex.check_adasyn_total(9).message
    assert "rounded each share up" in ex.check_adasyn_total(13).message
    assert "without normalising" in ex.check_adasyn_total(15).message
    assert ex.check_adasyn_total(...).status == "unanswered"
    assert ex.check_adasyn_total("twelve").status == "incorrect"


@pytest.mark.parametrize("seed", [0, 1, 7, student_seed("Ada Lovelace")])
def test_danger_set_check(seed):
    mine = ex.my_basket(seed)
    assert int(np.sum(mine.y == 1)) == 30 and int(np.sum(mine.y == 0)) == 180
    mp = m_prime(mine.X, mine.y, 10)
    danger, noise = int(np.sum((mp >= 5) & (mp < 10))), int(np.sum(mp == 10))
    assert ex.check_danger_set(danger, noise, seed=seed)
    if noise:
        assert "counted the noise too" in ex.check_danger_set(danger + noise, noise, seed=seed).message
    strict = int(np.sum((mp > 5) & (mp < 10)))
    if strict != danger and strict != danger + noise:
        assert "lower bound is inclusive" in ex.check_danger_set(strict, noise, seed=seed).message
    with_self = np.sum(mine.y[nearest(mine.X, mine.X[mine.y == 1], 10, drop_self=False)] == 0, axis=1)
    self_danger = int(np.sum((with_self >= 5) & (with_self < 10)))
    if self_danger not in (danger, danger + noise, strict):
        assert "own neighbours" in ex.check_danger_set(self_danger, noise, seed=seed).message
    assert ex.check_danger_set(..., 1, seed=seed).status == "unanswered"


def test_danger_sets_exist_for_many_students():
    for seed in range(40):
        mp = m_prime(*ex.my_basket(seed).values(), 10)
        assert np.sum((mp >= 5) & (mp < 10)) >= 1, seed


@pytest.mark.parametrize("seed", [0, 20, student_seed("Ada Lovelace")])
def test_orange_shares_check(seed):
    mine = ex.my_basket(seed)
    shares = []
    for k in (1, 7):
        new = ImbSMOTE(k_neighbors=k, random_state=0).fit_resample(mine.X, mine.y)[0][len(mine.y):]
        shares.append(float(np.mean(mine.y[nearest(mine.X, new, 1, drop_self=False)[:, 0]] == 0)))
    assert ex.check_orange_shares(*shares, seed=seed)
    if shares[0] > 0:
        assert "finds ITSELF" in ex.check_orange_shares(0.0, shares[1], seed=seed).message
    assert "APPLE" in ex.check_orange_shares(shares[0], 1 - shares[1], seed=seed).message
    assert ex.check_orange_shares(..., 0.1, seed=seed).status == "unanswered"
    assert ex.check_orange_shares("a lot", 0.1, seed=seed).status == "incorrect"


def test_interpolation_check():
    assert ex.check_interpolation(lambda a, b, s: a + s[:, None] * (b - a)).message.startswith("your rows are bit")
    assert "up to the last bit" in ex.check_interpolation(lambda a, b, s: (1 - s[:, None]) * a + s[:, None] * b).message
    assert "started from the neighbour" in ex.check_interpolation(lambda a, b, s: b + s[:, None] * (a - b)).message
    assert "moving by 1 − λ" in ex.check_interpolation(lambda a, b, s: a + (1 - s[:, None]) * (b - a)).message
    assert "add the starting point" in ex.check_interpolation(lambda a, b, s: s[:, None] * (b - a)).message
    assert "wrong way" in ex.check_interpolation(lambda a, b, s: a + s[:, None] * (a - b)).message
    broadcast = ex.check_interpolation(lambda a, b, s: a + s * (b - a))
    assert broadcast.status == "error" and "steps[:, np.newaxis]" in broadcast.message
    assert ex.check_interpolation(lambda a, b, s: ...).status == "unanswered"
    assert ex.check_interpolation(None).status == "incorrect"
    assert "shape" in ex.check_interpolation(lambda a, b, s: a[:1]).message
    assert ex.check_interpolation(lambda a, b, s: 1 / 0).status == "error"


def test_interpolation_rebuilds_smote_for_every_student_seed():
    """The implement exercise's solution reproduces negedu and imbalanced-learn bit for bit."""
    for seed in (0, student_seed("Ada Lovelace")):
        mine = ex.my_basket(seed)
        X_min = mine.X[mine.y == 1]
        G = int(np.sum(mine.y == 0) - np.sum(mine.y == 1))
        neighbour_idx = nearest(X_min, X_min, 5)
        rng = np.random.RandomState(0)
        pick = rng.randint(0, len(X_min) * 5, size=G)
        steps = rng.uniform(size=G)
        rows, cols = np.divmod(pick, 5)
        new = X_min[rows] + steps[:, None] * (X_min[neighbour_idx[rows, cols]] - X_min[rows])
        assert np.array_equal(new, smote(mine.X, mine.y, k_neighbors=5, random_state=0)[0][len(mine.y):])
        assert np.array_equal(new, ImbSMOTE(k_neighbors=5, random_state=0).fit_resample(mine.X, mine.y)[0][len(mine.y):])


def test_checks_never_raise_on_odd_answers():
    odd = [None, ..., "x", [], {}, float("nan"), -1, object()]
    for answer in odd:
        assert ex.check_smote_candidates(answer).status in ("incorrect", "unanswered")
        assert ex.check_adasyn_total(answer).status in ("incorrect", "unanswered")
        assert ex.check_danger_set(answer, answer, seed=0).status in ("incorrect", "unanswered")
        assert ex.check_orange_shares(answer, answer, seed=0).status in ("incorrect", "unanswered")
        assert ex.check_interpolation(answer).status in ("incorrect", "unanswered")


def test_scaling_changes_the_neighbours():
    raw = make_apples_and_oranges(n_samples=140, imbalance_ratio=6, random_state=36)
    X, y = basket()
    spread = raw.X.std(axis=0)
    assert 5.5 < spread[1] / spread[0] < 6.5  # "about six times the spread"
    raw_nn, std_nn = nearest(raw.X[y == 1], raw.X[y == 1], 5), nearest(X[y == 1], X[y == 1], 5)
    assert sum(set(a) != set(b) for a, b in zip(raw_nn, std_nn)) == 14


def test_small_class_message_says_the_fix():
    """Pitfalls: 'with 4 apples use k_neighbors <= 3 (negedu says so in its error message)'."""
    X, y = basket()
    keep = np.concatenate([np.flatnonzero(y == 1)[:4], np.flatnonzero(y == 0)])
    with pytest.raises(ValueError, match=r"class 1 has 4 samples and k_neighbors=5\. Use k_neighbors <= 3\."):
        smote(X[keep], y[keep], k_neighbors=5)


# ---------------------------------------------------------------- "On real data": the claims of the prose
def _real_scores(name, sampler):
    """Recall, F1 and balanced accuracy of 5-NN over 5 x 2 stratified folds, as on the page."""
    from imblearn.pipeline import make_pipeline
    from sklearn.model_selection import RepeatedStratifiedKFold
    from sklearn.preprocessing import StandardScaler

    from negedu.datasets import load_keel

    data = load_keel(name)
    X, y = data.data, data.target
    rows = []
    for train, test in RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=0).split(X, y):
        steps = [StandardScaler()] + ([sampler] if sampler is not None else []) + [KNeighborsClassifier(n_neighbors=5)]
        pred = make_pipeline(*steps).fit(X[train], y[train]).predict(X[test])
        rows.append([recall_score(y[test], pred), f1_score(y[test], pred, zero_division=0),
                     balanced_accuracy_score(y[test], pred)])
    return np.mean(rows, axis=0)


def test_real_data_claims():
    from negedu.resampling import SMOTE, RandomOverSampler

    for name in ("spect_f", "ecoli-0-2-3-4_vs_5"):
        none = _real_scores(name, None)
        ros = _real_scores(name, RandomOverSampler(random_state=0))
        sm = _real_scores(name, SMOTE(random_state=0))
        if name == "spect_f":                     # helps, and most of it is the balancing
            assert sm[1] > none[1] + 0.1 and sm[0] > none[0] + 0.3
            assert abs(sm[1] - ros[1]) < 0.02
        else:                                     # no extra positive found, F1 and balanced accuracy fall
            assert none[0] == ros[0] == sm[0]
            assert max(sm[1], ros[1]) < none[1] - 0.05 and sm[2] < none[2]
