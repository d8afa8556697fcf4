"""Themes and rendering: Jinja layouts, UI strings, assets.

The default theme is the repository's ``layouts/`` and ``assets/``; the
installed package carries a copy (see pyproject.toml). A site folder's own
``layouts/`` and ``assets/`` override files of the same name, so a site can
change one partial without copying the whole theme.
"""

from __future__ import annotations

import difflib
import re
import sys
import traceback
from string import Formatter
from dataclasses import dataclass, fields, is_dataclass
from datetime import date as datetime_date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterator, Mapping
from urllib.parse import urlsplit

import jinja2
import markupsafe
from jinja2 import meta
from PIL import ImageColor
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

from .config import SiteConfig
from .errors import ContentError, RecapError, Report
from .markdown import PageIds, address_host, on_another_host
from .model import OUTCOME_ANCHOR, LocalizedText, Route, Site, current_texts_read, note_texts_read, texts_read
from .parallel import iter_indexes
from .outputs import PageMetaBuilder
from .outputs.cards import CSS_COMMENT
from .paths import CUSTOM_STYLESHEET, STYLESHEET, TAXONOMIES, default_theme_dir
from .sourcefile import Mapping as YamlMapping, Scalar, left_by_programs, outside_problem, parse_yaml, read_text
from .schema import cut_short, did_you_mean
from .write import Output


def in_language(text: LocalizedText, lang: str) -> markupsafe.Markup:
    """``text`` in ``lang`` for a page in ``lang``. A text the facts give only in
    another language is shown in that one, marked with its ``lang`` (WCAG 3.1.2),
    so that a screen reader reads it in the right voice."""
    shown = text.shown_in(lang)
    if shown in (lang, "*"):  # "*": a text in no language (a link's address as its label)
        return markupsafe.escape(text[lang])
    return markupsafe.Markup('<span lang="{}">{}</span>').format(shown, text[lang])


def external_hint(label: LocalizedText | None, lang: str) -> markupsafe.Markup:
    """What a link to another host says to a screen reader after its text (site.yaml
    ``external_link_label``), as the recaps' links have it; nothing without the setting."""
    if label is None:
        return markupsafe.Markup("")
    shown = label.shown_in(lang)
    own = "" if shown == lang else markupsafe.Markup(' lang="{}"').format(shown)
    return markupsafe.Markup('<span class="visually-hidden"{}> ({})</span>').format(own, label[lang])


_LAYOUT_ID = re.compile(r'\bid="([A-Za-z][\w.:-]*)"')
_LAYOUT_ID_START = re.compile(r'\bid="([A-Za-z][\w-]*)\{\{')


_HEX_PROPERTY = re.compile(r"--([\w-]+)\s*:\s*#[0-9a-fA-F]{3,8}\s*;")
_PROPERTY = re.compile(r"(?<![\w-])--([\w-]+)\s*:\s*([^;}]*)")  # (a run of dashes is read once)
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_NOT_A_COLOUR_TO_TELL = ("var(", "inherit", "initial", "unset", "revert", "currentcolor", "transparent")


def _check_colours(rel: str, css: str, colours: set[str], report: Report) -> None:
    """A value of one of the theme's colour properties (``colours``) that is no colour: the
    browser drops the declaration, and what uses the property is left without it."""
    css = CSS_COMMENT.sub(lambda found: "\n" * found.group().count("\n"), css)
    for found in _PROPERTY.finditer(css):
        name, value = found.group(1), found.group(2).strip()
        if name not in colours or value.lower().startswith(_NOT_A_COLOUR_TO_TELL):
            continue
        # A word or a # value: a browser's functions (rgb(1 2 3 / 50%), light-dark(…)) are not read here.
        named = re.fullmatch(r"[A-Za-z]+", value) is not None and value.lower() not in ImageColor.colormap
        if named or value.startswith("#") and not _HEX.fullmatch(value) or not value:
            report.warning(rel, css.count("\n", 0, found.start()) + 1, (
                f"--{name}: '{value}' is not a colour a browser knows, so the pages are left without this colour "
                "(their links, buttons or background lose it); write it as #rrggbb (#c00000) or as a colour's "
                "English name (red)"))


@dataclass(frozen=True)
class Theme:
    roots: tuple[Path, ...]  # the site folder first, then the default theme
    strings: Mapping[str, Mapping[str, str]]  # lang -> key -> text, fallbacks filled in
    # The style sheets every page loads, in order: the theme's, then the site's own few changes
    # (assets/css/custom.css), when it has them.
    stylesheets: tuple[str, ...] = (STYLESHEET,)

    @property
    def layout_dirs(self) -> list[Path]:
        return [root / "layouts" for root in self.roots if (root / "layouts").is_dir()]

    def page_ids(self) -> PageIds:
        """The ids the layouts of the pages that show a recap or a page's text (event.html,
        page.html and what they extend, include and import) give the parts of the page (written
        out, id="facts-heading", or the beginning of one they make, id="status-{{ … }}"), and an
        outcome's anchor: a recap's heading gets none of them (see markdown.PageIds). A layout
        that names another through an expression (not to be followed) makes it every layout's."""
        sources: dict[str, str] = {}  # layout name -> its text, the site's own before the theme's
        for folder in self.layout_dirs:
            for path in sorted(folder.rglob("*.html")):
                try:
                    sources.setdefault(path.relative_to(folder).as_posix(), path.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError):
                    continue  # rendering reports the layout
        shown, todo, everything = set(), list(TEXT_LAYOUTS), False
        while todo:
            name = todo.pop()
            if name in shown or name not in sources:
                continue
            shown.add(name)
            try:
                loaded = meta.find_referenced_templates(jinja2.Environment().parse(sources[name]))
            except jinja2.TemplateSyntaxError:
                everything = True  # rendering reports it
                continue
            for other in loaded:
                everything = everything or other is None
                # "./partials/x.html" is partials/x.html to the loader too
                todo.extend(["/".join(jinja2.loaders.split_template_path(other))] if other is not None else [])
        ids, prefixes = set(), {OUTCOME_ANCHOR}
        for name in (sources if everything else sorted(shown)):
            ids.update(_LAYOUT_ID.findall(sources[name]))
            prefixes.update(_LAYOUT_ID_START.findall(sources[name]))
        return PageIds(frozenset(ids), tuple(sorted(prefixes)))

    def assets(self) -> dict[str, Path]:
        """Asset name (POSIX, relative to assets/) -> file; the site's files win.

        Only plain files inside the assets/ folder itself: links (to
        ``.git/``, ``.env`` or anywhere else), pipes and devices are left out, and so is a
        file whose name is not UTF-8, which no address can name (:func:`load_theme` tells)."""
        return {name: path for name, path in _asset_files(self.roots).items() if _utf8(name)}


