"""Shared fixtures: the built site, a local server for it, and headless Chromium.

The book is built once per test session (``built_site``); the build test and the
browser tests share it. Browser tests need Debian's Chromium at /usr/bin/chromium (or
$CHROMIUM); without it they are skipped with a one-line reason, except in CI (CI=true),
where a missing browser is a failure.

``NEGEDU_BUILT_SITE=_build/html`` runs the browser tests on a site built before, without
building it again (for working on the site's pages; ``make test`` always builds).
"""

import functools
import gzip
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

_build_result = {}


def build_site():
    """Run the book build once per session and return (returncode, output, html_dir)."""
    if not _build_result:
        proc = subprocess.run(
            [sys.executable, str(ROOT / "book" / "_tools" / "build.py")],
            cwd=ROOT, capture_output=True, text=True,
        )
        _build_result.update(code=proc.returncode, output=proc.stdout + proc.stderr, html=ROOT / "_build" / "html")
    return _build_result["code"], _build_result["output"], _build_result["html"]


@pytest.fixture(scope="session")
def built_site():
    if os.environ.get("NEGEDU_BUILT_SITE"):
        html = (ROOT / os.environ["NEGEDU_BUILT_SITE"]).resolve()
        if not (html / "index.html").exists():
            pytest.fail(f"NEGEDU_BUILT_SITE={os.environ['NEGEDU_BUILT_SITE']} has no index.html; build the book first.")
        return html
    code, output, html = build_site()
    if code != 0:
        tail = "\n".join(output.splitlines()[-40:])
        pytest.fail(f"the book did not build (exit {code}):\n{tail}")
    return html


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host does: text (HTML, CSS, JavaScript, JSON, SVG) gzipped
    for a browser that accepts it, so that the weights the tests measure are what travels."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".txt", ".map")

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if not (path.is_file() and path.suffix in self.COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@functools.lru_cache(maxsize=512)
def _gzipped(path, mtime_ns):
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


@pytest.fixture(scope="session")
def site_url(built_site):
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (install Debian's chromium, or set CHROMIUM)"
        if IN_CI:
            pytest.fail(message + "; CI must run the browser tests")
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            pytest.fail("playwright (Python client) is not installed")
        pytest.skip("playwright is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


def local_host(url):
    return re.match(r"^(https?://127\.0\.0\.1(:\d+)?/|data:|blob:|about:)", url) is not None
