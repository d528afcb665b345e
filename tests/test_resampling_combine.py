"""SMOTE-Tomek and SMOTE-ENN: compositions of SMOTE with a cleaning sampler.

(a) ``ours`` against imbalanced-learn's ``SMOTETomek`` / ``SMOTEENN`` on seeded data;
(b) against the definition: the composition written out in the test, and the Tomek rule
    "both ends of every link go" checked by brute force;
(c) the objects: sub-samplers copied unfitted, ``sampling_strategy_`` kept raw, errors pinned.
"""

import numpy as np
import pytest
from imblearn import combine as reference
from imblearn.over_sampling import SMOTE as RefSMOTE
from imblearn.under_sampling import EditedNearestNeighbours as RefENN
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import TomekLinks as RefTomekLinks
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score
from test_resampling_over import assert_same, make_data, min_class_size, pick_strategy

from negedu.resampling import (
    SMOTE,
    SMOTEENN,
    BorderlineSMOTE,
    EditedNearestNeighbours,
    SMOTETomek,
    TomekLinks,
    smote,
    smote_enn,
    smote_tomek,
)

SEEDS = range(14)


def small_data(seed, n_classes=None):
    """The over-sampling data sets, 150 to 600 samples (every class has more than 5)."""
    rng = np.random.RandomState(seed)
    return make_data(seed, n_samples=int(rng.randint(150, 600)), n_classes=n_classes)


# --------------------------------------------------------------------------------------
# (a) against imbalanced-learn
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_smote_tomek_matches_reference(seed):
    X, y = small_data(seed)
    strategy = pick_strategy(y, seed)
    ours = SMOTETomek(sampling_strategy=strategy, random_state=seed).fit_resample(X, y)
    ref = reference.SMOTETomek(sampling_strategy=strategy, random_state=seed).fit_resample(X, y)
    assert_same(ours, ref)
    assert_same(smote_tomek(X, y, sampling_strategy=strategy, random_state=seed), ref)


@pytest.mark.parametrize("seed", SEEDS)
def test_smote_enn_matches_reference(seed):
    X, y = small_data(seed)
    strategy = pick_strategy(y, seed)
    ours = SMOTEENN(sampling_strategy=strategy, random_state=seed).fit_resample(X, y)
    ref = reference.SMOTEENN(sampling_strategy=strategy, random_state=seed).fit_resample(X, y)
    assert_same(ours, ref)
    assert_same(smote_enn(X, y, sampling_strategy=strategy, random_state=seed), ref)


@pytest.mark.parametrize("seed", range(4))
def test_given_sub_samplers_are_used_like_reference(seed):
    """A given smote replaces the combiner's own sampling_strategy and random_state."""
    X, y = small_data(seed, n_classes=3)
    k = int(min(3, min_class_size(y) - 1))
    ours = SMOTETomek(
        sampling_strategy="minority", random_state=99,
        smote=SMOTE(k_neighbors=k, random_state=seed), tomek=TomekLinks(),
    ).fit_resample(X, y)
    ref = reference.SMOTETomek(
        sampling_strategy="minority", random_state=99,
        smote=RefSMOTE(k_neighbors=k, random_state=seed), tomek=RefTomekLinks(),
    ).fit_resample(X, y)
    assert_same(ours, ref)
    ours = SMOTEENN(
        smote=SMOTE(sampling_strategy="all", k_neighbors=k, random_state=seed),
        enn=EditedNearestNeighbours(n_neighbors=5, kind_sel="mode"),
    ).fit_resample(X, y)
    ref = reference.SMOTEENN(
        smote=RefSMOTE(sampling_strategy="all", k_neighbors=k, random_state=seed),
        enn=RefENN(n_neighbors=5, kind_sel="mode"),
    ).fit_resample(X, y)
    assert_same(ours, ref)


def test_random_state_instance_is_copied_like_reference():
    """A RandomState inside a given smote is copied (as sklearn's clone does), not advanced."""
    X, y = small_data(2)
    ours_rs, ref_rs = np.random.RandomState(5), np.random.RandomState(5)
    for _ in range(2):
        ours = SMOTEENN(smote=SMOTE(random_state=ours_rs)).fit_resample(X, y)
        ref = reference.SMOTEENN(smote=RefSMOTE(random_state=ref_rs)).fit_resample(X, y)
        assert_same(ours, ref)
    assert np.array_equal(ours_rs.get_state()[1], np.random.RandomState(5).get_state()[1])


