"""Chapter 4, "Imbalance and the accuracy paradox": explorer, exercise checks, and the chapter's claims.

The explorer's numbers are compared with textbook formulas written here from the four
counts; every number the chapter states in prose is recomputed and asserted.
"""

import math
import warnings

import numpy as np
import pytest
import sklearn.metrics as skm

from negedu.chapters.imbalance_metrics import figures as imbalance_metrics_figures
from negedu.datasets import make_apples_and_oranges
from negedu.exercises import student_seed
from negedu.chapters.imbalance_metrics import checks as ex
from negedu.interactive import get_explorer, registered_explorers
from negedu.chapters.imbalance_metrics import explorer as gallery
from negedu.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    classification_report_imbalanced,
    f1_score,
    fbeta_score,
    geometric_mean_score,
    imbalance_ratio,
    matthews_corrcoef,
    precision_score,
)

NAME = "imbalance-metrics/imbalance"


# ---------------------------------------------------------------- textbook formulas
def _counts(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = int(np.sum((y_true == 1) & (y_pred == 1)))
    fp = int(np.sum((y_true == 0) & (y_pred == 1)))
    fn = int(np.sum((y_true == 1) & (y_pred == 0)))
    tn = int(np.sum((y_true == 0) & (y_pred == 0)))
    return tp, fp, fn, tn


def _textbook(tp, fp, fn, tn):
    n = tp + fp + fn + tn
    tpr, tnr = tp / (tp + fn), tn / (tn + fp)
    margins = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
    return {
        "accuracy": (tp + tn) / n,
        "F1": 2 * tp / (2 * tp + fp + fn),
        "MCC": (tp * tn - fp * fn) / math.sqrt(margins) if margins else 0.0,
        "balanced accuracy": (tpr + tnr) / 2,
        "G-mean": math.sqrt(tpr * tnr),
    }


def _from_counts(tp, fn, fp, tn):
    return np.repeat([1, 1, 0, 0], [tp, fn, fp, tn]), np.repeat([1, 0, 1, 0], [tp, fn, fp, tn])


# ---------------------------------------------------------------- the explorer
def test_explorer_is_registered_and_within_budget():
    assert NAME in registered_explorers()
    explorer = get_explorer(NAME)
    n_states = len(list(explorer.states()))
    assert n_states == len(gallery.IMBALANCE_RATIOS) * len(gallery.THRESHOLDS) <= 70
    assert explorer.initial == {"imbalance_ratio": 100, "threshold": 0.5}


def _independent_basket(imbalance_ratio):
    """The explorer's basket rebuilt from the documented recipe, without the module's helpers."""
    pool = make_apples_and_oranges(n_samples=100 * 1001, imbalance_ratio=1000, random_state=11)
    oranges = np.flatnonzero(pool.y == 0)[: 100 * imbalance_ratio]
    keep = np.concatenate([np.flatnonzero(pool.y == 1), oranges])
    return pool.y[keep], pool.score[keep]


@pytest.mark.parametrize("imbalance_ratio", gallery.IMBALANCE_RATIOS)
def test_explorer_numbers_match_the_formulas(imbalance_ratio):
    explorer = get_explorer(NAME)
    y, score = _independent_basket(imbalance_ratio)
    assert y.sum() == 100 and (y == 0).sum() == 100 * imbalance_ratio
    for threshold in gallery.THRESHOLDS:
        nums = explorer.numbers(imbalance_ratio=imbalance_ratio, threshold=threshold)
        tp, fp, fn, tn = _counts(y, score >= threshold)
        assert nums["apples found (TP)"] == tp
        assert nums["false alarms (FP)"] == fp
        assert nums["accuracy of 'always orange'"] == pytest.approx(imbalance_ratio / (1 + imbalance_ratio), abs=1e-12)
        for key, value in _textbook(tp, fp, fn, tn).items():
            assert nums[key] == pytest.approx(value, abs=1e-12), (key, imbalance_ratio, threshold)
        text = explorer.describe({"imbalance_ratio": imbalance_ratio, "threshold": threshold}, nums)
        assert f"finds {tp} of 100 apples" in text and f"{fp} false alarms" in text


def test_explorer_keeps_the_same_apples_at_every_ratio():
    explorer = get_explorer(NAME)
    for threshold in gallery.THRESHOLDS:
        found = {explorer.numbers(imbalance_ratio=r, threshold=threshold)["apples found (TP)"]
                 for r in gallery.IMBALANCE_RATIOS}
        assert len(found) == 1
    small_y, small_s = gallery.basket_at(10)
    large_y, large_s = gallery.basket_at(1000)
    assert np.array_equal(small_s[small_y == 0], large_s[large_y == 0][: small_y.size - 100])


def test_explorer_claims_of_the_chapter():
    nums = get_explorer(NAME).numbers
    # at tau = 0.5 accuracy beats "always orange" exactly when TP > FP: at IR 1, 3, 10, not from 30 on
    for r in gallery.IMBALANCE_RATIOS:
        n = nums(imbalance_ratio=r, threshold=0.5)
        assert n["apples found (TP)"] == 94
        beats = n["accuracy"] > n["accuracy of 'always orange'"]
        assert beats == (n["apples found (TP)"] > n["false alarms (FP)"]) == (r <= 10)
    assert [nums(imbalance_ratio=r, threshold=0.5)["false alarms (FP)"] for r in (1, 3, 10)] == [7, 16, 55]
    # at IR 1,000: F1 and MCC climb with the threshold, balanced accuracy peaks at 0.6
    low, high = nums(imbalance_ratio=1000, threshold=0.5), nums(imbalance_ratio=1000, threshold=0.9)
    assert (round(low["F1"], 2), round(low["MCC"], 2)) == (0.03, 0.11)
    assert (round(high["F1"], 2), round(high["MCC"], 2)) == (0.10, 0.21)
    ba = [nums(imbalance_ratio=1000, threshold=t)["balanced accuracy"] for t in gallery.THRESHOLDS]
    assert gallery.THRESHOLDS[int(np.argmax(ba))] == 0.6
    # pitfall: balanced accuracy 0.92 with about 145 false alarms per apple found
    wide = nums(imbalance_ratio=1000, threshold=0.2)
    assert round(wide["balanced accuracy"], 2) == 0.92
    assert round(wide["false alarms (FP)"] / wide["apples found (TP)"]) == 145


def test_explorer_draws_and_describes():
    import matplotlib.pyplot as plt

    explorer = get_explorer(NAME)
    fig = explorer.draw(imbalance_ratio=1000, threshold=0.2)
    assert len(fig.axes) == 2
    plt.close(fig)
    nums = explorer.numbers(**explorer.initial)
    assert "is below the 0.990 of always answering orange" in explorer.describe(explorer.initial, nums)


# ---------------------------------------------------------------- the chapter's basket
@pytest.fixture(scope="module")
def basket():
    return make_apples_and_oranges(n_samples=10_000, imbalance_ratio=99, random_state=0)


def test_the_paradox_on_the_chapter_basket(basket):
    y = basket.y
    model = (basket.score >= 0.5).astype(int)
    lazy = np.zeros_like(y)
    tp, fp, fn, tn = _counts(y, model)
    assert (tp, fn, fp, tn) == (95, 5, 609, 9291)
    assert accuracy_score(y, lazy) == 0.99 > accuracy_score(y, model)
    assert round(accuracy_score(y, model), 3) == 0.939
    for metric in (f1_score, matthews_corrcoef, balanced_accuracy_score, geometric_mean_score):
        assert metric(y, model) > metric(y, lazy)
    assert [round(v, 3) for v in (f1_score(y, model), matthews_corrcoef(y, model),
                                  balanced_accuracy_score(y, model), geometric_mean_score(y, model))] == \
        [0.236, 0.346, 0.944, 0.944]


def test_accuracy_beats_always_negative_iff_tp_exceeds_fp(basket):
    y = basket.y
    lazy_accuracy = accuracy_score(y, np.zeros_like(y))
    for tau in np.linspace(0.05, 0.999, 60):
        pred = (basket.score >= tau).astype(int)
        tp, fp, _, _ = _counts(y, pred)
        if tp != fp:
            assert (accuracy_score(y, pred) > lazy_accuracy) == (tp > fp)


def test_identities_of_the_chapter(basket):
    y = basket.y
    model = (basket.score >= 0.5).astype(int)
    tp, fp, fn, tn = _counts(y, model)
    pi, q = y.mean(), model.mean()
    tpr, tnr, ppv, npv = tp / (tp + fn), tn / (tn + fp), tp / (tp + fp), tn / (tn + fn)
    assert accuracy_score(y, model) == pytest.approx(pi * tpr + (1 - pi) * tnr, abs=1e-12)
    mcc = matthews_corrcoef(y, model)
    assert mcc == pytest.approx(np.corrcoef(y, model)[0, 1], abs=1e-12)
    assert mcc == pytest.approx(matthews_corrcoef(1 - y, 1 - model), abs=1e-12)
    assert mcc == pytest.approx((tpr - (1 - tnr)) * np.sqrt(pi * (1 - pi) / (q * (1 - q))), abs=1e-12)
    assert mcc == pytest.approx(np.sqrt(ppv * tpr * tnr * npv) - np.sqrt((1 - ppv) * (1 - tpr) * (1 - tnr) * (1 - npv)),
                                abs=1e-12)
    weights = np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (y == 0).sum()))
    assert accuracy_score(y, model, sample_weight=weights) == pytest.approx(balanced_accuracy_score(y, model), abs=1e-12)
    assert balanced_accuracy_score(y, model, adjusted=True) == pytest.approx(tpr + tnr - 1, abs=1e-12)
    assert round(q, 4) == 0.0704
    assert round(f1_score(y, model, pos_label=0), 2) == 0.97


