r"""Checks for the exercises of Chapter 3, "ROC versus precision-recall".

Each check returns a :class:`~negedu.exercises.Feedback`; none of them raises. The hints
name the usual slips: forgetting the base rate in precision, counting tied pairs as 0 or 1,
summarising a precision-recall curve with straight lines, ignoring ties.
"""

import numpy as np

from negedu.datasets import make_apples_and_oranges
from negedu.metrics import auc, average_precision_score, precision_recall_curve, roc_auc_score, roc_curve
from negedu.exercises import Feedback, Mistake, check_function, check_number, is_unanswered

__all__ = [
    "check_ppv_from_rates",
    "PAIR_Y",
    "PAIR_SCORES",
    "check_pair_auc",
    "check_deployed_precision",
    "my_basket",
    "coarse_scores",
    "check_ap_and_trapezoid",
    "check_roc_auc_function",
    "check_average_precision_function",
]


# ---------------------------------------------------------------- exercise 1
def check_ppv_from_rates(answer):
    """Exercise 1: precision from TPR = 0.9, FPR = 0.02 and base rate pi = 0.005."""
    tpr, fpr, pi = 0.9, 0.02, 0.005
    expected = tpr * pi / (tpr * pi + fpr * (1 - pi))
    return check_number(
        answer,
        expected,
        exercise="roc-vs-pr 1",
        mistakes=[
            Mistake(tpr / (tpr + fpr), "That is the precision when positives and negatives are equally common "
                    "(π = 0.5). Weight TPR by π and FPR by 1 − π."),
            Mistake(tpr * pi / (tpr * pi + fpr), "Almost: the false alarms come from the negatives, a share "
                    "1 − π = 0.995 of the population. Multiply FPR by 1 − π."),
            Mistake(tpr, "That is the recall (TPR). Precision asks another question: of the alarms, what share "
                    "are positives?"),
            Mistake(tpr * pi, "TPR·π is the share of all samples that are true positives; divide it by the share "
                    "that raises an alarm, TPR·π + FPR·(1 − π)."),
            Mistake(tpr * pi / (tpr * pi + (1 - fpr) * (1 - pi)), "You used the specificity 1 − FPR = 0.98 where "
                    "the formula needs the false positive rate 0.02."),
            Mistake(pi, "That is the base rate, the precision of a random scorer. This model does better."),
        ],
        explain=f"PPV = 0.9·0.005 / (0.9·0.005 + 0.02·0.995) ≈ {expected:.3f}: a model that finds 90 % of the "
        "positives and flags only 2 % of the negatives is right in fewer than one alarm in five.",
    )


# ---------------------------------------------------------------- exercise 2
#: Labels and scores of exercise 2 (one tie between an apple and an orange, at 0.8).
PAIR_Y = [1, 1, 0, 1, 0, 0, 1, 0]
PAIR_SCORES = [0.9, 0.8, 0.8, 0.6, 0.5, 0.5, 0.3, 0.1]


def check_pair_auc(answer):
    """Exercise 2: the ROC AUC of :data:`PAIR_Y`, :data:`PAIR_SCORES` by counting pairs."""
    return check_number(
        answer,
        11.5 / 16,
        exercise="roc-vs-pr 2",
        mistakes=[
            Mistake(11 / 16, "You counted the tied pair (apple 0.8, orange 0.8) as 0. A tie counts one half: "
                    "a random tie-break puts the apple first half of the time."),
            Mistake(12 / 16, "You counted the tied pair (apple 0.8, orange 0.8) as a win. A tie counts one half."),
            Mistake(11.5 / 28, "You divided by every pair of fruit (28). Only apple-orange pairs count: "
                    "P·N = 4·4 = 16."),
            Mistake(4.5 / 16, "That is the share of pairs in the WRONG order, 1 − AUC. Count the pairs where "
                    "the apple scores higher."),
            Mistake(11.5, "That is the number of pairs in the right order; divide it by the 16 apple-orange pairs."),
        ],
        explain="11.5 of the 16 apple-orange pairs are in the right order (the tie counts one half): "
        "AUC = 0.71875, exactly what roc_auc_score returns.",
    )


