"""Chapter 5, "Undersampling the negative class": the explorer against textbook rules written here,
the chapter's numerical claims (the risk column), and the exercise checks' hints.

The rules below are written from their definitions with a full distance matrix and plain
loops (mutual nearest neighbours, sorted distances to the minority, neighbour votes),
independently of negedu's kernels and of its neighbour search.
"""

import warnings
from math import comb

import numpy as np
import pytest
from imblearn.under_sampling import TomekLinks as ReferenceTomekLinks
from sklearn.linear_model import LogisticRegression

from negedu.datasets import make_apples_and_oranges, standardised_basket
from negedu.exercises import student_seed
from negedu.chapters.undersampling import checks as ex
from negedu.interactive import get_explorer, registered_explorers
from negedu.chapters.undersampling import explorer as gallery
from negedu.metrics import average_precision_score, precision_score, recall_score
from negedu.resampling import (
    EditedNearestNeighbours,
    NearMiss,
    RandomUnderSampler,
    TomekLinks,
    find_tomek_links,
    random_under_sample,
    tomek_links,
)

NAME = "undersampling/methods"


# ---------------------------------------------------------------- textbook rules
def distances(X):
    return np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1))


def textbook_tomek_links(X, y):
    """Rows in a Tomek link: labels differ and each is the other's nearest other sample."""
    d = distances(X)
    np.fill_diagonal(d, np.inf)
    nearest = d.argmin(axis=1)
    return sorted(i for i in range(len(y)) if y[nearest[i]] != y[i] and nearest[nearest[i]] == i)


def textbook_near_miss(X, y, version, k, m, n_keep):
    """Kept negatives (as a set) of NearMiss-1/2/3 on two classes, positives = minority."""
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    d = np.sort(distances(X)[np.ix_(neg, pos)], axis=1)  # (n_neg, n_pos) sorted distances to the positives
    nearest_sum = d[:, :k].sum(axis=1)
    if version == 1:
        order = sorted(range(neg.size), key=lambda i: (nearest_sum[i], i))
        return set(neg[order[:n_keep]])
    if version == 2:
        farthest_sum = d[:, -k:].sum(axis=1)
        order = sorted(range(neg.size), key=lambda i: (farthest_sum[i], i))
        return set(neg[order[:n_keep]])
    to_neg = distances(X)[np.ix_(pos, neg)]
    candidates = sorted({int(j) for row in to_neg for j in np.argsort(row, kind="stable")[:m]})
    order = sorted(candidates, key=lambda i: (-nearest_sum[i], i))
    return set(neg[order[:n_keep]])


def textbook_enn(X, y, k, kind_sel):
    """Kept negatives of ENN cleaning the negative class: the k nearest other samples vote."""
    d = distances(X)
    np.fill_diagonal(d, np.inf)
    kept = set()
    for i in np.flatnonzero(y == 0):
        votes = y[np.argsort(d[i], kind="stable")[:k]]
        if kind_sel == "all":
            keep = np.all(votes == 0)
        else:
            keep = np.sum(votes == 0) >= np.sum(votes == 1)  # a tie goes to the smaller label, 0
        if keep:
            kept.add(int(i))
    return kept


def textbook_random(y, seed):
    """Random undersampling: one permutation of the negatives, keep the first n_pos."""
    neg = np.flatnonzero(y == 0)
    return set(neg[np.random.RandomState(seed).permutation(neg.size)[: int(y.sum())]])


def textbook_kept_negatives(method, X, y, k):
    if method == "random":
        return textbook_random(y, gallery.RANDOM_STATE)
    if method == "Tomek links":
        return set(np.flatnonzero(y == 0)) - set(textbook_tomek_links(X, y))
    if method.startswith("NearMiss"):
        return textbook_near_miss(X, y, int(method[-1]), k, k, int(y.sum()))
    return textbook_enn(X, y, k, "all" if method == "ENN (all)" else "mode")


