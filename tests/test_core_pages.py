"""The pages readers get: languages, translation links, lists, the event page."""

from __future__ import annotations

from conftest import REPO, TINY_PNG, build, run, soup

TWO_DAY_EVENT = {
    "content/events/2024-09-30-konferenz/event.yaml": """\
        title: {de: Konferenz, en: Conference}
        summary: {de: Zwei Tage Austausch., en: Two days of exchange.}
        start: 2024-09-30T10:00:00+02:00
        end: 2024-10-02T16:00:00+02:00
        kind: conference
        format: hybrid
        online_url: https://stream.example.org/live
        venue: {name: Messe, street: Messeplatz 1, postal_code: "01067", city: Dresden, country: DE}
        organizers: [ihk]
        partners: [ihk]
        topics: [energie]
        participants: 1200
        series: {id: treffen, part: 2}
        programme:
          - kind: keynote
            title: {de: Eröffnung, en: Opening}
            summary: {de: Ein Ausblick., en: An outlook.}
            speakers:
              - {name: Dr. Anna Beispiel, organization: ihk, role: {de: Präsidentin, en: President}}
              - {name: Max Muster, organization: Freie Universität}
        outcomes:
          - {kind: agreement, status: planned, text: {de: Ein Folgetreffen, en: A follow-up meeting}, date: 2025-03-01, link: "event:2023-09-05-treffen"}
          - {kind: project, status: done, text: {de: Ein Projekt, en: A project}}
        quotes:
          - {text: {de: „Ein guter Tag.“, en: "A good day."}, by: {de: eine Teilnehmerin, en: a participant}}
        images:
          - {file: bild.png, alt: {de: Ein Saal, en: A hall}, caption: {de: Der Saal, en: The hall}, credit: recap-site}
        links:
          - {url: https://example.org/doku, label: {de: Dokumentation, en: Documentation}}
        contact: {name: Pressestelle, email: presse@example.org, phone: +49 30 1234}
        """,
    "content/events/2024-09-30-konferenz/de.md": "Ein Rückblick.\n",
    "content/events/2024-09-30-konferenz/en.md": "A recap.\n",
    "content/events/2024-09-30-konferenz/bild.png": TINY_PNG,
}

GERMAN_ONLY = {
    "content/events/2022-01-10-nur-deutsch/event.yaml": """\
        title: Nur auf Deutsch
        start: 2022-01-10
        kind: workshop
        format: online
        topics: [energie]
        """,
    "content/events/2022-01-10-nur-deutsch/de.md": "Nur deutscher Text.\n",
}


def hrefs(page, selector):
    return [a["href"] for a in page.select(selector)]


def test_every_page_has_its_language_and_a_switcher_to_the_same_page(site):
    out = build(site(TWO_DAY_EVENT))
    de = soup(out / "de/veranstaltungen/2023-09-05-treffen/index.html")
    en = soup(out / "en/events/2023-09-05-meeting/index.html")
    assert de.html["lang"] == "de" and en.html["lang"] == "en"
    assert hrefs(de, "nav.languages a") == ["/en/events/2023-09-05-meeting/"]
    assert hrefs(en, "nav.languages a") == ["/de/veranstaltungen/2023-09-05-treffen/"]
    # Lists exist in every language and switch to each other.
    assert hrefs(soup(out / "de/topics/energie/index.html"), "nav.languages a") == ["/en/topics/energie/"]


def test_hreflang_alternates_are_absolute_and_include_x_default(site):
    out = build(site())
    page = soup(out / "en/events/2023-09-05-meeting/index.html")
    alternates = {link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]:not([type])')}
    assert alternates == {
        "de": "https://example.org/de/veranstaltungen/2023-09-05-treffen/",
        "en": "https://example.org/en/events/2023-09-05-meeting/",
        "x-default": "https://example.org/de/veranstaltungen/2023-09-05-treffen/",
    }


def test_missing_translation_keeps_navigation_working(site):
    out = build(site(GERMAN_ONLY))
    assert not (out / "en/events/2022-01-10-nur-deutsch").exists()
    german = soup(out / "de/veranstaltungen/2022-01-10-nur-deutsch/index.html")
    alternates = {link["hreflang"] for link in german.select('link[rel="alternate"][hreflang]:not([type])')}
    assert alternates == {"de", "x-default"}
    # The switcher still leads somewhere real: the English event list.
    switch = german.select_one("nav.languages a")
    assert switch["href"] == "/en/events/"
    assert switch.get_text() == "English (nicht übersetzt – zur Übersicht auf Englisch)"
    # The English list shows the event, linked to the German page, with a notice.
    english_list = soup(out / "en/events/index.html")
    card = next(c for c in english_list.select("article.card") if "Nur auf Deutsch" in c.get_text())
    link = card.select_one("h2 a")
    assert link["href"] == "/de/veranstaltungen/2022-01-10-nur-deutsch/"
    assert link["hreflang"] == "de"
    assert card.select_one(".notice").get_text(strip=True) == "Only available in German"


