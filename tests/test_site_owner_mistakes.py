"""A site owner's own UI strings and layouts (layouts/ in the site folder, over the theme's):
what they wrote reaches the pages, or is reported at its file and line. Found by a fresh-eyes
site owner: a string without its value, a block of another name and a file the theme never
reads each left text out of every page without a message, and a placeholder in other words or a
layout saved as Windows-1252 stopped the build with a Python traceback."""

from __future__ import annotations

import os

import pytest
from conftest import REPO, SITE_YAML, build, check, error_lines, run, soup

EVENT = "de/veranstaltungen/2023-09-05-treffen/index.html"


def test_a_ui_string_is_checked_against_the_theme_s(site):
    root = site({"layouts/i18n/de.yaml": (
        'image_credit: "Foto"\n'
        'event_count: "Veranstaltungen"\n'
        'events_in_year: "Veranstaltungen im Jahr {jahr}"\n'
        'page_n: "Seite {n"\n'
        'all_evnets: Alle Termine\n'
        'part_of_series: "Teil {part} der Reihe {series}"\n'
        'footer_note: "Ein Angebot der {{IHK}}"\n')})
    assert error_lines(check(root)) == [
        "layouts/i18n/de.yaml:1: warning: image_credit: the theme fills in {credit} here, but this text leaves it "
        "out, so it is not shown; write {credit} where it belongs",
        "layouts/i18n/de.yaml:2: warning: event_count: the theme fills in {count} here, but this text leaves it "
        "out, so it is not shown; write {count} where it belongs",
        "layouts/i18n/de.yaml:3: error: events_in_year: {jahr} is not a value the theme fills in here (it fills "
        "in {year}); keep the names in braces as the theme writes them, in every language",
        "layouts/i18n/de.yaml:4: error: page_n: a brace { is not closed; a value the theme fills in is written "
        "{n}, and a brace itself {{ or }}",
        "layouts/i18n/de.yaml:5: warning: all_evnets: the theme has no UI string of this name and no layout of the "
        "site uses it, so this text is not shown (did you mean 'all_events'?)",
    ]


def test_a_site_s_own_string_for_its_own_layout_is_kept_and_one_that_cannot_be_filled_in_is_told(site):
    layout = (REPO / "layouts/page.html").read_text(encoding="utf-8").replace(
        "{% block main %}", "{% block main %}<p class=\"own\">{{ t('impressum_hint', year=2024) }}</p>", 1)
    files = {"layouts/page.html": layout, "layouts/i18n/de.yaml": 'impressum_hint: "Stand {year}"\n',
             "layouts/i18n/en.yaml": 'impressum_hint: "As of {year}"\n',
             "content/pages/about/de.md": "---\ntitle: Über uns\n---\nText.\n"}
    out = build(site(files), "--no-search")
    assert soup(out / "de/about/index.html").select_one(".own").get_text() == "Stand 2024"
    files["layouts/i18n/de.yaml"] = 'impressum_hint: "Stand {jahr}"\n'
    result = check(site(files))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert [line for line in error_lines(result) if "impressum_hint" in line] == [
        "layouts/i18n/de.yaml: error: impressum_hint: the text cannot be filled in (KeyError: 'jahr'); the layout "
        "fills in {year}, a brace itself is written {{ or }}"]


def test_a_block_the_theme_does_not_have_and_layouts_it_never_reads_are_told(site):
    page = (REPO / "layouts/page.html").read_text(encoding="utf-8")
    languages = (REPO / "layouts/partials/languages.html").read_text(encoding="utf-8")
    root = site({
        "layouts/page.html": page.replace("{% block main %}", "{% block content %}", 1),
        "layouts/partial/languages.html": languages,
        "layouts/Event.html": "<p>Mein Layout</p>\n",
        "layouts/i18n/de.yml": "footer_note: Ein Angebot der IHK\n",
        # Found by a fresh-eyes site owner: told "(did you mean 'term.html'?)", for their ".html".
        "layouts/footer.html": "<p>Impressum</p>\n",
    })
    line = page[:page.index("{% block main %}")].count("\n") + 1
    assert error_lines(check(root)) == [
        "layouts/Event.html: warning: this layout is not used: no page has a layout of this name, and no layout "
        "includes it (did you mean 'event.html'? Upper and lower case count)",
        "layouts/footer.html: warning: this layout is not used: no page has a layout of this name, and no layout "
        "includes it; the pages' footer is the block footer of base.html: to change it, copy the theme's base.html "
        "into the site's layouts/ and change that block there",
        "layouts/i18n/de.yml: warning: this file is not read: the UI strings of a language are read from "
        "layouts/i18n/<language>.yaml, for the site's languages (de, en)",
        f"layouts/page.html:{line}: error: {{% block content %}} is not a block of base.html, so what it holds is "
        "never shown; the blocks of base.html: description, footer, head, main, site_nav",
        "layouts/partial/languages.html: warning: this layout is not used: no page has a layout of this name, and "
        "no layout includes it (did you mean 'partials/languages.html'?)",
    ]


