"""An event's day is decided once, in the site's time zone (site.yaml ``timezone``), and every
output says the same day: the date label, ``<time datetime>``, the year pages, the feed, the
calendar and the open data.

The event below starts at 20:30 in New York on New Year's Eve, which is 02:30 on 1 January 2024
in Berlin, the site's zone.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from conftest import build, soup

EVENT = "content/events/2023-12-31-silvester/"
NEW_YEAR = {
    EVENT + "event.yaml": """\
        title: {de: Silvestergespräch, en: New Year's Eve talk}
        start: 2023-12-31T20:30-05:00
        kind: workshop
        format: online
        organizers: [ihk]
        """,
    EVENT + "de.md": "Ein Gespräch.\n",
    EVENT + "en.md": "A talk.\n",
}


def test_an_event_that_starts_on_new_years_day_in_the_sites_zone_is_on_that_day_everywhere(site):
    out = build(site(NEW_YEAR))
    berlin = ZoneInfo("Europe/Berlin")
    # The event page: its label and the day its lists put it on.
    page = soup(out / "de/veranstaltungen/2023-12-31-silvester/index.html")
    assert page.select_one(".facts time").get_text(strip=True) == "1. Januar 2024"
    assert page.select_one(".facts time")["datetime"] == "2024-01-01"
    # Every list shows the label with the same day in its datetime attribute.
    listing = soup(out / "de/veranstaltungen/index.html")
    [entry] = [t for t in listing.select("main time") if t.get_text(strip=True) == "1. Januar 2024"]
    assert entry["datetime"] == "2024-01-01"
    # Year pages: 2024, not 2023 (the sample event of 2023-09-05 is the only one in 2023).
    years = soup(out / "en/years/index.html")
    assert sorted(a.get_text(strip=True) for a in years.select("main li a")) == ["2023", "2024"]
    year_2024 = soup(out / "en/years/2024/index.html")
    assert [a.get_text(strip=True) for a in year_2024.select("main .card-title a, main h2 a, main h3 a")
            ] == ["New Year's Eve talk"]
    year_2023 = soup(out / "en/years/2023/index.html")
    assert "New Year's Eve talk" not in year_2023.get_text()
    # Open data says the same day.
    facts = json.loads((out / "en/events.json").read_text(encoding="utf-8"))
    [row] = [e for e in facts["events"] if e["id"] == "2023-12-31-silvester"]
    assert row["start"].startswith("2023-12-31T20:30") and row["first_day"] == row["last_day"] == "2024-01-01"
    # The feed and the calendar.
    from xml.etree import ElementTree

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(out / "en/feed.xml")
    [entry] = [e for e in feed.iter(atom + "entry") if "New Year" in e.findtext(atom + "title")]
    assert datetime.fromisoformat(entry.findtext(atom + "updated")).date() == date(2024, 1, 1)
    calendar = Calendar.from_ical((out / "en/calendar.ics").read_bytes())
    [vevent] = [v for v in calendar.walk("VEVENT") if "New Year" in str(v["SUMMARY"])]
    assert vevent.decoded("DTSTART").astimezone(berlin).date() == date(2024, 1, 1)
