"""Chapter 7, "Resampling in practice": the chapter's tools, its explorers, its checks and its claims.

The tools (prior correction, reliability curve, logistic regression, 1-NN, stratified
folds; the Brier score and calibration_curve have their own tests in test_metrics_calibration.py) are compared with textbook formulas written here and with scikit-learn;
the explorers' numbers are recomputed with scikit-learn from the same rows; every hint of
the exercise checks is pinned; and every number the chapter states in prose is recomputed
and asserted.
"""

import warnings

import numpy as np
import pytest
from imblearn.pipeline import make_pipeline
from sklearn.base import clone
from sklearn.calibration import calibration_curve
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.neighbors import KNeighborsClassifier

from negedu.datasets import FEATURE_CENTRE, FEATURE_SCALE, _fruit_score, make_apples_and_oranges
from negedu.exercises import student_seed
from negedu.chapters.resampling_in_practice import checks as ex
from negedu.interactive import get_explorer, registered_explorers
from negedu.chapters.resampling_in_practice import explorer as rip
from negedu.losses import fit_logistic_regression, logistic_proba
from negedu.model_selection import stratified_folds
from negedu.neighbors import kneighbors
from negedu.resampling import (
    SMOTE,
    SMOTEENN,
    RandomOverSampler,
    RandomUnderSampler,
    SMOTETomek,
    TomekLinks,
    edited_nearest_neighbours,
    find_tomek_links,
    prior_correction,
    random_under_sample,
    resampling_beta,
    smote,
    smote_enn,
    smote_tomek,
    tomek_links,
)

LEAK = "resampling-in-practice/cv-leak"
CALIBRATION = "resampling-in-practice/calibration"
NEWTON = dict(solver="newton-cholesky")


def _sigmoid(t):
    return 1.0 / (1.0 + np.exp(-t))


def _logit(p):
    return np.log(p / (1 - p))


# ---------------------------------------------------------------- the prior correction
@pytest.mark.parametrize("beta", [0.01, 1 / 19, 0.3, 1.0, 2.5])
def test_prior_correction_is_the_bayes_formula(beta):
    p_s = np.linspace(0.001, 0.999, 301)
    corrected = prior_correction(p_s, beta)
    # odds multiplied by beta, i.e. a shift of the log-odds by log(beta)
    np.testing.assert_allclose(_logit(corrected), _logit(p_s) + np.log(beta), rtol=0, atol=1e-9)
    # it inverts the shift p -> p / (p + beta (1 - p)) that undersampling causes
    p = np.linspace(0.0, 1.0, 101)
    shifted = p / (p + beta * (1 - p))
    np.testing.assert_allclose(prior_correction(shifted, beta), p, rtol=0, atol=1e-12)


def test_prior_correction_edges_types_and_errors():
    assert prior_correction(0.5, 0.1) == pytest.approx(1 / 11)
    assert isinstance(prior_correction(0.5, 0.1), float)
    assert prior_correction([0.0, 1.0], 0.05).tolist() == [0.0, 1.0]
    assert prior_correction([0.2, 0.7], 1.0).tolist() == [0.2, 0.7]
    with pytest.raises(ValueError, match=r"beta must be a positive number \(the share of negatives kept"):
        prior_correction(0.5, 0.0)
    with pytest.raises(ValueError, match=r"beta must be a positive number .* got -1"):
        prior_correction(0.5, -1)
    with pytest.raises(ValueError, match=r"y_prob must hold probabilities in \[0, 1\]"):
        prior_correction([0.5, 1.2], 0.5)


def test_prior_correction_recovers_the_true_posterior():
    """The basket's score is the balanced posterior; corrected with 1/IR it is the posterior at the real rate."""
    basket = make_apples_and_oranges(n_samples=2000, imbalance_ratio=19, random_state=5)
    llr = _logit(np.clip(basket.score, 1e-15, 1 - 1e-15))
    truth = _sigmoid(llr + np.log(1 / 19))           # log-odds + log(pi / (1 - pi)) with pi = 1/20
    np.testing.assert_allclose(prior_correction(basket.score, 1 / 19), truth, rtol=1e-9, atol=1e-12)


def test_resampling_beta_counts():
    y = np.array([0] * 950 + [1] * 50)
    _, y_rus, _ = random_under_sample(np.zeros((1000, 1)), y, sampling_strategy={0: 100}, random_state=0)
    assert resampling_beta(y, y_rus) == pytest.approx(100 / 950)   # the share of negatives kept
    assert resampling_beta(y, [0] * 950 + [1] * 950) == pytest.approx(1 / 19)  # 19-fold oversampling
    with pytest.raises(ValueError, match=r"y_after must hold both classes to define an imbalance ratio; it has 0"):
        resampling_beta(y, [0, 0, 0])


