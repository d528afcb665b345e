"""Chapter 9, focal loss: the explorer's numbers against formulas written here, the checks'
hints, and every number the chapter states in words."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score as sk_average_precision
from sklearn.metrics import brier_score_loss as sk_brier

from negedu.chapters.focal_loss import checks as ex
from negedu.exercises import student_seed
from negedu.chapters.focal_loss import explorer as fl
from negedu.interactive import get_explorer
from negedu.datasets import fruit_features
from negedu.losses import fit_linear_focal, logistic_proba, sigmoid_focal_loss, sigmoid_focal_loss_grad


def _focal(y, p, alpha, gamma):
    """The focal loss of each sample from probabilities, written out as in the paper."""
    p_t = np.where(y == 1, p, 1 - p)
    alpha_t = 1.0 if alpha is None else np.where(y == 1, alpha, 1 - alpha)
    return -alpha_t * (1 - p_t) ** gamma * np.log(p_t)


# ------------------------------------------------------------------------- the data
def test_fruit_sets_and_easy_oranges():
    data = fl.fruit_sets()
    assert data.y.sum() == 100 and (data.y == 0).sum() == 10_000
    assert data.y_test.sum() == 200 and data.y_test.size == 20_200
    eta = data.true_proba
    assert data.easy.sum() == 9389  # the chapter's "9,389 easy oranges"
    assert np.all(eta[data.easy] < 0.01) and not np.any(data.easy & (data.y == 1))


# ------------------------------------------------------------------ explorer numbers
@pytest.mark.parametrize("gamma", fl.GAMMAS)
@pytest.mark.parametrize("alpha", fl.ALPHAS)
def test_explorer_numbers_against_formulas(gamma, alpha):
    data = fl.fruit_sets()
    nums = fl.focal_fruit_numbers(gamma, alpha)
    a = None if alpha == "none" else float(alpha)
    eta = data.true_proba
    losses = _focal(data.y, eta, a, gamma)
    assert nums[fl.EASY_SHARE] == pytest.approx(100 * losses[data.easy].sum() / losses.sum(), rel=1e-8)
    grad = np.abs(sigmoid_focal_loss_grad(data.y, np.log(eta / (1 - eta)), alpha=a, gamma=gamma, reduction="none"))
    assert nums[fl.BALANCE] == pytest.approx(grad[data.y == 0].sum() / grad[data.y == 1].sum(), rel=1e-10)
    proba = logistic_proba(fl.fit_fruit_model(gamma, alpha), data.X_test)
    flagged = proba >= 0.5
    tp = np.sum(flagged & (data.y_test == 1))
    assert nums[fl.RECALL] == pytest.approx(tp / 200)
    assert nums[fl.PRECISION] == pytest.approx(tp / flagged.sum())
    assert nums["trained model: average precision"] == pytest.approx(sk_average_precision(data.y_test, proba), rel=1e-12)
    assert nums["trained model: Brier score"] == pytest.approx(sk_brier(data.y_test, proba), rel=1e-12)
    assert nums[fl.MEAN_PROBA] == pytest.approx(proba.mean(), rel=1e-12)


def test_explorer_gamma0_model_is_logistic_regression():
    data = fl.fruit_sets()
    model = fl.fit_fruit_model(0, "none")
    reference = LogisticRegression(C=1.0, tol=1e-12, max_iter=10_000).fit(data.X, data.y)
    np.testing.assert_allclose(model.coef, reference.coef_[0], atol=1e-5)


def test_explorer_budget_and_description():
    explorer = get_explorer("focal-loss/gamma")
    assert len(list(explorer.states())) == 15
    values = {"gamma": 2, "alpha": "0.25"}
    text = explorer.describe(values, explorer.numbers(**values))
    assert "9,389 easy oranges" in text and "0.76 times" in text


def test_chapter_claims_about_the_trained_models():
    """The chapter: gamma squeezes the probabilities towards 0.5 and leaves the ranking alone."""
    nums = {(g, a): fl.focal_fruit_numbers(g, a) for g in fl.GAMMAS for a in fl.ALPHAS}
    means = [nums[(g, "none")][fl.MEAN_PROBA] for g in fl.GAMMAS]
    assert means == sorted(means) and means[0] == pytest.approx(0.0107, abs=5e-4) and means[-1] > 0.15
    briers = [nums[(g, "none")]["trained model: Brier score"] for g in fl.GAMMAS]
    assert briers == sorted(briers)
    aps = [v["trained model: average precision"] for v in nums.values()]
    assert max(aps) - min(aps) < 0.003  # the ranking barely moves
    shares = [nums[(g, "none")][fl.EASY_SHARE] for g in fl.GAMMAS]
    assert shares == sorted(shares, reverse=True) and shares[0] > 2.5 and shares[3] < 1e-3
    # alpha: with gamma = 2 the balance at the truth is 0.25 without alpha and ~0.76 with alpha = 0.25
    assert nums[(2, "none")][fl.BALANCE] == pytest.approx(0.252, abs=0.005)
    assert nums[(2, "0.25")][fl.BALANCE] == pytest.approx(0.756, abs=0.005)
    assert nums[(0, "none")][fl.BALANCE] == pytest.approx(0.95, abs=0.01)
    # alpha moves the operating point: 0.25 gives precision, 0.75 recall
    assert nums[(2, "0.25")][fl.PRECISION] > 0.9 > nums[(2, "0.75")][fl.PRECISION]
    assert nums[(2, "0.75")][fl.RECALL] > nums[(2, "none")][fl.RECALL] > nums[(2, "0.25")][fl.RECALL]


def test_retinanet_table():
    """100,000 easy negatives at p = 0.01 and 100 positives at p = 0.3: the chapter's table."""
    def share(alpha, gamma):
        negatives = 100_000 * _focal(np.array([0]), np.array([0.01]), alpha, gamma)[0]
        positives = 100 * _focal(np.array([1]), np.array([0.3]), alpha, gamma)[0]
        return negatives / (negatives + positives)

    assert share(None, 0) == pytest.approx(0.893, abs=1e-3)
    assert share(0.25, 0) == pytest.approx(0.962, abs=1e-3)
    assert share(None, 2) == pytest.approx(0.0017, abs=1e-4)
    assert share(0.25, 2) == pytest.approx(0.0051, abs=1e-4)
    # the factor (1 - p_t)^gamma at p_t = 0.99 and gamma = 2 divides the loss by 10,000
    assert (1 - 0.99) ** -2 == pytest.approx(10_000)


