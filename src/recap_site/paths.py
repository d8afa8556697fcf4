"""Every URL and output path is decided here, and only here.

The URL scheme (``S`` = a localized path segment from site.yaml ``paths``)::

    /                                   language chooser
    /<lang>/                            home: latest recaps
    /<lang>/<S:events>/                 all events, newest first
    /<lang>/<S:events>/<S:page>/2/      … further pages
    /<lang>/<S:events>/<slug>/          one event (slug: front matter, else the event id)
    /<lang>/<S:years>/ and …/<year>/    years
    /<lang>/<S:topics>/<id>/            likewise organizations, regions, series
    /<lang>/<S:outcomes>/               the outcomes tracker: every chain of outcomes
    /<lang>/<S:outcomes>/<F>/<value>/   … narrowed by one facet (F: S:kind, S:years, S:topics,
                                        S:organizations, S:regions); each grouped by status
    /<lang>/<S:outcomes>/outcomes.csv   open data: outcomes.csv, outcomes.json (see docs/outputs.md)
    /<lang>/events.json, upcoming.ics   the archive's facts; every planned next event with a date
    /<lang>/<S:people>/ and …/<id>/     people of content/people.yaml and their sessions
    /<lang>/<slug>/                     a plain page (slug: front matter, else the page id)
    /media/<event-id>/<file>            a bundle's image or file, shared by all languages
    /media/<event-id>/<stem>-<w>w.<ext> an image resized to width w (see recap_site.images)
    /<lang>/<S:search>/                 the search page
    /pagefind/                          the search index and UI (see recap_site.search)
    /<lang>/feed.xml                    Atom feed of all events
    /<lang>/calendar.ics                iCalendar file of all events
    /<lang>/<S:events>/<slug>/event.ics one event's iCalendar file, next to its page
    /<lang>/<S:events>/<slug>/card.png  an event's social card (og:image) when it has no picture
    /sitemap.xml, /robots.txt, /404.html
    /schemas/<file>.schema.json         the content files' JSON Schemas (see recap_site.json_schema)
    /assets/<file>                      theme and site assets

A URL is a path below ``base_url`` (which may itself have a path) ending in
``/`` for pages; the output path is the same path with ``index.html``.

Folders on disk are decided here too: the default theme's (:func:`default_theme_dir`) and
the site's schemas (:data:`SCHEMA_FOLDER`); the build cache's is :func:`recap_site.cache.cache_folder`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping
from urllib.parse import quote, unquote, urlsplit

from .errors import RecapError

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
SEARCH_FOLDER = "pagefind"  # the search index and UI, at the site's root (recap_site.search writes it)
SCHEMA_FOLDER = "schemas"  # in the site folder (recap schema) and on the published site


def default_theme_dir() -> Path:
    """Where the default theme lives: inside the installed package, or, for an
    editable install, at the repository root next to ``src/``."""
    packaged = Path(__file__).parent / "theme"
    if (packaged / "layouts").is_dir():
        return packaged
    repository = Path(__file__).resolve().parents[2]
    if (repository / "layouts").is_dir() and (repository / "src" / "recap_site").is_dir():
        return repository
    raise RecapError("the default theme (layouts/ and assets/) is missing from this installation of recap-site")

# Names Windows cannot create and names that would shadow our own folders.
RESERVED_SLUGS = {"con", "prn", "aux", "nul", "com1", "lpt1", "assets", "media", SEARCH_FOLDER, SCHEMA_FOLDER}

# Segment keys and their defaults, used for languages site.yaml does not name.
DEFAULT_SEGMENTS = {
    "events": "events",
    "page": "page",
    "years": "years",
    "topics": "topics",
    "organizations": "organizations",
    "regions": "regions",
    "series": "series",
    "outcomes": "outcomes",
    "kind": "kind",
    "people": "people",
    "search": "search",
}
# The tracker's facets (recap_site.outcomes.FACETS) -> the segment key of their pages (status
# has none: it groups every page).
FACET_SEGMENTS = {"kind": "kind", "year": "years", "topics": "topics",
                  "organizations": "organizations", "regions": "regions"}
TAXONOMIES = ("topics", "organizations", "regions", "series")


def slugify(text: str) -> str:
    """A lowercase ASCII slug, transliterating German the German way.

    >>> slugify("Größere Übergänge für Akteur*innen")
    'groessere-uebergaenge-fuer-akteur-innen'
    """
    text = text.translate(_GERMAN)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


def slug_problem(value: str) -> str | None:
    """Why ``value`` cannot be used as an id or slug, or None if it can."""
    if "\x00" in value:
        return "contains a NUL character"
    if "/" in value or "\\" in value or ".." in value:
        return "must not contain '/', '\\' or '..'"
    if value.lower() in RESERVED_SLUGS:
        return f"'{value}' is a reserved name"
    if not SLUG_PATTERN.match(value):
        shown, hidden = without_invisible(value)
        if hidden is not None and SLUG_PATTERN.match(shown):  # it looks right as shown
            return f"'{shown}' holds {invisible_character(hidden)}: type it again, or delete the character"
        return f"'{value}' may only use a-z, 0-9 and '-' (for example '{slugify(value) or 'my-event'}')"
    return None


def page_address_hint(name: str, words: bool = False) -> str | None:
    """For a link written as a relative path to a page ("../ueber-uns/"; with ``words``, as on a
    page, which links no files, "about" too), how to link a page of the site: by its address from
    the first /; None for what may be a file (in an event's folder "folien" may mean folien.pdf)
    or a host written without https:// ("example.org/foo")."""
    last = name.rstrip("/").rsplit("/", 1)[-1]
    if re.match(r"[\w-]+(?:\.[\w-]+)+(?:/|$)", name):  # a host's name first
        return None
    paged = name.endswith("/") or (name.startswith("../") and "." not in last) or (words and "." not in last)
    if not name.startswith("/") and last and paged:
        return (f"'{name}' is no file, so it cannot be linked as one: to link a page of this site, write the part "
                "of its address after the host, beginning with / (as /de/ueber-uns/); to link an event, event:<its "
                "folder name>")
    return None


# A link to the file a page or recap is written in: ../impressum/de.md, ../2023-09-05-treffen/en.md.
_TEXT_FILE = re.compile(r"(?:(?:.*/)?(?P<folder>[^/]+)/)?(?P<lang>[a-z]{2})\.md")
EVENT_ID_START = re.compile(r"\d{4}-\d{2}-\d{2}-")  # an event folder's name starts with its day


def text_file_problem(name: str) -> str | None:
    """Why a link to the file a page or a recap is written in does not lead to its page, and how
    to link that; None for a link to another file."""
    found = _TEXT_FILE.fullmatch(name)
    if found is None:
        return None
    folder, lang = found["folder"], found["lang"]
    if folder is not None and EVENT_ID_START.match(folder):
        return f"'{name}' is the file a recap is written in, not a page of the site: link the event as event:{folder}"
    page = (f"here /{lang}/{folder}/, or /{lang}/<its slug>/ where that page's head gives a slug:"
            if folder not in (None, ".", "..")
            else "as /de/ueber-uns/; an event as event:<its folder name>")
    return (f"'{name}' is the file a page is written in, not a page of the site: link the page by its address, "
            f"from the first / ({page})")


def page_file_problem(name: str) -> str:
    """Why a page (content/pages/<id>/) cannot link ``name``: pages publish no files of their own."""
    text = text_file_problem(name)
    if text:
        return text
    hint = address_hint(name)
    if hint:
        return f"'{name}' is not an address a page can link{hint}"
    page = page_address_hint(name, words=True)
    if page:
        return page
    shown = name.rsplit("/", 1)[-1]
    return (f"'{name}' cannot be linked from a page: a page publishes no files of its folder; put the file "
            f"into the site's assets/ folder and write /assets/{shown} (a file of an event: "
            f"/media/<the event's folder name>/{shown})")


# The theme's style sheet, and a site's few changes to it, which every page loads after it (below assets/).
STYLESHEET = "css/site.css"
CUSTOM_STYLESHEET = "css/custom.css"


# Where a text's pictures are kept, said to an editor who gave another website's: an event's in
# its folder, a page's in the site's assets/ (its folder publishes none, see page_file_problem).
EVENT_PICTURES_KEPT = "save the picture in this event's folder and write its file name instead of the address"
PAGE_PICTURES_KEPT = ("save the picture in the site's assets/ folder and write /assets/<its file name> instead of "
                      "the address")


def bundle_file_problem(name: str) -> str:
    """Why ``name`` does not name a file of an event's folder."""
    text = text_file_problem(name)
    if text:
        return text
    if name.startswith("/") or ".." in name.split("/") or "\\" in name:
        return f"'{name}' points outside the event's folder; put the file next to event.yaml"
    hint = address_hint(name) or "; put the file next to event.yaml, or check its name"
    return f"'{name}' is not a file in this event's folder{hint}"


def address_hint(target: str) -> str:
    """What was meant, when a link's target is an address written without its kind."""
    if target[:1] in "\"'„“‚‘»«":
        return "; remove the quotation marks around the address"
    if "@" in target and "/" not in target:
        return f"; for an e-mail address write mailto:{target}"
    if target.lower().startswith("www."):
        return f"; for a web page write https://{target}"
    return ""


# Characters that show as nothing and break an address they are in (pasted from a web page or Word).
_ZERO_WIDTH_CHARACTERS = "\u200b-\u200d\u2060\ufeff\u00ad"  # zero-width spaces and joiners, BOM, soft hyphen
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARACTERS}]")
INVISIBLE = re.compile(f"[{_ZERO_WIDTH_CHARACTERS}\u00a0]")  # (and a hard space: no address has one)


