"""JSON Schema (draft 2020-12) of every content file, derived from :mod:`recap_site.format`.

Editors' editors read these: VS Code's YAML extension (the YAML language
server) completes keys and allowed values, shows each field's help on hover,
and underlines mistakes while the editor types. They describe a file as the
YAML language server reads it (YAML 1.2: ``postal_code: 10178`` is a number,
``country: NO`` a text), and accept what ``recap check`` accepts. What a
schema cannot say (an end before its start, a picture that is not in the
folder) stays for ``recap check``; see tests/test_json_schema.py.

Without a site, the schemas allow any id and any language code; those of a
site (:func:`site_schemas`) list its languages and the ids of its registries
and events, so that completion offers the real ones.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import format as fmt
from .config import SITE_FILE, read_languages
from .errors import ContentError, RecapError, Report
from .format import DOCUMENTS, Document, Field, Record, help_language
from .paths import RESERVED_SLUGS, SCHEMA_FOLDER, SLUG_PATTERN, slug_problem
from .sourcefile import Mapping, outside_problem, parse_yaml, read_text

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Characters a text may hold: no control characters (tab and, in a long text, line feed aside).
_ONE_LINE = "[^\\u0000-\\u0008\\u000a-\\u001f\\u007f-\\u009f]"
_LINES = "[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]"
_NOT_BLANK = "(?=[\\s\\S]*\\S)"
_DAY = "(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = "[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?"
_HTTP = "[Hh][Tt][Tt][Pp][Ss]?://[^\\s/$.?#][^\\s]*"
_MAILTO = "[Mm][Aa][Ii][Ll][Tt][Oo]:[^\\s]+"
_LANGUAGE = "^[a-z]{2,3}$"
# What recap check reads as true or false: YAML 1.2 reads yes/no/on/off as texts, we do not.
_NOTHING = {"type": "null"}
# The types recap check reads as "not given" when nothing follows the key; an empty group or list
# ("venue:", "programme:") is a mistake for it, as something meant to be there is missing.
_EMPTY_IS_NONE = frozenset((fmt.TEXT, fmt.LONG_TEXT, fmt.PLAIN, fmt.NAME, fmt.URL, fmt.EMAIL, fmt.DATE, fmt.WHEN,
                            fmt.CHOICE, fmt.COUNT, fmt.FLAG, fmt.COUNTRY, fmt.IDS, fmt.ORGANIZATION, fmt.LINK,
                            fmt.HOSTS, fmt.TIMEZONE, fmt.SLUG, fmt.SEGMENT))
_FLAG_WORDS = ("true", "false", "yes", "no", "on", "off")


@dataclass(frozen=True)
class Site:
    """What a site's schemas enumerate: None means "any" (the package's own schemas)."""

    languages: tuple[str, ...] | None = None
    ids: dict[str, tuple[str, ...]] | None = None  # registry name (and "events") -> ids
    lang: str = "en"  # the language of the descriptions


def site_from(root: Path) -> Site:
    """The languages of the site in the folder ``root`` and the ids its
    registries and event folders give, read leniently, so that a site with
    mistakes gets its schemas too: a file that does not parse gives no ids,
    and broken ``languages`` allow any language (``recap check`` reports both)."""
    content = root / "content"

    def read(rel: str) -> object:
        path = root / rel
        try:
            return parse_yaml(read_text(path, rel, inside=content, single=True), rel) if path.is_file() else None
        except ContentError:
            return None

    settings = read(SITE_FILE)
    languages = None
    if isinstance(settings, Mapping):
        try:
            languages = read_languages(settings, Report())
        except ContentError:
            pass
    ids: dict[str, tuple[str, ...]] = {}
    for name, rel in fmt.REGISTRY_FILES.items():
        data = read(rel)
        ids[name] = tuple(key for key in data if not slug_problem(key)) if isinstance(data, Mapping) else ()
    events = content / "events"
    ids["events"] = tuple(sorted(
        folder.name for folder in (events.iterdir() if events.is_dir() and not outside_problem(events, content)
                                   else ())
        if not slug_problem(folder.name) and (folder / "event.yaml").is_file()))
    ids["outcomes"] = tuple(_outcome_ids(read, ids["events"]))
    return Site(languages, ids, help_language(languages or ("en",)))


def _outcome_ids(read, events: tuple[str, ...]):
    """``<event>#<id>`` of every outcome with an id, read leniently."""
    for event_id in events:
        facts = read(f"content/events/{event_id}/event.yaml")
        outcomes = facts.get("outcomes") if isinstance(facts, Mapping) else None
        for outcome in outcomes if isinstance(outcomes, list) else ():
            written = outcome.get("id") if isinstance(outcome, Mapping) else None
            if isinstance(written, str) and not slug_problem(written):
                yield f"{event_id}#{written}"


