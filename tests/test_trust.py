"""Nothing that arrives in a site folder can put script on the site, leak a
secret, hang the build or crash it (SECURITY.md, "Boundaries").

One test (or group) per boundary; each input that used to get through is
shown here with the exact message it gets now.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from xml.etree import ElementTree
from pathlib import Path

import pytest
from conftest import MINIMAL, REPO, TINY_PNG, build, cache_of, check, error_lines, run, write_site
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from bs4 import BeautifulSoup
from PIL import Image
from test_property import MARKDOWN_TOKENS, event_record, tokens

import yaml

from recap_site.markdown import LinkContext, RecapMarkdown

EVENT = "content/events/2023-09-05-treffen"
FACTS = "title: T\nstart: 2023-09-05\nkind: forum\nformat: online\n"
LINK_OUT = ("is a link to a place outside content/; recap-site reads only what is inside content/: "
            "put a copy here instead of a link")


def contents(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def sample_site(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    shutil.copytree(REPO / "content", root / "content")
    return root


# 1. Caches ---------------------------------------------------------------------------------


def test_a_cache_committed_into_the_site_folder_changes_nothing(tmp_path):
    """A pull request commits `.recap-cache/` (git add -f) with script in every
    cached recap and a forged picture; a fresh clone builds the same site as
    one that never had a cache."""
    clean = sample_site(tmp_path, "clean")
    expected = contents(build(clean, "--no-search"))

    root = sample_site(tmp_path, "attacked")
    build(root, "--no-search")
    planted = root / ".recap-cache"
    shutil.copytree(cache_of(root), planted)
    (planted / "state.json").unlink()  # no shortcut: every entry would be used
    for shard in planted.glob("markdown-*.json"):
        markdown = json.loads(shard.read_text(encoding="utf-8"))
        markdown["entries"] = {key: ["<script>alert(1)</script>" + value[0], *value[1:]]
                               for key, value in markdown["entries"].items()}
        shard.write_text(json.dumps(markdown), encoding="utf-8")
    for shard in planted.glob("feeds-*.json"):
        feeds = json.loads(shard.read_text(encoding="utf-8"))
        feeds["entries"] = {key: value.replace("SUMMARY:", "SUMMARY:<script>") for key, value in feeds["entries"].items()}
        shard.write_text(json.dumps(feeds), encoding="utf-8")
    assert "alert(1)" in "".join(path.read_text(encoding="utf-8") for path in planted.glob("markdown-*.json"))
    for rendition in planted.glob("images/*/*/*.png"):
        rendition.write_bytes(b"<svg onload=alert(1)>")
    # What a fresh clone is: new files, no cache of its own, no previous output.
    shutil.rmtree(cache_of(root))
    shutil.rmtree(root / "public")
    for path in (root / "content").rglob("*"):
        os.utime(path)

    result = run("build", "--source", str(root), "--output", str(root / "public"), "--no-search")
    assert result.exit_code == 0, result.output
    assert (".recap-cache: note: this folder is not read: the build cache lives in "
            f"{cache_of(root)} now, outside the site folder (SECURITY.md); you may delete it") in result.output
    assert contents(root / "public") == expected
    assert not [p for p in (root / "public").rglob("*") if p.is_file() and b"alert(1)" in p.read_bytes()]


def test_the_cache_may_not_be_put_inside_the_site_folder(site, monkeypatch):
    root = site()
    monkeypatch.setenv("RECAP_CACHE_DIR", str(root / "cache"))
    result = run("build", "--source", str(root))
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"RECAP_CACHE_DIR ({(root / 'cache').resolve()}) is inside the site folder {root.resolve()}; "
        "the build cache must live where no pull request can put files: choose a folder outside the site")


def test_the_ci_workflows_keep_the_cache_from_forks():
    """The cache is restored and saved only by the repository's own runs (docs/performance.md says why)."""
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    cached = [step for step in steps if str(step.get("uses", "")).startswith("actions/cache")]
    assert cached, "the workflow keeps the build cache"
    for step in cached:
        assert "github.event.pull_request.head.repo.full_name == github.repository" in step["if"]
        assert step["with"]["path"] == "${{ runner.temp }}/recap-cache"
    for step in steps:
        if str(step.get("run", "")).startswith("recap "):
            assert step["env"]["RECAP_CACHE_DIR"] == "${{ runner.temp }}/recap-cache", step
    gitlab = yaml.safe_load((REPO / "docs/gitlab-ci.yml").read_text(encoding="utf-8"))
    for job in ("check", "build"):  # both read the cache; the check job only reads it
        script = "\n".join(gitlab[job]["before_script"])
        assert "git ls-files --error-unmatch .recap-ci-cache" in script  # a committed cache stops the job
        assert gitlab[job]["variables"]["RECAP_CACHE_DIR"] == "/tmp/recap-cache"
    assert [c.get("policy") for c in gitlab["check"]["cache"]] == [None, "pull"]


