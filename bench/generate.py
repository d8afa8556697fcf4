"""Write N synthetic bilingual events three times: for recap-site, Hugo and Pelican.

    python bench/generate.py --events 2000 --out bench/.work/2000

creates ``recap/`` (a recap-site site folder), ``hugo/`` (page bundles with
``index.de.md``/``index.en.md`` and a small theme of its own with the same
pages) and ``pelican/`` (``Lang`` plus translations, the default theme copied
into the site so that a layout edit can be measured). Everything is derived
from one seeded random generator, so a given N always gives the same files.
"""

from __future__ import annotations

import argparse
import functools
import random
import shutil
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

SEED = 20240905

TOPICS = [
    ("transformation", "Transformation der Industrie", "Industrial transformation"),
    ("fachkraefte", "Fachkräfte und Nachwuchs", "Skilled workers and young talent"),
    ("standortstaerkung", "Standortstärkung", "Strengthening business locations"),
    ("vernetzung", "Vernetzung", "Networking"),
    ("mittelstand", "Mittelstand", "Small and medium-sized enterprises"),
    ("digitalisierung", "Digitalisierung und KI", "Digitalisation and AI"),
    ("internationale-zusammenarbeit", "Internationale Zusammenarbeit", "International cooperation"),
    ("wasserstoff", "Wasserstoff", "Hydrogen"),
    ("kreislaufwirtschaft", "Kreislaufwirtschaft", "Circular economy"),
    ("energieeffizienz", "Energieeffizienz", "Energy efficiency"),
    ("mobilitaet", "Mobilität", "Mobility"),
    ("ausbildung", "Ausbildung", "Vocational training"),
    ("gruendungen", "Gründungen", "Start-ups"),
    ("lieferketten", "Lieferketten", "Supply chains"),
    ("forschung", "Forschung und Transfer", "Research and transfer"),
    ("buerokratieabbau", "Bürokratieabbau", "Cutting red tape"),
    ("klimaschutz", "Klimaschutz", "Climate protection"),
    ("handwerk", "Handwerk", "Crafts"),
    ("gleichstellung", "Gleichstellung", "Equality"),
    ("laendlicher-raum", "Ländlicher Raum", "Rural areas"),
]
REGIONS = [
    ("baden-wuerttemberg", "Baden-Württemberg", "Baden-Württemberg"), ("bayern", "Bayern", "Bavaria"),
    ("berlin", "Berlin", "Berlin"), ("brandenburg", "Brandenburg", "Brandenburg"),
    ("hamburg", "Hamburg", "Hamburg"), ("hessen", "Hessen", "Hesse"),
    ("niedersachsen", "Niedersachsen", "Lower Saxony"), ("nordrhein-westfalen", "Nordrhein-Westfalen", "North Rhine-Westphalia"),
    ("sachsen", "Sachsen", "Saxony"), ("thueringen", "Thüringen", "Thuringia"),
]
CITIES = [("Berlin", "10178"), ("Stuttgart", "70173"), ("München", "80331"), ("Leipzig", "04109"),
          ("Köln", "50667"), ("Hannover", "30159"), ("Dresden", "01067"), ("Erfurt", "99084")]
ORG_WORDS_DE = ["Industrieinitiative", "Netzwerk", "Kammer", "Verband", "Cluster", "Agentur", "Stiftung", "Institut"]
ORG_WORDS_EN = ["Industrial initiative", "Network", "Chamber", "Association", "Cluster", "Agency", "Foundation", "Institute"]
PLACES = ["Hohenlohe", "Rhein-Sieg", "Lausitz", "Ostwestfalen", "Oberfranken", "Vorpommern", "Allgäu", "Emsland",
          "Saar", "Harz", "Erzgebirge", "Bodensee", "Niederrhein", "Eifel", "Altmark"]
KINDS = ["network-meeting", "workshop", "conference", "forum", "webinar"]
FORMATS = ["in-person", "hybrid", "online"]
SERIES = 10

