"""Chapter "What the evidence says": the benchmark's protocol, its statistics, the results file, the checks."""

import numpy as np
import pytest
from scipy import stats
from sklearn.metrics import matthews_corrcoef as sk_mcc

from negedu.chapters.evidence import analysis, benchmark, checks, figures

RESULTS_PRESENT = analysis.RESULTS.exists()
needs_results = pytest.mark.skipif(not RESULTS_PRESENT, reason="the committed results file is missing")


# ------------------------------------------------------------------ statistics against references
@pytest.mark.parametrize("seed", range(5))
def test_friedman_statistic_equals_scipy_without_ties(seed):
    rng = np.random.RandomState(seed)
    scores = rng.uniform(size=(12 + seed, 3 + seed)) + 0.05 * np.arange(3 + seed)
    ours = analysis.friedman_statistic(analysis.average_ranks(scores))
    reference = stats.friedmanchisquare(*scores.T).statistic
    assert ours == pytest.approx(reference, rel=1e-12)


def test_average_ranks_share_ties_and_rank_the_highest_first():
    ranks = analysis.average_ranks([[0.9, 0.9, 0.1, 0.95], [0.1, 0.2, 0.3, 0.4]])
    np.testing.assert_array_equal(ranks, [[2.5, 2.5, 4.0, 1.0], [4.0, 3.0, 2.0, 1.0]])
    assert np.all(ranks.sum(axis=1) == 10)  # 1 + 2 + 3 + 4, whatever the ties


@pytest.mark.parametrize("k, q", [(2, 1.960), (3, 2.343), (5, 2.728), (10, 3.164)])
def test_nemenyi_cd_uses_demsar_table(k, q):
    # Demšar (2006), Table 5(a): critical values q_0.05 of the two-tailed Nemenyi test.
    N = 30
    assert analysis.nemenyi_cd(k, N) == pytest.approx(q * np.sqrt(k * (k + 1) / (6 * N)), abs=2e-3)


def test_iman_davenport_formula():
    chi2, N, k = 20.0, 25, 6
    F, p = analysis.iman_davenport(chi2, N, k)
    assert F == pytest.approx((N - 1) * chi2 / (N * (k - 1) - chi2))
    assert p == pytest.approx(stats.f.sf(F, k - 1, (k - 1) * (N - 1)))


@pytest.mark.parametrize("seed", range(20))
def test_mcc_threshold_maximises_mcc(seed):
    rng = np.random.RandomState(seed)
    y = rng.randint(0, 2, size=rng.randint(8, 60))
    y[:2] = [0, 1]
    score = np.round(rng.uniform(size=y.size) + 0.3 * y, 1)  # many ties
    t = benchmark.mcc_threshold(y, score)
    best = max(sk_mcc(y, (score >= v).astype(int)) for v in np.unique(score))
    assert sk_mcc(y, (score >= t).astype(int)) == pytest.approx(best, abs=1e-12)


def test_knn_class_weights_reweight_the_votes():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(60, 2))
    y = (np.arange(60) < 10).astype(int)
    plain = benchmark.fit_scores("knn", X, y, X, 0)
    weighted = benchmark.fit_scores("knn", X, y, X, 0, class_weight="balanced")
    w = benchmark.knn_vote_weights(y)  # 60 / (2 * 50), 60 / (2 * 10)
    np.testing.assert_allclose(w, [0.6, 3.0])
    expected = plain * w[1] / (plain * w[1] + (1 - plain) * w[0])
    np.testing.assert_allclose(weighted, expected)


def test_bad_classifier_and_ensemble_names():
    with pytest.raises(ValueError, match=r"classifier='svm' is not one of \('lr', 'knn', 'tree', 'hgb'\)"):
        benchmark.make_classifier("svm", 0)
    with pytest.raises(ValueError, match=r"method='bagging' is not one of"):
        benchmark.make_ensemble("bagging", 0)


def test_seeds_depend_on_dataset_repeat_and_fold_only():
    assert benchmark.fold_seed("yeast4", 0, 1) == benchmark.fold_seed("yeast4", 0, 1)
    assert len({benchmark.fold_seed("yeast4", r, f) for r in range(2) for f in range(5)}) == 10
    assert benchmark.split_seed("yeast4", 0) != benchmark.split_seed("yeast4", 1)


def test_selection_counts_each_data_set_once_and_keeps_small_feature_counts():
    names = benchmark.keel_selection()
    assert len(names) == len(set(names)) >= 60
    assert "hiva" not in names and "glass" not in names  # 1617 features; a duplicate of glass2


def test_cliques_join_methods_within_the_cd():
    assert figures.cliques([1.0, 1.5, 3.0, 3.2], cd=1.0) == [[0, 1], [2, 3]]
    assert figures.cliques([1.0, 2.0, 3.0], cd=0.5) == []


# ------------------------------------------------------------------ the committed results file
@needs_results
def test_results_file_has_whole_data_sets_and_the_protocols_seeds():
    rows = analysis.read_results()
    results = analysis.load()
    assert len(results.datasets) >= 1 and results.n_repeats == 2
    assert results.n_rows == len(results.datasets) * 10 * (4 * len(benchmark.METHODS) + len(benchmark.ENSEMBLES))
    for row in rows[:200]:
        assert row["seed"] == benchmark.fold_seed(row["dataset"], row["repeat"], row["fold"])
    meta = analysis.read_meta()
    assert {"numpy", "scikit-learn", "imbalanced-learn"} <= set(meta["versions"])


