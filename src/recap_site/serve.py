"""`recap serve`: a live preview for editors.

The site is built (drafts included) into a temporary folder and served from
there; the site folder is never written to. watchfiles reports changes under
content/, layouts/ and assets/, and each change rebuilds the site. Open pages
learn about a new build through Server-Sent Events from ``/__recap__/events``
and reload; a failed build shows its messages in the terminal and as an
overlay on the page, and the last good build stays online until a fix.

An edit of one event (its event.yaml or a recap) is shown at once: its pages
are rendered against the last build's model (:func:`builder.preview_event`)
and served from memory, and the full build follows in another thread a
moment later (``FOLLOW_UP`` seconds: the browser's reload comes first). The
full build replaces the previews; a page reloads again only if its file
came out different (its lists or related events changed with the edit). A full
build that fails drops the previews made before it: the pages are the last
good build's under the error's overlay.
Each open page tells the server its path and the version it was loaded
from, and is told to reload only when that page (or a file every page uses,
such as the style sheet) changed since.

The live-reload script is added to HTML responses by the server, so built
files (and `recap build`) never contain it.

Only files inside the output folder are served: a path with ``..`` (plain or
percent-encoded), an encoded slash or backslash, or a hidden name (``.git``)
gets 404, as does everything that does not exist (with the site's 404.html
when it has one).
"""

from __future__ import annotations

import http.server
import ipaddress
import json
import mimetypes
import os
import shutil
import signal
import socket
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, unquote, urlsplit

import watchfiles

from . import builder
from .config import where_is_the_site
from .errors import ContentErrors, RecapError
from .lastbuild import BuildResult
from .paths import SEARCH_FOLDER, request_path

LIVE = "/__recap__/"
WATCHED = ("content", "layouts", "assets")
KEEPALIVE = 15.0  # seconds between comments on an idle event stream
FOLLOW_UP = 0.5  # seconds from a preview to the full build (the reload of the previewed page goes first)
# Written files no page displays: a full build that writes only these and
# pages reloads just the pages it wrote (anything else reloads every page).
NOT_DISPLAYED = (".html", ".xml", ".ics", ".json", ".txt")

