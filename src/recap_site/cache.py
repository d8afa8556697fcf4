"""The persistent build cache: ``state.json`` and the entries of each kind (:data:`SECTIONS`) in the site's cache folder.

The large kinds (:data:`SHARDED`) are split by key over :data:`SHARDS` files each; a
build writes only the files whose entries changed.

This module stores and loads; what a build takes from the store, and when, is
decided by :mod:`recap_site.incremental`. It imports nothing of the pipeline,
so that a build with nothing to do (:mod:`recap_site.lastbuild`) starts fast.

The cache folder (:func:`cache_folder`) lies outside the site folder: a
site folder arrives from pull requests, and what it carries must never
decide what a page shows without passing the checks the sources pass. A
``.recap-cache/`` folder inside the site (where recap-site 0.1 kept its
cache, and where a pull request may commit one) is never read.

An optimization, never a source of truth: every entry is checked against the
sources before it is used, deleting the folder gives a byte-identical site,
and a corrupt or version-mismatched file is discarded with a note. It is JSON
(not pickle), so even a damaged cache holds data, never code.

It holds:

* rendered Markdown, keyed by a hash of the text, its language and the
  Markdown configuration, together with the link lookups (``event:`` ids and
  bundle files) the conversion made and their answers. A hit is used only
  when every lookup still gives the same answer.
* the build state: the size, mtime and ctime of every input (content, layouts,
  assets, UI strings, the recap-site code) and every output file of the last
  successful build, the build options, and the warnings it printed. When
  nothing differs, the build has nothing to do (the "no-change" rebuild).
* per output file (pages and per-event calendars): a fingerprint of
  everything it was made from (see :class:`recap_site.incremental.Fingerprints`), and for pages the
  ids and links the link check found. A page whose fingerprint is unchanged,
  and whose file is still the one the last build left, is not rendered
  again: its previous file is reused (hard-linked by the writer).
* what the feeds and calendars make of each event in each language, under
  the event's fingerprint: its VEVENT, its own .ics file and its Atom entry
  (see :class:`recap_site.outputs.common.EventDataStore`).

Which output was rewritten, and why, is decided by the writer comparing
bytes (see :class:`recap_site.write.Staging`): a page is rewritten only
when what it would contain changed.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from itertools import repeat
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

import orjson

from .errors import Problem, RecapError, Report

OLD_CACHE_DIR = ".recap-cache"  # inside the site folder: never read (see the module's docstring)
OLD_CACHE_FILE = "build.json"  # where recap-site kept every entry in one file, removed on saving
# The build cache's entries, a file (or SHARDS files) per kind.
SECTIONS = {
    "markdown": "markdown.json",  # converted recaps and pages (RenderedMarkdown)
    "bundles": "bundles.json",  # validated event folders (BundleStore)
    "outputs": "pages.json",  # page fingerprints and what the link check found on each page
    "vevents": "feeds.json",  # what feeds and calendars made of each event (EventStore)
    "layouts": "layouts.json",  # what each template loads (Fingerprints.layouts)
    "seen": "seen.json",  # each event folder's key with its files' sizes and times (BundleStore)
}
# The large kinds, whose entries are each made from one event or recap, are split by key into
# SHARDS files (``markdown-0.json`` … ``markdown-f.json``): a build saves only the files whose
# entries changed, so saving after an edit costs what the edit changed, not the whole cache.
SHARDED = ("markdown", "bundles", "vevents")
# The kinds whose every entry was made by one version of recap-site's code (its key or record
# holds the code's digest, incremental.code_digest). Their files carry that digest; after the code
# changed (an upgrade) none of their entries can be used, and they are not kept in memory: held
# to the end of the build that replaces them, they were 144 of its 490 MB at 2000 events.
BY_CODE = ("bundles", "vevents", "outputs", "seen", "layouts")  # layouts: what the code worked out of them
SHARDS = 16
STATE_FILE = "state.json"  # the last build's state: read first, and alone when nothing changed
FORMAT = 9  # 8: the state and each kind of entry in a file of its own; 9: the large kinds in SHARDS files
PACKAGE = Path(__file__).resolve().parent
CACHE_ENV = "RECAP_CACHE_DIR"


def cache_root() -> Path:
    """The folder that holds every site's cache: ``$RECAP_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/recap-site``, else ``~/.cache/recap-site``."""
    given = os.environ.get(CACHE_ENV)
    if given:
        return Path(given).expanduser().resolve()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return (base / "recap-site").resolve()