# ---------------------------------------------------------------- calibration tools against scikit-learn
@pytest.mark.parametrize("seed", range(5))
def test_reliability_curve_equals_scikit_learn(seed):
    rng = np.random.RandomState(seed)
    y = rng.randint(0, 2, 500)
    p = rng.uniform(size=500)
    p[:20] = np.round(p[:20], 1)         # values exactly on bin edges
    p[20:25] = [0.0, 1.0, 0.0, 1.0, 0.5]
    for n_bins in (5, 10, 7):
        curve = rip.reliability_curve(y, p, n_bins=n_bins)
        prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins)
        np.testing.assert_allclose(curve.prob_true, prob_true, rtol=0, atol=1e-15)
        np.testing.assert_allclose(curve.prob_pred, prob_pred, rtol=0, atol=1e-15)
        assert curve.counts.sum() == y.size


@pytest.mark.parametrize("seed,C", [(0, 1.0), (1, 0.1), (2, 10.0), (3, np.inf)])
def test_newton_logistic_regression_equals_scikit_learn(seed, C):
    basket = make_apples_and_oranges(n_samples=800, imbalance_ratio=9, random_state=seed)
    X = rip.fruit_features(basket.X)
    ours = fit_logistic_regression(X, basket.y, C=C)
    reference = LogisticRegression(C=C, tol=1e-12, **NEWTON).fit(X, basket.y)
    np.testing.assert_allclose(ours.coef, reference.coef_[0], rtol=0, atol=1e-6)
    assert ours.intercept == pytest.approx(reference.intercept_[0], abs=1e-6)
    np.testing.assert_allclose(logistic_proba(ours, X), reference.predict_proba(X)[:, 1], atol=1e-7)
    with pytest.raises(ValueError, match=r"y must hold the labels 0 and 1, got \[1, 2\]"):
        fit_logistic_regression(X[:2], [1, 2])


@pytest.mark.parametrize("seed", range(5))
def test_nearest_neighbour_ties_go_to_the_lowest_index(seed):
    # integer points on a small grid: most queries are at the same distance from several rows
    rng = np.random.RandomState(seed)
    X = rng.randint(0, 4, size=(60, 2)).astype(float)
    y = rng.randint(0, 3, 60)
    query = np.vstack([rng.randint(0, 4, size=(200, 2)) + 0.5, rng.randint(0, 4, size=(50, 2))]).astype(float)
    expected = []
    for q in query:  # the definition: the first row (lowest index) at the smallest squared distance
        d2 = ((X - q) ** 2).sum(axis=1)
        expected.append(y[np.flatnonzero(d2 == d2.min())[0]])
    assert np.array_equal(rip.nearest_neighbour_predict(X, y, query), expected)
    assert rip.nearest_neighbour_predict([[0.0], [2.0], [0.0]], ["a", "b", "c"], [[1.0]]).tolist() == ["a"]


def test_nearest_neighbour_and_folds():
    basket = make_apples_and_oranges(n_samples=600, imbalance_ratio=5, random_state=3)
    X, y = rip.fruit_features(basket.X), basket.y
    query = rip.fruit_features(make_apples_and_oranges(n_samples=3000, imbalance_ratio=5, random_state=4).X)
    reference = KNeighborsClassifier(n_neighbors=1).fit(X, y).predict(query)
    assert np.array_equal(rip.nearest_neighbour_predict(X, y, query), reference)
    assert np.array_equal(rip.nearest_neighbour_predict(X, y, query), y[kneighbors(X, query, 1)[:, 0]])
    folds = stratified_folds(y, 5, random_state=0)
    tested = np.concatenate([test for _, test in folds])
    assert np.array_equal(np.sort(tested), np.arange(y.size))        # every row tested exactly once
    for train, test in folds:
        assert np.intersect1d(train, test).size == 0 and train.size + test.size == y.size
        assert abs(np.sum(y[test] == 1) - np.sum(y == 1) / 5) <= 1   # stratified
    assert [t.tolist() for _, t in folds] == [t.tolist() for _, t in stratified_folds(y, 5, random_state=0)]


def test_fruit_features_make_the_log_odds_linear_with_zero_intercept():
    basket = make_apples_and_oranges(n_samples=500, imbalance_ratio=3, random_state=0)
    z = rip.fruit_features(basket.X)
    llr = (0.35 / 0.12) * z[:, 0] - (0.7 / 0.8) * z[:, 1]
    np.testing.assert_allclose(basket.score, _sigmoid(llr), rtol=1e-9)


