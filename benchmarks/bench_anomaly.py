"""Time negedu.anomaly against scikit-learn, side by side.

Usage::

    python benchmarks/bench_anomaly.py              # 10,000 x 20 standard normal rows
    python benchmarks/bench_anomaly.py --n 5000 --repeats 3

Rows: LocalOutlierFactor(n_neighbors=20).fit (outlier detection on the training rows; the
floor is the neighbour search alone, negedu.neighbors.kneighbors with k + 1 = 21), and
IsolationForest(random_state=0).fit(X).score_samples(X) (reported, no target: the two
forests grow different trees). The target is LOF at most 1.5x scikit-learn.
"""

import argparse
import warnings

import numpy as np

from _harness import compare, parse_args, print_table

from sklearn.ensemble import IsolationForest as SkIsolationForest
from sklearn.neighbors import LocalOutlierFactor as SkLocalOutlierFactor

from negedu.anomaly import IsolationForest, LocalOutlierFactor
from negedu.neighbors import kneighbors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of rows (default 10,000)")
    parser.add_argument("--features", type=int, default=20, help="number of features (default 20)")
    parser.add_argument("--repeats", type=int, default=5, help="interleaved repeats (default 5)")
    parser.add_argument("--seed", type=int, default=0)
    args = parse_args(parser)
    warnings.simplefilter("ignore")
    X = np.random.RandomState(args.seed).normal(size=(args.n, args.features))

    rows = [
        compare(
            "LocalOutlierFactor(n_neighbors=20).fit",
            ours=lambda: LocalOutlierFactor(n_neighbors=20).fit(X),
            reference=lambda: SkLocalOutlierFactor(n_neighbors=20).fit(X),
            floor=lambda: kneighbors(X, X, 21, return_distance=True),
            repeats=args.repeats,
        ),
        compare(
            "IsolationForest().fit(X).score_samples(X)",
            ours=lambda: IsolationForest(random_state=0).fit(X).score_samples(X),
            reference=lambda: SkIsolationForest(random_state=0).fit(X).score_samples(X),
            repeats=args.repeats,
        ),
    ]
    print_table(rows, f"negedu.anomaly vs scikit-learn, {args.n:,} x {args.features}")
    ratio = rows[0]["ratio_reference"]
    print(f"LOF target (at most 1.5x scikit-learn): {'met' if ratio <= 1.5 else 'NOT met'} ({ratio:.2f}x)")


if __name__ == "__main__":
    main()
