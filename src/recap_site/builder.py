"""The build, top to bottom: load config → theme → content → assemble → render → write.

Everything is read and rendered before anything is written, so content
errors never touch the output folder.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .cache import BuildCache, has_embargo, input_state
from .config import load_config
from .content import load_content
from .errors import Problem, Report
from .images import CACHE_FOLDER, ImageProcessor, publish_event_images, publish_linked_images
from .linkcheck import check_links
from .outputs import machine_outputs
from .parallel import default_jobs
from .render import default_theme_dir, load_theme, render_site
from .search import BUNDLE_FOLDER as SEARCH_FOLDER, index_site
from .site import assemble
from .write import Output, WriteCounts, check_outputs, path_problems, write_site


@dataclass(frozen=True)
class BuildResult:
    files: int
    pages: int
    seconds: float
    problems: tuple[Problem, ...]  # warnings and notes (errors raise)
    output_dir: Path | None
    unchanged: int = 0  # outputs an incremental build left as they were

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


# progress(stage, done, total): called as the build goes, for a status line.
Progress = Callable[[str, int, int], None]


def _counted(outputs: Iterable, progress: Progress | None, total: int) -> Iterator:
    for done, output in enumerate(outputs, start=1):
        if progress is not None and done <= total:
            progress("rendering", done, total)
        yield output


def render(source: Path, *, base_url: str | None = None, drafts: bool = False,
           strict: bool = False, now: datetime | None = None,
           progress: Progress | None = None, cache: BuildCache | None = None,
           jobs: int = 1) -> tuple[list[Output], Report, int]:
    """Read and render the whole site in memory; raises on content errors.

    ``cache`` supplies Markdown converted before; ``jobs`` processes convert
    and render.

    ``now`` decides which embargoed events are published (default: the clock).
    Broken internal links are warnings (errors with ``strict``).
    """
    report = Report(strict=strict)
    if progress is not None:
        progress("reading", 0, 0)
    config = load_config(source, report, base_url)
    theme = load_theme(config, report)
    report.raise_if_errors()  # the layouts' UI strings are needed to assemble anything
    content = load_content(config, report, drafts=drafts, now=now)
    images = ImageProcessor(config.root / CACHE_FOLDER)
    publish_event_images(config, content, images, report)
    # Events with errors are left out; the rest are assembled, so that their
    # broken links and clashing URLs are reported in the same run.
    site = assemble(config, content, theme.strings, report, cache, jobs)
    publish_linked_images(config, content, images, report)
    for problem in path_problems(Output(route.path, route.source) for route in site.routes):
        report.add(problem)
    report.raise_if_errors()
    rendered = chain(render_site(config, theme, site, content.media, jobs), machine_outputs(site, config.urls))
    outputs = check_outputs(_counted(rendered, progress, len(site.routes)))
    if progress is not None:
        progress("checking links", 0, 0)
    check_links(outputs, config.urls, report, config.root, later=(SEARCH_FOLDER + "/",))
    report.raise_if_errors()
    return outputs, report, len(site.routes)


def build(source: Path, output_dir: Path, *, base_url: str | None = None, drafts: bool = False,
          strict: bool = False, now: datetime | None = None, progress: Progress | None = None,
          search: bool = True, jobs: int | None = None) -> BuildResult:
    """``search``: index the written pages with Pagefind (before the new site replaces the old).
    ``jobs``: processes for Markdown and templates (default: one per core).

    With the build cache (``.recap-cache/``): when no input changed since the
    last build and its output is as it left it, there is nothing to do.
    Otherwise unchanged Markdown comes from the cache, and the writer keeps
    every file whose bytes are the same (see write.py).
    """
    started = time.perf_counter()
    notes = Report()
    cache = BuildCache.load(source, notes)
    options = {"base_url": base_url, "drafts": drafts, "strict": strict, "search": search,
               "output": str(output_dir.resolve())}
    inputs = input_state(dict.fromkeys([source.resolve(), default_theme_dir().resolve()]))
    last = cache.unchanged_since_last_build(options, inputs, output_dir) if now is None else None
    if last is not None:
        counts = cache.state["counts"]
        return BuildResult(0, counts["pages"], time.perf_counter() - started, last + tuple(notes.problems),
                           output_dir, unchanged=counts["files"])
    outputs, report, pages = render(source, base_url=base_url, drafts=drafts, strict=strict, now=now,
                                    progress=progress, cache=cache, jobs=jobs or default_jobs())
    if progress is not None:
        progress("writing", 0, 0)
    counts = WriteCounts()
    files = write_site(outputs, output_dir, source, finish=index_site if search else None, counts=counts)
    cache.remember_build(options, inputs, output_dir, report.problems, fast=now is None and not has_embargo(source),
                         counts={"files": files, "pages": pages})
    cache.save()
    return BuildResult(files - counts.unchanged, pages, time.perf_counter() - started,
                       tuple(notes.problems + report.problems), output_dir, unchanged=counts.unchanged)


def check(source: Path, *, drafts: bool = False, strict: bool = False,
          now: datetime | None = None) -> BuildResult:
    """Everything a build does except writing."""
    started = time.perf_counter()
    outputs, report, pages = render(source, drafts=drafts, strict=strict, now=now)
    return BuildResult(len(outputs), pages, time.perf_counter() - started, tuple(report.problems), None)
