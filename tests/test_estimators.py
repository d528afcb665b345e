"""Every estimator class of the core keeps the same promises, found without anyone listing them.

The classes are discovered: every public module of the core (not the teaching layer, not the
chapters) is imported and each name of its ``__all__`` that is a class with ``fit`` or
``fit_resample`` is checked. A new estimator is tested as soon as it is exported.
"""

import importlib
import inspect
import re
import pkgutil

import numpy as np
import pytest
from sklearn.base import clone

import negedu
from negedu._estimator import BaseEstimator, clone_estimator
from negedu.exceptions import NotFittedError
from negedu.losses import LogisticRegression

TEACHING = {"plotting", "interactive", "exercises", "chapters"}
# the methods that read what fit learned (a sampler has none: fit_resample does everything)
NEEDS_FIT = ("predict", "predict_proba", "decision_function", "score_samples", "kneighbors", "apply",
             "unknown_score", "uncertainty")
# constructor arguments for the classes that need some, or whose default mode has no fitted method
ARGUMENTS = {
    "OneVsRestClassifier": {"estimator": LogisticRegression(C=0.5)},
    "OneVsOneClassifier": {"estimator": LogisticRegression(C=0.5)},
    "LocalOutlierFactor": {"n_neighbors": 5, "novelty": True},  # novelty=False only scores its training rows
    "OpenMax": {"tail_size": 10},  # the default 20 needs more correctly classified rows per class
}


def _estimator_classes():
    found = {}
    for info in pkgutil.iter_modules(negedu.__path__):
        if info.name.startswith("_") or info.name in TEACHING:
            continue
        module = importlib.import_module(f"negedu.{info.name}")
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if (inspect.isclass(obj) and (hasattr(obj, "fit") or hasattr(obj, "fit_resample"))
                    and not inspect.isabstract(obj) and not obj.__name__.startswith("Base")):
                found[obj.__name__] = obj
    return [found[name] for name in sorted(found)]


CLASSES = _estimator_classes()


def _make(cls):
    return cls(**ARGUMENTS.get(cls.__name__, {}))


def _data():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(0.0, 1.0, (40, 2)), rng.normal(2.5, 1.0, (20, 2))])
    y = np.repeat([0, 1], [40, 20])
    return X, y


def _fit(estimator):
    X, y = _data()
    if hasattr(estimator, "fit_resample"):
        estimator.fit_resample(X, y)
    elif "y" in inspect.signature(estimator.fit).parameters and not _is_unsupervised(estimator):
        estimator.fit(X, y)
    else:
        estimator.fit(X)
    return estimator


def _is_unsupervised(estimator):
    parameter = inspect.signature(type(estimator).fit).parameters.get("y")
    return parameter is not None and parameter.default is None


def _same_params(a, b):
    pa, pb = a.get_params(deep=False), b.get_params(deep=False)
    assert pa.keys() == pb.keys()
    for name in pa:
        if hasattr(pa[name], "get_params"):
            assert type(pa[name]) is type(pb[name]) and pa[name] is not pb[name]
            _same_params(pa[name], pb[name])
        else:
            assert repr(pa[name]) == repr(pb[name]), name


def test_the_core_exports_the_estimators_we_expect():
    names = {cls.__name__ for cls in CLASSES}
    assert {"LogisticRegression", "SoftmaxRegression", "OneVsRestClassifier", "OneVsOneClassifier",
            "LocalOutlierFactor", "IsolationForest", "OpenMax", "EvidentialClassifier", "NearestNeighbors",
            "DecisionTreeClassifier", "EasyEnsembleClassifier", "SMOTE"} <= names


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_estimator_builds_on_the_one_base(cls):
    assert issubclass(cls, BaseEstimator)
    for method in ("get_params", "set_params", "__repr__"):
        assert getattr(cls, method) is getattr(BaseEstimator, method), f"{cls.__name__} redefines {method}"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_repr_is_readable_and_shows_only_changed_parameters(cls):
    estimator = _make(cls)
    text = repr(estimator)
    assert "object at" not in text and text.startswith(f"{cls.__name__}(") and text.endswith(")")
    for name, value in ARGUMENTS.get(cls.__name__, {}).items():
        assert f"{name}={value!r}" in text
    if cls.__name__ not in ARGUMENTS:
        assert text == f"{cls.__name__}()"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_get_params_set_params_round_trip(cls):
    estimator = _make(cls)
    params = estimator.get_params(deep=False)
    assert list(params) == [
        p.name for p in inspect.signature(cls.__init__).parameters.values()
        if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    assert estimator.set_params(**params) is estimator
    assert estimator.get_params(deep=False) == params
    deep = estimator.get_params(deep=True)
    assert estimator.set_params(**deep) is estimator


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_unknown_parameter_has_the_one_message(cls):
    estimator = _make(cls)
    valid = list(estimator.get_params(deep=False))
    with pytest.raises(ValueError) as error:
        estimator.set_params(nonexistent=1)
    assert str(error.value) == (
        f"Invalid parameter 'nonexistent' for {cls.__name__}. Valid parameters are {valid}. "
        "Check the spelling, or list them with get_params().keys()."
    )


@pytest.mark.parametrize("cloner", [clone_estimator, clone], ids=["clone_estimator", "sklearn.clone"])
@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_clone_gives_an_equal_unfitted_copy(cls, cloner):
    estimator = _fit(_make(cls))
    learned = {name for name in vars(estimator) if name.endswith("_") and not name.startswith("_")}
    twin = cloner(estimator)
    assert type(twin) is cls and twin is not estimator
    _same_params(estimator, twin)
    assert repr(twin) == repr(estimator)
    assert not learned & set(vars(twin)), "the clone kept fitted attributes"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_methods_that_need_fit_raise_not_fitted_error(cls):
    methods = [name for name in NEEDS_FIT if callable(getattr(cls, name, None))]
    if not methods:
        assert hasattr(cls, "fit_resample"), f"{cls.__name__} has no method that needs fit"
        return
    X, _ = _data()
    fit_call = "fit(X)" if _is_unsupervised(_make(cls)) else "fit(X, y)"
    if cls.__name__ == "OpenMax":
        fit_call = "fit(logits, y)"
    for method in methods:
        message = rf"^This {cls.__name__} is not fitted yet: call {re.escape(fit_call)} before {method}\.$"
        for caught in (NotFittedError, ValueError, AttributeError):
            with pytest.raises(caught, match=message):
                getattr(_make(cls), method)(X)
    fitted = _fit(_make(cls))
    getattr(fitted, methods[0])(X)  # and once fitted, it works


def test_not_fitted_error_is_both_value_and_attribute_error():
    assert issubclass(NotFittedError, ValueError) and issubclass(NotFittedError, AttributeError)
    for caught in (ValueError, AttributeError):
        try:
            LogisticRegression().predict_proba([[0.0]])
        except caught as error:
            assert type(error) is NotFittedError
        else:
            raise AssertionError("predict_proba before fit did not raise")
