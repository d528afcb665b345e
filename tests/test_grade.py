"""The grader instructors run on a class: it re-runs the chapter's own checks, whatever a notebook
prints, and reports each student's name, one result per exercise, edited or deleted check cells,
the cell that raised, and what it could grade before a kernel died or a cell ran too long.

The class is made from the real notebooks of one small chapter (positive-and-negative): the
answers come from its solutions' notebook.
"""

import contextlib
import copy
import csv
import io
import re
from pathlib import Path

import nbformat
import pytest

from negedu.exercises.grade import _chapter_checks, _check_modules, _labels, _match_checks, _plan, main

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = "positive-and-negative"
STUDENTS = nbformat.read(ROOT / "notebooks" / "students" / f"{CHAPTER}.ipynb", as_version=4)
SOLUTIONS = nbformat.read(ROOT / "notebooks" / "solutions" / f"{CHAPTER}.ipynb", as_version=4)
CHECKS = _chapter_checks(STUDENTS)
TIMEOUT = 20


def _by_exercise(notebook):
    """{exercise number: [index of each code cell of its answer]} and {number: index of its check}."""
    answers, checks, number = {}, {}, 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            found = re.findall(r"^### Exercise (\d+)", cell.source, re.M)
            number = int(found[-1]) if found else number
        elif number and cell.source.strip() in {source for _, source in CHECKS}:
            checks[number] = index
        elif number and number not in checks:
            answers.setdefault(number, []).append(index)
    return answers, checks


def _submission(name, *, right=(), answers=None, checks=None, delete_checks=()):
    """A students' notebook with MY_NAME set, the solution's answer to the exercises in ``right``,
    ``answers`` ({exercise: source}) in place of other answer cells, ``checks`` ({exercise:
    source}) in place of check cells, and the check cells of ``delete_checks`` deleted."""
    notebook = copy.deepcopy(STUDENTS)
    setup = next(c for c in notebook.cells if c.cell_type == "code")
    setup.source = re.sub(r'MY_NAME = "[^"]*"', f"MY_NAME = {name!r}", setup.source)
    student_answers, student_checks = _by_exercise(notebook)
    solution_answers, _ = _by_exercise(SOLUTIONS)
    for number, cells in student_answers.items():
        source = None
        if number in right:
            source = "\n\n".join(SOLUTIONS.cells[i].source for i in solution_answers[number])
        if answers and number in answers:
            source = answers[number]
        if source is not None:
            notebook.cells[cells[0]].source = source
            for extra in cells[1:]:
                notebook.cells[extra].source = ""
    for number, source in (checks or {}).items():
        notebook.cells[student_checks[number]].source = source
    for number in sorted(delete_checks, reverse=True):
        del notebook.cells[student_checks[number]]
    return notebook


