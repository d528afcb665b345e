r"""The explorer of "What the evidence says": pick a classifier and a metric, see the ranking.

``"evidence/ranking"``: the thirteen methods' average ranks over the benchmark's data sets for
that classifier and metric, the Friedman / Iman–Davenport test and the Nemenyi critical
difference, drawn as Demšar's critical-difference diagram. Everything is read from the committed
results file (:data:`negedu.chapters.evidence.analysis.RESULTS`); nothing is refitted.
"""

from negedu.chapters.evidence import analysis, figures
from negedu.chapters.evidence.benchmark import CLASSIFIER_NAMES, CLASSIFIERS, METHOD_NAMES, METRICS
from negedu.interactive import Explorer, Param, register

#: The explorer's choices, in the page's words.
CLASSIFIER_CHOICES = [CLASSIFIER_NAMES[c] for c in CLASSIFIERS]
METRIC_NAMES = {"ap": "average precision", "roc_auc": "ROC AUC", "mcc": "MCC", "balanced_accuracy": "balanced accuracy"}
METRIC_CHOICES = [METRIC_NAMES[m] for m in METRICS]


def _keys(classifier, metric):
    return CLASSIFIERS[CLASSIFIER_CHOICES.index(classifier)], METRICS[METRIC_CHOICES.index(metric)]


def ranking(classifier, metric, results=None):
    """The comparison for one (classifier, metric) in the page's words: see :func:`analysis.comparison`."""
    results = analysis.load() if results is None else results
    return analysis.comparison(results, *_keys(classifier, metric))


def _label(entry):
    return METHOD_NAMES[entry[1]]


def ranking_numbers(classifier, metric):
    """Average rank of each method, then the tests and the critical difference.

    The methods come in the benchmark's fixed order (not sorted by rank): the static explorer
    shows one table whose rows must name the same methods in every state; the diagram and the
    text say which is best.
    """
    comp = ranking(classifier, metric)
    numbers = {f"rank of {_label(entry)}": float(rank) for entry, rank in zip(comp["entries"], comp["mean_ranks"])}
    numbers.update({"data sets (N)": comp["N"], "Friedman χ²": comp["chi2"], "Iman–Davenport p": comp["p_F"],
                    "Nemenyi CD (α = 0.05)": comp["cd"]})
    return numbers


def _draw(classifier, metric):
    comp = ranking(classifier, metric)
    return figures.plot_cd_diagram(comp["mean_ranks"], [_label(e) for e in comp["entries"]], comp["cd"],
                                   title=f"{classifier}, {metric}: average rank over {comp['N']} data sets")


def _describe(values, nums):
    ranks = sorted(((value, label.removeprefix("rank of ")) for label, value in nums.items()
                    if label.startswith("rank of")), key=lambda pair: pair[0])
    (best_rank, best), (worst_rank, worst) = ranks[0], ranks[-1]
    return (f"With {values['classifier']} scored by {values['metric']}, {best} ranks best on average "
            f"({best_rank:.2f}) and {worst} worst ({worst_rank:.2f}) over {nums['data sets (N)']} data sets; "
            f"methods closer than the critical difference {nums['Nemenyi CD (α = 0.05)']:.2f} are not "
            f"significantly different (Iman–Davenport p = {nums['Iman–Davenport p']:.2g}).")


@register("evidence/ranking")
def ranking_explorer():
    """Chapter "What the evidence says": classifier x metric -> ranking and critical-difference diagram."""
    formats = {f"rank of {name}": "{:.2f}" for name in METHOD_NAMES.values()}
    formats.update({"data sets (N)": "{:d}", "Friedman χ²": "{:.1f}", "Iman–Davenport p": "{:.2g}",
                    "Nemenyi CD (α = 0.05)": "{:.2f}"})
    return Explorer(
        "evidence/ranking",
        [Param("classifier", CLASSIFIER_CHOICES, label="Classifier", initial="logistic regression"),
         Param("metric", METRIC_CHOICES, label="Metric", initial="average precision")],
        numbers=ranking_numbers,
        draw=_draw,
        describe=_describe,
        formats=formats,
        title="Which method ranks best on the KEEL data sets?",
    )
