"""Time negedu's EasyEnsemble and BalancedRandomForest against imbalanced-learn's, side by side.

Usage::

    python benchmarks/bench_ensemble.py                   # n = 10,000 samples, 20 features, 1:9
    python benchmarks/bench_ensemble.py --n 5000 --repeats 3

Both sides use their defaults: EasyEnsemble with 10 members of AdaBoost (50 stumps), the
forest with 100 trees of max_features='sqrt' on balanced bootstraps. negedu's trees are
NumPy (one vectorised split search per node); scikit-learn's are compiled Cython, so there
is no speed target: the table reports the ratio honestly. The floor is one scikit-learn tree
on the whole data (what a single unbalanced tree costs).
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