def test_a_layout_that_extends_itself_or_is_not_utf8_is_told_at_its_line(site):
    home = (REPO / "layouts/home.html").read_text(encoding="utf-8")
    root = site({
        "layouts/base.html": '{% extends "base.html" %}\n{% block head %}<link rel="stylesheet">{% endblock %}\n',
        "layouts/home.html": (home + "<p>für München</p>\n").encode("cp1252"),
    })
    result = check(root)
    assert "Traceback" not in result.output
    [(line, character)] = [(number, next(c for c in text if ord(c) > 127))
                           for number, text in enumerate(home.splitlines(), start=1) if not text.isascii()][:1]
    assert error_lines(result) == [
        'layouts/base.html:1: error: the layout extends itself ({% extends "base.html" %}); to build on the '
        "theme's base.html, copy it here and change the copy",
        f"layouts/home.html:{line}: error: a character ('{character}', as Windows-1252 reads it) on this "
        "line is not written as UTF-8: the file was saved in another encoding; save it as UTF-8 (in most editors: "
        "Save as…, then the encoding UTF-8)",
    ]


def test_a_site_s_own_layouts_that_fit_the_theme_give_no_message(site):
    """The site's own partial, included by its own event layout, and its own strings."""
    event = (REPO / "layouts/event.html").read_text(encoding="utf-8")
    root = site({
        "layouts/partials/box.html": "<aside class=\"own\">{{ t('box_title') }}</aside>\n",
        "layouts/event.html": event[:event.rindex("{% endblock %}")] + '{% include "partials/box.html" %}'
                              + event[event.rindex("{% endblock %}"):],
        "layouts/i18n/de.yaml": 'box_title: "Kasten"\nimage_credit: "Foto: {credit}"\n',
        "layouts/i18n/en.yaml": 'box_title: "Box"\n',
    })
    assert error_lines(check(root)) == []
    out = build(root, "--no-search")
    assert soup(out / EVENT).select_one("aside.own").get_text() == "Kasten"


def test_a_broken_link_of_a_site_s_own_layout_is_told_once_at_its_line(site):
    """Found by a fresh-eyes site owner: a mistyped style sheet in base.html gave a warning per
    page (194 on the sample site), each blamed on a content file, none on the layout."""
    base = (REPO / "layouts/base.html").read_text(encoding="utf-8")
    head = base.index("</head>")
    stylesheet = '<link rel="stylesheet" href="{{ urls.asset(\'css/cusotm.css\') }}">\n'
    root = site({"layouts/base.html": base[:head] + stylesheet + base[head:]})
    line = base[:head].count("\n") + 1
    warnings = error_lines(check(root))
    assert len(warnings) == 1
    assert warnings[0].startswith(f"layouts/base.html:{line}: warning: broken link '/assets/css/cusotm.css' on ")
    assert " pages (/" in warnings[0]


@pytest.mark.parametrize(("written", "message"), [
    # Shown silently in the default language on every language's page.
    ("{{ site.description }}", "a text given by language is written here as it is, so every language's page "
                               "would show the 'de' text ('Ein Archiv'); write it with the page's language, as in "
                               "site.title[lang] or |in_lang(lang) (while rendering /de/about/)"),
    ("{{ site.title }}", "a text given by language is written here as it is, so every language's page would "
                         "show the 'de' text ('Rückblicke'); write it with the page's language, as in "
                         "site.title[lang] or |in_lang(lang) (while rendering /de/about/)"),
    # These named no layout line, no file of the site, or nothing at all.
    ('{% include "partials/impressum-box.html" %}',
     "this line loads the layout partials/impressum-box.html, which is neither in the site's layouts/ nor the "
     "theme's"),
    ("{{ t('impressum') }}", "t('impressum'): the UI string is in no strings file; add it to layouts/i18n/de.yaml "
                             "(and the other languages')"),
    ("{{ page.title|date }}", "|date needs the page's language: write |date(lang) (while rendering /de/about/)"),
    ("{{ page.title|date(lang) }}", "|date(lang) writes a date, but is given the text 'Über uns' (while "
                                    "rendering /de/about/)"),
    ("{{ page.titel }}", "a PageTranslation has no field 'titel' (did you mean 'title'?) (while rendering "
                         "/de/about/)"),
    # Found by a fresh-eyes site owner: Jinja's own words ("Encountered unknown tag 'endblock'. You
    # probably made a nesting mistake …"), at the line of the {% endblock %}, not of the open {% if %}.
    ("{% if page.title %}<p>Hallo</p>", "the {% if %} on this line is not closed, so the layout cannot be read: "
                                        "write {% endif %} where what it shows ends (before the {% endblock %} on "
                                        "line 9)"),
    # (a tag inside a comment is none: found by a review)
    ("{% if page.title %}\n{# alt: {% if page %} #}<p>Hallo</p>", "the {% if %} on this line is not closed, so the "
                                                                 "layout cannot be read: write {% endif %} where what "
                                                                 "it shows ends (before the {% endblock %} on line 10)"),
    ("{% for item in page.title %}<p>Hallo</p>", "the {% for %} on this line is not closed, so the layout cannot be "
                                                 "read: write {% endfor %} where what it shows ends (before the "
                                                 "{% endblock %} on line 9)"),
    ("{{ t('copyright_line') }", "a value is written between {{ and }}, two braces on each side; here one } "
                                 "closes it, so the layout cannot be read"),
])
def test_a_mistake_in_a_site_s_own_layout_is_told_at_its_line_in_words_to_act_on(site, written, message):
    page = (REPO / "layouts/page.html").read_text(encoding="utf-8")
    at = page.index("{% block main %}") + len("{% block main %}")
    root = site({"layouts/page.html": page[:at] + written + page[at:],
                 "content/pages/about/de.md": "---\ntitle: Über uns\n---\nText.\n",
                 # given in German only: on an English page it would stand unmarked
                 "content/site.yaml": SITE_YAML.replace("description: {de: Ein Archiv, en: An archive}",
                                                        "description: {de: Ein Archiv}")})
    result = check(root)
    assert "Traceback" not in result.output
    line = page[:at].count("\n") + 1
    assert error_lines(result) == [f"layouts/page.html:{line}: error: {message}"]


