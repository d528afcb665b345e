"""Feedback a student can act on, and the small tools every chapter's checks share.

A check never raises: it returns a :class:`Feedback` that says *correct*, *not answered
yet*, or what is wrong and how to fix it. A check of a student's function runs it on
cases, catches what it raises, and reports the first case that goes wrong.
"""

import contextlib
import hashlib
import html
import math
import numbers

import numpy as np

__all__ = ["Feedback", "student_seed", "is_unanswered", "check_number", "check_function", "both_correct", "Mistake",
           "run_student_function"]

_ICONS = {"correct": "✅", "incorrect": "❌", "unanswered": "…", "error": "⚠️"}
_COLOURS = {"correct": "#009E73", "incorrect": "#D55E00", "unanswered": "#777777", "error": "#D55E00"}


class Feedback:
    """The result of a check: a status and a message, shown as text or as a coloured box.

    ``status`` is one of ``"correct"``, ``"incorrect"``, ``"unanswered"`` and ``"error"``.
    ``bool(feedback)`` is True only when the answer is correct.
    """

    def __init__(self, status, message, *, exercise=""):
        if status not in _ICONS:
            raise ValueError(f"status must be one of {sorted(_ICONS)}, got {status!r}")
        self.status = status
        self.message = message
        self.exercise = exercise

    def __bool__(self):
        return self.status == "correct"

    @property
    def headline(self):
        return {
            "correct": "Correct",
            "incorrect": "Not yet",
            "unanswered": "Not answered yet",
            "error": "Your code raised an error",
        }[self.status]

    def __str__(self):
        where = f" [{self.exercise}]" if self.exercise else ""
        return f"{_ICONS[self.status]} {self.headline}{where}: {self.message}"

    __repr__ = __str__

    def _repr_html_(self):
        colour = _COLOURS[self.status]
        where = f" <small>({html.escape(self.exercise)})</small>" if self.exercise else ""
        return (
            f'<div class="negedu-feedback negedu-feedback-{self.status}" '
            f'style="border-left:4px solid {colour};padding:.4em .8em;margin:.3em 0;background:#f7f7f7">'
            f"<strong>{_ICONS[self.status]} {self.headline}</strong>{where}: {html.escape(self.message)}</div>"
        )


def student_seed(name):
    """A reproducible seed from a student's name or id, so neighbours get different numbers.

    >>> student_seed("Ada") == student_seed("Ada")
    True
    >>> 0 <= student_seed("Ada") < 2**31
    True
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError("student_seed needs your name or student id as a non-empty string, e.g. student_seed('Ada').")
    digest = hashlib.sha256(name.strip().lower().encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 2**31


def is_unanswered(answer):
    """True for the placeholders of a starter cell: ``...`` and ``None``."""
    return answer is Ellipsis or answer is None


class Mistake:
    """A known wrong answer and the hint that explains it (see :func:`check_number`)."""

    def __init__(self, value, hint):
        self.value = value
        self.hint = hint


def as_number(answer):
    """The answer as a float (a number or a one-element array), or None if it is not one."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, numbers.Real):
        return float(answer)
    try:
        arr = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None
    return float(arr) if arr.ndim == 0 else None


def check_number(answer, expected, *, exercise="", mistakes=(), tol=1e-3, explain=""):
    """Compare a numeric answer with the expected value and explain the usual mistakes.

    ``tol`` is relative (with a small absolute floor), so 0.999 and 0.99900099 both pass
    for 1000/1001 at the default tolerance. ``mistakes`` lists :class:`Mistake` values with
    the hint to give when the answer matches one of them.
    """
    if is_unanswered(answer):
        return Feedback("unanswered", "replace ... with your answer and run the cell again.", exercise=exercise)
    value = as_number(answer)
    if value is None or not math.isfinite(value):
        return Feedback("incorrect", f"the answer should be a single number, got {answer!r}.", exercise=exercise)

    def close(a, b):
        return abs(a - b) <= max(tol * abs(b), 1e-9)

    if close(value, expected):
        return Feedback("correct", explain or f"{value:g} is right.", exercise=exercise)
    for mistake in mistakes:
        if close(value, float(mistake.value)):
            return Feedback("incorrect", f"you gave {value:g}. {mistake.hint}", exercise=exercise)
    direction = "too high" if value > expected else "too low"
    return Feedback("incorrect", f"you gave {value:g}, which is {direction}. Check each count and each denominator.", exercise=exercise)


def both_correct(first, second, *, exercise=""):
    """The first of two feedbacks that is not correct; if both are, one feedback with both messages."""
    if not first:
        return first
    if not second:
        return second
    return Feedback("correct", f"{first.message} {second.message}", exercise=exercise)


def run_student_function(function, args, description, *, exercise="", returns=None, ravel=False, quiet=False):
    """Call a student's function on one case; return ``(result, None)`` or ``(None, feedback)``.

    The feedback is "error" when the call raises (a student's bug becomes feedback, never a
    traceback) and "unanswered" when it returns ``...`` or ``None``. With ``returns`` (what
    the function should return, e.g. ``"one number per row"``) the result is converted to a
    float array (raveled with ``ravel=True``) and a result that is not numbers is "incorrect".
    ``quiet=True`` silences NumPy's floating-point warnings during the call and the
    conversion. Pass fresh copies of arrays in ``args``: a student's function may modify them.
    """
    try:
        with np.errstate(all="ignore") if quiet else contextlib.nullcontext():
            got = function(*args)
    except Exception as exc:  # a student's bug must become feedback, never a traceback
        return None, Feedback("error", f"on {description} it raised {type(exc).__name__}: {exc}", exercise=exercise)
    if is_unanswered(got):
        return None, Feedback("unanswered", "your function returns nothing yet: write its body and run the cell again.",
                              exercise=exercise)
    if returns is None:
        return got, None
    try:
        with np.errstate(all="ignore") if quiet else contextlib.nullcontext():
            values = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return None, Feedback("incorrect", f"on {description} it returned {got!r}; return {returns}.", exercise=exercise)
    return (values.ravel() if ravel else values), None


def check_function(function, cases, *, exercise="", diagnose=None, explain="your function agrees on every case."):
    """Run a student's function on ``cases`` and compare with the expected results.

    ``cases`` is a list of ``(args, expected, description)``. ``diagnose(args, got, expected)``
    may return a hint for a wrong result (e.g. "you divided by all samples"). The first
    failing case is reported; a function that returns ``None`` everywhere is "not answered".
    """
    if not callable(function):
        return Feedback("incorrect", f"expected a function, got {function!r}.", exercise=exercise)
    results = []
    for args, expected, description in cases:
        try:
            got = function(*args)
        except Exception as exc:  # a student's bug must become feedback, never a traceback
            return Feedback("error", f"on {description} it raised {type(exc).__name__}: {exc}", exercise=exercise)
        results.append((args, got, expected, description))
    if all(is_unanswered(got) for _, got, _, _ in results):
        return Feedback("unanswered", "your function returns nothing yet: write its body and run the cell again.", exercise=exercise)
    for args, got, expected, description in results:
        value = as_number(got)
        if value is None:
            return Feedback("incorrect", f"on {description} it returned {got!r}; return a single number.", exercise=exercise)
        if not (abs(value - expected) <= 1e-9 or (math.isnan(expected) and math.isnan(value))):
            hint = diagnose(args, value, expected) if diagnose else None
            message = f"on {description} it returned {value:g} but the answer is {expected:g}."
            return Feedback("incorrect", message + (f" {hint}" if hint else ""), exercise=exercise)
    return Feedback("correct", explain, exercise=exercise)
