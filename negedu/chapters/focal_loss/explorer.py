r"""Explorer and helpers of Chapter 9, "Focal loss".

The chapter trains the linear model of :func:`negedu.losses.fit_linear_focal` on a basket of
10,100 fruit with 100 oranges per apple, and judges it on 20,200 new fruit. An orange is
*easy* when its true probability of being an apple, the basket's score corrected for the
100:1 prior (:func:`negedu.resampling.prior_correction`), is below 1 %: any sensible model
calls it an orange with confidence. The explorer shows, for each focusing parameter
:math:`\gamma` and weight :math:`\alpha`, how much of the training loss those easy oranges
carry, and what the trained model's probabilities look like.
"""

from functools import lru_cache

import numpy as np

from negedu._validation import _short, check_1d
from negedu.datasets import Bunch, make_apples_and_oranges
from negedu.losses import fit_linear_focal, logistic_proba, sigmoid_focal_loss, sigmoid_focal_loss_grad
from negedu.metrics import average_precision_score, brier_score_loss, calibration_curve, precision_score, recall_score
from negedu.resampling import prior_correction
from negedu.interactive import Explorer, Param, register
from negedu.datasets import fruit_features
from . import figures

__all__ = [
    "IMBALANCE_RATIO",
    "EASY_PROBABILITY",
    "GAMMAS",
    "ALPHAS",
    "alpha_value",
    "fruit_sets",
    "fit_fruit_model",
    "loss_shares",
    "truth_balance",
    "optimal_probability",
    "focal_fruit_numbers",
    "focal_gamma_explorer",
    "detector_numbers",
    "focal_detector_explorer",
]

#: Oranges per apple in the chapter's baskets.
IMBALANCE_RATIO = 100
#: An orange is "easy" when its true probability of being an apple is below this.
EASY_PROBABILITY = 0.01
#: The explorer's focusing parameters gamma.
GAMMAS = [0, 0.5, 1, 2, 5]
#: The explorer's choices of alpha (text, so they form a drop-down; see :func:`alpha_value`).
ALPHAS = ["none", "0.25", "0.75"]
#: The starting probability of "apple" of every fruit, as in the paper: b = -log((1 - pi) / pi).
PRIOR = 0.01

# The explorer's number labels (named, so the chapter and the tests use the same text).
EASY_SHARE = "easy oranges' share of the loss at the truth (%)"
BALANCE = "oranges' push / apples' push, at the truth"
RECALL = "trained model: recall at 0.5"
PRECISION = "trained model: precision at 0.5"
MEAN_PROBA = "trained model: mean probability (truth 0.0099)"


def alpha_value(alpha):
    """The explorer's text choice as the ``alpha`` of the losses: ``"none"`` -> None, ``"0.25"`` -> 0.25."""
    return None if alpha in (None, "none") else float(alpha)


@lru_cache(maxsize=1)
def fruit_sets():
    """The chapter's training basket (10,100 fruit, seed 0) and new fruit (20,200, seed 1).

    Returns a Bunch with ``X``, ``y``, ``X_test``, ``y_test`` (features on the scale of
    :func:`~negedu.datasets.fruit_features`), ``true_proba`` (the
    true probability of "apple" of each training fruit) and ``easy`` (the mask of easy oranges).
    """
    train = make_apples_and_oranges(n_samples=10_100, imbalance_ratio=IMBALANCE_RATIO, random_state=0)
    test = make_apples_and_oranges(n_samples=20_200, imbalance_ratio=IMBALANCE_RATIO, random_state=1)
    true_proba = prior_correction(train.score, 1 / IMBALANCE_RATIO)
    return Bunch(
        X=fruit_features(train.X), y=train.y, X_test=fruit_features(test.X), y_test=test.y,
        true_proba=true_proba, easy=(train.y == 0) & (true_proba < EASY_PROBABILITY),
    )


@lru_cache(maxsize=32)
def fit_fruit_model(gamma, alpha):
    """The linear model trained with the focal loss on the chapter's basket (C=1, prior 0.01)."""
    data = fruit_sets()
    return fit_linear_focal(data.X, data.y, alpha=alpha_value(alpha), gamma=float(gamma), C=1.0, prior=PRIOR)