def test_loss_shares_and_balance_helpers():
    shares = fl.loss_shares([0, 0, 1], [-5.0, 0.0, 0.0], [True, False, False], alpha=None, gamma=0)
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["positives"] == pytest.approx(np.log(2) / (np.log(2) * 2 + np.log1p(np.exp(-5))))
    with pytest.raises(ValueError, match="easy must mark negatives only"):
        fl.loss_shares([0, 1], [0.0, 0.0], [False, True], alpha=None, gamma=2)
    assert fl.truth_balance([0, 1], [0.0, 0.0], alpha=None, gamma=2) == pytest.approx(1.0)


@pytest.mark.parametrize("gamma", [0.0, 0.5, 1.0, 2.0, 5.0])
@pytest.mark.parametrize("alpha", [None, 0.25, 0.75])
def test_optimal_probability_minimises_the_expected_loss(gamma, alpha):
    eta = np.array([0.001, 0.01, 0.1, 0.3, 0.5, 0.8, 0.99])
    ours = fl.optimal_probability(eta, gamma, alpha)
    grid = np.linspace(1e-5, 1 - 1e-5, 200_001)
    a = 0.5 if alpha is None else alpha
    for e, p_star in zip(eta, ours):
        risk = e * a * _focal(np.ones_like(grid), grid, None, gamma) + (1 - e) * (1 - a) * _focal(0 * grid, grid, None, gamma)
        assert p_star == pytest.approx(grid[np.argmin(risk)], abs=2e-5)
    if alpha is None:
        between = (np.minimum(eta, 0.5) - 1e-12 <= ours) & (ours <= np.maximum(eta, 0.5) + 1e-12)
        assert between.all()  # towards 0.5, never past it
        if gamma == 0:
            np.testing.assert_allclose(ours, eta, rtol=1e-9)