# 2. Bundle files -------------------------------------------------------------------------


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:  # members in another order than Word's: found all the same
        archive.writestr("docProps/app.xml", "<x/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


FILES = {
    "evil.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "report.html": b"<html><script>alert(1)</script></html>",
    "x.js": b"alert(1)",
    "fake.pdf": b"<html><script>alert(1)</script></html>",
    "table.csv": b"<!DOCTYPE html><script>alert(1)</script>",
    "termin.ics": b"SUMMARY:x\n",
    "setup.exe": b"MZ\x90\x00",
    "plan.pdf": b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n",
    "bericht.docx": docx(),
    "teilnehmer.csv": "Name;Ort\nMüller;Köln\n".encode("utf-8"),
    "kalender.ics": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
    "notiz.txt": b"Zwei Zeilen\nText\n",
}
REFUSED = {
    "evil.svg": "'evil.svg' is not published: an SVG picture can carry script that runs on this site; "
                "convert it to PNG and link the PNG",
    "report.html": "'report.html' is not published: an HTML page would run its script on this site; "
                   "link the page where it is published instead",
    "x.js": "'x.js' is not published: a script is never published from an event's folder",
    "fake.pdf": "'fake.pdf' is not published: the name says a PDF document, but its content is of no type "
                "recap-site knows; save the file again in its real format, or give it the right ending",
    "table.csv": "'table.csv' is not published: the name says a CSV table, but it holds HTML or XML, which a "
                 "browser might run as a page; save it again as plain text",
    "termin.ics": "'termin.ics' is not published: a calendar file starts with BEGIN:VCALENDAR; export it "
                  "again from your calendar program",
    "setup.exe": "'setup.exe' is not published: an event's folder may publish pictures and documents (.csv, "
                 ".doc, .docx, .ics, .jpg, .odp, .ods, .odt, .pdf, .png, .ppt, .pptx, .txt, .webp, .xls, .xlsx, "
                 ".zip); link other files where they are published instead",
}


def test_bundle_files_are_published_only_as_allowed_types_checked_by_content(site):
    names = list(FILES)
    recap = "".join(f"[{name}]({name})\n\n" for name in names)  # the link to names[i] is on line 2i+1
    root = site({**{f"{EVENT}/{name}": data for name, data in FILES.items()}, f"{EVENT}/de.md": recap})
    result = check(root)
    assert result.exit_code == 1
    assert error_lines(result) == [f"{EVENT}/de.md:{2 * names.index(name) + 1}: error: {message}"
                                   for name, message in sorted(REFUSED.items(), key=lambda i: names.index(i[0]))]
    # What may be published is, as it is.
    for name in REFUSED:
        (root / EVENT / name).unlink()
    write_site(root, {f"{EVENT}/de.md": "".join(f"[{n}]({n})\n\n" for n in names if n not in REFUSED)})
    out = build(root, "--no-search")
    for name in set(FILES) - set(REFUSED):
        assert (out / "media/2023-09-05-treffen" / name).read_bytes() == FILES[name]
    assert not [p for p in out.rglob("*") if p.suffix in (".svg", ".html", ".js") and "media" in p.parts]


def test_a_picture_named_in_the_facts_must_be_a_picture_type(site):
    root = site({f"{EVENT}/evil.svg": FILES["evil.svg"],
                 f"{EVENT}/event.yaml": FACTS + "images:\n  - {file: evil.svg, alt: Logo}\n"})
    assert error_lines(check(root)) == [f"{EVENT}/event.yaml:6: error: images[1].file: {REFUSED['evil.svg']}"]


# 3. Files outside content/ -------------------------------------------------------------------


def test_a_recap_linked_to_a_secret_in_the_site_folder_is_refused(site):
    root = site()
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text('[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n')
    (root / ".env").write_text("TOKEN=secret\n")
    (root / EVENT / "en.md").unlink()
    os.symlink("../../../.git/config", root / EVENT / "en.md")
    os.symlink("../../../.env", root / EVENT / "notes.txt")
    write_site(root, {f"{EVENT}/de.md": "Siehe [Notizen](notes.txt).\n"})
    result = check(root)
    assert error_lines(result) == [
        f"{EVENT}/de.md:1: error: 'notes.txt' is a link to a place outside the event's folder; recap-site "
        "reads only what is inside the event's folder: put a copy here instead of a link",
        f"{EVENT}/en.md: error: {LINK_OUT}",
    ]


def test_a_hard_link_is_refused(site):
    root = site()
    (root / "secret.txt").write_text("TOKEN=secret\n")
    (root / EVENT / "en.md").unlink()
    os.link(root / "secret.txt", root / EVENT / "en.md")
    assert error_lines(check(root)) == [
        f"{EVENT}/en.md: error: is a hard link (the same file has 2 names); recap-site reads only files that "
        "exist once: replace it with a copy"]


def test_a_layout_linked_outside_its_folder_is_refused(site):
    root = site()
    (root / ".env").write_text("TOKEN=secret\n")
    (root / "layouts" / "partials").mkdir(parents=True)
    os.symlink("../../.env", root / "layouts" / "partials" / "languages.html")
    result = run("build", "--source", str(root), "--no-search")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-2:] == [
        "layouts/partials/languages.html: error: is a link to a place outside layouts/; recap-site reads only "
        "what is inside layouts/: put a copy here instead of a link", "1 error(s); nothing was written."]


