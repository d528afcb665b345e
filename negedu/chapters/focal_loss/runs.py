r"""The chapter's training runs of the dense detector, and the file that caches them.

Training every configuration the chapter reports takes several minutes on two cores, more than
a page may take to build, so the runs are made once by this script and kept in ``runs.json``
beside it::

    python -m negedu.chapters.focal_loss.runs --full --jobs 2   # every run (minutes); rewrites runs.json
    python -m negedu.chapters.focal_loss.runs            # re-trains two runs and compares them with the file

The page reads the file with :func:`load_runs` and re-trains a few of its runs with
:func:`check_runs`, failing if a result differs: the file cannot drift from the code.

Every run trains :func:`~negedu.chapters.focal_loss.detection.train_detector` on the same
training images and scores held-out images; the learning rate of each method is chosen on
validation images, never on the test images.
"""

import argparse
import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from negedu.datasets import make_dense_detection

from .detection import detection_ap, train_detector

__all__ = ["PROBLEM", "TRAINING", "LEARNING_RATES", "METHODS", "GRID_GAMMAS", "GRID_ALPHAS", "SWEEP_ANCHORS",
           "RUNS_FILE", "detection_sets", "run_one", "all_methods", "full_runs", "load_runs", "best_runs",
           "check_runs"]

#: The problem: 1-D images of 4,000 anchors, one object (7 positive anchors) and 3 distractors each.
PROBLEM = {"n_anchors": 4000, "n_objects": 1, "n_distractors": 3, "window": 9, "amplitude": (2.5, 4.0)}
#: The images: (number, seed) of the training, validation and test sets.
IMAGES = {"train": (60, 0), "valid": (30, 1), "test": (60, 2)}
#: The training budget, the same for every method: a small network, few epochs.
TRAINING = {"hidden": 16, "epochs": 3, "images_per_batch": 2, "momentum": 0.9, "prior": 0.01, "record_every": 5}
#: The learning rates tried for every method, with seed 0; each method keeps its best on the validation images.
LEARNING_RATES = (0.01, 0.03, 0.1, 0.3)
#: The seeds of every method at its chosen learning rate (seed 0 is the one that chose it).
SEEDS = (0, 1, 2)
#: The headline comparison: name -> (gamma, alpha, sampling).
METHODS = {
    "cross-entropy": (0.0, None, "all"),
    "α-balanced CE, α = 0.75": (0.0, 0.75, "all"),
    "focal, γ = 2, α = 0.25": (2.0, 0.25, "all"),
    "OHEM 1:3": (0.0, None, "ohem"),
    "undersampling 1:3": (0.0, None, "random"),
}
#: The gamma x alpha grid (the paper's Table 1b).
GRID_GAMMAS = (0.0, 0.5, 1.0, 2.0, 5.0)
GRID_ALPHAS = (0.25, 0.5, 0.75)
#: Anchors per image for the sweep over the number of easy negatives (cross-entropy against focal).
SWEEP_ANCHORS = (1000, 2000, 4000, 8000)
SWEEP_METHODS = ("cross-entropy", "focal, γ = 2, α = 0.25")

RUNS_FILE = Path(__file__).with_name("runs.json")


@lru_cache(maxsize=4)
def detection_sets(n_anchors=PROBLEM["n_anchors"]):
    """The training, validation and test images of the chapter's problem (``n_anchors`` per image)."""
    problem = {**PROBLEM, "n_anchors": n_anchors}
    return {name: make_dense_detection(n, random_state=seed, **problem) for name, (n, seed) in IMAGES.items()}


def _key(method, lr, seed, n_anchors=PROBLEM["n_anchors"]):
    gamma, alpha, sampling = method
    return f"gamma={gamma:g} alpha={alpha} sampling={sampling} lr={lr:g} seed={seed} anchors={n_anchors}"


def run_one(method, lr, seed, n_anchors=PROBLEM["n_anchors"], *, keep_net=False):
    """Train one detector (``method`` = (gamma, alpha, sampling)) and return its AP and loss shares.

    The record is what ``runs.json`` stores; ``keep_net=True`` adds the trained network as ``"net"``.
    """
    gamma, alpha, sampling = method
    sets = detection_sets(n_anchors)
    record = {"gamma": gamma, "alpha": alpha, "sampling": sampling, "lr": lr, "seed": seed, "n_anchors": n_anchors}
    try:
        result = train_detector(sets["train"], gamma=gamma, alpha=alpha, sampling=sampling, lr=lr,
                                random_state=seed, **TRAINING)
    except ValueError as error:  # the gradient overflowed: this learning rate is too large for this loss
        if "NaN" not in str(error) and "infinity" not in str(error) and "overflow" not in str(error):
            raise
        return {**record, "valid_ap": None, "test_ap": None, "steps": [], "shares": []}
    record.update(valid_ap=detection_ap(result.net, sets["valid"]), test_ap=detection_ap(result.net, sets["test"]),
                  steps=result.steps.tolist(), shares=result.shares.round(6).tolist())
    return {**record, "net": result.net} if keep_net else record


