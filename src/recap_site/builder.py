"""The build, top to bottom: load config → theme → content → assemble → render → write.

Pages are written into the writer's buffer folder as they are rendered, and
the buffer replaces the output folder only when everything was read,
rendered, written and checked: content errors never touch the output folder.
"""

from __future__ import annotations

import gc
import json
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from itertools import chain
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable, Iterator

from .cache import BuildCache, BundleStore, Fingerprints, cache_folder, code_digest, digest, input_state
from .config import SiteConfig, load_config
from .content import Content, load_content, reload_event
from .errors import Problem, RecapError, Report
from .images import IMAGES, ImageProcessor, publish_event_images, publish_linked_images
from .linkcheck import check_links, page_links
from .outputs import machine_outputs
from .outputs.cards import CARDS, CardStyle, theme_colours
from .parallel import default_jobs
from .model import Site
from .render import Renderer, Theme, default_theme_dir, load_theme, render_site
from .paths import SEARCH_FOLDER
from .search import index_site
from .site import assemble, assemble_event, event_neighbours
from .write import Output, Staging, WriteCounts, check_outputs, path_problems


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
    inputs: str = ""  # a digest of the sizes and mtimes of every input file
    drafts: int = 0  # drafts and embargoed events: left out (build), checked with the rest (check)
    model: "Model | None" = field(default=None, compare=False, repr=False)  # None when nothing was rendered

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


@dataclass(frozen=True)
class Model:
    """What a build read and assembled: kept by `recap serve` for quick previews."""

    config: SiteConfig
    theme: Theme
    content: Content
    site: Site
    renderer: Renderer
    drafts: bool
    now: datetime | None


@dataclass(frozen=True)
class Rendered:
    outputs: list[Output]
    report: Report
    pages: int
    drafts: int  # drafts and embargoed events: left out (a build) or checked with the rest (check)
    rendered: tuple[str, ...]  # the pages rendered, not reused
    model: Model


# progress(stage, done, total): called as the build goes, for a status line.
Progress = Callable[[str, int, int], None]


def _passed(outputs: Iterable[Output], sink: Callable[[Output], None]) -> Iterator[Output]:
    for output in outputs:
        sink(output)
        yield output


def _counted(outputs: Iterable, progress: Progress | None, total: int) -> Iterator:
    for done, output in enumerate(outputs, start=1):
        if progress is not None and done <= total:
            progress("rendering", done, total)
        yield output


def render(source: Path, *, base_url: str | None = None, drafts: bool = False,
           strict: bool = False, now: datetime | None = None) -> tuple[list[Output], Report, int]:
    """Every output in memory, the report and the page count (see :func:`render_pages`)."""
    result = render_pages(source, base_url=base_url, drafts=drafts, strict=strict, now=now)
    return result.outputs, result.report, result.pages


def render_pages(source: Path, *, base_url: str | None = None, drafts: bool = False,
                 strict: bool = False, now: datetime | None = None,
                 progress: Progress | None = None, cache: BuildCache | None = None,
                 jobs: int = 1, previous: Path | None = None, options: dict | None = None,
                 sink: Callable[[Output], None] | None = None, check: bool = False) -> Rendered:
    """Read and render the whole site in memory; raises on content errors.

    ``sink`` is given each output as soon as it is made (the build writes it
    into its buffer then), before the site is checked as a whole.

    ``cache`` supplies Markdown converted before; ``jobs`` processes convert
    and render. With ``previous`` (the output folder) and ``options`` too,
    pages whose inputs did not change since the last build are not rendered:
    their files in ``previous`` are reused (see cache.Fingerprints).

    ``now`` decides which embargoed events are published (default: the clock).
    Broken internal links are warnings (errors with ``strict``).

    ``check``: drafts and embargoed events are read, checked and rendered
    too, but links to them are errors as in a build (see content.load_content).
    """
    report = Report(strict=strict)
    if progress is not None:
        progress("reading", 0, 0)
    config = load_config(source, report, base_url)
    theme = load_theme(config, report)
    report.raise_if_errors()  # the layouts' UI strings are needed to assemble anything
    code = code_digest()
    memo = BundleStore(cache, code) if cache is not None else None
    content = load_content(config, report, drafts=drafts, now=now, check=check, memo=memo)
    images = ImageProcessor(cache_folder(config.root) / IMAGES)
    publish_event_images(config, content, images, report)
    # Events with errors are left out; the rest are assembled, so that their
    # broken links and clashing URLs are reported in the same run.
    site = assemble(config, content, theme.strings, report, cache, jobs)
    publish_linked_images(config, content, images, report)
    for problem in path_problems(Output(route.path, route.source) for route in site.routes):
        report.add(problem)
    report.raise_if_errors()
    renderer = Renderer(config, theme, site)
    fingerprints = _fingerprints(config, theme, site, renderer, options, cache, code) if cache is not None else None
    route_prints = {route.path: fingerprints.route(route) for route in site.routes} if fingerprints else {}
    reuse = {}  # output path -> the last build's file, for pages made from the same inputs
    if cache is not None and previous is not None:
        for path, fingerprint in route_prints.items():
            file = cache.reusable(path, fingerprint, previous)
            if file is not None:
                reuse[path] = file
    parsed: dict = {}
    per_event = _EventStore(cache, fingerprints) if cache is not None else None
    # Feeds, calendars and the sitemap first: their worker processes are
    # forked before the parent holds every rendered page (a forked worker
    # starts as large as its parent), and they are small beside the pages.
    # recap check makes no pictures it would throw away (the pages' tags name the cards all the same).
    cards = (CardStyle(theme.strings, theme_colours(theme.assets()), cache_folder(config.root) / CARDS)
             if config.social_cards and not check else None)
    machine = list(machine_outputs(site, config.urls, theme.strings, per_event, jobs, cards))
    pages = render_site(config, theme, site, content.media, jobs, renderer, reuse, page_links, parsed)
    if sink is not None:
        for output in machine:
            sink(output)
        pages = _passed(pages, sink)
    rendered = chain(pages, machine)
    outputs = check_outputs(_counted(rendered, progress, len(site.routes)))
    if progress is not None:
        progress("checking links", 0, 0)
    links = check_links(outputs, config.urls, report, config.root, later=(SEARCH_FOLDER + "/",),
                        known=_previous_links(cache, route_prints),
                        previous_paths=cache.previous_paths() if cache is not None else None, parsed=parsed)
    report.finish()
    if cache is not None:
        for path, fingerprint in route_prints.items():
            cache.remember_output(path, fingerprint, links.pages.get(path))
    return Rendered(outputs, report, len(site.routes), len(content.unpublished),
                    tuple(route.path for route in site.routes if route.path not in reuse),
                    Model(config, theme, content, site, renderer, drafts, now))


