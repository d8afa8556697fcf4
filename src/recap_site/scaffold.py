"""`recap new`: start an event bundle or a page from a commented template.

A new event is a draft (``draft: true``): `recap serve` shows it with a
badge, `recap build` leaves it out until the editor removes that line.
Nothing that exists is ever overwritten.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import os
import textwrap

from babel import Locale

from . import format as fmt
from .config import SiteConfig, load_config
from .errors import RecapError, Report
from .format import EVENT, Field, help_language as comment_language
from . import json_schema
from .paths import SCHEMA_FOLDER
from .paths import slug_problem, slugify

MAX_SLUG = 60  # characters of the title's slug in a folder name


def title_slug(title: str) -> str:
    slug = slugify(title)
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    if not slug:
        raise RecapError(f"cannot make a folder name from the title '{title}': use letters or digits")
    return slug


def _yaml_string(text: str) -> str:
    """A double-quoted YAML string: any title is safe to write."""
    escaped = " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _languages(root: Path, lang: str | None) -> tuple[SiteConfig, str]:
    config = load_config(root, Report())
    lang = lang or config.default_lang
    if lang not in config.languages:
        raise RecapError(f"--lang {lang}: not a site language ({', '.join(config.languages)} in content/site.yaml)")
    return config, lang


def schema_reference(root: Path, folder: Path, name: str) -> str:
    """Where an editor's editor finds the schema ``name`` for a file in
    ``folder``: the site folder's own schemas/, which `recap new event`
    brings up to date (as `recap schema` does)."""
    return Path(os.path.relpath(root / SCHEMA_FOLDER / name, folder)).as_posix()


def _create(folder: Path, root: Path, files: dict[str, str]) -> list[Path]:
    rel = folder.relative_to(root).as_posix()
    if folder.exists():
        raise RecapError(f"{rel} already exists; nothing was changed. Choose another title or date.")
    problem = slug_problem(folder.name)
    if problem:
        raise RecapError(f"{rel}: the folder name {problem}")
    folder.mkdir(parents=True)
    created = []
    for name, text in files.items():
        path = folder / name
        with open(path, "x", encoding="utf-8") as handle:  # "x": never replace a file
            handle.write(text)
        created.append(path)
    return created


def new_event(root: Path, title: str, day: date, lang: str | None = None) -> list[Path]:
    """Create content/events/<date>-<slug>/; returns the files created."""
    config, lang = _languages(root, lang)
    languages = config.languages
    folder = root / "content" / "events" / f"{day.isoformat()}-{title_slug(title)}"
    known = json_schema.site_from(root)
    files = {"event.yaml": event_yaml(title, day, lang, languages,
                                      schema_reference(root, folder, "event.schema.json"), known.ids)}
    for other in languages:
        files[f"{other}.md"] = recap_markdown(other, lang, title if other == lang else None,
                                              comment_language(languages))
    created = _create(folder, root, files)
    # The schemas the new file names, with its own id and the site's ids as they are now.
    json_schema.write(root / SCHEMA_FOLDER, json_schema.site_from(root))
    return created


def new_page(root: Path, title: str, lang: str | None = None) -> list[Path]:
    """Create content/pages/<slug>/ with one file per language."""
    config, lang = _languages(root, lang)
    languages = config.languages
    folder = root / "content" / "pages" / title_slug(title)
    files = {f"{other}.md": page_markdown(title, other, lang, comment_language(languages))
             for other in languages}
    return _create(folder, root, files)


# The event template: an introduction, then every field of format.EVENT with
# its help in the comments' language. Required fields are filled in, the others
# are commented-out examples; groups and lists show their own fields.
_INTRO = {
    "en": "The facts of one event. A line starting with # is a comment: remove the #\n"
          "to use a field. Any text can be one string for every language, or one per\n"
          "language:  title: {{{first}: …, {last}: …}}\n"
          "Check your changes with `recap serve` (live preview) or `recap check`.",
    "de": "Die Fakten einer Veranstaltung. Eine Zeile mit # am Anfang ist ein Kommentar:\n"
          "Entfernen Sie das #, um ein Feld zu nutzen. Jeder Text kann für alle Sprachen\n"
          "gelten oder je Sprache angegeben werden:  title: {{{first}: …, {last}: …}}\n"
          "Prüfen Sie Ihre Änderungen mit `recap serve` (Vorschau) oder `recap check`.",
}
_WORDS = {
    "en": {"other_title": "the title in {other} (without it, the {lang} title is shown)",
           "required": "required", "one_of": "one of", "required_unless": "required unless {key} is {values}"},
    "de": {"other_title": "der Titel auf {other} (ohne ihn wird der Titel auf {lang} gezeigt)",
           "required": "Pflicht", "one_of": "eines von", "required_unless": "Pflicht, außer bei {key}: {values}"},
}
_WIDTH = 100  # of a template line
_COLUMN = 40  # where the help after a field starts


def _help(field: Field, words_lang: str) -> str:
    words = _WORDS[words_lang]
    text = field.help(words_lang)
    if field.choices:
        text += f"; {words['one_of']}: " + ", ".join(field.choices)
    if field.required:
        text += f" ({words['required']})"
    elif field.required_unless is not None:
        key, exempt = field.required_unless
        text += " (" + words["required_unless"].format(key=key, values=", ".join(exempt)) + ")"
    return text if text.endswith(("…", ".")) else text + "."


def _example(field: Field, day: date, lang: str, ids: dict) -> str:
    """The value a template shows for ``field``: texts in the title's language, dates on the event's
    day, ids of this site (so that an example works when its # is removed)."""
    if field.template:
        return field.template
    if field.ref and field.type in (fmt.IDS, fmt.PLAIN) and ids.get(field.ref):
        return f"[{ids[field.ref][0]}]" if field.type == fmt.IDS else ids[field.ref][0]
    if field.type == fmt.LINK and ids.get("events"):
        return f"event:{ids['events'][0]}"
    if field.type == fmt.FOLLOWS and ids.get("outcomes"):  # an outcome this site has
        return ids["outcomes"][0]
    if field.type in (fmt.TEXT, fmt.LONG_TEXT):
        return f"{{{lang}: …}}"
    if field.type in (fmt.DATE, fmt.WHEN) and field.example:
        return day.isoformat() + ("T09:00" if "T" in field.example else "")
    return field.example or "…"


def _lines(rec: fmt.Record, day: date, lang: str, words_lang: str, indent: str, first: str = "",
           ids: dict | None = None) -> list[str]:
    """The fields of ``rec`` as YAML lines, each with its help after it, or
    above it where the line would be too long."""
    lines = []
    # Of keys given one instead of another (a speaker's person: or name:), one is shown in use,
    # first, and the others commented out: removing the block's # leaves one of them. The one in
    # use is the first whose example works on this site (person: needs an id from people.yaml).
    fields = list(rec)
    alternatives = [field for field in fields if field.key in rec.one_of]
    shown = next((field for field in alternatives if field.ref is None or (ids or {}).get(field.ref)),
                 alternatives[0] if alternatives else None)
    if shown is not None and fields[0] in alternatives:
        fields.remove(shown)
        fields.insert(0, shown)
    for index, field in enumerate(fields):
        lead = first if index == 0 and first else indent
        grouped = field.type in (fmt.RECORD, fmt.LIST) and field.record is not None
        instead = "# " if field.key in rec.one_of and field is not shown else ""
        line = f"{lead}{instead}{field.key}:" + ("" if grouped else f" {_example(field, day, lang, ids or {})}")
        help_text = _help(field, words_lang)
        if len(line) < _COLUMN and _COLUMN + 2 + len(help_text) <= _WIDTH:
            lines.append(f"{line:<{_COLUMN}}# {help_text}")
        else:
            above = lead.removesuffix("- ")
            lines += [f"{above}# {part}" for part in _wrap(help_text, _WIDTH - len(above) - 4)]
            lines.append(line)
        if grouped:
            lines += _group(field, day, lang, words_lang, indent, ids)
    return lines


def _group(field: Field, day: date, lang: str, words_lang: str, indent: str, ids: dict | None) -> list[str]:
    """The lines of a group's fields below its key at ``indent``: a list's first field after "- "."""
    inner = indent + "  "
    if field.type == fmt.LIST:
        return _lines(field.record, day, lang, words_lang, inner + "  ", inner + "- ", ids)
    return _lines(field.record, day, lang, words_lang, inner, ids=ids)


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False) or [""]