# ---------------------------------------------------------------- the data
def test_standardised_basket():
    basket = standardised_basket()
    assert basket.X.shape == (300, 2)
    assert np.allclose(basket.X.mean(axis=0), 0, atol=1e-12) and np.allclose(basket.X.std(axis=0), 1)
    assert int(basket.y.sum()) == 30 and int((basket.y == 0).sum()) == 270
    raw = make_apples_and_oranges(n_samples=300, imbalance_ratio=9, random_state=0)
    assert np.allclose(basket.X * basket.scale + basket.mean, raw.X)
    assert np.allclose(basket.boundary(basket.X), raw.score)
    assert np.array_equal(basket.apple_side, raw.score >= 0.5)
    noisy = standardised_basket(mislabelled=3)
    assert np.array_equal(noisy.X, basket.X)
    assert noisy.mislabelled.size == 3 and np.all(raw.y[noisy.mislabelled] == 0)
    assert np.all(raw.score[noisy.mislabelled] < 0.05) and np.all(noisy.y[noisy.mislabelled] == 1)
    assert np.sum(noisy.y != raw.y) == 3


# ---------------------------------------------------------------- the explorer
def test_explorer_is_registered_and_within_budget():
    assert NAME in registered_explorers()
    explorer = get_explorer(NAME)
    assert [p.name for p in explorer.params] == ["method", "n_neighbors", "labels"]
    assert explorer.params[0].values == gallery.METHODS and explorer.params[0].kind == "dropdown"
    assert explorer.params[1].values == [1, 3, 5, 7]
    assert len(list(explorer.states())) == 56  # the budget is ~70 states


@pytest.mark.parametrize("labels", gallery.LABELS)
@pytest.mark.parametrize("method", gallery.METHODS)
def test_explorer_numbers_match_the_textbook_rules(method, labels):
    explorer = get_explorer(NAME)
    basket = standardised_basket(mislabelled=3 if labels == gallery.LABELS[1] else 0)
    X, y = basket.X, basket.y
    d = distances(X)
    np.fill_diagonal(d, np.inf)
    next_to = {int(j) for i in basket.mislabelled for j in np.argsort(d[i], kind="stable")[:3] if y[j] == 0}
    n_pos, n_neg = int(y.sum()), int((y == 0).sum())
    for k in explorer.params[1].values:
        nums = explorer.numbers(method=method, n_neighbors=k, labels=labels)
        kept = textbook_kept_negatives(method, X, y, k)
        assert nums["negatives kept"] == len(kept)
        assert nums["negatives removed"] == n_neg - len(kept)
        assert nums["positives kept"] == n_pos  # 'auto' never touches the minority
        assert nums["IR before"] == n_neg / n_pos
        assert nums["IR after"] == len(kept) / n_pos
        assert nums["kept negatives on the apple side"] == sum(bool(basket.apple_side[i]) for i in kept)
        assert nums["kept negatives next to a mislabelled apple"] == len(kept & next_to)
        for value in nums.values():
            assert type(value) in (int, float)


def test_explorer_draws_and_describes():
    import matplotlib.pyplot as plt

    explorer = get_explorer(NAME)
    values = {"method": "Tomek links", "n_neighbors": 5, "labels": gallery.LABELS[1]}
    nums = explorer.numbers(**values)
    text = explorer.describe(values, nums)
    assert text.startswith("Tomek links on the 3 oranges mislabelled basket keeps 262 of 267 negatives")
    assert "do not use k" in text and "next to a mislabelled apple" in text
    fig = explorer.draw(**values)
    try:
        assert len(fig.axes) == 2 and fig.get_size_inches().tolist() == [8.0, 3.4]
    finally:
        plt.close(fig)


def _number(method, k, labels, key):
    return get_explorer(NAME).numbers(method=method, n_neighbors=k, labels=labels)[key]


def test_explorer_claims_of_the_chapter():
    clean, noisy = gallery.LABELS
    # "Things to try": NearMiss-1, k = 1, keeps six of the seven oranges around the fake apples, of 33
    assert _number("NearMiss-1", 1, noisy, "kept negatives next to a mislabelled apple") == 6
    assert _number("NearMiss-1", 1, noisy, "negatives kept") == 33
    # ENN (all) from k = 1 to 7: 6 -> 35 (clean), 7 -> 52 (noisy); ENN (mode): 6 -> 3
    assert [_number("ENN (all)", k, clean, "negatives removed") for k in (1, 3, 5, 7)] == [6, 15, 25, 35]
    assert [_number("ENN (all)", k, noisy, "negatives removed") for k in (1, 7)] == [7, 52]
    assert [_number("ENN (mode)", k, clean, "negatives removed") for k in (1, 3, 5, 7)] == [6, 4, 3, 3]
    # NearMiss-3 with k = 1: only 10 candidates, the ratio overshoots to 0.33
    assert _number("NearMiss-3", 1, clean, "negatives kept") == 10
    assert _number("NearMiss-3", 1, clean, "IR after") == pytest.approx(1 / 3)
    # random and Tomek links ignore k
    for method in ("random", "Tomek links"):
        for labels in gallery.LABELS:
            assert len({tuple(get_explorer(NAME).numbers(method=method, n_neighbors=k, labels=labels).values())
                        for k in (1, 3, 5, 7)}) == 1


