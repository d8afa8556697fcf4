"""Two builds of the same content are byte-identical, file by file.

The builds run in separate processes with different PYTHONHASHSEED values,
so that any output that depends on set or dict-of-hash order shows up, and
the sources' modification times change in between, so that no output
depends on them (or on the clock).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

# Pagefind's filter and metadata indexes are not stable between runs of
# Pagefind itself (Pagefind/pagefind#638); its page fragments are.
UNSTABLE_UPSTREAM = ("pagefind/filter/", "pagefind/pagefind.", "pagefind/pagefind-entry.json")


def build_in_process(source: Path, output: Path, seed: str, *args: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed, "CI": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "recap_site", "build", "--source", str(source), "--output", str(output), *args],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def touch_all(folder: Path, when: float) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (when, when))


def assert_identical(first: dict[str, bytes], second: dict[str, bytes]) -> None:
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_sample_site_builds_are_byte_identical(tmp_path):
    source = tmp_path / "sample"
    shutil.copytree(REPO / "content", source / "content")
    build_in_process(source, tmp_path / "one", "1", "--no-search")
    touch_all(source, 1_000_000_000)
    build_in_process(source, tmp_path / "two", "2", "--no-search")
    first, second = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert len(first) > 100  # every page, asset and feed of the sample site
    assert_identical(first, second)


def test_minimal_site_with_drafts_is_byte_identical(site, tmp_path):
    root = site({
        "content/events/2024-01-01-entwurf/event.yaml": """\
            title: Entwurf
            start: 2024-01-01
            kind: workshop
            format: online
            draft: true
            """,
        "content/events/2024-01-01-entwurf/de.md": "Noch nicht fertig.\n",
    })
    build_in_process(root, tmp_path / "one", "3", "--drafts", "--no-search")
    touch_all(root, 1_500_000_000)
    build_in_process(root, tmp_path / "two", "4", "--drafts", "--no-search")
    first, second = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert "de/veranstaltungen/2024-01-01-entwurf/index.html" in first
    assert_identical(first, second)


def test_search_index_pages_are_identical_apart_from_pagefinds_own_indexes(tmp_path):
    build_in_process(REPO, tmp_path / "one", "5")
    build_in_process(REPO, tmp_path / "two", "6")
    first, second = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert any(name.startswith("pagefind/fragment/") for name in first)
    ours = lambda files: {k: v for k, v in files.items() if not k.startswith(UNSTABLE_UPSTREAM)}  # noqa: E731
    assert_identical(ours(first), ours(second))
