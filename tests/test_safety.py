"""Nothing is lost: atomic output, output folder rules, read-only content, one build at a time."""

from __future__ import annotations

import errno
import hashlib
import os
import pathlib
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from conftest import REPO, run

from recap_site.write import MARKER, Output, buffer_path, check_output_folder, check_outputs, lock_path

EVENT = "content/events/2023-09-05-treffen"

# A build in a child process that pauses after writing a few files into its
# staging folder and says so on stdout. The pause is made here, by patching
# pathlib in the child, not by a hook in recap-site.
PAUSING_BUILD = textwrap.dedent("""\
    import pathlib, sys, time
    real_write_bytes = pathlib.Path.write_bytes
    written = 0

    def write_bytes(self, data):
        global written
        result = real_write_bytes(self, data)
        written += self.suffix == ".html"
        if written == 5 and self.parent.name != "cache":
            print("paused", flush=True)
            time.sleep(120)
        return result

    pathlib.Path.write_bytes = write_bytes
    from recap_site.cli import main
    main(sys.argv[1:])
""")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def hashes(folder: Path, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(s == p or s in p.parents for s in skip)
    }


@pytest.fixture
def built(site, tmp_path):
    """A site with a previous build in tmp_path/out/public, then a changed title."""
    root = site()
    out = tmp_path / "out" / "public"
    result = run("build", "--source", str(root), "--output", str(out))
    assert result.exit_code == 0, result.output
    (root / EVENT / "de.md").write_text("---\ntitle: Neuer Titel\n---\nNeuer Text.\n", encoding="utf-8")
    return root, out


def start_pausing_build(root: Path, out: Path) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-c", PAUSING_BUILD, "build", "--source", str(root), "--output", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
    )
    line = child.stdout.readline()
    assert line == "paused\n", child.communicate(timeout=60)
    return child


def leftovers(out: Path) -> list[str]:
    """What lies beside the output folder apart from its lock and the buffer the next build writes into."""
    return sorted(p.name for p in out.parent.iterdir()
                  if p.name not in (out.name, lock_path(out).name, buffer_path(out).name))


# Atomic output -------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_an_interrupted_build_leaves_the_previous_site_as_it_was(built, signum):
    root, out = built
    before = snapshot(out)
    child = start_pausing_build(root, out)
    assert any(buffer_path(out).rglob("*.html"))  # killed while writing
    child.send_signal(signum)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 1
    assert "Traceback" not in stderr and "Aborted!" in stderr
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_a_killed_build_leaves_the_previous_site_and_the_next_build_cleans_up(built):
    root, out = built
    before = snapshot(out)
    child = start_pausing_build(root, out)
    child.kill()  # SIGKILL: no clean-up is possible
    child.communicate(timeout=60)
    assert snapshot(out) == before
    assert leftovers(out) == []
    result = run("build", "--source", str(root), "--output", str(out))
    assert result.exit_code == 0, result.output
    assert leftovers(out) == []
    assert "Neuer Titel" in (out / "de/veranstaltungen/2023-09-05-treffen/index.html").read_text()


def test_a_full_disk_leaves_the_previous_site_as_it_was(built, monkeypatch):
    root, out = built
    before = snapshot(out)
    real_write_bytes = pathlib.Path.write_bytes
    calls = []

    def write_bytes(self, data):
        calls.append(self)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real_write_bytes(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)
    result = run("build", "--source", str(root), "--output", str(out))
    assert result.exit_code == 1
    assert result.output == (f"could not write the site into '{out}': No space left on device; "
                             "the previous site is unchanged\n")
    assert len(calls) == 3
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_content_errors_leave_the_previous_site_as_it_was(built):
    root, out = built
    before = snapshot(out)
    (root / EVENT / "event.yaml").write_text("title: [\n", encoding="utf-8")
    result = run("build", "--source", str(root), "--output", str(out))
    assert result.exit_code == 1
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_an_error_found_after_writing_began_leaves_the_previous_site_as_it_was(built, monkeypatch):
    """Pages are written while the build renders; a broken link that --strict refuses once all
    are made still changes nothing."""
    from recap_site import write

    root, out = built
    before = snapshot(out)
    (root / EVENT / "de.md").write_text("Siehe [hier](/de/gibt-es-nicht/).\n", encoding="utf-8")
    put = []
    real_put = write._put
    monkeypatch.setattr(write, "_put", lambda output, *rest: (put.append(output.path), real_put(output, *rest)))
    result = run("build", "--source", str(root), "--output", str(out), "--strict")  # broken links are errors
    assert result.exit_code == 1
    assert result.output == (
        f"{EVENT}/de.md:1: error: broken link '/de/gibt-es-nicht/' on page "
        "/de/veranstaltungen/2023-09-05-treffen/: no page or file has that address\n"
        "1 error(s); nothing was written.\n")
    assert "de/feed.xml" in put  # writing had begun
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_pages_are_written_while_later_pages_are_still_rendered(site, tmp_path, monkeypatch):
    from recap_site import write
    from recap_site.render import Renderer

    root = site()
    out = tmp_path / "out" / "public"
    written = threading.Event()
    real_put = write._put

    def put(output, *rest):
        real_put(output, *rest)
        if output.path.endswith(".html"):
            written.set()

    rendered, seen_while_rendering = [], []
    real_render = Renderer.render

    def render(self, route):
        rendered.append(route.path)
        if len(rendered) == 2:  # the second page waits for the writer to have written the first
            seen_while_rendering.append(written.wait(timeout=20))
        return real_render(self, route)

    monkeypatch.setattr(write, "_put", put)
    monkeypatch.setattr(Renderer, "render", render)
    result = run("build", "--source", str(root), "--output", str(out), "--jobs", "1", "--no-search")
    assert result.exit_code == 0, result.output
    assert seen_while_rendering == [True]
    assert len(rendered) > 2 and all((out / path).is_file() for path in rendered)


