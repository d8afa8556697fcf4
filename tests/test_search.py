"""Search: Pagefind's index per language, filters, the search page, --no-search.

The index is checked the way a reader uses it: Pagefind's own JavaScript,
in headless Chromium, on the built sample site (see tests/browser.py).
"""

from __future__ import annotations

import json

import pytest
from browser import browser, sample_site, site_url  # noqa: F401 - pytest fixtures
from conftest import build, run, soup

from recap_site import builder
from recap_site.errors import RecapError

# Fixture sites ---------------------------------------------------------------------
def test_each_language_gets_its_own_index(site):
    out = build(site())
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    # One event page per language: only pages marked data-pagefind-body are indexed.
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {"de": 1, "en": 1}
    assert (out / "pagefind/pagefind-ui.js").is_file() and (out / "pagefind/pagefind-ui.css").is_file()


def test_event_pages_carry_the_filters(site):
    out = build(site(), "--no-search")
    page = soup(out / "en/events/2023-09-05-meeting/index.html")
    body = page.select_one("[data-pagefind-body]")
    assert body.name == "article"
    filters = {(tag["data-pagefind-filter"], tag.get_text(strip=True)) for tag in body.select("[data-pagefind-filter]")}
    assert filters == {
        ("Event type", "Network meeting"), ("Format", "In person"), ("Year:2023", "September 5, 2023"),
        ("Organization", "Chamber of Commerce"), ("Topic", "Energy"),
    }
    # Filter names are in the page's language: each language has its own index.
    german = soup(out / "de/veranstaltungen/2023-09-05-treffen/index.html").select("[data-pagefind-filter]")
    assert {tag["data-pagefind-filter"] for tag in german} == {
        "Veranstaltungsart", "Format", "Jahr:2023", "Organisation", "Thema"}
    # Lists and the home page are not search results.
    assert soup(out / "en/index.html").select("[data-pagefind-body]") == []


def test_the_search_page_works_without_javascript_by_saying_so(site):
    out = build(site(), "--no-search")
    for path, segment_lang, years, topics in (
        ("de/search/index.html", "de", "/de/years/", "/de/topics/"),
        ("en/search/index.html", "en", "/en/years/", "/en/topics/"),
    ):
        events = "/de/veranstaltungen/" if segment_lang == "de" else "/en/events/"
        page = soup(out / path)
        assert page.html["lang"] == segment_lang
        assert "JavaScript" in page.find("noscript").get_text()
        lang = segment_lang
        # All events first, then what the notice names: "the lists below" (it named two of five).
        assert "lists below" in page.find("noscript").get_text() or "Listen unten" in page.find("noscript").get_text()
        assert [a["href"] for a in page.select(".browse a")] == [
            events, years, topics, f"/{lang}/organizations/", f"/{lang}/regions/", f"/{lang}/series/"]
        scripts = [s["src"] for s in page.find_all("script")]
        assert scripts == ["/pagefind/pagefind-ui.js", "/assets/js/search.js"]  # the site's own, no CDN
        assert page.select_one("#search")["data-base-url"] == "/"
    assert not (out / "pagefind").exists()  # --no-search
    nav = soup(out / "de/index.html").select(".site-nav a")
    assert ("Suche", "/de/search/") in [(a.get_text(), a["href"]) for a in nav]


def test_the_search_segment_comes_from_site_yaml(site):
    from conftest import SITE_YAML
    root = site({"content/site.yaml": SITE_YAML + "  search: {de: suche, en: find}\n"})
    out = build(root, "--no-search", "--base-url", "https://example.org/recaps/")
    assert (out / "de/suche/index.html").is_file() and (out / "en/find/index.html").is_file()
    assert soup(out / "en/find/index.html").select_one("#search")["data-base-url"] == "/recaps/"


def test_a_page_may_not_take_the_search_folder(site):
    root = site({"content/pages/pagefind/de.md": "---\ntitle: X\n---\nText\n"})
    result = run("check", "--source", str(root))
    assert result.exit_code == 1
    assert "content/pages/pagefind: error: page folder name 'pagefind' is a reserved name" in result.output


