"""Outcomes across events: a three-step chain, the tracker, people, open data."""

from __future__ import annotations

import csv
import io
import json
import textwrap

import pytest
from icalendar import Calendar

from conftest import MINIMAL, SITE_YAML, build, check, error_lines, run, soup, write_site

# Three events, one chain: planned (Dec 2023) -> in progress (Mar 2024) -> done (Oct 2024).
CHAIN = {
    "content/people.yaml": """\
        anna-berg:
          name: Dr. Anna Berg
          organization: ihk
          role: {de: Referentin für Energie, en: Energy officer}
        """,
    "content/events/2023-12-06-plattform/event.yaml": """\
        title: {de: Plattform, en: Platform}
        start: 2023-12-06
        kind: workshop
        format: online
        organizers: [ihk]
        topics: [energie]
        programme:
          - title: Auftakt
            speakers:
              - person: anna-berg
        outcomes:
          - id: webinare
            kind: project
            status: planned
            text: {de: Eine Webinar-Reihe, en: A webinar series}
          - kind: next-event
            status: planned
            date: 2099-05-01
            text: {de: Nächstes Treffen, en: Next meeting}
        """,
    "content/events/2023-12-06-plattform/de.md": "Text.\n",
    "content/events/2023-12-06-plattform/en.md": "Text.\n",
    "content/events/2024-03-01-zwischenstand/event.yaml": """\
        title: {de: Zwischenstand, en: Progress}
        start: 2024-03-01
        kind: webinar
        format: online
        regions: [berlin]
        outcomes:
          - id: erste-webinare
            follows: 2023-12-06-plattform#webinare
            kind: project
            status: in-progress
            text: {de: Die ersten Webinare laufen, en: The first webinars are running}
        """,
    "content/events/2024-03-01-zwischenstand/de.md": "Text.\n",
    "content/events/2024-03-01-zwischenstand/en.md": "Text.\n",
    "content/events/2024-10-15-abschluss/event.yaml": """\
        title: {de: Abschluss, en: Wrap-up}
        start: 2024-10-15
        kind: workshop
        format: online
        programme:
          - title: Bilanz
            speakers:
              - person: anna-berg
                role: {de: Moderation, en: Moderator}
              - name: Anna Berg
        outcomes:
          - follows: 2024-03-01-zwischenstand#erste-webinare
            kind: project
            status: done
            text: {de: Die Reihe ist abgeschlossen, en: The series is complete}
        """,
    "content/events/2024-10-15-abschluss/de.md": "Text.\n",
    "content/events/2024-10-15-abschluss/en.md": "Text.\n",
}


def test_each_event_page_shows_its_follow_ups_latest_status_and_timeline_in_both_languages(site):
    out = build(site(CHAIN))
    for lang, first, events, labels in (
        ("de", "de/veranstaltungen/2023-12-06-plattform/", "veranstaltungen",
         ["Geplant Dez. 2023", "In Arbeit März 2024", "Erledigt Okt. 2024"]),
        ("en", "en/events/2023-12-06-plattform/", "events",
         ["Planned Dec 2023", "In progress Mar 2024", "Done Oct 2024"]),
    ):
        page = soup(out / first / "index.html")
        item = page.select_one("#outcome-webinare")
        # The status shown is the latest along the chain: done, from the third event.
        assert item.select(".badge")[1].get_text(strip=True) == labels[2].split()[0]
        came = item.select(".came-of-it li a")
        assert [a["href"] for a in came] == [f"/{lang}/{events}/2024-03-01-zwischenstand/#outcome-erste-webinare"]
        steps = [li.get_text(" ", strip=True) for li in item.select("ol.timeline > li")]
        assert steps == labels
        # The middle step links back to the first and on to the last.
        middle = soup(out / lang / events / "2024-03-01-zwischenstand/index.html").select_one("#outcome-erste-webinare")
        assert middle.select_one(".follows a")["href"] == f"/{lang}/{events}/2023-12-06-plattform/#outcome-webinare"
        assert [a["href"] for a in middle.select(".came-of-it a")] == [f"/{lang}/{events}/2024-10-15-abschluss/"]
        last = soup(out / lang / events / "2024-10-15-abschluss/index.html").select_one(".outcome-list li")
        assert last.select_one(".follows a")["href"] == f"/{lang}/{events}/2024-03-01-zwischenstand/#outcome-erste-webinare"
        assert [li.get_text(" ", strip=True) for li in last.select("ol.timeline > li")] == labels


