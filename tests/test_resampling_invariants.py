"""Invariants every sampler of negedu.resampling keeps, checked over a registry of samplers.

Each registry entry is a ``Sampler`` record: an id, a factory ``make(random_state)`` returning
a fresh sampler, and what the sampler promises:

* ``family``: ``"under"`` (keeps exactly ``sampling_strategy_[c]`` rows of each targeted
  class), ``"clean"`` (only removes rows of targeted classes, never adds or duplicates),
  ``"over"`` (keeps every original row first, in order, then adds rows), or ``"combine"``
  (over-samples with ``smote_``, then a cleaner only removes rows of that result);
* ``exact_counts``: the class counts are exactly the requested ones (ADASYN's rounding and
  NearMiss-3's candidate set make them approximate: False);
* ``has_indices``: the sampler exposes ``sample_indices_``;
* ``random``: the output depends on ``random_state`` (default False);
* ``rejects_nan``: NaN in ``X`` is an error (default True; the random samplers only pick rows
  and accept any values, as imbalanced-learn does).

Defaults: ``exact_counts=True, has_indices=True, random=False, rejects_nan=True``.

Add a sampler by appending a record to ``SAMPLERS`` (the over-samplers and combinations go in
the marked block). Checks specific to one family (for example that SMOTE points lie on segments
between minority neighbours) live in that family's test file.
"""

from collections import namedtuple

import numpy as np
import pytest
from imblearn.pipeline import Pipeline
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression

from negedu.resampling import (
    ADASYN,
    SMOTE,
    SMOTEENN,
    BorderlineSMOTE,
    EditedNearestNeighbours,
    NearMiss,
    RandomOverSampler,
    RandomUnderSampler,
    SMOTETomek,
    TomekLinks,
)

Sampler = namedtuple(
    "Sampler", "id make family exact_counts has_indices random rejects_nan", defaults=(True, True, False, True)
)

SAMPLERS = [
    # ---- under-samplers and cleaners (worker A) ----
    Sampler("RandomUnderSampler", lambda rs: RandomUnderSampler(random_state=rs), "under", random=True, rejects_nan=False),
    Sampler(
        "RandomUnderSampler-replacement",
        lambda rs: RandomUnderSampler(random_state=rs, replacement=True),
        "under",
        random=True,
        rejects_nan=False,
    ),
    Sampler(
        "RandomUnderSampler-all",
        lambda rs: RandomUnderSampler(sampling_strategy="all", random_state=rs),
        "under",
        random=True,
        rejects_nan=False,
    ),
    Sampler("TomekLinks", lambda rs: TomekLinks(), "clean"),
    Sampler("TomekLinks-all", lambda rs: TomekLinks(sampling_strategy="all"), "clean"),
    Sampler("NearMiss-1", lambda rs: NearMiss(version=1), "under"),
    Sampler("NearMiss-2", lambda rs: NearMiss(version=2), "under"),
    # NearMiss-3 keeps at most its candidates, which can be fewer than asked (it warns)
    Sampler("NearMiss-3", lambda rs: NearMiss(version=3, n_neighbors_ver3=10), "under", exact_counts=False),
    Sampler("ENN", lambda rs: EditedNearestNeighbours(), "clean"),
    Sampler("ENN-mode", lambda rs: EditedNearestNeighbours(kind_sel="mode", sampling_strategy="all"), "clean"),
    # ---- over-samplers and combinations (worker B): append entries below ----
    Sampler("RandomOverSampler", lambda rs: RandomOverSampler(random_state=rs), "over", random=True, rejects_nan=False),
    Sampler(
        "RandomOverSampler-all",
        lambda rs: RandomOverSampler(sampling_strategy="all", random_state=rs),
        "over",
        random=True,
        rejects_nan=False,
    ),
    # noisy copies: X_res differs from X[sample_indices_] on the new rows, so has_indices=False here
    Sampler(
        "RandomOverSampler-shrinkage",
        lambda rs: RandomOverSampler(random_state=rs, shrinkage=1.5),
        "over",
        has_indices=False,
        random=True,
    ),
    Sampler("SMOTE", lambda rs: SMOTE(random_state=rs), "over", has_indices=False, random=True),
    Sampler(
        "SMOTE-k3-minority",
        lambda rs: SMOTE(sampling_strategy="minority", k_neighbors=3, random_state=rs),
        "over",
        has_indices=False,
        random=True,
    ),
    Sampler("BorderlineSMOTE-1", lambda rs: BorderlineSMOTE(random_state=rs), "over", has_indices=False, random=True),
    Sampler(
        "BorderlineSMOTE-2",
        lambda rs: BorderlineSMOTE(kind="borderline-2", random_state=rs),
        "over",
        has_indices=False,
        random=True,
    ),
    # ADASYN shares the request out by rounding: the counts are close to, not exactly, the request
    # ("minority": on nearly balanced classes a small request can round to no sample at all)
    Sampler(
        "ADASYN",
        lambda rs: ADASYN(sampling_strategy="minority", random_state=rs),
        "over",
        exact_counts=False,
        has_indices=False,
        random=True,
    ),
    Sampler("SMOTETomek", lambda rs: SMOTETomek(random_state=rs), "combine", has_indices=False, random=True),
    Sampler("SMOTEENN", lambda rs: SMOTEENN(random_state=rs), "combine", has_indices=False, random=True),
]

