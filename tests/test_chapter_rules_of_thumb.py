"""Rules of thumb: every number the page states, and the exercise checks' hints."""

import numpy as np

from negedu.chapters.rules_of_thumb import checks as ex
from negedu.costs import cost_decisions, daily_costs
from negedu.datasets import load_fraud_case
from negedu.losses import fit_logistic_regression, logistic_proba
from negedu.metrics import average_precision_score, precision_score, roc_auc_score
from negedu.model_selection import time_folds
from negedu.neighbors import kneighbors
from negedu.resampling import prior_correction, random_under_sample, resampling_beta, smote


def test_rule_numbers():
    data = load_fraud_case()
    test, train = data.test, data.train
    p = logistic_proba(fit_logistic_regression(train.Z, train.y), test.Z)
    assert np.array_equal(p, ex.fraud_test_period()[1]) and np.array_equal(test.y, ex.fraud_test_period()[0].y)
    flags = cost_decisions(p, test.amount, 5)
    assert round(precision_score(test.y, flags), 2) == 0.35
    assert round(precision_score(test.y, flags, pos_label=0), 3) == 0.998
    keep = (test.y == 1) | (np.arange(test.y.size) % 10 == 0)
    assert abs(roc_auc_score(test.y[keep], p[keep]) - roc_auc_score(test.y, p)) < 0.005  # ROC AUC does not move
    assert round(average_precision_score(test.y[keep], p[keep]), 3) == 0.882  # AP rises from 0.680
    X_res = smote(train.X[:20_000], train.y[:20_000], random_state=0)[0]
    assert round(np.mean(X_res[20_000:, 2] % 1 != 0), 2) == 0.82
    members = [logistic_proba(fit_logistic_regression(*random_under_sample(train.Z, train.y, random_state=s)[:2]), test.Z)
               for s in range(10)]
    aps = [average_precision_score(test.y, m) for m in members]
    ensemble = average_precision_score(test.y, np.mean(members, axis=0))
    assert (round(min(aps), 3), round(max(aps), 3), round(np.mean(aps), 3), round(ensemble, 3)) == (0.629, 0.673, 0.653, 0.656)
    assert (train.y == 1).sum() * 2 == 588


def test_checks_and_hints():
    assert ex.check_which_rules({5, 7})
    assert "rule 7" in str(ex.check_which_rules({5, 6})) and "Rule 6" in str(ex.check_which_rules({5, 6}))
    assert ex.check_which_rules(...).status == "unanswered"
    assert ex.check_which_rules("ab").status == "incorrect"
    assert ex.check_ap_one_in_100(ex._ap_one_in_100())
    test, p = ex.fraud_test_period()
    one_in_10 = (test.y == 1) | (np.arange(test.y.size) % 10 == 0)
    assert "one in 10" in str(ex.check_ap_one_in_100(average_precision_score(test.y[one_in_10], p[one_in_10])))
    assert "all the test payments" in str(ex.check_ap_one_in_100(average_precision_score(test.y, p)))
    assert ex.check_ap_one_in_100(...).status == "unanswered"
    assert ex.check_prior_correction(lambda p, b: b * p / (b * p - p + 1))
    assert "opposite direction" in str(ex.check_prior_correction(lambda p, b: p / (p + b * (1 - p))))
    assert ex.check_prior_correction(lambda p, b: None).status == "unanswered"


def test_rules_4_5_6_7_evidence_as_the_page_computes_it():
    data = load_fraud_case()
    train, test = data.train, data.test
    model = fit_logistic_regression(train.Z, train.y)
    p = logistic_proba(model, test.Z)
    costs = [daily_costs(test.y, test.amount, flags, 5, 15)[2]
             for flags in ((p >= 0.5).astype(int), cost_decisions(p, test.amount, 5))]
    assert (round(costs[0]), round(costs[1])) == (388, 183)  # the cost rule halves the bill (rule 4)
    # rule 5: SMOTE before the split lifts a 15-NN model's AP on the held-out block from 0.72 to 0.90
    held = time_folds(train.day, 5, n_days=60) == 4
    query = np.r_[np.flatnonzero(held & (train.y == 1)), np.flatnonzero(held & (train.y == 0))[:1000]]
    Z_all, y_all = smote(train.Z, train.y, random_state=0)[:2]
    leaky = np.r_[~held, np.ones(y_all.size - train.y.size, bool)]
    aps = []
    for Z_fit, y_fit in (smote(train.Z[~held], train.y[~held], random_state=0)[:2], (Z_all[leaky], y_all[leaky])):
        aps.append(average_precision_score(train.y[query], y_fit[kneighbors(Z_fit, train.Z[query], 15)].mean(axis=1)))
    assert [round(a, 2) for a in aps] == [0.72, 0.90]
    # rule 6: mean AP over five time blocks; undersampling last, 0.572 against 0.618
    blocks = time_folds(train.day, 5, n_days=60)
    means = {}
    for method in ("plain", "class weights", "SMOTE", "undersampling"):
        fold_aps = []
        for k in range(5):
            Z_fit, y_fit = train.Z[blocks != k], train.y[blocks != k]
            if method == "SMOTE":
                Z_fit, y_fit = smote(Z_fit, y_fit, random_state=0)[:2]
            elif method == "undersampling":
                Z_fit, y_fit = random_under_sample(Z_fit, y_fit, random_state=0)[:2]
            fitted = fit_logistic_regression(Z_fit, y_fit, class_weight="balanced" if method == "class weights" else None)
            fold_aps.append(average_precision_score(train.y[blocks == k], logistic_proba(fitted, train.Z[blocks == k])))
        means[method] = round(float(np.mean(fold_aps)), 3)
    assert means == {"plain": 0.618, "class weights": 0.608, "SMOTE": 0.609, "undersampling": 0.572}
    # rule 7: eighteen times too high after undersampling, then right after the prior correction
    Z_under, y_under = random_under_sample(train.Z, train.y, random_state=0)[:2]
    raw = logistic_proba(fit_logistic_regression(Z_under, y_under), test.Z)
    corrected = prior_correction(raw, resampling_beta(train.y, y_under))
    assert 17 < raw.mean() / test.y.mean() < 19 and abs(corrected.mean() / test.y.mean() - 1) < 0.15