@needs_results
@pytest.mark.parametrize("classifier, method", [("lr", "smote"), ("knn", "class_weight"), ("tree", "threshold")])
def test_a_row_of_the_file_is_recomputed_exactly(classifier, method):
    results = analysis.load()
    dataset = results.datasets[0]
    row = next(r for r in analysis.read_results() if (r["dataset"], r["classifier"], r["method"], r["repeat"], r["fold"])
               == (dataset, classifier, method, 1, 2))
    again = benchmark.recompute_row(dataset, classifier, method, 1, 2)
    for column in (*benchmark.METRICS, "threshold"):
        assert again[column] == pytest.approx(row[column], abs=1e-12)


@needs_results
def test_win_tie_loss_counts_cover_every_data_set():
    results = analysis.load()
    for (w, t, l) in analysis.win_tie_loss(results, "lr", "mcc").values():
        assert w + t + l == len(results.datasets)
    # "threshold tuned" against itself ties everywhere; for a ranking metric so does "no resampling"
    assert analysis.win_tie_loss(results, "hgb", "ap")[("hgb", "none")] == (0, len(results.datasets), 0)


@needs_results
def test_explorer_numbers_are_the_analysis():
    from negedu.chapters.evidence import explorer

    numbers = explorer.ranking_numbers("decision tree", "MCC")
    comp = analysis.comparison(analysis.load(), "tree", "mcc")
    assert numbers["Nemenyi CD (α = 0.05)"] == pytest.approx(comp["cd"])
    assert numbers["data sets (N)"] == comp["N"]
    ranks = [v for k, v in numbers.items() if k.startswith("rank of")]
    assert ranks == [float(r) for r in comp["mean_ranks"]]  # the benchmark's order, the same in every state
    assert sum(ranks) == pytest.approx(comp["k"] * (comp["k"] + 1) / 2)
    labels = [[k for k in explorer.ranking_numbers(c, m) if k.startswith("rank of")]
              for c, m in (("decision tree", "MCC"), ("logistic regression", "average precision"))]
    assert labels[0] == labels[1]


# ------------------------------------------------------------------ the exercise checks
@needs_results
def test_check_first_choice():
    group, _ = checks.top_group("hgb", "mcc")
    assert checks.check_first_choice(group[0], classifier="hgb", metric="mcc")
    assert checks.check_first_choice(..., classifier="hgb", metric="mcc").status == "unanswered"
    assert "should be one of" in checks.check_first_choice("SMOTE!", classifier="hgb", metric="mcc").message
    outside = [k for k in checks.METHOD_KEYS if k not in group]
    if outside:
        feedback = checks.check_first_choice(outside[0], classifier="hgb", metric="mcc")
        assert not feedback and "critical difference" in feedback.message


@needs_results
def test_check_wins_and_its_hints():
    results = analysis.load()
    w, t, l = analysis.win_tie_loss(results, "tree", "mcc")[("tree", "rus")]
    assert checks.check_wins(w, classifier="tree", metric="mcc", method="rus")
    if t:
        assert "ties" in checks.check_wins(w + t, classifier="tree", metric="mcc", method="rus").message


def test_check_mean_rank():
    def right(scores, j):
        return float(analysis.average_ranks(scores)[:, j].mean())

    def reversed_ranks(scores, j):
        return float(analysis.average_ranks(-np.asarray(scores))[:, j].mean())

    assert checks.check_mean_rank(right)
    assert "highest score" in checks.check_mean_rank(reversed_ranks).message
    assert checks.check_mean_rank(lambda scores, j: None).status == "unanswered"


def _fake_rows(datasets, folds=((0, 0), (0, 1), (1, 0), (1, 1)), seed=0):
    rng = np.random.RandomState(seed)
    rows = []
    for dataset in datasets:
        for classifier in benchmark.CLASSIFIERS:
            for _, method in analysis.entries(classifier):
                owner = "ensemble" if method in benchmark.ENSEMBLES else classifier
                for repeat, fold in folds:
                    rows.append({"dataset": dataset, "classifier": owner, "method": method, "repeat": repeat,
                                 "fold": fold, "note": "", **{m: float(rng.uniform()) for m in benchmark.METRICS}})
    return rows


def test_results_keep_only_complete_data_sets_and_average_the_folds():
    rows = _fake_rows(["a", "b", "c"])
    rows = [r for r in rows if not (r["dataset"] == "c" and r["fold"] == 1)]  # c lost a fold
    results = analysis.Results(rows)
    assert results.datasets == ["a", "b"]
    expected = np.mean([r["ap"] for r in rows if r["dataset"] == "b" and r["classifier"] == "lr"
                        and r["method"] == "smote"])
    column = [m for _, m in analysis.entries("lr")].index("smote")
    assert results.mean("ap", "lr")[1, column] == pytest.approx(expected)
    assert analysis.subset(results, ["b"]).mean("ap", "lr")[0, column] == pytest.approx(expected)


def test_bootstrap_interval_brackets_the_mean():
    values = np.random.RandomState(1).normal(0.02, 0.05, size=40)
    mean, low, high = analysis.bootstrap_mean_ci(values)
    assert low < mean < high and mean == pytest.approx(values.mean())
    assert analysis.bootstrap_mean_ci(values) == (mean, low, high)  # seeded