# --------------------------------------------------------------------------- checks
def test_checks_by_hand():
    assert ex.check_focal_by_hand(0.75 * 0.04 * -np.log(0.8))
    assert ex.check_focal_by_hand(...).status == "unanswered"
    assert "1 - alpha = 0.75" in ex.check_focal_by_hand(0.25 * 0.04 * -np.log(0.8)).message
    assert "p_t = 1 - p = 0.8" in ex.check_focal_by_hand(0.75 * 0.64 * -np.log(0.2)).message
    assert "left out alpha_t" in ex.check_focal_by_hand(0.04 * -np.log(0.8)).message
    assert "natural logarithm" in ex.check_focal_by_hand(0.75 * 0.04 * -np.log10(0.8)).message
    assert ex.check_down_weighting(100)
    assert "1 / 0.01" in ex.check_down_weighting(0.01).message
    assert "Square it" in ex.check_down_weighting(10).message


SEED = student_seed("Ada Lovelace")


def _shares(seed, alpha=None, scale=1.0):
    from negedu.resampling import prior_correction

    basket = ex.my_basket(seed)
    eta = prior_correction(basket.score, 1 / 100)
    easy = (basket.y == 0) & (eta < 0.01)
    out = []
    for g in ex.EX_GAMMAS:
        losses = sigmoid_focal_loss(basket.y, np.log(eta / (1 - eta)), alpha=alpha, gamma=g, reduction="none")
        out.append(scale * losses[easy].sum() / losses.sum())
    return out


def test_check_easy_shares():
    assert ex.check_easy_shares(_shares(SEED), seed=SEED)
    assert ex.check_easy_shares(..., seed=SEED).status == "unanswered"
    assert "not a percentage" in ex.check_easy_shares(_shares(SEED, scale=100), seed=SEED).message
    assert "alpha=None" in ex.check_easy_shares(_shares(SEED, alpha=0.25), seed=SEED).message
    assert "list of 4 finite numbers" in ex.check_easy_shares([0.1, 0.2], seed=SEED).message
    assert not ex.check_easy_shares(_shares(SEED), seed=SEED + 1)  # another student's basket differs


def test_check_mean_probabilities():
    basket = ex.my_basket(SEED)
    X = fruit_features(basket.X)
    means = [float(logistic_proba(fit_linear_focal(X, basket.y, gamma=g, prior=0.01), X).mean()) for g in ex.EX_GAMMAS]
    assert ex.check_mean_probabilities(means, seed=SEED)
    assert means == sorted(means) and means[0] == pytest.approx(basket.y.mean(), rel=1e-4)
    weighted = [float(logistic_proba(fit_linear_focal(X, basket.y, gamma=g, alpha=0.25, prior=0.01), X).mean())
                for g in ex.EX_GAMMAS]
    assert "alpha=None" in ex.check_mean_probabilities(weighted, seed=SEED).message
    raw = [float(logistic_proba(fit_linear_focal(basket.X, basket.y, gamma=g, prior=0.01), basket.X).mean())
           for g in ex.EX_GAMMAS]
    feedback = ex.check_mean_probabilities(raw, seed=SEED)
    assert not feedback
    assert ex.check_mean_probabilities("abc", seed=SEED).status == "incorrect"


def _stable(y, z, alpha, gamma):
    z_t = np.where(y == 1, z, -z)
    alpha_t = 1.0 if alpha is None else np.where(y == 1, alpha, 1 - alpha)
    return alpha_t * np.exp(-gamma * np.logaddexp(0, z_t)) * np.logaddexp(0, -z_t)


def _naive(y, z, alpha, gamma):
    return _focal(y, 1 / (1 + np.exp(-z)), alpha, gamma)