# What a value should look like, for the editor's message when it does not (patternErrorMessage,
# which the YAML language server shows instead of the regular expression).
_EXPECTED = {
    "en": {"date": "a date such as 2023-09-05 (year-month-day)",
           "when": "a date such as 2023-09-05, or a date and time such as 2023-09-05T10:00",
           "url": "a web address starting with https:// or http://",
           "email": "an e-mail address such as name@example.org",
           "contact": "an e-mail address (name@example.org) or a web address (https://…), or name:, email:, "
                      "phone: and url: below contact:",
           "id": "an id of a-z, 0-9 and -",
           "follows": "the folder of an earlier event, # and the id of its outcome", "event": "event: and the folder name of another event",
           "country": "two letters such as DE", "count": "a whole number",
           "host": "a host name without https://, such as www.youtube-nocookie.com",
           "language": "a language code such as de", "locale": "a locale such as en_GB",
           "timezone": "a time zone such as Europe/Berlin", "flag": "true or false",
           "line": "a text on one line, without invisible control characters",
           "lines": "a text without invisible control characters", "filled": "a text (it must not be empty)"},
    "de": {"date": "ein Datum wie 2023-09-05 (Jahr-Monat-Tag)",
           "when": "ein Datum wie 2023-09-05 oder Datum und Uhrzeit wie 2023-09-05T10:00",
           "url": "eine Webadresse, die mit https:// oder http:// beginnt",
           "email": "eine E-Mail-Adresse wie name@example.org",
           "contact": "eine E-Mail-Adresse (name@example.org) oder Webadresse (https://…), oder darunter "
                      "name:, email:, phone: und url:",
           "id": "eine Kennung aus a-z, 0-9 und -",
           "follows": "der Ordner einer früheren Veranstaltung, # und die Kennung ihres Ergebnisses", "event": "event: und der Ordnername einer anderen Veranstaltung",
           "country": "zwei Buchstaben wie DE", "count": "eine ganze Zahl",
           "host": "ein Hostname ohne https://, etwa www.youtube-nocookie.com",
           "language": "ein Sprachcode wie de", "locale": "eine Sprachvariante wie en_GB",
           "timezone": "eine Zeitzone wie Europe/Berlin", "flag": "true oder false",
           "line": "ein Text in einer Zeile, ohne unsichtbare Steuerzeichen",
           "lines": "ein Text ohne unsichtbare Steuerzeichen", "filled": "ein Text (er darf nicht leer sein)"},
}
_EXPECTED_WORD = {"en": "Expected: ", "de": "Erwartet: "}


def _string(pattern: str, what: str, lang: str) -> dict:
    """A text matching ``pattern``; recap check strips spaces around a value, so may the editor."""
    return {"type": "string", "pattern": f"^\\s*({pattern})\\s*$",
            "patternErrorMessage": _EXPECTED_WORD[lang] + _EXPECTED[lang][what]}


def _slug(lang: str) -> dict:
    reserved = "|".join(sorted(RESERVED_SLUGS))
    return _string(f"(?!({reserved})$){SLUG_PATTERN.pattern[1:-1]}", "id", lang)


def _ids(site: Site, registry: str) -> dict:
    file = fmt.REGISTRY_FILES.get(registry, registry)
    if site.ids is None:
        return _slug(site.lang)
    known = site.ids.get(registry, ())
    if not known:  # nothing to refer to yet: every id is unknown
        return {"not": {}, "description": (f"{file}: noch keine Einträge" if site.lang == "de"
                                           else f"{file} has no entries yet")}
    return {"enum": list(known), "description": f"{'Eine Kennung aus' if site.lang == 'de' else 'An id from'} {file}"}


def _scalar(multiline: bool, required: bool, lang: str) -> dict:
    """A text as YAML 1.2 reads it: recap check reads a number or true as the text it is written as."""
    characters = _LINES if multiline else _ONE_LINE
    what = "filled" if required else "lines" if multiline else "line"
    return {"anyOf": [{"type": "string", "pattern": f"^{_NOT_BLANK if required else ''}{characters}*$",
                       "patternErrorMessage": _EXPECTED_WORD[lang] + _EXPECTED[lang][what]},
                      {"type": ["number", "boolean"]}]}


