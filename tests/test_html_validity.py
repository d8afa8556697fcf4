"""HTML validity: zero errors from the current W3C Nu HTML checker over every page
of the sample site and of a generated 200-event archive.

The checker is ``vnu-jar`` from the npm registry (``.ci/run`` installs it into
``.ci/node_modules``, see tests/lsp.py), run on Java (Debian:
default-jre-headless). Under CI a missing Java or jar fails the test; locally
it skips, saying why. Nothing is ignored: the checker knows CSP Level 3
(``'wasm-unsafe-eval'``, which Pagefind's WebAssembly needs).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from browser import require, sample_site  # noqa: F401 - pytest fixture
from conftest import REPO
from lsp import node_modules

from recap_site import builder

VNU = "vnu-jar@" + json.loads((REPO / ".ci" / "package.json").read_text())["dependencies"]["vnu-jar"]


def vnu_command() -> list[str]:
    java = shutil.which("java")
    require(java is not None, "Java is not installed (apt-get install default-jre-headless)")
    jar = node_modules() / "vnu-jar" / "build" / "dist" / "vnu.jar"
    require(jar.is_file(), f"the Nu HTML checker is not installed in {node_modules()} (npm install --prefix .ci)")
    return [java, "-Xss1024k", "-jar", str(jar)]


def errors(site: Path, pages: list[Path]) -> list[str]:
    result = subprocess.run([*vnu_command(), "--format", "json", "--also-check-css", *map(str, pages)],
                            capture_output=True, text=True, timeout=900)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{m['url'].split(str(site), 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
            for m in messages if m["type"] in ("error", "non-document-error")]


def test_the_checker_is_the_version_ci_installs():
    version = subprocess.run([*vnu_command(), "--version"], capture_output=True, text=True, timeout=120)
    assert (version.stdout or version.stderr).split()[0] == VNU.split("@")[1]


def test_every_page_of_the_sample_site_is_valid_html(sample_site):  # noqa: F811
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 50  # every page, not a few
    found = errors(sample_site, pages)
    assert found == [], "\n".join(found)


@pytest.mark.timeout(1200)
def test_every_page_of_a_200_event_archive_is_valid_html(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    import generate

    generate.generate(200, tmp_path / "corpus", tools=("recap",))
    out = tmp_path / "public"
    builder.build(tmp_path / "corpus" / "recap", out, search=False)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 600
    found = errors(out, pages)
    assert found == [], "\n".join(found[:50])
