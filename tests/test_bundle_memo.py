"""Validated event folders are reused: a folder whose files have the same bytes, read by the
same code in the same context, is not parsed and checked again (content.BundleMemo, kept by
incremental.BundleStore). Each test compares the content read with the memo against the content
read without it: the memo may only save work, never change what a build sees.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone

import pytest

from conftest import TINY_PNG, cache_of, run, write_site

from recap_site import content as content_module
from recap_site.cache import BuildCache
from recap_site.incremental import BundleStore, code_digest
from recap_site.config import load_config
from recap_site.content import load_content
from recap_site.errors import Report

NOW = datetime(2024, 12, 1, 12, 0, tzinfo=timezone.utc)
WERKSTATT = "content/events/2024-01-10-werkstatt"
FOLGE = "content/events/2024-06-01-folge"

RICH = {
    "content/people.yaml": """\
        anna-schmidt: {name: Dr. Anna Schmidt, organization: ihk}
        """,
    f"{WERKSTATT}/event.yaml": """\
        title: {de: Werkstatt, en: Workshop}
        start: 2024-01-10T10:00
        end: 2024-01-10T16:00
        kind: workshop
        format: online
        organizers: [ihk]
        images:
          - {file: bild.png, alt: {de: Ein Bild, en: A picture}}
        programme:
          - title: {de: Auftakt, en: Opening}
            speakers:
              - {name: Anna Schmidt}
        outcomes:
          - id: vertrag
            kind: agreement
            text: {de: Ein Vertrag bis Januar, en: An agreement by January}
            date: 2025-01-15
          - kind: next-event
            text: {de: Zurück zum Treffen, en: Back to the meeting}
            link: event:2023-09-05-treffen
        """,
    f"{WERKSTATT}/de.md": "---\nslug: Werkstatt Tag\n---\nEine Werkstatt.\n",
    f"{WERKSTATT}/en.md": "A workshop.\n",
    f"{WERKSTATT}/bild.png": TINY_PNG,
    f"{FOLGE}/event.yaml": """\
        title: {de: Folgetreffen, en: Follow-up}
        start: 2024-06-01
        kind: workshop
        format: online
        outcomes:
          - kind: agreement
            text: {de: Weiter so, en: Keep going}
            follows: 2024-01-10-werkstatt#vertrag
          - kind: contact
            text: {de: Ein Kontakt, en: A contact}
            link: event:2024-01-10-werkstat
        """,
    f"{FOLGE}/de.md": "Es ging weiter.\n",
}


def read(root, memo=None, now=NOW):
    report = Report()
    config = load_config(root, report)
    found = load_content(config, report, now=now, memo=memo)
    return found, sorted(report.problems)


def same(first, second) -> None:
    (a, a_problems), (b, b_problems) = first, second
    assert a_problems == b_problems
    for name in ("events", "recaps", "event_urls", "media", "bundles", "broken", "unpublished", "changes_at",
                 "organizations", "people"):
        assert getattr(a, name) == getattr(b, name), name
    assert [repr(e) for e in a.events] == [repr(e) for e in b.events]  # page fingerprints hash the repr


class Memo:
    """A BundleStore over a cache in memory, saved between reads as a build saves it."""

    def __init__(self, tmp_path):
        self.cache = BuildCache(tmp_path / "cache")
        self.store = BundleStore(self.cache, code_digest())

    def next_build(self) -> BundleStore:
        self.cache.bundles, self.cache.used_bundles = self.cache.used_bundles, {}
        self.cache.seen, self.cache.new_seen = self.cache.new_seen, {}
        return self.store


def read_again(root, tmp_path, parsed, change=lambda: None, now=NOW):
    """Read with a memo, make ``change``, read again with it (at ``now``): what that gave, and
    the event.yaml files it parsed."""
    memo = Memo(tmp_path)
    read(root, memo.store)
    change()
    parsed.clear()
    return read(root, memo.next_build(), now=now), list(parsed)


@pytest.fixture
def parsed(monkeypatch):
    """The event.yaml files parsed, in order."""
    names = []
    real = content_module.parse_yaml

    def parse_yaml(text, rel):
        if rel.endswith("event.yaml"):
            names.append(rel)
        return real(text, rel)

    monkeypatch.setattr(content_module, "parse_yaml", parse_yaml)
    return names


def test_a_folder_read_before_is_not_parsed_again_and_gives_the_same_content(site, tmp_path, parsed):
    root = site(RICH)
    memo = Memo(tmp_path)
    plain = read(root)
    assert [p.message[:40] for p in plain[1]] == [  # what each replayed event must report again
        "slug: 'Werkstatt Tag' is used as 'werkst", "programme[1].speakers[1].name: 'Anna Sch",
        "outcomes[2].link: unknown event '2024-01"]
    same(read(root, memo.store), plain)
    assert len(memo.cache.used_bundles) == 3
    parsed.clear()
    same(read(root, memo.next_build()), plain)
    assert parsed == []  # all three remembered
    assert plain[0].changes_at == datetime(2024, 12, 2, tzinfo=plain[0].changes_at.tzinfo)  # the open outcome


def test_an_edited_folder_is_read_again_and_the_others_are_not(site, tmp_path, parsed):
    root = site(RICH)
    with_memo, again = read_again(root, tmp_path, parsed,
                                  lambda: write_site(root, {f"{FOLGE}/de.md": "Es ging anders weiter.\n"}))
    assert again == [f"{FOLGE}/event.yaml"]
    same(with_memo, read(root))


def test_a_folder_whose_link_target_moved_is_read_again(site, tmp_path, parsed):
    """The meeting's English address changes: the workshop, whose outcome links to it, has the
    same bytes but must show the new address."""
    root = site(RICH)
    with_memo, again = read_again(root, tmp_path, parsed, lambda: write_site(root, {
        "content/events/2023-09-05-treffen/en.md": "---\nslug: the-meeting\n---\nWe met.\n"}))
    assert again == ["content/events/2023-09-05-treffen/event.yaml", f"{WERKSTATT}/event.yaml"]
    same(with_memo, read(root))
    [workshop] = [e for e in with_memo[0].events if e.id == "2024-01-10-werkstatt"]
    assert workshop.outcomes[1].link.texts["en"] == "/en/events/the-meeting/"


def test_a_folder_whose_outcome_depends_on_the_day_is_read_again_on_another_day(site, tmp_path, parsed):
    root = site(RICH)
    later = NOW + timedelta(days=60)  # past the agreement's date: its status turns to done
    with_memo, again = read_again(root, tmp_path, parsed, now=later)
    assert again == [f"{WERKSTATT}/event.yaml"]  # the other two do not depend on the day
    same(with_memo, read(root, now=later))
    [workshop] = [e for e in with_memo[0].events if e.id == "2024-01-10-werkstatt"]
    assert workshop.outcomes[0].status == "done"


def test_a_changed_registry_reads_every_folder_again(site, tmp_path, parsed):
    root = site(RICH)
    with_memo, again = read_again(root, tmp_path, parsed, lambda: write_site(
        root, {"content/organizations.yaml": "ihk:\n  name: {de: IHK, en: Chamber}\n"}))
    assert len(again) == 3
    same(with_memo, read(root))


def test_a_damaged_or_planted_entry_is_not_trusted(site, tmp_path, parsed):
    root = site(RICH)
    memo = Memo(tmp_path)
    read(root, memo.store)
    entries = list(memo.cache.used_bundles.values())
    entries[0]["event"] = {"record": "Popen", "fields": ["rm -rf /"]}  # names no record: never made
    entries[1]["recaps"] = "nonsense"
    entries[2]["problems"] = [["x"]]
    parsed.clear()
    with_memo = read(root, memo.next_build())
    assert len(parsed) == 3
    same(with_memo, read(root))


def test_drafts_embargoes_and_links_in_a_folder_are_never_remembered(site, tmp_path):
    root = site({**RICH, "content/events/2024-07-01-entwurf/event.yaml":
                 "title: Entwurf\nstart: 2024-07-01\nkind: workshop\nformat: online\ndraft: true\n",
                 "content/events/2024-07-01-entwurf/de.md": "Entwurf.\n",
                 "content/events/2024-08-01-sperre/event.yaml":
                 "title: Sperre\nstart: 2024-08-01\nkind: workshop\nformat: online\npublish_after: 2024-01-01\n",
                 "content/events/2024-08-01-sperre/de.md": "Gesperrt.\n"})
    (root / WERKSTATT / "notes.txt").symlink_to(root / "content" / "site.yaml")
    memo = Memo(tmp_path)
    plain = read(root, memo.store)
    entries = memo.cache.used_bundles.values()
    assert len(entries) == 2  # the meeting, and the follow-up (with its error)
    assert [entry["event"]["fields"][0] for entry in entries if entry["event"]] == ["2023-09-05-treffen"]
    same(read(root, memo.next_build()), plain)


def test_a_build_after_a_one_recap_edit_parses_only_that_event(site, parsed):
    root = site({**RICH, f"{FOLGE}/event.yaml": RICH[f"{FOLGE}/event.yaml"].replace("werkstat\n", "werkstatt\n")})
    out = root / "public"
    assert run("build", "--source", str(root), "--output", str(out), "--no-search").exit_code == 0
    write_site(root, {f"{FOLGE}/de.md": "Es ging anders weiter.\n"})
    parsed.clear()
    assert run("build", "--source", str(root), "--output", str(out), "--no-search").exit_code == 0
    assert parsed == [f"{FOLGE}/event.yaml"]


def test_a_build_after_a_one_recap_edit_reads_only_that_events_files(site, monkeypatch):
    """The other folders' keys are taken from the last build's record of their files' sizes
    and times: their files are not read, let alone parsed."""
    import json

    from recap_site import cache

    root = site({**RICH, f"{FOLGE}/event.yaml": RICH[f"{FOLGE}/event.yaml"].replace("werkstat\n", "werkstatt\n")})
    out = root / "public"

    def build_and_record() -> dict:
        assert run("build", "--source", str(root), "--output", str(out), "--no-search").exit_code == 0
        return json.loads((cache_of(root) / "seen.json").read_text(encoding="utf-8"))["entries"]

    # Files changed less than two seconds before a build began might change again unseen within
    # one tick of the file system's clock ("racily clean", as git calls it): no record for them.
    monkeypatch.setattr(cache, "RACY_NS", 2_000_000_000)  # a file written in this test is
    monkeypatch.setattr(cache, "FINE_RACY_NS", 2_000_000_000)  # just changed (see conftest)
    assert build_and_record() == {}
    monkeypatch.setattr(cache, "RACY_NS", 0)  # here: as if the files were older
    monkeypatch.setattr(cache, "FINE_RACY_NS", 0)
    write_site(root, {f"{FOLGE}/de.md": "Es ging weiter.\n"})
    record = build_and_record()
    assert sorted(record) == ["2023-09-05-treffen", "2024-01-10-werkstatt", "2024-06-01-folge"]
    # The record is small: names, sizes and times, and a digest of what reading depended on (the
    # configuration among it, thousands of characters of it for a real site, is not copied in).
    assert all(len(json.dumps(entry)) < 200 + 100 * len(entry[1][-1]) for entry in record.values())
    hashed = []
    real = BundleStore._digest
    monkeypatch.setattr(BundleStore, "_digest", lambda self, bundle, *rest: (hashed.append(bundle.name),
                                                                              real(self, bundle, *rest))[1])
    write_site(root, {f"{FOLGE}/de.md": "Es ging anders weiter.\n"})
    build_and_record()
    assert hashed == ["2024-06-01-folge"]
    shutil.rmtree(cache_of(root))  # without the record, every folder is read: what the record saved
    hashed.clear()
    build_and_record()
    assert sorted(hashed) == ["2023-09-05-treffen", "2024-01-10-werkstatt", "2024-06-01-folge"]


def test_check_then_build_in_one_ci_job_reads_and_converts_once(site, parsed, monkeypatch):
    """A CI job runs recap check, then recap build: the build parses no event.yaml and converts
    no Markdown that the check did."""
    from recap_site import markdown as recap_markdown

    root = site({**RICH, f"{FOLGE}/event.yaml": RICH[f"{FOLGE}/event.yaml"].replace("werkstat\n", "werkstatt\n")})
    converted = []
    real = recap_markdown.RecapMarkdown.convert
    monkeypatch.setattr(recap_markdown.RecapMarkdown, "convert",
                        lambda self, text, context: (converted.append(text), real(self, text, context))[1])
    result = run("check", "--source", str(root))
    assert result.exit_code == 0, result.output
    assert len(parsed) == 3 and len(converted) == 5  # 3 events, 5 recaps
    parsed.clear()
    converted.clear()
    result = run("build", "--source", str(root), "--output", str(root / "public"), "--no-search")
    assert result.exit_code == 0, result.output
    assert parsed == [] and converted == []


def test_a_check_after_a_build_keeps_the_builds_shortcut(site):
    from recap_site.builder import build

    root = site(RICH | {f"{FOLGE}/event.yaml": RICH[f"{FOLGE}/event.yaml"].replace("werkstat\n", "werkstatt\n")})
    build(root, root / "public", search=False, jobs=1)
    assert run("check", "--source", str(root)).exit_code == 0
    again = build(root, root / "public", search=False, jobs=1)
    assert again.model is None and again.files == 0  # nothing to do, as before the check


def test_a_renamed_or_copied_folder_is_read_as_itself(site, tmp_path, parsed):
    """The folder's name is the event's id and its default address: an entry made under one
    name is never taken for another, even with the same files."""
    root = site(RICH)
    memo = Memo(tmp_path)
    read(root, memo.store)
    (root / FOLGE).rename(root / "content/events/2024-06-02-folge")
    shutil.copytree(root / WERKSTATT, root / "content/events/2024-01-11-werkstatt")
    parsed.clear()
    with_memo = read(root, memo.next_build())
    assert sorted(parsed) == ["content/events/2024-01-11-werkstatt/event.yaml",
                              "content/events/2024-06-02-folge/event.yaml"]
    same(with_memo, read(root))
    assert with_memo[0].event_urls["2024-06-02-folge"]["de"] == "/de/veranstaltungen/2024-06-02-folge/"


def test_an_entry_cannot_publish_a_file_outside_its_folder_or_give_a_wrong_type(site, tmp_path, parsed):
    """The cache is input like any other: a file an entry names is checked as the facts' are,
    and a value of the wrong type makes the folder be read again, not a crash."""
    root = site(RICH)
    (root / "secret.txt").write_text("not for the web\n", encoding="utf-8")
    memo = Memo(tmp_path)
    read(root, memo.store)
    for entry in memo.cache.used_bundles.values():
        if entry["media"]:
            entry["media"].append(["/media/2024-01-10-werkstatt/secret.txt", "../../../secret.txt"])
        elif entry["event"]:
            entry["event"]["fields"][4] = "garbage"  # start
    parsed.clear()
    with_memo = read(root, memo.next_build())
    assert len(parsed) == 2  # both read again
    same(with_memo, read(root))
    assert not [path for path in with_memo[0].media.values() if path.name == "secret.txt"]


def test_a_record_made_of_data_has_every_field_of_its_declared_type_at_any_depth(site):
    """What a cache entry holds becomes a record only if each value, down to the items of a
    tuple and the keys of a mapping, has the type the record declares."""
    from recap_site.model import from_data, to_data

    (found, _), = [read(site(RICH))]
    event = next(e for e in found.events if e.id == "2024-01-10-werkstatt")
    data = to_data(event)
    assert from_data(data) == event
    assert repr(from_data(data)) == repr(event)

    def damaged(change):
        copy = to_data(event)
        change(copy["fields"])
        with pytest.raises((TypeError, ValueError)):
            from_data(copy)

    names = list(type(event).__dataclass_fields__)
    damaged(lambda fields: fields.__setitem__(names.index("start"), "2024-01-10"))  # text, not a moment
    damaged(lambda fields: fields[names.index("images")].append(7))  # a number among the pictures
    damaged(lambda fields: fields[names.index("outcomes")][0]["fields"].__setitem__(0, ["vertrag"]))
    damaged(lambda fields: fields[names.index("title")]["fields"].__setitem__(0, {"proxy": [[1, "Werkstatt"]]}))


def test_a_check_after_a_build_renders_only_the_pages_whose_inputs_changed(site, monkeypatch):
    """recap check takes the last build's link record of a page made from the same inputs
    instead of rendering it, and reports exactly what a check without any cache reports: a
    broken link on a page it did not render, an edited recap, a draft's pages."""
    from recap_site import render as render_module
    from recap_site.builder import build

    root = site({**RICH,
                 f"{FOLGE}/event.yaml": RICH[f"{FOLGE}/event.yaml"].replace("werkstat\n", "werkstatt\n"),
                 f"{FOLGE}/en.md": "It went on, see [the plan](/en/no-such-page/).\n",
                 "content/events/2024-07-01-entwurf/event.yaml": """\
                     title: {de: Entwurf, en: Draft}
                     start: 2024-07-01
                     kind: workshop
                     format: online
                     draft: true
                     """,
                 "content/events/2024-07-01-entwurf/de.md": "Noch nicht fertig, siehe [hier](/de/gibt-es-nicht/).\n"})
    rendered = []
    real = render_module.Renderer.render
    monkeypatch.setattr(render_module.Renderer, "render",
                        lambda self, route: (rendered.append(route.path), real(self, route))[1])

    def checked() -> tuple[str, list[str]]:
        rendered.clear()
        result = run("check", "--source", str(root), "--jobs", "1")
        return result.output, sorted(rendered)

    cold_output, cold_rendered = checked()
    assert "no-such-page" in cold_output and "gibt-es-nicht" in cold_output
    build(root, root / "public", search=False, jobs=1)
    warm_output, warm_rendered = checked()
    assert warm_output == cold_output
    # The draft's page, and the lists that show it to a check (a build leaves it out): no other.
    assert warm_rendered == ["de/index.html", "de/veranstaltungen/2024-07-01-entwurf/index.html",
                             "de/veranstaltungen/index.html", "de/years/2024/index.html", "de/years/index.html",
                             "en/events/index.html", "en/index.html", "en/years/2024/index.html",
                             "en/years/index.html"]
    assert len(cold_rendered) > 3 * len(warm_rendered)

    write_site(root, {f"{FOLGE}/de.md": "Es ging anders weiter.\n"})
    edited_output, edited_rendered = checked()
    assert "de/veranstaltungen/2024-06-01-folge/index.html" in edited_rendered
    assert not [path for path in edited_rendered if "werkstatt" in path]  # another event's pages
    assert len(edited_rendered) < len(cold_rendered) / 2
    shutil.rmtree(cache_of(root))
    assert checked()[0] == edited_output  # the same report as with nothing to take


