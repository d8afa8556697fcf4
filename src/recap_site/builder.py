"""The build, top to bottom (:func:`render_pages`, then :func:`_write`):

1. config (content/site.yaml), 2. theme (layouts, UI strings), 3. content (the
frozen facts and recaps), 4. publish (the events' pictures: copies, sizes,
URLs), 5. assemble (the frozen site model; the files recaps link to are
published after it), 6. render, 7. check (clashing paths, links), 8. commit.

No stage changes another's output. What a build takes from the last one is
decided in one place, :class:`recap_site.incremental.Incremental`, and handed to the
stages as plain inputs. Pages are written into the writer's buffer folder as
they are rendered, and the buffer replaces the output folder only when
everything was read, rendered, written and checked: content errors never
touch the output folder.
"""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import chain
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .cache import BuildCache, cache_folder, page_options
from .incremental import Incremental, Plan
from .config import SiteConfig, load_config
from .content import Content, load_content, reload_event
from .errors import RecapError, Report
from .images import IMAGES, ImageProcessor, publish_event_images, publish_linked_files
from .linkcheck import check_links, page_links
from .outputs import machine_outputs
from .outputs.cards import CARDS, CardStyle, theme_colours
from .parallel import default_jobs
from .model import EventPage, Site
from .lastbuild import BuildResult, LastBuild, build_state, first_look
from .render import Renderer, Theme, load_theme, render_site
from .paths import SEARCH_FOLDER
from .search import index_site
from .site import assemble, assemble_event, event_neighbours
from .write import Output, Staging, WriteCounts, check_outputs, path_problems


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


def _passed(outputs: Iterable[Output], sink: Callable[[Output], None], parsed: dict) -> Iterator[Output]:
    """Each output, once ``sink`` has it, without its bytes when the link check needs no more
    than its path: any file but a page, and a page it has ``parsed`` already (the social cards
    and the pages of a site, held to the end, were the largest part of a build's memory)."""
    for output in outputs:
        sink(output)
        yield Output(output.path, output.source) if not output.path.endswith(".html") or output.path in parsed \
            else output


def _counted(outputs: Iterable, progress: Progress | None, total: int) -> Iterator:
    for done, output in enumerate(outputs, start=1):
        if progress is not None and done <= total:
            progress("rendering", done, total)
        yield output


@dataclass(frozen=True)
class BuildOptions:
    """How to build: the same for every stage."""

    base_url: str | None = None  # instead of content/site.yaml's
    drafts: bool = False  # include drafts and embargoed events
    strict: bool = False  # warnings are errors (broken internal links are warnings)
    now: datetime | None = None  # decides which embargoed events are published (default: the clock)
    jobs: int = 1  # processes that convert Markdown and render
    # recap check: drafts and embargoed events are read, checked and rendered too, but links to
    # them are errors as in a build (see content.load_content); no social card is made.
    check: bool = False


def render(source: Path, *, base_url: str | None = None, drafts: bool = False,
           strict: bool = False, now: datetime | None = None) -> tuple[list[Output], Report, int]:
    """Every output in memory, the report and the page count (see :func:`render_pages`)."""
    result = render_pages(source, BuildOptions(base_url=base_url, drafts=drafts, strict=strict, now=now))
    return result.outputs, result.report, result.pages


