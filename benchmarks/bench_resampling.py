"""Time every negedu sampler side by side with imbalanced-learn, in one process.

Data: ``make_classification`` with 20 features, imbalance 1:99 and 1:9, at 10,000 and
100,000 samples. Targets: at most 1.0x imbalanced-learn's time at 10,000 samples, at most
1.5x at 100,000, and never more peak memory.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_resampling.py --quick          # 10,000 samples only
    .venv/bin/python benchmarks/bench_resampling.py                  # 10,000 and 100,000
    .venv/bin/python benchmarks/bench_resampling.py --only Tomek Edited  # names containing these
    .venv/bin/python benchmarks/bench_resampling.py --sizes 100000 --memory

At 100,000 samples imbalanced-learn's TomekLinks, ENN and NearMiss-2 take 20-110 s a run
(NearMiss-2 at 1:9 also needs about 13 GiB), so there the reference runs once, without a
warm-up run, between two runs of ours (``compare_slow`` below).

``--memory`` adds the peak extra memory of one run of each contender, in a fresh Python
process per contender and dataset (``--memory-child``, below): the process makes the data,
runs the sampler once (imports, caches and BLAS's buffers warm up), then traces a second run
with memray, which counts every heap allocation: NumPy's arrays, and also what compiled code
allocates itself (scikit-learn's neighbour-search buffers, OpenBLAS's per-call work space),
which tracemalloc cannot see. The input X and y are not counted; the output is.
memray is an optional dependency: ``pip install -r benchmarks/requirements.txt``.
(The rise of the resident set size, the other candidate, moved by several MiB from run to run
with the state of the allocator.)
Run with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset in that command if they are set.

``--busy`` (from ``_harness``) keeps one core loaded by a competing process during the whole
run, as a browser or a second notebook does on a student's laptop: run the benchmark with and
without it, and do not set OPENBLAS_NUM_THREADS. negedu's neighbour search keeps each matrix
product small enough for OpenBLAS to compute it on one thread (``negedu.neighbors``), because
OpenBLAS's two threads wait on each other when a core is taken.
``--blas-threads 1`` runs both sides with BLAS limited to one thread. scikit-learn's
neighbour search does that internally anyway (OpenMP threads, each with a one-thread BLAS).
"""

import argparse
import contextlib
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import _time_once, compare, parse_args, peak_memory_native, print_table  # noqa: E402
from imblearn import under_sampling as ref_under  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from negedu import resampling as ours_mod  # noqa: E402

# Each entry: (name, make negedu sampler, make imbalanced-learn sampler). Samplers are built
# fresh for every run so that nothing fitted is reused.
UNDER_SAMPLERS = [
    ("RandomUnderSampler", lambda: ours_mod.RandomUnderSampler(random_state=0), lambda: ref_under.RandomUnderSampler(random_state=0)),
    (
        "RandomUnderSampler(replacement)",
        lambda: ours_mod.RandomUnderSampler(random_state=0, replacement=True),
        lambda: ref_under.RandomUnderSampler(random_state=0, replacement=True),
    ),
    ("TomekLinks", lambda: ours_mod.TomekLinks(), lambda: ref_under.TomekLinks()),
    ("NearMiss-1", lambda: ours_mod.NearMiss(version=1), lambda: ref_under.NearMiss(version=1)),
    ("NearMiss-2", lambda: ours_mod.NearMiss(version=2), lambda: ref_under.NearMiss(version=2)),
    ("NearMiss-3", lambda: ours_mod.NearMiss(version=3), lambda: ref_under.NearMiss(version=3)),
    ("EditedNearestNeighbours", lambda: ours_mod.EditedNearestNeighbours(), lambda: ref_under.EditedNearestNeighbours()),
]

# ---- over-samplers and combinations (worker B): append (name, ours, reference) entries ----
from imblearn import combine as ref_combine  # noqa: E402
from imblearn import over_sampling as ref_over  # noqa: E402

OVER_SAMPLERS = [
    ("RandomOverSampler", lambda: ours_mod.RandomOverSampler(random_state=0), lambda: ref_over.RandomOverSampler(random_state=0)),
    (
        "RandomOverSampler(shrinkage=1)",
        lambda: ours_mod.RandomOverSampler(random_state=0, shrinkage=1.0),
        lambda: ref_over.RandomOverSampler(random_state=0, shrinkage=1.0),
    ),
    ("SMOTE", lambda: ours_mod.SMOTE(random_state=0), lambda: ref_over.SMOTE(random_state=0)),
    ("BorderlineSMOTE-1", lambda: ours_mod.BorderlineSMOTE(random_state=0), lambda: ref_over.BorderlineSMOTE(random_state=0)),
    (
        "BorderlineSMOTE-2",
        lambda: ours_mod.BorderlineSMOTE(random_state=0, kind="borderline-2"),
        lambda: ref_over.BorderlineSMOTE(random_state=0, kind="borderline-2"),
    ),
    ("ADASYN", lambda: ours_mod.ADASYN(random_state=0), lambda: ref_over.ADASYN(random_state=0)),
    ("SMOTETomek", lambda: ours_mod.SMOTETomek(random_state=0), lambda: ref_combine.SMOTETomek(random_state=0)),
    ("SMOTEENN", lambda: ours_mod.SMOTEENN(random_state=0), lambda: ref_combine.SMOTEENN(random_state=0)),
]
# ---- end of worker B's list ----