def tracker_rows(page) -> list[str]:
    return [li.select_one(".commitment-text").get_text(strip=True) for li in page.select("ol.tracker > li")]


def status_groups(page) -> dict[str, list[str]]:
    """The tracker's rows under each status heading, as the page shows them."""
    return {group.h2.get_text(" ", strip=True): tracker_rows(group) for group in page.select("section.status-group")}


def test_the_tracker_lists_each_chain_once_with_counts_and_filter_pages(site):
    out = build(site(CHAIN))
    tracker = soup(out / "en/outcomes/index.html")
    # Two chains: the webinar series (at its first outcome) and the next meeting; the
    # follow-ups are steps of the first, not rows of their own. Rows are grouped by latest status.
    assert status_groups(tracker) == {"Planned (1)": ["Next meeting"], "Done (1)": ["A webinar series"]}
    statuses = [(a.get_text(strip=True), a["href"]) for a in tracker.select(".tracker-filter a")]
    assert statuses == [("Planned (1)", "/en/outcomes/#status-planned"), ("Done (1)", "/en/outcomes/#status-done")]
    facets = {d.h3.get_text(strip=True): [li.get_text(" ", strip=True) for li in d.select("li")]
              for d in tracker.select(".tracker-facets .facet")}
    assert facets["Kind"] == ["Project 1", "Next event 1"]
    assert facets["Year"] == ["2023 2"]
    # Regions of every event along the chain count: Berlin is the second event's.
    assert facets["Region"] == ["Berlin 1"]
    assert status_groups(soup(out / "en/outcomes/kind/next-event/index.html")) == {"Planned (1)": ["Next meeting"]}
    assert status_groups(soup(out / "en/outcomes/regions/berlin/index.html")) == {"Done (1)": ["A webinar series"]}
    organization = soup(out / "en/outcomes/organizations/ihk/index.html")
    assert status_groups(organization) == {"Planned (1)": ["Next meeting"], "Done (1)": ["A webinar series"]}
    assert [a["href"] for a in organization.select(".tracker-filter a")] == [
        "/en/outcomes/organizations/ihk/#status-planned", "/en/outcomes/organizations/ihk/#status-done"]
    assert status_groups(soup(out / "de/outcomes/years/2023/index.html")) == {
        "Geplant (1)": ["Nächstes Treffen"], "Erledigt (1)": ["Eine Webinar-Reihe"]}
    # No page per status: an outcome is on at most eight pages.
    assert not (out / "en/outcomes/status").exists() and not (out / "en/outcomes/kind/next-event/planned").exists()
    # The organization's own page lists its outcomes too, and leads to the tracker.
    organization = soup(out / "en/organizations/ihk/index.html")
    assert sorted(tracker_rows_of(organization)) == ["A webinar series", "Next meeting"]


