"""Broken and hostile input: each case names its file and line, exits 1
without a traceback, and the other events' errors are still reported.

Every parametrized case is checked next to a second, independently broken
event (``OTHER``), so a test fails if one bad file hides the rest.
"""

from __future__ import annotations

import os
import shutil
import struct
import tracemalloc
import zlib
from pathlib import Path

import pytest
from conftest import build, check, error_lines, run, soup

EVENT = "content/events/2023-09-05-treffen"
FACTS = "title: T\nstart: 2023-09-05\nkind: forum\nformat: online\n"
OTHER = {
    "content/events/2024-02-01-anderes/event.yaml": "title: T\nstart: 2024-02-01\nkind: party\nformat: online\n",
    "content/events/2024-02-01-anderes/de.md": "Text\n",
}
OTHER_ERROR = ("content/events/2024-02-01-anderes/event.yaml:3: error: kind: 'party' is not one of: "
               "network-meeting, workshop, conference, forum, site-visit, webinar, other")


def assert_reported(result, *expected):
    assert result.exit_code == 1, result.output
    lines = error_lines(result)
    for line in expected:
        assert line in lines, f"{line!r} not in {lines!r}"
    assert OTHER_ERROR in lines
    errors = sum(": error: " in line for line in lines)
    assert f"{errors} error(s)" in result.output.splitlines()[-1]  # the summary counts every error


BILLION_LAUGHS = "".join(
    [f"a0: &a0 [{', '.join(['lol'] * 9)}]\n"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)]
)


