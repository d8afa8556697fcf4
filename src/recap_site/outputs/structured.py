"""What a page tells machines in its <head>: feeds, Open Graph, Twitter
card, and schema.org Event JSON-LD on event pages.

:class:`PageMetaBuilder` computes one :class:`PageMeta` per route; the
layouts (``partials/head-meta.html``, ``event.html``) only print it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from babel import Locale
from babel.core import get_global
from markupsafe import Markup

from ..model import Event, EventTranslation, PageTranslation, Route, Site
from ..paths import UrlScheme
from .cards import HEIGHT as CARD_HEIGHT, WIDTH as CARD_WIDTH
from .common import is_timed, site_zone

ATTENDANCE_MODES = {
    "in-person": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}
# Characters that could end a <script> element or open an HTML comment or
# entity inside it; JSON allows them escaped, so the data stays the same.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


@dataclass(frozen=True)
class FeedLink:
    url: str
    title: str
    lang: str


@dataclass(frozen=True)
class PageMeta:
    description: str
    feeds: tuple[FeedLink, ...]  # <link rel="alternate" type="application/atom+xml">
    open_graph: tuple[tuple[str, str], ...]  # (property, content), in order; og:locale:alternate repeats
    twitter: tuple[tuple[str, str], ...]  # (name, content)
    json_ld: Markup | None  # event pages: safe to print inside <script type="application/ld+json">
    calendar_url: str | None  # event pages: this event's .ics
    feed_url: str  # the page language's feed
    calendars_url: str  # the page language's calendar.ics


@lru_cache(maxsize=None)
def og_locale(lang: str) -> str:
    """``de`` -> ``de_DE``, ``en`` -> ``en_US``: the language with its most likely territory."""
    likely = get_global("likely_subtags").get(lang, lang)
    locale = Locale.parse(likely)
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def json_for_script(data: object) -> Markup:
    """JSON that cannot end its <script> element, whatever the strings hold."""
    return Markup(json.dumps(data, ensure_ascii=False, indent=2).translate(_SCRIPT_SAFE))


class PageMetaBuilder:
    def __init__(self, site: Site, urls: UrlScheme, cards: bool = True) -> None:
        """``cards``: events without pictures have a social card (site.yaml social_cards)."""
        self.site = site
        self.urls = urls
        self.cards = cards

    def __call__(self, route: Route) -> PageMeta:
        site, urls, lang = self.site, self.urls, route.lang
        event = getattr(route.data, "event", None)
        recap = getattr(route.data, "recap", None)
        is_event = isinstance(event, Event) and isinstance(recap, EventTranslation)
        page = getattr(route.data, "page", None)
        summary = recap.summary if is_event else page.summary if isinstance(page, PageTranslation) else None
        description = summary or site.description[lang]
        # The language chooser serves every language: it names every feed.
        feed_langs = site.languages if route.url == urls.root() else (lang,)
        feeds = tuple(
            FeedLink(urls.feed(code), f"{site.title[code]} (Atom, {Locale.parse(code).get_display_name(code)})", code)
            for code in feed_langs
        )
        og = [
            ("og:title", route.title),
            ("og:description", description),
            ("og:url", urls.absolute(route.url)),
            ("og:type", "article" if is_event or route.template == "page.html" else "website"),
            ("og:site_name", site.title[lang]),
            ("og:locale", og_locale(lang)),
        ]
        og += [("og:locale:alternate", og_locale(other)) for other in route.alternates if other != lang]
        image = event.images[0] if is_event and event.images else None
        picture: tuple[str, str] | None = None  # (absolute URL, description)
        if image is not None:
            picture = (urls.absolute(image.url), image.alt[lang])
            og.append(("og:image", picture[0]))
            if image.width and image.height:
                og += [("og:image:width", str(image.width)), ("og:image:height", str(image.height))]
            og.append(("og:image:alt", picture[1]))
        elif is_event and self.cards:  # its social card (outputs.cards)
            picture = (urls.absolute(urls.event_card(recap.url)), route.title)
            og += [("og:image", picture[0]), ("og:image:type", "image/png"), ("og:image:width", str(CARD_WIDTH)),
                   ("og:image:height", str(CARD_HEIGHT)), ("og:image:alt", picture[1])]
        twitter = [("twitter:card", "summary_large_image" if picture is not None else "summary"),
                   ("twitter:title", route.title), ("twitter:description", description)]
        if picture is not None:
            twitter += [("twitter:image", picture[0]), ("twitter:image:alt", picture[1])]
        twitter = tuple(twitter)
        return PageMeta(
            description=description,
            feeds=feeds,
            open_graph=tuple(og),
            twitter=twitter,
            json_ld=json_for_script(event_json_ld(site, urls, event, recap)) if is_event else None,
            calendar_url=urls.event_calendar(recap.url) if is_event else None,
            feed_url=urls.feed(lang),
            calendars_url=urls.calendar(lang),
        )


def event_json_ld(site: Site, urls: UrlScheme, event: Event, recap: EventTranslation) -> dict:
    """A schema.org Event for one recap page."""
    lang = recap.lang
    page = urls.absolute(recap.url)
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": recap.title,
        "url": page,
        "inLanguage": lang,
        **_dates(site, event),
        "eventAttendanceMode": ATTENDANCE_MODES[event.format],
        "eventStatus": "https://schema.org/EventScheduled",
        "location": _location(event, lang, page),
    }
    if recap.summary:
        data["description"] = recap.summary
    if event.images:
        data["image"] = [urls.absolute(image.url) for image in event.images]
    if event.organizers:
        data["organizer"] = [_organization(org, lang) for org in event.organizers]
    return data


def _dates(site: Site, event: Event) -> dict[str, str]:
    """Times with the UTC offset the site's time zone has on that date; or
    dates alone (an all-day event's endDate is its last day)."""
    zone = site_zone(site)
    if is_timed(event):
        dates = {"startDate": _moment(event.start, zone)}
        if event.end is not None:
            dates["endDate"] = _moment(event.end, zone)
        return dates
    return {"startDate": event.first_day.isoformat(), "endDate": event.last_day.isoformat()}


def _moment(value: datetime, zone) -> str:
    return value.astimezone(zone).isoformat()


def _location(event: Event, lang: str, page: str) -> dict | list[dict]:
    places = []
    if event.venue is not None:
        venue = event.venue
        address = {"@type": "PostalAddress"}
        for key, value in (("streetAddress", venue.street), ("postalCode", venue.postal_code),
                           ("addressLocality", venue.city), ("addressCountry", venue.country)):
            if value:
                address[key] = value
        places.append({"@type": "Place", "name": venue.name[lang], "address": address})
    if event.format in ("online", "hybrid") or event.venue is None:
        # An archived online event often has no address left: the recap page stands in.
        places.append({"@type": "VirtualLocation", "url": event.online_url or page})
    return places[0] if len(places) == 1 else places


def _organization(org, lang: str) -> dict:
    data = {"@type": "Organization", "name": org.name[lang]}
    if org.url:
        data["url"] = org.url
    return data
