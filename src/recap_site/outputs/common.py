"""Facts the machine-readable outputs share: the content date rule, stable ids.

The rule for "when did this change" (Atom ``updated``, sitemap ``lastmod``,
iCalendar ``DTSTAMP``) is decided here, once: an event's ``updated:`` date
from event.yaml, else the last day of the event. It never depends on the
build time, so two builds of the same content are byte-identical.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Callable, Iterable, Protocol
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..model import Event, Site, texts_read
from ..write import Output


class EventDataStore(Protocol):
    """Where what is made of one event in one language is kept between
    builds (the build cache, under the event's fingerprint): serialized
    VEVENTs ("vevent"), per-event .ics files ("ics"), Atom entries ("atom")."""

    def get(self, event: Event, lang: str, kind: str, texts: bool = True) -> bytes | None:
        """``texts``: whether the data reads the recaps' texts (an Atom entry does, a VEVENT does
        not); data that does not is kept under the event's other fields alone."""
        ...

    def keep(self, event: Event, lang: str, kind: str, texts: bool = True) -> str:
        """What the data is made from, as one digest; what is kept under it is kept for the next
        build. An output made of nothing else (an event's own .ics file) may be taken as the last
        build left it while this is the same."""
        ...

    def put(self, event: Event, lang: str, kind: str, data: bytes, texts: bool = True) -> None: ...


class OutputStore(Protocol):
    """Which outputs the last build made from the same inputs (the build's incremental layer):
    ``reusable`` gives the file it wrote, still as it left it, for an output path made from
    what ``fingerprint`` stands for (else None); ``made`` records what this build made it from."""

    def reusable(self, path: str, fingerprint: str) -> str | None: ...

    def made(self, path: str, fingerprint: str) -> None: ...

    def site(self) -> str | None:
        """What an output made of the whole site is made from, as one digest: every event, page,
        registry and route, and the build's common inputs (configuration, UI strings, code), but
        not the recaps' texts. None: not known."""
        ...


def whole_site_output(files: OutputStore | None, path: str, source: str, make: Callable[[], bytes]) -> Output:
    """An output made of the whole site but the recaps' texts (see OutputStore.site): the last
    build's file while none of that changed (an edit of a recap's text), else ``make()``. One
    whose making reads a recap's text (model.texts_read) is made by every build."""
    key = files.site() if files is not None else None
    previous = files.reusable(path, key) if key is not None else None
    if previous is not None:
        files.made(path, key)
        return Output(path, source, file=previous)
    with texts_read() as read:
        data = make()
    if key is not None and not read:
        files.made(path, key)
    return Output(path, source, data=data)


# Before any event: what a site without events reports as "updated".
EPOCH = date(1970, 1, 1)


def site_zone(site: Site) -> ZoneInfo:
    return ZoneInfo(site.timezone)


def is_timed(event: Event) -> bool:
    """True when start (and end, if any) carry a time of day; otherwise the
    event is all-day, from the first to the last day."""
    return isinstance(event.start, datetime) and (event.end is None or isinstance(event.end, datetime))


def last_modified(event: Event, zone: ZoneInfo) -> date:
    """``updated:`` from event.yaml, else the event's last day."""
    return event.updated if event.updated is not None else event.last_day


def newest(events: Iterable[Event], zone: ZoneInfo) -> date:
    return max((last_modified(event, zone) for event in events), default=EPOCH)


def midnight(day: date, zone: ZoneInfo) -> datetime:
    """The start of ``day`` in the site's time zone."""
    return datetime.combine(day, time(), zone)


def authority(site: Site) -> str:
    """``recaps.example.org/`` or ``example.org/recaps/``: what makes ids unique to this site."""
    parts = urlsplit(site.base_url)
    return parts.netloc + (parts.path or "/")


def stable_id(site: Site, *parts: str) -> str:
    """A URN that depends only on the site's address and ``parts`` (an event
    id, a language), never on titles or slugs."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "https://" + authority(site) + "/".join(parts)))


def event_uid(site: Site, event: Event) -> str:
    """The iCalendar UID: one per event, the same in every language."""
    return f"{event.id}@{urlsplit(site.base_url).netloc}"
