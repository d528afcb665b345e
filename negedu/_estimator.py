r"""What every negedu estimator shares: parameters read off ``__init__``, cloning, the fitted check.

negedu's samplers, classifiers, detectors and neighbour searcher give scikit-learn what it
expects from an estimator (``get_params`` / ``set_params`` read off the signature of
``__init__``, nested ``name__sub`` access) without importing it, so that
``sklearn.base.clone``, pipelines and cross-validation accept them. :func:`clone_estimator` is
a plain version of scikit-learn's ``clone``.

Every estimator class of the core derives from :class:`BaseEstimator` and so has:

* ``get_params`` / ``set_params`` with one error for an unknown name ("Invalid parameter 'k'
  for SMOTE. Valid parameters are [...]. Check the spelling, ...");
* a ``repr`` like scikit-learn's, showing the parameters that differ from their defaults:
  ``LogisticRegression(C=0.5)``;
* ``_check_fitted(method, attributes)``, which raises
  :class:`negedu.exceptions.NotFittedError` ("This LogisticRegression is not fitted yet: call
  fit(X, y) before predict_proba.") through :func:`negedu._validation.check_is_fitted`;
* scikit-learn's estimator protocol: ``_estimator_type`` ("classifier", "outlier_detector",
  "sampler" or None), read off the methods the class has unless the class sets it, and
  ``__sklearn_tags__``, built only when scikit-learn asks, from the scikit-learn already loaded
  (``sys.modules``: negedu never imports scikit-learn, not even inside a function). ``sklearn.utils.get_tags``,
  ``is_classifier``, ``is_outlier_detector``, ``clone``, ``Pipeline``, ``cross_val_score`` and
  ``GridSearchCV`` accept every estimator, and imbalanced-learn's ``Pipeline`` every sampler;
* ``score(X, y, sample_weight=None)``, the (weighted) accuracy, on classifiers only: like
  scikit-learn's ``ClassifierMixin``, a detector or a neighbour searcher has no ``score``
  (``hasattr(detector, "score")`` is False); ``predict_log_proba``, the log of
  ``predict_proba``, on the estimators that have ``predict_proba``.

What negedu's tags say differs from scikit-learn's defaults only where negedu differs: no
sparse input, and ``allow_nan`` only for the random samplers, which merely pick rows (every
other estimator rejects NaN with a ``ValueError`` naming ``X``).

A subclass stores each constructor argument unchanged under its own name and validates in
``fit``, as scikit-learn requires (``tests/test_estimators.py`` checks every exported class).
"""

import copy
import inspect
import sys
import types

import numpy as np

from negedu._validation import (
    _short, check_1d, check_array, check_labels, check_consistent_length, check_is_fitted, check_sample_weight,
)

__all__ = ["BaseEstimator", "clone_estimator", "check_classification_data", "estimator_type", "AvailableIf"]

_PARAM_NAMES = {}  # class -> its constructor's parameter names


def _needs_y(cls):
    """Whether ``cls.fit`` requires ``y`` (a supervised estimator) rather than taking it as optional."""
    parameter = inspect.signature(cls.fit).parameters.get("y")
    return parameter is not None and parameter.default is inspect.Parameter.empty


def estimator_type(cls):
    """What scikit-learn calls the kind of an estimator class, read off its methods.

    ``"sampler"`` (it has ``fit_resample``, imbalanced-learn's word), ``"outlier_detector"``
    (``predict``, ``fit_predict`` and a ``fit`` whose ``y`` is optional), ``"classifier"``
    (``predict`` and a ``fit`` that requires ``y``), else None (e.g. a neighbour searcher).
    A class that sets ``_estimator_type`` itself is taken at its word.
    """
    declared = inspect.getattr_static(cls, "_estimator_type", None)
    if isinstance(declared, str):
        return declared
    if hasattr(cls, "fit_resample"):
        return "sampler"
    if not (hasattr(cls, "predict") and hasattr(cls, "fit")):
        return None
    if _needs_y(cls):
        return "classifier"
    return "outlier_detector" if hasattr(cls, "fit_predict") else None