DE_SENTENCES = [
    "Die Teilnehmer*innen diskutierten, wie sich regionale Wertschöpfung trotz steigender Energiepreise sichern lässt.",
    "Vertreter*innen aus Kammern, Verbänden und Unternehmen brachten ihre Erfahrungen aus der Praxis ein.",
    "Besonders lebhaft wurde über die Frage gestritten, welche Förderprogramme tatsächlich bei kleinen Betrieben ankommen.",
    "Mehrere Akteur*innen berichteten von Pilotprojekten, die bereits nach einem Jahr messbare Ergebnisse zeigen.",
    "Im Mittelpunkt stand die Zusammenarbeit zwischen Hochschulen, Berufsschulen und Betrieben vor Ort.",
    "Ein Unternehmer aus dem Maschinenbau schilderte, wie sein Betrieb die Umstellung auf erneuerbare Energie geplant hat.",
    "Die Moderatorin fasste zusammen, dass gemeinsame Standards wichtiger sind als neue Einzelmaßnahmen.",
    "Kritisch angemerkt wurde, dass Genehmigungsverfahren oft länger dauern als die eigentliche Investition.",
    "Gleichzeitig betonten die Gäste, dass der Austausch über Ländergrenzen hinweg neue Ideen hervorbringt.",
    "Für die Nachwuchsgewinnung wurden Praktika, Projekttage und Patenschaften mit Schulen vorgeschlagen.",
    "Die Runde verständigte sich darauf, bis zum nächsten Treffen eine Übersicht guter Beispiele zu erstellen.",
    "Mitarbeiter*innen der Servicestelle nahmen die Anregungen auf und sagten eine Auswertung zu.",
    "Auch die Frage nach bezahlbaren Flächen für Ansiedlungen kam mehrfach zur Sprache.",
    "Zum Abschluss dankten die Veranstalter*innen allen Beteiligten für die offene Diskussion.",
]
EN_SENTENCES = [
    "Participants discussed how regional value creation can be secured despite rising energy prices.",
    "Representatives of chambers, associations and companies contributed their practical experience.",
    "The question of which funding programmes actually reach small businesses sparked a lively debate.",
    "Several stakeholders reported on pilot projects that already showed measurable results after one year.",
    "The focus was on cooperation between universities, vocational schools and local companies.",
    "An entrepreneur from mechanical engineering described how his company planned the switch to renewable energy.",
    "The moderator summed up that shared standards matter more than new individual measures.",
    "Critics noted that approval procedures often take longer than the investment itself.",
    "At the same time, guests stressed that exchange across state borders produces new ideas.",
    "To attract young talent, internships, project days and partnerships with schools were proposed.",
    "The group agreed to compile an overview of good examples before the next meeting.",
    "Staff of the service office took up the suggestions and promised an evaluation.",
    "The question of affordable land for new businesses also came up several times.",
    "In closing, the organisers thanked everyone for the open discussion.",
]
DE_HEADINGS = ["Ausgangslage", "Erfahrungen aus der Praxis", "Diskussion im Plenum", "Ergebnisse und Ausblick",
               "Was die Regionen brauchen", "Nächste Schritte"]
EN_HEADINGS = ["Starting point", "Experience from practice", "Plenary discussion", "Results and outlook",
               "What the regions need", "Next steps"]
DE_ITEMS = ["mehr Anschauungsmaterial im Unterricht", "Projekttage mit berufstätigen Eltern",
            "gezielte Vernetzung der Betriebe vor Ort", "Bürgerdialoge zu Ansiedlungen",
            "gemeinsame Ausbildungsverbünde", "schnellere Genehmigungen für Pilotanlagen"]
EN_ITEMS = ["more hands-on material in school lessons", "project days with working parents",
            "targeted networking of local companies", "citizens' dialogues on new sites",
            "joint training alliances", "faster approval for pilot plants"]


@dataclass(frozen=True)
class SyntheticEvent:
    id: str
    day: date
    title_de: str
    title_en: str
    summary_de: str
    summary_en: str
    kind: str
    format: str
    city: str
    postal_code: str
    topics: tuple[str, str]
    organizers: tuple[str, str]
    region: str
    series: int | None
    part: int | None
    participants: int
    body_de: str
    body_en: str


def organizations() -> list[tuple[str, str, str]]:
    orgs = []
    for i, place in enumerate(PLACES):
        for j in range(4):
            word = (i + j) % len(ORG_WORDS_DE)
            orgs.append((f"org-{i:02d}-{j}", f"{ORG_WORDS_DE[word]} {place}", f"{ORG_WORDS_EN[word]} {place}"))
    return orgs


