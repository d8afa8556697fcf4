"""What readers see, compared with reference screenshots.

Every page type of the sample site, at 360, 768 and 1280 CSS px, in light and
dark, is photographed in Debian's Chromium and compared with its reference in
tests/screenshots/ (WebP) by Pillow. A pixel counts as changed when a colour
channel differs by more than ``LEVELS``; a page fails when more than
``SHARE`` of its pixels changed or its height did. The test then writes the
new screenshot and a diff image (changed pixels in red over a faded copy of
the reference) next to the test's temporary files and names both in its
message.

A layout or CSS change changes the references on purpose. Look at the new
screenshots, then make them the references and review the change like code:

    RECAP_UPDATE_SCREENSHOTS=1 python -m pytest tests/test_screenshots.py

Pages are photographed to at most ``MAX_HEIGHT`` px, so that the references
stay small.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from browser import browser, sample_site, site_url  # noqa: F401 - pytest fixtures
from PIL import Image, ImageChops
from test_visible import PAGE_TYPES

REFERENCES = Path(__file__).parent / "screenshots"
WIDTHS = (360, 768, 1280)
SCHEMES = ("light", "dark")
MAX_HEIGHT = 2400
LEVELS = 48  # per channel, of 255: anti-aliasing and hinting stay below it
SHARE = 0.004  # of a page's pixels
UPDATE = os.environ.get("RECAP_UPDATE_SCREENSHOTS") == "1"


def _name(kind: str, width: int, scheme: str) -> str:
    return f"{kind.replace(' ', '-')}-{width}-{scheme}.webp"


def _shot(browser, site_url, kind: str, width: int, scheme: str) -> Image.Image:  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme,
                            device_scale_factor=1, reduced_motion="reduce")
    try:
        page.goto(site_url + PAGE_TYPES[kind], wait_until="networkidle")
        if kind == "search":
            page.wait_for_selector(".pagefind-ui__search-input", state="visible", timeout=15000)
        page.evaluate("document.fonts.ready")
        height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
        png = page.screenshot(clip={"x": 0, "y": 0, "width": width, "height": height}, full_page=True,
                              animations="disabled", caret="hide")
    finally:
        page.close()
    return Image.open(io.BytesIO(png)).convert("RGB")


def _diff(reference: Image.Image, shot: Image.Image) -> tuple[float, Image.Image]:
    delta = ImageChops.difference(reference, shot)
    changed = delta.point(lambda level: 255 if level > LEVELS else 0).convert("L")
    changed = changed.point(lambda level: 255 if level else 0)
    share = sum(changed.histogram()[255:]) / (shot.width * shot.height)
    faded = Image.blend(reference, Image.new("RGB", reference.size, "white"), 0.7)
    faded.paste(Image.new("RGB", reference.size, (220, 0, 0)), mask=changed)
    return share, faded


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_the_page_looks_as_its_reference(browser, site_url, tmp_path, kind, width, scheme):  # noqa: F811
    shot = _shot(browser, site_url, kind, width, scheme)
    reference_path = REFERENCES / _name(kind, width, scheme)
    if UPDATE:
        REFERENCES.mkdir(exist_ok=True)
        shot.save(reference_path, "WEBP", lossless=True, method=6)
        return
    assert reference_path.is_file(), (f"no reference screenshot {reference_path.name}: make it with "
                                      "RECAP_UPDATE_SCREENSHOTS=1 python -m pytest tests/test_screenshots.py")
    reference = Image.open(reference_path).convert("RGB")
    new = tmp_path / f"new-{_name(kind, width, scheme)}".replace(".webp", ".png")
    if reference.size != shot.size:
        shot.save(new)
        pytest.fail(f"{PAGE_TYPES[kind]} at {width} px ({scheme}) is {shot.height} px tall, its reference "
                    f"{reference.height} px: the layout changed. New screenshot: {new}")
    share, picture = _diff(reference, shot)
    if share > SHARE:
        shot.save(new)
        diff = tmp_path / f"diff-{_name(kind, width, scheme)}".replace(".webp", ".png")
        picture.save(diff)
        pytest.fail(f"{PAGE_TYPES[kind]} at {width} px ({scheme}): {share:.2%} of the pixels changed "
                    f"(allowed: {SHARE:.2%}). Diff (changes in red): {diff}; new screenshot: {new}")


def test_the_references_are_small():
    files = list(REFERENCES.glob("*.webp"))
    assert len(files) == len(PAGE_TYPES) * len(WIDTHS) * len(SCHEMES)
    assert sum(path.stat().st_size for path in files) < 6 * 1024 * 1024
    tests = Path(__file__).parent
    assert sum(path.stat().st_size for path in tests.rglob("*") if path.is_file()
               and "__pycache__" not in path.parts) < 10 * 1024 * 1024