# ---------------------------------------------------------------- exercise 3
def check_deployed_precision(answer):
    """Exercise 3: precision 0.95 and recall 0.8 on a balanced test set; precision at 1 positive per 500 negatives."""
    tpr, ppv_balanced, ir = 0.8, 0.95, 500
    fpr = tpr * (1 - ppv_balanced) / ppv_balanced  # from PPV = TPR / (TPR + FPR) at pi = 1/2
    pi = 1 / (1 + ir)
    expected = tpr * pi / (tpr * pi + fpr * (1 - pi))
    return check_number(
        answer,
        expected,
        exercise="roc-vs-pr 3",
        tol=3e-3,  # pi = 1/500 instead of 1/501 is fine
        mistakes=[
            Mistake(ppv_balanced, "Precision is not a property of the model alone: it depends on how many "
                    "negatives there are. Recover FPR from the balanced test, then put π = 1/501 in the formula."),
            Mistake(ppv_balanced / ir, "Precision does not simply shrink 500 times. Recover TPR and FPR (they do not "
                    "depend on the class ratio), then use PPV = TPR·π / (TPR·π + FPR·(1 − π))."),
            Mistake(1 / (1 + ir * (1 - ppv_balanced) / tpr), "You used 1 − precision = 0.05 as the false positive "
                    "rate. It is the share of alarms that are false. At π = 1/2, PPV = TPR / (TPR + FPR) gives "
                    "FPR = TPR·(1 − PPV)/PPV ≈ 0.042."),
            Mistake(1 / (1 + ir * 0.05), "You used FPR = 0.05 (1 − precision). Solve PPV = TPR / (TPR + FPR) for "
                    "FPR first: FPR = 0.8·0.05/0.95 ≈ 0.042."),
        ],
        explain=f"FPR = 0.8·0.05/0.95 ≈ {fpr:.4f}, so at 1:500 PPV = 1 / (1 + 500·FPR/TPR) ≈ {expected:.3f}: "
        "about one alarm in 27 is real, from a model that looked 95 % precise on a balanced test set.",
    )


# ---------------------------------------------------------------- exercise 4
def my_basket(seed):
    """The basket of exercise 4 for a student's seed: 50 apples and 10,000 oranges (1:200)."""
    return make_apples_and_oranges(n_samples=50 * 201, imbalance_ratio=200, random_state=seed)


def coarse_scores(basket):
    """The same model's scores reported with one decimal (many ties)."""
    return np.round(basket.score, 1)


def _areas(seed):
    basket = my_basket(seed)
    result = {}
    for name, s in (("coarse", coarse_scores(basket)), ("exact", basket.score)):
        precision, recall, _ = precision_recall_curve(basket.y, s)
        fpr, tpr, _ = roc_curve(basket.y, s)
        result[name] = {
            "ap": average_precision_score(basket.y, s),
            "trapezoid": auc(recall, precision),
            "roc_auc": auc(fpr, tpr),
        }
    return result


