"""Typed reading of YAML mappings: our schema decides types, not YAML.

:class:`Fields` wraps one mapping from :mod:`recap_site.sourcefile` and
converts its values on request. Each problem goes to the :class:`Report`
with the file and line it stands on, and the getter returns None, so that
one run reports every problem of every file.
"""

from __future__ import annotations

import difflib
import functools
import html
import re
from datetime import date, datetime
from types import MappingProxyType
from typing import Callable, Iterable, Mapping as Map, Sequence as Seq
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from . import format as fmt
from .errors import Report
from .filetypes import publishable_ending
from .format import Field, Record
from .model import LocalizedText
from .paths import SLUG_PATTERN as ID_PATTERN, address_problem, invisible_in_address, slugify
from .sourcefile import Mapping, Scalar, Sequence

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?")
_URL = re.compile(r"^(https?://[^\s/$.?#][^\s]*|mailto:[^\s]+)$", re.IGNORECASE)
_TRUE = {"true", "yes", "on"}


def is_true(value: str) -> bool:
    """A flag's text that means true (YAML 1.1's words, in any case: ``tRuE`` too)."""
    return value.lower() in _TRUE
_FALSE = {"false", "no", "off"}


def did_you_mean(value: str, options: Iterable[str], name_of: Callable[[str], str | None] | None = None) -> str:
    """" (did you mean 'x'?)" for a slip of case or a near-miss, else "". ``name_of``: the name of
    the entry an option is the id of, said with it (" (did you mean 'bmwi', Bundesministerium …?)"):
    ids one letter apart may name two ministries, and only the name tells which one is meant."""
    def shown(option: str) -> str:
        name = name_of(option) if name_of is not None else None
        return f"'{option}', {name}" if name and name.casefold() != option.casefold() else f"'{option}'"

    options = list(options)
    for option in options:
        if option.lower() == value.lower() and option != value:
            return f" (did you mean {shown(option)}? Upper and lower case count)"
    lowered = {option.lower(): option for option in options}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.75)
    return f" (did you mean {shown(lowered[close[0]])}?)" if close else ""


_QUOTE_MARKS = "\"'„“”‚‘’«» "  # around a key pasted from a word processor: „kind“

@functools.cache
def _months() -> dict[str, int]:
    """Month names, wide and short, in German and English (Babel's CLDR data), in small letters,
    with and without the short form's dot and umlaut: "september", "sept", "märz", "maerz" -> number."""
    from babel.dates import get_month_names

    found: dict[str, int] = {}
    for locale in ("de", "en"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    name = name.lower().rstrip(".")
                    found.setdefault(name, number)
                    found.setdefault(name.replace("ä", "ae"), number)
                    found.setdefault(name[:3], number)
    return found


# A time of day: 10:00, 10.00 Uhr, or an hour with "Uhr" alone (14 Uhr).
_TIME = r"(?:,?\s*(?:um\s+|at\s+|T)?(\d{1,2})(?:[:.](\d{2})(?:[:.](\d{2}))?\s*(?:uhr|h)?|\s*(?:uhr|h))\.?)?"
# A day as editors write it, then a time perhaps: 05.09.2023 · 5.9.2023, 10:00 Uhr · 2023-9-5 ·
# 2023-09-05T9:00 · 5. September 2023 · September 5, 2023 (groups: day, month, year, hour, minute, second).
_DAY_WRITTEN = (
    (re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4}|\d{2})" + _TIME + "$", re.I), (0, 1, 2)),  # 27.8.20 too
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME + "$", re.I), (2, 1, 0)),
    (re.compile(r"^(\d{1,2})\.?\s+([a-zäé]+)\.?\s+(\d{4})" + _TIME + "$", re.I), (0, 1, 2)),
    (re.compile(r"^([a-zäé]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME + "$", re.I), (1, 0, 2)),
)


def date_hint(value: str, time: bool = True) -> str:
    """"; write it 2023-09-05" (or "2023-09-05T10:00", with ``time``) for a day written the German
    or English way, with its month's name, or without its zeros, perhaps with a time ("10:00 Uhr");
    else ""."""
    for pattern, (day, month, year) in _DAY_WRITTEN:
        found = pattern.match(value.strip())
        if found is None:
            continue
        parts = found.groups()
        month_number = int(parts[month]) if parts[month].isdigit() else _months().get(parts[month].lower())
        if month_number is None:
            return ""
        written_year = int(parts[year])
        if len(parts[year]) == 2:  # "27.8.20": this century's, unless that is years ahead
            written_year += 2000 if 2000 + written_year <= date.today().year + 5 else 1900
        try:
            day_written = date(written_year, month_number, int(parts[day]))
        except ValueError:  # 31.02.2023: no such day to suggest
            return ""
        hour, minute, second = parts[3:6]
        if hour is None or not time:
            return f"; write it {day_written.isoformat()}"
        minute = minute or "00"
        if int(hour) > 23 or int(minute) > 59 or int(second or 0) > 59:
            return ""
        return f"; write it {day_written.isoformat()}T{int(hour):02d}:{minute}" + (f":{second}" if second else "")
    return ""


def _no_moment(value: str) -> str:
    """Why a date and time written 2023-09-05T10:00-like is none, in words (not Python's)."""
    hint = date_hint(value)
    if hint:  # words after the time ("Uhr"), or an hour without its zero
        return f"'{value}' is not a date and time as it must be written{hint}"
    found = re.match(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})", value)
    if found and int(found.group(4)) == 24 and found.group(5) == "00":
        return f"'{value}': a day's times run from 00:00 to 23:59; for midnight at its end, write 23:59"
    if found:
        try:
            date(*map(int, found.group(1, 2, 3)))
        except ValueError:
            return f"'{value}': there is no such day; check the day and the month"
        if int(found.group(4)) > 23 or int(found.group(5)) > 59:
            return f"'{value}': there is no such time of day; times run from 00:00 to 23:59"
    return (f"'{value}' is not a date and time as it must be written: the day, a T, the time, as in "
            "2023-09-05T10:00 (or with the time zone's offset, 2023-09-05T10:00+02:00)")


