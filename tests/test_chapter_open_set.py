"""Chapter "Open-set recognition": the explorer's numbers, the chapter's claims and the checks' hints."""

import numpy as np
import pytest
from sklearn.datasets import load_digits

from negedu.chapters.open_set import checks as ex
from negedu.exercises import student_seed
from negedu.interactive import get_explorer
from negedu.chapters.open_set import explorer as osx
from negedu.losses import SoftmaxRegression
from negedu.openset import (
    EvidentialClassifier, OpenMax, energy_score, max_softmax_score,
    open_set_report,
)
from negedu.datasets import make_open_set_blobs


def _auc(y, s):
    """ROC AUC as the Mann-Whitney pair count (ties count one half)."""
    pos, neg = s[y == 1], s[y == 0]
    diff = pos[:, None] - neg[None, :]
    return (np.sum(diff > 0) + 0.5 * np.sum(diff == 0)) / (pos.size * neg.size)


def _softmax(logits, T=1.0):
    e = np.exp((logits - logits.max(axis=1, keepdims=True)) / T)
    return e / e.sum(axis=1, keepdims=True)


@pytest.fixture(scope="module")
def blobs():
    X_train, y_train, X_test, y_test = make_open_set_blobs(random_state=0)
    model = SoftmaxRegression().fit(X_train, y_train)
    return X_train, y_train, X_test, y_test, model


# ----------------------------------------------------------------- the explorer
def test_explorer_is_registered_and_small():
    explorer = get_explorer("open-set/acceptance")
    assert len(list(explorer.states())) == len(osx.SCORES) * len(osx.REJECT_SHARES) == 20
    assert explorer.initial == {"score": "max-softmax", "reject_share": 0.05}


@pytest.mark.parametrize("score", ["max-softmax", "energy, T = 1", "energy, T = 10"])
def test_explorer_numbers_match_formulas(score, blobs):
    X_train, _, X_test, y_test, model = blobs
    T = 1.0 if score == "max-softmax" else float(score.split("=")[1])

    def textbook(X):
        f = X @ model.coef_.T + model.intercept_
        if score == "max-softmax":
            return 1 - _softmax(f).max(axis=1)
        return -T * np.log(np.sum(np.exp(f / T), axis=1))

    s_train, s_test = textbook(X_train), textbook(X_test)
    unknown = y_test == 3
    gap = unknown & (np.hypot(X_test[:, 0], X_test[:, 1]) < 1)
    for share in osx.REJECT_SHARES:
        nums = osx.acceptance_numbers(score, share)
        tau = np.quantile(s_train, 1 - share)
        rejected = s_test >= tau
        assert nums["gap unknowns rejected (of 30)"] == rejected[gap].sum()
        assert nums["far unknowns rejected (of 60)"] == rejected[unknown & ~gap].sum()
        assert nums["known rows rejected (of 300)"] == rejected[~unknown].sum()
        assert nums["AUROC known vs unknown"] == pytest.approx(_auc(unknown.astype(int), s_test), abs=1e-12)


def test_explorer_openmax_and_evidential_use_their_models(blobs):
    X_train, y_train, X_test, y_test, model = blobs
    om = OpenMax(tail_size=20, alpha=2).fit(model.decision_function(X_train), y_train)
    s = om.unknown_score(model.decision_function(X_test))
    assert osx.acceptance_numbers("OpenMax", 0.05)["AUROC known vs unknown"] == pytest.approx(_auc((y_test == 3).astype(int), s))
    ev = EvidentialClassifier().fit(X_train, y_train)
    f = ev.decision_function(X_test)
    u = 3 / (np.log1p(np.exp(f)) + 1).sum(axis=1)                      # K / S with softplus evidence
    assert osx.acceptance_numbers("evidential", 0.05)["AUROC known vs unknown"] == pytest.approx(_auc((y_test == 3).astype(int), u))


def test_explorer_claims_in_the_text():
    msp = osx.acceptance_numbers("max-softmax", 0.2)
    assert msp["far unknowns rejected (of 60)"] == 15 and msp["known rows rejected (of 300)"] == 76
    for score in ("energy, T = 1", "energy, T = 10", "evidential"):
        assert all(osx.acceptance_numbers(score, r)["far unknowns rejected (of 60)"] == 0 for r in osx.REJECT_SHARES)
    assert all(osx.acceptance_numbers("OpenMax", r)["far unknowns rejected (of 60)"] == 60 for r in osx.REJECT_SHARES)
    om = osx.acceptance_numbers("OpenMax", 0.1)
    assert om["gap unknowns rejected (of 30)"] == 30 and om["known rows rejected (of 300)"] == 19
    best = max((osx.acceptance_numbers(s, r)["open-set macro-F1"], s, r) for s in osx.SCORES for r in osx.REJECT_SHARES)
    assert best[1:] == ("OpenMax", 0.1) and round(best[0], 3) == 0.951


