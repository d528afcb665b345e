r"""Are the probabilities right? The Brier score and the points of a reliability diagram.

A model is *calibrated* when, among the samples it gives probability :math:`q`, a share
:math:`q` are positive. Resampling (chapter 7) and reweighting (chapter 8) break this on
purpose; these two functions measure by how much. Both have scikit-learn's names and
parameters and return the same numbers; :func:`calibration_bins` adds the counts and edges of
the bins a diagram needs.
"""

import warnings

import numpy as np

from negedu._bunch import Bunch
from negedu._validation import (
    _short,
    check_1d,
    check_choice,
    check_finite,
    check_int,
    check_sample_weight,
    check_unit_interval,
)
from negedu.metrics._common import _check_label_vector, _is_text, _plain, _unique_values

__all__ = ["brier_score_loss", "calibration_curve", "calibration_bins"]


def _check_proba_values(y_proba, name):
    """Finite probabilities in [0, 1], as a float64 array of any shape."""
    p = np.asarray(y_proba)
    if p.dtype.kind not in "biuf":
        raise ValueError(f"{name} must contain numbers (probabilities), got dtype {p.dtype}.")
    p = p.astype(np.float64)
    check_finite(p, name, "Every sample needs a probability in [0, 1].")
    check_unit_interval(p, name, "Pass predict_proba(X) (or its column of the positive class), not "
                        "decision_function scores.")
    return p


def _check_same_length(y, p, name_y, name_p):
    if y.shape[0] != p.shape[0]:
        raise ValueError(
            f"{name_y} has {y.shape[0]} samples but {name_p} has {p.shape[0]}. "
            "Pass one probability (row) per sample."
        )


def _binary_positive(y_true, pos_label, proba_name, *, greater_label_fallback):
    """``y_true == pos_label`` as 0/1 floats, resolving ``pos_label`` as scikit-learn does.

    With ``pos_label=None`` the labels must be {0, 1}, {-1, 1} or one of their values, and
    the positive label is 1. ``brier_score_loss`` (``greater_label_fallback=True``) also
    accepts other numeric labels and takes the greater one, as scikit-learn does for
    backward compatibility; labels that are strings always need ``pos_label``.
    """
    classes = _unique_values(y_true)
    if classes.size > 2:
        raise ValueError(
            f"y_true has {classes.size} classes {_short(classes.tolist())}, but a 1-D {proba_name} holds the "
            "probability of one class only. Pass one column per class (predict_proba(X)) for "
            "several classes, or binarise y_true first."
        )
    if pos_label is None:
        values = set(classes.tolist())
        standard = not _is_text(classes) and (values <= {0, 1} or values <= {-1, 1})
        if standard:
            pos_label = 1
        elif greater_label_fallback and not _is_text(classes):
            pos_label = _plain(classes[-1])
        else:
            raise ValueError(
                f"y_true takes values in {_short(classes.tolist())} and pos_label is not specified, so "
                "the positive class is ambiguous. Pass pos_label=<the label of the positive class>, "
                "or use labels 0 and 1."
            )
    return (y_true == pos_label).astype(np.float64)


