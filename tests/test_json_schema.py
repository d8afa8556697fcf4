"""One declaration of the content format (recap_site.format), and what is made of it:
the JSON Schemas editors' editors read, the docs' field tables, the template of
`recap new event`, and the reader itself.

Content is read here as the YAML language server (VS Code's YAML extension)
reads it, YAML 1.2 (tests/yaml12.py), and validated with the jsonschema library.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from zoneinfo import ZoneInfo

import jsonschema
import pytest
import yaml
from conftest import MINIMAL, REPO, build, check, run, soup, write_site

from recap_site import format as fmt, json_schema, reference
from recap_site.config import load_config
from recap_site.errors import Report
from recap_site.schema import SIMPLE, Fields
from recap_site.sourcefile import parse_yaml

sys.path.insert(0, str(Path(__file__).parent))
import yaml12  # noqa: E402
from test_editor_mistakes import EXPECTED, MISTAKES  # noqa: E402

SCHEMA_FILES = ["event.schema.json", "organizations.schema.json", "page.schema.json", "people.schema.json",
                "recap.schema.json", "regions.schema.json", "series.schema.json", "site.schema.json", "topics.schema.json"]


def validator(schemas: dict, name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schemas[name])


def problems(schemas: dict, name: str, data) -> list[str]:
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator(schemas, name).iter_errors(data))


def front_matter(text: str):
    if not text.startswith("---\n"):
        return None
    return yaml12.load(text.split("---\n", 2)[1]) or {}


def site_problems(root: Path) -> dict[str, list[str]]:
    """Every content file of the site at ``root`` against that site's schemas (file -> problems)."""
    result = run("schema", "--source", str(root), "--output", str(root.parent / "schemas-out"))
    assert result.exit_code == 0, result.output
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (root.parent / "schemas-out").iterdir()}
    found = {}
    content = root / "content"
    found["site.yaml"] = problems(schemas, "site.schema.json", yaml12.load((content / "site.yaml").read_text()))
    for name in ("organizations", "topics", "regions", "series"):
        path = content / f"{name}.yaml"
        if path.exists():
            found[path.name] = problems(schemas, f"{name}.schema.json", yaml12.load(path.read_text()))
    for path in sorted(content.glob("events/*/event.yaml")):
        found[path.relative_to(root).as_posix()] = problems(schemas, "event.schema.json",
                                                             yaml12.load(path.read_text()))
    for path in sorted(content.glob("events/*/*.md")) + sorted(content.glob("pages/*/*.md")):
        meta = front_matter(path.read_text())
        if meta is not None:
            kind = "page" if "pages" in path.parts else "recap"
            found[path.relative_to(root).as_posix()] = problems(schemas, f"{kind}.schema.json", meta)
    return found


# The schemas themselves --------------------------------------------------------------------

def test_every_schema_is_valid_draft_2020_12():
    for name, schema in json_schema.schemas().items():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)
    assert sorted(json_schema.schemas()) == SCHEMA_FILES


def test_the_packaged_schemas_are_what_the_declaration_gives():
    shipped = json_schema.packaged()
    assert sorted(p.name for p in shipped.glob("*.json")) == SCHEMA_FILES
    for name, schema in json_schema.schemas().items():
        assert json.loads((shipped / name).read_text(encoding="utf-8")) == schema, (
            f"{name} differs from format.py: run python -m recap_site.reference")


def test_every_field_type_is_read_documented_and_described_in_the_schema():
    for kind in fmt.TYPES:
        assert kind in reference.TYPE_WORDS, kind
        record = fmt.Record("x", (fmt.Field("inner", fmt.PLAIN, "i", "i"),))
        field = fmt.Field("f", kind, "help", "Hilfe", record=record, ref="topics", choices=("a",))
        schema = json_schema.value(field, json_schema.Site())
        assert schema["description"].startswith("help") and set(schema) - {"title", "description"}, kind
    # Fields.value reads the simple types; the others are read by their loader, and it says so.
    mapping = parse_yaml("f: x\n", "x.yaml")
    fields = Fields(mapping, "x.yaml", Report(), ("de",), ("f",))
    for kind in set(fmt.TYPES) - SIMPLE:
        with pytest.raises(ValueError, match="is read by its loader"):
            fields.value(fmt.Field("f", kind, "h", "h"))