def test_the_index_is_swapped_in_with_its_pages_or_not_at_all(site, monkeypatch):
    root = site()
    out = build(root)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))

    def broken_index(folder):
        assert (folder / "en/events/2023-09-05-meeting/index.html").is_file()  # runs on the new folder
        raise RecapError("search: Pagefind could not index the site: boom")

    monkeypatch.setattr(builder, "index_site", broken_index)
    (root / "content/events/2023-09-05-treffen/de.md").write_text("Geändert.\n", encoding="utf-8")
    with pytest.raises(RecapError, match="boom"):
        builder.build(root, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert [p.name for p in out.parent.iterdir() if ".new-" in p.name] == []  # no staging folder left


# The real index, in a browser --------------------------------------------------------
SEARCH = """async (query) => {
  const pagefind = await import('/pagefind/pagefind.js');
  const filters = await pagefind.filters();
  const found = await pagefind.search(query);
  const results = await Promise.all(found.results.map(r => r.data()));
  return {filters, urls: results.map(r => r.url)};
}"""


@pytest.mark.parametrize(("lang", "path", "query", "names", "kinds", "years"), [
    ("de", "/de/suche/", "Netzwerk", ("Thema", "Organisation", "Jahr", "Veranstaltungsart", "Format"),
     {"Netzwerktreffen", "Workshop", "Forum"}, {"2020", "2023", "2024"}),
    ("en", "/en/search/", "network", ("Topic", "Organization", "Year", "Event type", "Format"),
     {"Network meeting", "Workshop", "Forum"}, {"2020", "2023", "2024"}),
])
def test_search_finds_pages_in_the_readers_language(browser, site_url, lang, path, query,  # noqa: F811
                                                    names, kinds, years):
    page = browser.new_page()
    try:
        page.goto(site_url + path)
        found = page.evaluate(SEARCH, query)
        assert found["urls"], f"no results for {query!r}"
        assert all(url.startswith(f"/{lang}/") for url in found["urls"])
        topic, organization, year, kind, format_ = names
        assert set(found["filters"]) == {topic, organization, year, kind, format_}
        assert set(found["filters"][kind]) == kinds
        assert set(found["filters"][year]) == years
        # The search box the reader sees: Pagefind's UI, started by assets/js/search.js.
        page.fill(".pagefind-ui__search-input", query)
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        links = [a.get_attribute("href") for a in page.query_selector_all(".pagefind-ui__result-link")]
        assert links and all(link.startswith(f"/{lang}/") for link in links)
    finally:
        page.close()


def test_the_query_is_kept_in_the_address_and_taken_by_the_language_switcher(browser, site_url):  # noqa: F811
    """Found by a fresh-eyes reader: /de/suche/?q=… searched nothing, reloading lost the query,
    and the switch to English dropped it."""
    page = browser.new_page()
    try:
        page.goto(site_url + "/de/suche/?q=Netzwerk")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        assert page.locator(".pagefind-ui__search-input").input_value() == "Netzwerk"
        page.fill(".pagefind-ui__search-input", "Wiederaufbau Ukraine")
        page.wait_for_function("() => location.search === '?q=Wiederaufbau%20Ukraine'", timeout=15000)
        english = page.locator("nav.languages a[hreflang=en]")
        assert english.get_attribute("href").endswith("/en/search/?q=Wiederaufbau%20Ukraine")
        english.click()
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        assert page.locator(".pagefind-ui__search-input").input_value() == "Wiederaufbau Ukraine"
        assert all(link.startswith("/en/") for link in
                   (a.get_attribute("href") for a in page.query_selector_all(".pagefind-ui__result-link")))
        page.reload()
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        assert page.locator(".pagefind-ui__search-input").input_value() == "Wiederaufbau Ukraine"
        page.fill(".pagefind-ui__search-input", "")  # cleared: the address forgets it
        page.wait_for_function("() => location.search === ''", timeout=15000)
        german = page.locator("nav.languages a[hreflang=de]").get_attribute("href")
        assert german.endswith("/de/suche/"), german
    finally:
        page.close()


EXCERPTS = """async (query) => {
  const pagefind = await import('/pagefind/pagefind.js');
  const found = await pagefind.search(query);
  const results = await Promise.all(found.results.map(r => r.data()));
  return results.map(r => [r.url, r.excerpt, r.content]);
}"""


def test_an_outcome_s_link_sign_is_not_read_into_the_index(browser, site_url):  # noqa: F811
    """Found by a fresh-eyes reader: the '#' that links to an outcome stood in the results'
    excerpts ("… and biomethane. # Next event Planned A …"), a sign for the eye, not a word."""
    page = browser.new_page()
    try:
        page.goto(site_url + "/en/search/")
        results = page.evaluate(EXCERPTS, "biomethane")
        event = [content for url, excerpt, content in results if url.startswith("/en/events/2023-12-06-")]
        assert event, [url for url, _, _ in results]
        assert "Next event" in event[0]  # the outcome's own words are found
        assert " # " not in event[0]
    finally:
        page.close()