def check_ap_and_trapezoid(ap, trapezoid, *, seed):
    """Exercise 4: AP and the trapezoidal PR area of the coarse scores in the student's basket."""
    exercise = "roc-vs-pr 4"
    if is_unanswered(ap) or is_unanswered(trapezoid):
        return Feedback("unanswered", "set both ap and trapezoid, then run the check again.", exercise=exercise)
    areas = _areas(seed)
    coarse, exact = areas["coarse"], areas["exact"]
    first = check_number(
        ap, coarse["ap"], exercise=exercise, tol=1e-6,
        mistakes=[
            Mistake(exact["ap"], "That is the AP of the exact scores; the exercise is about the coarse ones, "
                    "ex.coarse_scores(basket)."),
            Mistake(coarse["trapezoid"], "That is the trapezoidal area; AP is average_precision_score(y, s)."),
            Mistake(coarse["roc_auc"], "That is the ROC AUC. AP summarises the precision-recall curve."),
        ],
    )
    if not first:
        return Feedback(first.status, "ap: " + first.message, exercise=exercise)
    second = check_number(
        trapezoid, coarse["trapezoid"], exercise=exercise, tol=1e-6,
        mistakes=[
            Mistake(exact["trapezoid"], "That is the trapezoidal area of the exact scores; use the coarse ones."),
            Mistake(coarse["ap"], "That is AP again. The trapezoidal area is auc(recall, precision) with the "
                    "arrays of precision_recall_curve."),
            Mistake(coarse["roc_auc"], "That is the area under the ROC curve, auc(fpr, tpr). Use recall and "
                    "precision from precision_recall_curve."),
        ],
    )
    if not second:
        return Feedback(second.status, "trapezoid: " + second.message, exercise=exercise)
    ratio = coarse["trapezoid"] / coarse["ap"] if coarse["ap"] else float("inf")
    return Feedback(
        "correct",
        f"AP = {coarse['ap']:.3f} and the straight lines give {coarse['trapezoid']:.3f}, {ratio:.1f} times "
        "more. Almost all of the difference is the first straight segment, from the made-up point (recall 0, "
        "precision 1) to the first, tied block of scores.",
        exercise=exercise,
    )


# ---------------------------------------------------------------- exercise 5
def _pair_auc(y, s, tie_value=0.5):
    y, s = np.asarray(y), np.asarray(s, dtype=float)
    pos, neg = s[y == 1], s[y == 0]
    diff = pos[:, None] - neg[None, :]  # (P, N): every apple against every orange
    return float(((diff > 0) + tie_value * (diff == 0)).sum() / diff.size)


