"""Print the built website to one PDF: `python book/_tools/print_pdf.py` (what `make pdf` runs).

Headless Chromium (Debian's /usr/bin/chromium, driven by Playwright's Python client; no browser
is downloaded) opens every page of _build/html in the order of _toc.yml, waits until its math is
typeset and its explorers have drawn their first state, and prints it to A4 with the site's print
stylesheet (book/_assets/negedu-print.css: no navigation or buttons; an explorer prints its
current picture and caption; solutions stay out). pypdf joins the pages into one file, with one
bookmark per page: _build/pdf/the-negative-class.pdf.

Options: --solutions prints the solutions too; --pages SLUG ... prints only those pages (e.g.
`--pages book/cheat-sheet`); --output FILE writes elsewhere. Build the site first (`make book`;
`make pdf` does it when there is no built site).
"""

import argparse
import functools
import http.server
import io
import os
import re
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
OUTPUT = ROOT / "_build" / "pdf" / "the-negative-class.pdf"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
# Waits for the page's scripts (MathJax, the explorers), in milliseconds.
MATH_TIMEOUT, EXPLORER_TIMEOUT = 30000, 15000


def toc_pages(toc_path=ROOT / "_toc.yml"):
    """The pages of the book in reading order: the root, then every `file:` of _toc.yml."""
    toc = Path(toc_path).read_text(encoding="utf-8")
    return [re.search(r"^root:\s*(\S+)", toc, re.M).group(1)] + re.findall(r"^\s*-?\s*file:\s*(\S+)", toc, re.M)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory):
    """A local HTTP server for the built site (the pages load their scripts as on the web)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def print_page(browser, url, *, solutions=False):
    """The PDF (bytes) of one page of the site, printed on A4 with the print stylesheet."""
    page = browser.new_page()
    try:
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        if page.locator(".math").count():
            page.wait_for_selector("mjx-container", timeout=MATH_TIMEOUT)
            page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
        if page.locator(".negedu-explorer").count():
            page.wait_for_function("() => [...document.querySelectorAll('.negedu-explorer')]"
                                   ".every(e => e.getAttribute('data-ready') === 'yes')", timeout=EXPLORER_TIMEOUT)
        if solutions:
            page.evaluate("() => document.documentElement.classList.add('negedu-print-solutions')")
        # Every image loaded (lazy ones too), so that none prints blank.
        page.evaluate("""async () => {
            for (const img of document.images) img.loading = 'eager';
            await Promise.all([...document.images].map(img => img.complete ? null :
                new Promise(done => { img.onload = img.onerror = done; })));
        }""")
        page.emulate_media(media="print")
        return page.pdf(format="A4", print_background=True, prefer_css_page_size=True, outline=False)
    finally:
        page.close()


def title_of(html_file):
    match = re.search(r"<title>(.*?)(?:\s*&#8212;.*)?</title>", html_file.read_text(encoding="utf-8", errors="replace"), re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else html_file.stem


def print_book(browser, site, pages, output, *, solutions=False):
    """Print ``pages`` (slugs like "book/intro") of the built ``site`` into one PDF at ``output``.

    Returns the number of A4 pages of each printed page, in order.
    """
    from pypdf import PdfReader, PdfWriter

    missing = [slug for slug in pages if not (Path(site) / f"{slug}.html").exists()]
    if missing:
        raise FileNotFoundError(f"not in the built site {site}: {', '.join(missing)}. Run `make book` first.")
    writer = PdfWriter()
    counts = []
    with serve(site) as url:
        for slug in pages:
            reader = PdfReader(io.BytesIO(print_page(browser, f"{url}/{slug}.html", solutions=solutions)))
            counts.append(len(reader.pages))
            writer.append(reader, outline_item=title_of(Path(site) / f"{slug}.html"))
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    writer.add_metadata({"/Title": "The Negative Class"})
    with open(output, "wb") as handle:
        writer.write(handle)
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--solutions", action="store_true", help="print the solutions of the exercises too")
    parser.add_argument("--pages", nargs="+", metavar="SLUG", help="only these pages (e.g. book/cheat-sheet)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"the PDF to write (default {OUTPUT.relative_to(ROOT)})")
    args = parser.parse_args()
    if not (HTML / "index.html").exists():
        sys.exit("make pdf: FAILED: no built site in _build/html; run `make book` first.")
    if not Path(CHROMIUM).exists():
        sys.exit(f"make pdf: FAILED: Chromium not found at {CHROMIUM} (install Debian's chromium, or set CHROMIUM).")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("make pdf: FAILED: the playwright package is not installed; `make setup` installs requirements.txt.")
    pages = args.pages or toc_pages()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            counts = print_book(browser, HTML, pages, args.output, solutions=args.solutions)
        finally:
            browser.close()
    for slug, count in zip(pages, counts):
        print(f"  {count:3d} pages  {slug}")
    print(f"\nThe book is printed: {args.output} ({sum(counts)} A4 pages"
          f"{', with solutions' if args.solutions else ', without solutions'}).")


if __name__ == "__main__":
    main()
