"""Our Markdown: Python-Markdown with tables, footnotes, attribute lists,
fenced code and heading anchors, plus the rules that keep German text intact.

German rules, each a cheap pre- or inline processor rather than a regex pass
over the finished HTML:

* ``Teilnehmer*innen und Akteur*innen`` stays literal. An asterisk between two
  letters is a gender star, never emphasis (:class:`GenderStarProcessor`).
* ``5. September 2023 – …`` at the start of a paragraph is a date, not an
  ordered list, and a paragraph that starts with an ordinal
  (``4. Netzwerktreffen …``) keeps its number: a numbered list has at least
  two items (:class:`GermanOListProcessor`). To start a real list item with
  a date, write the day without the dot or use ``-`` bullets.
* „German quotes“ are kept as written: we do not enable SmartyPants.

Links: ``event:<id>`` becomes the URL of that event in the page's language,
and a relative image or file path resolves to a file of the event's bundle.
Both are checked; problems come back with the line they stand on.
"""

from __future__ import annotations

import bisect
import difflib
import re
import time
from html import unescape as html_unescape
from html.entities import html5 as HTML5_ENTITIES
from html.parser import HTMLParser
from itertools import chain
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Callable, Iterator
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.footnotes import NBSP_PLACEHOLDER, FootnoteExtension
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor, InlineProcessor, SubstituteTagInlineProcessor
from markdown.blockprocessors import BlockProcessor, BlockQuoteProcessor, OListProcessor, UListProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor as InlinePass, Treeprocessor
from markdown.util import AMP_SUBSTITUTE, INLINE_PLACEHOLDER_RE, AtomicString

from .filetypes import DOCUMENTS, TEXTS
from .format import DEFAULT_MAX_RECAP_SECONDS
from .paths import (EVENT_ID_START, EVENT_PICTURES_KEPT, INVISIBLE, address_hint, address_problem, bundle_file_problem,
                    invisible_in_address, page_address_hint, slugify)

GERMAN_MONTHS = (
    "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
)
# After "5. ": no month name. Possessive spaces, so that "5.  September" cannot match with one space less.
# A month joined to a word ("3. Januar-Termin") is an item's text, not a date.
_NO_MONTH = rf"[ ]++(?!(?:{GERMAN_MONTHS})(?![\w-]))"
# A line of a schedule: a date, then ':' or a dash ("12. März: Auftakt", "12.03. – Auftakt"); not
# prose whose line happens to begin with a date ("4. Oktober statt, wie im Vorjahr").
_DATE_LINE = re.compile(rf"[ ]{{0,3}}\d{{1,2}}\.(?:[ ]*(?:{GERMAN_MONTHS})(?:[ ]+\d{{4}})?|\d{{1,2}}\.(?:\d{{2,4}})?)"
                        rf"[ ]*[:–—-]")
# A closing greeting, the whole line, which the line below it (a name) belongs under.
_GREETING = re.compile(r"(?i)(?:mit\s+(?:freundlichen|besten|herzlichen|vielen)\s+grüßen|(?:viele|beste|herzliche|"
                       r"liebe|freundliche)\s+grüße|(?:best|kind|warm)\s+regards|regards|best\s+wishes|"
                       r"yours\s+sincerely)[,!.]?")
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
DEFAULT_SECONDS = float(DEFAULT_MAX_RECAP_SECONDS)  # site.yaml max_recap_seconds: real recaps take milliseconds
MAX_NESTING = 20  # quote and list levels in one document
LARGE_PICTURE = 4096  # pixels on its longer side: a picture in a recap larger than a phone's photo (4032)

