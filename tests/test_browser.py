"""The built website in real headless Chromium, with every other host unreachable.

For every page: no failed request, no request to another host, no uncaught JavaScript
error, and typeset math where the page has math. For every explorer on every page: move
each control through all its positions and check that the numbers shown are exactly what
negedu computes for those parameters, that the picture changes, that it fits a phone
screen and that its payload stays under 2 MB. Screenshots go to the test's temp folder.
"""

import json
from pathlib import Path

import pytest

from conftest import local_host

pytestmark = pytest.mark.browser

# Messages the theme itself logs on every page (documented in the toolchain notes):
# sphinx-thebe emits its config script twice; pydata-sphinx-theme complains about an
# empty stored theme mode on a fresh profile.
ALLOWED_PAGE_ERRORS = ("Identifier 'THEBE_JS_URL' has already been declared",)
ALLOWED_CONSOLE_ERRORS = ("Got invalid theme mode",)
MAX_EXPLORER_BYTES = 2 * 1024 * 1024


def _pages(site):
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "book").glob("*.html"))
    return ["index.html"] + pages + ["search.html", "genindex.html"]


def _open(browser, url, *, width=1280, height=900):
    """Open ``url`` with every non-local request blocked; return (page, problems)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    problems = []

    def route(route_):
        if local_host(route_.request.url):
            route_.continue_()
        else:
            problems.append(f"request to another host: {route_.request.url}")
            route_.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda exc: None if any(a in str(exc) for a in ALLOWED_PAGE_ERRORS)
            else problems.append(f"uncaught JavaScript error: {exc}"))
    page.on("console", lambda msg: problems.append(f"console error: {msg.text}")
            if msg.type == "error" and not any(a in msg.text for a in ALLOWED_CONSOLE_ERRORS) else None)
    page.on("requestfailed", lambda req: problems.append(f"failed request: {req.url} ({req.failure})")
            if local_host(req.url) else None)
    page.on("response", lambda res: problems.append(f"HTTP {res.status}: {res.url}") if res.status >= 400 else None)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, problems


def test_every_page_loads_cleanly_offline(browser, site_url, built_site):
    failures = {}
    for name in _pages(built_site):
        page, problems = _open(browser, f"{site_url}/{name}")
        html = (built_site / name).read_text()
        if 'class="math' in html:
            page.wait_for_selector("mjx-container", timeout=15000)
            if page.locator("mjx-container").count() == 0:
                problems.append("math is not typeset")
            if page.locator("mjx-merror").count():
                problems.append("MathJax reports an error in a formula")
        if problems:
            failures[name] = problems
        page.context.close()
    assert not failures, json.dumps(failures, indent=2)


def test_chapter_one_has_typeset_math(browser, site_url):
    page, problems = _open(browser, f"{site_url}/book/positive-and-negative.html")
    page.wait_for_selector("mjx-container", timeout=15000)
    assert page.locator("mjx-container").count() >= 5
    assert not problems
    page.context.close()


def test_chapter_pages_offer_their_notebook(built_site):
    html = (built_site / "book" / "positive-and-negative.html").read_text()
    assert "_sources/book/positive-and-negative.ipynb" in html
    assert (built_site / "_sources" / "book" / "positive-and-negative.ipynb").exists()


def _explorer_pages(site):
    return [n for n in _pages(site) if 'class="negedu-explorer"' in (site / n).read_text()]


# Everything the page shows for an explorer, read in one round trip to the browser.
_READ_STATE = """e => ({
  positions: Array.from(e.querySelectorAll('[data-param]')).map(c => [c.getAttribute('data-param'), parseInt(c.value, 10)]),
  outputs: Array.from(e.querySelectorAll('output')).map(o => [o.getAttribute('for'), o.textContent]),
  cells: Array.from(e.querySelectorAll('td[data-key]')).map(c => [c.getAttribute('data-key'), c.textContent, c.getAttribute('data-value')]),
  caption: e.querySelector('.nx-text').textContent,
  alt: e.querySelector('.nx-figure img').getAttribute('alt'),
  src: e.querySelector('.nx-figure img').getAttribute('src'),
})"""


def _check_state(el, data, explorer, moved, position):
    """The page shows exactly negedu's numbers, caption and alt text for the controls' values."""
    shown = el.evaluate(_READ_STATE)
    params = {p["name"]: p for p in data["params"]}
    values = {name: params[name]["values"][index] for name, index in shown["positions"]}
    assert values[moved] == params[moved]["values"][position], f"{data['name']}: {moved} did not move"
    for control_id, text in shown["outputs"]:
        name = control_id.rsplit("-", 1)[-1] if control_id.rsplit("-", 1)[-1] in params else None
        if name:
            assert text == params[name]["shown"][params[name]["values"].index(values[name])]
    expected = explorer.numbers(**values)
    assert [key for key, _, _ in shown["cells"]] == list(expected)
    for key, text, raw in shown["cells"]:
        assert json.loads(raw) == expected[key], f"{data['name']} {values}: {key} is {raw} on the page, negedu says {expected[key]}"
        assert text == explorer.format_number(key, expected[key])
    assert shown["caption"] == explorer.describe(values, expected)
    assert shown["alt"] == shown["caption"]
    return shown["src"]


def test_explorers_show_what_negedu_computes(browser, site_url, built_site, tmp_path_factory):
    from negedu.interactive import get_explorer

    shots = tmp_path_factory.mktemp("screenshots")
    pages = _explorer_pages(built_site)
    assert pages, "no page has an explorer"
    checked = 0
    for name in pages:
        page, problems = _open(browser, f"{site_url}/{name}")
        explorers = page.locator(".negedu-explorer")
        for k in range(explorers.count()):
            el = explorers.nth(k)
            el.scroll_into_view_if_needed()
            assert el.get_attribute("data-ready") == "yes", f"{name}: explorer {k} did not start"
            data = json.loads(el.locator("script.nx-data").inner_text())
            explorer = get_explorer(data["name"])
            size = len(el.evaluate("e => e.outerHTML").encode())
            assert size <= MAX_EXPLORER_BYTES, f"{data['name']} is {size / 2**20:.2f} MB"
            print(f"\n{name}: explorer {data['name']}: {size / 2**20:.2f} MB, {len(data['states'])} states")
            for p in data["params"]:
                control = el.locator(f'[data-param="{p["name"]}"]')
                sources = set()
                if p["kind"] == "slider":  # the keyboard, as a reader would: Home, then one step at a time
                    control.focus()
                    control.press("Home")
                    for position in range(len(p["values"])):
                        if position:
                            control.press("ArrowRight")
                        sources.add(_check_state(el, data, explorer, p["name"], position))
                        checked += 1
                else:
                    for position in range(len(p["values"])):
                        control.select_option(str(position))
                        sources.add(_check_state(el, data, explorer, p["name"], position))
                        checked += 1
                assert len(sources) > 1, f"moving {p['name']} never changed the picture of {data['name']}"
            el.screenshot(path=str(shots / f"{data['name'].replace('/', '__')}.png"))
        assert not problems, problems
        page.context.close()
        # A phone-sized screen: the explorer must not overflow horizontally.
        phone, phone_problems = _open(browser, f"{site_url}/{name}", width=375, height=800)
        for k in range(phone.locator(".negedu-explorer").count()):
            el = phone.locator(".negedu-explorer").nth(k)
            el.scroll_into_view_if_needed()
            overflow = el.evaluate("e => e.scrollWidth - e.clientWidth")
            assert overflow <= 1, f"{name}: explorer {k} overflows a 375 px screen by {overflow} px"
            el.screenshot(path=str(shots / f"phone-{Path(name).stem}-{k}.png"))
        assert not phone_problems, phone_problems
        phone.context.close()
    print(f"\nchecked {checked} explorer states; screenshots in {shots}")
    assert checked > 0


def _print_pdf():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_tools"))
    import print_pdf

    return print_pdf


def test_cheat_sheet_prints_on_two_a4_pages(browser, built_site, tmp_path):
    counts = _print_pdf().print_book(browser, built_site, ["book/cheat-sheet"], tmp_path / "cheat-sheet.pdf")
    assert counts[0] <= 2, f"the cheat sheet prints on {counts[0]} A4 pages"


def test_make_pdf_joins_pages_in_order_with_bookmarks(browser, built_site, tmp_path):
    """`make pdf` on two pages: one PDF, every page's A4 pages in _toc.yml order, one bookmark each."""
    from pypdf import PdfReader

    print_pdf = _print_pdf()
    pages = print_pdf.toc_pages()[:2]
    assert pages[0] == "book/intro" and pages[1] == "book/how-to-use"
    output = tmp_path / "two-pages.pdf"
    counts = print_pdf.print_book(browser, built_site, pages, output)
    reader = PdfReader(output)
    assert len(reader.pages) == sum(counts) and all(count >= 1 for count in counts)
    assert [item.title for item in reader.outline] == ["The Negative Class", "How to use this book"]
    first = reader.pages[0].extract_text()
    assert "The Negative Class" in first and "Contents" not in first.split("\n")[0]
    assert "Search" not in first  # no navigation printed


def test_print_stylesheet_prints_explorers_and_hides_solutions(browser, site_url):
    """In print: no sliders, but the explorer's picture and caption; solutions folded away unless asked for."""
    page, problems = _open(browser, f"{site_url}/book/confusion-matrix.html")
    page.emulate_media(media="print")
    display = "s => [...document.querySelectorAll(s)].map(e => getComputedStyle(e).display)"
    explorer = ".negedu-explorer"
    assert page.locator(explorer).count() > 0 and page.locator(".solution").count() > 0
    assert set(page.evaluate(display, f"{explorer} .nx-controls")) == {"none"}
    assert "none" not in page.evaluate(display, f"{explorer} .nx-figure img") + page.evaluate(display, f"{explorer} .nx-text")
    assert set(page.evaluate(display, ".solution")) == {"none"}
    assert set(page.evaluate(display, ".bd-sidebar-primary, .bd-header, .prev-next-area")) == {"none"}
    page.evaluate("() => document.documentElement.classList.add('negedu-print-solutions')")
    assert "none" not in page.evaluate(display, ".solution")
    page.emulate_media(media="screen")
    assert "none" not in page.evaluate(display, ".bd-sidebar-primary")
    assert not problems, problems
    page.context.close()