def test_the_docs_field_reference_is_what_the_declaration_gives():
    for path, languages in ((REPO / "README.md", ["en"]), (REPO / "docs" / "editing.md", ["de", "en"])):
        text = path.read_text(encoding="utf-8")
        assert [m.group("lang") for m in reference.MARKER.finditer(text)] == languages, path
        assert reference.updated(text) == text, (
            f"{path.name} differs from format.py: run python -m recap_site.reference")
    german = reference.tables("de")
    assert "| `programme[].slides_url` | Webadresse (https://…) |  | Wo die Folien veröffentlicht sind |" in german
    assert "| `venue` | Felder, eingerückt darunter | **Pflicht**, außer bei `format`: `online` |" in german


# Content validates -------------------------------------------------------------------------

def test_the_sample_site_validates_against_its_schemas(tmp_path):
    import shutil

    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    found = site_problems(root)
    events = [name for name in found if name.endswith("event.yaml")]
    assert len(events) == len(list((REPO / "content/events").glob("*/event.yaml"))) > 0
    assert {name: errors for name, errors in found.items() if errors} == {}


def test_the_fixture_sites_validate_against_their_schemas(site):
    from conftest import DRAFT
    assert {name: errors for name, errors in site_problems(site(DRAFT)).items() if errors} == {}


def test_a_generated_archive_validates_against_its_schemas(tmp_path):
    sys.path.insert(0, str(REPO / "bench"))
    import generate

    generate.generate(40, tmp_path / "generated", tools=("recap",))
    root = next(path.parent for path in (tmp_path / "generated").rglob("content") if path.is_dir())
    found = site_problems(root)
    assert len(found) > 40
    assert {name: errors for name, errors in found.items() if errors} == {}


# The site's own ids -----------------------------------------------------------------------

def test_a_sites_schema_offers_its_languages_and_registry_ids(site):
    root = site()
    result = run("schema", "--source", str(root))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [str(root / "schemas" / name) for name in json_schema.schemas()]
    event = json.loads((root / "schemas/event.schema.json").read_text())
    props = event["properties"]
    assert props["organizers"]["anyOf"][0]["enum"] == ["ihk"]
    assert props["topics"]["anyOf"][0]["enum"] == ["energie"]
    assert props["regions"]["anyOf"][0]["enum"] == ["berlin"]
    assert props["series"]["properties"]["id"]["enum"] == ["treffen"]
    assert props["kind"]["enum"] == list(fmt.EVENT_KINDS)
    link = props["outcomes"]["items"]["properties"]["link"]["anyOf"][1]
    assert link["enum"] == ["event:2023-09-05-treffen"]
    assert set(props["title"]["anyOf"][1]["properties"]) == {"de", "en"}
    # Help on hover, in the site's language.
    assert props["kind"]["description"].startswith("Art der Veranstaltung (network-meeting | workshop")
    assert props["title"]["description"] == "Der Name der Veranstaltung · Pflichtfeld"


def test_mistakes_are_underlined_by_the_schema(site):
    root = site()
    run("schema", "--source", str(root))
    schemas = {name: json.loads((root / "schemas" / name).read_text()) for name in SCHEMA_FILES}
    good = yaml12.load(MINIMAL["content/events/2023-09-05-treffen/event.yaml"].replace("        ", ""))
    assert problems(schemas, "event.schema.json", good) == []
    cases = {
        "kind": ({**good, "kind": "Workshop"}, "kind: 'Workshop' is not one of"),
        "unknown key": ({**good, "summmary": "x"}, "Additional properties are not allowed ('summmary' was unexpected)"),
        "missing title": ({k: v for k, v in good.items() if k != "title"}, "'title' is a required property"),
        "venue": ({k: v for k, v in good.items() if k != "venue"}, "'venue' is a required property"),
        "topic": ({**good, "topics": ["energy"]}, "topics"),
        "date": ({**good, "start": "05.09.2023"}, "start: '05.09.2023' does not match"),
        "language": ({**good, "title": {"DE": "x"}}, "title"),
    }
    for name, (data, expected) in cases.items():
        found = problems(schemas, "event.schema.json", data)
        assert any(expected in line for line in found), (name, found)
    online = {**{k: v for k, v in good.items() if k != "venue"}, "format": "online"}
    assert problems(schemas, "event.schema.json", online) == []