def brier_score_loss(y_true, y_proba, *, sample_weight=None, pos_label=None, labels=None, scale_by_half="auto"):
    r"""The Brier score: the mean squared error of predicted probabilities.

    For a binary task, with :math:`p_i` the predicted probability of the positive class and
    :math:`y_i \in \{0, 1\}`,

    .. math:: \mathrm{BS} = \frac{\sum_i w_i\, (p_i - y_i)^2}{\sum_i w_i} .

    0 is perfect; always predicting the base rate :math:`\pi` scores :math:`\pi(1 - \pi)`.
    For :math:`K` classes, with one column of probabilities per class and the one-hot
    labels :math:`y_{ik}`, Brier's original definition sums over the classes:
    :math:`\sum_i w_i \sum_k (p_{ik} - y_{ik})^2 / \sum_i w_i`, between 0 and 2.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_proba : array-like of shape (n_samples,) or (n_samples, n_classes)
        The probability of the positive class (1-D), or of every class (one column per class,
        in the sorted order of ``labels``).
    sample_weight : array-like of shape (n_samples,), default=None
    pos_label : int, float, bool or str, default=None
        The positive class of a binary task with a 1-D ``y_proba``. ``None``: 1 for labels
        {0, 1} or {-1, 1}; for other numbers the greater label; strings need it set.
    labels : array-like, default=None
        The classes of the columns of a 2-D ``y_proba``; by default those present in ``y_true``.
    scale_by_half : bool or "auto", default="auto"
        Halve the multiclass sum. ``"auto"`` halves when there are fewer than three columns, so
        that a binary task gets the familiar :math:`\frac{1}{n}\sum_i (p_i - y_i)^2` in [0, 1]
        whichever way its probabilities are passed.

    Returns
    -------
    score : float

    Raises
    ------
    ValueError
        If a probability is outside [0, 1], NaN or infinite; if the lengths differ; if a 1-D
        ``y_proba`` comes with more than two classes; if the number of columns differs from the
        number of classes; if the positive class is ambiguous.

    Notes
    -----
    Same value as scikit-learn's ``sklearn.metrics.brier_score_loss`` (to rounding: scikit-learn
    sums the two columns :math:`(1 - p, p)` of a binary task and halves; we compute
    :math:`(p - y)^2` directly). Like scikit-learn, a 2-D ``y_proba`` whose rows do not sum to 1
    gives a ``UserWarning``, not an error.

    References
    ----------
    .. [1] G. W. Brier (1950). "Verification of forecasts expressed in terms of probability".
       Monthly Weather Review 78(1), 1-3. doi:10.1175/1520-0493(1950)078<0001:VOFEIT>2.0.CO;2

    Examples
    --------
    >>> brier_score_loss([0, 1, 1], [0.0, 1.0, 0.5])
    0.08333333333333333
    >>> brier_score_loss(["cat", "dog", "dog"], [0.0, 0.5, 1.0], pos_label="dog")
    0.08333333333333333
    """
    y_true = _check_label_vector(y_true, "y_true")
    p = _check_proba_values(y_proba, "y_proba")
    if p.ndim == 2 and p.shape[1] == 1:
        p = p[:, 0]
    if p.ndim not in (1, 2):
        raise ValueError(f"y_proba must be 1-D or 2-D, got shape {p.shape}.")
    _check_same_length(y_true, p, "y_true", "y_proba")
    w = check_sample_weight(sample_weight, y_true.shape[0])
    if scale_by_half != "auto" and not isinstance(scale_by_half, (bool, np.bool_)):
        raise ValueError(f"scale_by_half must be True, False or 'auto', got {_short(scale_by_half)}.")
    if p.ndim == 1:
        y = _binary_positive(y_true, pos_label, "y_proba", greater_label_fallback=True)
        squared = 2.0 * (p - y) ** 2  # the two columns (1 - p, p) contribute equally
        n_columns = 2
    else:
        classes = _unique_values(y_true) if labels is None else np.unique(np.asarray(labels))
        n_columns = p.shape[1]
        if classes.size != n_columns:
            where = "y_true" if labels is None else "labels"
            raise ValueError(
                f"y_proba has {n_columns} columns but {where} has {classes.size} classes "
                f"{_short(classes.tolist())}. Pass labels=<the classes of the columns, in sorted order>."
            )
        missing = ~np.isin(y_true, classes)
        if missing.any():
            raise ValueError(
                f"y_true contains the label {_short(_plain(y_true[missing][0]))}, which is not in "
                f"labels={_short(classes.tolist())}. Add it to labels."
            )
        if not np.allclose(p.sum(axis=1), 1.0, rtol=np.sqrt(np.finfo(np.float64).eps), atol=0):
            warnings.warn("The y_prob values do not sum to one. Make sure to pass probabilities.", UserWarning)
        one_hot = (y_true[:, None] == classes[None, :]).astype(np.float64)  # (n_samples, n_classes)
        squared = np.sum((p - one_hot) ** 2, axis=1)
    score = float(np.sum(w * squared) / np.sum(w)) if np.sum(w) > 0 else float("nan")
    if scale_by_half == "auto":
        scale_by_half = n_columns < 3
    return 0.5 * score if scale_by_half else score


def _calibration_bins(y, p, n_bins, strategy):
    """Per non-empty bin: observed rate, mean probability and count; and all the bin edges."""
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    else:  # "quantile": edges at the quantiles of the probabilities, so bins hold equal counts
        edges = np.percentile(p, np.linspace(0.0, 1.0, n_bins + 1) * 100)
    # bin k holds edges[k] < p <= edges[k + 1]; p = edges[0] goes to the first bin
    bins = np.searchsorted(edges[1:-1], p, side="left")
    counts = np.bincount(bins, minlength=n_bins)
    sums = np.bincount(bins, weights=p, minlength=n_bins)
    positives = np.bincount(bins, weights=y, minlength=n_bins)
    used = counts > 0
    return positives[used] / counts[used], sums[used] / counts[used], counts[used], edges


