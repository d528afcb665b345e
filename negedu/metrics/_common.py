r"""Machinery shared by the metrics: label checks, label encoding, safe division, averaging.

Every counting metric of this package starts the same way:

1. check that ``y_true`` and ``y_pred`` are two label vectors of the same length
   (:func:`_check_targets`), which also tells a binary task from a multiclass one;
2. turn the labels into small integers ``0 .. k-1`` (:func:`_encode`), so that
   counting is a single ``np.bincount``;
3. divide the counts, replacing 0/0 by ``zero_division`` and warning the way
   scikit-learn does (:func:`_divide`);
4. average over labels (:func:`_nanaverage`).

The ranking metrics (curves, areas, calibration) start from labels and scores instead:
:func:`_check_binary_scores` checks both and turns ``y_true`` into the mask of the
positive class (:func:`_positive_mask`, which resolves ``pos_label``).

The warning texts are scikit-learn's and imbalanced-learn's word for word, so that a
reader who searches for one finds the same explanation.
"""

import numbers
import warnings

import numpy as np

from negedu._validation import _short, check_1d, check_consistent_length, check_finite, check_sample_weight, check_scores

__all__ = ["UndefinedMetricWarning"]


class UndefinedMetricWarning(UserWarning):
    """A metric is 0/0 on the given data and was replaced by ``zero_division``.

    The same name, meaning and base class (``UserWarning``) as
    ``sklearn.exceptions.UndefinedMetricWarning``, so that warning filters written for
    scikit-learn read the same way with negedu.
    """


# ---------------------------------------------------------------------------------------
# Label vectors
# ---------------------------------------------------------------------------------------


def _plain(value):
    """A NumPy scalar as the Python scalar it holds, so messages read ``2``, not ``np.int64(2)``."""
    return value.item() if isinstance(value, np.generic) else value


def _is_text(arr):
    """True for arrays of strings (NumPy string dtypes or objects holding strings)."""
    return arr.dtype.kind in "US" or (arr.dtype == object and arr.size > 0 and isinstance(arr.flat[0], str))


def _check_label_vector(y, name):
    """Return ``y`` as a 1-D array of class labels, rejecting NaN and continuous values.

    ``y`` is not copied: the metrics only read their inputs, and on a million labels the
    copy would cost as much as the counting itself.
    """
    y = check_1d(y, name, copy=False)
    if y.size == 0:
        raise ValueError(f"{name} is empty. Pass at least one sample.")
    kind = y.dtype.kind
    if kind in "cmMV":
        raise ValueError(
            f"{name} must hold class labels (integers, booleans or strings), got dtype {y.dtype}."
        )
    if kind == "f":
        check_finite(y, name, "Every sample needs a class label.")
        if np.any(y != np.round(y)):
            example = y[y != np.round(y)][0]
            raise ValueError(
                f"{name} holds continuous values (for example {_plain(example)!r}), not class labels. "
                "Threshold scores first (for example y_score >= 0.5), or use a ranking metric "
                "such as roc_auc_score for scores."
            )
    if kind == "O":
        is_text = np.fromiter((isinstance(v, str) for v in y), dtype=bool, count=y.size)
        if is_text.any() and not is_text.all():
            other = y[~is_text][0]
            raise ValueError(
                f"{name} mixes strings with other values (for example {other!r}). "
                "Use one kind of label, for example all strings."
            )
    return y


def _unique_values(y):
    """Sorted distinct values of a 1-D label vector.

    Integer labels take shortcuts around the sort behind ``np.unique``: when the
    largest and smallest differ by at most 1 (0/1 labels) they are the only values;
    small non-negative integers are found with ``np.bincount``.
    """
    if y.dtype.kind in "biu":
        low, high = int(y.min()), int(y.max())
        if high - low <= 1:  # e.g. 0/1 labels: the smallest and largest values are all there is
            return np.unique(np.array([low, high], dtype=y.dtype))
        if low >= 0 and high < max(2 * y.size, 1024):
            present = np.flatnonzero(np.bincount(y.astype(np.intp, copy=False), minlength=high + 1))
            return present.astype(y.dtype)
    try:
        return np.unique(y)
    except TypeError:
        raise ValueError(
            f"the labels {_short(y[:5].tolist())} cannot be sorted; use labels of one kind "
            "(all numbers or all strings)."
        ) from None


def _union_labels(classes, names):
    """Sorted union of several sets of labels; mixing strings and numbers is an error."""
    kinds = {name: ("strings" if _is_text(c) else "numbers") for name, c in zip(names, classes) if c.size}
    if len(set(kinds.values())) > 1:
        detail = ", ".join(f"{n} holds {k}" for n, k in kinds.items())
        raise ValueError(
            f"Mix of label types: {detail}. Use the same kind of labels in each "
            "(for example map strings to numbers first)."
        )
    union = classes[0]
    for c in classes[1:]:
        union = np.union1d(union, c)
    return union


