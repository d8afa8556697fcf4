"""Accessibility: zero axe-core violations (WCAG 2.2 A/AA) in headless Chromium,
light and dark, both languages; and no request to any host but the site's.

axe-core comes from the ``axe-playwright-python`` package (it ships
``axe.min.js``); Chromium is Debian's. See tests/browser.py.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser import browser, require, sample_site, site_url  # noqa: F401 - pytest fixtures

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
EVENT = {
    "de": "/de/veranstaltungen/2023-09-05-netzwerktreffen-regionen-im-dialog/",
    "en": "/en/events/2023-09-05-network-meeting-regions-in-dialogue/",
}
PAGES = [
    *(("home", f"/{lang}/") for lang in ("de", "en")),
    *(("event", EVENT[lang]) for lang in ("de", "en")),
    ("list", "/de/veranstaltungen/"), ("list", "/en/events/"),
    ("search", "/de/suche/"), ("search", "/en/search/"),
    # The outcomes tracker, one of its filter pages, a person page, and both ends of the
    # sample's follow-up chain (Dec 2023 -> Oct 2024).
    ("tracker", "/de/ergebnisse/"), ("tracker", "/en/outcomes/"),
    ("tracker", "/en/outcomes/kind/contact/"), ("tracker", "/de/ergebnisse/jahre/2023/"),
    ("person", "/de/personen/martin-ebeling/"), ("person", "/en/people/martin-ebeling/"),
    ("follow-up", "/de/veranstaltungen/2023-12-06-themenkreis-nachhaltiger-wiederaufbau-der-wirtschaft/"),
    ("follow-up", "/en/events/2024-10-15-deep-dive-automotive-and-tech/"),
]
QUERY = {"de": "Netzwerk", "en": "network"}


@pytest.fixture(scope="module")
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        require(False, "the axe-playwright-python package is missing (pip install -e '.[test]')")
    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("kind", "path"), PAGES, ids=[path for _, path in PAGES])
def test_no_axe_violations_and_no_foreign_requests(browser, site_url, axe, kind, path, scheme):  # noqa: F811
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        response = page.goto(site_url + path, wait_until="networkidle")
        assert response is not None and response.status == 200, path
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
        if kind == "event":
            assert page.locator("figure.image img").count() >= 1  # the images are checked as well
        if kind == "tracker":
            assert page.locator("ol.tracker > li").count() >= 1
        if kind == "person":
            assert page.locator("main li a[href*='/veranstaltungen/'], main li a[href*='/events/']").count() >= 1
        if kind == "follow-up":
            assert page.locator(".came-of-it a, p.follows a").count() >= 1
            assert page.locator("ol.timeline").count() >= 1
        if kind == "search":
            # Check the search box with results in it, as a reader sees it.
            lang = path.split("/")[1]
            page.fill(".pagefind-ui__search-input", QUERY[lang])
            page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
            page.wait_for_load_state("networkidle")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, results.generate_report()
        own = urlsplit(site_url).netloc
        foreign = [url for url in requested if urlsplit(url).scheme not in ("data", "blob")
                   and urlsplit(url).netloc != own]
        assert foreign == []
        assert any(url.endswith(".css") for url in requested)  # requests were seen at all
    finally:
        context.close()