def test_f1_ignores_true_negatives(basket):
    y = basket.y
    model = (basket.score >= 0.5).astype(int)
    y_more, model_more = np.r_[y, np.zeros(10**6, dtype=int)], np.r_[model, np.zeros(10**6, dtype=int)]
    assert f1_score(y_more, model_more) == f1_score(y, model)
    assert accuracy_score(y_more, model_more) > accuracy_score(y, model)


GRID = 1 / (1 + np.exp(-np.arange(-4, 7.01, 0.25)))


def _best(metric, basket, **kwargs):
    values = [metric(basket.y, (basket.score >= t).astype(int), **kwargs) for t in GRID]
    best = GRID[int(np.argmax(values))]
    return best, max(values), _counts(basket.y, basket.score >= best)


def test_fbeta_thresholds_get_more_permissive_with_beta(basket):
    found = {beta: _best(fbeta_score, basket, beta=beta) for beta in (0.5, 1, 2)}
    assert found[0.5][0] > found[1][0] > found[2][0]
    assert [(c[0], c[1]) for _, _, c in found.values()] == [(39, 4), (58, 32), (74, 86)]


def test_each_metric_picks_its_own_threshold(basket):
    acc_t, _, (acc_tp, _, _, _) = _best(accuracy_score, basket)
    f1_t, f1_best, (f1_tp, f1_fp, _, _) = _best(f1_score, basket)
    mcc_t, _, _ = _best(matthews_corrcoef, basket)
    ba_t, _, (ba_tp, ba_fp, _, _) = _best(balanced_accuracy_score, basket)
    g_t, _, _ = _best(geometric_mean_score, basket)
    assert ba_t == g_t == 0.5 and (ba_tp, ba_fp) == (95, 609)
    assert f1_t == mcc_t and round(f1_t, 3) == 0.977 and (f1_tp, f1_fp) == (58, 32)
    assert round(acc_t, 4) == 0.9959 > 0.99 and acc_tp == 39
    # Lipton et al.: on the calibrated (real-basket) probability the best F1 threshold is F1* / 2
    calibrated = f1_t / (f1_t + 99 * (1 - f1_t))
    assert round(f1_best, 2) == 0.61 and abs(calibrated - f1_best / 2) < 0.02