def test_a_status_link_leads_to_the_page_where_its_group_starts(site):
    """60 planned and 3 done outcomes: page 2 goes on with the planned ones, then the done ones
    begin; the status links say where each group starts."""
    planned = "".join(f"  - {{kind: project, status: planned, text: Vorhaben {n:02d}}}\n" for n in range(60))
    done = "".join(f"  - {{kind: agreement, status: done, text: Erledigt {n}}}\n" for n in range(3))
    out = build(site({"content/events/2023-09-05-treffen/event.yaml":
                      MINIMAL["content/events/2023-09-05-treffen/event.yaml"].rstrip(" ")
                      + textwrap.indent("outcomes:\n" + planned + done, " " * 8)}))
    first, second = soup(out / "en/outcomes/index.html"), soup(out / "en/outcomes/page/2/index.html")
    links = [(a.get_text(strip=True), a["href"]) for a in first.select(".tracker-filter a")]
    assert links == [("Planned (60)", "/en/outcomes/#status-planned"), ("Done (3)", "/en/outcomes/page/2/#status-done")]
    assert [a["href"] for a in second.select(".tracker-filter a")] == [href for _, href in links]
    assert list(status_groups(first)) == ["Planned (60)"] and len(status_groups(first)["Planned (60)"]) == 50
    groups = status_groups(second)
    assert list(groups) == ["Planned (60) (continued)", "Done (3)"]
    assert len(groups["Planned (60) (continued)"]) == 10 and groups["Done (3)"] == ["Erledigt 0", "Erledigt 1", "Erledigt 2"]
    assert second.select_one("#status-done").name == "h2"


def test_tracker_rows_made_once_equal_rows_made_on_every_page(site):
    """The tracker's rows are rendered once per process (render._Fragments); the pages equal the
    ones made by rendering every row on every page."""
    from types import SimpleNamespace

    from recap_site.builder import render_pages
    from recap_site.render import Renderer

    model = render_pages(site(CHAIN)).model
    every_time = Renderer(model.config, model.theme, model.site)
    every_time.env.globals["fragments"] = SimpleNamespace(get=lambda key: None, put=lambda key, html: html)
    routes = [route for route in model.site.routes if route.template == "outcomes.html"]
    assert len(routes) > 10
    for route in routes:
        assert model.renderer.render(route) == every_time.render(route), route.url


def tracker_rows_of(page) -> list[str]:
    return [li.select_one(".commitment-text").get_text(strip=True) for li in page.select("ul.tracker > li")]


def test_a_done_outcomes_date_is_the_day_it_was_done_and_updated_is_shown(site):
    """Found by a fresh-eyes editor: an outcome done on a date read "Erledigt (fällig 10. Juni
    2025)", as if still outstanding; and updated: (documented as the day the recap last changed
    in a way readers should notice) reached no page, only the feed, the sitemap and the data."""
    root = site({
        "content/events/2025-05-01-workshop/event.yaml": "title: {de: Workshop, en: Workshop}\nstart: 2025-05-01\n"
        "kind: workshop\nformat: online\nupdated: 2025-06-12\noutcomes:\n"
        "  - {kind: publication, status: done, date: 2025-06-10, text: Die Broschüre ist erschienen.}\n"
        "  - {kind: project, status: planned, date: 2099-01-01, text: Ein Netzwerk wird gegründet.}\n",
        "content/events/2025-05-01-workshop/de.md": "Text.\n",
        "content/events/2025-05-01-workshop/en.md": "Text.\n",
    })
    out = build(root, "--no-search")
    for lang, page, done, due, updated in (
            ("de", "de/veranstaltungen/2025-05-01-workshop/index.html", "erledigt am 10. Juni 2025",
             "fällig 1. Januar 2099", "Aktualisiert"),
            ("en", "en/events/2025-05-01-workshop/index.html", "done on June 10, 2025", "due January 1, 2099",
             "Updated")):
        html = soup(out / page)
        items = [" ".join(li.get_text(" ", strip=True).split()) for li in html.select("section[aria-labelledby=outcomes-heading] li")]
        assert any(done in item for item in items) and any(due in item for item in items), items
        facts = {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in html.select(".facts dt")}
        assert facts[updated].time["datetime"] == "2025-06-12", lang
    tracker = " ".join(soup(out / "de/outcomes/index.html").get_text(" ", strip=True).split())
    assert "erledigt am 10. Juni 2025" in tracker and "fällig 1. Januar 2099" in tracker


