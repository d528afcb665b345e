r"""What every ensemble class shares: parameters, cloning, label encoding.

negedu's classifiers give scikit-learn what it expects from an estimator (``get_params`` /
``set_params`` read off the signature of ``__init__``) without importing it, so that
``sklearn.base.clone``, pipelines and cross-validation accept them. Ensembles copy their base
estimator with :func:`clone_estimator`, a plain version of scikit-learn's ``clone``.
"""

import copy
import inspect

import numpy as np

from negedu._validation import _short, check_1d, check_array, check_consistent_length

__all__ = ["BaseEstimator", "clone_estimator", "check_classifier", "MAX_INT"]

_PARAM_NAMES = {}  # class -> its constructor's parameter names
MAX_INT = 2**31 - 1  # np.iinfo(np.int32).max: the bound of every seed drawn for a member


class BaseEstimator:
    """Parameters by introspection of ``__init__``, nested ``name__sub`` access and a short ``repr``."""

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
            value, default = getattr(self, name), defaults.get(name)
            try:
                same = value is default or (type(value) is type(default) and bool(value == default))
            except (TypeError, ValueError):
                same = False
            if not same:
                shown.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    def _check_fitted(self, attribute="classes_"):
        if not hasattr(self, attribute):
            raise ValueError(f"This {type(self).__name__} is not fitted yet; call fit(X, y) first.")


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


def check_classifier(estimator, name="estimator"):
    """Raise a ``TypeError`` unless ``estimator`` is a classifier object with ``fit`` and ``predict_proba``."""
    if inspect.isclass(estimator):
        raise TypeError(
            f"{name} must be an estimator object, got the class {estimator.__name__}. "
            f"Pass an instance, e.g. {estimator.__name__}()."
        )
    missing = [m for m in ("fit", "predict_proba", "get_params", "set_params") if not hasattr(estimator, m)]
    if missing:
        raise TypeError(
            f"{name} must be a classifier with fit, predict_proba, get_params and set_params; "
            f"{_short(estimator)} of type {type(estimator).__name__} has no {', '.join(missing)}. "
            "Use negedu.ensemble.DecisionTreeClassifier() or a scikit-learn classifier."
        )
    return estimator


def check_classification_data(X, y, name, *, dtype=None):
    """Check ``X`` (finite, 2-D) and ``y`` (1-D labels, at least 2 classes); return X, y, classes, y_encoded."""
    X = check_array(X, "X", copy=False)
    if dtype is not None:
        X = X.astype(dtype)  # a new array: the caller's X is never touched
    y = check_1d(y, "y", copy=False)
    check_consistent_length(X, y, names=["X", "y"])
    if y.dtype.kind == "f" and (not np.isfinite(y).all() or np.any(y != np.round(y))):
        raise ValueError(
            f"y must hold class labels, got non-integer numbers such as "
            f"{_short(y[~np.isfinite(y) | (y != np.round(y))][:3].tolist())}. "
            f"{name} is a classifier: turn the target into classes first."
        )
    classes, y_encoded = np.unique(y, return_inverse=True)
    if classes.size < 2:
        raise ValueError(
            f"{name} needs at least 2 classes in y, got {classes.size}: {_short(classes.tolist())}. "
            "A classifier cannot learn from one class; check the labels (or the train split)."
        )
    return X, y, classes, y_encoded.astype(np.int64)
