"""Build the same synthetic archive with recap-site, Hugo and Pelican and compare.

    python bench/run.py --events 2000            # the full comparison
    python bench/run.py --events 200             # and 20000, to see how each tool grows
    python bench/run.py --quick --events 300     # CI: fails if a ratio got >30% worse

Each build is a child process; wall time is measured around the process and
peak RSS comes from ``os.wait4``. The runs alternate: each scenario's rounds
run every tool once, one after the other (see :func:`schedule`), so a machine
that slows down for a while slows every tool alike. Scenarios:

cold      no cache, empty output folder
nochange  the same build again
edit      one ``de.md`` body changed
yaml      one ``event.yaml`` changed (its participants; recap-site only)
layout    the event template changed
ci        a CI push (recap-site only): a fresh clone (no output folder, every file
          new), the build cache restored, one recap edited, then ``recap check``
          and ``recap build`` one after the other (timed together)

Ratios are recap/hugo and recap/pelican of the medians, and each recap-site
scenario against Hugo's full (cold) build ("…/hugo-cold"). The Markdown floor
is stock Python-Markdown with the same extensions over the same recaps,
divided by the cores, timed in each round of cold builds (its median); the
cold build is reported against it too. ``bench/baseline.json`` holds ratios,
not seconds, because machines differ. Needs ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

SCENARIOS = ("cold", "nochange", "edit", "yaml", "layout", "ci")
RECAP_ONLY = ("yaml", "ci")
TOLERANCE = 0.30  # a ratio may get this much worse before --quick fails
BASELINE = BENCH / "baseline.json"


# Comparison (pure; tested in tests/test_bench.py) ------------------------------
def ratios(medians: dict[str, dict[str, float]]) -> dict[str, float]:
    """``{"cold/hugo": 1.2, ...}`` from ``{"recap": {"cold": s, ...}, "hugo": {...}}``."""
    found = {}
    recap = medians.get("recap", {})
    for other in ("hugo", "pelican"):
        for metric, value in recap.items():
            reference = medians.get(other, {}).get(metric)
            if reference:
                found[f"{metric}/{other}"] = value / reference
    hugo_cold = medians.get("hugo", {}).get("cold")
    if hugo_cold:
        for metric in SCENARIOS:
            if metric in recap:
                found[f"{metric}/hugo-cold"] = recap[metric] / hugo_cold
    return found


def regressions(current: dict[str, float], baseline: dict[str, float],
                tolerance: float = TOLERANCE) -> list[str]:
    """Each ratio that is more than ``tolerance`` worse (higher) than its baseline."""
    problems = []
    for name, expected in sorted(baseline.items()):
        value = current.get(name)
        if value is None:
            continue
        if value > expected * (1 + tolerance):
            problems.append(f"{name}: {value:.3f} is more than {tolerance:.0%} worse than the baseline {expected:.3f}")
    return problems


# Running -----------------------------------------------------------------------
def user_env() -> dict[str, str]:
    """The environment a build runs in, as in a user's shell: Python keeps its compiled
    modules (``__pycache__``). Sandboxes and containers often set PYTHONDONTWRITEBYTECODE,
    and then every build of a Python tool compiles its modules again, which no
    user's machine does."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=user_env())
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{stderr.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024  # Linux reports kilobytes


def hugo_binary() -> str:
    from importlib.metadata import distribution

    binary = distribution("hugo").locate_file("hugo/binaries/hugo")
    if not Path(binary).is_file():  # pragma: no cover - another packaging
        return shutil.which("hugo") or "hugo"
    return str(binary)


@dataclass
class Tool:
    name: str
    site: Path
    output: Path
    caches: list[Path]
    command: list[str]
    recap: Path  # a de.md (or the tool's equivalent) to edit
    layout: Path  # the event template
    facts: Path | None = None  # an event.yaml to edit (recap-site only)
    check: list[str] | None = None  # recap check, for the CI push
    samples: dict[str, list[tuple[float, float]]] = field(default_factory=dict)

    def clean(self) -> None:
        for path in [self.output, *self.caches]:
            if path.exists():
                shutil.rmtree(path)

    def build(self, scenario: str) -> None:
        self.samples.setdefault(scenario, []).append(timed(self.command, self.site))

    def ci_push(self) -> None:
        """A fresh clone with the build cache restored: no output folder (nor the buffer beside
        it), every file of the site new, one recap edited; check, then build."""
        for path in (self.output, self.output.parent / f".{self.output.name}.buffer"):
            if path.exists():
                shutil.rmtree(path)
        for path in self.site.rglob("*"):
            if path.is_file():
                os.utime(path)
        check_seconds, check_rss = timed(self.check, self.site)
        build_seconds, build_rss = timed(self.command, self.site)
        self.samples.setdefault("ci", []).append((check_seconds + build_seconds, max(check_rss, build_rss)))


def recap_supports(option: str) -> bool:
    help_text = subprocess.run([sys.executable, "-m", "recap_site", "build", "--help"],
                               capture_output=True, text=True).stdout
    return option in help_text


def tools(root: Path, first_event: str, jobs: int | None) -> list[Tool]:
    recap_cmd = [sys.executable, "-m", "recap_site", "build", "--source", ".", "--output", "public"]
    if recap_supports("--no-search"):
        recap_cmd.append("--no-search")
    if jobs is not None:
        recap_cmd += ["--jobs", str(jobs)]
    repo = BENCH.parent
    recap_site = root / "recap"
    # recap keeps its cache outside the site folder; here, beside it, so that "cold" can remove it.
    os.environ["RECAP_CACHE_DIR"] = str(root / "recap-cache")
    # recap's default theme is the repository's layouts/; a site may override
    # event.html, so the layout edit goes into a copy in the site folder.
    (recap_site / "layouts").mkdir(exist_ok=True)
    shutil.copyfile(repo / "layouts" / "event.html", recap_site / "layouts" / "event.html")
    return [
        Tool("recap", recap_site, recap_site / "public", [root / "recap-cache"], recap_cmd,
             recap_site / "content" / "events" / first_event / "de.md", recap_site / "layouts" / "event.html",
             recap_site / "content" / "events" / first_event / "event.yaml",
             [sys.executable, "-m", "recap_site", "check", "--source", "."]),
        Tool("hugo", root / "hugo", root / "hugo" / "public", [root / "hugo" / "resources"],
             [hugo_binary(), "--quiet", "--destination", "public", "--cacheDir", str(root / "hugo" / ".cache")],
             root / "hugo" / "content" / "events" / first_event / "index.de.md",
             root / "hugo" / "themes" / "bench" / "layouts" / "_default" / "single.html"),
        Tool("pelican", root / "pelican", root / "pelican" / "output", [root / "pelican" / "cache"],
             [sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-o", "output", "-q"],
             root / "pelican" / "content" / f"{first_event}.de.md", root / "pelican" / "theme" / "templates" / "article.html"),
    ]


def schedule(names: list[str], repeat: int) -> list[tuple[str, int, str]]:
    """(scenario, round, tool) in the order they run: scenario by scenario, and within each
    round every tool once, one after the other (alternating runs), so that a machine that
    slows down for a while (a disk, another tenant) slows every tool's runs of that scenario
    alike, not one tool's. Each tool builds its own copy of the archive, so one tool's runs
    never change another's. The Markdown floor ("floor") is timed in each round of cold builds."""
    steps = []
    for scenario in SCENARIOS:
        for number in range(repeat):
            for name in names:
                if scenario not in RECAP_ONLY or name == "recap":
                    steps.append((scenario, number, name))
            if scenario == "cold" and "recap" in names:
                steps.append((scenario, number, "floor"))
    return steps


def step(tool: Tool, scenario: str, number: int) -> None:
    """One run of ``scenario`` (its ``number``-th): the change it measures, then the build."""
    if scenario == "cold":
        tool.clean()
        tool.build("cold")
    elif scenario == "nochange":
        tool.build("nochange")
    elif scenario == "edit":
        with tool.recap.open("a", encoding="utf-8") as f:
            f.write(f"\nEin geänderter Absatz für die Messung {number}.\n")
        tool.build("edit")
    elif scenario == "yaml" and tool.facts is not None:
        text = tool.facts.read_text(encoding="utf-8")
        tool.facts.write_text(re.sub(r"(?m)^participants: \d+$", f"participants: {40 + number}", text)
                              if "participants:" in text else text + f"participants: {40 + number}\n",
                              encoding="utf-8")
        tool.build("yaml")
    elif scenario == "layout":
        with tool.layout.open("a", encoding="utf-8") as f:
            f.write(f"\n{{# layout edit {number} #}}\n" if tool.name == "recap" else f"\n<!-- layout edit {number} -->\n")
        tool.build("layout")
    elif scenario == "ci" and tool.check is not None:
        with tool.recap.open("a", encoding="utf-8") as f:
            f.write(f"\nEin Absatz aus dem Pull-Request {number}.\n")
        tool.ci_push()


def markdown_floor(site: Path, cores: int) -> float:
    """Seconds stock Python-Markdown, with the extensions recap-site uses, takes over every
    recap of ``site``, divided by ``cores``: what no build of these recaps can go below.

    Timed in a child process: the recaps held in this one would count in the peak memory of
    every build it starts afterwards (a child's peak starts at its parent's size)."""
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--floor-of", str(site)],
                          capture_output=True, text=True, check=True)
    return float(done.stdout) / cores


def _floor_here(site: Path) -> float:
    import frontmatter
    import markdown

    texts = [frontmatter.loads(path.read_text(encoding="utf-8")).content
             for path in sorted((site / "content" / "events").glob("*/*.md"))]
    converter = markdown.Markdown(extensions=["tables", "footnotes", "attr_list", "fenced_code", "toc"],
                                  output_format="html")
    started = time.perf_counter()
    for text in texts:
        converter.reset().convert(text)
    return time.perf_counter() - started


def medians(tool: Tool) -> dict[str, float]:
    found = {s: statistics.median(t for t, _ in tool.samples[s]) for s in SCENARIOS if s in tool.samples}
    found["rss_mb"] = max(rss for samples in tool.samples.values() for _, rss in samples)
    return found


def search_seconds(tool: Tool, repeat: int) -> float | None:
    """Pagefind on its own: a cold build with search minus one without."""
    if "--no-search" not in tool.command:
        return None
    with_search = [c for c in tool.command if c != "--no-search"]
    runs = []
    for _ in range(repeat):
        tool.clean()
        runs.append(timed(with_search, tool.site)[0])
    return statistics.median(runs) - statistics.median(t for t, _ in tool.samples["cold"])


def report(events: int, table: dict[str, dict[str, float]], found: dict[str, float],
           search: float | None, floor: float | None = None) -> str:
    lines = [f"## {events} events", "", "| tool | " + " | ".join(SCENARIOS) + " | peak RSS |",
             "|---|" + "---:|" * (len(SCENARIOS) + 1)]
    for name, row in table.items():
        lines.append(f"| {name} | " + " | ".join(f"{row[s]:.2f} s" if s in row else "–" for s in SCENARIOS)
                     + f" | {row['rss_mb']:.0f} MB |")
    lines += ["", "| ratio | recap/hugo | recap/pelican | recap/hugo-cold |", "|---|---:|---:|---:|"]
    for metric in (*SCENARIOS, "rss_mb"):
        cells = [f"{found[f'{metric}/{o}']:.2f}" if f"{metric}/{o}" in found else "–"
                 for o in ("hugo", "pelican", "hugo-cold")]
        lines.append(f"| {metric} | {cells[0]} | {cells[1]} | {cells[2]} |")
    if floor is not None and "recap" in table:
        lines += ["", f"Markdown floor (stock Python-Markdown over the same recaps, divided by the cores): "
                      f"{floor:.2f} s; recap cold / floor: {table['recap']['cold'] / floor:.2f}"]
    if search is not None:
        lines += ["", f"Pagefind indexing (recap build with search minus without): {search:.2f} s"]
    return "\n".join(lines)


def main() -> int:
    if sys.argv[1:2] == ["--floor-of"]:  # the child of markdown_floor
        print(_floor_here(Path(sys.argv[2])))
        return 0
    parser = argparse.ArgumentParser(description="recap-site vs Hugo vs Pelican")
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=None, help="builds per scenario (default 3, --quick 1)")
    parser.add_argument("--quick", action="store_true",
                        help=f"CI mode: fewer runs, fail if a ratio is >{TOLERANCE * 100:.0f}%% worse than bench/baseline.json")
    parser.add_argument("--tools", default="recap,hugo,pelican")
    parser.add_argument("--jobs", type=int, default=None, help="passed to recap build --jobs")
    parser.add_argument("--skip-search", action="store_true",
                        help="do not time Pagefind (one more cold build with the index)")
    parser.add_argument("--work", type=Path, default=BENCH / ".work")
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    parser.add_argument("--write-baseline", action="store_true", help="store this run's ratios as the baseline")
    args = parser.parse_args()
    repeat = args.repeat or (1 if args.quick else 3)
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731

    from generate import generate

    root = args.work / str(args.events)
    names = args.tools.split(",")
    log(f"generating {args.events} events into {root} …")
    events = generate(args.events, root, tools=names)
    first_event = events[0].id
    selected = [t for t in tools(root, first_event, args.jobs) if t.name in names]
    by_name = {tool.name: tool for tool in selected}
    # A build does not vouch for files changed just before it looks (recap_site.cache.racy:
    # up to RACY_NS): the next build would look again, and the no-change scenario would
    # time that instead of the shortcut a user's unchanged site gets.
    from recap_site.cache import RACY_NS

    time.sleep(RACY_NS / 1e9 + 0.1)
    recap = by_name.get("recap")
    floors = []
    log(f"building with {', '.join(by_name)}, alternating ({repeat}× each scenario) …")
    for scenario, number, name in schedule(list(by_name), repeat):
        if name == "floor":
            floors.append(markdown_floor(recap.site, args.jobs or os.cpu_count() or 1))
        else:
            step(by_name[name], scenario, number)
    for tool in selected:
        log(f"  {tool.name}: " + ", ".join(
            f"{s} {statistics.median(t for t, _ in tool.samples[s]):.2f}s" for s in SCENARIOS if s in tool.samples))
    table = {tool.name: medians(tool) for tool in selected}
    found = ratios(table)
    search = None
    floor = statistics.median(floors) if floors else None
    if recap is not None and not (args.quick or args.skip_search):
        search = search_seconds(recap, repeat)
    print(report(args.events, table, found, search, floor))
    if args.json:
        args.json.write_text(json.dumps({"events": args.events, "medians": table, "ratios": found,
                                         "search_seconds": search, "markdown_floor": floor, "floors": floors,
                                         "samples": {tool.name: tool.samples for tool in selected}},
                                        indent=2) + "\n")
    if args.write_baseline:
        BASELINE.write_text(json.dumps({"events": args.events, "ratios": found}, indent=2, sort_keys=True) + "\n")
        log(f"wrote {BASELINE}")
    if args.quick:
        baseline = json.loads(BASELINE.read_text())["ratios"]
        problems = regressions(found, baseline)
        for problem in problems:
            print(f"regression: {problem}", file=sys.stderr)
        if problems:
            return 1
        print("no ratio worse than the baseline by more than 30%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