# ---------------------------------------------------------------- the chapter's numbers
@pytest.fixture(scope="module")
def basket():
    return standardised_basket()


def test_the_summary_table(basket):
    X, y = basket.X, basket.y
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        rows = {name: gallery.resample(name, X, y, 3) for name in gallery.METHODS}
    neg_kept = {name: idx[y[idx] == 0] for name, idx in rows.items()}
    assert {name: v.size for name, v in neg_kept.items()} == {
        "random": 30, "Tomek links": 266, "NearMiss-1": 30, "NearMiss-2": 30, "NearMiss-3": 24,
        "ENN (all)": 255, "ENN (mode)": 266}
    hard = {name: int(basket.apple_side[v].sum()) for name, v in neg_kept.items()}
    assert int(basket.apple_side[y == 0].sum()) == 14
    assert hard == {"random": 2, "Tomek links": 12, "NearMiss-1": 7, "NearMiss-2": 8, "NearMiss-3": 12,
                    "ENN (all)": 7, "ENN (mode)": 10}
    # "5 % in the basket ... 23 % to 50 % after NearMiss"
    assert round(100 * 14 / 270) == 5
    assert [round(100 * hard[m] / neg_kept[m].size) for m in ("NearMiss-1", "NearMiss-2", "NearMiss-3")] == [23, 27, 50]
    # the grid figure's sampler objects give the same rows as resample()
    assert np.array_equal(RandomUnderSampler(random_state=42).fit(X, y).fit_resample(X, y)[1], y[rows["random"]])


def test_tomek_bound_ir_drops_by_at_most_one():
    """Each sample is in at most one link, so 'auto' removes at most n_min samples (tie-free data)."""
    rng = np.random.RandomState(0)
    for _ in range(30):
        n_pos = rng.randint(5, 40)
        n_neg = rng.randint(n_pos + 1, 400)
        X = np.vstack([rng.normal(0, 1, (n_neg, 2)), rng.normal(rng.uniform(0, 2), 1, (n_pos, 2))])
        y = np.array([0] * n_neg + [1] * n_pos)
        in_link = find_tomek_links(X, y)
        assert in_link[y == 1].sum() == in_link[y == 0].sum() <= n_pos  # one positive end per link
        kept = tomek_links(X, y)[1]
        assert (kept == 0).sum() / n_pos >= n_neg / n_pos - 1
        assert sorted(np.flatnonzero(in_link)) == textbook_tomek_links(X, y)


def test_tomek_claims(basket):
    tl = TomekLinks()
    tl.fit_resample(basket.X, basket.y)
    removed = np.setdiff1d(np.arange(300), tl.sample_indices_)
    assert removed.tolist() == [189, 190, 264, 293]
    assert basket.apple_side[removed].tolist() == [True, True, False, False]
    everything = TomekLinks(sampling_strategy="all")
    everything.fit_resample(basket.X, basket.y)
    assert everything.sample_indices_.size == 292


def test_random_undersampling_loses_the_reddest_oranges(basket):
    X, y = basket.X, basket.y
    neg = np.flatnonzero(y == 0)
    reddest = neg[np.argsort(-X[neg, 0])[:10]]
    assert int(basket.apple_side[reddest].sum()) == 9
    formula = comb(260, 30) / comb(270, 30)
    assert formula == pytest.approx(0.301, abs=5e-4)
    assert (1 - 30 / 270) ** 10 == pytest.approx(formula, abs=0.01)  # the approximation of the chapter
    lost = np.mean([not np.isin(reddest, random_under_sample(X, y, random_state=s)[2]).any() for s in range(2000)])
    assert lost == pytest.approx(0.302, abs=5e-4)


