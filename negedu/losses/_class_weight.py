r"""Class weights: how much each class's mistakes count in a weighted loss.

A class weight :math:`w_k` multiplies the loss of every training example of class :math:`k`.
Weighting is resampling in expectation: an integer weight of 3 on a row is the same loss as
three copies of that row. ``"balanced"`` weights give every class the same total weight, the
heuristic scikit-learn attributes to King and Zeng (2001). The two functions here mirror
``sklearn.utils.class_weight`` and return the same numbers.
"""

import numbers

import numpy as np

from negedu._validation import _short, check_1d, check_finite, check_sample_weight, unique_labels

__all__ = ["compute_class_weight", "compute_sample_weight"]


def _check_labels(y, name="y"):
    """1-D labels, with multi-output targets rejected in words a user can act on."""
    arr = np.asarray(y) if not isinstance(y, np.ndarray) else y
    if arr.ndim == 2 and arr.shape[1] > 1:
        raise ValueError(
            f"{name} has shape {arr.shape}: one column per output. negedu's class weights are "
            "for single-output targets; compute the weights of each column separately "
            "(compute_sample_weight(class_weight, y[:, k])) and multiply them."
        )
    y = check_1d(y, name)
    check_finite(y, name, "Every sample needs a class label.")
    if y.size == 0:
        raise ValueError(f"{name} is empty; class weights need at least one labelled sample.")
    unique_labels(y, names=[name])  # rejects a mix of strings and numbers
    return y


def _dict_weights(class_weight, classes):
    """Look each class up in the dict; classes left out get weight 1."""
    weight = np.ones(classes.size, dtype=np.float64)
    keys = list(class_weight)
    known = set(classes.tolist())
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise ValueError(
            f"class_weight has key(s) {_short(unknown)} that are not classes; the classes are "
            f"{_short(classes.tolist())}. Use the labels exactly as they appear in y "
            "(same type: 1, not '1')."
        )
    for i, c in enumerate(classes.tolist()):
        if c in class_weight:
            value = class_weight[c]
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
                raise ValueError(f"class_weight[{c!r}] must be a finite number, got {_short(value)}.")
            weight[i] = value
    return weight


def compute_class_weight(class_weight, *, classes, y, sample_weight=None):
    r"""The weight of each class, for a loss that weighs every example by its class.

    Parameters
    ----------
    class_weight : dict, "balanced" or None
        ``None`` (or an empty dict): every class weighs 1. A dict ``{label: weight}``:
        those weights, and 1 for the classes it leaves out. ``"balanced"``: the weights
        below, which give every class the same total weight.
    classes : array-like of shape (n_classes,)
        The classes to weigh, usually ``np.unique(y)``. Every label of ``y`` must be among
        them.
    y : array-like of shape (n_samples,)
        The labels of the training examples (one output).
    sample_weight : array-like of shape (n_samples,), default=None
        Only used by ``"balanced"``: classes are counted by their total sample weight.

    Returns
    -------
    weight : ndarray of shape (n_classes,)
        ``weight[i]`` is the weight of ``classes[i]``.

    Raises
    ------
    ValueError
        If ``y`` has a label that is not in ``classes``; with ``"balanced"``, if a class of
        ``classes`` never occurs in ``y`` (its weight would be infinite) or its total sample
        weight is 0; if a dict key is not a class; if ``y`` has several output columns.
    TypeError
        If ``class_weight`` is not a dict, "balanced" or None.

    Notes
    -----
    With :math:`n` samples, :math:`K` classes present in ``y`` and :math:`n_k` samples of
    class :math:`k`, the balanced weight is

    .. math:: w_k = \frac{n}{K\, n_k} .

    Every class then carries the same total weight, :math:`n_k w_k = n / K`, and the total
    stays :math:`n`. For two classes, :math:`w_1 / w_0 = n_0 / n_1 = IR`: a positive counts as
    much as IR negatives. A weighted loss with these weights is, up to the factor
    :math:`n/K`, the mean of the per-class mean losses, just as balanced accuracy is the
    mean of the per-class recalls. With ``sample_weight`` :math:`s_i`, :math:`n_k` becomes
    :math:`\sum_{i: y_i = k} s_i` and :math:`n` their sum.

    Differences from scikit-learn: (1) a dict key that is not a class is always an error
    (scikit-learn ignores extra keys when every class has a weight, and raises otherwise);
    (2) a class with total sample weight 0 under ``"balanced"`` is an error (scikit-learn
    returns ``inf``); (3) multi-output ``y`` is refused with a message (scikit-learn's
    ``compute_class_weight`` would treat the 2-D array's entries as labels). Error messages
    are ours.

    References
    ----------
    King, G. and Zeng, L. (2001). Logistic Regression in Rare Events Data. *Political
    Analysis*, 9(2), 137-163.

    Examples
    --------
    >>> compute_class_weight("balanced", classes=np.array([0, 1]), y=[0, 0, 0, 0, 0, 0, 1, 1])
    array([0.66666667, 2.        ])
    >>> compute_class_weight({1: 5}, classes=np.array(["no", "yes"]), y=["no", "yes"])
    Traceback (most recent call last):
    ...
    ValueError: class_weight has key(s) [1] that are not classes; the classes are ['no', 'yes']. Use the labels exactly as they appear in y (same type: 1, not '1').
    """
    y = _check_labels(y, "y")
    classes = check_1d(classes, "classes")
    present = np.unique(y)
    missing = np.setdiff1d(present, classes)
    if missing.size:
        raise ValueError(
            f"y has label(s) {_short(missing.tolist())} that are not in classes "
            f"{_short(classes.tolist())}. Pass classes=np.unique(y) (or include every label)."
        )
    if class_weight is None or (isinstance(class_weight, dict) and len(class_weight) == 0):
        return np.ones(classes.size, dtype=np.float64)
    if isinstance(class_weight, str) and class_weight == "balanced":
        absent = np.setdiff1d(classes, present)
        if absent.size:
            raise ValueError(
                f"class_weight='balanced' needs every class in y, but class(es) "
                f"{_short(absent.tolist())} of classes never occur in y: their weight would be "
                "infinite. Drop them from classes, or give explicit weights with a dict."
            )
        s = check_sample_weight(sample_weight, y.size)
        y_index = np.searchsorted(present, y)  # (n,) position of each label among present
        counts = np.bincount(y_index, weights=s)  # (K,) total weight of each class
        if np.any(counts == 0):
            empty = present[counts == 0].tolist()
            raise ValueError(
                f"class_weight='balanced' divides by each class's total sample_weight, and "
                f"class(es) {_short(empty)} have total weight 0. Give them a positive sample_weight."
            )
        balanced = counts.sum() / (present.size * counts)  # w_k = n / (K n_k)
        return balanced[np.searchsorted(present, classes)]
    if isinstance(class_weight, dict):
        return _dict_weights(class_weight, classes)
    raise TypeError(
        f"class_weight must be None, 'balanced' or a dict {{label: weight}}, got {_short(class_weight)}."
    )


