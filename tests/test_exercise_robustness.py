"""Exercise checks never raise, whatever the student passes.

Every public ``check_*`` of every ``negedu.chapters.<slug>.checks`` module is found here by
itself (a new chapter or a new check is covered without editing this file) and called with
hostile answers: huge and non-finite numbers, text, a percentage, None, empty and long
lists, a dict, an object, and functions that raise, write into their inputs or never
return. Each call must return a Feedback, and a hostile answer is never "correct". The unit
tests below pin what :func:`check_number` and :func:`check_function` say in each case.
"""

import importlib
import inspect
import math
import pkgutil
import time
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

import negedu.chapters
from negedu.datasets import Bunch
from negedu.exercises import (
    Feedback, Mistake, TimeLimitExceeded, as_number, call_student, check_function, check_number,
)
from negedu.exercises import _feedback

SEED = 0
#: Seconds a student's function may run in these tests (the classroom limit is several seconds).
SHORT_LIMIT = 0.05


def _discover():
    found = []
    for info in pkgutil.iter_modules(negedu.chapters.__path__):
        try:
            module = importlib.import_module(f"negedu.chapters.{info.name}.checks")
        except ModuleNotFoundError:
            continue
        for name in getattr(module, "__all__", dir(module)):
            check = getattr(module, name)
            if name.startswith("check_") and inspect.isfunction(check):
                found.append(pytest.param(check, id=f"{info.name}.{name}"))
    return found


CHECKS = _discover()