# ----------------------------------------------------------------- the chapter's claims
def test_softmax_is_certain_far_away_and_the_two_families_split(blobs):
    X_train, y_train, X_test, y_test, model = blobs
    far = np.array([[0.0, 40.0], [-35.0, -20.0], [35.0, -20.0]])
    assert np.all(_softmax(model.decision_function(far)).max(axis=1) > 1 - 1e-6)
    assert np.all(model.predict(X_test[y_test < 3]) == y_test[y_test < 3])     # closed-set: every known row right
    unknown = y_test == 3
    gap = unknown & (np.linalg.norm(X_test, axis=1) < 1)
    assert gap.sum() == 30 and (unknown & ~gap).sum() == 60
    L_train, L_test = model.decision_function(X_train), model.decision_function(X_test)
    om = OpenMax(tail_size=20).fit(L_train, y_train)
    ev = EvidentialClassifier().fit(X_train, y_train)
    scores = {
        "max-softmax": (max_softmax_score(L_train), max_softmax_score(L_test)),
        "energy": (energy_score(L_train), energy_score(L_test)),
        "OpenMax": (om.unknown_score(L_train), om.unknown_score(L_test)),
        "evidential": (ev.uncertainty(X_train), ev.uncertainty(X_test)),
    }
    rejected = {name: s >= np.quantile(s_tr, 0.95) for name, (s_tr, s) in scores.items()}
    assert round(rejected["max-softmax"][unknown & ~gap].mean(), 2) == 0.23
    for name in ("max-softmax", "energy", "evidential"):
        assert rejected[name][gap].all()
    for name in ("energy", "evidential"):
        assert not rejected[name][unknown & ~gap].any()
    assert not rejected["OpenMax"][gap].any() and rejected["OpenMax"][unknown & ~gap].all()


def test_digits_table_and_outlier_exposure():
    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    order = np.random.RandomState(0).permutation(len(y))
    X, y = X[order], y[order]
    i = np.arange(len(y))
    fit_rows = (i % 2 == 0) & (y < 6) & (i % 3 != 0)
    val_rows = (i % 2 == 0) & (y < 6) & (i % 3 == 0)
    test_rows = i % 2 == 1
    d_test = np.where(y[test_rows] < 6, y[test_rows], 6)
    model = SoftmaxRegression().fit(X[fit_rows], y[fit_rows])
    L_fit, L_val, L_test = (model.decision_function(X[r]) for r in (fit_rows, val_rows, test_rows))
    pred = model.predict(X[test_rows])
    reports = {}
    for name, fn in [("msp", max_softmax_score), ("energy", energy_score)]:
        reports[name] = open_set_report(d_test, pred, fn(L_test), np.quantile(fn(L_val), 0.95), unknown_label=6)
    assert round(reports["energy"]["AUROC"], 3) == 0.956 and round(reports["msp"]["AUROC"], 3) == 0.937
    assert round(reports["energy"]["knowns rejected"], 3) == 0.037 and round(reports["msp"]["knowns rejected"], 3) == 0.064
    assert reports["energy"]["open-set macro-F1"] > reports["msp"]["open-set macro-F1"]
    assert round(reports["msp"]["closed-set accuracy"], 3) == 0.983
    tau_train = np.quantile(max_softmax_score(L_fit), 0.95)
    assert round(np.mean(max_softmax_score(L_test)[d_test < 6] >= tau_train), 3) == 0.144
    # outlier exposure: 6-7 as a background class helps on 6-7 and hurts on 8-9
    background = (i % 2 == 0) & np.isin(y, [6, 7]) & (i % 3 != 0)
    exposed = SoftmaxRegression().fit(np.vstack([X[fit_rows], X[background]]), np.r_[y[fit_rows], np.full(background.sum(), 6)])
    p_bg = exposed.predict_proba(X[test_rows])[:, 6]
    plain = max_softmax_score(L_test)
    digit = y[test_rows]
    for unknown_digits, plain_auc, exposed_auc in [([6, 7], 0.958, 0.996), ([8, 9], 0.917, 0.743)]:
        rows = (digit < 6) | np.isin(digit, unknown_digits)
        truth = np.isin(digit[rows], unknown_digits).astype(int)
        assert round(_auc(truth, plain[rows]), 3) == plain_auc
        assert round(_auc(truth, p_bg[rows]), 3) == exposed_auc