def test_undersampling_moves_the_threshold(basket):
    """Recall up, precision down for every one of the 20 seeds; scores inflated, and the correction works."""
    X, y = basket.X, basket.y
    fresh = make_apples_and_oranges(n_samples=20_000, imbalance_ratio=9, random_state=1)
    X_test, y_test = (fresh.X - basket.mean) / basket.scale, fresh.y
    full = LogisticRegression().fit(X, y).predict_proba(X_test)[:, 1]
    p_full = precision_score(y_test, (full >= 0.5).astype(int))
    r_full = recall_score(y_test, (full >= 0.5).astype(int))
    assert round(p_full, 2) == 0.89 and round(r_full, 2) == 0.77
    precisions, corrected = [], []
    beta = 30 / 270
    for seed in range(20):
        rows = random_under_sample(X, y, random_state=seed)[2]
        s = LogisticRegression().fit(X[rows], y[rows]).predict_proba(X_test)[:, 1]
        p, r = precision_score(y_test, (s >= 0.5).astype(int)), recall_score(y_test, (s >= 0.5).astype(int))
        assert p < p_full and r > r_full and s.mean() > 0.2
        precisions.append(p)
        # the correction s = beta s' / (beta s' - s' + 1): odds times beta, ranking (and AP) unchanged
        s_back = beta * s / (beta * s - s + 1)
        assert np.allclose(s_back / (1 - s_back), beta * s / (1 - s))
        assert average_precision_score(y_test, s_back) == pytest.approx(average_precision_score(y_test, s), abs=1e-12)
        corrected.append(s_back.mean())
    assert round(min(precisions), 2) == 0.50 and round(max(precisions), 2) == 0.63
    assert abs(np.mean(corrected) - y_test.mean()) < 0.01


def test_near_miss_keeps_the_noise(basket):
    noisy = standardised_basket(mislabelled=3)
    d = distances(noisy.X)
    np.fill_diagonal(d, np.inf)
    near = {int(j) for i in noisy.mislabelled for j in np.argsort(d[i])[:3] if noisy.y[j] == 0}
    assert len(near) == 7
    counts = {}
    for version in (1, 2, 3):
        for k in (1, 3):
            nm = NearMiss(version=version, n_neighbors=k, n_neighbors_ver3=5)
            nm.fit_resample(noisy.X, noisy.y)
            neg_kept = nm.sample_indices_[noisy.y[nm.sample_indices_] == 0]
            assert neg_kept.size == 33
            counts[version, k] = len(set(neg_kept.tolist()) & near)
    assert counts == {(1, 1): 6, (1, 3): 6, (2, 1): 0, (2, 3): 0, (3, 1): 4, (3, 3): 1}


def test_enn_sensitivity_table(basket):
    noisy = standardised_basket(mislabelled=3)
    table = {}
    for k in (1, 3, 5, 7, 9):
        for kind_sel in ("all", "mode"):
            for name, data in (("clean", basket), ("noisy", noisy)):
                enn = EditedNearestNeighbours(n_neighbors=k, kind_sel=kind_sel)
                enn.fit_resample(data.X, data.y)
                table[k, kind_sel, name] = int((data.y == 0).sum() - (data.y[enn.sample_indices_] == 0).sum())
                assert table[k, kind_sel, name] == (data.y == 0).sum() - len(textbook_enn(data.X, data.y, k, kind_sel))
    assert [table[k, "all", "clean"] for k in (1, 3, 5, 7, 9)] == [6, 15, 25, 35, 40]
    assert [table[k, "all", "noisy"] for k in (1, 3, 5, 7, 9)] == [7, 19, 33, 52, 62]
    assert [table[k, "mode", "clean"] for k in (1, 3, 5, 7, 9)] == [6, 4, 3, 3, 3]
    assert [table[k, "mode", "noisy"] for k in (1, 3, 5, 7, 9)] == [7, 4, 3, 3, 3]
    assert table[7, "all", "noisy"] - table[7, "all", "clean"] == 17
    assert table[9, "all", "noisy"] - table[9, "all", "clean"] == 22
    # "(1 - p)^k: 0.9 for k = 1 and 0.48 for k = 7"
    assert round(0.9 ** 7, 2) == 0.48
    # with sampling_strategy='all' ENN also removes the three wrong labels
    kept = EditedNearestNeighbours(sampling_strategy="all").fit(noisy.X, noisy.y)
    kept.fit_resample(noisy.X, noisy.y)
    assert not np.isin(noisy.mislabelled, kept.sample_indices_).any()


