"""Time negedu's one-vs-rest and one-vs-one wrappers against scikit-learn's, side by side.

Usage::

    python benchmarks/bench_multiclass.py                 # n = 20,000 samples, 10 features, K = 5
    python benchmarks/bench_multiclass.py --n 5000 --classes 10 --repeats 5

Both wrappers get the *same* base estimator (scikit-learn's ``LogisticRegression``, L-BFGS,
default tolerance), so the rows measure the wrapping itself: copying the estimator, building
the K (or K(K-1)/2) binary targets, and combining the scores. A second pair of rows wraps
negedu's own Newton ``LogisticRegression`` for reference. The floor fits the base estimator
once on the whole data set with a binary target (what one OvR subproblem costs).
"""

import argparse

import numpy as np

from _harness import compare, parse_args, print_table

from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.multiclass import OneVsOneClassifier as SkOneVsOne
from sklearn.multiclass import OneVsRestClassifier as SkOneVsRest

from negedu.losses import LogisticRegression
from negedu.multiclass import OneVsOneClassifier, OneVsRestClassifier


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--features", type=int, default=10)
    parser.add_argument("--classes", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    args = parse_args(parser)

    rng = np.random.RandomState(0)
    y = rng.randint(0, args.classes, args.n)
    centres = rng.randn(args.classes, args.features) * 1.5
    X = rng.randn(args.n, args.features) + centres[y]
    base = SkLogisticRegression()
    y_first = (y == 0).astype(int)

    rows = []
    for name, Ours, Reference in [("OneVsRest", OneVsRestClassifier, SkOneVsRest),
                                  ("OneVsOne", OneVsOneClassifier, SkOneVsOne)]:
        rows.append(compare(f"{name} fit (sklearn LR inside both)", ours=lambda O=Ours: O(base).fit(X, y),
                            reference=lambda R=Reference: R(base).fit(X, y), floor=lambda: SkLogisticRegression().fit(X, y_first),
                            repeats=args.repeats))
        ours, reference = Ours(base).fit(X, y), Reference(base).fit(X, y)
        rows.append(compare(f"{name} predict", ours=lambda o=ours: o.predict(X), reference=lambda r=reference: r.predict(X),
                            repeats=args.repeats))
        rows.append(compare(f"{name} fit (negedu LR vs sklearn LR)", ours=lambda O=Ours: O(LogisticRegression()).fit(X, y),
                            reference=lambda R=Reference: R(base).fit(X, y), repeats=args.repeats))
    print_table(rows, title=f"n = {args.n:,}, {args.features} features, K = {args.classes}")


if __name__ == "__main__":
    main()
