"""Time negedu.metrics against scikit-learn / imbalanced-learn, side by side.

Usage::

    python benchmarks/bench_metrics.py            # n = 1,000,000 scores, 1 % positives
    python benchmarks/bench_metrics.py --n 100000 --repeats 5

For each function it prints the medians of interleaved runs (ours, reference, floor),
the ratio ours / reference, the ratio ours / floor, and the peak extra memory
(tracemalloc) of ours and of the reference. The floor is the least work any
implementation must do: one ``np.argsort`` of the scores for ranking metrics, one
``np.bincount`` of ``2 * y_true + y_pred`` for counting metrics.

The issue's targets are checked at the end: ranking metrics at most 0.5x the
reference and 1.5x the floor; confusion_matrix, matthews_corrcoef and
geometric_mean_score at most 0.2x the reference.
"""

import argparse
import warnings

import numpy as np

from _harness import compare, parse_args, print_table

import imblearn.metrics as imm
import sklearn.metrics as skm

import negedu.metrics as ours

RANKING_TARGETS = {"reference": 0.5, "floor": 1.5}
COUNTING_TARGET = 0.2
COUNTING_WITH_TARGET = ("confusion_matrix", "matthews_corrcoef", "geometric_mean_score")


def make_data(n, positive_rate, seed):
    """Labels with ``positive_rate`` positives, informative scores, and thresholded predictions."""
    rng = np.random.default_rng(seed)
    y_true = (rng.random(n) < positive_rate).astype(np.int64)
    y_score = rng.normal(size=n) + 1.5 * y_true  # positives score higher on average
    y_score = 1 / (1 + np.exp(-y_score))  # probabilities in (0, 1)
    y_tied = np.round(y_score, 3)  # many tied scores (1,001 distinct values)
    y_pred = (y_score >= 0.75).astype(np.int64)
    return y_true, y_score, y_tied, y_pred


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of samples (default 1,000,000)")
    parser.add_argument("--positive-rate", type=float, default=0.01, help="share of positives (default 0.01)")
    parser.add_argument("--repeats", type=int, default=7, help="interleaved repeats per function (default 7)")
    parser.add_argument("--seed", type=int, default=0)
    args = parse_args(parser)
    warnings.simplefilter("ignore")  # ill-defined metrics are not what we time

    y_true, y_score, y_tied, y_pred = make_data(args.n, args.positive_rate, args.seed)
    bincount_floor = lambda: np.bincount(2 * y_true + y_pred, minlength=4)  # noqa: E731
    timing = dict(repeats=args.repeats, memory=True)

    ranking = [
        ("roc_curve", ours.roc_curve, skm.roc_curve, y_score),
        ("roc_auc_score", ours.roc_auc_score, skm.roc_auc_score, y_score),
        ("roc_auc_score (tied scores)", ours.roc_auc_score, skm.roc_auc_score, y_tied),
        ("precision_recall_curve", ours.precision_recall_curve, skm.precision_recall_curve, y_score),
        ("average_precision_score", ours.average_precision_score, skm.average_precision_score, y_score),
    ]
    ranking_rows = [
        compare(
            name,
            ours=lambda f=f, s=s: f(y_true, s),
            reference=lambda g=g, s=s: g(y_true, s),
            floor=lambda s=s: np.argsort(s),
            **timing,
        )
        for name, f, g, s in ranking
    ]

    counting = [
        ("confusion_matrix", ours.confusion_matrix, skm.confusion_matrix),
        ("matthews_corrcoef", ours.matthews_corrcoef, skm.matthews_corrcoef),
        ("geometric_mean_score", ours.geometric_mean_score, imm.geometric_mean_score),
        ("accuracy_score", ours.accuracy_score, skm.accuracy_score),
        ("balanced_accuracy_score", ours.balanced_accuracy_score, skm.balanced_accuracy_score),
        ("f1_score", ours.f1_score, skm.f1_score),
        ("precision_recall_fscore_support", ours.precision_recall_fscore_support, skm.precision_recall_fscore_support),
        ("specificity_score", ours.specificity_score, imm.specificity_score),
        ("sensitivity_specificity_support", ours.sensitivity_specificity_support, imm.sensitivity_specificity_support),
    ]
    counting_rows = [
        compare(
            name,
            ours=lambda f=f: f(y_true, y_pred),
            reference=lambda g=g: g(y_true, y_pred),
            floor=bincount_floor,
            **timing,
        )
        for name, f, g in counting
    ]

    print(f"n = {args.n:,}, positives = {args.positive_rate:.1%}, repeats = {args.repeats}")
    print_table(ranking_rows, "Ranking metrics (floor: one np.argsort of the scores)")
    print_table(counting_rows, "Counting metrics (floor: one np.bincount of 2 * y_true + y_pred)")

    print("\n### Targets of the issue (stated for n = 1,000,000; small n times mostly overhead)\n")
    failures = 0
    for row in ranking_rows:
        ok = row["ratio_reference"] <= RANKING_TARGETS["reference"] and row["ratio_floor"] <= RANKING_TARGETS["floor"]
        failures += not ok
        print(
            f"- {row['name']}: {row['ratio_reference']:.2f}x reference (target <= 0.5), "
            f"{row['ratio_floor']:.2f}x argsort (target <= 1.5): {'ok' if ok else 'MISSED'}"
        )
    for row in counting_rows:
        if row["name"] in COUNTING_WITH_TARGET:
            ok = row["ratio_reference"] <= COUNTING_TARGET
            failures += not ok
            print(f"- {row['name']}: {row['ratio_reference']:.2f}x reference (target <= 0.2): {'ok' if ok else 'MISSED'}")
    print(f"\n{'All targets met.' if not failures else f'{failures} target(s) missed.'}")


if __name__ == "__main__":
    main()
