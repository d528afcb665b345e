"""The built website in real headless Chromium, with every other host unreachable.

Every page is visited twice, each a first visit in a fresh browser context. At 1280 px in light
mode: no failed request, no request to another host, no uncaught JavaScript error and no console
error, typeset math where the page has math, no serious or critical accessibility violation
(axe-core, from the axe-playwright-python package), no code block wider than its column and,
for chapters, at most 1.5 MB fetched, the explorers' figures apart. At 375 px in dark mode:
nothing wider than the phone, the dark theme on, its colours passing axe's contrast rules. (The
theme's colours outside the text, hidden on a phone, and the code colours are checked once each.)
For every explorer on every page: move each control through all its positions and check that the
numbers shown are exactly what negedu computes for those parameters, that the picture changes,
that it fits a phone screen and that its figures stay within budget. Screenshots go to
_build/screenshots/: every explorer at 1280 px light and 375 px dark, the first chapter's in all
four views. The tests are parametrised by page (read from _toc.yml; a test checks that the built
site has no other page), so that ``pytest -n 2`` shares them between two browsers; the page
weights are also written to _build/page-weights/.
"""

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from conftest import ROOT, local_host

pytestmark = pytest.mark.browser

MAX_EXPLORER_BYTES = 2 * 1024 * 1024  # an explorer's HTML on the page
MAX_STATES_BYTES = 1024 * 1024  # an explorer's figures in one colour theme (fetched near the screen)
MAX_PAGE_BYTES = 1.5 * 1024 * 1024  # a chapter's first visit, explorer figures apart
EXPLORER_FILES = "/_static/explorers/"
SCREENSHOTS = ROOT / "_build" / "screenshots"
WEIGHTS = ROOT / "_build" / "page-weights"


def _toc_files():
    """The pages of _toc.yml (root first), as built paths without the suffix: book/intro, ..."""
    text = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    return re.findall(r"^\s*(?:root|-?\s*file):\s*(\S+)\s*$", text, flags=re.MULTILINE)


# every page, known before the build (the parameters of the per-page tests)
PAGES = ["index.html"] + [f"{f}.html" for f in _toc_files()] + ["search.html", "genindex.html"]
# the chapters that show an explorer (a code cell calls get_explorer), in the book's order
EXPLORER_PAGES = [name for name in PAGES if (ROOT / name).with_suffix(".md").exists()
                  and 'get_explorer("' in (ROOT / name).with_suffix(".md").read_text(encoding="utf-8")]


def _pages(site):
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "book").glob("*.html"))
    return ["index.html"] + pages + ["search.html", "genindex.html"]


def _open(browser, url, *, width=1280, height=900, dark=False, weigh=None, idle=True):
    """Open ``url`` with every non-local request blocked; return (page, problems).

    ``dark=True`` opens it as a reader whose system prefers dark colours (the theme's
    default "auto" mode follows). ``weigh`` (a list) collects every finished request.
    ``idle=False`` returns once the page and its fonts have loaded, without waiting for the
    network to stay idle for half a second (the late requests are then not checked).
    """
    context = browser.new_context(viewport={"width": width, "height": height},
                                  color_scheme="dark" if dark else "light")
    problems = []

    def route(route_):
        if local_host(route_.request.url):
            route_.continue_()
        else:
            problems.append(f"request to another host: {route_.request.url}")
            route_.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda exc: problems.append(f"uncaught JavaScript error: {exc}"))
    page.on("console", lambda msg: problems.append(f"console error: {msg.text}") if msg.type == "error" else None)
    if weigh is not None:
        page.on("requestfinished", lambda request: weigh.append(request))
    page.on("requestfailed", lambda req: problems.append(f"failed request: {req.url} ({req.failure})")
            if local_host(req.url) else None)
    page.on("response", lambda res: problems.append(f"HTTP {res.status}: {res.url}") if res.status >= 400 else None)
    page.goto(url, wait_until="load")
    if idle:
        page.wait_for_load_state("networkidle")
    else:
        try:
            page.evaluate("() => document.fonts.ready.then(() => true)")
        except Exception:  # the page sent the browser on (index.html does): wait for the next one
            page.wait_for_load_state("load")
            page.evaluate("() => document.fonts.ready.then(() => true)")
    return page, problems


def _body_sizes(request):
    """(bytes transferred, bytes once decoded) of a finished request's response body."""
    response = request.response()
    try:
        decoded = len(response.body()) if response is not None else 0
    except Exception:  # a redirect or an aborted body has none
        decoded = 0
    return request.sizes()["responseBodySize"], decoded


def test_the_site_has_exactly_the_pages_of_the_toc(built_site):
    """The per-page tests visit PAGES (read from _toc.yml before the build): no built page escapes them."""
    assert set(_pages(built_site)) == set(PAGES)
    assert set(_explorer_pages(built_site)) == set(EXPLORER_PAGES)


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