def all_methods():
    """Every (method, n_anchors) the chapter reports, without repeats; a method is (gamma, alpha, sampling)."""
    methods = [(method, PROBLEM["n_anchors"]) for method in METHODS.values()]
    methods += [((gamma, alpha, "all"), PROBLEM["n_anchors"]) for gamma in GRID_GAMMAS for alpha in GRID_ALPHAS]
    methods += [(METHODS[name], n_anchors) for n_anchors in SWEEP_ANCHORS for name in SWEEP_METHODS]
    return list(dict.fromkeys(methods))


def _run_config(config):
    return _key(*config), run_one(*config)


def full_runs(path=RUNS_FILE, n_jobs=1, verbose=True):
    """Make every run and write them to ``path`` (JSON): two stages, as :func:`best_runs` reads them.

    First every method with seed 0 at every learning rate; then, at the learning rate whose
    validation AP was highest, the other seeds.
    """
    runs = {}

    def make(configs):
        if n_jobs > 1:
            import multiprocessing

            with multiprocessing.get_context("fork").Pool(n_jobs) as pool:
                done = pool.map(_run_config, configs, chunksize=1)
        else:
            done = [_run_config(config) for config in configs]
        for key, run in done:
            runs[key] = run
            if verbose:
                print(f"{key}: valid AP {run['valid_ap']:.4f}, test AP {run['test_ap']:.4f}", flush=True)

    make([(method, lr, SEEDS[0], n) for method, n in all_methods() for lr in LEARNING_RATES])
    chosen = [(method, _best_lr(runs, method, n), n) for method, n in all_methods()]
    make([(method, lr, seed, n) for method, lr, n in chosen for seed in SEEDS[1:]])
    Path(path).write_text(json.dumps({"problem": PROBLEM, "images": IMAGES, "training": TRAINING, "runs": runs},
                                     indent=0, ensure_ascii=False), encoding="utf-8")
    return runs


def _best_lr(runs, method, n_anchors):
    """The learning rate whose seed-0 run has the highest validation AP (the first on a tie)."""
    def validation_ap(lr):
        ap = runs[_key(method, lr, SEEDS[0], n_anchors)]["valid_ap"]
        return -1.0 if ap is None else ap  # a run that diverged loses

    return max(LEARNING_RATES, key=validation_ap)


@lru_cache(maxsize=1)
def load_runs(path=RUNS_FILE):
    """The cached runs: a dict from a run's key to its record (see :func:`run_one`)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))["runs"]


def best_runs(method, *, n_anchors=PROBLEM["n_anchors"]):
    r"""The runs of ``method`` at its learning rate: the one whose seed-0 run scored best on the validation images.

    Returns ``(lr, [run for each of SEEDS])``. The test images play no part in the choice.
    """
    runs = load_runs()
    lr = _best_lr(runs, method, n_anchors)
    return lr, [runs[_key(method, lr, seed, n_anchors)] for seed in SEEDS]


def check_runs(configs, *, atol=1e-3):
    """Re-train ``configs`` (a list of (method, lr, seed, n_anchors)) and compare with the cached runs.

    ``atol`` leaves room for the rounding of another machine's linear algebra, which SGD can carry
    through to the last digits of an AP; a change of the code or of the data moves it far more.

    Returns the fresh runs, each with its trained network as ``"net"``; raises ``RuntimeError``
    naming the first run whose AP differs by more than ``atol`` from the file (the file is then
    stale: re-make it with ``--full``).
    """
    cached, fresh = load_runs(), []
    for config in configs:
        run = run_one(*config, keep_net=True)
        stored = cached[_key(*config)]
        for field in ("valid_ap", "test_ap"):
            if (run[field] is None) != (stored[field] is None) or (
                    run[field] is not None and abs(run[field] - stored[field]) > atol):
                raise RuntimeError(f"{_key(*config)}: {field} is {run[field]} now but {stored[field]} in "
                                   f"{RUNS_FILE.name}. Re-make the file: python -m negedu.chapters.focal_loss.runs --full")
        fresh.append(run)
    return fresh


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="make every run and rewrite runs.json")
    parser.add_argument("--jobs", type=int, default=1, help="processes for --full")
    args = parser.parse_args(argv)
    if args.full:
        full_runs(n_jobs=args.jobs)
    else:
        configs = [(method, lr, SEEDS[0], n) for method, n in all_methods() for lr in LEARNING_RATES]
        picks = np.random.RandomState(0).choice(len(configs), size=2, replace=False)
        chosen = [configs[i] for i in picks]
        for config, run in zip(chosen, check_runs(chosen)):
            print(f"{_key(*config)}: test AP {run['test_ap']:.4f}, as in {RUNS_FILE.name}")


if __name__ == "__main__":
    main()
