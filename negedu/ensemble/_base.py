r"""What every ensemble class shares: parameters, cloning, label encoding, the check of a base learner.

The parameters, cloning and the check of ``X, y`` (:func:`check_classification_data`, also
used by the one-vs-rest and one-vs-one wrappers) come from :mod:`negedu._estimator`:
negedu's classifiers give scikit-learn what it expects from an estimator without importing it,
so that ``sklearn.base.clone``, pipelines and cross-validation accept them. Ensembles copy their
base estimator with :func:`clone_estimator`, a plain version of scikit-learn's ``clone``.
"""

import inspect

from negedu._estimator import BaseEstimator, check_classification_data, clone_estimator  # noqa: F401 (shared)
from negedu._validation import _short

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
