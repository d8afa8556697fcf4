"""YAML read as the YAML language server reads it (YAML 1.2, core schema).

VS Code's YAML extension validates against JSON Schema what YAML 1.2 makes
of a file: ``10178`` is a number, ``true`` a boolean, but ``NO``, ``yes``
and ``2023-09-05`` are texts. PyYAML implements YAML 1.1, so this loader
replaces its implicit types with those of the 1.2 core schema.
"""

from __future__ import annotations

import re

import yaml


class Yaml12Loader(yaml.SafeLoader):
    pass


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
):
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), first)


def _int(loader, node):
    value = loader.construct_scalar(node)
    if value.startswith("0o"):
        return int(value[2:], 8)
    return int(value, 0) if value.startswith("0x") else int(value)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int)


def load(text: str):
    return yaml.load(text, Loader=Yaml12Loader)  # noqa: S506 - a SafeLoader subclass