def calibration_bins(y_true, y_prob, *, pos_label=None, n_bins=5, strategy="uniform"):
    r"""The bins of a reliability diagram: :func:`calibration_curve`'s points, with each bin's count and the edges.

    The same bins and points as :func:`calibration_curve` (see there for the formulas and
    the parameters), plus what a diagram drawn with marker sizes needs: the number of samples
    :math:`|B_k|` in each non-empty bin, and all ``n_bins + 1`` edges :math:`e_0, \dots, e_m`.
    scikit-learn has no such function; its ``calibration_curve`` returns the first two.

    Parameters
    ----------
    y_true, y_prob, pos_label, n_bins, strategy
        As in :func:`calibration_curve`.

    Returns
    -------
    bins : Bunch
        ``prob_true`` and ``prob_pred`` (as :func:`calibration_curve`), ``counts`` (int, the
        samples in each non-empty bin, in increasing order of the bins) and ``edges`` (all
        ``n_bins + 1`` bin edges).

    Raises
    ------
    ValueError
        As :func:`calibration_curve`.

    Notes
    -----
    Bin :math:`k` holds the probabilities :math:`e_{k-1} < p \le e_k` (the first bin also
    :math:`p = e_0`); empty bins are left out of ``prob_true``, ``prob_pred`` and ``counts``
    but not of ``edges``. A reliability diagram draws each point with an area proportional
    to its count, so that a bin of three samples does not look as sure as one of three
    thousand.

    References
    ----------
    .. [1] A. Niculescu-Mizil and R. Caruana (2005). "Predicting good probabilities with
       supervised learning". Proceedings of the 22nd International Conference on Machine
       Learning, 625-632. doi:10.1145/1102351.1102430

    Examples
    --------
    >>> bins = calibration_bins([0, 0, 1, 1], [0.1, 0.3, 0.35, 0.9], n_bins=2)
    >>> bins.prob_pred.tolist(), bins.prob_true.tolist(), bins.counts.tolist(), bins.edges.tolist()
    ([0.25, 0.9], [0.3333333333333333, 1.0], [3, 1], [0.0, 0.5, 1.0])
    """
    y_true = _check_label_vector(y_true, "y_true")
    p = _check_proba_values(check_1d(y_prob, "y_prob", copy=False), "y_prob")
    _check_same_length(y_true, p, "y_true", "y_prob")
    n_bins = check_int(n_bins, "n_bins", minimum=1, hint="Use n_bins=5 or 10, for example.")
    strategy = check_choice(strategy, "strategy", ("uniform", "quantile"))
    y = _binary_positive(y_true, pos_label, "y_prob", greater_label_fallback=False)
    prob_true, prob_pred, counts, edges = _calibration_bins(y, p, n_bins, strategy)
    return Bunch(prob_true=prob_true, prob_pred=prob_pred, counts=counts, edges=edges)


def calibration_curve(y_true, y_prob, *, pos_label=None, n_bins=5, strategy="uniform"):
    r"""The points of a reliability diagram: per bin, the observed rate against the mean probability.

    The probabilities are cut into ``n_bins`` bins :math:`B_1, \dots, B_m`, closed on the right
    (:math:`B_1 = [e_0, e_1]`, :math:`B_k = (e_{k-1}, e_k]`). For every non-empty bin

    .. math::

        \text{prob\_true}_k = \frac{|\{i \in B_k : y_i = 1\}|}{|B_k|}, \qquad
        \text{prob\_pred}_k = \frac{1}{|B_k|} \sum_{i \in B_k} p_i .

    A calibrated model has ``prob_true`` close to ``prob_pred`` in every bin: its reliability
    diagram follows the diagonal.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels, two classes at most.
    y_prob : array-like of shape (n_samples,)
        Predicted probabilities of the positive class.
    pos_label : int, float, bool or str, default=None
        The positive class; ``None`` means 1 for labels {0, 1} or {-1, 1}.
    n_bins : int, default=5
        Number of bins. More bins show more detail and more noise.
    strategy : {"uniform", "quantile"}, default="uniform"
        ``"uniform"``: bins of equal width on [0, 1]. ``"quantile"``: edges at the quantiles of
        ``y_prob`` (``np.percentile``), so that the bins hold about equal numbers of samples.

    Returns
    -------
    prob_true : ndarray of shape (n_non_empty_bins,)
        The share of positives in each non-empty bin.
    prob_pred : ndarray of shape (n_non_empty_bins,)
        The mean predicted probability in each non-empty bin.

    Raises
    ------
    ValueError
        If a probability is outside [0, 1], the lengths differ, ``y_true`` has more than two
        classes, the positive class is ambiguous, or ``n_bins`` or ``strategy`` is invalid.

    Notes
    -----
    Same points as scikit-learn's ``sklearn.calibration.calibration_curve``. Empty bins are
    left out, so the arrays can be shorter than ``n_bins``. With ``"quantile"`` and many tied
    probabilities, several edges coincide and some bins are empty.

    References
    ----------
    .. [1] A. Niculescu-Mizil and R. Caruana (2005). "Predicting good probabilities with
       supervised learning". Proceedings of the 22nd International Conference on Machine
       Learning, 625-632. doi:10.1145/1102351.1102430

    Examples
    --------
    >>> prob_true, prob_pred = calibration_curve([0, 0, 1, 1], [0.1, 0.3, 0.35, 0.9], n_bins=2)
    >>> prob_true.tolist(), prob_pred.tolist()
    ([0.3333333333333333, 1.0], [0.25, 0.9])
    """
    bins = calibration_bins(y_true, y_prob, pos_label=pos_label, n_bins=n_bins, strategy=strategy)
    return bins.prob_true, bins.prob_pred