def compute_sample_weight(class_weight, y, *, indices=None):
    r"""The weight of each sample: the weight of its class.

    Parameters
    ----------
    class_weight : dict, "balanced" or None
        As in :func:`compute_class_weight`.
    y : array-like of shape (n_samples,)
        Labels (one output; see Notes).
    indices : array-like of int, default=None
        A subsample (for example a bootstrap sample, with repeats). The balanced weights are
        then computed from the labels ``y[indices]``, returned for every sample of ``y``, and
        the samples of a class absent from the subsample weigh 0. Only ``"balanced"``.

    Returns
    -------
    sample_weight : ndarray of shape (n_samples,)
        ``sample_weight[i] = w[y[i]]``.

    Raises
    ------
    ValueError
        If ``indices`` is given with a ``class_weight`` other than ``"balanced"``, or an
        index is out of range; the errors of :func:`compute_class_weight`; and for a
        multi-output ``y`` (shape (n, m) with m > 1), which scikit-learn supports with a
        list of dicts and negedu does not: weigh each column separately and multiply.

    Notes
    -----
    Weighing sample :math:`i` by :math:`w_{y_i}` in a loss :math:`\sum_i w_{y_i}\,\ell_i` is,
    for integer weights, the same as repeating each example of class :math:`k`
    :math:`w_k` times: class weights are resampling done in the loss.

    Examples
    --------
    >>> compute_sample_weight("balanced", [1, 1, 1, 1, 0, 0])
    array([0.75, 0.75, 0.75, 0.75, 1.5 , 1.5 ])
    >>> compute_sample_weight({"apple": 19.0}, ["orange", "apple", "orange"])
    array([ 1., 19.,  1.])
    """
    y = _check_labels(y, "y")
    if isinstance(class_weight, list):
        raise ValueError(
            "class_weight is a list: that is scikit-learn's form for multi-output targets, which "
            "negedu does not support. Pass one dict, 'balanced' or None for a 1-D y."
        )
    classes = np.unique(y)
    if indices is None:
        weight = compute_class_weight(class_weight, classes=classes, y=y)
        return weight[np.searchsorted(classes, y)]
    if not (isinstance(class_weight, str) and class_weight == "balanced"):
        raise ValueError(
            f"indices (a subsample) only works with class_weight='balanced', got class_weight="
            f"{_short(class_weight)}. With fixed weights the subsample does not matter: drop indices."
        )
    indices = check_1d(indices, "indices")
    if indices.dtype.kind not in "iu" or (indices.size and (indices.min() < -y.size or indices.max() >= y.size)):
        raise ValueError(
            f"indices must be integer positions into y (0 to {y.size - 1}), got {_short(indices.tolist())}."
        )
    y_sub = y[indices]
    sub_classes = np.unique(y_sub)
    weight_sub = compute_class_weight("balanced", classes=sub_classes, y=y_sub)
    position = np.clip(np.searchsorted(sub_classes, y), 0, sub_classes.size - 1)  # (n,) into sub_classes
    sample_weight = weight_sub[position]
    sample_weight[~np.isin(y, sub_classes)] = 0.0  # a class the subsample never drew weighs 0
    return sample_weight
