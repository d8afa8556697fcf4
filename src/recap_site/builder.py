"""The build, top to bottom: load config → theme → content → assemble → render → write.

Everything is read and rendered before anything is written, so content
errors never touch the output folder.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .config import load_config
from .content import load_content
from .errors import Problem, Report
from .render import load_theme, render_site
from .site import assemble
from .write import Output, check_outputs, write_site


@dataclass(frozen=True)
class BuildResult:
    files: int
    pages: int
    seconds: float
    problems: tuple[Problem, ...]  # warnings and notes (errors raise)
    output_dir: Path | None


def render(source: Path, *, base_url: str | None = None, drafts: bool = False,
           strict: bool = False) -> tuple[list[Output], Report, int]:
    """Read and render the whole site in memory; raises on content errors."""
    report = Report(strict=strict)
    config = load_config(source, report, base_url)
    theme = load_theme(config, report)
    content = load_content(config, report, drafts=drafts)
    report.raise_if_errors()
    site = assemble(config, content, theme.strings, report)
    report.raise_if_errors()
    outputs = check_outputs(render_site(config, theme, site, content.media))
    return outputs, report, len(site.routes)


def build(source: Path, output_dir: Path, *, base_url: str | None = None, drafts: bool = False,
          strict: bool = False) -> BuildResult:
    started = time.perf_counter()
    outputs, report, pages = render(source, base_url=base_url, drafts=drafts, strict=strict)
    files = write_site(outputs, output_dir, source)
    return BuildResult(files, pages, time.perf_counter() - started, tuple(report.problems), output_dir)


def check(source: Path, *, drafts: bool = False, strict: bool = False) -> BuildResult:
    """Everything a build does except writing."""
    started = time.perf_counter()
    outputs, report, pages = render(source, drafts=drafts, strict=strict)
    return BuildResult(len(outputs), pages, time.perf_counter() - started, tuple(report.problems), None)