def _body(rng: random.Random, sentences, headings, items, quote_by: str, lang: str, number: int) -> str:
    """About 600 words: paragraphs under three headings, a list, a quote and a table."""

    def paragraph(count: int) -> str:
        return " ".join(rng.choice(sentences) for _ in range(count))

    first, second, third = rng.sample(headings, 3)
    table_head = ("| Kennzahl | Wert |" if lang == "de" else "| Figure | Value |")
    rows = [("Teilnehmende", "Participants"), ("Vorträge", "Talks"), ("Workshops", "Workshops"),
            ("Regionen", "Regions")]
    table = "\n".join(
        [table_head, "|---|---:|"]
        + [f"| {de if lang == 'de' else en} | {rng.randint(2, 120)} |" for de, en in rows]
    )
    bullets = "\n".join(f"- {item}" for item in rng.sample(items, 4))
    opening = (f"{number % 28 + 1}. September {2000 + number % 25} – " if lang == "de" else "") + paragraph(5)
    return "\n\n".join([
        opening,
        f"## {first}", paragraph(6), paragraph(5),
        bullets,
        f"## {second}", paragraph(6),
        f"> {rng.choice(sentences)}\n>\n> — {quote_by}",
        paragraph(5),
        f"## {third}", table, paragraph(6), paragraph(4),
    ]) + "\n"


def make_events(count: int, seed: int = SEED) -> list[SyntheticEvent]:
    rng = random.Random(seed)
    orgs = organizations()
    first_day = date(2000, 1, 1)
    span = (date(2025, 12, 31) - first_day).days
    events = []
    for number in range(count):
        day = first_day + timedelta(days=rng.randrange(span))
        topics = tuple(rng.sample([t[0] for t in TOPICS], 2))
        organizers = tuple(rng.sample([o[0] for o in orgs], 2))
        place = rng.choice(PLACES)
        kind = rng.choice(KINDS)
        city, postal_code = rng.choice(CITIES)
        series = rng.randrange(SERIES) if rng.random() < 0.3 else None
        title_de = f"{DE_HEADINGS[number % 6]}: Treffen der Akteur*innen in {place} ({number})"
        title_en = f"{EN_HEADINGS[number % 6]}: meeting of stakeholders in {place} ({number})"
        events.append(SyntheticEvent(
            id=f"{day.isoformat()}-treffen-{place.lower().replace('ä', 'ae').replace('ü', 'ue')}-{number:05d}",
            day=day, title_de=title_de, title_en=title_en,
            summary_de=f"{rng.randint(12, 140)} Teilnehmer*innen aus {place} und anderen Regionen tauschten sich aus.",
            summary_en=f"{rng.randint(12, 140)} participants from {place} and other regions exchanged ideas.",
            kind=kind, format=rng.choice(FORMATS), city=city, postal_code=postal_code,
            topics=topics, organizers=organizers, region=rng.choice(REGIONS)[0],
            series=series, part=None, participants=rng.randint(12, 140),
            body_de=_body(rng, DE_SENTENCES, DE_HEADINGS, DE_ITEMS, "eine Teilnehmerin aus " + place, "de", number),
            body_en=_body(rng, EN_SENTENCES, EN_HEADINGS, EN_ITEMS, "a participant from " + place, "en", number),
        ))
    # Series parts in date order.
    parts: dict[int, int] = {}
    numbered = []
    for event in sorted(events, key=lambda e: (e.day, e.id)):
        if event.series is not None:
            parts[event.series] = parts.get(event.series, 0) + 1
            event = SyntheticEvent(**{**event.__dict__, "part": parts[event.series]})
        numbered.append(event)
    return numbered


