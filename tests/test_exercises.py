"""Classroom exercises: feedback a student can act on, and the student/solution notebooks.

The notebooks in notebooks/ are generated from the chapters; these tests fail when one is
out of date, when a solution leaks into a student notebook, when a solution notebook
fails a check, or when a student notebook crashes before it is answered.
"""

import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient
from sklearn.metrics import recall_score

from negedu.exercises import Feedback, Mistake, check_function, check_number, student_seed
from negedu.chapters.positive_and_negative import checks as pn
from negedu.exercises.build import build_notebooks, exercise_notebooks, split_directives, to_jupyter_markdown
from negedu.exercises.grade import grade_notebook
from negedu.metrics import specificity_score

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p for p in (ROOT / "book").glob("*.md") if exercise_notebooks(p) is not None)


# ---------------------------------------------------------------- feedback basics
def test_feedback_statuses_and_display():
    good, bad = Feedback("correct", "well done", exercise="x 1"), Feedback("incorrect", "look again")
    assert bool(good) and not bool(bad)
    assert str(good) == "✅ Correct [x 1]: well done"
    assert "Not yet" in str(bad) and "#D55E00" in bad._repr_html_()
    with pytest.raises(ValueError, match="status must be one of"):
        Feedback("maybe", "")


def test_student_seed():
    assert student_seed("Ada") == student_seed("  ada ")
    assert student_seed("Ada") != student_seed("Grace")
    with pytest.raises(ValueError, match=r"student_seed needs your name or student id as a non-empty string"):
        student_seed("")


def test_check_number_paths():
    assert check_number(..., 1.0).status == "unanswered"
    assert check_number(None, 1.0).status == "unanswered"
    assert check_number("one", 1.0).message == "give a number, not the text 'one'."
    assert check_number(0.9991, 1000 / 1001).status == "correct"
    wrong = check_number(0.5, 0.25, mistakes=[Mistake(0.5, "You doubled it.")])
    assert wrong.status == "incorrect" and wrong.message == "you gave 0.5. You doubled it."
    assert "too low" in check_number(0.1, 0.25).message


def test_check_function_reports_errors_and_unanswered():
    cases = [((1, 2), 3, "1 + 2")]
    assert check_function(lambda a, b: a + b, cases).status == "correct"
    assert check_function(lambda a, b: None, cases).status == "unanswered"
    crashed = check_function(lambda a, b: 1 / 0, cases)
    assert crashed.status == "error" and crashed.message == "on 1 + 2 it raised ZeroDivisionError: division by zero"
    assert check_function(42, cases).status == "incorrect"


# ---------------------------------------------------------------- chapter 1 checks
def test_lazy_accuracy_hints():
    assert pn.check_lazy_accuracy(1000 / 1001)
    assert "share of apples" in pn.check_lazy_accuracy(1 / 1001).message
    assert "divide by the number of fruit" in pn.check_lazy_accuracy(1000).message


def test_flipped_recall_hints():
    assert pn.check_flipped_recall(960 / 990)
    assert "TN + FP = 960 + 30 = 990" in pn.check_flipped_recall(0.96).message
    assert "negative predictive value" in pn.check_flipped_recall(960 / 962).message
    assert "recall of apples" in pn.check_flipped_recall(0.8).message


@pytest.mark.parametrize("seed", [0, 1, student_seed("Ada Lovelace")])
def test_false_alarms_check(seed):
    basket = pn.my_basket(seed)
    flagged = basket.score >= 0.7
    fp = int(np.sum(flagged & (basket.y == 0)))
    tp = int(np.sum(flagged & (basket.y == 1)))
    assert pn.check_false_alarms(fp, fp / (tp + fp), seed=seed)
    if tp != fp:
        assert "number of apples flagged" in pn.check_false_alarms(tp, 0.5, seed=seed).message
    fpr = fp / int(np.sum(basket.y == 0))
    assert "false positive rate" in pn.check_false_alarms(fp, fpr, seed=seed).message
    assert pn.check_false_alarms(..., 0.5, seed=seed).status == "unanswered"


def test_half_real_threshold_exists_for_many_students():
    for seed in range(40):
        basket = pn.my_basket(seed)
        found = [t for t in pn.THRESHOLD_GRID
                 if np.sum((basket.score >= t) & (basket.y == 1)) >= np.sum((basket.score >= t) & (basket.y == 0))
                 and np.sum(basket.score >= t) > 0]
        assert found, f"seed {seed}: no threshold reaches half real alarms"
        assert pn.check_half_real_threshold(found[0], seed=seed)
        if len(found) > 1:
            assert "smallest" in pn.check_half_real_threshold(found[-1], seed=seed).message


