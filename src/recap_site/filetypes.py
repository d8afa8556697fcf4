"""Which files an event's folder may publish, judged by their content.

A file a recap links is copied to ``/media/…`` on the site's own origin. A
browser opening an SVG, HTML or JavaScript file there runs its script as the
site's own (the pages' Content-Security-Policy is a ``<meta>`` tag, which
such a file does not carry, and static hosts send no policy header). So a
bundle file is published only when its name says it is one of the types
below and its content agrees; everything else is refused with the reason
and what to do instead. Pictures are not published as they are at all:
:mod:`recap_site.images` re-encodes them.

The content is recognised by ``filetype`` (magic numbers); the Office
formats, which are ZIP archives, are also recognised by the members that
make them what they are, since ``filetype`` only reads the first few
kilobytes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import filetype

# Pictures: re-encoded by the image step (which refuses formats it cannot publish).
PICTURES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".bmp", ".heic", ".avif")

# name ending -> (what an editor calls it, MIME types filetype may find, a ZIP member that marks it)
DOCUMENTS: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    ".pdf": ("a PDF document", ("application/pdf",), None),
    ".docx": ("a Word document", ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
              "word/document.xml"),
    ".xlsx": ("an Excel workbook", ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
              "xl/workbook.xml"),
    ".pptx": ("a PowerPoint presentation",
              ("application/vnd.openxmlformats-officedocument.presentationml.presentation",),
              "ppt/presentation.xml"),
    ".odt": ("an OpenDocument text", ("application/vnd.oasis.opendocument.text",), None),
    ".ods": ("an OpenDocument spreadsheet", ("application/vnd.oasis.opendocument.spreadsheet",), None),
    ".odp": ("an OpenDocument presentation", ("application/vnd.oasis.opendocument.presentation",), None),
    ".doc": ("a Word document", ("application/msword",), None),
    ".xls": ("an Excel workbook", ("application/vnd.ms-excel",), None),
    ".ppt": ("a PowerPoint presentation", ("application/vnd.ms-powerpoint",), None),
    ".zip": ("a ZIP archive", ("application/zip",), None),
}
# Plain text: published as it is, if it is text and no HTML in disguise.
TEXTS = {".txt": "a text file", ".csv": "a CSV table", ".ics": "a calendar file"}



def publishable_ending(name: str) -> bool:
    """Whether a file by this name can be published from an event's folder (a picture, a
    document, a text), if its content is what the name says (see :func:`refusal`)."""
    ending = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    return ending in PICTURES or ending in DOCUMENTS or ending in TEXTS


_ODF_MIMES = {ending: mimes[0] for ending, (_, mimes, _) in DOCUMENTS.items() if ending.startswith(".od")}
_SCRIPTED = {
    ".svg": "an SVG picture can carry script that runs on this site; convert it to PNG and link the PNG",
    ".svgz": "an SVG picture can carry script that runs on this site; convert it to PNG and link the PNG",
    ".html": "an HTML page would run its script on this site; link the page where it is published instead",
    ".htm": "an HTML page would run its script on this site; link the page where it is published instead",
    ".xhtml": "an HTML page would run its script on this site; link the page where it is published instead",
    ".js": "a script is never published from an event's folder",
    ".mjs": "a script is never published from an event's folder",
    ".xml": "an XML file can carry script that runs on this site; publish it elsewhere and link it",
}
_HTML_START = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml", b"<iframe")
SNIFF_BYTES = 8192


def refusal(path: Path, name: str) -> str | None:
    """Why the file at ``path`` (``name`` in its event's folder) may not be
    published, or None if it may. Pictures are left to the image step."""
    ending = Path(name).suffix.lower()
    if ending in PICTURES:
        return None
    if ending in _SCRIPTED:
        return f"'{name}' is not published: {_SCRIPTED[ending]}"
    if ending in DOCUMENTS:
        return _document_refusal(path, name, ending)
    if ending in TEXTS:
        return _text_refusal(path, name, ending)
    allowed = ", ".join(sorted({*DOCUMENTS, *TEXTS, ".jpg", ".png", ".webp"}))
    return (f"'{name}' is not published: an event's folder may publish pictures and documents "
            f"({allowed}); link other files where they are published instead")


def _document_refusal(path: Path, name: str, ending: str) -> str | None:
    what, mimes, member = DOCUMENTS[ending]
    try:
        kind = filetype.guess(path)
    except OSError as exc:
        return f"'{name}' cannot be read ({exc.strerror})"
    found = kind.mime if kind is not None else None
    if found in mimes or _zip_has(path, ending, member):
        return None
    shown = f"its content is {found}" if found else "its content is of no type recap-site knows"
    return (f"'{name}' is not published: the name says {what}, but {shown}; "
            "save the file again in its real format, or give it the right ending")


def _zip_has(path: Path, ending: str, member: str | None) -> bool:
    """A ZIP-based document recognised by its members (any Office program's order of them)."""
    if member is None and ending not in _ODF_MIMES and ending != ".zip":
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            if ending == ".zip":
                return True
            if member is not None:
                return member in archive.namelist()
            return archive.read("mimetype").decode("ascii", "replace").strip() == _ODF_MIMES[ending]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, RuntimeError):
        return False


def _text_refusal(path: Path, name: str, ending: str) -> str | None:
    what = TEXTS[ending]
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        return f"'{name}' cannot be read ({exc.strerror})"
    if b"\0" in head:
        return (f"'{name}' is not published: the name says {what}, but it holds binary data; "
                "save it again as plain text")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(_HTML_START):
        return (f"'{name}' is not published: the name says {what}, but it holds HTML or XML, which "
                "a browser might run as a page; save it again as plain text")
    if ending == ".ics" and not start.startswith(b"begin:vcalendar"):
        return (f"'{name}' is not published: a calendar file starts with BEGIN:VCALENDAR; export it "
                "again from your calendar program")
    return None
