"""`recap serve`: a live preview for editors.

The site is built (drafts included) into a temporary folder and served from
there; the site folder is never written to. watchfiles reports changes under
content/, layouts/ and assets/, and each change rebuilds the site. Open pages
learn about a new build through Server-Sent Events from ``/__recap__/events``
and reload; a failed build shows its messages in the terminal and as an
overlay on the page, and the last good build stays online until a fix.

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
import shutil
import signal
import socket
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

import watchfiles

from . import builder
from .errors import RecapError

LIVE = "/__recap__/"
WATCHED = ("content", "layouts", "assets")
KEEPALIVE = 15.0  # seconds between comments on an idle event stream

LIVE_SCRIPT = """\
// recap serve: reload when the site is rebuilt; show build errors.
(function () {
  "use strict";
  var loaded = Number(new URL(document.currentScript.src).searchParams.get("v"));
  var box = null;
  function show(text) {
    if (!box) {
      box = document.createElement("div");
      box.id = "recap-serve-error";
      box.setAttribute("role", "alert");
      var s = box.style;
      s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
      s.background = "rgba(20, 0, 0, 0.92)"; s.color = "#fff"; s.padding = "2rem";
      s.font = "14px/1.5 ui-monospace, monospace"; s.whiteSpace = "pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "recap serve: the site could not be built. Fix the file and save; " +
      "this page reloads by itself.\\n\\n" + text;
  }
  var events = new EventSource("/__recap__/events");
  events.addEventListener("build", function (message) {
    var state = JSON.parse(message.data);
    if (state.error) { show(state.error); return; }
    if (state.version !== loaded) { location.reload(); return; }
    if (box) { box.remove(); box = null; }
  });
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


def inject_script(html: bytes, version: int) -> bytes:
    tag = f'<script src="{LIVE}live.js?v={version}"></script>\n'.encode()
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
        self.error: str | None = None
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        self.watching = threading.Event()  # set once the watcher sees changes
        self.build_lock = threading.Lock()
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
        if not (self.source / "content").is_dir():
            raise RecapError(f"no content/ folder in {self.source}; is --source the site folder?")
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
        self.workdir = Path(tempfile.mkdtemp(prefix="recap-serve-"))
        self.rebuild("start")
        serve = lambda: self.httpd.serve_forever(poll_interval=0.1)  # noqa: E731 - quick to stop
        for target, name in ((serve, "recap-http"), (self._watch, "recap-watch")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self.threads.append(thread)

    def close(self) -> None:
        self.stopping.set()
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

    def serve_forever(self) -> None:
        """For the CLI: run until Ctrl+C or SIGTERM, which stop it alike,
        during the first build too; the temporary build folder goes with it."""
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _interrupt)
        try:
            self.start()
            while not self.stopping.wait(1.0):
                pass
        except KeyboardInterrupt:
            self.echo("Stopped.")
        finally:
            self.close()

    # Building ------------------------------------------------------------
    def rebuild(self, reason: str) -> None:
        with self.build_lock:
            started = time.perf_counter()
            try:
                result = builder.build(self.source, self.output_dir, base_url=self.url, drafts=True,
                                       search=self.search)
            except RecapError as exc:
                error = exc.format_message()
            except Exception:  # a bug must not end the preview; show it like a content error
                error = "recap-site failed unexpectedly:\n" + traceback.format_exc()
            else:
                error = None
                for problem in sorted(p for p in result.problems if p.severity == "warning"):
                    self.echo(str(problem))
                self.echo(f"{reason}: built {result.pages} pages in {time.perf_counter() - started:.2f} s; "
                          f"{result.warnings} warning(s). {self.url}")
            if error is not None:
                self.echo(f"{reason}: the build failed; the preview shows the last good build.\n{error}")
            with self.changed:
                self.version += 1
                self.error = error
                self.changed.notify_all()

    def state(self) -> tuple[int, str | None]:
        with self.changed:
            return self.version, self.error

    def wait_for_build(self, after: int, timeout: float) -> tuple[int, str | None]:
        """The state once its version is past ``after``, or as is at the timeout."""
        with self.changed:
            self.changed.wait_for(lambda: self.version > after or self.stopping.is_set(), timeout)
            return self.version, self.error

    def _watch(self) -> None:
        folders = [self.source / name for name in WATCHED if (self.source / name).is_dir()]
        for changes in watchfiles.watch(*folders, stop_event=self.stopping, debounce=1600,
                                        step=self.debounce_ms, rust_timeout=250, yield_on_timeout=True,
                                        raise_interrupt=False):
            self.watching.set()
            if not changes or self.stopping.is_set():
                continue
            names = sorted({_relative(Path(path), self.source) for _, path in changes})
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            self.rebuild(f"Changed {shown}")


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
            return self.send_file(200, found, version, head)
        if error is not None and not (self.dev.output_dir / "index.html").is_file():
            body = "<!DOCTYPE html><html><head><meta charset=utf-8><title>Build failed</title></head>" \
                   "<body><h1>The site could not be built</h1><p>See the terminal.</p></body></html>"
            return self.send(500, "text/html; charset=utf-8", inject_script(body.encode(), version), head)
        not_found = self.dev.output_dir / "404.html"
        if not_found.is_file():
            return self.send_file(404, not_found, version, head)
        body = b"<!DOCTYPE html><html><head><meta charset=utf-8><title>Not found</title></head>" \
               b"<body><h1>404 Not Found</h1></body></html>"
        self.send(404, "text/html; charset=utf-8", inject_script(body, version), head)

    def host_allowed(self) -> bool:
        """On loopback, answer only requests for a loopback name: another web
        site cannot reach the preview through DNS rebinding."""
        if not is_loopback(self.dev.host):
            return True
        host = self.headers.get("Host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return is_loopback(name.strip("[]"))

    def send_file(self, status: int, path: Path, version: int, head: bool) -> None:
        try:
            data = path.read_bytes()
        except OSError:  # swapped away by a rebuild in between
            return self.send(404, "text/plain; charset=utf-8", b"Not found\n", head)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type == "text/html":
            data = inject_script(data, version)
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
        seen = -1
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not self.dev.stopping.is_set():
                version, error = self.dev.wait_for_build(seen, KEEPALIVE) if seen >= 0 else self.dev.state()
                if version == seen:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    seen = version
                    data = json.dumps({"version": version, "error": error})
                    self.wfile.write(f"event: build\ndata: {data}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass  # the page was closed