@pytest.mark.parametrize(("address", "message"), [
    ("https://user:pw@x.org/", "holds a user name or password, which every page's links, the sitemap and the feeds "
                               "would show; write it without them: https://x.org/"),
    ("https://x.org/archiv/index.html", "ends with a file's name (index.html); the site's address is its folder: "
                                        "https://x.org/archiv/"),
    ("https://recaps,example,org/", "has no valid host name ('recaps,example,org'): letters, digits, hyphens and "
                                    "dots only"),
    ("https://x.org/mein archiv/", "has a space in it, which a web address cannot have; write it as %20, or leave "
                                   "it out"),
    ("https://x.org/?seite=1", "has a query (?…); the site's address ends with its folder"),
])
def test_a_base_url_no_site_can_be_published_at_is_told(site, address, message):
    """Found by a fresh-eyes site owner: each was taken as it was, and every page's links, the
    sitemap and the feeds were made from it (the password among them)."""
    root = site({"content/site.yaml": f"title: T\nlanguages: [de, en]\nbase_url: {address}\n"})
    assert error_lines(check(root)) == [f"content/site.yaml:3: error: base_url: '{address}' {message}"]
    result = run("build", "--source", str(root), "--output", str(root / "public"), "--base-url", address)
    assert f"content/site.yaml: error: --base-url '{address}' {message}" in result.output
    assert result.exit_code != 0 and not (root / "public").exists()


@pytest.mark.parametrize("address", ["https://x.org/archiv", "https://rückblicke.example/", "http://localhost:8000/",
                                     "https://user.github.io/recaps.ihk", "https://x.org/docs/v1.2/",
                                     "https://www.ihk.example/rueckblicke/", "http://127.0.0.1:8000/"])
def test_a_base_url_of_a_folder_or_with_umlauts_is_taken(site, address):
    root = site({"content/site.yaml": f"title: T\nlanguages: [de, en]\nbase_url: {address}\n"})
    assert [line for line in error_lines(check(root)) if "base_url" in line] == []


def test_a_series_written_as_its_title_alone_is_taken_as_organizations_and_people_are(site):
    """Found by a fresh-eyes site owner: "netzwerktreffen: Netzwerktreffen" in series.yaml was
    "netzwerktreffen.expected fields (key: value lines)"; organizations and people take a name."""
    root = site({
        "content/series.yaml": "treffen: Netzwerktreffen\n",
        "content/events/2023-09-05-treffen/event.yaml":
        "title: {de: Netzwerktreffen, en: Network meeting}\nstart: 2023-09-05\nkind: network-meeting\n"
        "format: online\nseries: {id: treffen, part: 1}\n",
    })
    assert error_lines(check(root)) == []
    out = build(root, "--no-search")
    assert "Netzwerktreffen" in soup(out / "en/series/treffen/index.html").h1.get_text()



UNINDENTED = "is not indented, so it is read as a new entry with the id"


@pytest.mark.parametrize("file, text, told", [
    ("content/people.yaml", 'eva-klein:\n  name: "Eva Klein"\nurl: https://www.ihk.de/eva-klein\n',
     f"content/people.yaml:3: error: 'url:' {UNINDENTED} 'url' instead of a field of 'eva-klein' above it: "
     "indent it by two spaces, as the lines under 'eva-klein:' are"),
    ("content/organizations.yaml", "ihk-potsdam:\n  name: IHK Potsdam\nurl: https://www.ihk.de/potsdam\n",
     f"content/organizations.yaml:3: error: 'url:' {UNINDENTED} 'url' instead of a field of 'ihk-potsdam' above "
     "it: indent it by two spaces, as the lines under 'ihk-potsdam:' are"),
    ("content/series.yaml", "ihk-dialog:\n  title: IHK-Dialog\ndescription: Eine Reihe der IHK\n",
     f"content/series.yaml:3: error: 'description:' {UNINDENTED} 'description' instead of a field of 'ihk-dialog' "
     "above it: indent it by two spaces, as the lines under 'ihk-dialog:' are"),
    ("content/topics.yaml", "energie:\n  de: Energie\nen: Energy\n",
     f"content/topics.yaml:3: error: 'en:' {UNINDENTED} 'en' instead of a language of 'energie' above it: "
     "indent it by two spaces, as the lines under 'energie:' are"),
    ("content/people.yaml", "name: Eva Klein\n",
     "content/people.yaml:1: error: 'name:' is not indented, so it is read as an entry with the id 'name': "
     "a field goes under the id of its entry, indented by two spaces"),
    # A region may be called "de", and an entry may be one language's: not told.
    ("content/regions.yaml", "de: {de: Deutschland, en: Germany}\nen: England\nbayern: Bayern\n", None),
])
def test_a_registry_line_that_lost_its_indentation_is_told(site, file, text, told):
    """Found by a fresh-eyes editor: "url:" not indented under a person was read as a person
    called "url", whose page (headed by the address) was published, and Eva Klein had no link."""
    result = check(site({file: text}))
    assert [line for line in error_lines(result) if "indented" in line] == ([told] if told else [])


