"""The site model: immutable records, built once, handed to templates as is.

:mod:`recap_site.content` builds the facts (``Event`` without translations
yet is never seen outside it); :mod:`recap_site.site` adds URLs, rendered
recaps and the cross-references, and freezes the whole :class:`Site`.
"""

from __future__ import annotations

import collections.abc
import types
import typing
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable, Iterator, Mapping
from zoneinfo import ZoneInfo

EVENT_KINDS = ("network-meeting", "workshop", "conference", "forum", "site-visit", "webinar", "other")
FORMATS = ("in-person", "online", "hybrid")
OUTCOME_KINDS = ("agreement", "project", "next-event", "publication", "contact")
OUTCOME_STATUSES = ("planned", "in-progress", "done", "dropped")  # dropped: given up, not done
OUTCOME_ANCHOR = "outcome-"  # an outcome's id on its pages: outcome-<its id>


def local_day(value: date | datetime, zone: ZoneInfo) -> date:
    """The day a moment falls on in the site's time zone (site.yaml ``timezone``); a day is itself.

    The one rule for "which day is this event on": labels, ``<time datetime>``, year pages,
    feeds, calendars and open data all take an event's days from :class:`Event`, which uses this."""
    return value.astimezone(zone).date() if isinstance(value, datetime) else value


@dataclass(frozen=True)
class LocalizedText:
    """A text in each language; a missing language falls back to the default.

    A plain YAML string is stored once and is the same in every language.
    """

    texts: Mapping[str, str]
    default_lang: str

    def __getitem__(self, lang: str) -> str:
        text = self.texts.get(lang)
        if text is None:
            text = self.texts.get(self.default_lang)
        if text is None:  # a plain string, or only non-default languages given
            text = next(iter(self.texts.values()))
        return text

    def has(self, lang: str) -> bool:
        return lang in self.texts

    def shown_in(self, lang: str) -> str:
        """The language of the text ``self[lang]`` is: ``lang``, or the one it falls back to."""
        if lang in self.texts:
            return lang
        return self.default_lang if self.default_lang in self.texts else next(iter(self.texts))

    def __str__(self) -> str:
        return self[self.default_lang]


@dataclass(frozen=True)
class Organization:
    id: str
    name: LocalizedText
    url: str | None


@dataclass(frozen=True)
class Term:
    """A topic or a region."""

    id: str
    label: LocalizedText


@dataclass(frozen=True)
class Series:
    id: str
    title: LocalizedText
    description: LocalizedText | None


@dataclass(frozen=True)
class Venue:
    name: LocalizedText
    street: str | None
    postal_code: str | None
    city: str | None
    country: str | None  # ISO 3166-1 alpha-2, e.g. "DE"


@dataclass(frozen=True)
class Person:
    """An entry of content/people.yaml."""

    id: str
    name: str
    organization: Organization | None  # when the registry names an organization id
    organization_text: LocalizedText | None  # when it is plain text
    url: str | None
    role: LocalizedText | None


@dataclass(frozen=True)
class Speaker:
    name: str
    organization: Organization | None  # when the YAML names a registry id
    organization_text: LocalizedText | None  # when it is plain text
    role: LocalizedText | None
    person: Person | None = None  # when the YAML names a person of content/people.yaml (name is theirs)


@dataclass(frozen=True)
class Session:
    kind: str | None
    title: LocalizedText
    summary: LocalizedText | None
    speakers: tuple[Speaker, ...]
    slides_url: str | None = None
    video_url: str | None = None


@dataclass(frozen=True)
class OutcomeStep:
    """One outcome of a chain as the pages of other events show it."""

    event_id: str
    outcome_id: str | None
    kind: str
    status: str  # its own, as its event reported it
    text: LocalizedText
    day: date  # its event's day: when that status was reported
    titles: Mapping[str, str]  # lang -> its event's title in that language
    title_langs: Mapping[str, str]  # lang -> the language that title is in
    urls: Mapping[str, str]  # lang -> the outcome on its event's page (with #outcome-<id>)


