"""Chapter 15, "Negatives we construct": the explorer's numbers against formulas written here,
the exercise checks' hints, and the numbers the chapter states."""

import itertools
import json
import math

import numpy as np
import pytest

from negedu.contrastive import (
    batch_all_triplets,
    batch_hard_triplets,
    noise_distribution,
    nt_xent_loss,
    sample_negatives,
    semi_hard_triplets,
    train_linear_moco,
)
from negedu.datasets import load_pydoc_corpus
from negedu.chapters.contrastive_negatives import checks as ex, runs
from negedu.interactive import get_explorer
from negedu.chapters.contrastive_negatives.explorer import (ANCHOR, PAIR_POSITIVE, mining_batch, mining_numbers,
                                                             training_numbers)


# ------------------------------------------------------------------------------ explorer
def _brute(margin, mining, label_noise):
    E, y, _, flipped = mining_batch(label_noise)
    n = len(y)
    D = ((E[:, None] - E[None]) ** 2).sum(-1)
    triplets = []
    for a in range(n):
        pos = [p for p in range(n) if p != a and y[p] == y[a]]
        neg = [k for k in range(n) if y[k] != y[a]]
        if not pos or not neg:
            continue
        if mining == "batch-hard":
            triplets.append((a, max(pos, key=lambda p: (D[a, p], -p)), min(neg, key=lambda k: (D[a, k], k))))
        for p in pos:
            if mining == "batch-all":
                triplets += [(a, p, k) for k in neg if D[a, p] - D[a, k] + margin > 0]
            elif mining == "semi-hard":
                farther = [k for k in neg if D[a, k] > D[a, p]]
                k = min(farther, key=lambda k: (D[a, k], k)) if farther else max(neg, key=lambda k: (D[a, k], -k))
                triplets.append((a, p, k))
    losses = [max(D[a, p] - D[a, k] + margin, 0) for a, p, k in triplets]
    shown_p = next(p for a, p, _ in triplets if a == ANCHOR) if mining == "batch-hard" else PAIR_POSITIVE
    d_ap = D[ANCHOR, shown_p]
    d_an = np.array([D[ANCHOR, k] for k in range(n) if y[k] != y[ANCHOR]])
    return {
        "hard negatives of the anchor": int(np.sum(d_an < d_ap)),
        "semi-hard": int(np.sum((d_an >= d_ap) & (d_an < d_ap + margin))),
        "easy": int(np.sum(d_an >= d_ap + margin)),
        "negatives selected for the anchor": len({k for a, p, k in triplets if a == ANCHOR and p == shown_p}),
        "triplets used in the batch": len(triplets),
        "batch loss": float(np.mean(losses)) if losses else 0.0,
        "mislabelled among selected negatives": float(np.mean([flipped[k] for _, _, k in triplets])) if triplets else 0.0,
    }


@pytest.mark.parametrize("margin, mining, label_noise",
                         list(itertools.product([0.1, 0.5, 2.0], ["semi-hard", "batch-hard", "batch-all"], [0.0, 0.1])))
def test_mining_explorer_numbers_match_brute_force(margin, mining, label_noise):
    ours = mining_numbers(margin, mining, label_noise)
    reference = _brute(margin, mining, label_noise)
    assert ours.keys() == reference.keys()
    for key in ours:
        assert ours[key] == pytest.approx(reference[key], rel=1e-12), key


def test_mining_explorer_budget_and_story():
    explorer = get_explorer("contrastive-negatives/mining")
    n_states = len(list(explorer.states()))
    assert n_states == 30
    # with flipped labels, batch-hard picks mislabelled negatives far more often than batch-all does
    hard = mining_numbers(0.5, "batch-hard", 0.1)["mislabelled among selected negatives"]
    everything = mining_numbers(0.5, "batch-all", 0.1)["mislabelled among selected negatives"]
    assert hard > 2 * everything
    assert mining_numbers(0.5, "semi-hard", 0.0)["mislabelled among selected negatives"] == 0.0
    _, _, _, flipped = mining_batch(0.1)
    assert flipped.sum() == 5 and not flipped[[ANCHOR, PAIR_POSITIVE]].any()


