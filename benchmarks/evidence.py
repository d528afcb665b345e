"""The KEEL benchmark of the chapter "What the evidence says" (book/evidence.md).

Every (data set, repeat, fold) is one task: it runs every method with every classifier on that
fold (negedu.chapters.evidence.benchmark.run_fold, where the protocol is documented) and appends
its rows to a working file as soon as it finishes, so a run can be stopped and resumed
(--resume skips the folds already there). Tasks run in --workers processes, one BLAS thread each,
and are taken data set by data set, smallest data set first, so a stopped run leaves whole data
sets. At the end (or with --finalize) the rows are sorted into the results file the chapter reads,
a gzip CSV with one row per data set x classifier x method x repeat x fold, and a JSON sidecar with
the library versions, the command line, the seeds' rule and the accumulated wall time.

Usage::

    python benchmarks/evidence.py                              # every selected data set, 2 x 5 folds
    python benchmarks/evidence.py --datasets 5 --workers 1     # the 5 smallest: a quick pilot
    python benchmarks/evidence.py --datasets yeast4 ecoli1 --classifiers lr hgb --methods none threshold
    python benchmarks/evidence.py --resume                     # carry on where a stopped run left off
                                                               # (from the results file in a fresh checkout)
    python benchmarks/evidence.py --finalize                   # write the results file from what is done
"""

import argparse
import csv
import gzip
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from negedu.chapters.evidence import benchmark  # noqa: E402

DEFAULT_OUT = ROOT / "benchmarks" / "evidence_results" / "evidence.csv.gz"  # benchmarks/results/ is ignored


def _parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", nargs="*", default=None,
                        help="a number N (the N smallest selected data sets) or data set names; default: all selected")
    parser.add_argument("--repeats", type=int, default=2, help="repeats of the stratified 5-fold split (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--classifiers", nargs="*", default=list(benchmark.CLASSIFIERS))
    parser.add_argument("--methods", nargs="*", default=list(benchmark.METHODS + benchmark.ENSEMBLES))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--resume", action="store_true", help="skip the folds already in the working file")
    parser.add_argument("--finalize", action="store_true", help="only write the results file from the working file")
    return parser.parse_args()


def _datasets(arg):
    selected = benchmark.keel_selection()
    if not arg:
        return selected
    if len(arg) == 1 and arg[0].isdigit():
        return selected[: int(arg[0])]
    return arg


def _paths(out):
    stem = out.name.removesuffix(".gz").removesuffix(".csv")
    return out.with_name(stem + ".partial.csv"), out.with_name(stem + ".json")


def _read_rows(path):
    if not path.exists():
        return []
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def _task(args):
    import warnings

    warnings.filterwarnings("ignore")  # samplers' notes (e.g. no sample in danger) would flood the log
    dataset, repeat, fold, classifiers, methods = args
    return benchmark.run_fold(dataset, repeat, fold, classifiers=classifiers, methods=methods)


def _expected_rows(classifiers, methods):
    per_classifier = [m for m in methods if m not in benchmark.ENSEMBLES]
    return len(classifiers) * len(per_classifier) + sum(m in benchmark.ENSEMBLES for m in methods)


def _progress(done, total, start, label):
    elapsed = time.perf_counter() - start
    eta = elapsed / done * (total - done) if done else float("nan")
    width = 30
    bar = "#" * int(width * done / total) + "." * (width - int(width * done / total))
    sys.stderr.write(f"\r[{bar}] {done}/{total} folds  {elapsed / 60:5.1f} min  eta {eta / 60:5.1f} min  {label[:40]:<40}")
    sys.stderr.flush()


def _versions():
    import numpy
    import sklearn
    import imblearn
    import negedu

    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                check=False).stdout.strip()
    except OSError:
        commit = ""
    return {"python": platform.python_version(), "numpy": numpy.__version__, "scikit-learn": sklearn.__version__,
            "imbalanced-learn": imblearn.__version__, "negedu": negedu.__version__, "negedu_git": commit}


