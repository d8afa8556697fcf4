"""Incremental builds: the build cache, compare-before-write, parallel work.

A file the writer keeps is hard-linked from the previous build, so it keeps
its inode and mtime; a rewritten file gets a new inode. The tests compare
``(inode, mtime)`` per output path before and after a build.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
import time
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import MINIMAL, build, cache_of, run, soup, write_site
from icalendar import Calendar

from recap_site.parallel import iter_indexes, map_indexes
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
    shutil.rmtree(cache_of(root))
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


@pytest.mark.parametrize("name", ["markdown-0.json", "feeds-a.json", "pages.json", "state.json"])
def test_a_corrupt_cache_is_discarded_with_a_note(site, name):
    root = site()
    build_output(root)
    cache_file = cache_of(root) / name
    cache_file.write_text('{"tool": ', encoding="utf-8")
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Geändert.\n"})  # a build with work to do
    output = build_output(root)
    assert (f"{cache_file.as_posix()}: note: this file of the build cache is unreadable (JSONDecodeError); "
            "it was discarded, and what it held is made again") in output
    assert json.loads(cache_file.read_text(encoding="utf-8"))["tool"]  # rewritten, usable again


def test_a_cache_of_another_version_is_discarded_with_a_note(site):
    root = site()
    build_output(root)
    files = sorted(cache_of(root).glob("*.json"))
    assert {"state.json", "pages.json", "markdown-0.json", "markdown-f.json", "bundles-7.json",
            "feeds-c.json"} <= {path.name for path in files}
    for path in files:
        path.write_text(json.dumps({"tool": "format 0", "entries": {}, "state": None}), encoding="utf-8")
    output = build_output(root)
    # Once, for the first file read: every file of an older cache is older.
    assert output.count("note: the build cache is from another version") == 1
    assert (f"{(cache_of(root) / 'state.json').as_posix()}: note: the build cache is from another version of "
            "recap-site; it was discarded and the site is built from scratch") in output


def test_only_the_cache_files_whose_entries_changed_are_saved_again(site):
    """The large kinds of entry are split over 16 files each by key: after an edit of one
    recap, only the files that hold its old or new entries are written again."""
    root = site()
    build_output(root)
    def stamps() -> dict[str, tuple[int, int]]:  # a file written again is a new file (atomic replace)
        return {path.name: (path.stat().st_ino, path.stat().st_mtime_ns) for path in cache_of(root).glob("*-?.json")}

    times = stamps()
    assert len(times) == 3 * 16
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Ein neuer Absatz.\n"})
    build_output(root)
    changed = sorted(name for name, stamp in stamps().items() if times[name] != stamp)
    kinds = [name.split("-")[0] for name in changed]
    # The recap's old and new Markdown, the event folder's old and new entry, and the event's
    # feed and calendar entries (three kinds in two languages, old and new).
    assert 1 <= kinds.count("markdown") <= 2 and 1 <= kinds.count("bundles") <= 2, changed
    assert 1 <= kinds.count("feeds") <= 12 and len(changed) < len(times) // 2, changed
    times = stamps()
    build_output(root, "--strict")  # a build (other options than the last one's) with nothing new to keep
    assert stamps() == times
    fresh = root.parent / "fresh"
    shutil.rmtree(cache_of(root))
    assert run("build", "--source", str(root), "--output", str(fresh), "--no-search").exit_code == 0
    assert contents(root / "public") == contents(fresh)


@pytest.mark.parametrize("damage", [
    {"options": ["not", "a", "mapping"]},
    {"outputs": ["not", "a", "mapping"]},
    {"counts": None},
    {"counts": {"pages": "many", "files": 3}},
    {"problems": None},
    {"problems": [["only a path"]]},
])
def test_a_damaged_build_state_means_building_again_never_a_crash(site, damage):
    """state.json is input: any part of it of another shape than a build writes makes the
    next build do its work (no shortcut, no page taken from the last build), never a crash."""
    root = site()
    build_output(root)
    state_file = cache_of(root) / "state.json"
    page = root / "public" / A_DE

    def damaged() -> None:
        data = json.loads(state_file.read_text(encoding="utf-8"))
        if damage.get("problems", "") is None:
            del data["state"]["problems"]
        else:
            data["state"].update(damage)
        state_file.write_text(json.dumps(data), encoding="utf-8")

    damaged()  # the output as the last build left it: the shortcut is considered
    assert "Traceback" not in build_output(root)
    state = json.loads(state_file.read_text(encoding="utf-8"))["state"]
    assert isinstance(state["counts"]["pages"], int) and isinstance(state["options"], dict)
    damaged()  # and a page changed by hand: pages are considered for reuse
    page.write_bytes(b"x" * page.stat().st_size)
    output = build_output(root)
    assert "Traceback" not in output and "0 files written" not in output
    assert b"xxxxxxxx" not in page.read_bytes()


def test_a_damaged_cache_entry_is_not_trusted(site):
    root = site()
    build_output(root)
    (cache_of(root) / "state.json").unlink()  # no shortcut: the Markdown entries are used
    for cache_file in cache_of(root).glob("markdown-*.json"):
        data = json.loads(cache_file.read_text(encoding="utf-8"))
        data["entries"] = {key: ["<p>forged</p>", [], [["event", "nope", "/x/"]]] for key in data["entries"]}
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
    shutil.rmtree(cache_of(root))
    shutil.rmtree(root / "public")
    build_output(root, "--jobs", "2")
    assert contents(root / "public") == one


def test_map_indexes_uses_worker_processes_and_keeps_the_order():
    parent = os.getpid()
    results = map_indexes(lambda index: (index * index, os.getpid()), 40, jobs=2, chunk=3, minimum=0)
    assert [square for square, _ in results] == [i * i for i in range(40)]
    assert parent not in {pid for _, pid in results}


def test_map_indexes_leaves_no_worker_behind_after_success_or_failure():
    assert map_indexes(lambda index: index, 10, jobs=2, chunk=1, minimum=0) == list(range(10))
    assert multiprocessing.active_children() == []

    def fails(index):
        if index == 7:
            raise ValueError("chunk seven")
        return index

    with pytest.raises(ValueError, match="chunk seven"):
        map_indexes(fails, 10, jobs=2, chunk=1, minimum=0)
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_is_reported_and_leaves_no_worker_behind():
    from recap_site.errors import RecapError

    def dies(index):
        if index == 3:
            os._exit(9)  # as the kernel's out-of-memory killer would end it
        return index

    with pytest.raises(RecapError) as caught:
        map_indexes(dies, 10, jobs=2, chunk=1, minimum=0)
    assert caught.value.format_message() == (
        "A worker process of the build stopped unexpectedly (the system may have run out of "
        "memory). Nothing was written. Build again with --jobs 1 to use a single process.")
    assert multiprocessing.active_children() == []


def thresholds_when_called(monkeypatch, module, name: str) -> list:
    """The collector's thresholds at each call of ``module.name`` (which still runs)."""
    import gc

    seen = []
    real = getattr(module, name)

    def recording(*args, **kwargs):
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, recording)
    return seen


def test_a_build_runs_the_collector_rarely_and_restores_its_thresholds(site, tmp_path, monkeypatch):
    import gc

    from recap_site import builder
    from recap_site.errors import RecapError

    root = site()
    before = gc.get_threshold()
    seen = thresholds_when_called(monkeypatch, builder, "load_content")
    builder.build(root, tmp_path / "out", search=False)
    builder.check(root)
    assert seen == [(100_000, 50, 100)] * 2
    assert gc.get_threshold() == before

    def fails(*args, **kwargs):
        raise RecapError("stop")

    monkeypatch.setattr(builder, "load_content", fails)
    with pytest.raises(RecapError, match="stop"):
        builder.build(root, tmp_path / "elsewhere", search=False)  # another output: no shortcut
    assert gc.get_threshold() == before


def test_recap_build_keeps_the_collector_rare_until_the_builds_objects_are_gone(site, monkeypatch):
    """With the usual thresholds back while ``recap build`` still held the site model (to count
    the translations), the collector's next pass walked millions of objects to free none
    (0.16 s of a one-recap edit at 2000 events)."""
    import gc

    from recap_site import cli

    root = site()
    before = gc.get_threshold()
    seen = thresholds_when_called(monkeypatch, cli, "_translation_summary")
    output = build_output(root)
    assert seen == [(100_000, 50, 100)]
    assert "Translations: de 1/1, en 1/1" in output and "Built 32 pages" in output, output
    assert gc.get_threshold() == before


