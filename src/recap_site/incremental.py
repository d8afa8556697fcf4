"""The incremental layer: everything one build takes from the last one, and gives to the next.

:class:`Incremental` is the only object the build hands around that knows a
cache exists. It gives the stages plain inputs: validated event folders
(:class:`BundleStore`) to the content stage, rendered Markdown to assemble,
and a :class:`Plan` to render and check (which pages were made from the same
inputs as last time, by their :class:`Fingerprints`; what the feeds and
calendars made of each event; what the last link check found on each page).
The entries themselves are stored by :class:`recap_site.cache.BuildCache`.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterable, Mapping, Sequence  # not typing's: isinstance against Mapping is slow
from dataclasses import dataclass, is_dataclass, replace
from pathlib import Path

import jinja2
import orjson
from jinja2 import meta, nodes

from .cache import PACKAGE, BuildCache, as_text, digest, racy
from .model import TEXT_FIELD, Event, EventTranslation, PageRecord, Route


# Validated event folders ------------------------------------------------------------
BUNDLE_LIMIT = 32 * 1024 * 1024  # bytes: a larger event folder is read every time rather than hashed


class BundleStore:
    """The event folders a build read and validated (see content.BundleMemo), kept in the
    build cache under a digest of the code, what their reading depended on, and the name and
    bytes of every file in the folder. Entries are data (what the content loader made of the
    folder: problems, recaps, the event as data), never code.

    A folder's files are read and hashed only when one of them changed since the last build:
    the key is kept with each file's size, inode, mtime and ctime, as git's index keeps them
    (writing a file, or setting its times, sets its ctime to the clock's time). A file changed
    in the same tick of the file system's clock as it was looked at would look the same, so,
    as git does with such "racily clean" files, a folder with a file changed just before this
    build began (cache.racy) gets no record: its files are read again next time."""

    def __init__(self, cache: BuildCache, code: str) -> None:
        self.cache = cache
        self.code = code
        self.started = time.time_ns()  # a file changed just before may change again unseen
        self.contexts: dict[str, str] = {}  # context -> its digest with the code's (one for every folder)

    def key(self, bundle: Path, context: str) -> str | None:
        """None for a folder that holds anything but plain files and folders (a link, a
        hard link: the loader reports them) or more than BUNDLE_LIMIT bytes."""
        try:
            if not stat.S_ISDIR(os.lstat(bundle).st_mode):
                return None
            files: list[tuple[str, str, os.stat_result]] = []  # name in the folder, path, its stat
            todo = [(bundle, "")]
            while todo:
                folder, prefix = todo.pop()
                with os.scandir(folder) as entries:
                    for entry in entries:
                        info = entry.stat(follow_symlinks=False)
                        if stat.S_ISDIR(info.st_mode):
                            todo.append((Path(entry.path), prefix + entry.name + "/"))
                        elif stat.S_ISREG(info.st_mode) and info.st_nlink == 1:
                            files.append((prefix + entry.name, entry.path, info))
                        else:
                            return None
            files.sort(key=lambda file: file[0])
            seen = [[as_text(name), info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns]
                    for name, _, info in files]
            if context not in self.contexts:  # long (the configuration): its digest, once
                self.contexts[context] = digest(self.code, context)
            record = [self.contexts[context], seen]
            known = self.cache.seen.get(bundle.name)
            if isinstance(known, list) and len(known) == 2 and known[1] == record and isinstance(known[0], str):
                key = known[0]
            else:
                key = self._digest(bundle, context, [(name, path) for name, path, _ in files])
            if key is not None and not any(racy(mtime, ctime, self.started) for *_, mtime, ctime in seen):
                self.cache.new_seen[bundle.name] = [key, record]
            return key
        except OSError:
            return None

    def _digest(self, bundle: Path, context: str, files: list[tuple[str, str]]) -> str | None:
        h = hashlib.sha256()
        for part in (self.code, context, bundle.name):  # the name: the event's id and default slug
            h.update(part.encode("utf-8", "surrogatepass") + b"\0")
        total = 0
        for rel, path in files:
            data = Path(path).read_bytes()
            total += len(data)
            if total > BUNDLE_LIMIT:
                return None
            h.update(rel.encode("utf-8", "surrogatepass") + b"\0" + len(data).to_bytes(8, "big") + data)
        return h.hexdigest()

    def recall(self, key: str) -> dict | None:
        entry = self.cache.bundles.get(key)
        if not isinstance(entry, dict):
            return None
        self.cache.used_bundles[key] = entry
        return entry

    def remember(self, key: str, entry: dict) -> None:
        self.cache.used_bundles[key] = entry


# The incremental layer of one build ---------------------------------------------------
@dataclass(frozen=True)
class Plan:
    """What the render and check stages may take from the last build (see :meth:`Incremental.plan`)."""

    # output path -> the last build's file, for pages made from the same inputs; None for recap
    # check, which writes nothing: the page is not rendered, its link record (``known``) stands in
    reuse: Mapping[str, str | None]
    events: EventStore  # what feeds and calendars made of each event (outputs.EventDataStore)
    files: "FileStore"  # other outputs the last build made from the same inputs (outputs.OutputStore)
    known: Mapping[str, list]  # output path -> what the last link check found on that page
    previous_paths: set[str] | None  # the last build's output paths
    # output path -> what its page is made of but the recaps' texts it reads (see Fingerprints.page)
    bases: Mapping[str, str | None]
    texts: Mapping[str, tuple]  # output path -> the texts the last build's page read, for a page reused
    fingerprints: "Fingerprints"


class Incremental:
    """Everything one build takes from the last one, and gives to the next: the only object the
    build hands around that knows a cache exists. The stages it serves take plain inputs:
    ``bundles`` (content.BundleMemo) for reading the content, ``markdown`` for assembling
    (get_markdown/put_markdown), and a :class:`Plan` for rendering and checking."""

    def __init__(self, cache: BuildCache, previous: Path | None, options: dict) -> None:
        """Loads the entries of ``cache`` (its state is loaded already). ``previous``: the output folder, whose unchanged pages may be reused; None for recap
        check, which writes nothing and so takes the last build's link record of a page made from
        the same inputs instead of rendering it. ``options``: those that may change a page's
        bytes (:func:`page_options`), part of every page's fingerprint."""
        self.cache = cache
        self.previous = previous
        self.options = options
        self.code = code_digest()
        cache.load_entries(self.code)  # what another version of the code made is not loaded
        self.bundles = BundleStore(cache, self.code)
        self.markdown = cache

    def plan(self, config, theme, site, renderer) -> Plan:
        """A page is reused when it is made of what the last build's page was made of: the same
        layouts and data, and the same texts of the recaps that page read (as it recorded them)."""
        fingerprints = self._fingerprints(config, theme, site, renderer)
        bases = {route.path: fingerprints.route(route) for route in site.routes}
        known = {}
        for path in bases:
            record = self.cache.page_links(path)
            if record is not None:
                known[path] = record
        reuse: dict[str, str | None] = {}
        texts: dict[str, tuple] = {}
        for path, base in bases.items():
            read = self.cache.page_texts(path)
            if base is None or read is None:
                continue
            fingerprint = fingerprints.page(base, read)
            if self.previous is not None:
                file = self.cache.reusable(path, fingerprint, self.previous)
                if file is not None:
                    reuse[path], texts[path] = file, read
            elif path in known and self.cache.made_from(path, fingerprint):
                reuse[path] = None
        return Plan(reuse, EventStore(self.cache, fingerprints), FileStore(self.cache, self.previous, fingerprints, site),
                    known, self.cache.previous_paths(), bases, texts, fingerprints)

    def remember(self, plan: Plan, pages: Mapping[str, list], texts: Mapping[str, tuple]) -> None:
        """What this build made: each page's fingerprint, what the link check found on it and the
        recaps' texts it read (``texts``, of the pages rendered; a page reused read what the last
        build's did). Nothing for recap check: the records are of the pages a build wrote."""
        if self.previous is None:
            return
        for path, base in plan.bases.items():
            read = texts[path] if path in texts else plan.texts.get(path)
            if base is not None and read is not None:
                self.cache.remember_output(path, plan.fingerprints.page(base, read), pages.get(path), read)

    def _fingerprints(self, config, theme, site, renderer) -> Fingerprints:
        # The site folder as resolved: `--source .` and its absolute path build the same pages.
        common = digest(self.code, repr(replace(config, root=config.root.resolve())), repr(theme.strings),
                        repr(theme.stylesheets), repr(renderer.navigation),
                        orjson.dumps(self.options, option=orjson.OPT_SORT_KEYS).decode())
        # The whole site, for a layout that reads it: its events, one by one, and every other field
        # but its settings (in ``common``) and its routes (made of the rest).
        rest = tuple(getattr(site, name) for name in type(site).__dataclass_fields__
                     if name not in _SITE_SETTINGS and name not in ("events", "routes"))
        fingerprints = Fingerprints(renderer.env, common, lambda: digest(
            *(fingerprints.card(event) for event in site.events), repr(rest)), site.events, self.cache.layouts)
        self.cache.layouts = fingerprints.layouts
        return fingerprints


class EventStore:
    """What the feeds and calendars make of one event (see outputs.EventDataStore),
    in the build cache under the event's fingerprint."""

    def __init__(self, cache: BuildCache, fingerprints: Fingerprints) -> None:
        self.cache = cache
        self.fingerprints = fingerprints

    def key(self, event, lang: str, kind: str, texts: bool = True) -> str:
        """``texts``: whether what is kept reads the recaps' texts (an Atom entry does); if not,
        it is kept under the event's card (its fields but the texts), which an edit of a text
        leaves as it is."""
        made_of = self.fingerprints.event(event) if texts else "C" + self.fingerprints.card(event)
        return digest(self.fingerprints.common, made_of, lang, kind)

    def keep(self, event, lang: str, kind: str, texts: bool = True) -> str:
        key = self.key(event, lang, kind, texts)
        self.cache.get_vevent(key)  # kept for the next build, though not read now
        return key

    def get(self, event, lang: str, kind: str, texts: bool = True) -> bytes | None:
        text = self.cache.get_vevent(self.key(event, lang, kind, texts))
        return text.encode("utf-8") if text is not None else None

    def put(self, event, lang: str, kind: str, data: bytes, texts: bool = True) -> None:
        self.cache.put_vevent(self.key(event, lang, kind, texts), data.decode("utf-8"))


class FileStore:
    """Outputs other than pages (the social cards) that the last build made from the same
    inputs, and whose file is still as it left it (see outputs.OutputStore): their
    fingerprints are kept with the pages' (recap check, which writes nothing, keeps none)."""

    def __init__(self, cache: BuildCache, previous: Path | None, fingerprints: Fingerprints, site) -> None:
        self.cache = cache
        self.previous = previous
        self.common = fingerprints.common  # the build's common inputs: the code among them
        self.fingerprints = fingerprints
        self.routes = site.routes
        self._site: str | None = None

    def reusable(self, path: str, fingerprint: str) -> str | None:
        return self.cache.reusable(path, digest(self.common, fingerprint), self.previous)

    def made(self, path: str, fingerprint: str) -> None:
        if self.previous is not None:
            self.cache.remember_output(path, digest(self.common, fingerprint))

    def site(self) -> str:
        """The whole site without the recaps' texts (outputs.common.OutputStore.site): its events'
        cards, its other fields, and every route's head (its URL, path, title and languages)."""
        if self._site is None:
            self._site = digest("site", self.fingerprints.site(),
                                *(self.fingerprints.head(route) for route in self.routes))
        return self._site


# Fingerprints --------------------------------------------------------------------
# What a layout may read from ``site`` without depending on every event: these
# come from the configuration, which is part of every fingerprint.
_SITE_SETTINGS = {"title", "description", "languages", "default_lang", "base_url", "timezone"}
_SCALARS = frozenset({str, int, float, bool, type(None)})


def code_digest() -> str:
    """The recap-site code: a changed module may change any output."""
    parts = []
    for path in sorted(PACKAGE.rglob("*.py")):
        try:
            parts.append(path.relative_to(PACKAGE).as_posix() + "\0" + path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            parts.append(path.name)
    return digest(*parts)


class Fingerprints:
    """What an output is made of, as one digest: the build's common inputs
    (``common``: configuration, UI strings, options, code), the layouts its
    template loads (followed through extends/include/import), the data it
    is given, and the recaps' texts it read.

    Events are hashed once each (:func:`record_digest`: frozen dataclasses,
    every field at every depth): an event's *card*, every field but its
    recaps' texts (``body_html``), and each of its translations whole; the
    event's whole digest is made of those (:meth:`event`, for the feeds).
    A page is given events and translations by their cards; which texts it
    shows is not guessed from its layouts but recorded as it is rendered
    (model.texts_read: any way of reading a text is seen), and its
    fingerprint adds the digests of those texts (:meth:`page`). A list of
    events reads none of them; an event's page reads its own; so an edit of
    a recap's text renders the pages that read it, and no other. The
    record is the last build's: a page whose layouts, data and recorded
    texts are unchanged would read the same texts again.

    A layout that reads ``site`` beyond its settings (say ``site.events``)
    depends on the whole site. A layout that names another layout through an
    expression (which cannot be followed) depends on every layout.
    """

    def __init__(self, env: jinja2.Environment, common: str, site_digest: Callable[[], str],
                 events: tuple[Event, ...] = (), known: dict | None = None) -> None:
        """``site_digest()``: a digest of the whole site, its events by their cards. ``events``:
        the site's, whose texts a page may have read. ``known``: :attr:`layouts` of the last
        build. What each template loads is worked out by parsing the layouts (a third of a
        second for the default theme); while no layout changed, the last build's answers are
        used."""
        self.env = env
        self.common = common
        self.site_digest = site_digest
        self._site: str | None = None
        self.by_id = {event.id: event for event in events}
        self.events: dict[int, str] = {}
        self.cards: dict[int, str] = {}  # id of an event, or of its translation -> its digest without recap texts
        self.translations: dict[int, str] = {}  # id of an event's translation -> its own digest, its text's included
        self.records: dict[int, str] = {}  # id of another frozen record (an outcome, a term) -> its digest
        self.heads: dict[int, str] = {}  # id of a route -> its head, as hashed
        self.templates: dict[str, str | None] = {}
        self.layouts = {"key": self._layouts_key(), "templates": {}}  # to keep for the next build
        if known and self.layouts["key"] is not None and known.get("key") == self.layouts["key"]:
            templates = known.get("templates")
            if isinstance(templates, dict):
                self.layouts["templates"] = {name: value for name, value in templates.items() if _structure_ok(value)}

    def _layouts_key(self) -> str | None:
        """A digest of every layout's name and text; None if one cannot be read."""
        try:
            names = self.env.list_templates()
            return digest(*(name + "\0" + self.env.loader.get_source(self.env, name)[0] for name in names))
        except (jinja2.TemplateError, OSError, UnicodeDecodeError):
            return None

    def event(self, event: Event) -> str:
        """Every field of the event: its card and its translations whole (each hashed once)."""
        key = id(event)
        if key not in self.events:
            self.events[key] = digest(self.card(event), *(
                lang + self.translation(translation) for lang, translation in event.translations.items()))
        return self.events[key]

    def translation(self, translation: EventTranslation) -> str:
        """Its own fields, its recap's text included: its card and its text."""
        key = id(translation)
        if key not in self.translations:
            self.translations[key] = "T" + digest(self.card(translation), getattr(translation, TEXT_FIELD))
        return self.translations[key]

    def card(self, record: Event | EventTranslation) -> str:
        """A digest of an event (or of one of its translations) without its recaps' texts.
        An event's is made of its other fields and its translations' cards, each translation
        written once whatever asks for it (a page, a list, the whole site)."""
        key = id(record)
        if key not in self.cards:
            if isinstance(record, Event):
                self.cards[key] = digest(record_digest(record, bodies=False, translations=False), *(
                    lang + self.card(translation) for lang, translation in record.translations.items()))
            else:
                self.cards[key] = record_digest(record, bodies=False)
        return self.cards[key]

    def value(self, value: object) -> str:
        """Events and their translations by their cards (a page's record of the texts it read
        adds those: :meth:`page`), other records by their whole digests."""
        if type(value) in _SCALARS:  # most values a page is given: asked first
            return repr(value)
        if isinstance(value, Event):
            return "C" + self.card(value)
        if isinstance(value, (list, tuple)):
            return "[" + ",".join(self.value(v) for v in value) + "]"
        if isinstance(value, (dict, Mapping)):
            return "{" + ",".join(f"{k!r}:{self.value(v)}" for k, v in value.items()) + "}"
        if isinstance(value, EventTranslation):
            return "c" + self.card(value)
        if isinstance(value, PageRecord):  # what a page is given: field by field
            return type(value).__name__ + self.value(value.context())
        # A frozen record that many pages share (a tracker row is on up to 8 pages): hashed once.
        # Safe by id(): every value comes from site.routes, which lives as long as this object.
        if is_dataclass(value) and value.__dataclass_params__.frozen:
            key = id(value)
            if key not in self.records:
                self.records[key] = "R" + record_digest(value)
            return self.records[key]
        return repr(value)

    def route(self, route: Route) -> str | None:
        """What a page is made of but the recaps' texts it reads (see :meth:`page`); None when
        its layouts cannot be read (rendering reports why)."""
        layouts = self.template(route.template)
        if layouts is None:
            return None
        return digest(self.common, layouts, self.head(route), self.value(route.data))

    def page(self, base: str, texts: Iterable[Sequence[str]]) -> str:
        """A page's fingerprint: :meth:`route`'s ``base``, and the texts it read, (event id,
        language) each, by their digests now ("gone" for an event or language no longer there)."""
        parts = [base]
        for event_id, lang in texts:
            event = self.by_id.get(event_id)
            translation = event.translations.get(lang) if event is not None else None
            parts.append(f"{event_id}\0{lang}\0{self.translation(translation) if translation is not None else 'gone'}")
        return digest(*parts)

    def head(self, route: Route) -> str:
        """Every field of a route but what its page is given."""
        key = id(route)
        if key not in self.heads:
            self.heads[key] = repr((route.template, route.lang, route.url, route.path, route.source, route.title,
                                    route.alternates, route.x_default, route.languages))
        return self.heads[key]

    def template(self, name: str) -> str | None:
        """A digest of the layouts ``name`` loads, and of the site if they read it."""
        if name not in self.templates:
            known = self.layouts["templates"]
            if name not in known:
                known[name] = self._structure(name)
            structure = known[name]
            self.templates[name] = None if structure is None else digest(
                structure[0], self.site() if structure[1] else "")
        return self.templates[name]

    def site(self) -> str:
        """The whole site, its events by their cards."""
        if self._site is None:
            self._site = self.site_digest()
        return self._site

    def _structure(self, name: str) -> list | None:
        """[a digest of the layouts the template loads, whether one reads the whole site]."""
        sources: dict[str, str] = {}
        todo = [name]
        whole_site = everything = False
        while todo:
            current = todo.pop()
            if current in sources:
                continue
            try:
                source = self.env.loader.get_source(self.env, current)[0]
                tree = self.env.parse(source)
            except jinja2.TemplateError:
                return None
            sources[current] = source
            for found in meta.find_referenced_templates(tree):
                if found is None:
                    everything = True
                else:
                    todo.append(found)
            whole_site = whole_site or _reads_whole_site(tree)
        if everything:  # any layout may be loaded, one that reads the whole site too
            whole_site = True
            for other in self.env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml", ".txt"))):
                if other not in sources:
                    try:
                        sources[other] = self.env.loader.get_source(self.env, other)[0]
                    except jinja2.TemplateError:
                        return None
        return [digest(*(f"{n}\0{s}" for n, s in sorted(sources.items()))), whole_site]


def record_digest(record: object, bodies: bool = True, translations: bool = True) -> str:
    """A digest of a frozen record: its type's name, and every field at every depth, serialized
    by orjson (in C, far sooner than ``repr``: every event of a site is hashed by every build;
    a value orjson cannot write makes it ``repr``'s, as before).

    The records inside are written without their types' names: each field has one declared
    type, and no field of the model's records may hold either of two record types
    (``test_no_field_of_a_hashed_record_holds_records_of_two_types``), so two records whose
    fields read alike are alike. orjson leaves out a field whose name starts with "_": the
    same test allows none in the model. orjson writes a tuple as a list, a date as its ISO text and a
    ``str`` subclass as a ``str``: for the same reason, no field holds a date in one event and
    its text in another (``model.from_data`` checks each field's type).

    ``bodies=False``: without the recaps' texts (an :class:`EventTranslation`'s ``body_html``),
    and marked as such, for the pages that do not show them (:meth:`Fingerprints.card`).
    ``translations=False``: an :class:`Event` without its translations (the caller adds their
    digests)."""
    kind = f"{type(record).__module__}.{type(record).__qualname__}" + ("" if bodies else " card") \
        + ("" if translations else " alone")
    if not bodies and isinstance(record, EventTranslation):
        record = _card(record)
    elif not translations and isinstance(record, Event):
        record = {name: getattr(record, name) for name in _EVENT_FIELDS}
    try:
        data = orjson.dumps(record, default=_plain if bodies else _plain_card, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:
        data = repr(record).encode("utf-8", "surrogatepass")  # with the texts: never less than the card
    return hashlib.sha256(f"{kind}\0".encode() + data).hexdigest()


# An event translation's fields but its recap's text: what a list of events may show of it.
_CARD_FIELDS = tuple(name for name in EventTranslation.__dataclass_fields__ if name != TEXT_FIELD)
# An event's fields but its translations (whose cards Fingerprints.card adds).
_EVENT_FIELDS = tuple(name for name in Event.__dataclass_fields__ if name != "translations")


def _card(translation: EventTranslation) -> dict:
    return {name: getattr(translation, name) for name in _CARD_FIELDS}


def _plain(value: object) -> object:
    if isinstance(value, Mapping):  # a read-only mapping (MappingProxyType) of the model
        return dict(value)
    raise TypeError(type(value))


def _plain_card(value: object) -> object:
    """As :func:`_plain`, and an event's translations without their recaps' texts."""
    if isinstance(value, Mapping):
        if not any(isinstance(item, EventTranslation) for item in value.values()):
            return dict(value)
        return {key: _card(item) if isinstance(item, EventTranslation) else item for key, item in value.items()}
    raise TypeError(type(value))


def _structure_ok(value: object) -> bool:
    return value is None or (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)
                             and isinstance(value[1], bool))


def _reads_whole_site(tree: nodes.Template) -> bool:
    uses = sum(1 for node in tree.find_all(nodes.Name) if node.name == "site")
    settings = sum(1 for node in tree.find_all(nodes.Getattr)
                   if isinstance(node.node, nodes.Name) and node.node.name == "site" and node.attr in _SITE_SETTINGS)
    return uses > settings