CACHE_FILE_MOST = 1 << 30  # bytes: a larger file in the cache folder is not one a build wrote


def cache_folder(site_root: Path) -> Path:
    """The cache folder of one site: named after the site folder's resolved
    path, so two sites (or two clones) never share entries.

    Raises RecapError if it would lie inside the site folder, where a pull
    request could plant it."""
    site = site_root.resolve()
    folder = cache_root() / f"{site.name or 'site'}-{hashlib.sha256(os.fsencode(site)).hexdigest()[:16]}"
    if folder == site or site in folder.parents:
        raise RecapError(f"{CACHE_ENV} ({folder.parent}) is inside the site folder {site}; the build cache "
                         "must live where no pull request can put files: choose a folder outside the site")
    return folder


def own_folder(site_cache: Path, *names: str) -> Path:
    """``site_cache/names…`` (``site_cache``: a site's :func:`cache_folder`), each a folder of
    its own, made if missing (readable by the user only).

    What a site's cache folder holds is input (in CI it is restored from a cache archive, the
    site's folder in it included): a link planted for one of these folders would lead the build
    to read, and write, in any folder of the machine. A link, or anything else that is not a
    folder, in the place of one is removed (never what it points to) and a folder made instead;
    only recap-site writes there. The cache root above it is the user's choice. OSError if a
    folder cannot be made."""
    site_cache.parent.mkdir(parents=True, exist_ok=True)
    folder = site_cache.parent
    for name in (site_cache.name, *names):
        folder = folder / name
        try:
            kind = os.lstat(folder).st_mode
        except FileNotFoundError:
            kind = None
        if kind is not None and not stat.S_ISDIR(kind):
            os.unlink(folder)
            kind = None
        if kind is None:
            try:
                os.mkdir(folder, mode=0o700)
            except FileExistsError:  # made meanwhile (recap serve and recap build of one site)
                if not stat.S_ISDIR(os.lstat(folder).st_mode):
                    raise
    return folder