@pytest.mark.parametrize("name", EXPLORER_PAGES)
def test_explorers_show_what_negedu_computes(browser, site_url, name):
    from negedu.interactive import get_explorer

    checked = 0
    page, problems = _open(browser, f"{site_url}/{name}")
    assert _screenshot_explorers(page, name, 1280, dark=False) > 0, f"{name} shows no explorer"
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
    assert not problems, problems
    page.context.close()
    print(f"\nchecked {checked} explorer states")
    assert checked > 0


# ---------------------------------------------------------------- clean, light pages
def _axe_script():
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


# What sticks out of the page, or of a code block's column (a code block that scrolls).
_OVERFLOW = """() => ({
  page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  code: Array.from(document.querySelectorAll('.bd-article pre'))
    .filter(pre => pre.offsetParent !== null && pre.scrollWidth > pre.clientWidth + 1)
    .map(pre => pre.textContent.split('\\n').sort((a, b) => b.length - a.length)[0].slice(0, 60)),
})"""


KINDS = ("explorer figures", "MathJax", "fonts", "page", "other")


def _overflow_problems(page):
    found = page.evaluate(_OVERFLOW)
    problems = []
    if found["page"] > 0:
        problems.append(f"the page is {found['page']} px wider than the screen")
    if found["code"]:
        problems.append(f"{len(found['code'])} code blocks wider than their column, e.g. {found['code'][0]!r}")
    return problems


_COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def _axe(page, context, options):
    """Serious and critical axe-core violations of one ``axe.run(context, options)`` (JavaScript literals),
    once the page's colour transitions have settled (a theme that just switched to dark fades)."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    page.add_script_tag(content=_axe_script())  # axe re-reads stylesheets: its requests are not the page's
    result = page.evaluate(f"async () => await axe.run({context}, {{resultTypes: ['violations'], {options}}})")
    return [f"axe: {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _axe_problems(page, colours_only=False):
    """Serious and critical axe-core violations on the page (``colours_only``: the colour rules alone).

    The colour rules leave out code blocks and typeset math: every token of a highlighted code
    block and every symbol MathJax draws is an element of its own, checking them took two thirds
    of the time, and their colours are the theme's, the same on every page (math takes the colour
    of the text around it). ``test_code_colours_pass_contrast`` checks the code colours on the
    page with the most code, in both modes; every other rule runs on everything.
    """
    problems = [] if colours_only else _axe(page, "document", "rules: {'color-contrast': {enabled: false}, "
                                                            "'link-in-text-block': {enabled: false}}")
    return problems + _axe(page, "{include: [['html']], exclude: [['mjx-container'], ['div.highlight']]}",
                           f"runOnly: {{type: 'rule', values: {json.dumps(_COLOUR_RULES)}}}")


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_code_colours_pass_contrast(browser, site_url, built_site, dark):
    """The code highlighting's colours against the code background, on the page with the most code."""
    name = max((n for n in PAGES if n.startswith("book/")),
               key=lambda n: (built_site / n).read_text().count('class="highlight'))
    page, problems = _open(browser, f"{site_url}/{name}", dark=dark, idle=False)
    problems = problems + _axe(page, "{include: [['div.highlight']]}",
                               "runOnly: {type: 'rule', values: ['color-contrast']}")
    page.context.close()
    assert not problems, json.dumps(problems, indent=2)


def _weights_by_kind(name, sizes):
    """{kind: [transferred, decoded]} of a page's first visit, from {url: (transferred, decoded)}."""
    kinds = {kind: [0, 0] for kind in KINDS}
    for url, (transferred, decoded) in sizes.items():
        path = url.split("?")[0]
        if EXPLORER_FILES in path:
            kind = "explorer figures"
        elif "/mathjax/" in path:
            kind = "MathJax"
        elif path.endswith((".woff", ".woff2", ".ttf")):
            kind = "fonts"
        elif path.endswith("/" + name):
            kind = "page"
        else:
            kind = "other"
        kinds[kind][0] += transferred
        kinds[kind][1] += decoded
    return kinds


@pytest.mark.parametrize("name", PAGES)
def test_page_at_1280_px(browser, site_url, built_site, name):
    """A first visit: loads cleanly offline, math typeset, axe clean, code fits its column, light enough."""
    requests = []
    page, problems = _open(browser, f"{site_url}/{name}", weigh=requests)
    if 'class="math' in (built_site / name).read_text():
        page.wait_for_selector("mjx-container", timeout=15000)
        if page.locator("mjx-container").count() == 0:
            problems.append("math is not typeset")
        if page.locator("mjx-merror").count():
            problems.append("MathJax reports an error in a formula")
    if name.startswith("book/"):  # the weight of a first visit (the server gzips text, as a static host does)
        page.wait_for_timeout(300)  # late fonts (MathJax's) after the network went idle
        kinds = _weights_by_kind(name, {request.url: _body_sizes(request) for request in list(requests)})
        sent = sum(kinds[k][0] for k in KINDS[1:])
        held = sum(kinds[k][1] for k in KINDS[1:])
        WEIGHTS.mkdir(parents=True, exist_ok=True)
        (WEIGHTS / f"{name.replace('/', '__')}.json").write_text(json.dumps(kinds))
        print(f"\n{name}: {sent / 1024:.0f} KB transferred ({held / 1024:.0f} KB decoded) without the explorer "
              f"figures; " + ", ".join(f"{k} {kinds[k][0] / 1024:.0f} KB" for k in KINDS))
        if sent > MAX_PAGE_BYTES:
            problems.append(f"{sent / 2**20:.2f} MB on a first visit (explorer figures apart), over "
                            f"{MAX_PAGE_BYTES / 2**20} MB")
    problems = problems + _overflow_problems(page)  # a copy: axe's own requests are not the page's
    problems += _axe_problems(page)
    page.context.close()
    assert not problems, json.dumps(problems, indent=2)