def test_iter_indexes_hands_out_results_while_workers_still_work(tmp_path):
    """The last result waits until the caller has the first: possible only if results come as made."""
    signal = tmp_path / "first-result-arrived"

    def job(index):
        if index == 39:
            deadline = time.monotonic() + 20
            while not signal.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            return "in time" if signal.exists() else "too late"
        return index

    results = iter_indexes(job, 40, jobs=2, chunk=3, minimum=0)
    assert next(results) == 0
    signal.touch()
    assert list(results) == [*range(1, 39), "in time"]
    assert multiprocessing.active_children() == []


def test_a_build_with_nothing_to_do_does_not_load_the_pipeline(site):
    """recap build with nothing to do reads the last build's state and the files' sizes and
    times, and stops: the pipeline (Jinja, Markdown, Pillow, the stages) is never imported."""
    import subprocess
    import sys

    root = site()
    assert run("build", "--source", str(root), "--no-search").exit_code == 0
    probe = (
        "import sys\n"
        "import recap_site.cache\n"
        "recap_site.cache.RACY_NS = recap_site.cache.FINE_RACY_NS = 0  # old enough files (see conftest)\n"
        "from recap_site.cli import main\n"
        "try:\n"
        f"    main(['build', '--source', {str(root)!r}, '--no-search'])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "loaded = sorted(name for name in sys.modules if name.split('.')[0] in\n"
        "                ('jinja2', 'markdown', 'PIL', 'icalendar', 'babel', 'yaml') or name in\n"
        "                ('recap_site.builder', 'recap_site.content', 'recap_site.render', 'recap_site.site'))\n"
        "print(loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CI": "true"})
    assert done.returncode == 0, done.stderr
    assert "0 files written" in done.stderr
    assert done.stdout.strip() == "[]"
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Geändert.\n"})
    again = run("build", "--source", str(root), "--no-search")
    assert again.exit_code == 0 and "0 files written" not in again.output


def test_a_first_look_taken_for_other_options_is_taken_again(site):
    """builder.build(look=…) records the options it builds with, not those of a look taken for
    another build: else a later build with the look's options would wrongly have nothing to do."""
    from recap_site import builder
    from recap_site.lastbuild import first_look

    root = site()
    out = root / "public"
    builder.build(root, out, search=False, jobs=1)
    look = first_look(root, out, search=False)
    assert look.problems is not None  # nothing to do for that build
    result = builder.build(root, out, strict=True, search=False, jobs=1, look=look)
    assert result.model is not None  # a --strict build after a plain one: built
    state = json.loads((cache_of(root) / "state.json").read_text(encoding="utf-8"))["state"]
    assert state["options"]["strict"] is True
    again = builder.build(root, out, strict=True, search=False, jobs=1)
    assert again.model is None and again.files == 0


def test_check_uses_a_process_per_core_as_a_build_does_unless_told(site, monkeypatch):
    from recap_site import builder

    root = site()
    seen = []
    real = builder.render_pages

    def render_pages(source, options, **kwargs):
        seen.append((options.check, options.jobs))
        return real(source, options, **kwargs)

    monkeypatch.setattr(builder, "render_pages", render_pages)
    monkeypatch.setattr(builder, "default_jobs", lambda: 3)
    assert run("check", "--source", str(root)).exit_code == 0
    assert run("check", "--source", str(root), "--jobs", "1").exit_code == 0
    assert run("build", "--source", str(root), "--no-search").exit_code == 0
    assert seen == [(True, 3), (True, 1), (False, 3)]


def test_a_worker_pool_keeps_its_job_out_of_the_parents_module_state():
    """The job reaches the forked workers through the pool, not through a global of the
    parent: nothing of a build stays in the process (recap serve builds again and again)."""
    from recap_site import parallel

    def job(index):
        return index * 2

    before = dict(vars(parallel))
    results = iter_indexes(job, 40, jobs=2, chunk=3, minimum=0)
    assert next(results) == 0  # the workers run now
    assert all(value is not job for value in vars(parallel).values())
    assert list(results) == [index * 2 for index in range(1, 40)]
    assert dict(vars(parallel)) == before


def test_iter_indexes_keeps_the_workers_only_a_few_chunks_ahead_of_the_caller(tmp_path):
    """Results wait in the parent until the caller takes them: a caller slower than the workers
    (the writer) must not let every page of a site pile up in memory."""
    from recap_site.parallel import AHEAD

    def job(index):
        (tmp_path / str(index)).touch()
        return index

    results = iter_indexes(job, 200, jobs=2, chunk=1, minimum=0)
    assert next(results) == 0
    time.sleep(1.0)  # time enough for the workers to make all 200
    assert len(list(tmp_path.iterdir())) <= AHEAD * 2 + 1
    assert list(results) == list(range(1, 200))
    assert len(list(tmp_path.iterdir())) == 200


def test_iter_indexes_stopped_early_leaves_no_worker_behind():
    results = iter_indexes(lambda index: index, 100, jobs=2, chunk=1, minimum=0)
    assert next(results) == 0
    results.close()
    assert multiprocessing.active_children() == []