def test_a_named_pipe_is_refused_and_never_opened(tmp_path):
    """Run in a child process: should the pipe be opened, the build would wait for a writer forever."""
    root = write_site(tmp_path / "site", MINIMAL)
    (root / EVENT / "de.md").unlink()
    os.mkfifo(root / EVENT / "de.md")
    os.mkfifo(root / EVENT / "foto.png")
    write_site(root, {f"{EVENT}/en.md": "![Foto](foto.png)\n"})
    env = {**os.environ, "CI": "true"}
    done = subprocess.run([sys.executable, "-m", "recap_site", "check", "--source", str(root)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() + done.stdout.splitlines() if ": error: " in line]
    assert lines == [
        f"{EVENT}/de.md: error: is a named pipe (FIFO), not a plain file; recap-site reads only plain files: "
        "remove it",
        f"{EVENT}/en.md:1: error: 'foto.png' is a named pipe (FIFO), not a plain file; recap-site reads only "
        "plain files: remove it",
    ]


# 4. Bounded work -------------------------------------------------------------------------------


BROKEN_LINK_ELSEWHERE = {
    "content/events/2024-02-01-anderes/event.yaml": "title: T\nstart: 2024-02-01\nkind: forum\nformat: online\n",
    "content/events/2024-02-01-anderes/de.md": "Siehe [dort](event:nirgends).\n",
}
BROKEN_LINK_ERROR = ("content/events/2024-02-01-anderes/de.md:1: error: link to unknown event 'nirgends' "
                     "(no folder content/events/nirgends/)")


def test_a_recap_over_the_size_limit_is_reported(site):
    root = site({f"{EVENT}/de.md": "Text. " * 20000, **BROKEN_LINK_ELSEWHERE})
    assert error_lines(check(root)) == [
        f"{EVENT}/de.md:1: error: the text is 117 KB long, over the limit of 100 KB for one recap or page "
        "(max_recap_kb in content/site.yaml); split it, or link a PDF for long documents",
        BROKEN_LINK_ERROR,
    ]


def test_a_recap_too_slow_to_convert_is_stopped_and_the_rest_still_checks(site):
    site_yaml = MINIMAL["content/site.yaml"] + "max_recap_seconds: 1\n"
    # "[](" over and over is slow for Python-Markdown 3.11.3 and 3.11.4 alike; 3.11.4 no longer takes
    # long over a run of "[", which this test used before (and so saw no deadline).
    root = site({"content/site.yaml": site_yaml, f"{EVENT}/de.md": "Einleitung\n\n" + "[](" * 7000 + "\n",
                 **BROKEN_LINK_ELSEWHERE})
    started = time.monotonic()
    result = check(root)
    assert time.monotonic() - started < 60  # stopped, not run to its end (minutes)
    assert error_lines(result) == [
        f"{EVENT}/de.md:1: error: the text took longer than 1 s to convert and was stopped; long runs of [ or * "
        "or _ are the usual cause: simplify them",
        BROKEN_LINK_ERROR,
    ]


def test_deep_nesting_is_reported_at_its_line(site):
    root = site({f"{EVENT}/de.md": "Erst normal.\n\n" + ">" * 5000 + " tief\n", **BROKEN_LINK_ELSEWHERE})
    assert error_lines(check(root)) == [
        f"{EVENT}/de.md:3: error: the text is nested more than 20 levels deep (quotes > or indented lists); "
        "simplify it",
        BROKEN_LINK_ERROR,
    ]


@pytest.mark.parametrize("piece", ["5. September 2023: Auftakt.\n\n", "Teilnehmer*innen ", "*_a"],
                         ids=["date paragraphs", "gender stars", "star-underscore runs"])
def test_our_german_rules_rebuild_the_text_a_bounded_number_of_times(monkeypatch, piece):
    """Each time the inline pass applies a pattern it copies the whole text:
    once per date or per star made 880 KB of dates take 43 s and 160 KB of
    stars 23 to 54 s. The count of applications must not grow with the text.
    (Python-Markdown's own patterns still copy it once per match, say per
    pair of underscores: that is what the budget per recap bounds.)"""
    from recap_site.markdown import QuickInlineProcessor

    applied = []
    original = QuickInlineProcessor._InlineProcessor__applyPattern

    def counting(self, pattern, data, index, start=0):
        applied.append(pattern)
        return original(self, pattern, data, index, start)

    monkeypatch.setattr(QuickInlineProcessor, "_InlineProcessor__applyPattern", counting)
    converter = RecapMarkdown("zurück", allow_raw_html=False)
    counts = []
    for times in (10, 1000):
        applied.clear()
        html = converter.convert(piece * times, LinkContext(lambda event_id: None, lambda name: None))
        counts.append(len(applied))
    assert counts[1] == counts[0], counts
    if piece.startswith(("5.", "Teil")):
        assert piece.strip() in html and "<ol" not in html


def test_long_german_text_converts_within_the_budget(site):
    """1.2 MB of date paragraphs and 1 MB of gender stars build (the budget is 10 s a recap)."""
    root = site({"content/site.yaml": MINIMAL["content/site.yaml"] + "max_recap_kb: 2000\n",
                 f"{EVENT}/de.md": "5. September 2023: Auftakt.\n\n" * 40000,
                 f"{EVENT}/en.md": "Teilnehmer*innen " * 60000})
    out = build(root, "--no-search")
    assert "<p>5. September 2023: Auftakt.</p>" in (out / "de/veranstaltungen/2023-09-05-treffen/index.html").read_text()
    assert "Teilnehmer*innen Teilnehmer*innen" in (out / "en/events/2023-09-05-treffen/index.html").read_text()


# 5. Values in range --------------------------------------------------------------------------------


def tall_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 17000), (90, 120, 200)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("facts, expected", [
    (FACTS.replace("2023-09-05", "9999-12-31"),
     "event.yaml:2: error: start: '9999-12-31' is outside the years 1900 to 2999; check the year"),
    (FACTS.replace("2023-09-05", "0001-01-01"),
     "event.yaml:2: error: start: '0001-01-01' is outside the years 1900 to 2999; check the year"),
    (FACTS + "participants: " + "9" * 5000 + "\n",
     "event.yaml:5: error: participants: expected a whole number from 0 to 1000000, got '99999999999999999999… "
     "(5000 characters)'"),
    (FACTS.replace("title: T", 'title: "Netz\\nwerk"'),
     "event.yaml:1: error: title: must be on one line; remove the line break"),
    (FACTS.replace("title: T", 'title: {de: "Netz\\u0007werk"}'),
     "event.yaml:1: error: title.de: contains an invisible control character (U+0007) at character 5; delete "
     "it (it often comes with text pasted from a PDF or Word)"),
    (FACTS + "images:\n  - {file: lang.png, alt: Ein langes Bild}\n",
     "event.yaml:6: error: images[1].file: 'lang.png' is 2 × 17000 pixels: too tall to publish as WEBP (at most "
     "16383 pixels a side); crop it or make it smaller"),
], ids=["year 9999", "year 1", "5000 digits", "line break in a title", "control character", "tall picture"])
def test_values_out_of_range_are_reported_not_crashed_on(site, facts, expected):
    root = site({f"{EVENT}/event.yaml": facts, f"{EVENT}/lang.png": tall_png()})
    result = run("build", "--source", str(root), "--no-search")
    assert "Traceback" not in result.output
    assert error_lines(result) == [f"{EVENT}/{expected}"]


