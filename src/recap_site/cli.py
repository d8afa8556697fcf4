"""The ``recap`` command. Errors are printed once, here, without a traceback."""

from __future__ import annotations

import json
import os
import signal
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

# Only what every command needs: the pipeline, the schemas and the scaffold are imported by
# the commands that use them, so that `recap build` with nothing to do does not load them
# (see recap_site.lastbuild).
from . import progress
from .cache import digest, is_cache_note, is_translation_note, remember_summary, remembered_summary
from .errors import ContentError, ContentErrors, Problem, RecapError, Report
from .lastbuild import BuildResult, first_look
from .paths import SCHEMA_FOLDER
from .vcs import git

if TYPE_CHECKING:
    from .builder import Model

SOURCE = click.option(
    "--source", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="The site folder (the one that holds content/).",
)
DRAFTS = click.option("--drafts", is_flag=True, help="Include events marked draft: true.")
STRICT = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


def _shown(problem: Problem) -> bool:
    """Errors, warnings, and the notes an editor should see (the slug made of one given, the person
    of content/people.yaml a plain name looks like)."""
    return problem.severity != "note" or problem.for_editors


def _print_problems(problems: tuple[Problem, ...]) -> None:
    for problem in sorted(p for p in problems if _shown(p)):
        click.echo(str(problem), err=True)


def _terminate(signum, frame):  # SIGTERM unwinds like Ctrl-C, so the writer cleans up
    raise KeyboardInterrupt


@click.group()
@click.version_option(package_name="recap-site")
def main() -> None:
    """recap-site: a bilingual static archive of event recaps."""


@main.command()
@SOURCE
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site  [default: SOURCE/public]")
@click.option("--base-url", default=None, help="Override base_url from content/site.yaml.")
@DRAFTS
@STRICT
@click.option("--no-search", "no_search", is_flag=True,
              help="Skip the search index (faster; the search pages then say search is unavailable).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for Markdown and templates  [default: one per core]")
def build(source: Path, output: Path | None, base_url: str | None, drafts: bool, strict: bool,
          no_search: bool, jobs: int | None) -> None:
    """Build the site into the output folder."""
    signal.signal(signal.SIGTERM, _terminate)
    output = output if output is not None else source / "public"
    line = progress.StatusLine() if progress.wanted(sys.stderr) else None
    try:
        look = first_look(source, output, base_url=base_url, drafts=drafts, strict=strict, search=not no_search)
        if look.problems is not None:  # nothing to do
            _report(look.result(output), source, output, drafts, line)
        else:
            from . import builder

            # The collector stays rare until the build's objects are gone: with its usual
            # thresholds back while they lived, its next pass walked all of them to free nothing.
            with builder.few_collections():
                _report(builder.build(source, output, base_url=base_url, drafts=drafts, strict=strict,
                                      search=not no_search, progress=line, jobs=jobs, look=look),
                        source, output, drafts, line)
    except ContentError as exc:  # one problem that stopped the build (site.yaml, a layout): told as the others are
        raise ContentErrors([exc.problem]) from None
    finally:
        if line is not None:
            line.clear()


def _report(result: BuildResult, source: Path, output: Path, drafts: bool, line) -> None:
    """Print what ``recap build`` tells about a build; then, run from the shell, leave."""
    if line is not None:
        line.clear()
    _print_problems(result.problems)  # first: whatever happens next, they are said
    for problem in result.problems:  # the build cache was discarded: said once
        if is_cache_note(problem):
            click.echo(str(problem), err=True)
    for text in _summary_lines(result, source, output, drafts):
        click.echo(text, err=True)
    leave_if_done()


# What `recap` and `python -m recap_site` pass to the commands as click's context object.
SHELL = "the shell's recap"


def run() -> None:
    """The ``recap`` command of the shell (and ``python -m recap_site``)."""
    main(obj=SHELL)