def preview_event(model: Model, changed: Iterable[Path]) -> list[Output] | None:
    """The pages of one edited event, rendered against the last build's model.

    For `recap serve`, to show an edit at once: only when every changed file
    is the event.yaml or a recap of one event the last build had, and the
    event keeps its URLs, languages and published files. The page is what
    the full build makes of it (its related events and series neighbours
    are worked out for it alone) as long as the other events stay as the
    last build had them; the full build that follows renders every page the
    edit touched. None for any other change, and when the event has an error
    now (the full build reports it with the rest of the site's).
    """
    events_dir = model.config.root.resolve() / "content" / "events"
    ids = set()
    for path in changed:
        try:
            rel = Path(path).resolve().relative_to(events_dir)
        except ValueError:
            return None
        if len(rel.parts) != 2:
            return None
        if rel.name == "event.yaml" or rel.suffix == ".md":
            ids.add(rel.parts[0])
        elif Path(path).exists():  # a picture or another file: the full build publishes it
            return None
        # Else a file that came and went (vim's "4913" test file): nothing of it can be on a page,
        # and a picture that is gone is an error reading the event again.
    if len(ids) != 1:
        return None
    event_id = ids.pop()
    content = model.content
    if event_id not in content.recaps:
        return None
    report = Report()
    one = reload_event(model.config, report, content, event_id, drafts=model.drafts, now=model.now)
    if one is None or report.errors or one.event_urls[event_id] != content.event_urls[event_id] \
            or one.recaps[event_id].keys() != content.recaps[event_id].keys():
        return None
    publish_event_images(model.config, one, ImageProcessor(cache_folder(model.config.root) / IMAGES), report)
    if report.errors:
        return None
    event = assemble_event(model.config, one, model.theme.strings, report, model.site.events)
    if report.errors or not one.media.keys() <= content.media.keys():
        return None
    outputs = []
    neighbours = event_neighbours(event, model.site.events)
    for route in model.site.routes:
        if route.template == "event.html" and route.data["event"].id == event_id:
            recap = event.translations[route.lang]
            fresh = replace(route, title=recap.title, data=MappingProxyType(
                {**route.data, "event": event, "recap": recap, **neighbours}))
            try:
                outputs.append(Output(route.path, route.source, data=model.renderer.render(fresh)))
            except RecapError:
                return None
    return outputs


def _fingerprints(config, theme, site, renderer: Renderer, options: dict | None,
                  cache: BuildCache, code: str) -> Fingerprints:
    # The site folder as resolved: `--source .` and its absolute path build the same pages.
    common = digest(code, repr(replace(config, root=config.root.resolve())), repr(theme.strings),
                    repr(renderer.navigation), json.dumps(options, sort_keys=True))
    fingerprints = Fingerprints(renderer.env, common, lambda: digest(
        *(fingerprints.event(event) for event in site.events),
        repr((site.pages, site.organizations, site.topics, site.regions, site.series))), cache.layouts)
    cache.layouts = fingerprints.layouts
    return fingerprints


