"""Shared pieces of the browser tests: the sample site, a local server, headless Chromium.

Chromium is Debian's (``/usr/bin/chromium``), driven by Playwright through
``executable_path``: nothing downloads a browser. Under CI (``CI=true``) a
missing browser or package fails the tests; locally they skip, saying why.
"""

from __future__ import annotations

import functools
import shutil
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest
from conftest import IN_CI, REPO

from recap_site import builder

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def require(ok: bool, reason: str) -> None:
    """Skip locally, fail under CI."""
    if not ok:
        if IN_CI:
            pytest.fail(f"{reason} (required under CI)")
        pytest.skip(reason)


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    require(path is not None, "Chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    """The repository's sample site, built once with its search index."""
    out = tmp_path_factory.mktemp("sample") / "public"
    builder.build(REPO, out)
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - http.server API
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at an ephemeral port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def opened(browser, url: str, width: int = 1280, height: int = 900, **options) -> Iterator:
    """A page of ``browser`` at ``width`` × ``height`` CSS px with ``url`` loaded; closed after."""
    page = browser.new_page(viewport={"width": width, "height": height}, **options)
    try:
        page.goto(url, wait_until="networkidle")
        yield page
    finally:
        page.close()


@pytest.fixture(scope="module")
def site_url(sample_site) -> Iterator[str]:
    with serve(sample_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright package is missing (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