def without_invisible(text: str) -> tuple[str, str | None]:
    """``text`` as it looks: without the characters that show as nothing (a zero-width space, a
    soft hyphen, …) and the spaces at its ends (a non-breaking space among them), and the first
    such character, or None. (A non-breaking space between words shows as a space: kept.)"""
    found = _ZERO_WIDTH.search(text)
    if found is not None:
        return _ZERO_WIDTH.sub("", text).strip(), found.group()
    shown = text.strip()
    return shown, "\u00a0" if "\u00a0" in text.replace(shown, "", 1) else None  # (at its ends)


def invisible_character(character: str) -> str:
    """How a message names an invisible character: "an invisible character (U+00A0, a non-breaking
    space, often pasted from a web page or Word)"."""
    name = {"\u00a0": "a non-breaking space", "\u200b": "a zero-width space", "\u00ad": "a soft hyphen",
            "\ufeff": "a byte order mark"}.get(character)
    return (f"an invisible character (U+{ord(character):04X}" + (f", {name}" if name else "")
            + ", often pasted from a web page or Word)")


def invisible_in_address(address: str) -> str | None:
    """The problem of an address (a web or e-mail address) that holds an invisible character."""
    found = INVISIBLE.search(address)
    if found is None:
        return None
    return (f"'{INVISIBLE.sub('', address)}' holds an invisible character (U+{ord(found.group()):04X}, often pasted "
            "from a web page or Word) that breaks the address: type it again, or delete the character")