# ------------------------------------------------------------------------------ exercises
def test_exercise_1_hints():
    assert ex.check_negatives_per_positive(15, 1 / 16)
    assert ex.check_negatives_per_positive(..., 1 / 16).status == "unanswered"
    assert "counts the observed pair" in ex.check_negatives_per_positive(16, 1 / 16).message
    assert "ratio of positives to negatives" in ex.check_negatives_per_positive(15, 1 / 15).message
    assert "share of negatives" in ex.check_negatives_per_positive(15, 15 / 16).message


def test_exercise_2_value_and_hints():
    z = np.concatenate([ex.TINY_Z1, ex.TINY_Z2])
    z = z / np.linalg.norm(z, axis=1, keepdims=True)
    terms = []
    for i in range(4):
        denom = sum(math.exp(z[i] @ z[k] / 0.5) for k in range(4) if k != i)
        terms.append(-math.log(math.exp(z[i] @ z[(i + 2) % 4] / 0.5) / denom))
    right = float(np.mean(terms))
    assert ex.check_tiny_nt_xent(right)
    assert "sum of the 4 terms" in ex.check_tiny_nt_xent(4 * right).message
    assert "public SimCLR code" in ex.check_tiny_nt_xent(2 * right).message
    with_self = np.mean([-(z[i] @ z[(i + 2) % 4] / 0.5) + math.log(sum(math.exp(z[i] @ z[k] / 0.5) for k in range(4)))
                         for i in range(4)])
    assert "itself" in ex.check_tiny_nt_xent(with_self).message
    assert "temperature 1" in ex.check_tiny_nt_xent(nt_xent_loss(ex.TINY_Z1, ex.TINY_Z2, temperature=1.0)).message
    assert ex.check_tiny_nt_xent("abc").status == "incorrect"


def test_exercise_3_hints_and_cases_agree_with_negedu():
    for (d_ap, d_an), expected, _ in ex._SEMI_CASES:
        E = np.concatenate([[[0.0]], [[math.sqrt(d_ap)]], np.sqrt(d_an)[:, None]])
        labels = np.array([0, 0] + [1] * len(d_an))
        assert semi_hard_triplets(E, labels)[2][0] - 2 == expected

    def right(d_ap, d_an):
        farther = d_an > d_ap
        return int(np.argmin(np.where(farther, d_an, np.inf))) if farther.any() else int(np.argmax(d_an))

    assert ex.check_semi_hard(right)
    assert "nearest negative overall" in ex.check_semi_hard(lambda d_ap, d_an: int(np.argmin(d_an))).message
    assert "only the fallback" in ex.check_semi_hard(lambda d_ap, d_an: int(np.argmax(d_an))).message

    def non_strict(d_ap, d_an):
        farther = d_an >= d_ap
        return int(np.argmin(np.where(farther, d_an, np.inf))) if farther.any() else int(np.argmax(d_an))

    assert "strictly" in ex.check_semi_hard(non_strict).message
    assert ex.check_semi_hard(lambda d_ap, d_an: 1 / 0).status == "error"
    assert ex.check_semi_hard(lambda d_ap, d_an: None).status == "unanswered"


@pytest.mark.parametrize("name", ["Ada Lovelace", "Grace Hopper", "Alan Turing"])
def test_exercise_4_student_batches(name):
    from negedu.contrastive import batch_all_triplet_loss, batch_hard_triplet_loss, semi_hard_triplet_loss
    from negedu.exercises import student_seed

    seed = student_seed(name)
    E, y = ex.my_batch(seed)
    assert E.shape == (12, 2) and np.bincount(y).tolist() == [4, 4, 4]
    D = ((E[:, None] - E[None]) ** 2).sum(-1)
    hinges = [max(max(D[i, j] for j in range(12) if j != i and y[j] == y[i])
                  - min(D[i, j] for j in range(12) if y[j] != y[i]) + 0.2, 0) for i in range(12)]
    assert ex.check_batch_hard(np.mean(hinges), seed=seed)
    assert "batch-all" in ex.check_batch_hard(batch_all_triplet_loss(E, y, margin=0.2), seed=seed).message
    assert "squared" in ex.check_batch_hard(batch_hard_triplet_loss(E, y, margin=0.2, squared=False), seed=seed).message
    semi = semi_hard_triplet_loss(E, y, margin=0.2)
    if abs(semi - np.mean(hinges)) > 1e-3:
        assert "semi-hard" in ex.check_batch_hard(semi, seed=seed).message
    assert ex.check_batch_hard(..., seed=seed).status == "unanswered"


