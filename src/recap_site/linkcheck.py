"""Internal links of the rendered site: every href/src inside the site must
lead to an output, and every ``#fragment`` to an element with that id.

The check runs on the outputs in memory (before anything is written), so
``recap check`` and ``recap build`` share it. A broken link is reported
against the page's source file (``Route.source``), at the line that holds the
link when the source text contains it, so that an editor finds it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Iterable, Mapping
from urllib.parse import unquote, urljoin, urlsplit

from .errors import Report
from .paths import UrlScheme, slugify
from .write import Output

# Attributes that hold one URL, and the tags they matter on.
_URL_ATTRIBUTES = {"href", "src", "poster", "data"}


class _PageParser(HTMLParser):
    """Collects ids and outgoing URLs of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in _URL_ATTRIBUTES and not (tag == "meta" or (tag == "link" and _is_external_rel(attrs))):
                self.links.append(value)
            elif name == "srcset":
                self.links.extend(part.split()[0] for part in value.split(",") if part.strip())

    handle_startendtag = handle_starttag


def _is_external_rel(attrs: list[tuple[str, str | None]]) -> bool:
    # <link rel="preconnect|dns-prefetch"> name hosts, not documents.
    rel = dict(attrs).get("rel") or ""
    return any(word in ("preconnect", "dns-prefetch") for word in rel.split())


# Start tags that carry an attribute we read. Only these go to the parser:
# text, end tags and other tags are most of a page and need no parsing.
_TAG_WITH_URL_OR_ID = re.compile(
    r"<[a-zA-Z][^\s>/]*\s[^>]*?\b(?:href|src|srcset|id|name|poster|data)\s*=[^>]*>")
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def _parse(data: bytes) -> SimpleNamespace:
    text = data.decode("utf-8", errors="replace")
    if "<script" in text or "<style" in text:  # their content is no markup; keep only the opening tag
        text = _SCRIPT_OR_STYLE.sub(lambda m: m.group(0)[: m.group(0).index(">") + 1], text)
    page = SimpleNamespace(ids=set(), links=[])
    for tag in _TAG_WITH_URL_OR_ID.findall(text):
        ids, links = _parse_tag(tag)
        page.ids.update(ids)
        page.links.extend(links)
    return page


