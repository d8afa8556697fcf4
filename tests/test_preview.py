"""`recap serve`'s quick preview of an edited event (builder.preview_event).

The preview renders one event's pages against the last build's model. Where
it applies, its pages must be byte for byte what the full build then writes;
where it cannot be right (the site's structure changes, the event has an
error), it must decline and leave the change to the full build.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TINY_JPEG, TINY_PNG, write_site

from recap_site import builder
from recap_site.lastbuild import BuildResult

EVENT = "content/events/2023-09-05-treffen"
PAGES = ["de/veranstaltungen/2023-09-05-treffen/index.html", "en/events/2023-09-05-meeting/index.html"]
SECOND = {
    "content/events/2024-01-10-werkstatt/event.yaml": """\
        title: {de: Werkstatt, en: Workshop}
        start: 2024-01-10
        kind: workshop
        format: online
        topics: [energie]
        """,
    "content/events/2024-01-10-werkstatt/de.md": "Wir haben gebaut.\n",
}


def full_build(root: Path) -> BuildResult:
    result = builder.build(root, root / "public", search=False, drafts=True, jobs=1)
    assert result.model is not None
    return result


def preview(root: Path, model: builder.Model, *changed: str):
    outputs = builder.preview_event(model, [root / rel for rel in changed])
    return None if outputs is None else {output.path: output.data for output in outputs}


@pytest.mark.parametrize("files", [
    {f"{EVENT}/de.md": "Die Teilnehmer*innen trafen sich *wieder* – mit [Folgetreffen](event:2024-01-10-werkstatt).\n"},
    {f"{EVENT}/en.md": "---\nslug: 2023-09-05-meeting\ntitle: A new title\n---\nThe participants met again.\n"},
    {f"{EVENT}/event.yaml": """\
        title: {de: Neues Netzwerktreffen, en: New network meeting}
        start: 2023-09-05T10:00:00+02:00
        end: 2023-09-05T16:00:00+02:00
        kind: workshop
        format: hybrid
        venue: {name: Rathaus, city: Potsdam, country: DE}
        organizers: [ihk]
        participants: 40
        outcomes:
          - {kind: agreement, status: planned, text: {de: Wiedersehen, en: Meet again}}
        """},
])
def test_a_preview_is_what_the_full_build_writes(site, files):
    root = site(SECOND)
    model = full_build(root).model
    write_site(root, files)
    pages = preview(root, model, *files)
    assert sorted(pages) == sorted(PAGES)
    full_build(root)
    for path, data in pages.items():
        assert data == (root / "public" / path).read_bytes(), path
    # Nothing was written by the preview itself: the pages live in memory until the build.
    assert not list((root / "public").rglob(".preview-*"))


def test_a_file_that_came_and_went_with_the_edit_is_no_obstacle(site):
    root = site()
    model = full_build(root).model
    write_site(root, {f"{EVENT}/de.md": "Neu geschrieben.\n"})
    pages = preview(root, model, f"{EVENT}/de.md", f"{EVENT}/4913")  # vim's check that it may write
    full_build(root)
    assert pages[PAGES[0]] == (root / "public" / PAGES[0]).read_bytes()


def test_an_image_the_last_build_published_can_be_previewed(site):
    root = site({f"{EVENT}/bild.png": TINY_PNG,
                 f"{EVENT}/de.md": "![Ein Bild](bild.png)\n"})
    model = full_build(root).model
    write_site(root, {f"{EVENT}/de.md": "Vorher.\n\n![Ein Bild](bild.png)\n"})
    pages = preview(root, model, f"{EVENT}/de.md")
    full_build(root)
    assert pages[PAGES[0]] == (root / "public" / PAGES[0]).read_bytes()


def test_an_event_with_pictures_in_its_facts_can_be_previewed(site):
    event_yaml = """\
        title: {de: Netzwerktreffen, en: Network meeting}
        start: 2023-09-05
        kind: network-meeting
        format: online
        images:
          - {file: foto.jpg, alt: {de: Ein Foto, en: A photo}, caption: {de: Vorher, en: Before}}
        """
    root = site({f"{EVENT}/event.yaml": event_yaml, f"{EVENT}/foto.jpg": TINY_JPEG})
    model = full_build(root).model
    write_site(root, {f"{EVENT}/event.yaml": event_yaml.replace("Vorher", "Nachher")})
    pages = preview(root, model, f"{EVENT}/event.yaml")
    model = full_build(root).model
    assert b"Nachher" in pages[PAGES[0]]
    assert pages[PAGES[0]] == (root / "public" / PAGES[0]).read_bytes()
    # Another picture is a file the last build did not publish: no preview.
    write_site(root, {f"{EVENT}/neu.jpg": TINY_JPEG,
                      f"{EVENT}/event.yaml": event_yaml.replace("foto.jpg", "neu.jpg")})
    assert preview(root, model, f"{EVENT}/event.yaml") is None


@pytest.mark.parametrize("files, changed", [
    # Not one event's facts or recaps.
    ({"content/topics.yaml": "energie: {de: Energiewende, en: Energy transition}\n"}, ["content/topics.yaml"]),
    ({f"{EVENT}/notes.txt": "x\n"}, [f"{EVENT}/notes.txt"]),
    ({f"{EVENT}/de.md": "Neu.\n", "content/events/2024-01-10-werkstatt/de.md": "Auch neu.\n"},
     [f"{EVENT}/de.md", "content/events/2024-01-10-werkstatt/de.md"]),
    # An event the last build did not have.
    ({"content/events/2025-01-01-neu/event.yaml": "title: Neu\nstart: 2025-01-01\nkind: forum\nformat: online\n",
      "content/events/2025-01-01-neu/de.md": "Neu.\n"}, ["content/events/2025-01-01-neu/de.md"]),
    # Another URL or another set of languages.
    ({f"{EVENT}/en.md": "---\nslug: 2023-09-05-get-together\n---\nMet.\n"}, [f"{EVENT}/en.md"]),
    ({f"{EVENT}/en.md": None}, [f"{EVENT}/en.md"]),
    # A file the last build did not publish.
    ({f"{EVENT}/neu.png": TINY_PNG, f"{EVENT}/de.md": "![Neu](neu.png)\n"}, [f"{EVENT}/de.md"]),
    # Errors: the full build reports them, with every other problem of the site.
    ({f"{EVENT}/de.md": "Siehe [dort](event:gibt-es-nicht).\n"}, [f"{EVENT}/de.md"]),
    ({f"{EVENT}/event.yaml": "title: [kaputt\n"}, [f"{EVENT}/event.yaml"]),
    ({f"{EVENT}/event.yaml": "title: Treffen\nstart: 2023-09-05\nkind: party\nformat: online\n"},
     [f"{EVENT}/event.yaml"]),
])
def test_changes_a_preview_cannot_show_are_declined(site, files, changed):
    root = site(SECOND)
    model = full_build(root).model
    write_site(root, files)
    assert preview(root, model, *changed) is None


def test_a_changed_event_that_became_a_draft_is_still_previewed(site):
    # serve builds with drafts, so a draft keeps its pages there.
    root = site()
    model = full_build(root).model
    write_site(root, {f"{EVENT}/event.yaml": (root / EVENT / "event.yaml").read_text() + "draft: true\n"})
    pages = preview(root, model, f"{EVENT}/event.yaml")
    full_build(root)
    assert pages[PAGES[0]] == (root / "public" / PAGES[0]).read_bytes()
