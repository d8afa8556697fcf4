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
from recap_site.builder import BuildOptions, build, render_pages
from recap_site.errors import RecapError
from recap_site.write import Output, Staging

NAMED = ["written", "cleared", "finished", "swapped", "unlocked"]


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
    outputs = render_pages(root, BuildOptions(jobs=1)).outputs
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
        # The next build puts right the buffer the killed one left.
        commit(outputs, out, root)
        assert snapshot(out) == new_files, point
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(f".out-{number}.")) \
            == [f".out-{number}.buffer", f".out-{number}.lock"], point
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
    Staging(out, root).abort()  # a build that opens its buffer, then stops
    assert snapshot(out) == old_files
    for point in ("finished", "swapped"):
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


# The buffer: the folder a build writes into is the site before the last, kept between builds ----

def three_versions(site, tmp_path):
    """The outputs of a site as built three times, edited in between (v1 → v2 → v3): the German
    recap, then the English one, so that v3 changes files that v2 left as v1 had them."""
    root = site()
    versions = [render_pages(root, BuildOptions(jobs=1)).outputs]
    for lang, text in (("de", "Zweite Fassung.\n"), ("en", "---\nslug: 2023-09-05-meeting\n---\nThird version.\n")):
        write_site(root, {f"content/events/2023-09-05-treffen/{lang}.md": text})
        versions.append(render_pages(root, BuildOptions(jobs=1)).outputs)
    return root, versions


def test_a_build_killed_while_it_writes_into_a_buffer_of_hard_links_leaves_the_live_site_whole(site, tmp_path):
    """After two builds the buffer holds the site before, its unchanged files hard links to the
    live site's: writing the third build into it must never change a live file."""
    root, (v1, v2, v3) = three_versions(site, tmp_path)
    for number, point in enumerate(["write 1", "write 5", f"write {len(v3)}", "written", "cleared", "finished",
                                    "swapped", "unlocked"]):
        out = tmp_path / f"out-{number}"
        commit(v1, out, root)
        commit(v2, out, root)
        second = snapshot(out)
        shared = {p.stat().st_ino for p in write.buffer_path(out).rglob("*")} \
            & {p.stat().st_ino for p in out.rglob("*")}
        assert len(shared) > 10  # the buffer and the live site share their unchanged files
        killed_at(point, v3, out, root)
        assert snapshot(out) == second or point in ("swapped", "unlocked"), point
        commit(v3, out, root)
        third = snapshot(out)
        assert third != second and third == snapshot(tmp_path / f"out-{number}")
        fresh = tmp_path / f"fresh-{number}"
        commit(v3, fresh, root)
        assert third == snapshot(fresh), point  # the same bytes as a build into an empty folder


def test_a_build_writes_what_changed_not_the_whole_site(site, tmp_path, monkeypatch):
    root, (v1, v2, v3) = three_versions(site, tmp_path)
    out = tmp_path / "out"
    commit(v1, out, root)
    commit(v2, out, root)
    calls = []
    for name in ("unlink", "mkdir", "rmdir", "replace"):
        real = getattr(os, name)
        # os.replace(new, target): the target is what it touches; the others name it first.
        monkeypatch.setattr(os, name, lambda *args, _real=real, _name=name, **kw: (
            calls.append((_name, str(args[1] if _name == "replace" else args[0]))), _real(*args, **kw))[1])
    staging = Staging(out, root)
    for output in v3:
        staging.put(output)
    staging.commit()
    changed = {o.path for o in v3 if o not in v2}  # what differs between v2 and v3
    assert 0 < len(changed) < len(v3) / 3
    # Each file that differs from the live site, and from the buffer (v1), is made anew and
    # renamed into place: nothing else is touched.
    inside = [(name, Path(path).relative_to(write.buffer_path(out)).as_posix()) for name, path in calls
              if Path(path).is_relative_to(write.buffer_path(out))]
    assert {path for _, path in inside} <= changed | {o.path for o in v2 if o not in v1}
    assert changed <= {path for name, path in inside if name == "replace"}
    assert not [name for name, _ in inside if name in ("mkdir", "rmdir")]


def test_whatever_is_in_the_buffer_is_put_right_and_links_in_it_are_never_followed(site, tmp_path):
    root, (v1, v2, v3) = three_versions(site, tmp_path)
    out = tmp_path / "out"
    commit(v1, out, root)
    commit(v2, out, root)
    buffer = write.buffer_path(out)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("not the build's\n")
    page = next(p for p in buffer.rglob("index.html"))
    page.unlink()
    page.symlink_to(outside / "keep.txt")  # a page that is a link out of the buffer
    (buffer / "de").rename(buffer / "de-moved")  # a folder moved away
    (buffer / "de").symlink_to(outside, target_is_directory=True)  # and a link where it was
    (buffer / "stray.html").write_text("<p>left by hand</p>")
    commit(v3, out, root)
    fresh = tmp_path / "fresh"
    commit(v3, fresh, root)
    assert snapshot(out) == snapshot(fresh)
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]
    assert (outside / "keep.txt").read_text() == "not the build's\n"


def test_a_folder_in_the_buffers_place_that_recap_site_did_not_make_is_refused(site, tmp_path):
    root = site()
    out = tmp_path / "out"
    buffer = write.buffer_path(out)
    buffer.mkdir()
    (buffer / "notes.txt").write_text("mine\n")
    with pytest.raises(RecapError) as caught:
        Staging(out, root)
    assert caught.value.format_message() == (
        f"refusing to write into '{buffer}', where recap build keeps the previous site: recap-site did not "
        "make that folder (it has no .recap-build file); remove or rename it, then build again")
    assert (buffer / "notes.txt").read_text() == "mine\n"


def test_two_outputs_on_one_file_never_write_into_a_live_file(site, tmp_path):
    """Outputs are written as they come, before the whole site is checked for clashes: the
    second output at a path (or, on a case-insensitive disk, at another case of it) must not be
    written into the buffer's file there, which may be a hard link to the live site's."""
    root, (v1, v2, v3) = three_versions(site, tmp_path)
    out = tmp_path / "out"
    commit(v1, out, root)
    commit(v2, out, root)
    live = snapshot(out)
    unchanged = next(o for o in v3 if o in v2 and o in v1 and o.path.endswith(".html"))
    staging = Staging(out, root)
    for output in v3:
        staging.put(output)
    staging.put(Output(unchanged.path, "content/pages/other/de.md", data=b"<p>another page</p>"))
    assert snapshot(out) == live
    staging.abort()  # as a build does once check_outputs finds the clash
    assert snapshot(out) == live


def test_a_buffer_that_belongs_to_another_user_is_refused(site, tmp_path, monkeypatch):
    root = site()
    out = tmp_path / "out"
    commit(render_pages(root, BuildOptions(jobs=1)).outputs, out, root)
    commit(render_pages(root, BuildOptions(jobs=1)).outputs, out, root)  # the buffer is there now
    monkeypatch.setattr(os, "getuid", lambda: os.stat(write.buffer_path(out)).st_uid + 1)
    with pytest.raises(RecapError) as caught:
        Staging(out, root)
    assert caught.value.format_message() == (
        f"refusing to write into '{write.buffer_path(out)}', where recap build keeps the previous site: "
        "the folder belongs to another user; remove it, then build again")
