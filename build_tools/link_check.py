"""Check every internal link of a built site: pages, anchors and links inside SVG flowcharts."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "name" in attrs:
            self.ids.add(attrs["name"])
        if tag == "a":
            for key in ("href", "xlink:href"):
                if attrs.get(key):
                    self.links.append(attrs[key])

    handle_startendtag = handle_starttag


@dataclass(frozen=True)
class BrokenLink:
    page: str
    href: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.href} ({self.reason})"


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    return collector


def check_site(site: Path) -> tuple[int, list[BrokenLink]]:
    """Returns the number of internal links checked and the broken ones."""
    # Flowchart SVG files hold links too (step pages embed them with <object>).
    pages = {p.relative_to(site).as_posix(): p
             for pattern in ("*.html", "*.svg") for p in site.rglob(pattern)}
    parsed = {rel: _parse(path) for rel, path in pages.items()}
    broken: list[BrokenLink] = []
    checked = 0
    for rel, doc in parsed.items():
        for href in doc.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue  # external: out of scope for the internal link gate
            checked += 1
            target = rel
            if parts.path:
                # Root-relative links occur only on 404.html, which is served from any depth.
                here = "" if parts.path.startswith("/") else posixpath.dirname(rel)
                target = posixpath.normpath(posixpath.join(here, unquote(parts.path).lstrip("/")))
                if target.startswith(".."):
                    broken.append(BrokenLink(rel, href, "points outside the site"))
                    continue
                if (site / target).is_dir() or parts.path.endswith("/"):
                    target = posixpath.join(target, "index.html")
                target = posixpath.normpath(target)
            if not (site / target).is_file():
                broken.append(BrokenLink(rel, href, "no such file"))
                continue
            if parts.fragment and target.endswith((".html", ".svg")):
                ids = parsed[target].ids if target in parsed else _parse(site / target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(BrokenLink(rel, href, f"no element with id '{parts.fragment}'"))
    return checked, broken
