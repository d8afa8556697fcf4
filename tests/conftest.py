"""Shared fixtures: a tiny site written into tmp_path, visible in each test.

``write_site(tmp_path, files)`` writes ``{relative path: text}``; texts are
dedented, so tests can show their files inline. ``MINIMAL`` is a valid
two-language site to start from; tests override or add files.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from recap_site.cli import main

REPO = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

SITE_YAML = """\
title: {de: Rückblicke, en: Recaps}
description: {de: Ein Archiv, en: An archive}
languages: [de, en]
base_url: https://example.org/
paths:
  events: {de: veranstaltungen, en: events}
"""

MINIMAL = {
    "content/site.yaml": SITE_YAML,
    "content/organizations.yaml": """\
        ihk:
          name: {de: Industrie- und Handelskammer, en: Chamber of Commerce}
          url: https://example.org/ihk
        """,
    "content/topics.yaml": """\
        energie: {de: Energie, en: Energy}
        """,
    "content/regions.yaml": """\
        berlin: Berlin
        """,
    "content/series.yaml": """\
        treffen:
          title: {de: Netzwerktreffen, en: Network meetings}
        """,
    "content/events/2023-09-05-treffen/event.yaml": """\
        title: {de: Netzwerktreffen, en: Network meeting}
        start: 2023-09-05
        kind: network-meeting
        format: in-person
        venue: {name: Haus der Wirtschaft, city: Berlin, country: DE}
        organizers: [ihk]
        topics: [energie]
        regions: [berlin]
        series: {id: treffen, part: 1}
        """,
    "content/events/2023-09-05-treffen/de.md": """\
        Die Teilnehmer*innen trafen sich.
        """,
    "content/events/2023-09-05-treffen/en.md": """\
        ---
        slug: 2023-09-05-meeting
        ---
        The participants met.
        """,
}


def _tiny_image(fmt: str) -> bytes:
    """A real (tiny) picture: image files are decoded and re-encoded by the build."""
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (8, 6), (90, 120, 200)).save(out, fmt)
    return out.getvalue()


TINY_PNG = _tiny_image("PNG")
TINY_JPEG = _tiny_image("JPEG")


def write_site(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write files under ``root``; a value of None deletes that file."""
    for rel, text in files.items():
        path = root / rel
        if text is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def own_cache_root(tmp_path_factory, monkeypatch) -> Path:
    """Each test keeps its build caches in a folder of its own (as a user
    would set RECAP_CACHE_DIR), never in the real ~/.cache."""
    folder = tmp_path_factory.mktemp("recap-cache")
    monkeypatch.setenv("RECAP_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def files_old_enough_to_vouch_for(monkeypatch) -> None:
    """A test writes its files and builds at once. A build does not vouch for a file changed
    just before it looked (cache.racy, git's "racily clean" files), so its
    next build would not take the no-change shortcut nor the event folders' record; users'
    files are that old nearly always. The tests of that rule set it back
    (test_incremental.py::test_a_file_changed_just_before_a_build_is_looked_at_again)."""
    from recap_site import cache

    monkeypatch.setattr(cache, "RACY_NS", 0)
    monkeypatch.setattr(cache, "FINE_RACY_NS", 0)


def cache_of(root: Path) -> Path:
    """The cache folder of the site at ``root`` (outside it, see recap_site.cache)."""
    from recap_site.cache import cache_folder

    return cache_folder(root)


@pytest.fixture
def site(tmp_path: Path):
    """Returns a function: site(extra_files) -> site folder with MINIMAL + extras."""

    def make(files: dict[str, str | bytes | None] | None = None) -> Path:
        root = tmp_path / "site"
        write_site(root, {**MINIMAL, **(files or {})})
        return root

    return make


def run(*args: str):
    """Run the recap CLI in-process; returns click's Result."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def check(root: Path, *args: str):
    """Run `recap check`; a traceback in its output fails the test."""
    result = run("check", "--source", str(root), *args)
    assert "Traceback" not in result.output
    return result


def error_lines(result) -> list[str]:
    """The `path:line: error|warning: …` lines of a CLI result."""
    return [line for line in result.output.splitlines() if ": error: " in line or ": warning: " in line]


DRAFT = {
    "content/events/2024-03-01-entwurf/event.yaml": """\
        title: Entwurf
        start: 2024-03-01
        kind: workshop
        format: online
        draft: true
        """,
    "content/events/2024-03-01-entwurf/de.md": "Noch nicht fertig.\n",
}


def build(root: Path, *args: str) -> Path:
    """Build a site and return its output folder; fails the test on a non-zero exit."""
    out = root / "public"
    result = run("build", "--source", str(root), "--output", str(out), *args)
    assert result.exit_code == 0, result.output
    return out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