class AvailableIf:
    """A method that exists only where ``check`` accepts: ``hasattr`` is False elsewhere.

    ``check`` receives the instance (or the class, when the method is looked up on it) and
    ``why`` the class, to say in the ``AttributeError`` why the method is missing and what to do.
    """

    def __init__(self, check, method, why):
        self.check, self.method, self.why = check, method, why
        self.__doc__ = method.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        owner = type(obj) if owner is None else owner
        if not self.check(owner if obj is None else obj):
            raise AttributeError(f"{owner.__name__} has no attribute {self.name!r}: {self.why(owner)}")
        return self.method if obj is None else types.MethodType(self.method, obj)


def _is_classifier(estimator):
    return estimator_type(estimator if isinstance(estimator, type) else type(estimator)) == "classifier"


def _log_proba(self, X):
    r"""The log of ``predict_proba(X)``, :math:`\log p(y = k \mid x)` (-inf where the probability is 0)."""
    with np.errstate(divide="ignore"):
        return np.log(self.predict_proba(X))


def _has_predict_proba(estimator):
    return hasattr(estimator, "predict_proba")


def _no_predict_proba(cls):
    return "it has no predict_proba to take the log of. Use decision_function or predict."


def _not_a_classifier(cls):
    return (f"it is not a classifier (its kind is {estimator_type(cls)!r}). "
            "Pass scoring= to the cross-validation instead.")


def _accuracy(self, X, y, sample_weight=None):
    r"""The accuracy of ``predict(X)`` against ``y``, :math:`\sum_i w_i [\hat y_i = y_i] / \sum_i w_i`.

    As scikit-learn's ``ClassifierMixin.score`` (``accuracy_score`` with ``sample_weight``);
    returns a Python float.
    """
    y = check_1d(y, "y", copy=False)
    y_pred = np.asarray(self.predict(X))
    check_consistent_length(y_pred, y, names=["X", "y"])
    correct = (y_pred == y).astype(np.float64)
    if sample_weight is None:
        return float(np.average(correct))
    return float(np.average(correct, weights=check_sample_weight(sample_weight, y.shape[0])))


class BaseEstimator:
    """Parameters by introspection of ``__init__``, nested ``name__sub`` access, a short ``repr``, the fitted check."""

    @classmethod
    def _get_param_names(cls):
        """The constructor's parameter names, in signature order (read once per class: ensembles clone often)."""
        if cls not in _PARAM_NAMES:
            signature = inspect.signature(cls.__init__)
            _PARAM_NAMES[cls] = [
                p.name
                for p in signature.parameters.values()
                if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
            ]
        return list(_PARAM_NAMES[cls])

    def get_params(self, deep=True):
        """The constructor parameters; with ``deep``, also ``<name>__<sub>`` of nested estimators."""
        params = {}
        for name in self._get_param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                for sub_name, sub_value in value.get_params(deep=True).items():
                    params[f"{name}__{sub_name}"] = sub_value
            params[name] = value
        return params

    def set_params(self, **params):
        """Set constructor parameters (``name__sub`` reaches into a nested estimator); returns ``self``."""
        valid = self._get_param_names()
        nested = {}
        for key, value in params.items():
            name, _, sub = key.partition("__")
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for {type(self).__name__}. Valid parameters "
                    f"are {valid}. Check the spelling, or list them with get_params().keys()."
                )
            if sub:
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
        for name, sub_params in nested.items():
            getattr(self, name).set_params(**sub_params)
        return self

    def __repr__(self):
        defaults = {p.name: p.default for p in inspect.signature(type(self).__init__).parameters.values()}
        shown = []
        for name in self._get_param_names():
            value, default = getattr(self, name), defaults.get(name, inspect.Parameter.empty)
            try:
                same = value is default or (type(value) is type(default) and bool(value == default))
            except (TypeError, ValueError):  # e.g. arrays, whose == is elementwise
                same = False
            if not same:
                shown.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    @property
    def _estimator_type(self):
        """The estimator's kind for scikit-learn (see :func:`estimator_type`)."""
        return estimator_type(type(self))

    score = AvailableIf(_is_classifier, _accuracy, _not_a_classifier)
    predict_log_proba = AvailableIf(_has_predict_proba, _log_proba, _no_predict_proba)

    def __sklearn_tags__(self):
        """scikit-learn's ``Tags`` of this estimator, built on request from the scikit-learn that asks.

        Only scikit-learn calls this method, so it is loaded by then: its classes are taken
        from ``sys.modules`` (the core itself never imports scikit-learn).
        """
        sk = sys.modules.get("sklearn.utils")
        if sk is None:
            raise ImportError(
                f"{type(self).__name__}.__sklearn_tags__ builds scikit-learn's Tags, but scikit-learn is not "
                "loaded (negedu never imports it). Import sklearn first, then call sklearn.utils.get_tags(estimator)."
            )
        ClassifierTags, InputTags, TargetTags, Tags = sk.ClassifierTags, sk.InputTags, sk.TargetTags, sk.Tags
        kind = estimator_type(type(self))
        tags = Tags(estimator_type=kind, target_tags=TargetTags(required=kind in ("classifier", "sampler")),
                    classifier_tags=ClassifierTags() if kind == "classifier" else None)
        if kind == "sampler":
            tags = _sampler_tags(tags)
        tags.input_tags = InputTags(allow_nan=bool(getattr(self, "_allow_any_X", False)))
        return tags

    def _check_fitted(self, method, attributes="classes_"):
        """Raise ``NotFittedError`` (naming ``method``) unless ``fit`` has set ``attributes``."""
        check_is_fitted(self, attributes, method)

    def _check_predict_X(self, X, method, attributes="n_features_in_", name="X"):
        """The checks before ``method`` predicts: fitted, ``X`` finite and 2-D, with the columns of ``fit``."""
        self._check_fitted(method, attributes)
        X = check_array(X, name, copy=False)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(
                f"{name} has {X.shape[1]} features, but {type(self).__name__} was fitted with "
                f"{self.n_features_in_}. Pass the same columns as in fit."
            )
        return X


