"""Assemble the site model: translations, cross-references and routes.

Takes the validated :class:`~recap_site.content.Content`, renders every
recap's Markdown, and decides which pages exist in which language. The result
is one frozen :class:`~recap_site.model.Site` that templates read as is.
"""

from __future__ import annotations

import re
import unicodedata

from bisect import bisect_left
from collections import defaultdict
from itertools import combinations
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Iterable, Mapping
from urllib.parse import urlsplit

from babel import Locale
from babel.dates import format_date, format_datetime, format_interval, format_skeleton

from .config import SiteConfig
from .content import (MAX_EVENT_HINTS, Content, MarkdownSource, bundle_file, bundle_url, file_name_key, held_back,
                      registry_label)
from . import filetypes, markdown as recap_markdown, paths
from .markdown import PageIds
from .cache import BuildCache, RenderedMarkdown, digest, recording
from .errors import Report
from .images import display_size
from .markdown import OFFSET, LinkContext, RecapMarkdown
from .model import (
    PAGE_RECORDS, Event, EventTranslation, Image, LanguageLink, Page, PageTranslation, Route, Site, local_day,
)
from .outcomes import FACETS, OPEN, commitments, facet_values, track_outcomes
from .parallel import map_indexes
from .paths import EVENT_PICTURES_KEPT, PAGE_PICTURES_KEPT, TAXONOMIES, page_file_problem

HOME_EVENTS = 6
RELATED_EVENTS = 3
TRACKER_PAGE_SIZE = 50  # rows of the outcomes tracker per page (a page stays far below 200 KB)
TERM_OUTCOMES = 10  # outcomes a topic's or organization's page lists before it links the tracker


