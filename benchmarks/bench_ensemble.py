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

Measured on the 2-core machine, ``OPENBLAS_NUM_THREADS=1 python benchmarks/bench_ensemble.py
--repeats 7`` (idle) and ``--repeats 7 --busy`` (one core taken by a competing process),
n = 10,000, 20 features, 1:9 (session 7; "before" is session 6's run under heavy load; the
forest's fit ratio was 0.92, 1.02, 0.95, 0.96 and 0.94 in five idle runs of this code):

==========================================  ==============  ==============  ==============
ours / imbalanced-learn (ratio of medians)  before (#17)    after, idle     after, busy
==========================================  ==============  ==============  ==============
EasyEnsemble fit                            1.12            0.29            0.28
EasyEnsemble predict_proba                  1.62            0.59            0.60
BalancedRandomForest fit                    12.14           0.95            1.00
BalancedRandomForest predict_proba          3.34            0.82            0.84
==========================================  ==============  ==============  ==============

What it took. Fit: the split search sorts one 64-bit key per (pair, value, place) cell with
NumPy's vectorised sort (a stable argsort was 18 times slower on these sizes), and with integer
weights (no weights, bootstrap counts) accumulates the class weights as integer cumulative sums
(12 times faster than float ones), unscaled: a power-of-two scale multiplies every step of the
impurity proxy exactly, so the splits stay ``grow_tree``'s bit for bit. What remains is about 40
NumPy passes per step over the cells of one node per tree (100 trees of 2,000 samples take about
240 steps, and the 20,000 or so ``RandomState.permutation`` draws, which must stay in ``grow_tree``'s
depth-first order, cost about 7 % of the fit). Predict: all (row, tree) pairs walk together in
int32 slots with preallocated buffers, 131,072 pairs at a time, seven passes per level; the
first level is one comparison for all pairs at once, and a forest of stumps (AdaBoost's) ends there.
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