# What urllib's quote leaves as it is: most segments of the site's URLs, which are asked for
# tens of thousands of times a build.
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~/-]*")


def _quoted(text: str) -> str:
    return text if _UNQUOTED.fullmatch(text) else quote(text)


@dataclass(frozen=True)
class UrlScheme:
    base_url: str  # absolute, ends with '/'
    segments: Mapping[str, Mapping[str, str]]  # key -> lang -> segment
    # The path part of base_url, e.g. '/' or '/recaps/': worked out once, it starts every URL.
    prefix: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "prefix", urlsplit(self.base_url).path or "/")

    @classmethod
    def create(cls, base_url: str, segments: Mapping[str, Mapping[str, str]]) -> "UrlScheme":
        if not base_url.endswith("/"):
            base_url += "/"
        return cls(base_url, MappingProxyType({k: MappingProxyType(dict(v)) for k, v in segments.items()}))

    def segment(self, key: str, lang: str) -> str:
        return self.segments.get(key, {}).get(lang) or DEFAULT_SEGMENTS[key]

    def _url(self, *parts: str | int) -> str:
        return self.prefix + "".join(f"{_quoted(str(p))}/" for p in parts)

    # Pages ---------------------------------------------------------------
    def root(self) -> str:
        return self.prefix

    def home(self, lang: str) -> str:
        return self._url(lang)

    def events(self, lang: str, page: int = 1) -> str:
        if page == 1:
            return self._url(lang, self.segment("events", lang))
        return self._url(lang, self.segment("events", lang), self.segment("page", lang), page)

    def event(self, lang: str, slug: str) -> str:
        return self._url(lang, self.segment("events", lang), slug)

    def years(self, lang: str) -> str:
        return self._url(lang, self.segment("years", lang))

    def year(self, lang: str, year: int) -> str:
        return self._url(lang, self.segment("years", lang), year)

    def taxonomy(self, kind: str, lang: str) -> str:
        return self._url(lang, self.segment(kind, lang))

    def term(self, kind: str, lang: str, term_id: str) -> str:
        return self._url(lang, self.segment(kind, lang), term_id)

    def outcomes(self, lang: str, facet: str | None = None, value: str | None = None, page: int = 1) -> str:
        """The tracker; with ``facet`` and ``value`` narrowed to them."""
        parts: list[str | int] = [lang, self.segment("outcomes", lang)]
        if facet is not None:
            parts += [self.segment(FACET_SEGMENTS[facet], lang), value]
        if page > 1:
            parts += [self.segment("page", lang), page]
        return self._url(*parts)

    def people(self, lang: str) -> str:
        return self._url(lang, self.segment("people", lang))

    def person(self, lang: str, person_id: str) -> str:
        return self._url(lang, self.segment("people", lang), person_id)

    def page(self, lang: str, slug: str) -> str:
        return self._url(lang, slug)

    def search(self, lang: str) -> str:
        return self._url(lang, self.segment("search", lang))

    # Files ---------------------------------------------------------------
    def media(self, event_id: str, file: str) -> str:
        return self.prefix + f"media/{quote(event_id)}/{quote(file)}"

    @staticmethod
    def media_event(output_path: str) -> str | None:
        """The event whose file :meth:`media` publishes at ``output_path`` (as :meth:`output_path`
        gives it), or None for another output."""
        folder, _, rest = output_path.partition("/")
        event_id, _, file = rest.partition("/")
        return event_id if folder == "media" and event_id and file else None

    def image(self, event_id: str, file: str, width: int, extension: str) -> str:
        """One resized copy of a bundle image: ``photos/a.jpg`` -> ``photos/a-960w.webp``."""
        stem = file.rsplit(".", 1)[0] if "." in file.rsplit("/", 1)[-1] else file
        return self.media(event_id, f"{stem}-{width}w.{extension}")

    def search_bundle(self) -> str:
        """Pagefind's folder (index, script and UI), shared by all languages."""
        return self._url(SEARCH_FOLDER)

    def asset(self, name: str) -> str:
        return self.prefix + "assets/" + quote(name)

    def file(self, name: str) -> str:
        """A file at the site root, such as 404.html."""
        return self.prefix + quote(name)

    # Machine-readable files (see recap_site.outputs) ------------------------
    def feed(self, lang: str) -> str:
        return self._url(lang) + "feed.xml"

    def calendar(self, lang: str) -> str:
        return self._url(lang) + "calendar.ics"

    def outcomes_data(self, lang: str, extension: str) -> str:
        """The outcomes as open data: ``csv`` or ``json``, next to the tracker."""
        return self.outcomes(lang) + f"outcomes.{extension}"

    def events_data(self, lang: str) -> str:
        return self._url(lang) + "events.json"

    def upcoming_calendar(self, lang: str) -> str:
        """Every planned next event with a date, as iCalendar."""
        return self._url(lang) + "upcoming.ics"

    def event_card(self, page_url: str) -> str:
        """One event's social card (og:image) in one language, next to the event page at ``page_url``."""
        return page_url + "card.png"

    def event_calendar(self, page_url: str) -> str:
        """One event's .ics file, next to the event page at ``page_url``."""
        return page_url + "event.ics"

    def schema(self, name: str) -> str:
        """The published JSON Schema of a content file (``event.schema.json``), or its folder."""
        return self.prefix + "schemas/" + quote(name)

    def sitemap(self) -> str:
        return self.file("sitemap.xml")

    def robots(self) -> str:
        return self.file("robots.txt")

    def not_found(self) -> str:
        return self.file("404.html")

    # Conversions -----------------------------------------------------------
    def absolute(self, url: str) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}{url}"

    def output_path(self, url: str) -> str:
        """The file, relative to the output folder, that serves ``url``."""
        path = unquote(url[len(self.prefix):])
        if path == "" or path.endswith("/"):
            path += "index.html"
        return path


def request_path(output_path: str) -> str:
    """The path, from the output folder's root, at which a server answers with the file at
    ``output_path``: ``de/x/index.html`` -> ``/de/x/``. The inverse of UrlScheme.output_path
    for a site served at ``/`` (as `recap serve` serves it)."""
    path = "/" + output_path
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def address_problem(address: str, error: ValueError) -> str:
    """What makes an address unreadable (urllib's ``error`` for its host or port), in words."""
    said = str(error)
    if "out of range" in said:
        return "the port number after the host's name is too large (at most 65535)"
    if "NFKC" in said or "invalid characters" in said:
        return "the host's name holds a character a web address cannot have (copied from a PDF, perhaps)"
    if "[" in address or "]" in address:
        return "a square bracket belongs in an address only around an IPv6 number"
    return "after the host's name, a colon is followed by a port number (https://example.org:8080/), or by nothing"