def _asset_files(roots: tuple[Path, ...]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for root in reversed(roots):
        folder = root / "assets"
        if folder.is_dir() and root.resolve() in folder.resolve().parents:  # not a link out of the site
            for path in sorted(folder.rglob("*")):
                if not path.is_symlink() and path.is_file() and outside_problem(path, folder) is None:
                    found[path.relative_to(folder).as_posix()] = path
    return found


def _utf8(name: str) -> bool:
    """Whether a file name read from the disk is UTF-8 (Python reads other bytes as surrogates)."""
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _check_asset_names(roots: tuple[Path, ...], report: Report) -> None:
    """A file in assets/ whose name is not UTF-8 (copied from a system that writes names in
    another encoding) cannot be part of an address: it is left out, and said so."""
    for name in _asset_files(roots):
        if not _utf8(name):
            report.warning(f"assets/{name}", 0, "this file is not published: its name is not UTF-8 (it was "
                                             "written on a system that uses another encoding for file names), "
                                             "so no web address can name it; rename it")


def load_theme(config: SiteConfig, report: Report) -> Theme:
    theme_dir = default_theme_dir()
    roots = [config.root]
    if theme_dir.resolve() != config.root.resolve():
        roots.append(theme_dir)
    _check_own_layouts(tuple(roots), config, report)
    _check_asset_names(tuple(roots), report)
    _check_own_stylesheet(tuple(roots), report)
    # Loaded by the pages only if published: as Theme.assets() finds it (not through a link).
    own = (CUSTOM_STYLESHEET,) if len(roots) > 1 and CUSTOM_STYLESHEET in _asset_files((config.root,)) else ()
    if own:
        _check_own_base(config.root, report)
    return Theme(tuple(roots), _load_strings(tuple(roots), config, report), (STYLESHEET, *own))


def _check_own_base(root: Path, report: Report) -> None:
    """A site's own base.html (copied from the theme before it loaded custom.css) that loads the
    style sheets by name: the site's custom.css would be on no page."""
    base = root / "layouts" / "base.html"
    try:
        text = base.read_text(encoding="utf-8") if base.is_file() and not base.is_symlink() else ""
    except (OSError, UnicodeDecodeError):
        return  # _check_own_layouts tells it
    if text and "stylesheets" not in text and CUSTOM_STYLESHEET not in text:
        report.warning("layouts/base.html", 0, (
            f"the pages do not load assets/{CUSTOM_STYLESHEET}, because this layout names its style sheets itself; "
            "load them as the theme's base.html does: {% for sheet in stylesheets %}<link rel=\"stylesheet\" "
            "href=\"{{ urls.asset(sheet) }}\">{% endfor %}"))


def _check_own_stylesheet(roots: tuple[Path, ...], report: Report) -> None:
    """A site's own css/site.css replaces the theme's whole style sheet: one much shorter than the
    theme's was most likely meant to change a few colours, and leaves the pages bare. The
    colours a site's own style sheets give the theme's colour properties must be colours."""
    if len(roots) < 2:
        return
    own, theirs = (root / "assets" / STYLESHEET for root in roots[:2])
    try:
        theme_css = theirs.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    colours = set(_HEX_PROPERTY.findall(theme_css))  # --accent, --bg …: the theme's colours
    for name in (STYLESHEET, CUSTOM_STYLESHEET):
        path = roots[0] / "assets" / name
        if path.is_file() and not path.is_symlink():
            _check_colours(f"assets/{name}", path.read_text(encoding="utf-8", errors="replace"), colours, report)
    try:
        size, full = own.stat().st_size, len(theme_css.encode("utf-8"))
    except OSError:
        return
    if size < full // 4:
        report.warning(f"assets/{STYLESHEET}", 0, (
            f"this file replaces the theme's whole style sheet (its layout, colours and dark mode), and it is much "
            f"shorter ({size} bytes against the theme's {full}), so the pages lose the theme's look; to change a few "
            f"things, such as the colours, write only those into assets/{CUSTOM_STYLESHEET}, which the pages load "
            f"after the theme's style sheet, and delete this file (or copy the theme's {theirs} here and change the "
            "copy)"))


_LAYOUT_SUFFIXES = (".html", ".xml", ".txt")
_JINJA_TAG = re.compile(r"[-+]?\s*(\w+)\b(.*?)[-+]?$", re.S)  # inside {% … %}: the tag's name and the rest
_JINJA_NAME = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)')""")
# What may follow a layout's name in a tag that names it as a constant; anything else (`if`, `~`,
# a second name) makes it an expression.
_JINJA_AFTER_NAME = {
    "extends": re.compile(r"\s*$"),
    "include": re.compile(r"\s*(ignore\s+missing\s*)?((with|without)\s+context\s*)?$"),
    "import": re.compile(r"\s*as\s+\w+\s*((with|without)\s+context\s*)?$"),
    "from": re.compile(r"\s*import\b.*$", re.S),
}
_JINJA_SELF_CALL = re.compile(r"\bself\.(\w+)\s*\(")
_JINJA_ENDRAW = re.compile(r"\{%[-+]?\s*endraw\s*[-+]?%\}")


