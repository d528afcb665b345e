"""Every public helper of negedu.plotting: a valid call draws, bad input is answered up front.

Each bad call must raise a ValueError or TypeError whose message names the parameter, and
no call (valid or not) may change the caller's arrays.
"""

import copy

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from negedu import plotting  # noqa: E402

X2 = np.array([[0.1, 0.2], [0.4, 0.3], [0.8, 0.9], [0.5, 0.7]])
Y = np.array([0, 0, 1, 1])
SCORE = np.array([0.1, 0.4, 0.35, 0.8])
BASKET = {"X": X2, "y": Y, "score": SCORE}
FPR, TPR = np.array([0.0, 0.0, 0.5, 1.0]), np.array([0.0, 0.5, 1.0, 1.0])
PREC, REC = np.array([0.5, 0.67, 1.0, 1.0]), np.array([1.0, 1.0, 0.5, 0.0])
XX, YY = np.meshgrid(np.linspace(0, 1, 5), np.linspace(0, 1, 5))
ZZ = (XX + YY > 1).astype(float)
RELIABILITY = {"model": (np.array([0.1, 0.5, 0.9]), np.array([0.2, 0.4, 0.8]), np.array([10, 5, 3]))}
SIZES = np.array([1.0, 5.0, 20.0])
CURVES = {"SMOTE": np.array([0.3, 0.5, np.nan]), "other": [0.2, 0.4, 0.6]}


def _fig():
    return plotting.new_figure()[0]


def _ax():
    return plotting.new_figure()[1]


