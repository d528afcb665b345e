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