# --------------------------------------------------------------------------------------
# (b) the definition: a composition, and both ends of each Tomek link removed
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_combiners_are_smote_then_the_cleaner(seed):
    X, y = small_data(seed)
    X_over, y_over = smote(X, y, random_state=seed)
    expected = TomekLinks(sampling_strategy="all").fit_resample(X_over, y_over)
    assert_same(smote_tomek(X, y, random_state=seed), expected)
    expected = EditedNearestNeighbours(sampling_strategy="all").fit_resample(X_over, y_over)
    assert_same(smote_enn(X, y, random_state=seed), expected)


def brute_tomek_ends(X, y):
    """Rows in a Tomek link: mutual nearest neighbours with different labels (brute force)."""
    d = ((X[:, None, :].astype(float) - X[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    nn = d.argmin(axis=1)
    linked = (y[nn] != y) & (nn[nn] == np.arange(len(y)))
    return np.flatnonzero(linked)


@pytest.mark.parametrize("seed", range(4))
def test_smote_tomek_removes_both_ends_of_every_link(seed):
    rng = np.random.RandomState(seed)  # two overlapping Gaussians: many links
    X = np.r_[rng.normal(0, 1, (150, 2)), rng.normal(1, 1, (40, 2))]
    y = np.r_[np.zeros(150, int), np.ones(40, int)]
    X_over, y_over = smote(X, y, random_state=seed)
    ends = brute_tomek_ends(X_over, y_over)
    assert len(np.unique(y_over[ends])) == 2  # links have a minority end and a majority end
    keep = np.setdiff1d(np.arange(len(y_over)), ends)
    X_res, y_res = smote_tomek(X, y, random_state=seed)
    assert np.array_equal(X_res, X_over[keep]) and np.array_equal(y_res, y_over[keep])
    # TomekLinks alone ("auto") removes the majority ends only; the combiner also the minority ones
    X_auto, _ = smote_tomek(X, y, random_state=seed, tomek=TomekLinks())
    assert len(X_auto) == len(y_over) - np.sum(y_over[ends] == np.argmax(np.bincount(y)))


def test_a_hand_made_link_loses_both_ends():
    """A minority point and a majority point that are each other's nearest neighbour both go."""
    X = np.array([[0.0, 0.0], [0.1, 0.0], [3.0, 3.0], [3.2, 3.1], [3.1, 2.8], [-2.0, 0.3],
                  [-2.2, 0.1], [-2.1, -0.2], [-1.9, -0.4], [0.05, 3.0]])
    y = np.array([0, 1, 1, 1, 1, 0, 0, 0, 0, 0])
    assert brute_tomek_ends(X, y).tolist() == [0, 1]
    # SMOTE adds two class-1 points near rows 2-4 (away from the link at rows 0 and 1)
    X_res, y_res = smote_tomek(X, y, smote=SMOTE(k_neighbors=2, random_state=0))
    remaining = {tuple(row) for row in X_res}
    assert (0.0, 0.0) not in remaining and (0.1, 0.0) not in remaining
    assert len(X_res) == 10 + 2 - 2


# --------------------------------------------------------------------------------------
# (c) objects, attributes and errors
# --------------------------------------------------------------------------------------


def test_attributes_and_unfitted_sub_samplers():
    X, y = small_data(1)
    given = SMOTE(k_neighbors=3, random_state=0)
    sampler = SMOTETomek(sampling_strategy="all", smote=given)
    sampler.fit_resample(X, y)
    assert sampler.sampling_strategy_ == "all"  # kept raw, as imbalanced-learn does
    assert sampler.smote_ is not given and not hasattr(given, "sampling_strategy_")
    assert hasattr(sampler.smote_, "sampling_strategy_") and hasattr(sampler.tomek_, "sample_indices_")
    assert repr(sampler.tomek_) == "TomekLinks(sampling_strategy='all')"
    enn_sampler = SMOTEENN(random_state=0, n_jobs=2)
    enn_sampler.fit_resample(X, y)
    assert enn_sampler.enn_.sampling_strategy == "all" and enn_sampler.enn_.n_neighbors == 3
    assert enn_sampler.smote_.random_state == 0 and enn_sampler.sampling_strategy_ == "auto"


def test_any_over_sampler_can_be_the_first_step():
    """Deliberate difference: imbalanced-learn accepts only its own SMOTE class here."""
    X, y = small_data(3, n_classes=2)
    from imblearn.over_sampling import BorderlineSMOTE as RefBorderline
    from sklearn.utils._param_validation import InvalidParameterError

    with pytest.raises(InvalidParameterError, match="smote"):
        reference.SMOTEENN(smote=RefBorderline(random_state=0)).fit_resample(X, y)
    X_res, y_res = SMOTEENN(smote=BorderlineSMOTE(random_state=0)).fit_resample(X, y)
    X_b, y_b = BorderlineSMOTE(random_state=0).fit_resample(X, y)
    assert_same((X_res, y_res), EditedNearestNeighbours(sampling_strategy="all").fit_resample(X_b, y_b))


def test_inputs_are_not_modified():
    X, y = small_data(4)
    X_before, y_before = X.copy(), y.copy()
    for X_res, _ in (smote_tomek(X, y, random_state=0), SMOTEENN(random_state=0).fit_resample(X, y)):
        assert not np.shares_memory(X_res, X)
    assert np.array_equal(X, X_before) and np.array_equal(y, y_before)


@pytest.mark.parametrize("cls, name", [(SMOTETomek, "tomek"), (SMOTEENN, "enn")])
def test_sub_samplers_must_be_samplers(cls, name):
    X, y = small_data(0)
    with pytest.raises(TypeError, match=r"smote must be a sampler object with a fit_resample method, such as SMOTE\(k_neighbors=3\), got 5 of type int"):
        cls(smote=5).fit_resample(X, y)
    with pytest.raises(TypeError, match=rf"{name} must be a sampler object with a fit_resample method, .* got 'all' of type str"):
        cls(**{name: "all"}).fit_resample(X, y)
    with pytest.raises(TypeError, match=r"smote must be a sampler object .* got <class .*SMOTE'> of type type"):
        cls(smote=SMOTE).fit_resample(X, y)


@pytest.mark.parametrize("fn", [smote_tomek, smote_enn])
def test_input_errors(fn):
    X, y = small_data(0)
    with pytest.raises(ValueError, match=r"inconsistent numbers of samples"):
        fn(X, y[:-1])
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match=r"X contains NaN"):
        fn(X_nan, y)
    with pytest.raises(ValueError, match=r"y has 1 class"):
        fn(X, np.zeros_like(y))
    # the combiner's own strategy is checked against y even when smote is given
    with pytest.raises(ValueError, match=r"sampling_strategy has the key\(s\) \[9\], which is not a class of y"):
        fn(X, y, sampling_strategy={9: 10}, smote=SMOTE())
    with pytest.raises(ValueError, match=r"SMOTE needs more samples than k_neighbors in every class it over-samples"):
        fn(X[:20], np.r_[np.zeros(17, int), np.ones(3, int)])


def test_clone_pipeline_and_grid_search_like_reference():
    X, y = small_data(5, n_classes=2)
    ours = SMOTETomek(random_state=0, smote=SMOTE(k_neighbors=3, random_state=1))
    copy = clone(ours)
    assert copy is not ours and copy.smote is not ours.smote and repr(copy) == repr(ours)
    ref = reference.SMOTETomek(random_state=0, smote=RefSMOTE(k_neighbors=3, random_state=1))
    scores = [cross_val_score(make_pipeline(s, LogisticRegression()), X, y, cv=3) for s in (ours, ref)]
    np.testing.assert_array_equal(*scores)
    scores = [
        cross_val_score(make_pipeline(s, LogisticRegression()), X, y, cv=3)
        for s in (SMOTEENN(random_state=2), reference.SMOTEENN(random_state=2))
    ]
    np.testing.assert_array_equal(*scores)
    grid = {"smotetomek__smote__k_neighbors": [2, 4]}
    search = GridSearchCV(make_pipeline(ours, LogisticRegression()), grid, cv=3).fit(X, y)
    assert search.best_params_["smotetomek__smote__k_neighbors"] in (2, 4)
