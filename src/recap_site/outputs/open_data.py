"""Open data for reports, per language (columns: docs/outputs.md):

* ``<tracker>/outcomes.csv``: one row per outcome, UTF-8 with a byte order
  mark (spreadsheet programs then read umlauts right), lists joined by "; ",
  cells separated as the language's spreadsheets expect (:func:`csv_separator`);
* ``<tracker>/outcomes.json``: the same rows, lists as lists;
* ``/<lang>/events.json``: the archive's facts, one object per event;
* ``/<lang>/upcoming.ics``: every next-event outcome with a date not passed, planned,
  and not followed up by a later one, as an all-day iCalendar event on that date.

Rows come from the assembled site only, in its order (newest event first,
outcomes as written), so that two builds of the same content give the same bytes.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone
from functools import partial
from typing import Iterator

import orjson
from babel import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol

from ..model import Event, Organization, Outcome, Site
from ..paths import UrlScheme
from ..write import Output
from .common import OutputStore, last_modified, midnight, site_zone, stable_id, whole_site_output

PRODID = "-//recap-site//recap-site//EN"
COLUMNS = ("key", "event", "event_title", "event_date", "event_url", "position", "id", "kind", "status",
           "latest_status", "overdue", "date", "text", "text_language", "url", "organizations", "topics",
           "regions", "follows", "followed_by", "chain")
LISTS = ("organizations", "topics", "regions", "followed_by")


def open_data_outputs(site: Site, urls: UrlScheme, labels, files: OutputStore | None = None) -> Iterator[Output]:
    """``labels(lang, key)``: a UI string (the outcome kinds' and statuses' names). ``files`` (the
    incremental layer): the last build's files while the site is the same but for the recaps'
    texts, which they do not hold."""
    # The CSV's and the JSON's rows are made for each: whatever the making of one reads is
    # then watched for that file (outputs.common.whole_site_output).
    def table(lang: str) -> bytes:
        return _csv(outcome_rows(site, urls, lang), lang)

    def document(lang: str) -> bytes:
        return _json({"language": lang, "site": site.title[lang], "columns": list(COLUMNS),
                      "outcomes": outcome_rows(site, urls, lang)})

    def events(lang: str) -> bytes:
        return _json({"language": lang, "site": site.title[lang],
                      "events": [_event(site, urls, e, lang) for e in site.events]})

    for lang in site.languages:
        yield whole_site_output(files, urls.output_path(urls.outcomes_data(lang, "csv")), "content/events",
                                partial(table, lang))
        yield whole_site_output(files, urls.output_path(urls.outcomes_data(lang, "json")), "content/events",
                                partial(document, lang))
        yield whole_site_output(files, urls.output_path(urls.events_data(lang)), "content/events", partial(events, lang))
        yield whole_site_output(files, urls.output_path(urls.upcoming_calendar(lang)), "content/events",
                                partial(upcoming_calendar, site, urls, lang, labels))


def outcome_rows(site: Site, urls: UrlScheme, lang: str) -> list[dict]:
    rows = []
    for event in site.events:
        tr = event.translations[lang]
        for position, outcome in enumerate(event.outcomes, start=1):
            track = outcome.track
            rows.append({
                "key": track.key,
                "event": event.id,
                "event_title": tr.title,
                "event_date": event.first_day.isoformat(),
                "event_url": urls.absolute(tr.url),
                "position": position,
                "id": outcome.id or "",
                "kind": outcome.kind,
                "status": outcome.status,
                "latest_status": track.status,
                "overdue": track.overdue,
                "date": outcome.date.isoformat() if outcome.date else "",
                "text": outcome.text[lang],
                "text_language": outcome.text.shown_in(lang),
                "url": urls.absolute(tr.url + (f"#{outcome.anchor}" if outcome.anchor else "")),
                "organizations": [_name(o, lang) for o in event.organizers + event.partners],
                "topics": [t.label[lang] for t in event.topics],
                "regions": [r.label[lang] for r in event.regions],
                "follows": "#".join(outcome.follows) if outcome.follows else "",
                "followed_by": [_step_key(step) for step in track.followed_by],
                "chain": track.root if len(track.timeline) > 1 else "",
            })
    return rows


def _step_key(step) -> str:
    return f"{step.event_id}#{step.outcome_id}"


def _name(organization: Organization, lang: str) -> str:
    return organization.name[lang]


def csv_separator(lang: str) -> str:
    """What separates the cells: ";" for a language whose numbers have a decimal comma (de, fr …),
    as spreadsheet programs set to it (Excel) read a file they open; else ","."""
    try:
        decimal = get_decimal_symbol(Locale.parse(lang.replace("-", "_")))
    except (ValueError, TypeError, UnknownLocaleError):
        decimal = "."
    return ";" if decimal == "," else ","


def _csv(rows: list[dict], lang: str) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=csv_separator(lang), lineterminator="\r\n")  # RFC 4180, but the separator
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["; ".join(row[c]) if c in LISTS else str(row[c]).lower() if c == "overdue" else row[c]
                         for c in COLUMNS])
    return "\ufeff".encode("utf-8") + text.getvalue().encode("utf-8")


def _json(document: dict) -> bytes:
    # orjson: UTF-8 as is, and a tenth of json.dumps' time on an archive's thousands of rows.
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def _event(site: Site, urls: UrlScheme, event: Event, lang: str) -> dict:
    tr = event.translations[lang]

    def when(value: date | datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    venue = event.venue
    return {
        "id": event.id,
        "url": urls.absolute(tr.url),
        "title": tr.title,
        "summary": tr.summary,
        "text_language": tr.text_lang,
        "summary_language": tr.summary_lang,
        "languages": list(event.languages),
        "start": when(event.start),
        "end": when(event.end),
        "date_note": None if event.date_note is None else {
            "text": event.date_note[lang], "language": event.date_note.shown_in(lang)},
        "first_day": event.first_day.isoformat(),
        "last_day": event.last_day.isoformat(),
        "kind": event.kind,
        "format": event.format,
        "venue": None if venue is None else {
            "name": venue.name[lang], "street": venue.street, "postal_code": venue.postal_code,
            "city": venue.city, "country": venue.country},
        "online_url": event.online_url,
        "organizers": [{"id": o.id, "name": _name(o, lang), "url": o.url} for o in event.organizers],
        "partners": [{"id": o.id, "name": _name(o, lang), "url": o.url} for o in event.partners],
        "topics": [{"id": t.id, "label": t.label[lang]} for t in event.topics],
        "regions": [{"id": r.id, "label": r.label[lang]} for r in event.regions],
        "series": None if event.series is None else {
            "id": event.series.id, "title": event.series.title[lang], "part": event.series_part},
        "participants": event.participants,
        "programme": [{
            "kind": session.kind,
            "title": session.title[lang],
            "speakers": [{"name": sp.name, "person": sp.person.id if sp.person else None,
                          "organization": (_name(sp.organization, lang) if sp.organization
                                           else sp.organization_text[lang] if sp.organization_text else None),
                          "role": sp.role[lang] if sp.role else None} for sp in session.speakers],
        } for session in event.programme],
        "outcomes": [outcome.track.key for outcome in event.outcomes],
        "updated": when(event.updated),
    }


def upcoming(site: Site) -> list[tuple[Event, Outcome]]:
    """The planned next events: next-event outcomes with a date that no later outcome follows up
    (a meeting moved to another day is there once, on its new day), whose status is planned,
    and whose day has not passed (one that has, still planned, is overdue: no next event)."""
    return [(event, outcome) for event in site.events for outcome in event.outcomes
            if outcome.kind == "next-event" and outcome.date is not None and not outcome.track.followed_by
            and outcome.track.status == "planned" and not outcome.track.overdue]


def upcoming_calendar(site: Site, urls: UrlScheme, lang: str, labels) -> bytes:
    from icalendar import Calendar, Event as VEvent  # imported when a calendar is made (see calendar.py)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = f"{site.title[lang]}: {labels(lang, 'upcoming_ics')}"
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    zone = site_zone(site)
    for event, outcome in upcoming(site):
        tr = event.translations[lang]
        page = urls.absolute(tr.url + (f"#{outcome.anchor}" if outcome.anchor else ""))
        item = VEvent()
        item.add("uid", stable_id(site, "outcome", outcome.track.key).removeprefix("urn:uuid:"))
        item.add("dtstamp", midnight(last_modified(event, zone), zone).astimezone(timezone.utc))
        item.add("dtstart", outcome.date)
        item.add("dtend", outcome.date + timedelta(days=1))  # all day (exclusive end)
        item.add("summary", outcome.text[lang], parameters={"LANGUAGE": outcome.text.shown_in(lang)})
        item.add("description", f"{labels(lang, 'outcome.next-event')}: {tr.title}\n\n{page}",
                 parameters={"LANGUAGE": tr.text_lang})
        item.add("url", page)
        item.add("status", "TENTATIVE")
        calendar.add_component(item)
    return calendar.to_ical()
