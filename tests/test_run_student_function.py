"""negedu.exercises.run_student_function: one case of a student's function, as a result or as feedback."""

import warnings

import numpy as np

from negedu.exercises import run_student_function


def test_result_error_unanswered_and_not_numbers():
    got, problem = run_student_function(lambda a, b: a + b, (1, 2), "one and two", exercise="x 1")
    assert (got, problem) == (3, None)
    got, problem = run_student_function(lambda a: 1 / a, (0,), "zero", exercise="x 1")
    assert got is None and problem.status == "error" and "on zero it raised ZeroDivisionError" in str(problem)
    got, problem = run_student_function(lambda: None, (), "nothing", exercise="x 1")
    assert got is None and problem.status == "unanswered" and "returns nothing yet" in str(problem)
    got, problem = run_student_function(lambda: "abc", (), "a word", exercise="x 1", returns="one number per row")
    assert problem.status == "incorrect" and problem.message == "on a word it returned 'abc'; return one number per row."


def test_conversion_and_quiet():
    got, problem = run_student_function(lambda: [[1, 2], [3, 4]], (), "a matrix", returns="an array")
    assert problem is None and got.dtype == float and got.shape == (2, 2)
    got, _ = run_student_function(lambda: [[1, 2], [3, 4]], (), "a matrix", returns="an array", ravel=True)
    assert got.tolist() == [1.0, 2.0, 3.0, 4.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got, problem = run_student_function(lambda x: np.log(x), (np.zeros(2),), "zeros", returns="numbers", quiet=True)
    assert problem is None and np.all(np.isneginf(got))
    arg = np.arange(3.0)
    run_student_function(lambda x: x.fill(0), (arg.copy(),), "a copy")
    assert arg.tolist() == [0.0, 1.0, 2.0]
