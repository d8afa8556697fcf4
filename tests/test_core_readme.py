"""The README's annotated example is a valid event: the docs cannot rot."""

from __future__ import annotations

import re

from conftest import REPO, TINY_JPEG, build, soup


def readme_block(heading: str, language: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index(heading):]
    return re.search(rf"```{language}\n(.*?)```", section, re.S).group(1)


def test_readme_event_example_builds(site):
    event_yaml = readme_block("### `event.yaml`, annotated", "yaml")
    recap = readme_block("### Recaps: `<lang>.md`", "markdown")
    folder = "content/events/2023-09-05-netzwerktreffen-regionen-im-dialog"
    root = site({
        "content/organizations.yaml": "servicestelle-industrieinitiativen: Servicestelle\nbmwk: BMWK\n",
        "content/topics.yaml": "fachkraefte: Fachkräfte\nstandortstaerkung: Standorte\n",
        "content/regions.yaml": "deutschland: Deutschland\nberlin: Berlin\n",
        "content/series.yaml": "netzwerktreffen: {title: Netzwerktreffen}\n",
        "content/events/2023-09-05-treffen/event.yaml": None,
        "content/events/2023-09-05-treffen/de.md": None,
        "content/events/2023-09-05-treffen/en.md": None,
        f"{folder}/event.yaml": event_yaml,
        f"{folder}/de.md": "Text\n",
        f"{folder}/en.md": recap,
        f"{folder}/saal.jpg": TINY_JPEG,
        "content/events/2023-05-08-transformation-der-automobilindustrie-antreiben/event.yaml":
            "title: Stuttgart\nstart: 2023-05-08\nkind: forum\nformat: online\n",
        "content/events/2023-05-08-transformation-der-automobilindustrie-antreiben/de.md": "Text\n",
        "content/events/2024-03-01-folgetreffen/event.yaml":
            "title: Folgetreffen\nstart: 2024-03-01\nkind: forum\nformat: online\n",
        "content/events/2024-03-01-folgetreffen/de.md": "Text\n",
    })
    out = build(root, "--strict")
    page = soup(out / "en/events/2023-09-05-network-meeting-regions-in-dialogue/index.html")
    assert page.h1.get_text() == "A shorter title for this language"
    assert page.select_one(".facts dd time").get_text(strip=True) == "September 5, 2023"
    assert page.select_one(".facts .date-note").get_text(strip=True) == "(date estimated)"
    statuses = [item.select_one("[class*=status-]")["class"][1] for item in page.select(".outcome-list li")]
    assert statuses == ["status-in-progress", "status-done"]  # the second has no status: its date is past
    assert page.select_one('a[href="mailto:presse@example.org"]') is not None


def test_readme_site_yaml_example_is_valid(site):
    site_yaml = readme_block("### `content/site.yaml`", "yaml")
    out = build(site({"content/site.yaml": site_yaml}), "--strict", "--no-search")
    page = soup(out / "de/veranstaltungen/2023-09-05-treffen/index.html")
    assert page.select_one("link[rel=canonical]")["href"] == (
        "https://recaps.example.org/de/veranstaltungen/2023-09-05-treffen/"
    )
    assert (out / "en/search/index.html").is_file() and (out / "de/suche/index.html").is_file()
    english = soup(out / "en/events/2023-09-05-meeting/index.html")
    assert english.select_one(".facts dd time").get_text(strip=True) == "5 September 2023"  # locales: en_GB