# name -> (valid call, [(bad call, exception, pattern), ...]); each call is a function of nothing.
CASES = {
    "class_style": (
        lambda: plotting.class_style("synthetic"),
        [(lambda: plotting.class_style(2), ValueError, "label must be one of"),
         (lambda: plotting.class_style([1]), ValueError, "label must be one of")],
    ),
    "new_figure": (
        lambda: plotting.new_figure(2, width=5.0, height=3.0),
        [(lambda: plotting.new_figure(0), ValueError, "ncols must be at least 1"),
         (lambda: plotting.new_figure(1.5), TypeError, "ncols must be an integer"),
         (lambda: plotting.new_figure(width=-1.0), ValueError, "width must be > 0"),
         (lambda: plotting.new_figure(height=np.nan), TypeError, "height must be a finite")],
    ),
    "plot_fruit_basket": (
        lambda: plotting.plot_fruit_basket(BASKET, threshold=0.3),
        [(lambda: plotting.plot_fruit_basket({"X": X2}), ValueError, "basket has no 'y'"),
         (lambda: plotting.plot_fruit_basket({"X": X2, "y": Y}, threshold=0.5), ValueError, "basket has no 'score'"),
         (lambda: plotting.plot_fruit_basket({"X": X2[:, 0], "y": Y}), ValueError, r"basket\['X'\] must be 2-D"),
         (lambda: plotting.plot_fruit_basket({"X": X2, "y": Y[:3]}), ValueError, r"basket\['y'\] has 3"),
         (lambda: plotting.plot_fruit_basket({"X": X2 * np.nan, "y": Y}), ValueError, r"basket\['X'\] contains NaN"),
         (lambda: plotting.plot_fruit_basket(BASKET, threshold="high"), TypeError, "threshold must be"),
         (lambda: plotting.plot_fruit_basket(BASKET, size=-3), ValueError, "size must be > 0"),
         (lambda: plotting.plot_fruit_basket(BASKET, ax="left"), TypeError, "ax must be matplotlib axes")],
    ),
    "plot_score_histogram": (
        lambda: plotting.plot_score_histogram(Y, SCORE, threshold=0.5, bins=5, log=True),
        [(lambda: plotting.plot_score_histogram(Y[:3], SCORE), ValueError, "y_true has 3 and y_score has 4"),
         (lambda: plotting.plot_score_histogram(Y, [0.1, np.nan, 0.2, 0.3]), ValueError, "y_score contains NaN"),
         (lambda: plotting.plot_score_histogram(Y, SCORE, bins=-2), ValueError, "bins must be at least 1"),
         (lambda: plotting.plot_score_histogram(Y, SCORE, bins=4.5), TypeError, "bins must be an integer"),
         (lambda: plotting.plot_score_histogram([], []), ValueError, "y_true is empty"),
         (lambda: plotting.plot_score_histogram(Y, SCORE, names=("a",)), ValueError, "names must hold 2")],
    ),
    "plot_confusion_counts": (
        lambda: plotting.plot_confusion_counts(3, 1, 10, 2),
        [(lambda: plotting.plot_confusion_counts(-1, 1, 10, 2), ValueError, "tp must be >= 0"),
         (lambda: plotting.plot_confusion_counts(3, "1", 10, 2), TypeError, "fp must be a finite number"),
         (lambda: plotting.plot_confusion_counts(3, 1, np.nan, 2), TypeError, "tn must be a finite number")],
    ),
    "figure_to_png": (
        lambda: plotting.figure_to_png(_fig(), dpi=20),
        [(lambda: plotting.figure_to_png("figure"), TypeError, "fig must be a matplotlib figure"),
         (lambda: plotting.figure_to_png(_fig(), dpi=0), ValueError, "dpi must be > 0"),
         (lambda: plotting.figure_to_png(_fig(), colors=1000), ValueError, "colors must be at most 256")],
    ),
    "figure_to_data_uri": (
        lambda: plotting.figure_to_data_uri(_fig(), dpi=20, colors=None),
        [(lambda: plotting.figure_to_data_uri(None), TypeError, "fig must be a matplotlib figure"),
         (lambda: plotting.figure_to_data_uri(_fig(), dpi=-5), ValueError, "dpi must be > 0"),
         (lambda: plotting.figure_to_data_uri(_fig(), format="gif"), ValueError, "format must be one of 'png', 'webp'")],
    ),
    "plot_roc_curve": (
        lambda: plotting.plot_roc_curve(FPR, TPR, label="model", point=(0.5, 1.0), annotate=["", "a", "b", ""]),
        [(lambda: plotting.plot_roc_curve(FPR, TPR[:3]), ValueError, "fpr has 4 and tpr has 3"),
         (lambda: plotting.plot_roc_curve(np.c_[FPR, TPR], TPR), ValueError, "fpr must be 1-D"),
         (lambda: plotting.plot_roc_curve([], []), ValueError, "fpr is empty"),
         (lambda: plotting.plot_roc_curve(FPR, TPR, point=(0.5,)), ValueError, "point must be an"),
         (lambda: plotting.plot_roc_curve(FPR, TPR, annotate=["a"]), ValueError, "annotate must hold"),
         (lambda: plotting.plot_roc_curve(FPR, TPR, alpha=2.0), ValueError, "alpha must be in"),
         (lambda: plotting.plot_roc_curve(FPR, TPR, linewidth=0), ValueError, "linewidth must be > 0")],
    ),
    "plot_pr_curve": (
        lambda: plotting.plot_pr_curve(PREC, REC, base_rate=0.5, fill=True, style="lines"),
        [(lambda: plotting.plot_pr_curve(PREC, REC, style="smooth"), ValueError, "style must be 'step' or 'lines', got 'smooth'"),
         (lambda: plotting.plot_pr_curve(PREC[:2], REC), ValueError, "precision has 2 and recall has 4"),
         (lambda: plotting.plot_pr_curve(PREC, REC, base_rate=1.5), ValueError, "base_rate must be in"),
         (lambda: plotting.plot_pr_curve(PREC, REC, point="x"), ValueError, "point")],
    ),
    "decision_grid": (
        lambda: plotting.decision_grid(X2, n=4, margin=0.1),
        [(lambda: plotting.decision_grid(X2[:, 0]), ValueError, "X must be 2-D"),
         (lambda: plotting.decision_grid(np.c_[X2, X2]), ValueError, "X must have 2 columns"),
         (lambda: plotting.decision_grid(X2[:0]), ValueError, "X has 0 sample"),
         (lambda: plotting.decision_grid(X2, n=1), ValueError, "n must be at least 2"),
         (lambda: plotting.decision_grid(X2, margin=-1.0), ValueError, "margin must be >= 0"),
         (lambda: plotting.decision_grid(X2, margin=np.inf), TypeError, "margin must be a finite")],
    ),
    "plot_decision_regions": (
        lambda: plotting.plot_decision_regions(XX, YY, ZZ.ravel()),
        [(lambda: plotting.plot_decision_regions(XX, YY[:2], ZZ), ValueError, "xx and yy must have the same shape"),
         (lambda: plotting.plot_decision_regions(XX, YY, ZZ[:2]), ValueError, "Z must hold one prediction"),
         (lambda: plotting.plot_decision_regions(XX.ravel(), YY, ZZ), ValueError, "xx must be 2-D")],
    ),
    "sampler_style": (
        lambda: plotting.sampler_style("SMOTE"),
        [(lambda: plotting.sampler_style(3), TypeError, "name must be a resampler's name.*'SMOTE'")],
    ),
    "plot_samples": (
        lambda: plotting.plot_samples(X2, Y, synthetic=[False, False, True, False], removed=[True, False, False, False],
                                      links=np.array([[0, 2]]), legend="below", title="t"),
        [(lambda: plotting.plot_samples(X2[:, 0], Y), ValueError, "X must be 2-D"),
         (lambda: plotting.plot_samples(X2, Y[:2]), ValueError, "X has 4 and y has 2"),
         (lambda: plotting.plot_samples(X2, Y, synthetic=[True]), ValueError, "synthetic has 1"),
         (lambda: plotting.plot_samples(X2, Y, removed=[True] * 5), ValueError, "removed has 5"),
         (lambda: plotting.plot_samples(X2, Y, links=[[0, 9]]), ValueError, "links must be an"),
         (lambda: plotting.plot_samples(X2, Y, legend="above"), ValueError, "legend must be True, False or 'below'")],
    ),
    "plot_reliability_diagram": (
        lambda: plotting.plot_reliability_diagram({**RELIABILITY, "plain": ([0.2, 0.7], [0.3, 0.6])}),
        [(lambda: plotting.plot_reliability_diagram([0.1, 0.2]), TypeError, "curves must map a label"),
         (lambda: plotting.plot_reliability_diagram({"m": ([0.1],)}), ValueError, r"curves\['m'\] must be"),
         (lambda: plotting.plot_reliability_diagram({"m": ([0.1, 0.2], [0.3])}), ValueError, r"curves\['m'\]\[0\] has 2"),
         (lambda: plotting.plot_reliability_diagram({"m": ([0.1], [0.3], [0])}), ValueError, r"curves\['m'\]\[2\] must hold")],
    ),
    "plot_curves": (
        lambda: plotting.plot_curves(SIZES, CURVES, bands={"other": ([0.1, 0.3, 0.5], [0.3, 0.5, 0.7])}, ylim=(0, 1)),
        [(lambda: plotting.plot_curves(SIZES, {"a": [1, 2]}), ValueError, r"x has 3 and curves\['a'\] has 2"),
         (lambda: plotting.plot_curves([1.0, np.nan, 2.0], CURVES), ValueError, "x contains NaN"),
         (lambda: plotting.plot_curves(SIZES, CURVES, xscale="loglog"), ValueError, "xscale must be one of 'log'"),
         (lambda: plotting.plot_curves([0.0, 1.0, 2.0], CURVES), ValueError, "x must be > 0 on a log axis"),
         (lambda: plotting.plot_curves(SIZES, CURVES, bands={"a": ([1, 2],)}), ValueError, r"bands\['a'\] must be"),
         (lambda: plotting.plot_curves(SIZES, [1, 2, 3]), TypeError, "curves must map a name"),
         (lambda: plotting.plot_curves(SIZES, CURVES, ylim=1.0), ValueError, "ylim must be")],
    ),
    "multiclass_style": (
        lambda: plotting.multiclass_style(7),
        [(lambda: plotting.multiclass_style(-1), ValueError, "k must be at least 0"),
         (lambda: plotting.multiclass_style("a"), TypeError, "k must be an integer")],
    ),
    "quantile_levels": (
        lambda: plotting.quantile_levels(ZZ, reference=ZZ.ravel(), quantiles=(0.5, 0.9)),
        [(lambda: plotting.quantile_levels(ZZ, quantiles=(0.5, 1.0)), ValueError, r"quantiles must lie in \(0, 1\)"),
         (lambda: plotting.quantile_levels(ZZ, quantiles=()), ValueError, "quantiles is empty"),
         (lambda: plotting.quantile_levels(ZZ * np.nan), ValueError, "Z contains NaN"),
         (lambda: plotting.quantile_levels(ZZ, reference=[]), ValueError, "reference is empty")],
    ),
    "legend_outside": (
        lambda: (lambda ax: (ax.plot([0, 1], label="a"), plotting.legend_outside(ax)))(_ax()),
        [(lambda: plotting.legend_outside(None), TypeError, "ax must be matplotlib axes"),
         (lambda: plotting.legend_outside("axes"), TypeError, "ax must be matplotlib axes")],
    ),
}

