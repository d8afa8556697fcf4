"""Discover and read the content folder: registries, event bundles, pages.

Everything here is read-only. The result is :class:`Content`: validated facts
(``Event`` records whose translations :mod:`recap_site.site` fills in), the
Markdown sources per language, and the files bundles publish. Every problem
goes to the report with ``path:line``; loading goes on so that one run shows
all of them.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time as clock, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Protocol
from urllib.parse import urlsplit

from . import format as fmt
from .config import SiteConfig
from .errors import ContentError, Problem, Report
from .filetypes import refusal
from .format import EVENT, IMAGE, OUTCOME, PERSON_FIELDS, QUOTE, SERIES_REF, SESSION, SPEAKER, VENUE, WEB_LINK
from .model import (
    OUTCOME_ANCHOR, Contact, Event, Image, LocalizedText, Organization, Outcome, Person, Quote, Series, Session,
    Speaker, Term, Venue, WebLink, from_data, local_day, to_data,
)
from .markdown import CODE_SPAN, description_problem
from .paths import bundle_file_problem, invisible_character, slug_problem, slugify, without_invisible
from .schema import CONTROL_CHARACTER, NOTE_TO_SELF, Fields, did_you_mean, email_address, is_stand_in, is_true
from .sourcefile import (
    Mapping, Scalar, Sequence, left_by_programs, not_regular_problem, outside_problem, parse_yaml, read_text,
    split_front_matter,
)

# Unknown event ids per document that get a "did you mean": each costs a pass over every
# event, and a flood of broken links must not make the build slow.
MAX_EVENT_HINTS = 10
# Endings of a text file that an editor may have given a recap (en.markdown, en.md.txt): reported, not read.
_TEXT_ENDINGS = (".markdown", ".mdown", ".mkd", ".mkdn", ".txt", ".text")
# A phone number that starts with a label of its own, where the page writes one already.
_PHONE_LABEL = re.compile(r"(?i)^(tel(efon)?|fon|phone|telephone)\.?\s*:?\s*(?=[+\d(])")
# A credit that starts with a label of its own, where the page writes one already.
_CREDIT_LABEL = re.compile(r"(?i)^(fotos?|bild(er|nachweis|quelle)?|quelle|photos?|image|picture|credits?)\s*:\s*")


@dataclass(frozen=True)
class MarkdownSource:
    """One ``<lang>.md``: front matter overrides and the Markdown body."""

    lang: str
    rel: str
    title: str | None
    summary: str | None
    slug: str
    body: str
    body_line: int  # the file line the body starts on


class BundleMemo(Protocol):
    """Event folders read before, under a key made of the bytes of their files and what their
    reading depended on (the build cache's is :class:`recap_site.incremental.BundleStore`)."""

    def key(self, bundle: Path, context: str) -> str | None:
        """None: not to be remembered (say, a file in it is a link)."""

    def recall(self, key: str) -> dict | None: ...

    def remember(self, key: str, entry: dict) -> None: ...


def _recaps_of(entry: dict) -> dict[str, MarkdownSource] | None:
    """The recaps a remembered bundle had; None if the entry is damaged."""
    def text(value: object) -> str | None:
        return None if value is None else str(value)

    try:
        return {str(lang): MarkdownSource(str(lang), str(rel), text(title), text(summary), str(slug), str(body),
                                          int(line))
                for lang, (rel, title, summary, slug, body, line) in entry["recaps"].items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


@dataclass(frozen=True)
class PageSource:
    id: str
    translations: dict[str, MarkdownSource]
    empty: tuple[str, ...] = ()  # languages whose file has no text: left out (recap status counts them read)


class _EventLinks:
    """Whether one event may link to another (the answers of :class:`Content` and of the loader's
    content while it is gathered)."""

    event_urls: dict | MappingProxyType  # event id -> lang -> URL
    unpublished: dict | MappingProxyType  # event id -> why it is left out

    def _event_hint(self, source_id: str | None, target_id: str) -> str:
        """"; did you mean 'x'?" for an id cut short or mistyped (a pass over every event)."""
        candidates = [known for known in self.event_urls
                      if known not in self.unpublished or source_id in self.unpublished]
        longer = [known for known in candidates if known.startswith(target_id)]
        known = longer if len(longer) == 1 else difflib.get_close_matches(target_id, candidates, n=1, cutoff=0.9)
        if known:
            return f"; did you mean '{known[0]}'?"
        # A folder renamed (its words), still on its day: the one event of that day.
        day = _FOLDER_DAY.match(target_id)
        same_day = [known for known in candidates if known.startswith(day.group(1) + "-")] if day else []
        if len(same_day) == 1:
            return (f"; did you mean '{same_day[0]}', the event of that day? If its folder was renamed, its "
                    "pages moved to a new address too, and links to the old one from elsewhere are broken")
        return ""

    def link_problem(self, source_id: str | None, target_id: str, hint: bool = True) -> str | None:
        """Why a link from event ``source_id`` (None: a page) to event
        ``target_id`` cannot be made, or None. ``hint``: look for the id meant."""
        if target_id in self.unpublished and source_id not in self.unpublished:
            return (f"event '{target_id}' is {self.unpublished[target_id]} and so not published: "
                    "remove the link, or publish that event first")
        if target_id not in self.event_urls:
            event_id, _, file = target_id.partition("/")
            if file and event_id in self.event_urls:  # event:<id>/slides.pdf: a file of that event
                return (f"event: links to an event, not to one of its files ('{file}'): link the event, "
                        f"event:{event_id}" + ("; or put a copy of the file into this event's folder and link it "
                                               "by its name" if source_id is not None else ""))
            hint_text = self._event_hint(source_id, target_id) if hint else ""
            return f"unknown event '{target_id}' (no folder content/events/{target_id}/){hint_text}"
        return None


def _line_of(path: Path, key: str) -> int:
    """The line of a top-level ``key:`` in a YAML file (0 when it cannot be found)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    return next((number for number, line in enumerate(lines, start=1) if line.startswith(f"{key}:")), 0)


def held_back(draft: bool, publish_after: date | datetime | None) -> str:
    """Why an event is not published, as the messages say it."""
    return "a draft (draft: true)" if draft else f"embargoed (publish_after: {publish_after.isoformat()})"


@dataclass(frozen=True)
class Content(_EventLinks):
    """What the content folder holds, read and checked: frozen, and never changed by a later stage."""

    organizations: MappingProxyType[str, Organization]
    topics: MappingProxyType[str, Term]
    regions: MappingProxyType[str, Term]
    series: MappingProxyType[str, Series]
    people: MappingProxyType[str, Person]
    events: tuple[Event, ...]
    recaps: MappingProxyType[str, MappingProxyType[str, MarkdownSource]]  # event id -> lang -> md
    pages: tuple[PageSource, ...]
    event_urls: MappingProxyType[str, MappingProxyType[str, str]]  # id -> lang -> URL
    media: MappingProxyType[str, Path]  # URL -> the bundle file an event's facts publish (its images)
    bundles: MappingProxyType[str, Path]  # event id -> folder
    # event id -> the other files in its folder (not event.yaml, not a recap, not hidden): what is
    # published of them is known once the recaps are converted (site.assemble says what is not)
    files: MappingProxyType[str, tuple[str, ...]]
    # Events whose facts have errors: their recaps are still converted, so
    # that their problems are reported in the same run (event id -> folder, recaps).
    broken: MappingProxyType[str, tuple[Path, MappingProxyType[str, MarkdownSource]]]
    # Events a build without --drafts leaves out (event id -> why), so that a
    # link to one says so. A check reads them as well, see load_content.
    unpublished: MappingProxyType[str, str]
    # The first moment at which this content makes another site with no file changed: an embargo
    # ends, or a day passes that an outcome's status or overdue mark depends on. None: never.
    changes_at: datetime | None
    today: date | None  # the build's day in the site's time zone (an open outcome past it is overdue)


@dataclass
class _Gathered(_EventLinks):
    """The content while the loader reads it; :meth:`frozen` is what it hands on."""

    organizations: dict[str, Organization] = field(default_factory=dict)
    topics: dict[str, Term] = field(default_factory=dict)
    regions: dict[str, Term] = field(default_factory=dict)
    series: dict[str, Series] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    recaps: dict[str, dict[str, MarkdownSource]] = field(default_factory=dict)
    pages: list[PageSource] = field(default_factory=list)
    event_urls: dict[str, dict[str, str]] = field(default_factory=dict)
    media: dict[str, Path] = field(default_factory=dict)
    bundles: dict[str, Path] = field(default_factory=dict)
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)
    broken: dict[str, tuple[Path, dict[str, MarkdownSource]]] = field(default_factory=dict)
    unpublished: dict[str, str] = field(default_factory=dict)
    changes_at: datetime | None = None
    today: date | None = None

    def frozen(self) -> Content:
        proxy = MappingProxyType
        return Content(
            organizations=proxy(self.organizations), topics=proxy(self.topics), regions=proxy(self.regions),
            series=proxy(self.series), people=proxy(self.people), events=tuple(self.events),
            recaps=proxy({event_id: proxy(recaps) for event_id, recaps in self.recaps.items()}),
            pages=tuple(self.pages), event_urls=proxy({event_id: proxy(urls) for event_id, urls in self.event_urls.items()}),
            media=proxy(self.media), bundles=proxy(self.bundles), files=proxy(self.files),
            broken=proxy({event_id: (folder, proxy(recaps)) for event_id, (folder, recaps) in self.broken.items()}),
            unpublished=proxy(self.unpublished), changes_at=self.changes_at, today=self.today)


def load_content(config: SiteConfig, report: Report, drafts: bool = False,
                 now: datetime | None = None, check: bool = False, memo: BundleMemo | None = None) -> Content:
    """``drafts``: include drafts and embargoed events. ``now`` (aware) decides
    the embargo (``publish_after``); it defaults to the current time.

    ``check`` (for `recap check`): drafts and embargoed events are read and
    checked like the others, but a link to one from a published event or a
    page is an error, as it is in a build without ``drafts``.

    ``memo``: event folders read before (see :class:`BundleMemo`); one whose
    files have the same bytes is not parsed and checked again, as long as
    what it depended on (the registries, the events it links to, the day)
    is the same. A test compares the content with and without it.
    """
    loader = _Loader(config, report, now, check, memo)
    content = _Gathered(today=loader.today)
    content.organizations = loader.organizations()
    content.topics = loader.terms("topics")
    content.regions = loader.terms("regions")
    content.series = loader.series()
    content.people = loader.people(content.organizations)
    loader.events(content, drafts)
    loader.check_follows(content)
    loader.check_series_parts(content)
    loader.check_twins(content)
    content.pages = loader.pages()
    content.changes_at = loader.changes_at
    return content.frozen()


def reload_event(config: SiteConfig, report: Report, content: Content, event_id: str,
                 drafts: bool = False, now: datetime | None = None) -> Content | None:
    """One event folder read again against ``content`` (the last full load):
    the same checks and messages as :func:`load_content`, with the
    registries and the other events' URLs as they were.

    Returns a :class:`Content` holding just that event (its media included),
    or None when the event is left out (a draft, embargoed, or broken: the
    problems are in the report). For `recap serve`'s quick preview of an
    edit; the full build that follows checks the whole site again.
    """
    loader = _Loader(config, report, now)
    bundle = config.root / "content" / "events" / event_id
    if not bundle.is_dir():
        return None
    read = loader.bundle(bundle, drafts)
    if read is None:
        return None
    data, recaps = read
    if data is None or not recaps:
        return None
    one = _Gathered(organizations=dict(content.organizations), topics=dict(content.topics),
                    regions=dict(content.regions), series=dict(content.series), people=dict(content.people),
                    pages=list(content.pages), today=content.today,
                    event_urls={**content.event_urls, event_id: loader.event_urls(recaps)})
    loader.add_event(one, bundle, data, recaps)
    loader.check_follows(one, [e for e in content.events if e.id != event_id] + one.events)
    return one.frozen() if one.events else None


class _Loader:
    def __init__(self, config: SiteConfig, report: Report, now: datetime | None = None,
                 check: bool = False, memo: BundleMemo | None = None) -> None:
        self.config = config
        self.check = check
        self.left_out: dict[str, str] = {}  # event id -> why a build without --drafts leaves it out
        self.now = now if now is not None else datetime.now(config.timezone)
        self.today = local_day(self.now, config.timezone)  # the build's day in the site's time zone
        self.report = report
        self.root = config.root
        self.content_dir = config.root / "content"
        self.inside: set[Path] = set()  # folders checked by inside_content
        self.languages = config.languages
        # Each follows: read, checked once every event is known: (event id, rel, line, prefix, event, outcome id).
        # (event, file, line, field prefix, event followed, outcome followed, its date or "", the date's line)
        self.follows: list[tuple[str, str, int, str, str, str, str, int]] = []
        # Each series part read, checked once every event is known: (series id, part, rel, line).
        self.parts: list[tuple[str, int, str, int]] = []
        self.changes_at: datetime | None = None  # see Content.changes_at
        self.memo = memo
        # What reading one event depended on, noted while it is read (see add_remembered).
        self.links: list = []  # [event id, why no link, its URLs] per event: link
        self.published: list = []  # [URL, file name] per file the facts publish
        self.read_today = False
        self.changes_tomorrow = False
        # Ids events may not be told are unknown: their registry file, or their entry in it, has an
        # error of its own (reported there); registry name -> ids, None for the whole file.
        self.unread: dict[str, set[str] | None] = {}

    def unreadable(self, registry: str, written: str) -> bool:
        """``written`` cannot be looked up because its registry, or its entry there, has an error
        of its own: an event naming it is not told again that it is unknown (one error to fix,
        not one per event)."""
        ids = self.unread.get(registry, set())
        return ids is None or written in ids

    def change_at(self, moment: datetime) -> None:
        """The site made now changes by itself at ``moment`` (the earliest one is kept)."""
        if self.changes_at is None or moment < self.changes_at:
            self.changes_at = moment

    def tomorrow(self) -> datetime:
        """Midnight after the build's day, in the site's time zone."""
        return datetime.combine(self.today + timedelta(days=1), clock(), self.config.timezone)

    # Files ---------------------------------------------------------------
    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def folders(self, folder: Path, kind: str) -> list[Path]:
        """The folders in ``folder`` (content/events or content/pages), one for each event or
        page. Nothing else there is read, so anything else is reported: an event written as
        one YAML file, a recap or a page beside the folders, a link that leads nowhere. Hidden
        files (.DS_Store, .gitkeep) are passed by."""
        found = []
        for path in sorted(folder.iterdir()):
            if path.is_dir():
                found.append(path)
            elif not left_by_programs(path.name):
                self.stray(path, kind)
        return found

    def stray(self, path: Path, kind: str) -> None:
        """Report a file in content/events or content/pages, where only folders are read."""
        rel, files = self.rel(path), " or ".join(f"{lang}.md" for lang in self.languages)
        suffix = path.suffix.lower()
        if path.is_symlink() and not path.exists():
            self.report.warning(rel, 0, "this link leads nowhere (or to itself), so nothing is read from it; "
                                        "remove it")
        elif kind == "event" and suffix in (".yaml", ".yml"):
            self.report.error(rel, 0, "this file is not read: an event is a folder of its own; move it to "
                                      f"content/events/{path.stem}/event.yaml and put its recap beside it as "
                                      f"{files} (recap new event makes such a folder)")
        elif kind == "event" and suffix == ".md":
            self.report.error(rel, 0, "this file is not read: a recap goes into the folder of its event, beside "
                                      f"its event.yaml, named after its language ({files})")
        elif suffix == ".md":
            self.report.error(rel, 0, f"this file is not read: a page is a folder of its own; move it to "
                                      f"content/pages/{path.stem}/ and name it after its language ({files})")
        else:
            self.report.warning(rel, 0, f"this file is not read: content/{kind}s/ holds only a folder for each "
                                        f"{kind}; move it into the folder of the {kind} it belongs to")

    def inside_content(self, path: Path) -> bool:
        """False (and reported) for a link, or a path through one, that leads
        outside content/: recap-site reads nothing else of the site folder.

        A folder found inside is remembered, so that a plain file in it needs
        one ``lstat`` rather than resolving every part of its path.
        """
        if path.parent in self.inside:
            try:
                mode = path.lstat().st_mode
            except OSError:
                mode = 0  # gone meanwhile: resolved below, and reported where it is read
            if stat.S_ISDIR(mode):
                self.inside.add(path)  # a real folder inside a folder inside: its files need one lstat too
                return True
            if not stat.S_ISLNK(mode) and mode:
                return True
        problem = outside_problem(path, self.content_dir)
        if problem:
            self.report.error(self.rel(path), 0, problem)
            return False
        if path.is_dir():
            self.inside.add(path)
        return True

    def yaml(self, path: Path) -> object:
        rel = self.rel(path)
        try:
            # Where it leads was checked by inside_content (once per folder): here, that it is a plain file.
            return parse_yaml(read_text(path, rel, self.config.max_file_bytes, single=True), rel)
        except ContentError as exc:
            self.report.add(exc.problem)
            return None

    def fields(self, value: object, rel: str, allowed, line: int = 1, what: str = "") -> Fields | None:
        if not isinstance(value, Mapping):
            self.report.error(rel, getattr(value, "line", line), f"{what}expected fields (key: value lines)")
            return None
        return Fields(value, rel, self.report, self.languages, allowed, what)

    # Registries ------------------------------------------------------------
    def registry(self, registry: str) -> tuple[str, Mapping | None]:
        """A registry file (a key of format.REGISTRY_FILES) as parsed, with its path."""
        name = fmt.REGISTRY_FILES[registry]
        path = self.root / name
        if not (path.exists() or path.is_symlink()) or not self.inside_content(path):
            return name, None
        errors = len(self.report.errors)
        data = self.yaml(path)
        if data is None:
            if len(self.report.errors) > errors:
                self.unread[registry] = None
            return name, None
        if not isinstance(data, Mapping):
            self.report.error(name, getattr(data, "line", 1), "expected one entry per id (id: name, or id: with its fields below)")
            self.unread[registry] = None
            return name, None
        for key, line in data.key_lines.items():
            problem = slug_problem(key)
            if problem:
                self.report.error(name, line, f"id {problem}")
        unindented = self._unindented_fields(registry, name, data)
        if unindented:  # told as such: not read as entries too (no "role.name: required field is missing")
            kept = Mapping({key: value for key, value in data.items() if key not in unindented})
            kept.line = data.line
            kept.key_lines = {key: line for key, line in data.key_lines.items() if key not in unindented}
            data = kept
        return name, data

    def _unindented_fields(self, registry: str, rel: str, data: Mapping) -> set[str]:
        """A field's line written without its indentation (``url:`` under ``eva-klein:``) is read
        as an entry of its own, with the field's name as its id: a person called by an address
        would get a page. An id that is the name of an entry's field is told, and one that is a
        language right under an entry written by languages that lacks it (``en:`` under
        ``energie:``), as a region may be called ``de``."""
        entry = fmt.document(registry).entry
        fields = entry.record.keys() if entry.record is not None else ()
        above = None
        told = set()
        for key, line in sorted(data.key_lines.items(), key=lambda item: item[1]):
            held = data.get(above) if above is not None else None
            missing = isinstance(held, Mapping) and key not in held
            if key in fields:  # no id is called url or name
                what = "a field"
            elif key in self.languages and missing and all(str(k) in self.languages for k in held):
                what = "a language"
            else:
                above = key
                continue
            told.add(key)
            if above is not None:
                self.report.error(rel, line, f"'{key}:' is not indented, so it is read as a new entry with the id "
                                             f"'{key}' instead of {what} of '{above}' above it: indent it by two "
                                             f"spaces, as the lines under '{above}:' are")
            else:
                self.report.error(rel, line, f"'{key}:' is not indented, so it is read as an entry with the id "
                                             f"'{key}': {what} goes under the id of its entry, indented by two spaces")
        return told

    def organizations(self) -> dict[str, Organization]:
        rel, data = self.registry("organizations")
        result = {}
        for org_id, value in (data or {}).items():
            if isinstance(value, Scalar):  # just a name
                value = _wrap_mapping({fmt.document("organizations").short: value}, value.line)
            entry = self.fields(value, rel, fmt.ORGANIZATION_FIELDS, data.key_lines[org_id], f"{org_id}.")
            if entry is None:
                continue
            values = entry.read(fmt.ORGANIZATION_FIELDS)
            if values["name"]:
                result[org_id] = Organization(org_id, **values)
        return self._usable("organizations", data, result)

    def terms(self, registry: str) -> dict[str, Term]:
        rel, data = self.registry(registry)
        result = {}
        for term_id in data or {}:
            label = Fields(data, rel, self.report, self.languages, data.keys()).text(
                term_id, required=fmt.document(registry).entry.required)
            if label:
                result[term_id] = Term(term_id, label)
        return self._usable(registry, data, result)

    def series(self) -> dict[str, Series]:
        rel, data = self.registry("series")
        result = {}
        for series_id, value in (data or {}).items():
            if isinstance(value, Scalar):  # just a title
                value = _wrap_mapping({fmt.document("series").short: value}, value.line)
            entry = self.fields(value, rel, fmt.SERIES_FIELDS, data.key_lines[series_id], f"{series_id}.")
            if entry is None:
                continue
            values = entry.read(fmt.SERIES_FIELDS)
            if values["title"]:
                result[series_id] = Series(series_id, **values)
        return self._usable("series", data, result)

    def people(self, organizations: dict[str, Organization]) -> dict[str, Person]:
        rel, data = self.registry("people")
        result = {}
        for person_id, value in (data or {}).items():
            if isinstance(value, Scalar):  # just a name
                value = _wrap_mapping({fmt.document("people").short: value}, value.line)
            entry = self.fields(value, rel, PERSON_FIELDS, data.key_lines[person_id], f"{person_id}.")
            if entry is None:
                continue
            values = entry.read(PERSON_FIELDS)
            org, org_text = self.organization(entry, organizations)
            if values["name"]:
                result[person_id] = Person(person_id, **values, organization=org, organization_text=org_text)
        return self._usable("people", data, result)

    def _usable(self, registry: str, data: Mapping | None, result: dict) -> dict:
        """``result``, noting the ids ``data`` gives that it lacks (their entries are reported)."""
        if self.unread.get(registry, set()) is not None and data:
            self.unread[registry] = {str(key) for key in data if key not in result}
        return result

    def quotes(self, f: Fields, people: Mapping[str, Person]) -> tuple[Quote, ...]:
        """The quotes; a by: that is a person's id, as a speaker's person: is, is shown as written,
        and told."""
        found = []
        for quote in f.items("quotes", QUOTE):
            by = quote.mapping.get("by")
            if isinstance(by, Scalar) and str(by) in people:
                name = people[str(by)].name
                quote.warning("by", f"'{by}' is the id of {name} in {fmt.REGISTRY_FILES['people']}, but by: is "
                                    f"shown as written: write the name ({name})")
            written = [by] if isinstance(by, Scalar) else list(by.values()) if isinstance(by, Mapping) else []
            dashed = next((str(text) for text in written if _LEADING_DASH.match(str(text or ""))), None)
            if dashed is not None:
                quote.warning("by", f"'{dashed}' starts with a dash, and the page puts one before the name itself: "
                                    f"write the name alone ({_LEADING_DASH.sub('', dashed)})")
            found.append(Quote(**quote.read(QUOTE)))
        return tuple(found)

    def organization(self, f: Fields, organizations: dict[str, Organization]):
        """An ORGANIZATION field: (the registry's entry, None) for an id, (None, the text) for a name."""
        org_value = f.mapping.get("organization")
        org = organizations.get(str(org_value)) if isinstance(org_value, Scalar) else None
        if org is None and isinstance(org_value, Scalar) and not slug_problem(str(org_value)):
            # Written as an id (small letters, no spaces), not as a name: one with a slip, or one
            # not in the list yet. Either way the page would show the id.
            hint = did_you_mean(str(org_value), organizations) or (
                f": add it there ({org_value}: with its name below), or write the organization's name")
            self.report.warning(f.rel, org_value.line, (
                f"{f.prefix}organization: '{org_value}' is not in "
                f"{fmt.REGISTRY_FILES['organizations']} and is shown as plain text{hint}"))
        return org, None if org else f.text("organization")

    # Markdown ---------------------------------------------------------------
    def markdown(self, path: Path, lang: str, default_slug: str, record: fmt.Record = fmt.RECAP,
                 url=None, warn_empty: bool = True) -> MarkdownSource | None:
        """``url(lang, slug)``: the address the slug gives (default: an event's). ``warn_empty``:
        warn of a file without text (an event's recaps are warned of together, see bundle())."""
        url = url or self.config.urls.event
        rel = self.rel(path)
        try:
            text = read_text(path, rel, self.config.max_file_bytes, single=True)  # see yaml()
        except ContentError as exc:
            self.report.add(exc.problem)
            return None
        problems: list = []  # the body is checked even when its front matter is broken
        meta, body, body_line = split_front_matter(text, rel, problems)
        for problem in problems:
            self.report.add(problem)
        title = summary = None
        slug = default_slug
        if isinstance(meta, Scalar) or isinstance(meta, Sequence):
            self.report.error(rel, meta.line, f"the front matter holds '{_first_line(meta)}', which is not "
                              f"'key: value'; the keys it may have are {', '.join(record.keys())} (for example "
                              "'title: Der Titel')")
        elif meta is not None:
            entry = self.fields(meta, rel, record, 1, "")
            if entry is not None:
                title = entry.string("title", words=True)  # a page's missing title: see pages()
                summary = entry.string("summary", words=True)
                given = entry.string("slug")
                if given is not None:
                    pathlike = any(part in given for part in ("/", "\\", "..", "\x00"))
                    made = given if pathlike else slugify(given)  # a path is refused, not made into a slug
                    problem = slug_problem(given) and slug_problem(made)
                    if problem:
                        entry.error("slug", problem)
                    else:
                        slug = made
                        if made != given:  # spaces, capitals, umlauts: written the German way
                            self.report.note(rel, entry.line("slug"), f"slug: '{given}' is used as "
                                             f"'{made}': the page's address is {url(lang, made)}", for_editors=True)
        size = len(body.encode("utf-8"))
        if size > self.config.max_recap_bytes:
            self.report.error(rel, body_line, f"the text is {size / 1024:.0f} KB long, over the limit of "
                              f"{self.config.max_recap_bytes // 1024} KB for one recap or page (max_recap_kb in "
                              "content/site.yaml); split it, or link a PDF for long documents")
            return None
        control = CONTROL_CHARACTER.search(body)
        if control:  # invisible on the page, and feeds (XML) cannot carry it at all
            self.report.error(rel, body_line + body.count("\n", 0, control.start()), (
                f"contains an invisible control character (U+{ord(control.group()):04X}) on this line; "
                "delete it (it often comes with text pasted from a PDF or Word)"))
            return None
        source = MarkdownSource(lang, rel, title, summary, slug, body, body_line)
        if warn_empty and not body.strip():
            self.report.warning(rel, _empty_line(source), "the recap text is empty")
        for line, message in _placeholders(body):
            self.report.warning(rel, body_line + line, message)
        return source

    def language_files(self, folder: Path) -> dict[str, Path]:
        """The ``<lang>.md`` files of a folder; other .md files, and files named like a recap
        with another ending (en.MD, en.markdown, en.md.txt), are errors."""
        found = {}
        names = os.listdir(folder)
        for name in sorted(names):
            meant = self.recap_name_meant(name)
            if meant is not None and os.path.isfile(folder / name):
                hidden = " (Windows may hide the ending .txt: show file name extensions to see it)" \
                    if name.lower().endswith(".txt") else ""
                self.report.error(self.rel(folder / name), 0, (
                    f"this file is not read: a recap's file is named after its language and ends in .md, in "
                    f"small letters; rename it to {meant}{hidden}"))
        for path in sorted(folder / name for name in names if name.endswith(".md")):
            if not self.inside_content(path):
                continue
            if path.stem in self.languages:
                found[path.stem] = path
            else:
                copy = _COPY_OF.fullmatch(path.stem)  # "de (1)", "de - Kopie", "en copy": a file manager's copy
                if copy and copy.group(1) in self.languages:
                    self.report.error(self.rel(path), 0, (
                        f"'{path.name}' is not read: it looks like a copy of {copy.group(1)}.md, which a file "
                        f"manager made; keep what you need in {copy.group(1)}.md and delete the copy"))
                    continue
                hint = did_you_mean(path.name, [f"{lang}.md" for lang in self.languages])
                self.report.error(
                    self.rel(path), 0,
                    f"'{path.stem}' is not a site language ({', '.join(self.languages)}); "
                    f"name recap files after a language in content/site.yaml{hint}",
                )
        return found

    def other_files(self, bundle: Path) -> tuple[str, ...]:
        """The files of an event folder besides event.yaml and its recaps, hidden ones (.DS_Store)
        and those a file manager leaves (Thumbs.db, desktop.ini) aside. Not in sub-folders."""
        try:
            with os.scandir(bundle) as entries:
                names = [entry.name for entry in entries if entry.is_file(follow_symlinks=False)]
        except OSError:
            return ()
        recaps = {f"{lang}.md" for lang in self.languages}
        return tuple(sorted(name for name in names if name != "event.yaml" and name not in recaps
                            and not left_by_programs(name) and not name.lower().endswith(".md")
                            and self.recap_name_meant(name) is None))

    def recap_name_meant(self, name: str) -> str | None:
        """``<lang>.md`` for a file whose name says it is that recap but that is not read as
        one: another case of its ending (en.MD), or another ending (en.markdown, en.md.txt)."""
        lower = name.lower()
        if lower.endswith(".md") and not name.endswith(".md"):
            lang = lower[:-3]
        elif lower.endswith(_TEXT_ENDINGS):
            lang = lower.rsplit(".", 1)[0].removesuffix(".md")  # en.txt, en.md.txt; not de.agenda.txt
        else:
            return None
        return f"{lang}.md" if lang in self.languages else None

    # Events ---------------------------------------------------------------
    def events(self, content: _Gathered, drafts: bool) -> None:
        folder = self.root / "content" / "events"
        if not folder.is_dir() or not self.inside_content(folder):  # checked once for all its bundles
            return
        # First read every bundle, so that URLs are known before facts
        # (outcomes may link to other events) are checked. A bundle remembered
        # (see BundleMemo) gives its recaps at once and its event after.
        context = self.memo_context(content) if self.memo is not None else ""
        bundles = []
        for bundle in self.folders(folder, "event"):
            key = self.memo.key(bundle, context) if self.memo is not None else None
            entry = self.memo.recall(key) if key is not None else None
            recaps = _recaps_of(entry) if entry is not None else None
            if recaps is not None:
                bundles.append((bundle, key, entry, None, recaps, []))
            else:
                before = len(self.report.problems)
                read = self.bundle(bundle, drafts or self.check)
                if bundle.name in self.left_out and not drafts:  # with check, read all the same
                    content.unpublished[bundle.name] = self.left_out[bundle.name]
                if read is None:
                    continue
                data, recaps = read
                bundles.append((bundle, key, None, data, recaps, self.report.problems[before:]))
            if recaps:
                content.event_urls[bundle.name] = self.event_urls(recaps)
        for bundle, key, entry, data, recaps, read_problems in bundles:
            if entry is not None:
                if self.replay(content, bundle, entry, recaps):
                    continue
                before = len(self.report.problems)  # what it links to changed, or the day: read it again
                data, recaps = self.bundle(bundle, drafts or self.check) or (None, {})
                read_problems = self.report.problems[before:]
            self.add_remembered(content, bundle, key, data, recaps, read_problems)

    # Remembered bundles ----------------------------------------------------
    def memo_context(self, content: _Gathered) -> str:
        """What a bundle's reading depends on besides its own files: the site's settings and
        the registries (the code is part of the memo's own key). Not ``drafts`` or ``check``
        (recap check and recap build share what they read): a draft or an embargoed event is
        never remembered, and what they change for the others (whether an event they link to
        is published) is noted as the answers of :meth:`event_link` and asked again."""
        return repr((replace(self.config, root=self.config.root.resolve()),
                     content.organizations, content.topics, content.regions, content.series, content.people,
                     sorted((name, sorted(ids) if ids is not None else None) for name, ids in self.unread.items())))

    def add_remembered(self, content: _Gathered, bundle: Path, key: str | None, data: Mapping | None,
                       recaps: dict[str, MarkdownSource], read_problems: list[Problem]) -> None:
        """:meth:`add_event`, and what it made remembered under ``key``: unless the event's
        facts depend on the clock (an embargo) or it is left out."""
        if key is None or not isinstance(data, Mapping) or "publish_after" in data or is_draft(data):
            self.add_event(content, bundle, data, recaps)
            return
        before, follows, parts = len(self.report.problems), len(self.follows), len(self.parts)
        self.links, self.published, self.read_today, self.changes_tomorrow = [], [], False, False
        event = self.add_event(content, bundle, data, recaps)
        self.memo.remember(key, {
            "problems": [[p.path, p.line, p.message, p.severity, p.for_editors]
                         for p in read_problems + self.report.problems[before:]],
            "recaps": {lang: [md.rel, md.title, md.summary, md.slug, md.body, md.body_line]
                       for lang, md in recaps.items()},
            "event": to_data(event) if event is not None else None,
            "follows": [list(f) for f in self.follows[follows:]],
            "parts": [list(p) for p in self.parts[parts:]],
            "media": self.published,
            "links": self.links,
            "today": self.today.isoformat() if self.read_today else None,
            "changes_tomorrow": self.changes_tomorrow,
            "files": list(content.files.get(bundle.name, ())),
        })

    def replay(self, content: _Gathered, bundle: Path, entry: dict, recaps: dict[str, MarkdownSource]) -> bool:
        """Add a remembered bundle as it was read, if what it depended on still holds."""
        try:
            if entry["today"] is not None and entry["today"] != self.today.isoformat():
                return False
            for target, problem, urls in entry["links"]:
                if content.link_problem(bundle.name, target) != problem or \
                        (problem is None and content.event_urls.get(target) != urls):
                    return False
            event = from_data(entry["event"])
            if event is not None and (not isinstance(event, Event) or event.id != bundle.name):
                return False
            problems = [Problem(str(a), int(b), str(c), str(d), bool(e)) for a, b, c, d, e in entry["problems"]]
            follows = [(str(a), str(b), int(c), str(d), str(e), str(f), str(g), int(h))
                       for a, b, c, d, e, f, g, h in entry["follows"]]
            parts = [(str(a), int(b), str(c), int(d)) for a, b, c, d in entry["parts"]]
            media = {}
            for url, name in entry["media"]:
                # Checked as the facts' files are: the cache is no source of truth for what is published.
                path, _ = bundle_file(bundle, str(name))
                if path is None or url != self.config.urls.media(bundle.name, str(name)):
                    return False
                media[url] = path
            changes_tomorrow = entry["changes_tomorrow"] is True
            files = tuple(str(name) for name in entry["files"])
        except (KeyError, TypeError, ValueError, RecursionError):  # a damaged entry: read the bundle
            return False
        for problem in problems:
            self.report.add(problem)
        self.follows.extend(follows)
        self.parts.extend(parts)
        content.media.update(media)
        if changes_tomorrow:
            self.change_at(self.tomorrow())
        self.add_read(content, bundle, event, recaps, files)
        return True

    def bundle(self, bundle: Path, drafts: bool) -> tuple[Mapping | None, dict[str, MarkdownSource]] | None:
        """An event folder's facts (as parsed; None if they cannot be read)
        and recaps; None if it is left out: a draft or embargoed (without
        ``drafts``), or a folder that is no event (reported)."""
        rel = self.rel(bundle)
        problem = slug_problem(bundle.name)
        if problem:
            self.report.error(rel, 0, f"event folder name {problem}")
            return None
        if not self.inside_content(bundle):
            return None
        yaml_path = bundle / "event.yaml"
        if not (yaml_path.exists() or yaml_path.is_symlink()):
            self.report.error(rel, 0, "no event.yaml in this event folder")
            return None
        if not self.inside_content(yaml_path):
            return None
        errors = len(self.report.errors)
        data = self.yaml(yaml_path)
        why = self.unpublished(data, self.rel(yaml_path)) if isinstance(data, Mapping) else None
        if why:
            self.left_out[bundle.name] = why  # what a build without --drafts leaves out
            if not drafts:
                return None  # not read further: a draft's unfinished files are no one's problem yet
        recaps = {}
        files = self.language_files(bundle)
        for lang, path in files.items():
            source = self.markdown(path, lang, bundle.name, warn_empty=False)
            if source:
                recaps[lang] = source
        written = [lang for lang, source in recaps.items() if source.body.strip()]
        for lang, source in list(recaps.items()):
            if source.body.strip():
                continue
            if not written:
                self.report.warning(source.rel, _empty_line(source), "the recap text is empty")
                continue
            # A file made by recap new and not yet written: the event is shown as it would be without it,
            # not with an empty page in this language.
            del recaps[lang]
            self.report.warning(source.rel, _empty_line(source), (
                f"the recap text is empty, so it is left out, as if {lang}.md were missing: the {lang} pages "
                f"link to the recap in {' or '.join(written)}; write the recap, or delete the file"))
        self.copied_recaps(recaps)
        if data is None and len(self.report.errors) == errors:  # read without an error: only blanks or comments
            self.report.error(self.rel(yaml_path), 0, "the file is empty; an event needs at least "
                              "title, start, kind and format")
        if not files:
            self.report.error(self.rel(yaml_path), 0, "the event has no recap: add "
                              + " or ".join(f"{lang}.md" for lang in self.languages))
        return data, recaps

    def copied_recaps(self, recaps: Mapping[str, MarkdownSource]) -> None:
        """A recap that is another language's text as it stands (copied to be translated, and
        not yet translated) would be published as if it were written in its own language."""
        first: dict[str, str] = {}
        for lang, source in recaps.items():
            text = " ".join(source.body.split())
            if text not in first:  # the usual case, told apart without counting words
                first[text] = lang
                continue
            if len(_WORDS.findall(text)) >= _COPY_WORDS:  # a few words (names, a picture) may well be alike
                other = first[text]
                self.report.warning(source.rel, source.body_line, (
                    f"the text is the same as in {other}.md, so the {lang} pages show it as if it were written "
                    f"in {lang}: translate it, or delete {lang}.md (the {lang} pages then link to the recap "
                    f"in {other})"))

    def add_event(self, content: _Gathered, bundle: Path, data: Mapping | None,
                  recaps: dict[str, MarkdownSource]) -> Event | None:
        """The event, when its facts and recaps are all good; else its facts
        and recaps are still checked, and its problems reported."""
        # A title or summary a recap's head gives is no text missing in its language.
        given = {key: frozenset(lang for lang, source in recaps.items() if getattr(source, key) is not None)
                 for key in ("title", "summary")}
        event = self.event(bundle, data, content, given) if data is not None else None
        self.add_read(content, bundle, event, recaps)
        return event

    def add_read(self, content: _Gathered, bundle: Path, event: Event | None,
                 recaps: dict[str, MarkdownSource], files: tuple[str, ...] | None = None) -> None:
        """``files``: the other files of the folder, as a remembered reading found them (the
        folder's key covers their names); else listed here."""
        if event is not None and recaps:
            content.events.append(event)
            content.recaps[event.id] = recaps
            content.bundles[event.id] = bundle
            content.files[event.id] = files if files is not None else self.other_files(bundle)
        elif recaps:
            content.broken[bundle.name] = (bundle, recaps)

    def event_link(self, content: _Gathered, source_id: str, target_id: str) -> tuple[str | None, dict | None]:
        """Why event ``source_id`` cannot link to event ``target_id`` (None if it can), and
        the target's URLs; both noted, so that a remembered event is used only while they hold."""
        problem = content.link_problem(source_id, target_id)
        urls = None if problem else dict(content.event_urls[target_id])
        self.links.append([target_id, problem, urls])
        return problem, urls

    def unpublished(self, data: Mapping, rel: str) -> str | None:
        """Why the event is not published: a draft, or under embargo
        (``publish_after`` still in the future); None if it is.

        Read leniently: a value that does not parse leaves the event in, so
        that :meth:`event` reports it with its line.
        """
        if is_draft(data):
            return held_back(True, None)
        lenient = Fields(data, rel, Report(), self.languages, data.keys())
        publish_after = lenient.when("publish_after", self.config.timezone)
        if self.embargoed(publish_after):
            return held_back(False, publish_after)
        return None

    def embargoed(self, publish_after: date | datetime | None) -> bool:
        if publish_after is None:
            return False
        if not isinstance(publish_after, datetime):  # a day: from midnight in the site's time zone
            publish_after = datetime.combine(publish_after, clock(), self.config.timezone)
        if publish_after > self.now:
            self.change_at(publish_after)
            return True
        return False

    def event_urls(self, recaps: dict[str, MarkdownSource]) -> dict[str, str]:
        """The URL that stands for an event in each language.

        A language without a recap points to the default language's page,
        or the first language that has one.
        """
        own = {lang: self.config.urls.event(lang, md.slug) for lang, md in recaps.items()}
        fallback = self.languages[0] if self.languages[0] in own else next(lang for lang in self.languages if lang in own)
        return {lang: own.get(lang, own[fallback]) for lang in self.languages}

    def folder_day(self, f, name: str, start: date | datetime) -> None:
        """A folder named after a day (as `recap new event` names it) whose day is not the start's:
        one of them was mistyped (day and month swapped), and the page's address keeps the folder's."""
        found = _FOLDER_DAY.match(name)
        if found is None:
            return
        try:
            day = date.fromisoformat(found.group(1))
        except ValueError:
            return
        written = start.date() if isinstance(start, datetime) else start
        if day in (written, local_day(start, self.config.timezone)):
            return
        swapped = " (day and month swapped?)" if (written.month, written.day) == (day.day, day.month) else ""
        f.warning("start", f"{written.isoformat()} is not the day the folder's name begins with "
                           f"({day.isoformat()}){swapped}, and the page's address keeps the folder's name; correct "
                           f"start, or rename the folder (its pages' addresses change with it)")

    def event(self, bundle: Path, data: object, content: _Gathered,
              given: Mapping[str, frozenset[str]] = MappingProxyType({})) -> Event | None:
        """``given``: the languages each text field is given in elsewhere (the recaps' heads)."""
        rel = self.rel(bundle / "event.yaml")
        f = self.fields(data, rel, EVENT)
        if f is None:
            return None
        f.given = given
        errors_before = len(self.report.errors)
        for key in fmt.HOLDS_BACK:  # written, but left empty: the event would be published now
            if key in f.mapping and not str(f.mapping[key] or "").strip() \
                    and not is_draft(f.mapping):  # (a draft is held back all the same)
                f.error(key, "is empty, so it does not hold the event back, and the event would be published now; "
                        + ("write draft: true to hold it back" if key == "draft" else
                           "write the day it may be published from (publish_after: 2025-03-04)")
                        + ", or delete the line to publish it")
        v = f.read(EVENT, self.config.timezone)  # the fields of simple types; the others below
        start, end, updated = v["start"], v["end"], v["updated"]
        zone = self.config.timezone
        if start is not None and end is not None and _ends_before(end, start, zone):
            f.error("end", f"{end.isoformat()} is before start ({start.isoformat()})")
        elif isinstance(end, datetime) and not isinstance(start, datetime) and start is not None:
            f.error("end", f"has a time ({end.strftime('%H:%M')}) but start has none, so the time cannot be "
                    f"shown; give start its time too ({start.isoformat()}T10:00), or write end without one")
        elif isinstance(start, datetime) and end is not None and not isinstance(end, datetime):
            f.warning("end", f"has no time but start has one ({start.strftime('%H:%M')}), so calendars show the "
                      f"event as whole days, without its time; give end its time too ({end.isoformat()}T17:00), "
                      "or write start without one")
        if start is not None and updated is not None and _ends_before(updated, start, zone):
            f.error("updated", f"{updated.isoformat()} is before the event's start ({start.isoformat()})")
        if start is not None:
            self.folder_day(f, bundle.name, start)
        unless, exempt = EVENT["venue"].required_unless
        venue = self.venue(f, required=v[unless] is not None and v[unless] not in exempt)
        series, part = self.series_ref(f, content.series)
        images = self.images(f, bundle, content)
        first_day = local_day(start, zone) if start is not None else None
        event = Event(
            **v,
            id=bundle.name,
            source=rel,
            first_day=first_day,
            last_day=local_day(end if end is not None else start, zone) if start is not None else None,
            venue=venue,
            organizers=self.refs(f, "organizers", content.organizations),
            partners=self.refs(f, "partners", content.organizations),
            topics=self.refs(f, "topics", content.topics),
            regions=self.refs(f, "regions", content.regions),
            series=series,
            series_part=part,
            programme=self.programme(f, content),
            outcomes=self.outcomes(f, content, bundle.name, first_day),
            quotes=self.quotes(f, content.people),
            images=images,
            links=tuple(
                WebLink(values["url"], values["label"] or LocalizedText(MappingProxyType({"*": values["url"]}), "*"))
                for link in f.items("links", WEB_LINK)
                if (values := link.read(WEB_LINK))["url"]
            ),
            contact=self.contact(f),
            embargoed=self.embargoed(v["publish_after"]),
            translations=MappingProxyType({}),
            languages=(),
        )
        if len(self.report.errors) > errors_before:
            return None
        return event

    def outcomes(self, f: Fields, content: _Gathered, event_id: str, first_day: date | None) -> tuple[Outcome, ...]:
        """``first_day``: the event's (None: its start is missing); an outcome dated before it is
        reported, a typo in its year most often."""
        outcomes = []
        ids: dict[str, int] = {}
        for o in f.items("outcomes", OUTCOME):
            v = o.read(OUTCOME)
            if v["id"] is not None:
                if v["id"] in ids:
                    o.error("id", f"'{v['id']}' is already the id of the outcome on line {ids[v['id']]}; "
                            "an id names one outcome of this event")
                ids.setdefault(v["id"], o.line("id"))
            if v["follows"] is not None:
                target, outcome_id = v["follows"]
                self.follows.append((event_id, o.rel, o.line("follows"), o.prefix, target, outcome_id,
                                     v["date"].isoformat() if v["date"] is not None else "", o.line("date")))
            if v["date"] is not None:
                self.read_today = True  # what follows depends on the day of the build
            status_given = bool(str(o.mapping.get("status") or "").strip())  # (left empty: as if not given)
            # (A follow-up of an earlier outcome may well be done between the two events.)
            if v["date"] is not None and first_day is not None and v["date"] < first_day and v["follows"] is None:
                o.warning("date", f"{v['date'].isoformat()} is before the event itself ({first_day.isoformat()}), "
                          "though an outcome comes out of it: check the year" + (
                              "; without status:, an outcome whose date has passed is shown as done"
                              if not status_given else ""))
            if v["status"] == "done" and v["date"] is not None and v["date"] > self.today:
                o.warning("date", f"{v['date'].isoformat()} is still ahead, but status: done says it is done: the "
                                  "date of a done outcome is the day it was done; write that day, or status: planned "
                                  "or in-progress until then")
            if v["status"] is None and not status_given:
                # Clear without it: what lies ahead is planned, what is past was done.
                v["status"] = "done" if v["date"] is not None and v["date"] < self.today else "planned"
            if v["date"] is not None and v["date"] >= self.today:
                # Once the day has passed, a status read off it turns to done, and an open chain
                # that this date is due by turns overdue (in the open data, and on pages with
                # mark_overdue): whichever outcome of the chain holds the date.
                self.change_at(self.tomorrow())
                self.changes_tomorrow = True
            link = None
            target = o.string("link")
            if target is not None and target.startswith("event:") and "#" in target:
                linked, _, part = target[len("event:"):].partition("#")
                follows = part.removeprefix(OUTCOME_ANCHOR)
                o.error("link", f"'{target}': link: takes an event, not a part of its page ('#{part}'); write "
                                f"event:{linked}, or, if this outcome carries on one of that event, follows: "
                                f"{linked}#{follows} instead of link:")
            elif target is not None and target.startswith("event:"):
                problem, urls = self.event_link(content, event_id, target[len("event:"):])
                if problem:
                    o.error("link", problem)
                else:
                    link = LocalizedText(MappingProxyType(urls), self.languages[0])
            elif target is not None:
                url = o.url("link")
                if url:
                    link = LocalizedText(MappingProxyType({lang: url for lang in self.languages}), self.languages[0])
            if v["kind"] and v["status"] and v["text"]:
                outcomes.append(Outcome(**v, link=link, line=o.line()))
        return tuple(outcomes)

    def check_follows(self, content: _Gathered, events: list[Event] | None = None) -> None:
        """Every ``follows:`` read names an outcome with that id of an earlier
        (or the same day's) published event; ``events``: those to look in
        (default: the content's)."""
        by_id = {event.id: event for event in (content.events if events is None else events)}
        followed: dict[tuple[str, str, str], str] = {}  # (event, target, outcome) -> the first outcome of it
        for event_id, rel, line, prefix, target, outcome_id, day, day_line in self.follows:
            where = f"{prefix}follows: '{target}#{outcome_id}'"
            if "://" in target or target.startswith("/"):  # the address of the outcome on its page, copied
                try:
                    path = urlsplit(target).path.rstrip("/")
                except ValueError:  # "https://[…": no address a page has
                    path = target
                meant = next((known for known, urls in content.event_urls.items()
                              if any(path.endswith(url.rstrip("/")) for url in urls.values())), None)
                write = f"{meant}#{outcome_id.removeprefix(OUTCOME_ANCHOR)}" if meant else "<folder>#<id>"
                self.report.error(rel, line, f"{where} is the address of an outcome on its page; follows: names it "
                                             f"by its event's folder and its id: write {write}")
                continue
            other = followed.setdefault((event_id, target, outcome_id), prefix.rstrip("."))
            if other != prefix.rstrip("."):
                # Two of one event's outcomes: the tracker takes the status of the one further down.
                self.report.warning(rel, line, (
                    f"{where}: {other} of this event follows it too, and the tracker shows the status of the one "
                    "further down as that outcome's; keep follows: on the one whose status it should show, and "
                    "write the other without it (a follow-up names an outcome of an earlier event, not one of this "
                    "event)"))
            problem = content.link_problem(event_id, target)
            if problem is None and target == event_id:
                problem = "is an outcome of this same event; follows names an outcome of an earlier event"
            if problem is None and target in content.broken:
                continue  # that event's own errors are reported
            event = by_id.get(target)
            if problem is None and event is None:
                continue  # left out with its errors, which are reported
            if problem is None:
                known = [o.id for o in event.outcomes if o.id]
                if outcome_id not in known:
                    hint = did_you_mean(outcome_id, known) or (
                        f"; its outcomes with an id: {', '.join(known)}; to follow one without an id, give it one "
                        f"(id: {outcome_id}) in {event.source}" if len(known) < len(event.outcomes) else
                        f"; its outcomes' ids: {', '.join(known)}")
                    problem = (f"event '{target}' has no outcome with id '{outcome_id}'{hint}" if known else
                               f"event '{target}' has no outcome with an id; give the outcome meant id: "
                               f"{outcome_id} in {event.source}")
            if problem is None:
                here = by_id.get(event_id)
                if here is not None and event.first_day > here.first_day:
                    problem = (f"event '{target}' is later ({event.first_day.isoformat()}) than this one "
                               f"({here.first_day.isoformat()}); a follow-up names an earlier outcome")
            if problem is not None:
                self.report.error(rel, line, f"{where}: {problem}")
            elif day and day < event.first_day.isoformat():  # a slip of the year, most often
                self.report.warning(rel, day_line, (
                    f"{prefix}date: {day} is before the event whose outcome this one follows ({target}, "
                    f"{event.first_day.isoformat()}): check the year"))
        self.follows = []

    def check_series_parts(self, content: _Gathered) -> None:
        """Two events given the same part of one series: both would show "Part 2". Told at each
        (which one is meant, only the editor knows), naming the others. A part dated before the
        part numbered below it is told too: the pages lead from part to part by number (see
        site.series_order), so its "next part" would go back in time."""
        given: dict[tuple[str, int], list[tuple[str, int]]] = {}
        for series_id, part, rel, line in sorted(self.parts, key=lambda read: read[2]):
            given.setdefault((series_id, part), []).append((rel, line))
        day = {event.source: event.first_day for event in content.events}
        numbered: dict[str, list[tuple[int, str, int]]] = {}
        for series_id, part, rel, line in self.parts:
            if day.get(rel) is not None:
                numbered.setdefault(series_id, []).append((part, rel, line))
        for series_id, parts in numbered.items():
            parts.sort()
            for (part, rel, _), (later, later_rel, later_line) in zip(parts, parts[1:]):
                if later > part and day[later_rel] < day[rel]:
                    self.report.warning(later_rel, later_line, (
                        f"series.part: part {later} of the series '{series_id}' is dated {day[later_rel].isoformat()}, "
                        f"before part {part} ({rel.split('/')[-2]}, {day[rel].isoformat()}): the pages lead from "
                        f"part to part by number, so its \"next part\" would go back in time; check the part "
                        "numbers and the dates"))
        for (series_id, part), events in given.items():
            for rel, line in events if len(events) > 1 else ():
                others = " and ".join(other.split("/")[-2] for other, _ in events if other != rel)
                self.report.warning(rel, line, (
                    f"series.part: {part} is also the part of {others} in the series '{series_id}'; "
                    "give each event of a series a part of its own"))
        self.parts = []

    def check_twins(self, content: _Gathered) -> None:
        """Two folders with the same event (a folder copied, or an event written again under
        another name): the same start, place, part of a series and a title in common, both
        published. Both would be listed, each as the other's related event."""
        seen: dict[tuple, list[Event]] = {}
        for event in content.events:
            if event.draft or event.embargoed:
                continue  # not published with the other; when it is, the build that publishes it tells
            # The same start, place and part of a series too: a repeat in another city, in the
            # afternoon, or as the next part of a series is an event of its own.
            where = (event.venue.city if event.venue else None, event.online_url, event.series_part)
            for title in dict.fromkeys(" ".join(text.casefold().split()) for text in event.title.texts.values()):
                seen.setdefault((event.start, where, title), []).append(event)
        told: set[str] = set()
        for twins in seen.values():
            for event in twins if len(twins) > 1 else ():
                if event.id in told:
                    continue
                told.add(event.id)
                others = " and ".join(f"content/events/{other.id}/" for other in twins if other is not event)
                keep = ("both are published: if they are one event, delete one of the two folders" if len(twins) == 2
                        else "all are published: if they are one event, keep one folder and delete the others")
                self.report.warning(event.source, _line_of(self.root / event.source, "title"), (
                    f"title: this event has the start, the place and the title of {others}, and {keep}; if not, "
                    "give each a title of its own"))

    def venue(self, f: Fields, required: bool) -> Venue | None:
        v = f.sub("venue", VENUE)
        if v is None:
            if required and "venue" not in f.mapping:  # else reported as it is written
                unless, exempt = EVENT["venue"].required_unless
                f.error("venue", f"required unless {unless} is {' or '.join(exempt)}")
            return None
        return Venue(**v.read(VENUE))

    def refs(self, f: Fields, key: str, registry: dict) -> tuple:
        """The ids of an IDS field, each looked up in its declared registry."""
        found = []
        ref = EVENT[key].ref
        what, file = fmt.document(ref).entry.key, fmt.REGISTRY_FILES[ref]
        for written, line in f.ids(key):
            items = [part.strip() for part in written.split(" - ")]  # "- a" with "  - b" below it: "a - b"
            if written in registry:
                found.append(registry[written])
            elif (shown := without_invisible(written))[1] is not None and shown[0] in registry:
                self.report.error(f.rel, line, (
                    f"{f.prefix}{key}: '{shown[0]}' holds {invisible_character(shown[1])} that makes it another id: "
                    "type it again, or delete the character"))
            elif len(items) > 1 and all(_id_meant(item, registry) for item in items):
                self.report.error(f.rel, line, (
                    f"{f.prefix}{key}: '{written}' is read as one entry, because the line '- {items[1]}' is "
                    f"indented further than the line '- {items[0]}' above it: start every '- ' of the list at the "
                    "same place"))
            elif not self.unreadable(ref, written):
                parts = [part.strip() for part in re.split(r"[,;]" if re.search(r"[,;]", written) else r"\s+",
                                                           written) if part.strip()]
                ids = [_id_meant(part, registry) for part in parts]
                listed = len(parts) > 1 and all(ids)  # before a guess at one of them: the list is meant
                hint = "" if listed else did_you_mean(written, registry, lambda meant: _label_of(registry[meant])) \
                    or _by_name(written, registry)
                if listed:
                    how = ("the ids in a list are separated by commas" if not re.search(r"[,;]", written)
                           else "several ids go in brackets" if ids == parts
                           else "several go in brackets, each by its id")
                    hint = f" ({how}: {key}: [{', '.join(ids)}])"
                elif not hint and "," in written:
                    hint = f" (several ids go in brackets, each an id from {file}: {key}: [{written}])"
                elif not hint and slugify(written) and (" " in written or written != written.lower()):  # a name
                    document = fmt.document(ref)  # an entry may be its text alone, or needs its title
                    text = '"' + written.replace('"', '\\"') + '"' if re.search(r"[:#\"'{}\[\],&*!|>%@`]", written) \
                        else written
                    value = text if document.short or document.entry.type != fmt.RECORD else f"{{title: {text}}}"
                    hint = (f"; to add it, write a line '{slugify(written)}: {value}' in {file}, and the id "
                            f"{slugify(written)} here")
                self.report.error(f.rel, line, f"{f.prefix}{key}: unknown {what} '{written}' (not in {file}){hint}")
        return tuple(found)

    def series_ref(self, f: Fields, registry: dict[str, Series]) -> tuple[Series | None, int | None]:
        s = f.sub("series", SERIES_REF)
        if s is None:
            return None, None
        v = s.read(SERIES_REF)
        if v["id"] is None:
            return None, None
        if v["id"] not in registry:
            if self.unreadable("series", v["id"]):
                return None, None
            s.error("id", f"unknown series '{v['id']}' (not in {fmt.REGISTRY_FILES['series']})"
                    f"{did_you_mean(v['id'], registry)}")
            return None, None
        if v["part"] is not None:
            self.parts.append((v["id"], v["part"], s.rel, s.line("part")))
        return registry[v["id"]], v["part"]

    def programme(self, f: Fields, content: _Gathered) -> tuple[Session, ...]:
        sessions = []
        for s in f.items("programme", SESSION):
            speakers = []
            for sp in s.items("speakers", SPEAKER):
                values = sp.read(SPEAKER)
                person = self.person(sp, values, content.people)
                if person is not None:
                    values["name"] = person.name
                if "name" in sp.mapping and not values["name"] and "person" not in sp.mapping:
                    sp.error("name", "is empty; write the person's name, or person: with an id from "
                             f"{fmt.REGISTRY_FILES['people']}")
                if not values["name"] or ("person" in sp.mapping and person is None):
                    continue  # reported: neither given, empty, or an unknown person
                del values["person"]
                org, org_text = self.organization(sp, content.organizations)
                if person is not None and "organization" not in sp.mapping:  # the registry's, unless given here
                    org, org_text = person.organization, person.organization_text
                speakers.append(Speaker(**values, organization=org, organization_text=org_text, person=person))
            sessions.append(Session(**s.read(SESSION), speakers=tuple(speakers)))
        return tuple(sessions)

    def person(self, sp: Fields, values: dict, people: dict[str, Person]) -> Person | None:
        """The registry's person a speaker names with ``person:``; for a plain
        ``name:`` that is, or nearly is, a registry name, a note with the id."""
        person_id = values["person"]
        if person_id is not None:
            if person_id in people:
                if values["name"] is not None:
                    sp.error("name", f"give either person: or name:, not both (person '{person_id}' is "
                             f"{people[person_id].name} in {fmt.REGISTRY_FILES['people']})")
                return people[person_id]
            if self.unreadable("people", person_id):
                return None
            hint = did_you_mean(person_id, people) or _by_name(person_id, people)
            where = fmt.REGISTRY_FILES["people"]
            sp.error("person", f"unknown person '{person_id}' (not in {where}){hint}" if people else
                     f"unknown person '{person_id}': there is no {where}; add them there, or write name: instead")
            return None
        name = values["name"]
        if name is not None and people:
            match = _person_named(name, people)
            if match is not None:
                sp.report.note(sp.rel, sp.line("name"), (
                    f"{sp.prefix}name: '{name}' looks like '{match.name}' in {fmt.REGISTRY_FILES['people']}; "
                    f"write person: {match.id} instead of the name, so that this session is listed on their page"),
                    for_editors=True)
        return None

    def images(self, f: Fields, bundle: Path, content: _Gathered) -> tuple[Image, ...]:
        images = []
        for img in f.items("images", IMAGE):
            v = img.read(IMAGE)
            if v["credit"] is not None:
                labelled = next((text for text in v["credit"].texts.values() if _CREDIT_LABEL.match(text)), None)
                if labelled is not None:  # the page puts its own label before it: "Bildnachweis: Foto: IHK"
                    img.warning("credit", f"'{labelled}' is shown after the page's own label (Bildnachweis: … / "
                                f"Credit: …); write the name alone (credit: {_CREDIT_LABEL.sub('', labelled)})")
            if v["file"] is None or v["alt"] is None:
                continue
            empty = next((problem for problem in (description_problem(text, v["file"]) for text in v["alt"].texts.values())
                          if problem is not None), None)
            if empty is not None:
                img.warning("alt", empty)
            path, why = bundle_file(bundle, v["file"])
            if path is None:
                img.error("file", why)
                continue
            url = self.config.urls.media(bundle.name, v["file"])
            content.media[url] = path
            self.published.append([url, v["file"]])
            images.append(Image(**v, url=url, line=img.line("file")))
        return tuple(images)

    def contact(self, f: Fields) -> Contact | None:
        value = f.mapping.get("contact")
        if isinstance(value, Scalar) and value.strip():  # just an e-mail address or a web address
            plain = str(value).strip()
            if "@" in plain and " " not in plain and not plain.lower().startswith(("http://", "https://")):
                if f.invisible("contact", plain):
                    return None
                return Contact(None, email_address(plain), None, None)
            if not plain.lower().startswith(("http://", "https://")):
                f.error("contact", f"'{plain}' is neither an e-mail address nor a web address; write "
                        "name@example.org or https://…, or give name:, email:, phone: and url: below contact:")
                return None
            url = f.url("contact")
            if url is None:
                return None
            return Contact(None, None, None, url)
        c = f.sub("contact", fmt.CONTACT_FIELDS)
        if c is None:
            return None
        values = c.read(fmt.CONTACT_FIELDS)
        phone = values["phone"]
        if phone is not None and _PHONE_LABEL.match(phone):  # the page writes "Telefon: " before it
            c.warning("phone", f"'{phone}' is shown after the page's own label (Telefon: … / Phone: …); write "
                      f"the number alone (phone: {_PHONE_LABEL.sub('', phone)})")
        return Contact(**values)

    # Pages ---------------------------------------------------------------
    def pages(self) -> list[PageSource]:
        folder = self.root / "content" / "pages"
        if not folder.is_dir():
            return []
        pages = []
        for page_dir in self.folders(folder, "page"):
            problem = slug_problem(page_dir.name)
            if problem:
                self.report.error(self.rel(page_dir), 0, f"page folder name {problem}")
                continue
            translations = {}
            for name in sorted(os.listdir(page_dir)):
                if not left_by_programs(name) and not name.lower().endswith(".md") \
                        and self.recap_name_meant(name) is None and os.path.isfile(page_dir / name):
                    self.report.warning(self.rel(page_dir / name), 0, (
                        "this file is not published: a page publishes no files of its folder; put it into the "
                        f"site's assets/ folder and link it as /assets/{name}"))
            for lang, path in self.language_files(page_dir).items():
                source = self.markdown(path, lang, page_dir.name, fmt.PAGE, self.config.urls.page, warn_empty=False)
                if source is None:
                    continue
                # (A file recap new page made and no one wrote yet has no title either: left out below.)
                if source.title is None and fmt.PAGE["title"].required and source.body.strip():
                    self.report.error(source.rel, 1, "title: a page needs a title in its front matter")
                    continue
                translations[lang] = source
            # A file made by recap new page and not yet written is left out, as an event's recap is:
            # no empty page goes online.
            written = [lang for lang, source in translations.items() if source.body.strip()]
            empty = [lang for lang in translations if lang not in written]
            for lang in empty:
                source = translations.pop(lang)
                self.report.warning(source.rel, _empty_line(source), (
                    f"the page's text is empty, so it is not published in this language, as if {lang}.md were "
                    f"missing (the {lang} menu shows the page in {' or '.join(written)}); write its text below the "
                    "closing ---, or delete the file" if written else
                    "the page's text is empty, so the page is not published; write its text below the closing ---"))
            if translations:
                pages.append(PageSource(page_dir.name, translations, tuple(sorted(empty))))
        return pages


def bundle_file(bundle: Path, name: str) -> tuple[Path | None, str]:
    """``(path, "")`` if ``name`` is a file the event folder ``bundle`` may
    publish, else ``(None, why not)``: a path with ``..`` or an absolute
    path, a missing file, the facts or a recap, a link that leads out of the
    folder, anything but a plain file, or a type that is not published
    (see :mod:`recap_site.filetypes`)."""
    parts = name.split("/")
    if name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts):
        return None, bundle_file_problem(name)
    path = bundle.joinpath(*parts)
    if path.name == "event.yaml" or path.suffix == ".md":
        return None, f"'{name}' is the event's facts or a recap, which are not published as files"
    if not (path.exists() or path.is_symlink()):
        try:
            neighbours = os.listdir(path.parent)
        except OSError:
            neighbours = []
        # The same name with its letters written another way ("ä" as "a" and "¨", as a Mac writes
        # file names): the file the editor means. It is published under the name as linked.
        meant = file_name_key(parts[-1])
        same = [n for n in neighbours if file_name_key(n) == meant]
        if len(same) != 1:
            hint = did_you_mean(parts[-1], (n for n in neighbours if n != "event.yaml" and not n.endswith(".md")))
            return None, bundle_file_problem(name) + hint
        path = path.parent / same[0]
    problem = outside_problem(path, bundle, "the event's folder")
    if problem is None:
        try:
            problem = not_regular_problem(path.stat())
        except OSError as exc:
            problem = f"cannot be read ({exc.strerror})"
    if problem is not None:
        return None, f"'{name}' {problem}"
    refused = refusal(path, name)
    if refused is not None:
        return None, refused
    return path, ""


def file_name_key(name: str) -> str:
    """What makes two file names one name: the same letters, however they are written ("ä" as one
    character, or as "a" and "¨" as a Mac writes file names)."""
    return unicodedata.normalize("NFC", name)


def bundle_url(config: SiteConfig, bundle: Path, name: str) -> str | None:
    """The URL a file in an event's folder is published at; None if it may not be published
    (:func:`bundle_file` says why)."""
    path, _ = bundle_file(bundle, name)
    return config.urls.media(bundle.name, name) if path is not None else None


def is_draft(facts: Mapping) -> bool:
    """The one rule for "is this event a draft", on its parsed facts (event.yaml as read). Read
    leniently, as a flag is (``draft: yes``): a value that is no flag is reported where the event
    is read, and leaves the event in."""
    return is_true(str(facts.get("draft", "")))


_FOLDER_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:-|$)")
_WORDS = re.compile(r"[^\W\d_]{2,}")
_COPY_WORDS = 20  # words at least in a recap that is reported as another language's copy


def _ends_before(end: date | datetime, start: date | datetime, zone) -> bool:
    """Two moments compare as moments; otherwise as days in the site's time zone."""
    if isinstance(end, datetime) and isinstance(start, datetime):
        return end < start
    return local_day(end, zone) < local_day(start, zone)


def _id_meant(written: str, registry: dict) -> str | None:
    """The id ``written`` is, or names (an entry's id in other case, or its name), or None."""
    if written in registry:
        return written
    lowered = {entry_id.lower(): entry_id for entry_id in registry}
    return lowered.get(written.lower()) or _named(written, registry)


def registry_label(entry: object) -> LocalizedText | str | None:
    """What a registry's entry is called: a topic's or region's label, an organization's or
    person's name, a series' title."""
    return next((getattr(entry, name) for name in ("label", "name", "title") if hasattr(entry, name)), None)


def _label_of(entry: object) -> str | None:
    """That name, in the site's first language, as text."""
    label = registry_label(entry)
    return str(label) if label is not None else None


def _named(written: str, registry: dict) -> str | None:
    """The id of the entry whose name ``written`` is, or None."""
    for entry_id, entry in registry.items():
        label = registry_label(entry)
        names = label.texts.values() if isinstance(label, LocalizedText) else ()
        if any(written.strip().lower() == str(name).lower() for name in names):
            return entry_id
    return None


def _by_name(written: str, registry: dict) -> str:
    """" (did you mean 'x'?)" when what was written is an entry's name, not its id."""
    entry_id = _named(written, registry)
    return f" (did you mean '{entry_id}'? That is the id of '{written}')" if entry_id else ""


def _person_named(name: str, people: dict[str, Person]) -> Person | None:
    """The registry's person whose name ``name`` is, titles and case aside, or nearly is."""
    def plain(text: str) -> str:
        words = [w for w in text.casefold().replace(".", ". ").split() if w not in _TITLES]
        return " ".join(words)

    written = plain(name)
    names = {plain(person.name): person for person in people.values()}
    if written in names:
        return names[written]
    close = difflib.get_close_matches(written, names, n=1, cutoff=0.85)
    return names[close[0]] if close else None


_TITLES = {"dr.", "prof.", "dipl.", "ing.", "frau", "herr", "mr.", "mrs.", "ms.", "dr", "prof"}


def _first_line(value: object) -> str:
    text = str(value[0] if isinstance(value, list) and value else value).split("\n")[0]
    return text if len(text) <= 40 else text[:40] + "…"


_COPY_OF = re.compile(r"([a-z]{2,3})(?: \(\d+\)| ?- ?(?:Kopie|Copy)(?: \(\d+\))?| copy(?: \d+)?)", re.IGNORECASE)
_LEADING_DASH = re.compile(r"[-–—]+\s+")  # "— Max Muster": a quote's by:, as a book would print it


def _wrap_mapping(values: dict, line: int) -> Mapping:
    mapping = Mapping(values)
    mapping.line = line
    mapping.key_lines = {key: line for key in values}
    return mapping




def _quoted(text: str) -> str:
    """``text`` cut to 40 characters for a message."""
    return f"'{text[:40]}{'…' if len(text) > 40 else ''}'"


def _placeholders(body: str) -> list[tuple[int, str]]:
    """(line in the body, message) for a text that is a placeholder, or notes to oneself in it."""
    if is_stand_in(body):
        shown = " ".join(body.split())
        return [(next(n for n, line in enumerate(body.split("\n")) if line.strip()),
                 f"the text is only {_quoted(shown)}, a placeholder that would be "
                 "published as it is: write the text, or delete the file until it is written")]
    found = []
    fence = comment = False
    for number, line in enumerate(body.split("\n")):
        if comment:  # a note inside <!-- … --> is hidden already
            comment = "-->" not in line
            continue
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence:
            continue
        if NOTE_TO_SELF.match(line):
            shown = line.strip()
            found.append((number, f"{_quoted(shown)} looks like a note to yourself, "
                                  "and would be published as it is: finish the text, or hide the note in a "
                                  "comment, <!-- … -->"))
        text = CODE_SPAN.sub("", line) if "<!--" in line else ""
        if "<!--" in text:
            comment = "-->" not in text[text.index("<!--"):]
    return found


def _empty_line(source: MarkdownSource) -> int:
    """Where to say that a recap has no text: the first line below its front matter, or the
    file's last line if there is none."""
    return min(source.body_line, max(source.body_line - 1 + source.body.count("\n"), 1))