def render_pages(source: Path, options: BuildOptions = BuildOptions(), *, incremental: Incremental | None = None,
                 sink: Callable[[Output], None] | None = None, progress: Progress | None = None) -> Rendered:
    """Read and render the whole site, stage by stage; raises on content errors.

    ``incremental`` (the build cache, see incremental.Incremental): what the last
    build made that is still good is taken from it, and what this one makes
    is given to it. ``sink`` is given each output as soon as it is made (the
    build writes it into its buffer then), before the site is checked as a whole.
    """
    report = Report(strict=options.strict)
    if progress is not None:
        progress("reading", 0, 0)
    # 1. config, 2. theme
    config = load_config(source, report, options.base_url)
    theme = load_theme(config, report)
    report.raise_if_errors()  # the layouts' UI strings are needed to assemble anything
    # 3. content: frozen from here on
    content = load_content(config, report, drafts=options.drafts, now=options.now, check=options.check,
                           memo=incremental.bundles if incremental is not None else None)
    # 4. publish the events' pictures: their copies, sizes and URLs
    processor = ImageProcessor(cache_folder(config.root) / IMAGES)
    published = publish_event_images(config, content, processor, report)
    # 5. assemble the site model. Events with errors are left out; the rest are assembled, so
    # that their broken links and clashing URLs are reported in the same run.
    site = assemble(config, content, published.images, theme.strings, report,
                    incremental.markdown if incremental is not None else None, options.jobs, theme.page_ids())
    media = {**published.media, **publish_linked_files(config, content, site.files, processor, report)}
    for problem in path_problems(Output(route.path, route.source) for route in site.routes):
        report.add(problem)
    report.raise_if_errors()
    # 6. render
    renderer = Renderer(config, theme, site)
    plan = incremental.plan(config, theme, site, renderer) if incremental is not None else None
    outputs, parsed, texts = _render(config, theme, site, media, renderer, plan, options, sink, progress)
    # 7. check
    if progress is not None:
        progress("checking links", 0, 0)
    links = check_links(outputs, config.urls, report, config.root, later=(SEARCH_FOLDER + "/",),
                        known=plan.known if plan else None, previous_paths=plan.previous_paths if plan else None,
                        parsed=parsed, unpublished=content.unpublished if options.check else None)
    report.finish()
    if incremental is not None:
        incremental.remember(plan, links.pages, texts)
    return Rendered(outputs, report, len(site.routes), len(content.unpublished),
                    tuple(route.path for route in site.routes if not plan or route.path not in plan.reuse),
                    Model(config, theme, content, site, renderer, options.drafts, options.now))