def _left_at(field: Field | None, mapping: Mapping) -> str:
    """What a field not given is taken as, when a slip in its key leaves it at that (an outcome's
    status: planned)."""
    if field is None or field.key in mapping:
        return ""
    if "without it: " in field.help("en"):  # the declaration says what a field not given is taken as
        return f", so {field.key} is as if not given: {field.help('en').split('without it: ', 1)[1].rstrip('.')}"
    return ""


_ADDRESS_IN_TEXT = re.compile(r"(?:https?://|www\.)\S+")


def _item_example(item: object, allowed: tuple[str, ...]) -> str:
    """How a list item written as a text alone ("- Natalie Wenzel") is written with its field."""
    if not isinstance(item, Scalar) or not str(item).strip():
        return ""
    text = str(item).strip()
    address = _ADDRESS_IN_TEXT.search(text)
    if address and address.start() > 0 and "url" in allowed and "label" in allowed:  # "Programm: https://…"
        label = text[:address.start()].strip().rstrip(":–-").strip().replace("'", "''")
        return (f"; write its address and its text as fields: - {{url: '{address.group()}', label: '{label}'}}"
                if label else "")
    looks_like = ("url",) if text.startswith(("http://", "https://", "www.")) else ("name", "text", "title", "label")
    key = next((key for key in looks_like if key in allowed), None)
    shown = "https://" + text if text.startswith("www.") else text  # an address is written with it
    shown = shown if key == "url" and len(shown) <= 80 else _shortened(shown)  # an address cut short is none
    return f"; write it with its field's name: - {key}: {shown}" if key else ""


def _country_code(name: str, languages: Seq[str]) -> str | None:
    """The code of the country called ``name`` in one of ``languages`` (Deutschland -> DE), by
    CLDR's names (Babel, imported only for this mistake)."""
    from babel import Locale, UnknownLocaleError

    wanted = name.strip().casefold()
    for lang in dict.fromkeys((*languages, "en", "de")):
        try:
            territories = Locale.parse(lang).territories
        except (ValueError, UnknownLocaleError):
            continue
        found = next((code for code, shown in territories.items()
                      if len(code) == 2 and code.isalpha() and shown.casefold() == wanted), None)
        if found:
            return found
    return None


def type_name(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, Mapping):
        return "fields (key: value lines)"
    if isinstance(value, Sequence):
        return "a list"
    return f"'{value}'"


FIRST_YEAR, LAST_YEAR = 1900, 2999

# C0 and C1 control characters, but for tab and line feed; they show as nothing
# or as boxes, and XML (feeds, sitemaps) cannot carry most of them at all.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# Markdown in a text of the facts, which is shown as plain text: bold, a link, a list item.
# (*italics*: not the star of Teilnehmer*innen, which stands between letters)
# HTML pasted from a CMS into a text of the facts, which is shown as written: the tags of text
# (not "<Name>", which may be meant) and character references (&nbsp;, &amp;, &#8211;).
_HTML_TAG = re.compile(r"(?i)</?(?:p|br|strong|b|em|i|u|s|span|div|font|a|ul|ol|li|h[1-6]|sup|sub|small|center|img)"
                       r"(?:\s[^<>]*)?/?>")
_HTML_REFERENCE = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_REFERENCE_SHOWN = {"\u00a0": "a space", "\u00ad": "nothing"}
_MARKUP = re.compile(r"(?m)\*\*[^*\n]+\*\*|(?<![\w*])\*[^*\s][^*\n]*\*(?![\w*])|\[[^\]\n]+\]\([^)\s]+\)|^[-*] \S")


