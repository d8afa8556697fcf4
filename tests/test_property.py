"""Property-based tests: whatever the input, `recap check` passes or reports
errors as `path:line: error: …`. It never crashes with another exception and
never hangs (each example has a deadline; sizes are bounded to keep the suite fast)."""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import MINIMAL, write_site
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from recap_site.cli import main
from recap_site.errors import ContentError
from recap_site.markdown import OFFSET, LinkContext, RecapMarkdown
from recap_site.model import EVENT_KINDS, FORMATS, OUTCOME_KINDS, OUTCOME_STATUSES
from recap_site.sourcefile import parse_yaml, read_text, split_front_matter

EVENT = "content/events/2023-09-05-treffen"
PROBLEM = re.compile(r"^content/[^:\n]+(:\d+)?: (error|warning): \S")
# No example database: the tests leave nothing behind in the working tree.
FAST = settings(max_examples=300, deadline=timedelta(seconds=2), database=None,
                suppress_health_check=[HealthCheck.too_slow])
SITE = settings(max_examples=40, deadline=timedelta(seconds=10), database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Pieces that YAML, front matter and Markdown treat specially.
YAML_TOKENS = [
    "title", "start", "kind", "venue", "name", ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ",
    "!!python/object:os.system ", "!foo ", "? ", "|", ">", "#", "'", '"', "\\", "\n", "\n  ", "\n    ", "\t", "---\n",
    "...\n", "%YAML 1.1\n", "<<: ", "~", "null", "NO", "yes", "0x1F", "1e3", "2023-09-05", "2023-09-05T10:00",
    "12:30", "01067", "ä", "€", "\u2028", "\x85", "\ufeff", "\r\n", "\r", " ", "x" * 40,
]
MARKDOWN_TOKENS = [
    "Text", " ", "\n", "\n\n", "*", "**", "_", "`", "```\n", "~~~", "# ", "## ", "> ", "- ", "1. ", "5. September",
    "Teilnehmer*innen", "[", "]", "(", ")", "![", "event:", "event:2023-09-05-treffen", "event:nope", "https://x.example/",
    "javascript:alert(1)", "https://[x", "http://x:port/", "#anker", "../", "/etc/passwd", "bild.jpg", "|", "|---|", "[^1]", "[^1]: ", "{: #id }",
    "{: onclick=x }", "<", ">", "<script>", "</script>", "<img src=x onerror=alert(1)>", "<iframe src=https://e.x/>",
    "<a href=\"javascript:x\">", "<!--", "-->", "&amp;", "&#0;", "---\n", "title: T\n", "\t", "\r\n", "„", "“", "–",
]


def tokens(pieces: list[str], max_size: int) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=5)), max_size=max_size).map("".join)


def read_source(path: Path, name: str) -> None:
    """What `recap` does with one source file: read it, split front matter, parse YAML."""
    text = read_text(path, name)
    if name.endswith(".md"):
        split_front_matter(text, name)
    else:
        parse_yaml(text, name)