def test_root_page_lets_readers_choose_a_language_without_javascript(site):
    out = build(site())
    root = soup(out / "index.html")
    assert root.find("script") is None
    choices = {a["hreflang"]: a["href"] for a in root.select(".language-choice a")}
    assert choices == {"de": "/de/", "en": "/en/"}


def test_event_list_is_paginated_newest_first(site):
    root = site({
        **TWO_DAY_EVENT, **GERMAN_ONLY,
        "content/site.yaml": "title: T\nlanguages: [de, en]\nbase_url: https://example.org/\npage_size: 2\n"
                             "paths: {page: {de: seite, en: page}}\n",
    })
    out = build(root)
    first = soup(out / "en/events/index.html")
    second = soup(out / "en/events/page/2/index.html")
    titles = [h.get_text(strip=True) for h in first.select("article.card h2")]
    assert titles == ["Conference", "Network meeting"]
    assert [h.get_text(strip=True) for h in second.select("article.card h2")] == ["Nur auf Deutsch"]
    assert first.select_one('.pagination a[rel="next"]')["href"] == "/en/events/page/2/"
    assert (out / "de/events/seite/2/index.html").is_file()


def test_year_topic_organization_region_and_series_pages(site):
    out = build(site({**TWO_DAY_EVENT, **GERMAN_ONLY}))
    year = soup(out / "en/years/2024/index.html")
    assert [h.get_text(strip=True) for h in year.select("article.card h2")] == ["Conference"]
    topic = soup(out / "de/topics/energie/index.html")
    assert len(topic.select("article.card")) == 3
    organization = soup(out / "en/organizations/ihk/index.html")
    assert organization.h1.get_text(strip=True) == "Chamber of Commerce"
    # A partner that is also an organizer is listed once.
    assert len(organization.select("article.card")) == 2
    region = soup(out / "de/regions/berlin/index.html")
    assert [h.get_text(strip=True) for h in region.select("article.card h2")] == ["Netzwerktreffen"]
    series = soup(out / "en/series/treffen/index.html")
    parts = [li.select_one(".part").get_text(strip=True) for li in series.select("ol.series-parts > li")]
    titles = [li.select_one("h3").get_text(strip=True) for li in series.select("ol.series-parts > li")]
    assert parts == ["Part 1", "Part 2"] and titles == ["Network meeting", "Conference"]


def test_outcomes_overview_lists_each_outcome_with_event_status_and_date(site):
    out = build(site(TWO_DAY_EVENT))
    rows = soup(out / "en/outcomes/index.html").select("ol.tracker > li")
    cells = [[row.select_one(".commitment-text").get_text(" ", strip=True),
              [b.get_text(strip=True) for b in row.select(".badge")],
              row.select_one(".meta").get_text(" ", strip=True)] for row in rows]
    assert cells == [
        ["A follow-up meeting", ["Agreement", "Planned"], "Conference , September 30\u2009–\u2009October 2, 2024 · due March 1, 2025"],
        ["A project", ["Project", "Done"], "Conference , September 30\u2009–\u2009October 2, 2024"],
    ]
    # event: links in outcomes resolve per language.
    assert rows[0].select_one(".commitment-text a")["href"] == "/en/events/2023-09-05-meeting/"


