"""Every estimator and sampler of the core works inside scikit-learn's and imbalanced-learn's tools.

The classes are discovered as in ``tests/test_estimators.py`` (each public module's ``__all__``),
so a new estimator is covered as soon as it is exported. For each: a pipeline after a scaler
(samplers: imbalanced-learn's pipeline before a scikit-learn classifier), ``cross_val_score``,
``GridSearchCV`` over one parameter, ``clone``, ``is_classifier`` / ``is_outlier_detector`` and
``get_tags``.
"""

import subprocess
import sys

import numpy as np
import pytest
from imblearn.pipeline import make_pipeline as make_imblearn_pipeline
from sklearn.base import clone, is_classifier, is_outlier_detector
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import get_tags

from negedu._estimator import estimator_type
from test_estimators import CLASSES, _data, _make

KIND = {cls.__name__: estimator_type(cls) for cls in CLASSES}
# one parameter each grid search tunes (two values valid for the data of _data)
GRID = {
    "ADASYN": {"n_neighbors": [3, 5]},
    "BorderlineSMOTE": {"k_neighbors": [3, 5]},
    "SMOTE": {"k_neighbors": [3, 5]},
    "SMOTEENN": {"sampling_strategy": ["auto", 0.8]},
    "SMOTETomek": {"sampling_strategy": ["auto", 0.8]},
    "EditedNearestNeighbours": {"kind_sel": ["all", "mode"]},
    "TomekLinks": {"sampling_strategy": ["auto", "all"]},
    "NearMiss": {"version": [1, 2]},
    "RandomOverSampler": {"shrinkage": [None, 0.5]},
    "RandomUnderSampler": {"replacement": [False, True]},
    "AdaBoostClassifier": {"n_estimators": [2, 5]},
    "BalancedRandomForestClassifier": {"n_estimators": [3, 5]},
    "DecisionTreeClassifier": {"max_depth": [1, 3]},
    "EasyEnsembleClassifier": {"n_estimators": [2, 3]},
    "IsolationForest": {"n_estimators": [10, 20]},
    "LocalOutlierFactor": {"n_neighbors": [3, 5]},
    "NearestNeighbors": {"n_neighbors": [3, 5]},
    "OpenMax": {"alpha": [1, 2]},
    "EvidentialClassifier": {"n_epochs": [50, 100]},
}
FAST = {"BalancedRandomForestClassifier": {"n_estimators": 5}, "EasyEnsembleClassifier": {"n_estimators": 3},
        "IsolationForest": {"n_estimators": 20}, "OpenMax": {"tail_size": 5}}


def _estimator(cls):
    return _make(cls).set_params(**FAST.get(cls.__name__, {}))


def _grid(estimator):
    name = type(estimator).__name__
    if name in GRID:
        return GRID[name]
    params = estimator.get_params(deep=False)
    for candidate, values in (("C", [0.5, 1.0]), ("estimator__C", [0.5, 1.0]), ("random_state", [0, 1])):
        if candidate in estimator.get_params(deep=True):
            return {candidate: values}
    pytest.fail(f"no parameter to tune for {name}: add it to GRID (parameters: {sorted(params)})")


def _score_without_a_classifier(estimator, X, y):
    """A scorer for estimators that have no ``score``: detectors and neighbour searchers."""
    if hasattr(estimator, "score_samples"):
        return float(np.mean(estimator.score_samples(X)))
    distances, _ = estimator.kneighbors(X)
    return -float(np.mean(distances))


def _in_tool(estimator):
    """The estimator as the tools receive it: a sampler inside imbalanced-learn's pipeline."""
    if KIND[type(estimator).__name__] == "sampler":
        return make_imblearn_pipeline(estimator, SkLogisticRegression())
    return estimator


