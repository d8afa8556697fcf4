"""Files for machines, made from the frozen :class:`~recap_site.model.Site`:
Atom feeds, iCalendar files, the outcomes and events as open data, the sitemap, robots.txt, the content files' JSON Schemas and the
social cards of events without pictures. Each generator
returns :class:`~recap_site.write.Output` records; only the writer writes.
The <head> data of each page (Open Graph, JSON-LD) is in :mod:`.structured`.
"""

from __future__ import annotations

from typing import Iterator

from ..model import Site
from ..paths import UrlScheme
from ..write import Output
from .calendar import calendar_outputs
from .cards import CardStyle, card_outputs
from .common import EventDataStore, OutputStore
from .feeds import feed_outputs
from .open_data import open_data_outputs
from .schemas import schema_outputs
from .sitemap import sitemap_outputs
from .structured import PageMeta, PageMetaBuilder

__all__ = ["PageMeta", "PageMetaBuilder", "machine_outputs"]


def machine_outputs(site: Site, urls: UrlScheme, strings, store: EventDataStore | None = None,
                    jobs: int = 1, cards: CardStyle | None = None,
                    files: OutputStore | None = None) -> Iterator[Output]:
    """``strings``: the theme's UI strings (lang -> key -> text). ``cards``: how the social cards
    look and where they are cached (none without it). ``store`` and ``files``: what the last
    build made of each event, and which of its files still stand (the incremental layer)."""
    yield from feed_outputs(site, urls, store)
    yield from calendar_outputs(site, urls, store, jobs, files)
    yield from sitemap_outputs(site, urls, files)
    yield from schema_outputs(site, urls)
    yield from open_data_outputs(site, urls, lambda lang, key: strings[lang][key], files)
    if cards is not None:
        yield from card_outputs(site, urls, cards, jobs, files)