def loss_shares(y_true, logits, easy, *, alpha, gamma):
    r"""The shares of the total focal loss carried by the easy negatives, the other negatives and the positives.

    ``easy`` is a boolean mask of the easy negatives. The shares are the sums of
    :func:`~negedu.losses.sigmoid_focal_loss` with ``reduction="none"`` over each group,
    divided by the total; they add up to 1.

    >>> shares = loss_shares([0, 0, 1], [-5.0, 0.0, 0.0], [True, False, False], alpha=None, gamma=0)
    >>> {k: round(v, 3) for k, v in shares.items()}
    {'easy negatives': 0.005, 'other negatives': 0.498, 'positives': 0.498}
    """
    y = check_1d(y_true, "y_true")
    easy = check_1d(easy, "easy").astype(bool)
    if easy.size != y.size or np.any(easy & (y == 1)):
        raise ValueError(f"easy must mark negatives only, one entry per sample; got {_short(easy.tolist())}.")
    losses = sigmoid_focal_loss(y, logits, alpha=alpha, gamma=gamma, reduction="none")
    total = losses.sum()
    return {
        "easy negatives": float(losses[easy].sum() / total),
        "other negatives": float(losses[(y == 0) & ~easy].sum() / total),
        "positives": float(losses[y == 1].sum() / total),
    }


def optimal_probability(eta, gamma, alpha=None):
    r"""The probability :math:`p^\star` that minimises the expected focal loss when the truth is :math:`\eta`.

    For inputs :math:`x` whose true probability of the positive class is
    :math:`\eta = P(y = 1 \mid x)`, a model that predicts :math:`p` pays on average

    .. math:: R(p) = \eta\,\alpha\,(1 - p)^\gamma (-\log p) + (1 - \eta)(1 - \alpha)\,p^\gamma (-\log(1 - p)),

    (:math:`\alpha = 1/2` for no weighting). With enough data and a flexible enough model, the
    trained probability is :math:`p^\star(\eta) = \arg\min_p R(p)`. For the cross-entropy
    (:math:`\gamma = 0`, no :math:`\alpha`) :math:`p^\star = \eta`: it is *proper*. For
    :math:`\gamma > 0`, :math:`p^\star` lies between :math:`\eta` and 1/2. Found by bisection on
    :math:`R'(p) = 0` (60 halvings, in the log-odds so that tiny :math:`\eta` are exact).

    >>> round(optimal_probability(0.1, 0.0), 6), round(optimal_probability(0.1, 2.0), 4)
    (0.1, 0.3058)
    """
    eta = np.asarray(eta, dtype=float)
    a = 0.5 if alpha_value(alpha) is None else alpha_value(alpha)

    def slope(t):  # R'(p) at p = sigmoid(t)
        p, q = 1.0 / (1.0 + np.exp(-t)), 1.0 / (1.0 + np.exp(t))  # q = 1 - p, without cancellation
        d_positive = gamma * q ** (gamma - 1) * np.log(p) - q**gamma / p  # d/dp (1-p)^g (-log p)
        d_negative = -gamma * p ** (gamma - 1) * np.log(q) + p**gamma / q  # d/dp p^g (-log(1-p))
        return eta * a * d_positive + (1 - eta) * (1 - a) * d_negative

    low, high = np.full(eta.shape, -40.0), np.full(eta.shape, 40.0)
    for _ in range(60):
        mid = 0.5 * (low + high)
        rising = slope(mid) > 0
        high = np.where(rising, mid, high)
        low = np.where(rising, low, mid)
    result = 1.0 / (1.0 + np.exp(-0.5 * (low + high)))
    return float(result) if result.ndim == 0 else result


def truth_balance(y_true, logits, *, alpha, gamma):
    r"""How hard the negatives push the model down against how hard the positives push it up.

    The ratio :math:`\sum_{y_i = 0} |\partial \mathrm{FL}_i / \partial z_i| \,/\,
    \sum_{y_i = 1} |\partial \mathrm{FL}_i / \partial z_i|` of the total gradient of the
    negatives over that of the positives. It is also the gradient of the loss with respect to
    the intercept, split by class: at a ratio of 1 the intercept stays where it is. Evaluated at
    the true probabilities, a ratio of 1 means the loss leaves a calibrated model alone; below 1
    it pushes every probability up.

    >>> round(truth_balance([0, 1], [0.0, 0.0], alpha=None, gamma=2), 6)
    1.0
    """
    y = check_1d(y_true, "y_true")
    grad = np.abs(sigmoid_focal_loss_grad(y, logits, alpha=alpha, gamma=gamma, reduction="none"))
    return float(grad[y == 0].sum() / grad[y == 1].sum())


