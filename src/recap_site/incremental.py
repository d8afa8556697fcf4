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
from collections.abc import Callable, Mapping  # not typing's: isinstance against it is slow
from dataclasses import dataclass, is_dataclass, replace
from pathlib import Path

import jinja2
import orjson
from jinja2 import meta, nodes

from .cache import PACKAGE, BuildCache, as_text, digest, racy
from .model import Event, EventTranslation, PageRecord, Route


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
    reuse: Mapping[str, Path | None]
    events: EventStore  # what feeds and calendars made of each event (outputs.EventDataStore)
    files: "FileStore"  # other outputs the last build made from the same inputs (outputs.OutputStore)
    known: Mapping[str, list]  # output path -> what the last link check found on that page
    previous_paths: set[str] | None  # the last build's output paths
    prints: Mapping[str, str | None]  # output path -> fingerprint, to remember


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
        fingerprints = self._fingerprints(config, theme, site, renderer)
        prints = {route.path: fingerprints.route(route) for route in site.routes}
        known = {}
        for path in prints:
            record = self.cache.page_links(path)
            if record is not None:
                known[path] = record
        reuse: dict[str, Path | None] = {}
        for path, fingerprint in prints.items():
            if self.previous is not None:
                file = self.cache.reusable(path, fingerprint, self.previous)
                if file is not None:
                    reuse[path] = file
            elif path in known and self.cache.made_from(path, fingerprint):
                reuse[path] = None
        return Plan(reuse, EventStore(self.cache, fingerprints), FileStore(self.cache, self.previous, fingerprints, site),
                    known, self.cache.previous_paths(), prints)

    def remember(self, plan: Plan, pages: Mapping[str, list]) -> None:
        """What this build made: each page's fingerprint and what the link check found on it
        (nothing for recap check: the records are of the pages a build wrote)."""
        if self.previous is None:
            return
        for path, fingerprint in plan.prints.items():
            self.cache.remember_output(path, fingerprint, pages.get(path))

    def _fingerprints(self, config, theme, site, renderer) -> Fingerprints:
        # The site folder as resolved: `--source .` and its absolute path build the same pages.
        common = digest(self.code, repr(replace(config, root=config.root.resolve())), repr(theme.strings),
                        repr(renderer.navigation), orjson.dumps(self.options, option=orjson.OPT_SORT_KEYS).decode())
        # The whole site, for a layout that reads it: its events, one by one, and every other field
        # but its settings (in ``common``) and its routes (made of the rest).
        rest = tuple(getattr(site, name) for name in type(site).__dataclass_fields__
                     if name not in _SITE_SETTINGS and name not in ("events", "routes"))
        fingerprints = Fingerprints(renderer.env, common, lambda bodies: digest(
            *((fingerprints.event if bodies else fingerprints.card)(event) for event in site.events), repr(rest)),
            self.cache.layouts)
        self.cache.layouts = fingerprints.layouts
        return fingerprints


class EventStore:
    """What the feeds and calendars make of one event (see outputs.EventDataStore),
    in the build cache under the event's fingerprint."""

    def __init__(self, cache: BuildCache, fingerprints: Fingerprints) -> None:
        self.cache = cache
        self.fingerprints = fingerprints

    def key(self, event, lang: str, kind: str) -> str:
        return digest(self.fingerprints.common, self.fingerprints.event(event), lang, kind)

    def keep(self, event, lang: str, kind: str) -> str:
        key = self.key(event, lang, kind)
        self.cache.get_vevent(key)  # kept for the next build, though not read now
        return key

    def get(self, event, lang: str, kind: str) -> bytes | None:
        text = self.cache.get_vevent(self.key(event, lang, kind))
        return text.encode("utf-8") if text is not None else None

    def put(self, event, lang: str, kind: str, data: bytes) -> None:
        self.cache.put_vevent(self.key(event, lang, kind), data.decode("utf-8"))


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

    def reusable(self, path: str, fingerprint: str) -> Path | None:
        return self.cache.reusable(path, digest(self.common, fingerprint), self.previous)

    def made(self, path: str, fingerprint: str) -> None:
        if self.previous is not None:
            self.cache.remember_output(path, digest(self.common, fingerprint))

    def site(self) -> str:
        """The whole site without the recaps' texts (outputs.common.OutputStore.site): its events'
        cards, its other fields, and every route's head (its URL, path, title and languages)."""
        if self._site is None:
            self._site = digest("site", self.fingerprints.site(bodies=False),
                                *(self.fingerprints.head(route) for route in self.routes))
        return self._site