def test_event_page_shows_facts_programme_outcomes_quotes_images_links_contact(site):
    out = build(site(TWO_DAY_EVENT))
    page = soup(out / "de/veranstaltungen/2024-09-30-konferenz/index.html")
    facts = {}  # each term with the text of its first <dd>
    for dt in page.select(".facts dt"):
        facts[dt.get_text(strip=True)] = dt.find_next_sibling("dd").get_text(" ", strip=True)
    assert facts["Datum"] == "30. September\u2009–\u20092. Oktober 2024"  # CLDR: thin spaces
    assert facts["Uhrzeit"] == "30. Sept., 10:00 – 2. Okt., 16:00 (Mitteleuropäische Sommerzeit)"
    assert facts["Ort"] == "Messe Messeplatz 1 01067 Dresden Deutschland"
    assert facts["Online"] == "https://stream.example.org/live"
    assert facts["Format"] == "Hybrid"
    assert facts["Teilnehmende"] == "1.200"
    assert facts["Veranstalter"] == "Industrie- und Handelskammer"
    assert facts["Partner"] == "Industrie- und Handelskammer"
    assert facts["Reihe"] == "Teil 2 der Reihe Netzwerktreffen"
    speakers = [li.get_text(" ", strip=True) for li in page.select(".programme .speakers li")]
    assert speakers == [
        "Dr. Anna Beispiel , Präsidentin, Industrie- und Handelskammer",
        "Max Muster , Freie Universität",
    ]
    outcomes = [li.get_text(" ", strip=True) for li in page.select("#outcomes-heading + ul li")]
    # "fällig" as on the tracker's rows: the date alone did not say what it is.
    assert outcomes[0].replace(" )", ")") == "Vereinbarung Geplant Ein Folgetreffen (fällig 1. März 2025)"
    assert page.select_one(".quote blockquote").get_text(strip=True) == "„Ein guter Tag.“"
    assert page.select_one(".quote figcaption").get_text(strip=True) == "– eine Teilnehmerin"
    image = page.select_one("figure.image img")
    assert image["alt"] == "Ein Saal"
    assert (out / image["src"].lstrip("/")).is_file()
    assert page.select_one("figure.image figcaption").get_text(" ", strip=True) == "Der Saal Bildnachweis: recap-site"
    assert hrefs(page, "#links-heading + ul a") == ["https://example.org/doku"]
    assert "mailto:presse@example.org" in hrefs(page, ".contact a")
    # Series navigation and related events.
    assert page.select_one('.series-nav a[rel="prev"]')["href"] == "/de/veranstaltungen/2023-09-05-treffen/"
    assert hrefs(page, ".related h3 a") == ["/de/veranstaltungen/2023-09-05-treffen/"]


def test_dates_are_localized_with_babel(site):
    out = build(site(TWO_DAY_EVENT))
    cards = {
        lang: [t.get_text() for t in soup(out / lang / "index.html").select("article.card time")]
        for lang in ("de", "en")
    }
    assert cards["de"] == ["30. September\u2009–\u20092. Oktober 2024", "5. September 2023"]
    assert cards["en"] == ["September 30\u2009–\u2009October 2, 2024", "September 5, 2023"]


def test_three_languages_build_with_fallbacks(site):
    root = site({
        "content/site.yaml": """\
            title: {de: Rückblicke, en: Recaps, uk: Огляди}
            languages: [de, en, uk]
            base_url: https://example.org/archive/
            paths:
              events: {de: veranstaltungen, en: events, uk: podii}
            """,
    })
    result = run("build", "--source", str(root), "--output", str(root / "public"))
    assert result.exit_code == 0, result.output
    # The theme has no Ukrainian UI strings: German ones stand in, with a warning.
    assert "layouts/i18n/uk.yaml: warning:" in result.output
    out = root / "public"
    home = soup(out / "uk/index.html")
    assert home.html["lang"] == "uk"
    assert home.select_one(".site-title").get_text() == "Огляди"
    assert home.select_one("article.card time").get_text() == "5 вересня 2023\u202fр."
    # No Ukrainian recap: the card leads to the German page, with base_url's path.
    card_link = home.select_one("article.card a")
    assert card_link["href"] == "/archive/de/veranstaltungen/2023-09-05-treffen/"
    languages = [a.get_text(strip=True) for a in home.select("nav.languages a, nav.languages span.current")]
    assert languages == ["Deutsch", "English", "Українська"]
    assert (out / "uk/podii/index.html").is_file()


def test_localized_fields_fall_back_to_the_default_language(site):
    root = site({
        "content/topics.yaml": "energie: {de: Energie}\n",
    })
    out = build(root)
    labels = [a.get_text() for a in soup(out / "en/topics/index.html").select(".term-list a")]
    assert labels == ["Energie"]


def test_localized_path_segments_and_stable_slugs(site):
    out = build(site())
    assert (out / "de/veranstaltungen/2023-09-05-treffen/index.html").is_file()
    assert (out / "en/events/2023-09-05-meeting/index.html").is_file()


