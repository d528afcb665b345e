"""Chapter "Shifting negatives": the explorer's numbers, the chapter's claims and the checks' hints."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

from negedu.chapters.shifting_negatives import checks as ex
from negedu.exercises import student_seed
from negedu.interactive import get_explorer
from negedu.chapters.shifting_negatives import explorer as sn
from negedu.losses import LogisticRegression, SoftmaxRegression
from negedu.multiclass import OneVsRestClassifier
from negedu.shift import (
    adjust_to_prior,
    estimate_prior_em,
    population_stability_index,
)
from negedu.datasets import make_class_blobs, make_intents, make_shifting_negatives


def _rates(y, y_pred):
    """FPR, recall and precision written from the counts."""
    fp = np.sum((y_pred == 1) & (y == 0))
    tp = np.sum((y_pred == 1) & (y == 1))
    return fp / np.sum(y == 0), tp / np.sum(y == 1), tp / max(tp + fp, 1)


@pytest.fixture(scope="module")
def train():
    return make_shifting_negatives(60, 540, random_state=0)


# ----------------------------------------------------------------- the explorer
def test_explorer_is_registered_and_small():
    explorer = get_explorer("shifting-negatives/fixes")
    assert len(list(explorer.states())) == len(sn.SHARES) * len(sn.LINES) * len(sn.FIXES) == 50
    assert explorer.initial == {"share": 0.2, "line": "B", "fix": "none"}


@pytest.mark.parametrize("fix", sn.FIXES)
def test_explorer_numbers_match_the_formulas(fix):
    model = sn.train_fix(fix)
    for line in sn.LINES:
        for share in sn.SHARES:
            data = make_shifting_negatives(100, 1900, marketing=share, line=line, random_state=1)
            y_pred = model.predict(data.X)
            fpr, recall, precision = _rates(data.y, y_pred)
            nums = sn.fixes_numbers(share, line, fix)
            assert nums["false positive rate"] == pytest.approx(fpr, abs=1e-12)
            assert nums["recall"] == pytest.approx(recall, abs=1e-12)
            assert nums["precision"] == pytest.approx(precision, abs=1e-12)
            assert nums["false alarms"] == np.sum((y_pred == 1) & (data.y == 0))
            assert nums["positives caught (of 100)"] == np.sum((y_pred == 1) & (data.y == 1))
            marketing = data.group == "marketing"
            expected = np.mean(y_pred[marketing]) if marketing.any() else 0.0
            assert nums["FPR on marketing"] == pytest.approx(expected, abs=1e-12)


def test_explorer_models_are_the_reference_fits(train):
    reference = SkLogisticRegression(tol=1e-12, max_iter=10_000).fit(train.X, train.y)
    np.testing.assert_allclose(sn.train_fix("none").coef_, reference.coef_, atol=1e-5)
    randomised = make_shifting_negatives(60, 540, line="randomised", random_state=0)
    reference = SkLogisticRegression(tol=1e-12, max_iter=10_000).fit(randomised.X, randomised.y)
    np.testing.assert_allclose(sn.train_fix("randomised background").coef_, reference.coef_, atol=1e-5)


def test_explorer_claims():
    # the page's "things to try"
    none_a = [sn.fixes_numbers(s, "A", "none") for s in sn.SHARES]
    assert none_a[0]["precision"] == 1.0 and round(none_a[-1]["precision"], 2) == 0.34
    assert all(n["recall"] == 1.0 for n in none_a)
    assert round(sn.fixes_numbers(0.0, "B", "none")["false positive rate"], 2) == 0.04
    assert all(sn.fixes_numbers(s, "A", "harder negatives")["precision"] == 1.0 for s in sn.SHARES)
    assert sn.fixes_numbers(0.0, "B", "harder negatives")["precision"] < 0.5
    both = {(s, line): sn.fixes_numbers(s, line, "harder + randomised") for s in sn.SHARES for line in sn.LINES}
    moves = {(n["false positive rate"], n["recall"], n["precision"]) for n in both.values()}
    assert len(moves) == 1  # FPR, recall and precision do not move
    only = [sn.fixes_numbers(s, "B", "positives only")["precision"] for s in sn.SHARES]
    assert sn.fixes_numbers(0.5, "A", "positives only")["false alarms"] == 0 and only[-1] < 0.6


def test_explorer_renders_one_state():
    uri, nums, text = get_explorer("shifting-negatives/fixes").render_state({"share": 0.2, "line": "B", "fix": "none"})
    assert uri.startswith("data:image/webp;base64,") and "false alarms" in text and nums["recall"] == 1.0


# ----------------------------------------------------------------- the chapter's claims
def test_spam_story_numbers(train):
    model = LogisticRegression().fit(train.X[:, :2], train.y)
    rows = {}
    for share in (0.0, 0.2):
        data = make_shifting_negatives(100, 1900, marketing=share, random_state=1)
        rows[share] = _rates(data.y, model.predict(data.X[:, :2]))
    assert rows[0.0][0] < 0.005 and round(rows[0.0][2], 2) == 0.95
    assert round(rows[0.2][0], 2) == 0.15 and round(rows[0.2][2], 2) == 0.26
    assert rows[0.2][0] * 1900 > 2.5 * 100  # about three false alarms per spam caught
    assert rows[0.0][1] == rows[0.2][1] == 1.0  # recall does not move
    deployed = make_shifting_negatives(100, 1900, marketing=0.2, random_state=1)
    marketing = np.mean(model.predict(deployed.X[deployed.group == "marketing", :2]))
    assert abs(marketing - 0.75) < 0.01  # "about three quarters"


def test_production_line_numbers(train):
    detector = LogisticRegression().fit(train.X, train.y)
    signal, _, background = detector.coef_[0]
    assert round(background, 1) == 2.0 and round(signal, 1) == 2.4
    line_a = make_shifting_negatives(100, 1900, random_state=2)
    line_b = make_shifting_negatives(100, 1900, line="B", random_state=2)
    assert _rates(line_a.y, detector.predict(line_a.X))[0] == 0.0
    assert 0.04 < _rates(line_b.y, detector.predict(line_b.X))[0] < 0.05  # "about 5 %"


def test_fixes_table():
    test = make_shifting_negatives(100, 1900, marketing=0.2, line="B", random_state=1)
    table = {fix: sn.fixes_numbers(0.2, "B", fix) for fix in sn.FIXES}
    for fix in sn.FIXES:  # the explorer's state is the chapter's table row
        fpr, recall, precision = _rates(test.y, sn.train_fix(fix).predict(test.X))
        assert table[fix]["false positive rate"] == pytest.approx(fpr)
    assert table["none"]["precision"] < 0.2
    assert table["harder + randomised"]["false positive rate"] < 0.005
    assert round(table["harder + randomised"]["precision"], 2) == 0.97
    assert round(table["harder + randomised"]["recall"], 2) == 0.87
    assert round(table["positives only"]["false positive rate"], 3) == 0.022
    assert table["positives only"]["recall"] == 0.96
    assert sn.train_fix("harder negatives").coef_[0, 2] > sn.train_fix("none").coef_[0, 2]  # background weight grows
    assert abs(sn.train_fix("randomised background").coef_[0, 2]) < 0.3
    assert sn.train_fix("harder negatives").coef_[0, 1] < 0  # the top of the plane becomes negative


def test_intent_numbers():
    intents, new = make_intents(random_state=0), make_intents(random_state=1)
    binary = LogisticRegression().fit(intents.X, intents.y)
    assert binary.predict(new.X).sum() == 0 and binary.predict_proba(new.X)[:, 1].max() < 0.5
    softmax = (SoftmaxRegression().fit(intents.X, intents.intent).predict(new.X) == 0).astype(int)
    ovr = (OneVsRestClassifier(LogisticRegression()).fit(intents.X, intents.intent).predict(new.X) == 0).astype(int)
    _, recall_s, precision_s = _rates(new.y, softmax)
    _, recall_o, precision_o = _rates(new.y, ovr)
    assert recall_s > 0.9 and precision_s > 0.9
    assert 0.5 < recall_o < recall_s


def test_label_shift_numbers():
    balanced = make_class_blobs([1000, 1000], separation=1.0, random_state=0)
    field = make_class_blobs([1900, 100], separation=1.0, random_state=1)
    p = LogisticRegression().fit(balanced.X, balanced.y).predict_proba(field.X)[:, 1]
    em = estimate_prior_em(p, 0.5)
    assert round(p.mean(), 3) == 0.233 and round(em.prior, 3) == 0.045
    brier = lambda q: np.mean((q - field.y) ** 2)  # noqa: E731
    assert round(brier(p), 3) == 0.107 and round(brier(em.y_prob), 3) == 0.034
    assert round(brier(adjust_to_prior(p, 0.5, 0.05)), 3) == 0.034
    assert np.sum(p >= 0.5) == 368 and np.sum(em.y_prob >= 0.5) == 49
    assert round(np.mean(field.y[p >= 0.5]), 2) == 0.22 and round(np.mean(field.y[em.y_prob >= 0.5]), 2) == 0.67


def test_psi_numbers(train):
    detector = LogisticRegression().fit(train.X, train.y)
    reference = detector.decision_function(make_shifting_negatives(100, 900, random_state=20).X)
    psi = {}
    for share, line in ((0.0, "A"), (0.1, "A"), (0.2, "A"), (0.0, "B")):
        week = make_shifting_negatives(100, 900, marketing=share, line=line, random_state=21)
        psi[share, line] = population_stability_index(reference, detector.decision_function(week.X))
    assert round(psi[0.0, "A"], 2) == 0.02 and 0.08 < psi[0.1, "A"] < 0.1 and psi[0.2, "A"] > 0.2
    assert psi[0.0, "B"] > 2.5


# ----------------------------------------------------------------- the checks
def test_fpr_check_hints():
    assert ex.check_deployment_fpr(0.7 * 0.004 + 0.3 * 0.7).status == "correct"
    assert "optimistic" in ex.check_deployment_fpr(0.004).message
    assert "swapped" in ex.check_deployment_fpr(0.3 * 0.004 + 0.7 * 0.7).message
    assert "equally" in ex.check_deployment_fpr(0.352).message
    assert ex.check_deployment_fpr(...).status == "unanswered"


def test_adjusted_check_hints():
    odds = 4 * 0.02 / 0.98
    assert ex.check_adjusted(odds / (1 + odds)).status == "correct"
    assert "renormalise" in ex.check_adjusted(0.032).message
    assert "odds / (1 + odds)" in ex.check_adjusted(odds).message
    assert "must change" in ex.check_adjusted(0.8).message
    assert ex.check_adjusted("x").status == "incorrect"


@pytest.mark.parametrize("name", ["Ada Lovelace", "Alan Turing"])
def test_em_check_hints(name):
    seed = student_seed(name)
    p = ex.my_deployment(seed)
    result = estimate_prior_em(p, 0.5)
    assert ex.check_em(result.prior, int(np.sum(result.y_prob >= 0.5)), seed=seed).status == "correct"
    assert "pulled towards" in ex.check_em(float(p.mean()), 0, seed=seed).message
    assert "raw probabilities" in ex.check_em(result.prior, int(np.sum(p >= 0.5)), seed=seed).message
    assert ex.check_em(..., 3, seed=seed).status == "unanswered"
    assert 0.02 < result.prior < 0.2


def test_students_get_different_deployments():
    assert not np.array_equal(ex.my_deployment(student_seed("Ada")), ex.my_deployment(student_seed("Alan")))


def _psi(expected, actual, bins=10, *, kl=False, log=np.log):
    expected, actual = np.asarray(expected, dtype=float), np.asarray(actual, dtype=float)
    edges = np.quantile(expected, np.arange(1, bins) / bins)
    e = np.maximum(np.bincount(np.searchsorted(edges, expected, side="right"), minlength=bins) / expected.size, 1e-4)
    a = np.maximum(np.bincount(np.searchsorted(edges, actual, side="right"), minlength=bins) / actual.size, 1e-4)
    return float(np.sum((a if kl else a - e) * log(a / e)))


def test_psi_check_hints():
    assert ex.check_psi(_psi).status == "correct"
    assert "KL(a || e)" in ex.check_psi(lambda e, a, b=10: _psi(e, a, b, kl=True)).message
    assert "log2" in ex.check_psi(lambda e, a, b=10: _psi(e, a, b, log=np.log2)).message
    assert "sign is flipped" in ex.check_psi(lambda e, a, b=10: -_psi(e, a, b)).message
    assert ex.check_psi(lambda e, a, b=10: ...).status == "unanswered"
    assert ex.check_psi(lambda e, a, b=10: 1 / 0).status == "error"
    assert ex.check_psi("not a function").status == "incorrect"


def _em(p, train_prior, *, chained=False, steps=1000):
    p = np.asarray(p, dtype=float)
    q, prior = p, train_prior
    for _ in range(steps):
        start = prior if chained else train_prior
        new_q = adjust_to_prior(q if chained else p, start, prior if not chained else float(np.mean(q)))
        new = float(np.mean(new_q))
        if chained:
            q = new_q
        if abs(new - prior) < (1e-12 if chained else 1e-10):
            return new
        prior = new
    return prior


def test_em_function_check_hints():
    assert ex.check_em_function(_em).status == "correct"
    assert ex.check_em_function(lambda p, t: estimate_prior_em(p, t, tol=1e-13).prior).status == "correct"
    assert "one M-step" in ex.check_em_function(lambda p, t: float(np.mean(p))).message
    assert "original" in ex.check_em_function(lambda p, t: _em(p, t, chained=True)).message
    assert ex.check_em_function(lambda p, t: ...).status == "unanswered"
    assert ex.check_em_function(lambda p, t: 1 / 0).status == "error"