@dataclass(frozen=True)
class OutcomeTrack:
    """What is known of an outcome along its chain of follow-ups (see recap_site.outcomes)."""

    key: str  # "<event id>#<outcome id>", or "<event id>#<position>" for an outcome without id
    root: str  # the key of the chain's first outcome
    follows: OutcomeStep | None  # the earlier outcome this one continues
    followed_by: tuple[OutcomeStep, ...]  # the later ones that continue this one, oldest first
    timeline: tuple[OutcomeStep, ...]  # the whole chain, oldest first, this one included
    status: str  # the latest status along this outcome and what followed it
    overdue: bool  # still open and its date (or the latest step's) has passed


@dataclass(frozen=True)
class Outcome:
    kind: str
    status: str
    text: LocalizedText
    date: date | None
    link: LocalizedText | None  # a URL per language (event: links resolved)
    id: str | None = None  # unique in its event; the anchor outcome-<id> on its pages
    follows: tuple[str, str] | None = None  # (event id, outcome id) of the earlier outcome
    track: OutcomeTrack | None = None  # set when the site is assembled
    line: int = 0  # in event.yaml, for messages

    @property
    def anchor(self) -> str | None:
        return f"{OUTCOME_ANCHOR}{self.id}" if self.id else None


@dataclass(frozen=True)
class Quote:
    text: LocalizedText
    by: LocalizedText | None


@dataclass(frozen=True)
class ImageSource:
    """One ``<source>`` of a ``<picture>``: the same picture in several widths."""

    mime: str  # "image/webp", "image/jpeg", "image/png"
    srcset: str  # "/media/…/a-480w.webp 480w, /media/…/a-960w.webp 960w"


@dataclass(frozen=True)
class Image:
    """An event image. ``url``, ``width``, ``height`` and ``sources`` are those
    of the published copies, set by :mod:`recap_site.images`."""

    file: str
    url: str
    alt: LocalizedText
    caption: LocalizedText | None
    credit: LocalizedText | None
    line: int = 0  # of ``file:`` in event.yaml, for error messages
    width: int | None = None  # of ``url``, the largest copy in the original format
    height: int | None = None
    sources: tuple[ImageSource, ...] = ()  # WebP first, then the original format


@dataclass(frozen=True)
class WebLink:
    url: str
    label: LocalizedText


@dataclass(frozen=True)
class Contact:
    name: str | None
    email: str | None
    phone: str | None
    url: str | None


@dataclass(frozen=True)
class EventTranslation:
    """One event in one language.

    Exists for every site language. When the recap is missing in that
    language (``exists`` is False) it is what lists show: the title in that
    language if the facts have one, and a link to the translation that exists.
    """

    event_id: str
    lang: str
    exists: bool
    title: str
    summary: str
    text_lang: str  # the language the title is in (a fallback may differ from lang)
    summary_lang: str  # the language the summary is in (the title's and the summary's may differ)
    url: str  # its own page, or the page of ``fallback_lang``
    fallback_lang: str | None  # set when exists is False
    source: str | None  # e.g. content/events/<id>/de.md
    body_html: str
    date_label: str  # "5. September 2023", "30. September – 2. Oktober 2024"
    time_label: str | None  # "10:00–17:00 Uhr (Mitteleuropäische Sommerzeit)"

    def __getattribute__(self, name: str) -> object:
        # Its recap's text is read: noted while a page is rendered (see texts_read).
        if name in _TEXT_READERS:
            found = _TEXTS_READ.get()
            if found is not None:
                fields = object.__getattribute__(self, "__dict__")  # empty while copy.copy makes one
                if "event_id" in fields:
                    found.add((fields["event_id"], fields["lang"]))
        return object.__getattribute__(self, name)


TEXT_FIELD = "body_html"  # the field of an EventTranslation that holds its recap's text
# The ways to read an event translation's recap text: its field, and its fields all at once
# (``__dict__``: vars(), orjson, a layout's ``.__dict__``; pickling).
_TEXT_READERS = frozenset({TEXT_FIELD, "__dict__", "__getstate__", "__reduce__", "__reduce_ex__"})
_TEXTS_READ: ContextVar[set[tuple[str, str]] | None] = ContextVar("recap_texts_read", default=None)