LIVE_SCRIPT = """\
// recap serve: reload when the site is rebuilt; show build errors and warnings.
(function () {
  "use strict";
  var given = new URL(document.currentScript.src).searchParams;
  var loaded = Number(given.get("v"));
  var run = given.get("run") || "";  // which run of recap serve made the page: a new one reloads it
  var german = (document.documentElement.lang || "").slice(0, 2) === "de";
  var words = german ? {
    failed: "recap serve: Die Seite konnte nicht gebaut werden. Korrigieren Sie die Datei und " +
            "speichern Sie sie; diese Seite lädt dann von selbst neu.",
    warnings: function (n) { return n === 1 ? "1 Warnung" : n + " Warnungen"; },
    hint: "Die Seite wird gebaut, aber dies sollten Sie prüfen:",
    close: "Schließen",
    title: "Fehler beim Bauen der Seite",
    stopped: "recap serve läuft nicht: Diese Seite zeigt Ihre Änderungen nicht mehr. Starten Sie " +
             "recap serve wieder; die Seite lädt dann von selbst neu."
  } : {
    failed: "recap serve: the site could not be built. Fix the file and save it; " +
            "this page reloads by itself.",
    warnings: function (n) { return n === 1 ? "1 warning" : n + " warnings"; },
    hint: "The site is built, but please check:",
    close: "Close",
    title: "The site could not be built",
    stopped: "recap serve is not running: this page no longer shows your changes. Start " +
             "recap serve again; the page then reloads by itself."
  };
  // The errors of a failed build: a dialog over the page, read first, closed with its button or
  // Escape (the page under it is the last good build) until the next build.
  var box = null, message = null, closer = null, before = null, opened = false;
  function hide() {
    box.hidden = true;
    if (before && before.focus) { before.focus(); }
  }
  function show(text) {
    if (!box) {
      box = document.createElement("div");
      box.id = "recap-serve-error";
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-modal", "true");
      box.setAttribute("aria-label", words.title);
      box.tabIndex = -1;
      var s = box.style;
      s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
      s.background = "rgba(20, 0, 0, 0.92)"; s.color = "#fff"; s.padding = "2rem";
      s.font = "14px/1.5 ui-monospace, monospace"; s.whiteSpace = "pre-wrap";
      closer = document.createElement("button");
      closer.type = "button"; closer.textContent = words.close;
      closer.style.font = "14px/1.5 system-ui, sans-serif"; closer.style.marginTop = "1rem";
      closer.addEventListener("click", hide);
      message = document.createElement("div");
      box.appendChild(message); box.appendChild(closer);
      box.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { hide(); }
        if (event.key === "Tab") { event.preventDefault(); closer.focus(); }  // the page under it waits
      });
      document.body.insertBefore(box, document.body.firstChild);  // read before the page
    }
    message.textContent = "";
    // What the editor types is kept whole on a narrow screen: "-->" is not broken after "-".
    (words.failed + "\\n\\n" + text).split(/(\\S*-\\S*)/).forEach(function (part, index) {
      if (index % 2 && part.length <= 24) {
        var whole = document.createElement("span");
        whole.style.whiteSpace = "nowrap";
        whole.textContent = part;
        message.appendChild(whole);
      } else {
        message.appendChild(document.createTextNode(part));
      }
    });
    if (box.hidden || !opened) {  // opened now: remember where the editor was, to go back there
      before = document.activeElement;
      opened = true;
      box.hidden = false;
      box.focus();
    }
  }
  function warn(lines) {
    var old = document.getElementById("recap-serve-warnings");
    if (old) { old.remove(); }
    var key = "recap-serve-dismissed";
    if (!lines.length || sessionStorage.getItem(key) === lines.join("\\n")) { return; }
    var panel = document.createElement("aside");
    panel.id = "recap-serve-warnings";
    panel.setAttribute("role", "status");
    panel.setAttribute("aria-label", words.warnings(lines.length));
    var s = panel.style;
    s.position = "fixed"; s.right = "0.75rem"; s.bottom = "0.75rem"; s.zIndex = "2147483646";
    s.maxWidth = "min(40rem, calc(100vw - 1.5rem))"; s.maxHeight = "50vh"; s.overflow = "auto";
    s.background = "#fff8e1"; s.color = "#3b2a00"; s.border = "2px solid #a15c00";
    s.borderRadius = "0.4rem"; s.padding = "0.75rem 1rem"; s.boxShadow = "0 2px 8px rgba(0,0,0,.3)";
    s.font = "14px/1.45 system-ui, sans-serif";
    var head = document.createElement("p");
    head.style.margin = "0 0 0.4rem"; head.style.fontWeight = "bold";
    head.textContent = words.warnings(lines.length) + " – " + words.hint;
    var list = document.createElement("ul");
    list.style.margin = "0"; list.style.paddingLeft = "1.2rem";
    list.style.font = "13px/1.45 ui-monospace, monospace"; list.style.overflowWrap = "anywhere";
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    var close = document.createElement("button");
    close.type = "button"; close.textContent = words.close;
    close.style.marginTop = "0.5rem"; close.style.font = "inherit";
    close.addEventListener("click", function () {
      sessionStorage.setItem(key, lines.join("\\n"));
      panel.remove();
    });
    panel.appendChild(head); panel.appendChild(list); panel.appendChild(close);
    document.body.appendChild(panel);
  }
  // A bar at the top while the server cannot be reached (stopped, or its terminal closed).
  var stopped = null, waiting = null;
  function away(gone) {
    if (!gone) {
      clearTimeout(waiting); waiting = null;
      if (stopped) { stopped.remove(); stopped = null; }
      return;
    }
    if (stopped || waiting) { return; }
    waiting = setTimeout(function () {  // not a moment's reconnection
      stopped = document.createElement("p");
      stopped.id = "recap-serve-stopped";
      stopped.setAttribute("role", "status");
      var s = stopped.style;
      s.position = "fixed"; s.top = "0"; s.left = "0"; s.right = "0"; s.zIndex = "2147483647"; s.margin = "0";
      s.background = "#3b2a00"; s.color = "#fff"; s.padding = "0.5rem 1rem";
      s.font = "14px/1.45 system-ui, sans-serif";
      stopped.textContent = words.stopped;
      document.body.appendChild(stopped);
    }, 2000);
  }
  // Only a page the editor can see keeps a connection: a browser opens at most six to one
  // server, and a seventh tab would wait for one of them. A page shown again reconnects and is
  // told at once whether it changed meanwhile.
  var events = null;
  function connect() {
    events = new EventSource("/__recap__/events?v=" + loaded + "&run=" + encodeURIComponent(run) +
                             "&path=" + encodeURIComponent(location.pathname));
    events.addEventListener("open", function () { away(false); });
    events.addEventListener("error", function () { away(true); });
    events.addEventListener("build", function (message) {
      var state = JSON.parse(message.data);
      // A page whose preview a failed build dropped shows the last good build first, then the errors.
      if (state.error && state.reload) { location.reload(); return; }  // loaded now, it is not told again
      if (state.error) { show(state.error); return; }
      if (state.reload || box) { location.reload(); return; }
      warn(state.warnings || []);
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && events) {
      events.close(); events = null; away(false);
    } else if (!document.hidden && !events) {
      connect();
    }
  });
  if (!document.hidden) { connect(); }
})();
"""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_path(output_dir: Path, raw_path: str) -> tuple[str, Path | str | None]:
    """Map a request path to ("file", path), ("redirect", location) or ("missing", None)."""
    path = urlsplit(raw_path).path
    if not path.startswith("/") or "\\" in path or "\x00" in path:
        return "missing", None
    segments = path.split("/")[1:]
    decoded = [unquote(segment) for segment in segments]
    for segment in decoded:
        # "..", ".", encoded separators, and hidden names (.git, .recap-cache, …)
        if segment.startswith(".") or "/" in segment or "\\" in segment or "\x00" in segment:
            return "missing", None
    root = output_dir.resolve()
    target = root.joinpath(*(s for s in decoded if s))
    try:
        target = target.resolve()
        target.relative_to(root)
    except (ValueError, OSError):
        return "missing", None
    if target.is_dir():
        if not path.endswith("/"):
            return "redirect", path + "/"
        target = target / "index.html"
    if target.is_file():
        return "file", target
    return "missing", None


