"""Atom feeds per language, parsed with xml.etree: ids, dates, languages, links."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conftest import build, run, soup

NS = {"atom": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
EVENT = "content/events/2023-09-05-treffen"

# A second event: a recap only in German, a title in both languages, an
# `updated:` date, a time of day in winter.
WINTER_UPDATED = {
    "content/events/2024-01-10-winter/event.yaml": """\
        title: {de: Wintertreffen, en: Winter meeting}
        summary: {de: Kalt war es., en: It was cold.}
        start: 2024-01-10T18:00:00
        kind: workshop
        format: online
        updated: 2024-02-01
        organizers: [ihk]
        """,
    "content/events/2024-01-10-winter/de.md": "Ein kalter Abend.\n",
    # Only a German title: in the English feed the entry stays German.
    "content/events/2022-03-01-nur-deutsch/event.yaml": """\
        title: {de: Nur auf Deutsch}
        start: 2022-03-01
        kind: workshop
        format: online
        """,
    "content/events/2022-03-01-nur-deutsch/de.md": "Nur deutscher Text.\n",
}


def feed(out, lang):
    return ET.parse(out / lang / "feed.xml").getroot()


def entries_by_link(root):
    return {e.find("atom:link[@rel='alternate']", NS).get("href"): e for e in root.findall("atom:entry", NS)}


def test_feed_per_language_is_atom_with_language_and_self_link(site):
    out = build(site(WINTER_UPDATED))
    for lang, title in (("de", "Rückblicke"), ("en", "Recaps")):
        root = feed(out, lang)
        assert root.tag == "{http://www.w3.org/2005/Atom}feed"
        assert root.get(XML_LANG) == lang
        assert root.find("atom:title", NS).text == title
        assert root.find("atom:id", NS).text.startswith("urn:uuid:")
        self_link = root.find("atom:link[@rel='self']", NS)
        assert self_link.get("href") == f"https://example.org/{lang}/feed.xml"
        assert self_link.get("type") == "application/atom+xml"
        assert root.find("atom:link[@rel='alternate']", NS).get("href") == f"https://example.org/{lang}/"
        assert root.find("atom:author/atom:name", NS).text == title
        # Feed updated: the newest content date (the `updated:` of the winter event).
        assert root.find("atom:updated", NS).text == "2024-02-01T00:00:00+01:00"
        assert len(root.findall("atom:entry", NS)) == 3
    assert feed(out, "de").find("atom:id", NS).text != feed(out, "en").find("atom:id", NS).text


def test_entry_fields_come_from_the_content(site):
    out = build(site(WINTER_UPDATED))
    entries = entries_by_link(feed(out, "de"))
    meeting = entries["https://example.org/de/veranstaltungen/2023-09-05-treffen/"]
    assert meeting.get(XML_LANG) == "de"
    assert meeting.find("atom:title", NS).text == "Netzwerktreffen"
    # No `updated:`: the last day of the event, at midnight in Europe/Berlin (summer time).
    assert meeting.find("atom:updated", NS).text == "2023-09-05T00:00:00+02:00"
    assert [a.find("atom:name", NS).text for a in meeting.findall("atom:author", NS)] == [
        "Industrie- und Handelskammer"]
    assert meeting.find("atom:author/atom:uri", NS).text == "https://example.org/ihk"
    assert meeting.find("atom:category", NS).get("label") == "Energie"
    content = meeting.find("atom:content", NS)
    assert content.get("type") == "html"
    assert content.get(XML_BASE) == "https://example.org/de/veranstaltungen/2023-09-05-treffen/"
    assert "Die Teilnehmer*innen trafen sich." in content.text

    winter = entries["https://example.org/de/veranstaltungen/2024-01-10-winter/"]
    assert winter.find("atom:updated", NS).text == "2024-02-01T00:00:00+01:00"
    assert winter.find("atom:summary", NS).text == "Kalt war es."


def test_event_only_in_another_language_links_to_that_translation(site):
    out = build(site(WINTER_UPDATED))
    entries = entries_by_link(feed(out, "en"))
    # The facts have an English title and summary: the entry is English, the page German.
    winter = entries["https://example.org/de/veranstaltungen/2024-01-10-winter/"]
    assert winter.get(XML_LANG) == "en"
    assert winter.find("atom:title", NS).text == "Winter meeting"
    assert winter.find("atom:summary", NS).text == "It was cold."
    assert winter.find("atom:link", NS).get("hreflang") == "de"
    assert winter.find("atom:content", NS) is None  # the recap text exists in German only
    # Only a German title: the entry is German.
    german = entries["https://example.org/de/veranstaltungen/2022-03-01-nur-deutsch/"]
    assert german.get(XML_LANG) == "de"
    assert german.find("atom:title", NS).text == "Nur auf Deutsch"
    # The English page of the first event is its own.
    own = entries["https://example.org/en/events/2023-09-05-meeting/"]
    assert own.get(XML_LANG) == "en"
    assert own.find("atom:link", NS).get("hreflang") == "en"


def test_entry_ids_survive_title_and_slug_changes(site):
    root = site()
    out = build(root)
    before = {lang: [e.find("atom:id", NS).text for e in feed(out, lang).findall("atom:entry", NS)]
              for lang in ("de", "en")}
    assert before["de"] != before["en"]
    (root / EVENT / "event.yaml").write_text(
        (root / EVENT / "event.yaml").read_text(encoding="utf-8").replace(
            "title: {de: Netzwerktreffen, en: Network meeting}", "title: {de: Umbenannt, en: Renamed}"),
        encoding="utf-8")
    (root / EVENT / "en.md").write_text("---\nslug: renamed-meeting\n---\nThe participants met.\n",
                                        encoding="utf-8")
    out = build(root)
    en = feed(out, "en").find("atom:entry", NS)
    assert en.find("atom:title", NS).text == "Renamed"
    assert en.find("atom:link", NS).get("href") == "https://example.org/en/events/renamed-meeting/"
    after = {lang: [e.find("atom:id", NS).text for e in feed(out, lang).findall("atom:entry", NS)]
             for lang in ("de", "en")}
    assert after == before


def test_every_page_links_its_language_feed(site):
    out = build(site(WINTER_UPDATED))
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        page = soup(path)
        lang = page.html["lang"]
        links = page.select('head link[rel="alternate"][type="application/atom+xml"]')
        assert f"/{lang}/feed.xml" in [link["href"] for link in links], path
    # The language chooser names both feeds.
    chooser = soup(out / "index.html").select('link[type="application/atom+xml"]')
    assert sorted(link["href"] for link in chooser) == ["/de/feed.xml", "/en/feed.xml"]


def test_feed_is_the_same_in_two_builds(site):
    root = site(WINTER_UPDATED)
    first = {lang: (build(root) / lang / "feed.xml").read_bytes() for lang in ("de", "en")}
    second = {lang: (build(root) / lang / "feed.xml").read_bytes() for lang in ("de", "en")}
    assert first == second


def test_updated_before_the_event_is_an_error(site):
    root = site({f"{EVENT}/event.yaml": """\
        title: T
        start: 2023-09-05
        kind: forum
        format: online
        updated: 2023-09-01
        """})
    result = run("check", "--source", str(root))
    assert result.exit_code == 1
    assert (f"{EVENT}/event.yaml:5: error: updated: 2023-09-01 is before the event's start (2023-09-05)"
            in result.output.splitlines())


def test_updated_must_be_a_date(site):
    root = site({f"{EVENT}/event.yaml": """\
        title: T
        start: 2023-09-05
        kind: forum
        format: online
        updated: last week
        """})
    result = run("check", "--source", str(root))
    assert result.exit_code == 1
    assert (f"{EVENT}/event.yaml:5: error: updated: expected a date written YYYY-MM-DD, got 'last week'"
            in result.output.splitlines())


def _whole_tree_feed(data: bytes) -> bytes:
    """The feed parsed, stripped of its indentation, and written again as one
    ElementTree, indented at once: what atom_feed's entry-by-entry
    serialization must equal, byte for byte."""
    from xml.etree.ElementTree import Element, indent, tostring

    xml_ns = "{http://www.w3.org/XML/1998/namespace}"

    def plain(parsed):  # as atom_feed builds it: namespaces as plain attributes
        element = Element(parsed.tag.split("}")[-1],
                          {key.replace(xml_ns, "xml:"): value for key, value in parsed.attrib.items()})
        element.text = parsed.text if parsed.text and parsed.text.strip() else None
        element.extend(plain(child) for child in parsed)
        return element

    root = plain(ET.fromstring(data))
    root.attrib = {"xmlns": NS["atom"], **root.attrib}  # the parser took it as the namespace
    indent(root)
    return tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def test_the_feed_serialized_entry_by_entry_equals_the_whole_tree(site):
    from recap_site.builder import render_pages
    from recap_site.outputs import feeds

    root = site(WINTER_UPDATED)
    model = render_pages(root).model
    kept = {}

    class Store:
        def get(self, event, lang, kind):
            return kept.get((event.id, lang, kind))

        def put(self, event, lang, kind, data):
            kept[event.id, lang, kind] = data

    for lang in ("de", "en"):
        made = feeds.atom_feed(model.site, model.config.urls, lang)
        whole = _whole_tree_feed(made)
        assert made == whole
        assert feeds.atom_feed(model.site, model.config.urls, lang, Store()) == whole  # filling the store
        assert feeds.atom_feed(model.site, model.config.urls, lang, Store()) == whole  # from the store
    assert sorted(kind for _, _, kind in kept) == ["atom"] * 6
    # Without events the feed is just its head.
    from dataclasses import replace

    empty = replace(model.site, events=())
    made = feeds.atom_feed(empty, model.config.urls, "de")
    assert made == _whole_tree_feed(made)
    assert ET.fromstring(feeds.atom_feed(empty, model.config.urls, "de")).find("atom:entry", NS) is None
