"""Input checks shared by every public function of negedu.

Each check either returns a clean NumPy array (never a view the caller could write
through to the user's data) or raises a ``ValueError`` / ``TypeError`` whose message
names the parameter, shows the value that was given and says how to fix it. Public
functions call these helpers first, so the algorithms below them can assume clean input.

The wording follows scikit-learn's ``check_consistent_length`` ("Found input variables
with inconsistent numbers of samples") where a user may search for that phrase, and then
adds the fix.
"""

import inspect
import numbers

import numpy as np

__all__ = [
    "check_array",
    "check_X_y",
    "check_1d",
    "check_labels",
    "check_numeric",
    "check_consistent_length",
    "check_random_state",
    "check_sample_weight",
    "check_scores",
    "check_probabilities",
    "check_finite",
    "check_unit_interval",
    "check_binary_target",
    "check_int",
    "check_instance",
    "check_fraction",
    "check_positive_real",
    "check_nonnegative_real",
    "check_choice",
    "check_solver",
    "check_inverse_penalty",
    "type_of_target",
    "unique_labels",
    "NotFittedError",
    "check_is_fitted",
]


def _short(value, limit=60):
    """A short ``repr`` of a user value, for error messages."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _n_samples(x):
    if hasattr(x, "shape") and len(getattr(x, "shape", ())) > 0:
        return int(x.shape[0])
    return len(x)


def check_consistent_length(*arrays, names=None):
    """Raise a ``ValueError`` unless every array has the same number of samples.

    ``None`` entries are skipped. ``names`` gives the parameter names used in the message.

    >>> check_consistent_length([1, 2], [3, 4], names=["y_true", "y_pred"])
    >>> check_consistent_length([1, 2], [3], names=["y_true", "y_pred"])
    Traceback (most recent call last):
    ...
    ValueError: Found input variables with inconsistent numbers of samples: y_true has 2 and y_pred has 1. Pass one entry per sample in each.
    """
    if names is None:
        names = [f"argument {i}" for i in range(len(arrays))]
    present = [(name, _n_samples(a)) for name, a in zip(names, arrays) if a is not None]
    lengths = {n for _, n in present}
    if len(lengths) > 1:
        parts = [f"{name} has {n}" for name, n in present]
        listed = ", ".join(parts[:-1]) + " and " + parts[-1]
        raise ValueError(
            "Found input variables with inconsistent numbers of samples: "
            f"{listed}. Pass one entry per sample in each."
        )


def check_random_state(random_state, name="random_state"):
    """Turn ``None``, an integer or a ``RandomState`` into a ``numpy.random.RandomState``.

    Follows the contract of scikit-learn's ``check_random_state``: ``None`` gives NumPy's
    global ``RandomState`` (so ``np.random.seed`` makes it reproducible), an integer gives
    a new ``RandomState(seed)`` on every call, and a ``RandomState`` is returned as is so
    that its stream continues.
    """
    if random_state is None or random_state is np.random:
        return np.random.mtrand._rand
    if isinstance(random_state, np.random.RandomState):
        return random_state
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if not 0 <= random_state < 2**32:
            raise ValueError(
                f"{name} must be between 0 and 2**32 - 1, got {random_state}. "
                "Use a non-negative integer seed such as 0 or 42."
            )
        return np.random.RandomState(int(random_state))
    raise TypeError(
        f"{name} must be None, an integer seed or a numpy.random.RandomState, "
        f"got {_short(random_state)} of type {type(random_state).__name__}. "
        "Use an integer such as 42 for reproducible results."
    )


def check_int(value, name, *, minimum=None, maximum=None, hint=""):
    """Check that ``value`` is an integer (not a bool) within ``[minimum, maximum]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an integer, got {_short(value)} of type {type(value).__name__}."
            + (f" {hint}" if hint else "")
        )
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}." + (f" {hint}" if hint else ""))
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {value}." + (f" {hint}" if hint else ""))
    return value


def check_instance(estimator, name="estimator"):
    """Raise a ``TypeError`` if ``estimator`` is a class where an instance (an object) is expected.

    >>> check_instance(dict)
    Traceback (most recent call last):
    ...
    TypeError: estimator must be an estimator object, got the class dict. Pass an instance, e.g. dict().
    """
    if inspect.isclass(estimator):
        raise TypeError(
            f"{name} must be an estimator object, got the class {estimator.__name__}. "
            f"Pass an instance, e.g. {estimator.__name__}()."
        )
    return estimator