def _q(text: str) -> str:
    """A YAML/TOML double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# recap-site -------------------------------------------------------------------
OUTCOME_KINDS = ["agreement", "contact", "next-event", "project", "publication"]
OUTCOME_STATUSES = ["planned", "in-progress", "done"]
OUTCOME_TEXTS = [
    ("Die Teilnehmenden vereinbarten ein Folgetreffen in {place}.", "The participants agreed to meet again in {place}."),
    ("Eine Arbeitsgruppe bereitet einen Leitfaden für Betriebe vor.", "A working group is preparing a guide for companies."),
    ("Die Präsentationen werden allen Teilnehmenden zugeschickt.", "The presentations will be sent to all participants."),
    ("Zwei Unternehmen aus {place} planen ein gemeinsames Projekt.", "Two companies from {place} plan a joint project."),
    ("Ein Kontakt zur Hochschule vor Ort ist entstanden.", "A contact with the local university was made."),
]


def outcomes_yaml(events: list[SyntheticEvent], chains: bool) -> dict[str, str]:
    """Each event's ``outcomes:`` block: two or three outcomes. With ``chains``, every outcome has an
    ``id`` and about a third follow an outcome of an earlier event, as a real archive's would."""
    rng = random.Random(SEED + 1)
    blocks: dict[str, str] = {}
    earlier: list[str] = []  # "event#id" of every outcome on an earlier day
    today: list[str] = []
    day = None
    for event in sorted(events, key=lambda e: (e.day, e.id)):
        if event.day != day:
            earlier.extend(today)
            today, day = [], event.day
        place = event.title_de.split(" in ", 1)[1].rsplit(" (", 1)[0]
        lines = ["outcomes:\n"]
        for position in range(rng.choice((2, 3))):
            kind = rng.choice(OUTCOME_KINDS)
            de, en = rng.choice(OUTCOME_TEXTS)
            lines.append(f"  - kind: {kind}\n    status: {rng.choice(OUTCOME_STATUSES)}\n")
            if kind == "next-event":
                lines.append(f"    date: {(event.day + timedelta(days=rng.randint(30, 200))).isoformat()}\n")
            if chains:
                lines.append(f"    id: o{position + 1}\n")
                if earlier and rng.random() < 0.33:
                    lines.append(f"    follows: {rng.choice(earlier[-400:])}\n")
                today.append(f"{event.id}#o{position + 1}")
            lines.append(f"    text: {{de: {_q(de.format(place=place))}, en: {_q(en.format(place=place))}}}\n")
        blocks[event.id] = "".join(lines)
    return blocks


def write_recap(root: Path, events: list[SyntheticEvent], outcomes: str = "none") -> None:
    """``outcomes``: "none", "plain" (kind, status, text; what every version of recap-site reads) or
    "chains" (plain, with ids and follows)."""
    content = root / "content"
    (content / "events").mkdir(parents=True)
    (content / "site.yaml").write_text(textwrap.dedent("""\
        title: {de: Rückblicke, en: Recaps}
        description: {de: Ein Archiv von Veranstaltungsberichten, en: An archive of event recaps}
        languages: [de, en]
        base_url: https://bench.example.org/
        timezone: Europe/Berlin
        page_size: 10
        paths:
          events: {de: veranstaltungen, en: events}
          topics: {de: themen, en: topics}
          organizations: {de: organisationen, en: organizations}
        """), encoding="utf-8")
    (content / "topics.yaml").write_text(
        "".join(f"{tid}: {{de: {_q(de)}, en: {_q(en)}}}\n" for tid, de, en in TOPICS), encoding="utf-8")
    (content / "regions.yaml").write_text(
        "".join(f"{rid}: {{de: {_q(de)}, en: {_q(en)}}}\n" for rid, de, en in REGIONS), encoding="utf-8")
    (content / "organizations.yaml").write_text("".join(
        f"{oid}:\n  name: {{de: {_q(de)}, en: {_q(en)}}}\n  url: https://example.org/{oid}\n"
        for oid, de, en in organizations()), encoding="utf-8")
    (content / "series.yaml").write_text("".join(
        f"reihe-{n}:\n  title: {{de: \"Reihe {n}\", en: \"Series {n}\"}}\n" for n in range(SERIES)), encoding="utf-8")
    blocks = outcomes_yaml(events, chains=outcomes == "chains") if outcomes != "none" else {}
    for e in events:
        folder = content / "events" / e.id
        folder.mkdir()
        venue = "" if e.format == "online" else (
            f"venue: {{name: \"Haus der Wirtschaft\", postal_code: \"{e.postal_code}\", city: {_q(e.city)}, country: DE}}\n")
        online = "online_url: https://example.org/stream\n" if e.format != "in-person" else ""
        series = f"series: {{id: reihe-{e.series}, part: {e.part}}}\n" if e.series is not None else ""
        (folder / "event.yaml").write_text(
            f"title: {{de: {_q(e.title_de)}, en: {_q(e.title_en)}}}\n"
            f"summary: {{de: {_q(e.summary_de)}, en: {_q(e.summary_en)}}}\n"
            f"start: {e.day.isoformat()}\nkind: {e.kind}\nformat: {e.format}\n{venue}{online}"
            f"organizers: [{', '.join(e.organizers)}]\ntopics: [{', '.join(e.topics)}]\n"
            f"regions: [{e.region}]\n{series}participants: {e.participants}\n{blocks.get(e.id, '')}",
            encoding="utf-8")
        (folder / "de.md").write_text(e.body_de, encoding="utf-8")
        (folder / "en.md").write_text(e.body_en, encoding="utf-8")


