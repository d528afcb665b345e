r"""Turn a sampler's ``sampling_strategy`` into "how many samples of which class".

Every sampler in :mod:`negedu.resampling` accepts the same forms of ``sampling_strategy`` as
imbalanced-learn, and resolves them here into one plain ``dict`` sorted by class label.
"""

import numbers

import numpy as np

from negedu._validation import _short, check_labels, type_of_target

__all__ = ["check_sampling_strategy", "SAMPLING_TYPES"]

SAMPLING_TYPES = ("over-sampling", "under-sampling", "clean-sampling")

# The strings each family accepts, in the order the error messages list them.
_STRINGS = {
    "over-sampling": ("auto", "minority", "not minority", "not majority", "all"),
    "under-sampling": ("auto", "majority", "not minority", "not majority", "all"),
    "clean-sampling": ("auto", "majority", "not minority", "not majority", "all"),
}
_VERB = {
    "over-sampling": "an over-sampler",
    "under-sampling": "an under-sampler",
    "clean-sampling": "a cleaning sampler",
}


def _plain(label):
    """A NumPy scalar label as the matching Python scalar (``np.int64(1)`` -> ``1``)."""
    return label.item() if isinstance(label, np.generic) else label


def _class_counts(y):
    """``{label: count}`` in ascending label order, with Python scalars as keys and values."""
    classes, counts = np.unique(y, return_counts=True)
    return {_plain(c): int(n) for c, n in zip(classes, counts)}


def _from_string(name, counts, sampling_type):
    n_max, n_min = max(counts.values()), min(counts.values())
    # ties go to the first class in label order, as with max/min over the sorted dict
    c_max = max(counts, key=counts.get)
    c_min = min(counts, key=counts.get)
    if name == "auto":
        name = "not majority" if sampling_type == "over-sampling" else "not minority"
    targets = {
        "minority": [c_min],
        "majority": [c_max],
        "not minority": [c for c in counts if c != c_min],
        "not majority": [c for c in counts if c != c_max],
        "all": list(counts),
    }[name]
    if sampling_type == "over-sampling":
        return {c: n_max - counts[c] for c in targets}  # new samples to generate
    return {c: n_min for c in targets}  # samples to keep (ignored by cleaning samplers)


def _match_labels(keys, counts, what):
    """Map user keys onto the labels of y; unknown keys are an error that lists both."""
    lookup = {c: c for c in counts}
    missing = [k for k in keys if k not in lookup]
    if missing:
        raise ValueError(
            f"sampling_strategy {what} {_short(missing)}, which "
            f"{'is not a class' if len(missing) == 1 else 'are not classes'} of y; y's classes "
            f"are {_short(list(counts))}. Use only labels that occur in y."
        )
    return [lookup[k] for k in keys]


def _from_dict(strategy, counts, sampling_type):
    if sampling_type == "clean-sampling":
        raise ValueError(
            f"sampling_strategy={_short(strategy)} is a dict, but a cleaning sampler only "
            "needs to know which classes it may clean. Pass a list of those classes instead, "
            f"for example {_short(list(strategy))}."
        )
    labels = _match_labels(list(strategy), counts, "has the key(s)")
    resolved = {}
    for key, label in zip(strategy, labels):
        n = strategy[key]
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise TypeError(
                f"sampling_strategy[{key!r}] must be an integer number of samples, got "
                f"{_short(n)} of type {type(n).__name__}."
            )
        n = int(n)
        have = counts[label]
        if n < 0:
            raise ValueError(
                f"sampling_strategy asks for {n} samples of class {label!r}; a number of "
                "samples cannot be negative."
            )
        if sampling_type == "over-sampling":
            if n < have:
                raise ValueError(
                    f"sampling_strategy asks for {n} samples of class {label!r} but it already "
                    f"has {have}; an over-sampler can only add samples. Ask for at least {have} "
                    "(the dict gives the number of samples wanted after resampling)."
                )
            resolved[label] = n - have
        else:
            if n > have:
                raise ValueError(
                    f"sampling_strategy asks for {n} samples of class {label!r} but it has only "
                    f"{have}; an under-sampler can only keep samples it has. Ask for at most {have}."
                )
            resolved[label] = n
    return resolved