def png_claiming(width: int, height: int) -> bytes:
    """A PNG header that claims a size; Pillow reads the size before any pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IEND", b"")


CASES = {
    # YAML -------------------------------------------------------------------
    "syntax error with column": (
        {f"{EVENT}/event.yaml": "title: T\nstart: 2023-09-05\nkind: forum: online\n"},
        [f"{EVENT}/event.yaml:3: error: ': ' in the middle of a text, or a line indented further than the key "
         'above it: put a text with ": " in quotes (title: "Workshop: Fachkräfte gewinnen"), or start the line '
         "with as many spaces as the keys around it"],
    ),
    "unclosed quote": (
        {f"{EVENT}/event.yaml": 'title: "T\nstart: 2023-09-05\n'},
        [f'{EVENT}/event.yaml:1: error: the quote " opened on this line is not closed on it; end the text with " '
         '(a text in quotes runs on until the next ")'],
    ),
    "syntax error in front matter": (
        {f"{EVENT}/en.md": "---\nslug: x\ntitle: [a\n---\nText\n"},
        [f"{EVENT}/en.md:3: error: the [ … ] list opened on this line is not closed: end it with ], or put a "
         "text containing , or ] in quotes"],
    ),
    "tab in indentation": (
        {f"{EVENT}/event.yaml": FACTS + "venue:\n\tname: Haus\n"},
        [f"{EVENT}/event.yaml:6: error: tab character in indentation (column 1); YAML is indented with spaces"],
    ),
    "tab in front matter": (
        {f"{EVENT}/en.md": "---\ntitle:\n  \tx\n---\nText\n"},
        [f"{EVENT}/en.md:3: error: tab character in indentation (column 3); YAML is indented with spaces"],
    ),
    "duplicate key": (
        {f"{EVENT}/event.yaml": FACTS + "venue: {name: A}\ntitle: U\n"},
        [f"{EVENT}/event.yaml:6: error: duplicate key 'title' (first given on line 1)"],
    ),
    "duplicate nested key": (
        {f"{EVENT}/event.yaml": FACTS + "contact:\n  name: A\n  name: B\n"},
        [f"{EVENT}/event.yaml:7: error: duplicate key 'name' (first given on line 6)"],
    ),
    # Found in the twelfth session: the second duplicate was told only once the first was fixed.
    "two duplicate keys": (
        {f"{EVENT}/event.yaml": FACTS + "start: 2023-09-06\ncontact:\n  name: A\n  name: B\n"},
        [f"{EVENT}/event.yaml:5: error: duplicate key 'start' (first given on line 2); 'name' too, on line 8 "
         "(first given on line 7)"],
    ),
    "duplicate key in front matter": (
        {f"{EVENT}/en.md": "---\nslug: a\nslug: b\n---\nText\n"},
        [f"{EVENT}/en.md:3: error: duplicate key 'slug' (first given on line 2)"],
    ),
    "date as a number": (
        {f"{EVENT}/event.yaml": "title: T\nstart: 20230905\nkind: forum\nformat: online\n"},
        [f"{EVENT}/event.yaml:2: error: start: expected a date such as 2023-09-05, or a date and time such as 2023-09-05T10:00, got '20230905'"],
    ),
    "year only": (
        {f"{EVENT}/event.yaml": "title: T\nstart: 2023\nkind: forum\nformat: online\n"},
        [f"{EVENT}/event.yaml:2: error: start: expected a date such as 2023-09-05, or a date and time such as 2023-09-05T10:00, got '2023'"],
    ),
    "impossible date": (
        {f"{EVENT}/event.yaml": "title: T\nstart: '2023-02-30'\nkind: forum\nformat: online\n"},
        [f"{EVENT}/event.yaml:2: error: start: '2023-02-30' is not a valid date (day is out of range for month)"],
    ),
    "outcome date as a number": (
        {f"{EVENT}/event.yaml": FACTS + "outcomes:\n  - {kind: agreement, status: done, text: x, date: 2024}\n"},
        [f"{EVENT}/event.yaml:6: error: outcomes[1].date: expected a date written YYYY-MM-DD, got '2024'"],
    ),
    "python object tag": (
        {f"{EVENT}/event.yaml": "title: !!python/object/apply:os.system [echo hi]\nstart: 2023-09-05\n"},
        [f"{EVENT}/event.yaml:1: error: YAML tag '!!python/object/apply:os.system' is not allowed"],
    ),
    "python name tag in front matter": (
        {f"{EVENT}/en.md": "---\ntitle: !!python/name:os.system\n---\nText\n"},
        [f"{EVENT}/en.md:2: error: YAML tag '!!python/name:os.system' is not allowed"],
    ),
    "alias": (
        {f"{EVENT}/event.yaml": FACTS + "summary: &s Kurz\ncontact: {name: *s}\n"},
        [f"{EVENT}/event.yaml:5: error: a text cannot start with '&' in YAML, where it has a meaning of its own: put the whole text in quotes (summary: \"&s Kurz\")"],
    ),
    "reference": (
        {f"{EVENT}/event.yaml": FACTS + "contact: {name: *s}\n"},
        [f"{EVENT}/event.yaml:5: error: a value starting with * is read by YAML as a reference to another value: put the whole text in quotes (\"*Neu:* …\"); a list in YAML takes \"- \", not \"* \""],
    ),
    "billion laughs": (
        {f"{EVENT}/event.yaml": BILLION_LAUGHS},
        [f"{EVENT}/event.yaml:1: error: '&a0' names a list or a group of fields for a reference (*a0) elsewhere, which is not allowed here: write each value out where it is used"],
    ),
    "deep nesting": (  # beyond libyaml's own limit too (PyYAML 6.0.4 stops at 1000 levels)
        {f"{EVENT}/event.yaml": "title: " + "[" * 100_000 + "]" * 100_000 + "\n"},
        [f"{EVENT}/event.yaml:1: error: YAML is nested more than 32 levels deep"],
    ),
    # The lines above a tab are read first (their errors are told before the tab's): libyaml's
    # compose overflowed the C stack on them (exit code 139, no message).
    "deep nesting above a tab": (
        {f"{EVENT}/event.yaml": "title: " + "[" * 100_000 + "]" * 100_000 + "\n\tkind: forum\n"},
        [f"{EVENT}/event.yaml:1: error: YAML is nested more than 32 levels deep"],
    ),
    "nesting just over the limit": (
        {f"{EVENT}/event.yaml": "title: T\nsummary: " + "[" * 33 + "]" * 33 + "\n"},
        [f"{EVENT}/event.yaml:2: error: YAML is nested more than 32 levels deep"],
    ),
    "control character": (
        {f"{EVENT}/event.yaml": "title: T\nsummary: a\x07b\n"},
        [f"{EVENT}/event.yaml:2: error: control character #x0007 is not allowed in YAML (column 11)"],
    ),
    "two documents": (
        {f"{EVENT}/event.yaml": FACTS + "---\ntitle: U\n"},
        [f"{EVENT}/event.yaml:5: error: a second '---' line: the file may hold one set of fields only; remove "
         "this line (in a recap, the front matter ends at its second '---')"],
    ),
    # Files and text -------------------------------------------------------------
    "latin-1 recap": (
        {f"{EVENT}/de.md": "Die Größe\n".encode("latin-1")},
        [f"{EVENT}/de.md:1: error: a character ('ö', as Windows-1252 reads it) on this line is not written as "
         "UTF-8: the file was saved in another encoding; save it as UTF-8 (in most editors: Save as…, then the "
         "encoding UTF-8)"],
    ),
    "windows-1252 facts on line 3": (
        {f"{EVENT}/event.yaml": "title: T\nstart: 2023-09-05\nsummary: „Zitat“\n".encode("cp1252")},
        [f"{EVENT}/event.yaml:3: error: a character ('„', as Windows-1252 reads it) on this line is not written "
         "as UTF-8: the file was saved in another encoding; save it as UTF-8 (in most editors: Save as…, then the "
         "encoding UTF-8)"],
    ),
    "utf-16 recap": (
        {f"{EVENT}/de.md": "Die Größe\n".encode("utf-16")},
        [f"{EVENT}/de.md:1: error: the file is saved as UTF-16; save it as UTF-8 (in most editors: Save as…, then "
         "the encoding UTF-8)"],
    ),
    "NUL byte": (
        {f"{EVENT}/de.md": b"Text\n\nmore\x00text\n"},
        [f"{EVENT}/de.md:3: error: the file contains a NUL character"],
    ),
    "empty facts": (
        {f"{EVENT}/event.yaml": ""},
        [f"{EVENT}/event.yaml: error: the file is empty; an event needs at least title, start, kind and format"],
    ),
    "facts with only whitespace": (
        {f"{EVENT}/event.yaml": "\n  \n"},
        [f"{EVENT}/event.yaml: error: the file is empty; an event needs at least title, start, kind and format"],
    ),
    "facts that are a list": (
        {f"{EVENT}/event.yaml": "- title\n- start\n"},
        [f"{EVENT}/event.yaml:1: error: expected fields (key: value lines)"],
    ),
    "unclosed front matter": (
        {f"{EVENT}/en.md": "---\nslug: x\nText\n"},
        [f"{EVENT}/en.md:1: error: front matter is not closed: add a line '---' after it"],
    ),
    "corrupt image": (
        {f"{EVENT}/event.yaml": FACTS + "images:\n  - {file: bild.jpg, alt: x}\n", f"{EVENT}/bild.jpg": b"not a picture"},
        [f"{EVENT}/event.yaml:6: error: images[1].file: 'bild.jpg' is not a picture that can be read (or it is "
         "damaged): save it as JPEG, PNG or WebP and use that file"],
    ),
    "HEIC photo": (
        {f"{EVENT}/event.yaml": FACTS + "images:\n  - {file: foto.heic, alt: x}\n",
         f"{EVENT}/foto.heic": b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"},
        [f"{EVENT}/event.yaml:6: error: images[1].file: 'foto.heic' is a HEIC photo (the iPhone's own format), which "
         "browsers do not show: save it as JPEG (on the iPhone: Settings › Camera › Formats › Most Compatible, or "
         "share it as JPEG) and use that file"],
    ),
    "decompression bomb": (
        {f"{EVENT}/event.yaml": FACTS + "images:\n  - {file: bombe.png, alt: x}\n",
         f"{EVENT}/bombe.png": png_claiming(40_000, 40_000)},
        [f"{EVENT}/event.yaml:6: error: images[1].file: 'bombe.png' has 1600 megapixels, more than the 89 megapixels "
         "a picture may have here (more would take too much memory to process): make it smaller, for one 4000 pixels wide (12 megapixels, plenty for a web page), and use that file"],
    ),
    # Paths and references -------------------------------------------------------
    "slug with a slash": (
        {f"{EVENT}/en.md": "---\nslug: a/b\n---\nText\n"},
        [f"{EVENT}/en.md:2: error: slug: must not contain '/', '\\' or '..'"],
    ),
    "slug with dots": (
        {f"{EVENT}/en.md": "---\nslug: ..\n---\nText\n"},
        [f"{EVENT}/en.md:2: error: slug: must not contain '/', '\\' or '..'"],
    ),
    "slug with a NUL": (
        {f"{EVENT}/en.md": '---\nslug: "a\\0b"\n---\nText\n'},
        [f"{EVENT}/en.md:2: error: slug: contains an invisible control character (U+0000) at character 2; "
         "delete it (it often comes with text pasted from a PDF or Word)"],
    ),
    "reserved slug": (
        {f"{EVENT}/en.md": "---\nslug: con\n---\nText\n"},
        [f"{EVENT}/en.md:2: error: slug: 'con' is a reserved name"],
    ),
    "slug that shadows the media folder": (
        {f"{EVENT}/de.md": "---\nslug: media\n---\nText\n"},
        [f"{EVENT}/de.md:2: error: slug: 'media' is a reserved name"],
    ),
    "reserved event folder name": (
        {"content/events/aux/event.yaml": FACTS, "content/events/aux/de.md": "Text\n"},
        ["content/events/aux: error: event folder name 'aux' is a reserved name"],
    ),
    "event folder name with dots": (
        {"content/events/a..b/event.yaml": FACTS, "content/events/a..b/de.md": "Text\n"},
        ["content/events/a..b: error: event folder name must not contain '/', '\\' or '..'"],
    ),
    "registry id with a slash": (
        {"content/topics.yaml": "energie: Energie\n'a/b': AB\n"},
        ["content/topics.yaml:2: error: id must not contain '/', '\\' or '..'"],
    ),
    "reserved registry id": (
        {"content/organizations.yaml": "ihk: IHK\nnul: Niemand\n"},
        ["content/organizations.yaml:2: error: id 'nul' is a reserved name"],
    ),
    "page folder name": (
        {"content/pages/assets/de.md": "---\ntitle: X\n---\nText\n"},
        ["content/pages/assets: error: page folder name 'assets' is a reserved name"],
    ),
    "two events with one URL": (
        {"content/events/2024-01-01-zwei/event.yaml": FACTS,
         "content/events/2024-01-01-zwei/en.md": "---\nslug: 2023-09-05-meeting\n---\nText\n"},
        # Told on the later event (a copy, found by a fresh-eyes editor), not on the one published.
        ["content/events/2024-01-01-zwei/en.md: error: the address /en/events/2023-09-05-meeting/ is also the "
         f"address of {EVENT}/en.md; give this one another slug (slug: in its front matter): the other's address "
         "may be published already, and links to it would break"],
    ),
    "event and page with one URL": (
        {"content/pages/2023-09-05-meeting/en.md": "---\ntitle: X\n---\nText\n",
         "content/pages/2023-09-05-meeting/de.md": "---\ntitle: X\nslug: events\n---\nText\n"},
        [],  # checked below: a page may not shadow a list; see test_page_slug_that_shadows_a_list
    ),
    "unknown organization, topic, region and series": (
        {f"{EVENT}/event.yaml": FACTS + "partners: [nobody]\ntopics: [nope]\nregions: nirgends\nseries: {id: x}\n"},
        [f"{EVENT}/event.yaml:5: error: partners: unknown organization 'nobody' (not in content/organizations.yaml)",
         f"{EVENT}/event.yaml:6: error: topics: unknown topic 'nope' (not in content/topics.yaml)",
         f"{EVENT}/event.yaml:7: error: regions: unknown region 'nirgends' (not in content/regions.yaml)",
         f"{EVENT}/event.yaml:8: error: series.id: unknown series 'x' (not in content/series.yaml)"],
    ),
    "event link in an outcome": (
        {f"{EVENT}/event.yaml": FACTS + "outcomes:\n  - {kind: agreement, status: done, text: x, link: 'event:gibts-nicht'}\n"},
        [f"{EVENT}/event.yaml:6: error: outcomes[1].link: unknown event 'gibts-nicht' "
         "(no folder content/events/gibts-nicht/)"],
    ),
    "event link in Markdown": (
        {f"{EVENT}/de.md": "Text\n\nSiehe [das andere](event:gibts-nicht).\n"},
        [f"{EVENT}/de.md:3: error: link to unknown event 'gibts-nicht' (no folder content/events/gibts-nicht/)"],
    ),
    "image outside the bundle in the facts": (
        {f"{EVENT}/event.yaml": FACTS + "images:\n  - {file: ../2024-02-01-anderes/a.jpg, alt: x}\n"},
        [f"{EVENT}/event.yaml:6: error: images[1].file: '../2024-02-01-anderes/a.jpg' points outside the "
         "event's folder; put the file next to event.yaml"],
    ),
    "absolute image path in the facts": (
        {f"{EVENT}/event.yaml": FACTS + "images:\n  - {file: /etc/passwd, alt: x}\n"},
        [f"{EVENT}/event.yaml:6: error: images[1].file: '/etc/passwd' points outside the event's folder; "
         "put the file next to event.yaml"],
    ),
    "image outside the bundle in Markdown": (
        {f"{EVENT}/de.md": "Text\n\n![Plan](../../site.yaml)\n"},
        [f"{EVENT}/de.md:3: error: '../../site.yaml' points outside the event's folder; put the file next to "
         "event.yaml"],
    ),
    "the facts are not a bundle file": (
        {f"{EVENT}/de.md": "Text\n\n[Rohdaten](event.yaml)\n"},
        [f"{EVENT}/de.md:3: error: 'event.yaml' is the event's facts or a recap, which are not published as files"],
    ),
    "malformed web addresses in the facts": (
        {f"{EVENT}/event.yaml": FACTS + "online_url: https://[x\ncontact: {url: 'https://x.example:99999/'}\n"},
        [f"{EVENT}/event.yaml:5: error: online_url: 'https://[x' is not a valid web address: a square bracket "
         "belongs in an address only around an IPv6 number",
         f"{EVENT}/event.yaml:6: error: contact.url: 'https://x.example:99999/' is not a valid web address: the "
         "port number after the host's name is too large (at most 65535)"],
    ),
    "malformed web addresses in Markdown": (
        {f"{EVENT}/de.md": "Text\n\n[a](https://[x)\n\n![b](http://x.example:port/)\n"},
        [f"{EVENT}/de.md:3: error: 'https://[x' is not a valid address, so the link is left out: a square bracket "
         "belongs in an address only around an IPv6 number; copy the address again from the browser's address bar",
         f"{EVENT}/de.md:5: error: 'http://x.example:port/' is not a valid address, so the picture is left out: after "
         "the host's name, a colon is followed by a port number (https://example.org:8080/), or by nothing; copy "
         "the address again from the browser's address bar"],
    ),
    # Facts -------------------------------------------------------------------------
    "end before start": (
        {f"{EVENT}/event.yaml": "title: T\nstart: 2023-09-05\nend: 2023-09-04\nkind: forum\nformat: online\n"},
        [f"{EVENT}/event.yaml:3: error: end: 2023-09-04 is before start (2023-09-05)"],
    ),
    "end time before start time": (
        {f"{EVENT}/event.yaml": "title: T\nstart: 2023-09-05T18:00+02:00\nend: 2023-09-05T17:00+02:00\n"
                                "kind: forum\nformat: online\n"},
        [f"{EVENT}/event.yaml:3: error: end: 2023-09-05T17:00:00+02:00 is before start (2023-09-05T18:00:00+02:00)"],
    ),
    "end time before start time across zones": (
        {f"{EVENT}/event.yaml": "title: T\nstart: 2023-09-05T18:00+02:00\nend: 2023-09-05T15:30Z\n"
                                "kind: forum\nformat: online\n"},
        [f"{EVENT}/event.yaml:3: error: end: 2023-09-05T15:30:00+00:00 is before start (2023-09-05T18:00:00+02:00)"],
    ),
    "impossible time": (
        {f"{EVENT}/event.yaml": "title: T\nstart: 2023-09-05T25:00\nkind: forum\nformat: online\n"},
        [f"{EVENT}/event.yaml:2: error: start: '2023-09-05T25:00': there is no such time of day; times run from "
         "00:00 to 23:59"],
    ),
    "midnight written 24:00": (
        {f"{EVENT}/event.yaml": "title: T\nstart: 2023-09-05T18:00\nend: 2023-09-05T24:00\nkind: forum\nformat: online\n"},
        [f"{EVENT}/event.yaml:3: error: end: '2023-09-05T24:00': a day's times run from 00:00 to 23:59; for midnight "
         "at its end, write 23:59"],
    ),
    "a time with Uhr after it": (
        {f"{EVENT}/event.yaml": "title: T\nstart: 2020-07-29T10:00 Uhr\nkind: forum\nformat: online\n"},
        [f"{EVENT}/event.yaml:2: error: start: '2020-07-29T10:00 Uhr' is not a date and time as it must be "
         "written; write it 2020-07-29T10:00"],
    ),
    "a day that does not exist, with a time": (
        {f"{EVENT}/event.yaml": "title: T\nstart: 2023-02-30T10:00\nkind: forum\nformat: online\n"},
        [f"{EVENT}/event.yaml:2: error: start: '2023-02-30T10:00': there is no such day; check the day and the month"],
    ),
    "a German day and time": (
        {f"{EVENT}/event.yaml": "title: T\nstart: '29.07.2020, 10:00 Uhr'\nkind: forum\nformat: online\n"},
        [f"{EVENT}/event.yaml:2: error: start: expected a date such as 2023-09-05, or a date and time such as "
         "2023-09-05T10:00, got '29.07.2020, 10:00 Uhr'; write it 2020-07-29T10:00"],
    ),
    "a day with its month's name, and an hour without its zero": (
        {f"{EVENT}/event.yaml": "title: T\nstart: 5. September 2023\nend: 2023-09-05T9:00\nkind: forum\n"
                                "format: online\noutcomes:\n  - {kind: project, text: P, date: 26. August 2024}\n"},
        [f"{EVENT}/event.yaml:2: error: start: expected a date such as 2023-09-05, or a date and time such as "
         "2023-09-05T10:00, got '5. September 2023'; write it 2023-09-05",
         f"{EVENT}/event.yaml:3: error: end: expected a date such as 2023-09-05, or a date and time such as "
         "2023-09-05T10:00, got '2023-09-05T9:00'; write it 2023-09-05T09:00",
         f"{EVENT}/event.yaml:7: error: outcomes[1].date: expected a date written YYYY-MM-DD, got '26. August 2024'; "
         "write it 2024-08-26"],
    ),
    "unknown language file": (
        {f"{EVENT}/fr.md": "Bonjour\n"},
        [f"{EVENT}/fr.md: error: 'fr' is not a site language (de, en); "
         "name recap files after a language in content/site.yaml"],
    ),
    "unknown language file of a page": (
        {"content/pages/about/de.md": "---\ntitle: Über\n---\nText\n", "content/pages/about/fr.md": "Bonjour\n"},
        ["content/pages/about/fr.md: error: 'fr' is not a site language (de, en); "
         "name recap files after a language in content/site.yaml"],
    ),
}
CASES.pop("event and page with one URL")


@pytest.mark.parametrize(("files", "expected"), CASES.values(), ids=CASES.keys())
def test_bad_input_is_reported_with_its_position(site, files, expected):
    result = check(site({**OTHER, **files}))
    assert_reported(result, *expected)


def test_a_page_slug_that_shadows_a_list_is_refused(site):
    root = site({**OTHER, "content/pages/x/de.md": "---\ntitle: X\nslug: veranstaltungen\n---\nText\n"})
    result = check(root)
    assert result.exit_code == 1
    assert any(line.startswith("content/pages/x/de.md: error: the address /de/veranstaltungen/ is also the address of")
               or "the address /de/veranstaltungen/ is also the address of content/pages/x/de.md" in line
               for line in error_lines(result)), result.output


# YAML types ----------------------------------------------------------------


def _render(root):
    from recap_site.builder import render

    outputs, report, _ = render(root)
    return {o.path: o for o in outputs}, report


def test_norway_and_other_yaml_11_guesses_stay_text(site):
    root = site({f"{EVENT}/event.yaml": (
        "title: NO\nsummary: off\nstart: 2023-09-05\nkind: forum\nformat: in-person\n"
        "venue: {name: 'yes', postal_code: 01067, city: 1e3, country: NO}\n"
    )})
    outputs, report = _render(root)
    assert report.errors == []
    page = soup_of(outputs["en/events/2023-09-05-meeting/index.html"])
    assert page.h1.get_text(strip=True) == "NO"
    text = page.get_text(" ", strip=True)
    assert "Norway" in text and "01067 1e3" in text and "off" in text


def test_dates_given_as_quoted_strings_are_dates(site):
    plain = _render(site({f"{EVENT}/event.yaml": FACTS}))[0]
    quoted = _render(site({f"{EVENT}/event.yaml": FACTS.replace("2023-09-05", '"2023-09-05"')}))[0]
    assert plain.keys() == quoted.keys()
    assert all(plain[k].data == quoted[k].data for k in plain if plain[k].data is not None)


def test_a_datetime_without_offset_is_read_in_the_site_time_zone(site):
    from recap_site.config import load_config
    from recap_site.content import load_content
    from recap_site.errors import Report
    from datetime import datetime, timedelta

    new_york = ("title: T\nlanguages: [de, en]\nbase_url: https://example.org/\n"
                "timezone: America/New_York\n")
    root = site({
        f"{EVENT}/event.yaml": "title: T\nstart: 2023-12-05T18:00\nend: 2023-12-06T01:00+00:00\n"
                               "kind: forum\nformat: online\n",
        "content/site.yaml": new_york,
    })
    report = Report()
    content = load_content(load_config(root, report), report)
    assert report.errors == []
    (event,) = content.events
    assert event.start.utcoffset() == timedelta(hours=-5)
    assert event.start == datetime.fromisoformat("2023-12-05T23:00+00:00")
    # 22:00 UTC is before 18:00 in New York (23:00 UTC).
    root = site({f"{EVENT}/event.yaml": "title: T\nstart: 2023-12-05T18:00\nend: 2023-12-05T22:00+00:00\n"
                                        "kind: forum\nformat: online\n", "content/site.yaml": new_york})
    assert_end = check(root)
    assert (f"{EVENT}/event.yaml:3: error: end: 2023-12-05T22:00:00+00:00 is before start "
            "(2023-12-05T18:00:00-05:00)") in error_lines(assert_end)


def soup_of(output):
    from bs4 import BeautifulSoup

    return BeautifulSoup(output.data.decode("utf-8"), "html.parser")


# Files and text -------------------------------------------------------------


def test_billion_laughs_is_refused_with_little_memory(site):
    from recap_site.sourcefile import parse_yaml
    from recap_site.errors import ContentError

    tracemalloc.start()
    try:
        with pytest.raises(ContentError) as caught:
            parse_yaml(BILLION_LAUGHS, "bomb.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value) == "bomb.yaml:1: error: '&a0' names a list or a group of fields for a reference (*a0) elsewhere, which is not allowed here: write each value out where it is used"
    assert peak < 1_000_000  # fully expanded, the bomb is 9**10 strings


def test_a_utf8_bom_is_accepted(site):
    with_bom = site({f"{EVENT}/event.yaml": b"\xef\xbb\xbf" + FACTS.encode(),
                     f"{EVENT}/de.md": b"\xef\xbb\xbf---\ntitle: Mit BOM\n---\nText\n"})
    outputs, report = _render(with_bom)
    assert report.errors == []
    assert soup_of(outputs["de/veranstaltungen/2023-09-05-treffen/index.html"]).h1.get_text(strip=True) == "Mit BOM"


def test_crlf_gives_the_same_site_as_lf(site, tmp_path):
    from conftest import MINIMAL, write_site
    import textwrap

    files = {**MINIMAL, f"{EVENT}/de.md": "---\ntitle: Titel\n---\nErster Absatz\nmit Umbruch.\n\n- a\n- b\n\n"
             "```\ncode\n```\n"}
    lf = write_site(tmp_path / "lf", files)
    crlf = write_site(tmp_path / "crlf", {
        rel: textwrap.dedent(text).replace("\n", "\r\n").encode("utf-8") for rel, text in files.items()
    })
    assert b"\r\n" in (crlf / EVENT / "de.md").read_bytes()
    lf_out, crlf_out = build(lf), build(crlf)

    def files(out):  # Pagefind's index names differ between any two builds, so it is left out
        return sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file() and "pagefind" not in p.parts)

    names = files(lf_out)
    assert names == files(crlf_out) and len(names) > 20
    for name in names:
        assert (lf_out / name).read_bytes() == (crlf_out / name).read_bytes(), name
    assert b"\r" not in (crlf_out / "de/veranstaltungen/2023-09-05-treffen/index.html").read_bytes()


def test_an_empty_recap_is_a_warning(site):
    result = check(site({f"{EVENT}/de.md": "", f"{EVENT}/en.md": ""}))
    assert result.exit_code == 0
    assert [line for line in error_lines(result) if line.startswith(EVENT)] == [
        f"{EVENT}/de.md:1: warning: the recap text is empty", f"{EVENT}/en.md:1: warning: the recap text is empty"]


def test_a_recap_left_empty_beside_a_written_one_is_left_out_not_published_empty(site):
    # recap new makes de.md and en.md; an event published with only its German recap written had
    # an English page with no recap on it.
    root = site({f"{EVENT}/en.md": "---\n# title: the English title\n---\n"})
    result = run("build", "--source", str(root), "--no-search")
    assert result.exit_code == 0
    assert [line for line in error_lines(result) if line.startswith(EVENT)] == [
        f"{EVENT}/en.md:3: warning: the recap text is empty, so it is left out, as if en.md were missing: the en "
        "pages link to the recap in de; write the recap, or delete the file"]
    out = root / "public"
    assert not (out / "en/events/2023-09-05-treffen").exists() and (out / "de/veranstaltungen/2023-09-05-treffen").is_dir()
    listed = soup(out / "en/events/index.html").select("main a[href*='2023-09-05']")
    assert [(a["href"], a.get("hreflang")) for a in listed] == [("/de/veranstaltungen/2023-09-05-treffen/", "de")]


def test_an_empty_site_yaml_is_an_error(site):
    result = check(site({"content/site.yaml": ""}))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == ("content/site.yaml: error: the file is empty; it needs at least "
                                             "title, languages and base_url")


def test_a_file_over_the_configured_limit_is_refused(site):
    from conftest import SITE_YAML

    root = site({**OTHER, "content/site.yaml": SITE_YAML + "max_file_mb: 1\n",
                 f"{EVENT}/de.md": "Text\n" + "x" * (1024 * 1024 + 600_000) + "\n"})
    result = check(root)
    assert_reported(result, f"{EVENT}/de.md: error: file is 1.6 MB, over the limit of 1.0 MB "
                            "(max_file_mb in content/site.yaml)")


def test_the_default_limit_is_5_mb(site):
    root = site({**OTHER, f"{EVENT}/event.yaml": FACTS + "summary: |\n" + ("  " + "x" * 99 + "\n") * 56_000})
    result = check(root)
    assert_reported(result, f"{EVENT}/event.yaml: error: file is 5.4 MB, over the limit of 5.0 MB "
                            "(max_file_mb in content/site.yaml)")


# Symlinks ---------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the site folder, with files a link may point to."""
    folder = tmp_path / "outside"
    (folder / "bundle").mkdir(parents=True)
    (folder / "bundle/event.yaml").write_text(FACTS)
    (folder / "bundle/de.md").write_text("Geheim\n")
    (folder / "secret.md").write_text("Geheim\n")
    (folder / "secret.yaml").write_text(FACTS)
    (folder / "secret.jpg").write_bytes(b"\xff\xd8\xff secret")
    return folder