# Hugo -------------------------------------------------------------------------
HUGO_CONFIG = """\
baseURL = "https://bench.example.org/"
title = "Rückblicke"
defaultContentLanguage = "de"
defaultContentLanguageInSubdir = true
theme = "bench"
disableKinds = ["RSS"]
enableRobotsTXT = false

[pagination]
  pagerSize = 10

[taxonomies]
  topic = "topics"
  organizer = "organizers"

[markup.goldmark.renderer]
  unsafe = false

[languages.de]
  weight = 1
  languageName = "Deutsch"
  title = "Rückblicke"
[languages.en]
  weight = 2
  languageName = "English"
  title = "Recaps"
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ .Site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ .Site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="/css/site.css">
{{ block "head" . }}{{ end }}
</head>
<body>
<header class="site-header">
  <a class="site-title" href="{{ site.Home.RelPermalink }}">{{ .Site.Title }}</a>
  <nav class="languages"><ul>{{ range .AllTranslations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a></li>{{ end }}</ul></nav>
  <nav class="site-nav"><ul>
    <li><a href="{{ "events/" | relLangURL }}">{{ if eq .Language.Lang "de" }}Alle Veranstaltungen{{ else }}All events{{ end }}</a></li>
    <li><a href="{{ "topics/" | relLangURL }}">{{ if eq .Language.Lang "de" }}Themen{{ else }}Topics{{ end }}</a></li>
    <li><a href="{{ "organizers/" | relLangURL }}">{{ if eq .Language.Lang "de" }}Organisationen{{ else }}Organizations{{ end }}</a></li>
  </ul></nav>
</header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer class="site-footer"><p>{{ .Site.Title }}</p></footer>
</body>
</html>
""",
    "partials/card.html": """\
<article class="card">
  <h2 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
  <p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date | time.Format ":date_long" }}</time> · {{ .Params.kind }}{{ with .Params.city }} · {{ . }}{{ end }}</p>
  {{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
</article>
""",
    "_default/single.html": """\
{{ define "head" }}<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "Event" "name" .Title "startDate" (.Date.Format "2006-01-02") "description" .Params.summary "inLanguage" .Language.Lang "url" .Permalink | jsonify | safeJS }}</script>{{ end }}
{{ define "main" }}
<article class="event">
  <header class="event-header"><p class="eyebrow">{{ .Params.kind }} · {{ .Params.format }}</p><h1>{{ .Title }}</h1>
  {{ with .Params.summary }}<p class="lead">{{ . }}</p>{{ end }}</header>
  <aside class="facts"><dl>
    <dt>Datum</dt><dd><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date | time.Format ":date_long" }}</time></dd>
    {{ with .Params.city }}<dt>Ort</dt><dd>{{ . }}</dd>{{ end }}
    <dt>Teilnehmende</dt><dd>{{ .Params.participants }}</dd>
    <dt>Organisationen</dt><dd><ul class="inline">{{ range .GetTerms "organizers" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd>
    <dt>Themen</dt><dd><ul class="inline">{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd>
  </dl></aside>
  <section class="prose recap">{{ .Content }}</section>
  {{ with .Site.RegularPages.Related . | first 3 }}<section class="related"><h2>Related</h2><ul class="cards">{{ range . }}<li>{{ partial "card.html" . }}</li>{{ end }}</ul></section>{{ end }}
</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .RegularPages }}
<ul class="cards">{{ range $pager.Pages }}<li>{{ partial "card.html" . }}</li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
    "_default/terms.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="term-list">{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> <span class="count">{{ .Count }}</span></li>{{ end }}</ul>
{{ end }}
""",
    "index.html": """\
{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
<ul class="cards">{{ range first 6 (where .Site.RegularPages "Section" "events") }}<li>{{ partial "card.html" . }}</li>{{ end }}</ul>
{{ end }}
""",
}


