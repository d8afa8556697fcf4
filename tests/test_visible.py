"""What readers see, asserted in Chromium on what is visible (not only on
the markup, which axe and the validator check).

Chromium is Debian's, driven by Playwright (tests/browser.py).
"""

from __future__ import annotations

import pytest
from browser import browser, opened, sample_site, serve, site_url  # noqa: F401 - pytest fixtures
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
        # It points to the lists below it, which begin with all events (it named the years and topics alone).
        assert notice.inner_text().endswith(
            {"de": "Die Listen unten führen ebenso zu allen Veranstaltungen.",
             "en": "The lists below lead to every event as well."}[lang])
        first = page.locator("main ul a").first
        assert first.is_visible() and first.inner_text() == {"de": "Alle Veranstaltungen", "en": "All events"}[lang]
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


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(part) for part in css[css.index("(") + 1:css.index(")")].split(",")[:3])


def _contrast(one: tuple[float, ...], other: tuple[float, ...]) -> float:
    """WCAG's contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_box_placeholder_can_be_read(browser, site_url, scheme):  # noqa: F811
    """WCAG 1.4.3: the placeholder ("Suche") at 4.5:1 against the box, opacity included."""
    page = browser.new_page(color_scheme=scheme)
    try:
        page.goto(site_url + SEARCH["de"], wait_until="networkidle")
        field = page.locator(".pagefind-ui__search-input")
        field.wait_for(state="visible", timeout=15000)
        color, opacity, background = page.evaluate("""() => {
            const input = document.querySelector('.pagefind-ui__search-input');
            const placeholder = getComputedStyle(input, '::placeholder');
            return [placeholder.color, placeholder.opacity, getComputedStyle(input).backgroundColor]; }""")
        back = _rgb(background)
        alpha = float(opacity)
        shown = tuple(alpha * fore + (1 - alpha) * behind for fore, behind in zip(_rgb(color), back))
        assert _contrast(shown, back) >= 4.5, (color, opacity, background)
    finally:
        page.close()


PAGE_TYPES = {
    "home": "/de/", "list": "/en/events/", "year": "/de/jahre/2023/", "terms": "/en/topics/",
    "term": "/de/themen/fachkraefte/", "series": "/en/series/",
    "event with pictures": "/de/veranstaltungen/2023-09-05-netzwerktreffen-regionen-im-dialog/",
    "event": "/en/events/2020-07-29-german-russian-business-talks-alumni-for-alumni/",
    "outcomes": "/de/ergebnisse/", "search": "/en/search/", "404": "/404.html", "page": "/de/ueber-uns/",
}


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_page_scrolls_sideways_at_320_css_pixels(browser, site_url, sample_site, kind):  # noqa: F811
    """WCAG 1.4.10 (reflow): at 320 CSS px the page itself never scrolls sideways (a data table
    may scroll inside its own box, which WCAG allows)."""
    path = PAGE_TYPES[kind]
    local = sample_site / path.strip("/")
    assert local.exists() or (local / "index.html").exists(), path  # the page the test means is there
    page = browser.new_page(viewport={"width": 320, "height": 800})
    try:
        page.goto(site_url + path, wait_until="networkidle")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, (path, width)
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_without_javascript_the_search_page_says_so_and_offers_its_browse_links(browser, site_url, lang):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + SEARCH[lang], wait_until="networkidle")
        assert page.locator(".pagefind-ui__search-input").count() == 0  # no search box without script
        needs = page.locator("main noscript + *, main .notice").filter(has_text="JavaScript")
        assert needs.count() >= 1 and needs.first.is_visible()
        links = page.locator("section.browse a")
        assert links.count() == 7  # all events, years, topics, organizations, regions, series, people
        for index in range(links.count()):
            assert links.nth(index).is_visible()
        first = links.first.get_attribute("href")
        page.goto(site_url + first if first.startswith("/") else first)
        assert page.locator("h1").is_visible()
    finally:
        context.close()


# What Tab stops at: links, controls, and a box made focusable on purpose (a table that scrolls).
FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex="0"]'
FOCUS_STYLE = """() => {
  const FOCUSABLE = '""" + FOCUSABLE + """';
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {tag: element.tagName, text: (element.innerText || element.value || "").trim().slice(0, 40),
          outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
          shadow: style.boxShadow !== "none", visible: box.width > 0 && box.height > 0,
          index: [...document.querySelectorAll(FOCUSABLE)].indexOf(element)};
}"""


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_tab_reaches_every_link_in_order_with_a_visible_focus(browser, site_url, kind):  # noqa: F811
    """WCAG 2.4.3 and 2.4.7: Tab goes through every link, button and field of the page, each
    once, in the order of the document (text, then the facts beside it), and each shows a focus
    outline (computed style)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(site_url + PAGE_TYPES[kind], wait_until="networkidle")
        if kind == "search":  # Pagefind's box comes with its script
            page.wait_for_selector(".pagefind-ui__search-input", state="visible", timeout=15000)
        targets = page.evaluate("""FOCUSABLE => [...document.querySelectorAll(FOCUSABLE)]
            .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden').length""", FOCUSABLE)
        seen = []
        for _ in range(targets + 1):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STYLE)
            if state["tag"] == "BODY":
                break
            seen.append(state)
        assert len(seen) >= targets  # the skip link comes into view when focused, so it counts too
        assert [s for s in seen if not (s["outline"] or s["shadow"])] == []
        assert [s for s in seen if not s["visible"]] == []
        order = [s["index"] for s in seen]
        assert order == sorted(set(order)), order  # each once, none skipped back to
    finally:
        page.close()


