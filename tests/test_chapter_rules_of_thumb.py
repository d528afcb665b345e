"""Rules of thumb: every number the page states, and the exercise checks' hints."""

import numpy as np

from negedu.chapters.rules_of_thumb import checks as ex
from negedu.chapters.case_study_fraud import explorer as cf
from negedu.losses import fit_logistic_regression, logistic_proba
from negedu.metrics import average_precision_score, precision_score, roc_auc_score
from negedu.resampling import random_under_sample, smote


def test_rule_numbers():
    data = cf.case_data()
    test, train = data.test, data.train
    p = cf.method_proba("plain", "test")
    flags = cf.cost_decisions(p, test.amount, 5)
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
    test, p = cf.case_data().test, cf.method_proba("plain", "test")
    one_in_10 = (test.y == 1) | (np.arange(test.y.size) % 10 == 0)
    assert "one in 10" in str(ex.check_ap_one_in_100(average_precision_score(test.y[one_in_10], p[one_in_10])))
    assert "all the test payments" in str(ex.check_ap_one_in_100(average_precision_score(test.y, p)))
    assert ex.check_ap_one_in_100(...).status == "unanswered"
    assert ex.check_prior_correction(lambda p, b: b * p / (b * p - p + 1))
    assert "opposite direction" in str(ex.check_prior_correction(lambda p, b: p / (p + b * (1 - p))))
    assert ex.check_prior_correction(lambda p, b: None).status == "unanswered"