# SMOTE-family entries: (where a base sample's neighbours come from, k). Every synthetic row
# must lie on a segment from a sample of its class to one of that sample's k nearest neighbours
# in that pool: its own class, or (Borderline-SMOTE-2) the whole data set.
SEGMENT_RULES = {
    "SMOTE": ("class", 5),
    "SMOTE-k3-minority": ("class", 3),
    "BorderlineSMOTE-1": ("class", 5),
    "BorderlineSMOTE-2": ("all", 5),
    "ADASYN": ("class", 5),
    "SMOTETomek": ("class", 5),
    "SMOTEENN": ("class", 5),
}

IDS = [s.id for s in SAMPLERS]


def make_data(seed, dtype=np.float64):
    """Continuous data, 2 or 3 classes, 60-400 rows; every class has at least 25 rows."""
    rng = np.random.RandomState(seed)
    n_classes = 2 + seed % 2
    counts = rng.randint(25, 200, size=n_classes)
    y = np.repeat(np.arange(n_classes), counts)
    rng.shuffle(y)
    n_features = rng.randint(2, 12)
    centres = rng.normal(scale=1.2, size=(n_classes, n_features))
    X = rng.normal(size=(y.size, n_features)) + centres[y]
    return X.astype(dtype), y


def run(entry, X, y, random_state=0):
    sampler = entry.make(random_state)
    with np.errstate(all="raise"):
        X_res, y_res = sampler.fit_resample(X, y)
    return sampler, X_res, y_res