def leave_if_done() -> None:
    """End the process at once, its work done, when it is the shell's ``recap`` command.

    Freeing a build's site model object by object and tearing the interpreter down is a
    good part of a small build's time; a process that ends gives its memory back whole
    (mypy leaves the same way). Everything is written and closed by then, the build cache
    saved and the lock let go, and the streams are flushed here. Under click's test runner,
    or called from Python, it returns."""
    context = click.get_current_context(silent=True)
    if context is not None and context.find_root().obj == SHELL:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def _summary_lines(result: BuildResult, source: Path, output: Path, drafts: bool) -> list[str]:
    """What ``recap build`` prints after a build's problems: the translations, the counts."""
    notes = sum(map(is_translation_note, result.problems))
    told = [_translation_summary(source, notes, result.inputs, result.model)]
    told.append(f"Built {result.pages} pages into {output} in {result.seconds:.2f} s: "
                f"{result.files} files written, {result.unchanged} unchanged; "
                f"{result.warnings} warning(s), 0 errors.")
    if result.drafts and not drafts:
        told.append(f"Left out: {result.drafts} draft or embargoed event{'s' if result.drafts != 1 else ''} "
                    "(recap serve and recap build --drafts show them).")
    return told


def _translation_summary(source: Path, notes: int, inputs: str = "", model: Model | None = None) -> str:
    """Reading every content file again costs seconds on a large archive: the
    line is kept in the build cache while no input file and no git commit changed,
    and what the build read (``model``) is not read again."""
    key = digest(inputs, str(notes), git(source, "rev-parse", "HEAD") or "") if inputs else ""
    line = remembered_summary(source, key) if key else None
    if line is not None:
        return line
    from . import status as translation_status

    try:
        read = translation_status.read_by_build(model.content) if model is not None else None
        languages = model.config.languages if model is not None else _languages(source)
        line = translation_status.summary_line(translation_status.coverage(source, languages, read=read),
                                               notes)
    except RecapError as exc:  # cannot happen after a good build; never fail the build for a summary
        return f"Translations: unknown ({exc.format_message()})"
    if key:
        remember_summary(source, key, line)
    return line


def _languages(source: Path) -> tuple[str, ...]:
    from .config import load_config

    return load_config(source, Report()).languages


FORMATS = click.Choice(["text", "json", "github"])


@main.command()
@SOURCE
@click.option("--drafts", is_flag=True, hidden=True, help="Drafts are always checked; kept for old scripts.")
@STRICT
@click.option("--format", "output_format", type=FORMATS, default="text", show_default=True,
              help="text for people, json for programs, github for GitHub Actions annotations.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for Markdown and templates  [default: one per core]")
def check(source: Path, drafts: bool, strict: bool, output_format: str, jobs: int | None) -> None:
    """Validate the site, drafts and internal links included, without writing anything."""
    from . import builder

    pages, drafts_checked, complete = 0, 0, True
    try:
        result = builder.check(source, strict=strict, jobs=jobs)
    except ContentErrors as exc:
        problems, complete = tuple(exc.problems), exc.complete
    except ContentError as exc:  # one problem that stopped the check (site.yaml, a layout): told as the others are
        problems, complete = (exc.problem,), False
    except RecapError as exc:  # the machine's (a folder that cannot be read, …)
        if output_format == "text":
            raise
        problems = (Problem("", 0, exc.format_message()),)
    else:
        problems, pages, drafts_checked = result.problems, result.pages, result.drafts
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    if output_format == "json":
        click.echo(json.dumps({
            "pages": pages, "drafts": drafts_checked, "errors": errors, "warnings": warnings,
            "problems": [
                {"path": p.path, "line": p.line, "severity": p.severity, "message": p.message}
                for p in sorted(problems)
            ],
        }, ensure_ascii=False, indent=2))
    elif output_format == "github":
        for problem in sorted(p for p in problems if _shown(p)):
            click.echo(github_annotation(problem))
    else:
        _print_problems(problems)
    if output_format != "json":
        click.echo(check_summary(pages, drafts_checked, errors, warnings, complete), err=True)
    if errors:
        raise SystemExit(1)
    leave_if_done()


def check_summary(pages: int, drafts: int, errors: int, warnings: int, complete: bool = True) -> str:
    """The last line of `recap check`: what was checked, and what was found.
    ``complete``: the links between pages were checked too."""
    if errors:
        later = "" if complete else "; links between pages are checked once no errors are left"
        return f"Found {errors} error(s) and {warnings} warning(s). Fix them and run recap check again{later}."
    included = f" (with {drafts} draft or embargoed event{'s' if drafts != 1 else ''})" if drafts else ""
    return f"Checked {pages} pages{included}: {warnings} warning(s), 0 error(s)."


