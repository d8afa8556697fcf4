"""Only the writer touches the output folder.

It checks every output (no two sources may claim one path, no path may leave
the output folder) and writes the site into a second folder next to the
output folder (the buffer), which is swapped with the output folder once
everything is written and checked (see :class:`Staging`). A failed or
interrupted build therefore leaves the previous site exactly as it was, and
the buffer, kept for the next build, holds the site before: a build writes
the files that changed, not the whole site.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import stat
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
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
    file: Path | str | None = None  # copied as is when data is None


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
        key = normal_path(output.path).casefold()  # one file on case-insensitive disks
        if key in claimed:
            first = claimed[key]
            fixed = not first.source.startswith(("content/events/", "content/pages/"))  # a list: no slug of its own
            page = output.path == "index.html" or output.path.endswith("/index.html")
            what = (f"the address /{output.path.removesuffix('index.html')} is also the address of" if page
                    else f"'{output.path}' is also written for")
            both_events = first.source.startswith("content/events/") and output.source.startswith("content/events/")
            # Of two events, the later (named by its day) is told: a copy of the other, mostly.
            told, other = (first, output) if both_events and first.source > output.source else (output, first)
            if fixed:
                message = (f"{what} one of the site's own pages (a list, or the search, made from {first.source}): "
                           "give this one another slug (slug: in its front matter)")
            elif both_events:
                message = (f"{what} {other.source}; give this one another slug (slug: in its front matter): the "
                           "other's address may be published already, and links to it would break")
            else:
                message = f"{what} {other.source}; give one of them another slug (slug: in the front matter)"
            problems.append(Problem(told.source, 0, message))
            continue
        claimed[key] = output
    return list(claimed.values()), problems


def leaves_folder(path: str) -> bool:
    """True for an output path that is absolute, climbs out with '..' or is empty."""
    parts = path.split("/")
    return path.startswith("/") or ".." in parts or "\x00" in path or not normal_path(path)


def normal_path(path: str) -> str:
    """A relative output path as ``PurePosixPath(path).as_posix()`` writes it (no empty or "."
    parts), in a thirtieth of the time: it is asked for every output, twice."""
    if "//" not in path and "." not in path.split("/") and not path.endswith("/"):
        return path
    return "/".join(part for part in path.split("/") if part not in ("", "."))


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
    """The new site, written into a second folder next to the output folder while the build goes on.

    The second folder (the *buffer*, :func:`buffer_path`) is kept from one build to the next:
    it holds the site the build before the last one made, and the files that did not change
    since are hard links to the output folder's. So a build writes what changed, not the whole
    site. A build opens it before it renders and :meth:`put` s each output as soon as it is
    made: a file already in the buffer as it should be (the same file as the output folder's)
    is left alone; any other is written anew (never in place: a file in the buffer may be a
    hard link to the live site's). :meth:`commit` removes what the new site no longer has,
    runs ``finish(folder)`` on the buffer and gets the number of files it added (the search
    index is made this way, so that it is swapped in with the pages it indexes, or not at
    all), then swaps the buffer and the output folder in one atomic step (:func:`_swap`): the
    old site becomes the next build's buffer. The output folder itself is only ever touched by
    the swap, so a build that fails, is interrupted, is killed, or finds an error after writing
    began leaves the previous site exactly as it was; :meth:`abort` leaves the buffer as it is,
    for the next build to put right. The build lock is held from opening to the end.

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
            self.folder = buffer_path(self.output_dir)
            self._files, self._folders = _open_buffer(self.folder)
        except OSError as exc:
            self._held.close()
            self._fail(exc)
        except BaseException:
            self._held.close()
            raise
        self._folder, self._output = os.fspath(self.folder), os.fspath(self.output_dir)
        self._put_paths: set[str] = {MARKER}
        self._needed: set[str] = set()  # the folders the files put are in
        self._puts = 0
        self._state: dict[str, list[int]] = {}  # each file put: [size, mtime]
        self._names_as_put = True  # whether the disk holds every file under the name it was put under
        self.state: dict[str, list[int]] | None = None  # the new site's files, once committed (see commit)

    def put(self, output: Output) -> None:
        """Write ``output`` into the buffer (a disk error is a RecapError; the caller aborts)."""
        if leaves_folder(output.path):
            return  # never written; check_outputs reports it
        self._puts += 1
        self.fault(f"write {self._puts}")
        path = normal_path(output.path)
        try:
            self._make_parents(path)
            if path in self._folders:  # a folder in the old site, a file now
                if any(done.startswith(path + "/") for done in self._put_paths):
                    raise IsADirectoryError(errno.EISDIR, f"'{path}' is a file and a folder of this site")
                shutil.rmtree(self.folder / path)
                self._folders = {f for f in self._folders if f != path and not f.startswith(path + "/")}
                self._files = {f: i for f, i in self._files.items() if not f.startswith(path + "/")}
            self._put_paths.add(path)
            # Strings, not Paths: this runs for every output of a site.
            self._state[path] = _put(output, f"{self._folder}/{path}", f"{self._output}/{path}", self.counts,
                                     self._files.pop(path, None))
        except OSError as exc:
            self._fail(exc)

    def _make_parents(self, path: str) -> None:
        """Note the folders ``path`` is in as needed, and make those the buffer lacks."""
        missing = []
        end = path.rfind("/")
        while end > 0 and path[:end] not in self._needed:  # a needed folder's own folders are needed and made
            self._needed.add(path[:end])
            if path[:end] not in self._folders:
                missing.append(path[:end])
            end = path.rfind("/", 0, end)
        for folder in reversed(missing):
            if folder in self._files:  # a file in the old site, a folder now
                os.unlink(self.folder / folder)
                del self._files[folder]
            os.mkdir(self.folder / folder)
            self._folders.add(folder)

    def commit(self, finish: Callable[[Path], int] | None = None) -> int:
        """Remove what the new site no longer has, run ``finish`` and swap the new site in;
        the files ``finish`` added.

        Without ``finish``, :attr:`state` is then every file of the new site, path ->
        [size, mtime], known from what was put (so the build need not look at every file
        again: cache.written_state); with it, None (what ``finish`` added is not known here),
        and None when names may differ on the disk (:meth:`_new_state`)."""
        self.fault("written")
        try:
            self._remove_stale()
            self.fault("cleared")
            added = finish(self.folder) if finish is not None else 0
            self.fault("finished")
            state = self._new_state() if finish is None else None
            os.chmod(self.folder, 0o755)
            _swap(self.folder, self.output_dir, self.fault)
        except OSError as exc:
            self._fail(exc)
        self.state = state
        self._held.close()
        self.fault("unlocked")
        return added

    def _new_state(self) -> dict[str, list[int]] | None:
        """Every file of the new site (the files put and the marker): [size, mtime]; None when
        the disk may hold them under other names than they were put under: a name not all
        ASCII (HFS+ writes "é" as "e" and an accent), or a file put under another case of the
        name it had (a case-insensitive disk may keep the old one)."""
        if not self._names_as_put or not all(path.isascii() for path in self._state):
            return None
        marker = os.lstat(f"{self._folder}/{MARKER}")
        return {**self._state, MARKER: [marker.st_size, marker.st_mtime_ns]}

    def _remove_stale(self) -> None:
        """The old site's files and folders that the new site does not have."""
        folded = {path.casefold(): path for path in self._put_paths}
        for path in self._files:
            if path not in self._put_paths:
                twin = folded.get(path.casefold())
                if twin is not None and os.path.samefile(self.folder / path, self.folder / twin):
                    self._names_as_put = False  # the disk may keep the old case of the name
                    continue  # on a case-insensitive disk: the new file under another case of its name
                os.unlink(self.folder / path)
        for folder in sorted(self._folders - self._needed, key=lambda f: f.count("/"), reverse=True):
            os.rmdir(self.folder / folder)  # empty now: its files were not put, its folders came first
        self._folders &= self._needed
        self._files = {}

    def abort(self) -> None:
        """Stop: the output folder is left as it is, and the buffer for the next build to put right."""
        self._held.close()

    def _fail(self, exc: OSError) -> NoReturn:
        """Disk full, permissions, …: as a message (the caller aborts)."""
        raise RecapError(
            f"could not write the site into '{self.output_dir}': {exc.strerror or exc}; "
            "the previous site is unchanged"
        ) from None


def buffer_path(output_dir: Path) -> Path:
    """The folder the next build writes into, next to the output folder (see :class:`Staging`)."""
    return output_dir.parent / f".{output_dir.name}.buffer"


def _open_buffer(folder: Path) -> tuple[dict[str, int], set[str]]:
    """The buffer's files (path -> inode) and folders, made if missing.

    Anything in it that is neither a plain file nor a plain folder (a symbolic link: it
    could lead a write out of the buffer) is removed first. A folder by that name that
    recap-site did not make (not empty, and no marker file) is refused, not emptied."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISDIR(info.st_mode):
        os.unlink(folder)  # a file or a link where the buffer belongs: never followed
        info = None
    if info is None:
        os.mkdir(folder, 0o755)
    if info is None or not any(folder.iterdir()):  # new, or an empty output folder swapped out
        (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        return {MARKER: os.lstat(folder / MARKER).st_ino}, set()
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise RecapError(f"refusing to write into '{folder}', where recap build keeps the previous site: "
                         "the folder belongs to another user; remove it, then build again")
    marker = folder / MARKER
    if not (marker.is_file() and not marker.is_symlink()):
        raise RecapError(f"refusing to write into '{folder}', where recap build keeps the previous site: "
                         f"recap-site did not make that folder (it has no {MARKER} file); remove or rename it, "
                         "then build again")
    files: dict[str, int] = {}
    folders: set[str] = set()
    todo = [("", os.fspath(folder))]
    while todo:
        prefix, current = todo.pop()
        with os.scandir(current) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.add(prefix + entry.name)
                    todo.append((prefix + entry.name + "/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    files[prefix + entry.name] = entry.inode()
                else:
                    os.unlink(entry.path)
    return files, folders


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
        except OSError:  # gone meanwhile
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
    unchanged: int = 0  # identical to the previous build's file: the same file (hard link), mtime kept


def _put(output: Output, target: str, previous: str, counts: WriteCounts, there: int | None) -> list[int]:
    """Put one output into the buffer at ``target``, where the file with inode ``there``
    (None: no file) may be already; ``previous`` is the same path in the output folder. Returns
    the size and mtime of the file now at ``target``.

    A file identical to the one the previous build wrote is that same file: a hard link to
    it, which keeps its mtime and inode and costs no write, and is often in the buffer
    already. Any other file is written anew, never in place (the buffer's file may be a
    hard link to the live site's)."""
    same = _same_as_previous(output, previous)
    if same is not None and same.st_ino == there:
        counts.unchanged += 1
        return [same.st_size, same.st_mtime_ns]
    # Made under a new name and renamed into place: never written into a file that is there
    # (under this name, or another case of it on a case-insensitive disk).
    folder, name = os.path.split(target)
    fresh = os.path.join(folder, f".recap-{os.urandom(6).hex()}-{name}")
    try:
        if same is not None:
            try:
                os.link(previous, fresh, follow_symlinks=False)
                os.replace(fresh, target)
                counts.unchanged += 1
                return [same.st_size, same.st_mtime_ns]  # the same file: a link to it
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.EMLINK, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP):
                    raise
                # A file system without hard links: write a copy.
        if output.data is not None:
            Path(fresh).write_bytes(output.data)  # a new name no other file has
        else:
            # The bytes, and the mtime for the cheap check below; not the mode: every file of the
            # site is readable as the ones the build writes are, whatever the source allowed.
            shutil.copyfile(output.file, fresh)
            source = os.stat(output.file)
            os.utime(fresh, ns=(source.st_atime_ns, source.st_mtime_ns))
        os.replace(fresh, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(fresh)
        raise
    counts.written.append(output.path)
    info = os.lstat(target)
    return [info.st_size, info.st_mtime_ns]


def _same_as_previous(output: Output, previous: str) -> os.stat_result | None:
    """The previous build's file at this path, if it is what ``output`` would write."""
    try:
        info = os.lstat(previous)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    if output.data is not None:
        if info.st_size != len(output.data):
            return None
        with open(previous, "rb") as file:
            return info if file.read() == output.data else None
    source = os.fspath(output.file)
    if source == previous:  # a page the incremental layer took from the previous build as it is
        return info
    source_info = os.stat(source)
    return info if info.st_size == source_info.st_size and info.st_mtime_ns == source_info.st_mtime_ns else None


def _swap(buffer: Path, output_dir: Path, fault: Fault = _no_fault) -> None:
    """Put the new site (``buffer``) in the place of ``output_dir``, and the old site in the
    buffer's.

    Where the system can (Linux, ``renameat2`` with ``RENAME_EXCHANGE``), the two folders trade
    places in one step: at every moment the output folder is the old site or the new one, whole.
    Elsewhere it takes three renames, and a build killed between the first two leaves no output
    folder but the old site beside it (``.<name>.old-…``), which the next build puts back before
    it starts.
    """
    if not output_dir.exists():
        os.replace(buffer, output_dir)
        fault("swapped")
        return
    if _exchange(buffer, output_dir):
        fault("swapped")
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.old-", dir=output_dir.parent))
    os.rmdir(retired)
    os.replace(output_dir, retired)
    fault("half-swapped")
    try:
        os.replace(buffer, output_dir)
    except BaseException:
        os.replace(retired, output_dir)
        raise
    fault("swapped")
    os.replace(retired, buffer)


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