# What raw HTML in a recap may contain once sanitized (see SECURITY.md).
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul", "h1",
}
# Every element of HTML (WHATWG's, the obsolete ones, and svg and math). Words in angle brackets
# that name none of them (<Name der Ministerin>) are text, shown as written, not a tag to remove.
HTML_ELEMENTS = frozenset("""
    a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption
    cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins
    kbd label legend li link main map mark menu meta meter nav noscript object ol optgroup option
    output p param picture portal pre progress q rp rt ruby s samp script search section select slot
    small source span strong style sub summary sup svg math table tbody td template textarea tfoot th
    thead time title tr track u ul var video wbr
    acronym applet basefont bgsound big blink center dir font frame frameset image isindex keygen
    listing marquee menuitem multicol nextid nobr noembed noframes plaintext rb rtc spacer strike tt xmp
""".split())
_REMOVED_WITH_CONTENT = {"script", "style"}  # the sanitizer removes them with what is inside
_GLOBAL_ATTRIBUTES = {"id", "class", "lang", "title", "dir", "role"}
ALLOWED_ATTRIBUTES = {
    "*": _GLOBAL_ATTRIBUTES,
    "a": {"href", "rel", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
    "li": {"value"},  # an item numbered as written after a gap (GermanOListProcessor)
    "div": {"tabindex", "aria-label"},  # "0" only (see _vet_attribute): a table's box, scrolled with the keyboard
    "abbr": {"title"},
}
_ALLOWED_ON = {tag: frozenset(names | _GLOBAL_ATTRIBUTES) for tag, names in ALLOWED_ATTRIBUTES.items()}
# nh3's output is canonical: lowercase names, values in double quotes.
_IFRAME_CONTENT = re.compile(r'(<iframe(?:\s+[a-z-]+(?:="[^"]*")?)*\s*>).*?(</iframe>)', re.DOTALL)
# An iframe's src must be on a host site.yaml lists in iframe_hosts.
IFRAME_ATTRIBUTES = {"src", "title", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"}


@dataclass
class LinkContext:
    """What one document's links may point to, and what went wrong."""

    resolve_event: Callable[[str], str | None]
    resolve_file: Callable[[str], str | None]
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (needle, message, severity)
    # "<width>x<height>" of a bundle image, for the <img> attributes (None: unknown)
    resolve_size: Callable[[str], str | None] = lambda name: None
    # why resolve_file found no file to publish
    explain_file: Callable[[str], str] = bundle_file_problem
    # why resolve_event found no event to link to
    explain_event: Callable[[str], str] = lambda event_id: (
        f"link to unknown event '{event_id}' (no folder content/events/{event_id}/)")
    # where a picture this text shows is kept (paths.EVENT_PICTURES_KEPT or PAGE_PICTURES_KEPT)
    pictures_kept: str = EVENT_PICTURES_KEPT

    def problem(self, needle: str, message: str, severity: str = "error") -> None:
        """``needle``: text of the source that the problem's line is found by, or
        :func:`at_offset` of the place it stands at."""
        self.problems.append((needle, message, severity))


OFFSET = "\x00@"  # a needle that is a place in the text (no text holds NUL: it is refused)


def at_offset(offset: int) -> str:
    return f"{OFFSET}{offset}"


class GermanOListProcessor(OListProcessor):
    """Python-Markdown's ordered lists, except that ``5. September …`` at
    the start of a line is text: a date, not item 5.

    The rule sits in the list's own expressions (a line that starts a list
    and a line that starts a further item), so the text is never rewritten
    and costs nothing per line. (It was an escaping preprocessor before:
    thousands of escaped dots in one paragraph made the inline pass
    quadratic.)"""

    # As written (Python-Markdown's sane_lists): a numbered list after a bulleted one is a list of its
    # own, not more bullets; and a list that starts at 3 starts at 3.
    SIBLING_TAGS = ["ol"]
    LAZY_OL = False

    def __init__(self, parser) -> None:
        super().__init__(parser)
        indent = self.tab_length - 1
        self.RE = re.compile(rf"^[ ]{{0,{indent}}}\d+\.{_NO_MONTH}(.*)")
        self.CHILD_RE = _child_items(indent)

    def run(self, parent, blocks) -> None:
        """A new list needs two items, numbered alike or one after the other
        (1. 2. or 1. 1.), or numbers that grow (1. 3., or three items or more:
        3. 5. 8.): one numbered line on its own is a sentence that starts with
        an ordinal ("4. Netzwerktreffen …", "1. FC Köln …", "2024. …") and
        stays a paragraph with its number. Each item keeps the number written
        before it, a gap included (an item deleted, "7. Verschiedenes" after a
        blank line): HTML would count on from the first."""
        if not self._starts_a_list(parent, blocks):
            self.parser.blockprocessors["paragraph"].run(parent, blocks)
            return
        sibling = self.lastChild(parent)
        if sibling is not None and sibling.tag in self.SIBLING_TAGS:
            target, before = sibling, len(sibling)
        elif parent.tag in ("ol", "ul"):
            target, before = parent, len(parent)
        else:
            target, before = None, 0
        numbers = [_number(line) for line in blocks[0].split("\n") if self.CHILD_RE.match(line)]
        super().run(parent, blocks)
        if target is None:
            target = self.lastChild(parent)
        if target is None or target.tag != "ol":
            return
        # Only the items this block added (a loose list comes block by block): what the items above
        # left is kept on the list (_LIST_STATE, taken off with the tree's other marks).
        state = target.get(_LIST_STATE)
        expected, first, previous = (int(part) if part else None for part in state.split(",")) if state \
            else (int(target.get("start", "1")), None, None)
        for index, item in enumerate(target.findall("li")[before:]):
            written = numbers[index] if index < len(numbers) else None
            first = written if first is None else first
            # The same number on every item so far (1. 1. 1.) lets the list count; any other
            # number is kept as written (1. 3. 4.; 1. 2. 2. 3.).
            if written is not None and written != expected and not (written == previous == first):
                item.set("value", str(written))
                expected = written
            previous = written
            expected += 1
        target.set(_LIST_STATE, f"{expected},{'' if first is None else first},{'' if previous is None else previous}")

    def _starts_a_list(self, parent, blocks) -> bool:
        sibling = self.lastChild(parent)
        if parent.tag in self.SIBLING_TAGS or (sibling is not None and sibling.tag in self.SIBLING_TAGS):
            return True  # an item of a list already begun (a loose list, a nested one)
        first = _number(blocks[0])
        # The second item: the next numbered or bulleted line of this block, or the
        # next block (a loose list, after a blank line). Numbered, it must carry the
        # same number or the next: "4. Netzwerktreffen …" and then "1. FC Köln …"
        # are two sentences.
        later = [line for line in blocks[0].split("\n")[1:] if self.CHILD_RE.match(line)]
        lines = bool(later)
        if not later and len(blocks) > 1 and self.RE.match(blocks[1]):
            later = [blocks[1]]
        if not later:
            return False
        second = _number(later[0])
        if second is None or second in (first, first + 1):
            return True
        # Lines one below the other whose numbers grow with a gap: an item deleted ("1. 3. 4."),
        # or part of a longer agenda ("3. 5. 8.").
        numbers = [first, *(_number(line) for line in later)]
        return lines and None not in numbers and all(a < b for a, b in zip(numbers, numbers[1:])) \
            and (len(numbers) >= 3 or first == 1)


_LIST_STATE = "data-recap-list"  # on an <ol> while it is read: the next number, the first, the last written


class GermanUListProcessor(UListProcessor):
    """A bulleted list whose later lines start with a date keeps them as text too."""

    SIBLING_TAGS = ["ul"]  # bullets after a numbered list are a list of their own (sane_lists)

    def __init__(self, parser) -> None:
        super().__init__(parser)
        self.CHILD_RE = _child_items(self.tab_length - 1)


class SeparateQuoteProcessor(BlockQuoteProcessor):
    """Two quotes with an empty line between them are two quotes (as CommonMark has them), each
    with its own speaker; Python-Markdown's own joins a quote to the one above it. A quote of
    several paragraphs keeps a > on the lines between them."""

    def run(self, parent, blocks) -> None:
        block = blocks.pop(0)
        found = self.RE.search(block)
        if found:
            self.parser.parseBlocks(parent, [block[:found.start()]])  # the lines above the quote
            block = "\n".join(self.clean(line) for line in block[found.start():].split("\n"))
        quote = etree.SubElement(parent, "blockquote")
        self.parser.state.set("blockquote")
        self.parser.parseChunk(quote, block)
        self.parser.state.reset()


def _number(line: str) -> int | None:
    """The number a list line starts with (None for a bullet)."""
    found = re.match(r"\s*(\d+)\.", line)
    return int(found.group(1)) if found else None


def _child_items(indent: int) -> re.Pattern:
    """Python-Markdown's ``CHILD_RE`` (group 3 is the item's text), with no date as a numbered item."""
    return re.compile(rf"^[ ]{{0,{indent}}}((\d+\.)(?={_NO_MONTH})|[*+-])[ ]+(.*)")


class GenderStarProcessor(InlineProcessor):
    """An asterisk between two letters is literal text (Teilnehmer*innen).

    Its matches do not depend on each other (each is one ``*`` that stays
    ``*``), so :class:`QuickInlineProcessor` replaces all of them in one pass
    instead of rebuilding the text once per star, which made a long text
    full of stars quadratic."""

    ALL_AT_ONCE = True

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown API
        return "*", m.start(0), m.end(0)


class LinkTreeprocessor(Treeprocessor):
    """Resolve ``event:`` links and bundle files; mark external links."""

    def __init__(self, md, extension: "RecapExtension") -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        context = self.extension.context
        if context is not None:
            _check_inline_marks(root, context)
        for element in root.iter():
            element.attrib.pop(_LIST_STATE, None)
            if element.tag == "a" and element.get("href"):
                self._rewrite(element, "href", context)
            elif element.tag == "img":
                if context is not None:
                    _check_alt(element, context)
                if element.get("src"):
                    self._rewrite(element, "src", context)
            style = element.get("style", "")
            if style.startswith("text-align:"):
                # Tables align cells with style=; our CSP forbids inline styles.
                del element.attrib["style"]
                element.set("class", "align-" + style.split(":")[1].strip(" ;"))
            if context is not None and self.extension.sanitized and element.attrib \
                    and not _ALLOWED_ON.get(element.tag, _GLOBAL_ATTRIBUTES).issuperset(element.attrib):
                allowed = _ALLOWED_ON.get(element.tag, _GLOBAL_ATTRIBUTES)
                for name in sorted(element.attrib.keys() - allowed):  # from an attribute list, {: name=… }
                    context.problem(f'{name}="{element.get(name)}"', _attribute_removed(element.tag, name), "warning")
            if context is not None:
                if element.tag not in _LITERAL and element.text and "[" in element.text:
                    _check_leftovers(element.text, context)
                if element.tail and "[" in element.tail:
                    _check_leftovers(element.tail, context)
                if element.tag not in _LITERAL | {"a"} and element.text and "&" in element.text:  # (an address's & is its own)
                    _check_entities(element.text, context)
                if element.tail and "&" in element.tail:
                    _check_entities(element.tail, context)
                if element.tag not in _LITERAL and element.text and "**" in element.text:
                    _check_stars(element.text, context)
                if element.tail and "**" in element.tail:
                    _check_stars(element.tail, context)
                if element.tag == "p":
                    _check_paragraph(element, context, self.extension.pasted_rows)
                elif element.tag == "pre":
                    _check_code_block(element, context)

    def _rewrite(self, element: etree.Element, attr: str, context: LinkContext | None) -> None:
        target = element.get(attr)
        if AMP_SUBSTITUTE in target:  # an e-mail address in <…>, written as entities: a mailto: link
            address = html_unescape(target.replace(AMP_SUBSTITUTE, "&"))
            hidden = invisible_in_address(address)
            if hidden is not None and context:  # found by the address up to its invisible character
                invisible = INVISIBLE.search(address)
                context.problem(address[len("mailto:"):invisible.end()] if invisible else address, hidden)
            return
        needle = f"]({target}"  # where a Markdown link or picture is written (else its address alone is found)
        try:
            parts = urlsplit(target)
            parts.port  # noqa: B018 - raises on a bad host or port
        except ValueError as exc:
            if context:
                context.problem(needle, f"'{target}' is not a valid address, so the "
                                        f"{'picture' if element.tag == 'img' else 'link'} is left out: "
                                        f"{address_problem(target, exc)}; copy the address again from the browser's "
                                        "address bar")
            del element.attrib[attr]
            return
        hidden = invisible_in_address(target)
        if hidden is not None:
            if context:
                context.problem(needle, hidden)
            del element.attrib[attr]
            return
        # (a file of the folder may have a space in its name: it is found, and its address written for it)
        if " " in target.strip() and context and target.startswith(("http://", "https://")):
            context.problem(needle, f"the address '{target}' contains a space; write it without spaces "
                                    "(a space inside an address is written %20)", "warning")
        if parts.scheme and parts.scheme not in SAFE_SCHEMES | {"event"}:
            if context:
                context.problem(needle, _scheme_problem(target, parts.scheme))
            del element.attrib[attr]
            return
        if element.tag == "img" and on_another_host(target, self.extension.site_host):
            if context:
                context.problem(needle, remote_picture(target, context.pictures_kept))
            del element.attrib[attr]
            return
        if parts.scheme == "event":
            event_id = parts.path
            url = context.resolve_event(event_id) if context else None
            if url is None:
                if context:
                    context.problem(needle, context.explain_event(event_id))
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
                    if self.extension.external_label_lang:  # read out in its own language
                        hint.set("lang", self.extension.external_label_lang)
                    # (a label written in brackets keeps its own: "((externer Link))" was read out)
                    hint.text = f" {label}" if label.startswith("(") and label.endswith(")") else f" ({label})"
        elif not parts.scheme and not parts.netloc and parts.path and not target.startswith("/"):
            url = file_address(context, element.tag, parts, needle, f"[text]({target})") if context else None
            if url is None:
                del element.attrib[attr]  # reported: not left for the sanitizer to report again
                return
            element.set(attr, url)
            if element.tag == "img":
                size = context.resolve_size(file_name(parts.path))
                _size_image(element, size)
                width, height = (int(side) for side in size.split("x")) if size else (0, 0)
                if max(width, height) > LARGE_PICTURE:
                    context.problem(needle, (
                        f"the picture '{file_name(parts.path)}' is {width} × {height} pixels and is published as it "
                        "is, so the page loads all of it: make it smaller (2000 pixels wide is plenty in a recap), "
                        "or take it out of the text and show it with the event's pictures (images: in event.yaml, "
                        "published in sizes for every screen)"), "warning")


def address_host(address: str) -> str:
    """The host an address names, as a browser reads it: https://…, //…, and what browsers mend
    (https:/host, https:host, backslashes for slashes); "" for an address on the same host. Read
    as text: an address no parser takes ("https://[…") has a host too."""
    written = address.strip().replace("\\", "/")
    scheme = re.match(r"(?i)(https?:)?//|(?i:https?:)/?(?=[^/])", written)
    if scheme is None:
        return ""
    rest = written[scheme.end():].lstrip("/")
    return re.split(r"[/?#]", rest, maxsplit=1)[0].rsplit("@", 1)[-1].split(":")[0].lower()


def on_another_host(address: str, site_host: str | None) -> bool:
    """An address on another host than the site's (:func:`address_host`)."""
    host = address_host(address)
    return bool(host) and host != (site_host or "").lower()


def remote_picture(address: str, kept: str) -> str:
    """``kept``: where the text's pictures are kept (LinkContext.pictures_kept)."""
    return (f"the picture '{address}' is on another website, and the site's pages load nothing from other "
            f"websites (so that no reader is tracked): {kept}")


_NOT_PICTURES = tuple(DOCUMENTS) + tuple(TEXTS)  # files a recap may link, but not show as a picture


def file_address(context: LinkContext, tag: str, parts, needle: str, as_link: str) -> str | None:
    """The address of a file of the event's folder that a link (``a``) or a picture (``img``)
    names, in Markdown or in HTML; None, with the problem in ``context``, when it names none
    (``as_link``: how to write it as a link, for a document shown as a picture)."""
    name = file_name(parts.path)
    if tag == "img" and name.lower().endswith(_NOT_PICTURES):
        context.problem(needle, f"'{name}' is not a picture, so it cannot be shown in the text; to link the "
                                f"file, write it as a link: {as_link}")
        return None
    url = context.resolve_file(name)
    if url is None:
        # A link written as a path to a page ("../ueber-uns/", "about"): told how a page is linked.
        page = page_address_hint(name) if tag == "a" and not address_hint(name) else None  # not "folien"
        context.problem(needle, page or context.explain_file(name))
        return None
    return url + (f"#{parts.fragment}" if parts.fragment and tag == "a" else "")


def file_name(path: str) -> str:
    """The name of a file in the event's folder, as a link writes it: ``%20`` for a space (as an
    address must), and ``./`` in front are what a file name has neither of."""
    name = unquote(path)
    while name.startswith("./"):
        name = name[2:]
    return name


_LIST_ITEM = re.compile(rf"^( *)(?:[-*+][ \t]|\d+\.{_NO_MONTH})")  # "5. September" is text


# A line with a tab between its words; not a list item ("-\tText", as Word writes one) nor a quote.
_TAB_ROW = re.compile(r"^[ ]{0,3}(?![-*+][ \t]|\d{1,3}[.)][ \t])[^\s|>][^\t\n]*\t+[ \t]*\S")


_PRE_BLOCK = re.compile(r"<pre[\s>].*?</pre\s*>", re.I | re.S)


def _code_places(text: str) -> list[tuple[int, int]]:
    """Where code stands in ``text``, shown as written: fenced blocks as Python-Markdown finds
    them (its own expression: a fence at a line's start, closed by the same fence) and <pre>
    blocks; sorted."""
    places = [found.span() for found in FencedBlockPreprocessor.FENCED_BLOCK_RE.finditer(text)] \
        if "```" in text or "~~~" in text else []
    if "<pre" in text or "<PRE" in text or "<Pre" in text:
        places += [found.span() for found in _PRE_BLOCK.finditer(text)
                   if not any(start <= found.start() < end for start, end in places)]
    return sorted(places)


def _lines_outside_code(text: str) -> Iterator[tuple[int, str | None]]:
    """(where it starts in ``text``, the line) for each line outside fenced code and <pre> blocks
    (shown as written), and (where, None) for each line of such a block: what stands before it
    does not run on into what follows."""
    places = iter(_code_places(text))
    place = next(places, None)
    offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        while place is not None and place[1] < offset:
            place = next(places, None)
        yield offset, (None if place is not None and place[0] <= end and offset <= place[1] else line)
        offset = end + 1


def _shown_lines(text: str, raw: list[tuple[int, int]], outside: list | None) -> Iterator[tuple[int, str | None]]:
    """:func:`_lines_outside_code` (or ``outside``, its list), with None also for a line of raw
    HTML or a comment (``raw``, sorted), which stays as written or hidden."""
    for offset, line in outside if outside is not None else _lines_outside_code(text):
        yield offset, None if line is None or _covered(raw, offset, offset + len(line.rstrip())) else line


def tab_separated_rows(text: str, outside: list | None = None) -> list[str]:
    """The lines, two or more in a row, whose words are separated by tabs (a table pasted from a
    spreadsheet, which Markdown shows as one run of text)."""
    rows: list[str] = []
    run: list[str] = []
    for _, line in chain(outside if outside is not None else _lines_outside_code(text), [(0, None)]):
        if line is not None and _TAB_ROW.match(line):
            run.append(line)
            continue
        if len(run) >= 2:
            rows += run
        run = []
    return rows


def shallow_sub_items(text: str, outside: list | None = None) -> list[tuple[str, int]]:
    """List items meant to stand below the one above them, but indented by fewer than four
    spaces, which Markdown reads as items of the same list: each as (its line, stripped; how
    many spaces more than the list's first item)."""
    found = []
    first: int | None = None  # the indent of the current list's first item
    for _, line in outside if outside is not None else _lines_outside_code(text):
        if line is None:
            first = None
            continue
        if not line.strip():
            continue
        item = _LIST_ITEM.match(line)
        if item is None:
            if not line.startswith((" ", "\t")):
                first = None  # a paragraph at the margin: the list has ended
            continue
        indent = len(item.group(1))
        if first is None:
            first = indent
        elif first < indent < first + 4:
            found.append((line.strip(), indent - first))
    return found


def lines_run_into_a_list(text: str, raw: list[tuple[int, int]] = (),
                          outside: list | None = None) -> list[tuple[int, str, str]]:
    """A sentence right under a list, without an empty line between, where every item above it
    is one line: Markdown runs it on into the last item, but it was meant as a paragraph below
    the list ("- Gießereiwesen" then "Danach gab es Kaffee."). Each as (where it starts, the
    line, the last item's text). Not concerned: a list whose items wrap over lines (hard-wrapped
    text), a line that goes on in small letters, a line indented to stay in its item, what
    starts a block of its own ([^1]: a footnote, {: …}, a table, HTML, a heading, a quote, a
    dividing line), raw HTML (``raw``), and items that are no list (right under a paragraph:
    told by line_problems)."""
    found = []
    items = 0  # the current list's items, each one line so far
    last = ""
    above = ""  # the line above, as written
    for offset, line in _shown_lines(text, sorted(raw), outside):
        if line is None or not line.strip():
            items, above = 0, ""
            continue
        item = _LIST_ITEM.match(line)
        if item is not None and not item.group(1):
            # a list starts after an empty line, a heading or another item; under a paragraph there is none
            items = items + 1 if items or not above.strip() or above.startswith("#") else 0
            last = line[item.end():].strip()
        else:
            if items >= 2 and (line.startswith(("**", "__")) or line[:1] not in " \t#>|<[{!-=+*_`~") \
                    and (line[:1].isupper() or line[:1].isdigit() or line.startswith(("**", "__", "„", '"'))):
                found.append((offset, line.strip(), last))
            items = 0
        above = line
    return found


_FOOTNOTE_LINE = re.compile(r"[ ]{0,3}\[\^([^\]]+)\]:[ \t]*")  # "[^1]: Quelle …", a footnote's text
# How a footnote's line ends where the next one starts anew: a sentence's end, a link's, an address.
_ENDS_TEXT = re.compile(r"""(?:[.!?"“”»)\]]|https?://\S+|www\.\S+)\s*$""")
_REFERENCE_LINE = re.compile(r"[ ]{0,3}\[[^\]]+\]:")  # "[x]: https://…", a link's address given apart
_BLOCK_TAG = re.compile(r"<(?:/?(?:div|p|table|ul|ol|dl|h[1-6]|blockquote|pre|figure|section|aside|hr)\b|!--)", re.I)


def lines_run_into_a_footnote(text: str, raw: list[tuple[int, int]] = (),
                              outside: list | None = None) -> list[tuple[int, str, str, bool]]:
    """A paragraph or a list right under a footnote's text, without an empty line between:
    Markdown runs it on into the footnote, and it is shown at the foot of the page ("[^1]: Quelle:
    Bericht." then "Markus Weber berichtete …"). Each as (where it starts, the line, the
    footnote's label, whether it is a list item). Told where the line above ends a sentence, a
    link or an address and this one starts anew: a capital, a digit, emphasis, a quote, a link,
    inline HTML, or a list item. Not told: a line indented to stay in the footnote; a footnote
    whose text starts on the line below its label, or goes on after a colon or within a
    sentence; what starts a block of its own (a heading, a quote, a block of HTML, another
    footnote or a link's address). Ambiguous, and told: a footnote of two sentences on two
    lines (indenting the second keeps it, without a message)."""
    if "[^" not in text:  # most recaps have no footnote
        return []
    found = []
    label = None  # the footnote whose lines these are, while no empty line came
    above = ""
    for offset, line in _shown_lines(text, sorted(raw), outside):
        if line is None or not line.strip():
            label = None
            continue
        footnote = _FOOTNOTE_LINE.match(line)
        if footnote is not None:
            label, above = footnote.group(1), line[footnote.end():]
            continue
        if label is None or line.startswith(("\t", "    ")) or not above.strip():
            above = line  # (the text of a footnote whose label stands alone on its line)
            continue
        if line.lstrip()[:1] in ("#", ">", "|") or _REFERENCE_LINE.match(line) or _BLOCK_TAG.match(line.lstrip()):
            label = None
            continue
        item = _LIST_ITEM.match(line) is not None
        anew = line[:1].isupper() or line[:1].isdigit() or line[:1] in "*_[<„\"“" or item
        if anew and _ENDS_TEXT.search(above):
            found.append((offset, line.strip(), label, item))
            label = None
            continue
        above = line
    return found


# [[2023-09-05-treffen]], [[/de/ueber-uns/]]: a wiki's link, no link here (not "[[sic]]", "[[1]]": no - / . :)
_WIKI_LINK = re.compile(r"\[\[([^\[\]\s|]*[-/.:][^\[\]\s]*)\]\](?!\()")  # ("[[a.pdf]](…)" is a link)
_TAG_OR_COMMENT = re.compile(r"<!--.*?(?:-->|$)|<[^>]*>")  # what the page does not show as text
_UNDERLINE = re.compile(r"[=-]+[ ]*$")  # Python-Markdown's setext underline: the line above is a heading
_RULE = re.compile(r"[ ]{0,3}([-*_])(?:[ ]*\1){2,}[ ]*$")  # a dividing line: the line below it starts a block
_HEAD_LINE = re.compile(r"[a-z_]+:(?:[ \t]|$)")  # "title: …": a line of a recap's head (front matter)
_SIGN_QUOTE = re.compile(r"[ ]{0,3}>(?:\d|[ ]?\d[\d.,]*[ \u00a0]?%)")  # ">50", "> 50 %": more than, not a quote
_SIGN_PLUS = re.compile(r"[ ]{0,3}\+[ ]+\d[\d.,]*[ \u00a0]?%")  # "+ 12 %": plus, not a bullet
_MARKS = frozenset("#=->+*")  # what a line these checks concern starts with
_STRUCK = re.compile(r"(?<!~)~~(?![~\s])[^~\n]*?(?<![~\s])~~(?!~)")  # ~~struck~~ (not "~~~~ Pause ~~~~")
_HARD_SPACE_ITEM = re.compile(r"[ ]{0,3}[-*+]\u00a0")  # ("5.\u00a0September" is a date, as typeset)
_TASK_ITEM = re.compile(r"[ ]{0,3}[-*+][ \t]+\[[ xX]\][ \t]")  # "- [ ] Protokoll": GitHub's and Notion's checkbox
_HIGHLIGHT = re.compile(r"(?<!=)==(?![=\s])[^=\n]*?(?<![=\s])==(?!=)")  # ==wichtig== (not "a == b", not "====")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")  # `code`, ``code with ` in it``


def _covered(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether one of ``ranges`` (sorted, not overlapping) holds all of ``start``…``end``."""
    index = bisect.bisect_right(ranges, (start, float("inf"))) - 1
    return index >= 0 and ranges[index][0] <= start and end <= ranges[index][1]


def line_problems(text: str, raw: list[tuple[int, int]] = (), outside: list | None = None) -> list[tuple[int, str]]:
    """Lines that Markdown shows otherwise than their writer meant, found as written (outside code
    and outside ``raw``, the places of raw HTML and comments, which stay as written or hidden),
    each as (where the line starts, the message; warnings): a heading made by the line under it
    (--- or ===) or by one # (the size of the page's title; a hashtag loses its #; a # at a
    heading's end is dropped); a sign taken as Markdown ("> 50 %" a quote, "+ 12 %" a bullet);
    ~~ (no strikethrough), == (no highlighting), a checkbox ("- [ ] "); a bullet followed by a hard space."""
    lines = list(_shown_lines(text, sorted(raw), outside))
    found = []
    heads: set[int] = set()  # lines told as a second head from the --- line above them
    for index, (offset, line) in enumerate(lines):
        if line is None:
            continue
        first = line.lstrip(" ")[:1]
        if "[[" in line:
            wiki = _WIKI_LINK.search(_TAG_OR_COMMENT.sub("", CODE_SPAN.sub("", line)))
            if wiki is not None:
                inner = re.split(r"[|#]", wiki.group(1))[0]  # [[2023-09-05-treffen|Treffen]]: the target
                fix = (f"write [Text](event:{inner}) to link the event" if EVENT_ID_START.match(inner)
                       else "write [Text](address) for a link")
                found.append((offset, f"'{_short(wiki.group())}' is shown with its brackets: there are no [[…]] "
                                      f"links in Markdown; {fix}"))
        if first not in _MARKS and "~~" not in line and "==" not in line:  # most lines: text, none of this
            continue
        if first == "-" and _RULE.match(line):  # a second head, after a --- line as the first one is written
            after = index + 1
            while after < len(lines) and lines[after][1] is not None and not lines[after][1].strip():
                after += 1  # (each run of empty lines is passed once: it ends at the next line of text)
            below_at, below = lines[after] if after < len(lines) else (0, None)
            if below is not None and _HEAD_LINE.match(below.strip()):
                heads.add(below_at)
                ruled = lines[after + 1][1] if after + 1 < len(lines) else None
                found.append((below_at, _second_head(_short(below.strip()), "as a heading" if ruled is not None
                                                     and _UNDERLINE.match(ruled) and ruled.startswith("-")
                                                     else "as text")))
        above_at, above = lines[index - 1] if index else (0, None)
        before = lines[index - 2][1] if index >= 2 else None
        # the line above starts a block: after an empty line, or after a dividing line
        opens = index < 2 or not (before or "").strip() or bool(_RULE.match(before))
        if above and above.strip() and opens and _UNDERLINE.match(line) and not above.startswith("#"):
            shown = _short(above.strip())
            rule = line.strip()
            if rule.startswith("-") and _HEAD_LINE.match(above.strip()):
                if above_at not in heads:  # (else told from the --- line above it)
                    found.append((above_at, _second_head(shown, "as a heading")))
                continue
            fix = (f"delete the line '{rule}'" if rule.startswith("=")
                   else f"for a dividing line, put an empty line above '{rule}'")
            size = "as large as the page's title " if rule.startswith("=") else ""
            found.append((above_at, f"'{shown}' is shown as a heading {size}because of the line '{rule}' right "
                                    f"under it: {fix}; for a heading, write '## {shown}' instead"))
            continue
        if line.startswith("#") and not line.startswith("##"):
            title = line[1:].strip().rstrip("#").rstrip()  # Python-Markdown drops a closing run of #
            if title and line[1:2] in (" ", "\t"):
                found.append((offset, f"'# {_short(title)}' is a heading as large as the page's title; start the "
                                      "headings of a recap with ## (a line with # is a comment only between the "
                                      "two --- lines at the top)"))
            elif title:
                found.append((offset, f"'{_short(line.strip())}' is shown as a heading as large as the page's "
                                      f"title, without its #: for a hashtag at the start of a line, write "
                                      f"\\#{title.split()[0]}; for a heading, write '## {_short(title)}'"))
            continue
        stripped = line.rstrip()
        if line.startswith("#") and line.endswith("#") and line.lstrip("#")[:1] in (" ", "\t"):  # ("C# " keeps it)
            kept = stripped.rstrip("#")
            if kept and not kept[-1].isspace():  # "## Kurs C#"; "## Titel ##" closes the heading on purpose
                word = kept.split()[-1]
                found.append((offset, f"'{_short(stripped)}' is shown without the # at its end: Markdown takes # "
                                      f"at the end of a heading as decoration; write \\# ({word}\\#)"))
        if first == "#" and "{" in line and _ATX_HEADING.match(line):
            body, start, words = _heading_braces(line)
            if len(words) > 1 and words[0].startswith("#") and not all(_ATTRIBUTE.match(word) for word in words):
                meant = slugify(" ".join(words).lstrip("#"))  # {#Mein Anker}: an id of two words
                found.append((offset, f"'{_short(body[start:])}' is shown in the heading as written: an id is one "
                                      f"word, without spaces; write {{#{meant}}}"))
        struck = _STRUCK.search(line) if "~~" in line else None
        if struck:
            found.append((offset, f"'{_short(struck.group())}' is shown with its ~~: there is no strikethrough in "
                                  f"Markdown here; write <del>{struck.group()[2:-2]}</del>"))
        marked = _HIGHLIGHT.search(line) if "==" in line else None
        if marked:
            found.append((offset, f"'{_short(marked.group())}' is shown with its == signs: there is no highlighting "
                                  f"in Markdown here; write **{marked.group()[2:-2]}** for bold"))
        if _TASK_ITEM.match(line) and not (above and _TASK_ITEM.match(above)):  # once a list
            found.append((offset, f"'{_short(line.strip())}' is shown with its brackets: there are no checkboxes "
                                  "in Markdown here; write the items without [ ] and [x] (an agreement or a task "
                                  "from the event belongs in event.yaml under outcomes:, where readers see whether "
                                  "it is open or done)"))
        below = lines[index + 1][1] if index + 1 < len(lines) else None
        # A quote of one line (Markdown starts one below a line of text too; not its further lines).
        if _SIGN_QUOTE.match(line) and not (above or "").lstrip().startswith(">") \
                and not (below or "").lstrip().startswith(">"):
            found.append((offset, f"'{_short(line.strip())}' is shown as a quote, without its '>': to keep the "
                                  "sign, write \\> at the start of the line (or 'mehr als')"))
        # A bullet only after an empty line (below a line of text, "+ 12 %" runs on in its paragraph).
        if _SIGN_PLUS.match(line) and not (above or "").strip():
            found.append((offset, f"'{_short(line.strip())}' is shown as a list item, without its '+': to keep "
                                  "the sign, write \\+ at the start of the line"))
        if _HARD_SPACE_ITEM.match(line) and not (above and _HARD_SPACE_ITEM.match(above)):  # once a list
            found.append((offset, f"'{_short(line.strip())}' is not shown as a list item: the space after its "
                                  "bullet is a non-breaking one (often pasted from Word); type it again"))
    return found


def _second_head(line: str, shown: str) -> str:
    return (f"'{line}' looks like a line of a recap's head, but it is shown {shown}: a recap has one head, "
            "between the two --- lines at its very top; move the line there, or delete it")


_WORD_DASH = re.compile(r"[\u2013\u2014]>")  # --> as Word's autocorrect writes it
_BLOCK_BREAK = re.compile(r"\n[ \t]*(?:\n|[-*+][ \t]|\d{1,3}\.[ \t]|#|>)")  # an empty line, an item, a heading
_WORD_OPENING = re.compile(r"<![\u2013\u2014]")  # <!-- as Word's autocorrect writes it


def comment_problems(text: str, outside: list | None = None) -> list[tuple[int, str]]:
    """HTML comments (<!-- … -->, an editor's note that stays off the page) that do not end where
    their writer meant: each as (where the comment starts, the message; errors). Markdown shows a
    comment never ended as text, so the note is published; Word turns the end --> into –> (then
    the comment ends at the next --> only, hiding everything between) and <!-- into <!–."""
    if "<!" not in text:
        return []
    def blanked(match: re.Match) -> str:
        return " " * len(match.group())

    # The text with code and code spans blanked out: the same length, so places are the text's.
    lines = outside if outside is not None else _lines_outside_code(text)
    outside = "\n".join(" " * len(written) if line is None else CODE_SPAN.sub(blanked, line)
                         for (_, line), written in zip(lines, text.split("\n")))
    found = []

    def shown(at: int) -> str:
        return _short(text[at:].split("\n", 1)[0].strip())

    for opening in _WORD_OPENING.finditer(outside):
        found.append((opening.start(), f"the comment '{shown(opening.start())}' begins with '{opening.group()}' (a "
                                       "dash Word made of --), which does not begin a comment, so the note is "
                                       "published as text: write <!-- at its start and --> at its end"))
    start = outside.find("<!--")
    while start >= 0:
        end = outside.find("-->", start + 4)
        following = outside.find("<!--", start + 4)
        stop = end if end >= 0 and not 0 <= following < end else following if following >= 0 else len(outside)
        dash = _WORD_DASH.search(outside, start + 4, stop)
        line_start = outside.rfind("\n", 0, start) + 1
        inline = outside[line_start:start].strip() != ""  # after text on its line: ends with its paragraph
        body = outside[start:end if end >= 0 else len(outside)]
        if end < 0 or 0 <= following < end:
            why = (f"ends with '{dash.group()}' (a dash Word made of --), which does not end a comment" if dash
                   else "is never ended with -->" if end < 0 else "is not ended with --> before the next comment")
            result = ("so the note is published as text" if end < 0
                      else "so everything up to the next comment's end is hidden")
            found.append((start, f"the comment '{shown(start)}' {why}, {result}: write --> at its end"))
        elif dash is not None and _BLOCK_BREAK.search(outside, dash.end(), end):
            # –> meant as the end, a paragraph before the real one: what is between is hidden or shown
            found.append((start, f"the comment '{shown(start)}' ends with '{dash.group()}' (a dash Word made of --), "
                                 "which does not end a comment: the note is published, or what follows it is hidden "
                                 "up to the next -->; write --> at its end"))
        elif inline and _BLOCK_BREAK.search(body):
            found.append((start, f"the comment '{shown(start)}' begins in a line of text and ends in another "
                                 "paragraph or list item, so the note is published as text: end it with --> before "
                                 "the paragraph ends, or put <!-- at the start of a line"))
        start = outside.find("<!--", end + 3) if end >= 0 else -1
    return sorted(found)


# Tags whose formatting a browser carries on into the paragraphs after them while they are open
# (HTML's "formatting elements"), each with what it makes of the text.
_FORMATTING = {"b": "in bold", "strong": "in bold", "i": "in italics", "em": "in italics", "u": "underlined",
               "s": "struck through", "small": "in small letters", "code": "in monospace",
               "a": "as part of the link"}
_LITERAL = {"code", "pre", "kbd", "samp"}  # text shown as written: no Markdown in it
# Link, picture and footnote syntax that Markdown left as text: a bracket or parenthesis missing,
# or a reference ([text][ref], [^1]) with no definition.
_LEFTOVER = re.compile(
    # [text] (address): a space between ] and ( (an address: a scheme, www., / or #, or a file name)
    r"!?\[[^\[\]\n]*\][ \t]+\((?:[a-z][a-z0-9+.-]*:|www\.|/|#)[^()\s]*\)"
    r"|!?\[[^\[\]\n]*\][ \t]+\([^()\s]+\.[A-Za-z]{2,4}\)"
    r"|!?\[[^\[\]\n]*\]\(|\[\^[^\]\s]+\]|\[[^\[\]\n]+\]\[[^\[\]\n]*\]")
_CITATION = re.compile(r"\[\d+\]\[\d*\]")  # [1][2]: numbered sources, not a reference link


def _check_leftovers(text: str, context: LinkContext) -> None:
    for found in _LEFTOVER.finditer(text):
        shown = found.group()
        if _CITATION.fullmatch(shown):
            continue
        end = text.find("\n", found.start())
        needle = text[found.start():end if end >= 0 else len(text)]  # with what follows: not another like it
        if re.match(r"!?\[[^\]]*\][ \t]+\(", shown):
            what = "picture" if shown.startswith("!") else "link"
            context.problem(needle, f"'{shown}' is shown as text, not as a {what}: remove the space between "
                                   "] and (")
        elif shown.startswith("[^"):
            context.problem(needle, f"footnote {shown} has no text: add a line '{shown}: …' below the paragraph")
        elif shown.endswith("("):
            what = "picture" if shown.startswith("!") else "link"
            context.problem(needle, f"'{shown}…' looks like a {what} but is shown as text: close it with ')' "
                                   f"after the address, as in {shown}https://…)")
        else:
            ref = shown[shown.rindex("[") + 1:-1] or shown[1:shown.index("]")]
            context.problem(needle, f"'{shown}' is shown as text: no line '[{ref}]: https://…' gives its address")


_STARS = re.compile(r"\*\*[^*\n]{0,40}?\*\*|\*\*\S*")


# A name not ended by ';' ("&nbsp100", "&amp Co"); not a parameter of an address ("?q=x&lang=de").
_ENTITY_NAME = re.compile(r"&(?=([A-Za-z][A-Za-z0-9]*))\1(?![;=])")


def _check_entities(text: str, context: LinkContext) -> None:
    """A character reference written without its ';' (&nbsp, &amp): Markdown shows it as written."""
    for found in _ENTITY_NAME.finditer(text):
        name = found.group(1)
        if name + ";" not in HTML5_ENTITIES:  # "&nbsp100": the letters before the digits
            name = re.match(r"[A-Za-z]+", name).group()
            if name == found.group(1) or name + ";" not in HTML5_ENTITIES:
                continue
        start, end = text.rfind("\n", 0, found.start()) + 1, text.find("\n", found.start())
        context.problem(text[start:end if end >= 0 else len(text)], (  # its line: found as written
            f"'&{name}' has no ';' at its end, so it is shown as written: write &{name}; (with the ';')"
            + (" or a space" if name == "nbsp" else "")), "warning")


def _check_stars(text: str, context: LinkContext) -> None:
    """Bold that did not become bold: '**Ort: **Berlin' (a space before the closing **, as Word
    allows) is shown with its asterisks. Escaped asterisks (\\*\\*) are not in the text here."""
    found = _STARS.search(text)
    if found:
        shown = found.group()
        context.problem(shown, f"'{_short(shown)}' is shown with its asterisks: bold is written with the ** "
                               "right against its first and last word (**Ort:** Berlin), with no space inside "
                               "them", "warning")


def _check_inline_marks(root: etree.Element, context: LinkContext) -> None:
    """Signs Markdown took for its own inside a sentence: backticks typed for apostrophes
    (geht`s … Müller`s: the text between them shown as code) and asterisks meant as marks
    (kostenlos*. … 3.5.*: the text between them in italics, the asterisks gone)."""
    for parent in root.iter():
        if parent.tag in _LITERAL:
            continue
        for index, child in enumerate(parent):
            if child.tag not in _MARKED:
                continue
            before = parent.text if index == 0 else parent[index - 1].tail
            after = child.tail
            inside = "".join(child.itertext())
            if child.tag == "code" and before and after and before[-1].isalpha() and after[0].isalpha():
                written = f"`{html_unescape(inside)}`"
                context.problem(written, f"'{_short(before.split()[-1] + written + after.split()[0])}' shows the text "
                                         "between the two ` as code: ` is not an apostrophe; write ’ or ' instead",
                                "warning")
            elif child.tag in ("em", "strong") and inside[:1] in _NOT_A_START and before \
                    and (before[-1].isalnum() or before[-1] == "("):  # (not "*.NET*" after a space)
                stars = "*" if child.tag == "em" else "**"
                written = f"{stars}{inside}{stars}"
                context.problem(written, f"'{_short(written)}' is shown in {'italics' if stars == '*' else 'bold'}, "
                                         "without its asterisks: an * before and after a text marks it; for an "
                                         "asterisk as a sign (a footnote mark), write \\*", "warning")


_MARKED = frozenset({"code", "em", "strong"})
_NOT_A_START = frozenset(" \t\n.,:;!?)")  # how emphasis never starts: the * before it was a sign


# Paragraphs that were meant as something else: a list with no empty line above it (or with
# bullets Markdown does not know), a table without its |---| line.
_LIST_IN_PARAGRAPH = re.compile(rf"(?:^|\n)[ ]{{0,3}}(?:[-*+]|(?P<number>\d{{1,3}})\.{_NO_MONTH})[ \t]*\S[^\n]*(?=\n|$)")
_LETTER_ITEMS = re.compile(r"(?m)^(?=[ ]{0,3}([a-z])\)[ \t])([ ]{0,3}[a-z]\)[ \t]+\S[^\n]*)")
_PAREN_ITEMS = re.compile(r"(?m)^(?=[ ]{0,3}(\d{1,3})\)[ \t])([ ]{0,3}\d{1,3}\)[ \t]+\S[^\n]*)")
_FOREIGN_BULLET = re.compile(r"(?:^|\n)[ ]*[•▪◦‣][ \t]+\S[^\n]*")
# Arrows, boxes and ticks as bullets: two lines at least (one may be a sign before a sentence: "► Die Aufzeichnung …").
_SYMBOL_BULLETS = re.compile(r"(?:^|\n)([ ]*[➢➤►▶■□●○❖✓✔☐☑][ \t]+\S[^\n]*)\n[ ]*[➢➤►▶■□●○❖✓✔☐☑][ \t]+\S")
# Dashes as bullets, as Word's autocorrect makes them: two lines at least (one may be a sentence).
_DASH_BULLETS = re.compile(r"(?:^|\n)([ ]*[–—][ \t]+\S[^\n]*)\n[ ]*[–—][ \t]+\S")
_STASHED = re.compile("\x02[^\x03]*\x03")  # Python-Markdown's placeholder of raw HTML or a stashed node
_WIDE_GAP = re.compile(r"\S {2,}\S")  # a tab between two words, as Markdown has expanded it
_SHORT_LINE = 50  # characters: lines no longer than this, three or more, were meant as lines (an address)
_TABLE_ROWS = re.compile(r"(?:^|\n)(\|[^\n]*\|)[ \t]*\n\|")
_TABLE_RULE = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?$")  # |---|:--:|
# The same rows written without the pipes at their ends (Markdown takes such tables too): two lines
# at least, the first of cells that are not empty. (Each part is bounded by a | or a line's end, so
# that a long line is read once: a pattern with a word inside each cell took time with the square
# of a line's length.)
_BARE_TABLE_ROWS = re.compile(r"(?:^|\n)([^\n|]+(?:\|[^\n|]+)+)\n[^\n|]+\|[^\n|]*[^\s|]")


def _check_paragraph(element: etree.Element, context: LinkContext, pasted_rows: frozenset[str]) -> None:
    """``pasted_rows``: the document's lines that are told about as a table pasted from a spreadsheet."""
    text = "".join(element.itertext())
    bullet = _FOREIGN_BULLET.search(text) or _DASH_BULLETS.search(text) or _SYMBOL_BULLETS.search(text)
    if "\n" in text:
        items = [found for found in _LIST_IN_PARAGRAPH.finditer(text) if found.start() > 0]
        numbers = [int(found["number"]) for found in items if found["number"]]
        # Two lines that start like list items (one could be a line break in a sentence), and
        # numbers one after the other ("am\n4. Netzwerktreffen und zum\n5. Forum" is a sentence).
        if len(items) >= 2 and (not numbers or numbers == list(range(numbers[0], numbers[0] + len(numbers)))
                                and len(numbers) == len(items) and numbers[0] == 1):
            line = items[0].group().strip()
            context.problem(line, f"'{_short(line)}' runs on in the paragraph above instead of starting a "
                                  "list: put an empty line before the list", "warning")
        lettered = _LETTER_ITEMS.findall(text)
        if len(lettered) >= 2 and [found[0] for found in lettered[:2]] == ["a", "b"]:
            line = lettered[0][1].strip()
            context.problem(line, f"'{_short(line)}': Markdown has no lists lettered a), b); start each item with "
                                  "'- ' on a line of its own, after an empty line (the letter may stay after it), "
                                  "or the lines run on as one paragraph", "warning")
        parenthesized = _PAREN_ITEMS.findall(text)
        if len(parenthesized) >= 2 and parenthesized[0][0] == "1" and parenthesized[1][0] == "2":
            line = parenthesized[0][1].strip()
            context.problem(line, f"'{_short(line)}': Markdown numbers a list with '1.', not '1)'; write "
                                  "'1. ', '2. ' … after an empty line, or the lines run on as one paragraph",
                            "warning")
        table = _TABLE_ROWS.search(text) or (None if any("|" in (code.text or "") for code in element.iter("code"))
                                             else _BARE_TABLE_ROWS.search(text))  # (a | in code is no cell's)
        # Raw HTML is still a placeholder here: a line ending in one (<br>) keeps its break.
        written = text.split("\n")
        lines = [_STASHED.sub("", line) for line in written]
        raw_ends = sum(1 for line in written[:-1] if line.rstrip().endswith("\x03"))
        soft = len(lines) - 1 - len(element.findall(".//br")) - raw_ends  # line breaks that are no <br>
        told = items or parenthesized or table or bullet or sum(bool(_WIDE_GAP.search(line)) for line in lines) >= 2 \
            or any(line.strip() in pasted_rows for line in lines)
        # Two lines are enough where they are a schedule (each starts with a date) or a greeting
        # above a name; any number of lines, short ones (an address).
        meant = len(lines) >= 2 and soft == len(lines) - 1 and (
            all(_DATE_LINE.match(line) for line in lines) or len(lines) == 2 and _GREETING.fullmatch(lines[0].strip())
            and 0 < len(lines[1].strip()) <= _SHORT_LINE)
        if (meant or len(lines) >= 3 and soft >= 2 and all(0 < len(line.strip()) <= _SHORT_LINE for line in lines)) \
                and not told:  # (tabs are spaces here)
            first = lines[0].strip()
            after = "the line after it" if len(lines) == 2 else f"the {len(lines) - 1} lines after it"
            context.problem(first, f"'{_short(first)}' and {after} are shown as one "
                                   "line: a single line break does not start a new line in Markdown; end a line "
                                   "with a backslash \\ to keep its break, put an empty line between paragraphs, "
                                   "or make a list with '- '", "warning")
        if table:
            row = table.group(1)
            under = text[table.end(1):].lstrip("\n").split("\n", 1)[0].strip()
            if _TABLE_RULE.match(under) and table.start(1) > 0:
                context.problem(row, f"'{_short(row)}' looks like a table, but it is shown as text, because it "
                                     "follows the line above it with no empty line between: put an empty line "
                                     "above the table", "warning")
            elif _TABLE_RULE.match(under):
                cells, columns = (len(line.strip().strip("|").split("|")) for line in (row, under))
                context.problem(row, f"'{_short(row)}' looks like a table, but it is shown as text, because its "
                                     f"first row has {cells} cells and the line {under} under it {columns}: give "
                                     "both the same number of cells", "warning")
            else:
                context.problem(row, f"'{_short(row)}' looks like a table, but the line |---|---| under its first "
                                     "row is missing, so it is shown as text", "warning")
    if bullet:
        line = bullet.group().strip().split("\n")[0]
        context.problem(line, f"'{_short(line)}': Markdown does not know this bullet; start each list item "
                              "with '- ' on a line of its own, after an empty line", "warning")


def _check_code_block(element: etree.Element, context: LinkContext) -> None:
    """An indented block is code (fenced code never reaches the tree): often a pasted paragraph."""
    code = element.find("code")
    first = next((line.strip() for line in (code.text if code is not None and code.text else "").splitlines()
                  if line.strip()), "")
    if first:
        context.problem(first, f"'{_short(first)}' is indented by a tab or four spaces or more, so it is shown as "
                               "code (in monospace, with no links or formatting): remove the tab or spaces at the "
                               "start of its lines, or put a line ``` above and below real code", "warning")


def _attribute_removed(tag: str, name: str) -> str:
    why = "scripts are not allowed in recaps" if name.startswith("on") else "it is not allowed"
    instead = (" (for a place to link to, give the heading above it an id: ## Title {#its-name})"
               if tag == "a" and name == "name" else "")
    return f"the attribute {name}= of <{tag}> is removed: {why}; delete it{instead}"


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


def _scheme_problem(target: str, scheme: str) -> str:
    close = difflib.get_close_matches(scheme.lower(), sorted(SAFE_SCHEMES | {"event"}), n=1, cutoff=0.6)
    if close and close[0] != scheme:
        rest = target[len(scheme) + 1:]
        return f"'{target}': unknown kind of link '{scheme}:'; did you mean '{close[0]}:{rest}'?"
    return (f"'{target}' cannot be linked: a link goes to a web page (https://…), an e-mail address "
            "(mailto:…), a phone number (tel:…), another recap (event:…) or a file in this event's "
            "folder (its name)")


# Descriptions of a picture that describe nothing: a screen reader reads them out instead of what it shows.
_EMPTY_DESCRIPTIONS = frozenset({"bild", "foto", "photo", "image", "picture", "grafik", "abbildung", "img", "pic",
                                 "screenshot", "bild 1", "foto 1", "image 1", "alt", "alt text", "alt-text"})


def description_problem(description: str, file: str) -> str | None:
    """Why a picture's description (its alt text) says nothing of what it shows: a word such as
    'Bild', or its file's name; None for a description."""
    text = " ".join(description.split()).casefold()
    # A word such as "Bild", a file's name ("c.jpg"), or a camera's ("IMG_2041"); not a short
    # name that is a description too ("Logo" for logo.png, "Halle" for halle.jpg).
    if text in _EMPTY_DESCRIPTIONS or re.fullmatch(r"[\w-]+\.(?:jpe?g|png|webp|gif|svg|heic)", text) \
            or re.fullmatch(r"(?:img|dsc|dscn|dscf|pxl|photo|foto)[_-]?\d+(?:\.\w+)?", text):
        return (f"the picture '{file}' is described as '{description.strip()}', which does not say what it shows "
                "(a screen reader reads that out in its place): describe what can be seen, as 'Die Teilnehmenden "
                "im Saal der IHK'")
    return None


def _check_alt(element: etree.Element, context: LinkContext) -> None:
    """A Markdown picture needs its description: ![what it shows](file)."""
    src = element.get("src", "")
    if not element.get("alt", "").strip():
        # Found by "![](", not by its file name alone: the same picture may be shown above with one.
        context.problem(f"![]({src}", f"the picture '{src}' has no description: write what it shows "
                                    f"between the brackets, ![Description]({src})")
        return
    empty = description_problem(element.get("alt", ""), src)
    if empty is not None:  # found by "![Bild]": inline, reference ([…][s]) and <…> pictures alike
        context.problem(f"![{element.get('alt')}]", empty, "warning")


# Markdown that an HTML block (<div>, <details>, <p> …) shows as written, and how HTML writes it.
_MARKDOWN_IN_HTML = (
    ("the picture", re.compile(r"!\[[^\[\]\n]*\]\([^()\s]+\)")),
    ("the link", re.compile(r"\[[^\[\]\n]+\]\([^()\s]+\)")),
    # at a line's start (a piece of text begins after a tag: "<td>- 5 %" is no list item)
    ("the heading", re.compile(r"(?m)(?<=\n)[ \t]*#{1,6}[ \t]+\S.*$")),
    # a bullet not before a number ("- 5 %"), or two numbered lines (not "5. September" alone)
    ("the list", re.compile(rf"(?m)(?<=\n)[ \t]*(?:[-*+][ \t]+(?!\d)\S.*|\d{{1,3}}\.{_NO_MONTH}\S.*\n"
                            rf"[ \t]*\d{{1,3}}\.{_NO_MONTH}\S.*)$")),
    ("the bold text", re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__")),
    ("the address", re.compile(r"https?://[^\s<>\"']+")),
)
_IN_HTML = {"the picture": '<img src="…" alt="…">', "the link": '<a href="…">…</a>',
            "the heading": "<h2>…</h2>", "the list": "<ul><li>…</li></ul>", "the bold text": "<strong>…</strong>",
            "the address": '<a href="…">…</a>'}
# Tags whose end Python-Markdown waits for: without it, the rest of the recap is inside them, as HTML.
_MUST_CLOSE = frozenset({"details", "div", "table", "figure", "blockquote", "ul", "ol", "dl", "center", "section",
                         "aside", "p", *_FORMATTING})


class _RawHtmlCheck(HTMLParser):
    """What the sanitizer would remove from raw HTML in a recap, and pictures
    without a description; each reported at the tag it concerns."""

    def __init__(self, context: LinkContext, sanitized: bool, block: str, start: int,
                 site_host: str | None = None) -> None:
        """``start``: where ``block`` stands in the document (-1: not found as written)."""
        super().__init__(convert_charrefs=True)
        self.context = context
        self.sanitized = sanitized
        self.start = start
        self.site_host = site_host
        self.links = 0  # inside <a>: an address there is a link's text
        self.literal = 0  # inside <pre> or <code>
        self.open: list[tuple[str, str, str]] = []  # tags of _MUST_CLOSE opened: (tag, needle, as written)
        self.closed: dict[str, int] = {}  # how many of each were closed
        self.ends: list[tuple[str, str]] = []  # formatting tags closed: (tag, needle)
        self.line_starts = [0] + [index + 1 for index, char in enumerate(block) if char == "\n"]

    def _where(self, raw: str, further: int = 0) -> str:
        """A needle for the tag or text being read (``further`` characters into it): its place in
        the document, else its text."""
        if self.start < 0:
            return raw
        line, column = self.getpos()
        return at_offset(self.start + self.line_starts[line - 1] + column + further)

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag) -> None:
        if tag in _LITERAL and self.literal:
            self.literal -= 1
        if tag == "a" and self.links:
            self.links -= 1
        if tag in _MUST_CLOSE:
            self.closed[tag] = self.closed.get(tag, 0) + 1
        if tag in _FORMATTING:
            self.ends.append((tag, self._where(f"</{tag}>")))


    def handle_data(self, data: str) -> None:
        if self.literal:  # code (a fenced block comes this way too): shown as written, on purpose
            return
        told = []  # each kind once a piece of text, and a picture's address not again as a link
        for kind, pattern in _MARKDOWN_IN_HTML:
            found = pattern.search(data)
            if kind == "the address" and self.links:
                continue  # the text of a link written in HTML
            if found and kind not in told and not any(found.group() in earlier for earlier in told):
                told += [kind, found.group()]
                written = self._where(found.group().strip(), found.start() + len(found.group()) - len(
                    found.group().lstrip()))
                shown = found.group().strip().split("\n")[0]
                what = ("inside HTML is not made a link" if kind == "the address"
                        else "is Markdown inside HTML, which is not converted")
                self.context.problem(written, f"'{_short(shown)}' {what}: it is shown as text; remove the HTML "
                                     f"tags around it, or write {kind} in HTML ({_IN_HTML[kind]})", "warning")

    def handle_starttag(self, tag, attrs) -> None:
        raw = self.get_starttag_text() or f"<{tag}"
        if tag in _LITERAL:
            self.literal += 1
        if tag in _MUST_CLOSE:
            self.open.append((tag, self._where(raw), raw))
        if tag == "a":
            self.links += 1
        values = dict(attrs)
        problem = self.context.problem
        where = self._where(raw)
        if tag == "h1":
            problem(where, f"'{_short(raw)}' is a heading as large as the page's title; start the headings of a "
                    "recap with <h2> (or ## in Markdown)", "warning")
        if tag == "img" and not (values.get("alt") or "").strip():
            problem(where, f"the picture {raw} has no description: add alt=\"…\" saying what it shows")
        if tag == "img" and on_another_host(values.get("src") or "", self.site_host):
            problem(where, remote_picture(values["src"], self.context.pictures_kept))
        for name in ("href", "src"):
            hidden = invisible_in_address(values.get(name) or "")
            if hidden is not None:
                problem(where, hidden)
        if not self.sanitized or tag == "iframe":  # an iframe's src is vetted on its own
            return
        if tag not in ALLOWED_TAGS:
            if tag in _REMOVED_WITH_CONTENT:
                problem(where, f"<{tag}> is not allowed in a recap; it is removed with everything in it",
                        "warning")
            elif not is_element(tag):
                problem(where, f"'{_short(raw)}' inside HTML is read as a tag, and left out with what is "
                        "between its brackets; to show it as written, write &lt; instead of <", "warning")
            else:
                problem(where, tag_left_out(tag), "warning")
            return
        allowed = _ALLOWED_ON.get(tag, _GLOBAL_ATTRIBUTES)
        for name, value in attrs:
            if name not in allowed:
                problem(where, _attribute_removed(tag, name), "warning")
            elif name in ("href", "src") and value:
                scheme = urlsplit(value).scheme if ":" in value else ""
                if scheme == "event":
                    problem(where, f"'{value}' in HTML is not resolved: write event: links in Markdown, "
                            "[text](event:…)")
                elif scheme and scheme not in SAFE_SCHEMES:
                    problem(where, f"the address is removed from <{tag}>: {_scheme_problem(value, scheme)}",
                            "warning")


def _first_unclosed(opens: list[tuple[str, str, str]], ends: list[tuple[str, str]]) -> tuple[str, str, str] | None:
    """The first of ``opens`` (tag, needle, as written) that no later end of ``ends`` closes, pairing them
    in the order they stand in the text; None when a place is not known (then the count decides)."""
    places = []
    for kind, entries in ((0, opens), (1, ends)):
        for entry in entries:
            if not entry[1].startswith(OFFSET) or not entry[1][len(OFFSET):].isdigit():
                return None
            places.append((int(entry[1][len(OFFSET):]), kind, entry))
    waiting: list = []
    for _, kind, entry in sorted(places, key=lambda place: (place[0], place[1])):
        if kind == 0:
            waiting.append(entry)
        elif waiting:
            waiting.pop()
    return waiting[0] if waiting else None


def is_element(tag: str) -> bool:
    """An HTML element's name, or a custom element's (it has a hyphen)."""
    return tag in HTML_ELEMENTS or "-" in tag


def tag_left_out(tag: str) -> str:
    return (f"<{tag}> is not allowed in a recap: the tag is left out, the words around it stay; the tags "
            "that may be used are listed in the editing guide (docs/editing.md, \"HTML in a recap\")")


_TAG_NAME = re.compile(r"</?([a-zA-Z][^\s\"'<>/@]*)")
_BARE_WORD = re.compile(r"\s[^\s=\"'<>/]+(?=\s|/?>)")


def _placeholder(name: str, raw: str) -> bool:
    """Words in angle brackets that begin like a tag (<Link zur Anmeldung>, <Time of day>): written
    with a capital and either not a tag a recap may use, or followed by words rather than
    attributes. HTML is written in small letters; German nouns are not."""
    return name[:1].isupper() and (name.lower() not in ALLOWED_TAGS or _BARE_WORD.search(raw) is not None)


# The prefixes of the XML that Word and other Office programs leave in pasted text: <o:p>, <w:sdt>,
# <v:shape>, <m:oMath>, <st1:place> (not <Name: folgt> or <tel:+49…>, written as text).
_OFFICE_TAG = re.compile(r"(?:o|w|v|m|x|st\d+):[a-z]", re.I)


class RawTagProcessor(HtmlInlineProcessor):
    """Python-Markdown's raw inline HTML, except that

    - words in angle brackets that name no HTML element (<Name der Ministerin>, a placeholder)
      are text, shown as written: the sanitizer, or a browser, would drop them unseen;
    - in a sanitized recap, a tag that may not be used is left out here, with a warning, so that
      the words around it stay in their paragraph (the sanitizer would end the paragraph at a
      block tag such as <center>, leaving its words outside)."""

    def __init__(self, pattern: str, md, extension: "RecapExtension") -> None:
        super().__init__(pattern, md)
        self.extension = extension

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown API
        name = _TAG_NAME.match(m.group(1))
        tag = name.group(1).lower() if name else None
        if tag is not None and _OFFICE_TAG.match(tag):  # <o:p>, <w:sdt>: what Word leaves in pasted text
            if not m.group(1).startswith("</"):
                self.extension.context.problem(m.group(1), (
                    f"'{_short(m.group(1))}' is a leftover of Word's formatting, pasted with the text; the page "
                    "leaves it out: delete it from the recap"), "warning")
            return "", m.start(0), m.end(0)
        if tag is not None and (not is_element(tag) or _placeholder(name.group(1), m.group(1))):
            return m.group(1), m.start(0), m.end(0)  # text: the serializer escapes it
        if tag is not None and self.extension.sanitized and tag not in ALLOWED_TAGS \
                and tag not in _REMOVED_WITH_CONTENT and tag != "iframe":
            if not m.group(1).startswith("</"):
                self.extension.context.problem(m.group(1), tag_left_out(tag), "warning")
            return "", m.start(0), m.end(0)
        return super().handleMatch(m, data)


class _Claimed:
    """Spans of the text that raw HTML blocks were found at (disjoint, kept sorted)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def place(self, text: str, block: str, start: int) -> tuple[int, int] | None:
        """(start, end) of the first place of ``block`` in ``text`` from ``start`` on that no other
        block took; None if there is none. Python-Markdown may have changed a block a little (a
        newline added at the end, tabs expanded, blank lines emptied): found with any whitespace
        between its words then."""
        def exactly(begin: int) -> tuple[int, int] | None:
            at = text.find(block, begin)
            return (at, at + len(block)) if at >= 0 else None

        found = self._free(exactly, start)
        words = block.split()
        if found is not None or not words or len(block) > 20000:
            return found
        pattern = re.compile(r"\s+".join(map(re.escape, words)))

        def loosely(begin: int) -> tuple[int, int] | None:
            match = pattern.search(text, begin)
            return match.span() if match else None

        return self._free(loosely, start)

    def _free(self, find: Callable[[int], tuple[int, int] | None], start: int) -> tuple[int, int] | None:
        span = find(start)
        while span is not None:
            index = bisect.bisect_right(self.starts, span[0]) - 1
            if index < 0 or span[0] >= self.ends[index]:
                return span
            span = find(self.ends[index])  # past the span that holds it
        return None

    def add(self, start: int, end: int) -> None:
        index = bisect.bisect_right(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)


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
        "em_strong": ("*", "_"), "footnote": ("[",), "gender_star": ("*",), "backslash_break": ("\\\n",),
        "bare_address": ("://",),
    }

    def __init__(self, md, extension: "RecapExtension") -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, tree, ancestors=None):
        for pattern in self.inlinePatterns:
            _watch(pattern, self.extension)
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
        deadline = self.extension.deadline
        start = 0
        while patternIndex < len(quick):
            if deadline is not None:
                deadline.check()
            pattern, new_style = quick[patternIndex]
            if getattr(pattern, "ALL_AT_ONCE", False):
                data = self._all_at_once(pattern, data, start)
                patternIndex += 1
                start = 0
                continue
            if new_style and pattern.compiled_re.search(data, start) is None:
                patternIndex += 1
                start = 0  # as after any pattern that does not match
                continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


    def _all_at_once(self, pattern: InlineProcessor, data: str, start: int) -> str:
        """Every match of ``pattern`` from ``start`` stashed in one pass: the
        same text as applying it match by match (its matches are single
        characters whose neighbours are never matches themselves)."""
        if any(exclude.lower() in self.ancestors for exclude in pattern.ANCESTOR_EXCLUDES):
            return data  # as __applyPattern does
        stash = self._InlineProcessor__stashNode
        parts = []
        done = 0
        for match in pattern.compiled_re.finditer(data, start):
            node, begin, end = pattern.handleMatch(match, data)
            if node is None or begin is None:
                continue
            parts.append(data[done:begin])
            parts.append(stash(node, pattern.type()))
            done = end
        if not parts:
            return data
        parts.append(data[done:])
        return "".join(parts)


class BareAddressProcessor(InlineProcessor):
    """A web address written as it is (https://…, or www.… as people write one in a sentence),
    as editors paste it: a link that shows the address as written (www.… leads to https://www.…).
    Python-Markdown links only <https://…>; without this, the _ and * in an
    address were read as emphasis (…/_veranstaltungen_/… came out in italics, and not linked).
    Not inside a link's own text, Markdown's or raw HTML's. The address ends where
    Python-Markdown's placeholders begin (a line break, raw HTML, a code span stashed before
    this runs), before * (bold or italics around it), and without the punctuation after it (a
    full stop, a closing bracket with no opening one in the address, an entity)."""

    ANCESTOR_EXCLUDES = ("a",)
    PATTERN = r"(?<![\w/:@.])(?<!\]\()(?<!\] \()(?:https?://|www\.(?=[A-Za-z0-9-]+\.\w))[^\s<>\"`*\x02\x03]+"
    TRAILING = ".,;:!?'\"»«“”‘’_"
    _ENTITY_AT_END = re.compile(r"(?:&#?\w+;)+$")
    _STASHED_HTML = re.compile("\x02wzxhzdk:(\\d+)\x03")

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's name
        url = self._ENTITY_AT_END.sub("", m.group(0))
        while url and (url[-1] in self.TRAILING or (url[-1] == ")" and url.count(")") > url.count("("))):
            url = url[:-1]
        if url.rstrip("/").endswith("//") or self._inside_raw_link(data, m.start(0)):
            return None, None, None
        href = url if url.startswith(("http://", "https://")) else "https://" + url
        element = etree.Element("a", {"href": href, "class": "address"})  # its text is its address (print: once)
        element.text = AtomicString(url)
        return element, m.start(0), m.start(0) + len(url)

    def _inside_raw_link(self, data: str, end: int) -> bool:
        """Whether ``data[:end]`` opens a raw HTML <a> it does not close. Its tags are stashed
        twice: the inline pass keeps the raw HTML's placeholder under a placeholder of its own."""
        depth = 0
        stashed = self.md.treeprocessors["inline"].stashed_nodes
        blocks = self.md.htmlStash.rawHtmlBlocks
        for found in INLINE_PLACEHOLDER_RE.finditer(data, 0, end):
            node = stashed.get(found.group(1))
            html = self._STASHED_HTML.fullmatch(node) if isinstance(node, str) else None
            index = int(html.group(1)) if html else -1
            raw = blocks[index].lower() if 0 <= index < len(blocks) and isinstance(blocks[index], str) else ""
            if re.match(r"<a[\s>]", raw):
                depth += 1
            elif raw.startswith("</a"):
                depth = max(0, depth - 1)
        return depth > 0


class _CheckedTable(TableProcessor):
    """Python-Markdown's tables, telling the editor about a row with more cells than the table
    has columns (the cells beyond them were dropped without a word) or fewer (a | left out: the
    text of two cells stands in one)."""

    def __init__(self, parser, config, extension: "RecapExtension") -> None:
        super().__init__(parser, config)
        self.extension = extension

    def _build_row(self, row, parent, align):  # noqa: N802 - Python-Markdown's name
        context = self.extension.context
        cells = self._split_row(row)
        extra = [cell.strip() for cell in cells[len(align):] if cell.strip()]
        if context is not None and extra:
            shown = row.strip()
            context.problem(shown, f"'{_short(shown)}' has {len(cells)} cells but the table has {len(align)} "
                                   f"columns, so '{_short(extra[0])}' is not shown: add a column to the table's "
                                   "first two rows, or join the cells", "warning")
        elif context is not None and len(cells) < len(align):
            shown = row.strip()
            some = "cell" if len(cells) == 1 else "cells"
            context.problem(shown, f"'{_short(shown)}' has {len(cells)} {some} but the table has {len(align)} "
                                   "columns, so its cells on the right are left empty: put a | between two cells "
                                   "(write | | for a cell that is empty on purpose)", "warning")
        super()._build_row(row, parent, align)


class Deadline:
    """A budget of wall-clock time for one document, checked as it converts.

    Python-Markdown's own inline patterns are quadratic on some input (a
    long run of ``[`` takes minutes), and no size limit on its own bounds
    that. The time is checked before each block and each inline pattern is
    tried: cheap, and it works in any thread (a signal would not)."""

    class Passed(Exception):
        pass

    def __init__(self, seconds: float) -> None:
        self.until = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.until:
            raise Deadline.Passed


def _watch(pattern, extension: "RecapExtension") -> None:
    """Check the deadline on each match ``pattern`` tries, too: one pass of a
    link pattern over a long run of ``[`` tries every one of them, each
    scanning the rest of the text. (Done once per pattern of our own
    Markdown instance.)"""
    if getattr(pattern, "recap_watched", False) or not isinstance(pattern, InlineProcessor):
        return
    handle = pattern.handleMatch

    def handle_match(m, data):
        if extension.deadline is not None:
            extension.deadline.check()
        return handle(m, data)

    pattern.handleMatch = handle_match
    pattern.recap_watched = True


class DeadlineBlockProcessor(BlockProcessor):
    """Tried first on every block: checks the document's deadline, never matches."""

    def __init__(self, parser, extension: "RecapExtension") -> None:
        super().__init__(parser)
        self.extension = extension

    def test(self, parent, block) -> bool:
        if self.extension.deadline is not None:
            self.extension.deadline.check()
        return False

    def run(self, parent, blocks) -> None:  # pragma: no cover - test() never matches
        return None


_DEEP_START = re.compile(rf"^[ \t>]{{{MAX_NESTING + 1},}}", re.MULTILINE)
_NESTING = re.compile(r"^((?:[ ]{0,3}>)*)([ \t]*)", re.MULTILINE)


def _too_deep(text: str) -> str | None:
    """The first line nested deeper than MAX_NESTING (quote marks and
    indentation levels of four spaces), or None. Deeper nesting makes
    Python-Markdown recurse past Python's limit."""
    if _DEEP_START.search(text) is None:  # each level takes a character at least: most texts stop here
        return None
    for match in _NESTING.finditer(text):
        quotes, indent = match.groups()
        if quotes.count(">") + len(indent.expandtabs(4)) // 4 > MAX_NESTING:
            end = text.find("\n", match.start())
            return text[match.start(): end if end >= 0 else len(text)]
    return None


_ATX_HEADING = re.compile(r"#{1,6}[ \t]")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_ATTRIBUTE = re.compile(r"""^(#[\w-]+|\.[\w-]+|[\w-]+=("[^"]*"|'[^']*'|[^\s"']+))$""")


def _heading_braces(line: str) -> tuple[str, int, list[str]]:
    """An ATX heading's line without its closing hashes, where its last ``{…}`` starts, and the
    words in those braces (none when the line does not end in them)."""
    closing = _CLOSING_HASHES.search(line)  # "## Titel {2026} ##": the hashes go first
    body = line[:closing.start()] if closing else line.rstrip(" \t")
    start = body.rfind("{")  # the last brace only: one look per line, however many it has
    if start > 0 and body.endswith("}") and body[start - 1] in " \t" and "}" not in body[start:-1]:
        return body, start, body[start + 1:-1].removeprefix(":").split()
    return body, start, []


class HeadingBraces(Preprocessor):
    """Words in braces at a heading's end (``## Ausblick {2026}``) are text. Python-Markdown's
    attr_list reads any ``{…}`` there as attributes: the words vanished from the heading, and
    the sanitizer then removed an attribute named ``2026``. Only ids, classes and key=value
    (``{#ergebnisse}``, ``{.hinweis}``) stay attributes."""

    def run(self, lines: list[str]) -> list[str]:
        for number, line in enumerate(lines):
            if "{" not in line or not _ATX_HEADING.match(line):
                continue
            body, start, words = _heading_braces(line)
            head, kept = body, ""
            if words and all(_ATTRIBUTE.match(word) for word in words):
                head, kept = body[:start], body[start:]  # {#id .class}: attributes, as written
            # Every other brace is text, escaped: attr_list also never searches a line of many
            # braces (its expression takes time with the square of their number).
            lines[number] = head.replace("{", "\\{").replace("}", "\\}") + kept + line[len(body):]
        return lines


@dataclass(frozen=True)
class PageIds:
    """The ids a page's layout gives its own parts (``next-steps``, ``main``), and the beginnings of
    those it makes (``outcome-``, ``status-``): a recap's heading never gets one of them, or a link
    to the page's part would lead to the heading (see render.Theme.page_ids)."""

    ids: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()


def _heading_id(made: str, prefixes: tuple[str, ...]) -> str:
    """A heading's id: its words (slugify), set apart where the page's own ids begin alike
    (## Outcome: Wärmeatlas would be outcome-waermeatlas, an outcome's anchor)."""
    return f"h-{made}" if made.startswith(prefixes) else made


class _HoldPageIds(Treeprocessor):
    """Before the toc extension names the headings: the page's own ids as ids in use (it never
    gives a heading an id in use); afterwards (``release``) they go again, and a heading given
    one of them by the editor ({#main}) is reported."""

    def __init__(self, md, extension: "RecapExtension", release: bool) -> None:
        super().__init__(md)
        self.extension = extension
        self.release = release

    def run(self, root: etree.Element) -> None:
        ids = self.extension.page_ids.ids
        if not ids:
            return
        if not self.release:
            for taken in sorted(ids):
                etree.SubElement(root, "recap-held").set("id", taken)
            return
        for held in [child for child in root if child.tag == "recap-held"]:
            root.remove(held)
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6") and element.get("id") in ids \
                    and self.extension.context is not None:
                taken = element.get("id")
                self.extension.context.problem(f"{{#{taken}}}", (
                    f"the id '{taken}' is one the page gives a part of its own; links to #{taken} would lead "
                    "to this heading or to that part: give the heading another id"), "warning")


class _TableBox(Treeprocessor):
    """A Markdown table in a box of its own (``.table-wrap``): a table wider than a phone scrolls
    in it, not the whole page; focusable, so that it can be scrolled with the keyboard too. In the
    tree, before the sanitizer sees the HTML (which keeps ``tabindex="0"`` on a div only)."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    box = etree.Element("div", {"class": "table-wrap", "tabindex": "0"})
                    # A focusable box is named for a screen reader: by the table's first heading.
                    heading = next((" ".join("".join(th.itertext()).split()) for th in child.iter("th")
                                    if "".join(th.itertext()).strip()), "")
                    if heading:
                        box.set("role", "region")
                        box.set("aria-label", heading)
                    box.tail, child.tail = child.tail, None
                    parent.remove(child)
                    box.append(child)
                    parent.insert(index, box)


class _LoneFootnotes(Treeprocessor):
    """A footnote the text never refers to (told as a warning) without its link back to that
    reference, which is not there: a dead link on the page, and a second warning from the link
    check in words an editor does not know ('#fnref:b')."""

    def run(self, root: etree.Element) -> None:
        backrefs = [a for a in root.iter("a") if a.get("class") == "footnote-backref"]
        if not backrefs:  # most documents: no footnote, and no walk of the whole tree
            return
        referred = {element.get("id") for element in root.iter("sup") if element.get("id")}
        lone = {id(a) for a in backrefs if a.get("href", "").lstrip("#") not in referred}
        if not lone:
            return
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if id(child) in lone:
                    before = parent[index - 1] if index else None
                    text = (before.tail if before is not None else parent.text) or ""
                    kept = text.removesuffix(NBSP_PLACEHOLDER) + (child.tail or "")
                    if before is not None:
                        before.tail = kept
                    else:
                        parent.text = kept
                    parent.remove(child)


class RecapExtension(Extension):
    def __init__(self, external_label: str | None = None, site_host: str = "", sanitized: bool = True,
                 page_ids: PageIds = PageIds(), external_label_lang: str | None = None, **kwargs) -> None:
        self.context: LinkContext | None = None
        self.page_ids = page_ids
        self.deadline: Deadline | None = None
        self.pasted_rows: frozenset[str] = frozenset()  # see RecapMarkdown.convert
        self.external_label = external_label  # site.yaml external_link_label, this language
        self.external_label_lang = external_label_lang  # its language when it falls back to another one
        self.sanitized = sanitized  # the HTML will go through the sanitizer (not allow_raw_html)
        self.site_host = site_host
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown API
        md.parser.blockprocessors.register(DeadlineBlockProcessor(md.parser, self), "deadline", 1000)
        md.preprocessors.register(HeadingBraces(md), "heading_braces", 15)  # after fenced code (25)
        md.treeprocessors.register(_HoldPageIds(md, self, release=False), "hold_page_ids", 6)  # toc: 5
        md.treeprocessors.register(_HoldPageIds(md, self, release=True), "release_page_ids", 4)
        md.treeprocessors.register(_TableBox(md), "table_box", 3)
        md.treeprocessors.register(_LoneFootnotes(md), "lone_footnotes", 2)  # after footnotes (50)
        md.parser.blockprocessors.register(GermanOListProcessor(md.parser), "olist", 40)  # replaces the stock ones
        md.parser.blockprocessors.register(GermanUListProcessor(md.parser), "ulist", 30)
        md.parser.blockprocessors.register(SeparateQuoteProcessor(md.parser), "quote", 20)
        # Above emphasis (60), below code spans (190) and escapes (180).
        md.inlinePatterns.register(GenderStarProcessor(r"(?<=\w)\*(?=\w)", md), "gender_star", 70)
        md.inlinePatterns.register(RawTagProcessor(HTML_RE, md, self), "html", 90)  # replaces the stock one
        # Below raw HTML (an address in <a href="…">) and links, above emphasis.
        md.inlinePatterns.register(BareAddressProcessor(BareAddressProcessor.PATTERN, md), "bare_address", 85)
        table = md.parser.blockprocessors["table"]  # the tables extension's, loaded before this one
        md.parser.blockprocessors.register(_CheckedTable(md.parser, table.config, self), "table", 75)
        # A backslash at a line's end breaks the line, as two spaces do (and as in CommonMark):
        # Python-Markdown showed the backslash and ran the lines on.
        md.inlinePatterns.register(SubstituteTagInlineProcessor(r"\\\n", "br"), "backslash_break", 76)
        # After footnotes and tables have built their elements.
        md.treeprocessors.register(LinkTreeprocessor(md, self), "recap_links", 5)
        md.treeprocessors.register(QuickInlineProcessor(md, self), "inline", 20)  # replaces Python-Markdown's own


class _References(dict):
    """Python-Markdown's link definitions ([id]: address) of one document, noting which of them a
    link ([text][id], [id]) used: a definition no link uses is a line the reader never sees."""

    def __init__(self) -> None:
        super().__init__()
        self.used: set[str] = set()

    def __getitem__(self, key: str):
        self.used.add(key)
        return super().__getitem__(key)

    def clear(self) -> None:
        super().clear()
        self.used.clear()


_DEFINITION = re.compile(r"[ ]{0,3}\[([^\[\]]*)\]:")  # [id]: … as Python-Markdown's ReferenceProcessor reads it
_INSTRUCTION = re.compile(r"<\?[a-zA-Z][^<>]*>")  # <?xml:namespace … />, left in text pasted from Word


def definition_problems(text: str, references: _References, html: str,
                        outside: list | None = None) -> list[tuple[int, str]]:
    """Lines Markdown takes away unseen, as (where the line starts, the message; warnings): a link
    definition no link uses (the line "[Foto]: IHK/Mustermann" under a picture's caption), a
    footnote's text or a link name's address given twice (the second replaces the first), and Word's <?xml … ?> lines,
    which are shown as text (in ``html``, the document converted; inside HTML they are removed)."""
    found = []
    footnotes: dict[str, int] = {}
    links: dict[str, tuple[int, str, str]] = {}  # a link name, as Markdown compares them -> (where it
    # was last given, the name as written there, its address)
    shown_as_text = "&lt;?" in html
    for offset, line in outside if outside is not None else _lines_outside_code(text):
        if line is None:
            continue
        definition = _DEFINITION.match(line)
        if definition is not None:
            name = definition.group(1)
            if name.startswith("^"):
                if name in footnotes:
                    found.append((footnotes[name], f"footnote [{name}] has a second text further down, which "
                                                   "replaces this one, so this one is not shown: give one of them "
                                                   f"another name, such as [{name}b], and refer to it where it "
                                                   "belongs"))
                footnotes[name] = offset
            elif (key := name.strip().lower()) in references and key not in references.used:
                found.append((offset, f"'{_short(line.strip())}' is not shown: a line that starts with [{name}]: "
                                      f"gives the address of links written [text][{name}], and no text refers to "
                                      f"it; to show the line as written, start it with \\[{name}]"))
            elif key in references:
                if key in links:  # the later one replaces it
                    before, written, address = links[key]
                    found.append((before, f"link name [{written}] has a second address further down, which "
                                          f"replaces this one, so no link leads to {_short(address)}: give one of "
                                          f"them another name, such as [{written}2], and use it in the links that "
                                          "belong to it"))
                links[key] = (offset, name.strip(), line[definition.end():].strip().split(" ")[0])
        if "<?" in line and shown_as_text:
            for instruction in _INSTRUCTION.finditer(CODE_SPAN.sub(lambda code: " " * len(code.group()), line)):
                found.append((offset, f"'{_short(instruction.group())}' is left over from Word or a web page, and "
                                      "is shown as text: delete it"))
    return found


class RecapMarkdown:
    """One configured Markdown converter per language, reused per document."""

    def __init__(self, footnote_backlink_title: str, allow_raw_html: bool, iframe_hosts: tuple[str, ...] = (),
                 external_label: str | None = None, site_host: str = "",
                 seconds: float = DEFAULT_SECONDS, page_ids: PageIds = PageIds(),
                 external_label_lang: str | None = None) -> None:
        """``seconds``: the most one document may take (see :class:`Deadline`); ``page_ids``: ids a
        heading must not get; ``external_label_lang``: the language of ``external_label`` when it
        is not the document's."""
        self.extension = RecapExtension(external_label, site_host, sanitized=not allow_raw_html, page_ids=page_ids,
                                        external_label_lang=external_label_lang)
        prefixes = page_ids.prefixes
        self.seconds = seconds
        self.allow_raw_html = allow_raw_html
        self.iframe_hosts = frozenset(iframe_hosts)
        self.md = markdown.Markdown(
            extensions=["tables", "footnotes", "attr_list", "fenced_code", "toc", self.extension],
            extension_configs={
                # marker "": a line [TOC] is text as written (an empty box otherwise)
                "toc": {"slugify": lambda value, separator: _heading_id(slugify(value), prefixes), "marker": ""},
                "footnotes": {"BACKLINK_TITLE": footnote_backlink_title},
            },
            output_format="html",
        )
        self.md.references = _References()

    def convert(self, text: str, context: LinkContext) -> str:
        """The sanitized HTML of one document. A document nested too deeply or
        too slow to convert gives no HTML and a problem in ``context``."""
        deep = _too_deep(text)
        if deep is not None:
            context.problem(deep, f"the text is nested more than {MAX_NESTING} levels deep "
                                           "(quotes > or indented lists); simplify it")
            return ""
        self.md.reset()
        self.extension.context = context
        self.extension.deadline = Deadline(self.seconds)
        outside = list(_lines_outside_code(text))  # (where, line) outside code: for the checks as written
        pasted = tab_separated_rows(text, outside)
        # Their paragraph is told about as a table, not as lines run together (as Markdown sees
        # them: tabs expanded to its tab stops).
        self.extension.pasted_rows = frozenset(row.expandtabs(self.md.tab_length).strip() for row in pasted)
        try:
            html = self.md.convert(text)
            raw = self._check_raw_html(text, context)
            self._check_footnotes(context)
            if pasted:
                shown = _short(pasted[0].strip().replace("\t", " → "))
                context.problem(pasted[0].strip(), f"'{shown}' and the lines below it look like a table pasted from a "
                                "spreadsheet (cells separated by tabs), and are shown as one run of text: write "
                                "it as a table with | between the cells and a line |---|---| under its first row",
                                "warning")
            for where, message in comment_problems(text, outside):
                context.problem(at_offset(where), message)
            for where, message in line_problems(text, raw, outside):
                context.problem(at_offset(where), message, "warning")
            for where, message in definition_problems(text, self.md.references, html, outside):
                context.problem(at_offset(where), message, "warning")
            for where, line, item in lines_run_into_a_list(text, raw, outside):
                context.problem(at_offset(where), (
                    f"'{_short(line)}' is shown as part of the list's last item ('{_short(item)}'), as there is "
                    "no empty line between them: put an empty line above it for a paragraph of its own (or "
                    "indent it by two spaces to keep it in the item)"), "warning")
            for where, line, label, item in lines_run_into_a_footnote(text, raw, outside):
                context.problem(at_offset(where), (
                    f"'{_short(line)}' is shown in the footnote [^{label}] at the foot of the page, as there is no "
                    "empty line between them: put an empty line above it to keep it in the text " + (
                        "(for a list in the footnote, put an empty line above it and indent it by four spaces)"
                        if item else "(or indent it by four spaces to keep it in the footnote)")), "warning")
            for line, spaces in shallow_sub_items(text, outside):
                context.problem(line, f"'{_short(line)}' is indented by {spaces} space{'s' if spaces > 1 else ''}, so "
                                "it is shown as one more item of the list, not as an item below the one above it; "
                                "indent an item below another by four spaces", "warning")
        except (Deadline.Passed, RecursionError) as exc:
            message = (f"the text took longer than {self.seconds:g} s to convert and was stopped; long runs of "
                       "[ or * or _ are the usual cause: simplify them" if isinstance(exc, Deadline.Passed)
                       else "the text is nested too deeply to convert; simplify it")
            context.problem("", message)
            return ""
        finally:
            self.extension.context = None
            self.extension.deadline = None
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

    def _check_footnotes(self, context: LinkContext) -> None:
        """A footnote's text with no [^…] in the text that refers to it: listed at the foot, with
        a link back to nowhere."""
        notes = next((ext for ext in self.md.registeredExtensions if isinstance(ext, FootnoteExtension)), None)
        if notes is None:
            return
        for name in notes.footnotes:
            if name not in notes.footnote_order:
                context.problem(f"[^{name}]:", f"footnote [^{name}] is never referred to in the text: put [^{name}] "
                                "where it belongs, or delete the footnote", "warning")

    def _check_raw_html(self, text: str, context: LinkContext) -> list[tuple[int, int]]:
        """Raw HTML never reaches the tree the tree processors see: it is checked here, as written.
        Returns where the raw HTML (comments too) stands: (start, end) in the text.

        Where each block stands in the text: blocks come in the order they are written, first
        those that stand alone, then the pieces inside paragraphs (from the top again, once).
        """
        cursor, restarted, claimed = 0, False, _Claimed()
        opened: list[tuple[str, str, str]] = []
        closed: dict[str, int] = {}
        ends: list[tuple[str, str]] = []
        for block in map(str, self.md.htmlStash.rawHtmlBlocks):
            self.extension.deadline.check()
            span = claimed.place(text, block, cursor)
            if span is None and not restarted:
                restarted = True
                span = claimed.place(text, block, 0)
            if span is not None:
                cursor = span[1]
                claimed.add(*span)
            checker = _RawHtmlCheck(context, not self.allow_raw_html, block, span[0] if span else -1,
                                    self.extension.site_host)
            try:
                checker.feed(block)
                checker.close()
            except (AssertionError, ValueError):  # HTMLParser on markup it cannot read (<![TOC], a bad address)
                first = block.strip().split("\n", 1)[0]
                context.problem(first, f"'{_short(first)}' cannot be read as HTML, and may be shown otherwise than "
                                "written; to show < as written, write &lt;", "warning")
                continue
            opened += checker.open
            ends += checker.ends
            for tag, count in checker.closed.items():
                closed[tag] = closed.get(tag, 0) + count
        # A tag typed in a line of text comes alone, its end in another piece: counted over the document.
        # (Blocks come standing alone first, then the pieces inside paragraphs: not in reading order.)
        for tag in dict.fromkeys(tag for tag, _, _ in opened):
            mine = [entry for entry in opened if entry[0] == tag]
            if tag != "p" and len(mine) > closed.get(tag, 0):  # a <p> ends where the next block begins
                _, where, raw = mine[len(mine) - closed.get(tag, 0) - 1] if closed.get(tag) else mine[0]
                if tag in _FORMATTING:
                    unclosed = _first_unclosed(mine, [end for end in ends if end[0] == tag])
                    if unclosed is not None:
                        _, where, raw = unclosed
                    if tag == "a" and "href" not in raw.lower():
                        continue  # an anchor without an address: what follows looks as it did
                context.problem(where, f"'{_short(raw)}' is never closed with </{tag}>, so all the text after it "
                                       f"is shown {_FORMATTING[tag]}, to the end: put </{tag}> where it ends"
                                if tag in _FORMATTING else
                                f"'{_short(raw)}' is never closed with </{tag}>, so everything after it is "
                                f"inside it and shown as written, not as Markdown: put </{tag}> where it ends",
                                "warning")
        return list(zip(claimed.starts, claimed.ends))

    def _vet_attribute(self, tag: str, name: str, value: str, context: LinkContext) -> str | None:
        """An iframe's src must be https:// on a host listed in site.yaml iframe_hosts; a file of
        the event's folder in <a href> or <img src> gets its address, as in Markdown."""
        if (tag, name) == ("div", "tabindex"):
            return value if value == "0" else None  # focusable in the reading order, never ahead of it
        if (tag, name) == ("img", "src") and on_another_host(value, self.extension.site_host):
            return None  # reported with the tag (_RawHtmlCheck)
        if (tag, name) in (("a", "href"), ("img", "src")) and value and not value.startswith(("/", "#", "?")):
            try:
                parts = urlsplit(value)
            except ValueError:
                return value  # reported with the tag (_RawHtmlCheck)
            if not parts.scheme and not parts.netloc and parts.path:
                return file_address(context, tag, parts, value, f'<a href="{value}">…</a>')
        if tag == "iframe" and name == "src":
            try:
                parts = urlsplit(value)
            except ValueError:
                parts = urlsplit("")
            if parts.scheme != "https" or parts.hostname not in self.iframe_hosts:
                listed = ", ".join(sorted(self.iframe_hosts)) or "none so far"
                host = parts.hostname or ""
                # youtube.com listed, www.youtube.com embedded: each host is listed as it is written
                near = next((known for known in sorted(self.iframe_hosts) if host.endswith("." + known)
                             or known.endswith("." + host)), None) if parts.scheme == "https" else None
                context.problem(value, (
                    f"iframe from '{parts.hostname or value}' is not allowed; embed only https:// pages "
                    f"from a host listed in iframe_hosts in content/site.yaml ({listed})"
                    + (f"; '{near}' is another host than '{host}': list '{host}' too" if near else "")
                ))
                return None
        return value
