"""The chapter's training runs: every encoder and word2vec model the page reports, and their scores.

Training all of them takes minutes, more than a chapter may spend, so the results are computed
once by ``python -m negedu.chapters.contrastive_negatives.runs --full`` and committed as
``runs.json`` next to this file. ``--full`` appends each finished run to ``runs.partial.jsonl``
and skips the runs already there, so a stopped computation resumes where it stopped; the
complete file is written at the end. The page loads the runs with :func:`load_runs` and
re-trains two runs picked at random with the date as seed (:func:`check_runs`), failing if a
number differs from the committed one by more than floating-point noise; ``--check N`` does
the same for N runs.

The digits: scikit-learn's ``load_digits`` (1,797 8 x 8 images, pixels divided by 16), split
with seed 0 into 1,197 for training and 600 held out. The held-out digits are scored twice: as
they are, and each moved by one pixel in a random direction (seed 5), the kind of change the
augmentations teach an encoder to ignore. A run is scored by a 5-nearest-neighbour classifier
and by a linear probe (logistic regression, C=10), both fitted on the training digits'
embeddings with their true labels.
"""

import argparse
import json
import time
from functools import lru_cache
from pathlib import Path

import numpy as np

from negedu.contrastive import augment_images, shift_images, train_moco, train_sgns, train_simclr, train_triplet
from negedu._validation import check_random_state
from negedu.datasets import Bunch, make_topic_corpus, topic_recovery
from negedu.nn import Adam, L2Normalize, Sequential, mlp

__all__ = ["digits_split", "make_encoder", "score_embedding", "train_run", "run_specs", "load_runs", "find_runs",
           "summary", "check_runs", "noisy_labels", "pca_2d",
           "RESULTS", "SIZES", "TEMPERATURES"]

RESULTS = Path(__file__).with_name("runs.json")
#: Where ``--full`` records each finished run (one JSON line each) until all are done.
PARTIAL = RESULTS.with_name("runs.partial.jsonl")
SEEDS = (0, 1, 2)
#: The encoder: 64 pixels -> 128 ReLU units -> a 16-D embedding on the unit sphere.
WIDTHS = (64, 128, 16)
N_STEPS, LEARNING_RATE = 300, 2e-3
#: SimCLR's batch sizes N (2N - 2 negatives per view); MoCo's queues are 2N.
SIZES = (8, 32, 128)
TEMPERATURES = (0.05, 0.1, 0.2, 0.5, 1.0, 5.0)
MOCO_BATCH, MOCO_QUEUES = 64, (16, 64, 256, 1024)
TRIPLET_BATCH, LABEL_NOISE = 64, 0.15
#: word2vec on make_topic_corpus(1000 sentences, seed 0): 16-D vectors, 2 epochs, window 2.
W2V = {"embedding_dim": 16, "n_epochs": 2, "learning_rate": 0.02, "window": 2}
SCORES = ("knn", "knn_shifted", "probe", "probe_shifted")


@lru_cache(maxsize=1)
def digits_split():
    """The training digits, the held-out digits and the held-out digits moved by one pixel."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    X, y = digits.data / 16.0, digits.target
    order = np.random.RandomState(0).permutation(len(y))
    train, test = order[:1197], order[1197:]
    moves = np.array([[0, 1], [0, -1], [1, 0], [-1, 0]])[np.random.RandomState(5).randint(0, 4, len(test))]
    return Bunch(X_train=X[train], y_train=y[train], X_test=X[test], y_test=y[test],
                 X_shifted=shift_images(X[test], moves[:, 0], moves[:, 1]))


def noisy_labels(y, share, seed):
    """``y`` with a share of the labels replaced by another class, chosen at random (seed + 100)."""
    rng = np.random.RandomState(seed + 100)
    flip = rng.random_sample(len(y)) < share
    noisy = y.copy()
    noisy[flip] = (y[flip] + rng.randint(1, 10, size=flip.sum())) % 10
    return noisy


def make_encoder(seed):
    """The chapter's encoder, its weights drawn with ``seed``."""
    return Sequential(*mlp(list(WIDTHS), random_state=seed).layers, L2Normalize())