# All of it, at random ----------------------------------------------------------------------------

# Not the explain phase: it traces every line of a build, minutes for one failing example.
NO_EXPLAIN = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]
HOSTILE_FILES = {
    "evil.svg": FILES["evil.svg"], "report.html": FILES["report.html"], "x.js": FILES["x.js"],
    "fake.pdf": FILES["fake.pdf"], "table.csv": FILES["table.csv"], "plan.pdf": FILES["plan.pdf"],
    "foto.png": TINY_PNG, "kaputt.png": b"\x89PNG\r\n\x1a\n<script>", "notiz.txt": b"<svg onload=alert(1)>",
}
# The theme's own scripts: JSON-LD data, and the search page's scripts from /assets/ and /pagefind/.
THEME_SCRIPTS = ("/assets/", "/pagefind/")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href")


def assert_no_script_in_html(html: str, where: object) -> None:
    """What a browser would run: script elements, event handlers, script: and data: URLs."""
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        if element.name in ("script", "style", "iframe", "object", "embed", "base", "svg", "math"):
            allowed = element.name == "script" and (
                element.get("type") == "application/ld+json" or element.get("src", "").startswith(THEME_SCRIPTS))
            if element.name == "iframe":
                allowed = element.get("src", "").startswith("https://www.youtube-nocookie.com/")
            assert allowed, (where, str(element)[:200])
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on") and name.lower() != "style", (where, str(element)[:200])
            if name.lower() in URL_ATTRIBUTES:
                scheme = str(value).strip().lower().split(":", 1)[0] if ":" in str(value) else ""
                assert scheme not in ("javascript", "vbscript", "data"), (where, str(element)[:200])


