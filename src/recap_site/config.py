"""content/site.yaml: the site's settings, read as data and checked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import babel

from .errors import ContentError, Report
from .format import DEFAULT_MAX_RECAP_KB, DEFAULT_MAX_RECAP_SECONDS, HOST_PATTERN, PATHS, SITE
from .model import LocalizedText
from .paths import DEFAULT_SEGMENTS, UrlScheme, slug_problem
from .schema import Fields
from .sourcefile import Mapping as YamlMapping, Scalar, Sequence, parse_yaml, read_text

SITE_FILE = "content/site.yaml"
_HOST = re.compile(f"^{HOST_PATTERN}$")


def content_security_policy(frame_hosts: tuple[str, ...] = ()) -> str:
    """The Content-Security-Policy of every page (a <meta> in layouts/base.html).

    Only the site's own scripts, styles, images and fonts; no inline script or
    style. 'wasm-unsafe-eval' lets Pagefind's own search code compile its
    WebAssembly; data: images are Pagefind's icons. Frames only from
    ``iframe_hosts``. See SECURITY.md.
    """
    frames = " ".join(f"https://{host}" for host in frame_hosts) or "'none'"
    return (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
        f"img-src 'self' data:; frame-src {frames}; object-src 'none'; base-uri 'self'; form-action 'self'"
    )


@dataclass(frozen=True)
class SiteConfig:
    root: Path  # the site folder
    title: LocalizedText
    description: LocalizedText
    languages: tuple[str, ...]
    base_url: str
    timezone: ZoneInfo
    urls: UrlScheme
    page_size: int
    allow_raw_html: bool
    max_file_bytes: int
    max_recap_bytes: int = DEFAULT_MAX_RECAP_KB * 1024  # the Markdown text of one recap or page
    max_recap_seconds: int = DEFAULT_MAX_RECAP_SECONDS  # the most one recap may take to convert
    iframe_hosts: tuple[str, ...] = ()  # hosts a recap may embed with <iframe src="https://…">
    external_link_label: LocalizedText | None = None  # added to links to other hosts, for screen readers
    # language -> the locale its dates and numbers are written in (en: en_GB); else the language's own
    locales: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    social_cards: bool = True  # a link preview picture for events without pictures (outputs.cards)
    people_pages: bool = True  # a page for everyone in content/people.yaml
    mark_overdue: bool = False  # the public site marks open outcomes past their date

    def locale(self, lang: str) -> str:
        return self.locales.get(lang, lang)

    @property
    def default_lang(self) -> str:
        return self.languages[0]

    @property
    def content_security_policy(self) -> str:
        return content_security_policy(self.iframe_hosts)


def where_is_the_site(folder: Path) -> str:
    """What to do when ``folder`` is not a site folder: the site folder it is in, if any
    (recap was run inside content/ or an event's folder), else what a site folder holds."""
    for above in folder.resolve().parents:
        if (above / SITE_FILE).is_file():
            return f"the site folder is {above}: run recap there, or pass --source {above}"
    return "run recap in the site folder (the folder that holds content/), or pass --source with it"


_PAGE_FILES = (".html", ".htm", ".php", ".asp", ".aspx", ".jsp", ".cgi", ".shtml", ".xml")


def base_url_problem(url: str) -> str | None:
    """What makes ``url`` no address a site can be published at (every page's links, the
    sitemap and the feeds are made from it), or None."""
    if re.search(r"\s", url):
        return "has a space in it, which a web address cannot have; write it as %20, or leave it out"
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        return ("holds a user name or password, which every page's links, the sitemap and the feeds would "
                f"show; write it without them: {parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path or '/'}")
    if parts.query or parts.fragment:
        return f"has a {'query (?…)' if parts.query else 'fragment (#…)'}; the site's address ends with its folder"
    host = parts.hostname or ""
    if not re.fullmatch(r"(?:[^\W_](?:[\w-]*[^\W_])?\.)*[^\W_](?:[\w-]*[^\W_])?\.?", host) \
            and not (host.startswith("[") or re.fullmatch(r"[\d.]+|[\da-f:]+", host)):
        return f"has no valid host name ('{host}'): letters, digits, hyphens and dots only"
    last = parts.path.rsplit("/", 1)[-1]
    if last.lower().endswith(_PAGE_FILES):  # a folder's name may have a dot: /recaps.ihk, /v1.2
        folder = parts.path[:-len(last)] or "/"
        return (f"ends with a file's name ({last}); the site's address is its folder: "
                f"{parts.scheme}://{parts.netloc}{folder}")
    return None


def load_config(root: Path, report: Report, base_url: str | None = None) -> SiteConfig:
    """Read content/site.yaml. Problems that make the rest unreadable raise at once."""
    path = root / SITE_FILE
    if not path.exists() and not path.is_symlink():
        raise ContentError(SITE_FILE, 0, f"not found in {root.resolve()}; {where_is_the_site(root)}")
    data = parse_yaml(read_text(path, SITE_FILE, inside=root / "content"), SITE_FILE)
    if data is None:
        raise ContentError(SITE_FILE, 0, "the file is empty; it needs at least title, languages and base_url")
    if not isinstance(data, YamlMapping):
        raise ContentError(SITE_FILE, 1, "expected settings as key: value lines (title, languages, base_url, …)")

    languages = read_languages(data, report)
    fields = Fields(data, SITE_FILE, report, languages, SITE)
    v = fields.read(SITE, skip=("base_url",) if base_url else ())  # --base-url: site.yaml's is not read
    title = v["title"]
    description = v["description"] or title
    base = base_url or v["base_url"] or "http://localhost/"
    if base_url and not base_url.startswith(("http://", "https://")):
        raise ContentError(SITE_FILE, 0, f"--base-url '{base_url}' must start with https:// or http://")
    problem = base_url_problem(base)
    if problem and base_url:
        raise ContentError(SITE_FILE, 0, f"--base-url '{base_url}' {problem}")
    if problem:
        fields.error("base_url", f"'{base}' {problem}")
        base = "http://localhost/"

    zone_name = fields.string("timezone") or SITE["timezone"].default
    try:
        timezone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        fields.error("timezone", f"unknown time zone '{zone_name}' (for example {SITE['timezone'].default})")
        timezone = ZoneInfo(SITE["timezone"].default)

    segments = _segments(fields, report, languages)
    iframe_hosts = []
    for host, line in fields.ids("iframe_hosts"):
        if _HOST.match(host):
            iframe_hosts.append(host)
        else:
            report.error(SITE_FILE, line, f"iframe_hosts: '{host}' is not a host name "
                         "(write it without https://, for example www.youtube-nocookie.com)")
    locales = _locales(fields, report, languages)
    report.raise_if_errors()
    return SiteConfig(
        root=root,
        title=title,
        description=description,
        languages=languages,
        base_url=base,
        timezone=timezone,
        urls=UrlScheme.create(base, segments),
        page_size=v["page_size"],
        allow_raw_html=v["allow_raw_html"],
        max_file_bytes=v["max_file_mb"] * 1024 * 1024,
        max_recap_bytes=v["max_recap_kb"] * 1024,
        max_recap_seconds=v["max_recap_seconds"],
        iframe_hosts=tuple(iframe_hosts),
        external_link_label=v["external_link_label"],
        social_cards=v["social_cards"],
        people_pages=v["people_pages"],
        mark_overdue=v["mark_overdue"],
        locales=locales,
    )


def _example_locale(lang: str) -> str:
    return {"en": "en_GB", "de": "de_AT"}.get(lang, f"{lang}_{lang.upper()}")


def _locales(fields: Fields, report: Report, languages: tuple[str, ...]) -> Mapping[str, str]:
    """``locales: {en: en_GB}``: how each language writes dates and numbers."""
    value = fields.mapping.get("locales")
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, YamlMapping):
        fields.error("locales", "expected one locale per language, for example {en: en_GB}")
        return MappingProxyType({})
    found = {}
    for lang, code in value.items():
        line = value.key_lines[lang]
        if lang not in languages:
            report.error(SITE_FILE, line, f"locales: '{lang}' is not a site language ({', '.join(languages)})")
            continue
        try:
            locale = babel.Locale.parse(str(code).replace("-", "_"))
        except (ValueError, TypeError, babel.UnknownLocaleError):
            report.error(SITE_FILE, line, f"locales.{lang}: '{code}' is not a known locale (for example "
                         f"{_example_locale(lang)})")
            continue
        if locale.language != lang:
            report.error(SITE_FILE, line, f"locales.{lang}: '{code}' is a locale of another language; "
                         f"write one of '{lang}', such as {_example_locale(lang)}")
            continue
        found[lang] = str(locale)
    return MappingProxyType(found)


