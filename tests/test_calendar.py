"""iCalendar files, parsed with icalendar: all-day and timed events, UIDs, stable bytes."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from conftest import build, soup
from icalendar import Calendar

EVENT = "content/events/2023-09-05-treffen"

TIMED = {
    # Summer: Europe/Berlin is UTC+2.
    "content/events/2024-06-12-sommer/event.yaml": """\
        title: {de: Sommerforum, en: Summer forum}
        summary: {de: Warm war es., en: It was warm.}
        start: 2024-06-12T10:00:00
        end: 2024-06-12T16:30:00
        kind: forum
        format: hybrid
        online_url: https://stream.example.org/live
        venue: {name: {de: Messe, en: Fair}, street: Messeplatz 1, postal_code: "01067", city: Dresden, country: DE}
        """,
    "content/events/2024-06-12-sommer/de.md": "Sommer.\n",
    "content/events/2024-06-12-sommer/en.md": "Summer.\n",
    # Winter: UTC+1; given with an explicit offset.
    "content/events/2024-01-10-winter/event.yaml": """\
        title: {de: Wintertreffen, en: Winter meeting}
        start: 2024-01-10T18:00:00+01:00
        end: 2024-01-10T20:00:00+01:00
        kind: workshop
        format: online
        online_url: https://meet.example.org/winter
        updated: 2024-02-01
        """,
    "content/events/2024-01-10-winter/de.md": "Winter.\n",
    # Three days, dates only.
    "content/events/2023-05-08-drei-tage/event.yaml": """\
        title: {de: Drei Tage}
        start: 2023-05-08
        end: 2023-05-10
        kind: conference
        format: in-person
        venue: {name: Wagenhallen, city: Stuttgart}
        date_note: {de: Datum laut Einladung, en: date as in the invitation}
        """,
    "content/events/2023-05-08-drei-tage/de.md": "Drei Tage.\n",
}


def calendar(path):
    return Calendar.from_ical(path.read_bytes())


def events_by_uid(cal):
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_date_only_events_are_all_day_with_exclusive_end(site):
    out = build(site(TIMED))
    events = events_by_uid(calendar(out / "de" / "calendar.ics"))
    one_day = events["2023-09-05-treffen@example.org"]
    assert one_day["DTSTART"].params["VALUE"] == "DATE"
    assert one_day["DTSTART"].dt == date(2023, 9, 5)
    assert one_day["DTEND"].params["VALUE"] == "DATE"
    assert one_day["DTEND"].dt == date(2023, 9, 6)
    three_days = events["2023-05-08-drei-tage@example.org"]
    assert (three_days["DTSTART"].dt, three_days["DTEND"].dt) == (date(2023, 5, 8), date(2023, 5, 11))
    assert str(three_days["LOCATION"]) == "Wagenhallen, Stuttgart"


def test_timed_events_carry_tzid_and_vtimezone(site):
    out = build(site(TIMED))
    cal = calendar(out / "en" / "calendar.ics")
    zones = [str(z["TZID"]) for z in cal.walk("VTIMEZONE")]
    assert zones == ["Europe/Berlin"]
    # The VTIMEZONE knows both offsets the events need.
    offsets = {sub["TZOFFSETTO"].td for sub in cal.walk("VTIMEZONE")[0].subcomponents}
    assert {timedelta(hours=1), timedelta(hours=2)} <= offsets
    events = events_by_uid(cal)
    summer = events["2024-06-12-sommer@example.org"]
    assert summer["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert summer["DTSTART"].dt.utcoffset() == timedelta(hours=2)
    assert summer["DTSTART"].dt.astimezone(timezone.utc) == datetime(2024, 6, 12, 8, 0, tzinfo=timezone.utc)
    assert summer["DTEND"].dt.astimezone(timezone.utc) == datetime(2024, 6, 12, 14, 30, tzinfo=timezone.utc)
    winter = events["2024-01-10-winter@example.org"]
    assert winter["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert winter["DTSTART"].dt.utcoffset() == timedelta(hours=1)
    assert winter["DTSTART"].dt.astimezone(timezone.utc) == datetime(2024, 1, 10, 17, 0, tzinfo=timezone.utc)
    # An all-day event in the same file needs no time zone.
    assert "TZID" not in events["2023-09-05-treffen@example.org"]["DTSTART"].params


def test_texts_location_and_url_in_the_files_language(site):
    out = build(site(TIMED))
    de = events_by_uid(calendar(out / "de" / "calendar.ics"))["2024-06-12-sommer@example.org"]
    en = events_by_uid(calendar(out / "en" / "calendar.ics"))["2024-06-12-sommer@example.org"]
    assert str(de["SUMMARY"]) == "Sommerforum"
    assert de["SUMMARY"].params["LANGUAGE"] == "de"
    assert str(en["SUMMARY"]) == "Summer forum"
    # A hybrid event: the venue is the location, the stream's address goes with the text, as on the page.
    assert str(en["DESCRIPTION"]) == ("It was warm.\n\nhttps://stream.example.org/live\n\n"
                                      "https://example.org/en/events/2024-06-12-sommer/")
    assert str(de["LOCATION"]) == "Messe, Messeplatz 1, 01067 Dresden, Deutschland"
    assert str(en["LOCATION"]) == "Fair, Messeplatz 1, 01067 Dresden, Germany"
    assert str(de["URL"]) == "https://example.org/de/veranstaltungen/2024-06-12-sommer/"
    online = events_by_uid(calendar(out / "de" / "calendar.ics"))["2024-01-10-winter@example.org"]
    assert str(online["LOCATION"]) == "https://meet.example.org/winter"
    # A recap only in German still appears in the English calendar, with the English title.
    english = events_by_uid(calendar(out / "en" / "calendar.ics"))["2024-01-10-winter@example.org"]
    assert str(english["SUMMARY"]) == "Winter meeting"
    assert str(english["URL"]) == "https://example.org/de/veranstaltungen/2024-01-10-winter/"


def test_dtstamp_is_the_content_date(site):
    out = build(site(TIMED))
    events = events_by_uid(calendar(out / "de" / "calendar.ics"))
    # updated: 2024-02-01 -> midnight in Berlin (UTC+1) in UTC.
    assert events["2024-01-10-winter@example.org"]["DTSTAMP"].dt == datetime(2024, 1, 31, 23, 0, tzinfo=timezone.utc)
    # No updated: the last day of the event (summer time).
    assert events["2023-05-08-drei-tage@example.org"]["DTSTAMP"].dt == datetime(2023, 5, 9, 22, 0, tzinfo=timezone.utc)


def test_event_ics_next_to_each_page_and_linked_from_it(site):
    out = build(site(TIMED))
    for lang, page in (("de", "veranstaltungen/2023-09-05-treffen/"), ("en", "events/2023-09-05-meeting/")):
        html = soup(out / lang / page / "index.html")
        link = html.select_one(".calendar-link a")
        assert link["href"] == f"/{lang}/{page}event.ics"
        assert link.get_text() in ("In den Kalender eintragen (iCal)", "Add to calendar (iCal)")
        cal = calendar(out / lang / page / "event.ics")
        [event] = cal.walk("VEVENT")
        assert str(event["UID"]) == "2023-09-05-treffen@example.org"
        assert str(event["URL"]) == f"https://example.org/{lang}/{page}"
    # No English page, no English event.ics.
    assert not list((out / "en").rglob("2024-01-10-winter*"))


def test_uid_stays_when_the_title_changes(site):
    root = site()
    before = str(calendar(build(root) / "en" / "calendar.ics").walk("VEVENT")[0]["UID"])
    yaml = root / EVENT / "event.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("Network meeting", "Renamed meeting"), encoding="utf-8")
    [event] = calendar(build(root) / "en" / "calendar.ics").walk("VEVENT")
    assert str(event["SUMMARY"]) == "Renamed meeting"
    assert str(event["UID"]) == before == "2023-09-05-treffen@example.org"


def test_calendars_are_byte_identical_across_builds(site):
    root = site(TIMED)
    names = ["de/calendar.ics", "en/calendar.ics", "de/veranstaltungen/2024-06-12-sommer/event.ics",
             "sitemap.xml", "de/feed.xml"]
    first = {name: (build(root) / name).read_bytes() for name in names}
    second = {name: (build(root) / name).read_bytes() for name in names}
    assert first == second



def test_a_note_on_the_date_is_in_the_calendar_as_on_the_page(site):
    out = build(site(TIMED))
    entry = events_by_uid(calendar(out / "de" / "calendar.ics"))["2023-05-08-drei-tage@example.org"]
    assert str(entry["DESCRIPTION"]).split("\n\n")[0] == "Datum laut Einladung"