def test_fixed_rates_against_growing_imbalance():
    ratios = np.array([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000])
    TPR, TNR = 0.9, 0.95
    FPR = 1 - TNR
    f1, mcc = [], []
    for ir in ratios:
        y_true, y_pred = _from_counts(90, 10, 5 * ir, 95 * ir)
        assert balanced_accuracy_score(y_true, y_pred) == pytest.approx(0.925, abs=1e-12)
        assert geometric_mean_score(y_true, y_pred) == pytest.approx(math.sqrt(TPR * TNR), abs=1e-12)
        assert accuracy_score(y_true, y_pred) == pytest.approx((TPR + ir * TNR) / (1 + ir), abs=1e-12)
        assert precision_score(y_true, y_pred) == pytest.approx(TPR / (TPR + ir * FPR), abs=1e-12)
        f1.append(f1_score(y_true, y_pred))
        mcc.append(matthews_corrcoef(y_true, y_pred))
    f1, mcc = np.array(f1), np.array(mcc)
    assert np.allclose(f1, 2 * TPR / (1 + TPR + ratios * FPR))
    assert np.all(np.diff(f1) < 0) and np.all(np.diff(mcc) <= 0)
    assert np.all(mcc[ratios >= 20] > f1[ratios >= 20])
    assert mcc[-1] == pytest.approx((TPR - FPR) / math.sqrt(1e4 * FPR * TNR), rel=5e-3)
    assert round(mcc[-1], 3) == 0.039 and round(f1[0], 2) == 0.92 and round(f1[ratios == 1000][0], 2) == 0.03
    # F1 falls like 1/IR, MCC like 1/sqrt(IR)
    assert f1[-1] * 1e4 == pytest.approx(2 * TPR / FPR, rel=0.01)
    assert mcc[-1] * 100 == pytest.approx((TPR - FPR) / math.sqrt(FPR * TNR), rel=0.01)


