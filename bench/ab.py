"""Builds of two recap-site checkouts, alternately, on one corpus: cold, or after an edit.

    git worktree add /tmp/before <commit>
    python bench/ab.py --before /tmp/before --events 2000 --repeat 4
    python bench/ab.py --before /tmp/before --events 2000 --outcomes plain   # with 2-3 outcomes an event
    python bench/ab.py --before /tmp/before --events 2000 --scenario edit --repeat 8

``--scenario edit``: each side has a copy of the archive and a cache of its own, made by a
build with its own code before the rounds; each round appends a paragraph to the same
``de.md`` in each copy and builds (what ``bench/run.py`` calls "edit").

Measures what a change costs: each round builds the same synthetic archive
(bench/generate.py) from scratch with the ``--before`` checkout's code and
with this one's, in turns that swap which goes first, each in a fresh process with an empty output
folder and an empty cache. Alternating keeps a slow patch of the machine
from counting against one side. Prints the medians of wall time and of CPU
time (the build's and its workers'; on a machine whose disk is erratic, CPU
time shows what the code costs) and their ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
HERE = BENCH.parent


def cold_build(code: Path, site: Path, cache: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the build and its workers)."""
    for folder in (site / "public", site / ".recap-cache", cache):
        shutil.rmtree(folder, ignore_errors=True)
    return timed_build(code, site, cache)


def edit_build(code: Path, site: Path, cache: Path) -> tuple[float, float]:
    """An edit of one recap's text, then a build: (wall seconds, CPU seconds)."""
    recap = min((site / "content" / "events").iterdir()) / "de.md"
    with recap.open("a", encoding="utf-8") as file:
        file.write(f"\nEin weiterer Absatz, geschrieben {time.time_ns()}.\n")
    time.sleep(0.1)  # past the build's racily-clean window (cache.racy), as an editor's save is
    return timed_build(code, site, cache)


def timed_build(code: Path, site: Path, cache: Path) -> tuple[float, float]:
    """A build in a fresh process with ``code``'s recap-site, in the user's environment but for
    PYTHONDONTWRITEBYTECODE (run.py:user_env): (wall seconds, CPU seconds)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(code / "src"), RECAP_CACHE_DIR=str(cache), CI="true")
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "recap_site", "build", "--source", str(site), "--output",
                              str(site / "public"), "--no-search"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"the build with {code} failed (status {status})")
    # wait4's usage counts the build and every worker it waited for (it joins its pools).
    return wall, usage.ru_utime + usage.ru_stime


def synthetic_archive(work: Path, events: int, outcomes: str = "none") -> Path:
    """The folder of bench/generate.py's archive of ``events`` events (``recap/`` inside), made once."""
    corpus = work / (str(events) if outcomes == "none" else f"{events}-outcomes-{outcomes}")
    if not (corpus / "recap").is_dir():
        subprocess.run([sys.executable, str(BENCH / "generate.py"), "--events", str(events), "--out",
                        str(corpus), "--outcomes", outcomes], check=True)
    return corpus


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the code to compare with")
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--work", type=Path, default=BENCH / ".work")
    parser.add_argument("--outcomes", choices=("none", "plain", "chains"), default="none",
                        help="outcomes in the archive (plain: what both sides read; see bench/generate.py)")
    parser.add_argument("--scenario", choices=("cold", "edit"), default="cold")
    args = parser.parse_args()
    corpus = synthetic_archive(args.work, args.events, args.outcomes)
    times: dict[str, list[float]] = {"before": [], "after": []}
    cpu: dict[str, list[float]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory(prefix="recap-ab-") as tmp:
        sides = (("before", args.before.resolve()), ("after", HERE))
        # Cold builds share one copy of the archive (each starts empty); edits need one a side,
        # each with the cache its own code made.
        places = {side: (Path(tmp) / (side if args.scenario == "edit" else "recap"),
                         Path(tmp) / (f"cache-{side}" if args.scenario == "edit" else "cache")) for side, _ in sides}
        for side, code in sides:
            site, cache = places[side]
            if not site.exists():
                shutil.copytree(corpus / "recap", site)
            if args.scenario == "edit":
                cold_build(code, site, cache)
        build = cold_build if args.scenario == "cold" else edit_build
        for round_ in range(1, args.repeat + 1):
            for side, code in sides if round_ % 2 else sides[::-1]:  # neither side always goes second
                seconds, used = build(code, *places[side])
                times[side].append(seconds)
                cpu[side].append(used)
                print(f"round {round_}: {side} {seconds:.2f} s wall, {used:.2f} s CPU", flush=True)
    for what, numbers in (("wall", times), ("CPU", cpu)):
        before, after = (statistics.median(numbers[side]) for side in ("before", "after"))
        print(f"{args.scenario} build at {args.events} events, {what}, median of {args.repeat}: before {before:.2f} s, "
              f"after {after:.2f} s, after/before {after / before:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
