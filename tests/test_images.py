"""Images: widths, WebP, <picture> markup, EXIF handling, content errors, the cache.

Every picture is made here with Pillow, so the tests show exactly what goes in.
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from conftest import build, cache_of, run, soup
from PIL import Image

from recap_site import images as images_module
from recap_site.images import ImageProcessor

EVENT = "content/events/2023-09-05-treffen"
MEDIA = "media/2023-09-05-treffen"
FACTS = """\
    title: {de: Netzwerktreffen, en: Network meeting}
    start: 2023-09-05
    kind: network-meeting
    format: online
    images:
      - file: photo.jpg
        alt: {de: Ein Diagramm, en: A chart}
        credit: recap-site
      - file: small.png
        alt: {de: Ein kleines Bild, en: A small picture}
    """
GPS_TAG, ORIENTATION, ARTIST = 0x8825, 0x0112, 0x013B


def jpeg(width: int, height: int, orientation: int | None = None, gps: bool = True) -> bytes:
    """A JPEG with an Artist tag, GPS coordinates and an optional orientation."""
    picture = Image.new("RGB", (width, height), (200, 30, 30))
    picture.paste((30, 30, 200), (0, 0, width // 2, height // 2))  # top left: blue
    exif = Image.Exif()
    exif[ARTIST] = "Someone"
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        exif[GPS_TAG] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 60)).save(out, "PNG")
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG file whose header claims ``width`` × ``height`` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b"")


def with_images(site, facts: str = FACTS, **files: bytes):
    return site({f"{EVENT}/event.yaml": facts, **{f"{EVENT}/{name}": data for name, data in files.items()}})


def published(out, name: str) -> Image.Image:
    picture = Image.open(out / MEDIA / name)
    picture.load()
    return picture


# Widths, formats, markup ---------------------------------------------------------
def test_each_image_is_published_in_three_widths_as_webp_and_jpeg(site):
    out = build(with_images(site, **{"photo.jpg": jpeg(2400, 1200), "small.png": png(300, 200)}))
    for width, height in ((480, 240), (960, 480), (1600, 800)):
        for ext, fmt in (("jpg", "JPEG"), ("webp", "WEBP")):
            picture = published(out, f"photo-{width}w.{ext}")
            assert (picture.format, picture.size) == (fmt, (width, height))
    assert not (out / MEDIA / "photo.jpg").exists()  # the source itself is never published
    assert not (out / MEDIA / "photo-2400w.jpg").exists()


def test_a_small_image_is_never_upscaled(site):
    out = build(with_images(site, **{"photo.jpg": jpeg(1000, 500), "small.png": png(300, 200)}))
    media = sorted(p.name for p in (out / MEDIA).iterdir())
    assert media == [
        "photo-1000w.jpg", "photo-1000w.webp", "photo-480w.jpg", "photo-480w.webp", "photo-960w.jpg",
        "photo-960w.webp", "small-300w.png", "small-300w.webp",
    ]
    assert published(out, "small-300w.png").size == (300, 200)


def test_picture_markup_has_srcset_sizes_dimensions_and_lazy_loading_after_the_first(site):
    out = build(with_images(site, **{"photo.jpg": jpeg(2400, 1200), "small.png": png(300, 200)}))
    page = soup(out / "en/events/2023-09-05-meeting/index.html")
    first, second = page.select("figure.image picture")
    source = first.find("source")
    assert source["type"] == "image/webp"
    assert source["srcset"] == (f"/{MEDIA}/photo-480w.webp 480w, /{MEDIA}/photo-960w.webp 960w, "
                                f"/{MEDIA}/photo-1600w.webp 1600w")
    img = first.find("img")
    assert img["src"] == f"/{MEDIA}/photo-1600w.jpg"
    assert img["srcset"] == f"/{MEDIA}/photo-480w.jpg 480w, /{MEDIA}/photo-960w.jpg 960w, /{MEDIA}/photo-1600w.jpg 1600w"
    assert img["sizes"] == source["sizes"] and "100vw" in img["sizes"]
    assert (img["width"], img["height"], img["alt"]) == ("1600", "800", "A chart")
    assert not img.has_attr("loading")  # the first picture may be in view at once
    img2 = second.find("img")
    assert (img2["width"], img2["height"], img2["loading"]) == ("300", "200", "lazy")
    assert img2["srcset"] == f"/{MEDIA}/small-300w.png 300w"
    assert page.select_one("figure.image .credit").get_text() == "Credit: recap-site"


# EXIF -------------------------------------------------------------------------------
def test_orientation_is_applied_and_exif_and_gps_are_stripped(site):
    # Orientation 6: the camera was turned; the stored 1200×600 picture is shown 600×1200.
    out = build(with_images(site, **{"photo.jpg": jpeg(1200, 600, orientation=6), "small.png": png(300, 200)}))
    names = sorted(p.name for p in (out / MEDIA).iterdir())
    assert names[0:2] == ["photo-480w.jpg", "photo-480w.webp"]
    for name in names:
        data = (out / MEDIA / name).read_bytes()
        picture = published(out, name)
        assert dict(picture.getexif()) == {}, name
        assert b"Exif" not in data and b"Someone" not in data, name
        assert "exif" not in picture.info and "xmp" not in picture.info, name
    upright = published(out, "photo-600w.jpg")
    assert upright.size == (600, 1200)
    # Turned clockwise: the blue top-left corner is now top right.
    assert upright.getpixel((550, 50))[2] > 150 and upright.getpixel((50, 50))[0] > 150


def test_an_image_linked_from_markdown_is_published_without_metadata(site):
    root = with_images(site, "title: T\nstart: 2023-09-05\nkind: forum\nformat: online\n",
                       **{"chart.jpg": jpeg(800, 400)})
    (root / EVENT / "en.md").write_text("A chart:\n\n![A chart](chart.jpg)\n", encoding="utf-8")
    out = build(root)
    assert soup(out / "en/events/2023-09-05-treffen/index.html").select_one(".recap img")["src"] == f"/{MEDIA}/chart.jpg"
    data = (out / MEDIA / "chart.jpg").read_bytes()
    picture = published(out, "chart.jpg")
    assert (picture.format, picture.size, dict(picture.getexif())) == ("JPEG", (800, 400), {})
    assert b"Someone" not in data
    assert data != (root / EVENT / "chart.jpg").read_bytes()


def test_an_image_in_markdown_gets_its_size_and_lazy_loading(site):
    root = with_images(site, "title: T\nstart: 2023-09-05\nkind: forum\nformat: online\n",
                       **{"chart.jpg": jpeg(800, 400), "turned.jpg": jpeg(600, 300, orientation=6),
                          "given.png": png(120, 60)})
    (root / EVENT / "en.md").write_text(
        "![A chart](chart.jpg)\n\n![Turned](turned.jpg)\n\n![Given](given.png){width=60 height=30}\n",
        encoding="utf-8")
    out = build(root)
    found = [(img["src"], img.get("width"), img.get("height"), img.get("loading"), img.get("decoding"))
             for img in soup(out / "en/events/2023-09-05-treffen/index.html").select(".recap img")]
    assert found == [
        (f"/{MEDIA}/chart.jpg", "800", "400", "lazy", "async"),
        (f"/{MEDIA}/turned.jpg", "300", "600", "lazy", "async"),  # as published: turned upright
        (f"/{MEDIA}/given.png", "60", "30", "lazy", "async"),  # the Markdown's own size is kept
    ]
    assert published(out, "turned.jpg").size == (300, 600)


def test_a_replaced_markdown_image_gets_its_new_size_from_a_cached_recap(site):
    root = with_images(site, "title: T\nstart: 2023-09-05\nkind: forum\nformat: online\n",
                       **{"chart.jpg": jpeg(800, 400)})
    (root / EVENT / "en.md").write_text("![A chart](chart.jpg)\n", encoding="utf-8")
    build(root)
    (root / EVENT / "chart.jpg").write_bytes(jpeg(640, 480))  # the recap's text is unchanged
    img = soup(build(root) / "en/events/2023-09-05-treffen/index.html").select_one(".recap img")
    assert (img["width"], img["height"]) == ("640", "480")


# Content errors -----------------------------------------------------------------------
def error_lines(result):
    return [line for line in result.output.splitlines() if ": error: " in line]


def broken_jpeg() -> bytes:
    return jpeg(800, 600)[:600]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"this is not a picture",
         "images[1].file: 'photo.jpg' is not a picture that can be read (or it is damaged): save it as JPEG, PNG or WebP and use that file"),
        (broken_jpeg(), "images[1].file: 'photo.jpg' is damaged and cannot be read (Truncated File Read)"),
        (png_claiming(30_000, 30_000),
         # The size in megapixels, as a camera gives it, with the fix: it quoted Pillow's
         # "Image size (900000000 pixels) exceeds limit of 89478485 pixels, could be decompression bomb DOS attack."
         "images[1].file: 'photo.jpg' has 900 megapixels, more than the 89 megapixels a picture may have here"),
    ],
    ids=["not-an-image", "truncated", "decompression-bomb"],
)
def test_a_bad_image_is_a_content_error_at_its_line(site, data, expected):
    root = with_images(site, **{"photo.jpg": data, "small.png": png(300, 200)})
    result = run("build", "--source", str(root), "--output", str(root / "public"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    # Line 6 of event.yaml is "- file: photo.jpg".
    assert any(line.startswith(f"{EVENT}/event.yaml:6: error: {expected}") for line in error_lines(result)), result.output
    assert not (root / "public").exists()


def test_a_picture_just_over_pillows_limit_is_refused_too(site, monkeypatch):
    # Pillow warns (DecompressionBombWarning) between its limit and twice that; we refuse both.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 50_000)
    root = with_images(site, **{"photo.jpg": jpeg(300, 200), "small.png": png(300, 200)})
    result = run("check", "--source", str(root))
    assert result.exit_code == 1
    assert (f"{EVENT}/event.yaml:9: error: images[2].file: 'small.png' has 60000 pixels, more than the 50000 pixels "
            "a picture may have here (more would take too much memory to process): make it smaller, for one 4000 pixels wide (12 megapixels, plenty for a web page), and use that file") in error_lines(result)


def test_an_unsupported_format_is_named(site):
    gif = io.BytesIO()
    Image.new("P", (10, 10)).save(gif, "GIF")
    root = with_images(site, **{"photo.jpg": jpeg(300, 200), "small.png": gif.getvalue()})
    result = run("check", "--source", str(root))
    assert f"{EVENT}/event.yaml:9: error: images[2].file: 'small.png' is a GIF image; use JPEG, PNG or WebP" in error_lines(result)


def test_a_broken_image_linked_from_markdown_is_reported_at_its_recap_line(site):
    root = with_images(site, "title: T\nstart: 2023-09-05\nkind: forum\nformat: online\n",
                       **{"chart.png": b"garbage"})
    (root / EVENT / "de.md").write_text("Text.\n\nNoch mehr.\n\n![Grafik](chart.png)\n", encoding="utf-8")
    result = run("check", "--source", str(root))
    assert result.exit_code == 1
    assert (f"{EVENT}/de.md:5: error: 'chart.png' is not a picture that can be read (or it is damaged): save it as JPEG, PNG or WebP and use that file"
            in error_lines(result))


# The cache ------------------------------------------------------------------------------
def test_an_unchanged_image_is_processed_once(tmp_path):
    source = tmp_path / "photo.jpg"
    source.write_bytes(jpeg(1000, 500))
    cache = tmp_path / "cache"
    first = ImageProcessor(cache)
    made = first.renditions(source, resize=True)
    assert (first.processed, first.reused) == (1, 0)
    second = ImageProcessor(cache)  # a later build
    assert second.renditions(source, resize=True) == made
    assert (second.processed, second.reused) == (1 - 1, 1)
    # Other parameters are another cache entry; another content is too.
    assert len(second.renditions(source, resize=False)) == 1
    source.write_bytes(jpeg(1000, 400))
    second.renditions(source, resize=True)
    assert (second.processed, second.reused) == (2, 1)


def test_a_second_build_processes_no_image(site, monkeypatch):
    root = with_images(site, **{"photo.jpg": jpeg(2000, 1000), "small.png": png(300, 200)})
    first = build(root)
    before = {p.name: p.read_bytes() for p in (first / MEDIA).iterdir()}
    assert len(before) == 8
    assert len(list((cache_of(root) / "images").glob("*/*/renditions.json"))) == 2

    def no_processing(*args, **kwargs):
        raise AssertionError("an unchanged image was processed again")

    monkeypatch.setattr(images_module, "_make", no_processing)
    again = build(root)
    assert {p.name: p.read_bytes() for p in (again / MEDIA).iterdir()} == before


def _plant(entry, renditions, secret, attack):
    """Change one rendition of the photo's cache entry as ``attack`` says."""
    import json
    import os
    import shutil

    folder = entry.parent
    first = folder / renditions[0]["file"]
    if attack == "absolute path":
        renditions[0]["file"] = str(secret)
    elif attack == "climbs out":
        shutil.copyfile(secret, folder.parents[2] / secret.name)
        renditions[0]["file"] = "../../../" + secret.name
    elif attack == "symbolic link":
        first.unlink()
        first.symlink_to(secret)
    elif attack == "hard link":  # a tar archive (a CI cache) can hold one to any file of the user's
        first.unlink()
        os.link(secret, first)
    elif attack == "not of its format":
        first.write_bytes(secret.read_bytes())
    elif attack == "another shape":  # two copies where one was asked for: was a crash
        renditions[:] = renditions[:1] + renditions[:1]
    entry.write_text(json.dumps(renditions), encoding="utf-8")