def test_domain_table_rates():
    for rate in (0.0001, 0.001, 0.01, 0.05, 0.30, 0.50):
        n_pos = round(rate * 10**6)
        y = np.r_[np.ones(n_pos, dtype=int), np.zeros(10**6 - n_pos, dtype=int)]
        assert imbalance_ratio(y) == pytest.approx((1 - rate) / rate, rel=1e-9)
    assert imbalance_ratio([0] * 50 + [1] * 30 + [2] * 5) == 10.0


def test_parts_example():
    parts_true = np.repeat([0, 1, 2], [90, 8, 2])
    parts_pred = np.repeat([0, 1, 0, 1, 0, 1], [88, 2, 2, 6, 1, 1])
    assert geometric_mean_score(parts_true, parts_pred) == 0.0
    assert geometric_mean_score(parts_true, parts_pred, correction=0.01) == pytest.approx(
        (88 / 90 * 6 / 8 * 0.01) ** (1 / 3), abs=1e-12)
    per_class = geometric_mean_score(parts_true, parts_pred, average=None)
    macro = geometric_mean_score(parts_true, parts_pred, average="macro")
    assert round(per_class.mean(), 4) == 0.5597 and round(macro, 4) == 0.7156
    assert imbalance_ratio(parts_true) == 45.0


def test_zero_division_table():
    def run(call):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = call()
        return value, [str(w.message) for w in caught]

    y, lazy, quiet = np.array([0] * 8 + [1] * 2), np.zeros(10, dtype=int), np.zeros(50, dtype=int)
    value, said = run(lambda: precision_score(y, lazy))
    assert value == 0.0 and said[0].startswith("Precision is ill-defined")
    value, said = run(lambda: f1_score(quiet, quiet))
    assert value == 0.0 and said[0].startswith("F-score is ill-defined")
    assert run(lambda: f1_score(quiet, quiet, zero_division=1)) == (1.0, [])
    assert math.isnan(run(lambda: f1_score(quiet, quiet, zero_division=np.nan))[0])
    assert run(lambda: matthews_corrcoef(y, lazy)) == (0.0, [])
    value, said = run(lambda: geometric_mean_score([0, 0, 1, 1], [0, 0, 1, 2]))
    assert value == 0.0 and said[0].startswith("Recall is ill-defined")
    assert run(lambda: geometric_mean_score([0, 0, 1, 1], [0, 0, 1, 2], labels=[0, 1]))[0] == pytest.approx(
        math.sqrt(0.5))
    # the references agree on the same cases
    assert skm.f1_score(quiet, quiet, zero_division=1) == 1.0 and skm.matthews_corrcoef(y, lazy) == 0.0