@dataclass(frozen=True)
class _Outline:
    """What a layout's tags say of it, read without Jinja's parser (a tenth of a second for the
    theme's layouts, on every build of a site with layouts of its own): the layout it extends
    ("" when named by an expression), its blocks (those not inside another block, with their
    lines), the blocks it calls itself (``self.note()``), and the layouts it loads (None when one
    is named by an expression). One pass over the text: a tag never closed ends it."""

    extends: str | None
    extends_line: int
    blocks: frozenset[str]
    top_blocks: tuple[tuple[str, int], ...]
    called: frozenset[str]
    loads: tuple[str, ...] | None

    @classmethod
    def of(cls, source: str) -> "_Outline":
        extends, extends_line, names, top, loads, depth = None, 0, set(), [], [], 0
        position = counted = 0
        line = 1
        while True:
            start = source.find("{", position)
            if start < 0 or start + 1 >= len(source):
                break
            opener = source[start + 1]
            if opener not in "%#{":
                position = start + 1
                continue
            end = source.find({"#": "#}", "%": "%}", "{": "}}"}[opener], start + 2)
            if end < 0:
                break  # never closed: Jinja reports it
            position = end + 2
            if opener != "%":  # a comment, or an expression ({{ "{%" }} is no tag)
                continue
            tag = _JINJA_TAG.match(source, start + 2, end)
            if tag is None:
                continue
            kind, rest = tag.groups()
            line += source.count("\n", counted, start)  # counted on from the last tag: one pass
            counted = start
            if kind == "raw":
                closing = _JINJA_ENDRAW.search(source, position)
                if closing is None:
                    break
                position = closing.end()
            elif kind == "block":
                name = rest.split()[0] if rest.split() else ""
                names.add(name)
                if depth == 0:
                    top.append((name, line))
                depth += 1
            elif kind == "endblock":
                depth = max(depth - 1, 0)
            elif kind in _JINJA_AFTER_NAME:
                named = _JINJA_NAME.match(rest)
                value = None
                if named is not None and _JINJA_AFTER_NAME[kind].match(rest, named.end()):
                    value = named.group(1) if named.group(1) is not None else named.group(2)
                if kind == "extends":  # a second one (in {% if %} … {% else %}): chosen as it runs
                    extends, extends_line = ("" if value is None or extends is not None else value), line
                if value is None or loads is None:
                    loads = None
                else:
                    loads.append(value)
        return cls(extends, extends_line, frozenset(names), tuple(top), frozenset(_JINJA_SELF_CALL.findall(source)),
                   None if loads is None else tuple(loads))


def _check_own_layouts(roots: tuple[Path, ...], config: SiteConfig, report: Report) -> None:
    """A site's own layouts (layouts/ in the site folder, over the theme's), read as the build
    will: one it cannot read is an error at its line; a block the layout it extends does not
    have (``{% block content %}`` for ``main``) is never shown, an error; a layout no page uses
    (``partial/…`` for ``partials/…``, ``Page.html``) is never read, a warning; so is a file of
    UI strings that is not ``<language>.yaml``."""
    own_dir = config.root / "layouts"
    if len(roots) < 2 or not own_dir.is_dir():
        return
    theme_dir = roots[-1] / "layouts"
    theme_names = sorted(path.relative_to(theme_dir).as_posix() for path in theme_dir.rglob("*")
                         if path.suffix in _LAYOUT_SUFFIXES and path.is_file())
    sources: dict[str, str] = {}  # the site's own layouts; the theme's are read when needed
    own: list[str] = []
    for path in sorted(own_dir.rglob("*")):
        name = path.relative_to(own_dir).as_posix()
        if any(left_by_programs(part) for part in path.relative_to(own_dir).parts):
            continue  # ._event.html (macOS), .DS_Store, de.yaml~: not the site owner's
        if name.startswith("i18n/"):
            if path.is_file() and (path.suffix != ".yaml" or path.stem not in config.languages):
                report.warning(f"layouts/{name}", 0, "this file is not read: the UI strings of a language are read "
                               f"from layouts/i18n/<language>.yaml, for the site's languages "
                               f"({', '.join(config.languages)})")
            continue
        if path.suffix not in _LAYOUT_SUFFIXES or path.is_symlink() or not path.is_file():
            continue  # a link or a pipe: the layout loader refuses it when a page needs it
        try:
            sources[name] = read_text(path, f"layouts/{name}", inside=own_dir)
        except ContentError as exc:
            report.add(exc.problem)
            continue
        own.append(name)
    for name in own:
        for line, problem in _foreign_loads(sources[name], config):
            report.error(f"layouts/{name}", line, problem)
    outlines: dict[str, _Outline | None] = {}

    def outline(name: str) -> _Outline | None:
        """The layout's blocks and what it loads, the site's own before the theme's; None if
        it is not there."""
        if name not in outlines:
            outlines[name] = None
            try:
                source = sources[name] if name in sources else (theme_dir / name).read_text(encoding="utf-8") \
                    if name in theme_names else None
            except (OSError, UnicodeDecodeError):
                source = None
            if source is not None:
                outlines[name] = _Outline.of(source)
        return outlines[name]

    def blocks(name: str, seen: frozenset = frozenset()) -> set[str] | None:
        """The blocks a layout and those it extends have; None when that cannot be told."""
        found = outline(name)
        if found is None or name in seen or found.extends == "":
            return None
        if found.extends is None:
            return set(found.blocks)
        more = blocks(found.extends, seen | {name})
        return None if more is None else set(found.blocks) | more

    for name in own:
        found = outline(name)
        if not found.extends:
            continue
        if found.extends == name:
            report.error(f"layouts/{name}", found.extends_line, f"the layout extends itself ({{% extends \"{name}\" "
                         f"%}}); to build on the theme's {name}, copy it here and change the copy")
            continue
        known = blocks(found.extends)
        if known is None:
            continue
        for block, line in found.top_blocks:
            if block not in known and block not in found.called:  # self.note() shows it where it is called
                report.error(f"layouts/{name}", line,
                             f"{{% block {block} %}} is not a block of {found.extends}, so what it holds is "
                             f"never shown{did_you_mean(block, known)}; the blocks of {found.extends}: "
                             f"{', '.join(sorted(known))}")
    # What the pages use: the theme's layouts at the top of its folder, and what they load.
    if all(name in theme_names for name in own):
        return  # the site's own versions of the theme's layouts
    used, todo = set(), [name for name in theme_names if "/" not in name]
    while todo:
        name = todo.pop()
        if name in used:
            continue
        used.add(name)
        found = outline(name)
        if found is None:
            continue
        if found.loads is None:
            return  # a layout named by an expression: any layout may be used
        for other in found.loads:
            try:
                todo.append("/".join(jinja2.loaders.split_template_path(other)))
            except jinja2.TemplateNotFound:
                continue  # "../x.html": rendering reports it
    for name in own:
        if name not in used:
            report.warning(f"layouts/{name}", 0, f"this layout is not used: no page has a layout of this name, and "
                           f"no layout includes it{_layout_meant(name, theme_names)}")