# Parity with the editor-mistakes corpus -------------------------------------------------------

# event.yaml mistakes YAML itself refuses to read: the YAML language server marks them as syntax
# errors before any schema is applied.
# (geschuetzt-wert: a non-breaking space after "summary:" makes the line no key: value at all.)
SYNTAX = {"anfuehrung", "doppelpunkt", "geschuetzt-wert", "raute-gruppe", "stern", "klammeraffe", "nach-anfuehrung",
          "bindestrich", "eckig", "groesser", "liste-zeile", "ergebnis-einzug", "leerzeichen-vorn"}
# event.yaml mistakes the schema underlines: a wrong value, an unknown id, key or language, a missing field.
CAUGHT = ["beides", "datei-link", "datum", "datum-kurz", "domain", "draft-gross", "entwurf", "ergebnis", "ergebnis-unter-bildern",
          "erledigt", "folgt-eingerueckt", "format",
          "geschuetzt", "jahr-kurz", "komma", "komma-titel", "kontakt", "link-adresse", "name-doppelpunkt", "name-neu",
          "name-statt-id", "ort", "praesenz", "programm-zeit", "region", "reihe", "schluessel", "schluessel-zeichen",
          "sperrfrist", "sprache-gross", "sprecher-namen", "status-tippfehler", "tausend", "teilnehmer-namen",
          "teilnehmer-plus", "thema", "ungefaehr", "veranstalter", "www", "zahl"]
# event.yaml mistakes a JSON Schema cannot express, and why; recap check reports each of them.
CANNOT = {
    "raute": "YAML reads ' #2 in Berlin' as a comment; the schema sees a shorter title, which is valid",
    "bildname": "whether a file exists in the event's folder (and how its name is spelt) is not in the YAML",
    "bild-fehlt": "whether a file exists in the event's folder is not in the YAML",
    "sprecher": "a speaker's organization may be any name; that 'ihkk' is a slip for the id 'ihk' is a guess",
    "uhrzeit": "a rule between two fields (end may have a time only when start has one), checked by recap check",
    "platzhalter": "the template's placeholder '…' is a valid text; recap check warns that it would be published",
    "zeitzone": "a time with an offset is valid; that it falls on another day in the site's time zone needs that zone",
    "ausrufezeichen": "'! Wichtig' is YAML's tag '!' before a valid text; the schema sees 'Wichtig'",
    "und-zeichen": "'&Co KG' is a name (anchor) before a valid text; the schema sees 'KG'",
    "block-text": "line breaks and Markdown in a text are valid text; recap check warns that they are not shown",
    "mail-unsichtbar": "a zero-width space is a valid character in a text; recap check names it",
    "uhrzeit-ende": "a rule between two fields (start with a time, end without one), checked by recap check",
    "bildnachweis": "'Foto: IHK' is a valid credit; that the page writes its own label before it is the layout's",
    "telefon-label": "'Tel. +49 …' is a valid phone text; that the page writes its own label before it is the layout's",
    "uebersetzung-fakten": "'TODO: übersetzen' and a German sentence under en: are valid texts; recap check warns "
                           "that they would be published",
}