def _comment(text: str) -> str:
    return "".join(f"# {line}\n" for part in text.split("\n") for line in _wrap(part, _WIDTH - 2))


def event_yaml(title: str, day: date, lang: str, languages: tuple[str, ...], schema: str | None = None,
               ids: dict[str, tuple[str, ...]] | None = None) -> str:
    """The commented template of `recap new event`. ``schema``: where the
    editor's editor finds event.schema.json (the yaml-language-server line).
    ``ids``: the site's registry ids and events, for examples that work here."""
    ids = ids or {}
    words_lang = comment_language(languages)
    words = _WORDS[words_lang]
    parts = [f"# yaml-language-server: $schema={schema}\n" if schema else ""]
    parts[0] += _comment(_INTRO[words_lang].format(first=languages[0], last=languages[-1]))
    for field in EVENT:
        help_text = _comment(_help(field, words_lang))
        if field.key == "draft":
            body = "draft: true\n"
        elif field.key == "title":
            body = f"title:\n  {lang}: {_yaml_string(title)}\n" + "".join(
                f"  # {other}: {words['other_title'].format(other=_language(other, words_lang), lang=_language(lang, words_lang))}\n"
                for other in languages if other != lang)
        elif field.type in (fmt.RECORD, fmt.LIST) or (field.type == fmt.CONTACT and field.record is not None):
            # A group that may be required is written out with its required fields in use; the
            # others are commented out.
            rec = field.record
            body = f"# {field.key}: {field.example}\n" if field.type == fmt.CONTACT else ""
            inner = _group(field, day, lang, words_lang, "", ids)
            if field.required or field.required_unless is not None:
                required = rec.required()
                body += f"{field.key}:\n" + "".join(
                    f"{line}\n" if line.split(":")[0].strip() in required or line.lstrip().startswith("#")
                    else f"  # {line.lstrip()}\n" for line in inner)
            else:
                body += f"# {field.key}:\n" + "".join(f"# {line}\n" for line in inner)
        elif field.required:
            body = f"{field.key}: {_example(field, day, lang, ids)}\n"
        else:
            body = f"# {field.key}: {_example(field, day, lang, ids)}\n"
        parts.append(help_text + body)
    return "\n".join(parts)


