r"""What every ensemble class shares: parameters, cloning, label encoding, the check of a base learner, members.

The parameters, cloning and the check of ``X, y`` (:func:`check_classification_data`, also
used by the one-vs-rest and one-vs-one wrappers) come from :mod:`negedu._estimator`:
negedu's classifiers give scikit-learn what it expects from an estimator without importing it,
so that ``sklearn.base.clone``, pipelines and cross-validation accept them. Ensembles copy their
base estimator with :func:`clone_estimator`, a plain version of scikit-learn's ``clone``.
An ensemble shows each member as imbalanced-learn does, its sampler then its learner, in a
:class:`SamplerPipeline` (imbalanced-learn's ``Pipeline`` cannot be used: the core never imports it).
"""

from negedu._estimator import BaseEstimator, check_classification_data, clone_estimator  # noqa: F401 (shared)
from negedu._validation import _short, check_instance

__all__ = ["BaseEstimator", "clone_estimator", "check_classifier", "member_strategy", "SamplerPipeline", "MAX_INT"]

MAX_INT = 2**31 - 1  # np.iinfo(np.int32).max: the bound of every seed drawn for a member


def check_classifier(estimator, name="estimator"):
    """Raise a ``TypeError`` unless ``estimator`` is a classifier object with ``fit`` and ``predict_proba``."""
    check_instance(estimator, name)
    missing = [m for m in ("fit", "predict_proba", "get_params", "set_params") if not hasattr(estimator, m)]
    if missing:
        raise TypeError(
            f"{name} must be a classifier with fit, predict_proba, get_params and set_params; "
            f"{_short(estimator)} of type {type(estimator).__name__} has no {', '.join(missing)}. "
            "Use negedu.ensemble.DecisionTreeClassifier() or a scikit-learn classifier."
        )
    return estimator


def member_strategy(sampling_strategy, classes):
    """The ``sampling_strategy`` a member's sampler is built with, as imbalanced-learn does.

    A dict is re-keyed by the positions of its labels in ``classes`` (the members see the
    encoded labels 0..K-1); a string, float or callable is passed as it is.
    """
    if isinstance(sampling_strategy, dict):
        position = {label: i for i, label in enumerate(classes.tolist())}
        return {position[label]: n for label, n in sampling_strategy.items()}
    return sampling_strategy


class SamplerPipeline(BaseEstimator):
    r"""A sampler, then a classifier: one ensemble member, as imbalanced-learn's ``Pipeline`` holds it.

    ``steps`` is a list of ``(name, step)``: every step but the last has ``fit_resample``, the
    last is the classifier. ``fit`` resamples ``X, y`` through the samplers and fits the last
    step on the result; the predicting methods are the last step's. ``named_steps``,
    ``len(pipe)`` and ``pipe[i]`` / ``pipe["name"]`` are as in imbalanced-learn's ``Pipeline``
    (slices are not supported). The ensembles build it; it is not meant to be tuned.
    """

    def __init__(self, steps):
        self.steps = steps

    @property
    def named_steps(self):
        """The steps by name."""
        return dict(self.steps)

    def __len__(self):
        return len(self.steps)

    def __getitem__(self, key):
        if isinstance(key, str):
            return self.named_steps[key]
        return self.steps[key][1]

    @property
    def classes_(self):
        """The last step's classes."""
        return self.steps[-1][1].classes_

    def fit(self, X, y, **fit_params):
        """Resample ``X, y`` through the samplers, then fit the classifier; returns ``self``."""
        for _, sampler in self.steps[:-1]:
            X, y = sampler.fit_resample(X, y)
        self.steps[-1][1].fit(X, y, **fit_params)
        return self

    def predict(self, X):
        """The classifier's ``predict``."""
        return self.steps[-1][1].predict(X)

    def predict_proba(self, X):
        """The classifier's ``predict_proba``."""
        return self.steps[-1][1].predict_proba(X)

    def decision_function(self, X):
        """The classifier's ``decision_function``."""
        return self.steps[-1][1].decision_function(X)
