"""`recap check` and the checks of `recap build`: internal links, output
formats (text, json, GitHub annotations), drafts and embargo, the summary
line and the status line."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timezone

import pytest
from conftest import DRAFT, TINY_PNG, build, run, soup

from recap_site import builder, progress
from recap_site.cli import github_annotation
from recap_site.errors import Problem

DE = "content/events/2023-09-05-treffen/de.md"
DE_PAGE = "/de/veranstaltungen/2023-09-05-treffen/"
BROKEN_LINKS = {
    DE: """\
        Die Teilnehmer*innen trafen sich.

        Mehr im [Archiv](/de/archiv/) und [oben](#nirgends).

        Gut: [Fakten](#facts-heading), [alle](/de/veranstaltungen/), [extern](https://example.com/x),
        [E-Mail](mailto:a@example.org) und [englisch](/en/events/2023-09-05-meeting/#recap-heading).
        """,
}
MISSING_PAGE = (f"broken link '/de/archiv/' on page {DE_PAGE}: no page or file has that address")
MISSING_ID = (f"broken link '#nirgends' on page {DE_PAGE}: there is no element with id 'nirgends' on this page")


def check(root, *args):
    result = run("check", "--source", str(root), *args)
    assert "Traceback" not in result.output
    return result


# Internal links -----------------------------------------------------------
def test_broken_links_are_warnings_on_the_source_line(site):
    result = check(site(BROKEN_LINKS))
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if ": warning: " in line]
    assert lines == [f"{DE}:3: warning: {MISSING_ID}", f"{DE}:3: warning: {MISSING_PAGE}"]
    assert "Checked" in result.output and "2 warning(s), 0 error(s)" in result.output


def test_a_fragment_on_another_page_must_exist(site):
    root = site({DE: "[Fakten auf Englisch](/en/events/2023-09-05-meeting/#fakten)\n"})
    data = json.loads(check(root, "--format", "json").stdout)
    assert [p["message"] for p in data["problems"]] == [
        f"broken link '/en/events/2023-09-05-meeting/#fakten' on page {DE_PAGE}: "
        "there is no element with id 'fakten' on that page"
    ]


def test_a_link_without_the_sites_folder_is_a_warning_with_the_address_meant(site):
    """On a site published in a folder of its host, /de/… leads out of the site, to a page
    the host does not have: a warning names the address meant. A link to a part of the host
    the site does not have, and to the host's own language homes, is another site's and fine."""
    from conftest import SITE_YAML

    root = site({
        "content/site.yaml": SITE_YAML.replace("https://example.org/", "https://example.org/rueckblicke/"),
        DE: """\
            Die Teilnehmer*innen trafen sich, siehe [Englisch](/en/events/2023-09-05-meeting/#recap-heading).

            Die [Kammer](/de/) und ihr [Impressum](/impressum/), und [richtig](/rueckblicke/en/events/), [ohne](/de/veranstaltungen).
            """,
    })
    data = json.loads(check(root, "--format", "json").stdout)
    assert [(p["path"], p["line"], p["message"]) for p in data["problems"]] == [(
        DE, 1,
        "broken link '/en/events/2023-09-05-meeting/#recap-heading' on page " + DE_PAGE + ": "
        "this address leads out of the site, which is published in the folder /rueckblicke/ of its host; "
        "did you mean '/rueckblicke/en/events/2023-09-05-meeting/#recap-heading'?",
    ), (
        DE, 3,
        "broken link '/de/veranstaltungen' on page " + DE_PAGE + ": this address leads out of the site, which is "
        "published in the folder /rueckblicke/ of its host; did you mean '/rueckblicke/de/veranstaltungen'?",
    )]


def test_links_from_layouts_are_reported_once_at_the_layout_s_line(site):
    """A broken link in a layout appears on every page: one warning at the layout's line, with the
    number of pages (each page's own warning named its content file, none the layout)."""
    root = site({"layouts/partials/languages.html": '<a href="/de/fehlt/">x</a>\n'})
    data = json.loads(check(root, "--format", "json").stdout)
    [problem] = data["problems"]
    assert (problem["path"], problem["line"], problem["severity"]) == ("layouts/partials/languages.html", 1, "warning")
    assert problem["message"].startswith("broken link '/de/fehlt/' on ")
    assert " pages (/" in problem["message"] and problem["message"].endswith(": no page or file has that address")


def test_links_after_a_script_element_are_checked(site):
    """A script's text is no markup, but the tags after its element are (the search page has two scripts)."""
    root = site({"layouts/partials/languages.html":
                 '<script src="/assets/js/search.js" defer></script><a href="/de/fehlt/">x</a>\n'})
    data = json.loads(check(root, "--format", "json").stdout)
    [problem] = data["problems"]
    assert (problem["path"], problem["line"]) == ("layouts/partials/languages.html", 1)
    assert problem["message"].startswith("broken link '/de/fehlt/' on ")


def test_json_format(site):
    result = check(site(BROKEN_LINKS), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["errors"] == 0 and data["warnings"] == 2 and data["pages"] > 10
    assert data["problems"] == [
        {"path": DE, "line": 3, "severity": "warning", "message": MISSING_ID},
        {"path": DE, "line": 3, "severity": "warning", "message": MISSING_PAGE},
    ]


def test_github_format_prints_annotations(site):
    result = check(site(BROKEN_LINKS), "--format", "github")
    assert result.exit_code == 0
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        f"::warning file={DE},line=3::{MISSING_ID}",
        f"::warning file={DE},line=3::{MISSING_PAGE}",
    ]


def test_strict_makes_broken_links_errors(site):
    result = check(site(BROKEN_LINKS), "--format", "github", "--strict")
    assert result.exit_code == 1
    assert f"::error file={DE},line=3::{MISSING_PAGE}" in result.stdout.splitlines()


def test_content_errors_become_error_annotations(site):
    root = site({"content/events/2023-09-05-treffen/event.yaml": "title: T\nstart: 2023-09-05\nkind: party\n"
                                                                 "format: online\n"})
    result = check(root, "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=content/events/2023-09-05-treffen/event.yaml,line=3::kind: 'party' is not one of: "
        "network-meeting, workshop, conference, forum, site-visit, webinar, other"
    ]


def test_layout_errors_become_annotations_too(site):
    root = site({"layouts/event.html": "{{ nope(\n"})
    result = check(root, "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert [(p["path"], p["line"], p["severity"]) for p in problems] == [("layouts/event.html", 1, "error")]


def test_github_annotation_escapes_what_workflow_commands_need():
    problem = Problem("content/a,b:c.md", 7, "100% sure\nsecond line", "warning")
    assert github_annotation(problem) == "::warning file=content/a%2Cb%3Ac.md,line=7::100%25 sure%0Asecond line"
    assert github_annotation(Problem("content/site.yaml", 0, "m", "error")) == "::error file=content/site.yaml::m"


def test_build_warns_about_broken_links_and_strict_build_writes_nothing(site):
    root = site(BROKEN_LINKS)
    result = run("build", "--source", str(root), "--output", str(root / "public"), "--no-search")
    assert result.exit_code == 0
    assert f"{DE}:3: warning: {MISSING_PAGE}" in result.output.splitlines()
    strict_out = root / "strict"
    result = run("build", "--source", str(root), "--output", str(strict_out), "--strict", "--no-search")
    assert result.exit_code == 1
    assert f"{DE}:3: error: {MISSING_PAGE}" in result.output.splitlines()
    assert "nothing was written" in result.output
    assert not strict_out.exists()


# Drafts and embargo ----------------------------------------------------------
DRAFT = {**DRAFT, "content/events/2024-03-01-entwurf/de.md": ""}  # unfinished: no warning unless shown
EMBARGO = {
    "content/events/2024-06-01-sperrfrist/event.yaml": """\
        title: Sperrfrist
        start: 2024-06-01
        kind: workshop
        format: online
        publish_after: 2024-06-10T09:00
        """,
    "content/events/2024-06-01-sperrfrist/de.md": "Bald.\n",
}
BERLIN_SUMMER = "+02:00"


def test_drafts_are_left_out_unless_asked_for(site):
    root = site(DRAFT)
    result = run("build", "--source", str(root), "--output", str(root / "public"), "--no-search")
    assert result.exit_code == 0 and "warning" not in result.output.replace("0 warning(s)", "")
    assert not (root / "public/de/veranstaltungen/2024-03-01-entwurf").exists()
    out = build(root, "--drafts", "--no-search")
    page = soup(out / "de/veranstaltungen/2024-03-01-entwurf/index.html")
    assert [b.get_text() for b in page.select(".event-header .badge-draft")] == ["Entwurf"]
    listed = soup(out / "de/veranstaltungen/index.html")
    assert [b.get_text() for b in listed.select(".card .badge-draft")] == ["Entwurf"]
    other = soup(out / "de/veranstaltungen/2023-09-05-treffen/index.html")
    assert other.select(".badge-draft") == []


def test_check_tells_a_link_to_a_drafts_address_that_the_build_leaves_out(site):
    """recap check renders drafts too, so the draft's page and pictures were there and a link to
    them by their address passed the check, and was broken on the built site (a fresh-eyes
    editor found it). It is told at its line, from a page and from an event, with the reason;
    the lists and the draft's own links, which a build leaves out with it, are not."""
    files = dict(DRAFT)
    files["content/events/2024-03-01-entwurf/saal.png"] = TINY_PNG
    files["content/events/2024-03-01-entwurf/de.md"] = (
        "Noch nicht fertig. [Treffen](/de/veranstaltungen/2023-09-05-treffen/)\n\n![Saal](saal.png)\n")
    files[DE] = "Siehe [den Entwurf](/de/veranstaltungen/2024-03-01-entwurf/).\n"
    files["content/pages/kontakt/de.md"] = ("---\ntitle: Kontakt\n---\nText.\n\n"
                                           "![Saal](/media/2024-03-01-entwurf/saal.png)\n")
    root = site(files)
    data = json.loads(check(root, "--format", "json").stdout)
    why = ("that address belongs to event '2024-03-01-entwurf', which is a draft (draft: true) and so not "
           "published: the link is broken on the built site; remove it, or publish that event first")
    assert [(p["path"], p["line"], p["message"]) for p in data["problems"]] == [
        (DE, 1, f"broken link '/de/veranstaltungen/2024-03-01-entwurf/' on page {DE_PAGE}: {why}"),
        ("content/pages/kontakt/de.md", 6,
         f"broken link '/media/2024-03-01-entwurf/saal.png' on page /de/kontakt/: {why}"),
    ]
    # The build tells the same two links (its own words: the pages are not there).
    result = run("build", "--source", str(root), "--output", str(root / "public"), "--no-search")
    assert [line.split(": warning: ")[0] for line in result.output.splitlines() if ": warning: " in line] == [
        f"{DE}:1", "content/pages/kontakt/de.md:6"]
    # With the draft published, nothing is told.
    yaml_file = root / "content/events/2024-03-01-entwurf/event.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("draft: true", "draft: false"))
    assert json.loads(check(root, "--format", "json").stdout)["problems"] == []


@pytest.mark.parametrize("now, published", [
    (datetime.fromisoformat("2024-06-10T08:59:59" + BERLIN_SUMMER), False),
    (datetime.fromisoformat("2024-06-10T09:00:01" + BERLIN_SUMMER), True),
    (datetime(2024, 6, 10, 7, 0, 1, tzinfo=timezone.utc), True),  # 09:00:01 in Berlin
])
def test_embargo_depends_on_the_builds_now(site, tmp_path, now, published):
    root = site(EMBARGO)
    out = tmp_path / "out"
    builder.build(root, out, now=now, search=False)
    assert (out / "de/veranstaltungen/2024-06-01-sperrfrist/index.html").is_file() is published


def test_embargoed_events_show_a_badge_with_drafts(site, tmp_path):
    root = site(EMBARGO)
    out = tmp_path / "out"
    builder.build(root, out, drafts=True, now=datetime(2024, 1, 1, tzinfo=timezone.utc), search=False)
    page = soup(out / "de/veranstaltungen/2024-06-01-sperrfrist/index.html")
    assert [b.get_text() for b in page.select(".badge-draft")] == ["Sperrfrist bis 10. Juni 2024"]


def test_publish_after_on_a_day_starts_at_midnight_in_the_site_time_zone(site, tmp_path):
    root = site({**EMBARGO, "content/events/2024-06-01-sperrfrist/event.yaml":
                 EMBARGO["content/events/2024-06-01-sperrfrist/event.yaml"].replace("2024-06-10T09:00", "2024-06-10")})
    before = datetime.fromisoformat("2024-06-09T23:59:00+02:00")
    after = datetime.fromisoformat("2024-06-10T00:00:01+02:00")
    builder.build(root, tmp_path / "before", now=before, search=False)
    builder.build(root, tmp_path / "after", now=after, search=False)
    assert not (tmp_path / "before/de/veranstaltungen/2024-06-01-sperrfrist").exists()
    assert (tmp_path / "after/de/veranstaltungen/2024-06-01-sperrfrist/index.html").is_file()


def test_a_bad_publish_after_is_an_error_with_its_line(site):
    root = site({"content/events/2024-06-01-sperrfrist/event.yaml":
                 EMBARGO["content/events/2024-06-01-sperrfrist/event.yaml"].replace("2024-06-10T09:00", "bald"),
                 "content/events/2024-06-01-sperrfrist/de.md": "Bald.\n"})
    result = check(root)
    assert result.exit_code == 1
    assert ("content/events/2024-06-01-sperrfrist/event.yaml:5: error: publish_after: expected a date such as 2023-09-05, or a date and time such as 2023-09-05T10:00, got 'bald'") in result.output


# Summary and status line -----------------------------------------------------
def test_build_prints_a_summary_line(site):
    root = site()
    result = run("build", "--source", str(root), "--output", str(root / "public"), "--no-search")
    last = result.output.strip().splitlines()[-1]
    files = [p for p in (root / "public").rglob("*") if p.is_file() and p.name != ".recap-build"]
    pages = [p for p in files if p.suffix == ".html"]
    assert re.fullmatch(
        rf"Built {len(pages)} pages into {re.escape(str(root / 'public'))} in \d+\.\d\d s: "
        rf"{len(files)} files written, 0 unchanged; 0 warning\(s\), 0 errors\.", last), last
    assert "\r" not in result.output  # no status line when stderr is not a terminal


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_status_line_only_on_a_terminal_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert progress.wanted(FakeTerminal()) is True
    assert progress.wanted(io.StringIO()) is False
    monkeypatch.setenv("CI", "true")
    assert progress.wanted(FakeTerminal()) is False


def test_status_line_appears_only_after_a_moment_and_is_cleared():
    terminal = FakeTerminal()
    line = progress.StatusLine(terminal)
    line("rendering", 1, 10)  # a quick build: nothing yet
    assert terminal.getvalue() == ""
    line.started -= progress.DELAY + 1  # as if the build had been running for a while
    line("rendering", 10, 10)
    assert terminal.getvalue() == "\r\x1b[Krendering 10/10 pages"
    line.clear()
    assert terminal.getvalue().endswith("\r\x1b[K")


def test_build_reports_its_stages_to_the_progress_callback(site, tmp_path):
    seen = []
    builder.build(site(), tmp_path / "out", search=False, progress=lambda *args: seen.append(args))
    stages = [stage for stage, _, _ in seen]
    assert stages[0] == "reading" and stages[-1] == "writing"
    rendering = [(done, total) for stage, done, total in seen if stage == "rendering"]
    assert rendering[-1][0] == rendering[-1][1] > 10


# The CI pipeline for users ---------------------------------------------------------
def test_github_workflow_checks_builds_strictly_and_deploys_main():
    import yaml
    from conftest import REPO

    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers and "pull_request" in triggers
    steps = workflow["jobs"]["build"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert "recap check --format github" in commands
    assert "recap build --strict --output public" in commands
    assert commands.index("recap check --format github") < commands.index("recap build --strict --output public")
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "public"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_gitlab_example_does_the_same():
    import yaml
    from conftest import REPO

    pipeline = yaml.safe_load((REPO / "docs/gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "recap check" in pipeline["check"]["script"]
    assert pipeline["build"]["script"] == ["recap build --strict --output public",
                                           'mv "$RECAP_CACHE_DIR" .recap-ci-cache']  # the cache, kept by GitLab
    assert pipeline["pages"]["artifacts"]["paths"] == ["public"]
    assert pipeline["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    # What pip installs is said once: a site-only repository changes one line (a fresh site
    # owner changed the first of two, and the check and build jobs still installed ".").
    installs = [line for job in ("default", "check", "build") for line in pipeline[job]["before_script"]
                if "pip install" in line]
    assert len(installs) == 3 and set(installs) == {'python -m pip install --quiet "$RECAP_SITE"'}
    assert pipeline["variables"]["RECAP_SITE"] == "."