@pytest.mark.parametrize("attack", ["absolute path", "climbs out", "symbolic link", "hard link",
                                    "not of its format", "another shape"])
def test_an_image_cache_entry_that_names_a_file_elsewhere_is_made_anew(site, tmp_path, attack):
    """The image cache is input: an entry's file list decides which files are published as the
    renditions, so a planted ``renditions.json`` naming ``/home/…/secret`` or ``../..``, or a
    rendition that is a link to another file, put that file on the site. Only the names
    recap-site writes (``<width>.<extension>``), as plain files of their format with no other
    name, in the entry's own folder and in the shape asked for, are taken; else the picture is
    made again."""
    import json
    import shutil

    root = with_images(site, **{"photo.jpg": jpeg(2000, 1000), "small.png": png(300, 200),
                                "de.md": "Ein Bild: ![Bild](small.png)\n"})
    expected = {p.name: p.read_bytes() for p in (build(root) / MEDIA).iterdir()}
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"the deploy key")
    entries = sorted((cache_of(root) / "images").glob("*/*/renditions.json"), key=lambda path: path.stat().st_size)
    # The photo's four renditions; for "another shape", the recap's picture, one copy as it is.
    entry = entries[0] if attack == "another shape" else entries[-1]
    _plant(entry, json.loads(entry.read_text(encoding="utf-8")), secret, attack)
    shutil.rmtree(root / "public")
    result = run("build", "--source", str(root), "--output", str(root / "public"))
    assert result.exit_code == 0, result.output
    out = root / "public"
    assert {p.name: p.read_bytes() for p in (out / MEDIA).iterdir()} == expected
    assert not [p for p in out.rglob("*") if p.is_file() and b"the deploy key" in p.read_bytes()]