def test_a_damaged_link_record_makes_the_check_render_that_page(site):
    """The cache is input: a page record of the wrong shape is not taken, never a crash."""
    import json

    from recap_site.builder import build

    root = site({**RICH, f"{FOLGE}/event.yaml": RICH[f"{FOLGE}/event.yaml"].replace("werkstat\n", "werkstatt\n"),
                 f"{FOLGE}/en.md": "It went on, see [the plan](/en/no-such-page/).\n"})
    cold = run("check", "--source", str(root)).output
    build(root, root / "public", search=False, jobs=1)
    pages = cache_of(root) / "pages.json"
    data = json.loads(pages.read_text(encoding="utf-8"))
    for number, entry in enumerate(data["entries"].values()):
        entry[1] = [[["id"], [7], []], [[], [], [["only the link"]]], [[], [], "warnings"], "nonsense"][number % 4]
    pages.write_text(json.dumps(data), encoding="utf-8")
    result = run("check", "--source", str(root))
    assert result.exit_code == 0 and result.output == cold
    assert "no-such-page" in cold


def test_a_build_into_another_folder_takes_no_file_of_the_first(site, tmp_path):
    """The files a build recorded are its output folder's: a copy elsewhere (same sizes and
    times) is not taken as the last build's pages."""
    from recap_site.builder import build

    root = site({**RICH, f"{FOLGE}/event.yaml": RICH[f"{FOLGE}/event.yaml"].replace("werkstat\n", "werkstatt\n")})
    build(root, root / "public", search=False, jobs=1)
    shutil.copytree(root / "public", tmp_path / "copy", copy_function=shutil.copy2)
    original = (root / "public" / "de" / "index.html").read_bytes()
    (tmp_path / "copy" / "de" / "index.html").write_bytes(b"p" * len(original))  # as long as the page
    shutil.copystat(root / "public" / "de" / "index.html", tmp_path / "copy" / "de" / "index.html")
    again = build(root, tmp_path / "copy", search=False, jobs=1)
    assert "de/index.html" in again.rendered
    assert (tmp_path / "copy" / "de" / "index.html").read_bytes() == (root / "public" / "de" / "index.html").read_bytes()
