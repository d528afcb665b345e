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


def test_students_site_has_no_solutions():
    """`make book-students` (build.py --students): questions stay, solutions and check outputs go."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, str(ROOT / "book" / "_tools" / "build.py"), "--students"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    students = ROOT / "_build" / "students" / "_build" / "html" / "book"
    _, _, full = build_site()
    in_toc = set(re.findall(r"file:\s*book/(\S+)", (ROOT / "_toc.yml").read_text()))
    chapters = [p for p in (ROOT / "book").glob("*.md") if p.stem in in_toc and "{solution-start}" in p.read_text()]
    assert chapters
    for chapter in chapters:
        page = f"{chapter.stem}.html"
        with_solutions, without = _text(full / "book" / page), _text(students / page)
        blocks = re.findall(r"\{solution-start\}.*?\n(.*?)\{solution-end\}", chapter.read_text(), re.S)
        solution_text = "\n".join(blocks)
        lines = {l.strip() for b in blocks for l in b.splitlines()
                 if len(l.strip()) > 20 and not l.strip().startswith(("`", ":", "$"))}
        assert lines
        for line in lines:
            # The same line may also stand outside the solutions (an included negedu function,
            # another cell): the students' page must lose exactly the solutions' copies.
            in_full, in_solutions = with_solutions.count(line), solution_text.count(line)
            if in_full >= in_solutions > 0:
                assert without.count(line) <= in_full - in_solutions, \
                    f"{page}: solution line on the students' site: {line!r}"
        assert "✅ Correct" not in without and "Solution to" not in without
        assert re.search(r"Exercise \d", without), "the questions must stay"
