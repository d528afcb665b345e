"""Feedback a student can act on, and the small tools every chapter's checks share.

A check never raises, whatever the student passes: it returns a :class:`Feedback` that
says *correct*, *not answered yet*, or what is wrong and how to fix it. A number is read by
:func:`as_number`, which refuses text, booleans, complex numbers and lists, and
:func:`check_number` says why (and spots a percentage given for a proportion). A student's
function is called through :func:`call_student`: on fresh copies of the inputs, with a time
limit, so that a function that writes into its inputs or never returns cannot break the
check; :func:`check_function` reports the first case that goes wrong.
"""

import contextlib
import copy
import hashlib
import html
import math
import numbers
import signal
import threading
import time

import numpy as np

__all__ = [
    "Feedback", "student_seed", "is_unanswered", "as_number", "describe", "check_number", "call_student", "check_function",
    "both_correct", "Mistake", "TimeLimitExceeded", "TIME_LIMIT",
    "run_student_function",
]

#: Seconds a student's function may run on one case before :func:`call_student` stops it.
TIME_LIMIT = 10.0

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


def describe(value, limit=200):
    """A short description of any value for a message: its ``repr``, cut at ``limit`` characters.

    Never raises: a ``repr`` that fails gives the type's name, and an integer too long for a
    float (``10**400``) is described by its number of digits, e.g. "an integer with 401 digits".

    >>> describe([1, 2])
    '[1, 2]'
    >>> describe(10**400)
    'an integer with 401 digits'
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)):
        try:
            digits = len(str(abs(int(value))))
        except ValueError:  # more digits than Python agrees to print
            return "an integer too long to print"
        if digits > 20:
            return f"an integer with {digits} digits"
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__ must not break the message
        return f"a {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _read_number(answer):
    """``(value, None)`` for a number, or ``(None, problem)`` with a sentence saying what to give instead.

    The value may be ``nan`` or ``±inf`` (an integer too large for a float becomes ``±inf``);
    the callers decide what a non-finite number means.
    """
    if isinstance(answer, (bool, np.bool_)):
        return None, f"give a number, not {bool(answer)}."
    if isinstance(answer, (str, bytes)):
        return None, f"give a number, not the text {describe(answer)}."
    if isinstance(answer, numbers.Complex) and not isinstance(answer, numbers.Real):
        return None, f"give a real number, not the complex number {describe(answer)}."
    if isinstance(answer, (numbers.Number, np.number)):
        try:
            return float(answer), None
        except OverflowError:
            return (math.inf if answer > 0 else -math.inf), None
        except Exception:  # e.g. Decimal('sNaN'): a number that is no float
            return math.nan, None
    if answer is None or answer is Ellipsis:
        return None, f"give a number, not {answer!r}."
    try:
        arr = np.asarray(answer)
    except Exception:  # anything NumPy refuses (ragged lists, hostile __array__) is simply not a number
        return None, f"the answer should be a single number, got {describe(answer)}."
    if arr.ndim > 0:
        kind = "array" if isinstance(answer, np.ndarray) else type(answer).__name__
        a_kind = f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"
        if arr.size == 0:
            return None, f"give a single number, not an empty {kind}."
        if arr.size == 1:
            return None, f"give a single number, not {a_kind} holding one: take its element, e.g. x[0]."
        return None, f"give a single number, not {a_kind} of {arr.size} values ({describe(answer)})."
    if arr.dtype.kind in "iuf":
        return float(arr), None
    if arr.dtype.kind in "bcSU":  # a 0-d array of bool, complex or text: say which, as for the Python value
        return _read_number(arr.item())
    return None, f"the answer should be a single number, got {describe(answer)}."


def as_number(answer):
    """The answer as a float, or None if it is not a number.

    Python and NumPy numbers, a ``Fraction``, a ``Decimal`` and a 0-d array are numbers; text
    (even ``'0.98'``), booleans, complex numbers, lists and arrays of values are not. An
    integer too large for a float reads as ``±inf``; ``nan`` and ``inf`` are returned as they
    are. Never raises.
    """
    return _read_number(answer)[0]


def _not_finite(answer, value):
    """The message for an answer that is a number but not a finite float."""
    if math.isnan(value):
        return (f"you gave {describe(answer)}, which is not a number: look for 0 / 0, the mean of an empty selection "
                "or the log of a negative number.")
    what = "too large for a float" if isinstance(answer, numbers.Rational) else "not a finite number"
    return f"you gave {describe(answer)}, which is {what}: look for a division by zero or a power that overflows."


def check_number(answer, expected, *, exercise="", mistakes=(), tol=1e-3, explain=""):
    """Compare a numeric answer with the expected value and explain the usual mistakes.

    ``tol`` is relative (with a small absolute floor), so 0.999 and 0.99900099 both pass
    for 1000/1001 at the default tolerance. ``mistakes`` lists :class:`Mistake` values with
    the hint to give when the answer matches one of them. When ``expected`` is a proportion
    in [0, 1] and the answer is a percentage of it (98.0 for 0.98), the hint says so.
    Whatever ``answer`` is (text, a list, ``nan``, ``10**400``), the result is a Feedback.
    """
    if is_unanswered(answer):
        return Feedback("unanswered", "replace ... with your answer and run the cell again.", exercise=exercise)
    value, problem = _read_number(answer)
    if problem:
        return Feedback("incorrect", problem, exercise=exercise)
    if not math.isfinite(value):
        return Feedback("incorrect", _not_finite(answer, value), exercise=exercise)

    def close(a, b):
        return abs(a - b) <= max(tol * abs(b), 1e-9)

    if close(value, expected):
        return Feedback("correct", explain or f"{value:g} is right.", exercise=exercise)
    for mistake in mistakes:
        if close(value, float(mistake.value)):
            return Feedback("incorrect", f"you gave {value:g}. {mistake.hint}", exercise=exercise)
    if 0 <= expected <= 1 and 1 < value <= 100 and close(value / 100, expected):
        shown = repr(answer) if type(answer) in (int, float) else f"{value:g}"  # 98.0 as typed, np.float64 as 98
        return Feedback("incorrect", f"{shown} looks like a percentage: give {value / 100:g}.", exercise=exercise)
    direction = "too high" if value > expected else "too low"
    return Feedback("incorrect", f"you gave {value:g}, which is {direction}. Check each count and each denominator.", exercise=exercise)


def both_correct(first, second, *, exercise=""):
    """The first of two feedbacks that is not correct; if both are, one feedback with both messages."""
    if not first:
        return first
    if not second:
        return second
    return Feedback("correct", f"{first.message} {second.message}", exercise=exercise)


class TimeLimitExceeded(Exception):
    """A student's function ran longer than the time limit and was stopped (see :func:`call_student`)."""


