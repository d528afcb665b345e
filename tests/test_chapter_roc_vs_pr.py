"""Chapter 3, "ROC versus precision-recall": the explorer against textbook formulas, the
chapter's numerical claims, and the exercise checks' hints.

The formulas here are written from their definitions (pairs for the ROC AUC, precision at
each positive's rank or at each distinct threshold for AP, straight lines for the
trapezoid), independently of negedu's sorted-count kernel.
"""

import numpy as np
import pytest
import sklearn.metrics as skm

from negedu.exercises import student_seed
from negedu.chapters.roc_vs_pr import checks as ex
from negedu.interactive import get_explorer, registered_explorers
from negedu.chapters.roc_vs_pr import explorer as gallery
from negedu.metrics import auc, average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

NAME = "roc-vs-pr/imbalance"


# ---------------------------------------------------------------- textbook formulas
def pair_auc(y, s, tie=0.5):
    """Mann-Whitney: the share of (positive, negative) pairs in the right order, ties counting `tie`."""
    y, s = np.asarray(y), np.asarray(s, dtype=float)
    pos, neg = s[y == 1], s[y == 0]
    total = 0.0
    for start in range(0, pos.size, 25):  # 25 positives at a time: at most 25 x 100,000 pairs in memory
        diff = pos[start:start + 25, None] - neg[None, :]
        total += np.sum(diff > 0) + tie * np.sum(diff == 0)
    return total / (pos.size * neg.size)


def pr_points(y, s):
    """(recall, precision) at every distinct threshold, from the highest down, by direct counting."""
    y, s = np.asarray(y), np.asarray(s, dtype=float)
    if np.unique(s).size == s.size:  # no ties: one threshold per sample, in rank order
        hits = (y[np.argsort(-s)] == 1).astype(float)
        tp = np.cumsum(hits)
        return tp / tp[-1], tp / np.arange(1, s.size + 1)
    recall, precision = [], []
    for tau in np.unique(s)[::-1]:
        flagged = s >= tau
        tp, fp = np.sum(flagged & (y == 1)), np.sum(flagged & (y == 0))
        recall.append(tp / np.sum(y == 1))
        precision.append(tp / (tp + fp))
    return np.array(recall), np.array(precision)


def textbook_ap(y, s):
    recall, precision = pr_points(y, s)
    return float(np.sum(np.diff(np.concatenate(([0.0], recall))) * precision))


def textbook_trapezoid(y, s):
    recall, precision = pr_points(y, s)
    recall = np.concatenate(([0.0], recall))  # the conventional start (recall 0, precision 1)
    precision = np.concatenate(([1.0], precision))
    return float(np.sum(np.diff(recall) * (precision[1:] + precision[:-1]) / 2))


def test_textbook_formulas_on_the_ten_fruit():
    y = [1, 1, 0, 1, 0, 0, 1, 0, 0, 0]
    s = [0.95, 0.90, 0.80, 0.70, 0.70, 0.60, 0.55, 0.40, 0.30, 0.20]
    assert pair_auc(y, s) == 19.5 / 24 == roc_auc_score(y, s)
    assert textbook_ap(y, s) == pytest.approx((1 + 1 + 3 / 5 + 4 / 7) / 4, abs=1e-15)
    assert average_precision_score(y, s) == pytest.approx(0.7928571428571429, abs=1e-15)
    assert textbook_trapezoid(y, s) == pytest.approx(skm.auc(*precision_recall_curve(y, s)[1::-1]), abs=1e-15)
    # the chapter: roc_curve keeps all thresholds but 0.4 and 0.3, and the area does not change
    fpr, tpr, thresholds = roc_curve(y, s)
    assert thresholds.tolist() == [np.inf, 0.95, 0.9, 0.8, 0.7, 0.6, 0.55, 0.2]
    fpr_all, tpr_all, _ = roc_curve(y, s, drop_intermediate=False)
    assert len(fpr_all) == 10 and auc(fpr, tpr) == auc(fpr_all, tpr_all) == 0.8125


