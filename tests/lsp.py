"""A small Language Server Protocol client, for the YAML language server.

VS Code's YAML extension runs ``yaml-language-server`` (npm) and shows what it
answers: diagnostics as red underlines, completion items, hover help. The
tests drive the same server over stdio, so they see what an editor shows.

The server comes from the npm registry; ``.ci/run`` installs it into
``.ci/node_modules`` (or ``$RECAP_NODE_MODULES``). Under CI a missing server
fails the tests; locally they skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from queue import Empty, Queue
from urllib.parse import unquote, urlsplit

from browser import require
from conftest import REPO

YAML_LANGUAGE_SERVER = "yaml-language-server@" + json.loads(
    (REPO / ".ci" / "package.json").read_text())["dependencies"]["yaml-language-server"]


def node_modules() -> Path:
    return Path(os.environ.get("RECAP_NODE_MODULES", REPO / ".ci" / "node_modules"))


def server_command() -> list[str]:
    node = shutil.which("node")
    require(node is not None, "Node.js is not installed (apt-get install nodejs npm)")
    script = node_modules() / "yaml-language-server" / "bin" / "yaml-language-server"
    require(script.is_file(), f"yaml-language-server is not installed in {node_modules()} "
                              f"(npm install --prefix .ci {YAML_LANGUAGE_SERVER})")
    return [node, str(script), "--stdio"]


class Client:
    def __init__(self, root: Path, settings: dict) -> None:
        self.settings = settings
        self.process = subprocess.Popen(server_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.messages: Queue = Queue()
        self.diagnostics: dict[str, list] = {}
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri(),
            "capabilities": {"textDocument": {"completion": {"completionItem": {"snippetSupport": False}},
                                              "hover": {"contentFormat": ["plaintext", "markdown"]},
                                              "publishDiagnostics": {}},
                             "workspace": {"configuration": True}},
            "workspaceFolders": [{"uri": root.as_uri(), "name": "site"}],
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    # Wire -------------------------------------------------------------------------------
    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            message = json.loads(stream.read(length))
            if message.get("method") == "textDocument/publishDiagnostics":
                self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
            elif message.get("method") == "workspace/configuration":  # the settings, section by section
                items = message["params"]["items"]
                self._send({"id": message["id"], "result": [
                    self.settings.get(item.get("section", ""), self.settings) for item in items]})
            elif message.get("method") == "vscode/content":  # a schema file, read by the editor for the server
                uri = message["params"][0] if isinstance(message["params"], list) else message["params"]
                path = Path(unquote(urlsplit(uri).path)) if uri.startswith("file:") else Path(uri)
                self._send({"id": message["id"], "result": path.read_text(encoding="utf-8")})
            elif "id" in message and "method" in message:  # other requests from the server
                self._send({"id": message["id"], "result": None})
            else:
                self.messages.put(message)

    def notify(self, method: str, params: dict) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict, timeout: float = 30) -> object:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self.messages.get(timeout=max(0.1, deadline - time.monotonic()))
            except Empty:
                raise AssertionError(f"no answer to {method} within {timeout} s") from None
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message.get("result")

    # Editor actions ---------------------------------------------------------------------
    def open(self, path: Path) -> str:
        uri = path.as_uri()
        self.diagnostics.pop(uri, None)
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}})
        return uri

    def wait_for_diagnostics(self, uri: str, timeout: float = 30) -> list:
        deadline = time.monotonic() + timeout
        while uri not in self.diagnostics:
            if time.monotonic() > deadline:
                raise AssertionError(f"the server published no diagnostics for {uri} within {timeout} s")
            time.sleep(0.05)
        return self.diagnostics[uri]

    def completion(self, uri: str, line: int, character: int) -> list[str]:
        result = self.request("textDocument/completion", {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        items = result.get("items", []) if isinstance(result, dict) else (result or [])
        return [item["label"] for item in items]

    def hover(self, uri: str, line: int, character: int) -> str:
        result = self.request("textDocument/hover", {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        contents = (result or {}).get("contents", "")
        return contents.get("value", "") if isinstance(contents, dict) else str(contents)

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except Exception:  # noqa: BLE001 - the process is killed below either way
            pass
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