def _escape(text: str, properties: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if properties else text


def github_annotation(problem: Problem) -> str:
    """``::error file=…,line=…::message``, a GitHub Actions workflow command."""
    kind = {"error": "error", "warning": "warning"}.get(problem.severity, "notice")
    where = []
    if problem.path:
        where.append(f"file={_escape(problem.path, True)}")
        if problem.line:
            where.append(f"line={problem.line}")
    head = f"::{kind} {','.join(where)}" if where else f"::{kind}"
    return f"{head}::{_escape(problem.message)}"


@main.command()
@SOURCE
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="The port to listen on (0: any free port).")
@click.option("--no-search", "no_search", is_flag=True, help="Skip the search index (faster rebuilds).")
def serve(source: Path, host: str, port: int, no_search: bool) -> None:
    """Preview the site, drafts included, and rebuild it on every change."""
    from .serve import DevServer, is_loopback  # watchfiles is only needed here

    if not is_loopback(host):
        click.echo(f"warning: {host} is not a loopback address: other computers can open the preview, "
                   "drafts included.", err=True)
    server = DevServer(source, host, port, echo=lambda text: click.echo(text, err=True), search=not no_search)
    server.serve_forever(announce=lambda url: click.echo(
        f"Serving {source.resolve()} (drafts shown) at {url} - press Ctrl+C to stop.", err=True))


@main.group()
def new() -> None:
    """Start a new event or page from a commented template."""


def _day(value: str | None) -> date | None:
    """``--date``: a day written YYYY-MM-DD; another way of writing it gets the hint the
    content check gives (06.12.2026: write it 2026-12-06)."""
    if value is None:
        return None
    if len(value) == 10:  # fromisoformat also takes 20261206 and 2026-W49-7
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    from .schema import date_hint

    raise click.BadParameter(f"'{value}' is not a date written YYYY-MM-DD{date_hint(value)}")


@new.command("event")
@SOURCE
@click.argument("title")
@click.option("--date", "day", callback=lambda context, option, value: _day(value), default=None,
              metavar="YYYY-MM-DD", help="The event's date, YYYY-MM-DD  [default: today]")
@click.option("--lang", default=None, help="The language of TITLE  [default: the site's first language]")
def new_event(source: Path, title: str, day, lang: str | None) -> None:
    """Create content/events/<date>-<slug>/ with event.yaml and one file per language."""
    from . import scaffold

    created = scaffold.new_event(source, title, day or date.today(), lang)
    for path in created:
        click.echo(str(path))
    click.echo(scaffold.DRAFT_NOTE[scaffold.comment_language(_languages(source))], err=True)


@new.command("page")
@SOURCE
@click.argument("title")
@click.option("--lang", default=None, help="The language of TITLE  [default: the site's first language]")
def new_page(source: Path, title: str, lang: str | None) -> None:
    """Create content/pages/<slug>/ with one file per language."""
    from . import scaffold

    for path in scaffold.new_page(source, title, lang):
        click.echo(str(path))


@main.command()
@SOURCE
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=f"Where to write the schemas  [default: SOURCE/{SCHEMA_FOLDER}]")
def schema(source: Path, output: Path | None) -> None:
    """Write the JSON Schema of every content file, with this site's languages and ids.

    Editors' editors (VS Code with its YAML extension) then complete keys,
    allowed values and ids, and underline mistakes while you type. Run it
    again after adding organizations, topics, regions, series or events.
    """
    from . import json_schema
    from .config import where_is_the_site

    if not (source / "content").is_dir():
        raise RecapError(f"no content/ folder in {source.resolve()}; " + where_is_the_site(source))
    folder = output if output is not None else source / SCHEMA_FOLDER
    content = (source / "content").resolve()
    if folder.resolve() == content or content in folder.resolve().parents:
        raise RecapError(f"refusing to write schemas into '{folder}': it is inside the content folder")
    for path in json_schema.write(folder, json_schema.site_from(source)):
        click.echo(str(path))


@main.command()
@SOURCE
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--fail-on-missing", is_flag=True, help="Exit 1 if any translation is missing.")
def status(source: Path, output_format: str, fail_on_missing: bool) -> None:
    """Translation coverage: present, missing or stale, per language; and overdue outcomes."""
    from . import status as translation_status

    coverage = translation_status.load_coverage(source)
    overdue = translation_status.overdue_outcomes(source)
    if output_format == "json":
        click.echo(json.dumps({**translation_status.to_json(coverage), "overdue": overdue},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(translation_status.to_text(coverage))
        click.echo(translation_status.overdue_text(overdue))
    if fail_on_missing and not coverage.complete:
        raise SystemExit(1)
