"""How long `recap serve` takes to show an edited event in the browser (issue #5: 300 ms).

    python bench/serve_latency.py --events 2000 [--edits 5] [--json out.json] [--no-search]

The synthetic site from bench/generate.py (bench/.work/<N>/recap, generated
when missing) is copied to a temporary folder without its output and cache, so
the corpus is never modified. `recap serve` runs on it as a child process; once
its first build is done, headless Chromium (Debian's, driven by Playwright)
opens the German page of the newest event. Each edit appends a paragraph with a
unique marker word to that event's de.md, and

    latency = the moment the reloaded page has the marker in its DOM
              (its DOMContentLoaded) - the moment the write finished

both on the wall clock. Each latency is split into phases:

detect   write -> rebuild starts (file watcher debounce; build end minus build time)
build    the server's own time to show the edit: its quick preview of the event's
         pages ("previewed N page(s) in X s"), or the full build ("built N pages
         in X s") when it made no preview
notify   rebuild done -> the page starts reloading (Server-Sent Event, location.reload())
load     reload starts -> DOMContentLoaded of the new page

After each edit the script waits for the full build that follows a preview,
so that every edit starts from a finished build; that build's time is
reported too ("full").

The exit code is 0 whenever all edits were measured, whether or not they meet
the target; 1 if the server did not start or an edit never showed up.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

TARGET_MS = 300.0
BUILT = re.compile(r"^(?P<reason>.*): built \d+ pages in (?P<seconds>[\d.]+) s;.* (?P<url>http://\S+/)$")
PREVIEWED = re.compile(r"^(?P<reason>.*): previewed \d+ page\(s\) in (?P<seconds>[\d.]+) s;")
# The same flags as tests/browser.py: no sandbox, no network chatter, no downloads.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
DOM_READY = """() => { const nav = performance.getEntriesByType("navigation")[0];
    return [performance.timeOrigin + nav.startTime, performance.timeOrigin + nav.domContentLoadedEventStart]; }"""


def summarize(latencies_ms: list[float], target_ms: float = TARGET_MS) -> dict:
    """Median, max and how many of the latencies met the target (pure; tested)."""
    median = statistics.median(latencies_ms)
    return {"count": len(latencies_ms), "median_ms": median, "max_ms": max(latencies_ms),
            "within_target": sum(v <= target_ms for v in latencies_ms), "target_ms": target_ms,
            "median_meets_target": median <= target_ms}


def corpus(events: int, work: Path) -> Path:
    site = work / str(events) / "recap"
    if not (site / "content").is_dir():
        from generate import generate

        log(f"generating {events} events into {site.parent} …")
        generate(events, site.parent, tools=("recap",))
    return site


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class Server:
    """`recap serve` as a child process; each "built" or "previewed" line goes to a queue with the
    time it was read (a preview's url is "").

    Its build folder goes into ``tmp`` (TMPDIR), which is removed however the server ends."""

    def __init__(self, source: Path, tmp: Path, no_search: bool) -> None:
        command = [sys.executable, "-u", "-m", "recap_site", "serve", "--source", str(source), "--port", "0"]
        self.process = subprocess.Popen(command + (["--no-search"] if no_search else []),
                                        env={**os.environ, "TMPDIR": str(tmp)},
                                        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        self.builds: queue.Queue[tuple[float, str, float, str]] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            now = time.time()
            self.output.append(line.rstrip())
            if match := BUILT.match(line.rstrip()):
                self.builds.put((now, match["reason"], float(match["seconds"]), match["url"]))
            elif match := PREVIEWED.match(line.rstrip()):
                self.builds.put((now, match["reason"], float(match["seconds"]), ""))
        self.builds.put((time.time(), "exited", 0.0, ""))

    def next_build(self, timeout: float) -> tuple[float, str, float, str]:
        try:
            build = self.builds.get(timeout=timeout)
        except queue.Empty:
            raise SystemExit(f"recap serve reported no build within {timeout:g} s") from None
        if build[1] == "exited":
            raise SystemExit("recap serve stopped:\n" + "\n".join(self.output[-20:]))
        return build

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)  # Ctrl+C: the server's own clean stop
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def measure_edits(page, server: Server, recap: Path, edits: int, timeout: float) -> list[dict]:
    samples = []
    for n in range(edits):
        marker = f"Messmarke{uuid.uuid4().hex[:10]}"
        with recap.open("a", encoding="utf-8") as f:
            f.write(f"\n{marker}: ein neuer Absatz für die Latenzmessung.\n")
        written = time.time()
        page.get_by_text(marker).wait_for(state="attached", timeout=timeout * 1000)
        seen = time.time()
        page.wait_for_load_state("domcontentloaded")  # the marker can be found mid-parse
        reload_start, dom_ready = (t / 1000 for t in page.evaluate(DOM_READY))
        built_at, reason, build_s, url = server.next_build(timeout)
        full_s = build_s
        if not url:  # a preview: the full build follows
            full_s = server.next_build(timeout)[2]
        while not server.builds.empty():  # a second batch of changes: the reload came from the last build
            built_at, reason, build_s, _ = server.next_build(timeout)
        sample = {"preview": not url, "full_build_ms": full_s * 1000,"latency_ms": (dom_ready - written) * 1000, "observed_ms": (seen - written) * 1000,
                  "detect_ms": (built_at - build_s - written) * 1000, "build_ms": build_s * 1000,
                  "notify_ms": (reload_start - built_at) * 1000, "load_ms": (dom_ready - reload_start) * 1000}
        samples.append(sample)
        log(f"  edit {n + 1}: {sample['latency_ms']:7.0f} ms  (detect {sample['detect_ms']:.0f} + build "
            f"{sample['build_ms']:.0f} + notify {sample['notify_ms']:.0f} + load {sample['load_ms']:.0f}; "
            f"Playwright saw it after {sample['observed_ms']:.0f} ms; "
            f"{'previewed, full build' if sample['preview'] else 'no preview; build'} {full_s:.2f} s)  [{reason}]")
        time.sleep(1.0)  # let the watcher settle before the next edit
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--no-search", action="store_true", help="pass --no-search to recap serve")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for any one build")
    parser.add_argument("--work", type=Path, default=BENCH / ".work")
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = parser.parse_args()
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    site = corpus(args.events, args.work)
    with tempfile.TemporaryDirectory(prefix="serve-latency-") as tmp:
        copy = Path(tmp) / "recap"
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns("public", ".public.lock"))
        newest = max(p.name for p in (copy / "content" / "events").iterdir() if p.is_dir())
        log(f"recap serve on a copy of {site} ({args.events} events); editing {newest}/de.md")
        server = Server(copy, Path(tmp), args.no_search)
        try:
            _, _, first_s, url = server.next_build(args.timeout)
            log(f"first build: {first_s:.2f} s")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=args.chromium, headless=True,
                                                     args=CHROMIUM_FLAGS)
                page = browser.new_page()
                response = page.goto(f"{url}de/veranstaltungen/{newest}/")
                if response is None or response.status != 200:
                    raise SystemExit(f"the event page did not load: {response and response.status}")
                time.sleep(2.0)  # the watcher starts after the first build
                samples = measure_edits(page, server, copy / "content" / "events" / newest / "de.md",
                                        args.edits, args.timeout)
                browser.close()
        except PlaywrightError as exc:  # a timeout, a browser that did not start: no measurement
            raise SystemExit(f"could not measure: {exc}\n" + "\n".join(server.output[-10:])) from None
        finally:
            server.stop()
    summary = summarize([s["latency_ms"] for s in samples])
    phases = {k: statistics.median(s[k] for s in samples)
              for k in ("detect_ms", "build_ms", "notify_ms", "load_ms", "full_build_ms")}
    verdict = "meets" if summary["median_meets_target"] else "misses"
    print(f"{args.events} events, {len(samples)} edits: latencies "
          + ", ".join(f"{s['latency_ms']:.0f}" for s in samples) + " ms")
    print(f"median {summary['median_ms']:.0f} ms, max {summary['max_ms']:.0f} ms: the median {verdict} the "
          f"{TARGET_MS:.0f} ms target ({summary['within_target']}/{summary['count']} edits within it)")
    print("median phases: " + ", ".join(f"{k[:-3]} {v:.0f} ms" for k, v in phases.items()))
    if args.json:
        args.json.write_text(json.dumps({"events": args.events, "search": not args.no_search, "first_build_s": first_s,
                                         "samples": samples, "summary": summary, "median_phases": phases},
                                        indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
