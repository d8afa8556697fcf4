"""Social cards: ``<event page>/card.png``, the ``og:image`` of an event without pictures.

A link to an event shared on LinkedIn or elsewhere shows a picture; an event
with none of its own gets a 1200×630 PNG per language with its title, date,
place and the site's name, in the theme's colours (read from the theme's
``assets/css/site.css``). The font is DejaVu Sans, shipped in the package
(``recap_site/fonts``), never loaded at run time from elsewhere.

Cards are cached like the other images, in the site's cache folder
(outside the site folder), by a digest of everything drawn on them: a
rebuild draws only the cards whose text changed, and a card the last build
made from the same text is the file that build wrote (nothing is read).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import stat
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Mapping

import PIL
from PIL import Image, ImageColor, ImageDraw, ImageFont, features

from ..cache import own_folder, read_own_file
from ..model import Site
from ..parallel import iter_indexes
from ..paths import CUSTOM_STYLESHEET, STYLESHEET, UrlScheme
from ..write import Output
from .common import OutputStore

WIDTH, HEIGHT = 1200, 630
CARDS = "cards"  # the cards' folder inside the site's cache folder
CARD_VERSION = 1  # part of every card's digest: raise it when the drawing changes
FONTS = Path(__file__).resolve().parent.parent / "fonts"
_PNG = b"\x89PNG\r\n\x1a\n"
_IEND = b"IEND\xaeB`\x82"  # a PNG's last chunk: a file cut short does not end with it
_MARGIN = 80
_FACTS_TOP = 440  # below three lines of the largest title (150 + 3 × 80)
_LONGEST = 300  # characters of a title drawn; the rest could never fit on three lines
_DRAWN_BY = f"Pillow {PIL.__version__} FreeType {features.version('freetype2')} raqm {features.version('raqm')}"
_COLOUR = re.compile(r"--(bg|fg|muted|accent)\s*:\s*([^;}\n]+?)\s*(?:;|$)", re.MULTILINE)
DEFAULT_COLOURS = {"bg": "ffffff", "fg": "1b1f24", "muted": "4a5360", "accent": "1d4e89"}


@dataclass(frozen=True)
class Colours:
    bg: str
    fg: str
    muted: str
    accent: str

    @classmethod
    def from_css(cls, css: str) -> "Colours":
        """The light scheme's colours: the custom properties of the first ``:root`` block, all
        four of them as colours (:func:`_root_colours`); else the default theme's (never a mix of the two)."""
        found = _root_colours(css)
        if set(found) != set(DEFAULT_COLOURS):
            found = DEFAULT_COLOURS
        return cls(found["bg"], found["fg"], found["muted"], found["accent"])

    def changed_by(self, css: str) -> "Colours":
        """These colours, with those that the first ``:root`` block of ``css`` (a site's
        custom.css, loaded after the theme's style sheet) sets (:func:`_root_colours`)."""
        return replace(self, **_root_colours(css))


CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)  # (one never closed runs to the end: read once)


def _root_colours(css: str) -> dict[str, str]:
    """Those of the four colours that the first ``:root`` block sets as colours Pillow reads
    (#c00000, #c00, red, rgb(…, …, …), hsl(…)), as rrggbb (a colour's transparency left out)."""
    css = CSS_COMMENT.sub("", css)
    start = css.find(":root")
    block = css[start:css.find("}", start)] if start >= 0 else ""
    found = {}
    for name, value in _COLOUR.findall(block.replace("{", "{\n")):
        try:
            found[name] = "%02x%02x%02x" % ImageColor.getrgb(value)[:3]
        except ValueError:
            continue  # var(--x), a mistake (load_theme tells it): the theme's colour stays
    return found


def theme_colours(assets: Mapping[str, Path]) -> Colours:
    """The colours of the theme's ``css/site.css``; ``assets`` is ``Theme.assets()``, which
    decides which file that is (the site's own wins) and leaves links out."""
    css = assets.get(STYLESHEET)
    colours = Colours(**DEFAULT_COLOURS) if css is None else Colours.from_css(
        css.read_text(encoding="utf-8", errors="replace"))
    custom = assets.get(CUSTOM_STYLESHEET)
    return colours if custom is None else colours.changed_by(custom.read_text(encoding="utf-8", errors="replace"))