@lru_cache(maxsize=16384)
def _parse_tag(tag: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ids and links of one start tag. Most tags of a page (its header,
    navigation and footer) are the same on every page: each is parsed once."""
    parser = _PageParser()
    parser.feed(tag)
    parser.close()
    return tuple(parser.ids), tuple(parser.links)


@dataclass
class LinkCheck:
    broken: int = 0
    # output path -> [ids, distinct links, [[link, message], ...]] of every
    # HTML page: kept in the build cache, so that pages that were not
    # rendered again need not be parsed or checked again.
    pages: dict[str, list] = field(default_factory=dict)


def page_links(data: bytes) -> tuple[list[str], list[str]]:
    """The ids and the distinct links of one HTML page (made where the page is rendered)."""
    page = _parse(data)
    return sorted(page.ids), list(dict.fromkeys(page.links))


def check_links(outputs: Iterable[Output], urls: UrlScheme, report: Report, root: Path | None = None,
                later: tuple[str, ...] = (), known: Mapping[str, list] | None = None,
                previous_paths: set[str] | None = None,
                parsed: Mapping[str, tuple[list[str], list[str]]] | None = None,
                unpublished: Mapping[str, str] | None = None) -> LinkCheck:
    """Report every broken internal link as a warning.

    ``later``: output folders (``"pagefind/"``) written after this check, whose
    files links may name.

    ``known``: for pages reused unchanged from the previous build (their
    output is the previous file), what this check found on them then; with
    ``previous_paths``, the output paths of that build. A reused page is
    checked again only if an output appeared or disappeared, or a page that
    was rendered again has other ids than before; else its warnings are the
    same as last time, and are repeated.

    ``parsed``: :func:`page_links` of pages, already found where they were rendered
    (their outputs need no data then).

    ``unpublished``: event id -> why a build leaves it out (content.Content.unpublished), for
    recap check, which renders those events too: a link from a published page to one of their
    pages or files is broken on the built site, and told so.
    """
    outputs = list(outputs)
    paths = {output.path for output in outputs}
    withheld = _withheld(outputs, urls, unpublished) if unpublished else {}
    known = known or {}
    pages: dict[str, SimpleNamespace] = {}
    reused: set[str] = set()
    for output in outputs:
        if output.path.endswith(".html"):
            record = known.get(output.path) if output.data is None else None  # not rendered: reused
            if parsed and parsed.get(output.path) is not None:  # rendered, and parsed where it was
                ids, links = parsed[output.path]
                pages[output.path] = SimpleNamespace(ids=set(ids), links=links)
            elif record is not None:
                pages[output.path] = SimpleNamespace(ids=set(record[0]), links=record[1])
                reused.add(output.path)
            else:
                data = output.data if output.data is not None else Path(output.file).read_bytes()
                pages[output.path] = _parse(data)
    stable = previous_paths is not None and previous_paths == paths
    if stable:  # and every page rendered again has the ids it had
        stable = all(path in reused or (path in known and set(known[path][0]) == page.ids)
                     for path, page in pages.items())
    prefix = urls.prefix
    meant = _Meant(paths, prefix)
    result = LinkCheck()
    lines = _SourceLines(root)
    layouts = _LayoutLines(root)
    in_layouts: dict[tuple[str, int, str, str], list[str]] = {}  # a layout's broken link -> its pages
    for output in outputs:
        page = pages.get(output.path)
        if page is None:
            continue
        if stable and output.path in reused:
            warnings = known[output.path][2]
        else:
            page_url = urls.absolute(prefix + output.path.removesuffix("index.html"))
            warnings = []
            for link in dict.fromkeys(page.links):  # each distinct link once per page
                # What recap check renders of unpublished events is told only where a published page's
                # text links it: lists and neighbours made by the layouts leave them out in a build.
                told = withheld if withheld and output.path not in withheld and lines.holds(
                    output.source, link) else {}
                message = _problem(link, page_url, prefix, paths, pages, output.path, later, told, meant)
                if message is not None:
                    warnings.append([link, message])
        result.pages[output.path] = [sorted(page.ids), list(dict.fromkeys(page.links)), warnings]
        for link, message in warnings:
            result.broken += 1
            shown = "/" + (output.path.removesuffix("index.html") or "/").lstrip("/")
            line = lines.find(output.source, link)
            layout = layouts.find(link) if line == 0 else None
            if layout is not None:  # not written in the content: a link of the site's own layout
                in_layouts.setdefault((*layout, link, message), []).append(shown)
                continue
            report.warning(output.source, line, f"broken link '{link}' on page {shown}: {message}")
    for (layout, line, link, message), shown in in_layouts.items():
        where = f"page {shown[0]}" if len(shown) == 1 else f"{len(shown)} pages ({shown[0]} and others)"
        report.warning(layout, line, f"broken link '{link}' on {where}: {message}")
    return result


class _LayoutLines:
    """Finds the line of the site's own layouts (layouts/ in the site folder) that makes a link:
    the link itself, or its file's name (``urls.asset('css/site.css')`` makes
    /assets/css/site.css); None when no layout of the site has it."""

    def __init__(self, root: Path | None) -> None:
        self.texts: list[tuple[str, list[str]]] | None = None
        self.root = root

    def find(self, link: str) -> tuple[str, int] | None:
        if self.root is None:
            return None
        if self.texts is None:
            self.texts = []
            folder = self.root / "layouts"
            for path in sorted(folder.rglob("*.html")) if folder.is_dir() else ():
                try:
                    if path.is_file() and not path.is_symlink():
                        self.texts.append((path.relative_to(self.root).as_posix(),
                                           path.read_text(encoding="utf-8").splitlines()))
                except (OSError, UnicodeDecodeError):
                    continue
        target = urlsplit(link)
        name = target.path.rstrip("/").rsplit("/", 1)[-1]
        for needle in dict.fromkeys(x for x in (link, unquote(name)) if len(x) >= 4):
            for rel, text in self.texts:
                for number, line in enumerate(text, start=1):
                    if needle in line:
                        return rel, number
        return None


def _withheld(outputs: list[Output], urls: UrlScheme, unpublished: Mapping[str, str]) -> dict[str, str]:
    """Output path -> why a build leaves it out, for the pages and files of the events in
    ``unpublished`` (event id -> why)."""
    found = {}
    for output in outputs:
        folder = output.source.split("/")
        event_id = folder[2] if len(folder) > 3 and folder[:2] == ["content", "events"] \
            else urls.media_event(output.path)
        if event_id in unpublished:
            found[output.path] = (f"that address belongs to event '{event_id}', which is {unpublished[event_id]} "
                                  "and so not published: the link is broken on the built site; remove it, or "
                                  "publish that event first")
    return found


def _problem(link: str, page_url: str, prefix: str, paths: set[str],
             pages: dict[str, SimpleNamespace], own_path: str, later: tuple[str, ...],
             withheld: Mapping[str, str], meant: "_Meant") -> str | None:
    link = link.strip()
    # Most links are root-relative and the same on many pages: resolve each once.
    base = None if link.startswith("/") and not link.startswith("//") else page_url
    target = _resolve(link, base, prefix)
    if target is None:
        return _outside(link, prefix, paths)
    path, fragment = target
    if later and path.startswith(later):
        return None
    if path == "" or path.endswith("/"):
        path += "index.html"
    if path not in paths:
        if path + "/index.html" in paths:
            path += "/index.html"  # a folder without its trailing slash: servers redirect
        else:
            return "no page or file has that address" + meant(path, own_path)
    if path in withheld:
        return withheld[path]
    if fragment:
        page = pages.get(path)
        if page is not None and fragment not in page.ids:
            where = "this page" if path == own_path else "that page"
            return f"there is no element with id '{fragment}' on {where}{_id_meant(fragment, page.ids)}"
    return None


class _Meant:
    """What a broken link meant, read off the outputs' paths: a page whose address ends as the link
    does (``impressum`` for /de/impressum/, in the linking page's language: another language's page
    of that name may be another page), or a file of the same folder with a name near the link's
    (``logo.png`` for ihk-logo.png). The paths are indexed once per check, on the first broken
    link: a layout's link is broken on every page."""

    def __init__(self, paths: set[str], prefix: str) -> None:
        self.paths = paths
        self.prefix = prefix
        self.pages: dict[str, list[str]] | None = None  # a page's last part -> its paths
        self.files: dict[str, dict[str, str]] | None = None  # folder -> a file's name -> its path

    def __call__(self, path: str, own_path: str) -> str:
        last = path.removesuffix("index.html").rstrip("/").rsplit("/", 1)[-1]
        if not last:
            return ""
        if "." in last:
            if self.files is None:
                self.files = {}
                for known in self.paths:
                    folder, _, name = known.rpartition("/")
                    self.files.setdefault(folder, {})[name] = known
            names = self.files.get(path.rpartition("/")[0], {})
            near = difflib.get_close_matches(last, list(names), n=1, cutoff=0.75)
            meant = names[near[0]] if near else None
        else:
            if self.pages is None:
                self.pages = {}
                for known in self.paths:
                    if known.endswith("/index.html"):
                        self.pages.setdefault(known[:-len("/index.html")].rsplit("/", 1)[-1], []).append(known)
            lang = own_path.split("/", 1)[0] + "/"
            mine = [known for known in self.pages.get(last, ()) if known.startswith(lang)]
            meant = mine[0] if len(mine) == 1 else None
        if meant is None:
            return ""
        return f"; did you mean '{self.prefix}{meant.removesuffix('index.html')}' (an address from the first /)?"