# WCAG 1.4.12's override: what a reader's own style sheet may set.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"""
CLIPPED = """() => [...document.querySelectorAll('body *')].filter(element => {
  if (element.closest('.visually-hidden') || !element.textContent.trim()) return false;
  const style = getComputedStyle(element);
  const clips = value => ['hidden', 'clip'].includes(value);
  return (clips(style.overflowX) && element.scrollWidth > element.clientWidth + 1)
      || (clips(style.overflowY) && element.scrollHeight > element.clientHeight + 1);
}).map(element => element.tagName + '.' + element.className + ': ' + element.textContent.trim().slice(0, 40))"""


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_wider_text_spacing_loses_no_content(browser, site_url, kind, width):  # noqa: F811
    """WCAG 1.4.12: with the text-spacing override no text is cut off by its box, and the page
    does not start scrolling sideways."""
    # A reader's own style sheet is not bound by the site's Content-Security-Policy.
    page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
    try:
        page.goto(site_url + PAGE_TYPES[kind], wait_until="networkidle")
        page.add_style_tag(content=TEXT_SPACING)
        assert page.evaluate("() => getComputedStyle(document.querySelector('main')).letterSpacing") != "normal"
        assert page.evaluate(CLIPPED) == []
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    finally:
        page.close()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", ["/de/veranstaltungen/2023-09-05-netzwerktreffen-regionen-im-dialog/",
                                  "/en/events/2023-09-05-network-meeting-regions-in-dialogue/"])
def test_an_event_page_shows_its_facts_programme_outcomes_and_quotes(browser, site_url, path, width):  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(site_url + path, wait_until="networkidle")
        for selector in ("h1", "aside.facts dl", "#programme-heading", "ol.programme > li h3",
                         "#outcomes-heading", ".outcome-list li", "#quotes-heading", "figure.quote blockquote",
                         "section.recap p"):
            element = page.locator(selector).first
            assert element.is_visible(), selector
            box = element.bounding_box()
            assert box["width"] > 20 and box["height"] > 5 and box["x"] >= 0 and box["x"] + box["width"] <= width, \
                (selector, box)
    finally:
        page.close()


