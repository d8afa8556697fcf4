"""Social cards: the og:image of an event without pictures (recap_site.outputs.cards)."""

from __future__ import annotations

import io

from bs4 import BeautifulSoup
from conftest import MINIMAL, TINY_JPEG, build
from PIL import Image, ImageDraw

from recap_site.outputs import cards

EVENT_DE = "de/veranstaltungen/2023-09-05-treffen"
EVENT_EN = "en/events/2023-09-05-meeting"


def meta(out, page) -> dict[str, str]:
    html = BeautifulSoup((out / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    return {tag.get("property") or tag.get("name"): tag["content"] for tag in html.select("meta[content]")
            if (tag.get("property") or tag.get("name") or "").startswith(("og:image", "twitter:"))}


def test_an_event_without_pictures_gets_a_card_per_language(site):
    out = build(site(), "--no-search")
    for page, title in ((EVENT_DE, "Netzwerktreffen"), (EVENT_EN, "Network meeting")):
        found = meta(out, page)
        url = f"https://example.org/{page}/card.png"
        assert found == {
            "og:image": url, "og:image:type": "image/png", "og:image:width": "1200", "og:image:height": "630",
            "og:image:alt": title, "twitter:card": "summary_large_image", "twitter:title": title,
            "twitter:description": found["twitter:description"], "twitter:image": url, "twitter:image:alt": title,
        }
        with Image.open(out / page / "card.png") as card:
            assert (card.format, card.size) == ("PNG", (1200, 630))
            picture = card.convert("RGB")
        assert picture.getpixel((5, 5)) == (255, 255, 255)  # the theme's --bg
        assert picture.getpixel((600, 625)) == (0x1d, 0x4e, 0x89)  # its --accent, the band at the bottom
        title_area = picture.crop((80, 150, 1120, 230))
        assert (0x1b, 0x1f, 0x24) in {colour for _, colour in title_area.getcolors(4096)}  # --fg: the title
    assert (out / EVENT_DE / "card.png").read_bytes() != (out / EVENT_EN / "card.png").read_bytes()


def test_an_event_with_a_picture_shares_the_picture(site):
    facts = MINIMAL["content/events/2023-09-05-treffen/event.yaml"].rstrip(" ") + (
        "        images:\n          - {file: saal.jpg, alt: {de: Der Saal, en: The hall}}\n")
    out = build(site({"content/events/2023-09-05-treffen/event.yaml": facts,
                      "content/events/2023-09-05-treffen/saal.jpg": TINY_JPEG}), "--no-search")
    assert not (out / EVENT_DE / "card.png").exists()
    found = meta(out, EVENT_DE)
    assert found["og:image"].startswith("https://example.org/media/2023-09-05-treffen/saal")
    assert found["twitter:image"] == found["og:image"] and found["twitter:image:alt"] == "Der Saal"


def test_the_card_takes_the_sites_own_colours(site):
    css = ":root {\n  --bg: #fdf6e3;\n  --fg: #073642;\n  --muted: #586e75;\n  --accent: #b58900;\n}\n"
    out = build(site({"assets/css/site.css": css}), "--no-search")
    with Image.open(out / EVENT_DE / "card.png") as card:
        picture = card.convert("RGB")
    assert picture.getpixel((5, 5)) == (0xfd, 0xf6, 0xe3)
    assert picture.getpixel((600, 625)) == (0xb5, 0x89, 0x00)


def test_a_linked_style_sheet_gives_the_card_no_colours(site, tmp_path):
    """The card reads the style sheet the theme publishes: a link out of the site is not read."""
    outside = tmp_path / "elsewhere.css"
    outside.write_text(":root { --bg: #000000; --fg: #ffffff; --muted: #cccccc; --accent: #ff0000; }\n")
    root = site()
    (root / "assets" / "css").mkdir(parents=True)
    (root / "assets" / "css" / "site.css").symlink_to(outside)
    out = build(root, "--no-search")
    with Image.open(out / EVENT_DE / "card.png") as card:
        assert card.convert("RGB").getpixel((5, 5)) == (255, 255, 255)  # the default theme's --bg


def test_cards_are_drawn_once_and_then_come_from_the_cache(site, monkeypatch):
    root = site()
    build(root, "--no-search")
    drawn = []
    real = cards.draw
    monkeypatch.setattr(cards, "draw", lambda card: drawn.append(card.title) or real(card))
    (root / "public").rename(root / "first")
    second = build(root, "--no-search")
    assert drawn == []  # both languages' cards came from the cache
    cards_of = lambda out: {p.relative_to(out): p.read_bytes() for p in out.rglob("card.png")}  # noqa: E731
    assert cards_of(second) == cards_of(root / "first") and len(cards_of(root / "first")) == 2


def test_a_long_title_is_shortened_to_three_lines_and_a_long_word_cut():
    font, lines = cards._title("Ein sehr langer Titel einer Veranstaltung " * 8, 1040)
    assert len(lines) == 3 and lines[2].endswith(" …") and font.size == 48
    assert all(font.getlength(line) <= 1040 for line in lines)
    word = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt" * 2
    assert all(cards._font(True, 64).getlength(line) <= 1040 for line in cards._lines(word, cards._font(True, 64), 1040))
    data = cards.draw(cards.Card(word, "5. September 2023", "Berlin", "Rückblicke", cards.Colours(**cards.DEFAULT_COLOURS)))
    assert Image.open(io.BytesIO(data)).size == (1200, 630)


def _drawn_the_obvious_way(card: cards.Card) -> bytes:
    """cards.draw without its shortcuts: every text in one grey layer, then each band moved to
    its colour's quarter of the palette, and the layer copied into a palette picture."""
    inner = cards.WIDTH - 2 * cards._MARGIN
    grey = Image.new("L", (cards.WIDTH, cards.HEIGHT), 0)
    pen = ImageDraw.Draw(grey)
    site_font = cards._font(True, 34)
    pen.text((cards._MARGIN, 70), cards._one_line(card.site, site_font, inner), font=site_font, fill=63)
    font, lines = cards._title(card.title, inner)
    top = 150
    for line in lines:
        pen.text((cards._MARGIN, top), line, font=font, fill=63)
        top += int(font.size * 1.25)
    facts = " · ".join(part for part in (card.when, card.where) if part)
    facts_top = max(top + 30, 440)
    facts_font = cards._font(False, 36)
    pen.text((cards._MARGIN, facts_top), cards._one_line(facts, facts_font, inner), font=facts_font, fill=63)
    pen.rectangle((0, cards.HEIGHT - 18, cards.WIDTH, cards.HEIGHT), fill=63)
    for box, table in (((0, 60, cards.WIDTH, 130), cards._TO_ACCENT),
                       ((0, facts_top - 10, cards.WIDTH, facts_top + 60), cards._TO_MUTED),
                       ((0, cards.HEIGHT - 18, cards.WIDTH, cards.HEIGHT), cards._TO_ACCENT)):
        grey.paste(grey.crop(box).point(table), box[:2])
    picture = Image.frombytes("P", grey.size, grey.tobytes())
    picture.putpalette(cards._palette(card.colours))
    out = io.BytesIO()
    picture.save(out, "PNG", compress_level=1)
    return out.getvalue()


def test_a_card_is_byte_for_byte_what_the_obvious_drawing_makes():
    # draw() takes the site's name and the bar from a picture it made once, and writes the grey
    # layer as the palette picture: the same bytes, for every kind of text.
    colours = cards.Colours("102030", "f0e0d0", "808080", "ff8800")
    words = ("Netzwerktreffen Kreativwirtschaft Lausitz Überblick Ärzte ÅÉÎ gjpqy Œuvre שלום ﻋﺮﺑﻲ 🙂 "
             "Donaudampfschifffahrtsgesellschaftskapitänsmütze a").split()
    # The last: marks stacked high above a letter reach into the site name's band (drawn whole).
    texts = ["", "T", " ".join(words), " ".join(words * 4), "x" * 900, "Ấ" + "\u0308" * 8 + " Hội thảo"]
    sites = ["Rückblicke", "", "ÅÉÎ gjpqy " * 20]
    drawn = 0
    for number, title in enumerate(texts):
        for site_name in sites:
            for when, where in (("5. September 2023", "Cottbus"), ("", ""), ("5.–7. Mai 2024", "Ort " * 60)):
                card = cards.Card(title, when, where, site_name, colours if number % 2 else
                                  cards.Colours(**cards.DEFAULT_COLOURS))
                assert cards.draw(card) == _drawn_the_obvious_way(card), (title, site_name, when, where)
                drawn += 1
    assert drawn == 54


def test_site_yaml_can_turn_the_cards_off(site):
    from conftest import SITE_YAML
    out = build(site({"content/site.yaml": SITE_YAML + "social_cards: false\n"}), "--no-search")
    assert not (out / EVENT_DE / "card.png").exists()
    found = meta(out, EVENT_DE)
    assert "og:image" not in found and found["twitter:card"] == "summary"


def test_the_theme_colours_are_all_read_or_all_the_default():
    read = cards.Colours.from_css("/* } */ :root {\n  --bg: #000; --fg: #ffffff;\n  --muted: #333333;\n"
                                  "  --accent: #0000FF\n}\n")
    assert read == cards.Colours("000000", "ffffff", "333333", "0000ff")
    # Two of four given: not a half-dark card with the default dark text on it.
    assert cards.Colours.from_css(":root { --bg: #000000; --fg: #ffffff }") == cards.Colours(**cards.DEFAULT_COLOURS)


def test_empty_and_endless_texts_still_make_a_card():
    colours = cards.Colours(**cards.DEFAULT_COLOURS)
    for card in (cards.Card("T", "", "", "", colours),
                 cards.Card("x" * 5000, "5. September 2023", "Ein sehr langer Ortsname " * 20, "R" * 300, colours)):
        assert Image.open(io.BytesIO(cards.draw(card))).size == (1200, 630)
    font = cards._font(False, 36)
    shortened = cards._one_line("Ein sehr langer Ortsname " * 20, font, 1040)
    assert shortened.endswith(" …") and font.getlength(shortened) <= 1040
    assert cards._one_line("", font, 1040) == ""


def test_a_cached_card_cut_short_is_drawn_again(site):
    root = site()
    build(root, "--no-search")
    from recap_site.cache import cache_folder
    folder = cache_folder(root) / cards.CARDS
    [first, *_] = sorted(folder.glob("*.png"))
    whole = first.read_bytes()
    first.write_bytes(whole[:-20])
    (root / "public").rename(root / "first")
    out = build(root, "--no-search")
    assert whole in {path.read_bytes() for path in out.rglob("card.png")}
    assert first.read_bytes() == whole


def test_a_cached_card_that_is_a_link_is_not_followed(site, tmp_path, monkeypatch):
    """The cache arrives from elsewhere (a CI cache): a link in it could lead the build to copy
    any file of the machine into the site. It is drawn again instead."""
    root = site()
    build(root, "--no-search")
    from recap_site.cache import cache_folder
    folder = cache_folder(root) / cards.CARDS
    [first, *_] = sorted(folder.glob("*.png"))
    whole = first.read_bytes()
    elsewhere = tmp_path / "elsewhere.png"
    elsewhere.write_bytes(whole)  # a whole card: only the link makes it suspect
    first.unlink()
    first.symlink_to(elsewhere)
    drawn = []
    real = cards.draw
    monkeypatch.setattr(cards, "draw", lambda card: drawn.append(card.title) or real(card))
    (root / "public").rename(root / "first")
    out = build(root, "--no-search")
    assert len(drawn) == 1
    assert not first.is_symlink() and first.read_bytes() == whole
    assert whole in {path.read_bytes() for path in out.rglob("card.png")}


def test_after_an_edit_the_cards_the_last_build_made_are_neither_read_nor_drawn(site, monkeypatch):
    """A card made from the same text as the last build's, whose file is still as that build
    left it, is that file; an event whose title changed gets its card drawn anew."""
    from conftest import write_site

    root = site()
    out = build(root, "--no-search")
    before = {p: p.read_bytes() for p in out.rglob("card.png")}
    read, drawn = [], []
    real_read, real_draw = cards._read_cached, cards.draw
    monkeypatch.setattr(cards, "_read_cached", lambda path: read.append(path) or real_read(path))
    monkeypatch.setattr(cards, "draw", lambda card: drawn.append(card.title) or real_draw(card))
    write_site(root, {"content/events/2023-09-05-treffen/de.md": "Ein anderer Text.\n"})
    build(root, "--no-search")
    assert read == [] and drawn == []
    assert {p: p.read_bytes() for p in out.rglob("card.png")} == before
    events = root / "content/events/2023-09-05-treffen"
    (events / "event.yaml").write_text((events / "event.yaml").read_text(encoding="utf-8").replace(
        "de: Netzwerktreffen", "de: Netzwerktreffen im Herbst"), encoding="utf-8")
    build(root, "--no-search")
    assert read == [] and drawn == ["Netzwerktreffen im Herbst"]
    with Image.open(out / EVENT_DE / "card.png") as card:
        assert card.size == (1200, 630)
    assert (out / EVENT_EN / "card.png").read_bytes() == before[out / EVENT_EN / "card.png"]


def test_cards_are_readable_as_the_pages_are_whatever_the_cache_files_allow(site):
    """A cache file is the build's own (an older version wrote them readable by their owner
    only): the card in the site gets the mode of every other file the build writes."""
    root = site()
    build(root, "--no-search")
    from recap_site.cache import cache_folder
    for path in (cache_folder(root) / cards.CARDS).glob("*.png"):
        path.chmod(0o600)
    (root / "public").rename(root / "first")
    out = build(root, "--no-search")
    page_mode = (out / EVENT_DE / "index.html").stat().st_mode & 0o777
    assert page_mode & 0o044 == 0o044  # readable by a web server running as another user
    assert {p.stat().st_mode & 0o777 for p in out.rglob("card.png")} == {page_mode}


def test_a_file_an_event_publishes_gets_the_mode_of_the_sites_files_not_its_own(site):
    """A pull request can commit a picture or a PDF as executable, or readable by its owner
    only: the copy in the site is readable as every other file of the site, and no more."""
    root = site()
    events = root / "content/events/2023-09-05-treffen"
    (events / "plan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n")
    (events / "plan.pdf").chmod(0o700)
    (events / "de.md").write_text("Siehe [den Plan](plan.pdf).\n", encoding="utf-8")
    out = build(root, "--no-search")
    [published] = out.rglob("plan.pdf")
    assert published.stat().st_mode & 0o777 == (out / EVENT_DE / "index.html").stat().st_mode & 0o777


def test_a_cards_folder_that_is_a_link_is_neither_read_nor_written(site, tmp_path):
    """A link planted for the cache's ``cards/`` folder led the build to read cards from, and
    write them into, the folder it points to, anywhere on the machine. The link is removed
    (never what it points to) and the cards are drawn into a folder of the cache's own."""
    import shutil

    from recap_site.cache import cache_folder

    root = site()
    expected = {p.relative_to(root / "public").as_posix(): p.read_bytes()
                for p in build(root, "--no-search").rglob("card.png")}
    folder = cache_folder(root) / cards.CARDS
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(folder, elsewhere)
    for card in elsewhere.glob("*.png"):  # whole PNGs of the card's size, but not the cards
        Image.new("RGB", (cards.WIDTH, cards.HEIGHT), (255, 0, 0)).save(card, "PNG")
    shutil.rmtree(folder)
    folder.symlink_to(elsewhere)
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    shutil.rmtree(root / "public")
    out = build(root, "--no-search")
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("card.png")} == expected
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before
    assert not folder.is_symlink() and sorted(p.name for p in folder.iterdir()) == sorted(before)
