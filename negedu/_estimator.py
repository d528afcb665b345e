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
  fit(X, y) before predict_proba.") through :func:`negedu._validation.check_is_fitted`.

A subclass stores each constructor argument unchanged under its own name and validates in
``fit``, as scikit-learn requires (``tests/test_estimators.py`` checks every exported class).
"""

import copy
import inspect

import numpy as np

from negedu._validation import _short, check_1d, check_array, check_consistent_length, check_is_fitted

__all__ = ["BaseEstimator", "clone_estimator", "check_classification_data"]

_PARAM_NAMES = {}  # class -> its constructor's parameter names


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

    def _check_fitted(self, method, attributes="classes_"):
        """Raise ``NotFittedError`` (naming ``method``) unless ``fit`` has set ``attributes``."""
        check_is_fitted(self, attributes, method)

    def _check_predict_X(self, X, method, attributes="n_features_in_"):
        """The checks before ``method`` predicts: fitted, ``X`` finite and 2-D, with the columns of ``fit``."""
        self._check_fitted(method, attributes)
        X = check_array(X, "X", copy=False)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {X.shape[1]} features, but {type(self).__name__} was fitted with "
                f"{self.n_features_in_}. Pass the same columns as in fit."
            )
        return X


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
