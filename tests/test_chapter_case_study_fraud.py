"""The fraud case study: the explorer's numbers against formulas, the page's claims, the checks' hints."""

import numpy as np
import pytest

from negedu.chapters.case_study_fraud import checks as ex
from negedu.chapters.case_study_fraud import explorer as cf
from negedu.costs import cost_decisions, daily_costs
from negedu.interactive import get_explorer
from negedu.losses import cost_threshold, fit_logistic_regression, logistic_proba
from negedu.metrics import accuracy_score, average_precision_score, roc_auc_score


@pytest.fixture(scope="module")
def data():
    return cf.case_data()


def test_split_by_time(data):
    assert data.train.day.max() < 60 <= data.validation.day.min()
    assert data.validation.day.max() < 75 <= data.test.day.min() and data.test.day.max() < 90 <= data.later.day.min()
    assert sum(len(data[p].y) for p in ("train", "validation", "test", "later")) == cf.N_SAMPLES


def test_base_rate_and_accuracy_paradox(data):
    first = ~data.full.later
    assert 0.004 < data.full.y[first].mean() < 0.006  # below 1 %
    assert (first & (data.full.y == 0)).sum() / (first & (data.full.y == 1)).sum() > 100  # IR > 100
    assert accuracy_score(data.test.y, np.zeros_like(data.test.y)) > 0.99
    assert round(data.test.amount[data.test.y == 1].sum() / 15) == 984


def test_cost_rule_is_the_cost_matrix_threshold():
    for amount in (20.0, 100.0, 2500.0):
        tau = cost_threshold([[0, 5], [amount, 5]])
        assert tau == pytest.approx(5 / amount)
        p = np.array([tau - 1e-9, tau + 1e-9])
        assert cost_decisions(p, [amount, amount], 5).tolist() == [0, 1]


@pytest.mark.parametrize("review_cost", cf.REVIEW_COSTS)
@pytest.mark.parametrize("method", cf.METHODS)
def test_explorer_numbers_against_formulas(review_cost, method, data):
    test = data.test
    p = cf.method_proba(method, "test")
    flags = p * test.amount >= review_cost  # flag when the expected loss reaches the review cost
    lost = test.amount[(test.y == 1) & ~flags].sum() / 15
    nums = cf.fraud_numbers(review_cost, method)
    assert nums["alerts per day"] == pytest.approx(flags.sum() / 15)
    assert nums["frauds caught"] == pytest.approx(flags[test.y == 1].sum() / (test.y == 1).sum())
    assert nums["lost to fraud per day (EUR)"] == pytest.approx(lost)
    assert nums["total cost per day (EUR)"] == pytest.approx(lost + review_cost * flags.sum() / 15)
    assert all(isinstance(v, float) for v in nums.values())


def test_prior_correction_is_bayes(data):
    fitted = cf.fit_method("undersampling")
    n_pos, n_neg = (data.train.y == 1).sum(), (data.train.y == 0).sum()
    assert fitted.beta == pytest.approx(n_pos / n_neg)  # kept n_pos of n_neg negatives
    ps = cf.method_proba("undersampling", "test", corrected=False)
    p = cf.method_proba("undersampling", "test")
    assert np.allclose(p, fitted.beta * ps / (fitted.beta * ps - ps + 1))
    assert ps.mean() > 10 * data.test.y.mean() and abs(p.mean() - data.test.y.mean()) < 0.002


def test_page_claims(data):
    test = data.test
    p = cf.method_proba("plain", "test")
    assert round(average_precision_score(test.y, p), 2) == 0.68 and round(roc_auc_score(test.y, p), 3) == 0.986
    half = (p >= 0.5).astype(int)
    assert int(half[test.y == 1].sum()) == 36 and int(half[test.y == 0].sum()) == 5
    cost_half = daily_costs(test.y, test.amount, half, 5, 15)[2]
    cost_rule = daily_costs(test.y, test.amount, cost_decisions(p, test.amount, 5), 5, 15)[2]
    assert round(cost_half) == 388 and round(cost_rule) == 183 and cost_rule < cost_half / 2
    assert round(half.sum() / 15, 1) == 2.7 and round(cost_decisions(p, test.amount, 5).sum() / 15, 1) == 11.5
    fpr_at_80 = np.sort(p[test.y == 1])[::-1][int(np.ceil(0.8 * 86)) - 1]  # threshold reaching 80 % recall
    assert int((p[test.y == 0] >= fpr_at_80).sum()) == 252
    totals = [cf.fraud_numbers(5, m)["total cost per day (EUR)"] for m in cf.METHODS]
    assert round(min(totals)) == 173 and round(max(totals)) == 188
    later = cf.method_proba("plain", "later")
    assert round(average_precision_score(data.later.y, later), 2) == 0.26
    assert data.later.y.mean() > 2.5 * later.mean()
    assert [round(cf.precision_at_k(test.y, p, test.day, k), 2) for k in (5, 10, 20)] == [0.67, 0.41, 0.22]
    later_flags = cost_decisions(later, data.later.amount, 5)
    assert round(later_flags[data.later.y == 1].mean(), 2) == 0.15
    assert round(daily_costs(data.later.y, data.later.amount, later_flags, 5, 30)[2]) == 191
    # a random split across the drift reports a model that has seen the future
    split = cf.split_comparison()
    assert round(split.past_only, 2) == 0.27 and round(split.random_with_drift, 2) == 0.57
    assert all(0.62 < v < 0.65 for v in split.random_before_drift) and round(split.time_split, 2) == 0.68