# Reference runs slower than about 15 s at 100,000 samples: run them once, without warm-up.
SLOW_AT_100K = {"TomekLinks", "NearMiss-2", "EditedNearestNeighbours", "SMOTETomek", "SMOTEENN"}


def make_data(n_samples, minority_share):
    return make_classification(
        n_samples=n_samples,
        n_features=20,
        n_informative=10,
        n_redundant=5,
        weights=[1 - minority_share],
        flip_y=0.01,
        random_state=0,
    )


def memory_in_child(name, side, n_samples, share):
    """Peak extra memory (MiB) of one ``fit_resample``, traced in a fresh Python process."""
    command = [sys.executable, __file__, "--memory-child", name, side, str(n_samples), str(share)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 2**20


def _memory_child(name, side, n_samples, share):
    """Body of ``--memory-child``: import everything, make the data, then trace one run."""
    make_ours, make_reference = next((o, r) for n, o, r in UNDER_SAMPLERS + OVER_SAMPLERS if n == name)
    X, y = make_data(int(n_samples), float(share))
    make = make_ours if side == "ours" else make_reference
    make().fit_resample(X, y)  # warm-up: lazy imports, caches, BLAS's buffers
    print(peak_memory_native(lambda: make().fit_resample(X, y)))


def _with_memory(row, name, n_samples, share):
    row["ours_peak_mib"] = memory_in_child(name, "ours", n_samples, share)
    row["reference_peak_mib"] = memory_in_child(name, "reference", n_samples, share)
    return row


def compare_slow(name, *, ours, reference):
    """Like ``_harness.compare`` for a slow reference: one reference run, no warm-up runs.

    Ours runs once before and once after the single reference run; the row reports the
    faster of ours (the imports and caches are warm after the first run). Returns a row for
    ``print_table``.
    """
    times_ours = [_time_once(ours)]
    time_reference = _time_once(reference)
    times_ours.append(_time_once(ours))
    med = min(times_ours)
    return {"name": name, "ours_s": med, "reference_s": time_reference, "ratio_reference": med / time_reference}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 samples only")
    parser.add_argument("--memory", action="store_true", help="also measure peak memory")
    parser.add_argument("--only", nargs="*", default=None, help="run samplers whose name contains one of these")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per contender at 10,000 samples")
    parser.add_argument("--sizes", nargs="*", type=int, default=None, help="sample sizes (default 10000 100000)")
    parser.add_argument(
        "--blas-threads",
        type=int,
        default=None,
        help="limit BLAS to this many threads around both contenders (threadpoolctl)",
    )
    parser.add_argument("--memory-child", nargs=4, metavar=("NAME", "SIDE", "N", "SHARE"), help=argparse.SUPPRESS)
    args = parse_args(parser, argv)
    if args.memory_child:
        _memory_child(*args.memory_child)
        return

    def blas_limit():
        if args.blas_threads is None:
            return contextlib.nullcontext()
        return threadpool_limits(limits=args.blas_threads, user_api="blas")

    entries = UNDER_SAMPLERS + OVER_SAMPLERS
    if args.only:
        entries = [e for e in entries if any(word.lower() in e[0].lower() for word in args.only)]
    sizes = args.sizes or ([10_000] if args.quick else [10_000, 100_000])
    for n_samples in sizes:
        for share, label in [(0.01, "1:99"), (0.1, "1:9")]:
            X, y = make_data(n_samples, share)
            rows = []
            for name, make_ours, make_reference in entries:
                start = time.perf_counter()

                def ours(make=make_ours):
                    with blas_limit():
                        return make().fit_resample(X, y)

                def reference(make=make_reference):
                    with blas_limit():
                        return make().fit_resample(X, y)

                if n_samples >= 100_000 and name in SLOW_AT_100K:
                    row = compare_slow(name, ours=ours, reference=reference)
                else:
                    repeats = args.repeats if n_samples < 100_000 else 3
                    row = compare(name, ours=ours, reference=reference, repeats=repeats)
                if args.memory:
                    row = _with_memory(row, name, n_samples, share)
                rows.append(row)
                print(
                    f"  {n_samples} {label} {name}: ours {row['ours_s']:.3f} s, reference "
                    f"{row['reference_s']:.3f} s, ratio {row['ratio_reference']:.2f} "
                    f"({time.perf_counter() - start:.0f} s)",
                    file=sys.stderr,
                    flush=True,
                )
            print_table(rows, title=f"{n_samples:,} samples x 20 features, imbalance {label}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