def check_fraction(value, name, *, low=0.0, high=1.0, low_open=True, high_open=False):
    """Check that ``value`` is a real number in the interval between ``low`` and ``high``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise TypeError(f"{name} must be a finite real number, got {_short(value)}.")
    value = float(value)
    too_low = value <= low if low_open else value < low
    too_high = value >= high if high_open else value > high
    if too_low or too_high:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        raise ValueError(f"{name} must be in {left}{low:g}, {high:g}{right}, got {value!r}.")
    return value


def check_solver(max_iter, tol):
    """Check the stopping rule of an iterative solver: ``max_iter`` an integer >= 0, ``tol`` a number >= 0.

    >>> check_solver(100, 1e-10)
    (100, 1e-10)
    """
    max_iter = check_int(max_iter, "max_iter", minimum=0, hint="Use the number of iterations, e.g. max_iter=100.")
    if isinstance(tol, bool) or not isinstance(tol, numbers.Real) or not np.isfinite(tol):
        raise TypeError(f"tol must be a finite number >= 0, got {_short(tol)}. Use a small tolerance, e.g. tol=1e-10.")
    if tol < 0:
        raise ValueError(f"tol must be >= 0, got {tol!r}. Use a small tolerance, e.g. tol=1e-10.")
    return max_iter, tol


def check_inverse_penalty(C):
    """Check ``C``, the inverse strength of an L2 penalty: a number > 0, ``np.inf`` for no penalty."""
    if isinstance(C, bool) or not isinstance(C, numbers.Real) or not C > 0:
        raise ValueError(f"C must be a positive number (np.inf for no penalty), got {_short(C)}.")
    return C


def check_positive_real(value, name, hint):
    """A finite real number > 0 (not a bool), returned as a Python float; the messages end with ``hint``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise TypeError(f"{name} must be a finite positive number, got {_short(value)}. {hint}")
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value!r}. {hint}")
    return float(value)