def read_languages(data: YamlMapping, report: Report) -> tuple[str, ...]:
    """``languages:`` of site.yaml; raises ContentError when it cannot be used."""
    value = data.get("languages")
    line = data.key_lines.get("languages", data.line)
    if not isinstance(value, Sequence) or not value or not all(isinstance(v, Scalar) for v in value):
        raise ContentError(SITE_FILE, line, "languages: expected a list of language codes, e.g. [de, en]")
    languages = []
    for code, code_line in zip(value, value.item_lines):
        try:
            locale = babel.Locale.parse(str(code))
        except (ValueError, babel.UnknownLocaleError):
            raise ContentError(SITE_FILE, code_line, f"languages: '{code}' is not a known language code") from None
        if str(code).isalpha() and str(code).islower() and locale.language != code:  # ger, eng (CLDR's aliases), iw
            meant = locale.language
            which = "the three-letter code" if len(str(code)) == 3 else "an old code"
            raise ContentError(SITE_FILE, code_line, (
                f"languages: '{code}' is {which} of {babel.Locale(meant).english_name}; write its "
                f"{'two-letter ' if len(meant) == 2 else ''}code '{meant}', which the pages' addresses (/{meant}/) "
                f"and the recaps' file names ({meant}.md) use"))
        if code in languages:
            raise ContentError(SITE_FILE, code_line, f"languages: '{code}' is listed twice")
        if slug_problem(str(code)):
            raise ContentError(SITE_FILE, code_line, f"languages: '{code}' must be a lowercase code such as 'de'")
        languages.append(str(code))
    return tuple(languages)


def _segments(fields: Fields, report: Report, languages) -> Mapping[str, Mapping[str, str]]:
    paths = fields.sub("paths", PATHS)
    segments: dict[str, dict[str, str]] = {}
    if paths is None:
        return MappingProxyType(segments)
    for key in DEFAULT_SEGMENTS:
        text = paths.text(key)
        if text is None:
            continue
        segments[key] = {}
        for lang in languages:
            value = text[lang]
            problem = slug_problem(value)
            if problem:
                paths.error(key, problem)
            else:
                segments[key][lang] = value
    # Two lists in one language must not share a segment.
    for lang in languages:
        seen: dict[str, str] = {}
        for key in DEFAULT_SEGMENTS:
            if key == "page":
                continue
            value = segments.get(key, {}).get(lang, DEFAULT_SEGMENTS[key])
            if value in seen:
                paths.error(key, f"'{value}' is used for both {seen[value]} and {key} in '{lang}'")
            seen[value] = key
    return MappingProxyType(segments)