def inject_script(html: bytes, version: int, run: str) -> bytes:
    """``version``: the build the page comes from; ``run``: which run of the server made it."""
    tag = f'<script src="{LIVE}live.js?v={version}&amp;run={run}"></script>\n'.encode()
    index = html.lower().rfind(b"</body>")
    if index < 0:
        return html + tag
    return html[:index] + tag + html[index:]


class DevServer:
    """Builds, watches and serves one site. Use as a context manager, or
    call :meth:`start` and :meth:`close`."""

    def __init__(self, source: Path, host: str = "127.0.0.1", port: int = 8000, *,
                 echo: Callable[[str], None] = print, debounce_ms: int = 50, search: bool = True) -> None:
        self.source = source
        self.host = host
        self.port = port
        self.echo = echo
        # How long the watcher waits for more changes after one: an editor's
        # save (temporary file, rename) takes a few milliseconds; 200 ms here
        # was most of the time to notice an edit (bench/serve_latency.py).
        self.debounce_ms = debounce_ms
        self.search = search
        self.version = 0
        self.run = os.urandom(6).hex()  # this run of the server: a page made by another one is reloaded
        self.error: str | None = None
        self.warnings: tuple[str, ...] = ()  # of the last good full build, shown in the pages
        # version -> the URL paths of the pages it changed; None: every page (a style sheet, the first build)
        self.changes: dict[int, frozenset[str] | None] = {}
        self.model: builder.Model | None = None  # of the last good full build, for previews
        self.previews = 0  # previews made so far
        self.overlay: dict[str, tuple[int, bytes]] = {}  # output path -> (preview number, page): newer than disk
        self.changed = threading.Condition()  # guards the state above; notified on each new version
        self.stopping = threading.Event()
        self.watching = threading.Event()  # set once the watcher sees changes
        self.build_lock = threading.Lock()
        self.dirty = threading.Event()  # a full build is due
        self.reasons: list[str] = []  # what changed since the last full build began
        self.previewed_at = float("-inf")  # time.monotonic() of the last preview
        self.workdir: Path | None = None
        self.httpd: http.server.ThreadingHTTPServer | None = None
        self.threads: list[threading.Thread] = []

    # Lifecycle -----------------------------------------------------------
    def __enter__(self) -> "DevServer":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @property
    def output_dir(self) -> Path:
        assert self.workdir is not None
        return self.workdir / "site"

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def start(self) -> None:
        self.listen()
        self.workdir = Path(tempfile.mkdtemp(prefix="recap-serve-"))
        self.rebuild("start")
        serve = lambda: self.httpd.serve_forever(poll_interval=0.1)  # noqa: E731 - quick to stop
        for target, name in ((serve, "recap-http"), (self._watch, "recap-watch"), (self._build, "recap-build")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self.threads.append(thread)

    def listen(self) -> None:
        """Take the port (once): a port in use is an error before anything is announced or built."""
        if self.httpd is not None:
            return
        if not (self.source / "content").is_dir():
            raise RecapError(f"no content/ folder in {self.source.resolve()}; " + where_is_the_site(self.source))
        handler = type("Handler", (_Handler,), {"dev": self})
        server_class = type("Server", (http.server.ThreadingHTTPServer,), {"daemon_threads": True})
        if ":" in self.host:
            server_class.address_family = socket.AF_INET6
        try:
            self.httpd = server_class((self.host, self.port), handler)
        except OSError as exc:
            raise RecapError(f"cannot listen on {self.host}:{self.port} ({exc.strerror}); "
                             f"try another --port") from None
        self.port = self.httpd.server_address[1]

    def close(self) -> None:
        self.stopping.set()
        self.dirty.set()
        with self.changed:
            self.changed.notify_all()
        if self.httpd is not None:
            if self.threads:  # shutdown() waits for serve_forever(), which runs only once started
                self.httpd.shutdown()
            self.httpd.server_close()
        for thread in self.threads:
            thread.join(timeout=5)
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def serve_forever(self, announce: Callable[[str], None] | None = None) -> None:
        """For the CLI: run until Ctrl+C or SIGTERM, which stop it alike,
        during the first build too; the temporary build folder goes with it.
        ``announce(url)`` is called once the port is taken, before the first build."""
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _interrupt)
        try:
            self.listen()
            if announce is not None:
                announce(self.url)
            self.start()
            while not self.stopping.wait(1.0):
                pass
        except KeyboardInterrupt:
            self.echo("Stopped.")
        finally:
            self.close()

    # Building ------------------------------------------------------------
    def rebuild(self, reason: str) -> None:
        """A full build into the output folder, replacing the previews made before it began."""
        with self.build_lock:
            started = time.perf_counter()
            with self.changed:
                previews_before = self.previews
            result = None
            try:
                result = builder.build(self.source, self.output_dir, base_url=self.url, drafts=True,
                                       search=self.search)
            except ContentErrors as exc:  # the errors first: above the warnings, where the page shows them
                ordered = sorted(exc.problems, key=lambda problem: problem.severity != "error")
                errors = sum(1 for problem in exc.problems if problem.severity == "error")
                error = "\n".join([*map(str, ordered), f"{errors} error(s): the preview shows the last good build "
                                                        "until they are fixed; your files are as you saved them."])
            except RecapError as exc:
                error = exc.format_message()
            except Exception:  # a bug must not end the preview; show it like a content error
                error = "recap-site failed unexpectedly:\n" + traceback.format_exc()
            else:
                error = None
                warnings = tuple(str(p) for p in sorted(p for p in result.problems if p.severity == "warning"))
                with self.changed:
                    same = warnings == self.warnings and self.version > 0
                for line in () if same else warnings:  # the same list again is only counted
                    self.echo(line)
                again = " (as before)" if same and warnings else ""
                self.echo(f"{reason}: built {result.pages} pages in {time.perf_counter() - started:.2f} s; "
                          f"{result.warnings} warning(s){again}. {self.url}")
            if error is not None:
                shows = ("the preview shows the last good build" if self.model is not None
                         else "there is no good build yet: the pages show the errors until they are fixed")
                self.echo(f"{reason}: the build failed; {shows}.\n{error}")
            with self.changed:
                changes = self._dropped(previews_before) if result is None else \
                    self._changed_pages(result, previews_before)
                if result is not None:
                    self.warnings = warnings
                if result is not None and result.model is not None:
                    self.model = result.model
                self._publish(changes, error)

    def _changed_pages(self, result: BuildResult, previews_before: int) -> frozenset[str] | None:
        """The URL paths a full build changed (called holding ``changed``).

        It replaces the previews made before it began: a page it wrote just
        as previewed has not changed for its readers.
        """
        replaced = {path: data for path, (number, data) in self.overlay.items() if number <= previews_before}
        for path in replaced:
            del self.overlay[path]
        if self.version == 0:
            return None
        pages = set()
        for path in result.written:
            if not path.endswith(NOT_DISPLAYED) and not path.startswith(SEARCH_FOLDER + "/"):
                return None  # a style sheet, a script, an image: every page may look different
            if path.endswith(".html") and not self._same(path, replaced.pop(path, None)):
                pages.add(request_path(path))
        # A preview the build did not write again: the page is as before the preview.
        pages.update(request_path(path) for path, data in replaced.items() if not self._same(path, data))
        return frozenset(pages)

    def _dropped(self, previews_before: int) -> frozenset[str]:
        """After a failed full build: the previews made before it began go (called holding
        ``changed``), and their pages are the last good build's again, as the terminal says;
        the URL paths of those pages."""
        dropped = [path for path, (number, _) in self.overlay.items() if number <= previews_before]
        for path in dropped:
            del self.overlay[path]
        return frozenset(request_path(path) for path in dropped)

    def _same(self, path: str, data: bytes | None) -> bool:
        try:
            return data is not None and (self.output_dir / path).read_bytes() == data
        except OSError:
            return False

    def _publish(self, changes: frozenset[str] | None, error: str | None) -> None:
        """A new version for the open pages (called holding ``changed``)."""
        self.version += 1
        self.changes[self.version] = changes
        self.error = error
        self.changed.notify_all()

    def preview(self, paths: list[Path], reason: str) -> bool:
        """Show an edit of one event at once, from memory (see the module's doc); False when it cannot be."""
        started = time.perf_counter()
        with self.changed:
            model = self.model if self.error is None else None
        if model is None:
            return False
        try:
            outputs = builder.preview_event(model, paths)
        except Exception:  # noqa: BLE001 - whatever went wrong, the full build reports it
            outputs = None
        if not outputs:
            return False
        self.echo(f"{reason}: previewed {len(outputs)} page(s) in {time.perf_counter() - started:.3f} s; "
                  f"the full build follows.")
        with self.changed:
            self.previews += 1
            for output in outputs:
                self.overlay[output.path] = (self.previews, output.data)
            self._publish(frozenset(request_path(output.path) for output in outputs), None)
        return True

    def page(self, path: str) -> bytes | None:
        """A preview of the page at this output path, if one is newer than the file."""
        with self.changed:
            found = self.overlay.get(path)
        return found[1] if found is not None else None

    def state(self) -> tuple[int, str | None]:
        with self.changed:
            return self.version, self.error

    def shown_warnings(self) -> tuple[str, ...]:
        with self.changed:
            return self.warnings

    def wait_for_build(self, after: int, timeout: float) -> tuple[int, str | None]:
        """The state once its version is past ``after``, or as is at the timeout."""
        with self.changed:
            self.changed.wait_for(lambda: self.version > after or self.stopping.is_set(), timeout)
            return self.version, self.error

    def needs_reload(self, page: str, loaded: int, run: str | None = None) -> bool:
        """Whether the page at URL path ``page``, loaded from version ``loaded`` of the server's
        run ``run``, is out of date."""
        with self.changed:
            if (run is not None and run != self.run) or loaded > self.version:  # a page of an earlier run
                return True
            path = request_path(unquote(page).lstrip("/"))  # "/de/x/index.html" is "/de/x/"
            for version in range(loaded + 1, self.version + 1):
                changes = self.changes.get(version)
                if changes is None or path in changes:
                    return True
            return loaded < self.version and resolve_path(self.output_dir, page)[0] == "missing"

    def _watch(self) -> None:
        folders = [self.source / name for name in WATCHED if (self.source / name).is_dir()]
        for changes in watchfiles.watch(*folders, stop_event=self.stopping, debounce=1600,
                                        step=self.debounce_ms, rust_timeout=250, yield_on_timeout=True,
                                        raise_interrupt=False):
            self.watching.set()
            if not changes or self.stopping.is_set():
                continue
            paths = sorted({Path(path) for _, path in changes})
            # An editor's temporary files (sedXXXXXX, 4913, ~ backups) are gone by now: not named.
            present = [path for path in paths if path.exists()] or paths
            names = sorted({_relative(path, self.source) for path in present})
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            reason = f"Changed {shown}"
            previewed = self.preview(paths, reason)
            with self.changed:
                self.reasons.append(reason)
                if previewed:
                    self.previewed_at = time.monotonic()
            self.dirty.set()

    def _build(self) -> None:
        """The full builds, one after the other, each for every change made before it began."""
        while True:
            self.dirty.wait()
            if self.stopping.is_set():
                return
            with self.changed:
                pause = FOLLOW_UP - (time.monotonic() - self.previewed_at)
            if pause > 0 and self.stopping.wait(pause):
                return
            self.dirty.clear()
            with self.changed:
                reasons, self.reasons = self.reasons, []
            self.rebuild("; ".join(dict.fromkeys(reasons)) or "Changed")


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