@pytest.mark.parametrize("kind", sorted(set(PAGE_TYPES) - {"404"}))
def test_the_language_switcher_leads_to_the_same_page(browser, site_url, kind):  # noqa: F811
    """Its link goes to this page in the other language, whose own switcher leads back here."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        start = site_url + PAGE_TYPES[kind]
        page.goto(start, wait_until="networkidle")
        here = page.evaluate("document.documentElement.lang")
        other = page.locator("nav.languages a").first
        assert other.is_visible()
        other_lang = other.get_attribute("hreflang")
        other.click()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == other_lang != here
        assert page.locator("h1").first.is_visible()
        back = page.locator(f"nav.languages a[hreflang={here}]")
        assert site_url + back.get_attribute("href") == start
    finally:
        page.close()


# Every page type in both languages (the 404 page is one page for all).
BOTH_LANGUAGES = {
    "home": ("/de/", "/en/"), "list": ("/de/veranstaltungen/", "/en/events/"),
    "year": ("/de/jahre/2023/", "/en/years/2023/"), "terms": ("/de/themen/", "/en/topics/"),
    "term": ("/de/themen/fachkraefte/", "/en/topics/fachkraefte/"),
    "series": ("/de/reihen/ukraine-wirtschaftsdialog/", "/en/series/ukraine-wirtschaftsdialog/"),
    "event with pictures": ("/de/veranstaltungen/2023-09-05-netzwerktreffen-regionen-im-dialog/",
                            "/en/events/2023-09-05-network-meeting-regions-in-dialogue/"),
    "event": ("/de/veranstaltungen/2020-07-29-deutsch-russische-unternehmergespraeche-alumni-fuer-alumni/",
              "/en/events/2020-07-29-german-russian-business-talks-alumni-for-alumni/"),
    "outcomes": ("/de/ergebnisse/", "/en/outcomes/"), "search": ("/de/suche/", "/en/search/"),
    "404": ("/404.html", "/404.html"), "page": ("/de/ueber-uns/", "/en/about/"),
}
HIDDEN_BUT_SHOWN = """() => [...document.querySelectorAll('[hidden]')].filter(element => {
  const box = element.getBoundingClientRect();
  return getComputedStyle(element).display !== 'none' && box.width > 0 && box.height > 0;
}).map(element => element.tagName + '#' + element.id + ': ' + element.textContent.trim().slice(0, 60))"""


@pytest.mark.parametrize("lang", [0, 1], ids=["de", "en"])
@pytest.mark.parametrize("kind", sorted(BOTH_LANGUAGES))
def test_every_page_type_shows_its_parts_and_nothing_marked_hidden(browser, site_url, kind, lang):  # noqa: F811
    """The header, the title, the content and the footer are on screen; nothing with the hidden
    attribute is (the search notice under working results was such a case)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(site_url + BOTH_LANGUAGES[kind][lang], wait_until="networkidle")
        if kind == "search":
            page.wait_for_selector(".pagefind-ui__search-input", state="visible", timeout=15000)
        # The 404 page is in no language of its own: no menu or footer in one (test_core_pages).
        parts = ("header.site-header", "nav.languages", "main h1", "main") + (("footer.site-footer",)
                                                                              if kind != "404" else ())
        for selector in parts:
            assert page.locator(selector).first.is_visible(), selector
        assert page.locator("main").inner_text().strip() != ""
        assert page.evaluate(HIDDEN_BUT_SHOWN) == []
        if kind != "404":
            assert page.evaluate("document.documentElement.lang") == ("de", "en")[lang]
    finally:
        page.close()


