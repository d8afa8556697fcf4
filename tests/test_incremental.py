"""Incremental builds: the build cache, compare-before-write, parallel work.

A file the writer keeps is hard-linked from the previous build, so it keeps
its inode and mtime; a rewritten file gets a new inode. The tests compare
``(inode, mtime)`` per output path before and after a build.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

from conftest import build, run, soup, write_site

from recap_site.parallel import map_indexes
from recap_site.site import _related, _related_by_counting, page_window

A_DE = "de/veranstaltungen/2023-09-05-treffen/index.html"
A_EN = "en/events/2023-09-05-meeting/index.html"
B_DE = "de/veranstaltungen/2024-01-10-werkstatt/index.html"
B_EN = "en/events/2024-01-10-werkstatt/index.html"

SECOND_EVENT = {
    "content/topics.yaml": """\
        energie: {de: Energie, en: Energy}
        wasser: {de: Wasser, en: Water}
        """,
    "content/events/2024-01-10-werkstatt/event.yaml": """\
        title: {de: Werkstatt, en: Workshop}
        start: 2024-01-10
        kind: workshop
        format: online
        organizers: [ihk]
        topics: [wasser]
        """,
    "content/events/2024-01-10-werkstatt/de.md": "Eine Werkstatt.\n",
    "content/events/2024-01-10-werkstatt/en.md": "A workshop.\n",
}


def files(out: Path) -> dict[str, tuple[int, int]]:
    return {
        path.relative_to(out).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in out.rglob("*") if path.is_file()
    }


def contents(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in out.rglob("*") if path.is_file()}


def rewritten(before: dict, after: dict) -> set[str]:
    return {path for path, stamp in after.items() if before.get(path) != stamp}


def build_output(root: Path, *args: str) -> str:
    result = run("build", "--source", str(root), "--output", str(root / "public"), "--no-search", *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_second_build_without_changes_writes_nothing(site):
    root = site(SECOND_EVENT)
    out = root / "public"
    build_output(root)
    before = files(out)
    output = build_output(root)
    assert "0 files written" in output
    assert files(out) == before


def test_one_file_edit_rewrites_only_that_event_and_pages_listing_it(site):
    root = site(SECOND_EVENT)
    out = root / "public"
    build_output(root)
    before = files(out)
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Die Teilnehmer*innen trafen sich erneut.\n"})
    build_output(root)
    after = files(out)
    changed = rewritten(before, after)
    assert A_DE in changed
    assert "erneut" in soup(out / A_DE).find("section", class_="recap").get_text()
    # The other event, the English page (its body did not change) and the assets are kept.
    assert not changed & {B_DE, B_EN, A_EN}
    assert not any(path.startswith("assets/") for path in changed)
    # Whatever else was rewritten is a machine output (feed, sitemap, …) or a page that links to the event.
    for path in changed - {A_DE}:
        if path.endswith(".html"):
            links = {a.get("href") for a in soup(out / path).find_all("a")}
            assert "/de/veranstaltungen/2023-09-05-treffen/" in links, path


def test_layout_edit_rewrites_exactly_the_pages_that_use_it(site, tmp_path):
    root = site(SECOND_EVENT)
    out = root / "public"
    repository_layouts = Path(__file__).resolve().parents[1] / "layouts"
    (root / "layouts").mkdir()
    shutil.copyfile(repository_layouts / "event.html", root / "layouts" / "event.html")
    build_output(root)
    before = files(out)
    with (root / "layouts" / "event.html").open("a", encoding="utf-8") as f:
        f.write('{% block head %}<meta name="edited" content="yes">{% endblock %}\n')
    build_output(root)
    changed = {p for p in rewritten(before, files(out)) if p.endswith(".html")}
    assert changed == {A_DE, A_EN, B_DE, B_EN}
    assert soup(out / B_EN).find("meta", attrs={"name": "edited"}) is not None


def test_deleting_the_cache_gives_a_byte_identical_site(site):
    root = site(SECOND_EVENT)
    build_output(root)
    # A second build, partly from the cache after one edit …
    write_site(root, {"content/events/2024-01-10-werkstatt/en.md": "A workshop, edited.\n"})
    build_output(root)
    cached = contents(root / "public")
    # … equals a build from scratch.
    shutil.rmtree(root / ".recap-cache")
    shutil.rmtree(root / "public")
    build_output(root)
    assert contents(root / "public") == cached


def test_cached_markdown_follows_a_changed_link_target(site):
    """The text of A is unchanged, but the event it links to got a new slug."""
    root = site({**SECOND_EVENT,
                 "content/events/2023-09-05-treffen/de.md": "Siehe [die Werkstatt](event:2024-01-10-werkstatt).\n"})
    out = build(root, "--no-search")
    assert soup(out / A_DE).find("a", string="die Werkstatt")["href"] == "/de/veranstaltungen/2024-01-10-werkstatt/"
    write_site(root, {"content/events/2024-01-10-werkstatt/de.md": "---\nslug: werkstatt-neu\n---\nEine Werkstatt.\n"})
    out = build(root, "--no-search")
    assert soup(out / A_DE).find("a", string="die Werkstatt")["href"] == "/de/veranstaltungen/werkstatt-neu/"


def test_a_corrupt_cache_is_discarded_with_a_note(site):
    root = site()
    build_output(root)
    cache_file = root / ".recap-cache" / "build.json"
    cache_file.write_text('{"tool": ', encoding="utf-8")
    output = build_output(root)
    assert (".recap-cache/build.json: note: the build cache is unreadable (JSONDecodeError); "
            "it was discarded and the site is built from scratch") in output
    assert json.loads(cache_file.read_text(encoding="utf-8"))["markdown"]  # rewritten, usable again


def test_a_cache_of_another_version_is_discarded_with_a_note(site):
    root = site()
    build_output(root)
    cache_file = root / ".recap-cache" / "build.json"
    cache_file.write_text(json.dumps({"tool": "format 0", "markdown": {}, "state": None}), encoding="utf-8")
    output = build_output(root)
    assert (".recap-cache/build.json: note: the build cache is from another version of recap-site; "
            "it was discarded and the site is built from scratch") in output


def test_a_damaged_cache_entry_is_not_trusted(site):
    root = site()
    build_output(root)
    cache_file = root / ".recap-cache" / "build.json"
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    data["state"] = None  # no shortcut: the Markdown entries are used
    data["markdown"] = {key: ["<p>forged</p>", [], [["event", "nope", "/x/"]]] for key in data["markdown"]}
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    build_output(root)
    assert "forged" not in (root / "public" / A_DE).read_text(encoding="utf-8")


def test_output_folder_changed_by_hand_is_rebuilt(site):
    root = site()
    build_output(root)
    (root / "public" / A_DE).write_text("vandalized", encoding="utf-8")
    output = build_output(root)
    assert "1 files written" in output
    assert soup(root / "public" / A_DE).find("h1") is not None


def test_jobs_option_gives_the_same_site(site):
    events = {
        f"content/events/2020-01-{n:02d}-e{n}/{name}": text
        for n in range(1, 29)
        for name, text in (
            ("event.yaml", f"title: Treffen {n}\nstart: 2020-01-{n:02d}\nkind: workshop\nformat: online\n"
                           "organizers: [ihk]\ntopics: [energie]\n"),
            ("de.md", f"## Teil {n}\n\nDie Teilnehmer*innen.\n"),
            ("en.md", f"## Part {n}\n\nThe participants.\n"),
        )
    }
    root = site(events)
    build_output(root, "--jobs", "1")
    one = contents(root / "public")
    shutil.rmtree(root / ".recap-cache")
    shutil.rmtree(root / "public")
    build_output(root, "--jobs", "2")
    assert contents(root / "public") == one


def test_map_indexes_uses_worker_processes_and_keeps_the_order():
    parent = os.getpid()
    results = map_indexes(lambda index: (index * index, os.getpid()), 40, jobs=2, chunk=3, minimum=0)
    assert [square for square, _ in results] == [i * i for i in range(40)]
    assert parent not in {pid for _, pid in results}


def test_related_events_match_comparing_every_pair():
    rng = random.Random(7)
    for _ in range(100):
        events = tuple(
            SimpleNamespace(
                id=f"e{i:03d}", start_date=date(2020, 1, 1) + timedelta(days=rng.randint(0, 30)),
                topics=tuple(SimpleNamespace(id=t) for t in rng.sample("abcdefghij", rng.choice([0, 1, 2, 3, 8]))),
            )
            for i in range(rng.randint(1, 40))
        )
        related = _related(events)
        for event in events:
            assert related[event.id] == _related_by_counting(event, events)


def test_pagination_links_a_window_of_pages():
    assert page_window(10, 200) == [1, 0, 8, 9, 10, 11, 12, 0, 200]
    assert page_window(1, 1) == [1]
    assert page_window(3, 7) == [1, 2, 3, 4, 5, 6, 7]
    assert page_window(200, 200) == [1, 0, 198, 199, 200]