# Fingerprints --------------------------------------------------------------------
# What a layout may read from ``site`` without depending on every event: these
# come from the configuration, which is part of every fingerprint.
_SITE_SETTINGS = {"title", "description", "languages", "default_lang", "base_url", "timezone"}


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
    template loads (followed through extends/include/import), and the data it
    is given. Events are hashed once each (:func:`record_digest`: frozen
    dataclasses, every field at every depth): an event's card (every field but
    its recaps' texts) and each of its translations whole, which together are
    the whole event (:meth:`event`).

    A layout that reads ``site`` beyond its settings (say ``site.events``)
    depends on the whole site. A layout that names another layout through an
    expression (which cannot be followed) depends on every layout.

    What a page shows of an event's recap texts (``body_html``) is worked out from its
    layouts too (:func:`_body_reads`): a list of events shows their titles, dates and
    summaries, and is hashed with each event's :meth:`card`, its every field but the recaps'
    texts; so an edit of a recap's text renders the pages that show that text, not every
    list the event is on. A layout that may read a text in a way the analysis cannot follow
    is given every event whole, as before.
    """

    def __init__(self, env: jinja2.Environment, common: str, site_digest: Callable[[bool], str],
                 known: dict | None = None) -> None:
        """``site_digest(bodies)``: a digest of the whole site, with the events' recap texts or
        without them. ``known``: :attr:`layouts` of the last build. What each template
        loads is worked out by parsing the layouts (a third of a second for
        the default theme); while no layout changed, the last build's
        answers are used."""
        self.env = env
        self.common = common
        self.site_digest = site_digest
        self.site_digests: dict[bool, str] = {}
        self.events: dict[int, str] = {}
        self.cards: dict[int, str] = {}  # id of an event, or of its translation -> its digest without recap texts
        self.translations: dict[int, str] = {}  # id of an event's translation -> its own digest, its text's included
        self.records: dict[int, str] = {}  # id of another frozen record (an outcome, a term) -> its digest
        self.heads: dict[int, str] = {}  # id of a route -> its head, as hashed
        self.templates: dict[str, tuple[str, object] | None] = {}
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
        """Its own fields, its recap's text included (an event page is given its event besides:
        a page in one language does not change with the recap in another)."""
        key = id(translation)
        if key not in self.translations:
            self.translations[key] = "T" + record_digest(translation)
        return self.translations[key]

    def card(self, record: Event | EventTranslation) -> str:
        """A digest of an event (or of one of its translations) without its recaps' texts."""
        key = id(record)
        if key not in self.cards:
            self.cards[key] = record_digest(record, bodies=False)
        return self.cards[key]

    def value(self, value: object, bodies: bool = True) -> str:
        """``bodies``: whether the recaps' texts of the events in ``value`` are part of it."""
        if isinstance(value, Event):
            return "E" + self.event(value) if bodies else "C" + self.card(value)
        if isinstance(value, (list, tuple)):
            return "[" + ",".join(self.value(v, bodies) for v in value) + "]"
        if isinstance(value, (dict, Mapping)):
            return "{" + ",".join(f"{k!r}:{self.value(v, bodies)}" for k, v in value.items()) + "}"
        if isinstance(value, EventTranslation):
            return self.translation(value) if bodies else "c" + self.card(value)
        # A frozen record that many pages share (a tracker row is on up to 8 pages): hashed once.
        # Safe by id(): every value comes from site.routes, which lives as long as this object.
        if is_dataclass(value) and value.__dataclass_params__.frozen:
            key = id(value)
            if key not in self.records:
                self.records[key] = "R" + record_digest(value)
            return self.records[key]
        return repr(value)

    def route(self, route: Route) -> str | None:
        """None when its layouts cannot be read (rendering reports why)."""
        layouts = self.template(route.template)
        if layouts is None:
            return None
        return digest(self.common, layouts[0], self.head(route), self._data(route.data, layouts[1]))

    def head(self, route: Route) -> str:
        """Every field of a route but what its page is given."""
        key = id(route)
        if key not in self.heads:
            self.heads[key] = repr((route.template, route.lang, route.url, route.path, route.source, route.title,
                                    route.alternates, route.x_default, route.languages))
        return self.heads[key]

    def _data(self, data: object, bodies: object) -> str:
        """What a page is given: field by field, its events by their digests, whole in the fields
        whose recap texts its layouts read (``bodies``: their names, or "*" for all)."""
        if not isinstance(data, PageRecord):
            return self.value(data)
        fields = data.context()
        if bodies != "*" and not set(bodies) <= fields.keys():  # a name the page is not given
            bodies = "*"
        return type(data).__name__ + "{" + ",".join(
            f"{name!r}:{self.value(value, bodies == '*' or name in bodies)}" for name, value in fields.items()) + "}"

    def template(self, name: str) -> tuple[str, object] | None:
        """(a digest of the layouts ``name`` loads, the site if they read it; which recap texts
        they read: the page's fields they read them from, or "*")."""
        if name not in self.templates:
            known = self.layouts["templates"]
            if name not in known:
                known[name] = self._structure(name)
            structure = known[name]
            self.templates[name] = None if structure is None else (digest(
                structure[0], self.site(structure[2] == "*") if structure[1] else ""), structure[2])
        return self.templates[name]

    def site(self, bodies: bool) -> str:
        """The whole site, with the recaps' texts or without them."""
        if bodies not in self.site_digests:
            self.site_digests[bodies] = self.site_digest(bodies)
        return self.site_digests[bodies]

    def _structure(self, name: str) -> list | None:
        """[a digest of the layouts the template loads, whether one reads the whole site,
        which recap texts they read (see :func:`_body_reads`)]."""
        sources: dict[str, str] = {}
        todo = [name]
        whole_site = everything = False
        trees = []
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
            trees.append((current, tree))
            for found in meta.find_referenced_templates(tree):
                if found is None:
                    everything = True
                else:
                    todo.append(found)
            whole_site = whole_site or _reads_whole_site(tree)
        if everything:
            for other in self.env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml", ".txt"))):
                if other not in sources:
                    try:
                        sources[other] = self.env.loader.get_source(self.env, other)[0]
                    except jinja2.TemplateError:
                        return None
        bodies = "*" if everything else _body_reads(name, trees)
        return [digest(*(f"{n}\0{s}" for n, s in sorted(sources.items()))), whole_site, bodies]


