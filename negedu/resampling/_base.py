r"""The machinery every sampler class shares: parameters, validation and ``fit_resample``.

A sampler class in negedu is a thin shell around a public function that holds the
algorithm (``tomek_links``, ``near_miss``, ``smote``, ...). :class:`BaseSampler` gives the
shell what scikit-learn and imbalanced-learn expect from an estimator, without metaclasses
or decorators:

* ``get_params`` / ``set_params``, read off the signature of ``__init__``, so that
  ``sklearn.base.clone``, grid searches and cross-validation can copy and tune it;
* ``fit_resample(X, y)``: check the input, resolve ``sampling_strategy_``, then call the
  subclass's ``_fit_resample``, so that ``imblearn.pipeline.Pipeline`` uses it as a step;
* a ``repr`` listing only the parameters that differ from their defaults.

Like every negedu estimator (see :mod:`negedu._estimator`), a sampler answers
``sklearn.utils.get_tags`` with ``estimator_type="sampler"`` (imbalanced-learn's ``Tags`` with
its ``sampler_tags`` when imbalanced-learn is loaded), built only when asked, so importing
negedu never imports scikit-learn.
"""


import numpy as np

from negedu._estimator import BaseEstimator
from negedu._validation import (_short, check_1d, check_array, check_consistent_length, check_labels,
                                type_of_target)
from negedu.resampling._strategy import check_sampling_strategy

__all__ = ["BaseSampler", "check_resample_input"]


def _check_class_label(label, y, name="label"):
    """Return ``label`` once it is one of the classes of ``y`` (else a message listing them)."""
    classes = np.unique(y)
    if label not in classes.tolist():
        raise ValueError(
            f"{name}={_short(label)} is not a class of y, whose classes are "
            f"{_short(classes.tolist())}. Pass one of those."
        )
    return label


def check_resample_input(X, y, *, allow_any_X=False, copy=True):
    """Check ``X`` and ``y`` for a sampler; return them as NumPy arrays (copies unless ``copy=False``).

    Samplers that only read ``X`` (select rows, measure distances) pass ``copy=False`` and
    save a copy of the data; they must never write into the returned ``X``.

    ``X`` must be 2-D with at least one row and as many rows as ``y`` has labels; ``y`` must
    be 1-D class labels (not continuous values). Unless ``allow_any_X``, ``X`` must also be
    numeric and finite (the neighbour-based samplers compute distances on it); with
    ``allow_any_X`` (the random samplers, which only pick rows), any dtype and NaN are kept.

    >>> X, y = check_resample_input([[0.0], [1.0]], [0, 1])
    >>> X.shape, y.tolist()
    ((2, 1), [0, 1])
    >>> check_resample_input([[0.0], [1.0]], [0, 1, 1])
    Traceback (most recent call last):
    ...
    ValueError: Found input variables with inconsistent numbers of samples: X has 2 and y has 3. Pass one entry per sample in each.
    """
    y = check_1d(y, "y", copy=False)  # the samplers only read y (their y_res is always new)
    if allow_any_X:
        if X is None:
            raise TypeError("X must be an array of samples, got None.")
        X = np.array(X, copy=True) if copy else np.asarray(X)
        if X.ndim != 2:
            raise ValueError(
                f"X must be 2-D (n_samples, n_features), got shape {X.shape}. "
                "Use X.reshape(-1, 1) for a single feature."
            )
        if X.shape[0] < 1:
            raise ValueError(f"X has 0 samples (shape={X.shape}); at least 1 is needed.")
    else:
        X = check_array(X, "X", copy=copy)
    check_consistent_length(X, y, names=["X", "y"])
    if type_of_target(y) == "continuous":
        example = y[y != np.round(y)][0]
        raise ValueError(
            f"y looks continuous (for example {_short(example.item())}), but a sampler balances "
            "classes, so y must hold class labels. Bin or threshold the values first."
        )
    check_labels(y, "y", fix="A sampler balances classes: pass one class label per row of X.")  # infinity
    return X, y


class BaseSampler(BaseEstimator):
    """Base class of negedu's samplers: parameters, ``fit``, ``fit_resample`` and ``repr``.

    Subclasses store their constructor arguments unchanged in ``__init__`` (no logic there),
    set the class attribute ``_sampling_type`` to ``"over-sampling"``, ``"under-sampling"``
    or ``"clean-sampling"``, and implement ``_fit_resample(X, y)``, which receives checked
    arrays and returns ``(X_res, y_res)`` (setting ``sample_indices_`` where the sampler has
    it). Random samplers set ``_allow_any_X = True`` to skip the numeric / finite check.

    ``fit_resample`` returns NumPy arrays. imbalanced-learn converts the output back to the
    input container (a pandas DataFrame stays a DataFrame); negedu does not, to stay pure NumPy.
    """

    _sampling_type = None
    _allow_any_X = False
    _copy_input = True  # samplers that never write into X set False (one copy of X less)

    def _check_input(self, X, y):
        """Checked ``X`` and ``y``; sets ``sampling_strategy_`` (resolved) and ``n_features_in_``."""
        X, y = check_resample_input(X, y, allow_any_X=self._allow_any_X, copy=self._copy_input)
        self.sampling_strategy_ = check_sampling_strategy(self.sampling_strategy, y, self._sampling_type)
        self.n_features_in_ = X.shape[1]
        return X, y

    def fit(self, X, y):
        """Check ``X`` and ``y`` and resolve ``sampling_strategy_`` without resampling; returns ``self``."""
        self._check_input(X, y)
        return self

    def fit_resample(self, X, y):
        """Resample ``X`` and ``y``; returns ``(X_resampled, y_resampled)`` as NumPy arrays."""
        return self._fit_resample(*self._check_input(X, y))

    def _fit_resample(self, X, y):
        raise NotImplementedError(f"{type(self).__name__} must implement _fit_resample(X, y).")

    def _keep_sample_indices(self, resampled):
        """Store the rows behind a kernel's output ``(X_res, y_res, sample_indices)``; return ``(X_res, y_res)``."""
        X_res, y_res, self.sample_indices_ = resampled
        return X_res, y_res
