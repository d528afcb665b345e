"""The book is a test: `jupyter-book build . -W -n --keep-going` must succeed with no warning."""

import re

import pytest

from conftest import ROOT, build_site

pytestmark = pytest.mark.book


def test_book_builds_without_warnings():
    code, output, html = build_site()
    warnings = [line for line in output.splitlines()
                if re.search(r"\bWARNING\b", line) and "IPKernelApp" not in line]
    assert code == 0, "\n".join(output.splitlines()[-60:])
    assert not warnings, "\n".join(warnings)
    assert (html / "index.html").exists()


def test_jupyter_book_executes_no_chapter():
    """build.py executes the chapters the cache lacks (after the chapter tests, none), and
    jupyter-book then finds every chapter in the cache: had chapter_cache.py's key differed from
    myst-nb's, jupyter-book would execute every chapter a second time."""
    code, output, _ = build_site()
    assert code == 0, "\n".join(output.splitlines()[-60:])
    executed = re.findall(r"^(\S+\.md): Executing notebook", output, re.M)
    assert not executed, f"jupyter-book executed chapters that should have come from the cache: {executed}"


def test_every_toc_page_was_built():
    _, _, html = build_site()
    toc = (ROOT / "_toc.yml").read_text()
    for slug in re.findall(r"file:\s*(\S+)", toc) + [re.search(r"root:\s*(\S+)", toc).group(1)]:
        assert (html / f"{slug}.html").exists(), f"{slug} is in _toc.yml but was not built"


def test_every_chapter_figure_has_its_image():
    """A figure cell renders an image: catches kernels that lost their inline plotting backend."""
    _, _, html = build_site()
    in_toc = re.findall(r"file:\s*book/(\S+)", (ROOT / "_toc.yml").read_text())
    checked = 0
    for slug in in_toc:
        source = (ROOT / "book" / f"{slug}.md").read_text()
        page = (html / "book" / f"{slug}.html").read_text()
        for name in re.findall(r"^\s+name:\s*(fig-[\w-]+)", source, re.M):
            start = page.find(f'id="{name}"')
            assert start >= 0, f"{slug}: figure {name} is missing"
            end = page.find("</figure>", start)
            assert "<img" in page[start:end], f"{slug}: figure {name} has no image"
            checked += 1
    assert checked > 0


def test_site_references_no_other_host():
    """No script, stylesheet, font or image is loaded from another host (links are fine)."""
    _, _, html = build_site()
    offenders = []
    for page in html.rglob("*.html"):
        text = page.read_text(errors="replace")
        for match in re.finditer(r"<(script|link|img|iframe|source)\b[^>]*\b(src|href)=\"(https?:)?//[^\"]+\"", text):
            tag = match.group(0)
            if match.group(1) == "link" and not re.search(r'rel="(stylesheet|preload|icon|modulepreload)"', tag):
                continue
            offenders.append(f"{page.relative_to(html)}: {tag[:160]}")
    assert not offenders, "\n".join(offenders[:20])


def _text(path):
    import html as html_lib

    return html_lib.unescape(re.sub(r"<[^>]+>", "", path.read_text()))


_students = {}


def students_site():
    """Build the students' site once per session (`make book-students`: it reuses the main
    build's execution cache, so no chapter runs again) and return its html folder."""
    import subprocess
    import sys

    if not _students:
        build_site()  # the main build first: it fills the execution cache
        proc = subprocess.run([sys.executable, str(ROOT / "book" / "_tools" / "build.py"), "--students"],
                              cwd=ROOT, capture_output=True, text=True)
        _students.update(code=proc.returncode, output=proc.stdout[-3000:] + proc.stderr[-3000:],
                         html=ROOT / "_build" / "students" / "_build" / "html")
    assert _students["code"] == 0, _students["output"]
    return _students["html"]


def _chapters_with_solutions():
    in_toc = set(re.findall(r"file:\s*book/(\S+)", (ROOT / "_toc.yml").read_text()))
    chapters = [p for p in (ROOT / "book").glob("*.md") if p.stem in in_toc and "{solution-start}" in p.read_text()]
    assert chapters
    return chapters


def _solution_lines(chapter):
    """The solutions' blocks of a chapter's source, and their lines long enough to be telling."""
    blocks = re.findall(r"\{solution-start\}.*?\n(.*?)\{solution-end\}", chapter.read_text(), re.S)
    lines = {l.strip() for b in blocks for l in b.splitlines()
             if len(l.strip()) > 20 and not l.strip().startswith(("`", ":", "$"))}
    assert lines
    return "\n".join(blocks), lines


