"""No request leaves the site: no web fonts, CDN scripts or analytics (clinic intranets, privacy).

Two checks: every file of the built site is read for resources loaded from elsewhere, and a
real browser loads every kind of page, opens search and follows a flowchart box while
recording every request it makes.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from conftest import ROOT, run_search

# (tag, attribute) pairs whose URL the browser loads without a click.
LOADED = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"),
          ("iframe", "src"), ("object", "data"), ("embed", "src"), ("source", "src"),
          ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
          ("track", "src"), ("image", "href"), ("image", "xlink:href"), ("use", "href"),
          ("use", "xlink:href"), ("input", "src")}
# <link rel=...> values that are only links, never loads.
LINK_ONLY = {"canonical", "alternate", "prev", "next", "license", "author", "help"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.I)


def _foreign(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in ("http", "https", "ftp")


class _Loads(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.foreign: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and set((attrs.get("rel") or "").lower().split()) <= LINK_ONLY \
                and attrs.get("rel"):
            return
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            return
        for name, value in attrs.items():
            if value and (tag, name) in LOADED:
                for url in value.split(",") if name.endswith("srcset") else [value]:
                    if _foreign(url.split()[0] if url.split() else url):
                        self.foreign.append(f"<{tag} {name}={url.strip()}>")
            if value and name == "style" and CSS_URL.search(value):
                self.foreign.append(f"<{tag} style> {CSS_URL.search(value).group(1)}")

    handle_startendtag = handle_starttag


def test_no_file_of_the_site_loads_anything_from_elsewhere(built_site):
    problems = []
    files = 0
    for path in sorted(built_site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(built_site).as_posix()
        if path.suffix in (".html", ".svg"):
            files += 1
            parser = _Loads()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            problems += [f"{rel}: {p}" for p in parser.foreign]
        elif path.suffix == ".css":
            files += 1
            problems += [f"{rel}: {m}" for m in CSS_URL.findall(path.read_text(errors="replace"))]
    assert files > 200
    assert problems == [], "resources loaded from another site:\n" + "\n".join(problems[:50])


def test_no_web_font_is_configured():
    config = (ROOT / "mkdocs.yml").read_text()
    assert re.search(r"^\s+font: false\b", config, re.M), "theme.font must stay false"


def test_every_kind_of_page_makes_requests_to_its_own_site_only(browser, site_server, sample_pages):
    origin = site_server.rstrip("/")
    context = browser.new_context()
    page = context.new_page()
    requests: list[tuple[str, str]] = []
    current = {"page": ""}
    page.on("request", lambda r: requests.append((current["page"], r.url)))
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        for kind, url in sample_pages.items():
            current["page"] = kind
            page.goto(site_server + url, wait_until="load")
            page.wait_for_timeout(150)  # late requests: images, the search worker
        # Search results, and the flowchart: a click on a box of the tree overview.
        current["page"] = "search"
        page.goto(site_server)
        assert run_search(page, "consent") > 0
        current["page"] = "flowchart"
        page.goto(site_server + sample_pages["tree"])
        page.locator(".kb-flowchart svg a").first.click()
        page.wait_for_load_state("load")
        assert page.url.startswith(site_server + sample_pages["tree"])
        assert page.url != site_server + sample_pages["tree"]
    finally:
        context.close()
    kinds = {kind for kind, _ in requests}
    assert set(sample_pages) | {"search", "flowchart"} <= kinds
    foreign = [f"{kind}: {url}" for kind, url in requests
               if not (url.startswith(origin + "/") or url.startswith(("data:", "blob:", "about:")))]
    assert foreign == [], "requests to other sites:\n" + "\n".join(foreign)
    assert failed == [], "requests that failed:\n" + "\n".join(failed)