def test_every_event_yaml_mistake_of_the_corpus_is_caught_by_the_schema_or_listed(site):
    root = site(MISTAKES)
    run("schema", "--source", str(root))
    schemas = {name: json.loads((root / "schemas" / name).read_text()) for name in SCHEMA_FILES}
    with_facts_mistake = sorted({line.split("/")[2].removeprefix("2023-09-05-") for line in EXPECTED
                                 if "/event.yaml:" in line})
    caught, syntax, cannot = [], [], []
    for name in with_facts_mistake:
        text = MISTAKES[f"content/events/2023-09-05-{name}/event.yaml"]
        try:
            data = yaml12.load(text)
        except yaml.YAMLError:
            syntax.append(name)
            continue
        found = problems(schemas, "event.schema.json", data)
        if found:
            caught.append(name)
        else:
            cannot.append(name)
    assert caught == CAUGHT
    assert syntax == sorted(SYNTAX)
    assert cannot == sorted(CANNOT), "update CANNOT: the schema now catches, or misses, other mistakes"


# The template and its schema line --------------------------------------------------------------

def test_recap_new_names_the_schema_in_the_site_folder_and_brings_it_up_to_date(site):
    root = site()
    run("new", "event", "Erstes Treffen", "--date", "2025-03-04", "--source", str(root))
    folder = root / "content/events/2025-03-04-erstes-treffen"
    first = (folder / "event.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../schemas/event.schema.json"
    schema = folder / first.split("=")[1]
    assert schema.resolve() == (root / "schemas/event.schema.json").resolve()
    links = json.loads(schema.read_text())["properties"]["outcomes"]["items"]["properties"]["link"]["anyOf"][1]
    assert links["enum"] == ["event:2023-09-05-treffen", "event:2025-03-04-erstes-treffen"]  # with the new one
    # Examples are this site's ids, so that one works once its # is removed.
    text = (folder / "event.yaml").read_text()
    assert "# organizers: [ihk]" in text and "# topics: [energie]" in text and "id: treffen" in text
    assert "link: event:2023-09-05-treffen" in text


def test_the_template_shows_every_declared_field_with_its_help_and_validates(site):
    root = site()
    run("new", "event", "Vorlage", "--date", "2025-03-04", "--source", str(root))
    text = (root / "content/events/2025-03-04-vorlage/event.yaml").read_text()
    words = " ".join(line.lstrip("# ").strip() for line in text.splitlines())
    for _, record in fmt.records(fmt.EVENT):
        for field in record:
            assert f"{field.key}:" in text, field.key
            assert field.de in words, field.key
    assert "# Wo sie stattfand (Pflicht, außer bei format: online).\nvenue:\n" in text
    run("schema", "--source", str(root))
    schemas = {name: json.loads((root / "schemas" / name).read_text()) for name in SCHEMA_FILES}
    assert problems(schemas, "event.schema.json", yaml12.load(text)) == []


def test_recap_schema_refuses_the_content_folder(site):
    root = site()
    result = run("schema", "--source", str(root), "--output", str(root / "content" / "schemas"))
    assert result.exit_code == 1
    assert result.output.strip() == (f"refusing to write schemas into '{root / 'content' / 'schemas'}': "
                                     "it is inside the content folder")
    assert not (root / "content" / "schemas").exists()


def test_recap_schema_needs_a_site_folder_and_reads_a_broken_one(tmp_path, site):
    result = run("schema", "--source", str(tmp_path))
    assert result.exit_code == 1
    assert result.output.strip() == (f"no content/ folder in {tmp_path.resolve()}; run recap in the site folder "
                                     "(the folder that holds content/), or pass --source with it")
    root = site({"content/site.yaml": "title: T\nlanguages: de, en\n", "content/topics.yaml": "a: [\n"})
    result = run("schema", "--source", str(root))
    assert result.exit_code == 0, result.output
    event = json.loads((root / "schemas/event.schema.json").read_text())
    assert event["properties"]["topics"]["anyOf"][0]["not"] == {}  # topics.yaml does not parse: no ids yet
    assert "propertyNames" in event["properties"]["title"]["anyOf"][1]  # languages unreadable: any language


def test_the_build_publishes_the_schemas(site):
    out = build(site(), "--no-search")
    published = json.loads((out / "schemas/event.schema.json").read_text())
    assert published["$id"] == "https://example.org/schemas/event.schema.json"
    assert published["properties"]["organizers"]["anyOf"][0]["enum"] == ["ihk"]


# A field added by one declaration ---------------------------------------------------------

def test_programme_items_link_their_slides_and_recording(site):
    facts = MINIMAL["content/events/2023-09-05-treffen/event.yaml"].rstrip(" ") + (
        "        programme:\n"
        "          - title: {de: Impuls, en: Keynote}\n"
        "            slides_url: https://example.org/folien.pdf\n"
        "            video_url: https://example.org/video\n"
        "          - title: Pause\n")
    out = build(site({"content/events/2023-09-05-treffen/event.yaml": facts}), "--no-search")
    page = soup(out / "de/veranstaltungen/2023-09-05-treffen/index.html")
    sessions = page.select("ol.programme > li")
    links = [(a["href"], a.get_text()) for a in sessions[0].select(".session-links a")]
    assert links == [("https://example.org/folien.pdf", "Folien: Impuls"),
                     ("https://example.org/video", "Aufzeichnung: Impuls")]
    assert sessions[1].select(".session-links") == []
    english = soup(out / "en/events/2023-09-05-meeting/index.html")
    assert [a.get_text() for a in english.select(".session-links a")] == ["Slides: Keynote", "Recording: Keynote"]


def test_a_bad_slides_address_is_reported_at_its_line(site):
    facts = MINIMAL["content/events/2023-09-05-treffen/event.yaml"].rstrip(" ") + (
        "        programme:\n          - title: Impuls\n            slides_url: folien.pdf\n")
    result = check(site({"content/events/2023-09-05-treffen/event.yaml": facts}))
    assert result.exit_code == 1
    assert "content/events/2023-09-05-treffen/event.yaml:12: error: programme[1].slides_url: 'folien.pdf' is not " \
           "a web address (it must start with https:// or http://); a file of the event's folder is linked from the " \
           "recap's text: [Text](folien.pdf)" in result.output.splitlines()


def test_defaults_come_from_the_declaration(site):
    config = load_config(site(), Report())
    assert config.page_size == fmt.SITE["page_size"].default
    assert config.max_recap_bytes == fmt.SITE["max_recap_kb"].default * 1024
    assert config.max_file_bytes == fmt.SITE["max_file_mb"].default * 1024 * 1024
    assert str(config.timezone) == fmt.SITE["timezone"].default


# What the editor shows: the YAML language server of VS Code's YAML extension ------------------

def _event_with_mistakes(root: Path) -> Path:
    run("schema", "--source", str(root))
    run("new", "event", "Im Editor", "--date", "2025-03-04", "--source", str(root))
    path = root / "content/events/2025-03-04-im-editor/event.yaml"
    text = path.read_text(encoding="utf-8").replace("kind: other\n", "kind: Workshop\n")
    text = text.replace("draft: true\n", "draft: true\nsummmary: Kurz\ntopics: [energy]\norganizers: \n")
    text = text.replace("start: 2025-03-04\n", "start: 04.03.2025\n")
    path.write_text(text, encoding="utf-8")
    return path


def test_the_yaml_language_server_underlines_completes_and_explains(site):
    from lsp import Client

    root = site()
    path = _event_with_mistakes(root)
    lines = path.read_text(encoding="utf-8").splitlines()
    client = Client(root, {"yaml": {"validate": True, "completion": True, "hover": True}})
    try:
        uri = client.open(path)
        found = sorted((d["range"]["start"]["line"], d["message"]) for d in client.wait_for_diagnostics(uri))
        underlined = {lines[line].split(":")[0] for line, _ in found}
        assert underlined == {"kind", "start", "summmary", "topics"}, found  # "organizers:" empty is no mistake
        # In words, not as a regular expression.
        assert (lines.index("start: 04.03.2025"), "Erwartet: ein Datum wie 2023-09-05 oder Datum und Uhrzeit "
                "wie 2023-09-05T10:00") in found, found
        assert any("Workshop" not in message and "Value is not accepted" in message
                   or "network-meeting" in message for line, message in found if lines[line].startswith("kind"))
        assert any("summmary" in message for _, message in found)
        # Completion offers the allowed values and the site's own ids.
        kind_line = next(i for i, line in enumerate(lines) if line.startswith("kind:"))
        assert set(fmt.EVENT_KINDS) <= set(client.completion(uri, kind_line, len("kind: ")))
        organizers_line = next(i for i, line in enumerate(lines) if line.startswith("organizers:"))
        assert "ihk" in client.completion(uri, organizers_line, len("organizers: "))
        # Hover shows the field's help in the site's language.
        assert "Art der Veranstaltung" in client.hover(uri, kind_line, 1)
    finally:
        client.close()


def test_the_vscode_settings_snippet_associates_the_other_files(site):
    from lsp import Client

    root = site({"content/site.yaml": MINIMAL["content/site.yaml"] + "page_size: viele\n"})
    run("schema", "--source", str(root))
    guide = (REPO / "docs" / "editing.md").read_text(encoding="utf-8")
    snippet = json.loads(guide.split("```json\n", 1)[1].split("```", 1)[0])
    schemas = snippet["yaml.schemas"]  # as written: relative to the workspace, the site folder
    client = Client(root, {"yaml": {"validate": True, "schemas": schemas}})
    try:
        uri = client.open(root / "content/site.yaml")
        lines = (root / "content/site.yaml").read_text(encoding="utf-8").splitlines()
        found = client.wait_for_diagnostics(uri)
        assert [lines[d["range"]["start"]["line"]].split(":")[0] for d in found] == ["page_size"], found
    finally:
        client.close()


def test_a_declaration_the_reader_cannot_honour_is_refused():
    with pytest.raises(ValueError, match="a text field has no default the reader applies"):
        fmt.Field("f", fmt.TEXT, "h", "h", default="x")
    with pytest.raises(ValueError, match="a count field cannot be required"):
        fmt.Field("f", fmt.COUNT, "h", "h", required=True)


def test_read_gives_what_value_gives_for_a_missing_field():
    """Fields.read skips the call for an absent optional field; it must give what value() would."""
    mapping = parse_yaml("other: x\n", "x.yaml")
    for kind in SIMPLE:
        for default in (None, 7) if kind == fmt.COUNT else (None, True, False) if kind == fmt.FLAG else (None,):
            field = fmt.Field("f", kind, "h", "h", default=default, choices=("a",))
            fields = Fields(mapping, "x.yaml", Report(), ("de",), ("f", "other"))
            zone = ZoneInfo("Europe/Berlin")
            assert fields.read(fmt.Record("r", (field,)), zone) == {"f": fields.value(field, zone)}, kind


# The reader, as the declaration drives it ---------------------------------------------------

def test_base_url_from_the_command_line_needs_none_in_site_yaml(site):
    root = site({"content/site.yaml": "title: T\nlanguages: [de, en]\n"})
    result = run("build", "--source", str(root), "--output", str(root / "public"), "--base-url",
                 "https://archiv.example.org/", "--no-search")
    assert result.exit_code == 0, result.output
    assert '"https://archiv.example.org/schemas/event.schema.json"' in (root / "public/schemas/event.schema.json").read_text()
    result = check(root)
    assert "content/site.yaml:1: error: base_url: required field is missing" in result.output.splitlines()


def test_a_key_with_nothing_after_it_is_no_mistake_where_nothing_is_lost(site):
    facts = MINIMAL["content/events/2023-09-05-treffen/event.yaml"].replace("organizers: [ihk]", "organizers:")
    facts = facts.rstrip(" ") + "        partners:\n        summary:\n        participants:\n"
    result = check(site({"content/events/2023-09-05-treffen/event.yaml": facts}))
    assert result.exit_code == 0, result.output


def test_published_schemas_list_only_what_published_events_use(site):
    from conftest import DRAFT
    draft = DRAFT["content/events/2024-03-01-entwurf/event.yaml"].rstrip(" ") + "        series: {id: geheim}\n"
    root = site({**DRAFT, "content/events/2024-03-01-entwurf/event.yaml": draft,
                 "content/series.yaml": "treffen: {title: Treffen}\ngeheim: {title: Geheimes Projekt}\n"})
    event = json.loads((build(root, "--no-search") / "schemas/event.schema.json").read_text())
    assert event["properties"]["series"]["properties"]["id"]["enum"] == ["treffen"]
    assert event["properties"]["outcomes"]["items"]["properties"]["link"]["anyOf"][1]["enum"] == [
        "event:2023-09-05-treffen"]
    run("schema", "--source", str(root))  # the editor's own copy knows every entry and every event
    local = json.loads((root / "schemas/event.schema.json").read_text())
    assert local["properties"]["series"]["properties"]["id"]["enum"] == ["treffen", "geheim"]


def test_recap_schema_refuses_a_link_and_a_file_and_writes_readable_files(site, tmp_path):
    root = site()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "schemas").symlink_to(elsewhere)
    result = run("schema", "--source", str(root))
    assert result.exit_code == 1
    assert result.output.strip() == f"refusing to write schemas into '{root / 'schemas'}': it is a link to another place"
    assert list(elsewhere.iterdir()) == []
    (root / "schemas").unlink()
    (root / "schemas").write_text("x")
    result = run("schema", "--source", str(root))
    assert result.exit_code == 1
    assert result.output.strip() == f"the output path '{root / 'schemas'}' is a file, not a folder"
    (root / "schemas").unlink()
    assert run("schema", "--source", str(root)).exit_code == 0
    assert {oct(path.stat().st_mode & 0o777) for path in (root / "schemas").iterdir()} == {"0o644"}