@pytest.mark.parametrize("sampler", ["SMOTE-Tomek", "SMOTE-ENN", "SMOTE", "random oversampling", "none"])
def test_resample_tracking_composes_the_library_samplers(sampler):
    basket = make_apples_and_oranges(n_samples=400, imbalance_ratio=9, random_state=2)
    X, y = rip.fruit_features(basket.X), basket.y
    X_res, y_res, synthetic = rip.resample_tracking(sampler, X, y)
    expected = {"SMOTE-Tomek": lambda: smote_tomek(X, y, random_state=0), "SMOTE-ENN": lambda: smote_enn(X, y, random_state=0),
                "SMOTE": lambda: smote(X, y, random_state=0),
                "random oversampling": lambda: RandomOverSampler(random_state=0).fit_resample(X, y),
                "none": lambda: (X, y)}[sampler]()
    assert np.array_equal(X_res, expected[0]) and np.array_equal(y_res, expected[1])
    originals = {tuple(row) for row in X}
    assert all(tuple(row) in originals for row in X_res[~synthetic])
    if sampler.startswith("SMOTE"):
        assert not any(tuple(row) in originals for row in X_res[synthetic])
        assert np.all(y_res[synthetic] == 1)
    with pytest.raises(ValueError, match=r"sampler must be 'none' or one of"):
        rip.resample_tracking("ADASYN", X, y)


# ---------------------------------------------------------------- the explorers
def test_explorers_are_registered_and_small():
    assert {LEAK, CALIBRATION} <= set(registered_explorers())
    for name in (LEAK, CALIBRATION):
        explorer = get_explorer(name)
        n_states = len(list(explorer.states()))
        assert n_states <= 40, f"{name} has {n_states} states"
        assert explorer.initial in list(explorer.states())


@pytest.mark.parametrize("sampler", ["SMOTE", "random undersampling", "SMOTE-ENN"])
def test_leak_explorer_numbers_match_scikit_learn(sampler):
    X, y = rip._leak_basket()
    X_new, y_new = rip._test_basket()
    for when in rip.LEAK_WHEN:
        nums = rip.leak_numbers(sampler, when, "1-nearest neighbour")
        # recompute with scikit-learn's 1-NN and F1 on the same folds and the same resampled rows
        if when == "before the split":
            X_all, y_all, synthetic = rip.resample_tracking(sampler, X, y)
            folds = stratified_folds(y_all, 5, random_state=0)
            scores = [f1_score(y_all[te], KNeighborsClassifier(1).fit(X_all[tr], y_all[tr]).predict(X_all[te]))
                      for tr, te in folds]
            assert nums["apples among the test rows"] == pytest.approx(np.mean(y_all == 1))
            assert nums["synthetic rows among the test apples"] == pytest.approx(np.mean(synthetic[y_all == 1]))
        else:
            scores = []
            for tr, te in stratified_folds(y, 5, random_state=0):
                X_fit, y_fit, _ = rip.resample_tracking(sampler, X[tr], y[tr])
                scores.append(f1_score(y[te], KNeighborsClassifier(1).fit(X_fit, y_fit).predict(X[te])))
            assert nums["apples among the test rows"] == pytest.approx(0.05)
            assert nums["synthetic rows among the test apples"] == 0.0
        assert nums["CV estimate of F1 (mean of 5 folds)"] == pytest.approx(np.mean(scores), abs=1e-12)
        X_fit, y_fit, _ = rip.resample_tracking(sampler, X, y)
        truth = f1_score(y_new, KNeighborsClassifier(1).fit(X_fit, y_fit).predict(X_new))
        assert nums["F1 on 20,000 new fruit (the truth)"] == pytest.approx(truth, abs=1e-12)
        assert nums["optimism (estimate − truth)"] == pytest.approx(np.mean(scores) - truth, abs=1e-12)


def test_leak_explorer_logistic_truth_matches_scikit_learn():
    X, y = rip._leak_basket()
    X_new, y_new = rip._test_basket()
    X_fit, y_fit, _ = rip.resample_tracking("SMOTE", X, y)
    reference = LogisticRegression(tol=1e-12, **NEWTON).fit(X_fit, y_fit)
    truth = f1_score(y_new, reference.predict(X_new))
    assert rip.leak_numbers("SMOTE", "inside each training fold", "logistic regression")[
        "F1 on 20,000 new fruit (the truth)"] == pytest.approx(truth, abs=1e-12)


def test_leak_explorer_shows_the_leak_for_every_state():
    """The explorer's claim: before the split, every estimate is far above the truth; inside, close to it."""
    for sampler in rip.LEAK_SAMPLERS:
        for model in rip.LEAK_MODELS:
            before = rip.leak_numbers(sampler, "before the split", model)
            inside = rip.leak_numbers(sampler, "inside each training fold", model)
            assert before["optimism (estimate − truth)"] > 0.2, (sampler, model)
            assert abs(inside["optimism (estimate − truth)"]) < 0.1, (sampler, model)
            assert before["apples among the test rows"] > 0.45