def score_embedding(embed):
    """k-NN and linear-probe accuracy of a map ``embed`` (pixels -> features) on the held-out digits."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier

    data = digits_split()
    Z_train, Z_test, Z_shifted = embed(data.X_train), embed(data.X_test), embed(data.X_shifted)
    knn = KNeighborsClassifier(n_neighbors=5).fit(Z_train, data.y_train)
    probe = LogisticRegression(C=10.0, max_iter=5000).fit(Z_train, data.y_train)
    scores = [knn.score(Z_test, data.y_test), knn.score(Z_shifted, data.y_test),
              probe.score(Z_test, data.y_test), probe.score(Z_shifted, data.y_test)]
    return dict(zip(SCORES, map(float, scores)))


def run_specs():
    """Every run of the chapter, as dicts of settings (``"kind"`` and ``"seed"`` first).

    Seed 0 first, with the explorer's extra states (seed 0 only), then seeds 1 and 2, so that an
    interrupted ``--full`` has already trained everything the page shows for one seed.
    """
    specs = [{"kind": "pixels", "seed": 0}] + [{"kind": "random", "seed": s} for s in SEEDS]
    for s in SEEDS:
        specs += [{"kind": "simclr", "seed": s, "batch_size": n, "temperature": 0.2, "tau_plus": 0.0} for n in SIZES]
        specs += [{"kind": "simclr", "seed": s, "batch_size": 128, "temperature": t, "tau_plus": 0.0}
                  for t in TEMPERATURES if t != 0.2]
        specs += [{"kind": "simclr", "seed": s, "batch_size": n, "temperature": 0.2, "tau_plus": 0.1} for n in (32, 128)]
        specs += [{"kind": "moco", "seed": s, "queue_size": q, "temperature": 0.2} for q in MOCO_QUEUES]
        specs += [{"kind": "triplet", "seed": s, "mining": m, "label_noise": p}
                  for m in ("all", "semi-hard", "hard") for p in (0.0, LABEL_NOISE)]
        specs += [{"kind": "word2vec", "seed": s, "n_negatives": k, "power": 0.75} for k in (1, 5, 15)]
        specs += [{"kind": "word2vec", "seed": s, "n_negatives": 5, "power": p} for p in (1.0, 0.0)]
        if s == 0:  # the explorer's other states
            specs += [{"kind": "simclr", "seed": 0, "batch_size": n, "temperature": t, "tau_plus": 0.0}
                      for n in SIZES[:2] for t in (0.05, 1.0)]
            specs += [{"kind": "moco", "seed": 0, "queue_size": 2 * n, "temperature": t}
                      for n in SIZES for t in (0.05, 1.0)]
    return specs


def _train_encoder(spec):
    data = digits_split()
    encoder = make_encoder(spec["seed"])
    if spec["kind"] == "random":
        return encoder, None
    optimizer = Adam(encoder.parameters(), lr=LEARNING_RATE)
    common = {"augment": augment_images, "n_steps": N_STEPS, "random_state": spec["seed"] + 1000}
    if spec["kind"] == "simclr":
        history = train_simclr(encoder, optimizer, data.X_train, batch_size=spec["batch_size"],
                               temperature=spec["temperature"], tau_plus=spec["tau_plus"], **common)
    elif spec["kind"] == "moco":
        history = train_moco(encoder, optimizer, data.X_train, queue_size=spec["queue_size"], batch_size=MOCO_BATCH,
                             temperature=spec["temperature"], momentum=0.99, **common)
    else:
        y = noisy_labels(data.y_train, spec["label_noise"], spec["seed"])
        history = train_triplet(encoder, optimizer, data.X_train, y, mining=spec["mining"], margin=0.2,
                                batch_size=TRIPLET_BATCH, **common)
    return encoder, history.losses


def train_run(spec, *, with_embedding=False):
    """Train (or score) the run ``spec`` and return its results: scores, last losses, optional 2-D view."""
    if spec["kind"] == "word2vec":
        corpus = make_topic_corpus(1000, random_state=0)
        model = train_sgns(corpus.ids, len(corpus.vocab), n_negatives=spec["n_negatives"], power=spec["power"],
                           random_state=spec["seed"], **W2V)
        shares = topic_recovery(model.W_in, corpus.topic)
        rare = np.tile(np.arange(10) >= 5, 8)  # the five rarer words of each topic
        return {"recovery": float(shares.mean()), "recovery_rare": float(shares[rare].mean()),
                "recovery_frequent": float(shares[~rare].mean()), "loss": float(model.losses[-50:].mean())}
    if spec["kind"] == "pixels":
        return score_embedding(lambda X: X)
    encoder, losses = _train_encoder(spec)
    result = score_embedding(encoder.forward)
    if spec["kind"] != "random":
        result["loss"] = float(np.mean(losses[-20:]))  # the mean loss of the last 20 steps
    if with_embedding:
        result["embedding"] = pca_2d(encoder.forward(digits_split().X_test)).round(3).tolist()
    return result


def pca_2d(Z):
    """The first two principal components of the rows of ``Z`` (signs fixed: largest loading positive)."""
    centred = Z - Z.mean(axis=0)
    _, _, Vt = np.linalg.svd(centred, full_matrices=False)
    Vt = Vt[:2] * np.sign(Vt[:2][np.arange(2), np.argmax(np.abs(Vt[:2]), axis=1)])[:, None]
    return centred @ Vt.T


def _key(spec):
    return json.dumps(spec, sort_keys=True)


def _with_embedding(spec):
    return spec["seed"] == 0 and spec["kind"] in ("simclr", "moco", "random") and spec.get("tau_plus", 0.0) == 0.0


def _read_partial(path):
    """The finished runs recorded in ``path`` (one JSON object per line), by key; a torn last line is ignored."""
    done = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                run = json.loads(line)
            except json.JSONDecodeError:  # the line being written when the process was stopped
                continue
            done[_key(run["spec"])] = run
    return done


def compute_all(specs=None, *, partial=PARTIAL, progress=print):
    """Train every run of ``specs`` (default :func:`run_specs`) not yet in ``partial``; returns all of them.

    Each finished run is appended to ``partial`` at once, so a stopped computation resumes where it
    stopped: runs already recorded there are not trained again. The returned list follows ``specs``.
    """
    specs = run_specs() if specs is None else specs
    done = _read_partial(partial)
    with partial.open("a", encoding="utf-8") as out:
        if partial.stat().st_size and not partial.read_bytes().endswith(b"\n"):
            out.write("\n")  # end the torn line, so that the next run starts a line of its own
        for i, spec in enumerate(specs, 1):
            if _key(spec) in done:
                progress(f"{i:3d}/{len(specs)} {_key(spec)} already in {partial.name}")
                continue
            start = time.perf_counter()
            run = {"spec": spec, "result": train_run(spec, with_embedding=_with_embedding(spec))}
            out.write(json.dumps(run, separators=(",", ":")) + "\n")
            out.flush()
            done[_key(spec)] = run
            scores = {k: round(v, 3) for k, v in run["result"].items() if k != "embedding"}
            progress(f"{i:3d}/{len(specs)} {_key(spec)} {json.dumps(scores)} {time.perf_counter() - start:.0f} s")
    return [done[_key(spec)] for spec in specs]


@lru_cache(maxsize=1)
def load_runs():
    """The committed runs, as a list of ``{"spec": ..., "result": ...}``."""
    return json.loads(RESULTS.read_text(encoding="utf-8"))["runs"]


def find_runs(**settings):
    """The committed runs whose spec has all of ``settings``."""
    return [run for run in load_runs() if all(run["spec"].get(k) == v for k, v in settings.items())]


def check_runs(n_runs=2, random_state=None, *, atol=1e-6):
    """Re-train ``n_runs`` committed runs picked at random and compare every number; returns what was checked.

    ``random_state`` (None, an int or a RandomState) picks the runs, so that a failure can be
    repeated with the same seed. Returns the list of ``(spec, fresh result)`` checked. Raises
    ``AssertionError`` naming the run and the number when one differs by more than ``atol``
    (accuracies are multiples of 1/600, so any real change is far larger).
    """
    rng = check_random_state(random_state)
    trained = [run for run in load_runs() if run["spec"]["kind"] not in ("pixels",)]
    checked = []
    for index in rng.choice(len(trained), size=n_runs, replace=False):
        spec, committed = trained[index]["spec"], trained[index]["result"]
        fresh = train_run(spec)
        for name, value in fresh.items():
            if abs(value - committed[name]) > atol:
                raise AssertionError(f"run {_key(spec)}: {name} is {value!r} now and {committed[name]!r} in "
                                     f"{RESULTS.name}. Re-run `python -m {__name__} --full` and commit the file.")
        checked.append((spec, fresh))
    return checked


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help=f"train every run and rewrite {RESULTS.name}")
    parser.add_argument("--check", type=int, default=0, metavar="N", help="re-train N random runs and compare")
    args = parser.parse_args(argv)
    if args.full:
        runs = compute_all()
        RESULTS.write_text(json.dumps({"runs": runs}, separators=(",", ":")) + "\n", encoding="utf-8")
        PARTIAL.unlink()
        print(f"wrote {len(runs)} runs to {RESULTS}")
    if args.check:
        for spec, _ in check_runs(args.check):
            print("matches:", _key(spec))


def summary(score, **settings):
    """Mean and standard deviation over the seeds of ``score`` for the committed runs matching ``settings``.

    Returns ``(mean, sd, n_runs)``; the standard deviation is the sample one (ddof=1).
    """
    values = np.array([run["result"][score] for run in find_runs(**settings)])
    if values.size == 0:
        raise KeyError(f"no committed run has the settings {settings}.")
    sd = float(values.std(ddof=1)) if values.size > 1 else 0.0
    return float(values.mean()), sd, int(values.size)


if __name__ == "__main__":
    main()
