"""Checks for the exercises of "What the evidence says".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises. The expected
answers are computed from the committed benchmark results, so they follow the file.
"""

import numpy as np

from negedu.chapters.evidence import analysis
from negedu.chapters.evidence.benchmark import CLASSIFIER_NAMES, METHOD_NAMES
from negedu.datasets import list_keel
from negedu.exercises import Feedback, check_function, check_number, describe, is_unanswered

__all__ = ["METHOD_KEYS", "top_group", "check_first_choice", "check_wins", "check_mean_rank"]

#: The answers a student may give for a method: the keys of the results file.
METHOD_KEYS = tuple(METHOD_NAMES)


def top_group(classifier, metric, *, max_samples=None, results=None):
    """The methods whose average rank is within the Nemenyi CD of the best one, for one classifier
    and metric, over the data sets with at most ``max_samples`` rows (all when None).

    Returns ``(keys, comparison)``: the method keys of the group, best first, and the comparison.
    """
    results = analysis.load() if results is None else results
    if max_samples is not None:
        sizes = {row.name: row.n_samples for row in list_keel()}
        results = analysis.subset(results, [d for d in results.datasets if sizes[d] <= max_samples])
    comp = analysis.comparison(results, classifier, metric)
    ranks = comp["mean_ranks"]
    order = np.argsort(ranks, kind="mergesort")
    keys = [comp["entries"][j][1] for j in order if ranks[j] - ranks[order[0]] <= comp["cd"]]
    return keys, comp


def check_first_choice(answer, *, classifier="hgb", metric="mcc", max_samples=None, exercise="evidence 1"):
    """A judgement exercise: which method to try first (a key of :data:`METHOD_KEYS`).

    Correct when the method is in the benchmark's top group (within the critical difference of the
    best average rank); the message then says which of the group is cheapest to try.
    """
    if is_unanswered(answer):
        return Feedback("unanswered", f"set first to one of {', '.join(repr(k) for k in METHOD_KEYS)}.",
                        exercise=exercise)
    if not isinstance(answer, str) or answer not in METHOD_KEYS:
        return Feedback("incorrect", f"first should be one of {', '.join(repr(k) for k in METHOD_KEYS)}, "
                                     f"got {describe(answer)}.", exercise=exercise)
    try:
        group, comp = top_group(classifier, metric, max_samples=max_samples)
    except Exception as exc:  # a check never raises
        return Feedback("error", f"could not read the benchmark: {type(exc).__name__}: {exc}", exercise=exercise)
    rank = {e[1]: float(r) for e, r in zip(comp["entries"], comp["mean_ranks"])}
    names = ", ".join(f"{METHOD_NAMES[k]} ({rank[k]:.2f})" for k in group)
    where = f"{CLASSIFIER_NAMES[classifier]}, {metric}, {comp['N']} data sets"
    if answer in group:
        return Feedback("correct", f"{METHOD_NAMES[answer]} is in the top group ({where}, CD {comp['cd']:.2f}): "
                                   f"{names}. Among them, try the cheapest first: no new rows beats new rows.",
                        exercise=exercise)
    best = group[0]
    return Feedback("incorrect", f"{METHOD_NAMES[answer]} ranks {rank[answer]:.2f} on average ({where}), more "
                                 f"than the critical difference {comp['cd']:.2f} behind {METHOD_NAMES[best]} "
                                 f"({rank[best]:.2f}). Look at the diagram for this classifier and metric.",
                    exercise=exercise)


def check_wins(wins, *, classifier="tree", metric="mcc", method="rus", exercise="evidence 3"):
    """An apply exercise: on how many data sets ``method`` beats 'threshold tuned' by >= the tie epsilon."""
    try:
        counts = analysis.win_tie_loss(analysis.load(), classifier, metric)
        entry = ("ensemble" if method in analysis.ENSEMBLES else classifier, method)
        expected, ties, losses = counts[entry]
    except Exception as exc:  # a check never raises
        return Feedback("error", f"could not read the benchmark: {type(exc).__name__}: {exc}", exercise=exercise)
    from negedu.exercises import Mistake

    mistakes = [Mistake(expected + ties, "That counts the ties as wins: a win needs a gain of at least "
                                         f"{analysis.TIE_EPSILON}."),
                Mistake(losses, "That is the number of losses: the method's mean score is lower there.")]
    return check_number(wins, expected, exercise=exercise, tol=1e-9, mistakes=mistakes,
                        explain=f"{expected} wins, {ties} ties and {losses} losses.")


def check_mean_rank(function, *, exercise="evidence 4"):
    """An implement exercise: ``mean_rank(scores, j)``, the average rank of column ``j`` (1 = highest
    score, ties share the average of their ranks) over the rows of ``scores``."""
    rng = np.random.RandomState(3)
    tied = np.round(rng.uniform(size=(6, 4)), 1)
    cases = [((np.array([[0.9, 0.8, 0.7]]), 0), 1.0, "one data set without ties, column 0"),
             ((np.array([[0.5, 0.5, 0.1], [0.2, 0.3, 0.4]]), 1), 1.75, "a tie in the first row, column 1"),
             ((tied, 2), float(analysis.average_ranks(tied)[:, 2].mean()), "six data sets with ties, column 2")]

    def diagnose(args, got, expected):
        scores, j = args
        k = scores.shape[1]
        if np.isclose(got, k + 1 - expected):
            return "You ranked the lowest score first: rank 1 goes to the highest score."
        return "Give tied scores the average of the ranks they span (two scores tied for first both get 1.5)."

    return check_function(function, cases, exercise=exercise, diagnose=diagnose,
                          explain="your ranks agree with analysis.average_ranks.")
