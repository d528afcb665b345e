r"""What every ensemble class shares: parameters, cloning, label encoding.

The parameters and cloning come from :mod:`negedu._estimator` (shared with the samplers):
negedu's classifiers give scikit-learn what it expects from an estimator without importing it,
so that ``sklearn.base.clone``, pipelines and cross-validation accept them. Ensembles copy their
base estimator with :func:`clone_estimator`, a plain version of scikit-learn's ``clone``.
"""

import inspect

import numpy as np

from negedu._estimator import BaseEstimator, clone_estimator
from negedu._validation import _short, check_1d, check_array, check_consistent_length

__all__ = ["BaseEstimator", "clone_estimator", "check_classifier", "MAX_INT"]

MAX_INT = 2**31 - 1  # np.iinfo(np.int32).max: the bound of every seed drawn for a member


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
