"""The ``recap`` command. Errors are printed once, here, without a traceback."""

from __future__ import annotations

import signal
from pathlib import Path

import click

from . import builder
from .errors import Problem

SOURCE = click.option(
    "--source", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="The site folder (the one that holds content/).",
)
DRAFTS = click.option("--drafts", is_flag=True, help="Include events marked draft: true.")
STRICT = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


def _print_problems(problems: tuple[Problem, ...]) -> None:
    for problem in sorted(p for p in problems if p.severity != "note"):
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
def build(source: Path, output: Path | None, base_url: str | None, drafts: bool, strict: bool) -> None:
    """Build the site into the output folder."""
    signal.signal(signal.SIGTERM, _terminate)
    output = output if output is not None else source / "public"
    result = builder.build(source, output, base_url=base_url, drafts=drafts, strict=strict)
    _print_problems(result.problems)
    warnings = sum(p.severity == "warning" for p in result.problems)
    click.echo(
        f"Built {result.pages} pages ({result.files} files) into {output} in {result.seconds:.2f} s"
        f"; {warnings} warning(s), 0 errors.", err=True,
    )


@main.command()
@SOURCE
@DRAFTS
@STRICT
def check(source: Path, drafts: bool, strict: bool) -> None:
    """Validate the site without writing anything."""
    result = builder.check(source, drafts=drafts, strict=strict)
    _print_problems(result.problems)
    warnings = sum(p.severity == "warning" for p in result.problems)
    click.echo(f"Checked {result.pages} pages: {warnings} warning(s), 0 errors.", err=True)