@dataclass(frozen=True)
class Card:
    title: str
    when: str  # the date as the page writes it
    where: str  # the city, the place's name, or how it took place ("Online")
    site: str
    colours: Colours
    note: str = ""  # a note on the date ("Datum geschätzt"), one line

    def digest(self) -> str:
        """What the card shows, and what draws it: another Pillow or FreeType may draw other bytes."""
        text = "\0".join((str(CARD_VERSION), _DRAWN_BY, self.title, self.when, self.where, self.site,
                          *vars(self.colours).values(), self.note))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=None)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _fits(text: str, font: ImageFont.FreeTypeFont, width: int) -> int:
    """How many characters of ``text``, from its start, fit in ``width`` pixels (at least one)."""
    low, high = 1, len(text)
    while low < high:  # binary search: a title of thousands of letters costs a few measurements
        middle = (low + high + 1) // 2
        if font.getlength(text[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def _lines(text: str, font: ImageFont.FreeTypeFont, width: int, most: int = 4) -> list[str]:
    """``text`` wrapped at word boundaries to ``width`` pixels, at most ``most`` lines (the rest
    is left out); a word too long alone is cut where it fits."""
    lines: list[str] = []
    for word in text.split():
        while font.getlength(word) > width and len(lines) < most:
            cut = _fits(word, font, width)
            lines.append(word[:cut])
            word = word[cut:]
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
        if len(lines) > most:
            return lines[:most]
    return lines


def _one_line(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """``text`` on one line, shortened with … where it is longer; "" for no text."""
    if font.getlength(text) <= width:
        return text
    return text[:_fits(text, font, width - font.getlength(" …"))].rstrip() + " …"


def _title(text: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits in three lines; else the smallest, shortened with …"""
    text = text[:_LONGEST]
    for size in (64, 56, 48):
        font = _font(True, size)
        lines = _lines(text, font, width)
        if len(lines) <= 3:
            return font, lines
    lines = lines[:3]
    while lines[2] and font.getlength(lines[2] + " …") > width:
        lines[2] = lines[2][:-1]
    lines[2] = lines[2].rstrip() + " …"
    return font, lines


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))


@lru_cache(maxsize=16)
def _palette(colours: Colours) -> list[int]:
    """0-63: the background blended into fg, 64-127 into muted, 128-191 into accent."""
    background = _rgb(colours.bg)
    palette: list[int] = []
    for name in ("fg", "muted", "accent", "accent"):
        colour = _rgb(getattr(colours, name))
        for step in range(64):
            palette += [round(b + (c - b) * step / 63) for b, c in zip(background, colour)]
    return palette


_TO_MUTED = [level + 64 if level else 0 for level in range(256)]
_TO_ACCENT = [level + 128 if level else 0 for level in range(256)]


_ACCENT_BANDS = ((0, 60, WIDTH, 130), (0, HEIGHT - 18, WIDTH, HEIGHT))  # the site's name, the bar at the foot


def _frame(site: str) -> Image.Image:
    """A card's grey layer with the site's name and the bar at the foot drawn on it."""
    grey = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(grey)
    site_font = _font(True, 34)
    pen.text((_MARGIN, 70), _one_line(site, site_font, WIDTH - 2 * _MARGIN), font=site_font, fill=63)
    pen.rectangle((0, HEIGHT - 18, WIDTH, HEIGHT), fill=63)
    return grey


def _move(grey: Image.Image, bands, table: list[int]) -> None:
    """The bands of ``grey`` moved to a quarter of the palette (see :func:`draw`)."""
    for box in bands:
        grey.paste(grey.crop(box).point(table), box[:2])


@lru_cache(maxsize=4)  # a site's name in its languages
def _base(site: str) -> Image.Image:
    """What every card with this site name has, already in the accent colour's quarter of the
    palette; a card draws on a copy."""
    grey = _frame(site)
    _move(grey, _ACCENT_BANDS, _TO_ACCENT)
    return grey


def draw(card: Card) -> bytes:
    """The card as PNG bytes.

    Every text is drawn in one grey layer (0 the background, 63 full colour);
    the band that holds the muted text is then moved to its own quarter of a
    palette, as the site's name and the bar are in :func:`_base`, so that
    every text keeps its anti-aliasing in a small, quickly written palette
    PNG. The bands never overlap: the title ends above the facts, whose top
    is fixed."""
    inner = WIDTH - 2 * _MARGIN
    font, lines = _title(card.title, inner)
    # Marks stacked high above a title's first letters reach into the band of the site's name,
    # which the copied picture has in the accent's colours already: such a card is drawn whole.
    whole = bool(lines) and 150 + font.getbbox(lines[0])[1] < _ACCENT_BANDS[0][3]
    grey = _frame(card.site) if whole else _base(card.site).copy()
    pen = ImageDraw.Draw(grey)
    top = 150
    for line in lines:
        pen.text((_MARGIN, top), line, font=font, fill=63)
        top += int(font.size * 1.25)
    facts = " · ".join(part for part in (card.when, card.where, f"({card.note})" if card.note else "") if part)
    facts_top = max(top + 30, _FACTS_TOP)
    facts_font = _font(False, 36)
    pen.text((_MARGIN, facts_top), _one_line(facts, facts_font, inner), font=facts_font, fill=63)
    _move(grey, [(0, facts_top - 10, WIDTH, facts_top + 60)], _TO_MUTED)
    if whole:
        _move(grey, _ACCENT_BANDS, _TO_ACCENT)
    grey.putpalette(_palette(card.colours))  # the grey layer's levels are the palette's indexes
    out = io.BytesIO()
    grey.save(out, "PNG", compress_level=1)
    return out.getvalue()


CARD_MOST = 4 * 1024 * 1024  # bytes: a cached card larger than this is not one recap-site drew


def _cached(folder: Path | None, digest: str) -> Path | None:
    """Where the cache would hold the card with this digest, if a plain file is there."""
    if folder is None:
        return None
    path = folder / f"{digest}.png"
    try:
        return path if stat.S_ISREG(os.lstat(path).st_mode) else None
    except OSError:
        return None


def _read_cached(path: Path) -> bytes | None:
    """The cached card's bytes, if it is a whole one: a file of the cache (see
    cache.read_own_file) no larger than CARD_MOST, a PNG of the card's size that ends with its
    last chunk; else None, and the card is drawn again."""
    data = read_own_file(path, CARD_MOST)
    if data is not None and data.startswith(_PNG) \
            and data[16:24] == WIDTH.to_bytes(4, "big") + HEIGHT.to_bytes(4, "big") and data.endswith(_IEND):
        return data
    return None  # not a whole card


def _to_cache(folder: Path | None, digest: str, data: bytes) -> None:
    """Keep a card drawn for the next build (a cache that cannot be written only costs time)."""
    if folder is None:
        return
    temporary = folder / f".card-{os.urandom(8).hex()}"  # a new name: never written into a file that is there
    try:
        with open(temporary, "xb") as handle:
            handle.write(data)
        os.replace(temporary, folder / f"{digest}.png")
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _cards_folder(cache: Path | None) -> Path | None:
    """The cards' cache folder as a folder of the cache's own (see cache.own_folder); None
    (no cache) if it cannot be made."""
    if cache is None:
        return None
    try:
        return own_folder(cache.parent, cache.name)
    except OSError:
        return None


@dataclass(frozen=True)
class CardStyle:
    strings: Mapping[str, Mapping[str, str]]  # the theme's UI strings: lang -> key -> text
    colours: Colours
    cache: Path | None  # the cards' cache folder


def card_outputs(site: Site, urls: UrlScheme, style: CardStyle, jobs: int = 1,
                 store: OutputStore | None = None) -> Iterator[Output]:
    """A card per language for each event without pictures, next to its page in that language.

    ``store`` (the build's incremental layer): a card the last build made from the same text
    and colours, whose file is still as that build left it, is that file (nothing is read or
    drawn). Any other card is read from the cache, or drawn across ``jobs`` processes (and
    kept in the cache), and handed to the writer as bytes, which it compares with the file
    there."""
    wanted: list[tuple[Card, str, str, str]] = []  # card, its digest, output path, source
    for event in site.events:
        if event.images:
            continue
        for lang, translation in event.translations.items():
            if not translation.exists:
                continue
            where = (event.venue.city or event.venue.name[lang]) if event.venue is not None else \
                style.strings[lang].get(f"format.{event.format}", "")
            # The note on the date (as the page writes it beside the date), on the card's one line of
            # facts after the place, so that a long note is cut short rather than the place.
            note = " ".join(event.date_note[lang].split()) if event.date_note is not None else ""
            card = Card(translation.title, translation.date_label, where, site.title[lang], style.colours, note)
            wanted.append((card, card.digest(), urls.output_path(urls.event_card(translation.url)), event.source))
    previous = [store.reusable(path, digest) if store is not None else None for _, digest, path, _ in wanted]
    folder = _cards_folder(style.cache) if None in previous else None
    cached = [_cached(folder, digest) if file is None else None
              for (_, digest, _, _), file in zip(wanted, previous)]
    missing = [index for index, (file, path) in enumerate(zip(previous, cached)) if file is None and path is None]
    # Drawn in order, a few ahead of this loop (parallel.iter_indexes): never all in memory at once.
    drawn = iter_indexes(lambda number: draw(wanted[missing[number]][0]), len(missing), jobs)
    for (card, digest, path, source), file, cache_file in zip(wanted, previous, cached):
        if store is not None:
            store.made(path, digest)
        if file is not None:
            yield Output(path, source, file=file)
            continue
        data = _read_cached(cache_file) if cache_file is not None else None
        if data is None:
            # Drawn by the workers; or here, for a file in the cache that is not a whole card.
            data = next(drawn) if cache_file is None else draw(card)
            _to_cache(folder, digest, data)
        yield Output(path, source, data=data)
