"""Untrusted text cannot inject script: sanitized raw HTML, escaped fields,
safe JSON-LD, a Content-Security-Policy on every page, marked external links."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import MINIMAL, SITE_YAML, TINY_PNG, build, run, soup

from recap_site.config import content_security_policy

EVENT = "content/events/2023-09-05-treffen"
DE_PAGE = "de/veranstaltungen/2023-09-05-treffen/index.html"
EN_PAGE = "en/events/2023-09-05-meeting/index.html"
HOSTILE_HTML = """\
Text.

<script>alert("script")</script>
<img src="x.png" alt="x" onerror="alert('onerror')">
<a href="javascript:alert('href')">js link</a>
<a href="https://example.com/" target="_blank" onclick="alert('click')">click</a>
<style>body { display: none }</style>
<div style="background: url(javascript:alert('style'))">styled</div>
<svg><script>alert("svg")</script></svg>
<form action="https://evil.example/"><input name="q"></form>
<object data="evil.swf"></object><embed src="evil.swf">
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0; url=https://evil.example/">
<link rel="stylesheet" href="https://evil.example/x.css">
<iframe srcdoc="&lt;script&gt;alert('srcdoc')&lt;/script&gt;"></iframe>
<!-- <script>alert("comment")</script> -->


Attribute list
{: onclick="alert('attr')" style="color: red" }
"""


def recap_html(out: Path, page: str = DE_PAGE):
    return soup(out / page).select_one(".recap")


def main_of(out: Path, page: str = DE_PAGE):
    return soup(out / page).find("main")


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_raw_html_is_sanitized_and_every_removal_is_reported(site):
    root = site({f"{EVENT}/de.md": HOSTILE_HTML, f"{EVENT}/x.png": TINY_PNG})
    result = run("build", "--source", str(root), "--no-search")
    assert result.exit_code == 0, result.output
    warnings = [line.split(": warning: ", 1) for line in result.output.splitlines() if ": warning: " in line]
    found = [(where.rsplit(":", 1)[1], message.split(";")[0].split(":")[0]) for where, message in warnings]
    assert found == [
        ("3", "<script> is not allowed in a recap"),
        ("4", "the attribute onerror= of <img> is removed"),
        ("5", "the address is removed from <a>"),
        ("6", "the attribute onclick= of <a> is removed"),
        ("6", "the attribute target= of <a> is removed"),
        ("7", "<style> is not allowed in a recap"),
        ("8", "the attribute style= of <div> is removed"),
        ("9", "<script> is not allowed in a recap"),
        ("9", "<svg> is not allowed in a recap"),
        ("10", "<form> is not allowed in a recap"),
        ("10", "<input> is not allowed in a recap"),
        ("11", "<embed> is not allowed in a recap"),
        ("11", "<object> is not allowed in a recap"),
        ("12", "<base> is not allowed in a recap"),
        ("13", "<meta> is not allowed in a recap"),
        ("14", "<link> is not allowed in a recap"),
        ("20", "the attribute onclick= of <p> is removed"),
        ("20", "the attribute style= of <p> is removed"),
    ], warnings
    out = root / "public"
    main = main_of(out)
    text = str(main)
    assert "alert" not in text.replace("alert(&quot;", "")  # no script survives in any form
    assert main.find_all(["script", "style", "form", "input", "object", "embed", "base", "meta", "link", "svg"]) == []
    for element in main.find_all(True):
        assert not [a for a in element.attrs if a.startswith("on") or a in ("style", "target", "srcdoc")], element
        for attr in ("href", "src"):
            value = element.get(attr, "")
            assert not value.lower().startswith(("javascript:", "data:")), element
    assert [a.get_text() for a in main.find_all("a", string=["js link"])] == ["js link"]
    assert main.find("div", string="styled") is not None  # the element stays, its style goes
    iframe = main.find("iframe")
    assert iframe is not None and iframe.attrs == {}  # no src: an empty frame
    assert main.find("img", alt="x")["src"].startswith("/media/")  # the event's own picture, from HTML too


def test_a_table_in_a_text_or_an_attribute_opens_no_markup(site):
    # The table's box is made in the tree, before the sanitizer: a "<table" written in a picture's
    # description once closed the attribute's quote when the box was put into the sanitized HTML.
    root = site({f"{EVENT}/de.md": "Text.\n\n![<table><img src=x onerror=alert(1)>](x.png)\n\n"
                                   '<span title="<table>"><b>fett</b></span>\n\n| A | B |\n|---|---|\n| 1 | 2 |\n',
                 f"{EVENT}/x.png": TINY_PNG})
    out = build(root, "--no-search")
    recap = recap_html(out)
    assert [box.get("class") for box in recap.select("div")] == [["table-wrap"]]
    assert [element.name for element in recap.select(".table-wrap > *")] == ["table"]
    assert recap.find("img")["alt"] == "<table><img src=x onerror=alert(1)>"
    assert all(not name.startswith("on") for element in recap.find_all(True) for name in element.attrs)


def test_markdown_links_and_pictures_that_cannot_work_are_errors(site):
    root = site({f"{EVENT}/de.md": ("Text.\n\n[markdown link](javascript:alert('md'))\n\n"
                                     "![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)\n")})
    result = run("check", "--source", str(root))
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if ": error: " in line] == [
        f"{EVENT}/de.md:3: error: 'javascript:alert(' cannot be linked: a link goes to a web page (https://…), an "
        "e-mail address (mailto:…), a phone number (tel:…), another recap (event:…) or a file in this event's folder (its name)",
        f"{EVENT}/de.md:5: error: 'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+' cannot be linked: a link goes to a web page (https://…), an "
        "e-mail address (mailto:…), a phone number (tel:…), another recap (event:…) or a file in this event's folder (its name)",
    ]


def test_markdown_links_to_other_sites_get_noopener(site):
    out = build(site({f"{EVENT}/de.md": "[Partner](https://partner.example/) und [Plan](#plan)\n"}))
    links = {a.get_text(): a for a in recap_html(out).find_all("a")}
    assert links["Partner"]["rel"] == ["noopener"]
    assert "rel" not in links["Plan"].attrs


def test_allow_raw_html_switches_the_sanitizer_off(site):
    root = site({
        "content/site.yaml": SITE_YAML + "allow_raw_html: true\n",
        f"{EVENT}/de.md": 'Text\n\n<div class="map" data-zoom="3" style="height: 2em"><script src="/assets/map.js"></script></div>\n',
    })
    div = recap_html(build(root)).find("div", class_="map")
    assert div["data-zoom"] == "3" and div["style"] == "height: 2em"
    assert div.script["src"] == "/assets/map.js"


# iframes ---------------------------------------------------------------------------

IFRAME_SITE = SITE_YAML + "iframe_hosts: [www.youtube-nocookie.com]\n"
VIDEO = '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Video" onload="alert(1)"></iframe>'


def test_an_iframe_from_a_listed_host_is_kept(site):
    out = build(site({"content/site.yaml": IFRAME_SITE, f"{EVENT}/de.md": f"Text\n\n{VIDEO}\n"}))
    (iframe,) = recap_html(out).find_all("iframe")
    assert iframe.attrs == {"src": "https://www.youtube-nocookie.com/embed/abc", "title": "Video"}
    csp = soup(out / DE_PAGE).find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "frame-src https://www.youtube-nocookie.com;" in csp


@pytest.mark.parametrize(("src", "host"), [
    ("https://evil.example/embed", "evil.example"),
    ("http://www.youtube-nocookie.com/embed/abc", "www.youtube-nocookie.com"),
    ("https://www.youtube-nocookie.com.evil.example/", "www.youtube-nocookie.com.evil.example"),
])
def test_an_iframe_from_another_host_is_an_error(site, src, host):
    root = site({"content/site.yaml": IFRAME_SITE, f"{EVENT}/de.md": f"Text\n\nmore\n\n<iframe src=\"{src}\"></iframe>\n"})
    result = run("check", "--source", str(root))
    assert result.exit_code == 1
    assert (f"{EVENT}/de.md:5: error: iframe from '{host}' is not allowed; embed only https:// pages from a host "
            "listed in iframe_hosts in content/site.yaml (www.youtube-nocookie.com)") in result.output.splitlines()


def test_an_iframe_host_listed_without_www_is_told_to_list_it_as_embedded(site):
    """Found by a fresh-eyes editor: with youtube-nocookie.com listed, an iframe from
    www.youtube-nocookie.com was refused, and the message listed the host it seemed to allow."""
    root = site({"content/site.yaml": SITE_YAML + "iframe_hosts: [youtube-nocookie.com]\n",
                 f"{EVENT}/de.md": f"Text\n\n{VIDEO}\n\n<a name=\"anker\">hier</a>\n"})
    result = run("check", "--source", str(root))
    assert [line for line in result.output.splitlines() if f"{EVENT}/de.md" in line] == [
        f"{EVENT}/de.md:3: error: iframe from 'www.youtube-nocookie.com' is not allowed; embed only https:// pages "
        "from a host listed in iframe_hosts in content/site.yaml (youtube-nocookie.com); 'youtube-nocookie.com' is "
        "another host than 'www.youtube-nocookie.com': list 'www.youtube-nocookie.com' too",
        f"{EVENT}/de.md:5: warning: the attribute name= of <a> is removed: it is not allowed; delete it (for a place "
        "to link to, give the heading above it an id: ## Title {#its-name})",
    ]


def test_without_iframe_hosts_every_iframe_is_an_error(site):
    result = run("check", "--source", str(site({f"{EVENT}/de.md": f"Text\n\n{VIDEO}\n"})))
    assert result.exit_code == 1
    assert (f"{EVENT}/de.md:3: error: iframe from 'www.youtube-nocookie.com' is not allowed; embed only https:// "
            "pages from a host listed in iframe_hosts in content/site.yaml (none so far)") in result.output.splitlines()


def test_iframe_hosts_must_be_host_names(site):
    root = site({"content/site.yaml": SITE_YAML + "iframe_hosts:\n  - https://www.youtube.com/\n"})
    result = run("check", "--source", str(root))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "content/site.yaml:8: error: iframe_hosts: 'https://www.youtube.com/' is not a host name "
        "(write it without https://, for example www.youtube-nocookie.com)")


# Escaping -------------------------------------------------------------------------

SCRIPT = "</script><script>alert('x')</script>"


def test_yaml_fields_stay_text(site):
    root = site({
        f"{EVENT}/event.yaml": f"""\
            title: "{SCRIPT} Treffen"
            summary: "<img src=x onerror=alert('summary')>"
            start: 2023-09-05
            kind: network-meeting
            format: in-person
            venue: {{name: "<b onmouseover=alert('venue')>Haus</b>", city: Berlin, country: DE}}
            organizers: [ihk]
            quotes:
              - {{text: "<script>alert('quote')</script>", by: "\\"><script>alert('by')</script>"}}
            links:
              - {{url: "https://example.org/?a=1&b=\\"><script>", label: "<i>Link</i>"}}
            """,
        "content/organizations.yaml": "ihk:\n  name: \"<script>alert('org')</script>\"\n",
        f"{EVENT}/de.md": "---\ntitle: \"<svg onload=alert('fm')>\"\n---\nText\n",
    })
    out = build(root)
    page = soup(out / DE_PAGE)
    assert page.h1.get_text(strip=True) == "<svg onload=alert('fm')>"
    en = soup(out / EN_PAGE)
    assert en.h1.get_text(strip=True) == f"{SCRIPT} Treffen"
    assert en.title.get_text().startswith(f"{SCRIPT} Treffen")
    assert en.find("meta", attrs={"name": "description"})["content"] == "<img src=x onerror=alert('summary')>"
    text = en.get_text()
    for literal in ("<b onmouseover=alert('venue')>Haus</b>", "<script>alert('quote')</script>",
                    "<script>alert('org')</script>", "<i>Link</i>"):
        assert literal in text, literal
    assert en.find("a", string="<i>Link</i>")["href"] == "https://example.org/?a=1&b=\"><script>"
    for parsed in (page, en):
        for script in parsed.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", script
        for element in parsed.find_all(True):
            assert not [a for a in element.attrs if a.startswith("on")], element
        assert parsed.find_all(["svg", "img", "b", "i"], attrs={"onload": True}) == []


def test_json_ld_cannot_be_ended_by_a_title(site):
    root = site({f"{EVENT}/event.yaml": f"""\
        title: "{SCRIPT}<!--"
        start: 2023-09-05
        kind: network-meeting
        format: online
        """})
    out = build(root)
    raw = (out / EN_PAGE).read_text(encoding="utf-8")
    blocks = soup(out / EN_PAGE).find_all("script", type="application/ld+json")
    assert blocks
    assert raw.count("<script") == len(soup(out / EN_PAGE).find_all("script"))
    assert "</script><script>alert" not in raw and "<!--" not in raw.split("</head>")[0].split("ld+json")[1]
    data = [json.loads(block.string) for block in blocks]
    assert any(f"{SCRIPT}<!--" in json.dumps(item, ensure_ascii=False) for item in data)


# Content-Security-Policy -----------------------------------------------------------


def test_every_page_has_the_content_security_policy(site):
    out = build(site({"content/pages/about/de.md": "---\ntitle: Über\n---\nText\n"}))
    pages = html_pages(out)
    assert len(pages) > 15
    expected = content_security_policy()
    for path in pages:
        metas = soup(path).find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert [m["content"] for m in metas] == [expected], path
        head = soup(path).head
        assert head.find("meta", attrs={"http-equiv": "Content-Security-Policy"}) is head.find("meta", charset=True).find_next("meta"), path


def test_the_policy_allows_only_the_sites_own_files():
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in content_security_policy().split("; ")
    )
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'", "'wasm-unsafe-eval'"]  # Pagefind's WebAssembly
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["frame-src"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    tokens = {token for values in directives.values() for token in values}
    assert not tokens & {"'unsafe-inline'", "'unsafe-eval'", "*", "https:", "http:"}
    assert content_security_policy(("a.example", "b.example")).count("frame-src https://a.example https://b.example;") == 1


def test_no_page_needs_inline_code_or_another_host(site):
    """What the policy forbids must not be needed: no inline script or style, no third-party files."""
    root = site({
        f"{EVENT}/de.md": "Text mit [Link](https://partner.example/) und Tabelle:\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n",
    })
    out = build(root)
    own_host = urlsplit("https://example.org/").hostname
    for path in html_pages(out):
        page = soup(path)
        assert page.find_all("style") == [], path
        for element in page.find_all(True):
            assert "style" not in element.attrs and not [a for a in element.attrs if a.startswith("on")], (path, element)
        for script in page.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", (path, script)
        for element, attr in [(e, "src") for e in page.find_all(src=True)] + \
                             [(e, "href") for e in page.find_all("link", href=True) if "stylesheet" in e.get("rel", []) or "icon" in e.get("rel", [])]:
            host = urlsplit(element[attr]).hostname
            assert host in (None, own_host), (path, element)


# External link label ----------------------------------------------------------------


def test_links_to_other_hosts_get_the_configured_label(site):
    root = site({
        "content/site.yaml": SITE_YAML + "external_link_label: {de: externer Link, en: external link}\n",
        f"{EVENT}/de.md": "[Partner](https://partner.example/) und [wir](https://example.org/de/)\n",
        f"{EVENT}/en.md": "---\nslug: 2023-09-05-meeting\n---\n[Partner](https://partner.example/)\n",
    })
    out = build(root)
    partner, own = recap_html(out).find_all("a")
    assert partner["class"] == ["external"] and partner["rel"] == ["noopener"]
    assert partner.find("span", class_="visually-hidden").get_text() == " (externer Link)"
    assert partner.get_text() == "Partner (externer Link)"
    assert own.get_text() == "wir" and "class" not in own.attrs
    (en_partner,) = recap_html(out, EN_PAGE).find_all("a")
    assert en_partner.get_text() == "Partner (external link)"


def test_a_label_written_in_brackets_keeps_its_own(site):
    """Found by a fresh-eyes editor: "(externer Link)" was read out as "((externer Link))"."""
    root = site({
        "content/site.yaml": SITE_YAML + "external_link_label: {de: (externer Link), en: external link}\n",
        f"{EVENT}/de.md": "[Partner](https://partner.example/)\n",
    })
    (partner,) = recap_html(build(root)).find_all("a")
    assert partner.get_text() == "Partner (externer Link)"


def test_without_the_option_links_are_not_labelled(site):
    out = build(site({f"{EVENT}/de.md": "[Partner](https://partner.example/)\n"}))
    (link,) = recap_html(out).find_all("a")
    assert link.get_text() == "Partner" and "class" not in link.attrs


def test_served_pages_keep_the_policy_and_the_live_reload_script_is_our_own(site):
    import http.client

    from recap_site.serve import DevServer

    with DevServer(site(), "127.0.0.1", 0, echo=lambda text: None, debounce_ms=50, search=False) as dev:
        connection = http.client.HTTPConnection("127.0.0.1", dev.port, timeout=20)
        connection.request("GET", "/de/")
        body = connection.getresponse().read().decode("utf-8")
        connection.close()
    from bs4 import BeautifulSoup

    page = BeautifulSoup(body, "html.parser")
    csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert csp == content_security_policy()  # script-src 'self' covers the live-reload script
    scripts = [s for s in page.find_all("script") if s.get("type") != "application/ld+json"]
    assert scripts and all(s.get("src", "").startswith("/") and not s.get("src").startswith("//") and not s.string
                           for s in scripts)


def test_a_label_or_site_text_shown_in_another_language_says_which(site):
    """Found by a fresh-eyes site owner: site.yaml's German external_link_label and description,
    shown on English pages (they fall back), were not marked German for screen readers."""
    root = site({
        "content/site.yaml": SITE_YAML.replace("description: {de: Ein Archiv, en: An archive}",
                                               "description: {de: Ein Archiv}")
        + "external_link_label: {de: externer Link}\n",
        f"{EVENT}/en.md": "---\nslug: 2023-09-05-meeting\n---\n[Partner](https://partner.example/)\n",
        f"{EVENT}/event.yaml": MINIMAL[f"{EVENT}/event.yaml"].rstrip(" ")
        + "        links:\n          - {url: https://partner.example/programm.pdf, label: Programm}\n"
        + "          - {url: https://example.org/de/, label: Startseite}\n"  # the site's own host: no hint
        + "          - {url: 'mailto:info@example.org', label: Schreiben}\n",  # an address: no hint either
    })
    out = build(root)
    (partner,) = recap_html(out, EN_PAGE).find_all("a")
    hint = partner.find("span", class_="visually-hidden")
    assert hint.get_text() == " (externer Link)" and hint["lang"] == "de"
    # The links the layouts make (event.yaml's links:, an online event's address) say it too.
    facts = [a for a in soup(out / "en/events/2023-09-05-meeting/index.html").select(".event a[rel=noopener]")
             if a.find_parent(class_="recap") is None]
    assert [a.get_text() for a in facts] == ["Programm (externer Link)", "Startseite", "Schreiben"]
    assert facts[0].span["lang"] == "de"
    lead = soup(out / "en/index.html").select_one(".lead")
    assert lead.get_text() == "Ein Archiv" and lead.span["lang"] == "de"
    assert soup(out / "de/index.html").select_one(".lead").span is None  # in its own language: no mark