def _text(site: Site, multiline: bool, required: bool) -> dict:
    per_language = _scalar(multiline, True, site.lang)
    mapping: dict = {"type": "object", "minProperties": 1 if required else 0}
    if site.languages is None:
        mapping["propertyNames"] = {"pattern": _LANGUAGE}
        mapping["additionalProperties"] = per_language
    else:  # a text in another language would not be shown
        mapping["properties"] = {lang: per_language for lang in site.languages}
        mapping["additionalProperties"] = False
    return {"anyOf": [_scalar(multiline, required, site.lang), mapping]}


def value(field: Field, site: Site) -> dict:
    """The schema of one field's value."""
    kind, lang = field.type, site.lang
    if kind in (fmt.TEXT, fmt.LONG_TEXT):
        schema = _text(site, kind == fmt.LONG_TEXT, field.required)
    elif kind in (fmt.PLAIN, fmt.NAME):
        schema = _scalar(False, field.required, lang)
        if field.ref:
            schema = {"anyOf": [_ids(site, field.ref), schema]} if site.ids is None else _ids(site, field.ref)
    elif kind == fmt.SLUG:
        schema = _scalar(False, True, lang)
    elif kind == fmt.ID:
        schema = _string(SLUG_PATTERN.pattern[1:-1], "id", lang)
    elif kind == fmt.FOLLOWS:
        known = site.ids.get("outcomes", ()) if site.ids is not None else None
        schema = (_string(f"{SLUG_PATTERN.pattern[1:-1]}#{SLUG_PATTERN.pattern[1:-1]}", "follows", lang)
                  if known is None else {"enum": list(known)} if known else {"not": {}})
    elif kind == fmt.URL:
        schema = _string(f"{_HTTP}|{_MAILTO}", "url", lang)
    elif kind == fmt.EMAIL:
        schema = _string("[^ @]*@[^ ]*", "email", lang)
    elif kind == fmt.DATE:
        schema = _string(_DAY, "date", lang)
    elif kind == fmt.WHEN:
        schema = _string(f"{_DAY}({_TIME})?", "when", lang)
    elif kind == fmt.CHOICE:
        schema = {"enum": list(field.choices)}
    elif kind == fmt.COUNT:
        schema = {"anyOf": [{"type": "integer", "minimum": field.minimum, "maximum": field.maximum},
                            _string("[0-9]+", "count", lang)]}
    elif kind == fmt.FLAG:  # recap check reads true, yes and on (and their opposites) in any case
        words = "|".join("".join(f"[{c}{c.upper()}]" for c in word) for word in _FLAG_WORDS)
        schema = {"anyOf": [{"type": "boolean"}, _string(words, "flag", lang)]}
    elif kind == fmt.SEGMENT:  # config checks each language's segment with slug_problem
        one = _slug(lang)
        mapping = {"type": "object", "minProperties": 1, "additionalProperties": one}
        if site.languages is not None:
            mapping = {**mapping, "properties": {code: one for code in site.languages}, "additionalProperties": False}
        schema = {"anyOf": [one, mapping]}
    elif kind == fmt.IDS:
        one = _ids(site, field.ref)
        schema = {"anyOf": [one, {"type": "array", "items": one}]}
    elif kind == fmt.RECORD:
        schema = record(field.record, site)
    elif kind == fmt.LIST:
        schema = {"type": "array", "items": record(field.record, site)}
    elif kind == fmt.LINK:
        events = site.ids.get("events", ()) if site.ids is not None else None
        event = (_string(f"event:{SLUG_PATTERN.pattern[1:-1]}", "event", lang) if events is None
                 else {"enum": [f"event:{event_id}" for event_id in events]} if events else {"not": {}})
        schema = {"anyOf": [_string(f"{_HTTP}|{_MAILTO}", "url", lang), event]}
    elif kind == fmt.CONTACT:
        schema = {"anyOf": [_string(f"[^ @]*@[^ ]*|{_HTTP}", "contact", lang), record(field.record, site)]}
    elif kind == fmt.ORGANIZATION:
        schema = {"anyOf": [_ids(site, field.ref), _text(site, False, True)]}
    elif kind == fmt.LANGUAGES:
        schema = {"type": "array", "minItems": 1, "uniqueItems": True,
                  "items": _string(_LANGUAGE[1:-1], "language", lang)}
    elif kind == fmt.LOCALES:
        names = {"pattern": _LANGUAGE} if site.languages is None else {"enum": list(site.languages)}
        schema = {"type": "object", "propertyNames": names,
                  "additionalProperties": _string("[a-z]{2,3}([_-][A-Za-z0-9]+)*", "locale", lang)}
    elif kind == fmt.HOSTS:
        host = _string(fmt.HOST_PATTERN, "host", lang)
        schema = {"anyOf": [host, {"type": "array", "items": host}]}
    elif kind == fmt.TIMEZONE:  # the names the machine knows vary with its tzdata: a pattern, and examples
        schema = {**_string("[A-Za-z_]+(/[A-Za-z0-9_+-]+)*", "timezone", lang),
                  "examples": ["Europe/Berlin", "Europe/Vienna", "Europe/Zurich", "Europe/Brussels", "UTC"]}
    elif kind == fmt.COUNTRY:
        schema = _string("[A-Za-z]{2}", "country", lang)
    else:  # pragma: no cover - format.TYPES and this function are checked against each other
        raise ValueError(f"{field.key}: no JSON Schema for a {kind} field")
    if not field.required and kind in _EMPTY_IS_NONE:  # "summary:" with nothing after it: no summary
        schema = ({**schema, "anyOf": [*schema["anyOf"], _NOTHING]} if list(schema) == ["anyOf"]
                  else {"anyOf": [schema, _NOTHING]})
    return {**schema, **_default(field), "title": field.key, "description": _description(field, site.lang)}


