"""Work across processes, handed out in chunks.

Worker processes are forked: they start with the parent's memory, so the
site model never has to be pickled (it holds read-only mappings that cannot
be), only the chunk's indexes go in and plain results come back. Each worker
builds its expensive tools once (Markdown converters, compiled templates) and
reuses them for every chunk. Where fork is not available, in a process
that runs other threads (see :func:`can_fork`), or with ``jobs=1``, the
same functions run in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Callable, Iterator, TypeVar

from .errors import RecapError

T = TypeVar("T")
R = TypeVar("R")

AHEAD = 3  # chunks handed out per worker before the caller has taken their results

# The job of this process, in a worker only: set by the pool's initializer
# when the worker starts (forked, so the job is inherited, never pickled). The
# parent never sets it: nothing of a build is left in this module after it.
_worker_job: Callable[[int], object] | None = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Fork is available, and this process runs no other thread: a forked child gets only the
    forking thread, and any lock another thread held then (in the C library, an import, a file)
    stays locked in the child for good. `recap serve` builds next to its server and watcher
    threads, so its builds run in one process."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _start_worker(job: Callable[[int], object]) -> None:
    global _worker_job
    _worker_job = job


def _run_chunk(bounds: tuple[int, int]) -> list:
    return [_worker_job(index) for index in range(*bounds)]


def map_indexes(job: Callable[[int], R], count: int, jobs: int, chunk: int = 64,
                minimum: int = 200) -> list[R]:
    """``[job(0), …, job(count - 1)]``, in order, using up to ``jobs`` processes.

    ``job`` runs in forked children and may use anything the parent had in
    memory when this was called. Small batches (fewer than ``minimum``) run
    here: starting processes costs more than they save.
    """
    return list(iter_indexes(job, count, jobs, chunk, minimum))


def iter_indexes(job: Callable[[int], R], count: int, jobs: int, chunk: int = 64,
                 minimum: int = 200) -> Iterator[R]:
    """:func:`map_indexes` as the results come in: the caller can use (write)
    the first results while the workers still make the rest. The workers are
    forked at the first ``next()``; leaving the loop early stops them."""
    if jobs <= 1 or count < minimum or not can_fork():
        yield from (job(index) for index in range(count))
        return
    chunk = max(1, min(chunk, -(-count // (jobs * 4))))
    bounds = [(start, min(start + chunk, count)) for start in range(0, count, chunk)]
    # Objects the children inherit are moved out of the collector's reach:
    # otherwise a collection in a child touches (and so copies) every page
    # of the parent's memory.
    gc.freeze()
    try:
        # Not multiprocessing.Pool: stopping it early (terminate()) can hang
        # for good, its handler thread forking a replacement worker while the
        # others are being killed (a CI run hung there). The executor forks
        # all its workers at the first submit, from this thread, and never
        # again; a worker that dies raises BrokenProcessPool instead of
        # leaving the parent waiting.
        pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_start_worker, initargs=(job,))
        try:
            # A few chunks ahead of the caller, not all of them: results the caller has not
            # taken yet wait in this process, and the workers render faster than the build
            # writes (every page of a site waiting here was the peak of a build's memory).
            waiting = iter(bounds)
            ahead: deque = deque()
            while True:
                try:
                    ahead.extend(pool.submit(_run_chunk, part)
                                 for part in islice(waiting, AHEAD * jobs - len(ahead)))
                    if not ahead:
                        break
                    done = ahead.popleft().result()
                except BrokenProcessPool:  # a worker died (handing out a chunk says so too)
                    raise RecapError(
                        "A worker process of the build stopped unexpectedly (the system may have "
                        "run out of memory). Nothing was written. Build again with --jobs 1 to "
                        "use a single process.") from None
                yield from done
        finally:
            # After success nothing is left to cancel; after an error or an
            # early stop, chunks not yet started are dropped and the few that
            # are running are waited for, so no worker outlives this call.
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        gc.unfreeze()