def focal_fruit_numbers(gamma, alpha):
    """The explorer's numbers: what the loss asks of a model that knows the truth, and what the trained model does."""
    data = fruit_sets()
    a, g = alpha_value(alpha), float(gamma)
    truth_logits = np.log(data.true_proba / (1 - data.true_proba))
    shares = loss_shares(data.y, truth_logits, data.easy, alpha=a, gamma=g)
    model = fit_fruit_model(gamma, alpha)
    proba = logistic_proba(model, data.X_test)
    flagged = (proba >= 0.5).astype(int)
    return {
        EASY_SHARE: 100 * shares["easy negatives"],
        BALANCE: truth_balance(data.y, truth_logits, alpha=a, gamma=g),
        RECALL: float(recall_score(data.y_test, flagged)),
        PRECISION: float(precision_score(data.y_test, flagged, zero_division=0)),
        "trained model: average precision": float(average_precision_score(data.y_test, proba)),
        "trained model: Brier score": float(brier_score_loss(data.y_test, proba)),
        MEAN_PROBA: float(proba.mean()),
    }


def _draw(gamma, alpha):
    from negedu import plotting

    data = fruit_sets()
    a = alpha_value(alpha)
    p_t = np.linspace(0.001, 0.999, 300)
    logit = np.log(p_t / (1 - p_t))  # z_t: a positive with logit z_t has p_t = sigmoid(z_t)
    ones = np.ones_like(p_t, dtype=int)
    curves = {
        "cross-entropy": sigmoid_focal_loss(ones, logit, alpha=None, gamma=0, reduction="none"),
        "apples (y = 1)": sigmoid_focal_loss(ones, logit, alpha=a, gamma=float(gamma), reduction="none"),
        "oranges (y = 0)": sigmoid_focal_loss(0 * ones, -logit, alpha=a, gamma=float(gamma), reduction="none"),
    }
    fig, (left, right) = plotting.new_figure(2, width=8.0, height=3.4)
    figures.plot_loss_curves(p_t, curves, ax=left, ylim=(0, 3),
                              styles={"apples (y = 1)": {"color": plotting.POSITIVE, "linestyle": "-"},
                                      "oranges (y = 0)": {"color": plotting.NEGATIVE, "linestyle": "--"}})
    left.set_title(f"loss of one fruit, γ = {gamma:g}, α: {alpha}", fontsize="medium")
    reliability = {}
    for name, (g, al) in {"cross-entropy": (0, "none"), f"γ = {gamma:g}, α: {alpha}": (gamma, alpha)}.items():
        proba = logistic_proba(fit_fruit_model(g, al), data.X_test)
        prob_true, prob_pred = calibration_curve(data.y_test, proba, n_bins=10)
        reliability[name] = (prob_pred, prob_true)
    plotting.plot_reliability_diagram(reliability, ax=right)
    right.set_title("on 20,200 new fruit", fontsize="medium")
    return fig


def _describe(values, nums):
    return (
        f"With γ = {values['gamma']:g} and α {values['alpha']}, the 9,389 easy oranges carry "
        f"{nums[EASY_SHARE]:.3g} % of the loss of a model that knows the true probabilities, and the "
        f"oranges push that model down {nums[BALANCE]:.2f} times as hard as the apples push it up. "
        f"Trained with this loss, the linear model's mean probability on new fruit is "
        f"{nums[MEAN_PROBA]:.3f} (truth 0.0099); at threshold 0.5 it finds {nums[RECALL]:.0%} of the "
        f"apples with precision {nums[PRECISION]:.0%}."
    )