# ------------------------------------------------------------------------------ the chapter's numbers
def test_noise_power_claims():
    corpus = load_pydoc_corpus()
    assert corpus.ids.size == 60784 and len(corpus.vocab) == 1304
    p1, p34 = noise_distribution(corpus.counts, 1.0), noise_distribution(corpus.counts, 0.75)
    assert 0.2 < p1[:10].sum() < 0.3 and p34[:10].sum() < 0.6 * p1[:10].sum()  # "about a quarter", "halves"
    half = len(corpus.vocab) // 2
    assert p34[half:].sum() > 1.8 * p1[half:].sum()  # the rarer half is drawn about twice as often
    assert noise_distribution([10_000, 1], 0.75)[0] / noise_distribution([10_000, 1], 0.75)[1] == pytest.approx(1000)
    draws = sample_negatives(p1, (10_000, 5), random_state=1)
    assert abs(np.mean(draws < 10) - p1[:10].sum()) < 0.01


def test_label_noise_claims():
    rng = np.random.RandomState(0)
    centres = rng.normal(size=(8, 4)) * 2.0
    labels_true = np.repeat(np.arange(8), 25)
    faces = centres[labels_true] + 0.6 * rng.normal(size=(200, 4))
    is_flipped = rng.rand(200) < 0.1
    labels = labels_true.copy()
    labels[is_flipped] = (labels_true[is_flipped] + rng.randint(1, 8, is_flipped.sum())) % 8
    assert round(is_flipped.mean(), 2) == 0.08
    hard = is_flipped[batch_hard_triplets(faces, labels, margin=0.5)[2]].mean()
    semi = is_flipped[semi_hard_triplets(faces, labels, margin=0.5)[2]].mean()
    active = is_flipped[batch_all_triplets(faces, labels, margin=0.5, only_active=True)[2]].mean()
    every = is_flipped[batch_all_triplets(faces, labels, margin=0.5)[2]].mean()
    assert round(hard, 2) == 0.73 and round(semi, 2) == 0.40 and round(active, 2) == 0.12 and round(every, 2) == 0.08


def test_moco_momentum_claim():
    rng = np.random.RandomState(1)
    X = np.repeat(rng.normal(size=(4, 5)) * 3, 50, axis=0) + 0.5 * rng.normal(size=(200, 5))
    stale = {m: train_linear_moco(X, momentum=m, queue_size=256, n_steps=200, random_state=0).staleness[-50:].mean()
             for m in (0.0, 0.99)}
    assert stale[0.0] > 100 * stale[0.99]


def test_simclr_chance_level_and_mining_counts():
    E, y, _, _ = mining_batch(0.0)
    assert len(batch_all_triplets(E, y)[0]) == 48 * 11 * 36
    assert len(batch_hard_triplets(E, y)[0]) == 48 and len(semi_hard_triplets(E, y)[0]) == 48 * 11
    z = np.random.RandomState(0).normal(size=(4, 8))
    assert nt_xent_loss(z, z + 1e-3, temperature=1e9) == pytest.approx(math.log(7))