def test_a_registry_line_that_lost_its_indentation_is_told_once(site):
    """The line is not read as an entry as well: "role.name: required field is missing" and
    "unknown key 'role.de'" (what a fresh-eyes editor was told) only hid the cause."""
    result = check(site({"content/people.yaml": "anna-berg:\n  name: Anna Berg\nrole: {de: Leiterin, en: Head}\n"}))
    assert error_lines(result) == [
        f"content/people.yaml:3: error: 'role:' {UNINDENTED} 'role' instead of a field of 'anna-berg' above it: "
        "indent it by two spaces, as the lines under 'anna-berg:' are"]


def test_layouts_that_work_give_no_message(site):
    """Found by a review of the checks above: each of these built before them, and must still."""
    page = (REPO / "layouts/page.html").read_text(encoding="utf-8")
    at = page.index("{% block main %}") + len("{% block main %}")
    home = (REPO / "layouts/home.html").read_text(encoding="utf-8")
    base = (REPO / "layouts/base.html").read_text(encoding="utf-8")
    event = (REPO / "layouts/event.html").read_text(encoding="utf-8")
    root = site({
        # Jinja's own signs as text ({{ "{%" }}), and a layout chosen by a condition between two.
        "layouts/base.html": base.replace("{% block main %}", '<p class="hint">{{ "{%" }} {{ "{#" }}</p>'
                                          "{% block main %}", 1),
        "layouts/event.html": '{% if true %}{% extends "base.html" %}{% else %}{% extends "page.html" %}'
                              "{% endif %}" + event.split("\n", 1)[1],
        # A string of the site's own whose name ends like a plural form, and is none.
        "layouts/partials/day.html": "<p class=\"day\">{{ t('day_two') }}</p>\n",
        # A block of its own, shown where the layout calls it.
        "layouts/page.html": page[:at].replace("{% block main %}", '{% block note %}<p class="note">Hinweis</p>'
                                               "{% endblock %}{% block main %}") + "{{ self.note() }}"
                              + '{% include "partials/seats.html" %}{% include "partials/day.html" %}' + page[at:],
        # A partial chosen by a condition, and one named by an expression.
        "layouts/home.html": home.replace("{% block main %}", '{% block main %}{% include "partials/a.html" if '
                                          'lang == "de" else "partials/b.html" %}'
                                          '{% include "partials/kind-" ~ "x" ~ ".html" ignore missing %}', 1),
        "layouts/partials/a.html": '<p class="a">A</p>\n',
        "layouts/partials/b.html": '<p class="b">B</p>\n',
        "layouts/partials/kind-x.html": "<p>X</p>\n",
        # What programs leave in a folder.
        "layouts/._event.html": b"\x00\x05\x16\x07\xb0\xff",
        "layouts/i18n/.DS_Store": b"\x00\x00\x00\x01Bud1",
        "layouts/i18n/de.yaml~": "footer_note: alt\n",
        # A string a layout of the site uses in its plural form, and braces in a string the
        # theme fills nothing into (shown as written).
        "layouts/partials/seats.html": "<p class=\"seats\">{{ t.count('seats', 1, count=1) }}</p>\n",
        "layouts/i18n/de.yaml": 'seats: "{count} Plätze frei"\nseats_one: "{count} Platz frei"\n'
                                'footer_note: "Ein Angebot der {IHK}"\nday_two: "Tag 2"\n',
        "layouts/i18n/en.yaml": 'seats: "{count} seats left"\nseats_one: "{count} seat left"\nday_two: "Day 2"\n',
        # One title for every language, written as it is.
        "content/site.yaml": "title: IHK Rückblicke\nlanguages: [de, en]\nbase_url: https://example.org/\n"
                             "paths:\n  events: {de: veranstaltungen, en: events}\n",
        "content/pages/about/de.md": "---\ntitle: Über uns\n---\nText.\n",
    })
    result = check(root)
    assert "Traceback" not in result.output
    assert [line for line in error_lines(result) if "layouts/" in line or "site.yaml" in line] == []
    out = build(root, "--no-search")
    assert soup(out / "de/about/index.html").select_one(".note").get_text() == "Hinweis"
    assert soup(out / "de/about/index.html").select_one(".seats").get_text() == "1 Platz frei"
    assert soup(out / "de/about/index.html").select_one(".day").get_text() == "Tag 2"
    assert soup(out / "de/index.html").select_one(".hint").get_text() == "{% {#"
    assert soup(out / "de/veranstaltungen/2023-09-05-treffen/index.html").h1.get_text() == "Netzwerktreffen"
    assert soup(out / "de/index.html").select_one(".a").get_text() == "A"
    assert "Ein Angebot der {IHK}" in soup(out / "de/index.html").footer.get_text()


