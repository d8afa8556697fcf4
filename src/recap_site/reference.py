"""The field reference of the docs and the packaged JSON Schemas, made from :mod:`recap_site.format`.

The README (English) and the editing guide (German and English) hold the
tables between ``<!-- fields:<lang> -->`` and ``<!-- /fields -->``; the
package ships the schemas that allow any site's ids in ``schemas/``.
tests/test_json_schema.py fails when a committed copy differs from what the
declaration gives. To bring them up to date after changing the declaration::

    python -m recap_site.reference
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from . import format as fmt, json_schema
from .format import DOCUMENTS, Field, Record

# What each type is called in the tables: (English, German).
TYPE_WORDS = {
    fmt.TEXT: ("text, or one per language", "Text, oder einer je Sprache"),
    fmt.LONG_TEXT: ("text (may be written over several lines; shown as one paragraph), or one per language",
                    "Text (darf über mehrere Zeilen gehen; als ein Absatz gezeigt), oder einer je Sprache"),
    fmt.PLAIN: ("text on one line", "Text in einer Zeile"),
    fmt.NAME: ("text on one line", "Text in einer Zeile"),
    fmt.URL: ("web address (https://…)", "Webadresse (https://…)"),
    fmt.EMAIL: ("e-mail address", "E-Mail-Adresse"),
    fmt.DATE: ("date (2023-09-05)", "Datum (2023-09-05)"),
    fmt.WHEN: ("date, or date and time (2023-09-05T10:00)", "Datum, oder Datum und Uhrzeit (2023-09-05T10:00)"),
    fmt.CHOICE: ("one of: {choices}", "eines von: {choices}"),
    fmt.COUNT: ("whole number from {minimum}{up_to}", "ganze Zahl ab {minimum}{up_to}"),
    fmt.FLAG: ("true or false", "true oder false"),
    fmt.IDS: ("ids from {file}, in [ ]", "Kennungen aus {file}, in [ ]"),
    fmt.RECORD: ("fields, indented below", "Felder, eingerückt darunter"),
    fmt.LIST: ("list of entries, each starting with '- '", "Liste von Einträgen, jeder beginnt mit '- '"),
    fmt.LINK: ("web address, or event:<id>", "Webadresse, oder event:<Kennung>"),
    fmt.CONTACT: ("e-mail or web address, or the fields below", "E-Mail- oder Webadresse, oder die Felder darunter"),
    fmt.ORGANIZATION: ("an id from {file}, or a name", "eine Kennung aus {file}, oder ein Name"),
    fmt.LANGUAGES: ("list of language codes", "Liste von Sprachcodes"),
    fmt.LOCALES: ("language: locale", "Sprache: Sprachvariante"),
    fmt.HOSTS: ("list of host names", "Liste von Hostnamen"),
    fmt.TIMEZONE: ("time zone (Europe/Berlin)", "Zeitzone (Europe/Berlin)"),
    fmt.COUNTRY: ("two-letter country code", "Ländercode aus zwei Buchstaben"),
    fmt.SLUG: ("address part (a-z, 0-9, -)", "Adressteil (a-z, 0-9, -)"),
    fmt.SEGMENT: ("address part (a-z, 0-9, -), or one per language", "Adressteil (a-z, 0-9, -), oder einer je Sprache"),
    fmt.ID: ("id (a-z, 0-9, -)", "Kennung (a-z, 0-9, -)"),
    fmt.FOLLOWS: ("<event folder>#<outcome id>", "<Ordner der Veranstaltung>#<Kennung des Ergebnisses>"),
}
HEADINGS = {"en": ("field", "what it holds", "required / default", "meaning"),
            "de": ("Feld", "Inhalt", "Pflicht / Vorgabe", "Bedeutung")}
_REQUIRED = {"en": "**required**", "de": "**Pflicht**"}
_REQUIRED_UNLESS = {"en": "**required** unless {key} is {values}", "de": "**Pflicht**, außer bei {key}: {values}"}
_ENTRY = {"en": "`<id>`", "de": "`<Kennung>`"}
MARKER = re.compile(r"(<!-- fields:(?P<lang>[a-z]+) -->\n).*?(<!-- /fields -->)", re.DOTALL)


def _type(field: Field, lang: str) -> str:
    words = TYPE_WORDS[field.type][0 if lang == "en" else 1]
    up_to = "" if field.maximum == fmt.Field.maximum else (f" to {field.maximum}" if lang == "en"
                                                               else f" bis {field.maximum}")
    return words.format(choices=", ".join(f"`{c}`" for c in field.choices), minimum=field.minimum, up_to=up_to,
                        file=f"`{fmt.REGISTRY_FILES.get(field.ref or '', '')}`")


def _when(field: Field, lang: str) -> str:
    if field.required:
        return _REQUIRED[lang]
    if field.required_unless:
        key, values = field.required_unless
        return _REQUIRED_UNLESS[lang].format(key=f"`{key}`", values=", ".join(f"`{v}`" for v in values))
    if field.default is not None:
        default = str(field.default).lower() if isinstance(field.default, bool) else field.default
        return f"`{default}`"
    return ""


def _cell(text: str) -> str:
    """Text for a Markdown table cell: <…> would be read as HTML, | as the cell's end."""
    return text.replace("<", "&lt;").replace("|", "\\|")


def _rows(record: Record, lang: str, prefix: str = "") -> list[str]:
    rows = []
    for field in record:
        name = f"{prefix}{field.key}"
        rows.append(f"| `{name}` | {_cell(_type(field, lang))} | {_when(field, lang)} | {_cell(field.help(lang))} |")
        if field.record is not None:
            inner = f"{name}[]." if field.type == fmt.LIST else f"{name}."
            rows += _rows(field.record, lang, inner)
    return rows


def tables(lang: str) -> str:
    """The field reference in ``lang`` (de or en): one table per kind of file."""
    parts = []
    for doc in DOCUMENTS:
        lines = [f"#### `{doc.path}`", "", doc.help(lang) + ".", "",
                 "| " + " | ".join(HEADINGS[lang]) + " |", "| --- | --- | --- | --- |"]
        if doc.record is not None:
            lines += _rows(doc.record, lang)
        else:
            entry = doc.entry
            lines.append(f"| {_ENTRY[lang]} | {_cell(_type(entry, lang))} | | {_cell(entry.help(lang))} |")
            if entry.record is not None:
                lines += _rows(entry.record, lang, "<id>." if lang == "en" else "<Kennung>.")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def updated(text: str) -> str:
    """``text`` with every marked field reference made anew."""
    return MARKER.sub(lambda m: m.group(1) + tables(m.group("lang")) + m.group(3), text)


def documents(root: Path) -> list[Path]:
    return [root / "README.md", root / "docs" / "editing.md"]


def main(root: Path = Path(".")) -> None:
    for path in documents(root):
        text = path.read_text(encoding="utf-8")
        new = updated(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"updated {path}")
    json_schema.write(json_schema.packaged())
    print(f"wrote {json_schema.packaged()}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("."))