def _positional(check):
    return [p.name for p in inspect.signature(check).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def _keywords(check):
    """Valid values for the keyword-only parameters without a default (the chapters pass ``seed=seed``)."""
    return {p.name: SEED for p in inspect.signature(check).parameters.values()
            if p.kind == p.KEYWORD_ONLY and p.default is p.empty}
#: The hostile answers also tried in a later position, after plausible answers to the earlier ones.
LATER = ("10**400", "nan", "text", "None")


class _BadRepr:
    def __repr__(self):
        raise RuntimeError("a repr that fails")


def _raises(*args):
    raise ValueError("a bug in the student's code")


def _scribble(value):
    """Write into ``value`` in place, as a careless student's function might."""
    if isinstance(value, np.ndarray):
        if value.flags.writeable and value.dtype.kind in "biuf":
            value[...] = 7
    elif isinstance(value, list):
        for item in value:
            _scribble(item)
        value.clear()
    elif isinstance(value, dict):
        for item in value.values():
            _scribble(item)
        value.clear()


def _mutates(*args):
    for arg in args:
        _scribble(arg)
    return 0.5


def _sleeps(*args):
    time.sleep(3600)


def _returns_text(*args):
    return "0.5"


def _returns_nan(*args):
    return math.nan


def _returns_huge(*args):
    return 10**400


HOSTILE = {
    "10**400": 10**400, "10**5000": 10**5000, "-inf": -math.inf, "nan": math.nan, "1e308*10": 1e308 * 10,
    "text": "0.98", "98.0": 98.0, "None": None, "[]": [], "[1, 2]": [1, 2], "{}": {}, "object()": object(),
    "bad repr": _BadRepr(), "complex": 1 + 2j, "True": True,
    "array": np.array([np.nan, 1.0]), "raises": _raises, "mutates": _mutates, "sleeps": _sleeps,
    "returns-text": _returns_text, "returns-nan": _returns_nan, "returns-huge": _returns_huge,
}


@pytest.fixture(autouse=True)
def short_time_limit(monkeypatch):
    monkeypatch.setattr(_feedback, "TIME_LIMIT", SHORT_LIMIT)


def _problem(check, args):
    """What is wrong with ``check(*args)`` (it raised, returned no Feedback, or said "correct"), or None."""
    try:
        feedback = check(*args, **_keywords(check))
    except Exception as exc:
        return f"raised {type(exc).__name__}: {exc}"
    if not isinstance(feedback, Feedback):
        return f"returned {feedback!r}"
    if feedback.status == "correct":
        return "accepted it as correct"
    str(feedback), feedback._repr_html_()  # both displays work
    return None


@pytest.mark.parametrize("check", CHECKS)
def test_a_check_never_raises(check):
    n = len(_positional(check))
    problems = []
    for name, hostile in HOSTILE.items():
        calls = [("every answer", [hostile] * n)]
        if name in LATER:
            calls += [(f"answer {i + 1}, after 0.5", [0.5] * i + [hostile] + [0.5] * (n - i - 1)) for i in range(1, n)]
        for where, args in calls:
            problem = _problem(check, args)
            if problem:
                problems.append(f"{check.__name__} with {name} as {where}: {problem}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("check", [c for c in CHECKS if "function" in _positional(c.values[0])])
def test_a_function_that_writes_into_its_inputs_changes_nothing(check):
    def constant(*args):
        return 0.5

    before = check(constant, **_keywords(check))
    check(_mutates, **_keywords(check))
    after = check(constant, **_keywords(check))
    assert (after.status, after.message) == (before.status, before.message)


def test_the_checks_are_found():
    assert len(CHECKS) >= 60
    assert any(c.id == "positive_and_negative.check_lazy_accuracy" for c in CHECKS)


# ---------------------------------------------------------------- check_number and as_number
@pytest.mark.parametrize("answer, message", [
    ("0.98", "give a number, not the text '0.98'."),
    (True, "give a number, not True."),
    (np.bool_(False), "give a number, not False."),
    (1 + 2j, "give a real number, not the complex number (1+2j)."),
    ([], "give a single number, not an empty list."),
    ([0.98], "give a single number, not a list holding one: take its element, e.g. x[0]."),
    ([1, 2], "give a single number, not a list of 2 values ([1, 2])."),
    (np.array([0.5, 0.98]), "give a single number, not an array of 2 values (array([0.5 , 0.98]))."),
    ({}, "the answer should be a single number, got {}."),
    (10**400, "you gave an integer with 401 digits, which is too large for a float: look for a division by zero "
              "or a power that overflows."),
    (-math.inf, "you gave -inf, which is not a finite number: look for a division by zero or a power that "
                "overflows."),
    (1e308 * 10, "you gave inf, which is not a finite number: look for a division by zero or a power that "
                 "overflows."),
    (math.nan, "you gave nan, which is not a number: look for 0 / 0, the mean of an empty selection or the log of "
               "a negative number."),
    (98.0, "98.0 looks like a percentage: give 0.98."),
    (98, "98 looks like a percentage: give 0.98."),
    (np.float64(98.0), "98 looks like a percentage: give 0.98."),
])
def test_check_number_explains_what_is_not_a_proportion(answer, message):
    feedback = check_number(answer, 0.98)
    assert (feedback.status, feedback.message) == ("incorrect", message)


@pytest.mark.parametrize("answer", [0.98, np.float64(0.98), np.float32(0.98), Fraction(49, 50), Decimal("0.98"),
                                   np.array(0.98)])
def test_check_number_accepts_every_kind_of_number(answer):
    assert check_number(answer, 0.98).status == "correct"


def test_check_number_keeps_its_verdicts_for_ordinary_answers():
    assert check_number(None, 0.98).status == "unanswered"
    assert "too high" in check_number(1.5, 0.98).message      # not in (1, 100] as a percentage of 0.98
    assert "too high" in check_number(99.0, 0.98).message     # a percentage, but of the wrong number
    assert "too high" in check_number(98.0, 50.0).message     # the expected value is no proportion
    pinned = check_number(98.0, 0.98, mistakes=[Mistake(98, "Give a fraction, not a percentage.")])
    assert pinned.message == "you gave 98. Give a fraction, not a percentage."   # a chapter's own hint comes first


def test_as_number():
    assert as_number(0.5) == 0.5 and as_number(np.int64(3)) == 3.0 and as_number(Fraction(1, 4)) == 0.25
    assert as_number(10**400) == math.inf and as_number(-(10**400)) == -math.inf and math.isnan(as_number(math.nan))
    for not_a_number in ("0.98", b"1", True, 1j, None, [], [1.0], {}, object(), np.array(["1"])):
        assert as_number(not_a_number) is None


# ---------------------------------------------------------------- check_function and call_student
CASES = [(([1, 2, 3],), 3, "[1, 2, 3]"), ((np.array([4.0, 5.0]),), 2, "an array of two")]


def test_check_function_names_the_exception_and_the_input():
    feedback = check_function(lambda x: x[10], CASES)
    assert (feedback.status, feedback.message) == ("error", "on [1, 2, 3] it raised IndexError: list index out of range")


def test_check_function_stops_a_function_that_never_returns():
    feedback = check_function(_sleeps, CASES)  # without the limit this call would never return
    assert feedback.status == "error"
    assert feedback.message == f"on [1, 2, 3] it was stopped after {SHORT_LIMIT:g} s; look for a loop that never ends."

    def busy(x):
        while True:
            try:
                while True:
                    pass
            except Exception:  # a student's catch-all does not swallow the time limit
                pass

    assert check_function(busy, CASES, time_limit=0.05).status == "error"


def test_check_function_gives_fresh_inputs_to_every_call():
    def count_then_spoil(x):
        n = len(x)
        _scribble(x)
        return n

    assert check_function(count_then_spoil, CASES).status == "correct"
    assert check_function(count_then_spoil, CASES).status == "correct"
    assert CASES[0][0][0] == [1, 2, 3] and CASES[1][0][0].tolist() == [4.0, 5.0]


@pytest.mark.parametrize("returned, message", [
    ("3", "on [1, 2, 3] it returned '3'; return a single number."),
    ([3], "on [1, 2, 3] it returned [3]; return a single number."),
    (math.nan, "on [1, 2, 3] it returned nan but the answer is 3. A nan comes from 0 / 0 or the mean of an empty "
               "selection: test the denominator first."),
    (10**400, "on [1, 2, 3] it returned inf but the answer is 3. Look for a division by zero or a power that "
              "overflows."),
])
def test_check_function_explains_a_wrong_kind_of_result(returned, message):
    feedback = check_function(lambda x: returned, CASES)
    assert (feedback.status, feedback.message) == ("incorrect", message)


def test_check_function_survives_a_diagnosis_that_fails():
    feedback = check_function(lambda x: 4, CASES, diagnose=lambda args, got, expected: 1 / 0)
    assert feedback.message == "on [1, 2, 3] it returned 4 but the answer is 3."


def test_call_student_copies_deeply_and_restores_an_outer_timer():
    data = Bunch(X=np.zeros(3), rows=[[1], [2]])
    call_student(_mutates, data)
    assert data.X.tolist() == [0.0, 0.0, 0.0] and data.rows == [[1], [2]]
    with pytest.raises(TimeLimitExceeded):
        call_student(_sleeps, time_limit=0.05)
    with pytest.raises(RuntimeError, match="called exit"):
        call_student(lambda: exit(3))

    import signal
    rang = []
    previous = signal.signal(signal.SIGALRM, lambda *a: rang.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        assert call_student(lambda: 1) == 1
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0     # the outer timer is running again
        time.sleep(0.5)
        assert rang == [1]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_call_student_runs_without_a_limit_outside_the_main_thread():
    import threading
    out = []
    worker = threading.Thread(target=lambda: out.append(call_student(lambda: time.sleep(0.1) or 7, time_limit=0.01)))
    worker.start()
    worker.join()
    assert out == [7]


# ---------------------------------------------------------------- the chapters' own readers of answers
def test_the_text_of_a_right_answer_is_never_right():
    from negedu.anomaly import local_outlier_factor
    from negedu.chapters.anomaly_detection import checks as anomaly
    from negedu.chapters.focal_loss import checks as focal
    from negedu.chapters.open_set import checks as open_set
    from negedu.chapters.rules_of_thumb import checks as rules
    from negedu.chapters.undersampling import checks as under
    from negedu.metrics import average_precision_score, roc_auc_score
    from negedu.openset import energy_score

    assert rules.check_which_rules({5, 7}) and rules.check_which_rules([5.0, 7])
    for wrong in ({"5", "7"}, "57", {5.2, 7.9}, [5, 7, math.inf]):
        assert rules.check_which_rules(wrong).message.startswith("rules should be a set of rule numbers")

    assert under.check_near_miss_choice(9.5, 5, 2.5)
    assert not under.check_near_miss_choice("9.5", 5, 2.5) and not under.check_near_miss_choice(9.5, 5, "2.5")

    X, y = anomaly.my_data(SEED)
    ap = {k: average_precision_score(y, local_outlier_factor(X, n_neighbors=k)) for k in anomaly.K_GRID}
    best = max(ap, key=ap.get)
    assert anomaly.check_best_k(best, ap[best], seed=SEED) and anomaly.check_best_k(float(best), ap[best], seed=SEED)
    assert not anomaly.check_best_k(str(best), ap[best], seed=SEED)
    assert not anomaly.check_best_k(best, str(ap[best]), seed=SEED)

    logits, is_unknown = open_set.my_logits(SEED)
    auroc = {t: roc_auc_score(is_unknown, energy_score(logits, temperature=t)) for t in open_set.TEMPERATURES}
    best = max(auroc, key=auroc.get)
    assert open_set.check_best_temperature(best, auroc[best], seed=SEED)
    assert not open_set.check_best_temperature(str(best), auroc[best], seed=SEED)

    as_text = focal.check_easy_shares(["0.1", "0.2", "0.3", "0.4"], seed=SEED)
    assert as_text.status == "incorrect" and "list of 4 finite numbers" in as_text.message


def test_a_function_returning_text_is_not_right():
    from negedu.chapters.balanced_ensembles import checks as ensembles

    def split_gini(left, right):
        n_left, n_right = sum(left), sum(right)
        gini = [1 - sum((c / n) ** 2 for c in node) for node, n in ((left, n_left), (right, n_right))]
        return (n_left * gini[0] + n_right * gini[1]) / (n_left + n_right)

    assert ensembles.check_split_gini(split_gini)
    as_text = ensembles.check_split_gini(lambda left, right: str(split_gini(left, right)))
    assert as_text.status == "incorrect" and "return one number" in as_text.message