def test_a_layout_that_never_closes_its_tags_is_read_in_one_pass():
    """A crafted layout (a pull request) with tags never closed took the check half a minute for
    180 KB; Jinja itself rejects it at once. Twice the text, about twice the time."""
    import time

    from recap_site.render import _Outline

    def seconds(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            _Outline.of(text)
            best = min(best, time.perf_counter() - started)
        return best

    for unit in ("{% block ", "{% raw %}", "{% block a %}{% endblock %}\n"):
        small, large = seconds(unit * 5000), seconds(unit * 10000)
        assert large < 3 * small + 0.01, (unit, small, large)


@pytest.mark.parametrize("broken", ["site.yaml", "layout"])
def test_a_mistake_that_stops_everything_is_told_as_the_others_are(site, broken):
    """Found in the twelfth session's review: a syntax error in site.yaml (or in a layout) stopped
    recap check and recap build with the problem's line alone; an error in an event ends with
    what was found and what to do. Told the same way, whatever stopped the run."""
    if broken == "site.yaml":
        files = {"content/site.yaml": SITE_YAML + "title: [Netzwerk\n"}
        said = (f"content/site.yaml:{SITE_YAML.count(chr(10)) + 1}: error: the [ … ] list opened on this line is "
                "not closed: end it with ], or put a text containing , or ] in quotes")
    else:
        page = (REPO / "layouts/page.html").read_text(encoding="utf-8")
        at = page.index("{% block main %}") + len("{% block main %}")
        files = {"layouts/page.html": page[:at] + "{% if %}" + page[at:],
                 "content/pages/about/de.md": "---\ntitle: Über uns\n---\nText.\n"}
        said = None
    root = site(files)
    checked = check(root)
    problems = error_lines(checked)
    assert len(problems) == 1 and (said is None or problems == [said]), checked.output
    assert checked.output.splitlines()[-1] == ("Found 1 error(s) and 0 warning(s). Fix them and run recap check "
                                               "again; links between pages are checked once no errors are left.")
    assert checked.exit_code == 1
    built = run("build", "--source", str(root), "--output", str(root / "public"), "--no-search")
    assert error_lines(built) == problems
    assert built.output.splitlines()[-1] == "1 error(s); nothing was written."
    assert built.exit_code == 1 and not (root / "public").exists()


def test_a_number_of_the_site_written_as_a_group_is_told_without_an_editors_advice(site):
    """Found by review: the advice for participants: (names go in the recap) was given for
    site.yaml's numbers too."""
    root = site({"content/site.yaml": SITE_YAML + "page_size:\n  de: 10\n"})
    assert error_lines(check(root)) == [
        f"content/site.yaml:{SITE_YAML.count(chr(10)) + 1}: error: page_size: expected a whole number of at least 1, "
        "got fields (key: value lines); write the number alone"]


def test_an_asset_whose_name_is_not_utf8_is_left_out_and_told(site):
    """A file copied into assets/ from a system that writes names in Latin-1 stopped the build
    with a Python traceback (UnicodeEncodeError, found by a review in the fourteenth session)."""
    root = site({"assets/notes.txt": "kept\n"})
    with open(os.fsencode(root / "assets") + b"/caf\xe9.txt", "wb") as file:
        file.write(b"not published\n")
    result = run("build", "--source", str(root), "--output", str(root / "public"), "--no-search")
    assert result.exit_code == 0, result.output
    assert error_lines(result) == [
        "assets/caf\\udce9.txt: warning: this file is not published: its name is not UTF-8 (it was written on "
        "a system that uses another encoding for file names), so no web address can name it; rename it"]
    assert (root / "public" / "assets" / "notes.txt").read_text(encoding="utf-8") == "kept\n"
    assert not [name for name in os.listdir(os.fsencode(root / "public" / "assets")) if b"caf" in name]


@pytest.mark.parametrize(("code", "meant", "name"), [("ger", "de", "German"), ("eng", "en", "English"),
                                                     ("fra", "fr", "French")])
def test_a_three_letter_language_code_is_told_with_its_two_letter_code(site, code, meant, name):
    """Found by a fresh-eyes site owner: `languages: [ger, en]` stopped with a Python traceback, and
    `[de, eng]` was taken, so that every `en:` of the content was told as no site language."""
    root = site({"content/site.yaml": f"title: T\nlanguages: [{code}, en]\nbase_url: https://example.org/\n"})
    assert error_lines(check(root)) == [
        f"content/site.yaml:2: error: languages: '{code}' is the three-letter code of {name}; write its two-letter "
        f"code '{meant}', which the pages' addresses (/{meant}/) and the recaps' file names ({meant}.md) use"]


def test_a_first_language_the_theme_has_no_strings_in_shows_english_ones_and_says_so(site):
    """Found by a fresh-eyes site owner: `languages: [fr, en]` (a language the theme has no strings
    in, first) stopped with a Python traceback (KeyError: 'footnote_backlink')."""
    from recap_site.paths import default_theme_dir

    root = site({
        "content/site.yaml": "title: T\nlanguages: [fr, en]\nbase_url: https://example.org/\n",
        "content/events/2023-09-05-treffen/de.md": None,
        "content/events/2023-09-05-treffen/fr.md": "Le texte.\n",
    })
    result = run("build", "--source", str(root), "--output", str(root / "public"))
    assert result.exit_code == 0, result.output
    theme = default_theme_dir() / "layouts/i18n"
    assert [line for line in result.output.splitlines() if "i18n" in line] == [
        "layouts/i18n/fr.yaml: warning: the theme has no UI strings in 'fr' (it has them in de, en), so the fr pages "
        "show its en texts (the menu, buttons, the words around dates); to translate them, copy "
        f"{theme / 'en.yaml'} to the site's layouts/i18n/fr.yaml and translate its texts"]
    page = soup(root / "public/fr/index.html")
    assert page.select_one("a.skip-link").get_text() == "Skip to content"
    assert page.html["lang"] == "fr"
    # Its own strings in fr, the theme's translated: taken, and nothing more is told.
    english = (theme / "en.yaml").read_text(encoding="utf-8")
    (root / "layouts/i18n").mkdir(parents=True)
    (root / "layouts/i18n/fr.yaml").write_text(english.replace("skip_to_content: Skip to content",
                                                                "skip_to_content: Aller au contenu"))
    assert "Aller au contenu" in (root / "layouts/i18n/fr.yaml").read_text()
    result = run("build", "--source", str(root), "--output", str(root / "public"))
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if "i18n" in line] == []
    assert soup(root / "public/fr/index.html").select_one("a.skip-link").get_text() == "Aller au contenu"


