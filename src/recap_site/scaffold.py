"""`recap new`: start an event bundle or a page from a commented template.

A new event is a draft (``draft: true``): `recap serve` shows it with a
badge, `recap build` leaves it out until the editor removes that line.
Nothing that exists is ever overwritten.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .config import load_config
from .errors import RecapError, Report
from .model import EVENT_KINDS, FORMATS, OUTCOME_KINDS, OUTCOME_STATUSES
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


def _languages(root: Path, lang: str | None) -> tuple[tuple[str, ...], str]:
    config = load_config(root, Report())
    lang = lang or config.default_lang
    if lang not in config.languages:
        raise RecapError(f"--lang {lang}: not a site language ({', '.join(config.languages)} in content/site.yaml)")
    return config.languages, lang


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
    languages, lang = _languages(root, lang)
    folder = root / "content" / "events" / f"{day.isoformat()}-{title_slug(title)}"
    files = {"event.yaml": event_yaml(title, day, lang, languages)}
    for other in languages:
        files[f"{other}.md"] = recap_markdown(other, lang, title if other == lang else None,
                                              comment_language(languages))
    return _create(folder, root, files)


def new_page(root: Path, title: str, lang: str | None = None) -> list[Path]:
    """Create content/pages/<slug>/ with one file per language."""
    languages, lang = _languages(root, lang)
    folder = root / "content" / "pages" / title_slug(title)
    files = {f"{other}.md": page_markdown(title, other, lang, comment_language(languages))
             for other in languages}
    return _create(folder, root, files)


def comment_language(languages: tuple[str, ...]) -> str:
    """The language of the templates' comments and of `recap new`'s messages:
    the site's default language where we have one, else English."""
    return languages[0] if languages[0] in ("de", "en") else "en"