def email_address(text: str) -> str:
    """An e-mail address as written, without a mailto: (any case) before it: the page's link adds its own."""
    return text[len("mailto:"):] if text.lower().startswith("mailto:") else text


def _shortened(value: str) -> str:
    return value if len(value) <= 20 else value[:20] + f"… ({len(value)} characters)"


def character_problem(text: str, multiline: bool) -> str | None:
    """Why ``text`` may not be used as written, or None."""
    found = CONTROL_CHARACTER.search(text)
    if found:
        return (f"contains an invisible control character (U+{ord(found.group()):04X}) at character "
                f"{found.start() + 1}; delete it (it often comes with text pasted from a PDF or Word)")
    if not multiline and "\n" in text:
        return "must be on one line; remove the line break"
    return None


def _holds_back(key: str) -> bool:
    """``key`` is, or is meant as, one of the keys that hold an event back (see format.HOLDS_BACK)."""
    key = key.lower()
    return key in fmt.HOLDS_BACK or key in fmt.HOLDS_BACK_WORDS or \
        bool(difflib.get_close_matches(key, fmt.HOLDS_BACK, n=1, cutoff=0.85))  # publish_afer, not date



# A text that stands in for one not written yet, as a whole ("TODO", "Übersetzung folgt"), and a
# note to oneself at the start of a line ("TODO: Zahlen ergänzen"): both would be published.
STAND_INS = frozenset({"todo", "tbd", "tba", "fixme", "xxx", "folgt", "text folgt", "übersetzung folgt",
                       "translation follows", "translation to follow", "coming soon", "platzhalter", "placeholder",
                       "in arbeit", "kommt noch", "english version coming soon", "english version follows",
                       "englische version folgt", "deutsche version folgt", "german version follows"})
NOTE_TO_SELF = re.compile(r"^[ ]{0,3}(?:[-*>]\s*)?\**(TODO|FIXME|TBD)\b")  # (four spaces or a tab: code)


# Words: a text this long, the same in two languages, was copied, not translated (a name is shorter).
_SENTENCE = 6


def is_stand_in(text: str) -> bool:
    """Whether ``text`` as a whole stands in for one not written yet ("TODO", "Lorem ipsum …")."""
    words = text.split(None, 12)  # a stand-in is a few words (and marks): a long text is not joined whole
    whole = " ".join(words[:12]).strip(" .!…:*_#()").casefold()
    return (len(words) <= 12 and whole in STAND_INS) or whole.startswith("lorem ipsum")


def cut_short(name: str, value: Scalar) -> str:
    """What to tell of a plain text that YAML ended at " #" (``value.cut``: the rest)."""
    return (f"{name}: the text after '#' ({value.cut}) was read as a comment and left out; put the "
            f'whole text in quotes: "{value.strip()} {value.cut}"')

