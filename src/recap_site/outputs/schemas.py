"""``/schemas/<file>.schema.json``: the JSON Schema of each content file, as this site has it.

A published copy for editors' editors (see :mod:`recap_site.json_schema`):
it lists the site's languages and the ids of its registries and published
events, so that ``recap new``'s ``# yaml-language-server: $schema=…`` line
can point to it when the site folder has no schemas of its own.
"""

from __future__ import annotations

from typing import Iterator

from .. import json_schema
from ..format import help_language
from ..model import Site
from ..paths import UrlScheme
from ..write import Output


def schema_outputs(site: Site, urls: UrlScheme) -> Iterator[Output]:
    ids = {"organizations": tuple(site.organizations), "topics": tuple(site.topics),
           "regions": tuple(site.regions), "series": tuple(site.series),
           "events": tuple(sorted(event.id for event in site.events))}
    described = json_schema.Site(site.languages, ids, help_language(site.languages))
    base = urls.absolute(urls.schema(""))
    for name, schema in json_schema.schemas(described, base).items():
        yield Output(urls.output_path(urls.schema(name)), "content", data=json_schema.dumps(schema).encode())