def _language(code: str, words_lang: str) -> str:
    """A language's name in the comments' language: "Englisch", "German"."""
    return Locale.parse(words_lang).languages.get(code, code)


def recap_markdown(lang: str, title_lang: str, title: str | None, words_lang: str = "en") -> str:
    german = words_lang == "de"
    name, title_name = _language(lang, words_lang), _language(title_lang, words_lang)
    if title is not None:
        head = ((f"# Titel und Kurzfassung stehen in event.yaml. Soll dieser Rückblick auf {name}\n"
                 f"# einen anderen Titel oder eine andere Kurzfassung zeigen, schreiben Sie sie hier\n"
                 f"# (und slug: für eine andere Webadresse):\n")
                if german else
                (f"# This recap's title and summary come from event.yaml. To show others in\n"
                 f"# {name}, write them here (and slug: for another web address):\n"))
        head += f"# title: {_yaml_string(title)}\n# summary: …\n"
    else:
        head = ((f"# Die Fassung dieses Rückblicks auf {name}. Wird er nicht übersetzt? Dann löschen\n"
                 f"# Sie diese Datei: Seiten auf {name} verweisen dann auf die Fassung auf {title_name}.\n"
                 f"# Titel und Kurzfassung kommen aus event.yaml oder von hier:\n")
                if german else
                (f"# The {name} version of the recap. Not translating it? Delete this file: pages\n"
                 f"# in {name} then link to the {title_name} recap. Title, summary: event.yaml, or:\n"))
        head += "# title: …\n# summary: …\n"
    below = ("# Schreiben Sie den Rückblick in Markdown unter die schließende Zeile ---.\n" if german
             else "# Write the recap in Markdown below the closing --- line.\n")
    return f"---\n{head}{below}---\n\n"


def page_markdown(title: str, lang: str, title_lang: str, words_lang: str = "en") -> str:
    german = words_lang == "de"
    name = _language(lang, words_lang)
    # In another language the title is left to write (the title given was published as this
    # language's, unmarked, by an editor who translated the text only); a file left as it is
    # is left out, as an empty page is.
    note = "" if lang == title_lang else (f"# Schreiben Sie den Titel auf {name} (auf {_language(title_lang, words_lang)}: "
                                          f"{title}).\n" if german else
                                          f"# Write the title in {name} ({_language(title_lang, words_lang)}: {title}).\n")
    written = _yaml_string(title) if lang == title_lang else ""
    slug = "# slug: andere-webadresse\n" if german else "# slug: another-web-address\n"
    below = ("# Schreiben Sie die Seite in Markdown unter die schließende Zeile ---.\n" if german
             else "# Write the page in Markdown below the closing --- line.\n")
    return f"---\n{note}title:{' ' + written if written else ''}\n{slug}{below}---\n\n"


# What `recap new event` says when it is done, in the comments' language.
DRAFT_NOTE = {
    "en": "The event is a draft: `recap serve` shows it; delete the line 'draft: true' to publish it.",
    "de": "Die Veranstaltung ist ein Entwurf: `recap serve` zeigt sie; löschen Sie die Zeile "
          "'draft: true', um sie zu veröffentlichen.",
}
