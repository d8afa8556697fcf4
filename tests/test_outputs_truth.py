"""What the machine-readable outputs say agrees with the page and with event.yaml: a note on
the date, the language each text is written in, and the time zone of each time."""

from __future__ import annotations

import json
from xml.etree import ElementTree

from conftest import build, soup
from icalendar import Calendar

from recap_site.outputs import cards

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EVENT = "content/events/2025-05-05-geschaetzt/"
ESTIMATED = {
    EVENT + "event.yaml": """\
        title: {de: Werkstatt, en: Workshop}
        start: 2025-05-05
        date_note: {de: Datum geschätzt, en: date estimated}
        kind: workshop
        format: in-person
        venue: {name: Kongresshalle, city: Leipzig, country: DE}
        """,
    EVENT + "de.md": "Ein Treffen.\n",
    EVENT + "en.md": "A meeting.\n",
}


def test_a_note_on_the_date_reaches_the_open_data_and_the_card(site):
    out = build(site(ESTIMATED), "--no-search")
    for lang, note in (("de", "Datum geschätzt"), ("en", "date estimated")):
        facts = json.loads((out / lang / "events.json").read_text(encoding="utf-8"))
        [row] = [e for e in facts["events"] if e["id"] == "2025-05-05-geschaetzt"]
        assert row["date_note"] == {"text": note, "language": lang}
        others = [e for e in facts["events"] if e["id"] != "2025-05-05-geschaetzt"]
        assert others and all(e["date_note"] is None for e in others)
    # The card says what the page says beside the date.
    page = soup(out / "de/veranstaltungen/2025-05-05-geschaetzt/index.html")
    assert page.select_one(".facts .date-note").get_text() == "(Datum geschätzt)"
    expected = cards.Card("Werkstatt", "5. Mai 2025", "Leipzig", "Rückblicke", cards.Colours(**cards.DEFAULT_COLOURS),
                          "Datum geschätzt")
    assert (out / "de/veranstaltungen/2025-05-05-geschaetzt/card.png").read_bytes() == cards.draw(expected)


def test_a_note_on_the_date_over_several_lines_is_one_line_on_the_card(site):
    """Found by a review: a note written over several lines (date_note: |) stopped every build in
    the card's drawing; the card writes it on its one line of facts, after the place."""
    facts = ESTIMATED[EVENT + "event.yaml"].replace(
        "date_note: {de: Datum geschätzt, en: date estimated}",
        "date_note: |\n          Das Datum ist geschätzt.\n          Die Uhrzeit folgt.")
    out = build(site({**ESTIMATED, EVENT + "event.yaml": facts}), "--no-search")
    expected = cards.Card("Werkstatt", "5. Mai 2025", "Leipzig", "Rückblicke", cards.Colours(**cards.DEFAULT_COLOURS),
                          "Das Datum ist geschätzt. Die Uhrzeit folgt.")
    assert (out / "de/veranstaltungen/2025-05-05-geschaetzt/card.png").read_bytes() == cards.draw(expected)


MIXED = "content/events/2023-12-30-gemischt/"
MIXED_LANGUAGES = {
    # An English title in event.yaml, a German summary only, and no English recap.
    MIXED + "event.yaml": """\
        title: {de: Jahresgespräch, en: Year-end talk}
        summary: {de: Ein Gespräch zum Jahresende.}
        start: 2023-12-30
        kind: forum
        format: online
        """,
    MIXED + "de.md": "Ein Gespräch.\n",
}


def test_each_text_is_marked_with_the_language_it_is_written_in(site):
    out = build(site(MIXED_LANGUAGES), "--no-search")
    # The English list: the title is English, the summary German.
    listing = soup(out / "en/events/index.html")
    [title] = [h for h in listing.select(".card-title") if "Year-end talk" in h.get_text()]
    assert title.get("lang") is None
    summary = title.find_parent(class_="card").select_one(".summary")
    assert summary.get_text(strip=True) == "Ein Gespräch zum Jahresende." and summary["lang"] == "de"
    # The feed: the entry is English, its summary says it is German.
    feed = ElementTree.parse(out / "en/feed.xml")
    [entry] = [e for e in feed.iter(ATOM + "entry") if e.findtext(ATOM + "title") == "Year-end talk"]
    assert entry.get(XML_LANG) == "en"
    assert entry.find(ATOM + "summary").get(XML_LANG) == "de"
    # The calendar: SUMMARY in English, DESCRIPTION (the summary) in German.
    calendar = Calendar.from_ical((out / "en/calendar.ics").read_bytes())
    [vevent] = [v for v in calendar.walk("VEVENT") if str(v["SUMMARY"]) == "Year-end talk"]
    assert vevent["SUMMARY"].params["LANGUAGE"] == "en"
    assert vevent["DESCRIPTION"].params["LANGUAGE"] == "de"
    assert str(vevent["DESCRIPTION"]).startswith("Ein Gespräch zum Jahresende.")
    # Open data names both.
    facts = json.loads((out / "en/events.json").read_text(encoding="utf-8"))
    [row] = [e for e in facts["events"] if e["id"] == "2023-12-30-gemischt"]
    assert (row["title"], row["text_language"], row["summary_language"]) == ("Year-end talk", "en", "de")


def test_a_recap_whose_summary_comes_from_event_yaml_in_another_language_marks_it(site):
    """An English recap without a summary in its head: the German summary of event.yaml is its
    page's lead, and the lead says it is German."""
    files = {**MIXED_LANGUAGES, MIXED + "en.md": "A talk.\n"}
    out = build(site(files), "--no-search")
    page = soup(out / "en/events/2023-12-30-gemischt/index.html")
    assert page.h1.get_text() == "Year-end talk" and page.h1.get("lang") is None
    lead = page.select_one(".lead")
    assert lead.get_text() == "Ein Gespräch zum Jahresende." and lead["lang"] == "de"
    feed = ElementTree.parse(out / "en/feed.xml")
    [entry] = [e for e in feed.iter(ATOM + "entry") if e.findtext(ATOM + "title") == "Year-end talk"]
    assert entry.get(XML_LANG) == "en" and entry.find(ATOM + "content").get(XML_LANG) is None


NIGHT = "content/events/2024-03-30-nacht/"


def test_a_time_across_the_change_of_the_clocks_names_each_zone(site):
    out = build(site({
        NIGHT + "event.yaml": """\
            title: {de: Lange Nacht, en: Long night}
            start: 2024-03-30T22:00
            end: 2024-03-31T04:00
            kind: workshop
            format: online
            """,
        NIGHT + "de.md": "Eine Nacht.\n",
        NIGHT + "en.md": "A night.\n",
    }), "--no-search")

    def time_of(page):
        facts = soup(out / page / "index.html").select_one(".facts")
        labels = [dt.get_text(strip=True) for dt in facts.select("dt")]
        return facts.select("dd")[labels.index("Uhrzeit" if page.startswith("de") else "Time")].get_text(strip=True)

    assert time_of("de/veranstaltungen/2024-03-30-nacht") == (
        "30. März, 22:00 (Mitteleuropäische Normalzeit) – 31. März, 04:00 (Mitteleuropäische Sommerzeit)")
    assert time_of("en/events/2024-03-30-nacht") == (
        "Mar 30, 22:00 (Central European Standard Time) – Mar 31, 04:00 (Central European Summer Time)")