def test_site_layouts_override_single_theme_files(site):
    root = site({
        "layouts/partials/languages.html": '<nav class="languages" aria-label="x"><p id="custom">mine</p></nav>\n',
        "assets/css/site.css": "body { color: red; }\n",
    })
    out = build(root)
    page = soup(out / "de/index.html")
    assert page.select_one("#custom").get_text() == "mine"
    # The rest of the theme still comes from the default theme.
    assert page.select_one("a.skip-link")["href"] == "#main"
    assert (out / "assets/css/site.css").read_text() == "body { color: red; }\n"
    assert (out / "assets/favicon.svg").is_file()


def test_missing_ui_string_falls_back_to_default_language_with_warning(site):
    import yaml

    from recap_site.paths import default_theme_dir

    german = yaml.safe_load((default_theme_dir() / "layouts/i18n/de.yaml").read_text(encoding="utf-8"))
    root = site({
        "content/site.yaml": "title: T\nlanguages: [de, fr]\nbase_url: https://example.org/\n",
        "content/events/2023-09-05-treffen/en.md": None,
        "layouts/i18n/fr.yaml": "skip_to_content: Aller au contenu\n",
    })
    result = run("build", "--source", str(root), "--output", str(root / "public"))
    assert result.exit_code == 0, result.output
    missing = sorted(set(german) - {"skip_to_content"})
    assert (f"layouts/i18n/fr.yaml: warning: {len(missing)} UI string(s) missing, the 'de' text is shown: "
            f"{', '.join(missing[:8])} and {len(missing) - 8} more") in result.output.splitlines()
    page = soup(root / "public/fr/index.html")
    assert page.select_one("a.skip-link").get_text() == "Aller au contenu"
    assert page.select_one("nav.site-nav")["aria-label"] == "Hauptnavigation"


def test_facts_shown_in_another_language_are_marked_with_it(site):
    """WCAG 3.1.2: a text the facts give only in German is marked lang="de" on the English page."""
    from conftest import MINIMAL, TINY_JPEG, build, soup

    facts = MINIMAL["content/events/2023-09-05-treffen/event.yaml"].rstrip(" ") + (
        "        programme:\n"
        "          - title: {de: Begrüßung}\n"
        "            speakers: [{name: Anna Beispiel, role: {de: Moderatorin}}]\n"
        "        outcomes:\n"
        "          - {kind: agreement, text: {de: Ein Verbund wird gegründet.}}\n"
        "          - {kind: project, text: {de: Ein Projekt, en: A project}}\n"
        "        quotes:\n"
        "          - {text: {de: „Ein guter Tag.“}, by: Anna Beispiel}\n"
        "        images:\n"
        "          - {file: saal.jpg, alt: {de: Der volle Saal}}\n")
    out = build(site({"content/events/2023-09-05-treffen/event.yaml": facts,
                      "content/events/2023-09-05-treffen/saal.jpg": TINY_JPEG}), "--no-search")
    english = soup(out / "en/events/2023-09-05-meeting/index.html")
    marked = {(element.name, element.get_text(" ", strip=True)) for element in english.select("main [lang=de]")}
    assert {("span", "Begrüßung"), ("span", "Moderatorin"), ("span", "Ein Verbund wird gegründet."),
            ("span", "„Ein guter Tag.“")} <= marked, marked
    assert english.select_one("main img")["lang"] == "de"
    assert "A project" in english.get_text() and ("span", "A project") not in marked
    # On the German page nothing is marked: every text is in the page's language.
    german = soup(out / "de/veranstaltungen/2023-09-05-treffen/index.html")
    assert german.select("main [lang=de]") == [] and german.select_one("main img").get("lang") is None


def test_each_layout_reads_only_its_page_records_fields_and_the_common_names():
    """PAGE_RECORDS says what each page layout is given: a layout that reads a name its record
    does not have (a typo, or a field taken away) is found here, not on a reader's page."""
    import jinja2
    from jinja2 import meta, nodes

    from recap_site.model import PAGE_RECORDS

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(REPO / "layouts"))
    env.filters.update(dict.fromkeys(("country_name", "date", "in_lang", "language_name", "month", "number"),
                                     str))  # render.Renderer's own filters: names only are needed here
    common = {"site", "route", "lang", "t", "navigation", "meta",  # render.Renderer.render
              "urls", "mark_overdue", "people_pages", "content_security_policy", "fragments",  # env.globals
              "external_hint"}
    for template, record in PAGE_RECORDS.items():
        tree = env.parse(env.loader.get_source(env, template)[0])
        imported = {name if isinstance(name, str) else name[1]
                    for node in tree.find_all(nodes.FromImport) for name in node.names}
        imported |= {node.target for node in tree.find_all(nodes.Import)}
        assigned = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
        read = meta.find_undeclared_variables(tree) - imported - assigned
        assert read <= common | set(record.__dataclass_fields__), (template, read - common)
    assert set(PAGE_RECORDS) == {path.name for path in (REPO / "layouts").glob("*.html") if path.name != "base.html"}