def test_check_sigmoid_focal_loss():
    assert ex.check_sigmoid_focal_loss(_stable)
    with np.errstate(all="ignore"):
        naive = ex.check_sigmoid_focal_loss(_naive)
    assert not naive and "np.logaddexp" in naive.message
    swapped = ex.check_sigmoid_focal_loss(lambda y, z, a, g: _stable(y, z, None if a is None else 1 - a, g))
    assert "swapped alpha" in swapped.message
    assert "focal factor" in ex.check_sigmoid_focal_loss(lambda y, z, a, g: _stable(y, z, a, 0.0)).message
    assert "no mean, no sum" in ex.check_sigmoid_focal_loss(lambda y, z, a, g: _stable(y, z, a, g).mean()).message
    assert ex.check_sigmoid_focal_loss(lambda y, z, a, g: None).status == "unanswered"
    assert ex.check_sigmoid_focal_loss(lambda y, z, a, g: 1 / 0).status == "error"
    assert ex.check_sigmoid_focal_loss("not a function").status == "incorrect"


# ------------------------------------------------------------- more of the chapter's claims
def test_chapter_claims_gradient_and_softmax_and_optimum():
    from negedu.losses import softmax_focal_loss

    p_t = np.linspace(0.0005, 0.9995, 20_000)
    size = np.abs(sigmoid_focal_loss_grad(np.ones_like(p_t, dtype=int), np.log(p_t / (1 - p_t)), alpha=None, gamma=2,
                                          reduction="none"))
    assert size.max() == pytest.approx(1.13, abs=0.005) and p_t[size.argmax()] == pytest.approx(0.06, abs=0.005)
    assert np.interp(0.9, p_t, size) == pytest.approx(0.0029, abs=1e-4)  # "a thirtieth of the cross-entropy's" 0.1
    logits = np.array([[4.0, 0.0, 0.0], [0.5, 0.0, 0.2], [0.0, 3.0, 0.0]])
    ce = softmax_focal_loss([0, 2, 0], logits, gamma=0, reduction="none")
    focal = softmax_focal_loss([0, 2, 0], logits, gamma=2, reduction="none")
    assert ce[0] == pytest.approx(0.036, abs=5e-4) and focal[0] == pytest.approx(0.000045, abs=1e-6)
    assert ce[2] == pytest.approx(3.09, abs=0.01) and focal[2] == pytest.approx(2.82, abs=0.01)
    assert fl.optimal_probability(0.01, 2.0) == pytest.approx(0.15, abs=0.01)


def test_chapter_claims_weights_resampling_focal():
    from negedu.losses import fit_logistic_regression
    from negedu.resampling import RandomUnderSampler

    data = fl.fruit_sets()
    X_under, y_under = RandomUnderSampler(random_state=0).fit_resample(data.X, data.y)
    models = {
        "ce": fit_logistic_regression(data.X, data.y),
        "balanced": fit_logistic_regression(data.X, data.y, class_weight="balanced"),
        "under": fit_logistic_regression(X_under, y_under),
        "focal": fit_linear_focal(data.X, data.y, gamma=2, prior=0.01),
    }
    proba = {k: logistic_proba(m, data.X_test) for k, m in models.items()}
    aps = [sk_average_precision(data.y_test, p) for p in proba.values()]
    assert 0.70 <= min(aps) and max(aps) <= 0.715
    recall = {k: np.mean(p[data.y_test == 1] >= 0.5) for k, p in proba.items()}
    assert recall["balanced"] == pytest.approx(0.945) and recall["under"] == pytest.approx(0.945)
    assert abs(recall["focal"] - recall["ce"]) <= 0.011
    assert 0.10 <= proba["balanced"].mean() <= 0.121 and 0.10 <= proba["under"].mean() <= 0.121