def test_scaling_changes_near_miss(basket):
    X, y = basket.X, basket.y
    raw_X = X * basket.scale + basket.mean
    kept = {}
    for name, features in (("standardised", X), ("raw", raw_X)):
        nm = NearMiss(version=1)
        nm.fit_resample(features, y)
        kept[name] = nm.sample_indices_[y[nm.sample_indices_] == 0]
    assert int(basket.apple_side[kept["standardised"]].sum()) > int(basket.apple_side[kept["raw"]].sum())
    assert np.setdiff1d(kept["standardised"], kept["raw"]).size >= 5


# ---------------------------------------------------------------- exercises
def test_tomek_count_check_and_hints():
    assert textbook_tomek_links(ex.TOMEK_X, ex.TOMEK_Y) == [1, 2, 4, 5, 8, 9]
    assert ex.check_tomek_count(3, 6)
    assert "needs both" in ex.check_tomek_count(5, 6).message
    assert "With 'auto' only the majority end" in ex.check_tomek_count(6, 6).message
    assert "'auto' answer again" in ex.check_tomek_count(3, 3).message
    assert ex.check_tomek_count(..., 6).status == "unanswered"
    assert ex.check_tomek_count("three", 6).status == "incorrect"


def test_near_miss_choice_check_and_hints():
    oranges = ex.NEARMISS_X[ex.NEARMISS_Y == 0].ravel()
    for version, expected in ((1, 9.5), (2, 5.0), (3, 2.5)):
        nm = NearMiss(version=version, n_neighbors=1, n_neighbors_ver3=1, sampling_strategy={0: 1})
        X_res, y_res = nm.fit_resample(ex.NEARMISS_X, ex.NEARMISS_Y)
        assert X_res[y_res == 0].ravel().tolist() == [expected]
        assert textbook_near_miss(ex.NEARMISS_X, ex.NEARMISS_Y, version, 1, 1, 1) == \
            {int(np.flatnonzero(ex.NEARMISS_X.ravel() == expected)[0])}
    assert ex.check_near_miss_choice(9.5, 5, 2.5)
    assert "single nearest apple" in ex.check_near_miss_choice(2.5, 5, 2.5).message
    assert "NearMiss-2" in ex.check_near_miss_choice(9.5, 9.5, 2.5).message
    assert "*largest* NearMiss-1 score" in ex.check_near_miss_choice(9.5, 5, 9.5).message
    assert "not a candidate" in ex.check_near_miss_choice(9.5, 5, 13).message
    assert "position of one of the oranges" in ex.check_near_miss_choice(9.5, 4, 2.5).message
    assert ex.check_near_miss_choice(9.5, ..., 2.5).status == "unanswered"
    assert len(oranges) == 4


@pytest.mark.parametrize("seed", [0, 1, student_seed("Ada Lovelace")])
def test_random_under_check(seed):
    basket = ex.my_basket(seed)
    rus = RandomUnderSampler(sampling_strategy=0.5, random_state=seed)
    rus.fit_resample(basket.X, basket.y)
    kept = rus.sample_indices_[basket.y[rus.sample_indices_] == 0]
    assert kept.size == 60
    right = int(basket.apple_side[kept].sum())
    assert ex.check_random_under(60, right, seed=seed)
    assert "n_positive / 0.5" in ex.check_random_under(15, right, seed=seed).message
    assert "sampling_strategy='auto'" in ex.check_random_under(30, right, seed=seed).message
    assert "count only the negatives" in ex.check_random_under(90, right, seed=seed).message
    with_apples = int(basket.apple_side[rus.sample_indices_].sum())
    if with_apples != right:
        assert "kept apples" in ex.check_random_under(60, with_apples, seed=seed).message
    assert ex.check_random_under(60, ..., seed=seed).status == "unanswered"


@pytest.mark.parametrize("seed", [0, 1, student_seed("Ada Lovelace")])
def test_enn_check(seed):
    basket = ex.my_basket(seed)
    removed = {}
    for k in (2, 3, 4):
        for kind_sel in ("all", "mode"):
            enn = EditedNearestNeighbours(n_neighbors=k, kind_sel=kind_sel)
            enn.fit_resample(basket.X, basket.y)
            removed[k, kind_sel] = int(270 - (basket.y[enn.sample_indices_] == 0).sum())
    assert ex.check_enn_removed(removed[3, "all"], removed[3, "mode"], seed=seed)
    assert "swapped" in ex.check_enn_removed(removed[3, "mode"], removed[3, "all"], seed=seed).message
    if removed[4, "all"] != removed[3, "all"]:
        assert "k + 1 = 4" in ex.check_enn_removed(removed[4, "all"], removed[3, "mode"], seed=seed).message
    assert "number of negatives kept" in ex.check_enn_removed(270 - removed[3, "all"], 0, seed=seed).message
    assert ex.check_enn_removed(..., 3, seed=seed).status == "unanswered"