def check_nonnegative_real(value, name, hint):
    """A finite real number >= 0 (not a bool), returned as a Python float; the messages end with ``hint``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise TypeError(f"{name} must be a finite number >= 0, got {_short(value)}. {hint}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}. {hint}")
    return float(value)


def check_choice(value, name, choices):
    """Check that ``value`` is one of ``choices``; the message lists them in order."""
    if not isinstance(value, str) or value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {listed}; got {_short(value)}.")
    return value


def check_array(X, name="X", *, ensure_2d=True, allow_nonfinite=False, min_samples=1, copy=True):
    """Return ``X`` as a numeric NumPy array, checked for shape and finite values.

    float32 and float64 are kept; integers and booleans are kept too (samplers cast
    their synthetic rows back to this dtype, as imbalanced-learn does). Strings,
    objects and complex numbers are rejected. ``copy=True`` (the default) guarantees
    the caller can never modify the user's array through the result.
    """
    if X is None:
        raise TypeError(f"{name} must be an array of numbers, got None.")
    try:
        arr = np.array(X, copy=copy) if copy else np.asarray(X)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"{name} could not be turned into a NumPy array ({exc}). "
            "Pass a list of equal-length rows or a 2-D NumPy array."
        ) from None
    if arr.dtype == object:
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError):
            raise ValueError(
                f"{name} must contain numbers only, got dtype object (for example "
                f"{_short(arr.flat[0]) if arr.size else 'nothing'}). "
                "Encode categorical features as numbers first."
            ) from None
    if arr.dtype.kind not in "biuf":
        raise ValueError(
            f"{name} must contain real numbers, got dtype {arr.dtype}. "
            "Encode strings or categories as numbers first."
        )
    if ensure_2d:
        if arr.ndim == 1:
            raise ValueError(
                f"{name} must be 2-D (n_samples, n_features), got a 1-D array of shape {arr.shape}. "
                f"Use {name}.reshape(-1, 1) for a single feature or {name}.reshape(1, -1) for a single sample."
            )
        if arr.ndim != 2:
            raise ValueError(f"{name} must be 2-D (n_samples, n_features), got shape {arr.shape}.")
    if (arr.shape[0] if arr.ndim else 1) < min_samples:
        raise ValueError(
            f"{name} has {arr.shape[0]} sample(s) (shape={arr.shape}); at least {min_samples} "
            "is needed."
        )
    if not allow_nonfinite:
        check_finite(arr, name, "Remove or impute the non-finite values first "
                     "(for example with sklearn.impute.SimpleImputer).")
    return arr


def check_1d(y, name="y", *, allow_nonfinite=True, copy=True):
    """Return ``y`` as a 1-D NumPy array (a copy unless ``copy=False``); a column ``(n, 1)`` is raveled.

    ``copy=False`` is for callers that only read ``y`` (it may then be the caller's array).
    """
    if y is None:
        raise TypeError(f"{name} must be a 1-D array-like, got None.")
    arr = np.array(y, copy=True) if copy else np.asarray(y)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr.ravel()
    if arr.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D (one entry per sample), got shape {arr.shape}. "
            "Multilabel and multi-output targets are not supported."
        )
    if not allow_nonfinite:
        check_finite(arr, name, "Every entry must be a finite number.")
    return arr


def check_labels(y, name="y", *, fix="Turn the target into classes first."):
    """Return ``y`` as 1-D class labels: strings, integers, or whole floats (not NaN, not infinity).

    The message shows a few offending entries and ends with ``fix``.
    """
    y = check_1d(y, name, copy=False)
    if y.dtype.kind == "f" and (not np.isfinite(y).all() or np.any(y != np.round(y))):
        raise ValueError(
            f"{name} must hold class labels, got non-integer numbers such as "
            f"{_short(y[~np.isfinite(y) | (y != np.round(y))][:3].tolist())}. {fix}"
        )
    return y


def check_numeric(x, name, *, ndim, allow_empty=False, allow_nonfinite=False, copy=True):
    """Return ``x`` as a numeric array with ``ndim`` dimensions (an int or a tuple of them).

    Unless ``allow_empty``, it must hold at least one entry; unless ``allow_nonfinite``, no
    NaN or infinity. For arrays that are not a sample-by-feature matrix (scores per class,
    parameter vectors, cost matrices); :func:`check_array` is for ``X``.
    """
    if x is None:
        raise TypeError(f"{name} must be an array of numbers, got None.")
    arr = check_array(x, name, ensure_2d=False, allow_nonfinite=True, min_samples=0, copy=copy)
    allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
    if arr.ndim not in allowed:
        wanted = " or ".join(f"{k}-D" for k in allowed)
        raise ValueError(f"{name} must be {wanted}, got shape {arr.shape}. Pass an array of that shape.")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}). Pass at least one value.")
    if not allow_nonfinite:
        check_finite(arr, name, "Every entry must be a finite number.")
    return arr


def check_X_y(X, y, *, x_name="X", y_name="y", min_samples=1):
    """Check a feature matrix and its labels together (numeric 2-D X, 1-D y, same length)."""
    X = check_array(X, x_name, min_samples=min_samples)
    y = check_1d(y, y_name)
    check_consistent_length(X, y, names=[x_name, y_name])
    if y.dtype.kind == "f" and not np.isfinite(y).all():
        raise ValueError(f"{y_name} contains NaN or infinity. Every sample needs a class label.")
    return X, y


def type_of_target(y):
    """Classify a 1-D label array as ``"binary"``, ``"multiclass"`` or ``"continuous"``.

    Like scikit-learn's function of the same name for 1-D input: floats that are not
    whole numbers are continuous; otherwise two or fewer distinct values are binary.
    """
    y = np.asarray(y)
    if y.dtype.kind == "f" and y.size and np.any(y != np.round(y)):
        return "continuous"
    n_classes = np.unique(y).size if y.size else 0
    return "binary" if n_classes <= 2 else "multiclass"


def unique_labels(*ys, names=None):
    """The sorted union of the labels in ``ys``; mixing strings and numbers is an error."""
    names = names or [f"argument {i}" for i in range(len(ys))]
    kinds = {}
    for name, y in zip(names, ys):
        arr = np.asarray(y)
        if arr.size == 0:
            continue
        is_text = arr.dtype.kind in "US" or (arr.dtype == object and isinstance(arr.flat[0], str))
        kinds[name] = "strings" if is_text else "numbers"
    if len(set(kinds.values())) > 1:
        detail = ", ".join(f"{n} holds {k}" for n, k in kinds.items())
        raise ValueError(f"Mix of label types: {detail}. Use the same kind of labels in each.")
    arrays = [np.asarray(y) for y in ys if np.asarray(y).size]
    if not arrays:
        return np.array([])
    return np.unique(np.concatenate(arrays))


def check_sample_weight(sample_weight, n_samples, name="sample_weight"):
    """Return float64 weights of length ``n_samples`` (ones when ``None``)."""
    if sample_weight is None:
        return np.ones(n_samples, dtype=np.float64)
    w = check_1d(sample_weight, name)
    if w.dtype.kind not in "biuf":
        raise ValueError(f"{name} must contain numbers, got dtype {w.dtype}.")
    w = w.astype(np.float64)
    if w.shape[0] != n_samples:
        raise ValueError(
            f"{name} has {w.shape[0]} entries but there are {n_samples} samples. "
            "Pass one weight per sample."
        )
    if not np.isfinite(w).all():
        raise ValueError(f"{name} contains NaN or infinity. Every weight must be a finite number.")
    if (w < 0).any():
        raise ValueError(
            f"{name} contains negative values (smallest {float(w.min())!r}). Weights must be >= 0."
        )
    return w


def check_scores(y_score, name="y_score"):
    """Return 1-D real-valued scores, rejecting NaN and infinity."""
    s = check_1d(y_score, name)
    if s.dtype.kind not in "biuf":
        raise ValueError(
            f"{name} must contain numbers (a score per sample, higher = more positive), "
            f"got dtype {s.dtype}."
        )
    check_finite(s, name, "Every sample needs a finite score.")
    return s


def check_probabilities(y_prob, name="y_prob"):
    """Return 1-D scores that are probabilities, i.e. finite and within [0, 1]."""
    p = check_scores(y_prob, name)
    check_unit_interval(p, name, "Pass predict_proba(...)[:, 1], or use a function that accepts raw scores.")
    return p


def check_finite(arr, name, fix):
    """Raise a ValueError if a float entry of ``arr`` is NaN or infinite: "``name`` contains NaN. ``fix``"."""
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        bad = "NaN" if np.isnan(arr).any() else "infinity"
        raise ValueError(f"{name} contains {bad}. {fix}")


def check_unit_interval(p, name, fix):
    """Raise a ValueError if an entry of ``p`` is outside [0, 1], with the range found and ``fix``."""
    if p.size and (p.min() < 0 or p.max() > 1):
        raise ValueError(
            f"{name} must hold probabilities in [0, 1], got values from {float(p.min())!r} "
            f"to {float(p.max())!r}. {fix}"
        )


def check_binary_target(y, name="y_true", *, pos_label=None):
    """Check that ``y`` has at most two classes and resolve the positive label.

    Returns ``(y, pos_label)``. When ``pos_label`` is ``None`` the labels must be
    {0, 1}, {-1, 1} or a subset of one of them, and the positive label is 1, as in
    scikit-learn. Otherwise ``pos_label`` must be one of the labels present.
    """
    y = check_1d(y, name)
    kind = type_of_target(y)
    classes = np.unique(y)
    if kind == "continuous":
        raise ValueError(
            f"{name} looks continuous (for example {_short(y[y != np.round(y)][0].item())}); "
            "a binary task needs class labels such as 0 and 1. Threshold your values first."
        )
    if classes.size > 2:
        raise ValueError(
            f"{name} has {classes.size} classes {_short(classes.tolist())}, but this function "
            "is for binary problems. Binarise it first (for example y == positive_class) or "
            "use the one-vs-rest form."
        )
    if pos_label is None:
        numeric = classes.dtype.kind in "biuf"
        if not (
            numeric
            and (set(classes.tolist()) <= {0, 1} or set(classes.tolist()) <= {-1, 1})
        ):
            raise ValueError(
                f"{name} has labels {_short(classes.tolist())}, so the positive class is "
                "ambiguous. Pass pos_label=<the label of the positive class>."
            )
        pos_label = 1
    elif classes.size and pos_label not in classes.tolist():
        raise ValueError(
            f"pos_label={_short(pos_label)} is not a label of {name}, whose labels are "
            f"{_short(classes.tolist())}. Pass one of those."
        )
    return y, pos_label


class NotFittedError(ValueError, AttributeError):
    """A method that needs a fitted estimator was called before ``fit``.

    A subclass of both ``ValueError`` and ``AttributeError``, as scikit-learn's
    ``sklearn.exceptions.NotFittedError`` is, so ``except ValueError`` and
    ``except AttributeError`` (and ``hasattr`` on a property) both catch it. Public as
    ``negedu.exceptions.NotFittedError``; raised by :func:`check_is_fitted` only.
    """


def _fit_call(estimator):
    """How to call this estimator's ``fit``: its required arguments, e.g. ``fit(X, y)`` or ``fit(X)``."""
    try:
        parameters = list(inspect.signature(type(estimator).fit).parameters.values())[1:]  # without self
    except (AttributeError, TypeError, ValueError):
        return "fit"
    required = [p.name for p in parameters if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return f"fit({', '.join(required)})"


def check_is_fitted(estimator, attributes, method):
    """Raise :class:`NotFittedError` unless ``estimator`` has every attribute in ``attributes``.

    ``attributes`` is the name (or a list of names) of what ``fit`` sets; ``method`` is the
    name of the method that needs them, so the message says what to do, e.g. "This
    LogisticRegression is not fitted yet: call fit(X, y) before predict_proba."
    """
    names = [attributes] if isinstance(attributes, str) else list(attributes)
    if not all(hasattr(estimator, name) for name in names):
        raise NotFittedError(
            f"This {type(estimator).__name__} is not fitted yet: call {_fit_call(estimator)} before {method}."
        )