@pytest.mark.parametrize("sampler", rip.CALIBRATION_SAMPLERS)
@pytest.mark.parametrize("ir_after", [19, 2, 0.5])
def test_calibration_explorer_numbers_match_the_formulas(sampler, ir_after):
    X, y = rip._calibration_basket()
    X_new, y_new = rip._test_basket()
    X_fit, y_fit = rip.resample_to_ratio(sampler, X, y, ir_after)
    beta = (np.sum(y_fit == 0) / np.sum(y_fit == 1)) / (np.sum(y == 0) / np.sum(y == 1))
    p_s = LogisticRegression(tol=1e-12, **NEWTON).fit(X_fit, y_fit).predict_proba(X_new)[:, 1]
    for view, p in [("uncorrected", p_s), ("corrected", beta * p_s / (beta * p_s - p_s + 1))]:
        nums = rip.calibration_numbers(sampler, ir_after, view)
        flagged = p >= 0.5
        tp = np.sum(flagged & (y_new == 1))
        assert nums["β = IR after / IR before"] == pytest.approx(beta)
        assert nums["training rows"] == len(y_fit)
        assert nums["Brier score"] == pytest.approx(np.mean((p - y_new) ** 2), abs=1e-9)
        assert nums["mean predicted probability"] == pytest.approx(p.mean(), abs=1e-9)
        assert nums["observed share of apples"] == pytest.approx(0.05)
        assert nums["precision at 0.5"] == pytest.approx(tp / flagged.sum())
        assert nums["recall at 0.5"] == pytest.approx(tp / np.sum(y_new == 1))
    if sampler == "random undersampling":
        assert np.sum(y_fit == 0) == round(ir_after * 200) if ir_after < 19 else np.sum(y_fit == 0) == 3800


def test_calibration_explorer_claims():
    """Corrected: the mean prediction is the observed rate; uncorrected: it grows as the ratio falls."""
    means = []
    for ir_after in rip.IR_AFTER:
        for sampler in rip.CALIBRATION_SAMPLERS:
            corrected = rip.calibration_numbers(sampler, ir_after, "corrected")
            uncorrected = rip.calibration_numbers(sampler, ir_after, "uncorrected")
            assert abs(corrected["mean predicted probability"] - 0.05) < 0.006
            assert corrected["Brier score"] <= uncorrected["Brier score"] + 1e-12
            assert 0.016 >= corrected["Brier score"]
        means.append(rip.calibration_numbers("random undersampling", ir_after, "uncorrected")["mean predicted probability"])
    assert means == sorted(means) and means[-1] > 3 * 0.05


def test_describe_texts_state_the_numbers():
    leak = get_explorer(LEAK)
    values = leak.initial
    text = leak.describe(values, leak.numbers(**values))
    assert "cross-validation estimates F1 = 0.98" in text and "the real share is 5%" in text
    calibration = get_explorer(CALIBRATION)
    values = dict(sampler="random undersampling", ir_after=19, view="uncorrected")
    assert "as it is (19 oranges per apple, β = 1)" in calibration.describe(values, calibration.numbers(**values))


# ---------------------------------------------------------------- exercise checks
def test_tomek_counts_hints():
    assert ex.check_tomek_counts(7, 14, 7)
    assert "That is what the combiner removes" in ex.check_tomek_counts(14, 14, 7).message
    assert "removes both ends of every link" in ex.check_tomek_counts(7, 7, 7).message
    assert "at most one link" in ex.check_tomek_counts(7, 21, 7).message
    assert "Only one end of each link is an apple" in ex.check_tomek_counts(7, 14, 14).message
    assert ex.check_tomek_counts(..., 14, 7).status == "unanswered"


def test_tomek_counts_facts_hold_after_smote():
    """Links are disjoint apple-orange pairs; TomekLinks() on SMOTE's tie removes the apple ends."""
    for seed in range(4):
        basket = make_apples_and_oranges(n_samples=300, imbalance_ratio=9, random_state=seed)
        X_s, y_s = smote(rip.fruit_features(basket.X), basket.y, random_state=seed)
        in_link = find_tomek_links(X_s, y_s)
        n_links = in_link.sum() // 2
        assert np.sum(in_link & (y_s == 1)) == np.sum(in_link & (y_s == 0)) == n_links
        _, y_auto = TomekLinks().fit_resample(X_s, y_s)
        assert np.sum(y_auto == 0) == np.sum(y_s == 0) and np.sum(y_auto == 1) == np.sum(y_s == 1) - n_links
        _, y_both = SMOTETomek(random_state=seed).fit_resample(rip.fruit_features(basket.X), basket.y)
        assert np.bincount(y_both).tolist() == [np.sum(y_s == 0) - n_links] * 2


