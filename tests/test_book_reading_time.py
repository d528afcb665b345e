"""The book's Sphinx extension: the reading time under each chapter's title."""

import sys

from docutils import nodes
from docutils.core import publish_doctree

from conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
from negedu_book import CODE_LINES_PER_MINUTE, FOLD_LISTINGS_OVER, WORDS_PER_MINUTE, reading_time  # noqa: E402


def _page(words, code_lines, output_lines=0):
    prose = " ".join(["word"] * words)
    code = "::\n\n" + "\n".join(f"    x = {i}" for i in range(code_lines)) if code_lines else ""
    doctree = publish_doctree(f"Title\n=====\n\n{prose}\n\n{code}\n")
    if output_lines:  # an executed cell's output is neither prose nor code to read
        output = nodes.container(classes=["cell_output"])
        output += nodes.literal_block("", "\n".join("out" for _ in range(output_lines)))
        doctree += output
    return doctree


def test_reading_time_counts_prose_words_and_code_lines():
    minutes, words, lines = reading_time(_page(WORDS_PER_MINUTE * 10, CODE_LINES_PER_MINUTE * 2))
    assert lines == CODE_LINES_PER_MINUTE * 2
    assert words == WORDS_PER_MINUTE * 10 + 1  # the title's word counts too
    assert minutes == 12


def test_reading_time_ignores_outputs_and_is_at_least_a_minute():
    assert reading_time(_page(3, 0, output_lines=500)) == (1, 4, 0)


def test_listings_fold_only_when_long():
    assert 20 <= FOLD_LISTINGS_OVER <= 40
