"""Images: resized, re-encoded without metadata, and cached.

Every image the site publishes is a copy made here with Pillow, never the
file from the bundle: EXIF orientation is applied to the pixels, and EXIF
(GPS included), XMP and comments are left behind. An event image
(``images:`` in event.yaml) is published in up to three widths, each as WebP
and in its original format; a picture a recap's Markdown points to is
published at its own size in its own format (its ``<img>`` gets that size
from :func:`display_size`, see markdown.py).

Processing is slow, so every result is cached under ``images/<key>/`` in
the site's cache folder (outside the site folder, see cache.py), keyed by the source's content hash and the
processing parameters: an unchanged image is never processed twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from PIL import Image as Pillow, ImageOps, UnidentifiedImageError

from .cache import CACHE_FILE_MOST, open_own_file, own_folder, read_own_file
from .config import SiteConfig
from .content import Content, bundle_file
from .errors import Report
from .model import Event, Image, ImageSource

IMAGES = "images"  # the image step's folder inside the site's cache folder
WIDTHS = (480, 960, 1600)
# The formats a source may have: Pillow's name -> (file extension, MIME type).
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".bmp", ".heic", ".avif")
QUALITY = {"JPEG": 82, "WEBP": 80}
MAX_SIDE = {"JPEG": 65500, "WEBP": 16383, "PNG": 2**31 - 1}  # what each encoder can write
ORIENTATION = 0x0112  # the EXIF tag
# Change this when the encoding changes, so that cached copies are made anew.
ENCODING_VERSION = 3


class ImageError(Exception):
    """A source image that cannot be published; the message names no file."""


@dataclass(frozen=True)
class Rendition:
    """One published copy, stored in the cache."""

    width: int
    height: int
    format: str  # a key of FORMATS
    path: Path

    @property
    def extension(self) -> str:
        return FORMATS[self.format][0]

    @property
    def mime(self) -> str:
        return FORMATS[self.format][1]


class ImageProcessor:
    """Makes (or finds in the cache) the published copies of source images.

    ``processed`` and ``reused`` count what one build did, so that a caller
    can report it and a test can check that nothing was processed twice.
    """

    def __init__(self, cache_dir: Path, widths: tuple[int, ...] = WIDTHS) -> None:
        self.cache_dir = cache_dir
        self.widths = widths
        self.processed = 0
        self.reused = 0

    def renditions(self, source: Path, *, resize: bool) -> tuple[Rendition, ...]:
        """``resize``: every width of ``self.widths`` up to the image's own
        (never larger), each as WebP and in the original format. Otherwise one
        copy at its own size and in its own format. Raises :class:`ImageError`."""
        data = source.read_bytes()
        params = {"version": ENCODING_VERSION, "widths": list(self.widths) if resize else None,
                  "quality": QUALITY}
        key = hashlib.sha256(json.dumps(params, sort_keys=True).encode() + b"\0" + data).hexdigest()
        folder = own_folder(self.cache_dir.parent, self.cache_dir.name, key[:2]) / key
        cached = _read_cache(folder, self.widths if resize else None)
        if cached is not None:
            self.reused += 1
            return cached
        renditions = _make(data, folder, self.widths if resize else None)
        self.processed += 1
        return renditions


def display_size(source: Path) -> str | None:
    """``"<width>x<height>"`` of the published copy of an image a recap's
    Markdown shows (its own size, EXIF orientation applied), read from the
    file's header only; None for a file that is no image we publish (the
    image step reports why)."""
    if source.suffix.lower() not in IMAGE_SUFFIXES:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Pillow.DecompressionBombWarning)
            with Pillow.open(source) as picture:
                if picture.format not in FORMATS:
                    return None
                width, height = picture.size
                if picture.getexif().get(ORIENTATION) in (5, 6, 7, 8):  # turned by 90°
                    width, height = height, width
    except (Pillow.DecompressionBombError, Pillow.DecompressionBombWarning, UnidentifiedImageError,
            OSError, SyntaxError, ValueError):
        return None
    return f"{width}x{height}"


RENDITIONS_MOST = 64 * 1024  # bytes: a renditions.json larger than this is not one recap-site wrote


def _read_cache(folder: Path, widths: tuple[int, ...] | None) -> tuple[Rendition, ...] | None:
    """The renditions a cache entry holds, if it is whole and what recap-site writes for these
    ``widths`` (None: one copy at the image's own size): its own folder (not a link), a list
    of renditions each named ``<width>.<extension>`` as :func:`_make` names them, each a plain
    file of that format in that folder with no other name. The list decides which files are
    published, so a planted one naming any other file (``/home/…``, ``../…``, a link, a hard
    link) is no entry, nor is one of another shape: the image is made again."""
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return None
        entries = json.loads(read_own_file(folder / "renditions.json", RENDITIONS_MOST) or b"")
        renditions = tuple(_rendition(folder, entry) for entry in entries)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if widths is None:
        return renditions if len(renditions) == 1 else None
    if not renditions or len(renditions) > 2 * (len(widths) + 1) \
            or any(rendition.width > max(widths) for rendition in renditions):
        return None
    return renditions


# What each format's files start with: a rendition must be a file of its format.
_MAGIC = {"JPEG": lambda head: head.startswith(b"\xff\xd8\xff"),
          "PNG": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
          "WEBP": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"}


def _rendition(folder: Path, entry: dict) -> Rendition:
    width, height, fmt, name = entry["width"], entry["height"], entry["format"], entry["file"]
    if type(width) is not int or type(height) is not int or width < 1 or height < 1 or fmt not in FORMATS \
            or name != f"{width}.{FORMATS[fmt][0]}":
        raise ValueError("not a rendition recap-site wrote")
    path = folder / name
    file = open_own_file(path, CACHE_FILE_MOST)
    if file is None:
        raise ValueError("not a file recap-site wrote")
    with file:
        if not _MAGIC[fmt](file.read(12)):
            raise ValueError("not a rendition recap-site wrote")
    return Rendition(width, height, fmt, path)


def _make(data: bytes, folder: Path, widths: tuple[int, ...] | None) -> tuple[Rendition, ...]:
    picture, source_format, palette = _open(data)
    if widths is None:
        targets = [(picture.width, source_format)]
    else:
        largest = min(picture.width, max(widths))
        sizes = sorted({w for w in widths if w < largest} | {largest})
        targets = [(w, fmt) for w in sizes for fmt in ("WEBP", source_format)]
        targets = list(dict.fromkeys(targets))  # a WebP source needs one copy per width
    # Written into a fresh folder, then renamed: a cache entry is whole or absent. (The
    # folder it is in is the cache's own, see cache.own_folder.)
    staging = Path(tempfile.mkdtemp(prefix=".new-", dir=folder.parent))
    try:
        entries = []
        for width, fmt in targets:
            copy = _resized(picture, width)
            if max(copy.size) > MAX_SIDE[fmt]:
                raise ImageError(f"is {picture.width} × {picture.height} pixels: too {'tall' if copy.height > copy.width else 'wide'} "
                                 f"to publish as {fmt} (at most {MAX_SIDE[fmt]} pixels a side); crop it or make it smaller")
            name = f"{width}.{FORMATS[fmt][0]}"
            _save(copy, fmt, staging / name, palette)
            entries.append({"width": copy.width, "height": copy.height, "format": fmt, "file": name})
        (staging / "renditions.json").write_text(json.dumps(entries), encoding="utf-8")
        if os.path.isdir(folder) and not os.path.islink(folder):  # a broken entry
            shutil.rmtree(folder)
        elif os.path.lexists(folder):  # a link or a file where the entry goes: removed, never followed
            os.unlink(folder)
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return tuple(Rendition(e["width"], e["height"], e["format"], folder / e["file"]) for e in entries)


def _open(data: bytes) -> tuple[Pillow.Image, str, bool]:
    """Decode the image with orientation applied; refuse what Pillow deems a bomb."""
    from io import BytesIO

    with warnings.catch_warnings():
        warnings.simplefilter("error", Pillow.DecompressionBombWarning)
        try:
            picture = Pillow.open(BytesIO(data))
            source_format = picture.format or "?"
            if source_format not in FORMATS:
                raise ImageError(f"is a {source_format} image; use JPEG, PNG or WebP")
            picture.load()
            palette = picture.mode == "P"
            picture = ImageOps.exif_transpose(picture)
            if picture.mode not in ("RGB", "RGBA", "L"):  # palette, CMYK, …: resized smoothly as RGB
                picture = picture.convert("RGBA" if _has_alpha(picture) else "RGB")
        except (Pillow.DecompressionBombError, Pillow.DecompressionBombWarning) as exc:
            raise ImageError(_too_large(str(exc))) from None
        except UnidentifiedImageError:
            raise ImageError(_unreadable(data)) from None
        except (OSError, SyntaxError, ValueError) as exc:
            raise ImageError(f"is damaged and cannot be read ({exc})") from None
    return picture, source_format, palette


def _too_large(problem: str) -> str:
    """A picture with more pixels than Pillow opens (a decompression bomb, or a camera's full size),
    in an editor's words: how large it is, how large it may be, and what to do."""
    found = re.search(r"\((\d+) pixels\)", problem)
    most = Pillow.MAX_IMAGE_PIXELS or 0

    def size(count: int) -> str:
        return f"{count / 1e6:.0f} megapixels" if most >= 1e6 else f"{count} pixels"
    has = f"has {size(int(found.group(1)))}, more" if found else "has more pixels"  # (as Pillow's message says)
    return (f"{has} than the {size(most)} a picture may have here (more would take too much "
            "memory to process): make it smaller, for one 4000 pixels wide (12 megapixels, plenty for a web page), "
            "and use that file")


def _unreadable(data: bytes) -> str:
    """Why a file is not a picture the build can read, in the editor's words."""
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc", b"heim", b"heis"):
        return ("is a HEIC photo (the iPhone's own format), which browsers do not show: save it as JPEG (on the "
                "iPhone: Settings › Camera › Formats › Most Compatible, or share it as JPEG) and use that file")
    return "is not a picture that can be read (or it is damaged): save it as JPEG, PNG or WebP and use that file"


def _resized(picture: Pillow.Image, width: int) -> Pillow.Image:
    if width >= picture.width:
        return picture
    height = max(1, round(picture.height * width / picture.width))
    return picture.resize((width, height), Pillow.Resampling.LANCZOS, reducing_gap=3.0)


def _save(picture: Pillow.Image, fmt: str, path: Path, palette: bool) -> None:
    """Save with no metadata: Pillow writes EXIF, XMP or comments only when
    asked to, and we never pass them. The colour profile is kept."""
    icc = picture.info.get("icc_profile")
    extra = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        picture.save(path, "JPEG", quality=QUALITY["JPEG"], optimize=True, progressive=True, **extra)
    elif fmt == "WEBP":
        picture.save(path, "WEBP", quality=QUALITY["WEBP"], method=4, **extra)
    else:
        if palette:  # a palette PNG stays one: many times smaller than RGB
            method = Pillow.Quantize.FASTOCTREE if picture.mode == "RGBA" else Pillow.Quantize.MEDIANCUT
            picture = picture.quantize(256, method=method)
        picture.save(path, "PNG", optimize=True, **extra)


def _has_alpha(picture: Pillow.Image) -> bool:
    return picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info




# The build stages -------------------------------------------------------------
@dataclass(frozen=True)
class Published:
    """What :func:`publish_event_images` made: each event's images with their published
    copies (sizes and sources), and every file the events' facts publish (URL -> file)."""

    images: Mapping[str, tuple[Image, ...]]  # event id -> its images
    media: Mapping[str, Path]


def publish_event_images(config: SiteConfig, content: Content, processor: ImageProcessor,
                         report: Report) -> Published:
    """Give every event image its published copies (before the site is assembled).

    The bundle file itself is not published: the copies are, in its place.
    Errors go to the report at the ``file:`` line of event.yaml.
    """
    urls = config.urls
    media = dict(content.media)
    published: dict[str, tuple[Image, ...]] = {}
    for event in content.events:
        if not event.images:
            continue
        images = []
        for number, image in enumerate(event.images, start=1):
            # The bundle file is replaced by its copies (popped twice if listed twice).
            source = media.pop(image.url, None) or _bundle_file(content, event, image.file)
            try:
                renditions = processor.renditions(source, resize=True)
            except ImageError as exc:
                report.error(event.source, image.line, f"images[{number}].file: '{image.file}' {exc}")
                continue
            images.append(_published(urls, event.id, image, renditions, media))
        published[event.id] = tuple(images)
    return Published(MappingProxyType(published), MappingProxyType(media))


def _bundle_file(content: Content, event: Event, name: str) -> Path:
    bundle = content.bundles.get(event.id, Path())
    return bundle_file(bundle, name)[0] or bundle.joinpath(*name.split("/"))


def _published(urls, event_id: str, image: Image, renditions: tuple[Rendition, ...],
               media: dict[str, Path]) -> Image:
    by_format: dict[str, list[tuple[str, Rendition]]] = {}
    for rendition in renditions:
        url = urls.image(event_id, image.file, rendition.width, rendition.extension)
        media[url] = rendition.path
        by_format.setdefault(rendition.format, []).append((url, rendition))
    sources = tuple(
        ImageSource(FORMATS[fmt][1], ", ".join(f"{url} {r.width}w" for url, r in by_format[fmt]))
        for fmt in sorted(by_format, key=lambda f: f != "WEBP")
    )
    original = [entries for fmt, entries in by_format.items() if fmt != "WEBP"] or [by_format["WEBP"]]
    url, largest = original[0][-1]
    return replace(image, url=url, width=largest.width, height=largest.height, sources=sources)


def publish_linked_files(config: SiteConfig, content: Content, files: Mapping[str, Path],
                         processor: ImageProcessor, report: Report) -> dict[str, Path]:
    """The files recaps link to (``site.files``, URL -> bundle file), each image replaced by a
    copy without metadata (after assembling)."""
    published = {}
    for url, source in sorted(files.items()):
        if source.suffix.lower() not in IMAGE_SUFFIXES or _is_cached(source, processor):
            published[url] = source
            continue
        try:
            (copy,) = processor.renditions(source, resize=False)
        except ImageError as exc:
            path, line = _markdown_position(config, content, source)
            report.error(path, line, f"'{source.name}' {exc}")
            continue
        published[url] = copy.path
    return published


def _is_cached(path: Path, processor: ImageProcessor) -> bool:
    return processor.cache_dir in path.parents


def _markdown_position(config: SiteConfig, content: Content, source: Path) -> tuple[str, int]:
    """The recap line that points to ``source`` (else the file itself)."""
    for event_id, bundle in content.bundles.items():
        if bundle not in source.parents:
            continue
        name = source.relative_to(bundle).as_posix()
        for md in content.recaps.get(event_id, {}).values():
            index = md.body.find(name)
            if index >= 0:
                return md.rel, md.body_line + md.body[:index].count("\n")
    return source.relative_to(config.root).as_posix(), 0