def write_hugo(root: Path, events: list[SyntheticEvent]) -> None:
    (root / "content" / "events").mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG + textwrap.dedent("""\
        [related]
          includeNewer = true
          threshold = 1
          toLower = false
          [[related.indices]]
            name = "topics"
            weight = 100
        """), encoding="utf-8")
    theme = root / "themes" / "bench"
    for name, text in HUGO_LAYOUTS.items():
        path = theme / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (theme / "static" / "css").mkdir(parents=True)
    (theme / "static" / "css" / "site.css").write_text("body { font-family: sans-serif; }\n", encoding="utf-8")
    for lang, title in (("de", "Alle Veranstaltungen"), ("en", "All events")):
        (root / "content" / "events" / f"_index.{lang}.md").write_text(f"---\ntitle: {_q(title)}\n---\n")
    for e in events:
        folder = root / "content" / "events" / e.id
        folder.mkdir()
        for lang, title, summary, body in (("de", e.title_de, e.summary_de, e.body_de),
                                           ("en", e.title_en, e.summary_en, e.body_en)):
            (folder / f"index.{lang}.md").write_text(
                f"---\ntitle: {_q(title)}\ndate: {e.day.isoformat()}\nsummary: {_q(summary)}\n"
                f"kind: {e.kind}\nformat: {e.format}\ncity: {_q(e.city)}\nparticipants: {e.participants}\n"
                f"topics: [{', '.join(e.topics)}]\norganizers: [{', '.join(e.organizers)}]\n---\n\n{body}",
                encoding="utf-8")


# Pelican ----------------------------------------------------------------------
PELICAN_CONFIG = """\
AUTHOR = "Bench"
SITENAME = "Rückblicke"
SITEURL = "https://bench.example.org"
PATH = "content"
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
THEME = "theme"
DEFAULT_PAGINATION = 10
ARTICLE_URL = "{lang}/events/{slug}/"
ARTICLE_SAVE_AS = "{lang}/events/{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/events/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/events/{slug}/index.html"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.tables": {},
        "markdown.extensions.footnotes": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}
# Pelican's own content cache, so that its rebuilds are as fast as it can make them.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
"""


def write_pelican(root: Path, events: list[SyntheticEvent]) -> None:
    import pelican  # the default theme ships inside the package

    (root / "content").mkdir(parents=True)
    (root / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    shutil.copytree(Path(pelican.__file__).parent / "themes" / "notmyidea", root / "theme")
    for e in events:
        for lang, title, summary, body in (("de", e.title_de, e.summary_de, e.body_de),
                                           ("en", e.title_en, e.summary_en, e.body_en)):
            (root / "content" / f"{e.id}.{lang}.md").write_text(
                f"Title: {title}\nDate: {e.day.isoformat()}\nSlug: {e.id}\nLang: {lang}\n"
                f"Summary: {summary}\nCategory: {e.kind}\nTags: {', '.join(e.topics)}\n"
                f"Authors: {', '.join(e.organizers)}\n\n{body}",
                encoding="utf-8")


def generate(count: int, out: Path, tools=("recap", "hugo", "pelican"), outcomes: str = "none") -> list[SyntheticEvent]:
    """``outcomes`` is for recap-site only (the other tools have no such thing to compare)."""
    events = make_events(count)
    writers = {"recap": functools.partial(write_recap, outcomes=outcomes), "hugo": write_hugo,
               "pelican": write_pelican}
    for tool in tools:
        target = out / tool
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        writers[tool](target, events)
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--outcomes", choices=("none", "plain", "chains"), default="none",
                        help="recap-site's outcomes: none, plain (readable by every version), chains (ids, follows)")
    args = parser.parse_args()
    generate(args.events, args.out, outcomes=args.outcomes)
    print(f"wrote {args.events} events for recap-site, Hugo and Pelican into {args.out}")


if __name__ == "__main__":
    main()
