"""The content format, declared once.

Every file an editor writes is described here, field by field: its type,
whether it is required or what it defaults to, its allowed values, the
registry its ids come from, and one line of help in German and English.
Everything else is derived from this declaration:

- the reader (:meth:`recap_site.schema.Fields.read` and the loaders in
  :mod:`recap_site.content` and :mod:`recap_site.config`) takes the keys,
  the required fields, the allowed values, the limits and the defaults from
  it, and keeps the messages our own (``file:line``, plain words);
- the JSON Schema files editors' editors read (:mod:`recap_site.json_schema`);
- the field tables in the README and the editing guide (:mod:`recap_site.reference`);
- the commented template of ``recap new event`` (:mod:`recap_site.scaffold`).

Adding a field is one :class:`Field` here, the model attribute it fills,
and the layout lines that show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field
from typing import Iterator

from .model import EVENT_KINDS, FORMATS, OUTCOME_KINDS, OUTCOME_STATUSES
from .paths import DEFAULT_SEGMENTS

# What a value may be. The reader, the JSON Schema and the docs each handle
# every one of these (a test checks it).
TEXT = "text"  # one line; one text for every language, or one per language
LONG_TEXT = "long text"  # the same, line breaks allowed
PLAIN = "plain"  # one line, the same in every language: an id, a code, a phone number
NAME = "name"  # one line of words, the same in every language (YAML's " #" would cut it)
URL = "url"  # https://… or http://… (or mailto:…)
EMAIL = "email"
DATE = "date"  # 2023-09-05
WHEN = "when"  # 2023-09-05 or 2023-09-05T10:00 (in the site's time zone unless it has an offset)
CHOICE = "choice"  # one of ``choices``
COUNT = "count"  # a whole number from ``minimum`` to ``maximum``
FLAG = "flag"  # true or false
IDS = "ids"  # ids from the registry ``ref``; one id or a list
RECORD = "record"  # fields on indented lines (``record``)
LIST = "list"  # a list of records (``record``)
LINK = "link"  # a web address, or event:<id of another event>
CONTACT = "contact"  # an e-mail or web address, or a record (``record``)
ORGANIZATION = "organization"  # an id from organizations.yaml, or plain text in any language
LANGUAGES = "languages"  # a list of language codes
LOCALES = "locales"  # language: locale
HOSTS = "hosts"  # a list of host names
TIMEZONE = "timezone"  # an IANA time zone name
COUNTRY = "country"  # a two-letter code
SLUG = "slug"  # a web address part (words are made one)
SEGMENT = "segment"  # a web address part per language (a-z, 0-9, -), or one for all
ID = "id"  # an id of a-z, 0-9 and -, written as it is (an outcome's)
FOLLOWS = "follows"  # <event folder>#<outcome id>: an outcome of another event
TYPES = (TEXT, LONG_TEXT, PLAIN, NAME, URL, EMAIL, DATE, WHEN, CHOICE, COUNT, FLAG, IDS, RECORD, LIST,
         LINK, CONTACT, ORGANIZATION, LANGUAGES, LOCALES, HOSTS, TIMEZONE, COUNTRY, SLUG, SEGMENT, ID, FOLLOWS)

HOST_PATTERN = r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+"  # iframe_hosts: www.example.org

# The registries an id may come from: name -> file (relative to the site folder).
REGISTRY_FILES = {
    "organizations": "content/organizations.yaml",
    "topics": "content/topics.yaml",
    "regions": "content/regions.yaml",
    "series": "content/series.yaml",
    "people": "content/people.yaml",
}


@dataclass(frozen=True)
class Field:
    key: str
    type: str
    en: str  # one line of help, in English
    de: str  # and in German
    required: bool = False
    required_unless: tuple[str, tuple[str, ...]] | None = None  # required unless key is one of values
    default: object = None  # what a missing value means (docs and schema; the reader applies it)
    choices: tuple[str, ...] = ()
    ref: str | None = None  # the registry of IDS (a key of REGISTRY_FILES)
    record: "Record | None" = None  # the fields of RECORD, LIST and CONTACT
    minimum: int = 0
    maximum: int = 1_000_000
    example: str | None = None  # a YAML value, for the docs (and the template)
    template: str | None = None  # what `recap new` writes for a required field, if not the example
    words: tuple[tuple[str, str], ...] = ()  # a CHOICE: what editors write instead (lowercase) -> the value

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"{self.key}: unknown field type {self.type!r}")
        # What the reader applies: a default for a count, a flag or a time zone; "required" where an
        # empty value can be told from a missing one.
        if self.default is not None and self.type not in (COUNT, FLAG, TIMEZONE):
            raise ValueError(f"{self.key}: a {self.type} field has no default the reader applies")
        if self.required and self.type in (COUNT, FLAG):
            raise ValueError(f"{self.key}: a {self.type} field cannot be required")

    def help(self, lang: str) -> str:
        return self.de if lang == "de" else self.en


@dataclass(frozen=True)
class Record:
    """The fields of one mapping: a file, or a group of fields inside one."""

    name: str  # for the schema and the docs: "event", "event.venue", …
    fields: tuple[Field, ...]
    one_of: tuple[str, ...] = ()  # one of these keys, and one only, is required (a speaker: name or person)
    # Looked up for every mapping read (thousands of times in a large archive): made once.
    _keys: tuple[str, ...] = dataclass_field(init=False, repr=False, compare=False)
    _by_key: dict[str, Field] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_keys", tuple(f.key for f in self.fields))
        object.__setattr__(self, "_by_key", {f.key: f for f in self.fields})

    def keys(self) -> tuple[str, ...]:
        return self._keys

    def __getitem__(self, key: str) -> Field:
        return self._by_key[key]

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    def required(self) -> tuple[str, ...]:
        return tuple(field.key for field in self.fields if field.required)


@dataclass(frozen=True)
class Document:
    """One kind of content file."""

    name: str  # the schema's file name: <name>.schema.json
    path: str  # where it lives: content/site.yaml, content/events/<id>/event.yaml, …
    en: str
    de: str
    record: Record | None = None  # a file of fields
    entry: Field | None = None  # a registry: id -> this (a TEXT, or a RECORD that may be given short)
    short: str | None = None  # a registry entry may be just this field's value (organizations: the name)

    def help(self, lang: str) -> str:
        return self.de if lang == "de" else self.en


# content/site.yaml -----------------------------------------------------------

DEFAULT_TIMEZONE = "Europe/Berlin"
DEFAULT_PAGE_SIZE = 10
DEFAULT_MAX_FILE_MB = 5
DEFAULT_MAX_RECAP_KB = 100  # 30 times the sample's longest recap (3.3 KB); real recaps are 3 to 20 KB
DEFAULT_MAX_RECAP_SECONDS = 10

PATHS = Record("site.paths", tuple(
    Field(key, SEGMENT, f"URL segment of the {key} pages (default: {segment})",
          f"Adressteil der Seiten „{key}“ (Vorgabe: {segment})", example=f"{{de: …, en: {segment}}}")
    for key, segment in DEFAULT_SEGMENTS.items()
))

SITE = Record("site", (
    Field("title", TEXT, "The site's name", "Der Name der Website", required=True,
          example="{de: Rückblicke, en: Recaps}"),
    Field("description", LONG_TEXT, "One or two sentences about the site (default: the title)",
          "Ein, zwei Sätze über die Website (Vorgabe: der Titel)"),
    Field("languages", LANGUAGES, "Language codes (de, en, fr: two letters where a language has them); the first is "
          "the default language. The "
          "theme's menus and buttons come in de and en; another language shows the English ones until the site's "
          "layouts/i18n/<code>.yaml translates them",
          "Sprachcodes (de, en, fr: zwei Buchstaben, wo eine Sprache sie hat); der erste ist die Standardsprache. "
          "Menüs und Schaltflächen "
          "des Themes gibt es auf de und en; eine andere Sprache zeigt die englischen, bis layouts/i18n/<code>.yaml "
          "der Website sie übersetzt", required=True, example="[de, en]"),
    Field("base_url", URL, "The address the site is published at; may include a path (a folder, not a file)",
          "Die Adresse, unter der die Website erscheint; darf einen Pfad enthalten (einen Ordner, keine Datei)",
          required=True, example="https://recaps.example.org/"),
    Field("timezone", TIMEZONE, "Times without an offset are read in this time zone",
          "Uhrzeiten ohne Angabe der Zone gelten in dieser Zeitzone", default=DEFAULT_TIMEZONE,
          example=DEFAULT_TIMEZONE),
    Field("locales", LOCALES, "How a language writes dates and numbers, e.g. en: en_GB (5 September 2023)",
          "Wie eine Sprache Daten und Zahlen schreibt, z. B. en: en_GB (5 September 2023)",
          example="{en: en_GB}"),
    Field("page_size", COUNT, "Events per list page", "Veranstaltungen je Listenseite", minimum=1,
          default=DEFAULT_PAGE_SIZE, example=str(DEFAULT_PAGE_SIZE)),
    Field("paths", RECORD, "Web address segments per language (defaults: the English words)",
          "Adressteile je Sprache (Vorgabe: die englischen Wörter)", record=PATHS),
    Field("allow_raw_html", FLAG, "true only for fully trusted sites: recaps keep their HTML (see SECURITY.md)",
          "true nur für ganz vertrauenswürdige Websites: HTML bleibt erhalten (siehe SECURITY.md)",
          default=False, example="false"),
    Field("iframe_hosts", HOSTS, "The only hosts a recap may embed with <iframe>",
          "Die einzigen Hosts, die ein Rückblick mit <iframe> einbetten darf",
          example="[www.youtube-nocookie.com]"),
    Field("people_pages", FLAG, "Everyone in content/people.yaml gets a page listing their sessions",
          "Jede Person aus content/people.yaml bekommt eine Seite mit ihren Programmpunkten", default=True,
          example="true"),
    Field("mark_overdue", FLAG, "The public site marks open outcomes whose date has passed as overdue",
          "Die Website kennzeichnet offene Ergebnisse, deren Datum vorbei ist, als überfällig", default=False,
          example="false"),
    Field("social_cards", FLAG, "Events without pictures get a picture for link previews (og:image)",
          "Veranstaltungen ohne Bilder bekommen ein Vorschaubild für geteilte Links (og:image)", default=True,
          example="true"),
    Field("external_link_label", TEXT, "Read out after links to other hosts",
          "Wird nach Links auf andere Websites vorgelesen", example="{de: externer Link, en: external link}"),
    Field("max_file_mb", COUNT, "Larger source files are refused (MB)", "Größere Dateien werden abgelehnt (MB)",
          minimum=1, maximum=1024, default=DEFAULT_MAX_FILE_MB, example=str(DEFAULT_MAX_FILE_MB)),
    Field("max_recap_kb", COUNT, "The longest Markdown text of one recap or page (KB)",
          "Der längste Markdown-Text eines Rückblicks oder einer Seite (KB)", minimum=1, maximum=100 * 1024,
          default=DEFAULT_MAX_RECAP_KB, example=str(DEFAULT_MAX_RECAP_KB)),
    Field("max_recap_seconds", COUNT, "The most one recap may take to convert (seconds)",
          "Die längste Zeit, die ein Rückblick zum Umwandeln brauchen darf (Sekunden)", minimum=1,
          maximum=3600, default=DEFAULT_MAX_RECAP_SECONDS, example=str(DEFAULT_MAX_RECAP_SECONDS)),
))

# content/events/<id>/event.yaml ---------------------------------------------

VENUE = Record("event.venue", (
    Field("name", TEXT, "The place's name", "Der Name des Orts", required=True,
          example="Haus der Deutschen Wirtschaft", template='"…"'),
    Field("street", NAME, "Street and number", "Straße und Hausnummer", example="Breite Straße 29"),
    Field("postal_code", PLAIN, "Postal code, as written (01067 keeps its zero)",
          "Postleitzahl, wie geschrieben (01067 behält die Null)", example='"10178"'),
    Field("city", NAME, "City", "Ort", example="Berlin"),
    Field("country", COUNTRY, "Two-letter country code (DE, AT, NO …)", "Ländercode aus zwei Buchstaben (DE, AT, NO …)",
          example="DE"),
))

SERIES_REF = Record("event.series", (
    Field("id", PLAIN, "An id from content/series.yaml", "Eine Kennung aus content/series.yaml", required=True,
          ref="series", example="netzwerktreffen"),
    Field("part", COUNT, "Which part of the series this is", "Der wievielte Teil der Reihe", minimum=1,
          example="4"),
))

SPEAKER = Record("event.programme.speakers", (
    Field("person", PLAIN, "An id from content/people.yaml (instead of name)",
          "Eine Kennung aus content/people.yaml (statt name)", ref="people", example="martin-ebeling"),
    Field("name", NAME, "The person's name, when they are not in content/people.yaml (instead of person)",
          "Name der Person, wenn sie nicht in content/people.yaml steht (statt person)",
          example="Dr. Martin Ebeling"),
    Field("organization", ORGANIZATION, "An id from content/organizations.yaml, or the organization's name",
          "Eine Kennung aus content/organizations.yaml oder der Name der Organisation", ref="organizations",
          example="The School of Life Berlin"),
    Field("role", TEXT, "Their role in this session", "Die Rolle in diesem Programmpunkt",
          example="{de: Referent, en: Speaker}"),
), one_of=("name", "person"))

SESSION = Record("event.programme", (
    Field("kind", PLAIN, "A word shown above the title; welcome, keynote, talk, presentation, panel, discussion, "
          "workshop, breakout, networking, site-visit, break are shown in the page's language, any other word as "
          "written",
          "Ein Wort über dem Titel; welcome, keynote, talk, presentation, panel, discussion, workshop, breakout, "
          "networking, site-visit, break erscheinen in der Sprache der Seite, jedes andere Wort wie geschrieben",
          example="keynote"),
    Field("title", TEXT, "The session's title", "Titel des Programmpunkts", required=True,
          example="{de: Agility Mindset, en: Agility mindset}"),
    Field("summary", LONG_TEXT, "What it was about", "Worum es ging"),
    Field("speakers", LIST, "Who spoke or moderated", "Wer sprach oder moderierte", record=SPEAKER),
    Field("slides_url", URL, "Where the slides are published", "Wo die Folien veröffentlicht sind",
          example="https://example.org/folien.pdf"),
    Field("video_url", URL, "Where the recording is published", "Wo die Aufzeichnung veröffentlicht ist",
          example="https://example.org/video"),
))

OUTCOME = Record("event.outcomes", (
    Field("id", ID, "A name for it, unique in this event, so that later outcomes can follow it",
          "Ein Name dafür, eindeutig in dieser Veranstaltung, damit spätere Ergebnisse daran anknüpfen können",
          example="webinar-reihe"),
    Field("kind", CHOICE, "What came out of it", "Was dabei herauskam", required=True, choices=OUTCOME_KINDS,
          example="agreement", words=(("vereinbarung", "agreement"), ("projekt", "project"),
                                      ("nächstes treffen", "next-event"), ("termin", "next-event"),
                                      ("veröffentlichung", "publication"), ("kontakt", "contact"))),
    Field("status", CHOICE, "Where it stands (dropped: given up, not done); without it: planned while the date is "
          "ahead or missing, done once past",
          "Stand (dropped: aufgegeben, nicht erledigt); ohne Angabe: planned, solange das Datum noch kommt oder fehlt, "
          "done, wenn es vorbei ist",
          choices=OUTCOME_STATUSES, example="in-progress",
          words=(("geplant", "planned"), ("offen", "planned"), ("in arbeit", "in-progress"),
                 ("laufend", "in-progress"), ("erledigt", "done"), ("abgeschlossen", "done"), ("fertig", "done"),
                 ("abgesagt", "dropped"), ("verworfen", "dropped"), ("gestrichen", "dropped"),
                 ("eingestellt", "dropped"), ("entfällt", "dropped"), ("entfallen", "dropped"),
                 ("cancelled", "dropped"), ("canceled", "dropped"), ("abandoned", "dropped"))),
    Field("text", LONG_TEXT, "The outcome in a sentence", "Das Ergebnis in einem Satz", required=True,
          example="{de: Regionalpartnerschaften werden eingerichtet., en: Regional partnerships are set up.}"),
    Field("date", DATE, "When it is due, or was done", "Wann es fällig ist oder erledigt wurde",
          example="2024-03-01"),
    Field("link", LINK, "A web address, or event:<folder of another event>",
          "Eine Webadresse oder event:<Ordner einer anderen Veranstaltung>",
          example="event:2024-03-01-folgetreffen"),
    Field("follows", FOLLOWS, "The earlier outcome this one continues: <event folder>#<outcome id>",
          "Das frühere Ergebnis, an das dieses anknüpft: <Ordner der Veranstaltung>#<Kennung des Ergebnisses>",
          example="2023-12-06-plattform-wiederaufbau#webinar-reihe"),
))

QUOTE = Record("event.quotes", (
    Field("text", LONG_TEXT, "What was said", "Was gesagt wurde", required=True,
          example="{de: „Hier konnte man sich wirklich austauschen.“, en: \"Here people could really talk.\"}"),
    Field("by", TEXT, "Who said it", "Wer es sagte", example="{de: ein Teilnehmer, en: a participant}"),
))

IMAGE = Record("event.images", (
    Field("file", PLAIN, "A picture in this event's folder", "Ein Bild im Ordner der Veranstaltung",
          required=True, example="saal.jpg"),
    Field("alt", TEXT, "What the picture shows, for people who cannot see it",
          "Was das Bild zeigt, für Menschen, die es nicht sehen", required=True,
          example="{de: Blick in den vollen Saal, en: View of the full hall}"),
    Field("caption", LONG_TEXT, "Caption shown below the picture", "Bildunterschrift",
          example="{de: Der Saal, en: The hall}"),
    Field("credit", TEXT, "Who took it", "Wer es aufgenommen hat", example="Servicestelle"),
))

WEB_LINK = Record("event.links", (
    Field("url", URL, "The web address", "Die Webadresse", required=True, example="https://www.bmwk.de/"),
    Field("label", TEXT, "The link's text (default: the address)", "Der Text des Links (Vorgabe: die Adresse)",
          example="{de: Bundeswirtschaftsministerium, en: Federal Ministry for Economic Affairs}"),
))

CONTACT_FIELDS = Record("event.contact", (
    Field("name", NAME, "Who to ask", "Ansprechperson oder Stelle", example="Pressestelle"),
    Field("email", EMAIL, "E-mail address", "E-Mail-Adresse", example="presse@example.org"),
    Field("phone", PLAIN, "Phone number", "Telefonnummer", example="+49 30 123456"),
    Field("url", URL, "Web address", "Webadresse", example="https://example.org/"),
))

# The keys that keep an event from being published: a misspelling of one is an error, not a
# warning (the event would go out).
HOLDS_BACK = ("draft", "publish_after")
# Words an editor may write for them (German, or another tool's): as much an error as a misspelling.
HOLDS_BACK_WORDS = {"entwurf": "draft", "sperrfrist": "publish_after", "embargo": "publish_after",
                    "unpublished": "draft", "published": "draft", "veroeffentlicht": "draft"}

# German words an editor may write for a key (the keys are English words): said with the key meant
# (of several, the first that the place has).
GERMAN_KEYS: dict[str, str | tuple[str, ...]] = {
    "titel": "title", "zusammenfassung": "summary", "beschreibung": ("summary", "description"),
    "datum": "start", "beginn": "start", "anfang": "start", "ende": "end", "art": "kind", "typ": "kind",
    "ort": "venue", "veranstaltungsort": "venue", "adresse": "venue", "teilnehmer": "participants",
    "teilnehmende": "participants", "teilnehmerzahl": "participants", "veranstalter": "organizers",
    "organisatoren": "organizers", "partner": "partners", "themen": "topics", "thema": "topics",
    "regionen": "regions", "region": "regions", "reihe": "series", "programm": "programme",
    "ergebnisse": "outcomes", "zitate": "quotes", "bilder": "images", "fotos": "images",
    "kontakt": "contact", "sprecher": "speakers", "referenten": "speakers", "rolle": "role",
    "organisation": "organization", "bildunterschrift": "caption", "bildnachweis": "credit",
    "stand": "status", "folgt": "follows", "knuepft_an": "follows", "knüpft_an": "follows", "folgt_auf": "follows",
    "verweis": "link", "stadt": "city",
    "strasse": "street", "straße": "street", "plz": "postal_code", "postleitzahl": "postal_code", "land": "country",
}

# German keys that are English words (or an English spelling) too: not told as German.
ENGLISH_TOO = frozenset({"region", "partner", "organisation"})

# Keys editors bring from other tools that mean something this format keeps elsewhere, by the
# name of the record they are written in: what to write instead.
_SESSION_TIME = ("a session has no time of its own (the programme is shown in the order it is written); to show "
                 "one, begin its title with it: title: \"10:00 Begrüßung\"")
_RECAP_DATE = "the event's day is start: in event.yaml"
_RECAP_TAGS = "the topics are topics: in event.yaml (ids from content/topics.yaml)"
_RECAP_IMAGE = "pictures are listed under images: in event.yaml (files in the event's folder)"
_SITE_COLOURS = ("the colours are set in the site's assets/css/custom.css, which the pages load after the theme's "
                 "style sheet: :root { --accent: #c00000; } (README, \"The site folder\")")
_SITE_LOGO = ("a logo is a picture in the site's assets/ folder, shown by the site's own copy of the theme's "
              "layouts/base.html: <img src=\"{{ urls.asset('logo.png') }}\" alt=\"…\">")
_SITE_MENU = ("the menu lists the archive's lists and every page of content/pages (in the order of their folders' "
              "names); its only setting is people_pages: false, which leaves out the people")
_SITE_FOOTER = ("the footer's text is the UI string footer_note, in the site's layouts/i18n/<language>.yaml: "
                "footer_note: \"Ein Angebot der IHK\"")
_SITE_DATES = "dates are written as the language writes them; locales: sets it, e.g. locales: {en: en_GB}"
ELSEWHERE: dict[str, dict[str, str]] = {
    "site": {**dict.fromkeys(("colors", "colours", "color", "colour", "primary_color", "primary_colour",
                              "accent", "accent_color", "theme_color", "background", "farbe", "farben"), _SITE_COLOURS),
             **dict.fromkeys(("logo", "logo_url"), _SITE_LOGO),
             "favicon": "the icon is the site's assets/favicon.svg, which replaces the theme's",
             **dict.fromkeys(("menu", "nav", "navigation", "navbar"), _SITE_MENU),
             **dict.fromkeys(("footer", "footer_text", "copyright", "fusszeile", "fußzeile"), _SITE_FOOTER),
             **dict.fromkeys(("date_format", "dateformat", "datumsformat"), _SITE_DATES)},
    "event.programme": dict.fromkeys(("time", "start", "end", "zeit", "uhrzeit", "beginn", "ende", "von", "bis",
                                      "date", "datum"), _SESSION_TIME),
    "recap": {**dict.fromkeys(("date", "datum"), _RECAP_DATE),
              **dict.fromkeys(("tags", "categories", "keywords", "schlagworte", "kategorien"), _RECAP_TAGS),
              **dict.fromkeys(("image", "images", "cover", "thumbnail", "featured_image", "bild", "bilder"),
                              _RECAP_IMAGE)},
}

EVENT = Record("event", (
    Field("draft", FLAG, "true: not published (recap serve shows it); delete the line to publish",
          "true: nicht veröffentlicht (recap serve zeigt es); Zeile löschen zum Veröffentlichen",
          default=False, example="true"),
    Field("publish_after", WHEN, "Published only from this moment on (embargo)",
          "Erst ab diesem Zeitpunkt veröffentlicht (Sperrfrist)", example="2025-03-10T09:00"),
    Field("title", TEXT, "The event's name", "Der Name der Veranstaltung", required=True,
          example="{de: Netzwerktreffen Energie, en: Energy network meeting}"),
    Field("summary", LONG_TEXT, "One or two sentences for lists and search results",
          "Ein oder zwei Sätze für Listen und Suchergebnisse",
          example="{de: 46 Vertreter*innen tauschten sich in Berlin aus., en: 46 representatives met in Berlin.}"),
    Field("start", WHEN, "A day (2023-09-05), or a day and time (2023-09-05T10:00) in the site's time zone",
          "Ein Tag (2023-09-05) oder Tag und Uhrzeit (2023-09-05T10:00) in der Zeitzone der Website",
          required=True, example="2023-09-05"),
    Field("end", WHEN, "Like start; not before it; a time only when start has one",
          "Wie start; nicht davor; eine Uhrzeit nur, wenn start eine hat", example="2023-09-05"),
    Field("updated", DATE, "The day the recap last changed in a way readers should notice (shown on its page)",
          "Der Tag, an dem sich der Rückblick zuletzt spürbar geändert hat (steht auf seiner Seite)",
          example="2023-09-20"),
    Field("date_note", LONG_TEXT, "Shown next to the date, e.g. that it is an estimate",
          "Steht neben dem Datum, z. B. dass es geschätzt ist", example="{de: Datum geschätzt, en: date estimated}"),
    Field("kind", CHOICE, "What kind of event", "Art der Veranstaltung", required=True, choices=EVENT_KINDS,
          example="network-meeting", template="other",
          words=(("netzwerktreffen", "network-meeting"), ("konferenz", "conference"), ("tagung", "conference"),
                 ("exkursion", "site-visit"), ("besuch", "site-visit"), ("unternehmensbesuch", "site-visit"),
                 ("sonstiges", "other"), ("andere", "other"))),
    Field("format", CHOICE, "How it took place", "Wie sie stattfand", required=True, choices=FORMATS,
          example="in-person", words=(("präsenz", "in-person"), ("vor ort", "in-person"), ("digital", "online"),
                                      ("virtuell", "online"), ("hybrid", "hybrid"))),
    Field("venue", RECORD, "Where it took place", "Wo sie stattfand", record=VENUE,
          required_unless=("format", ("online",))),
    Field("online_url", URL, "The web address of an online or hybrid event",
          "Die Webadresse einer Online- oder hybriden Veranstaltung", example="https://example.org/stream"),
    Field("organizers", IDS, "Who organized it", "Wer sie ausrichtete", ref="organizations",
          example="[servicestelle-industrieinitiativen]"),
    Field("partners", IDS, "Partners", "Partner", ref="organizations", example="[bmwk]"),
    Field("topics", IDS, "What it was about", "Worum es ging", ref="topics", example="[fachkraefte]"),
    Field("regions", IDS, "Where it belongs", "Wohin sie gehört", ref="regions", example="[berlin]"),
    Field("series", RECORD, "The series it is part of", "Die Reihe, zu der sie gehört", record=SERIES_REF,
          example="{id: netzwerktreffen, part: 4}"),
    Field("participants", COUNT, "How many took part", "Wie viele teilnahmen", example="46"),
    Field("programme", LIST, "The programme: one entry per session", "Das Programm: ein Eintrag je Programmpunkt",
          record=SESSION),
    Field("outcomes", LIST, "What came out of it: agreements, projects, the next meeting",
          "Was dabei herauskam: Vereinbarungen, Projekte, das nächste Treffen", record=OUTCOME),
    Field("quotes", LIST, "Quotes from participants", "Zitate von Teilnehmenden", record=QUOTE),
    Field("images", LIST, "Pictures: put the files into this folder", "Bilder: die Dateien in diesen Ordner legen",
          record=IMAGE),
    Field("links", LIST, "Further links", "Weitere Links", record=WEB_LINK),
    Field("contact", CONTACT, "Who to ask: an e-mail address, a web address, or the fields below",
          "Ansprechperson: eine E-Mail-Adresse, eine Webadresse oder die Felder darunter", record=CONTACT_FIELDS,
          example="presse@example.org"),
))

# Front matter of <lang>.md ----------------------------------------------------

RECAP = Record("recap", (
    Field("title", NAME, "This language's title, instead of the one in event.yaml",
          "Titel in dieser Sprache, statt dem aus event.yaml"),
    Field("summary", NAME, "This language's summary, instead of the one in event.yaml",
          "Kurzfassung in dieser Sprache, statt der aus event.yaml"),
    Field("slug", SLUG, "The last part of the page's address (default: the folder name)",
          "Der letzte Teil der Adresse der Seite (Vorgabe: der Ordnername)"),
))

PAGE = Record("page", (
    Field("title", NAME, "The page's title", "Der Titel der Seite", required=True),
    Field("summary", NAME, "One sentence about the page: its description for search engines and link previews "
          "(without it, the site's description)", "Ein Satz über die Seite: ihre Beschreibung für Suchmaschinen und "
          "Linkvorschauen (ohne ihn die Beschreibung der Website)"),
    Field("slug", SLUG, "The last part of the page's address (default: the folder name)",
          "Der letzte Teil der Adresse der Seite (Vorgabe: der Ordnername)"),
))

# Registries ------------------------------------------------------------------

ORGANIZATION_FIELDS = Record("organizations", (
    Field("name", TEXT, "The organization's name", "Der Name der Organisation", required=True,
          example="{de: Bundesministerium für Wirtschaft und Klimaschutz, en: Federal Ministry for Economic Affairs "
          "and Climate Action}"),
    Field("url", URL, "Its website", "Ihre Website", example="https://www.bmwk.de/"),
))

PERSON_FIELDS = Record("people", (
    Field("name", NAME, "The person's name as it is shown", "Der Name der Person, wie er erscheint", required=True,
          example="Dr. Martin Ebeling"),
    Field("organization", ORGANIZATION, "An id from content/organizations.yaml, or the organization's name",
          "Eine Kennung aus content/organizations.yaml oder der Name der Organisation", ref="organizations",
          example="The School of Life Berlin"),
    Field("url", URL, "A page about them", "Eine Seite über die Person", example="https://example.org/team"),
    Field("role", TEXT, "A short line about them", "Eine kurze Zeile über die Person",
          example="{de: Trainer für agiles Arbeiten, en: Trainer in agile working}"),
))

SERIES_FIELDS = Record("series", (
    Field("title", TEXT, "The series' name", "Der Name der Reihe", required=True,
          example="{de: Netzwerktreffen, en: Network meetings}"),
    Field("description", LONG_TEXT, "What the series is", "Was die Reihe ist"),
))

DOCUMENTS = (
    Document("site", "content/site.yaml", "The site's settings", "Die Einstellungen der Website", record=SITE),
    Document("event", "content/events/<id>/event.yaml", "The facts of one event", "Die Fakten einer Veranstaltung",
             record=EVENT),
    Document("recap", "content/events/<id>/<lang>.md", "The front matter of a recap (between the --- lines)",
             "Der Kopf eines Rückblicks (zwischen den Zeilen ---)", record=RECAP),
    Document("page", "content/pages/<id>/<lang>.md", "The front matter of a plain page",
             "Der Kopf einer einfachen Seite", record=PAGE),
    Document("organizations", REGISTRY_FILES["organizations"], "Organizations: id -> name, or name and url",
             "Organisationen: Kennung -> Name, oder Name und url",
             entry=Field("organization", RECORD, "An organization", "Eine Organisation", record=ORGANIZATION_FIELDS,
                         required=True),
             short="name"),
    Document("topics", REGISTRY_FILES["topics"], "Topics: id -> label", "Themen: Kennung -> Bezeichnung",
             entry=Field("topic", TEXT, "The topic's label", "Die Bezeichnung des Themas", required=True)),
    Document("regions", REGISTRY_FILES["regions"], "Regions: id -> label", "Regionen: Kennung -> Bezeichnung",
             entry=Field("region", TEXT, "The region's label", "Die Bezeichnung der Region", required=True)),
    Document("series", REGISTRY_FILES["series"], "Series: id -> title, or title and description",
             "Reihen: Kennung -> Titel, oder Titel und Beschreibung",
             entry=Field("series", RECORD, "A series", "Eine Reihe", record=SERIES_FIELDS, required=True),
             short="title"),
    Document("people", REGISTRY_FILES["people"], "People: id -> name, or name, organization, url and role",
             "Personen: Kennung -> Name, oder Name, Organisation, url und Rolle",
             entry=Field("person", RECORD, "A person", "Eine Person", record=PERSON_FIELDS, required=True),
             short="name"),
)


def help_language(languages: tuple[str, ...]) -> str:
    """The language of help texts, templates' comments and `recap new`'s
    messages: the site's default language where we have one, else English."""
    return languages[0] if languages[0] in ("de", "en") else "en"


def document(name: str) -> Document:
    for doc in DOCUMENTS:
        if doc.name == name:
            return doc
    raise KeyError(name)


def records(record: Record) -> Iterator[tuple[str, Record]]:
    """``record`` and every record inside it, each with its dotted path."""
    yield record.name, record
    for field in record:
        if field.record is not None:
            yield from records(field.record)