def test_corrected_probability_hints():
    assert ex.check_corrected_probability(1 / 11, 10 / 11)
    assert "That is the model's own number" in ex.check_corrected_probability(0.5, 10 / 11).message
    assert "beta * p_s is the numerator" in ex.check_corrected_probability(0.05, 10 / 11).message
    assert "the wrong way (you used 1/beta)" in ex.check_corrected_probability(10 / 11, 10 / 11).message
    assert "Solve beta p_s / (beta p_s - p_s + 1) = 0.5" in ex.check_corrected_probability(1 / 11, 0.5).message
    assert "The question asks the reverse" in ex.check_corrected_probability(1 / 11, 1 / 11).message
    assert "1 - beta is not the solution" in ex.check_corrected_probability(1 / 11, 0.9).message


@pytest.mark.parametrize("seed", [0, student_seed("Ada Lovelace")])
def test_leak_check_and_its_hints(seed):
    basket = ex.my_basket(seed)
    X, y = basket.X, basket.y
    assert np.sum(y == 1) == 30 and len(y) == 600

    def one_nn_f1(X_fit, y_fit, X_test, y_test):
        return f1_score(y_test, KNeighborsClassifier(n_neighbors=1).fit(X_fit, y_fit).predict(X_test))

    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    f1_before = np.mean([one_nn_f1(X_res[tr], y_res[tr], X_res[te], y_res[te]) for tr, te in ex.folds(y_res)])
    scores = []
    for tr, te in ex.folds(y):
        X_fit, y_fit = SMOTE(random_state=0).fit_resample(X[tr], y[tr])
        scores.append(one_nn_f1(X_fit, y_fit, X[te], y[te]))
    f1_inside = np.mean(scores)
    assert ex.check_leak(f1_before, f1_inside, seed=seed)
    assert f1_before - f1_inside > 0.2
    assert "That is the right way's number" in ex.check_leak(f1_inside, f1_inside, seed=seed).message
    assert "That is the leaky estimate again" in ex.check_leak(f1_before, f1_before, seed=seed).message
    v = ex._variants(seed)
    assert "You did not resample" in ex.check_leak(f1_before, v.plain, seed=seed).message
    assert "You resampled the test fold too" in ex.check_leak(f1_before, v.both, seed=seed).message
    if abs(v.pooled - v.inside) > 1e-3:
        assert "pooled predictions" in ex.check_leak(f1_before, v.pooled, seed=seed).message
    assert ex.check_leak(..., 0.5, seed=seed).status == "unanswered"


def test_prior_correction_check_and_its_hints():
    assert ex.check_prior_correction(lambda p, b: b * np.asarray(p) / (b * np.asarray(p) - np.asarray(p) + 1))
    assert ex.check_prior_correction(prior_correction)
    assert "the shift itself" in ex.check_prior_correction(lambda p, b: p / (p + b * (1 - p))).message
    assert "with 1/beta in place of beta" in ex.check_prior_correction(lambda p, b: (p / b) / (p / b - p + 1)).message
    assert "only the numerator" in ex.check_prior_correction(lambda p, b: b * p).message
    assert "returned p_s unchanged" in ex.check_prior_correction(lambda p, b: p).message
    assert ex.check_prior_correction(lambda p, b: None).status == "unanswered"

    def scalar_only(p, b):
        if p == 1.0:
            return 1.0
        return b * p / (b * p - p + 1)

    feedback = ex.check_prior_correction(scalar_only)
    assert feedback.status == "error" and "on a NumPy array of 20,000 probabilities" in feedback.message
    for case, expected, _ in ex._PRIOR_CASES:
        assert prior_correction(*case) == pytest.approx(expected, abs=1e-12)


def test_prior_correction_check_reports_the_refit():
    message = ex.check_prior_correction(prior_correction).message
    assert "refitted on balanced data (β = 0.0526)" in message and "down to 0.047" in message


def test_smote_tomek_check_and_its_hints():
    def right(X, y, random_state):
        X_over, y_over = SMOTE(random_state=random_state).fit_resample(X, y)
        return TomekLinks(sampling_strategy="all").fit_resample(X_over, y_over)

    def one_end(X, y, random_state):
        return TomekLinks().fit_resample(*SMOTE(random_state=random_state).fit_resample(X, y))

    def no_cleaning(X, y, random_state):
        return SMOTE(random_state=random_state).fit_resample(X, y)

    def wrong_order(X, y, random_state):
        return SMOTE(random_state=random_state).fit_resample(*TomekLinks(sampling_strategy="all").fit_resample(X, y))

    assert ex.check_smote_tomek(right)
    assert ex.check_smote_tomek(lambda X, y, r: smote_tomek(X, y, random_state=r))
    assert "only one end of each link" in ex.check_smote_tomek(one_end).message
    assert "that is SMOTE's output" in ex.check_smote_tomek(no_cleaning).message
    assert "SMOTE comes first" in ex.check_smote_tomek(wrong_order).message
    assert ex.check_smote_tomek(lambda X, y, r: ...).status == "unanswered"
    assert ex.check_smote_tomek(lambda X, y, r: 1 / 0).status == "error"
    assert "return the pair" in ex.check_smote_tomek(lambda X, y, r: X).message
    assert "rows" in ex.check_smote_tomek(lambda X, y, r: (X[:-1], y[:-1])).message
    for X, y, seed in ex._smote_tomek_cases():
        assert find_tomek_links(*smote(X, y, random_state=seed)).sum() >= 12   # enough links to tell the slips apart