def test_a_page_in_one_language_is_in_the_menu_of_every_language(site):
    """An Impressum written in German only must be reachable from the English pages too: the
    English menu lists it, in German, marked as such (it was left out of the English menu)."""
    root = site({"content/pages/impressum/de.md": "---\ntitle: Impressum\n---\nAngaben.\n",
                 "content/pages/kontakt/en.md": "---\ntitle: Contact\n---\nWrite to us.\n"})
    out = build(root, "--no-search")
    for page, expected in (("en/index.html", ("Impressum", "/de/impressum/", "de")),
                           ("de/index.html", ("Contact", "/en/kontakt/", "en"))):
        menu = [(a.get_text(), a["href"], a.get("lang"), a.get("hreflang")) for a in soup(out / page).select(".site-nav a")]
        assert (*expected, expected[2]) in menu, menu
    own = [(a.get_text(), a.get("lang")) for a in soup(out / "de/index.html").select(".site-nav a")]
    assert ("Impressum", None) in own


def test_a_series_title_in_another_language_is_marked_with_its_language(site):
    # WCAG 3.1.2: "Part 1 of the series Netzwerktreffen" on an English page, read in German.
    out = build(site({"content/series.yaml": "treffen:\n  title: {de: Netzwerktreffen}\n"}), "--no-search")
    link = soup(out / "en/events/2023-09-05-meeting/index.html").select_one(".facts a[href*='series'], dd a[href*='/series/']")
    assert link.get_text() == "Part 1 of the series Netzwerktreffen"
    assert [(span["lang"], span.get_text()) for span in link.select("span[lang]")] == [("de", "Netzwerktreffen")]


def test_the_language_chooser_speaks_every_language_and_offers_no_translation_it_lacks(site):
    # The root page's heading was German only, and its switcher told screen readers that English
    # was "nicht übersetzt – zur Übersicht auf Englisch", on a page whose whole point is choosing.
    out = build(site(), "--no-search")
    root = soup(out / "index.html")
    assert [(span["lang"], span.get_text()) for span in root.h1.select("span[lang]")] == [
        ("de", "Sprache wählen"), ("en", "Choose a language")]
    for page in (root, soup(out / "404.html")):
        switcher = " ".join(a.get_text() for a in page.select("header a[hreflang]"))
        assert "übersetzt" not in switcher and "translated" not in switcher, switcher
        # No language is the current one (the switcher marked German so), and no menu or footer
        # speaks one language only: every language's home is a link.
        assert page.select("header [aria-current]") == [] and page.select(".languages .current") == []
        assert [a["hreflang"] for a in page.select(".languages a")] == ["de", "en"]
        assert page.select(".site-nav") == [] and page.select("footer") == []


def test_the_people_are_in_the_menu_and_the_ways_to_browse_while_they_have_pages(site):
    """The people's page was reached from a person's page alone; with people_pages: false there is
    no such page, and no item leads to it."""
    from conftest import SITE_YAML

    people = {"content/people.yaml": "anna-berg: Dr. Anna Berg\n"}
    for setting, shown in (("", True), ("people_pages: false\n", False)):
        out = build(site({**people, "content/site.yaml": SITE_YAML + setting}), "--no-search")
        menu = [(a.get_text(), a["href"]) for a in soup(out / "de/index.html").select(".site-nav a")]
        browse = [(a.get_text(), a["href"]) for a in soup(out / "en/search/index.html").select(".browse a")]
        assert (("Personen", "/de/people/") in menu) is shown, menu
        assert (("People", "/en/people/") in browse) is shown, browse
        assert (out / "de/people/index.html").is_file() is shown