def _sampler_tags(tags):
    """imbalanced-learn's ``Tags`` (with its ``sampler_tags``) when it is loaded, else ``tags`` as they are."""
    imblearn_tags = sys.modules.get("imblearn.utils._tags")
    if imblearn_tags is None:
        return tags
    return imblearn_tags.Tags(estimator_type="sampler", target_tags=tags.target_tags,
                              sampler_tags=imblearn_tags.SamplerTags())


def check_classification_data(X, y, name, *, dtype=None):
    """Check what a classifier's ``fit`` receives; return ``X, y, classes, y_encoded``.

    ``X`` finite and 2-D (converted to ``dtype`` in a new array if given: the caller's is never
    touched), ``y`` one label per row (not a multilabel indicator matrix, not non-integer
    numbers) with at least two classes; ``classes`` are the sorted labels and ``y_encoded``
    their indices 0..K-1. ``name`` says who is checking, e.g. "one-vs-rest", in the messages.
    """
    X = check_array(X, "X", copy=False)
    if dtype is not None:
        X = X.astype(dtype)
    if np.ndim(y) == 2 and np.shape(y)[1] > 1:
        raise ValueError(
            f"y has shape {np.shape(y)}: a 2-D indicator matrix is a multilabel target, which {name} in "
            "negedu does not support (scikit-learn's may). Pass one class label per sample, shape (n_samples,)."
        )
    y = check_1d(y, "y", copy=False)
    check_consistent_length(X, y, names=["X", "y"])
    y = check_labels(y, "y", fix=f"{name} is a classifier: turn the target into classes first.")
    classes, y_encoded = np.unique(y, return_inverse=True)
    if classes.size < 2:
        raise ValueError(
            f"{name} needs at least 2 classes in y, got {classes.size}: {_short(classes.tolist())}. "
            "A classifier cannot learn from one class; check the labels (or the train split)."
        )
    return X, y, classes, y_encoded.astype(np.int64)


def clone_estimator(estimator):
    """A fresh, unfitted copy with the same parameters, as ``sklearn.base.clone`` makes it.

    Parameters that are estimators are cloned in turn; other values are deep-copied, so the
    copy never shares a mutable parameter (or a ``RandomState``) with the original.
    """
    if not hasattr(estimator, "get_params") or isinstance(estimator, type):
        return copy.deepcopy(estimator)
    params = {
        name: clone_estimator(value) if hasattr(value, "get_params") and not isinstance(value, type)
        else copy.deepcopy(value)
        for name, value in estimator.get_params(deep=False).items()
    }
    return type(estimator)(**params)
