"""The outcomes tracker as a reader uses it, in Chromium: filtering by clicking, with scripts on
and off, checked against the site's own open data (outcomes.json).

axe and the no-foreign-request check for the tracker, a person page and the event pages with a
follow-up chain are in tests/test_accessibility.py.
"""

from __future__ import annotations

import json

import pytest
from browser import browser, sample_site, site_url  # noqa: F401 - pytest fixtures

TRACKER = {"de": "/de/ergebnisse/", "en": "/en/outcomes/"}
KIND = {"de": "Kontakt", "en": "Contact"}  # the sample's kind facet, as the page names it
STATUS = {"de": "Erledigt", "en": "Done"}
CONTACT = {"de": "/de/ergebnisse/art/contact/", "en": "/en/outcomes/kind/contact/"}


def chains(sample_site, lang: str) -> list[dict]:  # noqa: F811
    """The tracker's rows according to outcomes.json: each chain, taken at its first outcome."""
    data = json.loads((sample_site / lang / TRACKER[lang].strip("/").split("/")[-1] / "outcomes.json")
                      .read_text(encoding="utf-8"))
    return [row for row in data["outcomes"] if not row["follows"]]


def shown_rows(page) -> list[str]:
    """The outcome texts the tracker shows, as a reader sees them."""
    rows = page.locator("ol.tracker > li .commitment-text")
    assert all(rows.nth(i).is_visible() for i in range(rows.count()))
    return sorted(rows.all_inner_texts())


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_reader_narrows_the_tracker_by_kind_then_goes_to_a_status(browser, site_url, sample_site, lang,  # noqa: F811
                                                                     javascript):
    roots = chains(sample_site, lang)
    contact = [row for row in roots if row["kind"] == "contact"]
    done = [row for row in contact if row["latest_status"] == "done"]
    assert contact and done and len(done) < len(contact)  # the sample can show a narrowing at all

    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 360, "height": 800})
    page = context.new_page()
    try:
        page.goto(site_url + TRACKER[lang], wait_until="networkidle")
        assert shown_rows(page) == sorted(row["text"] for row in roots)

        facet = page.locator(".tracker-facets .facet-values a", has_text=KIND[lang])
        assert facet.count() == 1 and facet.is_visible()
        count = facet.locator("xpath=following-sibling::span[@class='count']").inner_text()
        assert int(count) == len(contact)
        facet.click()
        page.wait_for_load_state("networkidle")
        assert page.url == site_url + CONTACT[lang]
        assert KIND[lang] in page.locator("main h1").inner_text()
        assert shown_rows(page) == sorted(row["text"] for row in contact)

        # The status link leads to the heading of its group, which the reader then sees on screen
        # with exactly its outcomes under it.
        status = page.locator(".tracker-filter a", has_text=STATUS[lang])
        assert status.is_visible() and status.inner_text() == f"{STATUS[lang]} ({len(done)})"
        status.click()
        page.wait_for_function("location.hash === '#status-done'")
        heading = page.locator("#status-done")
        assert heading.inner_text() == f"{STATUS[lang]} ({len(done)})"
        box = heading.bounding_box()
        assert box is not None and -2 < box["y"] < 800  # scrolled into the window (to its top, give or take a subpixel)
        group = page.locator("section.status-group", has=heading)
        assert sorted(group.locator(".commitment-text").all_inner_texts()) == sorted(row["text"] for row in done)

        # Back to everything: the way out of a filter is a visible link too.
        page.locator("main p.eyebrow a").click()
        page.wait_for_load_state("networkidle")
        assert page.url == site_url + TRACKER[lang]
        assert shown_rows(page) == sorted(row["text"] for row in roots)
    finally:
        context.close()