def _from_float(ratio, y, counts, sampling_type):
    if sampling_type == "clean-sampling":
        raise ValueError(
            f"sampling_strategy={ratio!r} is a ratio, but a cleaning sampler removes whatever "
            "its rule finds and cannot aim at a ratio. Pass 'auto', 'all', 'majority', "
            "'not minority', 'not majority' or a list of classes."
        )
    if type_of_target(y) != "binary":
        raise ValueError(
            f"sampling_strategy={ratio!r} is a ratio, which is only defined for two classes, but "
            f"y has {len(counts)} classes {_short(list(counts))}. For several classes, pass a "
            "dict {class: number of samples}."
        )
    if sampling_type == "over-sampling":
        n_max = max(counts.values())
        c_max = max(counts, key=counts.get)
        resolved = {c: int(n_max * ratio - n) for c, n in counts.items() if c != c_max}
        for c, n_new in resolved.items():
            if n_new <= 0:
                need = counts[c] / n_max
                raise ValueError(
                    f"sampling_strategy={ratio!r} asks class {c!r} for int({n_max} * {ratio!r}) = "
                    f"{int(n_max * ratio)} samples, but it already has {counts[c]}; an "
                    f"over-sampler can only add samples. Use a ratio above {need:.4g} "
                    f"(= {counts[c]} / {n_max}, minority over majority)."
                )
        return resolved
    n_min = min(counts.values())
    c_min = min(counts, key=counts.get)
    resolved = {c: int(n_min / ratio) for c, n in counts.items() if c != c_min}
    for c, keep in resolved.items():
        if keep > counts[c]:
            need = n_min / counts[c]
            raise ValueError(
                f"sampling_strategy={ratio!r} asks to keep int({n_min} / {ratio!r}) = {keep} "
                f"samples of class {c!r} but it has only {counts[c]}; an under-sampler can only "
                f"keep samples it has. Use a ratio of at least {need:.4g} "
                f"(= {n_min} / {counts[c]}, minority over majority)."
            )
    return resolved


