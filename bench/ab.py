"""Cold builds of two recap-site checkouts, alternately, on one corpus.

    git worktree add /tmp/before <commit>
    python bench/ab.py --before /tmp/before --events 2000 --repeat 4

Measures what a change costs: each round builds the same synthetic archive
(bench/generate.py) from scratch with the ``--before`` checkout's code and
with this one's, in that order, each in a fresh process with an empty output
folder and an empty cache. Alternating keeps a slow patch of the machine
from counting against one side. Prints the medians and their ratio.
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


def cold_build(code: Path, site: Path, cache: Path) -> float:
    for folder in (site / "public", site / ".recap-cache", cache):
        shutil.rmtree(folder, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(code / "src"), "RECAP_CACHE_DIR": str(cache), "CI": "true"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "recap_site", "build", "--source", str(site), "--output",
                    str(site / "public"), "--no-search"], check=True, env=env, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the code to compare with")
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--work", type=Path, default=BENCH / ".work")
    args = parser.parse_args()
    corpus = args.work / str(args.events)
    if not (corpus / "recap").is_dir():
        subprocess.run([sys.executable, str(BENCH / "generate.py"), "--events", str(args.events), "--out",
                        str(corpus)], check=True)
    times: dict[str, list[float]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory(prefix="recap-ab-") as tmp:
        site = Path(tmp) / "recap"
        shutil.copytree(corpus / "recap", site)
        for round_ in range(1, args.repeat + 1):
            for side, code in (("before", args.before.resolve()), ("after", HERE)):
                seconds = cold_build(code, site, Path(tmp) / "cache")
                times[side].append(seconds)
                print(f"round {round_}: {side} {seconds:.2f} s", flush=True)
    before, after = (statistics.median(times[side]) for side in ("before", "after"))
    print(f"cold build at {args.events} events, median of {args.repeat}: before {before:.2f} s, "
          f"after {after:.2f} s, after/before {after / before:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