@pytest.mark.parametrize("kind", sorted(BOTH_LANGUAGES))
def test_without_javascript_every_page_type_works(browser, site_url, kind):  # noqa: F811
    """With scripts off, each page type shows its title and content, its links lead somewhere,
    and nothing marked hidden shows up (only the search box needs a script)."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        for path in BOTH_LANGUAGES[kind]:
            page.goto(site_url + path, wait_until="networkidle")
            assert page.locator("main h1").first.is_visible(), path
            assert len(page.locator("main").inner_text().strip()) > 20, path
            assert page.evaluate(HIDDEN_BUT_SHOWN) == [], path
            link = page.locator("main a[href^='/'][href$='/']").first  # a page, not a file to download
            if link.count():
                target = link.get_attribute("href")
                response = page.goto(site_url + target)
                assert response.status == 200 and page.locator("h1").first.is_visible(), (path, target)
    finally:
        context.close()


WIDE_TABLE = """\
Text.

| Thema | Verantwortlich | Frist |
|---|---|---|
| Wärmeatlas für die Oberlausitz mit Fördermittelberatung | Energieagentur Sachsen, Regionalbüro Görlitz | 31.03.2026 |
| Netzwerktreffen Kreislaufwirtschaft | Industrie- und Handelskammer Dresden | Herbst 2026 |
"""


@pytest.mark.parametrize("width", [320, 390])
def test_a_wide_table_in_a_recap_scrolls_in_its_box_not_the_page(browser, tmp_path, width):  # noqa: F811
    # A reviewer's phone: the table widened the event's column, and the facts and every paragraph
    # were cut off at the screen's right edge.
    from conftest import MINIMAL, write_site

    root = tmp_path / "site"
    write_site(root, {**MINIMAL, "content/events/2023-09-05-treffen/de.md": WIDE_TABLE})
    builder.build(root, root / "public", search=False)
    with serve(root / "public") as url, \
            opened(browser, url + "/de/veranstaltungen/2023-09-05-treffen/", width, 800) as page:
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        box = page.locator(".recap .table-wrap")
        assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # the table scrolls in its box …
        assert page.get_by_role("region", name="Thema").count() == 1  # … named for a screen reader …
        box.focus()  # … which the keyboard reaches and scrolls too
        assert page.evaluate("() => document.activeElement.classList.contains('table-wrap')")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => document.querySelector('.recap .table-wrap').scrollLeft > 0")


def test_the_pages_content_keeps_its_distance_from_header_and_footer(browser, site_url):  # noqa: F811
    # .wrap's padding won over main's by specificity: the title sat against the header's line.
    with opened(browser, site_url + "/de/jahre/2023/") as page:
        gaps = page.evaluate("""() => {
            const main = document.querySelector('main'), title = main.querySelector('h1');
            const header = document.querySelector('header').getBoundingClientRect();
            return [parseFloat(getComputedStyle(main).paddingTop), parseFloat(getComputedStyle(main).paddingBottom),
                    title.getBoundingClientRect().top - header.bottom];
        }""")
        assert gaps[0] >= 16 and gaps[1] >= 32 and gaps[2] >= 16, gaps


def test_the_people_are_in_the_menu_and_a_persons_page_is_marked_in_it(browser, site_url):  # noqa: F811
    # The people's page was reached from a person's page alone, and a person's page marked no menu item.
    with opened(browser, site_url + "/de/personen/inna-nelles/", 360) as page:
        item = page.locator(".site-nav").get_by_role("link", name="Personen", exact=True)
        assert item.is_visible() and item.get_attribute("href") == "/de/personen/"
        assert item.get_attribute("aria-current") == "true"
    with opened(browser, site_url + "/en/search/", 1280) as page:  # and among the ways to browse
        assert page.locator(".browse").get_by_role("link", name="People", exact=True).get_attribute("href") \
            == "/en/people/"


def test_a_years_page_leads_back_to_the_years(browser, site_url):  # noqa: F811
    # A year's page was a dead end: topic, organization and person pages had their way back, it had none.
    with opened(browser, site_url + "/de/jahre/2023/", 360) as page:
        back = page.locator("main").get_by_role("link", name="Jahre", exact=True)
        assert back.is_visible() and back.get_attribute("href") == "/de/jahre/"
        assert back.evaluate("e => e.getBoundingClientRect().bottom") < page.locator("main h1").evaluate(
            "e => e.getBoundingClientRect().top")  # above the title, as on a topic's page


def test_a_tall_facts_box_scrolls_so_its_last_link_can_be_seen_when_focused(browser, site_url):  # noqa: F811
    # At 1280 × 720 the box of this event is taller than the window: it stuck with its end out of sight.
    with opened(browser, site_url + "/de/veranstaltungen/2024-10-15-deep-dive-automotive-tech/", 1280, 720) as page:
        box = page.locator(".facts")
        assert box.evaluate("e => e.scrollHeight > e.clientHeight")  # the premise: it does not fit
        page.mouse.wheel(0, 600)
        last = page.locator(".facts a").last
        last.focus()
        assert last.evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight }")


def test_the_search_filters_checkboxes_keep_their_size_and_can_be_seen(browser, site_url):  # noqa: F811
    with opened(browser, site_url + "/en/search/", 390, 844) as page:
        page.wait_for_selector(".pagefind-ui__search-input", state="visible", timeout=15000)
        page.fill(".pagefind-ui__search-input", "Fachkräfte")
        page.wait_for_selector(".pagefind-ui__filter-checkbox", state="attached", timeout=15000)
        page.evaluate("() => document.querySelectorAll('.pagefind-ui details').forEach(d => d.open = true)")
        page.wait_for_function("() => [...document.querySelectorAll('.pagefind-ui__filter-checkbox')]"
                               ".some(e => e.getClientRects().length)")
        found = page.evaluate("""() => [...document.querySelectorAll('.pagefind-ui__filter-checkbox')]
            .filter(e => e.getClientRects().length)
            .map(e => [e.getBoundingClientRect().width, getComputedStyle(e).borderTopColor,
                       getComputedStyle(e.closest('.search') || document.body).backgroundColor])""")
        assert found and all(width >= 12 for width, _, _ in found), found
        for _, border, background in found:
            assert _contrast(_rgb(border), _rgb(background)) >= 3, (border, background)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_series_part_s_card_ends_above_the_next_part_s_label(browser, site_url, width):  # noqa: F811
    # .card's height: 100% plus the part's label above it: the card ran over the next label by ~30 px.
    with opened(browser, site_url + "/en/series/ukraine-wirtschaftsdialog/", width) as page:
        parts = page.evaluate("""() => [...document.querySelectorAll('.series-parts > li')].map(li => {
            const card = li.querySelector('.card').getBoundingClientRect(), item = li.getBoundingClientRect();
            return [card.bottom, item.bottom, li.querySelector('.part').getBoundingClientRect().top];
        })""")
        assert len(parts) == 2
        for card_bottom, item_bottom, _ in parts:
            assert card_bottom <= item_bottom + 0.5, parts
        if width == 390:  # one above the other: the first card ends above the second label
            assert parts[0][0] < parts[1][2], parts


def test_search_filters_stand_where_tab_meets_them_and_the_first_result_is_on_a_phone_s_screen(browser, site_url):  # noqa: F811
    """The filters, folded, stand above the results as in the document (drawn below them, the
    keyboard went to them before the results: WCAG 2.4.3), and leave room for the first result."""
    with opened(browser, site_url + "/en/search/", 360, 740) as page:
        page.wait_for_selector(".pagefind-ui__search-input", state="visible", timeout=15000)
        clear = page.locator(".pagefind-ui__search-clear")
        assert clear.evaluate("e => getComputedStyle(e).visibility") == "hidden"  # no unseen Tab stop
        page.fill(".pagefind-ui__search-input", "Ukraine")
        page.wait_for_selector(".pagefind-ui__result", timeout=15000)
        first = page.locator(".pagefind-ui__result").first.bounding_box()
        assert first["y"] + 40 < 740, first  # the first result is on the screen, below the folded filters
        filters = page.locator(".pagefind-ui__filter-panel").bounding_box()
        assert filters["y"] + filters["height"] <= first["y"], (filters, first)  # drawn in the document's order
        assert page.locator(".pagefind-ui__filter-block[open]").count() == 0
        found = page.evaluate("""() => ({
            fieldsets: [...document.querySelectorAll('.pagefind-ui fieldset')].map(f => getComputedStyle(f).borderTopStyle),
            clear: getComputedStyle(document.querySelector('.pagefind-ui__search-clear')).borderTopStyle,
            thumbs: [...document.querySelectorAll('.pagefind-ui__result')].map(r => {
                const thumb = r.querySelector('.pagefind-ui__result-thumb');
                return [!!(thumb && thumb.querySelector('img')), !!(thumb && thumb.getClientRects().length)];
            }),
        })""")
        assert found["fieldsets"] and set(found["fieldsets"]) == {"none"}, found
        assert found["clear"] == "none", found
        assert all(has_picture == shown for has_picture, shown in found["thumbs"]), found


@pytest.mark.parametrize("path, singular", [("/de/jahre/", "1 Veranstaltung"), ("/en/topics/", "1 event"),
                                            ("/de/personen/", "1 Programmpunkt"), ("/en/people/", "1 session")])
def test_a_count_of_one_is_written_in_the_singular_and_on_one_line(browser, site_url, path, singular):  # noqa: F811
    with opened(browser, site_url + path, 360) as page:
        counts = page.evaluate("""() => [...document.querySelectorAll('.count')].map(e =>
            [e.textContent.trim(), new Set([...e.getClientRects()].map(r => Math.round(r.top))).size])""")
        assert counts and all(lines == 1 for _, lines in counts), counts
        texts = [text for text, _ in counts]
        assert singular in texts, texts
        assert not any("(" in text or text.startswith("1 ") and text != singular for text in texts), texts


def test_a_date_range_in_a_line_of_facts_is_not_broken_after_its_dash(browser, site_url):  # noqa: F811
    with opened(browser, site_url + "/en/outcomes/", 360, 740) as page:
        ranges = page.evaluate("""() => [...document.querySelectorAll('.meta time')].filter(t => t.textContent.includes('–'))
            .map(t => [t.textContent, new Set([...t.getClientRects()].map(r => Math.round(r.top))).size])""")
        assert ranges and all(lines == 1 for _, lines in ranges), ranges


def test_the_404_page_says_page_not_found_in_every_language(browser, site_url):  # noqa: F811
    with opened(browser, site_url + "/404.html", 390, 844) as page:
        spans = page.evaluate("() => [...document.querySelectorAll('h1 span[lang]')].map(s => [s.lang, s.innerText])")
        assert spans == [["de", "Seite nicht gefunden"], ["en", "Page not found"]]


@pytest.mark.parametrize("kind, section", [
    ("event with pictures", "Alle Veranstaltungen"), ("event", "All events"), ("year", "Jahre"),
    ("term", "Themen"), ("list", "All events"), ("home", None)])
def test_the_menu_marks_the_part_of_the_site_a_page_is_in(browser, site_url, kind, section):  # noqa: F811
    # An event page marked no menu item: a reader could not tell where in the site they were.
    with opened(browser, site_url + PAGE_TYPES[kind], 390, 844) as page:
        marked = page.evaluate("""() => [...document.querySelectorAll('.site-nav a[aria-current]')].map(a =>
            [a.textContent.trim(), a.getAttribute('aria-current'), getComputedStyle(a).fontWeight,
             getComputedStyle(a).textDecorationLine])""")
        plain = page.evaluate("() => getComputedStyle(document.querySelector('.site-nav a:not([aria-current])')).fontWeight")
        assert [text for text, *_ in marked] == ([section] if section else []), marked
        for _, current, weight, line in marked:
            assert current == ("page" if kind == "list" else "true")
            assert int(weight) > int(plain) and line == "underline"  # seen, not only announced


LONG_CODE = """Der Befehl:

