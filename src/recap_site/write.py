"""Only the writer touches the output folder.

It first checks every output (no two sources may claim one path, no path may
leave the output folder), then writes the whole site into a fresh folder next
to the output folder and swaps it into place. A failed or interrupted build
therefore leaves the previous site exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable

from .errors import ContentErrors, Problem, RecapError

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
    claimed: dict[str, Output] = {}
    problems = []
    for output in outputs:
        path = PurePosixPath(output.path)
        if path.is_absolute() or ".." in path.parts or "\x00" in output.path or not path.parts:
            problems.append(Problem(output.source, 0, f"output path '{output.path}' leaves the output folder"))
            continue
        key = path.as_posix().casefold()  # one file on case-insensitive disks
        if key in claimed:
            first = claimed[key]
            problems.append(Problem(
                output.source, 0,
                f"'{output.path}' is also written for {first.source}; give one of them another slug",
            ))
            continue
        claimed[key] = output
    if problems:
        raise ContentErrors(sorted(problems))
    return list(claimed.values())


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
    if out.exists() and not out.is_dir():
        raise RecapError(f"the output path '{out}' is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise RecapError(
            f"refusing to replace '{out}': it is not empty and was not written by recap-site "
            f"(no {MARKER} file). Choose another --output or empty it yourself."
        )


def write_site(outputs: list[Output], output_dir: Path, site_root: Path) -> int:
    """Write every output into a new folder and swap it in; returns the file count."""
    check_output_folder(output_dir, site_root)
    output_dir = output_dir.resolve()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.new-", dir=output_dir.parent))
    try:
        for output in outputs:
            target = staging / output.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if output.data is not None:
                target.write_bytes(output.data)
            else:
                shutil.copyfile(output.file, target)
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        os.chmod(staging, 0o755)
        _swap(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(outputs)


def _swap(staging: Path, output_dir: Path) -> None:
    if not output_dir.exists():
        os.replace(staging, output_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.old-", dir=output_dir.parent))
    os.rmdir(retired)
    os.replace(output_dir, retired)
    try:
        os.replace(staging, output_dir)
    except BaseException:
        os.replace(retired, output_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)