def check_sampling_strategy(sampling_strategy, y, sampling_type):
    r"""Resolve ``sampling_strategy`` into ``{class: number}``, sorted by class label.

    Parameters
    ----------
    sampling_strategy : str, float, dict, list or callable
        What to resample. The forms, with :math:`n_c` the count of class :math:`c`,
        :math:`n_{max}` / :math:`n_{min}` the largest / smallest count (ties go to the smallest
        label):

        * ``"auto"``: ``"not majority"`` for over-samplers, ``"not minority"`` otherwise;
        * ``"minority"`` (over-sampling only), ``"majority"`` (under-sampling and cleaning),
          ``"not minority"``, ``"not majority"``, ``"all"``: the classes targeted;
        * a float :math:`r \in (0, 1]` (two classes only): the wished minority / majority ratio;
          not for cleaning samplers;
        * a dict ``{class: n}``: the number of samples wanted for each listed class after
          resampling; not for cleaning samplers;
        * a list of classes: cleaning samplers only, the classes that may lose samples;
        * a callable ``f(y)`` returning such a dict.
    y : array-like of shape (n_samples,)
        The class labels.
    sampling_type : {"over-sampling", "under-sampling", "clean-sampling"}
        The sampler family; it decides what the numbers mean.

    Returns
    -------
    dict
        Sorted by class label, with Python scalars as keys. The values mean:

        * over-sampling: how many **new** samples to generate, :math:`n_{max} - n_c` for the
          strings, :math:`n - n_c` for a dict, ``int(n_max * r - n_c)`` for a float;
        * under-sampling: how many samples to **keep**, :math:`n_{min}` for the strings,
          :math:`n` for a dict, ``int(n_min / r)`` for a float (all classes but the minority);
        * cleaning: only the keys matter (the classes to clean); the values are :math:`n_{min}`.

    Raises
    ------
    ValueError
        If y has a single class; if a string is not allowed for the family; if a float is
        outside (0, 1], used with more than two classes, used by a cleaning sampler, or asks
        for fewer (over) or more (under) samples than a class has; if a dict has labels that
        are not in y, negative numbers, or numbers an over- / under-sampler cannot reach; if a
        dict is given to a cleaning sampler or a list to any other sampler.
    TypeError
        If ``sampling_strategy`` is of none of the forms above, or a callable does not
        return a dict.

    Notes
    -----
    This reproduces imbalanced-learn 0.14's ``check_sampling_strategy`` value for value
    (``int()`` truncates toward zero: ``int(20 * 0.66 - 10) = 3``) with clearer messages: each
    error names the class and the numbers involved. Differences, deliberate: the keys are
    plain Python scalars (``{0: 90}``, not ``{np.int64(0): 90}``; the dicts compare equal),
    the result is a plain ``dict`` (ordered) rather than an ``OrderedDict``, and a dict value
    that is not an integer is rejected.

    Examples
    --------
    >>> y = [0] * 6 + [1] * 3 + [2] * 1
    >>> check_sampling_strategy("auto", y, "over-sampling")
    {1: 3, 2: 5}
    >>> check_sampling_strategy("auto", y, "under-sampling")
    {0: 1, 1: 1}
    >>> check_sampling_strategy({0: 4}, y, "under-sampling")
    {0: 4}
    >>> check_sampling_strategy(0.5, [0, 0, 0, 0, 1, 1], "under-sampling")
    {0: 4}
    >>> check_sampling_strategy({1: 7}, y, "under-sampling")
    Traceback (most recent call last):
    ...
    ValueError: sampling_strategy asks for 7 samples of class 1 but it has only 3; an under-sampler can only keep samples it has. Ask for at most 3.
    """
    if sampling_type not in SAMPLING_TYPES:
        raise ValueError(
            f"sampling_type must be one of {', '.join(map(repr, SAMPLING_TYPES))}; "
            f"got {_short(sampling_type)}."
        )
    y = check_labels(y, "y", fix="Pass the class labels the sampler balances.")
    counts = _class_counts(y)
    if len(counts) < 2:
        only = f" ({next(iter(counts))!r})" if counts else ""
        raise ValueError(
            f"y has {len(counts)} class{only}, but resampling needs at least 2 classes to "
            "balance. Check that y holds the labels of every class (for example after a split, "
            "use a stratified one)."
        )
    if isinstance(sampling_strategy, str):
        allowed = _STRINGS[sampling_type]
        if sampling_strategy not in allowed:
            raise ValueError(
                f"sampling_strategy={sampling_strategy!r} is not a strategy {_VERB[sampling_type]} "
                f"knows; use one of {', '.join(map(repr, allowed))}."
            )
        resolved = _from_string(sampling_strategy, counts, sampling_type)
    elif isinstance(sampling_strategy, dict):
        resolved = _from_dict(sampling_strategy, counts, sampling_type)
    elif isinstance(sampling_strategy, list):
        if sampling_type != "clean-sampling":
            raise ValueError(
                f"sampling_strategy={_short(sampling_strategy)} is a list, which only cleaning "
                f"samplers accept; {_VERB[sampling_type]} needs a dict {{class: number of "
                "samples}}, a float or a string such as 'auto'."
            )
        labels = _match_labels(sampling_strategy, counts, "lists")
        resolved = {c: min(counts.values()) for c in labels}
    elif isinstance(sampling_strategy, numbers.Real) and not isinstance(sampling_strategy, bool):
        ratio = float(sampling_strategy)
        if not 0 < ratio <= 1:
            raise ValueError(
                f"sampling_strategy={sampling_strategy!r} is a ratio minority / majority, so it must "
                "be in (0, 1]; for example 0.5 asks for one minority sample per two majority ones."
            )
        resolved = _from_float(ratio, y, counts, sampling_type)
    elif callable(sampling_strategy):
        result = sampling_strategy(y)
        if not isinstance(result, dict):
            raise TypeError(
                f"sampling_strategy is a callable, so it must return a dict {{class: number of "
                f"samples}}; it returned {_short(result)} of type {type(result).__name__}."
            )
        resolved = _from_dict(result, counts, sampling_type)
    else:
        raise TypeError(
            f"sampling_strategy must be a string, a float, a dict, a list or a callable, got "
            f"{_short(sampling_strategy)} of type {type(sampling_strategy).__name__}."
        )
    order = {c: i for i, c in enumerate(counts)}
    return dict(sorted(resolved.items(), key=lambda item: order[item[0]]))