def test_an_unknown_follows_target_is_reported_at_its_line(site):
    root = site({**CHAIN, "content/events/2024-10-15-abschluss/event.yaml": CHAIN[
        "content/events/2024-10-15-abschluss/event.yaml"].replace("#erste-webinare", "#erste-webinar")})
    result = check(root)
    assert result.exit_code == 1
    assert error_lines(result) == [
        "content/events/2024-10-15-abschluss/event.yaml:12: error: outcomes[1].follows: "
        "'2024-03-01-zwischenstand#erste-webinar': event '2024-03-01-zwischenstand' has no outcome with id "
        "'erste-webinar' (did you mean 'erste-webinare'?)",
    ]
    root = site({**CHAIN, "content/events/2024-10-15-abschluss/event.yaml": CHAIN[
        "content/events/2024-10-15-abschluss/event.yaml"].replace("2024-03-01-zwischenstand#", "2024-03-01-zwischen#")})
    assert error_lines(check(root)) == [
        "content/events/2024-10-15-abschluss/event.yaml:12: error: outcomes[1].follows: "
        "'2024-03-01-zwischen#erste-webinare': unknown event '2024-03-01-zwischen' (no folder "
        "content/events/2024-03-01-zwischen/); did you mean '2024-03-01-zwischenstand'?",
    ]


def test_person_pages_list_their_sessions_newest_first_and_a_near_name_gets_a_note(site):
    root = site(CHAIN)
    out = build(root)
    person = soup(out / "en/people/anna-berg/index.html")
    assert person.h1.get_text(strip=True) == "Dr. Anna Berg"
    sessions = [li.select_one(".meta a")["href"] for li in person.select(".person-sessions > li")]
    assert sessions == ["/en/events/2024-10-15-abschluss/", "/en/events/2023-12-06-plattform/"]
    result = check(root)
    assert ("content/events/2024-10-15-abschluss/event.yaml:10: note: programme[1].speakers[2].name: 'Anna Berg' "
            "looks like 'Dr. Anna Berg' in content/people.yaml; write person: anna-berg instead of the name, so "
            "that this session is listed on their page") in result.output