def test_a_site_s_own_layout_that_loads_from_another_website_is_told_at_its_line(site):
    """Found by a fresh-eyes site owner: a logo from the organisation's main website in
    layouts/base.html passed check and build, and every page showed a broken picture (its
    Content-Security-Policy lets the pages load nothing from other hosts)."""
    base = (REPO / "layouts/base.html").read_text(encoding="utf-8")
    assert "</header>" in base
    own = base.replace("</header>", '<img src="https://www.ihk.de/logo.png" alt="IHK">\n'
                                    "<script src='//cdn.example.com/x.js'></script>\n"
                                    '<link rel="stylesheet" href="https://fonts.example.com/css?family=A">\n'
                                    '<link rel="alternate" href="https://www.ihk.de/en/">\n'
                                    '<a href="https://www.ihk.de/">IHK</a><img src="https://example.org/own.png" alt="">\n'
                                    '<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>\n</header>', 1)
    line = own[:own.index("https://www.ihk.de/logo")].count("\n") + 1
    root = site({"layouts/base.html": own})
    told = ("the pages load nothing from other websites, so that no reader is tracked, and their "
            "Content-Security-Policy stops it on every page; ")
    save = "save the file in the site's assets/ folder and write {{ urls.asset('%s') }} instead of the address"
    assert error_lines(check(root)) == [
        f'layouts/base.html:{line}: error: <img src="https://www.ihk.de/logo.png"> loads a file from another '
        f"website (www.ihk.de), and {told}" + save % "logo.png",
        f'layouts/base.html:{line + 1}: error: <script src="//cdn.example.com/x.js"> loads a file from another '
        f"website (cdn.example.com), and {told}" + save % "x.js",
        f'layouts/base.html:{line + 2}: error: <link href="https://fonts.example.com/css?family=A"> loads a file '
        f"from another website (fonts.example.com), and {told}" + save % "css",
        f'layouts/base.html:{line + 5}: error: <iframe src="https://www.youtube-nocookie.com/embed/x"> loads a '
        f"file from another website (www.youtube-nocookie.com), and {told}to embed it, list its host under "
        "iframe_hosts: in content/site.yaml",
    ]
    listed = site({"layouts/base.html": own.replace("<img src=\"https://www.ihk.de/logo.png\" alt=\"IHK\">\n", "")
                   .replace("<script src='//cdn.example.com/x.js'></script>\n", "")
                   .replace('<link rel="stylesheet" href="https://fonts.example.com/css?family=A">\n', ""),
                   "content/site.yaml": SITE_YAML + "iframe_hosts: [www.youtube-nocookie.com]\n"})
    assert error_lines(check(listed)) == []


def test_a_ui_string_cut_short_by_a_hashtag_is_told(site):
    """Found by a fresh-eyes site owner: `footer_note: … #GemeinsamStark` showed the footer without
    the hashtag and without a word (YAML reads " #" as the start of a comment), where site.yaml
    and a recap's head say so."""
    root = site({"layouts/i18n/de.yaml": "footer_note: Ein Angebot der IHK Musterstadt #GemeinsamStark\n"})
    assert error_lines(check(root)) == [
        "layouts/i18n/de.yaml:1: warning: footer_note: the text after '#' (#GemeinsamStark) was read as a comment "
        'and left out; put the whole text in quotes: "Ein Angebot der IHK Musterstadt #GemeinsamStark"']
    fixed = site({"layouts/i18n/de.yaml": 'footer_note: "Ein Angebot der IHK Musterstadt #GemeinsamStark"\n'})
    assert error_lines(check(fixed)) == []
    build(fixed)
    assert "Ein Angebot der IHK Musterstadt #GemeinsamStark" in soup(fixed / "public" / EVENT).footer.get_text()