def _outside(link: str, prefix: str, paths: set[str]) -> str | None:
    """Why a link written from the host's root (/de/…) on a site published in a folder of its
    host (/rueckblicke/) is broken, when the site has that page in its folder: the editor
    wrote the address as the preview or another site showed it. Links to the host's root and
    to a language home (/de/) may be the host's own pages, and are left alone."""
    written = urlsplit(link)
    if prefix == "/" or not link.startswith("/") or link.startswith("//"):
        return None
    path = unquote(written.path).strip("/")
    if path.count("/") < 1:  # the host's root or a language's home (/de/) may be the host's own
        return None
    if not {path, path + "/index.html"} & paths:
        return None
    meant = prefix + link.lstrip("/")
    return (f"this address leads out of the site, which is published in the folder {prefix} of its host; "
            f"did you mean '{meant}'?")


@lru_cache(maxsize=65536)
def _resolve(link: str, page_url: str | None, prefix: str) -> tuple[str, str] | None:
    """(output path below the prefix, fragment) of an internal link; None for another site's."""
    written = urlsplit(link)
    if not link or written.scheme or written.netloc:
        # A full address (https://…, mailto:…) is another site's, even on our
        # host: the site's own links are written relative to it.
        return None
    target = urlsplit(urljoin(page_url, link)) if page_url is not None else written
    if not target.path.startswith(prefix):
        return None  # another part of the host, outside the site
    return unquote(target.path[len(prefix):]), unquote(target.fragment)


def _id_meant(fragment: str, ids: set[str]) -> str:
    """"; did you mean …" for an anchor written as the heading reads (#nächste-schritte for the
    heading's id naechste-schritte) or misspelt."""
    written = unquote(fragment)
    if slugify(written) in ids and slugify(written) != written:
        return f"; did you mean '#{slugify(written)}'? (a heading's id is written without umlauts or capitals)"
    meant = next(iter(difflib.get_close_matches(written, sorted(ids), n=1, cutoff=0.75)), None)
    return f"; did you mean '#{meant}'?" if meant else ""


class _SourceLines:
    """Finds the line of a source file that holds a link (0 if none does)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.texts: dict[str, list[str] | None] = {}

    def _text(self, rel: str) -> list[str] | None:
        if self.root is None:
            return None
        if rel not in self.texts:
            path = self.root / rel
            try:
                self.texts[rel] = path.read_text(encoding="utf-8").splitlines() if path.is_file() else None
            except (OSError, UnicodeDecodeError):
                self.texts[rel] = None
        return self.texts[rel]

    def holds(self, rel: str, link: str) -> bool:
        """Whether the source file has the link as it is written."""
        return any(link in line for line in self._text(rel) or ())

    def find(self, rel: str, link: str) -> int:
        if self._text(rel) is None:
            return 0
        for number, line in enumerate(self.texts[rel] or (), start=1):
            if link in line:
                return number
        # An event: link is written event:<id>#part, not as the address it became: found by its #part.
        parts = urlsplit(link)
        if parts.fragment:
            target = parts.path.rstrip("/").rsplit("/", 1)[-1]  # the event's slug, mostly its id
            for written in dict.fromkeys((f"#{parts.fragment}", f"#{unquote(parts.fragment)}")):
                lines = [(number, line) for number, line in enumerate(self.texts[rel] or (), start=1)
                         if written + ")" in line or written + '"' in line]
                for number, line in lines:
                    if target and target + written in line:
                        return number
                if lines:
                    return lines[0][0]
        return 0