# The event template, section by section: a comment in each language we write
# comments in, then the YAML (a format string: title, day, lang, the kinds …).
_EVENT_SECTIONS: tuple[tuple[dict[str, str], str], ...] = (
    ({"en": "The facts of one event. A line starting with # is a comment: remove the #\n"
            "to use a field. Any text can be one string for every language, or one per\n"
            "language:  title: {{{first}: …, {last}: …}}\n"
            "Check your changes with `recap serve` (live preview) or `recap check`.",
      "de": "Die Fakten einer Veranstaltung. Eine Zeile mit # am Anfang ist ein Kommentar:\n"
            "Entfernen Sie das #, um ein Feld zu nutzen. Jeder Text kann für alle Sprachen\n"
            "gelten oder je Sprache angegeben werden:  title: {{{first}: …, {last}: …}}\n"
            "Prüfen Sie Ihre Änderungen mit `recap serve` (Vorschau) oder `recap check`."}, ""),
    ({"en": "A draft is not published. Delete this line when the recap is ready.",
      "de": "Ein Entwurf wird nicht veröffentlicht. Löschen Sie diese Zeile, wenn der\n"
            "Rückblick fertig ist."}, "draft: true\n"),
    ({"en": "Publish automatically from this moment on (embargo); optional.",
      "de": "Erst ab diesem Zeitpunkt veröffentlichen (Sperrfrist); optional."},
     "# publish_after: {day}T09:00\n"),
    ({"en": "The event's name: in each language, or one text for all.",
      "de": "Der Name der Veranstaltung: je Sprache, oder ein Text für alle."},
     "title:\n  {lang}: {title}\n{other_titles}"),
    ({"en": "One or two sentences for lists and search results (optional).",
      "de": "Ein oder zwei Sätze für Listen und Suchergebnisse (optional)."},
     "# summary:\n#   {lang}: …\n"),
    ({"en": "When: a day (YYYY-MM-DD), or a day and time (YYYY-MM-DDTHH:MM) in the\n"
            "site's time zone. end is optional.",
      "de": "Wann: ein Tag (JJJJ-MM-TT, also 2023-09-05 für den 5.9.2023) oder Tag und\n"
            "Uhrzeit (JJJJ-MM-TTTHH:MM) in der Zeitzone der Website. end ist optional."},
     "start: {day}\n# end: {day}T17:00\n"),
    ({"en": "The day the recap last changed in a way readers should notice (optional;\n"
            "feeds, sitemap and calendars use it).",
      "de": "Der Tag, an dem sich der Rückblick zuletzt für Lesende spürbar geändert hat\n"
            "(optional; Feeds, Sitemap und Kalender nutzen ihn)."}, "# updated: {day}\n"),
    ({"en": "If the date is an estimate, say so (optional).",
      "de": "Ist das Datum geschätzt, sagen Sie es hier (optional)."}, "# date_note: {{{lang}: …}}\n"),
    ({"en": "What kind of event: {kinds}",
      "de": "Art der Veranstaltung: {kinds}"}, "kind: other\n"),
    ({"en": "How it took place: {formats}",
      "de": "Wie sie stattfand: {formats}"}, "format: in-person\n"),
    ({"en": "Where (needed for in-person and hybrid events).",
      "de": "Wo (nötig bei Präsenz- und hybriden Veranstaltungen)."},
     'venue:\n  name: "…"\n  # street: Musterstraße 1\n  # postal_code: "10115"      # {quoted}\n'
     "  # city: Berlin\n  # country: DE               # {two_letters}\n"),
    ({"en": "The web address of an online or hybrid event (optional).",
      "de": "Die Webadresse einer Online- oder hybriden Veranstaltung (optional)."},
     "# online_url: https://…\n"),
    ({"en": "Ids from content/organizations.yaml, topics.yaml, regions.yaml, series.yaml.",
      "de": "Kennungen aus content/organizations.yaml, topics.yaml, regions.yaml, series.yaml."},
     "# organizers: [ihk]\n# partners: []\n# topics: []\n# regions: []\n# series: {{id: treffen, part: 2}}\n"),
    ({"en": "How many took part (a whole number).",
      "de": "Wie viele teilnahmen (eine ganze Zahl)."}, "# participants: 40\n"),
    ({"en": "The programme: one entry per session.",
      "de": "Das Programm: ein Eintrag je Programmpunkt."},
     "# programme:\n#   - kind: keynote\n#     title: {{{lang}: …}}\n#     summary: {{{lang}: …}}\n"
     "#     speakers:\n#       - {{name: Dr. Anna Beispiel, organization: ihk, role: {{{lang}: …}}}}\n"),
    ({"en": "What came out of it. kind: {outcome_kinds}\n"
            "status: {statuses} (without it: planned if the date is ahead or\n"
            "missing, done if it is past); link: a web address or event:<folder of another event>.",
      "de": "Was dabei herauskam. kind: {outcome_kinds}\n"
            "status: {statuses} (ohne status: planned, wenn das Datum noch kommt oder\n"
            "fehlt, done, wenn es vorbei ist); link: eine Webadresse oder event:<Ordner einer\n"
            "anderen Veranstaltung>."},
     "# outcomes:\n#   - {{kind: agreement, text: {{{lang}: …}}, date: {day}}}\n"),
    ({"en": "Quotes from participants.", "de": "Zitate von Teilnehmenden."},
     "# quotes:\n#   - {{text: {{{lang}: …}}, by: {{{lang}: …}}}}\n"),
    ({"en": "Pictures: put the file into this folder. alt describes the picture for\n"
            "people who cannot see it (required).",
      "de": "Bilder: Legen Sie die Datei in diesen Ordner. alt beschreibt das Bild für\n"
            "Menschen, die es nicht sehen können (Pflicht)."},
     "# images:\n#   - {{file: photo.jpg, alt: {{{lang}: …}}, caption: {{{lang}: …}}, credit: …}}\n"),
    ({"en": "Further links.", "de": "Weitere Links."}, "# links:\n#   - {{url: https://…, label: {{{lang}: …}}}}\n"),
    ({"en": "Who to ask: an e-mail address, a web address, or the fields below.",
      "de": "Ansprechperson: eine E-Mail-Adresse, eine Webadresse oder die Felder unten."},
     "# contact: name@example.org\n# contact: {{name: …, email: name@example.org, phone: …, url: https://…}}\n"),
)
_EVENT_WORDS = {
    "en": {"other_title": "the title in '{other}' (without it, the '{lang}' title is shown)",
           "quoted": "in quotes, so the leading zero stays", "two_letters": "two letters"},
    "de": {"other_title": "der Titel auf '{other}' (ohne ihn wird der Titel auf '{lang}' gezeigt)",
           "quoted": "in Anführungszeichen, damit die führende Null bleibt", "two_letters": "zwei Buchstaben"},
}