class Fields:
    """One YAML mapping, read field by field against the schema."""

    def __init__(
        self,
        mapping: Mapping,
        rel: str,
        report: Report,
        languages: Seq[str],
        allowed: Iterable[str] | Record,
        prefix: str = "",
    ) -> None:
        self.mapping = mapping
        self.rel = rel
        self.report = report
        self.languages = tuple(languages)
        self.prefix = prefix
        self.given: Map[str, frozenset[str]] = {}  # key -> languages its text is given in elsewhere (a recap's head)
        record = allowed if isinstance(allowed, Record) else None
        self.record = record
        allowed = allowed.keys() if isinstance(allowed, Record) else tuple(allowed)
        for key in mapping:
            if "\u00a0" in key:
                report.warning(rel, mapping.key_lines[key], (
                    f"the key '{prefix}{key.strip()}' has a non-breaking space (often pasted from Word or a "
                    "web page) in or before it, so it is not read: type the spaces on this line again"))
            elif key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                meant = close[0] if close and close[0] in fmt.HOLDS_BACK else fmt.HOLDS_BACK_WORDS.get(key.lower())
                if meant is not None and meant in allowed:  # a slip here would publish what is not ready
                    report.error(rel, mapping.key_lines[key], (
                        f"unknown key '{prefix}{key}' (did you mean '{meant}'?): as written it does not "
                        f"hold the event back, and the event would be published now; write '{meant}'"))
                    continue
                if rel.endswith(".md") and _holds_back(key):  # a recap's or page's front matter
                    report.error(rel, mapping.key_lines[key], (
                        f"'{key}' in the front matter of a page cannot hold it back, and the page would be "
                        "published now; to hold it back, move its folder out of content/pages until it is ready"
                        if rel.startswith("content/pages/") else
                        f"'{key}' in the front matter of a recap does not hold it back, and this text would be "
                        "published now: draft: and publish_after: go in event.yaml and hold back the whole "
                        "event; to hold back only this translation, move this file out of the event's folder "
                        "until it is ready"))
                    continue
                word = key.strip().lower()
                meant = fmt.GERMAN_KEYS.get(word, ())
                german = next((word for word in ((meant,) if isinstance(meant, str) else meant) if word in allowed),
                              None)
                elsewhere = fmt.ELSEWHERE.get(record.name, {}).get(word) if record else None
                hint = (f": {elsewhere}; what it holds here is not used" if elsewhere else
                        f" (did you mean '{german}'?): what it holds is not used"
                        if german in allowed and word in fmt.ENGLISH_TOO else
                        f": the keys are English words, so what it holds is not shown; did you mean '{german}'?"
                        if german in allowed else f" (did you mean '{close[0]}'?): what it holds is not used"
                        + _left_at(record[close[0]] if record is not None else None, mapping) if close
                        else f" (known: {', '.join(allowed)})")
                report.warning(rel, mapping.key_lines[key], f"unknown key '{prefix}{key}'{hint}")

    def _other_list(self, key: str, item: Mapping, allowed: tuple[str, ...]) -> str | None:
        """The one other list of this record whose entries have every field ``item`` has, when
        ``item`` has none of the fields of ``key``'s entries: an outcome written below images:."""
        if self.record is None or not item or any(written in allowed for written in item):
            return None
        fits = [field.key for field in self.record.fields if field.type == fmt.LIST and field.key != key
                and field.record is not None and all(written in field.record.keys() for written in item)]
        return fits[0] if len(fits) == 1 else None

    @property
    def default_lang(self) -> str:
        return self.languages[0]

    def line(self, key: str | None = None) -> int:
        if key is not None and key in self.mapping.key_lines:
            return self.mapping.key_lines[key]
        return self.mapping.line

    def error(self, key: str, message: str) -> None:
        self.report.error(self.rel, self.line(key), f"{self.prefix}{key}: {message}")

    def warning(self, key: str, message: str) -> None:
        self.report.warning(self.rel, self.line(key), f"{self.prefix}{key}: {message}")

    def _get(self, key: str, required: bool) -> object:
        value = self.mapping.get(key)
        if value is None and required:
            if key in self.mapping:
                self.report.error(self.rel, self.line(key), f"{self.prefix}{key}: required field is missing")
                return value
            near = [written for written in self.mapping
                    if written.strip(_QUOTE_MARKS) == key or did_you_mean(written.strip(_QUOTE_MARKS), [key])]
            if near:  # the key is there, misspelt: say so where it stands
                self.report.error(self.rel, self.mapping.key_lines[near[0]],
                                  f"{self.prefix}{key}: required field is missing; '{near[0]}' on this line "
                                  f"is not read as '{key}'")
            else:
                self.report.error(self.rel, self.mapping.line, f"{self.prefix}{key}: required field is missing")
        return value

    def _scalar(self, key: str, value: object, what: str) -> Scalar | None:
        if not isinstance(value, Scalar):
            # {de: Pressestelle, en: Press office} where one text serves every language
            by_language = isinstance(value, Mapping) and value and all(str(k) in self.languages for k in value)
            self.error(key, f"expected {what}, got {type_name(value)}" + (
                f": {self.prefix}{key} is the same in every language, so it is written once, without de: and en:"
                if by_language else ""))
            return None
        return value

    def _placeholder(self, name: str, value: str, line: int, lang: str | None = None, text: bool = True) -> None:
        """The template's "…" left in place, or (``text``: in a text, not an id or a choice) a
        stand-in ("TODO: übersetzen"): it would be published as it is. ``lang``: the language it is
        given for, when it is one of several."""
        if value.strip() in ("…", "..."):
            self.report.warning(self.rel, line, f"{name}: '{value.strip()}' is the template's placeholder, which "
                                "would be shown as it is; write the real text, or delete the line")
        elif text and (is_stand_in(value) or NOTE_TO_SELF.match(value)):
            fallback = (f" (the {self.default_lang} text is then shown, marked as {self.default_lang})"
                        if lang is not None and lang != self.default_lang else "")
            self.report.warning(self.rel, line, (
                f"{name}: '{value.strip()[:40]}' looks like a placeholder or a note to yourself, and would be "
                f"published as it is: write the text, or delete it{fallback}"))

    def _html(self, name: str, value: str, line: int) -> None:
        """HTML copied from a CMS page: the texts of the facts are plain text, shown as written."""
        tag = _HTML_TAG.search(value)
        if tag:
            self.report.warning(self.rel, line, (
                f"{name}: HTML is not read in this field, so '{tag.group()}' would be shown as written; write "
                "plain text here (links and formatting belong in the recap)"))
        for found in _HTML_REFERENCE.finditer(value):
            character = html.unescape(found.group())
            if character != found.group():
                shown = _REFERENCE_SHOWN.get(character, f"'{character}'")
                self.report.warning(self.rel, line, (
                    f"{name}: '{found.group()}' would be shown as written, not as the character it stands for "
                    f"in HTML; write the character itself ({shown})"))
                break

    def _cut(self, name: str, value: Scalar) -> None:
        """YAML ends a plain text at " #": say so, rather than lose the rest."""
        if value.cut:
            self.report.warning(self.rel, value.line, cut_short(name, value))

    # Scalars ---------------------------------------------------------------
    def string(self, key: str, required: bool = False, words: bool = False) -> str | None:
        """A plain value on one line (an id, an address, a date, a number …).
        ``words``: a name or a street, where YAML's " #" comment would cut it short."""
        value = self._get(key, required)
        if value is None:
            return None
        value = self._scalar(key, value, "a text")
        if words and value is not None:
            self._cut(f"{self.prefix}{key}", value)
        if value is not None and not value.strip():
            if required:
                self.error(key, "must not be empty")
            return None
        if value is not None:
            self._placeholder(f"{self.prefix}{key}", value, value.line, text=words)
            problem = character_problem(value.strip(), multiline=False)
            if problem:
                self.error(key, problem)
                return None
            if words:  # a title or a summary in a recap's head: shown as plain text
                self._plain(f"{self.prefix}{key}", str(value).strip(), value.line)
        return str(value).strip() if value is not None else None

    def invisible(self, key: str, value: str) -> bool:
        """Whether ``value``, an address, holds an invisible character (reported)."""
        problem = invisible_in_address(value)
        if problem is not None:
            self.error(key, problem)
        return problem is not None

    def url(self, key: str, required: bool = False) -> str | None:
        value = self.string(key, required)
        if value is not None and self.invisible(key, value):
            return None
        if value is not None and re.match(r"https?://", value, re.IGNORECASE) and re.search(r"\s", value):
            self.error(key, f"'{value}' has a space in it, which a web address cannot have; write it as %20, "
                            "or leave it out")
            return None
        if value is not None and not _URL.match(value):
            hint = f"; write https://{value}" if value.lower().startswith("www.") else ""
            if value.lower().startswith("event:"):
                hint = f"; a link to another event goes into the recap's text: [its title]({value})"
            elif "/" not in value and publishable_ending(value) and not hint:
                hint = f"; a file of the event's folder is linked from the recap's text: [Text]({value})"
            elif re.fullmatch(r"[\w-]+(\.[\w-]+)+(/\S*)?", value) and not hint:
                hint = f"; write https://{value}"
            self.error(key, f"'{value}' is not a web address (it must start with https:// or http://){hint}")
            return None
        if value is not None:
            try:
                urlsplit(value).port  # a bad host ("https://[x") or port fails here, not in a layout
            except ValueError as exc:
                self.error(key, f"'{value}' is not a valid web address: {address_problem(value, exc)}")
                return None
        return value

    def choice(self, key: str, options: Seq[str], required: bool = False,
               words: Map[str, str] | None = None) -> str | None:
        """``words``: what an editor may write instead, in German or English ("Präsenz": in-person)."""
        value = self.string(key, required)
        if value is not None and value not in options:
            meant = (words or {}).get(value.strip().lower())
            hint = f" (did you mean '{meant}'?)" if meant else did_you_mean(value, options)
            self.error(key, f"'{value}' is not one of: {', '.join(options)}{hint}")
            return None
        return value

    def integer(self, key: str, minimum: int = 0, maximum: int = 1_000_000) -> int | None:
        written = self.mapping.get(key)
        if written is not None and not isinstance(written, Scalar):  # "participants:" with the names below
            self.error(key, f"expected a whole number of at least {minimum}, got {type_name(written)}; write "
                       "the number alone" + (" (names and other details go in the recap)"
                                             if self.rel.endswith("event.yaml") else ""))
            return None
        value = self.string(key)
        if value is None:
            return None
        if not re.fullmatch(r"\d+", value):
            hint, digits = "", "".join(char for char in value if char.isdigit())
            if re.fullmatch(r"\d{1,3}(?:[.,' \u202f]\d{3})+", value):
                hint = f"; write it without separators: {digits}"
            elif re.match(r"(?i)(ca\.?|circa|etwa|rund|über|mehr als|about|around|over|more than|approx\.?|~|>)\s*\d", value) \
                    or re.fullmatch(r"(?i)\d+\s*(\+|und mehr|or more|plus)", value):  # "120+"
                hint = (f"; write the number alone ({digits}): that it is an estimate can "
                        "be said in the recap")
            self.error(key, f"expected a whole number of at least {minimum}, got '{_shortened(value)}'{hint}")
            return None
        # The digits are counted before int() reads them: a number thousands of digits long is no count.
        if len(value.lstrip("0")) > len(str(maximum)) or not minimum <= int(value) <= maximum:
            self.error(key, f"expected a whole number from {minimum} to {maximum}, got '{_shortened(value)}'")
            return None
        return int(value)

    def boolean(self, key: str) -> bool:
        value = self.string(key)
        if value is None:
            return False
        if is_true(value):
            return True
        if value.lower() not in _FALSE:
            self.error(key, f"expected true or false, got '{value}'")
        return False

    def day(self, key: str, required: bool = False) -> date | None:
        value = self.string(key, required)
        if value is None:
            return None
        if _DATE.match(value):
            try:
                day = date.fromisoformat(value)
            except ValueError as exc:
                self.error(key, f"'{value}' is not a valid date ({exc})")
                return None
            return day if self._in_range(key, value, day.year) else None
        self.error(key, f"expected a date written YYYY-MM-DD, got '{value}'{date_hint(value, time=False)}")
        return None

    def _in_range(self, key: str, value: str, year: int) -> bool:
        """Years the calendars, feeds and date formats can all carry, time zones included."""
        if FIRST_YEAR <= year <= LAST_YEAR:
            return True
        self.error(key, f"'{value}' is outside the years {FIRST_YEAR} to {LAST_YEAR}; check the year")
        return False

    def when(self, key: str, tz: ZoneInfo, required: bool = False) -> date | datetime | None:
        """A date, or a datetime; one without an offset is read in the site's time zone."""
        value = self.string(key, required)
        if value is None:
            return None
        if _DATE.match(value):
            return self.day(key)
        if _DATETIME.match(value):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                self.error(key, _no_moment(value))
                return None
            if not self._in_range(key, value, moment.year):
                return None
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=tz)
            elif key in ("start", "end") and moment.astimezone(tz).date() != moment.date():
                # The pages show the site's time zone (model.local_day): the day written is not the day shown.
                here = moment.astimezone(tz)
                self.warning(key, (
                    f"'{value}' is {here.date().isoformat()} {here:%H:%M} in the site's time zone {tz.key}, and the "
                    "pages, feeds and calendars show it on that day; write the time as it is in "
                    f"{tz.key} (without the offset) if that is not meant"))
            return moment
        self.error(
            key, f"expected a date such as 2023-09-05, or a date and time such as 2023-09-05T10:00, "
            f"got '{value}'{date_hint(value)}"
        )
        return None

    # Texts ---------------------------------------------------------------
    def _plain(self, name: str, text: str, line: int) -> None:
        """A text of the facts is shown as one paragraph of plain text: line breaks kept with | (or
        an empty line) and Markdown in it would not show as the editor meant them."""
        markup = _MARKUP.search(text)
        if markup:
            self.report.warning(self.rel, line, (
                f"{name}: Markdown is not read in this field, so '{markup.group()}' would be shown as "
                "written; write plain text here (links and formatting belong in the recap)"))
        if "\n" in text:
            self.report.warning(self.rel, line, (
                f"{name}: the line breaks in this text are not shown: it is shown as one paragraph; "
                "write it as one (text with paragraphs or lists belongs in the recap)"))

    def text(self, key: str, required: bool = False, multiline: bool = False) -> LocalizedText | None:
        """A plain string (every language) or a mapping from language to string.

        ``multiline``: the text may have line breaks (a summary, a quote);
        a title or a name must be on one line."""
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, Scalar):
            self._cut(f"{self.prefix}{key}", value)
            if not value.strip():
                if required:
                    self.error(key, "must not be empty")
                return None
            text = str(value).strip()
            self._placeholder(f"{self.prefix}{key}", text, value.line)
            self._html(f"{self.prefix}{key}", text, value.line)
            if multiline:
                self._plain(f"{self.prefix}{key}", text, value.line)
            problem = character_problem(text, multiline)
            if problem:
                self.error(key, problem)
                return None
            return LocalizedText(MappingProxyType({lang: text for lang in self.languages}), self.default_lang)
        if not isinstance(value, Mapping):
            self.error(key, f"expected a text, or one text per language ({self.default_lang}: …), got {type_name(value)}")
            return None
        texts = {}
        for lang, item in value.items():
            if lang not in self.languages and self.record is not None and lang in self.record.keys():
                # a field of the record written one indentation too deep: "follows:" under "text:"
                self.report.warning(self.rel, value.key_lines[lang], (
                    f"{self.prefix}{key}: '{lang}:' is indented under {key}:, so it is read as a language of the "
                    f"text, and what it holds is lost; move it left, to the level of {key}:"))
                continue
            if lang not in self.languages:
                self.report.warning(
                    self.rel, value.key_lines[lang],
                    f"{self.prefix}{key}: '{lang}' is not a site language ({', '.join(self.languages)}), so "
                    f"this text is not shown{did_you_mean(lang, self.languages)}",
                )
                continue
            if isinstance(item, Scalar):
                self._cut(f"{self.prefix}{key}.{lang}", item)
            if not isinstance(item, Scalar) or not item.strip():
                self.report.error(self.rel, value.key_lines[lang],
                                  f"{self.prefix}{key}.{lang}: expected a text, got {type_name(item)}")
                continue
            self._placeholder(f"{self.prefix}{key}.{lang}", str(item), value.key_lines[lang], lang)
            self._html(f"{self.prefix}{key}.{lang}", str(item), value.key_lines[lang])
            if multiline:
                self._plain(f"{self.prefix}{key}.{lang}", str(item).strip(), value.key_lines[lang])
            problem = character_problem(str(item).strip(), multiline)
            if problem:
                self.report.error(self.rel, value.key_lines[lang], f"{self.prefix}{key}.{lang}: {problem}")
                return None  # reported: not also "needs a text"
            texts[lang] = str(item).strip()
        # A sentence copied, not translated (a name, one line, may be the same): shown unmarked in another language.
        first: dict[str, str] = {}  # a text -> the first language (in the site's order) that gives it
        for lang in sorted(texts, key=self.languages.index) if multiline else ():
            same = first.setdefault(texts[lang], lang)
            if same != lang and len(texts[lang].split()) >= _SENTENCE:
                self.report.warning(self.rel, value.key_lines[lang], (
                    f"{self.prefix}{key}.{lang}: the same text as {self.prefix}{key}.{same}, so the {lang} pages show "
                    f"it in {same} without saying so; translate it, or delete the line (the {same} text is then "
                    f"shown, marked as {same})"))
        if not texts:
            if required:
                self.error(key, "needs a text in at least one language")
            return None
        for lang in self.languages:
            if lang not in texts and lang not in self.given.get(key, ()):
                fallback = self.default_lang if self.default_lang in texts else next(iter(texts))
                self.report.note(self.rel, self.line(key),
                                 f"{self.prefix}{key}: no '{lang}' text; '{fallback}' is shown")
        return LocalizedText(MappingProxyType(texts), self.default_lang)

    # Structure -------------------------------------------------------------
    def ids(self, key: str) -> list[tuple[str, int]]:
        """A list of ids (a single id is accepted too), with their lines."""
        value = self.mapping.get(key)
        if value is None:
            return []
        if isinstance(value, Scalar):  # one id, or nothing after the key
            return [(str(value).strip(), value.line)] if value.strip() else []
        if not isinstance(value, Sequence):
            self.error(key, f"expected a list of ids, got {type_name(value)}")
            return []
        result = []
        for item, line in zip(value, value.item_lines):
            if not isinstance(item, Scalar):
                self.report.error(self.rel, line, f"{self.prefix}{key}: expected an id, got {type_name(item)}")
            else:
                result.append((str(item).strip(), line))
        return result

    def sub(self, key: str, allowed: Iterable[str] | Record, required: bool = False) -> "Fields | None":
        if isinstance(allowed, Record):
            allowed = allowed.keys()
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            several = ""
            if isinstance(value, Sequence):
                several = f": there is one {key}: here, not a list of them" + (
                    " (an event is part of one series)" if key == "series" else "")
            self.error(key, f"expected the fields {', '.join(allowed)} on indented lines below it "
                       f"(for example '  {next(iter(allowed))}: …'), got {type_name(value)}{several}")
            return None
        return Fields(value, self.rel, self.report, self.languages, allowed, f"{self.prefix}{key}.")

    def items(self, key: str, allowed: Iterable[str] | Record) -> list["Fields"]:
        """A list of mappings, each read with ``allowed`` keys."""
        record = allowed if isinstance(allowed, Record) else None
        if isinstance(allowed, Record):
            allowed = allowed.keys()
        value = self.mapping.get(key)
        if value is None:
            return []
        if not isinstance(value, Sequence):
            self.error(key, f"expected a list, got {type_name(value)}")
            return []
        allowed = tuple(allowed)
        result = []
        for index, (item, line) in enumerate(zip(value, value.item_lines), start=1):
            if not isinstance(item, Mapping):
                self.report.error(self.rel, line, f"{self.prefix}{key}[{index}]: expected the fields "
                                  f"{', '.join(allowed)}, got {type_name(item)}{_item_example(item, allowed)}")
                continue
            other = self._other_list(key, item, allowed)
            if other is not None:
                there = (f"move it under the {other}: on line {self.line(other)}" if other in self.mapping
                         else f"put a line {other}: above it")
                self.report.error(self.rel, line, (
                    f"{self.prefix}{key}[{index}]: this entry has the fields of one of {other}: "
                    f"({', '.join(map(str, item))}), but it is in the list under {key}: on line {self.line(key)} (an "
                    f"entry added at the end of the file joins the list above it); {there}"))
                continue
            result.append(Fields(item, self.rel, self.report, self.languages, record or allowed,
                                 f"{self.prefix}{key}[{index}]."))
        return result

    # The declaration ----------------------------------------------------------
    def value(self, field: Field, timezone: ZoneInfo | None = None) -> object:
        """One field of a simple type (see :data:`SIMPLE`), read as the
        declaration says: required or not, its choices, its limits, its
        default. ``timezone``: the site's, for a :data:`format.WHEN`."""
        key, required, kind = field.key, field.required, field.type
        if kind == fmt.TEXT:
            return self.text(key, required)
        if kind == fmt.LONG_TEXT:
            return self.text(key, required, multiline=True)
        if kind == fmt.PLAIN:
            return self.string(key, required)
        if kind == fmt.NAME:
            return self.string(key, required, words=True)
        if kind == fmt.URL:
            return self.url(key, required)
        if kind == fmt.DATE:
            return self.day(key, required)
        if kind == fmt.WHEN:
            if timezone is None:
                raise ValueError(f"{field.key}: a date and time is read in the site's time zone; pass it")
            return self.when(key, timezone, required)
        if kind == fmt.CHOICE:
            return self.choice(key, field.choices, required, dict(field.words))
        if kind == fmt.COUNT:
            count = self.integer(key, field.minimum, field.maximum)
            return field.default if count is None else count
        if kind == fmt.FLAG:  # nothing written, or nothing after the key: its default
            written = self.mapping.get(key)
            blank = written is None or (isinstance(written, Scalar) and not written.strip())
            return bool(field.default) if blank else self.boolean(key)
        if kind == fmt.EMAIL:
            email = self.string(key, required)
            if email is not None and self.invisible(key, email):
                return None
            if email is not None:
                email = email_address(email)
            if email is not None and ("@" not in email or " " in email):
                self.error(key, f"'{email}' is not an e-mail address")
                return None
            return email
        if kind == fmt.COUNTRY:
            country = self.string(key, required)
            if country is not None and (len(country) != 2 or not country.isalpha()):
                meant = _country_code(country, self.languages)
                self.error(key, f"expected a two-letter country code such as DE, got '{country}'"
                           + (f" (did you mean {meant}?)" if meant else ""))
                return None
            return country.upper() if country else None
        if kind == fmt.ID:
            written = self.string(key, required)
            problem = written is not None and id_problem(written)
            if problem:
                self.error(key, f"'{written}' {problem}")
                return None
            return written
        if kind == fmt.FOLLOWS:
            written = self.string(key, required)
            if written is None:
                return None
            event_id, hash_sign, outcome_id = written.partition("#")
            numbered = re.fullmatch(r"\s*([^#@\s]+)@(\d+)\s*", written)
            if numbered:  # the open data's key of an outcome without an id: <event>@<its number>
                self.error(key, f"'{written}' names an outcome by its number, as the open data does; follows: names "
                           f"it by its id: give outcome {numbered.group(2)} of that event an id (id: …, a word of "
                           f"your choice) and write {numbered.group(1)}#<that id>")
                return None
            if not hash_sign or not event_id.strip() or not outcome_id.strip():
                self.error(key, f"'{written}' names no outcome: write the folder of the earlier event, # and "
                           "the id of its outcome: <folder>#<id>, as 2023-12-06-plattform#webinare")
                return None
            return event_id.strip(), outcome_id.strip()
        raise ValueError(f"{field.key}: a {kind} field is read by its loader, not by Fields.value")

    def read(self, record: Record, timezone: ZoneInfo | None = None,
             skip: tuple[str, ...] = ()) -> dict[str, object]:
        """Every field of ``record`` of a simple type, by key, but for those
        in ``skip``. The others (lists, groups, references) are read by the
        loader that knows them."""
        mapping = self.mapping
        if record.one_of and not any(key in mapping for key in record.one_of):
            self.report.error(self.rel, self.line(), f"{self.prefix.rstrip('.')}: needs "
                              f"{' or '.join(record.one_of)}")
        return {field.key: self.value(field, timezone) if field.key in mapping or field.required
                else bool(field.default) if field.type == fmt.FLAG else field.default  # as value() gives it
                for field in record if field.type in SIMPLE and field.key not in skip}


# The field types Fields.value reads by itself.
SIMPLE = frozenset((fmt.TEXT, fmt.LONG_TEXT, fmt.PLAIN, fmt.NAME, fmt.URL, fmt.DATE, fmt.WHEN, fmt.CHOICE,
                    fmt.COUNT, fmt.FLAG, fmt.EMAIL, fmt.COUNTRY, fmt.ID, fmt.FOLLOWS))


def id_problem(written: str) -> str | None:
    """Why ``written`` is no id (a-z, 0-9 and -, as written: an id is not made out of words), or None."""
    if ID_PATTERN.match(written):
        return None
    suggestion = slugify(written)
    hint = f"; write '{suggestion}'" if suggestion else ""
    return f"is not an id: use only a-z, 0-9 and - (no spaces, capitals or umlauts){hint}"