# ---------------------------------------------------------------- the explorer
def test_explorer_is_registered_and_small():
    assert NAME in registered_explorers()
    explorer = get_explorer(NAME)
    assert [p.name for p in explorer.params] == ["imbalance_ratio", "scores"]
    assert explorer.params[0].values == [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
    assert explorer.params[1].kind == "dropdown"
    assert len(list(explorer.states())) == 20  # the budget is ~70 states


def test_baskets_share_their_apples_and_only_add_oranges():
    ratios = gallery.IMBALANCE_RATIOS
    for smaller, larger in zip(ratios, ratios[1:]):
        a, b = gallery.basket(smaller), gallery.basket(larger)
        assert a.y.sum() == b.y.sum() == gallery.N_APPLES
        assert np.array_equal(np.sort(a.score[a.y == 1]), np.sort(b.score[b.y == 1]))
        assert np.isin(a.score[a.y == 0], b.score[b.y == 0]).all()


@pytest.mark.parametrize("kind", gallery.SCORE_KINDS)
@pytest.mark.parametrize("imbalance_ratio", gallery.IMBALANCE_RATIOS)
def test_explorer_numbers_match_the_formulas(imbalance_ratio, kind):
    nums = get_explorer(NAME).numbers(imbalance_ratio=imbalance_ratio, scores=kind)
    fruit = gallery.basket(imbalance_ratio)
    y = fruit.y
    s = fruit.score if kind == "exact" else np.round(fruit.score, 1)
    n_pos, n_neg = int(np.sum(y == 1)), int(np.sum(y == 0))
    assert nums[gallery.NEGATIVES] == n_neg == gallery.N_APPLES * imbalance_ratio
    pi = n_pos / (n_pos + n_neg)
    assert nums[gallery.BASE_RATE] == pytest.approx(1 / (1 + imbalance_ratio), abs=1e-15)
    assert nums[gallery.ROC_AUC] == pytest.approx(pair_auc(y, s), abs=1e-12)
    assert nums[gallery.AP] == pytest.approx(textbook_ap(y, s), abs=1e-12)
    assert nums[gallery.TRAPEZOID] == pytest.approx(textbook_trapezoid(y, s), abs=1e-12)
    flagged = s >= gallery.THRESHOLD
    tp, fp = np.sum(flagged & (y == 1)), np.sum(flagged & (y == 0))
    tpr, fpr = tp / n_pos, fp / n_neg
    assert nums[gallery.RECALL_AT] == tpr
    assert nums[gallery.FPR_AT] == fpr
    assert nums[gallery.PRECISION_AT] == pytest.approx(tp / (tp + fp), abs=1e-15)
    # PPV = TPR pi / (TPR pi + FPR (1 - pi)): precision is a function of the base rate
    assert nums[gallery.PRECISION_AT] == pytest.approx(tpr * pi / (tpr * pi + fpr * (1 - pi)), rel=1e-12)
    # and the areas are scikit-learn's
    assert nums[gallery.ROC_AUC] == pytest.approx(skm.roc_auc_score(y, s), abs=1e-12)
    assert nums[gallery.AP] == pytest.approx(skm.average_precision_score(y, s), abs=1e-12)
    for value in nums.values():
        assert type(value) in (int, float)


def _column(kind, key):
    explorer = get_explorer(NAME)
    return [explorer.numbers(imbalance_ratio=ir, scores=kind)[key] for ir in gallery.IMBALANCE_RATIOS]


def test_roc_stays_and_pr_sinks():
    """The chapter's claim, over the whole slider."""
    for kind in gallery.SCORE_KINDS:
        roc = _column(kind, gallery.ROC_AUC)
        ap = _column(kind, gallery.AP)
        assert max(roc) - min(roc) < 0.01
        assert all(later < earlier for earlier, later in zip(ap, ap[1:])), ap
    exact_ap = _column("exact", gallery.AP)
    assert exact_ap[0] > 0.98 and exact_ap[-1] < 0.4
    # "AP drops below 0.5 between 1:200 and 1:500"
    assert exact_ap[gallery.IMBALANCE_RATIOS.index(200)] > 0.5 > exact_ap[gallery.IMBALANCE_RATIOS.index(500)]
    # "precision at tau = 0.9 falls below one half between 1:50 and 1:100"
    precision = _column("exact", gallery.PRECISION_AT)
    assert precision[gallery.IMBALANCE_RATIOS.index(50)] > 0.5 > precision[gallery.IMBALANCE_RATIOS.index(100)]
    # straight lines pull away from AP as the oranges grow (coarse scores): five times at 1:1000
    trapezoid = _column("rounded to 0.1", gallery.TRAPEZOID)
    coarse_ap = _column("rounded to 0.1", gallery.AP)
    assert 4.5 < trapezoid[-1] / coarse_ap[-1] < 5.5
    ratios = [t / a for t, a in zip(trapezoid, coarse_ap)]
    assert all(later > earlier for earlier, later in zip(ratios, ratios[1:]))


def test_explorer_describes_what_it_shows():
    explorer = get_explorer(NAME)
    values = {"imbalance_ratio": 1000, "scores": "exact"}
    text = explorer.describe(values, explorer.numbers(**values))
    assert "100,000 oranges" in text and "ROC AUC 0.985" in text and "average precision 0.382" in text
    assert "5.7% of its alarms are apples" in text


# ---------------------------------------------------------------- the chapter's other claims
def test_chapter_claims_about_the_two_baskets():
    small, large = gallery.basket(1), gallery.basket(1000)
    assert round(roc_auc_score(small.y, small.score), 3) == round(roc_auc_score(large.y, large.score), 3) == 0.985
    assert round(average_precision_score(small.y, small.score), 3) == 0.985
    assert round(average_precision_score(large.y, large.score), 3) == 0.382
    # at tau = 0.9: 77 apples and 1 orange, then 77 apples and 1,263 oranges (16 false alarms per apple found)
    for fruit, fp_expected in ((small, 1), (large, 1263)):
        flagged = fruit.score >= 0.9
        assert np.sum(flagged & (fruit.y == 1)) == 77
        assert np.sum(flagged & (fruit.y == 0)) == fp_expected
    assert 16 < 1263 / 77 < 17
    # 152 ROC points of 100,101 draw the large basket's curve
    assert len(roc_curve(large.y, large.score)[0]) == 152
    assert len(roc_curve(large.y, large.score, drop_intermediate=False)[0]) == 100_101
    # the exact and the trapezoidal PR areas barely differ with continuous scores
    precision, recall, _ = precision_recall_curve(large.y, large.score)
    assert round(auc(recall, precision), 3) == 0.381


def test_copying_the_negatives_leaves_the_roc_curve_identical():
    small = gallery.basket(1)
    oranges = small.y == 0
    y = np.concatenate([small.y[~oranges], np.repeat(small.y[oranges], 10)])
    s = np.concatenate([small.score[~oranges], np.repeat(small.score[oranges], 10)])
    assert all(np.array_equal(a, b) for a, b in zip(roc_curve(small.y, small.score), roc_curve(y, s)))
    assert round(average_precision_score(y, s), 3) == 0.904


def test_ties_count_one_half():
    medium = gallery.basket(100)
    coarse = np.round(medium.score, 1)
    assert roc_auc_score(medium.y, medium.score) == pytest.approx(pair_auc(medium.y, medium.score), abs=1e-12)
    assert roc_auc_score(medium.y, coarse) == pytest.approx(pair_auc(medium.y, coarse), abs=1e-12)
    # "counting tied pairs as losses or as wins moves the AUC by 0.8 points either way"
    assert pair_auc(medium.y, coarse) - pair_auc(medium.y, coarse, 0) == pytest.approx(0.008, abs=0.001)
    assert pair_auc(medium.y, coarse, 1) - pair_auc(medium.y, coarse) == pytest.approx(0.008, abs=0.001)


def test_chance_levels_and_tie_breaks_as_the_chapter_draws_them():
    """The chapter's random draws, in the chapter's order (RandomState(0), 200 scorings, 100 tie-breaks)."""
    medium, large = gallery.basket(100), gallery.basket(1000)
    rng = np.random.RandomState(0)
    aucs, aps = [], []
    for _ in range(200):
        s = rng.rand(medium.y.size)
        aucs.append(roc_auc_score(medium.y, s))
        aps.append(average_precision_score(medium.y, s))
    assert round(np.mean(aucs), 3) == 0.500
    pi = medium.y.mean()
    assert pi < np.mean(aps) < 1.15 * pi  # "a little above pi"
    coarse = np.round(large.score, 1)
    broken = [average_precision_score(large.y, coarse + 1e-6 * rng.rand(coarse.size)) for _ in range(100)]
    low, high = np.percentile(broken, [5, 95])
    assert 0.065 <= low and high <= 0.105  # "90 of the 100 random tie-breaks fall between 0.07 and 0.10"
    assert low < average_precision_score(large.y, coarse) < np.mean(broken)  # inside, on the cautious side
    assert auc(*precision_recall_curve(large.y, coarse)[1::-1]) > 3 * high  # the trapezoid is far outside
    # the first tied block: 69 apples and 638 oranges, precision 0.098
    top = coarse == 1.0
    assert np.sum(top & (large.y == 1)) == 69 and np.sum(top & (large.y == 0)) == 638


def test_partial_auc_claims():
    large = gallery.basket(1000)
    coarse = np.round(large.score, 1)
    assert round(roc_auc_score(large.y, large.score, max_fpr=0.001), 2) == 0.68
    assert round(roc_auc_score(large.y, coarse, max_fpr=0.001), 2) == 0.53
    assert round(roc_auc_score(large.y, coarse), 3) == 0.979
    # the strip FPR <= 0.01 holds at most 0.01 of area: the rest (99 %) is to its right
    assert 0.01 / roc_auc_score(large.y, large.score) < 0.011


# ---------------------------------------------------------------- exercise checks
def test_ppv_hints():
    assert ex.check_ppv_from_rates(0.9 * 0.005 / (0.9 * 0.005 + 0.02 * 0.995))
    assert "equally common" in ex.check_ppv_from_rates(0.9 / 0.92).message
    assert "Multiply FPR by 1 − π" in ex.check_ppv_from_rates(0.0045 / 0.0245).message
    assert "recall" in ex.check_ppv_from_rates(0.9).message
    assert "specificity" in ex.check_ppv_from_rates(0.0045 / (0.0045 + 0.98 * 0.995)).message
    assert ex.check_ppv_from_rates(...).status == "unanswered"


def test_pair_auc_hints():
    assert ex.check_pair_auc(0.71875)
    assert roc_auc_score(ex.PAIR_Y, ex.PAIR_SCORES) == 0.71875 == pair_auc(ex.PAIR_Y, ex.PAIR_SCORES)
    assert "counted the tied pair (apple 0.8, orange 0.8) as 0" in ex.check_pair_auc(11 / 16).message
    assert "as a win" in ex.check_pair_auc(0.75).message
    assert "P·N = 4·4 = 16" in ex.check_pair_auc(11.5 / 28).message
    assert "WRONG order" in ex.check_pair_auc(4.5 / 16).message


def test_deployed_precision_hints():
    fpr = 0.8 * 0.05 / 0.95
    assert ex.check_deployed_precision(1 / (1 + 500 * fpr / 0.8))
    assert ex.check_deployed_precision(0.8 * 0.002 / (0.8 * 0.002 + fpr * 0.998))  # pi = 1/500 is accepted
    assert "not a property of the model alone" in ex.check_deployed_precision(0.95).message
    assert "1 − precision = 0.05" in ex.check_deployed_precision(1 / (1 + 500 * 0.05 / 0.8)).message
    assert "does not simply shrink" in ex.check_deployed_precision(0.95 / 500).message


@pytest.mark.parametrize("seed", [0, 1, student_seed("Ada Lovelace")])
def test_ap_and_trapezoid_check(seed):
    basket = ex.my_basket(seed)
    assert basket.y.sum() == 50 and (basket.y == 0).sum() == 10_000
    s = ex.coarse_scores(basket)
    ap = average_precision_score(basket.y, s)
    precision, recall, _ = precision_recall_curve(basket.y, s)
    trapezoid = auc(recall, precision)
    good = ex.check_ap_and_trapezoid(ap, trapezoid, seed=seed)
    assert good and "Almost all of the difference is the first straight segment" in good.message
    assert "AP of the exact scores" in ex.check_ap_and_trapezoid(average_precision_score(basket.y, basket.score),
                                                                 trapezoid, seed=seed).message
    assert "That is the trapezoidal area" in ex.check_ap_and_trapezoid(trapezoid, trapezoid, seed=seed).message
    assert "That is AP again" in ex.check_ap_and_trapezoid(ap, ap, seed=seed).message
    fpr, tpr, _ = roc_curve(basket.y, s)
    assert "area under the ROC curve" in ex.check_ap_and_trapezoid(ap, auc(fpr, tpr), seed=seed).message
    assert ex.check_ap_and_trapezoid(..., trapezoid, seed=seed).status == "unanswered"
    assert ex.check_ap_and_trapezoid("a lot", trapezoid, seed=seed).status == "incorrect"


def test_first_segment_is_almost_all_of_the_trapezoids_excess():
    """What the check of exercise 4 tells every student."""
    for seed in list(range(20)) + [student_seed("Ada Lovelace")]:
        basket = ex.my_basket(seed)
        s = ex.coarse_scores(basket)
        precision, recall, _ = precision_recall_curve(basket.y, s)
        excess = auc(recall, precision) - average_precision_score(basket.y, s)
        first = recall[-2] * (1 - precision[-2]) / 2  # triangle above the first step
        assert first > 0.9 * excess, seed


def test_roc_auc_function_check():
    def good(y, s):
        return pair_auc(y, s)

    assert ex.check_roc_auc_function(good)
    assert "tied pairs as 0" in ex.check_roc_auc_function(lambda y, s: pair_auc(y, s, 0.0)).message
    assert "tied pairs as wins" in ex.check_roc_auc_function(lambda y, s: pair_auc(y, s, 1.0)).message
    assert "wrong way round" in ex.check_roc_auc_function(lambda y, s: 1 - pair_auc(y, s)).message

    def all_pairs(y, s):
        y = np.asarray(y)
        n, p = y.size, np.sum(y == 1)
        return pair_auc(y, s) * p * (n - p) / (n * (n - 1) / 2)

    assert "every pair of samples" in ex.check_roc_auc_function(all_pairs).message
    assert ex.check_roc_auc_function(lambda y, s: None).status == "unanswered"
    assert ex.check_roc_auc_function(lambda y, s: 1 / 0).status == "error"
    assert ex.check_roc_auc_function(lambda y, s: "0.5").status == "incorrect"
    for (y, s), expected, _ in ex._auc_cases():
        assert expected == pytest.approx(skm.roc_auc_score(y, s), abs=1e-12)


def test_average_precision_function_check():
    assert ex.check_average_precision_function(textbook_ap)
    negatives_first = ex.check_average_precision_function(lambda y, s: ex._rank_ap(y, s, positives_first=False))
    assert "negatives first" in negatives_first.message
    positives_first = ex.check_average_precision_function(lambda y, s: ex._rank_ap(y, s, positives_first=True))
    assert "positives first" in positives_first.message
    assert "trapezoidal area" in ex.check_average_precision_function(textbook_trapezoid).message
    assert "interpolated AP" in ex.check_average_precision_function(ex._interpolated_ap).message
    assert ex.check_average_precision_function(lambda y, s: ...).status == "unanswered"
    assert ex.check_average_precision_function(lambda y, s: [1, 2]).status == "incorrect"
    for (y, s), expected, _ in ex._ap_cases():
        assert expected == pytest.approx(skm.average_precision_score(y, s), abs=1e-12)
        assert expected == pytest.approx(textbook_ap(y, s), abs=1e-12)


# ---------------------------------------------------------------- plotting helpers of the chapter
def test_curve_plots_return_their_axes():
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    from negedu import plotting

    y = [1, 1, 0, 1, 0, 0, 1, 0, 0, 0]
    s = [0.95, 0.90, 0.80, 0.70, 0.70, 0.60, 0.55, 0.40, 0.30, 0.20]
    fpr, tpr, _ = roc_curve(y, s)
    precision, recall, _ = precision_recall_curve(y, s)
    ax = plotting.plot_roc_curve(fpr, tpr, point=(0.5, 1.0), point_label="τ")
    assert ax.get_xlabel().startswith("false positive rate")
    ax = plotting.plot_pr_curve(precision, recall, base_rate=0.4, fill=True, style="lines")
    assert ax.get_ylabel() == "precision (PPV)"
    with pytest.raises(ValueError, match="style must be 'step' or 'lines', got 'smooth'"):
        plotting.plot_pr_curve(precision, recall, style="smooth")
    plt.close("all")


def test_flipping_the_positive_class():
    """Pitfalls: ROC AUC survives the flip; the oranges' AP is close to 1 even for a random score."""
    large = gallery.basket(1000)
    assert roc_auc_score(1 - large.y, -large.score) == pytest.approx(roc_auc_score(large.y, large.score), abs=1e-12)
    assert average_precision_score(large.y, -large.score, pos_label=0) > 0.9999
    coin = np.random.RandomState(1).rand(large.y.size)
    assert average_precision_score(large.y, coin, pos_label=0) > 0.998