def assert_no_script(out: Path) -> None:
    """No script of the content's in any output file: pages and feeds (the HTML in
    their entries) are parsed; media files are of the allowed types only."""
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        top = path.relative_to(out).parts[0]
        if top in ("assets", "pagefind"):
            continue
        if path.suffix == ".html":
            assert_no_script_in_html(path.read_text(encoding="utf-8"), path)
        elif path.suffix == ".xml":
            for element in ElementTree.parse(path).iter():
                if element.tag.endswith(("}content", "}summary")) and element.get("type") == "html":
                    assert_no_script_in_html(element.text or "", path)
        if "media" in path.relative_to(out).parts:
            assert path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".pdf", ".txt", ".csv"), path
            assert not path.read_bytes().lstrip().startswith(b"<"), path


@settings(max_examples=25, deadline=None, database=None, phases=NO_EXPLAIN,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@example(record={"title": "T", "start": "2023-09-05", "kind": "forum", "format": "online"},
         recap="javascript:alert(1) [x](javascript:alert(1)) <a href=\"javascript:x\">y</a>", files=[])
@given(record=event_record,
       recap=tokens(MARKDOWN_TOKENS + [f"[x]({name})" for name in HOSTILE_FILES]
                    + [f"![x]({name})" for name in HOSTILE_FILES] + ["[" * 300, "*_" * 300, ">" * 30], 40),
       files=st.lists(st.sampled_from(sorted(HOSTILE_FILES)), max_size=4, unique=True))
def test_hostile_sites_never_crash_hang_or_publish_script(tmp_path_factory, record, recap, files):
    root = write_site(tmp_path_factory.mktemp("hostile") / "site", {
        **MINIMAL,
        "content/site.yaml": MINIMAL["content/site.yaml"] + "max_recap_seconds: 2\n",
        f"{EVENT}/event.yaml": yaml.safe_dump(record, allow_unicode=True, sort_keys=False),
        f"{EVENT}/de.md": recap,
        **{f"{EVENT}/{name}": HOSTILE_FILES[name] for name in files},
    })
    out = root / "public"
    for command in (["check", "--source", str(root)], ["build", "--source", str(root), "--output", str(out),
                                                       "--no-search"]):
        started = time.monotonic()
        result = run_catching(*command)
        assert time.monotonic() - started < 60, command  # the budget is 2 s a recap
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
    if out.is_dir():
        assert_no_script(out)


def run_catching(*args: str):
    from click.testing import CliRunner

    from recap_site.cli import main

    return CliRunner().invoke(main, list(args))


def test_the_script_check_passes_the_sample_site_and_finds_planted_script(tmp_path):
    """The check the property test makes: the sample site has only the theme's scripts,
    and a script where the content goes is found."""
    out = build(sample_site(tmp_path, "sample"), "--no-search")
    assert_no_script(out)
    page = next(out.glob("de/veranstaltungen/*/index.html"))
    original = page.read_bytes()
    for planted in (b"<script>alert(1)</script>", b'<img src="x" onerror="alert(1)">', b'<a href=" JavaScript:x">x</a>'):
        page.write_bytes(original.replace(b"</main>", planted + b"</main>"))
        with pytest.raises(AssertionError):
            assert_no_script(out)
    page.write_bytes(original)
    feed = out / "de/feed.xml"
    feed.write_bytes(feed.read_bytes().replace(b"&lt;/p&gt;", b"&lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;", 1))
    with pytest.raises(AssertionError):
        assert_no_script(out)


def test_a_cache_file_that_is_a_pipe_or_a_link_is_neither_waited_for_nor_followed(site, tmp_path):
    """Every file of the cache folder is read as recap-site wrote it or not at all: a pipe
    planted as ``summary.json`` made every build wait for good after writing the site, and a
    link as ``state.json`` was read (and written) wherever it led."""
    root = site()
    assert run("build", "--source", str(root), "--no-search").exit_code == 0
    folder = cache_of(root)
    (folder / "summary.json").unlink()
    os.mkfifo(folder / "summary.json")
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes((folder / "state.json").read_bytes())
    (folder / "state.json").unlink()
    (folder / "state.json").symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    (root / "content/events/2023-09-05-treffen/de.md").write_text("Neu.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "recap_site", "build", "--source", str(root), "--no-search"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Translations: de 1/1, en 1/1" in done.stderr, done.stderr
    assert elsewhere.read_bytes() == before and not (folder / "state.json").is_symlink()
