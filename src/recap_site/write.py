"""Only the writer touches the output folder.

It checks every output (no two sources may claim one path, no path may leave
the output folder) and writes the whole site into a fresh folder next to the
output folder, which is swapped into place once everything is written and
checked (see :class:`Staging`). A failed or interrupted build therefore
leaves the previous site exactly as it was.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
import sys
import tempfile
import threading
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, NoReturn

from .errors import ContentErrors, Problem, RecapError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
    import msvcrt

MARKER = ".recap-build"
MARKER_TEXT = "This folder is written by recap-site. `recap build` replaces it as a whole.\n"


@dataclass(frozen=True)
class Output:
    path: str  # POSIX, relative to the output folder
    source: str  # the file it comes from, relative to the site folder
    data: bytes | None = None
    file: Path | None = None  # copied as is when data is None


def check_outputs(outputs: Iterable[Output]) -> list[Output]:
    """Reject two outputs with one path, and paths that leave the folder."""
    claimed, problems = _claim(outputs)
    if problems:
        raise ContentErrors(sorted(problems))
    return claimed


def path_problems(outputs: Iterable[Output]) -> list[Problem]:
    """The problems :func:`check_outputs` would raise, as a list."""
    return _claim(outputs)[1]


def _claim(outputs: Iterable[Output]) -> tuple[list[Output], list[Problem]]:
    claimed: dict[str, Output] = {}
    problems = []
    for output in outputs:
        if leaves_folder(output.path):
            problems.append(Problem(output.source, 0, f"output path '{output.path}' leaves the output folder"))
            continue
        key = PurePosixPath(output.path).as_posix().casefold()  # one file on case-insensitive disks
        if key in claimed:
            first = claimed[key]
            problems.append(Problem(
                output.source, 0,
                f"'{output.path}' is also written for {first.source}; give one of them another slug",
            ))
            continue
        claimed[key] = output
    return list(claimed.values()), problems


def leaves_folder(path: str) -> bool:
    """True for an output path that is absolute, climbs out with '..' or is empty."""
    parts = PurePosixPath(path)
    return parts.is_absolute() or ".." in parts.parts or "\x00" in path or not parts.parts


def check_output_folder(output_dir: Path, site_root: Path) -> None:
    """Refuse folders a build must never replace."""
    out = output_dir.resolve()
    root = site_root.resolve()
    home = Path.home().resolve()
    if out == Path(out.anchor):
        raise RecapError(f"refusing to use the file system root '{out}' as the output folder")
    if out == home:
        raise RecapError(f"refusing to use your home folder '{out}' as the output folder")
    if out == root or out in root.parents:
        raise RecapError(f"refusing to use '{out}' as the output folder: it holds the site folder")
    content = root / "content"
    if out == content or content in out.parents:
        raise RecapError(f"refusing to use '{out}' as the output folder: it is inside the content folder")
    if out.exists() and not out.is_dir():
        raise RecapError(f"the output path '{out}' is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise RecapError(
            f"refusing to replace '{out}': it is not empty and was not written by recap-site "
            f"(no {MARKER} file). Choose another --output or empty it yourself."
        )


# fault(point) is called at each named point of writing and committing; a test passes one that
# ends the process there, to see that a build killed at any moment leaves a whole site.
Fault = Callable[[str], None]


def _no_fault(point: str) -> None:
    pass


class Staging:
    """The new site, written next to the output folder while the build goes on.

    A build opens it before it renders and :meth:`put` s each output as soon
    as it is made; :meth:`commit` (``commit(finish)`` runs ``finish(folder)`` on the
    new folder before the swap and gets the number of files it added: the
    search index is made this way, so that it is swapped in with the pages
    it indexes, or not at all) then puts the new folder in the place of the
    output folder in one atomic step (:func:`_swap`); :meth:`abort` removes it,
    and whoever opens a staging folder calls it when anything (a put or the
    commit too) raises. The output folder itself is only ever touched by the
    swap, so a build that fails, is interrupted, is killed, or finds an error
    after writing began leaves the previous site exactly as it was. The
    build lock is held from opening to the end.

    Outputs are written in the calling thread, as they come: the build's
    worker processes are forked while it writes, and a process that forks
    must not have other threads running (a lock one of them holds would stay
    locked in every child).
    """

    def __init__(self, output_dir: Path, site_root: Path, counts: WriteCounts | None = None,
                 fault: Fault = _no_fault) -> None:
        check_output_folder(output_dir, site_root)
        self.output_dir = output_dir.resolve()
        self.counts = counts if counts is not None else WriteCounts()
        self.fault = fault
        self._held = ExitStack()
        self._held.enter_context(_build_lock(self.output_dir))
        try:
            check_output_folder(output_dir, site_root)  # again: another build may have finished meanwhile
            _remove_leftovers(self.output_dir)
            self.folder = Path(tempfile.mkdtemp(prefix=f".{self.output_dir.name}.new-", dir=self.output_dir.parent))
        except BaseException:
            self._held.close()
            raise
        self._folders: set[Path] = set()  # made already: most pages share a folder with their .ics
        self._puts = 0

    def put(self, output: Output) -> None:
        """Write ``output`` into the new folder (a disk error is a RecapError; the caller aborts)."""
        if leaves_folder(output.path):
            return  # never written; check_outputs reports it
        self._puts += 1
        self.fault(f"write {self._puts}")
        try:
            target = self.folder / output.path
            if target.parent not in self._folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(target.parent)
            _put(output, target, self.output_dir / output.path, self.counts)
        except OSError as exc:
            self._fail(exc)

    def commit(self, finish: Callable[[Path], int] | None = None) -> int:
        """Run ``finish`` and swap the new site in; the files ``finish`` added."""
        self.fault("written")
        try:
            added = finish(self.folder) if finish is not None else 0
            self.fault("finished")
            (self.folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            os.chmod(self.folder, 0o755)
            self.fault("marked")
            retired = _swap(self.folder, self.output_dir, self.fault)
        except OSError as exc:
            self._fail(exc)
        self._held.close()
        self.fault("unlocked")
        if retired is not None:
            _remove_retired(retired, self.counts)
        return added

    def abort(self) -> None:
        """Remove the new folder; the output folder is left as it is."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self._held.close()

    def _fail(self, exc: OSError) -> NoReturn:
        """Disk full, permissions, …: as a message (the caller aborts)."""
        raise RecapError(
            f"could not write the site into '{self.output_dir}': {exc.strerror or exc}; "
            "the previous site is unchanged"
        ) from None