def test_a_few_colours_go_into_custom_css_which_the_pages_load_after_the_theme_s(site):
    """Found by a fresh-eyes site owner: the way to change the accent colour was to write it into
    assets/css/site.css, which replaced the theme's whole style sheet (layout, dark mode) and left
    the pages bare, without a word. assets/css/custom.css is loaded after the theme's; the cards
    take its colours too; a site.css much shorter than the theme's is told."""
    from recap_site.outputs.cards import theme_colours
    from recap_site.render import load_theme
    from recap_site.config import load_config
    from recap_site.errors import Report

    root = site()
    out = build(root)
    page = soup(out / EVENT)
    assert [link["href"] for link in page.select("link[rel=stylesheet]")] == ["/assets/css/site.css"]
    custom = ":root { --accent: #c00000; }\n@media (prefers-color-scheme: dark) { :root { --accent: #ff9a9a; } }\n"
    (root / "assets/css").mkdir(parents=True)
    (root / "assets/css/custom.css").write_text(custom)
    result = run("build", "--source", str(root), "--output", str(out))
    assert result.exit_code == 0 and "warning:" not in result.output, result.output
    for path in (EVENT, "de/index.html", "en/index.html"):  # every page, though only a style sheet came
        assert [link["href"] for link in soup(out / path).select("link[rel=stylesheet]")] == [
            "/assets/css/site.css", "/assets/css/custom.css"], path
    assert (out / "assets/css/custom.css").read_text() == custom
    report = Report()
    theme = load_theme(load_config(root, report), report)
    assert theme_colours(theme.assets()).accent == "c00000"
    # The theme's style sheet replaced by a short one: told, with where a few colours go.
    (root / "assets/css/custom.css").unlink()
    (root / "assets/css/site.css").write_text(":root { --accent: #c00000; }\n")
    theme_css = REPO / "assets/css/site.css"
    assert error_lines(check(root)) == [
        "assets/css/site.css: warning: this file replaces the theme's whole style sheet (its layout, colours and "
        f"dark mode), and it is much shorter ({len(':root { --accent: #c00000; }') + 1} bytes against the theme's "
        f"{theme_css.stat().st_size}), so the pages lose the theme's look; to change a few things, such as the "
        "colours, write only those into assets/css/custom.css, which the pages load after the theme's style "
        f"sheet, and delete this file (or copy the theme's {theme_css} here and change the copy)"]


@pytest.mark.parametrize(("written", "told"), [
    ("logo: ihk-logo.png", "a logo is a picture in the site's assets/ folder, shown by the site's own copy of the "
                           "theme's layouts/base.html: <img src=\"{{ urls.asset('logo.png') }}\" alt=\"…\">"),
    ("primary_color: '#c00000'", "the colours are set in the site's assets/css/custom.css, which the pages load "
                                 "after the theme's style sheet: :root { --accent: #c00000; } (README, \"The site "
                                 "folder\")"),
    ("menu: [ueber-uns, impressum]", "the menu lists the archive's lists and every page of content/pages (in the "
                                     "order of their folders' names); its only setting is people_pages: "
                                     "false, which leaves out the people"),
    ("footer: Ein Angebot der IHK", "the footer's text is the UI string footer_note, in the site's "
                                    "layouts/i18n/<language>.yaml: footer_note: \"Ein Angebot der IHK\""),
    ("date_format: '%d.%m.%Y'", "dates are written as the language writes them; locales: sets it, e.g. "
                                "locales: {en: en_GB}"),
])
def test_a_setting_site_yaml_does_not_have_is_told_where_it_is_made(site, written, told):
    """Found by a fresh-eyes site owner: logo:, colors:, menu:, footer: and date_format: in
    site.yaml were told as unknown keys with the list of known ones, and nothing said where a
    logo, the colours, the menu, the footer's text or the dates' form are made."""
    root = site({"content/site.yaml": SITE_YAML + written + "\n"})
    key = written.split(":")[0]
    assert error_lines(check(root)) == [
        f"content/site.yaml:7: warning: unknown key '{key}': {told}; what it holds here is not used"]


def test_a_layout_s_link_to_a_page_by_its_name_alone_is_told_with_its_address(site):
    """Found by a fresh-eyes site owner: <a href="impressum"> in the footer was "broken link
    'impressum' on 32 pages: no page or file has that address", and nothing said what to write."""
    base = (REPO / "layouts/base.html").read_text(encoding="utf-8")
    own = base.replace("</footer>", '<p><a href="impressum">Impressum</a></p>\n</footer>', 1)
    line = own[:own.index('href="impressum"')].count("\n") + 1
    root = site({"layouts/base.html": own, "content/pages/impressum/de.md": "---\ntitle: Impressum\n---\nText.\n"})
    warnings = error_lines(check(root))
    # The German pages are offered the German page; the English ones nothing (an English page of
    # another slug could be the one meant), so the layout's line is told twice.
    assert len(warnings) == 2, warnings
    assert all(told.startswith(f"layouts/base.html:{line}: warning: broken link 'impressum' on ") for told in warnings)
    assert sum(told.endswith(": no page or file has that address; did you mean '/de/impressum/' (an address from "
                             "the first /)?") for told in warnings) == 1