def _check_targets(y_true, y_pred, sample_weight=None):
    """Check a pair of label vectors; find the labels present and the kind of task.

    Returns ``(y_type, present, y_true, y_pred, sample_weight)`` where ``y_type`` is
    ``"binary"`` (at most two labels in ``y_true`` and ``y_pred`` together) or
    ``"multiclass"``, ``present`` is the sorted union of the labels, and
    ``sample_weight`` is ``None`` or float64 weights.
    """
    y_true = _check_label_vector(y_true, "y_true")
    y_pred = _check_label_vector(y_pred, "y_pred")
    check_consistent_length(y_true, y_pred, names=["y_true", "y_pred"])
    if sample_weight is not None:
        sample_weight = check_sample_weight(sample_weight, y_true.shape[0])
    present = _union_labels([_unique_values(y_true), _unique_values(y_pred)], ["y_true", "y_pred"])
    y_type = "binary" if present.size <= 2 else "multiclass"
    return y_type, present, y_true, y_pred, sample_weight


def _check_labels_param(labels, present, name="labels"):
    """Return the user's ``labels`` as a 1-D array of distinct labels of the data's kind."""
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"{name} must be a 1-D list of class labels, got shape {labels.shape}.")
    if labels.size == 0:
        raise ValueError(f"{name} is empty. Pass at least one class label, or labels=None for all.")
    if _is_text(labels) != _is_text(present):
        have = "strings" if _is_text(present) else "numbers"
        raise ValueError(
            f"{name}={_short(labels.tolist())} does not match the labels of y_true and y_pred, "
            f"which are {have} ({_short(present.tolist())}). Use labels of the same kind."
        )
    if np.unique(labels).size != labels.size:
        raise ValueError(f"{name}={_short(labels.tolist())} has repeated entries. List each label once.")
    return labels


def _encode(y, classes):
    """Replace every label of ``y`` by its position in the sorted array ``classes``."""
    k = classes.size
    if classes.dtype.kind in "biu" and y.dtype.kind in "biu" and np.array_equal(classes, np.arange(k)):
        return y.astype(np.intp, copy=False)  # labels 0 .. k-1 are their own codes
    return np.searchsorted(classes, y)


# ---------------------------------------------------------------------------------------
# Averages, pos_label and zero_division
# ---------------------------------------------------------------------------------------


def _check_flag(value, name):
    """Return ``value`` as a bool once it is True or False (a NumPy bool too)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_short(value)}.")
    return bool(value)


def _check_average(average, options):
    """Check that ``average`` is one of ``options`` (``None`` may be one of them)."""
    if isinstance(average, str) or average is None:
        if average in options:
            return average
    listed = ", ".join(repr(o) for o in options)
    if average == "samples":
        raise ValueError(
            "average='samples' is for multilabel targets, which negedu does not support. "
            f"Use one of {listed}."
        )
    raise ValueError(f"average must be one of {listed}; got {_short(average)}.")


def _labels_for_average(y_type, present, average, labels, pos_label):
    """Resolve which labels a per-label metric reports, as scikit-learn's metrics do.

    With ``average='binary'`` the only label is ``pos_label``. Otherwise it is
    ``labels`` (or every label present) and a ``pos_label`` other than 1 is ignored
    with scikit-learn's warning.
    """
    if average == "binary":
        if y_type != "binary":
            raise ValueError(
                f"average='binary' needs a binary target, but y_true and y_pred hold "
                f"{present.size} labels {_short(present.tolist())}. Choose average='macro', "
                "'micro', 'weighted' or None, or pass labels=[...] to select labels."
            )
        if pos_label not in present.tolist() and present.size >= 2:
            raise ValueError(
                f"pos_label={_plain(pos_label)!r} is not a label of y_true or y_pred, whose labels are "
                f"{_short(present.tolist())}. Pass pos_label=<the label of the positive class>."
            )
        return np.asarray([pos_label])
    if pos_label not in (None, 1):
        warnings.warn(
            f"Note that pos_label (set to {pos_label!r}) is ignored when average != 'binary' "
            f"(got {average!r}). You may use labels=[pos_label] to specify a single positive class.",
            UserWarning,
            stacklevel=3,
        )
    if labels is None:
        return present
    return _check_labels_param(labels, present)


def _check_zero_division(zero_division):
    """Return the value that replaces 0/0: 0.0 for ``"warn"``, else 0.0, 1.0 or NaN."""
    if isinstance(zero_division, str):
        if zero_division == "warn":
            return 0.0
    elif isinstance(zero_division, numbers.Real) and not isinstance(zero_division, bool):
        if zero_division in (0, 1) or np.isnan(zero_division):
            return float(zero_division)
    raise ValueError(
        f"zero_division must be 'warn', 0, 1 or np.nan; got {_short(zero_division)}. "
        "It is the value a metric takes when its denominator is zero."
    )


def _warn_ill_defined(metric, modifier, n_values, stacklevel=4):
    """scikit-learn's warning for a 0/0 metric (one value, or some of several labels)."""
    where = "due to" if n_values == 1 else "in labels with"
    warnings.warn(
        f"{metric} is ill-defined and being set to 0.0 {where} no {modifier} samples. "
        "Use `zero_division` parameter to control this behavior.",
        UndefinedMetricWarning,
        stacklevel=stacklevel,
    )