# ------------------------------------------------------------------------------ the committed training runs
def test_committed_runs_are_the_run_specs():
    committed = [run["spec"] for run in runs.load_runs()]
    assert committed == runs.run_specs()
    for run in runs.load_runs():
        scores = run["result"]
        if run["spec"]["kind"] == "word2vec":
            assert 0.0 <= scores["recovery_rare"] <= 1.0 and 0.0 <= scores["recovery"] <= 1.0
        else:  # accuracies on 600 held-out digits are multiples of 1/600
            for name in runs.SCORES:
                assert scores[name] * 600 == pytest.approx(round(scores[name] * 600), abs=1e-9), (run["spec"], name)
    assert runs.RESULTS.stat().st_size < 1_000_000


def test_training_explorer_shows_the_committed_runs():
    explorer = get_explorer("contrastive-negatives/training")
    states = list(explorer.states())
    assert len(states) == 2 * 3 * 3
    (pixels,) = [run["result"] for run in runs.load_runs() if run["spec"]["kind"] == "pixels"]
    for state in states:
        method, size, temperature = state["method"], state["size"], state["temperature"]
        if method == "SimCLR":
            spec = {"kind": "simclr", "seed": 0, "batch_size": size, "temperature": temperature, "tau_plus": 0.0}
        else:
            spec = {"kind": "moco", "seed": 0, "queue_size": 2 * size, "temperature": temperature}
        (run,) = [r["result"] for r in runs.load_runs() if r["spec"] == spec]
        numbers = training_numbers(method, size, temperature)
        assert numbers == {
            "negatives per query": 2 * size - 2 if method == "SimCLR" else 2 * size,
            "5-NN accuracy": run["knn"],
            "5-NN accuracy, moved digits": run["knn_shifted"],
            "linear probe, moved digits": run["probe_shifted"],
            "raw pixels: 5-NN, moved digits": pixels["knn_shifted"],
        }
        assert len(run["embedding"]) == 600


def test_check_runs_retrains_and_matches_for_a_fixed_seed():
    checked = runs.check_runs(2, random_state=20240101)
    assert len(checked) == 2
    for spec, fresh in checked:
        (committed,) = [r["result"] for r in runs.load_runs() if r["spec"] == spec]
        assert fresh.keys() <= committed.keys()
        for name, value in fresh.items():
            assert value == pytest.approx(committed[name], abs=1e-6)


def test_check_runs_fails_on_a_changed_number(monkeypatch):
    (random_run,) = [r for r in runs.load_runs() if r["spec"] == {"kind": "random", "seed": 0}]
    tampered = {"spec": random_run["spec"], "result": dict(random_run["result"], knn=random_run["result"]["knn"] + 1e-3)}
    monkeypatch.setattr(runs, "load_runs", lambda: [tampered])
    with pytest.raises(AssertionError, match=r"knn is .* now and .* in runs\.json"):
        runs.check_runs(1, random_state=0)


def test_compute_all_resumes_from_its_partial_file(tmp_path):
    specs = [{"kind": "pixels", "seed": 0}, {"kind": "random", "seed": 0}, {"kind": "random", "seed": 1}]
    partial = tmp_path / "runs.partial.jsonl"
    # a run recorded earlier (with a marker score, to see it is not recomputed) and a line torn by a stop
    marker = {"spec": specs[1], "result": {"knn": -1.0}}
    partial.write_text(json.dumps(marker) + "\n" + '{"spec": {"kind": "random", "se', encoding="utf-8")
    messages = []
    done = runs.compute_all(specs, partial=partial, progress=messages.append)
    assert [run["spec"] for run in done] == specs
    assert done[1] == marker and "already in" in messages[1]
    assert done[0]["result"] == runs.train_run(specs[0])
    # the new runs were appended, one JSON line each, after the torn line
    lines = partial.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["spec"] for line in lines[2:]] == [specs[0], specs[2]]
    # a second call finds everything and trains nothing
    again = runs.compute_all(specs, partial=partial, progress=messages.append)
    assert again == done and all("already in" in m for m in messages[-3:])


def test_runs_are_deterministic():
    spec = {"kind": "triplet", "seed": 0, "mining": "semi-hard", "label_noise": 0.15}
    first, second = runs.train_run(spec), runs.train_run(spec)
    assert first == second