@register("focal-loss/gamma")
def focal_gamma_explorer():
    """Chapter 9: what gamma and alpha do to the loss of each fruit and to the trained model."""
    return Explorer(
        "focal-loss/gamma",
        [
            Param("gamma", GAMMAS, label="Focusing γ", fmt="{:g}", initial=2),
            Param("alpha", ALPHAS, label="Weight α of the apples", initial="none"),
        ],
        numbers=focal_fruit_numbers,
        draw=_draw,
        describe=_describe,
        formats={EASY_SHARE: "{:.3g} %", BALANCE: "{:.3f}", RECALL: "{:.3f}", PRECISION: "{:.3f}",
                 "trained model: average precision": "{:.3f}", "trained model: Brier score": "{:.4f}",
                 MEAN_PROBA: "{:.4f}"},
        title="Focal loss: fade out the easy oranges",
    )


# ----------------------------------------------------------------- the dense detector
DETECTOR_AP = "test AP, mean of the seeds"
DETECTOR_SD = "test AP, standard deviation over the seeds"
DETECTOR_LR = "learning rate (chosen on validation images)"
DETECTOR_EASY_START = "easy negatives' share of the loss at step 0 (%)"
DETECTOR_EASY_END = "easy negatives' share of the loss at the end (%)"


def detector_numbers(gamma, alpha):
    """The explorer's numbers for the detector trained with the focal loss at ``gamma``, ``alpha`` (cached runs)."""
    from . import runs

    lr, seeded = runs.best_runs((float(gamma), float(alpha), "all"))
    aps = np.array([run["test_ap"] for run in seeded], dtype=float)
    shares = np.array(seeded[0]["shares"])  # (n_records, 3): easy negatives, hard negatives, positives
    return {DETECTOR_AP: float(aps.mean()), DETECTOR_SD: float(aps.std(ddof=1)), DETECTOR_LR: float(lr),
            DETECTOR_EASY_START: 100 * float(shares[0, 0]), DETECTOR_EASY_END: 100 * float(shares[-1, 0])}


def _draw_detector(gamma, alpha):
    from negedu import plotting
    from . import runs

    fig, ax = plotting.new_figure(width=6.4, height=3.4)
    curves, looks = {}, {}
    for name, method in [("cross-entropy", runs.METHODS["cross-entropy"]),
                         (f"γ = {gamma:g}, α = {alpha:g}", (float(gamma), float(alpha), "all"))]:
        run = runs.best_runs(method)[1][0]
        shares = np.array(run["shares"])
        steps = np.array(run["steps"])
        curves[f"{name}: easy negatives"] = shares[:, 0]
        curves[f"{name}: positives"] = shares[:, 2]
        colour = plotting.NEUTRAL if name == "cross-entropy" else plotting.ACCENT
        looks[f"{name}: easy negatives"] = {"color": colour, "linestyle": "-"}
        looks[f"{name}: positives"] = {"color": colour, "linestyle": "--"}
    figures.plot_loss_curves(steps, curves, ax=ax, xlabel="SGD step", ylabel="share of the training loss",
                              ylim=(0, 1), styles=looks, legend_loc="center right")
    ax.set_title("who carries the loss during training (seed 0)", fontsize="medium")
    return fig


def _describe_detector(values, nums):
    return (f"Trained with γ = {values['gamma']:g} and α = {values['alpha']:g} (learning rate "
            f"{nums[DETECTOR_LR]:g}), the detector's average precision on held-out images is "
            f"{nums[DETECTOR_AP]:.3f} ± {nums[DETECTOR_SD]:.3f} over three seeds; the easy negatives carry "
            f"{nums[DETECTOR_EASY_START]:.0f} % of the training loss at the start and "
            f"{nums[DETECTOR_EASY_END]:.1f} % at the end.")


@register("focal-loss/detector")
def focal_detector_explorer():
    """Chapter 9: the dense detector trained with each gamma and alpha (the cached runs of runs.json)."""
    from . import runs

    return Explorer(
        "focal-loss/detector",
        [
            Param("gamma", list(runs.GRID_GAMMAS), label="Focusing γ", fmt="{:g}", initial=2.0),
            Param("alpha", list(runs.GRID_ALPHAS), label="Weight α of the positives", fmt="{:g}", initial=0.25),
        ],
        numbers=detector_numbers,
        draw=_draw_detector,
        describe=_describe_detector,
        formats={DETECTOR_AP: "{:.3f}", DETECTOR_SD: "{:.3f}", DETECTOR_LR: "{:g}", DETECTOR_EASY_START: "{:.1f} %",
                 DETECTOR_EASY_END: "{:.2f} %"},
        title="Focal loss on a dense detector: γ, α and who carries the loss",
    )