def _render(config, theme, site, media, renderer, plan: Plan | None, options: BuildOptions,
            sink: Callable[[Output], None] | None, progress: Progress | None) -> tuple[list[Output], dict, dict]:
    """Every output, checked for clashing paths, what the link check needs of the pages
    rendered (parsed where they were rendered), and the recaps' texts each of them read."""
    parsed: dict = {}
    texts: dict = {}
    # Feeds, calendars and the sitemap first: their worker processes are
    # forked before the parent holds every rendered page (a forked worker
    # starts as large as its parent), and they are small beside the pages.
    # recap check makes no pictures it would throw away (the pages' tags name the cards all the same).
    cards = (CardStyle(theme.strings, theme_colours(theme.assets()), cache_folder(config.root) / CARDS)
             if config.social_cards and not options.check else None)
    machine = machine_outputs(site, config.urls, theme.strings, plan.events if plan else None, options.jobs, cards,
                              plan.files if plan else None)
    machine = list(_passed(machine, sink, parsed) if sink is not None else machine)
    pages = render_site(config, theme, site, media, options.jobs, renderer, plan.reuse if plan else None,
                        page_links, parsed, texts)
    if sink is not None:
        pages = _passed(pages, sink, parsed)
    return check_outputs(_counted(chain(pages, machine), progress, len(site.routes))), parsed, texts


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
    published = publish_event_images(model.config, one, ImageProcessor(cache_folder(model.config.root) / IMAGES),
                                     report)
    if report.errors:
        return None
    event, files = assemble_event(model.config, one, published.images.get(event_id, ()), model.theme.strings,
                                  report, model.site.events, model.theme.page_ids())
    if report.errors or not one.media.keys() <= content.media.keys() or not files.keys() <= model.site.files.keys():
        return None
    outputs = []
    neighbours = event_neighbours(event, model.site.events)
    for route in model.site.routes:
        if isinstance(route.data, EventPage) and route.data.event.id == event_id:
            recap = event.translations[route.lang]
            fresh = replace(route, title=recap.title, data=replace(route.data, event=event, recap=recap, **neighbours))
            try:
                outputs.append(Output(route.path, route.source, data=model.renderer.render(fresh)))
            except RecapError:
                return None
    return outputs


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
    afterwards (``recap serve`` builds in a long-running process); nested, the
    inner one restores the outer one's, so a caller that keeps the build's
    objects a while longer (``recap build`` printing its summary) keeps the
    collector rare until they are gone.
    """
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def build(source: Path, output_dir: Path, *, base_url: str | None = None, drafts: bool = False,
          strict: bool = False, now: datetime | None = None, progress: Progress | None = None,
          search: bool = True, jobs: int | None = None, look: LastBuild | None = None) -> BuildResult:
    """``search``: index the written pages with Pagefind (before the new site replaces the old).
    ``jobs``: processes for Markdown and templates (default: one per core). ``look``: the
    :func:`recap_site.lastbuild.first_look` already taken with these options, if any.

    With the build cache (see cache.py): when no input changed since the
    last build and its output is as it left it, there is nothing to do.
    Otherwise what did not change is taken from the cache (incremental.Incremental),
    and the writer writes only the files whose bytes changed (see write.py).
    """
    options = BuildOptions(base_url=base_url, drafts=drafts, strict=strict, now=now, jobs=jobs or default_jobs())
    if look is None or look.state != build_state(output_dir, base_url=base_url, drafts=drafts, strict=strict,
                                                 search=search):  # taken for another build: look again
        look = first_look(source, output_dir, base_url=base_url, drafts=drafts, strict=strict, search=search, now=now)
    if look.problems is not None:
        return look.result(output_dir)
    with few_collections():
        return _build(source, output_dir, options, search, progress, look)


def _build(source: Path, output_dir: Path, options: BuildOptions, search: bool,
           progress: Progress | None, look: LastBuild) -> BuildResult:
    cache = look.cache
    counts = WriteCounts()
    written = _write(source, output_dir, options, search, progress,
                     Incremental(cache, output_dir.resolve(), page_options(options.base_url, options.drafts)),
                     counts)
    # A later build with no changed file may be skipped until the site changes by itself.
    cache.remember_build(look.state, look.inputs_to_record(), output_dir, written.report.problems,
                         fast=options.now is None,
                         counts={"files": written.files, "pages": written.pages, "drafts": written.drafts},
                         paths=written.paths, changes_at=written.model.content.changes_at, written=written.state)
    cache.save()
    return BuildResult(written.files - counts.unchanged, written.pages, time.perf_counter() - look.started,
                       tuple(look.notes.problems + written.report.problems), output_dir,
                       unchanged=counts.unchanged, rendered=written.rendered, written=tuple(counts.written),
                       inputs=look.inputs_digest(), model=written.model, drafts=written.drafts)


@dataclass(frozen=True)
class _Written:
    files: int  # outputs, and the files the search index added
    paths: list[str]  # the outputs' paths
    report: Report
    pages: int
    drafts: int
    rendered: tuple[str, ...]
    model: Model
    state: dict[str, list[int]] | None  # the files written, path -> [size, mtime] (write.Staging.state)


def _write(source: Path, output_dir: Path, options: BuildOptions, search: bool, progress: Progress | None,
           incremental: Incremental, counts: WriteCounts) -> _Written:
    """8. commit: render into the writer's buffer as pages are made, then swap it in (see
    write.Staging). The outputs (every page written anew) are let go when this returns."""
    staging = Staging(output_dir, source, counts)
    try:
        result = render_pages(source, options, incremental=incremental, sink=staging.put, progress=progress)
        if progress is not None:
            progress("writing", 0, 0)
        added = staging.commit(finish=index_site if search else None)
    except BaseException:
        staging.abort()
        raise
    return _Written(len(result.outputs) + added, [output.path for output in result.outputs], result.report,
                    result.pages, result.drafts, result.rendered, result.model, staging.state)


def _nowhere(output: Output) -> None:
    """recap check writes nothing (and so keeps no page's bytes once its links are found)."""


def check(source: Path, *, strict: bool = False, now: datetime | None = None, jobs: int | None = None) -> BuildResult:
    """Everything a build does except writing. Drafts and embargoed events are checked too.
    ``jobs``: processes for Markdown and templates (default: one per core, as a build).

    What it reads and converts (event folders, Markdown) is taken from the build cache and
    added to it, so that a build after it (in one CI job) does not do that work again."""
    with few_collections():  # until what the check made is gone (see few_collections)
        return _check(source, BuildOptions(strict=strict, now=now, check=True, jobs=jobs or default_jobs()))


def _check(source: Path, options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    notes = Report()
    cache = BuildCache.load(source, notes)
    result = render_pages(source, options, incremental=Incremental(cache, None, page_options(None, False)),
                          sink=_nowhere)
    cache.save_read()
    return BuildResult(len(result.outputs), result.pages, time.perf_counter() - started,
                       tuple(notes.problems + result.report.problems), None, drafts=result.drafts)