class _Alarm(BaseException):
    """Raised by the timer inside the student's code; not an Exception, so ``except Exception`` cannot swallow it."""


def _can_time(limit):
    return (limit is not None and math.isfinite(limit) and limit > 0 and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread())


def call_student(function, *args, time_limit=None):
    """Call a student's ``function(*args)`` on fresh deep copies of ``args``, stopped after a time limit.

    Each call gets its own copies (arrays, lists, dicts, Bunch), so a function that writes
    into its inputs changes neither the check's cases nor the next call. Exceptions raised
    by the function propagate (the caller turns them into feedback); ``sys.exit()`` becomes
    a ``RuntimeError``. A function still running after ``time_limit`` seconds (default
    :data:`TIME_LIMIT`, read at each call) is interrupted with :class:`TimeLimitExceeded`.

    The limit uses ``SIGALRM`` (``signal.setitimer``), which interrupts Python code, a
    ``time.sleep`` and a student's ``while True`` alike, and leaves nothing running
    afterwards. It works only in the main thread of a POSIX process, which is where a
    Jupyter kernel and pytest run code (xdist workers too, since pytest-xdist 3.6). Elsewhere (another thread,
    Windows) the function runs without a limit: a thread with a join timeout could report
    the delay, but Python cannot kill a runaway thread, and a loop left spinning in the
    background of a classroom kernel is worse than a cell the student stops by hand. A timer
    already set by the caller (e.g. pytest-timeout) is restored afterwards, minus the time used.
    """
    fresh = copy.deepcopy(args)
    limit = TIME_LIMIT if time_limit is None else time_limit
    if not _can_time(limit):
        return _call(function, fresh)
    state = {"on": True}

    def ring(signum, frame):
        if state["on"]:
            raise _Alarm

    try:
        previous = signal.signal(signal.SIGALRM, ring)
    except (ValueError, OSError):  # signals unavailable here after all: run without a limit
        return _call(function, fresh)
    # The timer repeats every 50 ms after the limit, so one ``except:`` in the student's code does not stop it
    # (an ``except:`` inside the endless loop itself would swallow every ring: nothing in Python can help there).
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, limit, 0.05)
    started = time.monotonic()
    try:
        try:
            return _call(function, fresh)
        finally:
            state["on"] = False
            signal.setitimer(signal.ITIMER_REAL, 0, 0)
    except _Alarm:
        raise TimeLimitExceeded(f"it was stopped after {limit:g} s; look for a loop that never ends.") from None
    finally:
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)  # None: set outside Python
        if old_delay:
            signal.setitimer(signal.ITIMER_REAL, max(old_delay - (time.monotonic() - started), 1e-3), old_interval)


