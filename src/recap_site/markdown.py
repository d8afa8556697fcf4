"""Our Markdown: Python-Markdown with tables, footnotes, attribute lists,
fenced code and heading anchors, plus the rules that keep German text intact.

German rules, each a cheap pre- or inline processor rather than a regex pass
over the finished HTML:

* ``Teilnehmer*innen und Akteur*innen`` stays literal. An asterisk between two
  letters is a gender star, never emphasis (:class:`GenderStarProcessor`).
* ``5. September 2023 – …`` at the start of a paragraph is a date, not an
  ordered list (:class:`DateParagraphPreprocessor`). To start a real list item
  with a date, write the day without the dot or use ``-`` bullets.
* „German quotes“ are kept as written: we do not enable SmartyPants.

Links: ``event:<id>`` becomes the URL of that event in the page's language,
and a relative image or file path resolves to a file of the event's bundle.
Both are checked; problems come back with the line they stand on.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor as InlinePass, Treeprocessor
from markdown.util import AtomicString

from .paths import bundle_file_problem, slugify

GERMAN_MONTHS = (
    "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
)
_DATE_START = re.compile(rf"^( {{0,3}})(\d{{1,2}})\.([ \t]+)(?=(?:{GERMAN_MONTHS})\b)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}

# What raw HTML in a recap may contain once sanitized (see SECURITY.md).
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul", "h1",
}
_GLOBAL_ATTRIBUTES = {"id", "class", "lang", "title", "dir", "role"}
ALLOWED_ATTRIBUTES = {
    "*": _GLOBAL_ATTRIBUTES,
    "a": {"href", "rel", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
    "abbr": {"title"},
}
# nh3's output is canonical: lowercase names, values in double quotes.
_IFRAME_CONTENT = re.compile(r'(<iframe(?:\s+[a-z-]+(?:="[^"]*")?)*\s*>).*?(</iframe>)', re.DOTALL)
# An iframe's src must be on a host site.yaml lists in iframe_hosts.
IFRAME_ATTRIBUTES = {"src", "title", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"}


@dataclass
class LinkContext:
    """What one document's links may point to, and what went wrong."""

    resolve_event: Callable[[str], str | None]
    resolve_file: Callable[[str], str | None]
    problems: list[tuple[str, str]] = field(default_factory=list)  # (needle, message)
    # "<width>x<height>" of a bundle image, for the <img> attributes (None: unknown)
    resolve_size: Callable[[str], str | None] = lambda name: None
    # why resolve_file found no file to publish
    explain_file: Callable[[str], str] = bundle_file_problem


class DateParagraphPreprocessor(Preprocessor):
    """Escape the dot in ``5. September`` at a line start so it is no list."""

    def run(self, lines: list[str]) -> list[str]:
        fence = None
        out = []
        for line in lines:
            opened = _FENCE.match(line)
            if fence is None and opened:
                fence = opened.group(1)[0] * 3
            elif fence is not None and line.lstrip().startswith(fence):
                fence = None
            elif fence is None:
                line = _DATE_START.sub(r"\1\2\\.\3", line, count=1)
            out.append(line)
        return out


class GenderStarProcessor(InlineProcessor):
    """An asterisk between two letters is literal text (Teilnehmer*innen)."""

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown API
        return "*", m.start(0), m.end(0)


class LinkTreeprocessor(Treeprocessor):
    """Resolve ``event:`` links and bundle files; mark external links."""

    def __init__(self, md, extension: "RecapExtension") -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        context = self.extension.context
        for element in root.iter():
            if element.tag == "a" and element.get("href"):
                self._rewrite(element, "href", context)
            elif element.tag == "img" and element.get("src"):
                self._rewrite(element, "src", context)
            style = element.get("style", "")
            if style.startswith("text-align:"):
                # Tables align cells with style=; our CSP forbids inline styles.
                del element.attrib["style"]
                element.set("class", "align-" + style.split(":")[1].strip(" ;"))

    def _rewrite(self, element: etree.Element, attr: str, context: LinkContext | None) -> None:
        target = element.get(attr)
        try:
            parts = urlsplit(target)
            parts.port  # noqa: B018 - raises on a bad host or port
        except ValueError as exc:
            if context:
                context.problems.append((target, f"'{target}' is not a valid address ({exc})"))
            del element.attrib[attr]
            return
        if parts.scheme == "event":
            event_id = parts.path
            url = context.resolve_event(event_id) if context else None
            if url is None:
                if context:
                    context.problems.append(
                        (target, f"link to unknown event '{event_id}' (no folder content/events/{event_id}/)")
                    )
                return
            element.set(attr, url + (f"#{parts.fragment}" if parts.fragment else ""))
        elif parts.scheme in ("http", "https"):
            if element.tag == "a":
                element.set("rel", "noopener")
                label = self.extension.external_label
                if label and (parts.hostname or "") != self.extension.site_host:
                    element.set("class", (element.get("class", "") + " external").strip())
                    hint = etree.SubElement(element, "span")
                    hint.set("class", "visually-hidden")
                    hint.text = f" ({label})"
        elif not parts.scheme and not parts.netloc and parts.path and not target.startswith("/"):
            url = context.resolve_file(parts.path) if context else None
            if url is None:
                if context:
                    context.problems.append((target, context.explain_file(parts.path)))
                return
            element.set(attr, url)
            if element.tag == "img":
                _size_image(element, context.resolve_size(parts.path))


