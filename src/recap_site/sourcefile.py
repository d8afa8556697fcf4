"""Reading untrusted source files: text, YAML and front matter.

YAML is *composed* (parsed into nodes) with PyYAML's safe loader, the libyaml
C version when it is present, and converted to Python values here. That
gives us, for every value, the line it came from, and it lets the schema
decide types instead of YAML 1.1's guessing: every scalar stays a string
(``country: NO`` is "NO", ``postal_code: 01067`` keeps its zero) until
:mod:`recap_site.content` converts it. Duplicate keys, aliases and
non-standard tags are errors.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import frontmatter
import yaml

from .errors import ContentError, Problem
from .format import DEFAULT_MAX_FILE_MB

try:  # the C loader is much faster on large sites
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

DEFAULT_MAX_BYTES = DEFAULT_MAX_FILE_MB * 1024 * 1024  # site.yaml max_file_mb
_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_NULL_TAG = "tag:yaml.org,2002:null"
# Our facts nest a few levels; deeper input is hostile. libyaml's composer
# recurses in C (deep nesting crashes the process) and flow nesting makes
# its parser slow, so the depth is checked on the event stream first.
MAX_DEPTH = 32


class Scalar(str):
    """A YAML scalar as text, with the line it stands on."""

    line: int
    plain: bool  # written without quotes
    cut: str = ""  # text after " #" on its line, which YAML read as a comment

    def __new__(cls, value: str, line: int, plain: bool) -> "Scalar":
        obj = super().__new__(cls, value)
        obj.line = line
        obj.plain = plain
        return obj


class Mapping(dict):
    """A YAML mapping with the line of the mapping and of each key."""

    line: int
    key_lines: dict[str, int]


class Sequence(list):
    """A YAML sequence with the line of the sequence and of each item."""

    line: int
    item_lines: list[int]


def line_of(value: object, default: int = 0) -> int:
    return getattr(value, "line", default)


def outside_problem(path: Path, inside: Path, shown: str | None = None) -> str | None:
    """Why ``path`` may not be read as a file of the folder ``inside``, or None.

    The path, followed through every link, must stay inside that folder:
    a link to ``.git/config`` or ``.env`` elsewhere in the site folder is
    refused as much as one to ``/etc/passwd``."""
    folder = inside.resolve()
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return "is a link that leads nowhere (a loop of links); put a real file here"
    if target != folder and folder not in target.parents:
        shown = shown or inside.name + "/"
        return (f"is a link to a place outside {shown}; recap-site reads only what is inside {shown}: "
                "put a copy here instead of a link")
    return None


def not_regular_problem(info: os.stat_result, single: bool = True) -> str | None:
    """Why a file with this ``stat`` is not read, or None for a plain file.

    ``single``: refuse a hard link too (a second name of a file elsewhere,
    which no link check can see). Off for recap-site's own theme, which
    installers such as uv may hard-link from their cache."""
    if stat.S_ISDIR(info.st_mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else
                "a socket" if stat.S_ISSOCK(info.st_mode) else "a device")
        return f"is {kind}, not a plain file; recap-site reads only plain files: remove it"
    if single and info.st_nlink > 1:
        return (f"is a hard link (the same file has {info.st_nlink} names); recap-site reads only files "
                "that exist once: replace it with a copy")
    return None


def read_source(path: Path, rel: str, max_bytes: int = DEFAULT_MAX_BYTES, inside: Path | None = None,
                single: bool | None = None) -> bytes:
    """The bytes of a source file: a plain file (never a pipe, device or
    socket, which could block the build or read forever), at most
    ``max_bytes``, and with ``inside``, one that stays inside that folder
    and is no hard link (``single``, default: whether ``inside`` is given;
    the content loader checks where its files lead itself, see
    ``content._Loader.inside_content``, and asks for ``single`` alone). Anything else is never opened; a plain file is
    opened without blocking and checked again on its handle, so that nothing
    swapped in between the check and the read is read."""
    if inside is not None:
        problem = outside_problem(path, inside)
        if problem:
            raise ContentError(rel, 0, problem)
    try:
        # Checked before it is opened (opening a device can do things), and again on the handle.
        single = inside is not None if single is None else single
        problem = not_regular_problem(os.stat(path), single)
        if problem:
            raise ContentError(rel, 0, problem)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ContentError(rel, 0, f"cannot be read ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        problem = not_regular_problem(info, single)
        if problem:
            raise ContentError(rel, 0, problem)
        if info.st_size > max_bytes:
            raise ContentError(
                rel, 0, f"file is {info.st_size / 1048576:.1f} MB, over the limit of "
                f"{max_bytes / 1048576:.1f} MB (max_file_mb in content/site.yaml)"
            )
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while it was read
        raise ContentError(rel, 0, f"file is over the limit of {max_bytes / 1048576:.1f} MB "
                                   "(max_file_mb in content/site.yaml)")
    return data


_LEFT_BY_SYSTEMS = {"thumbs.db", "desktop.ini"}  # files a file manager leaves in a folder


def left_by_programs(name: str) -> bool:
    """A file an editor did not put there: hidden (.DS_Store, .gitkeep, Emacs' lock .#de.md), a
    file manager's (Thumbs.db), Word's lock (~$bericht.docx), an editor's backup (de.md~) or
    autosave (#de.md#): passed by without a message."""
    return name.startswith((".", "~$")) or name.lower() in _LEFT_BY_SYSTEMS or name.endswith("~") \
        or (len(name) > 2 and name.startswith("#") and name.endswith("#"))

def read_text(path: Path, rel: str, max_bytes: int = DEFAULT_MAX_BYTES, inside: Path | None = None,
              single: bool | None = None) -> str:
    """Read a UTF-8 source file (BOM allowed) with LF line endings (see :func:`read_source`)."""
    data = read_source(path, rel, max_bytes, inside, single)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError(rel, 1, "the file is saved as UTF-16; save it as UTF-8 (in most editors: "
                           "Save as…, then the encoding UTF-8)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        # What the byte most likely is: Windows and older editors save German text as Windows-1252.
        character = data[exc.start:exc.start + 1].decode("cp1252", errors="replace")
        shown = f"a character ('{character}', as Windows-1252 reads it)" if character.isprintable() \
            and character != "\ufffd" else "a character"
        raise ContentError(
            rel, line, f"{shown} on this line is not written as UTF-8: the file was saved in another "
            "encoding; save it as UTF-8 (in most editors: Save as…, then the encoding UTF-8)"
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ContentError(rel, line, "the file contains a NUL character")
    return text.replace("\r\n", "\n").replace("\r", "\n")


_TAB_INDENT = re.compile(r"^( *)\t", re.MULTILINE)


def parse_yaml(text: str, rel: str, first_line: int = 1) -> object:
    """Parse YAML text into Mapping/Sequence/Scalar/None values.

    ``first_line`` is the line of the text's first line in its file (front
    matter starts after the opening ``---``).
    """
    tab = _TAB_INDENT.search(text)
    if tab and not _error_above(text[: tab.start()], rel, first_line):  # else that error is the first: told first
        line = text[: tab.start()].count("\n") + first_line
        raise ContentError(
            rel, line, f"tab character in indentation (column {len(tab.group(1)) + 1}); "
            "YAML is indented with spaces"
        )
    try:
        _check_events(text, rel, first_line)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + first_line
        column = (mark.column + 1) if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        if "maximum nesting depth" in problem:  # libyaml's own limit (PyYAML 6.0.4), far beyond ours
            raise ContentError(rel, line, f"YAML is nested more than {MAX_DEPTH} levels deep") from None
        line, message = _plain_syntax_error(exc, text, first_line, line, column)
        raise ContentError(rel, line, message) from None
    except yaml.reader.ReaderError as exc:  # a control character
        before = text[: exc.position]
        line = before.count("\n") + first_line
        column = exc.position - (before.rfind("\n") + 1) + 1
        raise ContentError(
            rel, line, f"control character #x{exc.character:04x} is not allowed in YAML (column {column})"
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(rel, first_line, f"YAML error: {exc}") from None
    if node is None:
        return None
    twice: list[tuple[int, str, int]] = []  # (line, key, the line it was first given on): told together
    value = _convert(node, rel, first_line - 1, set(), text.split("\n"), twice)
    if twice:
        (line, key, first), *more = twice
        also = "".join(f"; '{other}' too, on line {at} (first given on line {before})" for at, other, before in more)
        raise ContentError(rel, line, f"duplicate key '{key}' (first given on line {first}){also}")
    return value


def _spaces(line: str) -> int:
    """The spaces a line starts with."""
    return len(line) - len(line.lstrip(" "))


def _key_indent(line: str) -> int:
    """Where a line's key begins: after its spaces and any '- ' of a list item ("  - title:" at 4)."""
    return len(re.match(r"[ ]*(?:-[ ]+)*", line).group())


def _error_above(text: str, rel: str, first_line: int) -> bool:
    """Whether the lines above a tab hold a syntax error of their own (not one of being cut off
    there: a { … } or a quote that the lines below would close). Checked as the whole file is,
    references and depth first (libyaml's compose recurses as deep as the text is nested)."""
    try:
        _check_events(text, rel, first_line)
        yaml.compose(text, Loader=_Loader)
    except ContentError:
        return True  # told when the whole file is read
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark is not None and mark.line < text.count("\n")
    except yaml.YAMLError:
        return False
    return False


ALIAS_MESSAGE = ("a value starting with * is read by YAML as a reference to another value: put the whole "
                 'text in quotes ("*Neu:* …"); a list in YAML takes "- ", not "* "')

# A value that opens a quote: after "key: " or "- ", or inside a { … } or [ … ] group.
_OPENING_QUOTE = re.compile(r"""(?:^\s*(?:-\s+)?[\w.-]+:\s+|^\s*-\s+)(["'])""")
_OPENING_QUOTE_IN_GROUP = re.compile(r"""[{,\[]\s*(?:[\w.-]+:\s*)?(["'])""")


def _quotes_in(text: str, quote: str) -> int:
    return text.replace('\\"', "").count('"') if quote == '"' else text.replace("''", "").count("'")


def _unclosed_quote(lines: list[str]) -> tuple[int, str] | None:
    """The line (index) that opened a quote still open at the end of ``lines``, and the quote.

    Followed line by line: a quoted text may go on over several lines and close on a
    later one; a quote inside a plain text ("Wir, 'die Gruppe") opens nothing."""
    open_at: tuple[int, str] | None = None
    for index, line in enumerate(lines):
        if open_at is not None:
            if _quotes_in(line, open_at[1]) % 2:
                open_at = None  # closed on this line
            continue
        value = line.split(":", 1)[1] if ":" in line else line
        grouped = value.lstrip().startswith(("{", "["))
        for found in (_OPENING_QUOTE.finditer(line) if not grouped else _OPENING_QUOTE_IN_GROUP.finditer(line)):
            if not _quotes_in(line[found.end():], found.group(1)):
                open_at = (index, found.group(1))
                break
    return open_at


def _plain_syntax_error(exc: yaml.MarkedYAMLError, text: str, first_line: int, line: int,
                        column: int) -> tuple[int, str]:
    """A YAML syntax error in words an editor knows, at the line to fix."""
    problem = exc.problem or ""
    context = exc.context or ""
    mark_line = exc.problem_mark.line if exc.problem_mark else 0
    lines = text.split("\n")
    for row in (mark_line, mark_line - 1):  # YAML reads a non-breaking space as text, not as space
        if 0 <= row < len(lines) and "\u00a0" in lines[row]:
            return row + first_line, ("a non-breaking space (often pasted from Word or a web page) on this "
                                      "line, where YAML needs a normal one: type the spaces again")
    if "quoted scalar" in context and exc.context_mark is not None:
        mark = exc.context_mark
        opened = mark.line, lines[mark.line][mark.column:mark.column + 1] if mark.line < len(lines) else '"'
    else:
        opened = _unclosed_quote(lines[: mark_line + 1])
    if opened is not None and ("quoted scalar" in context or "expected" in problem):
        opened, quote = opened
        return opened + first_line, (f"the quote {quote} opened on this line is not closed on it; end the "
                                     f"text with {quote} (a text in quotes runs on until the next {quote})")
    row = lines[mark_line] if mark_line < len(lines) else ""
    if re.match(r"""^\s*(?:-\s+)?[\w.-]+:\s*("[^"]*"|'[^']*')\s*[^\s#]""", row):
        return mark_line + first_line, ("text after the closing quote: put the whole text inside the quotes "
                                        "(or write it without quotes)")
    indicator = _indicator_start(row)
    if indicator is not None:
        key, char, text = indicator
        lists = "; a list goes on the lines below its key, one '- ' item on each" if char == "-" else ""
        return mark_line + first_line, (f"a text cannot start with '{char}' in YAML, where it has a meaning of "
                                        f'its own: put the whole text in quotes ({key}: "{_shortened(text)}"){lists}')
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        return exc.context_mark.line + first_line, (
            "this line is not 'key: value': add the ':' after the key (a text that goes on from the "
            "line above must be indented more than its key)")
    typographic = re.match(r"^\s*(?:-\s+)?([\w.-]+):\s*([„“”‚‘’«»].*?)\s*$", row)
    if "mapping values are not allowed" in problem and typographic:
        key, text = typographic.groups()
        marks = text[0] + (f" {text[-1]}" if len(text) > 1 and text[-1] in "„“”‚‘’«»" else "")
        return line, (f"': ' in the middle of a text: the quotation marks {marks} around it are part of the text "
                      "for YAML, not quotes; put the whole text in straight quotes as well "
                      f"({key}: '{_shortened(text.replace(chr(39), chr(39) * 2))}')")
    if "mapping values are not allowed" in problem:
        before = next((prior for prior in reversed(lines[:mark_line])
                       if prior.strip() and not prior.lstrip().startswith("#")), None)
        indent, above = _spaces(row), _key_indent(before) if before is not None else 0
        if before is not None and indent > above and re.match(r"^\s*(?:-\s+)?[\w.-]+:[ \t]+[^\s#]", before) \
                and re.match(r"^\s*[\w.-]+:(?:\s|$)", row):
            more = indent - above
            return line, (f"this line starts with {more} space{'s' if more > 1 else ''} more than the key above it, "
                          "so YAML reads it as part of that key's value: start it "
                          + (f"with {above} space{'' if above == 1 else 's'}" if above else "at the very beginning of the line")
                          + ", as the key above (or, if it goes on the text above, put that whole text in quotes)")
        return line, ("': ' in the middle of a text, or a line indented further than the key above it: "
                      'put a text with ": " in quotes (title: "Workshop: Fachkräfte gewinnen"), or '
                      "start the line with as many spaces as the keys around it")
    if "expected '-' indicator" in problem:  # a field of a list item at the indent of its '-'
        indent = _spaces(row)
        item = next((prior for prior in reversed(lines[:mark_line])
                     if prior.strip() and _spaces(prior) == indent and prior.lstrip().startswith("- ")), None)
        inner = _key_indent(item) if item is not None else indent + 2
        return line, (f"this line is not indented like the list item above it: the fields of an item start "
                      f"{inner} spaces in, as the first one after its '- ' (or start the line with '- ' for a "
                      "new item)")
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return line, ("this line is not indented like the lines around it: keys of one level start "
                      "with the same number of spaces")
    if "cannot start any token" in problem or "expected alphabetic or numeric character" in problem:
        char = row[column - 1:column] if 0 < column <= len(row) else ""
        if "alphabetic or numeric" in problem:  # after * or &: YAML's reference marks
            return line, ALIAS_MESSAGE
        return line, f"a text cannot start with '{char}': put the whole text in quotes"
    opening = exc.context_mark.line + first_line if exc.context_mark is not None else line
    opened_line = lines[opening - first_line] if 0 <= opening - first_line < len(lines) else ""
    comment = " (a ' #' inside it starts a comment: put a text with # in quotes)" if " #" in opened_line else ""
    colon = exc.problem_mark is not None and row[exc.problem_mark.column:exc.problem_mark.column + 1] == ":"
    # On the line that opened the { … } or [ … ], or on one indented below it: inside it. A line
    # no further in than that one is the next key: the { … } or [ … ] above was not closed.
    inside = exc.problem_mark is not None and (exc.problem_mark.line + first_line == opening or (
        _key_indent(row) > _key_indent(opened_line)))
    if colon and inside and ("expected ',' or '}'" in problem or "expected ',' or ']'" in problem):
        # "{de: …, en: Visit: the plant}": the ': ' in a text, not a missing }
        at = exc.problem_mark.column
        start = max(row.rfind(mark, 0, at) for mark in ",{[") + 1
        end = min((found for found in (row.find(mark, at) for mark in ",}]") if found >= 0), default=len(row))
        key, _, text = row[start:end].partition(":")
        example = f' ({key.strip()}: "{_shortened(text.strip())}")' if key.strip() and text.strip() else ""
        return line, (f"': ' in the middle of a text inside {{ … }} or [ … ]: put that text in quotes{example}")
    if "did not find expected ',' or '}'" in problem:
        return opening, ("the { … } opened on this line is not closed: end it with }, or put a text "
                         f"containing , or : or }} in quotes{comment}")
    if "did not find expected ',' or ']'" in problem:
        return opening, ("the [ … ] list opened on this line is not closed: end it with ], or put a text "
                         f"containing , or ] in quotes{comment}")
    if "another document" in problem:
        return line, ("a second '---' line: the file may hold one set of fields only; remove this line "
                      "(in a recap, the front matter ends at its second '---')")
    return line, f"YAML syntax error: {problem or context or 'invalid YAML'} (character {column} of the line)"


# A value that starts with a character YAML gives a meaning of its own, where it was meant as text:
# key, character, the text as written.
_INDICATOR = re.compile(r"^\s*(?:-\s+)?([\w.-]+):\s+(([\[{>|?&!-])(.*))$")


def _indicator_start(row: str) -> tuple[str, str, str] | None:
    """(key, character, text) when the value on ``row`` starts with a character YAML reads as
    markup (a list, a group, a block of text, a name, a tag) and goes on as a text would."""
    found = _INDICATOR.match(row)
    if found is None:
        return None
    key, text, char, rest = found.groups()
    text = re.sub(r"\s+#\s.*$", "", text).rstrip()
    if char in "[{":
        close = "]" if char == "[" else "}"
        end = text.find(close)
        if end < 0 or not text[end + 1:].strip():
            return None  # a list or a group as it should be, or one not closed (reported as such)
    elif char in ">|":
        if re.fullmatch(r"[-+0-9]*", rest.strip()):
            return None  # a block of text: its lines follow
    elif char in "-?" and not rest.startswith(" "):
        return None
    return key, char, text


def _shortened(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def _check_events(text: str, rel: str, first_line: int) -> None:
    """Refuse aliases, names (anchors), the tag '!' and deep nesting before anything is built
    from the text: each was most likely meant as the first character of a text."""
    depth = 0
    lines = text.split("\n")
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise ContentError(rel, event.start_mark.line + first_line,
                               ALIAS_MESSAGE)
        anchor, tag = getattr(event, "anchor", None), getattr(event, "tag", None)
        if anchor is not None and not isinstance(event, yaml.ScalarEvent):
            raise ContentError(rel, event.start_mark.line + first_line, (
                f"'&{anchor}' names a list or a group of fields for a reference (*{anchor}) elsewhere, which is "
                "not allowed here: write each value out where it is used"))
        if anchor is not None or tag == "!":
            mark = event.start_mark
            row = lines[mark.line] if mark.line < len(lines) else ""
            char = "&" if anchor is not None else "!"
            key = re.match(r"^\s*(?:-\s+)?([\w.-]+):\s*(?=\S)", row)
            if key is not None and key.end() == mark.column:  # the value of a key: the key, and the text
                example = f'{key.group(1)}: "{_shortened(row[mark.column:].strip())}"'
            else:  # an item of a list or group, or a value below its key: the text alone
                item = re.split(r"[,\]}]", row[mark.column:])[0].strip()
                example = f'"{_shortened(item)}"'
            raise ContentError(rel, mark.line + first_line,
                               f"a text cannot start with '{char}' in YAML, where it has a meaning of its own: "
                               f"put the whole text in quotes ({example})")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise ContentError(rel, event.start_mark.line + first_line,
                                   f"YAML is nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


# After a plain value: " #2 in Berlin" is a comment to YAML, but was meant as text
# (a comment proper has a space after its '#').
_CUT = re.compile(r"[ \t]+(#\S.*)$")


def _convert(node: yaml.Node, rel: str, offset: int, seen: set[int], lines: list[str],
             twice: list[tuple[int, str, int]]) -> object:
    line = node.start_mark.line + 1 + offset
    if id(node) in seen:
        raise ContentError(rel, line, ALIAS_MESSAGE)
    seen.add(id(node))
    if node.tag not in _STANDARD_TAGS:
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        hint = "" if shown.startswith("!!") else " (a text starting with ! goes in quotes)"
        raise ContentError(rel, line, f"YAML tag '{shown}' is not allowed{hint}")
    if isinstance(node, yaml.ScalarNode):
        plain = node.style is None
        if plain and node.tag == _NULL_TAG:
            return None
        scalar = Scalar(node.value, line, plain)
        end = node.end_mark
        if node.style in (None, "") and end.line < len(lines):  # libyaml's plain style is ''
            cut = _CUT.match(lines[end.line][end.column:])
            if cut:
                scalar.cut = cut.group(1).rstrip("}], ")
        return scalar
    if isinstance(node, yaml.SequenceNode):
        seq = Sequence(_convert(item, rel, offset, seen, lines, twice) for item in node.value)
        seq.line = line
        seq.item_lines = [item.start_mark.line + 1 + offset for item in node.value]
        return seq
    mapping = Mapping()
    mapping.line = line
    mapping.key_lines = {}
    for index, (key_node, value_node) in enumerate(node.value):
        key_line = key_node.start_mark.line + 1 + offset
        if not isinstance(key_node, yaml.ScalarNode):
            raise ContentError(rel, key_line, "a key must be a plain word, not a list or a group of fields")
        key = key_node.value
        if node.flow_style and value_node.tag == _NULL_TAG and value_node.start_mark.index == key_node.end_mark.index:
            # "{de: Wasserstoff, Energie und Klima, en: …}": the words after the comma were read
            # as a key without a value, and the text before it would be shown cut short.
            before = node.value[index - 1] if index else None
            example = (f'{before[0].value}: "{_shortened(before[1].value + ", " + key)}"'
                       if before is not None and isinstance(before[1], yaml.ScalarNode) else f'de: "…, {key}"')
            raise ContentError(rel, key_line, (
                f"the comma before '{key}' ends the text in {{ … }}, so '{key}' is read as a name of its own "
                f"and the text would be shown cut short: put a text with a comma in quotes ({{{example}, …}})"))
        if key in mapping.key_lines:  # told once the whole text is read, with any other
            twice.append((key_line, key, mapping.key_lines[key]))
            continue
        mapping.key_lines[key] = key_line
        mapping[key] = _convert(value_node, rel, offset, seen, lines, twice)
    return mapping


_RULE = re.compile(r"^---[ \t]*$", re.MULTILINE)
# A line of front matter: a comment, or a key (title:, or title without its colon).
_FRONT_MATTER_KEY = re.compile(r"^(title|summary|slug)(:|\s)")
_FRONT_MATTER_LINE = re.compile(r"^(# |(title|summary|slug)(:|\s))")
_BARE_HEAD_LINE = re.compile(r"^(title|summary|slug):[ \t]*\S")  # a key of a head, with its value


def split_front_matter(text: str, rel: str, problems: list | None = None) -> tuple[object, str, int]:
    """Split a Markdown file into (front matter, body, line the body starts on).

    Problems raise :class:`ContentError`; with ``problems`` (a list) they are
    added to it instead, and the body is still returned, so that its own
    problems can be found in the same run.
    """
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        rule = _RULE.search(text)
        above = [line for line in text[: rule.start()].splitlines() if line.strip()] if rule else []
        # Front matter that lost its first '---': nothing but comments and keys above the rule,
        # one of them a key. A text with a horizontal rule has sentences above it.
        if above and all(_FRONT_MATTER_LINE.match(line) for line in above) \
                and any(_FRONT_MATTER_KEY.match(line) for line in above):
            line = text[: rule.start()].count("\n") + 1
            shown = "line 1" if line == 2 else f"lines 1 to {line - 1}"
            _fail(rel, 1, f"the front matter must start on line 1 with '---', but line {line} is the first "
                  f"'---', so {shown} would be shown as text; add a line '---' at the top (or, "
                  "for a horizontal line in the text, write '***' instead of '---')", problems)
            return None, text[rule.end() + 1:], line + 1
        lines = text.split("\n")
        top = next((number for number, line in enumerate(lines) if line.strip()), len(lines))  # empty lines first
        head = next((number for number in range(top, len(lines)) if not _BARE_HEAD_LINE.match(lines[number])),
                    len(lines))
        if head > top:  # a head without its '---' lines: what a recap starts with is never "title: …" otherwise
            shown = f"line {top + 1}" if head == top + 1 else f"lines {top + 1} to {head}"
            keys = ", ".join(dict.fromkeys(line.split(":")[0] + ":" for line in lines[top:head]))
            _fail(rel, top + 1, f"{shown} ({keys}) would be shown as text: the front matter goes between two "
                  "lines '---', one above it and one below it", problems)
            return None, "\n".join(lines[head:]), head + 1
        if rule is None or not _front_matter_block(text[rule.end():]):
            return None, text, 1
        # Front matter with blank lines or a note above it: it would be shown as text, its
        # title as a heading. Reported, and read as front matter all the same.
        line = text[: rule.start()].count("\n") + 1
        one = line == 2
        kind = "empty lines" if not text[: rule.start()].strip() else "text"
        _fail(rel, 1, f"the front matter must start on line 1 with '---', but "
              f"{'line 1 comes' if one else f'lines 1 to {line - 1} come'} before it "
              f"({'an empty line' if one and kind != 'text' else kind}); remove {'it' if one else 'them'} "
              "(a note for the team can go inside the front matter, on a line starting with '# ')", problems)
        start, first_line = rule.start(), line
    else:
        start, first_line = 0, 1
    try:
        _, fm_text, body = handler.FM_BOUNDARY.split(text[start:], 2)
    except ValueError:
        _fail(rel, 1, "front matter is not closed: add a line '---' after it", problems)
        return None, "", 1
    body_line = text[: len(text) - len(body)].count("\n") + 1
    if body.startswith("\n"):
        body = body[1:]
        body_line += 1
    # fm_text starts right after the opening '---' line's last character.
    try:
        meta = parse_yaml(fm_text, rel, first_line=first_line)
    except ContentError as exc:
        if problems is None:
            raise
        problems.append(exc.problem)
        meta = None
    return meta, body, body_line


def _front_matter_block(rest: str) -> bool:
    """``rest`` (what follows a line '---') is front matter closed by another '---': comments,
    blank and indented lines, and keys of a recap's front matter, one of them at least."""
    keys = False
    for line in rest.split("\n")[1:]:
        if _RULE.match(line):
            return keys
        if _FRONT_MATTER_KEY.match(line):
            keys = True
        elif line.strip() and not line.startswith(("# ", " ", "\t")):
            return False
    return False


def _fail(rel: str, line: int, message: str, problems: list | None) -> None:
    if problems is None:
        raise ContentError(rel, line, message)
    problems.append(Problem(rel, line, message))