def _remove_retired(retired: Path, counts: WriteCounts | None) -> None:
    """Delete the previous site, which the swap has already replaced.

    Given ``counts``, in a thread (``counts.cleanup``) that the caller joins
    when it is done with its own work: deleting thousands of folders is
    mostly waiting on the file system, and overlaps well with saving the
    build cache. A build killed before the thread ends leaves the folder as
    a leftover that the next build removes (:func:`_remove_leftovers`).
    """
    if counts is None:
        shutil.rmtree(retired, ignore_errors=True)
        return
    counts.cleanup = threading.Thread(target=shutil.rmtree, args=(retired,), kwargs={"ignore_errors": True},
                                      name="recap-remove-old-site")
    counts.cleanup.start()


def lock_path(output_dir: Path) -> Path:
    """The lock file of an output folder: next to it, so that the swap can replace the folder."""
    return output_dir.parent / f".{output_dir.name}.lock"


@contextmanager
def _build_lock(output_dir: Path):
    """Hold an OS lock on the output folder's lock file while writing.

    The OS releases the lock when the process ends, however it ends, so a
    crashed build never leaves a stale lock. The file itself stays.
    """
    path = lock_path(output_dir)
    try:
        output_dir.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path, "a+", encoding="utf-8")
    except OSError as exc:
        raise RecapError(f"cannot create the lock file '{path}': {exc.strerror or exc}") from None
    with lock:
        try:
            if fcntl is not None:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:  # pragma: no cover - Windows
                msvcrt.locking(lock.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            lock.seek(0)
            holder = lock.read().strip() or "unknown"
            raise RecapError(
                f"another recap build is writing '{output_dir}' (pid {holder}); wait for it to finish "
                f"(the lock {path} is released when that build ends)"
            ) from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        try:
            yield
        finally:
            lock.seek(0)
            lock.truncate()
            lock.flush()
            if fcntl is not None:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _remove_leftovers(output_dir: Path) -> None:
    """Clear up after builds that were killed (SIGKILL, power loss).

    Only called while holding the lock, so no running build owns them. Where
    the output folder is missing but a retired site is beside it (a build
    killed between the two renames of a swap, on a system without an atomic
    exchange), that site is put back first: it is the last good one. Then
    staging folders and retired sites are removed.
    """
    def modified(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:  # being deleted by the cleanup thread of the build that just ended
            return 0.0

    retired = sorted((p for p in output_dir.parent.glob(f".{output_dir.name}.old-*")
                      if p.is_dir() and not p.is_symlink()), key=modified)
    if retired and not output_dir.exists() and (retired[-1] / MARKER).is_file():
        last = retired.pop()
        try:
            os.replace(last, output_dir)
        except OSError as exc:
            raise RecapError(f"could not put the last site back into '{output_dir}' from '{last}': "
                             f"{exc.strerror or exc}; move that folder to '{output_dir}' yourself, "
                             "then build again") from None
    for pattern in (f".{output_dir.name}.new-*", f".{output_dir.name}.old-*"):
        for leftover in output_dir.parent.glob(pattern):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


@dataclass
class WriteCounts:
    """What :class:`Staging` did with each output (pass one in to find out)."""

    written: list[str] = field(default_factory=list)  # new or changed files
    unchanged: int = 0  # identical to the previous build's file: hard-linked, mtime kept
    cleanup: threading.Thread | None = None  # removes the replaced site; join it (see _remove_retired)

    def finish(self) -> None:
        if self.cleanup is not None:
            self.cleanup.join()


def _put(output: Output, target: Path, previous: Path, counts: WriteCounts) -> None:
    """Put one output into the staging folder. A file identical to the one the
    previous build wrote is hard-linked from there instead: it keeps its mtime
    and inode, costs no write, and the swap stays atomic because files are
    only ever created, never changed in place."""
    if _same_as_previous(output, previous):
        try:
            os.link(previous, target, follow_symlinks=False)
            counts.unchanged += 1
            return
        except OSError:  # a file system without hard links: write a copy
            pass
    if output.data is not None:
        target.write_bytes(output.data)
    else:
        shutil.copy2(output.file, target)  # keeps the mtime, for the cheap check below
    counts.written.append(output.path)


def _same_as_previous(output: Output, previous: Path) -> bool:
    try:
        info = os.lstat(previous)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    if output.data is not None:
        return info.st_size == len(output.data) and previous.read_bytes() == output.data
    source = output.file.stat()
    return info.st_size == source.st_size and info.st_mtime_ns == source.st_mtime_ns


def _swap(staging: Path, output_dir: Path, fault: Fault = _no_fault) -> Path | None:
    """Put ``staging`` in the place of ``output_dir``; returns the replaced folder, if any, to delete.

    Where the system can (Linux, ``renameat2`` with ``RENAME_EXCHANGE``), the two folders trade
    places in one step: at every moment the output folder is the old site or the new one, whole.
    Elsewhere it takes two renames, and a build killed between them leaves no output folder but
    the old site beside it (``.<name>.old-…``), which the next build puts back before it starts.
    """
    if not output_dir.exists():
        os.replace(staging, output_dir)
        fault("swapped")
        return None
    if _exchange(staging, output_dir):
        fault("swapped")
        return staging  # now the old site
    retired = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.old-", dir=output_dir.parent))
    os.rmdir(retired)
    os.replace(output_dir, retired)
    fault("half-swapped")
    try:
        os.replace(staging, output_dir)
    except BaseException:
        os.replace(retired, output_dir)
        raise
    fault("swapped")
    return retired


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux ``renameat2(RENAME_EXCHANGE)``, which Python's ``os``
    does not offer); False where the system or the file system cannot."""
    if sys.platform != "linux":
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (glibc before 2.28, for one)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    # Not offered here: no such call, a file system without it, or a sandbox that refuses calls
    # it does not know (EPERM; a real permission problem fails the two renames as well).
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(second))
