"""A build killed at any moment of writing or committing leaves the old site or the new one,
byte for byte, never a mix, and the next build clears up after it.

The kill is real (SIGKILL, in a forked child). Where it happens is chosen with the commit's
``fault`` parameter, which write.Staging calls at each named point.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from conftest import write_site

from recap_site import write
from recap_site.builder import build, render_pages
from recap_site.write import Staging

NAMED = ["written", "finished", "marked", "swapped", "unlocked"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def commit(outputs, out: Path, root: Path, fault=write._no_fault) -> None:
    staging = Staging(out, root, fault=fault)
    try:
        for output in outputs:
            staging.put(output)
        staging.commit()
    except BaseException:
        staging.abort()
        raise
    staging.counts.finish()


def killed_at(point: str, outputs, out: Path, root: Path) -> None:
    """Commit ``outputs`` into ``out`` in a child process that is killed at ``point``."""
    def fault(where: str) -> None:
        if where == point:
            os.kill(os.getpid(), signal.SIGKILL)

    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            commit(outputs, out, root, fault)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, f"not killed at {point}"


@pytest.fixture
def old_and_new(site, tmp_path):
    """A site built once (the old site), then edited: the new site's outputs, and both snapshots."""
    root = site()
    old = tmp_path / "old"
    build(root, old, search=False, jobs=1)
    write_site(root, {
        "content/events/2023-09-05-treffen/de.md": "Die Teilnehmer*innen trafen sich wieder.\n",
        "content/events/2024-02-01-neu/event.yaml": """\
            title: {de: Neu, en: New}
            start: 2024-02-01
            kind: workshop
            format: online
            """,
        "content/events/2024-02-01-neu/de.md": "Neu.\n",
    })
    outputs = render_pages(root, jobs=1).outputs
    new = tmp_path / "new"
    shutil.copytree(old, new, copy_function=shutil.copy2)
    commit(outputs, new, root)
    assert snapshot(old) != snapshot(new)
    return root, outputs, snapshot(old), snapshot(new), old


def copy_of(old: Path, folder: Path) -> Path:
    shutil.copytree(old, folder, copy_function=shutil.copy2)
    return folder


def test_a_build_killed_at_twenty_points_leaves_the_old_site_or_the_new_one(old_and_new, tmp_path):
    root, outputs, old_files, new_files, old = old_and_new
    writes = len(outputs)
    points = [f"write {n}" for n in sorted({1, 2, *range(3, writes, max(1, writes // 13)), writes})][:15] + NAMED
    assert len(points) >= 20
    seen = set()
    for number, point in enumerate(points):
        out = copy_of(old, tmp_path / f"out-{number}")
        killed_at(point, outputs, out, root)
        now = snapshot(out)
        assert now in (old_files, new_files), point
        seen.add("old" if now == old_files else "new")
        # The next build clears up the staging folder or the retired site the killed one left.
        commit(outputs, out, root)
        assert snapshot(out) == new_files, point
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(f".out-{number}.")] \
            == [f".out-{number}.lock"], point
    assert seen == {"old", "new"}  # killed before the swap and after it


def test_without_an_atomic_exchange_a_kill_between_the_renames_is_undone_by_the_next_build(
        old_and_new, tmp_path, monkeypatch):
    """On a system without renameat2 the swap is two renames; killed between them, the output
    folder is missing and the old site is beside it, whole: the next build puts it back first."""
    root, outputs, old_files, new_files, old = old_and_new
    monkeypatch.setattr(write, "_exchange", lambda first, second: False)
    out = copy_of(old, tmp_path / "out")
    killed_at("half-swapped", outputs, out, root)
    assert not out.exists()
    [retired] = [p for p in tmp_path.iterdir() if p.name.startswith(".out.old-")]
    assert snapshot(retired) == old_files
    Staging(out, root).abort()  # a build that opens its staging folder, then stops
    assert snapshot(out) == old_files
    for point in ("marked", "swapped"):
        out = copy_of(old, tmp_path / f"out-{point}")
        killed_at(point, outputs, out, root)
        assert snapshot(out) in (old_files, new_files)


def test_the_swap_is_one_atomic_exchange_on_linux(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "one").write_text("1")
    (second / "two").write_text("2")
    assert write._exchange(first, second) is True
    assert [p.name for p in first.iterdir()] == ["two"] and [p.name for p in second.iterdir()] == ["one"]