def test_chapter_claims_prior_initialisation():
    data = fl.fruit_sets()
    X1 = np.hstack([data.X, np.ones((data.y.size, 1))])
    n_pos = data.y.sum()

    def run(b0, alpha, gamma, steps=60):
        theta, history = np.array([0.0, 0.0, b0]), []
        for _ in range(steps):
            z = X1 @ theta
            history.append(sigmoid_focal_loss(data.y, z, alpha=alpha, gamma=gamma, reduction="sum") / n_pos)
            theta = theta - X1.T @ sigmoid_focal_loss_grad(data.y, z, alpha=alpha, gamma=gamma, reduction="none") / n_pos
        return history, theta

    ce_zero, theta_zero = run(0.0, None, 0)
    ce_prior, _ = run(-np.log(99), None, 0)
    fl_zero, _ = run(0.0, 0.25, 2)
    fl_prior, _ = run(-np.log(99), 0.25, 2)
    assert ce_zero[0] == pytest.approx(70.0, abs=0.1) and ce_zero[-1] > 5 * ce_prior[-1]
    assert ce_prior[1] == pytest.approx(2.1, abs=0.01) and fl_prior[-1] < 0.25 and fl_zero[-1] > 10 * fl_prior[-1]
    _, theta_one = run(0.0, None, 0, steps=1)
    assert theta_one[-1] == pytest.approx(-49.5, abs=0.5)  # "a push of about 50 on b in the first step"


# ------------------------------------------------------------------ the dense detector
import re  # noqa: E402
from pathlib import Path  # noqa: E402

from negedu.chapters.focal_loss import detection, runs  # noqa: E402
from negedu.datasets import make_dense_detection  # noqa: E402

PAGE = Path(__file__).resolve().parents[1] / "book" / "focal-loss.md"


def _small_problem(seed=0):
    return make_dense_detection(6, n_anchors=400, n_objects=1, n_distractors=2, random_state=seed)


def _training_loss(net, data, alpha, gamma):
    z = detection.detector_scores(net, data.X)
    return sigmoid_focal_loss(data.y, z, alpha=alpha, gamma=gamma, reduction="sum") / data.y.sum()


@pytest.mark.parametrize("gamma, alpha, sampling", [(0.0, None, "all"), (2.0, 0.25, "all"), (0.0, None, "ohem"),
                                                    (0.0, None, "random")])
def test_train_detector_lowers_the_loss_and_is_deterministic(gamma, alpha, sampling):
    data = _small_problem()
    start = detection.train_detector(data, gamma=gamma, alpha=alpha, sampling=sampling, epochs=1, lr=1e-12,
                                     random_state=0)  # a step of ~0: the initial network
    first = detection.train_detector(data, gamma=gamma, alpha=alpha, sampling=sampling, epochs=4, lr=0.1,
                                     random_state=0)
    again = detection.train_detector(data, gamma=gamma, alpha=alpha, sampling=sampling, epochs=4, lr=0.1,
                                     random_state=np.random.RandomState(0))
    if sampling == "all":  # the loss it is trained on falls
        assert _training_loss(first.net, data, alpha, gamma) < 0.9 * _training_loss(start.net, data, alpha, gamma)
    else:  # trained on a 1:3 sample, its probabilities rise on all anchors; its ranking still improves
        assert detection.detection_ap(first.net, data) > detection.detection_ap(start.net, data) + 0.05
    for p, q in zip(first.net.parameters(), again.net.parameters()):
        assert np.array_equal(p, q)
    # the network starts at the prior: every anchor at probability 0.01
    z0 = detection.detector_scores(start.net, data.X)
    assert start.net.layers[-1].b[0] == pytest.approx(np.log(0.01 / 0.99))
    assert np.allclose(first.shares.sum(axis=1), 1.0) and first.steps[0] == 0 and z0.shape == data.y.shape


def test_train_detector_one_step_is_the_papers_normalised_gradient():
    from negedu.nn import mlp, prior_bias

    batch = make_dense_detection(2, n_anchors=400, n_objects=1, n_distractors=2, random_state=1)
    result = detection.train_detector(batch, gamma=2.0, alpha=0.25, epochs=1, lr=0.1, momentum=0.0, random_state=3)
    reference = mlp([9, 16, 1], random_state=np.random.RandomState(3))  # the same first draws: the weights
    reference.layers[-1].W *= 0.01 / np.sqrt(2.0 / 16)  # RetinaNet's N(0, 0.01^2) for the classifier
    reference.layers[-1].b[:] = prior_bias(0.01)
    z = reference.forward(batch.X).ravel()
    reference.backward(sigmoid_focal_loss_grad(batch.y, z, alpha=0.25, gamma=2.0, reduction="none") / batch.y.sum())
    for p, p0, g in zip(result.net.parameters(), reference.parameters(), reference.gradients()):
        assert np.allclose(p, p0 - 0.1 * g, rtol=1e-9, atol=1e-12)