@contextmanager
def texts_read() -> Iterator[set[tuple[str, str]]]:
    """The recaps' texts read inside the block, as (event id, language): by a layout, a filter,
    a UI string that formats a record, or a record printed whole (its ``repr`` reads every field).
    What a page shows of the recaps comes from their :class:`EventTranslation`, and every way of
    reading one's ``body_html`` short of ``object.__getattribute__`` passes here; so a page's
    record of what it read is whole (the incremental layer fingerprints a page by the events'
    other fields and these texts). A block inside another adds what it found to the outer one's.

    What is kept from one page for another (render._Fragments) keeps the texts its making read
    with it, and adds them to the record of each page that takes it (:func:`note_texts_read`)."""
    found: set[tuple[str, str]] = set()
    token = _TEXTS_READ.set(found)
    try:
        yield found
    finally:
        _TEXTS_READ.reset(token)
        note_texts_read(found)


def note_texts_read(texts: Iterable[tuple[str, str]]) -> None:
    """Add ``texts`` to the record of the block the caller is in (none: nothing to do)."""
    found = _TEXTS_READ.get()
    if found is not None:
        found.update(texts)


def current_texts_read() -> frozenset[tuple[str, str]]:
    """What the block the caller is in has read so far (nothing outside a block)."""
    found = _TEXTS_READ.get()
    return frozenset(found) if found is not None else frozenset()


@dataclass(frozen=True)
class Event:
    id: str
    source: str  # content/events/<id>/event.yaml
    title: LocalizedText
    summary: LocalizedText | None
    start: date | datetime
    end: date | datetime | None
    first_day: date  # start's day in the site's time zone (local_day)
    last_day: date  # end's day (or start's) in the site's time zone
    updated: date | None  # when the recap last changed (feeds, sitemap, calendars); see docs/outputs.md
    date_note: LocalizedText | None  # e.g. "date assumed: the report gives none"
    kind: str
    format: str
    venue: Venue | None
    online_url: str | None
    organizers: tuple[Organization, ...]
    partners: tuple[Organization, ...]
    topics: tuple[Term, ...]
    regions: tuple[Term, ...]
    series: Series | None
    series_part: int | None
    participants: int | None
    programme: tuple[Session, ...]
    outcomes: tuple[Outcome, ...]
    quotes: tuple[Quote, ...]
    images: tuple[Image, ...]
    links: tuple[WebLink, ...]
    contact: Contact | None
    draft: bool
    publish_after: date | datetime | None  # embargo: left out of the build until then
    embargoed: bool  # publish_after is after the build's "now" (shown only with --drafts)
    translations: Mapping[str, EventTranslation]
    languages: tuple[str, ...]  # the languages with a recap file, site order

    @property
    def year(self) -> int:
        return self.first_day.year


@dataclass(frozen=True)
class PageTranslation:
    page_id: str
    lang: str
    title: str
    url: str
    source: str
    body_html: str
    summary: str | None = None  # the description of the page for search engines and link previews


@dataclass(frozen=True)
class Page:
    id: str
    translations: Mapping[str, PageTranslation]


@dataclass(frozen=True)
class LanguageLink:
    """One entry of a page's language switcher."""

    lang: str
    name: str  # in its own language: "Deutsch", "English"
    url: str
    available: bool  # False: the page has no translation; url leads to a list
    current: bool


@dataclass(frozen=True)
class Route:
    """One HTML page to render: which template, for which data, at which URL."""

    template: str
    lang: str
    url: str
    path: str  # relative to the output folder
    source: str  # the source file the page comes from, for error messages
    title: str
    alternates: Mapping[str, str]  # lang -> URL of each existing version of this page
    x_default: str  # the URL for hreflang="x-default"
    languages: tuple[LanguageLink, ...]
    data: "PageRecord"  # what the template is given, one record type per template (PAGE_RECORDS)


