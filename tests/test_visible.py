"""What readers see, asserted in Chromium on what is visible (not only on
the markup, which axe and the validator check).

Chromium is Debian's, driven by Playwright (tests/browser.py).
"""

from __future__ import annotations

import pytest
from browser import browser, sample_site, serve, site_url  # noqa: F401 - pytest fixtures
from conftest import REPO

from recap_site import builder

SEARCH = {"de": "/de/suche/", "en": "/en/search/"}
UNAVAILABLE = {"de": "Die Suche ist auf dieser Fassung der Seite nicht verfügbar",
               "en": "Search is not available on this copy of the site"}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_search_notice_is_hidden_where_search_works(browser, site_url, lang):  # noqa: F811
    page = browser.new_page()
    try:
        page.goto(site_url + SEARCH[lang], wait_until="networkidle")
        page.wait_for_selector(".pagefind-ui__search-input", state="visible", timeout=15000)
        notice = page.locator("#search-unavailable")
        assert UNAVAILABLE[lang] in notice.inner_text()  # it is there, for when search fails …
        assert notice.is_hidden()  # … and nobody sees it while search works
    finally:
        page.close()


@pytest.fixture(scope="module")
def site_without_search(tmp_path_factory):
    out = tmp_path_factory.mktemp("no-search") / "public"
    builder.build(REPO, out, search=False)
    with serve(out) as url:
        yield url


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_search_notice_is_shown_where_search_is_missing(browser, site_without_search, lang):  # noqa: F811
    page = browser.new_page()
    try:
        page.goto(site_without_search + SEARCH[lang], wait_until="networkidle")
        notice = page.locator("#search-unavailable")
        notice.wait_for(state="visible", timeout=15000)
        assert notice.inner_text().startswith(UNAVAILABLE[lang])
    finally:
        page.close()


LINES_OF = """element => {
  const range = document.createRange();
  range.selectNodeContents(element);
  return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
}"""


@pytest.mark.parametrize("width", [360, 768, 1280])
@pytest.mark.parametrize("path", ["/de/ergebnisse/", "/en/outcomes/"])
def test_every_status_badge_is_on_one_line(browser, site_url, path, width):  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(site_url + path, wait_until="networkidle")
        badges = page.locator(".badge")
        assert badges.count() >= 10
        wrapped = [badges.nth(i).inner_text() for i in range(badges.count())
                   if badges.nth(i).evaluate(LINES_OF) != 1]
        assert wrapped == []
    finally:
        page.close()
