"""Assemble the site model: translations, cross-references and routes.

Takes the validated :class:`~recap_site.content.Content`, renders every
recap's Markdown, and decides which pages exist in which language. The result
is one frozen :class:`~recap_site.model.Site` that templates read as is.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date, datetime
from types import MappingProxyType
from typing import Iterable, Mapping

from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton

from .config import SiteConfig
from .content import Content, MarkdownSource, publish_bundle_file
from .errors import Report
from .markdown import LinkContext, RecapMarkdown
from .model import (
    Event, EventTranslation, LanguageLink, Page, PageTranslation, Route, Site,
)
from .paths import TAXONOMIES

HOME_EVENTS = 6
RELATED_EVENTS = 3


def assemble(config: SiteConfig, content: Content, strings: Mapping[str, Mapping[str, str]],
             report: Report) -> Site:
    converters = {
        lang: RecapMarkdown(strings[lang]["footnote_backlink"], config.allow_raw_html)
        for lang in config.languages
    }
    events = tuple(sorted(
        (_translate_event(config, content, event, converters, report) for event in content.events),
        key=lambda e: (e.start_date, e.id), reverse=True,
    ))
    pages = tuple(_translate_page(config, content, page, converters, report) for page in content.pages)
    site = Site(
        title=config.title,
        description=config.description,
        languages=config.languages,
        default_lang=config.default_lang,
        base_url=config.base_url,
        timezone=config.timezone.key,
        events=events,
        pages=pages,
        organizations=MappingProxyType(content.organizations),
        topics=MappingProxyType(content.topics),
        regions=MappingProxyType(content.regions),
        series=MappingProxyType(content.series),
        routes=(),
    )
    return replace(site, routes=tuple(_Routes(config, site, strings).all()))


# Translations ----------------------------------------------------------------
def _convert(config: SiteConfig, content: Content, source: MarkdownSource, converter: RecapMarkdown,
             report: Report, bundle=None) -> str:
    context = LinkContext(
        resolve_event=lambda event_id: content.event_urls.get(event_id, {}).get(source.lang),
        resolve_file=lambda name: (
            publish_bundle_file(config, bundle, name, content.media) if bundle is not None else None
        ),
    )
    html = converter.convert(source.body, context)
    for needle, message in context.problems:
        index = source.body.find(needle)
        line = source.body_line + (source.body[:index].count("\n") if index >= 0 else 0)
        report.error(source.rel, line, message)
    return html


def _translate_event(config, content, event: Event, converters, report) -> Event:
    recaps = content.recaps[event.id]
    urls = content.event_urls[event.id]
    translations = {}
    for lang in config.languages:
        md = recaps.get(lang)
        fallback = None if md else next(l for l in config.languages if urls[l] == urls[lang] and l in recaps)
        title = (md.title if md and md.title else None) or event.title[lang]
        summary = (md.summary if md and md.summary else None) or (event.summary[lang] if event.summary else "")
        text_lang = lang if md or event.title.has(lang) else fallback
        translations[lang] = EventTranslation(
            event_id=event.id,
            lang=lang,
            exists=md is not None,
            title=title,
            summary=summary,
            text_lang=text_lang,
            url=urls[lang],
            fallback_lang=fallback,
            source=md.rel if md else None,
            body_html=_convert(config, content, md, converters[lang], report, content.bundles[event.id]) if md else "",
            date_label=date_label(event.start, event.end, lang, config),
            time_label=time_label(event.start, event.end, lang, config),
        )
    return replace(
        event,
        translations=MappingProxyType(translations),
        languages=tuple(lang for lang in config.languages if lang in recaps),
    )


def _translate_page(config, content, page, converters, report) -> Page:
    translations = {
        lang: PageTranslation(
            page_id=page.id,
            lang=lang,
            title=md.title,
            url=config.urls.page(lang, md.slug),
            source=md.rel,
            body_html=_convert(config, content, md, converters[lang], report),
        )
        for lang, md in page.translations.items()
    }
    return Page(page.id, MappingProxyType(translations))


# Dates ----------------------------------------------------------------------
def _day(value: date | datetime, config: SiteConfig) -> date:
    if isinstance(value, datetime):
        return value.astimezone(config.timezone).date()
    return value


def date_label(start, end, lang: str, config: SiteConfig) -> str:
    """``5. September 2023``; ``30. September – 2. Oktober 2024``."""
    first = _day(start, config)
    last = _day(end, config) if end is not None else first
    if last == first:
        return format_date(first, "long", locale=lang)
    if last.year == first.year:
        return f"{format_skeleton('MMMMd', first, locale=lang)} – {format_date(last, 'long', locale=lang)}"
    return f"{format_date(first, 'long', locale=lang)} – {format_date(last, 'long', locale=lang)}"


def time_label(start, end, lang: str, config: SiteConfig) -> str | None:
    """``10:00–17:00 (Mitteleuropäische Sommerzeit)``, or None for all-day events."""
    if not isinstance(start, datetime):
        return None
    tz = config.timezone
    zone = format_datetime(start, "zzzz", tzinfo=tz, locale=lang)
    begin = format_skeleton("Hm", start, tzinfo=tz, locale=lang)
    if isinstance(end, datetime):
        finish = format_skeleton("Hm", end, tzinfo=tz, locale=lang)
        if _day(end, config) != _day(start, config):
            begin = f"{format_skeleton('MMMd', start, tzinfo=tz, locale=lang)}, {begin}"
            finish = f"{format_skeleton('MMMd', end, tzinfo=tz, locale=lang)}, {finish}"
        return f"{begin} – {finish} ({zone})"
    return f"{begin} ({zone})"


# Routes ---------------------------------------------------------------------
class _Routes:
    """Every HTML page of the site, in every language it exists in."""

    def __init__(self, config: SiteConfig, site: Site, strings) -> None:
        self.config = config
        self.site = site
        self.urls = config.urls
        self.strings = strings
        self.names = {
            lang: _capitalize(Locale.parse(lang).get_display_name(lang)) for lang in config.languages
        }

    def route(self, template: str, lang: str, url: str, title: str, source: str,
              alternates: Mapping[str, str], fallbacks: Mapping[str, str] | None = None, **data) -> Route:
        """``alternates``: this page in each language it exists in; a switcher
        entry for a language without it leads to ``fallbacks[lang]`` (its home)."""
        languages = tuple(
            LanguageLink(
                lang=other,
                name=self.names[other],
                url=alternates.get(other) or (fallbacks or {}).get(other) or self.urls.home(other),
                available=other in alternates,
                current=other == lang,
            )
            for other in self.config.languages
        )
        default = self.config.default_lang
        x_default = alternates.get(default) or next(iter(alternates.values()), url)
        return Route(template, lang, url, self.urls.output_path(url), source, title,
                     MappingProxyType(dict(alternates)), x_default, languages, MappingProxyType(data))

    def every_language(self, make_url) -> dict[str, str]:
        return {lang: make_url(lang) for lang in self.config.languages}

    def t(self, lang: str, key: str) -> str:
        return self.strings[lang][key]

    def all(self) -> Iterable[Route]:
        yield from self.root()
        for lang in self.config.languages:
            yield self.home(lang)
            yield from self.event_lists(lang)
            yield from self.years(lang)
            for kind in TAXONOMIES:
                yield from self.taxonomy(kind, lang)
            yield self.outcomes(lang)
        yield from self.events()
        yield from self.pages()

    def root(self) -> Iterable[Route]:
        lang = self.config.default_lang
        # The chooser is no translation of the home pages; it is their x-default.
        yield self.route("root.html", lang, self.urls.root(), self.site.title[lang], "content/site.yaml", {},
                         homes=self.every_language(self.urls.home))

    def home(self, lang: str) -> Route:
        latest = self.site.events[:HOME_EVENTS]
        open_outcomes = [
            (outcome, event) for event in self.site.events for outcome in event.outcomes
            if outcome.status != "done"
        ][:5]
        return self.route("home.html", lang, self.urls.home(lang), self.site.title[lang], "content/site.yaml",
                          self.every_language(self.urls.home), events=latest, open_outcomes=open_outcomes)

    def event_lists(self, lang: str) -> Iterable[Route]:
        size = self.config.page_size
        events = self.site.events
        count = max(1, -(-len(events) // size))
        for number in range(1, count + 1):
            pagination = {
                "number": number,
                "count": count,
                "previous": self.urls.events(lang, number - 1) if number > 1 else None,
                "next": self.urls.events(lang, number + 1) if number < count else None,
                "pages": [(n, self.urls.events(lang, n)) for n in range(1, count + 1)],
            }
            title = self.t(lang, "all_events")
            if number > 1:
                title += " – " + self.t(lang, "page_n").format(n=number)
            yield self.route(
                "events.html", lang, self.urls.events(lang, number), title, "content/events",
                self.every_language(lambda other: self.urls.events(other, number)),
                events=events[(number - 1) * size: number * size], pagination=pagination,
            )

    def years(self, lang: str) -> Iterable[Route]:
        by_year: dict[int, list[Event]] = defaultdict(list)
        for event in self.site.events:
            by_year[event.year].append(event)
        years = [(year, self.urls.year(lang, year), len(by_year[year])) for year in sorted(by_year, reverse=True)]
        yield self.route("years.html", lang, self.urls.years(lang), self.t(lang, "years"), "content/events",
                         self.every_language(self.urls.years), years=years)
        for year, url, _ in years:
            yield self.route(
                "year.html", lang, url, self.t(lang, "events_in_year").format(year=year), "content/events",
                self.every_language(lambda other: self.urls.year(other, year)),
                year=year, events=by_year[year],
            )

    def members(self, kind: str) -> dict[str, list[Event]]:
        """Term id -> its events (newest first; a series' events in part order)."""
        found: dict[str, list[Event]] = defaultdict(list)
        for event in self.site.events:
            if kind == "topics":
                ids = [t.id for t in event.topics]
            elif kind == "regions":
                ids = [r.id for r in event.regions]
            elif kind == "organizations":
                speakers = [
                    sp.organization for session in event.programme for sp in session.speakers if sp.organization
                ]
                ids = list(dict.fromkeys(o.id for o in event.organizers + event.partners + tuple(speakers)))
            else:
                ids = [event.series.id] if event.series else []
            for term_id in ids:
                found[term_id].append(event)
        if kind == "series":
            for events in found.values():
                events.sort(key=lambda e: (e.series_part or 0, e.start_date, e.id))
        return found

    def taxonomy(self, kind: str, lang: str) -> Iterable[Route]:
        registry = getattr(self.site, kind)
        members = self.members(kind)
        terms = sorted(
            ((_label(registry[term_id], lang), self.urls.term(kind, lang, term_id), len(events), registry[term_id])
             for term_id, events in members.items()),
            key=lambda item: item[0].casefold(),
        )
        yield self.route("terms.html", lang, self.urls.taxonomy(kind, lang), self.t(lang, kind),
                         f"content/{kind}.yaml",
                         self.every_language(lambda other: self.urls.taxonomy(kind, other)),
                         kind=kind, terms=[item[:3] for item in terms])
        for label, url, _, term in terms:
            yield self.route(
                "term.html", lang, url, label, f"content/{kind}.yaml",
                self.every_language(lambda other: self.urls.term(kind, other, term.id)),
                kind=kind, term=term, events=members[term.id],
            )

    def outcomes(self, lang: str) -> Route:
        outcomes = [(outcome, event) for event in self.site.events for outcome in event.outcomes]
        return self.route("outcomes.html", lang, self.urls.outcomes(lang), self.t(lang, "outcomes"),
                          "content/events", self.every_language(self.urls.outcomes), outcomes=outcomes)

    def events(self) -> Iterable[Route]:
        related = _related(self.site.events)
        series_nav = _series_neighbours(self.site.events)
        for event in self.site.events:
            alternates = {lang: event.translations[lang].url for lang in event.languages}
            for lang in event.languages:
                recap = event.translations[lang]
                yield self.route(
                    "event.html", lang, recap.url, recap.title, recap.source, alternates,
                    self.every_language(self.urls.events),
                    event=event, recap=recap, related=related[event.id],
                    previous=series_nav[event.id][0], next=series_nav[event.id][1],
                )

    def pages(self) -> Iterable[Route]:
        for page in self.site.pages:
            alternates = {lang: tr.url for lang, tr in page.translations.items()}
            for lang, translation in page.translations.items():
                yield self.route("page.html", lang, translation.url, translation.title, translation.source,
                                 alternates, page=translation)


def _label(term, lang: str) -> str:
    for attribute in ("label", "name", "title"):
        if hasattr(term, attribute):
            return getattr(term, attribute)[lang]
    raise AttributeError(term)


def _capitalize(name: str) -> str:
    return name[:1].upper() + name[1:]


def _related(events: tuple[Event, ...]) -> dict[str, tuple[Event, ...]]:
    """Up to three events sharing the most topics, nearer in time first."""
    by_topic: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        for topic in event.topics:
            by_topic[topic.id].append(event)
    related = {}
    for event in events:
        shared = Counter(
            other.id for topic in event.topics for other in by_topic[topic.id] if other.id != event.id
        )
        index = {e.id: e for topic in event.topics for e in by_topic[topic.id]}
        ranked = sorted(
            shared,
            key=lambda other_id: (-shared[other_id], abs((index[other_id].start_date - event.start_date).days), other_id),
        )
        related[event.id] = tuple(index[other_id] for other_id in ranked[:RELATED_EVENTS])
    return related


def _series_neighbours(events: tuple[Event, ...]) -> dict[str, tuple[Event | None, Event | None]]:
    by_series: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.series:
            by_series[event.series.id].append(event)
    neighbours: dict[str, tuple[Event | None, Event | None]] = {e.id: (None, None) for e in events}
    for members in by_series.values():
        members.sort(key=lambda e: (e.series_part or 0, e.start_date, e.id))
        for index, event in enumerate(members):
            neighbours[event.id] = (
                members[index - 1] if index > 0 else None,
                members[index + 1] if index + 1 < len(members) else None,
            )
    return neighbours
