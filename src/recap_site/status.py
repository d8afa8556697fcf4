"""Translation coverage: which event recaps and pages exist in which language.

For every event bundle and page folder, and every site language, a
translation is

- ``present``: ``<lang>.md`` exists, has text and is up to date;
- ``stale``: the source language's file changed after it;
- ``missing``: there is no ``<lang>.md``, or it has no text yet.

The source language is the site's default language when its file exists,
else the first language that has one. "Changed" is judged by git history
(the last commit that touched the file; a file with uncommitted changes
counts from its modification time) when the site is in a git repository,
else by modification times alone.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .cache import is_translation_note
from .config import load_config
from .content import Content, is_draft, load_content
from .errors import ContentError, Problem, RecapError, Report
from .outcomes import track_outcomes
from .sourcefile import Mapping, parse_yaml, read_text, split_front_matter
from .vcs import git

STATUSES = ("present", "stale", "missing")
TOLERANCE = 1.0  # seconds: files written together are not stale


@dataclass(frozen=True)
class Translation:
    lang: str
    status: str  # one of STATUSES
    file: str | None  # relative to the site folder; None when there is no file
    is_source: bool
    empty: bool = False  # the file exists but holds no text yet


@dataclass(frozen=True)
class Item:
    kind: str  # "event" | "page"
    id: str
    folder: str
    draft: bool
    source_lang: str | None
    translations: tuple[Translation, ...]


@dataclass(frozen=True)
class Coverage:
    languages: tuple[str, ...]
    items: tuple[Item, ...]
    history: str  # "git" | "mtime"
    notes: tuple[Problem, ...] = ()  # localized YAML fields shown in another language

    def totals(self) -> dict[str, Counter]:
        totals = {lang: Counter({status: 0 for status in STATUSES}) for lang in self.languages}
        for item in self.items:
            for tr in item.translations:
                totals[tr.lang][tr.status] += 1
        return totals

    @property
    def complete(self) -> bool:
        return not any(tr.status == "missing" for item in self.items for tr in item.translations)


@dataclass(frozen=True)
class Read:
    """What a build read of one event or page folder: which recaps have text, and whether it is a draft."""

    has_text: dict[str, bool]  # lang -> the recap has text
    draft: bool


def read_by_build(content: Content) -> dict[str, Read]:
    """The folders a build read (content/events/<id>, content/pages/<id>), so that
    :func:`coverage` does not read them again."""
    found = {f"content/events/{event.id}": Read({lang: _body_has_text(md.body)
                                                 for lang, md in content.recaps[event.id].items()}, event.draft)
             for event in content.events}
    for page in content.pages:
        found[f"content/pages/{page.id}"] = Read({**{lang: _body_has_text(md.body) for lang, md in
                                                    page.translations.items()}, **dict.fromkeys(page.empty, False)},
                                                 False)
    return found


def coverage(root: Path, languages: tuple[str, ...], notes: tuple[Problem, ...] = (),
             read: dict[str, Read] | None = None) -> Coverage:
    """Scan content/events and content/pages; reads files, never writes. ``read``: what a
    build read of some folders (see :func:`read_by_build`); their recaps are not read again."""
    times = _FileTimes(root)
    items = []
    for kind, folder_name in (("event", "events"), ("page", "pages")):
        folder = root / "content" / folder_name
        if not folder.is_dir():
            continue
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing if _is(entry, "dir"))
        for name in names:
            rel = f"content/{folder_name}/{name}"
            items.append(_item(kind, folder / name, rel, languages, times, (read or {}).get(rel)))
    return Coverage(tuple(languages), tuple(items), times.history, tuple(sorted(notes)))


def load_coverage(root: Path) -> Coverage:
    """Coverage plus the notes the content loader collects (drafts included)."""
    report = Report()
    config = load_config(root, report)
    load_content(config, report, drafts=True)
    return coverage(root, config.languages, tuple(p for p in report.problems if is_translation_note(p)))


def _item(kind: str, bundle: Path, folder: str, languages, times: "_FileTimes", known: Read | None) -> Item:
    """``folder``: ``bundle`` relative to the site folder, as text (a build's summary asks for
    every folder: one listing each, its entries' stat kept, and no path objects made per file)."""
    try:
        with os.scandir(bundle) as listing:
            here = {entry.name: entry for entry in listing}
    except OSError:
        here = {}
    entries = {lang: here[f"{lang}.md"] for lang in languages
               if f"{lang}.md" in here and _is(here[f"{lang}.md"], "file")}
    with_text = {lang for lang in entries
                 if (known.has_text[lang] if known is not None and lang in known.has_text
                     else _has_text(bundle / f"{lang}.md"))}
    source_lang = languages[0] if languages[0] in with_text else next(
        (lang for lang in languages if lang in with_text), None)
    translations = []
    for lang in languages:
        rel = f"{folder}/{lang}.md" if lang in entries else None
        if lang not in with_text:
            translations.append(Translation(lang, "missing", rel, False, empty=rel is not None))
            continue
        stale = lang != source_lang and times.of(f"{folder}/{source_lang}.md", entries[source_lang].stat().st_mtime) \
            > times.of(rel, entries[lang].stat().st_mtime) + TOLERANCE
        translations.append(Translation(lang, "stale" if stale else "present", rel, lang == source_lang))
    draft = known.draft if known is not None else kind == "event" and _is_draft(bundle)
    return Item(kind, bundle.name, folder, draft, source_lang, tuple(translations))


def _is(entry: os.DirEntry, kind: str) -> bool:
    """Whether the entry is (or links to) a folder or a file, as Path.is_dir and is_file answer:
    False for what cannot be followed, such as a link that leads to itself."""
    try:
        return entry.is_dir() if kind == "dir" else entry.is_file()
    except OSError:
        return False


def _has_text(path: Path) -> bool:
    try:
        # content/<events|pages>/<id>/<lang>.md: read only from inside content/, as the build does
        _, body, _ = split_front_matter(read_text(path, path.name, inside=path.parents[2]), path.name)
    except (ContentError, OSError):
        return True  # unreadable files are the build's to report; count them as there
    return _body_has_text(body)


def _body_has_text(body: str) -> bool:
    """A recap below its front matter counts as written when it holds more than white space."""
    return bool(body.strip())


def _is_draft(bundle: Path) -> bool:
    try:
        data = parse_yaml(read_text(bundle / "event.yaml", "event.yaml", inside=bundle.parents[1]), "event.yaml")
    except (ContentError, OSError):
        return False
    return isinstance(data, Mapping) and is_draft(data)


class _FileTimes:
    """When a file last changed: its last commit, or its mtime if uncommitted."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.commits, self.dirty = _git_history(self.root)
        self.history = "git" if self.commits is not None else "mtime"

    def of(self, rel: str, mtime: float) -> float:
        """``rel``: a file's path inside the site folder, as git names it (not where a link inside
        it leads); ``mtime``: its modification time."""
        if self.commits is None:
            return mtime
        committed = self.commits.get(rel)
        if committed is None or rel in self.dirty:
            return max(mtime, committed or 0)
        return committed


def _git_history(root: Path) -> tuple[dict[str, float] | None, set[str]]:
    """{path relative to root: commit time of its last change}, and the
    paths with uncommitted changes; (None, set()) outside a git repository.

    One ``git log`` for all files: the newest commit that names a file is
    ``git log -1 --format=%ct -- file``.
    """
    top = git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return None, set()
    top_dir = Path(top.strip()).resolve()
    log = git(root, "log", "--format=%x00%ct", "--name-only", "--no-renames", "--", "content")
    if log is None:  # e.g. a repository without commits
        log = ""
    commits: dict[str, float] = {}
    when = 0.0
    for line in log.splitlines():
        if line.startswith("\x00"):
            when = float(line[1:])
        elif line.strip():
            rel = _relative(top_dir / line, root)
            if rel is not None:
                commits.setdefault(rel, when)
    status = git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", "content") or ""
    dirty = set()
    for entry in status.split("\x00"):
        if len(entry) > 3:
            rel = _relative(top_dir / entry[3:], root)
            if rel is not None:
                dirty.add(rel)
    return commits, dirty


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


# Reports -------------------------------------------------------------------
def to_json(cov: Coverage) -> dict:
    return {
        "languages": list(cov.languages),
        "history": cov.history,
        "items": [
            {
                "kind": item.kind,
                "id": item.id,
                "folder": item.folder,
                "draft": item.draft,
                "source_language": item.source_lang,
                "translations": {
                    tr.lang: {"status": tr.status, "file": tr.file, "source": tr.is_source, "empty": tr.empty}
                    for tr in item.translations
                },
            }
            for item in cov.items
        ],
        "totals": {lang: dict(counts) | {"total": len(cov.items)} for lang, counts in cov.totals().items()},
        "notes": [{"path": n.path, "line": n.line, "message": n.message} for n in cov.notes],
    }


def to_text(cov: Coverage) -> str:
    width = max((len(s) for s in ("source", *STATUSES)), default=7) + 2
    how = "git history" if cov.history == "git" else "file modification times"
    lines = [f"Translation status (stale is judged by {how})", ""]
    lines.append("".join(lang.ljust(width) for lang in cov.languages) + "item")
    for item in cov.items:
        cells = "".join(
            ("source" if tr.is_source else tr.status + ("*" if tr.empty else "")).ljust(width)
            for tr in item.translations
        )
        lines.append(f"{cells}{item.folder}" + (" (draft)" if item.draft else ""))
    if any(tr.empty for item in cov.items for tr in item.translations):
        lines.append("* the file exists but has no text yet")
    lines.append("")
    lines.append("Totals:")
    for lang, counts in cov.totals().items():
        parts = ", ".join(f"{counts[s]} {s}" for s in STATUSES)
        lines.append(f"  {lang}: {parts} (of {len(cov.items)})")
    stale = [(item, tr) for item in cov.items for tr in item.translations if tr.status == "stale"]
    if stale:
        lines.append("")
        lines.append("Stale (the source text changed after the translation):")
        for item, tr in stale:
            lines.append(f"  {tr.file} is older than {item.folder}/{item.source_lang}.md")
    if cov.notes:
        lines.append("")
        lines.append("Texts in YAML shown in another language:")
        lines.extend(f"  {note}" for note in cov.notes)
    return "\n".join(lines)


def summary_line(cov: Coverage, notes: int = 0) -> str:
    """One line for `recap build`: the languages that are not complete."""
    parts = []
    for lang, counts in cov.totals().items():
        total = len(cov.items)
        part = f"{lang} {counts['present'] + counts['stale']}/{total}"
        extra = [f"{counts[s]} {s}" for s in ("stale",) if counts[s]]
        parts.append(part + (f" ({', '.join(extra)})" if extra else ""))
    line = "Translations: " + ", ".join(parts)
    if notes:
        line += f"; {notes} text(s) in YAML shown in another language"
    return line + " (details: recap status)."


def overdue_outcomes(root: Path) -> list[dict]:
    """Open outcomes whose date has passed (their latest status along the chain is not done),
    oldest due first; read as a build reads them (drafts left out). A site whose settings do
    not load has none here: `recap check` says why."""
    report = Report()
    try:
        config = load_config(root, report)
    except RecapError:
        return []
    content = load_content(config, report)
    found = []
    for event in track_outcomes(tuple(content.events), content.today):
        for position, outcome in enumerate(event.outcomes, start=1):
            if outcome.track.overdue:
                found.append({"file": event.source, "line": outcome.line, "outcome": position, "id": outcome.id,
                              "due": (outcome.date or event.first_day).isoformat(),
                              "status": outcome.track.status, "text": str(outcome.text)})
    return sorted(found, key=lambda item: (item["due"], item["file"], item["outcome"]))


def overdue_text(overdue: list[dict]) -> str:
    if not overdue:
        return "\nOverdue outcomes: none."
    lines = ["", "Overdue outcomes (still open, their date has passed; a follow-up with status: done or dropped "
                 "closes one):"]
    for item in overdue:
        lines.append(f"  {item['file']}:{item['line']}: outcomes[{item['outcome']}], due {item['due']}, {item['status']}: "
                     f"{item['text']}")
    return "\n".join(lines)