# ----------------------------------------------------------------- the checks' hints
def test_far_score_hints():
    assert ex.check_far_score(0.0183).status == "correct"
    assert "confidence" in ex.check_far_score(1 - 0.018310).message
    assert "t = 1" in ex.check_far_score(float(max_softmax_score([[3.0, 1.0, -1.0]])[0])).message
    assert ex.check_far_score(...).status == "unanswered"
    assert ex.check_far_score("a lot").status == "incorrect"


def test_unknown_logit_hints():
    assert ex.check_unknown_logit(4.5)
    assert "rank weights" in ex.check_unknown_logit(5.0).message
    assert "collects what was removed" in ex.check_unknown_logit(2.5).message
    assert "second class is recalibrated" in ex.check_unknown_logit(4.0).message


@pytest.mark.parametrize("name", ["Ada Lovelace", "Alan Turing"])
def test_best_temperature_check(name):
    seed = student_seed(name)
    logits, is_unknown = ex.my_logits(seed)
    auroc = {T: _auc(is_unknown, energy_score(logits, temperature=T)) for T in ex.TEMPERATURES}
    best = max(auroc, key=auroc.get)
    assert ex.check_best_temperature(best, auroc[best], seed=seed)
    assert "negated energy" in ex.check_best_temperature(best, 1 - auroc[best], seed=seed).message
    worst = min(auroc, key=auroc.get)
    assert "another temperature does better" in ex.check_best_temperature(worst, auroc[worst], seed=seed).message
    assert "one of TEMPERATURES" in ex.check_best_temperature(3, 0.5, seed=seed).message
    assert ex.check_best_temperature(..., 0.5, seed=seed).status == "unanswered"


def test_best_temperature_differs_between_students():
    best = set()
    for k in range(30):
        logits, is_unknown = ex.my_logits(student_seed(f"student {k}"))
        auroc = {T: _auc(is_unknown, energy_score(logits, temperature=T)) for T in ex.TEMPERATURES}
        best.add(max(auroc, key=auroc.get))
    assert len(best) >= 2


def test_energy_check_hints():
    def good(logits, T):
        z = np.asarray(logits, dtype=float) / T
        m = z.max(axis=1)
        return -T * (m + np.log(np.exp(z - m[:, None]).sum(axis=1)))

    assert ex.check_energy(good)
    assert "overflowed" in ex.check_energy(lambda f, T: -T * np.log(np.exp(np.asarray(f) / T).sum(axis=1))).message
    assert "sign flipped" in ex.check_energy(lambda f, T: -good(f, T)).message
    assert "factor T" in ex.check_energy(lambda f, T: good(f, T) / T).message
    assert "did not add it back" in ex.check_energy(
        lambda f, T: -T * np.log(np.exp(np.asarray(f) / T - (np.asarray(f) / T).max(axis=1, keepdims=True)).sum(axis=1))).message
    assert ex.check_energy(lambda f, T: None).status == "unanswered"
    assert ex.check_energy(lambda f, T: 1 / 0).status == "error"
    assert ex.check_energy(42).status == "incorrect"


def test_uncertainty_check_hints():
    good = lambda f: np.asarray(f).shape[1] / (np.maximum(f, 0) + 1).sum(axis=1)  # noqa: E731
    assert ex.check_uncertainty(good)
    assert "forgot the + 1" in ex.check_uncertainty(lambda f: np.asarray(f).shape[1] / np.maximum(f, 0).sum(axis=1)).message
    assert "total belief" in ex.check_uncertainty(lambda f: 1 - good(f)).message
    assert "inverted the ratio" in ex.check_uncertainty(lambda f: 1 / good(f)).message
    assert "ReLU first" in ex.check_uncertainty(lambda f: np.asarray(f).shape[1] / (np.asarray(f) + 1).sum(axis=1)).message
    assert ex.check_uncertainty(lambda f: None).status == "unanswered"