def _check_cells_outside_a_fold(page):
    """The check cells of a page whose output a reader sees without opening a solution."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(), "html.parser")
    return [cell.get_text(" ", strip=True)[:160] for cell in soup.select(".tag_check")
            if cell.select(".cell_output") and cell.find_parent(class_="solution") is None]


def test_public_site_shows_no_check_output_outside_a_fold():
    """A check cell's output ("Correct: PPV = ... = 0.184") gives the answer: it sits in the
    folded solution, so a reader sees it only after opening the solution."""
    _, _, full = build_site()
    for chapter in _chapters_with_solutions():
        page = full / "book" / f"{chapter.stem}.html"
        assert page.read_text().count("tag_check") > 0, f"{page.name}: no check cell found"
        assert not _check_cells_outside_a_fold(page), f"{page.name}: {_check_cells_outside_a_fold(page)}"


def test_students_site_serves_no_solution_for_download():
    """The download menu of the students' site serves the chapter's .md and .ipynb: without solutions."""
    students = students_site()
    for chapter in _chapters_with_solutions():
        solution_text, lines = _solution_lines(chapter)
        source = chapter.read_text()
        for suffix in (".md", ".ipynb"):
            served = students / "_sources" / "book" / f"{chapter.stem}{suffix}"
            assert served.exists(), f"{served.name} is not served"
            text = served.read_text()
            if suffix == ".ipynb":
                import json

                text = "\n".join("".join(c["source"]) + "".join(map(str, c.get("outputs", [])))
                                  for c in json.loads(text)["cells"])
            assert "{solution-start}" not in text and "{solution-end}" not in text, served.name
            # A line that also stands outside the solutions may stay, as many times as it does there.
            leaked = [line for line in lines if text.count(line) > source.count(line) - solution_text.count(line)]
            assert not leaked, f"{served.name}: {leaked[:3]}"
            assert "✅ Correct" not in text, served.name


def test_students_site_has_no_solutions():
    """`make book-students` (build.py --students): questions stay, solutions and check outputs go."""
    students = students_site() / "book"
    _, _, full = build_site()
    for chapter in _chapters_with_solutions():
        page = f"{chapter.stem}.html"
        with_solutions, without = _text(full / "book" / page), _text(students / page)
        solution_text, lines = _solution_lines(chapter)
        for line in lines:
            # The same line may also stand outside the solutions (an included negedu function,
            # another cell): the students' page must lose exactly the solutions' copies.
            in_full, in_solutions = with_solutions.count(line), solution_text.count(line)
            if in_full >= in_solutions > 0:
                assert without.count(line) <= in_full - in_solutions, \
                    f"{page}: solution line on the students' site: {line!r}"
        assert "✅ Correct" not in without and "Solution to" not in without
        assert re.search(r"Exercise \d", without), "the questions must stay"
        assert not _check_cells_outside_a_fold(students / page), page


def test_strip_solutions_keeps_questions_and_checks():
    """What the students' site serves for download: the source minus its solutions."""
    import sys

    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    from negedu_book import strip_notebook_solutions, strip_solutions

    source = ("```{exercise} Q\n:label: q\nAsk.\n```\n\n````{solution-start} q\n:class: dropdown\n````\nSecret prose.\n\n"
              "```{code-cell} ipython3\nanswer = 42\n```\n\n````{solution-end}\n````\n\n"
              "```{code-cell} ipython3\n:tags: [check]\nex.check(answer)\n```\n\n```{solution} q\nPlain secret.\n```\nAfter.")
    text, inside = strip_solutions(source)
    assert not inside and "Ask." in text and "ex.check(answer)" in text and "After." in text
    assert "Secret" not in text and "42" not in text and "Plain secret" not in text and "solution" not in text
    notebook = {"cells": [
        {"cell_type": "markdown", "source": "Ask.\n\n````{solution-start} q\n:class: dropdown\n````\nSecret prose."},
        {"cell_type": "code", "source": "answer = 42", "metadata": {}, "outputs": [{"text": "42"}]},
        {"cell_type": "markdown", "source": "````{solution-end}\n````"},
        {"cell_type": "code", "source": "ex.check(answer)", "metadata": {"tags": ["check"]},
         "outputs": [{"text": "✅ Correct: 42"}], "execution_count": 3},
    ]}
    cells = strip_notebook_solutions(notebook)["cells"]
    assert [c["source"].strip() for c in cells] == ["Ask.", "ex.check(answer)"]
    assert cells[1]["outputs"] == []