def _size_image(element: etree.Element, size: str | None) -> None:
    """Width and height (so that the text does not jump when the picture
    arrives), and lazy loading: a picture in a recap is below the page's fold.
    Sizes given in the Markdown (``{width=…}``) are kept."""
    if size is not None and "width" not in element.attrib and "height" not in element.attrib:
        width, height = size.split("x")
        element.set("width", width)
        element.set("height", height)
    element.set("loading", element.get("loading", "lazy"))
    element.set("decoding", "async")


class QuickInlineProcessor(InlinePass):
    """Python-Markdown's inline pass, with a quick test before each pattern.

    The inline pass tries every inline pattern (about twenty) on every piece
    of text, and most of that time is the Python around each try, not the
    regular expression: about 45 % of a recap's conversion. Here a pattern
    whose expression finds nothing in the text is skipped by one ``search``
    in C. For the new-style patterns Python-Markdown itself uses that is
    exactly its own test (``finditer`` from the same position), so the HTML
    is the same; older-style patterns (``Pattern``, anchored at the start)
    go the usual way. The method overridden is Python-Markdown's private
    ``__handleInline``: should a later version rename it, this class simply
    stops being faster (tests/test_core_markdown.py compares both).
    """

    # What every match of each pattern contains (read off its expression);
    # a text with none of the registered patterns' marks is left as it is
    # without trying any. A pattern not listed here turns this test off.
    MARKS = {
        "backtick": ("\\", "`"), "escape": ("\\",), "reference": ("[",), "link": ("[",),
        "image_link": ("[",), "image_reference": ("[",), "short_reference": ("[",), "short_image_ref": ("[",),
        "autolink": ("<",), "automail": ("<",), "linebreak": ("  \n",), "html": ("<",), "entity": ("&",),
        "em_strong": ("*", "_"), "footnote": ("[",), "gender_star": ("*",),
    }

    def run(self, tree, ancestors=None):
        self.quick = [(pattern, isinstance(pattern, InlineProcessor))
                      for pattern in self.inlinePatterns]
        names = [item.name for item in self.inlinePatterns._priority]
        self.marks = None
        if all(name in self.MARKS for name in names):
            marks = sorted({mark for name in names for mark in self.MARKS[name]})
            self.marks = re.compile("|".join(map(re.escape, marks)))
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802,N803
        if isinstance(data, AtomicString) or (self.marks is not None and self.marks.search(data) is None):
            return data
        apply = self._InlineProcessor__applyPattern
        quick = self.quick
        start = 0
        while patternIndex < len(quick):
            pattern, new_style = quick[patternIndex]
            if new_style and pattern.compiled_re.search(data, start) is None:
                patternIndex += 1
                start = 0  # as after any pattern that does not match
                continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class RecapExtension(Extension):
    def __init__(self, external_label: str | None = None, site_host: str = "", **kwargs) -> None:
        self.context: LinkContext | None = None
        self.external_label = external_label  # site.yaml external_link_label, this language
        self.site_host = site_host
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown API
        md.preprocessors.register(DateParagraphPreprocessor(md), "german_dates", 25)
        # Above emphasis (60), below code spans (190) and escapes (180).
        md.inlinePatterns.register(GenderStarProcessor(r"(?<=\w)\*(?=\w)", md), "gender_star", 70)
        # After footnotes and tables have built their elements.
        md.treeprocessors.register(LinkTreeprocessor(md, self), "recap_links", 5)
        md.treeprocessors.register(QuickInlineProcessor(md), "inline", 20)  # replaces Python-Markdown's own


class RecapMarkdown:
    """One configured Markdown converter per language, reused per document."""

    def __init__(self, footnote_backlink_title: str, allow_raw_html: bool, iframe_hosts: tuple[str, ...] = (),
                 external_label: str | None = None, site_host: str = "") -> None:
        self.extension = RecapExtension(external_label, site_host)
        self.allow_raw_html = allow_raw_html
        self.iframe_hosts = frozenset(iframe_hosts)
        self.md = markdown.Markdown(
            extensions=["tables", "footnotes", "attr_list", "fenced_code", "toc", self.extension],
            extension_configs={
                "toc": {"slugify": lambda value, separator: slugify(value)},
                "footnotes": {"BACKLINK_TITLE": footnote_backlink_title},
            },
            output_format="html",
        )

    def convert(self, text: str, context: LinkContext) -> str:
        self.md.reset()
        self.extension.context = context
        try:
            html = self.md.convert(text)
        finally:
            self.extension.context = None
        if not self.allow_raw_html:
            html = nh3.clean(
                html,
                tags=ALLOWED_TAGS | {"iframe"},  # kept only with an allowed src, see _vet_attribute
                attributes={**ALLOWED_ATTRIBUTES, "iframe": IFRAME_ATTRIBUTES},
                attribute_filter=lambda tag, name, value: self._vet_attribute(tag, name, value, context),
                url_schemes=SAFE_SCHEMES,
                link_rel=None,
                strip_comments=True,
            )
            # An iframe's content is raw text that browsers never show, but
            # feed readers and other parsers might read it as markup.
            html = _IFRAME_CONTENT.sub(r"\1\2", html)
        return html

    def _vet_attribute(self, tag: str, name: str, value: str, context: LinkContext) -> str | None:
        """An iframe's src must be https:// on a host listed in site.yaml iframe_hosts."""
        if tag == "iframe" and name == "src":
            try:
                parts = urlsplit(value)
            except ValueError:
                parts = urlsplit("")
            if parts.scheme != "https" or parts.hostname not in self.iframe_hosts:
                listed = ", ".join(sorted(self.iframe_hosts)) or "none so far"
                context.problems.append((value, (
                    f"iframe from '{parts.hostname or value}' is not allowed; embed only https:// pages "
                    f"from a host listed in iframe_hosts in content/site.yaml ({listed})"
                )))
                return None
        return value