def test_report_claims(basket):
    model = (basket.score >= 0.5).astype(int)
    report = classification_report_imbalanced(basket.y, model, target_names=["orange", "apple"], output_dict=True)
    assert report["orange"]["rec"] == pytest.approx(report["apple"]["spe"])
    assert report["orange"]["geo"] == pytest.approx(report["apple"]["geo"])
    assert round(report["avg_f1"], 2) == 0.96 and round(report["apple"]["f1"], 3) == 0.236


# ---------------------------------------------------------------- plotting
def test_plotting_functions():
    import matplotlib.pyplot as plt

    from negedu import plotting

    fig, ax = plotting.new_figure()
    assert imbalance_metrics_figures.plot_metric_bars({"a": 0.5, "MCC": -0.2}, baseline={"a": 0.1, "MCC": 0.0}, ax=ax) is ax
    assert ax.get_xlim()[0] == -1.0
    plt.close(fig)
    fig, ax = plotting.new_figure()
    imbalance_metrics_figures.plot_metric_curves([1, 10, 100], {"F1": [0.9, 0.5, 0.1], "unknown": [0.2, 0.2, 0.2]}, ax=ax,
                                xscale="log", mark_best=True)
    assert ax.get_xscale() == "log" and len(ax.get_legend().get_texts()) == 2
    plt.close(fig)
    assert imbalance_metrics_figures.metric_style("F1")["color"] != imbalance_metrics_figures.metric_style("MCC")["color"]


# ---------------------------------------------------------------- exercise checks
def test_screening_hints():
    assert ex.check_screening(249, 0.996)
    assert "include the sick one" in ex.check_screening(250, 0.996).message
    assert "positives per negative" in ex.check_screening(0.004 / 0.996, 0.996).message
    assert "share of sick people" in ex.check_screening(249, 0.004).message
    assert "not a percentage" in ex.check_screening(249, 99.6).message
    assert ex.check_screening(..., 0.996).status == "unanswered"


def test_which_change_hints():
    alice = {"accuracy", "MCC", "balanced accuracy", "G-mean"}
    bob = {"accuracy", "F1", "MCC"}
    assert ex.check_which_change(alice, bob)
    assert ex.check_which_change(["Accuracy", "mcc", "BA", "gmean"], ("accuracy", "f1", "MCC"))
    assert "has no TN in it" in ex.check_which_change(alice | {"F1"}, bob).message
    assert "raise TNR from 930/950" in ex.check_which_change({"accuracy", "MCC"}, bob).message
    assert "depends only on these two rates" in ex.check_which_change(alice, bob | {"balanced accuracy"}).message
    assert "false alarms grow from 20 to 200" in ex.check_which_change(alice, {"accuracy", "MCC"}).message
    assert ex.check_which_change({...}, {...}).status == "unanswered"
    assert "not one of the five metrics" in ex.check_which_change({"AUC"}, bob).message
    assert ex.check_which_change(42, bob).status == "incorrect"


@pytest.mark.parametrize("seed", [0, 1, student_seed("Ada Lovelace")])
def test_basket_scores_hints(seed):
    basket = ex.my_basket(seed)
    assert basket.y.sum() == 100 and basket.y.size == 5000
    pred = (basket.score >= 0.5).astype(int)
    mcc, g = matthews_corrcoef(basket.y, pred), geometric_mean_score(basket.y, pred)
    assert ex.check_basket_scores(mcc, g, seed=seed)
    assert "swapped" in ex.check_basket_scores(g, mcc, seed=seed).message
    assert "That is F1" in ex.check_basket_scores(f1_score(basket.y, pred), g, seed=seed).message
    assert "square root" in ex.check_basket_scores(mcc, g**2, seed=seed).message
    assert "arithmetic mean" in ex.check_basket_scores(mcc, balanced_accuracy_score(basket.y, pred), seed=seed).message
    assert ex.check_basket_scores(..., g, seed=seed).status == "unanswered"
    assert ex.check_basket_scores("0.4", "x", seed=seed).status == "incorrect"