def _call(function, args):
    try:
        return function(*args)
    except SystemExit as exc:
        raise RuntimeError(f"your function called exit({describe(exc.code)})") from None


def _error_message(exc):
    """``"ZeroDivisionError: division by zero"``, safe against a hostile or huge ``str(exc)``."""
    try:
        text = str(exc)
    except Exception:
        text = ""
    if len(text) > 300:
        text = text[:299] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _safe_hint(diagnose, args, value, expected):
    """The hint of ``diagnose`` for a wrong result, or None if it has none or fails on this value."""
    if diagnose is None:
        return None
    try:
        return diagnose(args, value, expected)
    except Exception:  # a diagnosis that trips over a strange result just gives no hint
        return None


def run_student_function(function, args, description, *, exercise="", returns=None, ravel=False, quiet=False):
    """Call a student's function on one case; return ``(result, None)`` or ``(None, feedback)``.

    The feedback is "error" when the call raises (a student's bug becomes feedback, never a
    traceback) and "unanswered" when it returns ``...`` or ``None``. With ``returns`` (what
    the function should return, e.g. ``"one number per row"``) the result is converted to a
    float array (raveled with ``ravel=True``) and a result that is not numbers is "incorrect".
    ``quiet=True`` silences NumPy's floating-point warnings during the call and the
    conversion. The call goes through :func:`call_student` (fresh copies of ``args``, the time limit).
    """
    try:
        with np.errstate(all="ignore") if quiet else contextlib.nullcontext():
            got = call_student(function, *args)
    except TimeLimitExceeded as exc:
        return None, Feedback("error", f"on {description} {exc}", exercise=exercise)
    except Exception as exc:  # a student's bug must become feedback, never a traceback
        return None, Feedback("error", f"on {description} it raised {_error_message(exc)}", exercise=exercise)
    if is_unanswered(got):
        return None, Feedback("unanswered", "your function returns nothing yet: write its body and run the cell again.",
                              exercise=exercise)
    if returns is None:
        return got, None
    try:
        with np.errstate(all="ignore") if quiet else contextlib.nullcontext():
            values = np.asarray(got, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return None, Feedback("incorrect", f"on {description} it returned {describe(got)}; return {returns}.", exercise=exercise)
    return (values.ravel() if ravel else values), None


def check_function(function, cases, *, exercise="", diagnose=None, explain="your function agrees on every case.",
                   time_limit=None):
    """Run a student's function on ``cases`` and compare with the expected results.

    ``cases`` is a list of ``(args, expected, description)``. ``diagnose(args, got, expected)``
    may return a hint for a wrong result (e.g. "you divided by all samples"). The first
    failing case is reported; a function that returns ``None`` everywhere is "not answered".
    Each call goes through :func:`call_student` (fresh copies of ``args``, ``time_limit``
    seconds at most); an exception or a timeout becomes an "error" feedback naming the case.
    """
    if not callable(function):
        return Feedback("incorrect", f"expected a function, got {describe(function)}.", exercise=exercise)
    results = []
    for args, expected, description in cases:
        try:
            got = call_student(function, *args, time_limit=time_limit)
        except TimeLimitExceeded as exc:
            return Feedback("error", f"on {description} {exc}", exercise=exercise)
        except Exception as exc:  # a student's bug must become feedback, never a traceback
            return Feedback("error", f"on {description} it raised {_error_message(exc)}", exercise=exercise)
        results.append((args, got, expected, description))
    if all(is_unanswered(got) for _, got, _, _ in results):
        return Feedback("unanswered", "your function returns nothing yet: write its body and run the cell again.", exercise=exercise)
    for args, got, expected, description in results:
        value = as_number(got)
        if value is None:
            return Feedback("incorrect", f"on {description} it returned {describe(got)}; return a single number.",
                            exercise=exercise)
        if not (abs(value - expected) <= 1e-9 or (math.isnan(expected) and math.isnan(value))):
            hint = _safe_hint(diagnose, args, value, expected)
            if not hint and not math.isfinite(value):
                hint = ("A nan comes from 0 / 0 or the mean of an empty selection: test the denominator first."
                        if math.isnan(value) else "Look for a division by zero or a power that overflows.")
            message = f"on {description} it returned {value:g} but the answer is {expected:g}."
            return Feedback("incorrect", message + (f" {hint}" if hint else ""), exercise=exercise)
    return Feedback("correct", explain, exercise=exercise)