def test_validation_tuned_rules(data):
    rules = cf.tuned_rules(5)
    totals = {name: r.total for name, r in rules.items()}
    assert totals["cost rule p * amount >= R"] < totals["one threshold tuned on validation"] < totals["threshold 0.5"] / 2
    # the tuned threshold is the cheapest on the validation days among its candidates
    validation, p_val = data.validation, cf.method_proba("plain", "validation")
    tau = rules["one threshold tuned on validation"].value
    cost = lambda t: daily_costs(validation.y, validation.amount, (p_val >= t).astype(int), 5, 15)[2]  # noqa: E731
    assert all(cost(tau) <= cost(t) + 1e-9 for t in np.quantile(p_val, [0.95, 0.99, 0.995, 0.999]))
    assert 5 / 8 <= rules["cost rule, constant tuned on validation"].value <= 5 * 8


def test_strong_model_is_chosen_on_validation(data):
    runs = cf.strong_model_runs()
    assert set(runs.validation_ap) == set(cf.STRONG_MODELS)
    assert runs.chosen == max(runs.validation_ap, key=runs.validation_ap.get)
    for period in ("validation", "test", "later"):
        assert runs.proba[period].shape == data[period].y.shape


def test_monitoring_only_calibration_fires_after_the_drift():
    rows, reference = cf.monitoring_table(5)
    assert [r.start for r in rows] == [75.0, 82.5, 90.0, 97.5, 105.0, 112.5] and reference > 0
    assert not any(r.score_psi_fires or r.feature_psi_fires or r.alerts_fires for r in rows)
    assert [r.calibration_fires for r in rows] == [False, False, True, True, True, True]


def test_retraining_recovers_the_drifted_fraud():
    result = cf.retraining_demo(5)
    old, new, window = result.values()
    assert round(old.ap, 2) == 0.28 and round(new.ap, 2) == 0.69 and old.ap < window.ap < new.ap
    assert abs(new.calibration - 1) < abs(old.calibration - 1)


def test_resampled_probabilities_before_and_after_correction(data):
    test = data.test
    for method in ("class weights", "SMOTE", "undersampling"):
        raw, corrected = cf.method_proba(method, "test", corrected=False), cf.method_proba(method, "test")
        assert 0.07 < raw.mean() < 0.11 and 12.5 < raw.mean() / test.y.mean() < 18.5
        assert 149 <= cost_decisions(raw, test.amount, 5).sum() / 15 <= 210
        assert 11.9 <= cost_decisions(corrected, test.amount, 5).sum() / 15 <= 13.2


def test_precision_at_k_formula():
    y = np.array([1, 0, 0, 1, 0, 1])
    score = np.array([0.9, 0.8, 0.1, 0.2, 0.7, 0.6])
    day = np.array([0, 0, 0, 1, 1, 1])
    # day 0: top 2 = rows 0, 1 (1 fraud); day 1: top 2 = rows 4, 5 (1 fraud)
    assert cf.precision_at_k(y, score, day, 2) == pytest.approx(2 / 4)


def test_cross_validation_and_leak():
    scores = cf.cv_scores()
    means = {m: np.mean(v) for m, v in scores.items()}
    assert max(means, key=means.get) == "plain"
    assert [round(means[m], 3) for m in cf.METHODS] == [0.606, 0.568, 0.569, 0.537]
    assert all(len(v) == 4 for v in scores.values())  # forward chaining: the first block is never scored
    leak = cf.leak_demo()
    inside, before = leak["SMOTE inside the training fold"], leak["SMOTE before the split (leak)"]
    assert round(inside["k-NN"], 2) == 0.72 and round(before["k-NN"], 2) == 0.90  # the leak flatters k-NN
    assert abs(before["logistic"] - inside["logistic"]) < 0.01


def test_explorer_budget():
    explorer = get_explorer("case-study-fraud/costs")
    assert len(list(explorer.states())) == 24
    assert list(explorer.numbers(5, "plain")) == list(cf.fraud_numbers(5, "plain"))


def test_checks_and_hints():
    assert ex.check_threshold(8 / 152)
    assert "R / (R + a)" in str(ex.check_threshold(8 / 160))
    assert "Inverted" in str(ex.check_threshold(152 / 8))
    assert ex.check_threshold(...).status == "unanswered"
    day = ex.my_day(1)
    top = np.argsort(-day.p, kind="stable")[:10]
    found = int(day.y[top].sum())
    assert ex.check_precision_at_k(found, found / 10, seed=1)
    assert not ex.check_precision_at_k(found + 5, 0.1, seed=1)
    assert ex.check_precision_at_k(..., ..., seed=1).status == "unanswered"
    assert ex.check_precision_at_k("x", 0.1, seed="not a seed").status in ("error", "incorrect")

    def right(y, amount, flags, review_cost, n_days):
        y, amount, flags = np.asarray(y), np.asarray(amount, dtype=float), np.asarray(flags)
        return (amount[(y == 1) & (flags == 0)].sum() + review_cost * flags.sum()) / n_days

    def no_division(y, amount, flags, review_cost, n_days):
        return right(y, amount, flags, review_cost, n_days) * n_days

    def false_alarms_only(y, amount, flags, review_cost, n_days):
        y, amount, flags = np.asarray(y), np.asarray(amount, dtype=float), np.asarray(flags)
        return (amount[(y == 1) & (flags == 0)].sum() + review_cost * ((flags == 1) & (y == 0)).sum()) / n_days

    assert ex.check_cost_per_day(right)
    assert "divide by n_days" in str(ex.check_cost_per_day(no_division))
    assert "frauds included" in str(ex.check_cost_per_day(false_alarms_only))
    assert ex.check_cost_per_day(lambda *a: None).status == "unanswered"
    assert ex.check_cost_per_day(lambda *a: 1 / 0).status == "error"
