"""iCalendar files (RFC 5545), written with the ``icalendar`` package.

* ``/<lang>/calendar.ics``: every event, with texts in that language (or the
  language the facts have, as in the lists);
* ``<event page>event.ics``: one event, next to each existing recap page.

UIDs come from the event id, so a calendar app updates an event instead of
duplicating it when its title or slug changes. DTSTAMP is the content date
(see :mod:`recap_site.outputs.common`), never the build time. Events with
dates only are all-day (DTEND is the day after the last day); events with
times carry the site's TZID and a VTIMEZONE built from zoneinfo.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from babel import Locale

from ..model import Event, EventTranslation, Site, Venue, note_texts_read, texts_read
from ..parallel import map_indexes
from ..paths import UrlScheme
from ..write import Output
from .common import (
    EventDataStore, OutputStore, event_uid, is_timed, last_modified, midnight, site_zone, whole_site_output,
)

if TYPE_CHECKING:
    from icalendar import Event as VEvent

PRODID = "-//recap-site//recap-site//EN"


def calendar_outputs(site: Site, urls: UrlScheme, store: EventDataStore | None = None,
                     jobs: int = 1, files: OutputStore | None = None) -> Iterator[Output]:
    """Each VEVENT is serialized once and used in both files that hold it.
    What ``store`` does not hold (kinds "vevent" and "ics") is made across
    ``jobs`` processes: icalendar's serialization is the slow part. A calendar
    reads no recap's text, so what it is made of is an event's card (its
    fields but the texts): an edit of a text makes none. An output the last
    build made from the same data (``files``, the incremental layer) is the
    file it left: not made, read or compared again; the calendar of all
    events is made of the whole site but the texts (whole_site_output).
    Nothing is taken from ``store`` before something needs making, and
    icalendar is imported only then."""
    made: dict[tuple[str, str], bytes] = {}
    reading: dict[tuple[str, str], frozenset] = {}  # VEVENTs whose making read recaps' texts: which

    def vevent(event: Event, lang: str) -> bytes:
        if not made:  # the first calendar made: every VEVENT, those the store lacks across the processes
            found, read = _each([(event, lang) for event in site.events for lang in site.languages], "vevent",
                                store, jobs, lambda event, lang: _vevent(site, urls, event, event.translations[lang],
                                                                        lang).to_ical())
            made.update(found)
            reading.update(read)
        note_texts_read(reading.get((event.id, lang), ()))  # a calendar that holds it read that too
        return made[event.id, lang]

    wanted = []  # (event, lang, output path, what it is made of, the last build's file or None)
    for event in site.events:
        for lang in event.languages:
            path = urls.output_path(urls.event_calendar(event.translations[lang].url))
            key = previous = None
            if store is not None and files is not None:
                key = store.keep(event, lang, "ics", texts=False)
                previous = files.reusable(path, key)
            wanted.append((event, lang, path, key, previous))
    missing = [(event, lang) for event, lang, _, _, previous in wanted if previous is None]
    if missing:
        vevent(*missing[0])  # before the processes for the .ics files fork: they take the VEVENTs made
    own, own_reading = _each(missing, "ics", store, jobs, lambda event, lang: ics_calendar(
        site, urls, lang, [(event, event.translations[lang])], vevent))
    for lang in site.languages:
        entries = [(event, event.translations[lang]) for event in site.events]
        yield whole_site_output(files, urls.output_path(urls.calendar(lang)), "content/events",
                                lambda: ics_calendar(site, urls, lang, entries, vevent))
    for event, lang, path, key, previous in wanted:
        if key is not None and (event.id, lang) not in own_reading:
            files.made(path, key)
        if previous is not None:
            yield Output(path, event.source, file=previous)
        else:
            yield Output(path, event.source, data=own[event.id, lang])
    if not made and store is not None:  # none was needed: each is kept for the build that needs it
        for event in site.events:
            for lang in site.languages:
                store.keep(event, lang, "vevent", texts=False)


def _each(items: list[tuple[Event, str]], kind: str, store: EventDataStore | None, jobs: int,
          make: Callable[[Event, str], bytes]) -> tuple[dict[tuple[str, str], bytes], dict[tuple[str, str], frozenset]]:
    """What ``make`` makes of each (event, language) that ``store`` lacks, and the rest from
    ``store``: kept under the event's card, as it reads no recap's text. A making that reads one
    (a layout or module changed to) is not kept, but made by every build; those are returned
    too, with the texts they read, which are told to the block this is in (model.texts_read)."""
    found = {}
    missing = []
    for event, lang in items:
        data = store.get(event, lang, kind, texts=False) if store is not None else None
        if data is None:
            missing.append((event, lang))
        else:
            found[event.id, lang] = data

    def made(index: int) -> tuple[bytes, frozenset[tuple[str, str]]]:
        with texts_read() as read:
            data = make(*missing[index])
        return data, frozenset(read)

    reading = {}
    for (event, lang), (data, read) in zip(missing, map_indexes(made, len(missing), jobs)):
        found[event.id, lang] = data
        if read:  # made in another process, maybe: told here
            reading[event.id, lang] = read
            note_texts_read(read)
        elif store is not None:
            store.put(event, lang, kind, data, texts=False)
    return found, reading


def ics_calendar(site: Site, urls: UrlScheme, lang: str, entries: list[tuple[Event, EventTranslation]],
                 vevent: Callable[[Event, str], bytes] | None = None) -> bytes:
    """The calendar's own lines and VTIMEZONE from icalendar, with the
    serialized VEVENTs put in where icalendar puts them (after the
    time zones, before END:VCALENDAR); a test compares it with icalendar's
    own serialization."""
    from icalendar import Calendar  # imported when a calendar is made: an edit of a text makes none

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = site.title[lang] if len(entries) != 1 else entries[0][1].title
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    timezones = b""
    timed = [event for event, _ in entries if is_timed(event)]
    if timed:
        # VTIMEZONE only for the years the events need: smaller, and stable.
        timezones = _timezones(
            site.timezone,
            date(min(e.first_day for e in timed).year, 1, 1),
            date(max(e.last_day for e in timed).year + 1, 1, 1),
        )
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    if vevent is None:
        def vevent(event: Event, lang: str) -> bytes:
            return _vevent(site, urls, event, event.translations[lang], lang).to_ical()
    return b"".join([head[: -len(end)], timezones, *(vevent(event, lang) for event, _ in entries), end])


@lru_cache(maxsize=256)
def _timezones(zone_key: str, first: date, last: date) -> bytes:
    """The VTIMEZONE components icalendar adds for timed events, serialized
    (once: every event's own calendar has them). Every timed event is
    written in the site's zone, so one probe event in that zone shows which
    (none for UTC, which is written as Z)."""
    from icalendar import Calendar, Event as VEvent

    probe = Calendar()
    probe_event = VEvent()
    probe_event.add("dtstart", datetime.combine(first, time(12), ZoneInfo(zone_key)))
    probe.add_component(probe_event)
    probe.add_missing_timezones(first_date=first, last_date=last)
    return b"".join(component.to_ical() for component in probe.subcomponents if component.name == "VTIMEZONE")


def _vevent(site: Site, urls: UrlScheme, event: Event, translation: EventTranslation, lang: str) -> VEvent:
    from icalendar import Event as VEvent

    zone = site_zone(site)
    page = urls.absolute(translation.url)
    text_lang = {"LANGUAGE": translation.text_lang}
    vevent = VEvent()
    vevent.add("uid", event_uid(site, event))
    vevent.add("dtstamp", midnight(last_modified(event, zone), zone).astimezone(timezone.utc))
    if is_timed(event):
        vevent.add("dtstart", event.start.astimezone(zone))
        if event.end is not None:
            vevent.add("dtend", event.end.astimezone(zone))
    else:
        vevent.add("dtstart", event.first_day)
        vevent.add("dtend", event.last_day + timedelta(days=1))  # exclusive
    vevent.add("summary", translation.title, parameters=text_lang)
    # What the page says beside the date and place: a note on the date, and the online link of
    # an event that also has a venue (the location holds the venue then).
    online = event.online_url if event.venue is not None else None
    note = event.date_note[lang] if event.date_note is not None else None
    description = "\n\n".join(part for part in (translation.summary, note, online, page) if part)
    vevent.add("description", description, parameters={"LANGUAGE": translation.summary_lang if translation.summary
                                                          else translation.lang})
    location = _location(event, lang)
    if location:
        vevent.add("location", location)
    vevent.add("url", page)
    vevent.add("status", "CONFIRMED")
    if event.topics:
        vevent.add("categories", [topic.label[lang] for topic in event.topics])
    return vevent


def _location(event: Event, lang: str) -> str | None:
    if event.venue is not None:
        return venue_address(event.venue, lang)
    return event.online_url


def venue_address(venue: Venue, lang: str) -> str:
    """``Haus der Wirtschaft, Breite Straße 29, 10178 Berlin, Deutschland``."""
    city = " ".join(part for part in (venue.postal_code, venue.city) if part)
    country = Locale.parse(lang).territories.get(venue.country, venue.country) if venue.country else None
    return ", ".join(_unique(part for part in (venue.name[lang], venue.street, city, country) if part))


def _unique(parts: Iterable[str]) -> list[str]:
    """Drop a part equal to the one before (a venue named like its city)."""
    result: list[str] = []
    for part in parts:
        if not result or result[-1] != part:
            result.append(part)
    return result