def _auc_cases():
    rng = np.random.RandomState(3)
    y_big = (rng.rand(200) < 0.2).astype(int)
    s_big = np.round(rng.rand(200) + 0.3 * y_big, 1)  # rounded: many ties
    cases = [
        (([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), "y_true=[0,0,1,1], y_score=[0.1,0.4,0.35,0.8]"),
        ((PAIR_Y, PAIR_SCORES), "the 8 fruit of exercise 2 (one tie)"),
        (([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5]), "four equal scores"),
        ((np.array([0, 1, 0, 0, 1, 0]), np.array([3, 1, 2, 2, 2, 0])), "integer scores with ties"),
        ((y_big, s_big), "200 samples with scores rounded to 0.1"),
    ]
    return [(args, roc_auc_score(*args), text) for args, text in cases]


def _diagnose_auc(args, got, expected):
    y, s = args
    y = np.asarray(y)
    n = y.size
    n_pos = int(np.sum(y == 1))
    n_neg = n - n_pos
    right = _pair_auc(y, s) * n_pos * n_neg
    known = [
        (_pair_auc(y, s, 0.0), "You counted tied pairs as 0; a tie counts one half."),
        (_pair_auc(y, s, 1.0), "You counted tied pairs as wins; a tie counts one half."),
        (1 - expected, "Your pairs are the wrong way round: count the pairs where the POSITIVE scores higher."),
        (right / (n * (n - 1) / 2),
         "You divided by every pair of samples; divide by P·N, the positive-negative pairs."),
        (right / n**2, "You divided by n²; divide by P·N, the positive-negative pairs."),
        (right, "That is the number of pairs in the right order; divide it by P·N."),
    ]
    for value, hint in known:
        if abs(got - value) < 1e-9 and abs(value - expected) > 1e-12:
            return hint
    return "Compare every positive with every negative: 1 if the positive scores higher, 1/2 if equal, then average."


def check_roc_auc_function(function):
    """Exercise 5: a hand-written ROC AUC by counting positive-negative pairs (ties one half)."""
    return check_function(
        function, _auc_cases(), exercise="roc-vs-pr 5", diagnose=_diagnose_auc,
        explain="your pair count agrees with negedu.metrics.roc_auc_score on every case, ties included.",
    )


# ---------------------------------------------------------------- exercise 6
def _counts(y, s):
    """TP and FP at each distinct score, from the highest threshold down."""
    y, s = np.asarray(y), np.asarray(s, dtype=float)
    thresholds = np.unique(s)[::-1]
    tp = np.array([np.sum((s >= t) & (y == 1)) for t in thresholds], dtype=float)
    fp = np.array([np.sum((s >= t) & (y == 0)) for t in thresholds], dtype=float)
    return tp, fp


def _trapezoid_variants(y, s):
    precision, recall, _ = precision_recall_curve(y, s)
    with_start = auc(recall, precision)
    without_start = auc(recall[:-1], precision[:-1]) if recall.size > 2 else with_start
    return with_start, without_start


def _rank_ap(y, s, positives_first):
    """AP that ignores ties: precision at each positive's rank in one tie-break order."""
    y, s = np.asarray(y), np.asarray(s, dtype=float)
    tie_break = -y if positives_first else y
    order = np.lexsort((tie_break, -s))  # by score descending, then the tie-break
    hits = y[order] == 1
    ranks = np.arange(1, y.size + 1)
    precision_at_hits = np.cumsum(hits)[hits] / ranks[hits]
    return float(precision_at_hits.mean()) if hits.any() else 0.0


def _interpolated_ap(y, s):
    tp, fp = _counts(y, s)
    precision = tp / (tp + fp)
    recall = tp / tp[-1]
    best_to_the_right = np.maximum.accumulate(precision[::-1])[::-1]
    return float(np.sum(np.diff(np.concatenate(([0.0], recall))) * best_to_the_right))


def _ap_cases():
    rng = np.random.RandomState(5)
    y_big = (rng.rand(150) < 0.15).astype(int)
    y_big[:2] = 1
    s_big = np.round(rng.rand(150) + 0.4 * y_big, 1)
    cases = [
        (([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), "y_true=[0,0,1,1], y_score=[0.1,0.4,0.35,0.8]"),
        (([1, 1, 0, 1, 0, 0, 1, 0, 0, 0], [0.95, 0.9, 0.8, 0.7, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2]),
         "the ten fruit of the chapter (one tie at 0.7)"),
        (([0, 1, 0, 1, 0, 0], [0.9, 0.9, 0.9, 0.2, 0.1, 0.1]), "a tied block at the top"),
        (([1, 0, 0, 0, 1], [5, 4, 3, 2, 1]), "integer scores, no tie"),
        ((y_big, s_big), "150 samples with scores rounded to 0.1"),
    ]
    return [(args, average_precision_score(*args), text) for args, text in cases]


def _diagnose_ap(args, got, expected):
    y, s = args
    with_start, without_start = _trapezoid_variants(y, s)
    known = [
        (with_start, "That is the trapezoidal area, auc(recall, precision). AP holds precision constant over each "
         "recall step: sum (R_n − R_{n−1})·P_n."),
        (without_start, "That is a trapezoidal area (straight lines between the points). AP holds precision "
         "constant over each recall step: sum (R_n − R_{n−1})·P_n."),
        (_rank_ap(y, s, positives_first=True), "You broke ties with the positives first. Samples with equal "
         "scores share one threshold: treat each distinct score as one step."),
        (_rank_ap(y, s, positives_first=False), "You broke ties with the negatives first (or in input order). "
         "Samples with equal scores share one threshold: treat each distinct score as one step."),
        (_interpolated_ap(y, s), "That is the interpolated AP (the best precision at any larger recall). AP uses "
         "the precision at each threshold itself."),
    ]
    for value, hint in known:
        if abs(got - value) < 1e-9 and abs(value - expected) > 1e-12:
            return hint
    return ("For each distinct score from high to low: count TP and FP at or above it, then add "
            "(recall − previous recall) × precision.")


def check_average_precision_function(function):
    """Exercise 6: a hand-written average precision, ties handled as one threshold."""
    return check_function(
        function, _ap_cases(), exercise="roc-vs-pr 6", diagnose=_diagnose_ap,
        explain="your AP agrees with negedu.metrics.average_precision_score on every case, ties included.",
    )
