"""schema.org JSON-LD (parsed with json), Open Graph and Twitter card tags."""

from __future__ import annotations

import json
import struct
import zlib
from urllib.parse import urlsplit

import pytest
from conftest import build, soup

from recap_site.outputs.structured import og_locale


def png(width: int = 2, height: int = 1) -> bytes:
    """A valid, tiny RGB PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


EVENTS = {
    "content/events/2024-06-12-sommer/event.yaml": """\
        title: {de: Sommerforum, en: Summer forum}
        summary: {de: Warm war es., en: It was warm.}
        start: 2024-06-12T10:00:00
        end: 2024-06-12T16:30:00
        kind: forum
        format: hybrid
        online_url: https://stream.example.org/live
        venue: {name: Messe, street: Messeplatz 1, postal_code: "01067", city: Dresden, country: DE}
        organizers: [ihk]
        images:
          - {file: saal.png, alt: {de: Ein Saal, en: A hall}}
          - {file: buehne.png, alt: {de: Eine Bühne, en: A stage}}
        """,
    "content/events/2024-06-12-sommer/de.md": "Sommer.\n",
    "content/events/2024-06-12-sommer/en.md": "Summer.\n",
    "content/events/2024-06-12-sommer/saal.png": png(),
    "content/events/2024-06-12-sommer/buehne.png": png(),
    "content/events/2024-01-10-winter/event.yaml": """\
        title: {de: Wintertreffen}
        start: 2024-01-10T18:00:00+01:00
        kind: workshop
        format: online
        """,
    "content/events/2024-01-10-winter/de.md": "Winter.\n",
}


def json_ld(page):
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def meta(page, key):
    found = [tag["content"] for tag in page.select(f'meta[property="{key}"], meta[name="{key}"]')]
    return found


SUMMER_DE = "de/veranstaltungen/2024-06-12-sommer/index.html"
SUMMER_EN = "en/events/2024-06-12-sommer/index.html"
WINTER_DE = "de/veranstaltungen/2024-01-10-winter/index.html"
MEETING_DE = "de/veranstaltungen/2023-09-05-treffen/index.html"


def test_every_event_page_has_event_json_ld(site):
    out = build(site(EVENTS))
    event_pages = sorted(out.glob("*/veranstaltungen/*/index.html")) + sorted(out.glob("en/events/*/index.html"))
    assert len(event_pages) == 5
    for path in event_pages:
        data = json_ld(soup(path))
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Event"
        assert data["eventStatus"] == "https://schema.org/EventScheduled"
    # Other pages have none.
    assert soup(out / "de" / "index.html").select('script[type="application/ld+json"]') == []


def test_times_carry_the_offset_of_their_date(site):
    out = build(site(EVENTS))
    summer = json_ld(soup(out / SUMMER_DE))
    assert summer["startDate"] == "2024-06-12T10:00:00+02:00"
    assert summer["endDate"] == "2024-06-12T16:30:00+02:00"
    winter = json_ld(soup(out / WINTER_DE))
    assert winter["startDate"] == "2024-01-10T18:00:00+01:00"
    assert "endDate" not in winter
    all_day = json_ld(soup(out / MEETING_DE))
    assert (all_day["startDate"], all_day["endDate"]) == ("2023-09-05", "2023-09-05")


def test_event_fields(site):
    out = build(site(EVENTS))
    summer = json_ld(soup(out / SUMMER_EN))
    assert summer["name"] == "Summer forum"
    assert summer["description"] == "It was warm."
    assert summer["inLanguage"] == "en"
    assert summer["url"] == "https://example.org/en/events/2024-06-12-sommer/"
    assert summer["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert summer["organizer"] == [{"@type": "Organization", "name": "Chamber of Commerce",
                                    "url": "https://example.org/ihk"}]
    assert len(summer["image"]) == 2
    assert all(url.startswith("https://example.org/") for url in summer["image"])
    for url in summer["image"]:
        assert (out / urlsplit(url).path.lstrip("/")).is_file()
    # Hybrid: both a Place with a PostalAddress and a VirtualLocation.
    place, virtual = summer["location"]
    assert place == {"@type": "Place", "name": "Messe", "address": {
        "@type": "PostalAddress", "streetAddress": "Messeplatz 1", "postalCode": "01067",
        "addressLocality": "Dresden", "addressCountry": "DE"}}
    assert virtual == {"@type": "VirtualLocation", "url": "https://stream.example.org/live"}

    meeting = json_ld(soup(out / MEETING_DE))
    assert meeting["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert meeting["location"]["@type"] == "Place"
    # Online without an address: the recap page stands in.
    winter = json_ld(soup(out / WINTER_DE))
    assert winter["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert winter["location"] == {"@type": "VirtualLocation",
                                  "url": "https://example.org/de/veranstaltungen/2024-01-10-winter/"}


def test_script_end_tag_in_a_title_stays_inside_the_json(site):
    title = 'Ende</script><script>alert("x")</script> & <!-- mehr'
    out = build(site({"content/events/2023-09-05-treffen/event.yaml": f"""\
        title: {{de: '{title}', en: Meeting}}
        start: 2023-09-05
        kind: network-meeting
        format: online
        """}))
    path = out / MEETING_DE
    page = soup(path)
    assert json_ld(page)["name"] == title
    others = [s for s in page.find_all("script") if s.get("type") != "application/ld+json"]
    assert not any("alert" in (s.string or "") for s in others)
    raw = path.read_text(encoding="utf-8")
    block = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "\\u003c/script\\u003e" in block
    assert "<" not in block and ">" not in block and "&" not in block


def test_open_graph_and_twitter_card(site):
    out = build(site(EVENTS))
    de = soup(out / SUMMER_DE)
    assert meta(de, "og:title") == ["Sommerforum"]
    assert meta(de, "og:description") == ["Warm war es."]
    assert meta(de, "og:url") == ["https://example.org/de/veranstaltungen/2024-06-12-sommer/"]
    assert de.select_one('link[rel="canonical"]')["href"] == meta(de, "og:url")[0]
    assert meta(de, "og:type") == ["article"]
    assert meta(de, "og:site_name") == ["Rückblicke"]
    assert meta(de, "og:locale") == ["de_DE"]
    assert meta(de, "og:locale:alternate") == ["en_US"]
    [image] = meta(de, "og:image")
    assert image.startswith("https://example.org/") and "saal" in image  # the first image
    assert (out / urlsplit(image).path.lstrip("/")).is_file()
    assert meta(de, "og:image:alt") == ["Ein Saal"]
    # The published copy's size (the test image is 2 × 1 pixels).
    assert (meta(de, "og:image:width"), meta(de, "og:image:height")) == (["2"], ["1"])
    assert meta(de, "twitter:card") == ["summary_large_image"]

    en = soup(out / SUMMER_EN)
    assert meta(en, "og:locale") == ["en_US"]
    assert meta(en, "og:locale:alternate") == ["de_DE"]
    # Only in German: no alternate locale; no picture, so its social card (tests/test_cards.py).
    winter = soup(out / WINTER_DE)
    assert meta(winter, "og:locale:alternate") == []
    assert meta(winter, "og:image") == ["https://example.org/de/veranstaltungen/2024-01-10-winter/card.png"]
    assert meta(winter, "twitter:card") == ["summary_large_image"]
    # A list page.
    home = soup(out / "en" / "index.html")
    assert meta(home, "og:type") == ["website"]
    assert meta(home, "og:description") == ["An archive"]
    assert meta(home, "og:locale:alternate") == ["de_DE"]


def test_a_pages_summary_is_its_description_for_search_engines_and_link_previews(site):
    """Found by a fresh-eyes editor: a page's summary: (documented as "one sentence about the
    page") reached no file of the site; the page was described by the site's description."""
    root = site({"content/pages/impressum/de.md": "---\ntitle: Impressum\nsummary: Angaben gemäß § 5 DDG\n---\nText.\n",
                 "content/pages/impressum/en.md": "---\ntitle: Legal notice\n---\nText.\n",
                 "content/events/2023-09-05-treffen/de.md": "---\nsummary: Sie trafen sich.\n---\nText.\n"})
    out = build(root, "--no-search")
    de = soup(out / "de/impressum/index.html")
    for key in ("description", "og:description", "twitter:description"):
        assert meta(de, key) == ["Angaben gemäß § 5 DDG"], key
    en = soup(out / "en/impressum/index.html")  # no summary of its own: the site's description
    assert meta(en, "description") == meta(en, "og:description") == ["An archive"]
    # An event's page is described by its recap's summary, as before.
    event = soup(out / MEETING_DE)
    assert meta(event, "description") == meta(event, "og:description") == ["Sie trafen sich."]


@pytest.mark.parametrize(("lang", "expected"), [("de", "de_DE"), ("en", "en_US"), ("fr", "fr_FR"), ("pt", "pt_BR")])
def test_og_locale_uses_the_most_likely_territory(lang, expected):
    assert og_locale(lang) == expected