def test_best_thresholds_for_many_students():
    for seed in range(30):
        f1_values = [f1_score(*_seeded(seed, t)) for t in ex.THRESHOLD_GRID]
        ba_values = [balanced_accuracy_score(*_seeded(seed, t)) for t in ex.THRESHOLD_GRID]
        f1_t = ex.THRESHOLD_GRID[int(np.argmax(f1_values))]
        ba_t = ex.THRESHOLD_GRID[int(np.argmax(ba_values))]
        assert ba_t < f1_t, f"seed {seed}: balanced accuracy should pick the lower threshold"
        assert ex.check_best_thresholds(f1_t, ba_t, seed=seed)
        assert "swapped" in ex.check_best_thresholds(ba_t, f1_t, seed=seed).message
    assert ex.check_best_thresholds(..., 0.5, seed=0).status == "unanswered"


def _seeded(seed, threshold):
    basket = ex.my_basket(seed)
    return basket.y, (basket.score >= threshold).astype(int)


def test_mcc_cases_agree_with_references():
    for (y_true, y_pred), expected, _ in ex._MCC_CASES:
        assert matthews_corrcoef(y_true, y_pred) == pytest.approx(expected, abs=1e-12)
        assert skm.matthews_corrcoef(y_true, y_pred) == pytest.approx(expected, abs=1e-12)


def test_mcc_check_diagnoses_common_slips():
    def cells(y_true, y_pred):
        return _counts(y_true, y_pred)

    def no_guard(y_true, y_pred):
        tp, fp, fn, tn = cells(y_true, y_pred)
        with np.errstate(all="ignore"):
            return np.float64(tp * tn - fp * fn) / np.sqrt(np.float64((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)))

    def no_sqrt(y_true, y_pred):
        tp, fp, fn, tn = cells(y_true, y_pred)
        d = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
        return (tp * tn - fp * fn) / d if d else 0.0

    def flipped(y_true, y_pred):
        return -matthews_corrcoef(y_true, y_pred)

    def crashes(y_true, y_pred):
        tp, fp, fn, tn = cells(y_true, y_pred)
        return (tp * tn - fp * fn) / math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))

    assert ex.check_mcc(lambda t, p: matthews_corrcoef(t, p))
    assert "returned nan" in ex.check_mcc(no_guard).message
    assert "square root of the product" in ex.check_mcc(no_sqrt).message
    assert "sign is flipped" in ex.check_mcc(flipped).message
    assert ex.check_mcc(crashes).status == "error"
    assert ex.check_mcc(lambda t, p: None).status == "unanswered"


def test_gmean_cases_agree_with_references():
    from imblearn.metrics import geometric_mean_score as imb_gmean

    for (y_true, y_pred, correction), expected, _ in ex._GMEAN_CASES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert geometric_mean_score(y_true, y_pred, correction=correction) == pytest.approx(expected, abs=1e-12)
            assert imb_gmean(y_true, y_pred, correction=correction) == pytest.approx(expected, abs=1e-12)


def test_gmean_check_diagnoses_common_slips():
    def recalls(y_true, y_pred, classes):
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        return np.array([np.mean(y_pred[y_true == k] == k) if np.any(y_true == k) else 0.0 for k in classes])

    def arithmetic(y_true, y_pred, correction=0.0):
        return float(np.mean(recalls(y_true, y_pred, np.unique(y_true))))

    def no_correction(y_true, y_pred, correction=0.0):
        r = recalls(y_true, y_pred, np.union1d(y_true, y_pred))
        return float(np.prod(r) ** (1 / len(r)))

    def true_classes_only(y_true, y_pred, correction=0.0):
        r = recalls(y_true, y_pred, np.unique(y_true))
        r[r == 0] = correction
        return float(np.prod(r) ** (1 / len(r)))

    def ok(y_true, y_pred, correction=0.0):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return geometric_mean_score(y_true, y_pred, correction=correction)

    assert ex.check_gmean(ok)
    assert "arithmetic mean" in ex.check_gmean(arithmetic).message
    assert "Replace the recalls equal to 0 by correction" in ex.check_gmean(no_correction).message
    assert "predicted but never true" in ex.check_gmean(true_classes_only).message