def open_own_file(path: Path, most: int) -> BinaryIO | None:
    """A file of the cache folder, open for reading, if it is one recap-site wrote: a plain
    file (opened without following a link, and without waiting on a pipe) with no other name
    (a hard link could make any file of the user's look like a cache file), of at most
    ``most`` bytes; else None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    file = open(fd, "rb")
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_nlink == 1 and info.st_size <= most:
            return file
    except OSError:
        pass
    file.close()
    return None


def read_own_file(path: Path, most: int) -> bytes | None:
    """The bytes of a file of the cache folder if it is one recap-site wrote (see
    :func:`open_own_file`); else None."""
    file = open_own_file(path, most)
    if file is None:
        return None
    with file:
        try:
            return file.read()
        except OSError:
            return None


@functools.cache
def _tool_version() -> str:
    """Everything that changes what a build makes, apart from the site itself.

    Asked once per process: every cache file carries it, and each answer reads the
    libraries' metadata from disk, and an edit's build opens dozens of cache files.
    The libraries a process has imported do not change while it runs (an upgrade
    under a running ``recap serve`` takes effect when it restarts), so neither does
    the answer."""
    parts = [f"format {FORMAT}"]
    for name in ("recap-site", "markdown", "jinja2", "nh3", "babel"):
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} ?")
    return "; ".join(parts)


def is_cache_note(problem: Problem) -> bool:
    """A note about the cache itself (printed by the CLI, not counted with the content's notes)."""
    return problem.severity == "note" and (problem.path == OLD_CACHE_DIR
                                           or problem.path.startswith(cache_root().as_posix() + "/"))


def is_translation_note(problem: Problem) -> bool:
    """A note that a text of the facts is shown in another language (schema.Fields.text): not one
    for editors (a slug made from words, a name that is a person's), nor the cache's."""
    return problem.severity == "note" and not problem.for_editors and not is_cache_note(problem)


def digest(*parts: str) -> str:
    """SHA-256 of the parts, each followed by NUL (joined first: asked some 50000 times by an edit)."""
    joined = "\0".join(parts) + "\0" if parts else ""
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()


# Markdown -----------------------------------------------------------------------
@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    problems: tuple[tuple[str, str, str], ...]  # (needle, message, severity), as LinkContext collects them
    lookups: tuple[tuple[str, str, str | None], ...]  # ("event" | "file", argument, answer)

    def still_valid(self, resolve: dict[str, Callable[[str], str | None]]) -> bool:
        """Ask every lookup again; the entry holds only if every answer is the same."""
        return all(resolve[kind](argument) == answer for kind, argument, answer in self.lookups)

    def to_json(self) -> list:
        return [self.html, [list(p) for p in self.problems], [list(x) for x in self.lookups]]

    @classmethod
    def from_json(cls, value: list) -> "RenderedMarkdown":
        html, problems, lookups = value
        return cls(str(html), tuple((str(a), str(b), str(c)) for a, b, c in problems),
                   tuple((str(k), str(a), None if r is None else str(r)) for k, a, r in lookups))


def recording(resolve: Callable[[str], str | None], kind: str,
              lookups: list[tuple[str, str, str | None]]) -> Callable[[str], str | None]:
    """``resolve``, noting each question and answer in ``lookups``."""

    def ask(argument: str) -> str | None:
        answer = resolve(argument)
        lookups.append((kind, argument, answer))
        return answer

    return ask


# Build state --------------------------------------------------------------------
def _walk(folder: str | Path, prefix: str, found: dict[str, list[int]], changed: bool = False) -> None:
    """Size and mtime of each file below ``folder`` (folders behind links not entered, hidden names left out),
    under ``prefix/<path>``, and with ``changed`` its ctime too. Plain strings, not Path objects:
    it is all a no-change build does."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if _passed_over(name):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, f"{prefix}/{name}", found, changed)
                continue
            info = entry.stat()  # a link: what it leads to, which is what a build reads
        except OSError:
            continue
        found[f"{prefix}/{name if name.isascii() else as_text(name)}"] = \
            [info.st_size, info.st_mtime_ns, info.st_ctime_ns] if changed else [info.st_size, info.st_mtime_ns]


def _passed_over(name: str) -> bool:
    """A name :func:`_walk` leaves out: hidden, or Python's own cache."""
    return name[0] == "." or name == "__pycache__"


def as_text(name: str) -> str:
    """A file name as the cache's JSON can hold it: itself; or, for a name that is not UTF-8 (its
    bytes come as surrogates), NUL and the hex of its bytes, which no real name can be."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return "\0" + os.fsencode(name).hex()


# A file changed this close before a build looked at it may change again within the same tick of
# the file system's clock without its size or times showing it: git calls such files "racily
# clean", and the build's record does not vouch for them (see trusted_inputs,
# incremental.BundleStore). How close depends on the file system's clock, which the times
# show: whole seconds (FAT keeps two, HFS+ and ext3 one) or finer (a tick of the kernel's clock,
# a few milliseconds, on ext4, xfs, btrfs, tmpfs, APFS, NTFS). A time in whole seconds may also
# be one set by hand (cp -p, tar), and then the wider window is only careful.
RACY_NS = 2_000_000_000  # file systems that keep whole seconds
FINE_RACY_NS = 50_000_000  # file systems with finer times: several ticks of the kernel's clock
UNKNOWN = [-1, -1, -1]  # an input's state as recorded for one changed too recently: never matches


def racy(mtime: int, ctime: int, looked_at: int) -> bool:
    """Whether a file with these times (nanoseconds) changed too recently, for a look taken at
    ``looked_at`` (``time.time_ns()``), for its times to tell a later change apart."""
    window = FINE_RACY_NS if mtime % 1_000_000_000 and ctime % 1_000_000_000 else RACY_NS
    return max(mtime, ctime) >= looked_at - window


def trusted_inputs(inputs: dict[str, list[int]], looked_at: int) -> dict[str, list[int]]:
    """``inputs`` (see :func:`input_state`, taken at ``looked_at``) as the next build may trust
    them: a file changed too recently (:func:`racy`) is recorded as UNKNOWN, so that the next
    build does not take the no-change shortcut over it, looks again and records it then.

    A build read the file after it looked at it; a second edit in the same tick of the clock
    (an editor's autosave, a script) keeps its size and times, and the shortcut would have
    left the site with the text of the first."""
    return {path: UNKNOWN if racy(stamp[1], stamp[2], looked_at) else stamp for path, stamp in inputs.items()}


def input_state(roots: Iterable[Path]) -> dict[str, list[int]]:
    """Size, mtime and ctime of every file a build may read: a file rewritten to the same size
    whose mtime is set back (cp -p, rsync -t) has a new ctime all the same, as git's index
    notices. (The outputs' state has no ctime: the writer links unchanged files, which sets it.)"""
    found: dict[str, list[int]] = {}
    for number, root in enumerate(roots):
        for name in ("content", "layouts", "assets"):
            _walk(root / name, f"{number}:{name}", found, True)
    _walk(PACKAGE, "code", found, True)
    return found


def output_state(output_dir: Path) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    _walk(output_dir, "", found)
    marker = output_dir / ".recap-build"
    if marker.is_file():
        found["/.recap-build"] = [marker.stat().st_size, marker.stat().st_mtime_ns]
    return found


def written_state(files: dict[str, list[int]]) -> dict[str, list[int]]:
    """:func:`output_state` of an output folder that holds exactly ``files`` (path -> [size,
    mtime], as write.Staging put them, their names all ASCII), without looking at it: the same
    keys, and the same files left out (hidden names, __pycache__), the marker file kept."""
    return {"/" + path: stamp for path, stamp in files.items()
            if path == ".recap-build" or not any(map(_passed_over, path.split("/")))}


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(map(isinstance, value, repeat(str)))


def page_options(base_url: str | None, drafts: bool) -> dict:
    """The options of a build that may change the bytes of its pages (not --strict, nor where it
    writes, nor the search index, which is added beside the pages): part of every page's
    fingerprint, the same for recap check as for a build without --base-url and --drafts."""
    return {"base_url": base_url, "drafts": drafts}


# The cache file -------------------------------------------------------------------
@dataclass
class BuildCache:
    folder: Path
    markdown: dict[str, list] = field(default_factory=dict)
    state: dict | None = None
    used_markdown: dict[str, list] = field(default_factory=dict)  # what this build needed: saved
    outputs: dict[str, list] = field(default_factory=dict)  # path -> [fingerprint, page links or None]
    new_outputs: dict[str, list] = field(default_factory=dict)  # this build's: saved
    vevents: dict[str, str] = field(default_factory=dict)  # key -> what outputs.EventDataStore keeps
    used_vevents: dict[str, str] = field(default_factory=dict)
    layouts: dict = field(default_factory=dict)  # Fingerprints.layouts: what each template loads
    bundles: dict[str, dict] = field(default_factory=dict)  # key -> a validated event folder (BundleStore)
    used_bundles: dict[str, dict] = field(default_factory=dict)
    seen: dict[str, list] = field(default_factory=dict)  # event folder name -> [key, what it was made of]
    code: str | None = None  # the digest of the code that reads and writes the entries (BY_CODE)
    new_seen: dict[str, list] = field(default_factory=dict)
    report: Report = field(default_factory=Report, repr=False)  # where notes about the cache go
    # (section, shard number) -> the entries that shard file held: a shard saved unchanged is not written
    _loaded: dict[tuple[str, int], dict] = field(default_factory=dict, repr=False)
    _old_version_noted: bool = field(default=False, repr=False)

    @classmethod
    def load(cls, site_root: Path, report: Report) -> "BuildCache":
        """The state of the last build (``state.json``, small: all a build with nothing to do
        reads); the entries (:data:`SECTIONS`) follow with :meth:`load_entries`."""
        folder = cache_folder(site_root)
        try:
            own_folder(folder)  # a link planted for it is not followed
        except OSError:
            pass  # not writable: the build goes on without a cache
        cache = cls(folder)
        cache.report = report
        if (site_root / OLD_CACHE_DIR).exists():
            report.note(OLD_CACHE_DIR, 0, f"this folder is not read: the build cache lives in {folder} now, "
                                          "outside the site folder (SECURITY.md); you may delete it")
        data = cache._read(STATE_FILE)
        if data is not None:
            state = data.get("state")
            cache.state = state if isinstance(state, dict) else None
        return cache

    def load_entries(self, code: str, sections: tuple[str, ...] = tuple(SECTIONS)) -> None:
        """The entries of these sections (see :data:`SECTIONS`), each a file of its own (or
        :data:`SHARDS` files, :data:`SHARDED`), for the code whose digest is ``code``: a file of
        a :data:`BY_CODE` section another code wrote is passed over. Page fingerprints count
        only if they were written by the build the state describes (a build killed between
        saving them and the state)."""
        self.code = code
        for section in sections:
            if section in SHARDED:
                merged: dict = {}
                for number, name in enumerate(shard_names(section)):
                    data = self._read(name)
                    entries = self._entries_of(name, data) if self._made_by_code(section, data) else None
                    if entries is not None:
                        self._loaded[section, number] = entries
                        merged.update(entries)
                setattr(self, section, merged)
                continue
            data = self._read(SECTIONS[section])
            entries = self._entries_of(SECTIONS[section], data) if self._made_by_code(section, data) else None
            if entries is None:
                continue
            if section == "outputs" and not (self.state and data.get("build") == self.state.get("build")):
                continue
            setattr(self, section, entries)

    def _made_by_code(self, section: str, data: dict | None) -> bool:
        return section not in BY_CODE or (data is not None and data.get("code") == self.code)

    def _entries_of(self, name: str, data: dict | None) -> dict | None:
        if data is None:
            return None
        entries = data.get("entries")
        if not isinstance(entries, dict):
            self._discarded(self.folder / name, ValueError("unexpected structure"))
            return None
        return entries

    def _read(self, name: str) -> dict | None:
        path = self.folder / name
        raw = read_own_file(path, CACHE_FILE_MOST)
        if raw is None:
            return None
        try:
            data = orjson.loads(raw)  # bytes: orjson checks the UTF-8 itself, sooner
        except ValueError as exc:
            self._discarded(path, exc)
            return None
        if not isinstance(data, dict) or data.get("tool") != _tool_version():
            if not self._old_version_noted:  # once: every file of an older cache is older
                self._old_version_noted = True
                self.report.note(path.as_posix(), 0, "the build cache is from another version of recap-site; "
                                                     "it was discarded and the site is built from scratch")
            return None
        return data

    def _discarded(self, path: Path, exc: Exception) -> None:
        self.report.note(path.as_posix(), 0, f"this file of the build cache is unreadable ({exc.__class__.__name__}); "
                                             "it was discarded, and what it held is made again")

    # Markdown
    def get_markdown(self, key: str) -> RenderedMarkdown | None:
        value = self.markdown.get(key)
        if value is None:
            return None
        try:
            return RenderedMarkdown.from_json(value)
        except (TypeError, ValueError):  # a damaged entry is a miss
            return None

    def put_markdown(self, key: str, rendered: RenderedMarkdown) -> None:
        self.used_markdown[key] = rendered.to_json()

    # Build state
    def unchanged_since_last_build(self, options: dict, inputs: dict, output_dir: Path,
                                   now: datetime) -> tuple[Problem, ...] | None:
        """The warnings of the last build if it made exactly this output from
        exactly these inputs, the output is still as it left it, and the site it
        made does not change by itself before ``now`` (an embargo ends, a day
        passes: see content.Content.changes_at); else None."""
        state = self.state
        if not state or not state.get("fast") or state.get("options") != options:
            return None
        counts = state.get("counts")
        if not (isinstance(counts, dict) and all(isinstance(counts.get(n), int) for n in ("pages", "files"))):
            return None  # a cache file is input too: anything odd means no shortcut
        if state.get("inputs") != inputs or state.get("outputs") != output_state(output_dir):
            return None
        try:
            changes_at = state.get("changes_at")
            if changes_at is not None and datetime.fromisoformat(changes_at) <= now:
                return None
            return tuple(Problem(*p) for p in state["problems"])
        except (KeyError, TypeError, ValueError):
            return None

    # Outputs
    def reusable(self, path: str, fingerprint: str | None, output_dir: Path | None) -> str | None:
        """The previous build's file for ``path`` if it was made from the same
        inputs (``fingerprint``) and is still as that build left it. A string, not a Path: an
        edit's build asks for every output of the site (12700 at 2000 events)."""
        options, outputs = (self.state or {}).get("options"), (self.state or {}).get("outputs")
        if output_dir is None or not isinstance(outputs, dict) \
                or not isinstance(options, dict) or options.get("output") != str(output_dir):
            return None  # no state, a damaged one, or the files recorded are another folder's
        recorded = outputs.get("/" + path)
        if not self.made_from(path, fingerprint) or not isinstance(recorded, list):
            return None
        previous = f"{output_dir}/{path}"
        try:
            info = os.lstat(previous)
        except OSError:
            return None
        if [info.st_size, info.st_mtime_ns] != recorded:
            return None
        return previous

    def made_from(self, path: str, fingerprint: str | None) -> bool:
        """Whether the previous build made its page at ``path`` from the same inputs."""
        entry = self.outputs.get(path)
        return fingerprint is not None and isinstance(entry, list) and bool(entry) and entry[0] == fingerprint

    def page_links(self, path: str) -> list | None:
        """What the link check found on the previous build's page: [ids, links, [[link,
        message], …]], all text (an entry of another shape is not used)."""
        entry = self.outputs.get(path)
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[1], list) and len(entry[1]) == 3):
            return None
        ids, links, warnings = entry[1]
        if _texts(ids) and _texts(links) and isinstance(warnings, list) and all(
                isinstance(w, list) and len(w) == 2 and _texts(w) for w in warnings):
            return entry[1]
        return None

    def page_texts(self, path: str) -> tuple[tuple[str, str], ...] | None:
        """The recaps' texts the previous build's page read, as (event id, language) pairs
        (see model.texts_read); None when there is no such record, or one of another shape."""
        entry = self.outputs.get(path)
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[2], list)):
            return None
        texts = entry[2]
        if all(isinstance(pair, list) and len(pair) == 2 and _texts(pair) for pair in texts):
            return tuple((event_id, lang) for event_id, lang in texts)
        return None

    def previous_paths(self) -> set[str] | None:
        paths = (self.state or {}).get("paths")
        return set(paths) if isinstance(paths, list) else None

    def remember_output(self, path: str, fingerprint: str | None, links: list | None = None,
                        texts: Iterable[tuple[str, str]] | None = None) -> None:
        """What an output was made from; for a page, what the link check found on it and the
        recaps' texts it read."""
        if fingerprint is not None:
            self.new_outputs[path] = [fingerprint, links] if texts is None else \
                [fingerprint, links, [list(pair) for pair in texts]]

    def get_vevent(self, key: str) -> str | None:
        value = self.vevents.get(key)
        if isinstance(value, str):
            self.used_vevents[key] = value
            return value
        return None

    def put_vevent(self, key: str, value: str) -> None:
        self.used_vevents[key] = value

    def remember_build(self, options: dict, inputs: dict, output_dir: Path, problems: Iterable[Problem],
                       fast: bool, counts: dict, paths: Iterable[str] = (),
                       changes_at: datetime | None = None, written: dict[str, list[int]] | None = None) -> None:
        """``written``: the files the build put into the output folder, as write.Staging.state
        has them (else the folder is looked at)."""
        self.state = {
            "paths": sorted(paths),
            "fast": fast,
            "changes_at": changes_at.isoformat() if changes_at is not None else None,
            "options": options,
            "inputs": inputs,
            "outputs": written_state(written) if written is not None else output_state(output_dir),
            "problems": [[p.path, p.line, p.message, p.severity, p.for_editors] for p in problems],
            "counts": counts,
        }

    def save_read(self) -> None:
        """Add what recap check read (Markdown, event folders) to those sections, leaving the
        last build's state and pages as they are, for the build that follows it."""
        for section, loaded, used in (("markdown", self.markdown, self.used_markdown),
                                      ("bundles", self.bundles, self.used_bundles)):
            # Checks without a build in between would add every edit's entries: past twice what
            # this check used, the older ones go (the next build keeps what it uses).
            kept = {**loaded, **used} if len(loaded) <= 2 * len(used) + 100 else used
            self._save_section(section, kept, None)
        self._save_section("seen", self.new_seen, None)  # this site's folders as the check saw them

    def save(self) -> None:
        """Write atomically: the sections, then the state (see :meth:`load_entries`). Only
        entries this build used are kept, so the files do not grow with every edit."""
        build = os.urandom(8).hex()
        if self.state is not None:
            self.state["build"] = build
        for section, entries in (("markdown", self.used_markdown), ("outputs", self.new_outputs),
                                 ("vevents", self.used_vevents), ("layouts", self.layouts),
                                 ("bundles", self.used_bundles), ("seen", self.new_seen)):
            self._save_section(section, entries, build)
        _write_json(self.folder, STATE_FILE, {"tool": _tool_version(), "state": self.state})
        for old in (OLD_CACHE_FILE, *(SECTIONS[section] for section in SHARDED)):  # kept by older versions
            (self.folder / old).unlink(missing_ok=True)

    def _save_section(self, section: str, entries: dict, build: str | None) -> None:
        if section not in SHARDED:
            _write_json(self.folder, SECTIONS[section], {"tool": _tool_version(), "code": self.code, "build": build,
                                                         "entries": entries})
            return
        shards: list[dict] = [{} for _ in range(SHARDS)]
        for key, value in entries.items():
            shards[shard_of(key)][key] = value
        for number, (name, shard) in enumerate(zip(shard_names(section), shards)):
            if self._loaded.get((section, number)) == shard:
                continue  # the file holds these entries already (compared by identity first: fast)
            _write_json(self.folder, name, {"tool": _tool_version(), "code": self.code, "entries": shard})
            self._loaded[section, number] = shard