def _description(field: Field, lang: str) -> str:
    text = field.help(lang)
    if field.choices:
        text += " (" + " | ".join(field.choices) + ")"
    if field.required:
        text += " · Pflichtfeld" if lang == "de" else " · required"
    return text


def _default(field: Field) -> dict:
    return {} if field.default is None else {"default": field.default}


def record(rec: Record, site: Site) -> dict:
    schema: dict = {
        "type": "object",
        "properties": {field.key: value(field, site) for field in rec},
        "additionalProperties": False,  # an unknown key is not read: its text would be lost
    }
    if rec.required():
        schema["required"] = list(rec.required())
    conditions = []
    for field in rec:
        if field.required_unless:
            key, exempt = field.required_unless
            conditions.append({"if": {"required": [key], "properties": {key: {"not": {"enum": list(exempt)}}}},
                               "then": {"required": [field.key]}})
    if rec.one_of:  # a speaker: name or person, not both
        conditions.append({"oneOf": [{"required": [key]} for key in rec.one_of]})
    if conditions:
        schema["allOf"] = conditions
    return schema


def document_schema(doc: Document, site: Site, base: str = "") -> dict:
    if doc.record is not None:
        body = record(doc.record, site)
    else:
        entry = value(doc.entry, site)
        if doc.short:  # organizations: a name alone, or its fields
            entry = {"description": entry["description"],
                     "anyOf": [_scalar(False, True, site.lang), record(doc.entry.record, site)]}
        body = {"type": "object", "propertyNames": _slug(site.lang), "additionalProperties": entry}
    return {
        "$schema": DRAFT,
        "$id": f"{base}{doc.name}.schema.json",
        "$comment": doc.path,
        "title": doc.help(site.lang),
        **body,
    }


def schemas(site: Site = Site(), base: str = "") -> dict[str, dict]:
    """File name -> schema, for every kind of content file."""
    return {f"{doc.name}.schema.json": document_schema(doc, site, base) for doc in DOCUMENTS}


def dumps(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write(folder: Path, site: Site = Site(), base: str = "") -> list[Path]:
    """Write every schema into ``folder`` (created if need be), each
    replaced in one step; other files there are left alone. Returns the files.

    Refuses a folder that is a symbolic link: the schemas go where the
    editor sees them, not where a link in the site folder leads."""
    if folder.is_symlink():
        raise RecapError(f"refusing to write schemas into '{folder}': it is a link to another place")
    if folder.exists() and not folder.is_dir():
        raise RecapError(f"the output path '{folder}' is a file, not a folder")
    umask = os.umask(0)
    os.umask(umask)
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, schema in schemas(site, base).items():
            path = folder / name
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, prefix=f".{name}.",
                                             delete=False) as handle:  # a new file: never one a link leads to
                handle.write(dumps(schema))
            os.chmod(handle.name, 0o666 & ~umask)  # readable as the build's files are, not only by its owner
            os.replace(handle.name, path)  # replaces a link at that name, never what it leads to
            written.append(path)
    except OSError as exc:
        raise RecapError(f"cannot write the schemas into '{folder}': {exc.strerror or exc}") from None
    return written


def packaged() -> Path:
    """The folder of the schemas shipped in the package (any site)."""
    return Path(__file__).parent / SCHEMA_FOLDER
