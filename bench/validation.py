"""Validation time of two recap-site checkouts, and of the libraries we could have used.

    git worktree add /tmp/before <commit>
    python bench/validation.py --before /tmp/before --events 2000 --repeat 5

Reads and validates the facts of a synthetic archive (bench/generate.py):
``load_config`` and ``load_content`` with ``check=True``, which is what
``recap check`` does before converting any Markdown, with the garbage
collector set as ``recap check`` and ``recap build`` set it
(``builder.few_collections``; ``--gc default`` for Python's thresholds). Each round runs the
``--before`` checkout and this one, in turns that swap which goes first,
each in a fresh process;
the medians of wall and CPU time and their ratios are printed (on a busy or
erratic machine, CPU time shows what the code costs).

With ``--libraries``, it also times pydantic v2 and msgspec validating the
same event.yaml files (parsed by PyYAML) against a model of the event
format, to show what a library would cost or save on the part of the work
it could take over. Messages would still be ours: a library's errors carry
no line numbers and are not in an editor's words.
"""


import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from ab import synthetic_archive  # noqa: E402 - bench/ is the script's folder

BENCH = Path(__file__).resolve().parent
HERE = BENCH.parent

MEASURE = """
import json, sys, time
from pathlib import Path
from contextlib import nullcontext
from recap_site.builder import few_collections
from recap_site.config import load_config
from recap_site.content import load_content
from recap_site.errors import Report
root = Path(sys.argv[1])
started, cpu = time.perf_counter(), time.process_time()
report = Report()
with few_collections() if sys.argv[2] == "recap" else nullcontext():
    config = load_config(root, report)
    content = load_content(config, report, check=True)
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
print(json.dumps({"seconds": elapsed, "cpu": cpu, "events": len(content.events), "errors": len(report.errors)}))
"""


def measure(code: Path, site: Path, gc: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code / "src")}
    out = subprocess.run([sys.executable, "-c", MEASURE, str(site), gc], env=env, check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def libraries(site: Path, repeat: int) -> None:
    """pydantic v2 and msgspec on the same files, where they are installed."""
    import time

    import yaml

    files = sorted((site / "content" / "events").glob("*/event.yaml"))
    started = time.perf_counter()
    data = [yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            for path in files]
    parse = time.perf_counter() - started
    print(f"PyYAML parse alone: {parse:.3f} s for {len(files)} files")
    try:
        import pydantic
    except ImportError:
        print("pydantic: not installed")
    else:
        from datetime import date, datetime
        from typing import Literal, Optional, Union

        Text = Union[str, dict[str, str]]

        class Venue(pydantic.BaseModel, extra="forbid"):
            name: Text
            street: Optional[str] = None
            postal_code: Optional[Union[str, int]] = None
            city: Optional[str] = None
            country: Optional[str] = None

        class Event(pydantic.BaseModel, extra="allow"):
            title: Text
            summary: Optional[Text] = None
            start: Union[datetime, date]
            end: Optional[Union[datetime, date]] = None
            kind: Literal["network-meeting", "workshop", "conference", "forum", "site-visit", "webinar", "other"]
            format: Literal["in-person", "online", "hybrid"]
            venue: Optional[Venue] = None
            participants: Optional[int] = None

        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            for item in data:
                Event.model_validate(item)
            times.append(time.perf_counter() - started)
        print(f"pydantic {pydantic.VERSION}: {statistics.median(times):.3f} s to validate (after parsing)")
    try:
        import msgspec
    except ImportError:
        print("msgspec: not installed")
    else:
        from datetime import date
        from typing import Literal, Optional, Union

        class MVenue(msgspec.Struct, forbid_unknown_fields=True):
            name: Union[str, dict[str, str]]
            street: Optional[str] = None
            postal_code: Optional[Union[str, int]] = None
            city: Optional[str] = None
            country: Optional[str] = None

        # msgspec cannot take "a date, or a date and time" (Union[datetime, date]) in one field:
        # the model below checks dates only, which flatters it.
        class MEvent(msgspec.Struct):
            title: Union[str, dict[str, str]]
            start: date
            kind: Literal["network-meeting", "workshop", "conference", "forum", "site-visit", "webinar", "other"]
            format: Literal["in-person", "online", "hybrid"]
            summary: Optional[Union[str, dict[str, str]]] = None
            end: Optional[date] = None
            venue: Optional[MVenue] = None
            participants: Optional[int] = None

        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            for item in data:
                msgspec.convert(item, MEvent, strict=False)
            times.append(time.perf_counter() - started)
        print(f"msgspec {msgspec.__version__}: {statistics.median(times):.3f} s to validate (after parsing)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the code to compare with")
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--libraries", action="store_true", help="also time pydantic and msgspec")
    parser.add_argument("--gc", choices=("recap", "default"), default="recap",
                        help="the garbage collector as recap build and check set it (few_collections), or "
                             "Python's default thresholds")
    parser.add_argument("--work", type=Path, default=BENCH / ".work")
    args = parser.parse_args()
    site = synthetic_archive(args.work, args.events) / "recap"
    seconds: dict[str, list[float]] = {"before": [], "after": []}
    cpu: dict[str, list[float]] = {"before": [], "after": []}
    sides = (("before", args.before), ("after", HERE))
    for round_ in range(args.repeat):
        for name, code in sides if round_ % 2 == 0 else sides[::-1]:  # neither side always runs second
            result = measure(code, site, args.gc)
            if result["errors"] or result["events"] != args.events:
                raise SystemExit(f"{name}: {result}")
            seconds[name].append(result["seconds"])
            cpu[name].append(result["cpu"])
    for what, values in (("wall", seconds), ("CPU", cpu)):
        before, after = statistics.median(values["before"]), statistics.median(values["after"])
        print(f"read and validate {args.events} events, {what} time (median of {args.repeat}): "
              f"before {before:.3f} s, after {after:.3f} s, after/before {after / before:.3f}")
    if args.libraries:
        libraries(site, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