# Output folder rules ------------------------------------------------------------


def refused(root: Path, out: Path) -> str:
    result = run("build", "--source", str(root), "--output", str(out))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    return result.output


def test_the_file_system_root_is_refused(site):
    assert refused(site(), Path("/")) == "refusing to use the file system root '/' as the output folder\n"


def test_the_home_folder_is_refused(site, tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "notes").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    (home / MARKER).write_text("a marker does not make it safe\n")
    assert refused(site(), home) == f"refusing to use your home folder '{home}' as the output folder\n"
    assert (home / "notes").is_dir()


def test_the_site_folder_and_its_parents_are_refused(site):
    root = site()
    before = hashes(root.parent)
    assert refused(root, root) == f"refusing to use '{root}' as the output folder: it holds the site folder\n"
    assert refused(root, root.parent) == (f"refusing to use '{root.parent}' as the output folder: "
                                          "it holds the site folder\n")
    assert refused(root, root / "content" / "..") == (f"refusing to use '{root}' as the output folder: "
                                                      "it holds the site folder\n")
    assert hashes(root.parent) == before


def test_the_content_folder_is_refused(site):
    root = site()
    assert refused(root, root / "content") == (f"refusing to use '{root / 'content'}' as the output folder: "
                                               "it is inside the content folder\n")
    assert refused(root, root / "content/out") == (f"refusing to use '{root / 'content/out'}' as the output "
                                                   "folder: it is inside the content folder\n")
    assert not (root / "content/out").exists()