def event_yaml(title: str, day: date, lang: str, languages: tuple[str, ...]) -> str:
    words_lang = comment_language(languages)
    words = _EVENT_WORDS[words_lang]
    other_titles = "".join(
        f"  # {other}: {words['other_title'].format(other=other, lang=lang)}\n"
        for other in languages if other != lang
    )
    values = dict(title=_yaml_string(title), day=day.isoformat(), lang=lang, first=languages[0],
                  last=languages[-1], kinds=", ".join(EVENT_KINDS), formats=", ".join(FORMATS),
                  outcome_kinds=", ".join(OUTCOME_KINDS), statuses=", ".join(OUTCOME_STATUSES),
                  other_titles=other_titles, quoted=words["quoted"], two_letters=words["two_letters"])
    parts = []
    for comments, body in _EVENT_SECTIONS:
        comment = "".join(f"# {line}\n" for line in comments[words_lang].format(**values).split("\n"))
        parts.append(comment + body.format(**values))
    return "\n".join(parts)


def recap_markdown(lang: str, title_lang: str, title: str | None, words_lang: str = "en") -> str:
    german = words_lang == "de"
    if title is not None:
        head = ((f"# Titel und Kurzfassung dieses Rückblicks kommen aus event.yaml. Für andere\n"
                 f"# auf '{lang}' schreiben Sie sie hier (und slug: für eine andere Webadresse):\n")
                if german else
                (f"# This recap's title and summary come from event.yaml. To use others in\n"
                 f"# '{lang}', write them here (and slug: for another web address):\n"))
        head += f"# title: {_yaml_string(title)}\n# summary: …\n"
    else:
        head = ((f"# Die Fassung des Rückblicks auf '{lang}'. Nicht übersetzen? Dann löschen Sie\n"
                 f"# diese Datei: Seiten auf '{lang}' verweisen dann auf den Rückblick auf\n"
                 f"# '{title_lang}'. Titel, Kurzfassung: aus event.yaml, oder:\n")
                if german else
                (f"# The '{lang}' version of the recap. Not translating it? Delete this file:\n"
                 f"# '{lang}' pages then link to the '{title_lang}' recap. Title, summary: event.yaml, or:\n"))
        head += "# title: …\n# summary: …\n"
    below = ("# Schreiben Sie den Rückblick in Markdown unter die schließende Zeile ---.\n" if german
             else "# Write the recap in Markdown below the closing --- line.\n")
    return f"---\n{head}{below}---\n\n"


def page_markdown(title: str, lang: str, title_lang: str, words_lang: str = "en") -> str:
    german = words_lang == "de"
    note = "" if lang == title_lang else (f"# Übersetzen Sie den Titel ins '{lang}'.\n" if german
                                          else f"# Translate the title into '{lang}'.\n")
    slug = "# slug: andere-webadresse\n" if german else "# slug: another-web-address\n"
    below = ("# Schreiben Sie die Seite in Markdown unter die schließende Zeile ---.\n" if german
             else "# Write the page in Markdown below the closing --- line.\n")
    return f"---\n{note}title: {_yaml_string(title)}\n{slug}{below}---\n\n"


# What `recap new event` says when it is done, in the comments' language.
DRAFT_NOTE = {
    "en": "The event is a draft: `recap serve` shows it; delete the line 'draft: true' to publish it.",
    "de": "Die Veranstaltung ist ein Entwurf: `recap serve` zeigt sie; löschen Sie die Zeile "
          "'draft: true', um sie zu veröffentlichen.",
}