class _Handler(http.server.BaseHTTPRequestHandler):
    dev: DevServer
    server_version = "recap-serve"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet: the terminal is for build news
        pass

    def do_HEAD(self) -> None:  # noqa: N802
        self.respond(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self.respond(head=False)

    def respond(self, head: bool) -> None:
        if not self.host_allowed():
            return self.send(403, "text/plain; charset=utf-8", b"Unknown host\n", head)
        path = urlsplit(self.path).path
        if path == LIVE + "events":
            return self.event_stream(head)
        if path == LIVE + "live.js":
            return self.send(200, "text/javascript; charset=utf-8", LIVE_SCRIPT.encode(), head)
        version, error = self.dev.state()
        kind, found = resolve_path(self.dev.output_dir, self.path)
        if kind == "redirect":
            self.send_response(301)
            self.send_header("Location", found)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if kind == "file":
            return self.send_file(200, found, version, head, self.preview_of(found))
        if error is not None and not (self.dev.output_dir / "index.html").is_file():
            body = "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>" \
                   '<meta name="viewport" content="width=device-width, initial-scale=1">' \
                   "<title>Build failed</title></head><body><h1>The site could not be built</h1>" \
                   "<p>Its errors are shown over this page and in the terminal. Fix the file and save it; this " \
                   "page then reloads by itself.</p>" \
                   '<p lang="de">Die Website konnte nicht gebaut werden. Die Fehler stehen über dieser Seite und ' \
                   "im Terminal. Korrigieren und speichern Sie die Datei; diese Seite lädt dann von selbst neu.</p>" \
                   "</body></html>"
            return self.send(500, "text/html; charset=utf-8", inject_script(body.encode(), version, self.dev.run), head)
        not_found = self.dev.output_dir / "404.html"
        if not_found.is_file():
            return self.send_file(404, not_found, version, head)
        body = b"<!DOCTYPE html><html><head><meta charset=utf-8><title>Not found</title></head>" \
               b"<body><h1>404 Not Found</h1></body></html>"
        self.send(404, "text/html; charset=utf-8", inject_script(body, version, self.dev.run), head)

    def host_allowed(self) -> bool:
        """On loopback, answer only requests for a loopback name: another web
        site cannot reach the preview through DNS rebinding."""
        if not is_loopback(self.dev.host):
            return True
        host = self.headers.get("Host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return is_loopback(name.strip("[]"))

    def preview_of(self, file: Path) -> bytes | None:
        try:
            return self.dev.page(file.relative_to(self.dev.output_dir.resolve()).as_posix())
        except ValueError:
            return None

    def send_file(self, status: int, path: Path, version: int, head: bool, data: bytes | None = None) -> None:
        """The file at ``path``, or ``data`` in its place (a preview)."""
        try:
            if data is None:
                data = path.read_bytes()
        except OSError:  # swapped away by a rebuild in between
            return self.send(404, "text/plain; charset=utf-8", b"Not found\n", head)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type == "text/html":
            data = inject_script(data, version, self.dev.run)
        if content_type.startswith("text/") or content_type in ("application/javascript", "application/json",
                                                                 "image/svg+xml", "application/xml"):
            content_type += "; charset=utf-8"
        self.send(status, content_type, data, head)

    def send(self, status: int, content_type: str, data: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def event_stream(self, head: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if head:
            return
        query = parse_qs(urlsplit(self.path).query)
        page = query.get("path", [None])[0]
        loaded = query.get("v", [""])[0]
        loaded = int(loaded) if loaded.isdigit() else None
        run = query.get("run", [None])[0]
        seen = -1
        first = True
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not self.dev.stopping.is_set():
                version, error = self.dev.wait_for_build(seen, KEEPALIVE) if seen >= 0 else self.dev.state()
                if version == seen:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    seen = version
                    # A client that gives no page and version is told to reload on every new version.
                    if page is not None and loaded is not None:
                        reload = self.dev.needs_reload(page, loaded, run)
                    else:
                        reload = not first
                    first = False
                    data = json.dumps({"version": version, "error": error, "reload": reload,
                                       "warnings": list(self.dev.shown_warnings())})
                    self.wfile.write(f"event: build\ndata: {data}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass  # the page was closed
