"""Content errors: `path:line: error: message`, exit 1, no traceback, all at once."""

from __future__ import annotations

import pytest
from conftest import check, error_lines

EVENT = "content/events/2023-09-05-treffen"


@pytest.mark.parametrize(
    ("event_yaml", "expected"),
    [
        ("title: T\nstart: 2023-09-05\nkind: party\nformat: online\n",
         f"{EVENT}/event.yaml:3: error: kind: 'party' is not one of: network-meeting, workshop, conference, "
         "forum, site-visit, webinar, other"),
        ("title: T\nstart: 2023-09-05\nkind: forum\nformat: remote\n",
         f"{EVENT}/event.yaml:4: error: format: 'remote' is not one of: in-person, online, hybrid"),
        ("title: T\nkind: forum\nformat: online\n",
         f"{EVENT}/event.yaml:1: error: start: required field is missing"),
        ("title: T\nstart: 5.9.2023\nkind: forum\nformat: online\n",
         f"{EVENT}/event.yaml:2: error: start: expected a date such as 2023-09-05, or a date and time such as 2023-09-05T10:00, got '5.9.2023'; write it 2023-09-05"),
        ("title: T\nstart: 2023-09-05\nend: 2023-09-04\nkind: forum\nformat: online\n",
         f"{EVENT}/event.yaml:3: error: end: 2023-09-04 is before start (2023-09-05)"),
        ("title: T\nstart: 2023-09-05\nkind: forum\nformat: in-person\n",
         f"{EVENT}/event.yaml:1: error: venue: required unless format is online"),
        ("title: T\nstart: 2023-09-05\nkind: forum\nformat: online\norganizers: [ihk, nobody]\n",
         f"{EVENT}/event.yaml:5: error: organizers: unknown organization 'nobody' (not in content/organizations.yaml)"),
        ("title: T\nstart: 2023-09-05\nkind: forum\nformat: online\nparticipants: many\n",
         f"{EVENT}/event.yaml:5: error: participants: expected a whole number of at least 0, got 'many'"),
        ("title: T\nstart: 2023-09-05\nkind: forum\nformat: online\nimages:\n  - {file: nope.jpg, alt: x}\n",
         f"{EVENT}/event.yaml:6: error: images[1].file: 'nope.jpg' is not a file in this event's folder; put the file next to event.yaml, or check its name"),
        ("title: T\nstart: 2023-09-05\nkind: forum\nformat: online\nimages:\n  - {file: a.jpg}\n",
         f"{EVENT}/event.yaml:6: error: images[1].alt: required field is missing"),
        ("title: T\nstart: 2023-09-05\nkind: forum\nformat: online\noutcomes:\n"
         "  - {kind: agreement, status: done, text: x, link: 'event:missing'}\n",
         f"{EVENT}/event.yaml:6: error: outcomes[1].link: unknown event 'missing' (no folder content/events/missing/)"),
        ("title: T\ntitle: U\n",
         f"{EVENT}/event.yaml:2: error: duplicate key 'title' (first given on line 1)"),
        ("title: [unclosed\n",
         f"{EVENT}/event.yaml:1: error: the [ … ] list opened on this line is not closed: end it with ], or "
         "put a text containing , or ] in quotes"),
    ],
)
def test_bad_event_facts(site, event_yaml, expected):
    result = check(site({f"{EVENT}/event.yaml": event_yaml}))
    assert result.exit_code == 1
    assert expected in error_lines(result)


def test_all_errors_are_reported_in_one_run(site):
    root = site({
        f"{EVENT}/event.yaml": "title: T\nstart: 2023-09-05\nkind: party\nformat: online\n",
        "content/events/2024-01-01-zwei/event.yaml": "title: T\nstart: soon\nkind: forum\nformat: online\n",
        "content/events/2024-01-01-zwei/de.md": "Text\n",
    })
    result = check(root)
    assert result.exit_code == 1
    assert error_lines(result) == [
        f"{EVENT}/event.yaml:3: error: kind: 'party' is not one of: network-meeting, workshop, conference, "
        "forum, site-visit, webinar, other",
        "content/events/2024-01-01-zwei/event.yaml:2: error: start: expected a date such as 2023-09-05, or a date and time such as 2023-09-05T10:00, got 'soon'",
    ]
    assert result.output.splitlines()[-1] == (
        "Found 2 error(s) and 0 warning(s). Fix them and run recap check again; links between pages are "
        "checked once no errors are left.")


def test_unknown_keys_are_warnings_and_strict_makes_them_errors(site):
    root = site({f"{EVENT}/event.yaml": (
        "title: T\nstart: 2023-09-05\nkind: forum\nformat: online\norgnizers: [ihk]\n"
    )})
    expected = "event.yaml:5: {}: unknown key 'orgnizers' (did you mean 'organizers'?): what it holds is not used"
    relaxed = check(root)
    assert relaxed.exit_code == 0
    assert f"{EVENT}/" + expected.format("warning") in error_lines(relaxed)
    strict = check(root, "--strict")
    assert strict.exit_code == 1
    assert f"{EVENT}/" + expected.format("error") in error_lines(strict)