LINK_OUT = ("is a link to a place outside content/; recap-site reads only what is inside content/: "
            "put a copy here instead of a link")
BUNDLE_LINK_OUT = ("is a link to a place outside the event's folder; recap-site reads only what is inside "
                   "the event's folder: put a copy here instead of a link")


def test_a_linked_event_folder_outside_the_site_is_not_followed(site, outside):
    root = site(OTHER)
    os.symlink(outside / "bundle", root / "content/events/2024-03-01-link")
    assert_reported(check(root), "content/events/2024-03-01-link: error: " + LINK_OUT)


def test_a_linked_events_folder_outside_the_site_is_not_followed(site, outside, tmp_path):
    root = site()
    (outside / "events").mkdir()
    os.rename(outside / "bundle", outside / "events" / "2024-03-01-link")
    shutil.rmtree(root / "content/events")
    os.symlink(outside / "events", root / "content/events")
    result = check(root)
    assert result.exit_code == 1
    assert error_lines(result) == ["content/events: error: " + LINK_OUT]
    # Linked inside content/, it is followed: its events are built.
    os.unlink(root / "content/events")
    (root / "content/archive").mkdir()
    os.rename(outside / "events", root / "content/archive/events")
    os.symlink(root / "content/archive/events", root / "content/events")
    result = check(root)
    assert result.exit_code == 0, result.output


