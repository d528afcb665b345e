"""Every chapter in book/ runs top to bottom in a fresh kernel, once per test run.

Each chapter runs as the book build would run it (book/_tools/chapter_cache.py: the same
reader, executor, folder and kernel environment, explorers rendering their static HTML), and
a chapter that runs through is stored in the build's execution cache, so the book build that
follows (test_book_build.py) executes nothing again. A failing chapter is named with the cell
that raised. (The classroom notebooks in notebooks/ are executed by test_exercises.py.)
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_tools"))
import chapter_cache  # noqa: E402

pytestmark = pytest.mark.notebook

CHAPTERS = chapter_cache.chapters()


@pytest.fixture(scope="session")
def fresh_cache():
    """The cache without the chapters whose negedu code changed (once per worker)."""
    with chapter_cache.cache_lock():
        chapter_cache.drop_stale_chapters()


def test_there_are_chapters():
    assert CHAPTERS


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_runs_in_a_fresh_kernel(chapter, fresh_cache):
    notebook, result = chapter_cache.execute(chapter)
    if result.err is not None:
        code_cells = [(i, c) for i, c in enumerate(notebook.cells) if c.cell_type == "code"]
        failing = next(((n, i) for n, (i, c) in enumerate(code_cells, 1)
                        if any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        where = "a cell" if failing is None else \
            f"code cell {failing[0]} (line {notebook.metadata['source_map'][failing[1]]})"
        pytest.fail(f"{chapter.relative_to(ROOT)}: {where} raised:\n{result.err}")
    chapter_cache.store(chapter, notebook, result.time)