def test_related_events_match_comparing_every_pair():
    rng = random.Random(7)
    for _ in range(100):
        events = tuple(
            SimpleNamespace(
                id=f"e{i:03d}", first_day=date(2020, 1, 1) + timedelta(days=rng.randint(0, 30)),
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


# Skipping the rendering of pages whose inputs did not change ------------------------------
def build_result(root: Path):
    from recap_site.builder import build as build_site

    return build_site(root, root / "public", search=False, jobs=1)


def test_a_one_file_edit_renders_that_event_and_the_lists_showing_it(site):
    root = site(SECOND_EVENT)
    first = build_result(root)
    assert A_DE in first.rendered and len(first.rendered) == first.pages  # from scratch: every page
    write_site(root, {"content/events/2023-09-05-treffen/de.md": """\
        ---
        summary: Ein neuer Überblick.
        ---
        Die Teilnehmer*innen trafen sich.
        """})
    result = build_result(root)
    # A summary is shown wherever the event is: the event in both languages (the
    # English page shows the event too: its model holds both recaps), and every
    # list that shows event A, in both languages: home, the event list, its year,
    # and its topic, region, organizer and series. Not event B (no shared topic),
    # nor the overviews of years and terms, outcomes (A has none), search, the
    # language chooser, 404.
    lists = {f"{lang}/{page}index.html" for lang in ("de", "en") for page in (
        "", "years/2023/", "topics/energie/", "regions/berlin/", "organizations/ihk/", "series/treffen/")}
    assert set(result.rendered) == {A_DE, A_EN, *lists, "de/veranstaltungen/index.html", "en/events/index.html"}
    # Only the German pages show the German summary, and the German files for machines that hold it.
    assert set(result.written) == {A_DE, *(path for path in lists if path.startswith("de/")),
                                   "de/veranstaltungen/index.html", "de/feed.xml", "de/calendar.ics",
                                   "de/veranstaltungen/2023-09-05-treffen/event.ics", "de/events.json"}


def test_an_edit_of_a_recaps_text_renders_the_one_page_that_shows_it(site):
    """A list shows an event's title, date and summary, never its recap's text: an edit of the
    text renders the event's page in that language alone (issue 13's record of what a page read)."""
    root = site(SECOND_EVENT)
    build_result(root)
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Die Teilnehmer*innen trafen sich erneut.\n"})
    result = build_result(root)
    assert result.rendered == (A_DE,)
    assert set(result.written) == {A_DE, "de/feed.xml"}
    assert "erneut" in soup(root / "public" / A_DE).find("main").get_text()


@pytest.mark.parametrize("reading", [
    "{% for e in events %}{{ e.translations[lang].body_html|safe }}{% endfor %}",
    "{% for e in events %}{{ e.translations[lang]|attr('body_html')|safe }}{% endfor %}",
    "{{ events|map(attribute='translations')|map(attribute=lang)|map(attribute='body_html')|join|safe }}",
    # the name made at run time
    "{% set k = 'body' ~ '_html' %}{% for e in events %}{{ e.translations[lang][k]|safe }}{% endfor %}",
    "{% set k = 'body' ~ '_html' %}{% for e in events %}{{ e.translations[lang]|attr(*[k])|safe }}{% endfor %}",
    "{% set k = 'body' ~ '_html' %}{{ events|map(attribute='translations')|map(attribute=lang)"
    "|map(**{'attribute': k})|join|safe }}",
    # from the site's own UI strings: the name, or a text that formats the record ("{tr.body_html}")
    "{% for e in events %}{{ e.translations[lang][t('excerpt_field')]|safe }}{% endfor %}",
    "{% for e in events %}{{ t('teaser', tr=e.translations[lang]) }}{% endfor %}",
    # the record printed or turned into text (its repr holds every field)
    "{% for e in events %}{{ e.translations[lang] }}{% endfor %}",
    "{% for e in events %}{{ e.translations[lang]|string|length }}{% endfor %}",
    "{% for e in events %}{{ e.translations[lang]|pprint }}{% endfor %}",
    "{% for e in events %}{{ '%s'|format(e) }}{% endfor %}",
    # Python's own attributes (layouts are not sandboxed)
    "{% for e in events %}{{ e.translations[lang].__dict__.values()|join|safe }}{% endfor %}",
])
def test_a_list_layout_that_shows_recaps_texts_is_rendered_again_when_one_changes(site, reading):
    """A site's own layout may show the recaps' texts in a list, however it reads them: each
    page records the texts it read as it is rendered, so the list is rendered again after an
    edit of one of them, and is what a build from scratch makes (found by a review of the first
    design, which worked out the texts a page reads from its layouts)."""
    strings = "excerpt_field: body_html\nteaser: '{tr.body_html}'\n"
    layout = (Path(__file__).resolve().parents[1] / "layouts" / "events.html").read_text(encoding="utf-8")
    end = layout.rindex("{% endblock %}")
    root = site({**SECOND_EVENT, "layouts/events.html": layout[:end] + reading + layout[end:],
                 "layouts/i18n/de.yaml": strings, "layouts/i18n/en.yaml": strings})
    build_result(root)
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Die Teilnehmer*innen trafen sich erneut.\n"})
    result = build_result(root)
    # The German list reads the German texts (and the English one the English texts, unchanged,
    # unless it prints whole events, which hold both).
    assert {A_DE, "de/veranstaltungen/index.html"} <= set(result.rendered) <= {
        A_DE, "de/veranstaltungen/index.html", "en/events/index.html"}
    clean = from_scratch(root)
    for page in ("de/veranstaltungen/index.html", "en/events/index.html"):
        assert (root / "public" / page).read_bytes() == (clean / page).read_bytes()


def test_an_event_page_that_shows_its_other_language_follows_that_recap(site):
    """The German page of an event that prints its event whole (or the English text) is
    rendered again after an edit of the English recap."""
    event = (Path(__file__).resolve().parents[1] / "layouts" / "event.html").read_text(encoding="utf-8")
    end = event.rindex("{% endblock %}")
    root = site({**SECOND_EVENT, "layouts/event.html": event[:end] + "<!-- {{ event }} -->" + event[end:]})
    build_result(root)
    write_site(root, {"content/events/2023-09-05-treffen/en.md": "---\nslug: 2023-09-05-meeting\n---\nThey met again.\n"})
    result = build_result(root)
    assert set(result.rendered) == {A_DE, A_EN}
    assert "They met again." in (root / "public" / A_DE).read_text(encoding="utf-8")
    assert (root / "public" / A_DE).read_bytes() == (from_scratch(root) / A_DE).read_bytes()


def from_scratch(root: Path) -> Path:
    """The output folder of a build of a copy of the site with no cache."""
    clean = root.parent / "from-scratch"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("public", ".public.buffer"))
    shutil.rmtree(cache_of(clean), ignore_errors=True)
    build_result(clean)
    return clean / "public"


def test_nothing_changed_but_the_mtimes_renders_nothing(site):
    root = site(SECOND_EVENT)
    build_result(root)
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Die Teilnehmer*innen trafen sich.\n"})
    result = build_result(root)  # the no-change shortcut is not taken: a file's mtime changed
    assert result.rendered == () and result.written == ()


def test_a_partial_edit_renders_exactly_the_pages_that_use_it(site):
    root = site(SECOND_EVENT)
    repository_layouts = Path(__file__).resolve().parents[1] / "layouts"
    event_layout = (repository_layouts / "event.html").read_text(encoding="utf-8")
    write_site(root, {
        # inside the block that is shown (a block base.html does not have would never be)
        "layouts/event.html": event_layout[:event_layout.rindex("{% endblock %}")] + '{% include "partials/note.html" %}'
                              + event_layout[event_layout.rindex("{% endblock %}"):],
        "layouts/partials/note.html": "",
    })
    build_result(root)
    write_site(root, {"layouts/partials/note.html": "<!-- edited -->"})
    result = build_result(root)
    assert set(result.rendered) == {A_DE, A_EN, B_DE, B_EN}


def test_a_shared_partial_edit_renders_every_page_that_imports_it_and_no_other(site):
    root = site(SECOND_EVENT)
    repository_layouts = Path(__file__).resolve().parents[1] / "layouts"
    macros = (repository_layouts / "partials" / "macros.html").read_text(encoding="utf-8")
    write_site(root, {"layouts/partials/macros.html": macros})
    before = build_result(root)
    write_site(root, {"layouts/partials/macros.html": macros + "{# edited #}\n"})
    result = build_result(root)
    # Every page whose layout imports macros.html (event, events, home,
    # outcomes, term, year), and no page whose layout does not.
    using = ("veranstaltungen/", "events/", "topics/energie", "topics/wasser", "regions/berlin", "organizations/ihk",
             "series/treffen", "outcomes/", "years/2023", "years/2024")
    expected = {path for path in before.rendered
                if path in ("de/index.html", "en/index.html") or any(part in path for part in using)}
    assert set(result.rendered) == expected
    assert set(before.rendered) - expected == {
        "index.html", "404.html",
        *(f"{lang}/{page}index.html" for lang in ("de", "en")
          for page in ("search/", "years/", "topics/", "regions/", "organizations/", "series/")),
    }


def test_a_layout_reading_all_events_depends_on_every_event(site):
    """A site's own layout may read anything of ``site``: then it depends on all of it."""
    root = site(SECOND_EVENT)
    repository_layouts = Path(__file__).resolve().parents[1] / "layouts"
    page = (repository_layouts / "404.html").read_text(encoding="utf-8")
    end = page.rindex("{% endblock %}")  # inside the block that is shown
    write_site(root, {"layouts/404.html": page[:end] + "{{ site.events|length }}"
                                          "{% for e in site.events %}{{ e.id }}{% endfor %}" + page[end:]})
    build_result(root)
    write_site(root, {"content/events/2024-01-10-werkstatt/de.md": "---\ntitle: Eine andere Werkstatt\n---\nText.\n"})
    assert "404.html" in build_result(root).rendered
    # It shows no recap's text: an edit of one does not render it again, unless it does show them.
    write_site(root, {"content/events/2024-01-10-werkstatt/de.md": "---\ntitle: Eine andere Werkstatt\n---\nMehr.\n"})
    assert "404.html" not in build_result(root).rendered
    write_site(root, {"layouts/404.html": page[:end] + "{% for e in site.events %}"
                                          "{{ e.translations.de.body_html|safe }}{% endfor %}" + page[end:]})
    build_result(root)
    write_site(root, {"content/events/2024-01-10-werkstatt/de.md": "---\ntitle: Eine andere Werkstatt\n---\nNoch mehr.\n"})
    assert "404.html" in build_result(root).rendered
    assert "Noch mehr." in (root / "public" / "404.html").read_text(encoding="utf-8")


def test_warnings_of_pages_not_rendered_again_are_repeated_and_follow_their_targets(site):
    root = site({**SECOND_EVENT,
                 "content/events/2023-09-05-treffen/de.md": "Siehe [dort](event:2024-01-10-werkstatt#plan).\n"})
    message = "there is no element with id 'plan' on that page"
    first = build_result(root)
    assert any(message in p.message for p in first.problems)
    # An edit elsewhere: A is not rendered again, its warning is still reported.
    write_site(root, {"content/events/2024-01-10-werkstatt/en.md": "A workshop, edited.\n"})
    second = build_result(root)
    assert A_DE not in second.rendered
    assert [p.message for p in second.problems if message in p.message] == \
        [p.message for p in first.problems if message in p.message]
    # The target gets the id: A is still not rendered, but its link is checked again.
    write_site(root, {"content/events/2024-01-10-werkstatt/de.md": "## Plan {#plan}\n\nEine Werkstatt.\n"})
    third = build_result(root)
    assert A_DE not in third.rendered
    assert not any(message in p.message for p in third.problems)


def test_a_reused_page_changed_by_hand_is_rendered_again(site):
    root = site(SECOND_EVENT)
    build_result(root)
    (root / "public" / B_EN).write_text("vandalized", encoding="utf-8")
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Die Teilnehmer*innen trafen sich erneut.\n"})
    result = build_result(root)
    assert B_EN in result.rendered and B_EN in result.written
    assert soup(root / "public" / B_EN).find("h1") is not None


def test_calendar_splice_equals_icalendar_serialization(site):
    """Cached VEVENTs are put between the calendar's own lines: the bytes equal icalendar's own."""
    from datetime import datetime

    from icalendar import Calendar

    from recap_site.builder import render
    from recap_site.outputs import calendar as cal
    from recap_site.outputs.common import is_timed

    root = site({**SECOND_EVENT, "content/events/2024-01-10-werkstatt/event.yaml": """\
        title: {de: Werkstatt, en: Workshop}
        start: 2024-01-10T10:00
        end: 2025-01-11T16:00
        kind: workshop
        format: online
        organizers: [ihk]
        topics: [wasser]
        """})
    outputs = {o.path: o.data for o in render(root)[0]}
    # reassemble the site model the same way to compare
    from recap_site.config import load_config
    from recap_site.content import load_content
    from recap_site.errors import Report
    from recap_site.render import load_theme
    from recap_site.site import assemble

    report = Report()
    config = load_config(root, report)
    theme = load_theme(config, report)
    model = assemble(config, load_content(config, report), {}, theme.strings, report)
    for lang in model.languages:
        entries = [(event, event.translations[lang]) for event in model.events]
        reference = Calendar()
        for name, value in (("prodid", cal.PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"),
                            ("method", "PUBLISH"), ("name", model.title[lang]), ("x-wr-calname", model.title[lang])):
            reference.add(name, value)
        for event, translation in entries:
            reference.add_component(cal._vevent(model, config.urls, event, translation, lang))
        timed = [e for e, _ in entries if is_timed(e)]
        assert timed
        reference.add_missing_timezones(
            first_date=datetime(min(e.first_day for e in timed).year, 1, 1).date(),
            last_date=datetime(max(e.last_day for e in timed).year + 1, 1, 1).date())
        assert outputs[config.urls.output_path(config.urls.calendar(lang))] == reference.to_ical()


def test_the_translation_summary_follows_a_changed_file(site):
    root = site(SECOND_EVENT)
    first = build_output(root)
    assert "Translations: de 2/2, en 2/2" in first
    assert "Translations: de 2/2, en 2/2" in build_output(root)  # kept in the cache
    write_site(root, {"content/events/2024-01-10-werkstatt/en.md": ""})
    assert "Translations: de 2/2, en 1/2" in build_output(root)


def test_the_cache_is_written_in_pieces_as_orjson_writes_it_whole():
    import io

    import orjson

    from recap_site.cache import CHUNK, write_json

    data = {"tool": "t", "markdown": {f"k{i}": [f"<p>Grüße {i}</p>", [], []] for i in range(2 * CHUNK + 7)},
            "state": None, "outputs": {"a/index.html": ["f", None]}, "vevents": {}, "list": [1, "ü"]}
    written = io.BytesIO()
    write_json(written, data)
    assert written.getvalue() == orjson.dumps(data)
    assert orjson.loads(written.getvalue()) == data


# Drafts and embargo come from the parsed facts, never from the file's bytes -----------------
EMBARGOED = "content/events/2024-01-10-werkstatt/event.yaml"


def no_change_build(root: Path):
    """Two builds with nothing changed between them; the second one's result."""
    from recap_site.builder import build as build_site

    build_site(root, root / "public", search=False, jobs=1)
    return build_site(root, root / "public", search=False, jobs=1)


def test_a_publish_after_comment_changes_nothing(site):
    """`recap new event` writes `# publish_after:` as a hint; a comment is no embargo."""
    root = site({**SECOND_EVENT, EMBARGOED: SECOND_EVENT[EMBARGOED] + "# publish_after: 2024-01-10T09:00\n"})
    again = no_change_build(root)
    assert again.model is None and again.written == ()  # the no-change shortcut: nothing read, nothing written


@pytest.mark.parametrize("when", ["2020-01-01", "2099-01-01T09:00"], ids=["ended", "far-ahead"])
def test_an_embargo_keeps_the_no_change_shortcut_until_it_ends(site, when):
    root = site({**SECOND_EVENT, EMBARGOED: SECOND_EVENT[EMBARGOED] + f"publish_after: {when}\n"})
    again = no_change_build(root)
    assert again.model is None and again.written == ()
    assert (root / "public" / B_DE).is_file() is (when == "2020-01-01")


def test_an_embargo_that_ends_publishes_the_event_with_no_file_changed(site):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from recap_site.builder import build as build_site

    ends = datetime.now(ZoneInfo("Europe/Berlin")).replace(microsecond=0) + timedelta(seconds=3)
    root = site({**SECOND_EVENT, EMBARGOED: SECOND_EVENT[EMBARGOED] + f"publish_after: {ends.isoformat()}\n"})
    build_site(root, root / "public", search=False, jobs=1)
    assert not (root / "public" / B_DE).exists()
    time.sleep(max(0.0, (ends - datetime.now(ZoneInfo("Europe/Berlin"))).total_seconds()) + 1.1)
    later = build_site(root, root / "public", search=False, jobs=1)
    assert later.model is not None and (root / "public" / B_DE).is_file()


def test_an_edited_outcome_renders_the_tracker_pages_that_show_it_and_no_others(site):
    """An edit of an outcome reaches every tracker page its row is on, and no page without it."""
    from recap_site.builder import build as build_site

    facts = SECOND_EVENT["content/events/2024-01-10-werkstatt/event.yaml"].rstrip(" ") + """\
        outcomes:
          - {kind: project, status: planned, text: {de: Ein Leitfaden, en: A guide}}
          - {kind: agreement, status: done, text: {de: Ein Treffen, en: A meeting}}
        """
    other = MINIMAL["content/events/2023-09-05-treffen/event.yaml"].rstrip(" ") + (
        "        outcomes:\n          - {kind: publication, status: done, text: {de: Ein Bericht, en: A report}}\n")
    root = site({**SECOND_EVENT, "content/events/2024-01-10-werkstatt/event.yaml": facts,
                 "content/events/2023-09-05-treffen/event.yaml": other})
    build_site(root, root / "public", search=False, jobs=1)
    write_site(root, {"content/events/2024-01-10-werkstatt/event.yaml": facts.replace("A guide", "A handbook")})
    again = build_site(root, root / "public", search=False, jobs=1)
    rendered = set(again.rendered)
    for shown_on in ("en/outcomes/index.html", "en/outcomes/kind/project/index.html",
                     "en/outcomes/years/2024/index.html", "en/outcomes/topics/wasser/index.html"):
        assert shown_on in rendered, shown_on
    # A row shows its event's title and date, so a page with a row of the edited event is made
    # again; a page with rows of other events only is not.
    for not_shown_on in ("en/outcomes/kind/publication/index.html", "en/outcomes/years/2023/index.html"):
        assert not_shown_on not in rendered, not_shown_on
    assert "A handbook" in (root / "public/en/outcomes/kind/project/index.html").read_text(encoding="utf-8")


def test_workers_are_forked_only_by_a_process_without_other_threads():
    """A forked child gets only the forking thread; a lock another thread held stays locked in it."""
    import threading

    assert threading.active_count() == 1
    assert set(map_indexes(lambda index: os.getpid(), 400, jobs=2)) - {os.getpid()}  # forked workers
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait)  # as `recap serve` has its server and watcher
    watcher.start()
    try:
        assert set(map_indexes(lambda index: os.getpid(), 400, jobs=2)) == {os.getpid()}
    finally:
        stop.set()
        watcher.join()


def test_a_shared_record_is_hashed_once_and_by_what_it_holds():
    """Fingerprints.records: the same frozen record gives the same value without hashing it again;
    records that differ in any field give different values."""
    from dataclasses import dataclass

    import jinja2

    from recap_site.incremental import Fingerprints

    @dataclass(frozen=True)
    class Row:
        text: str
        status: str

    fingerprints = Fingerprints(jinja2.Environment(loader=jinja2.DictLoader({})), "common", lambda: "site")
    row = Row("A guide", "planned")
    first = fingerprints.value([row, row])
    assert first == fingerprints.value([row, row]) and len(fingerprints.records) == 1
    assert fingerprints.value(Row("A guide", "done")) != fingerprints.value(row)
    assert fingerprints.value(Row("A handbook", "planned")) != fingerprints.value(row)


def test_a_build_killed_between_saving_the_cache_and_its_state_reuses_no_page_it_should_not(site, tmp_path):
    """The entries (pages.json and the others) are saved before the state (state.json). A kill
    between the two leaves the entries of one build beside the state of another: no page may be
    reused then, or a page the state recorded could stand for inputs it was not made from."""
    root = site()
    build_output(root)
    entries_before = (cache_of(root) / "pages.json").read_bytes()
    old_text = (root / "content/events/2023-09-05-treffen/de.md").read_text(encoding="utf-8")
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Ein anderer Text.\n"})
    build_output(root)
    (cache_of(root) / "pages.json").write_bytes(entries_before)  # the older entries, the newer state
    write_site(root, {"content/events/2023-09-05-treffen/de.md": old_text})  # the inputs of those entries
    build_output(root)
    fresh = tmp_path / "fresh"
    assert run("build", "--source", str(root), "--output", str(fresh), "--no-search").exit_code == 0
    assert contents(root / "public") == contents(fresh)


def test_a_record_digest_holds_every_field_at_every_depth_and_each_record_type():
    from dataclasses import dataclass
    from types import MappingProxyType

    from recap_site.incremental import record_digest

    @dataclass(frozen=True)
    class Place:
        city: str

    @dataclass(frozen=True)
    class Venue:
        city: str

    @dataclass(frozen=True)
    class Meeting:
        title: MappingProxyType
        where: object
        when: date
        tags: tuple

    def meeting(**changed):
        fields = dict(title=MappingProxyType({"de": "Treffen"}), where=Place("Halle"), when=date(2023, 9, 6),
                      tags=("a",))
        return Meeting(**{**fields, **changed})

    first = record_digest(meeting())
    assert record_digest(meeting()) == first  # the same record, made again
    assert record_digest(meeting(title=MappingProxyType({"de": "Treffen!"}))) != first
    assert record_digest(meeting(where=Place("Magdeburg"))) != first  # a field two records deep
    # A record's own type counts; the types of the records inside it are their fields' declared
    # types (test_no_field_of_a_hashed_record_holds_records_of_two_types).
    assert record_digest(Place("Halle")) != record_digest(Venue("Halle"))
    assert record_digest(meeting(when=date(2023, 9, 7))) != first
    assert record_digest(meeting(tags=("a", "b"))) != first
    # A value orjson cannot write (a set; a lone surrogate) is hashed by its repr instead.
    assert record_digest(meeting(tags=frozenset({"a"}))) != record_digest(meeting(tags=frozenset({"b"})))
    assert record_digest(meeting(where=Place("\ud800"))) != record_digest(meeting(where=Place("\ud801")))


def test_an_edit_that_keeps_the_files_size_and_time_still_reaches_the_page(site, monkeypatch):
    """A recap rewritten to the same length whose mtime is then set back (cp -p, rsync -t,
    an editor that keeps times): its ctime still changed, and the build sees the edit, both
    in its first look and in the record of the event folders' files."""
    from recap_site import cache

    monkeypatch.setattr(cache, "RACY_NS", 0)  # the folders get their record at once
    monkeypatch.setattr(cache, "FINE_RACY_NS", 0)
    root = site()
    build_output(root)
    assert json.loads((cache_of(root) / "seen.json").read_text(encoding="utf-8"))["entries"]
    recap = root / "content/events/2023-09-05-treffen/de.md"
    before = recap.stat()
    text = recap.read_text(encoding="utf-8")
    changed = text.replace("e", "a", 1)
    assert changed != text and len(changed.encode()) == len(text.encode())
    recap.write_text(changed, encoding="utf-8")
    os.utime(recap, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (recap.stat().st_size, recap.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    output = build_output(root)
    assert "0 files written" not in output
    fresh = root.parent / "fresh"
    assert run("build", "--source", str(root), "--output", str(fresh), "--no-search").exit_code == 0
    assert contents(root / "public") == contents(fresh)


def test_a_file_name_that_is_not_utf8_in_an_event_folder_is_no_crash_and_keeps_the_shortcut(site):
    """A pull request can add a file whose name is not UTF-8 (`notiz\\xff.txt`): the build cache
    records names as text, and such a name is recorded without losing what it is."""
    root = site()
    folder = root / "content/events/2023-09-05-treffen"
    odd = os.fsencode(folder) + b"/notiz\xff.txt"
    with open(odd, "wb") as file:
        file.write(b"nur eine Notiz\n")
    checked = run("check", "--source", str(root))
    assert "Traceback" not in checked.output and checked.exit_code == 0, checked.output
    build_output(root)
    assert "0 files written" in build_output(root)  # nothing changed: the shortcut, from the saved state
    inputs = json.loads((cache_of(root) / "state.json").read_text(encoding="utf-8"))["state"]["inputs"]
    [(name, recorded)] = [(name, value) for name, value in inputs.items() if "\0" in name]
    assert name.endswith("/\0" + b"notiz\xff.txt".hex()) and recorded[0] == len(b"nur eine Notiz\n")
    with open(odd, "ab") as file:
        file.write(b"mehr\n")
    build_output(root)  # that file changed: the build looks again (and finds no page changed)
    inputs = json.loads((cache_of(root) / "state.json").read_text(encoding="utf-8"))["state"]["inputs"]
    assert inputs[name][0] == len(b"nur eine Notiz\nmehr\n")
    assert not [p for p in cache_of(root).iterdir() if p.name.startswith(".")]  # no temporary file left


def test_a_build_asks_for_the_libraries_versions_once_not_once_per_cache_file(site, monkeypatch):
    """Every cache file carries the versions of recap-site and its libraries; reading them
    from the installed metadata took 0.9 ms each, 365 times (0.3 s) in one edit's build at
    2000 events. A process asks once (what it has imported does not change while it runs)."""
    from importlib import metadata

    from recap_site import cache

    asked = []
    real = metadata.version
    monkeypatch.setattr(cache.metadata, "version", lambda name: asked.append(name) or real(name))
    cache._tool_version.cache_clear()  # asked by an earlier test in this process, maybe
    root = site(SECOND_EVENT)
    build_output(root)
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Ein neuer Absatz.\n"})
    build_output(root)
    cache._tool_version.cache_clear()  # the real answer for the tests after this one
    assert sorted(asked) == sorted(["recap-site", "markdown", "jinja2", "nh3", "babel"])


def test_a_file_changed_just_before_a_build_is_looked_at_again(site, monkeypatch):
    """A build looks at the files' sizes and times, then reads them. A second edit within the
    same tick of the file system's clock (an editor's autosave, a script) keeps all three, and
    the next build took the no-change shortcut over it: the site kept the first edit's text.
    A file changed less than two seconds before a build looked is not vouched for (git's
    "racily clean" files): the next build looks again, and records it then."""
    from recap_site import cache, lastbuild

    monkeypatch.setattr(cache, "RACY_NS", 2_000_000_000)  # a file written in this test is
    monkeypatch.setattr(cache, "FINE_RACY_NS", 2_000_000_000)  # just changed (see conftest)
    root = site()
    recap = root / "content/events/2023-09-05-treffen/de.md"
    write_site(root, {recap.relative_to(root).as_posix(): "Erste Fassung.\n"})
    build_result(root)
    assert "Erste Fassung." in soup(root / "public" / A_DE).find("section", class_="recap").get_text()
    recorded = json.loads((cache_of(root) / "state.json").read_text(encoding="utf-8"))["state"]["inputs"]
    assert recorded["0:content/events/2023-09-05-treffen/de.md"] == [-1, -1, -1]  # just written
    # The second edit, in the tick the build looked: the file system shows the same size and times.
    first_look_inputs = lastbuild.input_state(dict.fromkeys([root.resolve(), lastbuild.default_theme_dir().resolve()]))
    write_site(root, {recap.relative_to(root).as_posix(): "Zweite Fassung\n"})
    monkeypatch.setattr(lastbuild, "input_state", lambda roots: dict(first_look_inputs))
    second = build_result(root)
    assert second.model is not None  # no shortcut: the build looked again
    assert "Zweite Fassung" in soup(root / "public" / A_DE).find("section", class_="recap").get_text()
    # Files older than two seconds are vouched for, and the build after is the shortcut again.
    monkeypatch.setattr(cache, "RACY_NS", 0)
    monkeypatch.setattr(cache, "FINE_RACY_NS", 0)
    monkeypatch.setattr(lastbuild, "input_state", cache.input_state)
    build_result(root)
    third = build_result(root)
    assert third.model is None and third.written == ()


def test_the_shells_recap_leaves_at_once_with_everything_written_and_said(site, monkeypatch):
    """Run from the shell, ``recap build`` and ``recap check`` end the process as soon as their
    work is done, instead of freeing the site model object by object and tearing Python down
    (0.3 s of a one-recap edit at 2000 events); by then the site is swapped in, the cache saved,
    the lock let go and every line said. Called from Python (click's runner), they return."""
    import subprocess
    import sys

    from click.testing import CliRunner

    from recap_site import cli

    root = site()
    left = []

    def leave(code):
        import fcntl

        from recap_site.write import lock_path

        state = json.loads((cache_of(root) / "state.json").read_text(encoding="utf-8"))
        with open(lock_path(root / "public"), "a+") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises while a build holds it
        left.append((code, (root / "public/index.html").is_file(), bool(state["state"]["outputs"]), True))

    monkeypatch.setattr(os, "_exit", leave)
    said = CliRunner().invoke(cli.main, ["build", "--source", str(root), "--no-search"], obj=cli.SHELL).output
    assert left == [(0, True, True, True)] and said.splitlines()[-1].startswith("Built 32 pages"), said
    said = CliRunner().invoke(cli.main, ["check", "--source", str(root)], obj=cli.SHELL).output
    assert left[1:] == [(0, True, True, True)] and said.splitlines()[-1].startswith("Checked"), said
    assert run("build", "--source", str(root), "--no-search").exit_code == 0 and len(left) == 2  # returns
    (root / "content/events/2023-09-05-treffen/de.md").write_text("Neu.\n", encoding="utf-8")
    shell = subprocess.run([sys.executable, "-m", "recap_site", "build", "--source", str(root), "--no-search"],
                           capture_output=True, text=True)  # the cache folder: RECAP_CACHE_DIR (conftest)
    assert shell.returncode == 0 and shell.stderr.splitlines()[-1].startswith("Built 32 pages"), shell.stderr
    assert "Neu." in soup(root / "public" / A_DE).get_text()


def test_the_translation_line_is_kept_only_for_files_old_enough_to_vouch_for(site, monkeypatch):
    """The line ``recap build`` prints about translations is kept under the inputs' sizes and
    times; while a file changed too recently for its times to tell a second edit apart, it is
    counted again by the next build instead of being kept."""
    from recap_site import cache

    monkeypatch.setattr(cache, "RACY_NS", 2_000_000_000)  # a file written in this test is
    monkeypatch.setattr(cache, "FINE_RACY_NS", 2_000_000_000)  # just changed (see conftest)
    root = site()
    build_output(root)
    assert not (cache_of(root) / "summary.json").exists()
    monkeypatch.setattr(cache, "RACY_NS", 0)  # the files are older now
    monkeypatch.setattr(cache, "FINE_RACY_NS", 0)
    assert "Translations: de 1/1, en 1/1" in build_output(root)
    assert (cache_of(root) / "summary.json").exists()


def test_the_inputs_a_build_records_are_those_its_look_can_vouch_for(monkeypatch):
    """cache.trusted_inputs: a file changed too recently before the look (or after it) is
    recorded as unknown, one changed earlier as it was. How recently depends on the file
    system's clock, which the times show: 50 ms where they are finer than a second, 2 s where
    either is in whole seconds (FAT, HFS+, ext3)."""
    from recap_site import cache
    from recap_site.cache import UNKNOWN, trusted_inputs

    monkeypatch.setattr(cache, "RACY_NS", 2_000_000_000)  # as outside the tests (see conftest)
    monkeypatch.setattr(cache, "FINE_RACY_NS", 50_000_000)
    second, looked = 1_000_000_000, 1_796_000_000_123_456_789
    fine = lambda before: [5, looked - before, looked - before]  # noqa: E731
    whole = lambda before: [5, (looked - before) // second * second, (looked - before) // second * second]  # noqa: E731
    inputs = {"fine, a second ago": fine(second), "fine, 60 ms ago": fine(60_000_000),
              "fine, 40 ms ago": fine(40_000_000), "fine, after the look": fine(-1),
              "fine ctime, old mtime": [5, looked - 10 * second, looked - 10_000_000],
              "whole seconds, 3 s ago": whole(3 * second), "whole seconds, 1 s ago": whole(second),
              # FAT as Linux shows it: its mtime in whole (even) seconds, its ctime the creation time
              "mtime in whole seconds, old ctime": [5, (looked - second) // second * second, looked - 9 * second]}
    assert trusted_inputs(inputs, looked) == {
        "fine, a second ago": fine(second), "fine, 60 ms ago": fine(60_000_000), "fine, 40 ms ago": UNKNOWN,
        "fine, after the look": UNKNOWN, "fine ctime, old mtime": UNKNOWN,
        "whole seconds, 3 s ago": whole(3 * second), "whole seconds, 1 s ago": UNKNOWN,
        "mtime in whole seconds, old ctime": UNKNOWN}


def test_a_message_naming_a_file_that_is_not_utf8_is_kept_with_the_build(site):
    """A message can name a file whose name is not UTF-8 (a pull request adds `notiz\\xff.txt`
    beside the event folders). Such a name cannot be written as JSON as it is, and the build's
    state (its record of what it made: every later build's reuse and the no-change shortcut)
    was silently left unsaved. The name is kept as the message shows it (`notiz\\udcff.txt`),
    and the next build, the shortcut, repeats the message."""
    root = site()
    with open(os.fsencode(root / "content/events") + b"/notiz\xff.txt", "wb") as file:
        file.write(b"Eine Notiz.\n")
    first = run("build", "--source", str(root), "--no-search")
    said = [line for line in first.output.splitlines() if "notiz" in line]
    assert len(said) == 1 and "notiz\\udcff.txt" in said[0], first.output
    assert (cache_of(root) / "state.json").is_file()
    again = run("build", "--source", str(root), "--no-search")
    assert "0 files written" in again.output and again.output.count("notiz") == 1, again.output
    assert [line for line in again.output.splitlines() if "notiz" in line] == said


def test_an_edit_makes_only_that_event_s_own_calendar_files_again(site, monkeypatch):
    """The other events' .ics files are the files the last build left: not made, read or compared.
    (A calendar reads no recap's text: the edit is of the summary it shows.)"""
    from recap_site import incremental
    from recap_site.outputs import calendar

    root = site(SECOND_EVENT)
    build_result(root)
    made, asked = [], []
    original, get = calendar.ics_calendar, incremental.EventStore.get
    monkeypatch.setattr(calendar, "ics_calendar", lambda site_, urls, lang, entries, vevent=None: (
        made.append((lang, tuple(event.id for event, _ in entries))), original(site_, urls, lang, entries, vevent))[1])
    monkeypatch.setattr(incremental.EventStore, "get", lambda self, event, lang, kind, texts=True: (
        asked.append((event.id, lang, kind)), get(self, event, lang, kind, texts))[1])
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "---\nsummary: Ein neuer Überblick.\n---\nText.\n"})
    result = build_result(root)
    own = sorted(entry for entry in made if len(entry[1]) == 1)
    assert own == [("de", ("2023-09-05-treffen",)), ("en", ("2023-09-05-treffen",))]
    assert [entry for entry in asked if entry[2] == "ics"] == [  # the other event's are not even looked up
        ("2023-09-05-treffen", "de", "ics"), ("2023-09-05-treffen", "en", "ics")]
    assert "de/veranstaltungen/2024-01-10-werkstatt/event.ics" not in result.written
    before = contents(root / "public")
    shutil.rmtree(cache_of(root))
    build_result(root)
    assert contents(root / "public") == before  # the same site as one built without the cache


def test_no_field_of_a_hashed_record_holds_records_of_two_types():
    """record_digest writes the records inside a record without their types' names: that is safe
    only while every field of a record it hashes holds records of one type at most."""
    import dataclasses
    import typing

    from recap_site import model, outcomes

    def record_types(hint) -> set[type]:
        if dataclasses.is_dataclass(hint):
            return {hint}
        return set().union(*(record_types(arg) for arg in typing.get_args(hint))) if typing.get_args(hint) else set()

    records = [cls for module in (model, outcomes) for cls in vars(module).values()
               if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
               and not issubclass(cls, model.PageRecord) and cls is not model.Route]  # hashed field by field
    assert model.Event in records and model.Outcome in records
    for cls in records:
        for name, hint in typing.get_type_hints(cls).items():
            assert not name.startswith("_"), f"{cls.__name__}.{name}: orjson leaves such a field out"
            assert hint not in (object, tuple, typing.Any), f"{cls.__name__}.{name}: {hint}"
            assert len(record_types(hint)) <= 1, f"{cls.__name__}.{name}: {hint}"


def test_after_an_upgrade_the_entries_the_old_code_made_are_not_held(site, monkeypatch):
    """Every event folder, page fingerprint and feed entry the old code made is keyed by that
    code: none can be used after an upgrade, and held to the end of the build that replaces
    them they were a third of its memory (490 MB at 2000 events). Converted Markdown is keyed
    by the Markdown setup alone and is used across versions."""
    from recap_site import incremental

    root = site(SECOND_EVENT)
    build_result(root)
    before = contents(root / "public")
    held = {}
    plan = incremental.Incremental.plan

    def spy(self, *args):
        held.update({section: len(getattr(self.cache, section))
                     for section in ("bundles", "vevents", "outputs", "seen", "markdown", "layouts")})
        return plan(self, *args)

    monkeypatch.setattr(incremental.Incremental, "plan", spy)
    monkeypatch.setattr(incremental, "code_digest", lambda: "the code of another version")
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Die Teilnehmer*innen trafen sich.\n"})
    upgraded = build_result(root)  # the same text: only the mtime changed, so the shortcut is not taken
    # What the old code worked out of the layouts (which data each reads) is not taken either.
    assert held == {"bundles": 0, "vevents": 0, "outputs": 0, "seen": 0, "markdown": 4, "layouts": 0}
    assert len(upgraded.rendered) == upgraded.pages  # every page again, as with a new version
    assert contents(root / "public") == before
    # What the new code made is kept for the builds after it.
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Die Teilnehmer*innen trafen sich.\n"})
    again = build_result(root)
    assert held["bundles"] == 2 and held["seen"] == 2 and held["outputs"] > 0 and held["vevents"] > 0
    assert held["layouts"] == 2  # its key and what each template reads
    assert again.rendered == () and again.written == ()


def test_an_events_card_is_all_of_it_but_its_recaps_texts():
    from collections.abc import Mapping
    from dataclasses import dataclass, replace
    from types import MappingProxyType

    from recap_site.incremental import record_digest
    from recap_site.model import EventTranslation

    def translation(**changes):
        return replace(EventTranslation(
            event_id="e", lang="de", exists=True, title="Treffen", summary="Kurz", text_lang="de", summary_lang="de",
            url="/de/e/", fallback_lang=None, source="content/events/e/de.md", body_html="<p>Text</p>",
            date_label="5. September 2023", time_label=None), **changes)

    @dataclass(frozen=True)
    class Held:  # as an Event holds its translations
        translations: Mapping

    event = Held(MappingProxyType({"de": translation()}))
    assert record_digest(translation(), bodies=False) == record_digest(translation(body_html="<p>Neu</p>"), bodies=False)
    assert record_digest(translation(), bodies=False) != record_digest(translation(summary="Neu"), bodies=False)
    assert record_digest(translation()) != record_digest(translation(body_html="<p>Neu</p>"))
    assert record_digest(translation()) != record_digest(translation(), bodies=False)
    card = record_digest(event, bodies=False)
    assert card == record_digest(Held(MappingProxyType({"de": translation(body_html="<p>Neu</p>")})), bodies=False)
    assert card != record_digest(Held(MappingProxyType({"de": translation(title="Neu")})), bodies=False)
    assert record_digest(event) != record_digest(Held(MappingProxyType({"de": translation(body_html="<p>Neu</p>")})))


def test_the_recaps_texts_read_are_recorded_however_they_are_read():
    from dataclasses import asdict

    from recap_site.model import EventTranslation, texts_read

    def translation(event_id, lang):
        return EventTranslation(event_id=event_id, lang=lang, exists=True, title="T", summary="S", text_lang=lang,
                                summary_lang=lang, url="/", fallback_lang=None, source=None, body_html="<p>x</p>",
                                date_label="1. Januar 2024", time_label=None)

    a, b, c, d, e = (translation(f"e{n}", "de") for n in range(5))
    with texts_read() as read:
        a.title, a.summary, a.url  # the card's fields are not the text
        assert read == set()
        b.body_html
        repr(c)
        "{t.body_html}".format(t=d)
        asdict(e)
    assert read == {("e1", "de"), ("e2", "de"), ("e3", "de"), ("e4", "de")}
    with texts_read() as inner:
        vars(a)
    assert inner == {("e0", "de")}
    a.body_html  # outside a block nothing is recorded, and nothing is kept
    assert read == {("e1", "de"), ("e2", "de"), ("e3", "de"), ("e4", "de")}


def test_a_file_made_of_the_whole_site_that_reads_a_recaps_text_is_made_again(site, monkeypatch):
    """The sitemap and the open data read no recap's text; code that does (a changed module)
    makes its file in every build instead of taking the last build's (outputs.common.whole_site_output)."""
    import recap_site.outputs.open_data as open_data

    made = []

    def reading(site_, urls, event, lang, _event=open_data._event):
        made.append(event.id)
        return {**_event(site_, urls, event, lang), "text": event.translations[lang].body_html}

    monkeypatch.setattr(open_data, "_event", reading)
    root = site(SECOND_EVENT)
    build_result(root)
    made.clear()
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Die Teilnehmer*innen trafen sich erneut.\n"})
    build_result(root)
    assert "2023-09-05-treffen" in made
    events = json.loads((root / "public" / "de" / "events.json").read_text(encoding="utf-8"))["events"]
    assert [e["text"] for e in events if e["id"] == "2023-09-05-treffen"] == [
        "<p>Die Teilnehmer*innen trafen sich erneut.</p>"]


def test_the_calendar_entries_an_edit_of_a_text_does_not_need_are_kept_for_the_next_edit(site, monkeypatch):
    """Found by review: a build that made no calendar read no VEVENT from the cache, and the cache
    keeps only what a build used: after an edit of a text, the next edit of one event's facts
    made every event's VEVENTs again."""
    import recap_site.outputs.calendar as calendar

    made = []
    monkeypatch.setattr(calendar, "_vevent", lambda site_, urls, event, translation, lang, _f=calendar._vevent: (
        made.append((event.id, lang)), _f(site_, urls, event, translation, lang))[1])
    root = site(SECOND_EVENT)
    build_result(root)
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Die Teilnehmer*innen trafen sich erneut.\n"})
    build_result(root)
    made.clear()
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "---\nsummary: Ein neuer Überblick.\n---\nText.\n"})
    build_result(root)
    assert sorted(made) == [("2023-09-05-treffen", "de"), ("2023-09-05-treffen", "en")]


def test_a_calendar_entry_that_reads_a_recaps_text_is_made_again(site, monkeypatch):
    """A VEVENT reads no recap's text, so it is kept under the event's other fields; code that
    does read one (a changed module) makes it in every build: the calendars show the new text."""
    import recap_site.outputs.calendar as calendar

    def reading(site_, urls, event, translation, lang, _vevent=calendar._vevent):
        vevent = _vevent(site_, urls, event, translation, lang)
        vevent["comment"] = translation.body_html
        return vevent

    monkeypatch.setattr(calendar, "_vevent", reading)
    root = site(SECOND_EVENT)
    build_result(root)
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Die Teilnehmer*innen trafen sich erneut.\n"})
    build_result(root)
    for path in ("de/calendar.ics", "de/veranstaltungen/2023-09-05-treffen/event.ics"):
        comments = [str(c["comment"]) for c in Calendar.from_ical((root / "public" / path).read_bytes()).walk("VEVENT")
                    if str(c["url"]).endswith("/de/veranstaltungen/2023-09-05-treffen/")]
        assert comments == ["<p>Die Teilnehmer*innen trafen sich erneut.</p>"]


def test_a_layout_reading_the_people_follows_the_people_registry(site):
    """``site.people`` is part of the whole site a layout may read, as the other registries are."""
    root = site({**SECOND_EVENT, "content/people.yaml": "anna-berg:\n  name: Anna Berg\n"})
    page = (Path(__file__).resolve().parents[1] / "layouts" / "404.html").read_text(encoding="utf-8")
    end = page.rindex("{% endblock %}")
    write_site(root, {"layouts/404.html": page[:end] + "{% for id, person in site.people.items() %}"
                                          "<p class='person'>{{ person.name }}</p>{% endfor %}" + page[end:]})
    build_result(root)
    write_site(root, {"content/people.yaml": "anna-berg:\n  name: Dr. Anna Berg\n"})
    assert "404.html" in build_result(root).rendered
    assert [p.get_text() for p in soup(root / "public" / "404.html").select("p.person")] == ["Dr. Anna Berg"]


def test_the_files_made_of_the_whole_site_are_the_last_builds_after_an_edit_of_a_recaps_text(site, monkeypatch):
    """The sitemap, the open data and the calendars hold no recap's text: an edit of one takes
    their files as the last build left them (nothing is made); an edit of anything they hold
    makes them again."""
    import recap_site.outputs.calendar as calendar
    import recap_site.outputs.open_data as open_data
    import recap_site.outputs.sitemap as sitemap

    made = []
    for module, name in ((sitemap, "sitemap"), (open_data, "outcome_rows"), (open_data, "_event"),
                         (open_data, "upcoming_calendar"), (calendar, "_vevent"), (calendar, "ics_calendar")):
        monkeypatch.setattr(module, name, lambda *args, _f=getattr(module, name), _n=name: (made.append(_n), _f(*args))[1])
    root = site(SECOND_EVENT)
    build_result(root)
    assert {"sitemap", "outcome_rows", "_event", "upcoming_calendar", "_vevent", "ics_calendar"} <= set(made)
    made.clear()
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Die Teilnehmer*innen trafen sich erneut.\n"})
    result = build_result(root)
    assert made == [] and result.rendered == (A_DE,)
    # The summary is in events.json and the calendars; a new slug changes the sitemap's addresses.
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "---\nsummary: Ein neuer Überblick.\n---\nText.\n",
                      "content/events/2023-09-05-treffen/en.md": "---\nslug: 2023-09-05-gathering\n---\nThey met.\n"})
    build_result(root)
    assert {"sitemap", "_event", "_vevent", "ics_calendar"} <= set(made)
    events = json.loads((root / "public" / "de" / "events.json").read_text(encoding="utf-8"))["events"]
    assert [e["summary"] for e in events if e["id"] == "2023-09-05-treffen"] == ["Ein neuer Überblick."]
    for path in ("de/calendar.ics", "de/veranstaltungen/2023-09-05-treffen/event.ics"):
        vevents = [c for c in Calendar.from_ical((root / "public" / path).read_bytes()).walk("VEVENT")
                   if str(c["url"]).endswith("/de/veranstaltungen/2023-09-05-treffen/")]
        assert [str(c["description"]).split("\n\n")[0] for c in vevents] == ["Ein neuer Überblick."]
    from xml.etree import ElementTree

    locations = [loc.text for loc in ElementTree.parse(root / "public" / "sitemap.xml").getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(loc.endswith("/en/events/2023-09-05-gathering/") for loc in locations)
    assert not any("2023-09-05-meeting" in loc for loc in locations)


def stale_pages(root: Path) -> list[str]:
    """The pages of the site's output that differ from a build from scratch's."""
    clean = from_scratch(root)
    return sorted(page.relative_to(clean).as_posix() for page in clean.rglob("*.html")
                  if (root / "public" / page.relative_to(clean)).read_bytes() != page.read_bytes())


def test_a_piece_kept_for_other_pages_brings_the_texts_it_read_to_each(site):
    """``fragments`` keeps a piece of HTML for every page that shows it; the texts its making
    read are part of the record of each page that takes it (found by review: only the page that
    made a teaser was rendered again after an edit of its recap)."""
    macros = (Path(__file__).resolve().parents[1] / "layouts" / "partials" / "macros.html").read_text(encoding="utf-8")
    teaser = ("{% set key = ('teaser', event.id, lang) %}<p class='teaser'>{{ fragments.get(key) or "
              "fragments.put(key, tr.body_html|striptags|truncate(60)) }}</p>\n")
    assert "</article>\n{% endmacro %}" in macros
    root = site({**SECOND_EVENT, "layouts/partials/macros.html":
                 macros.replace("</article>\n{% endmacro %}", teaser + "</article>\n{% endmacro %}", 1)})
    build_result(root)
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Ganz neuer Text.\n"})
    result = build_result(root)
    assert {"de/veranstaltungen/index.html", "de/topics/energie/index.html"} <= set(result.rendered)
    assert stale_pages(root) == []


def test_a_layout_loaded_by_a_name_made_at_run_time_may_read_the_whole_site(site):
    page = (Path(__file__).resolve().parents[1] / "layouts" / "404.html").read_text(encoding="utf-8")
    end = page.rindex("{% endblock %}")
    root = site({**SECOND_EVENT,
                 "layouts/404.html": page[:end] + "{% include 'partials/' ~ 'all.html' %}" + page[end:],
                 "layouts/partials/all.html": "{% for e in site.events %}<p>{{ e.title[lang] }}</p>{% endfor %}"})
    build_result(root)
    write_site(root, {"content/events/2024-01-10-werkstatt/event.yaml":
                      SECOND_EVENT["content/events/2024-01-10-werkstatt/event.yaml"].replace(
                          "{de: Werkstatt, en: Workshop}", "{de: Neue Werkstatt, en: New workshop}")})
    assert "404.html" in build_result(root).rendered
    assert stale_pages(root) == []


def test_a_translation_copied_while_texts_are_recorded_is_copied():
    import copy

    from recap_site.model import EventTranslation, texts_read

    translation = EventTranslation(event_id="e", lang="de", exists=True, title="T", summary="S", text_lang="de",
                                   summary_lang="de", url="/", fallback_lang=None, source=None, body_html="<p>x</p>",
                                   date_label="1. Januar 2024", time_label=None)
    with texts_read() as read:
        assert copy.copy(translation) == translation and copy.deepcopy(translation) == translation
    assert read == {("e", "de")}


def test_the_outcomes_csv_and_json_each_watch_what_their_making_reads(site, monkeypatch):
    """Made of the same rows: each file makes them itself, so a read of a recap's text in
    making them is seen for both (found by review: rows kept for the JSON hid it)."""
    import recap_site.outputs.open_data as open_data

    def rows(site_, urls, lang, _rows=open_data.outcome_rows):
        texts = {event.id: event.translations[lang].body_html for event in site_.events}
        return [{**row, "detail": texts[row["event"]]} for row in _rows(site_, urls, lang)]

    monkeypatch.setattr(open_data, "outcome_rows", rows)
    monkeypatch.setattr(open_data, "COLUMNS", (*open_data.COLUMNS, "detail"))
    root = site({**SECOND_EVENT, "content/events/2024-01-10-werkstatt/event.yaml":
                 SECOND_EVENT["content/events/2024-01-10-werkstatt/event.yaml"].rstrip()
                 + "\n        outcomes:\n          - {kind: agreement, status: planned, text: Eine Vereinbarung}\n"})
    build_result(root)
    write_site(root, {"content/events/2024-01-10-werkstatt/de.md": "Eine neue Werkstatt.\n"})
    build_result(root)
    [data] = (root / "public" / "de").glob("*/outcomes.json")  # next to the tracker
    document = json.loads(data.read_text(encoding="utf-8"))
    assert [row["detail"] for row in document["outcomes"]] == ["<p>Eine neue Werkstatt.</p>"]
    assert "Eine neue Werkstatt." in data.with_suffix(".csv").read_text(encoding="utf-8")


def test_the_outputs_a_build_records_are_the_files_a_look_at_the_folder_finds(site, monkeypatch):
    """The writer tells the build cache which files the new site holds (write.Staging.state), so
    that a build does not look at every output again: its record is what a look finds, after a
    first build, an edit, a file becoming a folder and a folder a file, a deleted event, files
    copied where hard links fail, and with hidden names and __pycache__ among the assets. A
    wrong record would cost every later build its no-change shortcut. Where the disk may hold
    a name otherwise than it was put (not all ASCII: HFS+ decomposes "ü"), the folder is
    looked at, as before."""
    from recap_site import cache, write

    look = cache.output_state
    looks = []
    monkeypatch.setattr(cache, "output_state", lambda folder: looks.append(folder) or look(folder))
    root = site({**SECOND_EVENT, "assets/.hidden.txt": "not in the record\n", "assets/.hid/x.txt": "nor this\n",
                 "assets/__pycache__/y.txt": "nor this\n", "assets/notes.txt": "a file\n",
                 "assets/d/inner.txt": "in a folder\n"})
    out = root / "public"

    def recorded() -> dict:
        return json.loads((cache_of(root) / cache.STATE_FILE).read_text(encoding="utf-8"))["state"]["outputs"]

    def built(looked: bool = False) -> None:
        looks.clear()
        build_output(root)
        assert looks == ([out.resolve()] if looked else [])
        assert recorded() == look(out)

    built()
    assert (out / "assets" / ".hidden.txt").is_file() and (out / "assets" / "__pycache__" / "y.txt").is_file()
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Die Teilnehmer*innen trafen sich erneut.\n"})
    built()
    write_site(root, {"assets/notes.txt": None, "assets/notes.txt/inner.txt": "a folder now\n"})
    built()
    shutil.rmtree(root / "assets" / "d")
    write_site(root, {"assets/d": "a file now\n"})
    built()
    shutil.rmtree(root / "content" / "events" / "2024-01-10-werkstatt")
    built()

    def no_links(*args, **kwargs):
        raise PermissionError(1, "hard links not supported")

    monkeypatch.setattr(write.os, "link", no_links)
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Die Teilnehmer*innen trafen sich noch einmal.\n"})
    built()
    monkeypatch.undo()
    monkeypatch.setattr(cache, "output_state", lambda folder: looks.append(folder) or look(folder))
    write_site(root, {"assets/grüße.txt": "Grüße\n"})
    built(looked=True)
    assert "0 files written" in build_output(root)  # and the record serves its purpose
