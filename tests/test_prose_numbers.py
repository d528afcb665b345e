"""No chapter types by hand a number its own code computes (book/_tools/prose_numbers.py).

Runs on the executed notebooks of the book build (_build/jupyter_execute). A prose number that
equals, at its written precision, a number the chapter's cells output must be glued; a
deliberate constant is declared in the chapter with ``% typed on purpose: ...``. A glue key
used in the prose must be glued by some cell.
"""

import importlib.util
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.book

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("prose_numbers", ROOT / "book" / "_tools" / "prose_numbers.py")
prose_numbers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(prose_numbers)

CHAPTERS = sorted(p for p in (ROOT / "book").glob("*.md") if "kernelspec:" in p.read_text().split("\n---", 1)[0])


def test_the_detector_finds_a_copied_number_and_respects_declarations():
    notebook = {"cells": [{"outputs": [{"text": ["AP 0.6823, cost 183.27 EUR, 252 false alarms\n"]}]}]}
    text = "The AP is 0.68 and the cost 183.3 euros, with 252 alarms; 0.5 is the threshold and 1997 a year.\n"
    assert [token for token, _ in prose_numbers.typed_by_hand(text, notebook)] == ["0.68", "183.3", "252"]
    declared = "% typed on purpose: 252 (a parameter)\n" + text
    assert [token for token, _ in prose_numbers.typed_by_hand(declared, notebook)] == ["0.68", "183.3"]
    glued = "The AP is {glue:text}`ap:.2f`.\n"
    assert prose_numbers.typed_by_hand(glued, notebook) == []
    assert prose_numbers.missing_glue(glued, notebook) == ["ap"]
    notebook["cells"][0]["outputs"].append({"metadata": {"scrapbook": {"name": "ap"}}})
    assert prose_numbers.missing_glue(glued, notebook) == []


def test_code_math_and_roles_are_not_prose():
    text = ("```{code-cell} ipython3\nprint(0.68)\n```\n$x = 0.68$ and `0.68` and {cite}`a0.68` "
            "and $$\n0.68\n$$\n:width: 0.68\n")
    assert prose_numbers.candidates(text) == []


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_no_computed_number_is_typed_by_hand(chapter, built_site):
    # the executed notebook: MyST-NB's copy, or the one the site offers for download (the students'
    # build, which runs after the public one, clears _build/jupyter_execute)
    candidates = [ROOT / "_build" / "jupyter_execute" / "book" / f"{chapter.stem}.ipynb",
                  Path(built_site) / "_sources" / "book" / f"{chapter.stem}.ipynb"]
    executed = next((path for path in candidates if path.exists()), None)
    assert executed is not None, f"the build wrote none of {candidates}"
    notebook = json.loads(executed.read_text())
    markdown = chapter.read_text()
    problems = [f"{token} typed by hand: {line[:110]}" for token, line in prose_numbers.typed_by_hand(markdown, notebook)]
    if executed == candidates[0]:  # the download copy drops the glued values; the -W build catches a missing key
        problems += [f"glue key {key!r} is used but never glued" for key in prose_numbers.missing_glue(markdown, notebook)]
    assert not problems, (f"{chapter.relative_to(ROOT)}: glue these numbers (myst_nb.glue in the cell that computes "
                          "them, {glue:text}`key:fmt` in the prose) or declare a deliberate constant with "
                          "'% typed on purpose: <number> (<why>)':\n  " + "\n  ".join(problems))
