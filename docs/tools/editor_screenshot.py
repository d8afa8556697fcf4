"""Make the editing guide's screenshots of completion and red underlines.

VS Code itself and its extension marketplace cannot be installed where the
docs are built, so the screenshots show Monaco, the editor component of VS
Code, running monaco-yaml, which is the same YAML language server that VS
Code's YAML extension runs, with the schema `recap schema` writes for the
sample site. All three come from the npm registry (editor-screenshot/package.json).

    python docs/tools/editor_screenshot.py      # writes docs/images/editor-*-light.png

Needs Node.js and npm, Chromium and Playwright (the test extra).
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

from recap_site import json_schema
from recap_site.paths import SCHEMA_FOLDER

HERE = Path(__file__).parent / "editor-screenshot"
REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "docs" / "images"

PATH = "/site/content/events/2025-03-04-netzwerktreffen-energie/event.yaml"
EVENT = """\
# yaml-language-server: $schema=../../../schemas/event.schema.json
draft: true
title:
  de: Netzwerktreffen Energie
start: 2025-03-04
format: Präsenz
venue:
  name: IHK Region Stuttgart
  city: Stuttgart
organizers: [servicestelle-industrieinitiativen]
topics: [fachkraefte, energie]
summmary: {de: Was vereinbart wurde}
kind: 
"""


def build(folder: Path) -> None:
    subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    esbuild = HERE / "node_modules" / "@esbuild" / "linux-x64" / "bin" / "esbuild"
    modules = HERE / "node_modules"
    for entry, out, extra in (
        (HERE / "main.js", "main.js", ["--loader:.ttf=file"]),
        (modules / "monaco-yaml" / "yaml.worker.js", "yaml.worker.js", []),
        (modules / "monaco-editor" / "esm" / "vs" / "editor" / "editor.worker.js", "editor.worker.js", []),
    ):
        subprocess.run([str(esbuild), str(entry), "--bundle", "--format=iife", f"--outfile={folder / out}", *extra],
                       check=True)
    shutil.copy(HERE / "index.html", folder / "index.html")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build(folder)
        # What `recap schema` writes into the sample site's folder.
        written = json_schema.write(folder / "site" / SCHEMA_FOLDER, json_schema.site_from(REPO))
        schema = json.loads(next(p for p in written if p.name == "event.schema.json").read_text(encoding="utf-8"))
        handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=shutil.which("chromium"))
                for theme, name in (("vs", "light"),):
                    page = browser.new_page(viewport={"width": 900, "height": 480}, device_scale_factor=1)
                    page.on("pageerror", lambda error: print("page error:", error))
                    page.goto(f"http://127.0.0.1:{server.server_port}/index.html")
                    page.evaluate("([t, p, th, sp, s]) => start(t, p, th, sp, s)",
                                  [EVENT, PATH, theme, "/site/schemas/event.schema.json", schema])
                    # Wait for the language server's red underlines, then ask for completion after "kind: ".
                    page.wait_for_function("monaco.editor.getModelMarkers({}).length >= 3", timeout=30000)
                    line = EVENT.splitlines().index("kind: ") + 1
                    page.evaluate(f"editor.setPosition({{lineNumber: {line}, column: 7}}); editor.focus();"
                                  "editor.trigger('docs', 'editor.action.triggerSuggest', {})")
                    page.wait_for_selector(".suggest-widget.visible .monaco-list-row", timeout=30000)
                    page.wait_for_timeout(500)
                    markers = page.evaluate(
                        "monaco.editor.getModelMarkers({}).map(m => [m.startLineNumber, m.severity, m.message])")
                    print(json.dumps(markers, ensure_ascii=False))
                    page.screenshot(path=str(OUT / f"editor-completion-{name}.png"))
                    # Then point at the mistyped topic: the message, and the field's help.
                    page.keyboard.press("Escape")
                    topics = EVENT.splitlines().index("topics: [fachkraefte, energie]") + 1
                    page.evaluate(f"editor.setPosition({{lineNumber: {topics}, column: 25}});"
                                  "editor.trigger('docs', 'editor.action.showHover', {})")
                    page.wait_for_selector(".monaco-hover:not(.hidden) .hover-contents", timeout=30000)
                    page.wait_for_timeout(500)
                    page.screenshot(path=str(OUT / f"editor-hover-{name}.png"))
                    page.close()
                browser.close()
        finally:
            server.shutdown()
    print(f"wrote {OUT}/editor-completion-*.png and editor-hover-*.png")


if __name__ == "__main__":
    main()