@pytest.mark.parametrize("linked", ["the site's cache folder", "images/", "images/ab/", "an entry's folder"])
def test_an_image_cache_folder_that_is_a_link_is_neither_read_nor_written(site, tmp_path, linked):
    """A link planted for a folder of the cache (in CI the site's cache folder itself comes from a
    cache archive) led the build to read renditions from, and write them into, any folder of
    the machine. The link is removed, never what it points to, and the pictures made again."""
    import shutil

    root = with_images(site, **{"photo.jpg": jpeg(2000, 1000), "small.png": png(300, 200)})
    expected = {p.name: p.read_bytes() for p in (build(root) / MEDIA).iterdir()}
    entry = next((cache_of(root) / "images").glob("*/*/renditions.json")).parent
    folder = {"the site's cache folder": cache_of(root), "images/": cache_of(root) / "images",
              "images/ab/": entry.parent, "an entry's folder": entry}[linked]
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(folder, elsewhere)
    for picture in elsewhere.rglob("*.webp"):
        picture.write_bytes(b"RIFF\0\0\0\0WEBP not the picture")
    shutil.rmtree(folder)
    folder.symlink_to(elsewhere)
    before = {p.relative_to(elsewhere).as_posix(): p.read_bytes() for p in elsewhere.rglob("*") if p.is_file()}
    shutil.rmtree(root / "public")
    out = build(root)
    assert {p.name: p.read_bytes() for p in (out / MEDIA).iterdir()} == expected
    assert {p.relative_to(elsewhere).as_posix(): p.read_bytes() for p in elsewhere.rglob("*") if p.is_file()} \
        == before
    assert not folder.is_symlink() and folder.is_dir()


def test_a_damaged_cache_entry_is_made_anew(tmp_path):
    source = tmp_path / "photo.png"
    source.write_bytes(png(600, 300))
    cache = tmp_path / "cache"
    (made,) = ImageProcessor(cache).renditions(source, resize=False)
    made.path.unlink()
    again = ImageProcessor(cache)
    (remade,) = again.renditions(source, resize=False)
    assert (again.processed, remade.path.is_file(), remade.width) == (1, True, 600)