def _scoring(estimator):
    return None if hasattr(_in_tool(estimator), "score") else _score_without_a_classifier


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_kind_is_what_the_estimator_is(cls):
    estimator = _estimator(cls)
    expected = ("sampler" if hasattr(cls, "fit_resample")
                else "outlier_detector" if cls.__name__ in {"IsolationForest", "LocalOutlierFactor"}
                else None if cls.__name__ == "NearestNeighbors" else "classifier")
    assert KIND[cls.__name__] == expected
    tags = get_tags(estimator)
    assert tags.estimator_type == expected
    assert is_classifier(estimator) == (expected == "classifier")
    assert is_outlier_detector(estimator) == (expected == "outlier_detector")
    assert tags.target_tags.required == (expected in ("classifier", "sampler"))
    assert (tags.classifier_tags is not None) == (expected == "classifier")
    assert tags.input_tags.two_d_array and not tags.input_tags.sparse
    # NaN is rejected (a documented difference from some scikit-learn estimators), except by the
    # random samplers, which only pick rows
    assert tags.input_tags.allow_nan == bool(getattr(cls, "_allow_any_X", False))
    if expected == "sampler":
        assert tags.sampler_tags is not None
    # like scikit-learn's ClassifierMixin, only classifiers have score
    assert hasattr(estimator, "score") == (expected == "classifier")
    if expected == "outlier_detector":
        assert hasattr(estimator, "fit_predict") and hasattr(estimator, "score_samples")
        assert hasattr(estimator, "decision_function")


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_fits_in_a_pipeline(cls):
    X, y = _data()
    estimator = _estimator(cls)
    if KIND[cls.__name__] == "sampler":
        pipe = make_imblearn_pipeline(estimator, SkLogisticRegression()).fit(X, y)
        assert set(pipe.predict(X)) <= {0, 1}
        return
    pipe = make_pipeline(StandardScaler(), estimator).fit(X, y)
    step = pipe.steps[-1][1]
    assert step.n_features_in_ == 2
    if hasattr(pipe, "predict"):
        assert pipe.predict(X).shape == (X.shape[0],)
    if KIND[cls.__name__] == "classifier":
        if hasattr(step, "classes_"):  # OpenMax predicts K + 1 classes (the last: unknown), without classes_
            assert list(step.classes_) == [0, 1]
        assert 0.0 <= pipe.score(X, y) <= 1.0


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_cross_val_score_and_grid_search(cls):
    X, y = _data()
    estimator = _estimator(cls)
    tool = _in_tool(estimator)
    scores = cross_val_score(tool, X, y, cv=3, scoring=_scoring(estimator), error_score="raise")
    assert scores.shape == (3,) and np.all(np.isfinite(scores))
    grid = _grid(estimator)
    if tool is not estimator:
        grid = {f"{type(estimator).__name__.lower()}__{k}": v for k, v in grid.items()}
    search = GridSearchCV(tool, grid, cv=3, scoring=_scoring(estimator), error_score="raise").fit(X, y)
    assert len(search.cv_results_["params"]) == 2


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_sklearn_clone_gives_an_unfitted_twin(cls):
    from test_estimators import _fit

    estimator = _fit(_estimator(cls))
    twin = clone(estimator)
    assert type(twin) is cls and twin is not estimator
    assert repr(twin) == repr(estimator)
    fitted = [name for name in vars(twin) if name.endswith("_") and not name.startswith("_")]
    assert fitted == []


def test_classifier_score_is_the_weighted_accuracy():
    from sklearn.metrics import accuracy_score

    from negedu.ensemble import DecisionTreeClassifier

    X, y = _data()
    clf = DecisionTreeClassifier(max_depth=1).fit(X, y)
    weights = np.random.RandomState(0).rand(y.size)
    score = clf.score(X, y, sample_weight=weights)
    assert type(score) is float
    assert abs(score - accuracy_score(y, clf.predict(X), sample_weight=weights)) < 1e-12
    assert clf.score(X, y) == accuracy_score(y, clf.predict(X))


def test_a_detector_has_no_score_and_says_why():
    from negedu.anomaly import IsolationForest

    with pytest.raises(AttributeError, match="IsolationForest has no attribute 'score': it is not a classifier"):
        IsolationForest().score
    assert not hasattr(IsolationForest, "score")