@pytest.fixture(scope="module")
def scratch():
    folder = Path(tempfile.mkdtemp(prefix="recap-property-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


# Single files, fast ----------------------------------------------------------------


@FAST
@given(data=st.one_of(st.binary(max_size=400), tokens(YAML_TOKENS, 60).map(lambda t: t.encode("utf-8"))),
       name=st.sampled_from(["event.yaml", "de.md"]))
@example(data=b"a: " + b"[" * 5000 + b"]" * 5000, name="event.yaml")
@example(data=b"---\n" + b"- " * 3000 + b"x\n---\n", name="de.md")
@example(data=b"\xef\xbb\xbf---\ntitle: \xff\n---\n", name="de.md")
def test_any_bytes_are_read_or_refused_with_a_position(scratch, data, name):
    path = scratch / name
    path.write_bytes(data)
    try:
        read_source(path, name)
    except ContentError as exc:
        assert str(exc).startswith(f"{name}:") or str(exc).startswith(f"{name}: error: ")
        assert "Traceback" not in str(exc)


@FAST
@given(text=tokens(MARKDOWN_TOKENS, 80))
def test_any_markdown_converts_without_script(text):
    converter = RecapMarkdown("back", allow_raw_html=False, iframe_hosts=("www.youtube-nocookie.com",))
    context = LinkContext(resolve_event=lambda event_id: None, resolve_file=lambda name: None)
    html = converter.convert(text, context)
    parsed = BeautifulSoup(html, "html.parser")
    assert parsed.find_all(["script", "style"]) == []
    for element in parsed.find_all(True):
        assert not [name for name in element.attrs if name.startswith("on") or name == "style"], element
        for name in ("href", "src"):
            assert not element.get(name, "").strip().lower().startswith(("javascript:", "data:")), element
        if element.name == "iframe":
            assert element.get("src", "https://www.youtube-nocookie.com/").startswith("https://www.youtube-nocookie.com/")
    assert all(isinstance(needle, str) and message and severity in ("error", "warning")
               for needle, message, severity in context.problems)


# Whole sites through `recap check` -------------------------------------------------------

scalar = st.one_of(
    st.text(max_size=20), st.integers(-10, 10**9), st.booleans(), st.none(), st.floats(allow_nan=True),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.sampled_from(["NO", "2023-09-05", "2023-09-05T10:00", "2023-09-05T10:00+02:00", "ihk", "berlin", "energie",
                     "event:2023-09-05-treffen", "event:nope", "https://example.org/", "https://[x", "https://x:99999/",
                     "../x.jpg", "<script>x</script>"]),
)
value = st.recursive(scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=8)
localized = st.one_of(st.text(max_size=20), st.fixed_dictionaries({}, optional={"de": st.text(max_size=10),
                                                                            "en": value, "fr": st.text(max_size=5)}))
words = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 1, 1))
# Records that are valid but varied, so that rendering is exercised too.
valid_event = st.fixed_dictionaries({
    "title": st.one_of(words, st.fixed_dictionaries({"de": words}, optional={"en": words})),
    "start": days,
    "kind": st.sampled_from(EVENT_KINDS),
    "format": st.just("online"),
}, optional={
    "summary": words,
    "organizers": st.lists(st.just("ihk"), max_size=1),
    "topics": st.lists(st.just("energie"), max_size=1),
    "participants": st.integers(0, 10**6),
    "quotes": st.lists(st.fixed_dictionaries({"text": words}, optional={"by": words}), max_size=2),
    "links": st.lists(st.fixed_dictionaries({"url": st.just("https://example.org/a?b=<c>")},
                                            optional={"label": words}), max_size=2),
    "outcomes": st.lists(st.fixed_dictionaries({
        "kind": st.sampled_from(OUTCOME_KINDS), "status": st.sampled_from(OUTCOME_STATUSES), "text": words,
    }, optional={"link": st.just("event:2023-09-05-treffen"), "date": days}), max_size=2),
    "programme": st.lists(st.fixed_dictionaries({"title": words}, optional={
        "speakers": st.lists(st.fixed_dictionaries({"name": words}, optional={"organization": st.just("ihk")}),
                             max_size=2)}), max_size=2),
})
noisy_event = st.fixed_dictionaries({}, optional={
    "title": localized,
    "summary": localized,
    "start": st.one_of(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)), value),
    "end": st.one_of(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)), value),
    "kind": st.one_of(st.sampled_from(EVENT_KINDS), value),
    "format": st.one_of(st.sampled_from(FORMATS), value),
    "venue": st.one_of(st.fixed_dictionaries({"name": localized}, optional={"country": st.sampled_from(["DE", "NO", "XYZ"]),
                                                                         "postal_code": scalar}), value),
    "organizers": st.one_of(st.lists(st.sampled_from(["ihk", "nobody"]), max_size=2), value),
    "topics": st.one_of(st.lists(st.sampled_from(["energie", "nope"]), max_size=2), value),
    "series": st.one_of(st.fixed_dictionaries({"id": st.sampled_from(["treffen", "x"])},
                                              optional={"part": st.integers(-1, 3)}), value),
    "participants": st.one_of(st.integers(-5, 500), value),
    "outcomes": st.lists(st.fixed_dictionaries({
        "kind": st.sampled_from(OUTCOME_KINDS), "status": st.sampled_from(OUTCOME_STATUSES), "text": localized,
    }, optional={"link": st.sampled_from(["event:2023-09-05-treffen", "event:nope", "https://example.org/", "x"]),
                 "date": scalar}), max_size=2),
    "images": st.one_of(st.lists(st.fixed_dictionaries({"file": scalar}, optional={"alt": localized}), max_size=2), value),
    "programme": value,
    "quotes": value,
    "links": st.one_of(st.lists(st.fixed_dictionaries({"url": scalar}, optional={"label": value}), max_size=2), value),
    "contact": st.one_of(st.fixed_dictionaries({}, optional={"url": scalar, "email": scalar}), value),
    "online_url": scalar,
    "draft": st.one_of(st.booleans(), value),
    "unknown": value,
})
event_record = st.one_of(valid_event, noisy_event)


def run_check(root: Path):
    result = CliRunner().invoke(main, ["check", "--source", str(root)])
    # Exit 0 or 1 through SystemExit; any other exception is a crash.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert any(PROBLEM.match(line) for line in result.output.splitlines()), result.output
    return result


@pytest.fixture(scope="module")
def site_root(scratch):
    return write_site(scratch / "site", MINIMAL)


@SITE
@given(record=event_record)
def test_random_event_records_pass_or_report_errors(site_root, record):
    text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    (site_root / EVENT / "event.yaml").write_text(text, encoding="utf-8")
    run_check(site_root)


