"""One error type with a position, printed once at the edge (the CLI).

Content problems are collected in a :class:`Report` while the site is read,
so that an editor sees every broken file in one run. When loading ends the
report raises :class:`ContentErrors` if any problem is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

import click


class RecapError(click.ClickException):
    """Any failure the user should see as a message, never as a traceback."""

    exit_code = 1

    def show(self, file=None) -> None:  # noqa: D401 - click API
        click.echo(self.format_message(), err=True, file=file)


@dataclass(frozen=True, order=True)
class Problem:
    """One finding in a source file: ``path:line: severity: message``."""

    path: str  # relative to the site folder, POSIX separators
    line: int  # 1-based; 0 when the problem concerns the whole file
    message: str
    severity: str = "error"  # "error" | "warning" | "note"
    # A note the editor should read (the CLI prints it with the errors and warnings); other notes
    # (the cache was discarded, …) are for logs and `recap check --format json`.
    for_editors: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


class ContentError(RecapError):
    """A single problem in a source file."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.problem = Problem(path, line, message)
        super().__init__(str(self.problem))

    def __reduce__(self):  # raised in a worker process, it crosses to the build's as itself
        return type(self), (self.problem.path, self.problem.line, self.problem.message)


class ContentErrors(RecapError):
    """Every error found in one run, printed together."""

    def __init__(self, problems: list[Problem], complete: bool = False) -> None:
        """``complete``: the whole run was made (links included) before it stopped."""
        self.problems = problems
        self.complete = complete
        errors = [p for p in problems if p.severity == "error"]
        lines = [str(p) for p in problems]
        lines.append(f"{len(errors)} error(s); nothing was written.")
        super().__init__("\n".join(lines))

    def __reduce__(self):  # raised in a worker process, it crosses to the build's as itself
        return type(self), (self.problems, self.complete)


@dataclass
class Report:
    """Collects problems while the site is read; raises once at the end.

    ``strict``: warnings count as errors. They are kept as warnings while the
    site is read (an event with a warning is still read to its end, so that
    its other problems are found too) and turned into errors when the report
    raises, so that one run lists every one of them.
    """

    strict: bool = False
    problems: list[Problem] = field(default_factory=list)
    _added: set[Problem] = field(default_factory=set, repr=False, compare=False)

    def error(self, path: str | PurePosixPath, line: int, message: str) -> None:
        self.add(Problem(str(path), line, message, "error"))

    def warning(self, path: str | PurePosixPath, line: int, message: str) -> None:
        self.add(Problem(str(path), line, message, "warning"))

    def note(self, path: str | PurePosixPath, line: int, message: str, for_editors: bool = False) -> None:
        self.add(Problem(str(path), line, message, "note", for_editors))

    def add(self, problem: Problem) -> None:
        """Once: the same problem found twice on one line (a broken link written twice) is one
        thing to fix, listed and counted once in every format."""
        if problem not in self._added:
            self._added.add(problem)
            self.problems.append(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "note"]

    def _shown(self) -> list[Problem]:
        return sorted(
            Problem(p.path, p.line, p.message, "error") if self.strict and p.severity == "warning" else p
            for p in self.problems if p.severity != "note"
        )

    def raise_if_errors(self) -> None:
        """Stop here if anything so far is an error (warnings wait for :meth:`finish`)."""
        if self.errors:
            raise ContentErrors(self._shown())

    def finish(self) -> None:
        """The end of a run: with ``strict``, every warning so far is an error."""
        if self.errors or (self.strict and self.warnings):
            raise ContentErrors(self._shown(), complete=True)
