"""`recap status`: translation coverage per language, judged by git history
when the site is a git repository, else by modification times."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from conftest import run

EVENT = "content/events/2023-09-05-treffen"
GERMAN_ONLY = {
    "content/events/2022-01-10-nur-deutsch/event.yaml": """\
        title: Nur auf Deutsch
        start: 2022-01-10
        kind: workshop
        format: online
        """,
    "content/events/2022-01-10-nur-deutsch/de.md": "Nur deutscher Text.\n",
}
PAGE = {
    "content/pages/impressum/de.md": "---\ntitle: Impressum\n---\nText.\n",
    "content/pages/impressum/en.md": "---\ntitle: Imprint\n---\n",  # no text yet
}


def status(root, *args):
    result = run("status", "--source", str(root), *args)
    assert "Traceback" not in result.output
    return result


def statuses(data) -> dict[str, dict[str, str]]:
    return {item["folder"]: {lang: tr["status"] for lang, tr in item["translations"].items()}
            for item in data["items"]}


def set_mtime(path, when: float) -> None:
    os.utime(path, (when, when))


def test_present_missing_and_stale_by_modification_time(site):
    root = site({**GERMAN_ONLY, **PAGE})
    set_mtime(root / EVENT / "en.md", 1_600_000_000)
    set_mtime(root / EVENT / "de.md", 1_700_000_000)  # the source changed after the translation
    result = status(root, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["history"] == "mtime"
    assert statuses(data) == {
        "content/events/2022-01-10-nur-deutsch": {"de": "present", "en": "missing"},
        EVENT: {"de": "present", "en": "stale"},
        "content/pages/impressum": {"de": "present", "en": "missing"},
    }
    page = next(item for item in data["items"] if item["id"] == "impressum")
    assert page["translations"]["en"] == {"status": "missing", "file": "content/pages/impressum/en.md",
                                          "source": False, "empty": True}
    assert data["totals"] == {
        "de": {"present": 3, "stale": 0, "missing": 0, "total": 3},
        "en": {"present": 0, "stale": 1, "missing": 2, "total": 3},
    }


def test_a_translation_newer_than_its_source_is_present(site):
    root = site()
    set_mtime(root / EVENT / "de.md", 1_600_000_000)
    set_mtime(root / EVENT / "en.md", 1_700_000_000)
    data = json.loads(status(root, "--format", "json").stdout)
    assert statuses(data) == {EVENT: {"de": "present", "en": "present"}}


def test_the_source_language_is_the_first_one_with_text(site):
    root = site({f"{EVENT}/de.md": None})
    data = json.loads(status(root, "--format", "json").stdout)
    item = data["items"][0]
    assert item["source_language"] == "en"
    assert {lang: tr["status"] for lang, tr in item["translations"].items()} == {"de": "missing", "en": "present"}


def test_fail_on_missing(site):
    assert status(site(), "--fail-on-missing").exit_code == 0
    root = site(GERMAN_ONLY)
    assert status(root).exit_code == 0
    assert status(root, "--fail-on-missing").exit_code == 1


def test_text_report(site):
    root = site({**GERMAN_ONLY, **PAGE})
    set_mtime(root / EVENT / "en.md", 1_600_000_000)
    set_mtime(root / EVENT / "de.md", 1_700_000_000)
    lines = status(root).stdout.splitlines()
    assert lines[0] == "Translation status (stale is judged by file modification times)"
    assert lines[2:6] == [
        "de       en       item",
        "source   missing  content/events/2022-01-10-nur-deutsch",
        "source   stale    content/events/2023-09-05-treffen",
        "source   missing* content/pages/impressum",
    ]
    assert "  en: 0 present, 1 stale, 2 missing (of 3)" in lines
    assert f"  {EVENT}/en.md is older than {EVENT}/de.md" in lines


def test_yaml_texts_shown_in_another_language_are_listed(site):
    root = site(GERMAN_ONLY)
    data = json.loads(status(root, "--format", "json").stdout)
    assert {"path": "content/events/2022-01-10-nur-deutsch/event.yaml", "line": 1,
            "message": "title: no 'en' text; 'de' is shown"} not in data["notes"]  # a plain string is for all
    root = site({"content/events/2022-01-10-nur-deutsch/event.yaml": GERMAN_ONLY[
        "content/events/2022-01-10-nur-deutsch/event.yaml"].replace("title: Nur auf Deutsch",
                                                                   "title: {de: Nur auf Deutsch}")})
    data = json.loads(status(root, "--format", "json").stdout)
    assert {"path": "content/events/2022-01-10-nur-deutsch/event.yaml", "line": 1,
            "message": "title: no 'en' text; 'de' is shown"} in data["notes"]
    text = status(root).stdout
    assert "content/events/2022-01-10-nur-deutsch/event.yaml:1: note: title: no 'en' text; 'de' is shown" in text
    # An English recap whose head gives the title: the English pages show it, no note says otherwise.
    root = site({"content/events/2022-01-10-nur-deutsch/en.md": "---\ntitle: Only in English\n---\nText.\n"})
    data = json.loads(status(root, "--format", "json").stdout)
    assert [note for note in data["notes"] if note["path"].startswith("content/events/2022-01-10-nur-deutsch/")
            and note["message"].startswith("title:")] == []


def test_build_prints_a_one_line_summary(site):
    root = site({**GERMAN_ONLY, "content/events/2022-01-10-nur-deutsch/event.yaml": GERMAN_ONLY[
        "content/events/2022-01-10-nur-deutsch/event.yaml"].replace("title: Nur auf Deutsch",
                                                                   "title: {de: Nur auf Deutsch}")})
    result = run("build", "--source", str(root), "--output", str(root / "public"), "--no-search")
    assert result.exit_code == 0
    summary = [line for line in result.output.splitlines() if line.startswith("Translations:")]
    assert summary == ["Translations: de 2/2, en 1/2; 1 text(s) in YAML shown in another language "
                       "(details: recap status)."]


def test_the_summary_after_a_build_counts_what_the_build_read_without_reading_it_again(site, monkeypatch):
    """A differential test: coverage from the build's content equals coverage from the files,
    for a draft (not read by the build), an empty translation, a stale one and a page."""
    from recap_site import builder, status as translation_status

    root = site({**GERMAN_ONLY, **PAGE,
                 "content/events/2024-01-01-entwurf/event.yaml": "title: Entwurf\nstart: 2024-01-01\n"
                                                                 "kind: workshop\nformat: online\ndraft: true\n",
                 "content/events/2024-01-01-entwurf/de.md": "Noch nicht fertig.\n"})
    set_mtime(root / EVENT / "de.md", 2_000_000_000)  # the English recap is older: stale
    result = builder.build(root, root / "public", search=False, jobs=1)
    languages = result.model.config.languages
    from_files = translation_status.coverage(root, languages)
    read = translation_status.read_by_build(result.model.content)
    assert sorted(read) == ["content/events/2022-01-10-nur-deutsch", "content/events/2023-09-05-treffen",
                            "content/pages/impressum"]  # the draft was not read by the build
    opened = []
    real = translation_status._has_text
    monkeypatch.setattr(translation_status, "_has_text", lambda path: (opened.append(path.name), real(path))[1])
    assert translation_status.coverage(root, languages, read=read) == from_files
    assert opened == ["de.md"]  # the draft's recap, and nothing else
    assert [(i.id, i.draft) for i in from_files.items if i.draft] == [("2024-01-01-entwurf", True)]
    assert {tr.status for i in from_files.items for tr in i.translations} == {"present", "stale", "missing"}


# Git history ------------------------------------------------------------------
def git(root, *args, when: int | None = None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{when} +0000"
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env, timeout=60)


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def german_committed_after_english(root) -> None:
    """Both recaps committed, then the German one changed in a later commit; the files'
    modification times say the opposite (the English one newer)."""
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "both", when=1_600_000_000)
    (root / EVENT / "de.md").write_text("Neuer deutscher Text.\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "German changed", when=1_700_000_000)
    set_mtime(root / EVENT / "de.md", 1_500_000_000)
    set_mtime(root / EVENT / "en.md", 1_800_000_000)


@needs_git
def test_stale_is_judged_by_git_history(site):
    root = site()
    german_committed_after_english(root)  # modification times say the opposite; the history decides
    data = json.loads(status(root, "--format", "json").stdout)
    assert data["history"] == "git"
    assert statuses(data) == {EVENT: {"de": "present", "en": "stale"}}
    # Committing the translation later makes it current again.
    (root / EVENT / "en.md").write_text("The new English text.\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "English updated", when=1_750_000_000)
    set_mtime(root / EVENT / "en.md", 1_500_000_000)
    data = json.loads(status(root, "--format", "json").stdout)
    assert statuses(data) == {EVENT: {"de": "present", "en": "present"}}


@needs_git
def test_a_site_in_a_subfolder_of_a_repository(site, tmp_path):
    root = site()  # tmp_path/site
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "both", when=1_600_000_000)
    (root / EVENT / "de.md").write_text("Neu.\n", encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "German changed", when=1_700_000_000)
    set_mtime(root / EVENT / "en.md", 1_800_000_000)
    data = json.loads(status(root, "--format", "json").stdout)
    assert statuses(data) == {EVENT: {"de": "present", "en": "stale"}}


@needs_git
def test_uncommitted_changes_count_from_their_modification_time(site):
    root = site()
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "both", when=1_600_000_000)
    (root / EVENT / "de.md").write_text("Noch nicht eingecheckt.\n", encoding="utf-8")
    set_mtime(root / EVENT / "de.md", 1_700_000_000)
    data = json.loads(status(root, "--format", "json").stdout)
    assert statuses(data) == {EVENT: {"de": "present", "en": "stale"}}


def test_drafts_are_marked_however_the_key_is_written(site):
    facts = "title: Entwurf\nstart: 2022-01-10\nkind: workshop\nformat: online\n"
    root = site({
        **GERMAN_ONLY,
        "content/events/2022-02-01-entwurf/event.yaml": facts + "draft: yes\n",
        "content/events/2022-02-01-entwurf/de.md": "Text.\n",
        "content/events/2022-03-01-versteckt/event.yaml": facts + '"dr\\x61ft": true\n',  # an escape in quotes
        "content/events/2022-03-01-versteckt/de.md": "Text.\n",
        "content/events/2022-04-01-fertig/event.yaml": facts + "summary: Kein Entwurf mehr (draft: false)\n",
        "content/events/2022-04-01-fertig/de.md": "Text.\n",
    })
    data = json.loads(status(root, "--format", "json").stdout)
    assert {item["id"]: item["draft"] for item in data["items"]} == {
        "2022-01-10-nur-deutsch": False, "2022-02-01-entwurf": True, "2022-03-01-versteckt": True,
        "2022-04-01-fertig": False, "2023-09-05-treffen": False,
    }


@needs_git
def test_git_history_is_read_the_same_from_a_relative_site_folder(site, monkeypatch):
    """`recap status --source .` (and the build's translation line) name files as git does,
    whether the site folder is given as ".", relative or absolute."""
    root = site()
    german_committed_after_english(root)
    monkeypatch.chdir(root)
    for given in (".", f"../{root.name}", str(root)):
        data = json.loads(status(given, "--format", "json").stdout)
        assert statuses(data) == {EVENT: {"de": "present", "en": "stale"}}, given


def test_a_link_that_leads_to_itself_is_no_crash_of_status_or_build(site):
    """A pull request can commit links that loop (``x -> x``): the build says so and reads
    nothing from them, and the translation counts pass them by."""
    root = site()
    (root / "content/events/schleife").symlink_to("schleife")
    for command in (["status", "--source", str(root)], ["build", "--source", str(root), "--no-search"]):
        result = run(*command)
        assert result.exit_code == 0, (command, result.output)
    assert "Translations: de 1/1, en 1/1" in result.output, result.output
    assert "content/events/schleife: warning: this link leads nowhere (or to itself)" in result.output
    english = root / "content/events/2023-09-05-treffen/en.md"
    english.unlink()
    english.symlink_to("en.md")
    result = run("status", "--source", str(root))
    assert result.exit_code == 0 and "en: 0 present, 0 stale, 1 missing (of 1)" in result.output, result.output
