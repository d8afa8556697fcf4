"""The persistent build cache in ``<site>/.recap-cache/build.json``.

An optimization, never a source of truth: every entry is checked against the
sources before it is used, deleting the folder gives a byte-identical site,
and a corrupt or version-mismatched file is discarded with a note. It is JSON
(not pickle), because a site folder may come from someone else.

It holds:

* rendered Markdown, keyed by a hash of the text, its language and the
  Markdown configuration, together with the link lookups (``event:`` ids and
  bundle files) the conversion made and their answers. A hit is used only
  when every lookup still gives the same answer.
* the build state: the size and mtime of every input (content, layouts,
  assets, UI strings, the recap-site code) and every output file of the last
  successful build, the build options, and the warnings it printed. When
  nothing differs, the build has nothing to do (the "no-change" rebuild).

Which output was rewritten, and why, is decided by the writer comparing
bytes (see :func:`recap_site.write.write_site`): a page is rewritten only
when what it would contain changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable

from .errors import Problem, Report

CACHE_DIR = ".recap-cache"
CACHE_FILE = "build.json"
FORMAT = 1
PACKAGE = Path(__file__).resolve().parent


def _tool_version() -> str:
    """Everything that changes what a build makes, apart from the site itself."""
    parts = [f"format {FORMAT}"]
    for name in ("recap-site", "markdown", "jinja2", "nh3", "babel"):
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} ?")
    return "; ".join(parts)


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


# Markdown -----------------------------------------------------------------------
@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    problems: tuple[tuple[str, str], ...]  # (needle, message), as LinkContext collects them
    lookups: tuple[tuple[str, str, str | None], ...]  # ("event" | "file", argument, answer)

    def still_valid(self, resolve: dict[str, Callable[[str], str | None]]) -> bool:
        """Ask every lookup again (this also records the bundle files it
        publishes); the entry holds only if every answer is the same."""
        return all(resolve[kind](argument) == answer for kind, argument, answer in self.lookups)

    def to_json(self) -> list:
        return [self.html, [list(p) for p in self.problems], [list(x) for x in self.lookups]]

    @classmethod
    def from_json(cls, value: list) -> "RenderedMarkdown":
        html, problems, lookups = value
        return cls(str(html), tuple((str(a), str(b)) for a, b in problems),
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
def _walk(folder: Path, prefix: str, found: dict[str, list[int]]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        rel = f"{prefix}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            _walk(Path(entry.path), rel, found)
        else:
            try:
                info = entry.stat()
            except OSError:
                continue
            found[rel] = [info.st_size, info.st_mtime_ns]


def input_state(roots: Iterable[Path]) -> dict[str, list[int]]:
    """Size and mtime of every file a build may read."""
    found: dict[str, list[int]] = {}
    for number, root in enumerate(roots):
        for name in ("content", "layouts", "assets"):
            _walk(root / name, f"{number}:{name}", found)
    _walk(PACKAGE, "code", found)
    return found


def output_state(output_dir: Path) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    _walk(output_dir, "", found)
    marker = output_dir / ".recap-build"
    if marker.is_file():
        found["/.recap-build"] = [marker.stat().st_size, marker.stat().st_mtime_ns]
    return found


def has_embargo(root: Path) -> bool:
    """True if an event waits for ``publish_after``: a later build with no
    changed file may have to publish it, so the no-change shortcut is off."""
    events = root / "content" / "events"
    if not events.is_dir():
        return False
    for path in events.glob("*/event.yaml"):
        try:
            if b"publish_after" in path.read_bytes():
                return True
        except OSError:
            continue
    return False


# The cache file -------------------------------------------------------------------
@dataclass
class BuildCache:
    folder: Path
    markdown: dict[str, list] = field(default_factory=dict)
    state: dict | None = None
    used_markdown: dict[str, list] = field(default_factory=dict)  # what this build needed: saved

    @classmethod
    def load(cls, site_root: Path, report: Report) -> "BuildCache":
        folder = site_root / CACHE_DIR
        cache = cls(folder)
        path = folder / CACHE_FILE
        if not path.is_file():
            return cache
        rel = f"{CACHE_DIR}/{CACHE_FILE}"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("tool") != _tool_version():
                report.note(rel, 0, "the build cache is from another version of recap-site; "
                                    "it was discarded and the site is built from scratch")
                return cache
            markdown = data["markdown"]
            state = data["state"]
            if not isinstance(markdown, dict) or not (state is None or isinstance(state, dict)):
                raise ValueError("unexpected structure")
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            report.note(rel, 0, f"the build cache is unreadable ({exc.__class__.__name__}); "
                                "it was discarded and the site is built from scratch")
            return cache
        cache.markdown = markdown
        cache.state = state
        return cache

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
    def unchanged_since_last_build(self, options: dict, inputs: dict, output_dir: Path) -> tuple[Problem, ...] | None:
        """The warnings of the last build if it made exactly this output from
        exactly these inputs and the output is still as it left it; else None."""
        state = self.state
        if not state or not state.get("fast") or state.get("options") != options:
            return None
        if state.get("inputs") != inputs or state.get("outputs") != output_state(output_dir):
            return None
        try:
            return tuple(Problem(*p) for p in state["problems"])
        except TypeError:
            return None

    def remember_build(self, options: dict, inputs: dict, output_dir: Path, problems: Iterable[Problem],
                       fast: bool, counts: dict) -> None:
        self.state = {
            "fast": fast,
            "options": options,
            "inputs": inputs,
            "outputs": output_state(output_dir),
            "problems": [[p.path, p.line, p.message, p.severity] for p in problems],
            "counts": counts,
        }

    def save(self, keep_markdown: bool = False) -> None:
        """Write atomically. Only entries this build used are kept, so the
        file does not grow with every edit."""
        data = {"tool": _tool_version(), "markdown": self.markdown if keep_markdown else self.used_markdown,
                "state": self.state}
        try:
            self.folder.mkdir(exist_ok=True)
            (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")
            fd, tmp = tempfile.mkstemp(prefix=".build-", suffix=".json", dir=self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, self.folder / CACHE_FILE)
        except OSError:  # a read-only site folder builds, just without a cache
            pass