def test_reserved_names_include_the_schema_folder(site):
    result = check(site({"content/pages/schemas/de.md": "---\ntitle: Schemas\n---\nText.\n"}))
    assert "content/pages/schemas: error: page folder name 'schemas' is a reserved name" in result.output.splitlines()


def test_a_flag_with_nothing_after_it_keeps_its_default(site):
    from conftest import SITE_YAML
    root = site({"content/site.yaml": SITE_YAML + "social_cards:\nallow_raw_html:\n"})
    config = load_config(root, Report())
    assert (config.social_cards, config.allow_raw_html) == (True, False)


def test_the_schema_takes_what_check_takes_for_flags_and_address_parts(site):
    root = site()
    run("schema", "--source", str(root))
    schemas = {name: json.loads((root / "schemas" / name).read_text()) for name in SCHEMA_FILES}
    settings = yaml12.load(MINIMAL["content/site.yaml"])
    assert problems(schemas, "site.schema.json", settings) == []
    bad = {**settings, "paths": {"events": {"de": "Veranstaltungen"}}}
    assert [line.split(":")[0] for line in problems(schemas, "site.schema.json", bad)] == ["paths/events"]
    result = check(write_site(root, {"content/site.yaml": "title: T\nlanguages: [de, en]\n"
                                                          "base_url: https://example.org/\npaths:\n"
                                                          "  events: {de: Veranstaltungen}\n"}))
    assert ("content/site.yaml:5: error: paths.events: 'Veranstaltungen' may only use a-z, 0-9 and '-' "
            "(for example 'veranstaltungen')") in result.output.splitlines(), result.output
    event = yaml12.load(MINIMAL["content/events/2023-09-05-treffen/event.yaml"].replace("        ", ""))
    for written, accepted in (("tRuE", True), ("Yes", True), ("off", True), (True, True), ("vielleicht", False)):
        assert (problems(schemas, "event.schema.json", {**event, "draft": written}) == []) is accepted, written