def shard_names(section: str) -> list[str]:
    """The files of a :data:`SHARDED` section, by shard number."""
    stem = SECTIONS[section].removesuffix(".json")
    return [f"{stem}-{number:x}.json" for number in range(SHARDS)]


def shard_of(key: str) -> int:
    """The shard an entry is kept in (any key, a digest or not, spread evenly)."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS


# The translation summary of `recap build` -----------------------------------------
SUMMARY_FILE = "summary.json"


def remembered_summary(site_root: Path, key: str) -> str | None:
    """The summary line stored under ``key`` (a digest of the content files'
    sizes and times and the git HEAD), or None."""
    try:
        data = orjson.loads(read_own_file(cache_folder(site_root) / SUMMARY_FILE, CACHE_FILE_MOST) or b"")
    except ValueError:
        return None
    if isinstance(data, dict) and data.get("tool") == _tool_version() and data.get("key") == key:
        line = data.get("line")
        return line if isinstance(line, str) else None
    return None


def remember_summary(site_root: Path, key: str, line: str) -> None:
    _write_json(cache_folder(site_root), SUMMARY_FILE, {"tool": _tool_version(), "key": key, "line": line})


CHUNK = 2000  # entries of a large mapping serialized at once


def write_json(file, data: object) -> None:
    """``orjson.dumps(data)`` into a binary file, a large mapping of a
    top-level mapping a few thousand entries at a time: orjson does not
    stream, and the whole cache as one bytes object (58 MB at 2000 events)
    was the peak of a build's memory. Compact UTF-8, as ``json.dumps`` with
    ``ensure_ascii=False`` and no spaces writes it, about six times sooner."""
    if not isinstance(data, dict):
        file.write(orjson.dumps(data))
        return
    file.write(b"{")
    for number, (key, value) in enumerate(data.items()):
        file.write((b"," if number else b"") + orjson.dumps(key) + b":")
        if isinstance(value, dict) and len(value) > CHUNK:
            items = list(value.items())
            file.write(b"{")
            for start in range(0, len(items), CHUNK):
                file.write((b"," if start else b"") + orjson.dumps(dict(items[start:start + CHUNK]))[1:-1])
            file.write(b"}")
        else:
            file.write(orjson.dumps(value))
    file.write(b"}")


def _json_safe(value: object) -> object:
    """``value`` with each text that holds a lone surrogate (how Python reads a file name that is
    not UTF-8) written as Python shows it, ``notiz\\udcff.md``: the messages that name such a
    file are said again as they were."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
            return value
        except UnicodeEncodeError:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {_json_safe(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    return value


def _write_json(folder: Path, name: str, data: object) -> None:
    """Write ``folder/name`` atomically (a reader sees the old file or the new
    one). A build without a writable cache folder still builds, just
    without a cache: write errors are ignored."""
    tmp = None
    try:
        own_folder(folder)
        fd, tmp = tempfile.mkstemp(prefix=f".{Path(name).stem}-", suffix=".json", dir=folder)
        with os.fdopen(fd, "wb") as f:
            try:
                write_json(f, data)
            except TypeError:  # a text JSON cannot hold as it is: a file name that is not UTF-8
                f.seek(0)
                f.truncate()
                write_json(f, _json_safe(data))
        os.replace(tmp, folder / name)
    except (OSError, TypeError, ValueError):  # TypeError: a value JSON cannot hold; never a failed build
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