# ---------------------------------------------------------------- the chapter's claims
def test_intuition_basket_numbers():
    small = make_apples_and_oranges(n_samples=160, imbalance_ratio=7, random_state=2)
    X, y = rip.fruit_features(small.X), small.y
    X_sm, y_sm, synthetic = rip.resample_tracking("SMOTE", X, y)
    assert synthetic.sum() == 120 and len(y_sm) == 280
    in_link = find_tomek_links(X_sm, y_sm)
    assert in_link.sum() == 12                                   # 6 links, 12 samples (4 % of 280)
    kept_enn = edited_nearest_neighbours(X_sm, y_sm, sampling_strategy="all")[2]
    removed_enn = ~np.isin(np.arange(len(y_sm)), kept_enn)
    assert removed_enn.sum() == 55 and np.sum(removed_enn & (y_sm == 1)) == 20
    orange_side = _fruit_score(X_sm * FEATURE_SCALE + FEATURE_CENTRE) < 0.5
    assert [int(np.sum(~removed & synthetic & orange_side)) for removed in (np.zeros_like(in_link), in_link, removed_enn)] == [7, 5, 1]
    assert [int(np.sum(removed & ~synthetic & (y_sm == 1))) for removed in (in_link, removed_enn)] == [1, 3]
    assert [int(np.sum(~removed & (y_sm == 0) & ~orange_side)) for removed in (np.zeros_like(in_link), in_link, removed_enn)] == [11, 7, 1]
    lost = np.bincount(y_sm[~np.isin(np.arange(len(y_sm)), tomek_links(X_sm, y_sm)[2])], minlength=2)
    assert lost.tolist() == [0, 6]                               # TomekLinks() alone: the apple ends


def test_code_section_numbers():
    basket = make_apples_and_oranges(n_samples=1000, imbalance_ratio=19, random_state=1)
    X, y = rip.fruit_features(basket.X), basket.y
    assert np.bincount(smote_tomek(X, y, random_state=0)[1]).tolist() == [940, 940]
    assert np.bincount(smote_enn(X, y, random_state=0)[1]).tolist() == [912, 902]
    np.testing.assert_allclose(prior_correction([0.5, 0.9, 0.99], 1 / 19), [0.05, 0.321, 0.839], atol=5e-4)
    assert round(0.8 * 0.5 / (0.8 * 0.5 + 0.02 * 0.5), 2) == 0.98 and round(0.8 * 0.05 / (0.8 * 0.05 + 0.02 * 0.95), 2) == 0.68


@pytest.fixture(scope="module")
def leak_setting():
    basket = make_apples_and_oranges(n_samples=1000, imbalance_ratio=19, random_state=1)
    new = make_apples_and_oranges(n_samples=20_000, imbalance_ratio=19, random_state=2)
    return (rip.fruit_features(basket.X), basket.y, rip.fruit_features(new.X), new.y,
            StratifiedKFold(n_splits=5, shuffle=True, random_state=0))


@pytest.mark.parametrize("sampler", [SMOTE(random_state=0), RandomUnderSampler(random_state=0)], ids=["SMOTE", "RUS"])
def test_leak_section_claims(leak_setting, sampler):
    X, y, X_new, y_new, cv = leak_setting
    model = LogisticRegression(**NEWTON)
    X_res, y_res = clone(sampler).fit_resample(X, y)
    before = cross_val_score(model, X_res, y_res, cv=cv, scoring="f1").mean()
    pipeline = make_pipeline(clone(sampler), clone(model))
    inside = cross_val_score(pipeline, X, y, cv=cv, scoring="f1").mean()
    truth = f1_score(y_new, pipeline.fit(X, y).predict(X_new))
    assert before > 0.96 and 0.59 <= truth <= 0.74
    assert 0.25 <= before - truth <= 0.38
    assert abs(inside - truth) <= 0.065


def test_leak_decomposition_claims(leak_setting):
    X, y, X_new, y_new, cv = leak_setting

    def leaky(sampler, model):
        X_res, y_res, made = rip.resample_tracking(sampler, X, y)
        on_originals = []
        for train, test in cv.split(X_res, y_res):
            y_pred = clone(model).fit(X_res[train], y_res[train]).predict(X_res[test])
            on_originals.append(f1_score(y_res[test][~made[test]], y_pred[~made[test]]))
        X_fit, y_fit, _ = rip.resample_tracking(sampler, X, y)
        return np.mean(on_originals), f1_score(y_new, clone(model).fit(X_fit, y_fit).predict(X_new))

    for sampler in ("random oversampling", "SMOTE"):
        originals, truth = leaky(sampler, LogisticRegression(**NEWTON))
        assert abs(originals - truth) < 0.035
    originals, truth = leaky("random oversampling", KNeighborsClassifier(1))
    assert 0.08 < originals - truth < 0.12
    smote_originals, smote_truth = leaky("SMOTE", KNeighborsClassifier(1))
    assert 0 < smote_originals - smote_truth < originals - truth