@SITE
@given(facts=st.one_of(st.just(b"title: T\nstart: 2023-09-05\nkind: forum\nformat: online\n"),  # renders the recap
                       st.binary(max_size=300), tokens(YAML_TOKENS, 40).map(str.encode)),
       recap=st.one_of(st.binary(max_size=300), tokens(MARKDOWN_TOKENS + YAML_TOKENS, 60).map(str.encode)))
def test_random_bytes_in_facts_and_recap_pass_or_report_errors(site_root, facts, recap):
    (site_root / EVENT / "event.yaml").write_bytes(facts)
    (site_root / EVENT / "de.md").write_bytes(recap)
    result = run_check(site_root)
    assert result.exit_code == 1 or facts.strip()  # empty facts are always an error


# Every link and picture reaches the page as written, or is reported -----------------------
# Tokens: (Markdown, the address the page must have, or None where only a report will do).
PARAGRAPH_STARTS = ["4. Netzwerktreffen der Initiativen:", "5. September 2023 –", "1. FC Köln", "2024."]
WORDS = ["Teilnehmer*innen", "Akteur*innen", "„Zitat“", "sagte sie.", "und", "**fett**", "*kursiv*", "`code*x*`"]


@st.composite
def link_tokens(draw, number: int) -> tuple[str, str | None]:
    kind = draw(st.sampled_from(["web", "event", "picture", "file-picture", "raw-link", "raw-picture",
                                 "typo", "js", "unknown-event", "missing-file", "no-alt", "raw-no-alt"]))
    text = draw(st.sampled_from(["Link", "Teilnehmer*innen", "das „Treffen“", "4. Runde"]))
    return {
        "web": (f"[{text}](https://example.org/p{number})", f"https://example.org/p{number}"),
        "event": (f"[{text}](event:known)", "/de/veranstaltungen/known/"),
        "picture": (f"![Bild {number}](https://example.org/b{number}.jpg)", f"https://example.org/b{number}.jpg"),
        "file-picture": (f"![Bild {number}](saal.jpg)", "/media/e/saal.jpg"),
        "raw-link": (f'<a href="https://example.org/r{number}">{text}</a>', f"https://example.org/r{number}"),
        "raw-picture": (f'<img src="https://example.org/i{number}.png" alt="Bild {number}">',
                        f"https://example.org/i{number}.png"),
        "typo": (f"[{text}](evnt:known{number})", None),
        "js": (f"[{text}](javascript:alert({number}))", None),
        "unknown-event": (f"[{text}](event:gone{number})", None),
        "missing-file": (f"![Bild {number}](fehlt{number}.jpg)", None),
        "no-alt": (f"![](https://example.org/n{number}.jpg)", None),
        "raw-no-alt": (f'<img src="https://example.org/m{number}.png">', None),
    }[kind]


@st.composite
def documents(draw):
    paragraphs, links = [], []
    for p in range(draw(st.integers(1, 4))):
        words = [draw(st.sampled_from(PARAGRAPH_STARTS))] if draw(st.booleans()) else []
        for w in range(draw(st.integers(1, 5))):
            if draw(st.booleans()):
                token, target = draw(link_tokens(len(links)))
                links.append((token, target))
                words.append(token)
            else:
                words.append(draw(st.sampled_from(WORDS)))
        if draw(st.booleans()):  # a bracket left open: last in its paragraph, or it takes the next link with it
            token = draw(st.sampled_from([f"[Link](https://example.org/u{len(links)}",
                                          f"![Bild](saal.jpg", f"[Verweis][fehlt{len(links)}]",
                                          f"Fußnote[^{len(links)}]"]))
            links.append((token, None))
            words.append(token)
        paragraphs.append(" ".join(words))
    return "\n\n".join(paragraphs) + "\n", links


@FAST
@given(document=documents())
def test_every_link_and_picture_reaches_the_page_or_is_reported(document):
    text, links = document
    converter = RecapMarkdown("back", allow_raw_html=False)
    context = LinkContext(
        resolve_event=lambda event_id: "/de/veranstaltungen/known/" if event_id == "known" else None,
        resolve_file=lambda name: "/media/e/saal.jpg" if name == "saal.jpg" else None)
    parsed = BeautifulSoup(converter.convert(text, context), "html.parser")
    on_page = [a.get("href") for a in parsed.find_all("a")] + [img.get("src") for img in parsed.find_all("img")]
    # Where each problem points: a place in the text, or the first place of its needle from
    # where the last problem with that needle pointed (as the build finds their lines).
    places, after = [], {}
    for needle, _, _ in context.problems:
        if needle.startswith(OFFSET):
            places.append(int(needle[len(OFFSET):]))
        elif needle:
            place = text.find(needle, after.get(needle, 0))
            after[needle] = place + 1
            places.append(place)
    cursor = 0
    for token, target in links:
        start = text.index(token, cursor)
        cursor = start + len(token)
        reported = any(start <= place < cursor for place in places)
        assert (target is not None and target in on_page) or reported, (token, on_page, context.problems)