def _divide(numerator, denominator, *, metric, modifier, warn_for, zero_division, stacklevel=4):
    """``numerator / denominator`` elementwise, with 0/0 replaced by ``zero_division``.

    ``metric`` (for example ``"precision"``) is warned about when it is in ``warn_for``
    and ``zero_division == "warn"``; ``modifier`` names what is missing ("predicted",
    "true"). The warning points ``stacklevel`` frames up from the one that warns (4: the
    caller of the public function that calls ``_divide``).
    """
    numerator = np.asarray(numerator, dtype=np.float64)
    denominator = np.asarray(denominator, dtype=np.float64)
    undefined = denominator == 0
    result = numerator / np.where(undefined, 1.0, denominator)
    if not undefined.any():
        return result
    result[undefined] = _check_zero_division(zero_division)
    if isinstance(zero_division, str) and zero_division == "warn" and metric in warn_for:
        _warn_ill_defined(metric[0].upper() + metric[1:], modifier, result.shape[0], stacklevel)
    return result


def _nanaverage(values, weights=None):
    """Weighted mean that skips NaN entries (NaN only if every entry is NaN).

    If the remaining weights sum to zero the plain mean is used, as in scikit-learn.
    """
    keep = ~np.isnan(values)
    if not keep.any():
        return float("nan")
    if weights is None:
        return float(np.mean(values[keep]))
    weights = np.asarray(weights, dtype=np.float64)[keep]
    if weights.sum() == 0:
        return float(np.mean(values[keep]))
    return float(np.average(values[keep], weights=weights))


# ---------------------------------------------------------------------------------------
# Scores and the positive class (ranking metrics)
# ---------------------------------------------------------------------------------------


def _check_score_vector(y_score, name="y_score"):
    """Return 1-D finite numeric scores; a 2-D array gets a message about columns."""
    arr = np.asarray(y_score)
    if arr.ndim == 2 and arr.shape[1] != 1:
        raise ValueError(
            f"{name} must hold one score per sample (1-D), got shape {arr.shape}. For a "
            "binary task pass the score of the positive class, for example "
            "predict_proba(X)[:, 1]."
        )
    return check_scores(arr, name)


def _check_labels_and_weights(y_true, sample_weight):
    """``y_true`` as 1-D class labels and ``sample_weight`` as float64 weights (or None)."""
    y_true = _check_label_vector(y_true, "y_true")
    if sample_weight is not None:
        sample_weight = check_sample_weight(sample_weight, y_true.shape[0])
    return y_true, sample_weight


def _check_scores_of(y_true, y_score):
    """One finite score per label of ``y_true``."""
    y_score = _check_score_vector(y_score)
    check_consistent_length(y_true, y_score, names=["y_true", "y_score"])
    return y_score


def _positive_mask(y_true, pos_label):
    """Turn binary labels into a boolean mask of the positive class.

    ``pos_label=None`` means 1, and is allowed only for labels in {0, 1} or {-1, 1}
    (or one of those values alone), as in scikit-learn. A given ``pos_label`` must be
    one of the labels when ``y_true`` holds two or more; with more than two labels it
    selects one class against all the others.
    """
    classes = _unique_values(y_true)
    values = classes.tolist()
    if pos_label is None:
        numeric = classes.dtype.kind in "biuf"
        if not numeric or classes.size > 2 or not (set(values) <= {0, 1} or set(values) <= {-1, 1}):
            raise ValueError(
                f"y_true has labels {_short(values)}, so the positive class is ambiguous "
                "(pos_label=None means 1 and needs labels in {0, 1} or {-1, 1}). "
                "Pass pos_label=<the label of the positive class>."
            )
        pos_label = 1
    elif pos_label not in values and classes.size >= 2:
        raise ValueError(
            f"pos_label={_plain(pos_label)!r} is not a label of y_true, whose labels are "
            f"{_short(values)}. Pass one of those."
        )
    return y_true == pos_label


def _check_binary_scores(y_true, y_score, pos_label, sample_weight):
    """Check labels, scores and weights; return (positive mask, scores, weights or None)."""
    y_true, sample_weight = _check_labels_and_weights(y_true, sample_weight)
    y_score = _check_scores_of(y_true, y_score)
    return _positive_mask(y_true, pos_label), y_score, sample_weight


def _drop_zero_weights(positive, y_score, sample_weight):
    """Samples of weight 0 do not exist for a curve: remove them (thresholds included)."""
    if sample_weight is None:
        return positive, y_score, None
    kept = sample_weight != 0
    if not kept.any():
        raise ValueError("sample_weight is 0 for every sample; give some sample a positive weight.")
    return positive[kept], y_score[kept], sample_weight[kept]