def test_yaml_types_come_from_the_schema(site):
    """`country: NO` stays Norway and a postal code keeps its leading zero."""
    from recap_site.builder import render

    root = site({f"{EVENT}/event.yaml": (
        "title: 2023\nstart: 2023-09-05\nkind: forum\nformat: in-person\n"
        "venue: {name: Hotel, postal_code: 01067, city: Oslo, country: NO}\n"
    )})
    outputs, report, _ = render(root)
    assert report.errors == []
    page = next(o for o in outputs if o.path == "en/events/2023-09-05-meeting/index.html").data.decode()
    assert "01067 Oslo" in page and "Norway" in page


def test_unknown_language_file_is_an_error(site):
    result = check(site({f"{EVENT}/fr.md": "Bonjour\n"}))
    assert result.exit_code == 1
    assert (f"{EVENT}/fr.md: error: 'fr' is not a site language (de, en); "
            "name recap files after a language in content/site.yaml") in error_lines(result)


def test_bad_folder_name_and_bad_slug(site):
    root = site({
        "content/events/Mein Treffen/event.yaml": "title: T\n",
        f"{EVENT}/en.md": "---\nslug: ../escape\n---\nText\n",
    })
    result = check(root)
    assert result.exit_code == 1
    assert error_lines(result) == [
        f"{EVENT}/en.md:2: error: slug: must not contain '/', '\\' or '..'",
        "content/events/Mein Treffen: error: event folder name 'Mein Treffen' may only use a-z, 0-9 and '-' "
        "(for example 'mein-treffen')",
    ]


def test_two_events_with_one_url_are_rejected(site):
    root = site({
        "content/events/2024-01-01-zwei/event.yaml": "title: T\nstart: 2024-01-01\nkind: forum\nformat: online\n",
        "content/events/2024-01-01-zwei/de.md": "---\nslug: 2023-09-05-treffen\n---\nText\n",
    })
    result = check(root)
    assert result.exit_code == 1
    # Told on the later event, which took the earlier one's address (a copy of its folder, mostly).
    assert ("content/events/2024-01-01-zwei/de.md: error: the address /de/veranstaltungen/2023-09-05-treffen/ is also "
            f"the address of {EVENT}/de.md; give this one another slug (slug: in its front matter): the other's "
            "address may be published already, and links to it would break") in error_lines(result)


def test_missing_site_yaml_and_bad_languages(tmp_path):
    result = check(tmp_path)
    assert result.exit_code == 1
    assert result.output.startswith(f"content/site.yaml: error: not found in {tmp_path}")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/site.yaml").write_text("title: T\nlanguages: [de, xx-nope]\nbase_url: https://e.org/\n")
    result = check(tmp_path)
    assert result.output.strip().splitlines() == [
        "content/site.yaml:2: error: languages: 'xx-nope' is not a known language code",
        "Found 1 error(s) and 0 warning(s). Fix them and run recap check again; links between pages are checked "
        "once no errors are left."]


def test_template_errors_name_the_layout_and_line(site):
    root = site({"layouts/page.html": "{% extends 'base.html' %}\n{% block main %}\n{{ nope }}\n{% endblock %}\n",
                 "content/pages/about/de.md": "---\ntitle: Über\n---\nText\n"})
    result = check(root)
    assert result.exit_code == 1
    assert result.output.startswith("layouts/page.html:3: error: 'nope' is undefined (while rendering /de/about/)")


def test_a_layout_error_is_a_problem_with_its_layout_and_line_for_programs_too(site):
    """The renderer raises a ContentError (a Problem), not a preformatted line the CLI parses back."""
    import json

    root = site({"layouts/page.html": "{% extends 'base.html' %}\n{% block main %}\n{{ nope }}\n{% endblock %}\n",
                 "content/pages/about/de.md": "---\ntitle: Über\n---\nText\n"})
    problems = json.loads(check(root, "--format", "json").stdout)["problems"]
    assert problems == [{"path": "layouts/page.html", "line": 3, "severity": "error",
                         "message": "'nope' is undefined (while rendering /de/about/)"}]


def test_a_content_error_raised_in_a_worker_arrives_as_itself():
    import pickle

    from recap_site.errors import ContentError, Problem

    again = pickle.loads(pickle.dumps(ContentError("layouts/event.html", 12, "'x' is undefined")))
    assert isinstance(again, ContentError) and again.problem == Problem("layouts/event.html", 12, "'x' is undefined")
    assert again.format_message() == "layouts/event.html:12: error: 'x' is undefined"
    from recap_site.errors import ContentErrors

    many = pickle.loads(pickle.dumps(ContentErrors([Problem("a.yaml", 1, "one")], complete=True)))
    assert many.problems == [Problem("a.yaml", 1, "one")] and many.complete
    assert many.format_message() == "a.yaml:1: error: one\n1 error(s); nothing was written."


def test_missing_fields_in_a_language_are_notes_not_errors(site):
    from recap_site.builder import render

    root = site({"content/topics.yaml": "energie: {de: Energie}\n"})
    _, report, _ = render(root)
    assert [str(p) for p in report.notes] == ["content/topics.yaml:1: note: energie: no 'en' text; 'de' is shown"]
    assert report.errors == [] and report.warnings == []
