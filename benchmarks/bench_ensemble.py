"""Time negedu's EasyEnsemble and BalancedRandomForest against imbalanced-learn's, side by side.

Usage::

    python benchmarks/bench_ensemble.py                   # n = 10,000 samples, 20 features, 1:9
    python benchmarks/bench_ensemble.py --n 5000 --repeats 3

Both sides use their defaults: EasyEnsemble with 10 members of AdaBoost (50 stumps), the
forest with 100 trees of max_features='sqrt' on balanced bootstraps, single-threaded on both
sides (run with OPENBLAS_NUM_THREADS=1; n_jobs=None). The floor is one scikit-learn tree on the
whole data (what a single unbalanced tree costs).

Targets (issue #17): fit and predict_proba of both estimators at most 1.0x imbalanced-learn's.
negedu's trees are NumPy: ``grow_trees`` grows all the trees of a forest together, one batch of
nodes per step (the top node of every tree, so that each tree draws its feature subsets in
``grow_tree``'s depth-first order); ``apply_trees`` walks all rows through all trees together;
AdaBoost sorts its columns once and only re-accumulates the weights each round.

Measured on a shared 2-core machine under heavy load (load average about 20, so the absolute
times are inflated about tenfold and only the ratios mean anything), n = 10,000, 20 features,
1:9, ``OPENBLAS_NUM_THREADS=1 python benchmarks/bench_ensemble.py --repeats 3``:

==========================================  ==============  ==============
ours / imbalanced-learn (ratio of medians)  before (#17)    after
==========================================  ==============  ==============
EasyEnsemble fit                            1.12            0.20
EasyEnsemble predict_proba                  1.62            0.73
BalancedRandomForest fit                    12.14           2.21
BalancedRandomForest predict_proba          3.34            2.28
==========================================  ==============  ==============

Where the forest stays above 1.0x. Fit: a node's split search is about 40 NumPy passes over its
(sample, candidate feature) cells (sort, cumulative class weights, the Gini of both sides, the
first maximum), where scikit-learn's Cython makes one; the trees must be ``grow_tree``'s bit for
bit, which fixes the order of the sums and the depth-first order of each tree's feature draws
(100 trees of 2,000 samples take about 340 steps, and 34,000 ``RandomState.permutation`` calls
cost about a tenth of the fit). Predict: every (row, tree) pair walks about 12 levels, each a
handful of NumPy passes with random reads, against one compiled loop in scikit-learn.
"""

import argparse

import numpy as np

from _harness import compare, parse_args, print_table

from imblearn.ensemble import BalancedRandomForestClassifier as ImbBRF
from imblearn.ensemble import EasyEnsembleClassifier as ImbEasy
from sklearn.tree import DecisionTreeClassifier as SkTree

from negedu.ensemble import BalancedRandomForestClassifier, EasyEnsembleClassifier


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parse_args(parser)

    rng = np.random.RandomState(0)
    y = (rng.uniform(size=args.n) < 0.1).astype(int)  # 1 positive for 9 negatives
    X = rng.normal(size=(args.n, args.features)) + 0.8 * y[:, None] * (np.arange(args.features) < 5)
    floor = lambda: SkTree(random_state=0).fit(X, y)  # noqa: E731

    rows = []
    for name, Ours, Reference in [("EasyEnsemble (10 x AdaBoost-50)", EasyEnsembleClassifier, ImbEasy),
                                  ("BalancedRandomForest (100 trees)", BalancedRandomForestClassifier, ImbBRF)]:
        rows.append(compare(f"{name} fit", ours=lambda O=Ours: O(random_state=0).fit(X, y),
                            reference=lambda R=Reference: R(random_state=0).fit(X, y), floor=floor,
                            repeats=args.repeats))
        ours, reference = Ours(random_state=0).fit(X, y), Reference(random_state=0).fit(X, y)
        rows.append(compare(f"{name} predict_proba", ours=lambda o=ours: o.predict_proba(X),
                            reference=lambda r=reference: r.predict_proba(X), repeats=args.repeats))
    print_table(rows, title=f"n = {args.n:,}, {args.features} features, 1:9")


if __name__ == "__main__":
    main()