@pytest.fixture(scope="module")
def calibration_setting():
    cal = make_apples_and_oranges(n_samples=4000, imbalance_ratio=19, random_state=11)
    new = make_apples_and_oranges(n_samples=20_000, imbalance_ratio=19, random_state=2)
    X, y = rip.fruit_features(cal.X), cal.y
    sets = {"collected": (X, y), "RUS": RandomUnderSampler(random_state=0).fit_resample(X, y),
            "SMOTE": SMOTE(random_state=0).fit_resample(X, y)}
    X_new = rip.fruit_features(new.X)
    proba = {k: LogisticRegression(**NEWTON).fit(*v).predict_proba(X_new)[:, 1] for k, v in sets.items()}
    return sets, proba, new, y


def test_calibration_section_claims(calibration_setting):
    sets, proba, new, y = calibration_setting
    y_new = new.y
    brier = {k: brier_score_loss(y_new, p) for k, p in proba.items()}
    beta = 1 / 19
    assert resampling_beta(y, sets["RUS"][1]) == pytest.approx(beta)
    best = brier_score_loss(y_new, prior_correction(new.score, beta))
    for name in ("RUS", "SMOTE"):
        assert 0.13 <= proba[name].mean() <= 0.145                  # "13 to 14 %" where 5 % are apples
        assert 2.9 < brier[name] / brier["collected"] < 3.2          # "the Brier score triples"
        corrected = prior_correction(proba[name], beta)
        assert abs(corrected.mean() - 0.05) < 0.004
        assert abs(brier_score_loss(y_new, corrected) - brier["collected"]) < 0.0005
        assert abs(brier_score_loss(y_new, corrected) - best) < 0.0005
    # the intercept moves by -log(beta), the refit check of the chapter
    b = {k: LogisticRegression(C=np.inf, **NEWTON).fit(*v).intercept_[0] for k, v in sets.items()}
    assert abs(b["RUS"]) < 0.05 and abs(b["SMOTE"]) < 0.05
    assert abs(b["RUS"] + np.log(beta) - b["collected"]) < 0.05
    assert abs(b["collected"] + np.log(19)) < 0.05


def test_cost_of_a_miss_claims(calibration_setting):
    _, proba, new, _ = calibration_setting
    y_new = new.y

    def cost(p, threshold, c):
        flagged = p >= threshold
        return c * np.sum(~flagged & (y_new == 1)) + np.sum(flagged & (y_new == 0))

    plain, balanced = proba["collected"], proba["RUS"]
    corrected = prior_correction(balanced, 1 / 19)
    for c in (1, 5, 19, 100):
        options = {"plain 0.5": cost(plain, 0.5, c), "balanced 0.5": cost(balanced, 0.5, c),
                   "plain aware": cost(plain, 1 / (1 + c), c), "corrected aware": cost(corrected, 1 / (1 + c), c)}
        best = min(options.values())
        assert options["corrected aware"] <= 1.06 * best, c
        if c == 1:
            assert options["plain 0.5"] == best
        if c == 19:
            assert options["balanced 0.5"] <= 1.02 * best
        if c in (5, 100):
            assert options["plain 0.5"] > 1.15 * best and options["balanced 0.5"] > 1.15 * best


def test_volume_claims():
    judge = make_apples_and_oranges(n_samples=30_000, imbalance_ratio=99, random_state=123)
    X_judge = rip.fruit_features(judge.X)
    means = {}
    for n_apples in (20, 500):
        for ratio in (99, 1):
            scores = []
            for seed in range(8):
                train = make_apples_and_oranges(n_samples=100 * n_apples, imbalance_ratio=99, random_state=seed)
                X_t, y_t = rip.fruit_features(train.X), train.y
                if ratio < 99:
                    X_t, y_t = RandomUnderSampler(sampling_strategy={0: ratio * n_apples},
                                                  random_state=seed).fit_resample(X_t, y_t)
                model = LogisticRegression(**NEWTON).fit(X_t, y_t)
                scores.append(average_precision_score(judge.y, model.predict_proba(X_judge)[:, 1]))
            means[n_apples, ratio] = (np.mean(scores), np.std(scores))
    assert abs(means[500, 1][0] - means[500, 99][0]) < 0.002
    assert 0.010 < means[20, 99][0] - means[20, 1][0] < 0.016
    assert 0.010 < means[20, 1][1] < 0.018
    assert means[20, 1][1] > 3 * means[500, 1][1]