INPUTS = [X2, Y, SCORE, FPR, TPR, PREC, REC, XX, YY, ZZ, SIZES, RELIABILITY["model"][0]]


def _public_functions():
    return sorted(name for name in plotting.__all__ if callable(getattr(plotting, name)))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_every_public_function_has_a_case():
    missing = [name for name in _public_functions() if name not in CASES]
    assert not missing, (
        f"negedu.plotting has public functions without input tests: {missing}. "
        "Add a valid call and bad inputs for each to CASES in tests/test_plotting_inputs.py."
    )
    assert set(CASES) <= set(_public_functions()), "CASES names a function that is no longer public"


@pytest.mark.parametrize("name", sorted(CASES))
def test_valid_call_draws_and_leaves_inputs_alone(name):
    before = [a.copy() for a in INPUTS]
    curves, basket = copy.deepcopy(CURVES), copy.deepcopy(BASKET)
    CASES[name][0]()
    for a, b in zip(INPUTS, before):
        assert a.tobytes() == b.tobytes()
    for key in CURVES:
        np.testing.assert_array_equal(CURVES[key], curves[key])
    for key in BASKET:
        assert BASKET[key].tobytes() == basket[key].tobytes()


@pytest.mark.parametrize(
    "name, index", [(name, i) for name in sorted(CASES) for i in range(len(CASES[name][1]))]
)
def test_bad_input_is_answered_with_the_parameter(name, index):
    call, error, pattern = CASES[name][1][index]
    before = [a.copy() for a in INPUTS]
    with pytest.raises(error, match=pattern):
        call()
    for a, b in zip(INPUTS, before):
        assert a.tobytes() == b.tobytes()


def test_valid_calls_draw_what_they_drew():
    # the checks only read: a histogram drawn from lists has the same bars as from arrays
    ax1 = plotting.plot_score_histogram(list(Y), list(SCORE), bins=5)
    ax2 = plotting.plot_score_histogram(Y, SCORE, bins=5)
    assert [p.get_height() for p in ax1.patches] == [p.get_height() for p in ax2.patches]
    assert plotting.class_style(np.int64(1)) == plotting.class_style(1)
    assert plotting.sampler_style("my sampler")["marker"] == "."  # unknown names keep the neutral style