@pytest.mark.parametrize("module", sorted({cls.__module__.split("._")[0] for cls in CLASSES}))
def test_importing_the_module_does_not_import_sklearn(module):
    code = f"import sys, {module}; cls = [m for m in sys.modules if m.split('.')[0] in ('sklearn', 'imblearn')]; " \
           "print(cls); assert not cls"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr



@pytest.mark.parametrize("criterion", ["gini", "entropy"])
def test_decision_tree_structure_has_scikit_learns_names_and_conventions(criterion):
    from sklearn.tree import DecisionTreeClassifier as ReferenceTree

    from negedu.ensemble import DecisionTreeClassifier

    rng = np.random.RandomState(0)
    X = rng.normal(size=(300, 1))
    y = (X[:, 0] + rng.normal(size=300) > 0.5).astype(int) + (X[:, 0] > 1)
    ours = DecisionTreeClassifier(criterion=criterion, max_depth=3).fit(X, y)
    reference = ReferenceTree(criterion=criterion, max_depth=3, random_state=0).fit(X, y)
    for name in ("node_count", "max_depth", "n_leaves", "n_features", "n_outputs"):
        assert getattr(ours.tree_, name) == getattr(reference.tree_, name), name
    for name in ("children_left", "children_right", "feature", "threshold", "value", "impurity",
                 "weighted_n_node_samples", "n_node_samples", "n_classes"):
        ours_value, reference_value = getattr(ours.tree_, name), getattr(reference.tree_, name)
        assert ours_value.shape == reference_value.shape, name
        np.testing.assert_allclose(ours_value, reference_value, rtol=0, atol=1e-12, err_msg=name)
    np.testing.assert_allclose(ours.feature_importances_, reference.feature_importances_, rtol=0, atol=1e-12)
    assert (ours.get_depth(), ours.get_n_leaves()) == (reference.get_depth(), reference.get_n_leaves())
    X2 = np.column_stack([X[:, 0], rng.normal(size=300)])
    ours2 = DecisionTreeClassifier(criterion=criterion, max_depth=4).fit(X2, y)
    reference2 = ReferenceTree(criterion=criterion, max_depth=4, random_state=0).fit(X2, y)
    if ours2.tree_.node_count == reference2.tree_.node_count:  # unless two features tie somewhere
        np.testing.assert_allclose(ours2.feature_importances_, reference2.feature_importances_, rtol=0, atol=1e-12)
    assert abs(ours2.feature_importances_.sum() - 1.0) < 1e-12


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_predict_log_proba_is_the_log_of_predict_proba_where_there_is_one(cls):
    from test_estimators import _fit

    assert hasattr(cls, "predict_log_proba") == hasattr(cls, "predict_proba")
    if not hasattr(cls, "predict_proba") or KIND[cls.__name__] != "classifier" or cls.__name__ == "OpenMax":
        return
    X, _ = _data()
    estimator = _fit(_estimator(cls))
    with np.errstate(divide="ignore"):
        expected = np.log(estimator.predict_proba(X))
    assert np.array_equal(estimator.predict_log_proba(X), expected)


def test_adaboost_feature_importances_are_scikit_learns():
    from sklearn.ensemble import AdaBoostClassifier as ReferenceAdaBoost

    from negedu.ensemble import AdaBoostClassifier, DecisionTreeClassifier

    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 3))
    y = (X[:, 0] + 0.5 * X[:, 1] + rng.normal(size=200) > 0).astype(int)
    ours = AdaBoostClassifier(n_estimators=20).fit(X, y)
    reference = ReferenceAdaBoost(n_estimators=20, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(X), reference.predict_proba(X), rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.feature_importances_, reference.feature_importances_, rtol=0, atol=1e-12)
    assert repr(ours.estimator_) == repr(DecisionTreeClassifier(max_depth=1))


def test_tags_without_scikit_learn_say_what_to_do():
    code = ("from negedu.ensemble import DecisionTreeClassifier\n"
            "try:\n    DecisionTreeClassifier().__sklearn_tags__()\nexcept ImportError as error:\n    print(error)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "scikit-learn is not loaded (negedu never imports it). Import sklearn first" in result.stdout, result.stderr
