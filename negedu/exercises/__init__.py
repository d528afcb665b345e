"""Classroom exercises: checks that give feedback, and the builder of the classroom notebooks.

Every chapter ends with exercises written once, in the chapter's own source. From there
``python -m negedu.exercises.build book notebooks`` (``make notebooks``) writes two
notebooks per chapter into ``notebooks/``: one for students (no solutions; a check cell
after every answer) and one for instructors (with the solutions).

The checks of a chapter live in the chapter's folder, e.g.
:mod:`negedu.chapters.positive_and_negative.checks`; this package holds what they share. A check
never raises, whatever the student passes: it returns a :class:`Feedback` ("correct",
"not answered yet", or what is wrong and how to fix it). A student's function is called
through :func:`call_student`, on fresh copies of its inputs and with a time limit.

>>> from negedu.chapters.positive_and_negative import checks as ex
>>> print(ex.check_lazy_accuracy(...))
… Not answered yet [positive-and-negative 1]: replace ... with your answer and run the cell again.
"""

from ._feedback import (
    Feedback, Mistake, TimeLimitExceeded, as_number, both_correct, call_student, check_function, check_number,
    describe, is_unanswered, run_student_function, student_seed,
)

__all__ = [
    "Feedback", "Mistake", "TimeLimitExceeded", "as_number", "both_correct", "call_student", "check_function",
    "check_number", "describe", "is_unanswered", "run_student_function", "student_seed",
]