def test_training_rows_arithmetic():
    n, rate = 1_000_000, 0.002
    n_pos = round(n * rate)
    assert 2 * n_pos == 4_000 and 2 * (n - n_pos) == 1_996_000


def test_pipeline_proof_negedu_sampler_equals_imblearn():
    from imblearn.over_sampling import SMOTE as ImbSMOTE

    basket = make_apples_and_oranges(n_samples=1000, imbalance_ratio=19, random_state=1)
    X, y = rip.fruit_features(basket.X), basket.y
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    model = LogisticRegression(**NEWTON)
    ours = cross_val_score(make_pipeline(SMOTE(random_state=0), model), X, y, cv=cv, scoring="f1")
    reference = cross_val_score(make_pipeline(ImbSMOTE(random_state=0), model), X, y, cv=cv, scoring="f1")
    assert np.array_equal(ours, reference)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        SMOTEENN(random_state=0).fit_resample(X, y)


# ---------------------------------------------------------------- the leak on real data
def _leak_data(seed):
    rng = np.random.RandomState(seed)
    y = np.r_[np.zeros(60, dtype=int), np.ones(15, dtype=int)]
    X = rng.normal(size=(75, 3)) + y[:, None] * [1.0, 0.5, 0.0]
    return X, y


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_standardised_leak_ignores_the_units_of_the_features(seed):
    X, y = _leak_data(seed)
    ours = rip.cross_validate_leak_standardised(X, y, n_repeats=2)
    rescaled = rip.cross_validate_leak_standardised(X * [1000.0, 0.001, 7.0] + [5.0, -3.0, 0.0], y, n_repeats=2)
    assert ours.before.shape == ours.inside.shape == (10,)
    np.testing.assert_allclose(rescaled.before, ours.before)
    np.testing.assert_allclose(rescaled.inside, ours.inside)


@pytest.mark.parametrize("seed", [0, 3])
def test_standardised_leak_inside_the_folds_equals_a_scikit_learn_loop(seed):
    """Inside each training fold: scale on the training part, SMOTE there, 1-NN; the scale never sees the test fold."""
    from sklearn.preprocessing import StandardScaler

    X, y = _leak_data(seed)
    expected = []
    for repeat in range(2):
        for train, test in stratified_folds(y, 5, repeat):
            scaler = StandardScaler().fit(X[train])
            X_fit, y_fit = SMOTE(random_state=0).fit_resample(scaler.transform(X[train]), y[train])
            # scale of the 1-NN rule: the resampled training rows, back in the original units
            X_fit = scaler.inverse_transform(X_fit)
            knn = StandardScaler().fit(X_fit)
            y_pred = y_fit[kneighbors(knn.transform(X_fit), knn.transform(X[test]), 1)[:, 0]]
            expected.append(f1_score(y[test], y_pred, zero_division=0))
    ours = rip.cross_validate_leak_standardised(X, y, n_repeats=2)
    np.testing.assert_allclose(ours.inside, expected)


def test_standardised_leak_keeps_a_constant_column_finite():
    X, y = _leak_data(4)
    X[:, 2] = 3.0
    result = rip.cross_validate_leak_standardised(X, y, n_repeats=1)
    assert np.all(np.isfinite(result.before)) and np.all(np.isfinite(result.inside))


def test_plot_estimate_pairs_draws_one_point_per_data_set_and_checks_lengths():
    import matplotlib

    matplotlib.use("agg")
    from negedu.chapters.resampling_in_practice import figures

    ax = figures.plot_estimate_pairs([0.5, 0.8], [0.9, 0.85], ["a", "b"], highlight=["a"])
    assert [t.get_text() for t in ax.texts] == ["a"]
    assert ax.collections[0].get_offsets().shape == (2, 2)
    with pytest.raises(ValueError, match="one entry per data set"):
        figures.plot_estimate_pairs([0.5], [0.9, 0.8], ["a", "b"])


def test_real_data_leak_claims():
    from negedu.datasets import list_keel, load_keel

    pool = sorted((d for d in list_keel() if d["duplicate_of"] is None and d["n_positive"] >= 20),
                  key=lambda d: (d["n_samples"], d["name"]))[:20]
    before, inside = {}, {}
    for entry in pool:
        data = load_keel(entry["name"])
        result = rip.cross_validate_leak_standardised(data.data, data.target, "SMOTE", n_repeats=2)
        before[entry["name"]], inside[entry["name"]] = result.before.mean(), result.inside.mean()
    optimism = {name: before[name] - inside[name] for name in before}
    largest = max(optimism, key=optimism.get)
    assert sum(v > 0 for v in optimism.values()) >= 18           # "the leak is there on real data too"
    assert largest == min(inside, key=inside.get)                 # largest where the honest F1 is lowest
    assert optimism[min(optimism, key=optimism.get)] < 0.05       # little room left on the easiest data set