class _EventStore:
    """What the feeds and calendars make of one event (see outputs.EventDataStore),
    in the build cache under the event's fingerprint."""

    def __init__(self, cache: BuildCache, fingerprints: Fingerprints) -> None:
        self.cache = cache
        self.fingerprints = fingerprints

    def _key(self, event, lang: str, kind: str) -> str:
        return digest(self.fingerprints.common, self.fingerprints.event(event), lang, kind)

    def get(self, event, lang: str, kind: str) -> bytes | None:
        text = self.cache.get_vevent(self._key(event, lang, kind))
        return text.encode("utf-8") if text is not None else None

    def put(self, event, lang: str, kind: str, data: bytes) -> None:
        self.cache.put_vevent(self._key(event, lang, kind), data.decode("utf-8"))


def _previous_links(cache: BuildCache | None, paths) -> dict[str, list]:
    """What the last build's link check found on each page (to see whose ids changed)."""
    if cache is None:
        return {}
    found = {}
    for path in paths:
        record = cache.page_links(path)
        if record is not None:
            found[path] = record
    return found


@contextmanager
def few_collections():
    """Run the garbage collector rarely while a build runs.

    A build makes millions of objects (the model, the rendered Markdown, the
    outputs) that live until it ends, and almost no cycles. With Python's
    default thresholds every so often a full collection walks all of them
    and finds nothing, and the number of such walks grows with the archive:
    at 20000 events reading the content took 12.1 s instead of 6.7 s
    (0.67 s at 2000, where it makes no difference). Young objects are still
    collected, every 100000 allocations. The old thresholds are restored
    afterwards (``recap serve`` builds in a long-running process).
    """
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


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
    with few_collections():
        return _build(source, output_dir, base_url=base_url, drafts=drafts, strict=strict, now=now,
                      progress=progress, search=search, jobs=jobs)


def _build(source: Path, output_dir: Path, *, base_url: str | None, drafts: bool, strict: bool,
           now: datetime | None, progress: Progress | None, search: bool, jobs: int | None) -> BuildResult:
    started = time.perf_counter()
    notes = Report()
    cache = BuildCache.load(source, notes)
    options = {"base_url": base_url, "drafts": drafts, "strict": strict, "search": search,
               "output": str(output_dir.resolve())}
    inputs = input_state(dict.fromkeys([source.resolve(), default_theme_dir().resolve()]))
    last = cache.unchanged_since_last_build(options, inputs, output_dir, datetime.now(timezone.utc)) \
        if now is None else None
    if last is not None:
        counts = cache.state["counts"]
        return BuildResult(0, counts["pages"], time.perf_counter() - started, last + tuple(notes.problems),
                           output_dir, unchanged=counts["files"], inputs=digest(json.dumps(inputs)),
                           drafts=counts.get("drafts") if isinstance(counts.get("drafts"), int) else 0)
    counts = WriteCounts()
    # Written while rendering, swapped in when all is written and checked (see write.Staging).
    staging = Staging(output_dir, source, counts)
    try:
        result = render_pages(source, base_url=base_url, drafts=drafts, strict=strict, now=now, progress=progress,
                              cache=cache, jobs=jobs or default_jobs(), previous=output_dir.resolve(),
                              options=options, sink=staging.put)
        report, pages, rendered, model = result.report, result.pages, result.rendered, result.model
        drafts = result.drafts
        outputs = result.outputs
        del result  # the outputs hold every page written anew: let them go once written
        if progress is not None:
            progress("writing", 0, 0)
        files = len(outputs) + staging.commit(finish=index_site if search else None)
    except BaseException:
        staging.abort()
        raise
    paths = [output.path for output in outputs]
    del outputs  # before the cache is saved: the two largest things a cold build holds, not at once
    # A later build with no changed file may be skipped until the site changes by itself.
    cache.remember_build(options, inputs, output_dir, report.problems, fast=now is None,
                         counts={"files": files, "pages": pages, "drafts": drafts}, paths=paths,
                         changes_at=model.content.changes_at)
    cache.save()
    return BuildResult(files - counts.unchanged, pages, time.perf_counter() - started,
                       tuple(notes.problems + report.problems), output_dir, unchanged=counts.unchanged,
                       rendered=rendered, written=tuple(counts.written), inputs=digest(json.dumps(inputs)),
                       model=model, drafts=drafts)


def check(source: Path, *, strict: bool = False, now: datetime | None = None) -> BuildResult:
    """Everything a build does except writing. Drafts and embargoed events are checked too."""
    started = time.perf_counter()
    with few_collections():
        result = render_pages(source, strict=strict, now=now, check=True)
    return BuildResult(len(result.outputs), result.pages, time.perf_counter() - started,
                       tuple(result.report.problems), None, drafts=result.drafts)
