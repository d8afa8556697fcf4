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
from .model import EVENT_KINDS, FORMATS
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
        files[f"{other}.md"] = recap_markdown(other, lang, title if other == lang else None)
    return _create(folder, root, files)


def new_page(root: Path, title: str, lang: str | None = None) -> list[Path]:
    """Create content/pages/<slug>/ with one file per language."""
    languages, lang = _languages(root, lang)
    folder = root / "content" / "pages" / title_slug(title)
    files = {f"{other}.md": page_markdown(title, other, lang) for other in languages}
    return _create(folder, root, files)


def event_yaml(title: str, day: date, lang: str, languages: tuple[str, ...]) -> str:
    others = [other for other in languages if other != lang]
    other_titles = "".join(
        f"  # {other}: the title in '{other}' (without it, the '{lang}' title is shown)\n" for other in others
    )
    return f"""\
# The facts of one event. A line starting with # is a comment: remove the #
# to use a field. Any text can be one string for every language, or one per
# language:  title: {{{languages[0]}: …, {languages[-1]}: …}}
# Check your changes with `recap serve` (live preview) or `recap check`.

# A draft is not published. Delete this line when the recap is ready.
draft: true

# Publish automatically from this moment on (embargo); optional.
# publish_after: {day.isoformat()}T09:00

# The event's name: in each language, or one text for all.
title:
  {lang}: {_yaml_string(title)}
{other_titles}
# One or two sentences for lists and search results (optional).
# summary:
#   {lang}: …

# When: a day (YYYY-MM-DD), or a day and time (YYYY-MM-DDTHH:MM) in the
# site's time zone. end is optional.
start: {day.isoformat()}
# end: {day.isoformat()}T17:00

# The day the recap last changed in a way readers should notice (optional;
# feeds, sitemap and calendars use it).
# updated: {day.isoformat()}

# If the date is an estimate, say so (optional).
# date_note: {{{lang}: …}}

# What kind of event: {", ".join(EVENT_KINDS)}
kind: other
# How it took place: {", ".join(FORMATS)}
format: in-person

# Where (needed for in-person and hybrid events).
venue:
  name: {_yaml_string("…")}
  # street: Musterstraße 1
  # postal_code: "10115"      # in quotes, so the leading zero stays
  # city: Berlin
  # country: DE               # two letters

# The web address of an online or hybrid event (optional).
# online_url: https://…

# Ids from content/organizations.yaml, topics.yaml, regions.yaml, series.yaml.
# organizers: [ihk]
# partners: []
# topics: []
# regions: []
# series: {{id: treffen, part: 2}}

# How many took part (a whole number).
# participants: 40

# The programme: one entry per session.
# programme:
#   - kind: keynote
#     title: {{{lang}: …}}
#     summary: {{{lang}: …}}
#     speakers:
#       - {{name: Dr. Anna Beispiel, organization: ihk, role: {{{lang}: …}}}}

# What came out of it. kind: agreement, project, next-event, publication,
# contact; status: planned, in-progress, done; link: a web address or
# event:<folder of another event>.
# outcomes:
#   - {{kind: agreement, status: planned, text: {{{lang}: …}}, date: {day.isoformat()}}}

# Quotes from participants.
# quotes:
#   - {{text: {{{lang}: …}}, by: {{{lang}: …}}}}

# Pictures: put the file into this folder. alt describes the picture for
# people who cannot see it (required).
# images:
#   - {{file: photo.jpg, alt: {{{lang}: …}}, caption: {{{lang}: …}}, credit: …}}

# Further links.
# links:
#   - {{url: https://…, label: {{{lang}: …}}}}

# Who to ask.
# contact: {{name: …, email: name@example.org, phone: …, url: https://…}}
"""


def recap_markdown(lang: str, title_lang: str, title: str | None) -> str:
    if title is not None:
        head = (f"# This recap's title and summary come from event.yaml. To use others in\n"
                f"# '{lang}', write them here (and slug: for another web address):\n"
                f"# title: {_yaml_string(title)}\n# summary: …\n")
    else:
        head = (f"# The '{lang}' version of the recap. Not translating it? Delete this file:\n"
                f"# '{lang}' pages then link to the '{title_lang}' recap. Title, summary: event.yaml, or:\n"
                f"# title: …\n# summary: …\n")
    return f"---\n{head}# Write the recap in Markdown below the closing --- line.\n---\n\n"


def page_markdown(title: str, lang: str, title_lang: str) -> str:
    note = "" if lang == title_lang else f"# Translate the title into '{lang}'.\n"
    return (f"---\n{note}title: {_yaml_string(title)}\n"
            f"# slug: another-web-address\n"
            f"# Write the page in Markdown below the closing --- line.\n---\n\n")