def test_a_hyphen_that_begins_a_word_keeps_to_it_on_the_pages_and_stays_a_hyphen_in_the_data(site):
    """"Transformationsnetzwerke, -hubs und Cluster" broke as "…, -" | "hubs und Cluster" at 1280 px on
    the home page's cards, the list and the year: the browser may end a line after a hyphen."""
    import json

    root = site({
        "content/events/2023-09-05-treffen/event.yaml": """\
            title: {de: "Erstes Treffen aller Netzwerke, -hubs und Cluster", en: "Networks, hubs and clusters"}
            start: 2023-09-05
            kind: network-meeting
            format: online
            """,
    })
    out = build(root, "--no-search")
    glued = "Erstes Treffen aller Netzwerke, \u2011hubs und Cluster"
    assert soup(out / "de/veranstaltungen/2023-09-05-treffen/index.html").h1.get_text() == glued
    home = soup(out / "de/index.html")
    assert glued in [card.get_text(strip=True) for card in home.select("main h3")]
    assert "‑" not in home.select_one("main h3 a")["href"]  # addresses are not text: as they are
    # The data is the text as written: a reader copies it, a program compares it.
    data = json.loads((out / "de/events.json").read_text(encoding="utf-8"))
    assert "Erstes Treffen aller Netzwerke, -hubs und Cluster" in json.dumps(data, ensure_ascii=False)


def test_a_programme_item_shows_its_kind_in_the_pages_language_or_as_written(site):
    """programme[].kind was read and never shown (only events.json had it): a word the theme
    knows is shown in the page's language, any other as written; a site may name its own."""
    root = site({
        "content/events/2023-09-05-treffen/event.yaml": """\
            title: {de: Netzwerktreffen, en: Network meeting}
            start: 2023-09-05
            kind: network-meeting
            format: online
            programme:
              - {kind: talk, title: {de: Vortrag zur Lage, en: Talk on the situation}}
              - {kind: Moderation, title: {de: Gespräch, en: Conversation}}
              - {kind: Fishbowl, title: {de: Runde, en: Round}}
              - {kind: site-visit, title: {de: Werksbesuch, en: Plant visit}}
              - {title: {de: Ausklang, en: Close}}
            """,
        "layouts/i18n/en.yaml": "session.fishbowl: Fishbowl discussion\n",
    })
    result = run("check", "--source", str(root))
    assert result.exit_code == 0 and " warning" not in result.output.split("Checked")[0], result.output
    out = build(root)
    for lang, page, shown in (
            # site-visit, an event's kind too, was shown as the key it is (the sample's Deep Dive)
            ("de", "veranstaltungen/2023-09-05-treffen", ["Vortrag", "Moderation", "Fishbowl", "Besichtigung", None]),
            ("en", "events/2023-09-05-meeting", ["Talk", "Moderation", "Fishbowl discussion", "Site visit", None])):
        items = soup(out / lang / page / "index.html").select("ol.programme > li")
        assert [(li.select_one(".eyebrow").get_text() if li.select_one(".eyebrow") else None) for li in items] \
            == shown, lang
        # Read before its title, as a label of it.
        assert items[0].find(True).get("class") == ["eyebrow"] and items[0].find(True).find_next_sibling().name == "h3"


def test_alphabetical_lists_put_umlauts_with_their_letter_and_people_by_family_name(site):
    """DIN 5007-1, as a German reader looks things up: Ärztekammer under A, not after Zoll; a
    list of people by family name (the title "Dr." and the first name are not where one looks)."""
    root = site({
        "content/organizations.yaml": """\
            ihk: {name: {de: Industrie- und Handelskammer, en: Chamber of Commerce}}
            zoll: {name: Zollverwaltung}
            aerzte: {name: Ärztekammer}
            bund: {name: bundesverband}
            """,
        "content/people.yaml": """\
            berg: {name: Dr. Anna Berg}
            adler: {name: Zora Adler}
            ziegler: {name: Änne Ziegler}
            """,
        "content/events/2023-09-05-treffen/event.yaml": """\
            title: {de: Netzwerktreffen, en: Network meeting}
            start: 2023-09-05
            kind: network-meeting
            format: online
            organizers: [ihk, zoll, aerzte, bund]
            programme:
              - title: Auftakt
                speakers: [{person: berg}, {person: adler}, {person: ziegler}]
            """,
    })
    out = build(root, "--no-search")
    organizations = soup(out / "de" / "organizations" / "index.html").find("main")
    assert [a.get_text(strip=True) for a in organizations.select("li a")] == [
        "Ärztekammer", "bundesverband", "Industrie- und Handelskammer", "Zollverwaltung"]
    names = [a.get_text(strip=True) for a in soup(out / "de" / "people" / "index.html").find("main").select("li a")]
    assert names == ["Zora Adler", "Dr. Anna Berg", "Änne Ziegler"]