def test_specificity_cases_agree_with_references():
    for (y_true, y_pred), expected, _ in pn._CASES:
        assert specificity_score(y_true, y_pred) == pytest.approx(expected, abs=1e-12)
        assert recall_score(y_true, y_pred, pos_label=0) == pytest.approx(expected, abs=1e-12)


def test_specificity_check_diagnoses_common_slips():
    def over_all(y_true, y_pred):
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        return np.sum((y_true == 0) & (y_pred == 0)) / len(y_true)

    def fpr(y_true, y_pred):
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        return np.sum((y_true == 0) & (y_pred == 1)) / np.sum(y_true == 0)

    assert "You divided by all samples; the denominator is TN + FP" in pn.check_specificity(over_all).message
    assert "false positive rate" in pn.check_specificity(fpr).message
    assert pn.check_specificity(lambda t, p: specificity_score(t, p))


# ---------------------------------------------------------------- notebook builder
def test_split_directives_and_markdown_conversion():
    items = split_directives("before\n```{exercise} Title\n:label: a\nBody {term}`negative class`\n```\nafter")
    assert items[0] == ("text", "before")
    assert items[1] == ("directive", "exercise", "Title", {"label": "a"}, "Body {term}`negative class`")
    assert to_jupyter_markdown("A {term}`threshold <threshold>` and {cite:p}`fawcett2006roc`.") == \
        "A threshold and (fawcett2006roc)."
    assert to_jupyter_markdown(":::{note}\nMind it.\n:::").startswith("> **Note.**")


def test_committed_notebooks_are_up_to_date():
    stale = build_notebooks(ROOT / "book", ROOT / "notebooks", check=True)
    assert not stale, f"out of date: {stale}; run `make notebooks`"


def test_every_chapter_with_exercises_has_at_least_three():
    assert CHAPTERS, "no chapter has exercises"
    for chapter in CHAPTERS:
        students, _ = exercise_notebooks(chapter)
        n = sum(1 for c in students.cells if c.cell_type == "markdown" and re.match(r"### Exercise \d+", c.source))
        assert n >= 3, f"{chapter.name} has {n} exercises"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_no_solution_leaks_into_the_student_notebook(chapter):
    """Every line written between {solution-start} and {solution-end} in the chapter is absent."""
    students, solutions = exercise_notebooks(chapter)
    student_text = "\n".join(c.source for c in students.cells)
    solution_text = "\n".join(c.source for c in solutions.cells)
    blocks = re.findall(r"\{solution-start\}.*?\n(.*?)\{solution-end\}", chapter.read_text(), re.S)
    assert blocks, "the chapter has no gated solution"
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    outside = re.sub(r"\{solution-start\}.*?\{solution-end\}", "", chapter.read_text(), flags=re.S)
    lines = [line for line in lines if len(line) > 15 and line not in outside
             and not line.startswith(("```", "````", ":", "import", "from "))]
    assert lines
    for line in lines:
        assert line not in student_text, f"solution line leaked into the student notebook: {line!r}"
        assert line in solution_text, f"solution line missing from the solution notebook: {line!r}"
    assert "Solution" not in student_text
    checks = [c.source for c in students.cells if c.cell_type == "code" and "check" in c.source]
    assert checks == [c.source for c in solutions.cells if c.cell_type == "code" and "check" in c.source]


def _run(path):
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


def _check_statuses(notebook):
    statuses = []
    for cell in notebook.cells:
        if cell.cell_type == "code" and re.search(r"\bex\.check_|\bcheck_", cell.source):
            text = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs if "data" in o)
            statuses.append(text)
    return statuses


@pytest.mark.notebook
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_solution_notebook_passes_every_check(chapter):
    notebook = _run(ROOT / "notebooks" / "solutions" / f"{chapter.stem}.ipynb")
    statuses = _check_statuses(notebook)
    assert statuses and all("✅ Correct" in s for s in statuses), statuses


@pytest.mark.notebook
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_student_notebook_runs_and_says_not_answered(chapter):
    notebook = _run(ROOT / "notebooks" / "students" / f"{chapter.stem}.ipynb")
    statuses = _check_statuses(notebook)
    assert statuses and all("Not answered yet" in s for s in statuses), statuses


@pytest.mark.notebook
def test_grader_counts_a_class(tmp_path):
    student = ROOT / "notebooks" / "students" / "positive-and-negative.ipynb"
    solution = ROOT / "notebooks" / "solutions" / "positive-and-negative.ipynb"
    graded_student = grade_notebook(student)
    graded_solution = grade_notebook(solution)
    assert graded_student["counts"]["unanswered"] == 5 and graded_student["counts"]["correct"] == 0
    assert graded_solution["counts"]["correct"] == 5 and not graded_solution["messages"]