```
recap build --source . --output public --no-search --jobs 2 && echo "fertig: https://recaps.example.org/de/veranstaltungen/2023-09-05-treffen/"
```

Siehe das [Programm](https://www.example.org/programm-der-veranstaltung.pdf) und https://www.example.org/anmeldung.
"""


@pytest.fixture(scope="module")
def code_site(tmp_path_factory):
    from conftest import MINIMAL, write_site

    root = tmp_path_factory.mktemp("code") / "site"
    write_site(root, {**MINIMAL, "content/events/2023-09-05-treffen/de.md": LONG_CODE})
    builder.build(root, root / "public", search=False)
    with serve(root / "public") as url:
        yield url + "/de/veranstaltungen/2023-09-05-treffen/"


@pytest.mark.parametrize("width", [320, 390])
def test_code_in_a_recap_wraps_in_its_column_on_a_phone(browser, code_site, width):  # noqa: F811
    # A reader's phone: a long line of code made the page 889 px wide, header and all.
    with opened(browser, code_site, width, 800) as page:
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        code = page.locator(".recap pre").bounding_box()
        column = page.locator(".recap").bounding_box()
        assert code["x"] + code["width"] <= column["x"] + column["width"] + 0.5, (code, column)
        assert page.locator(".recap pre").evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_a_printed_recap_leaves_out_what_works_only_on_a_screen_and_writes_out_addresses(browser, code_site):  # noqa: F811
    with opened(browser, code_site, 794, 1123) as page:
        page.emulate_media(media="print")
        for selector in (".site-nav", ".calendar-link", ".languages"):
            assert page.locator(selector).first.is_hidden(), selector
        assert page.locator(".site-footer a[type='application/atom+xml']").is_hidden()
        after = page.locator(".recap a", has_text="Programm").evaluate("a => getComputedStyle(a, '::after').content")
        assert after == '" (https://www.example.org/programm-der-veranstaltung.pdf)"'
        bare = page.locator(".recap a", has_text="https://www.example.org/anmeldung")
        assert bare.evaluate("a => getComputedStyle(a, '::after').content") == "none"  # its text is its address
        page.emulate_media(media="screen")
        assert page.locator(".calendar-link").is_visible()
        assert page.locator(".recap a", has_text="Programm").evaluate("a => getComputedStyle(a, '::after').content") \
            == "none"


def test_an_event_s_calendar_file_is_saved_under_the_event_s_name(browser, site_url):  # noqa: F811
    path = PAGE_TYPES["event with pictures"]
    with opened(browser, site_url + path) as page:
        link = page.locator(".calendar-link a")
        assert link.get_attribute("download") == "2023-09-05-netzwerktreffen-regionen-im-dialog.ics"
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == "2023-09-05-netzwerktreffen-regionen-im-dialog.ics"


@pytest.mark.parametrize("path", ["/de/jahre/2023/", "/", "/en/topics/digitalisierung/"])
def test_cards_fit_a_column_of_256_css_pixels(browser, site_url, path):  # noqa: F811
    # 400 % zoom on a 1024 px screen: the cards needed 288 px and every card list scrolled sideways.
    with opened(browser, site_url + path, 256, 700) as page:
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 256
        right = page.evaluate("""() => Math.max(...[...document.querySelectorAll('.card, .language-choice li')]
            .map(e => e.getBoundingClientRect().right))""")
        assert right <= 256 - 16, right  # inside the page's margin


@pytest.mark.parametrize("path", ["/de/ergebnisse/", "/en/outcomes/"])
def test_the_outcomes_come_before_the_ways_to_narrow_them(browser, site_url, path):  # noqa: F811
    """On a phone the filters above the list put the first outcome three screens down, after 41
    links; now the list comes first (a link near the top leads to the filters), and on a wide
    screen the filters stand beside it."""
    with opened(browser, site_url + path, 390, 844) as page:
        first = page.locator(".tracker > li").first.bounding_box()
        facets = page.locator(".tracker-facets").bounding_box()
        assert first["y"] < 844 and first["y"] < facets["y"], (first, facets)
        jump = page.locator(".narrow-link a")
        assert jump.is_visible() and jump.get_attribute("href") == "#narrow-heading"
        order = page.evaluate("""() => { const all = [...document.querySelectorAll('a[href]')];
            return [all.indexOf(document.querySelector('.tracker a')),
                    all.indexOf(document.querySelector('.tracker-facets a'))]; }""")
        assert order[0] < order[1], order
    with opened(browser, site_url + path, 1280, 900) as page:
        first = page.locator(".tracker > li").first.bounding_box()
        facets = page.locator(".tracker-facets").bounding_box()
        assert facets["x"] >= first["x"] + first["width"] and facets["y"] < 600, (first, facets)
        assert page.locator(".narrow-link").is_hidden()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_result_titles_look_like_links(browser, site_url, scheme):  # noqa: F811
    with opened(browser, site_url + "/en/search/", 1280, 900, color_scheme=scheme) as page:
        page.wait_for_selector(".pagefind-ui__search-input", state="visible", timeout=15000)
        page.fill(".pagefind-ui__search-input", "Ukraine")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        title = page.locator(".pagefind-ui__result-title .pagefind-ui__result-link").first
        menu = page.locator(".site-nav a:not([aria-current])").first
        assert title.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
        assert title.evaluate("e => getComputedStyle(e).color") == menu.evaluate("e => getComputedStyle(e).color")


def test_an_outcome_s_permalink_is_a_target_of_24_css_pixels(browser, site_url):  # noqa: F811
    # WCAG 2.5.8: the "#" beside an outcome was 21 × 19 px.
    with opened(browser, site_url + "/en/events/2023-12-06-working-group-sustainable-economic-reconstruction/") as page:
        links = page.locator(".outcome-list .permalink")
        assert links.count() >= 1
        for index in range(links.count()):
            box = links.nth(index).bounding_box()
            assert box["width"] >= 24 and box["height"] >= 24, box


def test_the_search_box_magnifier_stays_in_forced_colours(browser, site_url):  # noqa: F811
    with opened(browser, site_url + "/en/search/", 1024, 800, forced_colors="active") as page:
        page.wait_for_selector(".pagefind-ui__search-input", state="visible", timeout=15000)
        colour = page.locator(".pagefind-ui__form").evaluate("e => getComputedStyle(e, '::before').backgroundColor")
        text = page.locator(".pagefind-ui__search-input").evaluate("e => getComputedStyle(e).color")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent") and colour == text, (colour, text)


@pytest.mark.parametrize(("scheme", "accent"), [("light", "rgb(192, 0, 0)"), ("dark", "rgb(255, 154, 154)")])
def test_a_site_s_custom_css_changes_the_colours_and_keeps_the_theme_s_look(browser, tmp_path, scheme,  # noqa: F811
                                                                            accent):
    """A site owner's few colours in assets/css/custom.css: the links take them, in light and in
    dark, and the rest of the theme's look stays (its layout: the content column's width)."""
    import shutil

    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    (root / "assets/css").mkdir(parents=True)
    (root / "assets/css/custom.css").write_text(
        ":root { --accent: #c00000; }\n@media (prefers-color-scheme: dark) { :root { --accent: #ff9a9a; } }\n")
    out = tmp_path / "public"
    builder.build(root, out, search=False)
    with serve(out) as url, opened(browser, url + "/de/", color_scheme=scheme) as page:
        color, width, skip = page.evaluate("""() => [
            getComputedStyle(document.querySelector('main a')).color,
            document.querySelector('main').getBoundingClientRect().width,
            getComputedStyle(document.querySelector('.skip-link')).position]""")
        assert color == accent
        assert width < 1280 - 100  # the theme's column, not the browser's whole width
        assert skip == "absolute"  # the theme's skip link, out of sight until focused