def class_counts(y, labels):
    return np.array([np.sum(y == label) for label in labels])


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("entry", SAMPLERS, ids=IDS)
@pytest.mark.parametrize("seed", range(4))
def test_counts_follow_the_family_contract(entry, seed):
    X, y = make_data(seed)
    sampler, X_res, y_res = run(entry, X, y)
    labels = np.unique(y)
    before, after = class_counts(y, labels), class_counts(y_res, labels)
    # a combiner keeps its sampling_strategy_ raw; its SMOTE step holds the resolved one
    strategy = sampler.smote_.sampling_strategy_ if entry.family == "combine" else sampler.sampling_strategy_
    assert len(X_res) == len(y_res) and X_res.shape[1] == X.shape[1]
    assert set(np.unique(y_res)) <= set(labels)
    for label, n_before, n_after in zip(labels.tolist(), before, after):
        if entry.family == "combine":  # SMOTE adds strategy[label] rows, then the cleaner only removes
            assert n_after <= n_before + strategy.get(label, 0)
        elif label not in strategy:
            assert n_after == n_before, f"class {label} is not targeted but changed"
        elif entry.family == "under":
            expected = strategy[label]
            assert n_after == expected if entry.exact_counts else n_after <= n_before
        elif entry.family == "clean":
            assert n_after <= n_before
        else:  # over
            if entry.exact_counts:
                assert n_after == n_before + strategy[label]
            else:
                assert n_after >= n_before


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("entry", SAMPLERS, ids=IDS)
def test_rows_are_original_rows_or_appended(entry):
    X, y = make_data(7)
    sampler, X_res, y_res = run(entry, X, y)
    if entry.has_indices:
        idx = sampler.sample_indices_
        assert idx.dtype.kind == "i" and idx.shape == (len(X_res),)
        np.testing.assert_array_equal(X_res, X[idx])
        np.testing.assert_array_equal(y_res, y[idx])
    if entry.family == "clean":
        # cleaners only remove: every row once at most, in an order that is a selection
        idx = sampler.sample_indices_
        assert np.unique(idx).size == idx.size
    if entry.family == "over":
        np.testing.assert_array_equal(X_res[: len(X)], X)  # every original row first, in order
        np.testing.assert_array_equal(y_res[: len(y)], y)
    if entry.family == "under" and not getattr(sampler, "replacement", False):
        assert np.unique(sampler.sample_indices_).size == len(X_res)
    if entry.family == "combine":  # the cleaning step only removes rows of the over-sampled set
        X_over, y_over = clone(sampler.smote_).fit_resample(X, y)
        over_rows = {(tuple(row), label) for row, label in zip(X_over.tolist(), y_over.tolist())}
        kept_rows = [(tuple(row), label) for row, label in zip(X_res.tolist(), y_res.tolist())]
        assert len(set(kept_rows)) == len(kept_rows) and set(kept_rows) <= over_rows
        assert len(kept_rows) < len(over_rows)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("entry", SAMPLERS, ids=IDS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_inputs_unchanged_and_dtypes_kept(entry, dtype):
    X, y = make_data(3, dtype)
    X_before, y_before = X.copy(), y.copy()
    _, X_res, y_res = run(entry, X, y)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    assert X_res.dtype == dtype and y_res.dtype == y.dtype
    # the outputs are new arrays: writing into them cannot change the caller's X and y
    assert not np.shares_memory(X_res, X) and not np.shares_memory(y_res, y)
    # and a list of lists gives the same result as the array
    _, X_list, y_list = run(entry, X.tolist(), y.tolist())
    if dtype == np.float64:
        np.testing.assert_array_equal(X_list, X_res)
        np.testing.assert_array_equal(y_list, y_res)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("entry", SAMPLERS, ids=IDS)
def test_label_names_do_not_matter(entry):
    X, y = make_data(4)
    names = np.array(["apple", "banana", "cherry"])[y]  # same order as 0, 1, 2
    _, X_num, y_num = run(entry, X, y)
    _, X_str, y_str = run(entry, X, names)
    np.testing.assert_array_equal(X_num, X_str)
    np.testing.assert_array_equal(np.array(["apple", "banana", "cherry"])[y_num], y_str)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("entry", SAMPLERS, ids=IDS)
def test_same_seed_same_rows_and_clone(entry):
    X, y = make_data(5)
    _, X_a, y_a = run(entry, X, y, random_state=11)
    _, X_b, y_b = run(entry, X, y, random_state=11)
    np.testing.assert_array_equal(X_a, X_b)
    np.testing.assert_array_equal(y_a, y_b)
    if entry.random:
        _, X_c, _ = run(entry, X, y, random_state=12)
        assert not np.array_equal(X_a, X_c)
    sampler = entry.make(11)
    twin = clone(sampler)
    assert type(twin) is type(sampler) and twin is not sampler
    assert repr(twin) == repr(sampler)
    np.testing.assert_array_equal(twin.fit_resample(X, y)[0], X_a)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("entry", SAMPLERS, ids=IDS)
def test_works_inside_imblearn_pipeline(entry):
    X, y = make_data(6)
    pipe = Pipeline([("sampler", entry.make(0)), ("model", LogisticRegression())])
    predictions = pipe.fit(X, y).predict(X)
    assert predictions.shape == y.shape and set(predictions) <= set(y)


@pytest.mark.parametrize("entry", SAMPLERS, ids=IDS)
def test_bad_input_is_rejected_with_a_clear_message(entry):
    X, y = make_data(2)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        entry.make(0).fit_resample(X[:-1], y)
    with pytest.raises(ValueError, match=r"y has 1 class"):
        entry.make(0).fit_resample(X, np.zeros(len(y), dtype=int))
    with pytest.raises(ValueError, match="y looks continuous"):
        entry.make(0).fit_resample(X, y + 0.5)
    if entry.rejects_nan:
        X_nan = X.copy()
        X_nan[3, 0] = np.nan
        with pytest.raises(ValueError, match="X contains NaN"):
            entry.make(0).fit_resample(X_nan, y)


def _segments(bases, pool, k):
    """Each row x_i of ``bases`` (rows of ``pool``) with the gaps x_nn - x_i to its k nearest
    other rows of ``pool``: arrays (n_bases, n_features) and (n_bases, k, n_features)."""
    d = ((bases[:, None, :] - pool[None, :, :]) ** 2).sum(-1)  # (n_bases, n_pool)
    neighbours = np.argsort(d, axis=1, kind="stable")[:, 1 : k + 1]  # (n_bases, k), self dropped
    return bases, pool[neighbours] - bases[:, None, :]


def _on_a_segment(point, segments, tol=1e-9):
    """True if ``point`` = x_i + t (x_nn - x_i) with t in [0, 1] for one of the ``segments``."""
    bases, v = segments
    u = point - bases  # (n_bases, n_features): point - x_i
    t = np.clip(np.einsum("bkf,bf->bk", v, u) / (v * v).sum(-1), 0.0, 1.0)  # (n_bases, k)
    residual = np.abs(u[:, None, :] - t[..., None] * v).max(-1)
    return bool((residual <= tol).any())


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("entry", [s for s in SAMPLERS if s.id in SEGMENT_RULES], ids=lambda s: s.id)
@pytest.mark.parametrize("seed", range(2))
def test_smote_family_points_lie_on_segments_to_neighbours(entry, seed):
    X, y = make_data(seed)
    _, X_res, y_res = run(entry, X, y, random_state=seed)
    pool_kind, k = SEGMENT_RULES[entry.id]
    segments = {
        label: _segments(X[y == label], X if pool_kind == "all" else X[y == label], k)
        for label in np.unique(y)
    }
    original = {tuple(row) for row in X.tolist()}
    synthetic = [i for i, row in enumerate(X_res.tolist()) if tuple(row) not in original]
    assert synthetic, "the sampler made no new point"
    for i in synthetic:
        assert _on_a_segment(X_res[i], segments[y_res[i]]), f"row {i} is off every segment"
    # the check can fail: a point pushed off its segment is caught
    assert not _on_a_segment(X_res[synthetic[0]] + 1e-3, segments[y_res[synthetic[0]]])