def test_a_linked_recap_outside_the_site_is_not_followed(site, outside):
    root = site(OTHER)
    (root / EVENT / "de.md").unlink()
    os.symlink(outside / "secret.md", root / EVENT / "de.md")
    assert_reported(check(root), f"{EVENT}/de.md: error: " + LINK_OUT)


def test_linked_facts_outside_the_site_are_not_followed(site, outside):
    root = site(OTHER)
    (root / EVENT / "event.yaml").unlink()
    os.symlink(outside / "secret.yaml", root / EVENT / "event.yaml")
    assert_reported(check(root), f"{EVENT}/event.yaml: error: " + LINK_OUT)


def test_a_linked_registry_outside_the_site_is_not_followed(site, outside):
    root = site(OTHER)
    (root / "content/regions.yaml").unlink()
    (outside / "regions.yaml").write_text("berlin: Berlin\n")
    os.symlink(outside / "regions.yaml", root / "content/regions.yaml")
    assert_reported(check(root), "content/regions.yaml: error: " + LINK_OUT)


def test_a_linked_image_outside_the_site_is_not_published(site, outside):
    bild = "content/events/2024-03-01-bild"
    root = site({**OTHER, f"{bild}/event.yaml": FACTS + "images:\n  - {file: a.jpg, alt: x}\n",
                 f"{bild}/de.md": "Text\n", f"{EVENT}/de.md": "Text\n\n![b](b.jpg)\n"})
    os.symlink(outside / "secret.jpg", root / bild / "a.jpg")
    os.symlink(outside / "secret.jpg", root / EVENT / "b.jpg")
    assert_reported(check(root),
                    f"{bild}/event.yaml:6: error: images[1].file: 'a.jpg' " + BUNDLE_LINK_OUT,
                    f"{EVENT}/de.md:3: error: 'b.jpg' " + BUNDLE_LINK_OUT)