def test_a_folder_that_recap_did_not_write_is_refused(site, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work\n")
    assert refused(site(), out) == (
        f"refusing to replace '{out}': it is not empty and was not written by recap-site (no {MARKER} file). "
        "Choose another --output or empty it yourself.\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["thesis.tex"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "site"]


def test_a_file_is_refused(site, tmp_path):
    from recap_site.errors import RecapError

    out = tmp_path / "file"
    out.write_text("x")
    with pytest.raises(RecapError) as caught:  # the CLI's --output option already refuses files
        check_output_folder(out, site())
    assert caught.value.message == f"the output path '{out}' is a file, not a folder"
    assert out.read_text() == "x"


def test_an_empty_folder_and_a_previous_build_are_accepted(site, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    root = site()
    assert run("build", "--source", str(root), "--output", str(out)).exit_code == 0
    assert (out / MARKER).is_file()
    (out / "stray.txt").write_text("left by hand\n")
    assert run("build", "--source", str(root), "--output", str(out)).exit_code == 0
    assert not (out / "stray.txt").exists()  # the folder is replaced as a whole, as the marker says


def test_a_link_to_a_refused_folder_is_refused(site, tmp_path):
    root = site()
    link = tmp_path / "looks-harmless"
    link.symlink_to(root)
    assert refused(root, link) == f"refusing to use '{root}' as the output folder: it holds the site folder\n"


@pytest.mark.parametrize("path", ["../escape.html", "/etc/passwd", "a/../../b.html", "a\x00b", ""])
def test_no_output_may_leave_the_output_folder(path):
    from recap_site.errors import ContentErrors

    with pytest.raises(ContentErrors) as caught:
        check_outputs([Output("ok.html", "content/x.md", b""), Output(path, "content/evil.md", b"")])
    assert [str(p) for p in caught.value.problems] == [
        f"content/evil.md: error: output path '{path}' leaves the output folder"
    ]


def test_a_build_writes_only_the_output_folder_and_its_lock(site, tmp_path):
    root = site()
    out = tmp_path / "out" / "public"
    before = hashes(tmp_path)
    assert run("build", "--source", str(root), "--output", str(out)).exit_code == 0
    after = hashes(tmp_path, skip=(out,))  # the build cache lives outside the site folder
    assert after == {**before, "out/.public.lock": after["out/.public.lock"]}
    assert (out.parent / ".public.lock").read_text() == ""  # no pid once the build has ended


# Content is read-only ------------------------------------------------------------


def test_build_check_and_status_do_not_change_the_site_folder(site, tmp_path):
    root = site({
        f"{EVENT}/plan.pdf": b"%PDF-1.4 plan",
        f"{EVENT}/de.md": "Text mit [Plan](plan.pdf).\n",
        "content/pages/about/de.md": "---\ntitle: Über\n---\nText\n",
        "layouts/partials/extra.html": "<p>x</p>\n",
    })
    # Times as well as bytes: a build that rewrote a file with the same bytes would show here.
    stats = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*") if p.is_file()}
    before = hashes(root)
    out = root / "public"
    for args in (["build", "--source", str(root), "--output", str(out)],
                 ["check", "--source", str(root)],
                 ["build", "--source", str(root)],  # the default output, inside the site folder
                 ["status", "--source", str(root)]):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
        generated = (out, root / ".public.lock")
        assert hashes(root, skip=generated) == before, args
    assert {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in stats} == stats


def test_new_only_creates_files(site):
    root = site()
    before = hashes(root)
    result = run("new", "event", "--source", str(root), "--date", "2024-05-06", "Neues Treffen")
    assert result.exit_code == 0, result.output
    after = hashes(root)
    assert {k: v for k, v in after.items() if k in before} == before
    assert len(after) > len(before)


# One build at a time ------------------------------------------------------------


def test_a_second_build_is_refused_while_one_is_writing(built):
    root, out = built
    before = snapshot(out)
    child = start_pausing_build(root, out)
    try:
        second = run("build", "--source", str(root), "--output", str(out))
        assert second.exit_code == 1
        assert second.output == (
            f"another recap build is writing '{out}' (pid {child.pid}); wait for it to finish "
            f"(the lock {lock_path(out)} is released when that build ends)\n"
        )
        assert snapshot(out) == before
    finally:
        child.terminate()
        child.communicate(timeout=60)
    third = run("build", "--source", str(root), "--output", str(out))
    assert third.exit_code == 0, third.output
    assert leftovers(out) == []


def test_a_lock_file_left_by_a_crashed_build_does_not_block(built):
    root, out = built
    lock_path(out).write_text("999999\n")  # the file remains; the OS lock died with its process
    result = run("build", "--source", str(root), "--output", str(out))
    assert result.exit_code == 0, result.output


def test_the_lock_is_an_os_lock(built):
    fcntl = pytest.importorskip("fcntl")
    root, out = built
    with open(lock_path(out), "w") as held:
        held.write("4242\n")
        held.flush()
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run("build", "--source", str(root), "--output", str(out))
    assert result.exit_code == 1
    assert result.output.startswith(f"another recap build is writing '{out}' (pid 4242)")


def test_check_output_folder_needs_no_lock(tmp_path):
    """Refusals happen before the lock file is made next to a folder we may not touch."""
    from recap_site.errors import RecapError

    with pytest.raises(RecapError):
        check_output_folder(tmp_path, tmp_path / "site")
    assert list(tmp_path.iterdir()) == []


def test_serve_does_not_change_the_site_folder(site):
    from recap_site.serve import DevServer

    root = site()
    before = hashes(root)
    with DevServer(root, "127.0.0.1", 0, echo=lambda text: None, debounce_ms=50, search=False) as dev:
        assert dev.watching.wait(20)
        assert (dev.output_dir / "de/index.html").is_file()
        assert root not in dev.output_dir.parents  # it builds into a folder of its own
    assert hashes(root) == before


@pytest.mark.parametrize("path", ["a/b", "a//b", "./a", "a/./b", "a/b/", "index.html", ".recap-build",
                                  "a/.hidden/b", "..", "a/../b", "/x", "//x", "", ".", "./", "a/..b", "x\x00",
                                  "de/veranstaltungen/2023-09-05-treffen/index.html"])
def test_output_paths_are_judged_as_pathlib_judges_them(path):
    """leaves_folder and normal_path work on strings (they are asked for every output, twice);
    they must say what PurePosixPath says."""
    from pathlib import PurePosixPath

    from recap_site.write import leaves_folder, normal_path

    parts = PurePosixPath(path)
    leaves = parts.is_absolute() or ".." in parts.parts or "\x00" in path or not parts.parts
    assert leaves_folder(path) == leaves
    if not leaves:
        assert normal_path(path) == parts.as_posix()
