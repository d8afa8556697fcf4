"""``/schemas/<file>.schema.json``: the JSON Schema of each content file, as this site has it.

A published copy for editors' editors (see :mod:`recap_site.json_schema`):
it lists the site's languages and the ids of its registries and published
events, so that ``recap new``'s ``# yaml-language-server: $schema=…`` line
can point to it when the site folder has no schemas of its own.
"""

from __future__ import annotations

from typing import Iterator

from .. import json_schema
from ..format import REGISTRY_FILES, help_language
from ..model import Site
from ..paths import UrlScheme
from ..write import Output


def schema_outputs(site: Site, urls: UrlScheme) -> Iterator[Output]:
    """Only what the published site shows: ids that published events use (an entry only a draft
    uses is not made public here), and published events."""
    used: dict[str, set[str]] = {name: set() for name in REGISTRY_FILES}
    for event in site.events:
        used["organizations"].update(org.id for org in (*event.organizers, *event.partners))
        used["organizations"].update(speaker.organization.id for session in event.programme
                                     for speaker in session.speakers if speaker.organization)
        used["topics"].update(term.id for term in event.topics)
        used["regions"].update(term.id for term in event.regions)
        if event.series is not None:
            used["series"].add(event.series.id)
    ids = {name: tuple(entry for entry in getattr(site, name) if entry in used[name]) for name in REGISTRY_FILES}
    ids["events"] = tuple(sorted(event.id for event in site.events))
    described = json_schema.Site(site.languages, ids, help_language(site.languages))
    base = urls.absolute(urls.schema(""))
    for name, schema in json_schema.schemas(described, base).items():
        yield Output(urls.output_path(urls.schema(name)), "content", data=json_schema.dumps(schema).encode())