def _screenshot_explorers(page, name, width, dark):
    """Screenshot every explorer of the page into _build/screenshots/ (its figure loaded, in the
    page's theme); at 375 px, check that none is wider than the screen. Returns how many."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    explorers = page.locator(".negedu-explorer")
    for k in range(explorers.count()):
        el = explorers.nth(k)
        el.scroll_into_view_if_needed()
        page.wait_for_function("e => e.querySelector('.nx-figure img').complete", arg=el.element_handle())
        theme = page.evaluate("() => document.documentElement.dataset.theme")
        assert theme == ("dark" if dark else "light"), f"{name}: the theme is {theme}"
        src = el.locator(".nx-figure img").get_attribute("src")
        data = json.loads(el.locator("script.nx-data").inner_text())
        assert src in data["dark_images" if dark else "images"], f"{name}: {src} is not a {theme} figure"
        if width <= 375:  # a phone-sized screen: the explorer must not overflow horizontally
            overflow = el.evaluate("e => e.scrollWidth - e.clientWidth")
            assert overflow <= 1, f"{name}: explorer {k} overflows a {width} px screen by {overflow} px"
        # the theme's sticky bars (page header, skip link) hidden, or they are drawn over the explorer
        el.screenshot(path=str(SCREENSHOTS / f"{data['name'].replace('/', '__')}-{width}-{theme}.png"),
                      style=".bd-header, .bd-header-article, .skip-link { visibility: hidden !important; }")
    return explorers.count()


@pytest.mark.parametrize("name", PAGES[1:])  # index.html only sends the browser on to book/intro.html
def test_page_on_a_phone_in_dark_mode(browser, site_url, name):
    """At 375 px, dark: nothing wider than the screen, no code block wider than its column, the
    dark theme on and its colours passing axe's contrast rules; explorers screenshot and fitting."""
    page, problems = _open(browser, f"{site_url}/{name}", width=375, height=800, dark=True, idle=False)
    theme = page.evaluate("() => document.documentElement.dataset.theme")
    if theme != "dark":
        problems.append(f"the theme is {theme!r}, not dark")
    problems = problems + _overflow_problems(page)  # (a copy, as above)
    if name in EXPLORER_PAGES:
        _screenshot_explorers(page, name, 375, dark=True)
    problems += _axe_problems(page, colours_only=True)
    page.context.close()
    assert not problems, json.dumps(problems, indent=2)


def test_dark_theme_around_the_text_passes_contrast(browser, site_url):
    """What a phone hides (the navigation and the page's contents sidebars), in dark mode at 1280 px,
    on one chapter: the theme's, the same on every page."""
    page, problems = _open(browser, f"{site_url}/{EXPLORER_PAGES[0]}", dark=True, idle=False)
    problems = problems + _axe_problems(page, colours_only=True)
    page.context.close()
    assert not problems, json.dumps(problems, indent=2)


def test_explorer_figures_are_files_within_budget(built_site):
    """On the site an explorer's figures are files (not in the page), within budget per theme."""
    checked = 0
    for name in _explorer_pages(built_site):
        html = (built_site / name).read_text()
        assert "data:image/" not in html, f"{name}: an image is still inlined in the page"
        for payload in html.split('<script type="application/json" class="nx-data">')[1:]:
            data = json.loads(payload.split("</script>", 1)[0].replace("<\\/", "</"))
            for theme in ("images", "dark_images"):
                files = [(built_site / name).parent / src for src in data[theme]]
                assert all(f.suffix == ".webp" and f.exists() for f in files), f"{data['name']}: missing figures"
                size = sum(f.stat().st_size for f in set(files))
                print(f"\n{data['name']}: {len(set(files))} {theme}, {size / 1024:.0f} KB")
                assert size <= MAX_STATES_BYTES, f"{data['name']}: its {theme} weigh {size / 2**20:.2f} MB"
            checked += 1
    assert checked > 0


def test_first_explorer_in_all_four_views(browser, site_url):
    """The first chapter's explorers also at 1280 px dark and 375 px light (every explorer is
    screenshot at 1280 px light by the explorers' test and at 375 px dark by the phone test)."""
    name = EXPLORER_PAGES[0]
    for width, dark in [(1280, True), (375, False)]:
        page, problems = _open(browser, f"{site_url}/{name}", width=width, height=900, dark=dark, idle=False)
        assert _screenshot_explorers(page, name, width, dark) > 0
        assert not problems, problems
        page.context.close()


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