# Layouts other tools have for a part of every page, which the theme's base.html has as a block.
_PARTS_OF_BASE = {"footer": ("footer", "footer"), "header": ("header and menu", "site_nav"),
                  "nav": ("menu", "site_nav"), "navigation": ("menu", "site_nav"), "menu": ("menu", "site_nav"),
                  "head": ("head", "head")}


def _layout_meant(name: str, theme_names: list[str]) -> str:
    """What a layout no page uses was meant to be: a part of base.html (footer.html), or a layout
    of the theme whose name it nearly has (compared without the ".html" they all end with)."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    if stem in _PARTS_OF_BASE:
        part, block = _PARTS_OF_BASE[stem]
        return (f"; the pages' {part} is the block {block} of base.html: to change it, copy the theme's base.html "
                "into the site's layouts/ and change that block there")
    stems = {theme.rsplit(".", 1)[0].lower(): theme for theme in theme_names}
    near = difflib.get_close_matches(name.rsplit(".", 1)[0].lower(), list(stems), n=3, cutoff=0.75)
    return did_you_mean(name, [stems[found] for found in near])


# Start tags that make the browser load a file, and the attributes that name it (a <link> only for
# the kinds of link it loads: a stylesheet or an icon, not a link to another page).
_LOADING_TAG = re.compile(r"<(img|script|link|iframe|video|audio|source|track|embed|object|input)\b[^<>]*>", re.I)
_LOADING_ATTRIBUTE = re.compile(r"""\s(src|srcset|poster|data|href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_LINK_REL = re.compile(r"""\srel\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
# Jinja's and HTML's comments: nothing in them is loaded (one never closed runs to the end, read once).
_COMMENTS = re.compile(r"\{#.*?(?:#\}|\Z)|<!--.*?(?:-->|\Z)", re.S)
_LOADING_RELS = frozenset({"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest",
                           "apple-touch-icon", "mask-icon"})


def _foreign_loads(source: str, config: SiteConfig) -> Iterator[tuple[int, str]]:
    """(line, message) of each file a layout of the site has the pages load from another website,
    as written in it (an address made by an expression is not seen here): the pages'
    Content-Security-Policy stops it, so it would be missing from every page without a word."""
    own_host = urlsplit(config.base_url).hostname  # (checked when site.yaml was read)
    source = _COMMENTS.sub(lambda found: "\n" * found.group().count("\n"), source)  # (their lines kept)
    for tag in _LOADING_TAG.finditer(source):
        name = tag.group(1).lower()
        if name == "link":
            rel = _LINK_REL.search(tag.group())
            if rel is None or not _LOADING_RELS & set(rel.group(1).strip("\"'").lower().split()):
                continue
        for attribute in _LOADING_ATTRIBUTE.finditer(tag.group()):
            kind, value = attribute.group(1).lower(), attribute.group(2).strip("\"'")
            if kind == "href" and name != "link":
                continue
            for address in ([part.split()[0] for part in value.split(",") if part.split()] if kind == "srcset"
                            else [value]):
                if not on_another_host(address, own_host):
                    continue
                host = address_host(address)
                if name == "iframe" and host in config.iframe_hosts:
                    continue
                fix = ("to embed it, list its host under iframe_hosts: in content/site.yaml" if name == "iframe"
                       else "save the file in the site's assets/ folder and write {{ urls.asset('"
                       + (re.split(r"[?#]", address)[0].rstrip("/").rsplit("/", 1)[-1] or "<its name>")
                       + "') }} instead of the address")
                yield (source.count("\n", 0, tag.start()) + 1,
                       f'<{name} {kind}="{address}"> loads a file from another website ({host}), and the pages load '
                       "nothing from other websites, so that no reader is tracked, and their Content-Security-Policy "
                       f"stops it on every page; {fix}")


def _load_strings(roots: tuple[Path, ...], config: SiteConfig, report: Report) -> Mapping:
    """UI strings per language; a string missing in one language falls back
    to the default language's, with a warning (to the theme's English ones where the theme
    has none in the default language: ``languages: [fr, en]``)."""
    own: dict[str, dict[str, str]] = {}
    theme: dict[str, dict[str, str]] = {}  # lang -> the theme's own strings, to check the site's against
    site_layouts = _SiteLayoutText(roots[0])
    folder = roots[-1] / "layouts" / "i18n"  # the theme's strings
    offered = sorted(path.stem for path in folder.glob("*.yaml")) if folder.is_dir() else []
    fallback = config.default_lang
    if offered and fallback not in offered:
        fallback = "en" if "en" in offered else offered[0]
    for lang in dict.fromkeys((fallback, *config.languages)):  # the fallback first: the others are read against it
        merged: dict[str, str] = {}
        for root in reversed(roots):  # theme first, the site's own file overrides
            path = root / "layouts" / "i18n" / f"{lang}.yaml"
            if not path.is_file():
                continue
            rel = _display(path, config.root, root)
            try:
                # The site's own strings stay inside its layouts/; the theme's come with the package.
                inside = root / "layouts" if root == config.root else None
                data = parse_yaml(read_text(path, rel, inside=inside), rel)
            except ContentError as exc:
                report.add(exc.problem)
                continue
            if data is None:
                continue
            if not isinstance(data, YamlMapping):
                report.error(rel, 1, "expected a mapping from string name to text")
                continue
            site_own = root == config.root and len(roots) > 1
            reference = theme.get(lang) or theme.get(config.default_lang) or theme.get(fallback) or {}
            for key, value in data.items():
                if not isinstance(value, Scalar):
                    report.error(rel, data.key_lines[key], f"{key}: expected a text")
                    continue
                if value.cut:  # "… #GemeinsamStark": YAML's comment
                    report.warning(rel, data.key_lines[key], cut_short(key, value))
                if site_own and not _string_fits(key, str(value), reference, site_layouts, rel, data.key_lines[key],
                                                 report):
                    continue
                merged[key] = str(value)
                # A site's own wording of a count ("{count} Termine") is not followed by the
                # theme's singular ("1 Veranstaltung"): forms it does not give are the general one.
                for form in PLURAL_FORMS:
                    if f"{key}_{form}" not in data:
                        merged.pop(f"{key}_{form}", None)
            if not site_own:
                theme[lang] = dict(merged)
        own[lang] = merged
    default = config.default_lang
    base = {**own[fallback], **own[default]}
    strings = {}
    for lang in config.languages:
        missing = sorted(set(base) - set(own[lang]))
        if missing and not own[lang] and lang not in offered:
            report.warning(f"layouts/i18n/{lang}.yaml", 0, (
                f"the theme has no UI strings in '{lang}' (it has them in {', '.join(offered)}), so the {lang} pages "
                f"show its {fallback} texts (the menu, buttons, the words around dates); to translate them, copy "
                f"{folder / f'{fallback}.yaml'} to the site's layouts/i18n/{lang}.yaml and translate its texts"))
        elif missing:
            shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
            told = default if own[default] else fallback
            report.warning(f"layouts/i18n/{lang}.yaml", 0,
                           f"{len(missing)} UI string(s) missing, the '{told}' text is shown: {shown}")
        strings[lang] = MappingProxyType({**base, **own[lang]})
    return MappingProxyType(strings)


def _string_fits(key: str, text: str, reference: Mapping[str, str], site: _SiteLayoutText, rel: str, line: int,
                 report: Report) -> bool:
    """Whether a site's own UI string can stand in for the theme's: the theme has a string of
    that name (or a layout of the site's uses it), and the text names the values the theme fills
    in, ``{year}``, as the theme's does. A value left out is not shown (a warning); a value the
    theme does not give, or a brace left open, would stop every page that shows the string (an
    error, and the theme's text is used)."""
    base = next((key[:-len(form) - 1] for form in PLURAL_FORMS if key.endswith(f"_{form}")), key)
    if key not in reference and base not in reference and not key.startswith(CONTENT_WORDS):
        if not (site.uses(key) or base != key and site.uses(base)):
            report.warning(rel, line, f"{key}: the theme has no UI string of this name and no layout of the site "
                                      f"uses it, so this text is not shown{did_you_mean(key, reference)}")
            return False
        return True
    given = _placeholders(reference.get(key, reference.get(base, "")))
    if not given:
        return True  # the theme fills nothing in: the text is shown as written, braces and all
    try:
        names = _placeholders(text)
    except ValueError:
        example = sorted(given)[0]
        report.error(rel, line, f"{key}: a brace {{ is not closed; a value the theme fills in is written "
                                f"{{{example}}}, and a brace itself {{{{ or }}}}")
        return False
    unknown = sorted(names - given)
    if unknown:
        offered = ", ".join(f"{{{name}}}" for name in sorted(given)) or "none"
        report.error(rel, line, f"{key}: {{{unknown[0]}}} is not a value the theme fills in here (it fills in "
                                f"{offered}); keep the names in braces as the theme writes them, in every language")
        return False
    for name in sorted(given - names):
        report.warning(rel, line, f"{key}: the theme fills in {{{name}}} here, but this text leaves it out, so "
                                  f"it is not shown; write {{{name}}} where it belongs")
    return True


def _placeholders(text: str) -> set[str]:
    """The names of the values ``text.format(...)`` fills in; ValueError for a brace left open."""
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in Formatter().parse(text) if field is not None}


class _SiteLayoutText:
    """Whether a layout of the site names a UI string (``t('key')``): its layouts are read once,
    when the first string the theme lacks is looked up."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.texts: list[str] | None = None

    def uses(self, key: str) -> bool:
        if self.texts is None:
            self.texts = []
            for path in (self.site / "layouts").rglob("*"):
                if path.suffix in _LAYOUT_SUFFIXES and path.is_file() and not path.is_symlink():
                    try:
                        self.texts.append(path.read_text(encoding="utf-8", errors="replace"))
                    except OSError:
                        continue
        return any(f"'{key}'" in text or f'"{key}"' in text for text in self.texts)


def _display(path: Path, site_root: Path, root: Path) -> str:
    base = site_root if root == site_root else root
    prefix = "" if root == site_root else "(theme) "
    return prefix + path.relative_to(base).as_posix()


PLURAL_FORMS = ("zero", "one", "two", "few", "many")  # CLDR's, besides "other" (the key itself)


# A phone number as written: an area code in brackets before it, "(0)" after a country code, and
# "030 / 123 45" (a slash before a number not starting with 0 or +) are parts of it; other brackets,
# a second number after " / " and the words around it are not.
_PHONE_NUMBER = re.compile(r"(?:\(\d{2,6}\)[ \u00a0]?)?\+?\d(?:[\d.-]|[ \u00a0](?=[\d(])|[ \u00a0]?\(0\)|[ \u00a0]?/[ \u00a0]?(?=[1-9]))*")
_PHONE_DIGITS = 6  # fewer are no phone number ("24/7", "Hotline (24 h)")


def tel_uri(number: str) -> str | None:
    """``tel:`` and the number to dial (RFC 3966), taken from the first number in the text
    ("Tel. +49 30 123 456 (Mo–Fr 9–12 Uhr)"): "+49 (0)30 123 456" is tel:+4930123456, as the
    "(0)" is dialled only from inside the country; None for a text with no number in it."""
    found = next((match for match in _PHONE_NUMBER.finditer(number)
                  if sum(char.isdigit() for char in match.group()) >= _PHONE_DIGITS), None)
    if found is None:
        return None
    text = found.group().rstrip(" \u00a0")
    if text.startswith(("+", "00")):
        text = text.replace("(0)", "")
    return "tel:" + re.sub(r"[^\d+]", "", text)


TEXT_LAYOUTS = ("event.html", "page.html")  # the layouts that show a recap's or a page's Markdown


def _a_day(value: object, name: str) -> object:
    if not isinstance(value, (datetime_date, datetime)):
        what = "the text" if isinstance(value, str) else "the number" if isinstance(value, (int, float)) else "a value"
        raise TypeError(f"|{name}(lang) writes a date, but is given {what} {str(value)[:40]!r}")
    return value


_NO_ATTRIBUTE = re.compile(r"'([\w.]+) object' has no attribute '(\w+)'")


def _attribute_meant(message: str) -> str:
    """A field of the site's records written another way, in words: "a PageTranslation has no
    field 'titel' (did you mean 'title'?)"; else the message as it is."""
    found = _NO_ATTRIBUTE.search(message)
    if found is None:
        return message
    module, _, name = found.group(1).rpartition(".")
    record = getattr(sys.modules.get(module), name, None)
    if record is None or not is_dataclass(record):
        return message
    known = [field.name for field in fields(record)]
    return f"a {name} has no field '{found.group(2)}'{did_you_mean(found.group(2), known)}"


class _MissingString(ContentError):
    """A layout asked for a UI string that no strings file has (reported at the layout's line)."""


# A hyphen that stands for a word's first part ("Netzwerke, -hubs und Cluster"): the browser may
# end a line after it, leaving it alone there; U+2011 is the same hyphen, glued to its word.
_SUSPENDED_HYPHEN = re.compile(r"(?<=\s)-(?=[^\W\d_])")


def _shown(value: object, languages: tuple[str, ...]) -> object:
    """What ``{{ … }}`` writes into a page (Jinja's finalize): a text given in each language is
    not written as is, which would be the default language's on every language's page (nor one
    given in some languages only, which would show unmarked where it falls back). A text that
    is one and the same in every language (a plain string in the YAML) is written as it is.
    A text's hyphen that begins a word keeps to it (HTML, a Markup, is written as it is)."""
    if isinstance(value, LocalizedText) and not (all(lang in value.texts for lang in languages)
                                                 and len(set(value.texts.values())) == 1):
        raise ValueError(f"a text given by language is written here as it is, so every language's page "
                         f"would show the '{value.default_lang}' text ({str(value)[:40]!r}); write it with the "
                         f"page's language, as in site.title[lang] or |in_lang(lang)")
    if type(value) is str and "-" in value:
        return _SUSPENDED_HYPHEN.sub("\u2011", value)
    return value


# UI strings looked up by a free word the content gives (UiStrings.known): a site may add its own.
CONTENT_WORDS = ("session.",)


class UiStrings:
    """``t("key")`` in templates: the UI string in the page's language."""

    def __init__(self, strings: Mapping[str, str], lang: str) -> None:
        self.strings = strings
        self.lang = lang

    def known(self, prefix: str, word: str) -> str:
        """A free word of the content the theme may know (t.known('session.', session.kind)): its
        UI string, ``prefix`` and the word in small letters ("keynote" shows as "Keynote"), else
        the word as written ("Moderation" as it is, on every language's page)."""
        return self.strings.get(prefix + word.strip().lower(), word)

    def __call__(self, key: str, **values: object) -> str:
        try:
            text = self.strings[key]
        except KeyError:
            meant = did_you_mean(key, self.strings)
            raise _MissingString(f"layouts/i18n/{self.lang}.yaml", 0,
                                 f"t('{key}'): the UI string is in no strings file; add it to "
                                 f"layouts/i18n/{self.lang}.yaml (and the other languages'){meant}") from None
        try:
            if any(isinstance(value, markupsafe.Markup) for value in values.values()):
                # A value marked up (a title in another language, with its lang): the rest is escaped.
                return markupsafe.escape(text).format(**values)
            return text.format(**values) if values else text
        except (KeyError, IndexError, ValueError) as exc:  # a site's own string for a site's own layout
            given = ", ".join(f"{{{name}}}" for name in values) or "none"
            raise ContentError(f"layouts/i18n/{self.lang}.yaml", 0,
                               f"{key}: the text cannot be filled in ({type(exc).__name__}: {exc}); the layout "
                               f"fills in {given}, a brace itself is written {{{{ or }}}}") from None

    def count(self, key: str, number: int, **values: object) -> str:
        """``t.count("event_count", 1, count="1")``: the string for ``number`` in the language's
        plural rules (CLDR, through Babel): ``<key>_one`` for "1 Veranstaltung" where the strings
        have it, else ``<key>``."""
        try:
            form = Locale.parse(self.lang.replace("-", "_")).plural_form(number)
        except (ValueError, TypeError):  # a language code Babel does not know: the general form
            form = "other"
        return self(f"{key}_{form}" if f"{key}_{form}" in self.strings else key, **values)


class _LayoutLoader(jinja2.FileSystemLoader):
    """Jinja's loader, reading only plain files inside the layout folders:
    a layout that is a link to ``.git/config`` or a pipe is refused. What programs leave in
    the folders (._event.html, .DS_Store, event.html~) is no layout."""

    def list_templates(self) -> list[str]:
        return [name for name in super().list_templates()
                if not any(left_by_programs(part) for part in name.split("/"))]

    def get_source(self, environment: jinja2.Environment, template: str):
        for folder in self.searchpath:
            path = Path(folder, *jinja2.loaders.split_template_path(template))
            if path.is_symlink() or path.exists():
                problem = outside_problem(path, Path(folder))
                if problem is None and not path.is_file():
                    problem = "is not a plain file"
                if problem is not None:
                    raise ContentError(f"layouts/{template}", 0, problem)
                break
        return super().get_source(environment, template)


class _Fragments:
    """``fragments.get(key) or fragments.put(key, macro(…))`` in a layout: the macro is called the
    first time its key is met (``or`` calls it only then), and the same HTML is used after that.
    For a piece that many pages repeat unchanged, such as a tracker row (one outcome is on up to 8
    pages of the tracker), so that it is made once per process. The key must name everything the piece
    shows, its language too.

    A piece keeps the recaps' texts the page that made it had read by then (model.texts_read: all
    the piece read, and perhaps more), and adds them to the record of each page that takes it:
    a page's record of what it read stays whole, whichever page made the piece."""

    def __init__(self) -> None:
        self.made: dict[object, tuple[markupsafe.Markup, frozenset]] = {}

    def get(self, key: object) -> markupsafe.Markup | None:
        found = self.made.get(key)
        if found is None:
            return None
        note_texts_read(found[1])
        return found[0]

    def put(self, key: object, html: str) -> markupsafe.Markup:
        self.made[key] = (markupsafe.Markup(html), current_texts_read())
        return self.made[key][0]


class Renderer:
    def __init__(self, config: SiteConfig, theme: Theme, site: Site) -> None:
        self.config = config
        self.theme = theme
        self.site = site
        self.env = jinja2.Environment(
            loader=_LayoutLoader([str(d) for d in theme.layout_dirs]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=lambda value: _shown(value, config.languages),
        )
        def date(value, lang):  # named as the filter: an error names it
            return format_date(_a_day(value, "date"), "long", locale=config.locale(lang))

        def month(value, lang):
            return format_skeleton("yMMM", _a_day(value, "month"), locale=config.locale(lang))

        self.env.filters["date"] = date
        self.env.filters["month"] = month
        self.env.filters["number"] = lambda value, lang: format_decimal(value, locale=config.locale(lang))
        self.env.filters["in_lang"] = in_language
        site_host = urlsplit(config.base_url).hostname or ""
        self.env.globals["external_hint"] = lambda url, lang: external_hint(config.external_link_label, lang) \
            if on_another_host(str(url), site_host) else markupsafe.Markup("")  # as the recaps' links
        self.env.filters["tel"] = tel_uri
        self.env.filters["language_name"] = lambda code, lang: Locale.parse(lang).languages.get(code, code)
        self.env.filters["country_name"] = lambda code, lang: Locale.parse(lang).territories.get(code, code)
        self.env.globals["urls"] = config.urls
        self.env.globals["stylesheets"] = theme.stylesheets
        self.env.globals["mark_overdue"] = config.mark_overdue
        self.env.globals["people_pages"] = config.people_pages
        self.env.globals["content_security_policy"] = config.content_security_policy
        self.env.globals["fragments"] = _Fragments()
        # The menu of each language, and its entries in another language than the page's (a page
        # not translated): URL -> that language.
        self.navigation: dict[str, tuple[tuple[str, str], ...]] = {}
        self.navigation_lang: dict[str, dict[str, str]] = {}
        for lang in config.languages:
            self.navigation[lang], self.navigation_lang[lang] = self._navigation(lang)
        self.page_meta = PageMetaBuilder(site, config.urls, config.social_cards)

    def _navigation(self, lang: str) -> tuple[tuple[tuple[str, str], ...], dict[str, str]]:
        t = self.theme.strings[lang]
        urls = self.config.urls
        items = [(t["all_events"], urls.events(lang)), (t["years"], urls.years(lang))]
        items += [(t[kind], urls.taxonomy(kind, lang)) for kind in TAXONOMIES]
        if self.config.people_pages and self.site.people:  # their page was reached from a person's page alone
            items.append((t["people"], urls.people(lang)))
        items.append((t["outcomes"], urls.outcomes(lang)))
        other_language = {}
        for page in self.site.pages:
            # A page not in this language is listed in the first it has (an Impressum written in
            # German only must be reachable from the English pages too).
            shown = next((other for other in (lang, *self.config.languages) if other in page.translations), None)
            if shown is not None:
                items.append((page.translations[shown].title, page.translations[shown].url))
                if shown != lang:
                    other_language[page.translations[shown].url] = shown
        items.append((t["search"], urls.search(lang)))
        return tuple(items), other_language

    def render(self, route: Route) -> bytes:
        try:
            template = self.env.get_template(route.template)
            html = template.render(
                site=self.site,
                route=route,
                lang=route.lang,
                t=UiStrings(self.theme.strings[route.lang], route.lang),
                navigation=self.navigation[route.lang],
                navigation_lang=self.navigation_lang[route.lang],
                meta=self.page_meta(route),
                **route.data.context(),
            )
        except jinja2.TemplateSyntaxError as exc:
            raise ContentError(self._layout(exc.filename), *_syntax_problem(exc)) from None
        except jinja2.TemplateNotFound as exc:
            path, line = self._position(exc)
            if path == "layouts":  # the page's own layout
                raise ContentError(f"layouts/{exc.name}", 0, f"layout not found (needed for {route.url})") from None
            known = self.env.list_templates(filter_func=lambda name: name.endswith(_LAYOUT_SUFFIXES))
            raise ContentError(path, line, f"this line loads the layout {exc.name}, which is neither in the site's "
                                           f"layouts/ nor the theme's{did_you_mean(str(exc.name), known)}") from None
        except _MissingString as exc:  # t('…') of a string no strings file has: the line that asks for it
            path, line = self._position(exc)
            raise ContentError(path, line, str(exc.problem.message)) from None
        except RecapError:
            raise
        except Exception as exc:  # an error inside a layout: name the layout line
            path, line = self._position(exc)
            message = str(exc) or type(exc).__name__
            without_lang = re.search(r"(\w+)\(\) missing 1 required positional argument: 'lang'", message)
            if isinstance(exc, TypeError) and without_lang:
                name = without_lang.group(1)
                message = f"|{name} needs the page's language: write |{name}(lang)"
            elif isinstance(exc, jinja2.UndefinedError):
                message = _attribute_meant(message)
            raise ContentError(path, line, f"{message} (while rendering {route.url})") from None
        return html.encode("utf-8")

    def _layout(self, filename: str | None) -> str:
        if not filename:
            return "layouts"
        path = Path(filename)
        for root in self.theme.roots:
            try:
                return path.relative_to(root).as_posix()
            except ValueError:
                continue
        return filename

    def _position(self, exc: Exception) -> tuple[str, int]:
        """(layout, line) of the layout line that raised ``exc``; ("layouts", 0) if none did."""
        layout_dirs = [str(d) for d in self.theme.layout_dirs]
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if any(frame.filename.startswith(d) for d in layout_dirs):
                return self._layout(frame.filename), frame.lineno or 0
        return "layouts", 0


# Jinja's words for a block left open: the tag it met instead (None at the layout's end), and the block.
_NESTING = re.compile(r"(?:Encountered unknown tag '(\w+)'\. You probably made a nesting mistake|Unexpected end "
                      r"of template)\..*The innermost block that needs to be closed is '(\w+)'", re.S)
_OPENING = frozenset({"if", "for", "block", "macro", "call", "filter", "with", "set", "raw", "trans", "autoescape"})


def _syntax_problem(exc: jinja2.TemplateSyntaxError) -> tuple[int, str]:
    """(line, message) of a layout Jinja cannot read, in words to act on where Jinja's are a
    programmer's: a block left open is told at the line that opens it."""
    message = exc.message or ""
    nested = _NESTING.search(message)
    if nested is not None and exc.filename:
        met, block = nested.groups()
        try:
            source = Path(exc.filename).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            source = ""
        opened = _open_block(source, block, exc.lineno)
        if opened:
            where = (f"before the {{% {met} %}} on line {exc.lineno}" if met else "at the latest at the layout's end")
            return opened, (f"the {{% {block} %}} on this line is not closed, so the layout cannot be read: write "
                            f"{{% end{block} %}} where what it shows ends ({where})")
    if message == "unexpected '}'":
        return exc.lineno, ("a value is written between {{ and }}, two braces on each side; here one } closes it, "
                            "so the layout cannot be read")
    return exc.lineno, message


def _open_block(source: str, block: str, before: int) -> int:
    """The line of the innermost ``{% block %}`` tag of ``source`` still open at line ``before``; 0 if
    none. Read by Jinja's lexer (once over the text; comments and raw parts are no tags)."""
    stack: list[tuple[str, int]] = []
    tag: list[tuple[str, str]] = []  # the tokens of the tag being read
    begins = 0  # its line
    try:
        for line, kind, value in jinja2.Environment().lex(source):
            if line > before:
                break
            if kind == "block_begin":
                tag, begins = [], line
            elif kind == "block_end" and tag:
                name = tag[0][1]
                if name in _OPENING and not (name == "set" and ("operator", "=") in tag):  # {% set x = 1 %}: no end
                    stack.append((name, begins))
                elif name.startswith("end") and stack and stack[-1][0] == name[3:]:
                    stack.pop()
                tag = []
            elif kind not in ("whitespace", "data"):
                tag.append((kind, value))
    except jinja2.TemplateSyntaxError:
        return 0
    return next((line for name, line in reversed(stack) if name == block), 0)


def render_site(config: SiteConfig, theme: Theme, site: Site, media: Mapping[str, Path],
                jobs: int = 1, renderer: Renderer | None = None,
                reuse: Mapping[str, str | None] | None = None,
                inspect: Callable[[bytes], object] | None = None,
                inspected: dict[str, object] | None = None,
                texts: dict[str, tuple[tuple[str, str], ...]] | None = None) -> Iterator[Output]:
    """Every page, then the assets and bundle files. With ``jobs`` > 1 the
    pages are rendered in forked workers; the templates are compiled here
    first, so every worker starts with them. ``reuse``: output path -> the
    previous build's file, for pages whose inputs did not change (see
    :class:`recap_site.incremental.Fingerprints`); those are not rendered.
    ``inspect(html)`` runs in the worker on each rendered page (the link
    check's parse); its results go into ``inspected`` by output path.
    ``texts``: output path -> the recaps' texts each rendered page read, as
    (event id, language) pairs, sorted (see model.texts_read)."""
    renderer = renderer or Renderer(config, theme, site)
    reuse = reuse or {}
    routes = [route for route in site.routes if route.path not in reuse]
    if jobs > 1:
        for template in sorted({route.template for route in routes}):
            try:
                renderer.env.get_template(template)
            except jinja2.TemplateError:
                pass  # reported with its page by render() below
    def job(index: int) -> tuple[bytes, object, tuple[tuple[str, str], ...]]:
        with texts_read() as read:
            html = renderer.render(routes[index])
        return html, inspect(html) if inspect is not None else None, tuple(sorted(read))

    pages = iter_indexes(job, len(routes), jobs)  # as they come: the writer starts on the first
    for route in site.routes:
        if route.path in reuse:  # the previous build's file; None: not needed (recap check writes nothing)
            yield Output(route.path, route.source, file=reuse[route.path])
        else:
            html, found, read = next(pages)
            if inspected is not None:
                inspected[route.path] = found
            if texts is not None:
                texts[route.path] = read
            yield Output(route.path, route.source, data=html)
    for _ in pages:  # none left: this lets the workers be stopped and waited for
        pass
    for name, path in theme.assets().items():
        yield Output(config.urls.output_path(config.urls.asset(name)), "assets/" + name, file=path)
    root = config.root.resolve()
    for url, path in sorted(media.items()):
        # A picture is published as its copy in the cache folder (outside the site): named by its URL.
        source = path.resolve().relative_to(root).as_posix() if root in path.resolve().parents else url
        yield Output(config.urls.output_path(url), source, file=path)