class PageRecord:
    """What one page's template is given besides the site, its route and its language: a frozen
    record per kind of page (:data:`PAGE_RECORDS`), its fields the template's variables."""

    def context(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class ChooserPage(PageRecord):
    """The language chooser at the site's root (root.html)."""

    homes: Mapping[str, str]  # lang -> that language's home
    headings: Mapping[str, str] = field(default_factory=dict)  # lang -> "Choose a language" in that language


@dataclass(frozen=True)
class NotFoundPage(PageRecord):
    """404.html, leading to every language's home."""

    homes: tuple  # (lang, home URL, the not-found text, the site's title) per language
    headings: Mapping[str, str] = field(default_factory=dict)  # lang -> "Page not found" in that language


@dataclass(frozen=True)
class HomePage(PageRecord):
    events: tuple[Event, ...]  # the newest
    open_outcomes: tuple  # (outcome, event) of the newest open outcomes


@dataclass(frozen=True)
class EventListPage(PageRecord):
    events: tuple[Event, ...]
    pagination: Mapping[str, object]


@dataclass(frozen=True)
class YearsPage(PageRecord):
    years: tuple  # (year, URL, number of events), newest first


@dataclass(frozen=True)
class YearPage(PageRecord):
    year: int
    events: tuple[Event, ...]


@dataclass(frozen=True)
class TermsPage(PageRecord):
    kind: str  # topics, regions, organizations, series
    terms: tuple  # (label, URL, number of events)


@dataclass(frozen=True)
class TermPage(PageRecord):
    kind: str
    term: object  # a Term, an Organization or a Series
    events: tuple[Event, ...]
    outcomes: tuple  # (outcome, event), the first few
    outcome_count: int
    all_outcomes: str | None  # the tracker narrowed to this term, if it has outcomes


@dataclass(frozen=True)
class SearchPage(PageRecord):
    browse: tuple  # (label, URL) of the lists to browse instead
    search_bundle: str  # the URL of Pagefind's files


@dataclass(frozen=True)
class TrackerPage(PageRecord):
    sections: tuple  # (status, rows in the group, its (outcome, event) rows on this page, continued)
    total: int
    pagination: Mapping[str, object]
    facet: str | None
    value: str | None
    selection: str | None  # the facet value's label
    statuses: tuple  # (status, URL of where its group starts, count)
    overview: Mapping[str, object] | None  # facet -> (label, URL, count), on the first page of all
    data: tuple  # the URLs of outcomes.csv, outcomes.json and the upcoming calendar


@dataclass(frozen=True)
class PeoplePage(PageRecord):
    people: tuple  # (person, URL, number of sessions)


@dataclass(frozen=True)
class PersonPage(PageRecord):
    person: Person
    sessions: tuple  # (event, session, speaker)
    organization_url: str | None = None  # the page of the person's organization; None: it has none (no events)


@dataclass(frozen=True)
class EventPage(PageRecord):
    event: Event
    recap: EventTranslation
    related: tuple[Event, ...]
    previous: Event | None  # in its series
    next: Event | None


@dataclass(frozen=True)
class PlainPage(PageRecord):
    page: PageTranslation


PAGE_RECORDS: dict[str, type[PageRecord]] = {
    "root.html": ChooserPage, "404.html": NotFoundPage, "home.html": HomePage, "events.html": EventListPage,
    "years.html": YearsPage, "year.html": YearPage, "terms.html": TermsPage, "term.html": TermPage,
    "search.html": SearchPage, "outcomes.html": TrackerPage, "people.html": PeoplePage,
    "person.html": PersonPage, "event.html": EventPage, "page.html": PlainPage,
}


@dataclass(frozen=True)
class Site:
    title: LocalizedText
    description: LocalizedText
    languages: tuple[str, ...]
    default_lang: str
    base_url: str
    timezone: str
    events: tuple[Event, ...]  # newest first
    pages: tuple[Page, ...]
    organizations: Mapping[str, Organization]
    topics: Mapping[str, Term]
    regions: Mapping[str, Term]
    series: Mapping[str, Series]
    routes: tuple[Route, ...]
    people: Mapping[str, Person] = field(default_factory=lambda: MappingProxyType({}))
    files: Mapping[str, Path] = field(default_factory=lambda: MappingProxyType({}))  # URL -> a file recaps link to


# As data: what the build cache keeps of a validated event (see cache.BundleMemo) -----------------
# Only these records are made from cached data: a cache file names a record, never code.
_RECORDS = {cls.__name__: cls for cls in (
    LocalizedText, Organization, Term, Series, Venue, Person, Speaker, Session, Outcome, Quote, ImageSource,
    Image, WebLink, Contact, Event)}


def to_data(value: object) -> object:
    """A record (and what it holds) as JSON data that :func:`from_data` makes the equal record of:
    tuples are lists; other containers, days and moments are tagged objects."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return str(value)  # a Scalar as its text
    if isinstance(value, tuple):
        return [to_data(item) for item in value]
    if isinstance(value, datetime):
        zone = value.tzinfo.key if isinstance(value.tzinfo, ZoneInfo) else None
        return {"datetime": value.isoformat(), "zone": zone, "fold": value.fold}  # fold: 02:30 twice in October
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, MappingProxyType):
        return {"proxy": [[to_data(k), to_data(v)] for k, v in value.items()]}
    if isinstance(value, dict):
        return {"dict": [[to_data(k), to_data(v)] for k, v in value.items()]}
    name = type(value).__name__
    if _RECORDS.get(name) is type(value):
        return {"record": name, "fields": [to_data(getattr(value, f)) for f in value.__dataclass_fields__]}
    raise TypeError(f"{name} is not kept as data")


_PLAIN = frozenset({str, int, float, bool, type(None)})  # JSON's own values: kept as they are


def from_data(data: object) -> object:
    """The value :func:`to_data` made ``data`` of; TypeError, ValueError or KeyError for data
    it cannot have made (a damaged cache).

    Asked for every event a build takes from its cache, so plain values are
    kept without a call of their own and each record's fields are checked as they are made."""
    kind = type(data)
    if kind in _PLAIN:
        return data
    if kind is list:
        return tuple([item if type(item) in _PLAIN else from_data(item) for item in data])
    if kind is not dict:
        raise TypeError("unexpected value")
    if "record" in data:
        cls = _RECORDS[data["record"]]
        values = data["fields"]
        checks = _field_checks(cls)
        if type(values) is not list or len(values) != len(checks):
            raise ValueError(f"{cls.__name__}: unexpected fields")
        fields = {}
        for (name, fits), value in zip(checks, values):
            if type(value) not in _PLAIN:
                value = from_data(value)
            if not fits(value):  # a damaged entry must not reach a template as a record
                raise TypeError(f"{cls.__name__}.{name}: not a {_hints(cls)[name]}")
            fields[name] = value
        return cls(**fields)
    if "datetime" in data:
        moment = datetime.fromisoformat(data["datetime"])
        if data["zone"] is None:
            return moment
        return moment.replace(tzinfo=ZoneInfo(data["zone"]), fold=data["fold"])
    if "date" in data:
        return date.fromisoformat(data["date"])
    if "proxy" in data:
        return MappingProxyType({from_data(k): from_data(v) for k, v in data["proxy"]})
    if "dict" in data:
        return {from_data(k): from_data(v) for k, v in data["dict"]}
    raise ValueError("unexpected value")


_HINT_CACHE: dict[type, dict[str, object]] = {}  # a record's field types: the same for every build


def _hints(cls: type) -> dict[str, object]:
    if cls not in _HINT_CACHE:
        _HINT_CACHE[cls] = typing.get_type_hints(cls)
    return _HINT_CACHE[cls]


_CHECKS: dict[type, tuple[tuple[str, Callable[[object], bool]], ...]] = {}  # the same for every build


def _field_checks(cls: type) -> tuple[tuple[str, Callable[[object], bool]], ...]:
    """Each field of ``cls`` with the test of its type, made once from the annotations."""
    if cls not in _CHECKS:
        hints = _hints(cls)
        _CHECKS[cls] = tuple((name, _check(hints[name])) for name in cls.__dataclass_fields__)
    return _CHECKS[cls]


def _check(hint: object) -> Callable[[object], bool]:
    """The test whether a value has the type ``hint`` (the kinds of annotation the model's records use)."""
    origin = typing.get_origin(hint)
    if hint is type(None):
        return lambda value: value is None
    if origin in (typing.Union, types.UnionType):
        options = tuple(_check(arg) for arg in typing.get_args(hint))

        def one_of(value: object) -> bool:
            for fits in options:
                if fits(value):
                    return True
            return False
        return one_of
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _check(args[0])
            return lambda value: isinstance(value, tuple) and all(item(part) for part in value)
        items = tuple(_check(arg) for arg in args)
        return lambda value: (isinstance(value, tuple) and len(value) == len(items)
                              and all(fits(part) for fits, part in zip(items, value)))
    if origin is collections.abc.Mapping:
        key, item = (_check(arg) for arg in typing.get_args(hint))
        # what from_data makes, asked first: an ABC's isinstance is slow
        return lambda value: (type(value) in (MappingProxyType, dict) or isinstance(
            value, collections.abc.Mapping)) and all(key(k) and item(v) for k, v in value.items())
    if hint is float:
        return lambda value: isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if isinstance(hint, type):
        return lambda value: isinstance(value, hint)
    return lambda value: False
