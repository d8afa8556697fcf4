"""``/sitemap.xml`` and ``/robots.txt``.

The sitemap lists every HTML page except the 404 page. Each entry names the
versions of that page in every language it exists in (``xhtml:link``,
the same alternates as the page's <head>, so they are reciprocal) and a
``lastmod`` from the content:

* an event page: the event's content date (see :mod:`.common`);
* a list of events (home, years, topics, …): the newest of the events it shows;
* any other page built from the events (year and term overviews, outcomes,
  the language chooser): the newest event of the site;
* a plain page: none, as it has no date in its content.
"""

from __future__ import annotations

from html import escape
from typing import Iterator

from ..model import EventPage, PlainPage, Route, Site
from ..paths import UrlScheme
from ..write import Output
from .common import OutputStore, last_modified, newest, site_zone, whole_site_output

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def sitemap_outputs(site: Site, urls: UrlScheme, files: OutputStore | None = None) -> Iterator[Output]:
    """``files`` (the incremental layer): the last build's sitemap while the site is the same
    but for the recaps' texts, which it does not show."""
    yield whole_site_output(files, urls.output_path(urls.sitemap()), "content", lambda: sitemap(site, urls))
    yield Output(urls.output_path(urls.robots()), "content/site.yaml", data=robots(urls))


def sitemap(site: Site, urls: UrlScheme) -> bytes:
    """The XML ElementTree writes of it (``indent`` and ``tostring`` with the declaration),
    written line by line: ElementTree's serializer is slow, and every build writes the
    sitemap. ``tests/test_sitemap.py`` compares the two byte for byte."""
    zone = site_zone(site)
    # Pages that show no events of their own (the tracker's thousands, the home page, …) change
    # with the newest event: worked out once, not once a page.
    newest_of_all = newest(site.events, zone).isoformat() if site.events else None
    lines = []
    for route in site.routes:
        if route.url == urls.not_found():
            continue
        lines.append(f"  <url>\n    <loc>{_escape_text(urls.absolute(route.url))}</loc>")
        lastmod = _lastmod(route, zone, newest_of_all)
        if lastmod:
            lines.append(f"    <lastmod>{_escape_text(lastmod)}</lastmod>")
        if route.alternates:
            for lang, url in route.alternates.items():
                lines.append(_alternate(lang, urls.absolute(url)))
            lines.append(_alternate("x-default", urls.absolute(route.x_default)))
        lines.append("  </url>")
    head = f"<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=\"{SITEMAP_NS}\" xmlns:xhtml=\"{XHTML_NS}\""
    if not lines:
        return f"{head} />\n".encode("utf-8")
    return "\n".join([head + ">", *lines, "</urlset>\n"]).encode("utf-8")


def _alternate(lang: str, href: str) -> str:
    return f'    <xhtml:link rel="alternate" hreflang="{_escape_attribute(lang)}" href="{_escape_attribute(href)}" />'


def _escape_text(text: str) -> str:
    """Text as ElementTree escapes it: &, < and >. (html.escape, not xml.sax.saxutils, which imports
    urllib.request, and with it http and ssl, a fiftieth of a second of every build's start.)"""
    return escape(text, quote=False)


_IN_ATTRIBUTE = str.maketrans({'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"})


def _escape_attribute(text: str) -> str:
    """An attribute's value as ElementTree escapes it (quotes, and the line ends as numbers)."""
    return escape(text, quote=False).translate(_IN_ATTRIBUTE)


def _lastmod(route: Route, zone, newest_of_all: str | None) -> str | None:
    if isinstance(route.data, EventPage):
        return last_modified(route.data.event, zone).isoformat()
    if isinstance(route.data, PlainPage):
        return None
    shown = getattr(route.data, "events", None)
    return newest(shown, zone).isoformat() if shown else newest_of_all


def robots(urls: UrlScheme) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(urls.sitemap())}\n".encode("utf-8")
