"""Each book page uses only its own chapter's folder of negedu.chapters (plus the core and the shared machinery)."""

import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parent.parent / "book"
PAGES = sorted(BOOK.glob("*.md"))
# "negedu.chapters.<slug>" in code and "negedu/chapters/<slug>/" in literalinclude paths
CHAPTER_USE = re.compile(r"negedu[./]chapters[./](\w+)")


def test_pages_are_found():
    assert any(page.stem == "rules-of-thumb" for page in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.stem)
def test_page_uses_only_its_own_chapter(page):
    own = page.stem.replace("-", "_")
    others = sorted({slug for slug in CHAPTER_USE.findall(page.read_text(encoding="utf-8")) if slug != own})
    assert not others, (f"{page.name} uses the chapter folder(s) {others}: what two pages share belongs in the "
                        "core or the shared machinery")