def test_select_anchors_ohem_and_random():
    y = np.array([1, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    z = np.array([0.0, 5.0, -1.0, 4.0, 3.0, 2.0, -2.0, 1.0, 0.5, 0.0])
    ohem = detection.select_anchors(y, z, "ohem", 2, np.random.RandomState(0))
    assert np.flatnonzero(ohem).tolist() == [0, 1, 3, 4, 5, 9]  # both positives, the 4 highest negatives
    drawn = detection.select_anchors(y, z, "random", 2, np.random.RandomState(0))
    assert drawn.sum() == 6 and drawn[[0, 9]].all()
    assert detection.select_anchors(y, z, "all", 2, None).all()
    assert detection.select_anchors(np.zeros(5, dtype=int), z[:5], "ohem", 3, None).sum() == 3


def test_loss_shares_and_cumulative_loss():
    rng = np.random.RandomState(0)
    y = (rng.rand(300) < 0.1).astype(int)
    kind = np.where(y == 1, 1, rng.choice([0, 2, 3], size=300))
    z = rng.randn(300) * 3
    for gamma, alpha in [(0, None), (2, 0.25)]:
        shares = detection.loss_shares_by_kind(y, z, kind, alpha=alpha, gamma=gamma)
        losses = _focal(y, 1 / (1 + np.exp(-z)), alpha, gamma)
        assert shares[0] == pytest.approx(losses[(kind == 0)].sum() / losses.sum(), rel=1e-9)
        assert sum(shares) == pytest.approx(1.0)
    fraction, cumulative = detection.cumulative_loss(y, z, gamma=2, label=0)
    assert fraction[0] == 0 and fraction[-1] == 1 and cumulative[-1] == pytest.approx(1.0)
    assert np.all(np.diff(cumulative) >= 0) and np.all(np.diff(np.diff(cumulative)) >= -1e-15)  # sorted: convex


def test_train_detector_errors():
    data = _small_problem()
    with pytest.raises(ValueError, match="sampling must be one of"):
        detection.train_detector(data, sampling="hard")
    with pytest.raises(ValueError, match="sampling='ohem' trains on the cross-entropy"):
        detection.train_detector(data, sampling="ohem", gamma=2.0)
    with pytest.raises(ValueError, match="epochs must be at least 1"):
        detection.train_detector(data, epochs=0)
    with pytest.raises(TypeError, match="data must be the Bunch of make_dense_detection"):
        detection.train_detector((data.X, data.y))


def test_runs_file_has_every_run_and_best_runs_chooses_on_validation():
    cached = runs.load_runs()
    for method, n_anchors in runs.all_methods():
        for lr in runs.LEARNING_RATES:
            assert runs._key(method, lr, 0, n_anchors) in cached
        lr, seeded = runs.best_runs(method, n_anchors=n_anchors)
        assert [run["seed"] for run in seeded] == list(runs.SEEDS)
        validation = {rate: cached[runs._key(method, rate, 0, n_anchors)]["valid_ap"] for rate in runs.LEARNING_RATES}
        assert validation[lr] == max(v for v in validation.values() if v is not None)


def test_check_runs_fails_on_a_stale_file(monkeypatch):
    config = (runs.METHODS["cross-entropy"], runs.LEARNING_RATES[0], 0, runs.PROBLEM["n_anchors"])
    cached = runs.load_runs()
    stale = {key: dict(run) for key, run in cached.items()}
    stale[runs._key(*config)]["test_ap"] += 0.01
    monkeypatch.setattr(runs, "load_runs", lambda: stale)
    monkeypatch.setattr(runs, "run_one", lambda *config, keep_net=False: dict(cached[runs._key(*config)]))
    assert runs.check_runs([(runs.METHODS["cross-entropy"], runs.LEARNING_RATES[1], 0, runs.PROBLEM["n_anchors"])])
    with pytest.raises(RuntimeError, match="test_ap is .* now but .* in runs.json. Re-make the file"):
        runs.check_runs([config])


def test_detector_section_numbers_are_glued_and_defined():
    text = PAGE.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue:text\}`(fl_det_\w+)", text))
    defined = set(re.findall(r"glue\(f?\"(fl_det_[^\"]+)\"", text))
    expanded = set()
    for key in defined:  # f-string keys: fl_det_ap_{key} and the like
        if "{" in key:
            expanded |= {k for k in used if re.fullmatch(re.sub(r"\{[^}]+\}", r"\\w+", key), k)}
        else:
            expanded.add(key)
    assert used and used <= expanded, f"glued in the text but never computed: {sorted(used - expanded)}"


def test_detector_explorer_numbers_are_the_cached_runs():
    nums = fl.detector_numbers(2.0, 0.25)
    lr, seeded = runs.best_runs((2.0, 0.25, "all"))
    aps = [run["test_ap"] for run in seeded]
    assert nums[fl.DETECTOR_AP] == pytest.approx(np.mean(aps)) and nums[fl.DETECTOR_LR] == lr
    assert nums[fl.DETECTOR_SD] == pytest.approx(np.std(aps, ddof=1))
    assert nums[fl.DETECTOR_EASY_START] == pytest.approx(100 * seeded[0]["shares"][0][0])


def test_chapter_claims_about_the_detector_runs():
    """The directions the page states in words, from the cached runs (the numbers themselves are glued)."""
    mean = {name: np.mean([r["test_ap"] for r in runs.best_runs(method)[1]]) for name, method in runs.METHODS.items()}
    aps = {name: np.array([r["test_ap"] for r in runs.best_runs(method)[1]]) for name, method in runs.METHODS.items()}
    order = ["cross-entropy", "α-balanced CE, α = 0.75", "focal, γ = 2, α = 0.25", "OHEM 1:3", "undersampling 1:3"]
    assert [mean[name] for name in order] == sorted(mean.values(), reverse=True)
    ce, focal = aps["cross-entropy"], aps["focal, γ = 2, α = 0.25"]
    ratio = (ce.mean() - focal.mean()) / np.sqrt(ce.var(ddof=1) / ce.size + focal.var(ddof=1) / focal.size)
    assert 1.5 < ratio < 3.0  # "about twice its standard error"
    grid = {(g, a): np.mean([r["test_ap"] for r in runs.best_runs((g, a, "all"))[1]])
            for g in runs.GRID_GAMMAS for a in runs.GRID_ALPHAS}
    assert max(grid, key=grid.get) == (0.5, 0.25) and max(grid.values()) < mean["cross-entropy"]
    row_best = [max(grid[(g, a)] for a in runs.GRID_ALPHAS) for g in runs.GRID_GAMMAS]
    assert row_best[1:] == sorted(row_best[1:], reverse=True)  # from gamma = 0.5 on, falling
    assert max(runs.GRID_ALPHAS, key=lambda a: grid[(0.0, a)]) == 0.75
    assert max(runs.GRID_ALPHAS, key=lambda a: grid[(2.0, a)]) == 0.25
    gaps = [np.mean([r["test_ap"] for r in runs.best_runs(runs.METHODS["cross-entropy"], n_anchors=n)[1]])
            - np.mean([r["test_ap"] for r in runs.best_runs(runs.METHODS["focal, γ = 2, α = 0.25"], n_anchors=n)[1]])
            for n in runs.SWEEP_ANCHORS]
    assert min(gaps) > 0 and gaps[-1] < gaps[0]
    shares = np.array(runs.best_runs(runs.METHODS["cross-entropy"])[1][0]["shares"])
    steps = runs.best_runs(runs.METHODS["cross-entropy"])[1][0]["steps"]
    assert shares[0, 0] > 0.5 and shares[steps.index(10), 0] < 0.1 and shares[-1, 0] < 0.2
    assert runs.best_runs(runs.METHODS["focal, γ = 2, α = 0.25"])[1][0]["shares"][0][0] < 0.01