def test_open_data_parses_and_matches_the_tracker(site):
    out = build(site(CHAIN))
    text = (out / "en/outcomes/outcomes.csv").read_bytes()
    assert text.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    assert [(r["key"], r["status"], r["latest_status"], r["follows"]) for r in rows] == [
        ("2024-10-15-abschluss@1", "done", "done", "2024-03-01-zwischenstand#erste-webinare"),
        ("2024-03-01-zwischenstand#erste-webinare", "in-progress", "done", "2023-12-06-plattform#webinare"),
        ("2023-12-06-plattform#webinare", "planned", "done", ""),
        ("2023-12-06-plattform@2", "planned", "planned", ""),
    ]
    data = json.loads((out / "de/outcomes/outcomes.json").read_text(encoding="utf-8"))
    roots = {row["text"]: row["latest_status"] for row in data["outcomes"] if not row["follows"]}
    tracker = soup(out / "de/outcomes/index.html")
    shown = {li.select_one(".commitment-text").get_text(strip=True): li.select(".badge")[1].get_text(strip=True)
             for li in tracker.select("ol.tracker > li")}
    assert {text: {"done": "Erledigt", "planned": "Geplant"}[s] for text, s in roots.items()} == shown
    calendar = Calendar.from_ical((out / "en/upcoming.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART").isoformat()) for e in events] == [("Next meeting", "2099-05-01")]
    facts = json.loads((out / "en/events.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in facts["events"]][:3] == ["2024-10-15-abschluss", "2024-03-01-zwischenstand",
                                                       "2023-12-06-plattform"]
    tracker_en = soup(out / "en/outcomes/index.html")
    types = {a["href"].rsplit("/", 1)[-1]: a["type"] for a in tracker_en.select(".open-data a")}
    assert types == {"outcomes.csv": "text/csv", "outcomes.json": "application/json",
                     "events.json": "application/json", "upcoming.ics": "text/calendar"}


def test_recap_status_lists_overdue_outcomes_and_a_done_follow_up_closes_one(site):
    plattform = CHAIN["content/events/2023-12-06-plattform/event.yaml"]
    root = site({**CHAIN, "content/events/2023-12-06-plattform/event.yaml":
                 plattform.replace("2099-05-01", "2024-01-10").replace(
                     "            status: planned\n            text: {de: Eine Webinar-Reihe",
                     "            status: planned\n            date: 2024-01-01\n            text: {de: Eine Webinar-Reihe")})
    result = run("status", "--source", str(root))
    overdue = result.output.split("Overdue outcomes")[1].splitlines()[1:]
    # The webinar series is due 2024-01-01 too, but its chain ends done: only the meeting is overdue.
    assert overdue == ["  content/events/2023-12-06-plattform/event.yaml:17: outcomes[2], due 2024-01-10, planned: "
                       "Nächstes Treffen"]
    data = json.loads(run("status", "--source", str(root), "--format", "json").output)
    assert [(o["file"], o["line"], o["outcome"], o["status"]) for o in data["overdue"]] == [
        ("content/events/2023-12-06-plattform/event.yaml", 17, 2, "planned")]
    # The public site marks it only when site.yaml says so.
    out = build(root)
    assert not soup(out / "en/outcomes/index.html").select(".badge.overdue")
    write_site(root, {"content/site.yaml": SITE_YAML + "mark_overdue: true\n"})
    marked = soup(build(root) / "en/outcomes/index.html")
    assert [li.select_one(".commitment-text").get_text(strip=True) for li in marked.select("ol.tracker > li")
            if li.select(".badge.overdue")] == ["Next meeting"]


def test_a_speaker_without_a_name_is_reported_not_dropped(site):
    event = CHAIN["content/events/2024-10-15-abschluss/event.yaml"].replace("- name: Anna Berg", "- name:")
    result = check(site({**CHAIN, "content/events/2024-10-15-abschluss/event.yaml": event}))
    assert error_lines(result) == [
        "content/events/2024-10-15-abschluss/event.yaml:10: error: programme[1].speakers[2].name: is empty; "
        "write the person's name, or person: with an id from content/people.yaml",
    ]


def test_the_german_csv_opens_in_a_german_spreadsheet(site):
    """Found by a fresh-eyes reader: a spreadsheet program set to German (decimal comma) splits
    cells at ";", and read the comma-separated file as one cell a row, or split rows inside a
    list of organizations. The German file is separated by ";", the English one by ","; each
    holds the rows of outcomes.json."""
    out = build(site(CHAIN), "--no-search")
    for lang, separator in (("de", ";"), ("en", ",")):
        text = (out / f"{lang}/outcomes/outcomes.csv").read_bytes().decode("utf-8-sig")
        assert csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,").delimiter == separator
        rows = list(csv.DictReader(io.StringIO(text), delimiter=separator))
        data = json.loads((out / f"{lang}/outcomes/outcomes.json").read_text(encoding="utf-8"))["outcomes"]
        assert [row["key"] for row in rows] == [row["key"] for row in data]
        assert [row["organizations"] for row in rows] == ["; ".join(row["organizations"]) for row in data]
        assert all(len(row) == len(data[0]) and None not in row for row in rows)


def test_a_series_page_lists_each_chain_once_and_every_chain(site, tmp_path):
    """The series page listed every outcome of its events: a chain once per step (four rows for
    two chains here), and after ten it left the rest out with no link (the tracker has no series
    filter). It lists each chain once, as the tracker does, and all of them."""
    parts = {"2023-12-06-plattform": 2, "2024-03-01-zwischenstand": 3, "2024-10-15-abschluss": 4}
    files = {path: text.replace("        format: online\n", "        format: online\n        series: {id: treffen, "
                                f"part: {parts[path.split('/')[2]]}}}\n", 1) if path.endswith("event.yaml") else text
             for path, text in CHAIN.items()}
    out = build(site(files))
    assert sorted(tracker_rows_of(soup(out / "en/series/treffen/index.html"))) == ["A webinar series", "Next meeting"]

    import textwrap

    from conftest import MINIMAL, write_site

    treffen = "content/events/2023-09-05-treffen/event.yaml"
    other = tmp_path / "many"
    write_site(other, {**MINIMAL, treffen: textwrap.dedent(MINIMAL[treffen]) + "outcomes:\n" + "".join(
        f"  - {{kind: project, status: planned, text: Projekt {n}}}\n" for n in range(1, 13))})
    rows = tracker_rows_of(soup(build(other) / "de/series/treffen/index.html"))
    assert sorted(rows) == sorted(f"Projekt {n}" for n in range(1, 13))


def test_the_calendar_of_planned_next_events_leaves_out_those_whose_day_has_passed(site):
    """Found by a fresh-eyes reader: "Planned next events (calendar)" held one entry, a meeting of
    26 August 2020 still marked planned six years on (an outcome nobody updated), and nothing
    ahead. Its day passed, it is no next event: the calendar leaves it out (recap status lists it
    as overdue, for the editors)."""
    root = site({"content/events/2020-07-29-gespraeche/event.yaml": textwrap.dedent("""\
        title: {de: Gespräche, en: Talks}
        start: 2020-07-29
        kind: forum
        format: online
        outcomes:
          - kind: next-event
            status: planned
            date: 2020-08-26
            text: {de: Dritter Teil, en: Part three}
          - kind: next-event
            status: planned
            date: 2099-05-01
            text: {de: Vierter Teil, en: Part four}
        """), "content/events/2020-07-29-gespraeche/de.md": "Text.\n"})
    out = build(root)
    for lang in ("de", "en"):
        calendar = Calendar.from_ical((out / f"{lang}/upcoming.ics").read_bytes())
        assert [e.decoded("DTSTART").isoformat() for e in calendar.walk("VEVENT")] == ["2099-05-01"]


def test_a_topic_s_page_says_how_many_of_its_outcomes_it_lists(site):
    """Found by a fresh-eyes reader: a topic's page listed 10 outcomes, then "All 16 outcomes in
    the tracker", and nothing said that the list had stopped at 10."""
    from recap_site.site import TERM_OUTCOMES

    count = TERM_OUTCOMES + 2
    outcomes = "".join(f"  - {{kind: agreement, status: done, text: Punkt {n}}}\n" for n in range(1, count + 1))
    root = site({"content/events/2023-09-05-treffen/event.yaml": textwrap.dedent(
        MINIMAL["content/events/2023-09-05-treffen/event.yaml"]) + "outcomes:\n" + outcomes})
    out = build(root)
    for lang, path, told in (("de", "de/topics/energie/index.html", f"{TERM_OUTCOMES} von {count} Ergebnissen"),
                             ("en", "en/topics/energie/index.html", f"{TERM_OUTCOMES} of {count} outcomes")):
        section = soup(out / path).select_one("section[aria-labelledby=term-outcomes]")
        assert len(section.select("ul.tracker > li")) == TERM_OUTCOMES
        assert section.select_one("h2 + p").get_text(strip=True) == told
    few = site({"content/events/2023-09-05-treffen/event.yaml": textwrap.dedent(
        MINIMAL["content/events/2023-09-05-treffen/event.yaml"]) + "outcomes:\n" + outcomes.split("\n", 1)[0] + "\n"})
    section = soup(build(few) / "de/topics/energie/index.html").select_one("section[aria-labelledby=term-outcomes]")
    assert section.select_one("h2 + p") is None  # all of them are listed: nothing to say


FOLLOW_UP = "title: Folgetreffen\nstart: 2024-03-06\nkind: workshop\nformat: online\noutcomes:\n"


@pytest.mark.parametrize(("outcome", "told"), [
    # The address of an outcome on its page, copied from its "#" link.
    ("  - follows: https://example.org/de/veranstaltungen/2023-12-06-plattform/#outcome-webinare\n"
     "    kind: project\n    text: Läuft\n",
     "event.yaml:6: error: outcomes[1].follows: 'https://example.org/de/veranstaltungen/2023-12-06-plattform/"
     "#outcome-webinare' is the address of an outcome on its page; follows: names it by its event's folder and its "
     "id: write 2023-12-06-plattform#webinare"),
    # An outcome without an id, meant by its number as the open data names it.
    ("  - follows: 2023-12-06-plattform@2\n    kind: next-event\n    text: Findet statt\n",
     "event.yaml:6: error: outcomes[1].follows: '2023-12-06-plattform@2' names an outcome by its number, as the "
     "open data does; follows: names it by its id: give outcome 2 of that event an id (id: …, a word of your "
     "choice) and write 2023-12-06-plattform#<that id>"),
    # An id no outcome has, none near it: which ids there are, and how one without an id gets one.
    ("  - follows: 2023-12-06-plattform#dokumentation\n    kind: publication\n    text: Verschickt\n",
     "event.yaml:6: error: outcomes[1].follows: '2023-12-06-plattform#dokumentation': event '2023-12-06-plattform' "
     "has no outcome with id 'dokumentation'; its outcomes with an id: webinare; to follow one without an id, give "
     "it one (id: dokumentation) in content/events/2023-12-06-plattform/event.yaml"),
    # A follow-up dated before the event whose outcome it follows: a slip of the year.
    ("  - follows: 2023-12-06-plattform#webinare\n    kind: project\n    status: done\n    date: 2023-01-15\n"
     "    text: Abgeschlossen\n",
     "event.yaml:9: warning: outcomes[1].date: 2023-01-15 is before the event whose outcome this one follows "
     "(2023-12-06-plattform, 2023-12-06): check the year"),
    # Done, on a day still ahead.
    ("  - follows: 2023-12-06-plattform#webinare\n    kind: project\n    status: done\n    date: 2099-01-31\n"
     "    text: Abgeschlossen\n",
     "event.yaml:9: warning: outcomes[1].date: 2099-01-31 is still ahead, but status: done says it is done: the date "
     "of a done outcome is the day it was done; write that day, or status: planned or in-progress until then"),
])
def test_a_follow_up_written_as_an_editor_would_is_told_what_to_write(site, outcome, told):
    """Found by a fresh-eyes editor following up the outcomes of a meeting three months on."""
    root = site({**CHAIN, "content/events/2024-03-06-folge/event.yaml": FOLLOW_UP + outcome,
                 "content/events/2024-03-06-folge/de.md": "Text.\n"})
    assert error_lines(check(root)) == [f"content/events/2024-03-06-folge/{told}"]


def test_an_outcome_that_was_dropped_is_shown_so_and_no_longer_as_open(site):
    """Found by a fresh-eyes editor: there was no status for a plan given up (a workshop that
    will not take place); 'done' was the only way to close it, and the earlier event's page then
    told readers that the workshop had taken place."""
    root = site({**CHAIN, "content/events/2024-03-06-folge/event.yaml": FOLLOW_UP + (
        "  - follows: 2023-12-06-plattform#webinare\n    kind: project\n    status: dropped\n    date: 2024-03-06\n"
        "    text: {de: Die Reihe findet nicht statt, en: The series will not take place}\n"
        "  - kind: next-event\n    status: dropped\n    date: 2099-06-01\n    text: Abgesagtes Treffen\n"),
        "content/events/2024-03-06-folge/de.md": "Text.\n", "content/events/2024-03-06-folge/en.md": "Text.\n",
        # the chain's third step, which would make it done, is left out here
        "content/events/2024-10-15-abschluss/event.yaml": None, "content/events/2024-10-15-abschluss/de.md": None,
        "content/events/2024-10-15-abschluss/en.md": None})
    assert [line for line in error_lines(check(root)) if "folge" in line] == []
    out = build(root)
    for lang, first, label, when in (("de", "de/veranstaltungen/2023-12-06-plattform/", "Verworfen", "verworfen am"),
                                     ("en", "en/events/2023-12-06-plattform/", "Dropped", "dropped on")):
        item = soup(out / first / "index.html").select_one("#outcome-webinare")
        assert item.select(".badge")[1].get_text(strip=True) == label
        assert "status-dropped" in item.select(".badge")[1]["class"]
        events = "veranstaltungen" if lang == "de" else "events"
        later = soup(out / lang / events / "2024-03-06-folge/index.html").select(".outcome-list > li")
        assert when in later[0].get_text(" ", strip=True)
        tracker = soup(out / lang / "outcomes" / "index.html")
        assert label in [a.get_text(" ", strip=True).split(" (")[0] for a in tracker.select("a")] or \
            label in tracker.get_text(" ", strip=True)
        home = soup(out / lang / "index.html")
        assert "Die Reihe" not in home.get_text() and "Abgesagtes Treffen" not in home.get_text()  # not open
    rows = list(csv.DictReader(io.StringIO((out / "en/outcomes/outcomes.csv").read_bytes().decode("utf-8-sig"))))
    row = next(r for r in rows if r["key"] == "2023-12-06-plattform#webinare")
    assert (row["latest_status"], row["overdue"]) == ("dropped", "false")
    calendar = Calendar.from_ical((out / "en/upcoming.ics").read_bytes())
    assert [e.decoded("DTSTART").isoformat() for e in calendar.walk("VEVENT")] == ["2099-05-01"]
    # Its German words are told as that status.
    worded = site({"content/events/2024-03-06-folge/event.yaml": FOLLOW_UP.replace("outcomes:\n", "") + (
        "outcomes:\n  - {kind: project, status: abgesagt, text: Nichts}\n")})
    assert "(did you mean 'dropped'?)" in "\n".join(error_lines(check(worded)))


def test_a_next_meeting_moved_to_another_day_is_in_the_calendar_once_on_its_new_day(site):
    """Found by a review: a planned meeting followed up by a later outcome with a new date was in
    the calendar of planned next events twice, on its old day and on its new one."""
    root = site({**CHAIN, "content/events/2024-03-06-folge/event.yaml": FOLLOW_UP + (
        "  - follows: 2023-12-06-plattform@2\n    kind: next-event\n    text: x\n").replace(
        "2023-12-06-plattform@2", "2023-12-06-plattform#treffen") + "    status: planned\n    date: 2099-09-01\n",
        "content/events/2024-03-06-folge/de.md": "Text.\n",
        "content/events/2023-12-06-plattform/event.yaml": CHAIN["content/events/2023-12-06-plattform/event.yaml"]
        .replace("          - kind: next-event", "          - id: treffen\n            kind: next-event")})
    assert [line for line in error_lines(check(root)) if "folge" in line] == []
    calendar = Calendar.from_ical((build(root) / "en/upcoming.ics").read_bytes())
    assert [e.decoded("DTSTART").isoformat() for e in calendar.walk("VEVENT")] == ["2099-09-01"]


def test_an_id_or_a_choice_is_no_placeholder(site):
    """Found by a review: the placeholder check for texts ran on ids and choices too ('id: todo'
    was told to write the text)."""
    root = site({"content/events/2024-03-06-folge/event.yaml": FOLLOW_UP + (
        "  - {id: todo, kind: agreement, text: Wir treffen uns wieder}\n"),
        "content/events/2024-03-06-folge/de.md": "Text.\n"})
    assert [line for line in error_lines(check(root)) if "folge" in line] == []