def alphabetical(text: str) -> str:
    """The key of ``text`` in an alphabetical list, as a German reader looks things up (DIN 5007-1):
    a letter with an umlaut or accent with its base letter (Ärztekammer under A, Émile under E),
    case and ß folded (ß as ss)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def assemble(config: SiteConfig, content: Content, images: Mapping[str, tuple[Image, ...]],
             strings: Mapping[str, Mapping[str, str]], report: Report, cache: BuildCache | None = None,
             jobs: int = 1, page_ids: PageIds = PageIds()) -> Site:
    """The site model: every event with its published ``images`` (event id -> images, see
    images.publish_event_images) and its translations, the pages, the routes, and the files
    recaps link to (``files``, published by images.publish_linked_files)."""
    rendered = convert_markdown(config, content, strings, cache, jobs, page_ids)
    events = track_outcomes(tuple(sorted(
        (_translate_event(config, content, event, images.get(event.id, event.images), rendered, report)
         for event in content.events),
        key=lambda e: (e.first_day, e.id), reverse=True,
    )), content.today)
    pages = tuple(_translate_page(config, content, page, rendered, report) for page in content.pages)
    for _, recaps in content.broken.values():  # not published, but their problems are reported
        for md in recaps.values():
            _convert(config, content, md, rendered, report)
    _unpublished_files(content, rendered, report)
    _links_to_drafts(content, rendered, report)
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
        people=MappingProxyType(content.people),
        files=MappingProxyType(_linked_files(content, rendered)),
    )
    return replace(site, routes=tuple(_Routes(config, site, strings).all()))


def _linked_files(content: Content, rendered: dict[str, RenderedMarkdown]) -> dict[str, Path]:
    """URL -> bundle file, for each file a published recap links to (as its conversion,
    or this build's check of a cached one, found it)."""
    files = {}
    for event in content.events:
        bundle = content.bundles[event.id]
        for md in content.recaps[event.id].values():
            for kind, name, url in rendered[md.rel].lookups:
                if kind == "file" and url is not None:
                    files[url] = bundle_file(bundle, name)[0] or bundle.joinpath(*name.split("/"))
    return files


def _links_to_drafts(content: Content, rendered: dict[str, RenderedMarkdown], report: Report) -> None:
    """A build with --drafts (recap serve's) shows drafts and embargoed events, and a published
    event's or page's link to one works there; the build without --drafts stops at it with an
    error (Content.link_problem). The preview says so at the link's line, so that CI's error
    is no surprise. (recap check and a build without --drafts give the error instead.)"""
    shown = {event.id: held_back(event.draft, event.publish_after) for event in content.events
             if (event.draft or event.embargoed) and event.id not in content.unpublished}
    if not shown:
        return

    def message(target: str) -> str:
        return (f"links to event '{target}', which is {shown[target]}: this preview shows the link, but recap build "
                "without --drafts stops at it with an error; publish that event first, or remove the link")

    sources = [md for event in content.events if event.id not in shown for md in content.recaps[event.id].values()]
    sources += [md for page in content.pages for md in page.translations.values()]
    for md in sources:
        targets = {argument: None for kind, argument, url in rendered[md.rel].lookups
                   if kind == "event" and url is not None and argument in shown}
        for target in targets:
            index = _find(md.body, f"event:{target}", 0)
            report.warning(md.rel, md.body_line + (md.body.count("\n", 0, index) if index >= 0 else 0),
                           message(target))
    drafts_urls = {url: target for target in shown for url in content.event_urls[target].values()}
    for event in content.events:
        if event.id in shown:
            continue
        lines = None
        for number, outcome in enumerate(event.outcomes, start=1):
            target = next((drafts_urls[url] for url in (outcome.link.texts.values() if outcome.link else ())
                           if url in drafts_urls), None)
            if target is None:
                continue
            if lines is None:
                lines = _text_lines(content.bundles[event.id] / "event.yaml")
            line = next((n for n, text in enumerate(lines, start=1)
                         if n >= outcome.line and f"event:{target}" in text), outcome.line)
            report.warning(event.source, line, f"outcomes[{number}].link: {message(target)}")


def _text_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _unpublished_files(content: Content, rendered: dict[str, RenderedMarkdown], report: Report) -> None:
    """A file in an event's folder that neither its facts (images:) nor its recaps name is not
    published: a picture put into the folder and forgotten under images: would vanish unseen.
    ``content.files`` are the files at the top of each folder: the facts publish one by its name."""
    published = {(path.parent, path.name) for path in content.media.values()}  # once, not once per event
    for event in content.events:
        names = content.files.get(event.id, ())
        if not names:
            continue
        bundle = content.bundles[event.id]
        used = {name for name in names if (bundle, name) in published}
        for md in content.recaps[event.id].values():
            used.update(name for kind, name, _ in rendered[md.rel].lookups if kind == "file")
        used = {file_name_key(name) for name in used}  # as content.bundle_file finds a file
        for name in names:
            if file_name_key(name) in used:
                continue
            rel = PurePosixPath(event.source).parent.joinpath(name).as_posix()
            if filetypes.publishable_ending(name):
                report.warning(rel, 0, (
                    "this file is not published: neither event.yaml nor a recap names it; list a picture "
                    f"under images: in event.yaml, or link the file in the recap ([Text]({name})), or "
                    "delete it"))
            else:
                report.warning(rel, 0, "this file is not published (a file of this kind never is): delete it, "
                                       "or keep it outside content/")


# Translations ----------------------------------------------------------------
def assemble_event(config: SiteConfig, content: Content, images: tuple[Image, ...],
                   strings: Mapping[str, Mapping[str, str]], report: Report,
                   events: tuple[Event, ...], page_ids: PageIds = PageIds()) -> tuple[Event, dict[str, Path]]:
    """The single event of ``content`` (from :func:`content.reload_event`)
    with its published ``images`` and its recaps converted: what :func:`assemble`
    makes of it, with the other ``events`` (the last build's) as they were;
    and the files its recaps link to (URL -> file)."""
    rendered = convert_markdown(config, content, strings, None, 1, page_ids)
    event = _translate_event(config, content, content.events[0], images, rendered, report)
    others = tuple(event if other.id == event.id else other for other in events)
    return (next(other for other in track_outcomes(others, content.today) if other.id == event.id),
            _linked_files(content, rendered))


def convert_markdown(config: SiteConfig, content: Content, strings: Mapping[str, Mapping[str, str]],
                     cache: BuildCache | None, jobs: int, page_ids: PageIds = PageIds()) -> dict[str, RenderedMarkdown]:
    """Every recap and page as HTML, by source path: from the cache when its
    text, language, Markdown setup and link answers are unchanged, else
    converted, across ``jobs`` processes (one Markdown instance per language
    and worker)."""
    documents = [(md, content.bundles[event.id]) for event in content.events
                 for md in content.recaps[event.id].values()]
    documents += [(md, bundle) for bundle, recaps in content.broken.values() for md in recaps.values()]
    documents += [(md, None) for page in content.pages for md in page.translations.values()]
    labels = config.external_link_label
    setup = digest(str(config.allow_raw_html), str(config.max_recap_seconds), *(strings[lang]["footnote_backlink"] for lang in config.languages),
                   *config.iframe_hosts,
                   *(labels[lang] + "\0" + labels.shown_in(lang) for lang in config.languages if labels),
                   urlsplit(config.base_url).hostname or "", *sorted(page_ids.ids), *page_ids.prefixes,
                   *(Path(module.__file__).read_text(encoding="utf-8") for module in (recap_markdown, paths, filetypes)))

    def explainer(bundle):
        """Why an event link fails: the first few unknown ids of one document get a "did you
        mean" (per document, in its order: the same answers in any process, for the cache)."""
        hinted: dict[str, None] = {}

        def explain(event_id: str) -> str:
            if event_id not in hinted and len(hinted) < MAX_EVENT_HINTS:
                hinted[event_id] = None
            return _link_problem(content, bundle, event_id, event_id in hinted)

        return explain

    def resolvers(md: MarkdownSource, bundle) -> dict:
        return {
            "event": lambda event_id: (  # no "did you mean" here: explain_event finds it, for a few
                None if content.link_problem(bundle.name if bundle is not None else None, event_id, hint=False)
                else content.event_urls[event_id][md.lang]
            ),
            # Why not: recorded too, so that a cached message follows its target (unknown, then a draft …).
            "explain_event": explainer(bundle),
            "file": lambda name: bundle_url(config, bundle, name) if bundle is not None else None,
            # Asked only of files "file" accepted; checked again all the same, as it reads the file.
            "size": lambda name: (
                display_size(path) if bundle is not None and (path := bundle_file(bundle, name)[0]) is not None
                else None
            ),
        }

    keys = [digest(setup, md.lang, md.body) for md, _ in documents]
    rendered: dict[str, RenderedMarkdown] = {}
    missing = []
    for index, (md, bundle) in enumerate(documents):
        hit = cache.get_markdown(keys[index]) if cache is not None else None
        if hit is not None and hit.still_valid(resolvers(md, bundle)):
            rendered[md.rel] = hit
        else:
            missing.append(index)

    converters: dict[str, RecapMarkdown] = {}  # made once per process, on first use

    def convert(number: int) -> RenderedMarkdown:
        md, bundle = documents[missing[number]]
        if md.lang not in converters:
            converters[md.lang] = RecapMarkdown(
                strings[md.lang]["footnote_backlink"], config.allow_raw_html, config.iframe_hosts,
                labels[md.lang] if labels else None, urlsplit(config.base_url).hostname or "",
                config.max_recap_seconds, page_ids,
                labels.shown_in(md.lang) if labels and labels.shown_in(md.lang) != md.lang else None,
            )
        lookups: list = []
        resolve = resolvers(md, bundle)
        context = LinkContext(resolve_event=recording(resolve["event"], "event", lookups),
                              resolve_file=recording(resolve["file"], "file", lookups),
                              resolve_size=recording(resolve["size"], "size", lookups),
                              explain_file=lambda name: bundle_file(bundle, name)[1] if bundle is not None
                              else page_file_problem(name),
                              explain_event=recording(resolve["explain_event"], "explain_event", lookups),
                              pictures_kept=EVENT_PICTURES_KEPT if bundle is not None else PAGE_PICTURES_KEPT)
        html = converters[md.lang].convert(md.body, context)
        return RenderedMarkdown(html, tuple(context.problems), tuple(lookups))

    fresh = map_indexes(convert, len(missing), jobs)
    for index, result in zip(missing, fresh):
        rendered[documents[index][0].rel] = result
    if cache is not None:
        for key, (md, _) in zip(keys, documents):
            cache.put_markdown(key, rendered[md.rel])
    return rendered


def _find(body: str, needle: str, start: int) -> int:
    """Where ``needle`` stands in ``body``; when it is not there as written (the text had
    formatting, a reference link), where its longest first words or its first line do."""
    index = body.find(needle, start)
    if index >= 0:
        return index
    if needle.startswith("![]("):  # a picture without a description, written with a space: ![ ](…)
        found = re.search(r"!\[\s*\]\(\s*<?" + re.escape(needle[4:]), body[start:])
        if found:
            return start + found.start()
        needle = needle[2:]
    first = needle.removeprefix("](").split("\n")[0]
    candidates = [first, first.split('="')[0] + "=" if '="' in first else "", first.lstrip("#-*+ ")]
    words = first.split(" ")
    candidates += [" ".join(words[:count]) for count in range(len(words) - 1, 0, -1)]
    for candidate in candidates:
        if len(candidate) >= 3:
            index = body.find(candidate, start)
            if index >= 0:
                return index
    return -1


def _link_problem(content: Content, bundle, event_id: str, hint: bool = True) -> str:
    problem = content.link_problem(bundle.name if bundle is not None else None, event_id, hint) or ""
    return "link to " + problem if problem.startswith("unknown") else problem


def _convert(config: SiteConfig, content: Content, source: MarkdownSource,
             rendered: dict[str, RenderedMarkdown], report: Report, bundle=None) -> str:
    """The HTML of one recap or page; its link problems go to the report with their line."""
    result = rendered[source.rel]
    html = result.html
    after: dict[tuple[str, str], int] = {}  # a problem found before: the next one like it is further down
    for needle, message, severity in result.problems:
        if needle.startswith(OFFSET):
            index = int(needle[len(OFFSET):]) if needle[len(OFFSET):].isdigit() else -1
        else:
            index = _find(source.body, needle, after.get((needle, message), 0)) if needle else -1
            if index >= 0:
                after[(needle, message)] = index + 1
        line = source.body_line + (source.body.count("\n", 0, index) if index >= 0 else 0)
        (report.warning if severity == "warning" else report.error)(source.rel, line, message)
    return html


def _translate_event(config, content, event: Event, images: tuple[Image, ...], rendered, report) -> Event:
    recaps = content.recaps[event.id]
    urls = content.event_urls[event.id]
    translations = {}
    for lang in config.languages:
        md = recaps.get(lang)
        fallback = None if md else next(l for l in config.languages if urls[l] == urls[lang] and l in recaps)
        title = (md.title if md and md.title else None) or event.title[lang]
        summary = (md.summary if md and md.summary else None) or (event.summary[lang] if event.summary else "")
        # The language each text is written in: the recap's head's own, else the one event.yaml's
        # text is shown in (its language, or the one it falls back to).
        text_lang = lang if md and md.title else event.title.shown_in(lang)
        summary_lang = lang if md and md.summary else event.summary.shown_in(lang) if event.summary else text_lang
        translations[lang] = EventTranslation(
            event_id=event.id,
            lang=lang,
            exists=md is not None,
            title=title,
            summary=summary,
            text_lang=text_lang,
            summary_lang=summary_lang,
            url=urls[lang],
            fallback_lang=fallback,
            source=md.rel if md else None,
            body_html=_convert(config, content, md, rendered, report, content.bundles[event.id]) if md else "",
            date_label=date_label(event.first_day, event.last_day, lang, config),
            time_label=time_label(event.start, event.end, lang, config),
        )
    return replace(
        event,
        images=images,
        translations=MappingProxyType(translations),
        languages=tuple(lang for lang in config.languages if lang in recaps),
    )


def _translate_page(config, content, page, rendered, report) -> Page:
    translations = {
        lang: PageTranslation(
            page_id=page.id,
            lang=lang,
            title=md.title,
            url=config.urls.page(lang, md.slug),
            source=md.rel,
            body_html=_convert(config, content, md, rendered, report),
            summary=md.summary,
        )
        for lang, md in page.translations.items()
    }
    return Page(page.id, MappingProxyType(translations))


# Dates ----------------------------------------------------------------------
def date_label(first: date, last: date, lang: str, config: SiteConfig) -> str:
    """``5. September 2023``; ``15.–17. Oktober 2024``; ``30. September – 2. Oktober 2024``
    (English as site.yaml's locales say: ``15 – 17 October 2024`` in en_GB), with CLDR's thin
    spaces around the dash where CLDR puts spaces.

    A range within one year is CLDR's interval format for day and month
    (Babel's format_interval, skeleton MMMMd), with the year added where the
    locale's long date puts it. ``first`` and ``last`` are the event's days (Event.first_day)."""
    locale = config.locale(lang)
    long_last = format_date(last, "long", locale=locale)
    if last == first:
        return long_last
    if last.year == first.year:
        day_month = format_skeleton("MMMMd", last, locale=locale)
        if long_last.startswith(day_month):  # "17. Oktober" + " 2024", "October 17" + ", 2024"
            return format_interval(first, last, "MMMMd", locale=locale) + long_last[len(day_month):]
    return f"{format_date(first, 'long', locale=locale)}\u2009–\u2009{long_last}"  # spaced as CLDR's intervals


def time_label(start, end, lang: str, config: SiteConfig) -> str | None:
    """``10:00–17:00 (Mitteleuropäische Sommerzeit)``, or None for all-day events."""
    if not isinstance(start, datetime):
        return None
    tz = config.timezone
    locale = config.locale(lang)
    zone = format_datetime(start, "zzzz", tzinfo=tz, locale=locale)
    begin = format_skeleton("Hm", start, tzinfo=tz, locale=locale)
    if isinstance(end, datetime):
        finish = format_skeleton("Hm", end, tzinfo=tz, locale=locale)
        if local_day(end, tz) != local_day(start, tz):
            begin = f"{format_skeleton('MMMd', start, tzinfo=tz, locale=locale)}, {begin}"
            finish = f"{format_skeleton('MMMd', end, tzinfo=tz, locale=locale)}, {finish}"
        end_zone = format_datetime(end, "zzzz", tzinfo=tz, locale=locale)
        if end_zone != zone:  # the clocks change in between: each time with its own zone
            return f"{begin} ({zone}) – {finish} ({end_zone})"
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
        self.commitments = commitments(site.events)  # the tracker's rows

    def route(self, template: str, lang: str, url: str, title: str, source: str,
              alternates: Mapping[str, str], fallbacks: Mapping[str, str] | None = None, *,
              for_every_language: bool = False, x_default: str | None = None, **data) -> Route:
        """``alternates``: this page in each language it exists in; a switcher
        entry for a language without it leads to ``fallbacks[lang]`` (its home).
        ``for_every_language``: a page that is in no language of its own (the chooser, the
        404 page): its switcher leads to each home, and no entry says "not translated"."""
        languages = tuple(
            LanguageLink(
                lang=other,
                name=self.names[other],
                url=alternates.get(other) or (fallbacks or {}).get(other) or self.urls.home(other),
                available=other in alternates or for_every_language,
                current=other == lang and not for_every_language,
            )
            for other in self.config.languages
        )
        default = self.config.default_lang
        x_default = x_default or alternates.get(default) or next(iter(alternates.values()), url)
        record = PAGE_RECORDS[template](**{key: tuple(value) if isinstance(value, list) else value
                                           for key, value in data.items()})
        return Route(template, lang, url, self.urls.output_path(url), source, title,
                     MappingProxyType(dict(alternates)), x_default, languages, record)

    def every_language(self, make_url) -> dict[str, str]:
        return {lang: make_url(lang) for lang in self.config.languages}

    def t(self, lang: str, key: str) -> str:
        return self.strings[lang][key]

    def all(self) -> Iterable[Route]:
        yield from self.root()
        yield self.not_found()
        for lang in self.config.languages:
            yield self.home(lang)
            yield from self.event_lists(lang)
            yield from self.years(lang)
            for kind in TAXONOMIES:
                yield from self.taxonomy(kind, lang)
            yield from self.tracker(lang)
            yield self.search(lang)
            if self.config.people_pages and self.site.people:
                yield from self.people(lang)
        yield from self.events()
        yield from self.pages()

    def root(self) -> Iterable[Route]:
        lang = self.config.default_lang
        # The chooser is no translation of the home pages; it is their x-default, and names them
        # as the language versions (search engines want one cluster, the same on every page of it).
        homes = self.every_language(self.urls.home)
        yield self.route("root.html", lang, self.urls.root(), self.site.title[lang], "content/site.yaml", homes,
                         for_every_language=True, x_default=self.urls.root(), homes=homes,
                         headings={other: self.t(other, "choose_language") for other in self.config.languages})

    def not_found(self) -> Route:
        """/404.html, in the default language, leading to every language's home."""
        lang = self.config.default_lang
        homes = tuple(
            (other, self.urls.home(other), self.t(other, "not_found_text"), self.site.title[other])
            for other in self.config.languages
        )
        # Its title (the browser's tab) in every language, as its heading is: the reader's may be any.
        title = " · ".join(self.t(other, "not_found_title") for other in self.config.languages)
        return self.route("404.html", lang, self.urls.not_found(), title,
                          "content/site.yaml", {}, for_every_language=True, homes=homes,
                          headings={other: self.t(other, "not_found_title") for other in self.config.languages})

    def home(self, lang: str) -> Route:
        latest = self.site.events[:HOME_EVENTS]
        open_outcomes = [(row.outcome, row.event) for row in self.commitments
                         if row.outcome.track.status in OPEN][:5]
        return self.route("home.html", lang, self.urls.home(lang), self.site.title[lang], "content/site.yaml",
                          self.every_language(self.urls.home), x_default=self.urls.root(), events=latest,
                          open_outcomes=open_outcomes)

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
                # A window, not every page: a list of all pages on every page
                # grows with the square of the archive. None marks a gap.
                "pages": [(n, self.urls.events(lang, n) if n else None) for n in page_window(number, count)],
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
                events.sort(key=series_order)
        return found

    def taxonomy(self, kind: str, lang: str) -> Iterable[Route]:
        registry = getattr(self.site, kind)
        members = self.members(kind)
        terms = sorted(
            ((_label(registry[term_id], lang), self.urls.term(kind, lang, term_id), len(events), registry[term_id])
             for term_id, events in members.items()),
            key=lambda item: alphabetical(item[0]),
        )
        yield self.route("terms.html", lang, self.urls.taxonomy(kind, lang), self.t(lang, kind),
                         f"content/{kind}.yaml",
                         self.every_language(lambda other: self.urls.taxonomy(kind, other)),
                         kind=kind, terms=[item[:3] for item in terms])
        tracked = facet_values(self.commitments, kind) if kind != "series" else {}
        for label, url, _, term in terms:
            if kind == "series":  # each chain once, as the tracker lists it; all of them (it has no series filter)
                ids = {event.id for event in members[term.id]}
                outcomes = [(row.outcome, row.event) for row in self.commitments
                            if any(event.id in ids for event in row.events)]
            else:
                outcomes = [(row.outcome, row.event) for row in tracked.get(term.id, ())]
            yield self.route(
                "term.html", lang, url, label, f"content/{kind}.yaml",
                self.every_language(lambda other: self.urls.term(kind, other, term.id)),
                kind=kind, term=term, events=members[term.id],
                outcomes=outcomes if kind == "series" else outcomes[:TERM_OUTCOMES],
                outcome_count=len(outcomes),
                all_outcomes=self.urls.outcomes(lang, kind, term.id) if kind != "series" and outcomes else None,
            )

    def search(self, lang: str) -> Route:
        """The search page; Pagefind's index of this language does the rest (see recap_site.search)."""
        # Without JavaScript (no search box), the ways to browse the archive instead.
        browse = ((self.t(lang, "all_events"), self.urls.events(lang)), (self.t(lang, "years"), self.urls.years(lang)),
                  *((self.t(lang, kind), self.urls.taxonomy(kind, lang)) for kind in TAXONOMIES),
                  *(((self.t(lang, "people"), self.urls.people(lang)),) if self.config.people_pages and self.site.people
                    else ()))
        return self.route("search.html", lang, self.urls.search(lang), self.t(lang, "search"), "content/site.yaml",
                          self.every_language(self.urls.search), browse=browse,
                          search_bundle=self.urls.search_bundle())

    def tracker(self, lang: str) -> Iterable[Route]:
        """The outcomes tracker: every chain, then each facet value's; paginated. Status is no
        page of its own: every selection lists its rows grouped by status, and the status links
        lead to where each group starts (an outcome is on at most eight pages, not sixteen)."""
        rows = self.commitments
        facets = {facet: facet_values(rows, facet) for facet in FACETS if facet != "status"}
        labels = {facet: {value: self.facet_label(facet, value, lang) for value in values}
                  for facet, values in facets.items()}
        overview = {facet: [(labels[facet][value], self.urls.outcomes(lang, facet, value), len(members))
                            for value, members in values.items()] for facet, values in facets.items()}
        for facet in ("topics", "organizations", "regions"):
            overview[facet].sort(key=lambda item: alphabetical(item[0]))
        yield from self.tracker_pages(lang, rows, None, None, overview, labels)
        for facet, values in facets.items():
            for value, members in values.items():
                yield from self.tracker_pages(lang, members, facet, value, overview, labels)

    def tracker_pages(self, lang: str, rows, facet, value, overview, labels) -> Iterable[Route]:
        """One selection's pages: ``rows`` narrowed to ``facet`` = ``value`` (None: all), grouped by
        their latest status in its declared order, TRACKER_PAGE_SIZE rows a page."""
        groups = facet_values(rows, "status")
        ordered = [row for members in groups.values() for row in members]
        first, position = {}, 0  # status -> the index of its first row in ``ordered``
        for status, members in groups.items():
            first[status], position = position, position + len(members)
        count = max(1, -(-len(ordered) // TRACKER_PAGE_SIZE))

        def url(other, n):
            return self.urls.outcomes(other, facet, value, n)

        statuses = [(status, url(lang, first[status] // TRACKER_PAGE_SIZE + 1) + f"#status-{status}", len(members))
                    for status, members in groups.items()]
        title = self.t(lang, "outcomes") + (f": {labels[facet][value]}" if facet is not None else "")
        for number in range(1, count + 1):
            start, stop = (number - 1) * TRACKER_PAGE_SIZE, number * TRACKER_PAGE_SIZE
            sections = []  # (status, rows in the group, its rows on this page, continued from the page before)
            for status, members in groups.items():
                begin, end = first[status], first[status] + len(members)
                if begin < stop and end > start:
                    shown = ordered[max(start, begin):min(stop, end)]
                    # (outcome, event) pairs: the build's fingerprints hash an event once, not per page.
                    sections.append((status, len(members), [(row.outcome, row.event) for row in shown], begin < start))
            pagination = {
                "number": number, "count": count,
                "previous": url(lang, number - 1) if number > 1 else None,
                "next": url(lang, number + 1) if number < count else None,
                "pages": [(n, url(lang, n) if n else None) for n in page_window(number, count)],
            }
            page_title = title if number == 1 else title + " – " + self.t(lang, "page_n").format(n=number)
            yield self.route(
                "outcomes.html", lang, url(lang, number), page_title, "content/events",
                self.every_language(lambda other, n=number: url(other, n)),
                sections=sections, total=len(ordered), pagination=pagination, facet=facet, value=value,
                selection=labels[facet][value] if facet is not None else None, statuses=statuses,
                overview=overview if facet is None and number == 1 else None,
                data=(self.urls.outcomes_data(lang, "csv"), self.urls.outcomes_data(lang, "json"),
                      self.urls.upcoming_calendar(lang)),
            )

    def facet_label(self, facet: str, value: str, lang: str) -> str:
        if facet == "kind":
            return self.t(lang, "outcome." + value)
        if facet == "year":
            return value
        return _label(getattr(self.site, facet)[value], lang)

    def people(self, lang: str) -> Iterable[Route]:
        """The people of content/people.yaml, and each one's sessions, newest first."""
        sessions: dict[str, list] = defaultdict(list)
        for event in self.site.events:
            for session in event.programme:
                for speaker in session.speakers:
                    if speaker.person is not None:
                        sessions[speaker.person.id].append((event, session, speaker))
        # By family name, as a list of people is looked up: the last word of the name.
        people = sorted(self.site.people.values(),
                        key=lambda p: (alphabetical((p.name.split() or [""])[-1]), alphabetical(p.name)))
        with_page = self.members("organizations") if any(person.organization for person in people) else {}
        yield self.route("people.html", lang, self.urls.people(lang), self.t(lang, "people"),
                         "content/people.yaml", self.every_language(self.urls.people),
                         people=[(person, self.urls.person(lang, person.id), len(sessions[person.id]))
                                 for person in people])
        for person in people:
            yield self.route(
                "person.html", lang, self.urls.person(lang, person.id), person.name, "content/people.yaml",
                self.every_language(lambda other: self.urls.person(other, person.id)),
                person=person, sessions=sessions[person.id],
                organization_url=self.urls.term("organizations", lang, person.organization.id)
                if person.organization and person.organization.id in with_page else None,
            )

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


def page_window(number: int, count: int, around: int = 2) -> list[int | None]:
    """Page numbers to link from page ``number``: the first, the last and
    ``around`` on each side; 0 stands for a gap (rendered as "…").

    >>> page_window(10, 200)
    [1, 0, 8, 9, 10, 11, 12, 0, 200]
    """
    shown = sorted({1, count, *range(max(1, number - around), min(count, number + around) + 1)})
    window: list[int] = []
    for n in shown:
        if window and n == window[-1] + 2:
            window.append(n - 1)  # a gap of one page: show the page
        elif window and n > window[-1] + 1:
            window.append(0)
        window.append(n)
    return window


def _label(term, lang: str) -> str:
    return registry_label(term)[lang]


def _capitalize(name: str) -> str:
    return name[:1].upper() + name[1:]


def event_neighbours(event: Event, events: tuple[Event, ...]) -> dict[str, object]:
    """What one event's page shows of the others (its related events and
    series neighbours) with ``event`` in the place of its old version in
    ``events``: for one page, without working out every event's."""
    others = tuple(event if other.id == event.id else other for other in events)
    previous, following = _series_neighbours(others)[event.id]
    return {"related": _related_by_counting(event, others), "previous": previous, "next": following}


def _related(events: tuple[Event, ...]) -> dict[str, tuple[Event, ...]]:
    """Up to three events sharing the most topics, nearer in time first
    (ties: the smaller id), for every event.

    Comparing each event with every event of its topics grows with the
    square of the archive. Instead every event is listed under each subset of
    its topics, in date order. The events sharing exactly ``c`` topics with
    an event are in the lists of its ``c``-topic subsets, so walking those
    lists outwards from its date, from the most shared topics down, finds the
    three nearest without looking at the rest. Events with very many topics
    are compared one by one (:func:`_related_by_counting`).
    """
    by_subset: dict[tuple[str, ...], list[Event]] = defaultdict(list)
    wide: list[Event] = []
    for event in events:
        ids = _topic_ids(event)
        if len(ids) > INDEXED_TOPICS:
            wide.append(event)
            continue
        for size in range(1, len(ids) + 1):
            for subset in combinations(ids, size):
                by_subset[subset].append(event)
    for members in by_subset.values():
        members.sort(key=lambda e: (e.first_day, e.id))
    dates = {subset: [e.first_day for e in members] for subset, members in by_subset.items()}
    related = {}
    for event in events:
        ids = _topic_ids(event)
        if len(ids) > INDEXED_TOPICS:
            related[event.id] = _related_by_counting(event, events)
            continue
        chosen: list[Event] = []
        for shared in range(len(ids), 0, -1):
            need = RELATED_EVENTS - len(chosen)
            skip = {event.id, *(e.id for e in chosen)}
            candidates = []
            for subset in combinations(ids, shared):
                members = by_subset.get(subset, ())
                if members:
                    candidates += _nearest(event, members, dates[subset], need, skip)
            candidates += [
                (_distance(event, other), other.id, other) for other in wide
                if other.id not in skip and len(set(ids) & set(_topic_ids(other))) == shared
            ]
            chosen += [other for _, _, other in sorted(candidates, key=lambda c: c[:2])[:need]]
            if len(chosen) == RELATED_EVENTS:
                break
        related[event.id] = tuple(chosen)
    return related


INDEXED_TOPICS = 6  # 63 subsets per event at most


def _topic_ids(event: Event) -> tuple[str, ...]:
    return tuple(sorted({topic.id for topic in event.topics}))


def _distance(event: Event, other: Event) -> int:
    return abs((other.first_day - event.first_day).days)


def _nearest(event: Event, members: list[Event], dates: list[date], need: int, skip: set[str]) -> list:
    """The ``need`` members nearest to ``event``'s date, and all tied with the last of them."""
    right = bisect_left(dates, event.first_day)
    left = right - 1
    found: list = []
    while left >= 0 or right < len(members):
        go_left = right >= len(members) or (
            left >= 0 and _distance(event, members[left]) <= _distance(event, members[right]))
        other = members[left] if go_left else members[right]
        if go_left:
            left -= 1
        else:
            right += 1
        distance = _distance(event, other)
        if len(found) >= need and distance > found[-1][0]:
            break
        if other.id not in skip:
            found.append((distance, other.id, other))
    return found


def _related_by_counting(event: Event, events: tuple[Event, ...]) -> tuple[Event, ...]:
    """The same answer as :func:`_related` gives, by comparing with every event."""
    ids = set(_topic_ids(event))
    ranked = sorted(
        ((-len(ids & set(_topic_ids(other))), _distance(event, other), other.id, other)
         for other in events if other.id != event.id and ids & set(_topic_ids(other))),
        key=lambda item: item[:3],
    )
    return tuple(item[3] for item in ranked[:RELATED_EVENTS])


def series_order(event: Event) -> tuple:
    """The one rule for the order of a series: by part (events without one first), then by day."""
    return (event.series_part or 0, event.first_day, event.id)


def _series_neighbours(events: tuple[Event, ...]) -> dict[str, tuple[Event | None, Event | None]]:
    by_series: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.series:
            by_series[event.series.id].append(event)
    neighbours: dict[str, tuple[Event | None, Event | None]] = {e.id: (None, None) for e in events}
    for members in by_series.values():
        members.sort(key=series_order)
        for index, event in enumerate(members):
            neighbours[event.id] = (
                members[index - 1] if index > 0 else None,
                members[index + 1] if index + 1 < len(members) else None,
            )
    return neighbours