def _tomek_reference(X, y):
    reference = ReferenceTomekLinks(sampling_strategy="all")
    reference.fit_resample(X, y)
    return np.setdiff1d(np.arange(len(y)), reference.sample_indices_)


def test_tomek_cases_agree_with_imbalanced_learn_and_the_textbook():
    for (X, y), _ in ex._tomek_cases():
        ours = np.flatnonzero(find_tomek_links(X, y))
        assert ours.tolist() == textbook_tomek_links(X, y)
        assert np.array_equal(ours, _tomek_reference(X, y))
    assert any(len(textbook_tomek_links(X, y)) == 0 for (X, y), _ in ex._tomek_cases())


def test_tomek_function_check_diagnoses_common_slips():
    def mutual(X, y, *, self_allowed=False, mutual=True, ends="both"):
        d = distances(np.asarray(X, dtype=float))
        if not self_allowed:
            np.fill_diagonal(d, np.inf)
        nn = d.argmin(axis=1)
        rows = set()
        for i in range(len(y)):
            if y[nn[i]] != y[i] and (nn[nn[i]] == i or not mutual):
                rows |= {i, int(nn[i])}
        if ends == "negative":
            rows = {i for i in rows if y[i] == 0}
        return sorted(rows)

    assert ex.check_tomek_function(mutual)
    assert ex.check_tomek_function(lambda X, y: np.isin(np.arange(len(y)), mutual(X, y)))  # a mask is fine
    assert "nn(i) = j and nn(j) = i" in ex.check_tomek_function(lambda X, y: mutual(X, y, mutual=False)).message
    assert "own nearest neighbour" in ex.check_tomek_function(lambda X, y: mutual(X, y, self_allowed=True)).message
    assert "both ends" in ex.check_tomek_function(lambda X, y: mutual(X, y, ends="negative")).message
    assert ex.check_tomek_function(lambda X, y: None).status == "unanswered"
    assert ex.check_tomek_function(lambda X, y: 1 / 0).status == "error"
    assert "row indices" in ex.check_tomek_function(lambda X, y: "links").message
    assert ex.check_tomek_function(42).status == "incorrect"


# ---------------------------------------------------------------- "On real data": the claims of the prose
def _real_scores(name, sampler):
    """F1 at 0.5, F1 at the training share of positives and AP over 5 x 2 stratified folds, as on the page."""
    from imblearn.pipeline import make_pipeline
    from sklearn.model_selection import RepeatedStratifiedKFold
    from sklearn.preprocessing import StandardScaler

    from negedu.datasets import load_keel
    from negedu.metrics import f1_score

    data = load_keel(name)
    X, y = data.data, data.target
    rows = []
    for train, test in RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=0).split(X, y):
        steps = [StandardScaler()] + ([sampler] if sampler is not None else []) + [LogisticRegression()]
        s = make_pipeline(*steps).fit(X[train], y[train]).predict_proba(X[test])[:, 1]
        rows.append([f1_score(y[test], (s >= 0.5).astype(int), zero_division=0),
                     f1_score(y[test], (s >= y[train].mean()).astype(int), zero_division=0),
                     average_precision_score(y[test], s)])
    return np.mean(rows, axis=0)


@pytest.mark.parametrize("name", ["glass1", "ecoli-0-6-7_vs_5"])
def test_real_data_claims(name):
    none = _real_scores(name, None)
    rus = _real_scores(name, RandomUnderSampler(random_state=0))
    enn = _real_scores(name, EditedNearestNeighbours())
    nm1 = _real_scores(name, NearMiss(version=1))
    assert nm1[2] < min(none[2], rus[2], enn[2])                      # NearMiss-1 ranks worst of the four
    if name == "glass1":                                              # helps: a moved threshold
        assert rus[0] > none[0] + 0.2 and enn[0] > none[0] + 0.2
        assert abs(rus[2] - none[2]) < 0.02
        assert none[1] >= rus[0]                                      # the plain model at pi gets the gain
    else:                                                             # hurts: information lost
        assert rus[0] < none[0] - 0.2 and rus[2] < none[2] - 0.1