CLASS = {
    "right": dict(name="Grace Hopper", right=(1, 2, 3, 4, 5)),
    "partly": dict(name="Alan Turing", right=(1, 4), answers={2: "colleague_recall = 0.5"}),
    "empty": dict(name="Emmy Noether"),
    "printer": dict(name="Mallory Print", checks={n: f'print("✅ Correct [{CHAPTER} {n}]: well done")' for n in range(1, 6)}),
    "deleter": dict(name="Mallory Delete", right=(1,), delete_checks=(2, 3)),
    "editor": dict(name="Mallory Edit", right=(1,), checks={2: "ex.check_flipped_recall(0.9696969696969697)"}),
    "patcher": dict(name="Mallory Patch", answers={1: "from negedu.exercises import Feedback\n"
                                                       "ex.check_lazy_accuracy = lambda answer: Feedback('correct', 'sure')\n"
                                                       "lazy_accuracy = 0"}),
    "syntax": dict(name="Sy Ntax", right=(2, 3), answers={1: "lazy_accuracy = 0.99.9"}),
    "dies": dict(name="Dee Ad", right=(1, 2), answers={3: "import os\nos._exit(1)"}),
    "slow": dict(name="Slow Poke", right=(1, 3), answers={2: "import time\ntime.sleep(600)\ncolleague_recall = 1"}),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the whole class once, as an instructor does: the command line, with --csv."""
    folder = tmp_path_factory.mktemp("submissions")
    paths = []
    for key, spec in CLASS.items():
        spec = dict(spec)
        path = folder / f"{key}.ipynb"
        nbformat.write(_submission(spec.pop("name"), **spec), path)
        paths.append(path)
    table = folder / "grades.csv"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([*map(str, paths), "--csv", str(table), "--timeout", str(TIMEOUT)]) == 0
    with table.open(newline="", encoding="utf-8") as handle:
        rows = {Path(row["notebook"]).stem: row for row in csv.DictReader(handle)}
    return rows, out.getvalue()


def _statuses(row):
    return [row[f"{CHAPTER} {n}"] for n in range(1, 6)]


# ---------------------------------------------------------------- without a kernel
def test_checks_and_columns_come_from_the_pristine_notebook():
    assert _check_modules(STUDENTS) == {"ex": "negedu.chapters.positive_and_negative.checks"}
    assert [n for n, _ in CHECKS] == [1, 2, 3, 4, 5]
    assert all(source.startswith("ex.check_") for _, source in CHECKS)
    assert _labels("c", [(1, "a"), (2, "b"), (2, "c")]) == ["c 1", "c 2a", "c 2b"]


def test_edited_and_deleted_check_cells_are_found():
    notebook = _submission("x", checks={2: "ex.check_flipped_recall(0.97)", 4: 'print("✅ Correct")'}, delete_checks=(5,))
    places, flags = _match_checks(notebook.cells, CHECKS)
    assert flags == ["", "edited", "", "deleted", "deleted"]
    assert places[3] is None and places[4] is None
    plan = _plan(notebook.cells, CHECKS, places)
    assert [p for kind, p in plan if kind == "check"] == [0, 1, 2, 3, 4], "every pristine check runs, once, in order"


# ---------------------------------------------------------------- the class, graded
@pytest.mark.notebook
def test_one_row_per_student_with_name_and_a_column_per_exercise(graded):
    rows, out = graded
    assert set(rows) == set(CLASS)
    for key, spec in CLASS.items():
        assert rows[key]["student"] == spec["name"]
        assert rows[key]["chapter"] == CHAPTER and rows[key]["checks"] == "5"
    assert _statuses(rows["right"]) == ["correct"] * 5 and rows["right"]["flags"] == ""
    assert _statuses(rows["partly"]) == ["correct", "incorrect", "unanswered", "correct", "unanswered"]
    assert rows["partly"]["correct"] == "2"
    assert _statuses(rows["empty"]) == ["unanswered"] * 5 and rows["empty"]["correct"] == "0"
    assert "Grace Hopper" in out and "5/5 correct" in out and "Alan Turing" in out and "2/5 correct" in out


@pytest.mark.notebook
def test_printed_correct_lines_and_edited_or_deleted_checks_do_not_pass(graded):
    rows, _ = graded
    assert _statuses(rows["printer"]) == ["unanswered"] * 5 and rows["printer"]["correct"] == "0"
    # The check cells are gone (replaced by prints): reported, and the chapter's checks run anyway.
    assert rows["printer"]["flags"].count("check cell deleted") == 5
    # Deleted checks are re-run (the answers are still unanswered) and reported.
    assert _statuses(rows["deleter"]) == ["correct", "unanswered", "unanswered", "unanswered", "unanswered"]
    assert f"{CHAPTER} 2: check cell deleted" in rows["deleter"]["flags"]
    assert f"{CHAPTER} 3: check cell deleted" in rows["deleter"]["flags"]
    # An answer cell that rebinds the check does not pass it: the chapter's checks are reloaded.
    assert _statuses(rows["patcher"])[0] == "incorrect" and rows["patcher"]["correct"] == "0"
    # An edited check that would pass on the right number is replaced by the pristine one.
    assert _statuses(rows["editor"])[1] == "unanswered"
    assert f"{CHAPTER} 2: check cell edited" in rows["editor"]["flags"]


@pytest.mark.notebook
def test_an_error_is_reported_at_the_answer_cell_that_raised(graded):
    rows, _ = graded
    assert _statuses(rows["syntax"]) == ["error", "correct", "correct", "unanswered", "unanswered"]
    message = rows["syntax"]["messages"]
    assert re.search(rf"{CHAPTER} 1: error: cell \d+ \(`lazy_accuracy = 0.99.9`\) raised SyntaxError", message), message
    assert "NameError" not in message


@pytest.mark.notebook
def test_a_dead_kernel_or_a_timeout_keeps_the_results_recorded_before(graded):
    rows, _ = graded
    assert _statuses(rows["dies"]) == ["correct", "correct", "not run", "not run", "not run"]
    assert re.search(r"the kernel died in cell \d+ \(`import os`\)", rows["dies"]["flags"]), rows["dies"]["flags"]
    assert _statuses(rows["slow"]) == ["correct", "error", "correct", "unanswered", "unanswered"]
    assert re.search(rf"{CHAPTER} 2: error: cell \d+ \(`import time`\) did not finish within {TIMEOUT} s", rows["slow"]["messages"])