def test_a_link_inside_the_site_is_followed(site):
    root = site()
    os.symlink("de.md", root / EVENT / "en.md.tmp")
    (root / EVENT / "en.md").unlink()
    os.replace(root / EVENT / "en.md.tmp", root / EVENT / "en.md")
    out = build(root)
    page = soup(out / "en/events/2023-09-05-treffen/index.html")
    assert "Die Teilnehmer*innen trafen sich." in page.get_text()


def test_linked_assets_outside_the_site_are_not_published(site, outside):
    root = site()
    (outside / "assets").mkdir()
    (outside / "assets" / "id_rsa").write_text("PRIVATE KEY\n")
    os.symlink(outside / "assets", root / "assets")
    out = build(root)
    assert not (out / "assets" / "id_rsa").exists()
    assert not any(b"PRIVATE KEY" in p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert (out / "assets" / "css" / "site.css").is_file()  # the theme's own assets still are


def test_a_page_whose_slug_is_a_lists_address_is_told_to_change_its_own(site):
    result = check(site({"content/pages/themen/de.md": "---\ntitle: Themen\nslug: topics\n---\nText.\n"}))
    assert result.exit_code == 1
    assert [line for line in error_lines(result) if "themen" in line] == [
        "content/pages/themen/de.md: error: the address /de/topics/ is also the address of one of the site's own "
        "pages (a list, or the search, made from content/topics.yaml): give this one another slug (slug: in its "
        "front matter)"]