def record_digest(record: object, bodies: bool = True) -> str:
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
    and marked as such, for the pages that do not show them (:meth:`Fingerprints.card`)."""
    kind = f"{type(record).__module__}.{type(record).__qualname__}" + ("" if bodies else " card")
    if not bodies and isinstance(record, EventTranslation):
        record = {name: getattr(record, name) for name in _CARD_FIELDS}
    try:
        data = orjson.dumps(record, default=_plain if bodies else _plain_card, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:
        data = repr(record).encode("utf-8", "surrogatepass")  # with the texts: never less than the card
    return hashlib.sha256(f"{kind}\0".encode() + data).hexdigest()


BODY = "body_html"  # the field of an event translation that holds its recap's text
# An event translation's fields but its recap's text: what a list of events may show of it.
_CARD_FIELDS = tuple(name for name in EventTranslation.__dataclass_fields__ if name != BODY)
# Filters that read an attribute named by an argument (attr(name), map(attribute=name), …).
_ATTRIBUTE_FILTERS = {"attr", "map", "selectattr", "rejectattr", "groupby", "sort", "sum", "min", "max",
                      "unique", "join", "dictsort"}


def _plain(value: object) -> object:
    if isinstance(value, Mapping):  # a read-only mapping (MappingProxyType) of the model
        return dict(value)
    raise TypeError(type(value))


def _plain_card(value: object) -> object:
    """As :func:`_plain`, and an event's translations without their recaps' texts."""
    if isinstance(value, Mapping):
        if not any(isinstance(item, EventTranslation) for item in value.values()):
            return dict(value)
        return {key: {name: getattr(item, name) for name in _CARD_FIELDS} if isinstance(item, EventTranslation)
                else item for key, item in value.items()}
    raise TypeError(type(value))


def _structure_ok(value: object) -> bool:
    return value is None or (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str)
                             and isinstance(value[1], bool)
                             and (value[2] == "*" or isinstance(value[2], list)
                                  and all(isinstance(name, str) for name in value[2])))


def _reads_whole_site(tree: nodes.Template) -> bool:
    uses = sum(1 for node in tree.find_all(nodes.Name) if node.name == "site")
    settings = sum(1 for node in tree.find_all(nodes.Getattr)
                   if isinstance(node.node, nodes.Name) and node.node.name == "site" and node.attr in _SITE_SETTINGS)
    return uses > settings


def _body_reads(own: str, trees: list[tuple[str, nodes.Template]]) -> object:
    """Which recap texts (``body_html``) the layouts of one page read: the names of the page's
    fields they read them from (event.html: ``recap``, the page's own translation), or "*" when
    that cannot be told for sure: a text read in another layout than the page's own (a partial,
    the base layout) or from anything but one of the page's variables (the text of ``event.translations[lang]``,
    of an event of a list), the name "body_html" written as a string (``attr``,
    ``map(attribute=…)``), an attribute named by an expression (``attr(name)``, ``map(attribute=name)``), or a variable
    the text is read from that a layout sets, loops over or takes as a macro's parameter."""
    names: set[str] = set()
    for name, tree in trees:
        for node in tree.find_all((nodes.Getattr, nodes.Const, nodes.Filter)):
            if isinstance(node, nodes.Getattr):
                if node.attr != BODY:
                    continue
                if name != own or not isinstance(node.node, nodes.Name):
                    return "*"
                names.add(node.node.name)
            elif isinstance(node, nodes.Const):
                if isinstance(node.value, str) and BODY in node.value:
                    return "*"
            elif node.name in _ATTRIBUTE_FILTERS and not all(
                    isinstance(arg, nodes.Const) for arg in [*node.args, *(kw.value for kw in node.kwargs)]):
                return "*"
    if names:
        for _, tree in trees:
            if any(node.name in names for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")):
                return "*"
    return sorted(names)

