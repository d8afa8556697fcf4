"""One Atom feed (RFC 4287) per language: ``/<lang>/feed.xml``.

Every event is an entry, newest event first, also the events whose recap
exists only in another language: such an entry carries the title and summary
in the language they are written in (its ``xml:lang``) and links to the
translation that exists (``hreflang``). Entry ids come from the event id and
the feed's language (see :func:`~recap_site.outputs.common.stable_id`).
"""

from __future__ import annotations

from typing import Iterator
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from ..model import Event, Site
from ..paths import UrlScheme
from ..write import Output
from .common import EventDataStore, last_modified, midnight, newest, site_zone, stable_id

ATOM_NS = "http://www.w3.org/2005/Atom"


def feed_outputs(site: Site, urls: UrlScheme, store: EventDataStore | None = None) -> Iterator[Output]:
    for lang in site.languages:
        yield Output(urls.output_path(urls.feed(lang)), "content/events", data=atom_feed(site, urls, lang, store))


def atom_feed(site: Site, urls: UrlScheme, lang: str, store: EventDataStore | None = None) -> bytes:
    """The feed as ElementTree writes it, indented; each entry is serialized
    on its own (and kept in ``store``: it changes only with its event) and
    put where the whole tree would have it. A test compares the result with
    ElementTree's serialization of the whole feed."""
    zone = site_zone(site)
    # Namespaces are written as plain attributes, so that no prefix is
    # registered globally in ElementTree.
    feed = Element("feed", {"xmlns": ATOM_NS, "xml:lang": lang})
    _text(feed, "id", stable_id(site, "feed", lang))
    _text(feed, "title", site.title[lang])
    _text(feed, "subtitle", site.description[lang])
    SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml",
                              "href": urls.absolute(urls.feed(lang))})
    SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "hreflang": lang,
                              "href": urls.absolute(urls.home(lang))})
    _text(feed, "updated", midnight(newest(site.events, zone), zone).isoformat())
    author = SubElement(feed, "author")  # for entries without organizers
    _text(author, "name", site.title[lang])
    _text(author, "uri", urls.absolute(urls.home(lang)))
    _text(feed, "generator", "recap-site")
    if not site.events:
        indent(feed)
        return tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
    SubElement(feed, "entry")  # stands for the entries: where they go, and their indentation
    indent(feed)
    head, tail = tostring(feed, encoding="utf-8", xml_declaration=True).split(b"<entry />")
    entries = []
    for event in site.events:
        data = store.get(event, lang, "atom") if store is not None else None
        if data is None:
            entry = _entry(site, urls, event, lang)
            indent(entry, level=1)
            data = tostring(entry, encoding="utf-8")
            if store is not None:
                store.put(event, lang, "atom", data)
        entries.append(data)
    # Between two entries, the indentation the placeholder's tail has in the head.
    return head + b"\n  ".join(entries) + tail + b"\n"


def _entry(site: Site, urls: UrlScheme, event: Event, lang: str) -> Element:
    zone = site_zone(site)
    translation = event.translations[lang]
    entry = Element("entry", {"xml:lang": translation.text_lang})
    _text(entry, "id", stable_id(site, "events", event.id, lang))
    _text(entry, "title", translation.title)
    SubElement(entry, "link", {
        "rel": "alternate", "type": "text/html",
        "hreflang": translation.lang if translation.exists else translation.fallback_lang,
        "href": urls.absolute(translation.url),
    })
    _text(entry, "updated", midnight(last_modified(event, zone), zone).isoformat())
    for organization in event.organizers:
        author = SubElement(entry, "author")
        _text(author, "name", organization.name[lang])
        if organization.url:
            _text(author, "uri", organization.url)
    for topic in event.topics:
        SubElement(entry, "category", {"term": topic.id, "label": topic.label[lang]})
    if translation.summary:
        summary = _text(entry, "summary", translation.summary)
        if translation.summary_lang != translation.text_lang:
            summary.set("xml:lang", translation.summary_lang)
    if translation.exists:
        # Relative links in the recap resolve against its page.
        content = _text(entry, "content", translation.body_html)
        content.set("type", "html")
        content.set("xml:base", urls.absolute(translation.url))
        if translation.lang != translation.text_lang:
            content.set("xml:lang", translation.lang)
    return entry


def _text(parent: Element, tag: str, text: str) -> Element:
    child = SubElement(parent, tag)
    child.text = text
    return child