def test_a_colour_a_browser_does_not_know_is_told_and_a_named_one_reaches_the_cards(site):
    """Found by a fresh-eyes site owner: `--accent: rot;` passed without a word, and the links
    lost their colour and the current language's button its background; `--accent: red` coloured
    the pages but not the social cards, which read hex colours only."""
    from recap_site.config import load_config
    from recap_site.errors import Report
    from recap_site.outputs.cards import theme_colours
    from recap_site.render import load_theme

    root = site({"assets/css/custom.css": ":root {\n  --accent: rot;\n  --bg: #12345;\n  --fg: var(--x);\n}\n"})
    assert error_lines(check(root)) == [
        "assets/css/custom.css:2: warning: --accent: 'rot' is not a colour a browser knows, so the pages are left "
        "without this colour (their links, buttons or background lose it); write it as #rrggbb (#c00000) or as a "
        "colour's English name (red)",
        "assets/css/custom.css:3: warning: --bg: '#12345' is not a colour a browser knows, so the pages are left "
        "without this colour (their links, buttons or background lose it); write it as #rrggbb (#c00000) or as a "
        "colour's English name (red)",
    ]
    (root / "assets/css/custom.css").write_text(":root { --accent: red; --muted: rgb(0, 0, 128); }\n")
    assert error_lines(check(root)) == []
    report = Report()
    colours = theme_colours(load_theme(load_config(root, report), report).assets())
    assert (colours.accent, colours.muted) == ("ff0000", "000080")


def test_what_a_site_s_own_layouts_and_style_sheets_hold_is_read_once_however_long(site):
    """Found by a review: a style sheet or layout from a pull request with long runs of one sign
    (dashes, an unclosed comment, tags never closed) held the check for tens of seconds."""
    import time

    from recap_site.config import load_config
    from recap_site.errors import Report
    from recap_site.outputs.cards import theme_colours
    from recap_site.render import load_theme

    long = 40000
    root = site({"assets/css/custom.css": ":root { --accent: #c00000; }\n" + "-" * long + "\n/* " + "x" * long,
                 "layouts/partials/leer.html": "{# " * long + "\n<!-- " * long + "\n" + "<img " * long})
    started = time.perf_counter()
    report = Report()
    theme = load_theme(load_config(root, report), report)
    theme_colours(theme.assets())
    assert time.perf_counter() - started < 5


def test_an_address_no_parser_takes_in_a_layout_is_told_not_a_traceback(site):
    """Found by a review: "https://[logo…" (an unclosed bracket) stopped the check with a traceback."""
    root = site({"layouts/partials/logo.html": '<img src="https://[logo.example/logo.png" alt="">\n'})
    result = check(root)
    assert "Traceback" not in result.output
    assert any("layouts/partials/logo.html:1: error: <img src=\"https://[logo.example/logo.png\"> loads a file from "
               "another website ([logo.example)" in line for line in error_lines(result))


@pytest.mark.parametrize("value", ["rgb(192 0 0)", "rgba(0, 0, 0, 0.15)", "light-dark(#f3f5f8, #1d2228)",
                                   "#c00", "#c0000080", "RebeccaPurple", "transparent", "var(--x)"])
def test_a_colour_a_browser_knows_is_not_told(site, value):
    """Found by a review: Pillow's colour reader is no browser; CSS's own functions are colours too."""
    root = site({"assets/css/custom.css": f":root {{ --accent: {value}; }}\n"})
    assert error_lines(check(root)) == []


def test_custom_css_behind_a_link_is_not_loaded_and_an_own_base_that_names_its_style_sheets_is_told(site, tmp_path):
    """Found by a review: custom.css in a folder linked from assets/ was linked by every page but
    not published (Theme.assets() passes links by): 194 broken links blamed on topics.yaml. And
    a site's own base.html copied before custom.css existed never loads it."""
    outside = tmp_path / "styles"
    outside.mkdir()
    (outside / "custom.css").write_text(":root { --accent: #c00000; }\n")
    root = site()
    (root / "assets").mkdir()
    (root / "assets/css").symlink_to(outside)
    assert error_lines(check(root)) == []
    page = soup(build(root) / EVENT)
    assert [link["href"] for link in page.select("link[rel=stylesheet]")] == ["/assets/css/site.css"]
    (root / "assets/css").unlink()
    (root / "assets/css").mkdir()
    (root / "assets/css/custom.css").write_text(":root { --accent: #c00000; }\n")
    base = (REPO / "layouts/base.html").read_text(encoding="utf-8")
    start = base.index("{% for sheet in stylesheets %}")
    end = base.index("{% endfor %}", start) + len("{% endfor %}")
    (root / "layouts").mkdir()
    (root / "layouts/base.html").write_text(
        base[:start] + "<link rel=\"stylesheet\" href=\"{{ urls.asset('css/site.css') }}\">" + base[end:])
    assert error_lines(check(root)) == [
        "layouts/base.html: warning: the pages do not load assets/css/custom.css, because this layout names its "
        "style sheets itself; load them as the theme's base.html does: {% for sheet in stylesheets %}<link "
        "rel=\"stylesheet\" href=\"{{ urls.asset(sheet) }}\">{% endfor %}"]


def test_a_layout_s_picture_by_a_name_near_its_file_s_is_told_with_that_file(site):
    """Found by a fresh-eyes site owner: a logo written logo.png, saved as ihk-logo.png, was a
    broken link with no word of the file that is there."""
    from conftest import TINY_PNG

    base = (REPO / "layouts/base.html").read_text(encoding="utf-8")
    own = base.replace("</header>", "<img src=\"{{ urls.asset('logo.png') }}\" alt=\"IHK\">\n</header>", 1)
    root = site({"layouts/base.html": own, "assets/ihk-logo.png": TINY_PNG})
    warnings = error_lines(check(root))
    assert len(warnings) == 1, warnings
    assert warnings[0].endswith("no page or file has that address; did you mean '/assets/ihk-logo.png' (an address "
                                "from the first /)?")
