"""A build's first look: what the last build left, and whether there is anything to do.

When no input file changed since the last build, its output is as that build
left it, and nothing changes by itself in between (an embargo ends, a day
passes), a build has nothing to do. Finding that out reads one small file
(the cache's ``state.json``) and the sizes and times of the input and output
files. This module imports nothing of the pipeline, so that ``recap build``
with nothing to do does not load it (a quarter of a second): the command
takes a first look, and imports :mod:`recap_site.builder` only when there is
work (see :func:`recap_site.cli.build`).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import UNKNOWN, BuildCache, digest, input_state, trusted_inputs
from .errors import Problem, Report
from .paths import default_theme_dir

if TYPE_CHECKING:  # the pipeline's, not imported here
    from .builder import Model


@dataclass(frozen=True)
class BuildResult:
    files: int
    pages: int
    seconds: float
    problems: tuple[Problem, ...]  # warnings and notes (errors raise)
    output_dir: Path | None
    unchanged: int = 0  # outputs an incremental build left as they were
    rendered: tuple[str, ...] = ()  # output paths of the pages rendered (not reused from the last build)
    written: tuple[str, ...] = ()  # output paths written (not hard-linked from the last build)
    inputs: str = ""  # a digest of the sizes and times of every input file
    drafts: int = 0  # drafts and embargoed events: left out (build), checked with the rest (check)
    model: Model | None = field(default=None, compare=False, repr=False)  # None when nothing was rendered

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


@dataclass(frozen=True)
class LastBuild:
    """What :func:`first_look` found."""

    cache: BuildCache  # its state loaded; its entries not yet (BuildCache.load_entries)
    notes: Report  # about the cache (discarded, another version)
    state: dict  # this build's options, as the cache records them
    inputs: dict  # size, mtime and ctime of every file a build may read
    started: float  # time.perf_counter() when the build started
    problems: tuple[Problem, ...] | None  # the last build's warnings if there is nothing to do; else None
    looked_at: int  # time.time_ns() when the inputs were looked at

    def inputs_to_record(self) -> dict:
        """The inputs' state for the next build's first look: the files changed just before
        this look are not vouched for (see cache.trusted_inputs)."""
        return trusted_inputs(self.inputs, self.looked_at)

    def result(self, output_dir: Path) -> BuildResult:
        """The result of a build with nothing to do: the last build's, nothing written."""
        counts = self.cache.state["counts"]
        return BuildResult(0, counts["pages"], time.perf_counter() - self.started,
                           self.problems + tuple(self.notes.problems), output_dir, unchanged=counts["files"],
                           inputs=self.inputs_digest(),
                           drafts=counts.get("drafts") if isinstance(counts.get("drafts"), int) else 0)

    def inputs_digest(self) -> str:
        """A digest of the inputs' state as far as it vouches for them: "" while a file changed
        too recently to tell (see cache.trusted_inputs); the translation line is kept under it."""
        recorded = self.inputs_to_record()
        return "" if UNKNOWN in recorded.values() else digest(json.dumps(recorded))


def build_state(output_dir: Path, *, base_url: str | None, drafts: bool, strict: bool, search: bool) -> dict:
    """A build's options as the cache records them: a build with other options has work to do."""
    return {"base_url": base_url, "drafts": drafts, "strict": strict, "search": search,
            "output": str(output_dir.resolve())}


def first_look(source: Path, output_dir: Path, *, base_url: str | None = None, drafts: bool = False,
               strict: bool = False, search: bool = True, now: datetime | None = None) -> LastBuild:
    """``now``: a build for another moment than the clock's always has work to do."""
    started = time.perf_counter()
    notes = Report()
    cache = BuildCache.load(source, notes)
    state = build_state(output_dir, base_url=base_url, drafts=drafts, strict=strict, search=search)
    looked_at = time.time_ns()
    inputs = input_state(dict.fromkeys([source.resolve(), default_theme_dir().resolve()]))
    last = cache.unchanged_since_last_build(state, inputs, output_dir, datetime.now(timezone.utc)) \
        if now is None else None
    return LastBuild(cache, notes, state, inputs, started, last, looked_at)