def finalize(out, meta_extra=None):
    """Sort the working file's rows into ``out`` (gzip CSV) and update the JSON sidecar."""
    partial, sidecar = _paths(out)
    rows = _read_rows(partial)
    order = {name: i for i, name in enumerate(benchmark.keel_selection())}
    rows.sort(key=lambda r: (order.get(r["dataset"], 10**6), r["dataset"], r["classifier"], r["method"],
                             int(r["repeat"]), int(r["fold"])))
    with gzip.open(out, "wt", newline="", compresslevel=9) as handle:
        handle.mtime = 0 if hasattr(handle, "mtime") else None
        writer = csv.DictWriter(handle, fieldnames=benchmark.COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    meta = json.loads(sidecar.read_text()) if sidecar.exists() else {}
    meta.update(meta_extra or {})
    meta.setdefault("versions", _versions())
    meta.setdefault("sessions", [])
    meta["wall_seconds"] = round(sum(s["wall_seconds"] for s in meta["sessions"]), 1)
    meta["n_rows"] = len(rows)
    meta["n_datasets"] = len({r["dataset"] for r in rows})
    sidecar.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
    return len(rows)


def main():
    args = _parse()
    partial, sidecar = _paths(args.out)
    if args.finalize:
        print(f"{finalize(args.out)} rows -> {args.out}")
        return
    args.out.parent.mkdir(parents=True, exist_ok=True)
    datasets = _datasets(args.datasets)
    expected = _expected_rows(args.classifiers, args.methods)
    done = {}
    if args.resume and not partial.exists() and args.out.exists():  # a fresh checkout: start from the results file
        with gzip.open(args.out, "rt", newline="") as source, open(partial, "w", newline="") as target:
            target.write(source.read())
    if args.resume:
        for row in _read_rows(partial):
            key = (row["dataset"], int(row["repeat"]), int(row["fold"]))
            done[key] = done.get(key, 0) + 1
    elif partial.exists():
        partial.unlink()
    tasks = [(d, r, f, tuple(args.classifiers), tuple(args.methods))
             for d in datasets for r in range(args.repeats) for f in range(benchmark.N_SPLITS)
             if done.get((d, r, f), 0) < expected]
    total = len(tasks)
    start = time.perf_counter()
    new_file = not partial.exists()
    with open(partial, "a", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=benchmark.COLUMNS, lineterminator="\n")
        if new_file:
            writer.writeheader()
        if args.workers > 1:
            import multiprocessing

            pool = multiprocessing.get_context("fork").Pool(args.workers)
            results = pool.imap(_task, tasks)
        else:
            pool, results = None, map(_task, tasks)
        for i, rows in enumerate(results, start=1):
            writer.writerows(rows)
            handle.flush()
            _progress(i, total, start, rows[0]["dataset"] if rows else "")
        if pool is not None:
            pool.close()
            pool.join()
    sys.stderr.write("\n")
    wall = time.perf_counter() - start
    meta = json.loads(sidecar.read_text()) if (args.resume and sidecar.exists()) else {}
    sessions = meta.get("sessions", []) + [{"command": " ".join(["python", "benchmarks/evidence.py", *sys.argv[1:]]),
                                            "wall_seconds": round(wall, 1), "folds": total,
                                            "workers": args.workers, "cpus": os.cpu_count(),
                                            "finished": time.strftime("%Y-%m-%d %H:%M:%S")}]
    finalize(args.out, {"versions": _versions(), "sessions": sessions,
                        "wall_seconds": round(sum(s["wall_seconds"] for s in sessions), 1),
                        "repeats": args.repeats, "n_splits": benchmark.N_SPLITS,
                        "classifiers": list(args.classifiers), "methods": list(args.methods),
                        "seeds": "split: crc32('split|dataset|repeat'); fold: crc32('fold|dataset|repeat|fold')"})
    print(f"{total} folds in {wall / 60:.1f} min -> {args.out}")


if __name__ == "__main__":
    main()
