"""Every chapter in book/ runs top to bottom in a fresh kernel.

The book build executes the chapters too, but through its cache; this test always runs
them fresh, and names the chapter and the cell when one fails. (The classroom notebooks
in notebooks/ are executed by test_exercises.py.) The explorers' static HTML is skipped
here (NEGEDU_EXPLORER_HTML=never): the build and the browser tests cover it.
"""

import os
from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

pytestmark = pytest.mark.notebook

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p for p in (ROOT / "book").glob("*.md") if "kernelspec:" in p.read_text().split("\n---", 1)[0])


def test_there_are_chapters():
    assert CHAPTERS


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_runs_in_a_fresh_kernel(chapter, monkeypatch):
    monkeypatch.setenv("NEGEDU_EXPLORER_HTML", "never")
    monkeypatch.setenv("MPLBACKEND", "agg")
    notebook = jupytext.read(chapter, fmt="md:myst")
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(chapter.parent)}})
    try:
        client.execute()
    except CellExecutionError as error:
        code_cells = [c for c in notebook.cells if c.cell_type == "code"]
        failing = next((i for i, c in enumerate(code_cells, 1)
                        if any(o.get("output_type") == "error" for o in c.get("outputs", []))), "?")
        pytest.fail(f"{chapter.relative_to(ROOT)}: code cell {failing} raised:\n{error}")
